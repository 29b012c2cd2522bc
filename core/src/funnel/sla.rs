//! Lead SLA evaluation: the seed's lead-expiration rules ("if a lead is not
//! worked within 24 hours … it will be re-assigned or placed into a
//! nurturing queue"), evaluated for one lead at a given clock.
//!
//! Times are integer seconds since any fixed epoch the caller chooses; the
//! same lead, rules and clock always give the same answer.

use crate::error::{Error, ErrorKind, ResultExt};
use crate::funnel::stage::Stage;
use crate::limits::MAX_SLA_RULES;

/// Things that happen to a lead, each recorded with its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum Milestone {
    /// The lead was routed to a rep.
    Assigned,
    /// The rep first worked it (call, email, reply).
    Worked,
    /// A qualifying call was held.
    QualifyingCall,
    /// The lead moved on to the next stage.
    Advanced,
}

/// A lead as the SLA sees it: its stage and when each milestone happened
/// (`None`: not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct LeadTimeline {
    /// The lead's current stage.
    pub stage: Stage,
    /// When it was assigned.
    pub assigned_at: Option<i64>,
    /// When it was first worked.
    pub worked_at: Option<i64>,
    /// When the qualifying call was held.
    pub qualifying_call_at: Option<i64>,
    /// When it advanced to the next stage.
    pub advanced_at: Option<i64>,
}

impl LeadTimeline {
    /// When `milestone` happened.
    pub fn at(&self, milestone: Milestone) -> Option<i64> {
        match milestone {
            Milestone::Assigned => self.assigned_at,
            Milestone::Worked => self.worked_at,
            Milestone::QualifyingCall => self.qualifying_call_at,
            Milestone::Advanced => self.advanced_at,
        }
    }
}

/// What happens to a lead that breaches a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum SlaAction {
    /// Route it to another rep.
    Reassign,
    /// Move it to the nurture queue.
    Nurture,
    /// Tell the rep's manager.
    Escalate,
}

/// "A lead in `stage` whose `from` milestone is older than `within_seconds`
/// without reaching `until` gets `action`".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct SlaRule {
    /// The stage the rule applies to.
    pub stage: Stage,
    /// The milestone that starts the clock.
    pub from: Milestone,
    /// The milestone that must happen in time.
    pub until: Milestone,
    /// The allowed time, positive (86,400 = 24 h).
    pub within_seconds: i64,
    /// What to do on a breach.
    pub action: SlaAction,
}

impl SlaRule {
    /// Checks the allowed time is positive and the milestones differ.
    pub fn validate(&self) -> Result<(), Error> {
        if self.within_seconds <= 0 {
            return Err(Error::from(ErrorKind::NotPositive).at("within_seconds"));
        }
        if self.from == self.until {
            return Err(Error::from(ErrorKind::Invalid(
                "a rule's clock must start and stop on different milestones",
            ))
            .at("until"));
        }
        Ok(())
    }
}

/// The verdict for one lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum SlaOutcome {
    /// A rule is breached: `action` was due at `due_at` (≤ now).
    Due {
        /// Index of the breached rule.
        rule: usize,
        /// What to do.
        action: SlaAction,
        /// When the deadline passed.
        due_at: i64,
    },
    /// Nothing is due yet; the earliest running deadline.
    Pending {
        /// Index of the rule whose deadline comes first.
        rule: usize,
        /// What will be due then.
        action: SlaAction,
        /// The deadline.
        due_at: i64,
    },
    /// No rule's clock is running for this lead.
    Clear,
}

/// Evaluates `rules` for `lead` at time `now`.
///
/// A rule runs when it names the lead's stage, its `from` milestone has
/// happened and its `until` milestone has not (a milestone reached, even
/// late, stops the clock). Its deadline is `from + within_seconds`; it is
/// breached when `now ≥ deadline`. Of the breached rules the one with the
/// earliest deadline wins; if none is breached, the earliest running
/// deadline is reported as pending. Ties go to the lower rule index.
pub fn evaluate_lead_sla(
    lead: &LeadTimeline,
    rules: &[SlaRule],
    now: i64,
) -> Result<SlaOutcome, Error> {
    if rules.len() > MAX_SLA_RULES {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_SLA_RULES as u32,
        })
        .at("rules"));
    }
    let mut first: Option<(i64, usize, SlaAction)> = None;
    for (i, rule) in rules.iter().enumerate() {
        rule.validate().at_index("rules", i)?;
        if rule.stage != lead.stage || lead.at(rule.until).is_some() {
            continue;
        }
        let Some(start) = lead.at(rule.from) else {
            continue;
        };
        let deadline = start
            .checked_add(rule.within_seconds)
            .ok_or(ErrorKind::Overflow)
            .at("within_seconds")
            .map_err(|e| e.at_index("rules", i))?;
        if first.is_none_or(|(due, _, _)| deadline < due) {
            first = Some((deadline, i, rule.action));
        }
    }
    Ok(match first {
        None => SlaOutcome::Clear,
        Some((due_at, rule, action)) if due_at <= now => SlaOutcome::Due {
            rule,
            action,
            due_at,
        },
        Some((due_at, rule, action)) => SlaOutcome::Pending {
            rule,
            action,
            due_at,
        },
    })
}
