//! 施設カルテ: a facility's cost per user and per m² worked by hand, what a scenario does to a
//! facility, the workbook form, and bad requests. (Printed, one page a facility: `browser`.)

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::scenarios::fixture;
use crate::util::shisetsu;

/// The value of the attribute `name` in `text`, after `from`.
fn attr<'a>(text: &'a str, from: &str, name: &str) -> &'a str {
    let i = text.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &text[i..];
    let key = format!("{name}=\"");
    let j = rest
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} after {from}"))
        + key.len();
    &rest[j..j + rest[j..].find('"').unwrap()]
}

/// The karte section of a facility.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let i = html
        .find(&format!("<section class=\"karte\" id=\"k-{id}\""))
        .unwrap_or_else(|| panic!("no karte for {id}"));
    let rest = &html[i..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn cost_per_user_and_per_m2_worked_by_hand() {
    let dir = fixture();
    let inv = dir.path().join("inv");
    let out = dir.path().join("k.html");
    let r = shisetsu(&[
        "karte",
        inv.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    // Five facilities, five pages after the contents.
    assert_eq!(html.matches("<section class=\"karte\"").count(), 5);
    // F3, school one: 2,000 m² of school at the fixture's 5,000 yen/m² a year = 10,000,000 yen of
    // operating in FY2030 (the MIC model has no repair, and B3, built 2020, is not renewed by
    // FY2034). 300 users a year: 10,000,000 / 300 = 33,333.33… → 33,333 yen per user; per m²
    // 10,000,000 / 2,000 = 5,000 yen. The same every year, so the plan's average is the same and
    // its total is 5 × 10,000,000 = 50,000,000.
    let f3 = section(&html, "F3");
    assert_eq!(
        attr(f3, "<table class=\"costs\"", "data-running-yen"),
        "10000000"
    );
    assert_eq!(
        attr(f3, "<table class=\"costs\"", "data-running-per-user-yen"),
        "33333"
    );
    assert_eq!(
        attr(f3, "<table class=\"costs\"", "data-running-per-m2-yen"),
        "5000"
    );
    assert_eq!(
        attr(f3, "<table class=\"costs\"", "data-average-per-user-yen"),
        "33333"
    );
    assert_eq!(
        attr(f3, "<table class=\"costs\"", "data-total-yen"),
        "50000000"
    );
    assert!(f3.contains("data-users=\"300\""));
    // F5, the museum, runs at its actual 5,000,000 a year and has no users: no cost per user.
    // Its old wing B6 (400 m², built 2000) is renovated at 30: 250,000 × 400 = 100,000,000 over
    // FY2030–FY2031; so its plan total is 5 × 5,000,000 + 100,000,000 = 125,000,000, an average
    // of 25,000,000 a year, 25,000,000 / 1,200 m² = 20,833.33… → 20,833 per m².
    let f5 = section(&html, "F5");
    assert_eq!(
        attr(f5, "<table class=\"costs\"", "data-running-yen"),
        "5000000"
    );
    assert!(!f5.contains("data-running-per-user-yen"));
    assert_eq!(
        attr(f5, "<table class=\"costs\"", "data-total-yen"),
        "125000000"
    );
    assert_eq!(
        attr(f5, "<table class=\"costs\"", "data-average-per-m2-yen"),
        "20833"
    );
    assert!(
        f5.contains("実績"),
        "an actual operating cost is labelled so"
    );
    let event = attr(f5, "<table class=\"events\"", "data-amount-yen");
    assert_eq!(event, "100000000");
    assert!(f5.contains("2030–2031"));
}

#[test]
fn a_scenario_karte_says_what_the_plan_does_to_the_facility() {
    let dir = fixture();
    let path = dir.write(
        "close.toml",
        "name = \"close\"\ninventory = \"inv\"\n\
         [[actions]]\ntype = \"close\"\nfacility = \"F1\"\nyear = 2032\n",
    );
    let out = dir.path().join("k.html");
    let r = shisetsu(&[
        "karte",
        path.to_str().unwrap(),
        "--facility",
        "F1",
        "--facility",
        "F2",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(html.matches("<section class=\"karte\"").count(), 2);
    // F1 runs two years (10,000,000 each) and is demolished in 2032 (1,000 m² × 20,000 =
    // 20,000,000): 40,000,000 over the plan, 8,000,000 a year on average, 80,000 per user (100).
    let f1 = section(&html, "F1");
    assert_eq!(
        attr(f1, "<table class=\"costs\"", "data-total-yen"),
        "40000000"
    );
    assert_eq!(
        attr(f1, "<table class=\"costs\"", "data-average-per-user-yen"),
        "80000"
    );
    assert!(f1.contains("廃止・移管 2032: 廃止"), "{f1}");
    // Its 100 users go to hall two, the nearest community hall (D1 → D2 by road).
    assert!(f1.contains("hall two 100"), "{f1}");
    let f2 = section(&html, "F2");
    assert!(
        f2.contains("受け入れる利用者 (2032, community): hall one 100"),
        "{f2}"
    );
}

#[test]
fn kartes_as_a_workbook() {
    let dir = fixture();
    let inv = dir.path().join("inv");
    let out = dir.path().join("k.xlsx");
    let r = shisetsu(&[
        "karte",
        inv.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["目次", "F1", "F2", "F3", "F4", "F5"]);
    let f3 = book.worksheet_range("F3").unwrap();
    // The cost rows: the first year's running cost, its cost per user and per m² (worked in
    // cost_per_user_and_per_m2_worked_by_hand).
    let (height, _) = f3.get_size();
    let row = (0..height as u32)
        .find(|&r| matches!(f3.get_value((r, 0)), Some(Data::String(s)) if s.starts_with("維持管理費")))
        .expect("the running cost row");
    assert_eq!(f3.get_value((row, 1)), Some(&Data::Float(10_000_000.0)));
    assert_eq!(f3.get_value((row, 2)), Some(&Data::Float(33_333.0)));
    assert_eq!(f3.get_value((row, 3)), Some(&Data::Float(5_000.0)));
}

#[test]
fn an_unknown_facility_is_refused_and_nothing_is_written() {
    let dir = fixture();
    let inv = dir.path().join("inv");
    let out = dir.path().join("k.html");
    let r = shisetsu(&[
        "karte",
        inv.to_str().unwrap(),
        "--facility",
        "F9",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--facility F9: no such facility"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
}

#[test]
fn kartes_never_replace_an_inventory_table() {
    let dir = fixture();
    let inv = dir.path().join("inv");
    let table = inv.join("facilities.csv");
    let before = std::fs::read(&table).unwrap();
    let r = shisetsu(&[
        "karte",
        inv.to_str().unwrap(),
        "--output",
        table.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("refusing to overwrite"), "{}", r.stderr);
    assert_eq!(std::fs::read(&table).unwrap(), before);
}
