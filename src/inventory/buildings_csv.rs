//! The single buildings CSV (`id,name,category,floor_area_m2,built_year`, extra columns allowed), read
//! in parallel chunks into any [`RowSink`]: a sink that keeps every building (to build an
//! [`Inventory`]) or one that only sums floor areas by cost class (to project a million buildings in
//! bounded memory).
//!
//! Each chunk is parsed on its own core and produces its own sink, diagnostics and id hashes; they
//! are merged in chunk order, so the result is the same at any thread count. Duplicate ids are found
//! by sorting 64-bit id hashes, and confirmed (and named) by reading the ids of the colliding lines
//! again, so no id strings are kept for a million rows.

use crate::msg;
use std::hash::BuildHasher;
use std::path::Path;

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::fields::{Col, Row};
use super::tables::{
    self, AREA, BUILT, CATEGORY, CONDITION, DISTRICT, ELECTRICAL, EXTERIOR, ID, INTERIOR,
    MECHANICAL, NAME, OPERATING, RENOVATED, ROOF, SOURCE_URL, STRUCTURE, SURVEY, columns,
};
use super::{Building, Condition, DataSource, Facility, FacilityIdx, Inventory};
use crate::category::{Category, Structure};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::csv::{Column, Header, Reader, lines_in, split_ranges};
use crate::units::{FiscalYear, FloorArea};

columns! {
    /// The columns of a single buildings CSV.
    pub enum CsvColumn {
        /// `id`: the building's, and its facility's.
        Id = ("id", ID, true),
        /// `name`.
        Name = ("name", NAME, true),
        /// `category`: a MIC 大分類.
        Category = ("category", CATEGORY, true),
        /// `floor_area_m2`.
        FloorArea = ("floor_area_m2", AREA, true),
        /// `built_year`.
        Built = ("built_year", BUILT, true),
        /// `structure`.
        Structure = ("structure", STRUCTURE, false),
        /// `renovated_year`: the last major renovation.
        Renovated = ("renovated_year", RENOVATED, false),
        /// `condition`: a grade A–D or a 健全度 score.
        Condition = ("condition", CONDITION, false),
        /// `survey_year`.
        SurveyYear = ("survey_year", SURVEY, false),
        /// `district`.
        District = ("district", DISTRICT, false),
        /// `operating_cost_yen`: actual annual operating cost.
        OperatingCost = ("operating_cost_yen", OPERATING, false),
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

impl CsvColumn {
    /// The five part-grade columns, in the order of the 健全度 weights.
    pub const PARTS: [CsvColumn; 5] = [
        CsvColumn::Roof,
        CsvColumn::Exterior,
        CsvColumn::Interior,
        CsvColumn::Electrical,
        CsvColumn::Mechanical,
    ];
}

/// Columns of a single buildings CSV.
pub const COLUMNS: &[Column] = CsvColumn::COLUMNS;

/// One valid row, borrowed from the text.
#[derive(Clone, Debug)]
pub struct BuildingRow<'r> {
    /// Line in the file.
    pub line: usize,
    /// Building (and facility) id.
    pub id: &'r str,
    /// Name.
    pub name: &'r str,
    /// Category.
    pub category: Category,
    /// Floor area.
    pub floor_area: FloorArea,
    /// Year built.
    pub built: FiscalYear,
    /// Structure.
    pub structure: Structure,
    /// Last major renovation.
    pub renovated: Option<FiscalYear>,
    /// Condition.
    pub condition: Option<Condition>,
    /// Survey year.
    pub survey_year: Option<FiscalYear>,
    /// District.
    pub district: Option<&'r str>,
    /// Actual annual operating cost.
    pub operating_yen: Option<Decimal>,
    /// Published or estimated.
    pub data_source: DataSource,
    /// Source URL.
    pub source_url: Option<&'r str>,
}

/// Where valid rows go. One sink is made per chunk; sinks are merged in file order.
pub trait RowSink: Send {
    /// Takes one valid row.
    fn add(&mut self, row: &BuildingRow<'_>);
    /// Appends the sink of the chunk that follows this one.
    fn merge(&mut self, later: Self);
}

/// Reads the CSV text into sinks made by `make`, in parallel when the file is large and has no
/// quoted fields. Returns the merged sink and the number of valid rows.
///
/// # Errors
///
/// Every problem of the file (up to [`crate::error::MAX_KEPT`] kept, the rest counted), located.
pub fn read<S: RowSink>(
    text: &str,
    file: &str,
    make: &(dyn Fn() -> S + Sync),
) -> std::result::Result<(S, usize), Diagnostics> {
    let mut reader = Reader::new(text);
    let header = Header::read(&mut reader, COLUMNS, file)?;
    let body_start = reader.position();
    let body_line = reader.line();
    // Cut the body into chunks at line ends; that is only safe when no field is quoted (a quoted field
    // may hold a line end), which every chunk checks for itself, in parallel.
    let threads = rayon::current_num_threads();
    let mut ranges = split_ranges(text, body_start, threads * 4)
        .unwrap_or_else(|| vec![(body_start, text.len())]);
    let plain = !ranges
        .par_iter()
        .any(|&(s, e)| memchr::memchr(b'"', &text.as_bytes()[s..e]).is_some());
    if !plain {
        ranges = vec![(body_start, text.len())];
    }
    // Each chunk counts its lines from 1; only when a chunk has problems are the line ends before it
    // counted, to give absolute lines.
    let mut chunks: Vec<Chunk<S>> = ranges
        .par_iter()
        .map(|&(start, end)| {
            let mut chunk = Chunk {
                sink: make(),
                ids: IdHashes::with_capacity((end - start) / 40),
                diags: Diagnostics::new(),
                rows: 0,
            };
            let hasher = id_hasher();
            let Chunk {
                sink,
                ids,
                diags,
                rows,
            } = &mut chunk;
            if plain {
                // Lines split at commas by the word-at-a-time tokenizer, parsed by the fast row
                // parser; a line it cannot take goes through the generic reader, which reports its
                // problems.
                let width = header.width();
                let pos: [Option<usize>; CsvColumn::COLUMNS.len()] =
                    std::array::from_fn(|c| header.positions[c]);
                crate::input::lines::for_each_line(text.as_bytes(), start, end, 1, |l| {
                    let fast = if l.n_fields == width && width <= crate::input::lines::MAX_FIELDS {
                        let get = |c: usize| pos[c].map(|p| &text[l.spans[p].0..l.spans[p].1]);
                        fast_fields(get, l.number)
                    } else {
                        None
                    };
                    match fast {
                        Some(b) => {
                            ids.push(hasher.hash_one(b.id));
                            sink.add(&b);
                            *rows += 1;
                        }
                        None => {
                            let mut r = Reader::range(text, l.start, l.next, l.number).plain();
                            generic_rows(&mut r, &header, file, sink, ids, diags, rows, &hasher);
                        }
                    }
                });
            } else {
                let mut r = Reader::range(text, start, end, 1);
                generic_rows(&mut r, &header, file, sink, ids, diags, rows, &hasher);
            }
            chunk
        })
        .collect();
    if chunks.iter().any(|c| !c.diags.is_empty()) {
        let counts: Vec<usize> = ranges
            .par_iter()
            .map(|&(s, e)| lines_in(text, s, e))
            .collect();
        let mut first_line = body_line;
        for (c, n) in chunks.iter_mut().zip(counts) {
            c.diags.shift_lines(first_line - 1);
            first_line += n;
        }
    }
    let mut diags = Diagnostics::new();
    let mut ids = Vec::with_capacity(chunks.len());
    let mut total = 0;
    let mut sink: Option<S> = None;
    for c in chunks {
        diags.extend(c.diags);
        ids.push(c.ids);
        total += c.rows;
        match &mut sink {
            None => sink = Some(c.sink),
            Some(s) => s.merge(c.sink),
        }
    }
    check_duplicate_ids(text, file, &header, ids, &mut diags);
    if diags.is_empty() && total == 0 {
        diags.push(Diagnostic::line(file, body_line - 1, msg!(NoBuildings)));
    }
    if diags.is_empty() {
        Ok((sink.unwrap_or_else(make), total))
    } else {
        diags.sort();
        Err(diags)
    }
}

struct Chunk<S> {
    sink: S,
    ids: IdHashes,
    diags: Diagnostics,
    rows: usize,
}

fn id_hasher() -> foldhash::fast::FixedState {
    foldhash::fast::FixedState::with_seed(0x5348_4953_4554_5355)
}

/// Reads records with the generic reader, validating every field (and reporting every problem).
#[allow(clippy::too_many_arguments)]
fn generic_rows<S: RowSink>(
    r: &mut Reader<'_>,
    header: &Header,
    file: &str,
    sink: &mut S,
    ids: &mut IdHashes,
    diags: &mut Diagnostics,
    rows: &mut usize,
    hasher: &foldhash::fast::FixedState,
) {
    tables::read_body(r, header, file, COLUMNS, diags, &mut |row| {
        // Ids are checked for duplicates even on rows with other problems.
        if let Some(id) = row.text(CsvColumn::Id) {
            ids.push(hasher.hash_one(id));
        }
        if let Some(b) = parse_row(row) {
            sink.add(&b);
            *rows += 1;
        }
    });
}

/// The fast path for the usual row: exact category key, plain area and year, structure key or
/// empty, optional columns empty. Anything else returns `None` and goes through [`parse_row`], which
/// validates it field by field.
fn fast_row<'r>(r: &Row<'r, '_>) -> Option<BuildingRow<'r>> {
    let (fields, header) = (r.fields, r.header);
    fast_fields(
        |i: usize| header.positions[i].map(|p| fields[p].as_ref()),
        r.line,
    )
}

/// The fast path on fields given by column: see [`fast_row`].
#[inline]
fn fast_fields<'r>(get: impl Fn(usize) -> Option<&'r str>, line: usize) -> Option<BuildingRow<'r>> {
    use CsvColumn as C;
    let field = |c: C| get(c.index());
    let blank = |c: C| field(c).is_none_or(str::is_empty);
    const OPTIONAL: [CsvColumn; 10] = [
        C::Renovated,
        C::Condition,
        C::SurveyYear,
        C::OperatingCost,
        C::DataSource,
        C::Roof,
        C::Exterior,
        C::Interior,
        C::Electrical,
        C::Mechanical,
    ];
    if !OPTIONAL.into_iter().all(blank) {
        return None;
    }
    let id = field(C::Id).filter(|s| !s.is_empty() && *s == super::fields::trim(s))?;
    let category = Category::parse(field(C::Category)?).filter(|c| c.is_building())?;
    let floor_area = FloorArea::parse(field(C::FloorArea)?).ok()?;
    let built = crate::units::parse_year(field(C::Built)?).ok()?;
    let structure = match field(C::Structure) {
        None => Structure::Other,
        Some(s) => Structure::parse(s)?,
    };
    let nonempty = |c: C| field(c).map(super::fields::trim).filter(|s| !s.is_empty());
    Some(BuildingRow {
        line,
        id,
        name: nonempty(C::Name).unwrap_or(""),
        category,
        floor_area,
        built,
        structure,
        renovated: None,
        condition: None,
        survey_year: None,
        district: nonempty(C::District),
        operating_yen: None,
        data_source: DataSource::Estimated,
        source_url: nonempty(C::SourceUrl),
    })
}

fn parse_row<'r>(r: &mut Row<'r, '_>) -> Option<BuildingRow<'r>> {
    use CsvColumn as C;
    if let Some(b) = fast_row(r) {
        return Some(b);
    }
    let n_before = r.diags.len();
    let (fields, header) = (r.fields, r.header);
    let get = |c: C| -> Option<&'r str> {
        header
            .get(fields, c.index())
            .map(super::fields::trim)
            .filter(|s| !s.is_empty())
    };
    let id = get(C::Id);
    if id.is_none() {
        r.bad(C::Id, "is empty");
    }
    let category = r.category(C::Category);
    let floor_area = r.area(C::FloorArea);
    let built = r.required_year(C::Built);
    let structure = r.structure(C::Structure);
    let renovated = r.year(C::Renovated);
    let condition = r.condition(C::Condition);
    let survey_year = r.year(C::SurveyYear);
    let operating_yen = r.yen(C::OperatingCost);
    let data_source = r.data_source(C::DataSource);
    let condition = r.building_condition(condition, C::Condition, CsvColumn::PARTS);
    r.renovated_after_built(built, renovated, C::Renovated);
    r.surveyed_after_built(built, survey_year, C::SurveyYear);
    if r.diags.len() != n_before {
        return None;
    }
    Some(BuildingRow {
        line: r.line,
        id: id?,
        name: get(C::Name).unwrap_or(""),
        category: category?,
        floor_area: floor_area?,
        built: built?,
        structure,
        renovated,
        condition,
        survey_year,
        district: get(C::District),
        operating_yen,
        data_source,
        source_url: get(C::SourceUrl),
    })
}

/// 64-bit hashes of ids, already split into buckets by their top byte as they are read, so that
/// finding duplicates needs no separate pass to partition them.
struct IdHashes {
    buckets: Vec<Vec<u64>>,
}

const ID_BUCKETS: usize = 256;

impl IdHashes {
    fn with_capacity(n: usize) -> IdHashes {
        let each = n / ID_BUCKETS + n / (ID_BUCKETS * 8) + 4;
        IdHashes {
            buckets: (0..ID_BUCKETS).map(|_| Vec::with_capacity(each)).collect(),
        }
    }

    #[inline]
    fn push(&mut self, h: u64) {
        self.buckets[(h >> 56) as usize].push(h);
    }
}

/// Reports every id that appears more than once, at each later line.
///
/// Only 64-bit hashes of the ids are kept while reading, bucketed by their top byte. Each bucket
/// (gathered from every chunk) is sorted on its own, in parallel; equal neighbours are candidate
/// duplicates. Only then, on this error path, is the file read again to name the ids and lines,
/// which also rules out hash collisions.
fn check_duplicate_ids(
    text: &str,
    file: &str,
    header: &Header,
    ids: Vec<IdHashes>,
    diags: &mut Diagnostics,
) {
    let dup = duplicate_hashes(ids);
    if dup.is_empty() {
        return;
    }
    let hasher = id_hasher();
    let mut reader = Reader::new(text);
    let mut fields = Vec::new();
    let _ = reader.next_record(&mut fields);
    let mut found: Vec<(String, usize)> = Vec::new();
    while let Some(rec) = reader.next_record(&mut fields) {
        let Ok(line) = rec else { continue };
        if let Some(id) = header
            .get(&fields, CsvColumn::Id.index())
            .map(super::fields::trim)
            .filter(|s| !s.is_empty())
        {
            if dup.binary_search(&hasher.hash_one(id)).is_ok() {
                found.push((id.to_string(), line));
            }
        }
    }
    found.sort();
    for w in found.chunk_by(|a, b| a.0 == b.0) {
        for later in &w[1..] {
            diags.push(Diagnostic::field(
                file,
                Some(later.1),
                "id",
                msg!(DuplicateId, id = format!("{:?}", later.0), first = w[0].1),
            ));
        }
    }
}

/// The hash values that occur more than once, sorted.
fn duplicate_hashes(chunks: Vec<IdHashes>) -> Vec<u64> {
    let mut per_bucket: Vec<Vec<Vec<u64>>> = (0..ID_BUCKETS)
        .map(|_| Vec::with_capacity(chunks.len()))
        .collect();
    for c in chunks {
        for (b, v) in c.buckets.into_iter().enumerate() {
            per_bucket[b].push(v);
        }
    }
    let mut dup: Vec<u64> = per_bucket
        .into_par_iter()
        .flat_map_iter(|parts| {
            let mut all: Vec<u64> = Vec::with_capacity(parts.iter().map(Vec::len).sum());
            for p in parts {
                all.extend(p);
            }
            all.sort_unstable();
            let mut d = Vec::new();
            for w in all.windows(2) {
                if w[0] == w[1] && d.last() != Some(&w[0]) {
                    d.push(w[0]);
                }
            }
            d
        })
        .collect();
    dup.sort_unstable();
    dup
}

/// Reads a buildings CSV file into sinks made by `make` (see [`read`]): the file is read whole (at
/// most [`crate::input::Cap::BUILDINGS_CSV`], a regular file only), its encoding detected.
///
/// # Errors
///
/// [`Error::Read`] when it cannot be read; [`Error::Input`] with every problem of the file, or
/// when it is not a regular file or is too large.
pub fn read_file<S: RowSink>(path: &Path, make: &(dyn Fn() -> S + Sync)) -> Result<(S, usize)> {
    let bytes = crate::input::read_file(path, crate::input::Cap::BUILDINGS_CSV)?;
    let name = crate::input::display_name(path);
    let decoded = crate::input::text::decode(&bytes, &name).map_err(|d| Error::Input(d.into()))?;
    read(&decoded.text, &name, make).map_err(Error::Input)
}

/// A sink that keeps every row as a facility with one building. A chunk numbers its facilities from
/// 0; merging chunks in file order renumbers the later chunk's after the earlier's.
#[derive(Default)]
struct Collect {
    facilities: Vec<Facility>,
    buildings: Vec<Building>,
}

impl RowSink for Collect {
    fn add(&mut self, r: &BuildingRow<'_>) {
        self.facilities.push(Facility {
            id: r.id.to_string(),
            name: r.name.to_string(),
            category: r.category,
            district: r.district.map(str::to_string),
            functions: Vec::new(),
            annual_users: None,
            capacity: None,
            operating_yen: r.operating_yen,
            data_source: r.data_source,
            source_url: r.source_url.map(str::to_string),
            line: r.line,
        });
        self.buildings.push(Building {
            id: r.id.to_string(),
            facility: FacilityIdx::new(self.facilities.len() - 1),
            name: r.name.to_string(),
            category: r.category,
            floor_area: r.floor_area,
            built: r.built,
            structure: r.structure,
            condition: r.condition,
            survey_year: r.survey_year,
            renovated: r.renovated,
            data_source: r.data_source,
            source_url: r.source_url.map(str::to_string),
            line: r.line,
        });
    }

    fn merge(&mut self, later: Self) {
        let offset = self.facilities.len();
        self.facilities.extend(later.facilities);
        self.buildings
            .extend(later.buildings.into_iter().map(|b| Building {
                facility: FacilityIdx::new(offset + b.facility.index()),
                ..b
            }));
    }
}

/// Loads a single buildings CSV as an inventory (every building its own facility).
///
/// # Errors
///
/// [`Error::Input`] with every problem of the file.
pub fn load_bytes(bytes: &[u8], file: &str, path: &Path) -> Result<Inventory> {
    let decoded = crate::input::text::decode(bytes, file).map_err(|d| Error::Input(d.into()))?;
    let (c, _) = read(&decoded.text, file, &Collect::default).map_err(Error::Input)?;
    Ok(Inventory {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.to_string()),
        path: path.to_path_buf(),
        facilities: c.facilities,
        buildings: c.buildings,
        ..Inventory::default()
    })
}
