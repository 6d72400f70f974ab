//! Errors: located diagnostics for bad input, and the library's error type with its exit status.
//!
//! A [`Diagnostic`] names the file, the line and the field (a CSV column or a TOML key path) of one
//! problem. Readers collect every diagnostic of a file before giving up, so a user fixes all of them
//! in one pass. This module must not print anything: the CLI decides how errors reach the user.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, Message};
use crate::money::Overflow;
use crate::msg;
use crate::units::FiscalYear;

/// One problem in an input, located as precisely as the reader can: a file, and in it a line of
/// text (CSV, TOML) or a cell of a workbook's sheet, and the field (column or key path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: String,
    /// The 1-based line, when the problem has one (for a workbook, the cell's row).
    pub line: Option<usize>,
    /// The cell, when the file is a workbook (the row is `line`); boxed, as few problems have one.
    pub cell: Option<Box<Cell>>,
    /// The column name or TOML key path, when the problem is in one field.
    pub field: Option<String>,
    /// What is wrong (lowercase in English, without a trailing period, with a hint where one
    /// helps), as a message of the catalogue, rendered in the reader's language when shown.
    pub message: Message,
}

/// Where a problem is in a workbook: the sheet and the column letters (`C`); the row is the
/// diagnostic's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The sheet's name.
    pub sheet: String,
    /// The column, as spreadsheets name it (`A`, …, `Z`, `AA`, …).
    pub column: String,
}

impl Cell {
    /// The letters spreadsheets name the column at position `index` (0-based) by.
    pub fn column_letters(index: usize) -> String {
        let mut n = index + 1;
        let mut letters = Vec::new();
        while n > 0 {
            letters.push(b'A' + ((n - 1) % 26) as u8);
            n = (n - 1) / 26;
        }
        letters.reverse();
        String::from_utf8(letters).unwrap_or_default()
    }
}

impl Diagnostic {
    /// A problem with the whole file.
    pub fn file(file: impl Into<String>, message: impl Into<Message>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: None,
            cell: None,
            field: None,
            message: keep(message.into()),
        }
    }

    /// A problem on a line.
    pub fn line(file: impl Into<String>, line: usize, message: impl Into<Message>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: Some(line),
            cell: None,
            field: None,
            message: keep(message.into()),
        }
    }

    /// A problem in one field of a line.
    pub fn field(
        file: impl Into<String>,
        line: Option<usize>,
        field: impl Into<String>,
        message: impl Into<Message>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line,
            cell: None,
            field: Some(excerpt(&field.into()).into_owned()),
            message: keep(message.into()),
        }
    }

    /// A problem in one cell of a workbook's sheet: `row` (1-based) and the column at position
    /// `column` (0-based), whose field is `field`.
    pub fn cell(
        file: impl Into<String>,
        sheet: impl Into<String>,
        row: usize,
        column: usize,
        field: impl Into<String>,
        message: impl Into<Message>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: Some(row),
            cell: Some(Box::new(Cell {
                sheet: sheet.into(),
                column: Cell::column_letters(column),
            })),
            field: Some(excerpt(&field.into()).into_owned()),
            message: keep(message.into()),
        }
    }
}

/// A message as a diagnostic keeps it: each text it quotes [`bounded`], so that a million
/// problems quoting long values cost no more memory than short ones.
fn keep(message: Message) -> Message {
    message.map_texts(&|t| match bounded(&t) {
        std::borrow::Cow::Borrowed(_) => t,
        std::borrow::Cow::Owned(b) => b,
    })
}

impl Diagnostic {
    /// `file:line: field: message` in `lang`: the location as it is in every language, the field
    /// and the message cut to a bounded length (a value quoted from a file never brings more than
    /// an excerpt of the file with it).
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write_located(&mut out, &self.message.render(lang))
            .expect("writing to a String");
        out
    }

    fn write_located(&self, f: &mut impl fmt::Write, message: &str) -> fmt::Result {
        f.write_str(&self.file)?;
        match (&self.cell, self.line) {
            (Some(c), Some(row)) => write!(f, ": {}!{}{row}", c.sheet, c.column)?,
            (Some(c), None) => write!(f, ": {}", c.sheet)?,
            (None, Some(line)) => write!(f, ":{line}")?,
            (None, None) => {}
        }
        if let Some(field) = &self.field {
            write!(f, ": {}", excerpt(field))?;
        }
        write!(f, ": {}", bounded(message))
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::render`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// At most this many characters of a value read from a file are quoted in a message.
pub const EXCERPT_CHARS: usize = 60;

/// At most this many characters of a message are printed.
const MESSAGE_CHARS: usize = 600;

/// A value read from a file, as messages quote it: in double quotes with escapes (as `{:?}`
/// writes it), cut after [`EXCERPT_CHARS`] characters with the length of the whole.
pub fn quote(value: &str) -> String {
    match cut(value, EXCERPT_CHARS) {
        None => format!("{value:?}"),
        Some(head) => {
            let quoted = format!("{head:?}");
            format!(
                "{}…\" ({} characters)",
                &quoted[..quoted.len() - 1],
                value.chars().count()
            )
        }
    }
}

/// A name (a header, a key) as messages show it: whole when short, else its first
/// [`EXCERPT_CHARS`] characters and an ellipsis.
pub fn excerpt(value: &str) -> std::borrow::Cow<'_, str> {
    match cut(value, EXCERPT_CHARS) {
        None => std::borrow::Cow::Borrowed(value),
        Some(head) => std::borrow::Cow::Owned(format!("{head}…")),
    }
}

/// Names joined with commas, each an [`excerpt`], the list cut after about 200 characters with the
/// number of names left out.
pub fn list_excerpt(names: &[String]) -> String {
    let mut out = String::new();
    for (i, n) in names.iter().enumerate() {
        if out.chars().count() > 200 {
            out.push_str(&format!(", … ({} more)", names.len() - i));
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&excerpt(n));
    }
    out
}

/// The first `n` characters of `s`, when it has more.
fn cut(s: &str, n: usize) -> Option<&str> {
    s.char_indices().nth(n).map(|(i, _)| &s[..i])
}

/// A message as kept and printed: every quoted value in it (a `"…"` written with `{:?}`) cut to
/// [`EXCERPT_CHARS`] characters, and the whole to [`MESSAGE_CHARS`]. Readers quote values with
/// [`quote`]; this is the net under every message, so that no message carries more than an
/// excerpt of what it read.
fn bounded(message: &str) -> std::borrow::Cow<'_, str> {
    if message.len() <= EXCERPT_CHARS {
        return std::borrow::Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len().min(4 * MESSAGE_CHARS));
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        let body = &rest[open + 1..];
        // The closing quote: the first `"` not escaped by a backslash.
        let mut close = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    close = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(close) = close else {
            out.push('"');
            rest = body;
            break;
        };
        let inner = &body[..close];
        match cut(inner, EXCERPT_CHARS) {
            None => {
                out.push('"');
                out.push_str(inner);
                out.push('"');
            }
            Some(head) => {
                // Do not end inside an escape.
                let head = head.strip_suffix('\\').unwrap_or(head);
                out.push('"');
                out.push_str(head);
                out.push_str("…\"");
            }
        }
        rest = &body[close + 1..];
        if out.len() > 4 * MESSAGE_CHARS {
            break;
        }
    }
    out.push_str(rest);
    match cut(&out, MESSAGE_CHARS) {
        None if out == message => std::borrow::Cow::Borrowed(message),
        None => std::borrow::Cow::Owned(out),
        Some(head) => std::borrow::Cow::Owned(format!("{head}… (message cut)")),
    }
}

/// Every problem found in one or more inputs, in the order found (file by file, line by line).
///
/// At most [`MAX_KEPT`] problems are kept; the rest are only counted, so a million bad rows cost no
/// more memory than ten thousand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    kept: Vec<Diagnostic>,
    omitted: usize,
}

/// At most this many diagnostics are printed; the rest are counted.
const MAX_SHOWN: usize = 200;

/// At most this many diagnostics are kept in memory.
pub const MAX_KEPT: usize = 10_000;

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        if self.kept.len() < MAX_KEPT {
            self.kept.push(d);
        } else {
            self.omitted += 1;
        }
    }

    /// Records every problem of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.omitted += other.omitted;
        for d in other.kept {
            self.push(d);
        }
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.omitted == 0
    }

    /// The number of problems.
    pub fn len(&self) -> usize {
        self.kept.len() + self.omitted
    }

    /// The problems kept.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.kept.iter()
    }

    /// Adds `offset` to every line (for problems found in a chunk read from its own line 1).
    pub fn shift_lines(&mut self, offset: usize) {
        for d in &mut self.kept {
            if let Some(l) = &mut d.line {
                *l += offset;
            }
        }
    }

    /// Sorts by file, then line, keeping the order of problems on the same line.
    pub fn sort(&mut self) {
        self.kept
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    }

    /// Groups problems by file, files in the order their first problem was found, then sorts each
    /// file's by line, keeping the order of problems on the same line.
    pub fn group_by_file(&mut self) {
        let mut first: Vec<&str> = Vec::new();
        for d in &self.kept {
            if !first.contains(&d.file.as_str()) {
                first.push(&d.file);
            }
        }
        let order: HashMap<String, usize> = first
            .into_iter()
            .enumerate()
            .map(|(i, f)| (f.to_string(), i))
            .collect();
        self.kept.sort_by_key(|d| (order[&d.file], d.line));
    }

    /// `Ok(value)` when nothing is wrong, otherwise the problems as an [`Error`].
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when any problem was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, Error> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(Error::Input(self))
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics {
            kept: vec![d],
            omitted: 0,
        }
    }
}

impl Diagnostics {
    /// Every problem kept (at most 200 shown, the rest counted), one a line, in `lang`, and the
    /// number of problems when there are several.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for (i, d) in self.kept.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&d.render(lang));
        }
        if self.len() > MAX_SHOWN {
            out.push('\n');
            out.push_str(&msg!(MoreProblems, n = self.len() - MAX_SHOWN).render(lang));
        }
        if self.len() > 1 {
            out.push('\n');
            out.push_str(&msg!(ProblemsFound, n = self.len()).render(lang));
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    /// [`Diagnostics::render`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug)]
pub enum Error {
    /// One or more inputs are invalid; nothing was computed.
    Input(Diagnostics),
    /// An input could not be read at all.
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// An output could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// An amount overflowed the exact decimal range.
    Overflow {
        /// What was being computed.
        context: Message,
        /// The overflow.
        source: Overflow,
    },
    /// A fiscal year asked about lies outside the scenario's plan.
    YearOutsidePlan {
        /// The scenario.
        scenario: String,
        /// The year asked about.
        year: i32,
        /// The plan's first fiscal year.
        first: FiscalYear,
        /// Its last.
        last: FiscalYear,
    },
    /// A number of Monte Carlo runs outside `1..=max`.
    Runs {
        /// The number asked for.
        runs: u32,
        /// The most accepted.
        max: u32,
    },
    /// A synthetic inventory asked for with more facilities than buildings, or none.
    Facilities {
        /// Facilities asked for.
        facilities: u64,
        /// Buildings asked for.
        buildings: u64,
    },
    /// A cost-model preset that does not exist.
    UnknownPreset {
        /// The name asked for.
        name: String,
        /// The presets there are.
        presets: String,
    },
    /// Deterioration chains that are neither a preset nor a file.
    UnknownChains {
        /// The name as written.
        name: String,
    },
    /// Two projections that do not cover the same fiscal years.
    DifferentYears {
        /// The first projection's name.
        a: String,
        /// Its first year.
        a_first: FiscalYear,
        /// Its last year.
        a_last: FiscalYear,
        /// The second projection's name.
        b: String,
        /// Its first year.
        b_first: FiscalYear,
        /// Its last year.
        b_last: FiscalYear,
    },
    /// A workbook cannot hold the result (an amount beyond what a cell holds exactly, more rows
    /// than a sheet takes).
    Workbook(Message),
    /// A facility asked for by id that the inventory (or scenario) does not have.
    UnknownFacility {
        /// The id asked for.
        id: String,
        /// The inventory's name.
        inventory: String,
        /// An id it has.
        example: String,
    },
    /// An optimization that cannot be done as asked (no cap to meet, a plan that would overwrite
    /// its base, a backend this build lacks, robust plans of a model the optimizer cannot price).
    Optimize(Message),
    /// The MILP solver failed for another reason than infeasibility (a numerical breakdown).
    Solver {
        /// The backend (`microlp`, `HiGHS`).
        backend: &'static str,
        /// Its message.
        message: String,
    },
    /// An output folder that is not empty, and may not be replaced.
    FolderNotEmpty {
        /// The folder.
        path: PathBuf,
    },
    /// An output folder that holds files it was not asked to replace.
    FolderHoldsOthers {
        /// The folder.
        path: PathBuf,
        /// The names of the files it holds that are not the output's.
        foreign: Vec<String>,
    },
    /// A thread that was loading files panicked; a bug, not bad input.
    Internal(&'static str),
}

impl Error {
    /// What went wrong, as a message of the catalogue (every problem of an [`Error::Input`], one
    /// a line, is [`Error::render`]'s).
    pub fn message(&self) -> Message {
        match self {
            // Foreign: the problems in English; `render` shows them in the reader's language.
            Error::Input(d) => Message::foreign(d.render(Lang::En)),
            Error::Read { path, source } => {
                msg!(
                    CannotRead,
                    path = path.display(),
                    reason = io_reason(source)
                )
            }
            Error::Write { path, source } => {
                msg!(
                    CannotWrite,
                    path = path.display(),
                    reason = io_reason(source)
                )
            }
            Error::Overflow { context, .. } => msg!(OverflowIn, context = context.clone()),
            Error::YearOutsidePlan {
                scenario,
                year,
                first,
                last,
            } => msg!(
                YearOutsidePlan,
                year,
                scenario,
                first = first.get(),
                last = last.get()
            ),
            Error::Runs { runs, max } => msg!(RunsOutside, runs, max),
            Error::Facilities {
                facilities,
                buildings,
            } => msg!(FacilitiesOutside, facilities, buildings),
            Error::UnknownPreset { name, presets } => {
                msg!(UnknownPreset, name = format!("{name:?}"), presets)
            }
            Error::UnknownChains { name } => msg!(UnknownChains, name = format!("{name:?}")),
            Error::DifferentYears {
                a,
                a_first,
                a_last,
                b,
                b_first,
                b_last,
            } => msg!(
                DifferentYears,
                a,
                a_first = a_first.get(),
                a_last = a_last.get(),
                b,
                b_first = b_first.get(),
                b_last = b_last.get()
            ),
            Error::Workbook(m) => msg!(WorkbookCannot, reason = m.clone()),
            Error::UnknownFacility {
                id,
                inventory,
                example,
            } => msg!(UnknownFacility, id = format!("{id:?}"), inventory, example),
            Error::FolderNotEmpty { path } => msg!(FolderNotEmpty, path = path.display()),
            Error::FolderHoldsOthers { path, foreign } => msg!(
                FolderHoldsOthers,
                path = path.display(),
                names = list_excerpt(foreign)
            ),
            Error::Internal(what) => msg!(Internal, what = *what),
            Error::Optimize(m) => m.clone(),
            Error::Solver { backend, message } => {
                // Foreign: the solver's own words.
                let message = Message::foreign(message.clone());
                msg!(SolverFailed, backend = *backend, message)
            }
        }
    }

    /// What went wrong, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Input(d) => d.render(lang),
            e => e.message().render(lang),
        }
    }

    /// Wraps a read failure.
    pub fn read(path: &Path, source: std::io::Error) -> Error {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Wraps an overflow with what was being computed: `scope` (a scenario) and `what`. The message
    /// is only formatted when an overflow happens, so this costs nothing on the normal path.
    pub fn overflow<'a>(scope: &'a str, what: Message) -> impl FnOnce(Overflow) -> Error + 'a {
        move |source| Error::Overflow {
            context: if scope.is_empty() {
                what
            } else {
                msg!(Scoped, scope, what)
            },
            source,
        }
    }
}

impl fmt::Display for Error {
    /// [`Error::render`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            Error::Overflow { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The operating system's reason for a failed read or write, as it says it (in its own language).
pub fn io_reason(e: &std::io::Error) -> Message {
    // Foreign: the operating system's words.
    Message::foreign(e.to_string())
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_quoted_in_part() {
        assert_eq!(quote("abc"), "\"abc\"");
        let long = "x".repeat(100);
        assert_eq!(
            quote(&long),
            format!("\"{}…\" (100 characters)", "x".repeat(60))
        );
        // A message quoting a long value keeps 60 characters of it, wherever it was written.
        let d = Diagnostic::line(
            "f",
            2,
            crate::msg!(
                ValueIs,
                value = format!("{long:?}"),
                what = crate::msg!(IsNotANumber)
            ),
        );
        assert_eq!(
            d.message.to_string(),
            format!("\"{}…\" is not a number", "x".repeat(60))
        );
        // Escapes survive, and a cut never ends inside one.
        let q = format!("{:?} and \"short\"", format!("{}\"tail", "y".repeat(59)));
        assert_eq!(
            bounded(&q),
            format!("\"{}…\" and \"short\"", "y".repeat(59))
        );
        let names: Vec<String> = (0..1000).map(|i| format!("column{i}")).collect();
        let l = list_excerpt(&names);
        assert!(l.starts_with("column0, column1, "), "{l}");
        assert!(l.ends_with("more)") && l.len() < 260, "{l}");
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        // Column 0 is A, 25 is Z, 26 is AA (26 + 0), 27 is AB, 701 is ZZ (26 × 26 + 25).
        assert_eq!(Cell::column_letters(0), "A");
        assert_eq!(Cell::column_letters(25), "Z");
        assert_eq!(Cell::column_letters(26), "AA");
        assert_eq!(Cell::column_letters(27), "AB");
        assert_eq!(Cell::column_letters(701), "ZZ");
        assert_eq!(Cell::column_letters(702), "AAA");
        let d = Diagnostic::cell(
            "ledger.xlsx",
            "台帳",
            12,
            2,
            "floor_area_m2",
            crate::msg!(IsEmpty),
        );
        assert_eq!(
            d.to_string(),
            "ledger.xlsx: 台帳!C12: floor_area_m2: is empty"
        );
        let d = Diagnostic::field("b.csv", Some(3), "floor_area_m2", crate::msg!(IsEmpty));
        assert_eq!(d.to_string(), "b.csv:3: floor_area_m2: is empty");
    }
}
