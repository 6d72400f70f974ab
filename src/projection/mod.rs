//! Projections: yearly costs by kind and category over a plan horizon, exact in yen, judged against
//! the plan's annual cap.
//!
//! [`project`] prices an [`Aggregate`] (floor area by cost class, plus fixed items and infrastructure)
//! with a [`CostModel`]. The result keeps one exact amount per fiscal year × kind × category; nothing
//! per building is stored, so memory does not grow with the inventory. This module must not read
//! files or print: `inventory` reads, `render` prints.

mod aggregate;
pub mod folder_stream;

pub use aggregate::{
    Aggregate, BuildingClass, ClassSink, EventShift, Item, opening_year, surveyed,
};

use crate::msg;
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
    /// Each year's total, and the plan's: summed with checked arithmetic once every amount is in
    /// (see [`Projection::total`]).
    year_totals: Vec<Decimal>,
    total: Decimal,
    total_proceeds: Decimal,
    /// Renewal left out in each year because its facility closes soon after (not a cost).
    avoided: Vec<Decimal>,
    total_avoided: Decimal,
    /// Facilities' actual operating costs the model does not count, if any.
    not_counted: Option<NotCounted>,
}

/// Facilities' actual operating costs (`operating_cost_yen`) that a projection does not count, and
/// why: given in the inventory (or a scenario), they are reported rather than dropped in silence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotCounted {
    /// How many facilities (and facilities a scenario builds) give one.
    pub facilities: usize,
    /// What they add up to over the plan, at each year's prices.
    pub yen: Decimal,
    /// Why they are not counted.
    pub why: NotCountedWhy,
}

/// Why actual operating costs are not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCountedWhy {
    /// The model projects no running costs (`[operating] enabled = false`, as plain MIC).
    NoRunningCosts,
    /// The model prices running costs per m² instead (`use_facility_actuals = false`).
    RatesInstead,
}

impl NotCountedWhy {
    /// Why a model does not count facilities' actual operating costs, if it does not.
    pub fn of(model: &CostModel) -> Option<NotCountedWhy> {
        match (
            model.operating.enabled,
            model.operating.use_facility_actuals,
        ) {
            (true, true) => None,
            (true, false) => Some(NotCountedWhy::RatesInstead),
            (false, _) => Some(NotCountedWhy::NoRunningCosts),
        }
    }

    /// Why, in words.
    pub fn text(self) -> &'static str {
        match self {
            NotCountedWhy::NoRunningCosts => {
                "the cost model projects no running costs ([operating] enabled = false)"
            }
            NotCountedWhy::RatesInstead => {
                "the cost model prices running costs per m² instead ([operating] \
                 use_facility_actuals = false)"
            }
        }
    }
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
        year_totals: Vec::new(),
        total: Decimal::ZERO,
        total_proceeds: Decimal::ZERO,
        avoided: vec![Decimal::ZERO; n_years],
        total_avoided: Decimal::ZERO,
        not_counted: None,
    };
    let escalation = escalation_factors(model, h).map_err(|e| escalation_error(model, name, e))?;
    // An amount that leaves the exact range is reported with the model key that prices it, where
    // that key is written, and the year, kind and category it falls in.
    let at = |i: usize, kind: Kind, category: Category| {
        let escalation = &escalation;
        move |_: Overflow| overflow_error(model, name, h, escalation, i, kind, category)
    };
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
                    .and_then(|x| p.add(i, Kind::Repair, cat, x, &escalation))
                    .map_err(at(i, Kind::Repair, cat))?;
                trace(Source::Class(class, None), i, Kind::Repair, cat, amount);
            }
            if per_m2_operating && !operating.is_zero() {
                let amount = operating
                    .checked_mul(a)
                    .ok_or(Overflow)
                    .and_then(|x| p.add(i, Kind::Operating, cat, x, &escalation))
                    .map_err(at(i, Kind::Operating, cat))?;
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
        // Renewals left out because the facility closes soon after: priced as scheduled, at the
        // year's prices, and reported apart (not part of the costs).
        if class.closes.is_some() {
            avoided_schedule(model, agg, class, h, &mut charges);
            for ch in &charges {
                let (Some(i), true) = (h.index(ch.year), ch.year >= exists_from) else {
                    continue;
                };
                let f = escalation[i];
                let amount = ch
                    .numerator
                    .checked_mul(a)
                    .and_then(|x| x.checked_div(Decimal::from(ch.divisor)))
                    .and_then(|x| x.checked_mul(f))
                    .and_then(|x| p.avoided[i].checked_add(x))
                    .ok_or(Overflow)
                    .map_err(at(i, ch.kind, cat))?;
                p.avoided[i] = amount;
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
            .map_err(|(i, kind)| overflow_error(model, name, h, &escalation, i, kind, cat))?;
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
                .and_then(|x| p.add(i, ch.kind, cat, x, &escalation))
                .map_err(at(i, ch.kind, cat))?;
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
                    // A number the inventory gives is not dropped without a word: what the
                    // model leaves out is counted, and every output says so.
                    let end = until.map_or(last, |u| (u - 1).min(last));
                    let mut yen_over_plan = Decimal::ZERO;
                    for y in from.max(first)..=end {
                        if let Some(i) = h.index(y) {
                            yen_over_plan = yen
                                .checked_mul(escalation[i])
                                .and_then(|x| yen_over_plan.checked_add(x))
                                .ok_or(Overflow)
                                .map_err(at(i, kind, category))?;
                        }
                    }
                    let why = NotCountedWhy::of(model).unwrap_or(NotCountedWhy::NoRunningCosts);
                    let nc = p.not_counted.get_or_insert(NotCounted {
                        facilities: 0,
                        yen: Decimal::ZERO,
                        why,
                    });
                    nc.facilities += 1;
                    nc.yen = nc
                        .yen
                        .checked_add(yen_over_plan)
                        .ok_or(Overflow)
                        .map_err(at(0, kind, category))?;
                    continue;
                }
                let end = until.map_or(last, |u| (u - 1).min(last));
                for y in from.max(first)..=end {
                    if let Some(i) = h.index(y) {
                        let amount = p
                            .add(i, kind, category, yen, &escalation)
                            .map_err(at(i, kind, category))?;
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
                        .map_err(at(i, kind, category))?;
                    trace(Source::Item(n), i, kind, category, amount);
                }
            }
            Item::Proceeds { year, yen } => {
                if let Some(i) = h.index(year) {
                    p.proceeds[i] = p.proceeds[i]
                        .checked_add(yen)
                        .ok_or_else(|| Error::overflow(name, msg!(WhatProceeds))(Overflow))?;
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
            .map_err(at(0, Kind::Rebuild, asset.category))?;
        for &(y, kind, yen) in &out {
            if let Some(i) = h.index(y) {
                let amount = p
                    .add(i, kind, asset.category, yen.get(), &escalation)
                    .map_err(at(i, kind, asset.category))?;
                trace(Source::Infrastructure(n), i, kind, asset.category, amount);
            }
        }
    }
    if let (Some(nc), true) = (&mut p.not_counted, agg.n_actual_operating > 0) {
        nc.facilities = agg.n_actual_operating;
    }
    p.settle_totals(model, &escalation)?;
    Ok(p)
}

/// The model keys that price an amount of `kind` in `category`, most specific first: what a
/// message names when that amount leaves the exact range.
fn pricing_keys(kind: Kind, category: Category) -> Vec<String> {
    let c = category.key();
    if !category.is_building() {
        return vec![format!("infrastructure.{c}")];
    }
    match kind {
        Kind::Operating => vec![
            format!("operating.yen_per_m2.{c}"),
            "operating.default_yen_per_m2".into(),
        ],
        Kind::Repair => vec![
            format!("repair.yen_per_m2.{c}"),
            "repair.default_yen_per_m2".into(),
            "condition.repair_yen_per_m2".into(),
        ],
        Kind::Renovation | Kind::Rebuild | Kind::RenovationBacklog | Kind::RebuildBacklog => {
            vec![format!("unit_costs.{c}")]
        }
        Kind::Demolition => vec![
            "demolition.yen_per_m2".into(),
            "demolition.default_yen_per_m2".into(),
        ],
        Kind::Construction => vec![
            format!("construction.yen_per_m2.{c}"),
            "construction.default_yen_per_m2".into(),
            format!("unit_costs.{c}"),
        ],
    }
}

/// The error for an amount of `kind` in `category` in year `i` that leaves the exact range: the
/// model key that prices it (file, line), what overflowed, and the escalation that multiplied it.
fn overflow_error(
    model: &CostModel,
    scenario: &str,
    h: Horizon,
    escalation: &[Decimal],
    i: usize,
    kind: Kind,
    category: Category,
) -> Error {
    let keys = pricing_keys(kind, category);
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let factor = escalation.get(i).copied().unwrap_or(Decimal::ONE);
    let escalated = if factor == Decimal::ONE {
        msg!(Nothing)
    } else {
        msg!(
            WhatEscalated,
            factor = factor.round_sf(4).unwrap_or(factor).normalize(),
            location = model.locate(&["escalation.rate"])
        )
    };
    Error::Overflow {
        context: msg!(
            WhatAmount,
            location = model.locate(&keys),
            kind = kind.key(),
            category = category.key(),
            year = h.first().get() + i as i32,
            scenario,
            escalated
        ),
        source: Overflow,
    }
}

/// The error for escalation factors that leave the range: overflow, or prices that fall to
/// nothing.
fn escalation_error(model: &CostModel, scenario: &str, e: EscalationError) -> Error {
    let context = msg!(
        WhatCompound,
        location = model.locate(&["escalation.rate"]),
        scenario
    );
    match e {
        EscalationError::Overflow => Error::Overflow {
            context,
            source: Overflow,
        },
        EscalationError::Vanishing => {
            let (file, line) = model.origin("escalation.rate").unwrap_or(("", None));
            Error::Input(
                crate::error::Diagnostic::field(
                    file,
                    line,
                    "escalation.rate",
                    msg!(PricesVanish, scenario = scenario.to_string()),
                )
                .into(),
            )
        }
    }
}

/// Why escalation factors cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EscalationError {
    /// A factor leaves the exact range.
    Overflow,
    /// A factor falls below 10⁻¹²: amounts would lose their digits, and dividing by the factor
    /// (to move an amount to another year) would divide by almost nothing.
    Vanishing,
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
    if let Some(c) = class.closes {
        let skip = agg.skip_before_closure;
        out.retain(|ch| !skip.skips(ch.event, is_backlog(ch.kind), ch.start, ch.year, c));
    }
}

/// The renewal charges, per m², of one class that [`class_schedule`] leaves out because its
/// facility closes within the window of the event (`[closure]`): the renewals avoided, into `out`
/// (cleared first). Only what would have fallen in the years the building still stands.
pub fn avoided_schedule(
    model: &CostModel,
    agg: &Aggregate,
    class: &BuildingClass,
    h: Horizon,
    out: &mut Vec<Charge>,
) {
    out.clear();
    let Some(c) = class.closes else { return };
    let skip = agg.skip_before_closure;
    if skip == crate::cost::SkipBeforeClosure::default() {
        return;
    }
    let rules = match class.rules {
        0 => &model.renewal,
        n => &agg.alternate_rules[usize::from(n) - 1],
    };
    rules.schedule(
        &model.prices(class.category),
        class.timing,
        h.first().get(),
        h.last().get(),
        out,
    );
    if class.shift > 0 {
        for s in &agg.shifts[class.shift as usize - 1] {
            for ch in out
                .iter_mut()
                .filter(|ch| ch.event == s.event && ch.start == s.start)
            {
                ch.year += s.to - s.start;
            }
        }
    }
    out.retain(|ch| ch.year < c && skip.skips(ch.event, is_backlog(ch.kind), ch.start, ch.year, c));
}

/// Whether an amount is an overdue renewal's, spread over the plan's first years.
fn is_backlog(kind: Kind) -> bool {
    matches!(kind, Kind::RenovationBacklog | Kind::RebuildBacklog)
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
) -> std::result::Result<(), (usize, Kind)> {
    use crate::condition::engine::{Unit, expected, split_events};
    let cond = &model.condition;
    let cat = class.category;
    let (backlog, events) =
        split_events(charges, area).map_err(|(y, kind)| (h.index(y).unwrap_or(0), kind))?;
    for &(y, kind, amount) in &backlog {
        if y > until {
            continue;
        }
        if let Some(i) = h.index(y) {
            let amount = p
                .add(i, kind, cat, amount, escalation)
                .map_err(|_| (i, kind))?;
            trace(Source::Class(class, None), i, kind, cat, amount);
        }
    }
    if from > until {
        return Ok(());
    }
    let chain = &cond.deterioration.chains()[cond.deterioration.chain_for(cat, class.structure)];
    let mut repair = [Decimal::ZERO; 4];
    for (g, r) in repair.iter_mut().enumerate() {
        *r = cond.repair_yen_per_m2[g]
            .checked_mul(area)
            .ok_or((0, Kind::Repair))?;
    }
    let unit = Unit {
        chain,
        timing: cond.timing,
        repair,
        area_units: 0,
        years: (from, until),
        start: start_grades(class, chain, h.first().get()),
        events: &events,
    };
    let mut failed = None;
    let mut charge = |y: i32, kind: Kind, amount: Decimal, event: Option<usize>| {
        let Some(i) = h.index(y) else { return };
        match p.add(i, kind, cat, amount, escalation) {
            Ok(a) => {
                let event = event.map(|k| (events[k].event, events[k].due));
                trace(Source::Condition(class, event), i, kind, cat, a);
            }
            Err(_) => {
                failed.get_or_insert((i, kind));
            }
        }
    };
    let mut grades: Vec<(i32, [Decimal; 4])> = Vec::new();
    expected(&unit, &mut charge, &mut |y, dist| grades.push((y, dist)));
    if let Some(at) = failed {
        return Err(at);
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
///
/// # Errors
///
/// [`EscalationError`] when a factor leaves the exact range or falls below 10⁻¹².
pub fn escalation_factors(
    model: &CostModel,
    h: Horizon,
) -> std::result::Result<Vec<Decimal>, EscalationError> {
    let rate = model.escalation.rate;
    if rate.is_zero() {
        return Ok(vec![Decimal::ONE; h.years() as usize]);
    }
    let base = model.escalation.base_year.unwrap_or(h.first()).get();
    let step = Decimal::ONE
        .checked_add(rate)
        .ok_or(EscalationError::Overflow)?;
    let least = Decimal::new(1, 12);
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
                .ok_or(EscalationError::Overflow)?;
            }
            if f < least {
                return Err(EscalationError::Vanishing);
            }
            Ok(f)
        })
        .collect()
}

/// The escalation factors of a model over a horizon, or the error that names `escalation.rate`.
///
/// # Errors
///
/// [`Error::Overflow`] when prices compound beyond the exact range; [`Error::Input`] (at the key) when they
/// fall below 10⁻¹² of the base year's.
pub fn escalation(model: &CostModel, h: Horizon, scenario: &str) -> Result<Vec<Decimal>> {
    escalation_factors(model, h).map_err(|e| escalation_error(model, scenario, e))
}

impl Projection {
    /// Sums the years and the plan with checked arithmetic: the one place where a sum of the
    /// projection's amounts can leave the exact range. Every amount is not negative (prices,
    /// areas, rates and escalation factors are not), so once the plan's total is at most
    /// [`crate::money::MAX_PROJECTION_YEN`], so is every sum of its amounts (a year, a kind, a
    /// category, a facility's part): the accessors below add without checks.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming the model key of the amount at which the sum left the range.
    fn settle_totals(&mut self, model: &CostModel, escalation: &[Decimal]) -> Result<()> {
        let h = self.plan.horizon;
        let mut total = Decimal::ZERO;
        self.year_totals = Vec::with_capacity(self.years());
        for i in 0..self.years() {
            let mut year = Decimal::ZERO;
            for kind in ALL_KINDS {
                for category in ALL_CATEGORIES {
                    let amount = self.cells[cell(i, kind, category)];
                    debug_assert!(amount >= Decimal::ZERO, "amounts are not negative");
                    let fail =
                        |_| overflow_error(model, &self.name, h, escalation, i, kind, category);
                    year = year.checked_add(amount).ok_or(Overflow).map_err(fail)?;
                    total = total
                        .checked_add(amount)
                        .filter(|t| *t <= crate::money::MAX_PROJECTION_YEN)
                        .ok_or(Overflow)
                        .map_err(fail)?;
                }
            }
            self.year_totals.push(year);
        }
        self.total = total;
        let mut proceeds = Decimal::ZERO;
        for p in &self.proceeds {
            proceeds = proceeds
                .checked_add(*p)
                .ok_or_else(|| Error::overflow(&self.name, msg!(WhatProceeds))(Overflow))?;
        }
        self.total_proceeds = proceeds;
        let mut avoided = Decimal::ZERO;
        for a in &self.avoided {
            avoided = avoided
                .checked_add(*a)
                .ok_or_else(|| Error::overflow(&self.name, msg!(WhatAvoided))(Overflow))?;
        }
        self.total_avoided = avoided;
        Ok(())
    }

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
        Yen::new(self.year_totals[i])
    }

    /// The total of one kind in year `i` (a part of the plan's total, so it fits: see
    /// [`Projection::total`]).
    pub fn kind_total(&self, i: usize, kind: Kind) -> Yen {
        let start = cell(i, kind, ALL_CATEGORIES[0]);
        Yen::new(self.cells[start..start + N_CATEGORIES].iter().sum())
    }

    /// The total of one category in year `i` (a part of the plan's total, so it fits).
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

    /// Renewal avoided in year `i`: the renewals left out because their facility closes within
    /// the window of `[closure]` (or the scenario's), priced as scheduled. Not part of the costs.
    pub fn renewal_avoided(&self, i: usize) -> Yen {
        Yen::new(self.avoided[i])
    }

    /// Renewal avoided over the horizon.
    pub fn total_renewal_avoided(&self) -> Yen {
        Yen::new(self.total_avoided)
    }

    /// The facilities' actual operating costs the model does not count, if the inputs give any.
    pub fn not_counted(&self) -> Option<NotCounted> {
        self.not_counted
    }

    /// Total proceeds over the horizon.
    pub fn total_proceeds(&self) -> Yen {
        Yen::new(self.total_proceeds)
    }

    /// The number of years.
    pub fn years(&self) -> usize {
        self.floor_area.len()
    }

    /// The total over the horizon. It was summed with checked arithmetic when the projection was
    /// made (a projection whose total would leave the exact range is an error, not a value), and
    /// every amount is not negative, so every sum of a projection's amounts is at most this and
    /// fits.
    pub fn total(&self) -> Yen {
        Yen::new(self.total)
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
