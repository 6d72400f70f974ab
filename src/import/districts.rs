//! Districts (地区): read from a districts table (names, centres, population), or derived from the
//! facilities themselves: the values of a district column (地区, 小学校区), else, when facilities
//! have coordinates, the town (町・字) of each facility's address. A facility with coordinates but
//! no district goes to the district whose centre is nearest; a derived district's centre is the
//! mean of its facilities' coordinates (an estimate, labelled so). Every such step is logged.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::header::Role;
use super::normal::{key, tidy};
use super::report::{Became, Log};
use super::{Draft, DraftDistrict, Loaded, Place};
use crate::error::Diagnostics;
use crate::inventory::DataSource;
use crate::inventory::geo::{LatLon, great_circle_km};

/// A row of a districts table.
#[derive(Clone, Debug)]
pub(crate) struct DistrictRow {
    place: Place,
    id: String,
    name: String,
    population: Option<u64>,
    centre: Option<LatLon>,
}

/// Reads a districts table.
pub(crate) fn read(s: &Loaded, log: &mut Log, diags: &mut Diagnostics) -> Vec<DistrictRow> {
    let h = &s.header;
    let name_col = h
        .get(Role::District)
        .or_else(|| h.get(Role::AssetName))
        .or_else(|| h.get(Role::FacilityName));
    let Some(name_col) = name_col else {
        diags.push(s.place(h.rows[0]).diag(crate::msg!(NoDistrictColumn)));
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &s.sheet.rows[h.body_start..] {
        let place = s.place(row.number);
        if row.is_blank() {
            log.blank(s.index);
            continue;
        }
        let text = |r: Role| h.get(r).and_then(|c| row.cell(c).text()).map(|t| tidy(&t));
        let Some(name) = row.cell(name_col).text().map(|t| tidy(&t)) else {
            log.skipped(place, crate::msg!(ImportNoDistrictName));
            continue;
        };
        let centre = match (text(Role::Lat), text(Role::Lon)) {
            (Some(a), Some(b)) => match LatLon::parse(&a, &b) {
                Ok(p) => Some(p),
                Err(m) => {
                    let c = h.get(Role::Lat).unwrap_or(0);
                    diags.push(place.at(c, &h.label(c)).diag(m));
                    continue;
                }
            },
            _ => None,
        };
        let population = text(Role::Population).and_then(|t| {
            crate::units::parse_fixed(&t, 0)
                .ok()
                .and_then(|v| u64::try_from(v).ok())
        });
        let id = text(Role::FacilityNumber)
            .or_else(|| text(Role::Number))
            .unwrap_or_else(|| name.clone());
        if let Some(first) = out.iter().find(|d: &&DistrictRow| d.id == id) {
            diags.push(place.diag(crate::msg!(
                DistrictAgain,
                id = format!("{id:?}"),
                first = first.place.to_string()
            )));
            continue;
        }
        out.push(DistrictRow {
            place,
            id,
            name,
            population,
            centre,
        });
    }
    out
}

/// The town (町・字) of an address: after the prefecture and the municipality (市, 郡…町/村, 政令市の
/// 区), without 大字, up to the first number (or 丁目, 番地, 字).
pub(crate) fn town_of(address: &str) -> Option<String> {
    let a: String = key(address);
    let mut rest: &str = &a;
    for p in ["東京都", "北海道", "京都府", "大阪府"] {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r;
        }
    }
    if let Some(i) = rest.find('県').filter(|&i| rest[..i].chars().count() <= 3) {
        rest = &rest[i + '県'.len_utf8()..];
    }
    let within = |s: &str, c: char, n: usize| s.find(c).filter(|&i| s[..i].chars().count() < n);
    if let Some(i) = within(rest, '郡', 6) {
        rest = &rest[i + '郡'.len_utf8()..];
        if let Some(j) = rest
            .find(['町', '村'])
            .filter(|&j| rest[..j].chars().count() < 6)
        {
            rest = &rest[j + '町'.len_utf8()..];
        }
    } else if let Some(i) = within(rest, '市', 8) {
        rest = &rest[i + '市'.len_utf8()..];
        if let Some(j) = within(rest, '区', 5) {
            rest = &rest[j + '区'.len_utf8()..];
        }
    } else if let Some(i) = rest
        .find(['区', '町', '村'])
        .filter(|&i| rest[..i].chars().count() < 6)
    {
        rest = &rest[i + '区'.len_utf8()..];
    }
    let rest = rest.strip_prefix("大字").unwrap_or(rest);
    let mut town = String::new();
    let chars: Vec<char> = rest.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let kanji_number = "一二三四五六七八九十".contains(*c);
        let before_chome = kanji_number
            && chars[i..]
                .iter()
                .find(|x| !"一二三四五六七八九十".contains(**x))
                == Some(&'丁');
        if c.is_ascii_digit() || *c == '字' || *c == '番' || before_chome {
            break;
        }
        town.push(*c);
    }
    (!town.is_empty() && town.chars().count() <= 12).then_some(town)
}

/// The mean of points (exact decimal means of latitudes and longitudes).
fn mean(points: &[LatLon]) -> Option<LatLon> {
    if points.is_empty() {
        return None;
    }
    let n = Decimal::from(points.len());
    let lat: Decimal = points.iter().map(|p| p.lat()).sum::<Decimal>() / n;
    let lon: Decimal = points.iter().map(|p| p.lon()).sum::<Decimal>() / n;
    LatLon::new(lat.round_dp(6), lon.round_dp(6))
}

/// Gives every facility its district and the draft its districts.
pub(crate) fn assign(
    draft: &mut Draft,
    table: Vec<DistrictRow>,
    log: &mut Log,
    diags: &mut Diagnostics,
) {
    let located = draft.facilities.iter().any(|f| f.location.is_some());
    if !table.is_empty() {
        for d in &table {
            draft.districts.push(DraftDistrict {
                id: d.id.clone(),
                name: d.name.clone(),
                population: d.population,
                centre: d.centre,
                note: if d.centre.is_some() {
                    String::new()
                } else {
                    "no centre given".into()
                },
                data_source: DataSource::Published,
            });
            log.used(d.place.clone(), Became::District(d.id.clone()));
        }
        for i in 0..draft.facilities.len() {
            let f = &draft.facilities[i];
            match &f.district {
                Some(v) => {
                    let k = key(v);
                    match table.iter().find(|d| key(&d.id) == k || key(&d.name) == k) {
                        Some(d) => draft.facilities[i].district = Some(d.id.clone()),
                        None => diags.push(
                            f.places
                                .first()
                                .cloned()
                                .unwrap_or_else(|| Place::row("", None, 0))
                                .diag(crate::msg!(
                                    DistrictNotInTable,
                                    value = format!("{v:?}"),
                                    names = table
                                        .iter()
                                        .map(|d| d.name.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )),
                        ),
                    }
                }
                None => nearest(draft, i, log),
            }
        }
        return;
    }
    let by_column = draft.facilities.iter().any(|f| f.district.is_some());
    if !by_column {
        if !located {
            return;
        }
        let mut any = false;
        for f in &mut draft.facilities {
            if f.location.is_some() {
                let town = f
                    .town
                    .clone()
                    .or_else(|| f.address.as_deref().and_then(town_of));
                any |= town.is_some();
                f.district = town;
            }
        }
        if !any {
            return;
        }
        log.note(None, crate::msg!(ImportDistrictsAreTowns), true);
    }
    // Districts in order of first appearance; centres the mean of their located facilities.
    let mut order: Vec<String> = Vec::new();
    let mut members: BTreeMap<String, Vec<LatLon>> = BTreeMap::new();
    for f in &draft.facilities {
        if let Some(d) = &f.district {
            if !members.contains_key(d) {
                order.push(d.clone());
            }
            let m = members.entry(d.clone()).or_default();
            m.extend(f.location);
        }
    }
    for d in order {
        let points = &members[&d];
        let centre = mean(points);
        let note = match points.len() {
            0 => "no facility of it has coordinates: no centre".to_string(),
            1 => "centre: its one facility's coordinates (estimated)".to_string(),
            n => format!("centre: the mean of its {n} facilities' coordinates (estimated)"),
        };
        draft.districts.push(DraftDistrict {
            id: d.clone(),
            name: d.clone(),
            population: None,
            centre,
            note,
            data_source: DataSource::Estimated,
        });
    }
    if located && draft.districts.iter().any(|d| d.centre.is_some()) {
        log.note(None, crate::msg!(ImportCentresAreMeans), true);
    }
    for i in 0..draft.facilities.len() {
        if draft.facilities[i].district.is_none() {
            nearest(draft, i, log);
        }
    }
}

/// Puts a located facility without a district in the district whose centre is nearest.
fn nearest(draft: &mut Draft, i: usize, log: &mut Log) {
    let Some(p) = draft.facilities[i].location else {
        return;
    };
    let best = draft
        .districts
        .iter()
        .filter_map(|d| d.centre.map(|c| (great_circle_km(p, c), d)))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    if let Some((km, d)) = best {
        let id = d.id.clone();
        let place = draft.facilities[i]
            .list_place
            .clone()
            .or_else(|| draft.facilities[i].places.first().cloned());
        if let Some(place) = place {
            log.assumed(
                place,
                crate::msg!(
                    ImportNearestDistrict,
                    id = format!("{id:?}"),
                    km = km.round_dp(1)
                ),
                Became::Facility(i),
            );
        }
        draft.facilities[i].district = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn towns_of_addresses() {
        assert_eq!(
            town_of("栃木県架空市中央町1-2-3").as_deref(),
            Some("中央町")
        );
        assert_eq!(town_of("架空市大字上粕尾1234").as_deref(), Some("上粕尾"));
        assert_eq!(town_of("架空市本町二丁目5番3号").as_deref(), Some("本町"));
        assert_eq!(
            town_of("栃木県上都賀郡架空町大字久我100").as_deref(),
            Some("久我")
        );
        assert_eq!(town_of("東京都架空区桜台３丁目").as_deref(), Some("桜台"));
        assert_eq!(
            town_of("架空市大字北押原字新田45").as_deref(),
            Some("北押原")
        );
        assert_eq!(town_of("1234"), None);
    }

    #[test]
    fn means_of_points() {
        let p = |a: &str, b: &str| LatLon::parse(a, b).unwrap();
        // (36.5 + 36.6) / 2 = 36.55; (139.7 + 139.9) / 2 = 139.8.
        assert_eq!(
            mean(&[p("36.5", "139.7"), p("36.6", "139.9")]),
            Some(p("36.55", "139.8"))
        );
        assert_eq!(mean(&[]), None);
    }
}
