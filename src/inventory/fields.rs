//! Typed access to the fields of one record of a table (a CSV line, or a row of a workbook's sheet),
//! by named column, recording a located diagnostic for every bad value; and the checks of a building
//! that involve several fields, defined once for both buildings tables.

use crate::msg;
use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::category::{Category, Structure};
use crate::error::{Diagnostic, Diagnostics};
use crate::input::csv::{Column, Header};
use crate::inventory::Grade;
use crate::inventory::{Condition, DataSource};
use crate::units::{FiscalYear, FloorArea, NumberError, parse_fixed, parse_year};

/// `str::trim`, with a fast path for the usual field that starts and ends with a visible ASCII
/// character.
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if (b'!'..=b'~').contains(&a) && (b'!'..=b'~').contains(&b) => s,
        _ => s.trim(),
    }
}

/// The largest yen amount a field may hold, in 10⁻⁴ yen (10¹⁶ yen).
const MAX_YEN_UNITS: i128 = 100_000_000_000_000_000_000;

/// The largest quantity a field may hold, in millionths (10¹² m, m² or km).
const MAX_QUANTITY_UNITS: i128 = 1_000_000_000_000_000_000;

/// The amount [`Row::yen`] reads from a trimmed, non-empty field; `None` where it reports a
/// problem.
pub(crate) fn yen_value(raw: &str) -> Option<Decimal> {
    match parse_fixed(raw, 4) {
        Ok(v) if v <= MAX_YEN_UNITS => Some(Decimal::from_i128_with_scale(v, 4).normalize()),
        _ => None,
    }
}

/// The quantity [`Row::quantity`] reads from a trimmed, non-empty field, in millionths; `None`
/// where it reports a problem.
pub(crate) fn quantity_units(raw: &str) -> Option<i128> {
    parse_fixed(raw, 6)
        .ok()
        .filter(|&v| v <= MAX_QUANTITY_UNITS)
}

/// A column of a table, by name: each table declares its columns as an enum
/// ([`super::tables::FacilityColumn`] …) whose variants implement this.
pub trait Col: Copy {
    /// Its position in the table's column list.
    fn index(self) -> usize;
}

impl Col for usize {
    fn index(self) -> usize {
        self
    }
}

/// One record being read: its fields, where it is, and where its problems go.
pub struct Row<'r, 'a> {
    /// The file name for messages.
    pub file: &'r str,
    /// The record's line (for a workbook, its row).
    pub line: usize,
    /// The sheet the record is on, when the file is a workbook: problems are then located by cell.
    pub sheet: Option<&'r str>,
    /// The table's columns.
    pub columns: &'r [Column],
    /// The resolved header.
    pub header: &'r Header,
    /// The record's fields.
    pub fields: &'r [Cow<'a, str>],
    /// Problems found.
    pub diags: &'r mut Diagnostics,
}

impl<'a> Row<'_, 'a> {
    fn name(&self, col: impl Col) -> &'static str {
        self.columns[col.index()].name
    }

    /// Records a problem with a column.
    pub fn bad(&mut self, col: impl Col, message: impl Into<crate::messages::Message>) {
        let name = self.name(col);
        let d = match (self.sheet, self.header.positions[col.index()]) {
            (Some(sheet), Some(position)) => {
                Diagnostic::cell(self.file, sheet, self.line, position, name, message)
            }
            _ => Diagnostic::field(self.file, Some(self.line), name, message),
        };
        self.diags.push(d);
    }

    /// The raw text of a column, trimmed; `None` when the column is absent or the cell empty.
    pub fn text(&self, col: impl Col) -> Option<&str> {
        self.header
            .get(self.fields, col.index())
            .map(trim)
            .filter(|s| !s.is_empty())
    }

    /// A required text.
    pub fn required(&mut self, col: impl Col) -> Option<String> {
        match self.text(col) {
            Some(t) => Some(t.to_string()),
            None => {
                self.bad(col, msg!(IsEmpty));
                None
            }
        }
    }

    /// A category (key or Japanese name); required.
    pub fn category(&mut self, col: impl Col) -> Option<Category> {
        let Some(t) = self.text(col) else {
            self.bad(
                col,
                msg!(EmptyCategory, keys = Category::building_keys_hint()),
            );
            return None;
        };
        match Category::parse(t) {
            Some(c) if c.is_building() => Some(c),
            _ => {
                let m = msg!(
                    NotBuildingCategory,
                    value = format!("{t:?}"),
                    keys = Category::building_keys_hint()
                );
                self.bad(col, m);
                None
            }
        }
    }

    /// A building floor area; required.
    pub fn area(&mut self, col: impl Col) -> Option<FloorArea> {
        let raw = self.text(col).unwrap_or("");
        match FloorArea::parse(raw) {
            Ok(a) => Some(a),
            Err(e) => {
                let value = format!("{raw:?}");
                let m = match e {
                    NumberError::Empty => msg!(IsEmpty),
                    NumberError::TooLarge => {
                        msg!(AreaAbsurd, value, max = crate::units::MAX_BUILDING_AREA_M2)
                    }
                    NumberError::Zero => msg!(AreaZero, value),
                    other => msg!(ValueIs, value, what = other.message()),
                };
                self.bad(col, m);
                None
            }
        }
    }

    /// An optional year (Western or 和暦).
    pub fn year(&mut self, col: impl Col) -> Option<FiscalYear> {
        let raw = self.text(col)?;
        match parse_year(raw) {
            Ok(y) => Some(y),
            Err(e) => {
                self.bad(
                    col,
                    msg!(ValueIs, value = format!("{raw:?}"), what = e.message()),
                );
                None
            }
        }
    }

    /// A required year: an empty cell is an error.
    pub fn required_year(&mut self, col: impl Col) -> Option<FiscalYear> {
        if self.text(col).is_none() {
            self.bad(col, msg!(YearRequired));
            return None;
        }
        self.year(col)
    }

    /// An optional structure.
    pub fn structure(&mut self, col: impl Col) -> Structure {
        let raw = self.text(col).unwrap_or("");
        match Structure::parse(raw) {
            Some(s) => s,
            None => {
                self.bad(col, msg!(NotStructure, value = format!("{raw:?}")));
                Structure::Other
            }
        }
    }

    /// An optional condition grade or score.
    pub fn condition(&mut self, col: impl Col) -> Option<Condition> {
        let raw = self.text(col)?;
        match Condition::parse(raw) {
            Some(c) => Some(c),
            None => {
                self.bad(col, msg!(NotCondition, value = format!("{raw:?}")));
                None
            }
        }
    }

    /// The five part grades (roof, exterior, interior, electrical, mechanical) in columns `cols`,
    /// turned into a 健全度 score; `None` when none is given. Some but not all is an error.
    pub fn part_grades(&mut self, cols: [impl Col; 5]) -> Option<Condition> {
        let given: Vec<Option<String>> = cols
            .iter()
            .map(|&c| self.text(c).map(str::to_string))
            .collect();
        if given.iter().all(Option::is_none) {
            return None;
        }
        let mut grades = [Grade::A; 5];
        let mut ok = true;
        for (k, (&c, g)) in cols.iter().zip(&given).enumerate() {
            match g.as_deref().map(Condition::parse) {
                Some(Some(Condition::Grade(grade))) => grades[k] = grade,
                Some(_) => {
                    let t = g.clone().unwrap_or_default();
                    self.bad(c, msg!(NotGrade, value = format!("{t:?}")));
                    ok = false;
                }
                None => {
                    self.bad(c, msg!(PartGradesAllOrNone));
                    ok = false;
                }
            }
        }
        ok.then(|| Condition::Score(crate::condition::kenzendo(grades)))
    }

    /// An optional non-negative yen amount (whole or decimal yen).
    pub fn yen(&mut self, col: impl Col) -> Option<Decimal> {
        let raw = self.text(col)?;
        match parse_fixed(raw, 4) {
            Ok(v) if v <= MAX_YEN_UNITS => Some(Decimal::from_i128_with_scale(v, 4).normalize()),
            Ok(_) => {
                self.bad(col, msg!(Implausible, value = format!("{raw:?}")));
                None
            }
            Err(e) => {
                self.bad(
                    col,
                    msg!(ValueIs, value = format!("{raw:?}"), what = e.message()),
                );
                None
            }
        }
    }

    /// An optional non-negative whole number.
    pub fn count(&mut self, col: impl Col) -> Option<u64> {
        let raw = self.text(col)?;
        match parse_fixed(raw, 0) {
            Ok(v) if v <= i128::from(u32::MAX) * 1000 => Some(v as u64),
            Ok(_) => {
                self.bad(col, msg!(Implausible, value = format!("{raw:?}")));
                None
            }
            Err(NumberError::TooManyDecimals { .. }) => {
                self.bad(
                    col,
                    msg!(ValueIs, value = format!("{raw:?}"), what = msg!(IsNotWhole)),
                );
                None
            }
            Err(e) => {
                self.bad(
                    col,
                    msg!(ValueIs, value = format!("{raw:?}"), what = e.message()),
                );
                None
            }
        }
    }

    /// An optional non-negative decimal quantity (m, m², km) with up to six decimals.
    pub fn quantity(&mut self, col: impl Col) -> Option<Decimal> {
        let raw = self.text(col)?;
        match parse_fixed(raw, 6) {
            Ok(v) if v <= MAX_QUANTITY_UNITS => {
                Some(Decimal::from_i128_with_scale(v, 6).normalize())
            }
            Ok(_) => {
                self.bad(col, msg!(Implausible, value = format!("{raw:?}")));
                None
            }
            Err(e) => {
                self.bad(
                    col,
                    msg!(ValueIs, value = format!("{raw:?}"), what = e.message()),
                );
                None
            }
        }
    }

    /// An optional data source; an empty cell is `estimated`.
    pub fn data_source(&mut self, col: impl Col) -> DataSource {
        match self.text(col) {
            None => DataSource::Estimated,
            Some(t) => match t.to_ascii_lowercase().as_str() {
                "published" | "公表" => DataSource::Published,
                "estimated" | "推計" => DataSource::Estimated,
                _ => {
                    self.bad(col, msg!(NotDataSource, value = format!("{t:?}")));
                    DataSource::Estimated
                }
            },
        }
    }

    /// An optional yes/no flag.
    pub fn flag(&mut self, col: impl Col) -> bool {
        match self.text(col) {
            None => false,
            Some(t) => match t.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "y" | "○" | "有" => true,
                "0" | "false" | "no" | "n" | "×" | "無" => false,
                _ => {
                    self.bad(col, msg!(NotFlag, value = format!("{t:?}")));
                    false
                }
            },
        }
    }

    /// A building's condition: the grade or score in `condition`, or the 健全度 of the five part
    /// grades in `parts`; both given is a problem at the condition column. (The check both
    /// buildings tables make.)
    pub fn building_condition(
        &mut self,
        condition: Option<Condition>,
        condition_col: impl Col,
        parts: [impl Col; 5],
    ) -> Option<Condition> {
        match (condition, self.part_grades(parts)) {
            (Some(_), Some(_)) => {
                self.bad(condition_col, msg!(ConditionAndParts));
                None
            }
            (c, parts) => c.or(parts),
        }
    }

    /// A building cannot be surveyed before it was built: a problem at the survey year's column.
    /// (The check both buildings tables make.)
    pub fn surveyed_after_built(
        &mut self,
        built: Option<FiscalYear>,
        survey: Option<FiscalYear>,
        survey_col: impl Col,
    ) {
        if let (Some(b), Some(s)) = (built, survey) {
            if s < b {
                self.bad(
                    survey_col,
                    msg!(BeforeBuilt, year = s.get(), built = b.get()),
                );
            }
        }
    }

    /// A building's last major renovation cannot come before it was built: a problem at the
    /// renovation column. (The check both buildings tables make.)
    pub fn renovated_after_built(
        &mut self,
        built: Option<FiscalYear>,
        renovated: Option<FiscalYear>,
        renovated_col: impl Col,
    ) {
        if let (Some(b), Some(ren)) = (built, renovated) {
            if ren < b {
                self.bad(
                    renovated_col,
                    msg!(BeforeBuilt, year = ren.get(), built = b.get()),
                );
            }
        }
    }
}
