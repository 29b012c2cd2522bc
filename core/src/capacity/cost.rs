//! What the plan costs: fully loaded cost per role per month, the monthly
//! sales cost, cost per new MRR dollar and the implied CAC.
//!
//! A person is paid for every month they start on board (carried-over heads
//! plus this month's hires): someone who leaves mid-month is paid for it.

use crate::capacity::plan::{PlanCell, PlanInput};
use crate::capacity::workload::prefix_mut;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::{Decimal, Money, RoundingMode};

/// Places of [`CostMonth::cost_per_new_mrr_dollar`].
const RATIO_PLACES: u32 = 4;

/// One month's cost figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct CostMonth {
    /// Sales cost of the month: exactly the sum of its role lines.
    pub total: Money,
    /// New MRR the month brings (as given).
    pub new_mrr: Money,
    /// `total ÷ new_mrr`, half-even to 4 places; `None` without new MRR.
    pub cost_per_new_mrr_dollar: Option<Decimal>,
    /// `total ÷ new customers`, half-even to the minor unit: the CAC this
    /// staffing implies; `None` without new customers.
    pub implied_cac: Option<Money>,
}

/// Writes each `(month, role)` cost line into `role_lines` (index
/// `month × roles + role`: paid heads summed over segments × monthly cost,
/// rounded half-even to the minor unit once per line) and each month's
/// summary into `out`. `new_mrr` and `new_customers` hold one entry per month.
pub fn cost_by_month(
    input: &PlanInput<'_>,
    plan: &[PlanCell],
    new_mrr: &[Money],
    new_customers: &[Decimal],
    role_lines: &mut [Money],
    out: &mut [CostMonth],
) -> Result<(), Error> {
    let layout = input.layout();
    // The layout's dimensions are `input`'s own fields.
    layout.validate()?;
    let plan = plan
        .get(..layout.len())
        .ok_or(ErrorKind::BufferTooSmall {
            needed: u32::try_from(layout.len()).unwrap_or(u32::MAX),
        })
        .at("plan")?;
    if new_mrr.len() != layout.months {
        return Err(Error::from(ErrorKind::Invalid("one new MRR per month")).at("new_mrr"));
    }
    if new_customers.len() != layout.months {
        return Err(
            Error::from(ErrorKind::Invalid("one new customer count per month")).at("new_customers"),
        );
    }
    let role_lines =
        prefix_mut(role_lines, layout.months.saturating_mul(layout.roles)).at("role_lines")?;
    let out = prefix_mut(out, layout.months).at("out")?;
    for (i, role) in input.roles.iter().enumerate() {
        role.validate(i, input.currency).at_index("roles", i)?;
    }
    let month_rows = plan.chunks_exact(layout.segments.saturating_mul(layout.roles));
    for (month, ((rows, lines), summary)) in month_rows
        .zip(role_lines.chunks_exact_mut(layout.roles))
        .zip(out.iter_mut())
        .enumerate()
    {
        let mut total = Money::zero(input.currency);
        for (r, (role, line)) in input.roles.iter().zip(lines.iter_mut()).enumerate() {
            let mut heads = Decimal::ZERO;
            for cell in rows.iter().skip(r).step_by(layout.roles) {
                heads = heads
                    .checked_add(cell.starting_headcount)
                    .and_then(|h| h.checked_add(Decimal::from_int(i64::from(cell.hires))))
                    .at("plan")?;
            }
            *line = role
                .monthly_cost
                .mul_round(heads, RoundingMode::HalfEven)
                .at_index("roles", r)?;
            total = total.checked_add(*line).at_index("roles", r)?;
        }
        let mrr = new_mrr
            .get(month)
            .copied()
            .unwrap_or(Money::zero(input.currency));
        mrr.expect_currency(input.currency)
            .at_index("new_mrr", month)?;
        if mrr.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at_index("new_mrr", month));
        }
        let customers = new_customers.get(month).copied().unwrap_or_default();
        if customers.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at_index("new_customers", month));
        }
        *summary = CostMonth {
            total,
            new_mrr: mrr,
            cost_per_new_mrr_dollar: if mrr.is_zero() {
                None
            } else {
                Some(
                    total
                        .amount()
                        .div_round(mrr.amount(), RATIO_PLACES, RoundingMode::HalfEven)
                        .at_index("new_mrr", month)?,
                )
            },
            implied_cac: if customers.is_zero() {
                None
            } else {
                Some(
                    total
                        .mul_div_round(Decimal::ONE, customers, RoundingMode::HalfEven)
                        .at_index("new_customers", month)?,
                )
            },
        };
    }
    Ok(())
}
