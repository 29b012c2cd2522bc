//! Placeholder until the payout engine lands.
fn main() {}
