//! What the caller reports about a deal after booking: the customer went
//! live, paid, churned or contracted. Holds are released and commissions
//! clawed back on these events, never guessed.

use crate::{Date, Decimal, Error, ErrorKind, Period};

/// What happened to a booked deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum EventKind {
    /// The customer is live (first real use); `level` is the fulfilment
    /// reached (share of seats or modules live).
    CustomerLive,
    /// Payment received; `level` is the share of the first invoice paid.
    FirstPayment,
    /// The customer left; `level` must be 1.
    Churn,
    /// The customer reduced the subscription; `level` is the share of the
    /// deal's recurring revenue lost.
    Contraction,
}

/// One event on one deal, reported in the period it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PayoutEvent {
    /// The deal (transaction id) the event concerns.
    pub transaction_id: u64,
    /// What happened.
    pub kind: EventKind,
    /// When it happened; must fall in the statement period.
    pub date: Date,
    /// A fraction from 0 (excluded) to 1: fulfilment for live and payment
    /// events, the share lost for contraction, 1 for churn.
    pub level: Decimal,
}

impl PayoutEvent {
    /// Checks the date falls in `period` and the level is a fraction.
    pub fn validate(&self, period: Period) -> Result<(), Error> {
        if !period.contains(self.date) {
            return Err(
                Error::from(ErrorKind::Invalid("event outside the statement period")).at("date"),
            );
        }
        if !self.level.is_positive() || self.level > Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("level"));
        }
        if self.kind == EventKind::Churn && self.level != Decimal::ONE {
            return Err(
                Error::from(ErrorKind::Invalid("a churn loses the whole deal")).at("level"),
            );
        }
        Ok(())
    }
}
