//! Optimizer benchmarks: the Kanuma plan at 55.8億円 (the command `shisetsu optimize
//! scenarios/kanuma/baseline.toml` runs: candidates generated, priced by the engine, solved, checked
//! by the engine), and a generated inventory of 7,500 buildings in 3,000 facilities (seed 7) under a
//! cap of 1,200億円 a year, on HiGHS when the bench is built with `--features highs`.
//!
//! Names are `optimize/<case>/<backend>`. Each run takes tens of seconds: ten samples, the fewest
//! criterion takes.

use criterion::{Criterion, criterion_group, criterion_main};
use shisetsu::input::Disk;
use shisetsu::optimize::{Backend, Limits, Request, optimize};

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
        let req = request(&base, &out, Backend::Highs);
        g.bench_function("generated-3000/highs", |b| {
            b.iter(|| optimize(&req, &Disk, &|_| {}).expect("a plan"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
