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
        "facilities/kanuma/cost-model.toml",
        include_str!("../facilities/kanuma/cost-model.toml"),
    ),
    (
        "facilities/kanuma/cost-model-long-life.toml",
        include_str!("../facilities/kanuma/cost-model-long-life.toml"),
    ),
    (
        "facilities/kanuma/running-costs.toml",
        include_str!("../facilities/kanuma/running-costs.toml"),
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

/// The cost models the main job compares, relative to the inventory folder: the inventory's own
/// (MIC renewal with Kanuma's running costs) and its long-life variant.
pub const MAIN_JOB_MODELS: [&str; 2] = ["cost-model.toml", "cost-model-long-life.toml"];

/// The result of the main job.
#[derive(Clone, Debug)]
pub struct MainJob {
    /// The inventory's name.
    pub inventory: String,
    /// One projection per model, in [`MAIN_JOB_MODELS`] order.
    pub projections: Vec<crate::projection::Projection>,
}

/// Runs the main job: the built-in Kanuma inventory as it is, over its plan, under each model of
/// [`MAIN_JOB_MODELS`], judged against the plan's cap.
///
/// # Errors
///
/// Only if the built-in files are invalid, which the test suite rules out.
pub fn main_job() -> crate::Result<MainJob> {
    let inv = kanuma()?;
    let plan = crate::request::resolve_plan(None, None, None, inv.plan)?;
    let agg = crate::projection::Aggregate::from_inventory(&inv);
    let projections = MAIN_JOB_MODELS
        .iter()
        .map(|spec| {
            let model = crate::cost::CostModel::load_from(spec, &inv.dir(), &KANUMA_FILES)?;
            let name = format!("as is, {}", model.name());
            crate::projection::project(&name, &model, plan, &agg)
        })
        .collect::<crate::Result<Vec<_>>>()?;
    Ok(MainJob {
        inventory: inv.name,
        projections,
    })
}
