//! An account as the tiering engine sees it: its expected first-year value
//! and the attributes that drive the cost to serve it.

use crate::currency::Currency;
use crate::decimal::Decimal;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::limits::MAX_TAGS;

use crate::money::Money;

/// One account (customer or prospect) to tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Account {
    /// The caller's id; carried, never interpreted.
    pub id: u64,
    /// Expected first-year value: the ACV, or MRR × 12
    /// ([`first_year_value_from_mrr`]). In the policy's currency, ≥ 0.
    pub first_year_value: Money,
    /// Employees of the customer organization.
    pub employees: u32,
    /// Stakeholders who must agree to the purchase (decision makers).
    pub decision_makers: u32,
    /// Whether the sale needs a technical integration.
    pub technical_integration: bool,
    /// Whether the sale needs a security review.
    pub security_review: bool,
    /// Region id, below [`MAX_TAGS`].
    pub region: u8,
    /// Vertical (industry) id, below [`MAX_TAGS`].
    pub vertical: u8,
}

impl Account {
    /// The value is in `currency` and not negative; the tags are in range.
    pub fn validate(&self, currency: Currency) -> Result<(), Error> {
        self.first_year_value
            .expect_currency(currency)
            .at("first_year_value")?;
        if self.first_year_value.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("first_year_value"));
        }
        if self.region >= MAX_TAGS {
            return Err(Error::from(ErrorKind::OutOfRange).at("region"));
        }
        if self.vertical >= MAX_TAGS {
            return Err(Error::from(ErrorKind::OutOfRange).at("vertical"));
        }
        Ok(())
    }
}

/// The first-year value of a monthly subscription: `mrr × 12`, exact (no
/// rounding: twelve times an amount has no more digits than the amount).
pub fn first_year_value_from_mrr(mrr: Money) -> Result<Money, ErrorKind> {
    let value = mrr.amount().mul_round(
        Decimal::from_int(12),
        crate::decimal::SCALE,
        crate::rounding::RoundingMode::HalfEven,
    )?;
    Ok(Money::new(value, mrr.currency()))
}
