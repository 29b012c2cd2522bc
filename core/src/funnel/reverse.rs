//! The reverse funnel: from the new MRR needed each month back through every
//! stage to the suspects needed, per segment and channel, each step's lag
//! moving the need earlier in time.
//!
//! Per goal month, a channel's deals are `new MRR × mrr_share × share ÷
//! mrr_per_deal`. Then, bottom stage up, a need `n` at stage `k + 1` in
//! month `m` requires `n ÷ rate` at stage `k`, placed where the forward lag
//! sends it to month `m`: with lag `f + φ` (whole months and fraction,
//! [`crate::funnel::Step::lag_split`]), `(1 − φ)·n ÷ rate` in month `m − f`
//! and `φ·n ÷ rate` in month `m − f − 1`.
//!
//! Nothing is rounded along the way. The factors of a path (shares, deal
//! size, rates, lag fractions) are chained as one exact fraction in lowest
//! terms, and each month carries an exact integer numerator, so every cell
//! is the **exact** need, written once, rounded **up** at the ninth digit:
//! its ceiling ([`crate::funnel::whole_units`]) is the ceiling of the exact
//! need, with no tolerance (one win at 0.3 × 0.000100001 needs 33,334 MQLs,
//! not the 33,333 that deliver 0.9999999999 wins). A path whose exact terms
//! outgrow 128 bits (seven steps of nine-significant-digit rates) is refused
//! with [`ErrorKind::Overflow`], never approximated.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::layout::{check_horizon, Column, VolumeLayout, MAX_ROWS};
use crate::funnel::model::{FunnelModel, Step};
use crate::wide::Fraction;
use crate::{Decimal, Money};

/// Fills `out` (laid out as the returned [`VolumeLayout`], see its docs)
/// with the volume each stage needs each month so that the last stage
/// delivers `new_mrr[i]` in goal month `i`: each cell is the exact need
/// rounded up at the ninth digit.
///
/// `new_mrr` must be non-empty, non-negative and in the model's currency;
/// its length is the goal horizon. Every cell of the layout is written.
pub fn reverse_funnel(
    model: &FunnelModel<'_>,
    new_mrr: &[Money],
    out: &mut [Decimal],
) -> Result<VolumeLayout, Error> {
    model.validate().at("model")?;
    check_horizon(new_mrr.len()).at("new_mrr")?;
    let layout = VolumeLayout::for_valid_model(model, new_mrr.len()).at("model")?;
    for (i, mrr) in new_mrr.iter().enumerate() {
        mrr.expect_currency(model.currency).at_index("new_mrr", i)?;
        if mrr.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at_index("new_mrr", i));
        }
    }
    let cells = layout.cells(out).at("out")?;
    let months = layout.months();
    let lead = layout.lead_months;
    // A path is computed one stage column at a time, bottom up, in two
    // stack columns of exact numerators (`below` feeds `above`); the
    // column's value is numerator × the path's running fraction.
    let mut below = [0u128; MAX_ROWS];
    let mut above = [0u128; MAX_ROWS];
    for (s, segment) in model.segments.iter().enumerate() {
        let at = |e: ErrorKind| Error::from(e).at_index("segments", s).at("model");
        // Deals per unit of new MRR: mrr_share ÷ mrr_per_deal.
        let per_mrr = Fraction::of_nanos(segment.mrr_share.nanos().unsigned_abs())
            .mul(
                Fraction::of_nanos(segment.mrr_per_deal.amount().nanos().unsigned_abs())
                    .recip()
                    .ok_or(ErrorKind::DivisionByZero)
                    .map_err(at)?,
            )
            .ok_or(ErrorKind::Overflow)
            .map_err(at)?;
        for (c, channel) in segment.channels.iter().enumerate() {
            let at = |e: ErrorKind| at(e).at_index("channels", c);
            let column = Column::new(&layout, s, c)?;
            if segment.mrr_share.is_zero() || channel.share.is_zero() {
                for stage in 0..layout.stages {
                    column.store_zero(cells, stage);
                }
                continue;
            }
            let mut scale = per_mrr
                .mul(Fraction::of_nanos(channel.share.nanos().unsigned_abs()))
                .ok_or(ErrorKind::Overflow)
                .map_err(at)?;
            let mut need = below.get_mut(..months).ok_or(ErrorKind::OutOfRange)?;
            let mut next = above.get_mut(..months).ok_or(ErrorKind::OutOfRange)?;
            // The last stage: each goal month's new MRR in nanos (× scale
            // gives its deals in nanos); the lead months need none.
            let (before_goal, goal) = need.split_at_mut(lead.min(months));
            before_goal.fill(0);
            for (cell, mrr) in goal.iter_mut().zip(new_mrr) {
                *cell = mrr.amount().nanos().unsigned_abs();
            }
            let last = channel.steps.len();
            store_scaled(&column, cells, last, need, scale).map_err(at)?;
            for (k, step) in channel.steps.iter().enumerate().rev() {
                scale =
                    need_above(step, need, next, scale).map_err(|e| at(e).at_index("steps", k))?;
                store_scaled(&column, cells, k, next, scale).map_err(at)?;
                core::mem::swap(&mut need, &mut next);
            }
        }
    }
    Ok(layout)
}

/// Writes into `above` (every entry) the numerators `step` needs at its
/// upper stage for the numerators `below` at its lower one (one entry per
/// table month), and returns the fraction that turns them into units:
/// `scale ÷ rate`, and `÷ e` for a lag fraction `c/e` (whose on-time and
/// early weights `e − c` and `c` go into the numerators).
fn need_above(
    step: &Step,
    below: &[u128],
    above: &mut [u128],
    scale: Fraction,
) -> Result<Fraction, ErrorKind> {
    let (whole, fraction) = step.lag_split()?;
    let rate = Fraction::of_nanos(step.conversion_rate.nanos().unsigned_abs());
    let scale = scale
        .mul(rate.recip().ok_or(ErrorKind::DivisionByZero)?)
        .ok_or(ErrorKind::Overflow)?;
    let lag = Fraction::of_nanos(fraction.nanos().unsigned_abs());
    // Need in month `m` lands in `m − whole` and, with a fractional lag,
    // `m − whole − 1`: need before `shift` would land before the table (the
    // layout's lead rules that out for a valid model).
    let shift = if fraction.is_zero() {
        whole
    } else {
        whole.checked_add(1).ok_or(ErrorKind::Overflow)?
    };
    if below.iter().take(shift).any(|&n| n != 0) {
        return Err(ErrorKind::Overflow);
    }
    let on_time = below.get(whole..).unwrap_or(&[]);
    if fraction.is_zero() {
        let (body, tail) = above.split_at_mut(on_time.len());
        body.copy_from_slice(on_time);
        tail.fill(0);
        return Ok(scale);
    }
    // Cell `j` is `(e − c)` × the need of month `j + whole` plus `c` × that
    // of month `j + whole + 1`, over `e`.
    let (c, e) = (lag.numerator(), lag.denominator());
    let on_time_weight = e.checked_sub(c).ok_or(ErrorKind::Overflow)?;
    let early = on_time.get(1..).unwrap_or(&[]);
    let (body, tail) = above.split_at_mut(on_time.len());
    tail.fill(0);
    let mut early = early.iter();
    for (cell, &now) in body.iter_mut().zip(on_time) {
        let later = early.next().copied().unwrap_or(0);
        *cell = now
            .checked_mul(on_time_weight)
            .and_then(|x| x.checked_add(later.checked_mul(c)?))
            .ok_or(ErrorKind::Overflow)?;
    }
    scale
        .mul(Fraction::new(1, e).ok_or(ErrorKind::DivisionByZero)?)
        .ok_or(ErrorKind::Overflow)
}

/// Writes `⌈numerator × scale⌉` nanos (one numerator per month) as
/// `stage` of `column`: the exact volume rounded up at the ninth digit.
fn store_scaled(
    column: &Column,
    cells: &mut [Decimal],
    stage: usize,
    numerators: &[u128],
    scale: Fraction,
) -> Result<(), ErrorKind> {
    let scaler = scale.scaler();
    for (cell, &numerator) in column.cells(cells, stage).zip(numerators) {
        *cell = if numerator == 0 {
            Decimal::ZERO
        } else {
            let nanos = scaler.ceil(numerator).ok_or(ErrorKind::Overflow)?;
            Decimal::from_nanos(i128::try_from(nanos).map_err(|_| ErrorKind::Overflow)?)?
        };
    }
    Ok(())
}
