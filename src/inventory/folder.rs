//! Reading an inventory folder, in two steps: reading `inventory.toml` and the tables it names
//! (bytes to typed rows, [`super::tables`]), then [`resolve`]: the references between tables
//! (buildings → facilities, facilities → districts, roads → places) and the inventory itself. An
//! importer that reads rows from elsewhere (a workbook) resolves them the same way.

use crate::messages::Id;
use crate::msg;
use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::raw::RawInventory;
use super::tables;
use super::{Building, FacilityIdx, Inventory};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::FileSource;
use crate::input::text::decode;
use crate::input::toml::SourceMap;

/// `inventory.toml` read and its settings checked (the plan, the access standards), before its
/// tables are read: the same for the whole reader and the streaming one
/// ([`crate::projection::folder_stream`]).
pub(crate) struct Head {
    /// Its name as shown in messages.
    pub toml_name: String,
    /// Its text.
    pub toml_text: String,
    /// The file as serde read it, `None` when it has problems (in `diags`).
    pub raw: Option<RawInventory>,
    /// Its problems so far.
    pub diags: Diagnostics,
    /// The plan it sets, checked.
    pub plan: Option<crate::plan::Plan>,
    /// The access standards, checked.
    pub access_km: Vec<(String, Decimal)>,
}

/// Reads and checks `inventory.toml` of `dir`.
pub(crate) fn head(dir: &Path, files: &dyn FileSource) -> Result<Head> {
    let shown = |name: &str| crate::input::display_name(&dir.join(name));
    let toml_name = shown("inventory.toml");
    let Some(toml_bytes) =
        files.read_up_to(&dir.join("inventory.toml"), crate::input::Cap::TOML)?
    else {
        return Err(Error::Input(
            Diagnostic::file(crate::input::display_name(dir), msg!(NotInventoryFolder)).into(),
        ));
    };
    let Ok(toml_text) = String::from_utf8(toml_bytes) else {
        return Err(Error::Input(
            Diagnostic::file(&toml_name, msg!(TomlNotUtf8)).into(),
        ));
    };
    // A bad inventory.toml does not stop the tables from being checked: its problems and theirs are
    // reported together.
    let (raw, mut diags) = match crate::input::toml::parse::<RawInventory>(&toml_text, &toml_name) {
        Ok(raw) => (Some(raw), Diagnostics::new()),
        Err(d) => (None, d),
    };
    let map = SourceMap::new(&toml_text, &toml_name);

    let plan = raw.as_ref().and_then(|r| r.plan.as_ref()).and_then(|p| {
        let written = crate::plan::PlanSpec {
            first_year: Some(p.first_year.0),
            years: Some(p.years),
            cap_yen: p.cap_yen.map(|c| c.0),
        };
        crate::plan::checked(written, None, Id::IsMissing, 0, &mut |key, message| {
            diags.push(map.diag(key, message));
        })
    });
    let mut access_km = Vec::new();
    for (function, km) in raw.iter().flat_map(|r| &r.access) {
        if km.0 <= Decimal::ZERO || km.0 > Decimal::from(1000) {
            diags.push(map.diag(&format!("access.{function}"), msg!(AccessKm)));
        } else {
            access_km.push((function.clone(), km.0));
        }
    }
    Ok(Head {
        toml_name,
        toml_text,
        raw,
        diags,
        plan,
        access_km,
    })
}

/// Loads an inventory folder whose files come from `files`.
pub fn load(dir: &Path, files: &dyn FileSource) -> Result<Inventory> {
    let read = |name: &str| files.read(&dir.join(name));
    let shown = |name: &str| crate::input::display_name(&dir.join(name));
    let Head {
        toml_name,
        toml_text,
        raw,
        mut diags,
        plan,
        access_km,
    } = head(dir, files)?;
    let map = SourceMap::new(&toml_text, &toml_name);

    let tables = TABLE_FILES;
    let names = match &raw {
        Some(r) => TableNames::Read(&r.files),
        None => TableNames::Lenient(toml_text.parse::<toml::Table>().ok()),
    };
    let mut texts: HashMap<&str, (String, String)> = HashMap::new();
    for (key, default, required) in tables {
        let Some(explicit) = names.get(key) else {
            continue;
        };
        let explicit = explicit.as_deref();
        let name = explicit.unwrap_or(default);
        let display = shown(name);
        // A table stays in the inventory's folder, unless the inventory says otherwise: an
        // inventory someone hands over cannot make shisetsu read (and quote) files elsewhere.
        if !names.outside_allowed() && outside(dir, name) {
            diags.push(Diagnostic::field(
                &toml_name,
                map.line(&format!("files.{key}")),
                format!("files.{key}"),
                msg!(TableOutside, display = &display),
            ));
            continue;
        }
        let read = match read(name) {
            Ok(r) => r,
            // A table that is a pipe or a device, or too large: reported with the other problems.
            Err(Error::Input(d)) => {
                diags.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        match read {
            None if (required && names.defaults_hold()) || explicit.is_some() => {
                diags.push(Diagnostic::field(
                    &toml_name,
                    map.line(&format!("files.{key}")),
                    format!("files.{key}"),
                    msg!(DoesNotExist, display = &display),
                ));
            }
            None => {}
            Some(bytes) => match decode(&bytes, &display) {
                Ok(d) => {
                    texts.insert(key, (display, d.text.into_owned()));
                }
                Err(d) => diags.push(d),
            },
        }
    }

    let table = |key: &str| {
        texts
            .get(key)
            .map(|(name, text)| (name.as_str(), text.as_str()))
    };
    let mut tables = Tables {
        facilities: table("facilities")
            .map(|(name, text)| (name.to_string(), tables::facilities(text, name, &mut diags))),
        districts: table("districts")
            .map(|(name, text)| (name.to_string(), tables::districts(text, name, &mut diags))),
        buildings: table("buildings")
            .map(|(name, text)| (name.to_string(), tables::buildings(text, name, &mut diags))),
        roads: table("roads")
            .map(|(name, text)| (name.to_string(), tables::roads(text, name, &mut diags))),
        infrastructure: table("infrastructure").map(|(name, text)| {
            (
                name.to_string(),
                tables::infrastructure(text, name, &mut diags),
            )
        }),
        geo: super::geo::Geo::default(),
    };
    // Coordinates, in a pass of their own over the facilities and districts tables, and
    // `[distances]`: the facilities' points by their position among the valid rows, which are the
    // inventory's facilities.
    let distances = raw.as_ref().and_then(|r| r.distances.as_ref());
    let facility_ids: Vec<&str> = tables
        .facilities
        .iter()
        .flat_map(|(_, t)| t.rows.iter().map(|f| f.id.as_str()))
        .collect();
    tables.geo = super::geo::read(
        table("facilities"),
        table("districts"),
        &facility_ids,
        super::geo::Distances {
            detour_factor: distances.and_then(|d| d.detour_factor).map(|f| f.0),
            source: distances.and_then(|d| d.source.as_deref()),
        },
        &map,
        &mut diags,
    );
    let settings = raw.map(|raw| Settings {
        name: raw.name,
        description: raw.description.unwrap_or_default(),
        path: dir.to_path_buf(),
        plan,
        model: raw.model,
        access_km,
    });
    resolve(settings, tables, diags)
}

/// Each table: (key, default name, required).
pub(crate) const TABLE_FILES: [(&str, &str, bool); 5] = [
    ("facilities", "facilities.csv", true),
    ("buildings", "buildings.csv", true),
    ("districts", "districts.csv", false),
    ("roads", "roads.csv", false),
    ("infrastructure", "infrastructure.csv", false),
];

/// What an inventory says of itself (its `inventory.toml`): everything but its tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Its name.
    pub name: String,
    /// What it is and where its data come from.
    pub description: String,
    /// The folder it is read from.
    pub path: std::path::PathBuf,
    /// The plan, when it sets one.
    pub plan: Option<crate::plan::Plan>,
    /// The default cost model (a preset, or a file relative to the folder).
    pub model: Option<String>,
    /// Access standards: function → maximum road distance in km.
    pub access_km: Vec<(String, Decimal)>,
}

/// The tables of an inventory as read, each with the name its problems are reported under, before
/// the references between them are resolved. A table not read (absent, or unreadable) is `None`.
#[derive(Default)]
pub struct Tables {
    /// Facilities.
    pub facilities: Option<(String, tables::Table<super::Facility>)>,
    /// Buildings.
    pub buildings: Option<(String, tables::Table<tables::PendingBuilding>)>,
    /// Districts.
    pub districts: Option<(String, tables::Table<super::District>)>,
    /// Roads.
    pub roads: Option<(String, tables::Table<super::RoadLink>)>,
    /// Infrastructure.
    pub infrastructure: Option<(String, tables::Table<super::Infrastructure>)>,
    /// Coordinates of the facilities (by their position among the facilities' rows) and of the
    /// district centres, and the detour factor, for distances when there are no roads.
    pub geo: super::geo::Geo,
}

/// Resolves an inventory from its settings and tables: every reference between tables is checked
/// (buildings → facilities, facilities → districts, roads → places), on every row that names one,
/// valid or not; buildings are attached to their facilities (taking a facility's category unless
/// they set their own). `problems` are those found so far (reading the settings and the tables);
/// all are reported together, grouped by file in the order found, each file's by line.
///
/// # Errors
///
/// [`Error::Input`] with every problem, when there is any, or when `settings` could not be read.
pub fn resolve(
    settings: Option<Settings>,
    tables: Tables,
    problems: Diagnostics,
) -> Result<Inventory> {
    let mut diags = problems;
    // References, checked on every row (valid or not) against the ids of every row that has one;
    // not at all when the facilities table is missing, unreadable or empty (its own error says why),
    // so that one problem is not reported again on every row that names a facility.
    let facility_ids = tables
        .facilities
        .as_ref()
        .map(|(_, t)| t.ids())
        .unwrap_or_default();
    let district_ids = tables
        .districts
        .as_ref()
        .map(|(_, t)| t.ids())
        .unwrap_or_default();
    // Buildings with no facility at all to belong to (an inventory of infrastructure alone has no
    // buildings either).
    if let (Some((fname, f)), Some((_, b))) = (&tables.facilities, &tables.buildings) {
        if f.keys.is_empty() && !b.keys.is_empty() {
            diags.push(Diagnostic::line(fname, 1, msg!(NoFacilitiesButBuildings)));
        }
    }
    let mut check_refs =
        |file: &str, keys: &[tables::RowKeys], what: Id, known: &dyn Fn(&str) -> bool| {
            for k in keys {
                for (column, id) in &k.refs {
                    if !known(id) {
                        diags.push(Diagnostic::field(
                            file,
                            Some(k.line),
                            *column,
                            msg!(IdIs, id = format!("{id:?}"), what),
                        ));
                    }
                }
            }
        };
    if let (Some((name, b)), false) = (&tables.buildings, facility_ids.is_empty()) {
        check_refs(name, &b.keys, Id::NotFacilityId, &|id| {
            facility_ids.contains(id)
        });
    }
    if let (Some((name, f)), false) = (&tables.facilities, district_ids.is_empty()) {
        check_refs(name, &f.keys, Id::NotDistrictId, &|id| {
            district_ids.contains(id)
        });
    }
    if let (Some((name, r)), false) = (&tables.roads, facility_ids.is_empty()) {
        check_refs(name, &r.keys, Id::NeitherDistrictNorFacility, &|id| {
            district_ids.contains(id) || facility_ids.contains(id)
        });
    }

    let facilities = tables.facilities.map(|(_, t)| t.rows).unwrap_or_default();
    let index: HashMap<&str, usize, foldhash::fast::FixedState> = facilities
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let buildings: Vec<Building> = tables
        .buildings
        .map(|(_, t)| t.rows)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| {
            let i = *index.get(p.facility_id.as_str())?;
            Some(p.resolve(FacilityIdx::new(i), facilities[i].category))
        })
        .collect();
    diags.group_by_file();
    let Some(settings) = settings else {
        return Err(Error::Input(diags));
    };
    diags.into_result(Inventory {
        name: settings.name,
        description: settings.description,
        path: settings.path,
        folder: true,
        plan: settings.plan,
        model: settings.model,
        access_km: settings.access_km,
        facilities,
        buildings,
        districts: tables.districts.map(|(_, t)| t.rows).unwrap_or_default(),
        roads: tables.roads.map(|(_, t)| t.rows).unwrap_or_default(),
        infrastructure: tables
            .infrastructure
            .map(|(_, t)| t.rows)
            .unwrap_or_default(),
        geo: tables.geo,
        ..Inventory::default()
    })
}

/// Where the table file names come from.
pub(crate) enum TableNames<'a> {
    /// `[files]` of an `inventory.toml` that was read.
    Read(&'a super::raw::RawFiles),
    /// An `inventory.toml` with problems (already reported): the names it gives plainly, or none
    /// when it is not even TOML.
    Lenient(Option<toml::Table>),
}

/// The keys of `[files]`: the tables' and the one that lets them lie outside the folder.
const TABLE_KEYS: [&str; 6] = [
    "allow_outside_folder",
    "facilities",
    "buildings",
    "districts",
    "roads",
    "infrastructure",
];

/// Whether the table `name` (a path relative to the inventory folder `dir`) leads outside it: an
/// absolute path, a `..` that climbs out of it, or (on disk) a symbolic link to a file elsewhere.
pub(crate) fn outside(dir: &Path, name: &str) -> bool {
    use std::path::Component;
    let path = Path::new(name);
    let mut depth: i64 = 0;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => depth -= 1,
            Component::RootDir | Component::Prefix(_) => return true,
        }
        if depth < 0 {
            return true;
        }
    }
    // On disk, where the file really is (a table that does not exist is reported as missing; a
    // built-in inventory is not on disk).
    match (dir.canonicalize(), dir.join(path).canonicalize()) {
        (Ok(d), Ok(f)) => !f.starts_with(d),
        _ => false,
    }
}

impl TableNames<'_> {
    /// Whether `[files]` allows tables outside the folder (`allow_outside_folder = true`).
    pub(crate) fn outside_allowed(&self) -> bool {
        match self {
            TableNames::Read(f) => f.allow_outside_folder == Some(true),
            TableNames::Lenient(t) => t
                .as_ref()
                .and_then(|t| t.get("files"))
                .and_then(|f| f.get("allow_outside_folder"))
                .and_then(toml::Value::as_bool)
                .unwrap_or(false),
        }
    }

    /// Whether a table `[files]` does not name is surely at its default name: not when `[files]`
    /// has a misspelt key, which may have been meant to name it.
    fn defaults_hold(&self) -> bool {
        match self {
            TableNames::Read(_) => true,
            TableNames::Lenient(t) => match t.as_ref().and_then(|t| t.get("files")) {
                None => true,
                Some(toml::Value::Table(files)) => {
                    files.keys().all(|k| TABLE_KEYS.contains(&k.as_str()))
                }
                Some(_) => false,
            },
        }
    }

    /// The file name `files.<key>` gives (`Some(None)`: the default), or `None` when it cannot be
    /// known (its value is not a string, or the file is not TOML), so that table is not checked.
    pub(crate) fn get(&self, key: &str) -> Option<Option<String>> {
        match self {
            TableNames::Read(f) => Some(
                match key {
                    "facilities" => &f.facilities,
                    "buildings" => &f.buildings,
                    "districts" => &f.districts,
                    "roads" => &f.roads,
                    _ => &f.infrastructure,
                }
                .clone(),
            ),
            TableNames::Lenient(None) => None,
            TableNames::Lenient(Some(t)) => match t.get("files") {
                None => Some(None),
                Some(toml::Value::Table(files)) => match files.get(key) {
                    None => Some(None),
                    Some(toml::Value::String(s)) => Some(Some(s.clone())),
                    Some(_) => None,
                },
                Some(_) => None,
            },
        }
    }
}
