//! Proptest strategies for the engines' serde types (feature `proptest`):
//! arbitrary *representable* values, not necessarily valid plans, for the
//! JSON round-trip properties. [`foundation`] generates the shared pieces
//! (decimals, money, roles, channels); one module per engine builds on it.

pub mod capacity;
pub mod foundation;
pub mod funnel;
pub mod tiering;

use proptest::collection::{vec, SizeRange};
use proptest::prelude::*;

/// A `Vec` of `0..=max` elements: short enough to keep a case cheap,
/// long enough to cover empty, one and many.
pub fn list<S: Strategy>(element: S, max: usize) -> impl Strategy<Value = Vec<S::Value>> {
    vec(element, SizeRange::from(0..=max))
}
