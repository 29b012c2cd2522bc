//! Batch classification: many accounts against one validated policy, with a
//! per-tier summary built in the same pass.

use crate::decimal::Decimal;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::limits::MAX_POLICY_TIERS;

use crate::money::Money;

use super::account::Account;
use super::classification::Outcome;
use super::classify::classify;

use super::validated::ValidatedPolicy;

/// Totals for one tier (or for the unmatched accounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct TierSummary {
    /// Accounts classified into it.
    pub accounts: u64,
    /// Sum of their first-year values.
    pub first_year_value: Money,
    /// How many of them its motion's cost is misaligned with (always 0 for
    /// the unmatched accounts, which have no motion).
    pub misaligned: u64,
}

/// The per-tier totals of a batch. Independent of the order of the accounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct BatchSummary {
    /// `tiers[i]` totals the policy's tier `i`.
    pub tiers: heapless::Vec<TierSummary, MAX_POLICY_TIERS>,
    /// Totals of the accounts no rule matched.
    pub unmatched: TierSummary,
}

/// A running total in nanos: accounts are validated to the policy's
/// currency already, so the hot loop adds integers, not `Money`.
#[derive(Clone, Copy, Default)]
struct Running {
    accounts: u64,
    nanos: i128,
    misaligned: u64,
}

impl Running {
    fn add(&mut self, value: Decimal, misaligned: bool) -> Result<(), ErrorKind> {
        // Values are ≤ Decimal::MAX, so the sum stays far from i128::MAX
        // until it leaves the decimal range, which is checked right here.
        self.nanos = self
            .nanos
            .checked_add(value.nanos())
            .filter(|&sum| sum <= Decimal::MAX.nanos())
            .ok_or(ErrorKind::Overflow)?;
        // Counts cannot exceed the slice length, far below u64::MAX.
        self.accounts = self.accounts.saturating_add(1);
        self.misaligned = self.misaligned.saturating_add(u64::from(misaligned));
        Ok(())
    }

    fn summary(self, policy: &ValidatedPolicy<'_>) -> Result<TierSummary, ErrorKind> {
        Ok(TierSummary {
            accounts: self.accounts,
            first_year_value: Money::new(
                Decimal::from_nanos(self.nanos)?,
                policy.policy().currency,
            ),
            misaligned: self.misaligned,
        })
    }
}

/// Classifies `accounts[i]` into `outcomes[i]` and totals the tiers.
///
/// Atomic in effect: on an error (an invalid account, named as
/// `accounts[i].field`, or a total beyond the decimal range, named at the
/// account that pushed it over) no summary is returned and `outcomes` must
/// be discarded. `outcomes` must be at least as long as `accounts`
/// ([`ErrorKind::BufferTooSmall`] otherwise); extra slots are left untouched.
pub fn classify_batch(
    accounts: &[Account],
    policy: &ValidatedPolicy<'_>,
    outcomes: &mut [Outcome],
) -> Result<BatchSummary, Error> {
    if outcomes.len() < accounts.len() {
        return Err(Error::from(ErrorKind::BufferTooSmall {
            needed: u32::try_from(accounts.len()).unwrap_or(u32::MAX),
        })
        .at("outcomes"));
    }
    let mut tiers = [Running::default(); MAX_POLICY_TIERS];
    let mut unmatched = Running::default();
    for (i, (account, slot)) in accounts.iter().zip(outcomes.iter_mut()).enumerate() {
        let outcome = classify(account, policy).at_index("accounts", i)?;
        let value = account.first_year_value.amount();
        let running = match outcome {
            Outcome::Matched(c) => tiers
                .get_mut(usize::from(c.tier))
                .map(|t| (t, policy.is_misaligned(c.motion, value))),
            Outcome::Unmatched => Some((&mut unmatched, false)),
        };
        if let Some((running, misaligned)) = running {
            running
                .add(value, misaligned)
                .at("first_year_value")
                .at_index("accounts", i)?;
        }
        *slot = outcome;
    }
    let mut summaries = heapless::Vec::new();
    for running in tiers.iter().take(policy.policy().tiers.len()) {
        // At most MAX_POLICY_TIERS items into a MAX_POLICY_TIERS vector: cannot fail.
        let _ = summaries.push(running.summary(policy)?);
    }
    Ok(BatchSummary {
        tiers: summaries,
        unmatched: unmatched.summary(policy)?,
    })
}
