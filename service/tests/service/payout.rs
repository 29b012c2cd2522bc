//! PayoutService: the statement against the core's documented example,
//! state carried to the next month, the atomic batch and the stream.

use salesphysics_core::payout::{OwnedStatement, OwnedStatementRequest};
use salesphysics_core::Money;
use salesphysics_service::pb::google::r#type as gtype;
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::payout_service_client::PayoutServiceClient;
use tokio_stream::StreamExt as _;
use tonic::Code;

use crate::compensation::{credit_note_credits, example_credit, ten_percent_plan, two_tier_plan};
use crate::support::{assert_rejected, date, usd, TestServer};

const EXAMPLE: &str = include_str!("../data/payout_statement_request.json");

fn money(value: Money) -> Option<gtype::Money> {
    let (units, nanos) = value.amount().to_units_nanos().unwrap();
    Some(gtype::Money {
        currency_code: value.currency().code().into(),
        units,
        nanos,
    })
}

/// The core's example request (core/tests/data/json), in proto form: the
/// ten-percent plan, a 50 % holdback released at go-live, one 4,800 credit.
pub fn january() -> pb::ComputeStatementRequest {
    pb::ComputeStatementRequest {
        participant_id: 1,
        period: Some(pb::Period {
            first: date(2026, 1, 1),
            last: date(2026, 1, 31),
        }),
        plan: Some(ten_percent_plan()),
        policy: Some(pb::PayoutPolicy {
            holdbacks: vec![pb::HoldbackRule {
                id: 20,
                kinds: vec![pb::TransactionKind::New as i32],
                share: "0.5".into(),
                condition: Some(pb::ReleaseCondition {
                    kind: pb::ReleaseConditionKind::CustomerLive as i32,
                    ..Default::default()
                }),
                steps: vec![],
            }],
            ..Default::default()
        }),
        relief: None,
        credits: vec![example_credit()],
        events: vec![],
        fx: vec![],
        fx_date: date(2026, 1, 31),
        state: None,
        view: pb::StatementView::Unspecified as i32,
    }
}

fn february(state: pb::PayoutState) -> pb::ComputeStatementRequest {
    pb::ComputeStatementRequest {
        period: Some(pb::Period {
            first: date(2026, 2, 1),
            last: date(2026, 2, 28),
        }),
        events: vec![pb::PayoutEvent {
            transaction_id: 7,
            kind: pb::EventKind::CustomerLive as i32,
            date: date(2026, 2, 10),
            level: "1".into(),
        }],
        fx_date: date(2026, 2, 28),
        state: Some(state),
        ..january()
    }
}

fn assert_same_figures(proto: &pb::ComputeStatementResponse, core: &OwnedStatement) {
    let statement = proto.statement.as_ref().unwrap();
    assert_eq!(statement.net, money(core.statement.net));
    let totals = statement.totals.as_ref().unwrap();
    assert_eq!(totals.earned, money(core.statement.totals.earned));
    assert_eq!(totals.held, money(core.statement.totals.held));
    assert_eq!(totals.released, money(core.statement.totals.released));
    assert_eq!(totals.paid, money(core.statement.totals.paid));
    let amounts: Vec<_> = proto.lines.iter().map(|l| l.amount.clone()).collect();
    let expected: Vec<_> = core.lines.iter().map(|l| money(l.amount)).collect();
    assert_eq!(amounts, expected);
    assert_eq!(proto.earnings_lines.len(), core.earnings.len());
}

#[tokio::test]
async fn the_statement_matches_the_core_and_carries_its_state_to_the_next_month() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let jan = client
        .compute_statement(january())
        .await
        .unwrap()
        .into_inner();

    // 4,800 MRR × 10 % = 480.00 earned; half held until go-live, so
    // 240.00 is paid; the earnings line points at its explanation.
    let statement = jan.statement.as_ref().unwrap();
    assert_eq!(statement.net, usd(240, 0));
    assert_eq!(statement.totals.as_ref().unwrap().earned, usd(480, 0));
    let kinds: Vec<_> = jan.lines.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        vec![
            pb::PayoutLineKind::Earnings as i32,
            pb::PayoutLineKind::Hold as i32
        ]
    );
    let explanation = &jan.earnings_lines[jan.lines[0].earnings.unwrap() as usize];
    assert_eq!(
        (
            explanation.credit.as_str(),
            explanation.rate.as_str(),
            explanation.tier
        ),
        ("4800", "0.1", Some(0))
    );
    let state = jan.state.clone().unwrap();
    assert_eq!(state.holds.len(), 1);

    // The core, on its own JSON form of the same request, agrees.
    let (core_jan, core_feb) = {
        let request: OwnedStatementRequest = serde_json::from_str(EXAMPLE).unwrap();
        let jan = request.compute().unwrap();
        let mut next = request.clone();
        next.period = salesphysics_core::Period::month(2026, 2).unwrap();
        next.fx_date = next.period.last();
        next.events = vec![salesphysics_core::payout::PayoutEvent {
            transaction_id: 7,
            kind: salesphysics_core::payout::EventKind::CustomerLive,
            date: salesphysics_core::Date::new(2026, 2, 10).unwrap(),
            level: "1".parse().unwrap(),
        }];
        next.state = jan.state.clone();
        let feb = next.compute().unwrap();
        (jan, feb)
    };
    assert_same_figures(&jan, &core_jan);

    // February: the customer goes live, the 240.00 held is released.
    let feb = client
        .compute_statement(february(state))
        .await
        .unwrap()
        .into_inner();
    assert_same_figures(&feb, &core_feb);
    let released = feb
        .statement
        .as_ref()
        .unwrap()
        .totals
        .as_ref()
        .unwrap()
        .released
        .clone();
    assert_eq!(released, usd(240, 0));
}

#[tokio::test]
async fn statement_errors_name_the_field() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let mut bad = january();
    bad.credits[0].amount = usd(4_800, -1);
    let status = client.compute_statement(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "credits[0].amount.nanos",
    );

    let mut bad = january();
    bad.plan.as_mut().unwrap().components[0]
        .rate_table
        .as_mut()
        .unwrap()
        .tiers[0]
        .rate = "ten percent".into();
    let status = client.compute_statement(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_PARSE",
        "plan.components[0].rate_table.tiers[0].rate",
    );
}

fn second_participant() -> pb::ComputeStatementRequest {
    let mut request = january();
    request.participant_id = 2;
    request.credits[0].participant_id = 2;
    request.credits[0].credited_from = 2;
    request.credits[0].amount = usd(1_234, 560_000_000);
    request
}

#[tokio::test]
async fn the_basic_view_carries_the_same_figures_and_state_without_lines() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let full = client
        .compute_statement(january())
        .await
        .unwrap()
        .into_inner();
    let basic = client
        .compute_statement(pb::ComputeStatementRequest {
            view: pb::StatementView::Basic as i32,
            ..january()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!full.lines.is_empty() && !full.earnings_lines.is_empty());
    assert!(basic.lines.is_empty() && basic.earnings_lines.is_empty());
    assert_eq!(basic.statement, full.statement);
    assert_eq!(basic.state, full.state);
    // The view is not an input: the fingerprint is the same.
    assert_eq!(basic.input_fingerprint, full.input_fingerprint);
    // An unknown view is refused, naming the field.
    let status = client
        .compute_statement(pb::ComputeStatementRequest {
            view: 99,
            ..january()
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "view",
    );
}

#[tokio::test]
async fn a_large_batch_runs_in_parallel_and_reports_the_first_bad_statement() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let statements: Vec<_> = (0..64)
        .map(|i| {
            if i % 2 == 0 {
                january()
            } else {
                second_participant()
            }
        })
        .collect();
    let batch = client
        .batch_compute_statements(pb::BatchComputeStatementsRequest {
            statements: statements.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    // In request order, whatever thread computed each.
    let firsts = [&batch.statements[0], &batch.statements[1]];
    for (i, statement) in batch.statements.iter().enumerate() {
        assert_eq!(statement, firsts[i % 2], "statement {i}");
    }
    // Bad statements in several chunks: the first by index is reported,
    // every time.
    let mut bad = statements;
    for i in [40, 9, 63] {
        bad[i].credits[0].share = "half".into();
    }
    for _ in 0..3 {
        let status = client
            .batch_compute_statements(pb::BatchComputeStatementsRequest {
                statements: bad.clone(),
            })
            .await
            .unwrap_err();
        assert_rejected(
            &status,
            Code::InvalidArgument,
            "SALESPHYSICS_PARSE",
            "statements[9].credits[0].share",
        );
    }
}

#[tokio::test]
async fn the_batch_is_ordered_atomic_and_equal_to_single_calls_and_to_the_stream() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let statements = vec![january(), second_participant()];
    let batch = client
        .batch_compute_statements(pb::BatchComputeStatementsRequest {
            statements: statements.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(batch.statements.len(), 2);
    for (request, from_batch) in statements.iter().zip(&batch.statements) {
        let single = client
            .compute_statement(request.clone())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(&single, from_batch);
    }
    // 1,234.56 × 10 % = 123.456 → 123.46 (half-even to the cent), half held.
    let second = batch.statements[1].statement.as_ref().unwrap();
    assert_eq!(
        second.totals.as_ref().unwrap().earned,
        usd(123, 460_000_000)
    );

    // The stream gives the batch's statements, in order.
    let outbound = tokio_stream::iter(
        statements
            .clone()
            .into_iter()
            .map(|s| pb::StreamStatementsRequest { statement: Some(s) }),
    );
    let streamed: Vec<_> = client
        .stream_statements(outbound)
        .await
        .unwrap()
        .into_inner()
        .map(|r| r.unwrap().statement.unwrap())
        .collect()
        .await;
    assert_eq!(streamed, batch.statements);

    // One bad statement fails the whole batch, naming it.
    let mut bad = second_participant();
    bad.credits[0].share = "half".into();
    let status = client
        .batch_compute_statements(pb::BatchComputeStatementsRequest {
            statements: vec![january(), bad.clone()],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_PARSE",
        "statements[1].credits[0].share",
    );

    // The stream answers the good one, then ends with the same error.
    let outbound = tokio_stream::iter(
        [january(), bad]
            .into_iter()
            .map(|s| pb::StreamStatementsRequest { statement: Some(s) }),
    );
    let results: Vec<_> = client
        .stream_statements(outbound)
        .await
        .unwrap()
        .into_inner()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0].as_ref().unwrap().statement.as_ref(),
        Some(&batch.statements[0])
    );
    let status = results[1].as_ref().unwrap_err();
    assert_rejected(
        status,
        Code::InvalidArgument,
        "SALESPHYSICS_PARSE",
        "statements[1].credits[0].share",
    );

    // Over the statement cap: RESOURCE_EXHAUSTED naming the list.
    let status = client
        .batch_compute_statements(pb::BatchComputeStatementsRequest {
            statements: vec![
                pb::ComputeStatementRequest::default();
                salesphysics_service::api::payout::MAX_STATEMENTS + 1
            ],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::ResourceExhausted,
        "SALESPHYSICS_TOO_MANY",
        "statements",
    );
}

#[tokio::test]
async fn a_credit_note_in_a_statement_points_at_the_line_it_reverses() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let response = client
        .compute_statement(pb::ComputeStatementRequest {
            plan: Some(two_tier_plan()),
            policy: None,
            credits: credit_note_credits(),
            ..january()
        })
        .await
        .unwrap()
        .into_inner();
    // As in ComputeEarnings (compensation.rs): 800 + 200 + 300 earned,
    // the 1,000 note on the 4,000 takes back a quarter of its two slices,
    // −50 at 10 % and −75 at 15 %; no policy, so the net is 1,175.
    assert_eq!(response.statement.as_ref().unwrap().net, usd(1_175, 0));
    let reversed: Vec<_> = response
        .lines
        .iter()
        .filter_map(|l| l.earnings)
        .map(|i| &response.earnings_lines[i as usize])
        .filter_map(|l| Some((l.amount.clone(), l.reverses?)))
        .collect();
    assert_eq!(reversed, vec![(usd(-50, 0), 1), (usd(-75, 0), 2)]);
    // Each reversed index is the original's slice, at the same tier.
    for (note, original) in [(3, 1), (4, 2)] {
        let note = &response.earnings_lines[note];
        assert_eq!(note.reverses, Some(original as i32));
        let original = &response.earnings_lines[original];
        assert_eq!(
            (note.tier, note.rate.as_str()),
            (original.tier, original.rate.as_str())
        );
    }
}

/// January with a clawback of half the commission on a churn within 180
/// days (Core8's "early termination triggers a 50 % clawback").
fn january_with_half_clawback() -> pb::ComputeStatementRequest {
    let mut request = january();
    if let Some(policy) = request.policy.as_mut() {
        policy.clawbacks = vec![pb::ClawbackRule {
            id: 30,
            kinds: vec![pb::TransactionKind::New as i32],
            window_days: 180,
            method: pb::ClawbackMethod::Full as i32,
            instalments: 1,
            share: "0.5".into(),
        }];
    }
    request
}

#[tokio::test]
async fn a_half_clawback_share_recovers_half_of_what_was_paid() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let jan = client
        .compute_statement(january_with_half_clawback())
        .await
        .unwrap()
        .into_inner();
    // 4,800 × 10 % = 480 earned, half held until go-live: 240 paid.
    assert_eq!(jan.statement.as_ref().unwrap().net, usd(240, 0));

    // The customer churns on 10 February (26 days after booking, inside
    // the 180-day window). By hand, under a 50 % share: 240 paid × 0.5 =
    // 120 clawed back; of the 240 still held, 240 × 0.5 = 120 is
    // cancelled and the other 120, which the rep keeps, released. Net
    // −120 + 120 = 0; the rep keeps 240 − 120 + 120 = 240, half of 480.
    let mut feb = february(jan.state.clone().unwrap());
    feb.policy = january_with_half_clawback().policy;
    feb.events[0].kind = pb::EventKind::Churn as i32;
    let feb = client.compute_statement(feb).await.unwrap().into_inner();
    let lines: Vec<_> = feb
        .lines
        .iter()
        .map(|l| (l.kind, l.rule_id, l.amount.clone()))
        .collect();
    assert!(
        lines.contains(&(pb::PayoutLineKind::Clawback as i32, 30, usd(-120, 0))),
        "{lines:?}"
    );
    assert!(
        lines.contains(&(pb::PayoutLineKind::Release as i32, 20, usd(120, 0))),
        "{lines:?}"
    );
    let statement = feb.statement.as_ref().unwrap();
    assert_eq!(statement.net, usd(0, 0));
    let totals = statement.totals.as_ref().unwrap();
    assert_eq!(totals.clawed_back, usd(120, 0));
    assert_eq!(totals.cancelled, usd(120, 0));

    // The share survives the client's direction both ways.
    let core =
        salesphysics_service::convert::payout::statement_request(&january_with_half_clawback())
            .unwrap();
    assert_eq!(
        core.policy.clawbacks[0].method,
        salesphysics_core::payout::ClawbackMethod::Share {
            share: "0.5".parse().unwrap(),
            of: salesphysics_core::payout::ClawbackBasis::Full,
        }
    );
    let back = salesphysics_service::convert::payout::statement_request_out(&core).unwrap();
    assert_eq!(back.policy.unwrap().clawbacks[0].share, "0.5");

    // A share above 1 is the core's rule, named as the client wrote it.
    let mut bad = january_with_half_clawback();
    bad.policy.as_mut().unwrap().clawbacks[0].share = "1.5".into();
    let status = client.compute_statement(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "policy.clawbacks[0].share",
    );
}

/// An amount in `code`.
fn amount_in(code: &str, units: i64, nanos: i32) -> Option<gtype::Money> {
    Some(gtype::Money {
        currency_code: code.into(),
        units,
        nanos,
    })
}

/// `from` → USD at `rate`, in force from `as_of`.
fn to_usd(from: &str, rate: &str, as_of: Option<gtype::Date>) -> pb::DatedFxRate {
    pb::DatedFxRate {
        rate: Some(pb::FxRate {
            from_currency_code: from.into(),
            to_currency_code: "USD".into(),
            rate: rate.into(),
        }),
        as_of,
    }
}

/// January's statement under the plain ten-percent plan and `fx` policy
/// for one foreign deal of `amount` booked on `on`.
fn foreign_january(
    amount: Option<gtype::Money>,
    on: Option<gtype::Date>,
    rates: Vec<pb::DatedFxRate>,
    fx: Option<pb::FxPolicy>,
) -> pb::ComputeStatementRequest {
    let mut credit = example_credit();
    credit.amount = amount;
    credit.source.as_mut().unwrap().date = on;
    pb::ComputeStatementRequest {
        policy: Some(pb::PayoutPolicy {
            fx,
            ..Default::default()
        }),
        credits: vec![credit],
        fx: rates,
        ..january()
    }
}

fn fx_policy(rate_date: pb::FxRateDate, order: pb::FxOrder) -> Option<pb::FxPolicy> {
    Some(pb::FxPolicy {
        rate_date: rate_date as i32,
        order: order as i32,
    })
}

#[tokio::test]
async fn rate_then_convert_rounds_once_where_the_default_loses_a_cent() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    // core/tests/payout_fx.rs,
    // rate_then_convert_rounds_once_where_convert_then_rate_loses_a_cent:
    // EUR 1,000.05 at 1.0850, 10 %.
    //   Default (statement date, convert then rate): 1,000.05 × 1.0850 =
    //     1,085.05425 → 1,085.05; × 10 % = 108.505 → 108.50 (half-even).
    //   Locked at posting, rate then convert: 1,000.05 × 10 % × 1.0850 =
    //     108.5054250 → 108.51, one rounding.
    let request = |fx| {
        foreign_january(
            amount_in("EUR", 1_000, 50_000_000),
            date(2026, 1, 10),
            vec![to_usd("EUR", "1.0850", date(2026, 1, 1))],
            fx,
        )
    };
    let unset = pb::FxPolicy::default();
    for (fx, paid) in [
        (None, usd(108, 500_000_000)),
        (Some(unset), usd(108, 500_000_000)),
        (
            fx_policy(pb::FxRateDate::StatementDate, pb::FxOrder::ConvertThenRate),
            usd(108, 500_000_000),
        ),
        (
            fx_policy(pb::FxRateDate::PostingDate, pb::FxOrder::RateThenConvert),
            usd(108, 510_000_000),
        ),
    ] {
        let response = client
            .compute_statement(request(fx))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(response.statement.unwrap().net, paid, "{fx:?}");
        // The earnings line names the rate it used: index 0 of `fx`.
        let line = &response.lines[0];
        assert_eq!(
            (line.kind, line.fx),
            (pb::PayoutLineKind::Earnings as i32, Some(0))
        );
    }
}

#[tokio::test]
async fn a_deal_locked_at_its_posting_rate_is_not_trued_up_when_the_rate_moves() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    // iDynamics Commissions (core/tests/data/fx_policy.json,
    // "idynamics-posted-rate"): GBP 1,000 posted at 1.22, 10 %: USD 122.
    // From 1 February the rate is 1.25. Locked, February pays nothing
    // more; re-converted at the statement date it trues up
    // 1,000 × 1.25 × 10 % − 122 = 3.
    let rates = vec![
        to_usd("GBP", "1.22", date(2026, 1, 1)),
        to_usd("GBP", "1.25", date(2026, 2, 1)),
    ];
    for (fx, february_net) in [
        (
            fx_policy(pb::FxRateDate::PostingDate, pb::FxOrder::RateThenConvert),
            usd(0, 0),
        ),
        (
            fx_policy(pb::FxRateDate::StatementDate, pb::FxOrder::RateThenConvert),
            usd(3, 0),
        ),
    ] {
        let jan = foreign_january(
            amount_in("GBP", 1_000, 0),
            date(2026, 1, 5),
            rates.clone(),
            fx,
        );
        let answer = client
            .compute_statement(jan.clone())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(answer.statement.unwrap().net, usd(122, 0), "{fx:?}");
        let feb = pb::ComputeStatementRequest {
            period: Some(pb::Period {
                first: date(2026, 2, 1),
                last: date(2026, 2, 28),
            }),
            fx_date: date(2026, 2, 28),
            state: answer.state,
            ..jan
        };
        let answer = client.compute_statement(feb).await.unwrap().into_inner();
        assert_eq!(answer.statement.unwrap().net, february_net, "{fx:?}");
    }
}

#[tokio::test]
async fn a_bad_fx_policy_names_its_field_and_unset_keeps_the_documented_fingerprint() {
    let server = TestServer::start().await;
    let mut client = PayoutServiceClient::new(server.channel().await);
    let with_fx = |fx: pb::FxPolicy| {
        let mut request = january();
        request.policy.as_mut().unwrap().fx = Some(fx);
        request
    };
    let status = client
        .compute_statement(with_fx(pb::FxPolicy {
            rate_date: 7,
            order: 0,
        }))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "policy.fx.rate_date",
    );
    let status = client
        .compute_statement(with_fx(pb::FxPolicy {
            rate_date: 0,
            order: -1,
        }))
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "policy.fx.order",
    );

    // The documented request (docs/api.md, PayoutService.ComputeStatement)
    // keeps its fingerprint, with the FX policy left out or written out as
    // the default.
    const DOCUMENTED: &str = "b778a615e29a6e817e7807f63721c7cc1e98536bd49b97e719c3880bdfea9882";
    assert!(include_str!("../../../docs/api.md").contains(DOCUMENTED));
    let explicit = with_fx(pb::FxPolicy {
        rate_date: pb::FxRateDate::StatementDate as i32,
        order: pb::FxOrder::ConvertThenRate as i32,
    });
    for request in [january(), with_fx(pb::FxPolicy::default()), explicit] {
        let response = client
            .compute_statement(request)
            .await
            .unwrap()
            .into_inner();
        assert_eq!(response.input_fingerprint, DOCUMENTED);
    }
    // A locked rate is another input.
    let locked = with_fx(pb::FxPolicy {
        rate_date: pb::FxRateDate::PostingDate as i32,
        order: 0,
    });
    let response = client.compute_statement(locked).await.unwrap().into_inner();
    assert_ne!(response.input_fingerprint, DOCUMENTED);
}
