//! The `shisetsu` command: translates arguments into library requests, prints results, and maps
//! errors to exit statuses (0 success, 1 over the cap with `--fail-over-cap`, 2 bad input or usage).
//! Everything it prints is computed by the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::main() {
        Ok(code) => code,
        Err(e) => {
            cli::warn(&format!("error: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}
