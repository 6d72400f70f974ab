//! Command-line arguments (clap) and their translation into library calls: `args` is what clap
//! parses, `request` resolves a projection request with every default the command line has, and
//! `commands` runs each command and maps the library's typed errors to messages that name the flags.

mod args;
mod commands;
mod request;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;

/// What can go wrong on the command line: the library's errors, and requests that make no sense.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An error of the library (bad input, a file that cannot be read or written, overflow).
    #[error(transparent)]
    Library(#[from] shisetsu::Error),
    /// The request itself makes no sense (conflicting or impossible flags).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The process exit status for this error: 2 for bad input or usage, as the command-line
    /// contract states. (1 is reserved for `--fail-over-cap`.)
    pub fn exit_code(&self) -> u8 {
        2
    }
}

/// The command line's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Parses the arguments and runs the command.
pub fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    commands::run(cli)
}

/// Writes text to standard output, as [`emit_bytes`].
///
/// # Errors
///
/// As [`emit_bytes`].
pub fn emit(text: &str) -> shisetsu::Result<()> {
    emit_bytes(text.as_bytes())
}

/// Writes bytes to standard output. A pipe closed by its reader (`| head`) ends the output
/// quietly, as every filter does; any other failure (a full disk, `> /dev/full`) is an error, so
/// a cut output never exits 0.
///
/// # Errors
///
/// [`shisetsu::Error::Write`] naming standard output.
pub fn emit_bytes(bytes: &[u8]) -> shisetsu::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(shisetsu::Error::Write {
            path: "standard output".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Writes a line to standard error. If standard error cannot be written either, there is nowhere
/// left to say so: the exit status still does.
pub fn warn(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}
