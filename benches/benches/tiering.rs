//! Placeholder until the tiering engine lands.
fn main() {}
