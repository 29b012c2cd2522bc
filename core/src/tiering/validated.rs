//! A policy checked once, with everything the hot path needs precomputed:
//! the classification each rule yields and, per motion, the smallest
//! first-year value its cost is aligned with.

use crate::decimal::{Decimal, SCALE};
use crate::error::{Error, ResultExt};
use crate::limits::MAX_TIERING_RULES;

use crate::rounding::RoundingMode;

use super::account::Account;
use super::classification::Classification;
use super::compiled::CompiledRule;
use super::motion::{Motion, ALL_MOTIONS};
use super::policy::TieringPolicy;

/// A [`TieringPolicy`] that passed [`TieringPolicy::validate`]; classifying
/// against it re-checks nothing but the account.
#[derive(Debug, Clone)]
pub struct ValidatedPolicy<'a> {
    policy: &'a TieringPolicy<'a>,
    /// Rule `k`, flattened for matching.
    compiled: heapless::Vec<CompiledRule, MAX_TIERING_RULES>,
    /// `classifications[k]` is what rule `k` yields.
    classifications: heapless::Vec<Classification, MAX_TIERING_RULES>,
    /// Per motion (in [`ALL_MOTIONS`] order): the smallest first-year value
    /// whose motion cost is within the threshold.
    aligned_from: [Decimal; 3],
}

impl<'a> ValidatedPolicy<'a> {
    /// Validates `policy` and precomputes the classification of each rule
    /// and the alignment cut-offs.
    pub fn new(policy: &'a TieringPolicy<'a>) -> Result<ValidatedPolicy<'a>, Error> {
        policy.validate()?;
        let mut compiled = heapless::Vec::new();
        let mut classifications = heapless::Vec::new();
        for (k, rule) in policy.rules.iter().enumerate() {
            let classification = Classification::of_rule(policy, k, rule).at_index("rules", k)?;
            // validate() capped the rules at MAX_TIERING_RULES: the pushes cannot fail.
            let _ = compiled.push(CompiledRule::new(rule));
            let _ = classifications.push(classification);
        }
        let mut aligned_from = [Decimal::ZERO; 3];
        for (slot, motion) in aligned_from.iter_mut().zip(ALL_MOTIONS) {
            *slot = aligned_from_value(policy, motion).at("misalignment_threshold")?;
        }
        Ok(ValidatedPolicy {
            policy,
            compiled,
            classifications,
            aligned_from,
        })
    }

    /// The policy as given.
    pub fn policy(&self) -> &'a TieringPolicy<'a> {
        self.policy
    }

    /// The classification of the first rule, in policy order, that
    /// `account` (already validated) matches.
    #[inline]
    pub(crate) fn first_match(&self, account: &Account) -> Option<&Classification> {
        let k = self
            .compiled
            .iter()
            .position(|rule| rule.matches(account))?;
        self.classifications.get(k)
    }

    /// Whether `motion` costs more per win than the threshold allows for
    /// an account worth `value` (a non-negative first-year value).
    #[inline]
    pub fn is_misaligned(&self, motion: Motion, value: Decimal) -> bool {
        value < self.aligned_from_value(motion)
    }

    /// The smallest first-year value `motion` is aligned with:
    /// `cost ÷ threshold`, rounded up to the nano.
    pub fn aligned_from_value(&self, motion: Motion) -> Decimal {
        let index = match motion {
            Motion::SelfServe => 0,
            Motion::InsideSales => 1,
            Motion::FieldSales => 2,
        };
        self.aligned_from
            .get(index)
            .copied()
            .unwrap_or(Decimal::MAX)
    }
}

/// `⌈cost ÷ threshold⌉` at 9 places. For a value `v` with 9 places and
/// `t > 0`: `cost > v × t ⇔ v < cost ÷ t ⇔ v < ⌈cost ÷ t⌉₉` (the last step
/// because `v` lies on the 10⁻⁹ grid), so comparing against the cut-off is
/// the exact misalignment test, with no rounding of the decision.
fn aligned_from_value(policy: &TieringPolicy<'_>, motion: Motion) -> Result<Decimal, Error> {
    let cost = policy.acquisition_cost.of(motion).amount();
    Ok(cost.div_round(policy.misalignment_threshold, SCALE, RoundingMode::Ceiling)?)
}
