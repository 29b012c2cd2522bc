//! Attainment: credit over quota, per component and quota period, and the
//! weighted overall figure.
//!
//! Attainment is a fraction (`1` = 100 %) rounded **toward negative
//! infinity** at the ninth decimal, so comparing it with a threshold of at
//! most nine decimals (a gate, a band, a bonus level) gives the same answer
//! as comparing the exact ratio: 99.99999999 % never rounds up into 100 %.

use crate::limits::{MAX_COMPONENTS, MAX_QUOTA_PERIODS};
use heapless::Vec;

use super::conversion::Conversion;
use crate::payout::FxOrder;
use crate::{Date, Decimal, Error, ErrorKind, FxRate, Period, ResultExt, RoundingMode};

use super::crediting::CreditLine;
use super::measure::MeasureUnit;
use super::plan::{Component, Plan};
use super::selection::{counted, Selector};

/// One component's attainment in one quota period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ComponentAttainment {
    /// The component's rule id.
    pub component_id: u32,
    /// The quota period.
    pub period: Period,
    /// The measure's value credited in the period to date (the NRR ratio
    /// for net-retention measures).
    pub credit: Decimal,
    /// The period's quota.
    pub quota: Decimal,
    /// `credit / quota` (fraction, floored at 9 decimals).
    pub attainment: Decimal,
}

/// Every component's attainment in its quota period containing a date, and
/// the weighted overall attainment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct AttainmentReport {
    /// Per component, in plan order.
    pub components: Vec<ComponentAttainment, MAX_COMPONENTS>,
    /// `Σ weight × attainment`, each term rounded half-even at 9 decimals.
    pub weighted: Decimal,
}

/// A component's attainment for a period's credit.
pub fn attainment_of(component: &Component, credit: Decimal) -> Result<Decimal, ErrorKind> {
    let ratio = match component.measure.unit {
        MeasureUnit::NetRetention { starting_mrr } => net_retention(starting_mrr, credit)?,
        _ => credit,
    };
    ratio.div_round(component.quota, 9, RoundingMode::Floor)
}

/// `(starting + change) / starting`, floored at 9 decimals.
fn net_retention(starting_mrr: Decimal, change: Decimal) -> Result<Decimal, ErrorKind> {
    starting_mrr
        .checked_add(change)?
        .div_round(starting_mrr, 9, RoundingMode::Floor)
}

/// Each component's measure total per quota period of the plan year.
pub(crate) type PeriodTotals = [[Decimal; MAX_QUOTA_PERIODS]; MAX_COMPONENTS];

/// The days of `plan` counted through `through`, if any.
pub(crate) fn window(plan: &Plan, through: Date) -> Option<Period> {
    Period::new(plan.effective.first(), plan.effective.last().min(through)).ok()
}

/// Sums each component's measure over `participant_id`'s credits in
/// `window`, per quota period; checks those credits are in date order.
pub(crate) fn period_totals(
    plan: &Plan,
    selector: &Selector,
    participant_id: u64,
    credits: &[CreditLine],
    fx: Conversion<'_>,
    window: Period,
) -> Result<PeriodTotals, Error> {
    let mut totals = [[Decimal::ZERO; MAX_QUOTA_PERIODS]; MAX_COMPONENTS];
    let mut order = DateOrder::default();
    for (i, credit) in credits.iter().enumerate() {
        if credit.participant_id != participant_id || !window.contains(credit.source.date) {
            continue;
        }
        order.check(credit).at_index("credits", i)?;
        for c in counted(selector.select(credit).components) {
            let Some(component) = plan.components.get(c) else {
                continue;
            };
            let value = component
                .measure
                .value_in(credit, plan.currency, fx, plan.rounding.mode)
                .at_index("credits", i)?;
            let period = plan
                .calendar
                .period_index(credit.source.date, component.quota_period);
            add_to_total(&mut totals, c, period, value).at_index("credits", i)?;
        }
    }
    Ok(totals)
}

/// Adds `value`, counted by `components[c]`, to that component's total
/// for its quota period `period`.
pub(crate) fn add_to_total(
    totals: &mut PeriodTotals,
    c: usize,
    period: usize,
    value: Decimal,
) -> Result<(), ErrorKind> {
    if let Some(total) = totals.get_mut(c).and_then(|row| row.get_mut(period)) {
        *total = total.checked_add(value)?;
    }
    Ok(())
}

/// Checks a participant's credits come in date order, as rating them in
/// order needs.
#[derive(Debug, Default)]
pub(crate) struct DateOrder {
    last: Option<Date>,
}

impl DateOrder {
    /// Fails when `credit` is dated before the previous one.
    pub(crate) fn check(&mut self, credit: &CreditLine) -> Result<(), Error> {
        let date = credit.source.date;
        if self.last.is_some_and(|last| date < last) {
            return Err(Error::from(ErrorKind::Invalid("credits out of date order"))
                .at("date")
                .at("source"));
        }
        self.last = Some(date);
        Ok(())
    }
}

/// Each component's attainment in its quota period containing `through`
/// (or the plan's last day, if earlier), counting `participant_id`'s
/// credits from the plan's start through `through`, and the weighted
/// overall attainment.
pub fn attainment(
    plan: &Plan,
    participant_id: u64,
    credits: &[CreditLine],
    fx: &[FxRate],
    through: Date,
) -> Result<AttainmentReport, Error> {
    plan.validate().at("plan")?;
    let totals = match window(plan, through) {
        Some(window) => {
            let fx = Conversion::fixed(fx, FxOrder::ConvertThenRate);
            period_totals(
                plan,
                &Selector::new(plan),
                participant_id,
                credits,
                fx,
                window,
            )?
        }
        None => [[Decimal::ZERO; MAX_QUOTA_PERIODS]; MAX_COMPONENTS],
    };
    report(plan, &totals, through.min(plan.effective.last()))
}

/// The attainment report of `totals` as of `through`.
pub(crate) fn report(
    plan: &Plan,
    totals: &PeriodTotals,
    through: Date,
) -> Result<AttainmentReport, Error> {
    let mut report = AttainmentReport {
        components: Vec::new(),
        weighted: Decimal::ZERO,
    };
    for (i, (component, row)) in plan.components.iter().zip(totals.iter()).enumerate() {
        let index = plan.calendar.period_index(through, component.quota_period);
        let total = row.get(index).copied().unwrap_or(Decimal::ZERO);
        let attainment = attainment_of(component, total).at_index("components", i)?;
        let credit = match component.measure.unit {
            MeasureUnit::NetRetention { starting_mrr } => {
                net_retention(starting_mrr, total).at_index("components", i)?
            }
            _ => total,
        };
        let term = component
            .weight
            .checked_mul(attainment)
            .at_index("components", i)?;
        report.weighted = report.weighted.checked_add(term).at("weighted")?;
        report
            .components
            .push(ComponentAttainment {
                component_id: component.id,
                period: plan
                    .calendar
                    .period_of(through, component.quota_period)
                    .at("through")?,
                credit,
                quota: component.quota,
                attainment,
            })
            .map_err(|_| ErrorKind::TooMany {
                max: MAX_COMPONENTS as u32,
            })
            .at("components")?;
    }
    Ok(report)
}
