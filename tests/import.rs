//! `shisetsu import`: a city's own files into an inventory folder. Each source shape imports into
//! a folder whose projection equals, to the yen, that of the same buildings written by hand; the
//! report lists every row's fate with its place; bad sources stop with a located message and
//! nothing written; access works from coordinates without a road table.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};

use crate::util::{TempDir, json, shisetsu, year_totals};

/// Runs `shisetsu import` with `args` then `--output dir`.
fn import(args: &[&str], dir: &Path) -> crate::util::Run {
    let mut a = vec!["import"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--output", dir.to_str().unwrap()]);
    shisetsu(&a)
}

/// Projects a folder with the MIC method over FY2022–FY2061 and returns the JSON.
fn project(dir: &Path) -> serde_json::Value {
    let r = shisetsu(&[
        "project",
        dir.to_str().unwrap(),
        "--model",
        "mic",
        "--from",
        "2022",
        "--years",
        "40",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    json(&r.stdout)
}

/// A building written by hand: facility name, building name, floor area, fiscal year built,
/// structure, category.
type Hand = (
    &'static str,
    &'static str,
    &'static str,
    i32,
    &'static str,
    &'static str,
);

/// Writes `buildings` as an inventory folder by hand (one facility per facility name, with the
/// category of its first building) and returns its path.
fn hand_folder(tmp: &TempDir, name: &str, buildings: &[Hand]) -> PathBuf {
    let mut facilities: Vec<(&str, &str)> = Vec::new();
    for b in buildings {
        if !facilities.iter().any(|(f, _)| *f == b.0) {
            facilities.push((b.0, b.5));
        }
    }
    let mut f = String::from("id,name,category\n");
    for (i, (n, c)) in facilities.iter().enumerate() {
        f.push_str(&format!("H{i},{n},{c}\n"));
    }
    let mut b = String::from("id,facility_id,name,floor_area_m2,built_year,structure,category\n");
    for (k, x) in buildings.iter().enumerate() {
        let i = facilities.iter().position(|(n, _)| *n == x.0).unwrap();
        b.push_str(&format!(
            "X{k},H{i},{},{},{},{},{}\n",
            x.1, x.2, x.3, x.4, x.5
        ));
    }
    tmp.write(&format!("{name}/inventory.toml"), "name = \"by hand\"\n");
    tmp.write(&format!("{name}/facilities.csv"), f);
    tmp.write(&format!("{name}/buildings.csv"), b);
    tmp.path().join(name)
}

/// The imported buildings as (facility name, name, area, year, structure, category), sorted.
fn imported_buildings(dir: &Path) -> Vec<(String, String, String, i32, String, String)> {
    let read = |f: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(dir.join(f))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let facilities = read("facilities.csv");
    let name_of = |id: &str| {
        facilities
            .iter()
            .find(|r| &r[0] == id)
            .map(|r| r[1].to_string())
            .unwrap()
    };
    let mut v: Vec<_> = read("buildings.csv")
        .iter()
        .map(|r| {
            (
                name_of(&r[1]),
                r[2].to_string(),
                r[3].to_string(),
                r[4].parse().unwrap(),
                r[5].to_string(),
                r[6].to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Checks an import against the buildings written by hand: the same buildings, and the same
/// projection to the yen in every year.
fn check_against_hand(imported: &Path, tmp: &TempDir, expected: &[Hand]) {
    let mut want: Vec<_> = expected
        .iter()
        .map(|h| {
            (
                h.0.to_string(),
                h.1.to_string(),
                h.2.to_string(),
                h.3,
                h.4.to_string(),
                h.5.to_string(),
            )
        })
        .collect();
    want.sort();
    assert_eq!(imported_buildings(imported), want);
    let hand = hand_folder(tmp, "hand", expected);
    let (a, b) = (project(imported), project(&hand));
    assert_eq!(year_totals(&a), year_totals(&b));
    assert_eq!(a["total_yen"], b["total_yen"]);
    assert_ne!(a["total_yen"], "0");
}

/// The import report's JSON.
fn report(dir: &Path) -> serde_json::Value {
    json(&std::fs::read_to_string(dir.join("import-report.json")).unwrap())
}

/// The report's rows of a status as (place, reason).
fn rows_with(report: &serde_json::Value, status: &str) -> Vec<(String, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == status)
        .map(|r| {
            (
                r["place"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn shift_jis(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!bad, "the text is Shift_JIS");
    bytes.into_owned()
}

#[test]
fn a_shift_jis_ledger_with_title_rows_a_total_and_dates_in_eight_forms() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "台帳.csv",
        shift_jis(
            "架空町 固定資産台帳\r\n\
             令和6年3月31日現在,,,,,,,単位：円\r\n\
             \r\n\
             番号,勘定科目,施設名,資産名称,用途,構造,延床面積（㎡）,取得年月日\r\n\
             1,建物,第一小学校,第一小学校 校舎,小学校,鉄筋コンクリート造,\"2,400.5\",昭和52年4月1日\r\n\
             2,建物,第一小学校,第一小学校 体育館,小学校,Ｓ造,800,S55.3.31\r\n\
             3,建物,中央公民館,中央公民館,公民館,RC,950.25,昭53/10/1\r\n\
             4,建物,町役場,町役場 本館,庁舎,ＳＲＣ造,3000,1983/10/01\r\n\
             5,建物,町営住宅,町営住宅 A棟,町営住宅,RC造,1200,H3.1.15\r\n\
             6,建物,図書館,図書館,図書館,鉄筋コンクリート造,1500,令和元年5月1日\r\n\
             7,建物,保育園,ひまわり保育園,保育所,木造,400,1999-04-01\r\n\
             8,建物,町民体育館,町民体育館,体育館,鉄骨造,2000,平成元年3月31日\r\n\
             9,土地,第一小学校,第一小学校 敷地,小学校,,15000,昭和40年4月1日\r\n\
             ,合計,,,,,\"12,250.75\",\r\n",
        ),
    );
    let out = tmp.path().join("town");
    let r = import(&[ledger.to_str().unwrap()], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Fiscal years run from April 1 to March 31: 昭和52年 = 1926 + 52 − 1 = 1977 (April: FY1977);
    // S55.3.31 is 1980-03-31, in FY1979; 昭53/10/1 is 1978-10-01 (FY1978); H3.1.15 is 1991-01-15
    // (1989 + 3 − 1 = 1991, January: FY1990); 令和元年5月1日 is 2019-05-01 (FY2019); 平成元年3月31日
    // is 1989-03-31 (FY1988). Areas as written: "2,400.5" is 2400.5 m².
    let expected: [Hand; 8] = [
        (
            "第一小学校",
            "第一小学校 校舎",
            "2400.5",
            1977,
            "rc",
            "school",
        ),
        (
            "第一小学校",
            "第一小学校 体育館",
            "800",
            1979,
            "s",
            "school",
        ),
        (
            "中央公民館",
            "中央公民館",
            "950.25",
            1978,
            "rc",
            "civic_culture",
        ),
        (
            "町役場",
            "町役場 本館",
            "3000",
            1983,
            "src",
            "administrative",
        ),
        (
            "町営住宅",
            "町営住宅 A棟",
            "1200",
            1990,
            "rc",
            "public_housing",
        ),
        ("図書館", "図書館", "1500", 2019, "rc", "social_education"),
        ("保育園", "ひまわり保育園", "400", 1999, "w", "childcare"),
        (
            "町民体育館",
            "町民体育館",
            "2000",
            1988,
            "s",
            "sports_recreation",
        ),
    ];
    check_against_hand(&out, &tmp, &expected);
    let rep = report(&out);
    let file = ledger.display().to_string();
    assert_eq!(rep["sources"][0]["format"], "CSV, Shift_JIS");
    assert_eq!(rep["sources"][0]["header_rows"], serde_json::json!([4]));
    assert_eq!(
        rows_with(&rep, "skipped"),
        vec![
            (
                format!("{file}:13"),
                "not a building (勘定科目 土地)".to_string()
            ),
            (
                format!("{file}:14"),
                "a total row (合計, 小計 or 計): totals are not imported".to_string()
            ),
        ]
    );
}

/// A workbook shaped like a posted ledger: a merged title, a header over two rows, dates as Excel
/// date cells (one as a bare serial number, one as text), areas with decimals, a subtotal.
fn ledger_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台帳").unwrap();
    let centre = Format::new().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("ggge\"年\"m\"月\"d\"日\"");
    sheet
        .merge_range(0, 0, 0, 7, "架空村 固定資産台帳", &centre)
        .unwrap();
    for (c, label) in [
        (0, "財産番号"),
        (1, "資産名称"),
        (2, "所在地"),
        (3, "用途"),
        (4, "構造"),
    ] {
        sheet.merge_range(2, c, 3, c, label, &centre).unwrap();
    }
    sheet.write_string(2, 5, "延床面積").unwrap();
    sheet.write_string(3, 5, "(m2)").unwrap();
    sheet.merge_range(2, 6, 2, 7, "取得", &centre).unwrap();
    sheet.write_string(3, 6, "年月日").unwrap();
    sheet.write_string(3, 7, "価額").unwrap();
    let rows: [(&str, &str, &str, &str, &str, f64); 5] = [
        ("A-1", "北小学校 校舎", "架空村北1", "小学校", "RC", 2812.35),
        (
            "A-2",
            "北小学校 屋内運動場",
            "架空村北1",
            "小学校",
            "S",
            903.4,
        ),
        ("B-1", "村民会館", "架空村中央2", "公民館", "RC", 1105.0),
        (
            "C-1",
            "村営住宅 1号棟",
            "架空村南3",
            "村営住宅",
            "CB",
            612.75,
        ),
        ("D-1", "役場庁舎", "架空村中央1", "庁舎", "RC", 2400.0),
    ];
    for (i, r) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        sheet.write_string(row, 0, r.0).unwrap();
        sheet.write_string(row, 1, r.1).unwrap();
        sheet.write_string(row, 2, r.2).unwrap();
        sheet.write_string(row, 3, r.3).unwrap();
        sheet.write_string(row, 4, r.4).unwrap();
        sheet.write_number(row, 5, r.5).unwrap();
        sheet.write_number(row, 7, 100_000_000.0).unwrap();
    }
    let d = |y, m, dd| ExcelDateTime::from_ymd(y, m, dd).unwrap();
    sheet
        .write_datetime_with_format(4, 6, d(1977, 4, 1), &date)
        .unwrap();
    sheet
        .write_datetime_with_format(5, 6, d(1980, 3, 31), &date)
        .unwrap();
    // A serial without a date format: 30590 is 1983-10-01.
    sheet.write_number(6, 6, 30590.0).unwrap();
    sheet.write_string(7, 6, "S58.4.1").unwrap();
    sheet
        .write_datetime_with_format(8, 6, d(2001, 9, 1), &date)
        .unwrap();
    sheet.write_string(9, 1, "小計").unwrap();
    sheet.write_number(9, 5, 7833.5).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_ledger_with_a_two_row_header_merged_title_and_excel_dates() {
    let tmp = TempDir::new();
    let ledger = tmp.write("ledger.xlsx", ledger_workbook());
    let out = tmp.path().join("village");
    let r = import(&[ledger.to_str().unwrap()], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Rows are grouped by 所在地 (there is no 施設名): 北小学校's two buildings share 架空村北1 and
    // are named after what their names share. Dates: serial 28216 is 1977-04-01 (FY1977), the
    // date cell 1980-03-31 is in FY1979, the bare serial 30590 is 1983-10-01 (FY1983), S58.4.1 is
    // 1983-04-01 (FY1983), 2001-09-01 is FY2001. Areas keep their decimals: 2812.35, 903.4, 612.75.
    let expected: [Hand; 5] = [
        ("北小学校", "北小学校 校舎", "2812.35", 1977, "rc", "school"),
        (
            "北小学校",
            "北小学校 屋内運動場",
            "903.4",
            1979,
            "s",
            "school",
        ),
        ("村民会館", "村民会館", "1105", 1983, "rc", "civic_culture"),
        (
            "村営住宅 1号棟",
            "村営住宅 1号棟",
            "612.75",
            1983,
            "cb",
            "public_housing",
        ),
        ("役場庁舎", "役場庁舎", "2400", 2001, "rc", "administrative"),
    ];
    check_against_hand(&out, &tmp, &expected);
    let rep = report(&out);
    assert_eq!(rep["sources"][0]["sheet"], "台帳");
    assert_eq!(rep["sources"][0]["header_rows"], serde_json::json!([3, 4]));
    let file = ledger.display().to_string();
    assert_eq!(
        rows_with(&rep, "skipped"),
        vec![(
            format!("{file}: sheet 台帳, row 10"),
            "a total row (合計, 小計 or 計): totals are not imported".to_string()
        )]
    );
    let notes: Vec<&str> = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["assumption"] == true)
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("grouped into facilities by 所在地")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("\"北小学校\" is named after what its 2 assets' names share")),
        "{notes:?}"
    );
}

/// The buildings of the made-up city of `examples/import/` (架空市), written out by hand from
/// its ledger: the 附属設備 and 工作物 of 中央小学校 join its school building, land and the park's
/// 工作物 are not buildings, the totals are not rows.
const KAKUU: [Hand; 10] = [
    (
        "中央小学校",
        "中央小学校 校舎",
        "3200",
        1977,
        "rc",
        "school",
    ),
    // 1980-03-31 (S55.3.31): FY1979.
    (
        "中央小学校",
        "中央小学校 体育館",
        "850",
        1979,
        "s",
        "school",
    ),
    ("北小学校", "北小学校 校舎", "2800", 1983, "rc", "school"),
    ("北小学校", "北小学校 体育館", "780", 1983, "rc", "school"),
    ("南中学校", "南中学校 校舎", "4100", 1991, "rc", "school"),
    (
        "中央公民館",
        "中央公民館",
        "1250",
        1985,
        "rc",
        "civic_culture",
    ),
    (
        "架空市立図書館",
        "架空市立図書館",
        "1800",
        1989,
        "rc",
        "social_education",
    ),
    ("本庁舎", "本庁舎", "6500", 1975, "src", "administrative"),
    (
        "桜台市営住宅",
        "桜台市営住宅 1号棟",
        "2400",
        1978,
        "rc",
        "public_housing",
    ),
    ("東児童館", "東児童館", "320", 2019, "w", "childcare"),
];

#[test]
fn the_documented_example_imports_the_same_from_csv_and_from_xlsx() {
    for ledger in ["examples/import/ledger.csv", "examples/import/ledger.xlsx"] {
        let tmp = TempDir::new();
        let out = tmp.path().join("kakuu");
        let r = import(&[ledger, "examples/import/facility-list.csv"], &out);
        assert_eq!(r.code, 0, "{ledger}: {}", r.stderr);
        assert!(
            r.stdout
                .contains("8 facilities, 10 buildings (24,000 m²), 4 districts"),
            "{}",
            r.stdout
        );
        check_against_hand(&out, &tmp, &KAKUU);
        let rep = report(&out);
        assert_eq!(rep["name"], "架空市");
        assert_eq!(rep["summary"]["rows_merged"], 2);
        assert_eq!(rep["summary"]["located_facilities"], 7);
    }
}

#[test]
fn a_ledger_and_a_facility_list_give_access_results_without_roads() {
    let tmp = TempDir::new();
    // The example list with the users a year each facility counts (a column cities add).
    let list = tmp.write(
        "list.csv",
        "名称,所在地_連結表記,緯度,経度,小区分,利用者数\n\
         架空市立中央小学校,栃木県架空市中央町1-1,36.5600,139.7400,小学校,420\n\
         架空市立北小学校,栃木県架空市北町3-5,36.6100,139.7450,小学校,180\n",
    );
    let out = tmp.path().join("inv");
    let r = import(
        &["examples/import/ledger.csv", list.to_str().unwrap()],
        &out,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!out.join("roads.csv").exists());
    let toml = std::fs::read_to_string(out.join("inventory.toml")).unwrap();
    assert!(toml.contains("elementary_school = 4"), "{toml}");
    assert!(toml.contains("detour_factor = 1.3"), "{toml}");
    let scenario = tmp.write(
        "close.toml",
        "name = \"close-north\"\ninventory = \"inv\"\n[plan]\nfirst_year = 2024\nyears = 10\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F002\"\nyear = 2026\n",
    );
    let r = shisetsu(&["run", scenario.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let access = &v["results"][0]["access"];
    assert_eq!(access["has_network"], true);
    assert_eq!(access["distances"], "straight_line");
    // 北小学校 (36.61, 139.745) to 中央小学校 (36.56, 139.74): Δφ = −0.05°, Δλ = −0.005°;
    // haversine a = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) = 1.903859e-7 + 0.644766 × 1.903859e-9
    // = 1.916134e-7, d = 2 × 6371.0088 × asin √a = 2 × 6371.0088 × 0.000437737 = 5.577649 km;
    // × 1.3 = 7.250944 km.
    assert_eq!(
        access["moves"],
        serde_json::json!([{
            "year": 2026, "from": "F002", "from_name": "北小学校", "to": "F001",
            "to_name": "中央小学校", "function": "elementary_school", "users": 180,
            "km": "7.250944"
        }])
    );
    // 北町's centre is its one school: 0 km before, 7.250944 km after, beyond the 4 km standard.
    assert_eq!(
        access["left_without"],
        serde_json::json!([{
            "district": "北町", "function": "elementary_school", "year": 2026,
            "standard_km": "4", "km_before": "0", "km_after": "7.250944"
        }])
    );
    let table = shisetsu(&["run", scenario.to_str().unwrap()]);
    let one_line = table.stdout.replace("\n    ", " ");
    assert!(
        one_line.contains(
            "1 facility closed; 180 users moved to 1 receiver; beyond access standard: 北町 \
             elementary_school (7.3 km > 4)"
        ),
        "{}",
        table.stdout
    );
}

#[test]
fn the_report_lists_every_row_used_merged_skipped_and_assumed_with_its_place() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "ledger.csv",
        "財産番号,勘定科目,施設名,資産名称,用途,構造,延床面積,取得年月日\n\
         1,建物,中央小学校,中央小学校 校舎,小学校,RC,3000,1977/04/01\n\
         2,建物附属設備,中央小学校,中央小学校 校舎 空調設備,小学校,,,1990/04/01\n\
         3,土地,中央小学校,中央小学校 敷地,小学校,,12000,1965/04/01\n\
         4,建物,西公民館,西公民館,,RC,800,1985/04/01\n",
    );
    let out = tmp.path().join("out");
    let r = import(&[ledger.to_str().unwrap()], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("rows: 1 used, 1 merged, 1 skipped, 1 with an assumption"),
        "{}",
        r.stdout
    );
    let f = ledger.display().to_string();
    let rep = report(&out);
    let rows: Vec<(String, String, String, String)> = rep["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["place"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap_or("").to_string(),
                r["became"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        rows,
        vec![
            (
                format!("{f}:2"),
                s("used"),
                s(""),
                s("building 1 of facility F001")
            ),
            (
                format!("{f}:3"),
                s("merged"),
                s("建物附属設備: equipment of its building, priced with the building's floor area"),
                s("building 1 of facility F001")
            ),
            (
                format!("{f}:4"),
                s("skipped"),
                s("not a building (勘定科目 土地)"),
                s("")
            ),
            (
                format!("{f}:5: 用途"),
                s("assumed"),
                s(
                    "no 用途: category civic_culture taken from the name \"西公民館\" (it contains 公民館)"
                ),
                s("building 4 of facility F002")
            ),
        ]
    );
    let md = std::fs::read_to_string(out.join("import-report.md")).unwrap();
    for line in [
        format!(
            "| {f}:5: 用途 | no 用途: category civic_culture taken from the name \"西公民館\" (it contains 公民館) | building 4 of facility F002 |"
        ),
        format!("| {f}:4 | not a building (勘定科目 土地) |"),
        format!(
            "| {f}:3 | 建物附属設備: equipment of its building, priced with the building's floor area | building 1 of facility F001 |"
        ),
        format!("| {f}:2 |  | building 1 of facility F001 |"),
    ] {
        assert!(md.contains(&line), "missing {line}\n{md}");
    }

    // --strict refuses the assumption, at its place, and writes nothing.
    let strict_out = tmp.path().join("strict");
    let r = import(&[ledger.to_str().unwrap(), "--strict"], &strict_out);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "{f}:5: 用途: an assumption (refused in strict mode): no 用途"
        )),
        "{}",
        r.stderr
    );
    assert!(!strict_out.exists());
}

#[test]
fn re_running_gives_the_same_bytes() {
    let tmp = TempDir::new();
    let files = |d: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let args = [
        "examples/import/ledger.xlsx",
        "examples/import/facility-list.csv",
    ];
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(import(&args, &a).code, 0);
    let first = files(&a);
    let mut again: Vec<&str> = args.to_vec();
    again.push("--force");
    assert_eq!(import(&again, &a).code, 0);
    assert_eq!(files(&a), first);
    assert_eq!(import(&args, &b).code, 0);
    assert_eq!(files(&b), first);
    assert_eq!(first.len(), 6);
    // Without --force an existing folder is left alone.
    let r = import(&args, &a);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("give --force to replace it"),
        "{}",
        r.stderr
    );
    // Even with --force, a folder holding something an import does not write is left alone.
    std::fs::write(a.join("notes.txt"), "mine").unwrap();
    let r = import(&again, &a);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("the folder holds files that are not an inventory's (notes.txt)"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(a.join("notes.txt")).unwrap(), b"mine");
    // Nothing is left beside it.
    let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(beside.len(), 2);
}

#[test]
fn an_unknown_use_names_the_nearest_and_a_mapping_file_maps_it() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "ledger.csv",
        "資産名称,用途,延床面積,取得年月日\n\
         北コミセン,コミセン,600,1990/04/01\n\
         南集会所,集会所,200,1995/04/01\n",
    );
    let out = tmp.path().join("out");
    let r = import(&[ledger.to_str().unwrap()], &out);
    assert_eq!(r.code, 2);
    let f = ledger.display();
    assert!(
        r.stderr.contains(&format!(
            "{f}:2: 用途: 用途 \"コミセン\" is not in the 用途 table (nearest: "
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("map it in a mapping file: [uses] \"コミセン\" = "),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    let mapping = tmp.write(
        "mapping.toml",
        "name = \"架空町\"\n[uses]\n\"コミセン\" = { category = \"civic_culture\", functions = [\"community\"] }\n",
    );
    let r = import(
        &[
            ledger.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
        &out,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = std::fs::read_to_string(out.join("facilities.csv")).unwrap();
    assert!(
        f.contains("F001,北コミセン,civic_culture,,community,"),
        "{f}"
    );
    assert!(f.contains("F002,南集会所,civic_culture,,meeting,"), "{f}");
    // Each row is its own facility (no 施設名 or 所在地): an assumption for the whole source.
    let rep = report(&out);
    assert_eq!(rep["name"], "架空町");
    assert!(rep["notes"].as_array().unwrap().iter().any(|n| {
        n["assumption"] == true
            && n["message"]
                .as_str()
                .unwrap()
                .contains("every building is its own facility")
    }));
}

#[test]
fn a_buildings_csv_becomes_a_folder_that_projects_the_same() {
    let tmp = TempDir::new();
    let csv = tmp.path().join("b.csv");
    let r = shisetsu(&[
        "generate",
        "--buildings",
        "300",
        "--seed",
        "5",
        "--output",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = tmp.path().join("folder");
    let r = import(&[csv.to_str().unwrap()], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("300 facilities, 300 buildings"),
        "{}",
        r.stdout
    );
    let (a, b) = (project(&out), project(&csv));
    assert_eq!(year_totals(&a), year_totals(&b));
    assert_eq!(a["total_yen"], b["total_yen"]);
    // The ids are the table's own.
    let f = std::fs::read_to_string(out.join("buildings.csv")).unwrap();
    let first_id = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    assert!(
        f.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("{first_id},{first_id},")),
        "{f}"
    );
}

#[test]
fn a_facility_list_alone_gives_facilities_that_need_areas() {
    let tmp = TempDir::new();
    let out = tmp.path().join("list");
    let r = import(&["examples/import/facility-list.csv"], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("8 facilities, 0 buildings"),
        "{}",
        r.stdout
    );
    let v = shisetsu(&["validate", out.to_str().unwrap()]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    let md = std::fs::read_to_string(out.join("import-report.md")).unwrap();
    assert!(md.contains("imported without a ledger"), "{md}");
}

#[test]
fn a_mapping_file_joins_names_and_names_columns() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "ledger.csv",
        "施設名,資産の名前,用途,延床面積,取得年月日,地目\n\
         青葉台地区センター,青葉台地区センター,集会所,500,1992/04/01,建物\n",
    );
    let list = tmp.write(
        "list.csv",
        "名称,緯度,経度\n青葉台センター（旧青葉台公民館）,36.5,139.7\n",
    );
    let mapping = tmp.write(
        "m.toml",
        "[columns]\n\"資産の名前\" = \"asset_name\"\n\"地目\" = \"account\"\n\
         [names]\n\"青葉台センター（旧青葉台公民館）\" = \"青葉台地区センター\"\n\
         [distances]\ndetour_factor = 1.25\nsource = \"measured on 40 trips (made up)\"\n\
         [plan]\nfirst_year = 2024\nyears = 20\ncap_yen = 100000000\n[access]\ncommunity = 10\n",
    );
    let out = tmp.path().join("out");
    let r = import(
        &[
            ledger.to_str().unwrap(),
            list.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
        &out,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = report(&out);
    assert_eq!(rep["joins"][0]["how"], "mapping");
    assert_eq!(rep["sources"][0]["columns"][1]["role"], "asset_name");
    let f = std::fs::read_to_string(out.join("facilities.csv")).unwrap();
    assert!(f.contains(",36.5,139.7,"), "{f}");
    let toml = std::fs::read_to_string(out.join("inventory.toml")).unwrap();
    assert!(
        toml.contains("detour_factor = 1.25\nsource = \"measured on 40 trips (made up)\""),
        "{toml}"
    );
    assert!(
        toml.contains("[plan]\nfirst_year = 2024\nyears = 20\ncap_yen = 100000000\n"),
        "{toml}"
    );
    assert!(toml.contains("community = 10\n"), "{toml}");
    // The plan is the inventory's: a projection needs no --from.
    let r = shisetsu(&["project", out.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(
        (v["from"].as_i64(), v["to"].as_i64()),
        (Some(2024), Some(2043))
    );
    assert_eq!(v["cap_yen"], "100000000");
}

/// A bad source: exit 2, the message, and no folder.
fn check_bad(args: &[&str], message: &str) {
    let tmp = TempDir::new();
    let out = tmp.path().join("never");
    let r = import(args, &out);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(message),
        "expected {message:?} in:\n{}",
        r.stderr
    );
    assert!(!out.exists(), "nothing is written");
    assert_eq!(r.stdout, "");
}

#[test]
fn bad_source_no_recognisable_header() {
    let tmp = TempDir::new();
    let f = tmp.write("x.csv", "hello,world\n1,2\n3,4\n");
    check_bad(
        &[f.to_str().unwrap()],
        &format!(
            "{}: no recognisable header in the first 40 rows",
            f.display()
        ),
    );
}

#[test]
fn bad_source_no_area_column() {
    let tmp = TempDir::new();
    let f = tmp.write(
        "x.csv",
        "架空市 固定資産台帳\n財産番号,勘定科目,資産名称,取得年月日\n1,建物,庁舎,1983/10/01\n",
    );
    check_bad(
        &[f.to_str().unwrap()],
        &format!(
            "{}:2: no floor-area column: a ledger needs 延床面積",
            f.display()
        ),
    );
}

#[test]
fn bad_source_a_date_that_is_not_a_date() {
    let tmp = TempDir::new();
    let f = tmp.write(
        "x.csv",
        "資産名称,用途,延床面積,取得年月日\n庁舎,庁舎,800,不明\n北小学校,小学校,900,S13.13.1\n",
    );
    check_bad(
        &[f.to_str().unwrap()],
        &format!("{}:2: 取得年月日: \"不明\" is not a date", f.display()),
    );
    check_bad(
        &[f.to_str().unwrap()],
        &format!(
            "{}:3: 取得年月日: \"S13.13.1\" is a day that does not exist",
            f.display()
        ),
    );
}

#[test]
fn bad_source_an_era_year_past_its_era() {
    // 昭和 ended in its 64th year (1926 + 64 − 1 = 1989): S70 names no year (read as 1926 + 70 − 1
    // it would be 1995, a year of 平成).
    let tmp = TempDir::new();
    let f = tmp.write(
        "x.csv",
        "施設名,用途,延床面積,建築年度\n市役所,庁舎,100,S70\n",
    );
    check_bad(
        &[f.to_str().unwrap()],
        &format!(
            "{}:2: 建築年度: \"S70\" does not exist: 昭和 ended in its 64th year (1989)",
            f.display()
        ),
    );
}

#[test]
fn bad_source_a_folder_a_fifo_or_a_device() {
    // Refused at once, naming what it is, never read until memory runs out.
    let tmp = TempDir::new();
    let fifo = tmp.path().join("ledger.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, what) in [
        (fifo.to_str().unwrap(), "a FIFO"),
        ("/dev/zero", "a character device"),
        (tmp.path().to_str().unwrap(), "a folder"),
    ] {
        check_bad(
            &[path],
            &format!("{path}: not a regular file ({what}): shisetsu reads files"),
        );
    }
}

#[test]
fn bad_source_an_xlsx_that_is_not_a_zip() {
    let tmp = TempDir::new();
    let f = tmp.write("ledger.xlsx", "資産名称,延床面積\n庁舎,800\n");
    check_bad(
        &[f.to_str().unwrap()],
        &format!(
            "{}: not a workbook: an .xlsx file is a zip archive, and this one is not",
            f.display()
        ),
    );
    let g = tmp.write("broken.xlsx", b"PK\x03\x04 not really a zip".as_slice());
    check_bad(
        &[g.to_str().unwrap()],
        &format!("{}: not a readable workbook", g.display()),
    );
}

#[test]
fn bad_source_a_password_protected_workbook() {
    // An xlsx encrypted with a password (msoffcrypto-tool, password "shisetsu"): a compound file
    // holding EncryptionInfo and EncryptedPackage streams, not a zip.
    check_bad(
        &["tests/data/import/password-protected.xlsx"],
        "tests/data/import/password-protected.xlsx: the workbook is protected by a password",
    );
}

#[test]
fn bad_source_an_empty_sheet() {
    let tmp = TempDir::new();
    let mut book = Workbook::new();
    book.add_worksheet().set_name("台帳").unwrap();
    let f = tmp.write("empty.xlsx", book.save_to_buffer().unwrap());
    check_bad(
        &[f.to_str().unwrap()],
        &format!("{}: sheet 台帳 is empty", f.display()),
    );
    // Named, and not there.
    check_bad(
        &[f.to_str().unwrap(), "--sheet", "資産"],
        &format!(
            "{}: no sheet named \"資産\" (the workbook has: 台帳)",
            f.display()
        ),
    );
}

#[test]
fn every_bad_source_is_reported_together() {
    let tmp = TempDir::new();
    let a = tmp.write("a.csv", "hello,world\n");
    let b = tmp.write("b.xlsx", "text");
    let tmp_out = tmp.path().join("o");
    let r = import(&[a.to_str().unwrap(), b.to_str().unwrap()], &tmp_out);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("a.csv: no recognisable header"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("b.xlsx: not a workbook"), "{}", r.stderr);
    assert!(r.stderr.contains("2 problems found"), "{}", r.stderr);
}

#[test]
fn straight_line_access_in_a_folder_written_by_hand_and_roads_win() {
    let tmp = TempDir::new();
    tmp.write(
        "inv/inventory.toml",
        "name = \"geo\"\n[access]\nelementary_school = 4\n[distances]\ndetour_factor = 1.5\nsource = \"made up\"\n",
    );
    tmp.write(
        "inv/facilities.csv",
        "id,name,category,district,functions,lat,lon\n\
         S1,west,school,D1,elementary_school,35.0,139.0\n\
         S2,north,school,D1,elementary_school,35.03,139.0\n",
    );
    tmp.write(
        "inv/buildings.csv",
        "id,facility_id,floor_area_m2,built_year\nB1,S1,1000,1980\nB2,S2,1000,1980\n",
    );
    tmp.write(
        "inv/districts.csv",
        "id,name,lat,lon\nD1,first,35.0,139.0\nD2,second,35.0,139.04\n",
    );
    let scenario = tmp.write(
        "s.toml",
        "inventory = \"inv\"\n[plan]\nfirst_year = 2024\nyears = 5\n[[actions]]\ntype = \"close\"\nfacility = \"S1\"\nyear = 2025\n",
    );
    let run = || {
        let r = shisetsu(&["run", scenario.to_str().unwrap(), "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        json(&r.stdout)["results"][0]["access"].clone()
    };
    let a = run();
    assert_eq!(a["distances"], "straight_line");
    assert_eq!(a["detour_factor"], "1.5");
    // S1 (35.0, 139.0) to S2 (35.03, 139.0): 0.03° of latitude = 6371.0088 × 0.03 × π/180 =
    // 3.335852 km; × 1.5 = 5.003779 km.
    assert_eq!(a["moves"][0]["km"], "5.003779");
    // D1's centre is S1's site: 0 before, 5.003779 after, beyond 4 km. D2 (35.0, 139.04) is
    // 0.04° of longitude east of S1: haversine 3.643427 km, × 1.5 = 5.465141 km, already beyond.
    assert_eq!(a["left_without"][0]["district"], "D1");
    assert_eq!(a["left_without"][0]["km_after"], "5.003779");
    assert_eq!(a["already_beyond"][0]["district"], "D2");
    assert_eq!(a["already_beyond"][0]["km_before"], "5.465141");
    // A roads table wins over coordinates.
    tmp.write(
        "inv/roads.csv",
        "from,to,km\nS1,S2,3\nD1,S1,0.5\nD1,S2,2.5\nD2,S1,1\n",
    );
    let a = run();
    assert_eq!(a["distances"], "roads");
    assert_eq!(a["moves"][0]["km"], "3");
    assert_eq!(a["left_without"], serde_json::json!([]));
    // A coordinate that is not one is reported at its line.
    tmp.write("inv/districts.csv", "id,name,lat,lon\nD1,first,95,139.0\n");
    let r = shisetsu(&["validate", tmp.path().join("inv").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("districts.csv:2: lat: \"95\" is not a latitude"),
        "{}",
        r.stderr
    );
}

#[test]
fn ods_and_xls_ledgers() {
    // tests/data/import/README.md: the same three buildings in both; 取得年月日 as date cells
    // (1977-04-01: FY1977; 1983-10-01: FY1983) and as text (H13.9.1: 1989 + 13 − 1 = 2001,
    // September: FY2001). No 施設名 or 所在地: each building is its own facility.
    let expected: [Hand; 3] = [
        (
            "北小学校 校舎",
            "北小学校 校舎",
            "2812.35",
            1977,
            "rc",
            "school",
        ),
        ("村民会館", "村民会館", "1105", 1983, "rc", "civic_culture"),
        (
            "役場庁舎",
            "役場庁舎",
            "2400.5",
            2001,
            "s",
            "administrative",
        ),
    ];
    for (file, format) in [
        ("tests/data/import/ledger.ods", "ods"),
        ("tests/data/import/ledger.xls", "xls"),
    ] {
        let tmp = TempDir::new();
        let out = tmp.path().join("out");
        let r = import(&[file], &out);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        check_against_hand(&out, &tmp, &expected);
        let rep = report(&out);
        assert_eq!(rep["sources"][0]["format"], format);
        assert_eq!(
            rows_with(&rep, "skipped"),
            vec![(
                format!("{file}: sheet 台帳, row 6"),
                "a total row (合計, 小計 or 計): totals are not imported".to_string()
            )]
        );
    }
}

#[test]
fn grouping_by_a_chosen_column() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "ledger.csv",
        "資産名称,用途,延床面積,建築年,管理区分\n\
         東小学校 校舎,小学校,2000,1980,G1\n\
         東小学校 給食室,小学校,150,1992,G1\n\
         南集会所,集会所,180,2005,G2\n",
    );
    let out = tmp.path().join("out");
    let r = import(&[ledger.to_str().unwrap(), "--group-by", "管理区分"], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 建築年 is a year column: 1980 is FY1980 with no assumption.
    let expected: [Hand; 3] = [
        ("東小学校", "東小学校 校舎", "2000", 1980, "other", "school"),
        (
            "東小学校",
            "東小学校 給食室",
            "150",
            1992,
            "other",
            "school",
        ),
        (
            "南集会所",
            "南集会所",
            "180",
            2005,
            "other",
            "civic_culture",
        ),
    ];
    check_against_hand(&out, &tmp, &expected);
    let rep = report(&out);
    assert_eq!(rep["summary"]["rows_assumed"], 0);
    let notes: Vec<&str> = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert!(
        notes.contains(&"rows are grouped into facilities by 管理区分"),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"no structure column (構造): every building's structure is other"),
        "{notes:?}"
    );
    let r = import(
        &[ledger.to_str().unwrap(), "--group-by", "施設"],
        &tmp.path().join("x"),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "{}:1: no column named \"施設\" to group by",
            ledger.display()
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn districts_from_a_table_and_the_nearest_centre() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "ledger.csv",
        "施設名,資産名称,用途,延床面積,取得年月日\n\
         東小学校,東小学校 校舎,小学校,2000,1980/04/01\n\
         西小学校,西小学校 校舎,小学校,1800,1985/04/01\n",
    );
    let list = tmp.write(
        "list.csv",
        "名称,緯度,経度\n東小学校,36.50,139.70\n西小学校,36.59,139.70\n",
    );
    let districts = tmp.write(
        "districts.csv",
        "ID,地区名,人口,緯度,経度\nD1,第一地区,5200,36.50,139.71\nD2,第二地区,3100,36.60,139.70\n",
    );
    let out = tmp.path().join("out");
    let r = import(
        &[
            ledger.to_str().unwrap(),
            list.to_str().unwrap(),
            districts.to_str().unwrap(),
        ],
        &out,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = report(&out);
    assert_eq!(rep["sources"][2]["kind"], "districts");
    // 東小学校 (36.50, 139.70): 0.01° of longitude from D1's centre at latitude 36.5 is
    // 6371.0088 × cos 36.5° × 0.01 × π/180 = 0.894 km, D2 is 0.1° of latitude away (11.1 km).
    // 西小学校 (36.59, 139.70): D2 is 0.01° of latitude away, 6371.0088 × 0.01 × π/180 = 1.112 km;
    // D1 is 10.05 km away.
    let l = list.display().to_string();
    assert_eq!(
        rows_with(&rep, "assumed"),
        vec![
            (
                format!("{l}:2"),
                "no district given: in district \"D1\", whose centre is nearest (0.9 km)"
                    .to_string()
            ),
            (
                format!("{l}:3"),
                "no district given: in district \"D2\", whose centre is nearest (1.1 km)"
                    .to_string()
            ),
        ]
    );
    let f = std::fs::read_to_string(out.join("facilities.csv")).unwrap();
    assert!(f.contains("F001,東小学校,school,D1,"), "{f}");
    assert!(f.contains("F002,西小学校,school,D2,"), "{f}");
    let d = std::fs::read_to_string(out.join("districts.csv")).unwrap();
    assert!(d.contains("D1,第一地区,5200,36.5,139.71,published,"), "{d}");
}

#[test]
fn a_facility_list_with_a_lost_name_header_and_swapped_coordinates() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "ledger.csv",
        "施設名,用途,延床面積,取得年月日\n中央公民館,公民館,900,1990/04/01\n北小学校,小学校,2500,1975/04/01\n",
    );
    // 列1 holds the names; 緯度 holds longitudes and 経度 latitudes.
    let list = tmp.write(
        "list.csv",
        "列1,住所,緯度,経度\n中央公民館,架空市中央町1,139.7400,36.5600\n北小学校,架空市北町2,139.7450,36.6100\n",
    );
    let out = tmp.path().join("out");
    let r = import(&[ledger.to_str().unwrap(), list.to_str().unwrap()], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = report(&out);
    let l = list.display().to_string();
    let notes: Vec<(String, String)> = rep["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["assumption"] == false)
        .map(|n| {
            (
                n["place"].as_str().unwrap_or("").to_string(),
                n["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        notes.contains(&(
            format!("{l}:1: 列1"),
            "no 名称 column: column A (列1) holds the names (2 of its values name a known use)"
                .to_string()
        )),
        "{notes:?}"
    );
    assert!(
        notes.contains(&(
            format!("{l}:1"),
            "緯度 holds longitudes and 経度 latitudes (2 rows): the two are exchanged".to_string()
        )),
        "{notes:?}"
    );
    let f = std::fs::read_to_string(out.join("facilities.csv")).unwrap();
    assert!(
        f.contains("F001,中央公民館,civic_culture,中央町,community,,,,36.56,139.74,"),
        "{f}"
    );
    assert!(
        f.contains("F002,北小学校,school,北町,elementary_school,,,,36.61,139.745,"),
        "{f}"
    );
}

#[test]
fn the_sheet_to_read() {
    let tmp = TempDir::new();
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("説明").unwrap();
    notes
        .write_string(0, 0, "この台帳は架空のものです")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("台帳").unwrap();
    for (c, h) in ["資産名称", "用途", "延床面積", "建築年度"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "庁舎").unwrap();
    sheet.write_string(1, 1, "庁舎").unwrap();
    sheet.write_number(1, 2, 3000.0).unwrap();
    sheet.write_number(1, 3, 1980.0).unwrap();
    let f = tmp.write("book.xlsx", book.save_to_buffer().unwrap());
    let out = tmp.path().join("out");
    let r = import(&[f.to_str().unwrap()], &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rep = report(&out);
    assert_eq!(rep["sources"][0]["sheet"], "台帳");
    assert_eq!(
        rep["sources"][0]["other_sheets"],
        serde_json::json!(["説明"])
    );
    check_bad(
        &[f.to_str().unwrap(), "--sheet", "説明"],
        &format!("{}: no recognisable header in sheet 説明", f.display()),
    );
}

#[test]
fn nothing_to_import() {
    let tmp = TempDir::new();
    let f = tmp.write(
        "land.csv",
        "財産番号,勘定科目,資産名称,数量,取得年月日\n1,土地,庁舎敷地,5000,1960/04/01\n",
    );
    check_bad(
        &[f.to_str().unwrap()],
        &format!(
            "nothing to import: no row became a facility; skipped: {}:2: not a building (勘定科目 土地)",
            f.display()
        ),
    );
}

#[test]
fn strict_passes_when_the_sources_say_what_would_be_assumed() {
    let tmp = TempDir::new();
    let list = tmp.write(
        "list.csv",
        "名称,所在地_連結表記,緯度,経度,小区分,地区\n\
         架空市立中央小学校,栃木県架空市中央町1-1,36.5600,139.7400,小学校,中央\n\
         架空市立北小学校,栃木県架空市北町3-5,36.6100,139.7450,小学校,北\n\
         架空市立南中学校,栃木県架空市南町2-10,36.5200,139.7350,中学校,南\n\
         中央公民館,栃木県架空市中央町2-3,36.5620,139.7420,公民館,中央\n\
         架空市立図書館,栃木県架空市中央町4-8,36.5640,139.7380,図書館,中央\n\
         架空市役所 本庁舎,栃木県架空市中央町1-10,36.5610,139.7440,庁舎,中央\n\
         東児童館,栃木県架空市東町5-1,36.5550,139.7800,児童館,東\n",
    );
    let districts = tmp.write(
        "districts.csv",
        "ID,地区名,人口,緯度,経度\n中央,中央地区,20000,36.562,139.741\n北,北地区,5000,36.61,139.745\n\
         南,南地区,7000,36.52,139.735\n東,東地区,4000,36.555,139.78\n",
    );
    let mapping = tmp.write(
        "m.toml",
        "[distances]\ndetour_factor = 1.3\nsource = \"made up for the test\"\n\
         [names]\n\"架空市役所 本庁舎\" = \"本庁舎\"\n",
    );
    let args = [
        "examples/import/ledger.csv",
        list.to_str().unwrap(),
        districts.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
        "--strict",
    ];
    let out = tmp.path().join("out");
    let r = import(&args, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("0 with an assumption; 0 assumptions about whole sources"),
        "{}",
        r.stdout
    );
    check_against_hand(&out, &tmp, &KAKUU);
    // Without the mapping file, strict mode stops on what would then be assumed: the close name
    // and the default detour factor; nothing is written.
    let strict_out = tmp.path().join("strict");
    let r = import(
        &args[..3]
            .iter()
            .copied()
            .chain(["--strict"])
            .collect::<Vec<_>>(),
        &strict_out,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "{}:7: an assumption (refused in strict mode): joined by a close name",
            list.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("an assumption (refused in strict mode): without a roads table, distances are straight lines × 1.3"),
        "{}",
        r.stderr
    );
    assert!(!strict_out.exists());
}

/// The rows of the Markdown report's table under the first heading that starts with `heading`,
/// as their cells.
fn markdown_rows(md: &str, heading: &str) -> Vec<Vec<String>> {
    let section = md
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading:?} in:\n{md}"));
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
        .skip(1)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_japanese_report_gives_each_row_its_reason_in_japanese() {
    let tmp = TempDir::new();
    let ledger = tmp.write(
        "ledger.csv",
        "財産番号,勘定科目,施設名,資産名称,用途,構造,延床面積,取得年月日\n\
         1,建物,中央小学校,中央小学校 校舎,小学校,鉄筋コンクリート造,2400,1977/04/01\n\
         2,建物,中央小学校,中央小学校 体育館,小学校,テント,800,1980/06/01\n\
         3,建物附属設備,中央小学校,中央小学校 受変電設備,小学校,,,1990/04/01\n\
         4,土地,中央小学校,中央小学校 敷地,小学校,,15000,1960/04/01\n\
         5,建物,中央公民館,中央公民館,公民館,RC,0,1985/04/01\n\
         6,建物,中央公民館,中央公民館 別館,公民館,RC,300,\n\
         財産番号,勘定科目,施設名,資産名称,用途,構造,延床面積,取得年月日\n\
         7,建物,図書館,図書館,,RC,1500,2019/05/01\n\
         ,合計,,,,,19000,\n",
    );
    let f = ledger.display().to_string();
    let run = |lang: &str| -> (String, String) {
        // The same folder name in both, as the inventory is named after it.
        let out = tmp.path().join(lang).join("town");
        let r = import(&[ledger.to_str().unwrap(), "--lang", lang], &out);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
        (read("import-report.md"), read("import-report.json"))
    };
    let ((ja, ja_json), (en, en_json)) = (run("ja"), run("en"));
    // The JSON report is a machine format: the same bytes, its reasons in English.
    assert_eq!(ja_json, en_json);
    assert!(
        en_json.contains("\"reason\": \"a building with floor area 0: not priced\""),
        "{en_json}"
    );
    // Rows 2 and 3 (the two buildings of 中央小学校) and 9 (図書館) are used, two with an
    // assumption; row 4 (equipment) joins the school's larger building; rows 5 (land), 6 (floor
    // area 0), 7 (no date), 8 (the header again) and 10 (the total) are skipped. The reasons are
    // the catalogue's Japanese, written out here by hand.
    let reasons = |md: &str, heading: &str| -> Vec<(String, String)> {
        markdown_rows(md, heading)
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect()
    };
    let at = |place: &str| format!("{f}:{place}");
    assert_eq!(
        reasons(&ja, "仮定を置いて採用した行"),
        [
            (at("3: 構造"), "構造 \"テント\" を判別できない: その他とする".to_string()),
            (
                at("9: 用途"),
                "用途がない: 名称 \"図書館\" が 図書館 を含むため、施設分類を social_education とする"
                    .to_string()
            ),
        ]
    );
    assert_eq!(
        reasons(&ja, "除外した行"),
        [
            (at("5"), "建物ではない（勘定科目 土地）".to_string()),
            (at("6"), "延床面積が0の建物: 費用を算定しない".to_string()),
            (
                at("7"),
                "取得年月日がない: 建築年が分からないため、費用を算定しない".to_string()
            ),
            (at("8"), "見出し行の繰返し（出力時の改ページ）".to_string()),
            (
                at("10"),
                "合計の行（合計、小計、計）: 合計は取り込まない".to_string()
            ),
        ]
    );
    assert_eq!(
        reasons(&ja, "他の行に統合した行"),
        [(
            at("4"),
            "建物附属設備: 建物の附属設備であり、建物の延床面積により費用を算定する".to_string()
        )]
    );
    // What a row became, in Japanese: the equipment joins the school's larger building (校舎,
    // 2,400 m² against 800 m²), the one with the structure assumed is the gymnasium.
    let merged = markdown_rows(&ja, "他の行に統合した行");
    let assumed = markdown_rows(&ja, "仮定を置いて採用した行");
    assert!(merged[0][2].starts_with("施設 "), "{merged:?}");
    assert!(merged[0][2].contains(" の建物 "), "{merged:?}");
    assert_ne!(
        merged[0][2], assumed[0][2],
        "the gymnasium is not the school's largest"
    );
    // The same rows at the same places in both languages, the same counts in the headings.
    for (ja_heading, en_heading) in [
        ("仮定を置いて採用した行（", "Rows used with an assumption ("),
        ("除外した行（", "Rows skipped ("),
        ("他の行に統合した行（", "Rows merged into others ("),
        ("採用した行（", "Rows used ("),
    ] {
        let places = |md: &str, h: &str| -> Vec<String> {
            markdown_rows(md, h)
                .into_iter()
                .map(|r| r[0].clone())
                .collect()
        };
        assert_eq!(places(&ja, ja_heading), places(&en, en_heading));
    }
    assert!(ja.contains("\n## 除外した行（5）\n"), "{ja}");
    assert!(en.contains("\n## Rows skipped (5)\n"), "{en}");
    assert!(
        en.contains(&format!(
            "| {f}:10 | a total row (合計, 小計 or 計): totals are not imported |"
        )),
        "{en}"
    );
    // The source's format in words of the language: CSV in UTF-8, one sheet.
    assert!(ja.contains("\nCSV、UTF-8（1シートを読込み）。"), "{ja}");
    assert!(en.contains("\nCSV, UTF-8 (one sheet read), "), "{en}");
    // The notes too: the rows were grouped by 施設名.
    assert!(
        ja.contains(&format!("- {f}:1: 行を 施設名 により施設にまとめた\n")),
        "{ja}"
    );
    assert!(
        en.contains(&format!(
            "- {f}:1: rows are grouped into facilities by 施設名\n"
        )),
        "{en}"
    );
}

#[test]
fn a_japanese_refusal_gives_its_reasons_in_japanese() {
    let tmp = TempDir::new();
    // Nothing to import: the one row is land.
    let land = tmp.write(
        "land.csv",
        "財産番号,勘定科目,資産名称,数量,取得年月日\n1,土地,庁舎敷地,5000,1960/04/01\n",
    );
    let r = import(
        &[land.to_str().unwrap(), "--lang", "ja"],
        &tmp.path().join("never"),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let want = format!(
        "{f}: 取り込むものがない: 施設となった行がない。除外した行: {f}:2: 建物ではない（勘定科目 土地）",
        f = land.display()
    );
    assert!(
        r.stderr.contains(&want),
        "expected {want:?} in:\n{}",
        r.stderr
    );
    // Strict mode refuses an assumption, its reason in Japanese at the same place as in English.
    let ledger = tmp.write(
        "ledger.csv",
        "財産番号,勘定科目,施設名,資産名称,用途,構造,延床面積,取得年月日\n\
         1,建物,中央小学校,中央小学校 体育館,小学校,テント,800,1980/06/01\n",
    );
    let strict = |lang: &str| {
        let r = import(
            &[ledger.to_str().unwrap(), "--strict", "--lang", lang],
            &tmp.path().join("never"),
        );
        assert_eq!(r.code, 2, "{}", r.stderr);
        r.stderr
    };
    let f = ledger.display();
    let (ja, en) = (strict("ja"), strict("en"));
    let want = format!(
        "{f}:2: 構造: 仮定（strict モードでは認めない）: 構造 \"テント\" を判別できない: その他とする"
    );
    assert!(ja.contains(&want), "expected {want:?} in:\n{ja}");
    let want = format!(
        "{f}:2: 構造: an assumption (refused in strict mode): structure \"テント\" not recognised: other"
    );
    assert!(en.contains(&want), "expected {want:?} in:\n{en}");
    assert!(!tmp.path().join("never").exists());
}
