//! The catalogue: every message in English and Japanese, by id. English is the text the program
//! has always printed, byte for byte; Japanese is written in the register of municipal documents
//! (である体), with the terms Japanese asset-management plans use (更新, 大規模改修, 延床面積 …).
//! Ids, keys, file names and values stay as they are in both.
//!
//! To add a message: add an entry here (an id, its English, its Japanese, the same `{names}` in
//! both), and make it with `msg!(Id, name = value)`; `tests` check every entry and every use.

use super::Lang;

/// One entry of the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Its id.
    pub id: Id,
    /// The id's name, as the sources write it.
    pub name: &'static str,
    /// The English template.
    pub en: &'static str,
    /// The Japanese template.
    pub ja: &'static str,
}

macro_rules! catalogue {
    ($($id:ident: $en:literal => $ja:literal;)*) => {
        /// A message of the catalogue; each variant's documentation is its English template.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links, rustdoc::bare_urls)]
        pub enum Id {
            $(#[doc = concat!("`", $en, "`")] $id,)*
        }

        /// Every entry, in the catalogue's order.
        pub const ENTRIES: &[Entry] = &[$(Entry { id: Id::$id, name: stringify!($id), en: $en, ja: $ja },)*];

        impl Id {
            /// Its template in `lang`.
            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Id::$id, Lang::En) => $en, (Id::$id, Lang::Ja) => $ja,)*
                }
            }

            /// Its name, as the sources write it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Id::$id => stringify!($id),)*
                }
            }
        }
    };
}

catalogue! {
    // ── Text of other programs, shown as it is ──
    Foreign: "{text}" => "{text}";

    // ── Diagnostics as a whole ──
    MoreProblems: "… and {n} more problems" => "… ほか {n} 件の問題";
    ProblemsFound: "{n} problems found" => "問題が {n} 件ある";
    ErrorPrefix: "error: {message}" => "エラー: {message}";

    // ── Values: what is wrong with one (the predicate of "<value> …") ──
    IsEmpty: "is empty" => "が空欄である";
    IsNotANumber: "is not a number" => "は数値ではない";
    IsNegative: "is negative" => "は負である";
    IsZero: "is zero" => "は0である";
    TooManyDecimals: "has more than {kept} decimal places" => "は小数点以下が{kept}桁を超える";
    IsTooLarge: "is too large" => "は大きすぎる";
    IsNotWhole: "is not a whole number" => "は整数ではない";
    IsNotAYear: "is not a year (write 1975, or 昭和50 / S50)" => "は年ではない（1975、または 昭和50 / S50 のように書く）";
    IsNotWholeYear: "is not a whole year" => "は整数の年ではない";
    YearOutOfRange: "{year} is outside {min}–{max} (a two-digit or era year needs its era, e.g. S50)" => "{year} は {min}〜{max} の範囲外である（2桁の年や和暦の年には元号が要る。例: S50）";
    PastEra: "does not exist: {era} ended in its {ordinal} year ({year})" => "は存在しない: {era}は{number}年（{year}年）で終わっている";

    // ── The library's errors ──
    CannotRead: "{path}: cannot read: {reason}" => "{path}: 読み込めない: {reason}";
    CannotWrite: "{path}: cannot write: {reason}" => "{path}: 書き込めない: {reason}";
    OverflowIn: "{context}: beyond the exact range of amounts (a projection adds up to at most 10^28 yen)" => "{context}: 金額が正確に扱える範囲を超えている（推計の合計は 10^28 円まで）";
    Scoped: "{scope}: {what}" => "{scope}: {what}";
    YearOutsidePlan: "{year} is outside the plan of {scenario} (FY{first}–FY{last})" => "{year} 年度は {scenario} の計画期間（{first}〜{last} 年度）の外である";
    RunsOutside: "{runs} runs: give 1 to {max}" => "試行回数 {runs}: 1 から {max} までを指定すること";
    FacilitiesOutside: "{facilities} facilities: give between 1 and the number of buildings ({buildings})" => "施設数 {facilities}: 1 から建物数（{buildings}）までを指定すること";
    UnknownPreset: "unknown cost-model preset {name} (presets: {presets})" => "費用モデルのプリセット {name} はない（プリセット: {presets}）";
    UnknownChains: "deterioration {name}: neither a preset (default) nor an existing file" => "劣化推移 {name}: プリセット（default）でも既存のファイルでもない";
    DifferentYears: "{a} covers FY{a_first}–FY{a_last} but {b} covers FY{b_first}–FY{b_last}: compare projections of the same years" => "{a} は {a_first}〜{a_last} 年度、{b} は {b_first}〜{b_last} 年度を対象としている。同じ期間の推計を比較すること";
    WorkbookCannot: "workbook: {reason}" => "Excelブック: {reason}";
    UnknownFacility: "no facility {id} in {inventory} (its ids are like {example})" => "{inventory} に施設 {id} はない（施設IDの例: {example}）";
    FolderNotEmpty: "{path}: the folder is not empty" => "{path}: フォルダが空ではない";
    FolderHoldsOthers: "{path}: the folder holds files that are not an inventory's ({names}); write into a new or empty folder" => "{path}: フォルダに施設台帳以外のファイルがある（{names}）。新しいフォルダか空のフォルダに書き出すこと";
    Internal: "internal error: {what}" => "内部エラー: {what}";
    Nothing: "" => "";
    WhatOperating: "operating" => "運営費";
    WhatDemolition: "demolition" => "解体費";
    WhatConstruction: "construction" => "建設費";
    WhatDeterministicPart: "the deterministic part of the runs" => "試行の確定的な部分";
    WhatRenewalOf: "{location}: renewal of {category} (in {scenario})" => "{location}: {category} の更新（{scenario}）";
    WhatDraws: "{unit_cost} and {escalation}: the draws of run {run} take FY{year} of {scenario} beyond the exact range" => "{unit_cost} と {escalation}: 試行 {run} の抽出値により {scenario} の {year} 年度が正確に扱える範囲を超える";
    WhatEscalated: ", at {factor} times base-year prices ({location})" => "、基準年度価格の {factor} 倍（{location}）";
    WhatAmount: "{location}: {kind} of {category} in FY{year} of {scenario}{escalated}" => "{location}: {scenario} の {year} 年度の {category} の {kind}{escalated}";
    WhatCompound: "{location}: prices compound beyond the exact range over the plan of {scenario}" => "{location}: {scenario} の計画期間中に価格の複利計算が正確に扱える範囲を超える";
    WhatProceeds: "sale proceeds (proceeds_yen)" => "売却収入（proceeds_yen）";
    WhatAvoided: "renewal avoided before closures" => "廃止前に回避された更新費";
    WhatLeveling: "{location}: an amount of FY{year} of {scenario} at base-year prices (for leveling)" => "{location}: {scenario} の {year} 年度の基準年度価格による金額（平準化のため）";
    CellTooLarge: "{whole} yen is more than a spreadsheet cell holds exactly (2^53)" => "{whole} 円は表計算のセルが正確に保持できる値（2^53）を超える";
    SheetTooLong: "the {sheet} sheet would have more rows than a sheet holds ({max}): use CSV (--format csv or csv-facilities) for an inventory this large" => "{sheet} シートの行数がシートの上限（{max}）を超える。この規模の施設台帳にはCSV（--format csv または csv-facilities）を用いること";

    // ── The command line: each command's summary (its `--help` is English, with this Japanese
    //    line at its foot) ──
    HelpMain: "public-facility asset management; with no command, the main job on Kanuma" => "公共施設マネジメント。コマンドを省くと、鹿沼市の全シナリオを年間上限と比較する";
    HelpProject: "Project an inventory's yearly maintenance and renewal cost" => "施設の維持管理・更新費を年度ごとに推計する";
    HelpRun: "Run scenario files in parallel and judge each against the cap" => "シナリオを並列に実行し、それぞれを年間上限と比較して判定する";
    HelpCompare: "Compare two scenarios year by year, by category and by kind" => "二つのシナリオを年度別・施設分類別・費用区分別に比較する";
    HelpExplain: "Show which buildings and actions make up one year's cost" => "ある年度の費用を構成する建物と方策を大きい順に示す";
    HelpReport: "Write one self-contained HTML report or workbook of scenarios" => "シナリオの報告書（HTML）またはExcelブックを作成する";
    HelpMontecarlo: "Monte Carlo: percentiles of each year's cost and the probability of going over the cap" => "モンテカルロ法により各年度の費用の分位点と上限超過の確率を求める";
    HelpKarte: "施設カルテ: one printable A4 page per facility" => "施設カルテ（施設ごとにA4判1ページ）を作成する";
    HelpGenerate: "Write a synthetic inventory of any size, the same for the same seed" => "任意の規模の合成施設台帳を作成する（同じシードからは同じ台帳）";
    HelpValidate: "Check inventories and cost-model files, listing every problem" => "施設台帳・費用モデル・シナリオを検査し、すべての問題を列挙する";
    HelpImport: "Import a city's own files into an inventory folder" => "市の固定資産台帳・公共施設一覧等を施設台帳フォルダに取り込む";
    HelpModel: "Print a cost-model preset with its sources, or a cost-model file's values" => "費用モデルのプリセット（出典付き）または費用モデルファイルの値を表示する";

    // ── The command line: its own messages ──
    NoScenarioFiles: "no scenario files (*.toml) found" => "シナリオファイル（*.toml）が見つからない";
    InventoryNotScenarios: "{path}: an inventory folder, not a folder of scenarios (`shisetsu project {path}` projects it as it is)" => "{path}: シナリオのフォルダではなく施設台帳のフォルダである（現状のまま推計するには `shisetsu project {path}`）";
    NoScenarioToRun: "no scenario to run" => "実行するシナリオがない";
    TomlNotInventory: "{path}: a TOML file is not an inventory; for a scenario, give its inventory and --scenario {path} (or run it: shisetsu run {path})" => "{path}: TOMLファイルは施設台帳ではない。シナリオであれば、その施設台帳と --scenario {path} を指定すること（または shisetsu run {path} で実行する）";
    ScenarioOwnModel: "--scenario {path}: a scenario names its own cost model and plan; write them in the scenario instead of --model, --from or --years" => "--scenario {path}: シナリオは自らの費用モデルと計画を定める。--model、--from、--years ではなくシナリオに書くこと";
    ScenarioOtherInventory: "--scenario {path}: it applies to the inventory {its}, not {given}" => "--scenario {path}: このシナリオの対象は施設台帳 {its} であり、{given} ではない";
    FromImplausible: "--from {y}: not a plausible fiscal year" => "--from {y}: 年度としてありえない値である";
    NoPlan: "this inventory has no plan: give the first fiscal year with --from YEAR (and --years N, default 40)" => "この施設台帳には計画がない。--from YEAR で初年度を指定すること（--years N も指定できる。既定は40）";
    YearsOutside: "--years {n}: a horizon is 1–200 years and ends by {max}" => "--years {n}: 期間は1〜200年で、{max}年までに終わること";
    CsvOptionsOnly: "--unit and --excel apply to CSV output (--format csv or csv-facilities)" => "--unit と --excel はCSV出力（--format csv または csv-facilities）に用いる";
    XlsxNeedsOutput: "--format xlsx writes a workbook: give --output FILE.xlsx" => "--format xlsx はExcelブックを書き出す。--output FILE.xlsx を指定すること";
    OptionYear: "--year {error}" => "--year: {error}";
    OptionRuns: "--runs {runs}: give 1 to {max}" => "--runs {runs}: 1 から {max} までを指定すること";
    OptionFacility: "--facility {id}: no such facility in {inventory} (its ids are like {example})" => "--facility {id}: {inventory} にこの施設はない（施設IDの例: {example}）";
    ValidateOkInventory: "{facilities} facilities, {buildings} buildings ({surveyed} with a condition: A {a} B {b} C {c} D {d}), {districts} districts, {roads} road links" => "施設 {facilities}、建物 {buildings} 棟（劣化度判定あり {surveyed} 棟: A {a} B {b} C {c} D {d}）、地区 {districts}、道路区間 {roads}";
    ValidateOverCapacity: "\n  warning: facility {id} (line {line} of the facilities table): {users} annual users exceed its capacity of {capacity} (capacity is in users a year, as annual_users, for its main function)" => "\n  警告: 施設 {id}（施設表の {line} 行目）: 年間利用者数 {users} が定員 {capacity} を超えている（定員は annual_users と同じく主たる機能の年間利用者数である）";
    ValidateOkScenario: "scenario {name}: {actions} actions on {inventory}{note}" => "シナリオ {name}: {inventory} に対する方策 {actions} 件{note}";
    ValidateOkModel: "cost model {name}" => "費用モデル {name}";
    ValidateOkBuildings: "{buildings} buildings{note}" => "建物 {buildings} 棟{note}";
    ValidateOk: "ok: {path}: {summary}\n" => "正常: {path}: {summary}\n";
    ValidationFailed: "validation failed" => "検査で問題が見つかった";
    NotCountedNote: "\n  note: operating_cost_yen of {facilities} facilities is not counted under the cost model {model}: {why}" => "\n  注: 施設 {facilities} 件の operating_cost_yen は費用モデル {model} では計上されない。{why}";
    OptionBuildings: "--buildings {n}: give 1 to {max}" => "--buildings {n}: 1 から {max} までを指定すること";
    OutputFileExists: "--output {path}: the file already exists; give --force to replace it" => "--output {path}: ファイルが既にある。置き換えるには --force を指定すること";
    OutputFolderExists: "--output {path}: a non-empty folder already exists; give --force to replace it" => "--output {path}: 空でないフォルダが既にある。置き換えるには --force を指定すること";
    FacilitiesForFolder: "--facilities applies to a folder; a buildings CSV has one facility per building" => "--facilities はフォルダ出力に用いる。建物CSVでは建物ごとに一つの施設となる";
    OptionFacilities: "--facilities {facilities}: give between 1 and the number of buildings ({buildings})" => "--facilities {facilities}: 1 から建物数（{buildings}）までを指定すること";
    PerSource: "{option} is given {k} times for {n} sources: give it once for all, or once per source in order" => "{option} が {n} 個の入力に対して {k} 回指定されている。全体に1回、または入力ごとに順に1回ずつ指定すること";
    NoSuchFile: "{path}: no such file" => "{path}: ファイルがない";
    OutputNotFolder: "--output {path}: exists and is not a folder" => "--output {path}: 既にあり、フォルダではない";
    OutputHoldsInput: "--output {path}: an input is inside this folder; write the inventory elsewhere" => "--output {path}: このフォルダの中に入力ファイルがある。施設台帳は別の場所に書き出すこと";
    OutputNotEmpty: "--output {path}: the folder exists and is not empty; give --force to replace it" => "--output {path}: フォルダが既にあり空ではない。置き換えるには --force を指定すること";
    Imported: "imported {sources} into {path} ({name}): {facilities} facilities, {buildings} buildings ({area} m²), {districts} districts\nrows: {used} used, {merged} merged, {skipped} skipped, {assumed} with an assumption; {assumptions}; the report: {report}\n" => "{sources}を {path}（{name}）に取り込んだ: 施設 {facilities}、建物 {buildings} 棟（{area} m²）、地区 {districts}\n行: 採用 {used}、統合 {merged}、除外 {skipped}、仮定あり {assumed}。{assumptions}。報告書: {report}\n";
    SourcesOne: "{n} source" => "{n} 個の入力";
    SourcesMany: "{n} sources" => "{n} 個の入力";
    AssumptionsOne: "{n} assumption about whole sources" => "入力全体に関する仮定 {n} 件";
    AssumptionsMany: "{n} assumptions about whole sources" => "入力全体に関する仮定 {n} 件";
    CapNotAmount: "--cap {text}: not an amount (5580000000, 5,580,000,000 or 55.8億)" => "--cap {text}: 金額ではない（5580000000、5,580,000,000 または 55.8億 のように書く）";
    CapNotWhole: "--cap {text}: not a whole number of yen ({yen} yen)" => "--cap {text}: 円単位の整数ではない（{yen} 円）";
    OptionYearValue: "{option} {text} {error}" => "{option} {text}: {error}";
    RefuseOverwrite: "--output {path}: refusing to overwrite an input" => "--output {path}: 入力ファイルは上書きしない";
}
