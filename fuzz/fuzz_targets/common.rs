//! What the fuzz targets share: input files held in memory, and what every error must be.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use shisetsu::input::{Cap, FileSource, normalize};
use shisetsu::run::BatchItem;
use shisetsu::scenario::Cache;
use shisetsu::{Diagnostic, Error, Result};

/// Files held in memory by path (or known not to exist), in front of the files built into the
/// binary (the Kanuma inventory, its cost models and scenarios), as the disk would give them.
pub struct Files {
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
}

impl Files {
    /// `files` (path, bytes, or `None` for a file that does not exist) in front of the built-in
    /// files.
    pub fn new(files: Vec<(&str, Option<&[u8]>)>) -> Files {
        Files {
            files: files
                .into_iter()
                .map(|(p, b)| (normalize(Path::new(p)), b.map(<[u8]>::to_vec)))
                .collect(),
        }
    }
}

impl FileSource for Files {
    fn read_up_to(&self, path: &Path, cap: Cap) -> Result<Option<Vec<u8>>> {
        let found = normalize(path);
        match self.files.iter().find(|(p, _)| *p == found) {
            Some((_, Some(bytes))) if bytes.len() as u64 > cap.bytes => Err(Error::Input(
                Diagnostic::file(
                    path.display().to_string(),
                    shisetsu::msg!(
                        FileTooLarge,
                        size = bytes.len().to_string(),
                        cap = cap.bytes.to_string(),
                        what = cap.what
                    ),
                )
                .into(),
            )),
            Some((_, bytes)) => Ok(bytes.clone()),
            None => shisetsu::builtin::KANUMA_FILES.read_up_to(path, cap),
        }
    }
}

/// Splits fuzz input into at most `n` files at NUL bytes (no text file of the tool holds one).
pub fn split(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |&b| b == 0).collect()
}

/// What every error the tool reports must be: printable, located and bounded (no file's content
/// comes back whole in a message), and never an internal error (a bug, not bad input).
pub fn check_error(e: &Error) {
    assert!(
        !matches!(e, Error::Internal(_)),
        "an internal error from input: {e}"
    );
    if let Error::Input(d) = e {
        assert!(!d.is_empty(), "an input error with no problem in it");
        for p in d.iter() {
            assert!(!p.file.is_empty(), "a problem not located in a file: {p:?}");
            assert!(
                !p.message.to_string().is_empty(),
                "a problem with no message: {p:?}"
            );
        }
    }
    // Shown in either language, the message is printable and bounded.
    let en = e.to_string();
    let ja = e.render(shisetsu::messages::Lang::Ja);
    assert!(!en.is_empty(), "an empty error message: {e:?}");
    assert!(!ja.is_empty(), "an empty Japanese error message: {e:?}");
    for line in en.lines().chain(ja.lines()) {
        assert!(
            line.chars().count() <= 1_000,
            "a message line of {} characters: {}…",
            line.chars().count(),
            line.chars().take(200).collect::<String>()
        );
    }
}

/// Checks an error, if there is one, and returns the value.
pub fn ok<T>(r: Result<T>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            check_error(&e);
            None
        }
    }
}

/// Loads the scenario at `path`, runs it and renders it as `run` does (a table, CSV, JSON). One
/// input in four (by length, so that a crash reproduces) also goes through the slower work: leveling
/// (a scenario that levels is otherwise only loaded), `run --format csv-facilities`, `report` and
/// `montecarlo` with a few runs. Each either succeeds or fails with an error. Returns whether the
/// scenario loaded. `cache` holds the inventories and models loaded before, when they cannot
/// change from one input to the next.
pub fn run_everything(path: &str, files: &Files, cache: &Cache, data: &[u8]) -> bool {
    use shisetsu::render;
    let slow = data.len().is_multiple_of(4);
    let Some(scenario) = ok(shisetsu::scenario::load(Path::new(path), files, cache)) else {
        return false;
    };
    if scenario.leveling().is_some() && !slow {
        return true;
    }
    let items = vec![BatchItem {
        file: PathBuf::from(path),
        result: shisetsu::run::run(&scenario),
    }];
    let csv = render::csv::Csv {
        unit: render::csv::Unit::Yen,
        excel: false,
    };
    let _ = render::run::batch_table(&items, shisetsu::messages::Lang::En);
    let _ = render::run::batch_csv(&items, csv);
    let _ = render::json::to_text(&render::json::run(&items));
    let outcome = match &items[0].result {
        Ok(o) => o,
        Err(e) => {
            check_error(e);
            return true;
        }
    };
    if !slow {
        return true;
    }
    if let Some(costs) = ok(shisetsu::explain::by_facility(&outcome.scenario)) {
        let printed = render::printed::Printed::of(&outcome.projection);
        let _ = render::csv::facilities(&[(&costs, &printed)], csv);
    }
    if let (Some(peaks), Some(ledgers)) = (
        ok(shisetsu::explain::peak_years(&items)),
        ok(shisetsu::ledger::ledgers(&items)),
    ) {
        let _ = render::report::html(&items, &peaks, &ledgers, render::report::Lang::Ja);
    }
    let settings = shisetsu::montecarlo::Settings { runs: 3, seed: 1 };
    if let Some(m) = ok(shisetsu::montecarlo::run(
        &outcome.scenario,
        settings,
        &|_| {},
    )) {
        let _ = render::montecarlo::table(&m, shisetsu::messages::Lang::Ja);
        let _ = render::json::to_text(&render::json::montecarlo(&m));
    }
    true
}
