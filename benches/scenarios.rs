//! Scenario benchmarks on the built-in Kanuma inventory: 1,000 generated scenarios (6–12 closures or
//! transfers each, one in ten with a life extension; seed 1), checked and run as one batch, with the
//! default thread pool and with pools of one and two threads; and checking alone. Names are
//! `scenarios/<case>/1000`.
//!
//! And checking (`scenarios/build/…`) and lowering (`scenarios/lower/…`) one scenario made in code
//! on a generated inventory, at two sizes ten times apart (1,000 actions on 10,000 buildings, 10,000
//! on 100,000): both are linear in buildings + actions, so the time per item (building or action)
//! stays the same.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use rust_decimal::Decimal;
use shisetsu::builtin::KANUMA_FILES;
use shisetsu::cost::CostModel;
use shisetsu::input::Overlay;
use shisetsu::inventory::Inventory;
use shisetsu::run::run_batch;
use shisetsu::scenario::{ActionSpec, Cache, RulesSpec, Scenario, ScenarioSpec, load};

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

/// A generated inventory of `n_buildings` buildings in half as many facilities (seed 7), and a
/// scenario of `n_actions` actions on distinct facilities, made in code: in turn a closure, a
/// transfer, a merge into a facility kept open, a reduction of a building, and a life extension of
/// a facility, in years across the plan.
fn generated(n_buildings: u64, n_actions: usize) -> (Arc<Inventory>, Arc<CostModel>, ScenarioSpec) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let n_facilities = n_buildings / 2;
    shisetsu::synth::write_inventory(dir.path(), n_buildings, n_facilities, 7).expect("generate");
    let inventory = Arc::new(Inventory::load(dir.path()).expect("valid"));
    let model = Arc::new(CostModel::preset("mic").expect("mic"));
    let long_life = RulesSpec {
        name: "long-life".to_string(),
        model: Some(Arc::new(CostModel::preset("long-life").expect("long-life"))),
    };
    // Facility n (from 1) is F00000n; building n belongs to facility n, for n up to the number
    // of facilities.
    let mut next = 0;
    let mut fresh = || {
        next += 1;
        next
    };
    let facility = |n: usize| format!("F{n:06}");
    let actions = (0..n_actions)
        .map(|k| {
            let year = 2023 + (k % 28) as i32;
            match k % 5 {
                0 => ActionSpec::close(facility(fresh()), year),
                1 => ActionSpec::transfer(facility(fresh()), year),
                2 => ActionSpec::merge([facility(fresh())], facility(fresh()), year),
                3 => ActionSpec::reduce(format!("B{:07}", fresh()), Decimal::new(5, 1), year),
                _ => ActionSpec {
                    facility: Some(facility(fresh())),
                    ..ActionSpec::life_extension(long_life.clone())
                },
            }
        })
        .collect();
    let spec = ScenarioSpec {
        actions,
        ..ScenarioSpec::named("generated")
    };
    (inventory, model, spec)
}

fn lowering(c: &mut Criterion) {
    let mut g = c.benchmark_group("scenarios");
    g.sample_size(20);
    for (label, n_buildings, n_actions) in [
        ("1k-actions-10k-buildings", 10_000u64, 1_000usize),
        ("10k-actions-100k-buildings", 100_000, 10_000),
    ] {
        let (inventory, model, spec) = generated(n_buildings, n_actions);
        let plan = inventory.plan;
        g.throughput(Throughput::Elements(n_buildings + n_actions as u64));
        g.bench_function(format!("build/{label}"), |b| {
            b.iter(|| {
                Scenario::build(inventory.clone(), model.clone(), plan, &spec).expect("valid")
            })
        });
        let s = Scenario::build(inventory.clone(), model.clone(), plan, &spec).expect("valid");
        g.bench_function(format!("lower/{label}"), |b| {
            b.iter(|| s.lower(false).expect("lowered"))
        });
    }
    g.finish();
}

criterion_group!(benches, scenarios, lowering);
criterion_main!(benches);
