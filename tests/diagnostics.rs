//! Every invalid scenario and every bad input under `tests/fixtures/` gives exactly the problems
//! listed here, in this order: a problem missing fails the test, and so does one not listed (as
//! rust-analyzer's `check_diagnostics` does). Each case is a fixture file and the whole message,
//! written from the checks' wording; `FILE` stands for the fixture's path, `DIR` for its folder.

use crate::util::{TempDir, json, shisetsu};

/// The keys serde lists after an unknown key of an action.
const ACTION_KEYS: &str = "`type`, `year`, `facility`, `facilities`, `into`, `building`, \
    `demolish`, `proceeds_yen`, `added_floor_area_m2`, `id`, `name`, `category`, `floor_area_m2`, \
    `replaces`, `site`, `structure`, `capacity`, `operating_cost_yen`, `construction_years`, \
    `service_continues`, `rules`, `event`, `from_year`, `to_year`, `note`";

/// The action types, as messages list them.
const TYPES: &str = "close, merge, complex, transfer, reduce, life_extension, shift";

/// The building categories, as messages list them.
const CATEGORIES: &str = "civic_culture, social_education, sports_recreation, industrial, school, \
    childcare, health_welfare, medical, administrative, public_housing, park, utility, other";

/// What standard error must say: the problems in order, the first after `error: `, and their
/// count when there is more than one.
fn expected(problems: &[String]) -> Vec<String> {
    let mut want: Vec<String> = problems.to_vec();
    if let Some(first) = want.first_mut() {
        *first = format!("error: {first}");
    }
    if problems.len() > 1 {
        want.push(format!("{} problems found", problems.len()));
    }
    want
}

/// `problems` with `FILE`, `DIR` and the shared lists filled in.
fn fill(problems: &[&str], file: &str, dir: &str) -> Vec<String> {
    problems
        .iter()
        .map(|p| {
            p.replace("FILE", file)
                .replace("DIR", dir)
                .replace("{KEYS}", ACTION_KEYS)
                .replace("{TYPES}", TYPES)
                .replace("{CATEGORIES}", CATEGORIES)
        })
        .collect()
}

/// An invalid scenario: `validate` exits 2 with exactly `problems`; `run` says the same and still
/// writes its JSON, with the error in place of the result.
fn check_scenario(name: &str, problems: &[&str]) {
    let dir = "tests/fixtures/invalid-scenarios";
    let file = format!("{dir}/{name}.toml");
    let want = expected(&fill(problems, &file, dir));
    let r = shisetsu(&["validate", &file]);
    assert_eq!(r.code, 2, "{name}: exit status\n{}", r.stderr);
    assert_eq!(r.stdout, "", "{name}");
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want, "{name}");
    let r = shisetsu(&["run", &file, "--format", "json"]);
    assert_eq!(r.code, 2, "{name}: exit status of run\n{}", r.stderr);
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want, "{name}: run");
    let v = json(&r.stdout);
    assert_eq!(
        v["results"][0]["error"].as_str().map(str::to_string),
        Some(want.join("\n").trim_start_matches("error: ").to_string()),
        "{name}: the JSON carries the error"
    );
}

#[test]
fn every_invalid_scenario_is_located() {
    let cases: &[(&str, &[&str])] = &[
        (
            "typo",
            &["FILE:4: actions[0].facilty: unknown field `facilty`, expected one of {KEYS}"],
        ),
        (
            "unknown-type",
            &["FILE:3: actions[0].type: \"demolish\" is not an action type ({TYPES})"],
        ),
        (
            "missing-type",
            &["FILE:2: actions[0]: missing `type` ({TYPES})"],
        ),
        (
            "wrong-key",
            &[
                "FILE:5: actions[0].into: not a key of a close action (it takes: year, facility, \
                 demolish, proceeds_yen)",
            ],
        ),
        (
            "missing-year",
            &["FILE:2: actions[0]: a close action needs `year`"],
        ),
        (
            "unknown-id",
            &["FILE:4: actions[0].facility: \"F9\" is not a facility id of the inventory"],
        ),
        (
            "name-for-id",
            &[
                "FILE:4: actions[0].facility: \"hall one\" is not a facility id of the inventory \
                 (that is the name of F1: use its id)",
            ],
        ),
        (
            "outside-plan",
            &["FILE:5: actions[0].year: 2040 is outside the plan (FY2030–FY2034)"],
        ),
        (
            "year-overflow",
            &["FILE:5: actions[0].year: 99999999999 is outside the plan (FY2030–FY2034)"],
        ),
        (
            "closed-twice",
            &[
                "FILE:9: actions[1].facility: \"F1\" is closed twice: already closed in 2031 by \
                 FILE:2 (actions[0])",
            ],
        ),
        (
            "merged-after-closing",
            &[
                "FILE:9: actions[1].facilities[0]: \"F2\" is merged after it closed: already \
                 closed in 2031 by FILE:2 (actions[0])",
            ],
        ),
        (
            "many",
            &[
                "FILE:4: actions[0].facility: \"F9\" is not a facility id of the inventory",
                "FILE:10: actions[1].year: 1999 is outside the plan (FY2030–FY2034)",
                "FILE:13: actions[2].type: \"melt\" is not an action type ({TYPES})",
            ],
        ),
        (
            "merge-cycle",
            &["FILE:5: actions[0].into: merges form a cycle: F1, F2 merge into one another"],
        ),
        (
            "into-closed",
            &[
                "FILE:10: actions[1].into: \"F1\" is closed in 2031 by FILE:2 (actions[0]), so \
                 nothing can merge into it in 2032",
            ],
        ),
        (
            "merge-lists",
            &[
                "FILE:4: actions[0].facilities: is empty",
                "FILE:10: actions[1].facilities[1]: \"F2\" is listed twice",
                "FILE:10: actions[1].facilities[2]: \"F9\" is not a facility id of the inventory",
                "FILE:17: actions[2].into: \"F3\" is merged into itself",
            ],
        ),
        (
            "amounts",
            &[
                "FILE:6: actions[0].proceeds_yen: is negative",
                "FILE:12: actions[1].proceeds_yen: 20000000000000 yen is implausibly large",
                "FILE:19: actions[2].added_floor_area_m2: 2000000 m² is absurd (at most 1000000)",
                "FILE:20: actions[2].construction_years: 0 is outside 1–10",
                "FILE:27: actions[3].added_floor_area_m2: -10 is negative",
                "FILE:28: actions[3].construction_years: 11 is outside 1–10",
            ],
        ),
        (
            "capacities",
            &[
                "FILE:7: actions[0].capacity.community: -1 is not a plausible capacity",
                "FILE:7: actions[0].capacity.museum: \"museum\" is not one of its functions \
                 (community)",
                "FILE:16: actions[1].capacity: 20000000 is not a plausible capacity",
            ],
        ),
        (
            "no-such-function",
            &[
                "FILE:9: actions[0].capacity.library: \"library\" is not one of its functions \
                 (community, elementary_school)",
            ],
        ),
        (
            "id-taken",
            &["FILE:4: actions[0].id: \"F1\" is already a facility id"],
        ),
        (
            "complex-values",
            &[
                "FILE:5: actions[0].category: \"bridge\" is not a building category \
                 ({CATEGORIES})",
                "FILE:6: actions[0].floor_area_m2: 0 is zero",
                "FILE:7: actions[0].replaces[1]: \"F9\" is not a facility id of the inventory",
                "FILE:9: actions[0].structure: is not a structure (rc, src, s, w, cb, other)",
                "FILE:8: actions[0].site: \"F8\" is not a facility id of the inventory",
                "FILE:11: actions[0].operating_cost_yen: is negative",
                "FILE:18: actions[1].replaces: a complex cannot replace itself",
            ],
        ),
        (
            "complex-order",
            &[
                "FILE:4: actions[0].facility: \"C1\" opens in 2033, after this closes it in 2031",
                "FILE:10: actions[1].into: \"C1\" opens in 2033, after this merge (2031)",
            ],
        ),
        // The complex is known by its id though its own action is incomplete: the merge into it
        // is not reported again.
        (
            "complex-incomplete",
            &["FILE:2: actions[0]: a complex action needs `floor_area_m2`"],
        ),
        (
            "reduce-too-much",
            &[
                "FILE:5: actions[0].floor_area_m2: removes 500 m² of a 500 m² building: close the \
                 facility instead, or remove less",
            ],
        ),
        (
            "reductions",
            &[
                "FILE:16: actions[2].building: \"B9\" is not a building id of the inventory",
                "FILE:11: actions[1].floor_area_m2: together with FILE:2 (actions[0]) this \
                 removes the whole building (2000 m²)",
                "FILE:27: actions[4].building: its facility \"F1\" is closed in 2031 by FILE:20 \
                 (actions[3])",
            ],
        ),
        (
            "shift-nothing",
            &[
                "FILE:6: actions[0].from_year: building \"B1\" has no rebuild starting in 2031 \
                 (its renewal events: none in the plan)",
            ],
        ),
        (
            "shifts",
            &[
                "FILE:19: actions[2].event: \"repaint\" is not renovation or rebuild",
                "FILE:21: actions[2].to_year: is the same year as from_year",
                "FILE:28: actions[3].to_year: is the same year as from_year",
                "FILE:4: actions[0].building: its facility \"F5\" is closed in 2032 by FILE:30 \
                 (actions[4])",
                "FILE:11: actions[1].building: its facility \"F5\" is closed in 2032 by FILE:30 \
                 (actions[4])",
                "FILE:9: actions[1]: this event is already shifted by FILE:2 (actions[0])",
            ],
        ),
        (
            "overlapping-extensions",
            &["FILE:6: actions[1]: its scope overlaps the life extension of FILE:2 (actions[0])"],
        ),
        (
            "life-extensions",
            &[
                "FILE:2: actions[0]: a life_extension covers a category or a facility, not both",
                "FILE:10: actions[1].category: \"road_general\" is not a building category \
                 ({CATEGORIES})",
                "FILE:15: actions[2].facility: \"F9\" is not a facility id of the inventory",
                "FILE:21: actions[3].rules: \"no-such-rules\" is neither a preset (mic, \
                 long-life, condition) nor a readable cost-model file next to this one",
                "FILE:27: actions[4].year: not a key of a life_extension action (it takes: rules, \
                 category, facility)",
                "FILE:34: actions[6]: its scope overlaps the life extension of FILE:29 \
                 (actions[5])",
            ],
        ),
        (
            "transfer-service",
            &[
                "FILE:6: actions[0].service_continues: invalid type: string \"no\", expected a \
                 boolean",
            ],
        ),
        (
            "settings",
            &[
                "FILE:4: leveling.max_shift_years: 0 is outside 1–20",
                "FILE:2: skip_renewal_before_closure_years: 30 is outside 0–20",
            ],
        ),
        (
            "leveling-no-cap",
            &["FILE:2: leveling: leveling keeps years under the cap, but the plan has no cap"],
        ),
        (
            "plan-values",
            &[
                "FILE:3: plan.first_year: 1000 is not a plausible year",
                "FILE:4: plan.years: 0 is outside 1–200",
                "FILE:5: plan.cap_yen: is negative",
            ],
        ),
        (
            "plan-too-long",
            &["FILE:4: plan.years: FY2150 + 100 years ends after 2200"],
        ),
        (
            "bad-model",
            &[
                "FILE:2: model: \"nope\" is neither a preset (mic, long-life, condition) nor a \
                 file next to this one",
            ],
        ),
        (
            "no-inventory",
            &["FILE:1: inventory: DIR/nowhere: not an inventory folder (no inventory.toml)"],
        ),
        (
            "no-inventory-key",
            &[
                "FILE: inventory: missing: name the inventory folder (e.g. inventory = \
                 \"../../facilities/kanuma\")",
            ],
        ),
        ("not-utf8", &["FILE: a TOML file must be UTF-8 text"]),
        (
            "syntax",
            &["FILE:2: TOML syntax: unclosed array table, expected `]`"],
        ),
        (
            "schema",
            &[
                "FILE:2: colour: unknown field `colour`, expected one of `name`, `title`, \
                 `description`, `inventory`, `model`, `include`, `plan`, `leveling`, \
                 `skip_renewal_before_closure_years`, `actions`",
                "FILE:7: actions[0].year: \"x\" is not a year (write 1975, or 昭和50 / S50)",
                "FILE:12: actions[1].foo: unknown field `foo`, expected one of {KEYS}",
            ],
        ),
        // A wrongly typed required key is reported once, not also as missing.
        (
            "wrong-types",
            &[
                "FILE:3: leveling.max_shift_years: invalid type: string \"two\", expected i64",
                "FILE:4: leveling.allow_earlier: invalid type: integer `1`, expected a boolean",
                "FILE:8: actions[0].facilities[1]: invalid type: integer `2`, expected a string",
                "FILE:8: actions[0].facilities[3]: invalid type: integer `4`, expected a string",
            ],
        ),
        (
            "missing-include",
            &["FILE:2: include[0]: \"nope.toml\": no such scenario file"],
        ),
        (
            "include-cycle",
            &[
                "DIR/include-cycle-b.toml:1: include[0]: \"include-cycle.toml\" includes itself \
                 (a cycle)",
            ],
        ),
        (
            "include-cycle-b",
            &[
                "DIR/include-cycle.toml:2: include[0]: \"include-cycle-b.toml\" includes itself (a cycle)",
            ],
        ),
        // An included file is checked where it is written, and its actions come first.
        (
            "include-other-inventory",
            &[
                "DIR/parts/other-inventory.toml:1: inventory: \"../../line\" is not the inventory \
                 of FILE (tests/fixtures/small)",
                "DIR/parts/other-inventory.toml:4: actions[0].facility: \"A\" is not a facility \
                 id of the inventory",
            ],
        ),
        (
            "included-problems",
            &[
                "DIR/parts/bad-part.toml:3: actions[0].facility: \"F9\" is not a facility id of \
                 the inventory",
                "DIR/parts/bad-part.toml:8: actions[1].facility: \"F1\" is closed twice: already \
                 closed in 2031 by FILE:3 (actions[0])",
            ],
        ),
    ];
    for (name, problems) in cases {
        check_scenario(name, problems);
    }
    // Every fixture has its case.
    let mut fixtures: Vec<String> = std::fs::read_dir("tests/fixtures/invalid-scenarios")
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "toml").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    fixtures.sort();
    let mut named: Vec<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
    named.sort();
    assert_eq!(fixtures, named);
}

/// A bad buildings CSV: `project` exits 2 with exactly `problems`, prints nothing and writes no
/// file.
fn check_csv(name: &str, problems: &[&str]) {
    let file = format!("tests/fixtures/bad-input/{name}.csv");
    let want = expected(&fill(problems, &file, ""));
    let out = TempDir::new();
    let output = out.path().join("out.json");
    let r = shisetsu(&[
        "project",
        &file,
        "--from",
        "2022",
        "--format",
        "json",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{name}: exit status\n{}", r.stderr);
    assert_eq!(r.stdout, "", "{name}: nothing on standard output");
    assert!(!output.exists(), "{name}: no output file on error");
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want, "{name}");
}

#[test]
fn every_bad_buildings_csv_is_located() {
    let area = "is absurdly large for one building (at most 1000000 m²)";
    let not_category = "is not a building category (use a key or 大分類 name: {CATEGORIES})";
    let missing = |separator: &str, name: &str, column: &str| {
        let header = ["id", "name", "category", "floor_area_m2", "built_year"].join(separator);
        format!(
            "FILE:1: {column}: missing column (the header has: {header}); the header looks \
             {name}-separated: shisetsu reads comma-separated CSV"
        )
    };
    let all_missing = |separator: &str, name: &str| -> Vec<String> {
        ["id", "name", "category", "floor_area_m2", "built_year"]
            .iter()
            .map(|c| missing(separator, name, c))
            .collect()
    };
    let cases: &[(&str, Vec<String>)] = &[
        ("empty", vec!["FILE: file is empty".into()]),
        ("blank-lines", vec!["FILE: file is empty".into()]),
        (
            "header-only",
            vec!["FILE:1: a header and no buildings (nothing to project)".into()],
        ),
        (
            "missing-column",
            vec![
                "FILE:1: floor_area_m2: missing column (the header has: id, name, category, \
                 built_year)"
                    .into(),
            ],
        ),
        (
            "bad-areas",
            vec![
                "FILE:2: floor_area_m2: \"abc\" is not a number".into(),
                "FILE:3: floor_area_m2: \"-120\" is negative".into(),
                "FILE:4: floor_area_m2: \"NaN\" is not a number".into(),
                "FILE:5: floor_area_m2: \"inf\" is not a number".into(),
                format!("FILE:6: floor_area_m2: \"1e400\" {area}"),
                format!("FILE:7: floor_area_m2: \"99999999999\" {area}"),
                "FILE:8: floor_area_m2: is empty".into(),
                "FILE:9: floor_area_m2: \"0\" is zero: a building has floor area".into(),
            ],
        ),
        (
            "bad-categories",
            vec![
                format!("FILE:2: category: \"gym\" {not_category}"),
                "FILE:3: category: is empty (categories: {CATEGORIES})".into(),
                format!("FILE:4: category: \"bridge\" {not_category}"),
            ],
        ),
        (
            "bad-years",
            vec![
                "FILE:2: built_year: is empty: the year is required".into(),
                "FILE:3: built_year: \"1975.5\" is not a whole year".into(),
                "FILE:4: built_year: \"-1975\" is negative".into(),
                "FILE:5: built_year: \"19750\" 19750 is outside 1850–2200 (a two-digit or era \
                 year needs its era, e.g. S50)"
                    .into(),
                "FILE:6: built_year: \"75\" 75 is outside 1850–2200 (a two-digit or era year \
                 needs its era, e.g. S50)"
                    .into(),
                "FILE:7: built_year: \"last year\" is not a year (write 1975, or 昭和50 / S50)"
                    .into(),
            ],
        ),
        (
            "duplicate-id",
            vec!["FILE:4: id: duplicate id \"A\" (first on line 2)".into()],
        ),
        (
            "ragged",
            vec![
                "FILE:3: row has 4 fields but the header has 5 (a comma inside a value must be \
                 quoted)"
                    .into(),
                "FILE:4: row has 6 fields but the header has 5 (a comma inside a value must be \
                 quoted)"
                    .into(),
            ],
        ),
        (
            "unclosed-quote",
            vec!["FILE:3: unclosed quote: a field opened with \" here never closes".into()],
        ),
        ("semicolons", all_missing(";", "semicolon")),
        ("tabs", all_missing("\t", "tab")),
        (
            "binary",
            vec!["FILE:1: binary data (control byte 0x00): this is not a CSV text file".into()],
        ),
        (
            "not-text",
            vec![
                "FILE:2: not UTF-8 or Shift_JIS text: invalid byte 0xFF; save the file as CSV \
                 (UTF-8 or Shift_JIS)"
                    .into(),
            ],
        ),
        (
            "zip",
            vec![
                "FILE: this is a zip archive (an .xlsx workbook?), not CSV text; save the sheet \
                 as CSV (UTF-8 or Shift_JIS)"
                    .into(),
            ],
        ),
        (
            "all-errors",
            vec![
                format!("FILE:2: category: \"gym\" {not_category}"),
                "FILE:3: floor_area_m2: \"-1\" is negative".into(),
                "FILE:4: built_year: \"S\" is not a year (write 1975, or 昭和50 / S50)".into(),
                "FILE:5: id: duplicate id \"A\" (first on line 2)".into(),
            ],
        ),
        // Every optional column checked, and the checks of a building over several fields.
        (
            "optional-columns",
            vec![
                "FILE:2: structure: \"glass\" is not a structure (rc, src, s, w, cb, other, or \
                 鉄筋コンクリート造 …)"
                    .into(),
                "FILE:2: condition: \"E\" is not a condition (a grade A–D or a 健全度 score \
                 0–100)"
                    .into(),
                "FILE:2: survey_year: \"1800\" 1800 is outside 1850–2200 (a two-digit or era \
                 year needs its era, e.g. S50)"
                    .into(),
                "FILE:2: operating_cost_yen: \"-5\" is negative".into(),
                "FILE:2: data_source: \"rumour\" is not published or estimated".into(),
                "FILE:2: renovated_year: 1970 is before the year built 1980".into(),
                "FILE:3: condition: give the condition or the five part grades, not both".into(),
                "FILE:4: grade_interior: is empty: give all five part grades, or none".into(),
                "FILE:4: grade_mechanical: \"X\" is not a grade (A, B, C, D)".into(),
            ],
        ),
    ];
    for (name, problems) in cases {
        let problems: Vec<&str> = problems.iter().map(String::as_str).collect();
        check_csv(name, &problems);
    }
    let mut fixtures: Vec<String> = std::fs::read_dir("tests/fixtures/bad-input")
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            p.file_stem().unwrap().to_string_lossy().into()
        })
        .collect();
    fixtures.sort();
    let mut named: Vec<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
    named.sort();
    assert_eq!(fixtures, named);
}

/// A bad inventory folder: `validate` exits 2 with exactly `problems` (`DIR` is the folder).
fn check_folder(name: &str, problems: &[&str]) {
    let dir = format!("tests/fixtures/bad-inventories/{name}");
    let want = expected(&fill(problems, "", &dir));
    let r = shisetsu(&["validate", &dir]);
    assert_eq!(r.code, 2, "{name}: exit status\n{}", r.stderr);
    assert_eq!(r.stdout, "", "{name}");
    assert_eq!(r.stderr.lines().collect::<Vec<_>>(), want, "{name}");
}

#[test]
fn every_bad_inventory_folder_is_located() {
    let inventory_keys =
        "expected one of `name`, `description`, `model`, `plan`, `files`, `access`, `distances`";
    let cases: &[(&str, Vec<String>)] = &[
        // A misspelt key: the tables it would have named are still looked for at their default
        // names.
        (
            "misspelt-key",
            vec![
                "DIR/inventory.toml: files.facilities: DIR/facilities.csv does not exist".into(),
                "DIR/inventory.toml: files.buildings: DIR/buildings.csv does not exist".into(),
                format!("DIR/inventory.toml:2: modle: unknown field `modle`, {inventory_keys}"),
            ],
        ),
        (
            "every-file",
            vec![
                "DIR/inventory.toml:4: plan.years: 300 is outside 1–200".into(),
                "DIR/facilities.csv:3: category: \"nope\" is not a building category (use a key \
                 or 大分類 name: {CATEGORIES})"
                    .into(),
                "DIR/facilities.csv:3: id: duplicate id \"F1\" (first on line 2)".into(),
                "DIR/buildings.csv:3: facility_id: \"F9\" is not a facility id in the facilities \
                 table"
                    .into(),
            ],
        ),
        // A facilities table with only its header leaves the buildings nowhere to go; the roads
        // that name facilities are not reported again, row by row, for the one missing table.
        (
            "no-facilities",
            vec![
                "DIR/facilities.csv:1: a header and no facilities, but there are buildings".into(),
            ],
        ),
        // A bad row still has its id and references checked; grouped by file in the order the
        // files are read, each by line.
        (
            "bad-rows",
            vec![
                "DIR/facilities.csv:3: category: \"nope\" is not a building category (use a key \
                 or 大分類 name: {CATEGORIES})"
                    .into(),
                "DIR/facilities.csv:3: id: duplicate id \"F1\" (first on line 2)".into(),
                "DIR/facilities.csv:3: district: \"D7\" is not a district id in the districts \
                 table"
                    .into(),
                "DIR/buildings.csv:3: floor_area_m2: \"-100\" is negative".into(),
                "DIR/buildings.csv:3: facility_id: \"F9\" is not a facility id in the facilities \
                 table"
                    .into(),
                "DIR/buildings.csv:4: built_year: is empty: the year is required".into(),
                "DIR/buildings.csv:4: id: duplicate id \"B1\" (first on line 2)".into(),
                "DIR/roads.csv:3: km: \"-3\" is negative".into(),
                "DIR/roads.csv:3: to: \"D3\" is neither a district nor a facility id".into(),
            ],
        ),
        (
            "unknown-keys",
            vec![
                format!("DIR/inventory.toml:2: modle: unknown field `modle`, {inventory_keys}"),
                "DIR/inventory.toml:4: plan.first_year: invalid type: boolean `true`, expected a \
                 fiscal year (2028, \"2028\", \"令和10年\" or \"R10\")"
                    .into(),
                "DIR/inventory.toml:7: files.facilties: unknown field `facilties`, expected one \
                 of `facilities`, `buildings`, `districts`, `roads`, `infrastructure`, \
                 `allow_outside_folder`"
                    .into(),
            ],
        ),
        // A bad inventory.toml does not stop the tables it names from being checked.
        (
            "bad-toml-and-tables",
            vec![
                format!("DIR/inventory.toml:2: modle: unknown field `modle`, {inventory_keys}"),
                "DIR/facilities.csv:3: category: \"nope\" is not a building category (use a key \
                 or 大分類 name: {CATEGORIES})"
                    .into(),
                "DIR/b.csv:3: facility_id: \"F9\" is not a facility id in the facilities table"
                    .into(),
            ],
        ),
        // Every value of a facility and a building checked, and the checks of a building over
        // several fields, in the folder's order of columns.
        (
            "building-values",
            vec![
                "DIR/facilities.csv:2: annual_users: \"many\" is not a number".into(),
                "DIR/facilities.csv:2: capacity: \"-2\" is negative".into(),
                "DIR/facilities.csv:2: operating_cost_yen: \"1e99\" is too large".into(),
                "DIR/facilities.csv:2: data_source: \"rumour\" is not published or estimated"
                    .into(),
                "DIR/buildings.csv:2: structure: \"glass\" is not a structure (rc, src, s, w, cb, \
                 other, or 鉄筋コンクリート造 …)"
                    .into(),
                "DIR/buildings.csv:2: condition: \"E\" is not a condition (a grade A–D or a \
                 健全度 score 0–100)"
                    .into(),
                "DIR/buildings.csv:2: survey_year: \"1800\" 1800 is outside 1850–2200 (a \
                 two-digit or era year needs its era, e.g. S50)"
                    .into(),
                "DIR/buildings.csv:2: category: \"gym\" is not a building category (use a key or \
                 大分類 name: {CATEGORIES})"
                    .into(),
                "DIR/buildings.csv:2: renovated_year: 1970 is before the year built 1980".into(),
                "DIR/buildings.csv:3: condition: give the condition or the five part grades, not \
                 both"
                    .into(),
                "DIR/buildings.csv:4: grade_interior: is empty: give all five part grades, or \
                 none"
                    .into(),
                "DIR/buildings.csv:4: grade_mechanical: \"X\" is not a grade (A, B, C, D)".into(),
            ],
        ),
    ];
    for (name, problems) in cases {
        let problems: Vec<&str> = problems.iter().map(String::as_str).collect();
        check_folder(name, &problems);
    }
    let mut fixtures: Vec<String> = std::fs::read_dir("tests/fixtures/bad-inventories")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    fixtures.sort();
    let mut named: Vec<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
    named.sort();
    assert_eq!(fixtures, named);
}
