//! The mapping file: what a city tells the importer about its own files. It adds 用途 names to the
//! built-in table (or overrides them), names columns the alias table does not know, joins facility
//! list names to ledger names by hand, reads structures written in the city's own words, and gives
//! the inventory its name, plan, access standards and detour factor.
//!
//! ```toml
//! name = "○○市"
//! [plan]
//! first_year = 2022
//! years = 30
//! cap_yen = 5580000000
//! [access]
//! community = 10
//! [distances]
//! detour_factor = 1.25
//! source = "measured on 40 trips, 2023"
//! [uses]
//! "コミセン" = "civic_culture"
//! "地区交流館" = { category = "civic_culture", functions = ["community"] }
//! [columns]
//! "資産の名前" = "asset_name"
//! [names]
//! "中央公民館（本館）" = "中央公民館"
//! [structures]
//! "軽鉄" = "s"
//! ```
//!
//! The file is read like every TOML file of the engine: unknown keys are errors, and every
//! problem is reported with its line and key path.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::header::Role;
use super::uses::{Use, Uses};
use crate::category::{Category, Structure};
use crate::error::{Diagnostic, Diagnostics};
use crate::input::toml::{SourceMap, TomlDecimal};
use crate::plan::Plan;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    name: Option<String>,
    plan: Option<RawPlan>,
    #[serde(default)]
    access: BTreeMap<String, TomlDecimal>,
    distances: Option<RawDistances>,
    #[serde(default)]
    uses: BTreeMap<String, RawUse>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    names: BTreeMap<String, String>,
    #[serde(default)]
    structures: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    first_year: Option<i64>,
    years: Option<i64>,
    cap_yen: Option<TomlDecimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistances {
    detour_factor: Option<TomlDecimal>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawUse {
    Category(String),
    Full(RawUseTable),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUseTable {
    category: String,
    #[serde(default)]
    functions: Vec<String>,
}

/// A mapping file, checked.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    /// The file, as named.
    pub file: Option<String>,
    /// The inventory's name.
    pub name: Option<String>,
    /// The plan.
    pub plan: Option<Plan>,
    /// Access standards, km by function.
    pub access: Vec<(String, Decimal)>,
    /// The detour factor and its source.
    pub detour: Option<(Decimal, String)>,
    /// 用途 names added to the built-in table.
    pub uses: Vec<Use>,
    /// Header names → roles.
    pub columns: Vec<(String, Role)>,
    /// Facility-list name → ledger facility name.
    pub names: Vec<(String, String)>,
    /// Structure words → structures.
    pub structures: Vec<(String, Structure)>,
}

impl Mapping {
    /// Reads and checks a mapping file.
    ///
    /// # Errors
    ///
    /// Every problem of the file, each at its line and key path.
    pub fn load(path: &Path) -> crate::Result<Mapping> {
        let file = crate::input::display_name(path);
        let bytes = crate::input::read_file(path, crate::input::Cap::TOML)?;
        let Ok(text) = String::from_utf8(bytes) else {
            return Err(crate::Error::Input(
                Diagnostic::file(&file, crate::msg!(TomlNotUtf8)).into(),
            ));
        };
        Mapping::parse(&text, &file).map_err(crate::Error::Input)
    }

    /// Reads and checks a mapping file's text.
    ///
    /// # Errors
    ///
    /// Every problem of the text, each at its line and key path.
    pub fn parse(text: &str, file: &str) -> Result<Mapping, Diagnostics> {
        let raw: RawMapping = crate::input::toml::parse(text, file)?;
        let map = SourceMap::new(text, file);
        let mut diags = Diagnostics::new();
        let mut m = Mapping {
            file: Some(file.to_string()),
            name: raw.name.filter(|n| !n.trim().is_empty()),
            ..Mapping::default()
        };
        if let Some(p) = raw.plan {
            let written = crate::plan::PlanSpec {
                first_year: p.first_year,
                years: p.years,
                cap_yen: p.cap_yen.map(|c| c.0),
            };
            m.plan = crate::plan::checked(
                written,
                None,
                crate::messages::Id::IsMissing,
                0,
                &mut |key, message| {
                    diags.push(map.diag(key, message));
                },
            );
        }
        for (function, km) in raw.access {
            if km.0 <= Decimal::ZERO || km.0 > Decimal::from(1000) {
                diags.push(map.diag(&format!("access.{function}"), crate::msg!(AccessKm)));
            } else {
                m.access.push((function, km.0));
            }
        }
        if let Some(d) = raw.distances {
            match d.detour_factor {
                Some(f) if f.0 >= Decimal::ONE && f.0 <= Decimal::from(3) => {
                    let source = d.source.unwrap_or_else(|| {
                        format!("set in the mapping file {file} without a source")
                    });
                    m.detour = Some((f.0, source));
                }
                Some(_) => {
                    diags.push(map.diag("distances.detour_factor", crate::msg!(DetourOutside)))
                }
                None => diags.push(map.diag("distances.detour_factor", crate::msg!(IsMissing))),
            }
        }
        for (name, u) in raw.uses {
            let (category, functions) = match u {
                RawUse::Category(c) => (c, Vec::new()),
                RawUse::Full(t) => (t.category, t.functions),
            };
            match Category::parse(&category).filter(|c| c.is_building()) {
                Some(category) => m.uses.push(Use {
                    name,
                    category,
                    functions,
                    origin: format!("mapping file {file}"),
                }),
                None => diags.push(map.diag(
                    &format!("uses.{name}"),
                    crate::msg!(
                        NotBuildingCategory,
                        value = format!("{category:?}"),
                        keys = Category::building_keys_hint()
                    ),
                )),
            }
        }
        for (header, role) in raw.columns {
            match Role::parse(&role) {
                Some(r) => m.columns.push((header, r)),
                None => diags.push(map.diag(
                    &format!("columns.{header}"),
                    crate::msg!(
                        NotColumnRole,
                        value = format!("{role:?}"),
                        roles = Role::ALL.map(Role::key).join(", ")
                    ),
                )),
            }
        }
        m.names = raw.names.into_iter().collect();
        for (word, s) in raw.structures {
            match Structure::parse(&s) {
                Some(st) => m.structures.push((word, st)),
                None => diags.push(map.diag(
                    &format!("structures.{word}"),
                    crate::msg!(MappingNotStructure, value = format!("{s:?}")),
                )),
            }
        }
        if diags.is_empty() { Ok(m) } else { Err(diags) }
    }

    /// The 用途 table with this file's names added.
    pub fn uses(&self, builtin: &Uses) -> Uses {
        let mut u = builtin.clone();
        for x in &self.uses {
            u.insert(x.clone());
        }
        u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_mapping_file() {
        let m = Mapping::parse(
            r#"
name = "架空市"
[plan]
first_year = 2022
years = 30
cap_yen = 5580000000
[access]
community = 10
[distances]
detour_factor = 1.25
source = "measured"
[uses]
"コミセン" = "civic_culture"
"交流館" = { category = "市民文化系施設", functions = ["community"] }
[columns]
"地目" = "account"
[names]
"中央公民館（本館）" = "中央公民館"
[structures]
"軽鉄" = "s"
"#,
            "m.toml",
        )
        .unwrap();
        assert_eq!(m.name.as_deref(), Some("架空市"));
        assert_eq!(m.plan.map(|p| p.horizon.years()), Some(30));
        assert_eq!(m.access, vec![("community".to_string(), Decimal::from(10))]);
        assert_eq!(
            m.detour,
            Some((Decimal::new(125, 2), "measured".to_string()))
        );
        assert_eq!(m.uses.len(), 2);
        assert_eq!(m.uses[1].functions, ["community"]);
        assert_eq!(m.columns, vec![("地目".to_string(), Role::Account)]);
        assert_eq!(m.structures, vec![("軽鉄".to_string(), Structure::Steel)]);
    }

    #[test]
    fn every_problem_at_its_key() {
        let e = Mapping::parse(
            "[uses]\n\"コミセン\" = \"gym\"\n[columns]\n\"x\" = \"nope\"\n[distances]\ndetour_factor = 9\n[oops]\n",
            "m.toml",
        )
        .unwrap_err();
        let text = e.to_string();
        assert!(text.contains("oops"), "{text}");
        let e = Mapping::parse(
            "[uses]\n\"コミセン\" = \"gym\"\n[columns]\n\"x\" = \"nope\"\n[distances]\ndetour_factor = 9\n",
            "m.toml",
        )
        .unwrap_err();
        let lines: Vec<String> = e.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].starts_with("m.toml:6: distances.detour_factor: must be between 1 and 3"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("m.toml:2: uses.コミセン: \"gym\" is not a building category"),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("m.toml:4: columns.x: \"nope\" is not a column role"),
            "{lines:?}"
        );
    }
}
