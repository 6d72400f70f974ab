//! Rendering results for people and scripts: terminal tables, CSV and JSON; and writing output files
//! atomically.
//!
//! Every amount printed is rounded here, and only here: totals with [`Rounding::HalfEven`], their
//! parts apportioned to them ([`printed`]) so that printed amounts add up; the projection itself
//! stays exact. Renderers take finished results and never compute costs.

pub mod csv;
pub mod json;
pub mod montecarlo;
pub mod optimize;
pub mod printed;
pub mod report;
pub mod run;
pub mod svg;
pub mod table;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::money::{Rounding, Yen};

/// The rounding used for every printed amount.
pub const ROUNDING: Rounding = Rounding::HalfEven;

/// A whole-yen decimal string, as JSON and CSV carry money.
pub fn yen_string(y: Yen) -> String {
    y.round(ROUNDING).to_string()
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename, so a
/// reader never sees half a file and a failed run leaves no partial output.
///
/// # Errors
///
/// [`Error::Write`] when the folder is not writable or the disk is full.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
