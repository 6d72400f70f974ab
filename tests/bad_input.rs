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

/// A buildings CSV: the header and these rows.
fn csv(rows: &str) -> Vec<u8> {
    format!("{HEADER}{rows}").into_bytes()
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

#[test]
fn an_era_year_past_the_end_of_its_era_is_an_error() {
    // 昭和 lasted 64 years (1926–1989), 平成 31 (1989–2019), 大正 15, 明治 45: S65 or H32 name no
    // year at all, and are not read as 1990 and 2020.
    check(
        &csv(
            "A,a,school,100,S65\nB,b,school,100,平成32年\nC,c,school,100,T16\nD,d,school,100,S64\n",
        ),
        &[
            "FILE:2: built_year: \"S65\" does not exist: 昭和 ended in its 64th year (1989)",
            "FILE:3: built_year: \"平成32年\" does not exist: 平成 ended in its 31st year (2019)",
            "FILE:4: built_year: \"T16\" does not exist: 大正 ended in its 15th year (1926)",
            "3 problems found",
        ],
    );
}

#[test]
fn a_column_given_twice_under_two_names_is_an_error() {
    check(
        b"id,name,category,floor_area_m2,built_year,\xE5\xBB\xB6\xE5\xBA\x8A\xE9\x9D\xA2\xE7\xA9\x8D\nA,a,school,100,1980,200\n",
        &["FILE:1: floor_area_m2: \"floor_area_m2\" and \"延床面積\" name the same column; keep one"],
    );
}

#[test]
fn a_file_mixing_utf8_and_shift_jis_lines_is_an_error() {
    // Line 2 in UTF-8 (鹿沼小), line 3 in Shift_JIS (学校 = 8A 77 8D 5A): read as either encoding, one
    // of them would be mojibake.
    let mut bytes = csv("A,鹿沼小,school,100,1980\n");
    bytes.extend_from_slice(b"B,\x8A\x77\x8D\x5A,school,100,1980\n");
    check(
        &bytes,
        &[
            "FILE:3: line 3 is not UTF-8 but line 2 is: the file mixes encodings (UTF-8 and Shift_JIS?); save it in one encoding",
        ],
    );
    // The other way round: Shift_JIS first, a UTF-8 line after it.
    let mut bytes = csv("");
    bytes.extend_from_slice(b"B,\x8A\x77\x8D\x5A,school,100,1980\n");
    bytes.extend_from_slice("A,鹿沼小,school,100,1980\n".as_bytes());
    check(
        &bytes,
        &[
            "FILE:3: line 3 is UTF-8 but line 2 is not: the file mixes encodings (UTF-8 and Shift_JIS?); save it in one encoding",
        ],
    );
}

#[test]
fn a_huge_header_is_quoted_only_in_part() {
    // A 2 MB header without the required columns: each missing-column message quotes a bounded
    // excerpt of it, not the header whole.
    let mut header = String::from("id,name");
    for i in 0.. {
        if header.len() > 2_000_000 {
            break;
        }
        header.push_str(&format!(",xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{i}"));
    }
    let dir = TempDir::new();
    let path = dir.write("in.csv", format!("{header}\nA,a\n"));
    let r = shisetsu(&["project", path.to_str().unwrap(), "--from", "2022"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("floor_area_m2: missing column (the header has: id, name, xxx"),
        "{}",
        &r.stderr[..500.min(r.stderr.len())]
    );
    assert!(r.stderr.len() < 3_000, "stderr is {} bytes", r.stderr.len());
}

#[test]
fn a_huge_value_is_quoted_only_in_part() {
    let big = "9".repeat(1_000_000);
    let dir = TempDir::new();
    let path = dir.write(
        "in.csv",
        csv(&format!("A,a,school,{big}x,1980\nB,{big},{big},100,1980\n")),
    );
    let r = shisetsu(&["project", path.to_str().unwrap(), "--from", "2022"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(":2: floor_area_m2: \"99999"),
        "{}",
        &r.stderr[..300.min(r.stderr.len())]
    );
    assert!(
        r.stderr.contains(":3: category: \"99999"),
        "{}",
        &r.stderr[..300.min(r.stderr.len())]
    );
    assert!(r.stderr.len() < 2_000, "stderr is {} bytes", r.stderr.len());
}

/// A small valid inventory folder with its buildings table (`buildings.csv`) left to the caller.
fn folder_without_buildings(dir: &TempDir) -> std::path::PathBuf {
    dir.write(
        "inv/inventory.toml",
        "name = \"x\"\n[plan]\nfirst_year = 2022\nyears = 30\n",
    );
    dir.write("inv/facilities.csv", "id,name,category\nF1,f,school\n");
    dir.path().join("inv")
}

#[test]
fn pipes_devices_and_folders_are_refused_wherever_a_file_is_read() {
    use crate::util::{mkfifo, shisetsu_must_finish};
    let dir = TempDir::new();
    let fifo = dir.path().join("pipe.csv");
    mkfifo(&fifo);
    let fifo_toml = dir.path().join("pipe.toml");
    mkfifo(&fifo_toml);
    let inv = folder_without_buildings(&dir);
    mkfifo(&inv.join("buildings.csv"));
    let good = dir.write("b.csv", csv("A,a,school,100,1980\n"));
    let (f, ft, g) = (
        fifo.to_str().unwrap(),
        fifo_toml.to_str().unwrap(),
        good.to_str().unwrap(),
    );
    let folder = dir.path().to_str().unwrap();
    for (args, file, what) in [
        (
            vec!["project", f, "--from", "2022"],
            f.to_string(),
            "a FIFO",
        ),
        (vec!["validate", f], f.to_string(), "a FIFO"),
        (
            vec!["project", g, "--from", "2022", "--model", ft],
            ft.to_string(),
            "a FIFO",
        ),
        (vec!["run", ft], ft.to_string(), "a FIFO"),
        (
            vec!["project", g, "--from", "2022", "--model", "/dev/zero"],
            "/dev/zero".to_string(),
            "a character device",
        ),
        (
            vec!["project", "/dev/urandom", "--from", "2022"],
            "/dev/urandom".to_string(),
            "a character device",
        ),
        (
            vec!["validate", "/dev/zero"],
            "/dev/zero".to_string(),
            "a character device",
        ),
        (
            vec!["project", g, "--from", "2022", "--model", folder],
            folder.to_string(),
            "a folder",
        ),
        (
            vec!["validate", inv.to_str().unwrap()],
            inv.join("buildings.csv").display().to_string(),
            "a FIFO",
        ),
    ] {
        let r = shisetsu_must_finish(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let want = format!(
            "{file}: not a regular file ({what}): shisetsu reads files, not folders, pipes or devices"
        );
        assert!(
            r.stderr.contains(&want),
            "{args:?}: expected {want:?} in:\n{}",
            r.stderr
        );
    }
}

#[test]
fn a_file_beyond_its_cap_is_refused_unread() {
    // A 20 GiB cost model (sparse: it takes no disk space) is refused by its size, without being
    // read; so is a 9 GiB buildings CSV.
    let dir = TempDir::new();
    let model = dir.path().join("huge.toml");
    std::fs::File::create(&model)
        .unwrap()
        .set_len(20 << 30)
        .unwrap();
    let buildings = dir.path().join("huge.csv");
    std::fs::File::create(&buildings)
        .unwrap()
        .set_len(9 << 30)
        .unwrap();
    let good = dir.write("b.csv", csv("A,a,school,100,1980\n"));
    let r = shisetsu(&[
        "project",
        good.to_str().unwrap(),
        "--from",
        "2022",
        "--model",
        model.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let want = format!(
        "{}: the file is 20 GiB; at most 16 MiB of a TOML file is read",
        model.display()
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    let r = shisetsu(&["project", buildings.to_str().unwrap(), "--from", "2022"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let want = format!(
        "{}: the file is 9 GiB; at most 8 GiB of a buildings CSV is read",
        buildings.display()
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
}

#[test]
fn a_survey_before_the_building_is_an_error() {
    check(
        b"id,name,category,floor_area_m2,built_year,condition,survey_year\n\
          A,a,school,100,1990,B,1985\nB,b,school,100,1990,B,1990\n",
        &["FILE:2: survey_year: 1985 is before the year built 1990"],
    );
    // The same in a folder's buildings table.
    let dir = TempDir::new();
    dir.write(
        "inventory.toml",
        "name = \"x\"\n[plan]\nfirst_year = 2022\nyears = 30\n",
    );
    dir.write("facilities.csv", "id,name,category\nF1,f,school\n");
    let b = dir.write(
        "buildings.csv",
        "id,facility_id,floor_area_m2,built_year,condition,survey_year\nB1,F1,100,S50,C,S49\n",
    );
    let r = shisetsu(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let want = format!(
        "{}:2: survey_year: 1974 is before the year built 1975",
        b.display()
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
}

#[test]
fn tables_stay_in_the_inventory_folder_unless_allowed() {
    // An inventory handed over cannot make shisetsu read (and quote) a file elsewhere: a path out
    // of its folder, absolute or relative, or a link that leads out, is an error at its key.
    let dir = TempDir::new();
    let secret = dir.write("secret.csv", "id,name,category\nS,secret,school\n");
    let inv = dir.path().join("inv");
    dir.write("inv/facilities.csv", "id,name,category\nF1,f,school\n");
    dir.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,100,1980\n",
    );
    let toml = |files: &str| {
        dir.write(
            "inv/inventory.toml",
            format!("name = \"x\"\n[plan]\nfirst_year = 2022\nyears = 30\n[files]\n{files}"),
        )
    };
    let t = inv.join("inventory.toml");
    for (files, shown) in [
        (
            "facilities = \"../secret.csv\"\n",
            inv.join("../secret.csv"),
        ),
        (
            &format!("facilities = \"{}\"\n", secret.display()),
            secret.clone(),
        ),
    ] {
        toml(files);
        let r = shisetsu(&["validate", inv.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{files}: {}", r.stderr);
        let want = format!(
            "{}:6: files.facilities: {} is outside the inventory folder",
            t.display(),
            shown.display()
        );
        assert!(
            r.stderr.contains(&want),
            "expected {want:?} in:\n{}",
            r.stderr
        );
        // Not read: nothing of it is quoted.
        assert!(!r.stderr.contains("S,secret"), "{}", r.stderr);
    }
    // A link in the folder that leads out of it.
    toml("");
    std::fs::remove_file(inv.join("facilities.csv")).unwrap();
    std::os::unix::fs::symlink(&secret, inv.join("facilities.csv")).unwrap();
    let r = shisetsu(&["validate", inv.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("files.facilities: ")
            && r.stderr.contains("is outside the inventory folder"),
        "{}",
        r.stderr
    );
    // Allowed on purpose: read.
    toml("allow_outside_folder = true\nfacilities = \"../secret.csv\"\n");
    std::fs::remove_file(inv.join("facilities.csv")).unwrap();
    let r = shisetsu(&["validate", inv.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("\"F1\" is not a facility id"),
        "{}",
        r.stderr
    );
}
