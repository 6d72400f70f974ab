//! Optimizer benchmarks: the Kanuma plan at 55.8億円 (the command `shisetsu optimize
//! scenarios/kanuma/baseline.toml` runs: candidates generated, priced by the engine, solved, checked
//! by the engine), and a generated inventory of 7,500 buildings in 3,000 facilities (seed 7) under a
//! cap of 1,200億円 a year, on HiGHS when the bench is built with `--features highs`.
//!
//! Names are `optimize/<case>/<backend>`. Each run takes seconds to a minute or two: ten samples,
//! the fewest criterion takes, sampled flat (one run per sample). The 3,000-facility case measures
//! the acceptance literally, a feasible plan with its gap reported, under a time limit of 90 s for
//! the whole run (pricing included; HiGHS checks it between its steps, so a run can end a little
//! past it). The Kanuma cases have no time limit (the node budget, deterministic).
//!
//! Too long for `benches/run.sh`: run apart with `cargo bench --bench optimize` (microlp) and
//! `cargo bench --bench optimize --features highs` (both backends and the 3,000 facilities).

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use shisetsu::input::Disk;
use shisetsu::optimize::{Backend, Limits, Request, optimize};

/// The time limit of the 3,000-facility case, seconds.
const G3000_SECONDS: u64 = 90;

fn request(base: &std::path::Path, output: &std::path::Path, backend: Backend) -> Request {
    Request {
        base: base.to_path_buf(),
        output: output.to_path_buf(),
        candidates: None,
        cap: None,
        confidence: None,
        montecarlo: shisetsu::montecarlo::Settings {
            runs: 10_000,
            seed: 1,
        },
        limits: Limits {
            time: None,
            nodes: 2000,
            gap: 1e-9,
        },
        backend,
        frontier: 0,
        alternatives: 0,
        marginal: false,
        command: String::new(),
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut g = c.benchmark_group("optimize");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);

    // Kanuma, with the default backend (and HiGHS when built in).
    let kanuma = std::path::Path::new("scenarios/kanuma/baseline.toml");
    let out = dir.path().join("kanuma-plan.toml");
    let mut backends = vec![Backend::Microlp];
    if cfg!(feature = "highs") {
        backends.push(Backend::Highs);
    }
    for &backend in &backends {
        let req = request(kanuma, &out, backend);
        g.bench_function(format!("kanuma/{}", backend.name()), |b| {
            b.iter(|| {
                let o = optimize(&req, &Disk, &|_| {}).expect("a plan");
                assert!(o.found.plan.is_some());
                o
            })
        });
    }

    // A generated inventory of 3,000 facilities, on HiGHS only (microlp takes far longer).
    if cfg!(feature = "highs") {
        let inv = dir.path().join("g3000");
        shisetsu::synth::write_inventory(&inv, 7500, 3000, 7).expect("generate");
        let base = dir.path().join("g3000-base.toml");
        std::fs::write(
            &base,
            "name = \"generated-3000\"\ninventory = \"g3000\"\n[plan]\ncap_yen = 120000000000\n",
        )
        .expect("write");
        let out = dir.path().join("g3000-plan.toml");
        let mut req = request(&base, &out, Backend::Highs);
        req.limits.time = Some(std::time::Duration::from_secs(G3000_SECONDS));
        g.bench_function("generated-3000/highs", |b| {
            b.iter(|| {
                let o = optimize(&req, &Disk, &|_| {}).expect("a plan");
                // A feasible plan, with its gap.
                assert!(o.found.plan.as_ref().is_some_and(|p| p.feasible));
                assert!(o.found.gap().is_some());
                o
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
