//! Scenario benchmarks on the built-in Kanuma inventory: 1,000 generated scenarios (6–12 closures or
//! transfers each, one in ten with a life extension; seed 1), checked and run as one batch, with the
//! default thread pool and with pools of one and two threads; and checking alone.
//!
//! Names are `scenarios/<case>/1000`.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use shisetsu::builtin::KANUMA_FILES;
use shisetsu::input::Overlay;
use shisetsu::run::run_batch;
use shisetsu::scenario::{Cache, load};

fn scenarios(c: &mut Criterion) {
    let files = shisetsu::synth::kanuma_scenarios(1000, 1);
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let source = Overlay::new(files, &KANUMA_FILES);
    let mut g = c.benchmark_group("scenarios");
    g.throughput(Throughput::Elements(1000));
    g.sample_size(20);
    g.bench_function("kanuma/1000", |b| {
        b.iter(|| {
            let items = run_batch(&paths, &source);
            assert!(items.iter().all(|i| i.result.is_ok()));
            items
        })
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        let name = format!(
            "kanuma-{threads}-thread{}/1000",
            if threads > 1 { "s" } else { "" }
        );
        g.bench_function(name, |b| {
            b.iter(|| pool.install(|| run_batch(&paths, &source)))
        });
    }
    g.bench_function("validate/1000", |b| {
        b.iter(|| {
            let cache = Cache::new();
            paths
                .par_iter()
                .map(|p| load(p, &source, &cache).is_ok())
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

criterion_group!(benches, scenarios);
criterion_main!(benches);
