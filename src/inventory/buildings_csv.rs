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
use crate::input::csv::Header;
use crate::input::csv::{Column, Reader, lines_in, split_ranges};
use crate::input::plain_line::{
    CategoryKeys, Separators, area_swar, id_before, id_number_at, next_line, part_of, plain_area,
    plain_text, span, str_field,
};
use crate::units::{FiscalYear, FloorArea};

mod block;

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

/// The usual row of a machine-written file, as the streaming reader's fast parser reads it: the
/// columns it may fill, every other optional column empty (no renovation, condition, survey or
/// operating cost; an estimated building). The text columns are as written (see
/// [`PlainRow::row`] for their trimmed values); a sink that only sums by class never looks at them.
#[derive(Clone, Copy, Debug)]
pub struct PlainRow<'r> {
    /// Building (and facility) id, as written (it has no surrounding spaces).
    pub id: &'r str,
    /// The name field, untrimmed.
    pub name: &'r str,
    /// Category.
    pub category: Category,
    /// Floor area.
    pub floor_area: FloorArea,
    /// Year built.
    pub built: FiscalYear,
    /// Structure.
    pub structure: Structure,
    /// The district field, untrimmed, if the file has the column.
    pub district: Option<&'r str>,
    /// The source URL field, untrimmed, if the file has the column.
    pub source_url: Option<&'r str>,
}

impl<'r> PlainRow<'r> {
    /// The same row as a [`BuildingRow`] (line 0), with the text fields trimmed and empty ones
    /// absent, as the generic reader gives them.
    pub fn row(&self) -> BuildingRow<'r> {
        BuildingRow {
            line: 0,
            id: self.id,
            name: nonempty(self.name).unwrap_or(""),
            category: self.category,
            floor_area: self.floor_area,
            built: self.built,
            structure: self.structure,
            renovated: None,
            condition: None,
            survey_year: None,
            district: self.district.and_then(nonempty),
            operating_yen: None,
            data_source: DataSource::Estimated,
            source_url: self.source_url.and_then(nonempty),
        }
    }
}

/// Where valid rows go. One sink is made per chunk; sinks are merged in file order.
pub trait RowSink: Send {
    /// Whether the sink reads the text fields of a usual row ([`PlainRow::id`], `name`,
    /// `district`, `source_url`). A sink that does not (it sums by class) is handed usual rows
    /// whose text fields are empty, and the streaming reader's block parser then never slices
    /// (or checks as UTF-8) the text of an ASCII stretch.
    const READS_TEXT: bool = true;
    /// Takes one valid row.
    fn add(&mut self, row: &BuildingRow<'_>);
    /// Takes one usual row, as the streaming reader's fast parser reads it; the same as
    /// [`RowSink::add`] of [`PlainRow::row`] (the default), which a sink may do more cheaply.
    #[inline]
    fn add_plain(&mut self, row: PlainRow<'_>) {
        self.add(&row.row());
    }
    /// Appends the sink of the chunk that follows this one.
    fn merge(&mut self, later: Self);
    /// Told by [`stream_file`] before the rows of each of its blocks (numbered in file order), for
    /// a sink that keeps rows in file order although a thread's blocks come in any order. Nothing
    /// by default; [`read`] never calls it (its chunks are merged in file order).
    #[inline]
    fn start_block(&mut self, _index: usize) {}
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
        r.bad(C::Id, msg!(IsEmpty));
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

/// Streams a buildings CSV file into sinks made by `make`, in bounded memory: the file is read in
/// line-aligned blocks on every core ([`crate::input::stream`]), each block checked (UTF-8 text
/// without control bytes or quotes) and parsed on its own, and only the sinks and a few ids per
/// block are kept. Returns the merged sink and the number of rows, or `None` when the file must be
/// read whole by [`read_file`] instead: it is not plain UTF-8 text (another encoding, a quoted
/// field, which may hold a line end, a control byte), or it has any problem, or a duplicate id.
/// That reader then reports every problem with its line, so a file gets the same verdict and the
/// same messages either way; streaming only makes the common, valid file cheap.
///
/// Each thread keeps one sink for all the blocks it reads, and which blocks a thread reads varies
/// from run to run: `S::merge` must give the same result in any order (sums of integers do).
///
/// Duplicate ids are found without keeping anything per building when the ids are in increasing
/// order, by length and then bytewise (`B1` < `B2` < `B10`, and any ids of one width), as machine
/// written files have them: each block checks its own ids and keeps its first and last, and the
/// blocks must follow each other. Otherwise a second pass keeps a 32-bit fingerprint of every id
/// (4 bytes a building), sorts them, and a third reads again only the ids whose fingerprints
/// collide, to tell a real duplicate from a collision.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be read; [`Error::Input`] when it is not a regular file, is
/// larger than [`crate::input::Cap::BUILDINGS_CSV`], or changes while it is read.
pub fn stream_file<S: RowSink>(
    path: &Path,
    make: &(dyn Fn() -> S + Sync),
) -> Result<Option<(S, usize)>> {
    stream_file_with(path, make, 32)
}

/// [`stream_file`] with fingerprints of `fingerprint_bits` bits (tests use a few, to make
/// collisions certain).
fn stream_file_with<S: RowSink>(
    path: &Path,
    make: &(dyn Fn() -> S + Sync),
    fingerprint_bits: u32,
) -> Result<Option<(S, usize)>> {
    use crate::input::stream::Stream;
    let stream = Stream::open(path, crate::input::Cap::BUILDINGS_CSV)?;
    let name = crate::input::display_name(path);
    let Some((header, body_start)) = stream_header(&stream, &name)? else {
        return Ok(None);
    };
    let header = &header;
    let plan = &RowPlan::new(header);
    let file = name.as_str();
    // Pass 1: every block parsed into its thread's sink; ids checked for order.
    let Some(workers) = stream.for_each_block(
        body_start,
        &|| Pass1 {
            sink: make(),
            rows: 0,
            blocks: Vec::new(),
            sorted: true,
            scratch: block::Scratch::default(),
        },
        &|w: &mut Pass1<S>, b| {
            w.sink.start_block(b.index);
            // Once a thread has seen ids out of order, its later blocks are not checked.
            let mut order = IdOrder::new(w.sorted);
            let Some(rows) = block::parse(
                b.bytes,
                header,
                plan,
                file,
                &mut w.sink,
                &mut order,
                &mut w.scratch,
            ) else {
                return false;
            };
            w.sorted = order.sorted;
            w.rows += rows;
            w.blocks.push(BlockIds {
                index: b.index,
                rows,
                first_last: order.first_last(b.bytes),
            });
            true
        },
    )?
    else {
        return Ok(None);
    };
    let mut sink: Option<S> = None;
    let mut total = 0;
    let mut sorted = true;
    let mut blocks = Vec::new();
    for w in workers {
        total += w.rows;
        sorted &= w.sorted;
        blocks.extend(w.blocks);
        match &mut sink {
            None => sink = Some(w.sink),
            Some(s) => s.merge(w.sink),
        }
    }
    if total == 0 {
        return Ok(None);
    }
    blocks.sort_by_key(|b| b.index);
    let in_order = sorted
        && blocks
            .iter()
            .filter_map(|b| b.first_last.as_ref())
            .collect::<Vec<_>>()
            .windows(2)
            .all(|w| id_before(w[0].1.as_bytes(), w[1].0.as_bytes()));
    let ids = BlockIdsOf {
        blocks: &blocks,
        total,
        fingerprint_bits,
    };
    if !in_order && stream_has_duplicates(&stream, body_start, header, plan, file, &ids)? {
        return Ok(None);
    }
    Ok(sink.map(|s| (s, total)))
}

/// What a thread keeps in the first pass.
struct Pass1<S> {
    sink: S,
    rows: usize,
    blocks: Vec<BlockIds>,
    /// Whether every block this thread read had its ids in increasing order.
    sorted: bool,
    /// The block parser's room for separator positions, kept from block to block.
    scratch: block::Scratch,
}

/// The blocks of a first pass, their rows, and the width of the fingerprints to use.
struct BlockIdsOf<'b> {
    blocks: &'b [BlockIds],
    total: usize,
    fingerprint_bits: u32,
}

/// A block's number of rows and its first and last ids.
struct BlockIds {
    index: usize,
    rows: usize,
    first_last: Option<(String, String)>,
}

/// The check that a block's ids are in increasing order ([`id_before`]), made on the block's own
/// bytes: ids are kept as their places in the block, and only the first and the last are copied,
/// for the check between blocks.
struct IdOrder {
    /// Whether the ids seen so far are in order (once not, nothing more is checked).
    sorted: bool,
    /// Where the block's first id is.
    first: Option<(usize, usize)>,
    /// Where the last id seen is.
    prev: (usize, usize),
    /// [`id_number`] of the last id seen.
    prev_number: u128,
}

impl IdOrder {
    /// A check of a block's ids; `sorted` false checks nothing.
    fn new(sorted: bool) -> IdOrder {
        IdOrder {
            sorted,
            first: None,
            prev: (0, 0),
            prev_number: 0,
        }
    }

    /// Takes the id `block[s..e]`, which follows the ids taken before.
    #[inline(always)]
    fn see(&mut self, block: &[u8], s: usize, e: usize) {
        if !self.sorted {
            return;
        }
        let Some(id) = block.get(s..e) else {
            self.sorted = false;
            return;
        };
        let n = id.len();
        let number = id_number_at(block, s, n);
        if self.first.is_none() {
            self.first = Some((s, e));
        } else if n == self.prev.1 - self.prev.0 && n <= 16 {
            self.sorted = self.prev_number < number;
        } else {
            self.sorted = id_before(&block[self.prev.0..self.prev.1], id);
        }
        self.prev = (s, e);
        self.prev_number = number;
    }

    /// Takes an id given as text: it must be a part of `block` (by address; never otherwise,
    /// unquoted), or the block's ids are taken as out of order and the file is checked by
    /// fingerprints.
    #[inline]
    fn see_text(&mut self, block: &[u8], id: Option<&str>) {
        if !self.sorted {
            return;
        }
        match id.and_then(|id| offset_in(block, id.as_bytes())) {
            Some((s, e)) => self.see(block, s, e),
            None => self.sorted = false,
        }
    }

    /// The block's first and last ids, if it had any.
    fn first_last(&self, block: &[u8]) -> Option<(String, String)> {
        let text = |(s, e): (usize, usize)| String::from_utf8_lossy(&block[s..e]).into_owned();
        self.first.map(|f| (text(f), text(self.prev)))
    }
}

/// Where `part` is in `bytes`, if it is a part of it (by address: equal bytes held elsewhere are
/// not).
fn offset_in(bytes: &[u8], part: &[u8]) -> Option<(usize, usize)> {
    let at = (part.as_ptr() as usize).wrapping_sub(bytes.as_ptr() as usize);
    let end = at.checked_add(part.len())?;
    bytes
        .get(at..end)
        .filter(|p| std::ptr::eq(p.as_ptr(), part.as_ptr()))
        .map(|_| (at, end))
}

/// Reads the header from the start of a stream: the header and where the body starts, or `None`
/// when the file is not one the stream can take (not UTF-8 text, a header with quotes or
/// problems, a header longer than the prefix read).
fn stream_header(
    stream: &crate::input::stream::Stream,
    file: &str,
) -> Result<Option<(Header, u64)>> {
    const PREFIX: usize = 64 << 10;
    let prefix = stream.prefix(PREFIX)?;
    let bom = if prefix.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &prefix[bom..];
    let Some(i) = body.iter().position(|&b| b != b'\n' && b != b'\r') else {
        return Ok(None);
    };
    let Some(t) = memchr::memchr2(b'\n', b'\r', &body[i..]).map(|t| i + t) else {
        return Ok(None);
    };
    if body[t] == b'\r' && t + 1 == body.len() {
        return Ok(None);
    }
    let end = if body[t] == b'\r' && body[t + 1] == b'\n' {
        t + 2
    } else {
        t + 1
    };
    let Some(text) = plain_text(&body[..end]) else {
        return Ok(None);
    };
    let mut reader = Reader::new(text);
    let Ok(header) = Header::read(&mut reader, COLUMNS, file) else {
        return Ok(None);
    };
    Ok(Some((header, (bom + reader.position()) as u64)))
}

/// A row as the block parser hands it on: the usual row read by the [`RowPlan`] (nothing but what
/// it says), or any other valid row, read and validated by the generic reader.
#[derive(Clone, Copy)]
enum Parsed<'a, 't> {
    /// The usual row.
    Plain(PlainRow<'t>),
    /// Any other valid row, and its id as a part of the block's text (`None` if it is not one).
    Row(&'a BuildingRow<'a>, Option<&'t str>),
}

impl<'t> Parsed<'_, 't> {
    /// The row's id.
    #[inline]
    fn id(&self) -> &str {
        match self {
            Parsed::Plain(p) => p.id,
            Parsed::Row(b, _) => b.id,
        }
    }

    /// The row's id as a part of the block's text, which outlives the row.
    #[inline]
    fn text_id(&self) -> Option<&'t str> {
        match self {
            Parsed::Plain(p) => Some(p.id),
            Parsed::Row(_, id) => *id,
        }
    }

    /// Hands the row to `sink`.
    #[inline]
    fn add_to<S: RowSink>(self, sink: &mut S) {
        match self {
            Parsed::Plain(p) => sink.add_plain(p),
            Parsed::Row(b, _) => sink.add(b),
        }
    }
}

/// Parses the rows of a block of plain text, calling `row` for each valid one: a line the
/// [`RowPlan`] takes directly, any other through the generic reader (which validates every field).
/// Rows carry no line number (0). Returns `false` as soon as a line has a problem: the
/// whole-file reader will report it.
fn parse_block<'t>(
    text: &'t str,
    header: &Header,
    plan: &RowPlan,
    file: &str,
    row: &mut impl FnMut(Parsed<'_, 't>),
) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut seps = Separators::new(bytes);
    let mut ends = [0usize; MAX_PLAN_FIELDS];
    while at < bytes.len() {
        seps.seek(at);
        if let Some((p, next)) = plan.parse_with(text, at, &mut seps, &mut ends) {
            row(Parsed::Plain(p));
            at = next;
            continue;
        }
        // Blank lines are skipped, as the reader skips them.
        if matches!(bytes[at], b'\n' | b'\r') {
            at += 1;
            continue;
        }
        let next = next_line(bytes, at);
        let mut diags = Diagnostics::new();
        let mut r = Reader::range(text, at, next, 1).plain();
        tables::read_body(&mut r, header, file, COLUMNS, &mut diags, &mut |rec| {
            if let Some(b) = parse_row(rec) {
                row(Parsed::Row(&b, part_of(text, b.id)));
            }
        });
        if !diags.is_empty() {
            return false;
        }
        at = next;
    }
    true
}

/// The most fields a line may have for the [`RowPlan`] to take it (wider files go through the
/// generic reader).
const MAX_PLAN_FIELDS: usize = 32;

/// The fast row parser specialised to one file's header: where each column the usual row fills
/// is, and which columns it must leave empty, resolved once. It takes the usual row of a
/// machine-written file (exact category key, plain area and year, structure key or empty,
/// optional columns empty, no quotes) in one pass over the line: the line's separators are taken
/// first, then each column is read at its known place, without a decision per field. It declines
/// anything else, which the generic reader then reads and validates: it only ever accepts what
/// the generic reader accepts, with the same values ([`fast_fields`] is the same rule on split
/// fields; tests compare them).
struct RowPlan {
    /// The number of fields of a line; 0 when the plan takes no line (a header too wide).
    width: usize,
    id: usize,
    name: usize,
    category: usize,
    area: usize,
    built: usize,
    structure: Option<usize>,
    district: Option<usize>,
    source_url: Option<usize>,
    /// The fields that must be empty (the optional columns the plan does not read).
    blank: Vec<usize>,
    /// The building categories by exact key.
    keys: CategoryKeys,
}

impl RowPlan {
    fn new(header: &Header) -> RowPlan {
        use CsvColumn as C;
        let at = |c: C| header.positions[c.index()];
        let required = [C::Id, C::Name, C::Category, C::FloorArea, C::Built].map(at);
        let width = if header.width() <= MAX_PLAN_FIELDS && required.iter().all(Option::is_some) {
            header.width()
        } else {
            0
        };
        let [id, name, category, area, built] = required.map(|p| p.unwrap_or(0));
        let read = [
            C::Id,
            C::Name,
            C::Category,
            C::FloorArea,
            C::Built,
            C::Structure,
            C::District,
            C::SourceUrl,
        ];
        let mut blank: Vec<usize> = (0..COLUMNS.len())
            .filter(|&c| !read.iter().any(|r| r.index() == c))
            .filter_map(|c| header.positions[c])
            .collect();
        blank.sort_unstable();
        RowPlan {
            width,
            id,
            name,
            category,
            area,
            built,
            structure: at(C::Structure),
            district: at(C::District),
            source_url: at(C::SourceUrl),
            blank,
            keys: CategoryKeys::new(),
        }
    }

    /// The row of the line starting at `start`, and where the next line starts; `None` when the
    /// fast path does not take the line.
    #[cfg(test)]
    fn parse<'t>(&self, text: &'t str, start: usize) -> Option<(PlainRow<'t>, usize)> {
        let mut seps = Separators::new(text.as_bytes());
        seps.seek(start);
        self.parse_with(text, start, &mut seps, &mut [0; MAX_PLAN_FIELDS])
    }

    /// [`RowPlan::parse`] with the separators found by `seps`, which must give every separator at
    /// or after `start` and none before it; `ends` is room for the fields' ends.
    #[inline]
    fn parse_with<'t>(
        &self,
        text: &'t str,
        start: usize,
        seps: &mut Separators<'_>,
        ends: &mut [usize; MAX_PLAN_FIELDS],
    ) -> Option<(PlainRow<'t>, usize)> {
        let bytes = text.as_bytes();
        let w = self.width;
        if w == 0 {
            return None;
        }
        let ends = &mut ends[..w];
        for e in ends.iter_mut() {
            *e = seps.next();
        }
        // Every field but the last ends at a comma, the last at the line's end.
        let line_end = ends[w - 1];
        if !matches!(bytes.get(line_end), Some(b'\n' | b'\r') | None)
            || ends[..w - 1].iter().any(|&e| bytes.get(e) != Some(&b','))
        {
            return None;
        }
        let ends = &*ends;
        let u = self.usual(bytes, &LineEnds { ends, start })?;
        // `\r\n` is one line end.
        let next = if bytes.get(line_end) == Some(&b'\r') && bytes.get(line_end + 1) == Some(&b'\n')
        {
            line_end + 2
        } else {
            line_end + 1
        };
        Some((
            PlainRow {
                id: text.get(u.id.0..u.id.1)?,
                name: str_field(text, ends, start, self.name),
                category: u.category,
                floor_area: u.floor_area,
                built: u.built,
                structure: u.structure,
                district: self.district.map(|i| str_field(text, ends, start, i)),
                source_url: self.source_url.map(|i| str_field(text, ends, start, i)),
            },
            next.min(bytes.len()),
        ))
    }

    /// The class fields of the usual row whose field `i` is `bytes[span(i).0..span(i).1]`, and
    /// where its id is; `None` when the plan does not take the row. The fields' separators are
    /// the caller's to check; this reads the fields' bytes, and the bytes after the category and
    /// the area (whole words, while `bytes` lasts).
    #[inline(always)]
    fn usual(&self, bytes: &[u8], spans: &impl Spans) -> Option<Usual> {
        let span = |i: usize| spans.span(i);
        let field = |i: usize| {
            let (s, e) = spans.span(i);
            bytes.get(s..e)
        };
        if self
            .blank
            .iter()
            .any(|&i| field(i).is_none_or(|f| !f.is_empty()))
        {
            return None;
        }
        let id = span(self.id);
        let (&a, &b) = {
            let f = field(self.id)?;
            (f.first()?, f.last()?)
        };
        if !(b'!'..=b'~').contains(&a) || !(b'!'..=b'~').contains(&b) {
            return None;
        }
        let category = {
            let (s, e) = span(self.category);
            self.keys.at(bytes, s, e)?
        };
        let floor_area = {
            let (s, e) = span(self.area);
            match area_swar(bytes, s, e) {
                Some(a) => a,
                None => plain_area(bytes.get(s..e)?)?,
            }
        };
        let built = {
            let [a, b, c, d] = field(self.built)? else {
                return None;
            };
            // Four digits, checked together (one branch).
            let (a, b, c, d) = (
                a.wrapping_sub(b'0'),
                b.wrapping_sub(b'0'),
                c.wrapping_sub(b'0'),
                d.wrapping_sub(b'0'),
            );
            if a.max(b).max(c).max(d) > 9 {
                return None;
            }
            let y = i32::from(a) * 1000 + i32::from(b) * 100 + i32::from(c) * 10 + i32::from(d);
            crate::units::FiscalYear::new(y)?
        };
        let structure = match self.structure {
            None => Structure::Other,
            Some(i) => match field(i)? {
                // The keys, as `Structure::parse` reads them (a test compares).
                b"rc" => Structure::Rc,
                b"s" => Structure::Steel,
                b"w" => Structure::Wood,
                b"src" => Structure::Src,
                b"cb" => Structure::Block,
                b"" => Structure::Other,
                f => Structure::parse(std::str::from_utf8(f).ok()?)?,
            },
        };
        Some(Usual {
            id,
            category,
            floor_area,
            built,
            structure,
        })
    }
}

/// Where a line's fields are, for [`RowPlan::usual`].
trait Spans {
    /// Where field `i` starts and ends.
    fn span(&self, i: usize) -> (usize, usize);
}

/// A line's fields by their ends (each at its separator), the first starting at `start`.
struct LineEnds<'e> {
    ends: &'e [usize],
    start: usize,
}

impl Spans for LineEnds<'_> {
    #[inline(always)]
    fn span(&self, i: usize) -> (usize, usize) {
        span(self.ends, self.start, i)
    }
}

/// What the [`RowPlan`] reads of a usual row for a sink that only sums by class, and where its id
/// is (for the check of the ids' order).
#[derive(Clone, Copy, Debug)]
struct Usual {
    /// Where the id starts and ends.
    id: (usize, usize),
    category: Category,
    floor_area: FloorArea,
    built: FiscalYear,
    structure: Structure,
}

impl Usual {
    /// The row with empty text fields, for a sink that does not read them
    /// ([`RowSink::READS_TEXT`] false).
    #[inline(always)]
    fn bare(&self) -> PlainRow<'static> {
        PlainRow {
            id: "",
            name: "",
            category: self.category,
            floor_area: self.floor_area,
            built: self.built,
            structure: self.structure,
            district: None,
            source_url: None,
        }
    }
}

/// The text of a field trimmed, if not empty.
#[inline]
fn nonempty(s: &str) -> Option<&str> {
    Some(super::fields::trim(s)).filter(|t| !t.is_empty())
}

/// Whether a streamed file whose ids are not in order has a duplicate id: a 32-bit fingerprint of
/// every id, sorted; then, only if two fingerprints are equal, the ids behind them read again and
/// compared.
fn stream_has_duplicates(
    stream: &crate::input::stream::Stream,
    body_start: u64,
    header: &Header,
    plan: &RowPlan,
    file: &str,
    ids: &BlockIdsOf<'_>,
) -> Result<bool> {
    let (blocks, total) = (ids.blocks, ids.total);
    let hasher = id_hasher();
    let shift = 64 - ids.fingerprint_bits.clamp(1, 32);
    let fingerprint = |id: &str| (hasher.hash_one(id) >> shift) as u32;
    // Each block writes its fingerprints at its own place: the blocks before it hold this many.
    let mut offsets = vec![usize::MAX; blocks.last().map_or(0, |b| b.index + 1)];
    let mut at = 0;
    for b in blocks {
        offsets[b.index] = at;
        at += b.rows;
    }
    let prints: Vec<std::sync::atomic::AtomicU32> = (0..total)
        .map(|_| std::sync::atomic::AtomicU32::new(0))
        .collect();
    let pass = stream.for_each_block(body_start, &|| (), &|_, block| {
        let Some(text) = plain_text(block.bytes) else {
            return false;
        };
        let mut i = offsets.get(block.index).copied().unwrap_or(usize::MAX);
        parse_block(text, header, plan, file, &mut |b| {
            if let Some(p) = prints.get(i) {
                p.store(fingerprint(b.id()), std::sync::atomic::Ordering::Relaxed);
            }
            i = i.wrapping_add(1);
        })
    })?;
    if pass.is_none() {
        return Ok(true);
    }
    let mut prints: Vec<u32> = prints.into_iter().map(|p| p.into_inner()).collect();
    prints.par_sort_unstable();
    let mut collide: Vec<u32> = prints
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    drop(prints);
    if collide.is_empty() {
        return Ok(false);
    }
    collide.dedup();
    let collide = &collide;
    let found = stream.for_each_block(body_start, &Vec::new, &|ids: &mut Vec<String>, block| {
        let Some(text) = plain_text(block.bytes) else {
            return false;
        };
        parse_block(text, header, plan, file, &mut |b| {
            if collide.binary_search(&fingerprint(b.id())).is_ok() {
                ids.push(b.id().to_string());
            }
        })
    })?;
    let Some(found) = found else {
        return Ok(true);
    };
    let mut ids: Vec<String> = found.into_iter().flatten().collect();
    ids.sort_unstable();
    Ok(ids.windows(2).any(|w| w[0] == w[1]))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Floor area summed by everything a row says that prices it (a sink whose merge does not
    /// depend on order, as streaming needs), and the rows.
    #[derive(Debug, Default, PartialEq, Eq)]
    struct Sums {
        area: std::collections::BTreeMap<String, i128>,
        n_buildings: usize,
    }

    impl RowSink for Sums {
        fn add(&mut self, r: &BuildingRow<'_>) {
            let key = format!(
                "{:?} {} {:?} {:?} {:?} {:?} {:?}",
                r.category,
                r.built,
                r.structure,
                r.renovated,
                r.condition,
                r.survey_year,
                r.operating_yen
            );
            *self.area.entry(key).or_default() += i128::from(r.floor_area.units());
            self.n_buildings += 1;
        }

        fn merge(&mut self, later: Self) {
            for (k, v) in later.area {
                *self.area.entry(k).or_default() += v;
            }
            self.n_buildings += later.n_buildings;
        }
    }

    /// The sums of a file streamed (`None` if the stream hands it to the whole-file reader) and
    /// read whole.
    fn both(text: &[u8]) -> (Option<Sums>, crate::Result<Sums>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.csv");
        std::fs::write(&path, text).unwrap();
        let streamed = stream_file(&path, &Sums::default).unwrap().map(|(s, _)| s);
        let whole = read_file(&path, &Sums::default).map(|(s, _)| s);
        (streamed, whole)
    }

    /// A file of `n` rows over several stream blocks, in a mix of forms the fast row parser takes
    /// and forms it leaves to the generic reader (Japanese names, 和暦 years, trimmed ids, rows with
    /// a condition or an operating cost), with ids numbered by `id(i)`.
    fn file(n: usize, id: impl Fn(usize) -> String, line_end: &str) -> Vec<u8> {
        let mut t = format!(
            "id,name,category,floor_area_m2,built_year,structure,condition,operating_cost_yen{line_end}"
        );
        for i in 0..n {
            let (category, area, year, structure, condition, operating) = match i % 11 {
                0 => ("school", "1234.5", "1975", "rc", "", ""),
                1 => ("学校教育系施設", "88", "S50", "鉄筋コンクリート造", "", ""),
                2 => ("park", "12.000001", "2001", "", "", ""),
                3 => ("public_housing", "999999.999999", "1850", "w", "B", ""),
                4 => ("administrative", "1,000", "1990", "s", "", "120000.5"),
                5 => ("other", "0.5", "2200", "cb", "", ""),
                6 => ("medical", "00012", "1962", "src", "", ""),
                _ => ("civic_culture", "300", "1980", "rc", "", ""),
            };
            // A trimmed id and a quoted-free comma-free area with grouping go the generic way.
            let id = if i % 13 == 5 {
                format!(" {} ", id(i))
            } else {
                id(i)
            };
            let area = if area.contains(',') { "1000" } else { area };
            t.push_str(&format!(
                "{id},bldg {i},{category},{area},{year},{structure},{condition},{operating}{line_end}"
            ));
            if i % 1000 == 999 {
                t.push_str(line_end);
            }
        }
        t.into_bytes()
    }

    #[test]
    fn the_stream_gives_the_whole_file_readers_aggregate() {
        // 60,000 rows of about 50 bytes: three megabytes, three stream blocks and more.
        for line_end in ["\n", "\r\n", "\r"] {
            for ids in [
                // In order: no fingerprints.
                &(|i: usize| format!("B{i}")) as &dyn Fn(usize) -> String,
                // Out of order: fingerprints, no duplicate.
                &|i: usize| format!("X{}", (i * 7919) % 60_000),
            ] {
                let text = file(60_000, ids, line_end);
                let (streamed, whole) = both(&text);
                let whole = whole.unwrap();
                assert_eq!(whole.n_buildings, 60_000);
                assert_eq!(streamed, Some(whole), "line end {line_end:?}");
            }
        }
    }

    #[test]
    fn colliding_fingerprints_are_told_from_duplicates() {
        // Ids out of order, with 3-bit fingerprints: thousands of collisions, which the third pass
        // reads again and finds to be different ids; then one real duplicate among them.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.csv");
        let mut text = file(20_000, |i| format!("X{}", (i * 7919) % 20_000), "\n");
        std::fs::write(&path, &text).unwrap();
        let streamed = stream_file_with(&path, &Sums::default, 3).unwrap();
        assert_eq!(streamed.map(|(_, n)| n), Some(20_000));
        text.extend_from_slice(b"X17,again,school,10,1990,rc,,\n");
        std::fs::write(&path, &text).unwrap();
        assert!(
            stream_file_with(&path, &Sums::default, 3)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn files_the_stream_cannot_take_go_to_the_whole_file_reader() {
        let ok = file(3000, |i| format!("B{i}"), "\n");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&ok);
        let (streamed, whole) = both(&bom);
        assert_eq!(
            streamed,
            Some(whole.unwrap()),
            "a byte-order mark is streamed"
        );
        let cases: Vec<(&str, Vec<u8>)> = vec![
            // A duplicate id far from its first, in ordered and unordered files.
            ("duplicate", {
                let mut t = file(3000, |i| format!("B{i}"), "\n");
                t.extend_from_slice(b"B17,again,school,10,1990,rc,,\n");
                t
            }),
            (
                "duplicate unordered",
                file(3000, |i| format!("X{}", i % 2999), "\n"),
            ),
            // A quoted field (it may hold a line end).
            ("quoted", {
                let mut t = file(3000, |i| format!("B{i}"), "\n");
                t.extend_from_slice(b"Z1,\"a, b\",school,10,1990,rc,,\n");
                t
            }),
            // A bad value.
            ("bad area", {
                let mut t = file(3000, |i| format!("B{i}"), "\n");
                t.extend_from_slice(b"Z1,x,school,-10,1990,rc,,\n");
                t
            }),
            // Shift_JIS: 学校 is 8A 77 8D 5A.
            ("shift_jis", {
                let mut t = b"id,name,category,floor_area_m2,built_year\n".to_vec();
                t.extend_from_slice(b"A1,\x8A\x77\x8D\x5A,school,10,1990\n");
                t
            }),
            (
                "header only",
                b"id,name,category,floor_area_m2,built_year\n".to_vec(),
            ),
            (
                "no header end",
                b"id,name,category,floor_area_m2,built_year".to_vec(),
            ),
        ];
        for (what, text) in cases {
            let (streamed, whole) = both(&text);
            assert!(streamed.is_none(), "{what}: streamed");
            // The whole-file reader decides: errors for all but the quoted field and Shift_JIS.
            assert_eq!(
                whole.is_ok(),
                matches!(what, "quoted" | "shift_jis"),
                "{what}"
            );
        }
    }

    #[test]
    fn the_row_plan_takes_what_the_generic_rule_takes() {
        let header_text =
            "id,name,category,floor_area_m2,built_year,structure,district,condition\n";
        let mut reader = Reader::new(header_text);
        let header = Header::read(&mut reader, COLUMNS, "f").unwrap();
        let plan = RowPlan::new(&header);
        let values: [&[&str]; 8] = [
            &["B1", " B1", "B1 ", "", "ｂ1"],
            &["", "name", " x "],
            &[
                "school",
                "School",
                "学校教育系施設",
                "road_general",
                "",
                "school ",
            ],
            &[
                "1",
                "0",
                "0.0",
                "12.5",
                "12.",
                ".5",
                "1000000",
                "1000000.000001",
                "0.000001",
                "1.0000001",
                "00000001",
                "1e3",
                "+1",
                "1 ",
            ],
            &["1975", "1849", "2200", "2201", "S50", "197", "19750"],
            &["rc", "s", "", "w", "src", "cb", "RC", "x"],
            &["", "D1", " D1 "],
            &["", "A"],
        ];
        // Every combination along each column, the others at their first value.
        for col in 0..values.len() {
            for v in values[col] {
                let fields: Vec<&str> = (0..values.len())
                    .map(|c| if c == col { *v } else { values[c][0] })
                    .collect();
                let line = format!("{}\n", fields.join(","));
                let by_plan = plan.parse(&line, 0).map(|(b, next)| {
                    assert_eq!(next, line.len());
                    format!("{:?}", b.row())
                });
                let get = |c: usize| header.positions[c].map(|p| fields[p]);
                let by_rule = fast_fields(get, 0).map(|b| format!("{b:?}"));
                // The plan may decline what the rule takes (the generic reader then reads it the
                // same way), never take what it declines, and never read it differently.
                if let Some(p) = &by_plan {
                    assert_eq!(Some(p), by_rule.as_ref(), "{line:?}");
                }
            }
        }
        // The usual row is taken.
        assert!(plan.parse("B1,n,school,12.5,1975,rc,,\n", 0).is_some());
        // Every building category by its key, and no other word of a key's length and second
        // byte (`schoo1`, `Park`, a non-building category's key).
        for c in crate::category::ALL_CATEGORIES {
            let line = format!("B1,n,{},12.5,1975,rc,,\n", c.key());
            let got = plan.parse(&line, 0).map(|(b, _)| b.category);
            assert_eq!(got, c.is_building().then_some(c), "{c:?}");
        }
        for word in ["schoo1", "Park", "parks", "pa", "p", "sports_recreatio_"] {
            let line = format!("B1,n,{word},12.5,1975,rc,,\n");
            assert!(plan.parse(&line, 0).is_none(), "{word}");
        }
    }
}
