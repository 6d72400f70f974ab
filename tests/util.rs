//! Helpers shared by the integration tests: running the binary, temporary inventories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The result of running `shisetsu`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with arguments, in the crate's root folder.
pub fn shisetsu(args: &[&str]) -> Run {
    shisetsu_env(args, &[])
}

/// Runs the binary with arguments and environment variables.
pub fn shisetsu_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shisetsu"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    // Messages in English whatever the locale the tests run in (a test sets one to change that).
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("the binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Runs the binary as [`shisetsu`], but kills it and fails the test if it has not finished in a
/// minute: for inputs that must be refused at once (a FIFO, an endless device), where the defect
/// is waiting forever.
pub fn shisetsu_must_finish(args: &[&str]) -> Run {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_shisetsu"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("shisetsu {args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// Makes a FIFO (named pipe) at `path`.
pub fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A temporary folder that lives as long as the value.
pub struct TempDir(tempfile::TempDir);

impl TempDir {
    pub fn new() -> TempDir {
        TempDir(tempfile::tempdir().expect("a temporary folder"))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes a file (text) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&p, contents).expect("write file");
        p
    }
}

/// Parses JSON output.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The yearly totals of a `shisetsu/projection/1` object, as (year, yen) pairs.
pub fn year_totals(v: &serde_json::Value) -> Vec<(i64, i128)> {
    v["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().expect("year"),
                y["total_yen"]
                    .as_str()
                    .expect("total_yen")
                    .parse()
                    .expect("whole yen"),
            )
        })
        .collect()
}

/// Writes the HTML report of `paths` in `lang` into a new temporary folder (the run must succeed);
/// returns the folder (keep it alive) and the report's path.
pub fn write_report(paths: &[&str], lang: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new();
    let out = dir.path().join(format!("report-{lang}.html"));
    let mut args = vec!["report"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--output", out.to_str().unwrap(), "--lang", lang]);
    let r = shisetsu(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "", "a report goes to its file only");
    (dir, out)
}
