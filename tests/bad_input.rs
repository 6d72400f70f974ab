//! Bad input never panics: exit status 2, a message naming the file, the line and the field, and
//! nothing written. Every bad file under `tests/fixtures/` is checked, message by message, in
//! `diagnostics.rs`; here, what needs a file made on the spot.

use crate::util::{TempDir, shisetsu};

const HEADER: &str = "id,name,category,floor_area_m2,built_year\n";

/// Runs `project` on a buildings CSV with these bytes and checks: exit 2, exactly `expected` on
/// standard error (each `file:line: field: …`, `FILE` standing for the file; the count of problems
/// last when there is more than one), nothing on standard output, no output file written.
fn check(bytes: &[u8], expected: &[&str]) {
    let dir = TempDir::new();
    let path = dir.write("in.csv", bytes);
    let out = dir.path().join("out.json");
    let r = shisetsu(&[
        "project",
        path.to_str().unwrap(),
        "--from",
        "2022",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "exit status; stderr:\n{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout);
    assert!(!out.exists(), "no output file on error");
    let file = path.to_str().unwrap();
    let want: Vec<String> = expected
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let e = e.replace("FILE", file);
            if i == 0 { format!("error: {e}") } else { e }
        })
        .collect();
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want);
}

#[test]
fn shift_jis_and_bom_files_are_read() {
    let dir = TempDir::new();
    // "学校教育系施設" in Shift_JIS (CP932), and a name 鹿沼.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS
        .encode("id,name,category,floor_area_m2,built_year\nA,鹿沼小,学校教育系施設,1000,2000\n");
    let a = dir.write("sjis.csv", &sjis);
    let b = dir.write(
        "bom.csv",
        "\u{feff}id,name,category,floor_area_m2,built_year\r\nA,鹿沼小,学校教育系施設,1000,2000\r\n",
    );
    for p in [a, b] {
        let r = shisetsu(&[
            "project",
            p.to_str().unwrap(),
            "--from",
            "2016",
            "--format",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // School 1,000 m² built 2000: renovation 17万 × 1,000 / 2 = 85,000,000 yen in 2030.
        assert!(
            r.stdout.contains("\"total_yen\": \"85000000\""),
            "{}",
            r.stdout
        );
    }
}

/// A file large enough to be read in parallel chunks (over 2 MiB), with problems far into it: the
/// lines reported are the file's own, whichever chunk found them.
#[test]
fn problems_in_a_large_file_are_located_exactly() {
    let mut csv = String::from(HEADER);
    for i in 0..120_000 {
        match i {
            100_000 => csv.push_str("X1,bad,school,-5,1980\n"), // line 100,002
            110_000 => csv.push_str("B5,dup,school,100,1980\n"), // line 110,002: B5 is on line 7
            115_000 => csv.push_str("X2,bad,gym,100,1980\n"),   // line 115,002
            _ => csv.push_str(&format!(
                "B{i},building {i},school,{}.5,{}\n",
                100 + i % 900,
                1950 + i % 70
            )),
        }
    }
    assert!(csv.len() > 3 << 20);
    check(
        csv.as_bytes(),
        &[
            "FILE:100002: floor_area_m2: \"-5\" is negative",
            "FILE:110002: id: duplicate id \"B5\" (first on line 7)",
            "FILE:115002: category: \"gym\" is not a building category (use a key or 大分類 \
             name: civic_culture, social_education, sports_recreation, industrial, school, \
             childcare, health_welfare, medical, administrative, public_housing, park, utility, \
             other)",
            "3 problems found",
        ],
    );
}
