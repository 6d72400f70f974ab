//! Leveling benchmarks: choosing the renewal moves that keep a generated inventory's years under a
//! cap. The inventory is `shisetsu generate`'s (seed 7, one facility per two buildings, MIC rules,
//! 30 years from FY2022); the cap is 14,300,000 yen a building a year (about 1.05 × the plan's
//! average year), so the first decade is far over it and the later years have room; events move
//! by at most five years, later only. Names are `leveling/<buildings>` (1k, 4k, 10k, 100k; from
//! 10k on, ten samples of one run each); the time is the whole choice (one projection to gather
//! the events, then both phases of the search).

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use shisetsu::cost::CostModel;
use shisetsu::inventory::Inventory;
use shisetsu::money::Yen;
use shisetsu::scenario::{Scenario, ScenarioSpec, leveling};

fn leveling(c: &mut Criterion) {
    let mut g = c.benchmark_group("leveling");
    g.sample_size(10);
    for (label, n_buildings) in [
        ("1k", 1_000u64),
        ("4k", 4_000),
        ("10k", 10_000),
        ("100k", 100_000),
    ] {
        if n_buildings >= 10_000 {
            // Long runs: the fewest samples criterion takes, one run each.
            g.sampling_mode(SamplingMode::Flat);
            g.measurement_time(Duration::from_secs(1));
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        shisetsu::synth::write_inventory(dir.path(), n_buildings, n_buildings / 2, 7)
            .expect("generate");
        let inventory = Arc::new(Inventory::load(dir.path()).expect("valid"));
        let model = Arc::new(CostModel::preset("mic").expect("mic"));
        let mut plan = inventory.plan.expect("the generated inventory has a plan");
        plan.cap = Some(Yen::new(Decimal::from(n_buildings * 14_300_000)));
        let s = Scenario::build(inventory, model, Some(plan), &ScenarioSpec::named("level"))
            .expect("valid");
        g.throughput(Throughput::Elements(n_buildings));
        g.bench_function(label, |b| {
            b.iter(|| leveling::choose(&s, 5, false).expect("leveled"))
        });
    }
    g.finish();
}

criterion_group!(benches, leveling);
criterion_main!(benches);
