//! The forward plan: from the people on board and the hiring plan to what
//! the organization books, bills and spends, month by month, and when it
//! pays back.
//!
//! Each line is simulated on its own as cohorts by start month (expected,
//! fractional people): arrivals (hires, prorated in their first month, and
//! backfills), ramp by tenure, departures at the end of the month. The
//! month rows then add the lines up and run the revenue: ARR grows by the
//! monthly NRR factor and the month's bookings, revenue is a twelfth of the
//! month's ending ARR, gross profit is revenue × gross margin, net is gross
//! profit − cost. Everything is carried at 9 fractional digits; only the
//! month rows are rounded, once each from the exact value, half-even to the
//! minor unit (the cumulative net is the exact running sum rounded, not a
//! sum of rounded months).

use crate::capacity::forward::finance::{annualize, irr, npv};
use crate::capacity::forward::line::{calendar_month, Attrition, ForwardLine};
use crate::capacity::forward::ratio::FixedRatio;
use crate::capacity::ramp::Ramp;
use crate::capacity::workload::prefix_mut;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::limits::{
    MAX_FORWARD_LINES, MAX_PLAN_MONTHS, MAX_RAMP_MONTHS, MAX_STARTING_TENURE_MONTHS,
};
use crate::planning::BinaryFactor;
use crate::{days_in_month, Currency, Decimal, Money, RoundingMode};

/// How the installed base and the bookings turn into revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct RevenueTerms {
    /// ARR on board before the first month (the base the plan adds to),
    /// not negative.
    pub starting_arr: Money,
    /// Net revenue retention per year, positive (`1.2` = 120 %): ARR is
    /// multiplied by `annual_nrr^(1/12)` each month before the month's
    /// bookings are added, so new ARR expands (or shrinks) from the month
    /// after it is booked.
    pub annual_nrr: Decimal,
    /// Gross revenue churn per year inside the NRR, in `[0, 1)`: only splits
    /// the monthly movement into churned and expansion ARR
    /// (`expansion − churned = ARR × (NRR^(1/12) − 1)`).
    pub annual_gross_churn: Decimal,
    /// Gross margin on revenue, in `[0, 1]`.
    pub gross_margin: Decimal,
}

/// A forward plan's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ForwardInput<'a> {
    /// Currency of every amount.
    pub currency: Currency,
    /// Calendar year of plan month 0.
    pub year: i32,
    /// Calendar month (1–12) of plan month 0.
    pub first_month: u32,
    /// Months planned, from 1 to [`MAX_PLAN_MONTHS`].
    pub months: u32,
    /// The `(role, segment)` lines, at most [`MAX_FORWARD_LINES`].
    pub lines: &'a [ForwardLine<'a>],
    /// Retention and margin.
    pub revenue: RevenueTerms,
    /// Annual discount rate for the NPV, above −1; `None`: no NPV.
    pub annual_discount_rate: Option<Decimal>,
    /// Whether to search the IRR of the net series.
    pub irr: bool,
}

/// One line in one month; amounts exact (9 places), not rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ForwardCell {
    /// People on board at some time in the month (this month's hires
    /// counted whole, this month's leavers still counted).
    pub headcount: Decimal,
    /// Headcount less the days before this month's hires' first day: the
    /// people paid for.
    pub paid_fte: Decimal,
    /// Paid people weighted by their ramp factor.
    pub ramped_fte: Decimal,
    /// Expected leavers at the end of the month.
    pub departures: Decimal,
    /// Backfills who started this month.
    pub backfills: Decimal,
    /// `ramped_fte × annual_quota ÷ 12`: the month's quota in new ARR.
    pub quota_capacity: Money,
    /// `quota_capacity × attainment`: new ARR booked.
    pub booked_arr: Money,
    /// `paid_fte × (monthly_cost × (1 + overhead) + tools_monthly) +
    /// commission_rate × booked_arr`.
    pub cost: Money,
}

impl ForwardCell {
    /// An empty cell, for sizing buffers.
    pub const fn empty(currency: Currency) -> ForwardCell {
        ForwardCell {
            headcount: Decimal::ZERO,
            paid_fte: Decimal::ZERO,
            ramped_fte: Decimal::ZERO,
            departures: Decimal::ZERO,
            backfills: Decimal::ZERO,
            quota_capacity: Money::zero(currency),
            booked_arr: Money::zero(currency),
            cost: Money::zero(currency),
        }
    }
}

/// One month of the plan: every amount rounded once, half-even, to the
/// minor unit from its exact value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ForwardMonth {
    /// Plan month (0 = the first).
    pub month: u32,
    /// Sum of the lines' headcount (exact).
    pub headcount: Decimal,
    /// Sum of the lines' ramped FTE (exact).
    pub ramped_fte: Decimal,
    /// Quota capacity in new ARR.
    pub quota_capacity: Money,
    /// New ARR booked.
    pub booked_arr: Money,
    /// New MRR booked: `booked_arr ÷ 12`.
    pub new_mrr: Money,
    /// ARR added by expansion of the base.
    pub expansion_arr: Money,
    /// ARR lost to churn.
    pub churned_arr: Money,
    /// ARR at the end of the month.
    pub arr: Money,
    /// Recognized revenue: the month's ending ARR ÷ 12.
    pub revenue: Money,
    /// Revenue × gross margin.
    pub gross_profit: Money,
    /// Fully loaded cost of every line.
    pub cost: Money,
    /// Gross profit − cost.
    pub net: Money,
    /// Exact running sum of the net, rounded.
    pub cumulative: Money,
}

impl ForwardMonth {
    /// An empty month, for sizing buffers.
    pub const fn empty(currency: Currency) -> ForwardMonth {
        let zero = Money::zero(currency);
        ForwardMonth {
            month: 0,
            headcount: Decimal::ZERO,
            ramped_fte: Decimal::ZERO,
            quota_capacity: zero,
            booked_arr: zero,
            new_mrr: zero,
            expansion_arr: zero,
            churned_arr: zero,
            arr: zero,
            revenue: zero,
            gross_profit: zero,
            cost: zero,
            net: zero,
            cumulative: zero,
        }
    }
}

/// What the whole horizon adds up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ForwardSummary {
    /// The month (1-based, as `saas-metrics` counts) after the last month
    /// whose exact cumulative net is negative: 1 if it never is; `None`
    /// if the last month still is.
    pub payback_month: Option<u32>,
    /// The lowest cumulative net (rounded), zero if never negative.
    pub trough: Money,
    /// Excel `NPV` of the exact monthly nets at the monthly equivalent of
    /// the annual discount rate, rounded to the minor unit.
    pub npv: Option<Money>,
    /// Excel `IRR` of the exact monthly nets (monthly, within 1e-9), when
    /// asked for and found in `[−10 %, +100 %]` a month.
    pub irr_monthly: Option<Decimal>,
    /// `(1 + irr_monthly)^12 − 1`.
    pub irr_annual: Option<Decimal>,
}

/// Slots of the cohort table: start months from `−MAX_STARTING_TENURE_MONTHS`
/// (the longest-serving starting staff) to the last plan month.
const SLOTS: usize = MAX_STARTING_TENURE_MONTHS as usize + MAX_PLAN_MONTHS + 1;

/// Offset of plan month 0 in the cohort table.
const NOW: usize = MAX_STARTING_TENURE_MONTHS as usize;

impl ForwardInput<'_> {
    /// Checks the horizon, the calendar, the lines and the revenue terms.
    pub fn validate(&self) -> Result<(), Error> {
        if self.months == 0 || usize::try_from(self.months).map_or(true, |m| m > MAX_PLAN_MONTHS) {
            return Err(Error::from(ErrorKind::OutOfRange).at("months"));
        }
        if !(1..=12).contains(&self.first_month) {
            return Err(Error::from(ErrorKind::InvalidDate).at("first_month"));
        }
        calendar_month(self.year, self.first_month, self.months).at("months")?;
        if self.lines.is_empty() {
            return Err(Error::from(ErrorKind::Empty).at("lines"));
        }
        if self.lines.len() > MAX_FORWARD_LINES {
            return Err(Error::from(ErrorKind::TooMany {
                max: MAX_FORWARD_LINES as u32,
            })
            .at("lines"));
        }
        for (i, line) in self.lines.iter().enumerate() {
            line.validate(self.currency, self.year, self.first_month, self.months)
                .at_index("lines", i)?;
        }
        let terms = &self.revenue;
        let revenue = |e: Error| e.at("revenue");
        terms
            .starting_arr
            .expect_currency(self.currency)
            .at("starting_arr")
            .map_err(revenue)?;
        if terms.starting_arr.is_negative() {
            return Err(revenue(Error::from(ErrorKind::Negative).at("starting_arr")));
        }
        if !terms.annual_nrr.is_positive() {
            return Err(revenue(
                Error::from(ErrorKind::NotPositive).at("annual_nrr"),
            ));
        }
        if terms.annual_gross_churn.is_negative() || terms.annual_gross_churn >= Decimal::ONE {
            return Err(revenue(
                Error::from(ErrorKind::OutOfRange).at("annual_gross_churn"),
            ));
        }
        if terms.gross_margin.is_negative() || terms.gross_margin > Decimal::ONE {
            return Err(revenue(
                Error::from(ErrorKind::OutOfRange).at("gross_margin"),
            ));
        }
        if self
            .annual_discount_rate
            .is_some_and(|r| r <= Decimal::ONE.neg())
        {
            return Err(Error::from(ErrorKind::OutOfRange).at("annual_discount_rate"));
        }
        Ok(())
    }

    /// Cells a plan writes: `months × lines`.
    pub fn cell_count(&self) -> usize {
        usize::try_from(self.months)
            .unwrap_or(usize::MAX)
            .saturating_mul(self.lines.len())
    }
}

/// Runs the plan: every `(month, line)` cell into `cells` (index
/// `month × lines + line`), every month into `months`, and the summary.
pub fn forward_plan(
    input: &ForwardInput<'_>,
    cells: &mut [ForwardCell],
    months: &mut [ForwardMonth],
) -> Result<ForwardSummary, Error> {
    input.validate()?;
    let horizon = usize::try_from(input.months).map_err(|_| ErrorKind::Overflow)?;
    let cells = prefix_mut(cells, input.cell_count()).at("cells")?;
    let months = prefix_mut(months, horizon).at("months")?;
    let mut scratch = Scratch::new();
    for (i, line) in input.lines.iter().enumerate() {
        run_line(input, line, i, &mut scratch, cells).at_index("lines", i)?;
    }
    let mut nets = [Decimal::ZERO; MAX_PLAN_MONTHS];
    let trough = run_revenue(input, cells, months, &mut nets)?;
    let nets = nets.get(..horizon).unwrap_or(&[]);
    let payback_month = match nets_cumulative_last_negative(nets)? {
        None => Some(1),
        Some(last) if last.saturating_add(1) == horizon => None,
        Some(last) => u32::try_from(last.saturating_add(2)).ok(),
    };
    let npv = match input.annual_discount_rate {
        Some(annual) => Some(
            Money::new(
                npv(annual, nets).at("annual_discount_rate")?,
                input.currency,
            )
            .round_to_minor(RoundingMode::HalfEven)?,
        ),
        None => None,
    };
    let irr_monthly = if input.irr { irr(nets)? } else { None };
    let irr_annual = irr_monthly.map(annualize).transpose()?;
    Ok(ForwardSummary {
        payback_month,
        trough,
        npv,
        irr_monthly,
        irr_annual,
    })
}

/// The index of the last month whose exact cumulative net is negative.
fn nets_cumulative_last_negative(nets: &[Decimal]) -> Result<Option<usize>, ErrorKind> {
    let mut cumulative = Decimal::ZERO;
    let mut last = None;
    for (m, net) in nets.iter().enumerate() {
        cumulative = cumulative.checked_add(*net)?;
        if cumulative.is_negative() {
            last = Some(m);
        }
    }
    Ok(last)
}

/// `a + b` on people (nanos).
#[inline(always)]
fn add(a: u64, b: u64) -> Result<u64, ErrorKind> {
    a.checked_add(b).ok_or(ErrorKind::Overflow)
}

/// `a − b` on people (nanos).
#[inline(always)]
fn sub(a: u64, b: u64) -> Result<u64, ErrorKind> {
    a.checked_sub(b).ok_or(ErrorKind::Overflow)
}

/// Adds `amount` people into the slot of `table` at `index`.
fn add_at(table: &mut [u64], index: usize, amount: u64) -> Result<(), ErrorKind> {
    let slot = table.get_mut(index).ok_or(ErrorKind::OutOfRange)?;
    *slot = add(*slot, amount)?;
    Ok(())
}

/// A count of people (validated, not negative) in nanos, as the `u64` the
/// month loop carries.
fn people(count: Decimal) -> Result<u64, ErrorKind> {
    u64::try_from(count.nanos()).map_err(|_| ErrorKind::Overflow)
}

/// A product back to people: a survival, leaving or ramp factor is at most
/// 1, so the result fits where the count did.
#[inline(always)]
fn narrow<T: TryInto<u64>>(nanos: T) -> Result<u64, ErrorKind> {
    nanos.try_into().map_err(|_| ErrorKind::Overflow)
}

/// Nanos from a product, range-checked.
#[inline(always)]
fn decimal(nanos: u128) -> Result<Decimal, ErrorKind> {
    Decimal::from_nanos(i128::try_from(nanos).map_err(|_| ErrorKind::Overflow)?)
}

/// What the lines of one plan reuse: the cohort and month tables in nanos
/// (each line clears only the part it uses), the ramp factors and the last
/// hazard's monthly survival factor (one `libm` power per distinct rate,
/// not per line).
struct Scratch {
    cohorts: [u64; SLOTS],
    hired: [u64; MAX_PLAN_MONTHS],
    late: [u64; MAX_PLAN_MONTHS],
    /// Backfills by the month they start.
    backfills: [u64; MAX_PLAN_MONTHS],
    /// The ramp factors of a line without a linear ramp.
    weights: [FixedRatio; MAX_RAMP_MONTHS],
    survival: Option<(Decimal, BinaryFactor)>,
}

impl Scratch {
    const fn new() -> Scratch {
        Scratch {
            cohorts: [0; SLOTS],
            hired: [0; MAX_PLAN_MONTHS],
            late: [0; MAX_PLAN_MONTHS],
            backfills: [0; MAX_PLAN_MONTHS],
            weights: [FixedRatio::ONE; MAX_RAMP_MONTHS],
            survival: None,
        }
    }

    /// The monthly survival factor `(1 − annual)^(1/12)`.
    fn survival(&mut self, annual: Decimal) -> Result<BinaryFactor, ErrorKind> {
        if let Some((rate, factor)) = self.survival {
            if rate == annual {
                return Ok(factor);
            }
        }
        let factor = BinaryFactor::power(Decimal::ONE.checked_sub(annual)?, 1, 12)?;
        self.survival = Some((annual, factor));
        Ok(factor)
    }
}

/// How a line's people leave, prepared for its months.
#[derive(Clone, Copy)]
enum Leaving {
    None,
    /// The monthly survival factor.
    Hazard(Survival),
    /// The fraction leaving at an anniversary, and the first tenure month
    /// ending a year with departures.
    Anniversary(FixedRatio, usize),
}

/// A monthly survival factor prepared for the month loop, where each
/// cohort's product is on the chain of dependent steps from one month to
/// the next: as one word (`m ÷ 2⁶⁴`, every survival from ½ up) the product
/// is one multiplication rounded by its low word; any other factor takes
/// the general product, out of line.
#[derive(Clone, Copy)]
enum Survival {
    Word(u64),
    General(BinaryFactor),
}

impl Survival {
    fn of(factor: BinaryFactor) -> Survival {
        factor
            .word_fraction()
            .map_or(Survival::General(factor), Survival::Word)
    }

    /// The survivors of `count` people (nanos): the exact product rounded
    /// once half-even, as `BinaryFactor::apply_nanos`.
    #[inline(always)]
    fn apply(self, count: u64) -> Result<u64, ErrorKind> {
        match self {
            Survival::Word(word) => Ok(BinaryFactor::apply_word(word, count)),
            Survival::General(factor) => survivors_general(factor, count),
        }
    }
}

/// [`Survival::apply`] for a factor without a word form.
#[inline(never)]
fn survivors_general(factor: BinaryFactor, count: u64) -> Result<u64, ErrorKind> {
    narrow(factor.apply_nanos(i128::from(count))?)
}

/// A line's fixed terms, prepared once for all its months.
struct Terms {
    /// The first tenure month at full productivity.
    full: usize,
    /// The slot of the longest-serving cohort: every slot below is empty.
    oldest: usize,
    /// Whether the fully ramped are one pool (no anniversaries to age).
    pooled: bool,
    /// The ramp divisor as a whole number (`months` of a linear ramp, else
    /// 1): the cohorts' weighted sum is FTE × `scale`.
    scale: u128,
    /// Dividing by `scale`.
    unscale: FixedRatio,
    /// Monthly quota and booking rate per scaled FTE; `None` without quota.
    quota: Option<(FixedRatio, FixedRatio)>,
    head_cost: FixedRatio,
    commission: FixedRatio,
    /// Backfill lead in months.
    lead: Option<usize>,
}

/// Where a line writes its cells.
struct Out<'c> {
    cells: &'c mut [ForwardCell],
    index: usize,
    stride: usize,
    currency: Currency,
}

/// Simulates line `index` and writes its cells.
///
/// People are carried as `u64` nanos: nobody arrives but the starting staff
/// and the hires (a backfill replaces a departure), so a line whose staff
/// and hires add up to less than 2⁶⁴ nanos (18.4 billion people) never
/// holds more in any month or cohort; a larger line is refused with
/// `Overflow` at the count that passes the bound. No count is negative, so
/// nothing in a month is either.
/// Every fixed factor of the line (ramp divisor, monthly quota and booking
/// rate, cost per head, commission, anniversary rate) is a [`FixedRatio`]
/// prepared once, so a month costs multiplications, not divisions; each
/// product is still the exact one rounded once half-even to the nano, as
/// `checked_mul`/`mul_div_round` give.
fn run_line(
    input: &ForwardInput<'_>,
    line: &ForwardLine<'_>,
    index: usize,
    scratch: &mut Scratch,
    cells: &mut [ForwardCell],
) -> Result<(), Error> {
    let full = line.ramp.full_month();
    // A ramping cohort counts `cohort × weights[k] ÷ divisor` FTE: a linear
    // ramp's (k + 1) ÷ months is kept as a ratio so the sum is divided once.
    let linear = match line.ramp {
        // `months = 0` is productive from day one (no ramping cohort).
        Ramp::Linear { months } => Some(u128::from(months.max(1))),
        Ramp::Step { .. } | Ramp::Custom(_) => {
            // Other ramps' factors, for the months they ramp.
            for (k, weight) in scratch.weights.iter_mut().enumerate().take(full) {
                *weight = FixedRatio::of(line.ramp.factor(k).at("ramp")?)?;
            }
            None
        }
    };
    let scale = linear.unwrap_or(1);
    let divisor = Decimal::from_int(i64::try_from(scale).map_err(|_| ErrorKind::Overflow)?);
    let leaving = match line.attrition {
        Attrition::None => Leaving::None,
        Attrition::Hazard { annual } => {
            Leaving::Hazard(Survival::of(scratch.survival(annual).at("attrition")?))
        }
        // Tenure month 12n − 1 ends the n-th year; later ones every 12.
        Attrition::Anniversary { rate, from_year } => Leaving::Anniversary(
            FixedRatio::of(rate).at("attrition")?,
            // (Beyond `usize`: never reached.)
            usize::try_from(from_year)
                .ok()
                .and_then(|year| year.checked_mul(12)?.checked_sub(1))
                .unwrap_or(usize::MAX),
        ),
    };
    let horizon = usize::try_from(input.months).map_err(|_| ErrorKind::Overflow)?;
    // The slot of the longest-serving cohort: nothing starts before it, so
    // every slot below it is zero and no loop needs to look there.
    let oldest = line.starting_staff.iter().fold(NOW, |oldest, staff| {
        usize::try_from(staff.tenure_months).map_or(oldest, |t| oldest.min(NOW.saturating_sub(t)))
    });
    let Scratch {
        cohorts,
        hired,
        late,
        backfills,
        weights,
        ..
    } = scratch;
    let weights = match linear {
        Some(_) => None,
        None => Some(&*weights),
    };
    let end = NOW.checked_add(horizon).ok_or(ErrorKind::Overflow)?;
    let first = oldest.min(NOW.saturating_sub(full));
    cohorts
        .get_mut(first..end)
        .ok_or(ErrorKind::OutOfRange)?
        .fill(0);
    let hired = hired.get_mut(..horizon).ok_or(ErrorKind::OutOfRange)?;
    let late = late.get_mut(..horizon).ok_or(ErrorKind::OutOfRange)?;
    let backfills = backfills.get_mut(..horizon).ok_or(ErrorKind::OutOfRange)?;
    hired.fill(0);
    late.fill(0);
    backfills.fill(0);
    // Under a hazard (or none) tenure past the ramp no longer matters, so
    // the fully ramped are one pool; anniversaries need every cohort's age.
    let pooled = !matches!(leaving, Leaving::Anniversary(..));
    // Everyone who will ever be on board, checked once against `u64`.
    let mut arriving = 0u64;
    let mut pool = 0u64;
    for (i, staff) in line.starting_staff.iter().enumerate() {
        let tenure = usize::try_from(staff.tenure_months).map_err(|_| ErrorKind::Overflow)?;
        let slot = NOW.checked_sub(tenure).ok_or(ErrorKind::OutOfRange);
        let slot = slot.at("tenure_months").at_index("starting_staff", i)?;
        let count = people(staff.count)
            .and_then(|count| {
                arriving = add(arriving, count)?;
                Ok(count)
            })
            .at("count")
            .at_index("starting_staff", i)?;
        if tenure >= full {
            pool = add(pool, count).at_index("starting_staff", i)?;
        }
        if tenure < full || !pooled {
            add_at(cohorts, slot, count).at_index("starting_staff", i)?;
        }
    }
    for (i, hire) in line.hires.iter().enumerate() {
        let month = usize::try_from(hire.month).map_err(|_| ErrorKind::Overflow)?;
        let (y, m) = calendar_month(input.year, input.first_month, hire.month)
            .at("month")
            .at_index("hires", i)?;
        let count = people(hire.count)
            .and_then(|count| {
                arriving = add(arriving, count)?;
                Ok(count)
            })
            .at("count")
            .at_index("hires", i)?;
        let missed = hire
            .missed(count, days_in_month(y, m))
            .at("day")
            .at_index("hires", i)?;
        add_at(hired, month, count).at_index("hires", i)?;
        add_at(late, month, missed).at_index("hires", i)?;
    }
    let cost = &line.cost;
    let per_head = cost
        .monthly_cost
        .amount()
        .checked_mul(Decimal::ONE.checked_add(cost.overhead)?)
        .and_then(|c| c.checked_add(cost.tools_monthly.amount()))
        .at("cost")?;
    let months_scaled = divisor.checked_mul(Decimal::from_int(12))?;
    let booking_rate = line
        .annual_quota
        .amount()
        .checked_mul(line.attainment)
        .at("attainment")?;
    let terms = Terms {
        full,
        oldest,
        pooled,
        scale,
        unscale: FixedRatio::dividing(divisor)?,
        // Roles without a quota (SDRs, SEs, managers) only cost.
        quota: if line.annual_quota.is_zero() {
            None
        } else {
            Some((
                FixedRatio::quotient(line.annual_quota.amount(), months_scaled)?,
                FixedRatio::quotient(booking_rate, months_scaled)?,
            ))
        },
        head_cost: FixedRatio::of(per_head).at("cost")?,
        commission: FixedRatio::of(cost.commission_rate).at("cost")?,
        lead: match line.backfill_lead_months {
            Some(lead) => Some(usize::try_from(lead).map_err(|_| ErrorKind::Overflow)?),
            None => None,
        },
    };
    let out = Out {
        cells,
        index,
        stride: input.lines.len(),
        currency: input.currency,
    };
    let tables = (cohorts, &*hired, &*late, backfills);
    // One copy of the month loop per kind of attrition and ramp, so that
    // no month asks again which kind the line is.
    let result = match (leaving, weights) {
        (Leaving::Hazard(f), None) => months(&terms, Leaving::Hazard(f), None, tables, pool, out),
        (Leaving::Hazard(f), Some(w)) => {
            months(&terms, Leaving::Hazard(f), Some(w), tables, pool, out)
        }
        (Leaving::Anniversary(r, t), None) => {
            months(&terms, Leaving::Anniversary(r, t), None, tables, pool, out)
        }
        (Leaving::Anniversary(r, t), Some(w)) => months(
            &terms,
            Leaving::Anniversary(r, t),
            Some(w),
            tables,
            pool,
            out,
        ),
        (Leaving::None, None) => months(&terms, Leaving::None, None, tables, pool, out),
        (Leaving::None, Some(w)) => months(&terms, Leaving::None, Some(w), tables, pool, out),
    };
    Ok(result?)
}

/// The month loop of [`run_line`]: `weights` are the ramp's factors by
/// tenure month, `None` for a linear ramp (whole weights `k + 1`).
#[inline(always)]
fn months(
    terms: &Terms,
    leaving: Leaving,
    weights: Option<&[FixedRatio; MAX_RAMP_MONTHS]>,
    (cohorts, hired, late, backfill_due): (&mut [u64; SLOTS], &[u64], &[u64], &mut [u64]),
    mut pool: u64,
    out: Out<'_>,
) -> Result<(), ErrorKind> {
    let Terms {
        full,
        oldest,
        pooled,
        ..
    } = *terms;
    let horizon = hired.len();
    for (m, (&hires, &missed)) in hired.iter().zip(late).enumerate() {
        let now = NOW.checked_add(m).ok_or(ErrorKind::Overflow)?;
        // The cohort reaching full productivity this month joins the pool
        // (month 0's were placed there from their tenure).
        if m > 0 && full > 0 {
            if let Some(slot) = now.checked_sub(full) {
                let cohort = cohorts.get_mut(slot).ok_or(ErrorKind::OutOfRange)?;
                pool = add(pool, *cohort)?;
                if pooled {
                    *cohort = 0;
                }
            }
        }
        let backfills = backfill_due.get(m).copied().unwrap_or_default();
        let arrivals = add(hires, backfills)?;
        if full == 0 {
            pool = add(pool, arrivals)?;
        }
        if full > 0 || !pooled {
            add_at(cohorts, now, arrivals)?;
        }
        let mut heads = pool;
        // Those hired late in the month are in the tenure-0 cohort (or the
        // pool): their weighted share comes off the sum below.
        let late_share = match weights {
            Some([weight, ..]) if full > 0 && missed != 0 => weight.apply(u128::from(missed)),
            _ => u128::from(missed),
        };
        let mut ramping = 0u128;
        // The ramping cohorts, tenure 0 first: slots `now` down to
        // `now − full + 1`, none below the oldest (empty when `full = 0`).
        let youngest = now
            .saturating_add(1)
            .saturating_sub(full)
            .max(oldest)
            .min(now.saturating_add(1));
        let ramping_cohorts = cohorts
            .get_mut(youngest..=now)
            .ok_or(ErrorKind::OutOfRange)?;
        // Under a hazard the cohorts survive the month once counted (the
        // pool after the figures that use it, below).
        let mut survivors = 0u64;
        let mut whole = 0u64;
        for (k, cohort) in ramping_cohorts.iter_mut().rev().enumerate() {
            whole = whole.wrapping_add(1);
            if *cohort == 0 {
                continue;
            }
            heads = add(heads, *cohort)?;
            // At most 24 terms, each below 24 × 2⁶⁴ (a weight is at most
            // 1, a whole weight at most 24): the sum cannot leave `u128`.
            let weighted = match weights {
                None => u128::from(*cohort).wrapping_mul(u128::from(whole)),
                Some(weights) => weights
                    .get(k)
                    .ok_or(ErrorKind::OutOfRange)?
                    .apply(u128::from(*cohort)),
            };
            // (Saturating: a saturated product stays out of range.)
            ramping = ramping.saturating_add(weighted);
            if let Leaving::Hazard(survival) = leaving {
                *cohort = survival.apply(*cohort)?;
                survivors = add(survivors, *cohort)?;
            }
        }
        let paid = sub(heads, missed)?;
        // FTE × divisor, exact (below 2⁷⁴, as above): every figure below
        // is divided once.
        let scaled_fte = u128::from(pool)
            .wrapping_mul(terms.scale)
            .saturating_add(ramping)
            .checked_sub(late_share)
            .ok_or(ErrorKind::Overflow)?;
        // FTE is at most the headcount, so people again.
        let fte = narrow(terms.unscale.apply(scaled_fte))?;
        // Without a quota nothing is booked and no commission is due.
        let (capacity, booked, commission) = match terms.quota {
            Some((capacity, booking)) => {
                let booked = booking.apply(scaled_fte);
                let commission = terms.commission.apply(booked);
                (capacity.apply(scaled_fte), booked, commission)
            }
            None => (0, 0, 0),
        };
        let spend = terms
            .head_cost
            .apply(u128::from(paid))
            .checked_add(commission)
            .ok_or(ErrorKind::Overflow)?;
        let departures = match leaving {
            Leaving::Hazard(survival) => {
                pool = survival.apply(pool)?;
                sub(heads, add(pool, survivors)?)?
            }
            Leaving::Anniversary(leave, first_tenure) => {
                let mut gone = 0u64;
                let mut tenure = first_tenure;
                while let Some(slot) = now.checked_sub(tenure).filter(|s| *s >= oldest) {
                    let cohort = cohorts.get_mut(slot).ok_or(ErrorKind::OutOfRange)?;
                    if *cohort != 0 {
                        let leaving = narrow(leave.apply(u128::from(*cohort)))?;
                        *cohort = sub(*cohort, leaving)?;
                        if tenure >= full {
                            pool = sub(pool, leaving)?;
                        }
                        gone = add(gone, leaving)?;
                    }
                    tenure = tenure.saturating_add(12);
                }
                gone
            }
            Leaving::None => 0,
        };
        if let Some(lead) = terms.lead {
            let due = m.saturating_add(1).saturating_add(lead);
            if due < horizon {
                add_at(backfill_due, due, departures)?;
            }
        }
        let cell = m
            .checked_mul(out.stride)
            .and_then(|c| c.checked_add(out.index))
            .and_then(|c| out.cells.get_mut(c))
            .ok_or(ErrorKind::OutOfRange)?;
        let money = |nanos: u128| decimal(nanos).map(|d| Money::new(d, out.currency));
        // People fit `u64`, so always a decimal; products are checked.
        *cell = ForwardCell {
            headcount: Decimal::from_small_nanos(heads),
            paid_fte: Decimal::from_small_nanos(paid),
            ramped_fte: Decimal::from_small_nanos(fte),
            departures: Decimal::from_small_nanos(departures),
            backfills: Decimal::from_small_nanos(backfills),
            quota_capacity: money(capacity)?,
            booked_arr: money(booked)?,
            cost: money(spend)?,
        };
    }
    Ok(())
}

// A month's row of cell figures sums inside i128 (see `run_revenue`).
const _: () = assert!(Decimal::MAX.nanos() < i128::MAX / MAX_FORWARD_LINES as i128);

/// Adds the lines up month by month and runs ARR, revenue, cost and net;
/// writes the exact nets into `nets` and returns the trough.
fn run_revenue(
    input: &ForwardInput<'_>,
    cells: &[ForwardCell],
    months: &mut [ForwardMonth],
    nets: &mut [Decimal; MAX_PLAN_MONTHS],
) -> Result<Money, Error> {
    let currency = input.currency;
    let terms = &input.revenue;
    let growth = BinaryFactor::power(terms.annual_nrr, 1, 12)
        .at("annual_nrr")
        .map_err(|e| e.at("revenue"))?;
    let retained = Decimal::ONE
        .checked_sub(terms.annual_gross_churn)
        .and_then(|kept| BinaryFactor::power(kept, 1, 12))
        .at("annual_gross_churn")
        .map_err(|e| e.at("revenue"))?;
    let twelve = Decimal::from_int(12);
    let round =
        |amount: Decimal| Money::new(amount, currency).round_to_minor(RoundingMode::HalfEven);
    let mut arr = terms.starting_arr.amount();
    let mut cumulative = Decimal::ZERO;
    let mut trough = Decimal::ZERO;
    let stride = input.lines.len().max(1);
    for (m, ((row, out), net_slot)) in cells
        .chunks_exact(stride)
        .zip(months.iter_mut())
        .zip(nets.iter_mut())
        .enumerate()
    {
        // On the nanos, range-checked once: no cell figure is negative, so
        // a partial sum is never further out than the total, and a row of
        // at most MAX_FORWARD_LINES figures of at most 10³⁶ cannot wrap.
        let mut sums = [0i128; 5];
        for cell in row {
            for (sum, value) in sums.iter_mut().zip([
                cell.headcount,
                cell.ramped_fte,
                cell.quota_capacity.amount(),
                cell.booked_arr.amount(),
                cell.cost.amount(),
            ]) {
                *sum = sum.wrapping_add(value.nanos());
            }
        }
        let [heads, fte, capacity, booked, cost] = sums.map(Decimal::from_nanos);
        let (heads, fte, capacity, booked, cost) = (heads?, fte?, capacity?, booked?, cost?);
        let churned = arr.checked_sub(retained.apply(arr)?)?;
        let change = growth.apply(arr)?.checked_sub(arr)?;
        let expansion = change.checked_add(churned)?;
        arr = arr.checked_add(change)?.checked_add(booked)?;
        let revenue = arr.checked_div(twelve)?;
        let gross_profit = revenue.checked_mul(terms.gross_margin)?;
        let net = gross_profit.checked_sub(cost)?;
        cumulative = cumulative.checked_add(net)?;
        trough = trough.min(cumulative);
        *net_slot = net;
        *out = ForwardMonth {
            month: u32::try_from(m).map_err(|_| ErrorKind::Overflow)?,
            headcount: heads,
            ramped_fte: fte,
            quota_capacity: round(capacity)?,
            booked_arr: round(booked)?,
            new_mrr: round(booked.checked_div(twelve)?)?,
            expansion_arr: round(expansion)?,
            churned_arr: round(churned)?,
            arr: round(arr)?,
            revenue: round(revenue)?,
            gross_profit: round(gross_profit)?,
            cost: round(cost)?,
            net: round(net)?,
            cumulative: round(cumulative)?,
        };
    }
    Ok(round(trough)?)
}
