//! The inventory folder an import writes: ids given (the city's own numbers where they are
//! present and unique, else `F001…` and `B0001…`), each facility's category and functions from its
//! buildings, and the text of `inventory.toml`, `facilities.csv`, `buildings.csv` and
//! `districts.csv`, in the engine's own formats (with `lat`/`lon` where known). Nothing here is
//! written to disk: `import::write_folder` does that, whole or not at all.

use std::collections::HashMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::report::Log;
use super::{Draft, Mapping, Source};
use crate::category::Category;
use crate::input::csv::Column;
use crate::inventory::fields::Col;
use crate::inventory::geo::{DEFAULT_DETOUR_FACTOR, DEFAULT_DETOUR_SOURCE, GeoColumn};
use crate::inventory::tables::{BuildingColumn, DistrictColumn, FacilityColumn};
use crate::units::AreaSum;

/// Access standards written when their function is present and distances can be derived:
/// 「小学校で4km以内,中学校で6km以内」, the commuting distances of 義務教育諸学校等の施設費の国庫負担等に
/// 関する法律施行令 第4条, as 文部科学省「公立小学校・中学校の適正規模・適正配置等に関する手引」
/// (H27.1) restates them.
const SCHOOL_STANDARDS: [(&str, i64); 2] = [("elementary_school", 4), ("junior_high_school", 6)];

/// The folder, in memory.
#[derive(Clone, Debug)]
pub(crate) struct Folder {
    /// The inventory's name.
    pub name: String,
    /// Each draft facility's id.
    pub facility_ids: Vec<String>,
    /// Each draft building's id.
    pub building_ids: Vec<String>,
    /// Districts written.
    pub n_districts: usize,
    /// Facilities with coordinates.
    pub n_located: usize,
    /// Total floor area.
    pub floor_area: AreaSum,
    inventory_toml: String,
    facilities_csv: Vec<u8>,
    buildings_csv: Vec<u8>,
    districts_csv: Option<Vec<u8>>,
}

/// Ids: each thing's own number where it has one that no other has, else `prefix` and a number
/// (zero-padded to `width` digits at least) that no kept number takes.
fn ids(numbers: &[Option<String>], prefix: &str, width: usize) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for n in numbers.iter().flatten() {
        *count.entry(n.as_str()).or_default() += 1;
    }
    fn usable<'a>(n: &'a Option<String>, count: &HashMap<&str, usize>) -> Option<&'a str> {
        n.as_deref()
            .filter(|n| !n.is_empty() && count[n] == 1 && !n.chars().any(char::is_control))
    }
    let kept: std::collections::HashSet<&str> =
        numbers.iter().filter_map(|n| usable(n, &count)).collect();
    let width = width.max(numbers.len().to_string().len());
    let mut next = 1usize;
    numbers
        .iter()
        .map(|n| match usable(n, &count) {
            Some(n) => n.to_string(),
            None => loop {
                let id = format!("{prefix}{next:0width$}");
                next += 1;
                if !kept.contains(id.as_str()) {
                    break id;
                }
            },
        })
        .collect()
}

/// The header names of `columns`, as the engine's reader of the table declares them.
fn names<C: Col>(table: &[Column], columns: &[C]) -> Vec<&'static str> {
    columns.iter().map(|c| table[c.index()].name).collect()
}

/// `lat` and `lon`, as the engine reads coordinates.
fn lat_lon() -> Vec<&'static str> {
    names(GeoColumn::COLUMNS, &[GeoColumn::Lat, GeoColumn::Lon])
}

fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// The header of the `facilities.csv` written: the engine's column names, coordinates among them.
fn facility_header() -> Vec<&'static str> {
    use FacilityColumn as C;
    let t = FacilityColumn::COLUMNS;
    [
        names(
            t,
            &[
                C::Id,
                C::Name,
                C::Category,
                C::District,
                C::Functions,
                C::AnnualUsers,
                C::Capacity,
                C::OperatingCost,
            ],
        ),
        lat_lon(),
        names(t, &[C::DataSource, C::SourceUrl]),
    ]
    .concat()
}

/// The header of the `buildings.csv` written, in the engine's column names.
fn building_header() -> Vec<&'static str> {
    use BuildingColumn as C;
    names(
        BuildingColumn::COLUMNS,
        &[
            C::Id,
            C::FacilityId,
            C::Name,
            C::FloorArea,
            C::Built,
            C::Structure,
            C::Category,
            C::Renovated,
            C::Condition,
            C::SurveyYear,
            C::DataSource,
            C::SourceUrl,
        ],
    )
}

impl Folder {
    /// Builds the folder's files from the draft.
    pub fn new(
        draft: &Draft,
        mapping: &Mapping,
        name: &str,
        sources: &[Source],
        log: &mut Log,
    ) -> Folder {
        let facility_ids = ids(
            &draft
                .facilities
                .iter()
                .map(|f| f.number.clone())
                .collect::<Vec<_>>(),
            "F",
            3,
        );
        let building_ids = ids(
            &draft
                .buildings
                .iter()
                .map(|b| b.number.clone())
                .collect::<Vec<_>>(),
            "B",
            4,
        );
        // Each facility's buildings, largest first (the first building's functions come first).
        let mut by_facility: Vec<Vec<usize>> = vec![Vec::new(); draft.facilities.len()];
        for (i, b) in draft.buildings.iter().enumerate() {
            by_facility[b.facility].push(i);
        }
        for list in &mut by_facility {
            list.sort_by(|&a, &b| {
                draft.buildings[b]
                    .floor_area
                    .cmp(&draft.buildings[a].floor_area)
                    .then(a.cmp(&b))
            });
        }
        let located = draft.facilities.iter().any(|f| f.location.is_some());
        let mut functions_seen: Vec<String> = Vec::new();
        let mut facility_rows = Vec::new();
        for (i, f) in draft.facilities.iter().enumerate() {
            // The category with the most floor area (the first of equal ones), unless given.
            let category = f.category.unwrap_or_else(|| {
                let mut areas: Vec<(Category, AreaSum)> = Vec::new();
                for &b in &by_facility[i] {
                    let c = draft.buildings[b].category;
                    match areas.iter_mut().find(|(x, _)| *x == c) {
                        Some((_, a)) => a.add(draft.buildings[b].floor_area),
                        None => areas.push((c, draft.buildings[b].floor_area.into())),
                    }
                }
                areas
                    .iter()
                    .fold(None::<(Category, AreaSum)>, |best, &(c, a)| match best {
                        Some((_, ba)) if ba >= a => best,
                        _ => Some((c, a)),
                    })
                    .map_or(Category::Other, |(c, _)| c)
            });
            let mut functions: Vec<String> = Vec::new();
            for &b in &by_facility[i] {
                for g in &draft.buildings[b].functions {
                    if !functions.contains(g) {
                        functions.push(g.clone());
                    }
                }
            }
            for g in &f.functions {
                if !functions.contains(g) {
                    functions.push(g.clone());
                }
            }
            for g in &functions {
                if !functions_seen.contains(g) {
                    functions_seen.push(g.clone());
                }
            }
            let source = f
                .source_url
                .clone()
                .or_else(|| f.places.first().map(|p| p.whole_row().to_string()))
                .unwrap_or_default();
            facility_rows.push(vec![
                facility_ids[i].clone(),
                if f.name.is_empty() {
                    facility_ids[i].clone()
                } else {
                    f.name.clone()
                },
                category.key().to_string(),
                f.district.clone().unwrap_or_default(),
                functions.join(";"),
                opt(f.users),
                opt(f.capacity),
                opt(f.operating_yen.map(|y| y.normalize())),
                opt(f.location.map(|p| p.lat().normalize())),
                opt(f.location.map(|p| p.lon().normalize())),
                f.data_source.key().to_string(),
                source,
            ]);
        }
        let mut floor_area = AreaSum::ZERO;
        let mut building_rows = Vec::new();
        for (i, b) in draft.buildings.iter().enumerate() {
            floor_area.add(b.floor_area);
            let name = if b.name.is_empty() {
                draft.facilities[b.facility].name.clone()
            } else {
                b.name.clone()
            };
            building_rows.push(vec![
                building_ids[i].clone(),
                facility_ids[b.facility].clone(),
                name,
                b.floor_area.to_decimal().to_string(),
                b.built.to_string(),
                b.structure.key().to_string(),
                b.category.key().to_string(),
                opt(b.renovated),
                opt(b.condition),
                opt(b.survey_year),
                b.data_source.key().to_string(),
                b.source_url
                    .clone()
                    .unwrap_or_else(|| b.place.whole_row().to_string()),
            ]);
        }
        let districts_csv = (!draft.districts.is_empty()).then(|| {
            let rows: Vec<Vec<String>> = draft
                .districts
                .iter()
                .map(|d| {
                    vec![
                        d.id.clone(),
                        d.name.clone(),
                        opt(d.population),
                        opt(d.centre.map(|p| p.lat().normalize())),
                        opt(d.centre.map(|p| p.lon().normalize())),
                        d.data_source.key().to_string(),
                        d.note.clone(),
                    ]
                })
                .collect();
            use DistrictColumn as C;
            let t = DistrictColumn::COLUMNS;
            let header = [
                names(t, &[C::Id, C::Name, C::Population]),
                lat_lon(),
                names(t, &[C::DataSource]),
                // Read by people only: how the district was made.
                vec!["note"],
            ]
            .concat();
            csv_bytes(&header, &rows)
        });

        // inventory.toml
        let mut t = String::new();
        let described: Vec<String> = sources
            .iter()
            .map(|s| crate::input::display_name(&s.path))
            .collect();
        let _ = writeln!(
            t,
            "# Imported by shisetsu from {}.\n# What each source row became, and every assumption to review: import-report.md.\n",
            described.join(", ")
        );
        let _ = writeln!(t, "name = {}", toml_string(name));
        let _ = writeln!(
            t,
            "description = {}",
            toml_string(&format!(
                "imported from {}; see import-report.md",
                described.join(", ")
            ))
        );
        match &mapping.plan {
            Some(p) => {
                let _ = writeln!(
                    t,
                    "\n[plan]\nfirst_year = {}\nyears = {}",
                    p.horizon.first(),
                    p.horizon.years()
                );
                if let Some(cap) = p.cap {
                    let _ = writeln!(t, "cap_yen = {}", cap.get().normalize());
                }
            }
            None => {
                let _ = writeln!(
                    t,
                    "\n# The management plan (公共施設等総合管理計画): its first fiscal year, its length and its\n# annual cap in yen. Scenarios can set their own.\n# [plan]\n# first_year = 2022\n# years = 30\n# cap_yen = 5580000000"
                );
            }
        }
        let mut access: Vec<(String, Decimal, String)> = Vec::new();
        if located {
            for (function, km) in SCHOOL_STANDARDS {
                if functions_seen.iter().any(|g| g == function) {
                    access.push((
                        function.to_string(),
                        Decimal::from(km),
                        "文部科学省「公立小学校・中学校の適正規模・適正配置等に関する手引」(H27.1): 小学校 4km, 中学校 6km".to_string(),
                    ));
                }
            }
        }
        for (function, km) in &mapping.access {
            access.retain(|(g, _, _)| g != function);
            access.push((
                function.clone(),
                *km,
                format!(
                    "from the mapping file {}",
                    mapping.file.clone().unwrap_or_default()
                ),
            ));
        }
        if !access.is_empty() {
            let _ = writeln!(
                t,
                "\n# Access standards, km by road, per function.\n[access]"
            );
            let mut last_source = "";
            for (function, km, source) in &access {
                if source != last_source {
                    let _ = writeln!(t, "# {source}");
                    last_source = source;
                }
                let _ = writeln!(t, "{} = {}", toml_key(function), km.normalize());
            }
        }
        if located {
            let (factor, source) = match &mapping.detour {
                Some((f, s)) => (*f, s.clone()),
                None => {
                    // The source is DEFAULT_DETOUR_SOURCE in the user's language (a test keeps
                    // its English the constant).
                    log.note(
                        None,
                        crate::msg!(
                            ImportStraightLines,
                            factor = DEFAULT_DETOUR_FACTOR,
                            source = crate::messages::Id::ImportDetourAssumption
                        ),
                        true,
                    );
                    (DEFAULT_DETOUR_FACTOR, DEFAULT_DETOUR_SOURCE.to_string())
                }
            };
            let _ = writeln!(
                t,
                "\n# Without roads.csv, distances are straight lines (great-circle) × detour_factor.\n[distances]\ndetour_factor = {}\nsource = {}",
                factor.normalize(),
                toml_string(&source)
            );
        }
        Folder {
            name: name.to_string(),
            n_districts: draft.districts.len(),
            n_located: draft
                .facilities
                .iter()
                .filter(|f| f.location.is_some())
                .count(),
            floor_area,
            facilities_csv: csv_bytes(&facility_header(), &facility_rows),
            buildings_csv: csv_bytes(&building_header(), &building_rows),
            districts_csv,
            inventory_toml: t,
            facility_ids,
            building_ids,
        }
    }

    /// The files, by name (the report's excepted).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut v = vec![
            (
                "inventory.toml".to_string(),
                self.inventory_toml.clone().into_bytes(),
            ),
            ("facilities.csv".to_string(), self.facilities_csv.clone()),
            ("buildings.csv".to_string(), self.buildings_csv.clone()),
        ];
        if let Some(d) = &self.districts_csv {
            v.push(("districts.csv".to_string(), d.clone()));
        }
        v
    }

    /// The names of every file of the folder, the report's included, in name order.
    pub fn file_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.files().into_iter().map(|(n, _)| n).collect();
        v.push("import-report.json".into());
        v.push("import-report.md".into());
        v.sort();
        v
    }
}

/// A TOML key: bare when it can be, quoted otherwise.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml_string(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_detour_note_cites_the_written_source() {
        // The note on straight-line distances quotes, in English, the source written into
        // inventory.toml.
        assert_eq!(
            crate::messages::Id::ImportDetourAssumption.template(crate::messages::Lang::En),
            DEFAULT_DETOUR_SOURCE
        );
    }

    #[test]
    fn own_numbers_where_unique_else_generated() {
        let n = |v: &[Option<&str>]| {
            ids(
                &v.iter().map(|x| x.map(str::to_string)).collect::<Vec<_>>(),
                "F",
                3,
            )
        };
        assert_eq!(n(&[Some("12"), Some("13")]), ["12", "13"]);
        assert_eq!(n(&[Some("12"), None, Some("12")]), ["F001", "F002", "F003"]);
        assert_eq!(n(&[Some("F001"), None]), ["F001", "F002"]);
        assert_eq!(n(&[None, Some("F001")]), ["F002", "F001"]);
    }

    #[test]
    fn headers_are_the_engines_column_names() {
        // The headers written before they were taken from the readers' declarations.
        assert_eq!(
            facility_header().join(","),
            "id,name,category,district,functions,annual_users,capacity,operating_cost_yen,lat,lon,\
             data_source,source_url"
        );
        assert_eq!(
            building_header().join(","),
            "id,facility_id,name,floor_area_m2,built_year,structure,category,renovated_year,\
             condition,survey_year,data_source,source_url"
        );
    }
}
