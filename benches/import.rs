//! Import benchmark: a fixed-asset ledger of 100,000 rows in an xlsx workbook (generated with seed
//! 7: three buildings a facility on average, 附属設備 and land rows among them, dates as Excel date
//! cells, areas with decimals, a title and a two-row header), imported into an inventory folder:
//! the workbook read, every row interpreted, the folder and the report written in memory, read
//! back by the engine's loader, and written to disk.
//!
//! Name: `import/ledger-xlsx/100k-rows`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use shisetsu::import::{self, Request, Source};
use shisetsu::synth::SplitMix64;

const USES: [(&str, &str); 12] = [
    ("小学校", "小学校"),
    ("中学校", "中学校"),
    ("公民館", "公民館"),
    ("集会所", "集会所"),
    ("図書館", "図書館"),
    ("体育館", "体育館"),
    ("保育所", "保育所"),
    ("児童館", "児童館"),
    ("市営住宅", "市営住宅"),
    ("庁舎", "庁舎"),
    ("消防署", "消防署"),
    ("倉庫", "倉庫"),
];

const STRUCTURES: [&str; 6] = [
    "鉄筋コンクリート造",
    "RC",
    "鉄骨造",
    "木造",
    "ＳＲＣ造",
    "軽量鉄骨造",
];

/// Writes a ledger of `n` rows and returns its bytes.
fn ledger(n: u32, seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy/mm/dd");
    sheet
        .write_string(0, 0, "架空市 固定資産台帳")
        .expect("cell");
    let header = [
        "財産番号",
        "勘定科目",
        "施設名",
        "資産名称",
        "用途",
        "構造",
        "延床面積",
        "取得",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).expect("cell");
    }
    sheet.write_string(3, 6, "（㎡）").expect("cell");
    sheet.write_string(3, 7, "年月日").expect("cell");
    let mut facility = 0u32;
    let mut left_in_facility = 0u64;
    let mut use_index = 0usize;
    for i in 0..n {
        if left_in_facility == 0 {
            facility += 1;
            left_in_facility = 1 + rng.below(5);
            use_index = rng.below(USES.len() as u64) as usize;
        }
        left_in_facility -= 1;
        let row = 4 + i;
        let (kind, area) = match rng.below(20) {
            0 => ("建物附属設備", None),
            1 => ("土地", Some(500 + rng.below(5000))),
            _ => ("建物", Some(50 + rng.below(5000))),
        };
        let (name, use_name) = USES[use_index];
        sheet
            .write_string(row, 0, format!("{:06}", i + 1))
            .expect("cell");
        sheet.write_string(row, 1, kind).expect("cell");
        sheet
            .write_string(row, 2, format!("第{facility}{name}"))
            .expect("cell");
        sheet
            .write_string(row, 3, format!("第{facility}{name} {}棟", i % 7 + 1))
            .expect("cell");
        sheet.write_string(row, 4, use_name).expect("cell");
        sheet
            .write_string(row, 5, STRUCTURES[rng.below(6) as usize])
            .expect("cell");
        if let Some(a) = area {
            sheet
                .write_number(row, 6, a as f64 + rng.below(100) as f64 / 100.0)
                .expect("cell");
        }
        let y = 1955 + rng.below(65) as u16;
        let m = 1 + rng.below(12) as u8;
        let d = 1 + rng.below(28) as u8;
        sheet
            .write_datetime_with_format(
                row,
                7,
                ExcelDateTime::from_ymd(y, m, d).expect("date"),
                &date,
            )
            .expect("cell");
    }
    book.save_to_buffer().expect("workbook")
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let n = 100_000;
    // Kept in target/ (as benches/run.sh keeps its CSV) so the command can be timed on it too.
    let path = std::path::PathBuf::from("target/bench-import-100k.xlsx");
    std::fs::write(&path, ledger(n, 7)).expect("write the workbook");
    let request = Request {
        sources: vec![Source {
            path: path.clone(),
            kind: None,
            sheet: None,
        }],
        default_name: "bench".into(),
        ..Request::default()
    };
    let out = dir.path().join("inventory");
    let mut g = c.benchmark_group("import");
    g.throughput(Throughput::Elements(u64::from(n)));
    g.sample_size(10);
    g.bench_function("ledger-xlsx/100k-rows", |b| {
        b.iter(|| {
            let imported = import::import(&request).expect("the ledger imports");
            import::write_folder(&out, &imported, true).expect("written");
            imported.report.summary.buildings
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
