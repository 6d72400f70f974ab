//! A scenario file over the built-in Kanuma inventory (it may include the built-in scenarios, name
//! the Kanuma cost models, or name files that do not exist). Any bytes are either loaded or refused
//! with located problems; a scenario that loads is then run through the commands' outputs.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use shisetsu::scenario::Cache;

/// The Kanuma inventory and its models, loaded once: they are built into the binary, and a fuzzed
/// scenario cannot be loaded as one (a model or an inventory refuses a scenario's keys), so what the
/// cache holds is the same whatever inputs came before.
fn cache() -> &'static Cache {
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    CACHE.get_or_init(Cache::new)
}

fuzz_target!(|data: &[u8]| {
    let path = "scenarios/kanuma/fuzzed.toml";
    let files = common::Files::new(vec![(path, Some(data))]);
    common::run_everything(path, &files, cache(), data);
});
