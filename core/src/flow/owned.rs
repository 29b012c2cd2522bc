//! Owned entry point (feature `alloc`): a flow simulation's input as a
//! service or a file holds it, and its output in `Vec`s.

use alloc::vec::Vec;

use crate::funnel::{SlaRule, Stage};
use crate::Error;

use super::sim::{
    simulate_flow, ConversionCurve, FlowInput, FlowLead, FlowPeriod, FlowSummary, Release,
};

/// A [`FlowInput`] that owns its lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedFlowInput {
    /// Leads arriving each day.
    pub arrivals: Vec<u32>,
    /// Reps.
    pub reps: u32,
    /// Leads one rep works per day.
    pub work_per_rep_per_day: u32,
    /// Free or capped release.
    pub release: Release,
    /// The stage of the released leads.
    pub stage: Stage,
    /// Lead-SLA rules.
    #[cfg_attr(feature = "serde", serde(default))]
    pub sla_rules: Vec<SlaRule>,
    /// Days an unreleased lead may wait before going to nurture.
    #[cfg_attr(feature = "serde", serde(default))]
    pub queue_expiry_days: Option<u32>,
    /// Conversion by age.
    pub conversion: ConversionCurve,
    /// Seed of the conversion draws.
    pub seed: u64,
}

/// A simulation's output.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedFlowRun {
    /// Every day.
    pub days: Vec<FlowPeriod>,
    /// Every week (the last may be shorter).
    pub weeks: Vec<FlowPeriod>,
    /// Totals and peaks.
    pub summary: FlowSummary,
}

impl OwnedFlowInput {
    /// Runs `f` on the borrowed input.
    pub fn with_input<R>(&self, f: impl FnOnce(&FlowInput<'_>) -> R) -> R {
        f(&FlowInput {
            arrivals: &self.arrivals,
            reps: self.reps,
            work_per_rep_per_day: self.work_per_rep_per_day,
            release: self.release,
            stage: self.stage,
            sla_rules: &self.sla_rules,
            queue_expiry_days: self.queue_expiry_days,
            conversion: self.conversion,
            seed: self.seed,
        })
    }

    /// [`simulate_flow`] into an [`OwnedFlowRun`].
    pub fn run(&self) -> Result<OwnedFlowRun, Error> {
        self.with_input(|input| {
            input.validate()?;
            let total = input.total_leads()?;
            let mut leads = Vec::new();
            leads.resize(total, FlowLead::BLANK);
            let mut queue = alloc::vec![0u32; total];
            let mut days = Vec::new();
            days.resize(input.arrivals.len(), FlowPeriod::default());
            let mut weeks = Vec::new();
            weeks.resize(input.weeks(), FlowPeriod::default());
            let summary = simulate_flow(input, &mut leads, &mut queue, &mut days, &mut weeks)?;
            Ok(OwnedFlowRun {
                days,
                weeks,
                summary,
            })
        })
    }
}
