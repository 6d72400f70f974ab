//! Scenarios: a plan for an inventory written as actions (close, merge, complex, transfer, reduce,
//! life extension, shift) with a leveling policy, checked against the inventory and turned into an
//! [`crate::projection::Aggregate`] with the actions' own cash flows.
//!
//! A scenario is data first: a [`ScenarioSpec`] names facilities and buildings by id, as a file
//! does. [`Scenario::build`] checks a spec against an inventory, a cost model and a plan and is the
//! only way to get a [`Scenario`], so an unchecked scenario cannot be projected; a scenario is not
//! changed once built. The TOML reader ([`load`]) reads a file and its includes into a spec and maps
//! every problem the builder finds back to its file, line and key path; code (the optimizer, tests)
//! builds specs directly and gets the same checks, keyed by action and key. This module owns the
//! meaning of actions ([`ActionKind`], [`Action`]); prices come from the cost model, and the access
//! analysis lives in [`access`].
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use shisetsu::scenario::{ActionSpec, Scenario, ScenarioSpec};
//!
//! let inventory = Arc::new(shisetsu::builtin::kanuma()?);
//! let model = Arc::new(shisetsu::cost::CostModel::preset("mic")?);
//! let plan = inventory.plan;
//!
//! // Close the first facility in 2030; hand the second over in 2031.
//! let mut spec = ScenarioSpec::named("two closures");
//! let ids: Vec<String> = inventory.facilities.iter().take(2).map(|f| f.id.clone()).collect();
//! spec.actions.push(ActionSpec::close(&ids[0], 2030));
//! spec.actions.push(ActionSpec::transfer(&ids[1], 2031));
//! let scenario = Scenario::build(inventory.clone(), model.clone(), plan, &spec)?;
//! assert_eq!(scenario.actions().len(), 2);
//!
//! // A spec with a mistake is refused, every problem keyed by action and key.
//! spec.actions.push(ActionSpec::close("no such facility", 2030));
//! let problems = Scenario::build(inventory, model, plan, &spec).unwrap_err();
//! let p = problems.iter().next().unwrap();
//! assert_eq!((p.action(), p.key()), (Some(2), "facility"));
//! assert_eq!(p.to_string(), "actions[2].facility: \"no such facility\" is not a facility id of the inventory");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod access;
mod action;
mod apply;
mod build;
mod file;
mod kind;
pub mod leveling;
mod problem;
mod raw;
mod spec;

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::category::Category;
use crate::cost::CostModel;
use crate::error::Result;
use crate::inventory::{Facility, Inventory};
use crate::plan::Plan;
use crate::projection::EventShift;

pub use crate::input::normalize;
pub use crate::inventory::{Capacities, FacilityIdx};
pub use crate::plan::PlanSpec;
pub use action::{Action, Scope};
pub use apply::{Closure, Effects, ItemLabel, Lowered, UnitLabel};
pub use file::{Cache, is_scenario_file, load, load_with_spec};
pub use kind::ActionKind;
pub use problem::{Problem, Problems};
pub use spec::{ActionSpec, CapacitySpec, LevelingSpec, Origin, RulesSpec, ScenarioSpec};

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
    /// The facility whose site it takes (for road distances).
    pub site: FacilityIdx,
    /// Its functions.
    pub functions: Vec<String>,
    /// Its capacity, by function.
    pub capacities: Capacities,
    /// Its actual annual operating cost, if given.
    pub operating_yen: Option<Decimal>,
    /// The year it opens.
    pub opens: i32,
}

/// One facility of a scenario: the inventory's, or one the scenario builds.
#[derive(Clone, Copy, Debug)]
pub enum FacilityRef<'s> {
    /// A facility of the inventory.
    Inventory(&'s Facility),
    /// A facility the scenario builds.
    New(&'s NewFacility),
}

impl<'s> FacilityRef<'s> {
    /// Its id.
    pub fn id(self) -> &'s str {
        match self {
            FacilityRef::Inventory(f) => &f.id,
            FacilityRef::New(f) => &f.id,
        }
    }

    /// Its name.
    pub fn name(self) -> &'s str {
        match self {
            FacilityRef::Inventory(f) => &f.name,
            FacilityRef::New(f) => &f.name,
        }
    }

    /// Its category.
    pub fn category(self) -> Category {
        match self {
            FacilityRef::Inventory(f) => f.category,
            FacilityRef::New(f) => f.category,
        }
    }

    /// Its district.
    pub fn district(self) -> Option<&'s str> {
        match self {
            FacilityRef::Inventory(f) => f.district.as_deref(),
            FacilityRef::New(f) => f.district.as_deref(),
        }
    }

    /// The services it offers (a new facility: those of the facilities it replaces).
    pub fn functions(self) -> &'s [String] {
        match self {
            FacilityRef::Inventory(f) => &f.functions,
            FacilityRef::New(f) => &f.functions,
        }
    }

    /// Its capacity by function.
    pub fn capacities(self) -> Capacities {
        match self {
            FacilityRef::Inventory(f) => f.capacities(),
            FacilityRef::New(f) => f.capacities.clone(),
        }
    }

    /// Its actual annual operating cost, if known.
    pub fn operating_yen(self) -> Option<Decimal> {
        match self {
            FacilityRef::Inventory(f) => f.operating_yen,
            FacilityRef::New(f) => f.operating_yen,
        }
    }
}

/// The facilities of a scenario as one list: the inventory's, in order, then those the scenario
/// builds, in order; [`FacilityIdx`] indexes it.
#[derive(Clone, Copy, Debug)]
pub struct Facilities<'s> {
    inventory: &'s [Facility],
    new: &'s [NewFacility],
}

impl<'s> Facilities<'s> {
    /// How many there are.
    pub fn len(self) -> usize {
        self.inventory.len() + self.new.len()
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The facility at `f`, if there is one.
    pub fn get(self, f: FacilityIdx) -> Option<FacilityRef<'s>> {
        match f.index().checked_sub(self.inventory.len()) {
            None => Some(FacilityRef::Inventory(&self.inventory[f.index()])),
            Some(k) => self.new.get(k).map(FacilityRef::New),
        }
    }

    /// Every facility with its index, in order.
    pub fn iter(self) -> impl Iterator<Item = (FacilityIdx, FacilityRef<'s>)> {
        let inventory = self.inventory.iter().map(FacilityRef::Inventory);
        let new = self.new.iter().map(FacilityRef::New);
        inventory
            .chain(new)
            .enumerate()
            .map(|(i, f)| (FacilityIdx::new(i), f))
    }

    /// Whether `f` is a facility the scenario builds.
    pub fn is_new(self, f: FacilityIdx) -> bool {
        f.index() >= self.inventory.len()
    }
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

/// A checked scenario, ready to project. Built only by [`Scenario::build`] (or [`Scenario::as_is`]);
/// not changed once built: the methods that change something ([`Scenario::with_cap`]) return a new
/// scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    name: String,
    title: Option<String>,
    description: String,
    inventory: Arc<Inventory>,
    model: Arc<CostModel>,
    plan: Plan,
    new_facilities: Vec<NewFacility>,
    actions: Vec<Action>,
    /// Where each action was written (`None`: made in code, or chosen by leveling).
    origins: Vec<Option<Origin>>,
    leveling: Option<Leveling>,
    /// The scenario's own window of skipped renewals, if it sets one (else the model's).
    skip_renewal_before_closure_years: Option<u32>,
}

impl Scenario {
    /// Checks `spec` against the inventory, the cost model and `plan` (the plan the scenario starts
    /// from, usually the inventory's: the spec's `plan` changes it; `None` when there is none, then
    /// the spec must give a first year) and builds the scenario.
    ///
    /// # Errors
    ///
    /// Every problem of the spec, keyed by action and key path: unknown ids, keys an action's kind
    /// does not take or lacks, years outside the plan, a facility closed twice, merges that form a
    /// cycle, conflicting actions, shifts of events the model does not schedule.
    pub fn build(
        inventory: Arc<Inventory>,
        model: Arc<CostModel>,
        plan: Option<Plan>,
        spec: &ScenarioSpec,
    ) -> std::result::Result<Scenario, Problems> {
        build::build(inventory, model, plan, spec)
    }

    /// The inventory as it is, with no action: what `project` prices, as a scenario (for the
    /// breakdowns that need one, such as cost by facility).
    pub fn as_is(inventory: Arc<Inventory>, model: Arc<CostModel>, plan: Plan) -> Scenario {
        Scenario {
            name: inventory.name.clone(),
            title: None,
            description: String::new(),
            inventory,
            model,
            plan,
            new_facilities: Vec::new(),
            actions: Vec::new(),
            origins: Vec::new(),
            leveling: None,
            skip_renewal_before_closure_years: None,
        }
    }

    /// The same scenario judged against another cap.
    pub fn with_cap(&self, cap: crate::money::Yen) -> Scenario {
        Scenario {
            plan: Plan {
                cap: Some(cap),
                ..self.plan
            },
            ..self.clone()
        }
    }

    /// The same scenario with renewal events moved (as leveling chooses them), after its own
    /// actions.
    pub(crate) fn with_shifts(
        &self,
        shifts: impl IntoIterator<Item = (usize, EventShift)>,
    ) -> Self {
        let mut out = self.clone();
        for (building, sh) in shifts {
            out.actions.push(Action::Shift {
                building,
                event: sh.event,
                from: sh.start,
                to: sh.to,
            });
            out.origins.push(None);
        }
        out
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its title for people (any language), if it has one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// What people call it: its title, else its name. Reports, workbooks and 施設カルテ show this
    /// in place of the name.
    pub fn display_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }

    /// The same scenario with only the actions `keep` accepts, for measuring what the others do
    /// ([`crate::ledger`]). Removing closing actions leaves a valid scenario: nothing an action
    /// checks depends on a facility closing, except that it may not close twice or act after it
    /// closed, which fewer closures cannot break; shifts and life extensions apply to buildings
    /// whatever closes.
    pub(crate) fn keeping_actions(&self, keep: impl Fn(&Action) -> bool) -> Scenario {
        let mut out = self.clone();
        let (actions, origins) = self
            .actions
            .iter()
            .zip(&self.origins)
            .filter(|(a, _)| keep(a))
            .map(|(a, o)| (a.clone(), o.clone()))
            .unzip();
        out.actions = actions;
        out.origins = origins;
        out
    }

    /// What it tests.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The inventory it applies to.
    pub fn inventory(&self) -> &Arc<Inventory> {
        &self.inventory
    }

    /// The cost model.
    pub fn model(&self) -> &Arc<CostModel> {
        &self.model
    }

    /// The plan (the one it started from, with the spec's changes).
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// The actions, in order (included files first, as written).
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Where action `k` was written, if it was read from a file.
    pub fn origin(&self, k: usize) -> Option<&Origin> {
        self.origins.get(k).and_then(Option::as_ref)
    }

    /// The facilities the scenario builds, in order.
    pub fn new_facilities(&self) -> &[NewFacility] {
        &self.new_facilities
    }

    /// Its facilities: the inventory's, then those it builds.
    pub fn facilities(&self) -> Facilities<'_> {
        Facilities {
            inventory: &self.inventory.facilities,
            new: &self.new_facilities,
        }
    }

    /// The facility at `f` (an index a checked action or a lowering gives).
    ///
    /// # Panics
    ///
    /// When `f` is not a facility of the scenario; the indices the scenario itself hands out always
    /// are.
    pub fn facility(&self, f: FacilityIdx) -> FacilityRef<'_> {
        match self.facilities().get(f) {
            Some(r) => r,
            None => panic!("{f:?} is not a facility of scenario {}", self.name),
        }
    }

    /// The number of facilities (inventory's and new).
    pub fn n_facilities(&self) -> usize {
        self.facilities().len()
    }

    /// The leveling policy, if any.
    pub fn leveling(&self) -> Option<Leveling> {
        self.leveling
    }

    /// The renewals not done before a facility closes: the scenario's own window
    /// (`skip_renewal_before_closure_years`, the same for rebuilds and renovations) if it sets one,
    /// else its cost model's (`[closure]`).
    pub fn skip_before_closure(&self) -> crate::cost::SkipBeforeClosure {
        match self.skip_renewal_before_closure_years {
            Some(n) => crate::cost::SkipBeforeClosure::both(n),
            None => self.model.closure,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

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
