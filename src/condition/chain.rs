//! Deterioration chains: yearly transition matrices between grades, by category and structure, read
//! from TOML (a built-in `default`, or a file), each with its source.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::category::{Category, Structure};
use crate::error::{Diagnostics, Error, Result};
use crate::input::FileSource;
use crate::input::toml::{SourceMap, TomlDecimal};

/// The built-in deterioration presets.
pub const PRESETS: [(&str, &str); 1] = [("default", include_str!("presets/default.toml"))];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    chains: Vec<RawChain>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChain {
    category: Option<String>,
    structure: Option<String>,
    source: String,
    matrix: Vec<Vec<TomlDecimal>>,
}

/// One chain: a yearly transition matrix, exact, with the thresholds used to sample it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The category it is for, if only one.
    pub category: Option<Category>,
    /// The structure it is for, if only one.
    pub structure: Option<Structure>,
    /// Where its values come from.
    pub source: String,
    /// `p[i][j]`: probability of grade `j` next year from grade `i` this year.
    pub p: [[Decimal; 4]; 4],
    /// Cumulative thresholds on 2⁶³: from grade `i`, the next grade is the first `j` with
    /// `u < cum[i][j]` for 63 random bits `u`; a cumulative probability of 1 is exactly 2⁶³, so a
    /// certain transition is certain.
    pub cum: [[u64; 4]; 4],
}

impl Chain {
    /// The next grade from `g`, given 64 random bits (the top 63 are used).
    #[inline]
    pub fn step(&self, g: usize, bits: u64) -> usize {
        let u = bits >> 1;
        let row = &self.cum[g];
        if u < row[0] {
            0
        } else if u < row[1] {
            1
        } else if u < row[2] {
            2
        } else {
            3
        }
    }
}

/// A set of chains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deterioration {
    name: String,
    chains: Vec<Chain>,
}

impl Deterioration {
    /// Its name (preset or file).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The chains.
    pub fn chains(&self) -> &[Chain] {
        &self.chains
    }

    /// The index of the most specific chain for a building: category and structure, then structure,
    /// then category, then a chain for all. Structure comes before category because the material
    /// moves deterioration more than the use does (statutory lives: timber 22–24 years against
    /// 47–50 for RC, while uses of RC range over 38–50).
    pub fn chain_for(&self, category: Category, structure: Structure) -> usize {
        let rank = |c: &Chain| match (c.category, c.structure) {
            (Some(a), Some(b)) if a == category && b == structure => Some(0),
            (None, Some(b)) if b == structure => Some(1),
            (Some(a), None) if a == category => Some(2),
            (None, None) => Some(3),
            _ => None,
        };
        self.chains
            .iter()
            .enumerate()
            .filter_map(|(i, c)| rank(c).map(|r| (r, i)))
            .min()
            .map_or(0, |(_, i)| i)
    }

    /// Makes a set of chains directly (tests, generated models). The matrices must be stochastic.
    pub fn from_chains(name: &str, chains: Vec<Chain>) -> Deterioration {
        Deterioration {
            name: name.to_string(),
            chains,
        }
    }

    /// Loads a preset (`default`) or a file relative to `dir`.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for a bad file, every problem located; [`Error::UnknownChains`] for an unknown
    /// name.
    pub fn load(spec: &str, dir: &Path, files: &dyn FileSource) -> Result<Deterioration> {
        let (name, text) = match PRESETS.iter().find(|(n, _)| *n == spec) {
            Some((n, t)) => (format!("<deterioration {n}>"), t.to_string()),
            None => {
                let path = dir.join(spec);
                let name = crate::input::display_name(&path);
                let Some(bytes) = files.read_up_to(&path, crate::input::Cap::TOML)? else {
                    return Err(Error::UnknownChains {
                        name: spec.to_string(),
                    });
                };
                let text = String::from_utf8(bytes).map_err(|_| {
                    Error::Input(crate::Diagnostic::file(&name, crate::msg!(TomlNotUtf8)).into())
                })?;
                (name, text)
            }
        };
        let raw: RawFile = crate::input::toml::parse(&text, &name).map_err(Error::Input)?;
        let map = SourceMap::new(&text, &name);
        let mut diags = Diagnostics::new();
        let mut chains = Vec::new();
        if raw.chains.is_empty() {
            diags.push(map.diag("chains", crate::msg!(ChainsNeedOne)));
        }
        for (i, c) in raw.chains.iter().enumerate() {
            let path = format!("chains[{i}]");
            let category = match &c.category {
                None => None,
                Some(k) => match Category::parse(k) {
                    Some(cat) if cat.is_building() => Some(cat),
                    _ => {
                        diags.push(map.diag(
                            &format!("{path}.category"),
                            crate::msg!(ChainNotCategory, value = format!("{k:?}")),
                        ));
                        None
                    }
                },
            };
            let structure = match &c.structure {
                None => None,
                Some(k) => match Structure::parse(k) {
                    Some(s) => Some(s),
                    None => {
                        diags.push(map.diag(
                            &format!("{path}.structure"),
                            crate::msg!(ChainNotStructure, value = format!("{k:?}")),
                        ));
                        None
                    }
                },
            };
            if c.source.trim().is_empty() {
                diags.push(map.diag(&format!("{path}.source"), crate::msg!(ChainNeedsSource)));
            }
            let mut p = [[Decimal::ZERO; 4]; 4];
            if c.matrix.len() != 4 || c.matrix.iter().any(|r| r.len() != 4) {
                diags.push(map.diag(&format!("{path}.matrix"), crate::msg!(ChainMatrixShape)));
                continue;
            }
            for (r, row) in c.matrix.iter().enumerate() {
                let mut sum = Decimal::ZERO;
                for (k, v) in row.iter().enumerate() {
                    if v.0 < Decimal::ZERO || v.0 > Decimal::ONE {
                        diags.push(map.diag(
                            &format!("{path}.matrix[{r}][{k}]"),
                            crate::msg!(NotProbability, value = v.0),
                        ));
                    }
                    p[r][k] = v.0;
                    sum += v.0;
                }
                if sum != Decimal::ONE {
                    diags.push(map.diag(
                        &format!("{path}.matrix[{r}]"),
                        crate::msg!(RowSumNotOne, sum),
                    ));
                }
            }
            chains.push(Chain {
                category,
                structure,
                source: c.source.clone(),
                cum: thresholds(&p),
                p,
            });
        }
        if !chains
            .iter()
            .any(|c| c.category.is_none() && c.structure.is_none())
            && diags.is_empty()
        {
            diags.push(map.diag("chains", crate::msg!(ChainsNeedDefault)));
        }
        diags.into_result(Deterioration { name, chains })
    }
}

/// Cumulative thresholds on 2⁶³ for sampling each row, exact to 2⁻⁶³.
pub fn thresholds(p: &[[Decimal; 4]; 4]) -> [[u64; 4]; 4] {
    const ONE: u64 = 1 << 63;
    let scale = Decimal::from(ONE);
    std::array::from_fn(|r| {
        let mut cum = Decimal::ZERO;
        let mut row = [0u64; 4];
        for k in 0..4 {
            cum += p[r][k];
            row[k] = if cum >= Decimal::ONE {
                ONE
            } else {
                u64::try_from((cum * scale).floor()).unwrap_or(ONE)
            };
        }
        row[3] = ONE;
        row
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_chains_load_with_their_sources() {
        let d = Deterioration::load("default", Path::new(""), &crate::input::Disk).unwrap();
        assert_eq!(d.chains().len(), 9);
        assert!(d.chains().iter().all(|c| !c.source.is_empty()));
        // RC schools get the default chain (a sojourn of 20 years per grade), timber its own (15).
        let rc = d.chain_for(Category::School, Structure::Rc);
        let w = d.chain_for(Category::School, Structure::Wood);
        assert_eq!(d.chains()[rc].p[0][1], Decimal::new(5, 2));
        assert_eq!(d.chains()[w].p[0][1], Decimal::new(667, 4));
        // An RC hospital: 20 × 39 / 47 = 16.6 years per grade, a yearly hazard of 47 / 780 = 0.0603;
        // a timber one follows the timber chain (structure before category).
        let hospital = d.chain_for(Category::Medical, Structure::Rc);
        assert_eq!(d.chains()[hospital].p[1][2], Decimal::new(603, 4));
        assert_eq!(d.chain_for(Category::Medical, Structure::Wood), w);
        // An office: 20 × 50 / 47 = 21.3 years, 47 / 1000 = 0.047.
        let office = d.chain_for(Category::Administrative, Structure::Other);
        assert_eq!(d.chains()[office].p[2][3], Decimal::new(47, 3));
        // A certain step always lands: D stays D.
        assert_eq!(d.chains()[rc].step(3, u64::MAX), 3);
        assert_eq!(d.chains()[rc].step(0, 0), 0);
    }
}
