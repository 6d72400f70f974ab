//! Rendering a Monte Carlo analysis: JSON `shisetsu/montecarlo/1` and a terminal table.

use std::fmt::Write;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::table::{oku, pad};
use super::yen_string;
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

/// A probability as a JSON number with six decimals (a ratio of run counts, not money).
fn probability(p: Decimal) -> Value {
    let s = p.round_dp(6).normalize().to_string();
    serde_json::from_str(&s).unwrap_or(Value::Null)
}

/// The analysis as `shisetsu/montecarlo/1`.
pub fn json(m: &MonteCarlo) -> Value {
    let first = m.plan.horizon.first();
    let expected = super::printed::Printed::of(&m.expected);
    let years: Vec<Value> = m
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            let mut o = json!({
                "year": first.get() + i as i32,
                "wareki": first.offset(i as i32).wareki().to_string(),
                "p5_yen": yen_string(y.p5),
                "p50_yen": yen_string(y.p50),
                "p95_yen": yen_string(y.p95),
                "mean_yen": yen_string(y.mean),
                "expected_yen": yen_string(expected.year_total(i)),
                "over_cap_runs": y.over_cap_runs,
                "probability_over_cap": probability(m.probability_over_cap(i)),
            });
            if let (Some(g), Value::Object(map)) = (y.grades, &mut o) {
                map.insert(
                    "mean_m2_by_grade".into(),
                    json!({"A": g[0].round_dp(2).to_string(), "B": g[1].round_dp(2).to_string(),
                           "C": g[2].round_dp(2).to_string(), "D": g[3].round_dp(2).to_string(),
                           "unknown": g[4].round_dp(2).to_string()}),
                );
            }
            o
        })
        .collect();
    json!({
        "schema": "shisetsu/montecarlo/1",
        "scenario": m.scenario,
        "model": m.model,
        "runs": m.settings.runs,
        "seed": m.settings.seed,
        "from": first.get(),
        "to": m.plan.horizon.last().get(),
        "cap_yen": m.plan.cap.map(yen_string),
        "draws": {
            "escalation": describe(&m.uncertainty.escalation),
            "renewal_unit_cost": describe(&m.uncertainty.renewal_unit_cost),
            "deterioration": m.condition,
        },
        "percentiles": "nearest rank over the runs; amounts rounded to whole yen, half to even",
        "years": years,
        "any_year_over_cap_runs": m.any_over_cap_runs,
        "probability_any_year_over_cap": probability(m.probability_any_over_cap()),
    })
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
    let _ = writeln!(
        s,
        "{:<6}{}{:>11}{:>11}{:>11}{:>11}{:>13}",
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
            "{:<6}{:<5}{:>11}{:>11}{:>11}{:>11}{:>13}",
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
