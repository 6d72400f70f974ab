//! Projections: yearly costs by kind and category over a plan horizon, exact in yen, judged against
//! the plan's annual cap.
//!
//! [`project`] prices an [`Aggregate`] (floor area by cost class, plus fixed items and infrastructure)
//! with a [`CostModel`]. The result keeps one exact amount per fiscal year × kind × category; nothing
//! per building is stored, so memory does not grow with the inventory. This module must not read
//! files or print: `inventory` reads, `render` prints.

mod aggregate;

pub use aggregate::{
    Aggregate, BuildingClass, ClassSink, EventShift, Item, opening_year, surveyed,
};

use rust_decimal::Decimal;

use crate::category::{ALL_CATEGORIES, ALL_KINDS, Category, Kind, N_CATEGORIES, N_KINDS};
use crate::cost::CostModel;
use crate::cost::renewal::Charge;
use crate::error::{Error, Result};
use crate::money::{Overflow, Yen};
use crate::plan::{Horizon, Plan};
use crate::units::AreaSum;

/// The yearly costs of one scenario (or of an inventory as it is) under one cost model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Projection {
    name: String,
    model: String,
    plan: Plan,
    /// Amounts, indexed `[year][kind][category]`.
    cells: Vec<Decimal>,
    /// Floor area existing in each year.
    floor_area: Vec<AreaSum>,
    /// Sale proceeds in each year (not part of the costs).
    proceeds: Vec<Decimal>,
    /// Which categories appear in the inputs.
    present: [bool; N_CATEGORIES],
    n_buildings: usize,
    /// Floor area by grade (A, B, C, D, unknown) in each year, in expectation, when the model has
    /// condition rules.
    grades: Option<Vec<[Decimal; 5]>>,
}

fn cell(year: usize, kind: Kind, category: Category) -> usize {
    (year * N_KINDS + kind.index()) * N_CATEGORIES + category.index()
}

/// Where an amount of a projection comes from, for [`project_traced`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source<'a> {
    /// A building class (one building, when its `unit` is set), with the renewal event the amount
    /// belongs to, if it is a renewal amount.
    Class(&'a BuildingClass, Option<(crate::cost::EventKind, i32)>),
    /// An item of [`Aggregate::items`], by position.
    Item(usize),
    /// An infrastructure asset of [`Aggregate::infrastructure`], by position.
    Infrastructure(usize),
    /// The condition engine, for a building class: a renewal event's amount (with the event), or a
    /// repair by grade (`None`). These are the amounts Monte Carlo runs draw.
    Condition(&'a BuildingClass, Option<(crate::cost::EventKind, i32)>),
}

/// Prices an aggregate with a model over the plan's horizon.
///
/// # Errors
///
/// [`Error::Overflow`] when an amount leaves the exact decimal range (absurd inputs).
pub fn project(name: &str, model: &CostModel, plan: Plan, agg: &Aggregate) -> Result<Projection> {
    project_traced(name, model, plan, agg, &mut |_, _, _, _, _| {})
}

/// As [`project`], and tells `trace` every amount added: its source, year (position in the
/// horizon), kind, category and exact yen (after escalation).
///
/// # Errors
///
/// As [`project`].
pub fn project_traced(
    name: &str,
    model: &CostModel,
    plan: Plan,
    agg: &Aggregate,
    trace: &mut dyn FnMut(Source<'_>, usize, Kind, Category, Decimal),
) -> Result<Projection> {
    let h = plan.horizon;
    let n_years = h.years() as usize;
    let first = h.first().get();
    let last = h.last().get();
    let mut p = Projection {
        name: name.to_string(),
        model: model.name().to_string(),
        plan,
        cells: vec![Decimal::ZERO; n_years * N_KINDS * N_CATEGORIES],
        floor_area: vec![AreaSum::ZERO; n_years],
        proceeds: vec![Decimal::ZERO; n_years],
        present: [false; N_CATEGORIES],
        n_buildings: agg.n_buildings,
        grades: model
            .condition
            .enabled
            .then(|| vec![[Decimal::ZERO; 5]; n_years]),
    };
    let escalation = escalation_factors(model, h).map_err(Error::overflow(name, "escalation"))?;
    let overflow = |what: &'static str| Error::overflow(name, what);
    let mut charges: Vec<Charge> = Vec::new();
    for (class, area) in &agg.classes {
        let cat = class.category;
        p.present[cat.index()] = true;
        let a = area.to_decimal();
        let (exists_from, exists_until) = class.years(h);
        for y in exists_from..=exists_until {
            if let Some(i) = h.index(y) {
                p.floor_area[i].add_sum(*area);
            }
        }
        let repair = model.repair_yen_per_m2[cat.index()];
        let operating = model.operating.yen_per_m2[cat.index()];
        let per_m2_operating = model.operating.enabled
            && (!class.has_actual_operating || !model.operating.use_facility_actuals);
        for y in exists_from..=exists_until {
            let Some(i) = h.index(y) else { continue };
            if !repair.is_zero() {
                let amount = repair
                    .checked_mul(a)
                    .ok_or(Overflow)
                    .map_err(overflow("repair"))?;
                let amount = p
                    .add(i, Kind::Repair, cat, amount, &escalation)
                    .map_err(overflow("repair"))?;
                trace(Source::Class(class, None), i, Kind::Repair, cat, amount);
            }
            if per_m2_operating && !operating.is_zero() {
                let amount = operating
                    .checked_mul(a)
                    .ok_or(Overflow)
                    .map_err(overflow("operating"))?;
                let amount = p
                    .add(i, Kind::Operating, cat, amount, &escalation)
                    .map_err(overflow("operating"))?;
                trace(Source::Class(class, None), i, Kind::Operating, cat, amount);
            }
        }
        let cond = &model.condition;
        let by_condition = by_condition(model, class);
        if cond.enabled && !by_condition {
            if let Some(grades) = &mut p.grades {
                for y in exists_from..=exists_until {
                    if let Some(i) = h.index(y) {
                        grades[i][4] += a;
                    }
                }
            }
        }
        class_schedule(model, agg, class, h, &mut charges);
        if by_condition {
            let span = (exists_from, exists_until);
            renew_by_condition(
                model,
                class,
                a,
                span,
                h,
                &charges,
                &escalation,
                &mut p,
                trace,
            )
            .map_err(overflow("renewal"))?;
            continue;
        }
        for ch in &charges {
            if ch.year > exists_until {
                continue;
            }
            let Some(i) = h.index(ch.year) else { continue };
            let amount = ch
                .numerator
                .checked_mul(a)
                .and_then(|x| x.checked_div(Decimal::from(ch.divisor)))
                .ok_or(Overflow)
                .map_err(overflow("renewal"))?;
            let amount = p
                .add(i, ch.kind, cat, amount, &escalation)
                .map_err(overflow("renewal"))?;
            trace(
                Source::Class(class, Some((ch.event, ch.start))),
                i,
                ch.kind,
                cat,
                amount,
            );
        }
    }
    for (n, item) in agg.items.iter().enumerate() {
        match *item {
            Item::Yearly {
                category,
                kind,
                from,
                until,
                yen,
            } => {
                p.present[category.index()] = true;
                if kind == Kind::Operating
                    && !(model.operating.enabled && model.operating.use_facility_actuals)
                {
                    continue;
                }
                let end = until.map_or(last, |u| (u - 1).min(last));
                for y in from.max(first)..=end {
                    if let Some(i) = h.index(y) {
                        let amount = p
                            .add(i, kind, category, yen, &escalation)
                            .map_err(overflow("operating"))?;
                        trace(Source::Item(n), i, kind, category, amount);
                    }
                }
            }
            Item::Once {
                category,
                kind,
                year,
                yen,
            } => {
                p.present[category.index()] = true;
                if let Some(i) = h.index(year) {
                    let amount = p
                        .add(i, kind, category, yen, &escalation)
                        .map_err(overflow("one-off cost"))?;
                    trace(Source::Item(n), i, kind, category, amount);
                }
            }
            Item::Proceeds { year, yen } => {
                if let Some(i) = h.index(year) {
                    p.proceeds[i] = p.proceeds[i]
                        .checked_add(yen)
                        .ok_or(Overflow)
                        .map_err(overflow("proceeds"))?;
                }
            }
        }
    }
    let mut out = Vec::new();
    for (n, asset) in agg.infrastructure.iter().enumerate() {
        p.present[asset.category.index()] = true;
        out.clear();
        model
            .infrastructure
            .schedule(asset, first, last, &mut out)
            .map_err(overflow("infrastructure"))?;
        for &(y, kind, yen) in &out {
            if let Some(i) = h.index(y) {
                let amount = p
                    .add(i, kind, asset.category, yen.get(), &escalation)
                    .map_err(overflow("infrastructure"))?;
                trace(Source::Infrastructure(n), i, kind, asset.category, amount);
            }
        }
    }
    Ok(p)
}

/// Whether a class's renewals go through the condition engine: the model has condition rules and
/// the class has a surveyed grade, or unsurveyed buildings are graded by age.
pub fn by_condition(model: &CostModel, class: &BuildingClass) -> bool {
    let cond = &model.condition;
    cond.enabled && (class.condition.is_some() || cond.unsurveyed == crate::cost::Unsurveyed::ByAge)
}

/// The renewal charges, per m², of one class over the horizon `h`, into `out` (cleared first): the
/// schedule of the rules that apply to it (the model's, or the alternate rules a life extension
/// set), with its events moved by the class's shifts, and without the renewals skipped before its
/// closure. For a class under condition rules ([`by_condition`]) the schedule reaches past the
/// horizon by the years an advance could bring into it, and a shifted event is due in its new
/// year. The projection and Monte Carlo both price renewals from this schedule.
pub fn class_schedule(
    model: &CostModel,
    agg: &Aggregate,
    class: &BuildingClass,
    h: Horizon,
    out: &mut Vec<Charge>,
) {
    let (first, last) = (h.first().get(), h.last().get());
    let rules = match class.rules {
        0 => &model.renewal,
        n => &agg.alternate_rules[usize::from(n) - 1],
    };
    let by_condition = by_condition(model, class);
    // Renewals an advance could bring into the horizon are scheduled past its end.
    let reach = if by_condition {
        last + model.condition.timing.advance_years as i32 + 3
    } else {
        last
    };
    out.clear();
    rules.schedule(
        &model.prices(class.category),
        class.timing,
        first,
        reach,
        out,
    );
    if class.shift > 0 {
        for s in &agg.shifts[class.shift as usize - 1] {
            for ch in out
                .iter_mut()
                .filter(|c| c.event == s.event && c.start == s.start)
            {
                ch.year += s.to - s.start;
                if by_condition {
                    ch.start = s.to;
                }
            }
        }
    }
    let skip_from = class.closes.and_then(|c| {
        let n = agg.skip_renewal_before_closure_years;
        (n > 0).then(|| c - n as i32)
    });
    out.retain(|ch| skip_from.is_none_or(|s| ch.start < s));
}

/// A building's grade distribution in its first year in the horizon: grade A when it is built inside
/// the horizon; otherwise its surveyed grade (or the grade its age gives) carried by the chain from
/// the survey year to the first year.
// Grades are indices into 4-element rows of probabilities; index loops read like the maths.
#[allow(clippy::needless_range_loop)]
pub fn start_grades(
    class: &BuildingClass,
    chain: &crate::condition::chain::Chain,
    first: i32,
) -> [Decimal; 4] {
    let mut dist = [Decimal::ZERO; 4];
    if class.timing.built >= first {
        dist[0] = Decimal::ONE;
        return dist;
    }
    let (g0, survey) = class.condition.unwrap_or((
        crate::condition::grade_by_age(first - class.timing.built),
        first,
    ));
    dist[g0.index()] = Decimal::ONE;
    for _ in survey.max(first - 200)..first {
        let mut next = [Decimal::ZERO; 4];
        for i in 0..4 {
            for j in 0..4 {
                next[j] += dist[i] * chain.p[i][j];
            }
        }
        dist = next;
    }
    dist
}

/// Prices a class's renewals and grade repairs through the condition engine (expected values).
#[allow(clippy::too_many_arguments)]
fn renew_by_condition(
    model: &CostModel,
    class: &BuildingClass,
    area: Decimal,
    (from, until): (i32, i32),
    h: Horizon,
    charges: &[Charge],
    escalation: &[Decimal],
    p: &mut Projection,
    trace: &mut dyn FnMut(Source<'_>, usize, Kind, Category, Decimal),
) -> std::result::Result<(), Overflow> {
    use crate::condition::engine::{Unit, expected, split_events};
    let cond = &model.condition;
    let cat = class.category;
    let (backlog, events) = split_events(charges, area);
    for &(y, kind, amount) in &backlog {
        if y > until {
            continue;
        }
        if let Some(i) = h.index(y) {
            let amount = p.add(i, kind, cat, amount, escalation)?;
            trace(Source::Class(class, None), i, kind, cat, amount);
        }
    }
    if from > until {
        return Ok(());
    }
    let chain = &cond.deterioration.chains()[cond.deterioration.chain_for(cat, class.structure)];
    let unit = Unit {
        chain,
        timing: cond.timing,
        repair: std::array::from_fn(|g| cond.repair_yen_per_m2[g] * area),
        area_units: 0,
        years: (from, until),
        start: start_grades(class, chain, h.first().get()),
        events: &events,
    };
    let mut failed = false;
    let mut charge = |y: i32, kind: Kind, amount: Decimal, event: Option<usize>| {
        let Some(i) = h.index(y) else { return };
        match p.add(i, kind, cat, amount, escalation) {
            Ok(a) => {
                let event = event.map(|k| (events[k].event, events[k].due));
                trace(Source::Condition(class, event), i, kind, cat, a);
            }
            Err(_) => failed = true,
        }
    };
    let mut grades: Vec<(i32, [Decimal; 4])> = Vec::new();
    expected(&unit, &mut charge, &mut |y, dist| grades.push((y, dist)));
    if failed {
        return Err(Overflow);
    }
    if let Some(out) = &mut p.grades {
        for (y, dist) in grades {
            if let Some(i) = h.index(y) {
                for g in 0..4 {
                    out[i][g] += dist[g] * area;
                }
            }
        }
    }
    Ok(())
}

/// The price factor of each year: (1 + rate)^(year − base year), exact to 28 digits.
pub fn escalation_factors(
    model: &CostModel,
    h: Horizon,
) -> std::result::Result<Vec<Decimal>, Overflow> {
    let rate = model.escalation.rate;
    if rate.is_zero() {
        return Ok(vec![Decimal::ONE; h.years() as usize]);
    }
    let base = model.escalation.base_year.unwrap_or(h.first()).get();
    let step = Decimal::ONE + rate;
    h.iter()
        .map(|y| {
            let n = y.get() - base;
            let mut f = Decimal::ONE;
            for _ in 0..n.unsigned_abs() {
                f = if n >= 0 {
                    f.checked_mul(step)
                } else {
                    f.checked_div(step)
                }
                .ok_or(Overflow)?;
            }
            Ok(f)
        })
        .collect()
}

impl Projection {
    fn add(
        &mut self,
        year: usize,
        kind: Kind,
        category: Category,
        amount: Decimal,
        escalation: &[Decimal],
    ) -> std::result::Result<Decimal, Overflow> {
        let f = escalation[year];
        let amount = if f == Decimal::ONE {
            amount
        } else {
            amount.checked_mul(f).ok_or(Overflow)?
        };
        let c = &mut self.cells[cell(year, kind, category)];
        *c = c.checked_add(amount).ok_or(Overflow)?;
        Ok(amount)
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cost model's name.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// The plan (horizon and cap).
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// The horizon.
    pub fn horizon(&self) -> Horizon {
        self.plan.horizon
    }

    /// The number of buildings the projection covers.
    pub fn n_buildings(&self) -> usize {
        self.n_buildings
    }

    /// The categories that appear in the inputs, in report order.
    pub fn categories(&self) -> Vec<Category> {
        ALL_CATEGORIES
            .iter()
            .copied()
            .filter(|c| self.present[c.index()])
            .collect()
    }

    /// The amount of one kind and category in year `i` (0-based in the horizon).
    pub fn amount(&self, i: usize, kind: Kind, category: Category) -> Yen {
        Yen::new(self.cells[cell(i, kind, category)])
    }

    /// The total of year `i`.
    pub fn year_total(&self, i: usize) -> Yen {
        let start = i * N_KINDS * N_CATEGORIES;
        Yen::new(
            self.cells[start..start + N_KINDS * N_CATEGORIES]
                .iter()
                .sum(),
        )
    }

    /// The total of one kind in year `i`.
    pub fn kind_total(&self, i: usize, kind: Kind) -> Yen {
        let start = cell(i, kind, ALL_CATEGORIES[0]);
        Yen::new(self.cells[start..start + N_CATEGORIES].iter().sum())
    }

    /// The total of one category in year `i`.
    pub fn category_total(&self, i: usize, category: Category) -> Yen {
        Yen::new(
            ALL_KINDS
                .iter()
                .map(|&k| self.cells[cell(i, k, category)])
                .sum(),
        )
    }

    /// The total of one kind over the horizon.
    pub fn kind_sum(&self, kind: Kind) -> Yen {
        (0..self.years()).map(|i| self.kind_total(i, kind)).sum()
    }

    /// Floor area existing in year `i`.
    pub fn floor_area(&self, i: usize) -> AreaSum {
        self.floor_area[i]
    }

    /// Floor area by grade (A, B, C, D, unknown) in year `i`, in expectation, m²; `None` when the
    /// model has no condition rules.
    pub fn grades(&self, i: usize) -> Option<[Decimal; 5]> {
        self.grades.as_ref().map(|g| g[i])
    }

    /// Sale proceeds in year `i`.
    pub fn proceeds(&self, i: usize) -> Yen {
        Yen::new(self.proceeds[i])
    }

    /// Total proceeds over the horizon.
    pub fn total_proceeds(&self) -> Yen {
        Yen::new(self.proceeds.iter().sum())
    }

    /// The number of years.
    pub fn years(&self) -> usize {
        self.floor_area.len()
    }

    /// The total over the horizon.
    pub fn total(&self) -> Yen {
        Yen::new(self.cells.iter().sum())
    }

    /// The yearly average (total ÷ years, exact to 28 digits).
    pub fn average(&self) -> Yen {
        Yen::new(self.total().get() / Decimal::from(self.years() as u64))
    }

    /// The year with the highest total (the earliest, on ties) and that total.
    pub fn peak(&self) -> (i32, Yen) {
        let mut best = (self.horizon().first().get(), Yen::ZERO);
        for i in 0..self.years() {
            let t = self.year_total(i);
            if i == 0 || t > best.1 {
                best = (self.horizon().first().get() + i as i32, t);
            }
        }
        best
    }

    /// The years whose total exceeds the cap (none without a cap).
    pub fn years_over_cap(&self) -> Vec<i32> {
        let Some(cap) = self.plan.cap else {
            return Vec::new();
        };
        (0..self.years())
            .filter(|&i| self.year_total(i) > cap)
            .map(|i| self.horizon().first().get() + i as i32)
            .collect()
    }

    /// Whether every year is at or under the cap; `None` without a cap.
    pub fn meets_cap(&self) -> Option<bool> {
        self.plan.cap.map(|_| self.years_over_cap().is_empty())
    }
}
