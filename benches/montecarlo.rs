//! Monte Carlo benchmark: 10,000 runs of a synthetic inventory of 1,000 buildings (seed 7) over 30
//! years under the `condition` preset (deterioration by the default chains, escalation and unit costs
//! drawn), and of the built-in Kanuma baseline.
//!
//! Names are `montecarlo/<case>/<size>`.

use criterion::{Criterion, criterion_group, criterion_main};
use shisetsu::builtin::KANUMA_FILES;
use shisetsu::input::Disk;
use shisetsu::montecarlo::{Settings, run};
use shisetsu::scenario::{Cache, load};

fn montecarlo(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let inv = dir.path().join("synthetic");
    shisetsu::synth::write_inventory(&inv, 1000, 400, 7).expect("generate");
    let scenario = dir.path().join("condition.toml");
    std::fs::write(
        &scenario,
        "name = \"synthetic\"\ninventory = \"synthetic\"\nmodel = \"condition\"\n[plan]\ncap_yen = 5000000000\n",
    )
    .expect("write");
    let s = load(&scenario, &Disk, &Cache::new()).expect("valid");
    let kanuma = load(
        std::path::Path::new("scenarios/kanuma/baseline.toml"),
        &KANUMA_FILES,
        &Cache::new(),
    )
    .expect("valid");
    let settings = Settings {
        runs: 10_000,
        seed: 1,
    };
    let mut g = c.benchmark_group("montecarlo");
    g.sample_size(10);
    g.bench_function("condition/1k-buildings-10000-runs", |b| {
        b.iter(|| run(&s, settings, &|_| {}).expect("runs"))
    });
    g.bench_function("kanuma-baseline/10000-runs", |b| {
        b.iter(|| run(&kanuma, settings, &|_| {}).expect("runs"))
    });
    g.finish();
}

criterion_group!(benches, montecarlo);
criterion_main!(benches);
