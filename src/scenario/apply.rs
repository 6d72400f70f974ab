//! Lowering a checked scenario into an aggregate: buildings into classes that close when their
//! facility closes (or lose the part a reduction removes), new buildings for complexes and
//! extensions, and the actions' own cash flows (demolition, construction, operating costs moved or
//! saved, proceeds) as items.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Action, Scenario, Scope};
use crate::category::{Category, Kind, Structure};
use crate::cost::renewal::Timing;
use crate::error::{Error, Result};
use crate::money::Overflow;
use crate::projection::{Aggregate, BuildingClass, EventShift, Item};
use crate::units::{AreaSum, FloorArea};

/// What an item of the aggregate is, for `explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemLabel {
    /// A facility's actual operating cost.
    Operating {
        /// The facility.
        facility: usize,
    },
    /// Demolition caused by an action.
    Demolition {
        /// The facility whose building is demolished.
        facility: usize,
        /// The action (position in [`Scenario::actions`]).
        action: usize,
    },
    /// Construction by an action.
    Construction {
        /// The facility built or extended.
        facility: usize,
        /// The action.
        action: usize,
    },
    /// Operating cost of floor area added by an action to a facility with an actual cost.
    AddedOperating {
        /// The facility.
        facility: usize,
        /// The action.
        action: usize,
    },
    /// Sale proceeds.
    Proceeds {
        /// The action.
        action: usize,
    },
}

/// What a building unit is, for `explain` (units are numbered from 1 when kept apart).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitLabel {
    /// The facility.
    pub facility: usize,
    /// The inventory building, or `None` for floor area the scenario builds.
    pub building: Option<usize>,
    /// For new floor area, the action that builds it.
    pub action: Option<usize>,
}

/// A facility closing, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closure {
    /// The facility.
    pub facility: usize,
    /// The year.
    pub year: i32,
    /// The action type that closes it.
    pub how: &'static str,
    /// The action (position in [`Scenario::actions`]).
    pub action: usize,
}

/// The effects of a scenario's actions, for reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effects {
    /// Facilities closed, in order of year.
    pub closures: Vec<Closure>,
    /// Floor area demolished.
    pub demolished_m2: AreaSum,
    /// Floor area built.
    pub built_m2: AreaSum,
    /// Floor area transferred to others.
    pub transferred_m2: AreaSum,
}

/// A lowered scenario.
#[derive(Clone, Debug)]
pub struct Lowered {
    /// What the projection prices.
    pub aggregate: Aggregate,
    /// What each item of the aggregate is.
    pub items: Vec<ItemLabel>,
    /// What each building unit is (`unit` − 1), when kept apart.
    pub units: Vec<UnitLabel>,
    /// The year each facility closes, if it does.
    pub closes: Vec<Option<i32>>,
    /// The actions' effects.
    pub effects: Effects,
}

pub(super) fn lower(s: &Scenario, per_building: bool) -> Result<Lowered> {
    let inv = &s.inventory;
    let model = &s.model;
    let n = inv.facilities.len();
    let mut agg = Aggregate {
        skip_renewal_before_closure_years: s.skip_renewal_before_closure_years,
        ..Aggregate::default()
    };
    let mut items = Vec::new();
    let mut units = Vec::new();
    let mut effects = Effects::default();
    let overflow = |what: &'static str| Error::overflow(&s.name, what);

    // When, how and by which action each facility closes.
    let mut closes: Vec<Option<(i32, bool, usize)>> = vec![None; s.n_facilities()];
    for (k, (_, a)) in s.actions.iter().enumerate() {
        let (list, year, demolish, how): (Vec<usize>, i32, bool, &'static str) = match a {
            Action::Close {
                facility,
                year,
                demolish,
                ..
            } => (vec![*facility], *year, *demolish, "close"),
            Action::Transfer { facility, year, .. } => (vec![*facility], *year, false, "transfer"),
            Action::Merge {
                facilities,
                year,
                demolish,
                ..
            } => (facilities.clone(), *year, *demolish, "merge"),
            Action::Complex {
                replaces,
                year,
                demolish,
                ..
            } => (replaces.clone(), *year, *demolish, "complex"),
            _ => continue,
        };
        for f in list {
            closes[f] = Some((year, demolish, k));
            effects.closures.push(super::apply::Closure {
                facility: f,
                year,
                how,
                action: k,
            });
        }
    }
    effects
        .closures
        .sort_by_key(|c| (c.year, c.action, c.facility));
    let close_year = |f: usize| closes[f].map(|c| c.0);

    // Renewal rules by scope, and shifts by building.
    let mut rules_of_scope: Vec<(&Scope, u16)> = Vec::new();
    for (_, a) in &s.actions {
        if let Action::LifeExtension { scope, rules, .. } = a {
            agg.alternate_rules.push(rules.as_ref().clone());
            rules_of_scope.push((scope, agg.alternate_rules.len() as u16));
        }
    }
    let rules_for = |facility: usize, category: Category| -> u16 {
        rules_of_scope
            .iter()
            .find(|(scope, _)| match scope {
                Scope::All => true,
                Scope::Category(c) => *c == category,
                Scope::Facility(f) => *f == facility,
            })
            .map_or(0, |(_, r)| *r)
    };
    let mut shifts: BTreeMap<usize, Vec<EventShift>> = BTreeMap::new();
    let mut reductions: BTreeMap<usize, Vec<(i32, FloorArea, usize)>> = BTreeMap::new();
    for (k, (_, a)) in s.actions.iter().enumerate() {
        match a {
            Action::Shift {
                building,
                event,
                from,
                to,
            } => shifts.entry(*building).or_default().push(EventShift {
                event: *event,
                start: *from,
                to: *to,
            }),
            Action::Reduce {
                building,
                area,
                year,
            } => reductions
                .entry(*building)
                .or_default()
                .push((*year, *area, k)),
            _ => {}
        }
    }
    for v in reductions.values_mut() {
        v.sort();
    }

    // The inventory's buildings.
    for (bi, b) in inv.buildings.iter().enumerate() {
        let f = b.facility;
        let facility = &inv.facilities[f];
        let unit = if per_building {
            units.push(UnitLabel {
                facility: f,
                building: Some(bi),
                action: None,
            });
            units.len() as u32
        } else {
            0
        };
        let shift = match shifts.get(&bi) {
            Some(v) => {
                agg.shifts.push(v.clone());
                agg.shifts.len() as u32
            }
            None => 0,
        };
        let class = BuildingClass {
            category: b.category,
            timing: Timing {
                built: b.built.get(),
                renovated: b.renovated.map(|r| r.get()),
            },
            has_actual_operating: facility.operating_yen.is_some(),
            closes: close_year(f),
            rules: rules_for(f, b.category),
            shift,
            unit,
            condition: crate::projection::surveyed(b.condition, b.survey_year, b.built),
            structure: b.structure,
        };
        let mut remaining = i128::from(b.floor_area.units());
        for &(year, area, _) in reductions.get(&bi).map(Vec::as_slice).unwrap_or(&[]) {
            let part = BuildingClass {
                closes: Some(close_year(f).map_or(year, |c| c.min(year))),
                ..class
            };
            agg.classes.entry(part).or_default().add(area);
            remaining -= i128::from(area.units());
        }
        agg.classes
            .entry(class)
            .or_default()
            .add_sum(AreaSum::from_units(remaining));
        agg.n_buildings += 1;
    }

    // Actual operating costs of the inventory's facilities, until they close.
    for (f, facility) in inv.facilities.iter().enumerate() {
        if let Some(yen) = facility.operating_yen {
            agg.items.push(Item::Yearly {
                category: facility.category,
                kind: Kind::Operating,
                from: crate::projection::opening_year(inv, f),
                until: close_year(f),
                yen,
            });
            items.push(ItemLabel::Operating { facility: f });
        }
    }

    // The actions' own cash flows.
    let demolition_rate = |st: Structure| model.demolition_yen_per_m2[st.index()];
    for (k, (_, a)) in s.actions.iter().enumerate() {
        match a {
            Action::Close {
                facility,
                year,
                demolish,
                proceeds,
            } => {
                if *demolish {
                    demolish_facility(
                        s,
                        *facility,
                        *year,
                        k,
                        &reductions,
                        &mut agg,
                        &mut items,
                        &mut effects,
                        &demolition_rate,
                    )
                    .map_err(overflow("demolition"))?;
                }
                proceeds_item(*proceeds, *year, k, &mut agg, &mut items);
            }
            Action::Transfer {
                facility,
                year,
                proceeds,
                ..
            } => {
                for b in inv
                    .buildings
                    .iter()
                    .filter(|b| b.facility == *facility && b.built.get() <= *year)
                {
                    effects.transferred_m2.add(b.floor_area);
                }
                proceeds_item(*proceeds, *year, k, &mut agg, &mut items);
            }
            Action::Merge {
                facilities,
                into,
                year,
                demolish,
                added_area,
                construction_years,
                proceeds,
                ..
            } => {
                if *demolish {
                    for &f in facilities {
                        demolish_facility(
                            s,
                            f,
                            *year,
                            k,
                            &reductions,
                            &mut agg,
                            &mut items,
                            &mut effects,
                            &demolition_rate,
                        )
                        .map_err(overflow("demolition"))?;
                    }
                }
                proceeds_item(*proceeds, *year, k, &mut agg, &mut items);
                if let Some(area) = added_area {
                    let category = s.facility_category(*into);
                    let has_actual = facility_operating(s, *into).is_some();
                    new_floor_area(
                        s,
                        *into,
                        category,
                        building_structure(s, *into),
                        *area,
                        *year,
                        *construction_years,
                        has_actual,
                        close_year(*into),
                        k,
                        per_building,
                        &mut agg,
                        &mut items,
                        &mut units,
                        &mut effects,
                        &rules_for,
                    )
                    .map_err(overflow("construction"))?;
                    if has_actual {
                        let rate = model.operating.yen_per_m2[category.index()];
                        let yen = rate
                            .checked_mul(area.to_decimal())
                            .ok_or(Overflow)
                            .map_err(overflow("operating"))?;
                        agg.items.push(Item::Yearly {
                            category,
                            kind: Kind::Operating,
                            from: *year,
                            until: close_year(*into),
                            yen,
                        });
                        items.push(ItemLabel::AddedOperating {
                            facility: *into,
                            action: k,
                        });
                    }
                }
            }
            Action::Complex {
                facility,
                area,
                structure,
                year,
                replaces,
                demolish,
                construction_years,
                proceeds,
            } => {
                if *demolish {
                    for &f in replaces {
                        demolish_facility(
                            s,
                            f,
                            *year,
                            k,
                            &reductions,
                            &mut agg,
                            &mut items,
                            &mut effects,
                            &demolition_rate,
                        )
                        .map_err(overflow("demolition"))?;
                    }
                }
                proceeds_item(*proceeds, *year, k, &mut agg, &mut items);
                let nf = &s.new_facilities[*facility - n];
                new_floor_area(
                    s,
                    *facility,
                    nf.category,
                    *structure,
                    *area,
                    *year,
                    *construction_years,
                    nf.operating_yen.is_some(),
                    close_year(*facility),
                    k,
                    per_building,
                    &mut agg,
                    &mut items,
                    &mut units,
                    &mut effects,
                    &rules_for,
                )
                .map_err(overflow("construction"))?;
                if let Some(yen) = nf.operating_yen {
                    agg.items.push(Item::Yearly {
                        category: nf.category,
                        kind: Kind::Operating,
                        from: *year,
                        until: close_year(*facility),
                        yen,
                    });
                    items.push(ItemLabel::Operating {
                        facility: *facility,
                    });
                }
            }
            Action::Reduce {
                building,
                area,
                year,
            } => {
                let b = &inv.buildings[*building];
                let yen = demolition_rate(b.structure)
                    .checked_mul(area.to_decimal())
                    .ok_or(Overflow)
                    .map_err(overflow("demolition"))?;
                agg.items.push(Item::Once {
                    category: b.category,
                    kind: Kind::Demolition,
                    year: *year,
                    yen,
                });
                items.push(ItemLabel::Demolition {
                    facility: b.facility,
                    action: k,
                });
                effects.demolished_m2.add(*area);
            }
            Action::LifeExtension { .. } | Action::Shift { .. } => {}
        }
    }
    Ok(Lowered {
        aggregate: agg,
        items,
        units,
        closes: closes.iter().map(|c| c.map(|c| c.0)).collect(),
        effects,
    })
}

/// The structure of a facility's largest building (RC for a new facility or one without buildings).
fn building_structure(s: &Scenario, f: usize) -> Structure {
    s.inventory
        .buildings
        .iter()
        .filter(|b| b.facility == f)
        .max_by_key(|b| b.floor_area)
        .map_or(Structure::Rc, |b| b.structure)
}

fn facility_operating(s: &Scenario, f: usize) -> Option<Decimal> {
    let n = s.inventory.facilities.len();
    if f < n {
        s.inventory.facilities[f].operating_yen
    } else {
        s.new_facilities[f - n].operating_yen
    }
}

fn proceeds_item(
    yen: Decimal,
    year: i32,
    action: usize,
    agg: &mut Aggregate,
    items: &mut Vec<ItemLabel>,
) {
    if !yen.is_zero() {
        agg.items.push(Item::Proceeds { year, yen });
        items.push(ItemLabel::Proceeds { action });
    }
}

/// Demolition of a facility's buildings standing in `year` (what is left of them after reductions).
#[allow(clippy::too_many_arguments)]
fn demolish_facility(
    s: &Scenario,
    f: usize,
    year: i32,
    action: usize,
    reductions: &BTreeMap<usize, Vec<(i32, FloorArea, usize)>>,
    agg: &mut Aggregate,
    items: &mut Vec<ItemLabel>,
    effects: &mut Effects,
    rate: &dyn Fn(Structure) -> Decimal,
) -> std::result::Result<(), Overflow> {
    if f >= s.inventory.facilities.len() {
        return Ok(()); // a complex closed later: its floor area is demolished as its own building
    }
    for (bi, b) in s.inventory.buildings.iter().enumerate() {
        if b.facility != f || b.built.get() > year {
            continue;
        }
        let removed: i64 = reductions
            .get(&bi)
            .map(|v| {
                v.iter()
                    .filter(|(y, _, _)| *y <= year)
                    .map(|(_, a, _)| a.units())
                    .sum()
            })
            .unwrap_or(0);
        let left = FloorArea::from_units(b.floor_area.units() - removed);
        let yen = rate(b.structure)
            .checked_mul(left.to_decimal())
            .ok_or(Overflow)?;
        agg.items.push(Item::Once {
            category: b.category,
            kind: Kind::Demolition,
            year,
            yen,
        });
        items.push(ItemLabel::Demolition {
            facility: f,
            action,
        });
        effects.demolished_m2.add(left);
    }
    Ok(())
}

/// Floor area built by an action: a new building class, and its construction cost spread over the
/// years ending in the opening year.
#[allow(clippy::too_many_arguments)]
fn new_floor_area(
    s: &Scenario,
    facility: usize,
    category: Category,
    structure: Structure,
    area: FloorArea,
    year: i32,
    construction_years: u32,
    has_actual_operating: bool,
    closes: Option<i32>,
    action: usize,
    per_building: bool,
    agg: &mut Aggregate,
    items: &mut Vec<ItemLabel>,
    units: &mut Vec<UnitLabel>,
    effects: &mut Effects,
    rules_for: &dyn Fn(usize, Category) -> u16,
) -> std::result::Result<(), Overflow> {
    let unit = if per_building {
        units.push(UnitLabel {
            facility,
            building: None,
            action: Some(action),
        });
        units.len() as u32
    } else {
        0
    };
    let class = BuildingClass {
        category,
        timing: Timing {
            built: year,
            renovated: None,
        },
        has_actual_operating,
        closes,
        rules: rules_for(facility, category),
        shift: 0,
        unit,
        condition: None,
        structure,
    };
    agg.classes.entry(class).or_default().add(area);
    agg.n_buildings += 1;
    effects.built_m2.add(area);
    let total = s.model.construction_yen_per_m2[category.index()]
        .checked_mul(area.to_decimal())
        .ok_or(Overflow)?;
    let yearly = total
        .checked_div(Decimal::from(construction_years))
        .ok_or(Overflow)?;
    for k in 0..construction_years as i32 {
        agg.items.push(Item::Once {
            category,
            kind: Kind::Construction,
            year: year - (construction_years as i32 - 1) + k,
            yen: yearly,
        });
        items.push(ItemLabel::Construction { facility, action });
    }
    Ok(())
}
