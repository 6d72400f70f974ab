//! The integration tests: one binary, one module per area (as ripgrep does).

mod util;

mod bad_input;
#[cfg(feature = "browser-tests")]
mod browser;
mod cli;
mod condition;
mod kanuma;
mod mic;
mod models;
mod optimize;
mod reports;
mod scenarios;
