//! Measures: which credits a component counts and in what unit.
//!
//! One definition covers the seed roles: new MRR/ARR/ACV booked (AE, field
//! AE), SQLs accepted and meetings held (SDR, MDR), leads accepted by sales
//! (lead-gen manager), customers live within N days (CSM onboarding),
//! renewal value and upsell at renewal (renewals, AM), expansion MRR and net
//! revenue retention on a shared book (AM + CSM), and team/POD totals
//! (the same measures over rolled-up credit).

use crate::{ChannelSet, Decimal, Error, ErrorKind, FxRate, ResultExt, RoundingMode};

use super::attributes::{Attributes, Lineage};
use super::conversion::Conversion;
use super::crediting::CreditLine;
use super::transaction::{KindSet, SplitKind};

/// The unit a measure counts credit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum MeasureUnit {
    /// The credited MRR change itself.
    Mrr,
    /// Annual recurring revenue: MRR × 12 (also ACV for annual contracts).
    Arr,
    /// Total contract value: MRR × term in months.
    ContractValue,
    /// Activity units (SQLs, meetings, accepted leads, go-lives); rates are
    /// then amounts per unit.
    Count,
    /// Net revenue retention of a book: the credited MRR changes (expansion
    /// positive, contraction and churn negative) over `starting_mrr`.
    /// Attainment is `(starting_mrr + Σ changes) / starting_mrr / quota`, so
    /// the quota is the NRR target (`1.10` = 110 %).
    NetRetention {
        /// The book's MRR at the start of the quota period, in plan currency.
        starting_mrr: Decimal,
    },
}

/// Which credits count and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Measure {
    /// The transaction kinds counted.
    pub kinds: KindSet,
    /// The unit of the counted value.
    pub unit: MeasureUnit,
    /// Source channels counted; the empty set counts every channel, also
    /// credits whose channel was not recorded.
    #[cfg_attr(feature = "serde", serde(default))]
    pub channels: ChannelSet,
    /// Only events at most this many days after contract start count (CSM
    /// onboarding: live within N days).
    pub within_days: Option<u32>,
    /// Only expansions signed together with a renewal count (upsell at renewal).
    #[cfg_attr(feature = "serde", serde(default))]
    pub at_renewal_only: bool,
    /// Only credit from revenue splits counts (not overlay credit, nor its
    /// rollups): a team or POD total then counts each deal once.
    #[cfg_attr(feature = "serde", serde(default))]
    pub revenue_credit_only: bool,
    /// The product, category (with its sub-categories), territory and
    /// custom attributes a credit must have; [`Attributes::NONE`] counts
    /// every credit.
    #[cfg_attr(feature = "serde", serde(default))]
    pub attributes: Attributes,
}

impl Measure {
    /// A measure of `kinds` in `unit` with no further filter.
    pub const fn of(kinds: KindSet, unit: MeasureUnit) -> Measure {
        Measure {
            kinds,
            unit,
            channels: ChannelSet::EMPTY,
            within_days: None,
            at_renewal_only: false,
            revenue_credit_only: false,
            attributes: Attributes::NONE,
        }
    }

    /// Checks the measure counts something and its book is positive.
    pub fn validate(&self) -> Result<(), Error> {
        if self.kinds.is_empty() {
            return Err(
                Error::from(ErrorKind::Invalid("measure counts no transaction kind")).at("kinds"),
            );
        }
        if let MeasureUnit::NetRetention { starting_mrr } = self.unit {
            if !starting_mrr.is_positive() {
                return Err(Error::from(ErrorKind::NotPositive)
                    .at("starting_mrr")
                    .at("unit"));
            }
        }
        Ok(())
    }

    /// Whether the credit counts; `lineage` is its category's (see
    /// [`super::CategoryIndex::lineage`]).
    #[inline]
    pub fn matches(&self, credit: &CreditLine, lineage: &Lineage) -> bool {
        let source = &credit.source;
        (!self.revenue_credit_only || credit.split_kind == SplitKind::Revenue)
            && self.kinds.contains(source.kind)
            && (self.channels.is_empty()
                || source
                    .channel
                    .is_some_and(|channel| self.channels.contains(channel)))
            && self
                .within_days
                .is_none_or(|days| source.days_to_event <= days)
            && (!self.at_renewal_only || source.at_renewal)
            && self.attributes.admit(&source.attributes, lineage)
    }

    /// The value a credit this measure counts adds to it, in plan currency
    /// or units (see [`Measure::matches`]). A credit in another
    /// currency is converted with the matching rate from `fx`, rounded once
    /// to the plan currency's minor unit with `mode`.
    pub fn value_of(
        &self,
        credit: &CreditLine,
        plan_currency: crate::Currency,
        fx: &[FxRate],
        mode: RoundingMode,
    ) -> Result<Decimal, Error> {
        let fx = Conversion::fixed(fx, crate::payout::FxOrder::ConvertThenRate);
        self.value_in(credit, plan_currency, fx, mode)
    }

    /// Under rate then convert, a foreign-currency credit's value as exact
    /// factors `(amount, fx rate, unit multiple)` whose product is the value
    /// [`Measure::value_in`] keeps at nine places; `None` when the value is
    /// exact as it is.
    pub(crate) fn exact_factors(
        &self,
        credit: &CreditLine,
        plan_currency: crate::Currency,
        fx: Conversion<'_>,
    ) -> Option<(Decimal, Decimal, Decimal)> {
        let multiple = match self.unit {
            MeasureUnit::Mrr | MeasureUnit::NetRetention { .. } => Decimal::ONE,
            MeasureUnit::Arr => Decimal::from(12),
            MeasureUnit::ContractValue => Decimal::from(credit.source.term_months),
            MeasureUnit::Count => return None,
        };
        fx.exact_factors(credit.amount, plan_currency, credit.source.date)
            .map(|(amount, rate)| (amount, rate, multiple))
    }

    /// [`Measure::value_of`] converting as `fx` says.
    #[inline(always)]
    pub(crate) fn value_in(
        &self,
        credit: &CreditLine,
        plan_currency: crate::Currency,
        fx: Conversion<'_>,
        mode: RoundingMode,
    ) -> Result<Decimal, Error> {
        let mrr = || fx.convert(credit.amount, plan_currency, credit.source.date, mode);
        let value = match self.unit {
            MeasureUnit::Mrr | MeasureUnit::NetRetention { .. } => mrr()?,
            MeasureUnit::Arr => mrr()?.checked_mul(Decimal::from(12)).at("amount")?,
            MeasureUnit::ContractValue => mrr()?
                .checked_mul(Decimal::from(credit.source.term_months))
                .at("amount")?,
            MeasureUnit::Count => credit.quantity,
        };
        Ok(value)
    }
}
