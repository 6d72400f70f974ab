//! [`Scenario::build`]: checking a [`ScenarioSpec`] against an inventory, a cost model and a plan, in
//! passes, and building the [`Scenario`] when nothing is wrong:
//!
//! 1. the settings: the plan (the one given, with the spec's changes), leveling, skipped renewals;
//! 2. the ids of the facilities complexes build, so any action can name them;
//! 3. each action on its own: the keys its kind takes and needs, ids, years within the plan,
//!    amounts;
//! 4. actions together: a facility closed twice (or merged after closing), merges into a closed
//!    facility, merges that form a cycle (a graph check with petgraph), conflicting reductions,
//!    shifts and life extensions;
//! 5. shifts against the cost model: the event moved must exist.
//!
//! Every problem of every pass that can run is reported, keyed by action and key path; only an
//! impossible plan stops the checks early (nothing else can be checked without years).

use crate::messages::{Id, Message};
use crate::msg;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;
use rust_decimal::Decimal;

use super::action::{Action, Scope, ScopeIndex};
use super::kind::ActionKind;
use super::problem::{Problem, Problems, Stage};
use super::spec::{ActionSpec, CapacitySpec, ScenarioSpec};
use super::{Leveling, NewFacility, Scenario};
use crate::category::{Category, Structure};
use crate::cost::{CostModel, EventKind};
use crate::inventory::{Capacities, FacilityIdx, Inventory};
use crate::plan::{DEFAULT_YEARS, Plan};
use crate::units::{FloorArea, MAX_BUILDING_AREA_M2};

pub(super) fn build(
    inventory: Arc<Inventory>,
    model: Arc<CostModel>,
    base: Option<Plan>,
    spec: &ScenarioSpec,
) -> Result<Scenario, Problems> {
    let mut problems = Problems::default();
    let mut setting = |key: &str, message: Message| {
        problems.push(Problem::new(Stage::Settings, None, key, message));
    };
    // Pass 1: the settings.
    let Some(plan) = crate::plan::checked(
        spec.plan,
        base,
        Id::NoFirstYear,
        DEFAULT_YEARS,
        &mut |key, message| setting(key, message),
    ) else {
        return Err(problems);
    };
    let leveling = spec.leveling.and_then(|l| {
        if !(1..=20).contains(&l.max_shift_years) {
            setting(
                "leveling.max_shift_years",
                msg!(OutsideOneToTwenty, n = l.max_shift_years),
            );
            return None;
        }
        if plan.cap.is_none() {
            setting("leveling", msg!(LevelingNoCap));
            return None;
        }
        Some(Leveling {
            max_shift_years: l.max_shift_years as u32,
            allow_earlier: l.allow_earlier,
        })
    });
    let skip_renewal_before_closure_years = match spec.skip_renewal_before_closure_years {
        None => None,
        Some(n) if (0..=20).contains(&n) => Some(n as u32),
        Some(n) => {
            setting(
                "skip_renewal_before_closure_years",
                msg!(OutsideZeroToTwenty, n),
            );
            None
        }
    };
    problems.actions_checked = true;

    let mut ck = Checker {
        inv: &inventory,
        plan,
        new_ids: HashMap::new(),
        declared: Vec::new(),
        gained: HashMap::new(),
        problems,
        stage: Stage::Declarations,
        action: 0,
    };
    // Pass 2: complexes' ids, so that any action (an earlier one too) can name them.
    for (k, a) in spec.actions.iter().enumerate() {
        if a.kind == ActionKind::Complex {
            ck.action = k;
            ck.declare(a);
        }
    }
    // Pass 3: each action on its own.
    ck.stage = Stage::Action;
    let mut actions: Vec<(usize, Action)> = Vec::new();
    for (k, a) in spec.actions.iter().enumerate() {
        ck.action = k;
        if let Some(action) = ck.action(a) {
            actions.push((k, action));
        }
    }
    // Pass 4: actions together.
    ck.stage = Stage::Together;
    ck.together(&actions);
    // Pass 5: shifts name events that exist.
    ck.stage = Stage::Shifts;
    ck.shifts_exist(&actions, &model);
    if !ck.problems.is_empty() {
        return Err(ck.problems);
    }
    // Every complex was checked (a complex that was not is a problem reported above).
    let new_facilities: Option<Vec<NewFacility>> =
        ck.declared.into_iter().map(|d| d.checked).collect();
    let Some(new_facilities) = new_facilities else {
        return Err(ck.problems);
    };
    let origins = actions
        .iter()
        .map(|(k, _)| spec.actions[*k].origin.clone())
        .collect();
    Ok(Scenario {
        name: spec.name.clone(),
        title: spec.title.clone().filter(|t| !t.trim().is_empty()),
        description: spec.description.clone(),
        inventory,
        model,
        plan,
        new_facilities,
        actions: actions.into_iter().map(|(_, a)| a).collect(),
        origins,
        leveling,
        skip_renewal_before_closure_years,
    })
}

/// A facility a complex builds, as known while checking: its id from pass 2, the rest once its
/// action is checked.
struct Declared {
    id: String,
    /// The year it opens, as written (for messages about the order of actions).
    opens: Option<i64>,
    /// Its category, once its action is checked.
    category: Option<Category>,
    /// Its functions (those of the facilities it replaces), once its action is checked.
    functions: Vec<String>,
    /// Its capacities, once its action is checked.
    capacities: Capacities,
    /// The facility, once its action is checked.
    checked: Option<NewFacility>,
}

/// The checker's state: the inventory, plan, the facilities complexes build, and the problems
/// found, each at the action being checked.
struct Checker<'s> {
    inv: &'s Inventory,
    plan: Plan,
    /// The ids of the facilities complexes build (the inventory's are looked up in its own index).
    new_ids: HashMap<String, FacilityIdx>,
    declared: Vec<Declared>,
    /// Functions a facility takes from those merged into it (in the order of the actions).
    gained: HashMap<FacilityIdx, Vec<String>>,
    problems: Problems,
    /// The pass running.
    stage: Stage,
    /// The action being checked (position in the spec).
    action: usize,
}

impl Checker<'_> {
    /// A problem at `key` of the action being checked.
    fn err(&mut self, key: &str, msg: impl Into<Message>) {
        self.problems
            .push(Problem::new(self.stage, Some(self.action), key, msg));
    }

    /// A problem at `key` of action `at` whose message names action `other`.
    fn err_naming(&mut self, at: usize, key: &str, message: Message, other: usize) {
        self.problems
            .push(Problem::naming(self.stage, Some(at), key, message, other));
    }

    /// The facility a complex builds, if `f` is one.
    fn declared(&self, f: FacilityIdx) -> Option<&Declared> {
        f.index()
            .checked_sub(self.inv.facilities.len())
            .and_then(|k| self.declared.get(k))
    }

    fn declare(&mut self, a: &ActionSpec) {
        let Some(id) = &a.id else { return };
        if self.facility_id(id).is_some() {
            self.err("id", msg!(AlreadyFacilityId, id = format!("{id:?}")));
            return;
        }
        let index = FacilityIdx::new(self.inv.facilities.len() + self.declared.len());
        self.new_ids.insert(id.clone(), index);
        self.declared.push(Declared {
            id: id.clone(),
            opens: a.year,
            category: None,
            functions: Vec::new(),
            capacities: Capacities::new(),
            checked: None,
        });
    }

    fn year(&mut self, y: Option<i64>, key: &str) -> Option<i32> {
        let y = y?;
        let h = self.plan.horizon;
        match i32::try_from(y).ok().filter(|y| h.contains(*y)) {
            Some(v) => Some(v),
            None => {
                self.err(
                    key,
                    msg!(
                        OutsidePlan,
                        y,
                        first = h.first().get(),
                        last = h.last().get()
                    ),
                );
                None
            }
        }
    }

    /// The facility with an id: the inventory's, or one a complex builds.
    fn facility_id(&self, id: &str) -> Option<FacilityIdx> {
        self.inv
            .facility_index(id)
            .or_else(|| self.new_ids.get(id).copied())
    }

    fn facility(&mut self, id: &str, key: &str) -> Option<FacilityIdx> {
        match self.facility_id(id) {
            Some(i) => Some(i),
            None => {
                let hint = self.closest_id(id);
                self.err(
                    key,
                    msg!(NotFacilityOfInventory, id = format!("{id:?}"), hint),
                );
                None
            }
        }
    }

    fn closest_id(&self, id: &str) -> Message {
        self.inv
            .facilities
            .iter()
            .find(|f| f.name == id)
            .map_or(msg!(Nothing), |f| msg!(NameNotId, id = &f.id))
    }

    fn facilities(&mut self, ids: &[String], key: &str) -> Vec<FacilityIdx> {
        if ids.is_empty() {
            self.err(key, msg!(IsEmpty));
        }
        let mut out = Vec::new();
        for (j, id) in ids.iter().enumerate() {
            if let Some(f) = self.facility(id, &format!("{key}[{j}]")) {
                if out.contains(&f) {
                    self.err(
                        &format!("{key}[{j}]"),
                        msg!(ListedTwice, id = format!("{id:?}")),
                    );
                } else {
                    out.push(f);
                }
            }
        }
        out
    }

    fn money(&mut self, v: Option<Decimal>, key: &str) -> Decimal {
        match v {
            None => Decimal::ZERO,
            Some(v) if v < Decimal::ZERO => {
                self.err(key, msg!(IsNegative));
                Decimal::ZERO
            }
            Some(v) if v > Decimal::from(10_000_000_000_000i64) => {
                self.err(key, msg!(YenImplausible, v));
                Decimal::ZERO
            }
            Some(v) => v,
        }
    }

    fn area(&mut self, v: Option<Decimal>, key: &str) -> Option<FloorArea> {
        let v = v?;
        match FloorArea::parse(&v.to_string()) {
            Ok(a) => Some(a),
            Err(e) => {
                let m = match e {
                    crate::units::NumberError::TooLarge => {
                        msg!(AreaM2Absurd, v, max = MAX_BUILDING_AREA_M2)
                    }
                    other => msg!(ValueIs, value = v, what = other.message()),
                };
                self.err(key, m);
                None
            }
        }
    }

    fn small_count(&mut self, v: Option<i64>, default: u32, key: &str) -> u32 {
        match v {
            None => default,
            Some(n) if (1..=10).contains(&n) => n as u32,
            Some(n) => {
                self.err(key, msg!(OutsideOneToTen, n));
                default
            }
        }
    }

    fn building(&mut self, id: &str, key: &str) -> Option<usize> {
        match self.inv.building_index(id) {
            Some(b) => Some(b),
            None => {
                self.err(key, msg!(NotBuildingOfInventory, id = format!("{id:?}")));
                None
            }
        }
    }

    /// Pass 3 for one action: its keys, then its values.
    fn action(&mut self, a: &ActionSpec) -> Option<Action> {
        let kind = a.kind;
        let (allowed, required) = (kind.allowed_keys(), kind.required_keys());
        let set = a.keys_set();
        let mut ok = true;
        for k in &set {
            if !allowed.contains(k) {
                self.err(
                    k,
                    msg!(
                        NotKeyOfAction,
                        kind = kind.to_string(),
                        allowed = allowed.join(", ")
                    ),
                );
                ok = false;
            }
        }
        for k in required {
            if !set.contains(k) {
                self.err("", msg!(ActionNeeds, kind = kind.to_string(), k = *k));
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let year = self.year(a.year, "year");
        let demolish = a.demolish.unwrap_or(true);
        match kind {
            ActionKind::Close => {
                let facility = self.facility(a.facility.as_deref()?, "facility");
                let proceeds = self.money(a.proceeds_yen, "proceeds_yen");
                Some(Action::Close {
                    facility: facility?,
                    year: year?,
                    demolish,
                    proceeds,
                })
            }
            ActionKind::Transfer => {
                let facility = self.facility(a.facility.as_deref()?, "facility");
                let proceeds = self.money(a.proceeds_yen, "proceeds_yen");
                Some(Action::Transfer {
                    facility: facility?,
                    year: year?,
                    proceeds,
                    service_continues: a.service_continues.unwrap_or(true),
                })
            }
            ActionKind::Merge => self.merge(a, year, demolish),
            ActionKind::Complex => self.complex(a, year),
            ActionKind::Reduce => {
                let building = self.building(a.building.as_deref()?, "building");
                let area = self.area(a.floor_area_m2, "floor_area_m2");
                let (building, area) = (building?, area?);
                let whole = self.inv.buildings[building].floor_area;
                if area >= whole {
                    self.err(
                        "floor_area_m2",
                        msg!(
                            RemovesAll,
                            area = area.to_string(),
                            whole = whole.to_string()
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
            ActionKind::LifeExtension => self.life_extension(a),
            ActionKind::Shift => {
                let building = self.building(a.building.as_deref()?, "building");
                let written = a.event.as_deref()?;
                let event = EventKind::parse(written);
                if event.is_none() {
                    self.err("event", msg!(NotEvent, written = format!("{written:?}")));
                }
                let from = self.year(a.from_year, "from_year");
                let to = self.year(a.to_year, "to_year");
                if let (Some(f), Some(t)) = (from, to) {
                    if f == t {
                        self.err("to_year", msg!(SameYear));
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
        }
    }

    fn merge(&mut self, a: &ActionSpec, year: Option<i32>, demolish: bool) -> Option<Action> {
        let facilities = self.facilities(a.facilities.as_deref()?, "facilities");
        let into = self.facility(a.into.as_deref()?, "into");
        let added_area = self.area(a.added_floor_area_m2, "added_floor_area_m2");
        let construction_years = self.small_count(a.construction_years, 1, "construction_years");
        let proceeds = self.money(a.proceeds_yen, "proceeds_yen");
        // Capacity is added for the receiver's functions, its own and those it takes.
        let mut functions = into.map(|r| self.functions_of(r)).unwrap_or_default();
        for &f in &facilities {
            for g in self.functions_of(f) {
                if !functions.contains(&g) {
                    functions.push(g);
                }
            }
        }
        let added_capacity = self.capacities(a.capacity.as_ref(), "capacity", &functions);
        if let Some(r) = into {
            self.gained.entry(r).or_default().extend(functions);
        }
        if let (Some(r), true) = (into, facilities.iter().any(|f| Some(*f) == into)) {
            let m = msg!(MergedIntoItself, id = format!("{:?}", self.id_of(r)));
            self.err("into", m);
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

    fn life_extension(&mut self, a: &ActionSpec) -> Option<Action> {
        let spec = a.rules.as_ref()?;
        let model = match &spec.model {
            Some(m) => Some(m.clone()),
            None => CostModel::preset(&spec.name).ok().map(Arc::new),
        };
        let Some(rules) = model else {
            self.err(
                "rules",
                msg!(
                    RulesNeither,
                    name = format!("{:?}", spec.name),
                    presets = crate::cost::preset_names()
                ),
            );
            return None;
        };
        let scope = match (&a.category, &a.facility) {
            (Some(_), Some(_)) => {
                self.err("", msg!(LifeExtensionScope));
                return None;
            }
            (Some(c), None) => match Category::parse(c) {
                Some(cat) if cat.is_building() => Scope::Category(cat),
                _ => {
                    self.err(
                        "category",
                        msg!(
                            NotBuildingCategoryOf,
                            value = format!("{c:?}"),
                            keys = Category::building_keys_hint()
                        ),
                    );
                    return None;
                }
            },
            (None, Some(f)) => Scope::Facility(self.facility(f, "facility")?),
            (None, None) => Scope::All,
        };
        Some(Action::LifeExtension {
            scope,
            rules: Box::new(rules.renewal.clone()),
            rules_name: rules.name().to_string(),
        })
    }

    /// A capacity as written, by function: a number is for the main (first) of `functions`; a table
    /// names functions among them. Empty when not given (or wrong, which is reported).
    fn capacities(
        &mut self,
        v: Option<&CapacitySpec>,
        key: &str,
        functions: &[String],
    ) -> Capacities {
        let mut out = Capacities::new();
        let entries: Vec<(String, String, i64)> = match v {
            None => return out,
            Some(CapacitySpec::Main(c)) => match functions.first() {
                Some(main) => vec![(main.clone(), key.to_string(), *c)],
                None => {
                    self.err(key, msg!(NoFunctionForCapacity));
                    return out;
                }
            },
            Some(CapacitySpec::ByFunction(m)) => m
                .iter()
                .map(|(g, c)| (g.clone(), format!("{key}.{g}"), *c))
                .collect(),
        };
        for (function, key, c) in entries {
            if !functions.contains(&function) {
                self.err(
                    &key,
                    msg!(
                        NotItsFunction,
                        function = format!("{function:?}"),
                        functions = functions.join(", ")
                    ),
                );
                continue;
            }
            match u64::try_from(c) {
                Ok(c) if c <= 10_000_000 => {
                    out.insert(function, c);
                }
                _ => self.err(&key, msg!(NotCapacity, c)),
            }
        }
        out
    }

    /// A facility's functions (an inventory facility's, or those a complex took when checked), and
    /// those it gained by merges.
    fn functions_of(&self, f: FacilityIdx) -> Vec<String> {
        let mut functions = match self.declared(f) {
            Some(d) => d.functions.clone(),
            None => self.inv.facilities[f].functions.clone(),
        };
        for g in self.gained.get(&f).into_iter().flatten() {
            if !functions.contains(g) {
                functions.push(g.clone());
            }
        }
        functions
    }

    /// A facility's capacity by function (an inventory facility's is for its main function).
    fn capacities_of(&self, f: FacilityIdx) -> Capacities {
        match self.declared(f) {
            Some(d) => d.capacities.clone(),
            None => self.inv.facilities[f].capacities(),
        }
    }

    fn id_of(&self, f: FacilityIdx) -> String {
        match self.declared(f) {
            Some(d) => d.id.clone(),
            None => self.inv.facilities[f].id.clone(),
        }
    }

    /// A facility's category (`None` for a complex not checked).
    fn category_of(&self, f: FacilityIdx) -> Option<Category> {
        match self.declared(f) {
            Some(d) => d.category,
            None => Some(self.inv.facilities[f].category),
        }
    }

    fn complex(&mut self, a: &ActionSpec, year: Option<i32>) -> Option<Action> {
        let id = a.id.as_deref()?;
        let facility = self.facility_id(id)?;
        let n = self.inv.facilities.len();
        if facility.index() < n {
            return None; // the id collides with the inventory's; reported when declared
        }
        let category = match Category::parse(a.category.as_deref()?) {
            Some(c) if c.is_building() => Some(c),
            _ => {
                self.err(
                    "category",
                    msg!(
                        NotBuildingCategoryOf,
                        value = format!("{:?}", a.category.as_deref().unwrap_or("")),
                        keys = Category::building_keys_hint()
                    ),
                );
                None
            }
        };
        let area = self.area(a.floor_area_m2, "floor_area_m2");
        let replaces = self.facilities(a.replaces.as_deref()?, "replaces");
        let structure = match a.structure.as_deref().map(Structure::parse) {
            None => Structure::Rc,
            Some(Some(s)) => s,
            Some(None) => {
                self.err("structure", msg!(IsNotStructure));
                Structure::Rc
            }
        };
        let site = match &a.site {
            Some(s) => self.facility(s, "site"),
            None => replaces.first().copied(),
        };
        let construction_years = self.small_count(a.construction_years, 1, "construction_years");
        let operating_yen = a
            .operating_cost_yen
            .map(|_| self.money(a.operating_cost_yen, "operating_cost_yen"));
        let proceeds = self.money(a.proceeds_yen, "proceeds_yen");
        if replaces.contains(&facility) {
            self.err("replaces", msg!(ComplexReplacesItself));
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
        capacities.extend(self.capacities(a.capacity.as_ref(), "capacity", &functions));
        let district = match self.declared(site) {
            Some(d) => d.checked.as_ref().and_then(|c| c.district.clone()),
            None => self.inv.facilities[site].district.clone(),
        };
        let k = facility.index() - n;
        let d = &mut self.declared[k];
        d.category = Some(category);
        d.functions = functions.clone();
        d.capacities = capacities.clone();
        d.opens = Some(i64::from(year));
        d.checked = Some(NewFacility {
            id: d.id.clone(),
            name: a.name.clone().unwrap_or_else(|| d.id.clone()),
            category,
            district,
            site,
            functions,
            capacities,
            operating_yen,
            opens: year,
        });
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
    fn together(&mut self, actions: &[(usize, Action)]) {
        // Merges that form a cycle.
        let mut graph = DiGraph::<FacilityIdx, ()>::new();
        let mut nodes = HashMap::new();
        let mut node = |g: &mut DiGraph<FacilityIdx, ()>, f: FacilityIdx| {
            *nodes.entry(f).or_insert_with(|| g.add_node(f))
        };
        let mut merge_edges: Vec<(FacilityIdx, usize)> = Vec::new();
        for (k, a) in actions {
            if let Action::Merge {
                facilities, into, ..
            } = a
            {
                for &f in facilities {
                    let (x, y) = (node(&mut graph, f), node(&mut graph, *into));
                    graph.add_edge(x, y, ());
                    merge_edges.push((f, *k));
                }
            }
        }
        let mut in_cycle = Vec::new();
        for scc in tarjan_scc(&graph) {
            if scc.len() > 1 {
                let mut ids: Vec<String> = scc.iter().map(|&ix| self.id_of(graph[ix])).collect();
                ids.sort();
                let members: Vec<FacilityIdx> = scc.iter().map(|&ix| graph[ix]).collect();
                if let Some(&(_, k)) = merge_edges.iter().find(|(f, _)| members.contains(f)) {
                    self.action = k;
                    self.err("into", msg!(MergeCycle, ids = ids.join(", ")));
                }
                in_cycle.extend(members);
            }
        }

        // Closures: each facility closes at most once; merges go into open facilities.
        let mut closed: BTreeMap<FacilityIdx, (i32, usize)> = BTreeMap::new();
        let mut order: Vec<(i32, usize)> = actions
            .iter()
            .enumerate()
            .filter_map(|(i, (_, a))| a.year().map(|y| (y, i)))
            .collect();
        order.sort();
        for &(year, i) in &order {
            let (k, a) = &actions[i];
            self.action = *k;
            let list = match a {
                Action::Merge { .. } => "facilities",
                Action::Complex { .. } => "replaces",
                _ => "facility",
            };
            let is_list = !matches!(a, Action::Close { .. } | Action::Transfer { .. });
            for (j, &f) in a.closes().iter().enumerate() {
                let key = if is_list {
                    format!("{list}[{j}]")
                } else {
                    list.to_string()
                };
                if let Some(opens) = self.declared(f).and_then(|d| d.opens) {
                    if opens > i64::from(year) {
                        let m = msg!(
                            OpensAfterClose,
                            id = format!("{:?}", self.id_of(f)),
                            opens,
                            year
                        );
                        self.err(&key, m);
                        continue;
                    }
                }
                if let Some(&(y0, k0)) = closed.get(&f) {
                    let id = format!("{:?}", self.id_of(f));
                    let m = if matches!(a, Action::Merge { .. }) {
                        msg!(MergedAfterClosed, id, y0, action = "")
                    } else {
                        msg!(ClosedTwice, id, y0, action = "")
                    };
                    self.err_naming(*k, &key, m, k0);
                } else {
                    closed.insert(f, (year, *k));
                }
            }
            if let Action::Merge { into, .. } = a {
                if in_cycle.contains(into) {
                    continue;
                }
                if let Some(opens) = self.declared(*into).and_then(|d| d.opens) {
                    if opens > i64::from(year) {
                        let m = msg!(
                            OpensAfterMerge,
                            id = format!("{:?}", self.id_of(*into)),
                            opens,
                            year
                        );
                        self.err("into", m);
                    }
                }
            }
        }
        // Merges into a facility closed by then (checked once every closure is known).
        for (k, a) in actions {
            if let Action::Merge { into, year, .. } = a {
                if in_cycle.contains(into) {
                    continue;
                }
                if let Some(&(y0, k0)) = closed.get(into) {
                    if y0 <= *year {
                        let id = format!("{:?}", self.id_of(*into));
                        let m = msg!(MergeIntoClosed, id, y0, year = *year, action = "");
                        self.err_naming(*k, "into", m, k0);
                    }
                }
            }
        }

        // Reductions and shifts of buildings whose facility is closed by then; conflicting ones.
        let mut reduced: HashMap<usize, (FloorArea, usize)> = HashMap::new();
        let mut shifted: HashMap<(usize, EventKind, i32), usize> = HashMap::new();
        let mut extended: Vec<(&Scope, usize)> = Vec::new();
        // What the life extensions so far cover, to tell at once whether a new one overlaps any
        // (the earlier ones it overlaps are then listed, in order).
        let mut extended_all = false;
        let mut extended_categories: HashSet<Category> = HashSet::new();
        let mut extended_facilities: HashSet<FacilityIdx> = HashSet::new();
        let mut categories_of_extended_facilities: HashSet<Category> = HashSet::new();
        for (k, a) in actions {
            match a {
                Action::Reduce {
                    building,
                    area,
                    year,
                } => {
                    let f = self.inv.buildings[*building].facility;
                    if let Some(&(y0, k0)) = closed.get(&f).filter(|(y0, _)| y0 <= year) {
                        let id = format!("{:?}", self.id_of(f));
                        let m = msg!(FacilityClosedBy, id, y0, action = "");
                        self.err_naming(*k, "building", m, k0);
                    }
                    let total = reduced.entry(*building).or_insert((FloorArea::ZERO, *k));
                    total.0 = FloorArea::from_units(total.0.units() + area.units());
                    let whole = self.inv.buildings[*building].floor_area;
                    if total.0 >= whole {
                        let first = total.1;
                        let m = msg!(RemovesWhole, whole = whole.to_string(), action = "");
                        self.err_naming(*k, "floor_area_m2", m, first);
                    }
                }
                Action::Shift {
                    building,
                    event,
                    from,
                    to,
                } => {
                    let f = self.inv.buildings[*building].facility;
                    if let Some(&(y0, k0)) = closed.get(&f).filter(|(y0, _)| y0 <= from.max(to)) {
                        let id = format!("{:?}", self.id_of(f));
                        let m = msg!(FacilityClosedBy, id, y0, action = "");
                        self.err_naming(*k, "building", m, k0);
                    }
                    if let Some(k0) = shifted.insert((*building, *event, *from), *k) {
                        self.err_naming(*k, "", msg!(AlreadyShifted, action = ""), k0);
                    }
                }
                Action::LifeExtension { scope, .. } => {
                    let overlaps_any = extended_all
                        || match scope {
                            Scope::All => !extended.is_empty(),
                            Scope::Category(c) => {
                                extended_categories.contains(c)
                                    || categories_of_extended_facilities.contains(c)
                            }
                            Scope::Facility(f) => {
                                extended_facilities.contains(f)
                                    || self
                                        .category_of(*f)
                                        .is_some_and(|c| extended_categories.contains(&c))
                            }
                        };
                    let overlapping: Vec<usize> = if overlaps_any {
                        extended
                            .iter()
                            .filter(|(s0, _)| self.overlap(scope, s0))
                            .map(|(_, k0)| *k0)
                            .collect()
                    } else {
                        Vec::new()
                    };
                    match scope {
                        Scope::All => extended_all = true,
                        Scope::Category(c) => {
                            extended_categories.insert(*c);
                        }
                        Scope::Facility(f) => {
                            extended_facilities.insert(*f);
                            if let Some(c) = self.category_of(*f) {
                                categories_of_extended_facilities.insert(c);
                            }
                        }
                    }
                    for k0 in overlapping {
                        self.err_naming(*k, "", msg!(ScopeOverlaps, action = ""), k0);
                    }
                    extended.push((scope, *k));
                }
                _ => {}
            }
        }
    }

    fn overlap(&self, a: &Scope, b: &Scope) -> bool {
        match (a, b) {
            (Scope::All, _) | (_, Scope::All) => true,
            (Scope::Category(x), Scope::Category(y)) => x == y,
            (Scope::Facility(x), Scope::Facility(y)) => x == y,
            (Scope::Category(c), Scope::Facility(f)) | (Scope::Facility(f), Scope::Category(c)) => {
                self.category_of(*f) == Some(*c)
            }
        }
    }

    /// Pass 5: every shifted event exists in its building's schedule (under the rules that apply).
    fn shifts_exist(&mut self, actions: &[(usize, Action)], model: &CostModel) {
        let first = self.plan.horizon.first().get();
        let last = self.plan.horizon.last().get();
        // The rules of the first life extension that covers a building apply to it.
        let mut extensions = ScopeIndex::new();
        for (i, (_, a)) in actions.iter().enumerate() {
            if let Action::LifeExtension { scope, .. } = a {
                extensions.add(scope, i);
            }
        }
        for (k, a) in actions {
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
            let rules = extensions
                .first_covering(b.facility, b.category)
                .and_then(|i| match &actions[i].1 {
                    Action::LifeExtension { rules, .. } => Some(rules.as_ref()),
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
                .map(|c| format!("{} from {}", c.event.key(), c.start))
                .collect();
            events.dedup();
            let listed = if events.is_empty() {
                msg!(NoneInPlan)
            } else {
                msg!(Foreign, text = events.join(", "))
            };
            let m = msg!(
                NoSuchEvent,
                id = format!("{:?}", b.id),
                event = event.key(),
                from,
                listed
            );
            self.action = *k;
            self.err("from_year", m);
        }
    }
}
