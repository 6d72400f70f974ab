//! Projection benchmarks: MIC over 40 years for synthetic buildings CSVs of 1k, 100k and 1M
//! buildings (seed 7), with the CSV read from disk, parsed from memory, or already aggregated; and
//! the national-scale file of 10M buildings streamed from disk; and an inventory folder of 1M
//! buildings read whole.
//!
//! Names are `projection/<case>/<size>`: `csv-file` reads, parses, aggregates and projects the file
//! (the `shisetsu project FILE.csv` path without process start and output); `csv-text` starts from
//! the text in memory; `aggregate` prices an aggregate already built.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shisetsu::cost::CostModel;
use shisetsu::inventory::buildings_csv;
use shisetsu::plan::Plan;
use shisetsu::projection::{Aggregate, ClassSink, project};

fn projection(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = CostModel::preset("mic").expect("mic");
    let plan = Plan::of(2022, 40, None).expect("plan");
    for (label, n) in [("1k", 1_000u64), ("100k", 100_000), ("1m", 1_000_000)] {
        let path = dir.path().join(format!("{label}.csv"));
        shisetsu::synth::write_buildings_csv(&path, n, 7).expect("generate");
        let text = std::fs::read_to_string(&path).expect("read");
        let mut g = c.benchmark_group("projection");
        g.throughput(Throughput::Elements(n));
        g.sample_size(if n >= 1_000_000 { 20 } else { 30 });
        g.bench_function(format!("csv-file/{label}-buildings"), |b| {
            b.iter(|| {
                let agg = Aggregate::from_buildings_csv(&path).expect("valid");
                project("bench", &model, plan, &agg).expect("projection")
            })
        });
        g.bench_function(format!("csv-text/{label}-buildings"), |b| {
            b.iter(|| {
                let (sink, _) =
                    buildings_csv::read(&text, "bench.csv", &ClassSink::default).expect("valid");
                project("bench", &model, plan, &sink.into_aggregate()).expect("projection")
            })
        });
        let agg = Aggregate::from_buildings_csv(&path).expect("valid");
        g.bench_function(format!("aggregate/{label}-buildings"), |b| {
            b.iter(|| project("bench", &model, plan, &agg).expect("projection"))
        });
        g.finish();
    }
}

/// `projection/csv/10m`: the national-scale file (10,000,000 buildings, about 475 MB, seed 7)
/// streamed from disk (in the page cache after the first run) into class sums and projected: the
/// `shisetsu project FILE.csv` path without process start and output.
fn national(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = CostModel::preset("mic").expect("mic");
    let plan = Plan::of(2022, 40, None).expect("plan");
    let n = 10_000_000u64;
    let path = dir.path().join("10m.csv");
    shisetsu::synth::write_buildings_csv(&path, n, 7).expect("generate");
    let mut g = c.benchmark_group("projection");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    g.bench_function("csv/10m", |b| {
        b.iter(|| {
            let agg = Aggregate::from_buildings_csv(&path).expect("valid");
            project("bench", &model, plan, &agg).expect("projection")
        })
    });
    g.finish();
}

/// `projection/folder/1m`: a generated inventory folder of 1,000,000 buildings in 500,000
/// facilities (seed 7, what `shisetsu generate --buildings 1000000` writes) streamed, checked and
/// projected over 40 years: the `shisetsu project DIR` path without process start and output.
/// `projection/folder-whole/1m`: the same folder read whole into an inventory first (the reader
/// that reports problems, and the path of every other command).
fn folder(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = CostModel::preset("mic").expect("mic");
    let plan = Plan::of(2022, 40, None).expect("plan");
    let n = 1_000_000u64;
    let path = dir.path().join("folder-1m");
    shisetsu::synth::write_inventory(&path, n, n / 2, 7).expect("generate");
    let mut g = c.benchmark_group("projection");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    g.bench_function("folder/1m", |b| {
        b.iter(|| {
            let s = shisetsu::projection::folder_stream::aggregate(&path, &shisetsu::input::Disk)
                .expect("streamed");
            project("bench", &model, plan, &s.aggregate).expect("projection")
        })
    });
    g.bench_function("folder-whole/1m", |b| {
        b.iter(|| {
            let inv = shisetsu::inventory::Inventory::load(&path).expect("valid");
            project("bench", &model, plan, &Aggregate::from_inventory(&inv)).expect("projection")
        })
    });
    g.finish();
}

criterion_group!(benches, projection, national, folder);
criterion_main!(benches);
