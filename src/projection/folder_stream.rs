//! A folder inventory streamed straight into the [`Aggregate`] a projection needs, in memory that
//! does not grow with its buildings: the fast path of `project` on a folder, as
//! [`crate::inventory::buildings_csv::stream_file`] is for a buildings CSV.
//!
//! `inventory.toml` is read and checked as the whole reader reads it (`inventory::folder::head`);
//! the small tables (districts, infrastructure) are read whole by their own readers; the large ones
//! are streamed in line-aligned blocks on every core ([`crate::input::stream`]), each row checked
//! by the same row rules as the whole reader's ([`crate::inventory::tables`]): facilities into a compact table
//! (the ids in one string, an open-addressing index over them, per facility only its category and
//! actual operating cost), buildings straight into floor-area sums by class, looked up in it, roads
//! only checked. Every check the whole reader makes between tables is made here too, exactly:
//! duplicate facility ids (by the index), buildings' facilities, facilities' districts and roads'
//! places (looked up by their ids, compared as strings), duplicate building ids (by their order, as
//! machine-written files have them, else by 64-bit fingerprints, a fingerprint seen twice sending
//! the folder to the whole reader).
//!
//! It never reports a problem: at the first one, or anything it does not take (a table that is not
//! plain UTF-8 text, a quoted field, coordinates in the facilities table, a folder whose files are
//! not on disk), it gives up and the caller reads the folder whole with [`crate::inventory::Inventory::load_folder_from`],
//! which reports every problem with its file, line and field. So it never accepts a folder that
//! reader rejects, and it gives the same aggregate as [`Aggregate::from_inventory`] of the loaded
//! inventory (tests compare both on generated folders and on every bad fixture).

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};

use rust_decimal::Decimal;

use crate::category::{Category, Kind};
use crate::cost::renewal::Timing;
use crate::error::Diagnostics;
use crate::input::csv::{Column, Header, Reader};
use crate::input::stream::Stream;
use crate::input::{Cap, FileSource};
use crate::inventory::Settings;
use crate::inventory::fields::Row;
use crate::inventory::folder::{Head, TABLE_FILES, TableNames, head, outside};
use crate::inventory::tables::{self, BuildingColumn, FacilityColumn, RoadColumn};
use crate::projection::{Aggregate, BuildingClass, Item};
use crate::units::AreaSum;

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
    let district_ids: Vec<String> = match &districts_text {
        Some(text) => {
            let name = shown(&paths["districts"]);
            let table = tables::districts(text, &name, &mut diags);
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
            table.keys.into_iter().filter_map(|k| k.id).collect()
        }
        None => Vec::new(),
    };
    drop(districts_text);
    // Indexed as the facilities are (a hash set of strings probes long runs of ids that differ in a
    // digit); repeated ids are the districts reader's to report, and were.
    let district_ids = Facilities::of_ids(&district_ids)?;
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
        let opened = facilities.opening[i as usize].load(Ordering::Relaxed);
        items.push(Item::Yearly {
            category: facilities.category[i as usize],
            kind: Kind::Operating,
            // A facility without buildings opens in any year, as `opening_year` has it.
            from: if opened == i32::MAX { i32::MIN } else { opened },
            until: None,
            yen,
        });
    }
    let aggregate = Aggregate {
        classes: buildings.classes.into_iter().collect(),
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

/// The text of a block, when it is UTF-8 without control bytes or quotes (else `None`: a quoted
/// field may hold a line end, so blocks could not be read on their own).
fn plain_text(bytes: &[u8]) -> Option<&str> {
    if memchr::memchr(b'"', bytes).is_some() || crate::input::text::has_control_bytes(bytes) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
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

/// Reads every record of a block with the generic reader, calling `each` with each; `false` when
/// any record or row has a problem (then the stream stops).
fn rows_of_block<'a>(
    text: &'a str,
    header: &Header,
    file: &str,
    columns: &[Column],
    each: &mut dyn FnMut(&mut Row<'_, 'a>) -> bool,
) -> bool {
    let mut diags = Diagnostics::new();
    let mut reader = Reader::range(text, 0, text.len(), 1).plain();
    let mut ok = true;
    tables::read_body(&mut reader, header, file, columns, &mut diags, &mut |r| {
        if ok && !each(r) {
            ok = false;
        }
    });
    ok && diags.is_empty()
}

/// The facilities as the projection needs them, in the table's order: ids (one string, indexed),
/// category and actual operating cost, and the year each opens (its first building's, filled in
/// as buildings are read).
struct Facilities {
    /// Every id, one after the other.
    ids: String,
    /// Where each id ends in `ids`.
    ends: Vec<u32>,
    /// Open addressing: each slot 0 (empty) or a facility's position plus one.
    slots: Vec<u32>,
    /// Each facility's category.
    category: Vec<Category>,
    /// Each facility's position with an actual operating cost, and the cost, in table order.
    operating: Vec<(u32, Decimal)>,
    /// Whether each facility has an actual operating cost.
    has_operating: Vec<bool>,
    /// The earliest year built of each facility's buildings (`i32::MAX`: none yet).
    opening: Vec<AtomicI32>,
}

/// The hasher of the facility index.
fn id_hash(id: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(id)
}

impl Facilities {
    /// A table of these ids alone (no category, cost or opening year), indexed; `None` when an
    /// id repeats or they do not fit.
    fn of_ids(ids: &[String]) -> Option<Facilities> {
        let mut f = Facilities {
            ids: String::new(),
            ends: Vec::with_capacity(ids.len()),
            slots: Vec::new(),
            category: Vec::new(),
            operating: Vec::new(),
            has_operating: Vec::new(),
            opening: Vec::new(),
        };
        for id in ids {
            f.ids.push_str(id);
            f.ends.push(u32::try_from(f.ids.len()).ok()?);
        }
        f.index().then_some(f)
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

    /// The position of the facility with id `id`, trying first the one after `last` (the last
    /// found: tables written facility by facility name them in order), then `last` itself.
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

    /// The position of the facility with id `id`.
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

/// One block of facilities, as read.
#[derive(Default)]
struct FacilityBlock {
    index: usize,
    ids: String,
    ends: Vec<u32>,
    category: Vec<Category>,
    operating: Vec<(u32, Decimal)>,
}

/// Streams `facilities.csv`: every row checked by [`tables::facility_row`], its district looked
/// up; `None` at any problem, a repeated id, an empty table, or coordinates (checked only by the
/// whole reader).
fn stream_facilities(
    path: &Path,
    files: &dyn FileSource,
    district_ids: &Facilities,
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
            let ok = rows_of_block(text, header, file, FacilityColumn::COLUMNS, &mut |r| {
                let Some((id, district, category, operating_yen)) = tables::checked_facility(r)
                else {
                    return false;
                };
                if !r.diags.is_empty() {
                    return false;
                }
                if let Some(d) = district {
                    if !district_ids.ends.is_empty() && district_ids.find(d).is_none() {
                        return false;
                    }
                }
                b.ids.push_str(id);
                let Ok(end) = u32::try_from(b.ids.len()) else {
                    return false;
                };
                if let Some(yen) = operating_yen {
                    b.operating.push((b.ends.len() as u32, yen));
                }
                b.ends.push(end);
                b.category.push(category);
                true
            });
            out.push(b);
            ok
        })
        .ok()??;
    let mut blocks: Vec<FacilityBlock> = blocks.into_iter().flatten().collect();
    blocks.sort_by_key(|b| b.index);
    let mut f = Facilities {
        ids: String::new(),
        ends: Vec::new(),
        slots: Vec::new(),
        category: Vec::new(),
        operating: Vec::new(),
        has_operating: Vec::new(),
        opening: Vec::new(),
    };
    for b in blocks {
        let base = u32::try_from(f.ids.len()).ok()?;
        let first = f.ends.len() as u32;
        f.ids.push_str(&b.ids);
        for e in b.ends {
            f.ends.push(base.checked_add(e)?);
        }
        f.category.extend(b.category);
        f.operating
            .extend(b.operating.into_iter().map(|(i, yen)| (first + i, yen)));
    }
    if f.ends.is_empty() || !f.index() {
        return None;
    }
    f.has_operating = vec![false; f.ends.len()];
    for &(i, _) in &f.operating {
        f.has_operating[i as usize] = true;
    }
    f.opening = (0..f.ends.len())
        .map(|_| AtomicI32::new(i32::MAX))
        .collect();
    Some(f)
}

/// The buildings streamed: floor area by class and their number.
struct Buildings {
    classes: HashMap<BuildingClass, AreaSum, foldhash::fast::FixedState>,
    n: usize,
}

/// A thread's part of the buildings pass.
#[derive(Default)]
struct BuildingsPart {
    classes: HashMap<BuildingClass, AreaSum, foldhash::fast::FixedState>,
    n: usize,
    /// Whether every block this thread read had its ids in increasing order.
    sorted: bool,
    /// Each block read: its position and its first and last ids.
    blocks: Vec<(usize, Option<(String, String)>)>,
}

/// Whether id `a` comes strictly before `b`: shorter first, then bytewise (`B9` < `B10`).
fn id_before(a: &str, b: &str) -> bool {
    (a.len(), a.as_bytes()) < (b.len(), b.as_bytes())
}

/// Streams `buildings.csv` into floor-area sums by class: every row checked by the rules of
/// [`tables::building_row`], its facility looked up; `None` at any problem or repeated id.
fn stream_buildings(
    path: &Path,
    files: &dyn FileSource,
    facilities: &Facilities,
) -> Option<Buildings> {
    let stream = open(path, files)?;
    let file = crate::input::display_name(path);
    let (header, start) = stream_header(&stream, BuildingColumn::COLUMNS, &file)?;
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
                let mut first: Option<String> = None;
                let mut prev = String::new();
                let mut last = usize::MAX;
                let ok = rows_of_block(text, header, file, BuildingColumn::COLUMNS, &mut |r| {
                    // The usual row borrowed; any other read whole by the whole reader's rule.
                    let owned;
                    let (id, facility_id, class_of, area) = match tables::plain_building(r) {
                        Some(p) => (
                            p.id,
                            p.facility_id,
                            (None, p.built, None, None, None, p.structure),
                            p.floor_area,
                        ),
                        None if !r.diags.is_empty() => return false,
                        None => {
                            let (_, b) = tables::building_row(r);
                            let Some(b) = b else { return false };
                            owned = b;
                            (
                                owned.id.as_str(),
                                owned.facility_id.as_str(),
                                (
                                    owned.category,
                                    owned.built,
                                    owned.renovated,
                                    owned.condition,
                                    owned.survey_year,
                                    owned.structure,
                                ),
                                owned.floor_area,
                            )
                        }
                    };
                    if !r.diags.is_empty() {
                        return false;
                    }
                    let Some(f) = facilities.find_after(facility_id, last) else {
                        return false;
                    };
                    last = f;
                    let (category, built, renovated, condition, survey_year, structure) = class_of;
                    facilities.opening[f].fetch_min(built.get(), Ordering::Relaxed);
                    let class = BuildingClass {
                        category: category.unwrap_or(facilities.category[f]),
                        timing: Timing {
                            built: built.get(),
                            renovated: renovated.map(|y| y.get()),
                        },
                        has_actual_operating: facilities.has_operating[f],
                        closes: None,
                        rules: 0,
                        shift: 0,
                        unit: 0,
                        condition: crate::projection::surveyed(condition, survey_year, built),
                        structure,
                    };
                    w.classes.entry(class).or_default().add(area);
                    w.n += 1;
                    if w.sorted {
                        if first.is_none() {
                            first = Some(id.to_string());
                        } else {
                            w.sorted = id_before(&prev, id);
                        }
                        prev.clear();
                        prev.push_str(id);
                    }
                    true
                });
                w.blocks
                    .push((block.index, first.map(|f| (f, prev.clone()))));
                ok
            },
        )
        .ok()??;
    let mut out = Buildings {
        classes: HashMap::default(),
        n: 0,
    };
    let mut sorted = true;
    let mut blocks = Vec::new();
    for p in parts {
        for (k, v) in p.classes {
            out.classes.entry(k).or_default().add_sum(v);
        }
        out.n += p.n;
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
            .all(|w| id_before(&w[0].1, &w[1].0));
    if !in_order && !building_ids_unique(&stream, start, header, file)? {
        return None;
    }
    Some(out)
}

/// Whether the building ids of a stream are all different, by their 64-bit fingerprints (8
/// bytes a building, sorted): `Some(false)` when two fingerprints are equal (a repeated id, or, very
/// rarely, two ids with one fingerprint: either way the whole reader decides); `None` when the
/// stream cannot be read again.
fn building_ids_unique(stream: &Stream, start: u64, header: &Header, file: &str) -> Option<bool> {
    let parts = stream
        .for_each_block(start, &Vec::new, &|out: &mut Vec<u64>, block| {
            let Some(text) = plain_text(block.bytes) else {
                return false;
            };
            rows_of_block(
                text,
                header,
                file,
                BuildingColumn::COLUMNS,
                &mut |r| match r.text(BuildingColumn::Id) {
                    Some(id) => {
                        out.push(id_hash(id));
                        true
                    }
                    None => false,
                },
            )
        })
        .ok()??;
    let mut all: Vec<u64> = parts.into_iter().flatten().collect();
    all.sort_unstable();
    Some(all.windows(2).all(|w| w[0] != w[1]))
}

/// Streams `roads.csv`: every row checked by [`tables::road_row`], its places looked up among the
/// districts and facilities; `None` at any problem.
fn stream_roads(
    path: &Path,
    files: &dyn FileSource,
    facilities: &Facilities,
    district_ids: &Facilities,
) -> Option<()> {
    let stream = open(path, files)?;
    let file = crate::input::display_name(path);
    let (header, start) = stream_header(&stream, RoadColumn::COLUMNS, &file)?;
    let (header, file) = (&header, file.as_str());
    stream
        .for_each_block(start, &|| (), &|_, block| {
            let Some(text) = plain_text(block.bytes) else {
                return false;
            };
            let mut last = usize::MAX;
            rows_of_block(text, header, file, RoadColumn::COLUMNS, &mut |r| {
                for c in [RoadColumn::From, RoadColumn::To] {
                    let Some(id) = r.text(c) else { continue };
                    if district_ids.find(id).is_some() {
                        continue;
                    }
                    match facilities.find_after(id, last) {
                        Some(f) => last = f,
                        None => return false,
                    }
                }
                tables::road_row(r).1.is_some()
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
