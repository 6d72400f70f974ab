//! Terminal tables, at most 100 columns wide, numbers right-aligned with thousands separators,
//! amounts in 億円 (10⁸ yen) with two decimals.

use std::fmt::Write;

use crate::category::Kind;
use crate::messages::{Id, Lang};
use crate::money::{Yen, group_thousands};
use crate::msg;
use crate::projection::Projection;

/// An amount in 億円 with two decimals and thousands separators.
pub fn oku(y: Yen) -> String {
    group_thousands(&format!("{:.2}", y.oku(2)))
}

/// The width of a right-aligned column: `least` (what the usual values need), or wider when a value
/// is, so that a column never runs into the one before it (a national inventory's totals reach
/// 10^7 億円).
pub fn fit<'a>(least: usize, values: impl IntoIterator<Item = &'a str>) -> usize {
    values
        .into_iter()
        .map(|v| display_width(v) + 1)
        .max()
        .unwrap_or(0)
        .max(least)
}

/// A projection's verdict against its cap, in `lang`.
pub fn verdict(p: &Projection, lang: Lang) -> &'static str {
    match p.meets_cap() {
        Some(true) => Id::TableMeetsCap,
        Some(false) => Id::TableOverCap,
        None => Id::TableNoCap,
    }
    .template(lang)
}

/// A one-line description of a projection's plan, in `lang`.
pub fn plan_line(p: &Projection, lang: Lang) -> String {
    let h = p.horizon();
    let cap = match p.plan().cap {
        Some(c) => msg!(TableCapAYear, cap = oku(c)),
        None => msg!(Nothing),
    };
    msg!(
        TablePlanLine,
        first = h.first().get(),
        last = h.last().get(),
        years = h.years(),
        cap
    )
    .render(lang)
}

/// The heading of the fiscal-year columns (`FY`, 和暦), 11 terminal columns wide.
fn year_heading(lang: Lang) -> String {
    format!("{}{}", pad(Id::TableFy.template(lang), 6), pad("和暦", 5))
}

/// One projection, one row per fiscal year, with its words in `lang`.
pub fn projection(p: &Projection, lang: Lang) -> String {
    let mut s = String::new();
    let model = msg!(TableModelLine, name = p.name(), model = p.model());
    let _ = writeln!(s, "{}", model.render(lang));
    let _ = writeln!(s, "{}", plan_line(p, lang));
    let _ = writeln!(s);
    let cols = [
        Id::TableOperating,
        Id::TableRepair,
        Id::TableRenovation,
        Id::TableRebuild,
        Id::TableBacklog,
        Id::TableWorks,
        Id::TableTotal,
    ]
    .map(|id| id.template(lang));
    let cap = p.plan().cap;
    // Every year's values first, so that each column is as wide as its widest value.
    let rows: Vec<[String; 7]> = (0..p.years())
        .map(|i| {
            let k = |kind| p.kind_total(i, kind);
            // Parts of the year's total, so they fit (see `Projection::total`).
            let backlog = k(Kind::RenovationBacklog).get() + k(Kind::RebuildBacklog).get();
            let works = k(Kind::Demolition).get() + k(Kind::Construction).get();
            [
                oku(k(Kind::Operating)),
                oku(k(Kind::Repair)),
                oku(k(Kind::Renovation)),
                oku(k(Kind::Rebuild)),
                oku(Yen::new(backlog)),
                oku(Yen::new(works)),
                oku(p.year_total(i)),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..cols.len())
        .map(|c| fit(11, rows.iter().map(|r| r[c].as_str())))
        .collect();
    let _ = write!(s, "{}", year_heading(lang));
    for (c, w) in cols.iter().zip(&widths) {
        let _ = write!(s, "{}", rpad(c, *w));
    }
    let cap_heading = if p.plan().cap.is_some() {
        Id::TableCap.template(lang)
    } else {
        ""
    };
    let _ = writeln!(s, "  {cap_heading}");
    for (i, row) in rows.iter().enumerate() {
        let fy = p.horizon().first().offset(i as i32);
        let total = p.year_total(i);
        let _ = write!(s, "{:<6}{:<5}", fy.get(), fy.wareki().to_string());
        for (v, w) in row.iter().zip(&widths) {
            let _ = write!(s, "{v:>w$}");
        }
        let mark = match cap {
            Some(c) if total > c => Id::TableOver.template(lang),
            Some(_) => Id::TableOk.template(lang),
            None => "",
        };
        let _ = writeln!(s, "{mark}");
    }
    let _ = writeln!(s);
    let (peak_year, peak) = p.peak();
    let totals = msg!(
        TableTotals,
        total = oku(p.total()),
        average = oku(p.average()),
        year = peak_year,
        peak = oku(peak)
    );
    let _ = writeln!(s, "{}", totals.render(lang));
    if p.plan().cap.is_some() {
        let over = msg!(
            TableOverYears,
            n = p.years_over_cap().len(),
            years = p.years(),
            verdict = verdict(p, lang)
        );
        let _ = writeln!(s, "{}", over.render(lang));
    }
    if !p.total_proceeds().is_zero() {
        let proceeds = msg!(TableProceeds, amount = oku(p.total_proceeds()));
        let _ = writeln!(s, "{}", proceeds.render(lang));
    }
    if !p.total_renewal_avoided().is_zero() {
        let avoided = msg!(TableAvoided, amount = oku(p.total_renewal_avoided()));
        let _ = writeln!(s, "{}", avoided.render(lang));
    }
    if let Some(nc) = p.not_counted() {
        let why = match (lang, nc.why) {
            (Lang::En, why) => why.text(),
            (Lang::Ja, crate::projection::NotCountedWhy::NoRunningCosts) => {
                Id::ReportNoRunningCosts.template(lang)
            }
            (Lang::Ja, crate::projection::NotCountedWhy::RatesInstead) => {
                Id::ReportRatesInstead.template(lang)
            }
        };
        let line = msg!(
            TableNotCounted,
            n = nc.facilities,
            amount = oku(Yen::new(nc.yen)),
            why
        );
        let _ = writeln!(s, "{}", line.render(lang));
    }
    if p.grades(0).is_some() {
        let _ = writeln!(s, "\n{}", Id::TableCondition.template(lang));
        let m2 = |d: rust_decimal::Decimal| group_thousands(&d.round().to_string());
        let rows: Vec<Vec<String>> = (0..p.years())
            .map(|i| {
                p.grades(i)
                    .unwrap_or_default()
                    .iter()
                    .map(|g| m2(*g))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = (0..5)
            .map(|c| fit(12, rows.iter().map(|r| r[c].as_str())))
            .collect();
        let _ = write!(s, "{}", year_heading(lang));
        let unknown = Id::TableUnknown.template(lang);
        for (h, w) in ["A", "B", "C", "D", unknown].iter().zip(&widths) {
            let _ = write!(s, "{}", rpad(h, *w));
        }
        let _ = writeln!(s);
        for (i, row) in rows.iter().enumerate() {
            let fy = p.horizon().first().offset(i as i32);
            let _ = write!(s, "{:<6}{:<5}", fy.get(), fy.wareki().to_string());
            for (v, w) in row.iter().zip(&widths) {
                let _ = write!(s, "{v:>w$}");
            }
            let _ = writeln!(s);
        }
    }
    s
}

/// Several projections, one row each.
pub fn summary(ps: &[Projection]) -> String {
    let mut s = String::new();
    let name_w = ps
        .iter()
        .map(|p| display_width(p.name()))
        .max()
        .unwrap_or(8)
        .clamp(8, 34);
    let rows: Vec<[String; 4]> = ps
        .iter()
        .map(|p| {
            let (py, pv) = p.peak();
            let over = if p.plan().cap.is_some() {
                format!("{}/{}", p.years_over_cap().len(), p.years())
            } else {
                "-".to_string()
            };
            [
                oku(p.total()),
                oku(p.average()),
                format!("{} FY{py}", oku(pv)),
                over,
            ]
        })
        .collect();
    let w: Vec<usize> = [11, 10, 16, 10]
        .iter()
        .enumerate()
        .map(|(c, least)| fit(*least, rows.iter().map(|r| r[c].as_str())))
        .collect();
    let _ = writeln!(
        s,
        "{}{:>w0$}{:>w1$}{:>w2$}{:>w3$}  verdict",
        pad("scenario", name_w),
        "total",
        "average",
        "peak",
        "over cap",
        w0 = w[0],
        w1 = w[1],
        w2 = w[2],
        w3 = w[3]
    );
    for (p, r) in ps.iter().zip(&rows) {
        let _ = writeln!(
            s,
            "{}{:>w0$}{:>w1$}{:>w2$}{:>w3$}  {}",
            pad(&truncate(p.name(), name_w), name_w),
            r[0],
            r[1],
            r[2],
            r[3],
            verdict(p, Lang::En),
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3]
        );
    }
    s
}

/// Several projections' yearly totals side by side (at most nine fit in 100 columns), each
/// with the label it is listed under (a scenario's title, or its name).
pub fn side_by_side(labelled: &[(&str, &Projection)], lang: Lang) -> String {
    let mut s = String::new();
    let ps: Vec<&Projection> = labelled.iter().map(|(_, p)| *p).collect();
    let Some(first) = ps.first() else {
        return s;
    };
    // Columns shrink to fit 100 terminal columns: FY and 和暦 take 11, the cap 8.
    let shown = &ps[..ps.len().min(9)];
    // Wider when a total needs it (its value, the over-cap mark and a space).
    let totals: Vec<String> = shown
        .iter()
        .flat_map(|p| (0..p.years()).map(|i| oku(p.year_total(i))))
        .collect();
    let w = ((100 - 11 - 8) / shown.len().max(1))
        .clamp(9, 13)
        .max(fit(0, totals.iter().map(String::as_str)) + 1);
    let cap_w = fit(8, first.plan().cap.map(oku).as_deref());
    let _ = write!(s, "{}", year_heading(lang));
    for (i, _) in shown.iter().enumerate() {
        let _ = write!(s, "{:>w$}", format!("[{}]", i + 1));
    }
    if first.plan().cap.is_some() {
        let _ = write!(s, "{}", rpad(Id::TableCap.template(lang), cap_w));
    }
    let _ = writeln!(s);
    for i in 0..first.years() {
        let fy = first.horizon().first().offset(i as i32);
        let _ = write!(s, "{:<6}{:<5}", fy.get(), fy.wareki().to_string());
        for p in shown {
            let t = p.year_total(i);
            let over = p.plan().cap.is_some_and(|c| t > c);
            let _ = write!(
                s,
                "{:>v$}{}",
                oku(t),
                if over { "*" } else { " " },
                v = w - 1
            );
        }
        if let Some(c) = first.plan().cap {
            let _ = write!(s, "{:>cap_w$}", oku(c));
        }
        let _ = writeln!(s);
    }
    for (i, (label, p)) in labelled.iter().take(shown.len()).enumerate() {
        let line = msg!(TableLabelled, n = i + 1, label = *label, model = p.model());
        let _ = writeln!(s, "{}", line.render(lang));
    }
    if first.plan().cap.is_some() {
        let _ = writeln!(s, "{}", Id::TableStarOver.template(lang));
    }
    s
}

/// Terminal width of a string: CJK characters take two columns.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6)
}

/// Right-aligns to a display width.
pub fn rpad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}

/// Pads to a display width.
pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Cuts a string to a display width, marking the cut with an ellipsis.
pub fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = if is_wide(c) { 2 } else { 1 };
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// A cost model's resolved values.
pub fn model(m: &crate::cost::CostModel) -> String {
    use crate::category::{ALL_STRUCTURES, BUILDING_CATEGORIES};
    let mut s = String::new();
    let _ = writeln!(s, "model {}: {}", m.name(), m.description());
    let _ = writeln!(s, "built from: {}", m.layers().join(" → "));
    let _ = writeln!(
        s,
        "renewal: window offset {}, second cycle {}",
        m.renewal.window_offset, m.renewal.second_cycle
    );
    for c in &m.renewal.cycles {
        let _ = writeln!(s, "  cycle {:?}, share {}", c.name, c.share);
        for e in &c.events {
            let backlog = e
                .backlog
                .map(|b| {
                    format!(
                        ", backlog for ages {}–{} over {} years",
                        b.from_age,
                        b.to_age.map_or("".to_string(), |t| t.to_string()),
                        b.years
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "    {} ({:?}) at {} years over {} years, {:?} price × {}{backlog}",
                e.name, e.kind, e.age, e.years, e.price, e.factor
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{:<34}{:>12}{:>12}{:>12}{:>12}{:>12}",
        "yen per m²", "renovation", "rebuild", "operating", "repair", "construct"
    );
    for c in BUILDING_CATEGORIES {
        let u = m.prices(c);
        let i = c.index();
        let _ = writeln!(
            s,
            "{}{:>12}{:>12}{:>12}{:>12}{:>12}",
            pad(c.key(), 34),
            group_thousands(&u.renovation.to_string()),
            group_thousands(&u.rebuild.to_string()),
            group_thousands(&m.operating.yen_per_m2[i].to_string()),
            group_thousands(&m.repair_yen_per_m2[i].to_string()),
            group_thousands(&m.construction_yen_per_m2[i].to_string()),
        );
    }
    let _ = writeln!(
        s,
        "operating costs {} (facility actuals {})",
        if m.operating.enabled { "on" } else { "off" },
        if m.operating.use_facility_actuals {
            "used"
        } else {
            "ignored"
        }
    );
    let _ = write!(s, "demolition yen per m²:");
    for st in ALL_STRUCTURES {
        let _ = write!(
            s,
            " {} {}",
            st.key(),
            group_thousands(&m.demolition_yen_per_m2[st.index()].to_string())
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "escalation: {} a year", m.escalation.rate);
    let _ = writeln!(
        s,
        "uncertainty (Monte Carlo draws): escalation {}; unit costs × {}",
        super::montecarlo::describe(&m.uncertainty.escalation),
        super::montecarlo::describe(&m.uncertainty.renewal_unit_cost)
    );
    s
}
