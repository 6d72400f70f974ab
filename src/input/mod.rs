//! Reading input files: text decoding, CSV records and TOML documents, each with exact locations.
//!
//! This module owns the translation from bytes on disk to located values: which encoding a file is
//! in, where each CSV record starts, which line a TOML key sits on. It knows nothing of facilities or
//! costs: the `inventory`, `cost` and `scenario` modules give the fields their meaning.

pub mod csv;
pub mod lines;
pub mod plain_line;
pub mod stream;
pub mod text;
pub mod toml;

use crate::msg;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result};

/// The most of a file that is read, by what the file is: inputs are read whole, so a file larger
/// than its cap (or one that never ends) is refused with a message rather than read until memory
/// runs out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cap {
    /// The largest size accepted, in bytes.
    pub bytes: u64,
    /// What the file is, for the message (`a TOML file`).
    pub what: crate::messages::Id,
}

impl Cap {
    /// A TOML file (cost model, scenario, `inventory.toml`, deterioration chains): 16 MiB, some
    /// hundred thousand actions.
    pub const TOML: Cap = Cap {
        bytes: 16 << 20,
        what: crate::messages::Id::CapToml,
    };
    /// A table of an inventory folder, read whole: 1 GiB.
    pub const TABLE: Cap = Cap {
        bytes: 1 << 30,
        what: crate::messages::Id::CapTable,
    };
    /// A source an import reads (a ledger or list as a workbook or CSV): 1 GiB.
    pub const SOURCE: Cap = Cap {
        bytes: 1 << 30,
        what: crate::messages::Id::CapSource,
    };
    /// A single buildings CSV, read in parallel chunks: 8 GiB, some 170 million buildings.
    pub const BUILDINGS_CSV: Cap = Cap {
        bytes: 8 << 30,
        what: crate::messages::Id::CapBuildingsCsv,
    };
}

/// A size in bytes for people: `16 MiB`, `1.5 GiB`, `512 bytes`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let tenths = (u128::from(bytes) * 10 / u128::from(size)) as u64;
            return if tenths % 10 == 0 {
                format!("{} {unit}", tenths / 10)
            } else {
                format!("{}.{} {unit}", tenths / 10, tenths % 10)
            };
        }
    }
    format!("{bytes} bytes")
}

/// Reads a whole input file, at most `cap` of it, naming it in the error.
///
/// Only a regular file is read (a symbolic link to one is followed): a folder, a FIFO, a device
/// (`/dev/zero`, `/dev/urandom`) or a socket is refused without waiting for it (it is opened
/// without blocking and examined before anything is read), as is a file larger than `cap`. A
/// file whose size changes while it is read (written, or truncated, by another process) is
/// reported rather than read in part.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be opened or read; [`Error::Input`] when it is not a
/// regular file, is larger than `cap`, or changes while it is read.
pub fn read_file(path: &Path, cap: Cap) -> Result<Vec<u8>> {
    let (file, len) = open_regular(path, cap)?;
    // The buffer is allocated zeroed (fresh pages from the system, not written twice), after a
    // fallible reservation of the same size has shown that memory allows it.
    let mut probe: Vec<u8> = Vec::new();
    probe
        .try_reserve_exact(len as usize)
        .map_err(|_| too_large(path, len, cap))?;
    drop(probe);
    let mut bytes = vec![0u8; len as usize];
    let changed = |read: u64| changed_while_read(path, len, read);
    read_parts(&file, &mut bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => changed(file.metadata().map_or(0, |m| m.len())),
        _ => Error::read(path, e),
    })?;
    // Nothing more may follow: a file that grew while it was read is not read in part.
    let mut probe = [0u8; 1];
    if read_at(&file, &mut probe, len).map_err(|e| Error::read(path, e))? != 0 {
        return Err(changed(file.metadata().map_or(0, |m| m.len())));
    }
    Ok(bytes)
}

/// The error for a file whose size went from `len` when it was opened to `now` while it was read.
pub(crate) fn changed_while_read(path: &Path, len: u64, now: u64) -> Error {
    Error::Input(Diagnostic::file(display_name(path), msg!(FileChanged, len, read = now)).into())
}

/// Fills `buf` from the start of `file`: a large file in parts read in parallel (copying a file
/// into memory costs about as much as mapping it, when the copy is shared among the cores).
fn read_parts(file: &std::fs::File, buf: &mut [u8]) -> std::io::Result<()> {
    use rayon::prelude::*;
    const PART: usize = 8 << 20;
    if buf.len() <= PART {
        return read_exact_at(file, buf, 0);
    }
    let parts = buf.len().div_ceil(PART);
    let size = buf
        .len()
        .div_ceil(parts.min(rayon::current_num_threads().max(1) * 4));
    buf.par_chunks_mut(size)
        .enumerate()
        .try_for_each(|(i, part)| read_exact_at(file, part, (i * size) as u64))
}

/// Reads exactly `buf.len()` bytes at `offset` (an early end of file is `UnexpectedEof`).
pub(crate) fn read_exact_at(
    file: &std::fs::File,
    mut buf: &mut [u8],
    mut offset: u64,
) -> std::io::Result<()> {
    while !buf.is_empty() {
        match read_at(file, buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(unix)]
pub(crate) fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
pub(crate) fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// Opens a regular file for reading, refusing anything else and any file larger than `cap`;
/// returns it with its size.
pub(crate) fn open_regular(path: &Path, cap: Cap) -> Result<(std::fs::File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Opening a FIFO for reading waits for a writer; without blocking, it opens at once and is
        // refused below. Reads from a regular file are not affected by the flag.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(|e| Error::read(path, e))?;
    let meta = file.metadata().map_err(|e| Error::read(path, e))?;
    if !meta.is_file() {
        return Err(Error::Input(
            Diagnostic::file(
                display_name(path),
                msg!(NotRegular, what = file_type_name(&meta.file_type())),
            )
            .into(),
        ));
    }
    let len = meta.len();
    if len > cap.bytes {
        return Err(too_large(path, len, cap));
    }
    Ok((file, len))
}

fn too_large(path: &Path, len: u64, cap: Cap) -> Error {
    Error::Input(
        Diagnostic::file(
            display_name(path),
            msg!(
                FileTooLarge,
                size = size_text(len),
                cap = size_text(cap.bytes),
                what = cap.what
            ),
        )
        .into(),
    )
}

/// What kind of file system object a file type is, in words.
pub fn file_type_name(t: &std::fs::FileType) -> crate::messages::Id {
    use crate::messages::Id;
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Id::AFifo;
        }
        if t.is_char_device() {
            return Id::ACharDevice;
        }
        if t.is_block_device() {
            return Id::ABlockDevice;
        }
        if t.is_socket() {
            return Id::ASocket;
        }
    }
    if t.is_dir() {
        Id::AFolder
    } else if t.is_symlink() {
        Id::ASymlink
    } else if t.is_file() {
        Id::ARegularFile
    } else {
        Id::NotAFile
    }
}

/// Where input files come from: the disk, or files built into the binary (the default inventory).
pub trait FileSource: Sync {
    /// The bytes of the file at `path`, at most `cap` of them; `None` when it does not exist.
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when it exists but cannot be read; [`Error::Input`] when it is not a regular
    /// file or is larger than `cap`.
    fn read_up_to(&self, path: &Path, cap: Cap) -> Result<Option<Vec<u8>>>;

    /// The bytes of the file at `path` (an inventory table: at most [`Cap::TABLE`]), `None` when
    /// it does not exist.
    ///
    /// # Errors
    ///
    /// As [`FileSource::read_up_to`].
    fn read(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        self.read_up_to(path, Cap::TABLE)
    }

    /// Opens the file at `path` (at most `cap`) for streaming in blocks, when this source reads
    /// from the disk: `None` when it cannot stream (files built into the binary or held in
    /// memory: read them whole), `Some(Ok(None))` when the file does not exist.
    fn stream(&self, path: &Path, cap: Cap) -> Option<Result<Option<stream::Stream>>> {
        let _ = (path, cap);
        None
    }
}

/// Files on disk.
pub struct Disk;

impl FileSource for Disk {
    fn read_up_to(&self, path: &Path, cap: Cap) -> Result<Option<Vec<u8>>> {
        // A dangling symbolic link is a file that does not exist; anything else at the path is read,
        // or refused, by `read_file`.
        if !path.exists() {
            return Ok(None);
        }
        read_file(path, cap).map(Some)
    }

    fn stream(&self, path: &Path, cap: Cap) -> Option<Result<Option<stream::Stream>>> {
        if !path.exists() {
            return Some(Ok(None));
        }
        Some(stream::Stream::open(path, cap).map(Some))
    }
}

/// Checks the size of bytes held in memory against a cap, as [`read_file`] does on disk.
fn in_memory(path: &Path, bytes: Vec<u8>, cap: Cap) -> Result<Vec<u8>> {
    if bytes.len() as u64 > cap.bytes {
        return Err(too_large(path, bytes.len() as u64, cap));
    }
    Ok(bytes)
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
    fn read_up_to(&self, path: &Path, cap: Cap) -> Result<Option<Vec<u8>>> {
        let bytes = self.base.read_up_to(path, cap)?;
        if bytes.is_some() {
            if let Ok(mut r) = self.read.lock() {
                r.insert(path.to_path_buf());
            }
        }
        Ok(bytes)
    }

    fn stream(&self, path: &Path, cap: Cap) -> Option<Result<Option<stream::Stream>>> {
        let stream = self.base.stream(path, cap)?;
        if let Ok(Some(_)) = &stream {
            if let Ok(mut r) = self.read.lock() {
                r.insert(path.to_path_buf());
            }
        }
        Some(stream)
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
    fn read_up_to(&self, path: &Path, cap: Cap) -> Result<Option<Vec<u8>>> {
        match self.files.get(&normalize(path)) {
            Some(b) => in_memory(path, b.clone(), cap).map(Some),
            None => self.base.read_up_to(path, cap),
        }
    }
}

/// Files held in memory, by path.
pub struct Embedded(pub &'static [(&'static str, &'static str)]);

impl FileSource for Embedded {
    fn read_up_to(&self, path: &Path, cap: Cap) -> Result<Option<Vec<u8>>> {
        let found = normalize(path);
        self.0
            .iter()
            .find(|(p, _)| Path::new(p) == found)
            .map(|(_, text)| in_memory(path, text.as_bytes().to_vec(), cap))
            .transpose()
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
