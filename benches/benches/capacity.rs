//! Placeholder until the capacity engine lands.
fn main() {}
