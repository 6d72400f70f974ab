//! Reports for finance: CSV by facility worked by hand, CSV units and the Excel form, snapshots of
//! the CSV and of a small HTML report, the report's amounts against the projection's, what a report
//! may not contain, and terminal tables within 100 columns.

use std::collections::BTreeMap;

use crate::scenarios::fixture;
use crate::util::{TempDir, json, shisetsu, write_report};

const M: i128 = 1_000_000;

/// Parses long CSV text (LF) into rows of fields.
fn rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Writes a scenario naming the fixture's inventory.
fn scenario(dir: &TempDir, name: &str, body: &str) -> String {
    dir.write(
        &format!("{name}.toml"),
        format!("name = \"{name}\"\ninventory = \"inv\"\n{body}"),
    )
    .to_string_lossy()
    .into_owned()
}

const CLOSE_F1: &str =
    "[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\nproceeds_yen = 20000000\n";

#[test]
fn cost_by_facility_worked_by_hand() {
    let dir = fixture();
    let inv = dir.path().join("inv");
    let r = shisetsu(&[
        "project",
        inv.to_str().unwrap(),
        "--format",
        "csv-facilities",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = rows(&r.stdout);
    assert_eq!(
        rows[0],
        [
            "scenario",
            "facility_id",
            "facility_name",
            "category",
            "year",
            "kind",
            "amount_yen",
            "kind_ja",
            "category_ja"
        ]
    );
    // The fixture (see `scenarios::fixture`), FY2030–FY2034:
    // F1 operating 1,000 m² × 10,000 = 10,000,000 a year; F2 500 × 10,000 = 5,000,000;
    // F3 2,000 × 5,000 = 10,000,000; F4 1,000 × 5,000 = 5,000,000; F5 its actual 5,000,000 a year,
    // and its old wing B6 (400 m², built 2000) is 30 in 2030: renovation 250,000 × 400 =
    // 100,000,000 spread over two years, 50,000,000 in 2030 and in 2031.
    // Rows with a cost: 4 facilities × 5 years of operating, and F5's 5 + 2 = 27.
    assert_eq!(rows.len(), 1 + 27);
    let mut by: BTreeMap<(String, String, String), i128> = BTreeMap::new();
    for row in &rows[1..] {
        assert_eq!(row[0], "small");
        by.insert(
            (row[1].clone(), row[4].clone(), row[5].clone()),
            row[6].parse().unwrap(),
        );
    }
    let get = |f: &str, y: &str, k: &str| by[&(f.to_string(), y.to_string(), k.to_string())];
    assert_eq!(get("F1", "2030", "operating"), 10 * M);
    assert_eq!(get("F2", "2034", "operating"), 5 * M);
    assert_eq!(get("F3", "2031", "operating"), 10 * M);
    assert_eq!(get("F4", "2032", "operating"), 5 * M);
    assert_eq!(get("F5", "2030", "operating"), 5 * M);
    assert_eq!(get("F5", "2030", "renovation"), 50 * M);
    assert_eq!(get("F5", "2031", "renovation"), 50 * M);
    assert!(!by.contains_key(&("F5".into(), "2032".into(), "renovation".into())));
    // The rows of a year add up to its total: 35M + 50M in 2030 and 2031, 35M after.
    for (year, total) in [(2030, 85), (2031, 85), (2032, 35), (2033, 35), (2034, 35)] {
        let sum: i128 = by
            .iter()
            .filter(|((_, y, _), _)| *y == year.to_string())
            .map(|(_, v)| v)
            .sum();
        assert_eq!(sum, total * M, "FY{year}");
    }
    // Japanese names of kinds and categories, for Japanese pivot tables.
    let f5 = rows
        .iter()
        .find(|r| r[1] == "F5" && r[5] == "renovation")
        .unwrap();
    assert_eq!(f5[7], "大規模改修");
    assert_eq!(f5[8], "社会教育系施設");
}

#[test]
fn cost_by_facility_of_a_buildings_csv() {
    // A buildings CSV has no facilities of its own: every building is its own facility.
    let dir = TempDir::new();
    let csv = dir.write(
        "two.csv",
        "id,name,category,floor_area_m2,built_year\n\
         S1,school,school,1000,2000\n\
         H1,housing,public_housing,300,1971\n",
    );
    let r = shisetsu(&[
        "project",
        csv.to_str().unwrap(),
        "--from",
        "2030",
        "--years",
        "2",
        "--format",
        "csv-facilities",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // MIC, FY2030–FY2031, no operating cost in the preset:
    // S1 is 30 in 2030: renovation 1,000 m² × 170,000 = 170,000,000 over two years, 85,000,000 in
    // 2030 and in 2031. H1 is 59 in 2030 (no backlog: that starts at 61) and 60 in 2031: rebuild
    // 300 m² × 280,000 = 84,000,000 over three years, 28,000,000 in 2031 (2032–33 fall outside).
    let rows = rows(&r.stdout);
    let got: Vec<(&str, &str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[4].as_str(), r[5].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("S1", "2030", "renovation", "85000000"),
            ("S1", "2031", "renovation", "85000000"),
            ("H1", "2031", "rebuild", "28000000"),
        ]
    );
    assert_eq!(rows[1][0], "two");
}

#[test]
fn cost_by_facility_of_a_scenario_with_an_action() {
    let dir = fixture();
    let path = scenario(&dir, "close", CLOSE_F1);
    let r = shisetsu(&["run", &path, "--format", "csv-facilities", "--unit", "sen"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = rows(&r.stdout);
    assert_eq!(rows[0][6], "amount_sen_yen");
    let f1: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .filter(|r| r[1] == "F1")
        .map(|r| (r[4].as_str(), r[5].as_str(), r[6].as_str()))
        .collect();
    // F1 runs until it closes in 2032 (10,000 千円 a year), and in 2032 its 1,000 m² are demolished
    // at 20,000 yen/m² = 20,000,000 yen = 20,000 千円. The proceeds are not a cost and have no row.
    assert_eq!(
        f1,
        [
            ("2030", "operating", "10000.000"),
            ("2031", "operating", "10000.000"),
            ("2032", "demolition", "20000.000"),
        ]
    );
    insta::assert_snapshot!("close_by_facility_sen", r.stdout);
}

#[test]
fn csv_units_and_the_excel_form() {
    let dir = fixture();
    let path = scenario(&dir, "close", CLOSE_F1);
    let r = shisetsu(&["run", &path, "--format", "csv", "--unit", "oku", "--excel"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = &r.stdout;
    // A UTF-8 byte order mark, then CRLF line ends on every line and no bare LF.
    assert!(text.starts_with('\u{feff}'), "no byte order mark");
    let body = &text['\u{feff}'.len_utf8()..];
    assert!(body.ends_with("\r\n"));
    assert_eq!(body.matches('\n').count(), body.matches("\r\n").count());
    let lf = body.replace("\r\n", "\n");
    let rows = rows(&lf);
    assert_eq!(
        rows[0],
        [
            "scenario",
            "year",
            "kind",
            "category",
            "amount_oku_yen",
            "kind_ja",
            "category_ja"
        ]
    );
    let cell = |year: &str, kind: &str, cat: &str| -> String {
        rows.iter()
            .find(|r| r[1] == year && r[2] == kind && r[3] == cat)
            .map(|r| r[4].clone())
            .unwrap()
    };
    // 2032: F1 is closed, so civic culture runs only F2: 5,000,000 yen = 0.05 億円 (eight decimals,
    // a yen is 0.00000001 億円); F1's demolition 20,000,000 yen = 0.2 億円.
    assert_eq!(cell("2032", "operating", "civic_culture"), "0.05000000");
    assert_eq!(cell("2032", "demolition", "civic_culture"), "0.20000000");
    assert_eq!(cell("2031", "operating", "civic_culture"), "0.15000000");
    assert_eq!(cell("2030", "renovation", "social_education"), "0.50000000");
    // The grid is full: 5 years × 8 kinds × 3 categories, zeros included.
    assert_eq!(rows.len(), 1 + 5 * 8 * 3);
    let plain = shisetsu(&["run", &path, "--format", "csv"]);
    insta::assert_snapshot!("close_by_year_kind_category", plain.stdout);
}

/// Attribute values `name="…"` in order of appearance within `text`.
fn attrs<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!("{name}=\"");
    text.match_indices(&key)
        .map(|(i, _)| {
            let rest = &text[i + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The part of an HTML text from `start` up to the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &text[i..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn the_report_shows_the_projections_amounts() {
    let (_dir, out) = write_report(&["scenarios/kanuma"], "ja");
    let html = std::fs::read_to_string(&out).unwrap();
    let run = json(&shisetsu(&["run", "scenarios/kanuma", "--format", "json"]).stdout);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 10);
    for res in results {
        let name = res["scenario"].as_str().unwrap();
        // The summary row: total and average, exact yen.
        let row = between(&html, &format!("<tr data-scenario=\"{name}\">"), "</tr>");
        assert_eq!(
            attrs(row, "data-yen"),
            [
                res["total_yen"].as_str().unwrap(),
                res["average_yen"].as_str().unwrap()
            ],
            "{name}"
        );
        // The yearly table: every year's total and every kind, exact yen.
        let section = between(
            &html,
            "<section class=\"scenario\" id=\"scenario-",
            "</html>",
        );
        let section = &section[section
            .find(&format!("data-scenario=\"{name}\""))
            .unwrap_or_else(|| panic!("no section for {name}"))..];
        let section = &section[..section.find("</section>").unwrap()];
        let years = res["years"].as_array().unwrap();
        assert_eq!(years.len(), 30);
        for y in years {
            let tr = between(
                section,
                &format!("<tr data-year=\"{}\"", y["year"]),
                "</tr>",
            );
            let total = between(tr, "class=\"num total\"", ">");
            assert_eq!(
                attrs(total, "data-yen"),
                [y["total_yen"].as_str().unwrap()],
                "{name} {}",
                y["year"]
            );
            for (kind, yen) in y["kinds"].as_object().unwrap() {
                let cell = tr.find(&format!("data-kind=\"{kind}\""));
                match cell {
                    Some(i) => assert_eq!(
                        attrs(&tr[i..], "data-yen")[0],
                        yen.as_str().unwrap(),
                        "{name} {} {kind}",
                        y["year"]
                    ),
                    // A kind left out of the table is zero in every year.
                    None => assert_eq!(yen, "0", "{name} {} {kind}", y["year"]),
                }
            }
        }
        // One stacked chart per scenario with a bar per year.
        assert!(section.contains("class=\"chart stacked\""), "{name}");
        assert!(section.contains("data-bars=\"30\""), "{name}");
    }
}

#[test]
fn the_report_is_self_contained() {
    let (_dir, out) = write_report(&["scenarios/kanuma"], "en");
    let html = std::fs::read_to_string(&out).unwrap();
    // Ten scenario charts, the comparison, floor area, and the condition scenario's grades.
    assert_eq!(html.matches("<svg").count(), 13);
    for banned in [
        "http:",
        "https:",
        "src=",
        "href=",
        "<script",
        "<link",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(!html.contains(banned), "the report contains {banned}");
    }
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("@media print"));
}

#[test]
fn a_small_report() {
    let dir = fixture();
    let base = scenario(&dir, "baseline", "");
    let close = scenario(&dir, "close", CLOSE_F1);
    let out = dir.path().join("small.html");
    let r = shisetsu(&[
        "report",
        &base,
        &close,
        "--output",
        out.to_str().unwrap(),
        "--lang",
        "ja",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    // FY2030 is 令和12年; the cap is 1,000,000,000 yen = 10.00 億円.
    assert!(html.contains("2030 (R12)"));
    assert!(html.contains("上限 10.00 億円"));
    // The close scenario's total: 85 + 85 + 45 + 25 + 25 = 265,000,000 yen; average 53,000,000.
    let row = between(&html, "<tr data-scenario=\"close\">", "</tr>");
    assert_eq!(attrs(row, "data-yen"), ["265000000", "53000000"]);
    // Its peak year is 2030 (85,000,000; 2031 ties and the first is kept). The largest part is
    // B6's renovation, 50,000,000 = 58.8% of 85,000,000; then F1 and F3, 10,000,000 each (11.8%).
    let drivers = between(
        &html,
        "<table class=\"drivers\" data-year=\"2030\"",
        "</table>",
    );
    let first = between(drivers, "<tr><td class=\"num\">1</td>", "</tr>");
    assert!(first.contains("data-yen=\"50000000\""), "{first}");
    assert!(first.contains("58.8%") && first.contains("B6"), "{first}");
    assert_eq!(attrs(drivers, "data-yen").len(), 6, "six contributors");
    insta::assert_snapshot!("small_report_ja", html);
}

#[test]
fn a_report_lists_the_scenarios_it_could_not_read() {
    let dir = fixture();
    scenario(&dir, "a_good", "");
    scenario(
        &dir,
        "b_bad",
        "[[actions]]\ntype = \"close\"\nfacility = \"F9\"\nyear = 2032\n",
    );
    let out = dir.path().join("r.html");
    let r = shisetsu(&[
        "report",
        dir.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("b_bad.toml") && r.stderr.contains("F9"),
        "{}",
        r.stderr
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<section id=\"errors\">"));
    assert!(html.contains("b_bad.toml"));
    assert!(html.contains("data-scenario=\"a_good\""));

    // Nothing readable: no report is written.
    let bad_only = TempDir::new();
    bad_only.write("x.toml", "name = \"x\"\ninventory = \"nowhere\"\n");
    let out2 = bad_only.path().join("r.html");
    let r = shisetsu(&[
        "report",
        bad_only.path().join("x.toml").to_str().unwrap(),
        "--output",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(!out2.exists());
    let leftovers: Vec<_> = std::fs::read_dir(bad_only.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the scenario file remains");
}

#[test]
fn a_report_does_not_overwrite_its_input() {
    let dir = fixture();
    let base = scenario(&dir, "baseline", "");
    let before = std::fs::read_to_string(&base).unwrap();
    let r = shisetsu(&["report", &base, "--output", &base]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("refusing to overwrite"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&base).unwrap(), before);
}

/// Display columns of a terminal line: East Asian wide characters take two.
fn columns(line: &str) -> usize {
    shisetsu::render::table::display_width(line)
}

#[test]
fn terminal_tables_fit_100_columns() {
    let commands: [&[&str]; 7] = [
        &[],
        &["project", "facilities/kanuma"],
        &["project", "facilities/kanuma", "--model", "long-life"],
        &["run", "scenarios/kanuma"],
        &[
            "compare",
            "scenarios/kanuma/baseline.toml",
            "scenarios/kanuma/combined.toml",
        ],
        &[
            "explain",
            "scenarios/kanuma/combined.toml",
            "--year",
            "2032",
        ],
        &[
            "montecarlo",
            "scenarios/kanuma/baseline.toml",
            "--runs",
            "50",
        ],
    ];
    for args in commands {
        let r = shisetsu(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.lines().count() > 5, "{args:?}");
        for line in r.stdout.lines() {
            assert!(
                columns(line) <= 100,
                "{args:?}: {} columns: {line}",
                columns(line)
            );
        }
    }
    // Amounts are right-aligned under their headings, with thousands separators.
    let r = shisetsu(&["project", "facilities/kanuma"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let header = lines.iter().find(|l| l.starts_with("FY ")).unwrap();
    let ends: Vec<usize> = ["operating", "renovation", "rebuild", "total"]
        .iter()
        .map(|h| columns(&header[..header.find(h).unwrap() + h.len()]))
        .collect();
    let years: Vec<&&str> = lines.iter().filter(|l| l.starts_with("20")).collect();
    assert_eq!(years.len(), 30);
    for line in years {
        // Year lines are ASCII, so a column is a byte.
        for &e in &ends {
            let b = line.as_bytes();
            assert!(
                b[e - 1].is_ascii_digit() && b.get(e).is_none_or(|c| *c == b' '),
                "{line}"
            );
        }
    }
    for token in r.stdout.split_whitespace() {
        let int = token.split('.').next().unwrap();
        if token.contains('.') && int.chars().all(|c| c.is_ascii_digit()) {
            assert!(int.len() <= 3, "ungrouped amount {token}");
        }
    }
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("total ") && l.contains(',')),
        "the total (over 1,000 億円) is grouped"
    );
}

#[test]
fn costs_by_facility_add_up_to_the_projection_exactly() {
    // For every Kanuma scenario (closures, merges, complexes, transfers, leveling, condition), the
    // amounts by facility add up, year by year and kind by kind, to the projection's own. Both are
    // 28-digit decimals summed in different orders; a renewal spread over three years is a third
    // of a yen that does not end, so they may differ in the last digit, far below 10^-12 yen.
    use rust_decimal::Decimal;
    use shisetsu::category::ALL_KINDS;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kanuma");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let items = shisetsu::run::run_batch(&files, &shisetsu::input::Disk);
    assert_eq!(items.len(), 10);
    for item in &items {
        let o = item.result.as_ref().unwrap();
        let costs = shisetsu::explain::by_facility(&o.scenario).unwrap();
        let p = &o.projection;
        assert_eq!(costs.years, p.years());
        for i in 0..p.years() {
            for k in ALL_KINDS {
                let sum: Decimal = costs.rows.iter().map(|r| r.amounts[i][k.index()]).sum();
                let diff = (sum - p.kind_total(i, k).get()).abs();
                assert!(
                    diff < Decimal::new(1, 12),
                    "{} year {i} {k:?}: {diff}",
                    p.name()
                );
            }
        }
    }
}

#[test]
fn every_output_prints_amounts_that_add_up_to_the_same_totals() {
    // For every Kanuma scenario: the years of the JSON add up to its total, a year's kinds and
    // categories to the year; the CSV's cells add up, by year and kind and by year and category, to
    // the JSON's, and the costs by facility by year and kind; `explain`'s contributors add up to
    // the JSON's year, kind by kind.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kanuma");
    let root = root.to_str().unwrap();
    let run = json(&shisetsu(&["run", root, "--format", "json"]).stdout);
    let mut kinds: BTreeMap<(String, i64, String), i128> = BTreeMap::new();
    let mut categories: BTreeMap<(String, i64, String), i128> = BTreeMap::new();
    let int = |v: &serde_json::Value| -> i128 { v.as_str().unwrap().parse().unwrap() };
    for r in run["results"].as_array().unwrap() {
        let name = r["scenario"].as_str().unwrap().to_string();
        let mut years = 0;
        for y in r["years"].as_array().unwrap() {
            let total = int(&y["total_yen"]);
            years += total;
            let ks = y["kinds"].as_object().unwrap();
            let cs = y["categories"].as_object().unwrap();
            assert_eq!(
                ks.values().map(int).sum::<i128>(),
                total,
                "{name} {}",
                y["year"]
            );
            assert_eq!(
                cs.values().map(int).sum::<i128>(),
                total,
                "{name} {}",
                y["year"]
            );
            for (k, v) in ks {
                kinds.insert(
                    (name.clone(), y["year"].as_i64().unwrap(), k.clone()),
                    int(v),
                );
            }
            for (c, v) in cs {
                categories.insert(
                    (name.clone(), y["year"].as_i64().unwrap(), c.clone()),
                    int(v),
                );
            }
        }
        assert_eq!(years, int(&r["total_yen"]), "{name}");
    }
    for format in ["csv", "csv-facilities"] {
        let text = shisetsu(&["run", root, "--format", format]).stdout;
        let rows = rows(&text);
        let (year, kind, amount) = if format == "csv" {
            (1, 2, 4)
        } else {
            (4, 5, 6)
        };
        let mut sums: BTreeMap<(String, i64, String), i128> = BTreeMap::new();
        for r in &rows[1..] {
            *sums
                .entry((r[0].clone(), r[year].parse().unwrap(), r[kind].clone()))
                .or_default() += r[amount].parse::<i128>().unwrap();
        }
        for (key, sum) in sums {
            assert_eq!(sum, kinds[&key], "{format} {key:?}");
        }
        if format == "csv" {
            // By category too.
            let mut by_cat: BTreeMap<(String, i64, String), i128> = BTreeMap::new();
            for r in &rows[1..] {
                *by_cat
                    .entry((r[0].clone(), r[1].parse().unwrap(), r[3].clone()))
                    .or_default() += r[4].parse::<i128>().unwrap();
            }
            for (key, sum) in by_cat {
                assert_eq!(sum, categories.get(&key).copied().unwrap_or(0), "{key:?}");
            }
        }
    }
    let combined = format!("{root}/combined.toml");
    for year in ["2025", "2032", "2047"] {
        let e = json(&shisetsu(&["explain", &combined, "--year", year, "--format", "json"]).stdout);
        let sum: i128 = e["contributors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| int(&c["total_yen"]))
            .sum();
        let y: i64 = year.parse().unwrap();
        let printed: i128 = kinds
            .iter()
            .filter(|((n, yy, _), _)| n == "combined" && *yy == y)
            .map(|(_, v)| v)
            .sum();
        assert_eq!(sum, int(&e["total_yen"]));
        assert_eq!(sum, printed, "explain {year}");
        // And kind by kind.
        let mut by_kind: BTreeMap<String, i128> = BTreeMap::new();
        for c in e["contributors"].as_array().unwrap() {
            for (k, v) in c["kinds"].as_object().unwrap() {
                *by_kind.entry(k.clone()).or_default() += int(v);
            }
        }
        for (k, v) in by_kind {
            assert_eq!(
                v,
                kinds[&("combined".to_string(), y, k.clone())],
                "explain {year} {k}"
            );
        }
    }
}

#[test]
fn what_each_action_costs_and_saves_worked_by_hand() {
    let dir = fixture();
    let path = scenario(
        &dir,
        "plan",
        "[[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\nproceeds_yen = 20000000\n\
         [[actions]]\ntype = \"merge\"\nfacilities = [\"F4\"]\ninto = \"F3\"\nyear = 2031\n\
         added_floor_area_m2 = 100\n",
    );
    let items = shisetsu::run::run_batch(&[path.into()], &shisetsu::input::Disk);
    let o = items[0].result.as_ref().unwrap();
    let l = shisetsu::ledger::ledger(&o.scenario).unwrap();
    // In year order: the merge (2031), then the close (2032).
    let years: Vec<Option<i32>> = l.lines.iter().map(|a| a.year).collect();
    assert_eq!(years, [Some(2031), Some(2032)]);
    let (merge, close) = (&l.lines[0], &l.lines[1]);
    // Close F1 in 2032: as it is, F1 runs 1,000 m² × 10,000 = 10,000,000 a year for five years
    // (50,000,000); closed, it runs two (20,000,000): the saving is 30,000,000. It costs the
    // demolition of 1,000 m² of RC at 20,000 = 20,000,000, and sells for 20,000,000.
    assert_eq!(close.saving.get(), (30 * M).into());
    assert_eq!(close.cost.get(), (20 * M).into());
    assert_eq!(close.proceeds.get(), (20 * M).into());
    assert_eq!(close.area_removed_m2, 1000.into());
    assert_eq!(close.net().get(), (-10 * M).into());
    // Merge F4 into F3 in 2031: F4 runs 1,000 m² × 5,000 = 5,000,000 a year, one year instead of
    // five, a saving of 20,000,000. Costs: demolition of 1,000 m² of steel at 10,000 =
    // 10,000,000; 100 m² built at the school rebuild cost, 330,000 = 33,000,000; and run at
    // 5,000 a m² from 2031 to 2034: 100 × 5,000 × 4 = 2,000,000. 45,000,000 in all.
    assert_eq!(merge.saving.get(), (20 * M).into());
    assert_eq!(merge.cost.get(), (45 * M).into());
    assert_eq!(merge.area_removed_m2, 1000.into());
    assert_eq!(merge.area_built_m2, 100.into());
    // The ledger adds up: as it is 35,000,000 × 5 + F5's renovation 100,000,000 = 275,000,000;
    // the scenario is that − 30 − 20 + 20 + 45 = 290,000,000.
    assert_eq!(l.as_is_total.get(), (275 * M).into());
    assert_eq!(l.scenario_total.get(), (290 * M).into());
    assert!(l.unassigned.is_zero());
}

#[test]
fn the_ledgers_of_kanuma_add_up_to_each_scenario() {
    // For every Kanuma scenario (life extension, merges, complexes, transfers, reductions,
    // leveling), the costs less the savings of its actions are the scenario less the inventory as
    // it is: no amount is left without an owner.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kanuma");
    let files = kanuma_files(&root);
    for item in shisetsu::run::run_batch(&files, &shisetsu::input::Disk) {
        let o = item.result.unwrap();
        let l = shisetsu::ledger::ledger(&o.scenario).unwrap();
        let net: rust_decimal::Decimal = l.lines.iter().map(|a| a.net().get()).sum();
        let diff = net - (l.scenario_total.get() - l.as_is_total.get());
        assert!(
            diff.abs() < rust_decimal::Decimal::new(1, 9),
            "{}: {diff}",
            o.scenario.name()
        );
        assert!(
            l.unassigned.get().abs() < rust_decimal::Decimal::new(1, 9),
            "{}: {}",
            o.scenario.name(),
            l.unassigned.get()
        );
        assert_eq!(l.lines.len(), o.scenario.actions().len());
    }
}

#[test]
fn the_kanuma_report_lists_every_action_of_combined_with_its_year() {
    let (_dir, out) = write_report(&["scenarios/kanuma"], "ja");
    let html = std::fs::read_to_string(&out).unwrap();
    let i = html
        .find("<section class=\"scenario\" id=\"scenario-1\" data-scenario=\"combined\"")
        .expect("combined is the second scenario");
    let section = &html[i..];
    let section = &section[..section.find("</section>").unwrap()];
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kanuma/combined.toml");
    let s = shisetsu::scenario::load(
        &path,
        &shisetsu::input::Disk,
        &shisetsu::scenario::Cache::new(),
    )
    .unwrap();
    // Every action of the file and its includes, once, with its year (a life extension has none).
    let rows = attrs(section, "data-action");
    assert_eq!(rows.len(), s.actions().len());
    assert!(s.actions().len() > 100, "{}", s.actions().len());
    for (k, a) in s.actions().iter().enumerate() {
        use shisetsu::scenario::Action;
        let year = match a {
            Action::Close { year, .. }
            | Action::Merge { year, .. }
            | Action::Complex { year, .. }
            | Action::Transfer { year, .. }
            | Action::Reduce { year, .. } => year.to_string(),
            Action::Shift { from, .. } => from.to_string(),
            Action::LifeExtension { .. } => String::new(),
        };
        let tr = between(section, &format!("<tr data-action=\"{k}\""), "</tr>");
        assert_eq!(attrs(tr, "data-year"), [year.as_str()], "action {k}");
        assert_eq!(attrs(tr, "data-type"), [a.type_name()], "action {k}");
    }
    // In year order: the life extension (all years) first, then by year.
    let table = between(section, "<table class=\"actions\"", "</table>");
    let years: Vec<i32> = attrs(table, "data-year")
        .iter()
        .filter(|y| y.len() == 4)
        .map(|y| y.parse().unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[0] <= w[1]));
    // Service: users moved and users who lose a service are counted apart, as the run's JSON has
    // them.
    let run =
        json(&shisetsu(&["run", "scenarios/kanuma/combined.toml", "--format", "json"]).stdout);
    let moves = run["results"][0]["access"]["moves"].as_array().unwrap();
    let users = |to_none: bool| -> u64 {
        moves
            .iter()
            .filter(|m| m["to"].is_null() == to_none)
            .map(|m| m["users"].as_u64().unwrap())
            .sum()
    };
    let summary = between(section, "<p class=\"service-summary\"", ">");
    assert_eq!(attrs(summary, "data-moved"), [users(false).to_string()]);
    assert_eq!(attrs(summary, "data-lost"), [users(true).to_string()]);
}

/// The Kanuma scenario files, in name order (as `run` lists a folder).
fn kanuma_files(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn both_pivots_agree_on_every_kanuma_scenario() {
    // Every breakdown of every Kanuma scenario agrees with every other, by kind and by category:
    // the costs by facility, pivoted by year, kind and category, give the CSV's cells; by year and
    // category, the JSON's categories; by year and kind, its kinds. And each printed amount (cell,
    // kind, category, year) is its exact amount rounded down or up: within one yen of it
    // (controlled rounding of each year's table).
    use rust_decimal::Decimal;
    use shisetsu::category::{ALL_CATEGORIES, ALL_KINDS};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kanuma");
    let dir = root.to_str().unwrap();
    let int = |s: &str| -> i128 { s.parse().unwrap() };
    let mut cells: BTreeMap<(String, i64, String, String), i128> = BTreeMap::new();
    for r in &rows(&shisetsu(&["run", dir, "--format", "csv"]).stdout)[1..] {
        let key = (r[0].clone(), int(&r[1]) as i64, r[2].clone(), r[3].clone());
        cells.insert(key, int(&r[4]));
    }
    let mut pivot: BTreeMap<(String, i64, String, String), i128> = BTreeMap::new();
    for r in &rows(&shisetsu(&["run", dir, "--format", "csv-facilities"]).stdout)[1..] {
        let key = (r[0].clone(), int(&r[4]) as i64, r[5].clone(), r[3].clone());
        *pivot.entry(key).or_default() += int(&r[6]);
    }
    let mut differ = Vec::new();
    for (key, v) in &cells {
        let f = pivot.get(key).copied().unwrap_or(0);
        if f != *v {
            differ.push(format!("{key:?}: csv {v}, by facility {f}"));
        }
    }
    for key in pivot.keys() {
        assert!(cells.contains_key(key), "{key:?} only by facility");
    }
    assert!(
        differ.is_empty(),
        "{} cells differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );

    let files = kanuma_files(&root);
    let one = Decimal::ONE;
    for item in shisetsu::run::run_batch(&files, &shisetsu::input::Disk) {
        let o = item.result.unwrap();
        let p = &o.projection;
        let printed = shisetsu::render::printed::Printed::of(p);
        for i in 0..p.years() {
            let near = |printed: shisetsu::money::Yen, exact: shisetsu::money::Yen, what: &str| {
                let d = (printed.get() - exact.get()).abs();
                assert!(
                    d < one,
                    "{} year {i} {what}: printed {printed:?}, exact {exact:?}",
                    p.name()
                );
            };
            near(printed.year_total(i), p.year_total(i), "total");
            for k in ALL_KINDS {
                near(printed.kind(i, k), p.kind_total(i, k), k.key());
                for c in ALL_CATEGORIES {
                    near(printed.cell(i, k, c), p.amount(i, k, c), c.key());
                }
            }
            for c in ALL_CATEGORIES {
                near(printed.category(i, c), p.category_total(i, c), c.key());
            }
        }
    }
}
