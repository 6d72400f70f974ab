//! The arguments, as clap parses them. Values are checked and converted in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use shisetsu::messages::Id;

/// shisetsu (施設): public-facility asset management. Projects the yearly cost of maintaining and
/// renewing a city's facilities with the ministry's method (総務省 更新費用試算ソフト), exact to the
/// yen, and judges it against the management plan's cap.
///
/// With no command, runs the main job on the built-in Kanuma (鹿沼市) inventory.
#[derive(Debug, Parser)]
#[command(name = "shisetsu", version, max_term_width = 100, after_help = ja(Id::HelpMain))]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of messages, tables and documents. Default: from LC_ALL, LC_MESSAGES or LANG (ja
    /// for ja_*, else en); the report, workbooks and 施設カルテ are Japanese unless --lang en.
    #[arg(long, global = true, value_enum, value_name = "ja|en")]
    pub lang: Option<Lang>,
}

/// A command's Japanese summary line, for the foot of its `--help` (which is otherwise English).
fn ja(id: Id) -> String {
    id.template(shisetsu::messages::Lang::Ja).to_string()
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Project an inventory's yearly maintenance and renewal cost.
    #[command(after_help = ja(Id::HelpProject))]
    Project(ProjectArgs),
    /// Run scenario files (or folders of them) in parallel and judge each against the cap.
    #[command(after_help = ja(Id::HelpRun))]
    Run(RunArgs),
    /// Compare two scenarios year by year, by category and by kind (B − A).
    #[command(after_help = ja(Id::HelpCompare))]
    Compare(CompareArgs),
    /// Show which buildings and actions make up one year's cost of a scenario, largest first.
    #[command(after_help = ja(Id::HelpExplain))]
    Explain(ExplainArgs),
    /// Write one self-contained HTML report (SVG charts, exact yen tables) of scenario files or
    /// folders of them, for finance and printed plans.
    #[command(after_help = ja(Id::HelpReport))]
    Report(ReportArgs),
    /// Monte Carlo: percentiles of each year's cost and the probability of going over the cap.
    #[command(after_help = ja(Id::HelpMontecarlo))]
    Montecarlo(MonteCarloArgs),
    /// Choose which facilities to close, merge or hand over, and when (with life extensions and
    /// renewal moves), so that every year meets the cap with the least loss of service; write the
    /// plan as a scenario file.
    #[command(after_help = ja(Id::HelpOptimize))]
    Optimize(OptimizeArgs),
    /// Put the parts written by `run --shard` or `montecarlo --shard` back together: the bytes the
    /// whole run would have written.
    #[command(after_help = ja(Id::HelpMerge))]
    Merge(MergeArgs),
    /// 施設カルテ: one printable A4 page per facility (buildings, users, costs per user and per
    /// m², renewals, what a scenario does to it), as HTML or an Excel workbook.
    #[command(after_help = ja(Id::HelpKarte))]
    Karte(KarteArgs),
    /// Write a synthetic inventory (a buildings CSV, or a folder with facilities, districts and
    /// roads) of any size, the same for the same seed.
    #[command(after_help = ja(Id::HelpGenerate))]
    Generate(GenerateArgs),
    /// Check inventories (folders or buildings CSVs) and cost-model files, listing every problem.
    #[command(after_help = ja(Id::HelpValidate))]
    Validate(ValidateArgs),
    /// Import a city's own files (固定資産台帳, 公共施設一覧, buildings tables; CSV, xlsx, xls, ods)
    /// into an inventory folder, with a report of what every row became.
    #[command(after_help = ja(Id::HelpImport))]
    Import(ImportArgs),
    /// Print a cost-model preset with its sources, or the resolved values of a cost-model file.
    #[command(after_help = ja(Id::HelpModel))]
    Model(ModelArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people (amounts in 億円).
    Table,
    /// CSV: one row per year × kind × category (long format, for pivot tables).
    Csv,
    /// CSV: one row per facility × year × kind with a cost (long format, for audit).
    CsvFacilities,
    /// JSON: `shisetsu/projection/1` from `project`, `shisetsu/run/1` from `run` (money as whole-yen
    /// decimal strings).
    Json,
    /// An Excel workbook (needs --output): a summary, a sheet per scenario with its yearly table,
    /// chart and actions, and long tables by category and by facility for pivot tables.
    Xlsx,
}

/// `shisetsu project`.
#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// An inventory folder (with inventory.toml) or a buildings CSV
    /// (id,name,category,floor_area_m2,built_year).
    pub inventory: PathBuf,
    /// Project this scenario (a file naming this inventory) instead of the inventory as it is. It
    /// names its own model and plan, so --model, --from and --years do not apply; --cap overrides
    /// its cap.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Cost model: a preset (mic, long-life, condition) or a cost-model TOML file. Default: the inventory's own
    /// model, else mic.
    #[arg(long, value_name = "mic|long-life|condition|FILE")]
    pub model: Option<String>,
    /// First fiscal year (2022, R4, 令和4年). Default: the inventory's plan (required for a
    /// buildings CSV).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<String>,
    /// Number of years. Default: the inventory's plan, else 40.
    #[arg(long, value_name = "N")]
    pub years: Option<u32>,
    /// Annual cap in yen (5580000000, 5,580,000,000 or 55.8億). Default: the inventory's plan.
    #[arg(long, value_name = "YEN")]
    pub cap: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// CSV options.
    #[command(flatten)]
    pub csv: CsvArgs,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Units of CSV amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Unit {
    /// Yen.
    Yen,
    /// 千円 (thousand yen), three decimals.
    Sen,
    /// 億円 (hundred million yen), eight decimals.
    Oku,
}

/// Options of CSV output.
#[derive(Debug, Args)]
pub struct CsvArgs {
    /// Unit of CSV amounts (always the exact whole-yen amount, in that unit) [default: yen].
    #[arg(long, value_enum)]
    pub unit: Option<Unit>,
    /// CSV for Excel: UTF-8 with a byte order mark and CRLF line ends.
    #[arg(long)]
    pub excel: bool,
}

/// Languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Japanese (fiscal years with 和暦 in documents).
    Ja,
    /// English.
    En,
}

/// `shisetsu report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario files, or folders whose *.toml files are scenarios.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The file to write (atomically): FILE.html for the report, FILE.xlsx for the workbook of
    /// `--format xlsx`.
    #[arg(long, short, value_name = "FILE.html|FILE.xlsx")]
    pub output: PathBuf,
    /// The optimizer's frontier to draw (cap against service loss): the JSON
    /// `shisetsu optimize BASE --output PLAN.toml --frontier N --format json` prints. HTML only.
    #[arg(long, value_name = "OPTIMIZE.json")]
    pub frontier: Option<PathBuf>,
}

/// `shisetsu karte`.
#[derive(Debug, Args)]
pub struct KarteArgs {
    /// An inventory folder (or buildings CSV), for its facilities as they are; or a scenario file,
    /// for its facilities under the plan.
    pub path: PathBuf,
    /// Only this facility (repeat for several, in the order given). Default: every facility.
    #[arg(long = "facility", value_name = "ID")]
    pub facilities: Vec<String>,
    /// The file to write (atomically): FILE.html, or FILE.xlsx for a workbook.
    #[arg(long, short, value_name = "FILE.html|FILE.xlsx")]
    pub output: PathBuf,
}

/// `shisetsu run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files, or folders whose *.toml files are scenarios.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format (CSV: every scenario's year × kind × category rows).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// CSV options.
    #[command(flatten)]
    pub csv: CsvArgs,
    /// Exit with status 1 when a scenario goes over the cap in any year.
    #[arg(long)]
    pub fail_over_cap: bool,
    /// Run only shard I of N (1 ≤ I ≤ N) of the scenario files (every N-th file, from the I-th)
    /// and write a part (JSON) for `shisetsu merge`, which gives the bytes of the whole run; for
    /// --format json, csv or csv-facilities.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `shisetsu merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The parts written by `shisetsu run --shard I/N` (or `montecarlo --shard I/N`), one per
    /// shard, in any order.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Exit with status 1 when a scenario goes over the cap in any year.
    #[arg(long)]
    pub fail_over_cap: bool,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `compare` and `explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table for people.
    Table,
    /// JSON.
    Json,
}

/// `shisetsu compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario A.
    pub a: PathBuf,
    /// Scenario B.
    pub b: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `shisetsu explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A scenario file.
    pub scenario: PathBuf,
    /// The fiscal year to explain (2030, R12, 令和12年).
    #[arg(long, value_name = "YEAR")]
    pub year: String,
    /// Show only the largest N contributors (the rest are summed).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `shisetsu generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of buildings.
    #[arg(long, value_name = "N")]
    pub buildings: u64,
    /// Random seed: the same seed gives the same inventory.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Number of facilities (folder output; default: one per two buildings).
    #[arg(long, value_name = "M")]
    pub facilities: Option<u64>,
    /// A path ending in .csv for a single buildings CSV; otherwise an inventory folder.
    #[arg(long, short, value_name = "DIR_OR_CSV")]
    pub output: PathBuf,
    /// Replace the CSV, or the inventory folder (a folder holding only an inventory's files), if it
    /// already exists; without it, an existing file or non-empty folder is an error: it may be
    /// someone's inventory. A folder with other files is never replaced.
    #[arg(long)]
    pub force: bool,
}

/// `shisetsu montecarlo`.
#[derive(Debug, Args)]
pub struct MonteCarloArgs {
    /// A scenario file.
    pub scenario: PathBuf,
    /// Number of runs.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub runs: u32,
    /// Seed: the same seed gives the same result, at any number of threads.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Draw only shard I of N (1 ≤ I ≤ N) of the runs (the I-th of N equal ranges) and write a
    /// part (JSON) for `shisetsu merge`, which gives the bytes of the whole analysis.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `shisetsu validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Inventory folders, buildings CSVs, cost-model TOML files or scenario TOML files (a TOML file
    /// with `inventory` or `actions` is a scenario).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Kinds of import source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SourceKind {
    /// Told by the source's columns.
    Auto,
    /// A fixed-asset ledger (固定資産台帳): one row per asset.
    Ledger,
    /// A facility list (公共施設一覧): names, kinds, addresses, coordinates.
    FacilityList,
    /// A buildings table (id,name,category,floor_area_m2,built_year): each building its own facility.
    Buildings,
    /// Districts (地区) with centres (緯度, 経度) and population.
    Districts,
}

/// `shisetsu import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Source files: CSV (UTF-8, UTF-16 or Shift_JIS), .xlsx, .xls or .ods.
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// The inventory folder to write (whole or not at all).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// A mapping file (TOML): 用途 names, column names, name joins, structures, the plan.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// The kind of each source: once for all, or once per source in order [default: auto].
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Vec<SourceKind>,
    /// The sheet to read: once for all workbooks, or once per source in order (`-`: the first
    /// sheet with a recognisable header, the default).
    #[arg(long, value_name = "NAME")]
    pub sheet: Vec<String>,
    /// Group ledger rows into facilities by this column (a header as written), instead of
    /// 施設番号, 施設名 or 所在地.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// Refuse every assumption (a category read from a name, a close name match, a default
    /// detour factor …): each becomes an error.
    #[arg(long)]
    pub strict: bool,
    /// Replace the output folder if it exists and is not empty.
    #[arg(long)]
    pub force: bool,
}

/// `shisetsu model`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// A preset name (mic, long-life, condition) or a cost-model TOML file.
    pub model: String,
}

/// Solvers of `optimize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Solver {
    /// microlp, pure Rust (always built in).
    Microlp,
    /// HiGHS (in binaries built with `--features highs`).
    Highs,
}

/// `shisetsu optimize`.
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// The base scenario: its actions are kept, the optimizer adds to them.
    pub base: PathBuf,
    /// The plan to write (atomically): an ordinary scenario file that includes the base.
    #[arg(long, short, value_name = "PLAN.toml")]
    pub output: PathBuf,
    /// A candidates file (default: candidates generated for every facility; see
    /// scenarios/README.md).
    #[arg(long, value_name = "FILE")]
    pub candidates: Option<PathBuf>,
    /// Annual cap in yen (5580000000, 5,580,000,000 or 55.8億). Default: the plan's.
    #[arg(long, value_name = "YEN")]
    pub cap: Option<String>,
    /// Meet the cap in every year in at least this share of Monte Carlo runs (e.g. 0.9), with the
    /// draws of `shisetsu montecarlo --runs --seed`.
    #[arg(long, value_name = "P")]
    pub confidence: Option<String>,
    /// Monte Carlo runs for --confidence.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub runs: u32,
    /// Monte Carlo seed for --confidence.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Stop the search this many seconds after the start (pricing included; every solve gets what
    /// is left) and return the best plan with its gap (the result then depends on the machine's
    /// speed; without it the search has a fixed budget of nodes). HiGHS looks at the limit
    /// between its own steps, so a run can end somewhat past a short limit.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// The solver's budget of branch-and-bound nodes per solve (deterministic).
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub nodes: u64,
    /// Also solve N caps, from the least reachable found to the base's highest year, for the
    /// frontier of cap against service loss (--time-limit is shared between them).
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "8")]
    pub frontier: Option<u32>,
    /// Also find the N next-best distinct plans (written next to the plan as NAME.alt-K.toml).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub alternatives: u32,
    /// The solver [default: highs when built in, else microlp].
    #[arg(long, value_enum)]
    pub solver: Option<Solver>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}
