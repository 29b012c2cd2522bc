//! Owned entry point (feature `alloc`): a forward plan's input as a service
//! or a file holds it, lending the borrowed form, and the plan into `Vec`s.

use alloc::vec::Vec;

use crate::capacity::owned::OwnedRamp;
use crate::{Currency, Decimal, Error, Money, Role};

use super::line::{Attrition, CostTerms, ForwardLine, Hire, Tenured};
use super::plan::{
    forward_plan, ForwardCell, ForwardInput, ForwardMonth, ForwardSummary, RevenueTerms,
};

/// A [`ForwardLine`] that owns its lists and ramp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedForwardLine {
    /// The role.
    pub role: Role,
    /// The segment (tier).
    pub segment: u32,
    /// How a hire becomes productive.
    pub ramp: OwnedRamp,
    /// How people leave.
    #[cfg_attr(feature = "serde", serde(default))]
    pub attrition: Attrition,
    /// Months from a departure to its backfill's start, less one; absent:
    /// no backfill.
    #[cfg_attr(feature = "serde", serde(default))]
    pub backfill_lead_months: Option<u32>,
    /// People on board at the start.
    #[cfg_attr(feature = "serde", serde(default))]
    pub starting_staff: Vec<Tenured>,
    /// Planned hires.
    #[cfg_attr(feature = "serde", serde(default))]
    pub hires: Vec<Hire>,
    /// New ARR per ramped person per year.
    pub annual_quota: Money,
    /// Fraction of quota booked.
    pub attainment: Decimal,
    /// What a person costs.
    pub cost: CostTerms,
}

impl OwnedForwardLine {
    /// The borrowed line.
    pub fn as_line(&self) -> ForwardLine<'_> {
        ForwardLine {
            role: self.role,
            segment: self.segment,
            ramp: self.ramp.as_ramp(),
            attrition: self.attrition,
            backfill_lead_months: self.backfill_lead_months,
            starting_staff: &self.starting_staff,
            hires: &self.hires,
            annual_quota: self.annual_quota,
            attainment: self.attainment,
            cost: self.cost,
        }
    }
}

/// A [`ForwardInput`] that owns its lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedForwardInput {
    /// Currency of every amount.
    pub currency: Currency,
    /// Calendar year of plan month 0.
    pub year: i32,
    /// Calendar month (1–12) of plan month 0.
    pub first_month: u32,
    /// Months planned.
    pub months: u32,
    /// The `(role, segment)` lines.
    pub lines: Vec<OwnedForwardLine>,
    /// Retention and margin.
    pub revenue: RevenueTerms,
    /// Annual discount rate for the NPV.
    #[cfg_attr(feature = "serde", serde(default))]
    pub annual_discount_rate: Option<Decimal>,
    /// Whether to search the IRR.
    #[cfg_attr(feature = "serde", serde(default))]
    pub irr: bool,
}

/// A forward plan: cells `month × lines + line`, one row per month, and the
/// summary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedForwardPlan {
    /// Every `(month, line)` cell.
    pub cells: Vec<ForwardCell>,
    /// Every month.
    pub months: Vec<ForwardMonth>,
    /// Payback, trough, NPV and IRR.
    pub summary: ForwardSummary,
}

impl OwnedForwardInput {
    /// Runs `f` on the borrowed input.
    pub fn with_input<R>(&self, f: impl FnOnce(&ForwardInput<'_>) -> R) -> R {
        let lines: Vec<ForwardLine<'_>> =
            self.lines.iter().map(OwnedForwardLine::as_line).collect();
        f(&ForwardInput {
            currency: self.currency,
            year: self.year,
            first_month: self.first_month,
            months: self.months,
            lines: &lines,
            revenue: self.revenue,
            annual_discount_rate: self.annual_discount_rate,
            irr: self.irr,
        })
    }

    /// [`forward_plan`] into an [`OwnedForwardPlan`].
    pub fn plan(&self) -> Result<OwnedForwardPlan, Error> {
        self.with_input(|input| {
            input.validate()?;
            let mut cells = Vec::new();
            cells.resize(input.cell_count(), ForwardCell::empty(input.currency));
            let mut months = Vec::new();
            months.resize(
                usize::try_from(input.months).unwrap_or(0),
                ForwardMonth::empty(input.currency),
            );
            let summary = forward_plan(input, &mut cells, &mut months)?;
            Ok(OwnedForwardPlan {
                cells,
                months,
                summary,
            })
        })
    }
}
