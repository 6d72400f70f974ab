//! Money: exact amounts in yen, and the one place where they are rounded for display.
//!
//! Every cost in shisetsu is a [`Yen`] over `rust_decimal::Decimal` (28 significant digits): unit
//! prices, areas and spreads are multiplied and divided exactly, and an amount such as T/3 keeps
//! 28 digits, far below a yen. Rounding happens only when an amount is printed, with the named
//! strategy [`Rounding::HalfEven`]. No `f64` is used anywhere on a cost path.

use std::fmt;
use std::iter::Sum;

use rust_decimal::{Decimal, RoundingStrategy};

/// An exact amount of money in yen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Yen(Decimal);

/// An amount left the exact range: the decimal type's (about 7.9 × 10²⁸ yen), or a projection's
/// ([`MAX_PROJECTION_YEN`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("beyond the exact range of amounts (a projection adds up to at most 10^28 yen)")]
pub struct Overflow;

/// The most a projection's amounts add up to: 10²⁸ yen, below the decimal type's limit (about
/// 7.9 × 10²⁸) so that what is computed from a projection's amounts (rounded parts, differences,
/// shares) keeps room to spare. Japan's national budget is about 10¹⁴ yen.
pub const MAX_PROJECTION_YEN: Decimal =
    Decimal::from_parts(268_435_456, 1_042_612_833, 542_101_086, false, 0);

impl Yen {
    /// Zero yen.
    pub const ZERO: Yen = Yen(Decimal::ZERO);

    /// Wraps an exact decimal number of yen.
    pub fn new(amount: Decimal) -> Yen {
        Yen(amount)
    }

    /// A whole number of yen.
    pub fn from_int(yen: i64) -> Yen {
        Yen(Decimal::from(yen))
    }

    /// The exact amount.
    pub fn get(self) -> Decimal {
        self.0
    }

    /// Adds exactly.
    ///
    /// # Errors
    ///
    /// [`Overflow`] when the sum leaves the decimal range.
    pub fn checked_add(self, other: Yen) -> Result<Yen, Overflow> {
        self.0.checked_add(other.0).map(Yen).ok_or(Overflow)
    }

    /// Subtracts exactly.
    ///
    /// # Errors
    ///
    /// [`Overflow`] when the difference leaves the decimal range.
    pub fn checked_sub(self, other: Yen) -> Result<Yen, Overflow> {
        self.0.checked_sub(other.0).map(Yen).ok_or(Overflow)
    }

    /// Multiplies by a dimensionless factor (an area, a share, a rate).
    ///
    /// # Errors
    ///
    /// [`Overflow`] when the product leaves the decimal range.
    pub fn checked_mul(self, factor: Decimal) -> Result<Yen, Overflow> {
        self.0.checked_mul(factor).map(Yen).ok_or(Overflow)
    }

    /// Divides by a dimensionless divisor (a number of years); the quotient keeps 28 significant
    /// digits.
    ///
    /// # Errors
    ///
    /// [`Overflow`] when the divisor is zero or the quotient leaves the decimal range.
    pub fn checked_div(self, divisor: Decimal) -> Result<Yen, Overflow> {
        self.0.checked_div(divisor).map(Yen).ok_or(Overflow)
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The amount rounded to whole yen with the given strategy.
    pub fn round(self, rounding: Rounding) -> Decimal {
        self.round_to(rounding, 0)
    }

    /// The amount rounded to `dp` decimal places of yen.
    pub fn round_to(self, rounding: Rounding, dp: u32) -> Decimal {
        let mut r = self.0.round_dp_with_strategy(dp, rounding.strategy());
        if r.is_zero() {
            // −0 prints as "-0"; a rounded amount of zero is plain zero.
            r = Decimal::ZERO;
        }
        r.normalize()
    }

    /// The amount in 億円 (10⁸ yen), rounded to `dp` decimal places.
    pub fn oku(self, dp: u32) -> Decimal {
        let mut r = (self.0 / Decimal::from(100_000_000))
            .round_dp_with_strategy(dp, Rounding::HalfEven.strategy());
        if r.is_zero() {
            r = Decimal::ZERO;
        }
        r
    }

    /// The amount in 千円 (10³ yen), rounded to whole 千円.
    pub fn sen(self) -> Decimal {
        let mut r =
            (self.0 / Decimal::from(1000)).round_dp_with_strategy(0, Rounding::HalfEven.strategy());
        if r.is_zero() {
            r = Decimal::ZERO;
        }
        r
    }
}

/// `part` as a percentage of `whole` (not zero): `part × 100 ÷ whole`, exact to 28 digits; for
/// a part too large to multiply by 100, `part ÷ whole × 100`.
pub fn percent(part: Decimal, whole: Decimal) -> Decimal {
    match part.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => p / whole,
        None => part / whole * Decimal::ONE_HUNDRED,
    }
}

impl Sum for Yen {
    /// Sums amounts; used only for parts of one projection, whose total is at most
    /// [`MAX_PROJECTION_YEN`] (checked when it is made), so every such sum fits.
    fn sum<I: Iterator<Item = Yen>>(iter: I) -> Yen {
        Yen(iter.map(|y| y.0).sum())
    }
}

impl fmt::Display for Yen {
    /// Whole yen, rounded half to even, with thousands separators.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&group_thousands(
            &self.round(Rounding::HalfEven).to_string(),
        ))
    }
}

/// Reads an amount of yen as people write it, on the command line and in files alike: a number
/// (`5580000000`, `5,580,000,000`, full-width digits, decimals), optionally in 千, 万, 億 or 兆
/// (`55.8億`, `55.8億円`). `None` when it is not one. Whether a fraction of a yen or a negative
/// amount makes sense is the caller's to say.
pub fn parse_yen(text: &str) -> Option<Decimal> {
    let t = crate::units::normalize_width(text.trim()).into_owned();
    let t = t.trim().trim_end_matches('円').trim();
    let units: [(char, i64); 4] = [
        ('千', 1_000),
        ('万', 10_000),
        ('億', 100_000_000),
        ('兆', 1_000_000_000_000),
    ];
    let (number, scale) = units
        .iter()
        .find_map(|&(u, s)| t.strip_suffix(u).map(|n| (n.trim(), Decimal::from(s))))
        .unwrap_or((t, Decimal::ONE));
    let plain = number.replace(',', "");
    if plain.is_empty()
        || !plain
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return None;
    }
    let d: Decimal = plain.parse().ok()?;
    d.checked_mul(scale).map(|x| x.normalize())
}

/// How an exact amount is rounded when it is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rounding {
    /// Round half to even, JIS Z 8401 規則A (the default rule of the Japanese standard for
    /// rounding numbers), so that rounding errors do not drift in one direction across many
    /// amounts.
    #[default]
    HalfEven,
}

impl Rounding {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
        }
    }
}

/// Inserts thousands separators into a plain decimal string (`-1234567.5` → `-1,234,567.5`).
pub fn group_thousands(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int_part, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(plain.len() + int_part.len() / 3);
    out.push_str(sign);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn rounding_is_half_even() {
        let y = |s: &str| Yen::new(Decimal::from_str(s).unwrap());
        assert_eq!(y("2.5").round(Rounding::HalfEven), Decimal::from(2));
        assert_eq!(y("3.5").round(Rounding::HalfEven), Decimal::from(4));
        assert_eq!(y("-0.4").round(Rounding::HalfEven).to_string(), "0");
        // 80,000万円 / 3 = 266,666,666.66… yen → 266,666,667
        let third = Yen::from_int(800_000_000)
            .checked_div(Decimal::from(3))
            .unwrap();
        assert_eq!(third.to_string(), "266,666,667");
        assert_eq!(Yen::from_int(5_580_000_000).oku(1).to_string(), "55.8");
    }

    #[test]
    fn amounts_as_people_write_them() {
        let y = |s: &str| parse_yen(s).map(|d| d.to_string());
        assert_eq!(y("5580000000").as_deref(), Some("5580000000"));
        assert_eq!(y("5,580,000,000").as_deref(), Some("5580000000"));
        // 55.8 × 10^8 = 5,580,000,000.
        assert_eq!(y("55.8億").as_deref(), Some("5580000000"));
        assert_eq!(y(" 55.8億円 ").as_deref(), Some("5580000000"));
        assert_eq!(y("５５．８億").as_deref(), Some("5580000000"));
        // 1.2 × 10^12 and 300 × 10^4.
        assert_eq!(y("1.2兆").as_deref(), Some("1200000000000"));
        assert_eq!(y("300万円").as_deref(), Some("3000000"));
        assert_eq!(y("0.5").as_deref(), Some("0.5"));
        for bad in ["", "lots", "億", "1e9", "55.8 billion", "1.2.3"] {
            assert_eq!(y(bad), None, "{bad}");
        }
    }

    #[test]
    fn grouping() {
        assert_eq!(group_thousands("0"), "0");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("-1234567.25"), "-1,234,567.25");
    }

    #[test]
    fn the_projection_bound_is_ten_to_the_28th() {
        assert_eq!(
            MAX_PROJECTION_YEN.to_string(),
            format!("1{}", "0".repeat(28))
        );
    }

    #[test]
    fn overflow_is_an_error() {
        let big = Yen::new(Decimal::MAX);
        assert_eq!(big.checked_add(Yen::from_int(1)), Err(Overflow));
        assert_eq!(Yen::from_int(1).checked_div(Decimal::ZERO), Err(Overflow));
    }
}
