//! Reading on past the problems of a TOML document that does not fit its serde structs, so that all
//! of them are reported together.
//!
//! serde stops at the first problem it meets. The collector records it, takes the value it is about
//! out of a working copy of the document (the unknown key, the wrongly typed value, the table that
//! lacks a required key) and has the copy read again, until what is left reads cleanly. Nothing is
//! made up to stand in for what was taken out, so every later problem is one of the file's own.
//! What is reported stays in the file's terms:
//!
//! - items taken out of a list shift the ones after them in the copy; paths are mapped back to the
//!   indices written in the file;
//! - a table that lacks a required key only because its wrongly typed value was taken out is not
//!   reported again as missing that key (it is taken out in turn), nor is a list whose length no
//!   longer fits;
//! - lines come from the spans of the file, which the copy keeps.
//!
//! A long list with many problems is not read over and over: the items before the one with a
//! problem were read cleanly and are dropped from the copy, and the rest of the list is read a
//! window of items at a time (a window that reads cleanly is dropped and the next one is twice as
//! long), the items after the window waiting outside the copy. What comes after the list is read
//! once it is through.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::{SourceMap, clean_message, serde_message};
use crate::error::{Diagnostic, Diagnostics};

/// A deserialisation error with the key path where it happened.
pub(super) type PathError = serde_path_to_error::Error<toml::de::Error>;

/// The length of a list's first window.
const FIRST_WINDOW: usize = 8;

/// Every problem of the document `root` (parsed from `text`) against `T`, in line order; `first` is
/// the problem a reading of the whole document met first.
pub(super) fn problems<'i, T: DeserializeOwned>(
    text: &'i str,
    file: &'i str,
    root: Spanned<DeTable<'i>>,
    first: PathError,
) -> Diagnostics {
    let mut c = Collector::new(text, file, root);
    let mut read = Err(first);
    loop {
        match read {
            Err(e) if c.tail.is_empty() || c.in_window(e.path()) => {
                if !c.record(e) {
                    break;
                }
            }
            Ok(()) if c.tail.is_empty() => break,
            // The window read cleanly. Whatever stopped the reading comes after the list: it is met
            // again once the list is through.
            _ => c.next_window(),
        }
        read = serde_path_to_error::deserialize::<_, T>(c.document()).map(|_: T| ());
    }
    c.finish()
}

/// One step of a key path: a table key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

/// A key path as messages write it: `renewal.cycles[0].events[1].age`.
fn path_text(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The path of an error as steps; `None` when a step is neither a key nor an index (an enum
/// variant, a non-string key), which no document read here has.
fn steps(path: &serde_path_to_error::Path) -> Option<Vec<Step>> {
    use serde_path_to_error::Segment;
    path.iter()
        .map(|seg| match seg {
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Seq { index } => Some(Step::Index(*index)),
            _ => None,
        })
        .collect()
}

/// The path of the outermost list on `path`.
fn outermost_list(path: &[Step]) -> Option<Vec<Step>> {
    path.iter()
        .position(|s| matches!(s, Step::Index(_)))
        .map(|i| path[..i].to_vec())
}

struct Collector<'i> {
    text: &'i str,
    file: &'i str,
    span: std::ops::Range<usize>,
    /// The working copy: the document less what was taken out, and less the list's tail.
    work: DeValue<'i>,
    /// For each list that lost items or is read a window at a time (by its path in the file): the
    /// file's indices of the items left, the tail's included.
    kept: HashMap<Vec<Step>, VecDeque<usize>>,
    /// The paths, in the file, of the values taken out because a problem was reported in them.
    taken: HashSet<Vec<Step>>,
    /// Where each line of the text starts.
    line_starts: Vec<usize>,
    /// The list (its path: it is in no other list) whose items are read a window at a time.
    list: Option<Vec<Step>>,
    /// Its items after the window, the next one last.
    tail: Vec<Spanned<DeValue<'i>>>,
    /// The length of its next window.
    width: usize,
    found: Vec<Diagnostic>,
}

impl<'i> Collector<'i> {
    fn new(text: &'i str, file: &'i str, root: Spanned<DeTable<'i>>) -> Collector<'i> {
        Collector {
            text,
            file,
            span: root.span(),
            work: DeValue::Table(root.into_inner()),
            kept: HashMap::new(),
            taken: HashSet::new(),
            line_starts: std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect(),
            list: None,
            tail: Vec::new(),
            width: FIRST_WINDOW,
            found: Vec::new(),
        }
    }

    /// A deserializer over the working copy.
    fn document(&self) -> toml::de::Deserializer<'i> {
        let table = match &self.work {
            DeValue::Table(t) => t.clone(),
            _ => DeTable::new(),
        };
        toml::de::Deserializer::from(Spanned::new(self.span.clone(), table))
    }

    /// The 1-based line of byte `offset` of the text.
    fn line_at(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// The path in the file of a path in the working copy.
    fn in_file(&self, path: &[Step]) -> Vec<Step> {
        let mut out = Vec::with_capacity(path.len());
        for step in path {
            let step = match step {
                Step::Index(i) => Step::Index(
                    self.kept
                        .get(&out)
                        .and_then(|k| k.get(*i))
                        .copied()
                        .unwrap_or(*i),
                ),
                key => key.clone(),
            };
            out.push(step);
        }
        out
    }

    /// Whether `path` (in the working copy) is in the window of the list.
    fn in_window(&self, path: &serde_path_to_error::Path) -> bool {
        let (Some(list), Some(path)) = (&self.list, steps(path)) else {
            return false;
        };
        path.len() > list.len()
            && path[..list.len()] == list[..]
            && matches!(path[list.len()], Step::Index(_))
    }

    /// Records a problem (unless it only echoes one taken out before) and takes its value out of
    /// the working copy. `false` when reading cannot go on: the problem is about the whole
    /// document.
    fn record(&mut self, e: PathError) -> bool {
        let path = steps(e.path());
        let shown = e.path().to_string();
        let inner = e.into_inner();
        let message = clean_message(inner.message());
        let span_line = inner.span().map(|s| self.line_at(s.start));
        let Some(path) = path else {
            self.found.push(Diagnostic::field(
                self.file,
                span_line,
                shown,
                serde_message(&message),
            ));
            return false;
        };
        let in_file = self.in_file(&path);
        let echo = match missing_field(&message) {
            Some(key) => {
                let mut child = in_file.clone();
                child.push(Step::Key(key.to_string()));
                self.taken.contains(&child)
            }
            None => message.starts_with("invalid length") && self.kept.contains_key(&in_file),
        };
        if !echo {
            let message = serde_message(&message);
            let field = (!in_file.is_empty()).then(|| path_text(&in_file));
            let line = span_line.or_else(|| {
                SourceMap::new(self.text, self.file).line(field.as_deref().unwrap_or(""))
            });
            self.found.push(match field {
                Some(field) => Diagnostic::field(self.file, line, field, message),
                None => match line {
                    Some(l) => Diagnostic::line(self.file, l, message),
                    None => Diagnostic::file(self.file, message),
                },
            });
        }
        if path.is_empty() || !self.take_out(&path, &in_file) {
            return false;
        }
        self.taken.insert(in_file);
        self.drop_read_items(&path);
        let list = outermost_list(&path);
        if list != self.list {
            self.flush();
            self.list = list;
        }
        self.split();
        true
    }

    /// Takes the value at `path` (in the working copy; `in_file` in the file) out of the copy.
    fn take_out(&mut self, path: &[Step], in_file: &[Step]) -> bool {
        let Some((last, parent)) = path.split_last() else {
            return false;
        };
        let tail = self.tail_of(parent);
        let Some(container) = value_at(&mut self.work, parent) else {
            return false;
        };
        match (last, container) {
            (Step::Key(k), DeValue::Table(t)) => t.remove(k.as_str()).is_some(),
            (Step::Index(i), DeValue::Array(a)) if *i < a.len() => {
                let list = in_file[..in_file.len() - 1].to_vec();
                let len = a.len();
                self.kept
                    .entry(list)
                    .or_insert_with(|| (0..len + tail).collect())
                    .remove(*i);
                retain_items(a, |j| j != *i);
                true
            }
            _ => false,
        }
    }

    /// Drops, from every list on `path`, the items before the one on the path: serde reads a list
    /// in order, so they were read cleanly. Innermost list first, so the indices of the outer ones
    /// still hold.
    fn drop_read_items(&mut self, path: &[Step]) {
        for at in (0..path.len()).rev() {
            let Step::Index(n) = path[at] else { continue };
            if n == 0 {
                continue;
            }
            let list = self.in_file(&path[..at]);
            let tail = self.tail_of(&path[..at]);
            let Some(DeValue::Array(a)) = value_at(&mut self.work, &path[..at]) else {
                continue;
            };
            let n = n.min(a.len());
            let len = a.len();
            self.kept
                .entry(list)
                .or_insert_with(|| (0..len + tail).collect())
                .drain(..n);
            retain_items(a, |j| j >= n);
        }
    }

    /// The number of items of the list at `path` (in the working copy) waiting in the tail.
    fn tail_of(&self, path: &[Step]) -> usize {
        if self.list.as_deref() == Some(path) {
            self.tail.len()
        } else {
            0
        }
    }

    /// Leaves at most a first window of the list's items in the working copy; the others wait in
    /// the tail.
    fn split(&mut self) {
        self.width = FIRST_WINDOW;
        let Some(list) = self.list.clone() else {
            return;
        };
        let tail = self.tail.len();
        let Some(DeValue::Array(a)) = value_at(&mut self.work, &list) else {
            self.list = None;
            self.tail.clear();
            return;
        };
        if a.len() <= FIRST_WINDOW {
            if tail == 0 {
                self.list = None;
            }
            return;
        }
        let len = a.len();
        // The list is in no other list: its path in the file is its path in the copy.
        self.kept
            .entry(list)
            .or_insert_with(|| (0..len + tail).collect());
        let mut items = std::mem::replace(a, DeArray::new()).into_iter();
        for item in items.by_ref().take(FIRST_WINDOW) {
            a.push(item);
        }
        self.tail.extend(items.rev());
    }

    /// Drops the window, which read cleanly, and moves the next, twice as long, into the copy.
    fn next_window(&mut self) {
        let Some(list) = self.list.clone() else {
            self.tail.clear();
            return;
        };
        let Some(DeValue::Array(a)) = value_at(&mut self.work, &list) else {
            self.list = None;
            self.tail.clear();
            return;
        };
        if let Some(k) = self.kept.get_mut(&list) {
            k.drain(..a.len().min(k.len()));
        }
        *a = DeArray::new();
        self.width = self.width.saturating_mul(2);
        while a.len() < self.width {
            match self.tail.pop() {
                Some(item) => a.push(item),
                None => break,
            }
        }
        if self.tail.is_empty() {
            self.list = None;
        }
    }

    /// Puts the tail back at the end of its list.
    fn flush(&mut self) {
        if let Some(list) = &self.list {
            if let Some(DeValue::Array(a)) = value_at(&mut self.work, list) {
                while let Some(item) = self.tail.pop() {
                    a.push(item);
                }
            }
        }
        self.tail.clear();
    }

    /// The problems found, in line order (problems on one line in the order found).
    fn finish(mut self) -> Diagnostics {
        self.found.sort_by_key(|d| d.line);
        let mut out = Diagnostics::new();
        for d in self.found {
            out.push(d);
        }
        out
    }
}

/// The key of a "missing field" message.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
}

/// The value at `path` in `v`.
fn value_at<'a, 'i>(v: &'a mut DeValue<'i>, path: &[Step]) -> Option<&'a mut DeValue<'i>> {
    let mut v = v;
    for step in path {
        v = match (step, v) {
            (Step::Key(k), DeValue::Table(t)) => t.get_mut(k.as_str())?.get_mut(),
            (Step::Index(i), DeValue::Array(a)) => a.get_mut(*i)?.get_mut(),
            _ => return None,
        };
    }
    Some(v)
}

/// Keeps the items of `a` whose index passes `keep`.
fn retain_items(a: &mut DeArray<'_>, keep: impl Fn(usize) -> bool) {
    let old = std::mem::replace(a, DeArray::new());
    for (j, item) in old.into_iter().enumerate() {
        if keep(j) {
            a.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::toml::parse;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        size: Option<i64>,
        #[serde(default)]
        items: Vec<Item>,
        tail: Option<String>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        age: u32,
        #[serde(default)]
        tags: Vec<String>,
    }

    /// The problems as `line: field: message` lines.
    fn problems(text: &str) -> Vec<String> {
        parse::<Doc>(text, "f.toml")
            .unwrap_err()
            .iter()
            .map(|d| {
                format!(
                    "{}: {}: {}",
                    d.line.map_or("-".into(), |l| l.to_string()),
                    d.field.as_deref().unwrap_or("-"),
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn every_problem_is_listed_at_its_line_with_the_files_indices() {
        let text = "name = \"x\"\ncolour = 1\ntail = 3\n\
                    items = [\n  1,\n  { age = \"old\" },\n  { age = 3, eyes = 2 },\n  \
                    { age = 4, tags = [\"a\", 5, \"b\", 6] },\n]\n";
        assert_eq!(
            problems(text),
            [
                "2: colour: unknown field `colour`, expected one of `name`, `size`, `items`, `tail`",
                "3: tail: invalid type: integer `3`, expected a string",
                "5: items[0]: invalid type: integer `1`, expected struct Item",
                "6: items[1].age: invalid type: string \"old\", expected u32",
                "7: items[2].eyes: unknown field `eyes`, expected `age` or `tags`",
                "8: items[3].tags[1]: invalid type: integer `5`, expected a string",
                "8: items[3].tags[3]: invalid type: integer `6`, expected a string",
            ]
        );
    }

    #[test]
    fn a_missing_key_is_reported_unless_its_value_was_wrong() {
        let text = "size = \"big\"\n[[items]]\ntags = []\n[[items]]\nage = -1\n";
        assert_eq!(
            problems(text),
            [
                "1: size: invalid type: string \"big\", expected i64",
                "1: -: missing field `name`",
                "2: items[0]: missing field `age`",
                "5: items[1].age: invalid value: integer `-1`, expected u32",
            ]
        );
    }

    #[test]
    fn long_lists_are_read_through_and_so_is_what_follows() {
        let mut text = String::from("name = \"x\"\nzz = 1\nitems = [\n");
        let typos = [3, 50, 51, 120, 199];
        let numbers = [10, 52, 130];
        let mut want = vec!["2: zz: unknown field `zz`".to_string()];
        for i in 0..200 {
            let line = i + 4;
            if typos.contains(&i) {
                text.push_str(&format!("  {{ age = {i}, typo = 1 }},\n"));
                want.push(format!("{line}: items[{i}].typo: unknown field `typo`"));
            } else if numbers.contains(&i) {
                text.push_str(&format!("  {i},\n"));
                want.push(format!("{line}: items[{i}]: invalid type: integer `{i}`"));
            } else {
                text.push_str(&format!("  {{ age = {i} }},\n"));
            }
        }
        text.push_str("]\ntail = 1\n");
        want.push("205: tail: invalid type: integer `1`, expected a string".to_string());
        let found = problems(&text);
        assert_eq!(found.len(), want.len(), "{found:#?}");
        for (f, w) in found.iter().zip(&want) {
            assert!(f.starts_with(w.as_str()), "{f} should start with {w}");
        }
    }

    #[test]
    fn a_valid_document_reads_as_toml_reads_it() {
        let text =
            "name = \"x\"\nsize = 3\n[[items]]\nage = 1\ntags = [\"a\"]\n[[items]]\nage = 2\n";
        let doc: Doc = parse(text, "f.toml").unwrap();
        assert_eq!(doc, toml::from_str::<Doc>(text).unwrap());
        assert_eq!(doc.items[1].age, 2);
    }
}
