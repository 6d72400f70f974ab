//! The yardstick for the buildings-CSV path: the least any reader must do, one pass over the file
//! counting its lines with `memchr`, on every core (or `--threads N`), reading the file in 1 MiB
//! blocks with positioned reads, as shisetsu does. It checks nothing and computes nothing;
//! `benches/run.sh` times it beside `shisetsu project` on the same file.
//!
//!     cargo run --release --example line_pass -- FILE [--threads N]

use std::sync::atomic::{AtomicU64, Ordering};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: line_pass FILE [--threads N]");
    let threads = match (args.next().as_deref(), args.next()) {
        (Some("--threads"), Some(n)) => n.parse().expect("a number of threads"),
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let file = std::fs::File::open(&path)?;
    let len = file.metadata()?.len();
    const BLOCK: u64 = 1 << 20;
    let next = AtomicU64::new(0);
    let lines = AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut buf = vec![0u8; BLOCK as usize];
                let mut count = 0u64;
                loop {
                    let at = next.fetch_add(BLOCK, Ordering::Relaxed);
                    if at >= len {
                        break;
                    }
                    let n = (len - at).min(BLOCK) as usize;
                    read_exact_at(&file, &mut buf[..n], at).expect("read");
                    count += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
                }
                lines.fetch_add(count, Ordering::Relaxed);
            });
        }
    });
    println!("{} lines", lines.into_inner());
    Ok(())
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        at += n as u64;
    }
    Ok(())
}
