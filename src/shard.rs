//! Sharded batches for clusters: which scenario files shard `I` of `N` runs, the part it writes, and
//! parts merged into the very bytes the whole batch would have written.
//!
//! A batch's machine-readable outputs are made of one independent piece per scenario (a JSON
//! result, a scenario's CSV rows) after a fixed prefix (a CSV header, with its byte-order mark for
//! Excel). A shard renders its scenarios' pieces exactly as the whole batch would and writes them,
//! with the list of every file of the batch, into a part (`shisetsu/part/1`, JSON); merging checks
//! that the parts are the `N` shards of one batch, then puts the pieces back in file order. So the
//! merged output is the unsharded one byte for byte, by construction: the same renderer made every
//! piece. Nothing here schedules anything: a job-array engine (Slurm, Kubernetes indexed jobs, GNU
//! parallel) runs the shards.

use crate::messages::Message;
use crate::msg;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};
use crate::render::json::RUN_SCHEMA;
use crate::run::BatchItem;

/// The schema name of a part.
pub const PART_SCHEMA: &str = "shisetsu/part/1";

/// Shard `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which shard, from 1 to `count`.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl Shard {
    /// Reads `I/N` (`1/4`), with 1 ≤ I ≤ N.
    pub fn parse(text: &str) -> Option<Shard> {
        let (i, n) = text.trim().split_once('/')?;
        let (index, count) = (i.trim().parse().ok()?, n.trim().parse().ok()?);
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    /// Whether the shard runs the `k`-th (0-based) scenario file of the batch: files are dealt
    /// round robin, so shards of a batch of similar files take similar time.
    pub fn takes(&self, k: usize) -> bool {
        k % self.count as usize == (self.index - 1) as usize
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a batch's output is, for a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartFormat {
    /// `shisetsu/run/1` JSON.
    Json,
    /// CSV by year × kind × category.
    Csv,
    /// CSV by facility × year × kind.
    CsvFacilities,
}

/// A shard's part of a batch (`shisetsu/part/1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// [`PART_SCHEMA`].
    pub schema: String,
    /// Which shard wrote it.
    pub shard: Shard,
    /// The output it is part of.
    pub format: PartFormat,
    /// What the output starts with (for CSV, the header; for JSON, nothing).
    pub prefix: String,
    /// Every scenario file of the batch, in batch order (the same list in every part).
    pub files: Vec<String>,
    /// The shard's scenarios.
    pub items: Vec<PartItem>,
}

/// One scenario of a part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartItem {
    /// Its position in the batch.
    pub index: usize,
    /// Its piece of the output: a JSON result, or CSV rows (text). A failed scenario has a JSON
    /// result (saying why) and no CSV rows.
    pub piece: serde_json::Value,
    /// Why it could not run, if it could not.
    pub error: Option<String>,
    /// Whether it goes over the cap in some year.
    pub over_cap: bool,
}

/// The part of shard `shard`: its scenarios' pieces of the output, rendered as the whole batch
/// renders them. `files` are every file of the batch; `items` the shard's results, in batch order,
/// the `k`-th being file `index_of(k)` of the batch.
///
/// # Errors
///
/// [`Error::Overflow`] from costs by facility.
pub fn part(
    shard: Shard,
    format: PartFormat,
    csv: crate::render::csv::Csv,
    files: &[String],
    items: &[BatchItem],
    index_of: &dyn Fn(usize) -> usize,
) -> Result<Part> {
    let mut out = Vec::with_capacity(items.len());
    let prefix = match format {
        PartFormat::Json => Vec::new(),
        PartFormat::Csv => crate::render::csv::projections(&[], csv),
        PartFormat::CsvFacilities => crate::render::csv::facilities(&[], csv),
    };
    for (k, item) in items.iter().enumerate() {
        let piece = match (format, &item.result) {
            (PartFormat::Json, _) => {
                let doc = crate::render::json::run(std::slice::from_ref(item));
                serde_json::to_value(&doc.results[0]).unwrap_or(serde_json::Value::Null)
            }
            (_, Err(_)) => serde_json::Value::String(String::new()),
            (PartFormat::Csv, Ok(o)) => {
                let all = crate::render::csv::projections(&[&o.projection], csv);
                serde_json::Value::String(text_after(&all, &prefix))
            }
            (PartFormat::CsvFacilities, Ok(o)) => {
                let costs = crate::explain::by_facility(&o.scenario)?;
                let printed = crate::render::printed::Printed::of(&o.projection);
                let all = crate::render::csv::facilities(&[(&costs, &printed)], csv);
                serde_json::Value::String(text_after(&all, &prefix))
            }
        };
        out.push(PartItem {
            index: index_of(k),
            piece,
            error: item.result.as_ref().err().map(ToString::to_string),
            over_cap: item
                .result
                .as_ref()
                .is_ok_and(|o| o.projection.meets_cap() == Some(false)),
        });
    }
    Ok(Part {
        schema: PART_SCHEMA.to_string(),
        shard,
        format,
        prefix: String::from_utf8_lossy(&prefix).into_owned(),
        files: files.to_vec(),
        items: out,
    })
}

/// The text of `all` after `prefix` (which it starts with).
fn text_after(all: &[u8], prefix: &[u8]) -> String {
    String::from_utf8_lossy(all.strip_prefix(prefix).unwrap_or(all)).into_owned()
}

/// Parts put back together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The bytes of the whole batch's output.
    pub bytes: Vec<u8>,
    /// The errors of the scenarios that could not run, in batch order.
    pub errors: Vec<String>,
    /// Whether some scenario ran.
    pub any_ran: bool,
    /// Whether some scenario goes over the cap.
    pub over_cap: bool,
}

/// Reads a part written by a shard (of a batch run or of a Monte Carlo analysis).
///
/// # Errors
///
/// [`Error::Input`] naming the file when it is not a part.
pub fn read_part(path: &std::path::Path) -> Result<AnyPart> {
    let bytes = crate::input::read_file(path, crate::input::Cap::TABLE)?;
    let name = crate::input::display_name(path);
    let bad = |why: Message| Error::Input(Diagnostic::file(&name, msg!(NotAPart, why)).into());
    // Foreign: the JSON reader's description.
    let foreign = |e: serde_json::Error| bad(Message::foreign(e.to_string()));
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(foreign)?;
    match value.get("schema").and_then(|s| s.as_str()) {
        Some(PART_SCHEMA) => serde_json::from_value(value)
            .map(AnyPart::Run)
            .map_err(foreign),
        Some(MONTECARLO_PART_SCHEMA) => serde_json::from_value(value)
            .map(AnyPart::MonteCarlo)
            .map_err(foreign),
        other => Err(bad(msg!(
            PartSchema,
            schema = format!("{other:?}"),
            run = format!("{PART_SCHEMA:?}"),
            montecarlo = format!("{MONTECARLO_PART_SCHEMA:?}")
        ))),
    }
}

/// Merges the parts of one batch (in any order) into its output.
///
/// # Errors
///
/// [`Error::Input`] naming the part at fault when the parts are not the `N` shards of one batch:
/// a shard missing or given twice, or parts of different batches or outputs.
pub fn merge(parts: &[(String, Part)]) -> Result<Merged> {
    let bad = |file: &str, message: Message| Error::Input(Diagnostic::file(file, message).into());
    let Some((first_name, first)) = parts.first() else {
        return Err(bad("merge", msg!(NoParts)));
    };
    let count = first.shard.count;
    let mut seen: Vec<Option<&str>> = vec![None; count as usize];
    for (name, p) in parts {
        if p.shard.count != count
            || p.files != first.files
            || p.format != first.format
            || p.prefix != first.prefix
        {
            return Err(bad(name, msg!(OtherBatch, first = first_name)));
        }
        let slot = &mut seen[(p.shard.index - 1) as usize];
        if let Some(other) = slot {
            return Err(bad(
                name,
                msg!(ShardTwice, shard = p.shard.to_string(), other = *other),
            ));
        }
        *slot = Some(name);
    }
    if let Some(missing) = seen.iter().position(Option::is_none) {
        return Err(bad(
            first_name,
            msg!(ShardMissing, index = missing + 1, count),
        ));
    }
    let mut items: Vec<&PartItem> = parts.iter().flat_map(|(_, p)| &p.items).collect();
    items.sort_by_key(|i| i.index);
    let complete =
        items.len() == first.files.len() && items.iter().enumerate().all(|(k, i)| i.index == k);
    if !complete {
        return Err(bad(first_name, msg!(PartsNotEvery)));
    }
    let bytes = match first.format {
        PartFormat::Json => {
            let results: Vec<serde_json::Value> = items.iter().map(|i| i.piece.clone()).collect();
            crate::render::json::to_text(
                &serde_json::json!({ "schema": RUN_SCHEMA, "results": results }),
            )
            .into_bytes()
        }
        PartFormat::Csv | PartFormat::CsvFacilities => {
            let mut out = first.prefix.clone().into_bytes();
            for i in &items {
                if let Some(text) = i.piece.as_str() {
                    out.extend_from_slice(text.as_bytes());
                }
            }
            out
        }
    };
    Ok(Merged {
        bytes,
        errors: items.iter().filter_map(|i| i.error.clone()).collect(),
        any_ran: items.iter().any(|i| i.error.is_none()),
        over_cap: items.iter().any(|i| i.over_cap),
    })
}

/// The schema name of a Monte Carlo part.
pub const MONTECARLO_PART_SCHEMA: &str = "shisetsu/montecarlo-part/1";

impl Shard {
    /// The runs of `runs` the shard draws: a contiguous range, the shards' ranges covering
    /// `0..runs` in order (each run is seeded by its number, so where it is drawn does not matter).
    pub fn runs(&self, runs: u32) -> std::ops::Range<u32> {
        let at = |i: u32| (u64::from(runs) * u64::from(i) / u64::from(self.count)) as u32;
        at(self.index - 1)..at(self.index)
    }
}

/// A shard's part of a Monte Carlo analysis: the results of its runs, exact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarloPart {
    /// [`MONTECARLO_PART_SCHEMA`].
    pub schema: String,
    /// Which shard wrote it.
    pub shard: Shard,
    /// The scenario file, as given.
    pub scenario: String,
    /// The number of runs of the whole analysis.
    pub runs: u32,
    /// Its seed.
    pub seed: u64,
    /// The output the merge writes (`table` or `json`).
    pub format: String,
    /// The number of the shard's first run.
    pub first_run: u32,
    /// Each run's yearly totals (decimal strings) and floor area by grade (10⁻⁶ m², integer
    /// strings), in run order.
    pub results: Vec<(Vec<String>, Vec<[String; 4]>)>,
}

impl MonteCarloPart {
    /// The part of shard `shard` from its runs' results.
    pub fn new(
        shard: Shard,
        scenario: String,
        settings: crate::montecarlo::Settings,
        format: &str,
        results: &[crate::montecarlo::RunTotals],
    ) -> MonteCarloPart {
        MonteCarloPart {
            schema: MONTECARLO_PART_SCHEMA.to_string(),
            shard,
            scenario,
            runs: settings.runs,
            seed: settings.seed,
            format: format.to_string(),
            first_run: shard.runs(settings.runs).start,
            results: results
                .iter()
                .map(|r| {
                    (
                        r.totals.iter().map(ToString::to_string).collect(),
                        r.grades.iter().map(|g| g.map(|x| x.to_string())).collect(),
                    )
                })
                .collect(),
        }
    }
}

/// The parts of a sharded Monte Carlo analysis put together: the scenario file, the settings, the
/// output format and every run's results in run order, for [`crate::montecarlo::from_runs`].
pub struct MergedRuns {
    /// The scenario file, as given to the shards.
    pub scenario: String,
    /// Runs and seed.
    pub settings: crate::montecarlo::Settings,
    /// `table` or `json`.
    pub format: String,
    /// Every run's results, in run order.
    pub runs: Vec<crate::montecarlo::RunTotals>,
}

/// Merges the parts of one Monte Carlo analysis (in any order).
///
/// # Errors
///
/// [`Error::Input`] naming the part at fault when the parts are not the `N` shards of one analysis,
/// or a value is not a number.
pub fn merge_montecarlo(parts: &[(String, MonteCarloPart)]) -> Result<MergedRuns> {
    let bad = |file: &str, message: Message| Error::Input(Diagnostic::file(file, message).into());
    let Some((first_name, first)) = parts.first() else {
        return Err(bad("merge", msg!(NoParts)));
    };
    let same = |p: &MonteCarloPart| {
        (p.shard.count, &p.scenario, p.runs, p.seed, &p.format)
            == (
                first.shard.count,
                &first.scenario,
                first.runs,
                first.seed,
                &first.format,
            )
    };
    let mut by_shard: Vec<Option<&(String, MonteCarloPart)>> =
        vec![None; first.shard.count as usize];
    for part in parts {
        let (name, p) = part;
        if !same(p) {
            return Err(bad(name, msg!(OtherAnalysis, first = first_name)));
        }
        let slot = &mut by_shard[(p.shard.index - 1) as usize];
        if let Some((other, _)) = slot {
            return Err(bad(
                name,
                msg!(
                    ShardTwice,
                    shard = p.shard.to_string(),
                    other = other.as_str()
                ),
            ));
        }
        *slot = Some(part);
    }
    let mut runs = Vec::with_capacity(first.runs as usize);
    for (i, slot) in by_shard.iter().enumerate() {
        let Some((name, p)) = slot else {
            return Err(bad(
                first_name,
                msg!(ShardMissing, index = i + 1, count = first.shard.count),
            ));
        };
        let range = p.shard.runs(p.runs);
        if p.first_run != range.start || p.results.len() != range.len() {
            return Err(bad(name, msg!(ShardRuns, shard = p.shard.to_string())));
        }
        for (totals, grades) in &p.results {
            let number = || bad(name, msg!(RunNotNumber));
            runs.push(crate::montecarlo::RunTotals {
                totals: totals
                    .iter()
                    .map(|t| t.parse().map_err(|_| number()))
                    .collect::<Result<_>>()?,
                grades: grades
                    .iter()
                    .map(|g| {
                        let mut out = [0i128; 4];
                        for (o, x) in out.iter_mut().zip(g) {
                            *o = x.parse().map_err(|_| number())?;
                        }
                        Ok(out)
                    })
                    .collect::<Result<_>>()?,
            });
        }
    }
    Ok(MergedRuns {
        scenario: first.scenario.clone(),
        settings: crate::montecarlo::Settings {
            runs: first.runs,
            seed: first.seed,
        },
        format: first.format.clone(),
        runs,
    })
}

/// A part of either kind, read from a file.
pub enum AnyPart {
    /// A part of a batch run.
    Run(Part),
    /// A part of a Monte Carlo analysis.
    MonteCarlo(MonteCarloPart),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_read_and_deal_files_round_robin() {
        assert_eq!(Shard::parse("2/4"), Some(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "-1/2"] {
            assert_eq!(Shard::parse(bad), None, "{bad}");
        }
        // Ten files over three shards: 0 3 6 9 | 1 4 7 | 2 5 8.
        let of = |i: u32| {
            let s = Shard { index: i, count: 3 };
            (0..10).filter(|&k| s.takes(k)).collect::<Vec<_>>()
        };
        assert_eq!(of(1), vec![0, 3, 6, 9]);
        assert_eq!(of(2), vec![1, 4, 7]);
        assert_eq!(of(3), vec![2, 5, 8]);
    }
}
