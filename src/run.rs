//! Running scenarios: one scenario from checked input to its projection, effects, access analysis
//! and leveling; many scenarios in parallel, in a stable order, each with its own result so one bad
//! file does not sink the batch.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Result;
use crate::input::FileSource;
use crate::projection::{Projection, project};
use crate::scenario::access::{AccessReport, analyse};
use crate::scenario::leveling::{LeveledShift, choose, with_shifts};
use crate::scenario::{Cache, Effects, Scenario};

/// Everything a scenario run produces.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The scenario as run (with the shifts leveling chose, if any).
    pub scenario: Scenario,
    /// Its yearly costs.
    pub projection: Projection,
    /// The effects of its actions.
    pub effects: Effects,
    /// Where users go and which districts lose access.
    pub access: AccessReport,
    /// The renewal events leveling moved.
    pub leveled: Vec<LeveledShift>,
}

/// Runs one checked scenario.
///
/// # Errors
///
/// [`crate::Error::Overflow`] for absurd amounts.
pub fn run(s: &Scenario) -> Result<Outcome> {
    let (scenario, leveled) = match s.leveling() {
        Some(policy) => {
            let shifts = choose(s, policy.max_shift_years, policy.allow_earlier)?;
            (with_shifts(s, &shifts), shifts)
        }
        None => (s.clone(), Vec::new()),
    };
    let lowered = scenario.lower(false)?;
    let projection = project(
        scenario.name(),
        scenario.model(),
        scenario.plan(),
        &lowered.aggregate,
    )?;
    let access = analyse(&scenario);
    Ok(Outcome {
        scenario,
        projection,
        effects: lowered.effects,
        access,
        leveled,
    })
}

/// The result of one file of a batch.
#[derive(Debug)]
pub struct BatchItem {
    /// The scenario file.
    pub file: PathBuf,
    /// Its outcome, or why it could not run.
    pub result: Result<Outcome>,
}

/// Loads and runs every file in parallel; results come back in the order of `files_in`, whatever
/// the number of threads.
pub fn run_batch(files_in: &[PathBuf], files: &dyn FileSource) -> Vec<BatchItem> {
    let cache = Cache::new();
    files_in
        .par_iter()
        .map(|f| BatchItem {
            file: f.clone(),
            result: crate::scenario::load(f, files, &cache).and_then(|s| run(&s)),
        })
        .collect()
}
