//! `forward`: from the people on board and a hiring plan to what the
//! organization books, bills and spends month by month, and when it pays
//! back (the core's forward plan, `capacity::forward`), computed locally or
//! by a running service.

use std::path::{Path, PathBuf};

use salesphysics_core::capacity::forward::{ForwardMonth, OwnedForwardInput, OwnedForwardPlan};
use salesphysics_core::{Decimal, Money};

use super::{text, Done};
use crate::chart::{self, Panel, Series};
use crate::document;
use crate::fail::{core_error, Failure};
use crate::output::Report;
use crate::remote::{self, Remote};

/// What the command line adds to the plan file.
pub struct Ask {
    /// Overrides the file's `annual_discount_rate` (asks for the NPV).
    pub discount_rate: Option<String>,
    /// Asks for the IRR whatever the file says.
    pub irr: bool,
    /// Also draw the plan as SVG.
    pub chart: Option<PathBuf>,
}

/// Plans `path` (an [`OwnedForwardInput`], JSON or TOML; here or on
/// `server`) and lays it out.
pub fn run(path: &Path, ask: Ask, server: Option<&Remote>) -> Result<Done, Failure> {
    let mut input: OwnedForwardInput = document::read(path)?;
    if let Some(rate) = &ask.discount_rate {
        let parsed = rate.parse::<Decimal>().map_err(|_| {
            Failure::usage(format!(
                "--discount-rate: {rate:?} is not a decimal (0.1 = 10 % a year)"
            ))
        })?;
        input.annual_discount_rate = Some(parsed);
    }
    input.irr |= ask.irr;
    let plan = match server {
        Some(service) => remote::forward(service, &input)?,
        None => input
            .plan()
            .map_err(|e| core_error(&path.display().to_string(), &e))?,
    };

    let rows = plan
        .months
        .iter()
        .map(|m| {
            vec![
                m.month.saturating_add(1).to_string(),
                calendar(&input, m.month),
                text(m.headcount),
                text(m.ramped_fte),
                amount(m.quota_capacity),
                amount(m.booked_arr),
                amount(m.arr),
                amount(m.revenue),
                amount(m.gross_profit),
                amount(m.cost),
                amount(m.net),
                amount(m.cumulative),
            ]
        })
        .collect();
    let notes = summary(&input, &plan);
    let files = match ask.chart {
        Some(chart) => vec![(chart, draw(&plan.months)?)],
        None => Vec::new(),
    };
    let report = Report::new(
        [
            "month",
            "calendar",
            "headcount",
            "ramped_fte",
            "quota_capacity",
            "booked_arr",
            "arr",
            "revenue",
            "gross_profit",
            "cost",
            "net",
            "cumulative",
        ],
        rows,
        plan,
    )
    .with_notes(notes);
    Ok(Done { report, files })
}

/// `YYYY-MM` of plan month `offset`.
fn calendar(input: &OwnedForwardInput, offset: u32) -> String {
    let index = i64::from(input.first_month)
        .saturating_sub(1)
        .saturating_add(i64::from(offset));
    let year = i64::from(input.year).saturating_add(index.div_euclid(12));
    format!("{year}-{:02}", index.rem_euclid(12).saturating_add(1))
}

/// A rounded amount with its currency's minor digits, without the code
/// (the table's columns are all in the plan's currency).
fn amount(money: Money) -> String {
    let places = usize::try_from(money.currency().minor_units()).unwrap_or(2);
    format!("{:.*}", places, money.amount())
}

/// Payback, trough, NPV and IRR, under the table.
fn summary(input: &OwnedForwardInput, plan: &OwnedForwardPlan) -> Vec<String> {
    let s = &plan.summary;
    let mut notes = vec![format!("amounts in {}", input.currency)];
    notes.push(match s.payback_month {
        Some(month) => format!(
            "payback: month {month} ({})",
            calendar(input, month.saturating_sub(1))
        ),
        None => "payback: not within the plan".to_owned(),
    });
    notes.push(format!("trough: {}", text(s.trough)));
    if let (Some(rate), Some(npv)) = (input.annual_discount_rate, s.npv) {
        notes.push(format!("npv at {rate} a year: {}", text(npv)));
    }
    if input.irr {
        notes.push(match (s.irr_monthly, s.irr_annual) {
            (Some(monthly), Some(annual)) => {
                format!("irr: {monthly} a month, {annual} a year")
            }
            _ => "irr: none in [-10 %, +100 %] a month".to_owned(),
        });
    }
    notes
}

/// ARR, revenue and cumulative net; headcount against ramped FTE.
fn draw(months: &[ForwardMonth]) -> Result<Vec<u8>, Failure> {
    let money = |label: &str, pick: fn(&ForwardMonth) -> Money| Series {
        label: label.to_owned(),
        values: months.iter().map(|m| pick(m).amount()).collect(),
    };
    let people = |label: &str, pick: fn(&ForwardMonth) -> Decimal| Series {
        label: label.to_owned(),
        values: months.iter().map(pick).collect(),
    };
    chart::svg(
        "Forward plan: ARR, revenue and payback; headcount and ramped FTE",
        &[
            Panel {
                title: "ARR and cumulative net".into(),
                x_label: "month (from the first plan month)",
                stacked: false,
                series: vec![
                    money("ARR", |m| m.arr),
                    money("cumulative net", |m| m.cumulative),
                ],
            },
            Panel {
                title: "Revenue, cost and net per month".into(),
                x_label: "month (from the first plan month)",
                stacked: false,
                series: vec![
                    money("revenue", |m| m.revenue),
                    money("cost", |m| m.cost),
                    money("net", |m| m.net),
                ],
            },
            Panel {
                title: "Headcount on board and ramped FTE".into(),
                x_label: "month (from the first plan month)",
                stacked: false,
                series: vec![
                    people("headcount", |m| m.headcount),
                    people("ramped FTE", |m| m.ramped_fte),
                ],
            },
        ],
    )
}
