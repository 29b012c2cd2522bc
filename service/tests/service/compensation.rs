//! CompensationService: crediting with rollups and earnings with explained
//! lines.

use salesphysics_core::compensation::OwnedEstimateRequest;
use salesphysics_service::pb::google::r#type as gtype;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::compensation_service_client::CompensationServiceClient;
use tonic::Code;

use crate::support::{assert_rejected, date, usd, TestServer};

fn split(participant_id: i64, share: &str) -> pb::Split {
    pb::Split {
        participant_id,
        kind: pb::SplitKind::Revenue as i32,
        share: share.into(),
    }
}

fn deal(id: i64, units: i64, splits: Vec<pb::Split>) -> pb::Transaction {
    pb::Transaction {
        source: Some(pb::Source {
            transaction_id: id,
            date: date(2026, 1, 15),
            kind: pb::TransactionKind::New as i32,
            term_months: 12,
            account_tier: pb::AccountTier::Smb as i32,
            channel: pb::Channel::Inbound as i32,
            ..Default::default()
        }),
        amount: usd(units, 0),
        quantity: String::new(),
        splits,
    }
}

/// A reports to manager 9 for 2026.
fn hierarchy() -> Vec<pb::ReportingLine> {
    vec![pb::ReportingLine {
        participant_id: 1,
        manager_id: 9,
        effective: Some(pb::Period {
            first: date(2026, 1, 1),
            last: date(2026, 12, 31),
        }),
    }]
}

#[tokio::test]
async fn a_split_deal_credits_both_reps_and_rolls_up_to_the_manager() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let response = client
        .credit_transactions(pb::CreditTransactionsRequest {
            transactions: vec![deal(7, 1_000, vec![split(1, "0.6"), split(2, "0.4")])],
            hierarchy: hierarchy(),
        })
        .await
        .unwrap()
        .into_inner();
    // 1,000 split 60/40: rep 1 gets 600 and its manager 9 the same 600 as
    // a rollup (right after it), rep 2 gets 400.
    let credits: Vec<_> = response
        .credits
        .iter()
        .map(|c| (c.participant_id, c.kind, c.credited_from, c.amount.clone()))
        .collect();
    assert_eq!(
        credits,
        vec![
            (1, pb::CreditKind::Revenue as i32, 1, usd(600, 0)),
            (9, pb::CreditKind::Rollup as i32, 1, usd(600, 0)),
            (2, pb::CreditKind::Revenue as i32, 2, usd(400, 0)),
        ]
    );
    assert_eq!(
        response.credits[0].source.as_ref().unwrap().transaction_id,
        7
    );

    // An unspecified split kind names the split.
    let mut bad = split(2, "0.4");
    bad.kind = 0;
    let status = client
        .credit_transactions(pb::CreditTransactionsRequest {
            transactions: vec![
                deal(7, 1_000, vec![split(1, "0.6")]),
                deal(8, 10, vec![bad]),
            ],
            hierarchy: vec![],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "transactions[1].splits[0].kind",
    );

    // More than 8 splits is over the core's list cap.
    let status = client
        .credit_transactions(pb::CreditTransactionsRequest {
            transactions: vec![deal(7, 1_000, vec![split(1, "0.1"); 9])],
            hierarchy: vec![],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::ResourceExhausted,
        "SALESPHYSICS_TOO_MANY",
        "transactions[0].splits",
    );
}

/// The core's documented example plan: one component, 10 % of new MRR
/// (the benchmark workload's plan).
pub use salesphysics_service::workload::ten_percent_plan;

/// The example's one credit: 4,800 of new MRR for participant 1.
pub fn example_credit() -> pb::CreditLine {
    pb::CreditLine {
        participant_id: 1,
        kind: pb::CreditKind::Revenue as i32,
        split_kind: pb::SplitKind::Revenue as i32,
        credited_from: 1,
        share: "1".into(),
        amount: usd(4_800, 0),
        quantity: "0".into(),
        source: deal(7, 4_800, vec![]).source,
    }
}

#[tokio::test]
async fn earnings_explain_every_figure() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let response = client
        .compute_earnings(pb::ComputeEarningsRequest {
            plan: Some(ten_percent_plan()),
            participant_id: 1,
            credits: vec![example_credit()],
            fx: vec![],
            through: date(2026, 1, 31),
        })
        .await
        .unwrap()
        .into_inner();
    // 4,800 × 10 % = 480.00, one commission line in tier 0 of rule 10;
    // attainment 4,800 ÷ 10,000 = 0.48.
    let summary = response.summary.unwrap();
    assert_eq!(summary.total, usd(480, 0));
    assert_eq!(response.lines.len(), 1);
    let line = &response.lines[0];
    assert_eq!(line.kind, pb::LineKind::Commission as i32);
    assert_eq!(
        (line.rule_id, line.tier, line.transaction_id),
        (10, Some(0), Some(7))
    );
    assert_eq!((line.credit.as_str(), line.rate.as_str()), ("4800", "0.1"));
    assert_eq!(line.amount, usd(480, 0));
    assert_eq!(summary.attainment.unwrap().components[0].attainment, "0.48");

    // A weight that does not sum to 1 is a core rule inside the plan.
    let mut plan = ten_percent_plan();
    plan.components[0].weight = "0.9".into();
    let status = client
        .compute_earnings(pb::ComputeEarningsRequest {
            plan: Some(plan),
            participant_id: 1,
            credits: vec![example_credit()],
            fx: vec![],
            through: date(2026, 1, 31),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let field = &tonic_types::StatusExt::get_error_details(&status)
        .bad_request()
        .unwrap()
        .field_violations[0]
        .field
        .clone();
    assert!(field.starts_with("plan.components"), "{field}");
}

/// A revenue credit line of participant 1: `units` of new MRR from deal
/// `id` on 2026-01-`day` (negative: a credit note on that deal).
fn credit(id: i64, day: i32, units: i64) -> pb::CreditLine {
    let mut source = deal(id, units, vec![]).source;
    if let Some(source) = source.as_mut() {
        source.date = date(2026, 1, day);
    }
    pb::CreditLine {
        amount: usd(units, 0),
        source,
        ..example_credit()
    }
}

/// The ten-percent plan with a second tier: 10 % to 10,000 of monthly new
/// MRR, 15 % beyond (docs/compensation.md, "Credit notes").
pub fn two_tier_plan() -> pb::Plan {
    let mut plan = ten_percent_plan();
    if let Some(table) = plan.components[0].rate_table.as_mut() {
        table.tiers = vec![
            pb::RateTier {
                lower: "0".into(),
                upper: Some("10000".into()),
                rate: "0.10".into(),
            },
            pb::RateTier {
                lower: "10000".into(),
                upper: None,
                rate: "0.15".into(),
            },
        ];
    }
    plan
}

/// 8,000 then 4,000, then a 1,000 credit note on the 4,000.
pub fn credit_note_credits() -> Vec<pb::CreditLine> {
    vec![
        credit(7, 5, 8_000),
        credit(8, 10, 4_000),
        credit(8, 20, -1_000),
    ]
}

#[tokio::test]
async fn a_credit_note_reverses_its_original_lines_and_names_a_bad_reference() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let request = pb::ComputeEarningsRequest {
        plan: Some(two_tier_plan()),
        participant_id: 1,
        credits: credit_note_credits(),
        fx: vec![],
        through: date(2026, 1, 31),
    };
    let response = client
        .compute_earnings(request.clone())
        .await
        .unwrap()
        .into_inner();
    // By hand: 8,000 × 10 % = 800 (line 0). The 4,000 straddles 10,000:
    // 2,000 × 10 % = 200 (line 1, tier 0) and 2,000 × 15 % = 300 (line 2,
    // tier 1). The note takes back 1,000 ÷ 4,000 = 1/4 of each of the
    // original's lines at their tier and rate, not 1,000 × 15 % = 150 at
    // the running total: −500 × 10 % = −50 reversing line 1, −500 × 15 %
    // = −75 reversing line 2. Total 800 + 200 + 300 − 50 − 75 = 1,175.
    let lines: Vec<_> = response
        .lines
        .iter()
        .map(|l| {
            (
                l.transaction_id,
                l.tier,
                l.credit.as_str(),
                l.rate.as_str(),
                l.amount.clone(),
                l.reverses,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (Some(7), Some(0), "8000", "0.1", usd(800, 0), None),
            (Some(8), Some(0), "2000", "0.1", usd(200, 0), None),
            (Some(8), Some(1), "2000", "0.15", usd(300, 0), None),
            (Some(8), Some(0), "-500", "0.1", usd(-50, 0), Some(1)),
            (Some(8), Some(1), "-500", "0.15", usd(-75, 0), Some(2)),
        ]
    );
    let summary = response.summary.unwrap();
    assert_eq!(summary.total, usd(1_175, 0));
    // The note still counts in its quota period: 11,000 ÷ 10,000.
    assert_eq!(summary.attainment.unwrap().components[0].attainment, "1.1");

    // Crediting passes a note through with its sign: the refund of 1,000
    // on deal 8 credits −1,000 to the rep (the earnings run reverses it).
    let mut note = deal(8, -1_000, vec![split(1, "1")]);
    note.source.as_mut().unwrap().date = date(2026, 1, 20);
    let credited = client
        .credit_transactions(pb::CreditTransactionsRequest {
            transactions: vec![deal(8, 4_000, vec![split(1, "1")]), note],
            hierarchy: vec![],
        })
        .await
        .unwrap()
        .into_inner();
    let amounts: Vec<_> = credited.credits.iter().map(|c| c.amount.clone()).collect();
    assert_eq!(amounts, vec![usd(4_000, 0), usd(-1_000, 0)]);

    // A note on a deal never credited (99) names the note's reference as
    // the client wrote it.
    let mut bad = request;
    bad.credits.push(credit(99, 25, -100));
    let status = client.compute_earnings(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "credits[3].source.transaction_id",
    );
}

const ESTIMATE: &str = include_str!("../data/estimate_earnings_request.json");

/// The JSON request above in proto form: Spiff's marginal example as a
/// what-if (core/tests/data/what_if.json, "spiff-marginal-what-if").
pub fn spiff_what_if() -> pb::EstimateEarningsRequest {
    let mut plan = ten_percent_plan();
    plan.components[0].quota = "250000".into();
    let tier = |lower: &str, upper: Option<&str>, rate: &str| pb::RateTier {
        lower: lower.into(),
        upper: upper.map(Into::into),
        rate: rate.into(),
    };
    if let Some(table) = plan.components[0].rate_table.as_mut() {
        table.tiers = vec![
            tier("0", Some("150000"), "0.04"),
            tier("150000", Some("250000"), "0.06"),
            tier("250000", None, "0.08"),
        ];
    }
    let mut booked = credit(7, 5, 145_000);
    let mut deal = deal(8, 20_000, vec![split(1, "1")]);
    booked.source.as_mut().unwrap().date = date(2026, 5, 5);
    deal.source.as_mut().unwrap().date = date(2026, 5, 20);
    pb::EstimateEarningsRequest {
        plan: Some(plan),
        participant_id: 1,
        credits: vec![booked],
        hypothetical: vec![deal],
        hierarchy: vec![],
        fx: vec![],
        through: date(2026, 5, 31),
    }
}

#[tokio::test]
async fn a_what_if_adds_the_published_marginal_figure_and_matches_the_core() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let response = client
        .estimate_earnings(spiff_what_if())
        .await
        .unwrap()
        .into_inner();
    // Spiff's published marginal example: 145,000 booked in May earns
    // 145,000 × 4 % = 5,800; a 20,000 deal on top pays 5,000 × 4 % +
    // 15,000 × 6 % = 200 + 900 = 1,100 more, reaching tier 1; attainment
    // 145,000 ÷ 250,000 = 0.58 → 165,000 ÷ 250,000 = 0.66.
    let estimate = response.estimate.clone().unwrap();
    assert_eq!(estimate.earned_before, usd(5_800, 0));
    assert_eq!(estimate.earned_after, usd(6_900, 0));
    assert_eq!(estimate.incremental, usd(1_100, 0));
    let component = &estimate.components[0];
    assert_eq!(
        (
            component.component_id,
            component.tier_reached,
            component.attainment_before.as_str(),
            component.attainment_after.as_str()
        ),
        (10, Some(1), "0.58", "0.66")
    );
    // Only the deal's own lines: the two slices.
    let lines: Vec<_> = response
        .lines
        .iter()
        .map(|l| {
            (
                l.transaction_id,
                l.tier,
                l.credit.as_str(),
                l.amount.clone(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (Some(8), Some(0), "5000", usd(200, 0)),
            (Some(8), Some(1), "15000", usd(900, 0)),
        ]
    );
    assert_eq!(response.input_fingerprint.len(), 64);

    // The core, on its own JSON form of the same question, agrees.
    let core: OwnedEstimateRequest = serde_json::from_str(ESTIMATE).unwrap();
    let core = core.estimate().unwrap();
    let cents = |m: salesphysics_core::Money| {
        let (units, nanos) = m.amount().to_units_nanos().unwrap();
        usd(units, nanos)
    };
    assert_eq!(estimate.incremental, cents(core.estimate.incremental));
    assert_eq!(estimate.earned_after, cents(core.estimate.earned_after));
    assert_eq!(estimate.line_count, core.estimate.line_count as i64);
    assert_eq!(response.lines.len(), core.lines.len());

    // A hypothetical deal reusing a booked deal's id names it as written.
    let mut bad = spiff_what_if();
    if let Some(source) = bad.hypothetical[0].source.as_mut() {
        source.transaction_id = 7;
    }
    let status = client.estimate_earnings(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "hypothetical[0].source.transaction_id",
    );
    // A what-if without a deal asks nothing.
    let empty = pb::EstimateEarningsRequest {
        hypothetical: vec![],
        ..spiff_what_if()
    };
    let status = client.estimate_earnings(empty).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_EMPTY",
        "hypothetical",
    );
}

/// The NRF 4-5-4 retail calendar in proto form (the core's
/// `FiscalCalendar::NRF`): fiscal years start in February and end on the
/// Saturday nearest the end of January.
pub fn nrf() -> pb::FiscalCalendar {
    pb::FiscalCalendar {
        start_month: 2,
        weeks: Some(pb::Weeks {
            pattern: pb::WeekPattern::FourFiveFour as i32,
            ends_on: pb::Weekday::Saturday as i32,
            year_end: pb::YearEnd::NearestMonthEnd as i32,
        }),
    }
}

/// Graduated on quarterly new MRR, period to date: 10 % of the first
/// 100,000 of a quarter, 20 % above (core/tests/compensation_fiscal.rs,
/// `graduated`), on `calendar` over `effective`.
fn quarterly_graduated(
    calendar: Option<pb::FiscalCalendar>,
    effective: (Option<gtype::Date>, Option<gtype::Date>),
) -> pb::Plan {
    let mut plan = ten_percent_plan();
    plan.calendar = calendar;
    plan.effective = Some(pb::Period {
        first: effective.0,
        last: effective.1,
    });
    let component = &mut plan.components[0];
    component.quota = "100000".into();
    component.quota_period = pb::QuotaPeriod::Quarter as i32;
    if let Some(table) = component.rate_table.as_mut() {
        table.tiers = vec![
            pb::RateTier {
                lower: "0".into(),
                upper: Some("100000".into()),
                rate: "0.1".into(),
            },
            pb::RateTier {
                lower: "100000".into(),
                upper: None,
                rate: "0.2".into(),
            },
        ];
    }
    plan
}

/// A revenue credit of participant 1: `units` USD of new MRR from deal
/// `id` on `on`.
fn credit_on(id: i64, on: Option<gtype::Date>, units: i64) -> pb::CreditLine {
    let mut line = credit(id, 1, units);
    if let Some(source) = line.source.as_mut() {
        source.date = on;
    }
    line
}

/// 80,000 on 3 May 2024, 40,000 on 4 May (the last day of NRF fiscal Q1)
/// and 50,000 on 5 May (the first day of Q2).
fn nrf_boundary_credits() -> Vec<pb::CreditLine> {
    vec![
        credit_on(1, date(2024, 5, 3), 80_000),
        credit_on(2, date(2024, 5, 4), 40_000),
        credit_on(3, date(2024, 5, 5), 50_000),
    ]
}

/// (transaction, tier, credit, amount) of every line.
fn slices(response: &pb::ComputeEarningsResponse) -> Vec<(i64, i32, &str, Option<gtype::Money>)> {
    response
        .lines
        .iter()
        .map(|l| {
            (
                l.transaction_id.unwrap(),
                l.tier.unwrap(),
                l.credit.as_str(),
                l.amount.clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_nrf_quarter_boundary_resets_the_period_to_date_tier() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    // NRF fiscal 2024: 4 Feb 2024 to 1 Feb 2025; Q1 is 4 + 5 + 4 weeks,
    // 4 Feb to 4 May, so Q2 starts on Sunday 5 May.
    let fiscal_2024 = (date(2024, 2, 4), date(2025, 2, 1));
    let request = |calendar, effective, through| pb::ComputeEarningsRequest {
        plan: Some(quarterly_graduated(calendar, effective)),
        participant_id: 1,
        credits: nrf_boundary_credits(),
        fx: vec![],
        through,
    };
    let response = client
        .compute_earnings(request(Some(nrf()), fiscal_2024, date(2025, 2, 1)))
        .await
        .unwrap()
        .into_inner();
    // By hand (core/tests/compensation_fiscal.rs,
    // nrf_quarters_reset_tiers_and_attainment_on_the_fiscal_boundary):
    // deal 1: 80,000 × 10 % = 8,000; deal 2 ends Q1: 20,000 × 10 % +
    // 20,000 × 20 % = 6,000; deal 3 opens Q2, the tier restarts:
    // 50,000 × 10 % = 5,000. Total 19,000.
    assert_eq!(
        slices(&response),
        vec![
            (1, 0, "80000", usd(8_000, 0)),
            (2, 0, "20000", usd(2_000, 0)),
            (2, 1, "20000", usd(4_000, 0)),
            (3, 0, "50000", usd(5_000, 0)),
        ]
    );
    assert_eq!(response.summary.unwrap().total, usd(19_000, 0));

    // Attainment on the last day of Q1: 120,000 ÷ 100,000 = 1.2 over
    // 4 Feb – 4 May; on the first day of Q2: 50,000 ÷ 100,000 = 0.5 over
    // 5 May – 3 Aug.
    for (through, first, last, credit, attainment) in [
        (
            date(2024, 5, 4),
            date(2024, 2, 4),
            date(2024, 5, 4),
            "120000",
            "1.2",
        ),
        (
            date(2024, 5, 5),
            date(2024, 5, 5),
            date(2024, 8, 3),
            "50000",
            "0.5",
        ),
    ] {
        let summary = client
            .compute_earnings(request(Some(nrf()), fiscal_2024, through))
            .await
            .unwrap()
            .into_inner()
            .summary
            .unwrap();
        let component = &summary.attainment.unwrap().components[0];
        assert_eq!(component.period, Some(pb::Period { first, last }));
        assert_eq!(
            (component.credit.as_str(), component.attainment.as_str()),
            (credit, attainment)
        );
    }

    // Without a calendar the same deals are on calendar quarters (4 and
    // 5 May are both in Q2): no reset, deal 3 is all above 100,000 at 20 %
    // = 10,000; deal 2 is 6,000 either way.
    let response = client
        .compute_earnings(request(
            None,
            (date(2024, 2, 4), date(2024, 12, 31)),
            date(2024, 12, 31),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        slices(&response)[1..],
        [
            (2, 0, "20000", usd(2_000, 0)),
            (2, 1, "20000", usd(4_000, 0)),
            (3, 1, "50000", usd(10_000, 0)),
        ]
    );
}

#[tokio::test]
async fn a_bad_calendar_names_its_field_as_written() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let send = |calendar: pb::FiscalCalendar| {
        let mut plan = ten_percent_plan();
        plan.calendar = Some(calendar);
        pb::ComputeEarningsRequest {
            plan: Some(plan),
            participant_id: 1,
            credits: vec![example_credit()],
            fx: vec![],
            through: date(2026, 1, 31),
        }
    };
    // Month 13 is an int the proto carries; the core's own check rejects it.
    let status = client
        .compute_earnings(send(pb::FiscalCalendar {
            start_month: 13,
            weeks: None,
        }))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "plan.calendar.start_month",
    );
    // A week pattern this proto does not define is a representation error.
    let mut unknown = nrf();
    unknown.weeks.as_mut().unwrap().pattern = 9;
    let status = client.compute_earnings(send(unknown)).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "plan.calendar.weeks.pattern",
    );
    // A week-based calendar must say which weekday ends its year.
    let mut unspecified = nrf();
    unspecified.weeks.as_mut().unwrap().ends_on = pb::Weekday::Unspecified as i32;
    let status = client
        .compute_earnings(send(unspecified))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "plan.calendar.weeks.ends_on",
    );
}

/// The fingerprint docs/api.md shows for its ComputeEarnings request.
const DOCUMENTED_EARNINGS_FINGERPRINT: &str =
    "dc770593eb74bafcf739de598b7c84992e7e39a28f3e7e8c4bab9e3e742bb1a7";

#[tokio::test]
async fn the_calendar_year_written_out_keeps_the_documented_fingerprint() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let documented = pb::ComputeEarningsRequest {
        plan: Some(ten_percent_plan()),
        participant_id: 1,
        credits: vec![example_credit()],
        fx: vec![],
        through: date(2026, 1, 31),
    };
    let api_md = include_str!("../../../docs/api.md");
    assert!(api_md.contains(DOCUMENTED_EARNINGS_FINGERPRINT));
    let mut explicit = documented.clone();
    if let Some(plan) = explicit.plan.as_mut() {
        plan.calendar = Some(pb::FiscalCalendar {
            start_month: 1,
            weeks: None,
        });
    }
    for request in [documented, explicit] {
        let response = client.compute_earnings(request).await.unwrap().into_inner();
        assert_eq!(response.input_fingerprint, DOCUMENTED_EARNINGS_FINGERPRINT);
    }
}

/// `credit(id, 10, units)` of `product` in `category`.
fn credit_of(id: i64, units: i64, product: i64, category: i64) -> pb::CreditLine {
    let mut line = credit(id, 10, units);
    if let Some(source) = line.source.as_mut() {
        source.attributes = Some(pb::Attributes {
            product: Some(product),
            category: Some(category),
            ..Default::default()
        });
    }
    line
}

/// Three flat rules over a category tree 1 ← 2 ← 3 (3 under 2 under 1)
/// and a root 4: 50 % on product 7 then 10 % on anything, first match in
/// group 1; 2 % on category 1, additive.
fn product_and_category_plan() -> pb::Plan {
    let mut plan = ten_percent_plan();
    let rule = |id: i64, weight: &str, rate: &str, attributes, group| {
        let mut component = plan.components[0].clone();
        component.id = id;
        component.weight = weight.into();
        component.group = group;
        if let Some(measure) = component.measure.as_mut() {
            measure.attributes = attributes;
        }
        if let Some(table) = component.rate_table.as_mut() {
            table.tiers[0].rate = rate.into();
        }
        component
    };
    let on = |product: Option<i64>, category: Option<i64>| {
        Some(pb::Attributes {
            product,
            category,
            ..Default::default()
        })
    };
    plan.components = vec![
        rule(11, "1", "0.50", on(Some(7), None), Some(1)),
        rule(12, "0", "0.10", None, Some(1)),
        rule(13, "0", "0.02", on(None, Some(1)), None),
    ];
    plan.categories = [(1, None), (2, Some(1)), (3, Some(2)), (4, None)]
        .into_iter()
        .map(|(id, parent)| pb::Category { id, parent })
        .collect();
    plan
}

#[tokio::test]
async fn a_rule_group_pays_its_first_match_and_a_category_rule_its_sub_categories() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let request = |plan, credits| pb::ComputeEarningsRequest {
        plan: Some(plan),
        participant_id: 1,
        credits,
        fx: vec![],
        through: date(2026, 1, 31),
    };
    let response = client
        .compute_earnings(request(
            product_and_category_plan(),
            vec![credit_of(21, 1_000, 7, 3), credit_of(22, 2_000, 8, 4)],
        ))
        .await
        .unwrap()
        .into_inner();
    // By hand. Deal 21 (product 7, category 3): the group's first rule
    // matches, 1,000 × 50 % = 500, and the catch-all after it does not
    // count (not 60 %); category 3 is under 1, so 1,000 × 2 % = 20.
    // Deal 22 (product 8, root category 4): the catch-all, 2,000 × 10 %
    // = 200; category 4 is not under 1. Total 720.
    let lines: Vec<_> = response
        .lines
        .iter()
        .map(|l| {
            (
                l.transaction_id.unwrap(),
                l.component_id.unwrap(),
                l.amount.clone(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (21, 11, usd(500, 0)),
            (21, 13, usd(20, 0)),
            (22, 12, usd(200, 0)),
        ]
    );
    assert_eq!(response.summary.unwrap().total, usd(720, 0));

    // A parent the tree does not hold is the core's check, named as written.
    let mut plan = product_and_category_plan();
    plan.categories[2].parent = Some(9);
    let status = client
        .compute_earnings(request(plan, vec![credit_of(21, 1_000, 7, 3)]))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "plan.categories[2].parent",
    );
    // Ids the core cannot hold are representation errors, by path.
    let mut credit = credit_of(21, 1_000, 7, 3);
    if let Some(attributes) = credit.source.as_mut().and_then(|s| s.attributes.as_mut()) {
        attributes.custom = vec![3, 64];
    }
    let status = client
        .compute_earnings(request(product_and_category_plan(), vec![credit]))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "credits[0].source.attributes.custom[1]",
    );
    let mut plan = product_and_category_plan();
    plan.components[1].group = Some(-1);
    let status = client
        .compute_earnings(request(plan, vec![credit_of(21, 1_000, 7, 3)]))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NEGATIVE",
        "plan.components[1].group",
    );
}

#[tokio::test]
async fn lines_at_four_places_settle_the_total_with_one_rounding_line() {
    let server = TestServer::start().await;
    let mut client = CompensationServiceClient::new(server.channel().await);
    let request = |places: i32, at: pb::RoundAt| {
        let mut plan = ten_percent_plan();
        plan.rounding = Some(pb::RoundingPolicy {
            at: at as i32,
            mode: pb::RoundingMode::HalfEven as i32,
            places,
        });
        if let Some(table) = plan.components[0].rate_table.as_mut() {
            table.tiers[0].rate = "0.0375".into();
        }
        let with_cents = |id, day, units, nanos| pb::CreditLine {
            amount: usd(units, nanos),
            ..credit(id, day, units)
        };
        pb::ComputeEarningsRequest {
            plan: Some(plan),
            participant_id: 1,
            credits: vec![
                with_cents(31, 5, 1_000, 50_000_000),
                with_cents(32, 6, 2_000, 30_000_000),
            ],
            fx: vec![],
            through: date(2026, 1, 31),
        }
    };
    let response = client
        .compute_earnings(request(4, pb::RoundAt::Places))
        .await
        .unwrap()
        .into_inner();
    // By hand: 1,000.05 × 3.75 % = 37.501875 → 37.5019 at 4 places
    // half-even; 2,000.03 × 3.75 % = 75.001125 → 75.0011. The lines sum to
    // 112.5030; the exact sum 112.503 rounds to 112.50, so one rounding
    // line of −0.0030 settles the statement.
    let amounts: Vec<_> = response.lines.iter().map(|l| l.amount.clone()).collect();
    assert_eq!(
        amounts,
        vec![usd(37, 501_900_000), usd(75, 1_100_000), usd(0, -3_000_000)]
    );
    assert_eq!(
        response.lines.last().map(|l| l.kind),
        Some(pb::LineKind::Rounding as i32)
    );
    assert_eq!(response.summary.unwrap().total, usd(112, 500_000_000));

    // Fewer places than the currency's cents is the core's check; places
    // with a rounding that does not use them is a contradiction.
    for (places, at, reason) in [
        (1, pb::RoundAt::Places, "SALESPHYSICS_OUT_OF_RANGE"),
        (4, pb::RoundAt::Line, "SALESPHYSICS_INVALID"),
    ] {
        let status = client
            .compute_earnings(request(places, at))
            .await
            .unwrap_err();
        let field = if at == pb::RoundAt::Places {
            "plan.rounding.at"
        } else {
            "plan.rounding.places"
        };
        assert_rejected(&status, Code::InvalidArgument, reason, field);
    }
}
