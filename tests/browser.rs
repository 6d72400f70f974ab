//! The HTML report as a reader sees it: rendered in headless Chromium (Debian's `chromium`, driven
//! by `tests/browser/report.mjs` with playwright-core), with no console error, no request leaving
//! the file, and every stacked chart drawn with a bar per fiscal year; and printed
//! (`tests/browser/print.mjs`, read back with poppler's `pdftotext`): no heading alone at the foot
//! of a page, every scenario's cap line at its own cap, 施設カルテ one page a facility.
//!
//! Runs with `cargo test --features browser-tests` (CI installs Chromium and Node); the script's
//! package is installed on first use with `npm ci`.

use std::path::Path;
use std::process::Command;

use crate::util::{TempDir, write_report};

fn browser_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser"))
}

/// Installs the script's locked package when it is missing (once, whatever the tests' threads).
fn npm_ci() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(install);
}

fn install() {
    if browser_dir().join("node_modules/playwright-core").is_dir() {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(browser_dir())
        .status()
        .expect("npm runs (install Node.js)");
    assert!(status.success(), "npm ci in tests/browser failed");
}

/// Renders `report` in Chromium and returns the script's JSON line; fails the test on any problem.
fn render(report: &Path, bars: usize) -> String {
    npm_ci();
    let out = Command::new("node")
        .arg(browser_dir().join("report.mjs"))
        .arg(report)
        .arg(bars.to_string())
        .output()
        .expect("node runs (install Node.js)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "the report does not render cleanly:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn the_kanuma_report_renders_in_chromium() {
    for lang in ["ja", "en"] {
        let (_dir, out) = write_report(&["scenarios/kanuma"], lang);
        // The plan is FY2022–FY2051: 2051 − 2022 + 1 = 30 bars in every stacked chart. There are
        // ten scenarios, each with its chart by kind, and the condition scenario's grades: eleven
        // stacked charts; with the comparison and floor area lines, thirteen charts.
        let result = render(&out, 30);
        assert!(result.contains(r#""charts":13"#), "{result}");
        assert!(result.contains(r#""stacked":11"#), "{result}");
        assert!(result.contains(r#""problems":[]"#), "{result}");
    }
}

#[test]
fn a_broken_page_is_caught() {
    // The check itself must be able to fail: a page with a script error, an outside request and
    // a bar too few.
    let dir = TempDir::new();
    let page = dir.write(
        "broken.html",
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>x</title></head><body>\
         <svg class=\"chart stacked\" data-chart=\"k\" data-bars=\"2\" viewBox=\"0 0 960 360\" width=\"100%\">\
         <g class=\"bar\"><rect x=\"0\" y=\"0\" width=\"10\" height=\"10\"/></g>\
         <rect class=\"key\" x=\"0\" y=\"0\" width=\"1\" height=\"1\"/></svg>\
         <svg class=\"chart lines\" data-chart=\"l\" data-bars=\"0\" viewBox=\"0 0 960 360\" width=\"100%\"></svg>\
         <img src=\"http://example.invalid/x.png\"><script>undefinedFunction()</script></body></html>",
    );
    npm_ci();
    let out = Command::new("node")
        .arg(browser_dir().join("report.mjs"))
        .arg(&page)
        .arg("2")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    for expected in [
        "page error",
        "request beyond the file",
        "k: 1 bars, expected 2",
        "l: no line",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in {stdout}"
        );
    }
}

/// Prints `page` to PDF in Chromium and returns the script's JSON line and whether it passed.
fn print(page: &Path, marker: Option<&str>) -> (bool, String) {
    npm_ci();
    let pdf = page.with_extension("pdf");
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir().join("print.mjs")).arg(page).arg(&pdf);
    if let Some(m) = marker {
        cmd.args(["--marker", m]);
    }
    let out = cmd.output().expect("node runs (install Node.js)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), format!("{stdout}{stderr}"))
}

#[test]
fn the_printed_report_keeps_headings_with_their_content_and_each_cap_at_its_own_cap() {
    // The Kanuma scenarios (cap 55.8億円) and one with a cap of its own, 40億円: each scenario's
    // chart must draw its own cap, measured against the chart's grid in the browser.
    let dir = TempDir::new();
    let inventory = Path::new(env!("CARGO_MANIFEST_DIR")).join("facilities/kanuma");
    let low = dir.write(
        "low-cap.toml",
        format!(
            "name = \"low-cap\"\ntitle = \"上限40億円\"\ninventory = {:?}\n[plan]\ncap_yen = 4000000000\n",
            inventory.to_str().unwrap()
        ),
    );
    let out = dir.path().join("report.html");
    let r = crate::util::shisetsu(&[
        "report",
        "scenarios/kanuma",
        low.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("data-cap-yen=\"4000000000\""));
    let (ok, result) = print(&out, None);
    assert!(ok, "{result}");
    // Ten Kanuma scenarios (the nine written by hand and the optimizer's plan) and the low cap:
    // eleven charts checked.
    assert!(result.contains(r#""caps":11"#), "{result}");
    assert!(result.contains(r#""problems":[]"#), "{result}");
}

#[test]
fn a_heading_at_the_foot_of_a_page_and_a_cap_line_out_of_place_are_caught() {
    // The checks must be able to fail: a heading pushed to the foot of the first page by a block
    // a little shorter than the page, and a cap of 55.8 drawn where 40 would be (the grid maps 0
    // to y 300 and 60 to y 30: 55.8 is at 300 − 55.8 × 4.5 = 48.9, 40 at 120), in the red of a
    // series.
    let dir = TempDir::new();
    let page = dir.write(
        "broken.html",
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>x</title>\
         <style>@page{size:A4 portrait;margin:10mm}body{margin:0}</style></head><body>\
         <div style=\"height:262mm\">top</div><h2>Alone at the foot</h2>\
         <div style=\"height:200mm\">content</div>\
         <section data-scenario=\"s\" data-cap-yen=\"5580000000\">\
         <svg class=\"chart stacked\" viewBox=\"0 0 960 360\" width=\"100%\">\
         <line class=\"grid\" x1=\"70\" x2=\"940\" y1=\"300.0\" y2=\"300.0\"/><text x=\"64\" y=\"300.0\" text-anchor=\"end\">0</text>\
         <line class=\"grid\" x1=\"70\" x2=\"940\" y1=\"30.0\" y2=\"30.0\"/><text x=\"64\" y=\"30.0\" text-anchor=\"end\">60</text>\
         <rect x=\"80\" y=\"200\" width=\"10\" height=\"100\" fill=\"#D55E00\" data-series=\"a\"/>\
         <line class=\"rule\" data-key=\"cap\" x1=\"70\" x2=\"940\" y1=\"120.0\" y2=\"120.0\" stroke=\"#d55e00\"/></svg></section>\
         </body></html>",
    );
    let (ok, result) = print(&page, None);
    assert!(!ok, "{result}");
    assert!(
        result.contains(r#"page 1 ends with the heading \"Alone at the foot\""#),
        "{result}"
    );
    assert!(
        result.contains("s: cap 55.8 drawn at y 120, expected 48.9"),
        "{result}"
    );
    assert!(
        result.contains("s: the cap line's colour #d55e00 is also a series' colour"),
        "{result}"
    );
}

#[test]
fn the_kanuma_kartes_print_one_page_a_facility() {
    // As it is (its 323 facilities), and under the combined plan (also the complex it builds),
    // where pages say what the plan does to each facility.
    for (path, n) in [
        ("facilities/kanuma", 323),
        ("scenarios/kanuma/combined.toml", 324),
    ] {
        let dir = TempDir::new();
        let out = dir.path().join("k.html");
        let r = crate::util::shisetsu(&["karte", path, "--output", out.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // Every facility page is headed "No. i / n"; the contents come first.
        let (ok, result) = print(&out, Some(&format!(r"No\. \d+ / {n}")));
        assert!(ok, "{path}: {result}");
        let v: serde_json::Value = serde_json::from_str(result.lines().next().unwrap()).unwrap();
        let markers: Vec<u64> = v["markers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_u64().unwrap())
            .collect();
        let contents = markers.iter().take_while(|&&m| m == 0).count();
        assert!(
            (1..=10).contains(&contents),
            "{path}: {contents} pages of contents"
        );
        // Then a page per facility, each with exactly one: none runs over a page.
        assert_eq!(markers.len() - contents, n, "{path}: {result}");
        assert!(
            markers[contents..].iter().all(|&m| m == 1),
            "{path}: {markers:?}"
        );
    }
}
