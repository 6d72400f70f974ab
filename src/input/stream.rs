//! Reading a large text file as a stream of line-aligned blocks, on every core, in bounded memory.
//!
//! The file is cut into fixed-size blocks by byte offset; each worker claims the next block, reads
//! it with a positioned read into its own buffer (a little more, to finish the last line) and hands
//! the callback the lines that *start* in the block, whole. Every line belongs to exactly one block,
//! so the blocks together are the file's text, each line once, whatever the number of threads.
//! Memory is a buffer per worker, not the file: nothing is mapped (a mapped file truncated by
//! another process stops the process with SIGBUS) and nothing is kept after its block is done.
//!
//! This module only cuts and reads; what a line means is its caller's business. It is used where
//! the caller can check every block on its own (the buildings CSV without quoted fields); a caller
//! that cannot (a quoted field may hold a line end) stops the stream and reads the file whole.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// A file opened for streaming: a regular file, its size fixed when it was opened.
pub struct Stream {
    file: std::fs::File,
    len: u64,
    path: std::path::PathBuf,
}

/// One block of whole lines.
pub struct Block<'b> {
    /// The block's position in the file (0, 1, …), the same at any thread count.
    pub index: usize,
    /// The text of the lines starting in the block, each with its line end (the file's last line
    /// may have none).
    pub bytes: &'b [u8],
}

/// Bytes of the file given to a block (the lines starting in it; each worker's buffer is about
/// this size).
pub const BLOCK_BYTES: usize = 1 << 20;

/// Bytes read past a block's end at once, to finish its last line (more are read for a longer
/// line).
const TAIL_BYTES: usize = 16 << 10;

impl Stream {
    /// Opens `path` for streaming: a regular file of at most `cap` (see [`super::read_file`]).
    ///
    /// # Errors
    ///
    /// As [`super::read_file`], for a file that cannot be opened or is not accepted.
    pub fn open(path: &Path, cap: super::Cap) -> Result<Stream> {
        let (file, len) = super::open_regular(path, cap)?;
        Ok(Stream {
            file,
            len,
            path: path.to_path_buf(),
        })
    }

    /// The size of the file when it was opened.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file was empty when it was opened.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first `n` bytes of the file (fewer if it is shorter).
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when it cannot be read; [`Error::Input`] when it changed.
    pub fn prefix(&self, n: usize) -> Result<Vec<u8>> {
        let n = (n as u64).min(self.len) as usize;
        let mut buf = vec![0u8; n];
        super::read_exact_at(&self.file, &mut buf, 0).map_err(|e| self.error(e))?;
        Ok(buf)
    }

    fn error(&self, e: std::io::Error) -> Error {
        match e.kind() {
            std::io::ErrorKind::UnexpectedEof => super::changed_while_read(
                &self.path,
                self.len,
                self.file.metadata().map_or(0, |m| m.len()),
            ),
            _ => Error::read(&self.path, e),
        }
    }

    /// Calls `each(state, block)` for every block of lines of `[start, len)`, on every thread of
    /// the current rayon pool, each thread with its own state made by `make`. Returns the states
    /// (in thread order; which blocks went to which thread varies from run to run, so a caller
    /// combines them in a way that does not depend on it), or `None` when a callback returned
    /// `false` to stop the stream.
    ///
    /// `start` must be the start of a line (the first line after a header).
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when the file cannot be read; [`Error::Input`] when it changed while it was
    /// read (its size differs from the size it had when it was opened).
    pub fn for_each_block<S: Send>(
        &self,
        start: u64,
        make: &(dyn Fn() -> S + Sync),
        each: &(dyn Fn(&mut S, Block<'_>) -> bool + Sync),
    ) -> Result<Option<Vec<S>>> {
        let body = self.len.saturating_sub(start);
        let n_blocks = body.div_ceil(BLOCK_BYTES as u64) as usize;
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let failed: Mutex<Option<std::io::Error>> = Mutex::new(None);
        let states: Mutex<Vec<(usize, S)>> = Mutex::new(Vec::new());
        let threads = rayon::current_num_threads().clamp(1, n_blocks.max(1));
        rayon::scope(|scope| {
            for worker in 0..threads {
                let (next, stop, failed, states) = (&next, &stop, &failed, &states);
                scope.spawn(move |_| {
                    let mut state = make();
                    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + TAIL_BYTES);
                    while !stop.load(Ordering::Relaxed) {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= n_blocks {
                            break;
                        }
                        match self.block(start, k, &mut buf) {
                            Ok(None) => {}
                            Ok(Some(range)) => {
                                let block = Block {
                                    index: k,
                                    bytes: &buf[range],
                                };
                                if !each(&mut state, block) {
                                    stop.store(true, Ordering::Relaxed);
                                }
                            }
                            Err(e) => {
                                if let Ok(mut f) = failed.lock() {
                                    f.get_or_insert(e);
                                }
                                stop.store(true, Ordering::Relaxed);
                            }
                        }
                    }
                    if let Ok(mut s) = states.lock() {
                        s.push((worker, state));
                    }
                });
            }
        });
        if let Some(e) = failed.into_inner().ok().flatten() {
            return Err(self.error(e));
        }
        // Nothing more may follow: a file that grew while it was read is not read in part.
        let mut probe = [0u8; 1];
        if super::read_at(&self.file, &mut probe, self.len).map_err(|e| self.error(e))? != 0 {
            return Err(self.error(std::io::ErrorKind::UnexpectedEof.into()));
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let mut states = states.into_inner().unwrap_or_default();
        states.sort_by_key(|(w, _)| *w);
        Ok(Some(states.into_iter().map(|(_, s)| s).collect()))
    }

    /// Reads block `k` into `buf` and returns the range of the lines starting in it (`None`: no
    /// line starts in it, its bytes all belong to a longer line before it).
    fn block(
        &self,
        start: u64,
        k: usize,
        buf: &mut Vec<u8>,
    ) -> std::io::Result<Option<std::ops::Range<usize>>> {
        let lo = start + (k * BLOCK_BYTES) as u64;
        let hi = (lo + BLOCK_BYTES as u64).min(self.len);
        // One byte before the block, to see whether a line ends just before it.
        let origin = if k == 0 { lo } else { lo - 1 };
        buf.clear();
        self.fill(buf, origin, (hi + TAIL_BYTES as u64).min(self.len))?;
        let first = if k == 0 {
            0
        } else {
            match self.line_start(buf, origin, 0, (hi - origin) as usize)? {
                Some(p) => p,
                None => return Ok(None),
            }
        };
        if first >= (hi - origin) as usize {
            return Ok(None);
        }
        let end = match self.line_start(buf, origin, (hi - origin) as usize - 1, usize::MAX)? {
            Some(q) => q,
            None => buf.len(),
        };
        Ok(Some(first..end))
    }

    /// The first line start after a line end found at or after `from` (relative to `origin`) and
    /// before `limit`, reading more of the file into `buf` as needed; `None` when there is none
    /// before `limit` or the end of the file. A line ends at `\n`, `\r\n` or `\r`.
    fn line_start(
        &self,
        buf: &mut Vec<u8>,
        origin: u64,
        from: usize,
        limit: usize,
    ) -> std::io::Result<Option<usize>> {
        let mut at = from;
        loop {
            if let Some(t) =
                memchr::memchr2(b'\n', b'\r', &buf[at.min(buf.len())..]).map(|t| at + t)
            {
                if t >= limit {
                    return Ok(None);
                }
                if buf[t] == b'\r' {
                    if t + 1 == buf.len() && origin + (buf.len() as u64) < self.len {
                        self.more(buf, origin)?;
                    }
                    if buf.get(t + 1) == Some(&b'\n') {
                        return Ok(Some(t + 2));
                    }
                }
                return Ok(Some(t + 1));
            }
            if origin + buf.len() as u64 >= self.len || buf.len() >= limit {
                return Ok(None);
            }
            at = buf.len();
            self.more(buf, origin)?;
        }
    }

    /// Reads the next part of the file after what `buf` holds.
    fn more(&self, buf: &mut Vec<u8>, origin: u64) -> std::io::Result<()> {
        let from = origin + buf.len() as u64;
        let to = (from + (TAIL_BYTES.max(buf.len() / 2)) as u64).min(self.len);
        self.fill(buf, from, to)
    }

    /// Appends the bytes `[from, to)` of the file to `buf`.
    fn fill(&self, buf: &mut Vec<u8>, from: u64, to: u64) -> std::io::Result<()> {
        let old = buf.len();
        buf.resize(old + (to - from) as usize, 0);
        super::read_exact_at(&self.file, &mut buf[old..], from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of a file put back together, in block order.
    fn reassemble(text: &[u8], start: u64) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        let s = Stream::open(&path, crate::input::Cap::BUILDINGS_CSV).unwrap();
        let states = s
            .for_each_block(start, &Vec::new, &|v: &mut Vec<(usize, Vec<u8>)>, b| {
                v.push((b.index, b.bytes.to_vec()));
                true
            })
            .unwrap()
            .unwrap();
        let mut all: Vec<(usize, Vec<u8>)> = states.into_iter().flatten().collect();
        all.sort();
        all.into_iter().flat_map(|(_, b)| b).collect()
    }

    #[test]
    fn blocks_hold_every_line_once() {
        // Lines of every length around the block size, with every kind of line end, so that block
        // boundaries fall everywhere: inside lines, on `\r` before `\n`, just after a line end.
        let mut text = b"header\n".to_vec();
        let mut i = 0u64;
        while text.len() < 3 * BLOCK_BYTES + 12_345 {
            let len = (i * 7919) % 300;
            text.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, len as usize));
            text.extend_from_slice(match i % 3 {
                0 => b"\n".as_slice(),
                1 => b"\r\n",
                _ => b"\r",
            });
            i += 1;
        }
        // A line longer than a block.
        text.extend(std::iter::repeat_n(b'z', BLOCK_BYTES + 5));
        text.extend_from_slice(b"\nlast line without an end");
        assert_eq!(reassemble(&text, 7), text[7..].to_vec());
        // A `\r\n` cut by the block boundary: `\r` is the block's last byte.
        let mut text = vec![b'x'; BLOCK_BYTES - 1];
        text.extend_from_slice(b"\r\nnext\n");
        assert_eq!(reassemble(&text, 0), text);
    }
}
