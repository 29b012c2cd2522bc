//! CapacityService: the plan, PODs and cost by hand and by the core.

use salesphysics_core::capacity::{
    plan_capacity, Driver, PlanCell, PlanInput, Ramp, RolePlan, Workload,
};
use salesphysics_core::{Currency, Decimal, Money, Role};
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::capacity_service_client::CapacityServiceClient;
use tonic::Code;

use crate::support::{assert_rejected, usd, TestServer};

/// One AE role handling 10 units a month per FTE, a linear 4-month ramp,
/// 10,000 a month per head; 40 units a month for 6 months; PODs of 2 AEs.
fn request() -> pb::PlanCapacityRequest {
    pb::PlanCapacityRequest {
        currency_code: "USD".into(),
        roles: vec![pb::RolePlan {
            role: pb::Role::AccountExecutive as i32,
            driver: Some(pb::Driver {
                kind: pb::DriverKind::Workload as i32,
                flow_per_fte: "10".into(),
                ..Default::default()
            }),
            ramp: Some(pb::Ramp {
                kind: pb::RampKind::Linear as i32,
                months: 4,
                table: vec![],
            }),
            annual_attrition: String::new(),
            hiring_lead_months: 0,
            monthly_cost: usd(10_000, 0),
        }],
        months: 6,
        segments: 1,
        starting_headcount: vec![],
        workload: vec![
            pb::Workload {
                flow: "40".into(),
                stock: String::new(),
            };
            6
        ],
        pods: vec![pb::PodDesign {
            kind: pb::PodKind::Inbound as i32,
            seats: vec![pb::PodSeat {
                role: 0,
                fte: "2".into(),
            }],
        }],
        ..Default::default()
    }
}

#[tokio::test]
async fn a_linear_ramp_plan_by_hand_and_by_the_core() {
    let server = TestServer::start().await;
    let mut client = CapacityServiceClient::new(server.channel().await);
    let response = client.plan_capacity(request()).await.unwrap().into_inner();

    // Need 40 ÷ 10 = 4 FTE from an empty team: 4 hires in month 0 deliver
    // 4 × 1/4, 2/4, 3/4, then 4 FTE; 4 heads × 10,000 = 40,000 a month;
    // 4 FTE in PODs of 2 AEs = 2 PODs.
    let hires: Vec<_> = response.cells.iter().map(|c| c.hires).collect();
    assert_eq!(hires, vec![4, 0, 0, 0, 0, 0]);
    let effective: Vec<_> = response
        .cells
        .iter()
        .map(|c| c.effective_fte.as_str())
        .collect();
    assert_eq!(effective, vec!["1", "2", "3", "4", "4", "4"]);
    assert_eq!(response.costs[0].total, usd(40_000, 0));
    assert_eq!(response.costs[0].role_lines, vec![usd(40_000, 0).unwrap()]);
    assert_eq!(response.pods.len(), 6);
    assert_eq!(response.pods[0].pods, 2);
    assert!(response.mismatches.is_empty());

    // The core on the same input gives the same cells.
    let roles = [RolePlan {
        role: Role::AccountExecutive,
        driver: Driver::Workload {
            flow_per_fte: Decimal::from_int(10),
            stock_per_fte: None,
        },
        ramp: Ramp::Linear { months: 4 },
        annual_attrition: Decimal::ZERO,
        hiring_lead_months: 0,
        monthly_cost: Money::new(Decimal::from_int(10_000), Currency::USD),
    }];
    let workload = vec![
        Workload {
            flow: Decimal::from_int(40),
            stock: Decimal::ZERO,
        };
        6
    ];
    let input = PlanInput {
        currency: Currency::USD,
        roles: &roles,
        months: 6,
        segments: 1,
        starting_headcount: &[0],
        workload: &workload,
    };
    let mut cells = vec![PlanCell::EMPTY; 6];
    plan_capacity(&input, &mut cells).unwrap();
    for (proto, core) in response.cells.iter().zip(&cells) {
        assert_eq!(proto.need_fte, core.need_fte.to_string());
        assert_eq!(proto.ending_headcount, core.ending_headcount.to_string());
        assert_eq!(proto.gap_fte, core.gap_fte.to_string());
    }
}

#[tokio::test]
async fn capacity_errors_name_the_field() {
    let server = TestServer::start().await;
    let mut client = CapacityServiceClient::new(server.channel().await);

    let mut bad = request();
    bad.roles[0].driver.as_mut().unwrap().flow_per_fte = "0".into();
    let status = client.plan_capacity(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NOT_POSITIVE",
        "roles[0].driver.flow_per_fte",
    );

    let mut bad = request();
    bad.roles[0].ramp.as_mut().unwrap().kind = 0;
    let status = client.plan_capacity(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "roles[0].ramp.kind",
    );

    let mut bad = request();
    bad.new_mrr = vec![usd(1, 0).unwrap(); 5];
    let status = client.plan_capacity(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "new_mrr",
    );
}
