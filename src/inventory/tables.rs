//! The tables of an inventory folder (facilities, buildings, districts, roads, infrastructure):
//! their columns, declared once by name, and reading each row into a typed row with every problem
//! located (at a line of a CSV file, or a cell of a sheet). Reading stops at the table: ids are
//! checked for repeats within it, but references between tables are resolved by the inventory
//! ([`super::resolve`]), so rows can come from any reader that can make a [`Row`].

use crate::msg;
use std::collections::{HashMap, HashSet};

use crate::category::{Category, Structure};
use crate::cost::infra::{BridgeStructure, InfraAsset, PipeClass, Quantity};
use crate::error::{Diagnostic, Diagnostics};
use crate::input::csv::{Column, Header, Reader, ragged};
use crate::inventory::fields::{Col, Row};
use crate::inventory::{
    Building, Condition, DataSource, District, Facility, FacilityIdx, Infrastructure, RoadLink,
};
use crate::units::{FiscalYear, FloorArea};

/// Declares a table's columns once: an enum that names each (a row's fields are read by these
/// names), and the list of [`Column`]s a header is matched against, in the same order.
macro_rules! columns {
    (
        $(#[$doc:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vdoc:meta])* $var:ident = ($key:literal, $aliases:expr, $required:expr) ),* $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vdoc])* $var ),*
        }

        impl $name {
            /// The columns a header is matched against, in the order of the variants.
            pub const COLUMNS: &'static [Column] = &[
                $( Column { name: $key, aliases: $aliases, required: $required } ),*
            ];
        }

        impl $crate::inventory::fields::Col for $name {
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}
pub(crate) use columns;

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
pub(crate) const SURVEY: &[&str] = &["調査年"];
pub(crate) const SOURCE_URL: &[&str] = &["出典"];
/// The five part grades of a condition survey (文科省 解説書), shared by both buildings tables.
pub(crate) const ROOF: &[&str] = &["屋根・屋上"];
pub(crate) const EXTERIOR: &[&str] = &["外壁"];
pub(crate) const INTERIOR: &[&str] = &["内部仕上"];
pub(crate) const ELECTRICAL: &[&str] = &["電気設備"];
pub(crate) const MECHANICAL: &[&str] = &["機械設備"];

columns! {
    /// The columns of `facilities.csv`.
    pub enum FacilityColumn {
        /// `id`.
        Id = ("id", ID, true),
        /// `name`.
        Name = ("name", NAME, true),
        /// `category`: a MIC 大分類.
        Category = ("category", CATEGORY, true),
        /// `district`: a district id.
        District = ("district", DISTRICT, false),
        /// `functions`: services offered, `;`-separated.
        Functions = ("functions", &["機能"], false),
        /// `annual_users`.
        AnnualUsers = ("annual_users", &["利用者数", "年間利用者数"], false),
        /// `capacity`: users a year it can take.
        Capacity = ("capacity", &["定員", "容量"], false),
        /// `operating_cost_yen`: actual annual operating cost.
        OperatingCost = ("operating_cost_yen", OPERATING, false),
        /// `data_source`: published or estimated.
        DataSource = ("data_source", &[], false),
        /// `source_url`.
        SourceUrl = ("source_url", SOURCE_URL, false),
    }
}

columns! {
    /// The columns of `buildings.csv` in a folder inventory.
    pub enum BuildingColumn {
        /// `id`.
        Id = ("id", ID, true),
        /// `facility_id`: the facility it belongs to.
        FacilityId = ("facility_id", &["施設ID"], true),
        /// `name`.
        Name = ("name", NAME, false),
        /// `floor_area_m2`.
        FloorArea = ("floor_area_m2", AREA, true),
        /// `built_year`.
        Built = ("built_year", BUILT, true),
        /// `structure`.
        Structure = ("structure", STRUCTURE, false),
        /// `condition`: a grade A–D or a 健全度 score.
        Condition = ("condition", CONDITION, false),
        /// `survey_year`.
        SurveyYear = ("survey_year", SURVEY, false),
        /// `renovated_year`: the last major renovation.
        Renovated = ("renovated_year", RENOVATED, false),
        /// `category`: its own, when it differs from its facility's.
        Category = ("category", CATEGORY, false),
        /// `data_source`.
        DataSource = ("data_source", &[], false),
        /// `source_url`.
        SourceUrl = ("source_url", SOURCE_URL, false),
        /// `grade_roof`.
        Roof = ("grade_roof", ROOF, false),
        /// `grade_exterior`.
        Exterior = ("grade_exterior", EXTERIOR, false),
        /// `grade_interior`.
        Interior = ("grade_interior", INTERIOR, false),
        /// `grade_electrical`.
        Electrical = ("grade_electrical", ELECTRICAL, false),
        /// `grade_mechanical`.
        Mechanical = ("grade_mechanical", MECHANICAL, false),
    }
}

impl BuildingColumn {
    /// The five part-grade columns, in the order of the 健全度 weights.
    pub const PARTS: [BuildingColumn; 5] = [
        BuildingColumn::Roof,
        BuildingColumn::Exterior,
        BuildingColumn::Interior,
        BuildingColumn::Electrical,
        BuildingColumn::Mechanical,
    ];
}

columns! {
    /// The columns of `districts.csv`.
    pub enum DistrictColumn {
        /// `id`.
        Id = ("id", ID, true),
        /// `name`.
        Name = ("name", NAME, true),
        /// `population`.
        Population = ("population", &["人口"], false),
        /// `population_projected`.
        PopulationProjected = ("population_projected", &["将来人口"], false),
        /// `data_source`.
        DataSource = ("data_source", &[], false),
    }
}

columns! {
    /// The columns of `roads.csv`.
    pub enum RoadColumn {
        /// `from`: a district or facility id.
        From = ("from", &[], true),
        /// `to`: a district or facility id.
        To = ("to", &[], true),
        /// `km`: road distance.
        Km = ("km", &["distance_km", "距離"], true),
    }
}

columns! {
    /// The columns of `infrastructure.csv`.
    pub enum InfraColumn {
        /// `id`.
        Id = ("id", ID, true),
        /// `name`.
        Name = ("name", NAME, false),
        /// `asset`: road_general, road_footpath, bridge, water_pipe, sewer_pipe.
        Asset = ("asset", &["種別"], true),
        /// `area_m2`.
        Area = ("area_m2", &["面積"], false),
        /// `length_m`.
        Length = ("length_m", &["延長"], false),
        /// `built_year`.
        Built = ("built_year", BUILT, false),
        /// `structure`: a bridge's.
        Structure = ("structure", STRUCTURE, false),
        /// `pipe_class`: distribution or transmission.
        PipeClass = ("pipe_class", &["管種"], false),
        /// `diameter_mm`.
        Diameter = ("diameter_mm", &["口径"], false),
        /// `rehabilitated`: a sewer pipe lined (更生管).
        Rehabilitated = ("rehabilitated", &["更生管"], false),
    }
}

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
                    sheet: None,
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
    /// An empty table.
    pub fn new() -> Self {
        Table {
            rows: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Adds one row read: its keys, and its value when it is valid.
    pub fn push(&mut self, (keys, row): (RowKeys, Option<T>)) {
        self.keys.push(keys);
        self.rows.extend(row);
    }

    /// Reports every id that repeats an earlier row's, at the repeat's line.
    pub fn check_unique(&self, file: &str, diags: &mut Diagnostics) {
        let mut seen: HashMap<&str, usize, foldhash::fast::FixedState> = HashMap::default();
        for k in &self.keys {
            let Some(id) = k.id.as_deref() else { continue };
            if let Some(&first) = seen.get(id) {
                diags.push(Diagnostic::field(
                    file,
                    Some(k.line),
                    "id",
                    msg!(DuplicateId, id = format!("{id:?}"), first),
                ));
            } else {
                seen.insert(id, k.line);
            }
        }
    }

    /// The ids of every row that has one, valid or not (borrowed: a table of a million rows is
    /// not copied to be looked up).
    pub fn ids(&self) -> HashSet<&str, foldhash::fast::FixedState> {
        self.keys.iter().filter_map(|k| k.id.as_deref()).collect()
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table::new()
    }
}

impl RowKeys {
    /// The id in column `id` (if the table has one) and the references in `refs`, of a row.
    pub fn of<C: Col>(r: &Row<'_, '_>, id: Option<C>, refs: &[(C, &'static str)]) -> RowKeys {
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

/// One row of `facilities.csv`: its keys, and the facility when the row is valid.
pub fn facility_row(r: &mut Row<'_, '_>) -> (RowKeys, Option<Facility>) {
    use FacilityColumn as C;
    let keys = RowKeys::of(r, Some(C::Id), &[(C::District, "district")]);
    let id = r.required(C::Id);
    let name = r.required(C::Name);
    let category = r.category(C::Category);
    let district = r.text(C::District).map(str::to_string);
    let functions = r
        .text(C::Functions)
        .map(|t| {
            t.split([';', '|', '、'])
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let annual_users = r.count(C::AnnualUsers);
    let capacity = r.count(C::Capacity);
    let operating_yen = r.yen(C::OperatingCost);
    let data_source = r.data_source(C::DataSource);
    let source_url = r.text(C::SourceUrl).map(str::to_string);
    let facility = match (id, name, category) {
        (Some(id), Some(name), Some(category)) => Some(Facility {
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
        }),
        _ => None,
    };
    (keys, facility)
}

/// A facility row checked by the same rules as [`facility_row`] without copying anything: its id,
/// district and category and its actual operating cost, borrowed, for the streaming reader
/// ([`crate::projection::folder_stream`]); `None` when the row has a problem (in the row's diagnostics).
pub(crate) fn checked_facility<'r>(
    r: &mut Row<'r, '_>,
) -> Option<(
    &'r str,
    Option<&'r str>,
    Category,
    Option<rust_decimal::Decimal>,
)> {
    use FacilityColumn as C;
    let (header, fields) = (r.header, r.fields);
    let text = |c: C| {
        header
            .get(fields, c.index())
            .map(super::fields::trim)
            .filter(|s| !s.is_empty())
    };
    let (id, name) = (text(C::Id), text(C::Name));
    if id.is_none() {
        r.bad(C::Id, msg!(IsEmpty));
    }
    if name.is_none() {
        r.bad(C::Name, msg!(IsEmpty));
    }
    let category = r.category(C::Category);
    r.count(C::AnnualUsers);
    r.count(C::Capacity);
    let operating_yen = r.yen(C::OperatingCost);
    r.data_source(C::DataSource);
    name?;
    Some((id?, text(C::District), category?, operating_yen))
}

/// Reads `facilities.csv`.
pub fn facilities(text: &str, file: &str, diags: &mut Diagnostics) -> Table<Facility> {
    let mut out = Table::new();
    read_rows(text, file, FacilityColumn::COLUMNS, diags, |r| {
        out.push(facility_row(r));
    });
    out.check_unique(file, diags);
    out
}

/// A building row of a folder inventory, before its facility id is resolved to a facility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingBuilding {
    /// Its id.
    pub id: String,
    /// The facility id it names.
    pub facility_id: String,
    /// Its name.
    pub name: String,
    /// Its own category, when it sets one (otherwise its facility's applies).
    pub category: Option<Category>,
    /// Floor area.
    pub floor_area: FloorArea,
    /// Fiscal year built.
    pub built: FiscalYear,
    /// Structure.
    pub structure: Structure,
    /// Surveyed condition.
    pub condition: Option<Condition>,
    /// Year of the condition survey.
    pub survey_year: Option<FiscalYear>,
    /// Year of the last major renovation.
    pub renovated: Option<FiscalYear>,
    /// Published or estimated.
    pub data_source: DataSource,
    /// Where the published values come from.
    pub source_url: Option<String>,
    /// The line in the buildings table.
    pub line: usize,
}

impl PendingBuilding {
    /// The building, once its facility is known (with that facility's category unless it sets
    /// its own).
    pub fn resolve(self, facility: FacilityIdx, facility_category: Category) -> Building {
        Building {
            id: self.id,
            facility,
            name: self.name,
            category: self.category.unwrap_or(facility_category),
            floor_area: self.floor_area,
            built: self.built,
            structure: self.structure,
            condition: self.condition,
            survey_year: self.survey_year,
            renovated: self.renovated,
            data_source: self.data_source,
            source_url: self.source_url,
            line: self.line,
        }
    }
}

/// One row of a folder's `buildings.csv`: its keys, and the building when the row is valid.
pub fn building_row(r: &mut Row<'_, '_>) -> (RowKeys, Option<PendingBuilding>) {
    use BuildingColumn as C;
    let keys = RowKeys::of(r, Some(C::Id), &[(C::FacilityId, "facility_id")]);
    let id = r.required(C::Id);
    let facility_id = r.required(C::FacilityId);
    let name = r.text(C::Name).unwrap_or("").to_string();
    let area = r.area(C::FloorArea);
    let built = r.required_year(C::Built);
    let structure = r.structure(C::Structure);
    let condition = r.condition(C::Condition);
    let survey_year = r.year(C::SurveyYear);
    let renovated = r.year(C::Renovated);
    let category = if r.text(C::Category).is_some() {
        r.category(C::Category)
    } else {
        None
    };
    let data_source = r.data_source(C::DataSource);
    let source_url = r.text(C::SourceUrl).map(str::to_string);
    let condition = r.building_condition(condition, C::Condition, BuildingColumn::PARTS);
    r.renovated_after_built(built, renovated, C::Renovated);
    r.surveyed_after_built(built, survey_year, C::SurveyYear);
    let building = match (id, facility_id, area, built) {
        (Some(id), Some(facility_id), Some(floor_area), Some(built)) => Some(PendingBuilding {
            id,
            facility_id,
            name,
            category,
            floor_area,
            built,
            structure,
            condition,
            survey_year,
            renovated,
            data_source,
            source_url,
            line: r.line,
        }),
        _ => None,
    };
    (keys, building)
}

/// The usual row of a folder's `buildings.csv`, as the streaming reader takes it
/// ([`crate::projection::folder_stream`]): the values a projection needs, borrowed from the record.
pub(crate) struct PlainBuilding<'r> {
    /// Its id.
    pub id: &'r str,
    /// The facility id it names.
    pub facility_id: &'r str,
    /// Floor area.
    pub floor_area: FloorArea,
    /// Fiscal year built.
    pub built: FiscalYear,
    /// Structure.
    pub structure: Structure,
}

/// The columns of the buildings table that make a row unusual when given: the usual row (the
/// fast readers' and [`plain_building`]'s) leaves them empty.
pub(crate) const UNUSUAL_BUILDING_COLUMNS: [BuildingColumn; 10] = {
    use BuildingColumn as C;
    [
        C::Condition,
        C::SurveyYear,
        C::Renovated,
        C::Category,
        C::DataSource,
        C::Roof,
        C::Exterior,
        C::Interior,
        C::Electrical,
        C::Mechanical,
    ]
};

/// The usual building row (no condition, part grades, survey year, renovation, own category or data
/// source), checked by the same rules as [`building_row`] (which, for such a row, makes no other
/// check): `None` when the row is not the usual one (read it with [`building_row`]) or has a
/// problem (in the row's diagnostics).
pub(crate) fn plain_building<'r>(r: &mut Row<'r, '_>) -> Option<PlainBuilding<'r>> {
    use BuildingColumn as C;
    if UNUSUAL_BUILDING_COLUMNS
        .iter()
        .any(|&c| r.text(c).is_some())
    {
        return None;
    }
    let (header, fields) = (r.header, r.fields);
    let text = |c: C| {
        header
            .get(fields, c.index())
            .map(super::fields::trim)
            .filter(|s| !s.is_empty())
    };
    let (id, facility_id) = (text(C::Id), text(C::FacilityId));
    if id.is_none() {
        r.bad(C::Id, msg!(IsEmpty));
    }
    if facility_id.is_none() {
        r.bad(C::FacilityId, msg!(IsEmpty));
    }
    let area = r.area(C::FloorArea);
    let built = r.required_year(C::Built);
    let structure = r.structure(C::Structure);
    Some(PlainBuilding {
        id: id?,
        facility_id: facility_id?,
        floor_area: area?,
        built: built?,
        structure,
    })
}

/// Reads `buildings.csv` of a folder inventory.
pub fn buildings(text: &str, file: &str, diags: &mut Diagnostics) -> Table<PendingBuilding> {
    let mut out = Table::new();
    read_rows(text, file, BuildingColumn::COLUMNS, diags, |r| {
        out.push(building_row(r));
    });
    out.check_unique(file, diags);
    out
}

/// One row of `districts.csv`: its keys, and the district when the row is valid.
pub fn district_row(r: &mut Row<'_, '_>) -> (RowKeys, Option<District>) {
    use DistrictColumn as C;
    let keys = RowKeys::of(r, Some(C::Id), &[]);
    let id = r.required(C::Id);
    let name = r.required(C::Name);
    let population = r.count(C::Population);
    let population_projected = r.count(C::PopulationProjected);
    let data_source = r.data_source(C::DataSource);
    let district = match (id, name) {
        (Some(id), Some(name)) => Some(District {
            id,
            name,
            population,
            population_projected,
            data_source,
            line: r.line,
        }),
        _ => None,
    };
    (keys, district)
}

/// Reads `districts.csv`.
pub fn districts(text: &str, file: &str, diags: &mut Diagnostics) -> Table<District> {
    let mut out = Table::new();
    read_rows(text, file, DistrictColumn::COLUMNS, diags, |r| {
        out.push(district_row(r));
    });
    out.check_unique(file, diags);
    out
}

/// One row of `roads.csv`: its keys (the places it names), and the road when the row is valid.
pub fn road_row(r: &mut Row<'_, '_>) -> (RowKeys, Option<RoadLink>) {
    use RoadColumn as C;
    let keys = RowKeys::of(r, None::<C>, &[(C::From, "from"), (C::To, "to")]);
    let from = r.required(C::From);
    let to = r.required(C::To);
    let km = match r.text(C::Km) {
        Some(_) => r.quantity(C::Km),
        None => {
            r.bad(C::Km, msg!(IsEmpty));
            None
        }
    };
    let mut road = None;
    if let (Some(from), Some(to), Some(km)) = (from, to, km) {
        if from == to {
            r.bad(C::To, msg!(RoadSamePlace));
        } else {
            road = Some(RoadLink {
                from,
                to,
                km,
                line: r.line,
            });
        }
    }
    (keys, road)
}

/// Reads `roads.csv`.
pub fn roads(text: &str, file: &str, diags: &mut Diagnostics) -> Table<RoadLink> {
    let mut out = Table::new();
    read_rows(text, file, RoadColumn::COLUMNS, diags, |r| {
        out.push(road_row(r));
    });
    out
}

/// The largest pipe diameter accepted, in mm (the largest sewers are a few metres across).
const MAX_PIPE_DIAMETER_MM: u64 = 10_000;

/// One row of `infrastructure.csv`: its keys, and the asset when the row is valid.
pub fn infrastructure_row(r: &mut Row<'_, '_>) -> (RowKeys, Option<Infrastructure>) {
    use InfraColumn as C;
    const ASSETS: &str = "road_general, road_footpath, bridge, water_pipe, sewer_pipe";
    let keys = RowKeys::of(r, Some(C::Id), &[]);
    let id = r.required(C::Id);
    let name = r.text(C::Name).unwrap_or("").to_string();
    let category = match r.text(C::Asset) {
        None => {
            r.bad(C::Asset, msg!(EmptyAsset, assets = ASSETS));
            None
        }
        Some(t) => match Category::parse(t) {
            Some(c) if !c.is_building() => Some(c),
            _ => {
                let m = msg!(NotAsset, value = format!("{t:?}"), assets = ASSETS);
                r.bad(C::Asset, m);
                None
            }
        },
    };
    let area = r.quantity(C::Area);
    let length = r.quantity(C::Length);
    let built = r.year(C::Built).map(|y| y.get());
    let bridge_text = r.text(C::Structure).map(str::to_string);
    let bridge_structure = match bridge_text {
        None => BridgeStructure::Other,
        Some(t) => BridgeStructure::parse(&t).unwrap_or_else(|| {
            r.bad(
                C::Structure,
                msg!(NotBridgeStructure, value = format!("{t:?}")),
            );
            BridgeStructure::Other
        }),
    };
    let pipe_class = match r.text(C::PipeClass).map(str::to_ascii_lowercase).as_deref() {
        None | Some("distribution") | Some("配水管") => PipeClass::Distribution,
        Some("transmission") | Some("導水管") | Some("送水管") => PipeClass::Transmission,
        Some(other) => {
            let m = msg!(NotPipeClass, value = format!("{other:?}"));
            r.bad(C::PipeClass, m);
            PipeClass::Distribution
        }
    };
    let diameter = match r.count(C::Diameter) {
        Some(d) if (1..=MAX_PIPE_DIAMETER_MM).contains(&d) => Some(d as u32),
        Some(_) => {
            let raw = r.text(C::Diameter).unwrap_or("").to_string();
            r.bad(
                C::Diameter,
                msg!(NotDiameter, value = crate::error::quote(&raw)),
            );
            None
        }
        None => None,
    };
    let rehabilitated = r.flag(C::Rehabilitated);
    let Some(category) = category else {
        return (keys, None);
    };
    // A value in a column that does not apply to the asset would be ignored: refused instead, with
    // what the asset takes.
    let (takes, described): (&[C], &str) = match category {
        Category::RoadGeneral => (&[C::Area], "area_m2, built_year"),
        Category::RoadFootpath => (&[C::Area, C::Length], "area_m2 or length_m, built_year"),
        Category::Bridge => (&[C::Area, C::Structure], "area_m2, built_year, structure"),
        Category::WaterPipe => (
            &[C::Length, C::PipeClass, C::Diameter],
            "length_m, built_year, pipe_class, diameter_mm",
        ),
        _ => (
            &[C::Length, C::Diameter, C::Rehabilitated],
            "length_m, built_year, diameter_mm or rehabilitated",
        ),
    };
    let asset = category.key();
    for col in [
        C::Area,
        C::Length,
        C::Structure,
        C::PipeClass,
        C::Diameter,
        C::Rehabilitated,
    ] {
        if r.text(col).is_some() && !takes.contains(&col) {
            r.bad(col, msg!(DoesNotApply, asset, described));
        }
    }
    if category == Category::RoadFootpath && area.is_some() && length.is_some() {
        r.bad(C::Length, msg!(FootpathBoth));
    }
    if category == Category::SewerPipe && diameter.is_some() && rehabilitated {
        r.bad(C::Rehabilitated, msg!(SewerBoth));
    }
    let quantity = match (category, area, length) {
        (Category::RoadGeneral | Category::Bridge, Some(a), _) => Some(Quantity::AreaM2(a)),
        (Category::RoadFootpath, Some(a), _) => Some(Quantity::AreaM2(a)),
        (Category::RoadFootpath, None, Some(l)) => Some(Quantity::LengthM(l)),
        (Category::WaterPipe | Category::SewerPipe, _, Some(l)) => Some(Quantity::LengthM(l)),
        (Category::WaterPipe | Category::SewerPipe, _, None) => {
            r.bad(C::Length, msg!(PipeNeedsLength));
            None
        }
        _ => {
            r.bad(C::Area, msg!(RoadNeedsArea));
            None
        }
    };
    if category == Category::WaterPipe && diameter.is_none() {
        r.bad(C::Diameter, msg!(WaterPipeNeedsDiameter));
        return (keys, None);
    }
    let asset = match (id, quantity) {
        (Some(id), Some(quantity)) => Some(Infrastructure {
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
        }),
        _ => None,
    };
    (keys, asset)
}

/// Reads `infrastructure.csv`.
pub fn infrastructure(text: &str, file: &str, diags: &mut Diagnostics) -> Table<Infrastructure> {
    let mut out = Table::new();
    read_rows(text, file, InfraColumn::COLUMNS, diags, |r| {
        out.push(infrastructure_row(r));
    });
    out.check_unique(file, diags);
    out
}
