//! What drives the cost: which buildings, facilities and actions make up a scenario's cost, for one
//! fiscal year ([`explain`], largest first) or for every year by facility ([`by_facility`], the long
//! table auditors pivot). The amounts come from the same engine as the projection (a traced run with
//! every building kept apart), so they add up to the projection's totals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::category::{Category, Kind, N_KINDS};
use crate::error::{Error, Result};
use crate::money::Yen;
use crate::projection::{Projection, Source, project_traced};
use crate::scenario::{FacilityIdx, ItemLabel, Lowered, Scenario};

/// Who an amount of a traced run belongs to. The order is the order of ties in [`explain`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Owner {
    /// Floor area not kept apart (does not occur when lowered per building).
    Pool,
    /// A building unit (`unit` of its class, 1-based into [`Lowered::units`]).
    Unit(u32),
    /// An item of the aggregate.
    Item(usize),
    /// An infrastructure asset.
    Infrastructure(usize),
}

/// Adds an amount of a traced run to a sum of some of its amounts. Such a sum is at most the
/// projection's total; one that leaves the exact range means the total does too, and the traced
/// run then returns that error (naming the key) instead of a projection, so the sum is never used.
fn add(sum: &mut Decimal, amount: Decimal) {
    if let Some(v) = sum.checked_add(amount) {
        *sum = v;
    }
}

/// Runs the scenario with every building kept apart and tells `f` the owner of every amount.
pub(crate) fn attribute(
    s: &Scenario,
    lowered: &Lowered,
    f: &mut dyn FnMut(Owner, usize, Kind, Category, Decimal),
) -> Result<Projection> {
    project_traced(
        s.name(),
        s.model(),
        s.plan(),
        &lowered.aggregate,
        &mut |src, i, kind, cat, amount| {
            let owner = match src {
                Source::Class(class, _) | Source::Condition(class, _) if class.unit > 0 => {
                    Owner::Unit(class.unit)
                }
                Source::Class(..) | Source::Condition(..) => Owner::Pool,
                Source::Item(n) => Owner::Item(n),
                Source::Infrastructure(n) => Owner::Infrastructure(n),
            };
            f(owner, i, kind, cat, amount);
        },
    )
}

/// The facility an owner belongs to, if it is one.
fn facility_of(lowered: &Lowered, owner: Owner) -> Option<FacilityIdx> {
    match owner {
        Owner::Unit(u) => Some(lowered.units[u as usize - 1].facility),
        Owner::Item(n) => match &lowered.items[n] {
            ItemLabel::Operating { facility }
            | ItemLabel::Demolition { facility, .. }
            | ItemLabel::Construction { facility, .. }
            | ItemLabel::AddedOperating { facility, .. } => Some(*facility),
            ItemLabel::Proceeds { .. } => None,
        },
        Owner::Pool | Owner::Infrastructure(_) => None,
    }
}

/// An action as people find it: its type, file and line.
fn describe_action(s: &Scenario, k: usize) -> String {
    let kind = s.actions()[k].kind();
    let Some(o) = s.origin(k) else {
        return format!("{kind} actions[{k}]");
    };
    let file = std::path::Path::new(&o.file)
        .file_name()
        .map_or(o.file.clone(), |n| n.to_string_lossy().into_owned());
    match o.line {
        Some(l) => format!("{kind} {file}:{l}"),
        None => format!("{kind} {file}"),
    }
}

/// What an owner is and where it comes from.
fn describe(s: &Scenario, lowered: &Lowered, owner: Owner) -> (What, String) {
    let inv = s.inventory();
    let name = |f: FacilityIdx| s.facility(f).name().to_string();
    match owner {
        Owner::Unit(u) => {
            let u = &lowered.units[u as usize - 1];
            match u.building {
                Some(b) => {
                    let b = &inv.buildings[b];
                    (
                        What::Building {
                            facility: name(u.facility),
                            building: b.name.clone(),
                        },
                        b.id.clone(),
                    )
                }
                None => (
                    What::NewFloorArea {
                        facility: name(u.facility),
                    },
                    u.action.map(|a| describe_action(s, a)).unwrap_or_default(),
                ),
            }
        }
        Owner::Pool => (What::Buildings, String::new()),
        Owner::Item(n) => match &lowered.items[n] {
            ItemLabel::Operating { facility } => (
                What::Operating {
                    facility: name(*facility),
                },
                s.facility(*facility).id().to_string(),
            ),
            ItemLabel::Demolition { facility, action } => (
                What::Demolition {
                    facility: name(*facility),
                },
                describe_action(s, *action),
            ),
            ItemLabel::Construction { facility, action } => (
                What::Construction {
                    facility: name(*facility),
                },
                describe_action(s, *action),
            ),
            ItemLabel::AddedOperating { facility, action } => (
                What::AddedOperating {
                    facility: name(*facility),
                },
                describe_action(s, *action),
            ),
            ItemLabel::Proceeds { action } => (What::Proceeds, describe_action(s, *action)),
        },
        Owner::Infrastructure(n) => {
            let asset = &inv.infrastructure[n];
            (
                What::Infrastructure {
                    name: asset.name.clone(),
                    category: asset.asset.category,
                },
                asset.id.clone(),
            )
        }
    }
}

/// What a contributor is: a facility's building, or a cost an action or the inventory adds. Words
/// for people in either language come from [`What::en`] and [`What::ja`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A building of a facility.
    Building {
        /// The facility's name.
        facility: String,
        /// The building's name.
        building: String,
    },
    /// Floor area a scenario adds to (or builds as) a facility.
    NewFloorArea {
        /// The facility's name.
        facility: String,
    },
    /// A facility's actual operating cost.
    Operating {
        /// The facility's name.
        facility: String,
    },
    /// Demolition caused by an action.
    Demolition {
        /// The facility's name.
        facility: String,
    },
    /// Construction by an action.
    Construction {
        /// The facility's name.
        facility: String,
    },
    /// Operating cost of floor area an action adds to a facility with an actual cost.
    AddedOperating {
        /// The facility's name.
        facility: String,
    },
    /// Sale proceeds.
    Proceeds,
    /// An infrastructure asset.
    Infrastructure {
        /// The asset's name.
        name: String,
        /// Its category.
        category: Category,
    },
    /// Floor area not kept apart (does not occur when lowered per building).
    Buildings,
}

impl What {
    /// In English.
    pub fn en(&self) -> String {
        self.words(&EN_WORDS, Category::name_en)
    }

    /// In Japanese.
    pub fn ja(&self) -> String {
        self.words(&JA_WORDS, Category::name_ja)
    }

    fn words(&self, w: &WhatWords, category: fn(Category) -> &'static str) -> String {
        match self {
            What::Building { facility, building } => format!("{facility} · {building}"),
            What::NewFloorArea { facility } => format!("{facility} · {}", w.new_floor_area),
            What::Operating { facility } => format!("{facility} · {}", w.operating),
            What::Demolition { facility } => format!("{facility} · {}", w.demolition),
            What::Construction { facility } => format!("{facility} · {}", w.construction),
            What::AddedOperating { facility } => format!("{facility} · {}", w.added_operating),
            What::Proceeds => w.proceeds.to_string(),
            What::Infrastructure { name, category: c } => format!("{name} ({})", category(*c)),
            What::Buildings => w.buildings.to_string(),
        }
    }
}

struct WhatWords {
    new_floor_area: &'static str,
    operating: &'static str,
    demolition: &'static str,
    construction: &'static str,
    added_operating: &'static str,
    proceeds: &'static str,
    buildings: &'static str,
}

const EN_WORDS: WhatWords = WhatWords {
    new_floor_area: "new floor area",
    operating: "operating (actual)",
    demolition: "demolition",
    construction: "construction",
    added_operating: "operating of added floor area",
    proceeds: "proceeds",
    buildings: "buildings",
};

const JA_WORDS: WhatWords = WhatWords {
    new_floor_area: "新設・増築の床面積",
    operating: "運営費(実績)",
    demolition: "解体",
    construction: "建設",
    added_operating: "増床分の運営費",
    proceeds: "売却収入",
    buildings: "建物",
};

/// One contributor to a year's cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contributor {
    /// What it is: a facility's building, or a cost an action adds.
    pub what: What,
    /// Where it comes from: a building id, an action's file and line, or an asset.
    pub source: String,
    /// Its category.
    pub category: Category,
    /// Amounts by kind (in [`crate::category::ALL_KINDS`] order).
    pub kinds: [Decimal; N_KINDS],
}

impl Contributor {
    /// Its total.
    pub fn total(&self) -> Yen {
        Yen::new(self.kinds.iter().sum())
    }
}

/// The make-up of one year's cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The scenario.
    pub scenario: String,
    /// The fiscal year.
    pub year: i32,
    /// The year's total.
    pub total: Yen,
    /// The plan's cap, if any.
    pub cap: Option<Yen>,
    /// Contributors, largest first (ties in a fixed order).
    pub contributors: Vec<Contributor>,
}

/// Explains fiscal year `year` of a scenario (as run: pass the scenario of a run's outcome to include
/// the shifts leveling chose).
///
/// # Errors
///
/// [`Error::YearOutsidePlan`] when the year is outside the plan; [`Error::Overflow`] for absurd amounts.
pub fn explain(s: &Scenario, year: i32) -> Result<Explanation> {
    let h = s.plan().horizon;
    let Some(target) = h.index(year) else {
        return Err(Error::YearOutsidePlan {
            scenario: s.name().to_string(),
            year,
            first: h.first(),
            last: h.last(),
        });
    };
    let lowered = s.lower(true)?;
    let mut rows: BTreeMap<Owner, (Category, [Decimal; N_KINDS])> = BTreeMap::new();
    let p = attribute(s, &lowered, &mut |owner, i, kind, cat, amount| {
        if i == target {
            let row = rows.entry(owner).or_insert((cat, [Decimal::ZERO; N_KINDS]));
            add(&mut row.1[kind.index()], amount);
        }
    })?;
    let mut contributors: Vec<Contributor> = rows
        .into_iter()
        .map(|(owner, (category, kinds))| {
            let (what, source) = describe(s, &lowered, owner);
            Contributor {
                what,
                source,
                category,
                kinds,
            }
        })
        .filter(|c| !c.total().is_zero())
        .collect();
    contributors.sort_by_key(|c| std::cmp::Reverse(c.total()));
    Ok(Explanation {
        scenario: s.name().to_string(),
        year,
        total: p.year_total(target),
        cap: s.plan().cap,
        contributors,
    })
}

/// Explains the peak year of every run of a batch that succeeded, in the batch's order (in parallel).
///
/// # Errors
///
/// As [`explain`].
pub fn peak_years(items: &[crate::run::BatchItem]) -> Result<Vec<Explanation>> {
    use rayon::prelude::*;
    items
        .par_iter()
        .filter_map(|i| i.result.as_ref().ok())
        .map(|o| explain(&o.scenario, o.projection.peak().0))
        .collect()
}

/// A scenario's cost by facility, kind and fiscal year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacilityCosts {
    /// The scenario.
    pub scenario: String,
    /// The first fiscal year of the plan.
    pub first_year: i32,
    /// The number of years.
    pub years: usize,
    /// Facilities (in inventory order, then the scenario's new ones), then infrastructure assets;
    /// only those with a cost.
    pub rows: Vec<FacilityRow>,
}

/// One facility's (or infrastructure asset's) cost in one category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacilityRow {
    /// The facility's (or asset's) id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The category its amounts are charged to (its buildings' category, which is the
    /// facility's unless a building sets its own).
    pub category: Category,
    /// Amounts by year (position in the plan) and kind ([`crate::category::ALL_KINDS`] order).
    pub amounts: Vec<[Decimal; N_KINDS]>,
}

/// Every facility's cost in every year of a scenario, by kind (as run: pass the scenario of a run's
/// outcome to include the shifts leveling chose). The rows add up to the projection, year by year
/// and kind by kind.
///
/// # Errors
///
/// [`Error::Overflow`] for absurd amounts.
pub fn by_facility(s: &Scenario) -> Result<FacilityCosts> {
    let lowered = s.lower(true)?;
    let n_years = s.plan().horizon.years() as usize;
    let n_fac = s.n_facilities();
    let n_infra = s.inventory().infrastructure.len();
    // Facilities, then assets, then one row for floor area not kept apart (never, in practice);
    // each by the category its amounts are charged to (a facility whose buildings are of several
    // categories has a row for each, so that its amounts pivot by category as the projection's).
    let mut amounts: BTreeMap<(usize, Category), Vec<[Decimal; N_KINDS]>> = BTreeMap::new();
    attribute(s, &lowered, &mut |owner, i, kind, cat, amount| {
        let slot = match (facility_of(&lowered, owner), owner) {
            (Some(f), _) => f.index(),
            (None, Owner::Infrastructure(n)) => n_fac + n,
            _ => n_fac + n_infra,
        };
        let row = amounts
            .entry((slot, cat))
            .or_insert_with(|| vec![[Decimal::ZERO; N_KINDS]; n_years]);
        add(&mut row[i][kind.index()], amount);
    })?;
    let rows = amounts
        .into_iter()
        .map(|((slot, category), amounts)| {
            let (id, name) = if slot < n_fac {
                let f = s.facility(FacilityIdx::new(slot));
                (f.id().to_string(), f.name().to_string())
            } else if slot < n_fac + n_infra {
                let a = &s.inventory().infrastructure[slot - n_fac];
                (a.id.clone(), a.name.clone())
            } else {
                (String::new(), "buildings".to_string())
            };
            FacilityRow {
                id,
                name,
                category,
                amounts,
            }
        })
        .collect();
    Ok(FacilityCosts {
        scenario: s.name().to_string(),
        first_year: s.plan().horizon.first().get(),
        years: n_years,
        rows,
    })
}

/// One cost of a facility: a fiscal year (position in the plan), a kind
/// ([`crate::category::ALL_KINDS`] position) and an amount, yen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FacilityCell {
    /// The year's position in the plan.
    pub year: u16,
    /// The kind's position in [`crate::category::ALL_KINDS`].
    pub kind: u8,
    /// The amount, yen (exact, or as printed once apportioned).
    pub amount: Decimal,
}

/// Whose costs a row of [`SparseFacilityCosts`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOwner {
    /// A facility of the scenario.
    Facility(FacilityIdx),
    /// An infrastructure asset (position in the inventory's assets).
    Infrastructure(usize),
    /// Floor area not kept apart (never, in practice).
    Unkept,
}

/// One facility's (or asset's) costs in one category, only the years and kinds with a cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SparseFacilityRow {
    /// Whose costs these are (its id and name: [`SparseFacilityCosts::label`]).
    pub owner: RowOwner,
    /// The category its amounts are charged to.
    pub category: Category,
    /// The costs, by year then kind, none zero.
    pub cells: Vec<FacilityCell>,
}

/// [`FacilityCosts`] kept sparse, for national inventories: a facility has a cost in a few of the
/// years and kinds, so only those are kept (about 20 bytes each, where every year and kind take
/// 16 bytes each in [`FacilityCosts`]), and ids and names are read from the scenario when written.
/// The same rows in the same order, and the same exact amounts, as [`by_facility`].
#[derive(Clone, Debug)]
pub struct SparseFacilityCosts<'s> {
    scenario: &'s Scenario,
    /// The first fiscal year of the plan.
    pub first_year: i32,
    /// The number of years.
    pub years: usize,
    /// The rows, as [`FacilityCosts::rows`].
    pub rows: Vec<SparseFacilityRow>,
}

impl<'s> SparseFacilityCosts<'s> {
    /// The scenario's name.
    pub fn scenario_name(&self) -> &'s str {
        self.scenario.name()
    }

    /// The id and name of a row's facility or asset.
    pub fn label(&self, owner: RowOwner) -> (&'s str, &'s str) {
        match owner {
            RowOwner::Facility(f) => {
                let f = self.scenario.facility(f);
                (f.id(), f.name())
            }
            RowOwner::Infrastructure(n) => {
                let a = &self.scenario.inventory().infrastructure[n];
                (a.id.as_str(), a.name.as_str())
            }
            RowOwner::Unkept => ("", "buildings"),
        }
    }
}

/// Adds an amount of year `i` (position in the plan) and `kind` to a facility's costs, kept by year
/// then kind.
pub(crate) fn add_cell(cells: &mut Vec<FacilityCell>, i: usize, kind: Kind, amount: Decimal) {
    // A plan has at most `plan::MAX_YEARS` (200) years and eight kinds: both fit their fields.
    let key = (i as u16, kind.index() as u8);
    let at = match cells.binary_search_by_key(&key, |c| (c.year, c.kind)) {
        Ok(at) => at,
        Err(at) => {
            cells.insert(
                at,
                FacilityCell {
                    year: key.0,
                    kind: key.1,
                    amount: Decimal::ZERO,
                },
            );
            at
        }
    };
    add(&mut cells[at].amount, amount);
}

/// [`by_facility`], kept sparse ([`SparseFacilityCosts`]).
///
/// # Errors
///
/// [`Error::Overflow`] for absurd amounts.
pub fn by_facility_sparse(s: &Scenario) -> Result<SparseFacilityCosts<'_>> {
    let lowered = s.lower(true)?;
    let n_years = s.plan().horizon.years() as usize;
    let n_fac = s.n_facilities();
    let n_infra = s.inventory().infrastructure.len();
    // As in `by_facility`: the same slots, the same sums in the same order.
    let mut amounts: BTreeMap<(usize, Category), Vec<FacilityCell>> = BTreeMap::new();
    attribute(s, &lowered, &mut |owner, i, kind, cat, amount| {
        let slot = match (facility_of(&lowered, owner), owner) {
            (Some(f), _) => f.index(),
            (None, Owner::Infrastructure(n)) => n_fac + n,
            _ => n_fac + n_infra,
        };
        add_cell(amounts.entry((slot, cat)).or_default(), i, kind, amount);
    })?;
    let rows = amounts
        .into_iter()
        .map(|((slot, category), mut cells)| {
            cells.retain(|c| !c.amount.is_zero());
            cells.shrink_to_fit();
            let owner = if slot < n_fac {
                RowOwner::Facility(FacilityIdx::new(slot))
            } else if slot < n_fac + n_infra {
                RowOwner::Infrastructure(slot - n_fac)
            } else {
                RowOwner::Unkept
            };
            SparseFacilityRow {
                owner,
                category,
                cells,
            }
        })
        .collect();
    Ok(SparseFacilityCosts {
        scenario: s,
        first_year: s.plan().horizon.first().get(),
        years: n_years,
        rows,
    })
}

/// The kind that dominates a contributor (for one-word summaries).
pub fn main_kind(c: &Contributor) -> Kind {
    let mut best = Kind::Operating;
    for k in crate::category::ALL_KINDS {
        if c.kinds[k.index()] > c.kinds[best.index()] {
            best = k;
        }
    }
    best
}
