//! Solving the model with a real solver: microlp (pure Rust, the default) or HiGHS (`--features
//! highs`), both given the model through `good_lp`'s modelling types.
//!
//! microlp is run in slices of branch-and-bound nodes, so the search has a deterministic budget
//! (the same plan on every machine and at any thread count) and reports its incumbent, bound and
//! gap between slices; a time limit, when asked for, also stops it (the result then depends on the
//! machine's speed). HiGHS runs on one thread, for the same reason. Both may start from a known
//! plan (the greedy one). This module owns talking to solvers; what the columns mean is the model's.

use std::time::{Duration, Instant};

use good_lp::{Expression, ProblemVariables, SolverModel, variable};

use super::model::Model;
use crate::error::{Error, Result};

/// Which solver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// microlp, in pure Rust.
    Microlp,
    /// HiGHS (needs the `highs` feature).
    Highs,
}

impl Backend {
    /// The backend built into this binary by default: HiGHS when the `highs` feature is on.
    pub fn default_available() -> Backend {
        if cfg!(feature = "highs") {
            Backend::Highs
        } else {
            Backend::Microlp
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
            Backend::Highs => "highs",
        }
    }
}

/// When to stop searching.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Stop after this long (the result then depends on the machine's speed).
    pub time: Option<Duration>,
    /// Stop after this many branch-and-bound nodes (deterministic).
    pub nodes: u64,
    /// Stop when the relative gap is at most this.
    pub gap: f64,
}

/// The solver's state, for progress reports.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// The best plan's objective (without the model's constant), if one is known.
    pub incumbent: Option<f64>,
    /// The best proven bound, if known.
    pub bound: Option<f64>,
    /// Nodes searched.
    pub nodes: u64,
    /// Time spent.
    pub elapsed: Duration,
}

/// A solution.
#[derive(Clone, Debug)]
pub struct Solved {
    /// Column values (integers rounded).
    pub x: Vec<f64>,
    /// Its objective, with the model's constant.
    pub objective: f64,
    /// The proven lower bound, with the model's constant.
    pub bound: f64,
    /// Whether the search finished (optimal within the gap) rather than stopped at a limit.
    pub finished: bool,
    /// Nodes searched.
    pub nodes: u64,
}

/// What a solve found.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// A plan.
    Solved(Solved),
    /// No plan satisfies the rows.
    Infeasible,
    /// A limit stopped the search before any plan was found.
    NoPlan,
}

/// Nodes per slice of the microlp search (progress is reported between slices).
const SLICE_NODES: u64 = 200;

/// Solves `model` (minimising), starting from `warm` if given.
///
/// # Errors
///
/// [`Error::Solver`] when the solver fails for another reason than infeasibility (a numerical
/// breakdown), or [`Error::Optimize`] when the HiGHS backend is asked of a binary built without it.
pub fn solve(
    model: &Model,
    backend: Backend,
    limits: Limits,
    warm: Option<&[f64]>,
    progress: &dyn Fn(Progress),
) -> Result<Outcome> {
    match backend {
        Backend::Microlp => microlp(model, limits, warm, progress),
        Backend::Highs => highs(model, limits, warm, progress),
    }
}

/// The model in `good_lp`'s terms: its variables, objective and constraints.
pub struct GoodLp {
    /// The variables.
    pub vars: ProblemVariables,
    /// Their handles, by column.
    pub handles: Vec<good_lp::Variable>,
    /// The objective (without the model's constant).
    pub objective: Expression,
    /// The constraints.
    pub constraints: Vec<good_lp::Constraint>,
}

/// Translates the model into `good_lp`'s types; with `implied`, columns integral whenever the
/// integer columns are ([`super::model::Col::implied_integer`]) are declared integer too.
pub fn to_good_lp(model: &Model, implied: bool) -> GoodLp {
    let mut vars = ProblemVariables::new();
    let handles: Vec<good_lp::Variable> = model
        .cols
        .iter()
        .map(|c| {
            let mut def = variable().min(c.lo).max(c.hi);
            if c.integer || (implied && c.implied_integer) {
                def = def.integer();
            }
            vars.add(def)
        })
        .collect();
    let mut objective = Expression::with_capacity(model.cols.len());
    for (c, h) in model.cols.iter().zip(&handles) {
        if c.obj != 0.0 {
            objective.add_mul(c.obj, *h);
        }
    }
    let mut constraints = Vec::new();
    for r in &model.rows {
        let mut e = Expression::with_capacity(r.terms.len());
        for &(c, v) in &r.terms {
            e.add_mul(v, handles[c]);
        }
        if r.lo == r.hi {
            constraints.push(e.eq(r.lo));
            continue;
        }
        if r.hi.is_finite() {
            constraints.push(e.clone().leq(r.hi));
        }
        if r.lo.is_finite() {
            constraints.push(e.geq(r.lo));
        }
    }
    GoodLp {
        vars,
        handles,
        objective,
        constraints,
    }
}

fn rounded(model: &Model, x: impl Iterator<Item = f64>) -> Vec<f64> {
    x.zip(&model.cols)
        .map(|(v, c)| if c.integer { v.round() } else { v })
        .collect()
}

fn microlp(
    model: &Model,
    limits: Limits,
    warm: Option<&[f64]>,
    progress: &dyn Fn(Progress),
) -> Result<Outcome> {
    use microlp::{ComparisonOp, OptimizationDirection, ResumeOptions, SolveOptions, SolveOutcome};
    let g = to_good_lp(model, false);
    // good_lp's microlp adapter builds the problem; its variables are created in column order, so
    // a column's index is its microlp variable's.
    let mut p = good_lp::solvers::microlp::microlp(g.vars.minimise(g.objective));
    for c in g.constraints {
        p.add_constraint(c);
    }
    let problem = p.as_inner();
    // microlp's variables are their creation indices; the same indices name them in any problem
    // with as many variables (the warm start refers to the adapter's variables this way).
    let mut handles = microlp::Problem::new(OptimizationDirection::Minimize);
    let vars: Vec<microlp::Variable> = (0..model.cols.len())
        .map(|_| handles.add_var(0.0, (0.0, 0.0)))
        .collect();
    let _ = ComparisonOp::Le;
    let start = Instant::now();
    let remaining = |start: Instant| {
        limits.time.map(|t| {
            t.saturating_sub(start.elapsed())
                .max(Duration::from_millis(1))
        })
    };
    let mut options = SolveOptions::default();
    options.node_limit = Some(SLICE_NODES.min(limits.nodes.max(1)));
    options.mip_gap = limits.gap;
    options.time_limit = remaining(start);
    if let Some(w) = warm {
        options.warm_start = Some(vars.iter().copied().zip(w.iter().copied()).collect());
    }
    let report = |o: &SolveOutcome| {
        let stats = o.stats();
        progress(Progress {
            incumbent: o.solution().map(microlp::Solution::objective),
            bound: stats.best_bound,
            nodes: stats.nodes_solved,
            elapsed: start.elapsed(),
        });
    };
    let mut outcome = match problem.solve_with(options) {
        Ok(o) => o,
        Err(microlp::Error::Infeasible) => return Ok(Outcome::Infeasible),
        Err(e) => {
            return Err(Error::Solver {
                backend: "microlp",
                message: e.to_string(),
            });
        }
    };
    loop {
        report(&outcome);
        let reason = outcome.termination_reason();
        let done = matches!(
            reason,
            microlp::TerminationReason::ProvenOptimal | microlp::TerminationReason::MipGap
        );
        let nodes = outcome.stats().nodes_solved;
        let out_of_time = limits.time.is_some_and(|t| start.elapsed() >= t)
            || reason == microlp::TerminationReason::TimeLimit;
        if done || nodes >= limits.nodes || out_of_time {
            break;
        }
        let slice = SLICE_NODES.min(limits.nodes - nodes);
        let mut resume = ResumeOptions::default();
        resume.time_limit = remaining(start);
        resume.node_limit = Some(slice);
        resume.mip_gap = (limits.gap > 0.0).then_some(limits.gap);
        outcome = match outcome.resume_with(resume) {
            Ok(o) => o,
            Err(microlp::Error::Infeasible) => return Ok(Outcome::Infeasible),
            Err(e) => {
                return Err(Error::Solver {
                    backend: "microlp",
                    message: e.to_string(),
                });
            }
        };
    }
    let finished = matches!(
        outcome.termination_reason(),
        microlp::TerminationReason::ProvenOptimal | microlp::TerminationReason::MipGap
    );
    let stats = outcome.stats();
    let Some(sol) = outcome.solution() else {
        return Ok(Outcome::NoPlan);
    };
    let x = rounded(model, sol.iter().map(|(_, v)| v));
    let objective = model.objective(&x);
    let bound = if finished {
        stats
            .best_bound
            .map_or(objective, |b| b + model.obj_constant)
            .min(objective)
    } else {
        stats
            .best_bound
            .map_or(f64::NEG_INFINITY, |b| b + model.obj_constant)
    };
    Ok(Outcome::Solved(Solved {
        x,
        objective,
        bound,
        finished,
        nodes: stats.nodes_solved,
    }))
}

/// HiGHS's `presolve_rule_off` bit for probing (`kPresolveRuleProbing`, rule 15).
#[cfg(feature = "highs")]
const PRESOLVE_PROBING: i32 = 1 << 15;

#[cfg(feature = "highs")]
fn highs(
    model: &Model,
    limits: Limits,
    warm: Option<&[f64]>,
    progress: &dyn Fn(Progress),
) -> Result<Outcome> {
    use highs::HighsModelStatus as S;
    // The columns `w = z ∧ L` are declared integer: HiGHS's presolve derives a variable bound from
    // each pair of a binary and a continuous column in a row, and the cap rows hold every
    // option's binary and every `w`, so with `w` continuous the pairs grow with the square of the
    // inventory (3,000 facilities: minutes in presolve, past any time limit). Declared integer,
    // they add no plan: each is integral whenever the binaries are.
    let g = to_good_lp(model, true);
    let mut p = g
        .vars
        .minimise(g.objective)
        .using(good_lp::solvers::highs::highs);
    for c in g.constraints {
        p.add_constraint(c);
    }
    // Options set through good_lp are applied only by its own solve; set them on the HiGHS model.
    let mut h = p.try_into_inner().map_err(|e| Error::Solver {
        backend: "HiGHS",
        message: format!("refused the model: {e}"),
    })?;
    h.make_quiet();
    h.set_option("threads", 1);
    // Presolve's probing off: with the `w` columns integer, it cut the optimum off a generated
    // instance (the tests' seed 22: HiGHS reported the greedy start optimal, 0.014364 against the
    // exhaustive search's 0.01188); without it, every instance reaches the exhaustive optimum.
    h.set_option("presolve_rule_off", PRESOLVE_PROBING);
    h.set_option("mip_rel_gap", limits.gap);
    h.set_option(
        "mip_max_nodes",
        i32::try_from(limits.nodes).unwrap_or(i32::MAX),
    );
    if let Some(t) = limits.time {
        h.set_option("time_limit", t.as_secs_f64());
    }
    if let Some(w) = warm {
        h.set_solution(Some(w), None, None, None);
    }
    let start = Instant::now();
    let solved = h.try_solve().map_err(|e| Error::Solver {
        backend: "HiGHS",
        message: format!("{e:?}"),
    })?;
    let status = solved.status();
    if matches!(status, S::Infeasible | S::UnboundedOrInfeasible) {
        return Ok(Outcome::Infeasible);
    }
    let nodes = solved
        .int_info_value(c"mip_node_count")
        .map_or(0, |n| u64::try_from(n).unwrap_or(0));
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .unwrap_or(f64::NEG_INFINITY);
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Ok(Outcome::NoPlan);
    }
    let x = rounded(model, solved.get_solution().columns().iter().copied());
    let objective = model.objective(&x);
    let finished = status == S::Optimal;
    progress(Progress {
        incumbent: Some(objective - model.obj_constant),
        bound: Some(bound),
        nodes,
        elapsed: start.elapsed(),
    });
    let bound = if finished {
        (bound + model.obj_constant).min(objective)
    } else {
        bound + model.obj_constant
    };
    Ok(Outcome::Solved(Solved {
        x,
        objective,
        bound,
        finished,
        nodes,
    }))
}

#[cfg(not(feature = "highs"))]
fn highs(_: &Model, _: Limits, _: Option<&[f64]>, _: &dyn Fn(Progress)) -> Result<Outcome> {
    Err(Error::Optimize(crate::msg!(NoHighs)))
}

/// A plan by diving: solve the linear relaxation, fix the integer column with the largest
/// fractional value to 1 (or, if that leaves no solution, to 0), solve again from the last basis,
/// until every integer column is whole. A starting plan for the solver when the greedy one does
/// not meet the cap; `None` when the dive ends without one.
///
/// # Errors
///
/// A numerical failure of the linear solver.
pub fn dive(model: &Model, time: Option<Duration>) -> Result<Option<Vec<f64>>> {
    use microlp::{OptimizationDirection, SolveOutcome};
    let start = Instant::now();
    let mut relaxed = model.clone();
    for c in &mut relaxed.cols {
        c.integer = false;
    }
    let g = to_good_lp(&relaxed, false);
    let mut p = good_lp::solvers::microlp::microlp(g.vars.minimise(g.objective));
    for c in g.constraints {
        p.add_constraint(c);
    }
    let mut handles = microlp::Problem::new(OptimizationDirection::Minimize);
    let vars: Vec<microlp::Variable> = (0..model.cols.len())
        .map(|_| handles.add_var(0.0, (0.0, 0.0)))
        .collect();
    let mut sol = match p.as_inner().solve() {
        Ok(SolveOutcome::Solution(s)) => s,
        Ok(SolveOutcome::Interrupted(_)) | Err(microlp::Error::Infeasible) => return Ok(None),
        Err(e) => {
            return Err(Error::Solver {
                backend: "microlp",
                message: e.to_string(),
            });
        }
    };
    let integer: Vec<usize> = (0..model.cols.len())
        .filter(|&c| model.cols[c].integer)
        .collect();
    for _ in 0..=integer.len() {
        if time.is_some_and(|t| start.elapsed() > t) {
            return Ok(None);
        }
        let x: Vec<f64> = sol.iter().map(|(_, v)| v).collect();
        let pick = integer
            .iter()
            .copied()
            .filter(|&c| (x[c] - x[c].round()).abs() > 1e-6)
            .max_by(|&a, &b| x[a].total_cmp(&x[b]).then(b.cmp(&a)));
        let Some(c) = pick else {
            return Ok(Some(rounded(model, x.into_iter())));
        };
        let mut next = None;
        for value in [1.0, 0.0] {
            match sol.clone().fix_var(vars[c], value) {
                Ok(SolveOutcome::Solution(s)) => {
                    next = Some(s);
                    break;
                }
                Ok(SolveOutcome::Interrupted(_)) | Err(microlp::Error::Infeasible) => {}
                Err(e) => {
                    return Err(Error::Solver {
                        backend: "microlp",
                        message: e.to_string(),
                    });
                }
            }
        }
        match next {
            Some(s) => sol = s,
            None => return Ok(None),
        }
    }
    Ok(None)
}
