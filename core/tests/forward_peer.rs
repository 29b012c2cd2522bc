//! Differential test of the forward plan against PyPI `saas-metrics`
//! (`roi.gtm_cases`, case A, and its `npv` / `irr_annual`), driven through
//! `core/tests/peer/gtm_peer.py`.
//!
//! The peer is installed at test time into a virtualenv under the cargo
//! target's temporary directory (or taken from `SALESPHYSICS_PEER_PYTHON`,
//! an interpreter that already has it). `saas-metrics` declares Python
//! ≥ 3.12 but runs on 3.11 with `--ignore-requires-python` and a NumPy that
//! still ships 3.11 wheels; if Python, the network or the install fails the
//! test prints a loud SKIPPED message and passes.
//!
//! Conventions matched (docs/capacity.md, "Differences from saas-metrics"):
//! month 1 of the peer is plan month 0 with a hire on day 1; its linear
//! ramp is `Ramp::Linear` (month 1 = 1/ramp); its attrition is
//! `Attrition::Hazard` with backfill lead 0; its revenue is ARR ÷ 12 and its
//! "gross profit" our `gross_profit`. Several AEs hired over time: the peer
//! sums shifted single-cohort runs (every series is linear in the cohort).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::float_arithmetic
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use salesphysics_core::capacity::forward::{
    forward_plan, Attrition, CostTerms, ForwardCell, ForwardInput, ForwardLine, ForwardMonth, Hire,
    RevenueTerms,
};
use salesphysics_core::capacity::Ramp;
use salesphysics_core::{Currency, Decimal, Money, Role};
use serde_json::{json, Value};

const USD: Currency = Currency::USD;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::parse(text, USD).unwrap()
}

/// One case: the peer's inputs as decimal strings, cohorts `(start, n)`.
struct Case {
    name: &'static str,
    months: u32,
    cohorts: &'static [(u32, &'static str)],
    nrr: &'static str,
    quota: &'static str,
    attainment: &'static str,
    ramp: u32,
    gross_margin: &'static str,
    ae_cost: &'static str,
    support: &'static str,
    commission: &'static str,
    attrition: &'static str,
    discount: &'static str,
}

const CASES: [Case; 4] = [
    // The peer's own shape with no attrition and NRR 1: one cohort.
    Case {
        name: "baseline",
        months: 36,
        cohorts: &[(0, "30")],
        nrr: "1",
        quota: "900000",
        attainment: "0.7",
        ramp: 6,
        gross_margin: "0.78",
        ae_cost: "300000",
        support: "0.3",
        commission: "0.1",
        attrition: "0",
        discount: "0.12",
    },
    // Rep attrition 25 %/year, backfilled at once, backfills ramp again.
    Case {
        name: "attrition",
        months: 36,
        cohorts: &[(0, "10")],
        nrr: "1",
        quota: "800000",
        attainment: "0.8",
        ramp: 4,
        gross_margin: "0.75",
        ae_cost: "240000",
        support: "0.25",
        commission: "0.1",
        attrition: "0.25",
        discount: "0.1",
    },
    // NRR 120 %: booked ARR keeps expanding.
    Case {
        name: "nrr",
        months: 36,
        cohorts: &[(0, "12")],
        nrr: "1.2",
        quota: "750000",
        attainment: "0.85",
        ramp: 5,
        gross_margin: "0.8",
        ae_cost: "276000",
        support: "0.2",
        commission: "0.12",
        attrition: "0",
        discount: "0.15",
    },
    // Several AEs hired over time, with attrition and NRR ≠ 1.
    Case {
        name: "hired_over_time",
        months: 36,
        cohorts: &[(0, "3"), (4, "2"), (9, "5"), (17, "4")],
        nrr: "1.1",
        quota: "600000",
        attainment: "0.75",
        ramp: 3,
        gross_margin: "0.72",
        ae_cost: "216000",
        support: "0.35",
        commission: "0.09",
        attrition: "0.15",
        discount: "0.08",
    },
];

fn number(text: &str) -> Value {
    json!(text.parse::<f64>().unwrap())
}

fn peer_request() -> Value {
    let cases: Vec<Value> = CASES
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "months": c.months,
                "cohorts": c.cohorts.iter().map(|(s, n)| json!([s, number(n)])).collect::<Vec<_>>(),
                "inputs": {
                    "roi_nrr": number(c.nrr), "roi_quota": number(c.quota),
                    "roi_attain": number(c.attainment), "roi_ramp": c.ramp,
                    "roi_gm": number(c.gross_margin), "roi_ae_cost": number(c.ae_cost),
                    "roi_support_pct": number(c.support), "roi_commission": number(c.commission),
                    "roi_rep_attrition": number(c.attrition), "roi_discount": number(c.discount),
                    "roi_target_customers": 0, "roi_attach": 0, "roi_attach_arr": 0,
                    "roi_adopt": 1, "roi_upfront": 0, "roi_run_cost": 0
                }
            })
        })
        .collect();
    json!({ "cases": cases })
}

fn skip(reason: &str) {
    eprintln!();
    eprintln!("==================================================================");
    eprintln!("SKIPPED forward_peer: saas-metrics peer unavailable: {reason}");
    eprintln!("==================================================================");
    eprintln!();
}

/// A Python with `saas_metrics` importable, or why there is none.
fn peer_python() -> Result<PathBuf, String> {
    let works = |python: &Path| {
        Command::new(python)
            .args(["-c", "from saas_metrics import roi"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if let Some(python) = std::env::var_os("SALESPHYSICS_PEER_PYTHON") {
        let python = PathBuf::from(python);
        return if works(&python) {
            Ok(python)
        } else {
            Err(format!("{} cannot import saas_metrics", python.display()))
        };
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("saas-metrics-venv");
    let python = venv.join("bin").join("python");
    if works(&python) {
        return Ok(python);
    }
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .map_err(|e| format!("python3 not runnable: {e}"))?;
    if !status.success() {
        return Err("python3 -m venv failed".into());
    }
    // NumPy < 2.4 still has wheels for Python 3.11.
    let status = Command::new(venv.join("bin").join("pip"))
        .args([
            "install",
            "--quiet",
            "--ignore-requires-python",
            "saas-metrics==0.2.1",
            "numpy<2.4",
        ])
        .status()
        .map_err(|e| format!("pip not runnable: {e}"))?;
    if !status.success() || !works(&python) {
        return Err("pip install saas-metrics failed (offline?)".into());
    }
    Ok(python)
}

fn run_peer(python: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peer/gtm_peer.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(peer_request().to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "peer failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ours(
    case: &Case,
) -> (
    Vec<ForwardMonth>,
    salesphysics_core::capacity::forward::ForwardSummary,
) {
    let hires: Vec<Hire> = case
        .cohorts
        .iter()
        .map(|&(month, n)| Hire {
            month,
            day: 1,
            count: d(n),
        })
        .collect();
    let annual = d(case.ae_cost);
    let monthly_cost = Money::new(annual.checked_div(Decimal::from_int(12)).unwrap(), USD);
    let attrition = d(case.attrition);
    let line = ForwardLine {
        role: Role::AccountExecutive,
        segment: 0,
        ramp: Ramp::Linear { months: case.ramp },
        attrition: if attrition.is_zero() {
            Attrition::None
        } else {
            Attrition::Hazard { annual: attrition }
        },
        backfill_lead_months: Some(0),
        starting_staff: &[],
        hires: &hires,
        annual_quota: usd(case.quota),
        attainment: d(case.attainment),
        cost: CostTerms {
            monthly_cost,
            overhead: d(case.support),
            tools_monthly: usd("0"),
            commission_rate: d(case.commission),
        },
    };
    let lines = [line];
    let input = ForwardInput {
        currency: USD,
        year: 2026,
        first_month: 1,
        months: case.months,
        lines: &lines,
        revenue: RevenueTerms {
            starting_arr: usd("0"),
            annual_nrr: d(case.nrr),
            annual_gross_churn: d("0"),
            gross_margin: d(case.gross_margin),
        },
        annual_discount_rate: Some(d(case.discount)),
        irr: true,
    };
    let mut cells = vec![ForwardCell::empty(USD); input.cell_count()];
    let mut months = vec![ForwardMonth::empty(USD); case.months as usize];
    let summary = forward_plan(&input, &mut cells, &mut months).unwrap();
    (months, summary)
}

#[test]
fn forward_plan_matches_saas_metrics_to_the_cent() {
    let python = match peer_python() {
        Ok(python) => python,
        Err(reason) => return skip(&reason),
    };
    let peer = run_peer(&python);
    let mut mismatches = Vec::new();
    for (case, theirs) in CASES.iter().zip(peer["cases"].as_array().unwrap()) {
        assert_eq!(theirs["name"], case.name);
        let (months, summary) = ours(case);
        for (m, (row, want)) in months
            .iter()
            .zip(theirs["rows"].as_array().unwrap())
            .enumerate()
        {
            for (field, got) in [
                ("arr", row.arr),
                ("revenue", row.revenue),
                ("gross_profit", row.gross_profit),
                ("cost", row.cost),
                ("net", row.net),
                ("cumulative", row.cumulative),
            ] {
                let want = want[field].as_str().unwrap();
                if got.amount() != d(want) {
                    mismatches.push(format!(
                        "{} month {} {field}: ours {} peer {want}",
                        case.name,
                        m + 1,
                        got.amount()
                    ));
                }
            }
        }
        let npv = summary.npv.unwrap().amount();
        if npv != d(theirs["npv"].as_str().unwrap()) {
            mismatches.push(format!(
                "{} npv: ours {npv} peer {}",
                case.name, theirs["npv"]
            ));
        }
        assert_eq!(
            summary.payback_month.map(u64::from),
            theirs["payback_month"].as_u64(),
            "{} payback",
            case.name
        );
        match (summary.irr_annual, theirs["irr_annual"].as_str()) {
            (Some(ours), Some(peer)) => {
                let ours: f64 = ours.to_string().parse().unwrap();
                let peer: f64 = peer.parse().unwrap();
                assert!(
                    (ours - peer).abs() < 1e-6,
                    "{} irr {ours} vs {peer}",
                    case.name
                );
            }
            (None, None) => {}
            (ours, peer) => panic!("{} irr: ours {ours:?} peer {peer:?}", case.name),
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
