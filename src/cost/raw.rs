//! Serde structs shaped exactly like a cost-model TOML file. Every field is optional, because a
//! file may override only a few values of its base; completeness is checked after the layers merge.
//! Unknown keys are errors: a typo must not silently leave a default in place.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::input::toml::{OneOrMany, TomlDecimal};

/// A cost-model file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    /// Presets or files this one overrides, applied in order.
    pub base: Option<OneOrMany<String>>,
    /// The model's name in outputs.
    pub name: Option<String>,
    /// One line saying what the model is.
    pub description: Option<String>,
    /// Renewal timing rules.
    pub renewal: Option<RawRenewal>,
    /// Renovation and rebuild unit costs per category, yen per m².
    pub unit_costs: Option<BTreeMap<String, RawUnitCost>>,
    /// Operating costs.
    pub operating: Option<RawOperating>,
    /// Annual repair per m².
    pub repair: Option<RawRates>,
    /// Demolition per m², by structure.
    pub demolition: Option<RawRates>,
    /// New construction per m², by category.
    pub construction: Option<RawRates>,
    /// Yearly cost escalation.
    pub escalation: Option<RawEscalation>,
    /// Infrastructure rules.
    pub infrastructure: Option<RawInfrastructure>,
    /// Condition rules.
    pub condition: Option<RawCondition>,
    /// Uncertainties drawn by Monte Carlo runs.
    pub uncertainty: Option<RawUncertainty>,
    /// Renewals not done before a facility closes.
    pub closure: Option<RawClosure>,
}

/// `[closure]`: renewals not done in the years before a facility closes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClosure {
    /// No rebuild starting this many years or fewer before the facility closes.
    pub skip_rebuild_years: Option<i64>,
    /// No renovation starting this many years or fewer before the facility closes.
    pub skip_renovation_years: Option<i64>,
}

/// `[condition]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    /// Whether projections follow condition (deterioration moves renewals, repairs by grade).
    pub enabled: Option<bool>,
    /// The deterioration chains: a preset (`default`) or a file.
    pub deterioration: Option<String>,
    /// A building in grade D has a renewal due within this many years done now.
    pub advance_years: Option<i64>,
    /// A building still in grade A when a renewal is due may wait this many years.
    pub defer_years: Option<i64>,
    /// Repair cost by grade, yen per m² per year (keys A, B, C, D).
    pub repair_yen_per_m2: Option<BTreeMap<String, TomlDecimal>>,
    /// Buildings without a survey: `by_age` (grade from age) or `ignore` (plain schedule).
    pub unsurveyed: Option<String>,
}

/// `[uncertainty]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUncertainty {
    /// Yearly construction-cost escalation, drawn once per run.
    pub escalation: Option<RawDistribution>,
    /// Multiplier on renewal and construction unit costs, drawn once per run.
    pub renewal_unit_cost: Option<RawDistribution>,
}

/// A distribution: `fixed` (value), `uniform` (min, max), `triangular` (min, mode, max) or `normal`
/// (mean, sd).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    /// The family.
    pub distribution: String,
    /// For `fixed`.
    pub value: Option<TomlDecimal>,
    /// Lower bound.
    pub min: Option<TomlDecimal>,
    /// Upper bound.
    pub max: Option<TomlDecimal>,
    /// Mode of a triangular distribution.
    pub mode: Option<TomlDecimal>,
    /// Mean of a normal distribution.
    pub mean: Option<TomlDecimal>,
    /// Standard deviation of a normal distribution.
    pub sd: Option<TomlDecimal>,
}

/// `[renewal]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRenewal {
    /// Years between the life year and the start of the spreading window.
    pub window_offset: Option<i64>,
    /// Whether a building rebuilt inside the horizon starts a new cycle.
    pub second_cycle: Option<bool>,
    /// The life cycles, with the share of floor area following each.
    pub cycles: Option<Vec<RawCycle>>,
}

/// `[[renewal.cycles]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCycle {
    /// A label.
    pub name: Option<String>,
    /// The share of every building's floor area that follows this cycle.
    pub share: TomlDecimal,
    /// The renewal events of the cycle.
    #[serde(default)]
    pub events: Vec<RawEvent>,
}

/// `[[renewal.cycles.events]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// A label (大規模改修, 中規模修繕, …).
    pub name: Option<String>,
    /// `renovation` or `rebuild`.
    pub kind: String,
    /// Age at which the event is due.
    pub age: i64,
    /// Years the cost is spread over.
    pub years: i64,
    /// Which unit-cost column prices the event: `renovation` or `rebuild`.
    pub price: String,
    /// Multiplier on that unit cost.
    pub factor: Option<TomlDecimal>,
    /// What happens when the event is already overdue at the start.
    pub backlog: Option<RawBacklog>,
}

/// `backlog = { from_age, to_age, years }`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBacklog {
    /// The youngest overdue age that gets a backlog.
    pub from_age: i64,
    /// The oldest (none: no limit).
    pub to_age: Option<i64>,
    /// Years from the start the backlog is spread over.
    pub years: i64,
}

/// `[unit_costs.<category>]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnitCost {
    /// 大規模改修, yen per m².
    pub renovation: Option<TomlDecimal>,
    /// 建替え, yen per m².
    pub rebuild: Option<TomlDecimal>,
}

/// `[operating]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOperating {
    /// Whether operating costs are projected at all.
    pub enabled: Option<bool>,
    /// Whether facilities' actual annual costs win over the per-m² rates.
    pub use_facility_actuals: Option<bool>,
    /// The rate for categories not listed, yen per m² per year.
    pub default_yen_per_m2: Option<TomlDecimal>,
    /// Rates by category.
    pub yen_per_m2: Option<BTreeMap<String, TomlDecimal>>,
}

/// A rate with a default and per-key overrides (`[repair]`, `[demolition]`, `[construction]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRates {
    /// The rate for keys not listed.
    pub default_yen_per_m2: Option<TomlDecimal>,
    /// Rates by key (category or structure).
    pub yen_per_m2: Option<BTreeMap<String, TomlDecimal>>,
}

/// `[escalation]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalation {
    /// Yearly rate, e.g. 0.02.
    pub rate: Option<TomlDecimal>,
    /// The year whose prices the unit costs are in (default: the first year of the projection);
    /// `2022` or `"R4"`.
    pub base_year: Option<crate::input::toml::TomlYear>,
}

/// `[infrastructure]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInfrastructure {
    /// 一般道路.
    pub road_general: Option<RawRoad>,
    /// 自転車歩行者道.
    pub road_footpath: Option<RawRoad>,
    /// 橋りょう.
    pub bridge: Option<RawBridge>,
    /// 上水道管.
    pub water_pipe: Option<RawWaterPipe>,
    /// 下水道管.
    pub sewer_pipe: Option<RawSewerPipe>,
}

/// Roads: a share of the area renewed every year.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoad {
    /// Yen per m².
    pub yen_per_m2: Option<TomlDecimal>,
    /// Years of the pavement cycle.
    pub cycle_years: Option<i64>,
    /// Width used to turn a length into an area.
    pub default_width_m: Option<TomlDecimal>,
}

/// Bridges.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBridge {
    /// Yen per m² of deck.
    pub yen_per_m2: Option<TomlDecimal>,
    /// Optional rates by bridge structure (pc, rc, steel, stone, wood, other).
    pub yen_per_m2_by_structure: Option<BTreeMap<String, TomlDecimal>>,
    /// Life in years.
    pub life_years: Option<i64>,
    /// Years an overdue renewal is spread over.
    pub backlog_years: Option<i64>,
}

/// Water pipes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWaterPipe {
    /// Life in years.
    pub life_years: Option<i64>,
    /// Years an overdue renewal is spread over.
    pub backlog_years: Option<i64>,
    /// 配水管 unit costs by diameter band.
    pub distribution: Option<Vec<RawBand>>,
    /// 導水管・送水管 unit costs by diameter band.
    pub transmission: Option<Vec<RawBand>>,
}

/// A diameter band: pipes up to `up_to_mm` cost `yen_per_m`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    /// Upper bound of the band, inclusive, in mm.
    pub up_to_mm: i64,
    /// Yen per m of pipe.
    pub yen_per_m: TomlDecimal,
}

/// Sewer pipes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSewerPipe {
    /// Yen per m (concrete, clay, PVC, other).
    pub yen_per_m: Option<TomlDecimal>,
    /// Yen per m of rehabilitated pipe (更生管).
    pub rehabilitated_yen_per_m: Option<TomlDecimal>,
    /// Unit costs by diameter band (管径別), for pipes whose diameter is given.
    pub by_diameter: Option<Vec<RawBand>>,
    /// Life in years.
    pub life_years: Option<i64>,
    /// Years an overdue renewal is spread over.
    pub backlog_years: Option<i64>,
}
