//! The fixed-asset ledger (固定資産台帳, 統一的な基準による地方公会計): one row per asset. Building
//! assets (勘定科目 建物 and its variants) become buildings; 附属設備 and 工作物 rows become part of
//! their facility's building or are reported; land and other assets are reported as skipped;
//! totals (合計, 小計, 計) and repeated headers are recognised and reported. Rows are grouped into
//! facilities by a chosen column, else 施設番号, else 施設名, else 所在地.
//!
//! Each building takes its floor area from 延床面積 (or 数量 in ㎡), its fiscal year from 取得年月日
//! (a date from April 1 to March 31 is one fiscal year; see `date`), its structure from 構造 and its
//! MIC category and functions from 用途 through the 用途 table. A value that cannot be read stops
//! the import with its place; a value that had to be assumed is logged as an assumption.

use std::collections::HashMap;

use super::date::{self, DateValue};
use super::header::Role;
use super::normal::{header_key, key, tidy};
use super::report::{Became, Log};
use super::sheet::{Cell, Row};
use super::uses::{Match, Uses};
use super::{Draft, DraftBuilding, DraftFacility, Loaded, Mapping};
use crate::category::{Category, Structure};
use crate::error::Diagnostics;
use crate::inventory::DataSource;
use crate::inventory::geo::LatLon;
use crate::messages::Message;
use crate::units::{FiscalYear, FloorArea, NumberError};

/// What the ledger reader needs besides the source.
pub(crate) struct Settings<'a> {
    /// The 用途 table (built-in and the mapping file's).
    pub uses: &'a Uses,
    /// The mapping file.
    pub mapping: &'a Mapping,
    /// The grouping column named by the user.
    pub group_by: Option<&'a str>,
}

/// What a 勘定科目 says of an asset.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Class {
    /// A building (建物).
    Building,
    /// Equipment of a building (建物附属設備).
    Attachment,
    /// A structure (工作物).
    Structure,
    /// Anything else (土地, 物品 …), with its account.
    Other(String),
}

fn classify(account: &str) -> Class {
    let k = key(account);
    if ["附属設備", "付属設備", "附帯設備", "付帯設備"]
        .iter()
        .any(|w| k.contains(w))
    {
        Class::Attachment
    } else if k.contains("工作物") {
        Class::Structure
    } else if k.contains("建物") {
        Class::Building
    } else {
        Class::Other(tidy(account))
    }
}

/// Words of total rows.
const TOTALS: [&str; 11] = [
    "合計",
    "小計",
    "総計",
    "中計",
    "累計",
    "計",
    "合計額",
    "総合計",
    "total",
    "subtotal",
    "grandtotal",
];

/// Whether a row is a total or subtotal (合計, 小計, 計, 建物計 …).
fn is_total(row: &Row, date_column: Option<usize>) -> bool {
    let dated = date_column.is_some_and(|c| !row.cell(c).is_blank());
    row.cells.iter().any(|c| {
        let Cell::Text(t) = c else { return false };
        // Most cells have neither 計 nor a t: only those are looked at closely.
        if !t.contains(['計', 't', 'T', 'ｔ', 'Ｔ']) {
            return false;
        }
        let k = header_key(t);
        TOTALS.contains(&k.as_str())
            || ["合計", "小計", "総計"].iter().any(|w| k.starts_with(w))
            || (!dated && k.ends_with('計') && k.chars().count() <= 8)
    })
}

/// Structure words, longest first at each position: (word, structure).
const STRUCTURE_WORDS: [(&str, Structure); 24] = [
    ("鉄骨鉄筋コンクリート", Structure::Src),
    ("鉄筋コンクリート", Structure::Rc),
    ("コンクリートブロック", Structure::Block),
    ("プレキャストコンクリート", Structure::Rc),
    ("コンクリート", Structure::Rc),
    ("軽量鉄骨", Structure::Steel),
    ("重量鉄骨", Structure::Steel),
    ("鉄骨", Structure::Steel),
    ("金属", Structure::Steel),
    ("ブロック", Structure::Block),
    ("れんが", Structure::Block),
    ("煉瓦", Structure::Block),
    ("石造", Structure::Block),
    ("木骨", Structure::Wood),
    ("木造", Structure::Wood),
    ("src", Structure::Src),
    ("rc", Structure::Rc),
    ("pc", Structure::Rc),
    ("cb", Structure::Block),
    ("s造", Structure::Steel),
    ("w造", Structure::Wood),
    ("木", Structure::Wood),
    ("鉄", Structure::Steel),
    ("その他", Structure::Other),
];

/// Reads a 構造 text: the first structure word in it (the mapping file's words first). Returns the
/// structure and, when that rests on an assumption, why.
pub(crate) fn structure_of(text: &str, mapping: &Mapping) -> (Structure, Option<Message>) {
    let k = key(text).to_lowercase();
    if k.is_empty() {
        return (Structure::Other, Some(crate::msg!(ImportNoStructure)));
    }
    for (word, s) in &mapping.structures {
        if key(word).to_lowercase() == k {
            return (*s, None);
        }
    }
    if let Some(s) = Structure::parse(&k) {
        return (s, None);
    }
    let mut found: Vec<Structure> = Vec::new();
    let mut i = 0;
    while i < k.len() {
        let rest = &k[i..];
        match STRUCTURE_WORDS.iter().find(|(w, _)| rest.starts_with(w)) {
            Some((w, s)) => {
                found.push(*s);
                i += w.len();
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    let mut distinct = found.clone();
    distinct.dedup();
    match distinct.as_slice() {
        [] => (
            Structure::Other,
            Some(crate::msg!(
                ImportStructureUnknown,
                text = format!("{text:?}")
            )),
        ),
        [one] => (*one, None),
        [first, ..] => (
            *first,
            Some(crate::msg!(
                ImportStructureSeveral,
                text = format!("{text:?}"),
                first = first.key()
            )),
        ),
    }
}

/// Whether a 単位 says square metres.
fn is_square_metres(unit: &str) -> bool {
    matches!(
        key(unit).to_lowercase().as_str(),
        "" | "m2" | "平方メートル" | "平米" | "m^2" | "平方m"
    )
}

/// A category and functions from the 用途 table, and whether that rests on an assumption.
type UseFound = (Category, Vec<String>, Option<Message>);

/// Reads a ledger into the draft.
pub(crate) fn read(
    s: &Loaded,
    settings: &Settings<'_>,
    draft: &mut Draft,
    log: &mut Log,
    diags: &mut Diagnostics,
) {
    let h = &s.header;
    let header_place = s.place(h.rows[0]);
    let area_column = h.get(Role::FloorArea).or_else(|| h.get(Role::Quantity));
    let area_is_quantity = h.get(Role::FloorArea).is_none();
    let date_column = h.get(Role::Acquired);
    let in_service = h.get(Role::InService);
    let mut stop = false;
    if area_column.is_none() {
        diags.push(header_place.diag(crate::msg!(
                NoAreaColumn,
                names = h
                    .labels
                    .iter()
                    .filter(|l| !l.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        stop = true;
    }
    if date_column.is_none() && in_service.is_none() {
        diags.push(header_place.diag(crate::msg!(NoDateColumn)));
        stop = true;
    }
    let group_column = match settings.group_by {
        Some(name) => match h.find(name) {
            Some(c) => Some((c, h.label(c), false)),
            None => {
                diags.push(header_place.diag(crate::msg!(
                        NoGroupColumn,
                        name = format!("{name:?}"),
                        names = h.labels
                            .iter()
                            .filter(|l| !l.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                stop = true;
                None
            }
        },
        None => [Role::FacilityNumber, Role::FacilityName, Role::Address]
            .iter()
            .find_map(|r| h.get(*r).map(|c| (c, h.label(c), *r == Role::Address))),
    };
    if group_column.is_none() && h.get(Role::AssetName).is_none() && !stop {
        diags.push(header_place.diag(crate::msg!(NoAssetNameColumn)));
        stop = true;
    }
    if stop {
        return;
    }
    let source_place = header_place.whole_row();
    match &group_column {
        Some((_, label, true)) => log.note(
            Some(source_place.clone()),
            crate::msg!(ImportGroupedByAddress, label),
            true,
        ),
        Some((_, label, false)) => log.note(
            Some(source_place.clone()),
            crate::msg!(ImportGroupedBy, label),
            false,
        ),
        None => log.note(
            Some(source_place.clone()),
            crate::msg!(ImportOneFacilityEach),
            true,
        ),
    }
    if h.get(Role::Structure).is_none() {
        log.note(
            Some(source_place.clone()),
            crate::msg!(ImportNoStructureColumn),
            true,
        );
    }
    // A year alone is the fiscal year itself in a year column (建築年, 建築年度); in a date column
    // (取得年月日) the month is missing and taking the fiscal year is an assumption.
    let year_only_is_fiscal = |column: usize| {
        let k = header_key(&h.label(column));
        k.contains("年度") || !(k.contains('日') || k.contains("年月"))
    };

    let mut use_cache: HashMap<String, Result<UseFound, Message>> = HashMap::new();
    let mut structure_cache: HashMap<String, (Structure, Option<Message>)> = HashMap::new();
    let mut groups: HashMap<String, usize> = draft
        .facilities
        .iter()
        .enumerate()
        .map(|(i, f)| (f.group.clone(), i))
        .collect();
    // Asset names of each facility made here whose name is not given, for naming it at the end.
    let mut unnamed: HashMap<usize, Vec<String>> = HashMap::new();
    let mut attachments: Vec<(String, super::Place, Class, Option<String>)> = Vec::new();

    for row in &s.sheet.rows[h.body_start..] {
        let place = s.place(row.number);
        if row.is_blank() {
            log.blank(s.index);
            continue;
        }
        if super::header::repeats_header(row, h, &settings.mapping.columns) {
            log.skipped(place, crate::msg!(ImportHeaderAgain));
            continue;
        }
        if is_total(row, date_column) {
            log.skipped(place, crate::msg!(ImportTotalRow));
            continue;
        }
        let text = |r: Role| -> Option<String> {
            h.get(r)
                .and_then(|c| row.cell(c).text())
                .map(|t| t.into_owned())
        };
        let cell_place = |r: Role| -> super::Place {
            let c = h.get(r).unwrap_or(0);
            place.at(c, &h.label(c))
        };
        if let Some(d) = text(Role::Disposed) {
            log.skipped(
                place,
                crate::msg!(
                    ImportDisposed,
                    label = h.label(h.get(Role::Disposed).unwrap_or(0)),
                    value = d
                ),
            );
            continue;
        }
        let account = text(Role::Account);
        let class = match &account {
            Some(a) => classify(a),
            None => Class::Building,
        };
        let asset_name = text(Role::AssetName).map(|t| tidy(&t));
        let group_value = group_column
            .as_ref()
            .and_then(|(c, _, _)| row.cell(*c).text())
            .map(|t| tidy(&t));
        let group_key = match (&group_value, &group_column) {
            (Some(v), _) => key(v),
            (None, _) => format!("{}#{}", s.file, row.number),
        };
        match class {
            Class::Other(a) => {
                log.skipped(place, crate::msg!(ImportNotABuilding, account = a));
                continue;
            }
            Class::Attachment | Class::Structure => {
                attachments.push((group_key, place, class, account));
                continue;
            }
            Class::Building => {}
        }
        // The floor area.
        let Some(area_col) = area_column else {
            continue;
        };
        let area_text = row.cell(area_col).text().map(|t| t.into_owned());
        let area_place = place.at(area_col, &h.label(area_col));
        if matches!(row.cell(area_col), Cell::Date(_) | Cell::Error(_)) {
            diags.push(area_place.diag(crate::msg!(
                NotFloorArea,
                value = format!("{:?}", area_text.unwrap_or_default())
            )));
            continue;
        }
        let area = match area_text.as_deref().map(FloorArea::parse) {
            None | Some(Err(NumberError::Empty)) => {
                let why = if account.is_none() {
                    crate::msg!(ImportNoAccountNoArea)
                } else {
                    crate::msg!(ImportNoArea)
                };
                log.skipped(place, why);
                continue;
            }
            Some(Err(NumberError::Zero)) => {
                log.skipped(place, crate::msg!(ImportAreaZero));
                continue;
            }
            Some(Err(NumberError::TooLarge)) => {
                diags.push(area_place.diag(crate::msg!(
                    AreaAbsurd,
                    value = format!("{:?}", area_text.unwrap_or_default()),
                    max = crate::units::MAX_BUILDING_AREA_M2
                )));
                continue;
            }
            Some(Err(e)) => {
                diags.push(area_place.diag(crate::msg!(
                    NotFloorAreaBecause,
                    value = format!("{:?}", area_text.unwrap_or_default()),
                    what = e.message()
                )));
                continue;
            }
            Some(Ok(a)) => a,
        };
        if area_is_quantity {
            if let Some(unit) = text(Role::Unit) {
                if !is_square_metres(&unit) {
                    log.skipped(
                        place,
                        crate::msg!(
                            ImportQuantityNotArea,
                            value = area_text.unwrap_or_default(),
                            unit
                        ),
                    );
                    continue;
                }
            }
        }
        let mut assumptions: Vec<(super::Place, Message)> = Vec::new();
        if account.is_none() && h.get(Role::Account).is_some() {
            assumptions.push((cell_place(Role::Account), crate::msg!(ImportBuildingByArea)));
        }
        // The fiscal year built.
        let mut built = None;
        let mut any_date_bad = false;
        for (column, fallback) in [(date_column, false), (in_service, true)] {
            let Some(c) = column else { continue };
            let cell = row.cell(c);
            if cell.is_blank() {
                continue;
            }
            let cp = place.at(c, &h.label(c));
            let value = match cell {
                Cell::Date(d) => Ok(DateValue::Day(*d)),
                Cell::Number(n) => date::from_number(n).ok_or(date::DateError::NotADate),
                other => date::parse(&other.text().unwrap_or_default()),
            };
            match value {
                Ok(v) => {
                    let (fy, assumed) = match v {
                        DateValue::Year(y) if year_only_is_fiscal(c) => (y, false),
                        other => other.fiscal_year(),
                    };
                    if assumed {
                        assumptions.push((
                            cp.clone(),
                            crate::msg!(
                                ImportYearWithoutMonth,
                                value = format!("{:?}", cell.text().unwrap_or_default()),
                                fy
                            ),
                        ));
                    }
                    if fallback {
                        assumptions.push((
                            cp.clone(),
                            crate::msg!(
                                ImportYearFrom,
                                column = date_column
                                    .map(|d| h.label(d))
                                    .unwrap_or_else(|| "取得年月日".into()),
                                other = h.label(c)
                            ),
                        ));
                    }
                    match FiscalYear::new(fy) {
                        Some(y) => built = Some(y),
                        None => {
                            diags.push(cp.diag(crate::msg!(
                                FiscalYearOutside,
                                value = format!("{:?}", cell.text().unwrap_or_default()),
                                fy,
                                min = crate::units::MIN_BUILT_YEAR,
                                max = crate::units::MAX_YEAR
                            )));
                            any_date_bad = true;
                        }
                    }
                }
                Err(e) => {
                    diags.push(cp.diag(crate::msg!(
                        ValueIs,
                        value = format!("{:?}", cell.text().unwrap_or_default()),
                        what = e.message()
                    )));
                    any_date_bad = true;
                }
            }
            break;
        }
        if any_date_bad {
            continue;
        }
        let Some(built) = built else {
            log.skipped(place, crate::msg!(ImportNoDate));
            continue;
        };
        // The category and functions.
        let use_text = text(Role::Use);
        let found = match &use_text {
            Some(u) => {
                let r = use_cache
                    .entry(key(u))
                    .or_insert_with(|| lookup_use(settings.uses, u))
                    .clone();
                match r {
                    Ok(f) => Ok(f),
                    Err(message) => {
                        diags.push(cell_place(Role::Use).diag(message));
                        continue;
                    }
                }
            }
            None => {
                let names = [text(Role::FacilityName), asset_name.clone()];
                let guessed = names.iter().flatten().find_map(|n| {
                    settings
                        .uses
                        .lookup(n)
                        .map(|m| (n.clone(), m.entry().clone()))
                });
                match guessed {
                    Some((n, u)) => Ok((
                        u.category,
                        u.functions.clone(),
                        Some(crate::msg!(
                            ImportUseFromName,
                            category = u.category.key(),
                            name = format!("{n:?}"),
                            use_name = &u.name
                        )),
                    )),
                    None => Err(()),
                }
            }
        };
        let (category, functions, use_assumption) = match found {
            Ok(f) => f,
            Err(()) => {
                let at = if h.get(Role::Use).is_some() {
                    cell_place(Role::Use)
                } else {
                    place.clone()
                };
                diags.push(at.diag(crate::msg!(
                    NoUseKnown,
                    name = format!("{:?}", asset_name.clone().unwrap_or_default())
                )));
                continue;
            }
        };
        if let Some(a) = use_assumption {
            let at = if h.get(Role::Use).is_some() {
                cell_place(Role::Use)
            } else {
                place.clone()
            };
            assumptions.push((at, a));
        }
        // The structure.
        let structure = match h.get(Role::Structure) {
            None => Structure::Other,
            Some(c) => {
                let t = row
                    .cell(c)
                    .text()
                    .map(|t| t.into_owned())
                    .unwrap_or_default();
                let (st, why) = structure_cache
                    .entry(t.clone())
                    .or_insert_with(|| structure_of(&t, settings.mapping))
                    .clone();
                if let Some(why) = why {
                    assumptions.push((place.at(c, &h.label(c)), why));
                }
                st
            }
        };
        // The facility.
        let facility = match groups.get(&group_key) {
            Some(&i) => i,
            None => {
                let i = draft.facilities.len();
                let given_name = text(Role::FacilityName).map(|t| tidy(&t));
                let location = match (text(Role::Lat), text(Role::Lon)) {
                    (Some(a), Some(b)) => match LatLon::parse(&a, &b) {
                        Ok(p) => Some(p),
                        Err(m) => {
                            diags.push(cell_place(Role::Lat).diag(m));
                            None
                        }
                    },
                    _ => None,
                };
                let f = DraftFacility {
                    group: group_key.clone(),
                    number: text(Role::FacilityNumber).map(|t| tidy(&t)),
                    name: given_name.clone().unwrap_or_default(),
                    district: text(Role::District).map(|t| tidy(&t)),
                    town: text(Role::Town).map(|t| tidy(&t)),
                    address: text(Role::Address).map(|t| tidy(&t)),
                    location,
                    users: text(Role::Users).and_then(|t| count(&t)),
                    capacity: text(Role::Capacity).and_then(|t| count(&t)),
                    data_source: DataSource::Published,
                    ..DraftFacility::default()
                };
                if given_name.is_none() {
                    unnamed.insert(i, Vec::new());
                }
                draft.facilities.push(f);
                groups.insert(group_key.clone(), i);
                i
            }
        };
        if let Some(names) = unnamed.get_mut(&facility) {
            names.push(asset_name.clone().unwrap_or_default());
        }
        draft.facilities[facility].places.push(place.clone());
        let number = text(Role::Number).map(|n| match text(Role::Branch) {
            Some(b) => format!("{}-{}", tidy(&n), tidy(&b)),
            None => tidy(&n),
        });
        let b = draft.buildings.len();
        draft.buildings.push(DraftBuilding {
            facility,
            number,
            name: asset_name.clone().unwrap_or_default(),
            floor_area: area,
            built,
            structure,
            category,
            functions,
            renovated: None,
            condition: None,
            survey_year: None,
            data_source: DataSource::Published,
            source_url: None,
            place: place.clone(),
        });
        if assumptions.is_empty() {
            log.used(place, Became::Building(b));
        } else {
            for (at, why) in assumptions {
                log.assumed(at, why, Became::Building(b));
            }
        }
    }

    // Facilities without a given name: the part all their assets' names share, or the first name.
    let mut unnamed: Vec<(usize, Vec<String>)> = unnamed.into_iter().collect();
    unnamed.sort();
    for (i, names) in unnamed {
        let f = &mut draft.facilities[i];
        let (name, derived) = facility_name(&names);
        f.name = if name.is_empty() {
            group_column
                .as_ref()
                .map(|_| f.group.clone())
                .unwrap_or_default()
        } else {
            name
        };
        if derived {
            log.note(
                f.places.first().cloned(),
                crate::msg!(
                    ImportNamedAfterShared,
                    name = format!("{:?}", f.name),
                    n = names.len()
                ),
                true,
            );
        }
    }

    // Equipment and structures join their facility's largest building (the first of equal ones).
    let mut largest_of: HashMap<usize, usize> = HashMap::new();
    if !attachments.is_empty() {
        for (i, b) in draft.buildings.iter().enumerate() {
            let best = largest_of.entry(b.facility).or_insert(i);
            if b.floor_area > draft.buildings[*best].floor_area {
                *best = i;
            }
        }
    }
    for (group, place, class, account) in attachments {
        let account = account.unwrap_or_default();
        let largest = groups.get(&group).and_then(|f| largest_of.get(f).copied());
        match (largest, class) {
            (Some(b), Class::Attachment) => log.merged(
                place,
                crate::msg!(ImportEquipment, account = &account),
                Became::Building(b),
            ),
            (Some(b), _) => log.merged(
                place,
                crate::msg!(ImportStructureOfFacility, account = &account),
                Became::Building(b),
            ),
            (None, Class::Attachment) => {
                log.skipped(place, crate::msg!(ImportEquipmentAlone, account = &account))
            }
            (None, _) => log.skipped(place, crate::msg!(ImportStructureAlone, account = &account)),
        }
    }
}

/// The category and functions of a 用途 text, or the located problem's message.
fn lookup_use(uses: &Uses, text: &str) -> Result<UseFound, Message> {
    match uses.lookup(text) {
        Some(Match::Exact(u)) => Ok((u.category, u.functions.clone(), None)),
        Some(Match::Contains(u)) => Ok((
            u.category,
            u.functions.clone(),
            Some(crate::msg!(
                ImportUseContains,
                text = format!("{text:?}"),
                use_name = &u.name,
                category = u.category.key()
            )),
        )),
        None => {
            let near: Vec<String> = uses
                .nearest(text, 3)
                .iter()
                .map(|u| format!("{} ({})", u.name, u.category.key()))
                .collect();
            Err(crate::msg!(
                UseNotInTable,
                value = format!("{text:?}"),
                near = near.join(", "),
                key = format!("{:?}", tidy(text)),
                category = uses
                    .nearest(text, 1)
                    .first()
                    .map_or("other", |u| u.category.key())
            ))
        }
    }
}

/// A whole count (利用者数, 定員), `None` when it is not one.
fn count(text: &str) -> Option<u64> {
    crate::units::parse_fixed(text, 0)
        .ok()
        .and_then(|v| u64::try_from(v).ok())
}

/// A facility's name from its assets' names: the part they all start with (trimmed of spaces and
/// separators, at least two characters), and whether it was derived so; else the first name.
pub(crate) fn facility_name(names: &[String]) -> (String, bool) {
    let first = names.first().cloned().unwrap_or_default();
    if names.len() < 2 {
        return (first, false);
    }
    let mut prefix: Vec<char> = first.chars().collect();
    for n in &names[1..] {
        let common = prefix
            .iter()
            .zip(n.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        prefix.truncate(common);
    }
    let p: String = prefix.into_iter().collect();
    let p = p
        .trim_end_matches([' ', '・', '(', '（', '-', '_', '　'])
        .to_string();
    if p.chars().count() >= 2 {
        let derived = names.iter().any(|n| *n != p);
        (p, derived)
    } else {
        (first, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Id;

    #[test]
    fn structures_in_the_words_ledgers_use() {
        let m = Mapping::default();
        let s = |t: &str| structure_of(t, &m);
        assert_eq!(s("鉄筋コンクリート造"), (Structure::Rc, None));
        assert_eq!(s("RC"), (Structure::Rc, None));
        assert_eq!(s("ＲＣ造"), (Structure::Rc, None));
        assert_eq!(s("鉄筋コンクリート造2階建"), (Structure::Rc, None));
        assert_eq!(s("ＳＲＣ造"), (Structure::Src, None));
        assert_eq!(s("鉄骨造"), (Structure::Steel, None));
        assert_eq!(s("軽量鉄骨造平屋建"), (Structure::Steel, None));
        assert_eq!(s("S造"), (Structure::Steel, None));
        assert_eq!(s("木造"), (Structure::Wood, None));
        assert_eq!(s("W"), (Structure::Wood, None));
        assert_eq!(s("コンクリートブロック造"), (Structure::Block, None));
        assert_eq!(s("木骨モルタル造"), (Structure::Wood, None));
        let (st, why) = s("鉄骨鉄筋コンクリート造又は鉄筋コンクリート造のもの");
        assert_eq!(st, Structure::Src);
        assert_eq!(why.map(|m| m.id()), Some(Id::ImportStructureSeveral));
        let (st, why) = s("テント");
        assert_eq!(st, Structure::Other);
        assert_eq!(why.map(|m| m.id()), Some(Id::ImportStructureUnknown));
        let (st, why) = s("");
        assert_eq!(st, Structure::Other);
        assert_eq!(why.map(|m| m.id()), Some(Id::ImportNoStructure));
        let m = Mapping {
            structures: vec![("テント".into(), Structure::Steel)],
            ..Mapping::default()
        };
        assert_eq!(structure_of("テント", &m), (Structure::Steel, None));
    }

    #[test]
    fn accounts_and_totals() {
        assert_eq!(classify("建物"), Class::Building);
        assert_eq!(classify("事業用資産 建物"), Class::Building);
        assert_eq!(classify("建物附属設備"), Class::Attachment);
        assert_eq!(classify("工作物"), Class::Structure);
        assert_eq!(classify("土地"), Class::Other("土地".into()));
        assert_eq!(classify("建設仮勘定"), Class::Other("建設仮勘定".into()));
        let row = |cells: &[&str]| Row {
            number: 1,
            cells: cells.iter().map(|t| Cell::Text((*t).into())).collect(),
        };
        assert!(is_total(&row(&["", "合計", "12000"]), None));
        assert!(is_total(&row(&["", "合 計"]), None));
        assert!(is_total(&row(&["小計（建物）"]), None));
        assert!(is_total(&row(&["建物計"]), None));
        assert!(!is_total(&row(&["中央小学校", "建物"]), None));
    }

    #[test]
    fn facility_names_from_asset_names() {
        let n = |v: &[&str]| facility_name(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            n(&["中央小学校 校舎", "中央小学校 体育館"]),
            ("中央小学校".to_string(), true)
        );
        assert_eq!(n(&["庁舎"]), ("庁舎".to_string(), false));
        assert_eq!(n(&["A棟", "B棟"]), ("A棟".to_string(), false));
    }
}
