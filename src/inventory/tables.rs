//! The CSV tables of an inventory folder (facilities, buildings, districts, roads, infrastructure):
//! their columns, and reading each into domain rows with every problem located.

use std::collections::{HashMap, HashSet};

use crate::category::Category;
use crate::cost::infra::{BridgeStructure, InfraAsset, PipeClass, Quantity};
use crate::error::{Diagnostic, Diagnostics};
use crate::input::csv::{Column, Header, Reader, ragged};
use crate::inventory::fields::Row;
use crate::inventory::{Building, District, Facility, Infrastructure, RoadLink};

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        name,
        aliases,
        required,
    }
}

pub(crate) const ID: &[&str] = &["ID", "番号", "施設番号"];
pub(crate) const NAME: &[&str] = &["名称", "施設名", "建物名", "棟名"];
pub(crate) const CATEGORY: &[&str] = &["大分類", "分類", "施設分類"];
pub(crate) const AREA: &[&str] = &[
    "延床面積",
    "延床面積(㎡)",
    "延床面積(m2)",
    "floor_area",
    "area_m2",
];
pub(crate) const BUILT: &[&str] = &["建築年", "建築年度", "竣工年", "竣工年度", "year_built"];
pub(crate) const STRUCTURE: &[&str] = &["構造"];
pub(crate) const DISTRICT: &[&str] = &["地区"];
pub(crate) const CONDITION: &[&str] = &["劣化度", "健全度", "評価"];
pub(crate) const RENOVATED: &[&str] = &["大規模改修年", "改修年", "renovation_year"];
pub(crate) const OPERATING: &[&str] = &["annual_operating_cost_yen", "維持管理費", "運営費"];

/// Columns of `facilities.csv`.
pub const FACILITY_COLUMNS: [Column; 10] = [
    col("id", ID, true),
    col("name", NAME, true),
    col("category", CATEGORY, true),
    col("district", DISTRICT, false),
    col("functions", &["機能"], false),
    col("annual_users", &["利用者数", "年間利用者数"], false),
    col("capacity", &["定員", "容量"], false),
    col("operating_cost_yen", OPERATING, false),
    col("data_source", &[], false),
    col("source_url", &["出典"], false),
];

/// The five part-grade columns of a condition survey (文科省 解説書), shared by both buildings tables.
macro_rules! part_columns {
    () => {
        [
            col("grade_roof", &["屋根・屋上"], false),
            col("grade_exterior", &["外壁"], false),
            col("grade_interior", &["内部仕上"], false),
            col("grade_electrical", &["電気設備"], false),
            col("grade_mechanical", &["機械設備"], false),
        ]
    };
}
pub(crate) use part_columns;

const PARTS: [Column; 5] = part_columns!();

/// Columns of `buildings.csv` in a folder inventory.
pub const BUILDING_COLUMNS: [Column; 17] = [
    col("id", ID, true),
    col("facility_id", &["施設ID"], true),
    col("name", NAME, false),
    col("floor_area_m2", AREA, true),
    col("built_year", BUILT, true),
    col("structure", STRUCTURE, false),
    col("condition", CONDITION, false),
    col("survey_year", &["調査年"], false),
    col("renovated_year", RENOVATED, false),
    col("category", CATEGORY, false),
    col("data_source", &[], false),
    col("source_url", &["出典"], false),
    PARTS[0],
    PARTS[1],
    PARTS[2],
    PARTS[3],
    PARTS[4],
];

/// Columns of `districts.csv`.
pub const DISTRICT_COLUMNS: [Column; 5] = [
    col("id", ID, true),
    col("name", NAME, true),
    col("population", &["人口"], false),
    col("population_projected", &["将来人口"], false),
    col("data_source", &[], false),
];

/// Columns of `roads.csv`.
pub const ROAD_COLUMNS: [Column; 3] = [
    col("from", &[], true),
    col("to", &[], true),
    col("km", &["distance_km", "距離"], true),
];

/// Columns of `infrastructure.csv`.
pub const INFRA_COLUMNS: [Column; 10] = [
    col("id", ID, true),
    col("name", NAME, false),
    col("asset", &["種別"], true),
    col("area_m2", &["面積"], false),
    col("length_m", &["延長"], false),
    col("built_year", BUILT, false),
    col("structure", STRUCTURE, false),
    col("pipe_class", &["管種"], false),
    col("diameter_mm", &["口径"], false),
    col("rehabilitated", &["更生管"], false),
];

/// Reads every record of a table, calling `each` with a typed view of valid-width records and
/// recording header, quoting and width problems. Returns the header, or `None` if it was unusable.
pub fn read_rows<'a>(
    text: &'a str,
    file: &str,
    columns: &[Column],
    diags: &mut Diagnostics,
    mut each: impl FnMut(&mut Row<'_, 'a>),
) -> Option<Header> {
    let mut reader = Reader::new(text);
    let header = match Header::read(&mut reader, columns, file) {
        Ok(h) => h,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    read_body(&mut reader, &header, file, columns, diags, &mut each);
    Some(header)
}

/// Reads the records after the header (or of one chunk of them).
pub fn read_body<'a>(
    reader: &mut Reader<'a>,
    header: &Header,
    file: &str,
    columns: &[Column],
    diags: &mut Diagnostics,
    each: &mut dyn FnMut(&mut Row<'_, 'a>),
) {
    let mut fields = Vec::with_capacity(header.width());
    while let Some(record) = reader.next_record(&mut fields) {
        match record {
            Err(e) => diags.push(Diagnostic::line(file, e.line(), e.message())),
            Ok(line) => {
                if fields.len() != header.width() {
                    diags.push(ragged(file, line, fields.len(), header));
                    continue;
                }
                let mut row = Row {
                    file,
                    line,
                    columns,
                    header,
                    fields: &fields,
                    diags,
                };
                each(&mut row);
            }
        }
    }
}

/// The keys of a row (its id and the ids it refers to), read even when other fields of the row are
/// bad, so that duplicate ids and unknown references are reported on every row.
#[derive(Clone, Debug, Default)]
pub struct RowKeys {
    /// The line.
    pub line: usize,
    /// The row's own id, if it has one.
    pub id: Option<String>,
    /// Ids of other rows it names: (column, id).
    pub refs: Vec<(&'static str, String)>,
}

/// A table: its valid rows, and the keys of every row.
pub struct Table<T> {
    /// Rows without problems.
    pub rows: Vec<T>,
    /// Keys of every row, valid or not, in file order.
    pub keys: Vec<RowKeys>,
}

impl<T> Table<T> {
    fn new() -> Self {
        Table {
            rows: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The ids of every row that has one, valid or not.
    pub fn ids(&self) -> HashSet<String> {
        self.keys.iter().filter_map(|k| k.id.clone()).collect()
    }
}

impl RowKeys {
    /// The id in column `id` (if the table has one) and the references in `refs`, of a row.
    fn of(r: &Row<'_, '_>, id: Option<usize>, refs: &[(usize, &'static str)]) -> RowKeys {
        RowKeys {
            line: r.line,
            id: id.and_then(|c| r.text(c)).map(str::to_string),
            refs: refs
                .iter()
                .filter_map(|&(c, name)| r.text(c).map(|t| (name, t.to_string())))
                .collect(),
        }
    }
}

/// Checks ids for duplicates, in order, reporting each repeat at its line.
fn check_unique(file: &str, keys: &[RowKeys], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for k in keys {
        let Some(id) = k.id.as_deref() else { continue };
        if let Some(&first) = seen.get(id) {
            diags.push(Diagnostic::field(
                file,
                Some(k.line),
                "id",
                format!("duplicate id {id:?} (first on line {first})"),
            ));
        } else {
            seen.insert(id, k.line);
        }
    }
}

/// Reads `facilities.csv`.
pub fn facilities(text: &str, file: &str, diags: &mut Diagnostics) -> Table<Facility> {
    let mut out = Table::new();
    read_rows(text, file, &FACILITY_COLUMNS, diags, |r| {
        out.keys.push(RowKeys::of(r, Some(0), &[(3, "district")]));
        let id = r.required(0);
        let name = r.required(1);
        let category = r.category(2);
        let district = r.text(3).map(str::to_string);
        let functions = r
            .text(4)
            .map(|t| {
                t.split([';', '|', '、'])
                    .map(|f| f.trim().to_string())
                    .filter(|f| !f.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let annual_users = r.count(5);
        let capacity = r.count(6);
        let operating_yen = r.yen(7);
        let data_source = r.data_source(8);
        let source_url = r.text(9).map(str::to_string);
        if let (Some(id), Some(name), Some(category)) = (id, name, category) {
            out.rows.push(Facility {
                id,
                name,
                category,
                district,
                functions,
                annual_users,
                capacity,
                operating_yen,
                data_source,
                source_url,
                line: r.line,
            });
        }
    });
    check_unique(file, &out.keys, diags);
    out
}

/// A building row before its facility id is resolved.
pub struct PendingBuilding {
    /// The building, with `facility` unset.
    pub building: Building,
    /// The facility id it names.
    pub facility_id: String,
    /// Whether it set its own category.
    pub own_category: bool,
}

/// Reads `buildings.csv` of a folder inventory.
pub fn buildings(text: &str, file: &str, diags: &mut Diagnostics) -> Table<PendingBuilding> {
    let mut out = Table::new();
    read_rows(text, file, &BUILDING_COLUMNS, diags, |r| {
        out.keys
            .push(RowKeys::of(r, Some(0), &[(1, "facility_id")]));
        let id = r.required(0);
        let facility_id = r.required(1);
        let name = r.text(2).unwrap_or("").to_string();
        let area = r.area(3);
        let built = r.required_year(4);
        let structure = r.structure(5);
        let condition = r.condition(6);
        let survey_year = r.year(7);
        let renovated = r.year(8);
        let category = if r.text(9).is_some() {
            r.category(9)
        } else {
            None
        };
        let own_category = category.is_some();
        let data_source = r.data_source(10);
        let source_url = r.text(11).map(str::to_string);
        let condition = match (condition, r.part_grades([12, 13, 14, 15, 16])) {
            (Some(_), Some(_)) => {
                r.bad(6, "give the condition or the five part grades, not both");
                None
            }
            (c, parts) => c.or(parts),
        };
        if let (Some(b), Some(ren)) = (built, renovated) {
            if ren < b {
                r.bad(8, format!("{ren} is before the year built {b}"));
            }
        }
        if let (Some(id), Some(facility_id), Some(floor_area), Some(built)) =
            (id, facility_id, area, built)
        {
            out.rows.push(PendingBuilding {
                building: Building {
                    id,
                    facility: crate::inventory::FacilityIdx::new(0),
                    name,
                    category: category.unwrap_or(Category::Other),
                    floor_area,
                    built,
                    structure,
                    condition,
                    survey_year,
                    renovated,
                    data_source,
                    source_url,
                    line: r.line,
                },
                facility_id,
                own_category,
            });
        }
    });
    check_unique(file, &out.keys, diags);
    out
}

/// Reads `districts.csv`.
pub fn districts(text: &str, file: &str, diags: &mut Diagnostics) -> Table<District> {
    let mut out = Table::new();
    read_rows(text, file, &DISTRICT_COLUMNS, diags, |r| {
        out.keys.push(RowKeys::of(r, Some(0), &[]));
        let id = r.required(0);
        let name = r.required(1);
        let population = r.count(2);
        let population_projected = r.count(3);
        let data_source = r.data_source(4);
        if let (Some(id), Some(name)) = (id, name) {
            out.rows.push(District {
                id,
                name,
                population,
                population_projected,
                data_source,
                line: r.line,
            });
        }
    });
    check_unique(file, &out.keys, diags);
    out
}

/// Reads `roads.csv`.
pub fn roads(text: &str, file: &str, diags: &mut Diagnostics) -> Table<RoadLink> {
    let mut out = Table::new();
    read_rows(text, file, &ROAD_COLUMNS, diags, |r| {
        out.keys
            .push(RowKeys::of(r, None, &[(0, "from"), (1, "to")]));
        let from = r.required(0);
        let to = r.required(1);
        let km = match r.text(2) {
            Some(_) => r.quantity(2),
            None => {
                r.bad(2, "is empty");
                None
            }
        };
        if let (Some(from), Some(to), Some(km)) = (from, to, km) {
            if from == to {
                r.bad(1, "a road links two different places");
            } else {
                out.rows.push(RoadLink {
                    from,
                    to,
                    km,
                    line: r.line,
                });
            }
        }
    });
    out
}

/// Reads `infrastructure.csv`.
pub fn infrastructure(text: &str, file: &str, diags: &mut Diagnostics) -> Table<Infrastructure> {
    let mut out = Table::new();
    read_rows(text, file, &INFRA_COLUMNS, diags, |r| {
        out.keys.push(RowKeys::of(r, Some(0), &[]));
        let id = r.required(0);
        let name = r.text(1).unwrap_or("").to_string();
        let category = match r.text(2) {
            None => {
                r.bad(
                    2,
                    "is empty (road_general, road_footpath, bridge, water_pipe, sewer_pipe)",
                );
                None
            }
            Some(t) => match Category::parse(t) {
                Some(c) if !c.is_building() => Some(c),
                _ => {
                    r.bad(
                        2,
                        format!("{t:?} is not an infrastructure asset (road_general, road_footpath, bridge, water_pipe, sewer_pipe)"),
                    );
                    None
                }
            },
        };
        let area = r.quantity(3);
        let length = r.quantity(4);
        let built = r.year(5).map(|y| y.get());
        let bridge_text = r.text(6).map(str::to_string);
        let bridge_structure = match bridge_text {
            None => BridgeStructure::Other,
            Some(t) => BridgeStructure::parse(&t).unwrap_or_else(|| {
                r.bad(
                    6,
                    format!("{t:?} is not a bridge structure (pc, rc, steel, stone, wood)"),
                );
                BridgeStructure::Other
            }),
        };
        let pipe_class = match r.text(7).map(str::to_ascii_lowercase).as_deref() {
            None | Some("distribution") | Some("配水管") => PipeClass::Distribution,
            Some("transmission") | Some("導水管") | Some("送水管") => PipeClass::Transmission,
            Some(other) => {
                let msg = format!("{other:?} is not distribution or transmission");
                r.bad(7, msg);
                PipeClass::Distribution
            }
        };
        let diameter = r.count(8).map(|d| d as u32);
        let rehabilitated = r.flag(9);
        let Some(category) = category else { return };
        let quantity = match (category, area, length) {
            (Category::RoadGeneral | Category::Bridge, Some(a), _) => Some(Quantity::AreaM2(a)),
            (Category::RoadFootpath, Some(a), _) => Some(Quantity::AreaM2(a)),
            (Category::RoadFootpath, None, Some(l)) => Some(Quantity::LengthM(l)),
            (Category::WaterPipe | Category::SewerPipe, _, Some(l)) => Some(Quantity::LengthM(l)),
            (Category::WaterPipe | Category::SewerPipe, _, None) => {
                r.bad(4, "is empty: a pipe needs its length in m");
                None
            }
            _ => {
                r.bad(3, "is empty: roads and bridges need their area in m²");
                None
            }
        };
        if category == Category::WaterPipe && diameter.is_none() {
            r.bad(
                8,
                "is empty: a water pipe needs its diameter (unit costs are by diameter)",
            );
            return;
        }
        if let (Some(id), Some(quantity)) = (id, quantity) {
            out.rows.push(Infrastructure {
                id,
                name,
                asset: InfraAsset {
                    category,
                    quantity,
                    built,
                    bridge_structure,
                    pipe_class,
                    diameter_mm: diameter,
                    rehabilitated,
                },
                line: r.line,
            });
        }
    });
    check_unique(file, &out.keys, diags);
    out
}
