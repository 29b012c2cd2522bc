//! `coverage`: the mirrored commercial owner + CSM coverage of the
//! installed base and who owns the NRR number (the core's
//! `capacity::plan_coverage`, the NRR essay seed), computed locally or by a
//! running service.

use std::path::Path;

use salesphysics_core::capacity::{plan_coverage, CoverageInput};

use super::{text, Done};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::{name, Report};
use crate::remote::{self, Remote};

/// Plans the coverage of `path` (a [`CoverageInput`], JSON or TOML; here
/// or on `server`): one row per figure, since the plan is one record.
pub fn run(path: &Path, server: Option<&Remote>) -> Result<Done, Failure> {
    let input: CoverageInput = document::read(path)?;
    let plan = match server {
        Some(service) => remote::coverage(service, &input)?,
        None => plan_coverage(&input).map_err(|e| core_error(&path.display().to_string(), &e))?,
    };
    let rows = [
        ("books", text(plan.books)),
        ("commercial_owner", name(&input.commercial_owner)),
        (
            "commercial_headcount",
            plan.commercial_headcount.to_string(),
        ),
        ("csm_headcount", plan.csm_headcount.to_string()),
        ("binding", name(&plan.binding)),
        ("accounts_per_book", text(plan.accounts_per_book)),
        ("mrr_per_book", text(plan.mrr_per_book)),
        ("nrr_owners", name(&plan.nrr_owners)),
        ("target_ending_mrr", text(plan.target_ending_mrr)),
        ("expansion_mrr_to_sell", text(plan.expansion_mrr_to_sell)),
        ("expansion_mrr_per_book", text(plan.expansion_mrr_per_book)),
    ]
    .into_iter()
    .map(|(figure, value)| vec![figure.to_owned(), value])
    .collect();
    Ok(Done {
        report: Report::new(["figure", "value"], rows, plan),
        files: Vec::new(),
    })
}
