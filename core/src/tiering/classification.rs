//! What classifying one account yields: the tier, its motion and team, the
//! rule that decided and why, or no match at all.

use crate::error::{Error, ErrorKind};
use crate::limits::{MAX_POLICY_TIERS, MAX_TIERING_RULES};

use super::criteria::{Reasons, Rule};
use super::motion::Motion;
use super::policy::TieringPolicy;
use crate::RoleSet;

/// The tier an account gets and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Classification {
    /// Index of the tier in the policy (below [`MAX_POLICY_TIERS`]).
    pub tier: u8,
    /// The tier's sales motion.
    pub motion: Motion,
    /// The tier's roles.
    pub roles: RoleSet,
    /// Index of the rule that matched (below [`MAX_TIERING_RULES`]): the first in
    /// policy order.
    pub matched_rule: u8,
    /// The criteria of that rule, all of which held.
    pub reasons: Reasons,
}

impl Classification {
    /// What rule `index` yields when it matches.
    pub(crate) fn of_rule(
        policy: &TieringPolicy<'_>,
        index: usize,
        rule: &Rule,
    ) -> Result<Classification, Error> {
        let tier = policy
            .tiers
            .get(usize::from(rule.tier))
            .ok_or(Error::from(ErrorKind::OutOfRange).at("tier"))?;
        Ok(Classification {
            tier: rule.tier,
            motion: tier.motion,
            roles: tier.roles,
            matched_rule: u8::try_from(index).map_err(|_| Error::from(ErrorKind::OutOfRange))?,
            reasons: rule.reasons(),
        })
    }
}

/// The result of classifying one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Outcome {
    /// A rule matched.
    Matched(Classification),
    /// No rule matched: the policy does not cover this account. Never
    /// silently mapped to a default tier.
    Unmatched,
}

impl Outcome {
    /// The classification, if a rule matched.
    pub fn classification(&self) -> Option<&Classification> {
        match self {
            Outcome::Matched(classification) => Some(classification),
            Outcome::Unmatched => None,
        }
    }
}

// Tier and rule indices are `u8`: small in output buffers.
const _: () = assert!(MAX_POLICY_TIERS <= 256 && MAX_TIERING_RULES <= 256);
