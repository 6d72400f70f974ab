//! Inventories: facilities (施設), their buildings (棟), districts (地区), roads between them, and
//! infrastructure, read from a folder (`inventory.toml` plus CSV tables) or from a single buildings
//! CSV in which every building is its own facility.
//!
//! This module owns reading and validating inventories: every problem of every file is reported
//! together, located by file, line and column, before anything is computed. It holds no prices:
//! costs come from the cost model.

pub mod buildings_csv;
pub mod fields;
pub(crate) mod folder;
pub mod geo;
pub mod network;
pub(crate) mod plain_rows;
mod raw;
pub mod tables;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::category::{Category, Structure};
use crate::cost::infra::InfraAsset;
use crate::error::Result;
use crate::plan::Plan;
use crate::units::{FiscalYear, FloorArea};

pub use crate::condition::{Condition, Grade};
pub use folder::{Settings, Tables, resolve};
pub use network::Network;

/// Whether a value was published (with a source) or estimated by us.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataSource {
    /// Published by the city or another public source, cited in `source_url`.
    Published,
    /// Estimated; the inventory's README says how.
    #[default]
    Estimated,
}

impl DataSource {
    /// `published` or `estimated`.
    pub fn key(self) -> &'static str {
        match self {
            DataSource::Published => "published",
            DataSource::Estimated => "estimated",
        }
    }
}

/// The position of a facility. In an inventory, facilities are numbered in table order from 0; a
/// scenario numbers the facilities it builds after the inventory's, in the order it builds them, so
/// one index names any facility of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FacilityIdx(usize);

impl FacilityIdx {
    /// The facility at position `i`.
    pub const fn new(i: usize) -> FacilityIdx {
        FacilityIdx(i)
    }

    /// Its position.
    pub const fn index(self) -> usize {
        self.0
    }
}

impl std::ops::Index<FacilityIdx> for Vec<Facility> {
    type Output = Facility;
    fn index(&self, f: FacilityIdx) -> &Facility {
        &self[f.0]
    }
}

/// A facility (施設): a service at a place, with one or more buildings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facility {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// MIC 大分類.
    pub category: Category,
    /// District id, if known.
    pub district: Option<String>,
    /// Services offered (`community`, `library`, `elementary_school`, …).
    pub functions: Vec<String>,
    /// Annual users, if known.
    pub annual_users: Option<u64>,
    /// Capacity (users a year it can take), if known.
    pub capacity: Option<u64>,
    /// Actual annual operating cost in yen, if known.
    pub operating_yen: Option<Decimal>,
    /// Published or estimated.
    pub data_source: DataSource,
    /// Where the published values come from.
    pub source_url: Option<String>,
    /// The line in the facilities table.
    pub line: usize,
}

/// Users a facility can take, by function.
pub type Capacities = std::collections::BTreeMap<String, u64>;

impl Facility {
    /// Its capacity by function: the one capacity of a facility is for its main (first) function.
    pub fn capacities(&self) -> Capacities {
        self.functions
            .first()
            .zip(self.capacity)
            .map(|(main, c)| Capacities::from([(main.clone(), c)]))
            .unwrap_or_default()
    }
}

/// A building (棟) of a facility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Building {
    /// Unique id.
    pub id: String,
    /// Its facility, in [`Inventory::facilities`].
    pub facility: FacilityIdx,
    /// Name.
    pub name: String,
    /// Category (the facility's unless the building sets its own).
    pub category: Category,
    /// Floor area (延床面積).
    pub floor_area: FloorArea,
    /// Fiscal year built.
    pub built: FiscalYear,
    /// Structure.
    pub structure: Structure,
    /// Surveyed condition.
    pub condition: Option<Condition>,
    /// Year of the condition survey.
    pub survey_year: Option<FiscalYear>,
    /// Year of the last major renovation (restarts the renovation cycle).
    pub renovated: Option<FiscalYear>,
    /// Published or estimated.
    pub data_source: DataSource,
    /// Where the published values come from.
    pub source_url: Option<String>,
    /// The line in the buildings table.
    pub line: usize,
}

/// A district (地区).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct District {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Population now, if known.
    pub population: Option<u64>,
    /// Projected population, if known.
    pub population_projected: Option<u64>,
    /// Published or estimated.
    pub data_source: DataSource,
    /// The line in the districts table.
    pub line: usize,
}

/// A road link in km between two places (districts or facilities), for access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoadLink {
    /// A district or facility id.
    pub from: String,
    /// A district or facility id.
    pub to: String,
    /// Road distance, km.
    pub km: Decimal,
    /// The line in the roads table.
    pub line: usize,
}

/// An infrastructure asset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Infrastructure {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What the cost model needs.
    pub asset: InfraAsset,
    /// The line in the infrastructure table.
    pub line: usize,
}

/// An inventory, validated: ids unique, references resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Its name.
    pub name: String,
    /// What it is and where its data come from.
    pub description: String,
    /// The folder or CSV file it was read from.
    pub path: PathBuf,
    /// Whether it was read from a folder (then `path` is that folder).
    pub folder: bool,
    /// The plan, when the inventory sets one.
    pub plan: Option<Plan>,
    /// The default cost model (preset name or path relative to [`Inventory::dir`]).
    pub model: Option<String>,
    /// Access standards: function → maximum road distance in km.
    pub access_km: Vec<(String, Decimal)>,
    /// Facilities.
    pub facilities: Vec<Facility>,
    /// Buildings.
    pub buildings: Vec<Building>,
    /// Districts.
    pub districts: Vec<District>,
    /// Road links.
    pub roads: Vec<RoadLink>,
    /// Infrastructure.
    pub infrastructure: Vec<Infrastructure>,
    /// Coordinates of facilities and district centres, and the detour factor, for distances when
    /// there are no roads.
    pub geo: geo::Geo,
    /// What is computed from the tables once, when first needed.
    derived: Derived,
}

/// What an inventory computes from its tables the first time it is asked: the buildings of each
/// facility, facilities and buildings by id, and the road network. An inventory is not changed once
/// it is used (scenarios hold it behind an `Arc`), so these stay true; a clone computes its own.
#[derive(Default)]
struct Derived {
    buildings_by_facility: OnceLock<BuildingIndex>,
    facility_ids: OnceLock<IdIndex>,
    building_ids: OnceLock<IdIndex>,
    network: OnceLock<Network>,
}

/// Positions by id (the first row with an id, as table order gives it).
type IdIndex = std::collections::HashMap<String, usize, foldhash::fast::FixedState>;

fn id_index<'a>(ids: impl Iterator<Item = &'a str>) -> IdIndex {
    let mut index = IdIndex::default();
    for (i, id) in ids.enumerate() {
        index.entry(id.to_string()).or_insert(i);
    }
    index
}

impl Clone for Derived {
    fn clone(&self) -> Derived {
        Derived::default()
    }
}

impl PartialEq for Derived {
    /// Derived data is a function of the tables, so it never makes two inventories differ.
    fn eq(&self, _: &Derived) -> bool {
        true
    }
}

impl Eq for Derived {}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

/// The buildings of each facility, as positions in [`Inventory::buildings`] in table order:
/// facility `f`'s are `buildings[start[f]..start[f + 1]]`.
struct BuildingIndex {
    start: Vec<usize>,
    buildings: Vec<usize>,
}

impl BuildingIndex {
    fn of(inv: &Inventory) -> BuildingIndex {
        let n = inv.facilities.len();
        let mut start = vec![0usize; n + 1];
        for b in &inv.buildings {
            if b.facility.index() < n {
                start[b.facility.index() + 1] += 1;
            }
        }
        for f in 0..n {
            start[f + 1] += start[f];
        }
        let mut next = start.clone();
        let mut buildings = vec![0usize; start[n]];
        for (i, b) in inv.buildings.iter().enumerate() {
            let f = b.facility.index();
            if f < n {
                buildings[next[f]] = i;
                next[f] += 1;
            }
        }
        BuildingIndex { start, buildings }
    }
}

impl Inventory {
    /// Loads an inventory folder (with `inventory.toml`) or a single buildings CSV.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Input`] with every problem of every file, located; [`crate::Error::Read`]
    /// when a file cannot be read.
    pub fn load(path: &Path) -> Result<Inventory> {
        Inventory::load_from(path, &crate::input::Disk)
    }

    /// Loads an inventory whose folder files come from `files` (a buildings CSV, named by the
    /// caller, is read from the disk).
    ///
    /// # Errors
    ///
    /// As [`Inventory::load`].
    pub fn load_from(path: &Path, files: &dyn crate::input::FileSource) -> Result<Inventory> {
        if path.is_dir() {
            folder::load(path, files)
        } else {
            let bytes = crate::input::read_file(path, crate::input::Cap::BUILDINGS_CSV)?;
            let name = crate::input::display_name(path);
            buildings_csv::load_bytes(&bytes, &name, path)
        }
    }

    /// Loads an inventory folder whose files come from `files` (e.g. built into the binary).
    ///
    /// # Errors
    ///
    /// As [`Inventory::load`].
    pub fn load_folder_from(dir: &Path, files: &dyn crate::input::FileSource) -> Result<Inventory> {
        folder::load(dir, files)
    }

    /// The folder relative to which the inventory's own paths (its cost model) resolve.
    pub fn dir(&self) -> PathBuf {
        if self.folder {
            self.path.clone()
        } else {
            self.path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        }
    }

    /// The facility with id `id` (the index is built once, on first use).
    pub fn facility_index(&self, id: &str) -> Option<FacilityIdx> {
        self.derived
            .facility_ids
            .get_or_init(|| id_index(self.facilities.iter().map(|f| f.id.as_str())))
            .get(id)
            .map(|&i| FacilityIdx::new(i))
    }

    /// The position in [`Inventory::buildings`] of the building with id `id` (the index is built
    /// once, on first use).
    pub fn building_index(&self, id: &str) -> Option<usize> {
        self.derived
            .building_ids
            .get_or_init(|| id_index(self.buildings.iter().map(|b| b.id.as_str())))
            .get(id)
            .copied()
    }

    /// The buildings of a facility, as positions in [`Inventory::buildings`], in table order (none
    /// for a facility that is not the inventory's). The index is built once, on first use, in time
    /// linear in the number of buildings.
    pub fn buildings_of(&self, f: FacilityIdx) -> &[usize] {
        let index = self
            .derived
            .buildings_by_facility
            .get_or_init(|| BuildingIndex::of(self));
        match (index.start.get(f.index()), index.start.get(f.index() + 1)) {
            (Some(&a), Some(&b)) => &index.buildings[a..b],
            _ => &[],
        }
    }

    /// The road network (built on first use, then shared).
    pub fn network(&self) -> &Network {
        self.derived.network.get_or_init(|| Network::build(self))
    }

    /// Facilities whose own annual users exceed their capacity (both in users a year, the
    /// capacity being that of the main function): `(facility, users, capacity)`, in table order.
    pub fn over_capacity(&self) -> Vec<(&Facility, u64, u64)> {
        self.facilities
            .iter()
            .filter_map(|f| match (f.annual_users, f.capacity) {
                (Some(u), Some(c)) if u > c => Some((f, u, c)),
                _ => None,
            })
            .collect()
    }

    /// The total floor area of all buildings.
    pub fn floor_area(&self) -> crate::units::AreaSum {
        let mut sum = crate::units::AreaSum::ZERO;
        for b in &self.buildings {
            sum.add(b.floor_area);
        }
        sum
    }
}
