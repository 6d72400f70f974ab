//! The optimizer: which facilities to close, merge or hand over, and when, which categories to give
//! a longer life and which renewals to move, so that every year stays at or under the cap with the
//! least loss of service.
//!
//! The base scenario's actions are fixed; the optimizer adds to them, choosing among candidates
//! ([`candidates`]). Every cost coefficient comes from the engine ([`costs`]); the choice is a
//! mixed-integer programme ([`model`]) solved by microlp or HiGHS ([`solve`]), started from a greedy
//! plan (saving per service lost). Plans are built as specs on the base's spec and checked by
//! [`crate::scenario::Scenario::build`]; the chosen one is written as an ordinary scenario
//! ([`text`]) and every plan is run by the ordinary engine; where the engine's verdict differs from the model's (interactions a linear
//! model does not see), that plan is excluded and the model solved again, until they agree. The
//! result reports the plan's objective and its parts, the solver's bound and gap, the years the cap
//! binds, the access and capacity rows that bind, and what one more 億円 of cap would buy. Robust
//! plans meet the cap in every year in a given share of the Monte Carlo runs: the model prices
//! each year with multipliers taken from those runs' draws, raised until the ordinary Monte Carlo
//! agrees. This module owns the search; it prints nothing (the CLI reports progress and renders the
//! summary).

pub mod candidates;
pub mod costs;
pub mod frontier;
mod greedy;
pub mod model;
pub mod solve;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::{Error, Result};
use crate::input::FileSource;
use crate::money::Yen;
use crate::scenario::{ActionSpec, FacilityIdx, Scenario};
use crate::service::ServiceLoss;
use candidates::{Candidates, ChangeKind};
use costs::{Costs, Engine};
use model::{Built, ServiceFacts, Settings, Target};
pub use solve::{Backend, Limits, Progress};

/// The road network of a scenario's inventory, asked by facility position (the optimizer numbers
/// facilities by position), in 10⁻⁶ km.
pub(crate) struct Distances<'a>(&'a crate::inventory::Network);

impl Distances<'_> {
    /// Between two inventory facilities.
    pub(crate) fn facility_units(&self, a: usize, b: usize) -> Option<i64> {
        self.0
            .facility_units(FacilityIdx::new(a), FacilityIdx::new(b))
    }

    /// From a district to an inventory facility.
    pub(crate) fn district_units(&self, district: &str, f: usize) -> Option<i64> {
        self.0.district_units(district, FacilityIdx::new(f))
    }

    /// The districts on the network, in id order.
    pub(crate) fn districts(&self) -> impl Iterator<Item = &str> {
        self.0.districts().map(|(d, _)| d)
    }
}

/// The id of the facility at position `f` of `s`.
pub(crate) fn id_of(s: &Scenario, f: usize) -> &str {
    s.facility(FacilityIdx::new(f)).id()
}

/// The distances of `s`'s inventory.
pub(crate) fn distances(s: &Scenario) -> Distances<'_> {
    Distances(s.inventory().network())
}

/// What the optimizer is asked.
#[derive(Clone, Debug)]
pub struct Request {
    /// The base scenario file: its actions are fixed.
    pub base: PathBuf,
    /// Where the plan will be written (paths in it are relative to this file's folder).
    pub output: PathBuf,
    /// A candidates file (`None`: generated with every default).
    pub candidates: Option<PathBuf>,
    /// A cap replacing the plan's.
    pub cap: Option<Yen>,
    /// Meet the cap in every year in at least this share of Monte Carlo runs.
    pub confidence: Option<Decimal>,
    /// The Monte Carlo runs robust plans are checked with (those of `shisetsu montecarlo`).
    pub montecarlo: crate::montecarlo::Settings,
    /// When the solver stops.
    pub limits: Limits,
    /// Which solver.
    pub backend: Backend,
    /// Also solve this many caps for the frontier of cap against service loss (0: none).
    pub frontier: u32,
    /// Also find this many next-best distinct plans.
    pub alternatives: u32,
    /// Also find what one more 億円 of cap would buy.
    pub marginal: bool,
    /// The command that writes the plan, for its header (so it can be regenerated).
    pub command: String,
}

/// What happens, for progress reports.
#[derive(Clone, Debug)]
pub enum Event {
    /// A stage begins (what it does, a message of the catalogue).
    Stage(crate::messages::Message),
    /// The solver's state.
    Solver(Progress),
}

/// The decisions of a plan: changes (positions in [`Costs::options`]), life options, renewal
/// moves (event, move) and where the model sends each closure's users.
#[derive(Clone, Debug, Default)]
pub struct Choice {
    /// Changes taken.
    pub options: Vec<usize>,
    /// Life options taken.
    pub life: Vec<usize>,
    /// Renewal moves taken: (event, move index).
    pub moves: Vec<(usize, usize)>,
    /// The receiver each closure's users go to, as the model chose (option → target).
    pub receivers: BTreeMap<usize, Target>,
}

/// A plan chosen and checked by the engine.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The changes taken: (option index in [`Costs::options`]).
    pub options: Vec<usize>,
    /// Life options taken.
    pub life: Vec<usize>,
    /// Renewal moves taken: (event, move index).
    pub moves: Vec<(usize, usize)>,
    /// The receiver each closure's users go to, as the model chose (option → target).
    pub receivers: BTreeMap<usize, Target>,
    /// Its yearly costs, exact (the engine's).
    pub years: Vec<Yen>,
    /// Its total cost.
    pub total: Yen,
    /// Its service loss.
    pub loss: ServiceLoss,
    /// Its objective: weighted service loss plus the cost's tie-break.
    pub objective: Decimal,
    /// Whether it meets the cap in every year and the hard service rules.
    pub feasible: bool,
    /// Why not, if not.
    pub why_not: Vec<String>,
    /// The outcome of the engine's run (where users go, …).
    pub outcome: crate::run::Outcome,
}

/// The result of a search at one cap.
#[derive(Clone, Debug)]
pub struct Found {
    /// The cap, yen.
    pub cap: Yen,
    /// The best plan the engine accepted, if any.
    pub plan: Option<Plan>,
    /// The solver's proven lower bound on the objective.
    pub bound: Option<f64>,
    /// Whether the search finished (the plan is optimal within the gap).
    pub finished: bool,
    /// Rounds of solving and checking with the engine.
    pub rounds: u32,
    /// Plans the engine refused or scored worse than the model, each excluded.
    pub excluded: u32,
    /// Nodes searched in total.
    pub nodes: u64,
    /// Whether the model (not only a limit) proved that no plan meets the cap.
    pub infeasible: bool,
}

impl Found {
    /// The relative gap between the plan's objective and the bound.
    pub fn gap(&self) -> Option<f64> {
        let p = self.plan.as_ref()?.objective.to_f64()?;
        let b = self.bound?;
        Some(((p - b) / p.abs().max(1e-9)).max(0.0))
    }
}

/// A year's slack under the cap.
#[derive(Clone, Debug)]
pub struct Slack {
    /// The fiscal year.
    pub year: i32,
    /// Its total.
    pub total: Yen,
    /// Cap − total.
    pub slack: Yen,
}

/// An access standard held by one facility.
#[derive(Clone, Debug)]
pub struct BindingAccess {
    /// The district.
    pub district: String,
    /// The function.
    pub function: String,
    /// The only open facility within the standard.
    pub facility: String,
}

/// A receiver near capacity.
#[derive(Clone, Debug)]
pub struct BindingCapacity {
    /// The facility.
    pub facility: String,
    /// The function.
    pub function: String,
    /// Its users at the end of the plan (the model's flows).
    pub users: u64,
    /// Its capacity.
    pub capacity: u64,
}

/// One point of the frontier of cap against service loss.
#[derive(Clone, Debug)]
pub struct FrontierPoint {
    /// The cap.
    pub cap: Yen,
    /// The service loss of the best plan found (`None`: no plan meets it).
    pub service: Option<Decimal>,
    /// That plan's objective.
    pub objective: Option<Decimal>,
    /// The number of facilities it changes.
    pub changes: usize,
    /// Whether it is proven optimal.
    pub finished: bool,
    /// Its gap.
    pub gap: Option<f64>,
}

/// A robust plan's check by Monte Carlo.
#[derive(Clone, Debug)]
pub struct Robust {
    /// The share of runs asked for.
    pub confidence: Decimal,
    /// The highest quantile of the draws a year of the plan was priced at (the others at the
    /// confidence asked, or between).
    pub quantile: Decimal,
    /// The share of runs with a year over the cap.
    pub probability_any_over: Decimal,
    /// The runs.
    pub settings: crate::montecarlo::Settings,
}

/// An alternative plan.
#[derive(Clone, Debug)]
pub struct Alternative {
    /// Its scenario text.
    pub text: String,
    /// Its objective.
    pub objective: Decimal,
    /// Its service loss.
    pub service: Decimal,
    /// Its total cost.
    pub total: Yen,
    /// The facilities it changes differently from the best plan.
    pub differs: Vec<crate::messages::Message>,
}

/// An action of the plan, for the summary.
#[derive(Clone, Debug)]
pub struct Chosen {
    /// The action's type.
    pub kind: String,
    /// What it acts on (a facility id, a category, a building).
    pub subject: String,
    /// Its name.
    pub name: String,
    /// The year (none for a life extension).
    pub year: Option<i32>,
    /// What it saves over the plan (positive: cheaper).
    pub saves: Decimal,
    /// Where its users go: (users, receiver id, km).
    pub users_to: Vec<(u64, String, Option<Decimal>)>,
}

/// Everything the optimizer found.
#[derive(Clone, Debug)]
pub struct Optimized {
    /// The base scenario's name.
    pub base_name: String,
    /// The plan's text (an ordinary scenario file).
    pub text: String,
    /// The cap asked for.
    pub cap: Yen,
    /// The backend used.
    pub backend: Backend,
    /// The search at that cap.
    pub found: Found,
    /// The base's total cost (without its leveling).
    pub base_total: Yen,
    /// The base's service loss.
    pub base_loss: ServiceLoss,
    /// The least cap these candidates can reach, when the cap cannot be met.
    pub least_cap: Option<Yen>,
    /// Years over the cap even at the least cap's plan.
    pub years_not_met: Vec<i32>,
    /// The years closest to the cap.
    pub tight_years: Vec<Slack>,
    /// Access standards only one facility still meets.
    pub binding_access: Vec<BindingAccess>,
    /// Receivers at or near capacity.
    pub binding_capacity: Vec<BindingCapacity>,
    /// The service loss one more 億円 of cap would give (`None`: not asked, or not found).
    pub one_more_oku: Option<Decimal>,
    /// The actions of the plan.
    pub chosen: Vec<Chosen>,
    /// A robust plan's check.
    pub robust: Option<Robust>,
    /// The frontier.
    pub frontier: Vec<FrontierPoint>,
    /// Alternatives.
    pub alternatives: Vec<Alternative>,
    /// Numbers of candidates: changes (in all their years), life options, renewal moves.
    pub n_candidates: (usize, usize, usize),
    /// Size of the model: columns, integer columns, rows.
    pub model_size: (usize, usize, usize),
    /// Things the planner should know (the plan file's comments give them in English).
    pub notes: Vec<crate::messages::Message>,
}

/// The state of an optimization: the base, the candidates, the engine and the coefficients.
pub struct Optimizer {
    /// The base scenario's own name.
    base_name: String,
    base: Scenario,
    base_run: crate::run::Outcome,
    cands: Candidates,
    engine: Engine,
    costs: Costs,
    facts: ServiceFacts,
    backend: Backend,
    limits: Limits,
    /// When the optimizer started: `--time-limit` bounds the whole run, every solve after the
    /// first getting what is left.
    started: std::time::Instant,
    /// The size of the model at the cap, (columns, integer columns, rows), as first built
    /// (before any plan is cut off): for the summary, without building it again.
    model_size: std::sync::OnceLock<(usize, usize, usize)>,
}

/// Where a search at one cap starts.
#[derive(Default)]
struct Start {
    /// Columns to give the solver as its first plan (`None`: the greedy plan, or a dive when the
    /// greedy plan does not meet the cap).
    warm: Option<Vec<f64>>,
    /// Plans the engine has judged at this cap: the best that meets it is the first incumbent.
    plans: Vec<Plan>,
    /// Whether the greedy plan, when it meets the cap, may be the first incumbent (not when rows
    /// cut plans off: the greedy plan may be one of them).
    greedy_incumbent: bool,
}

/// A model kept from a search, with where the search ended: for a search at a looser cap.
struct Kept {
    /// The model, with the rows the engine's checks added.
    built: Built,
    /// The columns the search ended with ([`Searched::x`]).
    x: Option<Vec<f64>>,
    /// The plans the engine refused, cut off in the model.
    refused: Vec<Choice>,
}

/// What a search in a kept model found.
struct Searched {
    /// The search's result.
    found: Found,
    /// The columns of the plan the solver and the engine agreed on (else the columns it started
    /// from, if given).
    x: Option<Vec<f64>>,
    /// The plans the engine refused, each now cut off in the model.
    refused: Vec<Choice>,
}

/// The most rounds of solving and checking with the engine at one cap.
const MAX_ROUNDS: u32 = 40;

/// The margin under the cap in the model, 億円: none. The solver's rounding may let a plan a few
/// yen over the cap through; the engine's verdict refuses it, and the plan is excluded.
const MARGIN_OKU: f64 = 0.0;

impl Optimizer {
    /// Loads the base and the candidates and prices every candidate with the engine.
    ///
    /// # Errors
    ///
    /// A bad base or candidates file ([`Error::Input`], located), a candidate the scenario check
    /// refuses, an unreadable file.
    pub fn new(req: &Request, files: &dyn FileSource, emit: &dyn Fn(Event)) -> Result<Optimizer> {
        let started = std::time::Instant::now();
        emit(Event::Stage(crate::msg!(StageReading)));
        let cache = crate::scenario::Cache::new();
        let (base, base_spec) = crate::scenario::load_with_spec(&req.base, files, &cache)?;
        if crate::input::normalize(&req.base) == crate::input::normalize(&req.output) {
            return Err(Error::Optimize(crate::msg!(
                PlanOverwritesBase,
                path = req.output.display()
            )));
        }
        let cands = match &req.candidates {
            Some(p) => Candidates::load(p, files, &base)?,
            None => Candidates::generated(&base)?,
        };
        let header = text::Header::new(
            &req.base,
            &base.inventory().dir(),
            &req.output,
            req.cap.map(Yen::get),
            files,
        )?;
        // Life options read from files: their cost models, loaded once.
        let mut rules = BTreeMap::new();
        for o in cands.life_extensions.iter().filter(|o| o.is_file) {
            let model = cache.model(&o.rules, std::path::Path::new(""), files)?;
            rules.insert(o.rules.clone(), model);
        }
        let engine = Engine::new(header, &base, base_spec, rules);
        emit(Event::Stage(crate::msg!(
            StagePricing,
            changes = cands.changes.len(),
            life = cands.life_extensions.len()
        )));
        let keep = engine.load(&[])?;
        let base_run = crate::run::run(&keep)?;
        let costs = costs::compute(&engine, &keep, &cands)?;
        let facts = service_facts(&keep, &cands, &engine, &costs)?;
        Ok(Optimizer {
            base_name: base.name().to_string(),
            base: keep,
            base_run,
            cands,
            engine,
            costs,
            facts,
            backend: req.backend,
            limits: req.limits,
            started,
            model_size: std::sync::OnceLock::new(),
        })
    }

    /// The solver's limits for the next solve: the time left of the run's limit (at least a
    /// millisecond, so a solve past it returns at once with what it has).
    fn limits(&self) -> Limits {
        Limits {
            time: self.limits.time.map(|t| {
                t.saturating_sub(self.started.elapsed())
                    .max(std::time::Duration::from_millis(1))
            }),
            ..self.limits
        }
    }

    /// Sizes, for diagnostics: (options, life options, events, moves, columns, integer columns,
    /// rows, ands, assigns, flows).
    pub fn sizes(&self) -> Vec<(String, usize)> {
        let b = self.build(self.cap().unwrap_or(Yen::ZERO), None);
        vec![
            ("options".into(), self.costs.options.len()),
            ("life".into(), self.costs.le.len()),
            ("events".into(), self.costs.events.len()),
            (
                "moves".into(),
                self.costs.events.iter().map(|e| e.moves.len()).sum(),
            ),
            ("cols".into(), b.model.cols.len()),
            ("int".into(), b.model.n_integers()),
            ("rows".into(), b.model.rows.len()),
            ("ands".into(), b.vars.ands.len()),
            (
                "assign cols".into(),
                b.vars.assigns.iter().map(|a| a.to.len()).sum(),
            ),
            ("flows".into(), b.vars.flows.len()),
            ("access rows".into(), b.vars.access_rows.len()),
            (
                "events>=1oku".into(),
                self.costs
                    .events
                    .iter()
                    .filter(|e| e.size >= Decimal::from(100_000_000))
                    .count(),
            ),
            (
                "events>=0.3oku".into(),
                self.costs
                    .events
                    .iter()
                    .filter(|e| e.size >= Decimal::from(30_000_000))
                    .count(),
            ),
            (
                "events>=0.1oku".into(),
                self.costs
                    .events
                    .iter()
                    .filter(|e| e.size >= Decimal::from(10_000_000))
                    .count(),
            ),
            (
                "size>=1oku share".into(),
                (self
                    .costs
                    .events
                    .iter()
                    .filter(|e| e.size >= Decimal::from(100_000_000))
                    .map(|e| e.size)
                    .sum::<Decimal>()
                    * Decimal::from(100)
                    / self.costs.events.iter().map(|e| e.size).sum::<Decimal>())
                .to_usize()
                .unwrap_or(0),
            ),
            (
                "size>=0.3oku share".into(),
                (self
                    .costs
                    .events
                    .iter()
                    .filter(|e| e.size >= Decimal::from(30_000_000))
                    .map(|e| e.size)
                    .sum::<Decimal>()
                    * Decimal::from(100)
                    / self.costs.events.iter().map(|e| e.size).sum::<Decimal>())
                .to_usize()
                .unwrap_or(0),
            ),
        ]
    }

    /// The plan's cap.
    pub fn cap(&self) -> Option<Yen> {
        self.base.plan().cap
    }

    fn build(&self, cap: Yen, factors: Option<Vec<[f64; 3]>>) -> Built {
        model::build(
            &self.base,
            &self.cands,
            &self.costs,
            &self.facts,
            &Settings {
                cap_oku: costs::oku(cap.get()) - MARGIN_OKU,
                factors,
                cap_rows: true,
            },
        )
    }

    /// The plan of a solution's columns.
    fn decisions(&self, built: &Built, x: &[f64]) -> Choice {
        let v = &built.vars;
        let options: Vec<usize> = (0..v.option.len())
            .filter(|&i| x[v.option[i]] > 0.5)
            .collect();
        let life: Vec<usize> = (0..v.life.len()).filter(|&o| x[v.life[o]] > 0.5).collect();
        let mut moves = Vec::new();
        for (e, cols) in v.moves.iter().enumerate() {
            for (k, c) in cols.iter().enumerate() {
                if x[*c] > 0.5 {
                    moves.push((e, k));
                }
            }
        }
        let mut receivers = BTreeMap::new();
        for a in &v.assigns {
            for (t, c) in &a.to {
                if x[*c] > 0.5 {
                    receivers.insert(a.option, *t);
                }
            }
        }
        Choice {
            options,
            life,
            moves,
            receivers,
        }
    }

    /// The `[[actions]]` entries of a plan, in a stable order: life extensions, then changes by
    /// year (a closure whose users pass a facility closing the same year after it), then moves.
    fn actions(
        &self,
        options: &[usize],
        life: &[usize],
        moves: &[(usize, usize)],
        receivers: &BTreeMap<usize, Target>,
        comments: &BTreeMap<String, Vec<String>>,
    ) -> Vec<(ActionSpec, Vec<String>)> {
        let comment = |key: &str| comments.get(key).cloned().unwrap_or_default();
        let mut out = Vec::new();
        for &o in life {
            let lo = &self.cands.life_extensions[o];
            let key = format!("life_extension {}", lo.category.key());
            out.push((self.engine.life_action(lo), comment(&key)));
        }
        // Changes by year; within a year, a facility that a closure's users pass by (it closes
        // that year too) comes first, then facility order.
        let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in options {
            by_year
                .entry(self.costs.options[i].year)
                .or_default()
                .push(i);
        }
        for (year, mut list) in by_year {
            list.sort_by_key(|&i| {
                (
                    self.cands.changes[self.costs.options[i].change].facility(),
                    i,
                )
            });
            let ordered = self.same_year_order(&list, receivers, year);
            for i in ordered {
                let opt = &self.costs.options[i];
                let ch = &self.cands.changes[opt.change];
                let key = format!("{} {}", ch.type_name(), id_of(&self.base, ch.facility()));
                out.push((costs::at(&ch.action, opt.year), comment(&key)));
            }
        }
        let mut sorted: Vec<&(usize, usize)> = moves.iter().collect();
        sorted.sort_by_key(|(e, k)| {
            let ev = &self.costs.events[*e];
            (ev.building, ev.start, ev.event, *k)
        });
        for &&(e, k) in &sorted {
            let ev = &self.costs.events[e];
            let d = ev.moves[k].0;
            let t = ActionSpec::shift(
                self.base.inventory().buildings[ev.building].id.clone(),
                ev.event,
                ev.start,
                ev.start + d,
            );
            let key = format!(
                "shift {} {}",
                self.base.inventory().buildings[ev.building].id,
                ev.start
            );
            out.push((t, comment(&key)));
        }
        out
    }

    /// Orders the closures of one year so that a facility passed over by another's users (it is
    /// nearer, and closes the same year) comes before it.
    fn same_year_order(
        &self,
        list: &[usize],
        receivers: &BTreeMap<usize, Target>,
        year: i32,
    ) -> Vec<usize> {
        let closes: BTreeMap<usize, usize> = list
            .iter()
            .map(|&i| {
                (
                    self.cands.changes[self.costs.options[i].change].facility(),
                    i,
                )
            })
            .collect();
        let mut before: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for &i in list {
            let Some(Target::Node(r)) = receivers.get(&i) else {
                continue;
            };
            let f = self.cands.changes[self.costs.options[i].change].facility();
            let Some(rd) = distances(&self.base).facility_units(f, *r) else {
                continue;
            };
            for (&q, &j) in &closes {
                if q != f
                    && distances(&self.base)
                        .facility_units(f, q)
                        .is_some_and(|d| d < rd || (d == rd && q < *r))
                {
                    before.entry(i).or_default().insert(j);
                }
            }
        }
        let _ = year;
        let mut out = Vec::new();
        let mut placed = BTreeSet::new();
        while out.len() < list.len() {
            let next = list
                .iter()
                .copied()
                .find(|i| {
                    !placed.contains(i)
                        && before
                            .get(i)
                            .is_none_or(|b| b.iter().all(|j| placed.contains(j)))
                })
                .or_else(|| list.iter().copied().find(|i| !placed.contains(i)));
            let Some(i) = next else { break };
            placed.insert(i);
            out.push(i);
        }
        out
    }

    /// Runs a plan through the engine and judges it at `cap` (and robust factors, if any).
    fn evaluate(&self, choice: Choice, cap: Yen) -> Result<Plan> {
        self.judge(choice, Some(cap))
    }

    /// Runs a plan through the engine and judges it at `cap`, or, with none, at its own highest
    /// year rounded up to the yen (so that it is `feasible` exactly when the engine accepts its
    /// service rules: access and capacity, when they are hard).
    fn judge(&self, choice: Choice, cap: Option<Yen>) -> Result<Plan> {
        let Choice {
            options,
            life,
            moves,
            receivers,
        } = choice;
        let actions: Vec<ActionSpec> = self
            .actions(&options, &life, &moves, &receivers, &BTreeMap::new())
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        let s = self.engine.load(&actions)?;
        let outcome = crate::run::run(&s)?;
        let p = &outcome.projection;
        let years: Vec<Yen> = (0..p.years()).map(|i| p.year_total(i)).collect();
        let cap = cap.unwrap_or_else(|| peak_cap(&years));
        let mut why_not = Vec::new();
        for (i, t) in years.iter().enumerate() {
            if *t > cap {
                why_not.push(format!(
                    "FY{} is {} yen over the cap",
                    p.horizon().first().get() + i as i32,
                    (t.get() - cap.get()).round()
                ));
            }
        }
        let base_access: BTreeSet<(String, String)> = self
            .base_run
            .access
            .left_without
            .iter()
            .map(|l| (l.district.clone(), l.function.clone()))
            .collect();
        let base_over: BTreeSet<(usize, String)> = self
            .base_run
            .access
            .over_capacity
            .iter()
            .map(|o| (o.facility.index(), o.function.clone()))
            .collect();
        if self.cands.rules.access_hard {
            for l in &outcome.access.left_without {
                if !base_access.contains(&(l.district.clone(), l.function.clone())) {
                    why_not.push(format!(
                        "{} loses {} within the standard",
                        l.district, l.function
                    ));
                }
            }
        }
        if self.cands.rules.capacity_hard {
            for o in &outcome.access.over_capacity {
                if !base_over.contains(&(o.facility.index(), o.function.clone())) {
                    why_not.push(format!(
                        "{} is over capacity for {}",
                        s.facility(o.facility).id(),
                        o.function
                    ));
                }
            }
        }
        let loss = ServiceLoss::measure(&outcome.access, &outcome.effects);
        let total = p.total();
        let objective = loss.objective(&self.cands.weights, total);
        Ok(Plan {
            options,
            life,
            moves,
            receivers,
            years,
            total,
            loss,
            objective,
            feasible: why_not.is_empty(),
            why_not,
            outcome,
        })
    }

    /// Searches for the best plan at `cap` (with robust factors, if given): solve, check with the
    /// engine, exclude what the engine refuses, solve again.
    ///
    /// # Errors
    ///
    /// A solver failure, or an engine error.
    pub fn search(
        &self,
        cap: Yen,
        factors: Option<Vec<[f64; 3]>>,
        extra_cuts: &[Vec<f64>],
        emit: &dyn Fn(Event),
    ) -> Result<Found> {
        Ok(self.search_kept(cap, factors, extra_cuts, emit)?.1.found)
    }

    /// [`Optimizer::search`], keeping the model (with the rows the engine's checks added) and
    /// where the search ended, for a search at a looser cap to start from.
    fn search_kept(
        &self,
        cap: Yen,
        factors: Option<Vec<[f64; 3]>>,
        extra_cuts: &[Vec<f64>],
        emit: &dyn Fn(Event),
    ) -> Result<(Built, Searched)> {
        let mut built = self.build(cap, factors);
        self.model_size.get_or_init(|| built.size());
        let alt_cols: Vec<usize> = built
            .vars
            .option
            .iter()
            .chain(&built.vars.life)
            .copied()
            .collect();
        for x in extra_cuts {
            built.model.exclude(&alt_cols, x);
        }
        let start = Start {
            // With other plans cut off, the greedy plan may be one of them.
            greedy_incumbent: extra_cuts.is_empty(),
            ..Start::default()
        };
        let searched = self.search_in(&mut built, cap, self.limits(), start, emit)?;
        Ok((built, searched))
    }

    /// The best plan at `looser` in a model kept from the search at a tighter cap, starting from
    /// where that search ended: its plan (`found`) is the first incumbent (it meets a looser cap),
    /// the plans the engine refused are judged again at the looser cap, and the solver starts
    /// from the agreed columns.
    fn search_looser(
        &self,
        kept: Kept,
        found: Option<&Plan>,
        looser: Yen,
        emit: &dyn Fn(Event),
    ) -> Result<Found> {
        let Kept {
            mut built,
            x,
            refused,
        } = kept;
        let mut plans: Vec<Plan> = found.into_iter().cloned().collect();
        for c in &refused {
            plans.push(self.evaluate(c.clone(), looser)?);
        }
        let start = Start {
            warm: x,
            plans,
            greedy_incumbent: refused.is_empty(),
        };
        Ok(self
            .search_in(&mut built, looser, self.limits(), start, emit)?
            .found)
    }

    /// The search at `cap` in a model already built (its cap rows are set to `cap` here), which
    /// keeps the rows the engine's checks add: the frontier searches one model cap after cap.
    fn search_in(
        &self,
        built: &mut Built,
        cap: Yen,
        limits: Limits,
        start: Start,
        emit: &dyn Fn(Event),
    ) -> Result<Searched> {
        let cap_oku = costs::oku(cap.get()) - MARGIN_OKU;
        for (t, &r) in built.vars.cap_rows.iter().enumerate() {
            built.model.rows[r].hi = cap_oku - built.year_constants[t];
        }
        let mut found = Found {
            cap,
            plan: None,
            bound: None,
            finished: false,
            rounds: 0,
            excluded: 0,
            nodes: 0,
            infeasible: false,
        };
        // Plans known to meet the cap (a tighter cap's plan meets a looser one) are incumbents.
        for p in start.plans {
            if p.feasible
                && found
                    .plan
                    .as_ref()
                    .is_none_or(|b| p.objective < b.objective)
            {
                found.plan = Some(p);
            }
        }
        let given = start.warm.clone();
        let mut refused = Vec::new();
        let mut warm = match start.warm {
            Some(w) => Some(w),
            None => {
                let service_estimate = self.service_estimate(built);
                let years_of: Vec<i32> = self.costs.options.iter().map(|o| o.year).collect();
                let (warm, greedy_meets) = greedy::plan(
                    built,
                    cap_oku,
                    &service_estimate,
                    &years_of,
                    model::base_closing_years(&self.base),
                );
                // When the greedy plan does not meet the cap, start from a dive through the
                // relaxation.
                let warm = if greedy_meets {
                    warm
                } else {
                    emit(Event::Stage(crate::msg!(StageDiving)));
                    match solve::dive(&built.model, limits.time)? {
                        Some(x) => x,
                        None => warm,
                    }
                };
                if greedy_meets && start.greedy_incumbent {
                    let p = self.evaluate(self.decisions(built, &warm), cap)?;
                    if p.feasible
                        && found
                            .plan
                            .as_ref()
                            .is_none_or(|b| p.objective < b.objective)
                    {
                        found.plan = Some(p);
                    }
                }
                Some(warm)
            }
        };
        let mut agreed_x = None;
        let mut bound_seen: Option<f64> = None;
        let begun = std::time::Instant::now();
        while found.rounds < MAX_ROUNDS {
            found.rounds += 1;
            emit(Event::Stage(crate::msg!(
                StageSolving,
                backend = self.backend.name(),
                cols = built.model.cols.len(),
                ints = built.model.n_integers(),
                rows = built.model.rows.len(),
                round = found.rounds
            )));
            let outcome = match solve::solve(
                &built.model,
                self.backend,
                Limits {
                    time: limits.time.map(|t| {
                        t.saturating_sub(begun.elapsed())
                            .max(std::time::Duration::from_millis(1))
                    }),
                    ..limits
                },
                warm.as_deref(),
                &|p| emit(Event::Solver(p)),
            ) {
                Ok(o) => o,
                // A numerical breakdown ends the search with the best plan known.
                Err(e @ Error::Solver { .. }) if found.plan.is_some() => {
                    emit(Event::Stage(crate::msg!(
                        StageKeeping,
                        reason = e.message()
                    )));
                    break;
                }
                Err(e) => return Err(e),
            };
            let s = match outcome {
                solve::Outcome::Infeasible => {
                    if found.plan.is_none() && found.excluded == 0 {
                        found.infeasible = true;
                    }
                    found.finished = true;
                    found.bound = found.plan.as_ref().and_then(|p| p.objective.to_f64());
                    break;
                }
                solve::Outcome::NoPlan => break,
                solve::Outcome::Solved(s) => s,
            };
            found.nodes += s.nodes;
            bound_seen = Some(bound_seen.map_or(s.bound, |b: f64| b.min(s.bound)));
            let plan = self.evaluate(self.decisions(built, &s.x), cap)?;
            let tol = 1e-6 * s.objective.abs().max(1.0);
            let engine_obj = plan.objective.to_f64().unwrap_or(f64::INFINITY);
            let agrees = plan.feasible && engine_obj <= s.objective + tol;
            let improves = plan.feasible
                && found
                    .plan
                    .as_ref()
                    .is_none_or(|b| plan.objective < b.objective);
            if agrees {
                found.finished = s.finished;
                found.bound = Some(s.bound);
                if improves {
                    found.plan = Some(plan);
                    agreed_x = Some(s.x);
                }
                break;
            }
            // The engine refuses the plan, or finds it worse than the model did: keep it if it is
            // the best so far, exclude it, solve again.
            if improves {
                found.plan = Some(plan);
            }
            found.excluded += 1;
            refused.push(self.decisions(built, &s.x));
            built.model.exclude(&built.vars.decisions, &s.x);
            warm = None;
        }
        if found.bound.is_none() {
            found.bound = bound_seen;
        }
        if let (Some(b), Some(p)) = (found.bound, found.plan.as_ref()) {
            // Plans excluded were scored by the engine; the best of them bounds too.
            found.bound = Some(b.min(p.objective.to_f64().unwrap_or(b)));
        }
        Ok(Searched {
            found,
            x: agreed_x.or(given),
            refused,
        })
    }

    /// The service a change loses, roughly (for the greedy order): its users times the distance
    /// to the nearest open facility (or the receiver named), plus the floor-area weight.
    fn service_estimate(&self, built: &Built) -> Vec<f64> {
        let w = &self.cands.weights;
        let uw = w.user_km.to_f64().unwrap_or(1.0);
        let fw = w.floor_area_m2.to_f64().unwrap_or(0.0);
        self.costs
            .options
            .iter()
            .enumerate()
            .map(|(i, opt)| {
                let ch = &self.cands.changes[opt.change];
                let mut s = fw * opt.area_removed_m2;
                for &f in &ch.closes {
                    let users = self.facts.users.get(f).copied().unwrap_or(0) as f64;
                    if users == 0.0 {
                        continue;
                    }
                    let km = match &ch.kind {
                        ChangeKind::Merge { into, .. } => distances(&self.base)
                            .facility_units(f, *into)
                            .map(|u| u as f64 / 1e6),
                        ChangeKind::Transfer {
                            service_continues: true,
                        } => Some(0.0),
                        _ => built
                            .vars
                            .flows
                            .iter()
                            .filter(|(_, from, t, _, _)| *from == f && matches!(t, Target::Node(_)))
                            .map(|(_, _, _, _, km)| *km)
                            .min_by(f64::total_cmp),
                    };
                    s += uw * users * km.unwrap_or(10.0).max(0.01);
                }
                let _ = i;
                s
            })
            .collect()
    }
}

/// Service facts: every inventory facility's functions, users and capacities, then one node per
/// complex candidate (its functions and capacities as the scenario check gives them).
fn service_facts(
    base: &Scenario,
    cands: &Candidates,
    engine: &Engine,
    costs: &Costs,
) -> Result<ServiceFacts> {
    let inv = &base.inventory();
    let n = inv.facilities.len();
    let mut facts = ServiceFacts {
        n,
        functions: inv.facilities.iter().map(|f| f.functions.clone()).collect(),
        users: inv
            .facilities
            .iter()
            .map(|f| {
                if f.functions.is_empty() {
                    0
                } else {
                    f.annual_users.unwrap_or(0)
                }
            })
            .collect(),
        capacity: inv.facilities.iter().map(|f| f.capacities()).collect(),
        site: (0..n).collect(),
        complex_of: BTreeMap::new(),
    };
    for (k, c) in cands.changes.iter().enumerate() {
        let ChangeKind::Complex { id } = &c.kind else {
            continue;
        };
        let Some(opt) = costs.options.iter().find(|o| o.change == k) else {
            continue;
        };
        let s = engine
            .load(&[costs::at(&c.action, opt.year)])
            .map_err(|e| costs::candidate_error(c, e))?;
        let Some(nf) = s.new_facilities().iter().find(|x| &x.id == id) else {
            continue;
        };
        facts.complex_of.insert(facts.functions.len(), k);
        facts.functions.push(nf.functions.clone());
        facts.users.push(0);
        facts.capacity.push(nf.capacities.clone());
        facts.site.push(nf.site.index().min(n.saturating_sub(1)));
    }
    Ok(facts)
}

/// One 億円.
const OKU: i64 = 100_000_000;

/// Rounds of a robust plan: solve, check by Monte Carlo, tighten the years that fail.
const ROBUST_ROUNDS: usize = 8;

/// What is left above a failing year's quantile keeps this share each round (90% → 93% → 95.1%
/// → 96.57% …): small steps, because a much tighter price can leave the search no plan at all
/// within its node budget (on Kanuma, halving from 90% to 95% did).
const ROBUST_STEP: Decimal = Decimal::from_parts(7, 0, 0, false, 1);

/// The least whole-yen cap a plan with these yearly costs meets: its highest year, rounded up.
fn peak_cap(years: &[Yen]) -> Yen {
    Yen::new(
        years
            .iter()
            .copied()
            .max()
            .unwrap_or(Yen::ZERO)
            .get()
            .ceil(),
    )
}

/// A share as a percentage, for messages.
fn pct(q: Decimal) -> Decimal {
    (q * Decimal::from(100)).round_dp(2).normalize()
}

/// Runs the optimizer: the best plan at the cap (or the least cap reachable and the best plan at
/// it), checked by the engine, with its summary; robust plans, the frontier, alternatives and the
/// marginal 億円 when asked.
///
/// # Errors
///
/// Bad input ([`Error::Input`], located), a plan without a cap and no `cap` given, robust plans
/// asked of a model with condition rules ([`Error::Optimize`]), a solver or engine failure.
pub fn optimize(req: &Request, files: &dyn FileSource, emit: &dyn Fn(Event)) -> Result<Optimized> {
    let opt = Optimizer::new(req, files, emit)?;
    let cap = req
        .cap
        .or(opt.cap())
        .ok_or_else(|| Error::Optimize(crate::msg!(PlanNoCap, path = req.base.display())))?;
    if req.confidence.is_some() && opt.base.model().condition.enabled {
        return Err(Error::Optimize(crate::msg!(RobustNeedsNoCondition)));
    }
    let mut notes = Vec::new();
    if opt.base.leveling().is_some() {
        notes.push(crate::msg!(NoteLevelingNotCarried));
    }
    // The plan at the cap (robust, if asked); the model of a plain search is kept for the
    // marginal 億円's search.
    let mut kept = None;
    let (mut found, robust, factors) = match req.confidence {
        None => {
            let (built, searched) = opt.search_kept(cap, None, &[], emit)?;
            kept = Some(Kept {
                built,
                x: searched.x,
                refused: searched.refused,
            });
            (searched.found, None, None)
        }
        Some(c) => {
            let (f, r, factors) = opt.robust(cap, c, req.montecarlo, emit)?;
            (f, Some(r), Some(factors))
        }
    };
    let mut least_cap = None;
    let mut years_not_met = Vec::new();
    if found.plan.is_none() {
        emit(Event::Stage(crate::msg!(StageLeastCap)));
        if let Some(lc) = opt.least_cap(factors.clone(), emit)? {
            let at = opt.search(lc, factors.clone(), &[], emit)?;
            if let Some(p) = &at.plan {
                let first = opt.base.plan().horizon.first().get();
                years_not_met = p
                    .years
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| **t > cap)
                    .map(|(i, _)| first + i as i32)
                    .collect();
            }
            least_cap = Some(lc);
            found = at;
        }
    }
    let base_total = opt.base_run.projection.total();
    let base_loss = ServiceLoss::measure(&opt.base_run.access, &opt.base_run.effects);
    let one_more_oku = match (&found.plan, req.marginal && least_cap.is_none()) {
        // Every measure and weight is at least zero: a plan that loses no service cannot be
        // bettered by any cap, and needs no search.
        (Some(p), true) if p.loss.weighted(&opt.cands.weights).is_zero() => Some(Decimal::ZERO),
        (Some(p), true) => {
            emit(Event::Stage(crate::msg!(StageOneMore)));
            let more = Yen::new(cap.get() + Decimal::from(OKU));
            let at_more = match kept.take() {
                Some(k) => opt.search_looser(k, Some(p), more, emit)?,
                None => opt.search(more, factors.clone(), &[], emit)?,
            };
            at_more
                .plan
                .map(|q| q.loss.weighted(&opt.cands.weights) - p.loss.weighted(&opt.cands.weights))
        }
        _ => None,
    };
    // The frontier and alternatives build models of their own.
    drop(kept);
    let frontier = if req.frontier > 0 {
        opt.frontier(
            req.frontier,
            factors.clone(),
            least_cap,
            found.plan.as_ref(),
            emit,
        )?
    } else {
        Vec::new()
    };
    let plan_cap = least_cap.unwrap_or(cap);
    let mut alternatives = Vec::new();
    let mut found_alternatives: Vec<(Plan, Found)> = Vec::new();
    if let Some(best) = &found.plan {
        let mut cuts = vec![opt.alt_vector(best, factors.clone(), plan_cap)];
        for k in 0..req.alternatives {
            emit(Event::Stage(crate::msg!(StageAlternative, n = k + 1)));
            let f = opt.search(plan_cap, factors.clone(), &cuts, emit)?;
            let Some(p) = f.plan.clone() else { break };
            cuts.push(opt.alt_vector(&p, factors.clone(), plan_cap));
            found_alternatives.push((p, f));
        }
        // In order of objective (a search stopped by its budget may find a better plan later),
        // ties in the order found.
        found_alternatives.sort_by_key(|a| a.0.objective);
        for (k, (p, f)) in found_alternatives.iter().enumerate() {
            alternatives.push(Alternative {
                text: opt.plan_text(p, req, f, None, &[], &format!("alternative-{}", k + 1)),
                objective: p.objective,
                service: p.loss.weighted(&opt.cands.weights),
                total: p.total,
                differs: opt.differences(best, p),
            });
        }
    }
    let chosen = found
        .plan
        .as_ref()
        .map(|p| opt.chosen(p))
        .unwrap_or_default();
    let text = match &found.plan {
        Some(p) => {
            let suffix = if robust.is_some() {
                "robust"
            } else {
                "optimized"
            };
            opt.plan_text(p, req, &found, robust.as_ref(), &notes, suffix)
        }
        None => String::new(),
    };
    if let Some(p) = &found.plan {
        let uncounted = p
            .options
            .iter()
            .flat_map(|&i| {
                opt.cands.changes[opt.costs.options[i].change]
                    .closes
                    .clone()
            })
            .filter(|&f| opt.facts.users.get(f).copied().unwrap_or(0) == 0)
            .count();
        if uncounted > 0 {
            notes.push(crate::msg!(NoteUncountedUsers, uncounted));
        }
    }
    let model_size = match opt.model_size.get() {
        Some(&size) => size,
        None => opt.build(cap, None).size(),
    };
    let (tight_years, binding_access, binding_capacity) = match &found.plan {
        Some(p) => (
            opt.tight_years(p, plan_cap),
            opt.binding_access(p),
            opt.binding_capacity(p),
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    Ok(Optimized {
        base_name: opt.base_name.clone(),
        text,
        cap,
        backend: req.backend,
        found,
        base_total,
        base_loss,
        least_cap,
        years_not_met,
        tight_years,
        binding_access,
        binding_capacity,
        one_more_oku,
        chosen,
        robust,
        frontier,
        alternatives,
        n_candidates: (
            opt.costs.options.len(),
            opt.costs.le.len(),
            opt.costs.events.iter().map(|e| e.moves.len()).sum(),
        ),
        model_size,
        notes,
    })
}

impl Optimizer {
    /// The least cap these candidates can reach (the engine's peak year of the plan that lowers
    /// the highest year most), rounded up to the yen.
    ///
    /// # Errors
    ///
    /// A solver or engine failure.
    pub fn least_cap(
        &self,
        factors: Option<Vec<[f64; 3]>>,
        emit: &dyn Fn(Event),
    ) -> Result<Option<Yen>> {
        let mut built = model::build(
            &self.base,
            &self.cands,
            &self.costs,
            &self.facts,
            &Settings {
                cap_oku: 0.0,
                factors,
                cap_rows: false,
            },
        );
        // Minimise the highest year: C ≥ each year's cost; C alone in the objective, with the
        // service loss a distant second.
        for c in &mut built.model.cols {
            c.obj *= 1e-6;
        }
        built.model.obj_constant *= 1e-6;
        let top = built.model.col(0.0, f64::INFINITY, false, 1.0);
        for (t, terms) in built.year_terms.iter().enumerate() {
            let mut terms = terms.clone();
            terms.push((top, -1.0));
            built
                .model
                .row(terms, f64::NEG_INFINITY, -built.year_constants[t]);
        }
        emit(Event::Stage(crate::msg!(StageSolvingLeast)));
        // A dive through the relaxation gives the search a first plan: without one, a large
        // model (Kanuma) can spend its whole node budget finding none.
        let warm = solve::dive(&built.model, self.limits().time)?;
        let outcome = solve::solve(
            &built.model,
            self.backend,
            self.limits(),
            warm.as_deref(),
            &|p| {
                emit(Event::Solver(p));
            },
        )?;
        let x = match (outcome, warm) {
            (solve::Outcome::Solved(s), _) => s.x,
            (_, Some(x)) => x,
            _ => return Ok(None),
        };
        let p = self.evaluate(self.decisions(&built, &x), Yen::ZERO)?;
        let peak = p.years.iter().copied().max().unwrap_or(Yen::ZERO);
        Ok(Some(Yen::new(peak.get().ceil())))
    }

    /// A robust plan: each year priced at a quantile of the Monte Carlo draws (the confidence to
    /// begin with), checked by the ordinary Monte Carlo; the years where runs still go over the
    /// cap are priced at a higher quantile ([`ROBUST_STEP`]) and the plan solved again (when
    /// the search finds no plan at the higher prices, it goes back half way towards the last
    /// prices that gave one), until at most `1 − confidence` of runs have a year over the cap.
    ///
    /// A single quantile for every year does not bound the share of runs with *any* year over:
    /// a run with a high unit-cost draw goes over in early years, one with high escalation in
    /// late ones. Tightening only the years that fail keeps the other years' prices (and the
    /// service the plan keeps) as they were.
    fn robust(
        &self,
        cap: Yen,
        confidence: Decimal,
        settings: crate::montecarlo::Settings,
        emit: &dyn Fn(Event),
    ) -> Result<(Found, Robust, Vec<[f64; 3]>)> {
        let draws = crate::montecarlo::draws(&self.base.model().uncertainty, settings);
        let n_years = self.base.plan().horizon.years() as usize;
        let allowed = Decimal::ONE - confidence;
        let mut levels = vec![confidence; n_years];
        let mut last: Option<(Found, Robust, Vec<[f64; 3]>)> = None;
        let mut last_levels: Option<Vec<Decimal>> = None;
        for round in 0..ROBUST_ROUNDS {
            let factors = quantile_factors(&draws, &levels);
            let highest = levels.iter().copied().max().unwrap_or(confidence);
            emit(Event::Stage(crate::msg!(
                StageRobust,
                round = round + 1,
                confidence = pct(confidence),
                quantile = pct(highest)
            )));
            let found = self.search(cap, Some(factors.clone()), &[], emit)?;
            let Some(p) = &found.plan else {
                // No plan at these prices: go back half way towards the prices of the last plan
                // found (the search may find one there); with none found yet, or when the two are
                // as good as equal, the last plan checked (if any) is the best answer, its share
                // over the cap reported as it is.
                if let Some(prev) = &last_levels {
                    let mid: Vec<Decimal> = prev
                        .iter()
                        .zip(&levels)
                        .map(|(a, b)| ((*a + *b) / Decimal::TWO).round_dp(6))
                        .collect();
                    if mid
                        .iter()
                        .zip(&levels)
                        .any(|(m, l)| (*l - *m).abs() >= Decimal::new(1, 3))
                    {
                        levels = mid;
                        continue;
                    }
                }
                let r = Robust {
                    confidence,
                    quantile: highest,
                    probability_any_over: Decimal::ONE,
                    settings,
                };
                return Ok(last.unwrap_or((found, r, factors)));
            };
            emit(Event::Stage(crate::msg!(
                StageMonteCarlo,
                runs = settings.runs,
                seed = settings.seed
            )));
            let s = p.outcome.scenario.clone();
            let mc = crate::montecarlo::run(&s, settings, &|_| {})?;
            let prob = mc.probability_any_over_cap();
            let r = Robust {
                confidence,
                quantile: highest,
                probability_any_over: prob,
                settings,
            };
            if prob <= allowed {
                return Ok((found, r, factors));
            }
            last_levels = Some(levels.clone());
            let mut tightened = false;
            for (t, y) in mc.years.iter().enumerate() {
                if y.over_cap_runs > 0 && levels[t] < Decimal::ONE {
                    levels[t] = Decimal::ONE - (Decimal::ONE - levels[t]) * ROBUST_STEP;
                    tightened = true;
                }
            }
            last = Some((found, r, factors));
            if !tightened {
                break;
            }
        }
        last.ok_or_else(|| Error::Optimize(crate::msg!(NoRobustPlan)))
    }

    /// The frontier of cap against service loss: `n` caps from the least reachable to the base's
    /// highest year, solved tight to loose in one model.
    ///
    /// The least cap is `least` when the cap asked could not be met (the exact search for it has
    /// run); otherwise the lowest highest year, by the engine, of a plan the engine accepts (its
    /// access standards and capacities kept, when they are hard rules): the plan at the cap asked
    /// (`at_cap`), the base, and the greedy plan the engine accepts with the lowest highest year
    /// (a bisection of greedy plans, each checked by the engine, which costs no solve: the exact
    /// least cap is a min-max problem that takes the solver far longer than the frontier's
    /// points). So the tightest point always has a plan: those plans are its first incumbents
    /// (and every looser point's). Each point then starts from the tighter neighbour's plan (a
    /// plan that meets a tighter cap meets a looser one), keeps the rows the engine's checks
    /// added (the plans they cut off are judged again at each cap, by the engine, and the best
    /// that meets it is an incumbent), and gets an equal share of what is left of `--time-limit`.
    fn frontier(
        &self,
        n: u32,
        factors: Option<Vec<[f64; 3]>>,
        least: Option<Yen>,
        at_cap: Option<&Plan>,
        emit: &dyn Fn(Event),
    ) -> Result<Vec<FrontierPoint>> {
        let high = (0..self.base_run.projection.years())
            .map(|i| self.base_run.projection.year_total(i))
            .max()
            .unwrap_or(Yen::ZERO);
        let high = Yen::new(high.get().ceil());
        let mut built = self.build(high, factors);
        // Plans the engine accepts, each with the least cap it meets (its highest year rounded
        // up): an incumbent at every cap at or over that.
        let mut seeds: Vec<(Yen, Plan)> = at_cap
            .filter(|p| p.feasible)
            .map(|p| (peak_cap(&p.years), p.clone()))
            .into_iter()
            .collect();
        let low = match least {
            Some(c) => c,
            None => {
                emit(Event::Stage(crate::msg!(StageSolvingLeast)));
                if let Some(p) = self.greedy_least(&mut built)? {
                    seeds.push((peak_cap(&p.years), p));
                }
                seeds
                    .iter()
                    .map(|(c, _)| *c)
                    .chain([high])
                    .min()
                    .unwrap_or(high)
            }
        };
        let high = high.max(low);
        let mut caps: Vec<Yen> = (0..n)
            .map(|k| {
                if n == 1 {
                    low
                } else {
                    let step = (high.get() - low.get()) / Decimal::from(n - 1);
                    Yen::new((low.get() + step * Decimal::from(k)).ceil())
                }
            })
            .collect();
        caps.dedup();
        let mut points = Vec::new();
        let mut carried: Option<Plan> = None;
        let mut x: Option<Vec<f64>> = None;
        let mut refused: Vec<Choice> = Vec::new();
        for (k, &cap) in caps.iter().enumerate() {
            emit(Event::Stage(crate::msg!(
                StageFrontier,
                cap = cap.oku(2),
                k = k + 1,
                n = caps.len()
            )));
            // An equal share of the time left to each point still to solve.
            let limits = Limits {
                time: self.limits.time.map(|t| {
                    let left = t.saturating_sub(self.started.elapsed());
                    let share = u32::try_from(caps.len() - k).unwrap_or(u32::MAX);
                    (left / share).max(std::time::Duration::from_millis(1))
                }),
                ..self.limits
            };
            let mut plans: Vec<Plan> = carried.take().into_iter().collect();
            plans.extend(
                seeds
                    .iter()
                    .filter(|(c, _)| *c <= cap)
                    .map(|(_, p)| p.clone()),
            );
            for c in &refused {
                plans.push(self.evaluate(c.clone(), cap)?);
            }
            let start = Start {
                warm: x.take(),
                plans,
                greedy_incumbent: refused.is_empty(),
            };
            let r = self.search_in(&mut built, cap, limits, start, emit)?;
            refused.extend(r.refused);
            x = r.x;
            let f = r.found;
            let gap = f.gap();
            points.push(FrontierPoint {
                cap,
                service: f
                    .plan
                    .as_ref()
                    .map(|p| p.loss.weighted(&self.cands.weights)),
                objective: f.plan.as_ref().map(|p| p.objective),
                changes: f.plan.as_ref().map_or(0, |p| p.options.len()),
                finished: f.finished,
                gap,
            });
            carried = f.plan;
        }
        Ok(points)
    }

    /// The greedy plan the engine accepts with the lowest highest year: greedy plans at caps
    /// found by bisection (to 0.01 億円, 100万円), a cap counting as reached only when the greedy
    /// plan meets it in the model and the engine accepts that plan (judged at its own highest
    /// year: access standards and capacities as the engine analyses them, where the greedy
    /// plan's own view of where users go may differ). `None` when the engine accepts no greedy
    /// plan. Leaves the model's cap rows open.
    fn greedy_least(&self, built: &mut Built) -> Result<Option<Plan>> {
        for &r in &built.vars.cap_rows {
            built.model.rows[r].hi = f64::INFINITY;
        }
        let built: &Built = built;
        let service_estimate = self.service_estimate(built);
        let years_of: Vec<i32> = self.costs.options.iter().map(|o| o.year).collect();
        let closing = model::base_closing_years(&self.base);
        // The greedy plan at a cap (億円), if it meets it and the engine accepts it.
        let accepted = |cap: f64| -> Result<Option<Plan>> {
            let (x, meets) =
                greedy::plan(built, cap, &service_estimate, &years_of, closing.clone());
            if !meets {
                return Ok(None);
            }
            let p = self.judge(self.decisions(built, &x), None)?;
            Ok(p.feasible.then_some(p))
        };
        let mut best: Option<Plan> = None;
        let mut keep = |p: Plan| {
            if best
                .as_ref()
                .is_none_or(|b| peak_cap(&p.years) < peak_cap(&b.years))
            {
                best = Some(p);
            }
        };
        let mut hi = built.year_constants.iter().copied().fold(0.0_f64, f64::max);
        if let Some(p) = accepted(hi)? {
            keep(p);
        }
        let mut lo = 0.0_f64;
        while hi - lo > 1e-2 {
            let mid = (lo + hi) / 2.0;
            match accepted(mid)? {
                Some(p) => {
                    hi = mid;
                    keep(p);
                }
                None => lo = mid,
            }
        }
        Ok(best)
    }

    /// The columns that make a plan distinct (changes and life extensions), as a point of the
    /// model, for the no-good cut that asks for another plan.
    fn alt_vector(&self, p: &Plan, factors: Option<Vec<[f64; 3]>>, cap: Yen) -> Vec<f64> {
        let built = self.build(cap, factors);
        let mut x = vec![0.0; built.model.cols.len()];
        for &i in &p.options {
            x[built.vars.option[i]] = 1.0;
        }
        for &o in &p.life {
            x[built.vars.life[o]] = 1.0;
        }
        x
    }

    /// How plan `b` differs from plan `a`: the changes one takes and the other does not.
    fn differences(&self, a: &Plan, b: &Plan) -> Vec<crate::messages::Message> {
        let describe = |sign: &str, i: usize| {
            let opt = &self.costs.options[i];
            let ch = &self.cands.changes[opt.change];
            crate::msg!(
                AltDiffChange,
                sign,
                kind = ch.type_name(),
                facility = id_of(&self.base, ch.facility()),
                year = opt.year
            )
        };
        let life = |sign: &str, o: usize| {
            crate::msg!(
                AltDiffLife,
                sign,
                category = self.cands.life_extensions[o].category.key()
            )
        };
        let sa: BTreeSet<usize> = a.options.iter().copied().collect();
        let sb: BTreeSet<usize> = b.options.iter().copied().collect();
        let mut out: Vec<crate::messages::Message> =
            sb.difference(&sa).map(|&i| describe("+", i)).collect();
        out.extend(sa.difference(&sb).map(|&i| describe("−", i)));
        for o in b.life.iter().filter(|o| !a.life.contains(o)) {
            out.push(life("+", *o));
        }
        for o in a.life.iter().filter(|o| !b.life.contains(o)) {
            out.push(life("−", *o));
        }
        out
    }

    /// The plan's actions as people read them: what each saves and where users go.
    fn chosen(&self, p: &Plan) -> Vec<Chosen> {
        let mut out = Vec::new();
        for &o in &p.life {
            let lo = &self.cands.life_extensions[o];
            let mut total = self.costs.le_total[o];
            for &i in &p.options {
                for (oo, t) in &self.costs.options[i].le_totals {
                    if *oo == o {
                        total += *t;
                    }
                }
            }
            out.push(Chosen {
                kind: "life_extension".into(),
                subject: lo.category.key().into(),
                name: lo.rules.clone(),
                year: None,
                saves: -total,
                users_to: Vec::new(),
            });
        }
        let mut options = p.options.clone();
        options.sort_by_key(|&i| {
            (
                self.costs.options[i].year,
                self.cands.changes[self.costs.options[i].change].facility(),
            )
        });
        for i in options {
            let opt = &self.costs.options[i];
            let ch = &self.cands.changes[opt.change];
            let mut total = opt.total;
            for (o, t) in &opt.le_totals {
                if p.life.contains(o) {
                    total += *t;
                }
            }
            let f = ch.facility();
            let users_to = p
                .outcome
                .access
                .moves
                .iter()
                .filter(|m| ch.closes.contains(&m.from.index()) && m.users > 0)
                .map(|m| {
                    (
                        m.users,
                        m.to.map_or_else(
                            || "nowhere".to_string(),
                            |t| p.outcome.scenario.facility(t).id().to_string(),
                        ),
                        m.km,
                    )
                })
                .collect();
            let (subject, name) = match &ch.kind {
                ChangeKind::Complex { id } => (
                    id.clone(),
                    ch.closes
                        .iter()
                        .map(|&f| id_of(&self.base, f))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                _ => (
                    id_of(&self.base, f).to_string(),
                    self.base.facility(FacilityIdx::new(f)).name().to_string(),
                ),
            };
            out.push(Chosen {
                kind: ch.type_name().into(),
                subject,
                name,
                year: Some(opt.year),
                saves: -total,
                users_to,
            });
        }
        for &(e, k) in &p.moves {
            let ev = &self.costs.events[e];
            let d = ev.moves[k].0;
            out.push(Chosen {
                kind: "shift".into(),
                subject: self.base.inventory().buildings[ev.building].id.clone(),
                name: format!(
                    "{} {} → {}",
                    match ev.event {
                        crate::cost::EventKind::Renovation => "renovation",
                        crate::cost::EventKind::Rebuild => "rebuild",
                    },
                    ev.start,
                    ev.start + d
                ),
                year: Some(ev.start + d),
                saves: Decimal::ZERO,
                users_to: Vec::new(),
            });
        }
        out
    }

    /// The plan file: a header saying how it was made and what it achieves, then its actions,
    /// each with what it saves and where its users go.
    ///
    /// The plan is named after the base and what it is (`suffix`): `BASE-optimized`,
    /// `BASE-robust` (asked with a confidence), `BASE-alternative-K`, so that plans written from
    /// one base can be run side by side.
    fn plan_text(
        &self,
        p: &Plan,
        req: &Request,
        found: &Found,
        robust: Option<&Robust>,
        notes: &[crate::messages::Message],
        suffix: &str,
    ) -> String {
        let w = &self.cands.weights;
        let oku = |y: Decimal| Yen::new(y).oku(2);
        let mut head = vec![
            "The optimizer's plan: the base scenario's actions, and the changes below, chosen to keep"
                .to_string(),
            "every year at or under the cap with the least loss of service. Regenerate it with:".to_string(),
            format!("  {}", req.command),
            String::new(),
            format!(
                "cap {} 億円 a year; every year at or under it: {}; highest year {} 億円",
                found.cap.oku(2),
                if p.feasible { "yes" } else { "no" },
                p.years.iter().copied().max().unwrap_or(Yen::ZERO).oku(2)
            ),
            format!(
                "service loss {} (user-km {}, users lost {}, access pairs {}, over capacity {}); total {} 億円 over the plan",
                p.loss.weighted(w).round_dp(3).normalize(),
                p.loss.user_km.round_dp(1).normalize(),
                p.loss.users_lost,
                p.loss.access_pairs,
                p.loss.over_capacity,
                p.total.oku(2)
            ),
            match (found.finished, found.gap()) {
                (true, _) => format!("proven optimal (objective {})", p.objective.round_dp(6).normalize()),
                (false, Some(g)) => format!(
                    "objective {}, solver's bound {:.6}, gap {:.2}%",
                    p.objective.round_dp(6).normalize(),
                    found.bound.unwrap_or(f64::NAN),
                    g * 100.0
                ),
                (false, None) => format!("objective {}, no bound proven", p.objective.round_dp(6).normalize()),
            },
        ];
        if let Some(r) = robust {
            head.push(format!(
                "robust: each year priced at a quantile of the Monte Carlo draws, {}% to {}%; {}% of {} runs (seed {}) have a year over the cap",
                pct(r.confidence),
                pct(r.quantile),
                (r.probability_any_over * Decimal::from(100)).round_dp(2).normalize(),
                r.settings.runs,
                r.settings.seed
            ));
        }
        for n in notes {
            head.push(format!("note: {}", n.render(crate::messages::Lang::En)));
        }
        let mut comments: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for c in self.chosen(p) {
            let key = match c.kind.as_str() {
                "life_extension" => format!("life_extension {}", c.subject),
                "shift" => {
                    let start = c.name.split_whitespace().nth(1).unwrap_or("").to_string();
                    format!("shift {} {start}", c.subject)
                }
                "complex" => {
                    let first = c.name.split(", ").next().unwrap_or("").to_string();
                    format!("complex {first}")
                }
                k => format!("{k} {}", c.subject),
            };
            let mut lines = Vec::new();
            match c.kind.as_str() {
                "shift" => lines.push(format!("{}: moved to lower the years it fell in", c.name)),
                "life_extension" => lines.push(format!(
                    "{} under {}: saves {} 億円 over the plan",
                    c.subject,
                    c.name,
                    oku(c.saves)
                )),
                _ => {
                    lines.push(format!(
                        "{}: saves {} 億円 over the plan",
                        c.name,
                        oku(c.saves)
                    ));
                    for (users, to, km) in &c.users_to {
                        let name = p
                            .outcome
                            .scenario
                            .inventory()
                            .facility_index(to)
                            .map_or(to.clone(), |f| {
                                format!("{} ({to})", self.base.facility(f).name())
                            });
                        lines.push(match km {
                            Some(k) => format!("its {users} users a year go to {name}, {k} km"),
                            None => format!("its {users} users a year go to {name}"),
                        });
                    }
                }
            }
            comments.insert(key, lines);
        }
        let actions: Vec<String> = self
            .actions(&p.options, &p.life, &p.moves, &p.receivers, &comments)
            .iter()
            .map(|(a, c)| text::action(a, c))
            .collect();
        // A plan at a cap other than the plan's (the least cap reachable) says so in its [plan].
        let header = if Some(found.cap) == self.cap() {
            self.engine.header.clone()
        } else {
            self.engine.header.with_cap(found.cap.get())
        };
        header.scenario(
            &head,
            &format!("{}-{suffix}", self.base_name),
            &format!(
                "{} with the optimizer's changes at a cap of {} 億円",
                self.base_name,
                found.cap.oku(2)
            ),
            &actions,
        )
    }

    /// The years closest to the cap: those within 1% of it, at least three.
    fn tight_years(&self, p: &Plan, cap: Yen) -> Vec<Slack> {
        let first = self.base.plan().horizon.first().get();
        let mut v: Vec<Slack> = p
            .years
            .iter()
            .enumerate()
            .map(|(i, t)| Slack {
                year: first + i as i32,
                total: *t,
                slack: Yen::new(cap.get() - t.get()),
            })
            .collect();
        v.sort_by_key(|s| (s.slack, s.year));
        let near = cap.get() / Decimal::from(100);
        let keep = v.iter().filter(|s| s.slack.get() <= near).count().max(3);
        v.truncate(keep);
        v
    }

    /// Access standards (district × function) that only one open facility still meets at the end
    /// of the plan.
    fn binding_access(&self, p: &Plan) -> Vec<BindingAccess> {
        let s = &p.outcome.scenario;
        let inv = &s.inventory();
        let closed: BTreeSet<usize> = p
            .outcome
            .effects
            .closures
            .iter()
            .filter(|c| {
                !matches!(
                    s.actions().get(c.action),
                    Some(crate::scenario::Action::Transfer {
                        service_continues: true,
                        ..
                    })
                )
            })
            .map(|c| c.facility.index())
            .collect();
        let mut out = Vec::new();
        for (g, std_km) in &inv.access_km {
            let std = crate::scenario::access::standard_units(*std_km);
            for d in distances(s).districts() {
                let open: Vec<usize> = (0..inv.facilities.len())
                    .filter(|&q| inv.facilities[q].functions.contains(g) && !closed.contains(&q))
                    .filter(|&q| distances(s).district_units(d, q).is_some_and(|k| k <= std))
                    .collect();
                if open.len() == 1 {
                    out.push(BindingAccess {
                        district: d.to_string(),
                        function: g.clone(),
                        facility: inv.facilities[open[0]].id.clone(),
                    });
                }
            }
        }
        out
    }

    /// Receivers of users at 90% of their capacity or more at the end of the plan.
    fn binding_capacity(&self, p: &Plan) -> Vec<BindingCapacity> {
        let s = &p.outcome.scenario;
        let mut received: BTreeMap<(usize, String), u64> = BTreeMap::new();
        let mut left: BTreeSet<usize> = BTreeSet::new();
        for m in &p.outcome.access.moves {
            left.insert(m.from.index());
            if let Some(t) = m.to {
                *received.entry((t.index(), m.function.clone())).or_default() += m.users;
            }
        }
        let mut out = Vec::new();
        for ((r, g), users_in) in received {
            if left.contains(&r) || users_in == 0 || r >= self.facts.n {
                continue;
            }
            let Some(&cap) = self.facts.capacity[r].get(&g) else {
                continue;
            };
            let own = if self.facts.functions[r].first() == Some(&g) {
                self.facts.users[r]
            } else {
                0
            };
            let users = own + users_in;
            if users * 10 >= cap * 9 {
                out.push(BindingCapacity {
                    facility: id_of(s, r).to_string(),
                    function: g,
                    users,
                    capacity: cap,
                });
            }
        }
        out
    }
}

/// Each year's multipliers of the three groups (running, works, demolition) at that year's
/// quantile `levels[t]` of the draws: running costs are not drawn (1); works are escalated and
/// multiplied by the unit-cost draw; demolition is escalated (the groups of `montecarlo`).
fn quantile_factors(draws: &[(Decimal, Decimal)], levels: &[Decimal]) -> Vec<[f64; 3]> {
    let n = draws.len();
    let n_years = levels.len();
    let rank = |q: Decimal| {
        (Decimal::from(n as u64) * q)
            .ceil()
            .to_usize()
            .unwrap_or(n)
            .clamp(1, n.max(1))
            - 1
    };
    // Each run's escalation to each year, as `montecarlo` computes it (the step applied once a
    // year from the plan's first year).
    let mut works: Vec<Vec<Decimal>> = vec![Vec::with_capacity(n); n_years];
    let mut demolition: Vec<Vec<Decimal>> = vec![Vec::with_capacity(n); n_years];
    for (rate, mult) in draws {
        let mut esc = Decimal::ONE;
        for t in 0..n_years {
            if t > 0 {
                esc *= Decimal::ONE + rate;
            }
            works[t].push(esc * mult);
            demolition[t].push(esc);
        }
    }
    (0..n_years)
        .map(|t| {
            let k = rank(levels[t]);
            works[t].sort_unstable();
            demolition[t].sort_unstable();
            [
                1.0,
                works[t].get(k).and_then(|d| d.to_f64()).unwrap_or(1.0),
                demolition[t].get(k).and_then(|d| d.to_f64()).unwrap_or(1.0),
            ]
        })
        .collect()
}
