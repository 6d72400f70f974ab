//! Cost coefficients, every one from the engine.
//!
//! The optimizer never prices anything itself. It writes scenarios (the base plus candidate actions,
//! as text, checked like any file) and reads the engine's per-facility, per-year amounts
//! ([`crate::explain::by_facility`]) and per-building renewal events (a traced projection): what
//! each facility costs if kept, if closed (with or without demolition) in each decision year, under
//! the base's renewal rules and under each life extension on offer; what a merge that builds or a
//! complex adds; and each renewal event's amounts, which a shift moves by whole years. Closing one
//! facility changes no other facility's costs, so one scenario closing every candidate facility in
//! a year prices all those closures at once. Amounts are split in the three groups Monte Carlo
//! draws differently (running costs; works; demolition), so robust plans use the same numbers.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::candidates::{Candidates, ChangeKind, LifeOption};
use super::text::{self, Header};
use crate::category::{Category, Kind};
use crate::cost::CostModel;
use crate::cost::EventKind;
use crate::error::Diagnostic;
use crate::error::Result;
use crate::inventory::Inventory;
use crate::plan::Plan;
use crate::projection::{Source, project_traced};
use crate::scenario::{ActionSpec, FacilityIdx, RulesSpec, Scenario, ScenarioSpec};
use std::sync::Arc;

/// Amounts of a year in the three groups Monte Carlo draws apart: running costs (operating and
/// repair: never multiplied), works (renewal and construction: escalated and times the unit-cost
/// draw) and demolition (escalated).
pub type Groups = [f64; 3];

/// Exact amounts of a year by group.
pub type ExactGroups = [Decimal; 3];

/// The group of a kind of cost (as `montecarlo` groups them).
pub fn group(kind: Kind) -> usize {
    crate::montecarlo::group(kind)
}

/// Yen to 億円 as the solver's number (the model's unit; amounts are exact everywhere else).
pub fn oku(yen: Decimal) -> f64 {
    (yen / Decimal::from(100_000_000)).to_f64().unwrap_or(0.0)
}

/// Builds scenarios made of the base plus actions, through the one checked constructor
/// ([`Scenario::build`]): the base's spec (its settings and its own actions, with where each was
/// written) with the optimizer's actions after them.
pub struct Engine {
    /// The plan's header (include the base, restate its settings), for writing the plan.
    pub header: Header,
    base: ScenarioSpec,
    inventory: Arc<Inventory>,
    model: Arc<CostModel>,
    plan: Option<Plan>,
    /// The cost models of life options read from files, by their (normalized) path.
    rules: BTreeMap<String, Arc<CostModel>>,
}

impl Engine {
    /// An engine for plans that add to `base` (as loaded), built from `spec` (the base's spec),
    /// written with `header` (whose cap, if it sets one, replaces the base's).
    pub fn new(
        header: Header,
        base: &Scenario,
        mut spec: ScenarioSpec,
        rules: BTreeMap<String, Arc<CostModel>>,
    ) -> Engine {
        if let Some(cap) = header.cap_yen() {
            spec.plan.cap_yen = Some(cap);
        }
        Engine {
            header,
            base: spec,
            inventory: base.inventory().clone(),
            model: base.model().clone(),
            plan: base.inventory().plan,
            rules,
        }
    }

    /// The action of a life option: its category switched to its rules, named as the plan file
    /// names them (a preset, or a file relative to where the plan is written).
    pub fn life_action(&self, o: &LifeOption) -> ActionSpec {
        let out_dir = self.header.out.parent().unwrap_or(std::path::Path::new(""));
        let name = if o.is_file {
            text::slash(&text::relative(std::path::Path::new(&o.rules), out_dir))
        } else {
            o.rules.clone()
        };
        ActionSpec {
            category: Some(o.category.key().to_string()),
            ..ActionSpec::life_extension(RulesSpec {
                name,
                model: self.rules.get(&o.rules).cloned(),
            })
        }
    }

    /// The scenario of the base plus `actions`, checked.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Input`] with every problem the check finds, keyed by action (an action the
    /// optimizer made that the check refuses is a candidate the planner wrote badly).
    pub fn load(&self, actions: &[ActionSpec]) -> Result<Scenario> {
        let mut spec = self.base.clone();
        let n_base = spec.actions.len();
        spec.actions.extend(actions.iter().cloned());
        spec.name = "optimizer".to_string();
        Scenario::build(self.inventory.clone(), self.model.clone(), self.plan, &spec).map_err(
            |problems| {
                let name = crate::input::display_name(&self.header.out);
                let mut diags = crate::error::Diagnostics::new();
                for p in problems.iter() {
                    let at = match p.action() {
                        Some(k) if k >= n_base => crate::msg!(PlansAction, k = k - n_base),
                        Some(k) => crate::msg!(BasesAction, k),
                        None => crate::msg!(ThePlan),
                    };
                    let what = crate::msg!(
                        Scoped,
                        scope = p.path(),
                        what = p.message_with(&|a| format!("actions[{a}]"))
                    );
                    diags.push(Diagnostic::file(
                        &name,
                        crate::msg!(Scoped, scope = at, what),
                    ));
                }
                crate::Error::Input(diags)
            },
        )
    }
}

/// One facility's (or the whole projection's) amounts by year and group.
pub type Rows = Vec<ExactGroups>;

/// A scenario's amounts: by facility id, and the total.
pub struct Priced {
    /// Facility id → amounts by year.
    pub facilities: BTreeMap<String, Rows>,
    /// Everything (facilities, infrastructure) by year.
    pub total: Rows,
}

/// Prices a scenario by facility (the engine's [`crate::explain::by_facility`]).
///
/// # Errors
///
/// As [`crate::explain::by_facility`].
pub fn priced(s: &Scenario) -> Result<Priced> {
    let costs = crate::explain::by_facility(s)?;
    let n = costs.years;
    let mut total = vec![[Decimal::ZERO; 3]; n];
    let mut facilities = BTreeMap::new();
    for row in costs.rows {
        let mut r = vec![[Decimal::ZERO; 3]; n];
        for (i, kinds) in row.amounts.iter().enumerate() {
            for k in crate::category::ALL_KINDS {
                let a = kinds[k.index()];
                r[i][group(k)] += a;
                total[i][group(k)] += a;
            }
        }
        facilities.insert(row.id, r);
    }
    Ok(Priced { facilities, total })
}

/// What one candidate change, taken in one year, does to the yearly cost.
#[derive(Clone, Debug)]
pub struct OptionCost {
    /// The change (position in [`Candidates::changes`]).
    pub change: usize,
    /// The year.
    pub year: i32,
    /// Its effect on each year's cost, relative to the base, under the base's renewal rules.
    pub delta: Vec<Groups>,
    /// What its effect becomes when a life extension is also chosen: (life option, the extra
    /// amount by year).
    pub le: Vec<(usize, Vec<Groups>)>,
    /// Its effect on the total over the plan, exact (under the base's rules).
    pub total: Decimal,
    /// The extra effect on the total of each life option also chosen, exact.
    pub le_totals: Vec<(usize, Decimal)>,
    /// Floor area it removes (demolished or transferred), m².
    pub area_removed_m2: f64,
}

/// A renewal event that may move.
#[derive(Clone, Debug)]
pub struct Event {
    /// The building (position in the inventory).
    pub building: usize,
    /// Its facility.
    pub facility: usize,
    /// Renovation or rebuild.
    pub event: EventKind,
    /// The first year of its window, as projected.
    pub start: i32,
    /// Under which rules it exists: `None` the base's, `Some(o)` life option `o`'s.
    pub rules: Option<usize>,
    /// The last year it has an amount in.
    pub last_year: i32,
    /// Its size (before escalation), yen.
    pub size: Decimal,
    /// The moves on offer: (years moved, effect on each year's cost).
    pub moves: Vec<(i32, Vec<Groups>)>,
}

/// Every coefficient of the model.
pub struct Costs {
    /// The plan's first year.
    pub first_year: i32,
    /// The base's cost by year and group (without its leveling).
    pub base: Vec<Groups>,
    /// The base's cost by year, exact.
    pub base_exact: Vec<Decimal>,
    /// Each life option's effect on the yearly cost if chosen (every facility kept).
    pub le: Vec<Vec<Groups>>,
    /// Each life option's effect on the total, exact.
    pub le_total: Vec<Decimal>,
    /// Each change in each of its years.
    pub options: Vec<OptionCost>,
    /// Renewal events that may move.
    pub events: Vec<Event>,
}

/// A batch of closures priced together: the rules (`None`: the base's, `Some(o)`: life option
/// `o`'s) and, for closures, whether they demolish and the year (`None`: every facility kept).
type Job = (Option<usize>, Option<(bool, i32)>);

/// Whether a change demolishes what it closes.
fn demolishes(action: &ActionSpec, kind: &ChangeKind) -> bool {
    match kind {
        ChangeKind::Transfer { .. } => false,
        _ => action.demolish != Some(false),
    }
}

/// A change's action taken in `year`.
pub fn at(action: &ActionSpec, year: i32) -> ActionSpec {
    ActionSpec {
        year: Some(i64::from(year)),
        ..action.clone()
    }
}

fn sub(a: &Rows, b: &Rows) -> Rows {
    a.iter()
        .zip(b)
        .map(|(x, y)| [x[0] - y[0], x[1] - y[1], x[2] - y[2]])
        .collect()
}

fn to_f64(r: &Rows) -> Vec<Groups> {
    r.iter()
        .map(|g| [oku(g[0]), oku(g[1]), oku(g[2])])
        .collect()
}

fn is_zero(r: &Rows) -> bool {
    r.iter().all(|g| g.iter().all(|x| x.is_zero()))
}

fn total_of(r: &Rows) -> Decimal {
    r.iter().map(|g| g[0] + g[1] + g[2]).sum()
}

/// Prices every candidate with the engine.
///
/// # Errors
///
/// A candidate whose action the scenario check refuses ([`crate::Error::Input`], naming the
/// candidate), or an overflow.
pub fn compute(engine: &Engine, base: &Scenario, cands: &Candidates) -> Result<Costs> {
    let inv = &base.inventory();
    let n_years = base.plan().horizon.years() as usize;
    let first_year = base.plan().horizon.first().get();
    let zero = vec![[Decimal::ZERO; 3]; n_years];
    let n_le = cands.life_extensions.len();
    // Categories of each facility's buildings.
    let mut cats: Vec<BTreeSet<Category>> = vec![BTreeSet::new(); inv.facilities.len()];
    for b in &inv.buildings {
        cats[b.facility.index()].insert(b.category);
    }

    // Scenarios by (rules, demolish, year): the facilities that close in them.
    let mut stops: BTreeMap<(bool, i32), BTreeSet<usize>> = BTreeMap::new();
    for c in &cands.changes {
        if matches!(c.kind, ChangeKind::Complex { .. })
            || matches!(c.kind, ChangeKind::Merge { builds: true, .. })
        {
            continue;
        }
        for &y in &c.years {
            stops
                .entry((demolishes(&c.action, &c.kind), y))
                .or_default()
                .extend(c.closes.iter().copied());
        }
    }
    let le_actions: Vec<ActionSpec> = cands
        .life_extensions
        .iter()
        .map(|o| engine.life_action(o))
        .collect();
    // Jobs: (rules variant, Some((demolish, year)) or None for keep).
    let mut jobs: Vec<Job> = vec![(None, None)];
    for o in 0..n_le {
        jobs.push((Some(o), None));
    }
    for key in stops.keys() {
        jobs.push((None, Some(*key)));
        for o in 0..n_le {
            jobs.push((Some(o), Some(*key)));
        }
    }
    let close_action = |f: usize, demolish: bool, year: i32| -> ActionSpec {
        ActionSpec {
            demolish: (!demolish).then_some(false),
            ..ActionSpec::close(inv.facilities[f].id.clone(), year)
        }
    };
    let priced_jobs: Vec<Priced> = jobs
        .par_iter()
        .map(|(rules, stop)| {
            let mut actions = Vec::new();
            if let Some(o) = rules {
                actions.push(le_actions[*o].clone());
            }
            if let Some((demolish, year)) = stop {
                for &f in &stops[&(*demolish, *year)] {
                    // Under a life option, only the facilities it touches matter.
                    if rules.is_none_or(|o| cats[f].contains(&cands.life_extensions[o].category)) {
                        actions.push(close_action(f, *demolish, *year));
                    }
                }
            }
            priced(&engine.load(&actions)?)
        })
        .collect::<Result<Vec<_>>>()?;
    let index: BTreeMap<Job, usize> = jobs.iter().enumerate().map(|(i, j)| (*j, i)).collect();
    let row = |job: Job, f: usize| -> &Rows {
        priced_jobs[index[&job]]
            .facilities
            .get(&inv.facilities[f].id)
            .unwrap_or(&zero)
    };
    let keep = &priced_jobs[0];
    let base_exact: Vec<Decimal> = keep.total.iter().map(|g| g[0] + g[1] + g[2]).collect();
    let base_f = to_f64(&keep.total);
    let mut le = Vec::new();
    let mut le_total = Vec::new();
    for o in 0..n_le {
        let d = sub(&priced_jobs[index[&(Some(o), None)]].total, &keep.total);
        le_total.push(total_of(&d));
        le.push(to_f64(&d));
    }

    // Options of simple changes from the batched scenarios; the others one scenario each.
    let mut options = Vec::new();
    let mut special: Vec<(usize, i32)> = Vec::new();
    for (ci, c) in cands.changes.iter().enumerate() {
        let builds = matches!(c.kind, ChangeKind::Complex { .. })
            || matches!(c.kind, ChangeKind::Merge { builds: true, .. });
        if builds {
            special.extend(c.years.iter().map(|&y| (ci, y)));
            continue;
        }
        let demolish = demolishes(&c.action, &c.kind);
        for &y in &c.years {
            let mut delta = zero.clone();
            let mut extra: Vec<Rows> = vec![zero.clone(); n_le];
            let mut area = 0.0;
            for &f in &c.closes {
                let d = sub(row((None, Some((demolish, y))), f), row((None, None), f));
                delta = delta.iter().zip(&d).map(|(a, b)| add3(a, b)).collect();
                for (o, lo) in cands.life_extensions.iter().enumerate() {
                    if !cats[f].contains(&lo.category) {
                        continue;
                    }
                    let dl = sub(
                        row((Some(o), Some((demolish, y))), f),
                        row((Some(o), None), f),
                    );
                    let e = sub(&dl, &d);
                    extra[o] = extra[o].iter().zip(&e).map(|(a, b)| add3(a, b)).collect();
                }
                if demolish || matches!(c.kind, ChangeKind::Transfer { .. }) {
                    area += standing_m2(base, f, y);
                }
            }
            options.push(OptionCost {
                change: ci,
                year: y,
                le_totals: extra
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| !is_zero(e))
                    .map(|(o, e)| (o, total_of(e)))
                    .collect(),
                total: total_of(&delta),
                delta: to_f64(&delta),
                le: extra
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| !is_zero(e))
                    .map(|(o, e)| (o, to_f64(e)))
                    .collect(),
                area_removed_m2: area,
            });
        }
    }
    let special_costs: Vec<OptionCost> = special
        .par_iter()
        .map(|&(ci, y)| {
            special_option(
                engine,
                base,
                cands,
                ci,
                y,
                &le_actions,
                &keep.total,
                &priced_jobs,
                &index,
                &cats,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    options.extend(special_costs);
    options.sort_by_key(|o| (o.change, o.year));

    let average = base_exact.iter().sum::<Decimal>() / Decimal::from(n_years.max(1) as u64);
    let min_yen = cands
        .shifts
        .min_yen
        .unwrap_or(average * super::candidates::DEFAULT_SHIFT_MIN_SHARE);
    let events = events(engine, base, cands, &le_actions, min_yen)?;
    Ok(Costs {
        first_year,
        base: base_f,
        base_exact,
        le,
        le_total,
        options,
        events,
    })
}

fn add3(a: &ExactGroups, b: &ExactGroups) -> ExactGroups {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

/// Floor area of a facility's buildings standing in `year` (built by then), m².
fn standing_m2(base: &Scenario, f: usize, year: i32) -> f64 {
    base.inventory()
        .buildings
        .iter()
        .filter(|b| b.facility.index() == f && b.built.get() <= year)
        .map(|b| b.floor_area.to_decimal().to_f64().unwrap_or(0.0))
        .sum()
}

/// A change that builds (a merge with added floor area, a complex), priced by its own scenario: its
/// effect is the whole projection's change.
#[allow(clippy::too_many_arguments)]
fn special_option(
    engine: &Engine,
    base: &Scenario,
    cands: &Candidates,
    ci: usize,
    year: i32,
    le_actions: &[ActionSpec],
    keep_total: &Rows,
    priced_jobs: &[Priced],
    index: &BTreeMap<Job, usize>,
    cats: &[BTreeSet<Category>],
) -> Result<OptionCost> {
    let c = &cands.changes[ci];
    let action = at(&c.action, year);
    let s = engine
        .load(std::slice::from_ref(&action))
        .map_err(|e| candidate_error(c, e))?;
    let delta = sub(&priced(&s)?.total, keep_total);
    // The categories it touches: what it closes, and what it builds.
    let mut touched: BTreeSet<Category> = c.closes.iter().flat_map(|&f| cats[f].clone()).collect();
    match &c.kind {
        ChangeKind::Merge { into, .. } => {
            touched.insert(base.facility(FacilityIdx::new(*into)).category());
        }
        ChangeKind::Complex { id } => {
            if let Some(nf) = s.new_facilities().iter().find(|n| &n.id == id) {
                touched.insert(nf.category);
            }
        }
        _ => {}
    }
    let mut le = Vec::new();
    let mut le_totals = Vec::new();
    for (o, lo) in cands.life_extensions.iter().enumerate() {
        if !touched.contains(&lo.category) {
            continue;
        }
        let with = engine.load(&[le_actions[o].clone(), action.clone()])?;
        let le_keep = &priced_jobs[index[&(Some(o), None)]].total;
        let e = sub(&sub(&priced(&with)?.total, le_keep), &delta);
        if !is_zero(&e) {
            le.push((o, to_f64(&e)));
            le_totals.push((o, total_of(&e)));
        }
    }
    let demolish = demolishes(&c.action, &c.kind);
    let area = if demolish {
        c.closes.iter().map(|&f| standing_m2(base, f, year)).sum()
    } else {
        0.0
    };
    Ok(OptionCost {
        change: ci,
        year,
        le_totals,
        total: total_of(&delta),
        delta: to_f64(&delta),
        le,
        area_removed_m2: area,
    })
}

/// A candidate's action refused by the scenario check, named by where the candidate was written.
pub fn candidate_error(c: &super::candidates::Change, e: crate::Error) -> crate::Error {
    match (&c.origin, e) {
        (Some(origin), crate::Error::Input(d)) => {
            // The problems in a row, each rendered in the language of the message that holds them.
            let problems = d
                .iter()
                .map(|x| x.message.clone())
                .reduce(|a, b| crate::msg!(TwoProblems, a, b))
                .unwrap_or_else(|| crate::msg!(Nothing));
            crate::Error::Input(
                crate::Diagnostic::file(origin.clone(), crate::msg!(CandidateInvalid, problems))
                    .into(),
            )
        }
        (_, e) => e,
    }
}

/// Renewal events of every building, under the base's rules and under each life option (for the
/// buildings of its category), with the moves on offer.
fn events(
    engine: &Engine,
    base: &Scenario,
    cands: &Candidates,
    le_actions: &[ActionSpec],
    min_yen: Decimal,
) -> Result<Vec<Event>> {
    let policy = &cands.shifts;
    if policy.max_years == 0 && policy.explicit.is_empty() {
        return Ok(Vec::new());
    }
    let h = base.plan().horizon;
    let (first, last) = (h.first().get(), h.last().get());
    let variants: Vec<Option<usize>> = std::iter::once(None)
        .chain((0..cands.life_extensions.len()).map(Some))
        .collect();
    let per_variant: Vec<Vec<Event>> = variants
        .par_iter()
        .map(|&v| {
            let s = match v {
                None => engine.load(&[])?,
                Some(o) => engine.load(std::slice::from_ref(&le_actions[o]))?,
            };
            let lowered = s.lower(true)?;
            let factors = crate::projection::escalation(s.model(), h, s.name())?;
            // (unit, event, start) → amounts by year index (before escalation).
            let mut found: BTreeMap<(u32, EventKind, i32), BTreeMap<usize, Decimal>> =
                BTreeMap::new();
            project_traced(
                s.name(),
                s.model(),
                s.plan(),
                &lowered.aggregate,
                &mut |src, i, kind, _, amount| {
                    let Source::Class(class, Some((event, start))) = src else {
                        return;
                    };
                    if class.shift > 0 || class.unit == 0 || group(kind) != 1 {
                        return;
                    }
                    *found
                        .entry((class.unit, event, start))
                        .or_default()
                        .entry(i)
                        .or_default() += amount / factors[i];
                },
            )?;
            let mut out = Vec::new();
            for ((unit, event, start), amounts) in found {
                let Some(b) = lowered.units[unit as usize - 1].building else {
                    continue;
                };
                let building = &s.inventory().buildings[b];
                if let Some(o) = v {
                    if building.category != cands.life_extensions[o].category {
                        continue;
                    }
                }
                let size: Decimal = amounts.values().sum();
                let explicit: Vec<i32> = policy
                    .explicit
                    .iter()
                    .filter(|(eb, ee, ef, _)| *eb == b && *ee == event && *ef == start)
                    .flat_map(|(_, _, _, tos)| tos.iter().map(|t| t - start))
                    .collect();
                let mut ds: Vec<i32> = explicit;
                if size >= min_yen && policy.max_years > 0 {
                    for d in 1..=policy.max_years as i32 {
                        ds.push(d);
                        if policy.allow_earlier {
                            ds.push(-d);
                        }
                    }
                }
                ds.sort_unstable();
                ds.dedup();
                ds.retain(|d| *d != 0);
                let last_i = *amounts.keys().max().unwrap_or(&0);
                let mut moves = Vec::new();
                for d in ds {
                    // The moved window stays in the plan (an earlier move of a window that the
                    // plan's end cuts would bring in amounts not seen here).
                    let fits = amounts.keys().all(|&i| {
                        let y = first + i as i32 + d;
                        y >= first && y <= last
                    }) && !(d < 0 && first + last_i as i32 == last);
                    if !fits {
                        continue;
                    }
                    let mut delta = vec![[0.0; 3]; h.years() as usize];
                    for (&i, &a) in &amounts {
                        let j = (i as i32 + d) as usize;
                        delta[i][1] -= oku(a * factors[i]);
                        delta[j][1] += oku(a * factors[j]);
                    }
                    moves.push((d, delta));
                }
                if moves.is_empty() {
                    continue;
                }
                out.push(Event {
                    building: b,
                    facility: building.facility.index(),
                    event,
                    start,
                    rules: v,
                    last_year: first + last_i as i32,
                    size,
                    moves,
                });
            }
            Ok(out)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(per_variant.into_iter().flatten().collect())
}
