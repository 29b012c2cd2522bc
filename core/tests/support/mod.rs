//! Builders shared by the integration tests. Under `support/`, cargo does not
//! build them as tests of their own; each test file includes them with
//! `mod support;`.
#![allow(dead_code, unused_imports)]

pub mod compensation;
pub mod payout;
