//! Scenarios made in code: specs built in Rust (no TOML) go through the same checks as files and
//! price the same, and the builder's problems are keyed by action and key.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use shisetsu::category::Category;
use shisetsu::cost::CostModel;
use shisetsu::input::Disk;
use shisetsu::inventory::Inventory;
use shisetsu::plan::Plan;
use shisetsu::scenario::{ActionSpec, LevelingSpec, RulesSpec, Scenario, ScenarioSpec};

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
    // The file's plan meets the cap (README: 55.77億円 in its tightest year, FY2023).
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

/// The small inventory of `tests/fixtures/small` (facilities F1–F5, buildings B1–B6, plan
/// FY2030–FY2034 with a cap) and its cost model.
fn small() -> (Arc<Inventory>, Arc<CostModel>) {
    let dir = root("tests/fixtures/small");
    let inventory = Arc::new(Inventory::load(&dir).unwrap());
    let model = Arc::new(CostModel::load("model.toml", &dir).unwrap());
    (inventory, model)
}

/// Builds `spec` on the small inventory, from `plan` (`None`: the inventory's), and checks that
/// the problems are exactly `expected`, as (action, key, message), in order.
fn check(
    spec: &ScenarioSpec,
    plan: Option<Option<Plan>>,
    expected: &[(Option<usize>, &str, &str)],
) {
    let (inventory, model) = small();
    let plan = plan.unwrap_or(inventory.plan);
    let problems = match Scenario::build(inventory, model, plan, spec) {
        Ok(_) => panic!(
            "{}: built, but {} problems were expected",
            spec.name,
            expected.len()
        ),
        Err(p) => p,
    };
    let got: Vec<(Option<usize>, &str, String)> = problems
        .iter()
        .map(|p| (p.action(), p.key(), p.message()))
        .collect();
    let want: Vec<(Option<usize>, &str, String)> = expected
        .iter()
        .map(|(a, k, m)| (*a, *k, m.to_string()))
        .collect();
    assert_eq!(got, want, "{}", spec.name);
}

/// The problems a spec must have: (action, key, message), in order.
type Expected = Vec<(Option<usize>, &'static str, &'static str)>;

fn spec(name: &str, actions: Vec<ActionSpec>) -> ScenarioSpec {
    ScenarioSpec {
        actions,
        ..ScenarioSpec::named(name)
    }
}

#[test]
fn the_builder_checks_each_action_of_a_spec_made_in_code() {
    let m2 = |n: i64| Decimal::from(n);
    let cases: Vec<(ScenarioSpec, Expected)> = vec![
        (
            spec("ids", vec![ActionSpec::merge(["F2", "F8"], "F1", 2031)]),
            vec![(
                Some(0),
                "facilities[1]",
                "\"F8\" is not a facility id of the inventory",
            )],
        ),
        (
            spec(
                "keys",
                vec![
                    ActionSpec {
                        into: Some("F2".into()),
                        ..ActionSpec::close("F1", 2031)
                    },
                    ActionSpec {
                        floor_area_m2: None,
                        ..ActionSpec::complex("C1", Category::School, m2(100), ["F3"], 2031)
                    },
                ],
            ),
            vec![
                (
                    Some(0),
                    "into",
                    "not a key of a close action (it takes: year, facility, demolish, \
                     proceeds_yen)",
                ),
                (Some(1), "", "a complex action needs `floor_area_m2`"),
            ],
        ),
        (
            spec("years", vec![ActionSpec::close("F1", 2040)]),
            vec![(Some(0), "year", "2040 is outside the plan (FY2030–FY2034)")],
        ),
        (
            spec(
                "merge cycle",
                vec![
                    ActionSpec::merge(["F1"], "F2", 2031),
                    ActionSpec::merge(["F2"], "F1", 2032),
                ],
            ),
            vec![(
                Some(0),
                "into",
                "merges form a cycle: F1, F2 merge into one another",
            )],
        ),
        (
            spec(
                "into closed",
                vec![
                    ActionSpec::close("F1", 2031),
                    ActionSpec::merge(["F2"], "F1", 2032),
                ],
            ),
            vec![(
                Some(1),
                "into",
                "\"F1\" is closed in 2031 by actions[0], so nothing can merge into it in 2032",
            )],
        ),
        // B2 is 500 m²: removing all of it is closing it; two reductions that add up to B3's
        // 2,000 m² (1,500 + 500) are reported at the second.
        (
            spec(
                "reductions",
                vec![
                    ActionSpec::reduce("B2", m2(500), 2031),
                    ActionSpec::reduce("B3", m2(1500), 2031),
                    ActionSpec::reduce("B3", m2(500), 2032),
                ],
            ),
            vec![
                (
                    Some(0),
                    "floor_area_m2",
                    "removes 500 m² of a 500 m² building: close the facility instead, or remove \
                     less",
                ),
                (
                    Some(2),
                    "floor_area_m2",
                    "together with actions[1] this removes the whole building (2000 m²)",
                ),
            ],
        ),
        // B6 (built 2000) is due its MIC renovation at 30, in 2030; it has no rebuild in the plan.
        (
            spec(
                "shifts",
                vec![
                    ActionSpec::shift("B6", shisetsu::cost::EventKind::Renovation, 2030, 2033),
                    ActionSpec::shift("B6", shisetsu::cost::EventKind::Rebuild, 2030, 2033),
                ],
            ),
            vec![(
                Some(1),
                "from_year",
                "building \"B6\" has no rebuild starting in 2030 (its renewal events: \
                 renovation from 2030)",
            )],
        ),
        (
            spec(
                "life extensions",
                vec![
                    ActionSpec::life_extension(RulesSpec::preset("long-life")),
                    ActionSpec {
                        category: Some("school".into()),
                        ..ActionSpec::life_extension(RulesSpec::preset("long-life"))
                    },
                    ActionSpec::life_extension(RulesSpec::preset("no-such-rules")),
                ],
            ),
            vec![
                (
                    Some(2),
                    "rules",
                    "\"no-such-rules\" is neither a preset (mic, long-life, condition) nor a \
                     readable cost-model file next to this one",
                ),
                (
                    Some(1),
                    "",
                    "its scope overlaps the life extension of actions[0]",
                ),
            ],
        ),
        // A complex is known by its id to every action, an earlier one too, and opens in its year.
        (
            spec(
                "complex",
                vec![
                    ActionSpec::close("C1", 2031),
                    ActionSpec::complex("C1", Category::School, m2(100), ["F3"], 2033),
                ],
            ),
            vec![(
                Some(0),
                "facility",
                "\"C1\" opens in 2033, after this closes it in 2031",
            )],
        ),
    ];
    for (spec, expected) in &cases {
        check(spec, None, expected);
    }
}

#[test]
fn the_builder_checks_the_settings_of_a_spec() {
    // An impossible plan stops the checks: nothing else can be checked without its years.
    let mut s = spec("plan", vec![ActionSpec::close("F9", 2031)]);
    s.plan.years = Some(0);
    check(&s, None, &[(None, "plan.years", "0 is outside 1–200")]);
    // Without a plan to start from, the spec must give a first year.
    check(
        &spec("no plan", vec![]),
        Some(None),
        &[(
            None,
            "plan.first_year",
            "missing: the inventory has no plan, so the scenario must set one",
        )],
    );
    // Leveling keeps years under a cap: a plan without one cannot level.
    let mut s = spec("leveling", vec![ActionSpec::close("F9", 2031)]);
    s.leveling = Some(LevelingSpec {
        max_shift_years: 3,
        allow_earlier: false,
    });
    check(
        &s,
        Some(Plan::of(2030, 5, None)),
        &[
            (
                None,
                "leveling",
                "leveling keeps years under the cap, but the plan has no cap",
            ),
            (
                Some(0),
                "facility",
                "\"F9\" is not a facility id of the inventory",
            ),
        ],
    );
}

#[test]
fn a_spec_made_in_code_builds_a_scenario_that_answers_for_its_actions() {
    let (inventory, model) = small();
    let spec = spec(
        "every answer",
        vec![
            ActionSpec::merge(["F2"], "F1", 2031),
            ActionSpec::complex(
                "C1",
                Category::School,
                Decimal::from(3000),
                ["F3", "F4"],
                2033,
            ),
            ActionSpec::transfer("F5", 2032),
        ],
    );
    let s = Scenario::build(inventory.clone(), model, inventory.plan, &spec).unwrap();
    // The inventory's five facilities, then the complex, sixth.
    let c1 = shisetsu::scenario::FacilityIdx::new(5);
    assert_eq!(s.n_facilities(), 6);
    assert_eq!(s.facility(c1).id(), "C1");
    // It takes the functions of the schools it replaces, and their capacity: 400 + 200 places.
    assert_eq!(s.facility(c1).functions(), ["elementary_school"]);
    assert_eq!(
        s.facility(c1).capacities().get("elementary_school"),
        Some(&600)
    );
    let idx = |id: &str| inventory.facility_index(id).unwrap();
    let a = s.actions();
    assert_eq!(a[0].year(), Some(2031));
    assert_eq!(a[0].closes(), [idx("F2")]);
    assert_eq!(a[0].receiver(), Some(idx("F1")));
    assert_eq!(a[1].closes(), [idx("F3"), idx("F4")]);
    assert_eq!(a[1].opens(), Some(c1));
    assert_eq!(a[1].receiver(), Some(c1));
    // A transfer ends the city's costs; its service goes on, so its users stay.
    assert_eq!(a[2].closes(), [idx("F5")]);
    assert!(!a[2].moves_users());
    assert!(s.origin(0).is_none(), "made in code, not read from a file");
    // The spec written as a file reads back as the same actions.
    let text = spec.to_toml();
    let dir = crate::util::TempDir::new();
    let file = dir.write(
        "every-answer.toml",
        format!(
            "inventory = {:?}\n{text}",
            root("tests/fixtures/small").to_str().unwrap()
        ),
    );
    let read = shisetsu::scenario::load(&file, &Disk, &shisetsu::scenario::Cache::new()).unwrap();
    assert_eq!(read.actions(), s.actions());
}
