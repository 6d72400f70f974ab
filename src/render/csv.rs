//! CSV output: one row per fiscal year × kind × category (long format, for pivot tables).

use crate::category::ALL_KINDS;
use crate::projection::Projection;

use super::yen_string;

/// The projection as CSV: `scenario,year,kind,category,amount_yen`, every kind for every category
/// present, zeros included so pivot tables see a full grid.
pub fn projection(p: &Projection) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(["scenario", "year", "kind", "category", "amount_yen"]);
    let first = p.horizon().first().get();
    for i in 0..p.years() {
        let year = (first + i as i32).to_string();
        for k in ALL_KINDS {
            for c in p.categories() {
                let _ = w.write_record([
                    p.name(),
                    &year,
                    k.key(),
                    c.key(),
                    &yen_string(p.amount(i, k, c)),
                ]);
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
