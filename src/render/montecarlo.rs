//! Rendering a Monte Carlo analysis as a terminal table (its JSON document is in [`super::json`]).

use std::fmt::Write;

use rust_decimal::Decimal;

use super::table::{oku, pad};
use crate::cost::Distribution;
use crate::montecarlo::MonteCarlo;

/// A distribution in words: `normal mean 0.01, sd 0.01`.
pub fn describe(d: &Distribution) -> String {
    match *d {
        Distribution::Fixed(v) => format!("fixed {v}"),
        Distribution::Uniform { min, max } => format!("uniform {min}–{max}"),
        Distribution::Triangular { min, mode, max } => format!("triangular {min}, {mode}, {max}"),
        Distribution::Normal { mean, sd } => format!("normal mean {mean}, sd {sd}"),
    }
}

fn percent(p: Decimal) -> String {
    format!("{:.1}%", (p * Decimal::from(100)).round_dp(1))
}

/// The analysis as a table.
pub fn table(m: &MonteCarlo) -> String {
    let mut s = String::new();
    let h = m.plan.horizon;
    let _ = writeln!(
        s,
        "{} · model {} · {} runs, seed {}",
        m.scenario, m.model, m.settings.runs, m.settings.seed
    );
    let cap = m
        .plan
        .cap
        .map(|c| format!(", cap {} 億円 a year", oku(c)))
        .unwrap_or_default();
    let _ = writeln!(s, "FY{}–FY{}{cap}; amounts in 億円", h.first(), h.last());
    let _ = writeln!(
        s,
        "draws: escalation {}; unit costs × {};\n       deterioration {}\n",
        describe(&m.uncertainty.escalation),
        describe(&m.uncertainty.renewal_unit_cost),
        if m.condition {
            "by chain"
        } else {
            "off (no condition rules in the model)"
        }
    );
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
        "{:<6}{}{:>w$}{:>w$}{:>w$}{:>w$}{:>13}",
        "FY",
        pad("和暦", 5),
        "P5",
        "P50",
        "P95",
        "expected",
        "P(over cap)"
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
        let _ = writeln!(
            s,
            "\nprobability that any year goes over the cap: {} ({} of {} runs)",
            percent(m.probability_any_over_cap()),
            m.any_over_cap_runs,
            m.settings.runs
        );
    }
    s
}
