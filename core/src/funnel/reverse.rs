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
use crate::funnel::model::{FunnelModel, MAX_MONTHS};
use crate::{Decimal, Money, RoundingMode, SCALE};

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
    cells.fill(Decimal::ZERO);
    let bottom = layout.stages.saturating_sub(1);
    let mut segment_deals = [Decimal::ZERO; MAX_MONTHS];
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
            if segment.mrr_share.is_zero() || channel.share.is_zero() {
                continue;
            }
            let path = Path::new(&layout, s, c)?;
            for (t, deals) in segment_deals.iter().take(new_mrr.len()).enumerate() {
                let month = layout.table_month(t).ok_or(ErrorKind::Overflow)?;
                path.add(cells, month, bottom, mul_by_rate(*deals, channel.share)?)?;
            }
            for (k, step) in channel.steps.iter().enumerate().rev() {
                let (whole, fraction) = step.lag_split()?;
                let early_share = Decimal::ONE.checked_sub(fraction)?;
                let divisor = RateDivisor::new(step.conversion_rate);
                for month in 0..layout.months() {
                    let need = path.get(cells, month, k.saturating_add(1))?;
                    if need.is_zero() {
                        continue;
                    }
                    let upper = divisor.divide(need)?;
                    let on_time = month.checked_sub(whole).ok_or(ErrorKind::Overflow)?;
                    if fraction.is_zero() {
                        path.add(cells, on_time, k, upper)?;
                    } else {
                        let on_time_part = mul_by_rate(upper, early_share)?;
                        let early_part = upper.checked_sub(on_time_part)?;
                        let early = on_time.checked_sub(1).ok_or(ErrorKind::Overflow)?;
                        path.add(cells, on_time, k, on_time_part)?;
                        path.add(cells, early, k, early_part)?;
                    }
                }
            }
        }
    }
    Ok(layout)
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
