//! Owned entry points (feature `alloc`): funnel models and revenue goals a
//! service or a file holds, lending the borrowed forms the engine reads,
//! and the reverse funnel, the goal plan and the MRR bridge into `Vec`s.

use alloc::vec::Vec;

use crate::error::ErrorKind;
use crate::{Channel, Currency, Decimal, Error, Money, ResultExt, RoundingMode};

use super::bridge::{mrr_bridge, BridgeInput, BridgeMonth};
use super::forward::{bookings_by_month, project_forward, Bookings};
use super::goal::{
    new_mrr_schedule, plan_new_mrr, Billing, GoalMeaning, GoalPlan, RevenueBasis, RevenueGoal,
};
use super::layout::{whole_units_table, VolumeLayout};
use super::model::{ChannelFunnel, FunnelModel, SegmentFunnel, Step};
use super::reverse::reverse_funnel;
use super::stage::Stage;

/// A [`ChannelFunnel`] that owns its steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedChannelFunnel {
    /// The channel's share of the segment's new deals, in `[0, 1]`.
    pub share: Decimal,
    /// `steps[k]` converts model stage `k` into stage `k + 1`.
    pub steps: Vec<Step>,
}

/// A [`SegmentFunnel`] that owns its channels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedSegmentFunnel {
    /// New MRR one deal brings.
    pub mrr_per_deal: Money,
    /// The segment's share of the total new MRR, in `[0, 1]`.
    pub mrr_share: Decimal,
    /// One entry per model channel, in the model's channel order.
    pub channels: Vec<OwnedChannelFunnel>,
}

/// A [`FunnelModel`] that owns its lists: the shape a service or a file
/// holds. [`OwnedFunnelModel::with_model`] lends the borrowed model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedFunnelModel {
    /// The currency of every amount in the model.
    pub currency: Currency,
    /// The stages used, top of funnel first.
    pub stages: Vec<Stage>,
    /// The channels used, each at most once.
    pub channels: Vec<Channel>,
    /// The segments (tiers).
    pub segments: Vec<OwnedSegmentFunnel>,
}

/// A reverse funnel's volumes: `cells` laid out as `layout` says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedVolumes {
    /// How `cells` are laid out (months × segments × channels × stages).
    pub layout: VolumeLayout,
    /// The volume each stage needs each month, the exact need rounded up
    /// at the ninth digit ([`super::whole_units`] gives the integer).
    pub cells: Vec<Decimal>,
}

impl OwnedVolumes {
    /// Every cell as whole people or accounts ([`whole_units_table`]).
    pub fn whole_units(&self) -> Result<Vec<u64>, Error> {
        let mut out = alloc::vec![0; self.cells.len()];
        whole_units_table(&self.cells, &mut out)?;
        Ok(out)
    }
}

impl OwnedFunnelModel {
    /// Runs `f` on the borrowed model.
    pub fn with_model<R>(&self, f: impl FnOnce(&FunnelModel<'_>) -> R) -> R {
        let channels: Vec<Vec<ChannelFunnel<'_>>> = self
            .segments
            .iter()
            .map(|segment| {
                segment
                    .channels
                    .iter()
                    .map(|channel| ChannelFunnel {
                        share: channel.share,
                        steps: &channel.steps,
                    })
                    .collect()
            })
            .collect();
        let segments: Vec<SegmentFunnel<'_>> = self
            .segments
            .iter()
            .zip(&channels)
            .map(|(segment, channels)| SegmentFunnel {
                mrr_per_deal: segment.mrr_per_deal,
                mrr_share: segment.mrr_share,
                channels,
            })
            .collect();
        f(&FunnelModel {
            currency: self.currency,
            stages: &self.stages,
            channels: &self.channels,
            segments: &segments,
        })
    }

    /// [`reverse_funnel`] into an [`OwnedVolumes`]: what each stage needs
    /// each month for the last stage to deliver `new_mrr[i]` in goal month
    /// `i`.
    pub fn reverse(&self, new_mrr: &[Money]) -> Result<OwnedVolumes, Error> {
        self.with_model(|model| {
            let layout = VolumeLayout::for_model(model, new_mrr.len()).at("model")?;
            let mut cells = Vec::new();
            cells.resize(layout.len(), Decimal::ZERO);
            let layout = reverse_funnel(model, new_mrr, &mut cells)?;
            Ok(OwnedVolumes { layout, cells })
        })
    }

    /// [`project_forward`] into an [`OwnedVolumes`]: `entering` holds the
    /// volume entering stage 0 of each `(table month, segment, channel)`,
    /// month-major, for the lead months and `horizon` months after them.
    pub fn project_forward(
        &self,
        horizon: usize,
        entering: &[Decimal],
    ) -> Result<OwnedVolumes, Error> {
        self.with_model(|model| {
            let layout = VolumeLayout::for_model(model, horizon).at("model")?;
            let per_month = layout.segments.saturating_mul(layout.channels);
            if entering.len() != layout.months().saturating_mul(per_month) {
                return Err(Error::from(ErrorKind::Invalid(
                    "one entry per (table month, segment, channel): (lead_months + horizon_months) × segments × channels",
                ))
                .at("entering"));
            }
            let mut cells = Vec::new();
            cells.resize(layout.len(), Decimal::ZERO);
            let tops = (0..layout.months()).flat_map(|m| {
                (0..layout.segments).flat_map(move |s| (0..layout.channels).map(move |c| (m, s, c)))
            });
            for ((month, segment, channel), value) in tops.zip(entering) {
                if let Some(cell) = layout
                    .index(month, segment, channel, 0)
                    .and_then(|at| cells.get_mut(at))
                {
                    *cell = *value;
                }
            }
            project_forward(model, &layout, &mut cells)?;
            Ok(OwnedVolumes { layout, cells })
        })
    }

    /// [`bookings_by_month`] of `volumes` (laid out for this model): the
    /// logos and new MRR reaching the last stage each table month.
    pub fn bookings(&self, volumes: &OwnedVolumes) -> Result<Vec<Bookings>, Error> {
        let mut out = Vec::new();
        out.resize(
            volumes.layout.months(),
            Bookings {
                new_logos: Decimal::ZERO,
                new_mrr: Money::zero(self.currency),
            },
        );
        self.with_model(|model| {
            bookings_by_month(model, &volumes.layout, &volumes.cells, &mut out)
        })?;
        Ok(out)
    }
}

/// A [`RevenueBasis`] that owns its booking months.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedRevenueBasis {
    /// Months in the horizon (12 for a year).
    pub horizon_months: u32,
    /// When bookings start to bill.
    pub billing: Billing,
    /// Fraction of MRR lost at the end of every billed month, in `[0, 1)`.
    pub monthly_churn: Decimal,
    /// Months (1-based, increasing) in which new MRR is booked; empty or
    /// left out means every month.
    #[cfg_attr(feature = "serde", serde(default))]
    pub booking_months: Vec<u32>,
}

impl OwnedRevenueBasis {
    /// The borrowed basis.
    pub fn as_basis(&self) -> RevenueBasis<'_> {
        RevenueBasis {
            horizon_months: self.horizon_months,
            billing: self.billing,
            monthly_churn: self.monthly_churn,
            booking_months: &self.booking_months,
        }
    }
}

/// A [`RevenueGoal`] that owns its basis.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedRevenueGoal {
    /// What `amount` means.
    pub meaning: GoalMeaning,
    /// The goal, non-negative.
    pub amount: Money,
    /// Horizon, billing, churn and booking months.
    pub basis: OwnedRevenueBasis,
    /// How the monthly new MRR is rounded to the currency's minor unit.
    pub rounding: RoundingMode,
}

/// A goal's plan and its month-by-month new MRR.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedGoalPlan {
    /// The divisor and the new MRR per booking month.
    pub plan: GoalPlan,
    /// New MRR to book in goal month `i + 1`: the rounded monthly figure
    /// in booking months, zero in the others.
    pub new_mrr: Vec<Money>,
}

impl OwnedRevenueGoal {
    /// The borrowed goal.
    pub fn as_goal(&self) -> RevenueGoal<'_> {
        RevenueGoal {
            meaning: self.meaning,
            amount: self.amount,
            basis: self.basis.as_basis(),
            rounding: self.rounding,
        }
    }

    /// [`plan_new_mrr`] and [`new_mrr_schedule`]: the new MRR a month the
    /// goal needs, and when to book it.
    pub fn plan(&self) -> Result<OwnedGoalPlan, Error> {
        let goal = self.as_goal();
        let plan = plan_new_mrr(&goal)?;
        let months = usize::try_from(self.basis.horizon_months).unwrap_or(usize::MAX);
        let mut new_mrr = Vec::new();
        new_mrr.resize(
            months.min(crate::limits::MAX_GOAL_MONTHS),
            Money::zero(self.amount.currency()),
        );
        new_mrr_schedule(&goal.basis, plan.new_mrr_per_month, &mut new_mrr).at("basis")?;
        Ok(OwnedGoalPlan { plan, new_mrr })
    }
}

/// [`mrr_bridge`] into a `Vec`, one month per entry of `bookings`.
pub fn mrr_bridge_owned(
    input: &BridgeInput,
    bookings: &[Bookings],
) -> Result<Vec<BridgeMonth>, Error> {
    let mut out = Vec::new();
    out.resize(
        bookings.len(),
        BridgeMonth::zero(input.starting_mrr.currency()),
    );
    mrr_bridge(input, bookings, &mut out)?;
    Ok(out)
}
