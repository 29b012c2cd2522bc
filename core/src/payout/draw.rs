//! Draws: a guaranteed minimum pay per period while a rep ramps.
//!
//! When a period's pay (after holds, clawbacks and any carried balance) is
//! below the minimum, the draw tops it up. A **recoverable** draw adds the
//! top-up to an outstanding balance that later periods recover from the
//! pay above the minimum, by `recovery_share`, from `recover_from` on; a
//! recovery never takes pay below the minimum in force. A
//! **non-recoverable** draw is a guarantee: nothing is owed back.

use crate::{Date, Decimal, Error, ErrorKind, Money, Period, ResultExt, RoundingMode};

use super::ledger::Ledger;
use super::line::{PayoutLine, PayoutLineKind};
use super::relief::QuotaRelief;

/// Whether the draw is owed back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum DrawKind {
    /// An advance against future earnings.
    Recoverable,
    /// A guarantee.
    NonRecoverable,
}

/// A minimum pay per statement period while the draw is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct DrawPolicy {
    /// The rule id carried by draw and recovery lines.
    pub id: u32,
    /// Recoverable or not.
    pub kind: DrawKind,
    /// The minimum pay for a whole period, in plan currency, whole minor
    /// units; prorated by the days of the period the draw is in force (and
    /// the participant active).
    pub amount: Decimal,
    /// The days the draw is in force.
    pub in_force: Period,
    /// The fraction of pay above the minimum that recovers the outstanding
    /// draw (`0.5` = 50 %).
    pub recovery_share: Decimal,
    /// Recovery starts with the period containing this date.
    pub recover_from: Date,
}

impl DrawPolicy {
    /// Checks the amount and the share.
    pub fn validate(&self, currency: crate::Currency) -> Result<(), Error> {
        if self.amount.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("amount"));
        }
        if !self.amount.fits_places(currency.minor_units()) {
            return Err(Error::from(ErrorKind::SubMinorUnit { currency }).at("amount"));
        }
        if self.recovery_share.is_negative() || self.recovery_share > Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("recovery_share"));
        }
        Ok(())
    }

    /// The minimum for `period`: the amount × active days in force ÷ days
    /// in the period, rounded once.
    fn minimum(
        &self,
        period: Period,
        relief: Option<&QuotaRelief>,
        mode: RoundingMode,
        currency: crate::Currency,
    ) -> Result<Decimal, Error> {
        let Some(in_force) = period.intersect(self.in_force) else {
            return Ok(Decimal::ZERO);
        };
        let active = match relief {
            Some(relief) => relief.active_days(in_force).at("relief")?,
            None => in_force.days(),
        };
        if active == period.days() {
            return Ok(self.amount);
        }
        crate::prorate_days(
            Money::new(self.amount, currency),
            active,
            period.days(),
            mode,
        )
        .map(|m| m.amount())
        .at("amount")
    }
}

/// Tops the net up to the minimum, or recovers the outstanding draw from
/// the pay above it; updates `outstanding`.
pub(crate) fn apply(
    draw: &DrawPolicy,
    period: Period,
    relief: Option<&QuotaRelief>,
    mode: RoundingMode,
    outstanding: &mut Money,
    ledger: &mut Ledger<'_>,
) -> Result<(), Error> {
    let currency = ledger.currency;
    let minimum = draw.minimum(period, relief, mode, currency)?;
    let available = ledger.net();
    // A negative net is a debt to carry, not pay the draw should cover.
    let pay = available.max(Decimal::ZERO);
    if pay < minimum {
        let top_up = minimum.checked_sub(pay).at("amount")?;
        if draw.kind == DrawKind::Recoverable {
            *outstanding = outstanding
                .checked_add(Money::new(top_up, currency))
                .at("draw_outstanding")?;
        }
        return ledger.push(PayoutLine {
            kind: PayoutLineKind::Draw,
            rule_id: draw.id,
            transaction_id: None,
            date: period.last(),
            amount: Money::new(top_up, currency),
            basis: minimum,
            rate: Decimal::ONE,
            earnings: None,
            fx: None,
        });
    }
    if !outstanding.amount().is_positive() || period.last() < draw.recover_from {
        return Ok(());
    }
    let above = pay.checked_sub(minimum).at("amount")?;
    let recovery = above
        .mul_round(
            draw.recovery_share,
            currency.minor_units(),
            RoundingMode::Down,
        )
        .at("recovery_share")?
        .min(outstanding.amount());
    if !recovery.is_positive() {
        return Ok(());
    }
    *outstanding = outstanding
        .checked_sub(Money::new(recovery, currency))
        .at("draw_outstanding")?;
    ledger.push(PayoutLine {
        kind: PayoutLineKind::DrawRecovery,
        rule_id: draw.id,
        transaction_id: None,
        date: period.last(),
        amount: Money::new(recovery.neg(), currency),
        basis: above,
        rate: draw.recovery_share,
        earnings: None,
        fx: None,
    })
}
