//! Explaining a year: which buildings and which actions make up a scenario's cost in one fiscal
//! year, largest first. The amounts come from the same engine as the projection (a traced run with
//! every building kept apart), so they add up to the year's total.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::category::{Category, Kind, N_KINDS};
use crate::error::{Error, Result};
use crate::money::Yen;
use crate::projection::{Source, project_traced};
use crate::scenario::{ItemLabel, Scenario};

/// One contributor to a year's cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contributor {
    /// What it is, for people: facility, building or action.
    pub what: String,
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
/// [`Error::Usage`] when the year is outside the plan; [`Error::Overflow`] for absurd amounts.
pub fn explain(s: &Scenario, year: i32) -> Result<Explanation> {
    let h = s.plan.horizon;
    let Some(target) = h.index(year) else {
        return Err(Error::Usage(format!(
            "--year {year} is outside the plan of {} (FY{}–FY{})",
            s.name,
            h.first(),
            h.last()
        )));
    };
    let lowered = s.lower(true)?;
    let mut rows: BTreeMap<(u8, usize), Contributor> = BTreeMap::new();
    let inv = &s.inventory;
    let describe_action = |k: usize| -> String {
        let (o, a) = &s.actions[k];
        let file = std::path::Path::new(&o.file)
            .file_name()
            .map_or(o.file.clone(), |n| n.to_string_lossy().into_owned());
        match o.line {
            Some(l) => format!("{} {file}:{l}", a.type_name()),
            None => format!("{} {file}", a.type_name()),
        }
    };
    let p = project_traced(
        &s.name,
        &s.model,
        s.plan,
        &lowered.aggregate,
        &mut |src, i, kind, cat, amount| {
            if i != target {
                return;
            }
            let (key, what, source) = match src {
                Source::Class(class, _) | Source::Condition(class, _) if class.unit > 0 => {
                    let u = &lowered.units[class.unit as usize - 1];
                    let facility = s.facility_name(u.facility);
                    match u.building {
                        Some(b) => {
                            let b = &inv.buildings[b];
                            (
                                (0, class.unit as usize),
                                format!("{facility} · {}", b.name),
                                b.id.clone(),
                            )
                        }
                        None => (
                            (0, class.unit as usize),
                            format!("{facility} · new floor area"),
                            u.action.map(describe_action).unwrap_or_default(),
                        ),
                    }
                }
                Source::Class(..) | Source::Condition(..) => {
                    ((0, 0), "buildings".to_string(), String::new())
                }
                Source::Item(n) => {
                    let (what, source) = match &lowered.items[n] {
                        ItemLabel::Operating { facility } => (
                            format!("{} · operating (actual)", s.facility_name(*facility)),
                            s.facility_id(*facility).to_string(),
                        ),
                        ItemLabel::Demolition { facility, action } => (
                            format!("{} · demolition", s.facility_name(*facility)),
                            describe_action(*action),
                        ),
                        ItemLabel::Construction { facility, action } => (
                            format!("{} · construction", s.facility_name(*facility)),
                            describe_action(*action),
                        ),
                        ItemLabel::AddedOperating { facility, action } => (
                            format!(
                                "{} · operating of added floor area",
                                s.facility_name(*facility)
                            ),
                            describe_action(*action),
                        ),
                        ItemLabel::Proceeds { action } => {
                            ("proceeds".to_string(), describe_action(*action))
                        }
                    };
                    ((1, n), what, source)
                }
                Source::Infrastructure(n) => {
                    let asset = &inv.infrastructure[n];
                    (
                        (2, n),
                        format!("{} ({})", asset.name, asset.asset.category.name_ja()),
                        asset.id.clone(),
                    )
                }
            };
            let row = rows.entry(key).or_insert(Contributor {
                what,
                source,
                category: cat,
                kinds: [Decimal::ZERO; N_KINDS],
            });
            row.kinds[kind.index()] += amount;
        },
    )?;
    let mut contributors: Vec<Contributor> = rows
        .into_values()
        .filter(|c| !c.total().is_zero())
        .collect();
    contributors.sort_by_key(|c| std::cmp::Reverse(c.total()));
    Ok(Explanation {
        scenario: s.name.clone(),
        year,
        total: p.year_total(target),
        cap: s.plan.cap,
        contributors,
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
