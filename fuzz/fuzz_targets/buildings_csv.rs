//! A single buildings CSV (`shisetsu project FILE.csv`): any bytes are either read or refused with
//! located problems, never a panic; the two ways of reading it (streamed into sums by class, for
//! `project`, or into an inventory, for `validate` and scenarios) agree on every valid file; and
//! the projection of what was read either succeeds or fails with an error.

#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use shisetsu::cost::CostModel;
use shisetsu::inventory::buildings_csv;
use shisetsu::plan::Plan;
use shisetsu::projection::{Aggregate, ClassSink, project};

fuzz_target!(|data: &[u8]| {
    let file = "fuzz.csv";
    // Read as the CLI reads it: decoded (UTF-8 or Shift_JIS), then parsed in chunks.
    let streamed = match shisetsu::input::text::decode(data, file) {
        Ok(d) => match buildings_csv::read(&d.text, file, &ClassSink::default) {
            Ok((sink, _)) => Some(sink.into_aggregate()),
            Err(diags) => {
                common::check_error(&shisetsu::Error::Input(diags));
                None
            }
        },
        Err(d) => {
            common::check_error(&shisetsu::Error::Input(d.into()));
            None
        }
    };
    let loaded = common::ok(buildings_csv::load_bytes(data, file, Path::new(file)));
    assert_eq!(
        streamed.is_some(),
        loaded.is_some(),
        "the file is valid one way and not the other"
    );
    let (Some(streamed), Some(inv)) = (streamed, loaded) else {
        return;
    };
    let from_inventory = Aggregate::from_inventory(&inv);
    let model = CostModel::preset("mic").expect("the mic preset");
    let plan = Plan::of(2022, 40, None).expect("a plan");
    let a = common::ok(project("streamed", &model, plan, &streamed));
    let b = common::ok(project("loaded", &model, plan, &from_inventory));
    match (a, b) {
        (Some(a), Some(b)) => {
            for i in 0..a.years() {
                assert_eq!(
                    a.year_total(i),
                    b.year_total(i),
                    "year {i}: the streamed and the loaded file project differently"
                );
            }
            let _ = shisetsu::render::table::projection(&a, shisetsu::messages::Lang::En);
            let _ = shisetsu::render::json::to_text(&shisetsu::render::json::projection(&a));
        }
        (None, None) => {}
        _ => panic!("one reading projects and the other does not"),
    }
});
