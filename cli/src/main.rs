//! `salesphysics`: the engines of `salesphysics-core` on plain files.
//!
//! Every subcommand reads plans, policies and models as JSON or TOML (the
//! core's serde shapes) and CRM exports as CSV, computes locally (or, with
//! `--server`, asks a running service the same question) and prints a
//! table, JSON or CSV. Exit codes: 0 ok, 2 usage, 65 bad input, 70
//! internal, 74 I/O (`docs/cli.md`).

mod chart;
mod command;
mod crm;
mod document;
mod fail;
mod org;
mod output;
mod progress;
mod remote;
mod sheet;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::fail::Failure;
use crate::output::Format;
use crate::remote::Remote;

/// Sales-organization arithmetic on plain files: tiering, funnel, capacity,
/// earnings and payout statements.
#[derive(Parser)]
#[command(name = "salesphysics", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where a command's result goes.
#[derive(Args)]
struct Out {
    /// `table` (aligned columns), `json` (the core's shapes) or `csv`.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file (atomically: temp file + rename) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Where a command's figures come from.
#[derive(Args)]
struct Server {
    /// Ask the service at this address (`http://127.0.0.1:50051`)
    /// instead of computing locally; the output is the same.
    #[arg(long = "server")]
    address: Option<String>,
}

impl Server {
    /// The service to ask, if any: one connection for the whole command.
    fn remote(self) -> Result<Option<Remote>, Failure> {
        self.address.map(Remote::new).transpose()
    }
}

#[derive(Subcommand)]
enum Command {
    /// Accounts CSV + tiering policy → tier, motion, roles, cost alignment.
    Tier {
        /// The tiering policy (JSON or TOML).
        #[arg(long)]
        policy: PathBuf,
        /// Accounts: id, first_year_value, currency, employees,
        /// decision_makers, technical_integration, security_review, region,
        /// vertical.
        #[arg(long)]
        accounts: PathBuf,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Revenue goal + funnel model → monthly volumes and the MRR bridge.
    Funnel {
        /// `{goal, model, bridge}` (JSON or TOML).
        #[arg(long)]
        plan: PathBuf,
        /// Also draw stage volumes and the MRR bridge as SVG.
        #[arg(long)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Capacity model → month-by-month hiring plan, PODs, cost, mismatches.
    Capacity {
        /// `{input, pods, handoffs, ratios, new_mrr, new_customers}` (JSON or TOML).
        #[arg(long)]
        model: PathBuf,
        /// Also draw headcount by role, ramped vs total, as SVG.
        #[arg(long)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Installed base + NRR target → mirrored commercial owner and CSM
    /// books, headcounts, and who owns the NRR number.
    Coverage {
        /// The coverage input (JSON or TOML).
        #[arg(long)]
        base: PathBuf,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Team on board + hiring plan → headcount, bookings, ARR, revenue,
    /// cost, net and payback per month.
    Forward {
        /// The forward plan input (JSON or TOML).
        #[arg(long)]
        plan: PathBuf,
        /// Ask for the NPV at this annual rate (`0.1` = 10 %), overriding
        /// the file's `annual_discount_rate`.
        #[arg(long)]
        discount_rate: Option<String>,
        /// Ask for the IRR of the monthly nets.
        #[arg(long)]
        irr: bool,
        /// Also draw ARR, revenue, cost, cumulative net and headcount as SVG.
        #[arg(long)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Lead-flow model → day-by-day queue, WIP, lead times, expiry,
    /// re-assignment and conversions.
    Flow {
        /// The flow model (JSON or TOML).
        #[arg(long)]
        model: PathBuf,
        /// One row per `day` or per `week`.
        #[arg(long, value_enum, default_value_t = command::flow::By::Day)]
        by: command::flow::By,
        /// Also draw lead time and WIP by week with the model's WIP cap and
        /// with free release, as SVG.
        #[arg(long)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Org + CRM export → credits and earnings per participant.
    Earnings {
        #[command(flatten)]
        deals: command::Deals,
        /// Count credits through this date (YYYY-MM-DD).
        #[arg(long)]
        through: String,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Org + CRM export → monthly payout statements, state carried over.
    Statement {
        #[command(flatten)]
        deals: command::Deals,
        #[command(flatten)]
        run: command::statement::Run,
        /// Also draw paid, held, released and clawed back per month as SVG.
        #[arg(long)]
        chart: Option<PathBuf>,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        out: Out,
    },
    /// Run the gRPC service (the `salesphysics-service` server).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:50051")]
        listen: String,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are successes; clap prints and picks 0 or 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("salesphysics: {failure}");
            ExitCode::from(failure.exit as u8)
        }
    }
}

/// Computes first, then writes: a failure leaves no output file behind.
fn run(command: Command) -> Result<(), Failure> {
    let (done, out) = match command {
        Command::Tier {
            policy,
            accounts,
            server,
            out,
        } => (
            command::tier::run(&policy, &accounts, server.remote()?.as_ref())?,
            out,
        ),
        Command::Funnel {
            plan,
            chart,
            server,
            out,
        } => (
            command::funnel::run(&plan, chart, server.remote()?.as_ref())?,
            out,
        ),
        Command::Capacity {
            model,
            chart,
            server,
            out,
        } => (
            command::capacity::run(&model, chart, server.remote()?.as_ref())?,
            out,
        ),
        Command::Coverage { base, server, out } => (
            command::coverage::run(&base, server.remote()?.as_ref())?,
            out,
        ),
        Command::Forward {
            plan,
            discount_rate,
            irr,
            chart,
            server,
            out,
        } => (
            command::forward::run(
                &plan,
                command::forward::Ask {
                    discount_rate,
                    irr,
                    chart,
                },
                server.remote()?.as_ref(),
            )?,
            out,
        ),
        Command::Flow {
            model,
            by,
            chart,
            server,
            out,
        } => (
            command::flow::run(&model, by, chart, server.remote()?.as_ref())?,
            out,
        ),
        Command::Earnings {
            deals,
            through,
            server,
            out,
        } => (
            command::earnings::run(&deals, &through, server.remote()?.as_ref())?,
            out,
        ),
        Command::Statement {
            deals,
            run,
            chart,
            server,
            out,
        } => (
            command::statement::run(&deals, &run, chart, server.remote()?.as_ref())?,
            out,
        ),
        Command::Serve { listen } => return remote::serve(&listen),
    };
    let bytes = done.report.render(out.format)?;
    for (path, content) in &done.files {
        output::write_atomically(path, content)?;
    }
    match &out.out {
        Some(path) => output::write_atomically(path, &bytes),
        None => output::print(&bytes),
    }
}
