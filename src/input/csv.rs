//! A CSV record reader (RFC 4180, comma-separated) that knows where every record starts.
//!
//! We read CSV ourselves rather than through the `csv` crate for three reasons: an unclosed quote
//! must be reported at the line where it opened (a general reader silently swallows the rest of
//! the file into one field); records must be cut into chunks on record boundaries so a million-row
//! inventory is parsed on every core; and fields are borrowed from the text without copying. The
//! `csv` crate is still used to *write* CSV.
//!
//! Blank lines are skipped. Line endings may be `\n`, `\r\n` or `\r`. A quote inside an unquoted
//! field is kept literally; after a closing quote only a comma or a line end may follow.

use crate::msg;
use std::borrow::Cow;

use crate::error::{Diagnostic, Diagnostics};

/// A malformed record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// A quoted field that never closes; everything after it is unreadable.
    UnclosedQuote {
        /// The line where the quote opened.
        line: usize,
    },
    /// Text after a closing quote, e.g. `"abc"d`.
    AfterQuote {
        /// The line of the closing quote.
        line: usize,
    },
}

impl RecordError {
    /// The line of the problem.
    pub fn line(&self) -> usize {
        match self {
            RecordError::UnclosedQuote { line } | RecordError::AfterQuote { line } => *line,
        }
    }

    /// What is wrong, for a diagnostic.
    pub fn message(&self) -> crate::messages::Message {
        match self {
            RecordError::UnclosedQuote { .. } => msg!(UnclosedQuote),
            RecordError::AfterQuote { .. } => msg!(AfterQuote),
        }
    }
}

/// Reads records one by one from decoded text.
pub struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    end: usize,
    line: usize,
    plain: bool,
}

impl<'a> Reader<'a> {
    /// A reader over the whole text, starting at line 1.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            end: text.len(),
            line: 1,
            plain: false,
        }
    }

    /// A reader over `text[start..end]`, which must begin and end on record boundaries; lines are
    /// counted from `first_line`.
    pub fn range(text: &'a str, start: usize, end: usize, first_line: usize) -> Reader<'a> {
        Reader {
            bytes: text.as_bytes(),
            text,
            pos: start,
            end,
            line: first_line,
            plain: false,
        }
    }

    /// Declares that the text has no quote character, so records are lines split at commas: the
    /// fast path for large machine-written files.
    pub fn plain(mut self) -> Reader<'a> {
        self.plain = true;
        self
    }

    /// The byte offset of the next record.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The line the next record starts on (or would start on).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Reads the next record into `fields` (cleared first) and returns its line, or `None` at the
    /// end of the text.
    pub fn next_record(
        &mut self,
        fields: &mut Vec<Cow<'a, str>>,
    ) -> Option<Result<usize, RecordError>> {
        fields.clear();
        let b = self.bytes;
        // Skip blank lines.
        while self.pos < self.end && (b[self.pos] == b'\n' || b[self.pos] == b'\r') {
            self.consume_newline();
        }
        if self.pos >= self.end {
            return None;
        }
        let record_line = self.line;
        if self.plain {
            // One pass over the line: split at commas, stop at the line end.
            let mut start = self.pos;
            let mut i = self.pos;
            while i < self.end {
                match b[i] {
                    b',' => {
                        fields.push(Cow::Borrowed(&self.text[start..i]));
                        start = i + 1;
                    }
                    b'\n' | b'\r' => break,
                    _ => {}
                }
                i += 1;
            }
            fields.push(Cow::Borrowed(&self.text[start..i]));
            self.pos = i;
            if self.pos < self.end {
                self.consume_newline();
            }
            return Some(Ok(record_line));
        }
        loop {
            if self.pos < self.end && b[self.pos] == b'"' {
                match self.quoted_field() {
                    Ok(field) => fields.push(field),
                    Err(e) => return Some(Err(e)),
                }
            } else {
                let start = self.pos;
                let i = memchr::memchr3(b',', b'\n', b'\r', &b[start..self.end])
                    .map_or(self.end, |k| start + k);
                fields.push(Cow::Borrowed(&self.text[start..i]));
                self.pos = i;
            }
            // At a delimiter, a line end or the end.
            if self.pos >= self.end {
                return Some(Ok(record_line));
            }
            match b[self.pos] {
                b',' => self.pos += 1,
                _ => {
                    self.consume_newline();
                    return Some(Ok(record_line));
                }
            }
        }
    }

    fn consume_newline(&mut self) {
        let b = self.bytes;
        if b[self.pos] == b'\r' && self.pos + 1 < self.end && b[self.pos + 1] == b'\n' {
            self.pos += 2;
        } else {
            self.pos += 1;
        }
        self.line += 1;
    }

    fn quoted_field(&mut self) -> Result<Cow<'a, str>, RecordError> {
        let b = self.bytes;
        let open_line = self.line;
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            match memchr::memchr(b'"', &b[i..self.end]) {
                None => {
                    self.line += count_newlines(&b[start..self.end]);
                    self.pos = self.end;
                    return Err(RecordError::UnclosedQuote { line: open_line });
                }
                Some(q) => {
                    let q = i + q;
                    if q + 1 < self.end && b[q + 1] == b'"' {
                        escaped = true;
                        i = q + 2;
                        continue;
                    }
                    self.line += count_newlines(&b[start..q]);
                    self.pos = q + 1;
                    let raw = &self.text[start..q];
                    let field = if escaped {
                        Cow::Owned(raw.replace("\"\"", "\""))
                    } else {
                        Cow::Borrowed(raw)
                    };
                    if self.pos < self.end && !matches!(b[self.pos], b',' | b'\n' | b'\r') {
                        let line = self.line;
                        // Resynchronise at the next line end so later records still get read.
                        while self.pos < self.end && !matches!(b[self.pos], b'\n' | b'\r') {
                            self.pos += 1;
                        }
                        if self.pos < self.end {
                            self.consume_newline();
                        }
                        return Err(RecordError::AfterQuote { line });
                    }
                    return Ok(field);
                }
            }
        }
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// A column a table expects.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The canonical name, e.g. `floor_area_m2`.
    pub name: &'static str,
    /// Other header names accepted for it (Japanese headers of common spreadsheets).
    pub aliases: &'static [&'static str],
    /// Whether the table is invalid without it.
    pub required: bool,
}

/// The header of a CSV table, resolved against the columns a table expects.
#[derive(Clone, Debug)]
pub struct Header {
    /// The header's own names, trimmed.
    pub names: Vec<String>,
    /// For each expected column, its position in the records (`None` if absent).
    pub positions: Vec<Option<usize>>,
    /// The line of the header.
    pub line: usize,
}

impl Header {
    /// Reads the header record and maps it to `columns`, reporting missing required columns,
    /// duplicated names, and a likely wrong delimiter.
    ///
    /// # Errors
    ///
    /// Every problem with the header, located.
    pub fn read<'a>(
        reader: &mut Reader<'a>,
        columns: &[Column],
        file: &str,
    ) -> Result<Header, Diagnostics> {
        let mut fields = Vec::new();
        let line = match reader.next_record(&mut fields) {
            None => return Err(Diagnostic::file(file, msg!(FileEmpty)).into()),
            Some(Err(e)) => return Err(Diagnostic::line(file, e.line(), e.message()).into()),
            Some(Ok(line)) => line,
        };
        let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
        Header::resolve(names, columns, file, line)
    }

    /// Maps a header's names (from a CSV record, or a sheet's header row) to `columns`, reporting
    /// missing required columns, duplicated names and a likely wrong delimiter at `line`.
    ///
    /// # Errors
    ///
    /// Every problem with the header, located.
    pub fn resolve(
        names: Vec<String>,
        columns: &[Column],
        file: &str,
        line: usize,
    ) -> Result<Header, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut seen = std::collections::HashSet::new();
        for n in &names {
            if !seen.insert(n.as_str()) && !n.is_empty() {
                diags.push(Diagnostic::field(
                    file,
                    Some(line),
                    crate::error::excerpt(n),
                    msg!(ColumnTwice),
                ));
            }
        }
        let names_column =
            |c: &Column, n: &str| n.eq_ignore_ascii_case(c.name) || c.aliases.contains(&n);
        let positions: Vec<Option<usize>> = columns
            .iter()
            .map(|c| names.iter().position(|n| names_column(c, n)))
            .collect();
        // Two names of one column (`floor_area_m2` and `延床面積`): which one holds the values is
        // anyone's guess, so neither is read.
        for (c, p) in columns.iter().zip(&positions) {
            let Some(p) = *p else { continue };
            if let Some(other) = names[p + 1..]
                .iter()
                .find(|n| names_column(c, n) && **n != names[p])
            {
                diags.push(Diagnostic::field(
                    file,
                    Some(line),
                    c.name,
                    msg!(
                        SameColumn,
                        a = crate::error::quote(&names[p]),
                        b = crate::error::quote(other)
                    ),
                ));
            }
        }
        let missing: Vec<&str> = columns
            .iter()
            .zip(&positions)
            .filter(|(c, p)| c.required && p.is_none())
            .map(|(c, _)| c.name)
            .collect();
        if !missing.is_empty() {
            let hint = delimiter_hint(&names);
            for m in &missing {
                diags.push(Diagnostic::field(
                    file,
                    Some(line),
                    *m,
                    msg!(
                        MissingColumn,
                        names = crate::error::list_excerpt(&names),
                        hint = hint.clone()
                    ),
                ));
            }
        }
        if diags.is_empty() {
            Ok(Header {
                names,
                positions,
                line,
            })
        } else {
            Err(diags)
        }
    }

    /// The number of fields every record must have.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// The value of expected column `index` in `fields`, if the column is present.
    pub fn get<'f>(&self, fields: &'f [Cow<'_, str>], index: usize) -> Option<&'f str> {
        self.positions[index]
            .and_then(|p| fields.get(p))
            .map(|f| f.as_ref())
    }
}

fn delimiter_hint(names: &[String]) -> crate::messages::Message {
    if names.len() == 1 {
        let only = &names[0];
        if only.contains(';') {
            return msg!(LooksSemicolon);
        }
        if only.contains('\t') {
            return msg!(LooksTab);
        }
        if only.contains('|') {
            return msg!(LooksPipe);
        }
    }
    msg!(Nothing)
}

/// The diagnostic for a record whose width differs from the header's.
pub fn ragged(file: &str, line: usize, got: usize, header: &Header) -> Diagnostic {
    Diagnostic::line(file, line, msg!(Ragged, got, width = header.width()))
}

/// Splits `text[body_start..]` into about `n` ranges that begin and end on line ends, for parallel
/// parsing, or returns `None` when the text is too small to be worth splitting. The cuts are record
/// boundaries only if no field is quoted (a quoted field may hold a line end): the caller checks.
pub fn split_ranges(text: &str, body_start: usize, n: usize) -> Option<Vec<(usize, usize)>> {
    // Fuzzing cuts small files too, so that the few kilobytes of a fuzz input go through the
    // chunked path (chunk ends, lines counted before a chunk) as a large file does.
    const MIN_CHUNK: usize = if cfg!(fuzzing) { 64 } else { 1 << 20 };
    let bytes = text.as_bytes();
    let len = bytes.len() - body_start;
    if n < 2 || len < 2 * MIN_CHUNK {
        return None;
    }
    let n = n.min(len / MIN_CHUNK).max(1);
    let mut ranges = Vec::with_capacity(n);
    let mut start = body_start;
    for k in 1..n {
        let target = body_start + len * k / n;
        let cut = match memchr::memchr(b'\n', &bytes[target.max(start)..]) {
            Some(off) => target.max(start) + off + 1,
            None => bytes.len(),
        };
        ranges.push((start, cut));
        start = cut;
    }
    ranges.push((start, bytes.len()));
    Some(ranges)
}

/// The number of line ends in `text[range]`, used to give each parallel chunk its first line.
pub fn lines_in(text: &str, start: usize, end: usize) -> usize {
    // A lone `\r` also ends a line; CRLF counts once.
    let b = &text.as_bytes()[start..end];
    let lf = count_newlines(b);
    let cr_only = memchr::memchr_iter(b'\r', b)
        .filter(|&i| i + 1 >= b.len() || b[i + 1] != b'\n')
        .count();
    lf + cr_only
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<Result<(usize, Vec<String>), RecordError>> {
        let mut r = Reader::new(text);
        let mut f = Vec::new();
        let mut out = Vec::new();
        while let Some(res) = r.next_record(&mut f) {
            out.push(res.map(|line| (line, f.iter().map(|s| s.to_string()).collect())));
        }
        out
    }

    fn ok(line: usize, fields: &[&str]) -> Result<(usize, Vec<String>), RecordError> {
        Ok((line, fields.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn plain_records_with_line_numbers() {
        assert_eq!(
            records("a,b\r\n1,2\n\n3,\n"),
            vec![ok(1, &["a", "b"]), ok(2, &["1", "2"]), ok(4, &["3", ""])]
        );
        assert_eq!(records("a\rb"), vec![ok(1, &["a"]), ok(2, &["b"])]);
    }

    #[test]
    fn quoted_fields() {
        assert_eq!(
            records("\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\ny,z\n"),
            vec![
                ok(1, &["a,b", "say \"hi\""]),
                ok(2, &["two\nlines", "x"]),
                ok(4, &["y", "z"])
            ]
        );
    }

    #[test]
    fn unclosed_quote_is_reported_where_it_opened() {
        assert_eq!(
            records("a,b\n1,\"oops\n2,3\n4,5\n"),
            vec![
                ok(1, &["a", "b"]),
                Err(RecordError::UnclosedQuote { line: 2 })
            ]
        );
    }

    #[test]
    fn text_after_closing_quote_is_an_error_and_reading_goes_on() {
        assert_eq!(
            records("\"a\"b,c\nd,e\n"),
            vec![Err(RecordError::AfterQuote { line: 1 }), ok(2, &["d", "e"])]
        );
    }

    #[test]
    fn ranges_cut_on_line_ends() {
        let mut text = String::from("h\n");
        for i in 0..400_000 {
            text.push_str(&format!("{i},x\n"));
        }
        let ranges = split_ranges(&text, 2, 2).unwrap();
        assert_eq!(ranges.len(), 2);
        assert_eq!(ranges[0].0, 2);
        assert_eq!(ranges[1].1, text.len());
        assert_eq!(&text[ranges[0].1 - 1..ranges[0].1], "\n");
        assert_eq!(ranges[0].1, ranges[1].0);
        assert!(split_ranges("h\nq\n", 2, 2).is_none());
    }
}
