//! The `shisetsu` command: translates arguments into library requests, prints results, and maps
//! errors to exit statuses (0 success, 1 over the cap with `--fail-over-cap`, 2 bad input or usage).
//! Everything it prints is computed by the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
