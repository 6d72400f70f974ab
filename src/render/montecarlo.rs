//! Rendering a Monte Carlo analysis as a terminal table (its JSON document is in [`super::json`]).

use std::fmt::Write;

use rust_decimal::Decimal;

use super::table::{oku, pad, rpad};
use crate::cost::Distribution;
use crate::messages::{Id, Lang};
use crate::montecarlo::MonteCarlo;
use crate::msg;

/// A distribution in words: `normal mean 0.01, sd 0.01` (English, as the JSON document says it).
pub fn describe(d: &Distribution) -> String {
    describe_in(d, Lang::En)
}

/// A distribution in words in `lang`.
pub fn describe_in(d: &Distribution, lang: Lang) -> String {
    match *d {
        Distribution::Fixed(v) => msg!(DistFixed, v),
        Distribution::Uniform { min, max } => msg!(DistUniform, min, max),
        Distribution::Triangular { min, mode, max } => msg!(DistTriangular, min, mode, max),
        Distribution::Normal { mean, sd } => msg!(DistNormal, mean, sd),
    }
    .render(lang)
}

fn percent(p: Decimal) -> String {
    format!("{:.1}%", (p * Decimal::from(100)).round_dp(1))
}

/// The analysis as a table, its words in `lang`.
pub fn table(m: &MonteCarlo, lang: Lang) -> String {
    let mut s = String::new();
    let h = m.plan.horizon;
    let head = msg!(
        MonteCarloHead,
        scenario = &m.scenario,
        model = &m.model,
        runs = m.settings.runs,
        seed = m.settings.seed
    );
    let _ = writeln!(s, "{}", head.render(lang));
    let cap = match m.plan.cap {
        Some(c) => msg!(TableCapAYear, cap = oku(c)),
        None => msg!(Nothing),
    };
    let plan = msg!(
        MonteCarloPlan,
        first = h.first().get(),
        last = h.last().get(),
        cap
    );
    let _ = writeln!(s, "{}", plan.render(lang));
    let deterioration = if m.condition {
        Id::MonteCarloByChain
    } else {
        Id::MonteCarloNoChains
    };
    let draws = msg!(
        MonteCarloDraws,
        escalation = describe_in(&m.uncertainty.escalation, lang),
        unit_cost = describe_in(&m.uncertainty.renewal_unit_cost, lang),
        deterioration
    );
    let _ = writeln!(s, "{}", draws.render(lang));
    // One width for the amounts: 11, or the widest and a space.
    let amounts: Vec<String> = m
        .years
        .iter()
        .enumerate()
        .flat_map(|(i, y)| [y.p5, y.p50, y.p95, m.expected.year_total(i)].map(oku))
        .collect();
    let w = super::table::fit(11, amounts.iter().map(String::as_str));
    let _ = writeln!(
        s,
        "{}{}{:>w$}{:>w$}{:>w$}{}{}",
        pad(Id::TableFy.template(lang), 6),
        pad("和暦", 5),
        "P5",
        "P50",
        "P95",
        rpad(Id::MonteCarloExpected.template(lang), w),
        rpad(Id::MonteCarloOverCap.template(lang), 13)
    );
    for (i, y) in m.years.iter().enumerate() {
        let fy = h.first().offset(i as i32);
        let _ = writeln!(
            s,
            "{:<6}{:<5}{:>w$}{:>w$}{:>w$}{:>w$}{:>13}",
            fy.get(),
            fy.wareki().to_string(),
            oku(y.p5),
            oku(y.p50),
            oku(y.p95),
            oku(m.expected.year_total(i)),
            if m.plan.cap.is_some() {
                percent(m.probability_over_cap(i))
            } else {
                "-".into()
            }
        );
    }
    if m.plan.cap.is_some() {
        let any = msg!(
            MonteCarloAnyOver,
            p = percent(m.probability_any_over_cap()),
            n = m.any_over_cap_runs,
            runs = m.settings.runs
        );
        let _ = writeln!(s, "\n{}", any.render(lang));
    }
    s
}
