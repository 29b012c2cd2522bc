//! The lead-flow simulation, day by day (issue 16; the process-engineering
//! seed: "WIP will tend towards infinity unless checked … inflating WIP
//! means inflating lead-times").
//!
//! Each day, in this order:
//! 1. **Arrivals** join the back of the release queue.
//! 2. **Queue expiry**: leads that have waited `queue_expiry_days` or more
//!    unreleased go to nurture (expired), checked from the front.
//! 3. **SLA**: every rep's unworked leads are checked with the existing
//!    lead-SLA rules ([`evaluate_lead_sla`]) at the start of the day
//!    (`day × 86,400` s; the lead was assigned at the start of its
//!    assignment day, so a 24 h rule fires the next day). `Reassign`
//!    returns the lead to the *front* of the queue, `Nurture` expires it,
//!    `Escalate` counts it once and leaves it.
//! 4. **Release**: freely (the whole queue) or up to a per-rep WIP cap, each
//!    lead to the rep holding the fewest (ties: lowest index).
//! 5. **Work**: each rep works up to `work_per_rep_per_day` of its leads,
//!    oldest assignment first. A worked lead leaves WIP; its lead time is
//!    the whole days from arrival to work; it converts with the
//!    probability the [`ConversionCurve`] gives at that age, decided by the
//!    seeded counter-based generator ([`CounterRng`], keyed by the lead's
//!    index), so a run is identical on every platform.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::flow::rng::CounterRng;
use crate::funnel::{evaluate_lead_sla, LeadTimeline, SlaAction, SlaOutcome, SlaRule, Stage};
use crate::limits::{MAX_FLOW_DAYS, MAX_FLOW_LEADS, MAX_FLOW_REPS, MAX_SLA_RULES};
use crate::{Decimal, RoundingMode, SCALE};

/// Seconds in a simulated day, for the SLA rules' clocks.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// End-of-list marker in the intrusive per-rep lists.
const NONE: u32 = u32::MAX;

/// How leads are released to reps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Release {
    /// Every queued lead is released the day it can be.
    Free,
    /// A rep receives leads only while holding fewer than `wip_per_rep`.
    Capped {
        /// Leads under management per rep, positive.
        wip_per_rep: u32,
    },
}

/// Conversion by age: `p(a) = max(floor, initial × daily_retention^a)` for a
/// lead worked `a` whole days after it arrived, each power taken by one
/// multiplication per day rounded half-even at the 9th digit (the curve is
/// defined by that recurrence). Exponential decay with age is the shape of
/// the lead-response studies (the odds of qualifying a web lead fall
/// steeply within hours and days of the inquiry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ConversionCurve {
    /// Probability for a lead worked the day it arrives, in `[0, 1]`.
    pub initial: Decimal,
    /// Fraction of the probability kept per day of age, in `[0, 1]`.
    pub daily_retention: Decimal,
    /// The curve never falls below this, in `[0, initial]`.
    pub floor: Decimal,
}

/// A simulation's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlowInput<'a> {
    /// Days simulated: `arrivals.len()`, at most [`MAX_FLOW_DAYS`].
    pub arrivals: &'a [u32],
    /// Reps, from 1 to [`MAX_FLOW_REPS`].
    pub reps: u32,
    /// Leads one rep works per day.
    pub work_per_rep_per_day: u32,
    /// Free or capped release.
    pub release: Release,
    /// The stage the released leads are in (which SLA rules apply).
    pub stage: Stage,
    /// Lead-SLA rules, at most [`MAX_SLA_RULES`].
    pub sla_rules: &'a [SlaRule],
    /// Unreleased leads that have waited this many days go to nurture;
    /// `None`: they wait.
    pub queue_expiry_days: Option<u32>,
    /// Conversion by age.
    pub conversion: ConversionCurve,
    /// Seed of the conversion draws.
    pub seed: u64,
}

/// One lead's state, in the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlowLead {
    arrival: u32,
    assigned: u32,
    next: u32,
    escalated: bool,
}

impl FlowLead {
    /// A blank slot, for sizing buffers.
    pub const BLANK: FlowLead = FlowLead {
        arrival: 0,
        assigned: 0,
        next: NONE,
        escalated: false,
    };
}

/// Lead-time percentiles (nearest rank) of the leads worked in a period,
/// in whole days from arrival; `None` when none was worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct LeadTimes {
    /// Median.
    pub p50: Option<u32>,
    /// 90th percentile.
    pub p90: Option<u32>,
    /// 99th percentile.
    pub p99: Option<u32>,
    /// Longest.
    pub max: Option<u32>,
}

/// A day or a week of the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct FlowPeriod {
    /// First day of the period (0-based).
    pub first_day: u32,
    /// Days in the period.
    pub days: u32,
    /// Leads that arrived.
    pub arrivals: u32,
    /// Leads released to reps (re-releases included).
    pub released: u32,
    /// Leads worked.
    pub worked: u32,
    /// Worked leads that converted.
    pub converted: u32,
    /// Leads sent to nurture (queue expiry or an SLA `Nurture`).
    pub expired: u32,
    /// Leads taken back from a rep by an SLA `Reassign`.
    pub reassigned: u32,
    /// Leads escalated by an SLA `Escalate` (once each).
    pub escalated: u32,
    /// Leads waiting unreleased at the end of the period.
    pub queue: u32,
    /// Leads under management (released, unworked) at the end.
    pub wip: u32,
    /// The most any one rep held at the end.
    pub max_wip_per_rep: u32,
    /// `wip ÷ reps`, half-even to 9 places.
    pub wip_per_rep: Decimal,
    /// Lead times of the leads worked in the period.
    pub lead_time: LeadTimes,
}

/// The whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct FlowSummary {
    /// Totals over every day, queue and WIP at the end, lead times of every
    /// worked lead.
    pub total: FlowPeriod,
    /// The longest queue at the end of any day.
    pub peak_queue: u32,
    /// The most leads any rep held at the end of any day.
    pub peak_wip_per_rep: u32,
}

/// One rep's leads under management, oldest assignment first.
#[derive(Debug, Clone, Copy)]
struct RepList {
    head: u32,
    tail: u32,
    wip: u32,
}

/// A histogram of lead times in days.
struct Histogram {
    counts: [u32; MAX_FLOW_DAYS],
    total: u32,
    max: usize,
}

impl Histogram {
    const fn new() -> Histogram {
        Histogram {
            counts: [0; MAX_FLOW_DAYS],
            total: 0,
            max: 0,
        }
    }

    fn add(&mut self, days: usize) {
        if let Some(c) = self.counts.get_mut(days) {
            *c = c.saturating_add(1);
            self.total = self.total.saturating_add(1);
            self.max = self.max.max(days);
        }
    }

    fn clear(&mut self) {
        for c in self.counts.iter_mut().take(self.max.saturating_add(1)) {
            *c = 0;
        }
        self.total = 0;
        self.max = 0;
    }

    /// The nearest-rank percentile: the smallest lead time with at least
    /// `⌈percent × n ÷ 100⌉` leads at or below it.
    fn percentile(&self, percent: u32) -> Option<u32> {
        if self.total == 0 {
            return None;
        }
        let rank = u64::from(self.total)
            .saturating_mul(u64::from(percent))
            .div_ceil(100)
            .max(1);
        let mut seen = 0u64;
        for (days, count) in self
            .counts
            .iter()
            .enumerate()
            .take(self.max.saturating_add(1))
        {
            seen = seen.saturating_add(u64::from(*count));
            if seen >= rank {
                return u32::try_from(days).ok();
            }
        }
        None
    }

    fn lead_times(&self) -> LeadTimes {
        LeadTimes {
            p50: self.percentile(50),
            p90: self.percentile(90),
            p99: self.percentile(99),
            max: if self.total == 0 {
                None
            } else {
                u32::try_from(self.max).ok()
            },
        }
    }
}

/// The release queue: a ring deque of lead indices in the caller's buffer.
struct Queue<'b> {
    slots: &'b mut [u32],
    front: usize,
    len: usize,
}

impl Queue<'_> {
    fn push_back(&mut self, lead: u32) -> Result<(), ErrorKind> {
        let capacity = self.slots.len();
        let at = self
            .front
            .checked_add(self.len)
            .and_then(|i| i.checked_rem(capacity))
            .ok_or(ErrorKind::Overflow)?;
        *self.slots.get_mut(at).ok_or(ErrorKind::Overflow)? = lead;
        self.len = self.len.checked_add(1).ok_or(ErrorKind::Overflow)?;
        Ok(())
    }

    fn push_front(&mut self, lead: u32) -> Result<(), ErrorKind> {
        let capacity = self.slots.len();
        let at = self
            .front
            .checked_add(capacity.checked_sub(1).ok_or(ErrorKind::Overflow)?)
            .and_then(|i| i.checked_rem(capacity))
            .ok_or(ErrorKind::Overflow)?;
        *self.slots.get_mut(at).ok_or(ErrorKind::Overflow)? = lead;
        self.front = at;
        self.len = self.len.checked_add(1).ok_or(ErrorKind::Overflow)?;
        Ok(())
    }

    fn front(&self) -> Option<u32> {
        if self.len == 0 {
            None
        } else {
            self.slots.get(self.front).copied()
        }
    }

    fn pop_front(&mut self) -> Option<u32> {
        let lead = self.front()?;
        self.front = self
            .front
            .checked_add(1)
            .and_then(|i| i.checked_rem(self.slots.len()))
            .unwrap_or(0);
        self.len = self.len.saturating_sub(1);
        Some(lead)
    }
}

impl ConversionCurve {
    /// Checks the probabilities.
    pub fn validate(&self) -> Result<(), Error> {
        for (value, name) in [
            (self.initial, "initial"),
            (self.daily_retention, "daily_retention"),
        ] {
            if value.is_negative() || value > Decimal::ONE {
                return Err(Error::from(ErrorKind::OutOfRange).at(name));
            }
        }
        if self.floor.is_negative() || self.floor > self.initial {
            return Err(Error::from(ErrorKind::OutOfRange).at("floor"));
        }
        Ok(())
    }

    /// `p(a)` for every age `a < MAX_FLOW_DAYS`, in nanos.
    fn table(&self) -> Result<[u32; MAX_FLOW_DAYS], ErrorKind> {
        let mut table = [0u32; MAX_FLOW_DAYS];
        let mut p = self.initial;
        for slot in table.iter_mut() {
            *slot = u32::try_from(p.max(self.floor).nanos()).map_err(|_| ErrorKind::Overflow)?;
            p = p.mul_round(self.daily_retention, SCALE, RoundingMode::HalfEven)?;
        }
        Ok(table)
    }
}

impl FlowInput<'_> {
    /// Checks sizes, rates and the SLA rules.
    pub fn validate(&self) -> Result<(), Error> {
        if self.arrivals.is_empty() {
            return Err(Error::from(ErrorKind::Empty).at("arrivals"));
        }
        if self.arrivals.len() > MAX_FLOW_DAYS {
            return Err(Error::from(ErrorKind::TooMany {
                max: MAX_FLOW_DAYS as u32,
            })
            .at("arrivals"));
        }
        if self.reps == 0 {
            return Err(Error::from(ErrorKind::NotPositive).at("reps"));
        }
        if usize::try_from(self.reps).map_or(true, |r| r > MAX_FLOW_REPS) {
            return Err(Error::from(ErrorKind::TooMany {
                max: MAX_FLOW_REPS as u32,
            })
            .at("reps"));
        }
        if let Release::Capped { wip_per_rep: 0 } = self.release {
            return Err(Error::from(ErrorKind::NotPositive)
                .at("wip_per_rep")
                .at("release"));
        }
        if self.sla_rules.len() > MAX_SLA_RULES {
            return Err(Error::from(ErrorKind::TooMany {
                max: MAX_SLA_RULES as u32,
            })
            .at("sla_rules"));
        }
        for (i, rule) in self.sla_rules.iter().enumerate() {
            rule.validate().at_index("sla_rules", i)?;
        }
        self.conversion.validate().at("conversion")?;
        self.total_leads().at("arrivals")?;
        Ok(())
    }

    /// Leads arriving over the run: the length `leads` and `queue` buffers
    /// need, at most [`MAX_FLOW_LEADS`].
    pub fn total_leads(&self) -> Result<usize, ErrorKind> {
        let mut total = 0u32;
        for a in self.arrivals {
            total = total.checked_add(*a).ok_or(ErrorKind::Overflow)?;
        }
        if total == NONE {
            return Err(ErrorKind::Overflow);
        }
        let total = usize::try_from(total).map_err(|_| ErrorKind::Overflow)?;
        if total > MAX_FLOW_LEADS {
            return Err(ErrorKind::TooMany {
                max: MAX_FLOW_LEADS as u32,
            });
        }
        Ok(total)
    }

    /// Weeks the weekly output has: `⌈days ÷ 7⌉`.
    pub fn weeks(&self) -> usize {
        self.arrivals.len().div_ceil(7)
    }
}

/// Adds `day` into `week`'s counters (the caller sets its end-of-period
/// stocks and lead times).
fn accumulate(week: &mut FlowPeriod, day: &FlowPeriod) {
    week.days = week.days.saturating_add(1);
    week.arrivals = week.arrivals.saturating_add(day.arrivals);
    week.released = week.released.saturating_add(day.released);
    week.worked = week.worked.saturating_add(day.worked);
    week.converted = week.converted.saturating_add(day.converted);
    week.expired = week.expired.saturating_add(day.expired);
    week.reassigned = week.reassigned.saturating_add(day.reassigned);
    week.escalated = week.escalated.saturating_add(day.escalated);
    week.queue = day.queue;
    week.wip = day.wip;
    week.max_wip_per_rep = day.max_wip_per_rep;
    week.wip_per_rep = day.wip_per_rep;
}

/// Runs the simulation. `leads` and `queue` need
/// [`FlowInput::total_leads`] slots; `days_out` one per day, `weeks_out`
/// [`FlowInput::weeks`].
pub fn simulate_flow(
    input: &FlowInput<'_>,
    leads: &mut [FlowLead],
    queue: &mut [u32],
    days_out: &mut [FlowPeriod],
    weeks_out: &mut [FlowPeriod],
) -> Result<FlowSummary, Error> {
    input.validate()?;
    let total = input.total_leads().at("arrivals")?;
    let needed = |n: usize| ErrorKind::BufferTooSmall {
        needed: u32::try_from(n).unwrap_or(u32::MAX),
    };
    let leads = leads.get_mut(..total).ok_or(needed(total)).at("leads")?;
    let slots = queue.get_mut(..total).ok_or(needed(total)).at("queue")?;
    let days = input.arrivals.len();
    let days_out = days_out
        .get_mut(..days)
        .ok_or(needed(days))
        .at("days_out")?;
    let weeks = input.weeks();
    let weeks_out = weeks_out
        .get_mut(..weeks)
        .ok_or(needed(weeks))
        .at("weeks_out")?;
    let curve = input.conversion.table().at("conversion")?;
    let rng = CounterRng::new(input.seed);
    let reps = usize::try_from(input.reps).map_err(|_| ErrorKind::Overflow)?;
    let mut lists = [RepList {
        head: NONE,
        tail: NONE,
        wip: 0,
    }; MAX_FLOW_REPS];
    let lists = lists.get_mut(..reps).ok_or(ErrorKind::Overflow)?;
    let mut queue = Queue {
        slots,
        front: 0,
        len: 0,
    };
    let mut day_hist = Histogram::new();
    let mut week_hist = Histogram::new();
    let mut all_hist = Histogram::new();
    let mut summary = FlowSummary::default();
    let mut next_lead = 0u32;
    let cap = match input.release {
        Release::Free => u32::MAX,
        Release::Capped { wip_per_rep } => wip_per_rep,
    };
    let reps_decimal = Decimal::from_int(i64::from(input.reps));
    for (d, (arrivals, out)) in input.arrivals.iter().zip(days_out.iter_mut()).enumerate() {
        let day = u32::try_from(d).map_err(|_| ErrorKind::Overflow)?;
        let mut period = FlowPeriod {
            first_day: day,
            days: 1,
            arrivals: *arrivals,
            ..FlowPeriod::default()
        };
        // 1. Arrivals.
        for _ in 0..*arrivals {
            let slot = leads
                .get_mut(usize::try_from(next_lead).map_err(|_| ErrorKind::Overflow)?)
                .ok_or(ErrorKind::Overflow)?;
            *slot = FlowLead {
                arrival: day,
                ..FlowLead::BLANK
            };
            queue.push_back(next_lead)?;
            next_lead = next_lead.checked_add(1).ok_or(ErrorKind::Overflow)?;
        }
        // 2. Queue expiry, from the front.
        if let Some(limit) = input.queue_expiry_days {
            while let Some(lead) = queue.front() {
                let arrival = lead_at(leads, lead)?.arrival;
                if day.saturating_sub(arrival) < limit {
                    break;
                }
                queue.pop_front();
                period.expired = period.expired.saturating_add(1);
            }
        }
        // 3. SLA, per rep from the oldest assignment.
        if !input.sla_rules.is_empty() {
            let now = i64::from(day)
                .checked_mul(SECONDS_PER_DAY)
                .ok_or(ErrorKind::Overflow)?;
            for list in lists.iter_mut() {
                check_sla(input, leads, list, &mut queue, now, &mut period)?;
            }
        }
        // 4. Release to the least-loaded rep.
        while let Some(lead) = queue.front() {
            let (r, least) = lists
                .iter()
                .enumerate()
                .min_by_key(|(i, l)| (l.wip, *i))
                .map(|(i, l)| (i, l.wip))
                .ok_or(ErrorKind::Empty)?;
            if least >= cap {
                break;
            }
            queue.pop_front();
            let list = lists.get_mut(r).ok_or(ErrorKind::Overflow)?;
            append(leads, list, lead, day)?;
            period.released = period.released.saturating_add(1);
        }
        // 5. Work, oldest assignment first.
        for list in lists.iter_mut() {
            for _ in 0..input.work_per_rep_per_day {
                let lead = list.head;
                if lead == NONE {
                    break;
                }
                let record = *lead_at(leads, lead)?;
                list.head = record.next;
                if list.head == NONE {
                    list.tail = NONE;
                }
                list.wip = list.wip.saturating_sub(1);
                let age = usize::try_from(day.saturating_sub(record.arrival))
                    .map_err(|_| ErrorKind::Overflow)?;
                day_hist.add(age);
                week_hist.add(age);
                all_hist.add(age);
                period.worked = period.worked.saturating_add(1);
                let p = curve.get(age).copied().unwrap_or(0);
                if rng.unit_nanos(0, u64::from(lead)) < p {
                    period.converted = period.converted.saturating_add(1);
                }
            }
        }
        // End-of-day stocks.
        period.queue = u32::try_from(queue.len).map_err(|_| ErrorKind::Overflow)?;
        for list in lists.iter() {
            period.wip = period.wip.saturating_add(list.wip);
            period.max_wip_per_rep = period.max_wip_per_rep.max(list.wip);
        }
        period.wip_per_rep = Decimal::from_int(i64::from(period.wip)).div_round(
            reps_decimal,
            SCALE,
            RoundingMode::HalfEven,
        )?;
        period.lead_time = day_hist.lead_times();
        day_hist.clear();
        summary.peak_queue = summary.peak_queue.max(period.queue);
        summary.peak_wip_per_rep = summary.peak_wip_per_rep.max(period.max_wip_per_rep);
        // The week this day belongs to.
        let w = d.checked_div(7).ok_or(ErrorKind::Overflow)?;
        let week = weeks_out.get_mut(w).ok_or(ErrorKind::Overflow)?;
        if d.checked_rem(7) == Some(0) {
            *week = FlowPeriod {
                first_day: day,
                ..FlowPeriod::default()
            };
        }
        accumulate(week, &period);
        if d.checked_rem(7) == Some(6) || d.saturating_add(1) == days {
            week.lead_time = week_hist.lead_times();
            week_hist.clear();
        }
        accumulate(&mut summary.total, &period);
        *out = period;
    }
    summary.total.lead_time = all_hist.lead_times();
    Ok(summary)
}

fn lead_at(leads: &[FlowLead], lead: u32) -> Result<&FlowLead, ErrorKind> {
    leads
        .get(usize::try_from(lead).map_err(|_| ErrorKind::Overflow)?)
        .ok_or(ErrorKind::Overflow)
}

fn lead_mut(leads: &mut [FlowLead], lead: u32) -> Result<&mut FlowLead, ErrorKind> {
    leads
        .get_mut(usize::try_from(lead).map_err(|_| ErrorKind::Overflow)?)
        .ok_or(ErrorKind::Overflow)
}

/// Puts `lead` at the tail of `list`, assigned on `day`.
fn append(
    leads: &mut [FlowLead],
    list: &mut RepList,
    lead: u32,
    day: u32,
) -> Result<(), ErrorKind> {
    let record = lead_mut(leads, lead)?;
    record.assigned = day;
    record.next = NONE;
    if list.tail == NONE {
        list.head = lead;
    } else {
        lead_mut(leads, list.tail)?.next = lead;
    }
    list.tail = lead;
    list.wip = list.wip.checked_add(1).ok_or(ErrorKind::Overflow)?;
    Ok(())
}

/// Applies the SLA rules to one rep's leads from the oldest assignment,
/// stopping at the first lead with nothing due (later ones were assigned no
/// earlier, so nothing is due for them either).
fn check_sla(
    input: &FlowInput<'_>,
    leads: &mut [FlowLead],
    list: &mut RepList,
    queue: &mut Queue<'_>,
    now: i64,
    period: &mut FlowPeriod,
) -> Result<(), Error> {
    let mut previous = NONE;
    let mut current = list.head;
    while current != NONE {
        let record = *lead_at(leads, current)?;
        let timeline = LeadTimeline {
            stage: input.stage,
            assigned_at: Some(
                i64::from(record.assigned)
                    .checked_mul(SECONDS_PER_DAY)
                    .ok_or(ErrorKind::Overflow)?,
            ),
            worked_at: None,
            qualifying_call_at: None,
            advanced_at: None,
        };
        let SlaOutcome::Due { action, .. } =
            evaluate_lead_sla(&timeline, input.sla_rules, now).at("sla_rules")?
        else {
            break;
        };
        if action == SlaAction::Escalate {
            if !record.escalated {
                lead_mut(leads, current)?.escalated = true;
                period.escalated = period.escalated.saturating_add(1);
            }
            previous = current;
            current = record.next;
            continue;
        }
        // Unlink `current`.
        if previous == NONE {
            list.head = record.next;
        } else {
            lead_mut(leads, previous)?.next = record.next;
        }
        if list.tail == current {
            list.tail = previous;
        }
        list.wip = list.wip.saturating_sub(1);
        if action == SlaAction::Reassign {
            lead_mut(leads, current)?.next = NONE;
            queue.push_front(current)?;
            period.reassigned = period.reassigned.saturating_add(1);
        } else {
            period.expired = period.expired.saturating_add(1);
        }
        current = record.next;
    }
    Ok(())
}
