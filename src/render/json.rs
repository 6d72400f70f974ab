//! JSON output: `shisetsu/projection/1` and `shisetsu/run/1`, money as whole-yen decimal strings.

use serde_json::{Map, Value, json};

use super::printed::Printed;
use super::yen_string;
use crate::category::ALL_KINDS;
use crate::projection::Projection;

/// The schema name of one projection.
pub const PROJECTION_SCHEMA: &str = "shisetsu/projection/1";

/// One projection as the `shisetsu/projection/1` object.
pub fn projection(p: &Projection) -> Value {
    let h = p.horizon();
    let first = h.first().get();
    let cap = p.plan().cap;
    let categories = p.categories();
    let printed = Printed::of(p);
    let years: Vec<Value> = (0..p.years())
        .map(|i| {
            let year = first + i as i32;
            let total = p.year_total(i);
            let mut kinds = Map::new();
            for k in ALL_KINDS {
                kinds.insert(
                    k.key().to_string(),
                    Value::String(yen_string(printed.kind(i, k))),
                );
            }
            let mut cats = Map::new();
            for c in &categories {
                cats.insert(
                    c.key().to_string(),
                    Value::String(yen_string(printed.category(i, *c))),
                );
            }
            let mut o = Map::new();
            o.insert("year".into(), json!(year));
            o.insert(
                "wareki".into(),
                json!(h.first().offset(i as i32).wareki().to_string()),
            );
            o.insert(
                "total_yen".into(),
                Value::String(yen_string(printed.year_total(i))),
            );
            o.insert("kinds".into(), Value::Object(kinds));
            o.insert("categories".into(), Value::Object(cats));
            o.insert(
                "floor_area_m2".into(),
                Value::String(p.floor_area(i).to_decimal().to_string()),
            );
            o.insert(
                "proceeds_yen".into(),
                Value::String(yen_string(p.proceeds(i))),
            );
            o.insert("over_cap".into(), json!(cap.map(|c| total > c)));
            if let Some(g) = p.grades(i) {
                let m2 = |d: rust_decimal::Decimal| Value::String(d.round_dp(6).normalize().to_string());
                o.insert(
                    "condition_m2".into(),
                    json!({"A": m2(g[0]), "B": m2(g[1]), "C": m2(g[2]), "D": m2(g[3]), "unknown": m2(g[4])}),
                );
            }
            Value::Object(o)
        })
        .collect();
    let mut kind_totals = Map::new();
    for k in ALL_KINDS {
        kind_totals.insert(
            k.key().to_string(),
            Value::String(yen_string(printed.kind_sum(k))),
        );
    }
    let (peak_year, _) = p.peak();
    let mut o = Map::new();
    o.insert("schema".into(), json!(PROJECTION_SCHEMA));
    o.insert("scenario".into(), json!(p.name()));
    o.insert("model".into(), json!(p.model()));
    o.insert("from".into(), json!(first));
    o.insert("to".into(), json!(h.last().get()));
    o.insert(
        "cap_yen".into(),
        cap.map_or(Value::Null, |c| Value::String(yen_string(c))),
    );
    o.insert(
        "rounding".into(),
        json!(
            "whole yen that add up: a year's total is its exact total rounded half to even (JIS Z 8401 rule A); its kinds and categories are apportioned to it by largest remainder, each within one yen of its exact amount; totals over the plan are sums of the years"
        ),
    );
    o.insert("n_buildings".into(), json!(p.n_buildings()));
    o.insert("years".into(), Value::Array(years));
    o.insert("kinds_total_yen".into(), Value::Object(kind_totals));
    o.insert(
        "total_yen".into(),
        Value::String(yen_string(printed.total())),
    );
    o.insert("average_yen".into(), Value::String(yen_string(p.average())));
    o.insert(
        "peak".into(),
        json!({"year": peak_year, "total_yen": yen_string(printed.year_total((peak_year - first) as usize))}),
    );
    o.insert("years_over_cap".into(), json!(p.years_over_cap()));
    o.insert("meets_cap".into(), json!(p.meets_cap()));
    o.insert(
        "proceeds_yen".into(),
        Value::String(yen_string(p.total_proceeds())),
    );
    Value::Object(o)
}

/// Pretty JSON text with a final newline.
pub fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
