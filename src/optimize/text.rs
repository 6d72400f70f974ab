//! Plans as scenario text: the file the optimizer writes, which `run` and every other command read
//! back like any file a planner writes. The optimizer itself builds its plans as specs
//! ([`crate::scenario::ScenarioSpec`]) and checks them with [`crate::scenario::Scenario::build`];
//! this module owns only their text: the header that includes the base scenario and restates its
//! top-level settings (inventory, cost model, plan, renewals skipped before a closure) relative to
//! where the plan is written, and each action, written from its spec, with its comment.

use std::path::{Component, Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::input::FileSource;
use crate::scenario::ActionSpec;

/// The top of a plan written next to `out`: it includes the base scenario and restates what the
/// base sets at its top level (only a scenario's own file sets these).
#[derive(Clone, Debug)]
pub struct Header {
    /// Where the plan is written (also the path its text is loaded under).
    pub out: PathBuf,
    /// `include = [...]`, `inventory = ...`, `model = ...`, `[plan]` and the rest, as TOML lines.
    lines: Vec<String>,
    /// `[plan]` lines, but the cap.
    plan: Vec<String>,
    /// The `cap_yen` line, if any.
    cap: Option<String>,
    /// The cap that replaces the base's, if one does.
    cap_yen: Option<rust_decimal::Decimal>,
}

impl Header {
    /// The header of a plan written at `out` that adds to the base scenario at `base`
    /// (its inventory folder is `inventory_dir`), with `cap` replacing the plan's cap if given.
    ///
    /// # Errors
    ///
    /// [`Error::Read`] when the base cannot be read; [`Error::Input`] when it is not a TOML table
    /// (it was checked already, so this does not happen in practice).
    pub fn new(
        base: &Path,
        inventory_dir: &Path,
        out: &Path,
        cap: Option<rust_decimal::Decimal>,
        files: &dyn FileSource,
    ) -> Result<Header> {
        let name = crate::input::display_name(base);
        let text = files
            .read(base)?
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                Error::Input(Diagnostic::file(&name, crate::msg!(CannotReadBase)).into())
            })?;
        let table: toml::Table = text
            .parse()
            .map_err(|_| Error::Input(Diagnostic::file(&name, crate::msg!(NotTomlTable)).into()))?;
        let base_dir = base.parent().unwrap_or(Path::new(""));
        let out_dir = out.parent().unwrap_or(Path::new(""));
        let mut lines = vec![
            format!(
                "include = [{}]",
                toml::Value::String(slash(&relative(base, out_dir)))
            ),
            format!(
                "inventory = {}",
                toml::Value::String(slash(&relative(inventory_dir, out_dir)))
            ),
        ];
        if let Some(toml::Value::String(m)) = table.get("model") {
            let m = if crate::cost::preset_text(m).is_some() {
                m.clone()
            } else {
                slash(&relative(
                    &crate::input::normalize(&base_dir.join(m)),
                    out_dir,
                ))
            };
            lines.push(format!("model = {}", toml::Value::String(m)));
        }
        if let Some(v) = table.get("skip_renewal_before_closure_years") {
            lines.push(format!("skip_renewal_before_closure_years = {v}"));
        }
        let mut plan = Vec::new();
        let mut cap_line = None;
        if let Some(toml::Value::Table(p)) = table.get("plan") {
            for (k, v) in p {
                if k == "cap_yen" {
                    cap_line = Some(format!("{k} = {v}"));
                } else {
                    plan.push(format!("{k} = {v}"));
                }
            }
        }
        if let Some(c) = cap {
            cap_line = Some(format!("cap_yen = {}", c.normalize()));
        }
        Ok(Header {
            out: out.to_path_buf(),
            lines,
            plan,
            cap: cap_line,
            cap_yen: cap,
        })
    }

    /// The same header with the plan's cap set to `cap` yen.
    pub fn with_cap(&self, cap: rust_decimal::Decimal) -> Header {
        Header {
            cap: Some(format!("cap_yen = {}", cap.normalize())),
            cap_yen: Some(cap),
            ..self.clone()
        }
    }

    /// The cap that replaces the base's, if one does.
    pub fn cap_yen(&self) -> Option<rust_decimal::Decimal> {
        self.cap_yen
    }

    /// A whole scenario text: comment lines, name and description, the header, then the actions
    /// (each already written by [`action`]).
    pub fn scenario(
        &self,
        comment: &[String],
        name: &str,
        description: &str,
        actions: &[String],
    ) -> String {
        let mut s = String::new();
        for c in comment {
            if c.is_empty() {
                s.push_str("#\n");
            } else {
                s.push_str("# ");
                s.push_str(c);
                s.push('\n');
            }
        }
        s.push_str(&format!("name = {}\n", toml::Value::String(name.into())));
        if !description.is_empty() {
            s.push_str(&format!(
                "description = {}\n",
                toml::Value::String(description.into())
            ));
        }
        for l in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        if !self.plan.is_empty() || self.cap.is_some() {
            s.push_str("\n[plan]\n");
            for l in self.plan.iter().chain(&self.cap) {
                s.push_str(l);
                s.push('\n');
            }
        }
        for a in actions {
            s.push('\n');
            s.push_str(a);
        }
        s
    }
}

/// One `[[actions]]` entry, written from its spec as scenario files write it (`type` first, then
/// `year`, then the other keys it sets), preceded by comment lines.
pub fn action(spec: &ActionSpec, comment: &[String]) -> String {
    #[derive(serde::Serialize)]
    struct One<'a> {
        actions: [&'a ActionSpec; 1],
    }
    let mut s = String::new();
    for c in comment {
        s.push_str("# ");
        s.push_str(c);
        s.push('\n');
    }
    s.push_str(&toml::to_string(&One { actions: [spec] }).unwrap_or_default());
    s
}

/// `path` relative to the folder `dir` (both relative to the working folder, or absolute).
pub fn relative(path: &Path, dir: &Path) -> PathBuf {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|a| crate::input::normalize(&a))
            .unwrap_or_else(|_| crate::input::normalize(p))
    };
    let (p, d) = (abs(path), abs(dir));
    let pc: Vec<Component<'_>> = p.components().collect();
    let dc: Vec<Component<'_>> = d.components().collect();
    let common = pc.iter().zip(&dc).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..dc.len() {
        out.push("..");
    }
    for c in &pc[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A path with `/` separators, as scenario files write them on every system.
pub fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(
                Path::new("facilities/kanuma"),
                Path::new("scenarios/kanuma")
            ),
            PathBuf::from("../../facilities/kanuma")
        );
        assert_eq!(
            relative(
                Path::new("scenarios/kanuma/baseline.toml"),
                Path::new("scenarios/kanuma")
            ),
            PathBuf::from("baseline.toml")
        );
        assert_eq!(
            relative(Path::new("a/b.toml"), Path::new("out")),
            PathBuf::from("../a/b.toml")
        );
    }
}
