//! Where a value came from: a file, a sheet, a row and a column, said the way a person finds it
//! again (`ledger.csv:12: 取得年月日`, `ledger.xlsx: sheet 台帳, cell F12 (取得年月日)`).

use std::fmt;

use serde::Serialize;

use super::normal::column_letters;
use crate::error::Diagnostic;

/// A location in a source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Place {
    /// The file as the user named it.
    pub file: String,
    /// The worksheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based row (a CSV file's line).
    pub row: usize,
    /// The column's label (its header, or its letters), when one cell is meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The column's letters (`F`), for a workbook cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Place {
    /// A row of a file (and sheet).
    pub fn row(file: &str, sheet: Option<&str>, row: usize) -> Place {
        Place {
            file: file.to_string(),
            sheet: sheet.map(str::to_string),
            row,
            column: None,
            cell: None,
        }
    }

    /// The cell of this row in column `index`, labelled `label`.
    pub fn at(&self, index: usize, label: &str) -> Place {
        Place {
            column: Some(label.to_string()),
            cell: self
                .sheet
                .as_ref()
                .map(|_| format!("{}{}", column_letters(index), self.row)),
            ..self.clone()
        }
    }

    /// The place without its column.
    pub fn whole_row(&self) -> Place {
        Place {
            column: None,
            cell: None,
            ..self.clone()
        }
    }

    /// A diagnostic at this place.
    pub fn diag(&self, message: impl Into<crate::messages::Message>) -> Diagnostic {
        match &self.sheet {
            None => Diagnostic {
                file: self.file.clone(),
                line: Some(self.row),
                cell: None,
                field: self.column.clone(),
                message: message.into(),
            },
            Some(_) => Diagnostic {
                file: self.file.clone(),
                line: None,
                cell: None,
                field: Some(self.where_in_book()),
                message: message.into(),
            },
        }
    }

    /// `sheet S, cell F12 (label)` or `sheet S, row 12`.
    fn where_in_book(&self) -> String {
        let sheet = self.sheet.as_deref().unwrap_or("");
        match (&self.cell, &self.column) {
            (Some(cell), Some(label)) => format!("sheet {sheet}, cell {cell} ({label})"),
            _ => format!("sheet {sheet}, row {}", self.row),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            None => {
                write!(f, "{}:{}", self.file, self.row)?;
                if let Some(c) = &self.column {
                    write!(f, ": {c}")?;
                }
                Ok(())
            }
            Some(_) => write!(f, "{}: {}", self.file, self.where_in_book()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_people_find_them() {
        let p = Place::row("ledger.csv", None, 12);
        assert_eq!(p.to_string(), "ledger.csv:12");
        assert_eq!(
            p.at(5, "取得年月日").to_string(),
            "ledger.csv:12: 取得年月日"
        );
        assert_eq!(
            p.at(5, "取得年月日").diag(crate::msg!(IsEmpty)).to_string(),
            "ledger.csv:12: 取得年月日: is empty"
        );
        let q = Place::row("ledger.xlsx", Some("台帳"), 12);
        assert_eq!(q.to_string(), "ledger.xlsx: sheet 台帳, row 12");
        assert_eq!(
            q.at(5, "取得年月日").diag(crate::msg!(IsEmpty)).to_string(),
            "ledger.xlsx: sheet 台帳, cell F12 (取得年月日): is empty"
        );
    }
}
