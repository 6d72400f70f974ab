//! Costs by facility of a buildings CSV (every building its own facility) in bounded memory, for
//! `--format csv-facilities` on national inventories.
//!
//! [`crate::explain::by_facility_sparse`] needs a [`crate::scenario::Scenario`], and so a whole
//! [`crate::inventory::Inventory`] (about 700 bytes a building). A buildings CSV as it is needs far
//! less: [`Buildings::load`] streams the file ([`crate::inventory::buildings_csv::stream_file`],
//! or the whole-file reader when the stream hands the file over, which then reports every
//! problem as loading the inventory does) into a compact form: per building its cost class, floor
//! area and actual operating cost, and its id and name in one shared text. [`Buildings::project`]
//! prices it as the inventory as it is ([`crate::scenario::Scenario::as_is`], lowered by class),
//! and [`Buildings::costs`] gives every building's costs by year and kind, traced by the same
//! engine in chunks of buildings priced in parallel and put back in file order: the same rows, the
//! same exact amounts, in the same order as [`crate::explain::by_facility_sparse`] of that
//! scenario, at any thread count.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::category::{Category, Kind};
use crate::cost::CostModel;
use crate::error::Result;
use crate::explain::FacilityCell;
use crate::inventory::buildings_csv::{BuildingRow, RowSink, read_file, stream_file};
use crate::plan::Plan;
use crate::projection::{Aggregate, BuildingClass, Item, Projection, Source, project};
use crate::units::{AreaSum, FloorArea};

/// One building as the cost path needs it.
#[derive(Clone, Copy, Debug)]
struct Compact {
    /// Its class as the inventory as it is lowers it (`unit` 0): position in
    /// [`Buildings::classes`].
    class: u32,
    area: FloorArea,
    /// Where its id starts in [`Buildings::text`]; its name follows the id.
    text: usize,
    id_len: u32,
    name_len: u32,
}

/// The buildings of a buildings CSV, compact (see the module's documentation), in file order.
#[derive(Debug, Default)]
pub struct Buildings {
    name: String,
    buildings: Vec<Compact>,
    /// The buildings' classes, each once.
    classes: Vec<BuildingClass>,
    /// Where each class is in `classes`, while reading.
    class_index: HashMap<BuildingClass, u32, foldhash::fast::FixedState>,
    /// Every building's id then name, one after the other.
    text: String,
    /// Actual operating costs, by building (position), in file order.
    operating: Vec<(usize, Decimal)>,
}

/// The sink the reader fills: one part per stream block, put in file order at the end.
#[derive(Default)]
struct Sink {
    parts: Vec<(usize, Buildings)>,
}

impl RowSink for Sink {
    fn add(&mut self, r: &BuildingRow<'_>) {
        if self.parts.is_empty() {
            self.parts.push((0, Buildings::default()));
        }
        let Some((_, b)) = self.parts.last_mut() else {
            return;
        };
        let class = BuildingClass::of_row(r);
        if let Some(yen) = r.operating_yen {
            b.operating.push((b.buildings.len(), yen));
        }
        let class = *b.class_index.entry(class).or_insert_with(|| {
            b.classes.push(class);
            b.classes.len() as u32 - 1
        });
        let text = b.text.len();
        b.text.push_str(r.id);
        b.text.push_str(r.name);
        // An id or a name is part of a file of at most a few gigabytes' rows: both fit 32 bits.
        b.buildings.push(Compact {
            class,
            area: r.floor_area,
            text,
            id_len: r.id.len() as u32,
            name_len: r.name.len() as u32,
        });
    }

    fn merge(&mut self, later: Self) {
        self.parts.extend(later.parts);
    }

    fn start_block(&mut self, index: usize) {
        self.parts.push((index, Buildings::default()));
    }
}

impl Sink {
    /// The parts in file order, one after the other (each part freed once copied).
    fn into_buildings(mut self, name: String) -> Buildings {
        self.parts.sort_by_key(|(index, _)| *index);
        let mut all = Buildings {
            name,
            ..Buildings::default()
        };
        let n: usize = self.parts.iter().map(|(_, p)| p.buildings.len()).sum();
        let text: usize = self.parts.iter().map(|(_, p)| p.text.len()).sum();
        all.buildings.reserve_exact(n);
        all.text.reserve_exact(text);
        for (_, part) in self.parts {
            let (offset, first) = (all.text.len(), all.buildings.len());
            let classes: Vec<u32> = part
                .classes
                .iter()
                .map(|&class| {
                    *all.class_index.entry(class).or_insert_with(|| {
                        all.classes.push(class);
                        all.classes.len() as u32 - 1
                    })
                })
                .collect();
            all.text.push_str(&part.text);
            all.buildings
                .extend(part.buildings.into_iter().map(|b| Compact {
                    class: classes[b.class as usize],
                    text: b.text + offset,
                    ..b
                }));
            all.operating
                .extend(part.operating.into_iter().map(|(i, yen)| (i + first, yen)));
        }
        all.class_index = HashMap::default();
        all
    }
}

/// The costs of a run of buildings (in file order): each building's costs by year then kind,
/// none zero, one building after the other; and for each building how many it has, or `None` when
/// the traced run gave it no amount at all (then it has no row; a row may have no cost).
#[derive(Clone, Debug, Default)]
pub struct CostChunk {
    /// The costs.
    pub cells: Vec<FacilityCell>,
    /// Each building's number of costs.
    pub counts: Vec<Option<u16>>,
}

/// Buildings priced together by one traced run.
pub(crate) const CHUNK: usize = 4096;

impl Buildings {
    /// Reads a buildings CSV: streamed, or read whole when the stream hands the file over (that
    /// reader reports every problem of the file, as loading it as an inventory does).
    ///
    /// # Errors
    ///
    /// As [`crate::inventory::buildings_csv::read_file`].
    pub fn load(path: &Path) -> Result<Buildings> {
        let (sink, _) = match stream_file(path, &Sink::default)? {
            Some(streamed) => streamed,
            None => read_file(path, &Sink::default)?,
        };
        // The inventory's name, as loading it names it.
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| crate::input::display_name(path));
        Ok(sink.into_buildings(name))
    }

    /// The inventory's name (the file's stem), which is the name of its scenario as it is.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of buildings (and facilities).
    pub fn len(&self) -> usize {
        self.buildings.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.buildings.is_empty()
    }

    /// Building `i`'s id and name.
    pub fn label(&self, i: usize) -> (&str, &str) {
        let b = &self.buildings[i];
        let id_end = b.text + b.id_len as usize;
        (
            &self.text[b.text..id_end],
            &self.text[id_end..id_end + b.name_len as usize],
        )
    }

    /// Building `i`'s class.
    fn class(&self, i: usize) -> &BuildingClass {
        &self.classes[self.buildings[i].class as usize]
    }

    /// Building `i`'s category.
    pub fn category(&self, i: usize) -> Category {
        self.class(i).category
    }

    /// The aggregate of the inventory as it is, as its scenario lowers it: area summed by class,
    /// each actual operating cost an item of its own, in file order.
    fn aggregate(&self, model: &CostModel) -> Aggregate {
        let mut classes: HashMap<BuildingClass, AreaSum, foldhash::fast::FixedState> =
            HashMap::default();
        for b in &self.buildings {
            classes
                .entry(self.classes[b.class as usize])
                .or_default()
                .add_sum(AreaSum::from(b.area));
        }
        Aggregate {
            classes: classes.into_iter().collect(),
            items: self
                .operating
                .iter()
                .map(|&(i, yen)| self.operating_item(i, yen))
                .collect(),
            skip_before_closure: model.closure,
            n_buildings: self.buildings.len(),
            ..Aggregate::default()
        }
    }

    /// Building `i`'s actual operating cost as an item: from the year it was built (its facility
    /// opens then), to the end.
    fn operating_item(&self, i: usize, yen: Decimal) -> Item {
        let class = self.class(i);
        Item::Yearly {
            category: class.category,
            kind: Kind::Operating,
            from: class.timing.built,
            until: None,
            yen,
        }
    }

    /// Projects the inventory as it is: the projection of its scenario as it is, run.
    ///
    /// # Errors
    ///
    /// As [`crate::projection::project`].
    pub fn project(&self, model: &CostModel, plan: Plan) -> Result<Projection> {
        project(&self.name, model, plan, &self.aggregate(model))
    }

    /// Every building's costs, in file order, in runs (see [`CostChunk`]): the rows and exact
    /// amounts of [`crate::explain::by_facility_sparse`] of the inventory as it is.
    ///
    /// # Errors
    ///
    /// As [`crate::projection::project`].
    pub fn costs(&self, model: &CostModel, plan: Plan) -> Result<Vec<CostChunk>> {
        let starts: Vec<usize> = (0..self.buildings.len()).step_by(CHUNK).collect();
        let chunks = starts
            .par_iter()
            .map(|&start| self.chunk_costs(model, plan, start))
            .collect::<Result<Vec<_>>>()?;
        Ok(chunks)
    }

    /// The costs of the buildings from `start` (at most [`CHUNK`]), each kept apart in a class of
    /// its own, with its operating cost an item, as the scenario lowers them per building.
    fn chunk_costs(&self, model: &CostModel, plan: Plan, start: usize) -> Result<CostChunk> {
        let end = (start + CHUNK).min(self.buildings.len());
        let mut classes = BTreeMap::new();
        for (k, b) in self.buildings[start..end].iter().enumerate() {
            let class = BuildingClass {
                unit: k as u32 + 1,
                ..self.classes[b.class as usize]
            };
            classes.insert(class, AreaSum::from(b.area));
        }
        let first = self.operating.partition_point(|&(i, _)| i < start);
        let last = self.operating.partition_point(|&(i, _)| i < end);
        let owners: Vec<usize> = self.operating[first..last]
            .iter()
            .map(|&(i, _)| i - start)
            .collect();
        let agg = Aggregate {
            classes,
            items: self.operating[first..last]
                .iter()
                .map(|&(i, yen)| self.operating_item(i, yen))
                .collect(),
            skip_before_closure: model.closure,
            n_buildings: end - start,
            ..Aggregate::default()
        };
        // Each building's costs, and whether it has a row.
        let mut out: Vec<(bool, Vec<FacilityCell>)> = vec![(false, Vec::new()); end - start];
        crate::projection::project_traced(
            &self.name,
            model,
            plan,
            &agg,
            &mut |src, i, kind, _, amount| {
                let b = match src {
                    Source::Class(class, _) | Source::Condition(class, _) => {
                        class.unit as usize - 1
                    }
                    Source::Item(n) => owners[n],
                    // A buildings CSV has no infrastructure.
                    Source::Infrastructure(_) => return,
                };
                let (has_row, cells) = &mut out[b];
                *has_row = true;
                crate::explain::add_cell(cells, i, kind, amount);
            },
        )?;
        let mut chunk = CostChunk {
            cells: Vec::with_capacity(
                out.iter()
                    .flat_map(|(_, c)| c)
                    .filter(|c| !c.amount.is_zero())
                    .count(),
            ),
            counts: Vec::with_capacity(out.len()),
        };
        for (has_row, cells) in out {
            let before = chunk.cells.len();
            chunk
                .cells
                .extend(cells.into_iter().filter(|c| !c.amount.is_zero()));
            // At most `plan::MAX_YEARS` (200) years of eight kinds: fewer than 2¹⁶.
            chunk
                .counts
                .push(has_row.then(|| (chunk.cells.len() - before) as u16));
        }
        Ok(chunk)
    }
}
