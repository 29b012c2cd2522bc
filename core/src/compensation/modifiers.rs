//! What bends the rate table's answer: accelerators and decelerators by
//! attainment band, kickers on deal attributes, gates, caps, and the fixed
//! amounts of SPIFs and attainment bonuses.

use crate::{Currency, Decimal, Error, ErrorKind};

use super::measure::Measure;
use super::transaction::Source;

/// From `from_attainment` up (included) the rate is multiplied by
/// `multiplier`: above 1 an accelerator, below 1 a decelerator. Below the
/// first band the multiplier is 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct MultiplierBand {
    /// The attainment (a fraction: `1` = 100 % of quota) the band starts at.
    pub from_attainment: Decimal,
    /// The rate multiplier in the band.
    pub multiplier: Decimal,
}

/// A deal attribute that earns a kicker or qualifies for a SPIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum EventCondition {
    /// Any counted event.
    Always,
    /// A contract term strictly longer than this many months (multi-year).
    TermLongerThan(u32),
    /// Paid up front.
    Prepaid,
    /// A customer new to the company.
    NewLogo,
}

impl EventCondition {
    /// Whether a transaction with these facts meets the condition.
    pub fn holds(self, source: &Source) -> bool {
        match self {
            Self::Always => true,
            Self::TermLongerThan(months) => source.term_months > months,
            Self::Prepaid => source.prepaid,
            Self::NewLogo => source.new_logo,
        }
    }
}

/// A rate multiplier for deals meeting a condition (QuotaPath's multi-year
/// kicker: ×1.5 when the term is longer than 12 months). Several kickers
/// that hold multiply together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Kicker {
    /// When the kicker applies.
    pub condition: EventCondition,
    /// The rate multiplier.
    pub multiplier: Decimal,
}

/// Nothing is earned on a component in a quota period until the gating
/// component reaches `min_attainment` in its quota period containing the
/// same date (the component itself for a threshold).
///
/// Gates read attainment **to date** (through the statement date): a gated
/// line earns zero now and is released when a later recomputation finds
/// the gate open, which is how a year-to-date true-up pays it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Gate {
    /// The rule id of the component whose attainment opens the gate.
    pub component_id: u32,
    /// The attainment (fraction) needed; reaching it exactly opens the gate.
    pub min_attainment: Decimal,
}

/// A fixed amount, once per quota period, when the component's attainment
/// first reaches `at_attainment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct AttainmentBonus {
    /// The rule id of the bonus.
    pub id: u32,
    /// The attainment (fraction) that earns it; reaching it exactly does.
    pub at_attainment: Decimal,
    /// The bonus, in plan currency, whole minor units.
    pub amount: Decimal,
}

/// A fixed amount per qualifying credited event (a new logo, a multi-year
/// deal…), times the credit's split share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Spif {
    /// The rule id of the SPIF.
    pub id: u32,
    /// Which credits qualify.
    pub qualifies: Measure,
    /// A further condition on the deal.
    pub condition: EventCondition,
    /// The amount per event, in plan currency, whole minor units.
    pub amount: Decimal,
}

/// Checks bands are ascending with non-negative multipliers.
pub(crate) fn validate_bands(bands: &[MultiplierBand]) -> Result<(), Error> {
    let mut previous: Option<Decimal> = None;
    for (i, band) in bands.iter().enumerate() {
        if band.multiplier.is_negative() {
            return Err(Error::from(ErrorKind::Negative)
                .at("multiplier")
                .at_index("accelerators", i));
        }
        if band.from_attainment.is_negative() {
            return Err(Error::from(ErrorKind::Negative)
                .at("from_attainment")
                .at_index("accelerators", i));
        }
        if previous.is_some_and(|p| band.from_attainment <= p) {
            return Err(
                Error::from(ErrorKind::Invalid("accelerator bands unsorted"))
                    .at("from_attainment")
                    .at_index("accelerators", i),
            );
        }
        previous = Some(band.from_attainment);
    }
    Ok(())
}

/// Checks kicker multipliers are non-negative.
pub(crate) fn validate_kickers(kickers: &[Kicker]) -> Result<(), Error> {
    for (i, kicker) in kickers.iter().enumerate() {
        if kicker.multiplier.is_negative() {
            return Err(Error::from(ErrorKind::Negative)
                .at("multiplier")
                .at_index("kickers", i));
        }
    }
    Ok(())
}

/// The product of the multipliers of the kickers that hold, each product
/// rounded half-even at the ninth decimal.
pub(crate) fn kicker_multiplier(kickers: &[Kicker], source: &Source) -> Result<Decimal, ErrorKind> {
    let mut product = Decimal::ONE;
    for kicker in kickers.iter().filter(|k| k.condition.holds(source)) {
        product = if product == Decimal::ONE {
            kicker.multiplier
        } else {
            product.checked_mul(kicker.multiplier)?
        };
    }
    Ok(product)
}

/// A fixed amount must be non-negative and in whole minor units.
pub(crate) fn validate_amount(amount: Decimal, currency: Currency) -> Result<(), Error> {
    if amount.is_negative() {
        return Err(Error::from(ErrorKind::Negative));
    }
    if !amount.fits_places(currency.minor_units()) {
        return Err(Error::from(ErrorKind::SubMinorUnit { currency }));
    }
    Ok(())
}
