//! A checked action: facilities by [`FacilityIdx`], buildings by position, years inside the plan,
//! amounts within bounds. What an action means (the year it takes effect, the facilities it closes
//! and opens, the buildings its rules cover) is answered here once, for the checks, the lowering
//! into costs and the access analysis alike.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::kind::ActionKind;
use crate::category::{Category, Structure};
use crate::cost::{EventKind, RenewalRules};
use crate::inventory::{Capacities, FacilityIdx};
use crate::units::FloorArea;

/// Which buildings a life extension covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every building.
    All,
    /// Buildings of one category.
    Category(Category),
    /// Buildings of one facility.
    Facility(FacilityIdx),
}

impl Scope {
    /// Whether it covers a building of `category` of `facility`.
    pub fn covers(&self, facility: FacilityIdx, category: Category) -> bool {
        match self {
            Scope::All => true,
            Scope::Category(c) => *c == category,
            Scope::Facility(f) => *f == facility,
        }
    }
}

/// For each building, the first of some scopes that covers it (by its facility and category), in
/// constant time: the life extension whose rules apply to a building is the first that covers it.
/// Values are added in increasing order (action positions, rule numbers), so the first added that
/// covers a building is the least.
#[derive(Clone, Debug)]
pub(crate) struct ScopeIndex<T> {
    all: Option<T>,
    by_category: HashMap<Category, T, foldhash::fast::FixedState>,
    by_facility: HashMap<FacilityIdx, T, foldhash::fast::FixedState>,
}

impl<T: Copy + Ord> ScopeIndex<T> {
    pub(crate) fn new() -> Self {
        ScopeIndex {
            all: None,
            by_category: HashMap::default(),
            by_facility: HashMap::default(),
        }
    }

    /// Adds a scope with its value (a later value for the same scope is not kept: the first wins).
    pub(crate) fn add(&mut self, scope: &Scope, value: T) {
        match scope {
            Scope::All => {
                self.all.get_or_insert(value);
            }
            Scope::Category(c) => {
                self.by_category.entry(*c).or_insert(value);
            }
            Scope::Facility(f) => {
                self.by_facility.entry(*f).or_insert(value);
            }
        }
    }

    /// The value of the first scope that covers a building of `category` of `facility`.
    pub(crate) fn first_covering(&self, facility: FacilityIdx, category: Category) -> Option<T> {
        [
            self.all,
            self.by_category.get(&category).copied(),
            self.by_facility.get(&facility).copied(),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}

/// A checked action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Close a facility: no more costs from `year`; demolition in `year` unless `demolish` is false;
    /// proceeds reported apart.
    Close {
        /// The facility.
        facility: FacilityIdx,
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
        facilities: Vec<FacilityIdx>,
        /// The receiver.
        into: FacilityIdx,
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
        /// The new facility.
        facility: FacilityIdx,
        /// Its floor area.
        area: FloorArea,
        /// Its structure.
        structure: Structure,
        /// The year it opens.
        year: i32,
        /// The facilities it replaces (they close in `year`).
        replaces: Vec<FacilityIdx>,
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
        facility: FacilityIdx,
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
    /// What it does.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Close { .. } => ActionKind::Close,
            Action::Merge { .. } => ActionKind::Merge,
            Action::Complex { .. } => ActionKind::Complex,
            Action::Transfer { .. } => ActionKind::Transfer,
            Action::Reduce { .. } => ActionKind::Reduce,
            Action::LifeExtension { .. } => ActionKind::LifeExtension,
            Action::Shift { .. } => ActionKind::Shift,
        }
    }

    /// The action's type as written in files.
    pub fn type_name(&self) -> &'static str {
        self.kind().key()
    }

    /// The year it takes effect: a shift's is the year its event was due; a life extension has
    /// none (it holds for the whole plan).
    pub fn year(&self) -> Option<i32> {
        match self {
            Action::Close { year, .. }
            | Action::Merge { year, .. }
            | Action::Complex { year, .. }
            | Action::Transfer { year, .. }
            | Action::Reduce { year, .. } => Some(*year),
            Action::Shift { from, .. } => Some(*from),
            Action::LifeExtension { .. } => None,
        }
    }

    /// The facilities whose costs it ends in [`Action::year`]: the one closed or transferred, those
    /// merged, those a complex replaces.
    pub fn closes(&self) -> &[FacilityIdx] {
        match self {
            Action::Close { facility, .. } | Action::Transfer { facility, .. } => {
                std::slice::from_ref(facility)
            }
            Action::Merge { facilities, .. } => facilities,
            Action::Complex { replaces, .. } => replaces,
            _ => &[],
        }
    }

    /// The facility it opens (a complex), in [`Action::year`].
    pub fn opens(&self) -> Option<FacilityIdx> {
        match self {
            Action::Complex { facility, .. } => Some(*facility),
            _ => None,
        }
    }

    /// The facility that takes the users and functions of those it closes: a merge's receiver, a
    /// complex; `None` when users go to the nearest facility offering their function (a closure, a
    /// transfer whose service stops) or stay (a transfer whose service goes on).
    pub fn receiver(&self) -> Option<FacilityIdx> {
        match self {
            Action::Merge { into, .. } => Some(*into),
            Action::Complex { facility, .. } => Some(*facility),
            _ => None,
        }
    }

    /// Whether the users of the facilities it closes must go elsewhere: all but a transfer whose
    /// service goes on privately.
    pub fn moves_users(&self) -> bool {
        !matches!(
            self,
            Action::Transfer {
                service_continues: true,
                ..
            }
        ) && !self.closes().is_empty()
    }

    /// The buildings whose renewal rules it switches, if it is a life extension.
    pub fn scope(&self) -> Option<&Scope> {
        match self {
            Action::LifeExtension { scope, .. } => Some(scope),
            _ => None,
        }
    }
}
