//! A folder inventory streamed straight into the [`Aggregate`] a projection needs, in memory that
//! does not grow with its buildings: the fast path of `project` on a folder, as
//! [`crate::inventory::buildings_csv::stream_file`] is for a buildings CSV.
//!
//! `inventory.toml` is read and checked as the whole reader reads it (`inventory::folder::head`);
//! the small tables are read whole (districts checked row by row by their reader's row rule, only
//! their ids kept; infrastructure by its own reader); the large ones are streamed in line-aligned
//! blocks on every core ([`crate::input::stream`]). Each line is cut at its separators and read by
//! a plan specialised to the table's header (`inventory::plain_rows`, built on the
//! buildings CSV's line cutter), which takes the usual row; any other row is read by the generic
//! reader and checked by the whole reader's row rules ([`crate::inventory::tables`]). Facilities go
//! into a compact table (their ids, per facility only its category, actual operating cost and
//! opening year), buildings straight into floor-area sums by class, looked up in it, roads only
//! checked. Ids numbered in order (`F000001`, `F000002`, …, or `D0`, `D1`, …) are kept as a prefix
//! and a range of numbers, an id's position found from its number; others in one string with an
//! open-addressing index. Every check the whole reader makes between tables is made here too,
//! exactly: duplicate facility ids (by the numbering or the index), buildings' facilities,
//! facilities' districts and roads' places (looked up by their ids, compared as strings), duplicate
//! building ids (by their order, as machine-written files have them, else by 64-bit fingerprints, a
//! fingerprint seen twice sending the folder to the whole reader).
//!
//! It never reports a problem: at the first one, or anything it does not take (a table that is not
//! plain UTF-8 text, a quoted field, coordinates in the facilities table, a folder whose files are
//! not on disk), it gives up and the caller reads the folder whole with [`crate::inventory::Inventory::load_folder_from`],
//! which reports every problem with its file, line and field. So it never accepts a folder that
//! reader rejects, and it gives the same aggregate as [`Aggregate::from_inventory`] of the loaded
//! inventory (tests compare both on generated folders and on every bad fixture).

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, Ordering};

use rust_decimal::Decimal;

use crate::category::{ALL_CATEGORIES, ALL_STRUCTURES, Category, Kind, N_CATEGORIES, Structure};
use crate::cost::renewal::Timing;
use crate::error::Diagnostics;
use crate::input::csv::{Column, Header, Reader};
use crate::input::plain_line::{
    Fields, MAX_FIELDS, Separators, cut_line, id_before, id_number_in, next_line, part_of,
    plain_text,
};
use crate::input::stream::Stream;
use crate::input::{Cap, FileSource};
use crate::inventory::fields::Row;
use crate::inventory::folder::{Head, TABLE_FILES, TableNames, head, outside};
use crate::inventory::plain_rows::{BuildingPlan, FacilityPlan, RoadPlan};
use crate::inventory::tables::{self, BuildingColumn, FacilityColumn, RoadColumn, RowKeys};
use crate::inventory::{Condition, Settings};
use crate::projection::{Aggregate, BuildingClass, Item};
use crate::units::{AreaSum, FiscalYear, MAX_YEAR, MIN_BUILT_YEAR};

/// A folder streamed: what its `inventory.toml` says and the aggregate of its inventory as it is.
#[derive(Debug)]
pub struct Streamed {
    /// The inventory's settings (name, plan, model, …).
    pub settings: Settings,
    /// The inventory's aggregate, equal to [`Aggregate::from_inventory`] of the loaded inventory.
    pub aggregate: Aggregate,
}

/// Streams the inventory folder `dir` into its aggregate, or `None` when it must be read whole
/// with [`crate::inventory::Inventory::load_folder_from`]: it has a problem (which that reader reports), or it is not one
/// this path takes (see the module's documentation). Never an error: any error is the whole
/// reader's to report.
pub fn aggregate(dir: &Path, files: &dyn FileSource) -> Option<Streamed> {
    let Head {
        toml_name,
        toml_text,
        raw,
        mut diags,
        plan,
        access_km,
    } = head(dir, files).ok()?;
    let raw = raw?;
    let map = crate::input::toml::SourceMap::new(&toml_text, &toml_name);
    // `[distances]`: checked as the whole reader checks it (no table given, so only the settings).
    let distances = raw.distances.as_ref();
    crate::inventory::geo::read(
        None,
        None,
        &[],
        crate::inventory::geo::Distances {
            detour_factor: distances.and_then(|d| d.detour_factor).map(|f| f.0),
            source: distances.and_then(|d| d.source.as_deref()),
        },
        &map,
        &mut diags,
    );
    if !diags.is_empty() {
        return None;
    }
    // The tables: each on disk, inside the folder (unless allowed), present when required.
    let names = TableNames::Read(&raw.files);
    let mut paths: HashMap<&str, PathBuf> = HashMap::new();
    for (key, default, required) in TABLE_FILES {
        let explicit = names.get(key)?;
        let name = explicit.as_deref().unwrap_or(default);
        if !names.outside_allowed() && outside(dir, name) {
            return None;
        }
        let path = dir.join(name);
        if !path.exists() {
            if required || explicit.is_some() {
                return None;
            }
            continue;
        }
        paths.insert(key, path);
    }
    let shown = |path: &Path| crate::input::display_name(path);

    // Districts, read whole (their coordinates checked as the whole reader checks them).
    let districts_text = match paths.get("districts") {
        Some(p) => Some(whole_text(p, files)?),
        None => None,
    };
    // Each row checked by the districts reader's rule and only its id kept (numbered in order,
    // nothing per district); a repeated id is the districts reader's to report (the ids then make
    // no table, and the folder is read whole).
    let mut district_ids = BlockIds::default();
    if let Some(text) = &districts_text {
        let name = shown(&paths["districts"]);
        let columns = tables::DistrictColumn::COLUMNS;
        let mut fit = true;
        tables::read_rows(text, &name, columns, &mut diags, |r| {
            if let (RowKeys { id: Some(id), .. }, _) = tables::district_row(r) {
                fit &= district_ids.push(&id);
            }
        });
        if !fit {
            return None;
        }
        crate::inventory::geo::read(
            None,
            Some((&name, text)),
            &[],
            crate::inventory::geo::Distances {
                detour_factor: None,
                source: None,
            },
            &map,
            &mut diags,
        );
    }
    drop(districts_text);
    // Kept as the facilities' ids are (numbered, else indexed: a hash set of strings probes long
    // runs of ids that differ in a digit).
    let district_ids = Ids::of_blocks(vec![district_ids])?;
    if !diags.is_empty() {
        return None;
    }

    let facilities = stream_facilities(&paths["facilities"], files, &district_ids)?;
    let buildings = stream_buildings(&paths["buildings"], files, &facilities)?;
    if let Some(p) = paths.get("roads") {
        stream_roads(p, files, &facilities, &district_ids)?;
    }
    let infrastructure = match paths.get("infrastructure") {
        Some(p) => {
            let text = whole_text(p, files)?;
            let t = tables::infrastructure(&text, &shown(p), &mut diags);
            if !diags.is_empty() {
                return None;
            }
            t.rows.into_iter().map(|i| i.asset).collect()
        }
        None => Vec::new(),
    };

    let mut items = Vec::new();
    for &(i, yen) in &facilities.operating {
        items.push(Item::Yearly {
            category: facilities.category[i as usize],
            kind: Kind::Operating,
            // A facility without buildings opens in any year, as `opening_year` has it.
            from: facilities.opening(i as usize),
            until: None,
            yen,
        });
    }
    let aggregate = Aggregate {
        classes: buildings.classes,
        items,
        infrastructure,
        n_buildings: buildings.n,
        ..Aggregate::default()
    };
    let settings = Settings {
        name: raw.name,
        description: raw.description.unwrap_or_default(),
        path: dir.to_path_buf(),
        plan,
        model: raw.model,
        access_km,
    };
    Some(Streamed {
        settings,
        aggregate,
    })
}

/// A small table read whole and decoded as the whole reader does, `None` on any problem.
fn whole_text(path: &Path, files: &dyn FileSource) -> Option<String> {
    let bytes = files.read(path).ok()??;
    let name = crate::input::display_name(path);
    let decoded = crate::input::text::decode(&bytes, &name).ok()?;
    Some(decoded.text.into_owned())
}

/// Opens a table for streaming, `None` when it cannot be streamed (not on disk, missing, too
/// large, not a regular file: the whole reader says which).
fn open(path: &Path, files: &dyn FileSource) -> Option<Stream> {
    files.stream(path, Cap::TABLE)?.ok()?
}

/// Reads a streamed table's header: the header and where the body starts, or `None` when the
/// stream cannot take the file (not plain UTF-8, a header with problems or longer than the prefix
/// read, no line after it).
fn stream_header(stream: &Stream, columns: &[Column], file: &str) -> Option<(Header, u64)> {
    const PREFIX: usize = 64 << 10;
    let prefix = stream.prefix(PREFIX).ok()?;
    let bom = if prefix.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &prefix[bom..];
    let i = body.iter().position(|&b| b != b'\n' && b != b'\r')?;
    let t = memchr::memchr2(b'\n', b'\r', &body[i..]).map(|t| i + t)?;
    if body[t] == b'\r' && t + 1 == body.len() {
        return None;
    }
    let end = if body[t] == b'\r' && body[t + 1] == b'\n' {
        t + 2
    } else {
        t + 1
    };
    let text = plain_text(&body[..end])?;
    let mut reader = Reader::new(text);
    let header = Header::read(&mut reader, columns, file).ok()?;
    Some((header, (bom + reader.position()) as u64))
}

/// A line of a block as [`lines_of_block`] hands it on: cut into its fields (a line of the
/// table's width, for its plan), or read by the generic reader (a line the plan declined, or any
/// other).
enum Line<'t, 'e, 'r> {
    /// Cut into the table's width.
    Cut(Fields<'t, 'e>),
    /// Read by the generic reader.
    Read(&'e mut Row<'r, 't>),
}

/// Reads every line of a block: a line of `width` fields is cut at its separators and handed to
/// `each`, which takes it (`Some(true)`), finds a problem (`Some(false)`) or declines it (`None`:
/// not the usual row); a declined line, and any other, is read by the generic reader and handed to
/// `each` again. `false` when a line has a problem (then the stream stops).
fn lines_of_block<'t>(
    text: &'t str,
    header: &Header,
    file: &str,
    columns: &[Column],
    width: usize,
    each: &mut dyn FnMut(Line<'t, '_, '_>) -> Option<bool>,
) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut seps = Separators::new(bytes);
    let mut ends = [0usize; MAX_FIELDS];
    let cut = (1..=MAX_FIELDS).contains(&width);
    while at < bytes.len() {
        if cut {
            seps.seek(at);
            if let Some(next) = cut_line(bytes, &mut seps, &mut ends[..width]) {
                let l = Fields {
                    text,
                    start: at,
                    ends: &ends[..width],
                };
                match each(Line::Cut(l)) {
                    Some(true) => {
                        at = next;
                        continue;
                    }
                    Some(false) => return false,
                    None => {}
                }
            }
        }
        // Blank lines are skipped, as the reader skips them.
        if matches!(bytes[at], b'\n' | b'\r') {
            at += 1;
            continue;
        }
        let next = next_line(bytes, at);
        let mut diags = Diagnostics::new();
        let mut reader = Reader::range(text, at, next, 1).plain();
        let mut ok = true;
        tables::read_body(&mut reader, header, file, columns, &mut diags, &mut |r| {
            if ok && each(Line::Read(r)) != Some(true) {
                ok = false;
            }
        });
        if !ok || !diags.is_empty() {
            return false;
        }
        at = next;
    }
    true
}

/// The ids of a table in its order, and the position of each found from the id.
enum Ids {
    /// Numbered in order: positions found from the numbers, without an index.
    Numbered(Run),
    /// Any others: positions found by an open-addressing index.
    Listed(Listed),
}

impl Ids {
    /// The ids of a table read in blocks, given in the table's order; `None` when an id repeats
    /// or they do not fit.
    fn of_blocks(blocks: Vec<BlockIds>) -> Option<Ids> {
        // One run, when every block's ids are a run and each follows the one before.
        let mut joined: Option<Run> = None;
        let mut numbered = true;
        for b in blocks.iter().filter(|b| b.n > 0) {
            let Some(r) = &b.run else {
                numbered = false;
                break;
            };
            if let Some(j) = joined.as_mut() {
                if !j.join(r) {
                    numbered = false;
                    break;
                }
            } else {
                joined = Some(r.clone());
            }
        }
        if let (true, Some(run)) = (numbered, joined) {
            return Some(Ids::Numbered(run));
        }
        let mut l = Listed {
            ids: String::with_capacity(blocks.iter().map(|b| b.ids.len()).sum()),
            ends: Vec::with_capacity(blocks.iter().map(|b| b.n).sum()),
            slots: Vec::new(),
        };
        for b in blocks {
            match b.run {
                Some(run) => {
                    for k in 0..run.len {
                        if !l.push(&run.id(k)) {
                            return None;
                        }
                    }
                }
                None => {
                    let base = u32::try_from(l.ids.len()).ok()?;
                    l.ids.push_str(&b.ids);
                    for e in b.ends {
                        l.ends.push(base.checked_add(e)?);
                    }
                }
            }
        }
        l.index().then_some(Ids::Listed(l))
    }

    /// These ids, in this order; `None` when one repeats or they do not fit.
    #[cfg(test)]
    fn of_list(ids: &[String]) -> Option<Ids> {
        let mut b = BlockIds::default();
        for id in ids {
            if !b.push(id) {
                return None;
            }
        }
        Ids::of_blocks(vec![b])
    }

    /// Whether there are none.
    fn is_empty(&self) -> bool {
        match self {
            Ids::Numbered(r) => r.len == 0,
            Ids::Listed(l) => l.ends.is_empty(),
        }
    }

    /// The position of `id`.
    fn find(&self, id: &str) -> Option<usize> {
        match self {
            Ids::Numbered(r) => r.find(id),
            Ids::Listed(l) => l.find(id),
        }
    }

    /// The position of `id`, where `last` was the last found (see [`Listed::find_after`]).
    #[inline]
    fn find_after(&self, id: &str, last: usize) -> Option<usize> {
        match self {
            Ids::Numbered(r) => r.find(id),
            Ids::Listed(l) => l.find_after(id, last),
        }
    }
}

/// Ids numbered in order: `prefix`, then the numbers `first`, `first + 1`, … (`len` of them), all
/// written with `width` digits (zeros in front where needed), or all without a zero in front
/// (`D9`, `D10`), or both (`F100` … `F999`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Run {
    prefix: String,
    first: u64,
    len: u64,
    /// The number of digits of every number, when they have one.
    width: Option<usize>,
    /// Whether no number is written with a zero in front.
    unpadded: bool,
}

/// An id as its prefix, the number its last digits write and those digits: `None` when it does
/// not end in a digit, or ends in more than 18.
fn numbered(id: &str) -> Option<(&str, u64, &str)> {
    let b = id.as_bytes();
    let k = b
        .iter()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let digits = &b[k..];
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    Some((&id[..k], n, &id[k..]))
}

/// Whether a number is written with a zero in front (`007`; not `0`).
fn zero_in_front(digits: &str) -> bool {
    digits.len() > 1 && digits.starts_with('0')
}

impl Run {
    /// The run of one id, if it is numbered.
    fn start(id: &str) -> Option<Run> {
        let (prefix, first, digits) = numbered(id)?;
        Some(Run {
            prefix: prefix.to_string(),
            first,
            len: 1,
            width: Some(digits.len()),
            unpadded: !zero_in_front(digits),
        })
    }

    /// The run followed by `later`, when the numbers follow and are written alike: `false` (and
    /// the run as it was) otherwise.
    fn join(&mut self, later: &Run) -> bool {
        if later.prefix != self.prefix || self.first.checked_add(self.len) != Some(later.first) {
            return false;
        }
        let width = self.width.filter(|&w| later.width == Some(w));
        let unpadded = self.unpadded && later.unpadded;
        if width.is_none() && !unpadded {
            return false;
        }
        self.width = width;
        self.unpadded = unpadded;
        self.len += later.len;
        true
    }

    /// The number `id` writes after the run's prefix, and its digits: `None` when it is not the
    /// prefix and one to 18 digits (as [`numbered`] splits it: the prefix does not end in a digit).
    #[inline]
    fn number<'i>(&self, id: &'i str) -> Option<(u64, &'i str)> {
        let digits = id.strip_prefix(self.prefix.as_str())?;
        if digits.is_empty() || digits.len() > 18 {
            return None;
        }
        let mut n = 0u64;
        for &d in digits.as_bytes() {
            let d = d.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            n = n * 10 + u64::from(d);
        }
        Some((n, digits))
    }

    /// The run followed by `id`, when it is the next number written alike: `false` (and the run
    /// as it was) otherwise.
    fn push(&mut self, id: &str) -> bool {
        let Some((n, digits)) = self.number(id) else {
            return false;
        };
        if self.first.checked_add(self.len) != Some(n) {
            return false;
        }
        let width = self.width.filter(|&w| w == digits.len());
        let unpadded = self.unpadded && !zero_in_front(digits);
        if width.is_none() && !unpadded {
            return false;
        }
        self.width = width;
        self.unpadded = unpadded;
        self.len += 1;
        true
    }

    /// The position of `id` in the run.
    #[inline]
    fn find(&self, id: &str) -> Option<usize> {
        let (n, digits) = self.number(id)?;
        let alike = match self.width {
            Some(w) => digits.len() == w,
            None => !zero_in_front(digits),
        };
        let k = n.checked_sub(self.first)?;
        (alike && k < self.len).then_some(k as usize)
    }

    /// The id at position `k`.
    fn id(&self, k: u64) -> String {
        let n = self.first + k;
        match self.width {
            Some(w) => format!("{}{n:0w$}", self.prefix),
            None => format!("{}{n}", self.prefix),
        }
    }
}

/// The ids of one block of a table as they are read: a run while they are numbered in order (no
/// id kept), else listed.
#[derive(Default)]
struct BlockIds {
    /// How many ids.
    n: usize,
    /// All of them, while they are a run.
    run: Option<Run>,
    /// Otherwise all of them, one after the other…
    ids: String,
    /// … and where each ends.
    ends: Vec<u32>,
}

impl BlockIds {
    /// Adds the next id; `false` when the ids do not fit.
    fn push(&mut self, id: &str) -> bool {
        self.n += 1;
        if self.n == 1 {
            self.run = Run::start(id);
            if self.run.is_some() {
                return true;
            }
        } else if self.run.as_mut().is_some_and(|r| r.push(id)) {
            return true;
        } else if let Some(run) = self.run.take() {
            // The run ends here: its ids are listed, and the rest.
            for k in 0..run.len {
                if !self.list(&run.id(k)) {
                    return false;
                }
            }
        }
        self.list(id)
    }

    fn list(&mut self, id: &str) -> bool {
        push_id(&mut self.ids, &mut self.ends, id)
    }
}

/// Adds `id` to the ids in `ids`, each ending where `ends` says; `false` when they no longer fit
/// in 32-bit places.
fn push_id(ids: &mut String, ends: &mut Vec<u32>, id: &str) -> bool {
    ids.push_str(id);
    match u32::try_from(ids.len()) {
        Ok(end) => {
            ends.push(end);
            true
        }
        Err(_) => false,
    }
}

/// Ids in one string, with an open-addressing index over them.
struct Listed {
    /// Every id, one after the other.
    ids: String,
    /// Where each id ends in `ids`.
    ends: Vec<u32>,
    /// Open addressing: each slot 0 (empty) or an id's position plus one.
    slots: Vec<u32>,
}

/// The hasher of the index.
fn id_hash(id: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(id)
}

impl Listed {
    fn push(&mut self, id: &str) -> bool {
        push_id(&mut self.ids, &mut self.ends, id)
    }

    fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.ids[start..self.ends[i] as usize]
    }

    /// The first slot to try for `id`: the top bits of its hash, mixed (foldhash's low bits vary
    /// too little between ids that differ in a digit, which makes long runs of full slots).
    fn home(&self, id: &str) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (id_hash(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The position of `id`, trying first the one after `last` (the last found: tables written
    /// facility by facility name them in order), then `last` itself.
    fn find_after(&self, id: &str, last: usize) -> Option<usize> {
        let next = last.wrapping_add(1);
        if next < self.ends.len() && self.id(next) == id {
            return Some(next);
        }
        if last < self.ends.len() && self.id(last) == id {
            return Some(last);
        }
        self.find(id)
    }

    /// The position of `id`.
    fn find(&self, id: &str) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(id);
        loop {
            match self.slots[at] {
                0 => return None,
                s if self.id(s as usize - 1) == id => return Some(s as usize - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Builds the index; `false` when an id repeats.
    fn index(&mut self) -> bool {
        let n = self.ends.len();
        let size = (2 * n).next_power_of_two().max(2);
        self.slots = vec![0; size];
        let mask = size - 1;
        for i in 0..n {
            let id = self.id(i);
            let mut at = self.home(id);
            loop {
                match self.slots[at] {
                    0 => break,
                    s if self.id(s as usize - 1) == id => return false,
                    _ => at = (at + 1) & mask,
                }
            }
            self.slots[at] = i as u32 + 1;
        }
        true
    }
}

/// The facilities as the projection needs them, in the table's order: their ids, category and
/// actual operating cost, and the year each opens (its first building's, filled in as buildings
/// are read).
struct Facilities {
    ids: Ids,
    /// Each facility's category.
    category: Vec<Category>,
    /// Each facility's position with an actual operating cost, and the cost, in table order.
    operating: Vec<(u32, Decimal)>,
    /// Whether each facility has an actual operating cost (empty when none has).
    has_operating: Vec<bool>,
    /// The earliest year built of each facility's buildings, in years after
    /// [`MIN_BUILT_YEAR`] (`u16::MAX`: none yet).
    opening: Vec<AtomicU16>,
}

impl Facilities {
    /// Whether facility `f` has an actual operating cost.
    #[inline]
    fn has_operating(&self, f: usize) -> bool {
        self.has_operating.get(f).copied().unwrap_or(false)
    }

    /// The year facility `f` opens: its first building's, any year (`i32::MIN`) if it has none.
    fn opening(&self, f: usize) -> i32 {
        match self.opening[f].load(Ordering::Relaxed) {
            u16::MAX => i32::MIN,
            y => MIN_BUILT_YEAR + i32::from(y),
        }
    }
}

/// One block of facilities, as read.
#[derive(Default)]
struct FacilityBlock {
    index: usize,
    ids: BlockIds,
    category: Vec<Category>,
    operating: Vec<(u32, Decimal)>,
}

/// Streams `facilities.csv`: every row checked by the rules of [`tables::checked_facility`] (the
/// usual row by its plan), its district looked up; `None` at any problem, a repeated id, an empty
/// table, or coordinates (checked only by the whole reader).
fn stream_facilities(
    path: &Path,
    files: &dyn FileSource,
    district_ids: &Ids,
) -> Option<Facilities> {
    let stream = open(path, files)?;
    let file = crate::input::display_name(path);
    let (header, start) = stream_header(&stream, FacilityColumn::COLUMNS, &file)?;
    let geo = Header::resolve(
        header.names.clone(),
        crate::inventory::geo::GeoColumn::COLUMNS,
        &file,
        header.line,
    )
    .ok()?;
    if geo.positions.iter().skip(1).any(Option::is_some) {
        return None;
    }
    let plan = &FacilityPlan::new(&header);
    let (header, file) = (&header, file.as_str());
    let blocks = stream
        .for_each_block(start, &Vec::new, &|out: &mut Vec<FacilityBlock>, block| {
            let Some(text) = plain_text(block.bytes) else {
                return false;
            };
            let mut b = FacilityBlock {
                index: block.index,
                ..FacilityBlock::default()
            };
            let columns = FacilityColumn::COLUMNS;
            let ok = lines_of_block(text, header, file, columns, plan.width, &mut |line| {
                let (id, district, category, operating_yen) = match line {
                    Line::Cut(l) => plan.parse(&l)?,
                    Line::Read(r) => match tables::checked_facility(r) {
                        Some(f) if r.diags.is_empty() => f,
                        _ => return Some(false),
                    },
                };
                if let Some(d) = district {
                    if !district_ids.is_empty() && district_ids.find(d).is_none() {
                        return Some(false);
                    }
                }
                if let Some(yen) = operating_yen {
                    b.operating.push((b.category.len() as u32, yen));
                }
                b.category.push(category);
                Some(b.ids.push(id))
            });
            out.push(b);
            ok
        })
        .ok()??;
    let mut blocks: Vec<FacilityBlock> = blocks.into_iter().flatten().collect();
    blocks.sort_by_key(|b| b.index);
    let n: usize = blocks.iter().map(|b| b.category.len()).sum();
    if n == 0 {
        return None;
    }
    // Each block's values moved into the table and dropped in turn.
    let mut category = Vec::with_capacity(n);
    let mut operating = Vec::new();
    let mut ids = Vec::with_capacity(blocks.len());
    for b in blocks {
        let first = u32::try_from(category.len()).ok()?;
        category.extend(b.category);
        operating.extend(b.operating.into_iter().map(|(i, yen)| (first + i, yen)));
        ids.push(b.ids);
    }
    let ids = Ids::of_blocks(ids)?;
    let mut has_operating = Vec::new();
    if !operating.is_empty() {
        has_operating = vec![false; n];
        for &(i, _) in &operating {
            has_operating[i as usize] = true;
        }
    }
    Some(Facilities {
        ids,
        category,
        operating,
        has_operating,
        opening: (0..n).map(|_| AtomicU16::new(u16::MAX)).collect(),
    })
}

/// Years a building may be built in.
const YEARS: usize = (MAX_YEAR - MIN_BUILT_YEAR + 1) as usize;

/// The length of [`ClassSums`]'s table: with and without an actual operating cost, by category,
/// structure and year built.
const DENSE: usize = 2 * N_CATEGORIES * ALL_STRUCTURES.len() * YEARS;

/// Floor area by class: the usual classes (no renovation, no condition) in a table by whether
/// their facility has an actual operating cost, category, structure and year built (made on first
/// use), the others in a map. Sums of integers, so merged in any order to the same sums.
#[derive(Default)]
struct ClassSums {
    dense: Vec<i128>,
    other: HashMap<BuildingClass, AreaSum, foldhash::fast::FixedState>,
}

impl ClassSums {
    /// The place of a class in the table, if it has one there.
    #[inline]
    fn place(class: &BuildingClass) -> Option<usize> {
        let year = usize::try_from(class.timing.built - MIN_BUILT_YEAR).ok()?;
        let usual = class.timing.renovated.is_none()
            && class.condition.is_none()
            && class.closes.is_none()
            && (class.rules, class.shift, class.unit) == (0, 0, 0);
        (usual && year < YEARS).then(|| {
            ((usize::from(class.has_actual_operating) * N_CATEGORIES + class.category.index())
                * ALL_STRUCTURES.len()
                + class.structure.index())
                * YEARS
                + year
        })
    }

    #[inline]
    fn add(&mut self, class: BuildingClass, area: crate::units::FloorArea) {
        match ClassSums::place(&class) {
            Some(i) => {
                if self.dense.is_empty() {
                    self.dense = vec![0; DENSE];
                }
                self.dense[i] += i128::from(area.units());
            }
            None => self.other.entry(class).or_default().add(area),
        }
    }

    fn merge(&mut self, later: ClassSums) {
        if self.dense.is_empty() {
            self.dense = later.dense;
        } else if !later.dense.is_empty() {
            for (a, b) in self.dense.iter_mut().zip(later.dense) {
                *a += b;
            }
        }
        for (k, v) in later.other {
            self.other.entry(k).or_default().add_sum(v);
        }
    }

    /// The sums by class.
    fn into_classes(self) -> BTreeMap<BuildingClass, AreaSum> {
        let mut classes: BTreeMap<BuildingClass, AreaSum> = self.other.into_iter().collect();
        let n_structures = ALL_STRUCTURES.len();
        for (i, &units) in self.dense.iter().enumerate() {
            if units == 0 {
                continue;
            }
            let (rest, year) = (i / YEARS, i % YEARS);
            let (rest, structure) = (rest / n_structures, rest % n_structures);
            let (operating, category) = (rest / N_CATEGORIES, rest % N_CATEGORIES);
            let class = BuildingClass {
                category: ALL_CATEGORIES[category],
                timing: Timing {
                    built: MIN_BUILT_YEAR + year as i32,
                    renovated: None,
                },
                has_actual_operating: operating == 1,
                closes: None,
                rules: 0,
                shift: 0,
                unit: 0,
                condition: None,
                structure: ALL_STRUCTURES[structure],
            };
            classes
                .entry(class)
                .or_default()
                .add_sum(AreaSum::from_units(units));
        }
        classes
    }
}

/// The buildings streamed: floor area by class and their number.
struct Buildings {
    classes: BTreeMap<BuildingClass, AreaSum>,
    n: usize,
}

/// A thread's part of the buildings pass.
#[derive(Default)]
struct BuildingsPart {
    sums: ClassSums,
    n: usize,
    /// Whether every block this thread read had its ids in increasing order.
    sorted: bool,
    /// Each block read: its position and its first and last ids.
    blocks: Vec<(usize, Option<(String, String)>)>,
}

/// What a building row says of its class: its own category, year built, renovation, condition,
/// survey year and structure.
type ClassOf = (
    Option<Category>,
    FiscalYear,
    Option<FiscalYear>,
    Option<Condition>,
    Option<FiscalYear>,
    Structure,
);

/// Streams `buildings.csv` into floor-area sums by class: every row checked by the rules of
/// [`tables::building_row`] (the usual row by its plan), its facility looked up; `None` at any
/// problem or repeated id.
fn stream_buildings(
    path: &Path,
    files: &dyn FileSource,
    facilities: &Facilities,
) -> Option<Buildings> {
    let stream = open(path, files)?;
    let file = crate::input::display_name(path);
    let (header, start) = stream_header(&stream, BuildingColumn::COLUMNS, &file)?;
    let plan = &BuildingPlan::new(&header);
    let (header, file) = (&header, file.as_str());
    let parts = stream
        .for_each_block(
            start,
            &|| BuildingsPart {
                sorted: true,
                ..BuildingsPart::default()
            },
            &|w: &mut BuildingsPart, block| {
                let Some(text) = plain_text(block.bytes) else {
                    return false;
                };
                // The order of the ids is checked on the block's own text: only its first and last
                // ids are copied, for the check between blocks.
                let mut first: Option<&str> = None;
                let mut prev: &str = "";
                // `prev` as a number (see `id_number_in`).
                let mut prev_number = 0u128;
                let mut last = usize::MAX;
                let (sums, n, sorted) = (&mut w.sums, &mut w.n, &mut w.sorted);
                let columns = BuildingColumn::COLUMNS;
                let ok = lines_of_block(text, header, file, columns, plan.width, &mut |line| {
                    let owned;
                    let (id, facility_id, class_of, area): (_, _, ClassOf, _) = match line {
                        Line::Cut(l) => {
                            let p = plan.parse(&l)?;
                            let class_of = (None, p.built, None, None, None, p.structure);
                            (Some(p.id), p.facility_id, class_of, p.floor_area)
                        }
                        Line::Read(r) => {
                            // The id as a part of the block's text, for the order check.
                            let id = r.text(BuildingColumn::Id).and_then(|i| part_of(text, i));
                            match tables::plain_building(r) {
                                Some(p) if r.diags.is_empty() => {
                                    let class_of = (None, p.built, None, None, None, p.structure);
                                    (id, p.facility_id, class_of, p.floor_area)
                                }
                                Some(_) => return Some(false),
                                None if !r.diags.is_empty() => return Some(false),
                                None => {
                                    let (_, b) = tables::building_row(r);
                                    let Some(b) = b else { return Some(false) };
                                    if !r.diags.is_empty() {
                                        return Some(false);
                                    }
                                    owned = b;
                                    let class_of = (
                                        owned.category,
                                        owned.built,
                                        owned.renovated,
                                        owned.condition,
                                        owned.survey_year,
                                        owned.structure,
                                    );
                                    (id, owned.facility_id.as_str(), class_of, owned.floor_area)
                                }
                            }
                        }
                    };
                    let Some(f) = facilities.ids.find_after(facility_id, last) else {
                        return Some(false);
                    };
                    last = f;
                    let (category, built, renovated, condition, survey_year, structure) = class_of;
                    let Ok(year) = u16::try_from(built.get() - MIN_BUILT_YEAR) else {
                        return Some(false);
                    };
                    let opening = &facilities.opening[f];
                    if year < opening.load(Ordering::Relaxed) {
                        opening.fetch_min(year, Ordering::Relaxed);
                    }
                    let class = BuildingClass {
                        category: category.unwrap_or(facilities.category[f]),
                        timing: Timing {
                            built: built.get(),
                            renovated: renovated.map(|y| y.get()),
                        },
                        has_actual_operating: facilities.has_operating(f),
                        closes: None,
                        rules: 0,
                        shift: 0,
                        unit: 0,
                        condition: crate::projection::surveyed(condition, survey_year, built),
                        structure,
                    };
                    sums.add(class, area);
                    *n += 1;
                    if *sorted {
                        // An id that is not a part of the text (never, unquoted) is not checked
                        // here: the ids are then checked by fingerprints.
                        let Some(id) = id else {
                            *sorted = false;
                            return Some(true);
                        };
                        let number = id_number_in(text.as_bytes(), id);
                        if first.is_none() {
                            first = Some(id);
                        } else if id.len() == prev.len() && id.len() <= 16 {
                            *sorted = prev_number < number;
                        } else {
                            *sorted = id_before(prev.as_bytes(), id.as_bytes());
                        }
                        prev = id;
                        prev_number = number;
                    }
                    Some(true)
                });
                w.blocks.push((
                    block.index,
                    first.map(|f| (f.to_string(), prev.to_string())),
                ));
                ok
            },
        )
        .ok()??;
    let mut sums = ClassSums::default();
    let mut n = 0;
    let mut sorted = true;
    let mut blocks = Vec::new();
    for p in parts {
        sums.merge(p.sums);
        n += p.n;
        sorted &= p.sorted;
        blocks.extend(p.blocks);
    }
    blocks.sort_by_key(|b| b.0);
    let in_order = sorted
        && blocks
            .iter()
            .filter_map(|b| b.1.as_ref())
            .collect::<Vec<_>>()
            .windows(2)
            .all(|w| id_before(w[0].1.as_bytes(), w[1].0.as_bytes()));
    if !in_order && !building_ids_unique(&stream, start, header, plan, file)? {
        return None;
    }
    Some(Buildings {
        classes: sums.into_classes(),
        n,
    })
}

/// Whether the building ids of a stream are all different, by their 64-bit fingerprints (8
/// bytes a building, sorted): `Some(false)` when two fingerprints are equal (a repeated id, or, very
/// rarely, two ids with one fingerprint: either way the whole reader decides); `None` when the
/// stream cannot be read again.
fn building_ids_unique(
    stream: &Stream,
    start: u64,
    header: &Header,
    plan: &BuildingPlan,
    file: &str,
) -> Option<bool> {
    let parts = stream
        .for_each_block(start, &Vec::new, &|out: &mut Vec<u64>, block| {
            let Some(text) = plain_text(block.bytes) else {
                return false;
            };
            let columns = BuildingColumn::COLUMNS;
            lines_of_block(text, header, file, columns, plan.width, &mut |line| {
                let id = match line {
                    Line::Cut(l) => plan.parse(&l)?.id,
                    Line::Read(r) => match r.text(BuildingColumn::Id) {
                        Some(id) => id,
                        None => return Some(false),
                    },
                };
                out.push(id_hash(id));
                Some(true)
            })
        })
        .ok()??;
    let mut all: Vec<u64> = parts.into_iter().flatten().collect();
    all.sort_unstable();
    Some(all.windows(2).all(|w| w[0] != w[1]))
}

/// Streams `roads.csv`: every row checked by the rules of [`tables::road_row`] (the usual row by
/// its plan), its places looked up among the districts and facilities; `None` at any problem.
fn stream_roads(
    path: &Path,
    files: &dyn FileSource,
    facilities: &Facilities,
    district_ids: &Ids,
) -> Option<()> {
    let stream = open(path, files)?;
    let file = crate::input::display_name(path);
    let (header, start) = stream_header(&stream, RoadColumn::COLUMNS, &file)?;
    let plan = &RoadPlan::new(&header);
    let (header, file) = (&header, file.as_str());
    stream
        .for_each_block(start, &|| (), &|_, block| {
            let Some(text) = plain_text(block.bytes) else {
                return false;
            };
            let mut last = usize::MAX;
            let columns = RoadColumn::COLUMNS;
            lines_of_block(text, header, file, columns, plan.width, &mut |line| {
                // A place: a district, else a facility.
                let mut known = |id: &str| {
                    if district_ids.find(id).is_some() {
                        return true;
                    }
                    match facilities.ids.find_after(id, last) {
                        Some(f) => {
                            last = f;
                            true
                        }
                        None => false,
                    }
                };
                match line {
                    Line::Cut(l) => {
                        let (from, to) = plan.parse(&l)?;
                        Some(known(from) && known(to))
                    }
                    Line::Read(r) => {
                        for c in [RoadColumn::From, RoadColumn::To] {
                            if let Some(id) = r.text(c) {
                                if !known(id) {
                                    return Some(false);
                                }
                            }
                        }
                        Some(tables::road_row(r).1.is_some() && r.diags.is_empty())
                    }
                }
            })
        })
        .ok()??;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Disk;

    /// The whole reader's verdict on a folder: its aggregate, or `None` when it rejects it.
    fn whole(dir: &Path) -> Option<Aggregate> {
        crate::inventory::Inventory::load_folder_from(dir, &Disk)
            .ok()
            .map(|inv| Aggregate::from_inventory(&inv))
    }

    /// Checks that the stream never accepts what the whole reader rejects and, when it takes a
    /// folder, gives the whole reader's aggregate; returns whether it took it.
    fn check(dir: &Path) -> bool {
        let streamed = aggregate(dir, &Disk);
        match (&streamed, whole(dir)) {
            (Some(_), None) => panic!(
                "{}: streamed, but the whole reader rejects it",
                dir.display()
            ),
            (Some(s), Some(w)) => assert_eq!(s.aggregate, w, "{}", dir.display()),
            (None, _) => {}
        }
        streamed.is_some()
    }

    fn generated(n: u64, m: u64) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let inv = dir.path().join("inv");
        crate::synth::write_inventory(&inv, n, m, 7).unwrap();
        dir
    }

    #[test]
    fn generated_folders_stream_to_the_whole_readers_aggregate() {
        for (n, m) in [(1, 1), (50, 7), (3000, 1200)] {
            let dir = generated(n, m);
            assert!(check(&dir.path().join("inv")), "{n} buildings not streamed");
        }
    }

    /// Every folder fixture, valid or not: the same verdict, and the bad ones never streamed.
    #[test]
    fn every_folder_fixture_gets_the_whole_readers_verdict() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bad = root.join("tests/fixtures/bad-inventories");
        for entry in std::fs::read_dir(&bad).unwrap() {
            let dir = entry.unwrap().path();
            assert!(whole(&dir).is_none(), "{} is read", dir.display());
            assert!(!check(&dir), "{} streamed", dir.display());
        }
        for good in [
            "tests/fixtures/small",
            "tests/fixtures/line",
            "facilities/kanuma",
        ] {
            check(&root.join(good));
        }
    }

    /// Facilities over several stream blocks (numbered in order: one run), then the same rows
    /// reversed (not in order: listed and indexed, each block's run written out again).
    #[test]
    fn facilities_in_any_order_over_several_blocks_are_found() {
        // 30,000 facilities of about 60 bytes a row: a table of about 1.8 MB, two blocks.
        let dir = generated(40_000, 30_000);
        let inv = dir.path().join("inv");
        assert!(check(&inv), "in order");
        let path = inv.join("facilities.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.len() > crate::input::stream::BLOCK_BYTES);
        let mut lines: Vec<&str> = text.lines().collect();
        lines[1..].reverse();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        assert!(check(&inv), "reversed");
    }

    fn list(ids: &[&str]) -> Option<Ids> {
        Ids::of_list(&ids.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn block(ids: &[&str]) -> BlockIds {
        let mut b = BlockIds::default();
        for id in ids {
            assert!(b.push(id));
        }
        b
    }

    #[test]
    fn numbered_ids_are_found_by_their_numbers() {
        // F000001 to F000003 in one block, F000004 in the next: six digits, zeros in front.
        let ids = Ids::of_blocks(vec![
            block(&["F000001", "F000002", "F000003"]),
            block(&["F000004"]),
        ])
        .unwrap();
        let Ids::Numbered(run) = &ids else {
            panic!("not numbered")
        };
        assert_eq!(
            (run.first, run.len, run.width, run.unpadded),
            (1, 4, Some(6), false)
        );
        assert_eq!(run.id(3), "F000004");
        assert_eq!(ids.find("F000001"), Some(0));
        assert_eq!(ids.find("F000004"), Some(3));
        // The same numbers written otherwise, numbers out of the run, other prefixes: other ids.
        for other in [
            "F4", "F0000004", "F000000", "F000005", "G000001", "f000001", "F00000A", "000001", "",
        ] {
            assert_eq!(ids.find(other), None, "{other}");
        }
        // D9, D10, D11: no zero in front, any width.
        let ids = list(&["D9", "D10", "D11"]).unwrap();
        assert!(matches!(&ids, Ids::Numbered(r) if r.width.is_none() && r.unpadded));
        assert_eq!(ids.find("D10"), Some(1));
        assert_eq!(ids.find("D11"), Some(2));
        assert_eq!(ids.find("D010"), None);
        assert_eq!(ids.find("D8"), None);
        // 100 to 102, no prefix: both ways at once; 0100 is not 100.
        let ids = list(&["100", "101", "102"]).unwrap();
        assert!(matches!(&ids, Ids::Numbered(r) if r.width == Some(3) && r.unpadded));
        assert_eq!(ids.find("102"), Some(2));
        assert_eq!(ids.find("0100"), None);
    }

    #[test]
    fn ids_not_numbered_in_order_are_listed() {
        // Out of order; zeros in front, then none (B08, B9); words; other prefixes; a run broken
        // in the middle (its first two ids then listed with the rest).
        for ids in [
            &["B2", "B1", "B3"][..],
            &["B08", "B9", "B10"],
            &["hall", "school", "pool"],
            &["x1", "y2", "z3"],
            &["F01", "F02", "G7", "F03"],
        ] {
            let got = list(ids).unwrap();
            assert!(matches!(got, Ids::Listed(_)), "{ids:?}");
            for (k, id) in ids.iter().enumerate() {
                assert_eq!(got.find(id), Some(k), "{ids:?}");
            }
            assert_eq!(got.find("B4"), None);
        }
        // Two runs that do not follow each other: listed, in block order.
        let ids = Ids::of_blocks(vec![block(&["F3", "F4"]), block(&["F1", "F2"])]).unwrap();
        assert!(matches!(ids, Ids::Listed(_)));
        assert_eq!(ids.find("F1"), Some(2));
        assert_eq!(ids.find("F4"), Some(1));
        // A repeated id, in one block or two: no table.
        assert!(list(&["F1", "F2", "F1"]).is_none());
        assert!(Ids::of_blocks(vec![block(&["F1"]), block(&["F1"])]).is_none());
    }

    /// Writes a folder of the given tables (`inventory.toml` naming the plan only).
    fn folder(tables: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("inventory.toml"),
            "name = \"t\"\n[plan]\nfirst_year = 2022\nyears = 30\n",
        )
        .unwrap();
        for (name, text) in tables {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    const FACILITIES: &str = "id,name,category,district,operating_cost_yen\n\
        F1,hall,civic_culture,D1,1200000\n\
        F2,school,school,D2,\n\
        F3,pool,sports_recreation,D1,500\n";
    const DISTRICTS: &str = "id,name\nD1,north\nD2,south\n";

    #[test]
    fn every_kind_of_building_row_sums_as_the_whole_reader_sums_it() {
        // Out of order (B10 before B2: by length, B2 < B10), so ids are told apart by fingerprints;
        // own categories, renovations, conditions and part grades go through the whole row rule; F3
        // has no building, so its operating cost starts in any year.
        let buildings = "id,facility_id,name,floor_area_m2,built_year,structure,renovated_year,category,condition,survey_year\n\
            B1,F1,a,100.5,1980,rc,,,,\n\
            B10,F2,b,200,1975,,2000,,B,2010\n\
            B2,F1,c,50.25,1990,steel,,social_education,,\n\
            B3,F2,d,10,1975,,,,,\n";
        let dir = folder(&[
            ("facilities.csv", FACILITIES),
            ("districts.csv", DISTRICTS),
            ("buildings.csv", buildings),
            ("roads.csv", "from,to,km\nD1,F1,1.5\nF2,D2,0.3\n"),
        ]);
        assert!(check(dir.path()));
        let s = aggregate(dir.path(), &Disk).unwrap().aggregate;
        // 4 buildings in 4 classes: F1's two differ by category and year; F2's by renovation and
        // condition.
        assert_eq!(s.n_buildings, 4);
        assert_eq!(s.classes.len(), 4);
        // F1 (1,200,000 yen a year) opens in 1980, its earliest building; F3 (500) has none.
        let from = |yen: i64| {
            s.items.iter().find_map(|i| match i {
                Item::Yearly { yen: y, from, .. } if *y == Decimal::from(yen) => Some(*from),
                _ => None,
            })
        };
        assert_eq!(from(1_200_000), Some(1980));
        assert_eq!(from(500), Some(i32::MIN));
    }

    /// One problem of each kind the whole reader reports, in an otherwise valid folder: the stream
    /// gives up on each.
    #[test]
    fn no_problem_is_streamed() {
        let buildings =
            "id,facility_id,name,floor_area_m2,built_year\nB1,F1,a,100,1980\nB2,F2,b,20,1990\n";
        let roads = "from,to,km\nD1,F1,1.5\n";
        let cases: [(&str, &str, &str, &str); 10] = [
            (
                "unknown facility",
                FACILITIES,
                &buildings.replace("B2,F2", "B2,F9"),
                roads,
            ),
            (
                "repeated building, in order",
                FACILITIES,
                &buildings.replace("B2,", "B1,"),
                roads,
            ),
            (
                "repeated building, out of order",
                FACILITIES,
                "id,facility_id,name,floor_area_m2,built_year\nB2,F1,a,100,1980\nB1,F2,b,20,1990\nB2,F2,c,1,1990\n",
                roads,
            ),
            (
                "repeated facility",
                &FACILITIES.replace("F3,", "F1,"),
                buildings,
                roads,
            ),
            (
                "unknown district",
                &FACILITIES.replace("D2", "D7"),
                buildings,
                roads,
            ),
            (
                "unknown road end",
                FACILITIES,
                buildings,
                "from,to,km\nD1,F8,1.5\n",
            ),
            (
                "road to itself",
                FACILITIES,
                buildings,
                "from,to,km\nF1,F1,1.5\n",
            ),
            (
                "bad area",
                FACILITIES,
                &buildings.replace(",20,", ",-20,"),
                roads,
            ),
            (
                "bad category",
                &FACILITIES.replace("sports_recreation", "spaceport"),
                buildings,
                roads,
            ),
            (
                "bad operating cost",
                &FACILITIES.replace(",500", ",lots"),
                buildings,
                roads,
            ),
        ];
        for (what, facilities, buildings, roads) in cases {
            let dir = folder(&[
                ("facilities.csv", facilities),
                ("districts.csv", DISTRICTS),
                ("buildings.csv", buildings),
                ("roads.csv", roads),
            ]);
            assert!(
                whole(dir.path()).is_none(),
                "{what}: the whole reader takes it"
            );
            assert!(aggregate(dir.path(), &Disk).is_none(), "{what}: streamed");
        }
        // And the same folder without a problem is streamed.
        let dir = folder(&[
            ("facilities.csv", FACILITIES),
            ("districts.csv", DISTRICTS),
            ("buildings.csv", buildings),
            ("roads.csv", roads),
        ]);
        assert!(check(dir.path()));
    }
}
