//! Reading TOML documents into serde structs shaped like the file, with errors that give the line
//! and the exact key path (`renewal.cycles[0].events[1].age`), and a map from key paths back to lines
//! for the validation passes that run after deserialisation.

mod collect;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, Diagnostics};
use crate::messages::Message;
use crate::msg;

/// Deserialises a whole document into `T` (whose structs deny unknown fields).
///
/// A valid document is read once, straight into `T`. When it is not valid, reading goes on past
/// each problem (see `toml/collect.rs`), so every unknown key and every wrongly typed value of the
/// file is reported together, each at its line and key path, in line order.
///
/// # Errors
///
/// A TOML syntax error (one diagnostic: the rest of the file cannot be read), or every problem the
/// document has against `T`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, Diagnostics> {
    let de = toml::de::Deserializer::parse(text).map_err(|e| syntax_error(&e, text, file))?;
    let first = match serde_path_to_error::deserialize(de) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    // The text parsed a moment ago, so it parses again.
    let root = DeTable::parse(text).map_err(|e| syntax_error(&e, text, file))?;
    Err(collect::problems::<T>(text, file, root, first))
}

fn syntax_error(e: &toml::de::Error, text: &str, file: &str) -> Diagnostics {
    // Foreign: the TOML parser's description of the syntax error.
    let detail = Message::foreign(clean_message(e.message()));
    let message = msg!(TomlSyntax, detail);
    Diagnostics::from(match e.span() {
        Some(s) => Diagnostic::line(file, line_of(text, s.start), message),
        None => Diagnostic::file(file, message),
    })
}

/// A message of serde's (`unknown field `x`, expected one of …`, `missing field `x``, `invalid
/// type: …, expected …`) as a message of the catalogue: the words are ours, the names and the
/// types serde describes are quoted as serde writes them. Any other text (a value's own
/// deserializer's) is shown as it is.
pub(crate) fn serde_message(m: &str) -> Message {
    if let Some(rest) = m.strip_prefix("unknown field ") {
        if let Some((field, expected)) = rest.split_once(", ") {
            return msg!(UnknownField, field, expected = serde_expected(expected));
        }
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        if let Some((variant, expected)) = rest.split_once(", ") {
            return msg!(UnknownVariant, variant, expected = serde_expected(expected));
        }
    }
    if let Some(field) = m.strip_prefix("missing field ") {
        return msg!(MissingField, field);
    }
    if let Some(field) = m.strip_prefix("duplicate field ") {
        return msg!(DuplicateField, field);
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            // Foreign: serde's descriptions of the types.
            let (found, expected) = (Message::foreign(found), Message::foreign(expected));
            return msg!(InvalidType, found, expected);
        }
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            // Foreign: serde's descriptions of the value and what was expected.
            let (found, expected) = (Message::foreign(found), Message::foreign(expected));
            return msg!(InvalidValue, found, expected);
        }
    }
    // Foreign: a deserializer's own words.
    Message::foreign(m)
}

/// What serde says a name should have been: `expected one of `a`, `b``, `expected `a``, `there
/// are no fields`.
fn serde_expected(text: &str) -> Message {
    if let Some(list) = text.strip_prefix("expected one of ") {
        msg!(ExpectedOneOf, list)
    } else if let Some(one) = text.strip_prefix("expected ") {
        msg!(ExpectedOne, one)
    } else if text == "there are no fields" {
        msg!(NoFieldsHere)
    } else {
        // Foreign: serde's words.
        Message::foreign(text)
    }
}

fn clean_message(m: &str) -> String {
    m.trim().trim_end_matches('.').replace('\n', " ")
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// A parsed document kept for looking up where a key path sits.
pub struct SourceMap<'a> {
    text: &'a str,
    root: Option<toml::Spanned<DeTable<'a>>>,
    file: String,
    /// Byte offsets of the line ends, found on the first lookup, so that reporting every problem
    /// of a long file costs a binary search each rather than a scan from the top.
    line_ends: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> SourceMap<'a> {
    /// Parses `text` for lookups (a document that does not parse yields no lines).
    pub fn new(text: &'a str, file: &str) -> SourceMap<'a> {
        SourceMap {
            text,
            root: DeTable::parse(text).ok(),
            file: file.to_string(),
            line_ends: std::cell::OnceCell::new(),
        }
    }

    /// The file name used in diagnostics.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The line where the value at `path` (dotted keys, `[n]` for array items) is written, or the
    /// line of the deepest ancestor that exists.
    pub fn line(&self, path: &str) -> Option<usize> {
        let root = self.root.as_ref()?;
        let mut best: Option<std::ops::Range<usize>> = None;
        let mut table: Option<&DeTable<'a>> = Some(root.get_ref());
        let mut value: Option<&toml::Spanned<DeValue<'a>>> = None;
        for seg in segments(path) {
            let next = match seg {
                Segment::Key(k) => table.and_then(|t| {
                    t.iter()
                        .find(|(key, _)| key.get_ref().as_ref() == k)
                        .map(|(key, v)| {
                            // Prefer the key's own span: a table header's value spans its body.
                            best = Some(key.span());
                            v
                        })
                }),
                Segment::Index(i) => value
                    .and_then(|v| v.get_ref().as_array())
                    .and_then(|a| a.get(i)),
            };
            match next {
                Some(v) => {
                    if matches!(seg, Segment::Index(_)) || !matches!(v.get_ref(), DeValue::Table(_))
                    {
                        best = Some(v.span());
                    }
                    table = v.get_ref().as_table();
                    value = Some(v);
                }
                None => break,
            }
        }
        let ends = self
            .line_ends
            .get_or_init(|| memchr::memchr_iter(b'\n', self.text.as_bytes()).collect());
        // Line = 1 + the number of line ends before the offset (as `line_of` counts).
        best.map(|s| 1 + ends.partition_point(|&e| e < s.start.min(self.text.len())))
    }

    /// A diagnostic for the value at `path`.
    pub fn diag(&self, path: &str, message: impl Into<crate::messages::Message>) -> Diagnostic {
        Diagnostic::field(self.file.clone(), self.line(path), path, message)
    }
}

enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        while let Some(close) = rest.find(']') {
            if let Ok(i) = rest[1..close].parse() {
                out.push(Segment::Index(i));
            }
            rest = &rest[close + 1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        age: u32,
    }

    #[test]
    fn errors_name_line_and_key_path() {
        let only = |text: &str| {
            let e = parse::<Doc>(text, "f.toml").unwrap_err();
            assert_eq!(e.len(), 1, "{e}");
            e.iter().next().unwrap().clone()
        };
        let e = only("name = \"x\"\n\n[[items]]\nage = 3\n\n[[items]]\nage = \"old\"\n");
        assert_eq!(e.line, Some(7));
        assert_eq!(e.field.as_deref(), Some("items[1].age"));

        let e = only("name = \"x\"\nnmae = 1\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.to_string().contains("unknown field"), "{e}");

        let e = only("name = \n");
        assert_eq!(e.line, Some(1));
        assert!(e.message.to_string().starts_with("TOML syntax"), "{e}");
    }

    #[test]
    fn key_paths_map_to_lines() {
        let text = "name = \"x\"\n\n[[items]]\nage = 3\n\n[[items]]\nage = 4\n";
        let map = SourceMap::new(text, "f.toml");
        assert_eq!(map.line("name"), Some(1));
        assert_eq!(map.line("items[1].age"), Some(7));
        assert_eq!(map.line("items[1].missing"), Some(6));
    }
}

/// A decimal number in a TOML file, written as an integer (`170000`), a float (`0.45`) or a string
/// (`"0.45"`).
///
/// A TOML float is read as the shortest decimal that round-trips through its binary value, which
/// is the literal the user typed whenever it has at most 15 significant digits; longer literals
/// must be written as strings to stay exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TomlDecimal(pub rust_decimal::Decimal);

/// Reads a [`TomlDecimal`].
struct TomlDecimalVisitor;

impl<'de> serde::Deserialize<'de> for TomlDecimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TomlDecimalVisitor)
    }
}

impl serde::de::Visitor<'_> for TomlDecimalVisitor {
    type Value = TomlDecimal;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a decimal number (e.g. 170000, 0.45 or \"0.45\")")
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TomlDecimal, E> {
        Ok(TomlDecimal(rust_decimal::Decimal::from(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TomlDecimal, E> {
        Ok(TomlDecimal(rust_decimal::Decimal::from(v)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TomlDecimal, E> {
        if !v.is_finite() {
            return Err(E::custom("nan and inf are not amounts"));
        }
        let shortest = format!("{v}");
        shortest
            .parse::<rust_decimal::Decimal>()
            .map(TomlDecimal)
            .map_err(|_| E::custom(format!("{shortest} is out of the decimal range")))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TomlDecimal, E> {
        let t = v.trim().replace('_', "");
        t.parse::<rust_decimal::Decimal>()
            .map(TomlDecimal)
            .map_err(|_| {
                E::custom(format!(
                    "{} is not a decimal number",
                    crate::error::quote(v)
                ))
            })
    }
}

/// A fiscal year in a TOML file: a number (`2028`) or a string, Western or 和暦 (`"2028"`,
/// `"令和10年"`, `"R10"`), as the command line and the CSV tables take it. A number is kept as
/// written (its range is checked where the year is used, with a message that says why); a string
/// must name an existing year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TomlYear(pub i64);

impl<'de> serde::Deserialize<'de> for TomlYear {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = TomlYear;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a fiscal year (2028, \"2028\", \"令和10年\" or \"R10\")")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TomlYear, E> {
                Ok(TomlYear(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TomlYear, E> {
                Ok(TomlYear(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TomlYear, E> {
                crate::units::parse_year(v)
                    .map(|y| TomlYear(i64::from(y.get())))
                    .map_err(|e| E::custom(format!("{} {e}", crate::error::quote(v))))
            }
        }
        d.deserialize_any(V)
    }
}

/// An amount of yen in a TOML file: a number (`5580000000`, `0.45`) or a string as people write
/// it (`"5,580,000,000"`, `"55.8億"`, `"55.8億円"`), as the command line takes it
/// ([`crate::money::parse_yen`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TomlYen(pub rust_decimal::Decimal);

impl<'de> serde::Deserialize<'de> for TomlYen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = TomlYen;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an amount of yen (5580000000, \"5,580,000,000\" or \"55.8億\")")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TomlYen, E> {
                Ok(TomlYen(rust_decimal::Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TomlYen, E> {
                Ok(TomlYen(rust_decimal::Decimal::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TomlYen, E> {
                serde::de::Visitor::visit_f64(TomlDecimalVisitor, v).map(|d| TomlYen(d.0))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TomlYen, E> {
                crate::money::parse_yen(v).map(TomlYen).ok_or_else(|| {
                    E::custom(format!(
                        "{} is not an amount of yen (5580000000, 5,580,000,000 or 55.8億)",
                        crate::error::quote(v)
                    ))
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// One value or a list of values (`base = "mic"` or `base = ["mic", "local.toml"]`).
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// A list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values as a list.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(v) => vec![v],
            OneOrMany::Many(v) => v,
        }
    }
}

/// Merges `over` into `base`: tables merge key by key, recursively; any other value (arrays
/// included) replaces the base value whole.
pub fn deep_merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => deep_merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}
