//! Sharded runs: `run --shard I/N` and `montecarlo --shard I/N` write parts that `merge` puts back
//! together into the very bytes of the unsharded run, in every machine-readable format; parts that
//! are not the shards of one run are refused. (`scripts/shard-test.sh` runs the shards with GNU
//! parallel in CI.)

use crate::util::shisetsu;

/// Runs `args` whole, and as `n` shards merged (parts given in reverse order); both outputs.
fn whole_and_merged(args: &[&str], n: u32) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let whole = shisetsu(args);
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    let mut parts = Vec::new();
    for i in 1..=n {
        let part = dir.path().join(format!("part{i}.json"));
        let shard = format!("{i}/{n}");
        let mut a = args.to_vec();
        a.extend(["--shard", &shard, "--output", part.to_str().unwrap()]);
        let r = shisetsu(&a);
        assert_eq!(r.code, 0, "{}", r.stderr);
        parts.push(part.to_str().unwrap().to_string());
    }
    parts.reverse();
    let mut m = vec!["merge"];
    m.extend(parts.iter().map(String::as_str));
    let merged = shisetsu(&m);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    (whole.stdout, merged.stdout)
}

#[test]
fn merged_shards_give_the_bytes_of_the_whole_run() {
    let k = "scenarios/kanuma";
    for format in [
        &["--format", "json"][..],
        &["--format", "csv"],
        &["--format", "csv", "--unit", "oku", "--excel"],
        &["--format", "csv-facilities"],
    ] {
        let mut args = vec!["run", k];
        args.extend(format);
        // Nine scenarios in 4 shards (3, 2, 2, 2).
        let (whole, merged) = whole_and_merged(&args, 4);
        assert_eq!(whole, merged, "{format:?}");
    }
    // One scenario in 2 shards: the second has none.
    let one = ["run", "scenarios/kanuma/baseline.toml", "--format", "json"];
    let (whole, merged) = whole_and_merged(&one, 2);
    assert_eq!(whole, merged);
    for (scenario, format) in [("baseline", "table"), ("condition", "json")] {
        let file = format!("{k}/{scenario}.toml");
        let args = [
            "montecarlo",
            &file,
            "--runs",
            "61",
            "--seed",
            "9",
            "--format",
            format,
        ];
        let (whole, merged) = whole_and_merged(&args, 4);
        assert_eq!(whole, merged, "{scenario} {format}");
    }
}

#[test]
fn parts_of_different_runs_do_not_merge() {
    let dir = tempfile::tempdir().unwrap();
    let part = |name: &str, args: &[&str]| {
        let p = dir.path().join(name).to_str().unwrap().to_string();
        let mut a = args.to_vec();
        a.extend(["--output", &p]);
        assert_eq!(shisetsu(&a).code, 0);
        p
    };
    let k = "scenarios/kanuma";
    let a1 = part("a1", &["run", k, "--format", "json", "--shard", "1/2"]);
    let a2 = part("a2", &["run", k, "--format", "json", "--shard", "2/2"]);
    let c2 = part("c2", &["run", k, "--format", "csv", "--shard", "2/2"]);
    let m1 = part(
        "m1",
        &[
            "montecarlo",
            "scenarios/kanuma/baseline.toml",
            "--runs",
            "10",
            "--shard",
            "1/2",
        ],
    );
    let cases: [(&[&str], &str); 5] = [
        (&[&a1], "shard 2/2 is missing"),
        (&[&a1, &a1], "shard 1/2 is given twice"),
        (&[&a1, &c2], "a part of another batch"),
        (&[&a1, &m1], "mix a batch run and a Monte Carlo analysis"),
        (&[&m1], "shard 2/2 is missing"),
    ];
    for (parts, message) in cases {
        let mut args = vec!["merge"];
        args.extend(parts);
        let r = shisetsu(&args);
        assert_eq!(r.code, 2, "{parts:?}");
        assert!(r.stderr.contains(message), "{parts:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    let ok = shisetsu(&["merge", &a2, &a1]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    for bad in ["0/2", "3/2", "x"] {
        let r = shisetsu(&["run", k, "--format", "json", "--shard", bad]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("give I/N"), "{}", r.stderr);
    }
    let r = shisetsu(&["run", k, "--shard", "1/2"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("give --format json, csv or"),
        "{}",
        r.stderr
    );
}
