//! `statement`: each participant's monthly payout statement, month after
//! month, the payout state carried from one to the next in a state file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use salesphysics_core::compensation::CreditLine;
use salesphysics_core::payout::{Growable, OwnedStatementRequest, PayoutEvent, PayoutState};
use salesphysics_core::{Decimal, Money, Period};
use serde::Serialize;
use serde_json::value::RawValue;

use super::{text, Deals, Done};
use crate::chart::{self, Panel, Series};
use crate::crm;
use crate::fail::{core_error, Failure};
use crate::org::Org;
use crate::output::Report;
use crate::progress::Progress;
use crate::remote::{self, Remote};

/// Which months, and where the state lives between runs.
#[derive(Args)]
pub struct Run {
    /// The first statement month, `YYYY-MM`.
    #[arg(long)]
    month: String,
    /// How many consecutive months to run.
    #[arg(long, default_value_t = 1)]
    months: u32,
    /// The payout state file: read if it exists (else everyone starts
    /// fresh), replaced by the state after the last month.
    #[arg(long)]
    state: PathBuf,
    /// Deal events (`deal_id,event,date,level`): go-lives, first payments,
    /// churn; they release holds and trigger clawbacks.
    #[arg(long)]
    events: Option<PathBuf>,
}

/// One statement in the `--format json` output (the state goes to the
/// state file, not here).
#[derive(Serialize)]
struct Issued {
    name: String,
    statement: salesphysics_core::payout::Statement,
    lines: Vec<salesphysics_core::payout::PayoutLine>,
    earnings: Vec<salesphysics_core::compensation::EarningsLine>,
}

/// Runs the months in order for every participant (here or on `server`,
/// the state carried through the same state file either way).
pub fn run(
    deals: &Deals,
    run: &Run,
    chart: Option<PathBuf>,
    server: Option<&Remote>,
) -> Result<Done, Failure> {
    let (mut year, mut number) = parse_month(&run.month)?;
    let (org, credits) = deals.credits(server)?;
    let events = match &run.events {
        Some(path) => crm::events(path)?,
        None => Vec::new(),
    };
    let mut states = read_states(&run.state)?;
    let months = usize::try_from(run.months).unwrap_or(usize::MAX);
    let progress = Progress::steps(u64::from(run.months), "statements");
    let mut issued = Vec::new();
    for month in 0..months {
        let period = Period::month(year, number)
            .map_err(|e| Failure::usage(format!("--month/--months: {e}")))?;
        for (i, p) in org.participants.iter().enumerate() {
            let origin = format!("{} ({}) {}", p.name, p.id, period.first());
            let request = request(&org, i, &credits, &events, period, states.get(&p.id))?;
            let done = match server {
                Some(service) => remote::statement(service, &request)?,
                None => request
                    .compute()
                    .map_err(|e| core_error(&format!("statement of {origin}"), &e))?,
            };
            states.insert(p.id, encode(&done.state)?);
            issued.push(Issued {
                name: p.name.clone(),
                statement: done.statement,
                lines: done.lines,
                earnings: done.earnings,
            });
        }
        progress.set(u64::try_from(month).unwrap_or(0).saturating_add(1));
        (year, number) = if number == 12 {
            (year.saturating_add(1), 1)
        } else {
            (year, number.saturating_add(1))
        };
    }
    progress.finish();

    let rows = issued
        .iter()
        .map(|s| {
            let t = &s.statement.totals;
            vec![
                s.statement.period.first().to_string(),
                s.statement.participant_id.to_string(),
                s.name.clone(),
                text(t.earned),
                text(t.held),
                text(t.released),
                text(t.clawed_back),
                text(t.paid),
                text(s.statement.net),
            ]
        })
        .collect();
    let mut files = vec![(run.state.clone(), write_states(&states)?)];
    if let Some(path) = chart {
        files.push((path, draw(&issued, months)?));
    }
    Ok(Done {
        report: Report::new(
            [
                "month",
                "participant",
                "name",
                "earned",
                "held",
                "released",
                "clawed_back",
                "paid",
                "net",
            ],
            rows,
            issued,
        ),
        files,
    })
}

/// Participant `i`'s request for `period`: their plan-year credits to date,
/// the period's events on their deals, and their stored state.
pub fn request(
    org: &Org,
    i: usize,
    credits: &BTreeMap<u64, Vec<CreditLine>>,
    events: &[PayoutEvent],
    period: Period,
    state: Option<&String>,
) -> Result<OwnedStatementRequest, Failure> {
    let p = org
        .participants
        .get(i)
        .ok_or_else(|| Failure::internal("participant index"))?;
    let plan = org
        .plan_of(p)
        .ok_or_else(|| Failure::internal("participant without a plan"))?;
    let policy = org
        .policies
        .get(&p.policy)
        .ok_or_else(|| Failure::internal("participant without a policy"))?;
    let own: Vec<CreditLine> = credits
        .get(&p.id)
        .map(|lines| {
            lines
                .iter()
                .filter(|c| {
                    c.source.date >= plan.effective.first() && c.source.date <= period.last()
                })
                .copied()
                .collect()
        })
        .unwrap_or_default();
    let deal_events = events
        .iter()
        .filter(|e| {
            period.contains(e.date)
                && own
                    .iter()
                    .any(|c| c.source.transaction_id == e.transaction_id)
        })
        .copied()
        .collect();
    let state = match state {
        Some(json) => serde_json::from_str(json)
            .map_err(|e| Failure::input(format!("state of participant {}: {e}", p.id)))?,
        None => PayoutState::<Growable>::empty(p.id, plan.currency),
    };
    Ok(OwnedStatementRequest {
        participant_id: p.id,
        period,
        plan: plan.clone(),
        policy: policy.clone(),
        relief: None,
        credits: own,
        events: deal_events,
        fx: Vec::new(),
        fx_date: period.last(),
        state,
    })
}

/// The state file: a JSON list of states, kept as text per participant so
/// ten thousand states cost their JSON, not their in-memory capacity.
fn read_states(path: &Path) -> Result<BTreeMap<u64, String>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(Failure::io(path, &e)),
    };
    #[derive(serde::Deserialize)]
    struct Id {
        participant_id: u64,
    }
    let raw: Vec<Box<RawValue>> = serde_json::from_str(&text)
        .map_err(|e| Failure::input(format!("{}:{}: {e}", path.display(), e.line())))?;
    raw.into_iter()
        .enumerate()
        .map(|(i, state)| {
            let id: Id = serde_json::from_str(state.get()).map_err(|e| {
                Failure::input(format!("{}: [{i}].participant_id: {e}", path.display()))
            })?;
            Ok((id.participant_id, state.get().to_owned()))
        })
        .collect()
}

fn write_states(states: &BTreeMap<u64, String>) -> Result<Vec<u8>, Failure> {
    let mut out = String::from("[\n");
    for (i, state) in states.values().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(state);
    }
    out.push_str("\n]\n");
    Ok(out.into_bytes())
}

fn encode(state: &PayoutState<Growable>) -> Result<String, Failure> {
    serde_json::to_string(state)
        .map_err(|e| Failure::internal(format!("cannot encode a state: {e}")))
}

/// `2026-01` → (2026, 1).
fn parse_month(month: &str) -> Result<(i32, u32), Failure> {
    let bad = || Failure::usage(format!("--month: \"{month}\" is not a month (YYYY-MM)"));
    let (year, number) = month.split_once('-').ok_or_else(bad)?;
    let (year, number) = (
        year.parse().map_err(|_| bad())?,
        number.parse().map_err(|_| bad())?,
    );
    Period::month(year, number).map_err(|_| bad())?;
    Ok((year, number))
}

/// Paid, held, released and clawed back per month, over everyone.
fn draw(issued: &[Issued], months: usize) -> Result<Vec<u8>, Failure> {
    let per_month = issued.len().checked_div(months).unwrap_or(0).max(1);
    let column = |label: &str, pick: fn(&Issued) -> Money| -> Result<Series, Failure> {
        let values = issued
            .chunks(per_month)
            .map(|month| {
                month
                    .iter()
                    .try_fold(Decimal::ZERO, |sum, s| {
                        sum.checked_add(pick(s).amount().abs())
                    })
                    .map_err(|e| Failure::internal(format!("chart: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Series {
            label: label.to_owned(),
            values,
        })
    };
    chart::svg(
        "Payouts per month",
        &[Panel {
            title: "Paid, held, released and clawed back per month (all participants)".into(),
            x_label: "statement month",
            stacked: false,
            series: vec![
                column("paid", |s| s.statement.totals.paid)?,
                column("held", |s| s.statement.totals.held)?,
                column("released", |s| s.statement.totals.released)?,
                column("clawed back", |s| s.statement.totals.clawed_back)?,
            ],
        }],
    )
}
