//! Reading a source file into sheets of located cells: CSV (or tab-separated) text in any encoding
//! the engine reads, and spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through
//! `calamine`. The format is told by the file's content, not its name; a name that promises a
//! workbook the content is not (an `.xlsx` that is not a zip) is an error, as is a workbook
//! protected by a password.
//!
//! Spreadsheet numbers become their shortest decimal text (the text Excel shows and stores for
//! them), never an arithmetic result; cells formatted as dates become dates; merged cells give
//! their value to every cell they cover. This module does not interpret any cell: `header` and the
//! source interpreters do.

use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader};

use super::date::Ymd;
use crate::error::Diagnostic;
use crate::input::text::Encoding;

/// One cell's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text as written.
    Text(Box<str>),
    /// A spreadsheet number, as its shortest decimal text (`1234.5`, `28216`).
    Number(Box<str>),
    /// A spreadsheet cell formatted as a date.
    Date(Ymd),
    /// A spreadsheet error value (`#N/A`, `#REF!`).
    Error(Box<str>),
}

impl Cell {
    /// The text of a text or number cell, trimmed; a date as `YYYY-MM-DD`; `None` when empty.
    pub fn text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Cell::Empty => None,
            Cell::Text(t) | Cell::Number(t) => {
                let t = t.trim();
                (!t.is_empty()).then_some(std::borrow::Cow::Borrowed(t))
            }
            Cell::Date(d) => Some(std::borrow::Cow::Owned(d.to_string())),
            Cell::Error(e) => Some(std::borrow::Cow::Borrowed(e)),
        }
    }

    /// Whether the cell holds nothing (or only white space).
    pub fn is_blank(&self) -> bool {
        self.text().is_none()
    }
}

/// A row of a sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The 1-based row number (a CSV file's line, a spreadsheet's row).
    pub number: usize,
    /// The cells, from column A (or the first field) on.
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in column `c` (empty past the end).
    pub fn cell(&self, c: usize) -> &Cell {
        self.cells.get(c).unwrap_or(&Cell::Empty)
    }

    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// A sheet: a spreadsheet's worksheet, or the one table of a CSV file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The worksheet's name (`None` for CSV).
    pub name: Option<String>,
    /// The rows that have any cell, in order.
    pub rows: Vec<Row>,
}

/// The format a source turned out to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated text in an encoding.
    Csv(Encoding),
    /// Tab-separated text (Excel's "Unicode text") in an encoding.
    Tsv(Encoding),
    /// Office Open XML workbook.
    Xlsx,
    /// Binary workbook (Excel 2007+).
    Xlsb,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// Its name (`CSV, Shift_JIS`, `xlsx`), in words of the catalogue where it has any.
    pub fn describe(&self) -> crate::messages::Message {
        use crate::messages::{Arg, IntoArg};
        let encoding = |e: &Encoding| match e {
            Encoding::Utf8 => Arg::Text("UTF-8".into()),
            Encoding::Utf8Bom => crate::msg!(ImportUtf8Bom).into_arg(),
            Encoding::Utf16 => Arg::Text("UTF-16".into()),
            Encoding::ShiftJis => Arg::Text("Shift_JIS".into()),
        };
        let name = |name: &str| crate::msg!(ImportFormatName, name);
        match self {
            Format::Csv(e) => crate::msg!(ImportFormatCsv, encoding = encoding(e)),
            Format::Tsv(e) => crate::msg!(ImportFormatTsv, encoding = encoding(e)),
            Format::Xlsx => name("xlsx"),
            Format::Xlsb => name("xlsb"),
            Format::Xls => name("xls"),
            Format::Ods => name("ods"),
        }
    }
}

impl fmt::Display for Format {
    /// Its name in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().render(crate::messages::Lang::En))
    }
}

/// A source file read: its format and its sheets (every sheet, or the one asked for).
#[derive(Clone, Debug)]
pub struct Book {
    /// The file as the user named it.
    pub file: String,
    /// What it is.
    pub format: Format,
    /// Its sheets, in workbook order.
    pub sheets: Vec<Sheet>,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a source's bytes. `file` names it in messages; `sheet`, when given, is the only
/// worksheet read (and must exist).
///
/// # Errors
///
/// A located [`Diagnostic`]: not text and not a workbook, an `.xlsx` that is not a zip, a
/// password, a sheet that does not exist, unreadable text or an unclosed quote.
pub fn read(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Book, Diagnostic> {
    let extension = std::path::Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let workbook_name = matches!(extension.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods");
    if bytes.starts_with(ZIP_MAGIC) {
        let format = if bytes[..bytes.len().min(120)]
            .windows(46)
            .any(|w| w.starts_with(b"mimetypeapplication/vnd.oasis.opendocument"))
        {
            Format::Ods
        } else if extension == "xlsb" {
            Format::Xlsb
        } else {
            Format::Xlsx
        };
        return read_workbook(bytes, file, format, sheet);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return read_workbook(bytes, file, Format::Xls, sheet);
    }
    if workbook_name {
        let what = match crate::input::text::decode(bytes, file) {
            Ok(_) => crate::msg!(ItIsText),
            Err(_) if bytes.is_empty() => crate::msg!(ItIsEmpty),
            Err(_) => crate::msg!(ItIsNeither),
        };
        return Err(Diagnostic::file(
            file,
            crate::msg!(
                NotAWorkbook,
                extension = &extension,
                kind = if extension == "xls" {
                    crate::msg!(ACompoundFile)
                } else {
                    crate::msg!(AZipArchive)
                },
                what
            ),
        ));
    }
    if sheet.is_some() {
        return Err(Diagnostic::file(file, crate::msg!(SheetNamedButText)));
    }
    let decoded = crate::input::text::decode(bytes, file)?;
    let text = &decoded.text;
    let tabs = text.lines().take(20).any(|l| l.contains('\t'))
        && !text.lines().take(20).any(|l| l.contains(','));
    let (format, rows) = if tabs {
        (Format::Tsv(decoded.encoding), tsv_rows(text))
    } else {
        (Format::Csv(decoded.encoding), csv_rows(text, file)?)
    };
    Ok(Book {
        file: file.to_string(),
        format,
        sheets: vec![Sheet { name: None, rows }],
    })
}

fn csv_rows(text: &str, file: &str) -> Result<Vec<Row>, Diagnostic> {
    let mut reader = crate::input::csv::Reader::new(text);
    let mut fields = Vec::new();
    let mut rows = Vec::new();
    while let Some(record) = reader.next_record(&mut fields) {
        let number = record.map_err(|e| Diagnostic::line(file, e.line(), e.message()))?;
        rows.push(Row {
            number,
            cells: fields
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.as_ref().into())
                    }
                })
                .collect(),
        });
    }
    Ok(rows)
}

/// Tab-separated rows: fields split at tabs, a field wrapped in quotes unwrapped (`""` → `"`).
fn tsv_rows(text: &str) -> Vec<Row> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| Row {
            number: i + 1,
            cells: line
                .split('\t')
                .map(|f| {
                    let f = f
                        .strip_prefix('"')
                        .and_then(|x| x.strip_suffix('"'))
                        .map(|x| x.replace("\"\"", "\""))
                        .unwrap_or_else(|| f.to_string());
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.into())
                    }
                })
                .collect(),
        })
        .collect()
}

/// Why a workbook cannot be read, for its message.
fn workbook_error(file: &str, format: Format, detail: &str, password: bool) -> Diagnostic {
    if password {
        return Diagnostic::file(file, crate::msg!(WorkbookPassword));
    }
    let expected = match format {
        Format::Xlsx | Format::Xlsb | Format::Ods => crate::msg!(AReadableWorkbook),
        _ => crate::msg!(AReadableXls),
    };
    // Foreign: the workbook reader's (calamine's) own description of what it could not read.
    let detail = crate::messages::Message::foreign(detail);
    Diagnostic::file(file, crate::msg!(NotReadableWorkbook, expected, detail))
}

fn read_workbook(
    bytes: &[u8],
    file: &str,
    format: Format,
    sheet: Option<&str>,
) -> Result<Book, Diagnostic> {
    // A library reading a damaged file may panic; such a file is reported, not a crash.
    let outcome = std::panic::catch_unwind(|| read_workbook_inner(bytes, file, format, sheet));
    outcome.unwrap_or_else(|_| {
        Err(workbook_error(
            file,
            format,
            "the spreadsheet reader failed on its content",
            false,
        ))
    })
}

fn read_workbook_inner(
    bytes: &[u8],
    file: &str,
    format: Format,
    only: Option<&str>,
) -> Result<Book, Diagnostic> {
    let mut sheets = Vec::new();
    match format {
        Format::Xlsx => {
            let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| {
                let password = matches!(e, calamine::XlsxError::Password);
                workbook_error(file, format, &e.to_string(), password)
            })?;
            let is_1904 = book.has_1904_epoch();
            for name in chosen_sheets(&book.sheet_names(), only, file)? {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| workbook_error(file, format, &e.to_string(), false))?;
                let merges = book
                    .worksheet_merge_cells(&name)
                    .and_then(Result::ok)
                    .unwrap_or_default();
                sheets.push(sheet_of(name, &range, &merges, is_1904));
            }
        }
        Format::Xls => {
            // An encrypted xlsx is a compound file too: calamine's xlsx reader recognises it.
            if let Err(calamine::XlsxError::Password) = calamine::Xlsx::new(Cursor::new(bytes)) {
                return Err(workbook_error(file, format, "", true));
            }
            let mut book = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| {
                let password = matches!(e, calamine::XlsError::Password);
                workbook_error(file, format, &e.to_string(), password)
            })?;
            let is_1904 = book.has_1904_epoch();
            for name in chosen_sheets(&book.sheet_names(), only, file)? {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| workbook_error(file, format, &e.to_string(), false))?;
                let merges = book.worksheet_merge_cells(&name).unwrap_or_default();
                sheets.push(sheet_of(name, &range, &merges, is_1904));
            }
        }
        Format::Xlsb => {
            let mut book = calamine::Xlsb::new(Cursor::new(bytes)).map_err(|e| {
                let password = matches!(e, calamine::XlsbError::Password);
                workbook_error(file, format, &e.to_string(), password)
            })?;
            for name in chosen_sheets(&book.sheet_names(), only, file)? {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| workbook_error(file, format, &e.to_string(), false))?;
                sheets.push(sheet_of(name, &range, &[], false));
            }
        }
        Format::Ods => {
            let mut book = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| {
                let password = matches!(e, calamine::OdsError::Password);
                workbook_error(file, format, &e.to_string(), password)
            })?;
            for name in chosen_sheets(&book.sheet_names(), only, file)? {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| workbook_error(file, format, &e.to_string(), false))?;
                sheets.push(sheet_of(name, &range, &[], false));
            }
        }
        Format::Csv(_) | Format::Tsv(_) => {}
    }
    Ok(Book {
        file: file.to_string(),
        format,
        sheets,
    })
}

/// The sheets to read: the one named (which must exist), or all.
fn chosen_sheets(
    names: &[String],
    only: Option<&str>,
    file: &str,
) -> Result<Vec<String>, Diagnostic> {
    match only {
        None => Ok(names.to_vec()),
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| super::normal::key(n) == super::normal::key(wanted))
            })
            .map(|n| vec![n.clone()])
            .ok_or_else(|| {
                Diagnostic::file(
                    file,
                    crate::msg!(
                        NoSheetNamed,
                        wanted = format!("{wanted:?}"),
                        names = names.join(", ")
                    ),
                )
            }),
    }
}

/// A worksheet's cells as rows, merged regions filled.
fn sheet_of(
    name: String,
    range: &calamine::Range<Data>,
    merges: &[calamine::Dimensions],
    is_1904: bool,
) -> Sheet {
    let Some((row0, col0)) = range.start() else {
        return Sheet {
            name: Some(name),
            rows: Vec::new(),
        };
    };
    let (row0, col0) = (row0 as usize, col0 as usize);
    let mut rows: Vec<Row> = Vec::with_capacity(range.height());
    for (i, r) in range.rows().enumerate() {
        let mut cells: Vec<Cell> = Vec::with_capacity(col0 + r.len());
        cells.resize(col0, Cell::Empty);
        cells.extend(r.iter().map(|d| cell_of(d, is_1904)));
        while cells.last().is_some_and(Cell::is_blank) {
            cells.pop();
        }
        rows.push(Row {
            number: row0 + i + 1,
            cells,
        });
    }
    // A merged region's value (in its top-left cell) belongs to every cell it covers.
    for m in merges {
        let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
        let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
        if r1 < r0 || c1 < c0 || (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000 {
            continue;
        }
        let Some(value) = r0
            .checked_sub(row0)
            .and_then(|i| rows.get(i))
            .map(|r| r.cell(c0).clone())
            .filter(|v| !v.is_blank())
        else {
            continue;
        };
        for r in r0..=r1 {
            let Some(row) = r.checked_sub(row0).and_then(|i| rows.get_mut(i)) else {
                continue;
            };
            if row.cells.len() <= c1 {
                row.cells.resize(c1 + 1, Cell::Empty);
            }
            for c in c0..=c1 {
                if row.cells[c].is_blank() {
                    row.cells[c] = value.clone();
                }
            }
        }
    }
    rows.retain(|r| !r.cells.is_empty());
    Sheet {
        name: Some(name),
        rows,
    }
}

/// A calamine value as a cell: numbers by their shortest text, dates as dates.
fn cell_of(d: &Data, is_1904: bool) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.as_str().into())
            }
        }
        Data::Int(i) => Cell::Number(i.to_string().into()),
        // Rust prints a float as the shortest decimal that reads back as the same float, without
        // an exponent: the number as the workbook wrote it (up to 15 significant digits).
        Data::Float(f) if f.is_finite() => Cell::Number(format!("{f}").into()),
        Data::Float(f) => Cell::Error(format!("{f}").into()),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let serial = dt.as_f64();
            if serial.is_finite() && (0.0..3_000_000.0).contains(&serial) {
                // The whole days of the serial; the time of day does not move the date.
                let days = serial.floor() as i64;
                match Ymd::from_excel_serial(days, is_1904) {
                    Some(ymd) => Cell::Date(ymd),
                    None => Cell::Number(format!("{serial}").into()),
                }
            } else {
                Cell::Number(format!("{serial}").into())
            }
        }
        Data::DateTime(dt) => Cell::Number(format!("{}", dt.as_f64()).into()),
        Data::DateTimeIso(s) => {
            let day = s.get(..10).and_then(|d| {
                let mut parts = d.split('-');
                let y = parts.next()?.parse().ok()?;
                let m = parts.next()?.parse().ok()?;
                let dd = parts.next()?.parse().ok()?;
                Ymd::new(y, m, dd)
            });
            match day {
                Some(ymd) => Cell::Date(ymd),
                None => Cell::Text(s.as_str().into()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(format!("{e}").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_shift_jis_and_tabs() {
        // 学校 in Shift_JIS is 8A 77 8D 5A.
        let b = read(b"name,area\n\x8A\x77\x8D\x5A,100\n\n,\n", "a.csv", None).unwrap();
        assert_eq!(b.format, Format::Csv(Encoding::ShiftJis));
        let rows = &b.sheets[0].rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].cells[0], Cell::Text("学校".into()));
        assert!(rows[2].is_blank());
        let b = read(b"name\tarea\n\"a\"\t1\n", "a.txt", None).unwrap();
        assert_eq!(b.format, Format::Tsv(Encoding::Utf8));
        assert_eq!(b.sheets[0].rows[1].cells[0], Cell::Text("a".into()));
    }

    #[test]
    fn workbook_names_must_hold_workbooks() {
        let e = read(b"a,b\n1,2\n", "ledger.xlsx", None).unwrap_err();
        assert!(e.message.to_string().contains("not a workbook"), "{e}");
        assert!(e.message.to_string().contains("it is text"), "{e}");
        let e = read(b"PK\x03\x04garbage", "ledger.xlsx", None).unwrap_err();
        assert!(
            e.message.to_string().starts_with("not a readable workbook"),
            "{e}"
        );
        let e = read(b"a,b\n", "ledger.csv", Some("x")).unwrap_err();
        assert!(e.message.to_string().contains("not a workbook"), "{e}");
    }

    #[test]
    fn floats_keep_their_shortest_text() {
        assert_eq!(
            cell_of(&Data::Float(1234.5), false),
            Cell::Number("1234.5".into())
        );
        assert_eq!(
            cell_of(&Data::Float(0.1 + 0.2), false),
            Cell::Number("0.30000000000000004".into())
        );
        assert_eq!(
            cell_of(&Data::Float(812.35), false),
            Cell::Number("812.35".into())
        );
        assert_eq!(
            cell_of(&Data::Float(1e21), false),
            Cell::Number("1000000000000000000000".into())
        );
        assert_eq!(cell_of(&Data::Int(7), false), Cell::Number("7".into()));
    }
}
