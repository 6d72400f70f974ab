//! Scenario files: reading a TOML file and the files it includes into a [`ScenarioSpec`], loading
//! the inventory and cost model it names, and building the [`Scenario`]; every problem the builder
//! finds is mapped back to the file, line and key path it came from.
//!
//! The reader checks only what is about files: syntax, types and unknown keys (serde, per file),
//! includes (missing, cyclic, too deep), the inventory each file names, the model, and each action's
//! `type`. Everything else is [`Scenario::build`]'s, so a scenario read from a file and one made in
//! code are held to the same checks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::problem::{Problem, Problems, Stage};
use super::raw::{RawAction, RawCapacity, RawScenario};
use super::spec::{ActionSpec, CapacitySpec, LevelingSpec, Origin, RulesSpec, ScenarioSpec};
use super::{ActionKind, Scenario, normalize};
use crate::cost::CostModel;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::FileSource;
use crate::input::toml::SourceMap;
use crate::inventory::Inventory;
use crate::plan::PlanSpec;

/// Loads inventories and cost models once for many scenarios (thread-safe).
#[derive(Default)]
pub struct Cache {
    inventories: Mutex<HashMap<PathBuf, Arc<Inventory>>>,
    models: Mutex<HashMap<(String, PathBuf), Arc<CostModel>>>,
}

impl Cache {
    /// A new, empty cache.
    pub fn new() -> Cache {
        Cache::default()
    }

    /// The inventory folder at `dir`, loaded once.
    ///
    /// # Errors
    ///
    /// As [`Inventory::load`].
    pub fn inventory(&self, dir: &Path, files: &dyn FileSource) -> Result<Arc<Inventory>> {
        if let Some(inv) = self.inventories.lock().map_err(poisoned)?.get(dir) {
            return Ok(inv.clone());
        }
        let inv = Arc::new(Inventory::load_folder_from(dir, files)?);
        self.inventories
            .lock()
            .map_err(poisoned)?
            .insert(dir.to_path_buf(), inv.clone());
        Ok(inv)
    }

    /// A cost model (preset or file relative to `dir`), loaded once.
    ///
    /// # Errors
    ///
    /// As [`CostModel::load`].
    pub fn model(&self, spec: &str, dir: &Path, files: &dyn FileSource) -> Result<Arc<CostModel>> {
        let key = (spec.to_string(), dir.to_path_buf());
        if let Some(m) = self.models.lock().map_err(poisoned)?.get(&key) {
            return Ok(m.clone());
        }
        let m = Arc::new(CostModel::load_from(spec, dir, files)?);
        self.models.lock().map_err(poisoned)?.insert(key, m.clone());
        Ok(m)
    }
}

fn poisoned<T>(_: T) -> Error {
    Error::Internal("a loader thread panicked")
}

/// Whether a TOML file is a scenario (it names an inventory, includes scenarios or has actions)
/// rather than a cost model.
pub fn is_scenario_file(path: &Path) -> bool {
    crate::input::read_file(path, crate::input::Cap::TOML)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| {
            t.contains_key("inventory") || t.contains_key("actions") || t.contains_key("include")
        })
}

/// One file read: its name in messages, its folder, its text and what serde made of it.
struct Doc {
    name: String,
    dir: PathBuf,
    text: String,
    raw: RawScenario,
}

impl Doc {
    fn map(&self) -> SourceMap<'_> {
        SourceMap::new(&self.text, &self.name)
    }
}

const INCLUDE_DEPTH: usize = 8;

/// Reads `path` and, first, the files it includes (each once), into `docs` in the order their
/// actions come.
fn read_doc(
    path: &Path,
    files: &dyn FileSource,
    stack: &mut Vec<PathBuf>,
    docs: &mut Vec<Doc>,
    diags: &mut Diagnostics,
) -> Result<()> {
    let name = crate::input::display_name(path);
    let Some(bytes) = files.read_up_to(path, crate::input::Cap::TOML)? else {
        diags.push(Diagnostic::file(&name, crate::msg!(NoSuchScenarioFile)));
        return Ok(());
    };
    let Ok(text) = String::from_utf8(bytes) else {
        diags.push(Diagnostic::file(&name, crate::msg!(TomlNotUtf8)));
        return Ok(());
    };
    let raw: RawScenario = match crate::input::toml::parse(&text, &name) {
        Ok(r) => r,
        Err(d) => {
            diags.extend(d);
            return Ok(());
        }
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    stack.push(path.to_path_buf());
    for (i, inc) in raw.include.iter().enumerate() {
        let p = normalize(&dir.join(inc));
        let map = SourceMap::new(&text, &name);
        if stack.contains(&p) {
            diags.push(map.diag(
                &format!("include[{i}]"),
                crate::msg!(IncludesItself, name = format!("{inc:?}")),
            ));
        } else if stack.len() >= INCLUDE_DEPTH {
            diags.push(map.diag(&format!("include[{i}]"), crate::msg!(IncludesTooDeep)));
        } else if files.read_up_to(&p, crate::input::Cap::TOML)?.is_none() {
            diags.push(map.diag(
                &format!("include[{i}]"),
                crate::msg!(IncludeMissing, name = format!("{inc:?}")),
            ));
        } else if !docs
            .iter()
            .any(|d| d.name == crate::input::display_name(&p))
        {
            read_doc(&p, files, stack, docs, diags)?;
        }
    }
    stack.pop();
    docs.push(Doc {
        name,
        dir,
        text,
        raw,
    });
    Ok(())
}

/// Loads and checks a scenario file.
///
/// # Errors
///
/// [`Error::Input`] with every problem found, located; [`Error::Read`] when a file cannot be read.
pub fn load(path: &Path, files: &dyn FileSource, cache: &Cache) -> Result<Scenario> {
    load_with_spec(path, files, cache).map(|(s, _)| s)
}

/// Loads and checks a scenario file, and also gives the spec it was built from (the top file's
/// settings and every file's actions, each with its origin): code that adds actions to a scenario
/// (the optimizer) builds the spec with them through [`Scenario::build`].
///
/// # Errors
///
/// As [`load`].
pub fn load_with_spec(
    path: &Path,
    files: &dyn FileSource,
    cache: &Cache,
) -> Result<(Scenario, ScenarioSpec)> {
    let path = &normalize(path);
    let mut diags = Diagnostics::new();
    let mut docs = Vec::new();
    read_doc(path, files, &mut Vec::new(), &mut docs, &mut diags)?;
    let Some(top) = docs.last().filter(|_| diags.is_empty()) else {
        return Err(Error::Input(diags));
    };
    let top_map = top.map();

    // The inventory (named by the file or one it includes, the same for all) and the model.
    let Some((inv_doc, inv_spec)) = docs
        .iter()
        .rev()
        .find_map(|d| d.raw.inventory.as_ref().map(|s| (d, s)))
    else {
        return Err(Error::Input(
            Diagnostic::field(&top.name, None, "inventory", crate::msg!(MissingInventory)).into(),
        ));
    };
    let inv_dir = normalize(&inv_doc.dir.join(inv_spec));
    for d in &docs {
        if let Some(s) = &d.raw.inventory {
            if normalize(&d.dir.join(s)) != inv_dir {
                diags.push(d.map().diag(
                    "inventory",
                    crate::msg!(
                        NotTheInventoryOf,
                        name = format!("{s:?}"),
                        top = &top.name,
                        folder = inv_dir.display()
                    ),
                ));
            }
        }
    }
    let inventory = match cache.inventory(&inv_dir, files) {
        Ok(i) => Some(i),
        Err(Error::Input(mut d)) => {
            if files
                .read_up_to(&inv_dir.join("inventory.toml"), crate::input::Cap::TOML)?
                .is_none()
            {
                d = inv_doc
                    .map()
                    .diag(
                        "inventory",
                        crate::msg!(NotInventoryFolderAt, folder = inv_dir.display()),
                    )
                    .into();
            }
            diags.extend(d);
            None
        }
        Err(e) => return Err(e),
    };
    let model = match (&top.raw.model, &inventory) {
        (Some(spec), _) => match cache.model(spec, &top.dir, files) {
            Ok(m) => Some(m),
            Err(Error::Input(d)) => {
                if crate::cost::preset_text(spec).is_none()
                    && files
                        .read_up_to(&top.dir.join(spec), crate::input::Cap::TOML)?
                        .is_none()
                {
                    diags.push(top_map.diag(
                        "model",
                        crate::msg!(
                            ModelNeither,
                            name = format!("{spec:?}"),
                            presets = crate::cost::preset_names()
                        ),
                    ));
                } else {
                    diags.extend(d);
                }
                None
            }
            Err(e) => return Err(e),
        },
        (None, Some(inv)) => {
            let spec = inv.model.clone().unwrap_or_else(|| "mic".to_string());
            match cache.model(&spec, &inv.dir(), files) {
                Ok(m) => Some(m),
                Err(Error::Input(d)) => {
                    diags.extend(d);
                    None
                }
                Err(e) => return Err(e),
            }
        }
        (None, None) => None,
    };
    let (Some(inventory), Some(model)) = (inventory, model) else {
        return Err(Error::Input(diags));
    };

    // The spec: the top file's settings, every file's actions (included files first).
    let (spec, unread, positions) = spec_of(path, &docs, inv_spec, files, cache);
    let plan = inventory.plan;
    match Scenario::build(inventory, model, plan, &spec) {
        Ok(s) if diags.is_empty() && unread.is_empty() => Ok((s, spec)),
        Ok(_) => {
            place(
                &mut diags,
                Problems::default(),
                unread,
                &positions,
                &spec,
                &docs,
            );
            Err(Error::Input(diags))
        }
        Err(problems) => {
            let unread = if problems.actions_checked {
                unread
            } else {
                Vec::new()
            };
            place(&mut diags, problems, unread, &positions, &spec, &docs);
            Err(Error::Input(diags))
        }
    }
}

/// An action the reader could not make a spec of (no `type`, or one that is not an action type):
/// its position among all the files' actions, its file and key path, and what is wrong.
struct Unread {
    position: usize,
    doc: usize,
    key: String,
    message: crate::messages::Message,
}

/// Where each action of the spec was written: its file (position in `docs`), its position among all
/// the files' actions, its index in its file.
struct Position {
    doc: usize,
    position: usize,
    index: usize,
}

/// The spec of the files read, the actions without a readable type, and where each action of the
/// spec was written.
fn spec_of(
    path: &Path,
    docs: &[Doc],
    inventory: &str,
    files: &dyn FileSource,
    cache: &Cache,
) -> (ScenarioSpec, Vec<Unread>, Vec<Position>) {
    let top = &docs[docs.len() - 1];
    let name = top.raw.name.clone().unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let own = top.raw.plan.clone().unwrap_or_default();
    let mut spec = ScenarioSpec {
        name,
        title: top.raw.title.clone(),
        description: top.raw.description.clone().unwrap_or_default(),
        inventory: Some(inventory.to_string()),
        model: top.raw.model.clone(),
        plan: PlanSpec {
            first_year: own.first_year.map(|y| y.0),
            years: own.years,
            cap_yen: own.cap_yen.map(|c| c.0),
        },
        leveling: top.raw.leveling.as_ref().map(|l| LevelingSpec {
            max_shift_years: l.max_shift_years,
            allow_earlier: l.allow_earlier,
        }),
        skip_renewal_before_closure_years: top.raw.skip_renewal_before_closure_years,
        actions: Vec::new(),
    };
    let mut unread = Vec::new();
    let mut positions = Vec::new();
    let mut position = 0;
    for (doc, d) in docs.iter().enumerate() {
        let map = d.map();
        for (index, a) in d.raw.actions.iter().enumerate() {
            let path = format!("actions[{index}]");
            let kind = match a.kind.as_deref() {
                None => Err((
                    path.clone(),
                    crate::msg!(MissingType, kinds = ActionKind::keys_hint()),
                )),
                Some(t) => ActionKind::parse(t).ok_or_else(|| {
                    (
                        format!("{path}.type"),
                        crate::msg!(
                            NotActionType,
                            value = format!("{t:?}"),
                            kinds = ActionKind::keys_hint()
                        ),
                    )
                }),
            };
            match kind {
                Ok(kind) => {
                    let origin = Origin {
                        file: d.name.clone(),
                        index,
                        line: map.line(&path),
                    };
                    spec.actions
                        .push(action_spec(kind, a, origin, &d.dir, files, cache));
                    positions.push(Position {
                        doc,
                        position,
                        index,
                    });
                }
                Err((key, message)) => unread.push(Unread {
                    position,
                    doc,
                    key,
                    message,
                }),
            }
            position += 1;
        }
    }
    (spec, unread, positions)
}

/// An action as the spec holds it. Renewal rules named by a life extension are loaded here (a
/// preset, or a file next to the scenario); a name that cannot be loaded is left for the builder to
/// report.
fn action_spec(
    kind: ActionKind,
    a: &RawAction,
    origin: Origin,
    dir: &Path,
    files: &dyn FileSource,
    cache: &Cache,
) -> ActionSpec {
    let decimal = |v: Option<crate::input::toml::TomlDecimal>| v.map(|d| d.0);
    ActionSpec {
        kind,
        year: a.year.map(|y| y.0),
        facility: a.facility.clone(),
        facilities: a.facilities.clone(),
        into: a.into.clone(),
        building: a.building.clone(),
        demolish: a.demolish,
        proceeds_yen: a.proceeds_yen.map(|y| y.0),
        added_floor_area_m2: decimal(a.added_floor_area_m2),
        id: a.id.clone(),
        name: a.name.clone(),
        category: a.category.clone(),
        floor_area_m2: decimal(a.floor_area_m2),
        replaces: a.replaces.clone(),
        site: a.site.clone(),
        structure: a.structure.clone(),
        capacity: a.capacity.as_ref().map(|c| match c {
            RawCapacity::Main(n) => CapacitySpec::Main(*n),
            RawCapacity::ByFunction(m) => CapacitySpec::ByFunction(m.clone()),
        }),
        operating_cost_yen: a.operating_cost_yen.map(|y| y.0),
        construction_years: a.construction_years,
        service_continues: a.service_continues,
        rules: a.rules.as_ref().map(|name| RulesSpec {
            name: name.clone(),
            model: cache.model(name, dir, files).ok(),
        }),
        event: a.event.clone(),
        from_year: a.from_year.map(|y| y.0),
        to_year: a.to_year.map(|y| y.0),
        note: a.note.clone(),
        origin: Some(origin),
    }
}

/// Adds the builder's problems and the reader's own (actions without a readable type) to `diags`,
/// each located in its file, in the order the checks run: the reader's action problems take their
/// place among the builder's checks of single actions, by position in the files.
fn place(
    diags: &mut Diagnostics,
    problems: Problems,
    unread: Vec<Unread>,
    positions: &[Position],
    spec: &ScenarioSpec,
    docs: &[Doc],
) {
    let maps: Vec<SourceMap<'_>> = docs.iter().map(Doc::map).collect();
    let top = maps.len() - 1;
    let show = |k: usize| {
        spec.actions
            .get(k)
            .and_then(|a| a.origin.as_ref())
            .map_or_else(|| format!("actions[{k}]"), Origin::to_string)
    };
    let located = |p: &Problem| -> Diagnostic {
        let message = p.message_with(&show);
        match p.action().and_then(|k| positions.get(k)) {
            Some(pos) => {
                let base = format!("actions[{}]", pos.index);
                let path = if p.key().is_empty() {
                    base
                } else {
                    format!("{base}.{}", p.key())
                };
                maps[pos.doc].diag(&path, message)
            }
            None => maps[top].diag(p.key(), message),
        }
    };
    // Builder problems sort by (stage, position of their action); the reader's are single-action
    // problems at their own position.
    let rank = |p: &Problem| -> (Stage, usize) {
        let position = match (p.stage(), p.action().and_then(|k| positions.get(k))) {
            (Stage::Action, Some(pos)) => pos.position,
            _ => 0,
        };
        (p.stage(), position)
    };
    let mut unread = unread.into_iter().peekable();
    for p in problems {
        while let Some(u) = unread.next_if(|u| (Stage::Action, u.position) < rank(&p)) {
            diags.push(maps[u.doc].diag(&u.key, u.message));
        }
        diags.push(located(&p));
    }
    for u in unread {
        diags.push(maps[u.doc].diag(&u.key, u.message));
    }
}
