//! A `project` request resolved from its flags (as ripgrep's `HiArgs` turns low-level arguments into
//! the engine's objects): which inventory, which cost model (asked for, the inventory's own, or
//! `mic`), which plan (flags completed from the inventory's plan), and whether a scenario replaces
//! the inventory as it is. Every default of the command line is decided here; the library sees only
//! resolved values, and its errors name no flag.

use shisetsu::msg;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shisetsu::building_costs::Buildings;
use shisetsu::cost::CostModel;
use shisetsu::input::FileSource;
use shisetsu::inventory::Inventory;
use shisetsu::money::Yen;
use shisetsu::plan::{DEFAULT_YEARS, Horizon, Plan};
use shisetsu::projection::{Aggregate, Projection, project};
use shisetsu::scenario::Scenario;
use shisetsu::units::FiscalYear;

use super::{Error, Result};

/// A projection request: the flags of `shisetsu project`, checked.
#[derive(Clone, Debug, Default)]
pub struct ProjectRequest {
    /// An inventory folder or a buildings CSV.
    pub inventory: PathBuf,
    /// `--model`: a preset name or a cost-model file (relative to the working folder); `None`: the
    /// inventory's own model, else `mic`.
    pub model: Option<String>,
    /// `--from`: first fiscal year; `None`: the inventory's plan.
    pub from: Option<i32>,
    /// `--years`: number of years; `None`: the inventory's plan, else 40.
    pub years: Option<u32>,
    /// `--cap`: annual cap in yen; `None`: the inventory's plan, if any.
    pub cap: Option<Yen>,
    /// `--scenario`: a scenario file to project on the inventory instead of the inventory as it is.
    pub scenario: Option<PathBuf>,
}

impl ProjectRequest {
    /// Reads the inventory and model and projects the inventory as it is.
    ///
    /// A buildings CSV is streamed: read in parallel chunks straight into floor-area sums, so memory
    /// does not grow with the number of buildings. A folder is streamed too when it can be
    /// ([`shisetsu::projection::folder_stream`]), else read whole (which reports its problems).
    pub fn run(&self, files: &dyn FileSource) -> Result<Projection> {
        self.check_inventory_path()?;
        if self.inventory.is_dir() {
            // Streamed when it can be; any problem is then reported by the whole reader.
            if let Some(s) = shisetsu::projection::folder_stream::aggregate(&self.inventory, files)
            {
                let model = resolve_model(
                    self.model.as_deref(),
                    s.settings.model.as_deref(),
                    &s.settings.path,
                    files,
                )?;
                let plan = resolve_plan(self.from, self.years, self.cap, s.settings.plan)?;
                return Ok(project(&s.settings.name, &model, plan, &s.aggregate)?);
            }
            let inv = Inventory::load_from(&self.inventory, files)?;
            let (model, plan) = self.model_and_plan(&inv, files)?;
            Ok(project(
                &inv.name,
                &model,
                plan,
                &Aggregate::from_inventory(&inv),
            )?)
        } else {
            let plan = resolve_plan(self.from, self.years, self.cap, None)?;
            let model = match self.model.as_deref() {
                Some(spec) => load_model_spec(spec, files)?,
                None => CostModel::preset("mic")?,
            };
            let agg = Aggregate::from_buildings_csv(&self.inventory)?;
            let name = self
                .inventory
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(project(&name, &model, plan, &agg)?)
        }
    }

    /// The cost model and plan for a whole inventory: the flags', else the inventory's own.
    fn model_and_plan(&self, inv: &Inventory, files: &dyn FileSource) -> Result<(CostModel, Plan)> {
        let model = resolve_model(
            self.model.as_deref(),
            inv.model.as_deref(),
            &inv.dir(),
            files,
        )?;
        let plan = resolve_plan(self.from, self.years, self.cap, inv.plan)?;
        Ok((model, plan))
    }

    /// The inventory as it is (or with the request's scenario), as a scenario, for breakdowns by
    /// facility. A buildings CSV is loaded whole, every building its own facility.
    pub fn scenario(&self, files: &dyn FileSource) -> Result<Scenario> {
        if let Some(file) = &self.scenario {
            return self.checked_scenario(file, files);
        }
        self.check_inventory_path()?;
        let inv = Inventory::load_from(&self.inventory, files)?;
        let (model, plan) = self.model_and_plan(&inv, files)?;
        Ok(Scenario::as_is(Arc::new(inv), Arc::new(model), plan))
    }

    /// A buildings CSV as it is, read compact for costs by facility ([`Buildings`]), with the
    /// model and plan [`ProjectRequest::scenario`] would give it.
    pub fn buildings(&self, files: &dyn FileSource) -> Result<(Buildings, CostModel, Plan)> {
        self.check_inventory_path()?;
        let buildings = Buildings::load(&self.inventory)?;
        // A buildings CSV names no model and no plan of its own.
        let model = match self.model.as_deref() {
            Some(spec) => load_model_spec(spec, files)?,
            None => CostModel::preset("mic")?,
        };
        let plan = resolve_plan(self.from, self.years, self.cap, None)?;
        Ok((buildings, model, plan))
    }

    /// Runs the request's scenario (checked, with leveling and access) on its inventory.
    pub fn run_scenario(&self, files: &dyn FileSource) -> Result<shisetsu::run::Outcome> {
        let Some(file) = &self.scenario else {
            return Err(Error::Usage(msg!(NoScenarioToRun)));
        };
        Ok(shisetsu::run::run(&self.checked_scenario(file, files)?)?)
    }

    /// The inventory must exist, and be an inventory: a scenario file given in its place is
    /// pointed to `--scenario` rather than read as a CSV.
    fn check_inventory_path(&self) -> Result<()> {
        let p = &self.inventory;
        if !p.exists() {
            return Err(shisetsu::Error::read(
                p,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such inventory (a folder with inventory.toml, or a buildings CSV)",
                ),
            )
            .into());
        }
        if p.extension().is_some_and(|e| e == "toml") {
            return Err(Error::Usage(msg!(TomlNotInventory, path = p.display())));
        }
        Ok(())
    }

    /// The `--scenario` file, checked: it names its own model and plan, applies to this inventory,
    /// and `--cap` replaces its cap.
    fn checked_scenario(&self, file: &Path, files: &dyn FileSource) -> Result<Scenario> {
        self.check_inventory_path()?;
        if self.model.is_some() || self.from.is_some() || self.years.is_some() {
            return Err(Error::Usage(msg!(ScenarioOwnModel, path = file.display())));
        }
        let s = shisetsu::scenario::load(file, files, &shisetsu::scenario::Cache::new())?;
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !same(&s.inventory().dir(), &self.inventory) {
            return Err(Error::Usage(msg!(
                ScenarioOtherInventory,
                path = file.display(),
                its = s.inventory().dir().display(),
                given = self.inventory.display()
            )));
        }
        Ok(match self.cap {
            Some(cap) => s.with_cap(cap),
            None => s,
        })
    }
}

/// A model given on the command line: a preset, or a file relative to the working folder.
fn load_model_spec(spec: &str, files: &dyn FileSource) -> Result<CostModel> {
    Ok(CostModel::load_from(spec, Path::new(""), files)?)
}

/// The model to use for an inventory: the one asked for, else the inventory's own (`own`, a preset
/// or a file relative to the inventory's folder `dir`), else `mic`.
fn resolve_model(
    asked: Option<&str>,
    own: Option<&str>,
    dir: &Path,
    files: &dyn FileSource,
) -> Result<CostModel> {
    match (asked, own) {
        (Some(spec), _) => load_model_spec(spec, files),
        (None, Some(own)) => Ok(CostModel::load_from(own, dir, files)?),
        (None, None) => Ok(CostModel::preset("mic")?),
    }
}

/// The plan: the flags given, completed from the inventory's plan.
fn resolve_plan(
    from: Option<i32>,
    years: Option<u32>,
    cap: Option<Yen>,
    own: Option<Plan>,
) -> Result<Plan> {
    let first = match (from, own) {
        (Some(y), _) => FiscalYear::new(y).ok_or_else(|| Error::Usage(msg!(FromImplausible, y)))?,
        (None, Some(p)) => p.horizon.first(),
        (None, None) => {
            return Err(Error::Usage(msg!(NoPlan)));
        }
    };
    let n = years
        .or(own.map(|p| p.horizon.years()))
        .unwrap_or(DEFAULT_YEARS);
    let horizon = Horizon::new(first, n)
        .ok_or_else(|| Error::Usage(msg!(YearsOutside, n, max = shisetsu::units::MAX_YEAR)))?;
    Ok(Plan {
        horizon,
        cap: cap.or(own.and_then(|p| p.cap)),
    })
}
