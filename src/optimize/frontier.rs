//! The frontier of cap against service loss read back from the optimizer's JSON output
//! (`shisetsu/optimize/1`, as `shisetsu optimize … --frontier N --format json` prints it), so that
//! `shisetsu report --frontier FILE` can draw it. The optimizer's own numbers are taken as they
//! are: each point is a cap, in whole yen, and the weighted service loss of the best plan found at
//! it, with whether it is proven and its gap.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::FrontierPoint;
use crate::error::{Diagnostic, Error, Result};
use crate::messages::Message;
use crate::money::Yen;
use crate::msg;

/// The schema name of the optimizer's JSON output (`render::optimize` prints it).
pub const SCHEMA: &str = "shisetsu/optimize/1";

/// A frontier as the optimizer printed it.
#[derive(Clone, Debug)]
pub struct Frontier {
    /// The file it was read from, as the user named it.
    pub file: String,
    /// The base scenario's name.
    pub base: String,
    /// The solver that found it.
    pub solver: String,
    /// Its points, in the order printed (caps rising).
    pub points: Vec<FrontierPoint>,
}

/// The parts of `shisetsu/optimize/1` the frontier needs.
#[derive(Deserialize)]
struct Doc {
    base: String,
    solver: String,
    frontier: Vec<PointDoc>,
}

/// A point as printed.
#[derive(Deserialize)]
struct PointDoc {
    cap_yen: String,
    service_loss: Option<String>,
    objective: Option<String>,
    changes: usize,
    proven: bool,
    gap: Option<f64>,
}

/// Reads the frontier from the JSON `shisetsu optimize --frontier N --format json` printed.
///
/// # Errors
///
/// [`Error::Read`] when the file cannot be read; [`Error::Input`] naming the file (and the line,
/// or the field) when it is not that JSON, has another schema, no frontier, or a number that is
/// not one.
pub fn read(path: &Path) -> Result<Frontier> {
    let bytes = crate::input::read_file(path, crate::input::Cap::TABLE)?;
    let name = crate::input::display_name(path);
    let not_json = |e: serde_json::Error| {
        let line = e.line().max(1);
        // Foreign: the JSON reader's description.
        let why = Message::foreign(e.to_string());
        Error::Input(Diagnostic::line(&name, line, msg!(NotOptimizeJson, why)).into())
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(not_json)?;
    let schema = value.get("schema").and_then(|s| s.as_str());
    if schema != Some(SCHEMA) {
        return Err(Error::Input(
            Diagnostic::field(
                &name,
                None,
                "schema",
                msg!(
                    NotOptimizeJson,
                    why = msg!(
                        OptimizeSchema,
                        schema = crate::error::quote(schema.unwrap_or_default()),
                        expected = format!("{:?}", SCHEMA)
                    )
                ),
            )
            .into(),
        ));
    }
    let doc: Doc = serde_json::from_slice(&bytes).map_err(not_json)?;
    if doc.frontier.is_empty() {
        return Err(Error::Input(
            Diagnostic::field(&name, None, "frontier", msg!(FrontierEmpty)).into(),
        ));
    }
    let number = |k: usize, key: &str, text: &str| -> Result<Decimal> {
        text.parse::<Decimal>().map_err(|_| {
            Error::Input(
                Diagnostic::field(
                    &name,
                    None,
                    format!("frontier[{k}].{key}"),
                    msg!(FrontierNumber, value = crate::error::quote(text)),
                )
                .into(),
            )
        })
    };
    let mut points = Vec::with_capacity(doc.frontier.len());
    for (k, p) in doc.frontier.iter().enumerate() {
        let cap = number(k, "cap_yen", &p.cap_yen)?;
        if cap.fract() != Decimal::ZERO || cap < Decimal::ZERO {
            return Err(Error::Input(
                Diagnostic::field(
                    &name,
                    None,
                    format!("frontier[{k}].cap_yen"),
                    msg!(FrontierNumber, value = crate::error::quote(&p.cap_yen)),
                )
                .into(),
            ));
        }
        let service = p
            .service_loss
            .as_deref()
            .map(|t| number(k, "service_loss", t))
            .transpose()?;
        let objective = p
            .objective
            .as_deref()
            .map(|t| number(k, "objective", t))
            .transpose()?;
        points.push(FrontierPoint {
            cap: Yen::new(cap),
            service,
            objective,
            changes: p.changes,
            finished: p.proven,
            gap: p.gap,
        });
    }
    Ok(Frontier {
        file: name,
        base: doc.base,
        solver: doc.solver,
        points,
    })
}
