//! A scenario as plain data: what a file says, or what code writes, before any check. The TOML
//! reader fills a [`ScenarioSpec`] from a file and its includes; the optimizer and tests build one in
//! code; both go through [`super::Scenario::build`], the one place a spec is checked against an
//! inventory and a cost model.
//!
//! Values are kept as written (an id as a string, a year as any integer, a category as its name)
//! so that the builder can say precisely what is wrong with each; the constructors of
//! [`ActionSpec`] take typed values for code that has them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use super::kind::ActionKind;
use crate::category::{Category, Structure};
use crate::cost::{CostModel, EventKind};
use crate::plan::PlanSpec;

/// Where an action was written, when it was read from a file.
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

/// A scenario before it is checked: its name and settings and its actions, which name facilities
/// and buildings by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScenarioSpec {
    /// Its name.
    pub name: String,
    /// A title for people (any language), shown in place of the name in reports, workbooks and
    /// 施設カルテ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What it tests.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The inventory as a file names it (a folder, relative to the file). [`super::Scenario::build`]
    /// takes the inventory itself; this is kept to write the spec back as a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inventory: Option<String>,
    /// The cost model as a file names it (a preset, or a file relative to it), if the scenario sets
    /// its own; like `inventory`, build takes the model itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// What the scenario changes in the plan it starts from.
    #[serde(skip_serializing_if = "plan_is_empty")]
    pub plan: PlanSpec,
    /// The leveling policy (平準化), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leveling: Option<LevelingSpec>,
    /// Renewals starting this many years or fewer before a facility closes are not done (0–20;
    /// `None`: 0, all are done).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_renewal_before_closure_years: Option<i64>,
    /// The actions, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionSpec>,
}

fn plan_is_empty(p: &PlanSpec) -> bool {
    *p == PlanSpec::default()
}

impl Serialize for PlanSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut t = s.serialize_struct("plan", 3)?;
        if let Some(y) = self.first_year {
            t.serialize_field("first_year", &y)?;
        }
        if let Some(n) = self.years {
            t.serialize_field("years", &n)?;
        }
        if let Some(c) = self.cap_yen {
            t.serialize_field("cap_yen", &c.to_string())?;
        }
        t.end()
    }
}

impl ScenarioSpec {
    /// An empty spec with a name: the inventory as it is, under the plan it is given.
    pub fn named(name: impl Into<String>) -> ScenarioSpec {
        ScenarioSpec {
            name: name.into(),
            ..ScenarioSpec::default()
        }
    }

    /// The spec as a scenario file (TOML), the form `shisetsu run` reads back. Origins are not
    /// written; `inventory` and `model` are written as they are named.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// The leveling policy as written: renewals may move by at most `max_shift_years` (1–20) to keep
/// every year under the cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LevelingSpec {
    /// The most years an event may move.
    pub max_shift_years: i64,
    /// Whether events may also move earlier.
    pub allow_earlier: bool,
}

/// A capacity as written: a number of users for the facility's main (first) function, or users by
/// function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CapacitySpec {
    /// Users of the main function.
    Main(i64),
    /// Users by function.
    ByFunction(BTreeMap<String, i64>),
}

/// The renewal rules a life extension switches to: a preset or cost-model file by name, with the
/// model it names when the reader has loaded it.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct RulesSpec {
    /// The preset (`long-life`) or file, as written.
    pub name: String,
    /// The cost model `name` was read as (a file next to the scenario); `None`: build looks `name`
    /// up among the presets.
    #[serde(skip)]
    pub model: Option<Arc<CostModel>>,
}

impl PartialEq for RulesSpec {
    fn eq(&self, other: &RulesSpec) -> bool {
        self.name == other.name
            && match (&self.model, &other.model) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a.renewal == b.renewal,
                (None, None) => true,
                _ => false,
            }
    }
}

impl RulesSpec {
    /// A preset by name (`mic`, `long-life`, `condition`).
    pub fn preset(name: impl Into<String>) -> RulesSpec {
        RulesSpec {
            name: name.into(),
            model: None,
        }
    }
}

/// One action as written: its kind, and the keys it sets (`None`: not set). Which keys each kind
/// takes and needs is [`ActionKind`]'s to say and the builder's to check, so an action made in code
/// is held to the same rules as one read from a file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionSpec {
    /// What it does.
    #[serde(rename = "type")]
    pub kind: ActionKind,
    /// The fiscal year it takes effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// A facility id (close, transfer, life extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facility: Option<String>,
    /// The facility ids a merge closes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facilities: Option<Vec<String>>,
    /// The receiving facility of a merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub into: Option<String>,
    /// A building id (reduce, shift).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
    /// Whether closed buildings are demolished (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demolish: Option<bool>,
    /// Sale proceeds in yen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proceeds_yen: Option<Decimal>,
    /// Floor area built onto a merge's receiver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_floor_area_m2: Option<Decimal>,
    /// The id of the facility a complex builds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name (default: its id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A category name (a complex's, or a life extension's scope).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// A floor area (a complex's, or the part a reduction removes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor_area_m2: Option<Decimal>,
    /// The facilities a complex replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Vec<String>>,
    /// The facility whose site a complex takes (default: the first it replaces).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The structure of a complex's building (default RC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structure: Option<String>,
    /// The capacity of a complex, or added to a merge's receiver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacitySpec>,
    /// The actual annual operating cost of a complex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operating_cost_yen: Option<Decimal>,
    /// Years over which construction is paid, ending in the opening year (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub construction_years: Option<i64>,
    /// Whether a transferred facility's service goes on privately (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_continues: Option<bool>,
    /// The renewal rules of a life extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<RulesSpec>,
    /// The event a shift moves: `renovation` or `rebuild`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The first year of the event's window, as projected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_year: Option<i64>,
    /// The year it moves to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_year: Option<i64>,
    /// A free note for readers; the engine does not use it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it was written, when read from a file (`None` for an action made in code).
    #[serde(skip)]
    pub origin: Option<Origin>,
}

impl ActionSpec {
    /// An action of `kind` that sets no key yet.
    pub fn new(kind: ActionKind) -> ActionSpec {
        ActionSpec {
            kind,
            year: None,
            facility: None,
            facilities: None,
            into: None,
            building: None,
            demolish: None,
            proceeds_yen: None,
            added_floor_area_m2: None,
            id: None,
            name: None,
            category: None,
            floor_area_m2: None,
            replaces: None,
            site: None,
            structure: None,
            capacity: None,
            operating_cost_yen: None,
            construction_years: None,
            service_continues: None,
            rules: None,
            event: None,
            from_year: None,
            to_year: None,
            note: None,
            origin: None,
        }
    }

    /// Close `facility` in `year` (its buildings demolished, no proceeds).
    pub fn close(facility: impl Into<String>, year: i32) -> ActionSpec {
        ActionSpec {
            facility: Some(facility.into()),
            year: Some(i64::from(year)),
            ..ActionSpec::new(ActionKind::Close)
        }
    }

    /// Merge `facilities` into `into` in `year` (their buildings demolished).
    pub fn merge<S: Into<String>>(
        facilities: impl IntoIterator<Item = S>,
        into: impl Into<String>,
        year: i32,
    ) -> ActionSpec {
        ActionSpec {
            facilities: Some(facilities.into_iter().map(Into::into).collect()),
            into: Some(into.into()),
            year: Some(i64::from(year)),
            ..ActionSpec::new(ActionKind::Merge)
        }
    }

    /// Build facility `id` of `category` and `floor_area_m2` (RC), opening in `year` and replacing
    /// `replaces`.
    pub fn complex<S: Into<String>>(
        id: impl Into<String>,
        category: Category,
        floor_area_m2: Decimal,
        replaces: impl IntoIterator<Item = S>,
        year: i32,
    ) -> ActionSpec {
        ActionSpec {
            id: Some(id.into()),
            category: Some(category.key().to_string()),
            floor_area_m2: Some(floor_area_m2),
            replaces: Some(replaces.into_iter().map(Into::into).collect()),
            year: Some(i64::from(year)),
            ..ActionSpec::new(ActionKind::Complex)
        }
    }

    /// Hand `facility` over in `year` (its service goes on, no proceeds).
    pub fn transfer(facility: impl Into<String>, year: i32) -> ActionSpec {
        ActionSpec {
            facility: Some(facility.into()),
            year: Some(i64::from(year)),
            ..ActionSpec::new(ActionKind::Transfer)
        }
    }

    /// Remove `floor_area_m2` of `building` in `year`.
    pub fn reduce(building: impl Into<String>, floor_area_m2: Decimal, year: i32) -> ActionSpec {
        ActionSpec {
            building: Some(building.into()),
            floor_area_m2: Some(floor_area_m2),
            year: Some(i64::from(year)),
            ..ActionSpec::new(ActionKind::Reduce)
        }
    }

    /// Switch every building to the renewal rules of `rules` (narrow it with `category` or
    /// `facility`).
    pub fn life_extension(rules: RulesSpec) -> ActionSpec {
        ActionSpec {
            rules: Some(rules),
            ..ActionSpec::new(ActionKind::LifeExtension)
        }
    }

    /// Move `building`'s `event` whose window starts in `from` to start in `to`.
    pub fn shift(building: impl Into<String>, event: EventKind, from: i32, to: i32) -> ActionSpec {
        ActionSpec {
            building: Some(building.into()),
            event: Some(event.key().to_string()),
            from_year: Some(i64::from(from)),
            to_year: Some(i64::from(to)),
            ..ActionSpec::new(ActionKind::Shift)
        }
    }

    /// The same action with its new building's structure set (a complex).
    pub fn with_structure(mut self, structure: Structure) -> ActionSpec {
        self.structure = Some(structure.key().to_string());
        self
    }

    /// The keys this action sets, in the order of [`ActionKind::allowed_keys`] of every kind.
    pub fn keys_set(&self) -> Vec<&'static str> {
        let mut k = Vec::new();
        macro_rules! set {
            ($($f:ident => $n:literal),* $(,)?) => { $( if self.$f.is_some() { k.push($n); } )* };
        }
        set!(
            year => "year", facility => "facility", facilities => "facilities", into => "into",
            building => "building", demolish => "demolish", proceeds_yen => "proceeds_yen",
            added_floor_area_m2 => "added_floor_area_m2", id => "id", name => "name",
            category => "category", floor_area_m2 => "floor_area_m2", replaces => "replaces",
            site => "site", structure => "structure", capacity => "capacity",
            operating_cost_yen => "operating_cost_yen", construction_years => "construction_years",
            service_continues => "service_continues", rules => "rules", event => "event",
            from_year => "from_year", to_year => "to_year",
        );
        k
    }
}
