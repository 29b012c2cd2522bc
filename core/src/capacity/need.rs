//! Fractional FTE need per month, segment and role.
//!
//! Workload roles need `max(flow ÷ flow_per_fte, stock ÷ stock_per_fte)`,
//! each quotient rounded up at the ninth place; ratio roles need their
//! anchors' summed need × `per_anchor`, also rounded up at the ninth place.
//! Roles are evaluated in order, so a ratio reads its anchors' final need.

use crate::capacity::role::{Driver, RolePlan};
use crate::capacity::workload::{prefix_mut, Workload, WorkloadLayout};
use crate::error::{Error, ErrorKind, ResultExt};
use crate::{Decimal, RoundingMode, SCALE};

/// Writes the fractional FTE need of every `(month, segment, role)` cell of
/// `layout` into `out` (same layout). `roles.len()` must equal
/// `layout.roles`; `workload` holds `layout.len()` cells.
pub fn fte_need_table(
    roles: &[RolePlan<'_>],
    layout: &WorkloadLayout,
    workload: &[Workload],
    out: &mut [Decimal],
) -> Result<(), Error> {
    layout.validate().at("layout")?;
    validate_workload(roles, layout, workload)?;
    let out = prefix_mut(out, layout.len()).at("out")?;
    for (row, (loads, needs)) in workload
        .chunks_exact(layout.roles)
        .zip(out.chunks_exact_mut(layout.roles))
        .enumerate()
    {
        for (r, role) in roles.iter().enumerate() {
            let need =
                role_need(role, loads, needs, r).at_index("workload", row_cell(row, layout, r))?;
            if let Some(slot) = needs.get_mut(r) {
                *slot = need;
            }
        }
    }
    Ok(())
}

/// Checks that a valid `layout` matches `roles`, and every workload cell.
/// The caller validates the layout, under the name it gave it.
pub(crate) fn validate_workload(
    roles: &[RolePlan<'_>],
    layout: &WorkloadLayout,
    workload: &[Workload],
) -> Result<(), Error> {
    if roles.len() != layout.roles {
        return Err(Error::from(ErrorKind::Invalid(
            "layout.roles must equal the number of roles",
        ))
        .at("roles"));
    }
    if workload.len() != layout.len() {
        return Err(Error::from(ErrorKind::Invalid(
            "workload must hold months × segments × roles cells",
        ))
        .at("workload"));
    }
    for (i, cell) in workload.iter().enumerate() {
        cell.validate().at_index("workload", i)?;
    }
    Ok(())
}

/// Index of role `r` in row `row` (a row is one month of one segment).
fn row_cell(row: usize, layout: &WorkloadLayout, r: usize) -> usize {
    row.saturating_mul(layout.roles).saturating_add(r)
}

/// Need of role `r` in one row: `loads` is the row's workload, `needs` the
/// row's needs with every role before `r` already filled in.
pub(crate) fn role_need(
    role: &RolePlan<'_>,
    loads: &[Workload],
    needs: &[Decimal],
    r: usize,
) -> Result<Decimal, ErrorKind> {
    match role.driver {
        Driver::Workload {
            flow_per_fte,
            stock_per_fte,
        } => {
            let load = loads.get(r).copied().unwrap_or_default();
            let by_flow = load
                .flow
                .div_round(flow_per_fte, SCALE, RoundingMode::Ceiling)?;
            match stock_per_fte {
                Some(per) if !load.stock.is_zero() => {
                    Ok(by_flow.max(load.stock.div_round(per, SCALE, RoundingMode::Ceiling)?))
                }
                _ => Ok(by_flow),
            }
        }
        Driver::Ratio {
            anchors,
            per_anchor,
        } => {
            let mut base = Decimal::ZERO;
            for &a in anchors {
                base = base.checked_add(needs.get(a).copied().unwrap_or_default())?;
            }
            base.mul_round(per_anchor, SCALE, RoundingMode::Ceiling)
        }
    }
}
