//! The compensation side of an organization: plans, payout policies and
//! who is on which (`examples/org/comp.toml`).

use std::collections::BTreeMap;
use std::path::Path;
#[cfg(test)]
use std::path::PathBuf;

use salesphysics_core::compensation::{Plan, ReportingLine};
use salesphysics_core::payout::PayoutPolicy;
use serde::Deserialize;

use crate::document;
use crate::fail::Failure;

/// Plans, policies and participants.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    /// Every compensation plan, by its `id`.
    pub plans: Vec<Plan>,
    /// Payout policies by name (holdbacks, clawbacks, draws).
    pub policies: BTreeMap<String, PayoutPolicy>,
    /// Everyone paid, in statement order.
    pub participants: Vec<Participant>,
}

/// One person on a plan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// The id the CRM export's owner and split columns use.
    pub id: u64,
    /// For tables.
    pub name: String,
    /// The `id` of their plan.
    pub plan: u32,
    /// The name of their payout policy.
    pub policy: String,
    /// Whom they report to, for manager rollup credit.
    #[serde(default)]
    pub manager: Option<u64>,
}

impl Org {
    /// Reads and cross-checks `path`: every plan and policy named exists.
    pub fn load(path: &Path) -> Result<Org, Failure> {
        let org: Org = document::read(path)?;
        for (i, p) in org.participants.iter().enumerate() {
            if org.plan_of(p).is_none() {
                return Err(Failure::input(format!(
                    "{}: participants[{i}].plan: no plan with id {}",
                    path.display(),
                    p.plan
                )));
            }
            if !org.policies.contains_key(&p.policy) {
                return Err(Failure::input(format!(
                    "{}: participants[{i}].policy: no policy named \"{}\"",
                    path.display(),
                    p.policy
                )));
            }
        }
        Ok(org)
    }

    /// The participant's plan.
    pub fn plan_of(&self, participant: &Participant) -> Option<&Plan> {
        self.plans.iter().find(|plan| plan.id == participant.plan)
    }

    /// The reporting lines: each participant under their manager for
    /// their plan's effective period.
    pub fn hierarchy(&self) -> Vec<ReportingLine> {
        self.participants
            .iter()
            .filter_map(|p| {
                Some(ReportingLine {
                    participant_id: p.id,
                    manager_id: p.manager?,
                    effective: self.plan_of(p)?.effective,
                })
            })
            .collect()
    }
}

/// A file of the example organization (`examples/org/`), for tests.
#[cfg(test)]
pub(crate) fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/org")
        .join(name)
}
