//! Reading input files: text decoding, CSV records and TOML documents, each with exact locations.
//!
//! This module owns the translation from bytes on disk to located values: which encoding a file is
//! in, where each CSV record starts, which line a TOML key sits on. It knows nothing of facilities or
//! costs: the `inventory`, `cost` and `scenario` modules give the fields their meaning.

pub mod csv;
pub mod lines;
pub mod text;
pub mod toml;

use std::path::Path;

use crate::error::{Error, Result};

/// Reads a whole file, naming it in the error.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::read(path, e))
}

/// The bytes of an input file: read into memory, or mapped when the file is large.
pub enum FileBytes {
    /// Read into a buffer.
    Heap(Vec<u8>),
    /// Mapped read-only.
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Heap(v) => v,
            FileBytes::Mapped(m) => m,
        }
    }
}

/// Files at least this large are mapped rather than read.
const MAP_AT_LEAST: u64 = 4 << 20;

/// Reads a possibly large input file: files of 4 MiB or more are mapped into memory (pre-faulted),
/// which avoids copying tens of megabytes; smaller ones are read.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be opened or read.
pub fn read_large(path: &Path) -> Result<FileBytes> {
    let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let len = file.metadata().map_err(|e| Error::read(path, e))?.len();
    if len < MAP_AT_LEAST {
        return read_file(path).map(FileBytes::Heap);
    }
    // SAFETY: the map is read-only and lives as long as the returned value. The one hazard of a
    // mapped file, another process truncating it while it is read, would stop this process with
    // SIGBUS rather than give wrong results; inventories are not written while they are projected.
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) };
    match map {
        Ok(m) => Ok(FileBytes::Mapped(m)),
        // Some file systems cannot be mapped: read instead.
        Err(_) => read_file(path).map(FileBytes::Heap),
    }
}

/// Where input files come from: the disk, or files built into the binary (the default inventory).
pub trait FileSource: Sync {
    /// The bytes of the file at `path`, `None` when it does not exist.
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when it exists but cannot be read.
    fn read(&self, path: &Path) -> Result<Option<Vec<u8>>>;
}

/// Files on disk.
pub struct Disk;

impl FileSource for Disk {
    fn read(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        if !path.exists() {
            return Ok(None);
        }
        read_file(path).map(Some)
    }
}

/// Another source that remembers every file read through it, so that a command can refuse to write
/// its output over any file it read (an inventory table, a cost model, an included scenario), not
/// only over the paths named on its command line.
pub struct Recorder<'b> {
    base: &'b dyn FileSource,
    read: std::sync::Mutex<std::collections::BTreeSet<std::path::PathBuf>>,
}

impl<'b> Recorder<'b> {
    /// Records the reads of `base`.
    pub fn new(base: &'b dyn FileSource) -> Recorder<'b> {
        Recorder {
            base,
            read: std::sync::Mutex::default(),
        }
    }

    /// The files read so far (that existed), in path order.
    pub fn paths(&self) -> Vec<std::path::PathBuf> {
        self.read
            .lock()
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default()
    }
}

impl FileSource for Recorder<'_> {
    fn read(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        let bytes = self.base.read(path)?;
        if bytes.is_some() {
            if let Ok(mut r) = self.read.lock() {
                r.insert(path.to_path_buf());
            }
        }
        Ok(bytes)
    }
}

/// Files held in memory (by path) in front of another source: scenario files generated for a
/// benchmark over the built-in inventory, for example.
pub struct Overlay<'b> {
    files: std::collections::HashMap<std::path::PathBuf, Vec<u8>>,
    base: &'b dyn FileSource,
}

impl<'b> Overlay<'b> {
    /// Files `files` over `base`.
    pub fn new(files: Vec<(std::path::PathBuf, String)>, base: &'b dyn FileSource) -> Overlay<'b> {
        Overlay {
            files: files
                .into_iter()
                .map(|(p, t)| (normalize(&p), t.into_bytes()))
                .collect(),
            base,
        }
    }
}

impl FileSource for Overlay<'_> {
    fn read(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        match self.files.get(&normalize(path)) {
            Some(b) => Ok(Some(b.clone())),
            None => self.base.read(path),
        }
    }
}

/// Files held in memory, by path.
pub struct Embedded(pub &'static [(&'static str, &'static str)]);

impl FileSource for Embedded {
    fn read(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        let path = normalize(path);
        Ok(self
            .0
            .iter()
            .find(|(p, _)| Path::new(p) == path)
            .map(|(_, text)| text.as_bytes().to_vec()))
    }
}

impl Embedded {
    /// The paths of the files under a folder, in name order.
    pub fn files_under(&self, dir: &str) -> Vec<std::path::PathBuf> {
        let mut v: Vec<std::path::PathBuf> = self
            .0
            .iter()
            .map(|(p, _)| Path::new(p))
            .filter(|p| p.parent() == Some(Path::new(dir)))
            .map(Path::to_path_buf)
            .collect();
        v.sort();
        v
    }
}

/// Removes `.` and `dir/..` from a path without touching the disk, so the same file reached two
/// ways is one cache entry, and built-in files are found by name.
pub fn normalize(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The name under which a path appears in messages: as the user wrote it.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}
