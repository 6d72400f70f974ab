//! The JSON documents, as types whose fields are their documentation: `shisetsu/projection/1` (one
//! projection), `shisetsu/run/1` (a batch of runs), `shisetsu/compare/1`, `shisetsu/explain/1` and
//! `shisetsu/montecarlo/1`. Money is a whole-yen decimal string; fields are printed in the order
//! they are declared. Each document is made from finished results by one function here, and
//! printed with [`to_text`].

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::printed::Printed;
use super::yen_string;
use crate::category::{ALL_KINDS, Kind};
use crate::compare::Comparison;
use crate::explain::Explanation;
use crate::money::Yen;
use crate::montecarlo::MonteCarlo;
use crate::projection::Projection;
use crate::run::{BatchItem, Outcome};
use crate::scenario::ActionKind;
use crate::scenario::access::{AccessReport, DistrictAccess};

/// The schema name of one projection.
pub const PROJECTION_SCHEMA: &str = "shisetsu/projection/1";

/// The schema name of a batch of runs.
pub const RUN_SCHEMA: &str = "shisetsu/run/1";

/// The schema name of a comparison.
pub const COMPARE_SCHEMA: &str = "shisetsu/compare/1";

/// The schema name of an explanation.
pub const EXPLAIN_SCHEMA: &str = "shisetsu/explain/1";

/// The schema name of a Monte Carlo analysis.
pub const MONTECARLO_SCHEMA: &str = "shisetsu/montecarlo/1";

/// How the amounts of a projection are rounded, as the document states it.
const ROUNDING: &str = "whole yen that add up every way: the plan's total is its exact total rounded half to even (JIS Z 8401 rule A); the years are apportioned to it by largest remainder; each year's table of kinds by categories is rounded as a whole (controlled rounding: every cell, kind and category is its exact amount rounded down or up, the nearest such rounding in which the cells add up to their kind, their category and the year); amounts by facility and explain's contributors are apportioned to their cell by largest remainder; totals over the plan are sums of the printed years";

/// Pretty JSON text with a final newline.
pub fn to_text<T: Serialize + ?Sized>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// A JSON object whose keys come in the order they were added (categories in report order, kinds in
/// [`ALL_KINDS`] order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ordered<V>(pub Vec<(&'static str, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, v)))
    }
}

/// An amount of each kind, whole yen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindAmounts {
    /// Running costs (維持管理・運営).
    pub operating: String,
    /// Yearly repairs (修繕).
    pub repair: String,
    /// Renovation (大規模改修).
    pub renovation: String,
    /// Rebuild (建替え).
    pub rebuild: String,
    /// Renovation overdue at the start, spread over the first years.
    pub renovation_backlog: String,
    /// Rebuild overdue at the start.
    pub rebuild_backlog: String,
    /// Demolition (解体).
    pub demolition: String,
    /// New construction (新設・増築).
    pub construction: String,
}

impl KindAmounts {
    fn of(amount: impl Fn(Kind) -> Yen) -> KindAmounts {
        let y = |k| yen_string(amount(k));
        KindAmounts {
            operating: y(Kind::Operating),
            repair: y(Kind::Repair),
            renovation: y(Kind::Renovation),
            rebuild: y(Kind::Rebuild),
            renovation_backlog: y(Kind::RenovationBacklog),
            rebuild_backlog: y(Kind::RebuildBacklog),
            demolition: y(Kind::Demolition),
            construction: y(Kind::Construction),
        }
    }
}

/// `shisetsu/projection/1`: one projection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectionDoc {
    /// [`PROJECTION_SCHEMA`].
    pub schema: &'static str,
    /// The scenario (or inventory) projected.
    pub scenario: String,
    /// The cost model.
    pub model: String,
    /// The first fiscal year.
    pub from: i32,
    /// The last fiscal year.
    pub to: i32,
    /// The annual cap, if the plan sets one.
    pub cap_yen: Option<String>,
    /// How amounts are rounded.
    pub rounding: &'static str,
    /// The number of buildings projected.
    pub n_buildings: usize,
    /// Every fiscal year.
    pub years: Vec<YearDoc>,
    /// Each kind's total over the plan.
    pub kinds_total_yen: KindAmounts,
    /// The total over the plan.
    pub total_yen: String,
    /// The yearly average.
    pub average_yen: String,
    /// The year with the highest total.
    pub peak: PeakDoc,
    /// The years over the cap.
    pub years_over_cap: Vec<i32>,
    /// Whether every year is at or under the cap (`null` without a cap).
    pub meets_cap: Option<bool>,
    /// Sale proceeds over the plan (not netted against costs).
    pub proceeds_yen: String,
    /// Renewal left out because its facility closes soon after (the cost model's `[closure]`
    /// windows, or the scenario's), priced as scheduled: what the plan avoids. Not a cost.
    pub renewal_avoided_yen: String,
    /// What the inputs give that the projection does not count, and why (empty: everything is
    /// counted).
    pub not_counted: Vec<NotCountedDoc>,
}

/// An input the projection does not count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotCountedDoc {
    /// The input (`operating_cost_yen`).
    pub what: &'static str,
    /// How many facilities give it.
    pub facilities: usize,
    /// What it adds up to over the plan, at each year's prices.
    pub yen: String,
    /// Why it is not counted.
    pub why: &'static str,
}

/// One fiscal year of a projection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearDoc {
    /// The fiscal year.
    pub year: i32,
    /// The year in 和暦 (R4).
    pub wareki: String,
    /// The year's total.
    pub total_yen: String,
    /// By kind.
    pub kinds: KindAmounts,
    /// By category (those present), in report order.
    pub categories: Ordered<String>,
    /// Floor area existing in the year, m².
    pub floor_area_m2: String,
    /// Sale proceeds in the year.
    pub proceeds_yen: String,
    /// Whether the year is over the cap (`null` without a cap).
    pub over_cap: Option<bool>,
    /// Expected floor area by grade, m², under condition rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_m2: Option<GradeAreas>,
}

/// Floor area by condition grade, m².
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GradeAreas {
    /// Grade A.
    #[serde(rename = "A")]
    pub a: String,
    /// Grade B.
    #[serde(rename = "B")]
    pub b: String,
    /// Grade C.
    #[serde(rename = "C")]
    pub c: String,
    /// Grade D.
    #[serde(rename = "D")]
    pub d: String,
    /// Buildings without a grade.
    pub unknown: String,
}

impl GradeAreas {
    fn of(g: [Decimal; 5], text: impl Fn(Decimal) -> String) -> GradeAreas {
        GradeAreas {
            a: text(g[0]),
            b: text(g[1]),
            c: text(g[2]),
            d: text(g[3]),
            unknown: text(g[4]),
        }
    }
}

/// The peak year and its total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeakDoc {
    /// The fiscal year.
    pub year: i32,
    /// Its total.
    pub total_yen: String,
}

/// One projection as `shisetsu/projection/1`.
pub fn projection(p: &Projection) -> ProjectionDoc {
    let h = p.horizon();
    let first = h.first().get();
    let cap = p.plan().cap;
    let categories = p.categories();
    let printed = Printed::of(p);
    let years = (0..p.years())
        .map(|i| YearDoc {
            year: first + i as i32,
            wareki: h.first().offset(i as i32).wareki().to_string(),
            total_yen: yen_string(printed.year_total(i)),
            kinds: KindAmounts::of(|k| printed.kind(i, k)),
            categories: Ordered(
                categories
                    .iter()
                    .map(|c| (c.key(), yen_string(printed.category(i, *c))))
                    .collect(),
            ),
            floor_area_m2: p.floor_area(i).to_decimal().to_string(),
            proceeds_yen: yen_string(p.proceeds(i)),
            over_cap: cap.map(|c| p.year_total(i) > c),
            condition_m2: p
                .grades(i)
                .map(|g| GradeAreas::of(g, |d| d.round_dp(6).normalize().to_string())),
        })
        .collect();
    let (peak_year, _) = p.peak();
    ProjectionDoc {
        schema: PROJECTION_SCHEMA,
        scenario: p.name().to_string(),
        model: p.model().to_string(),
        from: first,
        to: h.last().get(),
        cap_yen: cap.map(yen_string),
        rounding: ROUNDING,
        n_buildings: p.n_buildings(),
        years,
        kinds_total_yen: KindAmounts::of(|k| printed.kind_sum(k)),
        total_yen: yen_string(printed.total()),
        average_yen: yen_string(p.average()),
        peak: PeakDoc {
            year: peak_year,
            total_yen: yen_string(printed.year_total((peak_year - first) as usize)),
        },
        years_over_cap: p.years_over_cap(),
        meets_cap: p.meets_cap(),
        proceeds_yen: yen_string(p.total_proceeds()),
        renewal_avoided_yen: yen_string(p.total_renewal_avoided()),
        not_counted: p
            .not_counted()
            .map(|nc| NotCountedDoc {
                what: "operating_cost_yen",
                facilities: nc.facilities,
                yen: yen_string(crate::money::Yen::new(nc.yen)),
                why: nc.why.text(),
            })
            .into_iter()
            .collect(),
    }
}

/// `shisetsu/run/1`: a batch of runs, in input order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunDoc {
    /// [`RUN_SCHEMA`].
    pub schema: &'static str,
    /// One result per scenario file.
    pub results: Vec<RunResult>,
}

/// The result of one file of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RunResult {
    /// The scenario ran.
    Ran(Box<OutcomeDoc>),
    /// It could not be read or run.
    Failed(FailedDoc),
}

/// A scenario file that could not run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FailedDoc {
    /// The file.
    pub file: String,
    /// The scenario's name as the file names it (its stem).
    pub scenario: Option<String>,
    /// Every problem, as the command line prints them.
    pub error: String,
}

/// One run: its projection, with what the run adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutcomeDoc {
    /// The projection (`meets_cap` among its fields).
    #[serde(flatten)]
    pub projection: ProjectionDoc,
    /// The scenario file.
    pub file: String,
    /// Its title for people, shown in place of its name (`null` when it has none).
    pub title: Option<String>,
    /// What the scenario tests.
    pub description: String,
    /// Floor area at the start and end of the plan.
    pub floor_area: FloorAreaDoc,
    /// What the actions did.
    pub effects: EffectsDoc,
    /// The renewal events leveling moved.
    pub leveling: Vec<LeveledDoc>,
    /// Where users went and which districts lost access.
    pub access: AccessDoc,
    /// The plan's service loss ([`crate::service`]), measured from `access` and `effects`, with the
    /// default weights it is totalled with: the optimizer's objective, for any plan.
    pub service_loss: ServiceLossDoc,
}

/// A run's service loss: its measures, the weights and their weighted total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceLossDoc {
    /// The weighted total (without the cost tie-break).
    pub weighted: String,
    /// Σ users moved × km to where they go (user-km a year).
    pub user_km: String,
    /// Users moved whose distance is unknown (not in `user_km`).
    pub users_moved_unknown_km: u64,
    /// Users of a function no open facility offers any more (they lose the service).
    pub users_lost: u64,
    /// District × function pairs left beyond the access standard.
    pub access_pairs: usize,
    /// Receivers (facility × function) over capacity.
    pub over_capacity: usize,
    /// Floor area demolished or transferred, m².
    pub floor_area_removed_m2: String,
    /// The weights of the total.
    pub weights: WeightsDoc,
}

/// The weights of a service-loss total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeightsDoc {
    /// Per user-km.
    pub user_km: String,
    /// Per user who loses a service.
    pub users_lost: String,
    /// Per district × function pair beyond the standard.
    pub access_pair: String,
    /// Per receiver over capacity.
    pub over_capacity: String,
    /// Per m² removed.
    pub floor_area_m2: String,
}

/// A run's service loss with the default weights.
pub fn service_loss(o: &Outcome) -> ServiceLossDoc {
    let w = crate::service::Weights::default();
    let l = crate::service::ServiceLoss::measure(&o.access, &o.effects);
    let d = |x: Decimal| x.round_dp(6).normalize().to_string();
    ServiceLossDoc {
        weighted: d(l.weighted(&w)),
        user_km: d(l.user_km),
        users_moved_unknown_km: l.users_moved_unknown_km,
        users_lost: l.users_lost,
        access_pairs: l.access_pairs,
        over_capacity: l.over_capacity,
        floor_area_removed_m2: d(l.floor_area_removed.to_decimal()),
        weights: WeightsDoc {
            user_km: d(w.user_km),
            users_lost: d(w.users_lost),
            access_pair: d(w.access_pair),
            over_capacity: d(w.over_capacity),
            floor_area_m2: d(w.floor_area_m2),
        },
    }
}

/// Floor area at the start and end of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FloorAreaDoc {
    /// In the first year, m².
    pub start_m2: String,
    /// In the last year, m².
    pub end_m2: String,
    /// The change, percent (2 decimals); `null` when there was none to start with.
    pub change_percent: Option<String>,
}

/// What a scenario's actions did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EffectsDoc {
    /// Facilities closed, in order of year.
    pub closures: Vec<ClosureDoc>,
    /// Floor area demolished, m².
    pub demolished_m2: String,
    /// Floor area built, m².
    pub built_m2: String,
    /// Floor area handed over, m².
    pub transferred_m2: String,
}

/// A facility closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClosureDoc {
    /// Its id.
    pub facility: String,
    /// Its name.
    pub name: String,
    /// The year.
    pub year: i32,
    /// The kind of action that closed it.
    pub how: ActionKind,
}

/// A renewal event leveling moved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeveledDoc {
    /// The building's id.
    pub building: String,
    /// Its facility's id.
    pub facility: String,
    /// `renovation` or `rebuild`.
    pub event: &'static str,
    /// The first year of its window before.
    pub from: i32,
    /// After.
    pub to: i32,
    /// Its amount (before escalation).
    pub amount_yen: String,
}

/// The access analysis of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessDoc {
    /// Whether the inventory gives distances (a road network, or coordinates).
    pub has_network: bool,
    /// `roads`, or `straight_line` (great-circle distances times the detour factor, for an
    /// inventory with coordinates and no roads).
    pub distances: &'static str,
    /// The detour factor, when distances are straight lines.
    pub detour_factor: Option<String>,
    /// Users moved to a receiver (a year, over the moves).
    pub users_moved: u64,
    /// The receivers: open facilities that take users of closed ones.
    pub receivers: usize,
    /// Users who lose a service: no open facility offers their function (a year).
    pub users_losing_service: u64,
    /// Users moved to a receiver, in order of year.
    pub moves: Vec<MoveDoc>,
    /// Users who lose a service, in order of year: the function of a closed facility that no open
    /// facility offers.
    pub lose_service: Vec<LossDoc>,
    /// Receivers over capacity.
    pub over_capacity: Vec<OverCapacityDoc>,
    /// Districts that lose a function within the standard because of the scenario.
    pub left_without: Vec<DistrictDoc>,
    /// Districts already beyond the standard before any action.
    pub already_beyond: Vec<DistrictDoc>,
}

/// Users moved from a closed facility.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MoveDoc {
    /// The year.
    pub year: i32,
    /// The closed facility's id.
    pub from: String,
    /// Its name.
    pub from_name: String,
    /// The receiver, where the users go.
    pub to: Option<String>,
    /// Its name.
    pub to_name: Option<String>,
    /// The function followed.
    pub function: String,
    /// Users moved (a year).
    pub users: u64,
    /// Road distance, km.
    pub km: Option<String>,
}

/// Users who lose a service when a facility closes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LossDoc {
    /// The year.
    pub year: i32,
    /// The closed facility's id.
    pub from: String,
    /// Its name.
    pub from_name: String,
    /// The function no open facility offers.
    pub function: String,
    /// Its users (a year).
    pub users: u64,
}

/// A receiver over capacity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OverCapacityDoc {
    /// Its id.
    pub facility: String,
    /// Its name.
    pub name: String,
    /// The function.
    pub function: String,
    /// The year it first went over.
    pub year: i32,
    /// Its users at the end of the plan.
    pub users: u64,
    /// Its capacity.
    pub capacity: u64,
}

/// A district beyond the access standard for a function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DistrictDoc {
    /// The district's id.
    pub district: String,
    /// The function.
    pub function: String,
    /// The year it lost access (or the first year).
    pub year: i32,
    /// The standard, km.
    pub standard_km: String,
    /// Distance to the nearest open facility before, km.
    pub km_before: Option<String>,
    /// After.
    pub km_after: Option<String>,
}

impl DistrictDoc {
    fn of(d: &DistrictAccess) -> DistrictDoc {
        let km = |k: Decimal| k.normalize().to_string();
        DistrictDoc {
            district: d.district.clone(),
            function: d.function.clone(),
            year: d.year,
            standard_km: km(d.standard_km),
            km_before: d.km_before.map(km),
            km_after: d.km_after.map(km),
        }
    }
}

fn access(o: &Outcome, a: &AccessReport) -> AccessDoc {
    let s = &o.scenario;
    let detour = s.inventory().network().detour_factor();
    AccessDoc {
        has_network: a.has_network,
        distances: if detour.is_some() {
            "straight_line"
        } else {
            "roads"
        },
        detour_factor: detour.map(|f| f.normalize().to_string()),
        users_moved: a.users_moved(),
        receivers: a.receivers(),
        users_losing_service: a.users_losing_service(),
        lose_service: a
            .moves
            .iter()
            .filter(|m| m.to.is_none())
            .map(|m| LossDoc {
                year: m.year,
                from: s.facility(m.from).id().to_string(),
                from_name: s.facility(m.from).name().to_string(),
                function: m.function.clone(),
                users: m.users,
            })
            .collect(),
        moves: a
            .moves
            .iter()
            .filter(|m| m.to.is_some())
            .map(|m| MoveDoc {
                year: m.year,
                from: s.facility(m.from).id().to_string(),
                from_name: s.facility(m.from).name().to_string(),
                to: m.to.map(|t| s.facility(t).id().to_string()),
                to_name: m.to.map(|t| s.facility(t).name().to_string()),
                function: m.function.clone(),
                users: m.users,
                km: m.km.map(|k| k.normalize().to_string()),
            })
            .collect(),
        over_capacity: a
            .over_capacity
            .iter()
            .map(|c| OverCapacityDoc {
                facility: s.facility(c.facility).id().to_string(),
                name: s.facility(c.facility).name().to_string(),
                function: c.function.clone(),
                year: c.year,
                users: c.users,
                capacity: c.capacity,
            })
            .collect(),
        left_without: a.left_without.iter().map(DistrictDoc::of).collect(),
        already_beyond: a.already_beyond.iter().map(DistrictDoc::of).collect(),
    }
}

/// One run as a `shisetsu/projection/1` object with the run's extra fields.
pub fn outcome(o: &Outcome, file: &str) -> OutcomeDoc {
    let s = &o.scenario;
    let (start, end, pct) = super::run::floor_area_change(o);
    OutcomeDoc {
        projection: projection(&o.projection),
        file: file.to_string(),
        title: s.title().map(str::to_string),
        description: s.description().to_string(),
        floor_area: FloorAreaDoc {
            start_m2: start.to_string(),
            end_m2: end.to_string(),
            change_percent: pct.map(|p| p.to_string()),
        },
        effects: EffectsDoc {
            closures: o
                .effects
                .closures
                .iter()
                .map(|c| ClosureDoc {
                    facility: s.facility(c.facility).id().to_string(),
                    name: s.facility(c.facility).name().to_string(),
                    year: c.year,
                    how: c.how,
                })
                .collect(),
            demolished_m2: o.effects.demolished_m2.to_decimal().to_string(),
            built_m2: o.effects.built_m2.to_decimal().to_string(),
            transferred_m2: o.effects.transferred_m2.to_decimal().to_string(),
        },
        leveling: o
            .leveled
            .iter()
            .map(|l| {
                let b = &s.inventory().buildings[l.building];
                LeveledDoc {
                    building: b.id.clone(),
                    facility: s.inventory().facilities[b.facility].id.clone(),
                    event: l.event.key(),
                    from: l.from,
                    to: l.to,
                    amount_yen: yen_string(Yen::new(l.amount)),
                }
            })
            .collect(),
        access: access(o, &o.access),
        service_loss: service_loss(o),
    }
}

/// A batch as `shisetsu/run/1`: results in input order; a file that failed carries its error.
pub fn run(items: &[BatchItem]) -> RunDoc {
    RunDoc {
        schema: RUN_SCHEMA,
        results: items
            .iter()
            .map(|it| {
                let file = it.file.display().to_string();
                match &it.result {
                    Ok(o) => RunResult::Ran(Box::new(outcome(o, &file))),
                    Err(e) => RunResult::Failed(FailedDoc {
                        file,
                        scenario: it
                            .file
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned()),
                        error: e.to_string(),
                    }),
                }
            })
            .collect(),
    }
}

/// `shisetsu/compare/1`: B − A by year, category and kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompareDoc {
    /// [`COMPARE_SCHEMA`].
    pub schema: &'static str,
    /// Scenario A.
    pub a: String,
    /// Scenario B.
    pub b: String,
    /// By fiscal year.
    pub years: Vec<LineDoc<i32>>,
    /// By category, totals over the plan.
    pub categories: Vec<LineDoc<&'static str>>,
    /// By kind, totals over the plan.
    pub kinds: Vec<LineDoc<&'static str>>,
    /// The totals (`key` is `null`).
    pub total: LineDoc<()>,
}

/// One line of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineDoc<K> {
    /// What it compares: a year, a category, a kind.
    pub key: K,
    /// A's amount.
    pub a_yen: String,
    /// B's amount.
    pub b_yen: String,
    /// B − A.
    pub difference_yen: String,
}

/// A comparison (of printed amounts) as `shisetsu/compare/1`.
pub fn comparison(c: &Comparison) -> CompareDoc {
    fn line<K>(key: K, a: Yen, b: Yen, d: Yen) -> LineDoc<K> {
        LineDoc {
            key,
            a_yen: yen_string(a),
            b_yen: yen_string(b),
            difference_yen: yen_string(d),
        }
    }
    CompareDoc {
        schema: COMPARE_SCHEMA,
        a: c.a.clone(),
        b: c.b.clone(),
        years: c
            .years
            .iter()
            .map(|l| line(l.key, l.a, l.b, l.difference()))
            .collect(),
        categories: c
            .categories
            .iter()
            .map(|l| line(l.key.key(), l.a, l.b, l.difference()))
            .collect(),
        kinds: c
            .kinds
            .iter()
            .map(|l| line(l.key.key(), l.a, l.b, l.difference()))
            .collect(),
        total: line((), c.total.a, c.total.b, c.total.difference()),
    }
}

/// `shisetsu/explain/1`: what makes up one year's cost, largest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplainDoc {
    /// [`EXPLAIN_SCHEMA`].
    pub schema: &'static str,
    /// The scenario.
    pub scenario: String,
    /// The fiscal year.
    pub year: i32,
    /// The year's total, as the projection prints it.
    pub total_yen: String,
    /// The cap, if the plan sets one.
    pub cap_yen: Option<String>,
    /// The contributors, largest first; their amounts add up to the year's.
    pub contributors: Vec<ContributorDoc>,
}

/// One contributor to a year's cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContributorDoc {
    /// What it is (in English).
    pub what: String,
    /// Where it comes from: a building id, an action's file and line, an asset.
    pub source: String,
    /// Its category.
    pub category: &'static str,
    /// Its total.
    pub total_yen: String,
    /// Its amounts by kind (the kinds it has).
    pub kinds: Ordered<String>,
}

/// An explanation as `shisetsu/explain/1`.
///
/// `cells` are the year's cells (kinds × categories) as its projection prints them
/// ([`super::printed::Printed::cells`]): the contributors' amounts of each cell are apportioned
/// to it, so every list adds up, by kind and by category, to what the projection shows.
pub fn explanation(e: &Explanation, cells: &[Vec<Decimal>]) -> ExplainDoc {
    let printed = super::printed::contributors(e, cells);
    let year_total: Decimal = cells.iter().flatten().sum();
    ExplainDoc {
        schema: EXPLAIN_SCHEMA,
        scenario: e.scenario.clone(),
        year: e.year,
        total_yen: yen_string(Yen::new(year_total)),
        cap_yen: e.cap.map(yen_string),
        contributors: e
            .contributors
            .iter()
            .zip(&printed)
            .map(|(c, printed)| ContributorDoc {
                what: c.what.en(),
                source: c.source.clone(),
                category: c.category.key(),
                total_yen: yen_string(Yen::new(printed.iter().sum())),
                kinds: Ordered(
                    ALL_KINDS
                        .iter()
                        .filter(|k| !c.kinds[k.index()].is_zero())
                        .map(|k| (k.key(), yen_string(Yen::new(printed[k.index()]))))
                        .collect(),
                ),
            })
            .collect(),
    }
}

/// `shisetsu/montecarlo/1`: percentiles of each year's cost over the runs and the probabilities
/// of going over the cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonteCarloDoc {
    /// [`MONTECARLO_SCHEMA`].
    pub schema: &'static str,
    /// The scenario.
    pub scenario: String,
    /// The cost model.
    pub model: String,
    /// The number of runs.
    pub runs: u32,
    /// The seed.
    pub seed: u64,
    /// The first fiscal year.
    pub from: i32,
    /// The last fiscal year.
    pub to: i32,
    /// The cap, if the plan sets one.
    pub cap_yen: Option<String>,
    /// What each run draws.
    pub draws: DrawsDoc,
    /// How percentiles are taken.
    pub percentiles: &'static str,
    /// Every fiscal year.
    pub years: Vec<YearStatsDoc>,
    /// Runs with at least one year over the cap.
    pub any_year_over_cap_runs: u32,
    /// Their share.
    pub probability_any_year_over_cap: Probability,
}

/// What each run of a Monte Carlo analysis draws.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DrawsDoc {
    /// The yearly construction-cost escalation.
    pub escalation: String,
    /// The multiplier on renewal and construction unit costs.
    pub renewal_unit_cost: String,
    /// Whether grades are drawn (condition rules).
    pub deterioration: bool,
}

/// One fiscal year over the runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearStatsDoc {
    /// The fiscal year.
    pub year: i32,
    /// In 和暦.
    pub wareki: String,
    /// 5th percentile of the year's total.
    pub p5_yen: String,
    /// Median.
    pub p50_yen: String,
    /// 95th percentile.
    pub p95_yen: String,
    /// Mean over the runs.
    pub mean_yen: String,
    /// The deterministic (expected-value) total, as the projection prints it.
    pub expected_yen: String,
    /// Runs with the year over the cap.
    pub over_cap_runs: u32,
    /// Their share.
    pub probability_over_cap: Probability,
    /// Mean floor area by grade over the runs, m², under condition rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_m2_by_grade: Option<GradeAreas>,
}

/// A probability: a ratio of run counts (not money), printed as a JSON number with at most six
/// decimals (a whole number without a decimal point).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probability(pub Decimal);

impl Serialize for Probability {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.0.round_dp(6).normalize().to_string();
        match text.parse::<u64>() {
            Ok(n) => s.serialize_u64(n),
            // The shortest decimal text of six decimals reads back as the same f64, which JSON
            // prints as that text.
            Err(_) => s.serialize_f64(text.parse::<f64>().unwrap_or_default()),
        }
    }
}

/// A Monte Carlo analysis as `shisetsu/montecarlo/1`.
pub fn montecarlo(m: &MonteCarlo) -> MonteCarloDoc {
    let first = m.plan.horizon.first();
    let expected = Printed::of(&m.expected);
    MonteCarloDoc {
        schema: MONTECARLO_SCHEMA,
        scenario: m.scenario.clone(),
        model: m.model.clone(),
        runs: m.settings.runs,
        seed: m.settings.seed,
        from: first.get(),
        to: m.plan.horizon.last().get(),
        cap_yen: m.plan.cap.map(yen_string),
        draws: DrawsDoc {
            escalation: super::montecarlo::describe(&m.uncertainty.escalation),
            renewal_unit_cost: super::montecarlo::describe(&m.uncertainty.renewal_unit_cost),
            deterioration: m.condition,
        },
        percentiles: "nearest rank over the runs; amounts rounded to whole yen, half to even",
        years: m
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| YearStatsDoc {
                year: first.get() + i as i32,
                wareki: first.offset(i as i32).wareki().to_string(),
                p5_yen: yen_string(y.p5),
                p50_yen: yen_string(y.p50),
                p95_yen: yen_string(y.p95),
                mean_yen: yen_string(y.mean),
                expected_yen: yen_string(expected.year_total(i)),
                over_cap_runs: y.over_cap_runs,
                probability_over_cap: Probability(m.probability_over_cap(i)),
                mean_m2_by_grade: y
                    .grades
                    .map(|g| GradeAreas::of(g, |d| d.round_dp(2).to_string())),
            })
            .collect(),
        any_year_over_cap_runs: m.any_over_cap_runs,
        probability_any_year_over_cap: Probability(m.probability_any_over_cap()),
    }
}
