//! The HTML report as a reader sees it: rendered in headless Chromium (Debian's `chromium`, driven
//! by `tests/browser/report.mjs` with playwright-core), with no console error, no request leaving
//! the file, and every stacked chart drawn with a bar per fiscal year.
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
        // nine scenarios, each with its chart by kind, and the condition scenario's grades: ten
        // stacked charts; with the comparison and floor area lines, twelve charts.
        let result = render(&out, 30);
        assert!(result.contains(r#""charts":12"#), "{result}");
        assert!(result.contains(r#""stacked":10"#), "{result}");
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
