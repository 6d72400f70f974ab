//! What a user asks for, resolved: which inventory, which cost model, which years and cap; and
//! carrying it out. The CLI fills a [`ProjectRequest`] from its arguments and calls
//! [`ProjectRequest::run`]; every default (the inventory's plan, its own cost model) is decided here,
//! not in the CLI.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cost::CostModel;
use crate::error::{Error, Result};
use crate::input::FileSource;
use crate::inventory::Inventory;
use crate::inventory::buildings_csv;
use crate::money::Yen;
use crate::plan::{Horizon, Plan};
use crate::projection::{Aggregate, ClassSink, Projection, project};
use crate::scenario::Scenario;
use crate::units::FiscalYear;

pub use crate::plan::DEFAULT_YEARS;

/// A projection request.
#[derive(Clone, Debug, Default)]
pub struct ProjectRequest {
    /// An inventory folder or a buildings CSV.
    pub inventory: PathBuf,
    /// A preset name or a cost-model file (relative to the working folder); `None`: the inventory's
    /// own model, else `mic`.
    pub model: Option<String>,
    /// First fiscal year; `None`: the inventory's plan.
    pub from: Option<i32>,
    /// Number of years; `None`: the inventory's plan, else 40.
    pub years: Option<u32>,
    /// Annual cap in yen; `None`: the inventory's plan, if any.
    pub cap: Option<Yen>,
    /// A scenario file to project on the inventory instead of the inventory as it is.
    pub scenario: Option<PathBuf>,
}

impl ProjectRequest {
    /// Reads the inventory and model and projects the inventory as it is.
    ///
    /// A buildings CSV is streamed: read in parallel chunks straight into floor-area sums, so memory
    /// does not grow with the number of buildings. A folder is read whole.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for invalid inputs (all problems listed), [`Error::Usage`] for a missing or
    /// impossible plan, [`Error::Read`] for unreadable files.
    pub fn run(&self, files: &dyn FileSource) -> Result<Projection> {
        self.check_inventory_path()?;
        if self.inventory.is_dir() {
            let inv = Inventory::load_from(&self.inventory, files)?;
            let model = resolve_model(self.model.as_deref(), &inv, files)?;
            let plan = resolve_plan(self.from, self.years, self.cap, inv.plan)?;
            project(&inv.name, &model, plan, &Aggregate::from_inventory(&inv))
        } else {
            let plan = resolve_plan(self.from, self.years, self.cap, None)?;
            let model = match self.model.as_deref() {
                Some(spec) => load_model_spec(spec, files)?,
                None => CostModel::preset("mic")?,
            };
            let agg = stream_csv(&self.inventory)?;
            let name = self
                .inventory
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            project(&name, &model, plan, &agg)
        }
    }
}

impl ProjectRequest {
    /// The inventory as it is (or with the request's scenario), as a scenario, for breakdowns by
    /// facility. A buildings CSV is loaded whole, every building its own facility.
    ///
    /// # Errors
    ///
    /// As [`ProjectRequest::run`] and [`ProjectRequest::run_scenario`].
    pub fn scenario(&self, files: &dyn FileSource) -> Result<Scenario> {
        if let Some(file) = &self.scenario {
            return self.checked_scenario(file, files);
        }
        self.check_inventory_path()?;
        let inv = Inventory::load_from(&self.inventory, files)?;
        let model = resolve_model(self.model.as_deref(), &inv, files)?;
        let plan = resolve_plan(self.from, self.years, self.cap, inv.plan)?;
        Ok(Scenario::as_is(Arc::new(inv), Arc::new(model), plan))
    }
}

impl ProjectRequest {
    /// Runs the request's scenario (checked, with leveling and access) on its inventory.
    ///
    /// # Errors
    ///
    /// [`Error::Usage`] without a scenario, or when the scenario applies to another inventory or
    /// `--model`, `--from` or `--years` are given (a scenario names its own model and plan); as
    /// [`crate::scenario::load`] and [`crate::run::run`].
    pub fn run_scenario(&self, files: &dyn FileSource) -> Result<crate::run::Outcome> {
        let Some(file) = &self.scenario else {
            return Err(Error::Usage("no scenario to run".into()));
        };
        crate::run::run(&self.checked_scenario(file, files)?)
    }

    /// The inventory must exist, and be an inventory: a scenario file given in its place is
    /// pointed to `--scenario` rather than read as a CSV.
    fn check_inventory_path(&self) -> Result<()> {
        let p = &self.inventory;
        if !p.exists() {
            return Err(Error::read(
                p,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such inventory (a folder with inventory.toml, or a buildings CSV)",
                ),
            ));
        }
        if p.extension().is_some_and(|e| e == "toml") {
            return Err(Error::Usage(format!(
                "{}: a TOML file is not an inventory; for a scenario, give its inventory and \
                 --scenario {} (or run it: shisetsu run {})",
                p.display(),
                p.display(),
                p.display()
            )));
        }
        Ok(())
    }

    fn checked_scenario(&self, file: &Path, files: &dyn FileSource) -> Result<Scenario> {
        self.check_inventory_path()?;
        if self.model.is_some() || self.from.is_some() || self.years.is_some() {
            return Err(Error::Usage(format!(
                "--scenario {}: a scenario names its own cost model and plan; write them in the \
                 scenario instead of --model, --from or --years",
                file.display()
            )));
        }
        let s = crate::scenario::load(file, files, &crate::scenario::Cache::new())?;
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !same(&s.inventory().dir(), &self.inventory) {
            return Err(Error::Usage(format!(
                "--scenario {}: it applies to the inventory {}, not {}",
                file.display(),
                s.inventory().dir().display(),
                self.inventory.display()
            )));
        }
        Ok(match self.cap {
            Some(cap) => s.with_cap(cap),
            None => s,
        })
    }
}

/// Streams a buildings CSV into an aggregate.
///
/// # Errors
///
/// [`Error::Input`] with every problem of the file.
pub fn stream_csv(path: &Path) -> Result<Aggregate> {
    let bytes = crate::input::read_file(path, crate::input::Cap::BUILDINGS_CSV)?;
    let name = crate::input::display_name(path);
    let decoded = crate::input::text::decode(&bytes, &name).map_err(|d| Error::Input(d.into()))?;
    let (sink, _) =
        buildings_csv::read(&decoded.text, &name, &ClassSink::default).map_err(Error::Input)?;
    Ok(sink.into_aggregate())
}

/// A model given on the command line: a preset, or a file relative to the working folder.
///
/// # Errors
///
/// As [`CostModel::load`].
pub fn load_model_spec(spec: &str, files: &dyn FileSource) -> Result<CostModel> {
    CostModel::load_from(spec, Path::new(""), files)
}

/// The model to use for an inventory: the one asked for, else the inventory's own, else `mic`.
///
/// # Errors
///
/// As [`CostModel::load`].
pub fn resolve_model(
    asked: Option<&str>,
    inv: &Inventory,
    files: &dyn FileSource,
) -> Result<CostModel> {
    match (asked, inv.model.as_deref()) {
        (Some(spec), _) => load_model_spec(spec, files),
        (None, Some(own)) => CostModel::load_from(own, &inv.dir(), files),
        (None, None) => CostModel::preset("mic"),
    }
}

/// The plan: the options given, completed from the inventory's plan.
///
/// # Errors
///
/// [`Error::Usage`] when there is no first year, or the horizon is impossible.
pub fn resolve_plan(
    from: Option<i32>,
    years: Option<u32>,
    cap: Option<Yen>,
    own: Option<Plan>,
) -> Result<Plan> {
    let first = match (from, own) {
        (Some(y), _) => FiscalYear::new(y)
            .ok_or_else(|| Error::Usage(format!("--from {y}: not a plausible fiscal year")))?,
        (None, Some(p)) => p.horizon.first(),
        (None, None) => {
            return Err(Error::Usage(
                "this inventory has no plan: give the first fiscal year with --from YEAR (and --years N, default 40)"
                    .to_string(),
            ));
        }
    };
    let n = years
        .or(own.map(|p| p.horizon.years()))
        .unwrap_or(DEFAULT_YEARS);
    let horizon = Horizon::new(first, n).ok_or_else(|| {
        Error::Usage(format!(
            "--years {n}: a horizon is 1–200 years and ends by {}",
            crate::units::MAX_YEAR
        ))
    })?;
    Ok(Plan {
        horizon,
        cap: cap.or(own.and_then(|p| p.cap)),
    })
}
