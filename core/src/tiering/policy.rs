//! A tiering policy: the tiers (motion and team), the ordered rules that
//! assign accounts to them, and the cost-alignment threshold.

use crate::currency::Currency;
use crate::decimal::Decimal;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::limits::{MAX_POLICY_TIERS, MAX_TIERING_RULES};

use super::criteria::Rule;
use super::motion::{Motion, MotionCosts};
use super::reachability::is_unreachable;
use crate::{Role, RoleSet};

/// A tier: the sales motion an account gets and the roles that work it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tier<'a> {
    /// Display name (`"SMB"`); carried, never interpreted.
    pub name: &'a str,
    /// The sales motion.
    pub motion: Motion,
    /// The roles involved.
    pub roles: RoleSet,
}

impl Tier<'_> {
    /// The team fits the motion: field sales has a field AE, inside sales
    /// an AE, and self-serve no closing seller (else it is not self-serve).
    pub fn validate(&self) -> Result<(), Error> {
        let closers = self.roles.contains(Role::AccountExecutive)
            || self.roles.contains(Role::FieldAccountExecutive);
        let fits = match self.motion {
            Motion::FieldSales => self.roles.contains(Role::FieldAccountExecutive),
            Motion::InsideSales => self.roles.contains(Role::AccountExecutive),
            Motion::SelfServe => !closers,
        };
        if fits {
            Ok(())
        } else {
            Err(Error::from(ErrorKind::Invalid(
                "roles do not fit the motion: field sales needs a field AE, inside sales an AE, self-serve no AE",
            ))
            .at("roles"))
        }
    }
}

/// How rules of different tiers that can match the same account are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Overlaps {
    /// Allowed; the **first** matching rule in policy order wins. This is
    /// how an escalation rule ("several stakeholders and an integration:
    /// enterprise") sits in front of plain value bands.
    #[default]
    FirstMatchWins,
    /// Rejected by validation: every account can match rules of one tier
    /// only, so rule order never decides a tier.
    Reject,
}

/// A complete tiering policy. All money is in `currency`.
///
/// Classification tries the rules in order and the first that matches
/// decides the tier; an account no rule matches is reported as unmatched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TieringPolicy<'a> {
    /// The one currency of every value and cost.
    pub currency: Currency,
    /// The tiers (at most [`MAX_POLICY_TIERS`]).
    pub tiers: &'a [Tier<'a>],
    /// The rules, in priority order (at most [`MAX_TIERING_RULES`]).
    pub rules: &'a [Rule],
    /// Fully loaded cost per win of each motion.
    pub acquisition_cost: MotionCosts,
    /// An account is misaligned when its motion's cost per win exceeds this
    /// multiple of its first-year value (`1` = cost above one year of value).
    /// A fraction: must be > 0.
    pub misalignment_threshold: Decimal,
    /// Whether rules of different tiers may overlap.
    pub overlaps: Overlaps,
}

impl TieringPolicy<'_> {
    /// Checks every rule the engine relies on, naming the field:
    /// - `tiers` / `rules` not empty and within [`MAX_POLICY_TIERS`] / [`MAX_TIERING_RULES`];
    /// - each tier's roles fit its motion;
    /// - each rule names a tier, has no negative or empty band, no empty tag set;
    /// - no rule is unreachable: some account matches it and none of the
    ///   rules before it (decided exactly, also when only the union of
    ///   several earlier rules shadows it);
    /// - with [`Overlaps::Reject`], no two rules of different tiers overlap;
    /// - every tier is reachable (some rule assigns it; every rule is
    ///   reachable by then);
    /// - costs in `currency` and not negative; the threshold above zero.
    pub fn validate(&self) -> Result<(), Error> {
        check_len(self.tiers.len(), MAX_POLICY_TIERS).at("tiers")?;
        for (i, tier) in self.tiers.iter().enumerate() {
            tier.validate().at_index("tiers", i)?;
        }
        check_len(self.rules.len(), MAX_TIERING_RULES).at("rules")?;
        for (j, rule) in self.rules.iter().enumerate() {
            rule.validate(self.tiers.len()).at_index("rules", j)?;
            let earlier = self.rules.get(..j).unwrap_or_default();
            if is_unreachable::<MAX_TIERING_RULES>(rule, earlier).at_index("rules", j)? {
                return Err(Error::from(ErrorKind::Invalid(
                    "rule unreachable: earlier rules match every account it matches",
                ))
                .at_index("rules", j));
            }
            for earlier in earlier {
                if self.overlaps == Overlaps::Reject
                    && earlier.tier != rule.tier
                    && earlier.overlaps(rule)
                {
                    return Err(Error::from(ErrorKind::Invalid(
                        "tiers overlap: an earlier rule of another tier matches some of the same accounts",
                    ))
                    .at_index("rules", j));
                }
            }
        }
        for (i, _) in self.tiers.iter().enumerate() {
            if !self.rules.iter().any(|rule| usize::from(rule.tier) == i) {
                return Err(Error::from(ErrorKind::Invalid(
                    "tier unreachable: no rule assigns it",
                ))
                .at_index("tiers", i));
            }
        }
        self.acquisition_cost
            .validate(self.currency)
            .at("acquisition_cost")?;
        if !self.misalignment_threshold.is_positive() {
            return Err(Error::from(ErrorKind::NotPositive).at("misalignment_threshold"));
        }
        Ok(())
    }
}

fn check_len(len: usize, max: usize) -> Result<(), ErrorKind> {
    if len == 0 {
        return Err(ErrorKind::Empty);
    }
    if len > max {
        return Err(ErrorKind::TooMany {
            max: u32::try_from(max).unwrap_or(u32::MAX),
        });
    }
    Ok(())
}
