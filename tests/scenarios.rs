//! Scenarios: each action's cost effect worked by hand on a small inventory, the access analysis on a
//! hand-drawn network, leveling, and the Kanuma batch. (Invalid scenario files are the fixtures of
//! `diagnostics.rs`.)

use crate::util::{TempDir, json, shisetsu, shisetsu_env};

/// A small inventory, plan FY2030–FY2034:
///
/// | facility | category | building | m² | built | operating |
/// | --- | --- | --- | ---: | ---: | --- |
/// | F1 hall | civic_culture | B1 rc | 1,000 | 2020 | 10,000/m² → 10,000,000 |
/// | F2 hall | civic_culture | B2 rc | 500 | 2020 | 5,000,000 |
/// | F3 school | school | B3 rc | 2,000 | 2020 | 5,000/m² → 10,000,000 |
/// | F4 school | school | B4 s | 1,000 | 2020 | 5,000,000 |
/// | F5 museum | social_education | B5 rc 800 (2020), B6 rc 400 (2000) | | | actual 5,000,000 |
///
/// Operating 35,000,000 a year. Buildings of 2020 have no renewal before 2050. B6 (social education,
/// 25万/m²) is 30 in 2030: renovation 250,000 × 400 = 100,000,000, half in 2030 and 2031.
/// So the plain inventory costs 85,000,000 in 2030 and 2031, 35,000,000 in 2032–2034.
pub(crate) fn fixture() -> TempDir {
    let dir = TempDir::new();
    dir.write(
        "inv/inventory.toml",
        "name = \"small\"\nmodel = \"model.toml\"\n\
         [plan]\nfirst_year = 2030\nyears = 5\ncap_yen = 1000000000\n\
         [access]\ncommunity = 10\nelementary_school = 4\n",
    );
    dir.write(
        "inv/model.toml",
        "base = \"mic\"\nname = \"small\"\n\
         [operating]\nenabled = true\ndefault_yen_per_m2 = 0\n\
         [operating.yen_per_m2]\ncivic_culture = 10000\nschool = 5000\n\
         [demolition]\ndefault_yen_per_m2 = 20000\n[demolition.yen_per_m2]\nrc = 20000\ns = 10000\n",
    );
    dir.write(
        "inv/facilities.csv",
        "id,name,category,district,functions,annual_users,capacity,operating_cost_yen\n\
         F1,hall one,civic_culture,D1,community,100,200,\n\
         F2,hall two,civic_culture,D2,community,50,100,\n\
         F3,school one,school,D1,elementary_school,300,400,\n\
         F4,school two,school,D2,elementary_school,100,200,\n\
         F5,museum,social_education,D1,museum,,,5000000\n",
    );
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,name,floor_area_m2,built_year,structure\n\
         B1,F1,main,1000,2020,rc\nB2,F2,main,500,2020,rc\nB3,F3,main,2000,2020,rc\n\
         B4,F4,main,1000,2020,s\nB5,F5,new wing,800,2020,rc\nB6,F5,old wing,400,2000,rc\n",
    );
    dir.write("inv/districts.csv", "id,name\nD1,north\nD2,south\n");
    dir.write(
        "inv/roads.csv",
        "from,to,km\nD1,D2,5\nF1,D1,1\nF3,D1,1\nF5,D1,1\nF2,D2,1\nF4,D2,2\n",
    );
    dir
}

/// Runs one scenario (its actions appended to a header naming the fixture) and returns its JSON.
fn run(dir: &TempDir, name: &str, body: &str) -> serde_json::Value {
    let path = dir.write(
        &format!("{name}.toml"),
        format!("name = \"{name}\"\ninventory = \"inv\"\n{body}"),
    );
    let r = shisetsu(&["run", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["schema"], "shisetsu/run/1");
    v["results"][0].clone()
}

fn totals(v: &serde_json::Value) -> Vec<i64> {
    v["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["total_yen"].as_str().unwrap().parse().unwrap())
        .collect()
}

fn kind(v: &serde_json::Value, year: usize, kind: &str) -> i64 {
    v["years"][year]["kinds"][kind]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

const M: i64 = 1_000_000;

#[test]
fn the_plain_inventory() {
    let dir = fixture();
    let v = run(&dir, "baseline", "");
    assert_eq!(totals(&v), [85 * M, 85 * M, 35 * M, 35 * M, 35 * M]);
    assert_eq!(v["meets_cap"], true);
}

#[test]
fn close_with_demolition_and_proceeds() {
    let dir = fixture();
    let v = run(
        &dir,
        "close",
        "[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\nproceeds_yen = 20000000\n",
    );
    // From 2032 F1 costs nothing: −10,000,000 operating. In 2032 its 1,000 m² of RC are demolished at
    // 20,000 yen/m² = 20,000,000. 2032: 35M − 10M + 20M = 45M; 2033–2034: 25M. The proceeds
    // (20,000,000) are reported on their own line, not netted.
    assert_eq!(totals(&v), [85 * M, 85 * M, 45 * M, 25 * M, 25 * M]);
    assert_eq!(kind(&v, 2, "demolition"), 20 * M);
    assert_eq!(v["years"][2]["proceeds_yen"], "20000000");
    assert_eq!(v["proceeds_yen"], "20000000");
    // Floor area: 5,700 m² until 2031, 4,700 m² after.
    assert_eq!(v["years"][1]["floor_area_m2"], "5700");
    assert_eq!(v["years"][2]["floor_area_m2"], "4700");
    assert_eq!(v["effects"]["closures"][0]["facility"], "F1");
    assert_eq!(v["effects"]["demolished_m2"], "1000");
}

#[test]
fn merge_with_added_floor_area() {
    let dir = fixture();
    let v = run(
        &dir,
        "merge",
        "[[actions]]\ntype = \"merge\"\nfacilities = [\"F2\"]\ninto = \"F1\"\nyear = 2031\n\
         added_floor_area_m2 = 200\n",
    );
    // 2031: F2 closes (−5,000,000 operating) and is demolished (500 m² × 20,000 = 10,000,000); F1
    // gains 200 m² built at the civic construction rate (= rebuild unit, 400,000/m²): 80,000,000;
    // the new area costs 200 × 10,000 = 2,000,000 a year to run.
    // 2031: 85M − 5M + 10M + 80M + 2M = 172M; 2032–2034: 35M − 5M + 2M = 32M.
    assert_eq!(totals(&v), [85 * M, 172 * M, 32 * M, 32 * M, 32 * M]);
    assert_eq!(kind(&v, 1, "construction"), 80 * M);
    assert_eq!(kind(&v, 1, "demolition"), 10 * M);
    // Floor area 5,700 − 500 + 200 = 5,400 m² from 2031.
    assert_eq!(v["years"][1]["floor_area_m2"], "5400");
    // The merged hall's 50 users go to F1.
    let m = &v["access"]["moves"][0];
    assert_eq!(
        (m["from"].as_str(), m["to"].as_str(), m["users"].as_u64()),
        (Some("F2"), Some("F1"), Some(50))
    );
}

#[test]
fn complex_replacing_three_facilities() {
    let dir = fixture();
    let v = run(
        &dir,
        "complex",
        "[[actions]]\ntype = \"complex\"\nid = \"C1\"\nname = \"civic school\"\ncategory = \"school\"\n\
         floor_area_m2 = 3000\nreplaces = [\"F1\", \"F2\", \"F3\"]\nyear = 2033\nconstruction_years = 2\n",
    );
    // Construction: 3,000 m² × 330,000 (school rebuild unit) = 990,000,000 over 2032–2033, 495M each.
    // 2033: F1, F2, F3 close: −10M − 5M − 10M operating; demolition (1,000 + 500 + 2,000) m² × 20,000
    // = 70M; the complex runs at 5,000/m² × 3,000 = 15M a year.
    // 2032: 35M + 495M = 530M; 2033: 35M − 25M + 15M + 495M + 70M = 590M; 2034: 25M.
    assert_eq!(totals(&v), [85 * M, 85 * M, 530 * M, 590 * M, 25 * M]);
    assert_eq!(kind(&v, 3, "demolition"), 70 * M);
    // The users of the three go to the complex; its capacity is that of the replaced facilities, by
    // function: community 200 + 100 = 300 for 100 + 50 = 150 users, elementary_school 400 for 300
    // pupils. Nothing is over.
    let moves = v["access"]["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 3);
    assert!(moves.iter().all(|m| m["to"] == "C1"));
    assert_eq!(v["access"]["over_capacity"].as_array().unwrap().len(), 0);
}

#[test]
fn floor_area_a_scenario_builds_is_demolished_with_its_facility() {
    let dir = fixture();
    // A complex of 1,000 m² (RC) replaces the two halls in 2031 and is itself closed in 2033.
    // 2031: the halls' buildings, (1,000 + 500) m² × 20,000 (RC) = 30,000,000.
    // 2033: the complex's own 1,000 m² × 20,000 = 20,000,000.
    let v = run(
        &dir,
        "complex-closed",
        "[[actions]]\ntype = \"complex\"\nid = \"C1\"\ncategory = \"civic_culture\"\n\
         floor_area_m2 = 1000\nreplaces = [\"F1\", \"F2\"]\nyear = 2031\n\
         [[actions]]\ntype = \"close\"\nfacility = \"C1\"\nyear = 2033\n",
    );
    assert_eq!(kind(&v, 1, "demolition"), 30 * M);
    assert_eq!(kind(&v, 3, "demolition"), 20 * M);
    assert_eq!(v["effects"]["demolished_m2"], "2500");
    // Hall two merged into hall one in 2031 with 200 m² added (RC, like hall one's building); hall
    // one closes in 2033: its 1,000 m² and the 200 m² added, 1,200 × 20,000 = 24,000,000.
    let v = run(
        &dir,
        "merge-closed",
        "[[actions]]\ntype = \"merge\"\nfacilities = [\"F2\"]\ninto = \"F1\"\nyear = 2031\n\
         added_floor_area_m2 = 200\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2033\n",
    );
    assert_eq!(kind(&v, 1, "demolition"), 10 * M); // hall two, 500 × 20,000
    assert_eq!(kind(&v, 3, "demolition"), 24 * M);
}

#[test]
fn what_a_facility_gained_stays_with_it() {
    let dir = fixture();
    // The museum (F5) merges into hall one (F1) in 2031; a complex replaces hall one in 2033. It
    // offers the museum function hall one took, and may be given a capacity for it.
    let v = run(
        &dir,
        "gained",
        "[[actions]]\ntype = \"merge\"\nfacilities = [\"F5\"]\ninto = \"F1\"\nyear = 2031\n\
         [[actions]]\ntype = \"complex\"\nid = \"C1\"\ncategory = \"civic_culture\"\n\
         floor_area_m2 = 800\nreplaces = [\"F1\"]\nyear = 2033\ncapacity = { museum = 10 }\n",
    );
    let to_c1: Vec<&str> = v["access"]["moves"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["to"] == "C1")
        .map(|m| m["function"].as_str().unwrap())
        .collect();
    assert_eq!(to_c1, ["community", "museum"]);
    // Hall two (F2, 500 m²) loses 200 m² in 2031 and is transferred in 2032: 300 m² transferred.
    let v = run(
        &dir,
        "reduced-then-transferred",
        "[[actions]]\ntype = \"reduce\"\nbuilding = \"B2\"\nfloor_area_m2 = 200\nyear = 2031\n\
         [[actions]]\ntype = \"transfer\"\nfacility = \"F2\"\nyear = 2032\n",
    );
    assert_eq!(v["effects"]["transferred_m2"], "300");
}

#[test]
fn capacities_are_by_function() {
    let dir = fixture();
    let complex = |capacity: &str| {
        format!(
            "[[actions]]\ntype = \"complex\"\nid = \"C1\"\ncategory = \"school\"\n\
             floor_area_m2 = 3000\nreplaces = [\"F1\", \"F2\", \"F3\"]\nyear = 2033\ncapacity = {capacity}\n"
        )
    };
    let over = |v: &serde_json::Value| -> Vec<(String, String, u64, u64)> {
        v["access"]["over_capacity"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["facility"].as_str().unwrap().to_string(),
                    c["function"].as_str().unwrap().to_string(),
                    c["users"].as_u64().unwrap(),
                    c["capacity"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // A number is for the main function (community, F1's): 120 places for 150 users. The school
    // keeps the 400 places of F3, for its 300 pupils.
    let v = run(&dir, "number", &complex("120"));
    assert_eq!(over(&v), [("C1".into(), "community".into(), 150, 120)]);
    // A table sets each function named: 250 places for 300 pupils; community keeps 300 for 150.
    let v = run(&dir, "table", &complex("{ elementary_school = 250 }"));
    assert_eq!(
        over(&v),
        [("C1".into(), "elementary_school".into(), 300, 250)]
    );
    // A merge brings a function the receiver did not offer: the capacity added for it is its
    // capacity. Hall two's 50 community users into school one, with 40 places for them.
    let v = run(
        &dir,
        "merge",
        "[[actions]]\ntype = \"merge\"\nfacilities = [\"F2\"]\ninto = \"F3\"\nyear = 2031\n\
         capacity = { community = 40 }\n",
    );
    assert_eq!(over(&v), [("F3".into(), "community".into(), 50, 40)]);
    // A function the complex does not have is an error, located: the fixture
    // invalid-scenarios/no-such-function.toml (diagnostics.rs).
}

#[test]
fn transfer_without_demolition_with_proceeds() {
    let dir = fixture();
    let v = run(
        &dir,
        "transfer",
        "[[actions]]\ntype = \"transfer\"\nfacility = \"F5\"\nyear = 2031\nproceeds_yen = 30000000\n",
    );
    // From 2031 the museum costs the city nothing: its actual 5,000,000 stops. B6's renovation (due
    // at 30, 2030–2031, 250,000 × 400 / 2 = 50,000,000 a year) starts a year before the transfer,
    // within the 5 years in which the model (mic's [closure]) renovates nothing about to go: it is
    // not done, and its 2030 half (the 2031 half falls after the transfer) is renewal avoided.
    // Running costs: civic 10,000 × 1,500 m² + school 5,000 × 3,000 m² + museum 5,000,000 = 35M.
    // 2030: 35M; 2031: 35M − 5M = 30M; 2032–2034: 30M. No demolition.
    assert_eq!(totals(&v), [35 * M, 30 * M, 30 * M, 30 * M, 30 * M]);
    assert_eq!(v["renewal_avoided_yen"], "50000000");
    assert_eq!(kind(&v, 1, "demolition"), 0);
    assert_eq!(v["proceeds_yen"], "30000000");
    assert_eq!(v["effects"]["transferred_m2"], "1200");
    // A scenario that renews up to the transfer: the renovation is done, 2030: 35M + 50M = 85M;
    // 2031: 30M (its second half falls after the transfer); nothing avoided.
    let v = run(
        &dir,
        "transfer-renewed",
        "skip_renewal_before_closure_years = 0\n\
         [[actions]]\ntype = \"transfer\"\nfacility = \"F5\"\nyear = 2031\nproceeds_yen = 30000000\n",
    );
    assert_eq!(totals(&v), [85 * M, 30 * M, 30 * M, 30 * M, 30 * M]);
    assert_eq!(v["renewal_avoided_yen"], "0");
}

#[test]
fn reduce_part_of_a_building() {
    let dir = fixture();
    let v = run(
        &dir,
        "reduce",
        "[[actions]]\ntype = \"reduce\"\nbuilding = \"B3\"\nfloor_area_m2 = 500\nyear = 2032\n",
    );
    // 500 of B3's 2,000 m² go in 2032: demolition 500 × 20,000 = 10M; operating −500 × 5,000 = −2.5M.
    // 2032: 35M − 2.5M + 10M = 42.5M; 2033–2034: 32.5M.
    assert_eq!(
        totals(&v),
        [85 * M, 85 * M, 42_500_000, 32_500_000, 32_500_000]
    );
    assert_eq!(v["years"][2]["floor_area_m2"], "5200");
}

#[test]
fn life_extension_switches_renewal_rules() {
    let dir = fixture();
    let v = run(
        &dir,
        "long-life",
        "[[actions]]\ntype = \"life_extension\"\nfacility = \"F5\"\nrules = \"long-life\"\n",
    );
    // Under the long-life rules B6 (built 2000) is due a mid-life repair at 20 (2020: overdue, no
    // backlog, dropped) and a major renovation at 40 (2040: after the plan). So 2030 and 2031 lose the
    // MIC renovation: 35M every year.
    assert_eq!(totals(&v), [35 * M; 5]);
}

#[test]
fn shift_moves_one_renewal() {
    let dir = fixture();
    let v = run(
        &dir,
        "shift",
        "[[actions]]\ntype = \"shift\"\nbuilding = \"B6\"\nevent = \"renovation\"\nfrom_year = 2030\nto_year = 2033\n",
    );
    // B6's renovation window moves from 2030–2031 to 2033–2034: 50M each year.
    assert_eq!(totals(&v), [35 * M, 35 * M, 35 * M, 85 * M, 85 * M]);
}

#[test]
fn leveling_keeps_years_under_the_cap() {
    let dir = TempDir::new();
    // One facility, two `other` buildings of 1,000 m² built 2000: each renovation is 200,000 × 1,000 =
    // 200,000,000, 100M in 2030 and in 2031; so 200M in each of those years against a cap of 100M.
    dir.write(
        "inv/inventory.toml",
        "name = \"two\"\n[plan]\nfirst_year = 2030\nyears = 5\ncap_yen = 100000000\n",
    );
    dir.write("inv/facilities.csv", "id,name,category\nF1,depot,other\n");
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,1000,2000\nB2,F1,1000,2000\n",
    );
    let v = run(&dir, "level", "[leveling]\nmax_shift_years = 3\n");
    // In 2030 the move that most reduces the excess: one renovation by 2 years (to 2032–2033) leaves
    // 100M in every year 2030–2033, no excess; by 1 year it would still leave 200M in 2031, by 3 the
    // same as 2 but further. Ties between the two buildings go to building order: B1 moves.
    assert_eq!(totals(&v), [100 * M, 100 * M, 100 * M, 100 * M, 0]);
    assert_eq!(v["meets_cap"], true);
    let l = &v["leveling"][0];
    assert_eq!(
        (l["building"].as_str(), l["from"].as_i64(), l["to"].as_i64()),
        (Some("B1"), Some(2030), Some(2032))
    );
    assert_eq!(v["leveling"].as_array().unwrap().len(), 1);
    // Without leveling both years are over.
    let v = run(&dir, "plain", "");
    assert_eq!(totals(&v), [200 * M, 200 * M, 0, 0, 0]);
    assert_eq!(v["meets_cap"], false);
    assert_eq!(v["years_over_cap"], serde_json::json!([2030, 2031]));
}

#[test]
fn access_on_a_hand_drawn_network() {
    // Three districts in a line: N —5 km— S —3 km— E. Schools A (in N, 1 km from its centre), B (S,
    // 1 km), C (E, 2 km); elementary schools must be within 4 km.
    let dir = TempDir::new();
    dir.write(
        "inv/inventory.toml",
        "name = \"line\"\n[plan]\nfirst_year = 2030\nyears = 3\n[access]\nelementary_school = 4\n",
    );
    dir.write(
        "inv/facilities.csv",
        "id,name,category,district,functions,annual_users,capacity\n\
         A,school a,school,N,elementary_school,100,150\n\
         B,school b,school,S,elementary_school,200,250\n\
         C,school c,school,E,elementary_school,50,300\n",
    );
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nA1,A,1000,2010\nB1,B,1000,2010\nC1,C,1000,2010\n",
    );
    dir.write("inv/districts.csv", "id,name\nN,north\nS,south\nE,east\n");
    dir.write(
        "inv/roads.csv",
        "from,to,km\nN,S,5\nS,E,3\nA,N,1\nB,S,1\nC,E,2\n",
    );
    let v = run(
        &dir,
        "close-a",
        "[[actions]]\ntype = \"close\"\nfacility = \"A\"\nyear = 2031\n",
    );
    let a = &v["access"];
    assert_eq!(a["has_network"], true);
    // A's 100 pupils go to the nearest open school by road: B at 1 + 5 + 1 = 7 km (C is
    // 1 + 5 + 3 + 2 = 11 km).
    assert_eq!(a["moves"][0]["to"], "B");
    assert_eq!(a["moves"][0]["km"], "7");
    assert_eq!(a["moves"][0]["users"], 100);
    // B then has 300 pupils for 250 places.
    assert_eq!(a["over_capacity"][0]["facility"], "B");
    assert_eq!(a["over_capacity"][0]["users"], 300);
    assert_eq!(a["over_capacity"][0]["capacity"], 250);
    // District N had a school at 1 km; now the nearest is B at 5 + 1 = 6 km > 4: N is left without.
    // S (1 km to B) and E (2 km to C) keep theirs.
    let left = a["left_without"].as_array().unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["district"], "N");
    assert_eq!(left[0]["year"], 2031);
    assert_eq!(left[0]["km_before"], "1");
    assert_eq!(left[0]["km_after"], "6");
    assert_eq!(a["already_beyond"].as_array().unwrap().len(), 0);

    // Merged into C instead: the pupils go to C (11 km) whatever is nearer, and C has room.
    let v = run(
        &dir,
        "merge-a",
        "[[actions]]\ntype = \"merge\"\nfacilities = [\"A\"]\ninto = \"C\"\nyear = 2031\n",
    );
    let a = &v["access"];
    assert_eq!(a["moves"][0]["to"], "C");
    assert_eq!(a["moves"][0]["km"], "11");
    assert_eq!(a["over_capacity"].as_array().unwrap().len(), 0);
    assert_eq!(a["left_without"][0]["district"], "N");
}

#[test]
fn every_function_of_a_closed_facility_is_accounted_for() {
    // School A also runs an after-school club, which no other facility offers. Closing A moves its
    // 100 pupils to B (1 + 5 + 1 = 7 km) and records the club as going nowhere.
    let dir = TempDir::new();
    dir.write(
        "inv/inventory.toml",
        "name = \"two\"\n[plan]\nfirst_year = 2030\nyears = 3\n",
    );
    dir.write(
        "inv/facilities.csv",
        "id,name,category,district,functions,annual_users\n\
         A,school a,school,N,elementary_school;after_school,100\n\
         B,school b,school,S,elementary_school,200\n",
    );
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nA1,A,1000,2010\nB1,B,1000,2010\n",
    );
    dir.write("inv/districts.csv", "id,name\nN,north\nS,south\n");
    dir.write("inv/roads.csv", "from,to,km\nN,S,5\nA,N,1\nB,S,1\n");
    let v = run(
        &dir,
        "close-a",
        "[[actions]]\ntype = \"close\"\nfacility = \"A\"\nyear = 2031\n",
    );
    let moves: Vec<(String, Option<String>, u64)> = v["access"]["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["function"].as_str().unwrap().to_string(),
                m["to"].as_str().map(str::to_string),
                m["users"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [("elementary_school".to_string(), Some("B".to_string()), 100)]
    );
    // The club goes nowhere: its users lose the service, listed apart from those moved.
    let lost: Vec<(String, String, u64)> = v["access"]["lose_service"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["from"].as_str().unwrap().to_string(),
                m["function"].as_str().unwrap().to_string(),
                m["users"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lost, [("A".to_string(), "after_school".to_string(), 0)]);
    assert_eq!(v["access"]["users_moved"], 100);
    assert_eq!(v["access"]["receivers"], 1);
    assert_eq!(v["access"]["users_losing_service"], 0);
}

#[test]
fn users_moved_and_users_who_lose_a_service_are_told_apart() {
    // Closing hall one (F1, 100 users of community) moves them to hall two (F2, the other
    // community facility); closing school one (F3, 300 users) moves them to school two (F4);
    // closing the museum (F5, 80 users), the only one, leaves its users without a museum. F1 also
    // runs the only library: it goes nowhere either.
    let dir = fixture();
    dir.write(
        "inv/facilities.csv",
        "id,name,category,district,functions,annual_users,capacity,operating_cost_yen\n\
         F1,hall one,civic_culture,D1,community;library,100,200,\n\
         F2,hall two,civic_culture,D2,community,50,100,\n\
         F3,school one,school,D1,elementary_school,300,400,\n\
         F4,school two,school,D2,elementary_school,100,200,\n\
         F5,museum,social_education,D1,museum,80,,5000000\n",
    );
    let v = run(
        &dir,
        "close-three",
        "[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2031\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F3\"\nyear = 2032\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F5\"\nyear = 2033\n",
    );
    // The users of a closed facility follow its main function (the first), counted once: 100
    // (F1 → F2) + 300 (F3 → F4) = 400 moved, to 2 receivers; 80 lose the museum; F1's library is
    // recorded as lost too, with no users of its own.
    assert_eq!(v["access"]["users_moved"], 400, "{}", v["access"]);
    assert_eq!(v["access"]["receivers"], 2);
    assert_eq!(v["access"]["users_losing_service"], 80);
    let lost: Vec<(&str, u64)> = v["access"]["lose_service"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["function"].as_str().unwrap(),
                m["users"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lost, [("library", 0), ("museum", 80)]);
    // The table says both, apart.
    let path = dir.path().join("close-three.toml");
    let r = shisetsu(&["run", path.to_str().unwrap()]);
    assert!(
        r.stdout
            .contains("400 users moved to 2 receivers; 80 users lose a service"),
        "{}",
        r.stdout
    );
}

#[test]
fn one_bad_scenario_does_not_sink_the_batch() {
    let dir = fixture();
    dir.write("a-good.toml", "inventory = \"inv\"\n");
    dir.write(
        "b-bad.toml",
        "inventory = \"inv\"\n[[actions]]\ntype = \"close\"\n",
    );
    dir.write(
        "c-good.toml",
        "inventory = \"inv\"\n[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\n",
    );
    let r = shisetsu(&["run", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v = json(&r.stdout);
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["scenario"], "a-good");
    assert!(
        results[1]["error"]
            .as_str()
            .unwrap()
            .contains("needs `facility`")
    );
    // As in close_with_demolition_and_proceeds: 85M + 85M + 45M + 25M + 25M = 265M.
    assert_eq!(results[2]["total_yen"], "265000000");
}

#[test]
fn fail_over_cap_exits_1() {
    let dir = fixture();
    dir.write(
        "tight.toml",
        "inventory = \"inv\"\n[plan]\ncap_yen = 50000000\n",
    );
    let p = dir.path().join("tight.toml");
    let r = shisetsu(&["run", p.to_str().unwrap(), "--fail-over-cap"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = shisetsu(&["run", p.to_str().unwrap()]);
    assert_eq!(r.code, 0);
}

#[test]
fn kanuma_runs_are_the_same_bytes_at_any_thread_count() {
    let one = shisetsu_env(
        &["run", "scenarios/kanuma", "--format", "json"],
        &[("RAYON_NUM_THREADS", "1")],
    );
    let two = shisetsu_env(
        &["run", "scenarios/kanuma", "--format", "json"],
        &[("RAYON_NUM_THREADS", "2")],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    let v = json(&one.stdout);
    let results = v["results"].as_array().unwrap();
    let by_name = |n: &str| results.iter().find(|r| r["scenario"] == n).unwrap();
    // The inventory as it is does not keep to 55.8億円 in every year; at least one plan does.
    assert_eq!(by_name("baseline")["meets_cap"], false);
    assert!(results.iter().any(|r| r["meets_cap"] == true));
    assert_eq!(by_name("combined")["meets_cap"], true);
    assert!(results.len() >= 7);
}

#[test]
fn compare_and_explain() {
    let dir = fixture();
    dir.write("a.toml", "inventory = \"inv\"\n");
    dir.write(
        "b.toml",
        "inventory = \"inv\"\n[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\n",
    );
    let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
    let r = shisetsu(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    // B − A: 2032 +10M (demolition 20M, operating −10M), 2033 and 2034 −10M; civic culture total:
    // A 5 × 15M = 75M, B 15 + 15 + (15 − 10 + 20) + 5 + 5 = 65M.
    assert_eq!(v["years"][2]["difference_yen"], "10000000");
    assert_eq!(v["years"][3]["difference_yen"], "-10000000");
    let civic = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "civic_culture")
        .unwrap();
    assert_eq!(
        (civic["a_yen"].as_str(), civic["b_yen"].as_str()),
        (Some("75000000"), Some("65000000"))
    );
    assert_eq!(v["total"]["difference_yen"], "-10000000");

    let r = shisetsu(&[
        "explain",
        b.to_str().unwrap(),
        "--year",
        "2032",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    // 2032 of B: 45M = F1's demolition 20M + F3 10M + F4 5M + F2 5M + museum 5M (actual); largest
    // first; they add up to the year's total.
    assert_eq!(v["total_yen"], "45000000");
    let c = v["contributors"].as_array().unwrap();
    assert_eq!(c[0]["what"], "hall one · demolition");
    assert_eq!(c[0]["total_yen"], "20000000");
    assert!(
        c[0]["source"]
            .as_str()
            .unwrap()
            .starts_with("close b.toml:2")
    );
    assert_eq!(c[1]["total_yen"], "10000000");
    let sum: i64 = c
        .iter()
        .map(|x| x["total_yen"].as_str().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(sum, 45 * M);
    let r = shisetsu(&["explain", b.to_str().unwrap(), "--year", "2050"]);
    assert_eq!(r.code, 2);
}

#[test]
fn the_reference_file_is_a_valid_scenario() {
    let r = shisetsu(&["validate", "scenarios/reference.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("scenario \"reference\": 7 actions"),
        "{}",
        r.stdout
    );
}

#[test]
fn project_with_a_scenario() {
    let dir = fixture();
    let path = dir.write(
        "close.toml",
        "name = \"close\"\ninventory = \"inv\"\n[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\n",
    );
    let inv = dir.path().join("inv");
    let r = shisetsu(&[
        "project",
        inv.to_str().unwrap(),
        "--scenario",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["schema"], "shisetsu/projection/1");
    // As `close_with_demolition_and_proceeds`: 85M, 85M, then 35M − 10M + 20M demolition = 45M in
    // 2032, 25M after.
    assert_eq!(totals(&v), [85 * M, 85 * M, 45 * M, 25 * M, 25 * M]);
    // A cap given on the command line replaces the plan's: 50,000,000 is passed in 2030 and 2031.
    let r = shisetsu(&[
        "project",
        inv.to_str().unwrap(),
        "--scenario",
        path.to_str().unwrap(),
        "--cap",
        "50000000",
        "--format",
        "json",
    ]);
    assert_eq!(
        json(&r.stdout)["years_over_cap"],
        serde_json::json!([2030, 2031])
    );
    // Another inventory, or a plan given twice, is a usage error.
    let other = TempDir::new();
    let r = shisetsu(&[
        "project",
        other.path().to_str().unwrap(),
        "--scenario",
        path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("applies to the inventory"),
        "{}",
        r.stderr
    );
    let r = shisetsu(&[
        "project",
        inv.to_str().unwrap(),
        "--scenario",
        path.to_str().unwrap(),
        "--from",
        "2031",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("names its own cost model and plan"),
        "{}",
        r.stderr
    );
}

#[test]
fn toml_takes_the_forms_the_command_line_takes() {
    // A cap as people write it (55.8億, 5,580,000,000), years in 和暦 (令和12年 = 2019 + 12 − 1 =
    // 2030, R13 = 2031), as strings: the same scenario as with plain numbers.
    let dir = fixture();
    let written = run(
        &dir,
        "written",
        "[plan]\nfirst_year = \"R12\"\nyears = 5\ncap_yen = \"55.8億円\"\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F2\"\nyear = \"令和13年\"\n\
         [[actions]]\ntype = \"reduce\"\nbuilding = \"B3\"\nfloor_area_m2 = 100\nyear = \"2032\"\n",
    );
    let plain = run(
        &dir,
        "plain",
        "[plan]\nfirst_year = 2030\nyears = 5\ncap_yen = 5580000000\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F2\"\nyear = 2031\n\
         [[actions]]\ntype = \"reduce\"\nbuilding = \"B3\"\nfloor_area_m2 = 100\nyear = 2032\n",
    );
    assert_eq!(written["cap_yen"], "5580000000");
    assert_eq!(written["from"], 2030);
    assert_eq!(totals(&written), totals(&plain));
    assert_eq!(written["effects"], plain["effects"]);
    let commas = run(&dir, "commas", "[plan]\ncap_yen = \"5,580,000,000\"\n");
    assert_eq!(commas["cap_yen"], "5580000000");
}

#[test]
fn years_and_caps_that_name_nothing_are_located_errors() {
    let dir = fixture();
    let cases = [
        (
            "[plan]\ncap_yen = 0.5\n",
            "bad.toml:4: plan.cap_yen: 0.5 is not a whole number of yen",
        ),
        (
            "[plan]\ncap_yen = \"lots\"\n",
            "bad.toml:4: plan.cap_yen: \"lots\" is not an amount of yen (5580000000, 5,580,000,000 or 55.8億)",
        ),
        (
            "[[actions]]\ntype = \"close\"\nfacility = \"F2\"\nyear = \"S65\"\n",
            "bad.toml:6: actions[0].year: \"S65\" does not exist: 昭和 ended in its 64th year (1989)",
        ),
        (
            "[plan]\nfirst_year = \"next year\"\n",
            "bad.toml:4: plan.first_year: \"next year\" is not a year (write 1975, or 昭和50 / S50)",
        ),
    ];
    for (body, want) in cases {
        let path = dir.write(
            "bad.toml",
            format!("name = \"bad\"\ninventory = \"inv\"\n{body}"),
        );
        let r = shisetsu(&["run", path.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{body}: {}", r.stderr);
        let want = want.replace("bad.toml", path.to_str().unwrap());
        assert!(
            r.stderr.contains(&want),
            "{body}: expected {want:?} in:\n{}",
            r.stderr
        );
    }
}

#[test]
fn no_rebuild_within_ten_years_of_a_closing() {
    // A school of 1,000 m² built 1965 is due for its rebuild at 60: FY2025–2027, 330,000 × 1,000
    // / 3 = 110,000,000 a year. mic's [closure] does no rebuild starting within 10 years of a
    // closing: closed in 2035 (2025 ≥ 2035 − 10), the rebuild is not done and its 330,000,000 is
    // renewal avoided (all three years fall before the closing); closed in 2036 (2025 < 2026) it
    // is done. Demolition 23,000 × 1,000 = 23,000,000 in the year of closing (RC).
    let dir = TempDir::new();
    dir.write(
        "inv/inventory.toml",
        "name = \"one\"\n[plan]\nfirst_year = 2022\nyears = 20\n",
    );
    dir.write(
        "inv/facilities.csv",
        "id,name,category\nA,school a,school\n",
    );
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year,structure\nA1,A,1000,1965,rc\n",
    );
    let close =
        |year: i32| format!("[[actions]]\ntype = \"close\"\nfacility = \"A\"\nyear = {year}\n");
    let v = run(&dir, "close-2035", &close(2035));
    assert_eq!(v["renewal_avoided_yen"], "330000000");
    assert_eq!(v["kinds_total_yen"]["rebuild"], "0");
    assert_eq!(v["total_yen"], "23000000");
    let v = run(&dir, "close-2036", &close(2036));
    assert_eq!(v["renewal_avoided_yen"], "0");
    assert_eq!(v["kinds_total_yen"]["rebuild"], "330000000");
    assert_eq!(v["total_yen"], "353000000");
    let r = shisetsu(&["run", dir.path().join("close-2035.toml").to_str().unwrap()]);
    assert!(
        r.stdout
            .contains("renewal avoided before closures 3.30 億円"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_overdue_renovation_is_not_paid_in_the_years_before_a_closing() {
    // A school of 1,000 m² built 1987 is 35 at FY2022: its overdue renovation is spread over the
    // first 10 years (MIC's backlog), 170,000 × 1,000 / 10 = 17,000,000 a year, FY2022–2031.
    // Closed in 2028, it pays none in the 5 years before (FY2023–2027: 85,000,000 of renewal
    // avoided), only FY2022's 17,000,000; demolition 23,000 × 1,000 = 23,000,000 in 2028.
    let dir = TempDir::new();
    dir.write(
        "inv/inventory.toml",
        "name = \"one\"\n[plan]\nfirst_year = 2022\nyears = 20\n",
    );
    dir.write(
        "inv/facilities.csv",
        "id,name,category\nA,school a,school\n",
    );
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year,structure\nA1,A,1000,1987,rc\n",
    );
    let v = run(
        &dir,
        "close",
        "[[actions]]\ntype = \"close\"\nfacility = \"A\"\nyear = 2028\n",
    );
    assert_eq!(v["renewal_avoided_yen"], "85000000");
    assert_eq!(v["kinds_total_yen"]["renovation_backlog"], "17000000");
    assert_eq!(v["total_yen"], "40000000");
}
