//! Planning mismatches (Blueprints §11: "AEs hired without sufficient lead
//! generation"): capacity with no work to feed it, supply the next role
//! cannot absorb, work in progress above the cap, and ratios off target.
//!
//! Each flag summarizes every month one rule fires for one segment, so the
//! list is bounded; flags come in [`MismatchKind`] order, then by segment,
//! then by role (unfed, WIP) or by rule index (handoffs, ratios).

use crate::capacity::plan::{PlanCell, PlanInput};
use crate::capacity::role::Driver;
use crate::capacity::workload::WorkloadLayout;
use crate::limits::{MAX_MISMATCH_FLAGS, MAX_MISMATCH_RULES};

use crate::error::{Error, ErrorKind, ResultExt};
use crate::{Decimal, RoundingMode, SCALE};

/// Which mismatch a flag reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum MismatchKind {
    /// Effective capacity exceeds need by at least one whole FTE: people
    /// without the work to feed them (AEs without matching SQL supply).
    /// `worst` is the largest surplus, in FTE.
    UnfedCapacity,
    /// A producing role delivers more units than the receiving role can
    /// work (SDRs without AE capacity). `worst` is the largest excess, in
    /// units per month.
    UnabsorbedSupply,
    /// The stock per person on board exceeds the role's stock capacity
    /// (WIP per rep above the cap). `worst` is the largest stock per head
    /// (the whole stock in a month with nobody on board).
    WipOverCap,
    /// `effective FTE of role ÷ effective FTE of per_role` lies outside the
    /// rule's range. `worst` is the largest distance outside it.
    RatioOutOfRange,
}

/// Units flow from one role to the next (SDR SQLs → AE). Both roles must
/// count the same unit (SQLs produced, SQLs worked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Handoff {
    /// The segment the rule applies to; `None` applies it to every segment.
    pub segment: Option<usize>,
    /// The producing role; a workload role.
    pub from: usize,
    /// The receiving role; a workload role.
    pub to: usize,
}

/// A target ratio, e.g. 1 outbound SDR per 2–3 AEs: `min = 1/3`, `max = 1/2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct RatioRule {
    /// The segment the rule applies to; `None` applies it to every segment.
    pub segment: Option<usize>,
    /// The numerator role.
    pub role: usize,
    /// The denominator role.
    pub per_role: usize,
    /// Lowest acceptable ratio, not negative.
    pub min: Decimal,
    /// Highest acceptable ratio, at least `min`.
    pub max: Decimal,
}

/// One mismatch for one segment, over the months it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct MismatchFlag {
    /// What is wrong.
    pub kind: MismatchKind,
    /// Segment it concerns.
    pub segment: usize,
    /// The role concerned (the producer for handoffs, the numerator for ratios).
    pub role: usize,
    /// First month it fires.
    pub first_month: usize,
    /// Months it fires.
    pub months: u32,
    /// The worst value over those months (see [`MismatchKind`]).
    pub worst: Decimal,
}

/// Finds every mismatch of `plan` (computed by
/// [`crate::capacity::plan_capacity`] from `input`).
pub fn find_mismatches(
    input: &PlanInput<'_>,
    plan: &[PlanCell],
    handoffs: &[Handoff],
    ratios: &[RatioRule],
) -> Result<heapless::Vec<MismatchFlag, MAX_MISMATCH_FLAGS>, Error> {
    let layout = input.layout();
    // The layout's dimensions are `input`'s own fields.
    layout.validate()?;
    if plan.len() < layout.len() || input.workload.len() < layout.len() {
        return Err(Error::from(ErrorKind::BufferTooSmall {
            needed: u32::try_from(layout.len()).unwrap_or(u32::MAX),
        })
        .at("plan"));
    }
    validate_rules(input, handoffs, ratios)?;
    let ctx = Ctx {
        input,
        plan,
        layout,
    };
    let mut flags = heapless::Vec::new();
    for segment in 0..layout.segments {
        for role in 0..layout.roles {
            ctx.scan(
                &mut flags,
                MismatchKind::UnfedCapacity,
                segment,
                role,
                |m| ctx.unfed(m, segment, role),
            )?;
        }
    }
    for segment in 0..layout.segments {
        for rule in handoffs
            .iter()
            .filter(|h| h.segment.is_none_or(|s| s == segment))
        {
            ctx.scan(
                &mut flags,
                MismatchKind::UnabsorbedSupply,
                segment,
                rule.from,
                |m| ctx.unabsorbed(m, segment, rule),
            )?;
        }
    }
    for segment in 0..layout.segments {
        for role in 0..layout.roles {
            ctx.scan(&mut flags, MismatchKind::WipOverCap, segment, role, |m| {
                ctx.wip(m, segment, role)
            })?;
        }
    }
    for segment in 0..layout.segments {
        for rule in ratios
            .iter()
            .filter(|h| h.segment.is_none_or(|s| s == segment))
        {
            ctx.scan(
                &mut flags,
                MismatchKind::RatioOutOfRange,
                segment,
                rule.role,
                |m| ctx.ratio(m, segment, rule),
            )?;
        }
    }
    Ok(flags)
}

fn validate_rules(
    input: &PlanInput<'_>,
    handoffs: &[Handoff],
    ratios: &[RatioRule],
) -> Result<(), Error> {
    let too_many = Error::from(ErrorKind::TooMany {
        max: MAX_MISMATCH_RULES as u32,
    });
    if handoffs.len() > MAX_MISMATCH_RULES {
        return Err(too_many.at("handoffs"));
    }
    if ratios.len() > MAX_MISMATCH_RULES {
        return Err(too_many.at("ratios"));
    }
    let workload_role = |r: usize, field: &'static str| -> Result<(), Error> {
        match input.roles.get(r).map(|role| role.driver) {
            Some(Driver::Workload { .. }) => Ok(()),
            Some(Driver::Ratio { .. }) => {
                Err(Error::from(ErrorKind::Invalid("a handoff needs workload roles")).at(field))
            }
            None => Err(Error::from(ErrorKind::OutOfRange).at(field)),
        }
    };
    let segment = |s: Option<usize>| -> Result<(), Error> {
        if s.is_some_and(|s| s >= input.segments) {
            return Err(Error::from(ErrorKind::OutOfRange).at("segment"));
        }
        Ok(())
    };
    for (i, rule) in handoffs.iter().enumerate() {
        segment(rule.segment).at_index("handoffs", i)?;
        workload_role(rule.from, "from").at_index("handoffs", i)?;
        workload_role(rule.to, "to").at_index("handoffs", i)?;
    }
    for (i, rule) in ratios.iter().enumerate() {
        segment(rule.segment).at_index("ratios", i)?;
        let roles = input.roles.len();
        if rule.role >= roles {
            return Err(Error::from(ErrorKind::OutOfRange)
                .at("role")
                .at_index("ratios", i));
        }
        if rule.per_role >= roles {
            return Err(Error::from(ErrorKind::OutOfRange)
                .at("per_role")
                .at_index("ratios", i));
        }
        if rule.min.is_negative() {
            return Err(Error::from(ErrorKind::Negative)
                .at("min")
                .at_index("ratios", i));
        }
        if rule.max < rule.min {
            return Err(Error::from(ErrorKind::Invalid("max below min"))
                .at("max")
                .at_index("ratios", i));
        }
    }
    Ok(())
}

struct Ctx<'p, 'a> {
    input: &'p PlanInput<'a>,
    plan: &'p [PlanCell],
    layout: WorkloadLayout,
}

impl Ctx<'_, '_> {
    /// Runs `check` over every month; collects one flag if it ever fires.
    /// `check` returns the month's severity, `None` when the rule holds.
    fn scan(
        &self,
        flags: &mut heapless::Vec<MismatchFlag, MAX_MISMATCH_FLAGS>,
        kind: MismatchKind,
        segment: usize,
        role: usize,
        check: impl Fn(usize) -> Result<Option<Decimal>, ErrorKind>,
    ) -> Result<(), Error> {
        let mut flag: Option<MismatchFlag> = None;
        for month in 0..self.layout.months {
            let Some(value) = check(month).map_err(|e| {
                let cell = self.layout.index(month, segment, role).unwrap_or(0);
                Error::from(e).at_index("plan", cell)
            })?
            else {
                continue;
            };
            match flag.as_mut() {
                Some(f) => {
                    f.months = f.months.saturating_add(1);
                    f.worst = f.worst.max(value);
                }
                None => {
                    flag = Some(MismatchFlag {
                        kind,
                        segment,
                        role,
                        first_month: month,
                        months: 1,
                        worst: value,
                    });
                }
            }
        }
        if let Some(f) = flag {
            flags
                .push(f)
                .map_err(|_| ErrorKind::TooMany {
                    max: MAX_MISMATCH_FLAGS as u32,
                })
                .at("flags")?;
        }
        Ok(())
    }

    fn cell(&self, month: usize, segment: usize, role: usize) -> Result<&PlanCell, ErrorKind> {
        self.layout
            .index(month, segment, role)
            .and_then(|i| self.plan.get(i))
            .ok_or(ErrorKind::OutOfRange)
    }

    fn flow_per_fte(&self, role: usize) -> Option<(Decimal, Option<Decimal>)> {
        match self.input.roles.get(role)?.driver {
            Driver::Workload {
                flow_per_fte,
                stock_per_fte,
            } => Some((flow_per_fte, stock_per_fte)),
            Driver::Ratio { .. } => None,
        }
    }

    fn unfed(
        &self,
        month: usize,
        segment: usize,
        role: usize,
    ) -> Result<Option<Decimal>, ErrorKind> {
        if self.flow_per_fte(role).is_none() {
            return Ok(None);
        }
        let surplus = self.cell(month, segment, role)?.gap_fte.neg();
        Ok((surplus >= Decimal::ONE).then_some(surplus))
    }

    fn unabsorbed(
        &self,
        month: usize,
        segment: usize,
        rule: &Handoff,
    ) -> Result<Option<Decimal>, ErrorKind> {
        let (Some((from_rate, _)), Some((to_rate, _))) =
            (self.flow_per_fte(rule.from), self.flow_per_fte(rule.to))
        else {
            return Ok(None);
        };
        let produced = self
            .cell(month, segment, rule.from)?
            .effective_fte
            .mul_round(from_rate, SCALE, RoundingMode::HalfEven)?;
        let absorbed = self
            .cell(month, segment, rule.to)?
            .effective_fte
            .mul_round(to_rate, SCALE, RoundingMode::HalfEven)?;
        let excess = produced.checked_sub(absorbed)?;
        Ok(excess.is_positive().then_some(excess))
    }

    fn wip(&self, month: usize, segment: usize, role: usize) -> Result<Option<Decimal>, ErrorKind> {
        let Some((_, Some(cap))) = self.flow_per_fte(role) else {
            return Ok(None);
        };
        let at = self
            .layout
            .index(month, segment, role)
            .ok_or(ErrorKind::OutOfRange)?;
        let stock = self
            .input
            .workload
            .get(at)
            .ok_or(ErrorKind::OutOfRange)?
            .stock;
        let cell = self.cell(month, segment, role)?;
        let heads = cell
            .starting_headcount
            .checked_add(Decimal::from_int(i64::from(cell.hires)))?;
        if !heads.is_positive() {
            return Ok(stock.is_positive().then_some(stock));
        }
        let per_head = stock.div_round(heads, SCALE, RoundingMode::HalfEven)?;
        Ok((per_head > cap).then_some(per_head))
    }

    fn ratio(
        &self,
        month: usize,
        segment: usize,
        rule: &RatioRule,
    ) -> Result<Option<Decimal>, ErrorKind> {
        let base = self.cell(month, segment, rule.per_role)?.effective_fte;
        if !base.is_positive() {
            return Ok(None);
        }
        let ratio = self
            .cell(month, segment, rule.role)?
            .effective_fte
            .div_round(base, SCALE, RoundingMode::HalfEven)?;
        let outside = if ratio < rule.min {
            rule.min.checked_sub(ratio)?
        } else {
            ratio.checked_sub(rule.max)?
        };
        Ok(outside.is_positive().then_some(outside))
    }
}
