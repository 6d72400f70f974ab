//! The single buildings CSV (`id,name,category,floor_area_m2,built_year`, extra columns allowed), read
//! in parallel chunks into any [`RowSink`]: a sink that keeps every building (to build an
//! [`Inventory`]) or one that only sums floor areas by cost class (to project a million buildings in
//! bounded memory).
//!
//! Each chunk is parsed on its own core and produces its own sink, diagnostics and id hashes; they
//! are merged in chunk order, so the result is the same at any thread count. Duplicate ids are found
//! by sorting 64-bit id hashes, and confirmed (and named) by reading the ids of the colliding lines
//! again, so no id strings are kept for a million rows.

use std::hash::BuildHasher;
use std::path::Path;

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::fields::Row;
use super::tables::{
    self, AREA, BUILT, CATEGORY, CONDITION, DISTRICT, ID, NAME, OPERATING, RENOVATED, STRUCTURE,
};
use super::{Building, Condition, DataSource, Facility, Inventory};
use crate::category::{Category, Structure};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::csv::{Column, Header, Reader, lines_in, split_ranges};
use crate::units::{FiscalYear, FloorArea};

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        name,
        aliases,
        required,
    }
}

/// Columns of a single buildings CSV.
pub const COLUMNS: [Column; 13] = [
    col("id", ID, true),
    col("name", NAME, true),
    col("category", CATEGORY, true),
    col("floor_area_m2", AREA, true),
    col("built_year", BUILT, true),
    col("structure", STRUCTURE, false),
    col("renovated_year", RENOVATED, false),
    col("condition", CONDITION, false),
    col("survey_year", &["調査年"], false),
    col("district", DISTRICT, false),
    col("operating_cost_yen", OPERATING, false),
    col("data_source", &[], false),
    col("source_url", &["出典"], false),
];

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
    let header = Header::read(&mut reader, &COLUMNS, file)?;
    let body_start = reader.position();
    let body_line = reader.line();
    let threads = rayon::current_num_threads();
    let ranges = split_ranges(text, body_start, threads * 4)
        .unwrap_or_else(|| vec![(body_start, text.len())]);
    // The first line of each chunk: count line ends in every chunk (in parallel), then add up.
    let counts: Vec<usize> = ranges
        .par_iter()
        .map(|&(s, e)| lines_in(text, s, e))
        .collect();
    let mut first_lines = Vec::with_capacity(ranges.len());
    let mut line = body_line;
    for c in &counts {
        first_lines.push(line);
        line += c;
    }
    let chunks: Vec<Chunk<S>> = ranges
        .par_iter()
        .zip(first_lines.par_iter())
        .map(|(&(start, end), &first_line)| {
            let mut chunk = Chunk {
                sink: make(),
                ids: Vec::new(),
                diags: Diagnostics::new(),
                rows: 0,
            };
            let mut r = Reader::range(text, start, end, first_line);
            let hasher = id_hasher();
            let Chunk {
                sink,
                ids,
                diags,
                rows,
            } = &mut chunk;
            tables::read_body(&mut r, &header, file, &COLUMNS, diags, &mut |row| {
                // Ids are checked for duplicates even on rows with other problems.
                if let Some(id) = row.text(0) {
                    ids.push((hasher.hash_one(id), row.line as u64));
                }
                if let Some(b) = parse_row(row) {
                    sink.add(&b);
                    *rows += 1;
                }
            });
            chunk
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut ids = Vec::new();
    let mut total = 0;
    let mut sink: Option<S> = None;
    for c in chunks {
        diags.extend(c.diags);
        ids.extend(c.ids);
        total += c.rows;
        match &mut sink {
            None => sink = Some(c.sink),
            Some(s) => s.merge(c.sink),
        }
    }
    check_duplicate_ids(text, file, &header, ids, &mut diags);
    if diags.is_empty() {
        Ok((sink.unwrap_or_else(make), total))
    } else {
        diags.sort();
        Err(diags)
    }
}

struct Chunk<S> {
    sink: S,
    ids: Vec<(u64, u64)>,
    diags: Diagnostics,
    rows: usize,
}

fn id_hasher() -> foldhash::fast::FixedState {
    foldhash::fast::FixedState::with_seed(0x5348_4953_4554_5355)
}

fn parse_row<'r>(r: &mut Row<'r, '_>) -> Option<BuildingRow<'r>> {
    let n_before = r.diags.len();
    let (fields, header) = (r.fields, r.header);
    let get = |i: usize| -> Option<&'r str> {
        header
            .get(fields, i)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let id = get(0);
    if id.is_none() {
        r.bad(0, "is empty");
    }
    let category = r.category(2);
    let floor_area = r.area(3);
    let built = r.required_year(4);
    let structure = r.structure(5);
    let renovated = r.year(6);
    let condition = r.condition(7);
    let survey_year = r.year(8);
    let operating_yen = r.yen(10);
    let data_source = r.data_source(11);
    if let (Some(b), Some(ren)) = (built, renovated) {
        if ren < b {
            r.bad(6, format!("{ren} is before the year built {b}"));
        }
    }
    if r.diags.len() != n_before {
        return None;
    }
    Some(BuildingRow {
        line: r.line,
        id: id?,
        name: get(1).unwrap_or(""),
        category: category?,
        floor_area: floor_area?,
        built: built?,
        structure,
        renovated,
        condition,
        survey_year,
        district: get(9),
        operating_yen,
        data_source,
        source_url: get(12),
    })
}

/// Reports every id that appears more than once, at each later line.
fn check_duplicate_ids(
    text: &str,
    file: &str,
    header: &Header,
    mut ids: Vec<(u64, u64)>,
    diags: &mut Diagnostics,
) {
    ids.par_sort_unstable();
    let mut suspect_lines: Vec<u64> = Vec::new();
    for w in ids.windows(2) {
        if w[0].0 == w[1].0 {
            suspect_lines.push(w[0].1);
            suspect_lines.push(w[1].1);
        }
    }
    if suspect_lines.is_empty() {
        return;
    }
    suspect_lines.sort_unstable();
    suspect_lines.dedup();
    // Read the suspect lines' ids again (a rare, error-only path) and group them exactly.
    let mut reader = Reader::new(text);
    let mut fields = Vec::new();
    let _ = reader.next_record(&mut fields);
    let mut found: Vec<(String, u64)> = Vec::new();
    let mut next = 0;
    while let Some(rec) = reader.next_record(&mut fields) {
        if next >= suspect_lines.len() {
            break;
        }
        let Ok(line) = rec else { continue };
        if line as u64 == suspect_lines[next] {
            if let Some(id) = header.get(&fields, 0) {
                found.push((id.trim().to_string(), line as u64));
            }
            next += 1;
        }
    }
    found.sort();
    for w in found.chunk_by(|a, b| a.0 == b.0) {
        for later in &w[1..] {
            diags.push(Diagnostic::field(
                file,
                Some(later.1 as usize),
                "id",
                format!("duplicate id {:?} (first on line {})", later.0, w[0].1),
            ));
        }
    }
}

/// A sink that keeps every row as a facility with one building.
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
            facility: usize::MAX,
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
        self.facilities.extend(later.facilities);
        self.buildings.extend(later.buildings);
    }
}

/// Loads a single buildings CSV as an inventory (every building its own facility).
///
/// # Errors
///
/// [`Error::Input`] with every problem of the file.
pub fn load_bytes(bytes: &[u8], file: &str, path: &Path) -> Result<Inventory> {
    let decoded = crate::input::text::decode(bytes, file).map_err(|d| Error::Input(d.into()))?;
    let (mut c, _) = read(&decoded.text, file, &Collect::default).map_err(Error::Input)?;
    for (i, b) in c.buildings.iter_mut().enumerate() {
        b.facility = i;
    }
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
