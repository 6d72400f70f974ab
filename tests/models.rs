//! Cost models as data: custom files over presets, and their errors.

use crate::util::{TempDir, json, shisetsu};

const ONE_SCHOOL: &str = "id,name,category,floor_area_m2,built_year\nA,a,school,1000,1990\n";

fn project(dir: &TempDir, model: &str, from: &str, years: &str) -> crate::util::Run {
    let csv = dir.write("b.csv", ONE_SCHOOL);
    let model = dir.write("model.toml", model);
    shisetsu(&[
        "project",
        csv.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--from",
        from,
        "--years",
        years,
        "--format",
        "json",
    ])
}

#[test]
fn a_custom_file_overrides_any_value_of_its_base() {
    let dir = TempDir::new();
    let r = project(
        &dir,
        "base = \"mic\"\n\
         name = \"cheap schools\"\n\
         [unit_costs.\"学校教育系施設\"]\nrenovation = 100000\n\
         [repair]\ndefault_yen_per_m2 = 2000\n\
         [operating]\nenabled = true\n[operating.yen_per_m2]\nschool = 5000\n",
        "2020",
        "1",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["model"], "cheap schools");
    // FY2020: the school (built 1990) is 30: renovation 100,000 × 1,000 / 2 = 50,000,000; repair
    // 2,000 × 1,000 = 2,000,000; operating 5,000 × 1,000 = 5,000,000. Total 57,000,000.
    assert_eq!(v["years"][0]["kinds"]["renovation"], "50000000");
    assert_eq!(v["years"][0]["kinds"]["repair"], "2000000");
    assert_eq!(v["years"][0]["kinds"]["operating"], "5000000");
    assert_eq!(v["total_yen"], "57000000");
}

#[test]
fn escalation_compounds_from_the_base_year() {
    let dir = TempDir::new();
    let r = project(
        &dir,
        "base = \"mic\"\n[escalation]\nrate = 0.02\nbase_year = 2018\n",
        "2020",
        "2",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    // Renovation 170,000 × 1,000 / 2 = 85,000,000 in 2020 and 2021, at 2018 prices:
    // 2020: × 1.02² = 1.0404 → 88,434,000; 2021: × 1.02³ = 1.061208 → 90,202,680.
    assert_eq!(v["years"][0]["total_yen"], "88434000");
    assert_eq!(v["years"][1]["total_yen"], "90202680");
}

#[test]
fn model_errors_name_the_file_line_and_key() {
    let dir = TempDir::new();
    let cases: [(&str, &[&str]); 7] = [
        (
            "base = \"mic\"\n[renewal]\nwindow_ofset = 1\n",
            &["model.toml:3: renewal.window_ofset: unknown field"],
        ),
        (
            "base = \"mic\"\n[unit_costs.gym]\nrebuild = 1\n",
            &["model.toml:2: unit_costs.gym: unknown building category \"gym\""],
        ),
        (
            "base = \"mic\"\n[unit_costs.school]\nrebuild = -5\n",
            &["model.toml:3: unit_costs.school.rebuild: is negative"],
        ),
        (
            "base = \"mic\"\n[unit_costs.school]\nrebuild = \"lots\"\n",
            &[
                "model.toml:3: unit_costs.school.rebuild",
                "is not a decimal number",
            ],
        ),
        (
            "base = \"mic\"\n[[renewal.cycles]]\nshare = 0.5\n[[renewal.cycles.events]]\nkind = \"rebuild\"\nage = 60\nyears = 3\nprice = \"rebuild\"\n",
            &["renewal.cycles: the cycles' shares add up to 0.5, not 1"],
        ),
        (
            "base = \"nope\"\n",
            &["model.toml:1: base: \"nope\" is neither a preset"],
        ),
        (
            "name = \"incomplete\"\n",
            &[
                "model.toml: renewal.cycles: missing",
                "unit_costs.school.rebuild: missing",
            ],
        ),
    ];
    for (text, expected) in cases {
        let r = project(&dir, text, "2020", "1");
        assert_eq!(r.code, 2, "{text}\n{}", r.stderr);
        for e in expected {
            assert!(
                r.stderr.contains(e),
                "expected {e:?} for\n{text}\nin:\n{}",
                r.stderr
            );
        }
    }
}

#[test]
fn every_unknown_key_and_wrong_type_of_a_model_is_listed_together() {
    let dir = TempDir::new();
    let r = project(
        &dir,
        "base = \"mic\"\ncolour = 1\n\
         [renewal]\nwindow_offset = \"x\"\n\
         [[renewal.cycles]]\nshare = 1\n\
         [[renewal.cycles.events]]\nkind = \"rebuild\"\nage = \"60\"\nyears = 3\n\
         price = \"rebuild\"\n\
         [unit_costs.school]\nrebild = 1\n",
        "2020",
        "1",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let file = dir.path().join("model.toml");
    let file = file.to_str().unwrap();
    let want = [
        format!(
            "error: {file}:2: colour: unknown field `colour`, expected one of `base`, `name`, \
             `description`, `renewal`, `unit_costs`, `operating`, `repair`, `demolition`, \
             `construction`, `escalation`, `infrastructure`, `condition`, `uncertainty`"
        ),
        format!("{file}:4: renewal.window_offset: invalid type: string \"x\", expected i64"),
        format!(
            "{file}:9: renewal.cycles[0].events[0].age: invalid type: string \"60\", expected i64"
        ),
        format!(
            "{file}:13: unit_costs.school.rebild: unknown field `rebild`, expected `renovation` or \
             `rebuild`"
        ),
        "4 problems found".to_string(),
    ];
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want);
}

#[test]
fn bases_that_form_a_cycle_are_an_error() {
    let dir = TempDir::new();
    dir.write("a.toml", "base = \"b.toml\"\n");
    dir.write("b.toml", "base = \"a.toml\"\n");
    let csv = dir.write("b.csv", ONE_SCHOOL);
    let a = dir.path().join("a.toml");
    let r = shisetsu(&[
        "project",
        csv.to_str().unwrap(),
        "--from",
        "2020",
        "--model",
        a.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("bases form a cycle"), "{}", r.stderr);
}
