//! Scenarios: a plan for the inventory written as actions (close, merge, complex, transfer, reduce,
//! life extension, shift) and a leveling policy, read from TOML, checked in passes against the
//! inventory, and turned into an [`crate::projection::Aggregate`] with the actions' own cash flows.
//!
//! A [`Scenario`] only exists once every check has passed, so an unchecked scenario cannot be
//! projected. Loading reports every problem of every file (included files too) with file, line and
//! key path. This module owns the meaning of actions; prices come from the cost model, and the
//! access analysis lives in [`access`].

pub mod access;
mod apply;
mod check;
pub mod leveling;
mod raw;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;

use crate::category::{Category, Structure};
use crate::cost::{CostModel, EventKind, RenewalRules};
use crate::error::Result;
use crate::input::FileSource;
use crate::inventory::Inventory;
use crate::plan::Plan;
use crate::units::FloorArea;

pub use crate::input::normalize;
pub use apply::{Closure, Effects, ItemLabel, Lowered, UnitLabel};

/// Where an action was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The scenario file.
    pub file: String,
    /// The action's position in that file's `actions`.
    pub index: usize,
    /// Its line.
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l} (actions[{}])", self.file, self.index),
            None => write!(f, "{} (actions[{}])", self.file, self.index),
        }
    }
}

/// Which buildings a life extension covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every building.
    All,
    /// Buildings of one category.
    Category(Category),
    /// Buildings of one facility (by position in the scenario's facility list).
    Facility(usize),
}

/// A checked action. Facilities are positions in the scenario's facility list: the inventory's,
/// followed by the facilities the scenario builds (complexes), in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Close a facility: no more costs from `year`; demolition in `year` unless `demolish` is false;
    /// proceeds reported apart.
    Close {
        /// The facility.
        facility: usize,
        /// The year.
        year: i32,
        /// Whether its buildings are demolished.
        demolish: bool,
        /// Sale proceeds.
        proceeds: Decimal,
    },
    /// Merge facilities into another: they close; the receiver takes their users and functions and
    /// may be extended.
    Merge {
        /// The facilities merged.
        facilities: Vec<usize>,
        /// The receiver.
        into: usize,
        /// The year.
        year: i32,
        /// Whether the merged facilities' buildings are demolished.
        demolish: bool,
        /// Floor area built onto the receiver.
        added_area: Option<FloorArea>,
        /// Capacity added to the receiver, by function (empty: in proportion to the added area,
        /// for its main function).
        added_capacity: Capacities,
        /// Years over which construction is paid.
        construction_years: u32,
        /// Sale proceeds.
        proceeds: Decimal,
    },
    /// Build a multi-purpose facility (複合化) that replaces others.
    Complex {
        /// The new facility (position in the scenario's facility list).
        facility: usize,
        /// Its floor area.
        area: FloorArea,
        /// Its structure.
        structure: Structure,
        /// The year it opens.
        year: i32,
        /// The facilities it replaces (they close in `year`).
        replaces: Vec<usize>,
        /// Whether the replaced facilities' buildings are demolished.
        demolish: bool,
        /// Years over which construction is paid, ending in `year`.
        construction_years: u32,
        /// Sale proceeds of the replaced sites.
        proceeds: Decimal,
    },
    /// Transfer to the private sector (民間移譲): the city stops paying from `year`, no demolition.
    Transfer {
        /// The facility.
        facility: usize,
        /// The year.
        year: i32,
        /// Sale proceeds.
        proceeds: Decimal,
        /// Whether the service goes on (its users stay).
        service_continues: bool,
    },
    /// Demolish part of a building (減築).
    Reduce {
        /// The building (position in the inventory).
        building: usize,
        /// The floor area removed.
        area: FloorArea,
        /// The year.
        year: i32,
    },
    /// Switch the renewal rules of a scope.
    LifeExtension {
        /// The buildings covered.
        scope: Scope,
        /// The rules that apply to them.
        rules: Box<RenewalRules>,
        /// The rules' name (preset or model).
        rules_name: String,
    },
    /// Move one renewal event of a building.
    Shift {
        /// The building (position in the inventory).
        building: usize,
        /// The event kind.
        event: EventKind,
        /// The first year of its window, as projected.
        from: i32,
        /// The year it moves to.
        to: i32,
    },
}

impl Action {
    /// The action's type as written in files.
    pub fn type_name(&self) -> &'static str {
        match self {
            Action::Close { .. } => "close",
            Action::Merge { .. } => "merge",
            Action::Complex { .. } => "complex",
            Action::Transfer { .. } => "transfer",
            Action::Reduce { .. } => "reduce",
            Action::LifeExtension { .. } => "life_extension",
            Action::Shift { .. } => "shift",
        }
    }
}

pub use crate::inventory::Capacities;

/// A facility the scenario builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFacility {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its category.
    pub category: Category,
    /// Its district.
    pub district: Option<String>,
    /// The existing facility whose site it takes (for road distances).
    pub site: usize,
    /// Its functions.
    pub functions: Vec<String>,
    /// Its capacity, by function.
    pub capacities: Capacities,
    /// Its actual annual operating cost, if given.
    pub operating_yen: Option<Decimal>,
    /// The year it opens.
    pub opens: i32,
}

/// The leveling policy (平準化): renewals may move by at most `max_shift_years` to keep every year
/// under the cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leveling {
    /// The most years an event may move.
    pub max_shift_years: u32,
    /// Whether events may also move earlier.
    pub allow_earlier: bool,
}

/// A checked scenario, ready to project.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Its name.
    pub name: String,
    /// A title for people (any language), shown in reports, tables and workbooks in place of the
    /// name.
    pub title: Option<String>,
    /// What it tests.
    pub description: String,
    /// The file it was read from.
    pub file: String,
    /// The inventory it applies to.
    pub inventory: Arc<Inventory>,
    /// The inventory's road network.
    pub network: Arc<access::Network>,
    /// The cost model.
    pub model: Arc<CostModel>,
    /// The plan (the inventory's, with the scenario's overrides).
    pub plan: Plan,
    /// Facilities the scenario builds.
    pub new_facilities: Vec<NewFacility>,
    /// The actions, with where each was written, in file order (included files first).
    pub actions: Vec<(Origin, Action)>,
    /// The leveling policy.
    pub leveling: Option<Leveling>,
    /// Renewals starting this many years or fewer before a facility closes are not done (0: all
    /// are done).
    pub skip_renewal_before_closure_years: u32,
}

impl Scenario {
    /// The inventory as it is, with no action: what `project` prices, as a scenario (for the
    /// breakdowns that need one, such as cost by facility).
    pub fn as_is(inventory: Arc<Inventory>, model: Arc<CostModel>, plan: Plan) -> Scenario {
        let network = Arc::new(access::Network::build(&inventory));
        Scenario {
            name: inventory.name.clone(),
            title: None,
            description: String::new(),
            file: inventory.dir().display().to_string(),
            inventory,
            network,
            model,
            plan,
            new_facilities: Vec::new(),
            actions: Vec::new(),
            leveling: None,
            skip_renewal_before_closure_years: 0,
        }
    }

    /// What people call it: its title, else its name.
    pub fn display_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }

    /// The number of facilities (inventory's and new).
    pub fn n_facilities(&self) -> usize {
        self.inventory.facilities.len() + self.new_facilities.len()
    }

    /// A facility's id, whether from the inventory or new.
    pub fn facility_id(&self, i: usize) -> &str {
        let n = self.inventory.facilities.len();
        if i < n {
            &self.inventory.facilities[i].id
        } else {
            &self.new_facilities[i - n].id
        }
    }

    /// A facility's name.
    pub fn facility_name(&self, i: usize) -> &str {
        let n = self.inventory.facilities.len();
        if i < n {
            &self.inventory.facilities[i].name
        } else {
            &self.new_facilities[i - n].name
        }
    }

    /// A facility's category.
    pub fn facility_category(&self, i: usize) -> Category {
        let n = self.inventory.facilities.len();
        if i < n {
            self.inventory.facilities[i].category
        } else {
            self.new_facilities[i - n].category
        }
    }

    /// Lowers the scenario into an aggregate and the effects of its actions (without leveling).
    ///
    /// `per_building` keeps every building in its own class (for `explain` and leveling).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Overflow`] for absurd amounts.
    pub fn lower(&self, per_building: bool) -> Result<Lowered> {
        apply::lower(self, per_building)
    }
}

/// An inventory with its road network, as the cache keeps them.
type Loaded = (Arc<Inventory>, Arc<access::Network>);

/// Loads inventories and cost models once for many scenarios (thread-safe).
#[derive(Default)]
pub struct Cache {
    inventories: Mutex<HashMap<PathBuf, Loaded>>,
    models: Mutex<HashMap<(String, PathBuf), Arc<CostModel>>>,
}

impl Cache {
    /// A new, empty cache.
    pub fn new() -> Cache {
        Cache::default()
    }

    /// The inventory folder at `dir`, loaded once.
    ///
    /// # Errors
    ///
    /// As [`Inventory::load`].
    pub fn inventory(
        &self,
        dir: &Path,
        files: &dyn FileSource,
    ) -> Result<(Arc<Inventory>, Arc<access::Network>)> {
        if let Some(entry) = self.inventories.lock().map_err(poisoned)?.get(dir) {
            return Ok(entry.clone());
        }
        let inv = Arc::new(Inventory::load_folder_from(dir, files)?);
        let net = Arc::new(access::Network::build(&inv));
        self.inventories
            .lock()
            .map_err(poisoned)?
            .insert(dir.to_path_buf(), (inv.clone(), net.clone()));
        Ok((inv, net))
    }

    /// A cost model (preset or file relative to `dir`), loaded once.
    ///
    /// # Errors
    ///
    /// As [`CostModel::load`].
    pub fn model(&self, spec: &str, dir: &Path, files: &dyn FileSource) -> Result<Arc<CostModel>> {
        let key = (spec.to_string(), dir.to_path_buf());
        if let Some(m) = self.models.lock().map_err(poisoned)?.get(&key) {
            return Ok(m.clone());
        }
        let m = Arc::new(CostModel::load_from(spec, dir, files)?);
        self.models.lock().map_err(poisoned)?.insert(key, m.clone());
        Ok(m)
    }
}

fn poisoned<T>(_: T) -> crate::Error {
    crate::Error::Usage("internal error: a loader thread panicked".to_string())
}

/// Loads and checks a scenario file.
///
/// # Errors
///
/// [`crate::Error::Input`] with every problem found, located; [`crate::Error::Read`] when a file
/// cannot be read.
pub fn load(path: &Path, files: &dyn FileSource, cache: &Cache) -> Result<Scenario> {
    check::load(&normalize(path), files, cache)
}

/// Whether a TOML file is a scenario (it names an inventory, includes scenarios or has actions)
/// rather than a cost model.
pub fn is_scenario_file(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| {
            t.contains_key("inventory") || t.contains_key("actions") || t.contains_key("include")
        })
}

/// The scenario files under `path`: the file itself, or a folder's `*.toml` files in name order.
///
/// # Errors
///
/// [`crate::Error::Read`] when a folder cannot be listed; [`crate::Error::Usage`] for an
/// inventory folder.
pub fn scenario_files(path: &Path) -> Result<Vec<PathBuf>> {
    if path.join("inventory.toml").is_file() {
        return Err(crate::Error::Usage(format!(
            "{}: an inventory folder, not a folder of scenarios (`shisetsu project {}` projects it \
             as it is)",
            path.display(),
            path.display()
        )));
    }
    if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| crate::Error::read(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        v.sort();
        Ok(v)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_lexically() {
        assert_eq!(
            normalize(Path::new("scenarios/kanuma/../../facilities/kanuma")),
            PathBuf::from("facilities/kanuma")
        );
        assert_eq!(normalize(Path::new("./a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    }
}
