//! Builders shared by salesphysics's integration tests, benches and fuzz
//! targets (as rustls's `rustls-test` is), so a plan, a deal or a run of
//! monthly statements is written once: [`compensation`] for plans, deals
//! and credits, [`payout`] for policies, events and statement runs,
//! [`exact`] for big-integer oracles and [`forward`] for a plain forward
//! plan to check the engine's fast paths against.
//!
//! Test code: it unwraps and panics on a bad builder argument, which is a
//! bug in the test, not an input to report.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

#[cfg(feature = "proptest")]
pub mod arb;
pub mod compensation;
pub mod exact;
pub mod forward;
pub mod payout;
