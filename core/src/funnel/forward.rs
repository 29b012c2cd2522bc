//! Forward projection: from the volume entering the top of the funnel each
//! month to every stage below, and to the deals and new MRR they bring.
//!
//! The mirror of [`crate::funnel::reverse_funnel`]: volume `v` at stage `k`
//! in month `m` sends `v × rate` to stage `k + 1`, `(1 − φ)` of it in month
//! `m + f` and the rest in month `m + f + 1` (lag `f + φ`). Volume that
//! would arrive after the table's last month leaves the projection.
//!
//! With whole-month lags, projecting the suspects of a reverse plan delivers
//! each goal month's deals per segment and channel to within 2 × stages
//! nanos (one half-even rounding per division back and per multiplication
//! forward); the goal's new MRR then comes back within that × the deal size,
//! far below a cent. With fractional
//! lags, each month is sourced from two neighbouring months, so individual
//! months are smoothed while totals are kept (and a constant goal is met
//! exactly away from the horizon's edges).

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::layout::{Column, VolumeLayout, MAX_ROWS};
use crate::funnel::model::{FunnelModel, Step};
use crate::{Decimal, Money, RoundingMode, SCALE};

/// Fills stages `1..` of `table` from its stage-0 cells (the volume entering
/// the funnel each month), overwriting them. `layout` must be the model's
/// layout ([`VolumeLayout::for_model`]); stage-0 cells must be non-negative.
pub fn project_forward(
    model: &FunnelModel<'_>,
    layout: &VolumeLayout,
    table: &mut [Decimal],
) -> Result<(), Error> {
    check_layout(model, layout)?;
    let cells = layout.cells(table).at("table")?;
    let months = layout.months();
    // A path is projected one stage at a time, top down, in two stack
    // columns (`volume` at a stage feeds `next` at the stage below), so the
    // per-cell work is the conversion, not the table's index arithmetic.
    let mut upper = [Decimal::ZERO; MAX_ROWS];
    let mut lower = [Decimal::ZERO; MAX_ROWS];
    for (s, segment) in model.segments.iter().enumerate() {
        for (c, channel) in segment.channels.iter().enumerate() {
            let column = Column::new(layout, s, c)?;
            let mut volume = upper.get_mut(..months).ok_or(ErrorKind::OutOfRange)?;
            let mut next = lower.get_mut(..months).ok_or(ErrorKind::OutOfRange)?;
            for (month, (top, cell)) in volume.iter_mut().zip(column.cells(cells, 0)).enumerate() {
                if cell.is_negative() {
                    let at = layout.index(month, s, c, 0).unwrap_or(0);
                    return Err(Error::from(ErrorKind::Negative).at_index("table", at));
                }
                *top = *cell;
            }
            // A valid model has one step per pair of stages: every stage
            // below the top is written.
            for (k, step) in channel.steps.iter().enumerate() {
                convert(step, volume, next)?;
                for (cell, &below) in column.cells(cells, k.saturating_add(1)).zip(next.iter()) {
                    *cell = below;
                }
                core::mem::swap(&mut volume, &mut next);
            }
        }
    }
    Ok(())
}

/// Writes into `lower` (every entry) what the volumes `upper` at a step's
/// upper stage send to its lower stage, one entry per table month: `v × rate`,
/// `(1 − φ)` of it `f` months later and the rest a month after that (lag
/// `f + φ`); what would arrive after the last month leaves the table.
fn convert(step: &Step, upper: &[Decimal], lower: &mut [Decimal]) -> Result<(), ErrorKind> {
    let (whole, fraction) = step.lag_split()?;
    let on_time_share = Decimal::ONE.checked_sub(fraction)?;
    lower.fill(Decimal::ZERO);
    for (month, &volume) in upper.iter().enumerate() {
        if volume.is_zero() {
            continue;
        }
        let converted = volume.mul_round(step.conversion_rate, SCALE, RoundingMode::HalfEven)?;
        let on_time_part = if fraction.is_zero() {
            converted
        } else {
            converted.mul_round(on_time_share, SCALE, RoundingMode::HalfEven)?
        };
        let on_time = month.saturating_add(whole);
        if let Some(cell) = lower.get_mut(on_time) {
            *cell = cell.checked_add(on_time_part)?;
        }
        let rest = converted.checked_sub(on_time_part)?;
        if !rest.is_zero() {
            if let Some(cell) = lower.get_mut(on_time.saturating_add(1)) {
                *cell = cell.checked_add(rest)?;
            }
        }
    }
    Ok(())
}

/// New customers and the new MRR they bring in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Bookings {
    /// Volume reaching the model's last stage (fractional).
    pub new_logos: Decimal,
    /// `new_logos × mrr_per_deal`, summed over segments and channels, at 9
    /// fractional digits.
    pub new_mrr: Money,
}

/// Sums the last stage of every (segment, channel) per table month into
/// `out[..layout.months()]`.
pub fn bookings_by_month(
    model: &FunnelModel<'_>,
    layout: &VolumeLayout,
    table: &[Decimal],
    out: &mut [Bookings],
) -> Result<(), Error> {
    check_layout(model, layout)?;
    let months = layout.months();
    let out = out
        .get_mut(..months)
        .ok_or(ErrorKind::BufferTooSmall {
            needed: u32::try_from(months).unwrap_or(u32::MAX),
        })
        .at("out")?;
    let bottom = layout.stages.saturating_sub(1);
    for (month, booked) in out.iter_mut().enumerate() {
        let mut logos = Decimal::ZERO;
        let mut mrr = Decimal::ZERO;
        for (s, segment) in model.segments.iter().enumerate() {
            for c in 0..layout.channels {
                let index = layout
                    .index(month, s, c, bottom)
                    .ok_or(ErrorKind::OutOfRange)?;
                let deals = *table
                    .get(index)
                    .ok_or(ErrorKind::BufferTooSmall {
                        needed: u32::try_from(layout.len()).unwrap_or(u32::MAX),
                    })
                    .at("table")?;
                logos = logos.checked_add(deals)?;
                let revenue = deals.mul_round(
                    segment.mrr_per_deal.amount(),
                    SCALE,
                    RoundingMode::HalfEven,
                )?;
                mrr = mrr.checked_add(revenue)?;
            }
        }
        *booked = Bookings {
            new_logos: logos,
            new_mrr: Money::new(mrr, model.currency),
        };
    }
    Ok(())
}

/// Fails unless `layout` is the layout of `model` (which also validates it).
pub(crate) fn check_layout(model: &FunnelModel<'_>, layout: &VolumeLayout) -> Result<(), Error> {
    let expected = VolumeLayout::for_model(model, layout.horizon_months).at("model")?;
    if expected != *layout {
        return Err(
            Error::from(ErrorKind::Invalid("layout does not match the model")).at("layout"),
        );
    }
    Ok(())
}
