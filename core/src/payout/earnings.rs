//! The adapter to the compensation engine: the only place the payout
//! engine calls [`compute_earnings`], so a change in its API is fixed here.
//!
//! Earnings to date are one cumulative run from the plan's first day
//! through the statement's last day, unless the plan's quota periods can be
//! rated independently — one quota period (month or quarter) for all
//! components, no year-to-date tier basis, no plan cap, per-line rounding.
//! Then the run is split into quota periods of the plan's fiscal calendar,
//! each rated under a copy of the
//! plan whose effective period is that quota period; which is exact, and
//! lets a statement reuse the earnings of a closed quota period whose
//! inputs have not changed ([`ClosedPeriod`], keyed by a fingerprint of
//! the plan, relief, rates and credits), so a year of monthly statements
//! rates each credit about once instead of once per remaining month.
//!
//! Quota relief needs the split too: the compensation engine has no
//! per-period quota schedule, so each quota period is rated with its
//! quotas relieved. Relief therefore requires independent quota periods
//! (a yearly quota is one period), and ramps require monthly quotas. When
//! components have different quota periods, each group of components
//! sharing one is rated as a plan of its own, split by its own quota
//! periods (a quarterly quota relieved by the quarter's active days, a
//! monthly one by the month's), and the groups' lines are merged into the
//! order one run writes; what would tie groups together (a plan cap, a gate
//! or rule group across quota periods, rounding of the total) is refused.

use crate::limits::{MAX_CLOSED_PERIODS, MAX_PATH_DEPTH};
use heapless::Vec;

use crate::compensation::{
    earnings_of_valid_plan, Conversion, CreditLine, EarningsLine, Plan, QuotaPeriod, RoundAt,
    TierBasis,
};
use crate::{Date, Decimal, Error, ErrorKind, FieldPath, Money, Period, ResultExt, Segment};

use crate::compensation::reversal::{is_credit_note, original_of};

use super::fingerprint::{date_key, Context, Lanes};
use super::relief::QuotaRelief;

/// The earnings of a quota period that had ended by an earlier statement,
/// and the fingerprint of everything they were computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ClosedPeriod {
    /// The quota period's first day.
    pub first: Date,
    /// The fingerprint of the plan, relief, rates and the period's credits.
    pub fingerprint: [u64; 4],
    /// The period's earnings.
    pub earned: Money,
}

/// Earnings to date: the total and the lines written to the scratch buffer.
pub(crate) struct ToDate {
    pub(crate) total: Money,
    pub(crate) line_count: usize,
}

/// What a run reads besides the plan and credits.
pub(crate) struct RunInputs<'a> {
    pub(crate) participant_id: u64,
    pub(crate) credits: &'a [CreditLine],
    pub(crate) fx: Conversion<'a>,
    pub(crate) relief: Option<&'a QuotaRelief>,
    /// The statement period: earnings run through its last day, and quota
    /// periods ended before its first day may be reused.
    pub(crate) period: Period,
}

/// Rates the participant's credits under `plan` (validated by the caller,
/// as `relief` is) from the plan's first day through the
/// period's end into `scratch`, reusing `closed` quota periods whose
/// fingerprint still matches; writes the quota periods closed by the end
/// of the run to `closed_out`.
pub(crate) fn earnings_to_date(
    plan: &Plan,
    inputs: &RunInputs<'_>,
    closed: &[ClosedPeriod],
    closed_out: &mut Vec<ClosedPeriod, MAX_CLOSED_PERIODS>,
    scratch: &mut [EarningsLine],
) -> Result<ToDate, Error> {
    closed_out.clear();
    let relief = inputs.relief.filter(|r| !r.is_neutral(plan.effective));
    let quota_period = match relief {
        Some(relief) => {
            let periods = relieved_periods(plan, relief)?;
            for &period in &periods {
                if let Some(i) = note_across_periods(plan, inputs, period) {
                    return Err(Error::from(ErrorKind::Invalid(
                        "under quota relief a credit note must be in its original's quota period",
                    ))
                    .at("amount")
                    .at_index("credits", i));
                }
            }
            match periods.as_slice() {
                [one] => Some(*one),
                _ => {
                    let cache = (closed, closed_out);
                    return by_groups(plan, inputs, relief, &periods, cache, scratch);
                }
            }
        }
        None => independent_periods(plan)
            .filter(|&period| note_across_periods(plan, inputs, period).is_none()),
    };
    let Some(quota_period) = quota_period else {
        let summary = earnings_of_valid_plan(
            plan,
            inputs.participant_id,
            inputs.credits,
            inputs.fx,
            inputs.period.last(),
            scratch,
        )
        .map_err(|e| in_scratch(e, 0))?;
        return Ok(ToDate {
            total: summary.total,
            line_count: summary.line_count,
        });
    };
    by_periods(
        plan,
        inputs,
        relief,
        quota_period,
        Some((closed, closed_out)),
        scratch,
    )
}

/// The closed-period cache: the periods kept by the previous statement and
/// the list this one keeps.
type Cache<'c> = (
    &'c [ClosedPeriod],
    &'c mut Vec<ClosedPeriod, MAX_CLOSED_PERIODS>,
);

/// Rates `plan` quota period by quota period of `quota_period` from its
/// first day through the statement's last, reusing and keeping closed
/// periods through `cache` when given.
fn by_periods(
    plan: &Plan,
    inputs: &RunInputs<'_>,
    relief: Option<&QuotaRelief>,
    quota_period: QuotaPeriod,
    mut cache: Option<Cache<'_>>,
    scratch: &mut [EarningsLine],
) -> Result<ToDate, Error> {
    let through = inputs.period.last();
    let last = plan.effective.last().min(through);
    let seed = Context::new()
        .of(plan)
        .of(&relief)
        .of(&inputs.fx)
        .of(&inputs.participant_id)
        .seed();
    let Scan {
        lanes: fingerprints,
        ranges,
    } = fingerprints(plan, inputs, quota_period, last, seed)?;
    let mut total = Money::zero(plan.currency);
    let mut offset = 0usize;
    let mut first = plan.effective.first();
    let mut index = 0usize;
    while first <= last {
        let segment = plan
            .calendar
            .period_of(first, quota_period)
            .ok()
            .and_then(|p| p.intersect(plan.effective))
            .ok_or(ErrorKind::InvalidDate)
            .at("through")?;
        let fingerprint = fingerprints
            .get(index)
            .copied()
            .unwrap_or(Lanes::new(seed))
            .value();
        let reusable = cache
            .as_ref()
            .and_then(|(closed, _)| {
                closed
                    .iter()
                    .find(|c| c.first == segment.first() && c.fingerprint == fingerprint)
            })
            .filter(|_| segment.last() < inputs.period.first());
        let earned = match reusable {
            Some(kept) => kept.earned,
            None => {
                let rest = scratch.get_mut(offset..).unwrap_or_default();
                let range = ranges.get(index).copied().unwrap_or((0, 0));
                let (earned, lines) = rate_segment(plan, inputs, relief, segment, range, rest)
                    .map_err(|e| in_scratch(e, offset))?;
                rebase(rest.get_mut(..lines).unwrap_or_default(), offset);
                offset = offset
                    .checked_add(lines)
                    .ok_or(ErrorKind::Overflow)
                    .at("scratch")?;
                earned
            }
        };
        if let Some((_, closed_out)) = cache.as_mut().filter(|_| segment.last() <= through) {
            // A plan year's quota periods of one length fit; of a plan
            // rated by groups, a period that does not fit is re-rated next
            // time (the cache changes nothing but speed).
            let _ = closed_out.push(ClosedPeriod {
                first: segment.first(),
                fingerprint,
                earned,
            });
        }
        total = total.checked_add(earned).at("total")?;
        first = segment.last().add_days(1).at("through")?;
        index = index.saturating_add(1);
    }
    Ok(ToDate {
        total,
        line_count: offset,
    })
}

/// Under relief, a plan whose components have different quota periods:
/// each group of components sharing a quota period is rated as a plan of
/// its own, split by its quota periods with their relief (the group of the
/// first component also rates the SPIFs, which are per credit and know no
/// quota period), and the groups' lines are merged into the order one run
/// writes. Closed periods are kept per group (the fingerprint is seeded
/// with the group's plan) while they fit, the longest periods first: they
/// hold the most credits per entry.
fn by_groups(
    plan: &Plan,
    inputs: &RunInputs<'_>,
    relief: &QuotaRelief,
    periods: &[QuotaPeriod],
    (closed, closed_out): Cache<'_>,
    scratch: &mut [EarningsLine],
) -> Result<ToDate, Error> {
    let mut longest_first: Vec<QuotaPeriod, GROUPS> = periods.iter().copied().collect();
    longest_first.sort_unstable_by_key(|p| match p {
        QuotaPeriod::Year => 0u8,
        QuotaPeriod::Quarter => 1,
        QuotaPeriod::Month => 2,
    });
    let with_spifs = plan.components.first().map(|c| c.quota_period);
    let mut total = Money::zero(plan.currency);
    let mut groups: Vec<(usize, usize), GROUPS> = Vec::new();
    let mut offset = 0usize;
    for &period in &longest_first {
        let mut group = plan.clone();
        group.components.retain(|c| c.quota_period == period);
        if with_spifs != Some(period) {
            group.spifs.clear();
        }
        let rest = scratch.get_mut(offset..).unwrap_or_default();
        let cache = Some((closed, &mut *closed_out));
        let rated = by_periods(&group, inputs, Some(relief), period, cache, rest)
            .map_err(|e| in_scratch(in_plan(e, plan, period), offset))?;
        rebase(rest.get_mut(..rated.line_count).unwrap_or_default(), offset);
        total = total.checked_add(rated.total).at("total")?;
        let end = offset
            .checked_add(rated.line_count)
            .ok_or(ErrorKind::Overflow)
            .at("scratch")?;
        groups
            .push((offset, end))
            .map_err(|_| ErrorKind::TooMany { max: GROUPS as u32 })
            .at("components")?;
        offset = end;
    }
    merge(plan, inputs, &mut groups, offset, scratch)?;
    Ok(ToDate {
        total,
        line_count: offset,
    })
}

/// An error from rating the group of `period` names a component by its
/// place in the group: points the path's `components[i]` at its place in
/// `plan`, the list the caller wrote.
fn in_plan(e: Error, plan: &Plan, period: QuotaPeriod) -> Error {
    let mut segments: Vec<Segment, MAX_PATH_DEPTH> = e.path().segments().collect();
    let Some(component) = segments
        .iter_mut()
        .find(|s| s.name == "components" && s.index.is_some())
    else {
        return e;
    };
    component.index = component.index.and_then(|i| {
        let place = plan
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| c.quota_period == period)
            .nth(usize::try_from(i).ok()?)?
            .0;
        u32::try_from(place).ok()
    });
    let path = segments
        .iter()
        .rev()
        .fold(FieldPath::ROOT, |path, s| path.prepend(*s));
    Error::new(e.kind(), path)
}

/// At most one group of components per [`QuotaPeriod`].
const GROUPS: usize = 3;

/// Reorders the first `count` lines of `scratch`, written group after group
/// (`groups` holds each group's range), into the order of one run: the
/// participant's credits in list order, each credit's lines in plan order
/// of their components, SPIFs last. A group writes a credit's lines
/// together and in plan order, so each credit takes, from every group, the
/// lines at its cursor with the credit's deal and date, and merges them by
/// component (the lines of a booking listed twice stay together, group by
/// group). Needs room for the merged copy after the lines.
fn merge(
    plan: &Plan,
    inputs: &RunInputs<'_>,
    groups: &mut [(usize, usize)],
    count: usize,
    scratch: &mut [EarningsLine],
) -> Result<(), Error> {
    let needed = count
        .checked_mul(2)
        .ok_or(ErrorKind::Overflow)
        .at("scratch")?;
    if scratch.len() < needed {
        return Err(Error::from(ErrorKind::BufferTooSmall {
            needed: u32::try_from(needed).unwrap_or(u32::MAX),
        })
        .at("scratch"));
    }
    let (lines, out) = scratch.split_at_mut(count);
    let position = |line: &EarningsLine| {
        line.component_id
            .and_then(|id| plan.component(id))
            .map_or(usize::MAX, |(i, _)| i)
    };
    let mut written = 0usize;
    let participant = inputs.participant_id;
    for credit in inputs.credits.iter() {
        if groups.iter().all(|(next, end)| next >= end) {
            break;
        }
        if credit.participant_id != participant {
            continue;
        }
        let key = (Some(credit.source.transaction_id), credit.source.date);
        let mut ends = [0usize; GROUPS];
        for ((next, end), stop) in groups.iter().zip(ends.iter_mut()) {
            let chunk = lines.get(*next..*end).unwrap_or_default();
            *stop = next.saturating_add(
                chunk
                    .iter()
                    .take_while(|l| (l.transaction_id, l.date) == key)
                    .count(),
            );
        }
        loop {
            let pick = groups
                .iter_mut()
                .zip(ends)
                .filter(|((next, _), stop)| next < stop)
                .filter_map(|((next, _), _)| Some((position(lines.get(*next)?), next)))
                .min_by_key(|(position, _)| *position);
            let Some((_, next)) = pick else {
                break;
            };
            move_line(lines, out, *next, written);
            *next = next.saturating_add(1);
            written = written.saturating_add(1);
        }
    }
    // Lines no credit claimed (none from a valid run) keep their group order.
    for (next, end) in groups.iter() {
        for from in *next..*end {
            move_line(lines, out, from, written);
            written = written.saturating_add(1);
        }
    }
    scratch.copy_within(count..needed, 0);
    Ok(())
}

/// Moves `lines[from]` to `out[to]`, pointing a credit note's line at the
/// place its original moved to. The original comes first in its group, so
/// it has moved: its old slot, never read again as a line, holds that
/// place in `reverses`.
fn move_line(lines: &mut [EarningsLine], out: &mut [EarningsLine], from: usize, to: usize) {
    let Some(mut line) = lines.get(from).copied() else {
        return;
    };
    line.reverses = line
        .reverses
        .and_then(|original| lines.get(usize::try_from(original).ok()?))
        .and_then(|moved| moved.reverses);
    if let Some(slot) = out.get_mut(to) {
        *slot = line;
    }
    if let Some(old) = lines.get_mut(from) {
        old.reverses = u32::try_from(to).ok();
    }
}

/// Adds `offset` to the `reverses` index of `lines`, written by a run into
/// a buffer `offset` lines into the scratch: an index then counts from the
/// scratch's start, as the line's own position does.
fn rebase(lines: &mut [EarningsLine], offset: usize) {
    let Ok(offset) = u32::try_from(offset) else {
        return;
    };
    for line in lines {
        line.reverses = line.reverses.map(|i| i.saturating_add(offset));
    }
}

/// One quota period rated alone: its earnings and the lines written. Only
/// `range` of the credits (where the participant's credits of the period
/// lie) is read; an error is reported against the whole list.
fn rate_segment(
    plan: &Plan,
    inputs: &RunInputs<'_>,
    relief: Option<&QuotaRelief>,
    segment: Period,
    range: (usize, usize),
    out: &mut [EarningsLine],
) -> Result<(Money, usize), Error> {
    let mut alone = plan.clone();
    alone.effective = segment;
    if let Some(relief) = relief {
        for component in alone.components.iter_mut() {
            component.quota = relief
                .relieve(component.quota, segment, &plan.calendar)
                .at("relief")?;
        }
    }
    let through = inputs.period.last().min(segment.last());
    let credits = inputs.credits.get(range.0..range.1).unwrap_or_default();
    // A segment of a valid plan rates as the plan would, and so does a group
    // of its components (their weights, no longer summing to 1, only weigh
    // the attainment report, unread here); relieved quotas stay positive.
    let run = |credits: &[CreditLine], out: &mut [EarningsLine]| {
        earnings_of_valid_plan(
            &alone,
            inputs.participant_id,
            credits,
            inputs.fx,
            through,
            out,
        )
    };
    match run(credits, out) {
        Ok(summary) => Ok((summary.total, summary.line_count)),
        Err(e) if matches!(e.kind(), ErrorKind::BufferTooSmall { .. }) => Err(e),
        // Cold path: rerun on every credit so the path indexes the caller's list.
        Err(e) => Err(run(inputs.credits, out).err().unwrap_or(e)),
    }
}

/// Per quota period (counted from the plan's first one): the fingerprint,
/// and the range of the credit list holding the participant's credits.
struct Scan {
    lanes: [Lanes; MAX_CLOSED_PERIODS],
    ranges: [(usize, usize); MAX_CLOSED_PERIODS],
}

/// Each quota period's fingerprint (seeded with the context) and the range
/// of `inputs.credits` holding the participant's credits of the period;
/// checks those credits are in date order, as the compensation engine
/// would for the periods not re-rated.
fn fingerprints(
    plan: &Plan,
    inputs: &RunInputs<'_>,
    quota_period: QuotaPeriod,
    last: Date,
    seed: [u64; 4],
) -> Result<Scan, Error> {
    let mut lanes = [Lanes::new(seed); MAX_CLOSED_PERIODS];
    let mut ranges = [(0usize, 0usize); MAX_CLOSED_PERIODS];
    let start = plan.effective.first();
    let (first_key, last_key) = (date_key(start), date_key(last));
    let mut previous = 0u32;
    let credits = inputs.credits;
    let mut i = 0usize;
    while let Some(credit) = credits.get(i) {
        let index = i;
        i = i.saturating_add(1);
        if credit.participant_id != inputs.participant_id {
            continue;
        }
        let date = credit.source.date;
        let key = date_key(date);
        if key < first_key || key > last_key {
            continue;
        }
        if key < previous {
            return Err(Error::from(ErrorKind::Invalid("credits out of date order"))
                .at("date")
                .at("source")
                .at_index("credits", index));
        }
        previous = key;
        let number = plan
            .calendar
            .period_index(date, quota_period)
            .saturating_sub(plan.calendar.period_index(start, quota_period));
        let (Some(lane), Some(range)) = (lanes.get_mut(number), ranges.get_mut(number)) else {
            continue;
        };
        lane.credit(credit);
        if range.1 == 0 {
            range.0 = index;
        }
        range.1 = i;
        // The participant's next credits dated from this one through the
        // end of its quota period (and of the window) are in order,
        // in the window and in the same quota period: fed by a tight loop.
        // The first credit outside that range goes through the checks above.
        let Ok(calendar) = plan.calendar.period_of(date, quota_period) else {
            continue;
        };
        let high = date_key(calendar.last()).min(last_key);
        let rest = credits.get(i..).unwrap_or_default();
        let run = feed_run(lane, rest, inputs.participant_id, previous, high);
        if run.fed > 0 {
            range.1 = i.saturating_add(run.fed);
            previous = run.previous;
        }
        i = i.saturating_add(run.passed);
    }
    Ok(Scan { lanes, ranges })
}

/// What [`feed_run`] went through.
struct Run {
    /// Lines passed: fed, or other participants' lines skipped.
    passed: usize,
    /// The position after the last line fed (0 if none).
    fed: usize,
    /// The date key of the last line fed.
    previous: u32,
}

/// Feeds `lane` the participant's credits at the start of `credits` whose
/// date keys lie in `previous..=high` and ascend, skipping other
/// participants' lines; stops before the participant's first credit that
/// does not. Kept out of line so the lanes stay in registers.
#[inline(never)]
fn feed_run(
    lane: &mut Lanes,
    credits: &[CreditLine],
    participant_id: u64,
    previous: u32,
    high: u32,
) -> Run {
    let mut lanes = *lane;
    let mut run = Run {
        passed: 0,
        fed: 0,
        previous,
    };
    for (offset, credit) in credits.iter().enumerate() {
        if credit.participant_id == participant_id {
            let key = date_key(credit.source.date);
            if key < run.previous || key > high {
                break;
            }
            lanes.credit(credit);
            run.previous = key;
            run.fed = offset.saturating_add(1);
        }
        run.passed = offset.saturating_add(1);
    }
    *lane = lanes;
    run
}

/// `compute_earnings` names its output buffer `out` and the lines it needs
/// from it; the statement's buffer is `scratch`, already `offset` full.
fn in_scratch(e: Error, offset: usize) -> Error {
    match e.kind() {
        ErrorKind::BufferTooSmall { needed } => Error::from(ErrorKind::BufferTooSmall {
            needed: needed.saturating_add(u32::try_from(offset).unwrap_or(u32::MAX)),
        })
        .at("scratch"),
        _ => e,
    }
}

/// The common quota period when the plan's quota periods can be rated
/// one by one exactly (and are more than one), else `None`.
fn independent_periods(plan: &Plan) -> Option<QuotaPeriod> {
    let mut periods = plan.components.iter().map(|c| c.quota_period);
    let quota_period = periods.next()?;
    let independent = quota_period != QuotaPeriod::Year
        && periods.all(|p| p == quota_period)
        && plan
            .components
            .iter()
            .all(|c| c.tier_basis != TierBasis::YearToDate)
        && plan.cap.is_none()
        && plan.rounding.at == RoundAt::Line;
    independent.then_some(quota_period)
}

/// The index of the first of the participant's credit notes whose original
/// lies in an earlier quota period: a quota period rated alone would not
/// hold the original's lines the note reverses, so the run is not split.
fn note_across_periods(plan: &Plan, inputs: &RunInputs<'_>, period: QuotaPeriod) -> Option<usize> {
    inputs.credits.iter().enumerate().position(|(i, credit)| {
        credit.participant_id == inputs.participant_id
            && is_credit_note(credit)
            && original_of(inputs.credits, i, plan.effective.first()).is_ok_and(|original| {
                plan.calendar.period_of(original.booked, period).ok()
                    != plan.calendar.period_of(credit.source.date, period).ok()
            })
    })
}

/// The quota periods a relieved plan is rated by, in the order of their
/// first component: one when all components share it, else one group of
/// components per quota period (rated apart, merged line by line). Refuses
/// what rating apart would change, naming the field.
fn relieved_periods(plan: &Plan, relief: &QuotaRelief) -> Result<Vec<QuotaPeriod, GROUPS>, Error> {
    let mut periods: Vec<QuotaPeriod, GROUPS> = Vec::new();
    for component in &plan.components {
        if !periods.contains(&component.quota_period) {
            // Three quota periods exist: the push fits.
            let _ = periods.push(component.quota_period);
        }
    }
    let Some(&first) = periods.first() else {
        return Err(Error::from(ErrorKind::Empty).at("components").at("relief"));
    };
    if periods.len() == 1 && first != QuotaPeriod::Year {
        let year_to_date = plan
            .components
            .iter()
            .any(|c| c.tier_basis == TierBasis::YearToDate);
        if year_to_date || plan.cap.is_some() {
            return Err(Error::from(ErrorKind::Invalid(
                "quota relief by period needs period-to-date tiers and no plan cap",
            ))
            .at("relief"));
        }
    }
    if periods.iter().any(|p| *p != QuotaPeriod::Month)
        && relief.ramp.iter().any(|s| *s != Decimal::ONE)
    {
        return Err(Error::from(ErrorKind::Invalid(
            "a ramp by month of tenure needs monthly quotas",
        ))
        .at("relief"));
    }
    if periods.len() > 1 {
        check_groups(plan)?;
    }
    Ok(periods)
}

/// Checks a plan whose components have different quota periods can be
/// rated group by group exactly: nothing may tie components of two quota
/// periods together, nor count across a group's quota periods.
fn check_groups(plan: &Plan) -> Result<(), Error> {
    let refuse = |reason: &'static str| Error::from(ErrorKind::Invalid(reason));
    if plan.cap.is_some() {
        return Err(
            refuse("quota relief across quota periods cannot cap components rated apart")
                .at("cap")
                .at("plan"),
        );
    }
    if plan.rounding.at != RoundAt::Line {
        return Err(refuse(
            "quota relief across quota periods needs per-line rounding: each group would round its own total",
        )
        .at("at")
        .at("rounding")
        .at("plan"));
    }
    for (i, component) in plan.components.iter().enumerate() {
        let in_plan = |e: Error| e.at_index("components", i).at("plan");
        let period = component.quota_period;
        if period != QuotaPeriod::Year && component.tier_basis == TierBasis::YearToDate {
            return Err(in_plan(
                refuse("quota relief by period needs period-to-date tiers").at("tier_basis"),
            ));
        }
        let gating = component
            .gate
            .and_then(|gate| plan.component(gate.component_id))
            .map(|(_, c)| c.quota_period);
        if gating.is_some_and(|p| p != period) {
            return Err(in_plan(
                refuse(
                    "under quota relief a gate's component must share the gated one's quota period",
                )
                .at("component_id")
                .at("gate"),
            ));
        }
        let spans = component.group.is_some_and(|group| {
            plan.components
                .iter()
                .any(|other| other.group == Some(group) && other.quota_period != period)
        });
        if spans {
            return Err(in_plan(
                refuse("under quota relief a rule group's components must share one quota period")
                    .at("group"),
            ));
        }
    }
    Ok(())
}
