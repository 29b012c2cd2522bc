//! The funnel model: segments (tiers), channels and the conversion steps
//! between stages, with a conversion rate and a lag per step.
//!
//! The model is rectangular on purpose: every segment lists one
//! [`ChannelFunnel`] per model channel, and every channel one [`Step`] per
//! pair of consecutive model stages. A channel that skips a stage (outbound
//! often has no MQL) uses a rate of 1 and a lag of 0 there. Rectangular
//! models give the volume tables one documented layout
//! ([`crate::funnel::VolumeLayout`]) that the capacity engine can index.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::stage::Stage;
use crate::limits::{MAX_CHANNELS, MAX_LEAD_MONTHS, MAX_SEGMENTS, MAX_STAGES};
use crate::Channel;
use crate::{Currency, Decimal, Money, NANOS_PER_UNIT};

/// One conversion step, from a stage to the next one down the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Step {
    /// Fraction of the upper stage's volume that reaches the next stage,
    /// in `[0, 1]` (`0.25` = 25 %).
    pub conversion_rate: Decimal,
    /// Months between entering the upper stage and reaching the next one;
    /// fractional lags split volume between the two neighbouring months
    /// (see [`Step::lag_split`]).
    pub lag_months: Decimal,
}

impl Step {
    /// Checks the rate lies in `[0, 1]` and the lag is non-negative and
    /// within [`MAX_LEAD_MONTHS`].
    pub fn validate(&self) -> Result<(), Error> {
        check_fraction(self.conversion_rate).at("conversion_rate")?;
        if self.lag_months.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("lag_months"));
        }
        if self.lag_months > Decimal::from_int(MAX_LEAD_MONTHS as i64) {
            return Err(Error::from(ErrorKind::OutOfRange).at("lag_months"));
        }
        Ok(())
    }

    /// The lag as whole months `f` and fraction `φ`: volume entering in month
    /// `m` reaches the next stage `(1 − φ)` in month `m + f` and `φ` in month
    /// `m + f + 1`. This linear interpolation keeps every unit of volume
    /// (the two parts sum to the whole) and makes a 1.5-month lag land half
    /// in each neighbouring month.
    pub fn lag_split(&self) -> Result<(usize, Decimal), ErrorKind> {
        // A valid lag is 0..=24 months, so its nanos fit u64 and the split is
        // two divisions by a constant.
        let nanos = u64::try_from(self.lag_months.nanos()).map_err(|_| ErrorKind::OutOfRange)?;
        let months = nanos
            .checked_div(NANOS_PER_UNIT)
            .ok_or(ErrorKind::DivisionByZero)?;
        let fraction = nanos
            .checked_rem(NANOS_PER_UNIT)
            .ok_or(ErrorKind::DivisionByZero)?;
        Ok((
            usize::try_from(months).map_err(|_| ErrorKind::OutOfRange)?,
            Decimal::from_nanos(i128::from(fraction))?,
        ))
    }

    /// Whole months this step can shift volume: the lag rounded up.
    pub fn lag_reach(&self) -> Result<usize, ErrorKind> {
        let (months, fraction) = self.lag_split()?;
        if fraction.is_zero() {
            Ok(months)
        } else {
            months.checked_add(1).ok_or(ErrorKind::Overflow)
        }
    }
}

/// One channel of one segment: its share of the segment's new deals and the
/// conversion steps from the model's first stage down to its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChannelFunnel<'a> {
    /// Fraction of the segment's new deals this channel must produce, in
    /// `[0, 1]`; a segment's channel shares sum to exactly 1.
    pub share: Decimal,
    /// `steps[k]` converts model stage `k` into stage `k + 1`.
    pub steps: &'a [Step],
}

impl ChannelFunnel<'_> {
    /// Checks the share, the step count and every step; a channel with a
    /// positive share needs every rate positive (a zero rate would need an
    /// infinite volume above it).
    pub fn validate(&self, stages: usize, needed: bool) -> Result<(), Error> {
        check_fraction(self.share).at("share")?;
        if self.steps.len().saturating_add(1) != stages {
            return Err(Error::from(ErrorKind::Invalid(
                "a channel needs one step per pair of consecutive model stages",
            ))
            .at("steps"));
        }
        let mut reach = 0usize;
        for (i, step) in self.steps.iter().enumerate() {
            step.validate().at_index("steps", i)?;
            if needed && self.share.is_positive() && step.conversion_rate.is_zero() {
                return Err(Error::from(ErrorKind::Invalid(
                    "zero conversion rate on a path that must produce deals",
                ))
                .at("conversion_rate")
                .at_index("steps", i));
            }
            reach = reach
                .checked_add(step.lag_reach().at_index("steps", i)?)
                .ok_or(ErrorKind::Overflow)
                .at("steps")?;
        }
        if reach > MAX_LEAD_MONTHS {
            return Err(Error::from(ErrorKind::Invalid(
                "total lag along a channel exceeds MAX_LEAD_MONTHS",
            ))
            .at("steps"));
        }
        Ok(())
    }

    /// Whole months between entering the first stage and reaching the last
    /// one, each step's lag rounded up.
    pub fn lead_months(&self) -> Result<usize, ErrorKind> {
        self.steps.iter().try_fold(0usize, |acc, step| {
            acc.checked_add(step.lag_reach()?)
                .ok_or(ErrorKind::Overflow)
        })
    }
}

/// One segment (tier): its deal size, its share of new MRR and its channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SegmentFunnel<'a> {
    /// New MRR one deal brings, positive, in the model's currency.
    pub mrr_per_deal: Money,
    /// Fraction of the total new MRR this segment must bring, in `[0, 1]`;
    /// the segments' shares sum to exactly 1.
    pub mrr_share: Decimal,
    /// One entry per model channel, in the model's channel order.
    pub channels: &'a [ChannelFunnel<'a>],
}

impl SegmentFunnel<'_> {
    /// Checks deal size, share and channels against a model with `stages`
    /// stages, `channels` channels and currency `currency`.
    pub fn validate(
        &self,
        currency: Currency,
        stages: usize,
        channels: usize,
    ) -> Result<(), Error> {
        self.mrr_per_deal
            .expect_currency(currency)
            .at("mrr_per_deal")?;
        if !self.mrr_per_deal.amount().is_positive() {
            return Err(Error::from(ErrorKind::NotPositive).at("mrr_per_deal"));
        }
        check_fraction(self.mrr_share).at("mrr_share")?;
        if self.channels.len() != channels {
            return Err(Error::from(ErrorKind::Invalid(
                "a segment needs one entry per model channel",
            ))
            .at("channels"));
        }
        let needed = self.mrr_share.is_positive();
        let mut total = Decimal::ZERO;
        for (i, channel) in self.channels.iter().enumerate() {
            channel.validate(stages, needed).at_index("channels", i)?;
            total = total.checked_add(channel.share).at_index("channels", i)?;
        }
        if total != Decimal::ONE {
            return Err(
                Error::from(ErrorKind::Invalid("channel shares must sum to 1")).at("channels"),
            );
        }
        Ok(())
    }
}

/// A whole funnel: which stages and channels exist and each segment's path
/// through them. The last stage is where deals count: each unit of volume
/// reaching it brings its segment's `mrr_per_deal` of new MRR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FunnelModel<'a> {
    /// The currency of every amount in the model.
    pub currency: Currency,
    /// The stages used, top of funnel first, strictly in [`Stage`] order.
    pub stages: &'a [Stage],
    /// The channels used, each at most once.
    pub channels: &'a [Channel],
    /// The segments (tiers).
    pub segments: &'a [SegmentFunnel<'a>],
}

impl FunnelModel<'_> {
    /// Checks limits, orderings, shares and every segment.
    pub fn validate(&self) -> Result<(), Error> {
        check_len(self.stages.len(), MAX_STAGES).at("stages")?;
        if self.stages.len() < 2 {
            return Err(
                Error::from(ErrorKind::Invalid("a funnel needs at least two stages")).at("stages"),
            );
        }
        if self
            .stages
            .windows(2)
            .any(|w| matches!(w, [a, b] if a >= b))
        {
            return Err(Error::from(ErrorKind::Invalid(
                "stages must be in funnel order without repeats",
            ))
            .at("stages"));
        }
        check_len(self.channels.len(), MAX_CHANNELS).at("channels")?;
        for (i, channel) in self.channels.iter().enumerate() {
            if self.channels.iter().take(i).any(|c| c == channel) {
                return Err(
                    Error::from(ErrorKind::Invalid("channel listed twice")).at_index("channels", i)
                );
            }
        }
        check_len(self.segments.len(), MAX_SEGMENTS).at("segments")?;
        let mut total = Decimal::ZERO;
        for (i, segment) in self.segments.iter().enumerate() {
            segment
                .validate(self.currency, self.stages.len(), self.channels.len())
                .at_index("segments", i)?;
            total = total
                .checked_add(segment.mrr_share)
                .at_index("segments", i)?;
        }
        if total != Decimal::ONE {
            return Err(
                Error::from(ErrorKind::Invalid("segment shares must sum to 1")).at("segments"),
            );
        }
        Ok(())
    }

    /// The longest lead (whole months) over every channel path: how many
    /// months before the first goal month the funnel must start.
    pub fn lead_months(&self) -> Result<usize, Error> {
        let mut lead = 0usize;
        for (s, segment) in self.segments.iter().enumerate() {
            for (c, channel) in segment.channels.iter().enumerate() {
                let months = channel
                    .lead_months()
                    .at_index("channels", c)
                    .at_index("segments", s)?;
                lead = lead.max(months);
            }
        }
        Ok(lead)
    }
}

/// Fails unless `value` lies in `[0, 1]`.
pub(crate) fn check_fraction(value: Decimal) -> Result<(), ErrorKind> {
    if value.is_negative() || value > Decimal::ONE {
        Err(ErrorKind::OutOfRange)
    } else {
        Ok(())
    }
}

/// Fails unless `1 ≤ len ≤ max`.
pub(crate) fn check_len(len: usize, max: usize) -> Result<(), ErrorKind> {
    if len > max {
        Err(ErrorKind::TooMany {
            max: u32::try_from(max).unwrap_or(u32::MAX),
        })
    } else if len == 0 {
        Err(ErrorKind::Empty)
    } else {
        Ok(())
    }
}
