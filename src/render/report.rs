//! The HTML report for finance: one self-contained file (no script, no font, no external reference),
//! readable printed. A summary table of every scenario; per scenario, the chart every Japanese plan
//! shows (yearly cost stacked by kind with the cap and the average as lines) and its yearly table with
//! the exact yen; a chart comparing the scenarios' yearly totals; floor area over time; and the
//! condition distribution where a model has condition rules. Labels in Japanese or English;
//! fiscal years with 和暦 in Japanese.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::printed::Printed;
use super::svg::{Chart, Rule, Series, esc, lines, stacked_bars};
use super::table::oku;
use super::yen_string;
use crate::category::{ALL_KINDS, Kind};
use crate::explain::Explanation;
use crate::money::{Yen, group_thousands};
use crate::projection::Projection;
use crate::run::{BatchItem, Outcome};
use crate::units::FiscalYear;

/// The report's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Japanese, with 和暦.
    Ja,
    /// English.
    En,
}

struct Words {
    title: &'static str,
    summary: &'static str,
    scenario: &'static str,
    total: &'static str,
    average: &'static str,
    peak: &'static str,
    over: &'static str,
    floor: &'static str,
    verdict: &'static str,
    meets: &'static str,
    fails: &'static str,
    no_cap: &'static str,
    cap: &'static str,
    avg_line: &'static str,
    year: &'static str,
    yen: &'static str,
    oku: &'static str,
    compare: &'static str,
    floor_chart: &'static str,
    m2: &'static str,
    condition: &'static str,
    unknown: &'static str,
    by_kind: &'static str,
    note: &'static str,
    errors: &'static str,
    drivers: &'static str,
    rank: &'static str,
    what: &'static str,
    kind: &'static str,
    share: &'static str,
    source: &'static str,
    others: &'static str,
    /// `{n}`: facilities closed.
    closed: &'static str,
    /// `{users}`, `{receivers}`: users moved.
    moved: &'static str,
    /// `{users}`: users who lose a service.
    lost: &'static str,
    /// Renewal avoided before closures (followed by the amount).
    avoided: &'static str,
    /// `{n}`: facilities whose actual operating cost is not counted (followed by the amount, why).
    not_counted: &'static str,
    /// Why actual operating costs are not counted: no running costs in the model.
    no_running_costs: &'static str,
    /// Why: running costs per m² instead.
    rates_instead: &'static str,
}

const JA: Words = Words {
    title: "公共施設の維持管理・更新費の見通し",
    summary: "シナリオ比較",
    scenario: "シナリオ",
    total: "合計",
    average: "年平均",
    peak: "最大の年度",
    over: "上限超過年数",
    floor: "延床面積の増減",
    verdict: "判定",
    meets: "上限内",
    fails: "上限超過",
    no_cap: "上限なし",
    cap: "上限",
    avg_line: "年平均",
    year: "年度",
    yen: "円",
    oku: "億円",
    compare: "シナリオ別の年度別費用",
    floor_chart: "延床面積の推移",
    m2: "㎡",
    condition: "劣化度別の延床面積(期待値)",
    unknown: "不明",
    by_kind: "種類別の年度別費用",
    note: "金額は正確な値の1円未満を JIS Z 8401 規則A(偶数丸め)で丸めたもの。億円表示は0.01億円単位。",
    errors: "読み込めなかったシナリオ",
    drivers: "最大の年度の費用の内訳(上位10件)",
    rank: "順位",
    what: "施設・建物・事業",
    kind: "主な種類",
    share: "割合",
    source: "出典(建物ID・シナリオの行)",
    others: "その他",
    closed: "閉鎖する施設: {n}",
    moved: "利用者の移動: 年{users}人が{receivers}施設へ",
    lost: "サービスを失う利用者(同じ機能の施設がない): 年{users}人",
    avoided: "閉鎖前に行わない更新(費用に含まない)",
    not_counted: "計上しない運営費の実績(operating_cost_yen): {n}施設",
    no_running_costs: "費用モデルが運営費を計上しないため([operating] enabled = false)",
    rates_instead: "費用モデルが運営費を㎡単価で計上するため(use_facility_actuals = false)",
};

const EN: Words = Words {
    title: "Maintenance and renewal cost of public facilities",
    summary: "Scenarios compared",
    scenario: "Scenario",
    total: "Total",
    average: "Average a year",
    peak: "Peak year",
    over: "Years over the cap",
    floor: "Floor area change",
    verdict: "Verdict",
    meets: "meets the cap",
    fails: "over the cap",
    no_cap: "no cap",
    cap: "Cap",
    avg_line: "Average",
    year: "FY",
    yen: "yen",
    oku: "億円 (10^8 yen)",
    compare: "Yearly cost by scenario",
    floor_chart: "Floor area over time",
    m2: "m²",
    condition: "Floor area by condition grade (expected)",
    unknown: "unknown",
    by_kind: "Yearly cost by kind",
    note: "Amounts are exact amounts rounded to whole yen (half to even, JIS Z 8401 rule A); 億円 figures to 0.01.",
    errors: "Scenarios that could not be read",
    drivers: "What makes up the peak year (largest ten)",
    rank: "#",
    what: "Facility, building or action",
    kind: "Main kind",
    share: "Share",
    source: "Source (building id, scenario line)",
    others: "Others",
    closed: "Facilities closed: {n}",
    moved: "Users moved: {users} a year, to {receivers} facilities",
    lost: "Users who lose a service (no open facility offers it): {users} a year",
    avoided: "Renewal avoided before closures (not in the costs)",
    not_counted: "Actual operating costs not counted (operating_cost_yen): {n} facilities",
    no_running_costs: "the cost model projects no running costs ([operating] enabled = false)",
    rates_instead: "the cost model prices running costs per m² instead (use_facility_actuals = false)",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

/// The colour of each kind, in [`ALL_KINDS`] order.
const KIND_COLORS: [&str; 8] = [
    "#9e9e9e", "#cfcfcf", "#4a7fc1", "#1f3f73", "#f0a04b", "#c8553d", "#8c6d46", "#5a9e5a",
];

/// Colours for scenarios in comparison charts.
const SCENARIO_COLORS: [&str; 10] = [
    "#1f3f73", "#c8553d", "#5a9e5a", "#f0a04b", "#7b5ea7", "#2a9d8f", "#8c6d46", "#e76f51",
    "#264653", "#9e9e9e",
];

const GRADE_COLORS: [&str; 5] = ["#5a9e5a", "#b5c95a", "#f0a04b", "#c8553d", "#cfcfcf"];

fn kind_label(k: Kind, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => k.name_ja(),
        Lang::En => k.name_en(),
    }
}

/// A fiscal year as a label: `2030 (R12)` in Japanese, `2030` in English.
fn fy_label(fy: FiscalYear, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{} ({})", fy.get(), fy.wareki()),
        Lang::En => fy.get().to_string(),
    }
}

fn year_label(p: &Projection, i: usize, lang: Lang) -> String {
    fy_label(p.horizon().first().offset(i as i32), lang)
}

fn short_year(p: &Projection, i: usize, lang: Lang) -> String {
    let fy = p.horizon().first().offset(i as i32);
    match lang {
        Lang::Ja => fy.wareki().to_string(),
        Lang::En => fy.get().to_string(),
    }
}

fn oku_value(y: Yen) -> Decimal {
    y.get() / Decimal::from(100_000_000)
}

fn floor_change(o: &Outcome) -> String {
    match super::run::floor_area_change(o).2 {
        Some(p) => format!("{:+.1}%", p.round_dp(1)),
        None => "-".into(),
    }
}

/// How many contributors to the peak year a scenario's section lists.
const DRIVERS: usize = 10;

/// The report of a batch of runs (failed files are listed at the end). `peaks` explains the peak
/// year of each run that succeeded, in order ([`crate::explain::peak_years`]).
pub fn html(items: &[BatchItem], peaks: &[Explanation], lang: Lang) -> String {
    let w = words(lang);
    let ok: Vec<&Outcome> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .collect();
    let mut s = String::new();
    let inventory = ok
        .first()
        .map(|o| o.scenario.inventory().name.clone())
        .unwrap_or_default();
    let html_lang = if lang == Lang::Ja { "ja" } else { "en" };
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — {}</title><style>{CSS}</style></head><body>\n",
        esc(&inventory),
        w.title
    );
    let _ = writeln!(s, "<h1>{} <small>{}</small></h1>", esc(&inventory), w.title);
    if let Some(first) = ok.first() {
        let p = &first.projection;
        let h = p.horizon();
        let cap = p
            .plan()
            .cap
            .map(|c| format!(" · {} {} {}", w.cap, oku(c), w.oku))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<p class=\"plan\">{} {}–{}{cap}</p>",
            w.year,
            year_label(p, 0, lang),
            year_label(p, h.years() as usize - 1, lang)
        );
    }
    let _ = writeln!(s, "<p class=\"note\">{}</p>", w.note);

    // Summary.
    let _ = writeln!(
        s,
        "<section id=\"summary\"><h2>{}</h2><table class=\"summary\"><thead><tr>",
        w.summary
    );
    for h in [
        w.scenario, w.total, w.average, w.peak, w.over, w.floor, w.verdict,
    ] {
        let _ = write!(s, "<th>{h}</th>");
    }
    let _ = writeln!(s, "</tr></thead><tbody>");
    for o in &ok {
        let p = &o.projection;
        let (py, pv) = p.peak();
        let peak_i = (py - p.horizon().first().get()) as usize;
        let verdict = match p.meets_cap() {
            Some(true) => w.meets,
            Some(false) => w.fails,
            None => w.no_cap,
        };
        let over = if p.plan().cap.is_some() {
            format!("{} / {}", p.years_over_cap().len(), p.years())
        } else {
            "-".into()
        };
        let _ = writeln!(
            s,
            "<tr data-scenario=\"{}\"><td>{}</td>{}{}<td class=\"num\">{}<br><span class=\"yen\">{} {}</span></td><td class=\"num\">{over}</td><td class=\"num\">{}</td><td class=\"{}\">{verdict}</td></tr>",
            esc(p.name()),
            esc(p.name()),
            money_cell("total", Printed::of(p).total(), w),
            money_cell("average", p.average(), w),
            year_label(p, peak_i, lang),
            oku(pv),
            w.oku,
            floor_change(o),
            if p.meets_cap() == Some(false) {
                "bad"
            } else {
                "good"
            }
        );
    }
    let _ = writeln!(s, "</tbody></table></section>");

    // Comparison and floor area.
    if let Some(first) = ok.first() {
        let p0 = &first.projection;
        let n = p0.years();
        let x_labels: Vec<String> = (0..n).map(|i| short_year(p0, i, lang)).collect();
        let same: Vec<&&Outcome> = ok
            .iter()
            .filter(|o| o.projection.horizon() == p0.horizon())
            .collect();
        let series: Vec<Series<'_>> = same
            .iter()
            .enumerate()
            .map(|(k, o)| Series {
                label: o.projection.name(),
                color: SCENARIO_COLORS[k % SCENARIO_COLORS.len()],
                values: (0..n)
                    .map(|i| oku_value(o.projection.year_total(i)))
                    .collect(),
            })
            .collect();
        let cap_rule: Vec<Rule<'_>> = p0
            .plan()
            .cap
            .map(|c| Rule {
                label: w.cap,
                value: oku_value(c),
                color: "#c00",
                dashed: true,
            })
            .into_iter()
            .collect();
        let chart = Chart {
            id: "compare",
            title: w.compare,
            unit: w.oku,
            x_labels: x_labels.clone(),
            label_every: 5,
        };
        let _ = writeln!(
            s,
            "<section id=\"compare\"><h2>{}</h2>{}</section>",
            w.compare,
            lines(&chart, &series, &cap_rule)
        );
        let floor: Vec<Series<'_>> = same
            .iter()
            .enumerate()
            .map(|(k, o)| Series {
                label: o.projection.name(),
                color: SCENARIO_COLORS[k % SCENARIO_COLORS.len()],
                values: (0..n)
                    .map(|i| o.projection.floor_area(i).to_decimal().round())
                    .collect(),
            })
            .collect();
        let chart = Chart {
            id: "floor-area",
            title: w.floor_chart,
            unit: w.m2,
            x_labels,
            label_every: 5,
        };
        let _ = writeln!(
            s,
            "<section id=\"floor-area\"><h2>{}</h2>{}</section>",
            w.floor_chart,
            lines(&chart, &floor, &[])
        );
    }

    // One section per scenario.
    for (k, o) in ok.iter().enumerate() {
        scenario_section(&mut s, o, peaks.get(k), k, lang);
    }
    let failed: Vec<&BatchItem> = items.iter().filter(|i| i.result.is_err()).collect();
    if !failed.is_empty() {
        let _ = writeln!(s, "<section id=\"errors\"><h2>{}</h2><ul>", w.errors);
        for f in failed {
            if let Err(e) = &f.result {
                let _ = writeln!(
                    s,
                    "<li><code>{}</code>: <pre>{}</pre></li>",
                    esc(&f.file.display().to_string()),
                    esc(&e.to_string())
                );
            }
        }
        let _ = writeln!(s, "</ul></section>");
    }
    s.push_str("</body></html>\n");
    s
}

fn money_cell(field: &str, y: Yen, w: &Words) -> String {
    format!(
        "<td class=\"num\" data-field=\"{field}\" data-yen=\"{}\">{} {}<br><span class=\"yen\">{} {}</span></td>",
        yen_string(y),
        oku(y),
        w.oku,
        group_thousands(&yen_string(y)),
        w.yen
    )
}

/// What a scenario does beyond its costs, in a list: facilities closed, users moved (with their
/// receivers) and users who lose a service, apart; renewal avoided before closures; inputs not
/// counted. Nothing when there is nothing to say.
fn facts(s: &mut String, o: &Outcome, w: &Words) {
    let p = &o.projection;
    let a = &o.access;
    let mut items: Vec<String> = Vec::new();
    if !o.effects.closures.is_empty() {
        items.push(esc(&w
            .closed
            .replace("{n}", &o.effects.closures.len().to_string())));
    }
    if a.users_moved() > 0 {
        items.push(esc(&w
            .moved
            .replace("{users}", &a.users_moved().to_string())
            .replace("{receivers}", &a.receivers().to_string())));
    }
    if a.users_losing_service() > 0 {
        items.push(esc(&w
            .lost
            .replace("{users}", &a.users_losing_service().to_string())));
    }
    let avoided = p.total_renewal_avoided();
    if !avoided.is_zero() {
        items.push(format!(
            "{}: <span data-yen=\"{}\">{} {}</span>",
            esc(w.avoided),
            yen_string(avoided),
            oku(avoided),
            esc(w.oku)
        ));
    }
    if let Some(nc) = p.not_counted() {
        let why = match nc.why {
            crate::projection::NotCountedWhy::NoRunningCosts => w.no_running_costs,
            crate::projection::NotCountedWhy::RatesInstead => w.rates_instead,
        };
        let yen = Yen::new(nc.yen);
        items.push(format!(
            "{}, {} {} — {}",
            esc(&w.not_counted.replace("{n}", &nc.facilities.to_string())),
            oku(yen),
            esc(w.oku),
            esc(why)
        ));
    }
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "<ul class=\"facts\">");
    for item in items {
        let _ = writeln!(s, "<li>{item}</li>");
    }
    let _ = writeln!(s, "</ul>");
}

fn scenario_section(s: &mut String, o: &Outcome, peak: Option<&Explanation>, k: usize, lang: Lang) {
    let w = words(lang);
    let p = &o.projection;
    let n = p.years();
    let _ = writeln!(
        s,
        "<section class=\"scenario\" id=\"scenario-{k}\" data-scenario=\"{}\"><h2>{}</h2>",
        esc(p.name()),
        esc(p.name())
    );
    if !o.scenario.description().is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(o.scenario.description()));
    }
    facts(s, o, w);
    let x_labels: Vec<String> = (0..n).map(|i| short_year(p, i, lang)).collect();
    let series: Vec<Series<'_>> = ALL_KINDS
        .iter()
        .map(|&kind| Series {
            label: kind_label(kind, lang),
            color: KIND_COLORS[kind.index()],
            values: (0..n).map(|i| oku_value(p.kind_total(i, kind))).collect(),
        })
        .filter(|se| se.values.iter().any(|v| !v.is_zero()))
        .collect();
    let mut rules = vec![Rule {
        label: w.avg_line,
        value: oku_value(p.average()),
        color: "#333",
        dashed: false,
    }];
    if let Some(c) = p.plan().cap {
        rules.push(Rule {
            label: w.cap,
            value: oku_value(c),
            color: "#c00",
            dashed: true,
        });
    }
    let id = format!("kinds-{k}");
    let chart = Chart {
        id: &id,
        title: w.by_kind,
        unit: w.oku,
        x_labels: x_labels.clone(),
        label_every: 5,
    };
    s.push_str(&stacked_bars(&chart, &series, &rules));
    if p.grades(0).is_some() {
        let labels = ["A", "B", "C", "D", w.unknown];
        let grades: Vec<Series<'_>> = (0..5)
            .map(|g| Series {
                label: labels[g],
                color: GRADE_COLORS[g],
                values: (0..n)
                    .map(|i| p.grades(i).unwrap_or_default()[g].round())
                    .collect(),
            })
            .filter(|se| se.values.iter().any(|v| !v.is_zero()))
            .collect();
        let id = format!("condition-{k}");
        let chart = Chart {
            id: &id,
            title: w.condition,
            unit: w.m2,
            x_labels,
            label_every: 5,
        };
        let _ = writeln!(
            s,
            "<h3>{}</h3>{}",
            w.condition,
            stacked_bars(&chart, &grades, &[])
        );
    }
    // The yearly table, exact yen.
    let _ = write!(s, "<table class=\"years\"><thead><tr><th>{}</th>", w.year);
    let kinds: Vec<Kind> = ALL_KINDS
        .iter()
        .copied()
        .filter(|&kind| (0..n).any(|i| !p.kind_total(i, kind).is_zero()))
        .collect();
    for &kind in &kinds {
        let _ = write!(s, "<th>{}</th>", kind_label(kind, lang));
    }
    let _ = writeln!(
        s,
        "<th>{} ({})</th><th>{} ({})</th></tr></thead><tbody>",
        w.total, w.oku, w.total, w.yen
    );
    let cap = p.plan().cap;
    let printed = Printed::of(p);
    for i in 0..n {
        let over = cap.is_some_and(|c| p.year_total(i) > c);
        let total = printed.year_total(i);
        let _ = write!(
            s,
            "<tr data-year=\"{}\"{}><td>{}</td>",
            p.horizon().first().get() + i as i32,
            if over { " class=\"over\"" } else { "" },
            year_label(p, i, lang)
        );
        for &kind in &kinds {
            let v = printed.kind(i, kind);
            let _ = write!(
                s,
                "<td class=\"num\" data-kind=\"{}\" data-yen=\"{}\">{}</td>",
                kind.key(),
                yen_string(v),
                oku(v)
            );
        }
        let _ = writeln!(
            s,
            "<td class=\"num\">{}</td><td class=\"num total\" data-yen=\"{}\">{}</td></tr>",
            oku(total),
            yen_string(total),
            group_thousands(&yen_string(total))
        );
    }
    let _ = writeln!(s, "</tbody></table>");
    if let Some(e) = peak {
        let year = (e.year - p.horizon().first().get()) as usize;
        drivers(s, e, printed.cells(year), lang);
    }
    let _ = writeln!(s, "</section>");
}

/// The largest contributors to the peak year, with the rest summed.
fn drivers(s: &mut String, e: &Explanation, cells: &[Vec<Decimal>], lang: Lang) {
    let w = words(lang);
    let year = FiscalYear::new(e.year).map_or(e.year.to_string(), |fy| fy_label(fy, lang));
    let _ = writeln!(
        s,
        "<h3>{} — {} {year}</h3><table class=\"drivers\" data-year=\"{}\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{} ({})</th><th>{} ({})</th><th>{}</th></tr></thead><tbody>",
        w.drivers,
        w.year,
        e.year,
        w.rank,
        w.what,
        w.source,
        w.kind,
        w.total,
        w.oku,
        w.total,
        w.yen,
        w.share
    );
    let share = |y: Yen| -> String {
        if e.total.is_zero() {
            "-".into()
        } else {
            format!(
                "{:.1}%",
                crate::money::percent(y.get(), e.total.get()).round_dp(1)
            )
        }
    };
    let printed: Vec<Decimal> = super::printed::contributors(e, cells)
        .iter()
        .map(|k| k.iter().sum())
        .collect();
    for (i, (c, &t)) in e
        .contributors
        .iter()
        .zip(&printed)
        .take(DRIVERS)
        .enumerate()
    {
        let t = Yen::new(t);
        let _ = writeln!(
            s,
            "<tr><td class=\"num\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\" data-yen=\"{}\">{}</td><td class=\"num\">{}</td></tr>",
            i + 1,
            esc(&match lang {
                Lang::Ja => c.what.ja(),
                Lang::En => c.what.en(),
            }),
            esc(&c.source),
            kind_label(crate::explain::main_kind(c), lang),
            oku(t),
            yen_string(t),
            group_thousands(&yen_string(t)),
            share(t)
        );
    }
    if e.contributors.len() > DRIVERS {
        let rest = Yen::new(printed[DRIVERS..].iter().sum());
        let _ = writeln!(
            s,
            "<tr class=\"rest\"><td></td><td>{} ({})</td><td></td><td></td><td class=\"num\">{}</td><td class=\"num\" data-yen=\"{}\">{}</td><td class=\"num\">{}</td></tr>",
            w.others,
            e.contributors.len() - DRIVERS,
            oku(rest),
            yen_string(rest),
            group_thousands(&yen_string(rest)),
            share(rest)
        );
    }
    let _ = writeln!(s, "</tbody></table>");
}

const CSS: &str = "body{font-family:'Hiragino Sans','Yu Gothic','Noto Sans CJK JP','Noto Sans JP',sans-serif;margin:24px;color:#222;max-width:1100px}\
h1{font-size:22px}h1 small{font-weight:normal;color:#555;margin-left:.5em}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}\
h3{font-size:15px}.plan{font-size:14px}.note{font-size:12px;color:#555}\
table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px}th{background:#f3f3f3}\
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.yen{color:#666;font-size:11px}\
td.bad{color:#b00;font-weight:bold}td.good{color:#060}tr.over td{background:#fff0f0}\
svg.chart{display:block;margin:8px 0;max-width:100%;height:auto;font-family:inherit}\
@media print{body{margin:8mm;max-width:none}section.scenario{page-break-before:always}tr.over td{background:none;font-weight:bold}@page{size:A4 landscape;margin:10mm}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_languages_have_every_label() {
        for w in [&JA, &EN] {
            assert!(!w.title.is_empty() && !w.note.is_empty() && !w.errors.is_empty());
        }
    }
}
