//! CSV output, long format for pivot tables: one row per fiscal year × kind × category
//! ([`projection`]), or per facility × fiscal year × kind ([`facilities`]).
//!
//! Amounts are whole yen as printed everywhere ([`super::printed`]: a year's total rounded half to
//! even, its parts apportioned to it so they add up) expressed in the chosen [`Unit`]: yen, 千円
//! with three decimals, or 億円 with eight, so no unit loses a yen and the rows of a pivot add up to
//! the totals the JSON and the report print. Every row also names its kind and category in Japanese.
//! [`Csv::excel`] writes what Excel opens correctly on a Japanese Windows: a UTF-8 byte order mark
//! and CRLF line ends.

use std::io::Write;

use rust_decimal::Decimal;

use crate::building_costs::{Buildings, CostChunk};
use crate::category::{ALL_CATEGORIES, ALL_KINDS, Category, N_KINDS};
use crate::explain::{FacilityCell, FacilityCosts, SparseFacilityCosts};
use crate::money::Yen;
use crate::projection::Projection;

use super::ROUNDING;
use super::printed::{self, Printed};

/// The unit of CSV amounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    /// Yen.
    #[default]
    Yen,
    /// 千円 (thousand yen), three decimals.
    Sen,
    /// 億円 (hundred million yen), eight decimals.
    Oku,
}

impl Unit {
    /// The amount column's name.
    pub fn column(self) -> &'static str {
        match self {
            Unit::Yen => "amount_yen",
            Unit::Sen => "amount_sen_yen",
            Unit::Oku => "amount_oku_yen",
        }
    }

    /// A whole-yen amount in this unit, exactly.
    pub fn format(self, y: Yen) -> String {
        let whole = y.round(ROUNDING);
        let (divisor, places) = match self {
            Unit::Yen => return whole.to_string(),
            Unit::Sen => (Decimal::from(1_000), 3),
            Unit::Oku => (Decimal::from(100_000_000), 8),
        };
        // Dividing a whole number by 10^3 or 10^8 is exact; fix the scale so every row has the
        // same number of decimals.
        let mut d = whole / divisor;
        d.rescale(places);
        d.to_string()
    }
}

/// How to write CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Csv {
    /// The unit of amounts.
    pub unit: Unit,
    /// A UTF-8 byte order mark and CRLF line ends, for Excel.
    pub excel: bool,
}

impl Csv {
    fn builder(self) -> csv::WriterBuilder {
        let terminator = if self.excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut b = csv::WriterBuilder::new();
        b.terminator(terminator);
        b
    }

    fn writer(self) -> csv::Writer<Vec<u8>> {
        self.builder().from_writer(Vec::new())
    }

    /// The bytes of a finished writer, with the byte order mark when for Excel.
    fn finish(self, w: csv::Writer<Vec<u8>>) -> Vec<u8> {
        let body = w.into_inner().unwrap_or_default();
        if self.excel {
            let mut out = Vec::with_capacity(body.len() + 3);
            out.extend_from_slice(b"\xEF\xBB\xBF");
            out.extend_from_slice(&body);
            out
        } else {
            body
        }
    }
}

/// The header of [`projection`].
fn projection_header(unit: Unit) -> [&'static str; 7] {
    [
        "scenario",
        "year",
        "kind",
        "category",
        unit.column(),
        "kind_ja",
        "category_ja",
    ]
}

fn projection_rows(p: &Projection, unit: Unit, w: &mut csv::Writer<Vec<u8>>) {
    let first = p.horizon().first().get();
    let printed = Printed::of(p);
    for i in 0..p.years() {
        let year = (first + i as i32).to_string();
        for k in ALL_KINDS {
            for c in p.categories() {
                let _ = w.write_record([
                    p.name(),
                    &year,
                    k.key(),
                    c.key(),
                    &unit.format(printed.cell(i, k, c)),
                    k.name_ja(),
                    c.name_ja(),
                ]);
            }
        }
    }
}

/// Projections as CSV, `scenario,year,kind,category,amount_…,kind_ja,category_ja`: every kind for
/// every category present, zeros included so pivot tables see a full grid.
pub fn projections(ps: &[&Projection], opts: Csv) -> Vec<u8> {
    let mut w = opts.writer();
    let _ = w.write_record(projection_header(opts.unit));
    for p in ps {
        projection_rows(p, opts.unit, &mut w);
    }
    opts.finish(w)
}

/// One projection as CSV (see [`projections`]).
pub fn projection(p: &Projection, opts: Csv) -> Vec<u8> {
    projections(&[p], opts)
}

/// Costs by facility as CSV,
/// `scenario,facility_id,facility_name,category,year,kind,amount_…,kind_ja,category_ja`: one row per
/// facility (or infrastructure asset) × fiscal year × kind with a cost; a missing row is zero.
///
/// Each table comes with its projection's printed amounts ([`Printed::of`] the projection of the
/// same run): the facilities' amounts of each cell (year, kind, category) are apportioned to the
/// cell as printed, so that a pivot of this CSV, by kind or by category, gives the amounts of
/// [`projection`] and of the JSON. The same bytes as [`PrintedFacilities`] written by
/// [`write_facilities`], which national inventories should use (kept sparse, written as it goes).
pub fn facilities(tables: &[(&FacilityCosts, &Printed)], opts: Csv) -> Vec<u8> {
    let printed: Vec<PrintedFacilities<'_>> = tables
        .iter()
        .map(|(t, p)| PrintedFacilities::of_dense(t, p))
        .collect();
    let mut out = Vec::new();
    // Writing into memory does not fail.
    let _ = write_facilities(&printed, opts, &mut out, &mut |_| {});
    out
}

/// A scenario's costs by facility with their amounts as printed (apportioned to the projection's
/// printed cells, as [`facilities`] prints them), only the years and kinds with a cost: about 20
/// bytes a cost, kept in long runs rather than a list per facility, so a national inventory's
/// table fits in a few hundred megabytes. Written by [`write_facilities`].
pub struct PrintedFacilities<'a> {
    scenario: &'a str,
    first_year: i32,
    years: usize,
    rows: Vec<PrintedRow<'a>>,
    /// The rows' costs, one row after the other, in runs ([`PrintedRow::segment`]).
    segments: Vec<Vec<FacilityCell>>,
}

struct PrintedRow<'a> {
    id: &'a str,
    name: &'a str,
    category: Category,
    /// Its costs: `segments[segment][start .. start + len]`, by year then kind; amounts as
    /// printed once apportioned.
    segment: u32,
    start: u32,
    len: u32,
}

impl PrintedRow<'_> {
    fn span(&self) -> (usize, std::ops::Range<usize>) {
        let start = self.start as usize;
        (self.segment as usize, start..start + self.len as usize)
    }
}

/// Rows whose costs are lists of their own, as one run: the rows (and where their costs are in
/// the run) and the run.
fn one_run<'a>(
    rows: Vec<(&'a str, &'a str, Category, Vec<FacilityCell>)>,
) -> (Vec<PrintedRow<'a>>, Vec<Vec<FacilityCell>>) {
    let mut run = Vec::with_capacity(rows.iter().map(|r| r.3.len()).sum());
    let rows = rows
        .into_iter()
        .map(|(id, name, category, cells)| {
            let start = run.len() as u32;
            run.extend(cells);
            PrintedRow {
                id,
                name,
                category,
                segment: 0,
                start,
                len: run.len() as u32 - start,
            }
        })
        .collect();
    (rows, vec![run])
}

impl<'a> PrintedFacilities<'a> {
    /// The table of a scenario's sparse costs ([`crate::explain::by_facility_sparse`]) and its
    /// projection's printed amounts.
    pub fn of(costs: SparseFacilityCosts<'a>, printed: &Printed) -> PrintedFacilities<'a> {
        let years = costs.years;
        let (scenario, first_year) = (costs.scenario_name(), costs.first_year);
        let labels = costs
            .rows
            .iter()
            .map(|r| costs.label(r.owner))
            .collect::<Vec<_>>();
        let rows = labels
            .into_iter()
            .zip(costs.rows)
            .map(|((id, name), r)| (id, name, r.category, r.cells))
            .collect();
        let (rows, segments) = one_run(rows);
        let mut t = PrintedFacilities {
            scenario,
            first_year,
            years,
            rows,
            segments,
        };
        t.apportion(years, printed);
        t
    }

    /// The table of a buildings CSV's costs by building ([`Buildings::costs`], every building its
    /// own facility) and its projection's printed amounts ([`Buildings::project`]): the table
    /// [`PrintedFacilities::of`] gives for the inventory as it is.
    pub fn of_buildings(
        buildings: &'a Buildings,
        chunks: Vec<CostChunk>,
        plan: crate::plan::Plan,
        printed: &Printed,
    ) -> PrintedFacilities<'a> {
        let years = plan.horizon.years() as usize;
        let mut rows = Vec::new();
        let mut segments = Vec::with_capacity(chunks.len());
        let mut building = 0;
        for (segment, chunk) in chunks.into_iter().enumerate() {
            let mut start = 0u32;
            for n in chunk.counts {
                if let Some(len) = n {
                    let (id, name) = buildings.label(building);
                    rows.push(PrintedRow {
                        id,
                        name,
                        category: buildings.category(building),
                        segment: segment as u32,
                        start,
                        len: u32::from(len),
                    });
                    start += u32::from(len);
                }
                building += 1;
            }
            segments.push(chunk.cells);
        }
        rows.shrink_to_fit();
        let mut t = PrintedFacilities {
            scenario: buildings.name(),
            first_year: plan.horizon.first().get(),
            years,
            rows,
            segments,
        };
        t.apportion(years, printed);
        t
    }

    /// The same from dense costs ([`crate::explain::by_facility`]).
    fn of_dense(costs: &'a FacilityCosts, printed: &Printed) -> PrintedFacilities<'a> {
        let rows = costs
            .rows
            .iter()
            .map(|r| {
                let cells = r
                    .amounts
                    .iter()
                    .enumerate()
                    .flat_map(|(i, kinds)| {
                        kinds.iter().enumerate().filter(|(_, a)| !a.is_zero()).map(
                            move |(k, &amount)| FacilityCell {
                                year: i as u16,
                                kind: k as u8,
                                amount,
                            },
                        )
                    })
                    .collect();
                (r.id.as_str(), r.name.as_str(), r.category, cells)
            })
            .collect();
        let (rows, segments) = one_run(rows);
        let mut t = PrintedFacilities {
            scenario: &costs.scenario,
            first_year: costs.first_year,
            years: costs.years,
            rows,
            segments,
        };
        t.apportion(costs.years, printed);
        t
    }

    /// The number of facility rows (each one or more lines of CSV), for a progress bar.
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    /// A row's costs.
    fn cells(&self, row: &PrintedRow<'_>) -> &[FacilityCell] {
        let (segment, range) = row.span();
        &self.segments[segment][range]
    }

    /// Replaces the exact amounts by the printed ones: each cell's (year, kind, category)
    /// facilities apportioned to the cell as printed ([`printed::apportion`] of the category's
    /// column, zeros included), the same parts [`facility_amounts`] gives.
    ///
    /// One year at a time: every row keeps its place in its costs (which are by year), so only
    /// one year's costs are gathered by cell at once.
    fn apportion(&mut self, years: usize, printed: &Printed) {
        let n_categories = ALL_CATEGORIES.len();
        // Each category's rows, in row order.
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); n_categories];
        for (r, row) in self.rows.iter().enumerate() {
            members[row.category.index()].push(r as u32);
        }
        // Each row's first cost not yet gathered.
        let mut next: Vec<u32> = vec![0; self.rows.len()];
        // The year's costs of each kind and category: (row, place in the row), in row order.
        let mut at_cell: Vec<Vec<(u32, u32)>> = vec![Vec::new(); N_KINDS * n_categories];
        let rows = &self.rows;
        let segments = &mut self.segments;
        let amount = |segments: &[Vec<FacilityCell>], r: u32, e: u32| {
            let (segment, range) = rows[r as usize].span();
            segments[segment][range.start + e as usize].amount
        };
        for i in 0..years {
            for (r, row) in rows.iter().enumerate() {
                let (segment, range) = row.span();
                let cells = &segments[segment][range];
                let mut e = next[r] as usize;
                while let Some(cell) = cells.get(e).filter(|c| usize::from(c.year) == i) {
                    at_cell[usize::from(cell.kind) * n_categories + row.category.index()]
                        .push((r as u32, e as u32));
                    e += 1;
                }
                next[r] = e as u32;
            }
            let cells = printed.cells(i);
            for k in ALL_KINDS {
                for c in ALL_CATEGORIES {
                    let given = &mut at_cell[k.index() * n_categories + c.index()];
                    if given.is_empty() {
                        continue;
                    }
                    let total = cells[k.index()][c.index()];
                    let amounts: Vec<Decimal> =
                        given.iter().map(|&(r, e)| amount(segments, r, e)).collect();
                    let members = &members[c.index()];
                    let parts = printed::apportion_given(&amounts, total, members.len())
                        .unwrap_or_else(|| {
                            // The whole column, zeros included (rare: see `apportion_given`).
                            let key = (i as u16, k.index() as u8);
                            let column: Vec<Decimal> = members
                                .iter()
                                .map(|&r| {
                                    let (segment, range) = rows[r as usize].span();
                                    let cells = &segments[segment][range];
                                    cells
                                        .binary_search_by_key(&key, |c| (c.year, c.kind))
                                        .map_or(Decimal::ZERO, |e| cells[e].amount)
                                })
                                .collect();
                            let all = printed::apportion(&column, total);
                            given
                                .iter()
                                .map(|(r, _)| {
                                    members.binary_search(r).map_or(Decimal::ZERO, |m| all[m])
                                })
                                .collect()
                        });
                    for (&(r, e), part) in given.iter().zip(parts) {
                        let (segment, range) = rows[r as usize].span();
                        segments[segment][range.start + e as usize].amount = part;
                    }
                    given.clear();
                }
            }
        }
    }
}

/// Writes costs by facility as CSV (the bytes of [`facilities`]) to `out` as it goes, telling
/// `progress` how many facility rows of all the tables are written now and then.
///
/// # Errors
///
/// The writer's.
pub fn write_facilities(
    tables: &[PrintedFacilities<'_>],
    opts: Csv,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> std::io::Result<()> {
    if opts.excel {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut w = opts.builder().from_writer(out);
    w.write_record([
        "scenario",
        "facility_id",
        "facility_name",
        "category",
        "year",
        "kind",
        opts.unit.column(),
        "kind_ja",
        "category_ja",
    ])?;
    let mut done: u64 = 0;
    for t in tables {
        let years: Vec<String> = (0..t.years)
            .map(|i| (t.first_year + i as i32).to_string())
            .collect();
        for row in &t.rows {
            for cell in t.cells(row) {
                let k = ALL_KINDS[usize::from(cell.kind)];
                w.write_record([
                    t.scenario,
                    row.id,
                    row.name,
                    row.category.key(),
                    &years[usize::from(cell.year)],
                    k.key(),
                    &opts.unit.format(Yen::new(cell.amount)),
                    k.name_ja(),
                    row.category.name_ja(),
                ])?;
            }
            done += 1;
            if done % 4096 == 0 {
                progress(done);
            }
        }
    }
    progress(done);
    w.flush()
}

/// The printed amounts of costs by facility (rows × years × kinds): the facilities of each cell
/// (year, kind, category) apportioned to the cell as the projection prints it (the rows add up to
/// the projection's amounts exactly), so that they add up to it: a pivot by kind or by category
/// gives the CSV's and the JSON's amounts.
pub(super) fn facility_amounts(
    t: &FacilityCosts,
    printed: &Printed,
) -> Vec<Vec<[Decimal; N_KINDS]>> {
    let mut out = vec![vec![[Decimal::ZERO; N_KINDS]; t.years]; t.rows.len()];
    let members: Vec<Vec<usize>> = ALL_CATEGORIES
        .iter()
        .map(|&c| {
            (0..t.rows.len())
                .filter(|&r| t.rows[r].category == c)
                .collect()
        })
        .collect();
    // Index loops: a year indexes the printed table, the rows' amounts and the output alike.
    #[allow(clippy::needless_range_loop)]
    for i in 0..t.years {
        let cells = printed.cells(i);
        for k in ALL_KINDS {
            for c in ALL_CATEGORIES {
                let members = &members[c.index()];
                if members.is_empty() {
                    continue;
                }
                let column: Vec<Decimal> = members
                    .iter()
                    .map(|&r| t.rows[r].amounts[i][k.index()])
                    .collect();
                let parts = printed::apportion(&column, cells[k.index()][c.index()]);
                for (&r, v) in members.iter().zip(parts) {
                    out[r][i][k.index()] = v;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_keep_every_yen() {
        // 1,234,567,890.5 yen rounds half to even to 1,234,567,890 yen;
        // in 千円 that is 1,234,567.890 and in 億円 12.34567890.
        let y = Yen::new(Decimal::new(12_345_678_905, 1));
        assert_eq!(Unit::Yen.format(y), "1234567890");
        assert_eq!(Unit::Sen.format(y), "1234567.890");
        assert_eq!(Unit::Oku.format(y), "12.34567890");
        // A negative difference keeps its sign: −1,500 yen is −1.500 千円.
        let neg = Yen::new(Decimal::from(-1_500));
        assert_eq!(Unit::Sen.format(neg), "-1.500");
    }
}

/// The costs by facility of a buildings CSV from its compact form ([`crate::building_costs`])
/// against the same from the whole inventory.
#[cfg(test)]
mod buildings_tests {
    use super::*;
    use crate::building_costs::CHUNK;
    use crate::cost::CostModel;
    use crate::plan::Plan;
    use crate::render::printed::Printed;
    use std::path::Path;
    use std::sync::Arc;

    /// The CSV of costs by facility as the inventory as it is gives it: the file loaded whole as
    /// an inventory, its scenario run, its costs traced by [`crate::explain::by_facility_sparse`].
    fn by_inventory(path: &Path, model: &CostModel, plan: Plan, csv: Csv) -> Vec<u8> {
        let inv = crate::inventory::Inventory::load_from(path, &crate::input::Disk).unwrap();
        let s = crate::scenario::Scenario::as_is(Arc::new(inv), Arc::new(model.clone()), plan);
        let o = crate::run::run(&s).unwrap();
        let costs = crate::explain::by_facility_sparse(&o.scenario).unwrap();
        let printed = Printed::of(&o.projection);
        let mut out = Vec::new();
        write_facilities(
            &[PrintedFacilities::of(costs, &printed)],
            csv,
            &mut out,
            &mut |_| {},
        )
        .unwrap();
        out
    }

    /// The same CSV from the compact buildings.
    fn by_buildings(path: &Path, model: &CostModel, plan: Plan, csv: Csv) -> Vec<u8> {
        let b = Buildings::load(path).unwrap();
        let printed = Printed::of(&b.project(model, plan).unwrap());
        let chunks = b.costs(model, plan).unwrap();
        let mut out = Vec::new();
        write_facilities(
            &[PrintedFacilities::of_buildings(&b, chunks, plan, &printed)],
            csv,
            &mut out,
            &mut |_| {},
        )
        .unwrap();
        out
    }

    /// A buildings CSV of `n` rows mixing what prices a building: categories, structures, years
    /// built before, in and after the plan, renovations, surveyed grades, actual operating costs,
    /// areas with fractions of a m² (so that amounts have fractions of a yen to apportion), in
    /// an order the stream cannot check for duplicates by order alone.
    fn mixed(n: usize) -> String {
        let categories = [
            "school",
            "public_housing",
            "civic_culture",
            "park",
            "medical",
        ];
        let structures = ["rc", "s", "w", "src", ""];
        let mut t = String::from(
            "id,name,category,floor_area_m2,built_year,structure,renovated_year,condition,\
             survey_year,operating_cost_yen\n",
        );
        for i in 0..n {
            let k = (i * 7919) % 10007;
            let built = 1940 + (k % 130);
            let renovated = if k % 5 == 0 && built < 2010 {
                (built + 25).to_string()
            } else {
                String::new()
            };
            let (condition, survey) = match k % 7 {
                0 if built <= 2020 => ("B", "2020"),
                1 => ("D", ""),
                _ => ("", ""),
            };
            let operating = if k % 11 == 0 {
                format!("{}.{}", 1_000_000 + k * 37, k % 100)
            } else {
                String::new()
            };
            t.push_str(&format!(
                "X{k}-{i},building {i} {},{},{}.{:06},{built},{},{renovated},{condition},{survey},{operating}\n",
                // Long names, so that the file spans several stream blocks.
                "施設".repeat(50),
                categories[k % categories.len()],
                10 + k % 4000,
                (k * 104_729) % 1_000_000,
                structures[k % structures.len()],
            ));
        }
        t
    }

    #[test]
    fn the_compact_path_gives_the_inventorys_bytes() {
        let dir = tempfile::tempdir().unwrap();
        // Three chunks and a bit, so that chunks and stream blocks meet.
        let path = dir.path().join("mixed.csv");
        std::fs::write(&path, mixed(2 * CHUNK + 1000)).unwrap();
        std::fs::write(
            dir.path().join("running-costs.toml"),
            include_str!("../../facilities/kanuma/running-costs.toml"),
        )
        .unwrap();
        // Condition rules, running costs with actuals, and escalation that gives every amount
        // long fractions.
        std::fs::write(
            dir.path().join("model.toml"),
            "base = [\"condition\", \"running-costs.toml\"]\n[escalation]\nrate = 0.013\n",
        )
        .unwrap();
        // Several stream blocks.
        let len = std::fs::metadata(&path).unwrap().len();
        assert!(len > 3 * crate::input::stream::BLOCK_BYTES as u64, "{len}");
        let plan = |from: i32, years: u32| Plan {
            horizon: crate::plan::Horizon::new(crate::units::FiscalYear::new(from).unwrap(), years)
                .unwrap(),
            cap: None,
        };
        let models = [
            CostModel::preset("mic").unwrap(),
            CostModel::preset("long-life").unwrap(),
            CostModel::load("model.toml", dir.path()).unwrap(),
        ];
        for model in &models {
            for (plan, csv) in [
                (plan(2022, 40), Csv::default()),
                (
                    plan(2016, 7),
                    Csv {
                        unit: Unit::Sen,
                        excel: true,
                    },
                ),
            ] {
                let want = by_inventory(&path, model, plan, csv);
                let got = by_buildings(&path, model, plan, csv);
                // Many rows, so the comparison is not of two empty tables.
                assert!(want.len() > 100_000, "{}", want.len());
                assert!(want == got, "{} differs", model.name());
            }
        }
    }

    #[test]
    fn the_same_at_one_thread_and_at_several() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mixed.csv");
        std::fs::write(&path, mixed(CHUNK + 500)).unwrap();
        let model = CostModel::preset("condition").unwrap();
        let plan = Plan {
            horizon: crate::plan::Horizon::new(crate::units::FiscalYear::new(2022).unwrap(), 30)
                .unwrap(),
            cap: None,
        };
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| by_buildings(&path, &model, plan, Csv::default()));
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| by_buildings(&path, &model, plan, Csv::default()));
        assert!(one == four);
    }

    #[test]
    fn a_bad_file_is_reported_as_loading_the_inventory_reports_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        std::fs::write(
            &path,
            "id,name,category,floor_area_m2,built_year\nA,a,school,100,1990\nA,b,nowhere,-1,1990\n",
        )
        .unwrap();
        let want = crate::inventory::Inventory::load_from(&path, &crate::input::Disk)
            .unwrap_err()
            .to_string();
        let got = Buildings::load(&path).unwrap_err().to_string();
        assert_eq!(got, want);
        // Line 3: the duplicate id, the unknown category and the negative area.
        assert!(want.contains(":3"), "{want}");
    }
}
