//! Running each command: convert arguments, call the library, print or write the result.

use std::path::Path;
use std::process::ExitCode;

use rayon::prelude::*;

use super::request::ProjectRequest;
use super::{Error, Result};
use shisetsu::cost::{CostModel, preset_text};
use shisetsu::input::{Disk, Recorder};
use shisetsu::inventory::Inventory;
use shisetsu::money::Yen;
use shisetsu::projection::Projection;
use shisetsu::render;
use shisetsu::run::{BatchItem, run_batch};
use shisetsu::scenario;
use std::path::PathBuf;

use super::args::{
    Cli, Command, CompareArgs, CsvArgs, ExplainArgs, Format, GenerateArgs, ImportArgs, KarteArgs,
    MergeArgs, ModelArgs, MonteCarloArgs, OptimizeArgs, ProjectArgs, ReportArgs, ReportFormat,
    RunArgs, SourceKind, Unit, ValidateArgs,
};
use super::{emit, emit_bytes, error};
use shisetsu::messages::Lang as Language;
use shisetsu::msg;

/// The languages of a run: `ui` for messages and terminal tables, `docs` for the report,
/// workbooks and 施設カルテ.
#[derive(Clone, Copy, Debug)]
pub struct Langs {
    /// Messages, diagnostics and terminal tables.
    pub ui: Language,
    /// Documents: Japanese unless `--lang en` (the plans they stand beside are Japanese).
    pub docs: Language,
}

impl Langs {
    /// `--lang` when given (for everything), else the environment's language for messages and
    /// Japanese for documents.
    pub fn of(asked: Option<Language>) -> Langs {
        match asked {
            Some(l) => Langs { ui: l, docs: l },
            None => Langs {
                ui: super::environment_lang(),
                docs: Language::Ja,
            },
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli, langs: Langs) -> Result<ExitCode> {
    match cli.command {
        None => main_job(langs),
        Some(Command::Project(a)) => project(a, langs),
        Some(Command::Run(a)) => run_scenarios(a, langs),
        Some(Command::Compare(a)) => compare(a, langs),
        Some(Command::Explain(a)) => explain(a, langs),
        Some(Command::Report(a)) => report(a, langs),
        Some(Command::Montecarlo(a)) => montecarlo(a, langs),
        Some(Command::Optimize(a)) => optimize(a, langs),
        Some(Command::Karte(a)) => karte(a, langs),
        Some(Command::Validate(a)) => validate(a, langs),
        Some(Command::Merge(a)) => merge(a, langs),
        Some(Command::Generate(a)) => generate(a),
        Some(Command::Model(a)) => model(a, langs),
        Some(Command::Import(a)) => import(a, langs),
    }
}

fn main_job(langs: Langs) -> Result<ExitCode> {
    let items = shisetsu::builtin::main_job();
    emit(&render::run::main_job(&items, langs.ui))?;
    report_failures(&items, langs)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the errors of the files that failed (the others' results are already out) and returns
/// the last as the error, so the exit status is 2.
fn report_failures(items: &[BatchItem], langs: Langs) -> Result<()> {
    let mut failed: Vec<&shisetsu::Error> = items
        .iter()
        .filter_map(|i| i.result.as_ref().err())
        .collect();
    let Some(last) = failed.pop() else {
        return Ok(());
    };
    for e in failed {
        error(&e.render(langs.ui), langs.ui);
    }
    Err(Error::Rendered(last.render(langs.ui)))
}

/// The scenario files named by paths (files, or folders of them); at least one.
fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        files.extend(scenario_files_at(p)?);
    }
    if files.is_empty() {
        return Err(Error::Usage(msg!(NoScenarioFiles)));
    }
    Ok(files)
}

/// The scenario files at `path`: the file itself, or a folder's `*.toml` files in name order.
fn scenario_files_at(path: &Path) -> Result<Vec<PathBuf>> {
    if path.join("inventory.toml").is_file() {
        return Err(Error::Usage(msg!(
            InventoryNotScenarios,
            path = path.display()
        )));
    }
    if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| shisetsu::Error::read(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        v.sort();
        Ok(v)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

fn run_scenarios(a: RunArgs, langs: Langs) -> Result<ExitCode> {
    let csv = csv_options(&a.csv, a.format)?;
    workbook_needs_a_file(a.format, a.output.as_deref())?;
    let files = scenario_files(&a.paths)?;
    if let Some(out) = &a.output {
        let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        refuse_overwriting_input(out, &inputs)?;
    }
    let read = Recorder::new(&Disk);
    if let Some(shard) = &a.shard {
        return run_shard(&a, shard, csv, &files, &read, langs);
    }
    let items = run_batch(&files, &read);
    let bytes = match a.format {
        Format::Table => render::run::batch_table(&items, langs.ui).into_bytes(),
        Format::Csv => render::run::batch_csv(&items, csv),
        // Written as it goes, below.
        Format::CsvFacilities => Vec::new(),
        Format::Json => render::json::to_text(&render::json::run(&items)).into_bytes(),
        Format::Xlsx => batch_workbook(&items, langs.docs)?,
    };
    // A file is written only when some scenario ran; the errors go to standard error either way.
    if a.output.is_none() || items.iter().any(|i| i.result.is_ok()) {
        let named: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        if matches!(a.format, Format::CsvFacilities) {
            let outcomes: Vec<_> = items
                .iter()
                .filter_map(|i| i.result.as_ref().ok())
                .collect();
            let printed: Vec<_> = outcomes
                .iter()
                .map(|o| render::printed::Printed::of(&o.projection))
                .collect();
            let tables = outcomes
                .par_iter()
                .zip(printed.par_iter())
                .map(|(o, p)| {
                    let costs = shisetsu::explain::by_facility_sparse(&o.scenario)?;
                    Ok(render::csv::PrintedFacilities::of(costs, p))
                })
                .collect::<shisetsu::Result<Vec<_>>>()?;
            write_facilities(a.output.as_deref(), &named, &read, &tables, csv)?;
        } else {
            write_output(a.output.as_deref(), &named, &read, &bytes)?;
        }
    }
    report_failures(&items, langs)?;
    let over = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .any(|o| o.projection.meets_cap() == Some(false));
    if a.fail_over_cap && over {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `run --shard I/N`: runs the shard's files and writes its part.
fn run_shard(
    a: &RunArgs,
    shard: &str,
    csv: render::csv::Csv,
    files: &[PathBuf],
    read: &Recorder<'_>,
    langs: Langs,
) -> Result<ExitCode> {
    use shisetsu::shard::{PartFormat, Shard};
    let shard = Shard::parse(shard)
        .ok_or_else(|| Error::Usage(msg!(OptionShard, text = format!("{shard:?}"))))?;
    let format = match a.format {
        Format::Json => PartFormat::Json,
        Format::Csv => PartFormat::Csv,
        Format::CsvFacilities => PartFormat::CsvFacilities,
        Format::Table | Format::Xlsx => {
            return Err(Error::Usage(msg!(ShardFormat)));
        }
    };
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let taken: Vec<usize> = (0..files.len()).filter(|&k| shard.takes(k)).collect();
    let chosen: Vec<PathBuf> = taken.iter().map(|&k| files[k].clone()).collect();
    let items = run_batch(&chosen, read);
    let part = shisetsu::shard::part(shard, format, csv, &names, &items, &|k| taken[k])?;
    let named: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let bytes = render::json::to_text(&part).into_bytes();
    write_output(a.output.as_deref(), &named, read, &bytes)?;
    report_failures(&items, langs)?;
    Ok(ExitCode::SUCCESS)
}

/// `merge`: the parts of a sharded run put back together.
fn merge(a: MergeArgs, langs: Langs) -> Result<ExitCode> {
    use shisetsu::shard::AnyPart;
    let mut runs = Vec::new();
    let mut draws = Vec::new();
    for p in &a.parts {
        let name = p.display().to_string();
        match shisetsu::shard::read_part(p)? {
            AnyPart::Run(part) => runs.push((name, part)),
            AnyPart::MonteCarlo(part) => draws.push((name, part)),
        }
    }
    if !runs.is_empty() && !draws.is_empty() {
        return Err(Error::Usage(msg!(PartsMixed)));
    }
    if !draws.is_empty() {
        return merge_montecarlo(&a, &draws, langs);
    }
    let merged = shisetsu::shard::merge(&runs)?;
    let read = Recorder::new(&Disk);
    if a.output.is_none() || merged.any_ran {
        let named: Vec<&Path> = a.parts.iter().map(PathBuf::as_path).collect();
        write_output(a.output.as_deref(), &named, &read, &merged.bytes)?;
    }
    let mut errors = merged.errors;
    if let Some(last) = errors.pop() {
        // The parts keep their errors as the shards wrote them.
        for e in errors {
            error(&e, langs.ui);
        }
        return Err(Error::Rendered(last));
    }
    if a.fail_over_cap && merged.over_cap {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `merge` of Monte Carlo parts: the analysis from every shard's runs, rendered as asked.
fn merge_montecarlo(
    a: &MergeArgs,
    parts: &[(String, shisetsu::shard::MonteCarloPart)],
    langs: Langs,
) -> Result<ExitCode> {
    let merged = shisetsu::shard::merge_montecarlo(parts)?;
    let read = Recorder::new(&Disk);
    let path = PathBuf::from(&merged.scenario);
    let s = scenario::load(&path, &read, &scenario::Cache::new())?;
    let m = shisetsu::montecarlo::from_runs(&s, merged.settings, merged.runs)?;
    let text = if merged.format == "json" {
        render::json::to_text(&render::json::montecarlo(&m))
    } else {
        render::montecarlo::table(&m, langs.ui)
    };
    let mut named: Vec<&Path> = a.parts.iter().map(PathBuf::as_path).collect();
    named.push(&path);
    write_output(a.output.as_deref(), &named, &read, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A workbook is a file, not text for a terminal: `--format xlsx` needs `--output`.
fn workbook_needs_a_file(format: Format, output: Option<&Path>) -> Result<()> {
    if format == Format::Xlsx && output.is_none() {
        return Err(Error::Usage(msg!(XlsxNeedsOutput)));
    }
    Ok(())
}

/// The workbook of the runs of a batch that succeeded: each with its actions and its costs by
/// facility.
fn batch_workbook(items: &[BatchItem], lang: render::report::Lang) -> Result<Vec<u8>> {
    let ok: Vec<&shisetsu::run::Outcome> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .collect();
    let ledgers = shisetsu::ledger::ledgers(items)?;
    let costs = ok
        .par_iter()
        .map(|o| shisetsu::explain::by_facility(&o.scenario))
        .collect::<shisetsu::Result<Vec<_>>>()?;
    let plans: Vec<render::xlsx::Plan<'_>> = ok
        .iter()
        .zip(&ledgers)
        .zip(&costs)
        .map(|((o, l), c)| render::xlsx::Plan {
            projection: &o.projection,
            outcome: Some(o),
            ledger: Some(l),
            facilities: Some(c),
        })
        .collect();
    Ok(render::xlsx::workbook(&plans, lang)?)
}

fn load_and_run(
    path: &Path,
    files: &dyn shisetsu::input::FileSource,
    cache: &scenario::Cache,
) -> Result<shisetsu::run::Outcome> {
    let s = scenario::load(path, files, cache)?;
    Ok(shisetsu::run::run(&s)?)
}

fn compare(a: CompareArgs, langs: Langs) -> Result<ExitCode> {
    let (cache, read) = (scenario::Cache::new(), Recorder::new(&Disk));
    let (x, y) = (
        load_and_run(&a.a, &read, &cache)?,
        load_and_run(&a.b, &read, &cache)?,
    );
    let c = render::printed::comparison(
        &shisetsu::compare::compare(&x.projection, &y.projection)?,
        &render::printed::Printed::of(&x.projection),
        &render::printed::Printed::of(&y.projection),
    );
    let text = match a.format {
        ReportFormat::Table => render::run::comparison_table(&c, langs.ui),
        ReportFormat::Json => render::json::to_text(&render::json::comparison(&c)),
    };
    write_output(
        a.output.as_deref(),
        &[a.a.as_path(), a.b.as_path()],
        &read,
        text.as_bytes(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn explain(a: ExplainArgs, langs: Langs) -> Result<ExitCode> {
    let read = Recorder::new(&Disk);
    let o = load_and_run(&a.scenario, &read, &scenario::Cache::new())?;
    let year = parse_year("--year", &a.year)?;
    let e = shisetsu::explain::explain(&o.scenario, year).map_err(|e| match e {
        shisetsu::Error::YearOutsidePlan { .. } => {
            Error::Usage(msg!(OptionYear, error = e.message()))
        }
        e => e.into(),
    })?;
    let text = match a.format {
        ReportFormat::Table => render::run::explanation_table(&e, a.top, langs.ui),
        ReportFormat::Json => {
            let year = (e.year - o.projection.horizon().first().get()) as usize;
            let printed = render::printed::Printed::of(&o.projection);
            render::json::to_text(&render::json::explanation(&e, printed.cells(year)))
        }
    };
    write_output(
        a.output.as_deref(),
        &[a.scenario.as_path()],
        &read,
        text.as_bytes(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn montecarlo(a: MonteCarloArgs, langs: Langs) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let read = Recorder::new(&Disk);
    let s = scenario::load(&a.scenario, &read, &scenario::Cache::new())?;
    let settings = shisetsu::montecarlo::Settings {
        runs: a.runs,
        seed: a.seed,
    };
    // A progress bar on a terminal, nothing when standard error is piped.
    let shard = a
        .shard
        .as_deref()
        .map(|text| {
            shisetsu::shard::Shard::parse(text)
                .ok_or_else(|| Error::Usage(msg!(OptionShard, text = format!("{text:?}"))))
        })
        .transpose()?;
    let drawn = shard.map_or(a.runs, |s| s.runs(a.runs).len() as u32);
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(u64::from(drawn));
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let progress = |done: u32| {
        if let Some(b) = &bar {
            b.set_position(u64::from(done));
        }
    };
    let runs_error = |e| match e {
        shisetsu::Error::Runs { runs, max } => Error::Usage(msg!(OptionRuns, runs, max)),
        e => e.into(),
    };
    if let Some(shard) = shard {
        let results = shisetsu::montecarlo::run_part(&s, settings, shard.runs(a.runs), &progress)
            .map_err(runs_error)?;
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        let format = match a.format {
            ReportFormat::Table => "table",
            ReportFormat::Json => "json",
        };
        let part = shisetsu::shard::MonteCarloPart::new(
            shard,
            a.scenario.display().to_string(),
            settings,
            format,
            &results,
        );
        let bytes = render::json::to_text(&part).into_bytes();
        write_output(a.output.as_deref(), &[a.scenario.as_path()], &read, &bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    let m = shisetsu::montecarlo::run(&s, settings, &progress).map_err(runs_error)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let text = match a.format {
        ReportFormat::Table => render::montecarlo::table(&m, langs.ui),
        ReportFormat::Json => render::json::to_text(&render::json::montecarlo(&m)),
    };
    write_output(
        a.output.as_deref(),
        &[a.scenario.as_path()],
        &read,
        text.as_bytes(),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn optimize(a: OptimizeArgs, langs: Langs) -> Result<ExitCode> {
    use rust_decimal::Decimal;
    use shisetsu::optimize::{Backend, Event, Limits, Request};
    use std::io::IsTerminal;
    use std::str::FromStr;
    let cap = a.cap.as_deref().map(parse_cap).transpose()?;
    let confidence = a
        .confidence
        .as_deref()
        .map(|t| {
            Decimal::from_str(t.trim())
                .ok()
                .filter(|c| *c > Decimal::ZERO && *c < Decimal::ONE)
                .ok_or_else(|| Error::Usage(msg!(OptionConfidence, t = format!("{t:?}"))))
        })
        .transpose()?;
    let time = a
        .time_limit
        .map(|t| {
            (t.is_finite() && t > 0.0)
                .then(|| std::time::Duration::from_secs_f64(t))
                .ok_or_else(|| Error::Usage(msg!(OptionTimeLimit, t = t.to_string())))
        })
        .transpose()?;
    if a.nodes == 0 {
        return Err(Error::Usage(msg!(OptionNodes)));
    }
    let backend = match a.solver {
        Some(super::args::Solver::Microlp) => Backend::Microlp,
        Some(super::args::Solver::Highs) => Backend::Highs,
        None => Backend::default_available(),
    };
    let mut inputs = vec![a.base.as_path()];
    inputs.extend(a.candidates.as_deref());
    refuse_overwriting_input(&a.output, &inputs)?;
    let command = std::iter::once("shisetsu".to_string())
        .chain(std::env::args().skip(1))
        .map(|w| {
            if w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:,".contains(c))
            {
                w
            } else {
                format!("'{w}'")
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let req = Request {
        base: a.base.clone(),
        output: a.output.clone(),
        candidates: a.candidates.clone(),
        cap,
        confidence,
        montecarlo: shisetsu::montecarlo::Settings {
            runs: a.runs,
            seed: a.seed,
        },
        limits: Limits {
            time,
            nodes: a.nodes,
            gap: 1e-9,
        },
        backend,
        frontier: a.frontier.unwrap_or(0),
        alternatives: a.alternatives,
        marginal: true,
        command,
    };
    // Progress on a terminal (stage, incumbent, bound, gap, elapsed, which ticks on through a long
    // solve); nothing when piped.
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} [{elapsed}] {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(200));
        b
    });
    let emit = |e: Event| {
        let Some(b) = &bar else { return };
        match e {
            Event::Stage(s) => b.set_message(s.render(langs.ui)),
            Event::Solver(p) => {
                let gap = match (p.incumbent, p.bound) {
                    (Some(i), Some(bd)) => {
                        format!("{:.2}%", 100.0 * (i - bd).abs() / i.abs().max(1e-9))
                    }
                    _ => "–".into(),
                };
                let line = msg!(
                    OptProgressSolver,
                    nodes = p.nodes,
                    incumbent = p.incumbent.map_or("–".into(), |v| format!("{v:.6}")),
                    bound = p.bound.map_or("–".into(), |v| format!("{v:.6}")),
                    gap
                );
                b.set_message(line.render(langs.ui));
            }
        }
    };
    let read = Recorder::new(&Disk);
    let result = shisetsu::optimize::optimize(&req, &read, &emit);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let o = result?;
    let weights = match &a.candidates {
        Some(p) => {
            let base = scenario::load(&a.base, &read, &scenario::Cache::new())?;
            shisetsu::optimize::candidates::Candidates::load(p, &read, &base)?.weights
        }
        None => shisetsu::service::Weights::default(),
    };
    let mut named: Vec<&Path> = vec![a.base.as_path()];
    named.extend(a.candidates.as_deref());
    let mut written = None;
    let mut alternative_files = Vec::new();
    if o.found.plan.is_some() {
        write_output(Some(&a.output), &named, &read, o.text.as_bytes())?;
        written = Some(a.output.display().to_string());
        for (k, alt) in o.alternatives.iter().enumerate() {
            let stem = a
                .output
                .file_stem()
                .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
            let path = a
                .output
                .with_file_name(format!("{stem}.alt-{}.toml", k + 1));
            write_output(Some(&path), &named, &read, alt.text.as_bytes())?;
            alternative_files.push(path.display().to_string());
        }
    }
    let text = match a.format {
        ReportFormat::Table => render::optimize::table(
            &o,
            &weights,
            written.as_deref(),
            &alternative_files,
            langs.ui,
        ),
        ReportFormat::Json => {
            serde_json::to_string_pretty(&render::optimize::json(&o, &weights, &alternative_files))
                .map(|t| t + "\n")
                .map_err(|e| {
                    // Foreign: the JSON writer's words.
                    let reason = shisetsu::messages::Message::foreign(e.to_string());
                    Error::Usage(msg!(CannotWriteJson, reason))
                })?
        }
    };
    super::emit(&text)?;
    if o.found.plan.is_none() {
        return Err(Error::Usage(msg!(NoPlanFound)));
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a command's output to `output` (atomically), or to standard output. The output may not
/// replace any file the command read: those named on its command line, or read on the way (an
/// inventory's tables, a cost model and its bases, an included scenario).
fn write_output(
    output: Option<&Path>,
    named: &[&Path],
    read: &Recorder<'_>,
    bytes: &[u8],
) -> Result<()> {
    let Some(path) = output else {
        return Ok(emit_bytes(bytes)?);
    };
    let recorded = read.paths();
    let mut inputs: Vec<&Path> = named.to_vec();
    inputs.extend(recorded.iter().map(PathBuf::as_path));
    refuse_overwriting_input(path, &inputs)?;
    Ok(shisetsu::atomic::write_atomic(path, bytes)?)
}

/// Writes costs by facility as CSV to `output` (whole or not at all) or standard output, as it
/// goes, with a progress bar on a terminal (nothing when standard error is piped).
fn write_facilities(
    output: Option<&Path>,
    named: &[&Path],
    read: &Recorder<'_>,
    tables: &[render::csv::PrintedFacilities<'_>],
    csv: render::csv::Csv,
) -> Result<()> {
    use std::io::{IsTerminal, Write};
    let n_rows: usize = tables.iter().map(|t| t.n_rows()).sum();
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(n_rows as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} facilities {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let mut progress = |done: u64| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    };
    let mut body = |w: &mut dyn Write| {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        render::csv::write_facilities(tables, csv, &mut w, &mut progress)?;
        w.flush()
    };
    let written = match output {
        None => match body(&mut std::io::stdout().lock()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(shisetsu::Error::Write {
                path: "standard output".into(),
                source: e,
            }),
            _ => Ok(()),
        },
        Some(path) => {
            let recorded = read.paths();
            let mut inputs: Vec<&Path> = named.to_vec();
            inputs.extend(recorded.iter().map(PathBuf::as_path));
            refuse_overwriting_input(path, &inputs)?;
            shisetsu::atomic::write_atomic_with(path, &mut body)
        }
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    Ok(written?)
}

fn project(a: ProjectArgs, langs: Langs) -> Result<ExitCode> {
    let cap = a.cap.as_deref().map(parse_cap).transpose()?;
    if let Some(out) = &a.output {
        let mut inputs = vec![a.inventory.as_path()];
        inputs.extend(a.scenario.as_deref());
        refuse_overwriting_input(out, &inputs)?;
    }
    let request = ProjectRequest {
        inventory: a.inventory.clone(),
        model: a.model.clone(),
        from: a
            .from
            .as_deref()
            .map(|y| parse_year("--from", y))
            .transpose()?,
        years: a.years,
        cap,
        scenario: a.scenario.clone(),
    };
    let csv = csv_options(&a.csv, a.format)?;
    workbook_needs_a_file(a.format, a.output.as_deref())?;
    let read = Recorder::new(&Disk);
    let folder = a.inventory.is_dir();
    let bytes = match (a.format, &a.scenario) {
        (Format::Xlsx, Some(_)) => {
            let o = request.run_scenario(&read)?;
            let ledger = shisetsu::ledger::ledger(&o.scenario)?;
            let costs = shisetsu::explain::by_facility(&o.scenario)?;
            render::xlsx::workbook(
                &[render::xlsx::Plan {
                    projection: &o.projection,
                    outcome: Some(&o),
                    ledger: Some(&ledger),
                    facilities: Some(&costs),
                }],
                langs.docs,
            )?
        }
        (Format::Xlsx, None) => {
            // A folder's facilities make the 施設別 sheet; a buildings CSV is streamed and has
            // none worth a sheet (every building is its own facility).
            let p = request.run(&read)?;
            let costs = if folder {
                Some(shisetsu::explain::by_facility(&request.scenario(&read)?)?)
            } else {
                None
            };
            render::xlsx::workbook(
                &[render::xlsx::Plan {
                    projection: &p,
                    outcome: None,
                    ledger: None,
                    facilities: costs.as_ref(),
                }],
                langs.docs,
            )?
        }
        (Format::CsvFacilities, None) if !folder => {
            // A buildings CSV as it is: read compact, priced by building in parallel chunks,
            // never loaded as a whole inventory.
            let (buildings, model, plan) = request.buildings(&read)?;
            let projection = buildings.project(&model, plan)?;
            let printed = render::printed::Printed::of(&projection);
            drop(projection);
            let costs = buildings.costs(&model, plan)?;
            let tables = [render::csv::PrintedFacilities::of_buildings(
                &buildings, costs, plan, &printed,
            )];
            write_facilities(
                a.output.as_deref(),
                &[a.inventory.as_path()],
                &read,
                &tables,
                csv,
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        (Format::CsvFacilities, _) => {
            // As run (with the renewals leveling moves), printed as the projection prints, kept
            // sparse and written as it goes (a national inventory's table is large).
            let o = shisetsu::run::run(&request.scenario(&read)?)?;
            let costs = shisetsu::explain::by_facility_sparse(&o.scenario)?;
            let printed = render::printed::Printed::of(&o.projection);
            let tables = [render::csv::PrintedFacilities::of(costs, &printed)];
            let mut named = vec![a.inventory.as_path()];
            named.extend(a.scenario.as_deref());
            write_facilities(a.output.as_deref(), &named, &read, &tables, csv)?;
            return Ok(ExitCode::SUCCESS);
        }
        (format, Some(_)) => projection_bytes(
            format,
            csv,
            &request.run_scenario(&read)?.projection,
            langs.ui,
        ),
        (format, None) => projection_bytes(format, csv, &request.run(&read)?, langs.ui),
    };
    let mut named = vec![a.inventory.as_path()];
    named.extend(a.scenario.as_deref());
    write_output(a.output.as_deref(), &named, &read, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn projection_bytes(
    format: Format,
    csv: render::csv::Csv,
    p: &Projection,
    lang: shisetsu::messages::Lang,
) -> Vec<u8> {
    match format {
        Format::Csv => render::csv::projection(p, csv),
        Format::Json => render::json::to_text(&render::json::projection(p)).into_bytes(),
        Format::Table | Format::CsvFacilities | Format::Xlsx => {
            render::table::projection(p, lang).into_bytes()
        }
    }
}

/// The CSV options; `--unit` and `--excel` are refused with any other format, rather than ignored.
fn csv_options(a: &CsvArgs, format: Format) -> Result<render::csv::Csv> {
    let is_csv = matches!(format, Format::Csv | Format::CsvFacilities);
    if !is_csv && (a.unit.is_some() || a.excel) {
        return Err(Error::Usage(msg!(CsvOptionsOnly)));
    }
    Ok(render::csv::Csv {
        unit: match a.unit.unwrap_or(Unit::Yen) {
            Unit::Yen => render::csv::Unit::Yen,
            Unit::Sen => render::csv::Unit::Sen,
            Unit::Oku => render::csv::Unit::Oku,
        },
        excel: a.excel,
    })
}

fn report(a: ReportArgs, langs: Langs) -> Result<ExitCode> {
    let files = scenario_files(&a.paths)?;
    let mut inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    inputs.extend(a.frontier.as_deref());
    refuse_overwriting_input(&a.output, &inputs)?;
    let xlsx = a
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx && a.frontier.is_some() {
        return Err(Error::Usage(msg!(FrontierHtmlOnly)));
    }
    // The frontier is read before any scenario runs: a bad file is reported at once.
    let frontier = a
        .frontier
        .as_deref()
        .map(shisetsu::optimize::frontier::read)
        .transpose()?;
    let read = Recorder::new(&Disk);
    let items = run_batch(&files, &read);
    // A report with nothing in it is not written; one with some scenarios that failed lists them
    // and the exit status says so.
    if items.iter().any(|i| i.result.is_ok()) {
        let lang = langs.docs;
        let bytes = if xlsx {
            batch_workbook(&items, lang)?
        } else {
            let peaks = shisetsu::explain::peak_years(&items)?;
            let ledgers = shisetsu::ledger::ledgers(&items)?;
            render::report::html_with_frontier(&items, &peaks, &ledgers, frontier.as_ref(), lang)
                .into_bytes()
        };
        write_output(Some(&a.output), &inputs, &read, &bytes)?;
    }
    report_failures(&items, langs)?;
    Ok(ExitCode::SUCCESS)
}

fn karte(a: KarteArgs, langs: Langs) -> Result<ExitCode> {
    let lang = langs.docs;
    refuse_overwriting_input(&a.output, &[a.path.as_path()])?;
    let read = Recorder::new(&Disk);
    // A scenario file runs under its plan; an inventory is taken as it is.
    let scenario = if a.path.extension().is_some_and(|e| e == "toml") {
        scenario::load(&a.path, &read, &scenario::Cache::new())?
    } else {
        ProjectRequest {
            inventory: a.path.clone(),
            model: None,
            from: None,
            years: None,
            cap: None,
            scenario: None,
        }
        .scenario(&read)?
    };
    let o = shisetsu::run::run(&scenario)?;
    let ledger = (!o.scenario.actions().is_empty())
        .then(|| shisetsu::ledger::ledger(&o.scenario))
        .transpose()?;
    let book =
        shisetsu::karte::kartes(&o, ledger.as_ref(), &a.facilities).map_err(|e| match e {
            shisetsu::Error::UnknownFacility {
                id,
                inventory,
                example,
            } => Error::Usage(msg!(OptionFacility, id, inventory, example)),
            e => e.into(),
        })?;
    let bytes = if a
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        render::karte::workbook(&o, &book, ledger.as_ref(), lang)?
    } else {
        render::karte::html(&o, &book, ledger.as_ref(), lang).into_bytes()
    };
    write_output(Some(&a.output), &[a.path.as_path()], &read, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn validate(a: ValidateArgs, langs: Langs) -> Result<ExitCode> {
    let lang = langs.ui;
    let mut failed = Vec::new();
    for path in &a.paths {
        let outcome = if path.is_dir() {
            Inventory::load(path).and_then(|inv| {
                // The inventory's own model (else mic), checked with it: what it does not count
                // of the inventory is said here too.
                let model = match &inv.model {
                    Some(own) => CostModel::load(own, &inv.dir())?,
                    None => CostModel::preset("mic")?,
                };
                let mut by_grade = [0usize; 4];
                for b in &inv.buildings {
                    if let Some(c) = b.condition {
                        by_grade[c.grade().index()] += 1;
                    }
                }
                let surveyed: usize = by_grade.iter().sum();
                let mut text = msg!(
                    ValidateOkInventory,
                    facilities = inv.facilities.len(),
                    buildings = inv.buildings.len(),
                    surveyed,
                    a = by_grade[0],
                    b = by_grade[1],
                    c = by_grade[2],
                    d = by_grade[3],
                    districts = inv.districts.len(),
                    roads = inv.roads.len()
                )
                .render(lang);
                let with_cost = inv
                    .facilities
                    .iter()
                    .filter(|f| f.operating_yen.is_some())
                    .count();
                text.push_str(&not_counted_note(&model, with_cost).render(lang));
                for (f, users, capacity) in inv.over_capacity() {
                    text.push_str(
                        &msg!(
                            ValidateOverCapacity,
                            id = &f.id,
                            line = f.line,
                            users,
                            capacity
                        )
                        .render(lang),
                    );
                }
                Ok(text)
            })
        } else if path.extension().is_some_and(|e| e == "toml") && scenario::is_scenario_file(path)
        {
            scenario::load(path, &Disk, &scenario::Cache::new()).map(|s| {
                let with_cost = s
                    .inventory()
                    .facilities
                    .iter()
                    .filter(|f| f.operating_yen.is_some())
                    .count();
                msg!(
                    ValidateOkScenario,
                    name = format!("{:?}", s.name()),
                    actions = s.actions().len(),
                    inventory = &s.inventory().name,
                    note = not_counted_note(s.model(), with_cost)
                )
                .render(lang)
            })
        } else if path.extension().is_some_and(|e| e == "toml") {
            CostModel::load(&path.to_string_lossy(), Path::new(""))
                .map(|m| msg!(ValidateOkModel, name = format!("{:?}", m.name())).render(lang))
        } else {
            shisetsu::projection::Aggregate::from_buildings_csv(path).and_then(|agg| {
                // A buildings CSV is projected under mic unless a model is given.
                let mic = CostModel::preset("mic")?;
                Ok(msg!(
                    ValidateOkBuildings,
                    buildings = agg.n_buildings,
                    note = not_counted_note(&mic, agg.n_actual_operating)
                )
                .render(lang))
            })
        };
        match outcome {
            Ok(summary) => emit(&msg!(ValidateOk, path = path.display(), summary).render(lang))?,
            Err(e) => failed.push(e),
        }
    }
    if failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let n = failed.len();
    for e in &failed[..n - 1] {
        error(&e.render(lang), lang);
    }
    Err(failed
        .pop()
        .map_or(Error::Usage(msg!(ValidationFailed)), Error::from))
}

/// The note `validate` adds when facilities give an actual operating cost that the model does not
/// count (nothing otherwise).
fn not_counted_note(model: &CostModel, facilities: usize) -> shisetsu::messages::Message {
    match shisetsu::projection::NotCountedWhy::of(model) {
        Some(why) if facilities > 0 => msg!(
            NotCountedNote,
            facilities,
            model = format!("{:?}", model.name()),
            why = why.text()
        ),
        _ => msg!(Nothing),
    }
}

fn generate(a: GenerateArgs) -> Result<ExitCode> {
    const MAX: u64 = 100_000_000;
    if a.buildings == 0 || a.buildings > MAX {
        return Err(Error::Usage(msg!(
            OptionBuildings,
            n = a.buildings,
            max = MAX
        )));
    }
    let csv = a.output.extension().is_some_and(|e| e == "csv");
    let taken = if csv {
        a.output.exists()
    } else {
        std::fs::read_dir(&a.output).is_ok_and(|mut d| d.next().is_some())
    };
    if taken && !a.force {
        let path = a.output.display();
        return Err(Error::Usage(if csv {
            msg!(OutputFileExists, path)
        } else {
            msg!(OutputFolderExists, path)
        }));
    }
    if csv {
        if a.facilities.is_some() {
            return Err(Error::Usage(msg!(FacilitiesForFolder)));
        }
        shisetsu::synth::write_buildings_csv(&a.output, a.buildings, a.seed)?;
    } else {
        let m = a.facilities.unwrap_or(a.buildings.div_ceil(2));
        shisetsu::synth::write_inventory(&a.output, a.buildings, m, a.seed).map_err(
            |e| match e {
                shisetsu::Error::Facilities {
                    facilities,
                    buildings,
                } => Error::Usage(msg!(OptionFacilities, facilities, buildings)),
                e => e.into(),
            },
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A per-source option given once for all sources or once per source, in order.
fn per_source<T: Clone>(values: &[T], n: usize, option: &str) -> Result<Vec<Option<T>>> {
    match values.len() {
        0 => Ok(vec![None; n]),
        1 => Ok(vec![Some(values[0].clone()); n]),
        k if k == n => Ok(values.iter().cloned().map(Some).collect()),
        k => Err(Error::Usage(msg!(PerSource, option, k, n))),
    }
}

fn import(a: ImportArgs, langs: Langs) -> Result<ExitCode> {
    use shisetsu::import::{self, Kind};
    let n = a.sources.len();
    let kinds = per_source(&a.kind, n, "--kind")?;
    let sheets = per_source(&a.sheet, n, "--sheet")?;
    let sources: Vec<import::Source> = a
        .sources
        .iter()
        .zip(kinds)
        .zip(sheets)
        .map(|((path, kind), sheet)| import::Source {
            path: path.clone(),
            kind: match kind {
                None | Some(SourceKind::Auto) => None,
                Some(SourceKind::Ledger) => Some(Kind::Ledger),
                Some(SourceKind::FacilityList) => Some(Kind::FacilityList),
                Some(SourceKind::Buildings) => Some(Kind::Buildings),
                Some(SourceKind::Districts) => Some(Kind::Districts),
            },
            // A sheet named for all sources applies to workbooks only.
            sheet: sheet.filter(|s| {
                s != "-"
                    && (a.sheet.len() > 1
                        || path.extension().is_some_and(|e| {
                            let e = e.to_string_lossy().to_ascii_lowercase();
                            matches!(e.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
                        }))
            }),
        })
        .collect();
    for s in &sources {
        // A folder, a FIFO or a device is refused when it is read, naming what it is.
        if !s.path.exists() {
            return Err(Error::Usage(msg!(NoSuchFile, path = s.path.display())));
        }
    }
    // The output folder: not an input's, and not someone's folder unless --force.
    let out = &a.output;
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::Usage(msg!(OutputNotFolder, path = out.display())));
        }
        let inside = |p: &Path| match (p.canonicalize(), out.canonicalize()) {
            (Ok(p), Ok(o)) => p.starts_with(o),
            _ => false,
        };
        if sources.iter().any(|s| inside(&s.path)) || a.mapping.as_deref().is_some_and(inside) {
            return Err(Error::Usage(msg!(OutputHoldsInput, path = out.display())));
        }
        let empty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
        if !empty && !a.force {
            return Err(Error::Usage(msg!(OutputNotEmpty, path = out.display())));
        }
    }
    let request = import::Request {
        sources,
        mapping: a.mapping.clone(),
        group_by: a.group_by.clone(),
        strict: a.strict,
        default_name: out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "imported".into()),
        lang: langs.ui,
    };
    let imported = import::import(&request)?;
    import::write_folder(out, &imported, a.force)?;
    let r = &imported.report;
    let m = &r.summary;
    let sources = if n == 1 {
        msg!(SourcesOne, n)
    } else {
        msg!(SourcesMany, n)
    };
    let assumptions = if m.source_assumptions == 1 {
        msg!(AssumptionsOne, n = m.source_assumptions)
    } else {
        msg!(AssumptionsMany, n = m.source_assumptions)
    };
    emit(
        &msg!(
            Imported,
            sources,
            path = out.display(),
            name = &r.name,
            facilities = m.facilities,
            buildings = m.buildings,
            area = shisetsu::money::group_thousands(&m.floor_area_m2),
            districts = m.districts,
            used = m.rows_used,
            merged = m.rows_merged,
            skipped = m.rows_skipped,
            assumed = m.rows_assumed,
            assumptions,
            report = out.join("import-report.md").display()
        )
        .render(langs.ui),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn model(a: ModelArgs, _langs: Langs) -> Result<ExitCode> {
    if let Some(text) = preset_text(&a.model) {
        emit(text)?;
    } else {
        let m = CostModel::load(&a.model, Path::new(""))?;
        emit(&render::table::model(&m))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a cap as files take it ([`shisetsu::money::parse_yen`]: `5580000000`, `5,580,000,000`,
/// `55.8億`, `55.8億円`): whole yen, not negative.
fn parse_cap(text: &str) -> Result<Yen> {
    let d = shisetsu::money::parse_yen(text)
        .filter(|d| !d.is_sign_negative())
        .ok_or_else(|| Error::Usage(msg!(CapNotAmount, text = format!("{text:?}"))))?;
    if !d.fract().is_zero() {
        return Err(Error::Usage(msg!(
            CapNotWhole,
            text = format!("{text:?}"),
            yen = d.normalize()
        )));
    }
    Ok(Yen::new(d))
}

/// Reads a fiscal year as files take it (`2022`, `R4`, `令和4年`).
fn parse_year(option: &str, text: &str) -> Result<i32> {
    shisetsu::units::parse_year(text)
        .map(|y| y.get())
        .map_err(|e| {
            Error::Usage(msg!(
                OptionYearValue,
                option,
                text = format!("{text:?}"),
                error = e.message()
            ))
        })
}

/// An output file must not be one of the inputs.
fn refuse_overwriting_input(output: &Path, inputs: &[&Path]) -> Result<()> {
    // An output that does not exist yet is placed by its folder: it may still be a table of an
    // inventory folder (an infrastructure.csv the inventory does not have yet).
    let out = output.canonicalize().ok().or_else(|| {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(output.file_name()?))
    });
    for input in inputs {
        const TABLES: [&str; 6] = [
            "inventory.toml",
            "facilities.csv",
            "buildings.csv",
            "districts.csv",
            "roads.csv",
            "infrastructure.csv",
        ];
        let same = match (&out, input.canonicalize().ok()) {
            (Some(o), Some(i)) if i.is_dir() => {
                o.parent() == Some(i.as_path())
                    && o.file_name()
                        .is_some_and(|n| TABLES.iter().any(|t| n == *t))
            }
            (Some(o), Some(i)) => *o == i,
            _ => false,
        };
        if same {
            return Err(Error::Usage(msg!(RefuseOverwrite, path = output.display())));
        }
    }
    Ok(())
}
