//! Unit economics of the funnel: what a customer costs, what it is worth,
//! how revenue is retained and how fast the pipeline turns into money.
//!
//! Money is exact; ratios carry 9 fractional digits, rounded half-even once
//! from the exact quotient. Where a formula divides by a difference that can
//! reach zero (LTV when expansion offsets churn, the MRR ceiling, the quick
//! ratio with no losses) the outcome is an explicit variant, never a
//! division by zero.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::model::check_fraction;
use crate::limits::MAX_ECONOMICS_MONTHS;
use crate::{fractional_power, Decimal, Money, RoundingMode, SCALE};

/// A ratio that may be unbounded (its denominator is zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Ratio {
    /// The ratio, at 9 fractional digits.
    Finite(Decimal),
    /// The denominator is zero and the numerator positive.
    Unbounded,
}

/// Customer acquisition cost: sales and marketing spend per new customer.
pub fn cac(spend: Money, new_customers: Decimal) -> Result<Money, Error> {
    non_negative(spend).at("spend")?;
    if !new_customers.is_positive() {
        return Err(Error::from(ErrorKind::NotPositive).at("new_customers"));
    }
    let amount = spend
        .amount()
        .div_round(new_customers, SCALE, RoundingMode::HalfEven)?;
    Ok(Money::new(amount, spend.currency()))
}

/// Months of gross margin that recover the CAC, without expansion:
/// `cac ÷ (mrr_per_customer × gross_margin)` (Skok: 6000 ÷ (500 × 0.8) = 15).
pub fn cac_payback_months(
    cac: Money,
    mrr_per_customer: Money,
    gross_margin: Decimal,
) -> Result<Decimal, Error> {
    let margin = monthly_margin(cac, mrr_per_customer, gross_margin)?;
    if margin.is_zero() {
        return Err(Error::from(ErrorKind::NotPositive).at("mrr_per_customer"));
    }
    Ok(cac
        .amount()
        .div_round(margin, SCALE, RoundingMode::HalfEven)?)
}

/// Payback when the customer's MRR changes every month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Payback {
    /// Months until the cumulative margin reaches the CAC, the last month
    /// counted fractionally (linear within the month).
    Months(Decimal),
    /// The margin never adds up to the CAC within [`MAX_ECONOMICS_MONTHS`].
    NotWithinHorizon,
}

/// Payback with the customer's MRR growing by `monthly_net_expansion` each
/// month (expansion − contraction, in `[−1, 1]`): month `j` (from 1) earns
/// `mrr × gross_margin × (1 + g)^(j−1)`, each month's margin rounded
/// half-even at the 9th digit from the previous one. A zero CAC pays back
/// in 0 months.
pub fn cac_payback_with_expansion(
    cac: Money,
    mrr_per_customer: Money,
    gross_margin: Decimal,
    monthly_net_expansion: Decimal,
) -> Result<Payback, Error> {
    let mut margin = monthly_margin(cac, mrr_per_customer, gross_margin)?;
    if monthly_net_expansion < Decimal::ONE.neg() || monthly_net_expansion > Decimal::ONE {
        return Err(Error::from(ErrorKind::OutOfRange).at("monthly_net_expansion"));
    }
    if cac.is_zero() {
        return Ok(Payback::Months(Decimal::ZERO));
    }
    let growth = Decimal::ONE.checked_add(monthly_net_expansion)?;
    let mut recovered = Decimal::ZERO;
    for month in 0..MAX_ECONOMICS_MONTHS {
        let after = recovered.checked_add(margin)?;
        if after >= cac.amount() && margin.is_positive() {
            let missing = cac.amount().checked_sub(recovered)?;
            let part = missing.div_round(margin, SCALE, RoundingMode::HalfEven)?;
            return Ok(Payback::Months(Decimal::from(month).checked_add(part)?));
        }
        recovered = after;
        margin = margin.mul_round(growth, SCALE, RoundingMode::HalfEven)?;
    }
    Ok(Payback::NotWithinHorizon)
}

/// Lifetime value of a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Ltv {
    /// `arpa × gross_margin ÷ (churn − expansion)`: the geometric series
    /// converges because churn outpaces expansion.
    Finite(Money),
    /// Expansion ≥ churn makes the series diverge: the margin summed over a
    /// stated horizon instead.
    HorizonCapped {
        /// Margin earned over `months`.
        value: Money,
        /// The horizon summed.
        months: u32,
    },
}

/// LTV from monthly ARPA, gross margin, monthly revenue churn and monthly
/// expansion (both fractions of MRR). With `expansion = 0` this is the
/// simple `arpa × gm ÷ churn`. When `expansion ≥ churn` the margin is summed
/// over `cap_months` (month `j` from 0 earns `arpa × gm × (1 + e − c)^j`).
pub fn lifetime_value(
    arpa: Money,
    gross_margin: Decimal,
    monthly_churn: Decimal,
    monthly_expansion: Decimal,
    cap_months: u32,
) -> Result<Ltv, Error> {
    non_negative(arpa).at("arpa")?;
    check_fraction(gross_margin).at("gross_margin")?;
    check_fraction(monthly_churn).at("monthly_churn")?;
    check_fraction(monthly_expansion).at("monthly_expansion")?;
    let margin = arpa
        .amount()
        .mul_round(gross_margin, SCALE, RoundingMode::HalfEven)?;
    let net_loss = monthly_churn.checked_sub(monthly_expansion)?;
    if net_loss.is_positive() {
        let value = margin.div_round(net_loss, SCALE, RoundingMode::HalfEven)?;
        return Ok(Ltv::Finite(Money::new(value, arpa.currency())));
    }
    if cap_months == 0 || cap_months > MAX_ECONOMICS_MONTHS {
        return Err(Error::from(ErrorKind::OutOfRange).at("cap_months"));
    }
    let growth = Decimal::ONE.checked_sub(net_loss)?;
    let mut month_margin = margin;
    let mut value = Decimal::ZERO;
    for _ in 0..cap_months {
        value = value.checked_add(month_margin)?;
        month_margin = month_margin.mul_round(growth, SCALE, RoundingMode::HalfEven)?;
    }
    Ok(Ltv::HorizonCapped {
        value: Money::new(value, arpa.currency()),
        months: cap_months,
    })
}

/// `ltv ÷ cac`; unbounded when the CAC is zero.
pub fn ltv_to_cac(ltv: Money, cac: Money) -> Result<Ratio, Error> {
    non_negative(ltv).at("ltv")?;
    non_negative(cac).at("cac")?;
    cac.expect_currency(ltv.currency()).at("cac")?;
    ratio(ltv.amount(), cac.amount())
}

/// How one period's MRR moved, for retention and quick ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct MrrMovement {
    /// MRR of the customers present at the start of the period.
    pub starting_mrr: Money,
    /// New MRR from new customers in the period.
    pub new_mrr: Money,
    /// MRR added by starting customers.
    pub expansion_mrr: Money,
    /// MRR given up by starting customers who stay.
    pub contraction_mrr: Money,
    /// MRR of starting customers who left.
    pub churned_mrr: Money,
}

impl MrrMovement {
    /// Checks every amount is non-negative and in one currency.
    pub fn validate(&self) -> Result<(), Error> {
        let currency = self.starting_mrr.currency();
        let fields = [
            ("starting_mrr", self.starting_mrr),
            ("new_mrr", self.new_mrr),
            ("expansion_mrr", self.expansion_mrr),
            ("contraction_mrr", self.contraction_mrr),
            ("churned_mrr", self.churned_mrr),
        ];
        for (name, money) in fields {
            non_negative(money).at(name)?;
            money.expect_currency(currency).at(name)?;
        }
        Ok(())
    }

    /// Net revenue retention of the starting customers:
    /// `(start + expansion − contraction − churned) ÷ start`.
    pub fn net_revenue_retention(&self) -> Result<Decimal, Error> {
        self.validate()?;
        let kept = self
            .starting_mrr
            .amount()
            .checked_add(self.expansion_mrr.amount())?
            .checked_sub(self.contraction_mrr.amount())?
            .checked_sub(self.churned_mrr.amount())?;
        retention(kept, self.starting_mrr.amount())
    }

    /// Gross revenue retention: `(start − contraction − churned) ÷ start`,
    /// expansion left out.
    pub fn gross_revenue_retention(&self) -> Result<Decimal, Error> {
        self.validate()?;
        let kept = self
            .starting_mrr
            .amount()
            .checked_sub(self.contraction_mrr.amount())?
            .checked_sub(self.churned_mrr.amount())?;
        retention(kept, self.starting_mrr.amount())
    }

    /// SaaS quick ratio: `(new + expansion) ÷ (contraction + churned)`.
    pub fn quick_ratio(&self) -> Result<Ratio, Error> {
        self.validate()?;
        let gained = self
            .new_mrr
            .amount()
            .checked_add(self.expansion_mrr.amount())?;
        let lost = self
            .contraction_mrr
            .amount()
            .checked_add(self.churned_mrr.amount())?;
        ratio(gained, lost)
    }
}

fn retention(kept: Decimal, start: Decimal) -> Result<Decimal, Error> {
    if !start.is_positive() {
        return Err(Error::from(ErrorKind::NotPositive).at("starting_mrr"));
    }
    if kept.is_negative() {
        return Err(Error::from(ErrorKind::Invalid(
            "contraction and churn exceed the starting MRR",
        ))
        .at("churned_mrr"));
    }
    Ok(kept.div_round(start, SCALE, RoundingMode::HalfEven)?)
}

/// A retention rate measured over `period_months`, compounded to a year:
/// `rate^(12 / period_months)`. When the period divides 12 the power is
/// exact decimal multiplication; otherwise it is a planning curve computed
/// with `libm` and rounded half-even to 9 digits.
pub fn annualize_retention(rate: Decimal, period_months: u32) -> Result<Decimal, Error> {
    if rate.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("rate"));
    }
    if period_months == 0 || period_months > MAX_ECONOMICS_MONTHS {
        return Err(Error::from(ErrorKind::OutOfRange).at("period_months"));
    }
    if 12u32.checked_rem(period_months) == Some(0) {
        let times = 12u32.checked_div(period_months).unwrap_or(1);
        return compound(rate, times).at("rate");
    }
    fractional_power(rate, 12, period_months).at("rate")
}

/// `(1 + improvement)^rates`: what improving each of `rates` chained
/// conversion rates by `improvement` does to output (1.1⁷ ≈ 1.9487171).
pub fn compound_improvement(improvement: Decimal, rates: u32) -> Result<Decimal, Error> {
    if improvement < Decimal::ONE.neg() {
        return Err(Error::from(ErrorKind::OutOfRange).at("improvement"));
    }
    compound(Decimal::ONE.checked_add(improvement)?, rates).at("rates")
}

/// `base^n` by repeated exact multiplication, each product rounded
/// half-even at the 9th digit.
fn compound(base: Decimal, n: u32) -> Result<Decimal, ErrorKind> {
    if n > MAX_ECONOMICS_MONTHS {
        return Err(ErrorKind::OutOfRange);
    }
    (0..n).try_fold(Decimal::ONE, |acc, _| {
        acc.mul_round(base, SCALE, RoundingMode::HalfEven)
    })
}

/// Cohen's growth ceiling: the MRR at which monthly losses equal new MRR,
/// `new ÷ (churn − expansion)`; unbounded when expansion ≥ churn.
pub fn mrr_ceiling(
    new_mrr_per_month: Money,
    monthly_churn: Decimal,
    monthly_expansion: Decimal,
) -> Result<MrrCeiling, Error> {
    non_negative(new_mrr_per_month).at("new_mrr_per_month")?;
    check_fraction(monthly_churn).at("monthly_churn")?;
    check_fraction(monthly_expansion).at("monthly_expansion")?;
    let net_loss = monthly_churn.checked_sub(monthly_expansion)?;
    if !net_loss.is_positive() {
        return Ok(MrrCeiling::Unbounded);
    }
    let value = new_mrr_per_month
        .amount()
        .div_round(net_loss, SCALE, RoundingMode::HalfEven)?;
    Ok(MrrCeiling::Finite(Money::new(
        value,
        new_mrr_per_month.currency(),
    )))
}

/// Where MRR levels off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum MrrCeiling {
    /// The steady-state MRR.
    Finite(Money),
    /// Expansion ≥ churn: MRR grows without a ceiling.
    Unbounded,
}

/// Pipeline velocity, revenue per day:
/// `open opportunities × win rate × average deal ÷ cycle days`
/// (20 × 0.2 × 15,000 ÷ 30 = 2,000).
pub fn pipeline_velocity(
    open_opportunities: Decimal,
    win_rate: Decimal,
    average_deal: Money,
    cycle_days: Decimal,
) -> Result<Money, Error> {
    if open_opportunities.is_negative() {
        return Err(Error::from(ErrorKind::Negative).at("open_opportunities"));
    }
    check_fraction(win_rate).at("win_rate")?;
    non_negative(average_deal).at("average_deal")?;
    if !cycle_days.is_positive() {
        return Err(Error::from(ErrorKind::NotPositive).at("cycle_days"));
    }
    let weighted = open_opportunities.mul_round(win_rate, SCALE, RoundingMode::HalfEven)?;
    let value =
        average_deal
            .amount()
            .mul_div_round(weighted, cycle_days, SCALE, RoundingMode::HalfEven)?;
    Ok(Money::new(value, average_deal.currency()))
}

/// Pipeline coverage needed to close one unit: `1 ÷ win rate`.
pub fn coverage(win_rate: Decimal) -> Result<Decimal, Error> {
    check_fraction(win_rate).at("win_rate")?;
    if win_rate.is_zero() {
        return Err(Error::from(ErrorKind::NotPositive).at("win_rate"));
    }
    Ok(Decimal::ONE.div_round(win_rate, SCALE, RoundingMode::HalfEven)?)
}

fn monthly_margin(cac: Money, mrr: Money, gross_margin: Decimal) -> Result<Decimal, Error> {
    non_negative(cac).at("cac")?;
    non_negative(mrr).at("mrr_per_customer")?;
    mrr.expect_currency(cac.currency()).at("mrr_per_customer")?;
    check_fraction(gross_margin).at("gross_margin")?;
    Ok(mrr
        .amount()
        .mul_round(gross_margin, SCALE, RoundingMode::HalfEven)?)
}

fn ratio(numerator: Decimal, denominator: Decimal) -> Result<Ratio, Error> {
    if denominator.is_zero() {
        return Ok(if numerator.is_zero() {
            Ratio::Finite(Decimal::ZERO)
        } else {
            Ratio::Unbounded
        });
    }
    Ok(Ratio::Finite(numerator.div_round(
        denominator,
        SCALE,
        RoundingMode::HalfEven,
    )?))
}

fn non_negative(money: Money) -> Result<(), ErrorKind> {
    if money.is_negative() {
        Err(ErrorKind::Negative)
    } else {
        Ok(())
    }
}
