//! Importing a city's own files into an inventory folder: the fixed-asset ledger (固定資産台帳),
//! the open-data facility list (公共施設一覧), a plain buildings table, a districts table, as CSV in
//! any encoding the engine reads or as spreadsheets.
//!
//! The pipeline: each source is read into sheets of located cells (`sheet`), its header found
//! (`header`) and its kind told by its columns unless given; ledgers and buildings tables become
//! draft facilities and buildings (`ledger`, `buildings`), facility lists are joined to them by
//! name (`list`), districts are read or derived (`districts`); then ids are given, the folder's
//! files written in memory (`folder`) and read back by the engine's own inventory loader, so an
//! import can never produce a folder the engine rejects. Every row used, merged, skipped or
//! assumed is logged with its place (`report`). Problems that stop the import are collected from
//! every source before anything is written; the folder is written whole or not at all.
//!
//! This module must not print, and names no command-line option: the CLI turns a request into
//! [`Request`] and the result into files and messages.

mod buildings;
pub mod date;
mod districts;
mod folder;
pub mod header;
mod ledger;
mod list;
pub mod mapping;
pub mod normal;
pub mod place;
pub mod report;
pub mod sheet;
pub mod uses;

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::category::{Category, Structure};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::inventory::geo::LatLon;
use crate::inventory::{Condition, DataSource, Inventory};
use crate::units::{FiscalYear, FloorArea};

pub use mapping::Mapping;
pub use place::Place;
pub use report::{Report, Status};

/// The kinds of source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A fixed-asset ledger (固定資産台帳): one row per asset.
    Ledger,
    /// A facility list (公共施設一覧, the open-data standard): names, kinds, addresses, coordinates.
    FacilityList,
    /// A buildings table in the engine's own format (`id,name,category,floor_area_m2,built_year`):
    /// every building its own facility.
    Buildings,
    /// Districts (地区) with their centres and population.
    Districts,
}

impl Kind {
    /// The key (`ledger`, `facility-list`, `buildings`, `districts`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Ledger => "ledger",
            Kind::FacilityList => "facility-list",
            Kind::Buildings => "buildings",
            Kind::Districts => "districts",
        }
    }

    /// What it is, in words with its Japanese name.
    pub fn describe(self) -> &'static str {
        self.describe_in(crate::messages::Lang::En)
    }

    /// What it is, in words, in `lang`.
    pub fn describe_in(self, lang: crate::messages::Lang) -> &'static str {
        use crate::messages::Id;
        match self {
            Kind::Ledger => Id::ImportKindLedger,
            Kind::FacilityList => Id::ImportKindList,
            Kind::Buildings => Id::ImportKindBuildings,
            Kind::Districts => Id::ImportKindDistricts,
        }
        .template(lang)
    }
}

/// One source to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file.
    pub path: PathBuf,
    /// Its kind; `None`: told by its columns.
    pub kind: Option<Kind>,
    /// The worksheet to read; `None`: the first sheet with a recognisable header.
    pub sheet: Option<String>,
}

/// What to import.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The sources, in order.
    pub sources: Vec<Source>,
    /// The mapping file, if any.
    pub mapping: Option<PathBuf>,
    /// The column that groups ledger rows into facilities (a header as written), instead of
    /// 施設番号 / 施設名 / 所在地.
    pub group_by: Option<String>,
    /// Whether every assumption is an error.
    pub strict: bool,
    /// The inventory's name when neither the mapping file nor the sources give one.
    pub default_name: String,
    /// The language of the import report's headings and sentences (`import-report.md`).
    pub lang: crate::messages::Lang,
}

/// An import done in memory: the folder's files, checked by the engine's loader, and the report.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The folder's files (name, bytes), in name order; the report's two files included.
    pub files: Vec<(String, Vec<u8>)>,
    /// The report.
    pub report: Report,
    /// The inventory as the engine reads the folder.
    pub inventory: Inventory,
}

/// A facility being built from the sources.
#[derive(Clone, Debug, Default)]
pub(crate) struct DraftFacility {
    /// The grouping key (normalised), unique among facilities.
    pub group: String,
    /// The city's number for it (施設番号), or the id a buildings table gave it.
    pub number: Option<String>,
    /// Its name.
    pub name: String,
    /// Its functions, in order of first appearance.
    pub functions: Vec<String>,
    /// Its category, when no building gives one (a facility list alone, a buildings table).
    pub category: Option<Category>,
    /// Its district (a value from a column).
    pub district: Option<String>,
    /// The town part of its address (所在地_町字).
    pub town: Option<String>,
    /// Its address.
    pub address: Option<String>,
    /// Its location.
    pub location: Option<LatLon>,
    /// Users a year.
    pub users: Option<u64>,
    /// Capacity.
    pub capacity: Option<u64>,
    /// Actual operating cost, yen a year (a buildings table).
    pub operating_yen: Option<Decimal>,
    /// Published or estimated.
    pub data_source: DataSource,
    /// Where the published values come from (a buildings table's own `source_url`).
    pub source_url: Option<String>,
    /// The rows it was made from.
    pub places: Vec<Place>,
    /// The facility-list row joined to it.
    pub list_place: Option<Place>,
}

/// A building being built from the sources.
#[derive(Clone, Debug)]
pub(crate) struct DraftBuilding {
    /// The position of its facility.
    pub facility: usize,
    /// The city's number for it (財産番号, with its 枝番), or a buildings table's id.
    pub number: Option<String>,
    /// Its name.
    pub name: String,
    /// Floor area.
    pub floor_area: FloorArea,
    /// Fiscal year built.
    pub built: FiscalYear,
    /// Structure.
    pub structure: Structure,
    /// MIC category.
    pub category: Category,
    /// Functions its use offers.
    pub functions: Vec<String>,
    /// Last major renovation.
    pub renovated: Option<FiscalYear>,
    /// Condition.
    pub condition: Option<Condition>,
    /// Survey year.
    pub survey_year: Option<FiscalYear>,
    /// Published or estimated.
    pub data_source: DataSource,
    /// Where the published values come from (a buildings table's own `source_url`).
    pub source_url: Option<String>,
    /// The row it came from.
    pub place: Place,
}

/// A district being built from the sources.
#[derive(Clone, Debug)]
pub(crate) struct DraftDistrict {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its population.
    pub population: Option<u64>,
    /// Its centre.
    pub centre: Option<LatLon>,
    /// How its centre was found (for the table's `note` column).
    pub note: String,
    /// Published (a districts table) or estimated (derived).
    pub data_source: DataSource,
}

/// Everything gathered from the sources.
#[derive(Clone, Debug, Default)]
pub(crate) struct Draft {
    pub facilities: Vec<DraftFacility>,
    pub buildings: Vec<DraftBuilding>,
    pub districts: Vec<DraftDistrict>,
}

/// A source read and its header found.
pub(crate) struct Loaded {
    /// Its position among the sources.
    pub index: usize,
    /// The file as named.
    pub file: String,
    /// The format.
    pub format: sheet::Format,
    /// The sheet used.
    pub sheet: sheet::Sheet,
    /// The header.
    pub header: header::Header,
    /// Its kind.
    pub kind: Kind,
    /// Whether the kind was told by its columns.
    pub kind_detected: bool,
    /// Other sheets of the workbook, not read.
    pub other_sheets: Vec<String>,
}

impl Loaded {
    /// A row's place.
    pub fn place(&self, row: usize) -> Place {
        Place::row(&self.file, self.sheet.name.as_deref(), row)
    }
}

/// What a source's columns say it is.
fn guess_kind(h: &header::Header) -> Option<Kind> {
    use header::Role as R;
    let has = |r: R| h.get(r).is_some();
    let english = |name: &str| h.labels.iter().any(|l| l.trim().eq_ignore_ascii_case(name));
    if english("floor_area_m2") && english("built_year") {
        return Some(Kind::Buildings);
    }
    if has(R::FloorArea)
        || has(R::Quantity)
        || has(R::Account)
        || has(R::Cost)
        || has(R::UsefulLife)
        || has(R::Depreciation)
        || (has(R::Acquired) && !has(R::Lat))
    {
        return Some(Kind::Ledger);
    }
    let named = has(R::AssetName) || has(R::FacilityName);
    if has(R::District) && !named && (has(R::Lat) || has(R::Population)) {
        return Some(Kind::Districts);
    }
    if named || has(R::Lat) || has(R::Lon) {
        return Some(Kind::FacilityList);
    }
    None
}

/// Reads one source and finds its sheet, header and kind.
fn load(index: usize, spec: &Source, mapping: &Mapping) -> std::result::Result<Loaded, Diagnostic> {
    let file = crate::input::display_name(&spec.path);
    // Only a regular file is read, at most a cap of it (a FIFO or a device is refused at once).
    let bytes = match crate::input::read_file(&spec.path, crate::input::Cap::SOURCE) {
        Ok(b) => b,
        Err(crate::Error::Input(d)) if !d.is_empty() => {
            return Err(d
                .iter()
                .next()
                .cloned()
                .unwrap_or_else(|| Diagnostic::file(&file, crate::msg!(CannotReadPlain))));
        }
        Err(e) => {
            return Err(Diagnostic::file(
                &file,
                crate::msg!(CannotReadBecause, reason = e.message()),
            ));
        }
    };
    let mut book = sheet::read(&bytes, &file, spec.sheet.as_deref())?;
    let names: Vec<String> = book.sheets.iter().filter_map(|s| s.name.clone()).collect();
    let mut any_rows = false;
    let mut found = None;
    for (i, s) in book.sheets.iter().enumerate() {
        if s.rows.iter().all(sheet::Row::is_blank) {
            continue;
        }
        any_rows = true;
        let Some(h) = header::detect(s, &mapping.columns) else {
            continue;
        };
        let (kind, detected) = match spec.kind {
            Some(k) => (k, false),
            None => match guess_kind(&h) {
                Some(k) => (k, true),
                None => continue,
            },
        };
        found = Some((i, h, kind, detected));
        break;
    }
    if let Some((i, h, kind, detected)) = found {
        let sheet = book.sheets.swap_remove(i);
        return Ok(Loaded {
            index,
            file: file.clone(),
            format: book.format,
            other_sheets: names
                .iter()
                .filter(|n| Some(n.as_str()) != sheet.name.as_deref())
                .cloned()
                .collect(),
            sheet,
            header: h,
            kind,
            kind_detected: detected,
        });
    }
    let sheet_name = |s: &sheet::Sheet| s.name.clone().unwrap_or_default();
    if !any_rows {
        return Err(match (book.sheets.len(), book.sheets.first()) {
            (_, None) => Diagnostic::file(&file, crate::msg!(NoSheets)),
            (1, Some(s)) if s.name.is_some() => {
                Diagnostic::file(&file, crate::msg!(SheetEmpty, sheet = sheet_name(s)))
            }
            (1, Some(_)) => Diagnostic::file(&file, crate::msg!(FileEmpty)),
            _ => Diagnostic::file(
                &file,
                crate::msg!(EverySheetEmpty, names = names.join(", ")),
            ),
        });
    }
    let where_ = if book.sheets.len() > 1 {
        crate::msg!(InAnySheet, names = names.join(", "))
    } else if let Some(s) = book.sheets.first().filter(|s| s.name.is_some()) {
        crate::msg!(InSheet, sheet = sheet_name(s))
    } else {
        crate::msg!(Nothing)
    };
    Err(Diagnostic::file(&file, crate::msg!(NoHeader, where_)))
}

/// Imports the sources into an inventory folder held in memory.
///
/// # Errors
///
/// [`Error::Input`] with every problem that stops the import (each located by file, sheet, row
/// and column), including every assumption when `strict`; [`Error::Read`] when a mapping file
/// cannot be read.
pub fn import(req: &Request) -> Result<Imported> {
    let mapping = match &req.mapping {
        Some(p) => Mapping::load(p)?,
        None => Mapping::default(),
    };
    let builtin = uses::Uses::builtin()
        .map_err(|m| Error::Input(Diagnostic::file("the built-in 用途 table", m).into()))?;
    let uses = mapping.uses(&builtin);
    let mut diags = Diagnostics::new();
    let mut sources = Vec::new();
    for (i, spec) in req.sources.iter().enumerate() {
        match load(i, spec, &mapping) {
            Ok(s) => sources.push(s),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let mut log = report::Log::default();
    let mut draft = Draft::default();
    for s in &sources {
        log.source(s);
    }
    let settings = ledger::Settings {
        uses: &uses,
        mapping: &mapping,
        group_by: req.group_by.as_deref(),
    };
    for s in sources.iter().filter(|s| s.kind == Kind::Ledger) {
        ledger::read(s, &settings, &mut draft, &mut log, &mut diags);
    }
    for s in sources.iter().filter(|s| s.kind == Kind::Buildings) {
        buildings::read(s, &mut draft, &mut log, &mut diags);
    }
    let has_buildings = !draft.facilities.is_empty();
    let mut municipalities = Vec::new();
    for s in sources.iter().filter(|s| s.kind == Kind::FacilityList) {
        let rows = list::read(s, &uses, &mut log, &mut diags);
        municipalities.extend(rows.iter().filter_map(|r| r.municipality.clone()));
        list::join(rows, has_buildings, &mapping, &uses, &mut draft, &mut log);
    }
    if has_buildings && sources.iter().any(|s| s.kind == Kind::FacilityList) {
        for f in draft
            .facilities
            .iter()
            .filter(|f| f.list_place.is_none() && f.location.is_none())
        {
            log.note(
                f.places.first().cloned(),
                crate::msg!(ImportNotInList, name = format!("{:?}", f.name)),
                false,
            );
        }
    }
    let mut district_sources = Vec::new();
    for s in sources.iter().filter(|s| s.kind == Kind::Districts) {
        district_sources.extend(districts::read(s, &mut log, &mut diags));
    }
    if !diags.is_empty() {
        diags.group_by_file();
        return Err(Error::Input(diags));
    }
    let all_sources = req
        .sources
        .iter()
        .map(|s| crate::input::display_name(&s.path))
        .collect::<Vec<_>>()
        .join(", ");
    if draft.facilities.is_empty() {
        diags.push(Diagnostic::file(
            &all_sources,
            crate::msg!(NothingToImport, skipped = log.skipped_summary(5)),
        ));
        return Err(Error::Input(diags));
    }
    districts::assign(&mut draft, district_sources, &mut log, &mut diags);
    let name = mapping
        .name
        .clone()
        .or_else(|| most_common(&municipalities))
        .unwrap_or_else(|| req.default_name.clone());
    let folder = folder::Folder::new(&draft, &mapping, &name, &req.sources, &mut log);
    if req.strict {
        for (place, message) in log.assumptions() {
            diags.push(match place {
                Some(p) => p.diag(crate::msg!(AssumptionRefused, message)),
                None => Diagnostic::file(&all_sources, crate::msg!(AssumptionRefused, message)),
            });
        }
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let report = log.finish(&folder, &draft);
    let mut files = folder.files();
    files.push(("import-report.json".into(), report.json().into_bytes()));
    files.push((
        "import-report.md".into(),
        report.markdown(req.lang).into_bytes(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let inventory = check_with_engine(&files)?;
    Ok(Imported {
        files,
        report,
        inventory,
    })
}

/// The most common value (the first of equally common ones).
fn most_common(values: &[String]) -> Option<String> {
    let mut counts: Vec<(&String, usize)> = Vec::new();
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == max)
        .map(|(v, _)| v.clone())
}

/// No files at all: what is not in memory does not exist.
struct Nothing;

impl crate::input::FileSource for Nothing {
    fn read_up_to(&self, _: &Path, _: crate::input::Cap) -> Result<Option<Vec<u8>>> {
        Ok(None)
    }
}

/// Reads the folder written in memory with the engine's inventory loader.
fn check_with_engine(files: &[(String, Vec<u8>)]) -> Result<Inventory> {
    let dir = Path::new("imported");
    let in_memory: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(n, b)| (dir.join(n), String::from_utf8_lossy(b).into_owned()))
        .collect();
    let overlay = crate::input::Overlay::new(in_memory, &Nothing);
    Inventory::load_folder_from(dir, &overlay).map_err(|e| {
        let mut d = Diagnostics::from(Diagnostic::file(
            "the imported folder",
            crate::msg!(ImporterBug),
        ));
        match e {
            Error::Input(more) => d.extend(more),
            other => d.push(Diagnostic::file("the imported folder", other.message())),
        }
        Error::Input(d)
    })
}

/// Writes an imported folder at `dir`, whole or not at all ([`crate::atomic::write_folder`]: the
/// files go to a new folder beside it, created under a random name, which is then renamed into
/// place). An existing `dir` that is not empty is replaced only when `replace` is set, and only
/// when it holds nothing but what an import writes.
///
/// # Errors
///
/// [`Error::Write`] when the files cannot be written (nothing is left behind);
/// [`Error::FolderNotEmpty`] or [`Error::FolderHoldsOthers`] when `dir` may not be replaced.
pub fn write_folder(dir: &Path, imported: &Imported, replace: bool) -> Result<()> {
    // What an import may have written before (districts.csv only when it had districts), so an
    // earlier import is replaced whole; a folder holding anything else is refused.
    const OURS: [&str; 6] = [
        "inventory.toml",
        "facilities.csv",
        "buildings.csv",
        "districts.csv",
        "import-report.json",
        "import-report.md",
    ];
    let files: Vec<(&str, &[u8])> = imported
        .files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    crate::atomic::write_folder(dir, &files, replace, &OURS)
}
