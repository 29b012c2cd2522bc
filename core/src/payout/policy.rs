//! The payout policy: what the plan says about *when* earnings are paid —
//! holdbacks, clawbacks, the draw and what a negative net does. The
//! compensation [`crate::compensation::Plan`] says *what* is earned.

use crate::limits::{MAX_CLAWBACK_RULES, MAX_HOLDBACK_RULES};
use heapless::Vec;

use crate::{Currency, Error, ErrorKind, ResultExt};

use super::carry_forward::NegativeNet;
use super::clawback::ClawbackRule;
use super::draw::DrawPolicy;
use super::fx::{FxOrder, FxPolicy, FxRateDate};
use super::holdback::HoldbackRule;

/// Timing rules applied on top of a plan's earnings. All payout roundings
/// use the plan's rounding mode, except clawbacks and draw recoveries,
/// which round toward zero so they never take more than is due.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PayoutPolicy {
    /// Holdback rules; a deal is held by the first rule matching its kind.
    #[cfg_attr(feature = "serde", serde(default))]
    pub holdbacks: Vec<HoldbackRule, MAX_HOLDBACK_RULES>,
    /// Clawback rules; a deal is protected by the first rule matching its kind.
    #[cfg_attr(feature = "serde", serde(default))]
    pub clawbacks: Vec<ClawbackRule, MAX_CLAWBACK_RULES>,
    /// The draw, if any.
    pub draw: Option<DrawPolicy>,
    /// What a negative net does.
    pub negative_net: NegativeNet,
    /// Which rate converts a foreign-currency deal, and whether before or
    /// after rating; by default the statement-date rate, before rating.
    #[cfg_attr(feature = "serde", serde(default))]
    pub fx: FxPolicy,
}

fn duplicate() -> Error {
    Error::from(ErrorKind::Invalid("payout rule ids must be unique"))
}

impl PayoutPolicy {
    /// No holdback, clawback or draw; negative nets carried forward.
    pub const fn plain() -> PayoutPolicy {
        PayoutPolicy {
            holdbacks: Vec::new(),
            clawbacks: Vec::new(),
            draw: None,
            negative_net: NegativeNet::CarryForward,
            fx: FxPolicy {
                rate_date: FxRateDate::StatementDate,
                order: FxOrder::ConvertThenRate,
            },
        }
    }

    /// The policy with `rule` added; fails naming `holdbacks` past
    /// [`MAX_HOLDBACK_RULES`].
    pub fn with_holdback(mut self, rule: HoldbackRule) -> Result<PayoutPolicy, Error> {
        self.holdbacks
            .push(rule)
            .map_err(|_| ErrorKind::TooMany {
                max: MAX_HOLDBACK_RULES as u32,
            })
            .at("holdbacks")?;
        Ok(self)
    }

    /// The policy with `rule` added; fails naming `clawbacks` past
    /// [`MAX_CLAWBACK_RULES`].
    pub fn with_clawback(mut self, rule: ClawbackRule) -> Result<PayoutPolicy, Error> {
        self.clawbacks
            .push(rule)
            .map_err(|_| ErrorKind::TooMany {
                max: MAX_CLAWBACK_RULES as u32,
            })
            .at("clawbacks")?;
        Ok(self)
    }

    /// Checks every rule and that rule ids are unique across the policy.
    pub fn validate(&self, currency: Currency) -> Result<(), Error> {
        for (i, rule) in self.holdbacks.iter().enumerate() {
            rule.validate().at_index("holdbacks", i)?;
        }
        for (i, rule) in self.clawbacks.iter().enumerate() {
            rule.validate().at_index("clawbacks", i)?;
        }
        if let Some(draw) = &self.draw {
            draw.validate(currency).at("draw")?;
        }
        // Rule ids are unique across the policy: a line's rule id names one rule.
        let mut seen: Vec<u32, { MAX_HOLDBACK_RULES + MAX_CLAWBACK_RULES }> = Vec::new();
        let mut repeated = |id: u32| {
            let found = seen.contains(&id);
            // The capacity is both lists' maximum: every push fits.
            let _ = seen.push(id);
            found
        };
        for (i, rule) in self.holdbacks.iter().enumerate() {
            if repeated(rule.id) {
                return Err(duplicate().at("id").at_index("holdbacks", i));
            }
        }
        for (i, rule) in self.clawbacks.iter().enumerate() {
            if repeated(rule.id) {
                return Err(duplicate().at("id").at_index("clawbacks", i));
            }
        }
        if let Some(draw) = &self.draw {
            if repeated(draw.id) {
                return Err(duplicate().at("id").at("draw"));
            }
        }
        Ok(())
    }
}
