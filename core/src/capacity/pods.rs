//! PODs (Blueprints §9): multi-functional teams serving one segment. A POD
//! design says how many FTE of each role one POD holds; the PODs a segment
//! needs is the largest role need divided by that role's seats.

use crate::capacity::plan::PlanCell;
use crate::capacity::throughput::headcount;
use crate::capacity::workload::WorkloadLayout;
use crate::limits::{MAX_ROLES, MAX_SEGMENTS};

use crate::error::{Error, ErrorKind, ResultExt};
use crate::{Decimal, RoundingMode, SCALE};

/// The POD configurations of Blueprints §9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum PodKind {
    /// High-awareness markets with many inbound leads: MDRs, AEs, CSMs.
    Inbound,
    /// New markets or competitors' customers: SDRs prospecting for AEs.
    Outbound,
    /// Large accounts: field AEs with SEs, SDRs and CSMs.
    Enterprise,
    /// One SDR dedicated to one AE (sometimes with a CSM).
    OneToOne,
}

/// The FTE of one role in one POD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PodSeat {
    /// Index of the role in the plan.
    pub role: usize,
    /// FTE of that role per POD, positive (`0.5` = shared by two PODs).
    pub fte: Decimal,
}

/// One POD composition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PodDesign<'a> {
    /// Which configuration this is.
    pub kind: PodKind,
    /// The seats; each role at most once.
    pub seats: &'a [PodSeat],
}

impl PodDesign<'_> {
    /// Checks the seats against a plan with `roles` roles.
    pub fn validate(&self, roles: usize) -> Result<(), Error> {
        if self.seats.is_empty() {
            return Err(Error::from(ErrorKind::Empty).at("seats"));
        }
        if self.seats.len() > MAX_ROLES {
            return Err(Error::from(ErrorKind::TooMany {
                max: MAX_ROLES as u32,
            })
            .at("seats"));
        }
        for (i, seat) in self.seats.iter().enumerate() {
            if seat.role >= roles {
                return Err(Error::from(ErrorKind::OutOfRange)
                    .at("role")
                    .at_index("seats", i));
            }
            if self.seats.iter().take(i).any(|s| s.role == seat.role) {
                return Err(
                    Error::from(ErrorKind::Invalid("role seated twice")).at_index("seats", i)
                );
            }
            if !seat.fte.is_positive() {
                return Err(Error::from(ErrorKind::NotPositive)
                    .at("fte")
                    .at_index("seats", i));
            }
        }
        Ok(())
    }
}

/// The PODs one segment needs in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct PodCount {
    /// `max over seats of need_fte ÷ seat fte`, rounded up at the 9th place.
    pub fractional: Decimal,
    /// Whole PODs: the ceiling of `fractional`.
    pub pods: u32,
    /// The role whose need sets the count; ties go to the earliest seat.
    pub binding_role: usize,
}

/// PODs of `design` needed to cover `need_fte` (one entry per role).
pub fn pods_needed(design: &PodDesign<'_>, need_fte: &[Decimal]) -> Result<PodCount, Error> {
    design.validate(need_fte.len()).at("design")?;
    let mut best = PodCount {
        fractional: Decimal::ZERO,
        pods: 0,
        binding_role: design.seats.first().map_or(0, |s| s.role),
    };
    for (i, seat) in design.seats.iter().enumerate() {
        let need = need_fte
            .get(seat.role)
            .copied()
            .unwrap_or_default()
            .max(Decimal::ZERO);
        let pods = need
            .div_round(seat.fte, SCALE, RoundingMode::Ceiling)
            .at_index("seats", i)?;
        if pods > best.fractional {
            best.fractional = pods;
            best.binding_role = seat.role;
        }
    }
    best.pods = headcount(best.fractional).at("pods")?;
    Ok(best)
}

/// PODs per segment in `month` of a plan: segment `s` uses `designs[s]`.
pub fn pods_for_month(
    designs: &[PodDesign<'_>],
    layout: &WorkloadLayout,
    plan: &[PlanCell],
    month: usize,
) -> Result<heapless::Vec<PodCount, MAX_SEGMENTS>, Error> {
    if designs.len() != layout.segments {
        return Err(Error::from(ErrorKind::Invalid("one POD design per segment")).at("designs"));
    }
    let mut needs = [Decimal::ZERO; MAX_ROLES];
    let mut counts = heapless::Vec::new();
    for (s, design) in designs.iter().enumerate() {
        for (r, slot) in needs.iter_mut().enumerate().take(layout.roles) {
            let at = layout
                .index(month, s, r)
                .ok_or(ErrorKind::OutOfRange)
                .at("month")?;
            *slot = plan
                .get(at)
                .ok_or(ErrorKind::BufferTooSmall {
                    needed: u32::try_from(layout.len()).unwrap_or(u32::MAX),
                })
                .at("plan")?
                .need_fte;
        }
        let roles = needs
            .get(..layout.roles)
            .ok_or(ErrorKind::OutOfRange)
            .at("layout")?;
        let count = pods_needed(design, roles).at_index("designs", s)?;
        counts
            .push(count)
            .map_err(|_| ErrorKind::TooMany {
                max: MAX_SEGMENTS as u32,
            })
            .at("designs")?;
    }
    Ok(counts)
}
