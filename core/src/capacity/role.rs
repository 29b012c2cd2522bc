//! A role: what work it does (its driver), how its people ramp and leave,
//! how long it takes to hire one and what one costs.

use crate::capacity::ramp::Ramp;
use crate::limits::{MAX_HIRING_LEAD_MONTHS, MAX_RATIO_ANCHORS};

use crate::error::{Error, ErrorKind, ResultExt};
use crate::Role;
use crate::{Currency, Decimal, Money};

/// How a role's need in FTE follows from the workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Driver<'a> {
    /// Need = `max(flow ÷ flow_per_fte, stock ÷ stock_per_fte)` from the
    /// role's [`crate::capacity::Workload`] cell: a flow capacity (MQLs,
    /// SQLs, opportunities, onboardings, renewals or bookings per month)
    /// and optionally a stock capacity (live accounts per CSM, open
    /// opportunities per AE — the WIP cap).
    Workload {
        /// Units one fully ramped FTE handles per month; positive.
        flow_per_fte: Decimal,
        /// Units one FTE can hold at once; positive when present.
        stock_per_fte: Option<Decimal>,
    },
    /// Need = (sum of the anchor roles' need) × `per_anchor`: 1 outbound SDR
    /// per 2.5 AEs is `per_anchor = 0.4`, one manager per 8 reps `0.125`.
    Ratio {
        /// Indices of the anchor roles; each must come before this role, so
        /// needs are computed in role order without cycles.
        anchors: &'a [usize],
        /// FTE of this role per FTE of the anchors; zero or more.
        per_anchor: Decimal,
    },
}

/// One role of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RolePlan<'a> {
    /// What the role is.
    pub role: Role,
    /// How its need follows from the workload.
    pub driver: Driver<'a>,
    /// How a new hire becomes productive.
    pub ramp: Ramp<'a>,
    /// Fraction of the role's people who leave in a year, in `[0, 1)`
    /// (`0.25` = 25 %); converted to a monthly hazard by
    /// [`crate::capacity::monthly_hazard`].
    pub annual_attrition: Decimal,
    /// Months from opening a requisition to the hire's first day, at most
    /// [`MAX_HIRING_LEAD_MONTHS`].
    pub hiring_lead_months: u32,
    /// Fully loaded cost of one person for one month (salary, benefits,
    /// tools, variable pay at target), not negative.
    pub monthly_cost: Money,
}

impl RolePlan<'_> {
    /// Checks the role as role number `index` of a plan in `currency`.
    pub fn validate(&self, index: usize, currency: Currency) -> Result<(), Error> {
        self.driver.validate(index).at("driver")?;
        self.ramp.validate().at("ramp")?;
        if self.annual_attrition.is_negative() || self.annual_attrition >= Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("annual_attrition"));
        }
        if self.hiring_lead_months > MAX_HIRING_LEAD_MONTHS {
            return Err(Error::from(ErrorKind::OutOfRange).at("hiring_lead_months"));
        }
        self.monthly_cost
            .expect_currency(currency)
            .at("monthly_cost")?;
        if self.monthly_cost.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("monthly_cost"));
        }
        Ok(())
    }
}

impl Driver<'_> {
    /// Checks capacities are positive and ratio anchors precede role `index`.
    pub fn validate(&self, index: usize) -> Result<(), Error> {
        match *self {
            Driver::Workload {
                flow_per_fte,
                stock_per_fte,
            } => {
                if !flow_per_fte.is_positive() {
                    return Err(Error::from(ErrorKind::NotPositive).at("flow_per_fte"));
                }
                if stock_per_fte.is_some_and(|s| !s.is_positive()) {
                    return Err(Error::from(ErrorKind::NotPositive).at("stock_per_fte"));
                }
            }
            Driver::Ratio {
                anchors,
                per_anchor,
            } => {
                if anchors.is_empty() {
                    return Err(Error::from(ErrorKind::Empty).at("anchors"));
                }
                if anchors.len() > MAX_RATIO_ANCHORS {
                    return Err(Error::from(ErrorKind::TooMany {
                        max: MAX_RATIO_ANCHORS as u32,
                    })
                    .at("anchors"));
                }
                for (i, &anchor) in anchors.iter().enumerate() {
                    if anchor >= index {
                        return Err(Error::from(ErrorKind::Invalid(
                            "a ratio anchor must be an earlier role",
                        ))
                        .at_index("anchors", i));
                    }
                }
                if per_anchor.is_negative() {
                    return Err(Error::from(ErrorKind::Negative).at("per_anchor"));
                }
            }
        }
        Ok(())
    }
}
