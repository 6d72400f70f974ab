//! Inventories: facilities (施設), their buildings (棟), districts (地区), roads between them, and
//! infrastructure, read from a folder (`inventory.toml` plus CSV tables) or from a single buildings
//! CSV in which every building is its own facility.
//!
//! This module owns reading and validating inventories: every problem of every file is reported
//! together, located by file, line and column, before anything is computed. It holds no prices:
//! costs come from the cost model.

pub mod buildings_csv;
mod fields;
mod folder;
pub mod geo;
mod raw;
pub mod tables;

use std::fmt;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::category::{Category, Structure};
use crate::cost::infra::InfraAsset;
use crate::error::Result;
use crate::plan::Plan;
use crate::units::{FiscalYear, FloorArea};

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

/// A condition grade (劣化状況評価 A–D).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// 概ね良好.
    A,
    /// 部分的に劣化 (no safety or function problem).
    B,
    /// 広範囲に劣化.
    C,
    /// 早急に対応する必要がある.
    D,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    /// The letter.
    pub fn letter(self) -> char {
        match self {
            Grade::A => 'A',
            Grade::B => 'B',
            Grade::C => 'C',
            Grade::D => 'D',
        }
    }

    /// The position in [`Grade::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The grade a 健全度 score falls in: 100–75 A, 74–40 B… using the 評価点 of the 文科省 解説書
    /// (A 100, B 75, C 40, D 10) and cutting halfway between them (≥ 88 A, ≥ 58 B, ≥ 25 C, else D).
    /// [convention: the 解説書 defines scores from grades, not the reverse]
    pub fn from_score(score: u8) -> Grade {
        match score {
            88..=u8::MAX => Grade::A,
            58..=87 => Grade::B,
            25..=57 => Grade::C,
            _ => Grade::D,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// A building's surveyed condition: a grade, or a 健全度 score (0–100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Condition {
    /// A grade A–D.
    Grade(Grade),
    /// A 健全度 score, 0–100.
    Score(u8),
}

impl Condition {
    /// Reads `A`–`D` (either case, full-width too) or a whole score 0–100.
    pub fn parse(text: &str) -> Option<Condition> {
        let t = crate::units::normalize_width(text.trim()).to_string();
        match t.to_ascii_uppercase().as_str() {
            "A" | "Ａ" => return Some(Condition::Grade(Grade::A)),
            "B" | "Ｂ" => return Some(Condition::Grade(Grade::B)),
            "C" | "Ｃ" => return Some(Condition::Grade(Grade::C)),
            "D" | "Ｄ" => return Some(Condition::Grade(Grade::D)),
            _ => {}
        }
        t.parse::<u8>()
            .ok()
            .filter(|s| *s <= 100)
            .map(Condition::Score)
    }

    /// The grade (a score is mapped with [`Grade::from_score`]).
    pub fn grade(self) -> Grade {
        match self {
            Condition::Grade(g) => g,
            Condition::Score(s) => Grade::from_score(s),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Grade(g) => write!(f, "{g}"),
            Condition::Score(s) => write!(f, "{s}"),
        }
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
    /// Position of its facility in [`Inventory::facilities`].
    pub facility: usize,
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
            let bytes = crate::input::read_file(path)?;
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

    /// The position of a facility by id.
    pub fn facility_index(&self, id: &str) -> Option<usize> {
        self.facilities.iter().position(|f| f.id == id)
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
