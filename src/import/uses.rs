//! The 用途 table: from the names of uses city halls write (小学校, 公民館, 市営住宅 …) to the 13 MIC
//! 大分類 and the functions a facility of that use offers. The built-in table is data
//! (`uses.toml`, with its sources); a mapping file adds names or overrides them.
//!
//! This module owns the lookup rules: an exact name (after NFKC, without spaces) first, then the
//! longest known name the text contains (an assumption the caller reports), and the nearest names
//! to suggest when nothing matches. It knows nothing of files or rows.

use std::collections::HashMap;

use serde::Deserialize;

use crate::category::{BUILDING_CATEGORIES, Category};

/// One name of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    /// The name as the table writes it.
    pub name: String,
    /// The MIC 大分類.
    pub category: Category,
    /// The functions a facility of this use offers (may be empty).
    pub functions: Vec<String>,
    /// Where the entry comes from: the MIC 中分類 it stands for, or the mapping file.
    pub origin: String,
}

/// How a text matched the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match<'a> {
    /// The text is a name of the table.
    Exact(&'a Use),
    /// The text contains a name of the table (the longest one; the earliest of equally long ones).
    Contains(&'a Use),
}

impl<'a> Match<'a> {
    /// The entry matched.
    pub fn entry(&self) -> &'a Use {
        match self {
            Match::Exact(u) | Match::Contains(u) => u,
        }
    }
}

/// The table.
#[derive(Clone, Debug, Default)]
pub struct Uses {
    entries: Vec<Use>,
    by_key: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    category: String,
    middle: String,
    names: std::collections::BTreeMap<String, String>,
}

/// The built-in table's text.
pub const BUILTIN_TEXT: &str = include_str!("uses.toml");

/// Splits a `;`-separated list of functions.
pub fn split_functions(text: &str) -> Vec<String> {
    text.split([';', '|', '、'])
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect()
}

impl Uses {
    /// The built-in table (`uses.toml`), plus the 大分類 names themselves.
    ///
    /// # Errors
    ///
    /// A message when the built-in file is malformed (a test keeps it well formed).
    pub fn builtin() -> Result<Uses, crate::messages::Message> {
        let raw: RawTable = toml::from_str(BUILTIN_TEXT)
            // Foreign: the TOML parser's description of the built-in table's syntax error.
            .map_err(|e| crate::messages::Message::foreign(e.to_string()))?;
        let mut uses = Uses::default();
        for g in raw.groups {
            let category = Category::parse(&g.category)
                .filter(|c| c.is_building())
                .ok_or_else(|| crate::msg!(UsesNotCategory, value = format!("{:?}", g.category)))?;
            for (name, functions) in g.names {
                uses.insert(Use {
                    name,
                    category,
                    functions: split_functions(&functions),
                    origin: format!("{} / {}", category.name_ja(), g.middle),
                });
            }
        }
        for c in BUILDING_CATEGORIES {
            let full = c.name_ja();
            let mut names = vec![full.to_string()];
            names.extend(full.strip_suffix("系施設").map(str::to_string));
            names.extend(full.strip_suffix("施設").map(str::to_string));
            for name in names {
                if !uses.by_key.contains_key(&super::normal::key(&name)) {
                    uses.insert(Use {
                        name,
                        category: c,
                        functions: Vec::new(),
                        origin: format!("{} (大分類)", c.name_ja()),
                    });
                }
            }
        }
        Ok(uses)
    }

    /// Adds a name, replacing an entry of the same name.
    pub fn insert(&mut self, u: Use) {
        let key = super::normal::key(&u.name);
        match self.by_key.get(&key) {
            Some(&i) => self.entries[i] = u,
            None => {
                self.by_key.insert(key, self.entries.len());
                self.entries.push(u);
            }
        }
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every name, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = &Use> {
        self.entries.iter()
    }

    /// Looks a text up: exactly, or by the longest name it contains (of at least two characters).
    pub fn lookup(&self, text: &str) -> Option<Match<'_>> {
        let key = super::normal::key(text);
        if key.is_empty() {
            return None;
        }
        if let Some(&i) = self.by_key.get(&key) {
            return Some(Match::Exact(&self.entries[i]));
        }
        // A 大分類 key or name (`school`, `学校教育系`) is one too.
        if let Some(c) = Category::parse(&key).filter(|c| c.is_building()) {
            let i = self.by_key.get(&super::normal::key(c.name_ja()))?;
            return Some(Match::Exact(&self.entries[*i]));
        }
        let mut best: Option<(usize, usize, usize)> = None; // (length, position, entry)
        for (k, &i) in &self.by_key {
            let n = k.chars().count();
            if n < 2 {
                continue;
            }
            if let Some(pos) = key.find(k.as_str()) {
                let pos = key[..pos].chars().count();
                let better = match best {
                    None => true,
                    Some((bn, bp, bi)) => {
                        n > bn || (n == bn && (pos < bp || (pos == bp && i < bi)))
                    }
                };
                if better {
                    best = Some((n, pos, i));
                }
            }
        }
        best.map(|(_, _, i)| Match::Contains(&self.entries[i]))
    }

    /// The `n` names nearest to a text (edit distance, then name order), to suggest.
    pub fn nearest(&self, text: &str, n: usize) -> Vec<&Use> {
        let key = super::normal::key(text);
        let mut scored: Vec<(usize, &str, &Use)> = self
            .entries
            .iter()
            .map(|u| {
                (
                    super::normal::edit_distance(&key, &super::normal::key(&u.name)),
                    u.name.as_str(),
                    u,
                )
            })
            .collect();
        scored.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        scored.into_iter().take(n).map(|(_, _, u)| u).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses() -> Uses {
        Uses::builtin().expect("the built-in table parses")
    }

    #[test]
    fn the_builtin_table_covers_the_common_uses() {
        let u = uses();
        let check = |text: &str, category: Category, functions: &[&str]| {
            let m = u.lookup(text).unwrap_or_else(|| panic!("{text} is known"));
            assert!(matches!(m, Match::Exact(_)), "{text}: {m:?}");
            assert_eq!(m.entry().category, category, "{text}");
            assert_eq!(m.entry().functions, functions, "{text}");
        };
        check("小学校", Category::School, &["elementary_school"]);
        check("中学校", Category::School, &["junior_high_school"]);
        check("公民館", Category::CivicCulture, &["community"]);
        check("集会所", Category::CivicCulture, &["meeting"]);
        check("図書館", Category::SocialEducation, &["library"]);
        check("体育館", Category::SportsRecreation, &["gym", "sports"]);
        check("保育所", Category::Childcare, &["nursery"]);
        check("児童館", Category::Childcare, &["child_centre"]);
        check("市営住宅", Category::PublicHousing, &["housing"]);
        check("庁舎", Category::Administrative, &["office"]);
        check("消防署", Category::Administrative, &["fire"]);
        check("ｺﾐｭﾆﾃｨｾﾝﾀｰ", Category::CivicCulture, &["community"]);
        // 大分類 names and keys.
        check("学校教育系施設", Category::School, &[]);
        check("子育て支援", Category::Childcare, &[]);
        check("school", Category::School, &[]);
        assert!(u.len() > 200, "{} names", u.len());
    }

    #[test]
    fn the_longest_name_contained_wins() {
        let u = uses();
        let m = u.lookup("鹿沼市立中央小学校").unwrap();
        assert_eq!(
            (matches!(m, Match::Contains(_)), m.entry().name.as_str()),
            (true, "小学校")
        );
        // 学校給食センター (exact) rather than 学校 or 給食センター.
        assert_eq!(
            u.lookup("学校給食センター").unwrap().entry().functions,
            ["school_lunch"]
        );
        // 職員住宅 (other, 4 characters) rather than 住宅 (public housing, 2).
        assert_eq!(
            u.lookup("第二職員住宅").unwrap().entry().category,
            Category::Other
        );
        // Equally long: the earlier one (a school's gym is a school's).
        assert_eq!(
            u.lookup("北小学校体育館").unwrap().entry().category,
            Category::School
        );
        assert!(u.lookup("宇宙港").is_none());
        assert!(u.lookup("").is_none());
    }

    #[test]
    fn nearest_names_and_overrides() {
        let mut u = uses();
        let near: Vec<&str> = u
            .nearest("公民舘", 3)
            .iter()
            .map(|x| x.name.as_str())
            .collect();
        assert_eq!(near[0], "公民館");
        u.insert(Use {
            name: "公民館".into(),
            category: Category::SocialEducation,
            functions: vec!["community".into()],
            origin: "mapping.toml".into(),
        });
        assert_eq!(
            u.lookup("公民館").unwrap().entry().category,
            Category::SocialEducation
        );
    }
}
