//! Condition: part grades to 健全度, condition rules worked by hand, and Monte Carlo checked by its
//! statistics, not just run.

use crate::util::{TempDir, json, shisetsu, shisetsu_env};

/// A chain file with one matrix for every building.
fn chain(matrix: &str) -> String {
    format!("[[chains]]\nsource = \"test\"\nmatrix = {matrix}\n")
}

/// Rows that move every building down one grade a year, surely.
const SURE: &str = "[[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1]]";
/// Rows that keep every grade, surely.
const STAY: &str = "[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]";

/// An inventory folder, FY2030–FY2039, cap 100M, with the given buildings rows
/// (`id,facility_id,floor_area_m2,built_year,condition,survey_year`), a model with condition rules
/// and the given chain and uncertainty, and a scenario `s.toml` on it.
fn fixture(buildings: &str, chain_text: &str, extra_model: &str) -> TempDir {
    fixture_with(
        buildings,
        chain_text,
        extra_model,
        "{ distribution = \"fixed\", value = 0 }",
    )
}

fn fixture_with(buildings: &str, chain_text: &str, extra_model: &str, escalation: &str) -> TempDir {
    let dir = TempDir::new();
    dir.write(
        "inv/inventory.toml",
        "name = \"cond\"\nmodel = \"model.toml\"\n[plan]\nfirst_year = 2030\nyears = 10\ncap_yen = 100000000\n",
    );
    dir.write("inv/chains.toml", chain_text);
    dir.write(
        "inv/model.toml",
        format!(
            "base = \"mic\"\nname = \"cond\"\n\
             [condition]\nenabled = true\ndeterioration = \"chains.toml\"\nadvance_years = 5\ndefer_years = 3\n\
             [condition.repair_yen_per_m2]\nA = 0\nB = 0\nC = 1000\nD = 3000\n\
             [uncertainty]\nescalation = {escalation}\n\
             renewal_unit_cost = {{ distribution = \"fixed\", value = 1 }}\n{extra_model}"
        ),
    );
    dir.write("inv/facilities.csv", "id,name,category\nF1,depot,other\n");
    dir.write(
        "inv/buildings.csv",
        format!("id,facility_id,floor_area_m2,built_year,condition,survey_year\n{buildings}"),
    );
    dir.write("s.toml", "name = \"s\"\ninventory = \"inv\"\n");
    dir
}

fn project(dir: &TempDir) -> serde_json::Value {
    let r = shisetsu(&[
        "project",
        dir.path().join("inv").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    json(&r.stdout)
}

fn montecarlo(dir: &TempDir, runs: &str, seed: &str) -> serde_json::Value {
    let r = shisetsu(&[
        "montecarlo",
        dir.path().join("s.toml").to_str().unwrap(),
        "--runs",
        runs,
        "--seed",
        seed,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    json(&r.stdout)
}

fn yen(v: &serde_json::Value) -> i64 {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn part_grades_give_the_kenzendo_score() {
    let dir = TempDir::new();
    let p = dir.write(
        "b.csv",
        "id,name,category,floor_area_m2,built_year,屋根・屋上,外壁,内部仕上,電気設備,機械設備\n\
         A,a,school,100,1980,B,C,B,A,C\n",
    );
    let inv = shisetsu::inventory::Inventory::load(&p).unwrap();
    // (75·5.1 + 40·17.2 + 75·22.4 + 100·8.0 + 40·7.3) / 60 = 64.04 → 64, grade B (58–87).
    assert_eq!(
        inv.buildings[0].condition,
        Some(shisetsu::inventory::Condition::Score(64))
    );
    let bad = dir.write(
        "bad.csv",
        "id,name,category,floor_area_m2,built_year,condition,grade_roof,grade_exterior,grade_interior,grade_electrical,grade_mechanical\n\
         A,a,school,100,1980,,B,C,,A,C\n\
         B,b,school,100,1980,A,B,C,B,A,C\n\
         C,c,school,100,1980,,B,C,X,A,C\n",
    );
    let r = shisetsu(&["project", bad.to_str().unwrap(), "--from", "2030"]);
    assert_eq!(r.code, 2);
    for want in [
        ":2: grade_interior: is empty: give all five part grades, or none",
        ":3: condition: give the condition or the five part grades, not both",
        ":4: grade_interior: \"X\" is not a grade",
    ] {
        assert!(
            r.stderr.contains(want),
            "expected {want:?} in\n{}",
            r.stderr
        );
    }
}

#[test]
fn a_d_grade_renewal_comes_forward_and_an_a_grade_one_waits() {
    // Two `other` buildings of 1,000 m² (renovation 200,000 × 1,000 = 200M, 100M a year for two years,
    // due at 30):
    // - B1 built 2003, surveyed D in 2030: renovation due 2033, within 5 years, so done in 2030–2031.
    // - B2 built 2001, surveyed A in 2030, which it keeps (STAY chain): due 2031, it may wait 3 years,
    //   so it is done in 2034–2035.
    // Repairs by grade: none, as both are A in every year (B1 from its renovation in 2030 on: a year's
    // grade is counted after that year's renewal).
    let dir = fixture(
        "B1,F1,1000,2003,D,2030\nB2,F1,1000,2001,A,2030\n",
        &chain(STAY),
        "",
    );
    let v = project(&dir);
    let totals: Vec<i64> = v["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| yen(&y["total_yen"]))
        .collect();
    const M: i64 = 1_000_000;
    assert_eq!(
        totals,
        [100 * M, 100 * M, 0, 0, 100 * M, 100 * M, 0, 0, 0, 0]
    );
    assert_eq!(v["years"][0]["condition_m2"]["A"], "2000");

    // Without condition rules both follow the MIC schedule: B1 in 2033–2034, B2 in 2031–2032.
    let plain = dir.write("inv/plain.toml", "base = \"mic\"\n");
    let r = shisetsu(&[
        "project",
        dir.path().join("inv").to_str().unwrap(),
        "--model",
        plain.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let totals: Vec<i64> = json(&r.stdout)["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| yen(&y["total_yen"]))
        .collect();
    assert_eq!(
        totals,
        [0, 100 * M, 100 * M, 100 * M, 100 * M, 0, 0, 0, 0, 0]
    );

    // With a chain that moves a grade down every year and B1 surveyed C in 2030: C in 2030 (repair
    // 1,000 × 1,000 = 1M), D in 2031, when its renovation (due 2033, within 5 years) is done:
    // 2031–2032. B2 surveyed A moves to B in 2031, so its renovation due 2031 is done then
    // (2031–2032). 2030: 1M repair; 2031: 100M + 100M; 2032: 100M + 100M. Both are A in 2031 (the
    // year's grade is counted after its renewal), B in 2032, C in 2033 (repairs 2 × 1M), D from 2034
    // (2 × 3M a year).
    std::fs::write(dir.path().join("inv/chains.toml"), chain(SURE)).unwrap();
    std::fs::write(
        dir.path().join("inv/buildings.csv"),
        "id,facility_id,floor_area_m2,built_year,condition,survey_year\nB1,F1,1000,2003,C,2030\nB2,F1,1000,2001,A,2030\n",
    )
    .unwrap();
    let v = project(&dir);
    let totals: Vec<i64> = v["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| yen(&y["total_yen"]))
        .collect();
    assert_eq!(
        totals,
        [
            M,
            200 * M,
            200 * M,
            2 * M,
            6 * M,
            6 * M,
            6 * M,
            6 * M,
            6 * M,
            6 * M
        ]
    );
}

#[test]
fn a_chain_reaches_its_stationary_distribution() {
    // A chain with recovery between A and B: A → B with 0.1, B → A with 0.3. Its stationary
    // distribution solves π_A · 0.1 = π_B · 0.3: π = (0.75, 0.25, 0, 0). A model without renewal
    // events (one cycle, no events) leaves only the chain; after 200 years a 1,000 m² building started
    // in C… no: started in A (built inside the horizon) is 750 m² A and 250 m² B.
    let dir = fixture(
        "B1,F1,1000,2000,,\n",
        &chain("[[0.9, 0.1, 0, 0], [0.3, 0.7, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]"),
        "[renewal]\n[[renewal.cycles]]\nshare = 1\nevents = []\n",
    );
    std::fs::write(
        dir.path().join("inv/inventory.toml"),
        "name = \"cond\"\nmodel = \"model.toml\"\n[plan]\nfirst_year = 2000\nyears = 200\ncap_yen = 100000000\n",
    )
    .unwrap();
    let v = project(&dir);
    let last = &v["years"][199]["condition_m2"];
    let m2 = |g: &str| last[g].as_str().unwrap().parse::<f64>().unwrap();
    assert!((m2("A") - 750.0).abs() < 1e-6, "{last}");
    assert!((m2("B") - 250.0).abs() < 1e-6, "{last}");
    // Monte Carlo frequencies in the last year: 4,000 runs, standard error √(0.75·0.25/4000) ≈ 0.7 %
    // of the area; allow 3 %.
    let mc = montecarlo(&dir, "4000", "11");
    let g = &mc["years"][199]["mean_m2_by_grade"];
    let a = g["A"].as_str().unwrap().parse::<f64>().unwrap();
    assert!((a - 750.0).abs() < 30.0, "{g}");
}

#[test]
fn monte_carlo_mean_grades_match_the_expected_projection() {
    // Forty buildings of different ages and grades under the default chains; 4,000 runs. The area
    // of a grade in a year is a sum of 40 independent indicators of 1,000 m² each: its variance per
    // run is at most 40 × 1,000² / 4 = 10,000,000 m⁴ (sd 3,162 m²), so the mean of 4,000 runs has a
    // standard error of at most 3,162 / √4,000 = 50 m². Each year's mean must be within 5 standard
    // errors (250 m²) of the expected projection's; by chance, one of the 30 years × 4 grades would
    // miss with probability under 120 × 5.7e-7 < 1e-4.
    let mut rows = String::new();
    for i in 0..40 {
        let grade = ["A", "B", "C", "D", ""][i % 5];
        let survey = if grade.is_empty() { "" } else { "2028" };
        rows.push_str(&format!("B{i},F1,1000,{},{grade},{survey}\n", 1960 + i));
    }
    let default_chains = std::fs::read_to_string("src/condition/presets/default.toml").unwrap();
    let dir = fixture(&rows, &default_chains, "");
    let v = project(&dir);
    let mc = montecarlo(&dir, "4000", "5");
    for (y, (e, m)) in v["years"]
        .as_array()
        .unwrap()
        .iter()
        .zip(mc["years"].as_array().unwrap())
        .enumerate()
    {
        for g in ["A", "B", "C", "D"] {
            let expected: f64 = e["condition_m2"][g].as_str().unwrap().parse().unwrap();
            let mean: f64 = m["mean_m2_by_grade"][g].as_str().unwrap().parse().unwrap();
            assert!(
                (expected - mean).abs() < 250.0,
                "year {y} grade {g}: expected {expected}, Monte Carlo mean {mean}"
            );
        }
    }
}

#[test]
fn zero_variance_reproduces_the_deterministic_projection() {
    // A chain with only certain moves and fixed draws: every run is the deterministic projection.
    let dir = fixture(
        "B1,F1,1000,2000,B,2029\nB2,F1,500,1995,C,2030\nB3,F1,800,1980,,\nB4,F1,300,2032,,\n",
        &chain(SURE),
        "",
    );
    let v = project(&dir);
    let mc = montecarlo(&dir, "50", "3");
    for (e, m) in v["years"]
        .as_array()
        .unwrap()
        .iter()
        .zip(mc["years"].as_array().unwrap())
    {
        let total = e["total_yen"].as_str().unwrap();
        assert_eq!(m["p5_yen"], total);
        assert_eq!(m["p50_yen"], total);
        assert_eq!(m["p95_yen"], total);
        assert_eq!(m["expected_yen"], total);
        for g in ["A", "B", "C", "D"] {
            let expected: f64 = e["condition_m2"][g].as_str().unwrap().parse().unwrap();
            let mean: f64 = m["mean_m2_by_grade"][g].as_str().unwrap().parse().unwrap();
            assert!((expected - mean).abs() < 1e-9);
        }
    }
}

#[test]
fn same_seed_same_bytes_at_any_thread_count_and_seeds_differ() {
    let dir = fixture_with(
        "B1,F1,1000,1985,B,2029\nB2,F1,500,1975,C,2030\nB3,F1,800,1990,,\n",
        &std::fs::read_to_string("src/condition/presets/default.toml").unwrap(),
        "",
        "{ distribution = \"normal\", mean = 0.01, sd = 0.01 }",
    );
    let s = dir.path().join("s.toml");
    let args = |seed: &'static str| {
        vec![
            "montecarlo".to_string(),
            s.to_str().unwrap().to_string(),
            "--runs".into(),
            "2000".into(),
            "--seed".into(),
            seed.into(),
            "--format".into(),
            "json".into(),
        ]
    };
    let run = |seed: &'static str, threads: &str| {
        let a = args(seed);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        shisetsu_env(&a, &[("RAYON_NUM_THREADS", threads)])
    };
    let one = run("7", "1");
    let two = run("7", "2");
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    let other = run("8", "2");
    assert_ne!(one.stdout, other.stdout);
    let v = json(&one.stdout);
    assert!(v["probability_any_year_over_cap"].is_number());
    assert!(v["years"][0]["probability_over_cap"].is_number());
}

#[test]
fn bad_chains_are_located() {
    let dir = fixture(
        "B1,F1,1000,1985,B,2029\n",
        &chain("[[0.9, 0.2, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]"),
        "",
    );
    let r = shisetsu(&["project", dir.path().join("inv").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("chains.toml:3: chains[0].matrix[0]: the row adds up to 1.1, not 1"),
        "{}",
        r.stderr
    );
}

#[test]
fn every_problem_of_a_chain_file_is_listed_together() {
    let dir = fixture(
        "B1,F1,1000,1985,B,2029\n",
        "[[chains]]\nsource = 3\nmatrix = 3\n\n[[chains]]\nsource = \"x\"\nstructure = \"rc\"\nmatix = 1\n",
        "",
    );
    let r = shisetsu(&["project", dir.path().join("inv").to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let file = dir.path().join("inv").join("chains.toml");
    let file = file.to_str().unwrap();
    let want = [
        format!("error: {file}:2: chains[0].source: invalid type: integer `3`, expected a string"),
        format!("{file}:3: chains[0].matrix: invalid type: integer `3`, expected a sequence"),
        format!("{file}:5: chains[1]: missing field `matrix`"),
        format!(
            "{file}:8: chains[1].matix: unknown field `matix`, expected one of `category`, \
             `structure`, `source`, `matrix`"
        ),
        "4 problems found".to_string(),
    ];
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want);
}

/// Eighty buildings in two classes of forty, every area different: built 2000 and surveyed B in
/// 2025 (a renovation due in 2030), and built 1975 with the grade their age gives (a rebuild due in
/// 2035), under a chain whose rows move to more than one grade. Escalation and unit costs are fixed,
/// so every difference between runs comes from the deterioration drawn.
fn two_classes() -> (TempDir, shisetsu::scenario::Scenario) {
    let mut rows = String::new();
    for i in 0..40 {
        rows.push_str(&format!("N{i},F1,{},2000,B,2025\n", 100 + 37 * i));
        rows.push_str(&format!("O{i},F1,{}.5,1975,,\n", 50 + 91 * i));
    }
    let dir = fixture(
        &rows,
        &chain("[[0.8, 0.15, 0.05, 0], [0, 0.8, 0.15, 0.05], [0, 0, 0.85, 0.15], [0, 0, 0, 1]]"),
        "",
    );
    let s = shisetsu::scenario::load(
        &dir.path().join("s.toml"),
        &shisetsu::input::Disk,
        &shisetsu::scenario::Cache::new(),
    )
    .unwrap();
    (dir, s)
}

/// The two-sample Kolmogorov–Smirnov statistic: the largest gap between the empirical distribution
/// functions, taken after every value (ties stepped over together).
fn ks<T: Ord + Copy>(mut a: Vec<T>, mut b: Vec<T>) -> f64 {
    a.sort_unstable();
    b.sort_unstable();
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < a.len() || j < b.len() {
        let x = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) | (None, Some(&x)) => x,
            (None, None) => unreachable!(),
        };
        while i < a.len() && a[i] == x {
            i += 1;
        }
        while j < b.len() && b[j] == x {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    d
}

#[test]
fn cohorts_and_single_buildings_draw_the_same_distribution() {
    use shisetsu::montecarlo::{Sampler, Settings, run_part_with};
    let (_dir, s) = two_classes();
    let runs = 2000;
    let draw = |sampler, seed| {
        run_part_with(&s, Settings { runs, seed }, sampler, 0..runs, &|_| {}).unwrap()
    };
    // Every class a cohort, against every building alone; independent seeds.
    let cohorts = draw(Sampler::Class { min_cohort: 1 }, 2);
    let single = draw(Sampler::Building, 1);
    // The samplers draw differently from one seed (the cohorts are really drawn as cohorts).
    assert_ne!(draw(Sampler::Class { min_cohort: 1 }, 1), single);
    // Two statistics: the plan's total (exact yen) and the area in grade D in the last year.
    let total = |r: &Vec<shisetsu::montecarlo::RunTotals>| -> Vec<rust_decimal::Decimal> {
        r.iter().map(|t| t.totals.iter().copied().sum()).collect()
    };
    let last_d = |r: &Vec<shisetsu::montecarlo::RunTotals>| -> Vec<i128> {
        r.iter().map(|t| t.grades[9][3]).collect()
    };
    // Critical value of the two-sample test at α = 0.001 for n = m = 2000:
    // c(α) = √(−ln(α/2) / 2) = √(ln 2000 / 2) = √(7.6009 / 2) = 1.9495, and
    // D_crit = c(α) · √((n + m) / (n·m)) = 1.9495 × √(4000 / 4,000,000) = 1.9495 × 0.031623 = 0.0617.
    // Samples of the same law exceed it with probability 0.001 each (the seeds are fixed, so the
    // test is deterministic); a sampler that moved a whole class together would spread the totals
    // far wider and fail.
    let d_total = ks(total(&cohorts), total(&single));
    let d_grade = ks(last_d(&cohorts), last_d(&single));
    assert!(
        d_total < 0.0617,
        "KS statistic of the plan totals: {d_total}"
    );
    assert!(
        d_grade < 0.0617,
        "KS statistic of the D area in the last year: {d_grade}"
    );
    // The plan total varies from run to run, so the test has something to compare.
    assert!(total(&single).iter().max() > total(&single).iter().min());
}

#[test]
fn cohorts_give_the_same_runs_at_one_and_two_threads() {
    use shisetsu::montecarlo::{Sampler, Settings, run_part_with};
    let (_dir, s) = two_classes();
    let settings = Settings { runs: 300, seed: 9 };
    let at = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run_part_with(&s, settings, Sampler::default(), 0..300, &|_| {}).unwrap())
    };
    assert_eq!(at(1), at(2));
    // And through the command: the same bytes with RAYON_NUM_THREADS 1 and 2.
    let path = _dir.path().join("s.toml");
    let args = [
        "montecarlo",
        path.to_str().unwrap(),
        "--runs",
        "300",
        "--format",
        "json",
    ];
    let one = shisetsu_env(&args, &[("RAYON_NUM_THREADS", "1")]);
    let two = shisetsu_env(&args, &[("RAYON_NUM_THREADS", "2")]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn classes_smaller_than_a_cohort_are_drawn_building_by_building() {
    // With fewer than MIN_COHORT (16) buildings in any class the default sampler is the reference,
    // run for run; with 40 in a class it is not.
    use shisetsu::montecarlo::{MIN_COHORT, Sampler, Settings, run_part_with};
    assert_eq!(MIN_COHORT, 16);
    let (_dir, s) = two_classes();
    let settings = Settings { runs: 50, seed: 4 };
    let draw = |sampler| run_part_with(&s, settings, sampler, 0..50, &|_| {}).unwrap();
    assert_eq!(
        draw(Sampler::Class { min_cohort: 41 }),
        draw(Sampler::Building)
    );
    assert_ne!(draw(Sampler::default()), draw(Sampler::Building));
}
