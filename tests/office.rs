//! The workbook as finance opens it: LibreOffice Calc (Debian's `libreoffice-calc`, headless)
//! opens the Kanuma workbook and prints it to PDF without error, and the printed pages show the
//! amounts through the workbook's number formats (億円 with two decimals).
//!
//! Runs with `cargo test --features office-tests` (CI installs LibreOffice and poppler-utils).

use std::process::Command;

use crate::util::{TempDir, shisetsu};

#[test]
fn libreoffice_opens_the_kanuma_workbook_and_prints_it() {
    let dir = TempDir::new();
    let book = dir.path().join("kanuma.xlsx");
    let r = shisetsu(&[
        "run",
        "scenarios/kanuma",
        "--format",
        "xlsx",
        "--output",
        book.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A profile of its own, so a LibreOffice already running elsewhere does not take the job.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.path().to_str().unwrap(),
            book.to_str().unwrap(),
        ])
        .output()
        .expect("soffice runs (install libreoffice-calc)");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{log}");
    let pdf = dir.path().join("kanuma.pdf");
    assert!(pdf.is_file(), "no PDF: {log}");
    let text = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    // The summary, a sheet per scenario (the combined one runs to several pages with its actions)
    // and the two tables: more than eleven pages.
    let pages = text.matches('\u{c}').count();
    assert!(pages > 11, "{pages} pages");
    // The cap, 5,580,000,000 yen in a cell, prints as 55.80 in 億円.
    assert!(text.contains("55.80"), "the 億円 format is not applied");
    assert!(text.contains("鹿沼市"));
    assert!(
        !text.contains("5580000000"),
        "an amount printed without its format"
    );
}
