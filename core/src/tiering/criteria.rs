//! What a rule tests: half-open bands on numbers, required/excluded flags
//! and tag sets, and the [`Reason`]s a match reports.
//!
//! Bands are half-open, `[min, max)`: a value exactly on an edge belongs to
//! the band that **starts** there, so `5000.00` is in `[5000, 25000)` and
//! not in `[0, 5000)`. Adjacent bands therefore never share a value.

use crate::decimal::Decimal;
use crate::error::{Error, ErrorKind};
use crate::limits::{MAX_REASONS, MAX_TAGS};

/// The half-open range `[min, max)`; `max: None` is unbounded above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Band<T> {
    /// Lowest value in the band (inclusive).
    pub min: T,
    /// First value above the band (exclusive); `None`: no upper bound.
    pub max: Option<T>,
}

/// A band of money amounts in the policy's currency.
pub type ValueBand = Band<Decimal>;

/// A band of counts (employees, decision makers).
pub type CountBand = Band<u32>;

impl ValueBand {
    /// Every value (`[0, ∞)`: values are never negative).
    pub const ANY_VALUE: ValueBand = Band {
        min: Decimal::ZERO,
        max: None,
    };
}

impl CountBand {
    /// Every count.
    pub const ANY_COUNT: CountBand = Band { min: 0, max: None };
}

impl<T: Ord + Copy> Band<T> {
    /// `[min, ∞)`.
    pub const fn at_least(min: T) -> Band<T> {
        Band { min, max: None }
    }

    /// `[min, max)`.
    pub const fn between(min: T, max: T) -> Band<T> {
        Band {
            min,
            max: Some(max),
        }
    }

    /// Whether `value` lies in the band.
    #[inline]
    pub fn contains(&self, value: T) -> bool {
        value >= self.min && self.max.is_none_or(|max| value < max)
    }

    /// Whether no value lies in the band (`max ≤ min`).
    pub fn is_empty(&self) -> bool {
        self.max.is_some_and(|max| max <= self.min)
    }

    /// Whether every value of `inner` lies in this band.
    fn covers(&self, inner: &Band<T>) -> bool {
        let upper_ok = match (self.max, inner.max) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(outer), Some(inner)) => inner <= outer,
        };
        self.min <= inner.min && upper_ok
    }

    /// Whether some value lies in both bands.
    fn overlaps(&self, other: &Band<T>) -> bool {
        let low = Ord::max(self.min, other.min);
        let high = match (self.max, other.max) {
            (None, high) | (high, None) => high,
            (Some(a), Some(b)) => Some(Ord::min(a, b)),
        };
        high.is_none_or(|high| low < high)
    }

    /// How the band constrains a value whose natural floor is `floor`
    /// (`None` when it does not constrain it at all).
    fn comparison(&self, floor: T) -> Option<Comparison> {
        match (self.min > floor, self.max.is_some()) {
            (false, false) => None,
            (true, false) => Some(Comparison::AtLeast),
            (false, true) => Some(Comparison::Below),
            (true, true) => Some(Comparison::Within),
        }
    }
}

/// A test on a yes/no attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Condition {
    /// Either answer matches.
    #[default]
    Any,
    /// Matches only accounts that need it.
    Required,
    /// Matches only accounts that do not need it.
    NotRequired,
}

impl Condition {
    /// Whether an account with `needed` passes.
    #[inline]
    pub const fn matches(self, needed: bool) -> bool {
        match self {
            Condition::Any => true,
            Condition::Required => needed,
            Condition::NotRequired => !needed,
        }
    }

    fn covers(self, inner: Condition) -> bool {
        matches!(self, Condition::Any) || self == inner
    }

    fn overlaps(self, other: Condition) -> bool {
        matches!(self, Condition::Any) || matches!(other, Condition::Any) || self == other
    }

    fn comparison(self) -> Option<Comparison> {
        match self {
            Condition::Any => None,
            Condition::Required => Some(Comparison::Required),
            Condition::NotRequired => Some(Comparison::NotRequired),
        }
    }
}

/// A set of tag ids below [`MAX_TAGS`]: bit `k` is tag `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagSet {
    /// The members, one bit per tag id.
    pub bits: u64,
}

impl TagSet {
    /// Every tag: the test matches any account.
    pub const ANY_TAG: TagSet = TagSet { bits: u64::MAX };

    /// The set of `tags`; an id of [`MAX_TAGS`] or more is
    /// [`ErrorKind::OutOfRange`].
    pub const fn of(tags: &[u8]) -> Result<TagSet, ErrorKind> {
        let mut bits = 0u64;
        let mut rest = tags;
        while let [tag, tail @ ..] = rest {
            match 1u64.checked_shl(*tag as u32) {
                Some(bit) => bits |= bit,
                None => return Err(ErrorKind::OutOfRange),
            }
            rest = tail;
        }
        Ok(TagSet { bits })
    }

    /// Whether tag `id` is in the set (ids of [`MAX_TAGS`] or more never are).
    #[inline]
    pub const fn contains(self, id: u8) -> bool {
        match 1u64.checked_shl(id as u32) {
            Some(bit) => self.bits & bit != 0,
            None => false,
        }
    }

    fn covers(self, inner: TagSet) -> bool {
        inner.bits & !self.bits == 0
    }

    fn overlaps(self, other: TagSet) -> bool {
        self.bits & other.bits != 0
    }

    fn comparison(self) -> Option<Comparison> {
        (self != TagSet::ANY_TAG).then_some(Comparison::InSet)
    }

    /// The tag ids in the set, ascending.
    pub fn iter(self) -> impl Iterator<Item = u8> + Clone {
        (0..MAX_TAGS).filter(move |&id| self.contains(id))
    }
}

/// A rule that does not test tags accepts every tag.
impl Default for TagSet {
    fn default() -> Self {
        TagSet::ANY_TAG
    }
}

/// Written `"any"` for [`TagSet::ANY_TAG`], else as the list of its ids;
/// binary formats, which cannot ask "string or list?", get the bit set.
#[cfg(feature = "serde")]
impl serde::Serialize for TagSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            serializer.serialize_u64(self.bits)
        } else if *self == TagSet::ANY_TAG {
            serializer.serialize_str("any")
        } else {
            crate::set_serde::serialize_members(serializer, self.iter())
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for TagSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Tags;
        impl<'de> serde::de::Visitor<'de> for Tags {
            type Value = TagSet;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("\"any\" or a list of tag ids below 64")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TagSet, E> {
                if text == "any" {
                    Ok(TagSet::ANY_TAG)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(text), &self))
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TagSet, A::Error> {
                let mut bits = 0u64;
                while let Some(id) = seq.next_element::<u8>()? {
                    let bit = 1u64.checked_shl(u32::from(id)).ok_or_else(|| {
                        serde::de::Error::invalid_value(
                            serde::de::Unexpected::Unsigned(u64::from(id)),
                            &"a tag id below 64",
                        )
                    })?;
                    bits |= bit;
                }
                Ok(TagSet { bits })
            }
        }
        if !deserializer.is_human_readable() {
            let bits = <u64 as serde::Deserialize>::deserialize(deserializer)?;
            return Ok(TagSet { bits });
        }
        deserializer.deserialize_any(Tags)
    }
}

/// An account attribute a rule can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Criterion {
    /// Expected first-year value (ACV or MRR × 12).
    FirstYearValue,
    /// Employee count.
    Employees,
    /// Number of decision makers (stakeholders).
    DecisionMakers,
    /// Whether a technical integration is needed.
    TechnicalIntegration,
    /// Whether a security review is needed.
    SecurityReview,
    /// Region tag.
    Region,
    /// Vertical tag.
    Vertical,
}

/// How a criterion was satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Comparison {
    /// At or above the band's minimum (no maximum).
    AtLeast,
    /// Below the band's maximum (no minimum above zero).
    Below,
    /// In `[min, max)`.
    Within,
    /// The account needs it.
    Required,
    /// The account does not need it.
    NotRequired,
    /// The tag is in the rule's set.
    InSet,
}

/// One criterion that held for the matching rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Reason {
    /// The attribute tested.
    pub criterion: Criterion,
    /// How it passed.
    pub comparison: Comparison,
}

/// Every criterion, in the order reasons are listed.
pub const ALL_CRITERIA: [Criterion; MAX_REASONS] = [
    Criterion::FirstYearValue,
    Criterion::Employees,
    Criterion::DecisionMakers,
    Criterion::TechnicalIntegration,
    Criterion::SecurityReview,
    Criterion::Region,
    Criterion::Vertical,
];

/// The criteria that decided a match, at most one comparison per
/// [`Criterion`], listed in [`ALL_CRITERIA`] order; empty when the rule
/// tests nothing (a catch-all). Held by criterion so that it is `Copy`:
/// handing out a classification copies a few bytes, not a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Reasons {
    by_criterion: [Option<Comparison>; MAX_REASONS],
}

impl Reasons {
    /// The reasons, in [`ALL_CRITERIA`] order.
    pub fn iter(&self) -> impl Iterator<Item = Reason> + Clone + '_ {
        ALL_CRITERIA
            .iter()
            .zip(self.by_criterion.iter())
            .filter_map(|(&criterion, comparison)| {
                comparison.map(|comparison| Reason {
                    criterion,
                    comparison,
                })
            })
    }

    /// How `criterion` was satisfied, if the rule tested it.
    pub fn get(&self, criterion: Criterion) -> Option<Comparison> {
        let index = ALL_CRITERIA.iter().position(|&c| c == criterion)?;
        self.by_criterion.get(index).copied().flatten()
    }

    /// How many criteria the rule tested.
    pub fn len(&self) -> usize {
        self.by_criterion.iter().filter(|c| c.is_some()).count()
    }

    /// Whether the rule tested nothing (a catch-all).
    pub fn is_empty(&self) -> bool {
        self.by_criterion.iter().all(Option::is_none)
    }
}

impl FromIterator<Reason> for Reasons {
    /// The reasons given; a later reason on the same criterion replaces an
    /// earlier one.
    fn from_iter<I: IntoIterator<Item = Reason>>(reasons: I) -> Self {
        let mut by_criterion = [None; MAX_REASONS];
        for reason in reasons {
            let slot = ALL_CRITERIA
                .iter()
                .position(|&c| c == reason.criterion)
                .and_then(|index| by_criterion.get_mut(index));
            if let Some(slot) = slot {
                *slot = Some(reason.comparison);
            }
        }
        Reasons { by_criterion }
    }
}

/// Written as the list of its [`Reason`]s in [`ALL_CRITERIA`] order.
#[cfg(feature = "serde")]
impl serde::Serialize for Reasons {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::set_serde::serialize_members(serializer, self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Reasons {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::set_serde::deserialize_set(deserializer, "a list of reasons")
    }
}

/// One classification rule: every test must hold (a conjunction); give a
/// tier several rules to accept alternatives. A test left at its `ANY_*` /
/// [`Condition::Any`] value does not constrain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Rule {
    /// Index into the policy's tiers of the tier this rule assigns.
    pub tier: u8,
    /// Band on the expected first-year value.
    #[cfg_attr(feature = "serde", serde(default))]
    pub first_year_value: ValueBand,
    /// Band on the employee count.
    #[cfg_attr(feature = "serde", serde(default))]
    pub employees: CountBand,
    /// Band on the number of decision makers.
    #[cfg_attr(feature = "serde", serde(default))]
    pub decision_makers: CountBand,
    /// Test on the need for a technical integration.
    #[cfg_attr(feature = "serde", serde(default))]
    pub technical_integration: Condition,
    /// Test on the need for a security review.
    #[cfg_attr(feature = "serde", serde(default))]
    pub security_review: Condition,
    /// Regions accepted.
    #[cfg_attr(feature = "serde", serde(default))]
    pub regions: TagSet,
    /// Verticals accepted.
    #[cfg_attr(feature = "serde", serde(default))]
    pub verticals: TagSet,
}

impl Rule {
    /// A rule that matches every account and assigns `tier`; refine it with
    /// struct-update syntax (`Rule { employees: …, ..Rule::any(2) }`).
    pub const fn any(tier: u8) -> Rule {
        Rule {
            tier,
            first_year_value: ValueBand::ANY_VALUE,
            employees: CountBand::ANY_COUNT,
            decision_makers: CountBand::ANY_COUNT,
            technical_integration: Condition::Any,
            security_review: Condition::Any,
            regions: TagSet::ANY_TAG,
            verticals: TagSet::ANY_TAG,
        }
    }

    /// The rule names one of `tier_count` tiers, its value band is not
    /// negative, and no test is empty (an empty test makes the rule
    /// unreachable).
    pub fn validate(&self, tier_count: usize) -> Result<(), Error> {
        if usize::from(self.tier) >= tier_count {
            return Err(Error::from(ErrorKind::OutOfRange).at("tier"));
        }
        let value = &self.first_year_value;
        if value.min.is_negative() {
            return Err(Error::from(ErrorKind::Negative)
                .at("min")
                .at("first_year_value"));
        }
        if value.max.is_some_and(Decimal::is_negative) {
            return Err(Error::from(ErrorKind::Negative)
                .at("max")
                .at("first_year_value"));
        }
        let empty_band = ErrorKind::Invalid("empty band: max must be above min (rule unreachable)");
        if value.is_empty() {
            return Err(Error::from(empty_band).at("max").at("first_year_value"));
        }
        if self.employees.is_empty() {
            return Err(Error::from(empty_band).at("max").at("employees"));
        }
        if self.decision_makers.is_empty() {
            return Err(Error::from(empty_band).at("max").at("decision_makers"));
        }
        let empty_set = ErrorKind::Invalid("empty tag set (rule unreachable)");
        if self.regions.bits == 0 {
            return Err(Error::from(empty_set).at("regions"));
        }
        if self.verticals.bits == 0 {
            return Err(Error::from(empty_set).at("verticals"));
        }
        Ok(())
    }

    /// Whether the account passes every test. The account's tags must be
    /// below [`MAX_TAGS`] (an out-of-range tag matches no set).
    #[inline]
    pub fn matches(&self, account: &super::Account) -> bool {
        self.first_year_value
            .contains(account.first_year_value.amount())
            && self.employees.contains(account.employees)
            && self.decision_makers.contains(account.decision_makers)
            && self
                .technical_integration
                .matches(account.technical_integration)
            && self.security_review.matches(account.security_review)
            && self.regions.contains(account.region)
            && self.verticals.contains(account.vertical)
    }

    /// Whether every account `inner` matches is also matched by this rule.
    pub fn covers(&self, inner: &Rule) -> bool {
        self.first_year_value.covers(&inner.first_year_value)
            && self.employees.covers(&inner.employees)
            && self.decision_makers.covers(&inner.decision_makers)
            && self
                .technical_integration
                .covers(inner.technical_integration)
            && self.security_review.covers(inner.security_review)
            && self.regions.covers(inner.regions)
            && self.verticals.covers(inner.verticals)
    }

    /// Whether some account matches both rules.
    pub fn overlaps(&self, other: &Rule) -> bool {
        self.first_year_value.overlaps(&other.first_year_value)
            && self.employees.overlaps(&other.employees)
            && self.decision_makers.overlaps(&other.decision_makers)
            && self
                .technical_integration
                .overlaps(other.technical_integration)
            && self.security_review.overlaps(other.security_review)
            && self.regions.overlaps(other.regions)
            && self.verticals.overlaps(other.verticals)
    }

    /// The criteria this rule actually tests, in [`Criterion`] order: what
    /// decided any account it matches.
    pub fn reasons(&self) -> Reasons {
        Reasons {
            by_criterion: [
                self.first_year_value.comparison(Decimal::ZERO),
                self.employees.comparison(0),
                self.decision_makers.comparison(0),
                self.technical_integration.comparison(),
                self.security_review.comparison(),
                self.regions.comparison(),
                self.verticals.comparison(),
            ],
        }
    }
}

// The tag bound and the set width must agree.
const _: () = assert!(MAX_TAGS as u32 == u64::BITS);
