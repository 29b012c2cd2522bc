//! The shared test kit (`testkit/`, crate `salesphysics-testkit`) under
//! the `support::` paths the integration tests use: `mod support;`.
#![allow(unused_imports)]

pub use salesphysics_testkit::{compensation, payout};
