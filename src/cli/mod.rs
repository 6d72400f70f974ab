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

/// Writes text to standard output; a closed pipe (`| head`) ends the output quietly.
pub fn emit(text: &str) {
    emit_bytes(text.as_bytes());
}

/// Writes bytes to standard output, as [`emit`].
pub fn emit_bytes(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes);
    let _ = out.flush();
}
