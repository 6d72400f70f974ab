//! The MIC method's reference cases (docs/mic-method.md E1, E2, E3), worked by hand, and a check of the
//! projection against a plain second implementation on random inventories.

use std::str::FromStr;

use rust_decimal::Decimal;
use shisetsu::category::{Category, Kind};
use shisetsu::cost::CostModel;
use shisetsu::cost::infra::{BridgeStructure, InfraAsset, PipeClass, Quantity};
use shisetsu::inventory::Inventory;
use shisetsu::plan::{Horizon, Plan};
use shisetsu::projection::{Aggregate, Projection, project};
use shisetsu::units::FiscalYear;

use crate::util::{TempDir, json, shisetsu, year_totals};

/// E1's four buildings as a buildings CSV, categories by their Japanese 大分類 names.
const E1_CSV: &str = "id,name,category,floor_area_m2,built_year\n\
                      S1,school,学校教育系施設,1000,2000\n\
                      S2,hall,市民文化系施設,2000,1980\n\
                      S3,office,行政系施設,1500,1960\n\
                      S4,housing,公営住宅,3000,1950\n";

const MAN: i128 = 10_000; // 1万円 in yen

fn plan(first: i32, years: u32) -> Plan {
    Plan {
        horizon: Horizon::new(FiscalYear::new(first).unwrap(), years).unwrap(),
        cap: None,
    }
}

/// Projects a buildings CSV with the `mic` preset both ways (whole inventory, and streamed), checks
/// they agree exactly, and returns the projection.
fn mic(csv: &str, first: i32, years: u32) -> Projection {
    let dir = TempDir::new();
    let path = dir.write("b.csv", csv);
    let model = CostModel::preset("mic").unwrap();
    let inv = Inventory::load(&path).unwrap();
    let whole = project(
        "t",
        &model,
        plan(first, years),
        &Aggregate::from_inventory(&inv),
    )
    .unwrap();
    let streamed = project(
        "t",
        &model,
        plan(first, years),
        &Aggregate::from_buildings_csv(&path).unwrap(),
    )
    .unwrap();
    assert_eq!(whole, streamed, "loading and streaming must agree exactly");
    whole
}

/// Checks every year's total: `expected` lists (first year, last year, exact yen); other years are 0.
fn check(p: &Projection, expected: &[(i32, i32, Decimal)]) {
    let first = p.horizon().first().get();
    for i in 0..p.years() {
        let y = first + i as i32;
        let want = expected
            .iter()
            .filter(|(a, b, _)| (*a..=*b).contains(&y))
            .map(|(_, _, v)| *v)
            .sum::<Decimal>();
        let got = p.year_total(i).get();
        // Exact to 28 significant digits: 80,000万 / 3 is 266,666,666.666… with 19 decimals.
        assert!(
            (got - want).abs() < Decimal::new(1, 12),
            "FY{y}: got {got}, want {want}"
        );
    }
}

fn man(v: i128) -> Decimal {
    Decimal::from(v * MAN)
}

fn third(v: i128) -> Decimal {
    Decimal::from(v * MAN) / Decimal::from(3)
}

#[test]
fn e1_four_buildings() {
    let p = mic(
        "id,name,category,floor_area_m2,built_year\n\
         S1,school,school,1000,2000\n\
         S2,hall,civic_culture,2000,1980\n\
         S3,office,administrative,1500,1960\n\
         S4,housing,public_housing,3000,1950\n",
        2016,
        40,
    );
    // S1 school, age 16: R = 17万 × 1,000 = 17,000万, half in 2030 and 2031 (8,500 each); its rebuild
    //   (2060) lies outside 2016–2055.
    // S2 civic, age 36 (31–50): renovation backlog R = 25万 × 2,000 = 50,000万 / 10 = 5,000 a year
    //   2016–2025; rebuild at 60 = 2040: T = 40万 × 2,000 = 80,000万 / 3 a year 2040–2042.
    // S3 administrative, age 56 (51–60): no renovation; rebuild in 2020: T = 40万 × 1,500 = 60,000万
    //   / 3 = 20,000 a year 2020–2022.
    // S4 public housing, age 66 (≥ 61): rebuild backlog T = 28万 × 3,000 = 84,000万 / 10 = 8,400 a
    //   year 2016–2025.
    check(
        &p,
        &[
            (2030, 2031, man(8_500)),
            (2016, 2025, man(5_000)),
            (2040, 2042, third(80_000)),
            (2020, 2022, man(20_000)),
            (2016, 2025, man(8_400)),
        ],
    );
    // So: 2016–2019 13,400; 2020–2022 33,400; 2023–2025 13,400; 2030–2031 8,500; 2040–2042
    // 26,666.67; total 17,000 + 50,000 + 80,000 + 60,000 + 84,000 = 291,000万 = 29.1億円;
    // average 291,000 / 40 = 7,275万 = 0.7275億円.
    assert_eq!(p.year_total(0).get(), man(13_400));
    assert_eq!(p.year_total(4).get(), man(33_400));
    assert_eq!(p.total().get().round_dp(6), man(291_000));
    assert_eq!(p.average().get().round_dp(6), man(7_275));
    // By kind: renovation 17,000; renovation backlog 50,000; rebuild 80,000 + 60,000; rebuild backlog
    // 84,000 (万円).
    assert_eq!(p.kind_sum(Kind::Renovation).get(), man(17_000));
    assert_eq!(p.kind_sum(Kind::RenovationBacklog).get(), man(50_000));
    assert_eq!(p.kind_sum(Kind::Rebuild).get().round_dp(6), man(140_000));
    assert_eq!(p.kind_sum(Kind::RebuildBacklog).get(), man(84_000));
    // By category in 2020: civic backlog 5,000, administrative 20,000, housing 8,400.
    assert_eq!(
        p.category_total(4, Category::CivicCulture).get(),
        man(5_000)
    );
    assert_eq!(
        p.category_total(4, Category::Administrative).get(),
        man(20_000)
    );
    assert_eq!(
        p.category_total(4, Category::PublicHousing).get(),
        man(8_400)
    );
}

#[test]
fn e1_through_the_command_line() {
    let dir = TempDir::new();
    let path = dir.write("e1.csv", E1_CSV);
    let r = shisetsu(&[
        "project",
        path.to_str().unwrap(),
        "--from",
        "2016",
        "--years",
        "40",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["schema"], "shisetsu/projection/1");
    assert_eq!(v["from"], 2016);
    assert_eq!(v["to"], 2055);
    assert_eq!(v["cap_yen"], serde_json::Value::Null);
    let totals = year_totals(&v);
    assert_eq!(totals.len(), 40);
    // 13,400万 = 134,000,000 yen; 33,400万; 26,666.666…万 = 266,666,666.67 → 266,666,667 yen.
    assert_eq!(totals[0], (2016, 134_000_000));
    assert_eq!(totals[4], (2020, 334_000_000));
    assert_eq!(totals[10], (2026, 0));
    assert_eq!(totals[14], (2030, 85_000_000));
    assert_eq!(totals[24], (2040, 266_666_667));
    assert_eq!(v["total_yen"], "2910000000");
    assert_eq!(v["average_yen"], "72750000");
    assert_eq!(v["years"][0]["kinds"]["rebuild_backlog"], "84000000");
}

#[test]
fn printed_amounts_add_up() {
    // E1's hall (2,000 m², built 1980) is rebuilt at 60 over three years: 40万 × 2,000 / 3 =
    // 266,666,666.666… yen in each of 2040, 2041 and 2042, 800,000,000 in all. Rounded on its own,
    // each year would print 266,666,667 and the three 800,000,001. Printed, the plan's exact total
    // 2,910,000,000 is kept and the years are apportioned to it: each is rounded down to
    // 266,666,666, and the two yen still missing go to the largest fractions (all equal: the
    // earliest years), so 2040 and 2041 print 266,666,667 and 2042 prints 266,666,666.
    let dir = TempDir::new();
    let path = dir.write("e1.csv", E1_CSV);
    let args = |format: &'static str| {
        let p = path.to_str().unwrap().to_string();
        shisetsu(&[
            "project", &p, "--from", "2016", "--years", "40", "--format", format,
        ])
    };
    let v = json(&args("json").stdout);
    let totals = year_totals(&v);
    assert_eq!(totals[24], (2040, 266_666_667));
    assert_eq!(totals[25], (2041, 266_666_667));
    assert_eq!(totals[26], (2042, 266_666_666));
    assert_eq!(v["years"][26]["kinds"]["rebuild"], "266666666");
    assert_eq!(v["total_yen"], "2910000000");
    let sum: i128 = totals.iter().map(|t| t.1).sum();
    assert_eq!(sum, 2_910_000_000);
    // The CSV's cells add up to the same years.
    let csv = args("csv").stdout;
    let mut by_year = std::collections::BTreeMap::<i32, i64>::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        *by_year.entry(f[1].parse().unwrap()).or_default() += f[4].parse::<i64>().unwrap();
    }
    assert_eq!(by_year[&2040], 266_666_667);
    assert_eq!(by_year[&2042], 266_666_666);
    assert_eq!(by_year.values().sum::<i64>(), 2_910_000_000);
}

#[test]
fn e2_one_building_at_different_ages() {
    // One `other` building of 1,000 m²: R = 20万 × 1,000 = 20,000万, T = 36万 × 1,000 = 36,000万.
    type Case<'a> = (i32, &'a [(i32, i32, Decimal)], i128);
    let cases: [Case<'_>; 8] = [
        // Age 30: renovation R/2 = 10,000 in 2016 and 2017; rebuild T/3 = 12,000 a year 2046–2048.
        (
            1986,
            &[(2016, 2017, man(10_000)), (2046, 2048, man(12_000))],
            56_000,
        ),
        // Age 31: renovation backlog R/10 = 2,000 a year 2016–2025; rebuild 2045–2047.
        (
            1985,
            &[(2016, 2025, man(2_000)), (2045, 2047, man(12_000))],
            56_000,
        ),
        // Age 50: still a renovation backlog; rebuild 2026–2028.
        (
            1966,
            &[(2016, 2025, man(2_000)), (2026, 2028, man(12_000))],
            56_000,
        ),
        // Age 51: no renovation (the rebuild is near); rebuild 2025–2027.
        (1965, &[(2025, 2027, man(12_000))], 36_000),
        // Age 60: rebuild 2016–2018.
        (1956, &[(2016, 2018, man(12_000))], 36_000),
        // Age 61: rebuild backlog T/10 = 3,600 a year 2016–2025.
        (1955, &[(2016, 2025, man(3_600))], 36_000),
        // Age 21: renovation in 2025 and 2026; rebuild 2055–2057, of which only 2055 is inside.
        (
            1995,
            &[(2025, 2026, man(10_000)), (2055, 2055, man(12_000))],
            32_000,
        ),
        // Age 0: renovation 2046–2047; rebuild 2076, outside.
        (2016, &[(2046, 2047, man(10_000))], 20_000),
    ];
    for (built, expected, total_man) in cases {
        let p = mic(
            &format!("id,name,category,floor_area_m2,built_year\nX,x,other,1000,{built}\n"),
            2016,
            40,
        );
        check(&p, expected);
        assert_eq!(p.total().get().round_dp(6), man(total_man), "built {built}");
    }
}

#[test]
fn e3_infrastructure() {
    let model = CostModel::preset("mic").unwrap();
    let asset = |category, quantity, built: Option<i32>| InfraAsset {
        category,
        quantity,
        built,
        bridge_structure: BridgeStructure::Pc,
        pipe_class: PipeClass::Distribution,
        diameter_mm: Some(150),
        rehabilitated: false,
    };
    let d = |s: &str| Decimal::from_str(s).unwrap();
    let agg = Aggregate {
        infrastructure: vec![
            asset(Category::RoadGeneral, Quantity::AreaM2(d("1500000")), None),
            asset(Category::RoadFootpath, Quantity::AreaM2(d("30000")), None),
            asset(Category::Bridge, Quantity::AreaM2(d("2000")), Some(1970)),
            asset(
                Category::WaterPipe,
                Quantity::LengthM(d("10000")),
                Some(1980),
            ),
            // A sewer without a diameter: priced by material.
            InfraAsset {
                diameter_mm: None,
                ..asset(
                    Category::SewerPipe,
                    Quantity::LengthM(d("5000")),
                    Some(1970),
                )
            },
        ],
        ..Aggregate::default()
    };
    let p = project("e3", &model, plan(2016, 40), &agg).unwrap();
    // Roads every year: 1,500,000 m² / 15 × 4,700 = 470,000,000 and 30,000 / 15 × 2,700 = 5,400,000,
    // together 475,400,000 yen.
    let roads = d("475400000");
    // Bridge: 2,000 m² × 448,000 = 896,000,000 in 1970 + 60 = 2030.
    // Water: 10,000 m × 97,000 (φ150 配水管) = 970,000,000 in 1980 + 40 = 2020.
    // Sewer: 5,000 m × 124,000 = 620,000,000 in 1970 + 50 = 2020.
    for i in 0..p.years() {
        let y = 2016 + i as i32;
        let want = roads
            + match y {
                2020 => d("970000000") + d("620000000"),
                2030 => d("896000000"),
                _ => Decimal::ZERO,
            };
        assert_eq!(p.year_total(i).get(), want, "FY{y}");
    }
    assert_eq!(
        p.category_total(4, Category::WaterPipe).get(),
        d("970000000")
    );
    assert_eq!(p.category_total(14, Category::Bridge).get(), d("896000000"));
}

#[test]
fn e3_from_an_inventory_folder() {
    let dir = TempDir::new();
    dir.write(
        "inventory.toml",
        "name = \"e3\"\n[plan]\nfirst_year = 2016\nyears = 40\n",
    );
    dir.write("facilities.csv", "id,name,category\n");
    dir.write("buildings.csv", "id,facility_id,floor_area_m2,built_year\n");
    dir.write(
        "infrastructure.csv",
        "id,name,asset,area_m2,length_m,built_year,structure,pipe_class,diameter_mm\n\
         R1,roads,一般道路,1500000,,,,,\n\
         R2,paths,road_footpath,,20000,,,,\n\
         B1,bridge,橋りょう,2000,,1970,PC,,\n\
         W1,water,water_pipe,,10000,1980,,配水管,150\n\
         P1,sewer,下水道管,,5000,1970,,,\n\
         B2,old bridge,bridge,100,,1950,steel,,\n",
    );
    let r = shisetsu(&["project", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let totals = year_totals(&json(&r.stdout));
    // Footpath given as 20,000 m × 1.5 m = 30,000 m², as in E3: roads 475,400,000 every year.
    // The 1950 bridge is 66 at 2016, past its 60-year life: 100 m² × 448,000 = 44,800,000 spread over
    // the first 5 years, 8,960,000 a year 2016–2020.
    assert_eq!(totals[0], (2016, 475_400_000 + 8_960_000));
    assert_eq!(
        totals[4],
        (2020, 475_400_000 + 8_960_000 + 970_000_000 + 620_000_000)
    );
    assert_eq!(totals[5], (2021, 475_400_000));
    assert_eq!(totals[14], (2030, 475_400_000 + 896_000_000));
}

/// A plain second implementation of the building rules of MIC, in integer arithmetic: amounts are
/// kept in units of 1/30 yen (30 = 2 × 3 × 5 covers the spreads 2, 3 and 10), so it is exact.
fn oracle(rows: &[(usize, i64, i32)], first: i32, years: i32) -> Vec<i128> {
    // (renovation, rebuild) in yen per m² by category index, from the MIC table.
    const UNITS: [(i128, i128); 13] = [
        (250_000, 400_000),
        (250_000, 400_000),
        (200_000, 360_000),
        (250_000, 400_000),
        (170_000, 330_000),
        (170_000, 330_000),
        (200_000, 360_000),
        (250_000, 400_000),
        (250_000, 400_000),
        (170_000, 280_000),
        (170_000, 330_000),
        (200_000, 360_000),
        (200_000, 360_000),
    ];
    let mut out = vec![0i128; years as usize];
    let mut put = |y: i32, thirtieths: i128| {
        if y >= first && y < first + years {
            out[(y - first) as usize] += thirtieths;
        }
    };
    for &(cat, area_cm2, built) in rows {
        // area in 1/100 m²: cost = unit × area_cm2 / 100
        let (ren, reb) = UNITS[cat];
        let r = ren * i128::from(area_cm2); // R × 100
        let t = reb * i128::from(area_cm2); // T × 100
        let age = first - built;
        if age <= 30 {
            put(built + 30, r * 30 / 2);
            put(built + 31, r * 30 / 2);
        } else if age <= 50 {
            for y in first..first + 10 {
                put(y, r * 3);
            }
        }
        if age <= 60 {
            for y in built + 60..built + 63 {
                put(y, t * 10);
            }
        } else {
            for y in first..first + 10 {
                put(y, t * 3);
            }
        }
    }
    out // in units of 1/3000 yen (×30 ×100)
}

#[test]
fn any_buildings_csv_matches_exact_arithmetic_within_one_yen() {
    let categories = shisetsu::category::BUILDING_CATEGORIES;
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: u64| {
        // xorshift64*: a fixed sequence, no clock.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    };
    for round in 0..4 {
        let mut rows = Vec::new();
        let mut csv = String::from("id,name,category,floor_area_m2,built_year,extra\n");
        for i in 0..300 {
            let cat = next(13) as usize;
            let area_cm2 = 1 + next(2_000_000) as i64; // up to 20,000 m², two decimals
            let built = 1900 + next(130) as i32;
            rows.push((cat, area_cm2, built));
            csv.push_str(&format!(
                "B{i},bldg {i},{},{}.{:02},{built},x\n",
                categories[cat].key(),
                area_cm2 / 100,
                area_cm2 % 100
            ));
        }
        let (first, years) = (1990 + 10 * round, 20 + 10 * round as u32);
        let dir = TempDir::new();
        let path = dir.write("random.csv", &csv);
        let r = shisetsu(&[
            "project",
            path.to_str().unwrap(),
            "--from",
            &first.to_string(),
            "--years",
            &years.to_string(),
            "--format",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let got = year_totals(&json(&r.stdout));
        let want = oracle(&rows, first, years as i32);
        for ((year, yen), exact_3000ths) in got.iter().zip(&want) {
            // |printed − exact| ≤ 1 yen  ⇔  |printed × 3000 − exact × 3000| ≤ 3000
            let diff = (yen * 3000 - exact_3000ths).abs();
            assert!(
                diff <= 3000,
                "FY{year}: printed {yen}, exact {} / 3000",
                exact_3000ths
            );
        }
    }
}

/// An inventory folder with only infrastructure (plan FY2016, 40 years).
fn infrastructure(dir: &TempDir, rows: &str) -> crate::util::Run {
    dir.write(
        "inventory.toml",
        "name = \"infra\"\n[plan]\nfirst_year = 2016\nyears = 40\n",
    );
    dir.write("facilities.csv", "id,name,category\n");
    dir.write("buildings.csv", "id,facility_id,floor_area_m2,built_year\n");
    dir.write(
        "infrastructure.csv",
        format!(
            "id,name,asset,area_m2,length_m,built_year,structure,pipe_class,diameter_mm,rehabilitated\n{rows}"
        ),
    );
    shisetsu(&["project", dir.path().to_str().unwrap(), "--format", "json"])
}

#[test]
fn sewer_pipes_by_diameter_or_by_material() {
    // By diameter (管径別) when a diameter is given, else by material (管種別); 50-year life, the
    // whole cost in the year it ends:
    //   S1 300 mm (251–500: 116千円/m) × 1,000 m, laid 1970 → FY2020: 116,000,000
    //   S2 no diameter, rehabilitated (更生管 134千円/m) × 1,000 m, laid 1975 → FY2025: 134,000,000
    //   S3 250 mm (up to 250: 61千円/m) × 2,000 m, laid 1980 → FY2030: 122,000,000
    //   S4 3,500 mm (3,001 and over: 2,347千円/m) × 10 m, laid 1985 → FY2035: 23,470,000
    //   S5 no diameter, concrete (124千円/m) × 100 m, laid 1990 → FY2040: 12,400,000
    // And a distribution water pipe of 1,900 mm, between the 1,800 mm band and the 2,000 mm one:
    // priced as 2,000 mm and over (923千円/m) × 10 m, laid 2000 (40-year life) → FY2040: 9,230,000.
    let dir = TempDir::new();
    let r = infrastructure(
        &dir,
        "S1,a,sewer_pipe,,1000,1970,,,300,\n\
         S2,b,sewer_pipe,,1000,1975,,,,yes\n\
         S3,c,sewer_pipe,,2000,1980,,,250,\n\
         S4,d,sewer_pipe,,10,1985,,,3500,\n\
         S5,e,sewer_pipe,,100,1990,,,,\n\
         W1,f,water_pipe,,10,2000,,distribution,1900,\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let totals = year_totals(&json(&r.stdout));
    let at = |y: i64| totals.iter().find(|(year, _)| *year == y).unwrap().1;
    assert_eq!(at(2020), 116_000_000);
    assert_eq!(at(2025), 134_000_000);
    assert_eq!(at(2030), 122_000_000);
    assert_eq!(at(2035), 23_470_000);
    assert_eq!(at(2040), 12_400_000 + 9_230_000);
    let sum: i128 = totals.iter().map(|(_, t)| t).sum();
    assert_eq!(
        sum,
        116_000_000 + 134_000_000 + 122_000_000 + 23_470_000 + 12_400_000 + 9_230_000
    );
}

#[test]
fn a_column_that_does_not_apply_to_an_asset_is_an_error() {
    // A value that would be ignored is refused, at its cell, with what the asset takes.
    let dir = TempDir::new();
    let r = infrastructure(
        &dir,
        "R1,road,road_general,1000,,,,,100,\n\
         F1,path,road_footpath,1000,500,,,,,\n\
         B1,bridge,bridge,100,50,1970,pc,,,\n\
         W1,water,water_pipe,,100,1980,rc,distribution,150,yes\n\
         S1,sewer,sewer_pipe,,100,1980,,transmission,300,\n\
         S2,sewer,sewer_pipe,,100,1980,,,300,yes\n\
         S3,sewer,sewer_pipe,,100,1980,,,20000,\n",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let f = dir.path().join("infrastructure.csv").display().to_string();
    for want in [
        format!(
            "{f}:2: diameter_mm: does not apply to a road_general (it takes area_m2, built_year)"
        ),
        format!("{f}:3: length_m: a road_footpath takes area_m2 or length_m, not both"),
        format!(
            "{f}:4: length_m: does not apply to a bridge (it takes area_m2, built_year, structure)"
        ),
        format!(
            "{f}:5: structure: does not apply to a water_pipe (it takes length_m, built_year, pipe_class, diameter_mm)"
        ),
        format!("{f}:5: rehabilitated: does not apply to a water_pipe"),
        format!(
            "{f}:6: pipe_class: does not apply to a sewer_pipe (it takes length_m, built_year, diameter_mm or rehabilitated)"
        ),
        format!(
            "{f}:7: rehabilitated: a sewer_pipe is priced by diameter (diameter_mm) or by material (rehabilitated), not both"
        ),
        format!("{f}:8: diameter_mm: \"20000\" is not a pipe diameter (1–10,000 mm)"),
    ] {
        assert!(
            r.stderr.contains(&want),
            "expected {want:?} in:\n{}",
            r.stderr
        );
    }
}
