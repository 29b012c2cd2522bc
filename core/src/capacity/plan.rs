//! The month-by-month hiring plan for every role of every segment.
//!
//! Teams are per segment (a POD serves one market, Blueprints §9), so each
//! `(segment, role)` pair is planned on its own. Within a month, in order:
//!
//! 1. **Carry-over**: the expected heads at the end of last month (month 0:
//!    the starting headcount, taken as fully ramped).
//! 2. **Hires** start on the first day of the month. Requisitions open from
//!    month 0, so hires can only start from month `hiring_lead_months` on;
//!    a hire starting in month `m` is opened in month `m − lead`. The number
//!    hired is the smallest whole number that makes the expected heads
//!    cover the need of the month in which they become fully productive,
//!    `t = min(m + full_month, last month)`, after that month's attrition:
//!    `hires = ⌈need[t] × (1 ÷ survival(t − m)) − carry-over⌉`, or 0 (the
//!    reciprocal and the product rounded up at the 9th place, so attrition
//!    is never understated).
//! 3. **Effective capacity** (FTE): heads minus the ramp deficit of the
//!    cohorts still ramping, `Σ hires[m−k] × survival(k) × (1 − ramp(k))`.
//!    Departures are replaced by new hires, so a backfill ramps from zero.
//! 4. **Departures**: heads × the monthly hazard, rounded half-even to 9
//!    places; ending heads are exactly heads − departures.
//!
//! Expected heads are fractional (departures are an expectation); only hires
//! and the reported need headcount are whole people.

use crate::capacity::attrition::{monthly_hazard, survival};
use crate::capacity::need::{role_need, validate_workload};
use crate::capacity::role::RolePlan;
use crate::capacity::throughput::headcount;
use crate::capacity::workload::{prefix_mut, Workload, WorkloadLayout};
use crate::limits::{MAX_RAMP_MONTHS, MAX_ROLES};

use crate::error::{Error, ErrorKind, ResultExt};
use crate::{Currency, Decimal, RoundingMode, SCALE};

/// Everything the plan needs: the roles, the horizon and the workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlanInput<'a> {
    /// Currency of every role's cost.
    pub currency: Currency,
    /// The roles, in plan order (ratio anchors come first).
    pub roles: &'a [RolePlan<'a>],
    /// Months planned; month 0 is the first.
    pub months: usize,
    /// Segments (tiers).
    pub segments: usize,
    /// People on board at the start, fully ramped, per `(segment, role)`:
    /// index `segment × roles + role`.
    pub starting_headcount: &'a [u32],
    /// The workload table in [`WorkloadLayout`] order.
    pub workload: &'a [Workload],
}

impl PlanInput<'_> {
    /// The table layout of the workload and of the plan.
    pub fn layout(&self) -> WorkloadLayout {
        WorkloadLayout {
            months: self.months,
            segments: self.segments,
            roles: self.roles.len(),
        }
    }

    /// Checks roles, dimensions, the starting headcount and the workload.
    pub fn validate(&self) -> Result<(), Error> {
        for (i, role) in self.roles.iter().enumerate() {
            role.validate(i, self.currency).at_index("roles", i)?;
        }
        let layout = self.layout();
        // The layout's dimensions are this input's own fields.
        layout.validate()?;
        validate_workload(self.roles, &layout, self.workload)?;
        if self.starting_headcount.len() != self.segments.saturating_mul(self.roles.len()) {
            return Err(Error::from(ErrorKind::Invalid(
                "starting_headcount must hold segments × roles entries",
            ))
            .at("starting_headcount"));
        }
        Ok(())
    }
}

/// One month of one role in one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PlanCell {
    /// Fractional FTE the workload needs.
    pub need_fte: Decimal,
    /// People needed: the ceiling of `need_fte`.
    pub need_headcount: u32,
    /// Expected heads carried in from last month, before hires.
    pub starting_headcount: Decimal,
    /// People who start this month (growth and backfill alike).
    pub hires: u32,
    /// Month in which the requisitions for this month's hires must be
    /// opened (this month − lead time); `None` when nobody is hired.
    pub requisition_month: Option<u32>,
    /// Expected departures during the month.
    pub departures: Decimal,
    /// Expected heads at the end of the month.
    pub ending_headcount: Decimal,
    /// Ramped capacity, in fully productive FTE.
    pub effective_fte: Decimal,
    /// `need_fte − effective_fte`: positive is a shortfall, negative a surplus.
    pub gap_fte: Decimal,
}

impl PlanCell {
    /// An all-zero cell, to initialize output buffers.
    pub const EMPTY: PlanCell = PlanCell {
        need_fte: Decimal::ZERO,
        need_headcount: 0,
        starting_headcount: Decimal::ZERO,
        hires: 0,
        requisition_month: None,
        departures: Decimal::ZERO,
        ending_headcount: Decimal::ZERO,
        effective_fte: Decimal::ZERO,
        gap_fte: Decimal::ZERO,
    };
}

/// A role's ramp and attrition, precomputed once per plan.
struct Curve {
    /// First fully productive tenure month.
    full: usize,
    /// Monthly hazard.
    hazard: Decimal,
    /// `1 ÷ survival(k)` rounded up at the 9th place, `k ≤ full`: heads
    /// to hire now per head still needed `k` months later.
    inverse_survival: [Decimal; MAX_RAMP_MONTHS + 1],
    /// `survival(k) × (1 − ramp(k))` in nanos (at most 10⁹) for `k < full`:
    /// the capacity one hire of tenure `k` does not yet deliver.
    deficit: [u64; MAX_RAMP_MONTHS],
    /// Months from requisition to start.
    lead: usize,
}

impl Curve {
    fn of(role: &RolePlan<'_>) -> Result<Self, Error> {
        let full = role.ramp.full_month();
        let mut curve = Curve {
            full,
            hazard: monthly_hazard(role.annual_attrition).at("annual_attrition")?,
            inverse_survival: [Decimal::ONE; MAX_RAMP_MONTHS + 1],
            deficit: [0; MAX_RAMP_MONTHS],
            lead: usize::try_from(role.hiring_lead_months)
                .map_err(|_| ErrorKind::OutOfRange)
                .at("hiring_lead_months")?,
        };
        for k in 0..=full {
            let months = u32::try_from(k).map_err(|_| ErrorKind::Overflow)?;
            let kept = survival(role.annual_attrition, months).at("annual_attrition")?;
            if kept.is_zero() {
                return Err(Error::from(ErrorKind::Invalid(
                    "attrition so high that no hire survives the ramp",
                ))
                .at("annual_attrition"));
            }
            if let Some(slot) = curve.inverse_survival.get_mut(k) {
                *slot = Decimal::ONE
                    .div_round(kept, SCALE, RoundingMode::Ceiling)
                    .at("annual_attrition")?;
            }
            if k < full {
                if let Some(slot) = curve.deficit.get_mut(k) {
                    let idle = Decimal::ONE.checked_sub(role.ramp.factor(k)?)?;
                    let nanos = kept
                        .mul_round(idle, SCALE, RoundingMode::HalfEven)
                        .at("ramp")?
                        .nanos();
                    *slot = u64::try_from(nanos)
                        .map_err(|_| ErrorKind::OutOfRange)
                        .at("ramp")?;
                }
            }
        }
        Ok(curve)
    }
}

/// Plans every `(month, segment, role)` cell into `out` (in
/// [`WorkloadLayout`] order, at least `layout().len()` cells) and returns
/// the layout. Deterministic: roles, then segments, then months, in index
/// order; the first error in that order is returned.
pub fn plan_capacity(input: &PlanInput<'_>, out: &mut [PlanCell]) -> Result<WorkloadLayout, Error> {
    input.validate()?;
    let layout = input.layout();
    let out = prefix_mut(out, layout.len()).at("out")?;
    fill_need(input, &layout, out)?;
    for (r, role) in input.roles.iter().enumerate() {
        let curve = Curve::of(role).at_index("roles", r)?;
        for segment in 0..layout.segments {
            let start = input
                .starting_headcount
                .get(segment.saturating_mul(layout.roles).saturating_add(r))
                .copied()
                .unwrap_or(0);
            // Only an overflow can fail here: it is the role's numbers.
            plan_one(&layout, out, segment, r, &curve, start).at_index("roles", r)?;
        }
    }
    Ok(layout)
}

/// Writes `need_fte` and `need_headcount` of every cell.
fn fill_need(
    input: &PlanInput<'_>,
    layout: &WorkloadLayout,
    out: &mut [PlanCell],
) -> Result<(), Error> {
    let mut needs = [Decimal::ZERO; MAX_ROLES];
    for (row, (loads, cells)) in input
        .workload
        .chunks_exact(layout.roles)
        .zip(out.chunks_exact_mut(layout.roles))
        .enumerate()
    {
        for (r, (role, cell)) in input.roles.iter().zip(cells.iter_mut()).enumerate() {
            let at = row.saturating_mul(layout.roles).saturating_add(r);
            let need = role_need(role, loads, &needs, r).at_index("workload", at)?;
            if let Some(slot) = needs.get_mut(r) {
                *slot = need;
            }
            // The other fields are all written by `plan_one`.
            cell.need_fte = need;
            cell.need_headcount = headcount(need).at_index("workload", at)?;
        }
    }
    Ok(())
}

/// Runs the hiring rule for one `(segment, role)` over every month.
fn plan_one(
    layout: &WorkloadLayout,
    out: &mut [PlanCell],
    segment: usize,
    role: usize,
    curve: &Curve,
    starting_headcount: u32,
) -> Result<(), ErrorKind> {
    let stride = layout.segments.saturating_mul(layout.roles);
    let first = layout
        .index(0, segment, role)
        .ok_or(ErrorKind::OutOfRange)?;
    let cell_at = |month: usize| -> Result<usize, ErrorKind> {
        month
            .checked_mul(stride)
            .and_then(|o| o.checked_add(first))
            .ok_or(ErrorKind::Overflow)
    };
    let last = layout.months.saturating_sub(1);
    // Hires of the last `full` months, the cohorts still ramping, as a ring:
    // `ramping[newest..full]` then `ramping[..newest]` is tenure 0, 1, ….
    let mut ramping = [0u32; MAX_RAMP_MONTHS];
    let mut newest = 0usize;
    let mut carried = Decimal::from_int(i64::from(starting_headcount));
    for month in 0..layout.months {
        let hires = if month >= curve.lead {
            let target = month.saturating_add(curve.full).min(last);
            let target_need = out
                .get(cell_at(target)?)
                .ok_or(ErrorKind::OutOfRange)?
                .need_fte;
            let inverse = curve
                .inverse_survival
                .get(target.saturating_sub(month))
                .copied()
                .unwrap_or(Decimal::ONE);
            let required = target_need.mul_round(inverse, SCALE, RoundingMode::Ceiling)?;
            headcount(required.checked_sub(carried)?)?
        } else {
            0
        };
        let mut deficit_nanos = 0u64;
        if curve.full > 0 {
            newest = newest
                .checked_sub(1)
                .unwrap_or(curve.full.saturating_sub(1));
            if let Some(slot) = ramping.get_mut(newest) {
                *slot = hires;
            }
            let window = ramping.get(..curve.full).unwrap_or(&[]);
            let (older, newer) = window.split_at(newest.min(window.len()));
            for (cohort, per_hire) in newer.iter().chain(older).zip(&curve.deficit) {
                if *cohort > 0 {
                    deficit_nanos = per_hire
                        .checked_mul(u64::from(*cohort))
                        .and_then(|n| n.checked_add(deficit_nanos))
                        .ok_or(ErrorKind::Overflow)?;
                }
            }
        }
        let heads = carried.checked_add(Decimal::from_int(i64::from(hires)))?;
        let effective = heads
            .checked_sub(Decimal::from_nanos(i128::from(deficit_nanos))?)?
            .max(Decimal::ZERO);
        let departures = heads.mul_round(curve.hazard, SCALE, RoundingMode::HalfEven)?;
        let ending = heads.checked_sub(departures)?;
        let cell = out.get_mut(cell_at(month)?).ok_or(ErrorKind::OutOfRange)?;
        cell.starting_headcount = carried;
        cell.hires = hires;
        cell.requisition_month = if hires > 0 {
            Some(u32::try_from(month.saturating_sub(curve.lead)).map_err(|_| ErrorKind::Overflow)?)
        } else {
            None
        };
        cell.departures = departures;
        cell.ending_headcount = ending;
        cell.effective_fte = effective;
        cell.gap_fte = cell.need_fte.checked_sub(effective)?;
        carried = ending;
    }
    Ok(())
}
