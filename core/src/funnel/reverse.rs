//! The reverse funnel: from the new MRR needed each month back through every
//! stage to the suspects needed, per segment and channel, each step's lag
//! moving the need earlier in time.
//!
//! Per goal month, a segment's deals are `new MRR × mrr_share ÷ mrr_per_deal`
//! and a channel's are that × its share (each product rounded half-even at
//! the 9th digit). Then, bottom stage up, a need `n` at
//! stage `k + 1` in month `m` requires `n ÷ rate` at stage `k`, placed where
//! the forward lag sends it to month `m`: with lag `f + φ` (whole months and
//! fraction, [`crate::funnel::Step::lag_split`]), `(1 − φ)·n ÷ rate` in month
//! `m − f` and the rest, `φ·n ÷ rate`, in month `m − f − 1`. The second part
//! is `n ÷ rate` minus the first, so the two sum exactly to `n ÷ rate` and
//! totals are kept.
//!
//! Volumes stay fractional (9 digits, each step divided once, half-even);
//! integers are only taken when reporting ([`crate::funnel::whole_units`]).

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::kernel::{mul_by_rate, RateDivisor};
use crate::funnel::layout::VolumeLayout;
use crate::funnel::model::{FunnelModel, Step, MAX_LEAD_MONTHS, MAX_MONTHS};
use crate::{Decimal, Money, RoundingMode, SCALE};
use core::num::NonZeroUsize;

/// Rows of the longest table: one path's stage columns live on the stack.
const MAX_ROWS: usize = MAX_MONTHS + MAX_LEAD_MONTHS;

/// Fills `out` (laid out as the returned [`VolumeLayout`], see its docs)
/// with the volume each stage needs each month so that the last stage
/// delivers `new_mrr[i]` in goal month `i`.
///
/// `new_mrr` must be non-negative and in the model's currency; its length is
/// the goal horizon. Every cell of the layout is written.
pub fn reverse_funnel(
    model: &FunnelModel<'_>,
    new_mrr: &[Money],
    out: &mut [Decimal],
) -> Result<VolumeLayout, Error> {
    let layout = VolumeLayout::for_model(model, new_mrr.len()).at("model")?;
    for (i, mrr) in new_mrr.iter().enumerate() {
        mrr.expect_currency(model.currency).at_index("new_mrr", i)?;
        if mrr.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at_index("new_mrr", i));
        }
    }
    let cells = layout.cells(out).at("out")?;
    let months = layout.months();
    let lead = layout.lead_months;
    let mut segment_deals = [Decimal::ZERO; MAX_MONTHS];
    // A path is computed one stage column at a time, bottom up, in two
    // stack columns (`below` feeds `above`), and each finished column is
    // stored into the table once: no cell is zeroed and then re-added.
    let mut below = [Decimal::ZERO; MAX_ROWS];
    let mut above = [Decimal::ZERO; MAX_ROWS];
    for (s, segment) in model.segments.iter().enumerate() {
        for (t, (mrr, deals)) in new_mrr.iter().zip(segment_deals.iter_mut()).enumerate() {
            *deals = mrr
                .amount()
                .mul_div_round(
                    segment.mrr_share,
                    segment.mrr_per_deal.amount(),
                    SCALE,
                    RoundingMode::HalfEven,
                )
                .at_index("new_mrr", t)?;
        }
        for (c, channel) in segment.channels.iter().enumerate() {
            let column = Column::new(&layout, s, c)?;
            if segment.mrr_share.is_zero() || channel.share.is_zero() {
                for stage in 0..layout.stages {
                    column.store_zero(cells, stage);
                }
                continue;
            }
            let mut need = below.get_mut(..months).ok_or(ErrorKind::OutOfRange)?;
            let mut next = above.get_mut(..months).ok_or(ErrorKind::OutOfRange)?;
            // The last stage: each goal month's deals × the channel's share;
            // the lead months before the goal need none.
            let (before_goal, goal) = need.split_at_mut(lead.min(months));
            before_goal.fill(Decimal::ZERO);
            for (cell, deals) in goal.iter_mut().zip(&segment_deals) {
                *cell = mul_by_rate(*deals, channel.share)?;
            }
            // Months before `first` need nothing at the current stage.
            let mut first = lead;
            for (k, step) in channel.steps.iter().enumerate().rev() {
                first = need_above(step, need, next, first)?;
                column.store(cells, k.saturating_add(1), need);
                core::mem::swap(&mut need, &mut next);
            }
            column.store(cells, 0, need);
        }
    }
    Ok(layout)
}

/// Writes into `above` (every entry) what `step` needs at its upper stage
/// for the needs `below` at its lower one (both one entry per table month),
/// given that `below` is zero before month `first`; returns the same bound
/// for `above`.
fn need_above(
    step: &Step,
    below: &[Decimal],
    above: &mut [Decimal],
    first: usize,
) -> Result<usize, ErrorKind> {
    let (whole, fraction) = step.lag_split()?;
    let divisor = RateDivisor::new(step.conversion_rate);
    let months = below.len();
    // Need in month `m` lands in months `m − whole` and, with a fractional
    // lag, `m − whole − 1`: months before `shift` would land before the
    // table (the layout's lead rules that out for a valid model).
    let shift = if fraction.is_zero() {
        whole
    } else {
        whole.checked_add(1).ok_or(ErrorKind::Overflow)?
    };
    for need in below.iter().take(shift).skip(first) {
        if !need.is_zero() {
            divisor.divide(*need)?;
            return Err(ErrorKind::Overflow);
        }
    }
    let start = first.max(shift);
    if start >= months {
        above.fill(Decimal::ZERO);
        return Ok(months);
    }
    let needs = below.get(start..).ok_or(ErrorKind::OutOfRange)?;
    // `above[start − shift..]` receives the needs from `start` on; all
    // before it is zero.
    let from = start.checked_sub(shift).ok_or(ErrorKind::OutOfRange)?;
    let (head, rest) = above.split_at_mut(from);
    head.fill(Decimal::ZERO);
    if fraction.is_zero() {
        let (body, tail) = rest.split_at_mut(needs.len());
        tail.fill(Decimal::ZERO);
        for (cell, need) in body.iter_mut().zip(needs) {
            *cell = if need.is_zero() {
                Decimal::ZERO
            } else {
                divisor.divide(*need)?
            };
        }
    } else {
        // Month `m`'s need splits into `(1 − φ)` of it in `m − whole` and the
        // rest in `m − whole − 1`, so cell `j` is the on-time part of month
        // `j + whole` plus the early part of month `j + whole + 1`, added in
        // that order as a table cell would receive them.
        let early_share = Decimal::ONE.checked_sub(fraction)?;
        let (body, tail) = rest.split_at_mut(needs.len());
        let (last, tail) = tail.split_first_mut().ok_or(ErrorKind::OutOfRange)?;
        tail.fill(Decimal::ZERO);
        let mut on_time_before = Decimal::ZERO;
        for (cell, need) in body.iter_mut().zip(needs) {
            let (on_time_part, early_part) = if need.is_zero() {
                (Decimal::ZERO, Decimal::ZERO)
            } else {
                let upper = divisor.divide(*need)?;
                let on_time_part = mul_by_rate(upper, early_share)?;
                (on_time_part, upper.checked_sub(on_time_part)?)
            };
            *cell = on_time_before.checked_add(early_part)?;
            on_time_before = on_time_part;
        }
        *last = on_time_before;
    }
    Ok(from)
}

/// One (segment, channel) column of a volume table, stored a stage at a
/// time: cell `(month, stage)` is at `first + month × stride + stage`.
struct Column {
    first: usize,
    stride: NonZeroUsize,
}

impl Column {
    fn new(layout: &VolumeLayout, segment: usize, channel: usize) -> Result<Self, ErrorKind> {
        Ok(Self {
            first: layout
                .index(0, segment, channel, 0)
                .ok_or(ErrorKind::OutOfRange)?,
            stride: NonZeroUsize::new(layout.cells_per_month()).ok_or(ErrorKind::OutOfRange)?,
        })
    }

    /// The cells of `stage`, month by month.
    fn cells<'c>(
        &self,
        cells: &'c mut [Decimal],
        stage: usize,
    ) -> impl Iterator<Item = &'c mut Decimal> {
        cells
            .iter_mut()
            .skip(self.first.saturating_add(stage))
            .step_by(self.stride.get())
    }

    /// Writes `volumes` (one per month) as `stage`.
    fn store(&self, cells: &mut [Decimal], stage: usize, volumes: &[Decimal]) {
        for (cell, volume) in self.cells(cells, stage).zip(volumes) {
            *cell = *volume;
        }
    }

    /// Writes zero into every month of `stage`.
    fn store_zero(&self, cells: &mut [Decimal], stage: usize) {
        for cell in self.cells(cells, stage) {
            *cell = Decimal::ZERO;
        }
    }
}

/// One (segment, channel) column of a volume table: cell `(month, stage)`
/// is at `first + month × stride + stage`.
pub(crate) struct Path {
    first: usize,
    stride: usize,
}

impl Path {
    pub(crate) fn new(
        layout: &VolumeLayout,
        segment: usize,
        channel: usize,
    ) -> Result<Self, ErrorKind> {
        Ok(Self {
            first: layout
                .index(0, segment, channel, 0)
                .ok_or(ErrorKind::OutOfRange)?,
            stride: layout.cells_per_month(),
        })
    }

    fn index(&self, month: usize, stage: usize) -> Result<usize, ErrorKind> {
        month
            .checked_mul(self.stride)
            .and_then(|i| i.checked_add(self.first))
            .and_then(|i| i.checked_add(stage))
            .ok_or(ErrorKind::OutOfRange)
    }

    pub(crate) fn get(
        &self,
        cells: &[Decimal],
        month: usize,
        stage: usize,
    ) -> Result<Decimal, ErrorKind> {
        cells
            .get(self.index(month, stage)?)
            .copied()
            .ok_or(ErrorKind::OutOfRange)
    }

    pub(crate) fn add(
        &self,
        cells: &mut [Decimal],
        month: usize,
        stage: usize,
        volume: Decimal,
    ) -> Result<(), ErrorKind> {
        let cell = cells
            .get_mut(self.index(month, stage)?)
            .ok_or(ErrorKind::OutOfRange)?;
        *cell = cell.checked_add(volume)?;
        Ok(())
    }
}
