//! Placeholder until the funnel engine lands.
fn main() {}
