//! Cost models as data: renewal rules, unit costs, running costs, demolition, construction,
//! escalation and infrastructure rules, read from TOML files layered over built-in presets.
//!
//! A model is built from layers: `base` names presets (`mic`, `long-life`) or other files, applied in
//! order, and the file's own keys win. Each layer is checked on its own (so an error names the file
//! and line that hold the bad value), then the merged result is lowered into a [`CostModel`] whose
//! completeness is checked. This module owns prices and timing rules; it does not know inventories
//! or years of a plan: [`renewal`] turns rules into a schedule for one building class.

pub mod infra;
mod raw;
pub mod renewal;
pub mod uncertainty;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::category::{ALL_STRUCTURES, BUILDING_CATEGORIES, Category, Structure};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::FileSource;
use crate::input::toml::{SourceMap, TomlDecimal, deep_merge};
use crate::units::{FiscalYear, MAX_YEAR};

pub use infra::InfraRules;
pub use raw::RawModel;
pub use renewal::{Backlog, Cycle, EventKind, PriceColumn, RenewalEvent, RenewalRules};
pub use uncertainty::{Distribution, Uncertainty};

/// What happens to buildings without a condition survey when condition rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsurveyed {
    /// Their grade is estimated from their age (A under 20 years, B 20–40, C 40+).
    ByAge,
    /// They follow the plain schedule and are counted as of unknown grade.
    Ignore,
}

/// The condition rules of a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionRules {
    /// Whether projections follow condition.
    pub enabled: bool,
    /// The deterioration chains.
    pub deterioration: std::sync::Arc<crate::condition::chain::Deterioration>,
    /// How condition moves renewals.
    pub timing: crate::condition::engine::Timing,
    /// Repair cost by grade (A, B, C, D), yen per m² per year.
    pub repair_yen_per_m2: [Decimal; 4],
    /// Buildings without a survey.
    pub unsurveyed: Unsurveyed,
}

/// The built-in presets, as TOML text. Each value in them carries its source in a comment.
pub const PRESETS: [(&str, &str); 3] = [
    ("mic", include_str!("presets/mic.toml")),
    ("long-life", include_str!("presets/long-life.toml")),
    ("condition", include_str!("presets/condition.toml")),
];

/// The text of a built-in preset.
pub fn preset_text(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The largest unit cost accepted, yen per m² or per m (an absurd-value guard: the most expensive
/// buildings cost a few million yen per m²).
const MAX_UNIT_YEN: i64 = 10_000_000_000;

/// Renovation and rebuild prices of one category, yen per m².
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitPrices {
    /// 大規模改修.
    pub renovation: Decimal,
    /// 建替え.
    pub rebuild: Decimal,
}

impl UnitPrices {
    /// The price of a column.
    pub fn get(&self, column: PriceColumn) -> Decimal {
        match column {
            PriceColumn::Renovation => self.renovation,
            PriceColumn::Rebuild => self.rebuild,
        }
    }
}

/// Operating (running) costs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operating {
    /// Whether operating costs are projected.
    pub enabled: bool,
    /// Whether facilities' actual annual costs win over per-m² rates.
    pub use_facility_actuals: bool,
    /// Rates by building category, yen per m² per year.
    pub yen_per_m2: [Decimal; 13],
}

/// Yearly escalation of costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Escalation {
    /// The yearly rate (0.02 = 2 % a year); 0 for constant prices.
    pub rate: Decimal,
    /// The year whose prices the unit costs are in; `None`: the first year of the projection.
    pub base_year: Option<FiscalYear>,
}

/// A validated, complete cost model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CostModel {
    name: String,
    description: String,
    layers: Vec<String>,
    /// Renewal timing rules.
    pub renewal: RenewalRules,
    /// Unit prices by building category.
    pub unit_costs: [UnitPrices; 13],
    /// Operating costs.
    pub operating: Operating,
    /// Annual repair per m², by building category.
    pub repair_yen_per_m2: [Decimal; 13],
    /// Demolition per m², by structure.
    pub demolition_yen_per_m2: [Decimal; 6],
    /// New construction per m², by building category.
    pub construction_yen_per_m2: [Decimal; 13],
    /// Cost escalation.
    pub escalation: Escalation,
    /// Infrastructure rules.
    pub infrastructure: InfraRules,
    /// Condition rules.
    pub condition: ConditionRules,
    /// What Monte Carlo runs draw.
    pub uncertainty: Uncertainty,
    /// Renewals not done before a facility closes.
    pub closure: SkipBeforeClosure,
    /// Where each value was written.
    origins: Origins,
}

/// Renewals not done in the years before a facility closes (a building about to close is not
/// rebuilt or renovated): an event whose window starts this many years or fewer before the
/// closing year is left out. 0 leaves every renewal in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SkipBeforeClosure {
    /// Years before a closing in which no rebuild starts.
    pub rebuild_years: u32,
    /// Years before a closing in which no renovation starts.
    pub renovation_years: u32,
}

impl SkipBeforeClosure {
    /// The same window for both kinds of renewal.
    pub fn both(years: u32) -> SkipBeforeClosure {
        SkipBeforeClosure {
            rebuild_years: years,
            renovation_years: years,
        }
    }

    /// The window of a kind of event.
    pub fn years(self, event: EventKind) -> u32 {
        match event {
            EventKind::Rebuild => self.rebuild_years,
            EventKind::Renovation => self.renovation_years,
        }
    }

    /// Whether an amount of a renewal is left out for a facility closing in `closes`: a renewal
    /// of kind `event` starting within the window before the closing (or in or after that year,
    /// which no longer concerns it) is left out whole; an overdue renewal spread over the plan's
    /// first years (a `backlog`: MIC's way of paying overdue work, not an event that starts) loses
    /// the amounts that fall within the window. `start` is the first year of the event's window,
    /// `year` the amount's.
    pub fn skips(
        self,
        event: EventKind,
        backlog: bool,
        start: i32,
        year: i32,
        closes: i32,
    ) -> bool {
        let from = closes - self.years(event) as i32;
        if backlog { year >= from } else { start >= from }
    }
}

impl CostModel {
    /// The model's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the model is, in one line.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The presets and files the model was built from, base first.
    pub fn layers(&self) -> &[String] {
        &self.layers
    }

    /// Renames the model (used when a scenario names its variant).
    pub fn set_name(&mut self, name: impl Into<String>) {
        self.name = name.into();
    }

    /// The unit prices of a building category.
    pub fn prices(&self, category: Category) -> UnitPrices {
        self.unit_costs[category.index()]
    }

    /// Loads a built-in preset.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownPreset`] for an unknown preset name.
    pub fn preset(name: &str) -> Result<CostModel> {
        if preset_text(name).is_none() {
            return Err(Error::UnknownPreset {
                name: name.to_string(),
                presets: preset_names(),
            });
        }
        CostModel::load(name, Path::new("."))
    }

    /// Loads a model: a preset name, or a TOML file path (relative to `dir`).
    ///
    /// # Errors
    ///
    /// [`Error::Input`] with every problem of every layer, located; [`Error::Read`] when a file
    /// cannot be read.
    pub fn load(spec: &str, dir: &Path) -> Result<CostModel> {
        CostModel::load_from(spec, dir, &crate::input::Disk)
    }

    /// Loads a model whose files come from `files` (e.g. built into the binary).
    ///
    /// # Errors
    ///
    /// As [`CostModel::load`].
    pub fn load_from(spec: &str, dir: &Path, files: &dyn FileSource) -> Result<CostModel> {
        let mut layers = Vec::new();
        let mut diags = Diagnostics::new();
        let mut budget = LayerBudget {
            left: MAX_LAYERS - 1,
            spent: false,
        };
        collect_layers(
            spec,
            dir,
            files,
            &mut Vec::new(),
            &mut budget,
            &mut layers,
            &mut diags,
        )?;
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        for layer in &layers {
            let map = SourceMap::new(&layer.text, &layer.name);
            check_layer(&layer.raw, &Where::Map(&map), &mut diags);
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        let mut merged = toml::Table::new();
        let mut origins = Origins::default();
        for layer in &layers {
            let mut table = layer.table.clone();
            table.remove("base");
            replace_whole(&mut merged, &table);
            origins.record(&table, "", &SourceMap::new(&layer.text, &layer.name));
            deep_merge(&mut merged, table);
        }
        let top = layers.last().map(|l| l.name.clone()).unwrap_or_default();
        let raw: RawModel =
            toml::Value::Table(merged)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    Error::Input(
                        Diagnostic::file(
                            &top,
                            crate::input::toml::serde_message(e.message().trim()),
                        )
                        .into(),
                    )
                })?;
        // Each layer was checked where its values are written; the merged model is checked again,
        // each problem reported where the value at fault was written last.
        check_layer(&raw, &Where::Origins(&origins), &mut diags);
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        let names = layers.iter().map(|l| l.name.clone()).collect();
        let top_dir = layers
            .last()
            .map(|l| l.dir.clone())
            .unwrap_or_else(|| dir.to_path_buf());
        let spec = raw
            .condition
            .as_ref()
            .and_then(|c| c.deterioration.clone())
            .unwrap_or_else(|| "default".to_string());
        let deterioration = std::sync::Arc::new(crate::condition::chain::Deterioration::load(
            &spec, &top_dir, files,
        )?);
        lower(raw, &top, names, deterioration, origins)
    }

    /// Where the value at `key` (a dotted key path) was written: the file of the layer that set it
    /// last, and its line there; for a table, where its first value was written.
    pub fn origin(&self, key: &str) -> Option<(&str, Option<usize>)> {
        self.origins.of(key)
    }

    /// The first of `keys` the model's files set, as messages name it: `file:line: key` (the key
    /// alone when none is set).
    pub fn locate(&self, keys: &[&str]) -> String {
        self.origins.locate(keys)
    }
}

/// A distribution of `[uncertainty]` is one value: a layer that writes one replaces its base's
/// whole, rather than mixing its keys with the base's (a `uniform` over a `normal` would otherwise
/// keep the normal's `mean` and `sd`).
fn replace_whole(merged: &mut toml::Table, layer: &toml::Table) {
    let (Some(toml::Value::Table(written)), Some(toml::Value::Table(base))) =
        (layer.get("uncertainty"), merged.get_mut("uncertainty"))
    else {
        return;
    };
    for key in written.keys() {
        base.remove(key);
    }
}

/// Where each value of a model was written: for every key path a layer sets (tables and their
/// values), the layer that set it last and the line there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Origins(BTreeMap<String, (String, Option<usize>)>);

impl Origins {
    /// Records the key paths of a layer's table (under `prefix`) as written in `map`'s file.
    fn record(&mut self, table: &toml::Table, prefix: &str, map: &SourceMap<'_>) {
        for (k, v) in table {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            self.0
                .insert(path.clone(), (map.file().to_string(), map.line(&path)));
            if let toml::Value::Table(t) = v {
                self.record(t, &path, map);
            }
        }
    }

    /// Where `key` was written: the key itself, else its first value written (for a table), else
    /// its nearest ancestor.
    fn of(&self, key: &str) -> Option<(&str, Option<usize>)> {
        let found = self.0.get(key).or_else(|| {
            let child = format!("{key}.");
            self.0
                .range(child.clone()..)
                .next()
                .filter(|(k, _)| k.starts_with(&child))
                .map(|(_, v)| v)
        });
        let found = found.or_else(|| {
            let mut k = key;
            while let Some((parent, _)) = k.rsplit_once('.') {
                if let Some(v) = self.0.get(parent) {
                    return Some(v);
                }
                k = parent;
            }
            None
        });
        found.map(|(f, l)| (f.as_str(), *l))
    }

    /// `file:line: key` for the first of `keys` written in a file, else the first key alone.
    fn locate(&self, keys: &[&str]) -> String {
        for k in keys {
            if let Some(v) = self.0.get(*k) {
                return match v.1 {
                    Some(l) => format!("{}:{l}: {k}", v.0),
                    None => format!("{}: {k}", v.0),
                };
            }
        }
        let k = keys.first().copied().unwrap_or("");
        match self.of(k) {
            Some((f, Some(l))) => format!("{f}:{l}: {k}"),
            Some((f, None)) => format!("{f}: {k}"),
            None => k.to_string(),
        }
    }

    /// A problem with the value at `key`, where it was written.
    fn diag(&self, key: &str, message: impl Into<crate::messages::Message>) -> Diagnostic {
        match self.of(key) {
            Some((file, line)) => Diagnostic::field(file, line, key, message),
            None => Diagnostic::field("", None, key, message),
        }
    }
}

/// Where the values checked were written: one layer's file, or the merged model's layers.
pub(crate) enum Where<'m> {
    /// One file.
    Map(&'m SourceMap<'m>),
    /// The merged model: each key where it was written last.
    Origins(&'m Origins),
}

/// The preset names, for messages.
pub fn preset_names() -> String {
    PRESETS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

struct Layer {
    name: String,
    dir: PathBuf,
    text: String,
    raw: RawModel,
    table: toml::Table,
}

/// At most this many layers make a model, each preset or file counted every time a base names it:
/// bases nest at most 8 deep, but files that each name the next many times would otherwise multiply
/// into billions of layers to read and apply.
const MAX_LAYERS: usize = 64;

/// Bases nest at most this deep: a model's file, its base, the base's base, … 8 layers in a line.
const MAX_DEPTH: usize = 8;

/// The layers a model may still read; once none are left, no further layer is read, and the base
/// that found none is reported (`spent`).
struct LayerBudget {
    left: usize,
    spent: bool,
}

fn collect_layers(
    spec: &str,
    dir: &Path,
    files: &dyn FileSource,
    stack: &mut Vec<String>,
    budget: &mut LayerBudget,
    layers: &mut Vec<Layer>,
    diags: &mut Diagnostics,
) -> Result<()> {
    let (name, text, own_dir): (String, String, PathBuf) = match preset_text(spec) {
        Some(t) => (format!("<preset {spec}>"), t.to_string(), dir.to_path_buf()),
        None => {
            let path = dir.join(spec);
            let name = crate::input::display_name(&path);
            let Some(bytes) = files.read_up_to(&path, crate::input::Cap::TOML)? else {
                diags.push(Diagnostic::file(
                    &name,
                    crate::msg!(NoSuchCostModel, presets = preset_names()),
                ));
                return Ok(());
            };
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(Diagnostic::file(&name, crate::msg!(TomlNotUtf8)));
                    return Ok(());
                }
            };
            let own_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (name, text, own_dir)
        }
    };
    if stack.contains(&name) {
        diags.push(Diagnostic::field(
            &name,
            None,
            "base",
            crate::msg!(BasesCycle, chain = stack.join(" → "), name = &name),
        ));
        return Ok(());
    }
    let raw: RawModel = match crate::input::toml::parse(&text, &name) {
        Ok(r) => r,
        Err(d) => {
            diags.extend(d);
            return Ok(());
        }
    };
    let mut table: toml::Table = match toml::from_str(&text) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::file(
                &name,
                crate::input::toml::serde_message(e.message().trim()),
            ));
            return Ok(());
        }
    };
    canonical_keys(&mut table, &SourceMap::new(&text, &name), diags);
    if let Some(bases) = raw.base.clone() {
        stack.push(name.clone());
        for b in bases.into_vec() {
            // Too deep, or too many: said once, where the base is named.
            if budget.left == 0 {
                if !budget.spent {
                    budget.spent = true;
                    diags.push(
                        SourceMap::new(&text, &name)
                            .diag("base", crate::msg!(TooManyLayers, max = MAX_LAYERS)),
                    );
                }
                break;
            }
            if stack.len() >= MAX_DEPTH {
                let d = SourceMap::new(&text, &name).diag("base", crate::msg!(BasesTooDeep));
                if !diags.iter().any(|seen| *seen == d) {
                    diags.push(d);
                }
                break;
            }
            budget.left -= 1;
            if preset_text(&b).is_none()
                && files
                    .read_up_to(&own_dir.join(&b), crate::input::Cap::TOML)?
                    .is_none()
            {
                let map = SourceMap::new(&text, &name);
                diags.push(map.diag(
                    "base",
                    crate::msg!(
                        BaseNeither,
                        name = format!("{b:?}"),
                        presets = preset_names()
                    ),
                ));
                continue;
            }
            collect_layers(&b, &own_dir, files, stack, budget, layers, diags)?;
        }
        stack.pop();
    }
    layers.push(Layer {
        name,
        dir: own_dir,
        text,
        raw,
        table,
    });
    Ok(())
}

/// Renames category and structure keys to their canonical keys (`学校教育系施設` → `school`) so
/// that layers merge on the same key whichever name each file used; two names for one key in the
/// same table are an error.
fn canonical_keys(table: &mut toml::Table, map: &SourceMap<'_>, diags: &mut Diagnostics) {
    fn rename(
        t: &mut toml::Table,
        path: &str,
        canon: &dyn Fn(&str) -> Option<&'static str>,
        map: &SourceMap<'_>,
        diags: &mut Diagnostics,
    ) {
        let keys: Vec<String> = t.keys().cloned().collect();
        let mut seen: Vec<(&'static str, String)> = Vec::new();
        for k in keys {
            let Some(c) = canon(&k) else { continue };
            if let Some((_, other)) = seen.iter().find(|(s, _)| *s == c) {
                diags.push(map.diag(
                    &format!("{path}.{k}"),
                    crate::msg!(
                        SameKey,
                        a = format!("{k:?}"),
                        b = format!("{other:?}"),
                        key = format!("{c:?}")
                    ),
                ));
                continue;
            }
            seen.push((c, k.clone()));
            if k != c {
                if let Some(v) = t.remove(&k) {
                    t.insert(c.to_string(), v);
                }
            }
        }
    }
    let category = |k: &str| {
        Category::parse(k)
            .filter(|c| c.is_building())
            .map(Category::key)
    };
    let structure = |k: &str| Structure::parse(k).map(Structure::key);
    let bridge = |k: &str| infra::BridgeStructure::parse(k).map(infra::BridgeStructure::key);
    type Canon<'c> = &'c dyn Fn(&str) -> Option<&'static str>;
    let sections: [(&[&str], Canon<'_>); 6] = [
        (&["unit_costs"], &category),
        (&["operating", "yen_per_m2"], &category),
        (&["repair", "yen_per_m2"], &category),
        (&["construction", "yen_per_m2"], &category),
        (&["demolition", "yen_per_m2"], &structure),
        (
            &["infrastructure", "bridge", "yen_per_m2_by_structure"],
            &bridge,
        ),
    ];
    for (path, canon) in sections {
        let mut t: Option<&mut toml::Table> = Some(table);
        for seg in path {
            t = t
                .and_then(|t| t.get_mut(*seg))
                .and_then(|v| v.as_table_mut());
        }
        if let Some(t) = t {
            rename(t, &path.join("."), canon, map, diags);
        }
    }
}

/// Checks the values one layer (or the merged model) sets: ranges, keys, cycle consistency,
/// distributions; each problem at the line where its value is written.
fn check_layer(raw: &RawModel, at: &Where<'_>, diags: &mut Diagnostics) {
    let mut c = Check { at, diags };
    if let Some(r) = &raw.renewal {
        if let Some(w) = r.window_offset {
            c.range_i("renewal.window_offset", w, -50, 50);
        }
        if let Some(cycles) = &r.cycles {
            check_cycles(&mut c, cycles);
        }
    }
    if let Some(units) = &raw.unit_costs {
        for (key, u) in units {
            let path = format!("unit_costs.{key}");
            match Category::parse(key) {
                Some(cat) if cat.is_building() => {}
                _ => c.err(
                    &path,
                    crate::msg!(
                        UnknownCategoryKey,
                        key = format!("{key:?}"),
                        keys = Category::building_keys_hint()
                    ),
                ),
            }
            if let Some(v) = u.renovation {
                c.price(&format!("{path}.renovation"), v);
            }
            if let Some(v) = u.rebuild {
                c.price(&format!("{path}.rebuild"), v);
            }
        }
    }
    if let Some(o) = &raw.operating {
        if let Some(v) = o.default_yen_per_m2 {
            c.price("operating.default_yen_per_m2", v);
        }
        c.category_rates("operating.yen_per_m2", o.yen_per_m2.as_ref());
    }
    for (section, rates) in [("repair", &raw.repair), ("construction", &raw.construction)] {
        if let Some(r) = rates {
            if let Some(v) = r.default_yen_per_m2 {
                c.price(&format!("{section}.default_yen_per_m2"), v);
            }
            c.category_rates(&format!("{section}.yen_per_m2"), r.yen_per_m2.as_ref());
        }
    }
    if let Some(d) = &raw.demolition {
        if let Some(v) = d.default_yen_per_m2 {
            c.price("demolition.default_yen_per_m2", v);
        }
        if let Some(m) = &d.yen_per_m2 {
            for (key, v) in m {
                let path = format!("demolition.yen_per_m2.{key}");
                if Structure::parse(key).is_none() {
                    c.err(&path, crate::msg!(UnknownStructureKey));
                }
                c.price(&path, *v);
            }
        }
    }
    if let Some(e) = &raw.escalation {
        if let Some(r) = e.rate {
            if r.0 < Decimal::new(-5, 1) || r.0 > Decimal::ONE {
                c.err("escalation.rate", crate::msg!(RateOutside));
            }
        }
        if let Some(crate::input::toml::TomlYear(y)) = e.base_year {
            if i32::try_from(y).ok().and_then(FiscalYear::new).is_none() {
                c.err("escalation.base_year", crate::msg!(NotPlausibleYear, y));
            }
        }
    }
    if let Some(i) = &raw.infrastructure {
        infra::check(i, &mut c);
    }
    if let Some(cond) = &raw.condition {
        if let Some(v) = cond.advance_years {
            c.range_i("condition.advance_years", v, 0, 30);
        }
        if let Some(v) = cond.defer_years {
            c.range_i("condition.defer_years", v, 0, 30);
        }
        for (k, v) in cond.repair_yen_per_m2.iter().flatten() {
            let p = format!("condition.repair_yen_per_m2.{k}");
            if !matches!(k.as_str(), "A" | "B" | "C" | "D") {
                c.err(&p, crate::msg!(GradesAreAD));
            }
            c.price(&p, *v);
        }
        if let Some(u) = &cond.unsurveyed {
            if !matches!(u.as_str(), "by_age" | "ignore") {
                c.err(
                    "condition.unsurveyed",
                    crate::msg!(NotUnsurveyed, value = format!("{u:?}")),
                );
            }
        }
    }
    if let Some(u) = &raw.uncertainty {
        uncertainty::check(u, &mut c);
    }
    if let Some(cl) = &raw.closure {
        if let Some(v) = cl.skip_rebuild_years {
            c.range_i("closure.skip_rebuild_years", v, 0, 20);
        }
        if let Some(v) = cl.skip_renovation_years {
            c.range_i("closure.skip_renovation_years", v, 0, 20);
        }
    }
}

fn check_cycles(c: &mut Check<'_, '_>, cycles: &[raw::RawCycle]) {
    if cycles.is_empty() {
        c.err("renewal.cycles", crate::msg!(CyclesNeedOne));
        return;
    }
    let mut total_share = Decimal::ZERO;
    for (i, cy) in cycles.iter().enumerate() {
        let path = format!("renewal.cycles[{i}]");
        if cy.share.0 <= Decimal::ZERO || cy.share.0 > Decimal::ONE {
            c.err(&format!("{path}.share"), crate::msg!(ShareOutside));
        }
        // Only shares in their range are summed (so the sum cannot overflow); a share out of it is
        // reported above, and the sum then is not.
        if cy.share.0 > Decimal::ZERO && cy.share.0 <= Decimal::ONE {
            total_share += cy.share.0;
        }
        let mut rebuilds = 0;
        for (j, ev) in cy.events.iter().enumerate() {
            let ep = format!("{path}.events[{j}]");
            match ev.kind.as_str() {
                "renovation" => {}
                "rebuild" => rebuilds += 1,
                other => c.err(
                    &format!("{ep}.kind"),
                    crate::msg!(NotEventKind, value = format!("{other:?}")),
                ),
            }
            if !matches!(ev.price.as_str(), "renovation" | "rebuild") {
                c.err(
                    &format!("{ep}.price"),
                    crate::msg!(NotPriceColumn, value = format!("{:?}", ev.price)),
                );
            }
            c.range_i(&format!("{ep}.age"), ev.age, 1, 200);
            c.range_i(&format!("{ep}.years"), ev.years, 1, 100);
            if let Some(f) = ev.factor {
                if f.0 < Decimal::ZERO || f.0 > Decimal::from(100) {
                    c.err(&format!("{ep}.factor"), crate::msg!(FactorOutside));
                }
            }
            if let Some(b) = &ev.backlog {
                c.range_i(&format!("{ep}.backlog.from_age"), b.from_age, 0, 500);
                c.range_i(&format!("{ep}.backlog.years"), b.years, 1, 100);
                if let Some(t) = b.to_age {
                    if t < b.from_age {
                        c.err(
                            &format!("{ep}.backlog.to_age"),
                            crate::msg!(BelowFromAge, to = t, from = b.from_age),
                        );
                    }
                }
            }
        }
        if rebuilds > 1 {
            c.err(&format!("{path}.events"), crate::msg!(SeveralRebuilds));
        }
    }
    let all_in_range = cycles
        .iter()
        .all(|cy| cy.share.0 > Decimal::ZERO && cy.share.0 <= Decimal::ONE);
    if all_in_range && total_share != Decimal::ONE {
        c.err("renewal.cycles", crate::msg!(SharesSum, sum = total_share));
    }
}

pub(crate) struct Check<'m, 'd> {
    at: &'m Where<'m>,
    diags: &'d mut Diagnostics,
}

impl Check<'_, '_> {
    pub(crate) fn err(&mut self, path: &str, message: impl Into<crate::messages::Message>) {
        self.diags.push(match self.at {
            Where::Map(map) => map.diag(path, message),
            Where::Origins(o) => o.diag(path, message),
        });
    }

    pub(crate) fn range_i(&mut self, path: &str, v: i64, lo: i64, hi: i64) {
        if v < lo || v > hi {
            self.err(path, crate::msg!(OutsideRange, v, lo, hi));
        }
    }

    pub(crate) fn price(&mut self, path: &str, v: TomlDecimal) {
        if v.0 < Decimal::ZERO {
            self.err(path, crate::msg!(IsNegative));
        } else if v.0 > Decimal::from(MAX_UNIT_YEN) {
            self.err(path, crate::msg!(YenImplausible, v = v.0));
        }
    }

    fn category_rates(&mut self, path: &str, rates: Option<&BTreeMap<String, TomlDecimal>>) {
        for (key, v) in rates.into_iter().flatten() {
            let p = format!("{path}.{key}");
            match Category::parse(key) {
                Some(cat) if cat.is_building() => {}
                _ => self.err(
                    &p,
                    crate::msg!(
                        UnknownCategoryKey,
                        key = format!("{key:?}"),
                        keys = Category::building_keys_hint()
                    ),
                ),
            }
            self.price(&p, *v);
        }
    }
}

/// Lowers the merged raw model, checking that every value is present.
fn lower(
    raw: RawModel,
    top: &str,
    layers: Vec<String>,
    deterioration: std::sync::Arc<crate::condition::chain::Deterioration>,
    origins: Origins,
) -> Result<CostModel> {
    let mut diags = Diagnostics::new();
    let mut missing = |path: &str| {
        diags.push(Diagnostic::field(
            top,
            None,
            path,
            crate::msg!(MissingSetOrBase),
        ));
    };
    let name = raw.name.clone().unwrap_or_else(|| "custom".to_string());
    let description = raw.description.clone().unwrap_or_default();

    let renewal = match raw.renewal.as_ref().and_then(|r| r.cycles.as_ref()) {
        Some(cycles) => RenewalRules {
            window_offset: raw
                .renewal
                .as_ref()
                .and_then(|r| r.window_offset)
                .unwrap_or(0) as i32,
            second_cycle: raw
                .renewal
                .as_ref()
                .and_then(|r| r.second_cycle)
                .unwrap_or(false),
            cycles: cycles.iter().map(renewal::lower_cycle).collect(),
        },
        None => {
            missing("renewal.cycles");
            RenewalRules::default()
        }
    };

    let units = raw.unit_costs.clone().unwrap_or_default();
    let mut unit_costs = [UnitPrices {
        renovation: Decimal::ZERO,
        rebuild: Decimal::ZERO,
    }; 13];
    for cat in BUILDING_CATEGORIES {
        let entry = units
            .iter()
            .find(|(k, _)| Category::parse(k) == Some(cat))
            .map(|(_, v)| v);
        match entry.and_then(|u| u.renovation) {
            Some(v) => unit_costs[cat.index()].renovation = v.0,
            None => missing(&format!("unit_costs.{}.renovation", cat.key())),
        }
        match entry.and_then(|u| u.rebuild) {
            Some(v) => unit_costs[cat.index()].rebuild = v.0,
            None => missing(&format!("unit_costs.{}.rebuild", cat.key())),
        }
    }

    let op = raw.operating.clone().unwrap_or_default();
    let operating = Operating {
        enabled: op.enabled.unwrap_or(false),
        use_facility_actuals: op.use_facility_actuals.unwrap_or(true),
        yen_per_m2: by_category(op.default_yen_per_m2, op.yen_per_m2.as_ref(), None),
    };
    let repair = raw.repair.clone().unwrap_or_default();
    let repair_yen_per_m2 =
        by_category(repair.default_yen_per_m2, repair.yen_per_m2.as_ref(), None);
    let construction = raw.construction.clone().unwrap_or_default();
    let rebuild_units: [Decimal; 13] = std::array::from_fn(|i| unit_costs[i].rebuild);
    let construction_yen_per_m2 = by_category(
        construction.default_yen_per_m2,
        construction.yen_per_m2.as_ref(),
        Some(&rebuild_units),
    );
    let demolition = raw.demolition.clone().unwrap_or_default();
    let demolition_yen_per_m2: [Decimal; 6] = std::array::from_fn(|i| {
        let s = ALL_STRUCTURES[i];
        demolition
            .yen_per_m2
            .as_ref()
            .and_then(|m| {
                m.iter()
                    .find(|(k, _)| Structure::parse(k) == Some(s))
                    .map(|(_, v)| v.0)
            })
            .or(demolition.default_yen_per_m2.map(|d| d.0))
            .unwrap_or(Decimal::ZERO)
    });
    let esc = raw.escalation.clone().unwrap_or_default();
    let escalation = Escalation {
        rate: esc.rate.map(|r| r.0).unwrap_or(Decimal::ZERO),
        base_year: esc
            .base_year
            .and_then(|y| i32::try_from(y.0).ok())
            .and_then(FiscalYear::new)
            .filter(|y| y.get() <= MAX_YEAR),
    };
    let infrastructure = infra::lower(raw.infrastructure.as_ref(), &mut missing);
    let cond = raw.condition.clone().unwrap_or_default();
    let grade_rate = |g: &str| {
        cond.repair_yen_per_m2
            .as_ref()
            .and_then(|m| m.get(g))
            .map_or(Decimal::ZERO, |v| v.0)
    };
    let condition = ConditionRules {
        enabled: cond.enabled.unwrap_or(false),
        deterioration,
        timing: crate::condition::engine::Timing {
            advance_years: cond.advance_years.unwrap_or(0) as u32,
            defer_years: cond.defer_years.unwrap_or(0) as u32,
        },
        repair_yen_per_m2: [
            grade_rate("A"),
            grade_rate("B"),
            grade_rate("C"),
            grade_rate("D"),
        ],
        unsurveyed: if cond.unsurveyed.as_deref() == Some("ignore") {
            Unsurveyed::Ignore
        } else {
            Unsurveyed::ByAge
        },
    };
    // The merged model was checked, so its distributions lower; were one not to, the problem is
    // reported, never replaced by a default.
    let uncertainty = match uncertainty::lower(raw.uncertainty.as_ref()) {
        Ok(u) => u,
        Err(problems) => {
            for (key, message) in problems {
                diags.push(origins.diag(&key, message));
            }
            Uncertainty::default()
        }
    };
    let cl = raw.closure.clone().unwrap_or_default();
    let closure = SkipBeforeClosure {
        rebuild_years: cl.skip_rebuild_years.unwrap_or(0).clamp(0, 20) as u32,
        renovation_years: cl.skip_renovation_years.unwrap_or(0).clamp(0, 20) as u32,
    };
    diags.into_result(CostModel {
        name,
        description,
        layers,
        renewal,
        unit_costs,
        operating,
        repair_yen_per_m2,
        demolition_yen_per_m2,
        construction_yen_per_m2,
        escalation,
        infrastructure,
        condition,
        uncertainty,
        closure,
        origins,
    })
}

/// Rates by building category: the listed rate, else the default, else the fallback array, else 0.
fn by_category(
    default: Option<TomlDecimal>,
    rates: Option<&BTreeMap<String, TomlDecimal>>,
    fallback: Option<&[Decimal; 13]>,
) -> [Decimal; 13] {
    std::array::from_fn(|i| {
        let cat = BUILDING_CATEGORIES[i];
        rates
            .and_then(|m| {
                m.iter()
                    .find(|(k, _)| Category::parse(k) == Some(cat))
                    .map(|(_, v)| v.0)
            })
            .or(default.map(|d| d.0))
            .or(fallback.map(|f| f[i]))
            .unwrap_or(Decimal::ZERO)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn presets_load_and_carry_the_mic_table() {
        let mic = CostModel::preset("mic").unwrap();
        assert_eq!(mic.name(), "mic");
        // 学校教育系施設: 17 / 33 万円/m²
        assert_eq!(
            mic.prices(Category::School),
            UnitPrices {
                renovation: Decimal::from(170_000),
                rebuild: Decimal::from(330_000)
            }
        );
        assert_eq!(
            mic.prices(Category::PublicHousing).rebuild,
            Decimal::from(280_000)
        );
        assert!(!mic.operating.enabled);
        assert_eq!(mic.repair_yen_per_m2[0], Decimal::ZERO);
        // Construction defaults to the rebuild unit: 市民文化系 40万円/m².
        assert_eq!(mic.construction_yen_per_m2[0], Decimal::from(400_000));
        assert_eq!(
            mic.demolition_yen_per_m2[Structure::Wood.index()],
            Decimal::from(10_000)
        );

        let ll = CostModel::preset("long-life").unwrap();
        assert_eq!(ll.name(), "long-life");
        assert_eq!(ll.renewal.cycles.len(), 3);
        assert_eq!(
            ll.renewal.cycles[0].share,
            Decimal::from_str("0.45").unwrap()
        );
        assert_eq!(ll.repair_yen_per_m2[4], Decimal::from(1000));
        assert_eq!(ll.layers(), ["<preset mic>", "<preset long-life>"]);
        // Unit costs come from the mic base.
        assert_eq!(ll.prices(Category::School), mic.prices(Category::School));
    }

    #[test]
    fn unknown_preset_is_a_usage_error() {
        assert!(matches!(
            CostModel::preset("nope"),
            Err(Error::UnknownPreset { .. })
        ));
    }
}
