//! The workload table: what each role faces, per month and segment. This is
//! the capacity engine's only input from the funnel (see `funnel_feed`), so
//! the capacity math does not depend on how the funnel is computed.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::limits::{MAX_PLAN_MONTHS, MAX_ROLES, MAX_SEGMENTS};
use crate::Decimal;

/// The work one role faces in one month of one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Workload {
    /// Units arriving this month (MQLs to qualify, SQLs to work, wins to
    /// onboard, renewals due, bookings to close), not negative.
    pub flow: Decimal,
    /// Units held at once (live accounts, open opportunities), not negative;
    /// only read by roles with a stock capacity.
    pub stock: Decimal,
}

impl Workload {
    /// Checks both quantities are non-negative.
    pub fn validate(&self) -> Result<(), Error> {
        if self.flow.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("flow"));
        }
        if self.stock.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("stock"));
        }
        Ok(())
    }
}

/// Dimensions of a workload (and plan) table, indexed month-major like the
/// funnel's volume table: `index = (month × segments + segment) × roles + role`,
/// so one month of one segment is a contiguous row of roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct WorkloadLayout {
    /// Months of the plan (month 0 is the first).
    pub months: usize,
    /// Segments (tiers), in funnel order.
    pub segments: usize,
    /// Roles, in plan order.
    pub roles: usize,
}

impl WorkloadLayout {
    /// Checks every dimension is within `1..=` its limit.
    pub fn validate(&self) -> Result<(), Error> {
        check_dim(self.months, MAX_PLAN_MONTHS).at("months")?;
        check_dim(self.segments, MAX_SEGMENTS).at("segments")?;
        check_dim(self.roles, MAX_ROLES).at("roles")?;
        Ok(())
    }

    /// Cells of the whole table.
    pub fn len(&self) -> usize {
        self.months
            .saturating_mul(self.segments)
            .saturating_mul(self.roles)
    }

    /// Whether the table has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where `(month, segment, role)` lives; `None` outside the table.
    pub fn index(&self, month: usize, segment: usize, role: usize) -> Option<usize> {
        if month >= self.months || segment >= self.segments || role >= self.roles {
            return None;
        }
        month
            .checked_mul(self.segments)?
            .checked_add(segment)?
            .checked_mul(self.roles)?
            .checked_add(role)
    }
}

/// Fails unless `1 ≤ value ≤ max`.
pub(crate) fn check_dim(value: usize, max: usize) -> Result<(), ErrorKind> {
    if value == 0 {
        Err(ErrorKind::Empty)
    } else if value > max {
        Err(ErrorKind::TooMany {
            max: u32::try_from(max).unwrap_or(u32::MAX),
        })
    } else {
        Ok(())
    }
}

/// `buffer[..needed]`, or [`ErrorKind::BufferTooSmall`].
pub(crate) fn prefix_mut<T>(buffer: &mut [T], needed: usize) -> Result<&mut [T], ErrorKind> {
    buffer.get_mut(..needed).ok_or(ErrorKind::BufferTooSmall {
        needed: u32::try_from(needed).unwrap_or(u32::MAX),
    })
}
