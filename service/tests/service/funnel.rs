//! FunnelService: hand-worked figures, the core's own results and exact
//! error paths.

use salesphysics_core::funnel::{mrr_ceiling, MrrCeiling};
use salesphysics_core::{Currency, Money};
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::funnel_service_client::FunnelServiceClient;
use tonic::transport::Channel;
use tonic::Code;

use crate::support::{assert_rejected, usd, TestServer};

async fn client(server: &TestServer) -> FunnelServiceClient<Channel> {
    FunnelServiceClient::new(server.channel().await)
}

#[tokio::test]
async fn a_recognized_revenue_goal_follows_the_rule_of_78() {
    let server = TestServer::start().await;
    let response = client(&server)
        .await
        .plan_revenue_goal(pb::PlanRevenueGoalRequest {
            goal: Some(pb::RevenueGoal {
                meaning: pb::GoalMeaning::RecognizedRevenue as i32,
                amount: usd(780_000, 0),
                basis: Some(pb::RevenueBasis {
                    horizon_months: 12,
                    billing: pb::Billing::FromBookingMonth as i32,
                    ..Default::default()
                }),
                rounding: pb::RoundingMode::Unspecified as i32,
            }),
        })
        .await
        .unwrap()
        .into_inner();
    // 1 + 2 + … + 12 = 78 month-equivalents; 780,000 ÷ 78 = 10,000 a month.
    let plan = response.plan.unwrap();
    assert_eq!(plan.compounded_months, "78");
    assert_eq!(plan.new_mrr_per_month, usd(10_000, 0));
    assert_eq!(response.new_mrr_schedule, vec![usd(10_000, 0).unwrap(); 12]);
    assert_eq!(
        response.engine_version,
        salesphysics_service::ENGINE_VERSION
    );
}

fn one_segment_model() -> pb::FunnelModel {
    pb::FunnelModel {
        currency_code: "USD".into(),
        stages: vec![pb::Stage::Sql as i32, pb::Stage::Commit as i32],
        channels: vec![pb::Channel::Inbound as i32],
        segments: vec![pb::SegmentFunnel {
            mrr_per_deal: usd(500, 0),
            mrr_share: "1".into(),
            channels: vec![pb::ChannelFunnel {
                share: "1".into(),
                steps: vec![pb::Step {
                    conversion_rate: "0.25".into(),
                    lag_months: "1".into(),
                }],
            }],
        }],
    }
}

#[tokio::test]
async fn reverse_funnel_turns_new_mrr_into_sqls_a_month_early() {
    let server = TestServer::start().await;
    let response = client(&server)
        .await
        .compute_reverse_funnel(pb::ComputeReverseFunnelRequest {
            model: Some(one_segment_model()),
            new_mrr: vec![usd(10_000, 0).unwrap(); 12],
        })
        .await
        .unwrap()
        .into_inner();
    // 10,000 ÷ 500 = 20 wins a month; at 25 % that is 80 SQLs, entered one
    // month before (lead month 1): table month 0 holds goal month 0's SQLs.
    let layout = response.layout.unwrap();
    assert_eq!((layout.lead_months, layout.horizon_months), (1, 12));
    assert_eq!(response.volumes.len(), 13 * 2);
    assert_eq!(response.whole_units[0], 80); // (month 0, SQL)
    assert_eq!(response.whole_units[3], 20); // (month 1, Commit)
                                             // The 20 wins of each goal month book 20 × 500 = 10,000 of new MRR;
                                             // the lead month books nothing.
    assert_eq!(response.bookings.len(), 13);
    assert_eq!(response.bookings[0].new_logos, "0");
    assert_eq!(response.bookings[1].new_logos, "20");
    assert_eq!(response.bookings[12].new_mrr, usd(10_000, 0));

    // Shares that do not sum to 1 are a core rule, named at the list.
    let mut model = one_segment_model();
    model.segments[0].channels[0].share = "0.9".into();
    let status = client(&server)
        .await
        .compute_reverse_funnel(pb::ComputeReverseFunnelRequest {
            model: Some(model),
            new_mrr: vec![usd(10_000, 0).unwrap(); 12],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "model.segments[0].channels",
    );
}

#[tokio::test]
async fn forward_projection_books_what_enters_the_funnel() {
    let server = TestServer::start().await;
    // 80 SQLs enter in each of the 13 table months: 20 wins a month from
    // table month 1 on, 20 × 500 = 10,000 of new MRR.
    let response = client(&server)
        .await
        .project_forward(pb::ProjectForwardRequest {
            model: Some(one_segment_model()),
            horizon_months: 12,
            entering: vec!["80".into(); 13],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.bookings.len(), 13);
    assert_eq!(response.bookings[0].new_logos, "0");
    assert_eq!(response.bookings[1].new_logos, "20");
    assert_eq!(response.bookings[1].new_mrr, usd(10_000, 0));

    let status = client(&server)
        .await
        .project_forward(pb::ProjectForwardRequest {
            model: Some(one_segment_model()),
            horizon_months: 12,
            entering: vec!["80".into(); 12],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "entering",
    );
}

#[tokio::test]
async fn mrr_bridge_month_by_hand() {
    let server = TestServer::start().await;
    let response = client(&server)
        .await
        .compute_mrr_bridge(pb::ComputeMrrBridgeRequest {
            input: Some(pb::BridgeInput {
                starting_mrr: usd(10_000, 0),
                starting_logos: "100".into(),
                expansion_rate: "0.02".into(),
                contraction_rate: "0.01".into(),
                revenue_churn_rate: "0.03".into(),
                logo_churn_rate: "0.02".into(),
                rounding: 0,
            }),
            bookings: vec![pb::Bookings {
                new_logos: "5".into(),
                new_mrr: usd(2_500, 0),
            }],
        })
        .await
        .unwrap()
        .into_inner();
    // 10,000 + 2,500 + 200 − 100 − 300 = 12,300; 100 + 5 − 2 = 103 logos.
    let month = &response.months[0];
    assert_eq!(month.expansion_mrr, usd(200, 0));
    assert_eq!(month.contraction_mrr, usd(100, 0));
    assert_eq!(month.churned_mrr, usd(300, 0));
    assert_eq!(month.ending_mrr, usd(12_300, 0));
    assert_eq!(month.ending_logos, "103");

    let status = client(&server)
        .await
        .compute_mrr_bridge(pb::ComputeMrrBridgeRequest {
            input: Some(pb::BridgeInput {
                starting_mrr: usd(10_000, 0),
                revenue_churn_rate: "1.5".into(),
                ..Default::default()
            }),
            bookings: vec![],
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "input.revenue_churn_rate",
    );
}

#[tokio::test]
async fn unit_economics_by_hand_and_by_the_core() {
    let server = TestServer::start().await;
    let response = client(&server)
        .await
        .compute_unit_economics(pb::ComputeUnitEconomicsRequest {
            cac: Some(pb::CacInput {
                spend: usd(60_000, 0),
                new_customers: "10".into(),
            }),
            payback: Some(pb::PaybackInput {
                cac: usd(6_000, 0),
                mrr_per_customer: usd(500, 0),
                gross_margin: "0.8".into(),
                monthly_net_expansion: String::new(),
            }),
            lifetime_value: Some(pb::LifetimeValueInput {
                arpa: usd(500, 0),
                gross_margin: "0.8".into(),
                monthly_churn: "0.02".into(),
                ..Default::default()
            }),
            movement: Some(pb::MrrMovement {
                starting_mrr: usd(100_000, 0),
                new_mrr: usd(10_000, 0),
                expansion_mrr: usd(5_000, 0),
                contraction_mrr: usd(2_000, 0),
                churned_mrr: usd(3_000, 0),
            }),
            mrr_ceiling: Some(pb::MrrCeilingInput {
                new_mrr_per_month: usd(10_000, 0),
                monthly_churn: "0.02".into(),
                monthly_expansion: String::new(),
            }),
            pipeline_velocity: Some(pb::PipelineVelocityInput {
                open_opportunities: "50".into(),
                win_rate: "0.25".into(),
                average_deal: usd(4_000, 0),
                cycle_days: "25".into(),
            }),
        })
        .await
        .unwrap()
        .into_inner();
    // 60,000 ÷ 10 = 6,000 CAC; 6,000 ÷ (500 × 0.8) = 15 months (Skok);
    // LTV 500 × 0.8 ÷ 0.02 = 20,000; LTV:CAC 20,000 ÷ 6,000 = 3.333333333.
    assert_eq!(response.cac, usd(6_000, 0));
    assert_eq!(response.payback_months.as_deref(), Some("15"));
    assert_eq!(response.lifetime_value, usd(20_000, 0));
    assert_eq!(
        response.ltv_to_cac.unwrap().value.as_deref(),
        Some("3.333333333")
    );
    // NRR (100,000 + 5,000 − 2,000 − 3,000) ÷ 100,000 = 1; GRR 0.95; quick
    // ratio (10,000 + 5,000) ÷ (2,000 + 3,000) = 3.
    assert_eq!(response.net_revenue_retention.as_deref(), Some("1"));
    assert_eq!(response.gross_revenue_retention.as_deref(), Some("0.95"));
    assert_eq!(response.quick_ratio.unwrap().value.as_deref(), Some("3"));
    // 50 × 0.25 × 4,000 ÷ 25 days = 2,000 a day.
    assert_eq!(response.pipeline_velocity, usd(2_000, 0));
    // The ceiling as the core computes it.
    let MrrCeiling::Finite(ceiling) = mrr_ceiling(
        Money::parse("10000", Currency::USD).unwrap(),
        "0.02".parse().unwrap(),
        "0".parse().unwrap(),
    )
    .unwrap() else {
        panic!("finite ceiling expected");
    };
    assert_eq!(ceiling.to_string(), "500000.00 USD");
    assert_eq!(response.mrr_ceiling, usd(500_000, 0));

    let status = client(&server)
        .await
        .compute_unit_economics(pb::ComputeUnitEconomicsRequest {
            lifetime_value: Some(pb::LifetimeValueInput {
                arpa: usd(500, 0),
                gross_margin: "1.5".into(),
                monthly_churn: "0.02".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "lifetime_value.gross_margin",
    );
}

#[tokio::test]
async fn littles_law_and_release_rate() {
    let server = TestServer::start().await;
    let response = client(&server)
        .await
        .compute_work_in_progress(pb::ComputeWorkInProgressRequest {
            arrivals_per_month: "40".into(),
            months_in_stage: "1.5".into(),
            reps: Some("4".into()),
            wip_cap_per_rep: Some("10".into()),
        })
        .await
        .unwrap()
        .into_inner();
    // 40 × 1.5 = 60 in progress, 15 per rep; a cap of 10 per rep releases
    // 10 × 4 ÷ 1.5 = 26.666666667 a month.
    assert_eq!(response.wip, "60");
    assert_eq!(response.wip_per_rep.as_deref(), Some("15"));
    assert_eq!(
        response.release_rate.unwrap().value.as_deref(),
        Some("26.666666667")
    );

    let status = client(&server)
        .await
        .compute_work_in_progress(pb::ComputeWorkInProgressRequest {
            arrivals_per_month: "-1".into(),
            months_in_stage: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NEGATIVE",
        "arrivals_per_month",
    );
}

#[tokio::test]
async fn lead_sla_pending_then_due() {
    let server = TestServer::start().await;
    let request = |now| pb::EvaluateLeadSlaRequest {
        lead: Some(pb::LeadTimeline {
            stage: pb::Stage::Mql as i32,
            assigned_at: Some(1_000),
            ..Default::default()
        }),
        rules: vec![pb::SlaRule {
            stage: pb::Stage::Mql as i32,
            from: pb::Milestone::Assigned as i32,
            until: pb::Milestone::Worked as i32,
            within_seconds: 3_600,
            action: pb::SlaAction::Reassign as i32,
        }],
        now,
    };
    // Assigned at 1,000 with an hour to work it: due at 4,600.
    let pending = client(&server)
        .await
        .evaluate_lead_sla(request(2_000))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(pending.state, pb::SlaState::Pending as i32);
    assert_eq!((pending.rule, pending.due_at), (0, 4_600));
    let due = client(&server)
        .await
        .evaluate_lead_sla(request(5_000))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(due.state, pb::SlaState::Due as i32);
    assert_eq!(due.action, pb::SlaAction::Reassign as i32);

    let mut bad = request(5_000);
    bad.rules[0].until = 9;
    let status = client(&server)
        .await
        .evaluate_lead_sla(bad)
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "rules[0].until",
    );
}
