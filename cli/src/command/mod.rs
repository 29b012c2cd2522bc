//! One module per subcommand: read the files, call the core's owned entry
//! point, lay the result out as a [`Report`].

pub mod capacity;
pub mod coverage;
pub mod earnings;
pub mod flow;
pub mod forward;
pub mod funnel;
pub mod statement;
pub mod tier;

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;
use salesphysics_core::compensation::{credit_transactions_owned, CreditLine};

use crate::crm::{self, Columns};
use crate::fail::{core_error, Failure};
use crate::org::Org;
use crate::output::Report;
use crate::remote::{self, Remote};

/// A command's result and the extra files (charts, state) it writes.
pub struct Done {
    /// What `--format` prints.
    pub report: Report,
    /// Files to write atomically once everything has been computed.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// The inputs of `earnings` and `statement`.
#[derive(Args)]
pub struct Deals {
    /// Plans, payout policies and participants (JSON or TOML).
    #[arg(long)]
    pub org: PathBuf,
    /// The CRM opportunity export (CSV).
    #[arg(long)]
    pub deals: PathBuf,
    /// Header map for the export (TOML or JSON), e.g. `salesforce.toml`.
    #[arg(long)]
    pub columns: Option<PathBuf>,
}

impl Deals {
    /// The org and each participant's credit lines, in date order,
    /// credited here or by the service at `server`.
    pub fn credits(
        &self,
        server: Option<&Remote>,
    ) -> Result<(Org, BTreeMap<u64, Vec<CreditLine>>), Failure> {
        let org = Org::load(&self.org)?;
        let columns = Columns::load(self.columns.as_deref())?;
        let transactions = crm::deals(&self.deals, &columns)?;
        let hierarchy = org.hierarchy();
        let credits = match server {
            Some(service) => remote::credit(service, &transactions, &hierarchy)?,
            None => credit_transactions_owned(&transactions, &hierarchy)
                .map_err(|e| core_error(&self.deals.display().to_string(), &e))?,
        };
        let mut by_participant: BTreeMap<u64, Vec<CreditLine>> = BTreeMap::new();
        for line in credits {
            by_participant
                .entry(line.participant_id)
                .or_default()
                .push(line);
        }
        // The engines read credits in date order; the export's order is the
        // CRM's. The sort is stable: same-day deals keep the export's order.
        for lines in by_participant.values_mut() {
            lines.sort_by_key(|c| c.source.date);
        }
        Ok((org, by_participant))
    }
}

/// A decimal or money amount as the core prints it.
fn text(value: impl core::fmt::Display) -> String {
    value.to_string()
}
