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
use crate::capacity::ramp::Ramp;
use crate::capacity::workload::prefix_mut;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::limits::{
    MAX_FORWARD_LINES, MAX_HIRING_LEAD_MONTHS, MAX_PLAN_MONTHS, MAX_RAMP_MONTHS,
    MAX_STARTING_TENURE_MONTHS,
};
use crate::planning::BinaryFactor;
use crate::{days_in_month, Currency, Decimal, Money, RoundingMode, SCALE};

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

/// Months ahead a backfill can be scheduled: the lead plus the month after
/// the departure.
const BACKFILL_RING: usize = MAX_HIRING_LEAD_MONTHS as usize + 2;

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
    for (i, line) in input.lines.iter().enumerate() {
        run_line(input, line, i, cells).at_index("lines", i)?;
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

/// Adds `amount` into the slot of `table` at `index`.
fn add_at(table: &mut [Decimal], index: usize, amount: Decimal) -> Result<(), ErrorKind> {
    let slot = table.get_mut(index).ok_or(ErrorKind::OutOfRange)?;
    *slot = slot.checked_add(amount)?;
    Ok(())
}

/// Simulates line `index` and writes its cells.
fn run_line(
    input: &ForwardInput<'_>,
    line: &ForwardLine<'_>,
    index: usize,
    cells: &mut [ForwardCell],
) -> Result<(), Error> {
    let currency = input.currency;
    let full = line.ramp.full_month();
    // A ramping cohort counts `cohort × weights[k] ÷ divisor` FTE: a linear
    // ramp's (k + 1) ÷ months is kept as a ratio so the sum is divided once.
    let mut weights = [Decimal::ONE; MAX_RAMP_MONTHS];
    let divisor = match line.ramp {
        Ramp::Linear { months } => {
            for (k, weight) in (1i64..).zip(weights.iter_mut()) {
                *weight = Decimal::from_int(k);
            }
            // `months = 0` is productive from day one (no ramping cohort).
            Decimal::from_int(i64::from(months.max(1)))
        }
        Ramp::Step { .. } | Ramp::Custom(_) => {
            for (k, weight) in weights.iter_mut().enumerate().take(full) {
                *weight = line.ramp.factor(k).at("ramp")?;
            }
            Decimal::ONE
        }
    };
    let linear = matches!(line.ramp, Ramp::Linear { .. });
    let survive = match line.attrition {
        Attrition::Hazard { annual } => {
            Some(BinaryFactor::power(Decimal::ONE.checked_sub(annual)?, 1, 12).at("attrition")?)
        }
        Attrition::None | Attrition::Anniversary { .. } => None,
    };
    // Under a hazard (or none) tenure past the ramp no longer matters, so
    // the fully ramped are one pool; anniversaries need every cohort's age.
    let pooled = !matches!(line.attrition, Attrition::Anniversary { .. });
    let mut cohorts = [Decimal::ZERO; SLOTS];
    let mut pool = Decimal::ZERO;
    // The slot of the longest-serving cohort: nothing starts before it.
    let mut oldest = NOW;
    for (i, staff) in line.starting_staff.iter().enumerate() {
        let tenure = usize::try_from(staff.tenure_months).map_err(|_| ErrorKind::Overflow)?;
        let slot = NOW.checked_sub(tenure).ok_or(ErrorKind::OutOfRange);
        let slot = slot.at("tenure_months").at_index("starting_staff", i)?;
        if tenure >= full {
            pool = pool
                .checked_add(staff.count)
                .at_index("starting_staff", i)?;
        }
        if tenure < full || !pooled {
            add_at(&mut cohorts, slot, staff.count).at_index("starting_staff", i)?;
        }
        oldest = oldest.min(slot);
    }
    let mut hired = [Decimal::ZERO; MAX_PLAN_MONTHS];
    let mut late = [Decimal::ZERO; MAX_PLAN_MONTHS];
    for (i, hire) in line.hires.iter().enumerate() {
        let month = usize::try_from(hire.month).map_err(|_| ErrorKind::Overflow)?;
        let (y, m) = calendar_month(input.year, input.first_month, hire.month)
            .at("month")
            .at_index("hires", i)?;
        let missed = hire
            .missed(days_in_month(y, m))
            .at("day")
            .at_index("hires", i)?;
        add_at(&mut hired, month, hire.count).at_index("hires", i)?;
        add_at(&mut late, month, missed).at_index("hires", i)?;
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
    let mut backfill_due = [Decimal::ZERO; BACKFILL_RING];
    let stride = input.lines.len();
    let horizon = usize::try_from(input.months).map_err(|_| ErrorKind::Overflow)?;
    for m in 0..horizon {
        let now = NOW.checked_add(m).ok_or(ErrorKind::Overflow)?;
        // The cohort reaching full productivity this month joins the pool
        // (month 0's were placed there from their tenure).
        if m > 0 && full > 0 {
            if let Some(slot) = now.checked_sub(full) {
                let cohort = cohorts.get_mut(slot).ok_or(ErrorKind::OutOfRange)?;
                pool = pool.checked_add(*cohort)?;
                if pooled {
                    *cohort = Decimal::ZERO;
                }
            }
        }
        let ring = m.checked_rem(BACKFILL_RING).ok_or(ErrorKind::Overflow)?;
        let backfills = backfill_due
            .get_mut(ring)
            .map(core::mem::take)
            .unwrap_or_default();
        let arrivals = hired
            .get(m)
            .copied()
            .unwrap_or_default()
            .checked_add(backfills)?;
        if full == 0 {
            pool = pool.checked_add(arrivals)?;
        }
        if full > 0 || !pooled {
            add_at(&mut cohorts, now, arrivals)?;
        }
        let missed = late.get(m).copied().unwrap_or_default();
        let mut heads = pool;
        // Those hired late in the month are in the tenure-0 cohort.
        let mut ramping = if full == 0 {
            missed.neg()
        } else {
            missed
                .checked_mul(weights.first().copied().unwrap_or_default())?
                .neg()
        };
        for (k, weight) in weights.iter().enumerate().take(full) {
            let Some(slot) = now.checked_sub(k) else {
                break;
            };
            let cohort = cohorts.get(slot).copied().unwrap_or_default();
            if cohort.is_zero() {
                continue;
            }
            heads = heads.checked_add(cohort)?;
            // A linear weight is the whole number k + 1: scale the nanos.
            let weighted = if linear {
                let k = i128::try_from(k.saturating_add(1)).map_err(|_| ErrorKind::Overflow)?;
                Decimal::from_nanos(cohort.nanos().checked_mul(k).ok_or(ErrorKind::Overflow)?)?
            } else {
                cohort.checked_mul(*weight)?
            };
            ramping = ramping.checked_add(weighted)?;
        }
        let paid = heads.checked_sub(missed)?;
        // FTE × divisor, exact: every figure below is divided once.
        let scaled_fte = if full == 0 {
            pool.checked_add(ramping)?
        } else {
            pool.checked_mul(divisor)?.checked_add(ramping)?
        };
        let fte = scaled_fte.div_round(divisor, SCALE, RoundingMode::HalfEven)?;
        // Roles without a quota (SDRs, SEs, managers) only cost.
        let (capacity, booked) = if line.annual_quota.is_zero() {
            (Decimal::ZERO, Decimal::ZERO)
        } else {
            (
                scaled_fte.mul_div_round(
                    line.annual_quota.amount(),
                    months_scaled,
                    SCALE,
                    RoundingMode::HalfEven,
                )?,
                scaled_fte.mul_div_round(
                    booking_rate,
                    months_scaled,
                    SCALE,
                    RoundingMode::HalfEven,
                )?,
            )
        };
        let spend = paid
            .checked_mul(per_head)?
            .checked_add(booked.checked_mul(cost.commission_rate)?)?;
        let departures = match line.attrition {
            Attrition::None => Decimal::ZERO,
            Attrition::Hazard { .. } => {
                let survive = survive.unwrap_or(BinaryFactor::ONE);
                pool = survive.apply(pool)?;
                let mut after = pool;
                for k in 0..full {
                    let Some(slot) = now.checked_sub(k) else {
                        break;
                    };
                    let cohort = cohorts.get_mut(slot).ok_or(ErrorKind::OutOfRange)?;
                    if cohort.is_zero() {
                        continue;
                    }
                    *cohort = survive.apply(*cohort)?;
                    after = after.checked_add(*cohort)?;
                }
                heads.checked_sub(after)?
            }
            Attrition::Anniversary { rate, from_year } => {
                let mut gone = Decimal::ZERO;
                let mut year = usize::try_from(from_year).map_err(|_| ErrorKind::Overflow)?;
                // Tenure month 12n − 1 ends the n-th year.
                while let Some(tenure) = year.checked_mul(12).and_then(|t| t.checked_sub(1)) {
                    let Some(slot) = now.checked_sub(tenure).filter(|s| *s >= oldest) else {
                        break;
                    };
                    let cohort = cohorts.get_mut(slot).ok_or(ErrorKind::OutOfRange)?;
                    year = year.checked_add(1).ok_or(ErrorKind::Overflow)?;
                    if cohort.is_zero() {
                        continue;
                    }
                    let leaving = cohort.checked_mul(rate)?;
                    *cohort = cohort.checked_sub(leaving)?;
                    if tenure >= full {
                        pool = pool.checked_sub(leaving)?;
                    }
                    gone = gone.checked_add(leaving)?;
                }
                gone
            }
        };
        if let Some(lead) = line.backfill_lead_months {
            let lead = usize::try_from(lead).map_err(|_| ErrorKind::Overflow)?;
            let due = m.saturating_add(1).saturating_add(lead);
            if due < horizon {
                let ring = due.checked_rem(BACKFILL_RING).ok_or(ErrorKind::Overflow)?;
                add_at(&mut backfill_due, ring, departures)?;
            }
        }
        let cell = m
            .checked_mul(stride)
            .and_then(|c| c.checked_add(index))
            .and_then(|c| cells.get_mut(c))
            .ok_or(ErrorKind::OutOfRange)?;
        *cell = ForwardCell {
            headcount: heads,
            paid_fte: paid,
            ramped_fte: fte,
            departures,
            backfills,
            quota_capacity: Money::new(capacity, currency),
            booked_arr: Money::new(booked, currency),
            cost: Money::new(spend, currency),
        };
    }
    Ok(())
}

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
        let mut heads = Decimal::ZERO;
        let mut fte = Decimal::ZERO;
        let mut capacity = Decimal::ZERO;
        let mut booked = Decimal::ZERO;
        let mut cost = Decimal::ZERO;
        for cell in row {
            heads = heads.checked_add(cell.headcount)?;
            fte = fte.checked_add(cell.ramped_fte)?;
            capacity = capacity.checked_add(cell.quota_capacity.amount())?;
            booked = booked.checked_add(cell.booked_arr.amount())?;
            cost = cost.checked_add(cell.cost.amount())?;
        }
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
