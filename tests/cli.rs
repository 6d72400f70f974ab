//! The command-line contract: exit statuses, formats, defaults, atomic output.

use crate::util::{TempDir, json, shisetsu};

const E1: &str = "id,name,category,floor_area_m2,built_year\n\
                  S1,school,school,1000,2000\n\
                  S2,hall,civic_culture,2000,1980\n";

#[test]
fn a_buildings_csv_needs_a_first_year() {
    let dir = TempDir::new();
    let p = dir.write("b.csv", E1);
    let r = shisetsu(&["project", p.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--from YEAR"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(shisetsu(&["project"]).code, 2);
    assert_eq!(shisetsu(&["frobnicate"]).code, 2);
    let dir = TempDir::new();
    let p = dir.write("b.csv", E1);
    let r = shisetsu(&[
        "project",
        p.to_str().unwrap(),
        "--from",
        "2016",
        "--model",
        "nope",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no such cost model"), "{}", r.stderr);
    let r = shisetsu(&[
        "project",
        p.to_str().unwrap(),
        "--from",
        "2016",
        "--cap",
        "lots",
    ]);
    assert_eq!(r.code, 2);
    let r = shisetsu(&[
        "project",
        p.to_str().unwrap(),
        "--from",
        "2016",
        "--years",
        "0",
    ]);
    assert_eq!(r.code, 2);
    let r = shisetsu(&["project", "no/such/file.csv", "--from", "2016"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no/such/file.csv: cannot read"),
        "{}",
        r.stderr
    );
    // A scenario where an inventory goes, and an inventory where scenarios go, are pointed to the
    // right command rather than read as something else.
    let root = env!("CARGO_MANIFEST_DIR");
    let r = shisetsu(&[
        "project",
        &format!("{root}/scenarios/kanuma/baseline.toml"),
        "--from",
        "2022",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not an inventory"), "{}", r.stderr);
    let r = shisetsu(&["run", &format!("{root}/facilities/kanuma")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("an inventory folder, not a folder of scenarios"),
        "{}",
        r.stderr
    );
    // CSV options with a format that is not CSV are refused, not ignored.
    for extra in [&["--unit", "sen"][..], &["--excel"][..]] {
        let mut args = vec![
            "project",
            p.to_str().unwrap(),
            "--from",
            "2016",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let r = shisetsu(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains("apply to CSV output"), "{}", r.stderr);
    }
}

#[test]
fn cap_is_judged_every_year() {
    let dir = TempDir::new();
    let p = dir.write("b.csv", E1);
    // 2016–2025 cost 5,000万 a year (the hall's renovation backlog, 25万 × 2,000 / 10); 2030–2031
    // 8,500万 (the school's renovation). A cap of 0.6億 = 60,000,000 yen is exceeded in 2030 and 2031
    // only.
    let r = shisetsu(&[
        "project",
        p.to_str().unwrap(),
        "--from",
        "2016",
        "--years",
        "20",
        "--cap",
        "0.6億",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["cap_yen"], "60000000");
    assert_eq!(v["years_over_cap"], serde_json::json!([2030, 2031]));
    assert_eq!(v["meets_cap"], false);
    assert_eq!(v["years"][14]["over_cap"], true);
    assert_eq!(v["years"][0]["over_cap"], false);
}

#[test]
fn output_is_written_atomically_and_never_over_an_input() {
    let dir = TempDir::new();
    let p = dir.write("b.csv", E1);
    let out = dir.path().join("p.csv");
    let r = shisetsu(&[
        "project",
        p.to_str().unwrap(),
        "--from",
        "2016",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("scenario,year,kind,category,amount_yen,kind_ja,category_ja\n"),
        "{text}"
    );
    // 2016, renovation backlog of the hall: 50,000,000 yen.
    assert!(
        text.contains(
            "b,2016,renovation_backlog,civic_culture,50000000,積み残し改修,市民文化系施設\n"
        ),
        "{text}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());

    let before = std::fs::read(&p).unwrap();
    let r = shisetsu(&[
        "project",
        p.to_str().unwrap(),
        "--from",
        "2016",
        "--output",
        p.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("refusing to overwrite an input"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn presets_print_with_their_sources() {
    let r = shisetsu(&["model", "mic"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("試算ソフト"), "{}", r.stdout);
    let r = shisetsu(&["model", "long-life"]);
    assert!(r.stdout.contains("加古川市"), "{}", r.stdout);
}

#[test]
fn a_large_csv_gives_the_same_bytes_at_any_thread_count_and_either_way() {
    let dir = TempDir::new();
    let p = dir.path().join("big.csv");
    let r = shisetsu(&[
        "generate",
        "--buildings",
        "120000",
        "--seed",
        "3",
        "--output",
        p.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let args = [
        "project",
        p.to_str().unwrap(),
        "--from",
        "2022",
        "--years",
        "40",
        "--format",
        "json",
    ];
    let one = crate::util::shisetsu_env(&args, &[("RAYON_NUM_THREADS", "1")]);
    let four = crate::util::shisetsu_env(&args, &[("RAYON_NUM_THREADS", "4")]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, four.stdout);
    // Streaming the file and loading it whole give the same projection.
    let model = shisetsu::cost::CostModel::preset("mic").unwrap();
    let plan = shisetsu::plan::Plan::of(2022, 40, None).unwrap();
    let inv = shisetsu::inventory::Inventory::load(&p).unwrap();
    assert_eq!(inv.buildings.len(), 120_000);
    let whole = shisetsu::projection::project(
        "big",
        &model,
        plan,
        &shisetsu::projection::Aggregate::from_inventory(&inv),
    )
    .unwrap();
    let streamed = shisetsu::projection::project(
        "big",
        &model,
        plan,
        &shisetsu::projection::Aggregate::from_buildings_csv(&p).unwrap(),
    )
    .unwrap();
    assert_eq!(whole, streamed);
    // The same seed gives the same file.
    let q = dir.path().join("again.csv");
    shisetsu(&[
        "generate",
        "--buildings",
        "120000",
        "--seed",
        "3",
        "--output",
        q.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&p).unwrap(), std::fs::read(&q).unwrap());
}

#[test]
fn generate_does_not_replace_an_inventory_unless_forced() {
    let dir = TempDir::new();
    let csv = dir.write("mine.csv", E1);
    let folder = dir.path().join("inv");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("facilities.csv"), "mine").unwrap();
    let generate = |out: &std::path::Path, force: bool| {
        let mut args = vec![
            "generate",
            "--buildings",
            "10",
            "--output",
            out.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        shisetsu(&args)
    };
    for out in [&csv, &folder] {
        let r = generate(out, false);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("give --force"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), E1);
    assert_eq!(
        std::fs::read_to_string(folder.join("facilities.csv")).unwrap(),
        "mine"
    );
    // An empty folder is no one's inventory; --force replaces.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let r = generate(&empty, false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A folder regenerated with --force keeps no table of the inventory it replaces.
    std::fs::write(empty.join("infrastructure.csv"), "stale").unwrap();
    let r = generate(&empty, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!empty.join("infrastructure.csv").exists());
    let r = generate(&csv, true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with("id,name,category")
    );
}

#[test]
fn no_output_replaces_a_file_read_on_the_way() {
    // The fixture's scenario names only itself on the command line; the inventory's tables and cost
    // model are read through it. None of them may be the output, whatever the command.
    let dir = crate::scenarios::fixture();
    let scenario = dir.write(
        "s.toml",
        "inventory = \"inv\"\n[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2031\n",
    );
    let s = scenario.to_str().unwrap();
    let inv = dir.path().join("inv");
    for (target, command) in [
        ("roads.csv", vec!["run", s, "--format", "csv"]),
        ("model.toml", vec!["explain", s, "--year", "2031"]),
        ("inventory.toml", vec!["montecarlo", s, "--runs", "5"]),
        ("facilities.csv", vec!["report", s]),
        ("model.toml", vec!["project", inv.to_str().unwrap()]),
        // Not there yet, but a table the inventory would read from then on.
        ("infrastructure.csv", vec!["project", inv.to_str().unwrap()]),
    ] {
        let path = inv.join(target);
        let before = std::fs::read(&path).ok();
        let mut args = command.clone();
        let out = path.to_str().unwrap();
        args.extend(["--output", out]);
        let r = shisetsu(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("refusing to overwrite an input"),
            "{}",
            r.stderr
        );
        assert_eq!(std::fs::read(&path).ok(), before, "{args:?}");
    }
    // A run in which every scenario fails writes nothing.
    let out = dir.path().join("out.csv");
    let r = shisetsu(&[
        "run",
        dir.path().join("missing.toml").to_str().unwrap(),
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(!out.exists());
}

#[test]
fn a_cap_is_whole_yen_and_years_take_their_era() {
    let dir = TempDir::new();
    let p = dir.write("b.csv", E1);
    let p = p.to_str().unwrap();
    // 0.5 yen would print as a cap of 0: refused, not rounded.
    for cap in ["0.5", "1.000000001億"] {
        let r = shisetsu(&["project", p, "--from", "2016", "--cap", cap]);
        assert_eq!(r.code, 2, "{cap}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("--cap {cap:?}: not a whole number of yen")),
            "{}",
            r.stderr
        );
    }
    // H28 is 1989 + 28 − 1 = 2016; 55.8億 is 5,580,000,000 yen.
    let a = shisetsu(&[
        "project", p, "--from", "H28", "--cap", "55.8億", "--format", "json",
    ]);
    let b = shisetsu(&[
        "project",
        p,
        "--from",
        "2016",
        "--cap",
        "5580000000",
        "--format",
        "json",
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    let r = shisetsu(&["project", p, "--from", "S65"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--from \"S65\" does not exist: 昭和 ended in its 64th year (1989)"),
        "{}",
        r.stderr
    );
}

/// Runs the binary with standard output (and standard error) sent to the files given.
fn shisetsu_to(
    args: &[&str],
    stdout: std::fs::File,
    stderr: Option<std::fs::File>,
) -> (i32, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_shisetsu"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(stdout);
    match stderr {
        Some(f) => {
            cmd.stderr(f);
        }
        None => {
            cmd.stderr(std::process::Stdio::piped());
        }
    }
    let out = cmd.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_output_that_cannot_be_written_is_an_error() {
    // A full disk (/dev/full): exit 2 and a message, for every command that prints, not exit 0 with
    // a cut output.
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let dir = TempDir::new();
    let p = dir.write("b.csv", E1);
    let p = p.to_str().unwrap();
    for args in [
        vec!["project", p, "--from", "2016"],
        vec!["project", p, "--from", "2016", "--format", "json"],
        vec!["validate", p],
        vec!["model", "mic"],
        vec![],
    ] {
        let (code, stderr) = shisetsu_to(&args, full(), None);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("standard output: cannot write: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
    // Nor does an error that cannot be told (standard error full too) panic: exit 2 says it.
    let bad = dir.write("bad.csv", "id,name\n");
    let (code, _) = shisetsu_to(
        &["project", bad.to_str().unwrap(), "--from", "2016"],
        full(),
        Some(full()),
    );
    assert_eq!(code, 2);
}

#[test]
fn an_operating_cost_the_model_does_not_count_is_said_so() {
    // Under mic (no running costs) the facilities' own operating costs are not counted: every
    // output says so, with how much they would add, rather than dropping them without a word.
    let dir = TempDir::new();
    let p = dir.write(
        "b.csv",
        "id,name,category,floor_area_m2,built_year,operating_cost_yen\n\
         S1,school,school,1000,2000,3000000\nS2,hall,civic_culture,2000,1980,\n\
         S3,gym,school,500,2001,1000000\n",
    );
    let p = p.to_str().unwrap();
    let r = shisetsu(&[
        "project", p, "--from", "2016", "--years", "10", "--format", "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    // Two buildings give a cost: (3,000,000 + 1,000,000) a year × 10 years = 40,000,000.
    assert_eq!(
        v["not_counted"],
        serde_json::json!([{
            "what": "operating_cost_yen", "facilities": 2, "yen": "40000000",
            "why": "the cost model projects no running costs ([operating] enabled = false)"
        }])
    );
    let r = shisetsu(&["project", p, "--from", "2016", "--years", "10"]);
    assert!(
        r.stdout
            .contains("not counted: operating_cost_yen of 2 facilities (0.40 億円 over the plan)"),
        "{}",
        r.stdout
    );
    let r = shisetsu(&["validate", p]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "note: operating_cost_yen of 2 facilities is not counted under the cost model \"mic\""
        ),
        "{}",
        r.stdout
    );
    // A model with running costs counts them: nothing is left out.
    let m = dir.write(
        "running.toml",
        "base = \"mic\"\n[operating]\nenabled = true\n",
    );
    let r = shisetsu(&[
        "project",
        p,
        "--from",
        "2016",
        "--years",
        "10",
        "--format",
        "json",
        "--model",
        m.to_str().unwrap(),
    ]);
    assert_eq!(json(&r.stdout)["not_counted"], serde_json::json!([]));
}

#[test]
fn a_facility_over_its_own_capacity_is_warned_of() {
    // capacity is in users a year, as annual_users: 300 users of a school built for 200 is
    // worth a warning (the inventory is still valid).
    let dir = TempDir::new();
    dir.write(
        "inventory.toml",
        "name = \"x\"\n[plan]\nfirst_year = 2022\nyears = 30\n",
    );
    dir.write(
        "facilities.csv",
        "id,name,category,functions,annual_users,capacity\n\
         F1,a,school,elementary_school,300,200\nF2,b,school,elementary_school,100,200\n",
    );
    dir.write(
        "buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,100,1980\nB2,F2,100,1980\n",
    );
    let r = shisetsu(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "warning: facility F1 (line 2 of the facilities table): 300 annual users exceed its \
             capacity of 200"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("facility F2"), "{}", r.stdout);
}
