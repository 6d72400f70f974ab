//! Rendering scenario runs, comparisons and explanations as terminal tables and CSV (their JSON
//! documents are in [`super::json`]).

use std::fmt::Write;

use rust_decimal::Decimal;

use super::table::{display_width, oku, pad, rpad, truncate};
use crate::compare::Comparison;
use crate::explain::Explanation;
use crate::messages::{Id, Lang};
use crate::run::{BatchItem, Outcome};

/// Floor area at the start and end of the plan, and the change in percent (2 decimals).
pub fn floor_area_change(o: &Outcome) -> (Decimal, Decimal, Option<Decimal>) {
    let p = &o.projection;
    let start = p.floor_area(0).to_decimal();
    let end = p.floor_area(p.years() - 1).to_decimal();
    let pct = (!start.is_zero()).then(|| ((end - start) * Decimal::from(100) / start).round_dp(2));
    (start, end, pct)
}

/// The main job: the summary of every scenario, then their yearly totals side by side, with
/// their words in `lang`.
pub fn main_job(items: &[crate::run::BatchItem], lang: Lang) -> String {
    let mut s = String::new();
    let ok: Vec<&crate::run::Outcome> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .collect();
    let Some(first) = ok.first() else {
        return s;
    };
    let heading = crate::msg!(
        TableScenarios,
        inventory = &first.scenario.inventory().name,
        n = ok.len()
    );
    let _ = writeln!(s, "{}", heading.render(lang));
    s.push_str(&batch_table(items, lang));
    let _ = writeln!(s);
    let labelled: Vec<(&str, &crate::projection::Projection)> = ok
        .iter()
        .map(|o| (o.scenario.display_name(), &o.projection))
        .collect();
    s.push_str(&super::table::side_by_side(&labelled, lang));
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

/// A batch as a terminal table: one row per scenario, then what each did to service and access;
/// its headings in `lang`.
pub fn batch_table(items: &[BatchItem], lang: Lang) -> String {
    let ok: Vec<&Outcome> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .collect();
    let mut s = String::new();
    let Some(first) = ok.first() else {
        return s;
    };
    let _ = writeln!(s, "{}", super::table::plan_line(&first.projection, lang));
    let _ = writeln!(s);
    let name_w = ok
        .iter()
        .map(|o| display_width(o.scenario.display_name()))
        .max()
        .unwrap_or(8)
        .clamp(8, 30);
    // Every row's values first: each column is as wide as its widest value (at least as wide as
    // the usual ones), so columns never run together.
    let rows: Vec<[String; 5]> = ok
        .iter()
        .map(|o| {
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
            [
                oku(p.total()),
                oku(p.average()),
                format!("{} FY{py}", oku(pv)),
                over,
                pct,
            ]
        })
        .collect();
    let w: Vec<usize> = [10, 9, 16, 7, 9]
        .iter()
        .enumerate()
        .map(|(c, least)| super::table::fit(*least, rows.iter().map(|r| r[c].as_str())))
        .collect();
    let words = [
        Id::TableTotal,
        Id::TableAverage,
        Id::TablePeak,
        Id::TableOverShort,
        Id::TableFloorChange,
    ]
    .map(|id| id.template(lang));
    let _ = write!(s, "{}", pad(Id::TableScenario.template(lang), name_w));
    for (word, width) in words.iter().zip(&w) {
        let _ = write!(s, "{}", rpad(word, *width));
    }
    let _ = writeln!(s, "  {}", Id::TableVerdict.template(lang));
    for (o, r) in ok.iter().zip(&rows) {
        let verdict = super::table::verdict(&o.projection, lang);
        let _ = writeln!(
            s,
            "{}{:>w0$}{:>w1$}{:>w2$}{:>w3$}{:>w4$}  {verdict}",
            pad(&truncate(o.scenario.display_name(), name_w), name_w),
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3],
            w4 = w[4]
        );
    }
    let _ = writeln!(s);
    for o in &ok {
        let a = &o.access;
        let (moved, lost) = (a.users_moved(), a.users_losing_service());
        let mut parts = Vec::new();
        if !o.effects.closures.is_empty() {
            let n = o.effects.closures.len();
            let what = if n == 1 { "facility" } else { "facilities" };
            parts.push(format!("{n} {what} closed"));
        }
        if moved > 0 {
            let receivers = a.receivers();
            let to = if receivers == 1 {
                "receiver"
            } else {
                "receivers"
            };
            parts.push(format!("{moved} users moved to {receivers} {to}"));
        }
        if lost > 0 {
            parts.push(format!(
                "{lost} users lose a service (no open facility offers it)"
            ));
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
        if !o.projection.total_renewal_avoided().is_zero() {
            parts.push(format!(
                "renewal avoided before closures {} 億円",
                oku(o.projection.total_renewal_avoided())
            ));
        }
        if let Some(nc) = o.projection.not_counted() {
            parts.push(format!(
                "not counted: operating_cost_yen of {} facilities ({} 億円), as {}",
                nc.facilities,
                oku(crate::money::Yen::new(nc.yen)),
                nc.why.text()
            ));
        }
        // The service loss these measures add up to (crate::service, the optimizer's objective).
        let loss = crate::service::ServiceLoss::measure(a, &o.effects);
        let weighted = loss.weighted(&crate::service::Weights::default());
        if !o.effects.closures.is_empty() || !weighted.is_zero() {
            parts.push(format!(
                "service loss {} (user-km {})",
                crate::money::group_thousands(&weighted.round_dp(0).to_string()),
                crate::money::group_thousands(&loss.user_km.round_dp(0).to_string())
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
    // One width for every amount column: 12, or the widest amount and a space.
    let mut amounts: Vec<String> = Vec::new();
    let mut add = |a: crate::money::Yen, b: crate::money::Yen, d: crate::money::Yen| {
        amounts.extend([oku(a), oku(b), oku(d)]);
    };
    for l in &c.years {
        add(l.a, l.b, l.difference());
    }
    for l in &c.categories {
        add(l.a, l.b, l.difference());
    }
    for l in &c.kinds {
        add(l.a, l.b, l.difference());
    }
    add(c.total.a, c.total.b, c.total.difference());
    let w = super::table::fit(12, amounts.iter().map(String::as_str));
    let _ = writeln!(
        s,
        "{:<6}{}{:>w$}{:>w$}{:>w$}",
        "FY",
        pad("和暦", 5),
        "A",
        "B",
        "Δ"
    );
    for l in &c.years {
        let fy = crate::units::FiscalYear::new(l.key)
            .map(|y| y.wareki().to_string())
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<6}{:<5}{:>w$}{:>w$}{:>w$}",
            l.key,
            fy,
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    let _ = writeln!(
        s,
        "{:<11}{:>w$}{:>w$}{:>w$}\n",
        "total",
        oku(c.total.a),
        oku(c.total.b),
        oku(c.total.difference())
    );
    let _ = writeln!(
        s,
        "{}{:>w$}{:>w$}{:>w$}",
        pad("category", 34),
        "A",
        "B",
        "Δ"
    );
    for l in &c.categories {
        let _ = writeln!(
            s,
            "{}{:>w$}{:>w$}{:>w$}",
            pad(l.key.name_ja(), 34),
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    let _ = writeln!(s, "\n{}{:>w$}{:>w$}{:>w$}", pad("kind", 34), "A", "B", "Δ");
    for l in &c.kinds {
        let _ = writeln!(
            s,
            "{}{:>w$}{:>w$}{:>w$}",
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
    let n = top
        .unwrap_or(e.contributors.len())
        .min(e.contributors.len());
    let man = |c: &crate::explain::Contributor| {
        crate::money::group_thousands(
            &(c.total().get() / Decimal::from(10_000))
                .round()
                .to_string(),
        )
    };
    let amounts: Vec<String> = e.contributors.iter().take(n).map(man).collect();
    let w = super::table::fit(11, amounts.iter().map(String::as_str));
    let _ = writeln!(
        s,
        "{:>4}  {}{}{:>7}  kind · source",
        "#",
        pad("what", 40),
        rpad("万円", w),
        "share",
    );
    for (i, (c, amount)) in e.contributors.iter().take(n).zip(&amounts).enumerate() {
        let share = if e.total.is_zero() {
            Decimal::ZERO
        } else {
            crate::money::percent(c.total().get(), e.total.get()).round_dp(1)
        };
        let kind = crate::explain::main_kind(c);
        let _ = writeln!(
            s,
            "{:>4}  {}{:>w$}{:>6}%  {}",
            i + 1,
            pad(&truncate(&c.what.en(), 40), 40),
            amount,
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
