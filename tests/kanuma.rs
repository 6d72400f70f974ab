//! The built-in Kanuma inventory: the facts it is calibrated on, and the main job.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use shisetsu::category::Category;
use shisetsu::inventory::{DataSource, Inventory};

use crate::util::{json, shisetsu};

fn kanuma() -> Inventory {
    // The folder on disk and the copy built into the binary must be the same inventory.
    let disk = Inventory::load(std::path::Path::new("facilities/kanuma")).unwrap();
    let builtin = shisetsu::builtin::kanuma().unwrap();
    assert_eq!(disk.facilities, builtin.facilities);
    assert_eq!(disk.buildings, builtin.buildings);
    disk
}

#[test]
fn mic_2016_2035_is_617_oku_within_one_percent() {
    // The city's published MIC projection: 617億円 over FY2016–FY2035. ±1% is 610.83–623.17億円.
    let r = shisetsu(&[
        "project",
        "facilities/kanuma",
        "--model",
        "mic",
        "--from",
        "2016",
        "--years",
        "20",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(
        (v["from"].as_i64(), v["to"].as_i64()),
        (Some(2016), Some(2035))
    );
    let total: i64 = v["total_yen"].as_str().unwrap().parse().unwrap();
    assert!(
        (61_083_000_000..=62_317_000_000).contains(&total),
        "total {total} yen is not 617億円 ± 1%"
    );
    // Plain MIC has no running costs.
    assert_eq!(v["kinds_total_yen"]["operating"], "0");
}

#[test]
fn counts_match_the_published_figures() {
    let inv = kanuma();
    // 323 facilities (広報かぬま 2022年12月号).
    assert_eq!(inv.facilities.len(), 323);
    // 34 schools: 24 elementary, 10 junior high.
    let with = |f: &str| {
        inv.facilities
            .iter()
            .filter(|x| x.functions.iter().any(|g| g == f))
            .count()
    };
    assert_eq!(with("elementary_school"), 24);
    assert_eq!(with("junior_high_school"), 10);
    // One community centre per district.
    let districts: BTreeSet<&str> = inv.districts.iter().map(|d| d.id.as_str()).collect();
    let centres: Vec<&str> = inv
        .facilities
        .iter()
        .filter(|f| f.functions.iter().any(|g| g == "community"))
        .filter_map(|f| f.district.as_deref())
        .collect();
    assert_eq!(centres.len(), districts.len());
    assert_eq!(centres.iter().copied().collect::<BTreeSet<_>>(), districts);
    // The plan: FY2022–FY2051, cap 5,580,000,000 yen.
    let plan = inv.plan.unwrap();
    assert_eq!(plan.horizon.first().get(), 2022);
    assert_eq!(plan.horizon.years(), 30);
    assert_eq!(plan.cap.unwrap().get(), Decimal::from(5_580_000_000i64));
}

#[test]
fn about_half_the_facilities_are_over_30_years_old_in_2022() {
    let inv = kanuma();
    // A facility's age is its largest building's; over 30 in 2022 means built in 1991 or earlier.
    let old = (0..inv.facilities.len())
        .filter(|&i| {
            inv.buildings
                .iter()
                .filter(|b| b.facility.index() == i)
                .max_by_key(|b| b.floor_area)
                .is_some_and(|b| b.built.get() <= 1991)
        })
        .count();
    // "about 50%": between 45% and 55% of 323, i.e. 146–177 facilities.
    assert!((146..=177).contains(&old), "{old} of 323 are over 30");
}

#[test]
fn schools_have_classroom_blocks_and_a_gym() {
    let inv = kanuma();
    for (i, f) in inv.facilities.iter().enumerate() {
        if !f.functions.iter().any(|g| g.ends_with("_school")) {
            continue;
        }
        let names: Vec<&str> = inv
            .buildings
            .iter()
            .filter(|b| b.facility.index() == i)
            .map(|b| b.name.as_str())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("校舎")),
            "{}: {names:?}",
            f.name
        );
        assert!(names.contains(&"体育館"), "{}: {names:?}", f.name);
        assert_eq!(f.category, Category::School);
    }
}

#[test]
fn published_values_carry_a_source_and_estimates_are_labelled() {
    let inv = kanuma();
    for b in &inv.buildings {
        if b.data_source == DataSource::Published {
            assert!(
                b.source_url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("http")),
                "{}",
                b.id
            );
        }
    }
    assert!(
        inv.buildings
            .iter()
            .any(|b| b.data_source == DataSource::Estimated)
    );
    // The published 総合体育館: 9,605 m², 1998.
    let arena = inv
        .buildings
        .iter()
        .find(|b| b.name == "アリーナ棟")
        .unwrap();
    assert_eq!(arena.floor_area.to_string(), "9605");
    assert_eq!(arena.built.get(), 1998);
    assert_eq!(arena.data_source, DataSource::Published);
}

#[test]
fn the_main_job_judges_the_cap() {
    let r = shisetsu(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("鹿沼市 (Kanuma)"), "{}", r.stdout);
    assert!(r.stdout.contains("cap 55.80 億円 a year"), "{}", r.stdout);
    assert!(r.stdout.contains("FY2022–FY2051"), "{}", r.stdout);
    assert!(r.stdout.contains("mic+running"), "{}", r.stdout);
    assert!(r.stdout.contains("long-life+running"), "{}", r.stdout);
    // Every line fits in 100 columns.
    for line in r.stdout.lines() {
        assert!(
            shisetsu::render::table::display_width(line) <= 100,
            "too wide: {line}"
        );
    }
}

#[test]
fn every_kanuma_scenario_is_compiled_into_the_main_job() {
    // The scenarios of scenarios/kanuma/ on disk, and those built into the binary for the main job:
    // the same files, with the same text, and the main job runs every one of them.
    let mut on_disk: Vec<String> = std::fs::read_dir("scenarios/kanuma")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.display().to_string())
        .collect();
    on_disk.sort();
    let built_in: Vec<String> = shisetsu::builtin::KANUMA_FILES
        .files_under(shisetsu::builtin::KANUMA_SCENARIOS)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(built_in, on_disk);
    for (path, text) in shisetsu::builtin::KANUMA_FILES.0 {
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            *text,
            "{path}: the built-in copy differs from the file"
        );
    }
    let ran: Vec<String> = shisetsu::builtin::main_job()
        .iter()
        .map(|item| {
            assert!(item.result.is_ok(), "{}", item.file.display());
            item.file.display().to_string()
        })
        .collect();
    assert_eq!(ran, on_disk);
}
