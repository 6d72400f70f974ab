//! What a projection is computed from: floor area summed by cost class, plus the costs that are not
//! proportional to floor area (actual operating costs, one-off works, sale proceeds) and
//! infrastructure.
//!
//! Every cost of a building under a cost model is its floor area times a schedule that depends only
//! on the building's class (category, years built and renovated, whether it has an actual operating
//! cost, when it closes, which renewal rules apply). So buildings of one class are summed first, as
//! exact integers, and each class is priced once: a million buildings become a few thousand classes,
//! and the result does not depend on the order (or the thread) in which buildings were read.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::category::{Category, Kind};
use crate::cost::infra::InfraAsset;
use crate::cost::renewal::Timing;
use crate::inventory::buildings_csv::{BuildingRow, PlainRow, RowSink};
use crate::inventory::{FacilityIdx, Inventory};
use crate::units::AreaSum;

/// The attributes that fix a building's cost per m² in every year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BuildingClass {
    /// Category.
    pub category: Category,
    /// Years built and last renovated.
    pub timing: Timing,
    /// Whether the facility has an actual operating cost (then no per-m² operating cost applies,
    /// when the model uses actuals).
    pub has_actual_operating: bool,
    /// The first fiscal year in which the building no longer costs anything (closed, transferred,
    /// demolished); `None`: it stays.
    pub closes: Option<i32>,
    /// Which renewal rules apply: 0 for the model's own, others index
    /// [`Aggregate::alternate_rules`].
    pub rules: u16,
    /// Which renewal events are moved: 0 for none, others index [`Aggregate::shifts`].
    pub shift: u32,
    /// 0 when buildings of the class are summed together; otherwise a number that keeps one
    /// building apart (for `explain` and leveling, which need each building's own amounts).
    pub unit: u32,
    /// The surveyed grade and the year of the survey, if surveyed.
    pub condition: Option<(crate::inventory::Grade, i32)>,
    /// The structure (which deterioration chain applies).
    pub structure: crate::category::Structure,
}

impl BuildingClass {
    /// The class of a row of a buildings CSV as it is (its own model's rules, no action on it).
    pub(crate) fn of_row(r: &BuildingRow<'_>) -> Self {
        BuildingClass {
            category: r.category,
            timing: Timing {
                built: r.built.get(),
                renovated: r.renovated.map(|y| y.get()),
            },
            has_actual_operating: r.operating_yen.is_some(),
            closes: None,
            rules: 0,
            shift: 0,
            unit: 0,
            condition: surveyed(r.condition, r.survey_year, r.built),
            structure: r.structure,
        }
    }

    /// The first and last fiscal year of the horizon in which buildings of the class exist (from
    /// the year built, or the first year, to the year before they close, or the last year); the
    /// first is after the last when they do not exist in the horizon at all.
    pub fn years(&self, h: crate::plan::Horizon) -> (i32, i32) {
        let last = h.last().get();
        (
            self.timing.built.max(h.first().get()),
            self.closes.map_or(last, |c| (c - 1).min(last)),
        )
    }
}

/// A renewal event moved to another year (a `shift` action, or chosen by leveling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventShift {
    /// Whether the event renovates or rebuilds.
    pub event: crate::cost::EventKind,
    /// The first year of the event's window as projected without the shift.
    pub start: i32,
    /// The first year of its window after the shift.
    pub to: i32,
}

/// A cost not proportional to floor area.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    /// A yearly amount in `from ..= until − 1` (actual operating costs).
    Yearly {
        /// Category charged.
        category: Category,
        /// Kind charged.
        kind: Kind,
        /// First year.
        from: i32,
        /// First year without the amount; `None`: to the end.
        until: Option<i32>,
        /// Yen a year.
        yen: Decimal,
    },
    /// A one-off amount (demolition, construction).
    Once {
        /// Category charged.
        category: Category,
        /// Kind charged.
        kind: Kind,
        /// The year.
        year: i32,
        /// Yen.
        yen: Decimal,
    },
    /// Sale proceeds, reported on their own line and never netted against costs.
    Proceeds {
        /// The year.
        year: i32,
        /// Yen.
        yen: Decimal,
    },
}

/// Everything a projection is computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aggregate {
    /// Floor area by class.
    pub classes: BTreeMap<BuildingClass, AreaSum>,
    /// Costs not proportional to area.
    pub items: Vec<Item>,
    /// Infrastructure assets.
    pub infrastructure: Vec<InfraAsset>,
    /// Renewal rules other than the model's, referred to by [`BuildingClass::rules`] (1-based).
    pub alternate_rules: Vec<crate::cost::RenewalRules>,
    /// Event shifts, referred to by [`BuildingClass::shift`] (1-based).
    pub shifts: Vec<Vec<EventShift>>,
    /// Renewal events starting within these windows before a building closes are not carried out
    /// (a building about to close is not rebuilt or renovated); zero windows keep them all.
    pub skip_before_closure: crate::cost::SkipBeforeClosure,
    /// Number of buildings summed.
    pub n_buildings: usize,
    /// For an aggregate summed from a buildings CSV: the rows with an actual operating cost (its
    /// items sum them by category and year built). 0 elsewhere, where each facility's actual cost
    /// is an item of its own.
    pub n_actual_operating: usize,
}

impl Aggregate {
    /// Adds a building's area to its class.
    pub fn add(&mut self, class: BuildingClass, area: AreaSum) {
        self.classes.entry(class).or_default().add_sum(area);
        self.n_buildings += 1;
    }

    /// A buildings CSV streamed into an aggregate: read in parallel chunks straight into floor-area
    /// sums by class, so memory does not grow with the number of buildings.
    ///
    /// # Errors
    ///
    /// As [`crate::inventory::buildings_csv::read_file`].
    pub fn from_buildings_csv(path: &std::path::Path) -> crate::Result<Aggregate> {
        use crate::inventory::buildings_csv::{read_file, stream_file};
        let (sink, _) = match stream_file(path, &ClassSink::default)? {
            Some(streamed) => streamed,
            None => read_file(path, &ClassSink::default)?,
        };
        Ok(sink.into_aggregate())
    }

    /// The aggregate of an inventory as it is (no scenario).
    pub fn from_inventory(inv: &Inventory) -> Aggregate {
        let mut agg = Aggregate::default();
        for b in &inv.buildings {
            let f = &inv.facilities[b.facility];
            agg.add(
                BuildingClass {
                    category: b.category,
                    timing: Timing {
                        built: b.built.get(),
                        renovated: b.renovated.map(|r| r.get()),
                    },
                    has_actual_operating: f.operating_yen.is_some(),
                    closes: None,
                    rules: 0,
                    shift: 0,
                    unit: 0,
                    condition: surveyed(b.condition, b.survey_year, b.built),
                    structure: b.structure,
                },
                b.floor_area.into(),
            );
        }
        for (i, f) in inv.facilities.iter().enumerate() {
            if let Some(yen) = f.operating_yen {
                agg.items.push(Item::Yearly {
                    category: f.category,
                    kind: Kind::Operating,
                    from: opening_year(inv, FacilityIdx::new(i)),
                    until: None,
                    yen,
                });
            }
        }
        agg.infrastructure = inv.infrastructure.iter().map(|i| i.asset.clone()).collect();
        agg
    }
}

/// A building's surveyed grade and survey year (the year built when the survey year is not given).
pub fn surveyed(
    condition: Option<crate::inventory::Condition>,
    survey_year: Option<crate::units::FiscalYear>,
    built: crate::units::FiscalYear,
) -> Option<(crate::inventory::Grade, i32)> {
    condition.map(|c| (c.grade(), survey_year.unwrap_or(built).get()))
}

/// The year a facility opens: when its first building was built (any year, if it has none).
pub fn opening_year(inv: &Inventory, facility: FacilityIdx) -> i32 {
    inv.buildings_of(facility)
        .iter()
        .map(|&b| inv.buildings[b].built.get())
        .min()
        .unwrap_or(i32::MIN)
}

/// A [`RowSink`] that sums a buildings CSV straight into classes, keeping nothing per building.
///
/// The common row (no renovation year, no actual operating cost) goes into a dense table indexed by
/// category and year built; any other row into a map. Every sum is an exact integer (areas in
/// 10⁻⁶ m², operating costs in 10⁻⁴ yen, the precision they are read with), so sinks merge to the
/// same result in any order, as the streaming reader needs.
#[derive(Default)]
pub struct ClassSink {
    dense: Vec<i128>,
    classes: HashMap<BuildingClass, AreaSum, foldhash::fast::FixedState>,
    operating: BTreeMap<(Category, i32), i128>,
    n: usize,
    n_operating: usize,
}

/// Operating costs are read with four decimal places of yen.
const OPERATING_SCALE: u32 = 4;

/// An amount read with at most [`OPERATING_SCALE`] decimals, in units of 10⁻⁴ yen.
fn operating_units(yen: Decimal) -> i128 {
    let scale = yen.scale().min(OPERATING_SCALE);
    yen.mantissa() * 10i128.pow(OPERATING_SCALE - scale)
}

/// A sum of [`operating_units`] as a decimal: exact while it fits a decimal, else rounded to the
/// 28 digits a decimal holds (beyond 10²⁴ yen, which no projection accepts in any case).
fn operating_yen(units: i128) -> Decimal {
    let mut units = units;
    let mut scale = OPERATING_SCALE;
    loop {
        if let Ok(d) = Decimal::try_from_i128_with_scale(units, scale) {
            return d.normalize();
        }
        if scale == 0 {
            return Decimal::MAX;
        }
        units /= 10;
        scale -= 1;
    }
}

const DENSE_FIRST_YEAR: i32 = crate::units::MIN_BUILT_YEAR;
const DENSE_YEARS: usize = (crate::units::MAX_YEAR - crate::units::MIN_BUILT_YEAR + 1) as usize;
const N_STRUCTURES: usize = crate::category::ALL_STRUCTURES.len();
const DENSE_LEN: usize = crate::category::N_CATEGORIES * N_STRUCTURES * DENSE_YEARS;

impl ClassSink {
    /// Adds a building of the dense table's kind (no renovation year, no actual operating cost, no
    /// condition).
    #[inline]
    fn add_dense(
        &mut self,
        category: Category,
        structure: crate::category::Structure,
        built: crate::units::FiscalYear,
        area: crate::units::FloorArea,
    ) {
        if self.dense.is_empty() {
            self.dense = vec![0; DENSE_LEN];
        }
        let i = (category.index() * N_STRUCTURES + structure.index()) * DENSE_YEARS
            + (built.get() - DENSE_FIRST_YEAR) as usize;
        self.dense[i] += i128::from(area.units());
    }
}

impl RowSink for ClassSink {
    /// Only the class fields are summed: the block parser need not slice a usual row's text.
    const READS_TEXT: bool = false;

    #[inline]
    fn add_plain(&mut self, r: PlainRow<'_>) {
        self.n += 1;
        self.add_dense(r.category, r.structure, r.built, r.floor_area);
    }

    fn add(&mut self, r: &BuildingRow<'_>) {
        self.n += 1;
        if r.renovated.is_none() && r.operating_yen.is_none() && r.condition.is_none() {
            self.add_dense(r.category, r.structure, r.built, r.floor_area);
            return;
        }
        let class = BuildingClass::of_row(r);
        self.classes.entry(class).or_default().add(r.floor_area);
        if let Some(yen) = r.operating_yen {
            // Saturating: a sum beyond i128 (never, for real costs) reaches the projection as the
            // largest amount, which it refuses with its key.
            let sum = self
                .operating
                .entry((r.category, r.built.get()))
                .or_default();
            *sum = sum.saturating_add(operating_units(yen));
            self.n_operating += 1;
        }
    }

    fn merge(&mut self, later: Self) {
        if self.dense.is_empty() {
            self.dense = later.dense;
        } else if !later.dense.is_empty() {
            for (a, b) in self.dense.iter_mut().zip(later.dense) {
                *a += b;
            }
        }
        for (k, v) in later.classes {
            self.classes.entry(k).or_default().add_sum(v);
        }
        for (k, v) in later.operating {
            let sum = self.operating.entry(k).or_default();
            *sum = sum.saturating_add(v);
        }
        self.n += later.n;
        self.n_operating += later.n_operating;
    }
}

impl ClassSink {
    /// The aggregate: classes in a fixed order, actual operating costs as yearly items.
    pub fn into_aggregate(self) -> Aggregate {
        let mut classes: BTreeMap<BuildingClass, AreaSum> = self.classes.into_iter().collect();
        for (i, &units) in self.dense.iter().enumerate() {
            if units == 0 {
                continue;
            }
            let per_category = N_STRUCTURES * DENSE_YEARS;
            let class = BuildingClass {
                category: crate::category::ALL_CATEGORIES[i / per_category],
                timing: Timing {
                    built: DENSE_FIRST_YEAR + (i % DENSE_YEARS) as i32,
                    renovated: None,
                },
                has_actual_operating: false,
                closes: None,
                rules: 0,
                shift: 0,
                unit: 0,
                condition: None,
                structure: crate::category::ALL_STRUCTURES[(i % per_category) / DENSE_YEARS],
            };
            classes
                .entry(class)
                .or_default()
                .add_sum(AreaSum::from_units(units));
        }
        Aggregate {
            classes,
            items: self
                .operating
                .into_iter()
                .map(|((category, from), yen)| Item::Yearly {
                    category,
                    kind: Kind::Operating,
                    from,
                    until: None,
                    yen: operating_yen(yen),
                })
                .collect(),
            infrastructure: Vec::new(),
            alternate_rules: Vec::new(),
            shifts: Vec::new(),
            skip_before_closure: crate::cost::SkipBeforeClosure::default(),
            n_buildings: self.n,
            n_actual_operating: self.n_operating,
        }
    }
}
