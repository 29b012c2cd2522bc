//! The one layout of every funnel volume table, and the integer ceilings
//! reported from it.
//!
//! A table is a flat `&mut [Decimal]` owned by the caller (a 144-month,
//! 8 × 4 × 8 table is 36,864 decimals, too large for the stack), indexed
//! month-major:
//!
//! ```text
//! index = ((month × segments + segment) × channels + channel) × stages + stage
//! ```
//!
//! so one month's figures are contiguous (the capacity engine reads a month
//! at a time). Table month `m` is goal month `m − lead_months`: the first
//! `lead_months` rows are the months before the goal in which the top of the
//! funnel must already be filled.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::model::FunnelModel;
use crate::limits::{MAX_GOAL_MONTHS, MAX_LEAD_MONTHS};
use crate::Decimal;
use core::num::NonZeroUsize;

/// Rows of the longest table: the engines keep one path's stage columns on
/// the stack.
pub(crate) const MAX_ROWS: usize = MAX_GOAL_MONTHS + MAX_LEAD_MONTHS;

/// Dimensions of a volume table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct VolumeLayout {
    /// Months before the first goal month (rows `0..lead_months`).
    pub lead_months: usize,
    /// Goal months (rows `lead_months..lead_months + horizon_months`).
    pub horizon_months: usize,
    /// Segments, in model order.
    pub segments: usize,
    /// Channels, in model order.
    pub channels: usize,
    /// Stages, in model order (top of funnel first).
    pub stages: usize,
}

impl VolumeLayout {
    /// The layout for `model` over `horizon_months` goal months, with the
    /// model's lead in front. Validates the model.
    pub fn for_model(model: &FunnelModel<'_>, horizon_months: usize) -> Result<Self, Error> {
        model.validate()?;
        check_horizon(horizon_months).at("horizon_months")?;
        Self::for_valid_model(model, horizon_months)
    }

    /// [`VolumeLayout::for_model`] for a model already validated and a
    /// horizon already checked with [`check_horizon`].
    pub(crate) fn for_valid_model(
        model: &FunnelModel<'_>,
        horizon_months: usize,
    ) -> Result<Self, Error> {
        Ok(Self {
            lead_months: model.lead_months()?,
            horizon_months,
            segments: model.segments.len(),
            channels: model.channels.len(),
            stages: model.stages.len(),
        })
    }

    /// Rows of the table: lead months plus goal months.
    pub fn months(&self) -> usize {
        self.lead_months.saturating_add(self.horizon_months)
    }

    /// Cells one month holds.
    pub fn cells_per_month(&self) -> usize {
        self.segments
            .saturating_mul(self.channels)
            .saturating_mul(self.stages)
    }

    /// Cells of the whole table: the buffer length a caller provides.
    pub fn len(&self) -> usize {
        self.months().saturating_mul(self.cells_per_month())
    }

    /// Whether the table has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where `(month, segment, channel, stage)` lives; `None` outside the table.
    pub fn index(
        &self,
        month: usize,
        segment: usize,
        channel: usize,
        stage: usize,
    ) -> Option<usize> {
        if month >= self.months()
            || segment >= self.segments
            || channel >= self.channels
            || stage >= self.stages
        {
            return None;
        }
        month
            .checked_mul(self.segments)?
            .checked_add(segment)?
            .checked_mul(self.channels)?
            .checked_add(channel)?
            .checked_mul(self.stages)?
            .checked_add(stage)
    }

    /// The table month of goal month `goal_month` (0 = first goal month).
    pub fn table_month(&self, goal_month: usize) -> Option<usize> {
        self.lead_months.checked_add(goal_month)
    }

    /// `buffer[..len()]`, or [`ErrorKind::BufferTooSmall`].
    pub(crate) fn cells<'b>(&self, buffer: &'b mut [Decimal]) -> Result<&'b mut [Decimal], Error> {
        let needed = self.len();
        buffer
            .get_mut(..needed)
            .ok_or(ErrorKind::BufferTooSmall {
                needed: u32::try_from(needed).unwrap_or(u32::MAX),
            })
            .map_err(Error::from)
    }
}

/// One (segment, channel) column of a volume table, read and written a
/// stage at a time: cell `(month, stage)` is at
/// `first + month × stride + stage`.
pub(crate) struct Column {
    first: usize,
    stride: NonZeroUsize,
}

impl Column {
    pub(crate) fn new(
        layout: &VolumeLayout,
        segment: usize,
        channel: usize,
    ) -> Result<Self, ErrorKind> {
        Ok(Self {
            first: layout
                .index(0, segment, channel, 0)
                .ok_or(ErrorKind::OutOfRange)?,
            stride: NonZeroUsize::new(layout.cells_per_month()).ok_or(ErrorKind::OutOfRange)?,
        })
    }

    /// The cells of `stage`, month by month.
    pub(crate) fn cells<'c>(
        &self,
        cells: &'c mut [Decimal],
        stage: usize,
    ) -> impl Iterator<Item = &'c mut Decimal> {
        cells
            .iter_mut()
            .skip(self.first.saturating_add(stage))
            .step_by(self.stride.get())
    }

    /// Writes zero into every month of `stage`.
    pub(crate) fn store_zero(&self, cells: &mut [Decimal], stage: usize) {
        for cell in self.cells(cells, stage) {
            *cell = Decimal::ZERO;
        }
    }
}

/// Fails unless a goal horizon has `1..=MAX_GOAL_MONTHS` months.
pub(crate) fn check_horizon(months: usize) -> Result<(), ErrorKind> {
    if months == 0 {
        return Err(ErrorKind::Empty);
    }
    if months > MAX_GOAL_MONTHS {
        return Err(ErrorKind::TooMany {
            max: MAX_GOAL_MONTHS as u32,
        });
    }
    Ok(())
}

/// The whole number of units a fractional volume needs: its ceiling, with
/// no tolerance ([`Decimal::ceil_units`]); negative volumes report 0. The
/// reverse funnel writes every cell as its exact need rounded **up** at the
/// ninth digit, so this is the ceiling of the exact need: 35.00000049 SQLs
/// are 36. This is the only place a volume becomes an integer, so integers
/// are never chained.
pub fn whole_units(volume: Decimal) -> Result<u64, ErrorKind> {
    volume.ceil_units()
}

/// Writes [`whole_units`] of every `fractional` cell into `out`.
pub fn whole_units_table(fractional: &[Decimal], out: &mut [u64]) -> Result<(), Error> {
    let needed = fractional.len();
    let out = out
        .get_mut(..needed)
        .ok_or(ErrorKind::BufferTooSmall {
            needed: u32::try_from(needed).unwrap_or(u32::MAX),
        })
        .at("out")?;
    for (i, (cell, volume)) in out.iter_mut().zip(fractional).enumerate() {
        *cell = whole_units(*volume).at_index("fractional", i)?;
    }
    Ok(())
}
