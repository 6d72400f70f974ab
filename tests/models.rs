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
    let cases: [(&str, &[&str]); 8] = [
        (
            // Shares far out of range: each reported, and their sum (which would overflow) not.
            "base = \"mic\"\n[[renewal.cycles]]\nshare = \"70000000000000000000000000000\"\n\
             [[renewal.cycles]]\nshare = \"70000000000000000000000000000\"\n",
            &[
                "model.toml:3: renewal.cycles[0].share: must be greater than 0 and at most 1",
                "model.toml:5: renewal.cycles[1].share: must be greater than 0 and at most 1",
            ],
        ),
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
             `construction`, `escalation`, `infrastructure`, `condition`, `uncertainty`, \
             `closure`"
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

#[test]
fn bases_that_multiply_are_refused_past_a_bound() {
    // Seven files, each naming the next 30 times, the last mic: 8 deep, as bases may nest, but
    // 30^6 (some 700 million) layers to read and apply, which took minutes and gigabytes per level
    // before the bound; now a located error.
    let dir = TempDir::new();
    for i in 0..7 {
        let base = if i == 6 {
            "\"mic\"".to_string()
        } else {
            format!("[{}]", vec![format!("\"m{}.toml\"", i + 1); 30].join(", "))
        };
        dir.write(&format!("m{i}.toml"), format!("base = {base}\n"));
    }
    let csv = dir.write("b.csv", ONE_SCHOOL);
    let m0 = dir.path().join("m0.toml");
    let r = shisetsu(&[
        "project",
        csv.to_str().unwrap(),
        "--from",
        "2020",
        "--model",
        m0.to_str().unwrap(),
    ]);
    // Read depth first: m0, m1, …, m5, mic, then m5 again … the 64th layer is read under the
    // third m5, whose next base finds none left.
    let m5 = dir.path().join("m5.toml").display().to_string();
    assert_eq!(
        r.stderr,
        format!(
            "error: {m5}:1: base: a cost model is built from at most 64 layers (presets and files, \
             each counted every time a base names it)\n"
        )
    );
    assert_eq!(r.code, 2);
}

#[test]
fn bases_nest_at_most_eight_deep_said_where_the_ninth_is_named() {
    // n0 … n7 name the next, n8 names mic: n0 … n7 are eight, and n7 naming n8 makes nine.
    let dir = TempDir::new();
    for i in 0..9 {
        let base = if i == 8 {
            "mic".to_string()
        } else {
            format!("n{}.toml", i + 1)
        };
        dir.write(&format!("n{i}.toml"), format!("base = \"{base}\"\n"));
    }
    let r = shisetsu(&["model", dir.path().join("n0.toml").to_str().unwrap()]);
    let n7 = dir.path().join("n7.toml").display().to_string();
    assert_eq!(
        r.stderr,
        format!("error: {n7}:1: base: bases nest more than 8 deep\n")
    );
    assert_eq!(r.code, 2);
    // Eight deep is allowed: n2 … n8 and mic.
    let r = shisetsu(&["model", dir.path().join("n2.toml").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Runs `montecarlo` on a one-school scenario under the model `text` and returns its JSON.
fn montecarlo(dir: &TempDir, text: &str) -> crate::util::Run {
    dir.write(
        "inv/inventory.toml",
        "name = \"one\"\nmodel = \"../model.toml\"\n[plan]\nfirst_year = 2020\nyears = 5\ncap_yen = 80000000\n",
    );
    dir.write("inv/facilities.csv", "id,name,category\nF1,a,school\n");
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,1000,1990\n",
    );
    dir.write("model.toml", text);
    let s = dir.write("s.toml", "inventory = \"inv\"\n");
    shisetsu(&[
        "montecarlo",
        s.to_str().unwrap(),
        "--runs",
        "200",
        "--format",
        "json",
    ])
}

#[test]
fn an_uncertainty_written_over_a_base_is_the_one_drawn() {
    // mic draws escalation from a normal distribution (mean, sd); this file replaces it with a
    // uniform one. The file's distribution is the one drawn: it is not mixed with the base's keys
    // into an invalid mix, and that mix is not dropped for no uncertainty at all.
    let dir = TempDir::new();
    let text = "base = \"mic\"\n[uncertainty.escalation]\ndistribution = \"uniform\"\nmin = 0.05\nmax = 0.1\n\
                [uncertainty.renewal_unit_cost]\ndistribution = \"fixed\"\nvalue = 1\n";
    let r = montecarlo(&dir, text);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["draws"]["escalation"], "uniform 0.05–0.1");
    assert_eq!(v["draws"]["renewal_unit_cost"], "fixed 1");
    // FY2020: the renovation (170,000 × 1,000 / 2 = 85,000,000) at the first year's prices, in
    // every run; FY2021: 85,000,000 × (1 + rate), rate drawn between 0.05 and 0.1, so every run
    // lies in 89,250,000–93,500,000 and the runs spread.
    let y = &v["years"];
    assert_eq!(y[0]["p5_yen"], "85000000");
    assert_eq!(y[0]["p95_yen"], "85000000");
    let p = |k: &str| y[1][k].as_str().unwrap().parse::<i64>().unwrap();
    assert!(
        p("p5_yen") >= 89_250_000 && p("p95_yen") <= 93_500_000,
        "{}",
        y[1]
    );
    assert!(p("p5_yen") < p("p95_yen"), "{}", y[1]);
    // validate and model agree.
    let m = dir.path().join("model.toml");
    let r = shisetsu(&["validate", m.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn uncertainty_parameters_have_domains() {
    let dir = TempDir::new();
    let cases: [(&str, &str); 6] = [
        (
            "escalation = { distribution = \"normal\", mean = 0.01, sd = 1 }",
            "model.toml:3: uncertainty.escalation: draws reach -5.99 to 6.01 (mean ± 6 sd); a yearly escalation lies between -0.5 and 1",
        ),
        (
            "escalation = { distribution = \"uniform\", min = -2, max = 0.1 }",
            "model.toml:3: uncertainty.escalation: draws reach -2 to 0.1; a yearly escalation lies between -0.5 and 1",
        ),
        (
            "renewal_unit_cost = { distribution = \"triangular\", min = -1, mode = 1, max = 2 }",
            "model.toml:3: uncertainty.renewal_unit_cost: draws reach -1 to 2; a multiplier of unit costs lies between 0 and 10",
        ),
        (
            "renewal_unit_cost = { distribution = \"fixed\", value = 1000 }",
            "model.toml:3: uncertainty.renewal_unit_cost: draws reach 1000; a multiplier of unit costs lies between 0 and 10",
        ),
        (
            "renewal_unit_cost = { distribution = \"normal\", mean = 1, sd = -0.1 }",
            "model.toml:3: uncertainty.renewal_unit_cost: sd is negative",
        ),
        (
            "escalation = { distribution = \"normal\", mean = 0, sd = \"10000000000000000000000000\" }",
            "model.toml:3: uncertainty.escalation: draws reach",
        ),
    ];
    for (line, want) in cases {
        let text = format!("base = \"mic\"\n[uncertainty]\n{line}\n");
        let r = montecarlo(&dir, &text);
        assert_eq!(r.code, 2, "{text}\n{}", r.stderr);
        assert!(
            r.stderr.contains(want),
            "expected {want:?} in:\n{}",
            r.stderr
        );
        let m = dir.path().join("model.toml");
        let r = shisetsu(&["validate", m.to_str().unwrap()]);
        assert_eq!(r.code, 2, "validate {text}\n{}", r.stderr);
        assert!(
            r.stderr.contains(want),
            "validate: expected {want:?} in:\n{}",
            r.stderr
        );
    }
}
