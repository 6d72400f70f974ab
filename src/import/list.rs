//! The facility list (公共施設一覧, 自治体標準オープンデータセット): names, kinds (種類), addresses and
//! coordinates. Joined to the ledger's facilities by name (exactly after normalisation, then by a
//! unique close match that the report lists for review, or as the mapping file's [names] say), it
//! gives them coordinates, functions and districts; read alone, it gives facilities without
//! buildings (their floor areas are still needed).
//!
//! The dirt of real files is repaired and reported: a name column whose header was lost (`列1`) is
//! found by its content; latitude and longitude swapped are exchanged; coordinates that are not
//! degrees stop the import.

use rust_decimal::Decimal;

use super::header::Role;
use super::normal::{column_letters, edit_distance, name_key, tidy};
use super::report::{Became, JoinHow, Log};
use super::sheet::Cell;
use super::uses::Uses;
use super::{Draft, DraftFacility, Loaded, Mapping, Place};
use crate::category::Category;
use crate::error::Diagnostics;
use crate::inventory::DataSource;
use crate::inventory::geo::LatLon;
use crate::messages::Arg;

/// A row of a facility list.
#[derive(Clone, Debug)]
pub(crate) struct ListRow {
    pub place: Place,
    pub name: String,
    pub number: Option<String>,
    pub use_text: Option<String>,
    pub address: Option<String>,
    pub town: Option<String>,
    pub municipality: Option<String>,
    pub location: Option<LatLon>,
    pub district: Option<String>,
    pub users: Option<u64>,
    pub capacity: Option<u64>,
}

/// Japan's extent in degrees, for telling latitude from longitude: latitude 20–46, longitude
/// 122–154 (沖ノ鳥島 20.4°N, 択捉島 45.6°N; 与那国島 122.9°E, 南鳥島 153.99°E).
fn in_japan(lat: Decimal, lon: Decimal) -> bool {
    (Decimal::from(20)..=Decimal::from(46)).contains(&lat)
        && (Decimal::from(122)..=Decimal::from(154)).contains(&lon)
}

fn decimal(text: &str) -> Option<Decimal> {
    crate::units::normalize_width(text.trim())
        .parse::<Decimal>()
        .ok()
}

/// The column that holds the names when no header says so: the unnamed or unknown column whose
/// values most often name a known use (facility names do: 中央公民館, 北小学校).
fn name_column_by_content(s: &Loaded, uses: &Uses) -> Option<(usize, usize)> {
    let h = &s.header;
    let body = &s.sheet.rows[h.body_start..];
    let width = body.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut best: Option<(usize, usize)> = None; // (matches, column)
    for c in 0..width {
        if h.columns.values().any(|&x| x == c) {
            continue;
        }
        let mut matches = 0;
        let mut texts = 0;
        for r in body {
            if let Cell::Text(t) = r.cell(c) {
                texts += 1;
                if uses.lookup(t).is_some() {
                    matches += 1;
                }
            }
        }
        if matches > 0 && texts * 2 >= body.len() && best.is_none_or(|(m, _)| matches > m) {
            best = Some((matches, c));
        }
    }
    best.map(|(m, c)| (c, m))
}

/// Reads a facility list's rows.
pub(crate) fn read(
    s: &Loaded,
    uses: &Uses,
    log: &mut Log,
    diags: &mut Diagnostics,
) -> Vec<ListRow> {
    let h = &s.header;
    let header_place = s.place(h.rows[0]);
    let name_column = match h.get(Role::FacilityName).or_else(|| h.get(Role::AssetName)) {
        Some(c) => c,
        None => match name_column_by_content(s, uses) {
            Some((c, n)) => {
                log.note(
                    Some(header_place.at(c, &h.label(c))),
                    crate::msg!(
                        ImportNameColumnByContent,
                        column = column_letters(c),
                        label = h.label(c),
                        n
                    ),
                    false,
                );
                c
            }
            None => {
                diags.push(header_place.diag(crate::msg!(NoListNameColumn)));
                return Vec::new();
            }
        },
    };
    let (lat_col, lon_col) = (h.get(Role::Lat), h.get(Role::Lon));
    if lat_col.is_some() != lon_col.is_some() {
        diags.push(header_place.diag(crate::msg!(OneCoordinateColumn)));
        return Vec::new();
    }
    // Coordinates: read every row's first, to tell whether the columns are swapped.
    let body = &s.sheet.rows[h.body_start..];
    let mut swapped = false;
    if let (Some(a), Some(b)) = (lat_col, lon_col) {
        let (mut straight, mut crossed, mut neither) = (0, 0, 0);
        for r in body {
            let (Some(x), Some(y)) = (r.cell(a).text(), r.cell(b).text()) else {
                continue;
            };
            match (decimal(&x), decimal(&y)) {
                (Some(x), Some(y)) if in_japan(x, y) => straight += 1,
                (Some(x), Some(y)) if in_japan(y, x) => crossed += 1,
                _ => neither += 1,
            }
        }
        if crossed > straight {
            swapped = true;
            log.note(
                Some(header_place.whole_row()),
                crate::msg!(
                    ImportCoordinatesSwapped,
                    a = h.label(a),
                    b = h.label(b),
                    n = crossed
                ),
                false,
            );
        }
        let _ = neither;
    }
    let mut out = Vec::new();
    for row in body {
        let place = s.place(row.number);
        if row.is_blank() {
            log.blank(s.index);
            continue;
        }
        if super::header::repeats_header(row, h, &[]) {
            log.skipped(place, crate::msg!(ImportHeaderAgain));
            continue;
        }
        let text = |r: Role| -> Option<String> {
            h.get(r).and_then(|c| row.cell(c).text()).map(|t| tidy(&t))
        };
        let Some(name) = row.cell(name_column).text().map(|t| tidy(&t)) else {
            log.skipped(place, crate::msg!(ImportNoName));
            continue;
        };
        let location = match (lat_col, lon_col) {
            (Some(a), Some(b)) => {
                let (a, b) = if swapped { (b, a) } else { (a, b) };
                match (row.cell(a).text(), row.cell(b).text()) {
                    (None, None) => None,
                    (Some(x), Some(y)) => {
                        let p = LatLon::parse(&x, &y);
                        match p {
                            Ok(p) if in_japan(p.lat(), p.lon()) => Some(p),
                            Ok(_) => {
                                diags.push(place.at(a, &h.label(a)).diag(crate::msg!(
                                    NotInJapan,
                                    x = x.to_string(),
                                    y = y.to_string()
                                )));
                                None
                            }
                            Err(m) => {
                                diags.push(place.at(a, &h.label(a)).diag(m));
                                None
                            }
                        }
                    }
                    (Some(_), None) => {
                        diags.push(place.at(b, &h.label(b)).diag(crate::msg!(EmptyButLatitude)));
                        None
                    }
                    (None, Some(_)) => {
                        diags.push(
                            place
                                .at(a, &h.label(a))
                                .diag(crate::msg!(EmptyButLongitude)),
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        let count = |r: Role| {
            text(r).and_then(|t| {
                crate::units::parse_fixed(&t, 0)
                    .ok()
                    .and_then(|v| u64::try_from(v).ok())
            })
        };
        out.push(ListRow {
            place,
            name,
            number: text(Role::FacilityNumber).or_else(|| text(Role::Number)),
            use_text: text(Role::Use),
            address: text(Role::Address),
            town: text(Role::Town),
            municipality: text(Role::Municipality),
            location,
            district: text(Role::District),
            users: count(Role::Users),
            capacity: count(Role::Capacity),
        });
    }
    out
}

/// How alike two name keys are, as a fraction (numerator, denominator) of 0–1: the share of the
/// longer one the shorter covers when one contains the other, else one minus the edit distance
/// over the longer length. Kept as integers so that comparing two is exact.
fn likeness(a: &str, b: &str) -> (usize, usize) {
    let (na, nb) = (a.chars().count(), b.chars().count());
    let longer = na.max(nb).max(1);
    if na.min(nb) >= 2 && (a.contains(b) || b.contains(a)) {
        return (na.min(nb), longer);
    }
    (longer - edit_distance(a, b).min(longer), longer)
}

/// Whether likeness `x` is greater than `y`.
fn more_alike(x: (usize, usize), y: (usize, usize)) -> bool {
    x.0 * y.1 > y.0 * x.1
}

/// A close match is at least 3/5 alike, or contains the other name of at least three characters.
fn close_enough(x: (usize, usize)) -> bool {
    x.0 * 5 >= x.1 * 3
}

/// The functions a 種類 gives.
fn functions_of(uses: &Uses, use_text: Option<&str>) -> Vec<String> {
    use_text
        .and_then(|u| uses.lookup(u))
        .map(|m| m.entry().functions.clone())
        .unwrap_or_default()
}

/// Joins facility-list rows to the draft's facilities (or, with no buildings at all, makes a
/// facility of each).
pub(crate) fn join(
    rows: Vec<ListRow>,
    has_buildings: bool,
    mapping: &Mapping,
    uses: &Uses,
    draft: &mut Draft,
    log: &mut Log,
) {
    if !has_buildings {
        for r in rows {
            let (category, functions, assumption) =
                match r.use_text.as_deref().map(|u| (u, uses.lookup(u))) {
                    Some((_, Some(m))) => (m.entry().category, m.entry().functions.clone(), None),
                    Some((u, None)) => (
                        Category::Other,
                        Vec::new(),
                        Some(crate::msg!(ImportKindNotInTable, value = format!("{u:?}"))),
                    ),
                    None => match uses.lookup(&r.name) {
                        Some(m) => (
                            m.entry().category,
                            m.entry().functions.clone(),
                            Some(crate::msg!(
                                ImportKindFromName,
                                category = m.entry().category.key(),
                                use_name = &m.entry().name
                            )),
                        ),
                        None => (Category::Other, Vec::new(), Some(crate::msg!(ImportNoKind))),
                    },
                };
            let i = draft.facilities.len();
            draft.facilities.push(DraftFacility {
                group: format!("list\u{0}{}\u{0}{}", r.place.file, r.place.row),
                number: r.number.clone(),
                name: r.name.clone(),
                functions,
                category: Some(category),
                district: r.district.clone(),
                town: r.town.clone(),
                address: r.address.clone(),
                location: r.location,
                users: r.users,
                capacity: r.capacity,
                data_source: DataSource::Published,
                places: vec![r.place.clone()],
                list_place: Some(r.place.clone()),
                ..DraftFacility::default()
            });
            match assumption {
                Some(a) => log.assumed(r.place.clone(), a, Became::Facility(i)),
                None => log.used(r.place.clone(), Became::Facility(i)),
            }
            if r.location.is_none() {
                log.note(
                    Some(r.place.clone()),
                    crate::msg!(ImportNoCoordinates),
                    false,
                );
            }
        }
        log.note(None, crate::msg!(ImportListWithoutLedger), false);
        return;
    }
    let keys: Vec<String> = draft.facilities.iter().map(|f| name_key(&f.name)).collect();
    let mut joined: Vec<Option<Place>> = draft
        .facilities
        .iter()
        .map(|f| f.list_place.clone())
        .collect();
    let mut pending: Vec<ListRow> = Vec::new();
    // Exact joins (and the mapping file's) first, so a close match never takes a facility that
    // a later row names exactly.
    for r in rows {
        let by_mapping = mapping
            .names
            .iter()
            .find(|(list, _)| name_key(list) == name_key(&r.name))
            .map(|(_, ledger)| name_key(ledger));
        let k = by_mapping.clone().unwrap_or_else(|| name_key(&r.name));
        let hits: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == k).collect();
        match hits.as_slice() {
            [] if by_mapping.is_some() => log.skipped(
                r.place.clone(),
                crate::msg!(
                    ImportMappingJoinsNone,
                    list_name = format!("{:?}", r.name),
                    name = format!("{k:?}")
                ),
            ),
            [] => pending.push(r),
            [i] => {
                let how = if by_mapping.is_some() {
                    JoinHow::Mapping
                } else {
                    JoinHow::Exact
                };
                attach(*i, r, how, &mut joined, uses, draft, log);
            }
            several => log.skipped(
                r.place.clone(),
                crate::msg!(
                    ImportSeveralNamed,
                    n = several.len(),
                    name = format!("{:?}", r.name)
                ),
            ),
        }
    }
    for r in pending {
        let k = name_key(&r.name);
        let mut scored: Vec<((usize, usize), usize)> = (0..keys.len())
            .filter(|&i| joined[i].is_none())
            .map(|i| (likeness(&k, &keys[i]), i))
            .collect();
        scored.sort_by(|a, b| (b.0.0 * a.0.1).cmp(&(a.0.0 * b.0.1)).then(a.1.cmp(&b.1)));
        let close = |(s, i): ((usize, usize), usize)| {
            close_enough(s)
                || (k.contains(keys[i].as_str()) || keys[i].contains(k.as_str()))
                    && k.chars().count().min(keys[i].chars().count()) >= 3
        };
        let best = scored.first().copied().filter(|b| close(*b));
        let unique = match (best, scored.get(1)) {
            (Some(b), Some(second)) => more_alike(b.0, second.0),
            (Some(_), None) => true,
            _ => false,
        };
        match best {
            Some((_, i)) if unique => attach(i, r, JoinHow::Close, &mut joined, uses, draft, log),
            _ => {
                let near: Vec<String> = scored
                    .iter()
                    .take(3)
                    .map(|(_, i)| format!("{:?}", draft.facilities[*i].name))
                    .collect();
                log.skipped(
                    r.place.clone(),
                    crate::msg!(
                        ImportNoLedgerNamed,
                        name = format!("{:?}", r.name),
                        near = if near.is_empty() {
                            Arg::Message(Box::new(crate::msg!(ImportNoneNear)))
                        } else {
                            Arg::Text(near.join(", "))
                        }
                    ),
                );
            }
        }
    }
}

/// Gives a facility what a list row says of it.
fn attach(
    i: usize,
    r: ListRow,
    how: JoinHow,
    joined: &mut [Option<Place>],
    uses: &Uses,
    draft: &mut Draft,
    log: &mut Log,
) {
    if let Some(first) = &joined[i] {
        log.skipped(
            r.place.clone(),
            crate::msg!(
                ImportAlreadyJoined,
                name = format!("{:?}", draft.facilities[i].name),
                first = first.to_string()
            ),
        );
        return;
    }
    joined[i] = Some(r.place.clone());
    let f = &mut draft.facilities[i];
    f.list_place = Some(r.place.clone());
    if f.location.is_none() {
        f.location = r.location;
    }
    for g in functions_of(uses, r.use_text.as_deref()) {
        if !f.functions.contains(&g) {
            f.functions.push(g);
        }
    }
    f.district = f.district.take().or(r.district);
    f.town = f.town.take().or(r.town);
    f.address = f.address.take().or(r.address);
    f.users = f.users.or(r.users);
    f.capacity = f.capacity.or(r.capacity);
    log.join(i, r.place.clone(), &r.name, &f.name, how);
    match how {
        JoinHow::Close => log.assumed(
            r.place.clone(),
            crate::msg!(
                ImportJoinedClose,
                list_name = format!("{:?}", r.name),
                name = format!("{:?}", f.name)
            ),
            Became::Facility(i),
        ),
        _ => log.used(r.place.clone(), Became::Facility(i)),
    }
    if r.location.is_none() {
        log.note(Some(r.place), crate::msg!(ImportNoCoordinates), false);
    }
}
