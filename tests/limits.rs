//! Inputs at the limits: a cost model with every price at its largest accepted value and prices
//! doubling every year. Every command either gives its result or says, with exit status 2, which
//! key of which file took an amount beyond the exact range; none panics.

use crate::util::{TempDir, json, shisetsu};

/// Every price at the largest accepted (10^10 yen per m²), prices doubling every year.
const LIMITS: &str = "base = \"mic\"\nname = \"limits\"\n\
    [unit_costs.school]\nrenovation = 10000000000\nrebuild = 10000000000\n\
    [repair]\ndefault_yen_per_m2 = 10000000000\n\
    [operating]\nenabled = true\ndefault_yen_per_m2 = 10000000000\n\
    [demolition]\ndefault_yen_per_m2 = 10000000000\n\
    [construction]\ndefault_yen_per_m2 = 10000000000\n\
    [escalation]\nrate = 1\n";

/// An inventory of `n` schools of 1,000,000 m² each (the largest building accepted), built 1990,
/// under the model at the limits; a plan of 30 years from 2022; and a scenario that closes one
/// school and merges another into a third with added floor area. Returns the scenario's path.
fn inventory(dir: &TempDir, n: usize) -> String {
    dir.write("limits.toml", LIMITS);
    dir.write(
        "inv/inventory.toml",
        "name = \"limits\"\nmodel = \"../limits.toml\"\n\
         [plan]\nfirst_year = 2022\nyears = 30\ncap_yen = 5580000000\n",
    );
    let mut facilities = String::from("id,name,category,functions,annual_users,capacity\n");
    let mut buildings = String::from("id,facility_id,floor_area_m2,built_year\n");
    for i in 1..=n {
        facilities.push_str(&format!(
            "F{i},school {i},school,elementary_school,100,200\n"
        ));
        buildings.push_str(&format!("B{i},F{i},1000000,1990\n"));
    }
    dir.write("inv/facilities.csv", facilities);
    dir.write("inv/buildings.csv", buildings);
    let s = dir.write(
        "s.toml",
        "inventory = \"inv\"\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2030\n\
         [[actions]]\ntype = \"merge\"\nfacilities = [\"F2\"]\ninto = \"F3\"\nyear = 2031\n\
         added_floor_area_m2 = 1000\n",
    );
    s.to_str().unwrap().to_string()
}

/// Every command on the scenario and its inventory, each with the words its error must have if it
/// fails (it may also succeed).
fn every_command(dir: &TempDir, s: &str) -> Vec<Vec<String>> {
    let inv = dir.path().join("inv").display().to_string();
    let model = dir.path().join("limits.toml").display().to_string();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let v = |a: &[&str]| a.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        v(&["project", &inv]),
        v(&["project", &inv, "--format", "json"]),
        v(&["project", &inv, "--format", "csv"]),
        v(&["project", &inv, "--format", "csv-facilities"]),
        v(&["project", &inv, "--scenario", s, "--format", "json"]),
        v(&["run", s]),
        v(&["run", s, "--format", "json"]),
        v(&["run", s, "--format", "csv-facilities"]),
        v(&["compare", s, s]),
        v(&["compare", s, s, "--format", "json"]),
        v(&["explain", s, "--year", "2051"]),
        v(&["explain", s, "--year", "2051", "--format", "json"]),
        v(&["montecarlo", s, "--runs", "50"]),
        v(&["report", s, "--output", &out("r.html")]),
        v(&["validate", &inv, &model, s]),
        v(&["model", &model]),
    ]
}

#[test]
fn every_command_at_the_limits_gives_its_result() {
    // 400 schools. Each, in FY2022 + i at 2^i times 2022 prices: repair and operating
    // 10^10 × 10^6 = 10^16 yen each, every year: 2 × 10^16 × (2^30 − 1) = 21,474,836,460 × 10^15;
    // the renovation overdue at 32 (backlog over 10 years) 10^16 / 10 a year, FY2022–2031:
    // 10^15 × (2^10 − 1) = 1,023 × 10^15; the rebuild due at 60 (FY2050, over 3 years) 10^16 / 3
    // in FY2050 and FY2051: 10^16 × (2^28 + 2^29) / 3 = 2,684,354,560 × 10^15. One school:
    // 24,159,192,043 × 10^15 yen; 400: 9,663,676,817,200 × 10^15 = 9.66 × 10^27, under the 10^28
    // a projection holds. Every command works with it (shares, differences, rounded parts and
    // charts of amounts this large included).
    let dir = TempDir::new();
    let s = inventory(&dir, 400);
    for args in every_command(&dir, &s) {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = shisetsu(&a);
        assert!(!r.stderr.contains("panicked"), "{a:?}: {}", r.stderr);
        if a[0] == "montecarlo" {
            // A run's draws (unit costs up to 1.3 times, escalation on top of the model's) may
            // take a year beyond the exact range: then it says so, naming the draws.
            assert!(
                r.code == 0 || r.stderr.contains("uncertainty.renewal_unit_cost"),
                "{a:?}: {}",
                r.stderr
            );
            continue;
        }
        assert_eq!(r.code, 0, "{a:?}: {}", r.stderr);
    }
    let r = shisetsu(&[
        "project",
        dir.path().join("inv").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = json(&r.stdout);
    assert_eq!(v["total_yen"], "9663676817200000000000000000");
}

#[test]
fn every_command_beyond_the_limits_names_the_key() {
    // 2,000 schools: the plan's total passes 10^28 yen. Every command that projects says so, with
    // the key of the amount that took it past (repair: the first amount of the year in which the
    // total passes), its file and line, and the escalation that multiplied it.
    let dir = TempDir::new();
    let s = inventory(&dir, 2000);
    let model = dir.path().join("inv/../limits.toml").display().to_string();
    for args in every_command(&dir, &s) {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = shisetsu(&a);
        assert!(!r.stderr.contains("panicked"), "{a:?}: {}", r.stderr);
        if a[0] == "validate" || a[0] == "model" {
            // Checking inputs computes no amount: the files are valid.
            assert_eq!(r.code, 0, "{a:?}: {}", r.stderr);
            continue;
        }
        assert_eq!(r.code, 2, "{a:?}: {}", r.stderr);
        let want = format!("{model}:7: repair.default_yen_per_m2: repair of school in FY");
        assert!(
            r.stderr.contains(&want),
            "{a:?}: expected {want:?} in:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!(
                "times base-year prices ({model}:16: escalation.rate)"
            )),
            "{a:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("beyond the exact range of amounts"),
            "{a:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn prices_compounding_beyond_the_range_name_the_escalation_rate() {
    // Prices doubling for 99 years: 2^99 ≈ 6.3 × 10^29 is beyond the decimal type.
    let dir = TempDir::new();
    dir.write("limits.toml", LIMITS);
    let csv = dir.write(
        "b.csv",
        "id,name,category,floor_area_m2,built_year\nA,a,school,100,1990\n",
    );
    let model = dir.path().join("limits.toml");
    let r = shisetsu(&[
        "project",
        csv.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--from",
        "2022",
        "--years",
        "100",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let want = format!(
        "{}:16: escalation.rate: prices compound beyond the exact range over the plan of b",
        model.display()
    );
    assert!(
        r.stderr.contains(&want),
        "expected {want:?} in:\n{}",
        r.stderr
    );
}

#[test]
fn falling_prices_under_leveling_are_not_a_division_by_zero() {
    // Prices halving every year since 1950: in the fixture's plan (FY2030–2034) they are
    // 0.5^80 ≈ 8 × 10^−25 of 1950's, below the 10^−12 at which an amount keeps its digits;
    // leveling divided amounts by such factors (zero in 28 digits) and panicked.
    let dir = crate::scenarios::fixture();
    dir.write(
        "falling.toml",
        "base = \"mic\"\n[escalation]\nrate = -0.5\nbase_year = 1950\n",
    );
    let s = dir.write(
        "s.toml",
        "inventory = \"inv\"\nmodel = \"falling.toml\"\n[leveling]\nmax_shift_years = 3\n",
    );
    let r = shisetsu(&["run", s.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let want = format!(
        "{}:3: escalation.rate: prices fall below 10^-12 of the base year's over the plan of s",
        dir.path().join("falling.toml").display()
    );
    assert!(
        r.stderr.contains(&want),
        "expected {want:?} in:\n{}",
        r.stderr
    );
}

/// The columns a character takes on a terminal: two for CJK characters (as the tables count them).
fn width(c: char) -> usize {
    if matches!(c as u32, 0x3000..=0x9FFF | 0xFF00..=0xFF60) {
        2
    } else {
        1
    }
}

/// The display column at which each character of `line` starts.
fn columns(line: &str) -> Vec<(usize, char)> {
    let mut col = 0;
    line.chars()
        .map(|c| {
            let at = col;
            col += width(c);
            (at, c)
        })
        .collect()
}

/// Checks that under the header line starting with `header`, every row of the table (up to the
/// next blank line) has each right-aligned column (`labels`) ending where its label ends, and a
/// space before the value: values as wide as they are never run into the column before.
fn check_aligned(table: &str, header: &str, labels: &[&str]) {
    let lines: Vec<&str> = table.lines().collect();
    let h = lines
        .iter()
        .position(|l| l.starts_with(header))
        .unwrap_or_else(|| panic!("no header {header:?} in:\n{table}"));
    let head = columns(lines[h]);
    let text: String = head.iter().map(|(_, c)| c).collect();
    let mut ends = Vec::new();
    for label in labels {
        let i = text
            .find(label)
            .unwrap_or_else(|| panic!("{label:?} in {:?}", lines[h]));
        let n = text[..i].chars().count() + label.chars().count();
        let end = head[n - 1].0 + width(head[n - 1].1);
        ends.push(end);
    }
    let mut rows = 0;
    for line in &lines[h + 1..] {
        if line.trim().is_empty() {
            break;
        }
        let cols = columns(line);
        let at = |c: usize| cols.iter().find(|(x, _)| *x == c).map(|(_, ch)| *ch);
        for (label, &end) in labels.iter().zip(&ends) {
            // The last character before the column's end (a wide one starts a column earlier).
            let last = at(end - 1).or_else(|| at(end - 2)).unwrap_or(' ');
            assert!(
                last != ' ',
                "{label}: nothing ends at column {end} in {line:?}"
            );
            assert!(
                at(end).is_none_or(|c| c == ' ' || c == '*'),
                "{label}: {line:?}"
            );
        }
        rows += 1;
    }
    assert!(rows > 0, "no rows under {header:?}");
}

#[test]
fn terminal_tables_widen_for_the_values_they_hold() {
    // A plan of 9.66 × 10^27 yen: totals of 10^19 億円 and more, wider than any fixed column.
    let dir = TempDir::new();
    let s = inventory(&dir, 400);
    let inv = dir.path().join("inv").display().to_string();
    let run = shisetsu(&["run", &s]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    check_aligned(
        &run.stdout,
        "scenario",
        &["total", "average", "peak", "over", "floor Δ"],
    );
    let p = shisetsu(&["project", &inv]);
    assert_eq!(p.code, 0, "{}", p.stderr);
    check_aligned(
        &p.stdout,
        "FY    ",
        &[
            "operating",
            "repair",
            "renovation",
            "rebuild",
            "backlog",
            "works",
            "total",
        ],
    );
    let c = shisetsu(&["compare", &s, &s]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    check_aligned(&c.stdout, "FY    ", &["A", "B", "Δ"]);
    check_aligned(&c.stdout, "category", &["A", "B", "Δ"]);
    let e = shisetsu(&["explain", &s, "--year", "2051"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    check_aligned(&e.stdout, "   #", &["万円", "share"]);
}
