//! The plan: which fiscal years are projected and the annual cap they are judged against.

use crate::msg;
use rust_decimal::Decimal;

use crate::money::Yen;
use crate::units::{FiscalYear, MAX_YEAR};

/// The longest horizon accepted, in years.
pub const MAX_YEARS: u32 = 200;

/// The horizon of the MIC software when none is given: 40 years.
pub const DEFAULT_YEARS: u32 = 40;

/// The fiscal years of a projection: `first ..= first + years − 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Horizon {
    first: FiscalYear,
    years: u32,
}

impl Horizon {
    /// A horizon of `years` years from `first`, if it is 1–200 years long and ends by
    /// [`MAX_YEAR`].
    pub fn new(first: FiscalYear, years: u32) -> Option<Horizon> {
        let ok = (1..=MAX_YEARS).contains(&years) && first.get() + years as i32 - 1 <= MAX_YEAR;
        ok.then_some(Horizon { first, years })
    }

    /// The first fiscal year.
    pub fn first(self) -> FiscalYear {
        self.first
    }

    /// The last fiscal year.
    pub fn last(self) -> FiscalYear {
        self.first.offset(self.years as i32 - 1)
    }

    /// The number of years.
    pub fn years(self) -> u32 {
        self.years
    }

    /// The position of a fiscal year in the horizon, if inside.
    pub fn index(self, year: i32) -> Option<usize> {
        let i = year - self.first.get();
        (i >= 0 && (i as u32) < self.years).then_some(i as usize)
    }

    /// Whether a fiscal year lies inside.
    pub fn contains(self, year: i32) -> bool {
        self.index(year).is_some()
    }

    /// Every fiscal year, in order.
    pub fn iter(self) -> impl Iterator<Item = FiscalYear> {
        (0..self.years as i32).map(move |i| self.first.offset(i))
    }
}

/// A management plan: the horizon and the annual cap on maintenance plus renewal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The fiscal years judged.
    pub horizon: Horizon,
    /// The annual cap, if the plan sets one: every year's total must be at or under it.
    pub cap: Option<Yen>,
}

impl Plan {
    /// The plan of `years` fiscal years from `first_year`, with an annual cap if given; `None`
    /// when the year is implausible or the horizon impossible (see [`Horizon::new`]).
    pub fn of(first_year: i32, years: u32, cap: Option<Yen>) -> Option<Plan> {
        let horizon = Horizon::new(FiscalYear::new(first_year)?, years)?;
        Some(Plan { horizon, cap })
    }
}

/// The values of a `[plan]` table as written (`None`: not written): what a scenario changes in the
/// plan it starts from, or an inventory's own plan. Values are kept as written (a year as any
/// integer) so that [`checked`] can say what is wrong with each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanSpec {
    /// `first_year`: the first fiscal year.
    pub first_year: Option<i64>,
    /// `years`: the number of years.
    pub years: Option<i64>,
    /// `cap_yen`: the annual cap in yen.
    pub cap_yen: Option<Decimal>,
}

/// The plan of a `[plan]` table, each value checked and any problem reported with `report(key,
/// message)` at its key (`plan.first_year`, `plan.years`, `plan.cap_yen`): a plausible first
/// fiscal year, 1–[`MAX_YEARS`] years, a cap of whole yen that is not negative, a horizon that ends by
/// [`MAX_YEAR`]. What is not written comes from `inherited` (a scenario's from the plan it starts
/// from); a first year neither written nor inherited is reported with `no_first_year`, and a length
/// neither written nor inherited is `default_years`. All problems are reported before giving up.
pub fn checked(
    written: PlanSpec,
    inherited: Option<Plan>,
    no_first_year: crate::messages::Id,
    default_years: u32,
    report: &mut dyn FnMut(&'static str, crate::messages::Message),
) -> Option<Plan> {
    let first = match written.first_year {
        Some(y) => {
            let fy = i32::try_from(y).ok().and_then(FiscalYear::new);
            if fy.is_none() {
                report("plan.first_year", msg!(NotPlausibleYear, y));
            }
            fy
        }
        None => {
            let fy = inherited.map(|p| p.horizon.first());
            if fy.is_none() {
                report("plan.first_year", no_first_year.into());
            }
            fy
        }
    };
    let years = match written.years {
        Some(n) => {
            let y = u32::try_from(n)
                .ok()
                .filter(|y| (1..=MAX_YEARS).contains(y));
            if y.is_none() {
                report("plan.years", msg!(YearsOutsideMax, n, max = MAX_YEARS));
            }
            y
        }
        None => Some(inherited.map_or(default_years, |p| p.horizon.years())),
    };
    let cap = match written.cap_yen {
        Some(c) if c < Decimal::ZERO => {
            report("plan.cap_yen", msg!(IsNegative));
            return None;
        }
        // A cap is printed in whole yen: 0.5 would print as 0 and judge against 0.5.
        Some(c) if !c.fract().is_zero() => {
            report("plan.cap_yen", msg!(NotWholeYen, yen = c.normalize()));
            return None;
        }
        Some(c) => Some(Yen::new(c)),
        None => inherited.and_then(|p| p.cap),
    };
    let (first, years) = (first?, years?);
    let Some(horizon) = Horizon::new(first, years) else {
        report(
            "plan.years",
            msg!(HorizonPast, first = first.get(), years, max = MAX_YEAR),
        );
        return None;
    };
    Some(Plan { horizon, cap })
}
