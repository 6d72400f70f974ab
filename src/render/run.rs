//! Rendering scenario runs, comparisons and explanations as terminal tables and CSV (their JSON
//! documents are in [`super::json`]).

use std::fmt::Write;

use rust_decimal::Decimal;

use super::table::{display_width, oku, pad, rpad, truncate};
use crate::compare::Comparison;
use crate::explain::Explanation;
use crate::run::{BatchItem, Outcome};

/// Floor area at the start and end of the plan, and the change in percent (2 decimals).
pub fn floor_area_change(o: &Outcome) -> (Decimal, Decimal, Option<Decimal>) {
    let p = &o.projection;
    let start = p.floor_area(0).to_decimal();
    let end = p.floor_area(p.years() - 1).to_decimal();
    let pct = (!start.is_zero()).then(|| ((end - start) * Decimal::from(100) / start).round_dp(2));
    (start, end, pct)
}

/// The main job: the summary of every scenario, then their yearly totals side by side.
pub fn main_job(items: &[crate::run::BatchItem]) -> String {
    let mut s = String::new();
    let ok: Vec<&crate::run::Outcome> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .collect();
    let Some(first) = ok.first() else {
        return s;
    };
    let _ = writeln!(
        s,
        "{} · {} scenarios",
        first.scenario.inventory().name,
        ok.len()
    );
    s.push_str(&batch_table(items));
    let _ = writeln!(s);
    let labelled: Vec<(&str, &crate::projection::Projection)> = ok
        .iter()
        .map(|o| (o.scenario.display_name(), &o.projection))
        .collect();
    s.push_str(&super::table::side_by_side(&labelled));
    s
}

/// A batch as long CSV (see [`super::csv::projections`]) for every run that succeeded.
pub fn batch_csv(items: &[BatchItem], opts: super::csv::Csv) -> Vec<u8> {
    let ps: Vec<&crate::projection::Projection> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .map(|o| &o.projection)
        .collect();
    super::csv::projections(&ps, opts)
}

/// A batch as a terminal table: one row per scenario, then what each did to service and access.
pub fn batch_table(items: &[BatchItem]) -> String {
    let ok: Vec<&Outcome> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .collect();
    let mut s = String::new();
    let Some(first) = ok.first() else {
        return s;
    };
    let _ = writeln!(s, "{}", super::table::plan_line(&first.projection));
    let _ = writeln!(s);
    let name_w = ok
        .iter()
        .map(|o| display_width(o.scenario.display_name()))
        .max()
        .unwrap_or(8)
        .clamp(8, 30);
    let _ = writeln!(
        s,
        "{}{:>10}{:>9}{:>16}{:>7}{:>9}  verdict",
        pad("scenario", name_w),
        "total",
        "average",
        "peak",
        "over",
        "floor Δ"
    );
    for o in &ok {
        let p = &o.projection;
        let (py, pv) = p.peak();
        let over = if p.plan().cap.is_some() {
            format!("{}/{}", p.years_over_cap().len(), p.years())
        } else {
            "-".into()
        };
        let pct = floor_area_change(o)
            .2
            .map_or("-".to_string(), |p| format!("{:+.1}%", p.round_dp(1)));
        let verdict = match p.meets_cap() {
            Some(true) => "meets cap",
            Some(false) => "OVER CAP",
            None => "no cap",
        };
        let _ = writeln!(
            s,
            "{}{:>10}{:>9}{:>16}{:>7}{:>9}  {verdict}",
            pad(&truncate(o.scenario.display_name(), name_w), name_w),
            oku(p.total()),
            oku(p.average()),
            format!("{} FY{py}", oku(pv)),
            over,
            pct
        );
    }
    let _ = writeln!(s);
    for o in &ok {
        let a = &o.access;
        let moved: u64 = a.moves.iter().map(|m| m.users).sum();
        let mut parts = Vec::new();
        let loss = crate::service::ServiceLoss::measure(a, &o.effects);
        let weighted = loss.weighted(&crate::service::Weights::default());
        if !o.effects.closures.is_empty() || !weighted.is_zero() {
            parts.push(format!(
                "service loss {} (user-km {})",
                crate::money::group_thousands(&weighted.round_dp(0).to_string()),
                crate::money::group_thousands(&loss.user_km.round_dp(0).to_string())
            ));
        }
        if !o.effects.closures.is_empty() {
            parts.push(format!("{} facilities closed", o.effects.closures.len()));
        }
        if moved > 0 {
            parts.push(format!("{moved} users moved"));
        }
        if !a.over_capacity.is_empty() {
            let mut receivers: Vec<_> = a.over_capacity.iter().map(|c| c.facility).collect();
            receivers.dedup();
            parts.push(format!("{} receivers over capacity", receivers.len()));
        }
        if !a.left_without.is_empty() {
            let list: Vec<String> = a
                .left_without
                .iter()
                .take(4)
                .map(|d| {
                    format!(
                        "{} {} ({} km > {})",
                        d.district,
                        d.function,
                        d.km_after.map_or("-".into(), |k| k.round_dp(1).to_string()),
                        d.standard_km
                    )
                })
                .collect();
            let more = if a.left_without.len() > 4 {
                format!(" +{}", a.left_without.len() - 4)
            } else {
                String::new()
            };
            parts.push(format!("beyond access standard: {}{more}", list.join(", ")));
        }
        if !o.leveled.is_empty() {
            parts.push(format!("leveling moved {} renewals", o.leveled.len()));
        }
        if !o.projection.total_proceeds().is_zero() {
            parts.push(format!(
                "proceeds {} 億円",
                oku(o.projection.total_proceeds())
            ));
        }
        if parts.is_empty() {
            continue;
        }
        let text = format!("{}: {}", o.scenario.display_name(), parts.join("; "));
        for line in wrap(&text, 100) {
            let _ = writeln!(s, "{line}");
        }
    }
    s
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && display_width(&line) + 1 + display_width(word) > width {
            lines.push(std::mem::take(&mut line));
            line.push_str("    ");
        } else if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

/// A comparison as a table.
pub fn comparison_table(c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "A: {}\nB: {}\namounts in 億円; Δ = B − A\n", c.a, c.b);
    let _ = writeln!(
        s,
        "{:<6}{}{:>12}{:>12}{:>12}",
        "FY",
        pad("和暦", 5),
        "A",
        "B",
        "Δ"
    );
    for l in &c.years {
        let w = crate::units::FiscalYear::new(l.key)
            .map(|y| y.wareki().to_string())
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<6}{:<5}{:>12}{:>12}{:>12}",
            l.key,
            w,
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    let _ = writeln!(
        s,
        "{:<11}{:>12}{:>12}{:>12}\n",
        "total",
        oku(c.total.a),
        oku(c.total.b),
        oku(c.total.difference())
    );
    let _ = writeln!(
        s,
        "{}{:>12}{:>12}{:>12}",
        pad("category", 34),
        "A",
        "B",
        "Δ"
    );
    for l in &c.categories {
        let _ = writeln!(
            s,
            "{}{:>12}{:>12}{:>12}",
            pad(l.key.name_ja(), 34),
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    let _ = writeln!(s, "\n{}{:>12}{:>12}{:>12}", pad("kind", 34), "A", "B", "Δ");
    for l in &c.kinds {
        let _ = writeln!(
            s,
            "{}{:>12}{:>12}{:>12}",
            pad(l.key.key(), 34),
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    s
}

/// An explanation as a table.
pub fn explanation_table(e: &Explanation, top: Option<usize>) -> String {
    let mut s = String::new();
    let cap = e
        .cap
        .map(|c| format!(" (cap {} 億円)", oku(c)))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "{} · FY{}: total {} 億円{cap}",
        e.scenario,
        e.year,
        oku(e.total)
    );
    let _ = writeln!(s, "amounts in 万円 (10^4 yen), largest first\n");
    let _ = writeln!(
        s,
        "{:>4}  {}{}{:>7}  kind · source",
        "#",
        pad("what", 40),
        rpad("万円", 11),
        "share",
    );
    let n = top
        .unwrap_or(e.contributors.len())
        .min(e.contributors.len());
    for (i, c) in e.contributors.iter().take(n).enumerate() {
        let man = (c.total().get() / Decimal::from(10_000)).round();
        let share = if e.total.is_zero() {
            Decimal::ZERO
        } else {
            (c.total().get() * Decimal::from(100) / e.total.get()).round_dp(1)
        };
        let kind = crate::explain::main_kind(c);
        let _ = writeln!(
            s,
            "{:>4}  {}{:>11}{:>6}%  {}",
            i + 1,
            pad(&truncate(&c.what.en(), 40), 40),
            crate::money::group_thousands(&man.to_string()),
            share,
            // The whole line fits 100 columns: 4 + 2 + 40 + 11 + 7 + 2 = 66, and 34 for this.
            truncate(&format!("{} · {}", kind.key(), c.source), 34)
        );
    }
    if n < e.contributors.len() {
        let rest: Decimal = e.contributors[n..].iter().map(|c| c.total().get()).sum();
        let _ = writeln!(
            s,
            "      … {} more, {} 万円",
            e.contributors.len() - n,
            crate::money::group_thousands(&(rest / Decimal::from(10_000)).round().to_string())
        );
    }
    s
}
