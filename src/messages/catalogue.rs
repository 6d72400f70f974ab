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
            pub const fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Id::$id, Lang::En) => $en, (Id::$id, Lang::Ja) => $ja,)*
                }
            }

            /// Its name, as the sources write it.
            pub const fn name(self) -> &'static str {
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
    ValueIs: "{value} {what}" => "{value} は{what}";
    IsEmpty: "is empty" => "空欄である";
    IsNotANumber: "is not a number" => "数値ではない";
    IsNegative: "is negative" => "負である";
    IsZero: "is zero" => "0である";
    TooManyDecimals: "has more than {kept} decimal places" => "小数点以下が{kept}桁を超える";
    IsTooLarge: "is too large" => "大きすぎる";
    IsNotWhole: "is not a whole number" => "整数ではない";
    IsNotAYear: "is not a year (write 1975, or 昭和50 / S50)" => "年ではない（1975、または 昭和50 / S50 のように書く）";
    IsNotWholeYear: "is not a whole year" => "整数の年ではない";
    YearOutOfRange: "{year} is outside {min}–{max} (a two-digit or era year needs its era, e.g. S50)" => "範囲外である（{year} は {min}〜{max} の外。2桁の年や和暦の年には元号が要る。例: S50）";
    PastEra: "does not exist: {era} ended in its {ordinal} year ({year})" => "存在しない（{era}は{number}年、すなわち{year}年で終わっている）";
    Implausible: "{value} is implausibly large" => "{value} は大きすぎて現実的でない";

    // ── Reading text and CSV ──
    FileEmpty: "file is empty" => "ファイルが空である";
    UnclosedQuote: "unclosed quote: a field opened with \" here never closes" => "引用符が閉じていない: ここで \" により始まるフィールドが終わらない";
    AfterQuote: "text after a closing quote; a quoted field must end at a comma or the line end (write \"\" for a quote inside a field)" => "閉じ引用符の後に文字がある。引用符で囲んだフィールドはカンマか行末で終わること（フィールド内の引用符は \"\" と書く）";
    CapToml: "a TOML file" => "TOMLファイル";
    CapTable: "an inventory table" => "施設台帳の表";
    CapSource: "an import source" => "取込みの入力";
    CapBuildingsCsv: "a buildings CSV" => "建物CSV";
    FileChanged: "the file changed while it was read ({len} bytes when opened, {read} then); read it again once nothing is writing it" => "読込み中にファイルが変更された（開いた時点で {len} バイト、その後 {read} バイト）。書込みが終わってから読み直すこと";
    NotRegular: "not a regular file ({what}): shisetsu reads files, not folders, pipes or devices" => "通常のファイルではない（{what}）。shisetsu が読むのはファイルであり、フォルダ・パイプ・デバイスではない";
    FileTooLarge: "the file is {size}; at most {cap} of {what} is read" => "ファイルの大きさは {size} である。{what}は {cap} までしか読まない";
    AFifo: "a FIFO" => "FIFO";
    ACharDevice: "a character device" => "キャラクタデバイス";
    ABlockDevice: "a block device" => "ブロックデバイス";
    ASocket: "a socket" => "ソケット";
    AFolder: "a folder" => "フォルダ";
    ASymlink: "a symbolic link" => "シンボリックリンク";
    ARegularFile: "a regular file" => "通常のファイル";
    NotAFile: "not a file" => "ファイルではない";
    ZipNotCsv: "this is a zip archive (an .xlsx workbook?), not CSV text; save the sheet as CSV (UTF-8 or Shift_JIS)" => "これはZIPアーカイブ（.xlsx のブック？）であり、CSVテキストではない。シートをCSV（UTF-8 または Shift_JIS）で保存すること";
    InvalidByte: "not UTF-8 or Shift_JIS text: invalid byte 0x{byte}; save the file as CSV (UTF-8 or Shift_JIS)" => "UTF-8 でも Shift_JIS でもないテキストである: 不正なバイト 0x{byte}。CSV（UTF-8 または Shift_JIS）で保存すること";
    BomNotUtf8: "the file starts with a UTF-8 byte-order mark but byte 0x{byte} is not UTF-8" => "ファイルは UTF-8 のバイト順マークで始まるが、バイト 0x{byte} は UTF-8 ではない";
    MixedUtf8Later: "line {utf8} is UTF-8 but line {other} is not: the file mixes encodings (UTF-8 and Shift_JIS?); save it in one encoding" => "{utf8} 行目は UTF-8 だが {other} 行目はそうではない: 文字コードが混在している（UTF-8 と Shift_JIS？）。一つの文字コードで保存すること";
    MixedOtherLater: "line {other} is not UTF-8 but line {utf8} is: the file mixes encodings (UTF-8 and Shift_JIS?); save it in one encoding" => "{other} 行目は UTF-8 ではないが {utf8} 行目は UTF-8 である: 文字コードが混在している（UTF-8 と Shift_JIS？）。一つの文字コードで保存すること";
    BomNotUtf16: "the file starts with a UTF-16 byte-order mark but is not valid UTF-16" => "ファイルは UTF-16 のバイト順マークで始まるが、正しい UTF-16 ではない";
    BinaryData: "binary data (control byte 0x{byte}): this is not a CSV text file" => "バイナリデータである（制御文字 0x{byte}）。CSVテキストファイルではない";
    ColumnTwice: "column appears twice in the header" => "見出し行に同じ列が2回ある";
    SameColumn: "{a} and {b} name the same column; keep one" => "{a} と {b} は同じ列を指している。一方のみ残すこと";
    MissingColumn: "missing column (the header has: {names}){hint}" => "列がない（見出し行にある列: {names}）{hint}";
    LooksSemicolon: "; the header looks semicolon-separated: shisetsu reads comma-separated CSV" => "。見出し行はセミコロン区切りに見えるが、shisetsu が読むのはカンマ区切りのCSVである";
    LooksTab: "; the header looks tab-separated: shisetsu reads comma-separated CSV" => "。見出し行はタブ区切りに見えるが、shisetsu が読むのはカンマ区切りのCSVである";
    LooksPipe: "; the header looks pipe-separated: shisetsu reads comma-separated CSV" => "。見出し行は縦線区切りに見えるが、shisetsu が読むのはカンマ区切りのCSVである";
    Ragged: "row has {got} fields but the header has {width} (a comma inside a value must be quoted)" => "行のフィールド数は {got} だが見出し行は {width} である（値の中のカンマは引用符で囲むこと）";

    // ── TOML files ──
    TomlSyntax: "TOML syntax: {detail}" => "TOMLの構文: {detail}";
    UnknownField: "unknown field {field}, {expected}" => "未知のキー {field}（{expected}）";
    UnknownVariant: "unknown variant {variant}, {expected}" => "未知の値 {variant}（{expected}）";
    ExpectedOneOf: "expected one of {list}" => "次のいずれかであること: {list}";
    ExpectedOne: "expected {one}" => "{one} であること";
    NoFieldsHere: "there are no fields" => "ここにキーはない";
    MissingField: "missing field {field}" => "キー {field} がない";
    DuplicateField: "duplicate field {field}" => "キー {field} が重複している";
    InvalidType: "invalid type: {found}, expected {expected}" => "型が違う: {found}（期待される型: {expected}）";
    InvalidValue: "invalid value: {found}, expected {expected}" => "値が不正である: {found}（期待される値: {expected}）";

    // ── Inventory tables: fields ──
    NoBuildings: "a header and no buildings (nothing to project)" => "見出し行のみで建物がない（推計するものがない）";
    NotInventoryFolder: "not an inventory folder: it has no inventory.toml" => "施設台帳のフォルダではない: inventory.toml がない";
    TomlNotUtf8: "a TOML file must be UTF-8 text" => "TOMLファイルは UTF-8 のテキストでなければならない";
    AccessKm: "must be a distance in km between 0 and 1000" => "0〜1000 の距離（km）でなければならない";
    TableOutside: "{display} is outside the inventory folder: tables stay in it (write allow_outside_folder = true under [files] to read tables elsewhere)" => "{display} は施設台帳のフォルダの外にある。表はフォルダ内に置くこと（他の場所の表を読むには [files] に allow_outside_folder = true と書く）";
    DoesNotExist: "{display} does not exist" => "{display} がない";
    NoFacilitiesButBuildings: "a header and no facilities, but there are buildings" => "見出し行のみで施設がないが、建物はある";
    IdIs: "{id} is {what}" => "{id} は{what}";
    NotFacilityId: "not a facility id in the facilities table" => "施設表の施設IDではない";
    NotDistrictId: "not a district id in the districts table" => "地区表の地区IDではない";
    NeitherDistrictNorFacility: "neither a district nor a facility id" => "地区IDでも施設IDでもない";
    DuplicateId: "duplicate id {id} (first on line {first})" => "ID {id} が重複している（最初は {first} 行目）";
    RoadSamePlace: "a road links two different places" => "道路区間は異なる2地点を結ぶものである";
    EmptyAsset: "is empty ({assets})" => "空欄である（{assets}）";
    NotAsset: "{value} is not an infrastructure asset ({assets})" => "{value} はインフラ資産の種別ではない（{assets}）";
    NotBridgeStructure: "{value} is not a bridge structure (pc, rc, steel, stone, wood)" => "{value} は橋梁の構造ではない（pc、rc、steel、stone、wood）";
    NotPipeClass: "{value} is not distribution or transmission" => "{value} は distribution（配水管）でも transmission（導水管・送水管）でもない";
    NotDiameter: "{value} is not a pipe diameter (1–10,000 mm)" => "{value} は管の口径ではない（1〜10,000 mm）";
    DoesNotApply: "does not apply to a {asset} (it takes {described})" => "{asset} には用いない（用いる列: {described}）";
    FootpathBoth: "a road_footpath takes area_m2 or length_m, not both" => "road_footpath には area_m2 か length_m のいずれか一方を記入すること（両方は不可）";
    SewerBoth: "a sewer_pipe is priced by diameter (diameter_mm) or by material (rehabilitated), not both" => "sewer_pipe の単価は口径（diameter_mm）か管種（rehabilitated）のいずれか一方による（両方は不可）";
    PipeNeedsLength: "is empty: a pipe needs its length in m" => "空欄である。管には延長（m）が要る";
    RoadNeedsArea: "is empty: roads and bridges need their area in m²" => "空欄である。道路と橋梁には面積（m²）が要る";
    WaterPipeNeedsDiameter: "is empty: a water pipe needs its diameter (unit costs are by diameter)" => "空欄である。上水道管には口径が要る（単価は口径別である）";
    EmptyCategory: "is empty (categories: {keys})" => "空欄である（施設分類: {keys}）";
    NotBuildingCategory: "{value} is not a building category (use a key or 大分類 name: {keys})" => "{value} は建物の施設分類ではない（キーまたは大分類名を用いる: {keys}）";
    AreaAbsurd: "{value} is absurdly large for one building (at most {max} m²)" => "{value} は1棟の延床面積として過大である（{max} m² まで）";
    AreaZero: "{value} is zero: a building has floor area" => "{value} は0である。建物には延床面積がある";
    YearRequired: "is empty: the year is required" => "空欄である。年は必須である";
    NotStructure: "{value} is not a structure (rc, src, s, w, cb, other, or 鉄筋コンクリート造 …)" => "{value} は構造ではない（rc、src、s、w、cb、other、または 鉄筋コンクリート造 など）";
    NotCondition: "{value} is not a condition (a grade A–D or a 健全度 score 0–100)" => "{value} は劣化状況ではない（A〜Dの評価、または0〜100の健全度）";
    NotGrade: "{value} is not a grade (A, B, C, D)" => "{value} は評価ではない（A、B、C、D）";
    PartGradesAllOrNone: "is empty: give all five part grades, or none" => "空欄である。部位別の評価は5部位すべてを記入するか、いずれも記入しないこと";
    NotDataSource: "{value} is not published or estimated" => "{value} は published（公表）でも estimated（推計）でもない";
    NotFlag: "{value} is not yes/no (true, false, 1, 0)" => "{value} は有無の値ではない（true、false、1、0）";
    ConditionAndParts: "give the condition or the five part grades, not both" => "劣化状況か5部位の評価のいずれか一方を記入すること（両方は不可）";
    BeforeBuilt: "{year} is before the year built {built}" => "{year} は建築年 {built} より前である";

    // ── Scenarios ──
    AreaM2Absurd: "{v} m² is absurd (at most {max})" => "{v} m² は過大である（{max} まで）";
    NotKeyOfAction: "not a key of a {kind} action (it takes: {allowed})" => "{kind} の方策のキーではない（用いるキー: {allowed}）";
    RemovesAll: "removes {area} m² of a {whole} m² building: close the facility instead, or remove less" => "延床面積 {whole} m² の建物から {area} m² を除いている。施設を廃止するか、除く面積を減らすこと";
    RulesNeither: "{name} is neither a preset ({presets}) nor a readable cost-model file next to this one" => "{name} はプリセット（{presets}）でも、このファイルの隣にある読み込める費用モデルファイルでもない";
    NotBuildingCategoryOf: "{value} is not a building category ({keys})" => "{value} は建物の施設分類ではない（{keys}）";
    NoFunctionForCapacity: "the facility has no function for a capacity to apply to (functions in facilities.csv)" => "施設に定員を適用する機能がない（機能は facilities.csv の functions）";
    NoneInPlan: "none in the plan" => "計画期間内にない";
    NoSuchEvent: "building {id} has no {event} starting in {from} (its renewal events: {listed})" => "建物 {id} には {from} 年度に始まる {event} がない（この建物の更新: {listed}）";
    NoFirstYear: "missing: the inventory has no plan, so the scenario must set one" => "ない: 施設台帳に計画がないため、シナリオで定めること";
    IsMissing: "is missing" => "ない";
    NotPlausibleYear: "{y} is not a plausible year" => "{y} は年としてありえない値である";
    YearsOutsideMax: "{n} is outside 1–{max}" => "{n} は 1〜{max} の範囲外である";
    NotWholeYen: "{yen} is not a whole number of yen" => "{yen} は円単位の整数ではない";
    HorizonPast: "FY{first} + {years} years ends after {max}" => "{first} 年度から {years} 年では {max} 年を超える";
    OutsideOneToTwenty: "{n} is outside 1–20" => "{n} は 1〜20 の範囲外である";
    LevelingNoCap: "leveling keeps years under the cap, but the plan has no cap" => "平準化は各年度を上限以下に保つものだが、計画に上限がない";
    OutsideZeroToTwenty: "{n} is outside 0–20" => "{n} は 0〜20 の範囲外である";
    AlreadyFacilityId: "{id} is already a facility id" => "{id} は既に施設IDとして使われている";
    NotItsFunction: "{function} is not one of its functions ({functions})" => "{function} はこの施設の機能ではない（機能: {functions}）";
    MergeCycle: "merges form a cycle: {ids} merge into one another" => "統合が循環している: {ids} が互いに統合される";
    OpensAfterClose: "{id} opens in {opens}, after this closes it in {year}" => "{id} の開設は {opens} 年度であり、この方策による {year} 年度の廃止より後である";
    OpensAfterMerge: "{id} opens in {opens}, after this merge ({year})" => "{id} の開設は {opens} 年度であり、この統合（{year} 年度）より後である";
    MergedAfterClosed: "{id} is merged after it closed: already closed in {y0} by {action}" => "{id} は廃止後に統合されている: 既に {y0} 年度に {action} により廃止されている";
    ClosedTwice: "{id} is closed twice: already closed in {y0} by {action}" => "{id} が2回廃止されている: 既に {y0} 年度に {action} により廃止されている";
    MergeIntoClosed: "{id} is closed in {y0} by {action}, so nothing can merge into it in {year}" => "{id} は {y0} 年度に {action} により廃止されるため、{year} 年度に統合先とすることはできない";
    FacilityClosedBy: "its facility {id} is closed in {y0} by {action}" => "この建物の施設 {id} は {y0} 年度に {action} により廃止されている";
    RemovesWhole: "together with {action} this removes the whole building ({whole} m²)" => "{action} と合わせると建物全体（{whole} m²）を除くことになる";
    AlreadyShifted: "this event is already shifted by {action}" => "この更新は既に {action} により移動されている";
    ScopeOverlaps: "its scope overlaps the life extension of {action}" => "対象が {action} の長寿命化と重なっている";
    OutsidePlan: "{y} is outside the plan (FY{first}–FY{last})" => "{y} は計画期間（{first}〜{last} 年度）の外である";
    NotFacilityOfInventory: "{id} is not a facility id of the inventory{hint}" => "{id} は施設台帳の施設IDではない{hint}";
    NameNotId: " (that is the name of {id}: use its id)" => "（{id} の名称である。IDを用いること）";
    ListedTwice: "{id} is listed twice" => "{id} が2回挙げられている";
    YenImplausible: "{v} yen is implausibly large" => "{v} 円は大きすぎて現実的でない";
    OutsideOneToTen: "{n} is outside 1–10" => "{n} は 1〜10 の範囲外である";
    NotBuildingOfInventory: "{id} is not a building id of the inventory" => "{id} は施設台帳の建物IDではない";
    ActionNeeds: "a {kind} action needs `{k}`" => "{kind} の方策には `{k}` が要る";
    NotEvent: "{written} is not renovation or rebuild" => "{written} は renovation（大規模改修）でも rebuild（建替え）でもない";
    SameYear: "is the same year as from_year" => "from_year と同じ年度である";
    MergedIntoItself: "{id} is merged into itself" => "{id} が自らに統合されている";
    LifeExtensionScope: "a life_extension covers a category or a facility, not both" => "life_extension（長寿命化）の対象は施設分類か施設のいずれか一方である（両方は不可）";
    NotCapacity: "{c} is not a plausible capacity" => "{c} は定員としてありえない値である";
    IsNotStructure: "is not a structure (rc, src, s, w, cb, other)" => "構造ではない（rc、src、s、w、cb、other）";
    ComplexReplacesItself: "a complex cannot replace itself" => "複合化施設は自らを置き換えられない";

    // ── Parts of sharded runs ──
    NotAPart: "not a part written by `shisetsu run` or `montecarlo` with --shard ({why})" => "`shisetsu run` または `montecarlo` が --shard で書き出した部分結果ではない（{why}）";
    PartSchema: "schema {schema}, expected {run} or {montecarlo}" => "schema が {schema} である。{run} または {montecarlo} であること";
    NotOptimizeJson: "not the JSON of `shisetsu optimize --format json` ({why})" => "`shisetsu optimize --format json` の JSON ではない（{why}）";
    OptimizeSchema: "schema {schema}, expected {expected}" => "schema が {schema} である。{expected} であること";
    FrontierEmpty: "no frontier: write it with `shisetsu optimize BASE --output PLAN.toml --frontier N --format json`" => "フロンティアがない。`shisetsu optimize BASE --output PLAN.toml --frontier N --format json` で書き出すこと";
    FrontierNumber: "{value} is not a number (whole yen for a cap)" => "{value} は数値ではない（上限は円単位の整数）";
    FrontierHtmlOnly: "--frontier draws a chart in the HTML report: give --output FILE.html" => "--frontier は HTML の報告書に図を描く。--output FILE.html を指定すること";
    NoParts: "no parts to merge" => "統合する部分結果がない";
    PartsNotEvery: "the parts do not hold every scenario of the batch once" => "部分結果に一括実行の各シナリオがちょうど1回ずつ含まれていない";
    OtherBatch: "a part of another batch than {first} (its scenario files, output format or number of shards differ)" => "{first} とは別の一括実行の部分結果である（シナリオファイル、出力形式または分割数が異なる）";
    OtherAnalysis: "a part of another analysis than {first} (its scenario, runs, seed, format or number of shards differ)" => "{first} とは別の分析の部分結果である（シナリオ、試行回数、シード、出力形式または分割数が異なる）";
    ShardTwice: "shard {shard} is given twice (also {other})" => "部分 {shard} が2回指定されている（{other} も同じ）";
    ShardMissing: "shard {index}/{count} is missing" => "部分 {index}/{count} がない";
    ShardRuns: "shard {shard} does not hold its runs" => "部分 {shard} に担当の試行が含まれていない";
    RunNotNumber: "a run's result is not a number" => "試行の結果が数値ではない";

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
    SolverFailed: "the solver ({backend}) failed: {message}" => "ソルバー（{backend}）が失敗した: {message}";
    CandidateInvalid: "this candidate's action is not valid: {problems}" => "この候補の方策は正しくない: {problems}";
    Internal: "internal error: {what}" => "内部エラー: {what}";
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

    // ── The report, the workbook and 施設カルテ: their labels ──
    ReportTitle: "Maintenance and renewal cost of public facilities" => "公共施設の維持管理・更新費の見通し";
    ReportSummary: "Scenarios compared" => "シナリオ比較";
    ReportScenario: "Scenario" => "シナリオ";
    ReportTotal: "Total" => "合計";
    ReportAverage: "Average a year" => "年平均";
    ReportPeak: "Peak year" => "最大の年度";
    ReportOver: "Years over the cap" => "上限超過年数";
    ReportFloor: "Floor area change" => "延床面積の増減";
    ReportVerdict: "Verdict" => "判定";
    ReportMeets: "meets the cap" => "上限内";
    ReportFails: "over the cap" => "上限超過";
    ReportNoCap: "no cap" => "上限なし";
    ReportCap: "Cap" => "上限";
    ReportCapsDiffer: "caps differ by scenario" => "上限はシナリオごと";
    ReportAvgLine: "Average" => "年平均";
    ReportYear: "FY" => "年度";
    ReportYen: "yen" => "円";
    ReportOku: "億円 (10^8 yen)" => "億円";
    ReportSen: "千円 (10^3 yen)" => "千円";
    ReportCompare: "Yearly cost by scenario" => "シナリオ別の年度別費用";
    ReportFloorChart: "Floor area over time" => "延床面積の推移";
    ReportFrontier: "Cap against service loss (the optimizer's frontier)" => "年間上限とサービス低下（最適化のフロンティア）";
    ReportFrontierAbout: "Each point is the least service loss the optimizer found for {base} at that cap a year ({solver}; {file})." => "各点は、その年間上限で最適化が {base} について見出した最小のサービス低下（{solver}、{file}）。";
    ReportFrontierCap: "cap (億円 a year)" => "年間上限（億円）";
    ReportFrontierLoss: "service loss" => "サービス低下";
    ReportFrontierChanges: "facilities changed" => "変更する施設";
    ReportFrontierProof: "proof" => "証明";
    ReportFrontierProven: "proven" => "証明済み";
    ReportFrontierGap: "gap {gap}%" => "ギャップ {gap}%";
    ReportFrontierNoPlan: "no plan" => "計画なし";
    ReportM2: "m²" => "㎡";
    ReportCondition: "Floor area by condition grade (expected)" => "劣化度別の延床面積(期待値)";
    ReportUnknown: "unknown" => "不明";
    ReportByKind: "Yearly cost by kind" => "種類別の年度別費用";
    ReportNote: "Amounts are exact amounts rounded to whole yen (half to even, JIS Z 8401 rule A); 億円 figures to 0.01." => "金額は正確な値の1円未満を JIS Z 8401 規則A(偶数丸め)で丸めたもの。億円表示は0.01億円単位。";
    ReportErrors: "Scenarios that could not be read" => "読み込めなかったシナリオ";
    ReportDrivers: "What makes up the peak year (largest ten)" => "最大の年度の費用の内訳(上位10件)";
    ReportRank: "#" => "順位";
    ReportWhat: "Facility, building or action" => "施設・建物・事業";
    ReportKind: "Main kind" => "主な種類";
    ReportShare: "Share" => "割合";
    ReportSource: "Source (building id, scenario line)" => "出典(建物ID・シナリオの行)";
    ReportOthers: "Others" => "その他";
    ReportMargin: "Margin under the cap" => "上限との差";
    ReportActions: "What this plan does" => "この計画で行うこと";
    ReportActionsNote: "Cost: what the action itself costs (demolition, construction, running and renewing what it builds). Saving: how much less the facilities and buildings it touches cost than without it. Both over the plan; proceeds are not netted." => "費用はこの取組みで生じる費用(解体・建設・増床分の維持管理と更新)、削減額は関係する施設・建物の費用が取組みのない場合より減る額。いずれも計画期間の合計。売却収入は費用と相殺しない。";
    ReportAction: "Action" => "取組み";
    ReportFacility: "Facility" => "施設";
    ReportArea: "Floor area" => "延床面積";
    ReportCost: "Cost" => "費用";
    ReportSaving: "Saving" => "削減額";
    ReportNet: "Net" => "差引";
    ReportProceeds: "Proceeds" => "売却収入";
    ReportNoActions: "No action (the inventory as it is)." => "取組みなし(現状のまま)。";
    ReportWritten: "File and line" => "ファイルと行";
    ReportThroughout: "throughout" => "全期間";
    ReportTypes0: "close" => "廃止";
    ReportTypes1: "merge" => "統合";
    ReportTypes2: "complex" => "複合化";
    ReportTypes3: "transfer" => "譲渡・移譲";
    ReportTypes4: "reduce" => "減築";
    ReportTypes5: "life extension" => "長寿命化";
    ReportTypes6: "shift" => "更新時期の変更";
    ReportAllFacilities: "all facilities" => "全施設";
    ReportRules: "rules" => "基準";
    ReportRenovation: "renovation" => "大規模改修";
    ReportRebuild: "rebuild" => "建替え";
    ReportServiceContinues: "service continues privately" => "サービスは民間で継続";
    ReportServiceEnds: "service ends" => "サービス終了";
    ReportLeveling: "Renewals moved by leveling" => "平準化で移した更新";
    ReportLevelingNote: "The leveling policy moved these renewals out of years over the cap. Amounts before escalation." => "平準化の方針により、上限を超える年度の更新を移した。金額は物価上昇前。";
    ReportBuilding: "Building" => "建物";
    ReportMovedFrom: "From FY" => "元の年度";
    ReportService: "What it does to service" => "サービスへの影響";
    ReportMoves: "Users moved" => "利用者の移動";
    ReportUsers: "Users a year" => "利用者数(年)";
    ReportFunction: "Function" => "機能";
    ReportMovedTo: "To" => "移動先";
    ReportKm: "km" => "距離(km)";
    ReportLost: "Users who lose a service" => "サービスを失う利用者";
    ReportLostNote: "No open facility offers the function any more, so these users have nowhere to go (counted apart from users moved)." => "同じ機能を提供する施設が残らないため、移動先のない利用者(移動した利用者とは別に数える)。";
    ReportOverCapacity: "Receivers over capacity" => "定員を超える受入れ施設";
    ReportCapacity: "Capacity" => "定員";
    ReportBeyond: "Districts and functions beyond the access standard" => "アクセス基準を超える地区と機能";
    ReportDistrict: "District" => "地区";
    ReportStandard: "Standard (km)" => "基準(km)";
    ReportBefore: "Before (km)" => "計画前(km)";
    ReportAfter: "After (km)" => "計画後(km)";
    ReportNoneReachable: "none reachable" => "到達不可";
    ReportNoEffects: "No facility closes or merges: service is unchanged." => "施設の廃止や統合はなく、サービスへの影響はない。";
    ReportNoNetwork: "The inventory has no road network: distances and the access standard are not judged." => "道路網がないため、距離とアクセス基準は判定していない。";
    ReportSummaryLine: "{moved} users a year moved, {lost} users a year lose a service, {over} receivers over capacity, {beyond} district × function pairs beyond the access standard" => "移動する利用者 {moved} 人/年、サービスを失う利用者 {lost} 人/年、定員超過 {over} 施設、アクセス基準超過 {beyond} 件";
    ReportAvoided: "Renewal avoided before closures (not in the costs)" => "閉鎖前に行わない更新(費用に含まない)";
    ReportNotCounted: "Actual operating costs not counted (operating_cost_yen): {n} facilities" => "計上しない運営費の実績(operating_cost_yen): {n}施設";
    ReportNoRunningCosts: "the cost model projects no running costs ([operating] enabled = false)" => "費用モデルが運営費を計上しないため([operating] enabled = false)";
    ReportRatesInstead: "the cost model prices running costs per m² instead (use_facility_actuals = false)" => "費用モデルが運営費を㎡単価で計上するため(use_facility_actuals = false)";
    KarteTitle: "Facility profiles (施設カルテ)" => "施設カルテ";
    KarteContents: "Contents" => "目次";
    KarteId: "Id" => "施設ID";
    KarteName: "Facility" => "施設名";
    KarteCategory: "Category" => "大分類";
    KarteDistrict: "District" => "地区";
    KarteFunctions: "Functions" => "機能";
    KarteUsers: "Users a year" => "年間利用者数";
    KarteCapacity: "Capacity" => "定員";
    KarteFloorArea: "Floor area" => "延床面積";
    KarteBuildings: "Buildings" => "建物";
    KarteNBuildings: "Buildings" => "棟数";
    KarteSource: "Source" => "出典";
    KartePublished: "published" => "公表値";
    KarteEstimated: "estimated (how: the inventory's README)" => "推計値(推計方法は目録の README)";
    KarteRunning: "Running cost, first year (operating and repair)" => "維持管理費(初年度、運営と修繕)";
    KarteRunningActual: "actual" => "実績";
    KarteRunningModel: "estimated per m²" => "㎡単価による推計";
    KartePlanTotal: "Cost over the plan" => "計画期間の費用";
    KartePlanAverage: "Average a year over the plan (renewals included)" => "計画期間の年平均費用(更新等を含む)";
    KartePerUser: "per user" => "利用者1人当たり";
    KartePerM2: "per m²" => "㎡当たり";
    KarteYen: "yen" => "円";
    KarteSen: "千円 (10^3 yen)" => "千円";
    KarteM2: "m²" => "㎡";
    KarteBuilding: "Building" => "棟";
    KarteBuilt: "Built (FY)" => "建築年度";
    KarteAge: "Age" => "築年数";
    KarteStructure: "Structure" => "構造";
    KarteCondition: "Condition" => "劣化状況";
    KarteRenovated: "Renovated" => "大規模改修";
    KarteYearly: "Yearly cost" => "年度別の費用";
    KarteEvents: "Renewals within the plan" => "計画期間内の更新";
    KarteNoEvents: "No renovation or rebuild within the plan." => "計画期間内の大規模改修・建替えはない。";
    KarteEvent: "Event" => "種類";
    KarteYears: "FY" => "年度";
    KarteAmount: "Amount" => "金額";
    KarteRenovation: "renovation" => "大規模改修";
    KarteRebuild: "rebuild" => "建替え";
    KartePlan: "What the plan does" => "計画による変化";
    KarteCloses: "Closes" => "廃止・移管";
    KarteAction: "Action" => "取組み";
    KarteCost: "Cost" => "費用";
    KarteSaving: "Saving" => "削減額";
    KarteMovedOut: "Its users go to" => "利用者の移動先";
    KarteMovedIn: "Users it receives" => "受け入れる利用者";
    KarteNowhere: "nowhere (the service is lost)" => "移動先なし(サービス喪失)";
    KarteOverCapacity: "Over capacity" => "定員超過";
    KarteNothing: "The plan does not change it." => "この計画による変化はない。";
    KarteNewFacility: "built by the plan" => "計画で新設";
    KarteYear: "FY" => "年度";
    KarteTotal: "Total" => "合計";
    KarteStructures0: "reinforced concrete" => "鉄筋コンクリート造";
    KarteStructures1: "steel-reinforced concrete" => "鉄骨鉄筋コンクリート造";
    KarteStructures2: "steel" => "鉄骨造";
    KarteStructures3: "wood" => "木造";
    KarteStructures4: "concrete block" => "コンクリートブロック造";
    KarteStructures5: "other" => "その他";
    KarteNote: "Amounts rounded to whole yen (half to even). Costs include operating, repair, renovation, rebuild, demolition and construction." => "金額は1円未満を偶数丸め。費用は維持管理(運営・修繕)と更新(大規模改修・建替え)、解体・建設を含む。";
    KarteAsIs: "as it is" => "現状のまま";
    KarteCount: "{n} facilities" => "{n} 施設";
    BookSummarySheet: "Summary" => "概要";
    BookCategorySheet: "By category" => "区分別";
    BookFacilitySheet: "By facility" => "施設別";
    BookName: "Name" => "名前";
    BookPeakAmount: "Peak year's cost" => "最大の年度の費用";
    BookYears: "Years" => "計画年数";
    BookUnitSen: "Unit: 千円 (cells hold yen)" => "単位: 千円(セルの値は円)";
    BookUnitOku: "Amounts shown in 億円 (cells hold yen)" => "金額は億円表示(セルの値は円)";
    BookPlanTotal: "Plan total" => "計画期間計";
    BookCategory: "Category" => "大分類";
    BookFacilityId: "Facility id" => "施設ID";
    BookFacilityName: "Facility" => "施設名";
    BookAreaRemoved: "Floor area removed (m²)" => "延床面積 減(㎡)";
    BookAreaBuilt: "Floor area built (m²)" => "延床面積 増(㎡)";
    BookNoActions: "No action (the inventory as it is)" => "取組みなし(現状のまま)";

    // ── The command line: each command's summary (its `--help` is English, with this Japanese
    //    line at its foot) ──
    HelpMain: "public-facility asset management; with no command, the main job on Kanuma" => "公共施設マネジメント。コマンドを省くと、鹿沼市の全シナリオを年間上限と比較する";
    HelpProject: "Project an inventory's yearly maintenance and renewal cost" => "施設の維持管理・更新費を年度ごとに推計する";
    HelpRun: "Run scenario files in parallel and judge each against the cap" => "シナリオを並列に実行し、それぞれを年間上限と比較して判定する";
    HelpCompare: "Compare two scenarios year by year, by category and by kind" => "二つのシナリオを年度別・施設分類別・費用区分別に比較する";
    HelpExplain: "Show which buildings and actions make up one year's cost" => "ある年度の費用を構成する建物と方策を大きい順に示す";
    HelpReport: "Write one self-contained HTML report or workbook of scenarios" => "シナリオの報告書（HTML）またはExcelブックを作成する";
    HelpMontecarlo: "Monte Carlo: percentiles of each year's cost and the probability of going over the cap" => "モンテカルロ法により各年度の費用の分位点と上限超過の確率を求める";
    HelpOptimize: "Choose actions and years that keep every year under the cap with the least loss of service" => "サービスの損失を最小にしつつ各年度を上限以下に保つ方策と実施年度を選ぶ";
    HelpKarte: "施設カルテ: one printable A4 page per facility" => "施設カルテ（施設ごとにA4判1ページ）を作成する";
    HelpMerge: "Put the parts written by --shard back together" => "--shard で書き出した部分結果を統合し、一括実行と同じ出力を得る";
    HelpGenerate: "Write a synthetic inventory of any size, the same for the same seed" => "任意の規模の合成施設台帳を作成する（同じシードからは同じ台帳）";
    HelpValidate: "Check inventories and cost-model files, listing every problem" => "施設台帳・費用モデル・シナリオを検査し、すべての問題を列挙する";
    HelpImport: "Import a city's own files into an inventory folder" => "市の固定資産台帳・公共施設一覧等を施設台帳フォルダに取り込む";
    HelpModel: "Print a cost-model preset with its sources, or a cost-model file's values" => "費用モデルのプリセット（出典付き）または費用モデルファイルの値を表示する";

    // ── The command line: its own messages ──
    NoScenarioFiles: "no scenario files (*.toml) found" => "シナリオファイル（*.toml）が見つからない";
    InventoryNotScenarios: "{path}: an inventory folder, not a folder of scenarios (`shisetsu project {path}` projects it as it is)" => "{path}: シナリオのフォルダではなく施設台帳のフォルダである（現状のまま推計するには `shisetsu project {path}`）";
    OptionShard: "--shard {text}: give I/N, shard I of N with 1 ≤ I ≤ N (2/4)" => "--shard {text}: I/N（N 分割の I 番目、1 ≤ I ≤ N。例: 2/4）を指定すること";
    ShardFormat: "--shard writes a part of a machine-readable output: give --format json, csv or csv-facilities" => "--shard は機械可読な出力の一部を書き出す。--format json、csv または csv-facilities を指定すること";
    PartsMixed: "the parts mix a batch run and a Monte Carlo analysis; merge each apart" => "部分結果に一括実行とモンテカルロ分析が混在している。それぞれ別に統合すること";
    OptionConfidence: "--confidence {t}: give a share between 0 and 1 (0.9)" => "--confidence {t}: 0 と 1 の間の割合を指定すること（例: 0.9）";
    OptionTimeLimit: "--time-limit {t}: give a number of seconds" => "--time-limit {t}: 秒数を指定すること";
    CannotWriteJson: "cannot write JSON: {reason}" => "JSONを書き出せない: {reason}";
    OptionNodes: "--nodes 0: give at least 1" => "--nodes 0: 1 以上を指定すること";
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

    // ── Deterioration chains ──
    ChainsNeedOne: "needs at least one chain" => "推移行列が一つ以上要る";
    ChainNotCategory: "{value} is not a building category" => "{value} は建物の施設分類ではない";
    ChainNotStructure: "{value} is not a structure" => "{value} は構造ではない";
    ChainNeedsSource: "say where the values come from, or that they are an assumption" => "値の出典、または仮定である旨を記すこと";
    ChainMatrixShape: "must be 4 rows of 4 probabilities (grades A, B, C, D)" => "4行4列の確率（評価 A、B、C、D）でなければならない";
    NotProbability: "{value} is not a probability" => "{value} は確率ではない";
    RowSumNotOne: "the row adds up to {sum}, not 1" => "行の合計が 1 ではなく {sum} である";
    ChainsNeedDefault: "needs one chain without category or structure, for all other buildings" => "その他すべての建物のために、施設分類も構造も指定しない推移行列が一つ要る";

    // ── Cost models ──
    WidthOutside: "must lie between 0 and 100 m" => "0〜100 m でなければならない";
    UnknownBridgeStructure: "unknown bridge structure (pc, rc, steel, stone, wood, other)" => "未知の橋梁の構造である（pc、rc、steel、stone、wood、other）";
    BandsNeedOne: "needs at least one band" => "口径区分が一つ以上要る";
    BandsAscending: "bands must be in ascending order of diameter" => "口径区分は口径の小さい順に並べること";
    NoSuchCostModel: "no such cost model: neither a preset ({presets}) nor an existing file" => "費用モデルがない: プリセット（{presets}）でも既存のファイルでもない";
    BasesCycle: "bases form a cycle: {chain} → {name}" => "base が循環している: {chain} → {name}";
    TooManyLayers: "a cost model is built from at most {max} layers (presets and files, each counted every time a base names it)" => "費用モデルは {max} 層までで構成する（プリセットとファイルを、base に指定されるたびに数える）";
    BasesTooDeep: "bases nest more than 8 deep" => "base の入れ子が8段を超える";
    BaseNeither: "{name} is neither a preset ({presets}) nor an existing file next to this one" => "{name} はプリセット（{presets}）でも、このファイルの隣にある既存のファイルでもない";
    SameKey: "{a} and {b} name the same key {key}" => "{a} と {b} は同じキー {key} を指している";
    UnknownCategoryKey: "unknown building category {key} (categories: {keys})" => "未知の建物の施設分類 {key}（施設分類: {keys}）";
    UnknownStructureKey: "unknown structure (structures: rc, src, s, w, cb, other)" => "未知の構造である（構造: rc、src、s、w、cb、other）";
    RateOutside: "must lie between -0.5 and 1 (a yearly rate, 0.02 = 2 %)" => "-0.5〜1 でなければならない（年率。0.02 = 2 %）";
    GradesAreAD: "grades are A, B, C and D" => "評価は A、B、C、D である";
    NotUnsurveyed: "{value} is not by_age or ignore" => "{value} は by_age でも ignore でもない";
    CyclesNeedOne: "at least one cycle is needed" => "更新周期が一つ以上要る";
    ShareOutside: "must be greater than 0 and at most 1" => "0 より大きく 1 以下でなければならない";
    NotEventKind: "{value} is not an event kind (renovation, rebuild)" => "{value} は更新の種類ではない（renovation、rebuild）";
    NotPriceColumn: "{value} is not a price column (renovation, rebuild)" => "{value} は単価の列ではない（renovation、rebuild）";
    FactorOutside: "must lie between 0 and 100" => "0〜100 でなければならない";
    BelowFromAge: "{to} is below from_age {from}" => "{to} は from_age {from} より小さい";
    SeveralRebuilds: "a cycle ends with one rebuild; this one has several" => "更新周期は建替え1回で終わるものだが、この周期には複数ある";
    SharesSum: "the cycles' shares add up to {sum}, not 1" => "更新周期の割合の合計が 1 ではなく {sum} である";
    OutsideRange: "{v} is outside {lo}–{hi}" => "{v} は {lo}〜{hi} の範囲外である";
    MissingSetOrBase: "missing: set it here or take it from a base (e.g. base = \"mic\")" => "ない: ここで定めるか、base から引き継ぐこと（例: base = \"mic\"）";
    EscalationDomain: "a yearly escalation lies between -0.5 and 1" => "物価上昇率（年率）は -0.5〜1 である";
    MultiplierDomain: "a multiplier of unit costs lies between 0 and 10" => "単価の倍率は 0〜10 である";
    MeanSixSd: " (mean ± 6 sd)" => "（平均 ± 標準偏差の6倍）";
    Nothing: "" => "";
    DrawsReach: "draws reach {lo}; {what}" => "抽出値が {lo} となる。{what}";
    DrawsReachTo: "draws reach {lo} to {hi}{how}; {what}" => "抽出値が {lo}〜{hi} となる{how}。{what}";
    DrawsBeyond: "draws reach beyond the exact decimal range{how}; {what}" => "抽出値が正確な10進数の範囲を超える{how}。{what}";
    DistributionNeeds: "a {kind} distribution needs `{k}`" => "{kind} 分布には `{k}` が要る";
    NotKeyOfDistribution: "`{k}` is not a key of a {kind} distribution" => "`{k}` は {kind} 分布のキーではない";
    MinAboveMax: "min is above max" => "min が max より大きい";
    NeedsMinModeMax: "needs min ≤ mode ≤ max" => "min ≤ mode ≤ max でなければならない";
    SdNegative: "sd is negative" => "sd が負である";
    NotDistribution: "{value} is not a distribution (fixed, uniform, triangular, normal)" => "{value} は分布ではない（fixed、uniform、triangular、normal）";
    PricesVanish: "prices fall below 10^-12 of the base year's over the plan of {scenario} (a negative rate compounded over many years)" => "{scenario} の計画期間中に価格が基準年の 10^-12 未満に下がる（負の上昇率が長期間累積したため）";

    // ── Coordinates ──
    DetourOutside: "must be between 1 and 3 (road distance ÷ straight-line distance)" => "1〜3 でなければならない（道路距離 ÷ 直線距離）";
    NotDegrees: "{value} is not a {what} in decimal degrees (−{max} to {max})" => "{value} は10進法の度による{what}ではない（−{max}〜{max}）";
    Latitude: "latitude" => "緯度";
    Longitude: "longitude" => "経度";
    EmptyButLat: "is empty but lat is given" => "空欄だが lat は記入されている";
    EmptyButLon: "is empty but lon is given" => "空欄だが lon は記入されている";

    // ── Scenario files ──
    NoSuchScenarioFile: "no such scenario file" => "シナリオファイルがない";
    IncludesItself: "{name} includes itself (a cycle)" => "{name} が自らを読み込んでいる（循環）";
    IncludesTooDeep: "includes nest more than 8 deep" => "include の入れ子が8段を超える";
    IncludeMissing: "{name}: no such scenario file" => "{name}: シナリオファイルがない";
    MissingInventory: "missing: name the inventory folder (e.g. inventory = \"../../facilities/kanuma\")" => "ない: 施設台帳のフォルダを指定すること（例: inventory = \"../../facilities/kanuma\"）";
    NotTheInventoryOf: "{name} is not the inventory of {top} ({folder})" => "{name} は {top} の施設台帳（{folder}）ではない";
    NotInventoryFolderAt: "{folder}: not an inventory folder (no inventory.toml)" => "{folder}: 施設台帳のフォルダではない（inventory.toml がない）";
    ModelNeither: "{name} is neither a preset ({presets}) nor a file next to this one" => "{name} はプリセット（{presets}）でも、このファイルの隣にあるファイルでもない";
    MissingType: "missing `type` ({kinds})" => "`type` がない（{kinds}）";
    NotActionType: "{value} is not an action type ({kinds})" => "{value} は方策の種類ではない（{kinds}）";

    // ── The optimizer ──
    NoSuchCandidatesFile: "no such candidates file" => "候補ファイルがない";
    BeforeFirstYear: "{last} is before the first year {first}" => "{last} は初年度 {first} より前である";
    RulesNeitherPreset: "{name} is neither a preset ({presets}) nor a cost-model file next to this one" => "{name} はプリセット（{presets}）でも、このファイルの隣にある費用モデルファイルでもない";
    NotAnEvent: "{value} is not an event (renovation, rebuild)" => "{value} は更新の種類ではない（renovation、rebuild）";
    NeitherFacilityNorComplex: "{id} is neither a facility nor a complex candidate" => "{id} は施設でも複合化の候補でもない";
    WeightOutside: "{v} is outside 0–1,000,000,000" => "{v} は 0〜1,000,000,000 の範囲外である";
    HardOrSoft: "{value}: give \"hard\" or \"soft\"" => "{value}: \"hard\"（必須）か \"soft\"（努力）を指定すること";
    ChangesOutside: "{n} is outside 1–100000" => "{n} は 1〜100000 の範囲外である";
    GiveWholeUsers: "give a whole number of users" => "利用者数を整数で指定すること";
    GiveUsers: "give a number of users, or a table of users by function" => "利用者数、または機能別の利用者数の表を指定すること";
    NotKeyOfCandidate: "not a key of a {kind} candidate" => "{kind} の候補のキーではない";
    MissingKey: "missing `{k}`" => "`{k}` がない";
    KeptNotCandidate: "{id} is kept (keep), so it cannot be a candidate" => "{id} は存続（keep）とされているため、候補にできない";
    ClosedByBase: "{id} is already closed by the base scenario in {y}" => "{id} は基礎シナリオにより {y} 年度に既に廃止されている";
    CannotMergeItself: "a facility cannot merge into itself" => "施設は自らに統合できない";
    ReceiverClosedByBase: "the receiver is closed by the base scenario by then" => "統合先はその時点までに基礎シナリオにより廃止されている";
    NoYearLeft: "no year left: the base scenario acts on it (a merge into it, a reduction or a shift) in or after every year given" => "実施できる年度が残らない: 指定したすべての年度またはその後に、基礎シナリオがこの施設に方策（統合の受入れ、減築、更新時期の変更）を行う";
    PlansAction: "the plan's action {k}" => "計画の方策 {k}";
    BasesAction: "the base's action {k}" => "基礎シナリオの方策 {k}";
    ThePlan: "the plan" => "計画";
    CannotReadBase: "cannot read the base" => "基礎シナリオを読み込めない";
    NotTomlTable: "not a TOML table" => "TOMLの表ではない";
    PlanOverwritesBase: "{path}: the plan would overwrite its base scenario; write it elsewhere" => "{path}: 計画が基礎シナリオを上書きしてしまう。別の場所に書き出すこと";
    PlanNoCap: "{path}: the plan has no cap; give one" => "{path}: 計画に年間上限がない。上限を指定すること";
    RobustNeedsNoCondition: "robust plans are priced against the escalation and unit-cost draws; the cost model has condition rules, whose deterioration draws the optimizer cannot price (use a model without them)" => "頑健な計画は物価上昇と単価の抽出値で費用を評価する。この費用モデルには劣化状況の規則があり、その劣化の抽出は最適化では評価できない（規則のない費用モデルを用いること）";
    NoRobustPlan: "no robust plan was tried" => "頑健な計画を一つも試していない";
    NoHighs: "this shisetsu was built without HiGHS: build it with the `highs` feature, or use the default backend (microlp)" => "この shisetsu は HiGHS なしでビルドされている。`highs` フィーチャ付きでビルドするか、既定のソルバ（microlp）を用いること";

    // ── Importing a city's files ──
    NoDistrictColumn: "no district name column (地区, 地区名): a districts table names its districts" => "地区名の列（地区、地区名）がない: 地区表には地区の名称が要る";
    DistrictAgain: "district {id} again (first at {first})" => "地区 {id} が再び現れる（最初は {first}）";
    DistrictNotInTable: "district {value} is not in the districts table ({names})" => "地区 {value} は地区表にない（{names}）";
    NoAreaColumn: "no floor-area column: a ledger needs 延床面積 (or 数量, the floor area of its buildings in ㎡); the header has: {names}" => "延床面積の列がない: 固定資産台帳には 延床面積（または建物の床面積を㎡で記した 数量）が要る。見出し行にある列: {names}";
    NoDateColumn: "no date column: a ledger needs 取得年月日 (or 建築年度, 供用開始年月日) for the year built" => "日付の列がない: 建築年を得るため、固定資産台帳には 取得年月日（または 建築年度、供用開始年月日）が要る";
    NoGroupColumn: "no column named {name} to group by (the header has: {names})" => "施設にまとめるための列 {name} がない（見出し行にある列: {names}）";
    NoAssetNameColumn: "no name column: a ledger needs 資産名称 (or 件名, 施設名) to name its buildings" => "名称の列がない: 建物の名称として、固定資産台帳には 資産名称（または 件名、施設名）が要る";
    NotFloorArea: "{value} is not a floor area in m²" => "{value} は延床面積（m²）ではない";
    NotFloorAreaBecause: "{value} {what}: not a floor area in m²" => "{value} は{what}。延床面積（m²）ではない";
    FiscalYearOutside: "{value} is fiscal year {fy}, outside {min}–{max}" => "{value} は {fy} 年度であり、{min}〜{max} の範囲外である";
    UseNotInTable: "用途 {value} is not in the 用途 table (nearest: {near}); map it in a mapping file: [uses] {key} = \"{category}\"" => "用途 {value} は用途表にない（近いもの: {near}）。対応付けファイルで指定すること: [uses] {key} = \"{category}\"";
    NoUseKnown: "no 用途, and the name {name} names no known use: give the row a 用途 (小学校, 公民館 …), or add the name to a mapping file's [uses]" => "用途がなく、名称 {name} からも既知の用途が分からない: 行に用途（小学校、公民館 など）を記入するか、対応付けファイルの [uses] に名称を加えること";
    NoListNameColumn: "no name column (名称, 施設名): a facility list needs the facilities' names; name the column in a mapping file ([columns] \"…\" = \"facility_name\")" => "名称の列（名称、施設名）がない: 公共施設一覧には施設の名称が要る。対応付けファイルで列を指定すること（[columns] \"…\" = \"facility_name\"）";
    OneCoordinateColumn: "one coordinate column without the other: a facility list needs both 緯度 and 経度" => "座標の列が片方しかない: 公共施設一覧には 緯度 と 経度 の両方が要る";
    NotInJapan: "{x}, {y} is not a place in Japan in degrees (latitude 20–46, longitude 122–154): coordinates must be WGS 84 degrees, not a plane coordinate system" => "{x}, {y} は度で表した日本国内の地点ではない（緯度 20〜46、経度 122〜154）: 座標は平面直角座標系ではなく WGS 84 の度で記すこと";
    EmptyButLatitude: "is empty but the latitude is given" => "空欄だが緯度は記入されている";
    EmptyButLongitude: "is empty but the longitude is given" => "空欄だが経度は記入されている";
    NotColumnRole: "{value} is not a column role (one of: {roles})" => "{value} は列の役割ではない（次のいずれか: {roles}）";
    MappingNotStructure: "{value} is not a structure (rc, src, s, w, cb, other)" => "{value} は構造ではない（rc、src、s、w、cb、other）";
    CannotReadPlain: "cannot read" => "読み込めない";
    CannotReadBecause: "cannot read: {reason}" => "読み込めない: {reason}";
    NoSheets: "the workbook has no sheets" => "ブックにシートがない";
    SheetEmpty: "sheet {sheet} is empty" => "シート {sheet} が空である";
    EverySheetEmpty: "every sheet is empty ({names})" => "すべてのシートが空である（{names}）";
    InAnySheet: " in any sheet ({names})" => "いずれのシート（{names}）にも";
    InSheet: " in sheet {sheet}" => "シート {sheet} に";
    NoHeader: "no recognisable header{where_} in the first 40 rows: a header names at least two known columns, such as 財産番号, 資産名称, 施設名, 勘定科目, 取得年月日, 延床面積, 数量, 構造, 用途 (a ledger) or 名称, 種類, 住所, 緯度, 経度 (a facility list); name other columns in a mapping file ([columns])" => "先頭40行{where_}見出し行が見つからない: 見出し行には既知の列が二つ以上要る（固定資産台帳なら 財産番号、資産名称、施設名、勘定科目、取得年月日、延床面積、数量、構造、用途、公共施設一覧なら 名称、種類、住所、緯度、経度 など）。その他の列は対応付けファイル（[columns]）で指定すること";
    NothingToImport: "nothing to import: no row became a facility{skipped}" => "取り込むものがない: 施設となった行がない{skipped}";
    AssumptionRefused: "an assumption (refused in strict mode): {message}" => "仮定（strict モードでは認めない）: {message}";
    ImporterBug: "the engine's inventory loader refuses what the importer wrote (a bug in the importer)" => "取込みで書き出した内容を施設台帳の読込みが受け付けない（取込み機能の不具合）";
    ItIsText: "it is text (if it is CSV, name it .csv)" => "テキストである（CSVであれば拡張子を .csv とすること）";
    ItIsEmpty: "it is empty" => "空である";
    ItIsNeither: "it is neither a zip archive nor an Excel 97–2003 file" => "ZIPアーカイブでも Excel 97–2003 のファイルでもない";
    NotAWorkbook: "not a workbook: an .{extension} file is {kind}, and this one is not: {what}; open it in Excel and save it again" => "ブックではない: .{extension} のファイルは{kind}であるが、このファイルはそうではない（{what}）。Excel で開いて保存し直すこと";
    ACompoundFile: "an Excel 97–2003 compound file" => "Excel 97–2003 の複合ファイル";
    AZipArchive: "a zip archive" => "ZIPアーカイブ";
    SheetNamedButText: "a sheet was named, but this is a text file with one table, not a workbook" => "シートが指定されたが、これは表を一つ含むテキストファイルであり、ブックではない";
    WorkbookPassword: "the workbook is protected by a password (it is encrypted); open it in Excel, remove the password (File → Info → Protect Workbook) and save it again" => "ブックはパスワードで保護（暗号化）されている。Excel で開き、パスワードを解除して（ファイル → 情報 → ブックの保護）保存し直すこと";
    AReadableWorkbook: "a readable workbook (a zip archive)" => "読み込めるブック（ZIPアーカイブ）";
    AReadableXls: "a readable Excel 97–2003 workbook" => "読み込める Excel 97–2003 のブック";
    NotReadableWorkbook: "not {expected}: {detail}; open it in Excel and save it again" => "{expected}ではない: {detail}。Excel で開いて保存し直すこと";
    NoSheetNamed: "no sheet named {wanted} (the workbook has: {names})" => "シート {wanted} がない（ブックにあるシート: {names}）";
    IsNotADate: "is not a date (write 1983/10/01, 昭和58年10月1日, S58.10.1 or 1983)" => "日付ではない（1983/10/01、昭和58年10月1日、S58.10.1 または 1983 のように書く）";
    TwoDigitYear: "has a two-digit year without an era (write S58.10.1 or 1983/10/01)" => "元号のない2桁の年である（S58.10.1 または 1983/10/01 のように書く）";
    NoSuchDay: "is a day that does not exist" => "存在しない日付である";
    UsesNotCategory: "uses.toml: {value} is not a building category" => "uses.toml: {value} は建物の施設分類ではない";
    NoPlanFound: "no plan was found: raise --nodes or --time-limit, or relax the candidates' rules" => "計画が見つからなかった: --nodes か --time-limit を大きくするか、候補の規則を緩めること";
    TwoProblems: "{a}; {b}" => "{a}; {b}";

    // ── Terminal tables ──
    TableMeetsCap: "meets cap" => "上限以内";
    TableOverCap: "OVER CAP" => "上限超過";
    TableNoCap: "no cap" => "上限なし";
    TableCapAYear: ", cap {cap} 億円 a year" => "、年間上限 {cap} 億円";
    TablePlanLine: "FY{first}–FY{last} ({years} years){cap}; amounts in 億円 (10^8 yen)" => "{first}〜{last} 年度（{years} 年間）{cap}。金額の単位は億円";
    TableFy: "FY" => "年度";
    TableModelLine: "{name} · model {model}" => "{name} · 費用モデル {model}";
    TableOperating: "operating" => "運営";
    TableRepair: "repair" => "修繕";
    TableRenovation: "renovation" => "大規模改修";
    TableRebuild: "rebuild" => "建替え";
    TableBacklog: "backlog" => "積残し";
    TableWorks: "works" => "解体・建設";
    TableTotal: "total" => "合計";
    TableCap: "cap" => "上限";
    TableOver: "  over" => "  超過";
    TableOk: "  ok" => "  以内";
    TableTotals: "total {total} 億円 · average {average} 億円/year · peak FY{year} {peak} 億円" => "合計 {total} 億円 · 年平均 {average} 億円 · 最大 {year} 年度 {peak} 億円";
    TableOverYears: "over the cap in {n} of {years} years · {verdict}" => "上限を超える年度: {years} 年間中 {n} 年 · {verdict}";
    TableProceeds: "sale proceeds (not netted): {amount} 億円" => "売却収入（費用と相殺しない）: {amount} 億円";
    TableAvoided: "renewal avoided before closures (not done, not in the costs): {amount} 億円" => "廃止前に行わない更新（実施せず、費用に含まない）: {amount} 億円";
    TableNotCounted: "not counted: operating_cost_yen of {n} facilities ({amount} 億円 over the plan), as\n    {why}" => "計上しない: 施設 {n} 件の operating_cost_yen（計画期間で {amount} 億円）。理由:\n    {why}";
    TableCondition: "condition: floor area by grade, m², expected" => "劣化状況: 評価別の延床面積（m²、期待値）";
    TableUnknown: "unknown" => "不明";
    TableLabelled: "[{n}] {label} (model {model})" => "[{n}] {label}（費用モデル {model}）";
    TableStarOver: "* over the cap" => "* 上限超過";
    TableScenarios: "{inventory} · {n} scenarios" => "{inventory} · シナリオ {n} 件";
    TableScenario: "scenario" => "シナリオ";
    TableAverage: "average" => "年平均";
    TablePeak: "peak" => "最大";
    TableOverShort: "over" => "超過";
    TableFloorChange: "floor Δ" => "延床増減";
    TableVerdict: "verdict" => "判定";

    // ── Terminal tables: compare ──
    CompareHead: "A: {a}\nB: {b}\namounts in 億円; Δ = B − A\n" => "A: {a}\nB: {b}\n金額の単位は億円。Δ = B − A\n";
    TableCategory: "category" => "施設分類";
    TableKind: "kind" => "種類";

    // ── Terminal tables: explain ──
    ExplainHead: "{scenario} · FY{year}: total {total} 億円{cap}" => "{scenario} · {year} 年度: 合計 {total} 億円{cap}";
    ExplainCap: " (cap {cap} 億円)" => "（上限 {cap} 億円）";
    ExplainUnits: "amounts in 万円 (10^4 yen), largest first\n" => "金額の単位は万円、大きい順\n";
    ExplainWhat: "what" => "内容";
    ExplainShare: "share" => "割合";
    ExplainKindSource: "kind · source" => "種類 · 出典";
    ExplainMore: "      … {n} more, {amount} 万円" => "      … ほか {n} 件、{amount} 万円";

    // ── Terminal tables: montecarlo ──
    MonteCarloHead: "{scenario} · model {model} · {runs} runs, seed {seed}" => "{scenario} · 費用モデル {model} · 試行 {runs} 回、シード {seed}";
    MonteCarloPlan: "FY{first}–FY{last}{cap}; amounts in 億円" => "{first}〜{last} 年度{cap}。金額の単位は億円";
    MonteCarloDraws: "draws: escalation {escalation}; unit costs × {unit_cost};\n       deterioration {deterioration}\n" => "抽出: 物価上昇 {escalation}、単価 × {unit_cost}、\n      劣化 {deterioration}\n";
    MonteCarloByChain: "by chain" => "推移行列による";
    MonteCarloNoChains: "off (no condition rules in the model)" => "なし（費用モデルに劣化状況の規則がない）";
    MonteCarloExpected: "expected" => "期待値";
    MonteCarloOverCap: "P(over cap)" => "上限超過確率";
    MonteCarloAnyOver: "probability that any year goes over the cap: {p} ({n} of {runs} runs)" => "いずれかの年度が上限を超える確率: {p}（試行 {runs} 回中 {n} 回）";
    DistFixed: "fixed {v}" => "固定 {v}";
    DistUniform: "uniform {min}–{max}" => "一様分布 {min}〜{max}";
    DistTriangular: "triangular {min}, {mode}, {max}" => "三角分布 {min}、{mode}、{max}";
    DistNormal: "normal mean {mean}, sd {sd}" => "正規分布 平均 {mean}、標準偏差 {sd}";

    // ── Terminal tables: what a run did to service (under the run table) ──
    ServiceLine: "{name}: {parts}" => "{name}: {parts}";
    ServiceAnd: "; " => "; ";
    ServiceClosedOne: "{n} facility closed" => "施設 {n} 件を廃止";
    ServiceClosedMany: "{n} facilities closed" => "施設 {n} 件を廃止";
    ServiceMovedOne: "{moved} users moved to {receivers} receiver" => "利用者 {moved} 人が移転先 {receivers} 施設へ移る";
    ServiceMovedMany: "{moved} users moved to {receivers} receivers" => "利用者 {moved} 人が移転先 {receivers} 施設へ移る";
    ServiceLost: "{lost} users lose a service (no open facility offers it)" => "利用者 {lost} 人がサービスを失う（提供する開設中の施設がない）";
    ServiceOverCapacity: "{n} receivers over capacity" => "移転先 {n} 施設が定員超過";
    ServiceBeyondAccess: "beyond access standard: {list}{more}" => "アクセス基準を超える: {list}{more}";
    ServiceLeveling: "leveling moved {n} renewals" => "平準化により更新 {n} 件を移動";
    ServiceProceeds: "proceeds {amount} 億円" => "売却収入 {amount} 億円";
    ServiceAvoided: "renewal avoided before closures {amount} 億円" => "廃止前に行わない更新 {amount} 億円";
    ServiceNotCounted: "not counted: operating_cost_yen of {n} facilities ({amount} 億円), as {why}" => "計上しない: 施設 {n} 件の operating_cost_yen（{amount} 億円）。理由: {why}";
    ServiceLoss: "service loss {loss} (user-km {user_km})" => "サービス低下 {loss}（利用者・km {user_km}）";

    // ── Terminal tables: optimize ──
    OptHead: "{name} · optimized at a cap of {cap} 億円 a year ({backend})" => "{name} · 年間上限 {cap} 億円で最適化（{backend}）";
    OptCandidates: "candidates: {changes} changes (facility × year), {life} life extensions, {moves} renewal moves; model {cols} columns ({ints} integer), {rows} rows" => "候補: 変更 {changes} 件（施設 × 年度）、長寿命化 {life} 件、更新時期の移動 {moves} 件。モデルは列 {cols}（うち整数 {ints}）、行 {rows}";
    OptNoPlan: "\nno plan found: the solver's limits stopped it before any plan, or no plan meets the hard rules" => "\n計画が見つからない。ソルバーの制限により計画を得る前に停止したか、必須の条件を満たす計画がない";
    OptLeastCap: "\nNO PLAN MEETS THE CAP with these candidates. The least cap they reach is {cap} 億円 a year;" => "\nこれらの候補では上限を満たす計画がない。到達できる最小の上限は年間 {cap} 億円である。";
    OptYearsOver: "at that cap these years stay over {cap} 億円: {years}" => "その上限でも次の年度は {cap} 億円を超える: {years}";
    OptFy: "FY{year}" => "{year} 年度";
    OptListSep: ", " => "、";
    OptBestAtLeast: "The plan below is the best at the least cap." => "以下はその最小の上限での最善の計画である。";
    OptWritten: "\nplan written to {file}" => "\n計画の書出し先: {file}";
    OptBase: "base" => "基準";
    OptPlan: "plan" => "計画";
    OptTotal: "total (億円)" => "合計（億円）";
    OptPeak: "highest year (億円)" => "最大の年度（億円）";
    OptLoss: "service loss (weighted)" => "サービス低下（重み付け）";
    OptUserKm: "  user-km" => "  利用者・km";
    OptUsersLost: "  users lost" => "  サービスを失う利用者";
    OptPairsLost: "  access pairs lost" => "  失われるアクセスの組";
    OptOverCapacity: "  receivers over capacity" => "  定員超過の移転先";
    OptFloorRemoved: "  floor area removed (m²)" => "  減少する延床面積（m²）";
    OptObjective: "\nobjective {objective} (service loss + {per_oku} per 億円 of cost)" => "\n目的関数 {objective}（サービス低下 + 費用 1 億円あたり {per_oku}）";
    OptProven: "proven optimal (within the gap asked for)" => "最適性を証明済み（指定したギャップ以内）";
    OptBound: "solver's bound {bound}, gap {gap}% (a limit stopped the search)" => "ソルバーの限界値 {bound}、ギャップ {gap}%（制限により探索を停止）";
    OptNoBound: "no bound proven" => "限界値は証明されていない";
    OptExcluded: "{n} plan(s) the engine judged differently from the model were excluded and the model solved again ({rounds} rounds)" => "エンジンの判定がモデルと異なる計画 {n} 件を除外し、モデルを解き直した（{rounds} 回）";
    OptRobust: "robust: each year priced at a quantile of the draws, {confidence}% to {quantile}%; Monte Carlo ({runs} runs, seed {seed}): {over}% of runs have a year over the cap (asked: at most {asked}%)" => "頑健化: 各年度を抽出値の分位点で評価（{confidence}% に対し {quantile}%）。モンテカルロ法（試行 {runs} 回、シード {seed}）で上限を超える年度がある試行は {over}%（指定: {asked}% 以下）";
    OptTight: "\nyears closest to the cap:" => "\n上限に最も近い年度:";
    OptTightYear: "  {year}  {total} 億円 (slack {slack} 億円)" => "  {year}  {total} 億円（余裕 {slack} 億円）";
    OptOneMore: "one more 億円 of cap a year would change the service loss by {delta}" => "年間上限を 1 億円増やすとサービス低下は {delta} 変わる";
    OptBindingAccess: "access standards held by one facility: {list}" => "1 施設のみで保たれているアクセス基準: {list}";
    OptBindingCapacity: "receivers at 90% of capacity or more: {list}" => "定員の 90% 以上となる移転先: {list}";
    OptActions: "\nactions: {close} closures, {merge} merges, {transfer} transfers, {complex} complexes, {life} life extensions, {shift} renewal moves" => "\n施策: 廃止 {close}、統合 {merge}、移管 {transfer}、複合化 {complex}、長寿命化 {life}、更新時期の移動 {shift}";
    OptUsersTo: "{users} users → {to} {km} km" => "利用者 {users} 人 → {to} {km} km";
    OptUsersToNoKm: "{users} users → {to}" => "利用者 {users} 人 → {to}";
    OptUsersList: "  ({list})" => "  （{list}）";
    OptFrontier: "\nfrontier (cap → service loss):" => "\nフロンティア（上限 → サービス低下）:";
    OptFrontierRow: "  {cap} 億円  {loss}  {changes} changes{unproven}" => "  {cap} 億円  {loss}  変更 {changes} 件{unproven}";
    OptNoPlanShort: "no plan" => "計画なし";
    OptNotProven: " (not proven)" => "（未証明）";
    OptAlternative: "\nalternative {n}{file}: objective {objective}, service loss {loss}, total {total} 億円" => "\n代替案 {n}{file}: 目的関数 {objective}、サービス低下 {loss}、合計 {total} 億円";
    OptAltFile: " ({file})" => "（{file}）";
    OptNote: "\nnote: {note}" => "\n注記: {note}";
    StageReading: "reading the base scenario" => "基準のシナリオを読込み中";
    StagePricing: "pricing {changes} candidate changes, {life} life extensions and the renewal events with the engine" => "候補の変更 {changes} 件、長寿命化 {life} 件と更新をエンジンで費用算定中";
    StageDiving: "the greedy plan misses the cap: diving for a first plan" => "貪欲法の計画は上限を満たさない。最初の計画を探索中";
    StageSolving: "solving ({backend}, {cols} columns, {ints} integer, {rows} rows; round {round})" => "求解中（{backend}、列 {cols}、うち整数 {ints}、行 {rows}。{round} 回目）";
    StageKeeping: "{reason}: keeping the best plan found" => "{reason}。見つかった最善の計画を採る";
    StageLeastCap: "no plan meets the cap: finding the least cap reachable" => "上限を満たす計画がない。到達できる最小の上限を探索中";
    StageOneMore: "what one more 億円 of cap would buy" => "上限を 1 億円増やした場合を算定中";
    StageAlternative: "alternative {n}" => "代替案 {n}";
    StageSolvingLeast: "solving for the least cap" => "最小の上限を求解中";
    StageRobust: "robust plan (round {round}): pricing each year at a quantile of the draws, {confidence}% to {quantile}%" => "頑健な計画（{round} 回目）: 各年度を抽出値の分位点で評価中（{confidence}% に対し {quantile}%）";
    StageMonteCarlo: "checking with Monte Carlo ({runs} runs, seed {seed})" => "モンテカルロ法で確認中（試行 {runs} 回、シード {seed}）";
    StageFrontier: "frontier: cap {cap} 億円 ({k} of {n})" => "フロンティア: 上限 {cap} 億円（{n} 点中 {k} 点目）";
    NoteLevelingNotCarried: "the base's leveling policy is not carried over: the plan moves renewals itself, as shift actions" => "基準のシナリオの平準化の方針は引き継がない。計画は更新時期を自ら shift 施策として移動する";
    NoteUncountedUsers: "{uncounted} of the facilities changed have no counted users: the service they give is not measured (give their annual users in facilities.csv, keep them, or weigh floor area in the candidates file)" => "変更する施設のうち {uncounted} 施設は利用者数が計上されていない。そのサービスは測られない（facilities.csv に年間利用者数を記入するか、施設を存続させるか、候補ファイルで延床面積に重みを付けること）";
    AltDiffChange: "{sign} {kind} {facility} in {year}" => "{sign} {year} 年度に {facility} を {kind}";
    AltDiffLife: "{sign} life extension of {category}" => "{sign} {category} の長寿命化";
    OptProgressSolver: "nodes {nodes} · incumbent {incumbent} · bound {bound} · gap {gap}" => "節点 {nodes} · 暫定解 {incumbent} · 限界値 {bound} · ギャップ {gap}";

    // ── The import report (import-report.md) ──
    ImportKindLedger: "fixed-asset ledger (固定資産台帳)" => "固定資産台帳";
    ImportKindList: "facility list (公共施設一覧)" => "公共施設一覧";
    ImportKindBuildings: "buildings table" => "建物の表";
    ImportKindDistricts: "districts (地区)" => "地区の表";
    ImportReportTitle: "# Import report: {name}\n" => "# 取込み報告書: {name}\n";
    ImportReportCounts: "{facilities} facilities, {buildings} buildings ({area} m²), {districts} districts; {located} facilities placed on the map." => "施設 {facilities}、建物 {buildings} 棟（{area} m²）、地区 {districts}。地図上に配置した施設 {located}。";
    ImportReportRows: "Source rows: {used} used, {merged} merged, {skipped} skipped, {assumed} used with an assumption; {assumptions} assumptions about whole sources (review them)." => "入力の行: 採用 {used}、統合 {merged}、除外 {skipped}、仮定を置いて採用 {assumed}。入力全体に関する仮定 {assumptions} 件（確認すること）。";
    ImportReportFiles: "Files written: {files}.\n" => "書き出したファイル: {files}\n";
    ImportReportSources: "## Sources\n" => "## 入力\n";
    ImportReportSheet: ", sheet {sheet}" => "、シート {sheet}";
    ImportReportOneSheet: "one sheet read" => "1シートを読込み";
    ImportReportOtherSheets: "other sheets not read: {names}" => "読み込まなかったシート: {names}";
    ImportReportDetected: ", told by its columns" => "（列から判定）";
    ImportReportAnd: " and " => "・";
    ImportReportSourceOne: "### {file}{sheet}\n\n{format} ({sheets}), read as a {kind}{detected}; header on row {rows}; {n} rows after it, {blank} blank.\n" => "### {file}{sheet}\n\n{format}（{sheets}）。{kind}として読込み{detected}。見出し行は {rows} 行目、その後の行は {n} 行（うち空行 {blank}）。\n";
    ImportReportSourceMany: "### {file}{sheet}\n\n{format} ({sheets}), read as a {kind}{detected}; header on rows {rows}; {n} rows after it, {blank} blank.\n" => "### {file}{sheet}\n\n{format}（{sheets}）。{kind}として読込み{detected}。見出し行は {rows} 行目、その後の行は {n} 行（うち空行 {blank}）。\n";
    ImportReportColumns: "| column | header | read as |\n| --- | --- | --- |" => "| 列 | 見出し | 読み方 |\n| --- | --- | --- |";
    ImportReportNone: "None.\n" => "なし。\n";
    ImportReportSection: "## {title} ({n})\n" => "## {title}（{n}）\n";
    ImportReportBecameTable: "| where | what | became |\n| --- | --- | --- |" => "| 場所 | 内容 | 取込み先 |\n| --- | --- | --- |";
    ImportReportWhyTable: "| where | why |\n| --- | --- |" => "| 場所 | 理由 |\n| --- | --- |";
    ImportReportAssumptions: "## Assumptions about whole sources ({n})\n" => "## 入力全体に関する仮定（{n}）\n";
    ImportReportAssumed: "Rows used with an assumption" => "仮定を置いて採用した行";
    ImportReportSkipped: "Rows skipped" => "除外した行";
    ImportReportMerged: "Rows merged into others" => "他の行に統合した行";
    ImportReportUsed: "Rows used" => "採用した行";
    ImportReportNotes: "## Notes ({n})\n" => "## 注記（{n}）\n";
    ImportReportJoined: "## Facility list joined ({n})\n" => "## 公共施設一覧との照合（{n}）\n";
    ImportReportJoinTable: "| facility | name | list row | name in the list | how |\n| --- | --- | --- | --- | --- |" => "| 施設 | 名称 | 一覧の行 | 一覧の名称 | 照合方法 |\n| --- | --- | --- | --- | --- |";
    ImportReportSameName: "same name" => "同名";
    ImportReportMappingFile: "mapping file" => "対応付けファイル";
    ImportReportCloseName: "close name (review)" => "類似の名称（要確認）";

    // ── The import report's reasons and notes (import-report.md; import-report.json in English) ──
    ImportNoStructure: "no structure (構造): other" => "構造の記載がない: その他とする";
    ImportStructureUnknown: "structure {text} not recognised: other" => "構造 {text} を判別できない: その他とする";
    ImportStructureSeveral: "structure {text} names several: the first, {first}, is used" => "構造 {text} は複数の構造を含む: 最初の {first} とする";
    ImportGroupedByAddress: "rows are grouped into facilities by {label}: the buildings at one address are one facility" => "行を {label} により施設にまとめた: 同じ所在地の建物を一つの施設とする";
    ImportGroupedBy: "rows are grouped into facilities by {label}" => "行を {label} により施設にまとめた";
    ImportOneFacilityEach: "no 施設番号, 施設名 or 所在地 column: every building is its own facility" => "施設番号・施設名・所在地の列がない: 建物ごとに一つの施設とする";
    ImportNoStructureColumn: "no structure column (構造): every building's structure is other" => "構造の列がない: すべての建物の構造をその他とする";
    ImportHeaderAgain: "the header again (a page break of the export)" => "見出し行の繰返し（出力時の改ページ）";
    ImportTotalRow: "a total row (合計, 小計 or 計): totals are not imported" => "合計の行（合計、小計、計）: 合計は取り込まない";
    ImportDisposed: "disposed of ({label} {value})" => "処分済み（{label} {value}）";
    ImportNotABuilding: "not a building (勘定科目 {account})" => "建物ではない（勘定科目 {account}）";
    ImportNoAccountNoArea: "no 勘定科目 and no floor area: not taken as a building" => "勘定科目も延床面積もない: 建物として扱わない";
    ImportNoArea: "a building without a floor area: not priced" => "延床面積のない建物: 費用を算定しない";
    ImportAreaZero: "a building with floor area 0: not priced" => "延床面積が0の建物: 費用を算定しない";
    ImportQuantityNotArea: "数量 {value} {unit} is not a floor area in m²: not priced" => "数量 {value} {unit} は延床面積（m²）ではない: 費用を算定しない";
    ImportBuildingByArea: "no 勘定科目: taken as a building because it has a floor area" => "勘定科目がない: 延床面積があるため建物とする";
    ImportYearWithoutMonth: "{value} gives a year without a month: taken as fiscal year {fy}" => "{value} は月のない年である: {fy} 年度とする";
    ImportYearFrom: "no {column}: the year built is taken from {other}" => "{column} がない: 建築年を {other} から取る";
    ImportNoDate: "no 取得年月日: the year built is unknown, so the building is not priced" => "取得年月日がない: 建築年が分からないため、費用を算定しない";
    ImportUseFromName: "no 用途: category {category} taken from the name {name} (it contains {use_name})" => "用途がない: 名称 {name} が {use_name} を含むため、施設分類を {category} とする";
    ImportUseContains: "用途 {text} is not in the 用途 table; read as {use_name} ({category}) because it contains it" => "用途 {text} は用途表にない。{use_name} を含むため {use_name}（{category}）とする";
    ImportNamedAfterShared: "facility {name} is named after what its {n} assets' names share" => "施設 {name} の名称は、その {n} 件の資産の名称に共通する部分とした";
    ImportEquipment: "{account}: equipment of its building, priced with the building's floor area" => "{account}: 建物の附属設備であり、建物の延床面積により費用を算定する";
    ImportStructureOfFacility: "{account}: a structure of its facility, priced with the facility's buildings (the MIC method prices buildings by floor area)" => "{account}: 施設の工作物であり、施設の建物とともに費用を算定する（総務省の方法は建物を延床面積により算定する）";
    ImportEquipmentAlone: "{account} with no building of its facility in the ledger: not imported" => "{account}: 台帳にその施設の建物がないため取り込まない";
    ImportStructureAlone: "{account} with no building of its facility (roads, bridges and other structures are not buildings): not imported" => "{account}: その施設の建物がないため取り込まない（道路・橋りょう等の工作物は建物ではない）";
    ImportNameColumnByContent: "no 名称 column: column {column} ({label}) holds the names ({n} of its values name a known use)" => "名称の列がない: {column} 列（{label}）を名称とする（その値のうち {n} 件が既知の用途を含む）";
    ImportCoordinatesSwapped: "{a} holds longitudes and {b} latitudes ({n} rows): the two are exchanged" => "{a} に経度、{b} に緯度が記されている（{n} 行）: 両者を入れ替える";
    ImportNoName: "no name" => "名称がない";
    ImportKindNotInTable: "種類 {value} is not in the 用途 table: category other (it has no building, so no cost depends on it)" => "種類 {value} は用途表にない: 施設分類をその他とする（建物がないため、費用には影響しない）";
    ImportKindFromName: "no 種類: category {category} taken from the name (it contains {use_name})" => "種類がない: 名称が {use_name} を含むため、施設分類を {category} とする";
    ImportNoKind: "no 種類 and no known use in the name: category other" => "種類がなく、名称にも既知の用途がない: 施設分類をその他とする";
    ImportNoCoordinates: "no coordinates: the facility is not placed on the map" => "座標がない: 施設を地図上に配置しない";
    ImportListWithoutLedger: "the facility list was imported without a ledger: its facilities have no buildings, so no floor area and no cost; import them with the city's ledger" => "公共施設一覧を固定資産台帳なしで取り込んだ: 施設に建物がないため、延床面積も費用もない。市の固定資産台帳とともに取り込むこと";
    ImportMappingJoinsNone: "the mapping file joins {list_name} to {name}, which no ledger facility is named" => "対応付けファイルは {list_name} を {name} に対応付けているが、その名称の台帳の施設がない";
    ImportSeveralNamed: "{n} ledger facilities are named {name}: join it by hand in a mapping file's [names]" => "台帳の施設のうち {n} 件の名称が {name} である: 対応付けファイルの [names] で照合先を指定すること";
    ImportNoLedgerNamed: "no ledger facility is named {name} (nearest: {near}); join it in a mapping file: [names] {name} = \"ledger name\"" => "名称が {name} の台帳の施設がない（近いもの: {near}）。対応付けファイルで照合すること: [names] {name} = \"台帳の名称\"";
    ImportNoneNear: "none" => "なし";
    ImportAlreadyJoined: "ledger facility {name} is already joined to {first}" => "台帳の施設 {name} はすでに {first} と照合している";
    ImportJoinedClose: "joined by a close name: {list_name} ≈ ledger facility {name} (review; a mapping file's [names] can join it otherwise)" => "類似の名称により照合した: {list_name} ≈ 台帳の施設 {name}（要確認。対応付けファイルの [names] で別の照合を指定できる）";
    ImportNotInList: "facility {name} is not in the facility list: it has no coordinates, so it is not placed on the map (join it by name in a mapping file's [names])" => "施設 {name} は公共施設一覧にない: 座標がないため地図上に配置しない（対応付けファイルの [names] で名称により照合できる）";
    ImportNoDistrictName: "no district name" => "地区名がない";
    ImportDistrictsAreTowns: "districts are the towns (町・字) of the facilities' addresses; a districts table (with centres and population) or a 地区 column gives better ones" => "地区は施設の所在地の町・字とした。地区表（中心と人口を含む）または 地区 の列があれば、より適切な地区となる";
    ImportCentresAreMeans: "district centres are the mean coordinates of their facilities (estimated; a districts table can give them)" => "地区の中心は、その地区の施設の座標の平均とした（推計。地区表で与えることができる）";
    ImportNearestDistrict: "no district given: in district {id}, whose centre is nearest ({km} km)" => "地区の記載がない: 中心が最も近い地区 {id} とする（{km} km）";
    ImportStraightLines: "without a roads table, distances are straight lines × {factor} ({source}); a mapping file's [distances] sets a measured factor" => "道路の表がないため、距離は直線距離 × {factor} とした（{source}）。対応付けファイルの [distances] で実測の係数を指定できる";
    ImportDetourAssumption: "assumption: road distance is typically 1.2–1.4 times the straight line (迂回率) in Japanese towns; 1.3 is the middle" => "仮定: 日本の市街地では道路距離は直線距離の概ね 1.2〜1.4 倍（迂回率）であり、その中央の 1.3 とする";
    ImportFormatCsv: "CSV, {encoding}" => "CSV、{encoding}";
    ImportFormatTsv: "tab-separated text, {encoding}" => "タブ区切りテキスト、{encoding}";
    ImportUtf8Bom: "UTF-8 with BOM" => "UTF-8（BOM付き）";
    ImportFormatName: "{name}" => "{name}";
    ImportReadAsOther: "another column is read as {role}" => "別の列を {role} として読込み";
    ImportNotRecognised: "not recognised" => "認識できない";
    ImportNotRead: "— ({note})" => "—（{note}）";
    ImportBecameBuilding: "building {building} of facility {facility}" => "施設 {facility} の建物 {building}";
    ImportBecameFacility: "facility {facility}" => "施設 {facility}";
    ImportBecameDistrict: "district {district}" => "地区 {district}";
    ImportSkippedRows: "; skipped: {rows}{more}" => "。除外した行: {rows}{more}";
    ImportSkippedRow: "{place}: {reason}" => "{place}: {reason}";
    ImportSkippedAnd: "{a}; {b}" => "{a}；{b}";
    ImportSkippedMore: " … and {n} more" => " … ほか {n} 件";
}
