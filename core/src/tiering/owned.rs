//! Owned entry points (feature `alloc`): a tiering policy a service or a
//! file holds, and a batch classified into `Vec`s.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Currency, Decimal, Error, RoleSet};

use super::account::Account;
use super::alignment::{cost_alignment, CostAlignment};
use super::batch::{classify_batch, BatchSummary};
use super::classification::Outcome;
use super::criteria::Rule;
use super::motion::{Motion, MotionCosts};
use super::policy::{Overlaps, Tier, TieringPolicy};
use super::validated::ValidatedPolicy;

/// A [`Tier`] that owns its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedTier {
    /// Display name (`"SMB"`); carried, never interpreted.
    pub name: String,
    /// The sales motion.
    pub motion: Motion,
    /// The roles involved.
    pub roles: RoleSet,
}

/// A [`TieringPolicy`] that owns its tiers and rules: the shape a service
/// or a file holds. [`OwnedTieringPolicy::with_policy`] lends the borrowed
/// policy the engine reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedTieringPolicy {
    /// The one currency of every value and cost.
    pub currency: Currency,
    /// The tiers.
    pub tiers: Vec<OwnedTier>,
    /// The rules, in priority order.
    pub rules: Vec<Rule>,
    /// Fully loaded cost per win of each motion.
    pub acquisition_cost: MotionCosts,
    /// The cost-to-value multiple above which a motion is misaligned.
    pub misalignment_threshold: Decimal,
    /// Whether rules of different tiers may overlap.
    #[cfg_attr(feature = "serde", serde(default))]
    pub overlaps: Overlaps,
}

impl OwnedTieringPolicy {
    /// Runs `f` on the borrowed policy.
    pub fn with_policy<R>(&self, f: impl FnOnce(&TieringPolicy<'_>) -> R) -> R {
        let tiers: Vec<Tier<'_>> = self
            .tiers
            .iter()
            .map(|tier| Tier {
                name: &tier.name,
                motion: tier.motion,
                roles: tier.roles,
            })
            .collect();
        f(&TieringPolicy {
            currency: self.currency,
            tiers: &tiers,
            rules: &self.rules,
            acquisition_cost: self.acquisition_cost,
            misalignment_threshold: self.misalignment_threshold,
            overlaps: self.overlaps,
        })
    }

    /// Validates the policy and classifies `accounts` against it
    /// ([`classify_batch_owned`]).
    pub fn classify(&self, accounts: &[Account]) -> Result<OwnedBatch, Error> {
        self.with_policy(|policy| classify_batch_owned(accounts, &ValidatedPolicy::new(policy)?))
    }
}

/// What a batch yields: per account, in input order, its outcome and the
/// cost alignment of the motion it got; the per-tier totals.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct OwnedBatch {
    /// `outcomes[i]` classifies `accounts[i]`.
    pub outcomes: Vec<Outcome>,
    /// `alignments[i]` assesses the motion `accounts[i]` got; `None` when
    /// no rule matched.
    pub alignments: Vec<Option<CostAlignment>>,
    /// Totals per tier and for the unmatched accounts.
    pub summary: BatchSummary,
}

/// [`classify_batch`] into `Vec`s, with each matched account's
/// [`cost_alignment`].
pub fn classify_batch_owned(
    accounts: &[Account],
    policy: &ValidatedPolicy<'_>,
) -> Result<OwnedBatch, Error> {
    let mut outcomes = Vec::new();
    outcomes.resize(accounts.len(), Outcome::Unmatched);
    let summary = classify_batch(accounts, policy, &mut outcomes)?;
    let alignments = accounts
        .iter()
        .zip(&outcomes)
        .enumerate()
        .map(|(i, (account, outcome))| {
            outcome
                .classification()
                .map(|matched| {
                    cost_alignment(account, matched.motion, policy)
                        .map_err(|error| error.at_index("accounts", i))
                })
                .transpose()
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(OwnedBatch {
        outcomes,
        alignments,
        summary,
    })
}
