//! What happened: a booked deal or a counted activity, with the splits that
//! say who gets credit for it.
//!
//! Pay must follow recurring revenue, so a revenue transaction carries its
//! **MRR change** (negative for churn and contraction); a measure turns it
//! into MRR, ARR or contract value. Activities (SQLs, meetings, accepted
//! leads, go-lives) carry a quantity instead.

use crate::limits::MAX_SPLITS;
use heapless::Vec;

use super::attributes::Attributes;
use crate::{Channel, Date, Decimal, Error, ErrorKind, Money, ResultExt};

/// What kind of event a transaction records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum TransactionKind {
    /// A new customer's first subscription.
    New,
    /// More recurring revenue from an existing customer (upsell, cross-sell).
    Expansion,
    /// An existing subscription renewed for another term.
    Renewal,
    /// Recurring revenue lost from a customer who stays (negative amount).
    Contraction,
    /// A customer lost (negative amount).
    Churn,
    /// A sales-qualified lead accepted by an account executive.
    SqlAccepted,
    /// A first meeting held with a prospect.
    MeetingHeld,
    /// A marketing lead accepted by sales.
    LeadAccepted,
    /// A customer live (first real use) after onboarding.
    CustomerLive,
}

impl TransactionKind {
    /// Whether the transaction moves recurring revenue (as opposed to
    /// counting an activity).
    pub const fn is_revenue(self) -> bool {
        matches!(
            self,
            Self::New | Self::Expansion | Self::Renewal | Self::Contraction | Self::Churn
        )
    }

    /// This kind's bit in a [`KindSet`].
    pub const fn bit(self) -> u16 {
        // The discriminant is below 16, so the shift cannot wrap.
        1u16.wrapping_shl(self as u32)
    }
}

/// Every transaction kind, in declaration (bit) order.
pub const ALL_TRANSACTION_KINDS: [TransactionKind; 9] = [
    TransactionKind::New,
    TransactionKind::Expansion,
    TransactionKind::Renewal,
    TransactionKind::Contraction,
    TransactionKind::Churn,
    TransactionKind::SqlAccepted,
    TransactionKind::MeetingHeld,
    TransactionKind::LeadAccepted,
    TransactionKind::CustomerLive,
];

/// A set of [`TransactionKind`]s as a bit mask (one bit per kind, in
/// declaration order), so a measure names what it counts in one word.
/// Serialized as the list of its kinds' names (`["new", "expansion"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KindSet(pub u16);

#[cfg(feature = "serde")]
impl serde::Serialize for KindSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::set_serde::serialize_members(
            serializer,
            ALL_TRANSACTION_KINDS
                .iter()
                .filter(|kind| self.contains(**kind)),
        )
    }
}

impl FromIterator<TransactionKind> for KindSet {
    fn from_iter<I: IntoIterator<Item = TransactionKind>>(kinds: I) -> Self {
        KindSet(kinds.into_iter().fold(0, |bits, kind| bits | kind.bit()))
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for KindSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::set_serde::deserialize_set(deserializer, "a list of transaction kinds")
    }
}

impl KindSet {
    /// The set of the given kinds.
    pub const fn of(kinds: &[TransactionKind]) -> KindSet {
        let mut bits = 0u16;
        let mut rest = kinds;
        while let [kind, tail @ ..] = rest {
            bits |= kind.bit();
            rest = tail;
        }
        KindSet(bits)
    }

    /// Whether `kind` is in the set.
    pub const fn contains(self, kind: TransactionKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The account's sales tier (the tiering engine's segmentation), carried so
/// every credit can be traced to the motion that earned it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum AccountTier {
    /// Not recorded.
    Unspecified,
    /// Self-serve or very small business.
    SelfServe,
    /// Small business.
    Smb,
    /// Mid-market.
    MidMarket,
    /// Enterprise (field sales).
    Enterprise,
}

/// The facts about a transaction that every credit line and earnings line
/// carries with it, so a figure always names its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Source {
    /// The deal or activity id in the caller's system.
    pub transaction_id: u64,
    /// The credit date (booking, acceptance, go-live…).
    pub date: Date,
    /// What happened.
    pub kind: TransactionKind,
    /// Contract term in months (0 for activities).
    #[cfg_attr(feature = "serde", serde(default))]
    pub term_months: u32,
    /// The account's sales tier.
    pub account_tier: AccountTier,
    /// Where the opportunity came from; `None` when not recorded.
    pub channel: Option<Channel>,
    /// Whether the contract is paid up front (a kicker condition).
    #[cfg_attr(feature = "serde", serde(default))]
    pub prepaid: bool,
    /// Whether the customer is new to the company (a kicker condition).
    #[cfg_attr(feature = "serde", serde(default))]
    pub new_logo: bool,
    /// Whether an expansion was signed together with a renewal.
    #[cfg_attr(feature = "serde", serde(default))]
    pub at_renewal: bool,
    /// Days from contract start to the event (a go-live's time to first
    /// use); 0 when not applicable.
    #[cfg_attr(feature = "serde", serde(default))]
    pub days_to_event: u32,
    /// Product, product category, territory and custom attributes, which
    /// measures filter on.
    #[cfg_attr(feature = "serde", serde(default))]
    pub attributes: Attributes,
}

impl Source {
    /// A blank source for placeholder lines: transaction 0, a new deal on
    /// [`Date::MIN`], no attributes.
    pub const EMPTY: Source = Source {
        transaction_id: 0,
        date: Date::MIN,
        kind: TransactionKind::New,
        term_months: 0,
        account_tier: AccountTier::Unspecified,
        channel: None,
        prepaid: false,
        new_logo: false,
        at_renewal: false,
        days_to_event: 0,
        attributes: Attributes::NONE,
    };
}

/// Whether a split shares the deal or adds credit on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum SplitKind {
    /// A share of the deal; revenue shares of one transaction sum to at most 100 %.
    Revenue,
    /// Credit on top (SE, CSM, SDR sourcing); each share is at most 100 %
    /// and does not reduce anyone's revenue credit.
    Overlay,
}

/// One participant's share of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Split {
    /// Who is credited.
    pub participant_id: u64,
    /// Revenue share or overlay.
    pub kind: SplitKind,
    /// The share as a fraction (`0.5` = 50 %), from 0 to 1.
    pub share: Decimal,
}

/// A booked deal or counted activity and who gets credit for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Transaction {
    /// What happened, when, and the attributes kickers and measures read.
    pub source: Source,
    /// The MRR change, in whole minor units: positive for new, expansion and
    /// renewal, negative for churn and contraction, zero for activities.
    pub amount: Money,
    /// Units counted by activity measures (1 SQL, 1 meeting…); 0 for revenue.
    pub quantity: Decimal,
    /// Who is credited, in the order credit lines are produced.
    pub splits: Vec<Split, MAX_SPLITS>,
}

impl Transaction {
    /// A revenue transaction credited 100 % to `participant_id`, with no
    /// other attributes ([`Source::EMPTY`]'s): set `source` fields for
    /// term, tier, channel and kicker conditions.
    pub fn deal(
        transaction_id: u64,
        date: Date,
        kind: TransactionKind,
        amount: Money,
        participant_id: u64,
    ) -> Transaction {
        let mut splits = Vec::new();
        // One push into an empty vector of capacity MAX_SPLITS ≥ 1 succeeds.
        let _ = splits.push(Split {
            participant_id,
            kind: SplitKind::Revenue,
            share: Decimal::ONE,
        });
        Transaction {
            source: Source {
                transaction_id,
                date,
                kind,
                ..Source::EMPTY
            },
            amount,
            quantity: Decimal::ZERO,
            splits,
        }
    }

    /// Checks the sign of the amount against the kind, the quantity, and
    /// that revenue shares do not exceed 100 %.
    pub fn validate(&self) -> Result<(), Error> {
        if !self.amount.is_minor_exact() {
            return Err(Error::from(ErrorKind::SubMinorUnit {
                currency: self.amount.currency(),
            })
            .at("amount"));
        }
        let kind = self.source.kind;
        // A negative new, expansion or renewal amount is a credit note
        // reversing an earlier booking of the same id (see `reversal`).
        let sign_ok = match kind {
            TransactionKind::Churn | TransactionKind::Contraction => {
                !self.amount.amount().is_positive()
            }
            TransactionKind::New | TransactionKind::Expansion | TransactionKind::Renewal => true,
            _ => !self.amount.is_negative(),
        };
        if !sign_ok {
            return Err(Error::from(ErrorKind::Invalid(
                "churn and contraction carry a negative amount, activities a non-negative one",
            ))
            .at("amount"));
        }
        if self.quantity.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("quantity"));
        }
        if self.splits.is_empty() {
            return Err(Error::from(ErrorKind::Empty).at("splits"));
        }
        let mut revenue = Decimal::ZERO;
        for (i, split) in self.splits.iter().enumerate() {
            if split.share.is_negative() || split.share > Decimal::ONE {
                return Err(Error::from(ErrorKind::OutOfRange)
                    .at("share")
                    .at_index("splits", i));
            }
            if split.kind == SplitKind::Revenue {
                revenue = revenue.checked_add(split.share).at_index("splits", i)?;
            }
        }
        if revenue > Decimal::ONE {
            return Err(Error::from(ErrorKind::Invalid("revenue splits exceed 100%")).at("splits"));
        }
        Ok(())
    }
}
