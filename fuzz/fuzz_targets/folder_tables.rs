//! An inventory folder: `inventory.toml` and its tables (facilities, buildings, districts, roads,
//! infrastructure), and a scenario of it, cut from the input at NUL bytes in that order (a file not
//! given, or given empty, does not exist). The folder is Kanuma's, so that its cost models are
//! there to name. Any bytes are either read or refused with located problems; a folder that reads
//! is then run through the commands' outputs.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use shisetsu::scenario::Cache;

const DIR: &str = "facilities/kanuma";
const NAMES: [&str; 6] = [
    "inventory.toml",
    "facilities.csv",
    "buildings.csv",
    "districts.csv",
    "roads.csv",
    "infrastructure.csv",
];

const SCENARIO: &str = "facilities/kanuma/fuzzed-scenario.toml";

fuzz_target!(|data: &[u8]| {
    let parts = common::split(data, NAMES.len() + 1);
    let paths: Vec<String> = NAMES.iter().map(|n| format!("{DIR}/{n}")).collect();
    let mut files: Vec<(&str, Option<&[u8]>)> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), parts.get(i).copied().filter(|b| !b.is_empty())))
        .collect();
    // The scenario: the one given, or the folder as it is.
    let scenario = parts
        .get(NAMES.len())
        .copied()
        .unwrap_or(b"name = \"fuzzed\"\ninventory = \".\"\n");
    files.push((SCENARIO, Some(scenario)));
    let files = common::Files::new(files);
    // The scenario loads the folder; when it does not run, the folder is read alone, so that its
    // own problems are checked whatever the scenario's.
    if !common::run_everything(SCENARIO, &files, &Cache::new(), data) {
        let inv =
            shisetsu::inventory::Inventory::load_folder_from(std::path::Path::new(DIR), &files);
        common::ok(inv);
    }
});
