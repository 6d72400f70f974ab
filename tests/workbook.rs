//! The Excel workbook read back with calamine: every amount equals the JSON's (and the CSV by
//! facility's) to the yen; the same bytes for the same inputs; bad requests refused.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use shisetsu::category::ALL_KINDS;

use crate::scenarios::fixture;
use crate::util::{TempDir, json, shisetsu};

/// A cell that must hold a whole number (an amount in yen, a year).
fn int(r: &Range<Data>, row: u32, col: u32) -> i128 {
    match r.get_value((row, col)) {
        Some(Data::Float(v)) => {
            assert_eq!(v.fract(), 0.0, "({row}, {col}) = {v} is not whole");
            *v as i128
        }
        Some(Data::Int(v)) => i128::from(*v),
        other => panic!("({row}, {col}): not a number: {other:?}"),
    }
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("({row}, {col}): not text: {other:?}"),
    }
}

fn yen(v: &serde_json::Value) -> i128 {
    v.as_str().unwrap().parse().unwrap()
}

/// The kind whose Japanese name is `label`.
fn kind_key(label: &str) -> &'static str {
    ALL_KINDS
        .iter()
        .find(|k| k.name_ja() == label)
        .unwrap_or_else(|| panic!("no kind {label}"))
        .key()
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("the workbook opens")
}

#[test]
fn the_kanuma_workbook_equals_the_json_to_the_yen() {
    let dir = TempDir::new();
    let out = dir.path().join("kanuma.xlsx");
    let r = shisetsu(&[
        "run",
        "scenarios/kanuma",
        "--format",
        "xlsx",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    let run = json(&shisetsu(&["run", "scenarios/kanuma", "--format", "json"]).stdout);
    let results: BTreeMap<String, &serde_json::Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["scenario"].as_str().unwrap().to_string(), v))
        .collect();
    let mut book = open(&out);

    // 概要: a row per scenario, from row 5 (index 4): title, name, total, average, peak year, its
    // cost, cap, years over, years.
    let summary = book.worksheet_range("概要").unwrap();
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for row in 4..4 + results.len() as u32 {
        let name = text(&summary, row, 1);
        let res = results[&name];
        titles.insert(text(&summary, row, 0), name.clone());
        assert_eq!(int(&summary, row, 2), yen(&res["total_yen"]), "{name}");
        assert_eq!(int(&summary, row, 3), yen(&res["average_yen"]), "{name}");
        assert_eq!(
            int(&summary, row, 4),
            i128::from(res["peak"]["year"].as_i64().unwrap())
        );
        assert_eq!(
            int(&summary, row, 5),
            yen(&res["peak"]["total_yen"]),
            "{name}"
        );
        assert_eq!(int(&summary, row, 6), yen(&res["cap_yen"]), "{name}");
        let over = res["years_over_cap"].as_array().unwrap().len() as i128;
        assert_eq!(int(&summary, row, 7), over, "{name}");
    }
    assert_eq!(titles.len(), 10);

    // A sheet per scenario: the kinds, the total, the average, the cap and the margin, by year.
    let sheets = book.sheet_names();
    let mut checked = 0;
    for sheet in &sheets {
        let r = book.worksheet_range(sheet).unwrap();
        let Some(name) = titles.get(&text(&r, 0, 0)) else {
            continue;
        };
        let res = results[name];
        let years = res["years"].as_array().unwrap();
        let n = years.len() as u32;
        for (i, y) in years.iter().enumerate() {
            let c = i as u32 + 1;
            assert_eq!(int(&r, 5, c), i128::from(y["year"].as_i64().unwrap()));
            assert_eq!(text(&r, 6, c), y["wareki"].as_str().unwrap());
        }
        let mut row = 7;
        let mut listed = Vec::new();
        while text(&r, row, 0) != "合計" {
            let key = kind_key(&text(&r, row, 0));
            for (i, y) in years.iter().enumerate() {
                assert_eq!(
                    int(&r, row, i as u32 + 1),
                    yen(&y["kinds"][key]),
                    "{name} {key} {}",
                    y["year"]
                );
            }
            assert_eq!(int(&r, row, n + 1), yen(&res["kinds_total_yen"][key]));
            listed.push(key);
            row += 1;
        }
        // A kind left out is zero in every year.
        for k in ALL_KINDS {
            if !listed.contains(&k.key()) {
                assert_eq!(yen(&res["kinds_total_yen"][k.key()]), 0, "{name} {k:?}");
            }
        }
        let cap = yen(&res["cap_yen"]);
        for (i, y) in years.iter().enumerate() {
            let c = i as u32 + 1;
            assert_eq!(int(&r, row, c), yen(&y["total_yen"]), "{name} total");
            assert_eq!(
                int(&r, row + 1, c),
                yen(&res["average_yen"]),
                "{name} average"
            );
            assert_eq!(int(&r, row + 2, c), cap, "{name} cap");
            assert_eq!(
                int(&r, row + 3, c),
                cap - yen(&y["total_yen"]),
                "{name} margin"
            );
        }
        assert_eq!(int(&r, row, n + 1), yen(&res["total_yen"]));
        assert_eq!(text(&r, row + 2, 0), "上限");
        assert_eq!(text(&r, row + 3, 0), "上限との差");
        checked += 1;
    }
    assert_eq!(checked, 10);

    // 区分別: scenario × category × kind down, years across. By year and category the kinds add
    // up to the JSON's category; by year and kind the categories add up to the JSON's kind.
    let r = book.worksheet_range("区分別").unwrap();
    let (height, _) = r.get_size();
    let mut by_category: BTreeMap<(String, usize, String), i128> = BTreeMap::new();
    let mut by_kind: BTreeMap<(String, usize, String), i128> = BTreeMap::new();
    for row in 1..height as u32 {
        let name = titles[&text(&r, row, 0)].clone();
        let (category, kind) = (text(&r, row, 2), text(&r, row, 4));
        let mut sum = 0;
        for i in 0..30 {
            let v = int(&r, row, 5 + i as u32);
            sum += v;
            *by_category
                .entry((name.clone(), i, category.clone()))
                .or_default() += v;
            *by_kind.entry((name.clone(), i, kind.clone())).or_default() += v;
        }
        assert_eq!(int(&r, row, 35), sum, "the plan's total of a row");
    }
    for ((name, i, category), v) in &by_category {
        let y = &results[name]["years"][*i];
        assert_eq!(*v, yen(&y["categories"][category]), "{name} {i} {category}");
    }
    for ((name, i, kind), v) in &by_kind {
        assert_eq!(
            *v,
            yen(&results[name]["years"][*i]["kinds"][kind]),
            "{name} {i} {kind}"
        );
    }

    // 施設別: the amounts of `--format csv-facilities`, cell for cell.
    let csv = shisetsu(&["run", "scenarios/kanuma", "--format", "csv-facilities"]).stdout;
    let mut expected: BTreeMap<(String, String, String, i64, String), i128> = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for rec in reader.records() {
        let rec = rec.unwrap();
        expected.insert(
            (
                rec[0].to_string(),
                rec[1].to_string(),
                rec[2].to_string(),
                rec[4].parse().unwrap(),
                rec[5].to_string(),
            ),
            rec[6].parse().unwrap(),
        );
    }
    let r = book.worksheet_range("施設別").unwrap();
    let (height, _) = r.get_size();
    let mut found = 0;
    for row in 1..height as u32 {
        let name = titles[&text(&r, row, 0)].clone();
        let (id, facility, kind) = (text(&r, row, 1), text(&r, row, 2), text(&r, row, 5));
        for i in 0..30u32 {
            let key = (
                name.clone(),
                id.clone(),
                facility.clone(),
                2022 + i64::from(i),
                kind.clone(),
            );
            let v = int(&r, row, 6 + i);
            match expected.get(&key) {
                Some(e) => {
                    assert_eq!(v, *e, "{key:?}");
                    found += 1;
                }
                None => assert_eq!(v, 0, "{key:?}"),
            }
        }
    }
    assert_eq!(
        found,
        expected.len(),
        "every row of the CSV is in the sheet"
    );
}

#[test]
fn the_workbook_is_the_same_bytes_for_the_same_inputs_and_the_report_writes_it_too() {
    let dir = fixture();
    let path = dir.write(
        "close.toml",
        "name = \"close\"\ntitle = \"ホール廃止\"\ninventory = \"inv\"\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\nproceeds_yen = 20000000\n",
    );
    let path = path.to_str().unwrap();
    let write = |args: &[&str], file: &str, threads: &str| -> Vec<u8> {
        let out = dir.path().join(file);
        let mut all = args.to_vec();
        all.extend_from_slice(&["--output", out.to_str().unwrap()]);
        let r = crate::util::shisetsu_env(&all, &[("RAYON_NUM_THREADS", threads)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        std::fs::read(&out).unwrap()
    };
    let a = write(&["run", path, "--format", "xlsx"], "a.xlsx", "1");
    let b = write(&["run", path, "--format", "xlsx"], "b.xlsx", "2");
    assert!(a.starts_with(b"PK"), "a zip archive");
    assert_eq!(
        a, b,
        "the same bytes at one and two threads, at another time"
    );
    let report = write(&["report", path], "c.xlsx", "2");
    assert_eq!(
        report, a,
        "report --output FILE.xlsx writes the same workbook"
    );

    // The scenario's sheet is named by its title; its action is listed with its year and amounts
    // (worked in reports::what_each_action_costs_and_saves_worked_by_hand: cost 20,000,000, saving
    // 30,000,000, proceeds 20,000,000).
    let mut book = open(&dir.path().join("a.xlsx"));
    assert_eq!(
        book.sheet_names(),
        ["概要", "ホール廃止", "区分別", "施設別"]
    );
    let r = book.worksheet_range("ホール廃止").unwrap();
    let (height, _) = r.get_size();
    let row = (0..height as u32)
        .find(|&row| matches!(r.get_value((row, 3)), Some(Data::String(s)) if s == "廃止"))
        .expect("the close action");
    assert_eq!(text(&r, row, 0), "hall one");
    assert_eq!(int(&r, row, 1), 2032);
    assert_eq!(text(&r, row, 2), "R14");
    assert_eq!(int(&r, row, 6), 20_000_000);
    assert_eq!(int(&r, row, 7), 30_000_000);
    assert_eq!(int(&r, row, 8), -10_000_000);
    assert_eq!(int(&r, row, 9), 20_000_000);

    // An inventory projected as it is: a summary, its sheet, and the two tables.
    let inv = dir.path().join("inv");
    let p = write(
        &["project", inv.to_str().unwrap(), "--format", "xlsx"],
        "p.xlsx",
        "2",
    );
    assert!(p.starts_with(b"PK"));
    let book = open(&dir.path().join("p.xlsx"));
    assert_eq!(book.sheet_names(), ["概要", "small", "区分別", "施設別"]);
}

#[test]
fn a_workbook_needs_an_output_file() {
    let r = shisetsu(&["run", "scenarios/kanuma/baseline.toml", "--format", "xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--output FILE.xlsx"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    let r = shisetsu(&["project", "facilities/kanuma", "--format", "xlsx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--output FILE.xlsx"), "{}", r.stderr);
}
