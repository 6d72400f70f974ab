//! The HTML report for finance: one self-contained file (no script, no font, no external reference),
//! readable printed. A summary table of every scenario; per scenario, the chart every Japanese plan
//! shows (yearly cost stacked by kind with its own cap and the average as lines), its yearly table
//! with the exact yen, what the plan does (its actions in year order with floor area, cost, saving
//! and proceeds, from [`crate::ledger`]) and what that does to service (users moved, users who lose
//! a service, receivers over capacity, districts beyond the access standard); a chart comparing the
//! scenarios' yearly totals; floor area over time; the optimizer's frontier of cap against service
//! loss when given; and the condition distribution where a model has condition rules. Labels in Japanese or English; fiscal years with 和暦 in Japanese.
//!
//! Printed, each scenario starts a page, no heading is left alone at the foot of a page and no
//! table row is split; colours are the Okabe–Ito palette (told apart with any colour vision), and
//! the cap is the one black dashed line, distinct from every series.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::printed::Printed;
use super::svg::{Chart, Rule, Series, esc, lines, stacked_bars};
use super::table::oku;
use super::yen_string;
use crate::category::{ALL_KINDS, Kind};
use crate::cost::EventKind;
use crate::explain::Explanation;
use crate::ledger::Ledger;
use crate::messages::Id;
use crate::money::{Yen, group_thousands};
use crate::msg;
use crate::optimize::FrontierPoint;
use crate::optimize::frontier::Frontier;
use crate::projection::Projection;
use crate::run::{BatchItem, Outcome};
use crate::scenario::{Action, ActionKind, FacilityIdx, Scope};
use crate::units::FiscalYear;

/// The report's language (the catalogue's).
pub use crate::messages::Lang;

/// The report's words in one language. Every label of the report is here, so a catalogue of
/// messages can take them over whole.
pub(super) struct Words {
    pub(super) title: &'static str,
    pub(super) summary: &'static str,
    pub(super) scenario: &'static str,
    pub(super) total: &'static str,
    pub(super) average: &'static str,
    pub(super) peak: &'static str,
    pub(super) over: &'static str,
    pub(super) floor: &'static str,
    pub(super) verdict: &'static str,
    pub(super) meets: &'static str,
    pub(super) fails: &'static str,
    pub(super) no_cap: &'static str,
    pub(super) cap: &'static str,
    pub(super) caps_differ: &'static str,
    pub(super) avg_line: &'static str,
    pub(super) year: &'static str,
    pub(super) yen: &'static str,
    pub(super) oku: &'static str,
    pub(super) sen: &'static str,
    pub(super) compare: &'static str,
    pub(super) floor_chart: &'static str,
    pub(super) m2: &'static str,
    pub(super) condition: &'static str,
    pub(super) unknown: &'static str,
    pub(super) by_kind: &'static str,
    pub(super) note: &'static str,
    pub(super) errors: &'static str,
    pub(super) drivers: &'static str,
    pub(super) rank: &'static str,
    pub(super) what: &'static str,
    pub(super) kind: &'static str,
    pub(super) share: &'static str,
    pub(super) source: &'static str,
    pub(super) others: &'static str,
    pub(super) margin: &'static str,
    pub(super) actions: &'static str,
    pub(super) actions_note: &'static str,
    pub(super) action: &'static str,
    pub(super) facility: &'static str,
    pub(super) area: &'static str,
    pub(super) cost: &'static str,
    pub(super) saving: &'static str,
    pub(super) net: &'static str,
    pub(super) proceeds: &'static str,
    pub(super) no_actions: &'static str,
    pub(super) written: &'static str,
    pub(super) throughout: &'static str,
    pub(super) types: [&'static str; 7],
    pub(super) all_facilities: &'static str,
    pub(super) rules: &'static str,
    pub(super) renovation: &'static str,
    pub(super) rebuild: &'static str,
    pub(super) service_continues: &'static str,
    pub(super) service_ends: &'static str,
    pub(super) leveling: &'static str,
    pub(super) leveling_note: &'static str,
    pub(super) building: &'static str,
    pub(super) moved_from: &'static str,
    pub(super) service: &'static str,
    pub(super) moves: &'static str,
    pub(super) users: &'static str,
    pub(super) function: &'static str,
    pub(super) moved_to: &'static str,
    pub(super) km: &'static str,
    pub(super) lost: &'static str,
    pub(super) lost_note: &'static str,
    pub(super) over_capacity: &'static str,
    pub(super) capacity: &'static str,
    pub(super) beyond: &'static str,
    pub(super) district: &'static str,
    pub(super) standard: &'static str,
    pub(super) before: &'static str,
    pub(super) after: &'static str,
    pub(super) none_reachable: &'static str,
    pub(super) no_effects: &'static str,
    pub(super) no_network: &'static str,
    pub(super) summary_line: &'static str,
    /// Renewal avoided before closures (followed by the amount).
    pub(super) avoided: &'static str,
    /// `{n}`: facilities whose actual operating cost is not counted (followed by the amount, why).
    pub(super) not_counted: &'static str,
    /// Why actual operating costs are not counted: no running costs in the model.
    pub(super) no_running_costs: &'static str,
    /// Why: running costs per m² instead.
    pub(super) rates_instead: &'static str,
}

/// The words in `lang`, from the catalogue (`crate::messages`).
const fn words_in(lang: Lang) -> Words {
    Words {
        title: Id::ReportTitle.template(lang),
        summary: Id::ReportSummary.template(lang),
        scenario: Id::ReportScenario.template(lang),
        total: Id::ReportTotal.template(lang),
        average: Id::ReportAverage.template(lang),
        peak: Id::ReportPeak.template(lang),
        over: Id::ReportOver.template(lang),
        floor: Id::ReportFloor.template(lang),
        verdict: Id::ReportVerdict.template(lang),
        meets: Id::ReportMeets.template(lang),
        fails: Id::ReportFails.template(lang),
        no_cap: Id::ReportNoCap.template(lang),
        cap: Id::ReportCap.template(lang),
        caps_differ: Id::ReportCapsDiffer.template(lang),
        avg_line: Id::ReportAvgLine.template(lang),
        year: Id::ReportYear.template(lang),
        yen: Id::ReportYen.template(lang),
        oku: Id::ReportOku.template(lang),
        sen: Id::ReportSen.template(lang),
        compare: Id::ReportCompare.template(lang),
        floor_chart: Id::ReportFloorChart.template(lang),
        m2: Id::ReportM2.template(lang),
        condition: Id::ReportCondition.template(lang),
        unknown: Id::ReportUnknown.template(lang),
        by_kind: Id::ReportByKind.template(lang),
        note: Id::ReportNote.template(lang),
        errors: Id::ReportErrors.template(lang),
        drivers: Id::ReportDrivers.template(lang),
        rank: Id::ReportRank.template(lang),
        what: Id::ReportWhat.template(lang),
        kind: Id::ReportKind.template(lang),
        share: Id::ReportShare.template(lang),
        source: Id::ReportSource.template(lang),
        others: Id::ReportOthers.template(lang),
        margin: Id::ReportMargin.template(lang),
        actions: Id::ReportActions.template(lang),
        actions_note: Id::ReportActionsNote.template(lang),
        action: Id::ReportAction.template(lang),
        facility: Id::ReportFacility.template(lang),
        area: Id::ReportArea.template(lang),
        cost: Id::ReportCost.template(lang),
        saving: Id::ReportSaving.template(lang),
        net: Id::ReportNet.template(lang),
        proceeds: Id::ReportProceeds.template(lang),
        no_actions: Id::ReportNoActions.template(lang),
        written: Id::ReportWritten.template(lang),
        throughout: Id::ReportThroughout.template(lang),
        types: [
            Id::ReportTypes0.template(lang),
            Id::ReportTypes1.template(lang),
            Id::ReportTypes2.template(lang),
            Id::ReportTypes3.template(lang),
            Id::ReportTypes4.template(lang),
            Id::ReportTypes5.template(lang),
            Id::ReportTypes6.template(lang),
        ],
        all_facilities: Id::ReportAllFacilities.template(lang),
        rules: Id::ReportRules.template(lang),
        renovation: Id::ReportRenovation.template(lang),
        rebuild: Id::ReportRebuild.template(lang),
        service_continues: Id::ReportServiceContinues.template(lang),
        service_ends: Id::ReportServiceEnds.template(lang),
        leveling: Id::ReportLeveling.template(lang),
        leveling_note: Id::ReportLevelingNote.template(lang),
        building: Id::ReportBuilding.template(lang),
        moved_from: Id::ReportMovedFrom.template(lang),
        service: Id::ReportService.template(lang),
        moves: Id::ReportMoves.template(lang),
        users: Id::ReportUsers.template(lang),
        function: Id::ReportFunction.template(lang),
        moved_to: Id::ReportMovedTo.template(lang),
        km: Id::ReportKm.template(lang),
        lost: Id::ReportLost.template(lang),
        lost_note: Id::ReportLostNote.template(lang),
        over_capacity: Id::ReportOverCapacity.template(lang),
        capacity: Id::ReportCapacity.template(lang),
        beyond: Id::ReportBeyond.template(lang),
        district: Id::ReportDistrict.template(lang),
        standard: Id::ReportStandard.template(lang),
        before: Id::ReportBefore.template(lang),
        after: Id::ReportAfter.template(lang),
        none_reachable: Id::ReportNoneReachable.template(lang),
        no_effects: Id::ReportNoEffects.template(lang),
        no_network: Id::ReportNoNetwork.template(lang),
        summary_line: Id::ReportSummaryLine.template(lang),
        avoided: Id::ReportAvoided.template(lang),
        not_counted: Id::ReportNotCounted.template(lang),
        no_running_costs: Id::ReportNoRunningCosts.template(lang),
        rates_instead: Id::ReportRatesInstead.template(lang),
    }
}

const JA: Words = words_in(Lang::Ja);

const EN: Words = words_in(Lang::En);

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

/// Okabe–Ito colours (Okabe & Ito, *Color Universal Design*, 2002), told apart with any colour
/// vision. Black is kept for the cap line alone, so the cap is distinct from every series.
pub(super) mod palette {
    /// The cap: black, dashed.
    pub const CAP: &str = "#000000";
    /// The average: dark grey, solid.
    pub const AVERAGE: &str = "#595959";
    /// Orange.
    pub const ORANGE: &str = "#E69F00";
    /// Sky blue.
    pub const SKY_BLUE: &str = "#56B4E9";
    /// Bluish green.
    pub const BLUISH_GREEN: &str = "#009E73";
    /// Yellow.
    pub const YELLOW: &str = "#F0E442";
    /// Blue.
    pub const BLUE: &str = "#0072B2";
    /// Vermillion.
    pub const VERMILLION: &str = "#D55E00";
    /// Reddish purple.
    pub const REDDISH_PURPLE: &str = "#CC79A7";
    /// A light grey, for running costs, the base of every bar.
    pub const GREY: &str = "#BBBBBB";
}

/// The colour of each kind, in [`ALL_KINDS`] order: operating, repair, renovation, rebuild, their
/// backlogs, demolition, construction.
pub(super) const KIND_COLORS: [&str; 8] = [
    palette::GREY,
    palette::BLUISH_GREEN,
    palette::SKY_BLUE,
    palette::BLUE,
    palette::REDDISH_PURPLE,
    palette::VERMILLION,
    palette::ORANGE,
    palette::YELLOW,
];

/// Colours of scenarios in comparison charts; past seven, lines repeat them dashed.
const SCENARIO_COLORS: [&str; 7] = [
    palette::BLUE,
    palette::VERMILLION,
    palette::BLUISH_GREEN,
    palette::ORANGE,
    palette::REDDISH_PURPLE,
    palette::SKY_BLUE,
    palette::YELLOW,
];

/// Grades A, B, C, D and unknown.
const GRADE_COLORS: [&str; 5] = [
    palette::BLUISH_GREEN,
    palette::SKY_BLUE,
    palette::ORANGE,
    palette::VERMILLION,
    palette::GREY,
];

pub(super) fn kind_label(k: Kind, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => k.name_ja(),
        Lang::En => k.name_en(),
    }
}

/// A fiscal year as a label: `2030 (R12)` in Japanese, `2030` in English.
pub(super) fn fy_label(fy: FiscalYear, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{} ({})", fy.get(), fy.wareki()),
        Lang::En => fy.get().to_string(),
    }
}

fn year_label(p: &Projection, i: usize, lang: Lang) -> String {
    fy_label(p.horizon().first().offset(i as i32), lang)
}

pub(super) fn short_year(p: &Projection, i: usize, lang: Lang) -> String {
    let fy = p.horizon().first().offset(i as i32);
    match lang {
        Lang::Ja => fy.wareki().to_string(),
        Lang::En => fy.get().to_string(),
    }
}

pub(super) fn oku_value(y: Yen) -> Decimal {
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

/// What the report shows of each run that succeeded, besides the run itself.
struct Extras<'a> {
    /// The explanation of its peak year ([`crate::explain::peak_years`]).
    peak: Option<&'a Explanation>,
    /// What its actions do ([`crate::ledger::ledger`]).
    ledger: Option<&'a Ledger>,
}

/// The report of a batch of runs (failed files are listed at the end). `peaks` explains the peak
/// year of each run that succeeded and `ledgers` says what its actions do, both in order of the
/// runs that succeeded ([`crate::explain::peak_years`], [`crate::ledger::ledgers`]).
pub fn html(items: &[BatchItem], peaks: &[Explanation], ledgers: &[Ledger], lang: Lang) -> String {
    html_with_frontier(items, peaks, ledgers, None, lang)
}

/// The report of a batch of runs, as [`html`], with the optimizer's frontier of cap against
/// service loss drawn after the comparison charts (`shisetsu report --frontier FILE`).
pub fn html_with_frontier(
    items: &[BatchItem],
    peaks: &[Explanation],
    ledgers: &[Ledger],
    frontier: Option<&Frontier>,
    lang: Lang,
) -> String {
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
        let caps: Vec<Option<Yen>> = ok.iter().map(|o| o.projection.plan().cap).collect();
        let cap = if caps.iter().all(|c| *c == caps[0]) {
            p.plan()
                .cap
                .map(|c| format!(" · {} {} {}", w.cap, oku(c), w.oku))
                .unwrap_or_default()
        } else {
            format!(" · {}", w.caps_differ)
        };
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
        w.scenario, w.total, w.average, w.peak, w.cap, w.over, w.floor, w.verdict,
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
        let cap = p.plan().cap.map_or("-".to_string(), |c| {
            format!(
                "<span data-cap-yen=\"{}\">{} {}</span>",
                yen_string(c),
                oku(c),
                w.oku
            )
        });
        let _ = writeln!(
            s,
            "<tr data-scenario=\"{}\"><td>{}</td>{}{}<td class=\"num\">{}<br><span class=\"yen\">{} {}</span></td><td class=\"num\">{cap}</td><td class=\"num\">{over}</td><td class=\"num\">{}</td><td class=\"{}\">{verdict}</td></tr>",
            esc(p.name()),
            esc(o.scenario.display_name()),
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
                label: o.scenario.display_name(),
                color: SCENARIO_COLORS[k % SCENARIO_COLORS.len()],
                values: (0..n)
                    .map(|i| oku_value(o.projection.year_total(i)))
                    .collect(),
                dashed: k >= SCENARIO_COLORS.len(),
            })
            .collect();
        // One cap line per distinct cap, labelled with the scenarios it belongs to when they differ.
        let mut caps: Vec<Yen> = same
            .iter()
            .filter_map(|o| o.projection.plan().cap)
            .collect();
        caps.sort_by_key(|c| c.get());
        caps.dedup();
        let cap_labels: Vec<String> = caps
            .iter()
            .map(|c| {
                if caps.len() == 1 {
                    w.cap.to_string()
                } else {
                    format!("{} {}", w.cap, oku(*c))
                }
            })
            .collect();
        let cap_rules: Vec<Rule<'_>> = caps
            .iter()
            .zip(&cap_labels)
            .map(|(c, label)| Rule {
                key: "cap",
                label,
                value: oku_value(*c),
                color: palette::CAP,
                dashed: true,
            })
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
            "<section id=\"compare\"><figure><h2>{}</h2>{}</figure></section>",
            w.compare,
            lines(&chart, &series, &cap_rules)
        );
        let floor: Vec<Series<'_>> = same
            .iter()
            .enumerate()
            .map(|(k, o)| Series {
                label: o.scenario.display_name(),
                color: SCENARIO_COLORS[k % SCENARIO_COLORS.len()],
                values: (0..n)
                    .map(|i| o.projection.floor_area(i).to_decimal().round())
                    .collect(),
                dashed: k >= SCENARIO_COLORS.len(),
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
            "<section id=\"floor-area\"><figure><h2>{}</h2>{}</figure></section>",
            w.floor_chart,
            lines(&chart, &floor, &[])
        );
    }

    if let Some(f) = frontier {
        frontier_section(&mut s, f, lang);
    }

    // One section per scenario.
    for (k, o) in ok.iter().enumerate() {
        let extras = Extras {
            peak: peaks.get(k),
            ledger: ledgers.get(k),
        };
        scenario_section(&mut s, o, &extras, k, lang);
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

/// The optimizer's frontier: a line of service loss over the caps solved (the points with a plan),
/// and a table of every point.
fn frontier_section(s: &mut String, f: &Frontier, lang: Lang) {
    let title = Id::ReportFrontier.template(lang);
    let loss = Id::ReportFrontierLoss.template(lang);
    let with_plan: Vec<&FrontierPoint> = f.points.iter().filter(|p| p.service.is_some()).collect();
    let chart = Chart {
        id: "frontier",
        title,
        unit: loss,
        x_labels: with_plan.iter().map(|p| oku(p.cap)).collect(),
        label_every: 1,
    };
    let series = [Series {
        label: loss,
        color: palette::BLUE,
        values: with_plan
            .iter()
            .map(|p| p.service.unwrap_or_default())
            .collect(),
        dashed: false,
    }];
    let _ = writeln!(
        s,
        "<section id=\"frontier\"><figure><h2>{title}</h2>{}<figcaption>{}</figcaption></figure>",
        lines(&chart, &series, &[]),
        esc(&msg!(
            ReportFrontierAbout,
            base = f.base.as_str(),
            solver = f.solver.as_str(),
            file = f.file.as_str()
        )
        .render(lang))
    );
    let _ = write!(s, "<table class=\"frontier\"><thead><tr>");
    for h in [
        Id::ReportFrontierCap,
        Id::ReportFrontierLoss,
        Id::ReportFrontierChanges,
        Id::ReportFrontierProof,
    ] {
        let _ = write!(s, "<th>{}</th>", h.template(lang));
    }
    let _ = writeln!(s, "</tr></thead><tbody>");
    for p in &f.points {
        let loss = p.service.map_or_else(
            || Id::ReportFrontierNoPlan.template(lang).to_string(),
            |d| group_thousands(&d.round_dp(1).to_string()),
        );
        let proof = if p.finished {
            Id::ReportFrontierProven.template(lang).to_string()
        } else {
            p.gap.map_or_else(String::new, |g| {
                msg!(ReportFrontierGap, gap = format!("{:.1}", g * 100.0)).render(lang)
            })
        };
        let _ = writeln!(
            s,
            "<tr data-cap-yen=\"{}\"><td class=\"num\">{}</td><td class=\"num\">{loss}</td><td class=\"num\">{}</td><td>{proof}</td></tr>",
            yen_string(p.cap),
            oku(p.cap),
            p.changes
        );
    }
    let _ = writeln!(s, "</tbody></table></section>");
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

/// An amount in whole 千円 with separators (the exact yen in the cell's `data-amount-yen`).
fn sen_cell(y: Yen) -> String {
    if y.is_zero() {
        return "<td class=\"num\">-</td>".into();
    }
    format!(
        "<td class=\"num\" data-amount-yen=\"{}\">{}</td>",
        yen_string(y),
        group_thousands(&y.sen().to_string())
    )
}

/// What a scenario's costs leave out, in a list: renewal avoided before closures, and actual
/// operating costs the model does not count (with why). Users moved and users who lose a service
/// are in the section on service. Nothing when there is nothing to say.
fn facts(s: &mut String, o: &Outcome, w: &Words) {
    let p = &o.projection;
    let mut items: Vec<String> = Vec::new();
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

fn scenario_section(s: &mut String, o: &Outcome, extras: &Extras<'_>, k: usize, lang: Lang) {
    let w = words(lang);
    let p = &o.projection;
    let n = p.years();
    let cap = p.plan().cap;
    let _ = writeln!(
        s,
        "<section class=\"scenario\" id=\"scenario-{k}\" data-scenario=\"{}\"{}>",
        esc(p.name()),
        cap.map(|c| format!(" data-cap-yen=\"{}\"", yen_string(c)))
            .unwrap_or_default()
    );
    let x_labels: Vec<String> = (0..n).map(|i| short_year(p, i, lang)).collect();
    let series: Vec<Series<'_>> = ALL_KINDS
        .iter()
        .map(|&kind| Series {
            label: kind_label(kind, lang),
            color: KIND_COLORS[kind.index()],
            values: (0..n).map(|i| oku_value(p.kind_total(i, kind))).collect(),
            dashed: false,
        })
        .filter(|se| se.values.iter().any(|v| !v.is_zero()))
        .collect();
    let mut rules = vec![Rule {
        key: "average",
        label: w.avg_line,
        value: oku_value(p.average()),
        color: palette::AVERAGE,
        dashed: false,
    }];
    if let Some(c) = cap {
        rules.push(Rule {
            key: "cap",
            label: w.cap,
            value: oku_value(c),
            color: palette::CAP,
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
    // The heading, the description, the verdict against its own cap and the chart stay together.
    let _ = writeln!(
        s,
        "<figure class=\"lead\"><h2>{}</h2>",
        esc(o.scenario.display_name())
    );
    if !o.scenario.description().is_empty() {
        let _ = writeln!(s, "<p>{}</p>", esc(o.scenario.description()));
    }
    let verdict = match p.meets_cap() {
        Some(true) => w.meets,
        Some(false) => w.fails,
        None => w.no_cap,
    };
    let cap_text = cap
        .map(|c| {
            format!(
                "{} {} {} · {} {} / {} · ",
                w.cap,
                oku(c),
                w.oku,
                w.over,
                p.years_over_cap().len(),
                p.years()
            )
        })
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "<p class=\"plan\">{cap_text}{} {} {} · <strong>{verdict}</strong></p>",
        w.average,
        oku(p.average()),
        w.oku
    );
    facts(s, o, w);
    s.push_str(&stacked_bars(&chart, &series, &rules));
    let _ = writeln!(s, "</figure>");
    if p.grades(0).is_some() {
        let labels = ["A", "B", "C", "D", w.unknown];
        let grades: Vec<Series<'_>> = (0..5)
            .map(|g| Series {
                label: labels[g],
                color: GRADE_COLORS[g],
                values: (0..n)
                    .map(|i| p.grades(i).unwrap_or_default()[g].round())
                    .collect(),
                dashed: false,
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
            "<figure><h3>{}</h3>{}</figure>",
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
    let _ = write!(
        s,
        "<th>{} ({})</th><th>{} ({})</th>",
        w.total, w.oku, w.total, w.yen
    );
    if cap.is_some() {
        let _ = write!(s, "<th>{} ({})</th>", w.margin, w.oku);
    }
    let _ = writeln!(s, "</tr></thead><tbody>");
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
        let _ = write!(
            s,
            "<td class=\"num\">{}</td><td class=\"num total\" data-yen=\"{}\">{}</td>",
            oku(total),
            yen_string(total),
            group_thousands(&yen_string(total))
        );
        if let Some(c) = cap {
            let margin = Yen::new(c.get() - total.get());
            let _ = write!(
                s,
                "<td class=\"num margin\" data-margin-yen=\"{}\">{}</td>",
                yen_string(margin),
                oku(margin)
            );
        }
        let _ = writeln!(s, "</tr>");
    }
    let _ = writeln!(s, "</tbody></table>");
    if let Some(l) = extras.ledger {
        actions(s, o, l, lang);
    }
    service(s, o, lang);
    if let Some(e) = extras.peak {
        let year = (e.year - p.horizon().first().get()) as usize;
        drivers(s, e, printed.cells(year), lang);
    }
    let _ = writeln!(s, "</section>");
}

/// An action's type in people's words.
pub(super) fn type_label(a: &Action, lang: Lang) -> &'static str {
    kind_words(a.kind(), lang)
}

/// A kind of action in people's words ([`Words::types`] is in [`ActionKind::ALL`] order).
pub(super) fn kind_words(kind: ActionKind, lang: Lang) -> &'static str {
    let k = ActionKind::ALL.iter().position(|x| *x == kind).unwrap_or(0);
    words(lang).types[k]
}

fn event_label(e: EventKind, lang: Lang) -> &'static str {
    let w = words(lang);
    match e {
        EventKind::Renovation => w.renovation,
        EventKind::Rebuild => w.rebuild,
    }
}

/// What an action is done to, in people's words: facilities (by name), a receiver, a building, a
/// scope.
pub(super) fn action_target(o: &Outcome, a: &Action, lang: Lang) -> String {
    let w = words(lang);
    let s = &o.scenario;
    let names = |fs: &[FacilityIdx]| -> String {
        fs.iter()
            .map(|&f| s.facility(f).name())
            .collect::<Vec<_>>()
            .join(if lang == Lang::Ja { "、" } else { ", " })
    };
    let building = |b: usize| {
        let b = &s.inventory().buildings[b];
        format!("{} · {}", s.facility(b.facility).name(), b.name)
    };
    match a {
        Action::Close { facility, .. } => s.facility(*facility).name().to_string(),
        Action::Transfer {
            facility,
            service_continues,
            ..
        } => format!(
            "{} ({})",
            s.facility(*facility).name(),
            if *service_continues {
                w.service_continues
            } else {
                w.service_ends
            }
        ),
        Action::Merge {
            facilities, into, ..
        } => format!("{} → {}", names(facilities), s.facility(*into).name()),
        Action::Complex {
            replaces, facility, ..
        } => format!("{} → {}", names(replaces), s.facility(*facility).name()),
        Action::Reduce { building: b, .. } => building(*b),
        Action::LifeExtension {
            scope, rules_name, ..
        } => {
            let scope = match scope {
                Scope::All => w.all_facilities.to_string(),
                Scope::Category(c) => match lang {
                    Lang::Ja => c.name_ja().to_string(),
                    Lang::En => c.name_en().to_string(),
                },
                Scope::Facility(f) => s.facility(*f).name().to_string(),
            };
            format!("{scope} ({} {})", w.rules, rules_name)
        }
        Action::Shift {
            building: b,
            event,
            from,
            to,
        } => format!(
            "{} · {} {from} → {to}",
            building(*b),
            event_label(*event, lang)
        ),
    }
}

/// Where action `k` was written: `file.toml:line` (the file's name only), or nothing for an
/// action made in code.
pub(super) fn origin_text(s: &crate::scenario::Scenario, k: usize) -> String {
    let Some(origin) = s.origin(k) else {
        return String::new();
    };
    let file = std::path::Path::new(&origin.file)
        .file_name()
        .map_or(origin.file.clone(), |n| n.to_string_lossy().into_owned());
    match origin.line {
        Some(line) => format!("{file}:{line}"),
        None => file,
    }
}

/// The floor area an action removes (−) and builds (+), in m².
pub(super) fn area_text(removed: Decimal, built: Decimal) -> String {
    let m2 = |d: Decimal| group_thousands(&d.round_dp(1).normalize().to_string());
    match (removed.is_zero(), built.is_zero()) {
        (true, true) => "-".into(),
        (false, true) => format!("−{}", m2(removed)),
        (true, false) => format!("+{}", m2(built)),
        (false, false) => format!("−{} / +{}", m2(removed), m2(built)),
    }
}

/// What the plan does: its actions in year order with floor area, cost, saving and proceeds, then
/// the renewals leveling moved.
fn actions(s: &mut String, o: &Outcome, l: &Ledger, lang: Lang) {
    let w = words(lang);
    let file_actions: Vec<_> = l.lines.iter().filter(|a| !a.leveling).collect();
    let _ = writeln!(s, "<h3>{}</h3>", w.actions);
    if file_actions.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", w.no_actions);
    } else {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", w.actions_note);
        let _ = writeln!(
            s,
            "<table class=\"actions\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{} ({})</th>\
             <th>{} ({})</th><th>{} ({})</th><th>{} ({})</th><th>{} ({})</th><th>{}</th></tr></thead><tbody>",
            w.year,
            w.action,
            w.facility,
            w.area,
            w.m2,
            w.cost,
            w.sen,
            w.saving,
            w.sen,
            w.net,
            w.sen,
            w.proceeds,
            w.sen,
            w.written
        );
        for a in file_actions {
            let action = &o.scenario.actions()[a.action];
            let year = a
                .year
                .and_then(FiscalYear::new)
                .map_or(w.throughout.to_string(), |fy| fy_label(fy, lang));
            let source = origin_text(&o.scenario, a.action);
            let _ = writeln!(
                s,
                "<tr data-action=\"{}\" data-type=\"{}\" data-year=\"{}\"><td class=\"nowrap\">{year}</td><td class=\"nowrap\">{}</td><td>{}</td><td class=\"num\">{}</td>{}{}{}{}<td><code>{}</code></td></tr>",
                a.action,
                action.type_name(),
                a.year.map(|y| y.to_string()).unwrap_or_default(),
                type_label(action, lang),
                esc(&action_target(o, action, lang)),
                area_text(a.area_removed_m2, a.area_built_m2),
                sen_cell(a.cost),
                sen_cell(a.saving),
                sen_cell(a.net()),
                sen_cell(a.proceeds),
                esc(&source)
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    if !o.leveled.is_empty() {
        let _ = writeln!(
            s,
            "<h3>{}</h3><p class=\"note\">{}</p><table class=\"leveling\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{} ({})</th></tr></thead><tbody>",
            w.leveling, w.leveling_note, w.building, w.kind, w.moved_from, w.year, w.total, w.sen
        );
        let sc = &o.scenario;
        for sh in &o.leveled {
            let b = &sc.inventory().buildings[sh.building];
            let _ = writeln!(
                s,
                "<tr><td>{} · {}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}</tr>",
                esc(sc.facility(b.facility).name()),
                esc(&b.name),
                event_label(sh.event, lang),
                sh.from,
                sh.to,
                sen_cell(Yen::new(sh.amount))
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
}

fn km_text(k: Option<Decimal>, w: &Words) -> String {
    k.map_or(w.none_reachable.to_string(), |k| {
        k.round_dp(1).normalize().to_string()
    })
}

/// What the plan does to service: users moved (and where), users who lose a service, receivers
/// over capacity, districts beyond the access standard.
fn service(s: &mut String, o: &Outcome, lang: Lang) {
    let w = words(lang);
    let a = &o.access;
    let sc = &o.scenario;
    let moved: u64 = a
        .moves
        .iter()
        .filter(|m| m.to.is_some())
        .map(|m| m.users)
        .sum();
    let lost: u64 = a
        .moves
        .iter()
        .filter(|m| m.to.is_none())
        .map(|m| m.users)
        .sum();
    let mut receivers: Vec<FacilityIdx> = a.over_capacity.iter().map(|c| c.facility).collect();
    receivers.sort_unstable();
    receivers.dedup();
    let _ = writeln!(s, "<h3>{}</h3>", w.service);
    if a.moves.is_empty() && a.left_without.is_empty() && a.over_capacity.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", w.no_effects);
        return;
    }
    let line = w
        .summary_line
        .replace("{moved}", &group_thousands(&moved.to_string()))
        .replace("{lost}", &group_thousands(&lost.to_string()))
        .replace("{over}", &receivers.len().to_string())
        .replace("{beyond}", &a.left_without.len().to_string());
    let _ = writeln!(
        s,
        "<p class=\"service-summary\" data-moved=\"{moved}\" data-lost=\"{lost}\" data-over-capacity=\"{}\" data-beyond=\"{}\">{line}</p>",
        receivers.len(),
        a.left_without.len()
    );
    if !a.has_network {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", w.no_network);
    }
    let moves: Vec<_> = a.moves.iter().filter(|m| m.to.is_some()).collect();
    if !moves.is_empty() {
        let _ = writeln!(
            s,
            "<h4>{}</h4><table class=\"moves\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.moves, w.year, w.facility, w.function, w.users, w.moved_to, w.km
        );
        for m in moves {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                m.year,
                esc(sc.facility(m.from).name()),
                esc(&m.function),
                group_thousands(&m.users.to_string()),
                esc(m.to.map_or("", |t| sc.facility(t).name())),
                m.km.map_or("-".to_string(), |k| k.round_dp(1).normalize().to_string())
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    let lost_moves: Vec<_> = a.moves.iter().filter(|m| m.to.is_none()).collect();
    if !lost_moves.is_empty() {
        let _ = writeln!(
            s,
            "<h4>{}</h4><p class=\"note\">{}</p><table class=\"lost\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.lost, w.lost_note, w.year, w.facility, w.function, w.users
        );
        for m in lost_moves {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                m.year,
                esc(sc.facility(m.from).name()),
                esc(&m.function),
                group_thousands(&m.users.to_string())
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    if !a.over_capacity.is_empty() {
        let _ = writeln!(
            s,
            "<h4>{}</h4><table class=\"over-capacity\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.over_capacity, w.year, w.facility, w.function, w.users, w.capacity
        );
        for c in &a.over_capacity {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                c.year,
                esc(sc.facility(c.facility).name()),
                esc(&c.function),
                group_thousands(&c.users.to_string()),
                group_thousands(&c.capacity.to_string())
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    if !a.left_without.is_empty() {
        let _ = writeln!(
            s,
            "<h4>{}</h4><table class=\"beyond\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.beyond, w.year, w.district, w.function, w.standard, w.before, w.after
        );
        for d in &a.left_without {
            let district = sc
                .inventory()
                .districts
                .iter()
                .find(|x| x.id == d.district)
                .map_or(d.district.clone(), |x| x.name.clone());
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                d.year,
                esc(&district),
                esc(&d.function),
                d.standard_km.normalize(),
                km_text(d.km_before, w),
                km_text(d.km_after, w)
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
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

/// The Japanese font stack: 游ゴシック (Windows 10+, macOS), メイリオ (older Windows), ヒラギノ
/// (macOS), Noto Sans CJK JP (Linux, Android); named in Japanese and in English, as each system
/// knows them. No font is embedded or fetched.
macro_rules! fonts {
    () => {
        "'游ゴシック','Yu Gothic','YuGothic','メイリオ','Meiryo','ヒラギノ角ゴ ProN','Hiragino Kaku Gothic ProN','Hiragino Sans','Noto Sans CJK JP','Noto Sans JP',sans-serif"
    };
}

/// Print rules shared by the report and 施設カルテ: headings kept with what follows them; figures,
/// table rows, charts and paragraphs never split across pages; table headers repeated on each page.
macro_rules! print_rules {
    () => {
        "h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}\
figure{break-inside:avoid;page-break-inside:avoid}\
tr,svg.chart,p{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
    };
}

/// The font stack (see `fonts!`).
pub(super) const FONTS: &str = fonts!();

/// The print rules (see `print_rules!`).
pub(super) const PRINT_CSS: &str = print_rules!();

const CSS: &str = concat!(
    "body{font-family:",
    fonts!(),
    ";margin:24px;color:#222;max-width:1100px}",
    "h1{font-size:22px}h1 small{font-weight:normal;color:#555;margin-left:.5em}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}",
    "h3{font-size:15px;margin-top:20px}h4{font-size:13px;margin:14px 0 4px}.plan{font-size:14px}.note{font-size:12px;color:#555}",
    "figure{margin:0}",
    "table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px}th{background:#f3f3f3}",
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.nowrap{white-space:nowrap}.yen{color:#666;font-size:11px}",
    "td.bad{color:#b00;font-weight:bold}td.good{color:#060}tr.over td{background:#fff0f0}",
    "svg.chart{display:block;margin:8px 0;max-width:100%;height:auto;font-family:inherit}",
    "@media print{body{margin:0;max-width:none}section.scenario{break-before:page;page-break-before:always}",
    print_rules!(),
    "tr.over td{background:none;font-weight:bold}@page{size:A4 landscape;margin:10mm}}"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_languages_have_every_label() {
        for w in [&JA, &EN] {
            assert!(!w.title.is_empty() && !w.note.is_empty() && !w.errors.is_empty());
            assert!(w.types.iter().all(|t| !t.is_empty()));
            assert!(w.summary_line.contains("{moved}") && w.summary_line.contains("{lost}"));
        }
    }

    #[test]
    fn the_cap_is_distinct_from_every_series() {
        let series = KIND_COLORS
            .iter()
            .chain(&SCENARIO_COLORS)
            .chain(&GRADE_COLORS);
        for c in series {
            assert_ne!(c.to_ascii_lowercase(), palette::CAP.to_ascii_lowercase());
            assert_ne!(
                c.to_ascii_lowercase(),
                palette::AVERAGE.to_ascii_lowercase()
            );
        }
        // The kinds are told apart from one another too.
        let mut kinds = KIND_COLORS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), KIND_COLORS.len());
    }

    #[test]
    fn the_css_names_every_japanese_font() {
        for font in ["游ゴシック", "メイリオ", "ヒラギノ", "Noto Sans CJK JP"] {
            assert!(CSS.contains(font) && FONTS.contains(font), "{font}");
        }
        assert!(CSS.contains(PRINT_CSS));
    }
}
