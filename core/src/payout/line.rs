//! Statement lines: every figure of a statement with the rule and source
//! that produced it, so a payslip explains itself.

use core::fmt;

use crate::{Date, Decimal, Money};

/// What a statement line records.
///
/// Every line's `amount` is its effect on the period's net payout, so the
/// net is exactly the sum of the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum PayoutLineKind {
    /// An earnings line of the compensation engine dated in the period.
    Earnings,
    /// The compensation engine's rounding line of a per-total plan.
    Rounding,
    /// Year-to-date true-up: earnings recomputed through the period's end,
    /// minus the earnings already recognized and minus this period's lines.
    /// Non-zero when a gate opens, a cap binds or a credit arrives late.
    TrueUp,
    /// Part of a deal's commission held until a condition (negative).
    Hold,
    /// Held commission released by an event or a date (positive).
    Release,
    /// Held commission cancelled because the deal churned or contracted;
    /// never paid, so it has no effect on pay (`amount` is zero, `basis` is
    /// the amount cancelled).
    HoldCancelled,
    /// One instalment of the recovery of a clawed-back commission (negative).
    Clawback,
    /// The draw top-up that brings pay to the guaranteed minimum (positive).
    Draw,
    /// Recovery of an outstanding recoverable draw (negative).
    DrawRecovery,
    /// The negative balance carried in from earlier periods (negative).
    CarryIn,
    /// Lifts a negative net to zero; the same amount is carried forward as
    /// the new negative balance (positive).
    CarryOut,
}

/// One explained figure of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PayoutLine {
    /// What the line records.
    pub kind: PayoutLineKind,
    /// The rule that produced it: the earnings line's rule id, the plan id
    /// for a true-up, the holdback, clawback or draw rule id, 0 for a carry.
    pub rule_id: u32,
    /// The deal or activity the line comes from, when there is one.
    pub transaction_id: Option<u64>,
    /// The credit date for earnings lines, the event date for releases and
    /// clawback schedules, the period's last day otherwise.
    pub date: Date,
    /// The effect on the net payout, in plan currency.
    pub amount: Money,
    /// What `amount` was computed from, in the same currency: the deal's
    /// commission this period for a hold, the amount still held for a
    /// release or cancellation, the amount still to recover for a clawback
    /// instalment, the minimum for a draw, the pay above the minimum for a
    /// draw recovery; `amount` itself otherwise.
    pub basis: Decimal,
    /// The fraction applied to `basis`: the holdback share, the cumulative
    /// release share reached, the share cancelled, the recovery share of a
    /// draw; `1` otherwise.
    pub rate: Decimal,
    /// For earnings and rounding lines, the index of the compensation
    /// engine's line in the statement's `scratch` buffer: its explanation
    /// (kind, tier, rate, multiplier, gate or cap status). An index rather
    /// than a copy keeps statement lines small.
    pub earnings: Option<u32>,
    /// When the credit was in another currency: the index, in the
    /// request's `fx` list, of the rate that converted it (the rate and the
    /// date it came into force). Indices keep lines small.
    pub fx: Option<u16>,
}

impl PayoutLine {
    /// A blank line to fill an output buffer with (`[PayoutLine::EMPTY;
    /// 64]`): a zero USD earnings line on [`Date::MIN`]; it means nothing
    /// until the engine overwrites it.
    pub const EMPTY: PayoutLine = PayoutLine {
        kind: PayoutLineKind::Earnings,
        rule_id: 0,
        transaction_id: None,
        date: Date::MIN,
        amount: Money::zero(crate::Currency::USD),
        basis: Decimal::ZERO,
        rate: Decimal::ONE,
        earnings: None,
        fx: None,
    };
}

impl Default for PayoutLine {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl PayoutLineKind {
    /// The kind's name, as serialized (`true_up`, `hold`, …).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Earnings => "earnings",
            Self::Rounding => "rounding",
            Self::TrueUp => "true_up",
            Self::Hold => "hold",
            Self::Release => "release",
            Self::HoldCancelled => "hold_cancelled",
            Self::Clawback => "clawback",
            Self::Draw => "draw",
            Self::DrawRecovery => "draw_recovery",
            Self::CarryIn => "carry_in",
            Self::CarryOut => "carry_out",
        }
    }
}

/// `2026-01-31 hold rule 20 deal 7: -240.00 USD (480 × 0.5)`: the line's
/// own figures; an earnings line's rating is explained by the
/// [`crate::compensation::EarningsLine`] its `earnings` index points to.
impl fmt::Display for PayoutLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} rule {}",
            self.date,
            self.kind.name(),
            self.rule_id
        )?;
        if let Some(deal) = self.transaction_id {
            write!(f, " deal {deal}")?;
        }
        write!(f, ": {} ({} × {})", self.amount, self.basis, self.rate)
    }
}
