//! Writing outputs the way well-kept tools do: a file is replaced whole or not at all, a folder is
//! written complete or not at all, and nothing else on the disk is touched.
//!
//! - A regular file (new or replaced) is written to a temporary file in the same folder and renamed
//!   over the target once complete and synced. On Linux the temporary file has no name while it is
//!   written (`O_TMPFILE`): it is linked under a random name only at the end, for the rename, so a
//!   process killed mid-write (`kill -9`, a full disk) leaves nothing behind. Elsewhere (or where the
//!   file system cannot) it is a [`tempfile`] file: created exclusively under a random name, so no
//!   file or symbolic link planted in the folder is followed or overwritten. Its name is short, so
//!   any output name the system accepts can be written.
//! - A replaced file keeps its permissions (and, where the process may, its owner); a new one gets
//!   the usual ones (0666 less the umask).
//! - A symbolic link to a regular file keeps pointing to it: the file it points to is replaced.
//! - Anything that is not a regular file (a device such as `/dev/null`, a FIFO, `/dev/stdout`) is
//!   written in place, appending, never replaced by a rename (which, for a process allowed to, would
//!   replace the device node itself).
//! - A folder ([`write_folder`]) is built complete in a temporary folder beside it, then renamed
//!   into place; an inventory folder it replaces is swapped out in one step (Linux) and removed.
//!
//! This module knows nothing of what is written; every failure is an [`Error::Write`] naming the
//! target. A leaf: it imports only the error type.

use std::fs::{File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The prefix of every temporary name this module makes (in the target's folder).
const PREFIX: &str = ".shisetsu-";

/// Symbolic links followed from an output path before giving up (a loop).
const MAX_LINKS: usize = 16;

/// Writes `bytes` to the file at `path`: a regular file (new, or replaced whole), or written in
/// place when the target is not a regular file (a device, a FIFO, standard output). See the
/// module's documentation.
///
/// # Errors
///
/// [`Error::Write`] naming `path` when the folder is not writable, the disk is full, or the target
/// is a folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, &mut |w| w.write_all(bytes))
}

/// [`write_atomic`] of what `body` writes, as it writes it (an output too large to hold whole):
/// the same file, replaced whole or not at all. `body` is called once, or (rarely, when the
/// system cannot name an unnamed file once written) a second time from the start, into another
/// file; it should write buffered.
///
/// # Errors
///
/// As [`write_atomic`], and `body`'s errors.
pub fn write_atomic_with(
    path: &Path,
    body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let fail = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    match target(path).map_err(fail)? {
        Target::InPlace => write_in_place(path, body).map_err(fail),
        Target::Replace { file, keep } => replace(&file, body, keep.as_ref()).map_err(fail),
    }
}

/// What writing to a path means.
enum Target {
    /// Write into the existing object (a device, a FIFO, standard output).
    InPlace,
    /// Create or replace the regular file `file` (the path itself, or where its links lead), with
    /// the permissions of the file it replaces.
    Replace {
        file: PathBuf,
        keep: Option<Metadata>,
    },
}

fn target(path: &Path) -> std::io::Result<Target> {
    // Paths into /dev and /proc name devices and open files (/dev/stdout is a link to the process's
    // own descriptor, which may be a regular file the shell opened): never replaced.
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let absolute = lexical(&absolute);
    if absolute.starts_with("/dev") || absolute.starts_with("/proc") {
        return Ok(Target::InPlace);
    }
    let mut file = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&file) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Target::Replace { file, keep: None });
            }
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            // Follow the link (relative to its folder), so that it keeps pointing to the file.
            let to = std::fs::read_link(&file)?;
            file = match file.parent() {
                Some(dir) if to.is_relative() => dir.join(to),
                _ => to,
            };
            continue;
        }
        if kind.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a folder",
            ));
        }
        if kind.is_file() {
            return Ok(Target::Replace {
                file,
                keep: Some(meta),
            });
        }
        return Ok(Target::InPlace);
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// A path without `.` and `dir/..` (on its text, not the disk).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Writes into an existing object that is not a regular file: opened for writing, appending (so
/// `--output /dev/stdout` with standard output sent to a file, even with `>>`, adds to it).
fn write_in_place(
    path: &Path,
    body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().append(true).open(path)?;
    body(&mut f)?;
    f.flush()
}

/// The folder of a path (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Creates or replaces the regular file `file` with what `body` writes, whole or not at all.
fn replace(
    file: &Path,
    body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    keep: Option<&Metadata>,
) -> std::io::Result<()> {
    let dir = folder_of(file);
    #[cfg(target_os = "linux")]
    if let Some(done) = unnamed::replace(dir, file, body, keep) {
        return done;
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        // As any program creates a file: read and write for all, less the umask.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut staged = builder.tempfile_in(dir)?;
    fill(staged.as_file_mut(), body, keep)?;
    staged.persist(file).map_err(|e| e.error)?;
    sync_folder(dir);
    Ok(())
}

/// Writes what `body` writes, gives the file the permissions (and owner) of the one it replaces,
/// and syncs it to the disk.
fn fill(
    f: &mut File,
    body: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    keep: Option<&Metadata>,
) -> std::io::Result<()> {
    body(f)?;
    if let Some(meta) = keep {
        f.set_permissions(meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Only a privileged process may give a file away; for any other the owner is already
            // its own, or cannot be kept.
            let _ = std::os::unix::fs::fchown(&*f, Some(meta.uid()), Some(meta.gid()));
        }
    }
    f.sync_all()
}

/// Syncs a folder, so that a rename in it is on the disk (best effort: not every system can).
fn sync_folder(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Files without a name while they are written (Linux `O_TMPFILE`).
#[cfg(target_os = "linux")]
mod unnamed {
    use std::fs::{File, Metadata};
    use std::os::fd::AsRawFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};

    /// A file in `dir` that has no name: it vanishes if the process dies before [`link`] names it.
    pub(super) fn create(dir: &Path) -> std::io::Result<File> {
        let fd = rustix::fs::openat(
            CWD,
            dir,
            OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o666),
        )?;
        Ok(File::from(fd))
    }

    /// Names an unnamed file `dir/<random>` (never an existing name: the link fails rather than
    /// replace anything) and returns that name, removed again if dropped.
    pub(super) fn link(file: &File, dir: &Path) -> std::io::Result<tempfile::TempPath> {
        let fd_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        let named = tempfile::Builder::new()
            .prefix(super::PREFIX)
            .suffix(".tmp")
            .make_in(dir, |name| {
                rustix::fs::linkat(CWD, fd_path.as_str(), CWD, name, AtFlags::SYMLINK_FOLLOW)
                    .map_err(std::io::Error::from)
            })?;
        Ok(named.into_temp_path())
    }

    /// Replaces `file` (in `dir`) through an unnamed file; `None` when the system or the file
    /// system cannot make or name one, and nothing was written (the caller writes another way).
    pub(super) fn replace(
        dir: &Path,
        file: &Path,
        body: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
        keep: Option<&Metadata>,
    ) -> Option<std::io::Result<()>> {
        let mut f = create(dir).ok()?;
        if let Err(e) = super::fill(&mut f, body, keep) {
            return Some(Err(e));
        }
        let named = link(&f, dir).ok()?;
        Some(
            named
                .persist(file)
                .map(|()| super::sync_folder(dir))
                .map_err(|e| e.error),
        )
    }
}

/// Writes a folder of files (`(name, bytes)`), complete or not at all: the files are written into
/// a temporary folder beside `dir`, which is then renamed to `dir`. A `dir` that exists must be
/// empty, or (with `replace`) hold only files named in `files` or in `also_ours` (an earlier
/// output of the same kind): it is then swapped for the new folder in one step where the system
/// can (Linux), and removed.
///
/// # Errors
///
/// [`Error::Write`] naming `dir` (nothing of the new folder is left behind);
/// [`Error::FolderNotEmpty`] or [`Error::FolderHoldsOthers`] when `dir` may not be replaced.
pub fn write_folder(
    dir: &Path,
    files: &[(&str, &[u8])],
    replace_existing: bool,
    also_ours: &[&str],
) -> Result<()> {
    let fail = |source: std::io::Error| Error::Write {
        path: dir.to_path_buf(),
        source,
    };
    let existing = match std::fs::read_dir(dir) {
        Ok(entries) => Some(
            entries
                .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<std::io::Result<Vec<String>>>()
                .map_err(fail)?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    if let Some(names) = &existing {
        let foreign: Vec<&String> = names
            .iter()
            .filter(|n| !files.iter().any(|(f, _)| f == n) && !also_ours.contains(&n.as_str()))
            .collect();
        if !names.is_empty() && !replace_existing {
            return Err(Error::FolderNotEmpty {
                path: dir.to_path_buf(),
            });
        }
        if !foreign.is_empty() {
            return Err(Error::FolderHoldsOthers {
                path: dir.to_path_buf(),
                foreign: foreign.into_iter().cloned().collect(),
            });
        }
    }
    let parent = folder_of(dir);
    std::fs::create_dir_all(parent).map_err(fail)?;
    let staged = tempfile::Builder::new()
        .prefix(PREFIX)
        .tempdir_in(parent)
        .map_err(fail)?;
    #[cfg(unix)]
    {
        // A folder as any program creates it (the temporary folder is private until it is done).
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(
            staged.path(),
            std::fs::Permissions::from_mode(0o777 & !umask_of(parent)),
        );
    }
    for (name, bytes) in files {
        replace(&staged.path().join(name), &mut |w| w.write_all(bytes), None).map_err(fail)?;
    }
    sync_folder(staged.path());
    match existing {
        Some(names) if !names.is_empty() => swap(staged, dir).map_err(fail)?,
        Some(_) => {
            // An empty folder: replaced by the rename (or removed first where rename cannot).
            let done = std::fs::rename(staged.path(), dir).or_else(|_| {
                std::fs::remove_dir(dir).and_then(|()| std::fs::rename(staged.path(), dir))
            });
            done.map_err(fail)?;
            let _ = staged.keep();
        }
        None => {
            std::fs::rename(staged.path(), dir).map_err(fail)?;
            let _ = staged.keep();
        }
    }
    sync_folder(parent);
    Ok(())
}

/// Puts the complete folder `staged` in the place of the non-empty folder `dir`, and removes what
/// was there: in one exchange on Linux (no moment without a folder at `dir`), elsewhere by moving
/// the old folder aside first.
fn swap(staged: tempfile::TempDir, dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags};
        if rustix::fs::renameat_with(CWD, staged.path(), CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the old folder: dropping it removes it.
            return Ok(());
        }
    }
    let aside = tempfile::Builder::new()
        .prefix(PREFIX)
        .tempdir_in(folder_of(dir))?;
    let old = aside.path().join("old");
    std::fs::rename(dir, &old)?;
    if let Err(e) = std::fs::rename(staged.path(), dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(e);
    }
    let _ = staged.keep();
    Ok(())
}

/// The umask in force, as seen from the permissions of a file created in `dir` with 0666 (the
/// process's umask cannot be read without changing it).
#[cfg(unix)]
fn umask_of(dir: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    tempfile::Builder::new()
        .prefix(PREFIX)
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .and_then(|f| f.as_file().metadata())
        .map(|m| 0o666 & !(m.permissions().mode() & 0o777))
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_being_written_has_no_name() {
        // Killed at any moment before its last step, a write leaves nothing in the folder: the file
        // has no name while it is written.
        let dir = tempfile::tempdir().unwrap();
        let mut f = unnamed::create(dir.path()).unwrap();
        f.write_all(&[b'x'; 1 << 20]).unwrap();
        assert_eq!(names(dir.path()), Vec::<String>::new());
        let named = unnamed::link(&f, dir.path()).unwrap();
        named.persist(dir.path().join("out.csv")).unwrap();
        assert_eq!(names(dir.path()), ["out.csv"]);
        assert_eq!(
            std::fs::metadata(dir.path().join("out.csv")).unwrap().len(),
            1 << 20
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_is_replaced_whole_keeping_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        std::fs::write(&p, "old and longer").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_folder_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("inv");
        write_folder(&out, &[("a.csv", b"1"), ("b.csv", b"2")], false, &[]).unwrap();
        assert_eq!(names(&out), ["a.csv", "b.csv"]);
        // Replaced with another set of files: the old ones are gone, nothing is left beside it.
        write_folder(&out, &[("a.csv", b"3")], true, &["b.csv"]).unwrap();
        assert_eq!(names(&out), ["a.csv"]);
        assert_eq!(std::fs::read(out.join("a.csv")).unwrap(), b"3");
        assert_eq!(names(dir.path()), ["inv"]);
        // A folder with someone else's files is not replaced.
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(write_folder(&out, &[("a.csv", b"4")], true, &[]).is_err());
        assert_eq!(names(&out), ["a.csv", "notes.txt"]);
    }
}
