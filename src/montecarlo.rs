//! Monte Carlo: the probability that a year, or any year, goes over the cap.
//!
//! Each run draws, from the model's `[uncertainty]`, a yearly construction-cost escalation and a
//! multiplier on renewal and construction unit costs; and, for every building under condition rules,
//! its starting grade and its grade in each following year from its deterioration chain, which moves
//! its renewals (a D-grade building's brought forward, an A-grade one's deferred) and prices its
//! repairs by grade; the buildings of a large class are drawn together as a cohort
//! ([`crate::condition::cohort`], [`Sampler`]), with the same law as one by one. Everything else is
//! the deterministic projection's. Runs are independent and
//! seeded by `(seed, run)`, so the result is the same at any thread count; amounts stay exact
//! decimals, and percentiles are order statistics of the runs (nearest rank).

use crate::msg;
use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::category::{Kind, N_KINDS};
use crate::condition::chain::thresholds;
use crate::condition::engine::{Unit, sampled, split_events};
use crate::cost::Uncertainty;
use crate::cost::renewal::Charge;
use crate::error::{Error, Result};
use crate::money::Yen;
use crate::plan::Plan;
use crate::projection::{
    Projection, Source, by_condition, class_schedule, escalation, project_traced, start_grades,
};
use crate::rng::SplitMix64;
use crate::scenario::Scenario;

/// How many runs, and the seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Number of runs.
    pub runs: u32,
    /// Seed of the runs.
    pub seed: u64,
}

/// The statistics of one fiscal year over the runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearStats {
    /// 5th percentile of the year's total.
    pub p5: Yen,
    /// Median.
    pub p50: Yen,
    /// 95th percentile.
    pub p95: Yen,
    /// Mean.
    pub mean: Yen,
    /// Runs in which the year is over the cap.
    pub over_cap_runs: u32,
    /// Mean floor area by grade (A, B, C, D, unknown), when the model has condition rules.
    pub grades: Option<[Decimal; 5]>,
}

/// The result of a Monte Carlo analysis.
#[derive(Clone, Debug)]
pub struct MonteCarlo {
    /// The scenario.
    pub scenario: String,
    /// The cost model.
    pub model: String,
    /// The plan.
    pub plan: Plan,
    /// The settings.
    pub settings: Settings,
    /// What was drawn.
    pub uncertainty: Uncertainty,
    /// Whether deterioration was drawn.
    pub condition: bool,
    /// Per fiscal year.
    pub years: Vec<YearStats>,
    /// Runs with at least one year over the cap.
    pub any_over_cap_runs: u32,
    /// The deterministic (expected-value) projection.
    pub expected: Projection,
}

impl MonteCarlo {
    /// The share of runs with year `i` over the cap.
    pub fn probability_over_cap(&self, i: usize) -> Decimal {
        Decimal::from(self.years[i].over_cap_runs) / Decimal::from(self.settings.runs)
    }

    /// The share of runs with any year over the cap.
    pub fn probability_any_over_cap(&self) -> Decimal {
        Decimal::from(self.any_over_cap_runs) / Decimal::from(self.settings.runs)
    }
}

/// The most runs accepted (their yearly totals are kept for the percentiles).
pub const MAX_RUNS: u32 = 1_000_000;

/// How a run draws the grades of the buildings under condition rules. Both draw from the same
/// law; they consume the random sequence differently, so a seed gives other (equally likely)
/// runs with each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampler {
    /// Every building on its own: a draw for its first grade and one for each year (the
    /// reference).
    Building,
    /// Buildings of one class (all that fixes their chain, first grades and renewal schedule per
    /// m²: category, structure, years built and renovated, surveyed grade, closure, renewal rules
    /// and shifts) as a cohort ([`crate::condition::cohort`]) once the class has at least
    /// `min_cohort` buildings; smaller classes building by building, in the reference's order.
    Class {
        /// The fewest buildings drawn as a cohort.
        min_cohort: u32,
    },
}

/// The fewest buildings of a class drawn as a cohort by default. A cohort costs a binomial draw
/// for each occupied state (a grade and the next renewal) each year, against a draw per building
/// and year building by building: below a dozen or so buildings the cohort saves nothing (an
/// estimate from those counts, not a measurement). An inventory without 16 buildings of one
/// class, such as Kanuma's, is drawn exactly as building by building.
pub const MIN_COHORT: u32 = 16;

impl Default for Sampler {
    fn default() -> Sampler {
        Sampler::Class {
            min_cohort: MIN_COHORT,
        }
    }
}

/// A building whose renewals and repairs the runs draw.
struct Drawn {
    unit_events: Vec<crate::condition::engine::Event>,
    chain: usize,
    start: [Decimal; 4],
    /// `start` as cumulative thresholds on 2⁶³.
    start_cum: [u64; 4],
    years: (i32, i32),
    area_units: i128,
}

/// A class drawn as a cohort.
struct Cohort {
    events: Vec<crate::condition::cohort::RateEvent>,
    chain: usize,
    start_cum: [u64; 4],
    years: (i32, i32),
    /// Each building's area, fixed-point units.
    areas: Vec<i64>,
    /// The class (less what tells its buildings apart), for errors.
    class: crate::projection::BuildingClass,
}

/// What a run draws, in order.
enum Draw {
    Building(Drawn),
    Cohort(Cohort),
}

/// Runs the analysis. `progress(done)` is called as runs finish (from any thread).
///
/// # Errors
///
/// [`Error::Runs`] for 0 runs or more than [`MAX_RUNS`]; [`Error::Overflow`] for absurd amounts.
pub fn run(
    s: &Scenario,
    settings: Settings,
    progress: &(dyn Fn(u32) + Sync),
) -> Result<MonteCarlo> {
    run_with(s, settings, Sampler::default(), progress)
}

/// Runs the analysis drawing grades with `sampler` ([`run`] uses the default).
///
/// # Errors
///
/// As [`run`].
pub fn run_with(
    s: &Scenario,
    settings: Settings,
    sampler: Sampler,
    progress: &(dyn Fn(u32) + Sync),
) -> Result<MonteCarlo> {
    let prepared = prepare(s, settings, sampler)?;
    let runs = prepared.runs(0..settings.runs, progress)?;
    Ok(prepared.summarize(runs))
}

/// Runs `range` of the analysis's runs (a part of `0..settings.runs`, for a shard), in run order.
///
/// # Errors
///
/// As [`run`].
pub fn run_part(
    s: &Scenario,
    settings: Settings,
    range: std::ops::Range<u32>,
    progress: &(dyn Fn(u32) + Sync),
) -> Result<Vec<RunTotals>> {
    run_part_with(s, settings, Sampler::default(), range, progress)
}

/// [`run_part`] drawing grades with `sampler`.
///
/// # Errors
///
/// As [`run`].
pub fn run_part_with(
    s: &Scenario,
    settings: Settings,
    sampler: Sampler,
    range: std::ops::Range<u32>,
    progress: &(dyn Fn(u32) + Sync),
) -> Result<Vec<RunTotals>> {
    prepare(s, settings, sampler)?.runs(range, progress)
}

/// The analysis from every run's results, in run order (the parts of shards put together): the
/// same as [`run`] when they are the same runs.
///
/// # Errors
///
/// As [`run`]; [`Error::Runs`] when there are not `settings.runs` results.
pub fn from_runs(s: &Scenario, settings: Settings, runs: Vec<RunTotals>) -> Result<MonteCarlo> {
    let prepared = prepare(s, settings, Sampler::default())?;
    if runs.len() != settings.runs as usize
        || runs
            .iter()
            .any(|r| r.totals.len() != prepared.n_years || r.grades.len() != prepared.n_years)
    {
        return Err(Error::Runs {
            runs: runs.len() as u32,
            max: settings.runs,
        });
    }
    Ok(prepared.summarize(runs))
}

/// Everything the runs share: the deterministic parts, computed once.
struct Prepared {
    outcome: crate::run::Outcome,
    settings: Settings,
    n_years: usize,
    fixed: Vec<[Decimal; 3]>,
    drawn: Vec<Draw>,
    model_esc: Vec<Decimal>,
    unknown: Vec<Decimal>,
    expected: Projection,
}

fn prepare(s: &Scenario, settings: Settings, sampler: Sampler) -> Result<Prepared> {
    if settings.runs == 0 || settings.runs > MAX_RUNS {
        return Err(Error::Runs {
            runs: settings.runs,
            max: MAX_RUNS,
        });
    }
    // Leveling is decided once, on the expected projection, as the plan would be.
    let outcome = crate::run::run(s)?;
    let s = &outcome.scenario;
    let model = s.model();
    let plan = s.plan();
    let h = plan.horizon;
    let first = h.first().get();
    let n_years = h.years() as usize;
    let cond = &model.condition;
    // Drawn buildings need their own areas: the scenario lowered building by building. Under
    // condition rules the deterministic parts and the expected projection are priced from floor
    // area summed by class, as the projection prices them: evaluating the expected grades of each
    // of a million buildings would cost more than a thousand runs. Without condition rules they
    // are priced building by building, as they always were (the exact amounts of a shard's part
    // stay the same to the last digit).
    let lowered = s.lower(true)?;
    let summed = if cond.enabled {
        Some(s.lower(false)?)
    } else {
        None
    };

    // The deterministic parts, by year, in three groups: running costs (never multiplied), renewal and
    // construction (escalated, times the unit-cost draw), demolition (escalated). Amounts the runs
    // draw are left out.
    let mut fixed = vec![[Decimal::ZERO; 3]; n_years];
    // Each group is a part of the projection's total, which fits once the projection is made; a
    // sum that does not fit can only come with the projection's own (located) error.
    let mut fixed_overflow = false;
    let expected = project_traced(
        s.name(),
        model,
        plan,
        summed.as_ref().map_or(&lowered.aggregate, |l| &l.aggregate),
        &mut |src, i, kind, _, amount| {
            if matches!(src, Source::Condition(..)) {
                return;
            }
            let slot = &mut fixed[i][group(kind)];
            match slot.checked_add(amount) {
                Some(v) => *slot = v,
                None => fixed_overflow = true,
            }
        },
    )?;
    if fixed_overflow {
        return Err(Error::overflow(s.name(), msg!(WhatDeterministicPart))(
            crate::money::Overflow,
        ));
    }

    // The drawn buildings, in class order, with the schedule each class would have; the buildings
    // of a class large enough drawn together as a cohort, in the place of its first building.
    let mut drawn: Vec<Draw> = Vec::new();
    let mut charges: Vec<Charge> = Vec::new();
    if cond.enabled {
        let agg = &lowered.aggregate;
        let min_cohort = match sampler {
            Sampler::Building => u32::MAX,
            Sampler::Class { min_cohort } => min_cohort.max(1),
        };
        // A class's key: the class less what tells its buildings apart (the building, and whether
        // its facility has an actual operating cost, which moves no renewal or grade).
        let key = |class: &crate::projection::BuildingClass| crate::projection::BuildingClass {
            unit: 0,
            has_actual_operating: false,
            ..*class
        };
        let mut sizes: std::collections::HashMap<_, u32> = std::collections::HashMap::new();
        if min_cohort < u32::MAX {
            for (class, area) in &agg.classes {
                if by_condition(model, class) && i64::try_from(area.units()).is_ok() {
                    *sizes.entry(key(class)).or_default() += 1;
                }
            }
        }
        // Where each cohort is in `drawn`.
        let mut cohort_at: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
        let renewal_overflow = |class: &crate::projection::BuildingClass| Error::Overflow {
            context: msg!(
                WhatRenewalOf,
                location = model.locate(&[&format!("unit_costs.{}", class.category.key())]),
                category = class.category.key(),
                scenario = s.name()
            ),
            source: crate::money::Overflow,
        };
        for (class, area) in &agg.classes {
            if !by_condition(model, class) {
                continue;
            }
            let (from, until) = class.years(h);
            if from > until {
                continue;
            }
            let chain = cond
                .deterioration
                .chain_for(class.category, class.structure);
            let k = key(class);
            let units = i64::try_from(area.units()).ok();
            if let Some(units) = units.filter(|_| sizes.get(&k).is_some_and(|&n| n >= min_cohort)) {
                if let Some(&at) = cohort_at.get(&k) {
                    if let Draw::Cohort(c) = &mut drawn[at] {
                        c.areas.push(units);
                    }
                    continue;
                }
                class_schedule(model, agg, class, h, &mut charges);
                let start = start_grades(class, &cond.deterioration.chains()[chain], first);
                cohort_at.insert(k, drawn.len());
                drawn.push(Draw::Cohort(Cohort {
                    class: k,
                    events: crate::condition::cohort::rate_events(&charges),
                    chain,
                    start_cum: thresholds(&[start; 4])[0],
                    years: (from, until),
                    areas: vec![units],
                }));
                continue;
            }
            // The same schedule the projection prices (class_schedule), drawn instead of expected.
            class_schedule(model, agg, class, h, &mut charges);
            let (_, events) =
                split_events(&charges, area.to_decimal()).map_err(|_| renewal_overflow(class))?;
            let start = start_grades(class, &cond.deterioration.chains()[chain], first);
            drawn.push(Draw::Building(Drawn {
                unit_events: events,
                chain,
                start,
                start_cum: thresholds(&[start; 4])[0],
                years: (from, until),
                area_units: area.units(),
            }));
        }
        // A cohort's amounts are at most its whole area's, which must fit.
        for d in &drawn {
            if let Draw::Cohort(c) = d {
                let whole =
                    crate::units::AreaSum::from_units(c.areas.iter().map(|&a| i128::from(a)).sum())
                        .to_decimal();
                for e in &c.events {
                    for &(_, _, numerator, divisor) in &e.charges {
                        if numerator
                            .checked_mul(whole)
                            .and_then(|x| x.checked_div(Decimal::from(divisor)))
                            .is_none()
                        {
                            return Err(renewal_overflow(&c.class));
                        }
                    }
                }
            }
        }
    }
    let model_esc = escalation(model, h, s.name())?;
    let unknown: Vec<Decimal> = (0..n_years)
        .map(|i| expected.grades(i).map_or(Decimal::ZERO, |g| g[4]))
        .collect();
    Ok(Prepared {
        settings,
        n_years,
        fixed,
        drawn,
        model_esc,
        unknown,
        expected,
        outcome,
    })
}

/// The escalation rate and unit-cost multiplier each run draws first (the rest of a run's draws,
/// deterioration, follow them), in run order: the optimizer plans robust plans against exactly
/// these.
pub fn draws(u: &Uncertainty, settings: Settings) -> Vec<(Decimal, Decimal)> {
    (0..settings.runs)
        .map(|r| {
            let mut rng = SplitMix64::new(run_seed(settings.seed, r));
            let rate = u.escalation.draw(&mut rng);
            let mult = u.renewal_unit_cost.draw(&mut rng);
            (rate, mult)
        })
        .collect()
}

impl Prepared {
    /// The runs of `range`, in run order.
    // Grades are indices into 4-element rows of probabilities; index loops read like the maths.
    #[allow(clippy::needless_range_loop)]
    fn runs(
        &self,
        range: std::ops::Range<u32>,
        progress: &(dyn Fn(u32) + Sync),
    ) -> Result<Vec<RunTotals>> {
        let s = &self.outcome.scenario;
        let model = s.model();
        let plan = s.plan();
        let h = plan.horizon;
        let first = h.first().get();
        let n_years = self.n_years;
        let cond = &model.condition;
        let (fixed, drawn, model_esc) = (&self.fixed, &self.drawn, &self.model_esc);
        let settings = self.settings;
        let u = model.uncertainty;
        let done = AtomicU32::new(0);

        // One run: its yearly totals and its floor area by grade; or, when its draws take a year
        // beyond the exact range, that year.
        let one = |r: u32| -> std::result::Result<RunTotals, (u32, usize)> {
            let mut rng = SplitMix64::new(run_seed(settings.seed, r));
            let rate = u.escalation.draw(&mut rng);
            let mult = u.renewal_unit_cost.draw(&mut rng);
            let mut renewal = vec![Decimal::ZERO; n_years];
            let mut renewal_overflow: Option<usize> = None;
            let mut area_by_grade = vec![[0i128; 4]; n_years];
            for d in drawn {
                let d = match d {
                    Draw::Building(d) => d,
                    Draw::Cohort(c) => {
                        let cohort = crate::condition::cohort::Cohort {
                            chain: &cond.deterioration.chains()[c.chain],
                            timing: cond.timing,
                            years: c.years,
                            start: c.start_cum,
                            events: &c.events,
                            areas: &c.areas,
                        };
                        let drew = crate::condition::cohort::sampled(
                            &cohort,
                            &mut rng,
                            &mut |y, _, amount| {
                                if let Some(i) = h.index(y) {
                                    match renewal[i].checked_add(amount) {
                                        Some(v) => renewal[i] = v,
                                        None => {
                                            renewal_overflow.get_or_insert(i);
                                        }
                                    }
                                }
                            },
                            &mut |y, g, units| {
                                if let Some(i) = h.index(y) {
                                    area_by_grade[i][g] += units;
                                }
                            },
                        );
                        if let Err((y, _)) = drew {
                            renewal_overflow.get_or_insert(h.index(y).unwrap_or(0));
                        }
                        continue;
                    }
                };
                let chain = &cond.deterioration.chains()[d.chain];
                let unit = Unit {
                    chain,
                    timing: cond.timing,
                    repair: [Decimal::ZERO; 4],
                    area_units: d.area_units,
                    years: d.years,
                    start: d.start,
                    events: &d.unit_events,
                };
                // The first grade from the thresholds of its distribution (sample_grade's, made
                // once).
                let u = rng.next_u64() >> 1;
                let g0 = d.start_cum.iter().position(|&c| u < c).unwrap_or(3);
                sampled(
                    &unit,
                    g0,
                    &mut rng,
                    &mut |y, _, amount, _| {
                        if let Some(i) = h.index(y) {
                            match renewal[i].checked_add(amount) {
                                Some(v) => renewal[i] = v,
                                None => {
                                    renewal_overflow.get_or_insert(i);
                                }
                            }
                        }
                    },
                    &mut |y, g| {
                        if let Some(i) = h.index(y) {
                            area_by_grade[i][g] += d.area_units;
                        }
                    },
                );
            }
            if let Some(i) = renewal_overflow {
                return Err((r, i));
            }
            // The escalation drawn compounds from the first year; its range (-0.5 to 1 a year) keeps
            // it positive, and a year whose amounts it takes beyond the exact range is an error.
            let step = Decimal::ONE + rate;
            let mut esc = Decimal::ONE;
            let mut totals = Vec::with_capacity(n_years);
            for i in 0..n_years {
                let fail = || (r, i);
                if i > 0 {
                    esc = esc.checked_mul(step).ok_or_else(fail)?;
                }
                let mut repairs = Decimal::ZERO;
                for (g, units) in area_by_grade[i].iter().enumerate() {
                    let rate_g = cond.repair_yen_per_m2[g];
                    if rate_g.is_zero() || *units == 0 {
                        continue;
                    }
                    let area = crate::units::AreaSum::from_units(*units).to_decimal();
                    repairs = rate_g
                        .checked_mul(area)
                        .and_then(|x| repairs.checked_add(x))
                        .ok_or_else(fail)?;
                }
                let [running, works, demolition] = fixed[i];
                let total = (|| {
                    let works = works.checked_mul(esc)?.checked_mul(mult)?;
                    let demolition = demolition.checked_mul(esc)?;
                    let drawn = renewal[i]
                        .checked_mul(mult)?
                        .checked_mul(esc)?
                        .checked_add(repairs)?
                        .checked_mul(model_esc[i])?;
                    running
                        .checked_add(works)?
                        .checked_add(demolition)?
                        .checked_add(drawn)
                })()
                .ok_or_else(fail)?;
                totals.push(total);
            }
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n % 64 == 0 || n == range.len() as u32 {
                progress(n);
            }
            Ok(RunTotals {
                totals,
                grades: area_by_grade,
            })
        };
        let ran: Vec<_> = range.clone().into_par_iter().map(one).collect();
        // The first run (in run order, whatever the threads) whose draws leave the exact range.
        let mut results: Vec<RunTotals> = Vec::with_capacity(ran.len());
        for run in ran {
            match run {
                Ok(r) => results.push(r),
                Err((r, i)) => {
                    return Err(Error::Overflow {
                        context: msg!(
                            WhatDraws,
                            unit_cost = model.locate(&["uncertainty.renewal_unit_cost"]),
                            escalation = model.locate(&["uncertainty.escalation"]),
                            run = r + 1,
                            year = first + i as i32,
                            scenario = s.name()
                        ),
                        source: crate::money::Overflow,
                    });
                }
            }
        }
        Ok(results)
    }

    /// The statistics of the runs (all of them, in run order).
    // Grades are indices into 4-element rows; index loops read like the maths.
    #[allow(clippy::needless_range_loop)]
    fn summarize(self, results: Vec<RunTotals>) -> MonteCarlo {
        let s = &self.outcome.scenario;
        let model = s.model();
        let plan = s.plan();
        let n_years = self.n_years;
        let cond = &model.condition;
        let settings = self.settings;
        let unknown = &self.unknown;
        let cap = plan.cap.map(|c| c.get());
        let runs = Decimal::from(settings.runs);
        let mut any_over = 0;
        for RunTotals { totals, .. } in &results {
            if let Some(c) = cap {
                if totals.iter().any(|t| *t > c) {
                    any_over += 1;
                }
            }
        }
        let mut grade_sums = vec![[0i128; 4]; n_years];
        for RunTotals { grades: g, .. } in &results {
            for i in 0..n_years {
                for k in 0..4 {
                    grade_sums[i][k] += g[i][k];
                }
            }
        }
        let years = (0..n_years)
            .map(|i| {
                let mut v: Vec<Decimal> = results.iter().map(|r| r.totals[i]).collect();
                v.sort_unstable();
                let rank = |q: u32| {
                    let k = (u64::from(settings.runs) * u64::from(q))
                        .div_ceil(100)
                        .max(1) as usize;
                    Yen::new(v[k - 1])
                };
                // The mean of the runs; when their sum leaves the exact range, the sum of each run's
                // share (every partial sum of which is at most the largest run, so it fits).
                let mean = v
                    .iter()
                    .try_fold(Decimal::ZERO, |a, t| a.checked_add(*t))
                    .map(|sum| sum / runs)
                    .unwrap_or_else(|| v.iter().map(|t| *t / runs).sum());
                let mean = Yen::new(mean);
                let over = cap.map_or(0, |c| v.iter().filter(|t| **t > c).count() as u32);
                let grades = cond.enabled.then(|| {
                    let mut g = [Decimal::ZERO; 5];
                    for k in 0..4 {
                        g[k] =
                            crate::units::AreaSum::from_units(grade_sums[i][k]).to_decimal() / runs;
                    }
                    g[4] = unknown[i];
                    g
                });
                YearStats {
                    p5: rank(5),
                    p50: rank(50),
                    p95: rank(95),
                    mean,
                    over_cap_runs: over,
                    grades,
                }
            })
            .collect();
        MonteCarlo {
            scenario: s.name().to_string(),
            model: model.name().to_string(),
            plan,
            settings,
            uncertainty: model.uncertainty,
            condition: cond.enabled,
            years,
            any_over_cap_runs: any_over,
            expected: self.expected,
        }
    }
}

/// One run's results: its yearly totals and its floor area by grade (fixed-point units of
/// 10⁻⁶ m²) in each year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunTotals {
    /// The total of each year, exact.
    pub totals: Vec<Decimal>,
    /// The floor area in grades A, B, C and D in each year (zero without condition rules).
    pub grades: Vec<[i128; 4]>,
}

/// The seed of run `r`: the runs are independent of each other and of the order they run in.
fn run_seed(seed: u64, r: u32) -> u64 {
    let mut m = SplitMix64::new(seed ^ u64::from(r).wrapping_mul(0xD1B5_4A32_D192_ED03));
    m.next_u64()
}

/// Which deterministic group an amount belongs to: 0 running, 1 works (escalated, times the unit
/// cost draw), 2 demolition (escalated). The optimizer prices robust plans with the same groups.
pub fn group(kind: Kind) -> usize {
    const _: () = assert!(N_KINDS == 8);
    match kind {
        Kind::Operating | Kind::Repair => 0,
        Kind::Demolition => 2,
        _ => 1,
    }
}
