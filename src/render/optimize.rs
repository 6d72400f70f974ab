//! Rendering the optimizer's result: a terminal summary, and JSON `shisetsu/optimize/1` (a
//! [`Serialize`] type whose fields are its documentation). Money is whole-yen decimal strings in
//! JSON, 億円 in the table; the numbers come from the engine's run of the plan.

use std::fmt::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use super::table::{display_width, oku, pad, rpad};
use super::yen_string;
use crate::messages::{Id, Lang};
use crate::money::Yen;
use crate::msg;
use crate::optimize::Optimized;

/// The schema name.
pub const SCHEMA: &str = crate::optimize::frontier::SCHEMA;

/// `shisetsu/optimize/1`.
#[derive(Debug, Serialize)]
pub struct OptimizeJson {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The base scenario's name.
    pub base: String,
    /// The cap asked for, yen.
    pub cap_yen: String,
    /// The solver.
    pub solver: &'static str,
    /// Whether a plan was found.
    pub found: bool,
    /// Whether the plan meets the cap in every year and the hard service rules.
    pub meets_cap: bool,
    /// The least cap these candidates reach, when the cap cannot be met.
    pub least_cap_yen: Option<String>,
    /// Years over the cap even at the least cap.
    pub years_not_met: Vec<i32>,
    /// The plan's objective: weighted service loss plus the cost's tie-break.
    pub objective: Option<String>,
    /// The solver's proven lower bound on the objective.
    pub bound: Option<f64>,
    /// The relative gap between the objective and the bound.
    pub gap: Option<f64>,
    /// Whether the search finished (optimal within the gap).
    pub proven: bool,
    /// Rounds of solving and checking with the engine, and plans excluded.
    pub rounds: u32,
    /// Plans the engine refused or scored worse than the model (each excluded).
    pub excluded: u32,
    /// Branch-and-bound nodes.
    pub nodes: u64,
    /// The plan's service loss and its parts.
    pub service_loss: Option<ServiceLossJson>,
    /// The base's service loss (of its own actions).
    pub base_service_loss: ServiceLossJson,
    /// The plan's total cost over the horizon.
    pub total_yen: Option<String>,
    /// The base's total cost.
    pub base_total_yen: String,
    /// The years closest to the cap.
    pub tight_years: Vec<SlackJson>,
    /// Access standards only one facility still meets.
    pub binding_access: Vec<BindingAccessJson>,
    /// Receivers at 90% of capacity or more.
    pub binding_capacity: Vec<BindingCapacityJson>,
    /// The change in service loss one more 億円 of cap would bring (negative: less loss).
    pub one_more_oku_service_change: Option<String>,
    /// The plan's actions.
    pub actions: Vec<ActionJson>,
    /// The robust plan's Monte Carlo check.
    pub robust: Option<RobustJson>,
    /// The frontier of cap against service loss.
    pub frontier: Vec<FrontierJson>,
    /// Alternatives.
    pub alternatives: Vec<AlternativeJson>,
    /// Candidates: changes (in all their years), life extensions, renewal moves.
    pub candidates: [usize; 3],
    /// The model: columns, integer columns, rows.
    pub model: [usize; 3],
    /// Things the planner should know.
    pub notes: Vec<String>,
}

/// A service loss.
#[derive(Debug, Serialize)]
pub struct ServiceLossJson {
    /// The weighted total.
    pub weighted: String,
    /// Users moved × km.
    pub user_km: String,
    /// Users of a service no open facility offers.
    pub users_lost: u64,
    /// District × function pairs beyond the standard.
    pub access_pairs: usize,
    /// Receivers over capacity.
    pub over_capacity: usize,
    /// Floor area removed, m².
    pub floor_area_removed_m2: String,
}

/// A year's slack.
#[derive(Debug, Serialize)]
pub struct SlackJson {
    /// The fiscal year.
    pub year: i32,
    /// Its total, yen.
    pub total_yen: String,
    /// Cap − total, yen.
    pub slack_yen: String,
}

/// A binding access standard.
#[derive(Debug, Serialize)]
pub struct BindingAccessJson {
    /// The district.
    pub district: String,
    /// The function.
    pub function: String,
    /// The one facility left within the standard.
    pub facility: String,
}

/// A receiver near capacity.
#[derive(Debug, Serialize)]
pub struct BindingCapacityJson {
    /// The facility.
    pub facility: String,
    /// The function.
    pub function: String,
    /// Users at the end of the plan.
    pub users: u64,
    /// Capacity.
    pub capacity: u64,
}

/// An action of the plan.
#[derive(Debug, Serialize)]
pub struct ActionJson {
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// What it acts on.
    pub subject: String,
    /// Its name or description.
    pub name: String,
    /// Its year.
    pub year: Option<i32>,
    /// What it saves over the plan, yen.
    pub saves_yen: String,
    /// Where its users go.
    pub users_to: Vec<UsersToJson>,
}

/// Users moved.
#[derive(Debug, Serialize)]
pub struct UsersToJson {
    /// Users a year.
    pub users: u64,
    /// The receiver.
    pub to: String,
    /// Road distance, km.
    pub km: Option<String>,
}

/// A robust plan's check.
#[derive(Debug, Serialize)]
pub struct RobustJson {
    /// The share of runs asked for.
    pub confidence: String,
    /// The highest quantile of the draws a year of the plan was priced at.
    pub quantile: String,
    /// The share of runs with a year over the cap.
    pub probability_any_year_over_cap: String,
    /// Runs.
    pub runs: u32,
    /// Seed.
    pub seed: u64,
}

/// A point of the frontier.
#[derive(Debug, Serialize)]
pub struct FrontierJson {
    /// The cap, yen.
    pub cap_yen: String,
    /// The service loss of the best plan found (`null`: none meets the cap).
    pub service_loss: Option<String>,
    /// Its objective.
    pub objective: Option<String>,
    /// Facilities it changes.
    pub changes: usize,
    /// Proven optimal.
    pub proven: bool,
    /// Its gap.
    pub gap: Option<f64>,
}

/// An alternative plan.
#[derive(Debug, Serialize)]
pub struct AlternativeJson {
    /// Where it was written.
    pub file: Option<String>,
    /// Its objective.
    pub objective: String,
    /// Its service loss.
    pub service_loss: String,
    /// Its total cost, yen.
    pub total_yen: String,
    /// How it differs from the best plan.
    pub differs: Vec<String>,
}

fn dec(d: Decimal, dp: u32) -> String {
    d.round_dp(dp).normalize().to_string()
}

fn loss_json(l: &crate::service::ServiceLoss, w: &crate::service::Weights) -> ServiceLossJson {
    ServiceLossJson {
        weighted: dec(l.weighted(w), 6),
        user_km: dec(l.user_km, 6),
        users_lost: l.users_lost,
        access_pairs: l.access_pairs,
        over_capacity: l.over_capacity,
        floor_area_removed_m2: dec(l.floor_area_removed.to_decimal(), 6),
    }
}

/// The result as `shisetsu/optimize/1`; `alternative_files` names where each alternative was
/// written.
pub fn json(
    o: &Optimized,
    w: &crate::service::Weights,
    alternative_files: &[String],
) -> OptimizeJson {
    let plan = o.found.plan.as_ref();
    OptimizeJson {
        schema: SCHEMA,
        base: o.base_name.clone(),
        cap_yen: yen_string(o.cap),
        solver: o.backend.name(),
        found: plan.is_some(),
        meets_cap: plan.is_some_and(|p| p.feasible) && o.least_cap.is_none(),
        least_cap_yen: o.least_cap.map(yen_string),
        years_not_met: o.years_not_met.clone(),
        objective: plan.map(|p| dec(p.objective, 9)),
        bound: o.found.bound,
        gap: o.found.gap(),
        proven: o.found.finished,
        rounds: o.found.rounds,
        excluded: o.found.excluded,
        nodes: o.found.nodes,
        service_loss: plan.map(|p| loss_json(&p.loss, w)),
        base_service_loss: loss_json(&o.base_loss, w),
        total_yen: plan.map(|p| yen_string(p.total)),
        base_total_yen: yen_string(o.base_total),
        tight_years: o
            .tight_years
            .iter()
            .map(|s| SlackJson {
                year: s.year,
                total_yen: yen_string(s.total),
                slack_yen: yen_string(s.slack),
            })
            .collect(),
        binding_access: o
            .binding_access
            .iter()
            .map(|b| BindingAccessJson {
                district: b.district.clone(),
                function: b.function.clone(),
                facility: b.facility.clone(),
            })
            .collect(),
        binding_capacity: o
            .binding_capacity
            .iter()
            .map(|b| BindingCapacityJson {
                facility: b.facility.clone(),
                function: b.function.clone(),
                users: b.users,
                capacity: b.capacity,
            })
            .collect(),
        one_more_oku_service_change: o.one_more_oku.map(|d| dec(d, 6)),
        actions: o
            .chosen
            .iter()
            .map(|c| ActionJson {
                kind: c.kind.clone(),
                subject: c.subject.clone(),
                name: c.name.clone(),
                year: c.year,
                saves_yen: yen_string(Yen::new(c.saves)),
                users_to: c
                    .users_to
                    .iter()
                    .map(|(u, to, km)| UsersToJson {
                        users: *u,
                        to: to.clone(),
                        km: km.map(|k| k.normalize().to_string()),
                    })
                    .collect(),
            })
            .collect(),
        robust: o.robust.as_ref().map(|r| RobustJson {
            confidence: dec(r.confidence, 6),
            quantile: dec(r.quantile, 6),
            probability_any_year_over_cap: dec(r.probability_any_over, 6),
            runs: r.settings.runs,
            seed: r.settings.seed,
        }),
        frontier: o
            .frontier
            .iter()
            .map(|f| FrontierJson {
                cap_yen: yen_string(f.cap),
                service_loss: f.service.map(|d| dec(d, 6)),
                objective: f.objective.map(|d| dec(d, 9)),
                changes: f.changes,
                proven: f.finished,
                gap: f.gap,
            })
            .collect(),
        alternatives: o
            .alternatives
            .iter()
            .enumerate()
            .map(|(k, a)| AlternativeJson {
                file: alternative_files.get(k).cloned(),
                objective: dec(a.objective, 9),
                service_loss: dec(a.service, 6),
                total_yen: yen_string(a.total),
                differs: a.differs.iter().map(|d| d.render(Lang::En)).collect(),
            })
            .collect(),
        candidates: [o.n_candidates.0, o.n_candidates.1, o.n_candidates.2],
        model: [o.model_size.0, o.model_size.1, o.model_size.2],
        notes: o.notes.iter().map(|n| n.render(Lang::En)).collect(),
    }
}

/// The label column of the summary's table, 28 columns. Japanese is padded by display width;
/// English keeps the layout it has always had byte for byte (padded by characters, so its two
/// labels with 億円 end two columns further right).
fn label(l: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{l:<28}"),
        Lang::Ja => pad(l, 28),
    }
}

/// The result as a terminal summary, its words in `lang` (ids, names and numbers as they are).
pub fn table(
    o: &Optimized,
    w: &crate::service::Weights,
    plan_file: Option<&str>,
    alternative_files: &[String],
    lang: Lang,
) -> String {
    let mut s = String::new();
    let line = |s: &mut String, m: crate::messages::Message| {
        let _ = writeln!(s, "{}", m.render(lang));
    };
    let fy = |y: i32| msg!(OptFy, year = y).render(lang);
    line(
        &mut s,
        msg!(
            OptHead,
            name = &o.base_name,
            cap = oku(o.cap),
            backend = o.backend.name()
        ),
    );
    line(
        &mut s,
        msg!(
            OptCandidates,
            changes = o.n_candidates.0,
            life = o.n_candidates.1,
            moves = o.n_candidates.2,
            cols = o.model_size.0,
            ints = o.model_size.1,
            rows = o.model_size.2
        ),
    );
    let Some(p) = o.found.plan.as_ref() else {
        line(&mut s, msg!(OptNoPlan));
        return s;
    };
    if let Some(lc) = o.least_cap {
        line(&mut s, msg!(OptLeastCap, cap = oku(lc)));
        let years: Vec<String> = o.years_not_met.iter().map(|&y| fy(y)).collect();
        line(
            &mut s,
            msg!(
                OptYearsOver,
                cap = oku(o.cap),
                years = years.join(Id::OptListSep.template(lang))
            ),
        );
        line(&mut s, msg!(OptBestAtLeast));
    }
    if let Some(f) = plan_file {
        line(&mut s, msg!(OptWritten, file = f));
    }
    let t = |id: Id| id.template(lang);
    let peak = p.years.iter().copied().max().unwrap_or(Yen::ZERO);
    let _ = writeln!(
        s,
        "\n{}{}{}",
        label("", lang),
        rpad(t(Id::OptBase), 14),
        rpad(t(Id::OptPlan), 14)
    );
    let _ = writeln!(
        s,
        "{}{:>14}{:>14}",
        label(t(Id::OptTotal), lang),
        oku(o.base_total),
        oku(p.total)
    );
    let _ = writeln!(
        s,
        "{}{:>14}{:>14}",
        label(t(Id::OptPeak), lang),
        "",
        oku(peak)
    );
    let bl = &o.base_loss;
    let rows: [(Id, String, String); 6] = [
        (
            Id::OptLoss,
            dec(bl.weighted(w), 1),
            dec(p.loss.weighted(w), 1),
        ),
        (Id::OptUserKm, dec(bl.user_km, 1), dec(p.loss.user_km, 1)),
        (
            Id::OptUsersLost,
            bl.users_lost.to_string(),
            p.loss.users_lost.to_string(),
        ),
        (
            Id::OptPairsLost,
            bl.access_pairs.to_string(),
            p.loss.access_pairs.to_string(),
        ),
        (
            Id::OptOverCapacity,
            bl.over_capacity.to_string(),
            p.loss.over_capacity.to_string(),
        ),
        (
            Id::OptFloorRemoved,
            dec(bl.floor_area_removed.to_decimal(), 0),
            dec(p.loss.floor_area_removed.to_decimal(), 0),
        ),
    ];
    for (k, a, b) in rows {
        let _ = writeln!(s, "{}{:>14}{:>14}", label(t(k), lang), a, b);
    }
    line(
        &mut s,
        msg!(
            OptObjective,
            objective = dec(p.objective, 6),
            per_oku = w.cost_per_oku_yen.normalize()
        ),
    );
    line(
        &mut s,
        match (o.found.finished, o.found.gap(), o.found.bound) {
            (true, _, _) => msg!(OptProven),
            (false, Some(g), Some(b)) => msg!(
                OptBound,
                bound = format!("{b:.6}"),
                gap = format!("{:.2}", g * 100.0)
            ),
            _ => msg!(OptNoBound),
        },
    );
    if o.found.excluded > 0 {
        line(
            &mut s,
            msg!(OptExcluded, n = o.found.excluded, rounds = o.found.rounds),
        );
    }
    if let Some(r) = &o.robust {
        line(
            &mut s,
            msg!(
                OptRobust,
                confidence = dec(r.confidence * Decimal::from(100), 2),
                quantile = dec(r.quantile * Decimal::from(100), 2),
                runs = r.settings.runs,
                seed = r.settings.seed,
                over = dec(r.probability_any_over * Decimal::from(100), 2),
                asked = dec((Decimal::ONE - r.confidence) * Decimal::from(100), 2)
            ),
        );
    }
    line(&mut s, msg!(OptTight));
    for tight in &o.tight_years {
        line(
            &mut s,
            msg!(
                OptTightYear,
                year = fy(tight.year),
                total = oku(tight.total),
                slack = oku(tight.slack)
            ),
        );
    }
    if let Some(d) = o.one_more_oku {
        line(&mut s, msg!(OptOneMore, delta = dec(d, 1)));
    }
    if !o.binding_access.is_empty() {
        let list: Vec<String> = o
            .binding_access
            .iter()
            .map(|b| format!("{} {} ({})", b.district, b.function, b.facility))
            .collect();
        line(&mut s, msg!(OptBindingAccess, list = list.join(", ")));
    }
    if !o.binding_capacity.is_empty() {
        let list: Vec<String> = o
            .binding_capacity
            .iter()
            .map(|b| format!("{} {} {}/{}", b.facility, b.function, b.users, b.capacity))
            .collect();
        line(&mut s, msg!(OptBindingCapacity, list = list.join(", ")));
    }
    let counts = |k: &str| o.chosen.iter().filter(|c| c.kind == k).count();
    line(
        &mut s,
        msg!(
            OptActions,
            close = counts("close"),
            merge = counts("merge"),
            transfer = counts("transfer"),
            complex = counts("complex"),
            life = counts("life_extension"),
            shift = counts("shift")
        ),
    );
    // The year column is as wide as a year (`FY2030`, `2030 年度`); a life extension leaves it
    // blank.
    let year_width = display_width(&fy(2000));
    for c in o.chosen.iter().filter(|c| c.kind != "shift") {
        let year = pad(&c.year.map_or(String::new(), fy), year_width);
        let users: Vec<String> = c
            .users_to
            .iter()
            .map(|(u, to, km)| match km {
                Some(k) => msg!(OptUsersTo, users = u, to, km = k).render(lang),
                None => msg!(OptUsersToNoKm, users = u, to).render(lang),
            })
            .collect();
        let _ = writeln!(
            s,
            "  {year} {:<15}{:<10}{:>10} 億円  {}{}",
            c.kind,
            c.subject,
            oku(Yen::new(c.saves)),
            super::table::truncate(&c.name, 30),
            if users.is_empty() {
                String::new()
            } else {
                msg!(OptUsersList, list = users.join("; ")).render(lang)
            }
        );
    }
    if !o.frontier.is_empty() {
        line(&mut s, msg!(OptFrontier));
        for f in &o.frontier {
            let loss = f
                .service
                .map_or(t(Id::OptNoPlanShort).to_string(), |d| dec(d, 1));
            line(
                &mut s,
                msg!(
                    OptFrontierRow,
                    cap = format!("{:>10}", oku(f.cap)),
                    loss = rpad(&loss, 14),
                    changes = f.changes,
                    unproven = if f.finished {
                        msg!(Nothing)
                    } else {
                        msg!(OptNotProven)
                    }
                ),
            );
        }
    }
    for (k, a) in o.alternatives.iter().enumerate() {
        line(
            &mut s,
            msg!(
                OptAlternative,
                n = k + 1,
                file = alternative_files
                    .get(k)
                    .map_or(msg!(Nothing), |f| msg!(OptAltFile, file = f)),
                objective = dec(a.objective, 6),
                loss = dec(a.service, 1),
                total = oku(a.total)
            ),
        );
        for d in a.differs.iter().take(8) {
            let _ = writeln!(s, "  {}", d.render(lang));
        }
    }
    for n in &o.notes {
        line(&mut s, msg!(OptNote, note = n.clone()));
    }
    s
}
