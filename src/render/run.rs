//! Rendering scenario runs, comparisons and explanations: JSON `shisetsu/run/1`,
//! `shisetsu/compare/1`, `shisetsu/explain/1`, and terminal tables.

use std::fmt::Write;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::table::{display_width, oku, pad, rpad, truncate};
use super::yen_string;
use crate::category::ALL_KINDS;
use crate::compare::Comparison;
use crate::explain::Explanation;
use crate::money::Yen;
use crate::run::{BatchItem, Outcome};
use crate::scenario::access::AccessReport;

/// The schema name of a batch of runs.
pub const RUN_SCHEMA: &str = "shisetsu/run/1";

/// Floor area at the start and end of the plan, and the change in percent (2 decimals).
pub fn floor_area_change(o: &Outcome) -> (Decimal, Decimal, Option<Decimal>) {
    let p = &o.projection;
    let start = p.floor_area(0).to_decimal();
    let end = p.floor_area(p.years() - 1).to_decimal();
    let pct = (!start.is_zero()).then(|| ((end - start) * Decimal::from(100) / start).round_dp(2));
    (start, end, pct)
}

fn access_json(o: &Outcome, a: &AccessReport) -> Value {
    let s = &o.scenario;
    let moves: Vec<Value> = a
        .moves
        .iter()
        .map(|m| {
            json!({
                "year": m.year,
                "from": s.facility_id(m.from),
                "from_name": s.facility_name(m.from),
                "to": m.to.map(|t| s.facility_id(t)),
                "to_name": m.to.map(|t| s.facility_name(t)),
                "function": m.function,
                "users": m.users,
                "km": m.km.map(|k| k.normalize().to_string()),
            })
        })
        .collect();
    let over: Vec<Value> = a
        .over_capacity
        .iter()
        .map(|c| {
            json!({"facility": s.facility_id(c.facility), "name": s.facility_name(c.facility),
                   "function": c.function, "year": c.year, "users": c.users,
                   "capacity": c.capacity})
        })
        .collect();
    let district = |d: &crate::scenario::access::DistrictAccess| {
        json!({"district": d.district, "function": d.function, "year": d.year,
               "standard_km": d.standard_km.normalize().to_string(),
               "km_before": d.km_before.map(|k| k.normalize().to_string()),
               "km_after": d.km_after.map(|k| k.normalize().to_string())})
    };
    json!({
        "has_network": a.has_network,
        "moves": moves,
        "over_capacity": over,
        "left_without": a.left_without.iter().map(district).collect::<Vec<_>>(),
        "already_beyond": a.already_beyond.iter().map(district).collect::<Vec<_>>(),
    })
}

/// One run as a `shisetsu/projection/1` object with the run's extra fields.
pub fn outcome(o: &Outcome, file: &str) -> Value {
    let mut v = super::json::projection(&o.projection);
    let s = &o.scenario;
    let (start, end, pct) = floor_area_change(o);
    if let Value::Object(m) = &mut v {
        m.insert("file".into(), json!(file));
        m.insert("description".into(), json!(s.description));
        m.insert("meets_cap".into(), json!(o.projection.meets_cap()));
        m.insert(
            "floor_area".into(),
            json!({"start_m2": start.to_string(), "end_m2": end.to_string(),
                   "change_percent": pct.map(|p| p.to_string())}),
        );
        let closures: Vec<Value> = o
            .effects
            .closures
            .iter()
            .map(|c| json!({"facility": s.facility_id(c.facility), "name": s.facility_name(c.facility), "year": c.year, "how": c.how}))
            .collect();
        m.insert(
            "effects".into(),
            json!({"closures": closures,
                   "demolished_m2": o.effects.demolished_m2.to_decimal().to_string(),
                   "built_m2": o.effects.built_m2.to_decimal().to_string(),
                   "transferred_m2": o.effects.transferred_m2.to_decimal().to_string()}),
        );
        let leveled: Vec<Value> = o
            .leveled
            .iter()
            .map(|l| {
                let b = &s.inventory.buildings[l.building];
                json!({"building": b.id, "facility": s.inventory.facilities[b.facility].id,
                       "event": if l.event == crate::cost::EventKind::Rebuild { "rebuild" } else { "renovation" },
                       "from": l.from, "to": l.to, "amount_yen": yen_string(crate::money::Yen::new(l.amount))})
            })
            .collect();
        m.insert("leveling".into(), Value::Array(leveled));
        m.insert("access".into(), access_json(o, &o.access));
        m.insert("service_loss".into(), service_loss_json(o));
    }
    v
}

/// The run's service loss (`crate::service`), with the default weights it is totalled with.
fn service_loss_json(o: &Outcome) -> Value {
    let w = crate::service::Weights::default();
    let l = crate::service::ServiceLoss::measure(&o.access, &o.effects);
    let d = |x: rust_decimal::Decimal| x.round_dp(6).normalize().to_string();
    json!({"weighted": d(l.weighted(&w)), "user_km": d(l.user_km),
           "users_moved_unknown_km": l.users_moved_unknown_km, "users_lost": l.users_lost,
           "access_pairs": l.access_pairs, "over_capacity": l.over_capacity,
           "floor_area_removed_m2": d(l.floor_area_removed.to_decimal()),
           "weights": {"user_km": d(w.user_km), "users_lost": d(w.users_lost),
                       "access_pair": d(w.access_pair), "over_capacity": d(w.over_capacity),
                       "floor_area_m2": d(w.floor_area_m2)}})
}

/// A batch as `shisetsu/run/1`: results in input order; a file that failed carries its error.
pub fn batch_json(items: &[BatchItem]) -> Value {
    let results: Vec<Value> = items
        .iter()
        .map(|it| {
            let file = it.file.display().to_string();
            match &it.result {
                Ok(o) => outcome(o, &file),
                Err(e) => {
                    let mut m = Map::new();
                    m.insert("file".into(), json!(file));
                    m.insert(
                        "scenario".into(),
                        json!(
                            it.file
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                        ),
                    );
                    m.insert("error".into(), json!(e.to_string()));
                    Value::Object(m)
                }
            }
        })
        .collect();
    json!({"schema": RUN_SCHEMA, "results": results})
}

/// A batch as long CSV (see [`super::csv::projections`]) for every run that succeeded.
pub fn batch_csv(items: &[BatchItem], opts: super::csv::Csv) -> Vec<u8> {
    let ps: Vec<&crate::projection::Projection> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .map(|o| &o.projection)
        .collect();
    super::csv::projections(&ps, opts)
}

/// A batch as a terminal table: one row per scenario, then what each did to service and access.
pub fn batch_table(items: &[BatchItem]) -> String {
    let ok: Vec<&Outcome> = items
        .iter()
        .filter_map(|i| i.result.as_ref().ok())
        .collect();
    let mut s = String::new();
    let Some(first) = ok.first() else {
        return s;
    };
    let _ = writeln!(s, "{}", super::table::plan_line(&first.projection));
    let _ = writeln!(s);
    let name_w = ok
        .iter()
        .map(|o| display_width(o.projection.name()))
        .max()
        .unwrap_or(8)
        .clamp(8, 30);
    let _ = writeln!(
        s,
        "{}{:>10}{:>9}{:>16}{:>7}{:>9}  verdict",
        pad("scenario", name_w),
        "total",
        "average",
        "peak",
        "over",
        "floor Δ"
    );
    for o in &ok {
        let p = &o.projection;
        let (py, pv) = p.peak();
        let over = if p.plan().cap.is_some() {
            format!("{}/{}", p.years_over_cap().len(), p.years())
        } else {
            "-".into()
        };
        let pct = floor_area_change(o)
            .2
            .map_or("-".to_string(), |p| format!("{:+.1}%", p.round_dp(1)));
        let verdict = match p.meets_cap() {
            Some(true) => "meets cap",
            Some(false) => "OVER CAP",
            None => "no cap",
        };
        let _ = writeln!(
            s,
            "{}{:>10}{:>9}{:>16}{:>7}{:>9}  {verdict}",
            pad(&truncate(p.name(), name_w), name_w),
            oku(p.total()),
            oku(p.average()),
            format!("{} FY{py}", oku(pv)),
            over,
            pct
        );
    }
    let _ = writeln!(s);
    for o in &ok {
        let a = &o.access;
        let moved: u64 = a.moves.iter().map(|m| m.users).sum();
        let mut parts = Vec::new();
        let loss = crate::service::ServiceLoss::measure(a, &o.effects);
        let weighted = loss.weighted(&crate::service::Weights::default());
        if !o.effects.closures.is_empty() || !weighted.is_zero() {
            parts.push(format!(
                "service loss {} (user-km {})",
                crate::money::group_thousands(&weighted.round_dp(0).to_string()),
                crate::money::group_thousands(&loss.user_km.round_dp(0).to_string())
            ));
        }
        if !o.effects.closures.is_empty() {
            parts.push(format!("{} facilities closed", o.effects.closures.len()));
        }
        if moved > 0 {
            parts.push(format!("{moved} users moved"));
        }
        if !a.over_capacity.is_empty() {
            let mut receivers: Vec<usize> = a.over_capacity.iter().map(|c| c.facility).collect();
            receivers.dedup();
            parts.push(format!("{} receivers over capacity", receivers.len()));
        }
        if !a.left_without.is_empty() {
            let list: Vec<String> = a
                .left_without
                .iter()
                .take(4)
                .map(|d| {
                    format!(
                        "{} {} ({} km > {})",
                        d.district,
                        d.function,
                        d.km_after.map_or("-".into(), |k| k.round_dp(1).to_string()),
                        d.standard_km
                    )
                })
                .collect();
            let more = if a.left_without.len() > 4 {
                format!(" +{}", a.left_without.len() - 4)
            } else {
                String::new()
            };
            parts.push(format!("beyond access standard: {}{more}", list.join(", ")));
        }
        if !o.leveled.is_empty() {
            parts.push(format!("leveling moved {} renewals", o.leveled.len()));
        }
        if !o.projection.total_proceeds().is_zero() {
            parts.push(format!(
                "proceeds {} 億円",
                oku(o.projection.total_proceeds())
            ));
        }
        if parts.is_empty() {
            continue;
        }
        let text = format!("{}: {}", o.projection.name(), parts.join("; "));
        for line in wrap(&text, 100) {
            let _ = writeln!(s, "{line}");
        }
    }
    s
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && display_width(&line) + 1 + display_width(word) > width {
            lines.push(std::mem::take(&mut line));
            line.push_str("    ");
        } else if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

/// A comparison as a table.
pub fn comparison_table(c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "A: {}\nB: {}\namounts in 億円; Δ = B − A\n", c.a, c.b);
    let _ = writeln!(
        s,
        "{:<6}{}{:>12}{:>12}{:>12}",
        "FY",
        pad("和暦", 5),
        "A",
        "B",
        "Δ"
    );
    for l in &c.years {
        let w = crate::units::FiscalYear::new(l.key)
            .map(|y| y.wareki().to_string())
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<6}{:<5}{:>12}{:>12}{:>12}",
            l.key,
            w,
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    let _ = writeln!(
        s,
        "{:<11}{:>12}{:>12}{:>12}\n",
        "total",
        oku(c.total.a),
        oku(c.total.b),
        oku(c.total.difference())
    );
    let _ = writeln!(
        s,
        "{}{:>12}{:>12}{:>12}",
        pad("category", 34),
        "A",
        "B",
        "Δ"
    );
    for l in &c.categories {
        let _ = writeln!(
            s,
            "{}{:>12}{:>12}{:>12}",
            pad(l.key.name_ja(), 34),
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    let _ = writeln!(s, "\n{}{:>12}{:>12}{:>12}", pad("kind", 34), "A", "B", "Δ");
    for l in &c.kinds {
        let _ = writeln!(
            s,
            "{}{:>12}{:>12}{:>12}",
            pad(l.key.key(), 34),
            oku(l.a),
            oku(l.b),
            oku(l.difference())
        );
    }
    s
}

/// A comparison as `shisetsu/compare/1`.
pub fn comparison_json(c: &Comparison) -> Value {
    let line = |key: Value, a: crate::money::Yen, b: crate::money::Yen, d: crate::money::Yen| json!({"key": key, "a_yen": yen_string(a), "b_yen": yen_string(b), "difference_yen": yen_string(d)});
    json!({
        "schema": "shisetsu/compare/1",
        "a": c.a,
        "b": c.b,
        "years": c.years.iter().map(|l| line(json!(l.key), l.a, l.b, l.difference())).collect::<Vec<_>>(),
        "categories": c.categories.iter().map(|l| line(json!(l.key.key()), l.a, l.b, l.difference())).collect::<Vec<_>>(),
        "kinds": c.kinds.iter().map(|l| line(json!(l.key.key()), l.a, l.b, l.difference())).collect::<Vec<_>>(),
        "total": line(Value::Null, c.total.a, c.total.b, c.total.difference()),
    })
}

/// An explanation as a table.
pub fn explanation_table(e: &Explanation, top: Option<usize>) -> String {
    let mut s = String::new();
    let cap = e
        .cap
        .map(|c| format!(" (cap {} 億円)", oku(c)))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "{} · FY{}: total {} 億円{cap}",
        e.scenario,
        e.year,
        oku(e.total)
    );
    let _ = writeln!(s, "amounts in 万円 (10^4 yen), largest first\n");
    let _ = writeln!(
        s,
        "{:>4}  {}{}{:>7}  kind · source",
        "#",
        pad("what", 40),
        rpad("万円", 11),
        "share",
    );
    let n = top
        .unwrap_or(e.contributors.len())
        .min(e.contributors.len());
    for (i, c) in e.contributors.iter().take(n).enumerate() {
        let man = (c.total().get() / Decimal::from(10_000)).round();
        let share = if e.total.is_zero() {
            Decimal::ZERO
        } else {
            (c.total().get() * Decimal::from(100) / e.total.get()).round_dp(1)
        };
        let kind = crate::explain::main_kind(c);
        let _ = writeln!(
            s,
            "{:>4}  {}{:>11}{:>6}%  {}",
            i + 1,
            pad(&truncate(&c.what.en(), 40), 40),
            crate::money::group_thousands(&man.to_string()),
            share,
            // The whole line fits 100 columns: 4 + 2 + 40 + 11 + 7 + 2 = 66, and 34 for this.
            truncate(&format!("{} · {}", kind.key(), c.source), 34)
        );
    }
    if n < e.contributors.len() {
        let rest: Decimal = e.contributors[n..].iter().map(|c| c.total().get()).sum();
        let _ = writeln!(
            s,
            "      … {} more, {} 万円",
            e.contributors.len() - n,
            crate::money::group_thousands(&(rest / Decimal::from(10_000)).round().to_string())
        );
    }
    s
}

/// An explanation as `shisetsu/explain/1`.
///
/// `kinds` are the year's kinds as its projection prints them
/// ([`super::printed::Printed::kinds`]): the contributors' amounts of each kind are apportioned to
/// them, so every list adds up to what the projection shows.
pub fn explanation_json(e: &Explanation, kinds: &[Yen]) -> Value {
    let printed = super::printed::contributors(e, kinds);
    let year_total: Decimal = kinds.iter().map(|k| k.get()).sum();
    let rows: Vec<Value> = e
        .contributors
        .iter()
        .zip(&printed)
        .map(|(c, printed)| {
            let mut by_kind = Map::new();
            for k in ALL_KINDS {
                if !c.kinds[k.index()].is_zero() {
                    by_kind.insert(
                        k.key().into(),
                        json!(yen_string(Yen::new(printed[k.index()]))),
                    );
                }
            }
            let total: Decimal = printed.iter().sum();
            json!({"what": c.what.en(), "source": c.source, "category": c.category.key(),
                   "total_yen": yen_string(Yen::new(total)), "kinds": by_kind})
        })
        .collect();
    json!({
        "schema": "shisetsu/explain/1",
        "scenario": e.scenario,
        "year": e.year,
        "total_yen": yen_string(Yen::new(year_total)),
        "cap_yen": e.cap.map(yen_string),
        "contributors": rows,
    })
}
