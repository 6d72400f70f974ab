//! Command-line arguments (clap) and their translation into library calls: `args` is what clap
//! parses, `request` resolves a projection request with every default the command line has, and
//! `commands` runs each command and maps the library's typed errors to messages that name the flags.

mod args;
mod commands;
mod request;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use shisetsu::messages::{Lang, Message};
use shisetsu::msg;

pub use args::Cli;

/// What can go wrong on the command line: the library's errors, and requests that make no sense.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An error of the library (bad input, a file that cannot be read or written, overflow).
    #[error(transparent)]
    Library(#[from] shisetsu::Error),
    /// The request itself makes no sense (conflicting or impossible flags).
    #[error("{0}")]
    Usage(Message),
    /// A library error already rendered in the user's language (the last of a batch's failures,
    /// whose others are printed before it).
    #[error("{0}")]
    Rendered(String),
}

impl Error {
    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Library(e) => e.render(lang),
            Error::Usage(m) => m.render(lang),
            Error::Rendered(t) => t.clone(),
        }
    }

    /// The process exit status for this error: 2 for bad input or usage, as the command-line
    /// contract states. (1 is reserved for `--fail-over-cap`.)
    pub fn exit_code(&self) -> u8 {
        2
    }
}

/// The command line's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Parses the arguments, runs the command and says what went wrong in the user's language.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let langs = commands::Langs::of(cli.lang.map(|l| match l {
        args::Lang::Ja => Lang::Ja,
        args::Lang::En => Lang::En,
    }));
    match commands::run(cli, langs) {
        Ok(code) => code,
        Err(e) => {
            error(&e.render(langs.ui), langs.ui);
            ExitCode::from(e.exit_code())
        }
    }
}

/// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
/// set and not empty, Japanese for `ja_*`; English when none is.
pub fn environment_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .map_or(Lang::En, |l| Lang::of_locale(&l))
}

/// Writes an error (`error: …`) to standard error in `lang`.
pub fn error(text: &str, lang: Lang) {
    warn(&msg!(ErrorPrefix, message = text).render(lang));
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
