//! Building condition: grades, the 健全度 score, deterioration between grades as a Markov chain, and
//! how condition moves renewals (a D-grade building's renewal is brought forward, an A-grade one's
//! may wait).
//!
//! This module owns the chain data ([`chain`]) and the per-building evolution of grades and renewal
//! timing ([`engine`]), both in expectation (exact decimal probabilities, for the deterministic
//! projection) and sampled (for Monte Carlo). Prices stay in the cost model; the projection calls in
//! here for the renewal amounts of buildings whose model has condition rules.

pub mod chain;
pub mod cohort;
pub mod engine;

use std::fmt;

use rust_decimal::Decimal;

/// A condition grade (劣化状況評価 A–D).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// 概ね良好.
    A,
    /// 部分的に劣化 (no safety or function problem).
    B,
    /// 広範囲に劣化.
    C,
    /// 早急に対応する必要がある.
    D,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    /// The letter.
    pub fn letter(self) -> char {
        match self {
            Grade::A => 'A',
            Grade::B => 'B',
            Grade::C => 'C',
            Grade::D => 'D',
        }
    }

    /// The position in [`Grade::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The grade a 健全度 score falls in: 100–75 A, 74–40 B… using the 評価点 of the 文科省 解説書
    /// (A 100, B 75, C 40, D 10) and cutting halfway between them (≥ 88 A, ≥ 58 B, ≥ 25 C, else D).
    /// [convention: the 解説書 defines scores from grades, not the reverse]
    pub fn from_score(score: u8) -> Grade {
        match score {
            88..=u8::MAX => Grade::A,
            58..=87 => Grade::B,
            25..=57 => Grade::C,
            _ => Grade::D,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// A building's surveyed condition: a grade, or a 健全度 score (0–100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Condition {
    /// A grade A–D.
    Grade(Grade),
    /// A 健全度 score, 0–100.
    Score(u8),
}

impl Condition {
    /// Reads `A`–`D` (either case, full-width too) or a whole score 0–100.
    pub fn parse(text: &str) -> Option<Condition> {
        let t = crate::units::normalize_width(text.trim()).to_string();
        match t.to_ascii_uppercase().as_str() {
            "A" | "Ａ" => return Some(Condition::Grade(Grade::A)),
            "B" | "Ｂ" => return Some(Condition::Grade(Grade::B)),
            "C" | "Ｃ" => return Some(Condition::Grade(Grade::C)),
            "D" | "Ｄ" => return Some(Condition::Grade(Grade::D)),
            _ => {}
        }
        t.parse::<u8>()
            .ok()
            .filter(|s| *s <= 100)
            .map(Condition::Score)
    }

    /// The grade (a score is mapped with [`Grade::from_score`]).
    pub fn grade(self) -> Grade {
        match self {
            Condition::Grade(g) => g,
            Condition::Score(s) => Grade::from_score(s),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Grade(g) => write!(f, "{g}"),
            Condition::Score(s) => write!(f, "{s}"),
        }
    }
}

/// The parts graded in a 文科省 condition survey, with their cost weights (コスト配分, Σ = 60).
pub const PARTS: [(&str, &str, u32); 5] = [
    ("grade_roof", "屋根・屋上", 51),
    ("grade_exterior", "外壁", 172),
    ("grade_interior", "内部仕上", 224),
    ("grade_electrical", "電気設備", 80),
    ("grade_mechanical", "機械設備", 73),
];

/// The 評価点 of a grade in the 健全度 formula: A 100, B 75, C 40, D 10 (文科省 解説書; C and D
/// verified in its sample rows, A and B as widely reproduced: docs/condition-and-costs.md §1.1).
pub fn score(g: Grade) -> u32 {
    match g {
        Grade::A => 100,
        Grade::B => 75,
        Grade::C => 40,
        Grade::D => 10,
    }
}

/// 健全度 from the five part grades (roof, exterior, interior, electrical, mechanical):
/// `floor(Σ 評価点 × weight ÷ 60)`, exact (weights in tenths).
pub fn kenzendo(parts: [Grade; 5]) -> u8 {
    let sum: u32 = parts
        .iter()
        .zip(PARTS)
        .map(|(g, (_, _, w))| score(*g) * w)
        .sum();
    // weights are in tenths: Σ score × w/10 ÷ 60 = Σ score × w ÷ 600
    (sum / 600) as u8
}

/// The grade a building without a survey is given, from its age: the 解説書 bands for parts graded by
/// age (A under 20 years, B 20–40, C 40 or more). An estimate, and labelled so in outputs.
pub fn grade_by_age(age: i32) -> Grade {
    match age {
        i32::MIN..=19 => Grade::A,
        20..=39 => Grade::B,
        _ => Grade::C,
    }
}

/// Repair cost per m² per year by grade (A, B, C, D).
pub type GradeRates = [Decimal; 4];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kenzendo_of_the_worked_example() {
        // 屋根 B, 外壁 C, 内部 B, 電気 A, 機械 C:
        // (75·5.1 + 40·17.2 + 75·22.4 + 100·8.0 + 40·7.3) / 60 = (382.5 + 688 + 1680 + 800 + 292) / 60
        // = 3842.5 / 60 = 64.04 → 64.
        assert_eq!(
            kenzendo([Grade::B, Grade::C, Grade::B, Grade::A, Grade::C]),
            64
        );
        // Uniform grades give the grade's own score.
        assert_eq!(kenzendo([Grade::C; 5]), 40);
        assert_eq!(kenzendo([Grade::D; 5]), 10);
        assert_eq!(kenzendo([Grade::A; 5]), 100);
    }

    #[test]
    fn grades_from_age() {
        assert_eq!(grade_by_age(5), Grade::A);
        assert_eq!(grade_by_age(20), Grade::B);
        assert_eq!(grade_by_age(39), Grade::B);
        assert_eq!(grade_by_age(40), Grade::C);
    }
}
