//! Integration tests: each starts the real server on an ephemeral loopback
//! port and calls it through the generated tonic clients (or raw bytes).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_core,
    missing_docs
)]

mod capacity;
mod compensation;
mod funnel;
mod payout;
mod planning;
mod robustness;
mod server;
mod support;
mod tiering;
