//! Placeholder until the compensation engine lands.
fn main() {}
