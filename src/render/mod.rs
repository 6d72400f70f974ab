//! Rendering results for people and scripts: terminal tables, CSV and JSON (writing files
//! atomically is [`crate::atomic`]'s).
//!
//! Every amount printed is rounded here, and only here: totals with [`Rounding::HalfEven`], their
//! parts apportioned to them ([`printed`]) so that printed amounts add up; the projection itself
//! stays exact. Renderers take finished results and never compute costs.

pub mod csv;
pub mod json;
pub mod karte;
pub mod montecarlo;
pub mod optimize;
pub mod printed;
pub mod report;
pub mod run;
pub mod svg;
pub mod table;
pub mod xlsx;

use crate::money::{Rounding, Yen};

/// The rounding used for every printed amount.
pub const ROUNDING: Rounding = Rounding::HalfEven;

/// A whole-yen decimal string, as JSON and CSV carry money.
pub fn yen_string(y: Yen) -> String {
    y.round(ROUNDING).to_string()
}

pub use crate::atomic::write_atomic;
