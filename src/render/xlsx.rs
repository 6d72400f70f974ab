//! The Excel workbook for finance (`--format xlsx`, `report --output FILE.xlsx`), written with
//! `rust_xlsxwriter`:
//!
//! - **概要** (summary): one row per scenario: total, average, peak, its own cap, years over it,
//!   floor-area change, verdict;
//! - **one sheet per scenario**: the table printed plans show (kinds of cost and the total down,
//!   fiscal years across, labelled 年度 and 和暦, then the average, the cap and the margin), a
//!   native stacked-column chart of it with the cap and the average as lines, and its actions in
//!   year order (from [`crate::ledger`]);
//! - **区分別** (by category: scenario × category × kind down, years across) and **施設別** (by
//!   facility: scenario × facility × kind down, years across), as Excel tables for pivot tables
//!   and filters.
//!
//! Every amount is a number of whole yen, exactly as the other outputs print it
//! ([`super::printed`]), shown in 千円 or 億円 through number formats, never a rounded copy.
//! Spreadsheet numbers are binary floating point; a whole number of yen below 2⁵³ (9 × 10¹⁵ yen)
//! is one exactly, and a larger one is refused rather than rounded. The workbook is the same
//! bytes for the same inputs: its creation time is fixed, and the archive's dates are.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartSolidFill,
    ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, Table, TableColumn, TableStyle,
    Workbook, Worksheet, XlsxError,
};

use super::printed::Printed;
use super::report::{KIND_COLORS, Lang, action_target, palette, type_label, words};
use crate::category::{ALL_KINDS, Kind};
use crate::error::{Error, Result};
use crate::explain::FacilityCosts;
use crate::ledger::Ledger;
use crate::messages::Id;
use crate::money::Yen;
use crate::projection::Projection;
use crate::run::Outcome;
use crate::units::FiscalYear;

/// One plan of a workbook: a projection, and what is known of the scenario behind it.
pub struct Plan<'a> {
    /// Its yearly costs.
    pub projection: &'a Projection,
    /// The scenario run, when it is one (title, description, actions, floor area).
    pub outcome: Option<&'a Outcome>,
    /// What its actions do ([`crate::ledger::ledger`]).
    pub ledger: Option<&'a Ledger>,
    /// Its cost by facility ([`crate::explain::by_facility`]), for the 施設別 sheet.
    pub facilities: Option<&'a FacilityCosts>,
}

impl Plan<'_> {
    fn title(&self) -> &str {
        self.outcome
            .map_or(self.projection.name(), |o| o.scenario.display_name())
    }
}

/// The workbook's own words (the rest are the report's, [`super::report::words`]).
struct BookWords {
    summary_sheet: &'static str,
    category_sheet: &'static str,
    facility_sheet: &'static str,
    name: &'static str,
    peak_amount: &'static str,
    years: &'static str,
    unit_sen: &'static str,
    unit_oku: &'static str,
    wareki: &'static str,
    plan_total: &'static str,
    category: &'static str,
    category_key: &'static str,
    kind_key: &'static str,
    facility_id: &'static str,
    facility_name: &'static str,
    area_removed: &'static str,
    area_built: &'static str,
    no_actions: &'static str,
}

/// The words in `lang`, from the catalogue (`crate::messages`).
const fn bookwords_in(lang: Lang) -> BookWords {
    BookWords {
        summary_sheet: Id::BookSummarySheet.template(lang),
        category_sheet: Id::BookCategorySheet.template(lang),
        facility_sheet: Id::BookFacilitySheet.template(lang),
        name: Id::BookName.template(lang),
        peak_amount: Id::BookPeakAmount.template(lang),
        years: Id::BookYears.template(lang),
        unit_sen: Id::BookUnitSen.template(lang),
        unit_oku: Id::BookUnitOku.template(lang),
        wareki: "和暦",
        plan_total: Id::BookPlanTotal.template(lang),
        category: Id::BookCategory.template(lang),
        category_key: "category",
        kind_key: "kind",
        facility_id: Id::BookFacilityId.template(lang),
        facility_name: Id::BookFacilityName.template(lang),
        area_removed: Id::BookAreaRemoved.template(lang),
        area_built: Id::BookAreaBuilt.template(lang),
        no_actions: Id::BookNoActions.template(lang),
    }
}

const BOOK_JA: BookWords = bookwords_in(Lang::Ja);

const BOOK_EN: BookWords = bookwords_in(Lang::En);

fn book_words(lang: Lang) -> &'static BookWords {
    match lang {
        Lang::Ja => &BOOK_JA,
        Lang::En => &BOOK_EN,
    }
}

/// 千円: the cell holds yen; Excel's trailing comma divides by 1,000 for display.
pub(super) const SEN: &str = "#,##0,;[Red]-#,##0,";
/// 億円 with two decimals: the value divided by 10⁶ (two commas), its last two digits after a
/// literal point: 5,580,000,000 yen shows as 55.80. (10⁸ is no power of 1,000, so no scaling
/// comma gives 億 alone; a thousands separator would group the digits before the point is put
/// in, so there is none.)
pub(super) const OKU: &str = "0\".\"00,,;[Red]-0\".\"00,,";
/// Whole yen.
pub(super) const YEN: &str = "#,##0;[Red]-#,##0";

/// The largest whole number a spreadsheet cell holds exactly (2⁵³).
const EXACT_LIMIT: i64 = 1 << 53;

/// The number a cell holds for a whole-yen amount (rounded half to even first, as printed).
///
/// # Errors
///
/// [`Error::Workbook`] for an amount a spreadsheet cannot hold exactly.
pub(super) fn cell_yen(y: Yen) -> Result<f64> {
    let whole = y.round(super::ROUNDING);
    i64::try_from(whole)
        .ok()
        .filter(|v| v.abs() <= EXACT_LIMIT)
        // An integer below 2⁵³ converts to f64 exactly.
        .map(|v| v as f64)
        .ok_or_else(|| Error::Workbook(crate::msg!(CellTooLarge, whole)))
}

/// A decimal that is not money (floor area, a percentage) as a cell number.
pub(super) fn cell_number(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or_default()
}

pub(super) fn xlsx_error(e: XlsxError) -> Error {
    // Foreign: the workbook writer's description.
    Error::Workbook(crate::messages::Message::foreign(e.to_string()))
}

/// The most rows a sheet holds (Excel's limit, 2²⁰), header included.
const MAX_ROWS: usize = 1 << 20;

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the workbook
/// (Excel compares names ignoring case).
pub(super) fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "sheet".into()
    } else {
        clean.chars().take(31).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        let suffix = format!(" ({n})");
        let keep = 31 - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// A4 (paper size 9), landscape, one page wide, gridlines off for the printed tables.
pub(super) fn print_setup(ws: &mut Worksheet) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
}

/// A new workbook with its metadata fixed, so the same inputs give the same bytes.
pub(super) fn new_workbook(title: &str) -> Result<Workbook> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_error)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("shisetsu")
            .set_creation_datetime(&created),
    );
    Ok(book)
}

struct Formats {
    title: Format,
    bold: Format,
    note: Format,
    header: Format,
    sen: Format,
    sen_bold: Format,
    oku: Format,
    yen: Format,
    year: Format,
    percent: Format,
    area: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color("#F3F3F3")
            .set_border(rust_xlsxwriter::FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            note: Format::new().set_font_color("#555555").set_font_size(9),
            header,
            sen: Format::new().set_num_format(SEN),
            sen_bold: Format::new()
                .set_num_format(SEN)
                .set_bold()
                .set_border_top(rust_xlsxwriter::FormatBorder::Thin),
            oku: Format::new().set_num_format(OKU),
            yen: Format::new().set_num_format(YEN),
            year: Format::new().set_num_format("0"),
            percent: Format::new().set_num_format("+0.0%;-0.0%;0.0%"),
            area: Format::new().set_num_format("#,##0.0"),
        }
    }
}

/// The workbook of one or more plans.
///
/// # Errors
///
/// [`Error::Workbook`] when the workbook cannot hold the data (an amount beyond 2⁵³ yen, more rows
/// than a sheet takes).
pub fn workbook(plans: &[Plan<'_>], lang: Lang) -> Result<Vec<u8>> {
    let w = words(lang);
    let b = book_words(lang);
    let f = Formats::new();
    let title = plans.first().and_then(|p| p.outcome).map_or_else(
        || w.title.to_string(),
        |o| format!("{} — {}", o.scenario.inventory().name, w.title),
    );
    let mut book = new_workbook(&title)?;
    let mut taken = vec![
        b.summary_sheet.to_string(),
        b.category_sheet.to_string(),
        b.facility_sheet.to_string(),
    ];
    summary(book.add_worksheet(), plans, lang, &f, &title)?;
    for p in plans {
        let name = sheet_name(p.title(), &mut taken);
        scenario_sheet(book.add_worksheet(), &name, p, lang, &f)?;
    }
    by_category(book.add_worksheet(), plans, lang, &f)?;
    if plans.iter().any(|p| p.facilities.is_some()) {
        by_facility(book.add_worksheet(), plans, lang, &f)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

fn summary(
    ws: &mut Worksheet,
    plans: &[Plan<'_>],
    lang: Lang,
    f: &Formats,
    title: &str,
) -> Result<()> {
    let w = words(lang);
    let b = book_words(lang);
    ws.set_name(b.summary_sheet).map_err(xlsx_error)?;
    ws.write_string_with_format(0, 0, title, &f.title)
        .map_err(xlsx_error)?;
    ws.write_string_with_format(1, 0, b.unit_oku, &f.note)
        .map_err(xlsx_error)?;
    let headers = [
        w.scenario,
        b.name,
        w.total,
        w.average,
        w.peak,
        b.peak_amount,
        w.cap,
        w.over,
        b.years,
        w.floor,
        w.verdict,
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &f.header)
            .map_err(xlsx_error)?;
    }
    for (k, p) in plans.iter().enumerate() {
        let r = 4 + k as u32;
        let pr = p.projection;
        let printed = Printed::of(pr);
        let (peak_year, _) = pr.peak();
        let peak_i = (peak_year - pr.horizon().first().get()) as usize;
        ws.write_string(r, 0, p.title()).map_err(xlsx_error)?;
        ws.write_string(r, 1, pr.name()).map_err(xlsx_error)?;
        ws.write_number_with_format(r, 2, cell_yen(printed.total())?, &f.oku)
            .map_err(xlsx_error)?;
        ws.write_number_with_format(r, 3, cell_yen(pr.average())?, &f.oku)
            .map_err(xlsx_error)?;
        ws.write_number_with_format(r, 4, f64::from(peak_year), &f.year)
            .map_err(xlsx_error)?;
        ws.write_number_with_format(r, 5, cell_yen(printed.year_total(peak_i))?, &f.oku)
            .map_err(xlsx_error)?;
        if let Some(cap) = pr.plan().cap {
            ws.write_number_with_format(r, 6, cell_yen(cap)?, &f.oku)
                .map_err(xlsx_error)?;
            ws.write_number(r, 7, pr.years_over_cap().len() as f64)
                .map_err(xlsx_error)?;
        }
        ws.write_number(r, 8, pr.years() as f64)
            .map_err(xlsx_error)?;
        if let Some(pct) = p.outcome.and_then(|o| super::run::floor_area_change(o).2) {
            ws.write_number_with_format(r, 9, cell_number(pct / Decimal::from(100)), &f.percent)
                .map_err(xlsx_error)?;
        }
        let verdict = match pr.meets_cap() {
            Some(true) => w.meets,
            Some(false) => w.fails,
            None => w.no_cap,
        };
        ws.write_string(r, 10, verdict).map_err(xlsx_error)?;
    }
    let widths = [
        28.0, 24.0, 12.0, 12.0, 10.0, 14.0, 12.0, 12.0, 9.0, 14.0, 12.0,
    ];
    for (c, width) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *width).map_err(xlsx_error)?;
    }
    ws.set_freeze_panes(4, 1).map_err(xlsx_error)?;
    print_setup(ws);
    Ok(())
}

/// Where the yearly table of a scenario sheet starts: the row of 年度, then 和暦, then the kinds.
const TABLE_ROW: u32 = 5;

fn scenario_sheet(
    ws: &mut Worksheet,
    name: &str,
    p: &Plan<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let w = words(lang);
    let b = book_words(lang);
    let pr = p.projection;
    let n = pr.years();
    let printed = Printed::of(pr);
    let cap = pr.plan().cap;
    ws.set_name(name).map_err(xlsx_error)?;
    ws.write_string_with_format(0, 0, p.title(), &f.title)
        .map_err(xlsx_error)?;
    if let Some(o) = p.outcome
        && !o.scenario.description().is_empty()
    {
        ws.write_string(1, 0, o.scenario.description())
            .map_err(xlsx_error)?;
    }
    let verdict = match pr.meets_cap() {
        Some(true) => w.meets,
        Some(false) => w.fails,
        None => w.no_cap,
    };
    let line = match cap {
        Some(c) => format!(
            "{} {} {} · {} {} / {} · {verdict}",
            w.cap,
            super::table::oku(c),
            w.oku,
            w.over,
            pr.years_over_cap().len(),
            n
        ),
        None => verdict.to_string(),
    };
    ws.write_string_with_format(2, 0, &line, &f.bold)
        .map_err(xlsx_error)?;
    ws.write_string_with_format(3, 0, b.unit_sen, &f.note)
        .map_err(xlsx_error)?;

    // Headers: 年度 and 和暦 across, the plan's total last.
    let r0 = TABLE_ROW;
    ws.write_string_with_format(r0, 0, w.year, &f.header)
        .map_err(xlsx_error)?;
    ws.write_string_with_format(r0 + 1, 0, b.wareki, &f.header)
        .map_err(xlsx_error)?;
    let total_col = n as u16 + 1;
    for i in 0..n {
        let fy = pr.horizon().first().offset(i as i32);
        let c = i as u16 + 1;
        ws.write_number_with_format(r0, c, f64::from(fy.get()), &f.header)
            .map_err(xlsx_error)?;
        ws.write_string_with_format(r0 + 1, c, fy.wareki().to_string(), &f.header)
            .map_err(xlsx_error)?;
    }
    ws.write_string_with_format(r0, total_col, b.plan_total, &f.header)
        .map_err(xlsx_error)?;
    ws.write_string_with_format(r0 + 1, total_col, "", &f.header)
        .map_err(xlsx_error)?;

    let kinds: Vec<Kind> = ALL_KINDS
        .iter()
        .copied()
        .filter(|&k| (0..n).any(|i| !pr.kind_total(i, k).is_zero()))
        .collect();
    let mut r = r0 + 2;
    let mut kind_rows = Vec::new();
    for &k in &kinds {
        ws.write_string(r, 0, super::report::kind_label(k, lang))
            .map_err(xlsx_error)?;
        for i in 0..n {
            ws.write_number_with_format(r, i as u16 + 1, cell_yen(printed.kind(i, k))?, &f.sen)
                .map_err(xlsx_error)?;
        }
        ws.write_number_with_format(r, total_col, cell_yen(printed.kind_sum(k))?, &f.sen)
            .map_err(xlsx_error)?;
        kind_rows.push((k, r));
        r += 1;
    }
    ws.write_string_with_format(r, 0, w.total, &f.bold)
        .map_err(xlsx_error)?;
    for i in 0..n {
        ws.write_number_with_format(
            r,
            i as u16 + 1,
            cell_yen(printed.year_total(i))?,
            &f.sen_bold,
        )
        .map_err(xlsx_error)?;
    }
    ws.write_number_with_format(r, total_col, cell_yen(printed.total())?, &f.sen_bold)
        .map_err(xlsx_error)?;
    r += 1;
    let average_row = r;
    ws.write_string(r, 0, w.avg_line).map_err(xlsx_error)?;
    let average = cell_yen(pr.average())?;
    for i in 0..n {
        ws.write_number_with_format(r, i as u16 + 1, average, &f.sen)
            .map_err(xlsx_error)?;
    }
    r += 1;
    let cap_row = cap.map(|_| r);
    if let Some(c) = cap {
        ws.write_string(r, 0, w.cap).map_err(xlsx_error)?;
        let cap_cell = cell_yen(c)?;
        for i in 0..n {
            ws.write_number_with_format(r, i as u16 + 1, cap_cell, &f.sen)
                .map_err(xlsx_error)?;
        }
        r += 1;
        ws.write_string(r, 0, w.margin).map_err(xlsx_error)?;
        for i in 0..n {
            let margin = Yen::new(c.get() - printed.year_total(i).get());
            ws.write_number_with_format(r, i as u16 + 1, cell_yen(margin)?, &f.sen)
                .map_err(xlsx_error)?;
        }
        r += 1;
    }
    ws.set_column_width(0, 36).map_err(xlsx_error)?;
    for c in 1..=total_col {
        ws.set_column_width(c, 10).map_err(xlsx_error)?;
    }
    ws.set_column_width(total_col, 13).map_err(xlsx_error)?;
    ws.set_freeze_panes(r0 + 2, 1).map_err(xlsx_error)?;

    // The chart: kinds stacked, the cap and the average as lines, in 億円.
    let last = n as u16;
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for &(k, row) in &kind_rows {
        chart
            .add_series()
            .set_name((name, row, 0))
            .set_categories((name, r0 + 1, 1, r0 + 1, last))
            .set_values((name, row, 1, row, last))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(KIND_COLORS[k.index()])),
            )
            .set_gap(50);
    }
    let mut lines_chart = Chart::new(ChartType::Line);
    lines_chart
        .add_series()
        .set_name((name, average_row, 0))
        .set_categories((name, r0 + 1, 1, r0 + 1, last))
        .set_values((name, average_row, 1, average_row, last))
        .set_format(
            ChartFormat::new()
                .set_line(ChartLine::new().set_color(palette::AVERAGE).set_width(1.5)),
        );
    if let Some(row) = cap_row {
        lines_chart
            .add_series()
            .set_name((name, row, 0))
            .set_categories((name, r0 + 1, 1, r0 + 1, last))
            .set_values((name, row, 1, row, last))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(palette::CAP)
                        .set_width(2.25)
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            );
    }
    chart.combine(&lines_chart);
    chart
        .title()
        .set_name(&format!("{} — {}", p.title(), w.by_kind));
    chart.y_axis().set_name(w.oku).set_num_format(OKU);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    // As wide as the table above it: the first column (36 characters, about 257 px) and a year
    // column (10 characters, about 75 px) per year.
    chart.set_width(257 + 75 * n as u32).set_height(420);
    let chart_row = r + 1;
    ws.insert_chart(chart_row, 0, &chart).map_err(xlsx_error)?;
    // 420 px of chart is 21 rows of 20 px.
    let actions_row = chart_row + 23;
    if let (Some(o), Some(l)) = (p.outcome, p.ledger) {
        actions_table(ws, actions_row, o, l, lang, f)?;
    }
    print_setup(ws);
    ws.set_repeat_columns(0, 0).map_err(xlsx_error)?;
    Ok(())
}

/// A scenario's actions in year order, below its chart.
fn actions_table(
    ws: &mut Worksheet,
    row: u32,
    o: &Outcome,
    l: &Ledger,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let w = words(lang);
    let b = book_words(lang);
    ws.write_string_with_format(row, 0, w.actions, &f.title)
        .map_err(xlsx_error)?;
    let lines: Vec<_> = l.lines.iter().filter(|a| !a.leveling).collect();
    if lines.is_empty() {
        ws.write_string(row + 1, 0, b.no_actions)
            .map_err(xlsx_error)?;
        return Ok(());
    }
    ws.write_string_with_format(row + 1, 0, w.actions_note, &f.note)
        .map_err(xlsx_error)?;
    // The table sits under the yearly table, whose first column is the wide one: the facility
    // goes there, the numbers in the year columns after it.
    let headers = [
        w.facility,
        w.year,
        b.wareki,
        w.action,
        b.area_removed,
        b.area_built,
        w.cost,
        w.saving,
        w.net,
        w.proceeds,
        w.written,
    ];
    let h = row + 2;
    for (c, t) in headers.iter().enumerate() {
        ws.write_string_with_format(h, c as u16, *t, &f.header)
            .map_err(xlsx_error)?;
    }
    for (k, a) in lines.iter().enumerate() {
        let r = h + 1 + k as u32;
        let action = &o.scenario.actions()[a.action];
        ws.write_string(r, 0, action_target(o, action, lang))
            .map_err(xlsx_error)?;
        match a.year {
            Some(y) => {
                ws.write_number_with_format(r, 1, f64::from(y), &f.year)
                    .map_err(xlsx_error)?;
                ws.write_string(
                    r,
                    2,
                    FiscalYear::new(y).map_or(String::new(), |fy| fy.wareki().to_string()),
                )
                .map_err(xlsx_error)?;
            }
            None => {
                ws.write_string(r, 1, w.throughout).map_err(xlsx_error)?;
            }
        }
        ws.write_string(r, 3, type_label(action, lang))
            .map_err(xlsx_error)?;
        if !a.area_removed_m2.is_zero() {
            ws.write_number_with_format(r, 4, cell_number(a.area_removed_m2), &f.area)
                .map_err(xlsx_error)?;
        }
        if !a.area_built_m2.is_zero() {
            ws.write_number_with_format(r, 5, cell_number(a.area_built_m2), &f.area)
                .map_err(xlsx_error)?;
        }
        for (c, y) in [(6, a.cost), (7, a.saving), (8, a.net()), (9, a.proceeds)] {
            ws.write_number_with_format(r, c, cell_yen(y)?, &f.sen)
                .map_err(xlsx_error)?;
        }
        let source = super::report::origin_text(&o.scenario, a.action);
        ws.write_string(r, 10, source).map_err(xlsx_error)?;
    }
    Ok(())
}

/// The headers of a wide table: `fixed` columns, then one a fiscal year (`2022 (R4)`), then the
/// plan's total.
fn wide_headers(fixed: &[&str], p: &Projection, lang: Lang) -> Vec<String> {
    let b = book_words(lang);
    let mut h: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    for i in 0..p.years() {
        h.push(super::report::fy_label(
            p.horizon().first().offset(i as i32),
            lang,
        ));
    }
    h.push(b.plan_total.to_string());
    h
}

/// Scenario × category × kind down, fiscal years across: every cell of the grid (zeros too), as
/// an Excel table for pivot tables.
fn by_category(ws: &mut Worksheet, plans: &[Plan<'_>], lang: Lang, f: &Formats) -> Result<()> {
    let w = words(lang);
    let b = book_words(lang);
    ws.set_name(b.category_sheet).map_err(xlsx_error)?;
    let Some(first) = plans.first() else {
        return Ok(());
    };
    let headers = wide_headers(
        &[w.scenario, b.category, b.category_key, w.kind, b.kind_key],
        first.projection,
        lang,
    );
    let mut r = 1u32;
    for p in plans {
        let pr = p.projection;
        let printed = Printed::of(pr);
        for c in pr.categories() {
            for k in ALL_KINDS {
                if r as usize >= MAX_ROWS {
                    return Err(too_many_rows(b.category_sheet));
                }
                ws.write_string(r, 0, p.title()).map_err(xlsx_error)?;
                ws.write_string(
                    r,
                    1,
                    match lang {
                        Lang::Ja => c.name_ja(),
                        Lang::En => c.name_en(),
                    },
                )
                .map_err(xlsx_error)?;
                ws.write_string(r, 2, c.key()).map_err(xlsx_error)?;
                ws.write_string(r, 3, super::report::kind_label(k, lang))
                    .map_err(xlsx_error)?;
                ws.write_string(r, 4, k.key()).map_err(xlsx_error)?;
                let mut sum = Decimal::ZERO;
                for i in 0..pr.years().min(first.projection.years()) {
                    let v = printed.cell(i, k, c);
                    sum += v.get();
                    ws.write_number_with_format(r, 5 + i as u16, cell_yen(v)?, &f.yen)
                        .map_err(xlsx_error)?;
                }
                ws.write_number_with_format(
                    r,
                    5 + first.projection.years() as u16,
                    cell_yen(Yen::new(sum))?,
                    &f.yen,
                )
                .map_err(xlsx_error)?;
                r += 1;
            }
        }
    }
    long_table(ws, &headers, r, "ByCategory")?;
    let widths = [26.0, 28.0, 16.0, 16.0, 18.0];
    for (c, width) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *width).map_err(xlsx_error)?;
    }
    ws.set_column_range_width(5, headers.len() as u16 - 1, 14)
        .map_err(xlsx_error)?;
    ws.set_freeze_panes(1, 1).map_err(xlsx_error)?;
    print_setup(ws);
    Ok(())
}

/// Scenario × facility × kind down (every facility and kind with a cost), fiscal years across,
/// as an Excel table for pivot tables: the amounts `--format csv-facilities` prints.
fn by_facility(ws: &mut Worksheet, plans: &[Plan<'_>], lang: Lang, f: &Formats) -> Result<()> {
    let w = words(lang);
    let b = book_words(lang);
    ws.set_name(b.facility_sheet).map_err(xlsx_error)?;
    let Some(first) = plans.first() else {
        return Ok(());
    };
    let headers = wide_headers(
        &[
            w.scenario,
            b.facility_id,
            b.facility_name,
            b.category,
            w.kind,
            b.kind_key,
        ],
        first.projection,
        lang,
    );
    let n_years = first.projection.years();
    let mut r = 1u32;
    for p in plans {
        let Some(costs) = p.facilities else {
            continue;
        };
        let table = super::csv::facility_amounts(costs, &Printed::of(p.projection));
        for (row, amounts) in costs.rows.iter().zip(&table) {
            for k in ALL_KINDS {
                if row.amounts.iter().all(|y| y[k.index()].is_zero()) {
                    continue;
                }
                if r as usize >= MAX_ROWS {
                    return Err(too_many_rows(b.facility_sheet));
                }
                ws.write_string(r, 0, p.title()).map_err(xlsx_error)?;
                ws.write_string(r, 1, &row.id).map_err(xlsx_error)?;
                ws.write_string(r, 2, &row.name).map_err(xlsx_error)?;
                ws.write_string(
                    r,
                    3,
                    match lang {
                        Lang::Ja => row.category.name_ja(),
                        Lang::En => row.category.name_en(),
                    },
                )
                .map_err(xlsx_error)?;
                ws.write_string(r, 4, super::report::kind_label(k, lang))
                    .map_err(xlsx_error)?;
                ws.write_string(r, 5, k.key()).map_err(xlsx_error)?;
                let mut sum = Decimal::ZERO;
                for (i, kinds) in amounts.iter().enumerate().take(n_years) {
                    let v = kinds[k.index()];
                    sum += v;
                    ws.write_number_with_format(r, 6 + i as u16, cell_yen(Yen::new(v))?, &f.yen)
                        .map_err(xlsx_error)?;
                }
                ws.write_number_with_format(
                    r,
                    6 + n_years as u16,
                    cell_yen(Yen::new(sum))?,
                    &f.yen,
                )
                .map_err(xlsx_error)?;
                r += 1;
            }
        }
    }
    long_table(ws, &headers, r, "ByFacility")?;
    let widths = [26.0, 10.0, 30.0, 28.0, 16.0, 18.0];
    for (c, width) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *width).map_err(xlsx_error)?;
    }
    ws.set_column_range_width(6, headers.len() as u16 - 1, 13)
        .map_err(xlsx_error)?;
    ws.set_freeze_panes(1, 3).map_err(xlsx_error)?;
    print_setup(ws);
    Ok(())
}

fn too_many_rows(sheet: &str) -> Error {
    Error::Workbook(crate::msg!(SheetTooLong, sheet, max = MAX_ROWS))
}

/// Makes rows `0..end` an Excel table with `headers` (for pivot tables and filters), its header
/// row frozen and repeated on printed pages.
fn long_table(ws: &mut Worksheet, headers: &[String], end: u32, name: &str) -> Result<()> {
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| TableColumn::new().set_header(h))
        .collect();
    // A table needs at least one data row.
    let last = end.max(2) - 1;
    let table = Table::new()
        .set_columns(&columns)
        .set_name(name)
        .set_style(TableStyle::Light9);
    ws.add_table(0, 0, last, headers.len() as u16 - 1, &table)
        .map_err(xlsx_error)?;
    ws.set_repeat_rows(0, 0).map_err(xlsx_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = vec!["概要".to_string()];
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        assert_eq!(sheet_name("A_B_C", &mut taken), "A_B_C (2)");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut taken).chars().count(), 31);
        assert_eq!(
            sheet_name(&long, &mut taken),
            format!("{} (2)", "x".repeat(27))
        );
        assert_eq!(sheet_name("概要", &mut taken), "概要 (2)");
    }

    #[test]
    fn amounts_are_exact_up_to_two_to_the_53() {
        // 2⁵³ = 9,007,199,254,740,992 is the largest integer every smaller one of which a double
        // holds exactly; one yen more is refused.
        assert_eq!(
            cell_yen(Yen::from_int(1 << 53)).unwrap(),
            9_007_199_254_740_992.0
        );
        assert!(cell_yen(Yen::from_int((1 << 53) + 1)).is_err());
        // Half a yen rounds to even, as every output prints it.
        assert_eq!(cell_yen(Yen::new(Decimal::new(25, 1))).unwrap(), 2.0);
        assert_eq!(cell_yen(Yen::new(Decimal::new(-35, 1))).unwrap(), -4.0);
    }
}
