//! A buildings table in the engine's own format (`id,name,category,floor_area_m2,built_year` and
//! the optional columns), from CSV or a sheet: read by the engine's own buildings-CSV reader, so
//! the folder it becomes projects exactly as the table does; every building stays its own
//! facility, with the table's ids.

use super::report::{Became, Log};
use super::sheet::Cell;
use super::{Draft, DraftBuilding, DraftFacility, Loaded};
use crate::error::{Diagnostics, Error};

/// The sheet as CSV text from its header on, each row on its own line number (blank lines fill
/// the gaps), so the reader's lines are the sheet's rows.
fn as_csv(s: &Loaded) -> String {
    let header_index = s.header.body_start - s.header.rows.len();
    let mut text = String::new();
    let mut line = 1;
    for row in &s.sheet.rows[header_index..] {
        while line < row.number {
            text.push('\n');
            line += 1;
        }
        let fields: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                let t = match c {
                    Cell::Empty => String::new(),
                    other => other.text().map(|t| t.into_owned()).unwrap_or_default(),
                };
                if t.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", t.replace('"', "\"\""))
                } else {
                    t
                }
            })
            .collect();
        text.push_str(&fields.join(","));
        text.push('\n');
        line += 1;
    }
    text
}

/// Reads a buildings table into the draft.
pub(crate) fn read(s: &Loaded, draft: &mut Draft, log: &mut Log, diags: &mut Diagnostics) {
    let text = as_csv(s);
    let shown = match &s.sheet.name {
        Some(sheet) => format!("{}, sheet {sheet}", s.file),
        None => s.file.clone(),
    };
    let inv = match crate::inventory::buildings_csv::load_bytes(
        text.as_bytes(),
        &shown,
        std::path::Path::new(&s.file),
    ) {
        Ok(inv) => inv,
        Err(Error::Input(d)) => {
            diags.extend(d);
            return;
        }
        Err(e) => {
            diags.push(crate::error::Diagnostic::file(&s.file, e.message()));
            return;
        }
    };
    for (f, b) in inv.facilities.iter().zip(&inv.buildings) {
        let place = s.place(b.line);
        let i = draft.facilities.len();
        draft.facilities.push(DraftFacility {
            group: format!("buildings table\u{0}{}", f.id),
            number: Some(f.id.clone()),
            name: f.name.clone(),
            category: Some(f.category),
            district: f.district.clone(),
            operating_yen: f.operating_yen,
            data_source: f.data_source,
            source_url: f.source_url.clone(),
            places: vec![place.clone()],
            ..DraftFacility::default()
        });
        let k = draft.buildings.len();
        draft.buildings.push(DraftBuilding {
            facility: i,
            number: Some(b.id.clone()),
            name: b.name.clone(),
            floor_area: b.floor_area,
            built: b.built,
            structure: b.structure,
            category: b.category,
            functions: Vec::new(),
            renovated: b.renovated,
            condition: b.condition,
            survey_year: b.survey_year,
            data_source: b.data_source,
            source_url: b.source_url.clone(),
            place: place.clone(),
        });
        log.used(place, Became::Building(k));
    }
}
