//! Monte Carlo benchmark: 10,000 runs of a synthetic inventory of 1,000 buildings (seed 7) over 30
//! years under the `condition` preset (deterioration by the default chains, escalation and unit costs
//! drawn), and of the built-in Kanuma baseline.
//!
//! `montecarlo/condition/1m-1000`: 1,000 runs of a synthetic inventory of 1,000,000 buildings in
//! 500,000 facilities (seed 7, as `shisetsu generate --buildings 1000000` writes it) over 30 years
//! under the `condition` preset: the national-size case, classes of buildings drawn as cohorts.
//! Loading the inventory is outside the timing; preparing the runs (the expected projection, the
//! classes) is inside. Ten samples of one run each (flat sampling), the fewest criterion takes.
//!
//! Names are `montecarlo/<case>/<size>`.

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
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

fn national(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let inv = dir.path().join("national");
    shisetsu::synth::write_inventory(&inv, 1_000_000, 500_000, 7).expect("generate");
    let scenario = dir.path().join("condition.toml");
    std::fs::write(
        &scenario,
        "name = \"national\"\ninventory = \"national\"\nmodel = \"condition\"\n[plan]\ncap_yen = 5000000000\n",
    )
    .expect("write");
    let s = load(&scenario, &Disk, &Cache::new()).expect("valid");
    let settings = Settings {
        runs: 1000,
        seed: 1,
    };
    let mut g = c.benchmark_group("montecarlo");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(std::time::Duration::from_secs(1));
    g.measurement_time(std::time::Duration::from_secs(60));
    g.bench_function("condition/1m-1000", |b| {
        b.iter(|| run(&s, settings, &|_| {}).expect("runs"))
    });
    g.finish();
}

criterion_group!(benches, montecarlo, national);
criterion_main!(benches);
