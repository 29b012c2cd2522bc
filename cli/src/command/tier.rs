//! `tier`: which tier, motion and roles each account gets, and whether the
//! motion's cost is aligned with the account's first-year value.

use std::path::Path;

use salesphysics_core::tiering::{Account, OwnedTieringPolicy};
use salesphysics_core::Money;

use super::{text, Done};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::{name, Report};
use crate::remote::{self, Remote};
use crate::sheet::Sheet;

const COLUMNS: [&str; 9] = [
    "id",
    "first_year_value",
    "currency",
    "employees",
    "decision_makers",
    "technical_integration",
    "security_review",
    "region",
    "vertical",
];

/// Classifies every account of the CSV under the policy (here or on
/// `server`).
pub fn run(policy: &Path, accounts: &Path, server: Option<&Remote>) -> Result<Done, Failure> {
    let policy: OwnedTieringPolicy = document::read(policy)?;
    let accounts = read_accounts(accounts)?;
    let batch = match server {
        Some(service) => remote::tier(service, &policy, &accounts)?,
        None => policy
            .classify(&accounts)
            .map_err(|e| core_error("tiering", &e))?,
    };
    let mut rows = Vec::new();
    for ((account, outcome), alignment) in
        accounts.iter().zip(&batch.outcomes).zip(&batch.alignments)
    {
        let mut row = vec![account.id.to_string()];
        match outcome.classification() {
            Some(c) => row.extend([
                policy
                    .tiers
                    .get(usize::from(c.tier))
                    .map_or_else(|| c.tier.to_string(), |t| t.name.clone()),
                name(&c.motion),
                initials(&c.roles),
                c.matched_rule.to_string(),
                c.reasons
                    .iter()
                    .map(|r| name(&r.criterion))
                    .collect::<Vec<_>>()
                    .join("+"),
            ]),
            None => row.extend([
                "(unmatched)".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]),
        }
        row.push(text(account.first_year_value));
        match alignment {
            Some(a) => row.extend([
                a.cost_ratio.map(text).unwrap_or_default(),
                if a.misaligned { "yes" } else { "no" }.to_owned(),
                a.cheaper_motion.as_ref().map(name).unwrap_or_default(),
            ]),
            None => row.extend([String::new(), String::new(), String::new()]),
        }
        rows.push(row);
    }
    Ok(Done {
        report: Report::new(
            [
                "account",
                "tier",
                "motion",
                "roles",
                "rule",
                "reasons",
                "first_year_value",
                "cost_ratio",
                "misaligned",
                "cheaper_motion",
            ],
            rows,
            batch,
        ),
        files: Vec::new(),
    })
}

/// The accounts CSV in the core's type.
pub fn read_accounts(path: &Path) -> Result<Vec<Account>, Failure> {
    let mut sheet = Sheet::open(path)?;
    sheet.require(&COLUMNS)?;
    let mut accounts = Vec::new();
    sheet.rows(|row| {
        accounts.push(Account {
            id: row.whole("id")?,
            first_year_value: Money::new(
                row.decimal("first_year_value")?,
                row.currency("currency")?,
            ),
            employees: row.whole("employees")?,
            decision_makers: row.whole("decision_makers")?,
            technical_integration: row.flag("technical_integration")?,
            security_review: row.flag("security_review")?,
            region: row.whole("region")?,
            vertical: row.whole("vertical")?,
        });
        Ok(())
    })?;
    Ok(accounts)
}

/// Roles as their initials (`MDR SDR AE CSM`): the names in full are in
/// `--format json`.
fn initials(roles: &salesphysics_core::RoleSet) -> String {
    roles
        .iter()
        .map(|role| {
            role.name()
                .split('_')
                .filter_map(|word| word.chars().next())
                .collect::<String>()
                .to_uppercase()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
