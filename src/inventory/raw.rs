//! Serde structs shaped like `inventory.toml`. Unknown keys are errors.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::input::toml::TomlDecimal;

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
    /// First fiscal year.
    pub first_year: i64,
    /// Number of years.
    pub years: i64,
    /// Annual cap in yen.
    pub cap_yen: Option<TomlDecimal>,
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
}
