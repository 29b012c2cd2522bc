//! Classifying one account: the first rule (in policy order) that matches
//! decides the tier; no match is an outcome of its own.

use crate::error::Error;

use super::account::Account;
use super::classification::Outcome;
use super::validated::ValidatedPolicy;

/// Classifies `account`: the first rule of `policy` (in order) that matches
/// decides. Fails only on an invalid account (currency other than the
/// policy's, negative value, tag out of range), naming the field.
#[inline]
pub fn classify(account: &Account, policy: &ValidatedPolicy<'_>) -> Result<Outcome, Error> {
    account.validate(policy.policy().currency)?;
    Ok(match policy.first_match(account) {
        Some(classification) => Outcome::Matched(*classification),
        None => Outcome::Unmatched,
    })
}
