//! Serde structs shaped like a scenario file. Unknown keys are errors; which keys each action type
//! accepts is checked by the builder ([`super::ActionKind`] says which), so the message can say "not a
//! key of a close action" at the right line.

use serde::Deserialize;

use crate::input::toml::{TomlDecimal, TomlYear, TomlYen};

/// A scenario file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// The scenario's name (default: the file name).
    pub name: Option<String>,
    /// A title for people, shown in place of the name.
    pub title: Option<String>,
    /// What it tests.
    pub description: Option<String>,
    /// The inventory: a folder, relative to this file.
    pub inventory: Option<String>,
    /// Cost model override: a preset or a file relative to this file.
    pub model: Option<String>,
    /// Other scenario files whose actions come first (relative to this file).
    #[serde(default)]
    pub include: Vec<String>,
    /// Plan overrides.
    pub plan: Option<RawPlan>,
    /// The leveling policy (平準化).
    pub leveling: Option<RawLeveling>,
    /// Renewals that would start this many years or fewer before a facility closes are not done.
    pub skip_renewal_before_closure_years: Option<i64>,
    /// The actions.
    #[serde(default)]
    pub actions: Vec<RawAction>,
}

/// `[plan]` of a scenario.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// First fiscal year (`2022`, `"R4"`).
    pub first_year: Option<TomlYear>,
    /// Number of years.
    pub years: Option<i64>,
    /// Annual cap in yen (`5580000000`, `"55.8億"`).
    pub cap_yen: Option<TomlYen>,
}

/// `[leveling]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLeveling {
    /// The most years a renewal may be moved.
    pub max_shift_years: i64,
    /// Whether renewals may also be brought forward (default: only postponed).
    #[serde(default)]
    pub allow_earlier: bool,
}

/// `[[actions]]`: every key any action type takes; the builder checks which belong to which.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    /// The action type.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The fiscal year it takes effect (`2028`, `"令和10年"`).
    pub year: Option<TomlYear>,
    /// A facility id.
    pub facility: Option<String>,
    /// Facility ids.
    pub facilities: Option<Vec<String>>,
    /// The receiving facility of a merge.
    pub into: Option<String>,
    /// A building id.
    pub building: Option<String>,
    /// Whether closed buildings are demolished (default true).
    pub demolish: Option<bool>,
    /// Sale proceeds in yen.
    pub proceeds_yen: Option<TomlYen>,
    /// Floor area added to a merge's receiver.
    pub added_floor_area_m2: Option<TomlDecimal>,
    /// The id of a new facility.
    pub id: Option<String>,
    /// The name of a new facility.
    pub name: Option<String>,
    /// A category (new facility, or a life-extension scope).
    pub category: Option<String>,
    /// A floor area (new facility, or the part removed by `reduce`).
    pub floor_area_m2: Option<TomlDecimal>,
    /// The facilities a complex replaces.
    pub replaces: Option<Vec<String>>,
    /// The facility whose site a complex takes (default: the first replaced).
    pub site: Option<String>,
    /// The structure of a new building.
    pub structure: Option<String>,
    /// The capacity of a new facility, or added to a merge's receiver: a number (for the main
    /// function) or a table of function = users.
    pub capacity: Option<RawCapacity>,
    /// The actual annual operating cost of a new facility.
    pub operating_cost_yen: Option<TomlYen>,
    /// Years over which construction is paid, ending in the opening year (default 1).
    pub construction_years: Option<i64>,
    /// Whether a transferred facility's service goes on privately (default true).
    pub service_continues: Option<bool>,
    /// Renewal rules for `life_extension`: a preset or a cost-model file.
    pub rules: Option<String>,
    /// The event a `shift` moves: `renovation` or `rebuild`.
    pub event: Option<String>,
    /// The first year of the event's window, as projected.
    pub from_year: Option<TomlYear>,
    /// The year it moves to.
    pub to_year: Option<TomlYear>,
    /// A free note for readers of the file; the engine does not use it.
    pub note: Option<String>,
}

/// A capacity as written: a number, for the facility's main function, or a table by function.
#[derive(Clone, Debug)]
pub enum RawCapacity {
    /// Users of the main function.
    Main(i64),
    /// Users by function.
    ByFunction(std::collections::BTreeMap<String, i64>),
}

impl<'de> Deserialize<'de> for RawCapacity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawCapacity;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number of users, or a table of function = users")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawCapacity, E> {
                Ok(RawCapacity::Main(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawCapacity, E> {
                Ok(RawCapacity::Main(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<RawCapacity, A::Error> {
                let mut out = std::collections::BTreeMap::new();
                while let Some((k, v)) = m.next_entry::<String, i64>()? {
                    out.insert(k, v);
                }
                Ok(RawCapacity::ByFunction(out))
            }
        }
        d.deserialize_any(V)
    }
}
