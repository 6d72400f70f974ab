//! Serde structs shaped like `inventory.toml`. Unknown keys are errors.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::input::toml::{TomlDecimal, TomlYear, TomlYen};

/// `inventory.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInventory {
    /// The inventory's name.
    pub name: String,
    /// What it is and where its data come from.
    pub description: Option<String>,
    /// The default cost model: a preset name or a file next to this one.
    pub model: Option<String>,
    /// The plan.
    pub plan: Option<RawPlan>,
    /// The table files.
    #[serde(default)]
    pub files: RawFiles,
    /// Access standards: function → maximum road distance in km.
    #[serde(default)]
    pub access: BTreeMap<String, TomlDecimal>,
    /// How distances are derived from coordinates when there is no roads table.
    pub distances: Option<RawDistances>,
}

/// `[distances]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistances {
    /// Road distance ÷ straight-line distance.
    pub detour_factor: Option<TomlDecimal>,
    /// Where the factor comes from.
    pub source: Option<String>,
}

/// `[plan]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// First fiscal year (`2022`, `"R4"`).
    pub first_year: TomlYear,
    /// Number of years.
    pub years: i64,
    /// Annual cap in yen (`5580000000`, `"55.8億"`).
    pub cap_yen: Option<TomlYen>,
}

/// `[files]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFiles {
    /// Facilities table (default `facilities.csv`).
    pub facilities: Option<String>,
    /// Buildings table (default `buildings.csv`).
    pub buildings: Option<String>,
    /// Districts table (default `districts.csv` when it exists).
    pub districts: Option<String>,
    /// Roads table (default `roads.csv` when it exists).
    pub roads: Option<String>,
    /// Infrastructure table (default `infrastructure.csv` when it exists).
    pub infrastructure: Option<String>,
    /// Whether tables may lie outside the inventory folder (default: no; a path that leaves it is
    /// an error).
    pub allow_outside_folder: Option<bool>,
}
