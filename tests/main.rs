//! The integration tests: one binary, one module per area (as ripgrep does).

mod util;

mod bad_input;
#[cfg(feature = "browser-tests")]
mod browser;
mod cli;
mod condition;
mod diagnostics;
mod import;
mod kanuma;
mod karte;
mod layers;
mod limits;
mod messages;
mod mic;
mod models;
#[cfg(feature = "office-tests")]
mod office;
mod optimize;
mod outputs;
mod reports;
mod scenarios;
mod shards;
mod specs;
mod workbook;
