//! Infrastructure under the MIC method: roads renewed a fixed share every year, and bridges and
//! pipes renewed whole at the end of their life, with a backlog for those already past it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Check;
use super::raw::{RawBand, RawInfrastructure};
use crate::category::{Category, Kind};
use crate::money::{Overflow, Yen};

/// The structure of a bridge, for the older price table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BridgeStructure {
    /// PC (prestressed concrete).
    Pc,
    /// RC.
    Rc,
    /// Steel.
    Steel,
    /// Stone.
    Stone,
    /// Wood.
    Wood,
    /// Other or unknown.
    #[default]
    Other,
}

impl BridgeStructure {
    /// Reads a structure from its key or Japanese name (PC橋, RC橋, 鋼橋, 石橋, 木橋).
    pub fn parse(text: &str) -> Option<BridgeStructure> {
        let t = text.trim();
        let t = t.strip_suffix('橋').unwrap_or(t);
        Some(match t.to_ascii_lowercase().as_str() {
            "pc" => BridgeStructure::Pc,
            "rc" => BridgeStructure::Rc,
            "steel" | "鋼" | "s" => BridgeStructure::Steel,
            "stone" | "石" => BridgeStructure::Stone,
            "wood" | "木" => BridgeStructure::Wood,
            "" | "other" | "その他" => BridgeStructure::Other,
            _ => return None,
        })
    }

    /// The key used in cost-model files.
    pub fn key(self) -> &'static str {
        match self {
            BridgeStructure::Pc => "pc",
            BridgeStructure::Rc => "rc",
            BridgeStructure::Steel => "steel",
            BridgeStructure::Stone => "stone",
            BridgeStructure::Wood => "wood",
            BridgeStructure::Other => "other",
        }
    }
}

/// Water pipe class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PipeClass {
    /// 配水管 (distribution).
    #[default]
    Distribution,
    /// 導水管・送水管 (conveyance and transmission).
    Transmission,
}

/// How much of an asset there is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Area in m² (roads, bridges).
    AreaM2(Decimal),
    /// Length in m (pipes; footpaths given by length).
    LengthM(Decimal),
}

/// The cost-relevant description of one infrastructure asset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfraAsset {
    /// One of the five infrastructure categories.
    pub category: Category,
    /// Area or length.
    pub quantity: Quantity,
    /// Year built or laid, if known.
    pub built: Option<i32>,
    /// Bridge structure.
    pub bridge_structure: BridgeStructure,
    /// Water pipe class.
    pub pipe_class: PipeClass,
    /// Water pipe diameter.
    pub diameter_mm: Option<u32>,
    /// Rehabilitated sewer pipe (更生管).
    pub rehabilitated: bool,
}

/// A road rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoadRule {
    /// Yen per m².
    pub yen_per_m2: Decimal,
    /// Pavement cycle in years: area ÷ cycle is renewed every year.
    pub cycle_years: u32,
    /// Width that turns a length into an area.
    pub default_width_m: Decimal,
}

/// The bridge rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BridgeRule {
    /// Yen per m² of deck.
    pub yen_per_m2: Decimal,
    /// Rates by structure, overriding `yen_per_m2`.
    pub by_structure: BTreeMap<BridgeStructure, Decimal>,
    /// Life in years.
    pub life_years: u32,
    /// Years an overdue renewal is spread over.
    pub backlog_years: u32,
}

/// The water-pipe rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaterRule {
    /// Life in years.
    pub life_years: u32,
    /// Years an overdue renewal is spread over.
    pub backlog_years: u32,
    /// 配水管 bands `(up_to_mm, yen_per_m)`, ascending.
    pub distribution: Vec<(u32, Decimal)>,
    /// 導水管・送水管 bands, ascending.
    pub transmission: Vec<(u32, Decimal)>,
}

/// The sewer-pipe rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SewerRule {
    /// Yen per m.
    pub yen_per_m: Decimal,
    /// Yen per m of rehabilitated pipe.
    pub rehabilitated_yen_per_m: Decimal,
    /// Bands `(up_to_mm, yen_per_m)`, ascending, for pipes priced by diameter (管径別).
    pub by_diameter: Vec<(u32, Decimal)>,
    /// Life in years.
    pub life_years: u32,
    /// Years an overdue renewal is spread over.
    pub backlog_years: u32,
}

/// All infrastructure rules of a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfraRules {
    /// 一般道路.
    pub road_general: RoadRule,
    /// 自転車歩行者道.
    pub road_footpath: RoadRule,
    /// 橋りょう.
    pub bridge: BridgeRule,
    /// 上水道管.
    pub water_pipe: WaterRule,
    /// 下水道管.
    pub sewer_pipe: SewerRule,
}

impl InfraRules {
    /// Appends to `out` the yearly amounts of one asset for the fiscal years `first..=last`.
    ///
    /// # Errors
    ///
    /// [`Overflow`] for absurd quantities; and a diameter-less water pipe yields no cost (the
    /// inventory reader rejects it before).
    pub fn schedule(
        &self,
        asset: &InfraAsset,
        first: i32,
        last: i32,
        out: &mut Vec<(i32, Kind, Yen)>,
    ) -> Result<(), Overflow> {
        match asset.category {
            Category::RoadGeneral | Category::RoadFootpath => {
                let rule = if asset.category == Category::RoadGeneral {
                    &self.road_general
                } else {
                    &self.road_footpath
                };
                let area = match asset.quantity {
                    Quantity::AreaM2(a) => a,
                    Quantity::LengthM(l) => l.checked_mul(rule.default_width_m).ok_or(Overflow)?,
                };
                let yearly = Yen::new(area)
                    .checked_mul(rule.yen_per_m2)?
                    .checked_div(Decimal::from(rule.cycle_years))?;
                for y in first..=last {
                    out.push((y, Kind::Rebuild, yearly));
                }
                Ok(())
            }
            Category::Bridge => {
                let unit = self
                    .bridge
                    .by_structure
                    .get(&asset.bridge_structure)
                    .copied()
                    .unwrap_or(self.bridge.yen_per_m2);
                let whole = Yen::new(quantity(asset)).checked_mul(unit)?;
                whole_life(
                    whole,
                    asset.built,
                    self.bridge.life_years,
                    self.bridge.backlog_years,
                    first,
                    last,
                    out,
                )
            }
            Category::WaterPipe => {
                let bands = match asset.pipe_class {
                    PipeClass::Distribution => &self.water_pipe.distribution,
                    PipeClass::Transmission => &self.water_pipe.transmission,
                };
                let Some(d) = asset.diameter_mm else {
                    return Ok(());
                };
                let unit = band_price(bands, d);
                let whole = Yen::new(quantity(asset)).checked_mul(unit)?;
                whole_life(
                    whole,
                    asset.built,
                    self.water_pipe.life_years,
                    self.water_pipe.backlog_years,
                    first,
                    last,
                    out,
                )
            }
            Category::SewerPipe => {
                // By diameter (管径別) when the inventory gives one, else by material (管種別).
                let unit = match asset.diameter_mm {
                    Some(d) => band_price(&self.sewer_pipe.by_diameter, d),
                    None if asset.rehabilitated => self.sewer_pipe.rehabilitated_yen_per_m,
                    None => self.sewer_pipe.yen_per_m,
                };
                let whole = Yen::new(quantity(asset)).checked_mul(unit)?;
                whole_life(
                    whole,
                    asset.built,
                    self.sewer_pipe.life_years,
                    self.sewer_pipe.backlog_years,
                    first,
                    last,
                    out,
                )
            }
            _ => Ok(()),
        }
    }
}

/// The price of the first band whose bound covers diameter `d` (a diameter between two bands takes
/// the larger one; past the last bound, the last band's price). The model reader makes sure the
/// bands are there.
fn band_price(bands: &[(u32, Decimal)], d: u32) -> Decimal {
    bands
        .iter()
        .find(|(up_to, _)| d <= *up_to)
        .or(bands.last())
        .map_or(Decimal::ZERO, |(_, p)| *p)
}

fn quantity(asset: &InfraAsset) -> Decimal {
    match asset.quantity {
        Quantity::AreaM2(a) | Quantity::LengthM(a) => a,
    }
}

/// Whole cost at the end of life; past it at the start: spread over the backlog years; unknown
/// year: cost ÷ life every year (MIC rule for bridges, applied to pipes too [convention]).
fn whole_life(
    whole: Yen,
    built: Option<i32>,
    life: u32,
    backlog_years: u32,
    first: i32,
    last: i32,
    out: &mut Vec<(i32, Kind, Yen)>,
) -> Result<(), Overflow> {
    match built {
        None => {
            let yearly = whole.checked_div(Decimal::from(life))?;
            for y in first..=last {
                out.push((y, Kind::Rebuild, yearly));
            }
        }
        Some(b) => {
            let due = b + life as i32;
            if due >= first {
                if due <= last {
                    out.push((due, Kind::Rebuild, whole));
                }
            } else {
                let part = whole.checked_div(Decimal::from(backlog_years))?;
                for y in first..first + backlog_years as i32 {
                    if y <= last {
                        out.push((y, Kind::RebuildBacklog, part));
                    }
                }
            }
        }
    }
    Ok(())
}

pub(super) fn check(raw: &RawInfrastructure, c: &mut Check<'_, '_>) {
    for (key, road) in [
        ("road_general", &raw.road_general),
        ("road_footpath", &raw.road_footpath),
    ] {
        if let Some(r) = road {
            let p = format!("infrastructure.{key}");
            if let Some(v) = r.yen_per_m2 {
                c.price(&format!("{p}.yen_per_m2"), v);
            }
            if let Some(v) = r.cycle_years {
                c.range_i(&format!("{p}.cycle_years"), v, 1, 200);
            }
            if let Some(w) = r.default_width_m {
                if w.0 <= Decimal::ZERO || w.0 > Decimal::from(100) {
                    c.err(&format!("{p}.default_width_m"), crate::msg!(WidthOutside));
                }
            }
        }
    }
    if let Some(b) = &raw.bridge {
        if let Some(v) = b.yen_per_m2 {
            c.price("infrastructure.bridge.yen_per_m2", v);
        }
        for (k, v) in b.yen_per_m2_by_structure.iter().flatten() {
            let p = format!("infrastructure.bridge.yen_per_m2_by_structure.{k}");
            if BridgeStructure::parse(k).is_none() {
                c.err(&p, crate::msg!(UnknownBridgeStructure));
            }
            c.price(&p, *v);
        }
        life_and_backlog(c, "bridge", b.life_years, b.backlog_years);
    }
    if let Some(w) = &raw.water_pipe {
        life_and_backlog(c, "water_pipe", w.life_years, w.backlog_years);
        for (key, bands) in [
            ("distribution", &w.distribution),
            ("transmission", &w.transmission),
        ] {
            if let Some(bands) = bands {
                check_bands(c, &format!("infrastructure.water_pipe.{key}"), bands);
            }
        }
    }
    if let Some(s) = &raw.sewer_pipe {
        if let Some(v) = s.yen_per_m {
            c.price("infrastructure.sewer_pipe.yen_per_m", v);
        }
        if let Some(v) = s.rehabilitated_yen_per_m {
            c.price("infrastructure.sewer_pipe.rehabilitated_yen_per_m", v);
        }
        if let Some(bands) = &s.by_diameter {
            check_bands(c, "infrastructure.sewer_pipe.by_diameter", bands);
        }
        life_and_backlog(c, "sewer_pipe", s.life_years, s.backlog_years);
    }
}

fn life_and_backlog(c: &mut Check<'_, '_>, key: &str, life: Option<i64>, backlog: Option<i64>) {
    if let Some(v) = life {
        c.range_i(&format!("infrastructure.{key}.life_years"), v, 1, 200);
    }
    if let Some(v) = backlog {
        c.range_i(&format!("infrastructure.{key}.backlog_years"), v, 1, 100);
    }
}

fn check_bands(c: &mut Check<'_, '_>, path: &str, bands: &[RawBand]) {
    if bands.is_empty() {
        c.err(path, crate::msg!(BandsNeedOne));
    }
    for (i, b) in bands.iter().enumerate() {
        c.price(&format!("{path}[{i}].yen_per_m"), b.yen_per_m);
        c.range_i(&format!("{path}[{i}].up_to_mm"), b.up_to_mm, 1, 1_000_000);
        if i > 0 && b.up_to_mm <= bands[i - 1].up_to_mm {
            c.err(
                &format!("{path}[{i}].up_to_mm"),
                crate::msg!(BandsAscending),
            );
        }
    }
}

pub(super) fn lower(raw: Option<&RawInfrastructure>, missing: &mut dyn FnMut(&str)) -> InfraRules {
    let raw = raw.cloned().unwrap_or_default();
    let mut dec = |v: Option<crate::input::toml::TomlDecimal>, path: &str| match v {
        Some(v) => v.0,
        None => {
            missing(path);
            Decimal::ZERO
        }
    };
    let road = |r: &Option<super::raw::RawRoad>,
                key: &str,
                dec: &mut dyn FnMut(Option<crate::input::toml::TomlDecimal>, &str) -> Decimal|
     -> RoadRule {
        let r = r.clone().unwrap_or_default();
        RoadRule {
            yen_per_m2: dec(r.yen_per_m2, &format!("infrastructure.{key}.yen_per_m2")),
            cycle_years: r.cycle_years.unwrap_or(15) as u32,
            default_width_m: r
                .default_width_m
                .map(|w| w.0)
                .unwrap_or(Decimal::new(15, 1)),
        }
    };
    let road_general = road(&raw.road_general, "road_general", &mut dec);
    let road_footpath = road(&raw.road_footpath, "road_footpath", &mut dec);
    let b = raw.bridge.clone().unwrap_or_default();
    let bridge = BridgeRule {
        yen_per_m2: dec(b.yen_per_m2, "infrastructure.bridge.yen_per_m2"),
        by_structure: b
            .yen_per_m2_by_structure
            .iter()
            .flatten()
            .filter_map(|(k, v)| BridgeStructure::parse(k).map(|s| (s, v.0)))
            .collect(),
        life_years: b.life_years.unwrap_or(60) as u32,
        backlog_years: b.backlog_years.unwrap_or(5) as u32,
    };
    let w = raw.water_pipe.clone().unwrap_or_default();
    let bands = |v: &Option<Vec<RawBand>>| -> Vec<(u32, Decimal)> {
        v.iter()
            .flatten()
            .map(|b| (b.up_to_mm as u32, b.yen_per_m.0))
            .collect()
    };
    let s = raw.sewer_pipe.clone().unwrap_or_default();
    let sewer_yen_per_m = dec(s.yen_per_m, "infrastructure.sewer_pipe.yen_per_m");
    // Tables by diameter are needed to price any pipe that has a diameter: a model without one is
    // incomplete (a pipe is never priced at nothing for want of a band).
    let mut required_bands = |v: &Option<Vec<RawBand>>, path: &str| {
        if v.as_ref().is_none_or(Vec::is_empty) {
            missing(path);
        }
        bands(v)
    };
    let water_pipe = WaterRule {
        life_years: w.life_years.unwrap_or(40) as u32,
        backlog_years: w.backlog_years.unwrap_or(5) as u32,
        distribution: required_bands(&w.distribution, "infrastructure.water_pipe.distribution"),
        transmission: required_bands(&w.transmission, "infrastructure.water_pipe.transmission"),
    };
    let sewer_pipe = SewerRule {
        yen_per_m: sewer_yen_per_m,
        rehabilitated_yen_per_m: s
            .rehabilitated_yen_per_m
            .map(|v| v.0)
            .or(s.yen_per_m.map(|v| v.0))
            .unwrap_or(Decimal::ZERO),
        by_diameter: required_bands(&s.by_diameter, "infrastructure.sewer_pipe.by_diameter"),
        life_years: s.life_years.unwrap_or(50) as u32,
        backlog_years: s.backlog_years.unwrap_or(5) as u32,
    };
    InfraRules {
        road_general,
        road_footpath,
        bridge,
        water_pipe,
        sewer_pipe,
    }
}
