//! The one adapter from the funnel engine: reads a reverse-funnel volume
//! table ([`VolumeLayout`]) and fills the workload table. Everything else in
//! the capacity engine sees only [`Workload`], so a change in the funnel's
//! API is fixed here.

use crate::capacity::workload::{check_dim, prefix_mut, Workload, WorkloadLayout};
use crate::limits::{MAX_FEEDS, MAX_PLAN_MONTHS, MAX_ROLES, MAX_SEGMENTS};

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::VolumeLayout;
use crate::{Decimal, RoundingMode, SCALE};

/// Where a feed's volume lands in the role's workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum FeedKind {
    /// Added to `flow`: this month's arrivals (MQLs to qualify, SQLs to
    /// work, wins to onboard).
    Flow,
    /// Added to `stock`: this month's arrivals × `weight` months in stage,
    /// Little's law (open opportunities = SQLs × months to close).
    Stock,
    /// Added to `stock` cumulatively: every arrival so far × `weight` (the
    /// live accounts a CSM carries, with `weight` 1).
    Accumulate,
}

/// Which funnel stage feeds which role's workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct StageFeed {
    /// RolePlan index in the plan.
    pub role: usize,
    /// Stage index in the funnel model.
    pub stage: usize,
    /// Channel index in the funnel model; `None` sums every channel.
    pub channel: Option<usize>,
    /// Flow, stock or accumulated stock.
    pub kind: FeedKind,
    /// Multiplier, not negative: 1 for a plain count, deal size for bookings,
    /// months in stage for [`FeedKind::Stock`].
    pub weight: Decimal,
    /// Months between the stage volume and the work: 12 turns this month's
    /// live accounts into renewals due a year later.
    pub delay_months: u32,
}

/// Fills `out` (workload layout `months = volumes.months()`, `segments =
/// volumes.segments`, `roles`) from the volume `table`: workload month `m`
/// is table month `m`, lead rows included. Each feed adds
/// `weight × volume`, rounded half-even to 9 places, in feed order.
pub fn workload_from_funnel(
    volumes: &VolumeLayout,
    table: &[Decimal],
    feeds: &[StageFeed],
    roles: usize,
    out: &mut [Workload],
) -> Result<WorkloadLayout, Error> {
    let layout = WorkloadLayout {
        months: volumes.months(),
        segments: volumes.segments,
        roles,
    };
    // Months and segments come from the volume table, roles from the caller.
    check_dim(volumes.months(), MAX_PLAN_MONTHS)
        .at("horizon_months")
        .at("volumes")?;
    check_dim(volumes.segments, MAX_SEGMENTS)
        .at("segments")
        .at("volumes")?;
    check_dim(roles, MAX_ROLES).at("roles")?;
    if table.len() < volumes.len() {
        return Err(Error::from(ErrorKind::BufferTooSmall {
            needed: u32::try_from(volumes.len()).unwrap_or(u32::MAX),
        })
        .at("table"));
    }
    if feeds.len() > MAX_FEEDS {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_FEEDS as u32,
        })
        .at("feeds"));
    }
    for (i, feed) in feeds.iter().enumerate() {
        feed.validate(volumes, roles).at_index("feeds", i)?;
    }
    let out = prefix_mut(out, layout.len()).at("out")?;
    out.fill(Workload::default());
    let mut running = [[Decimal::ZERO; MAX_SEGMENTS]; MAX_FEEDS];
    for month in 0..layout.months {
        for segment in 0..layout.segments {
            for (f, feed) in feeds.iter().enumerate() {
                let volume = feed
                    .volume(volumes, table, month, segment)
                    .at_index("feeds", f)?;
                let amount = volume
                    .mul_round(feed.weight, SCALE, RoundingMode::HalfEven)
                    .at_index("feeds", f)?;
                let at = layout
                    .index(month, segment, feed.role)
                    .ok_or(ErrorKind::OutOfRange)
                    .at_index("feeds", f)?;
                let cell = out.get_mut(at).ok_or(ErrorKind::OutOfRange).at("out")?;
                let added = match feed.kind {
                    FeedKind::Flow => {
                        cell.flow = cell.flow.checked_add(amount)?;
                        continue;
                    }
                    FeedKind::Stock => amount,
                    FeedKind::Accumulate => {
                        let total = running
                            .get_mut(f)
                            .and_then(|row| row.get_mut(segment))
                            .ok_or(ErrorKind::OutOfRange)
                            .at_index("feeds", f)?;
                        *total = total.checked_add(amount).at_index("feeds", f)?;
                        *total
                    }
                };
                cell.stock = cell.stock.checked_add(added).at_index("feeds", f)?;
            }
        }
    }
    Ok(layout)
}

impl StageFeed {
    /// Checks indices against the volume layout and `roles`, and the weight.
    pub fn validate(&self, volumes: &VolumeLayout, roles: usize) -> Result<(), Error> {
        if self.role >= roles {
            return Err(Error::from(ErrorKind::OutOfRange).at("role"));
        }
        if self.stage >= volumes.stages {
            return Err(Error::from(ErrorKind::OutOfRange).at("stage"));
        }
        if self.channel.is_some_and(|c| c >= volumes.channels) {
            return Err(Error::from(ErrorKind::OutOfRange).at("channel"));
        }
        if self.weight.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("weight"));
        }
        Ok(())
    }

    /// Volume of the feed's stage (one channel or all) in `month − delay`.
    fn volume(
        &self,
        volumes: &VolumeLayout,
        table: &[Decimal],
        month: usize,
        segment: usize,
    ) -> Result<Decimal, ErrorKind> {
        let delay = usize::try_from(self.delay_months).map_err(|_| ErrorKind::OutOfRange)?;
        let Some(source) = month.checked_sub(delay) else {
            return Ok(Decimal::ZERO);
        };
        let channels = match self.channel {
            Some(c) => c..c.saturating_add(1),
            None => 0..volumes.channels,
        };
        let mut total = Decimal::ZERO;
        for channel in channels {
            let at = volumes
                .index(source, segment, channel, self.stage)
                .ok_or(ErrorKind::OutOfRange)?;
            total = total.checked_add(table.get(at).copied().ok_or(ErrorKind::OutOfRange)?)?;
        }
        Ok(total)
    }
}
