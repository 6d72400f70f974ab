//! 施設カルテ printed: one HTML file (a table of contents, then one A4 page per facility; no
//! script, no font, no request beyond the file) or one workbook (a 目次 sheet, then a sheet per
//! facility, each printing on one A4 page).
//!
//! A facility's page: who runs it and with what (category, district, functions, users, capacity,
//! where its data comes from), its buildings (floor area, year built, age, structure, condition),
//! what it costs (the first year's running cost, the plan's total and yearly average, each per
//! user and per m²), its yearly cost by kind over the plan as a small chart, its renewal events,
//! and for a scenario what the plan does to it. Amounts are the printed amounts of
//! `--format csv-facilities` ([`super::csv`]), so a karte agrees with the CSV to the yen.

use std::fmt::Write;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Format, Url, Worksheet,
};

use super::report::{
    FONTS, KIND_COLORS, Lang, PRINT_CSS, action_target, fy_label, kind_label, kind_words,
    type_label,
};
use super::svg::{Chart as SvgChart, Series, esc, stacked_bars};
use super::xlsx::{cell_number, cell_yen, new_workbook, print_setup, sheet_name, xlsx_error};
use super::yen_string;
use crate::category::{ALL_KINDS, Kind, N_KINDS, Structure};
use crate::cost::EventKind;
use crate::error::Result;
use crate::inventory::DataSource;
use crate::karte::{Karte, KarteBook};
use crate::ledger::Ledger;
use crate::messages::Id;
use crate::money::{Yen, group_thousands};
use crate::run::Outcome;
use crate::scenario::{FacilityIdx, FacilityRef};
use crate::units::FiscalYear;

/// The words of 施設カルテ, in the report's scheme ([`super::report::words`]).
struct Words {
    title: &'static str,
    contents: &'static str,
    no: &'static str,
    id: &'static str,
    name: &'static str,
    category: &'static str,
    district: &'static str,
    functions: &'static str,
    users: &'static str,
    capacity: &'static str,
    floor_area: &'static str,
    buildings: &'static str,
    n_buildings: &'static str,
    source: &'static str,
    published: &'static str,
    estimated: &'static str,
    running: &'static str,
    running_actual: &'static str,
    running_model: &'static str,
    plan_total: &'static str,
    plan_average: &'static str,
    per_user: &'static str,
    per_m2: &'static str,
    yen: &'static str,
    sen: &'static str,
    m2: &'static str,
    building: &'static str,
    built: &'static str,
    age: &'static str,
    structure: &'static str,
    condition: &'static str,
    renovated: &'static str,
    yearly: &'static str,
    events: &'static str,
    no_events: &'static str,
    event: &'static str,
    years: &'static str,
    amount: &'static str,
    renovation: &'static str,
    rebuild: &'static str,
    plan: &'static str,
    closes: &'static str,
    action: &'static str,
    cost: &'static str,
    saving: &'static str,
    moved_out: &'static str,
    moved_in: &'static str,
    nowhere: &'static str,
    over_capacity: &'static str,
    nothing: &'static str,
    new_facility: &'static str,
    year: &'static str,
    total: &'static str,
    structures: [&'static str; 6],
    note: &'static str,
    as_is: &'static str,
    count: &'static str,
}

/// The words in `lang`, from the catalogue (`crate::messages`).
const fn words_in(lang: Lang) -> Words {
    Words {
        title: Id::KarteTitle.template(lang),
        contents: Id::KarteContents.template(lang),
        no: "No.",
        id: Id::KarteId.template(lang),
        name: Id::KarteName.template(lang),
        category: Id::KarteCategory.template(lang),
        district: Id::KarteDistrict.template(lang),
        functions: Id::KarteFunctions.template(lang),
        users: Id::KarteUsers.template(lang),
        capacity: Id::KarteCapacity.template(lang),
        floor_area: Id::KarteFloorArea.template(lang),
        buildings: Id::KarteBuildings.template(lang),
        n_buildings: Id::KarteNBuildings.template(lang),
        source: Id::KarteSource.template(lang),
        published: Id::KartePublished.template(lang),
        estimated: Id::KarteEstimated.template(lang),
        running: Id::KarteRunning.template(lang),
        running_actual: Id::KarteRunningActual.template(lang),
        running_model: Id::KarteRunningModel.template(lang),
        plan_total: Id::KartePlanTotal.template(lang),
        plan_average: Id::KartePlanAverage.template(lang),
        per_user: Id::KartePerUser.template(lang),
        per_m2: Id::KartePerM2.template(lang),
        yen: Id::KarteYen.template(lang),
        sen: Id::KarteSen.template(lang),
        m2: Id::KarteM2.template(lang),
        building: Id::KarteBuilding.template(lang),
        built: Id::KarteBuilt.template(lang),
        age: Id::KarteAge.template(lang),
        structure: Id::KarteStructure.template(lang),
        condition: Id::KarteCondition.template(lang),
        renovated: Id::KarteRenovated.template(lang),
        yearly: Id::KarteYearly.template(lang),
        events: Id::KarteEvents.template(lang),
        no_events: Id::KarteNoEvents.template(lang),
        event: Id::KarteEvent.template(lang),
        years: Id::KarteYears.template(lang),
        amount: Id::KarteAmount.template(lang),
        renovation: Id::KarteRenovation.template(lang),
        rebuild: Id::KarteRebuild.template(lang),
        plan: Id::KartePlan.template(lang),
        closes: Id::KarteCloses.template(lang),
        action: Id::KarteAction.template(lang),
        cost: Id::KarteCost.template(lang),
        saving: Id::KarteSaving.template(lang),
        moved_out: Id::KarteMovedOut.template(lang),
        moved_in: Id::KarteMovedIn.template(lang),
        nowhere: Id::KarteNowhere.template(lang),
        over_capacity: Id::KarteOverCapacity.template(lang),
        nothing: Id::KarteNothing.template(lang),
        new_facility: Id::KarteNewFacility.template(lang),
        year: Id::KarteYear.template(lang),
        total: Id::KarteTotal.template(lang),
        structures: [
            Id::KarteStructures0.template(lang),
            Id::KarteStructures1.template(lang),
            Id::KarteStructures2.template(lang),
            Id::KarteStructures3.template(lang),
            Id::KarteStructures4.template(lang),
            Id::KarteStructures5.template(lang),
        ],
        note: Id::KarteNote.template(lang),
        as_is: Id::KarteAsIs.template(lang),
        count: Id::KarteCount.template(lang),
    }
}

const JA: Words = words_in(Lang::Ja);

const EN: Words = words_in(Lang::En);

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

fn structure_label(s: Structure, lang: Lang) -> &'static str {
    words(lang).structures[s.index()]
}

fn event_label(e: EventKind, lang: Lang) -> &'static str {
    let w = words(lang);
    match e {
        EventKind::Renovation => w.renovation,
        EventKind::Rebuild => w.rebuild,
    }
}

/// What is known of a facility, whether from the inventory or built by the scenario.
struct Info<'a> {
    id: &'a str,
    name: &'a str,
    category: &'static str,
    district: Option<String>,
    functions: Vec<String>,
    users: Option<u64>,
    capacity: Option<u64>,
    actual_operating: bool,
    source: Option<(DataSource, Option<&'a str>)>,
    opens: Option<i32>,
}

fn info<'a>(o: &'a Outcome, f: FacilityIdx, lang: Lang) -> Info<'a> {
    let s = &o.scenario;
    let facility = s.facility(f);
    let category = match lang {
        Lang::Ja => facility.category().name_ja(),
        Lang::En => facility.category().name_en(),
    };
    let district = facility.district().map(|id| {
        s.inventory()
            .districts
            .iter()
            .find(|d| d.id == id)
            .map_or(id.to_string(), |d| d.name.clone())
    });
    let (users, source, opens) = match facility {
        FacilityRef::Inventory(fac) => (
            fac.annual_users,
            Some((fac.data_source, fac.source_url.as_deref())),
            None,
        ),
        FacilityRef::New(nf) => (None, None, Some(nf.opens)),
    };
    let capacities = facility.capacities();
    Info {
        id: facility.id(),
        name: facility.name(),
        category,
        district,
        functions: facility.functions().to_vec(),
        users,
        capacity: (!capacities.is_empty()).then(|| capacities.values().sum()),
        actual_operating: facility.operating_yen().is_some(),
        source,
        opens,
    }
}

/// A facility's printed amounts: by year and kind, as `--format csv-facilities` prints them.
struct Amounts {
    years: Vec<[Decimal; N_KINDS]>,
}

impl Amounts {
    fn year(&self, i: usize) -> Yen {
        Yen::new(self.years.get(i).map_or(Decimal::ZERO, |k| k.iter().sum()))
    }
    fn kind(&self, i: usize, k: Kind) -> Yen {
        Yen::new(self.years.get(i).map_or(Decimal::ZERO, |y| y[k.index()]))
    }
    fn total(&self) -> Yen {
        Yen::new(self.years.iter().flatten().sum())
    }
    /// The first year's running cost: operating and repair.
    fn running(&self) -> Yen {
        Yen::new(self.kind(0, Kind::Operating).get() + self.kind(0, Kind::Repair).get())
    }
}

/// Per user and per m² of an amount: exact quotients, rounded to whole yen as printed.
fn per(amount: Yen, by: Option<Decimal>) -> Option<Yen> {
    let by = by.filter(|d| !d.is_zero())?;
    Some(Yen::new(amount.get().checked_div(by)?))
}

fn yen_text(y: Yen) -> String {
    group_thousands(&yen_string(y))
}

/// The figures of one karte, worked out once for both outputs.
struct Figures {
    running: Yen,
    total: Yen,
    average: Yen,
    running_per_user: Option<Yen>,
    running_per_m2: Option<Yen>,
    average_per_user: Option<Yen>,
    average_per_m2: Option<Yen>,
}

fn figures(k: &Karte, a: &Amounts, users: Option<u64>, years: usize) -> Figures {
    let running = a.running();
    let total = a.total();
    let average = Yen::new(total.get() / Decimal::from(years.max(1) as u64));
    let users = users.map(Decimal::from);
    let area = Some(k.floor_area_m2);
    Figures {
        running,
        total,
        average,
        running_per_user: per(running, users),
        running_per_m2: per(running, area),
        average_per_user: per(average, users),
        average_per_m2: per(average, area),
    }
}

fn amounts_of(book: &KarteBook, printed: &[Vec<[Decimal; N_KINDS]>], k: &Karte) -> Amounts {
    Amounts {
        years: k.costs_row.map_or_else(
            || vec![[Decimal::ZERO; N_KINDS]; book.costs.years],
            |r| printed[r].clone(),
        ),
    }
}

const CSS: &str = "body{margin:0 auto;max-width:190mm;color:#222;font-size:11px}\
h1{font-size:20px}h2{font-size:16px;margin:2px 0 4px}h3{font-size:12px;margin:8px 0 3px;border-bottom:1px solid #ccc}\
.no{float:right;color:#555;font-size:11px}.meta{margin:2px 0;color:#333}.note{font-size:9px;color:#555}\
table{border-collapse:collapse;margin:2px 0;font-size:10px}th,td{border:1px solid #ccc;padding:1px 4px}th{background:#f3f3f3;text-align:left}\
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
.cols{display:flex;gap:8px}.cols>table{flex:1}\
table.toc{width:100%}table.toc td,table.toc th{font-size:9px}\
svg.chart{display:block;width:72%;height:auto;margin:2px 0;font-family:inherit}\
a{color:inherit;text-decoration:none}\
@media print{section.karte{break-before:page;page-break-before:always}@page{size:A4 portrait;margin:10mm}}";

/// 施設カルテ as one HTML file: a table of contents, then a page per facility.
pub fn html(o: &Outcome, book: &KarteBook, ledger: Option<&Ledger>, lang: Lang) -> String {
    let w = words(lang);
    let s = &o.scenario;
    let printed =
        super::csv::facility_amounts(&book.costs, &super::printed::Printed::of(&o.projection));
    let html_lang = if lang == Lang::Ja { "ja" } else { "en" };
    let subject = if s.actions().is_empty() {
        w.as_is.to_string()
    } else {
        s.display_name().to_string()
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — {}</title><style>body{{font-family:{FONTS}}}{CSS}@media print{{{PRINT_CSS}}}</style></head><body>\n",
        esc(&s.inventory().name),
        w.title
    );
    let h = s.plan().horizon;
    let _ = writeln!(
        out,
        "<section class=\"toc\"><h1>{} {}</h1><p class=\"meta\">{} · {} {}–{} · {}</p>\
         <h2>{}</h2><table class=\"toc\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{} ({})</th></tr></thead><tbody>",
        esc(&s.inventory().name),
        w.title,
        esc(&subject),
        w.year,
        fy_label(h.first(), lang),
        fy_label(h.last(), lang),
        w.count.replace("{n}", &book.kartes.len().to_string()),
        w.contents,
        w.no,
        w.id,
        w.name,
        w.category,
        w.district,
        w.floor_area,
        w.m2
    );
    for (n, k) in book.kartes.iter().enumerate() {
        let i = info(o, k.facility, lang);
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td><a href=\"#k-{}\">{}</a></td><td><a href=\"#k-{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            n + 1,
            esc(i.id),
            esc(i.id),
            esc(i.id),
            esc(i.name),
            i.category,
            esc(i.district.as_deref().unwrap_or("-")),
            m2_text(k.floor_area_m2)
        );
    }
    let _ = writeln!(out, "</tbody></table></section>");
    let total = book.kartes.len();
    for (n, k) in book.kartes.iter().enumerate() {
        let a = amounts_of(book, &printed, k);
        page(&mut out, o, book, k, &a, ledger, (n + 1, total), lang);
    }
    out.push_str("</body></html>\n");
    out
}

fn m2_text(d: Decimal) -> String {
    group_thousands(&d.round_dp(1).normalize().to_string())
}

fn money(y: Option<Yen>, w: &Words, field: &str) -> String {
    match y {
        Some(y) => format!(
            "<td class=\"num\" data-{field}-yen=\"{}\">{} {}</td>",
            yen_string(y),
            yen_text(y),
            w.yen
        ),
        None => "<td class=\"num\">-</td>".into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn page(
    out: &mut String,
    o: &Outcome,
    book: &KarteBook,
    k: &Karte,
    a: &Amounts,
    ledger: Option<&Ledger>,
    (n, total): (usize, usize),
    lang: Lang,
) {
    let w = words(lang);
    let s = &o.scenario;
    let i = info(o, k.facility, lang);
    let years = book.costs.years;
    let fig = figures(k, a, i.users, years);
    let first = s.plan().horizon.first();
    let _ = writeln!(
        out,
        "<section class=\"karte\" id=\"k-{}\" data-facility=\"{}\"><span class=\"no\">{} {n} / {total}</span><h2>{} {}</h2>",
        esc(i.id),
        esc(i.id),
        w.no,
        esc(i.id),
        esc(i.name)
    );
    let mut meta = vec![i.category.to_string()];
    if let Some(d) = &i.district {
        meta.push(format!("{} {}", w.district, esc(d)));
    }
    if !i.functions.is_empty() {
        meta.push(format!("{} {}", w.functions, esc(&i.functions.join(", "))));
    }
    if let Some(y) = i.opens {
        meta.push(format!("{} {y}", w.new_facility));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    if let Some((src, url)) = i.source {
        let text = match src {
            DataSource::Published => format!(
                "{} {}{}",
                w.source,
                w.published,
                url.map(|u| format!(": {}", esc(u))).unwrap_or_default()
            ),
            DataSource::Estimated => format!("{} {}", w.source, w.estimated),
        };
        let _ = writeln!(out, "<p class=\"note\">{text}</p>");
    }
    // Key figures.
    let count = |x: Option<u64>| x.map_or("-".to_string(), |v| group_thousands(&v.to_string()));
    let _ = writeln!(
        out,
        "<div class=\"cols\"><table class=\"figures\"><tbody>\
         <tr><th>{}</th><td class=\"num\">{} {}</td></tr>\
         <tr><th>{}</th><td class=\"num\">{}</td></tr>\
         <tr><th>{}</th><td class=\"num\" data-users=\"{}\">{}</td></tr>\
         <tr><th>{}</th><td class=\"num\">{}</td></tr></tbody></table>",
        w.floor_area,
        m2_text(k.floor_area_m2),
        w.m2,
        w.n_buildings,
        k.buildings.len(),
        w.users,
        i.users.map(|u| u.to_string()).unwrap_or_default(),
        count(i.users),
        w.capacity,
        count(i.capacity)
    );
    let running_label = format!(
        "{} ({})",
        w.running,
        if i.actual_operating {
            w.running_actual
        } else {
            w.running_model
        }
    );
    let _ = writeln!(
        out,
        "<table class=\"costs\"><thead><tr><th></th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\
         <tr><th>{running_label}</th>{}{}{}</tr>\
         <tr><th>{}</th>{}{}{}</tr>\
         <tr><th>{} ({}–{})</th>{}<td></td><td></td></tr></tbody></table></div>",
        w.amount,
        w.per_user,
        w.per_m2,
        money(Some(fig.running), w, "running"),
        money(fig.running_per_user, w, "running-per-user"),
        money(fig.running_per_m2, w, "running-per-m2"),
        w.plan_average,
        money(Some(fig.average), w, "average"),
        money(fig.average_per_user, w, "average-per-user"),
        money(fig.average_per_m2, w, "average-per-m2"),
        w.plan_total,
        first.get(),
        s.plan().horizon.last().get(),
        money(Some(fig.total), w, "total"),
    );
    // Buildings.
    if !k.buildings.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3><table class=\"buildings\"><thead><tr><th>{}</th><th>{} ({})</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w.buildings,
            w.building,
            w.floor_area,
            w.m2,
            w.built,
            w.age,
            w.structure,
            w.condition,
            w.renovated
        );
        for &b in &k.buildings {
            let bl = &s.inventory().buildings[b];
            let condition = bl
                .condition
                .map_or("-".to_string(), |c| match bl.survey_year {
                    Some(y) => format!("{c} ({y})"),
                    None => c.to_string(),
                });
            let _ = writeln!(
                out,
                "<tr><td>{} {}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&bl.id),
                esc(&bl.name),
                m2_text(bl.floor_area.to_decimal()),
                fy_label(bl.built, lang),
                (first.get() - bl.built.get()).max(0),
                structure_label(bl.structure, lang),
                condition,
                bl.renovated
                    .map_or("-".to_string(), |r| r.get().to_string())
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    // Yearly cost, a small chart.
    let x_labels: Vec<String> = (0..years)
        .map(|y| super::report::short_year(&o.projection, y, lang))
        .collect();
    let series: Vec<Series<'_>> = ALL_KINDS
        .iter()
        .map(|&kind| Series {
            label: kind_label(kind, lang),
            color: KIND_COLORS[kind.index()],
            values: (0..years)
                .map(|y| a.kind(y, kind).get() / Decimal::from(1000))
                .collect(),
            dashed: false,
        })
        .filter(|se| se.values.iter().any(|v| !v.is_zero()))
        .collect();
    let id = format!("karte-{}", i.id);
    let chart = SvgChart {
        id: &id,
        title: w.yearly,
        unit: w.sen,
        x_labels,
        label_every: 5,
    };
    let _ = writeln!(
        out,
        "<figure><h3>{} ({})</h3>{}</figure>",
        w.yearly,
        w.sen,
        stacked_bars(&chart, &series, &[])
    );
    // Renewal events.
    let _ = writeln!(out, "<h3>{}</h3>", w.events);
    if k.events.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", w.no_events);
    } else {
        // A long list goes in two tables side by side, so the page still holds it.
        let half = if k.events.len() > 10 {
            k.events.len().div_ceil(2)
        } else {
            k.events.len()
        };
        let _ = writeln!(out, "<div class=\"cols\">");
        for part in k.events.chunks(half) {
            let _ = writeln!(
                out,
                "<table class=\"events\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{} ({})</th></tr></thead><tbody>",
                w.building, w.event, w.years, w.amount, w.sen
            );
            for e in part {
                let bl = &s.inventory().buildings[e.building];
                let span = if e.first_year == e.last_year {
                    e.first_year.to_string()
                } else {
                    format!("{}–{}", e.first_year, e.last_year)
                };
                let _ = writeln!(
                    out,
                    "<tr><td>{} {}</td><td>{}</td><td>{span}</td><td class=\"num\" data-amount-yen=\"{}\">{}</td></tr>",
                    esc(&bl.id),
                    esc(&bl.name),
                    event_label(e.event, lang),
                    yen_string(e.amount),
                    group_thousands(&e.amount.sen().to_string())
                );
            }
            let _ = writeln!(out, "</tbody></table>");
        }
        let _ = writeln!(out, "</div>");
    }
    // What the plan does to it.
    if !s.actions().is_empty() {
        plan_part(out, o, k, ledger, lang);
    }
    let _ = writeln!(out, "<p class=\"note\">{}</p></section>", w.note);
}

fn plan_part(out: &mut String, o: &Outcome, k: &Karte, ledger: Option<&Ledger>, lang: Lang) {
    let w = words(lang);
    let s = &o.scenario;
    let _ = writeln!(out, "<h3>{}</h3>", w.plan);
    if k.actions.is_empty() && k.moves_in.is_empty() && k.over_capacity.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", w.nothing);
        return;
    }
    let mut lines = Vec::new();
    if let Some((year, how)) = k.closes {
        lines.push(format!("{} {year}: {}", w.closes, kind_words(how, lang)));
    }
    for &m in &k.moves_out {
        let mv = &o.access.moves[m];
        lines.push(format!(
            "{} ({}, {}): {} {}",
            w.moved_out,
            mv.year,
            esc(&mv.function),
            mv.to
                .map_or(w.nowhere.to_string(), |t| esc(s.facility(t).name())),
            group_thousands(&mv.users.to_string())
        ));
    }
    for &m in &k.moves_in {
        let mv = &o.access.moves[m];
        lines.push(format!(
            "{} ({}, {}): {} {}",
            w.moved_in,
            mv.year,
            esc(&mv.function),
            esc(s.facility(mv.from).name()),
            group_thousands(&mv.users.to_string())
        ));
    }
    for &c in &k.over_capacity {
        let oc = &o.access.over_capacity[c];
        lines.push(format!(
            "{} ({}, {}): {} / {}",
            w.over_capacity,
            oc.year,
            esc(&oc.function),
            group_thousands(&oc.users.to_string()),
            group_thousands(&oc.capacity.to_string())
        ));
    }
    if !lines.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", lines.join("<br>"));
    }
    if k.actions.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<table class=\"plan\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{} ({})</th><th>{} ({})</th></tr></thead><tbody>",
        w.year, w.action, w.name, w.cost, w.sen, w.saving, w.sen
    );
    for &a in &k.actions {
        let action = &s.actions()[a];
        let line = ledger.and_then(|l| l.lines.iter().find(|x| x.action == a));
        let year = line
            .and_then(|l| l.year)
            .and_then(FiscalYear::new)
            .map_or("-".to_string(), |fy| fy_label(fy, lang));
        let sen =
            |y: Option<Yen>| y.map_or("-".to_string(), |y| group_thousands(&y.sen().to_string()));
        let _ = writeln!(
            out,
            "<tr><td>{year}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            type_label(action, lang),
            esc(&action_target(o, action, lang)),
            sen(line.map(|l| l.cost)),
            sen(line.map(|l| l.saving))
        );
    }
    let _ = writeln!(out, "</tbody></table>");
}

/// 施設カルテ as a workbook: a 目次 sheet linking to a sheet per facility, each printing on one A4
/// page (portrait).
///
/// # Errors
///
/// [`crate::Error::Workbook`] when the workbook cannot hold the data.
pub fn workbook(
    o: &Outcome,
    book: &KarteBook,
    ledger: Option<&Ledger>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let w = words(lang);
    let s = &o.scenario;
    let printed =
        super::csv::facility_amounts(&book.costs, &super::printed::Printed::of(&o.projection));
    let mut wb = new_workbook(&format!("{} — {}", s.inventory().name, w.title))?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color("#F3F3F3")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let yen = Format::new().set_num_format(super::xlsx::YEN);
    let sen = Format::new().set_num_format(super::xlsx::SEN);
    let area = Format::new().set_num_format("#,##0.0");
    let mut taken = vec![w.contents.to_string()];
    let names: Vec<String> = book
        .kartes
        .iter()
        .map(|k| sheet_name(s.facility(k.facility).id(), &mut taken))
        .collect();
    {
        let ws = wb.add_worksheet();
        ws.set_name(w.contents).map_err(xlsx_error)?;
        ws.write_string_with_format(0, 0, format!("{} {}", s.inventory().name, w.title), &title)
            .map_err(xlsx_error)?;
        for (c, h) in [w.no, w.id, w.name, w.category, w.district, w.floor_area]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(2, c as u16, *h, &header)
                .map_err(xlsx_error)?;
        }
        for (n, (k, sheet)) in book.kartes.iter().zip(&names).enumerate() {
            let r = 3 + n as u32;
            let i = info(o, k.facility, lang);
            ws.write_number(r, 0, (n + 1) as f64).map_err(xlsx_error)?;
            ws.write_url_with_text(r, 1, Url::new(format!("internal:'{sheet}'!A1")), i.id)
                .map_err(xlsx_error)?;
            ws.write_string(r, 2, i.name).map_err(xlsx_error)?;
            ws.write_string(r, 3, i.category).map_err(xlsx_error)?;
            ws.write_string(r, 4, i.district.as_deref().unwrap_or("-"))
                .map_err(xlsx_error)?;
            ws.write_number_with_format(r, 5, cell_number(k.floor_area_m2), &area)
                .map_err(xlsx_error)?;
        }
        for (c, width) in [6.0, 10.0, 36.0, 28.0, 14.0, 12.0].iter().enumerate() {
            ws.set_column_width(c as u16, *width).map_err(xlsx_error)?;
        }
        ws.set_freeze_panes(3, 0).map_err(xlsx_error)?;
        print_setup(ws);
        ws.set_portrait();
        ws.set_repeat_rows(2, 2).map_err(xlsx_error)?;
    }
    let fmt = SheetFormats {
        bold: &bold,
        title: &title,
        header: &header,
        yen: &yen,
        sen: &sen,
        area: &area,
    };
    for (k, sheet) in book.kartes.iter().zip(&names) {
        let a = amounts_of(book, &printed, k);
        karte_sheet(
            wb.add_worksheet(),
            sheet,
            o,
            book,
            k,
            &a,
            ledger,
            lang,
            &fmt,
        )?;
    }
    wb.save_to_buffer().map_err(xlsx_error)
}

struct SheetFormats<'a> {
    bold: &'a Format,
    title: &'a Format,
    header: &'a Format,
    yen: &'a Format,
    sen: &'a Format,
    area: &'a Format,
}

#[allow(clippy::too_many_arguments)]
fn karte_sheet(
    ws: &mut Worksheet,
    sheet: &str,
    o: &Outcome,
    book: &KarteBook,
    k: &Karte,
    a: &Amounts,
    ledger: Option<&Ledger>,
    lang: Lang,
    f: &SheetFormats<'_>,
) -> Result<()> {
    let w = words(lang);
    let s = &o.scenario;
    let i = info(o, k.facility, lang);
    let years = book.costs.years;
    let fig = figures(k, a, i.users, years);
    let e = xlsx_error;
    ws.set_name(sheet).map_err(e)?;
    ws.write_string_with_format(0, 0, format!("{} {}", i.id, i.name), f.title)
        .map_err(e)?;
    let mut meta = vec![i.category.to_string()];
    if let Some(d) = &i.district {
        meta.push(format!("{} {d}", w.district));
    }
    if !i.functions.is_empty() {
        meta.push(format!("{} {}", w.functions, i.functions.join(", ")));
    }
    ws.write_string(1, 0, meta.join(" · ")).map_err(e)?;
    if let Some((src, url)) = i.source {
        let text = match src {
            DataSource::Published => format!(
                "{} {}{}",
                w.source,
                w.published,
                url.map(|u| format!(": {u}")).unwrap_or_default()
            ),
            DataSource::Estimated => format!("{} {}", w.source, w.estimated),
        };
        ws.write_string(2, 0, text).map_err(e)?;
    }
    // Key figures: label, amount, per user, per m².
    let mut r = 4;
    for (label, value) in [
        (w.floor_area, Some(cell_number(k.floor_area_m2))),
        (w.n_buildings, Some(k.buildings.len() as f64)),
        (w.users, i.users.map(|u| u as f64)),
        (w.capacity, i.capacity.map(|c| c as f64)),
    ] {
        ws.write_string_with_format(r, 0, label, f.bold)
            .map_err(e)?;
        if let Some(v) = value {
            ws.write_number_with_format(r, 1, v, f.area).map_err(e)?;
        }
        r += 1;
    }
    r += 1;
    for (c, h) in ["", w.amount, w.per_user, w.per_m2].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, f.header)
            .map_err(e)?;
    }
    r += 1;
    let running_label = format!(
        "{} ({})",
        w.running,
        if i.actual_operating {
            w.running_actual
        } else {
            w.running_model
        }
    );
    let plan_label = format!(
        "{} ({}–{})",
        w.plan_total,
        s.plan().horizon.first().get(),
        s.plan().horizon.last().get()
    );
    for (label, values) in [
        (
            running_label.as_str(),
            [Some(fig.running), fig.running_per_user, fig.running_per_m2],
        ),
        (
            w.plan_average,
            [Some(fig.average), fig.average_per_user, fig.average_per_m2],
        ),
        (plan_label.as_str(), [Some(fig.total), None, None]),
    ] {
        ws.write_string(r, 0, label).map_err(e)?;
        for (c, v) in values.iter().enumerate() {
            if let Some(v) = v {
                ws.write_number_with_format(r, 1 + c as u16, cell_yen(*v)?, f.yen)
                    .map_err(e)?;
            }
        }
        r += 1;
    }
    // Buildings.
    r += 1;
    ws.write_string_with_format(r, 0, w.buildings, f.bold)
        .map_err(e)?;
    r += 1;
    for (c, h) in [
        w.building,
        w.floor_area,
        w.built,
        w.age,
        w.structure,
        w.condition,
        w.renovated,
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, f.header)
            .map_err(e)?;
    }
    r += 1;
    let first = s.plan().horizon.first().get();
    for &b in &k.buildings {
        let bl = &s.inventory().buildings[b];
        ws.write_string(r, 0, format!("{} {}", bl.id, bl.name))
            .map_err(e)?;
        ws.write_number_with_format(r, 1, cell_number(bl.floor_area.to_decimal()), f.area)
            .map_err(e)?;
        ws.write_number(r, 2, f64::from(bl.built.get()))
            .map_err(e)?;
        ws.write_number(r, 3, f64::from((first - bl.built.get()).max(0)))
            .map_err(e)?;
        ws.write_string(r, 4, structure_label(bl.structure, lang))
            .map_err(e)?;
        if let Some(c) = bl.condition {
            ws.write_string(r, 5, c.to_string()).map_err(e)?;
        }
        if let Some(y) = bl.renovated {
            ws.write_number(r, 6, f64::from(y.get())).map_err(e)?;
        }
        r += 1;
    }
    // Renewal events.
    r += 1;
    ws.write_string_with_format(r, 0, w.events, f.bold)
        .map_err(e)?;
    r += 1;
    if k.events.is_empty() {
        ws.write_string(r, 0, w.no_events).map_err(e)?;
        r += 1;
    } else {
        for (c, h) in [w.building, w.event, w.years, w.amount].iter().enumerate() {
            ws.write_string_with_format(r, c as u16, *h, f.header)
                .map_err(e)?;
        }
        r += 1;
        for ev in &k.events {
            let bl = &s.inventory().buildings[ev.building];
            ws.write_string(r, 0, format!("{} {}", bl.id, bl.name))
                .map_err(e)?;
            ws.write_string(r, 1, event_label(ev.event, lang))
                .map_err(e)?;
            let span = if ev.first_year == ev.last_year {
                ev.first_year.to_string()
            } else {
                format!("{}–{}", ev.first_year, ev.last_year)
            };
            ws.write_string(r, 2, span).map_err(e)?;
            ws.write_number_with_format(r, 3, cell_yen(ev.amount)?, f.sen)
                .map_err(e)?;
            r += 1;
        }
    }
    // What the plan does.
    if !s.actions().is_empty() {
        r += 1;
        ws.write_string_with_format(r, 0, w.plan, f.bold)
            .map_err(e)?;
        r += 1;
        if let Some((year, how)) = k.closes {
            ws.write_string(
                r,
                0,
                format!("{} {year}: {}", w.closes, kind_words(how, lang)),
            )
            .map_err(e)?;
            r += 1;
        }
        for &a_ in &k.actions {
            let action = &s.actions()[a_];
            let line = ledger.and_then(|l| l.lines.iter().find(|x| x.action == a_));
            if let Some(y) = line.and_then(|l| l.year) {
                ws.write_number(r, 0, f64::from(y)).map_err(e)?;
            }
            ws.write_string(r, 1, type_label(action, lang)).map_err(e)?;
            ws.write_string(r, 2, action_target(o, action, lang))
                .map_err(e)?;
            if let Some(l) = line {
                ws.write_number_with_format(r, 4, cell_yen(l.cost)?, f.sen)
                    .map_err(e)?;
                ws.write_number_with_format(r, 5, cell_yen(l.saving)?, f.sen)
                    .map_err(e)?;
            }
            r += 1;
        }
        if k.actions.is_empty() && k.closes.is_none() {
            ws.write_string(r, 0, w.nothing).map_err(e)?;
            r += 1;
        }
    }
    // The yearly table (years down, kinds across) beside a chart of it.
    r += 1;
    ws.write_string_with_format(r, 0, format!("{} ({})", w.yearly, w.sen), f.bold)
        .map_err(e)?;
    r += 1;
    let kinds: Vec<Kind> = ALL_KINDS
        .iter()
        .copied()
        .filter(|&kind| (0..years).any(|y| !a.kind(y, kind).is_zero()))
        .collect();
    ws.write_string_with_format(r, 0, w.year, f.header)
        .map_err(e)?;
    for (c, kind) in kinds.iter().enumerate() {
        ws.write_string_with_format(r, 1 + c as u16, kind_label(*kind, lang), f.header)
            .map_err(e)?;
    }
    let total_col = 1 + kinds.len() as u16;
    ws.write_string_with_format(r, total_col, w.total, f.header)
        .map_err(e)?;
    let head = r;
    for y in 0..years {
        r += 1;
        let fy = s.plan().horizon.first().offset(y as i32);
        ws.write_string(r, 0, fy_label(fy, lang)).map_err(e)?;
        for (c, kind) in kinds.iter().enumerate() {
            ws.write_number_with_format(r, 1 + c as u16, cell_yen(a.kind(y, *kind))?, f.sen)
                .map_err(e)?;
        }
        ws.write_number_with_format(r, total_col, cell_yen(a.year(y))?, f.sen)
            .map_err(e)?;
    }
    if !kinds.is_empty() {
        let mut chart = Chart::new(ChartType::ColumnStacked);
        for (c, kind) in kinds.iter().enumerate() {
            let col = 1 + c as u16;
            chart
                .add_series()
                .set_name((sheet, head, col))
                .set_categories((sheet, head + 1, 0, head + years as u32, 0))
                .set_values((sheet, head + 1, col, head + years as u32, col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(KIND_COLORS[kind.index()])),
                )
                .set_gap(40);
        }
        chart.title().set_name(w.yearly);
        chart.y_axis().set_num_format(super::xlsx::SEN);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(560).set_height(300);
        ws.insert_chart(head, total_col + 2, &chart).map_err(e)?;
    }
    ws.set_column_width(0, 30).map_err(e)?;
    for c in 1..=total_col {
        ws.set_column_width(c, 13).map_err(e)?;
    }
    print_setup(ws);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}
