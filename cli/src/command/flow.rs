//! `flow`: the day-by-day lead-flow simulation (the core's `flow`): leads
//! arriving, released to reps freely or under a WIP cap, worked, expired,
//! re-assigned and converted; per day or per week. Computed locally or by
//! a running service.

use std::path::{Path, PathBuf};

use salesphysics_core::flow::{FlowPeriod, OwnedFlowInput, OwnedFlowRun, Release};
use salesphysics_core::Decimal;

use super::{text, Done};
use crate::chart::{self, Panel, Series};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::Report;
use crate::remote::{self, Remote};

/// `--by`: the rows of the table and CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// One row a day.
    Day,
    /// One row a week (the last may be shorter).
    Week,
}

/// Simulates `path` (an [`OwnedFlowInput`], JSON or TOML; here or on
/// `server`) and lays it out.
pub fn run(
    path: &Path,
    by: By,
    chart: Option<PathBuf>,
    server: Option<&Remote>,
) -> Result<Done, Failure> {
    let input: OwnedFlowInput = document::read(path)?;
    let origin = path.display().to_string();
    let flow = simulate(&origin, &input, server)?;
    let files = match chart {
        Some(chart) => vec![(chart, draw(&origin, &input, &flow, server)?)],
        None => Vec::new(),
    };
    let (unit, periods) = match by {
        By::Day => ("day", &flow.days),
        By::Week => ("week", &flow.weeks),
    };
    let rows = periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut row = vec![i.saturating_add(1).to_string()];
            row.extend(cells(p));
            row
        })
        .collect();
    let notes = summary(&input, &flow);
    let mut headers = vec![unit];
    headers.extend(HEADERS);
    let report = Report::new(headers, rows, flow).with_notes(notes);
    Ok(Done { report, files })
}

/// One run of `input`, here or on `server`.
fn simulate(
    origin: &str,
    input: &OwnedFlowInput,
    server: Option<&Remote>,
) -> Result<OwnedFlowRun, Failure> {
    match server {
        Some(service) => remote::flow(service, input),
        None => input.run().map_err(|e| core_error(origin, &e)),
    }
}

/// The columns after the period number.
const HEADERS: [&str; 15] = [
    "arrivals",
    "released",
    "worked",
    "converted",
    "expired",
    "reassigned",
    "escalated",
    "queue",
    "wip",
    "wip_per_rep",
    "max_wip_per_rep",
    "lead_p50",
    "lead_p90",
    "lead_p99",
    "lead_max",
];

/// A period's figures; a lead-time percentile is empty when nothing was
/// worked.
fn cells(p: &FlowPeriod) -> Vec<String> {
    let days = |v: Option<u32>| v.map_or_else(String::new, |d| d.to_string());
    vec![
        p.arrivals.to_string(),
        p.released.to_string(),
        p.worked.to_string(),
        p.converted.to_string(),
        p.expired.to_string(),
        p.reassigned.to_string(),
        p.escalated.to_string(),
        p.queue.to_string(),
        p.wip.to_string(),
        text(p.wip_per_rep),
        p.max_wip_per_rep.to_string(),
        days(p.lead_time.p50),
        days(p.lead_time.p90),
        days(p.lead_time.p99),
        days(p.lead_time.max),
    ]
}

/// The run's totals and peaks, under the table.
fn summary(input: &OwnedFlowInput, flow: &OwnedFlowRun) -> Vec<String> {
    let s = &flow.summary;
    let t = &s.total;
    let days = |v: Option<u32>| v.map_or_else(|| "-".to_owned(), |d| d.to_string());
    vec![
        format!(
            "{} days, {} reps working {} a day, release: {}",
            input.arrivals.len(),
            input.reps,
            input.work_per_rep_per_day,
            release(input.release)
        ),
        format!(
            "total: {} arrived, {} worked, {} converted, {} expired, {} reassigned, {} escalated",
            t.arrivals, t.worked, t.converted, t.expired, t.reassigned, t.escalated
        ),
        format!(
            "lead time (days): p50 {}, p90 {}, p99 {}, max {}",
            days(t.lead_time.p50),
            days(t.lead_time.p90),
            days(t.lead_time.p99),
            days(t.lead_time.max)
        ),
        format!(
            "peak queue {}, peak WIP per rep {}; at the end: queue {}, WIP {}",
            s.peak_queue, s.peak_wip_per_rep, t.queue, t.wip
        ),
    ]
}

fn release(release: Release) -> String {
    match release {
        Release::Free => "free (no WIP cap)".to_owned(),
        Release::Capped { wip_per_rep } => format!("WIP cap {wip_per_rep} per rep"),
    }
}

/// Lead time and WIP by week, with the model's WIP cap and with the same
/// scenario released freely: the seed's "inflating WIP means inflating
/// lead-times" as a picture. The free run goes where the capped one went.
fn draw(
    origin: &str,
    input: &OwnedFlowInput,
    capped: &OwnedFlowRun,
    server: Option<&Remote>,
) -> Result<Vec<u8>, Failure> {
    let Release::Capped { wip_per_rep } = input.release else {
        return Err(Failure::usage(format!(
            "{origin}: --chart compares the model's WIP cap with free release, but the model \
             releases freely; give it release = {{ capped = {{ wip_per_rep = N }} }}"
        )));
    };
    let free = simulate(
        origin,
        &OwnedFlowInput {
            release: Release::Free,
            ..input.clone()
        },
        server,
    )?;
    let with_cap = format!("WIP cap {wip_per_rep} per rep");
    let no_cap = "no WIP cap".to_owned();
    // A week in which nothing was worked has no lead time: drawn at 0.
    let weekly = |run: &OwnedFlowRun, pick: fn(&FlowPeriod) -> Decimal| -> Vec<Decimal> {
        run.weeks.iter().map(pick).collect()
    };
    let panel = |title: &str, pick: fn(&FlowPeriod) -> Decimal| Panel {
        title: title.to_owned(),
        x_label: "week (from the first)",
        stacked: false,
        series: vec![
            Series {
                label: with_cap.clone(),
                values: weekly(capped, pick),
            },
            Series {
                label: no_cap.clone(),
                values: weekly(&free, pick),
            },
        ],
    };
    chart::svg(
        "Flow: lead time with and without a WIP cap",
        &[
            panel("Lead time p90 (days) of the leads worked each week", |p| {
                Decimal::from_int(i64::from(p.lead_time.p90.unwrap_or(0)))
            }),
            panel("Lead time p50 (days) of the leads worked each week", |p| {
                Decimal::from_int(i64::from(p.lead_time.p50.unwrap_or(0)))
            }),
            panel("WIP per rep at the end of each week", |p| p.wip_per_rep),
        ],
    )
}
