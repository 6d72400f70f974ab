//! Command-line arguments (clap) and their translation into library calls.

mod args;
mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;

/// Parses the arguments and runs the command.
pub fn main() -> shisetsu::Result<ExitCode> {
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
