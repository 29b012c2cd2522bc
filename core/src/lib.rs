//! # salesphysics-core
//!
//! The exact, allocation-free calculation core of salesphysics: the numbers a
//! SaaS revenue organization runs on, identical on every run and platform.
//!
//! This crate is `#![no_std]`, links no allocator and never panics on input:
//! every fallible step returns an [`Error`] naming the field and the reason.
//!
//! The foundation every engine stands on:
//! - [`Decimal`]: fixed-point, 9 fractional digits, checked arithmetic, one
//!   explicit rounding per operation ([`RoundingMode`]).
//! - [`Currency`] (ISO 4217) and [`Money`]: amounts that never mix currencies
//!   silently; [`FxRate`] converts at an explicit rate.
//! - [`allocate`]: largest-remainder splits whose parts sum to the whole.
//! - [`Date`] and [`Period`]: civil days; [`Period::prorate`] and
//!   [`prorate_days`] scale money by the days that count.
//!
//! ```
//! use salesphysics_core::{allocate, Currency, Decimal, Money, RoundingMode};
//!
//! // A 6.45 USD commission split 30/70 between two reps: the parts
//! // add up to the whole, to the cent.
//! let commission = Money::parse("6.45", Currency::USD)?;
//! let split = ["0.30".parse::<Decimal>()?, "0.70".parse()?];
//! let mut parts = [Money::zero(Currency::USD); 2];
//! allocate(commission, &split, &mut parts)?;
//! assert_eq!(parts[0].checked_add(parts[1])?, commission);
//! # Ok::<(), salesphysics_core::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod allocation;
mod channel;
mod currency;
mod currency_table;
mod date;
mod decimal;
mod error;
mod fx;
pub mod limits;
mod literal;
mod money;
#[cfg(feature = "alloc")]
mod owned;
mod planning;
mod proration;
mod role;
mod rounding;
#[cfg(feature = "serde")]
mod set_serde;
mod wide;

pub mod capacity;
pub mod compensation;
pub mod flow;
pub mod funnel;
pub mod payout;
pub mod tiering;

pub use allocation::allocate;
pub use channel::{Channel, ChannelSet, ALL_CHANNELS};
pub use currency::Currency;
pub use date::{days_in_month, is_leap_year, Date, Period};
pub use decimal::{Decimal, NANOS_PER_UNIT, SCALE};
pub use error::{Error, ErrorKind, FieldPath, ParseError, ResultExt, Segment};
pub use fx::FxRate;
/// The fixed-capacity collections of the no-allocator API (`heapless::Vec`
/// fields of plans, policies and states), re-exported so callers need not
/// depend on a matching version themselves.
pub use heapless;
#[doc(hidden)]
pub use literal::__strip_quotes;
pub use money::Money;
pub use planning::fractional_power;
pub use proration::prorate_days;
pub use role::{Role, RoleSet, ALL_ROLES};
pub use rounding::{RoundingMode, ALL_ROUNDING_MODES};

/// The README's example runs as a doctest (it needs `alloc`), so the front
/// page cannot rot.
#[cfg(all(doctest, feature = "alloc"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
