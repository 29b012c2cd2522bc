//! Work in progress, by Little's law: `WIP = arrival rate × time in stage`.
//!
//! The process-engineering seed: WIP tends to infinity unless checked, and
//! inflated WIP inflates lead times. These functions say how much work sits
//! in each stage (and per rep), and the release rate of new leads that keeps
//! leads-under-management at or below a cap.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::economics::Ratio;
use crate::funnel::forward::check_layout;
use crate::funnel::layout::VolumeLayout;
use crate::funnel::model::FunnelModel;
use crate::{Decimal, RoundingMode, SCALE};

/// Work in a stage: `arrivals_per_month × months_in_stage`.
pub fn work_in_progress(
    arrivals_per_month: Decimal,
    months_in_stage: Decimal,
) -> Result<Decimal, Error> {
    if arrivals_per_month.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("arrivals_per_month"));
    }
    if months_in_stage.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("months_in_stage"));
    }
    Ok(arrivals_per_month.mul_round(months_in_stage, SCALE, RoundingMode::HalfEven)?)
}

/// Work per rep: `wip ÷ reps`.
pub fn wip_per_rep(wip: Decimal, reps: Decimal) -> Result<Decimal, Error> {
    if wip.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("wip"));
    }
    if !reps.is_positive() {
        return Err(Error::from(ErrorKind::NotPositive).at("reps"));
    }
    Ok(wip.div_round(reps, SCALE, RoundingMode::HalfEven)?)
}

/// The most leads per month that can be released to `reps` reps, each
/// holding at most `wip_cap_per_rep` leads that stay `months_in_stage`:
/// `cap × reps ÷ months_in_stage` (Little's law solved for the arrival
/// rate). Unbounded when leads leave the stage at once.
pub fn release_rate_for_cap(
    wip_cap_per_rep: Decimal,
    reps: Decimal,
    months_in_stage: Decimal,
) -> Result<Ratio, Error> {
    if wip_cap_per_rep.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("wip_cap_per_rep"));
    }
    if reps.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("reps"));
    }
    if months_in_stage.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("months_in_stage"));
    }
    if months_in_stage.is_zero() {
        return Ok(Ratio::Unbounded);
    }
    Ok(Ratio::Finite(wip_cap_per_rep.mul_div_round(
        reps,
        months_in_stage,
        SCALE,
        RoundingMode::HalfEven,
    )?))
}

/// Writes the WIP of every (segment, channel, stage) in table month `month`
/// into `out[..layout.cells_per_month()]`, in the table's in-month order:
/// arrivals at the stage that month × the lag of the step leaving it. The
/// last stage has no step out of it and reports 0. `layout` must be the
/// model's layout.
pub fn wip_by_stage(
    model: &FunnelModel<'_>,
    layout: &VolumeLayout,
    table: &[Decimal],
    month: usize,
    out: &mut [Decimal],
) -> Result<(), Error> {
    check_layout(model, layout)?;
    let per_month = layout.cells_per_month();
    let out = out
        .get_mut(..per_month)
        .ok_or(ErrorKind::BufferTooSmall {
            needed: u32::try_from(per_month).unwrap_or(u32::MAX),
        })
        .at("out")?;
    if month >= layout.months() {
        return Err(Error::from(ErrorKind::OutOfRange).at("month"));
    }
    for (s, segment) in model.segments.iter().enumerate() {
        for (c, channel) in segment.channels.iter().enumerate() {
            for stage in 0..layout.stages {
                let index = layout
                    .index(month, s, c, stage)
                    .ok_or(ErrorKind::OutOfRange)
                    .at("layout")?;
                let arrivals = *table
                    .get(index)
                    .ok_or(ErrorKind::BufferTooSmall {
                        needed: u32::try_from(layout.len()).unwrap_or(u32::MAX),
                    })
                    .at("table")?;
                let lag = channel
                    .steps
                    .get(stage)
                    .map_or(Decimal::ZERO, |step| step.lag_months);
                let wip = work_in_progress(arrivals, lag).at_index("table", index)?;
                let local = index.checked_sub(month.saturating_mul(per_month));
                if let Some(cell) = local.and_then(|i| out.get_mut(i)) {
                    *cell = wip;
                }
            }
        }
    }
    Ok(())
}
