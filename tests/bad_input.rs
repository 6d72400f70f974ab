//! Bad input never panics: exit status 2, a message naming the file, the line and the field, and
//! nothing written.

use crate::util::{TempDir, shisetsu};

const HEADER: &str = "id,name,category,floor_area_m2,built_year\n";

/// Runs `project` on a buildings CSV with these bytes and checks: exit 2, every expected fragment in
/// the message (each fragment is `file:line: field: …`), no output file written.
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
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout);
    assert!(!out.exists(), "no output file on error");
    let file = path.to_str().unwrap();
    for e in expected {
        let want = e.replace("FILE", file);
        assert!(
            r.stderr.contains(&want),
            "expected {want:?} in:\n{}",
            r.stderr
        );
    }
}

fn csv(rows: &str) -> Vec<u8> {
    format!("{HEADER}{rows}").into_bytes()
}

#[test]
fn empty_file() {
    check(b"", &["FILE: file is empty"]);
    check(b"\n\n  \r\n", &["FILE: file is empty"]);
    check(
        b"id,name,category,floor_area_m2,built_year\n\n",
        &["FILE:1: a header and no buildings (nothing to project)"],
    );
}

#[test]
fn missing_column() {
    check(
        b"id,name,category,built_year\nA,a,school,1980\n",
        &["FILE:1: floor_area_m2: missing column (the header has: id, name, category, built_year)"],
    );
}

#[test]
fn bad_areas() {
    check(
        &csv("A,a,school,abc,1980\n\
              B,b,school,-120,1980\n\
              C,c,school,NaN,1980\n\
              D,d,school,inf,1980\n\
              E,e,school,1e400,1980\n\
              F,f,school,99999999999,1980\n\
              G,g,school,,1980\n\
              H,h,school,0,1980\n"),
        &[
            "FILE:2: floor_area_m2: \"abc\" is not a number",
            "FILE:3: floor_area_m2: \"-120\" is negative",
            "FILE:4: floor_area_m2: \"NaN\" is not a number",
            "FILE:5: floor_area_m2: \"inf\" is not a number",
            "FILE:6: floor_area_m2: \"1e400\" is absurdly large",
            "FILE:7: floor_area_m2: \"99999999999\" is absurdly large",
            "FILE:8: floor_area_m2: is empty",
            "FILE:9: floor_area_m2: \"0\" is zero",
            "8 problems found",
        ],
    );
}

#[test]
fn bad_categories() {
    check(
        &csv("A,a,gym,100,1980\nB,b,,100,1980\nC,c,bridge,100,1980\n"),
        &[
            "FILE:2: category: \"gym\" is not a building category",
            "FILE:3: category: is empty",
            "FILE:4: category: \"bridge\" is not a building category",
        ],
    );
}

#[test]
fn bad_years() {
    check(
        &csv("A,a,school,100,\n\
              B,b,school,100,1975.5\n\
              C,c,school,100,-1975\n\
              D,d,school,100,19750\n\
              E,e,school,100,75\n\
              F,f,school,100,last year\n"),
        &[
            "FILE:2: built_year: is empty",
            "FILE:3: built_year: \"1975.5\" is not a whole year",
            "FILE:4: built_year: \"-1975\" is negative",
            "FILE:5: built_year: \"19750\" 19750 is outside 1850–2200",
            "FILE:6: built_year: \"75\" 75 is outside",
            "FILE:7: built_year: \"last year\" is not a year",
        ],
    );
}

#[test]
fn duplicate_id() {
    check(
        &csv("A,a,school,100,1980\nB,b,school,100,1980\nA,again,school,100,1990\n"),
        &["FILE:4: id: duplicate id \"A\" (first on line 2)"],
    );
}

#[test]
fn ragged_row() {
    check(
        &csv("A,a,school,100,1980\nB,b,school,100\nC,c,school,100,1980,extra\n"),
        &[
            "FILE:3: row has 4 fields but the header has 5",
            "FILE:4: row has 6 fields but the header has 5",
        ],
    );
}

#[test]
fn unclosed_quote() {
    check(
        &csv("A,a,school,100,1980\nB,\"b, the hall,school,100,1980\nC,c,school,100,1980\n"),
        &["FILE:3: unclosed quote"],
    );
}

#[test]
fn wrong_delimiter() {
    check(
        b"id;name;category;floor_area_m2;built_year\nA;a;school;100;1980\n",
        &[
            "FILE:1: id: missing column",
            "the header looks semicolon-separated",
        ],
    );
    check(
        b"id\tname\tcategory\tfloor_area_m2\tbuilt_year\nA\ta\tschool\t100\t1980\n",
        &["the header looks tab-separated"],
    );
}

#[test]
fn binary_garbage() {
    check(
        b"\x00\x01\x02\x03\xff\xfe\x00garbage",
        &["FILE:1: binary data (control byte 0x00)"],
    );
    check(
        b"id,name\n\xff\xff\xff\xff\n",
        &["FILE:2: not UTF-8 or Shift_JIS text: invalid byte 0xFF"],
    );
    check(
        b"PK\x03\x04\x14\x00\x06\x00",
        &["zip archive (an .xlsx workbook?)"],
    );
}

#[test]
fn all_errors_of_a_file_are_listed_together() {
    check(
        &csv("A,a,gym,100,1980\nB,b,school,-1,1980\nC,c,school,100,S\nA,d,school,100,1980\n"),
        &[
            "FILE:2: category",
            "FILE:3: floor_area_m2",
            "FILE:4: built_year",
            "FILE:5: id: duplicate id \"A\"",
            "4 problems found",
        ],
    );
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

#[test]
fn bad_inventory_folder_lists_every_file_problem() {
    let dir = TempDir::new();
    dir.write(
        "inventory.toml",
        "name = \"x\"\nmodle = \"mic\"\n[plan]\nfirst_year = 2022\nyears = 30\n",
    );
    let r = shisetsu(&["project", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("inventory.toml:2: modle: unknown field"),
        "{}",
        r.stderr
    );

    dir.write(
        "inventory.toml",
        "name = \"x\"\n[plan]\nfirst_year = 2022\nyears = 300\n",
    );
    dir.write(
        "facilities.csv",
        "id,name,category,district\nF1,f,school,\nF1,g,nope,\n",
    );
    dir.write(
        "buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,100,1980\nB2,F9,100,1980\n",
    );
    let r = shisetsu(&["project", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    for want in [
        "inventory.toml:4: plan.years: 300 is outside 1–200",
        "facilities.csv:3: category: \"nope\" is not a building category",
        "buildings.csv:3: facility_id: \"F9\" is not a facility id",
    ] {
        assert!(
            r.stderr.contains(want),
            "expected {want:?} in:\n{}",
            r.stderr
        );
    }
}

#[test]
fn a_folder_without_facilities_is_an_error() {
    // A facilities table with only its header leaves the buildings nowhere to go; and the roads
    // that name facilities are not reported again, row by row, for the one missing table.
    let dir = TempDir::new();
    dir.write(
        "inventory.toml",
        "name = \"x\"\n[plan]\nfirst_year = 2022\nyears = 30\n",
    );
    dir.write("facilities.csv", "id,name,category,district\n");
    dir.write(
        "buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,100,1980\n",
    );
    dir.write("districts.csv", "id,name\nD1,a\n");
    dir.write("roads.csv", "from,to,km\nF1,D1,3\n");
    let r = shisetsu(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    let d = dir.path().display();
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [format!(
            "error: {d}/facilities.csv:1: a header and no facilities, but there are buildings"
        )]
    );
}

#[test]
fn a_bad_row_still_has_its_ids_and_references_checked() {
    let dir = TempDir::new();
    dir.write(
        "inventory.toml",
        "name = \"x\"\n[plan]\nfirst_year = 2022\nyears = 30\n",
    );
    dir.write(
        "facilities.csv",
        "id,name,category,district\nF1,f,school,D1\nF1,g,nope,D7\n",
    );
    dir.write(
        "buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,100,1980\nB2,F9,-100,1980\nB1,F1,100,\n",
    );
    dir.write("districts.csv", "id,name\nD1,a\nD2,b\n");
    dir.write("roads.csv", "from,to,km\nD1,D2,3\nD1,D3,-3\n");
    let r = shisetsu(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    let d = dir.path().display();
    // Grouped by file in the order the files are read, each by line.
    let want = [
        format!("{d}/facilities.csv:3: category: \"nope\" is not a building category"),
        format!("{d}/facilities.csv:3: id: duplicate id \"F1\" (first on line 2)"),
        format!(
            "{d}/facilities.csv:3: district: \"D7\" is not a district id in the districts table"
        ),
        format!("{d}/buildings.csv:3: floor_area_m2: \"-100\" is negative"),
        format!(
            "{d}/buildings.csv:3: facility_id: \"F9\" is not a facility id in the facilities table"
        ),
        format!("{d}/buildings.csv:4: built_year: is empty: the year is required"),
        format!("{d}/buildings.csv:4: id: duplicate id \"B1\" (first on line 2)"),
        format!("{d}/roads.csv:3: km: \"-3\" is negative"),
        format!("{d}/roads.csv:3: to: \"D3\" is neither a district nor a facility id"),
        "9 problems found".to_string(),
    ];
    let got: Vec<&str> = r.stderr.trim_start_matches("error: ").lines().collect();
    assert_eq!(got.len(), want.len(), "{}", r.stderr);
    for (g, w) in got.iter().zip(&want) {
        assert!(g.starts_with(w.as_str()), "{g:?} should start with {w:?}");
    }
}

#[test]
fn every_unknown_key_and_wrong_type_of_inventory_toml_is_listed_together() {
    let dir = TempDir::new();
    let toml = dir.write(
        "inventory.toml",
        "name = \"x\"\nmodle = \"mic\"\n[plan]\nfirst_year = \"2022\"\nyears = 30\n\
         [files]\nfacilties = \"f.csv\"\n",
    );
    dir.write("facilities.csv", "id,name,category\nF1,f,school\n");
    dir.write(
        "buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,100,1980\n",
    );
    let r = shisetsu(&["project", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let file = toml.to_str().unwrap();
    let want = [
        format!(
            "error: {file}:2: modle: unknown field `modle`, expected one of `name`, \
             `description`, `model`, `plan`, `files`, `access`, `distances`"
        ),
        format!("{file}:4: plan.first_year: invalid type: string \"2022\", expected i64"),
        format!(
            "{file}:7: files.facilties: unknown field `facilties`, expected one of `facilities`, \
             `buildings`, `districts`, `roads`, `infrastructure`"
        ),
        "3 problems found".to_string(),
    ];
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_bad_inventory_toml_does_not_stop_the_tables_from_being_checked() {
    let dir = TempDir::new();
    let toml = dir.write(
        "inventory.toml",
        "name = \"x\"\nmodle = \"mic\"\n[files]\nbuildings = \"b.csv\"\n",
    );
    let facilities = dir.write(
        "facilities.csv",
        "id,name,category\nF1,f,school\nF2,g,nope\n",
    );
    let buildings = dir.write(
        "b.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,F1,100,1980\nB2,F9,100,1980\n",
    );
    let r = shisetsu(&["project", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let (toml, facilities, buildings) = (
        toml.to_str().unwrap(),
        facilities.to_str().unwrap(),
        buildings.to_str().unwrap(),
    );
    let want = [
        format!(
            "error: {toml}:2: modle: unknown field `modle`, expected one of `name`, \
             `description`, `model`, `plan`, `files`, `access`, `distances`"
        ),
        format!(
            "{facilities}:3: category: \"nope\" is not a building category (use a key or 大分類 \
             name: civic_culture, social_education, sports_recreation, industrial, school, \
             childcare, health_welfare, medical, administrative, public_housing, park, utility, \
             other)"
        ),
        format!("{buildings}:3: facility_id: \"F9\" is not a facility id in the facilities table"),
        "3 problems found".to_string(),
    ];
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want);
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
            "FILE:115002: category: \"gym\" is not a building category",
            "3 problems found",
        ],
    );
}
