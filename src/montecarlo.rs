//! Monte Carlo: the probability that a year, or any year, goes over the cap.
//!
//! Each run draws, from the model's `[uncertainty]`, a yearly construction-cost escalation and a
//! multiplier on renewal and construction unit costs; and, for every building under condition rules,
//! its starting grade and its grade in each following year from its deterioration chain, which moves
//! its renewals (a D-grade building's brought forward, an A-grade one's deferred) and prices its
//! repairs by grade. Everything else is the deterministic projection's. Runs are independent and
//! seeded by `(seed, run)`, so the result is the same at any thread count; amounts stay exact
//! decimals, and percentiles are order statistics of the runs (nearest rank).

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::category::{Category, Kind, N_KINDS};
use crate::condition::engine::{Unit, sample_grade, sampled, split_events};
use crate::cost::Uncertainty;
use crate::cost::renewal::Charge;
use crate::error::{Error, Result};
use crate::money::Yen;
use crate::plan::Plan;
use crate::projection::{
    Projection, Source, by_condition, class_schedule, escalation_factors, project_traced,
    start_grades,
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

/// A building whose renewals and repairs the runs draw.
struct Drawn {
    unit_events: Vec<crate::condition::engine::Event>,
    chain: usize,
    start: [Decimal; 4],
    years: (i32, i32),
    area_units: i128,
    category: Category,
}

/// Runs the analysis. `progress(done)` is called as runs finish (from any thread).
///
/// # Errors
///
/// [`Error::Runs`] for 0 runs or more than [`MAX_RUNS`]; [`Error::Overflow`] for absurd amounts.
// Grades are indices into 4-element rows of probabilities; index loops read like the maths.
#[allow(clippy::needless_range_loop)]
pub fn run(
    s: &Scenario,
    settings: Settings,
    progress: &(dyn Fn(u32) + Sync),
) -> Result<MonteCarlo> {
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
    let lowered = s.lower(true)?;
    let agg = &lowered.aggregate;
    let cond = &model.condition;

    // The deterministic parts, by year, in three groups: running costs (never multiplied), renewal and
    // construction (escalated, times the unit-cost draw), demolition (escalated). Amounts the runs
    // draw are left out.
    let mut fixed = vec![[Decimal::ZERO; 3]; n_years];
    let expected = project_traced(
        s.name(),
        model,
        plan,
        agg,
        &mut |src, i, kind, _, amount| {
            if matches!(src, Source::Condition(..)) {
                return;
            }
            fixed[i][group(kind)] += amount;
        },
    )?;

    // The drawn buildings, in class order, with the schedule each class would have.
    let mut drawn: Vec<Drawn> = Vec::new();
    let mut charges: Vec<Charge> = Vec::new();
    if cond.enabled {
        for (class, area) in &agg.classes {
            if !by_condition(model, class) {
                continue;
            }
            // The same schedule the projection prices (class_schedule), drawn instead of expected.
            class_schedule(model, agg, class, h, &mut charges);
            let (_, events) = split_events(&charges, area.to_decimal());
            let chain = cond
                .deterioration
                .chain_for(class.category, class.structure);
            let (from, until) = class.years(h);
            if from > until {
                continue;
            }
            drawn.push(Drawn {
                unit_events: events,
                chain,
                start: start_grades(class, &cond.deterioration.chains()[chain], first),
                years: (from, until),
                area_units: area.units(),
                category: class.category,
            });
        }
    }
    let model_esc =
        escalation_factors(model, h).map_err(Error::overflow(s.name(), "escalation"))?;
    let unknown: Vec<Decimal> = (0..n_years)
        .map(|i| expected.grades(i).map_or(Decimal::ZERO, |g| g[4]))
        .collect();
    let u = model.uncertainty;
    let done = AtomicU32::new(0);
    let cap = plan.cap.map(|c| c.get());

    // One run: its yearly totals and its floor area by grade.
    let one = |r: u32| -> (Vec<Decimal>, Vec<[i128; 4]>) {
        let mut rng = SplitMix64::new(run_seed(settings.seed, r));
        let rate = u.escalation.draw(&mut rng);
        let mult = u.renewal_unit_cost.draw(&mut rng);
        let mut renewal = vec![Decimal::ZERO; n_years];
        let mut area_by_grade = vec![[0i128; 4]; n_years];
        for d in &drawn {
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
            let g0 = sample_grade(&d.start, rng.next_u64());
            let _ = d.category;
            sampled(
                &unit,
                g0,
                &mut rng,
                &mut |y, _, amount, _| {
                    if let Some(i) = h.index(y) {
                        renewal[i] += amount;
                    }
                },
                &mut |y, g| {
                    if let Some(i) = h.index(y) {
                        area_by_grade[i][g] += d.area_units;
                    }
                },
            );
        }
        let mut esc = Decimal::ONE;
        let step = Decimal::ONE + rate;
        let totals = (0..n_years)
            .map(|i| {
                if i > 0 {
                    esc *= step;
                }
                let repairs: Decimal = (0..4)
                    .map(|g| {
                        let rate_g = cond.repair_yen_per_m2[g];
                        if rate_g.is_zero() || area_by_grade[i][g] == 0 {
                            Decimal::ZERO
                        } else {
                            rate_g
                                * crate::units::AreaSum::from_units(area_by_grade[i][g])
                                    .to_decimal()
                        }
                    })
                    .sum();
                let [running, works, demolition] = fixed[i];
                running
                    + works * esc * mult
                    + demolition * esc
                    + (renewal[i] * mult * esc + repairs) * model_esc[i]
            })
            .collect();
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n % 64 == 0 || n == settings.runs {
            progress(n);
        }
        (totals, area_by_grade)
    };
    let results: Vec<(Vec<Decimal>, Vec<[i128; 4]>)> =
        (0..settings.runs).into_par_iter().map(one).collect();

    let runs = Decimal::from(settings.runs);
    let mut any_over = 0;
    for (totals, _) in &results {
        if let Some(c) = cap {
            if totals.iter().any(|t| *t > c) {
                any_over += 1;
            }
        }
    }
    let mut grade_sums = vec![[0i128; 4]; n_years];
    for (_, g) in &results {
        for i in 0..n_years {
            for k in 0..4 {
                grade_sums[i][k] += g[i][k];
            }
        }
    }
    let years = (0..n_years)
        .map(|i| {
            let mut v: Vec<Decimal> = results.iter().map(|(t, _)| t[i]).collect();
            v.sort_unstable();
            let rank = |q: u32| {
                let k = (u64::from(settings.runs) * u64::from(q))
                    .div_ceil(100)
                    .max(1) as usize;
                Yen::new(v[k - 1])
            };
            let mean = Yen::new(v.iter().sum::<Decimal>() / runs);
            let over = cap.map_or(0, |c| v.iter().filter(|t| **t > c).count() as u32);
            let grades = cond.enabled.then(|| {
                let mut g = [Decimal::ZERO; 5];
                for k in 0..4 {
                    g[k] = crate::units::AreaSum::from_units(grade_sums[i][k]).to_decimal() / runs;
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
    Ok(MonteCarlo {
        scenario: s.name().to_string(),
        model: model.name().to_string(),
        plan,
        settings,
        uncertainty: u,
        condition: cond.enabled,
        years,
        any_over_cap_runs: any_over,
        expected,
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
