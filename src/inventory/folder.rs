//! Reading an inventory folder: `inventory.toml` and the tables it names, then resolving references
//! between them (buildings → facilities, facilities → districts, roads → places).

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::raw::RawInventory;
use super::tables;
use super::{Building, Inventory};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::FileSource;
use crate::input::text::decode;
use crate::input::toml::SourceMap;
use crate::money::Yen;
use crate::plan::{Horizon, Plan};
use crate::units::FiscalYear;

/// Loads an inventory folder whose files come from `files`.
pub fn load(dir: &Path, files: &dyn FileSource) -> Result<Inventory> {
    let read = |name: &str| files.read(&dir.join(name));
    let shown = |name: &str| crate::input::display_name(&dir.join(name));
    let toml_name = shown("inventory.toml");
    let Some(toml_bytes) = read("inventory.toml")? else {
        return Err(Error::Input(
            Diagnostic::file(
                crate::input::display_name(dir),
                "not an inventory folder: it has no inventory.toml",
            )
            .into(),
        ));
    };
    let Ok(toml_text) = String::from_utf8(toml_bytes) else {
        return Err(Error::Input(
            Diagnostic::file(&toml_name, "a TOML file must be UTF-8 text").into(),
        ));
    };
    let raw: RawInventory =
        crate::input::toml::parse(&toml_text, &toml_name).map_err(|d| Error::Input(d.into()))?;
    let map = SourceMap::new(&toml_text, &toml_name);
    let mut diags = Diagnostics::new();

    let plan = raw.plan.as_ref().and_then(|p| {
        let first = i32::try_from(p.first_year).ok().and_then(FiscalYear::new);
        if first.is_none() {
            diags.push(map.diag(
                "plan.first_year",
                format!("{} is not a plausible year", p.first_year),
            ));
        }
        let years = u32::try_from(p.years)
            .ok()
            .filter(|y| (1..=200).contains(y));
        if years.is_none() {
            diags.push(map.diag("plan.years", format!("{} is outside 1–200", p.years)));
        }
        let cap = match p.cap_yen {
            Some(c) if c.0 < Decimal::ZERO => {
                diags.push(map.diag("plan.cap_yen", "is negative"));
                None
            }
            Some(c) => Some(Yen::new(c.0)),
            None => None,
        };
        let (first, years) = (first?, years?);
        let Some(horizon) = Horizon::new(first, years) else {
            diags.push(map.diag(
                "plan.years",
                format!(
                    "FY{first} + {years} years ends after {}",
                    crate::units::MAX_YEAR
                ),
            ));
            return None;
        };
        Some(Plan { horizon, cap })
    });
    let mut access_km = Vec::new();
    for (function, km) in &raw.access {
        if km.0 <= Decimal::ZERO || km.0 > Decimal::from(1000) {
            diags.push(map.diag(
                &format!("access.{function}"),
                "must be a distance in km between 0 and 1000",
            ));
        } else {
            access_km.push((function.clone(), km.0));
        }
    }

    // Each table: (default name, explicit name, required).
    let files = &raw.files;
    let mut texts: HashMap<&str, (String, String)> = HashMap::new();
    let tables = [
        (
            "facilities",
            files.facilities.as_deref(),
            "facilities.csv",
            true,
        ),
        (
            "buildings",
            files.buildings.as_deref(),
            "buildings.csv",
            true,
        ),
        (
            "districts",
            files.districts.as_deref(),
            "districts.csv",
            false,
        ),
        ("roads", files.roads.as_deref(), "roads.csv", false),
        (
            "infrastructure",
            files.infrastructure.as_deref(),
            "infrastructure.csv",
            false,
        ),
    ];
    for (key, explicit, default, required) in tables {
        let name = explicit.unwrap_or(default);
        let display = shown(name);
        match read(name)? {
            None if required || explicit.is_some() => diags.push(Diagnostic::field(
                &toml_name,
                map.line(&format!("files.{key}")),
                format!("files.{key}"),
                format!("{display} does not exist"),
            )),
            None => {}
            Some(bytes) => match decode(&bytes, &display) {
                Ok(d) => {
                    texts.insert(key, (display, d.text.into_owned()));
                }
                Err(d) => diags.push(d),
            },
        }
    }

    let table = |key: &str| {
        texts
            .get(key)
            .map(|(name, text)| (name.as_str(), text.as_str()))
    };
    let facilities =
        table("facilities").map(|(name, text)| tables::facilities(text, name, &mut diags));
    let districts =
        table("districts").map(|(name, text)| tables::districts(text, name, &mut diags));
    let building_table =
        table("buildings").map(|(name, text)| (name, tables::buildings(text, name, &mut diags)));
    let roads = table("roads").map(|(name, text)| (name, tables::roads(text, name, &mut diags)));
    let infrastructure = table("infrastructure")
        .map(|(name, text)| tables::infrastructure(text, name, &mut diags).rows)
        .unwrap_or_default();

    // References, checked on every row (valid or not) against the ids of every row that has one;
    // not at all when the table referred to is missing or has no rows (its own error says why).
    let facility_ids = facilities
        .as_ref()
        .map(tables::Table::ids)
        .unwrap_or_default();
    let district_ids = districts
        .as_ref()
        .map(tables::Table::ids)
        .unwrap_or_default();
    let mut check_refs =
        |file: &str, keys: &[tables::RowKeys], what: &str, known: &dyn Fn(&str) -> bool| {
            for k in keys {
                for (column, id) in &k.refs {
                    if !known(id) {
                        diags.push(Diagnostic::field(
                            file,
                            Some(k.line),
                            *column,
                            format!("{id:?} is {what}"),
                        ));
                    }
                }
            }
        };
    if let (Some((name, b)), false) = (&building_table, facility_ids.is_empty()) {
        check_refs(
            name,
            &b.keys,
            "not a facility id in the facilities table",
            &|id| facility_ids.contains(id),
        );
    }
    if let (Some((name, _)), Some(f), false) =
        (table("facilities"), &facilities, district_ids.is_empty())
    {
        check_refs(
            name,
            &f.keys,
            "not a district id in the districts table",
            &|id| district_ids.contains(id),
        );
    }
    if let Some((name, r)) = &roads {
        check_refs(
            name,
            &r.keys,
            "neither a district nor a facility id",
            &|id| district_ids.contains(id) || facility_ids.contains(id),
        );
    }

    let facilities = facilities.map(|t| t.rows).unwrap_or_default();
    let index: HashMap<&str, usize> = facilities
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut buildings: Vec<Building> = Vec::new();
    for p in building_table.map(|(_, t)| t.rows).unwrap_or_default() {
        if let Some(&i) = index.get(p.facility_id.as_str()) {
            let mut b = p.building;
            b.facility = i;
            if !p.own_category {
                b.category = facilities[i].category;
            }
            buildings.push(b);
        }
    }
    let districts = districts.map(|t| t.rows).unwrap_or_default();
    let roads = roads.map(|(_, t)| t.rows).unwrap_or_default();
    diags.sort();
    diags.into_result(Inventory {
        name: raw.name,
        description: raw.description.unwrap_or_default(),
        path: dir.to_path_buf(),
        folder: true,
        plan,
        model: raw.model,
        access_km,
        facilities,
        buildings,
        districts,
        roads,
        infrastructure,
    })
}
