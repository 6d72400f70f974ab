//! A cost-model file (it may extend a preset or the Kanuma models) and, after a NUL byte, a scenario
//! of the Kanuma inventory that uses it (by default, the inventory as it is). Any bytes are either
//! loaded or refused with located problems; a model that loads is printed (`shisetsu model`) and
//! the scenario run through the commands' outputs.

#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use shisetsu::scenario::Cache;

const MODEL: &str = "facilities/kanuma/fuzzed-model.toml";

fuzz_target!(|data: &[u8]| {
    let parts = common::split(data, 2);
    let scenario = parts.get(1).copied().unwrap_or(
        b"name = \"fuzzed\"\ninventory = \"../../facilities/kanuma\"\nmodel = \"../../facilities/kanuma/fuzzed-model.toml\"\n",
    );
    let files = common::Files::new(vec![
        (MODEL, Some(parts[0])),
        ("scenarios/kanuma/fuzzed.toml", Some(scenario)),
    ]);
    let model = shisetsu::cost::CostModel::load_from(
        "fuzzed-model.toml",
        Path::new("facilities/kanuma"),
        &files,
    );
    if let Some(m) = common::ok(model) {
        let _ = shisetsu::render::table::model(&m);
        common::run_everything("scenarios/kanuma/fuzzed.toml", &files, &Cache::new(), data);
    }
});
