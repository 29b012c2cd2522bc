//! Rate tables: how much a credit earns, with the semantics of the leading
//! incentive-compensation systems.
//!
//! A table is a list of contiguous tiers `[lower, upper)` starting at zero.
//! A value exactly on a boundary (one tier's upper bound and the next one's
//! lower bound) belongs to the **higher** tier, as in Oracle Incentive
//! Compensation. Below zero (churn unwinding credit) the first tier applies;
//! above a bounded last tier the last tier's rate continues, except for
//! interpolated tables, which top out.
//!
//! A credit of `value` arriving on top of `prior` (0 when each transaction
//! is rated alone; the period's or year's earlier credit otherwise) earns
//! `F(prior + value) − F(prior)`, where `F` is the method's payout curve,
//! reported as one [`TierSlice`] per tier touched. Summing the slices of
//! a run of credits therefore gives `F(total)`: rating deal by deal and
//! rating the sum agree.

use crate::limits::{MAX_RATE_TIERS, MAX_SLICES};
use heapless::Vec;

use crate::{Decimal, Error, ErrorKind, ResultExt};

/// How a table turns a value into earnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum RateMethod {
    /// Marginal / progressive: each slice of the value earns its own tier's
    /// rate (1 500 on 0–1 000 at 1 %, 1 000–3 000 at 2 % earns 10 + 10).
    /// A table with one unbounded tier is a flat rate.
    Graduated,
    /// Highest tier reached / non-progressive: the whole value earns the rate
    /// of the tier it reaches (6 800 on 0–5 000 at 10 %, 5 000+ at 15 %
    /// earns 1 020). With cumulative bases, reaching a new tier re-rates the
    /// earlier credit through an adjustment slice.
    Retroactive,
    /// Amount table, proportional within a tier: each tier's `rate` is the
    /// **amount** earned across the tier's whole width, earned pro rata to
    /// the part of the width reached. Every tier must be bounded; above the
    /// last one nothing more is earned.
    Interpolated,
}

/// One tier: values from `lower` (included) to `upper` (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Tier {
    /// The tier's lower bound (equal to the previous tier's upper bound).
    pub lower: Decimal,
    /// The tier's upper bound; `None` for an open last tier.
    pub upper: Option<Decimal>,
    /// A fraction of the value (`0.05` = 5 %), an amount per unit for count
    /// measures, or the tier's amount for interpolated tables.
    pub rate: Decimal,
}

/// Tiers and the method that reads them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct RateTable {
    /// How the tiers are applied.
    pub method: RateMethod,
    /// Contiguous tiers, ascending, the first starting at zero.
    pub tiers: Vec<Tier, MAX_RATE_TIERS>,
}

/// Whether a slice rates the new credit or re-rates earlier credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum SliceKind {
    /// Part of the credit being rated.
    Marginal,
    /// A retroactive table's re-rating of the earlier credit (`prior`) at
    /// the difference between the new and the old tier's rates.
    RetroAdjustment,
}

/// A part of a credit and the tier rate it earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct TierSlice {
    /// Marginal or retroactive adjustment.
    pub kind: SliceKind,
    /// The tier used, from 0.
    pub tier: u8,
    /// The value rated (negative when credit is unwound).
    pub credit: Decimal,
    /// The rate applied (a rate difference for an adjustment).
    pub rate: Decimal,
    /// What `credit × rate` is divided by: 1, or the tier's width for an
    /// interpolated table.
    pub per: Decimal,
}

/// The slices one credit is rated in.
pub type Slices = Vec<TierSlice, MAX_SLICES>;

impl RateTable {
    /// A flat rate on every value.
    pub fn flat(rate: Decimal) -> RateTable {
        let mut tiers = Vec::new();
        // One push into an empty vector of capacity MAX_RATE_TIERS ≥ 1 succeeds.
        let _ = tiers.push(Tier {
            lower: Decimal::ZERO,
            upper: None,
            rate,
        });
        RateTable {
            method: RateMethod::Graduated,
            tiers,
        }
    }

    /// A marginal table from `(lower bound, rate)` pairs in ascending order:
    /// each tier ends where the next starts, the last is open.
    /// `graduated(&[(dec!(0), dec!(0.05)), (dec!(10000), dec!(0.08))])` pays
    /// 5 % up to 10 000 and 8 % above. Fails naming `tiers` past
    /// [`MAX_RATE_TIERS`]; [`RateTable::validate`] checks the rest.
    pub fn graduated(tiers: &[(Decimal, Decimal)]) -> Result<RateTable, Error> {
        RateTable::tiered(RateMethod::Graduated, tiers)
    }

    /// A table of `method` from `(lower bound, rate)` pairs, as
    /// [`RateTable::graduated`] reads them.
    pub fn tiered(method: RateMethod, tiers: &[(Decimal, Decimal)]) -> Result<RateTable, Error> {
        let uppers = tiers.iter().skip(1).map(|&(lower, _)| Some(lower));
        let tiers = tiers
            .iter()
            .zip(uppers.chain(core::iter::once(None)))
            .map(|(&(lower, rate), upper)| Tier { lower, upper, rate });
        let mut table = RateTable {
            method,
            tiers: Vec::new(),
        };
        for tier in tiers {
            table
                .tiers
                .push(tier)
                .map_err(|_| ErrorKind::TooMany {
                    max: MAX_RATE_TIERS as u32,
                })
                .at("tiers")?;
        }
        Ok(table)
    }

    /// Checks the tiers are non-empty, start at zero, are sorted and
    /// contiguous (no gap, no overlap), and have non-negative rates.
    pub fn validate(&self) -> Result<(), Error> {
        let first = self.tiers.first().ok_or(ErrorKind::Empty).at("tiers")?;
        if !first.lower.is_zero() {
            return Err(
                Error::from(ErrorKind::Invalid("the first tier must start at zero"))
                    .at("lower")
                    .at_index("tiers", 0),
            );
        }
        let last_index = self.tiers.len().saturating_sub(1);
        let mut previous: Option<&Tier> = None;
        for (i, tier) in self.tiers.iter().enumerate() {
            let at = |e: Error| e.at_index("tiers", i);
            if tier.rate.is_negative() {
                return Err(at(Error::from(ErrorKind::Negative).at("rate")));
            }
            if let Some(prev) = previous {
                if tier.lower < prev.lower {
                    return Err(at(
                        Error::from(ErrorKind::Invalid("tier bounds unsorted")).at("lower")
                    ));
                }
                match prev.upper {
                    None => {
                        return Err(Error::from(ErrorKind::Invalid(
                            "only the last tier may be unbounded",
                        ))
                        .at("upper")
                        .at_index("tiers", i.saturating_sub(1)))
                    }
                    Some(upper) if tier.lower < upper => {
                        return Err(at(
                            Error::from(ErrorKind::Invalid("tiers overlap")).at("lower")
                        ))
                    }
                    Some(upper) if tier.lower > upper => {
                        return Err(at(
                            Error::from(ErrorKind::Invalid("tiers leave a gap")).at("lower")
                        ))
                    }
                    Some(_) => {}
                }
            }
            match tier.upper {
                Some(upper) if upper <= tier.lower => {
                    return Err(at(Error::from(ErrorKind::Invalid(
                        "tier upper bound not above its lower bound",
                    ))
                    .at("upper")))
                }
                None if self.method == RateMethod::Interpolated && i == last_index => {
                    return Err(at(Error::from(ErrorKind::Invalid(
                        "interpolated tables need a bounded last tier",
                    ))
                    .at("upper")))
                }
                _ => {}
            }
            previous = Some(tier);
        }
        Ok(())
    }

    /// The rate of a table with one endless tier, which rates the whole
    /// value at it wherever the prior stands (what the walks in
    /// [`RateTable::rate`] give for such a table): the rating loop checks
    /// it inline and skips the walk.
    #[inline]
    pub fn flat_rate(&self) -> Option<Decimal> {
        match self.tiers.as_slice() {
            [only] if only.upper.is_none() && self.method != RateMethod::Interpolated => {
                Some(only.rate)
            }
            _ => None,
        }
    }

    /// Rates `value` arriving on top of `prior` into `slices` (cleared
    /// first; filled in place so the hot path copies nothing). Bounds are
    /// multiplied by `scale` when given (tiers on attainment: bounds are
    /// fractions of the quota, `scale` is the quota). The table must be valid.
    pub fn rate(
        &self,
        prior: Decimal,
        value: Decimal,
        scale: Option<Decimal>,
        slices: &mut Slices,
    ) -> Result<(), ErrorKind> {
        slices.clear();
        if let Some(rate) = self.flat_rate() {
            return push(slices, SliceKind::Marginal, 0, value, rate, Decimal::ONE);
        }
        let end = prior.checked_add(value)?;
        match self.method {
            RateMethod::Graduated | RateMethod::Interpolated => {
                self.marginal_slices(prior, end, scale, slices)?;
            }
            RateMethod::Retroactive => {
                let (new_tier, new_rate) = self.tier_at(end, scale)?;
                push(
                    slices,
                    SliceKind::Marginal,
                    new_tier,
                    value,
                    new_rate,
                    Decimal::ONE,
                )?;
                let (old_tier, old_rate) = self.tier_at(prior, scale)?;
                if old_tier != new_tier && !prior.is_zero() {
                    let difference = new_rate.checked_sub(old_rate)?;
                    push(
                        slices,
                        SliceKind::RetroAdjustment,
                        new_tier,
                        prior,
                        difference,
                        Decimal::ONE,
                    )?;
                }
            }
        }
        if slices.is_empty() {
            // A zero credit still leaves an explained (zero) line.
            let (tier, rate) = self.tier_at(prior, scale)?;
            push(
                slices,
                SliceKind::Marginal,
                tier,
                Decimal::ZERO,
                rate,
                self.per(tier, scale)?,
            )?;
        }
        Ok(())
    }

    /// The tier a value falls in (a boundary value takes the higher tier;
    /// below zero, the first) and its rate.
    fn tier_at(&self, value: Decimal, scale: Option<Decimal>) -> Result<(u8, Decimal), ErrorKind> {
        let mut found = (0u8, self.tiers.first().map_or(Decimal::ZERO, |t| t.rate));
        for (i, tier) in self.tiers.iter().enumerate() {
            if scaled(tier.lower, scale)? <= value {
                found = (tier_index(i), tier.rate);
            } else {
                break;
            }
        }
        Ok(found)
    }

    /// The interval `[prior, end]` (either way round) cut at tier bounds.
    fn marginal_slices(
        &self,
        prior: Decimal,
        end: Decimal,
        scale: Option<Decimal>,
        slices: &mut Slices,
    ) -> Result<(), ErrorKind> {
        let (low, high, sign) = if end >= prior {
            (prior, end, false)
        } else {
            (end, prior, true)
        };
        let last = self.tiers.len().saturating_sub(1);
        for (i, tier) in self.tiers.iter().enumerate() {
            // Unscaled, a tier other than the last that ends at or below the
            // interval's start gives no slice and, starting below `high`,
            // does not end the loop: skip it without the comparisons below.
            if scale.is_none()
                && i != last
                && tier.upper.is_some_and(|upper| upper <= low)
                && (i == 0 || tier.lower < high)
            {
                continue;
            }
            // The first tier reaches down below zero; the last one up without
            // end, at zero rate for a topped-out interpolated table.
            let lower = if i == 0 {
                low
            } else {
                let bound = scaled(tier.lower, scale)?;
                if bound >= high {
                    // Bounds ascend: this tier and every later one start at
                    // or above the interval's end (and so does the last
                    // tier's top), so nothing more to slice.
                    break;
                }
                bound.max(low)
            };
            let upper = match tier.upper {
                Some(upper) => scaled(upper, scale)?.min(high),
                None => high,
            };
            if upper > lower {
                let width = upper.checked_sub(lower)?;
                let credit = if sign { width.neg() } else { width };
                push(
                    slices,
                    SliceKind::Marginal,
                    tier_index(i),
                    credit,
                    tier.rate,
                    self.per(tier_index(i), scale)?,
                )?;
            }
            if i == last {
                if let Some(top) = tier.upper {
                    let top = scaled(top, scale)?;
                    if high > top {
                        let beyond = high.checked_sub(top.max(low))?;
                        let credit = if sign { beyond.neg() } else { beyond };
                        let (rate, per) = match self.method {
                            RateMethod::Interpolated => (Decimal::ZERO, Decimal::ONE),
                            _ => (tier.rate, Decimal::ONE),
                        };
                        push(
                            slices,
                            SliceKind::Marginal,
                            tier_index(i),
                            credit,
                            rate,
                            per,
                        )?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The divisor of a tier's slices: its width for interpolated tables.
    fn per(&self, tier: u8, scale: Option<Decimal>) -> Result<Decimal, ErrorKind> {
        if self.method != RateMethod::Interpolated {
            return Ok(Decimal::ONE);
        }
        let tier = self
            .tiers
            .get(usize::from(tier))
            .ok_or(ErrorKind::OutOfRange)?;
        let upper = tier.upper.ok_or(ErrorKind::Invalid(
            "interpolated tables need a bounded last tier",
        ))?;
        scaled(upper.checked_sub(tier.lower)?, scale)
    }
}

fn scaled(bound: Decimal, scale: Option<Decimal>) -> Result<Decimal, ErrorKind> {
    match scale {
        None => Ok(bound),
        Some(scale) => bound.checked_mul(scale),
    }
}

fn tier_index(i: usize) -> u8 {
    // Tables hold at most MAX_RATE_TIERS (8) tiers.
    u8::try_from(i).unwrap_or(u8::MAX)
}

fn push(
    slices: &mut Slices,
    kind: SliceKind,
    tier: u8,
    credit: Decimal,
    rate: Decimal,
    per: Decimal,
) -> Result<(), ErrorKind> {
    slices
        .push(TierSlice {
            kind,
            tier,
            credit,
            rate,
            per,
        })
        .map_err(|_| ErrorKind::TooMany {
            max: MAX_SLICES as u32,
        })
}
