//! Dates as city halls write them, and the fiscal year (年度) each falls in.
//!
//! Read after NFKC (so full-width digits and the one-character era signs ㍼ ㍻ ㋿ are plain):
//! Japanese era dates in every common form (`昭和52年4月1日`, `S52.4.1`, `s52/4/1`, `昭52/4/1`,
//! `S.52.4.1`, `令和元年5月1日`, `H1-4-1`), Western dates (`1983/10/01`, `1983-10-01`,
//! `1983.10.1`, `1983年10月1日`, `19831001`, with or without a time after them), a year and month
//! (`1983/10`, `昭和58年10月`), a year alone (`1983`, `昭和58年`, `S58`) or a fiscal year
//! (`昭和58年度`, `1983年度`), and Excel date serials (`30590`, counted as Excel counts them,
//! 1900 leap-year bug included).
//!
//! A date from April 1 to March 31 of the next year belongs to one fiscal year, named by the year
//! in which it starts. A year alone says nothing of the month: the caller decides whether that is
//! an assumption. This module knows nothing of files: callers locate its errors.

use std::fmt;

use crate::units::Era;

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day, 1–31.
    pub day: u8,
}

impl Ymd {
    /// A date, if the month and day exist.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Ymd> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(
            Ymd {
                year,
                month: month as u8,
                day: day as u8,
            },
        )
    }

    /// The fiscal year (April to March) this date falls in.
    pub fn fiscal_year(self) -> i32 {
        if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        }
    }

    /// The date of an Excel serial day number (1900 date system: 1 is 1900-01-01 and, as in
    /// Excel, 60 is the 29 February 1900 that never was; 1904 system: 0 is 1904-01-01).
    pub fn from_excel_serial(serial: i64, system_1904: bool) -> Option<Ymd> {
        if !(0..=2_958_465).contains(&serial) {
            return None;
        }
        let days_since_1970 = if system_1904 {
            // 1904-01-01 is day −24107 from 1970-01-01.
            serial - 24_107
        } else if serial == 60 {
            return Some(Ymd {
                year: 1900,
                month: 2,
                day: 29,
            });
        } else if serial < 60 {
            // 1899-12-31 is day −25568.
            serial - 25_568
        } else {
            // 1899-12-30 is day −25569: from 61 (1900-03-01) on, Excel's count is one ahead.
            serial - 25_569
        };
        Some(civil_from_days(days_since_1970))
    }
}

impl fmt::Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The date `days` days after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> Ymd {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Ymd { year, month, day }
}

/// What a date cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateValue {
    /// A day.
    Day(Ymd),
    /// A month of a calendar year.
    Month {
        /// The calendar year.
        year: i32,
        /// The month, 1–12.
        month: u8,
    },
    /// A year without a month (calendar or fiscal: the text does not say).
    Year(i32),
    /// A fiscal year, written as one (`年度`).
    FiscalYear(i32),
}

impl DateValue {
    /// The fiscal year, and whether it rests on an assumption (a year written without a month is
    /// taken as the fiscal year).
    pub fn fiscal_year(self) -> (i32, bool) {
        match self {
            DateValue::Day(d) => (d.fiscal_year(), false),
            DateValue::Month { year, month } => (if month >= 4 { year } else { year - 1 }, false),
            DateValue::Year(y) => (y, true),
            DateValue::FiscalYear(y) => (y, false),
        }
    }
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any form read.
    NotADate,
    /// A year written with two digits and no era.
    TwoDigitYear,
    /// The month or day does not exist.
    NoSuchDay,
    /// An era year past the end of its era (`S65`: 昭和 ended in its 64th year).
    PastEra(Era),
}

impl DateError {
    /// What is wrong, as a message (the value's predicate: "is not a date …").
    pub fn message(&self) -> crate::messages::Message {
        match self {
            DateError::NotADate => crate::msg!(IsNotADate),
            DateError::TwoDigitYear => crate::msg!(TwoDigitYear),
            DateError::NoSuchDay => crate::msg!(NoSuchDay),
            DateError::PastEra(era) => crate::units::YearError::PastEra { era: *era }.message(),
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::NotADate => write!(
                f,
                "is not a date (write 1983/10/01, 昭和58年10月1日, S58.10.1 or 1983)"
            ),
            DateError::TwoDigitYear => write!(
                f,
                "has a two-digit year without an era (write S58.10.1 or 1983/10/01)"
            ),
            DateError::NoSuchDay => write!(f, "is a day that does not exist"),
            DateError::PastEra(era) => crate::units::YearError::PastEra { era: *era }.fmt(f),
        }
    }
}

/// The era of a prefix and the rest of the text (`昭和`, `昭`, `S`, `s`, `S.`).
fn split_era(s: &str) -> Option<(Era, &str)> {
    const PREFIXES: [(&str, Era); 15] = [
        ("明治", Era::Meiji),
        ("大正", Era::Taisho),
        ("昭和", Era::Showa),
        ("平成", Era::Heisei),
        ("令和", Era::Reiwa),
        ("明", Era::Meiji),
        ("大", Era::Taisho),
        ("昭", Era::Showa),
        ("平", Era::Heisei),
        ("令", Era::Reiwa),
        ("m", Era::Meiji),
        ("t", Era::Taisho),
        ("s", Era::Showa),
        ("h", Era::Heisei),
        ("r", Era::Reiwa),
    ];
    PREFIXES
        .iter()
        .find_map(|(p, era)| s.strip_prefix(p).map(|rest| (*era, rest)))
        .map(|(era, rest)| (era, rest.trim_start_matches(['.', ' '])))
}

/// Reads a date cell's text.
///
/// # Errors
///
/// A [`DateError`] when the text is not a date in any of the forms of this module.
pub fn parse(text: &str) -> Result<DateValue, DateError> {
    let tidy = super::normal::tidy(text).to_lowercase();
    // A time after the date (`1983/10/01 0:00:00`, `1983-10-01T00:00:00`) is dropped.
    let date_part = match tidy.find(':') {
        Some(i) => match tidy[..i].rfind([' ', 't']) {
            Some(j) => &tidy[..j],
            None => return Err(DateError::NotADate),
        },
        None => tidy.as_str(),
    };
    let s: String = date_part.chars().filter(|c| !c.is_whitespace()).collect();
    parse_without_time(&s)
}

fn parse_without_time(s: &str) -> Result<DateValue, DateError> {
    let (era, rest) = match split_era(s) {
        Some((era, rest)) if rest.starts_with(|c: char| c.is_ascii_digit() || c == '元') => {
            (Some(era), rest)
        }
        _ => (None, s),
    };
    let (body, fiscal) = match rest
        .strip_suffix("年度")
        .or_else(|| rest.strip_suffix('度'))
    {
        Some(b) => (b, true),
        None => (rest, false),
    };
    // Numeric groups separated by 年 月 日 . / - (and 元 for 1).
    let mut groups: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in body.chars() {
        match c {
            '0'..='9' => current.push(c),
            '元' if current.is_empty() && groups.is_empty() => current.push('1'),
            '年' | '月' | '日' | '.' | '/' | '-' => {
                if current.is_empty() {
                    if c == '日' && groups.len() == 3 {
                        continue;
                    }
                    return Err(DateError::NotADate);
                }
                groups.push(std::mem::take(&mut current));
            }
            _ => return Err(DateError::NotADate),
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    if groups.is_empty() || groups.len() > 3 {
        return Err(DateError::NotADate);
    }
    let number = |g: &str| g.parse::<i64>().map_err(|_| DateError::NotADate);
    let year = match era {
        Some(era) => {
            let n = number(&groups[0])?;
            if !(1..=99).contains(&n) {
                return Err(DateError::NotADate);
            }
            // 昭和 ended in its 64th year: S65 names no year, as in the inventory's own tables.
            if era.last_number().is_some_and(|last| n > i64::from(last)) {
                return Err(DateError::PastEra(era));
            }
            i64::from(era.start()) + n - 1
        }
        None => {
            let g = &groups[0];
            if groups.len() == 1 && !fiscal {
                return match g.len() {
                    4 => Ok(DateValue::Year(number(g)? as i32)),
                    8 => {
                        let n = number(g)?;
                        Ymd::new(
                            (n / 10_000) as i32,
                            (n / 100 % 100) as u32,
                            (n % 100) as u32,
                        )
                        .map(DateValue::Day)
                        .ok_or(DateError::NoSuchDay)
                    }
                    5 => Ymd::from_excel_serial(number(g)?, false)
                        .map(DateValue::Day)
                        .ok_or(DateError::NotADate),
                    1 | 2 => Err(DateError::TwoDigitYear),
                    _ => Err(DateError::NotADate),
                };
            }
            match g.len() {
                4 => number(g)?,
                1 | 2 => return Err(DateError::TwoDigitYear),
                _ => return Err(DateError::NotADate),
            }
        }
    };
    let year = year as i32;
    if fiscal {
        return if groups.len() == 1 {
            Ok(DateValue::FiscalYear(year))
        } else {
            Err(DateError::NotADate)
        };
    }
    match groups.len() {
        1 => Ok(DateValue::Year(year)),
        2 => {
            let month = number(&groups[1])?;
            if (1..=12).contains(&month) {
                Ok(DateValue::Month {
                    year,
                    month: month as u8,
                })
            } else {
                Err(DateError::NoSuchDay)
            }
        }
        _ => {
            let (month, day) = (number(&groups[1])?, number(&groups[2])?);
            let (Ok(month), Ok(day)) = (u32::try_from(month), u32::try_from(day)) else {
                return Err(DateError::NoSuchDay);
            };
            Ymd::new(year, month, day)
                .map(DateValue::Day)
                .ok_or(DateError::NoSuchDay)
        }
    }
}

/// Reads a number cell of a date column: an Excel serial (with a time fraction or not) or a
/// year; `None` when it is neither.
pub fn from_number(text: &str) -> Option<DateValue> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    if (crate::units::MIN_BUILT_YEAR as i64..=crate::units::MAX_YEAR as i64).contains(&n)
        && frac.bytes().all(|b| b == b'0')
    {
        return Some(DateValue::Year(n as i32));
    }
    if (19_000_000..=22_001_231).contains(&n) {
        return parse(int).ok();
    }
    Ymd::from_excel_serial(n, false).map(DateValue::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Result<DateValue, DateError> {
        Ok(DateValue::Day(Ymd {
            year: y,
            month: m,
            day: d,
        }))
    }

    #[test]
    fn era_dates_in_every_common_form() {
        // 昭和 starts in 1926, so 昭和52年 is 1926 + 52 − 1 = 1977.
        for t in [
            "昭和52年4月1日",
            "昭和５２年４月１日",
            "㍼52年4月1日",
            "S52.4.1",
            "s52.4.1",
            "S.52.4.1",
            "S52/4/1",
            "S52-04-01",
            "昭52/4/1",
            "昭52.4.1",
            "昭和 52 年 4 月 1 日",
        ] {
            assert_eq!(parse(t), day(1977, 4, 1), "{t}");
        }
        // 令和元年 = 2019, 平成元年 = 1989, 平成31年 = 1989 + 30 = 2019.
        assert_eq!(parse("令和元年5月1日"), day(2019, 5, 1));
        // 昭和 and 平成 ended in their 64th and 31st years: S65 and H32 name no year (S65 would
        // otherwise read as 1926 + 65 − 1 = 1990, a year of 平成); 令和 has no end yet.
        assert_eq!(parse("S64.1.7"), day(1989, 1, 7));
        assert_eq!(parse("S65"), Err(DateError::PastEra(Era::Showa)));
        assert_eq!(
            parse("平成32年4月1日"),
            Err(DateError::PastEra(Era::Heisei))
        );
        assert_eq!(parse("R40"), Ok(DateValue::Year(2019 + 40 - 1)));
        assert_eq!(
            DateError::PastEra(Era::Showa).to_string(),
            "does not exist: 昭和 ended in its 64th year (1989)"
        );
        assert_eq!(parse("R1.5.1"), day(2019, 5, 1));
        assert_eq!(parse("平成元年4月1日"), day(1989, 4, 1));
        assert_eq!(parse("H31.3.31"), day(2019, 3, 31));
        assert_eq!(parse("明治45年7月1日"), day(1912, 7, 1));
    }

    #[test]
    fn western_dates_and_partial_dates() {
        for t in [
            "1983/10/01",
            "1983/10/1",
            "1983-10-01",
            "1983.10.01",
            "1983年10月1日",
            "19831001",
            "1983/10/01 0:00:00",
            "1983-10-01T00:00:00",
            "１９８３／１０／０１",
        ] {
            assert_eq!(parse(t), day(1983, 10, 1), "{t}");
        }
        assert_eq!(
            parse("1983/10"),
            Ok(DateValue::Month {
                year: 1983,
                month: 10
            })
        );
        assert_eq!(
            parse("昭和58年10月"),
            Ok(DateValue::Month {
                year: 1983,
                month: 10
            })
        );
        assert_eq!(parse("1983"), Ok(DateValue::Year(1983)));
        assert_eq!(parse("S58"), Ok(DateValue::Year(1983)));
        assert_eq!(parse("昭和58年"), Ok(DateValue::Year(1983)));
        assert_eq!(parse("昭和58年度"), Ok(DateValue::FiscalYear(1983)));
        assert_eq!(parse("1983年度"), Ok(DateValue::FiscalYear(1983)));
    }

    #[test]
    fn what_is_not_a_date() {
        assert_eq!(parse("不明"), Err(DateError::NotADate));
        assert_eq!(parse(""), Err(DateError::NotADate));
        assert_eq!(parse("77/4/1"), Err(DateError::TwoDigitYear));
        assert_eq!(parse("1983/13/01"), Err(DateError::NoSuchDay));
        assert_eq!(parse("1983/2/29"), Err(DateError::NoSuchDay));
        assert_eq!(parse("1984/2/29"), day(1984, 2, 29));
        assert_eq!(parse("S52.4.1.5"), Err(DateError::NotADate));
        assert_eq!(parse("abc"), Err(DateError::NotADate));
    }

    #[test]
    fn fiscal_years_run_from_april_to_march() {
        // 1 April 1977 starts FY1977; 31 March 1978 ends it.
        let fy = |t: &str| parse(t).unwrap().fiscal_year();
        assert_eq!(fy("1977/4/1"), (1977, false));
        assert_eq!(fy("1978/3/31"), (1977, false));
        assert_eq!(fy("S53.3.31"), (1977, false));
        assert_eq!(fy("1983/10"), (1983, false));
        assert_eq!(fy("1984/1"), (1983, false));
        assert_eq!(fy("1983"), (1983, true));
        assert_eq!(fy("1983年度"), (1983, false));
    }

    #[test]
    fn excel_serials() {
        // Excel's own: 1 is 1900-01-01, 59 is 1900-02-28, 60 the 29 February 1900 Excel invents,
        // 61 is 1900-03-01. 28216 is 1977-04-01: from 1900-01-01 (serial 1) to 1977-01-01 are
        // 77 × 365 + 19 leap days (1904…1976) = 28124 days, to 1977-04-01 another 31 + 28 + 31 =
        // 90; 1 + 28124 + 90 = 28215, plus the 29 February 1900 Excel counts: 28216.
        let s = |n: i64| Ymd::from_excel_serial(n, false).map(|d| d.to_string());
        assert_eq!(s(1).as_deref(), Some("1900-01-01"));
        assert_eq!(s(59).as_deref(), Some("1900-02-28"));
        assert_eq!(s(60).as_deref(), Some("1900-02-29"));
        assert_eq!(s(61).as_deref(), Some("1900-03-01"));
        assert_eq!(s(28216).as_deref(), Some("1977-04-01"));
        // 45658 is 2025-01-01 (2025-01-01 is day 20089 after 1970-01-01; 20089 + 25569 = 45658).
        assert_eq!(s(45658).as_deref(), Some("2025-01-01"));
        // The 1904 system counts from 1904-01-01 as 0: 26754 is 1977-04-01 (28216 − 1462).
        assert_eq!(
            Ymd::from_excel_serial(26754, true).map(|d| d.to_string()),
            Some("1977-04-01".to_string())
        );
        assert_eq!(from_number("28216"), day(1977, 4, 1).ok());
        assert_eq!(from_number("28216.5"), day(1977, 4, 1).ok());
        assert_eq!(from_number("1977"), Some(DateValue::Year(1977)));
        assert_eq!(from_number("19770401"), day(1977, 4, 1).ok());
        assert_eq!(parse("28216"), day(1977, 4, 1));
    }
}
