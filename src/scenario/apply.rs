//! Lowering a checked scenario into an aggregate: buildings into classes that close when their
//! facility closes (or lose the part a reduction removes), new buildings for complexes and
//! extensions, and the actions' own cash flows (demolition, construction, operating costs moved or
//! saved, proceeds) as items.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::action::ScopeIndex;
use super::{Action, ActionKind, FacilityIdx, Scenario};
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
        facility: FacilityIdx,
    },
    /// Demolition caused by an action.
    Demolition {
        /// The facility whose building is demolished.
        facility: FacilityIdx,
        /// The action (position in [`Scenario::actions`]).
        action: usize,
    },
    /// Construction by an action.
    Construction {
        /// The facility built or extended.
        facility: FacilityIdx,
        /// The action.
        action: usize,
    },
    /// Operating cost of floor area added by an action to a facility with an actual cost.
    AddedOperating {
        /// The facility.
        facility: FacilityIdx,
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
    pub facility: FacilityIdx,
    /// The inventory building, or `None` for floor area the scenario builds.
    pub building: Option<usize>,
    /// For new floor area, the action that builds it.
    pub action: Option<usize>,
}

/// A facility closing, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closure {
    /// The facility.
    pub facility: FacilityIdx,
    /// The year.
    pub year: i32,
    /// The kind of action that closes it.
    pub how: ActionKind,
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
    /// The year each facility closes, if it does (by [`FacilityIdx`]).
    pub closes: Vec<Option<i32>>,
    /// The actions' effects.
    pub effects: Effects,
}

pub(super) fn lower(s: &Scenario, per_building: bool) -> Result<Lowered> {
    let mut l = Lowering::new(s, per_building);
    l.buildings();
    l.actual_operating();
    for (k, a) in s.actions().iter().enumerate() {
        l.action(k, a)?;
    }
    l.agg.classes = std::mem::take(&mut l.classes).into_iter().collect();
    Ok(Lowered {
        aggregate: l.agg,
        items: l.items,
        units: l.units,
        closes: l.closes,
        effects: l.effects,
    })
}

/// The state of one lowering: what the scenario's actions decide (closing years, renewal rules,
/// reductions), and the aggregate being built with its labels. `items[i]` labels `agg.items[i]`,
/// and `units[u - 1]` labels unit `u`: [`Lowering::item`] and [`Lowering::unit`] keep them in step.
struct Lowering<'s> {
    s: &'s Scenario,
    per_building: bool,
    /// The year each facility closes, if it does.
    closes: Vec<Option<i32>>,
    /// Alternate renewal rules (1-based into `agg.alternate_rules`) by the scope they apply to;
    /// the first that covers a building wins.
    rules_of_scope: ScopeIndex<u16>,
    /// Floor area removed from a building, by building: (year, area), in order of year.
    reductions: BTreeMap<usize, Vec<(i32, FloorArea)>>,
    /// Floor area the scenario builds, by facility: (year built, area, structure), so that it is
    /// demolished with the facility's own buildings.
    built: BTreeMap<FacilityIdx, Vec<(i32, FloorArea, Structure)>>,
    agg: Aggregate,
    /// Floor area by class, summed in any order (sums of integers), put in class order at the end.
    classes: HashMap<BuildingClass, AreaSum, foldhash::fast::FixedState>,
    items: Vec<ItemLabel>,
    units: Vec<UnitLabel>,
    effects: Effects,
}

impl<'s> Lowering<'s> {
    fn new(s: &'s Scenario, per_building: bool) -> Self {
        let mut l = Lowering {
            s,
            per_building,
            closes: vec![None; s.n_facilities()],
            rules_of_scope: ScopeIndex::new(),
            reductions: BTreeMap::new(),
            built: BTreeMap::new(),
            agg: Aggregate {
                skip_before_closure: s.skip_before_closure(),
                ..Aggregate::default()
            },
            classes: HashMap::default(),
            items: Vec::new(),
            units: Vec::new(),
            effects: Effects::default(),
        };
        // When, how and by which action each facility closes.
        for (k, a) in s.actions().iter().enumerate() {
            let Some(year) = a.year() else { continue };
            for &f in a.closes() {
                l.closes[f.index()] = Some(year);
                l.effects.closures.push(Closure {
                    facility: f,
                    year,
                    how: a.kind(),
                    action: k,
                });
            }
        }
        l.effects
            .closures
            .sort_by_key(|c| (c.year, c.action, c.facility));
        // Renewal rules by scope, and reductions by building.
        for a in s.actions() {
            match a {
                Action::LifeExtension { scope, rules, .. } => {
                    l.agg.alternate_rules.push(rules.as_ref().clone());
                    l.rules_of_scope
                        .add(scope, l.agg.alternate_rules.len() as u16);
                }
                Action::Reduce {
                    building,
                    area,
                    year,
                } => l
                    .reductions
                    .entry(*building)
                    .or_default()
                    .push((*year, *area)),
                Action::Merge {
                    into,
                    year,
                    added_area: Some(area),
                    ..
                } => l.built.entry(*into).or_default().push((
                    *year,
                    *area,
                    building_structure(s, *into),
                )),
                Action::Complex {
                    facility,
                    area,
                    structure,
                    year,
                    ..
                } => l
                    .built
                    .entry(*facility)
                    .or_default()
                    .push((*year, *area, *structure)),
                _ => {}
            }
        }
        for v in l.reductions.values_mut() {
            v.sort();
        }
        l
    }

    fn close_year(&self, facility: FacilityIdx) -> Option<i32> {
        self.closes[facility.index()]
    }

    /// The renewal rules of a facility's buildings of a category (0: the model's own).
    fn rules_for(&self, facility: FacilityIdx, category: Category) -> u16 {
        self.rules_of_scope
            .first_covering(facility, category)
            .unwrap_or(0)
    }

    /// Adds an item of the aggregate with its label.
    fn item(&mut self, item: Item, label: ItemLabel) {
        self.agg.items.push(item);
        self.items.push(label);
    }

    /// A new building unit when units are kept apart (its number from 1), or 0.
    fn unit(&mut self, label: UnitLabel) -> u32 {
        if self.per_building {
            self.units.push(label);
            self.units.len() as u32
        } else {
            0
        }
    }

    fn overflow(&self, what: crate::messages::Id) -> impl FnOnce(Overflow) -> Error + '_ {
        Error::overflow(self.s.name(), what.into())
    }

    /// The inventory's buildings, as classes that close with their facility (less the parts
    /// reductions remove, each closing in its own year).
    fn buildings(&mut self) {
        let s = self.s;
        let inv = s.inventory();
        let mut shifts: BTreeMap<usize, Vec<EventShift>> = BTreeMap::new();
        for a in s.actions() {
            if let Action::Shift {
                building,
                event,
                from,
                to,
            } = a
            {
                shifts.entry(*building).or_default().push(EventShift {
                    event: *event,
                    start: *from,
                    to: *to,
                });
            }
        }
        for (bi, b) in inv.buildings.iter().enumerate() {
            let f = b.facility;
            let unit = self.unit(UnitLabel {
                facility: f,
                building: Some(bi),
                action: None,
            });
            let shift = match shifts.remove(&bi) {
                Some(v) => {
                    self.agg.shifts.push(v);
                    self.agg.shifts.len() as u32
                }
                None => 0,
            };
            let class = BuildingClass {
                category: b.category,
                timing: Timing {
                    built: b.built.get(),
                    renovated: b.renovated.map(|r| r.get()),
                },
                has_actual_operating: inv.facilities[f].operating_yen.is_some(),
                closes: self.close_year(f),
                rules: self.rules_for(f, b.category),
                shift,
                unit,
                condition: crate::projection::surveyed(b.condition, b.survey_year, b.built),
                structure: b.structure,
            };
            let mut remaining = i128::from(b.floor_area.units());
            for &(year, area) in self.reductions.get(&bi).map_or(&[][..], Vec::as_slice) {
                let part = BuildingClass {
                    closes: Some(class.closes.map_or(year, |c| c.min(year))),
                    ..class
                };
                self.classes.entry(part).or_default().add(area);
                remaining -= i128::from(area.units());
            }
            self.classes
                .entry(class)
                .or_default()
                .add_sum(AreaSum::from_units(remaining));
            self.agg.n_buildings += 1;
        }
    }

    /// Actual operating costs of the inventory's facilities, until they close.
    fn actual_operating(&mut self) {
        let inv = self.s.inventory();
        for (f, facility) in inv.facilities.iter().enumerate() {
            let f = FacilityIdx::new(f);
            if let Some(yen) = facility.operating_yen {
                self.item(
                    Item::Yearly {
                        category: facility.category,
                        kind: Kind::Operating,
                        from: crate::projection::opening_year(inv, f),
                        until: self.close_year(f),
                        yen,
                    },
                    ItemLabel::Operating { facility: f },
                );
            }
        }
    }

    /// An action's own cash flows: demolition, construction, operating cost of what it builds,
    /// proceeds.
    fn action(&mut self, k: usize, a: &Action) -> Result<()> {
        match a {
            Action::Close {
                facility,
                year,
                demolish,
                proceeds,
            } => {
                if *demolish {
                    self.demolish(*facility, *year, k)?;
                }
                self.proceeds(*proceeds, *year, k);
            }
            Action::Transfer {
                facility,
                year,
                proceeds,
                ..
            } => {
                let inv = self.s.inventory();
                for &bi in inv.buildings_of(*facility) {
                    if inv.buildings[bi].built.get() <= *year {
                        let left = self.standing(bi, *year);
                        self.effects.transferred_m2.add(left);
                    }
                }
                for &(built, area, _) in self.built.get(facility).map_or(&[][..], Vec::as_slice) {
                    if built <= *year {
                        self.effects.transferred_m2.add(area);
                    }
                }
                self.proceeds(*proceeds, *year, k);
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
                        self.demolish(f, *year, k)?;
                    }
                }
                self.proceeds(*proceeds, *year, k);
                if let Some(area) = added_area {
                    let structure = building_structure(self.s, *into);
                    self.new_floor_area(*into, structure, *area, *year, *construction_years, k)?;
                    if self.s.facility(*into).operating_yen().is_some() {
                        // The receiver's actual cost covers its present floor area; the added
                        // area costs the category's rate per m².
                        let category = self.s.facility(*into).category();
                        let yen = self.s.model().operating.yen_per_m2[category.index()]
                            .checked_mul(area.to_decimal())
                            .ok_or(Overflow)
                            .map_err(self.overflow(crate::messages::Id::WhatOperating))?;
                        self.item(
                            Item::Yearly {
                                category,
                                kind: Kind::Operating,
                                from: *year,
                                until: self.close_year(*into),
                                yen,
                            },
                            ItemLabel::AddedOperating {
                                facility: *into,
                                action: k,
                            },
                        );
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
                        self.demolish(f, *year, k)?;
                    }
                }
                self.proceeds(*proceeds, *year, k);
                self.new_floor_area(*facility, *structure, *area, *year, *construction_years, k)?;
                if let Some(yen) = self.s.facility(*facility).operating_yen() {
                    self.item(
                        Item::Yearly {
                            category: self.s.facility(*facility).category(),
                            kind: Kind::Operating,
                            from: *year,
                            until: self.close_year(*facility),
                            yen,
                        },
                        ItemLabel::Operating {
                            facility: *facility,
                        },
                    );
                }
            }
            Action::Reduce {
                building,
                area,
                year,
            } => {
                let b = &self.s.inventory().buildings[*building];
                let yen = self.s.model().demolition_yen_per_m2[b.structure.index()]
                    .checked_mul(area.to_decimal())
                    .ok_or(Overflow)
                    .map_err(self.overflow(crate::messages::Id::WhatDemolition))?;
                self.item(
                    Item::Once {
                        category: b.category,
                        kind: Kind::Demolition,
                        year: *year,
                        yen,
                    },
                    ItemLabel::Demolition {
                        facility: b.facility,
                        action: k,
                    },
                );
                self.effects.demolished_m2.add(*area);
            }
            Action::LifeExtension { .. } | Action::Shift { .. } => {}
        }
        Ok(())
    }

    /// What is left of an inventory building in `year`, after the reductions made by then.
    fn standing(&self, building: usize, year: i32) -> FloorArea {
        let removed: i64 = self.reductions.get(&building).map_or(0, |v| {
            v.iter()
                .filter(|(y, _)| *y <= year)
                .map(|(_, a)| a.units())
                .sum()
        });
        FloorArea::from_units(self.s.inventory().buildings[building].floor_area.units() - removed)
    }

    fn proceeds(&mut self, yen: Decimal, year: i32, action: usize) {
        if !yen.is_zero() {
            self.item(Item::Proceeds { year, yen }, ItemLabel::Proceeds { action });
        }
    }

    /// Demolition of a facility's buildings standing in `year`: what is left of its inventory
    /// buildings after reductions, and the floor area the scenario built for it.
    fn demolish(&mut self, f: FacilityIdx, year: i32, action: usize) -> Result<()> {
        let s = self.s;
        let inv = s.inventory();
        let mut parts: Vec<(Category, Structure, FloorArea)> = Vec::new();
        for &bi in inv.buildings_of(f) {
            let b = &inv.buildings[bi];
            if b.built.get() > year {
                continue;
            }
            parts.push((b.category, b.structure, self.standing(bi, year)));
        }
        let category = s.facility(f).category();
        for &(built, area, structure) in self.built.get(&f).map_or(&[][..], Vec::as_slice) {
            if built <= year {
                parts.push((category, structure, area));
            }
        }
        for (category, structure, area) in parts {
            let yen = s.model().demolition_yen_per_m2[structure.index()]
                .checked_mul(area.to_decimal())
                .ok_or(Overflow)
                .map_err(self.overflow(crate::messages::Id::WhatDemolition))?;
            self.item(
                Item::Once {
                    category,
                    kind: Kind::Demolition,
                    year,
                    yen,
                },
                ItemLabel::Demolition {
                    facility: f,
                    action,
                },
            );
            self.effects.demolished_m2.add(area);
        }
        Ok(())
    }

    /// Floor area built by an action for a facility: a new building class, and its construction
    /// cost spread over the years ending in the opening year.
    fn new_floor_area(
        &mut self,
        facility: FacilityIdx,
        structure: Structure,
        area: FloorArea,
        year: i32,
        construction_years: u32,
        action: usize,
    ) -> Result<()> {
        let category = self.s.facility(facility).category();
        let unit = self.unit(UnitLabel {
            facility,
            building: None,
            action: Some(action),
        });
        let class = BuildingClass {
            category,
            timing: Timing {
                built: year,
                renovated: None,
            },
            has_actual_operating: self.s.facility(facility).operating_yen().is_some(),
            closes: self.close_year(facility),
            rules: self.rules_for(facility, category),
            shift: 0,
            unit,
            condition: None,
            structure,
        };
        self.classes.entry(class).or_default().add(area);
        self.agg.n_buildings += 1;
        self.effects.built_m2.add(area);
        let yearly = self.s.model().construction_yen_per_m2[category.index()]
            .checked_mul(area.to_decimal())
            .and_then(|total| total.checked_div(Decimal::from(construction_years)))
            .ok_or(Overflow)
            .map_err(self.overflow(crate::messages::Id::WhatConstruction))?;
        for i in 0..construction_years as i32 {
            self.item(
                Item::Once {
                    category,
                    kind: Kind::Construction,
                    year: year - (construction_years as i32 - 1) + i,
                    yen: yearly,
                },
                ItemLabel::Construction { facility, action },
            );
        }
        Ok(())
    }
}

/// The structure of a facility's largest building (RC for a new facility or one without buildings).
fn building_structure(s: &Scenario, f: FacilityIdx) -> Structure {
    let inv = s.inventory();
    inv.buildings_of(f)
        .iter()
        .map(|&b| &inv.buildings[b])
        .max_by_key(|b| b.floor_area)
        .map_or(Structure::Rc, |b| b.structure)
}
