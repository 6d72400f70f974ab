//! Placeholder while the optimizer is being written.
fn main() {}
