//! The layers of ARCHITECTURE.md are the imports of `src/`: every `crate::` path (and, in the
//! binary, every `shisetsu::` path) names a module of the same layer or below, and every module is in
//! the table.

use std::collections::BTreeMap;
use std::path::Path;

/// The table of ARCHITECTURE.md's "Layers": module → layer.
fn layers() -> BTreeMap<String, u32> {
    let text = std::fs::read_to_string("ARCHITECTURE.md").unwrap();
    let section = text.split("## Layers").nth(1).expect("a Layers section");
    let table = section
        .split("```text")
        .nth(1)
        .and_then(|t| t.split("```").next())
        .expect("a table in the Layers section");
    let mut out = BTreeMap::new();
    for line in table
        .lines()
        .skip_while(|l| !l.starts_with("layer"))
        .skip(1)
    {
        let mut words = line.split_whitespace();
        let Some(layer) = words.next() else { continue };
        let layer: u32 = layer.parse().unwrap();
        for m in words {
            out.insert(m.to_string(), layer);
        }
    }
    out
}

/// The module a file of `src/` belongs to: `src/x.rs` or `src/x/…` is `x`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The modules a line names after `prefix` (`crate::`, `$crate::`, `shisetsu::`).
fn named<'l>(line: &'l str, prefix: &str) -> Vec<&'l str> {
    line.match_indices(prefix)
        .filter(|(i, _)| {
            // `$crate::` is `crate::` too; `foo_crate::` is not.
            let before = line[..*i].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| {
            let rest = &line[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|m| !m.is_empty())
        .collect()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_imports_one_above_it() {
    let layers = layers();
    // Items the crate's root re-exports belong to the module that defines them.
    let root_items = [
        ("Error", "error"),
        ("Result", "error"),
        ("Diagnostic", "error"),
        ("msg", "messages"),
    ];
    let layer_of = |m: &str| -> Option<u32> {
        let m = root_items
            .iter()
            .find(|(item, _)| *item == m)
            .map_or(m, |(_, module)| module);
        layers.get(m).copied()
    };
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    paths.sort();
    let mut wrong = Vec::new();
    for path in &paths {
        let module = module_of(path);
        if module == "lib" {
            continue; // it declares the modules
        }
        let Some(own) = layers.get(&module).copied() else {
            wrong.push(format!(
                "{}: module {module} is not in the table",
                path.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let mut names = named(line, "crate::");
            if module == "cli" || module == "main" {
                names.extend(named(line, "shisetsu::"));
            }
            for m in names {
                match layer_of(m) {
                    None => wrong.push(format!(
                        "{}:{}: {m} is not in the table",
                        path.display(),
                        n + 1
                    )),
                    Some(l) if l > own => wrong.push(format!(
                        "{}:{}: {module} (layer {own}) imports {m} (layer {l})",
                        path.display(),
                        n + 1
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every module of the crate is in the table, and nothing else is.
    let mut modules: Vec<String> = paths
        .iter()
        .map(|p| module_of(p))
        .filter(|m| m != "lib")
        .collect();
    modules.sort();
    modules.dedup();
    let listed: Vec<String> = layers.keys().cloned().collect();
    assert_eq!(modules, listed);
}
