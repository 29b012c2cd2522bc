//! A straightforward forward plan, for properties that the engine's fast
//! paths change nothing.
//!
//! The cohort model of `salesphysics_core::capacity::forward` (issue 16)
//! written the plain way: a cohort table over every start month, every
//! product through the public `Decimal` operations (`checked_mul`,
//! `mul_div_round`, `div_round`), and the survival, NRR and discount
//! factors as the exact binary value of one `libm` power applied with big
//! integers. Same conventions as the engine's docs (`docs/capacity.md`);
//! nothing here is shared with the engine's code.

use num_bigint::BigInt;
use salesphysics_core::capacity::forward::{
    Attrition, ForwardCell, ForwardInput, ForwardMonth, ForwardSummary,
};
use salesphysics_core::capacity::Ramp;
use salesphysics_core::{days_in_month, Decimal, Money, RoundingMode};

use crate::exact::{half_even, nanos};

const HALF_EVEN: RoundingMode = RoundingMode::HalfEven;

/// `(nanos ÷ 10⁹)^(numerator ÷ denominator)` from `libm`, as its exact
/// binary value `mantissa × 2^exponent`.
#[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
fn power(base: Decimal, numerator: i32, denominator: u32) -> (u64, i32) {
    let x = libm::pow(
        base.nanos() as f64 / 1e9,
        f64::from(numerator) / f64::from(denominator),
    );
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    }
}

/// `value × mantissa × 2^exponent`, rounded half-even to the nano.
fn apply((mantissa, exponent): (u64, i32), value: Decimal) -> Decimal {
    let product = BigInt::from(value.nanos()) * BigInt::from(mantissa);
    if exponent >= 0 {
        return nanos(&(product << exponent));
    }
    let denominator = BigInt::from(1) << exponent.unsigned_abs();
    nanos(&half_even(&product, &denominator))
}

/// The plan's cells, months and summary (no IRR), computed the plain way.
pub fn forward_reference(
    input: &ForwardInput<'_>,
) -> (Vec<ForwardCell>, Vec<ForwardMonth>, ForwardSummary) {
    let horizon = input.months as usize;
    let stride = input.lines.len();
    let mut cells = vec![ForwardCell::empty(input.currency); horizon * stride];
    for (index, line) in input.lines.iter().enumerate() {
        let full = line.ramp.full_month();
        let (weights, divisor): (Vec<Decimal>, Decimal) = match line.ramp {
            Ramp::Linear { months } => (
                (1..=24).map(Decimal::from_int).collect(),
                Decimal::from_int(i64::from(months.max(1))),
            ),
            _ => (
                (0..full).map(|k| line.ramp.factor(k).unwrap()).collect(),
                Decimal::ONE,
            ),
        };
        let survive = match line.attrition {
            Attrition::Hazard { annual } => {
                Some(power(Decimal::ONE.checked_sub(annual).unwrap(), 1, 12))
            }
            _ => None,
        };
        let pooled = !matches!(line.attrition, Attrition::Anniversary { .. });
        // Slot of start month s (plan month 0 = `offset`).
        let offset = line
            .starting_staff
            .iter()
            .map(|s| s.tenure_months as usize)
            .max()
            .unwrap_or(0)
            .max(full);
        let mut cohorts = vec![Decimal::ZERO; offset + horizon + 1];
        let mut pool = Decimal::ZERO;
        for staff in line.starting_staff {
            let tenure = staff.tenure_months as usize;
            if tenure >= full {
                pool = pool.checked_add(staff.count).unwrap();
            }
            if tenure < full || !pooled {
                let slot = &mut cohorts[offset - tenure];
                *slot = slot.checked_add(staff.count).unwrap();
            }
        }
        let mut hired = vec![Decimal::ZERO; horizon];
        let mut late = vec![Decimal::ZERO; horizon];
        for hire in line.hires {
            let index = input.first_month as usize - 1 + hire.month as usize;
            let days = days_in_month(input.year + (index / 12) as i32, (index % 12) as u32 + 1);
            let missed = hire
                .count
                .mul_div_round(
                    Decimal::from_int(i64::from(hire.day - 1)),
                    Decimal::from_int(i64::from(days)),
                    9,
                    HALF_EVEN,
                )
                .unwrap();
            let m = hire.month as usize;
            hired[m] = hired[m].checked_add(hire.count).unwrap();
            late[m] = late[m].checked_add(missed).unwrap();
        }
        let cost = &line.cost;
        let per_head = cost
            .monthly_cost
            .amount()
            .checked_mul(Decimal::ONE.checked_add(cost.overhead).unwrap())
            .unwrap()
            .checked_add(cost.tools_monthly.amount())
            .unwrap();
        let months_scaled = divisor.checked_mul(Decimal::from_int(12)).unwrap();
        let booking_rate = line
            .annual_quota
            .amount()
            .checked_mul(line.attainment)
            .unwrap();
        let mut backfill_due = vec![Decimal::ZERO; horizon + 64];
        for m in 0..horizon {
            let now = offset + m;
            if m > 0 && full > 0 {
                let slot = now - full;
                pool = pool.checked_add(cohorts[slot]).unwrap();
                if pooled {
                    cohorts[slot] = Decimal::ZERO;
                }
            }
            let backfills = backfill_due[m];
            let arrivals = hired[m].checked_add(backfills).unwrap();
            if full == 0 {
                pool = pool.checked_add(arrivals).unwrap();
            }
            if full > 0 || !pooled {
                cohorts[now] = cohorts[now].checked_add(arrivals).unwrap();
            }
            let missed = late[m];
            let mut heads = pool;
            let mut ramping = if full == 0 {
                missed.neg()
            } else {
                missed.checked_mul(weights[0]).unwrap().neg()
            };
            for k in 0..full.min(now + 1) {
                let cohort = cohorts[now - k];
                heads = heads.checked_add(cohort).unwrap();
                ramping = ramping
                    .checked_add(cohort.checked_mul(weights[k]).unwrap())
                    .unwrap();
            }
            let paid = heads.checked_sub(missed).unwrap();
            let scaled_fte = pool
                .checked_mul(divisor)
                .unwrap()
                .checked_add(ramping)
                .unwrap();
            let fte = scaled_fte.div_round(divisor, 9, HALF_EVEN).unwrap();
            let capacity = scaled_fte
                .mul_div_round(line.annual_quota.amount(), months_scaled, 9, HALF_EVEN)
                .unwrap();
            let booked = scaled_fte
                .mul_div_round(booking_rate, months_scaled, 9, HALF_EVEN)
                .unwrap();
            let spend = paid
                .checked_mul(per_head)
                .unwrap()
                .checked_add(booked.checked_mul(cost.commission_rate).unwrap())
                .unwrap();
            let departures = match line.attrition {
                Attrition::None => Decimal::ZERO,
                Attrition::Hazard { .. } => {
                    let factor = survive.unwrap();
                    pool = apply(factor, pool);
                    let mut after = pool;
                    for k in 0..full.min(now + 1) {
                        cohorts[now - k] = apply(factor, cohorts[now - k]);
                        after = after.checked_add(cohorts[now - k]).unwrap();
                    }
                    heads.checked_sub(after).unwrap()
                }
                Attrition::Anniversary { rate, from_year } => {
                    let mut gone = Decimal::ZERO;
                    let mut year = from_year as usize;
                    while year * 12 - 1 <= now {
                        let tenure = year * 12 - 1;
                        let leaving = cohorts[now - tenure].checked_mul(rate).unwrap();
                        cohorts[now - tenure] = cohorts[now - tenure].checked_sub(leaving).unwrap();
                        if tenure >= full {
                            pool = pool.checked_sub(leaving).unwrap();
                        }
                        gone = gone.checked_add(leaving).unwrap();
                        year += 1;
                    }
                    gone
                }
            };
            if let Some(lead) = line.backfill_lead_months {
                let due = m + 1 + lead as usize;
                if due < horizon {
                    backfill_due[due] = backfill_due[due].checked_add(departures).unwrap();
                }
            }
            let money = |d: Decimal| Money::new(d, input.currency);
            cells[m * stride + index] = ForwardCell {
                headcount: heads,
                paid_fte: paid,
                ramped_fte: fte,
                departures,
                backfills,
                quota_capacity: money(capacity),
                booked_arr: money(booked),
                cost: money(spend),
            };
        }
    }
    let (months, summary) = revenue(input, &cells);
    (cells, months, summary)
}

/// The month rows and the summary from the cells.
fn revenue(input: &ForwardInput<'_>, cells: &[ForwardCell]) -> (Vec<ForwardMonth>, ForwardSummary) {
    let terms = &input.revenue;
    let growth = power(terms.annual_nrr, 1, 12);
    let retained = power(
        Decimal::ONE.checked_sub(terms.annual_gross_churn).unwrap(),
        1,
        12,
    );
    let twelve = Decimal::from_int(12);
    let round = |d: Decimal| {
        Money::new(d, input.currency)
            .round_to_minor(HALF_EVEN)
            .unwrap()
    };
    let mut arr = terms.starting_arr.amount();
    let (mut cumulative, mut trough) = (Decimal::ZERO, Decimal::ZERO);
    let mut months = Vec::new();
    let mut nets = Vec::new();
    for (m, row) in cells.chunks(input.lines.len()).enumerate() {
        let sum = |f: &dyn Fn(&ForwardCell) -> Decimal| {
            row.iter()
                .fold(Decimal::ZERO, |a, c| a.checked_add(f(c)).unwrap())
        };
        let booked = sum(&|c| c.booked_arr.amount());
        let cost = sum(&|c| c.cost.amount());
        let churned = arr.checked_sub(apply(retained, arr)).unwrap();
        let change = apply(growth, arr).checked_sub(arr).unwrap();
        let expansion = change.checked_add(churned).unwrap();
        arr = arr
            .checked_add(change)
            .unwrap()
            .checked_add(booked)
            .unwrap();
        let revenue = arr.checked_div(twelve).unwrap();
        let gross_profit = revenue.checked_mul(terms.gross_margin).unwrap();
        let net = gross_profit.checked_sub(cost).unwrap();
        cumulative = cumulative.checked_add(net).unwrap();
        trough = trough.min(cumulative);
        nets.push(net);
        months.push(ForwardMonth {
            month: m as u32,
            headcount: sum(&|c| c.headcount),
            ramped_fte: sum(&|c| c.ramped_fte),
            quota_capacity: round(sum(&|c| c.quota_capacity.amount())),
            booked_arr: round(booked),
            new_mrr: round(booked.checked_div(twelve).unwrap()),
            expansion_arr: round(expansion),
            churned_arr: round(churned),
            arr: round(arr),
            revenue: round(revenue),
            gross_profit: round(gross_profit),
            cost: round(cost),
            net: round(net),
            cumulative: round(cumulative),
        });
    }
    let mut running = Decimal::ZERO;
    let mut last_negative = None;
    for (m, net) in nets.iter().enumerate() {
        running = running.checked_add(*net).unwrap();
        if running.is_negative() {
            last_negative = Some(m);
        }
    }
    let payback_month = match last_negative {
        None => Some(1),
        Some(last) if last + 1 == nets.len() => None,
        Some(last) => Some(last as u32 + 2),
    };
    let npv = input.annual_discount_rate.map(|annual| {
        let base = Decimal::ONE.checked_add(annual).unwrap();
        let value = nets
            .iter()
            .enumerate()
            .fold(Decimal::ZERO, |value, (i, net)| {
                value
                    .checked_add(apply(power(base, -(i as i32 + 1), 12), *net))
                    .unwrap()
            });
        round(value)
    });
    let summary = ForwardSummary {
        payback_month,
        trough: round(trough),
        npv,
        irr_monthly: None,
        irr_annual: None,
    };
    (months, summary)
}
