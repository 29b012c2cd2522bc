//! How a credit in another currency becomes a plan-currency value: which
//! rate (one fixed set, or the rate in force on the credit's own date) and
//! whether the conversion is rounded before rating (convert then rate) or
//! kept exact so the line rounds once (rate then convert).

use crate::payout::{rate_on, DatedFxRate, FxOrder};
use crate::{Currency, Date, Decimal, Error, ErrorKind, FxRate, Money, ResultExt, RoundingMode};

/// The rates a run converts with and the order it converts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Conversion<'a> {
    rates: Rates<'a>,
    order: FxOrder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Rates<'a> {
    /// One rate per pair for every credit.
    Fixed(&'a [FxRate]),
    /// The rate in force on each credit's date.
    OnCreditDate(&'a [DatedFxRate]),
}

impl<'a> Conversion<'a> {
    /// The first matching rate of `rates` for every credit.
    pub(crate) fn fixed(rates: &'a [FxRate], order: FxOrder) -> Conversion<'a> {
        Conversion {
            rates: Rates::Fixed(rates),
            order,
        }
    }

    /// Each credit at the rate in force on its own date.
    pub(crate) fn on_credit_date(rates: &'a [DatedFxRate], order: FxOrder) -> Conversion<'a> {
        Conversion {
            rates: Rates::OnCreditDate(rates),
            order,
        }
    }

    fn rate(&self, from: Currency, to: Currency, on: Date) -> Option<FxRate> {
        match self.rates {
            Rates::Fixed(rates) => rates
                .iter()
                .find(|rate| rate.from() == from && rate.to() == to)
                .copied(),
            Rates::OnCreditDate(rates) => rate_on(rates, from, to, on)
                .and_then(|i| rates.get(usize::from(i)))
                .map(|dated| dated.rate),
        }
    }

    /// Under rate then convert, `money`'s amount and the rate that converts
    /// it into `currency` on `on` (when they differ): the factors a line
    /// multiplies exactly instead of the converted value.
    pub(crate) fn exact_factors(
        &self,
        money: Money,
        currency: Currency,
        on: Date,
    ) -> Option<(Decimal, Decimal)> {
        if self.order != FxOrder::RateThenConvert || money.currency() == currency {
            return None;
        }
        self.rate(money.currency(), currency, on)
            .map(|rate| (money.amount(), rate.rate()))
    }

    /// `money`, dated `on`, as an amount of `currency`. Convert then rate
    /// rounds it to the currency's minor unit with `mode`; rate then convert
    /// keeps the product at nine places for tiers and attainment (exact for
    /// a minor-unit amount and a rate of up to seven decimals), and a line
    /// rating it whole multiplies [`Conversion::exact_factors`] instead, so
    /// the line is the only rounding.
    #[inline(always)]
    pub(crate) fn convert(
        &self,
        money: Money,
        currency: Currency,
        on: Date,
        mode: RoundingMode,
    ) -> Result<Decimal, Error> {
        if money.currency() == currency {
            return Ok(money.amount());
        }
        self.convert_between(money, currency, on, mode)
    }

    /// [`Conversion::convert`] across currencies, out of line: most
    /// credits are in the plan's currency and the rating loop keeps only
    /// the comparison.
    #[inline(never)]
    fn convert_between(
        &self,
        money: Money,
        currency: Currency,
        on: Date,
        mode: RoundingMode,
    ) -> Result<Decimal, Error> {
        let rate = self
            .rate(money.currency(), currency, on)
            .ok_or(ErrorKind::CurrencyMismatch {
                expected: currency,
                found: money.currency(),
            })
            .at("amount")?;
        match self.order {
            FxOrder::ConvertThenRate => Ok(rate.convert(money, mode).at("amount")?.amount()),
            FxOrder::RateThenConvert => money.amount().checked_mul(rate.rate()).at("amount"),
        }
    }
}
