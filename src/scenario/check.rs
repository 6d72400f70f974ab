//! Reading a scenario file (and the files it includes) and checking it in passes:
//!
//! 1. syntax, types and unknown keys, per file;
//! 2. the inventory, cost model and plan it names;
//! 3. each action on its own: its type, the keys that type takes, required keys, ids, years within
//!    the plan, amounts;
//! 4. actions together: a facility closed twice (or merged after closing), merges into a closed
//!    facility, merges that form a cycle (a graph check), conflicting reductions, shifts and life
//!    extensions;
//! 5. shifts against the cost model: the event moved must exist.
//!
//! Every problem of every pass that can run is reported together, each with file, line and key path.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;
use rust_decimal::Decimal;

use super::raw::{RawAction, RawCapacity, RawScenario};
use super::{Action, Cache, Capacities, Leveling, NewFacility, Origin, Scenario, Scope, normalize};
use crate::category::{Category, Structure};
use crate::cost::EventKind;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::FileSource;
use crate::input::toml::{SourceMap, TomlDecimal};
use crate::inventory::Inventory;
use crate::plan::Plan;
use crate::units::{FloorArea, MAX_BUILDING_AREA_M2};

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

fn read_doc(
    path: &Path,
    files: &dyn FileSource,
    stack: &mut Vec<PathBuf>,
    docs: &mut Vec<Doc>,
    diags: &mut Diagnostics,
) -> Result<()> {
    let name = crate::input::display_name(path);
    let Some(bytes) = files.read(path)? else {
        diags.push(Diagnostic::file(&name, "no such scenario file"));
        return Ok(());
    };
    let Ok(text) = String::from_utf8(bytes) else {
        diags.push(Diagnostic::file(&name, "a TOML file must be UTF-8 text"));
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
                format!("{inc:?} includes itself (a cycle)"),
            ));
        } else if stack.len() >= INCLUDE_DEPTH {
            diags.push(map.diag(&format!("include[{i}]"), "includes nest more than 8 deep"));
        } else if files.read(&p)?.is_none() {
            diags.push(map.diag(
                &format!("include[{i}]"),
                format!("{inc:?}: no such scenario file"),
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

/// What a valid action of each type may and must set (besides `type` and `note`).
fn keys_of(kind: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match kind {
        "close" => (
            &["year", "facility", "demolish", "proceeds_yen"],
            &["year", "facility"],
        ),
        "merge" => (
            &[
                "year",
                "facilities",
                "into",
                "demolish",
                "added_floor_area_m2",
                "capacity",
                "construction_years",
                "proceeds_yen",
            ],
            &["year", "facilities", "into"],
        ),
        "complex" => (
            &[
                "year",
                "id",
                "name",
                "category",
                "floor_area_m2",
                "replaces",
                "site",
                "structure",
                "capacity",
                "operating_cost_yen",
                "construction_years",
                "demolish",
                "proceeds_yen",
            ],
            &["year", "id", "category", "floor_area_m2", "replaces"],
        ),
        "transfer" => (
            &["year", "facility", "proceeds_yen", "service_continues"],
            &["year", "facility"],
        ),
        "reduce" => (
            &["year", "building", "floor_area_m2"],
            &["year", "building", "floor_area_m2"],
        ),
        "life_extension" => (&["rules", "category", "facility"], &["rules"]),
        "shift" => (
            &["building", "event", "from_year", "to_year"],
            &["building", "event", "from_year", "to_year"],
        ),
        _ => return None,
    })
}

const TYPES: &str = "close, merge, complex, transfer, reduce, life_extension, shift";

/// The checker's state: the inventory, plan, the facility list growing with complexes, and the
/// problems found.
struct Checker<'s> {
    inv: &'s Inventory,
    plan: Plan,
    ids: HashMap<String, usize>,
    building_ids: HashMap<&'s str, usize>,
    new: Vec<NewFacility>,
    /// Functions a facility takes from those merged into it (in file order).
    gained: HashMap<usize, Vec<String>>,
    diags: Diagnostics,
}

pub(super) fn load(path: &Path, files: &dyn FileSource, cache: &Cache) -> Result<Scenario> {
    let mut diags = Diagnostics::new();
    let mut docs = Vec::new();
    read_doc(path, files, &mut Vec::new(), &mut docs, &mut diags)?;
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let top = docs.last().expect("the file itself was read");
    let top_map = top.map();

    // Pass 2: inventory, model, plan.
    let Some((inv_doc, inv_spec)) = docs
        .iter()
        .rev()
        .find_map(|d| d.raw.inventory.as_ref().map(|s| (d, s)))
    else {
        return Err(Error::Input(
            Diagnostic::field(
                &top.name,
                None,
                "inventory",
                "missing: name the inventory folder (e.g. inventory = \"../../facilities/kanuma\")",
            )
            .into(),
        ));
    };
    let inv_dir = normalize(&inv_doc.dir.join(inv_spec));
    for d in &docs {
        if let Some(s) = &d.raw.inventory {
            if normalize(&d.dir.join(s)) != inv_dir {
                diags.push(d.map().diag(
                    "inventory",
                    format!(
                        "{s:?} is not the inventory of {} ({})",
                        top.name,
                        inv_dir.display()
                    ),
                ));
            }
        }
    }
    let inventory = match cache.inventory(&inv_dir, files) {
        Ok(i) => Some(i),
        Err(Error::Input(mut d)) => {
            if files.read(&inv_dir.join("inventory.toml"))?.is_none() {
                d = inv_doc
                    .map()
                    .diag(
                        "inventory",
                        format!(
                            "{}: not an inventory folder (no inventory.toml)",
                            inv_dir.display()
                        ),
                    )
                    .into();
            }
            diags.extend(d);
            None
        }
        Err(e) => return Err(e),
    };
    let model = match (&top.raw.model, inventory.as_ref().map(|(i, _)| i)) {
        (Some(spec), _) => match cache.model(spec, &top.dir, files) {
            Ok(m) => Some(m),
            Err(Error::Input(d)) => {
                if crate::cost::preset_text(spec).is_none()
                    && files.read(&top.dir.join(spec))?.is_none()
                {
                    diags.push(top_map.diag(
                        "model",
                        format!(
                            "{spec:?} is neither a preset ({}) nor a file next to this one",
                            crate::cost::preset_names()
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
    let (Some((inventory, network)), Some(model)) = (inventory, model) else {
        return Err(Error::Input(diags));
    };
    let plan = resolve_plan(top, &inventory, &mut diags);
    let Some(plan) = plan else {
        return Err(Error::Input(diags));
    };
    let leveling = top.raw.leveling.as_ref().and_then(|l| {
        if !(1..=20).contains(&l.max_shift_years) {
            diags.push(top_map.diag(
                "leveling.max_shift_years",
                format!("{} is outside 1–20", l.max_shift_years),
            ));
            return None;
        }
        if plan.cap.is_none() {
            diags.push(top_map.diag(
                "leveling",
                "leveling keeps years under the cap, but the plan has no cap",
            ));
            return None;
        }
        Some(Leveling {
            max_shift_years: l.max_shift_years as u32,
            allow_earlier: l.allow_earlier,
        })
    });

    let skip_renewal_before_closure_years = match top.raw.skip_renewal_before_closure_years {
        None => 0,
        Some(n) if (0..=20).contains(&n) => n as u32,
        Some(n) => {
            diags.push(top_map.diag(
                "skip_renewal_before_closure_years",
                format!("{n} is outside 0–20"),
            ));
            0
        }
    };

    // Pass 3: each action on its own. Complex ids are collected first so later actions can name them.
    let mut ck = Checker {
        inv: &inventory,
        plan,
        ids: inventory
            .facilities
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect(),
        building_ids: inventory
            .buildings
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect(),
        new: Vec::new(),
        gained: HashMap::new(),
        diags,
    };
    for d in &docs {
        let map = d.map();
        for (i, a) in d.raw.actions.iter().enumerate() {
            if a.kind.as_deref() == Some("complex") {
                ck.declare_complex(a, &format!("actions[{i}]"), &map);
            }
        }
    }
    let mut actions = Vec::new();
    for d in &docs {
        let map = d.map();
        for (i, a) in d.raw.actions.iter().enumerate() {
            let path = format!("actions[{i}]");
            let origin = Origin {
                file: d.name.clone(),
                index: i,
                line: map.line(&path),
            };
            if let Some(action) = ck.action(a, &path, &map, d, files, cache) {
                actions.push((origin, action, path));
            }
        }
    }
    // Pass 4: actions together.
    ck.consistency(&actions, &docs);
    // Pass 5: shifts name events that exist.
    ck.shifts_exist(&actions, &model, &docs);
    if !ck.diags.is_empty() {
        return Err(Error::Input(ck.diags));
    }
    let name = top.raw.name.clone().unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Ok(Scenario {
        name,
        title: top.raw.title.clone().filter(|t| !t.trim().is_empty()),
        description: top.raw.description.clone().unwrap_or_default(),
        file: top.name.clone(),
        inventory: inventory.clone(),
        network,
        model,
        plan,
        new_facilities: ck.new,
        actions: actions.into_iter().map(|(o, a, _)| (o, a)).collect(),
        leveling,
        skip_renewal_before_closure_years,
    })
}

fn resolve_plan(top: &Doc, inv: &Inventory, diags: &mut Diagnostics) -> Option<Plan> {
    let own = top.raw.plan.clone().unwrap_or_default();
    let written = crate::plan::Written {
        first_year: own.first_year,
        years: own.years,
        cap_yen: own.cap_yen.map(|c| c.0),
    };
    crate::plan::checked(
        written,
        inv.plan,
        "missing: the inventory has no plan, so the scenario must set one",
        crate::request::DEFAULT_YEARS,
        &top.map(),
        diags,
    )
}

impl Checker<'_> {
    fn err(&mut self, map: &SourceMap<'_>, path: &str, msg: impl Into<String>) {
        self.diags.push(map.diag(path, msg));
    }

    fn declare_complex(&mut self, a: &RawAction, path: &str, map: &SourceMap<'_>) {
        let Some(id) = &a.id else { return };
        if self.ids.contains_key(id) {
            self.err(
                map,
                &format!("{path}.id"),
                format!("{id:?} is already a facility id"),
            );
            return;
        }
        let index = self.inv.facilities.len() + self.new.len();
        self.ids.insert(id.clone(), index);
        self.new.push(NewFacility {
            id: id.clone(),
            name: a.name.clone().unwrap_or_else(|| id.clone()),
            category: Category::Other,
            district: None,
            site: usize::MAX,
            functions: Vec::new(),
            capacities: Capacities::new(),
            operating_yen: None,
            opens: a.year.map_or(i32::MAX, |y| y as i32),
        });
    }

    fn year(&mut self, y: Option<i64>, path: &str, map: &SourceMap<'_>) -> Option<i32> {
        let y = y?;
        let h = self.plan.horizon;
        match i32::try_from(y).ok().filter(|y| h.contains(*y)) {
            Some(v) => Some(v),
            None => {
                self.err(
                    map,
                    path,
                    format!("{y} is outside the plan (FY{}–FY{})", h.first(), h.last()),
                );
                None
            }
        }
    }

    fn facility(&mut self, id: &str, path: &str, map: &SourceMap<'_>) -> Option<usize> {
        match self.ids.get(id) {
            Some(&i) => Some(i),
            None => {
                let hint = self.closest_id(id);
                self.err(
                    map,
                    path,
                    format!("{id:?} is not a facility id of the inventory{hint}"),
                );
                None
            }
        }
    }

    fn closest_id(&self, id: &str) -> String {
        self.inv
            .facilities
            .iter()
            .find(|f| f.name == id)
            .map(|f| format!(" (that is the name of {}: use its id)", f.id))
            .unwrap_or_default()
    }

    fn facilities(&mut self, ids: &[String], path: &str, map: &SourceMap<'_>) -> Vec<usize> {
        if ids.is_empty() {
            self.err(map, path, "is empty");
        }
        let mut out = Vec::new();
        for (j, id) in ids.iter().enumerate() {
            if let Some(f) = self.facility(id, &format!("{path}[{j}]"), map) {
                if out.contains(&f) {
                    self.err(
                        map,
                        &format!("{path}[{j}]"),
                        format!("{id:?} is listed twice"),
                    );
                } else {
                    out.push(f);
                }
            }
        }
        out
    }

    fn money(&mut self, v: Option<TomlDecimal>, path: &str, map: &SourceMap<'_>) -> Decimal {
        match v {
            None => Decimal::ZERO,
            Some(v) if v.0 < Decimal::ZERO => {
                self.err(map, path, "is negative");
                Decimal::ZERO
            }
            Some(v) if v.0 > Decimal::from(10_000_000_000_000i64) => {
                self.err(map, path, format!("{} yen is implausibly large", v.0));
                Decimal::ZERO
            }
            Some(v) => v.0,
        }
    }

    fn area(
        &mut self,
        v: Option<TomlDecimal>,
        path: &str,
        map: &SourceMap<'_>,
    ) -> Option<FloorArea> {
        let v = v?;
        match FloorArea::parse(&v.0.to_string()) {
            Ok(a) => Some(a),
            Err(e) => {
                let msg = match e {
                    crate::units::NumberError::TooLarge => {
                        format!("{} m² is absurd (at most {MAX_BUILDING_AREA_M2})", v.0)
                    }
                    other => format!("{} {other}", v.0),
                };
                self.err(map, path, msg);
                None
            }
        }
    }

    fn small_count(
        &mut self,
        v: Option<i64>,
        default: u32,
        path: &str,
        map: &SourceMap<'_>,
    ) -> u32 {
        match v {
            None => default,
            Some(n) if (1..=10).contains(&n) => n as u32,
            Some(n) => {
                self.err(map, path, format!("{n} is outside 1–10"));
                default
            }
        }
    }

    #[allow(clippy::too_many_lines)]
    fn action(
        &mut self,
        a: &RawAction,
        path: &str,
        map: &SourceMap<'_>,
        doc: &Doc,
        files: &dyn FileSource,
        cache: &Cache,
    ) -> Option<Action> {
        let Some(kind) = a.kind.as_deref() else {
            self.err(map, path, format!("missing `type` ({TYPES})"));
            return None;
        };
        let Some((allowed, required)) = keys_of(kind) else {
            self.err(
                map,
                &format!("{path}.type"),
                format!("{kind:?} is not an action type ({TYPES})"),
            );
            return None;
        };
        let set = a.keys_set();
        let mut ok = true;
        for k in &set {
            if !allowed.contains(k) {
                self.err(
                    map,
                    &format!("{path}.{k}"),
                    format!(
                        "not a key of a {kind} action (it takes: {})",
                        allowed.join(", ")
                    ),
                );
                ok = false;
            }
        }
        for k in required {
            if !set.contains(k) {
                self.err(map, path, format!("a {kind} action needs `{k}`"));
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let p = |k: &str| format!("{path}.{k}");
        let year = self.year(a.year, &p("year"), map);
        let demolish = a.demolish.unwrap_or(true);
        match kind {
            "close" => {
                let facility = self.facility(a.facility.as_deref()?, &p("facility"), map);
                let proceeds = self.money(a.proceeds_yen, &p("proceeds_yen"), map);
                Some(Action::Close {
                    facility: facility?,
                    year: year?,
                    demolish,
                    proceeds,
                })
            }
            "transfer" => {
                let facility = self.facility(a.facility.as_deref()?, &p("facility"), map);
                let proceeds = self.money(a.proceeds_yen, &p("proceeds_yen"), map);
                Some(Action::Transfer {
                    facility: facility?,
                    year: year?,
                    proceeds,
                    service_continues: a.service_continues.unwrap_or(true),
                })
            }
            "merge" => {
                let facilities = self.facilities(a.facilities.as_deref()?, &p("facilities"), map);
                let into = self.facility(a.into.as_deref()?, &p("into"), map);
                let added_area = self.area(a.added_floor_area_m2, &p("added_floor_area_m2"), map);
                let construction_years =
                    self.small_count(a.construction_years, 1, &p("construction_years"), map);
                let proceeds = self.money(a.proceeds_yen, &p("proceeds_yen"), map);
                // Capacity is added for the receiver's functions, its own and those it takes.
                let mut functions = into.map(|r| self.functions_of(r)).unwrap_or_default();
                for &f in &facilities {
                    for g in self.functions_of(f) {
                        if !functions.contains(&g) {
                            functions.push(g);
                        }
                    }
                }
                let added_capacity =
                    self.capacities(a.capacity.as_ref(), &p("capacity"), map, &functions);
                if let Some(r) = into {
                    self.gained.entry(r).or_default().extend(functions);
                }
                if let (Some(r), true) = (into, facilities.iter().any(|f| Some(*f) == into)) {
                    self.err(
                        map,
                        &p("into"),
                        format!("{:?} is merged into itself", self.id_of(r)),
                    );
                    return None;
                }
                if a.added_floor_area_m2.is_some() && added_area.is_none() {
                    return None;
                }
                if facilities.len() != a.facilities.as_ref().map_or(0, Vec::len) {
                    return None;
                }
                Some(Action::Merge {
                    facilities,
                    into: into?,
                    year: year?,
                    demolish,
                    added_area,
                    added_capacity,
                    construction_years,
                    proceeds,
                })
            }
            "complex" => self.complex(a, path, map, year),
            "reduce" => {
                let building = self.building(a.building.as_deref()?, &p("building"), map);
                let area = self.area(a.floor_area_m2, &p("floor_area_m2"), map);
                let (building, area) = (building?, area?);
                if area >= self.inv.buildings[building].floor_area {
                    self.err(
                        map,
                        &p("floor_area_m2"),
                        format!(
                            "removes {} m² of a {} m² building: close the facility instead, or remove less",
                            area, self.inv.buildings[building].floor_area
                        ),
                    );
                    return None;
                }
                Some(Action::Reduce {
                    building,
                    area,
                    year: year?,
                })
            }
            "life_extension" => {
                let spec = a.rules.as_deref()?;
                let rules = match cache.model(spec, &doc.dir, files) {
                    Ok(m) => m,
                    Err(_) => {
                        self.err(map, &p("rules"), format!("{spec:?} is neither a preset ({}) nor a readable cost-model file next to this one", crate::cost::preset_names()));
                        return None;
                    }
                };
                let scope = match (&a.category, &a.facility) {
                    (Some(_), Some(_)) => {
                        self.err(
                            map,
                            path,
                            "a life_extension covers a category or a facility, not both",
                        );
                        return None;
                    }
                    (Some(c), None) => match Category::parse(c) {
                        Some(cat) if cat.is_building() => Scope::Category(cat),
                        _ => {
                            self.err(
                                map,
                                &p("category"),
                                format!(
                                    "{c:?} is not a building category ({})",
                                    Category::building_keys_hint()
                                ),
                            );
                            return None;
                        }
                    },
                    (None, Some(f)) => Scope::Facility(self.facility(f, &p("facility"), map)?),
                    (None, None) => Scope::All,
                };
                Some(Action::LifeExtension {
                    scope,
                    rules: Box::new(rules.renewal.clone()),
                    rules_name: rules.name().to_string(),
                })
            }
            "shift" => {
                let building = self.building(a.building.as_deref()?, &p("building"), map);
                let event = match a.event.as_deref()? {
                    "renovation" => Some(EventKind::Renovation),
                    "rebuild" => Some(EventKind::Rebuild),
                    other => {
                        self.err(
                            map,
                            &p("event"),
                            format!("{other:?} is not renovation or rebuild"),
                        );
                        None
                    }
                };
                let from = self.year(a.from_year, &p("from_year"), map);
                let to = self.year(a.to_year, &p("to_year"), map);
                if let (Some(f), Some(t)) = (from, to) {
                    if f == t {
                        self.err(map, &p("to_year"), "is the same year as from_year");
                        return None;
                    }
                }
                Some(Action::Shift {
                    building: building?,
                    event: event?,
                    from: from?,
                    to: to?,
                })
            }
            _ => None,
        }
    }

    /// A capacity as written, by function: a number is for the main (first) of `functions`; a table
    /// names functions among them. Empty when not given (or wrong, which is reported).
    fn capacities(
        &mut self,
        v: Option<&RawCapacity>,
        path: &str,
        map: &SourceMap<'_>,
        functions: &[String],
    ) -> Capacities {
        let mut out = Capacities::new();
        let entries: Vec<(String, String, i64)> = match v {
            None => return out,
            Some(RawCapacity::Main(c)) => match functions.first() {
                Some(main) => vec![(main.clone(), path.to_string(), *c)],
                None => {
                    self.err(
                        map,
                        path,
                        "the facility has no function for a capacity to apply to (functions in facilities.csv)",
                    );
                    return out;
                }
            },
            Some(RawCapacity::ByFunction(m)) => m
                .iter()
                .map(|(g, c)| (g.clone(), format!("{path}.{g}"), *c))
                .collect(),
        };
        for (function, key, c) in entries {
            if !functions.contains(&function) {
                self.err(
                    map,
                    &key,
                    format!(
                        "{function:?} is not one of its functions ({})",
                        functions.join(", ")
                    ),
                );
                continue;
            }
            match u64::try_from(c) {
                Ok(c) if c <= 10_000_000 => {
                    out.insert(function, c);
                }
                _ => self.err(map, &key, format!("{c} is not a plausible capacity")),
            }
        }
        out
    }

    /// A facility's functions (an inventory facility's, or those a complex took when checked).
    fn functions_of(&self, f: usize) -> Vec<String> {
        let n = self.inv.facilities.len();
        let mut functions = if f < n {
            self.inv.facilities[f].functions.clone()
        } else {
            self.new[f - n].functions.clone()
        };
        for g in self.gained.get(&f).into_iter().flatten() {
            if !functions.contains(g) {
                functions.push(g.clone());
            }
        }
        functions
    }

    /// A facility's capacity by function (an inventory facility's is for its main function).
    fn capacities_of(&self, f: usize) -> Capacities {
        let n = self.inv.facilities.len();
        if f < n {
            self.inv.facilities[f].capacities()
        } else {
            self.new[f - n].capacities.clone()
        }
    }

    fn id_of(&self, f: usize) -> String {
        let n = self.inv.facilities.len();
        if f < n {
            self.inv.facilities[f].id.clone()
        } else {
            self.new[f - n].id.clone()
        }
    }

    fn building(&mut self, id: &str, path: &str, map: &SourceMap<'_>) -> Option<usize> {
        match self.building_ids.get(id) {
            Some(&b) => Some(b),
            None => {
                self.err(
                    map,
                    path,
                    format!("{id:?} is not a building id of the inventory"),
                );
                None
            }
        }
    }

    fn complex(
        &mut self,
        a: &RawAction,
        path: &str,
        map: &SourceMap<'_>,
        year: Option<i32>,
    ) -> Option<Action> {
        let p = |k: &str| format!("{path}.{k}");
        let id = a.id.as_deref()?;
        let facility = *self.ids.get(id)?;
        let n = self.inv.facilities.len();
        if facility < n {
            return None; // the id collides with the inventory's; reported when declared
        }
        let category = match Category::parse(a.category.as_deref()?) {
            Some(c) if c.is_building() => Some(c),
            _ => {
                self.err(
                    map,
                    &p("category"),
                    format!(
                        "{:?} is not a building category ({})",
                        a.category.as_deref().unwrap_or(""),
                        Category::building_keys_hint()
                    ),
                );
                None
            }
        };
        let area = self.area(a.floor_area_m2, &p("floor_area_m2"), map);
        let replaces = self.facilities(a.replaces.as_deref()?, &p("replaces"), map);
        let structure = match a.structure.as_deref().map(Structure::parse) {
            None => Structure::Rc,
            Some(Some(s)) => s,
            Some(None) => {
                self.err(
                    map,
                    &p("structure"),
                    "is not a structure (rc, src, s, w, cb, other)",
                );
                Structure::Rc
            }
        };
        let site = match &a.site {
            Some(s) => self.facility(s, &p("site"), map),
            None => replaces.first().copied(),
        };
        let construction_years =
            self.small_count(a.construction_years, 1, &p("construction_years"), map);
        let operating_yen = a
            .operating_cost_yen
            .map(|_| self.money(a.operating_cost_yen, &p("operating_cost_yen"), map));
        let proceeds = self.money(a.proceeds_yen, &p("proceeds_yen"), map);
        if replaces.contains(&facility) {
            self.err(map, &p("replaces"), "a complex cannot replace itself");
            return None;
        }
        let (category, area, year, site) = (category?, area?, year?, site?);
        if replaces.len() != a.replaces.as_ref().map_or(0, Vec::len) {
            return None;
        }
        // The new facility takes the functions of those it replaces, and their capacities (summed by
        // function) unless given.
        let mut functions: Vec<String> = Vec::new();
        let mut capacities = Capacities::new();
        for &r in &replaces {
            for g in self.functions_of(r) {
                if !functions.contains(&g) {
                    functions.push(g);
                }
            }
            for (g, c) in self.capacities_of(r) {
                *capacities.entry(g).or_default() += c;
            }
        }
        capacities.extend(self.capacities(a.capacity.as_ref(), &p("capacity"), map, &functions));
        let district = if site < n {
            self.inv.facilities[site].district.clone()
        } else {
            self.new[site - n].district.clone()
        };
        let nf = &mut self.new[facility - n];
        nf.category = category;
        nf.site = site;
        nf.district = district;
        nf.functions = functions;
        nf.capacities = capacities;
        nf.operating_yen = operating_yen;
        nf.opens = year;
        Some(Action::Complex {
            facility,
            area,
            structure,
            year,
            replaces,
            demolish: a.demolish.unwrap_or(true),
            construction_years,
            proceeds,
        })
    }

    /// Pass 4.
    fn consistency(&mut self, actions: &[(Origin, Action, String)], docs: &[Doc]) {
        let maps: HashMap<&str, SourceMap<'_>> =
            docs.iter().map(|d| (d.name.as_str(), d.map())).collect();
        let map_of = |o: &Origin| &maps[o.file.as_str()];
        let n = self.inv.facilities.len();

        // Merges that form a cycle.
        let mut graph = DiGraph::<usize, ()>::new();
        let mut nodes = HashMap::new();
        let mut node =
            |g: &mut DiGraph<usize, ()>, f: usize| *nodes.entry(f).or_insert_with(|| g.add_node(f));
        let mut merge_edges = Vec::new();
        for (o, a, path) in actions {
            if let Action::Merge {
                facilities, into, ..
            } = a
            {
                for &f in facilities {
                    let (x, y) = (node(&mut graph, f), node(&mut graph, *into));
                    graph.add_edge(x, y, ());
                    merge_edges.push((f, o.clone(), path.clone()));
                }
            }
        }
        let mut in_cycle = Vec::new();
        for scc in tarjan_scc(&graph) {
            if scc.len() > 1 {
                let mut ids: Vec<String> = scc.iter().map(|&ix| self.id_of(graph[ix])).collect();
                ids.sort();
                let members: Vec<usize> = scc.iter().map(|&ix| graph[ix]).collect();
                if let Some((_, o, path)) = merge_edges.iter().find(|(f, _, _)| members.contains(f))
                {
                    let msg = format!(
                        "merges form a cycle: {} merge into one another",
                        ids.join(", ")
                    );
                    self.diags
                        .push(map_of(o).diag(&format!("{path}.into"), msg));
                }
                in_cycle.extend(members);
            }
        }

        // Closures: each facility closes at most once; merges go into open facilities.
        let mut closed: BTreeMap<usize, (i32, Origin)> = BTreeMap::new();
        let mut order: Vec<(i32, usize)> = Vec::new();
        for (k, (_, a, _)) in actions.iter().enumerate() {
            if let Some(y) = action_year(a) {
                order.push((y, k));
            }
        }
        order.sort();
        for &(year, k) in &order {
            let (o, a, path) = &actions[k];
            let map = map_of(o);
            let closing: Vec<(usize, String)> = match a {
                Action::Close { facility, .. } | Action::Transfer { facility, .. } => {
                    vec![(*facility, format!("{path}.facility"))]
                }
                Action::Merge { facilities, .. } => facilities
                    .iter()
                    .enumerate()
                    .map(|(j, f)| (*f, format!("{path}.facilities[{j}]")))
                    .collect(),
                Action::Complex { replaces, .. } => replaces
                    .iter()
                    .enumerate()
                    .map(|(j, f)| (*f, format!("{path}.replaces[{j}]")))
                    .collect(),
                _ => Vec::new(),
            };
            for (f, p) in closing {
                if f >= n && self.new[f - n].opens > year {
                    let msg = format!(
                        "{:?} opens in {}, after this closes it in {year}",
                        self.id_of(f),
                        self.new[f - n].opens
                    );
                    self.diags.push(map.diag(&p, msg));
                    continue;
                }
                if let Some((y0, o0)) = closed.get(&f) {
                    let what = if matches!(a, Action::Merge { .. }) {
                        "merged after it closed"
                    } else {
                        "closed twice"
                    };
                    let msg = format!(
                        "{:?} is {what}: already closed in {y0} by {o0}",
                        self.id_of(f)
                    );
                    self.diags.push(map.diag(&p, msg));
                } else {
                    closed.insert(f, (year, o.clone()));
                }
            }
            if let Action::Merge { into, .. } = a {
                if in_cycle.contains(into) {
                    continue;
                }
                if *into >= n && self.new[*into - n].opens > year {
                    let msg = format!(
                        "{:?} opens in {}, after this merge ({year})",
                        self.id_of(*into),
                        self.new[*into - n].opens
                    );
                    self.diags.push(map.diag(&format!("{path}.into"), msg));
                }
            }
        }
        // Merges into a facility closed by then (checked once every closure is known).
        for (o, a, path) in actions {
            if let Action::Merge { into, year, .. } = a {
                if in_cycle.contains(into) {
                    continue;
                }
                if let Some((y0, o0)) = closed.get(into) {
                    if y0 <= year {
                        let msg = format!(
                            "{:?} is closed in {y0} by {o0}, so nothing can merge into it in {year}",
                            self.id_of(*into)
                        );
                        self.diags
                            .push(map_of(o).diag(&format!("{path}.into"), msg));
                    }
                }
            }
        }

        // Reductions and shifts of buildings whose facility is closed by then; conflicting ones.
        let mut reduced: HashMap<usize, (FloorArea, Origin)> = HashMap::new();
        let mut shifted: HashMap<(usize, EventKind, i32), Origin> = HashMap::new();
        let mut extended: Vec<(Scope, Origin)> = Vec::new();
        for (o, a, path) in actions {
            let map = map_of(o);
            match a {
                Action::Reduce {
                    building,
                    area,
                    year,
                } => {
                    let f = self.inv.buildings[*building].facility;
                    if let Some((y0, o0)) = closed.get(&f).filter(|(y0, _)| y0 <= year) {
                        let msg =
                            format!("its facility {:?} is closed in {y0} by {o0}", self.id_of(f));
                        self.diags.push(map.diag(&format!("{path}.building"), msg));
                    }
                    let total = reduced
                        .entry(*building)
                        .or_insert((FloorArea::ZERO, o.clone()));
                    total.0 = FloorArea::from_units(total.0.units() + area.units());
                    if total.0 >= self.inv.buildings[*building].floor_area {
                        let msg = format!(
                            "together with {} this removes the whole building ({} m²)",
                            total.1, self.inv.buildings[*building].floor_area
                        );
                        self.diags
                            .push(map.diag(&format!("{path}.floor_area_m2"), msg));
                    }
                }
                Action::Shift {
                    building,
                    event,
                    from,
                    to,
                } => {
                    let f = self.inv.buildings[*building].facility;
                    if let Some((y0, o0)) = closed.get(&f).filter(|(y0, _)| y0 <= from.max(to)) {
                        let msg =
                            format!("its facility {:?} is closed in {y0} by {o0}", self.id_of(f));
                        self.diags.push(map.diag(&format!("{path}.building"), msg));
                    }
                    if let Some(o0) = shifted.insert((*building, *event, *from), o.clone()) {
                        self.diags
                            .push(map.diag(path, format!("this event is already shifted by {o0}")));
                    }
                }
                Action::LifeExtension { scope, .. } => {
                    for (s0, o0) in &extended {
                        if self.overlap(scope, s0) {
                            self.diags.push(map.diag(
                                path,
                                format!("its scope overlaps the life extension of {o0}"),
                            ));
                        }
                    }
                    extended.push((scope.clone(), o.clone()));
                }
                _ => {}
            }
        }
    }

    fn overlap(&self, a: &Scope, b: &Scope) -> bool {
        let cat_of = |f: usize| {
            let n = self.inv.facilities.len();
            if f < n {
                self.inv.facilities[f].category
            } else {
                self.new[f - n].category
            }
        };
        match (a, b) {
            (Scope::All, _) | (_, Scope::All) => true,
            (Scope::Category(x), Scope::Category(y)) => x == y,
            (Scope::Facility(x), Scope::Facility(y)) => x == y,
            (Scope::Category(c), Scope::Facility(f)) | (Scope::Facility(f), Scope::Category(c)) => {
                cat_of(*f) == *c
            }
        }
    }

    /// Pass 5: every shifted event exists in its building's schedule (under the rules that apply).
    fn shifts_exist(
        &mut self,
        actions: &[(Origin, Action, String)],
        model: &crate::cost::CostModel,
        docs: &[Doc],
    ) {
        let maps: HashMap<&str, SourceMap<'_>> =
            docs.iter().map(|d| (d.name.as_str(), d.map())).collect();
        let first = self.plan.horizon.first().get();
        let last = self.plan.horizon.last().get();
        for (o, a, path) in actions {
            let Action::Shift {
                building,
                event,
                from,
                ..
            } = a
            else {
                continue;
            };
            let b = &self.inv.buildings[*building];
            let rules = actions
                .iter()
                .find_map(|(_, x, _)| match x {
                    Action::LifeExtension { scope, rules, .. }
                        if self.covers(scope, b.facility, b.category) =>
                    {
                        Some(rules.as_ref())
                    }
                    _ => None,
                })
                .unwrap_or(&model.renewal);
            let mut charges = Vec::new();
            let timing = crate::cost::renewal::Timing {
                built: b.built.get(),
                renovated: b.renovated.map(|r| r.get()),
            };
            rules.schedule(&model.prices(b.category), timing, first, last, &mut charges);
            if charges
                .iter()
                .any(|c| c.event == *event && c.start == *from)
            {
                continue;
            }
            let mut events: Vec<String> = charges
                .iter()
                .map(|c| {
                    format!(
                        "{} from {}",
                        if c.event == EventKind::Rebuild {
                            "rebuild"
                        } else {
                            "renovation"
                        },
                        c.start
                    )
                })
                .collect();
            events.dedup();
            let listed = if events.is_empty() {
                "none in the plan".to_string()
            } else {
                events.join(", ")
            };
            let kind = if *event == EventKind::Rebuild {
                "rebuild"
            } else {
                "renovation"
            };
            let msg = format!(
                "building {:?} has no {kind} starting in {from} (its renewal events: {listed})",
                b.id
            );
            self.diags
                .push(maps[o.file.as_str()].diag(&format!("{path}.from_year"), msg));
        }
    }

    fn covers(&self, scope: &Scope, facility: usize, category: Category) -> bool {
        match scope {
            Scope::All => true,
            Scope::Category(c) => *c == category,
            Scope::Facility(f) => *f == facility,
        }
    }
}

/// The year an action takes effect (none for a life extension).
pub(super) fn action_year(a: &Action) -> Option<i32> {
    match a {
        Action::Close { year, .. }
        | Action::Merge { year, .. }
        | Action::Complex { year, .. }
        | Action::Transfer { year, .. }
        | Action::Reduce { year, .. } => Some(*year),
        Action::Shift { from, .. } => Some(*from),
        Action::LifeExtension { .. } => None,
    }
}
