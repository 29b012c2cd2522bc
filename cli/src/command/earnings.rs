//! `earnings`: every participant's credits and earnings through a date.

use salesphysics_core::compensation::{compute_earnings_owned, OwnedEarnings};
use salesphysics_core::Date;
use serde::Serialize;

use super::{text, Deals, Done};
use crate::fail::{core_error, Failure};
use crate::output::{name, Report};
use crate::remote::{self, Remote};

/// One participant's run (the `--format json` items).
#[derive(Serialize)]
struct Earned {
    participant_id: u64,
    name: String,
    credit_lines: usize,
    earnings: OwnedEarnings,
}

/// Rates every participant's credits under their plan through `through`
/// (here or on `server`).
pub fn run(deals: &Deals, through: &str, server: Option<&Remote>) -> Result<Done, Failure> {
    let through: Date = through.parse().map_err(|_| {
        Failure::usage(format!(
            "--through: \"{through}\" is not a date (YYYY-MM-DD)"
        ))
    })?;
    let (org, credits) = deals.credits(server)?;
    let mut all = Vec::new();
    for (i, p) in org.participants.iter().enumerate() {
        let plan = org
            .plan_of(p)
            .ok_or_else(|| Failure::internal("participant without a plan"))?;
        let own = credits.get(&p.id).map_or(&[][..], Vec::as_slice);
        let counted = own.iter().filter(|c| c.source.date <= through).count();
        let earnings = match server {
            Some(service) => remote::earnings(service, plan, p.id, own, through)?,
            None => compute_earnings_owned(plan, p.id, own, &[], through)
                .map_err(|e| core_error(&format!("participants[{i}] ({})", p.name), &e))?,
        };
        all.push(Earned {
            participant_id: p.id,
            name: p.name.clone(),
            credit_lines: counted,
            earnings,
        });
    }
    let mut rows = Vec::new();
    for (e, p) in all.iter().zip(&org.participants) {
        let plan = org.plan_of(p);
        rows.push(vec![
            e.participant_id.to_string(),
            e.name.clone(),
            plan.and_then(|plan| plan.role)
                .as_ref()
                .map(name)
                .unwrap_or_default(),
            p.plan.to_string(),
            e.credit_lines.to_string(),
            e.earnings.lines.len().to_string(),
            text(e.earnings.summary.total),
        ]);
    }
    Ok(Done {
        report: Report::new(
            [
                "participant",
                "name",
                "role",
                "plan",
                "credit_lines",
                "earning_lines",
                "total",
            ],
            rows,
            all,
        ),
        files: Vec::new(),
    })
}
