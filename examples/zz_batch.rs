use std::time::Instant;
fn main() {
    let files = shisetsu::synth::kanuma_scenarios(1000, 1);
    let paths: Vec<_> = files.iter().map(|f| f.0.clone()).collect();
    let src = shisetsu::input::Overlay::new(files, &shisetsu::builtin::KANUMA_FILES);
    for _ in 0..2 {
        let t = Instant::now();
        let items = shisetsu::run::run_batch(&paths, &src);
        let ok = items.iter().filter(|i| i.result.is_ok()).count();
        if let Some(e) = items.iter().find_map(|i| i.result.as_ref().err()) {
            eprintln!("{e}");
        }
        eprintln!("{:?} ok={ok}", t.elapsed());
    }
}
