//! Units that carry an invariant: fiscal years (年度) and floor areas (延床面積).
//!
//! This module owns the parsing of the numbers people type into inventories (Western and Japanese era
//! years, areas with thousands separators or full-width digits) and the exact fixed-point floor area.
//! It must not know about files or lines: callers attach the location to the errors it returns.

use crate::messages::Message;
use crate::msg;
use std::fmt;

use rust_decimal::Decimal;

/// The earliest construction year accepted in an inventory.
///
/// Public buildings in Japanese inventories start in the Meiji era; a year before 1850 is a typing
/// error (a two-digit year, a 和暦 number without its era), not an old building.
pub const MIN_BUILT_YEAR: i32 = 1850;

/// The latest fiscal year accepted anywhere (planned buildings, plan horizons).
pub const MAX_YEAR: i32 = 2200;

/// The largest floor area accepted for one building, in m².
///
/// The largest buildings in Japan have a few hundred thousand m²; ten times that bound catches unit
/// mistakes (cm², a misplaced decimal point) without rejecting any real building.
pub const MAX_BUILDING_AREA_M2: i64 = 1_000_000;

/// Decimal places kept for floor areas (fixed point, 1 unit = 10⁻⁶ m²).
pub const AREA_SCALE: u32 = 6;

const AREA_UNITS_PER_M2: i64 = 1_000_000;

/// A fiscal year (年度, April to March), named by the calendar year in which it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// Makes a fiscal year, if it lies within `MIN_BUILT_YEAR..=MAX_YEAR`.
    pub fn new(year: i32) -> Option<FiscalYear> {
        (MIN_BUILT_YEAR..=MAX_YEAR)
            .contains(&year)
            .then_some(FiscalYear(year))
    }

    /// The calendar year in which this fiscal year starts.
    pub fn get(self) -> i32 {
        self.0
    }

    /// The fiscal year `n` years later (or earlier, for negative `n`), unchecked against the range.
    pub fn offset(self, n: i32) -> FiscalYear {
        FiscalYear(self.0 + n)
    }

    /// The Japanese era name of this fiscal year, e.g. `R4` for 2022 and `R1` for 2019.
    ///
    /// Fiscal years are named by the era in force for most of the year: FY2019 (April 2019 to
    /// March 2020) is 令和元年度, as in every municipal plan.
    pub fn wareki(self) -> Wareki {
        let y = self.0;
        let (era, start) = ERAS
            .iter()
            .rev()
            .find(|(_, start)| y >= *start)
            .map(|(era, start)| (*era, *start))
            .unwrap_or((Era::Meiji, 1868));
        Wareki {
            era,
            year: y - start + 1,
        }
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A Japanese era (元号) as used in 年度 names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    /// 明治 (M), from 1868.
    Meiji,
    /// 大正 (T), from 1912.
    Taisho,
    /// 昭和 (S), from 1926.
    Showa,
    /// 平成 (H), from fiscal 1989.
    Heisei,
    /// 令和 (R), from fiscal 2019.
    Reiwa,
}

const ERAS: [(Era, i32); 5] = [
    (Era::Meiji, 1868),
    (Era::Taisho, 1912),
    (Era::Showa, 1926),
    (Era::Heisei, 1989),
    (Era::Reiwa, 2019),
];

impl Era {
    /// The one-letter abbreviation (M, T, S, H, R).
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The name in kanji (明治 … 令和).
    pub fn kanji(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The first calendar year of the era (its 元年).
    pub fn start(self) -> i32 {
        ERAS.iter()
            .find(|(era, _)| *era == self)
            .map(|(_, s)| *s)
            .unwrap_or(1868)
    }

    /// The number of the era's last year, `None` for the era in force. 明治 lasted 45 years
    /// (1868–1912), 大正 15 (1912–1926), 昭和 64 (1926–1989), 平成 31 (1989–2019): the year in which an
    /// era ended carries its last number (昭和64年 is 1989), so `S65` names no year.
    pub fn last_number(self) -> Option<i32> {
        match self {
            Era::Meiji => Some(45),
            Era::Taisho => Some(15),
            Era::Showa => Some(64),
            Era::Heisei => Some(31),
            Era::Reiwa => None,
        }
    }
}

/// A year in a Japanese era, e.g. 令和4 (R4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wareki {
    /// The era.
    pub era: Era,
    /// The year within the era, 1 for 元年.
    pub year: i32,
}

impl fmt::Display for Wareki {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.era.letter(), self.year)
    }
}

/// Why a number in an input could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// The cell is empty.
    Empty,
    /// Not a decimal number (includes NaN and infinity, which name no quantity).
    NotANumber,
    /// A minus sign where only positive amounts make sense.
    Negative,
    /// Zero where only positive amounts make sense.
    Zero,
    /// More decimal places than the fixed-point representation keeps.
    TooManyDecimals {
        /// The number of decimal places kept.
        kept: u32,
    },
    /// Larger than the stated bound.
    TooLarge,
    /// A fraction where a whole number is required.
    Fractional,
}

impl NumberError {
    /// What is wrong, as a message (the value's predicate: "is not a number").
    pub fn message(&self) -> Message {
        match self {
            NumberError::Empty => msg!(IsEmpty),
            NumberError::NotANumber => msg!(IsNotANumber),
            NumberError::Negative => msg!(IsNegative),
            NumberError::Zero => msg!(IsZero),
            NumberError::TooManyDecimals { kept } => msg!(TooManyDecimals, kept),
            NumberError::TooLarge => msg!(IsTooLarge),
            NumberError::Fractional => msg!(IsNotWhole),
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

/// Rewrites full-width digits and signs (０–９, ．, ，, －, ＋) to ASCII, as typed in Japanese
/// spreadsheets; returns the input unchanged when it is already ASCII.
pub fn normalize_width(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            '\u{3000}' => ' ',
            other => other,
        })
        .collect();
    std::borrow::Cow::Owned(mapped)
}

/// Removes thousands separators when they are well placed (`1,234,567.8`); `1,2` stays as it is and
/// is then rejected as not a number.
fn strip_grouping(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(',') {
        return std::borrow::Cow::Borrowed(s);
    }
    let (int_part, frac) = match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let body = int_part.trim_start_matches(['+', '-']);
    let sign = &int_part[..int_part.len() - body.len()];
    let groups: Vec<&str> = body.split(',').collect();
    let well_placed = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if well_placed {
        std::borrow::Cow::Owned(format!("{sign}{}{frac}", groups.concat()))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Parses a non-negative decimal into fixed point with `scale` decimal places, exactly.
///
/// Accepts `1234`, `1234.5`, `+1234.50`, `1,234.5`, full-width digits, trailing zeros beyond the
/// scale, and exponents as spreadsheets write them (`1.2E+05`, exact: the decimal point moves).
/// Rejects NaN, infinity and signs other than a leading `+`.
///
/// # Errors
///
/// A [`NumberError`] saying what is wrong; the caller names the file, line and field.
pub fn parse_fixed(text: &str, scale: u32) -> Result<i128, NumberError> {
    if let Some(v) = parse_plain(text.as_bytes(), scale) {
        return Ok(v);
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    // ASCII fast path: the common case in large files needs no allocation.
    let normalized = normalize_width(trimmed);
    let grouped = strip_grouping(&normalized);
    if grouped.contains(['e', 'E']) {
        return parse_fixed(&expand_exponent(&grouped, scale)?, scale);
    }
    let s = grouped.as_bytes();
    let mut i = 0;
    let mut negative = false;
    if let Some(&c) = s.first() {
        if c == b'+' {
            i = 1;
        } else if c == b'-' {
            negative = true;
            i = 1;
        }
    }
    let mut int_value: i128 = 0;
    let mut n_int_digits = 0usize;
    while i < s.len() && s[i].is_ascii_digit() {
        int_value = int_value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(s[i] - b'0')))
            .ok_or(NumberError::TooLarge)?;
        if int_value > 1_000_000_000_000_000_000_000 {
            return Err(NumberError::TooLarge);
        }
        n_int_digits += 1;
        i += 1;
    }
    let mut frac_value: i128 = 0;
    let mut n_frac_digits = 0u32;
    let mut any_digit = n_int_digits > 0;
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            any_digit = true;
            let d = i128::from(s[i] - b'0');
            if n_frac_digits < scale {
                frac_value = frac_value * 10 + d;
                n_frac_digits += 1;
            } else if d != 0 {
                return Err(NumberError::TooManyDecimals { kept: scale });
            }
            i += 1;
        }
    }
    if i != s.len() || !any_digit {
        return Err(NumberError::NotANumber);
    }
    let mut value = int_value
        .checked_mul(10i128.pow(scale))
        .ok_or(NumberError::TooLarge)?;
    value += frac_value * 10i128.pow(scale - n_frac_digits);
    if negative && value != 0 {
        return Err(NumberError::Negative);
    }
    Ok(value)
}

/// A number in exponent notation written out (`1.25e3` → `1250`, `5e-2` → `0.05`), exactly; the
/// mantissa must be a plain decimal and the exponent an integer.
fn expand_exponent(t: &str, scale: u32) -> Result<String, NumberError> {
    let (mantissa, exp) = t.split_once(['e', 'E']).ok_or(NumberError::NotANumber)?;
    let (sign, unsigned) = match mantissa.as_bytes().first() {
        Some(b'+' | b'-') => mantissa.split_at(1),
        _ => ("", mantissa),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    let all_digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0
        || !all_digits(int)
        || !all_digits(frac)
        || exp_digits.is_empty()
        || !all_digits(exp_digits)
    {
        return Err(NumberError::NotANumber);
    }
    let digits = format!("{int}{frac}");
    if digits.bytes().all(|b| b == b'0') {
        return Ok(format!("{sign}0"));
    }
    // Bounded so a long exponent cannot build a long string: past it, the number is too large or
    // has too many decimals whatever its mantissa.
    const MAX_SHIFT: usize = 200;
    let shift = exp_digits
        .trim_start_matches('0')
        .parse::<usize>()
        .unwrap_or(0);
    if exp_digits.trim_start_matches('0').len() > 3 || shift > MAX_SHIFT {
        return Err(if exp.starts_with('-') {
            NumberError::TooManyDecimals { kept: scale }
        } else {
            NumberError::TooLarge
        });
    }
    let point = if exp.starts_with('-') {
        int.len() as i64 - shift as i64
    } else {
        (int.len() + shift) as i64
    };
    Ok(if point <= 0 {
        format!(
            "{sign}0.{}{digits}",
            "0".repeat(point.unsigned_abs() as usize)
        )
    } else if point as usize >= digits.len() {
        format!(
            "{sign}{digits}{}",
            "0".repeat(point as usize - digits.len())
        )
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{sign}{a}.{b}")
    })
}

/// The fast path of [`parse_fixed`]: plain ASCII `digits[.digits]`, at most 18 integer digits and
/// `scale` decimals; anything else (signs, separators, more decimals, errors) returns `None` and goes
/// through the full parser.
fn parse_plain(s: &[u8], scale: u32) -> Option<i128> {
    const POW10: [u64; 19] = [
        1,
        10,
        100,
        1_000,
        10_000,
        100_000,
        1_000_000,
        10_000_000,
        100_000_000,
        1_000_000_000,
        10_000_000_000,
        100_000_000_000,
        1_000_000_000_000,
        10_000_000_000_000,
        100_000_000_000_000,
        1_000_000_000_000_000,
        10_000_000_000_000_000,
        100_000_000_000_000_000,
        1_000_000_000_000_000_000,
    ];
    if s.is_empty() || s.len() > 30 || scale > 18 {
        return None;
    }
    let mut int: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        int = int * 10 + u64::from(s[i] - b'0');
        i += 1;
        if i > 18 {
            return None;
        }
    }
    if i == 0 {
        return None;
    }
    let mut frac: u64 = 0;
    let mut n_frac = 0u32;
    if i < s.len() {
        if s[i] != b'.' {
            return None;
        }
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() && n_frac < scale {
            frac = frac * 10 + u64::from(s[i] - b'0');
            n_frac += 1;
            i += 1;
        }
        if i != s.len() {
            return None;
        }
    }
    Some(
        i128::from(int) * i128::from(POW10[scale as usize])
            + i128::from(frac * POW10[(scale - n_frac) as usize]),
    )
}

/// A floor area in m², exact to 10⁻⁶ m² (fixed point).
///
/// Areas are summed as integers, so the total floor area of a million buildings is exact and
/// independent of the order of summation (and so of the thread count).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FloorArea(i64);

impl FloorArea {
    /// Zero m².
    pub const ZERO: FloorArea = FloorArea(0);

    /// Parses a building's floor area: positive, at most [`MAX_BUILDING_AREA_M2`], at most six
    /// decimal places.
    ///
    /// # Errors
    ///
    /// A [`NumberError`] for empty, non-numeric, negative, zero, too precise or absurd values.
    pub fn parse(text: &str) -> Result<FloorArea, NumberError> {
        let units = parse_fixed(text, AREA_SCALE)?;
        if units == 0 {
            return Err(NumberError::Zero);
        }
        if units > i128::from(MAX_BUILDING_AREA_M2 * AREA_UNITS_PER_M2) {
            return Err(NumberError::TooLarge);
        }
        Ok(FloorArea(units as i64))
    }

    /// Makes an area from a whole number of m² (used by tests and generators).
    pub fn from_m2(m2: i64) -> FloorArea {
        FloorArea(m2 * AREA_UNITS_PER_M2)
    }

    /// Makes an area from fixed-point units of 10⁻⁶ m².
    pub fn from_units(units: i64) -> FloorArea {
        FloorArea(units)
    }

    /// The area in fixed-point units of 10⁻⁶ m².
    pub fn units(self) -> i64 {
        self.0
    }

    /// The area as an exact decimal number of m².
    pub fn to_decimal(self) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(self.0), AREA_SCALE).normalize()
    }
}

impl fmt::Display for FloorArea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_decimal())
    }
}

/// A sum of floor areas, exact (fixed point, 10⁻⁶ m², 128-bit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AreaSum(i128);

impl AreaSum {
    /// Zero m².
    pub const ZERO: AreaSum = AreaSum(0);

    /// Adds one building's area.
    pub fn add(&mut self, area: FloorArea) {
        self.0 += i128::from(area.0);
    }

    /// Adds another sum.
    pub fn add_sum(&mut self, other: AreaSum) {
        self.0 += other.0;
    }

    /// Subtracts another sum (used when part of a building is demolished).
    pub fn sub_sum(&mut self, other: AreaSum) {
        self.0 -= other.0;
    }

    /// The sum in fixed-point units of 10⁻⁶ m².
    pub fn units(self) -> i128 {
        self.0
    }

    /// Makes a sum from fixed-point units.
    pub fn from_units(units: i128) -> AreaSum {
        AreaSum(units)
    }

    /// Whether the sum is zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The sum as an exact decimal number of m².
    ///
    /// Sums beyond 7.9 × 10²² m² cannot occur: each building is bounded by
    /// [`MAX_BUILDING_AREA_M2`] and an inventory holds fewer than 2³² buildings.
    pub fn to_decimal(self) -> Decimal {
        Decimal::try_from_i128_with_scale(self.0, AREA_SCALE)
            .unwrap_or(Decimal::MAX)
            .normalize()
    }
}

impl From<FloorArea> for AreaSum {
    fn from(area: FloorArea) -> AreaSum {
        AreaSum(i128::from(area.0))
    }
}

/// Why a year in an input could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YearError {
    /// The cell is empty.
    Empty,
    /// Not a year at all.
    NotAYear,
    /// A fraction such as `1975.5`.
    Fractional,
    /// A negative number.
    Negative,
    /// Outside the accepted range.
    OutOfRange {
        /// The year read.
        year: i64,
    },
    /// An era year past the end of its era (`S65`: 昭和 ended in its 64th year).
    PastEra {
        /// The era.
        era: Era,
    },
}

impl YearError {
    /// What is wrong, as a message (the value's predicate: "is not a year …").
    pub fn message(&self) -> Message {
        match self {
            YearError::Empty => msg!(IsEmpty),
            YearError::NotAYear => msg!(IsNotAYear),
            YearError::Fractional => msg!(IsNotWholeYear),
            YearError::Negative => msg!(IsNegative),
            YearError::OutOfRange { year } => {
                msg!(YearOutOfRange, year, min = MIN_BUILT_YEAR, max = MAX_YEAR)
            }
            YearError::PastEra { era } => {
                let last = era.last_number().unwrap_or(0);
                msg!(
                    PastEra,
                    era = era.kanji(),
                    ordinal = ordinal(last),
                    number = last,
                    year = era.start() + last - 1
                )
            }
        }
    }
}

impl fmt::Display for YearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

/// Parses a fiscal year written as a Western year (`1975`) or a Japanese era year (`S50`, `昭和50`,
/// `昭和50年`, `平成元年`, `R4`), with ASCII or full-width digits.
///
/// # Errors
///
/// A [`YearError`] for empty, malformed, fractional, negative or out-of-range years.
pub fn parse_year(text: &str) -> Result<FiscalYear, YearError> {
    // Fast path: four ASCII digits, as nearly every file writes years.
    if let [a, b, c, d] = text.as_bytes() {
        if [a, b, c, d].iter().all(|x| x.is_ascii_digit()) {
            let y = [a, b, c, d]
                .iter()
                .fold(0i64, |acc, x| acc * 10 + i64::from(**x - b'0'));
            return year_in_range(y);
        }
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(YearError::Empty);
    }
    let normalized = normalize_width(trimmed);
    let s = normalized.trim_end_matches(['年', '度']).trim();
    if let Some((era, rest)) = split_era(s) {
        let rest = rest.trim();
        let n: i64 = if rest == "元" {
            1
        } else {
            rest.parse().map_err(|_| YearError::NotAYear)?
        };
        if n < 1 {
            return Err(YearError::NotAYear);
        }
        if era.last_number().is_some_and(|last| n > i64::from(last)) {
            return Err(YearError::PastEra { era });
        }
        let year = i64::from(era.start()) + n - 1;
        return year_in_range(year);
    }
    if let Ok(n) = s.parse::<i64>() {
        if n < 0 {
            return Err(YearError::Negative);
        }
        return year_in_range(n);
    }
    // A fraction like 1975.5 or 1975.0: a whole year written as 1975.0 is accepted (spreadsheets
    // write years that way), anything else is rejected.
    let body = s.strip_prefix('-').unwrap_or(s);
    if let Some((int_part, frac)) = body.split_once('.') {
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if digits(int_part) && digits(frac) {
            if s.starts_with('-') {
                return Err(YearError::Negative);
            }
            if frac.bytes().all(|b| b == b'0') {
                let n: i64 = int_part.parse().map_err(|_| YearError::NotAYear)?;
                return year_in_range(n);
            }
            return Err(YearError::Fractional);
        }
    }
    Err(YearError::NotAYear)
}

/// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `21st`, `64th`.
fn ordinal(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn year_in_range(year: i64) -> Result<FiscalYear, YearError> {
    i32::try_from(year)
        .ok()
        .and_then(FiscalYear::new)
        .ok_or(YearError::OutOfRange { year })
}

fn split_era(s: &str) -> Option<(Era, &str)> {
    const PREFIXES: [(&str, Era); 15] = [
        ("明治", Era::Meiji),
        ("大正", Era::Taisho),
        ("昭和", Era::Showa),
        ("平成", Era::Heisei),
        ("令和", Era::Reiwa),
        ("M", Era::Meiji),
        ("T", Era::Taisho),
        ("S", Era::Showa),
        ("H", Era::Heisei),
        ("R", Era::Reiwa),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn area(s: &str) -> Result<i64, NumberError> {
        FloorArea::parse(s).map(FloorArea::units)
    }

    #[test]
    fn areas() {
        assert_eq!(area("1000"), Ok(1_000_000_000));
        assert_eq!(area("1,234.5"), Ok(1_234_500_000));
        assert_eq!(area("１２３４．５"), Ok(1_234_500_000));
        assert_eq!(area(" 0.000001 "), Ok(1));
        assert_eq!(area("12.5000000"), Ok(12_500_000));
        assert_eq!(
            area("12.0000001"),
            Err(NumberError::TooManyDecimals { kept: 6 })
        );
        assert_eq!(area("-5"), Err(NumberError::Negative));
        assert_eq!(area("0"), Err(NumberError::Zero));
        assert_eq!(area("0.0"), Err(NumberError::Zero));
        assert_eq!(area("NaN"), Err(NumberError::NotANumber));
        assert_eq!(area("inf"), Err(NumberError::NotANumber));
        // Exponents move the decimal point, exactly.
        assert_eq!(area("1e5"), Ok(100_000_000_000));
        assert_eq!(area("1.2345E+03"), Ok(1_234_500_000));
        assert_eq!(area("5e-6"), Ok(5));
        assert_eq!(area("0.5E-5"), Ok(5));
        assert_eq!(area("1e-7"), Err(NumberError::TooManyDecimals { kept: 6 }));
        assert_eq!(area("-1e2"), Err(NumberError::Negative));
        assert_eq!(area("0e5"), Err(NumberError::Zero));
        assert_eq!(area("1e400"), Err(NumberError::TooLarge));
        assert_eq!(area("1e99999"), Err(NumberError::TooLarge));
        assert_eq!(
            area("1e-99999"),
            Err(NumberError::TooManyDecimals { kept: 6 })
        );
        for bad in [
            "e5", "1e", "1e+", "1e5e5", "1.e.5", "1ee5", "1e5.0", "NaNe1",
        ] {
            assert_eq!(area(bad), Err(NumberError::NotANumber), "{bad}");
        }
        assert_eq!(area("1,2"), Err(NumberError::NotANumber));
        assert_eq!(area("."), Err(NumberError::NotANumber));
        assert_eq!(area(""), Err(NumberError::Empty));
        assert_eq!(area("1000001"), Err(NumberError::TooLarge));
        assert_eq!(
            area("99999999999999999999999999999999999999"),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn years() {
        let y = |s: &str| parse_year(s).map(FiscalYear::get);
        assert_eq!(y("1975"), Ok(1975));
        assert_eq!(y("1975.0"), Ok(1975));
        assert_eq!(y("S50"), Ok(1975)); // 1926 + 50 − 1
        assert_eq!(y("昭和50年"), Ok(1975));
        assert_eq!(y("平成元年"), Ok(1989));
        assert_eq!(y("H7"), Ok(1995)); // 1989 + 7 − 1
        assert_eq!(y("R4"), Ok(2022)); // 2019 + 4 − 1
        assert_eq!(y("１９７５"), Ok(1975));
        assert_eq!(y("1975.5"), Err(YearError::Fractional));
        assert_eq!(y("-1975"), Err(YearError::Negative));
        assert_eq!(y("75"), Err(YearError::OutOfRange { year: 75 }));
        assert_eq!(y("99999"), Err(YearError::OutOfRange { year: 99999 }));
        assert_eq!(y("abc"), Err(YearError::NotAYear));
        // The last year of each era exists; the one after it does not.
        assert_eq!(y("S64"), Ok(1989)); // 1926 + 64 − 1
        assert_eq!(y("H31"), Ok(2019)); // 1989 + 31 − 1
        assert_eq!(y("M45"), Ok(1912));
        assert_eq!(y("T15"), Ok(1926));
        assert_eq!(y("S65"), Err(YearError::PastEra { era: Era::Showa }));
        assert_eq!(y("H32"), Err(YearError::PastEra { era: Era::Heisei }));
        assert_eq!(y("R99"), Ok(2117));
        assert_eq!(y(""), Err(YearError::Empty));
    }

    #[test]
    fn wareki_of_fiscal_years() {
        let w = |y: i32| FiscalYear::new(y).map(|f| f.wareki().to_string());
        assert_eq!(w(2022).as_deref(), Some("R4"));
        assert_eq!(w(2019).as_deref(), Some("R1"));
        assert_eq!(w(2018).as_deref(), Some("H30"));
        assert_eq!(w(1989).as_deref(), Some("H1"));
        assert_eq!(w(1975).as_deref(), Some("S50"));
    }
}
