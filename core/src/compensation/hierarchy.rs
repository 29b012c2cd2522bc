//! Who reports to whom, and when: manager and POD rollups follow the
//! reporting line in force on the credit date, so a reorganisation never
//! rewrites credit already earned.

use crate::limits::MAX_REPORTING_LINES;
use crate::{Date, Error, ErrorKind, Period};

/// `participant_id` reports to `manager_id` during `effective`.
///
/// A POD pool is a manager like any other: its members report to the POD's
/// id and the pool receives their rolled-up credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ReportingLine {
    /// The report.
    pub participant_id: u64,
    /// The manager or POD pool credit rolls up to.
    pub manager_id: u64,
    /// The days the line is in force, both ends included.
    pub effective: Period,
}

/// Checks that nobody reports to themselves and nobody has two managers on
/// the same day.
pub fn validate_hierarchy(lines: &[ReportingLine]) -> Result<(), Error> {
    if lines.len() > MAX_REPORTING_LINES {
        return Err(Error::from(ErrorKind::TooMany {
            max: MAX_REPORTING_LINES as u32,
        })
        .at("hierarchy"));
    }
    for (i, line) in lines.iter().enumerate() {
        if line.participant_id == line.manager_id {
            return Err(
                Error::from(ErrorKind::Invalid("a participant reports to itself"))
                    .at("manager_id")
                    .at_index("hierarchy", i),
            );
        }
        let earlier = lines.get(..i).unwrap_or_default();
        let overlaps = earlier.iter().any(|other| {
            other.participant_id == line.participant_id
                && other.effective.intersect(line.effective).is_some()
        });
        if overlaps {
            return Err(Error::from(ErrorKind::Invalid(
                "two reporting lines of one participant overlap",
            ))
            .at("effective")
            .at_index("hierarchy", i));
        }
    }
    Ok(())
}

/// The manager `participant_id` reports to on `date`, if any (the first
/// line in force; validation guarantees there is at most one).
pub fn manager_on(lines: &[ReportingLine], participant_id: u64, date: Date) -> Option<u64> {
    lines
        .iter()
        .find(|line| line.participant_id == participant_id && line.effective.contains(date))
        .map(|line| line.manager_id)
}
