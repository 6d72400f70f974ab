//! Scenarios made in code: specs built in Rust (no TOML) go through the same checks as files and
//! price the same, and the builder's problems are keyed by action and key.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use shisetsu::category::Category;
use shisetsu::cost::CostModel;
use shisetsu::input::Disk;
use shisetsu::inventory::Inventory;
use shisetsu::scenario::{ActionSpec, LevelingSpec, Scenario, ScenarioSpec};

fn root(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The actions of `scenarios/kanuma/combined.toml` and the files it includes, in its order: the
/// included files' first (school reorganisation, community complexes, tourism transfers, housing
/// and idle assets), then its own.
fn combined_actions() -> Vec<ActionSpec> {
    let mut a = Vec::new();
    let m2 = |n: i64| Decimal::from(n);
    let merge_built = |from: &[&str], into: &str, year: i32, area: i64, years: i64| ActionSpec {
        added_floor_area_m2: Some(m2(area)),
        construction_years: Some(years),
        ..ActionSpec::merge(from.iter().copied(), into, year)
    };
    // school-reorganisation.toml
    a.push(ActionSpec::merge(["F076"], "F070", 2027));
    a.push(ActionSpec::merge(["F077"], "F069", 2028));
    a.push(ActionSpec::merge(["F094"], "F089", 2028));
    a.push(merge_built(
        &["F082", "F080", "F081"],
        "F092",
        2029,
        2400,
        2,
    ));
    a.push(ActionSpec::merge(["F079"], "F078", 2030));
    a.push(ActionSpec::merge(["F095"], "F090", 2030));
    a.push(ActionSpec::merge(["F084", "F085"], "F083", 2031));
    a.push(ActionSpec::merge(["F096"], "F097", 2031));
    a.push(ActionSpec {
        name: Some("北犬飼義務教育学校".to_string()),
        site: Some("F073".to_string()),
        construction_years: Some(3),
        ..ActionSpec::complex(
            "S-KITAINUKAI",
            Category::School,
            m2(8000),
            ["F072", "F073", "F074", "F093"],
            2032,
        )
    });
    // community-complexes.toml
    a.push(merge_built(&["F110"], "F070", 2030, 370, 2));
    a.push(merge_built(&["F111", "F174"], "F078", 2030, 450, 2));
    a.push(merge_built(&["F112"], "F083", 2031, 440, 2));
    a.push(merge_built(&["F115", "F177"], "F086", 2031, 420, 2));
    a.push(merge_built(&["F104", "F172"], "F071", 2032, 620, 2));
    // tourism-transfer.toml
    let sold = |facility: &str, year: i32, yen: i64| ActionSpec {
        proceeds_yen: Some(Decimal::from(yen)),
        ..ActionSpec::transfer(facility, year)
    };
    a.push(sold("F171", 2025, 80_000_000));
    a.push(ActionSpec::transfer("F185", 2025));
    a.push(ActionSpec::transfer("F186", 2025));
    a.push(ActionSpec::transfer("F190", 2026));
    a.push(ActionSpec::transfer("F191", 2026));
    a.push(sold("F192", 2026, 20_000_000));
    a.push(ActionSpec::transfer("F166", 2027));
    a.push(sold("F183", 2027, 150_000_000));
    a.push(ActionSpec::transfer("F187", 2028));
    a.push(ActionSpec::transfer("F188", 2030));
    // housing-and-idle-assets.toml
    let closed_sold = |facility: &str, year: i32, yen: i64, demolish: bool| ActionSpec {
        proceeds_yen: Some(Decimal::from(yen)),
        demolish: Some(demolish),
        ..ActionSpec::close(facility, year)
    };
    a.push(ActionSpec::close("F228", 2024));
    a.push(ActionSpec::close("F240", 2025));
    a.push(ActionSpec {
        proceeds_yen: Some(Decimal::from(30_000_000)),
        ..ActionSpec::close("F236", 2025)
    });
    a.push(ActionSpec::close("F233", 2027));
    a.push(ActionSpec::close("F243", 2028));
    a.push(ActionSpec::reduce("B0307", m2(358), 2026));
    a.push(ActionSpec::reduce("B0305", m2(390), 2026));
    a.push(closed_sold("F287", 2024, 40_000_000, false));
    a.push(closed_sold("F288", 2024, 20_000_000, false));
    a.push(ActionSpec::close("F289", 2023));
    a.push(ActionSpec::close("F291", 2023));
    a.push(closed_sold("F292", 2024, 10_000_000, false));
    a.push(closed_sold("F293", 2023, 8_000_000, false));
    a.push(ActionSpec::close("F294", 2023));
    a.push(closed_sold("F295", 2024, 6_000_000, false));
    a.push(ActionSpec::close("F296", 2024));
    a.push(ActionSpec::close("F297", 2025));
    // combined.toml: nurseries and welfare centres to private operators, halls to their
    // neighbourhoods, district facilities folded together.
    for (f, year) in [
        ("F193", 2023),
        ("F194", 2023),
        ("F195", 2024),
        ("F196", 2024),
        ("F197", 2024),
        ("F216", 2023),
        ("F217", 2023),
        ("F214", 2024),
        ("F215", 2024),
        ("F118", 2024),
        ("F156", 2024),
    ] {
        a.push(ActionSpec::transfer(f, year));
    }
    a.push(ActionSpec::merge(["F155"], "F151", 2025));
    a.push(ActionSpec::close("F162", 2024));
    a.push(ActionSpec::merge(["F163"], "F157", 2026));
    a.push(ActionSpec::merge(["F179"], "F070", 2025));
    a.push(ActionSpec::merge(["F180"], "F068", 2025));
    a.push(ActionSpec::merge(["F181"], "F067", 2025));
    a.push(ActionSpec::merge(["F173"], "F092", 2025));
    // The neighbourhood halls F119–F150, handed over in 2023.
    for n in 119..=150 {
        a.push(ActionSpec::transfer(format!("F{n:03}"), 2023));
    }
    // Fire-brigade stations in threes (F009–F056): the second of each merges into the third in
    // 2024, the first in 2025.
    for third in (10..=55).step_by(3) {
        a.push(ActionSpec::merge(
            [format!("F{:03}", third + 1)],
            format!("F{third:03}"),
            2024,
        ));
    }
    a.push(ActionSpec::merge(["F277", "F278"], "F275", 2027));
    for third in (10..=55).step_by(3) {
        a.push(ActionSpec::merge(
            [format!("F{:03}", third - 1)],
            format!("F{third:03}"),
            2025,
        ));
    }
    a
}

#[test]
fn the_combined_plan_built_in_code_prices_as_the_file_does() {
    let inventory = Arc::new(Inventory::load(&root("facilities/kanuma")).unwrap());
    let model =
        Arc::new(CostModel::load("cost-model-long-life.toml", &root("facilities/kanuma")).unwrap());
    let spec = ScenarioSpec {
        skip_renewal_before_closure_years: Some(5),
        leveling: Some(LevelingSpec {
            max_shift_years: 10,
            allow_earlier: false,
        }),
        actions: combined_actions(),
        ..ScenarioSpec::named("combined")
    };
    assert_eq!(spec.actions.len(), 124);
    let in_code =
        Scenario::build(inventory.clone(), model, inventory.plan, &spec).unwrap_or_else(|p| {
            panic!("{p}");
        });
    let from_file = shisetsu::scenario::load(
        &root("scenarios/kanuma/combined.toml"),
        &Disk,
        &shisetsu::scenario::Cache::new(),
    )
    .unwrap();
    assert_eq!(in_code.actions(), from_file.actions());
    let (a, b) = (
        shisetsu::run::run(&in_code).unwrap(),
        shisetsu::run::run(&from_file).unwrap(),
    );
    // The same years to the yen (exact decimals), the same renewals moved by leveling, and the
    // same document printed.
    for i in 0..a.projection.years() {
        assert_eq!(
            a.projection.year_total(i),
            b.projection.year_total(i),
            "{i}"
        );
    }
    assert_eq!(a.leveled, b.leveled);
    assert_eq!(
        shisetsu::render::json::projection(&a.projection),
        shisetsu::render::json::projection(&b.projection)
    );
    // The file's plan meets the cap (README: 55.79億円 in its tightest year, FY2032).
    assert_eq!(a.projection.meets_cap(), Some(true));
}

#[test]
fn an_invalid_spec_made_in_code_has_its_problems_keyed_by_action_and_key() {
    let inventory = Arc::new(Inventory::load(&root("tests/fixtures/small")).unwrap());
    let model = Arc::new(CostModel::preset("mic").unwrap());
    let spec = ScenarioSpec {
        actions: vec![
            ActionSpec::close("F9", 2031),
            ActionSpec::close("F1", 2031),
            ActionSpec::transfer("F1", 2033),
            ActionSpec {
                into: Some("F2".to_string()),
                ..ActionSpec::close("F3", 2040)
            },
        ],
        ..ScenarioSpec::named("in code")
    };
    let problems = Scenario::build(inventory.clone(), model, inventory.plan, &spec).unwrap_err();
    let got: Vec<(Option<usize>, &str, String)> = problems
        .iter()
        .map(|p| (p.action(), p.key(), p.message()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Some(0),
                "facility",
                "\"F9\" is not a facility id of the inventory".to_string()
            ),
            (
                Some(3),
                "into",
                "not a key of a close action (it takes: year, facility, demolish, proceeds_yen)"
                    .to_string()
            ),
            (
                Some(2),
                "facility",
                "\"F1\" is closed twice: already closed in 2031 by actions[1]".to_string()
            ),
        ]
    );
    let third = problems.iter().nth(2).unwrap();
    assert_eq!(third.names_action(), Some(1));
    assert_eq!(third.path(), "actions[2].facility");
}
