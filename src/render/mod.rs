//! Rendering results for people and scripts: terminal tables, CSV and JSON; and writing output files
//! atomically.
//!
//! Every amount printed is rounded here, and only here: totals with [`Rounding::HalfEven`], their
//! parts apportioned to them ([`printed`]) so that printed amounts add up; the projection itself
//! stays exact. Renderers take finished results and never compute costs.

pub mod csv;
pub mod json;
pub mod montecarlo;
pub mod printed;
pub mod report;
pub mod run;
pub mod svg;
pub mod table;

use std::path::Path;

use crate::error::Result;
use crate::money::{Rounding, Yen};

/// The rounding used for every printed amount.
pub const ROUNDING: Rounding = Rounding::HalfEven;

/// A whole-yen decimal string, as JSON and CSV carry money.
pub fn yen_string(y: Yen) -> String {
    y.round(ROUNDING).to_string()
}

/// Writes `bytes` to `path` whole or not at all ([`crate::output::write_file`]): a regular file
/// through a temporary file renamed over it, a device or a FIFO in place.
///
/// # Errors
///
/// [`crate::Error::Write`] when the folder is not writable or the disk is full.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::output::write_file(path, bytes)
}
