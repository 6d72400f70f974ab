//! shisetsu (施設): a public-facility asset-management engine.
//!
//! It reads a municipality's facility inventory, projects the yearly cost of maintaining and
//! renewing it with the ministry's method (総務省 更新費用試算ソフト) reproduced exactly, and judges
//! each year against the management plan's cap. Money is exact (`rust_decimal`, yen); outputs are
//! the same bytes at any thread count.
//!
//! The pipeline: [`inventory::Inventory`] (read and validated) → [`projection::Aggregate`] (floor
//! area by cost class) → [`projection::project`] with a [`cost::CostModel`] → [`projection::Projection`]
//! → [`render`] (table, CSV, JSON).

#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod category;
pub mod compare;
pub mod condition;
pub mod cost;
pub mod error;
pub mod explain;
pub mod import;
pub mod input;
pub mod inventory;
pub mod karte;
pub mod ledger;
pub mod messages;
pub mod money;
pub mod montecarlo;
pub mod optimize;
pub mod plan;
pub mod projection;
pub mod units;

pub mod atomic;
pub mod building_costs;
pub mod rng;
pub mod schedule;

pub mod builtin;
pub mod render;
pub mod run;
pub mod scenario;
pub mod service;
pub mod shard;
pub mod synth;
pub use error::{Diagnostic, Diagnostics, Error, Result};
