//! The flow model of lead release (issue 16): leads arriving, released to
//! reps freely or under a per-rep WIP cap, worked at each rep's capacity,
//! expiring or re-assigned by the lead-SLA rules, converting with a
//! probability that falls with age — day by day, deterministic.
//!
//! - `rng`: the seeded counter-based generator.
//! - `sim`: the simulation and its daily and weekly output.

#[cfg(feature = "alloc")]
mod owned;
mod rng;
mod sim;

#[cfg(feature = "alloc")]
pub use owned::{OwnedFlowInput, OwnedFlowRun};
pub use rng::{splitmix64, CounterRng};
pub use sim::{
    simulate_flow, ConversionCurve, FlowInput, FlowLead, FlowPeriod, FlowSummary, LeadTimes,
    Release, SECONDS_PER_DAY,
};
