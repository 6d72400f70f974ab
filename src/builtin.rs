//! The built-in default: Kanuma's inventory and cost models, compiled into the binary so that
//! `shisetsu` with no arguments works from any folder.

use std::path::Path;

use crate::input::Embedded;

/// The folder the built-in inventory is named by in messages.
pub const KANUMA_DIR: &str = "facilities/kanuma";

/// The files of `facilities/kanuma/`, by path.
pub static KANUMA_FILES: Embedded = Embedded(&[
    (
        "facilities/kanuma/inventory.toml",
        include_str!("../facilities/kanuma/inventory.toml"),
    ),
    (
        "facilities/kanuma/facilities.csv",
        include_str!("../facilities/kanuma/facilities.csv"),
    ),
    (
        "facilities/kanuma/buildings.csv",
        include_str!("../facilities/kanuma/buildings.csv"),
    ),
    (
        "facilities/kanuma/districts.csv",
        include_str!("../facilities/kanuma/districts.csv"),
    ),
    (
        "facilities/kanuma/roads.csv",
        include_str!("../facilities/kanuma/roads.csv"),
    ),
    (
        "facilities/kanuma/cost-model.toml",
        include_str!("../facilities/kanuma/cost-model.toml"),
    ),
    (
        "facilities/kanuma/cost-model-long-life.toml",
        include_str!("../facilities/kanuma/cost-model-long-life.toml"),
    ),
    (
        "facilities/kanuma/cost-model-condition.toml",
        include_str!("../facilities/kanuma/cost-model-condition.toml"),
    ),
    (
        "facilities/kanuma/running-costs.toml",
        include_str!("../facilities/kanuma/running-costs.toml"),
    ),
    (
        "scenarios/kanuma/baseline.toml",
        include_str!("../scenarios/kanuma/baseline.toml"),
    ),
    (
        "scenarios/kanuma/combined.toml",
        include_str!("../scenarios/kanuma/combined.toml"),
    ),
    (
        "scenarios/kanuma/condition.toml",
        include_str!("../scenarios/kanuma/condition.toml"),
    ),
    (
        "scenarios/kanuma/community-complexes.toml",
        include_str!("../scenarios/kanuma/community-complexes.toml"),
    ),
    (
        "scenarios/kanuma/housing-and-idle-assets.toml",
        include_str!("../scenarios/kanuma/housing-and-idle-assets.toml"),
    ),
    (
        "scenarios/kanuma/leveling.toml",
        include_str!("../scenarios/kanuma/leveling.toml"),
    ),
    (
        "scenarios/kanuma/long-life.toml",
        include_str!("../scenarios/kanuma/long-life.toml"),
    ),
    (
        "scenarios/kanuma/optimized.toml",
        include_str!("../scenarios/kanuma/optimized.toml"),
    ),
    (
        "scenarios/kanuma/school-reorganisation.toml",
        include_str!("../scenarios/kanuma/school-reorganisation.toml"),
    ),
    (
        "scenarios/kanuma/tourism-transfer.toml",
        include_str!("../scenarios/kanuma/tourism-transfer.toml"),
    ),
]);

/// The built-in Kanuma inventory.
///
/// # Errors
///
/// Only if the built-in files are invalid, which the test suite rules out.
pub fn kanuma() -> crate::Result<crate::inventory::Inventory> {
    crate::inventory::Inventory::load_folder_from(Path::new(KANUMA_DIR), &KANUMA_FILES)
}

/// The folder of the built-in scenarios.
pub const KANUMA_SCENARIOS: &str = "scenarios/kanuma";

/// Runs the main job: every built-in Kanuma scenario (`scenarios/kanuma/*.toml`), in parallel, judged
/// against the plan's cap.
pub fn main_job() -> Vec<crate::run::BatchItem> {
    let files = KANUMA_FILES.files_under(KANUMA_SCENARIOS);
    crate::run::run_batch(&files, &KANUMA_FILES)
}
