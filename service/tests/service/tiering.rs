//! ClassifyAccounts: figures against hand-worked values and the core,
//! errors with exact paths, caps, determinism and the fingerprint.

use prost::Message;
use salesphysics_core::tiering::{classify, cost_alignment, ValidatedPolicy, DEFAULT_POLICY};
use salesphysics_core::{Currency, Money};
use salesphysics_service::pb::salesphysics::v1 as pb;
use salesphysics_service::pb::salesphysics::v1::tiering_service_client::TieringServiceClient;
use tonic::Code;

use crate::support::{assert_rejected, raw_unary, usd, TestServer};

fn account(id: i64, value: i64, decision_makers: i64, integration: bool) -> pb::Account {
    pb::Account {
        id,
        first_year_value: usd(value, 0),
        decision_makers,
        technical_integration: integration,
        ..Default::default()
    }
}

/// Four accounts against the core's DEFAULT_POLICY (rules: 0 value ≥ 100k
/// → Enterprise; 1 ≥ 3 decision makers + integration → Enterprise; 2
/// 25k–100k → Mid-market; 3 5k–25k → SMB; 4 < 5k → VSB; motion costs
/// 0 / 5,000 / 100,000, threshold 1× value).
fn four_accounts() -> Vec<pb::Account> {
    vec![
        account(1, 150_000, 0, false),
        account(2, 12_000, 0, false),
        account(3, 8_000, 4, true),
        account(4, 0, 0, false),
    ]
}

#[tokio::test]
async fn default_policy_figures_match_hand_worked_values_and_the_core() {
    let server = TestServer::start().await;
    let mut client = TieringServiceClient::new(server.channel().await);
    let response = client
        .classify_accounts(pb::ClassifyAccountsRequest {
            policy: None,
            accounts: four_accounts(),
        })
        .await
        .unwrap()
        .into_inner();
    let o = &response.outcomes;
    assert_eq!(o.len(), 4);

    // 150,000 ≥ 100,000: rule 0, Enterprise, field sales; cost ratio
    // 100,000 ÷ 150,000 = 0.6667 (4 places, half-even); aligned.
    let c = o[0].classification.as_ref().unwrap();
    assert_eq!((c.tier, c.matched_rule), (3, 0));
    assert_eq!(c.motion, pb::Motion::FieldSales as i32);
    assert_eq!(
        c.reasons,
        vec![pb::Reason {
            criterion: pb::Criterion::FirstYearValue as i32,
            comparison: pb::Comparison::AtLeast as i32,
        }]
    );
    let a = o[0].cost_alignment.as_ref().unwrap();
    assert_eq!(a.cost_ratio.as_deref(), Some("0.6667"));
    assert!(!a.misaligned);

    // 12,000 in [5,000, 25,000): rule 3, SMB, inside sales; 5,000 ÷ 12,000
    // = 0.41666… → 0.4167.
    let c = o[1].classification.as_ref().unwrap();
    assert_eq!((c.tier, c.matched_rule), (1, 3));
    assert_eq!(
        o[1].cost_alignment.as_ref().unwrap().cost_ratio.as_deref(),
        Some("0.4167")
    );

    // 8,000 with 4 decision makers and an integration: rule 1, Enterprise;
    // field sales costs 100,000 for 8,000 of value: ratio 12.5, misaligned;
    // inside sales (5,000 ≤ 8,000) is the cheaper aligned motion.
    let c = o[2].classification.as_ref().unwrap();
    assert_eq!((c.tier, c.matched_rule), (3, 1));
    assert_eq!(
        c.roles,
        vec![
            pb::Role::BusinessDevelopmentRep as i32,
            pb::Role::FieldAccountExecutive as i32,
            pb::Role::SalesEngineer as i32,
            pb::Role::CustomerSuccessManager as i32,
            pb::Role::AccountManager as i32,
            pb::Role::RenewalsRep as i32,
        ]
    );
    let a = o[2].cost_alignment.as_ref().unwrap();
    assert_eq!(a.cost_ratio.as_deref(), Some("12.5"));
    assert!(a.misaligned);
    assert_eq!(a.cheaper_motion, pb::Motion::InsideSales as i32);

    // A zero value: VSB, self-serve, no cost ratio.
    let c = o[3].classification.as_ref().unwrap();
    assert_eq!((c.tier, c.matched_rule), (0, 4));
    assert_eq!(o[3].cost_alignment.as_ref().unwrap().cost_ratio, None);

    // Summary: Enterprise holds 2 accounts worth 158,000, 1 misaligned.
    let summary = response.summary.unwrap();
    let enterprise = &summary.tiers[3];
    assert_eq!((enterprise.accounts, enterprise.misaligned), (2, 1));
    assert_eq!(enterprise.first_year_value, usd(158_000, 0));
    assert_eq!(summary.unmatched.unwrap().accounts, 0);

    // The same figures as the core called directly.
    let validated = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    for (proto, value) in o.iter().zip([150_000i64, 12_000, 8_000, 0]) {
        let core_account = salesphysics_core::tiering::Account {
            id: u64::try_from(proto.account_id).unwrap(),
            first_year_value: Money::new(value.into(), Currency::USD),
            employees: 0,
            decision_makers: if value == 8_000 { 4 } else { 0 },
            technical_integration: value == 8_000,
            security_review: false,
            region: 0,
            vertical: 0,
        };
        let core = *classify(&core_account, &validated)
            .unwrap()
            .classification()
            .unwrap();
        let c = proto.classification.as_ref().unwrap();
        assert_eq!(c.tier, i32::from(core.tier));
        assert_eq!(c.matched_rule, i32::from(core.matched_rule));
        let alignment = cost_alignment(&core_account, core.motion, &validated).unwrap();
        assert_eq!(
            proto.cost_alignment.as_ref().unwrap().cost_ratio,
            alignment.cost_ratio.map(|r| r.to_string())
        );
    }
}

#[tokio::test]
async fn a_negative_value_names_the_account_and_field() {
    let server = TestServer::start().await;
    let mut client = TieringServiceClient::new(server.channel().await);
    let mut accounts = four_accounts();
    accounts[2].first_year_value = usd(-5, -500_000_000);
    let status = client
        .classify_accounts(pb::ClassifyAccountsRequest {
            policy: None,
            accounts,
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_NEGATIVE",
        "accounts[2].first_year_value",
    );
}

#[tokio::test]
async fn representation_errors_name_the_field() {
    let server = TestServer::start().await;
    let mut client = TieringServiceClient::new(server.channel().await);
    let cases = [
        // Money whose nanos disagree with the units' sign.
        (
            {
                let mut a = four_accounts();
                a[1].first_year_value = usd(5, -1);
                a
            },
            "SALESPHYSICS_OUT_OF_RANGE",
            "accounts[1].first_year_value.nanos",
        ),
        // An unknown currency code.
        (
            {
                let mut a = four_accounts();
                a[0].first_year_value.as_mut().unwrap().currency_code = "XXX1".into();
                a
            },
            "SALESPHYSICS_UNKNOWN_CURRENCY",
            "accounts[0].first_year_value.currency_code",
        ),
        // A region tag beyond 63.
        (
            {
                let mut a = four_accounts();
                a[3].region = 64;
                a
            },
            "SALESPHYSICS_OUT_OF_RANGE",
            "accounts[3].region",
        ),
        // A currency other than the policy's (a core rule).
        (
            {
                let mut a = four_accounts();
                a[3].first_year_value.as_mut().unwrap().currency_code = "EUR".into();
                a
            },
            "SALESPHYSICS_CURRENCY_MISMATCH",
            "accounts[3].first_year_value",
        ),
    ];
    for (accounts, reason, field) in cases {
        let status = client
            .classify_accounts(pb::ClassifyAccountsRequest {
                policy: None,
                accounts,
            })
            .await
            .unwrap_err();
        assert_rejected(&status, Code::InvalidArgument, reason, field);
    }
}

/// A custom policy equal to the default one except one domain error.
fn custom_policy() -> pb::TieringPolicy {
    let band = |min: i64, max: Option<i64>| pb::ValueBand {
        min: min.to_string(),
        max: max.map(|m| m.to_string()),
    };
    let rule = |tier: i32, value: Option<pb::ValueBand>| pb::Rule {
        tier,
        first_year_value: value,
        ..Default::default()
    };
    pb::TieringPolicy {
        currency_code: "USD".into(),
        tiers: vec![
            pb::Tier {
                name: "Self-serve".into(),
                motion: pb::Motion::SelfServe as i32,
                roles: vec![pb::Role::CustomerSuccessManager as i32],
            },
            pb::Tier {
                name: "Inside".into(),
                motion: pb::Motion::InsideSales as i32,
                roles: vec![pb::Role::AccountExecutive as i32],
            },
        ],
        rules: vec![
            rule(1, Some(band(10_000, None))),
            rule(0, Some(band(0, Some(10_000)))),
        ],
        acquisition_cost: Some(pb::MotionCosts {
            self_serve: usd(0, 0),
            inside_sales: usd(4_000, 0),
            field_sales: usd(50_000, 0),
        }),
        misalignment_threshold: "0.5".into(),
        overlaps: pb::Overlaps::Unspecified as i32,
    }
}

#[tokio::test]
async fn custom_policy_classifies_and_its_errors_are_prefixed_with_policy() {
    let server = TestServer::start().await;
    let mut client = TieringServiceClient::new(server.channel().await);
    let request = pb::ClassifyAccountsRequest {
        policy: Some(custom_policy()),
        accounts: vec![account(7, 9_000, 0, false), account(8, 10_000, 0, false)],
    };
    let response = client
        .classify_accounts(request.clone())
        .await
        .unwrap()
        .into_inner();
    // 9,000 < 10,000: rule 1, tier 0; 10,000: rule 0, tier 1, inside sales
    // costing 4,000 of 10,000 = 0.4, aligned (aligned from 4,000 ÷ 0.5 = 8,000).
    let tiers: Vec<_> = response
        .outcomes
        .iter()
        .map(|o| o.classification.as_ref().unwrap().tier)
        .collect();
    assert_eq!(tiers, vec![0, 1]);
    let a = response.outcomes[1].cost_alignment.as_ref().unwrap();
    assert_eq!(
        (a.cost_ratio.as_deref(), a.misaligned),
        (Some("0.4"), false)
    );

    // Inside sales without an AE breaks a core rule: policy.tiers[1].roles.
    let mut bad = request.clone();
    bad.policy.as_mut().unwrap().tiers[1].roles = vec![pb::Role::CustomerSuccessManager as i32];
    let status = client.classify_accounts(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_INVALID",
        "policy.tiers[1].roles",
    );

    // An unknown enum number: policy.tiers[0].motion.
    let mut bad = request.clone();
    bad.policy.as_mut().unwrap().tiers[0].motion = 42;
    let status = client.classify_accounts(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_OUT_OF_RANGE",
        "policy.tiers[0].motion",
    );

    // A malformed decimal: policy.rules[0].first_year_value.min.
    let mut bad = request;
    bad.policy.as_mut().unwrap().rules[0]
        .first_year_value
        .as_mut()
        .unwrap()
        .min = "1e4".into();
    let status = client.classify_accounts(bad).await.unwrap_err();
    assert_rejected(
        &status,
        Code::InvalidArgument,
        "SALESPHYSICS_PARSE",
        "policy.rules[0].first_year_value.min",
    );
}

#[tokio::test]
async fn over_the_account_cap_is_resource_exhausted() {
    let server = TestServer::start().await;
    let mut client =
        TieringServiceClient::new(server.channel().await).max_encoding_message_size(usize::MAX);
    let accounts =
        vec![account(1, 1, 0, false); salesphysics_service::api::tiering::MAX_ACCOUNTS + 1];
    let status = client
        .classify_accounts(pb::ClassifyAccountsRequest {
            policy: None,
            accounts,
        })
        .await
        .unwrap_err();
    assert_rejected(
        &status,
        Code::ResourceExhausted,
        "SALESPHYSICS_TOO_MANY",
        "accounts",
    );
}

const CLASSIFY: &str = "/salesphysics.v1.TieringService/ClassifyAccounts";

#[tokio::test]
async fn the_same_request_twice_gives_byte_identical_responses() {
    let server = TestServer::start().await;
    let body = pb::ClassifyAccountsRequest {
        policy: Some(custom_policy()),
        accounts: four_accounts(),
    }
    .encode_to_vec();
    let first = raw_unary(server.channel().await, CLASSIFY, body.clone())
        .await
        .unwrap();
    let second = raw_unary(server.channel().await, CLASSIFY, body)
        .await
        .unwrap();
    assert_eq!(first, second);
}

#[tokio::test]
async fn fingerprint_ignores_field_order_explicit_defaults_and_decimal_spelling() {
    let server = TestServer::start().await;
    let policy = custom_policy();
    let accounts = four_accounts();
    let plain = pb::ClassifyAccountsRequest {
        policy: Some(policy.clone()),
        accounts: accounts.clone(),
    }
    .encode_to_vec();

    // The same inputs written differently: accounts before the policy
    // (a concatenation of two messages is their merge), each account with
    // an explicit `employees = 0` after its other fields, the policy's
    // defaults spelled out and its decimals with trailing zeros.
    let mut spelled = policy.clone();
    spelled.overlaps = pb::Overlaps::FirstMatchWins as i32;
    spelled.misalignment_threshold = "0.500".into();
    for rule in &mut spelled.rules {
        rule.technical_integration = pb::Condition::Any as i32;
        rule.first_year_value.as_mut().unwrap().min += ".00";
    }
    let mut reordered = Vec::new();
    for account in &accounts {
        let mut inner = account.encode_to_vec();
        inner.extend_from_slice(&[0x18, 0x00]); // field 3 (employees), varint 0
        prost::encoding::encode_key(
            2,
            prost::encoding::WireType::LengthDelimited,
            &mut reordered,
        );
        prost::encoding::encode_varint(inner.len() as u64, &mut reordered);
        reordered.extend_from_slice(&inner);
    }
    reordered.extend(
        pb::ClassifyAccountsRequest {
            policy: Some(spelled),
            accounts: vec![],
        }
        .encode_to_vec(),
    );
    assert_ne!(plain, reordered);

    let decode = |bytes: Vec<u8>| pb::ClassifyAccountsResponse::decode(bytes.as_slice()).unwrap();
    let a = decode(
        raw_unary(server.channel().await, CLASSIFY, plain)
            .await
            .unwrap(),
    );
    let b = decode(
        raw_unary(server.channel().await, CLASSIFY, reordered)
            .await
            .unwrap(),
    );
    assert_eq!(a.input_fingerprint.len(), 64);
    assert_eq!(a.input_fingerprint, b.input_fingerprint);
    assert_eq!(a, b);

    // A different input gives a different fingerprint.
    let mut other = accounts;
    other[0].employees = 1;
    let c = decode(
        raw_unary(
            server.channel().await,
            CLASSIFY,
            pb::ClassifyAccountsRequest {
                policy: Some(policy),
                accounts: other,
            }
            .encode_to_vec(),
        )
        .await
        .unwrap(),
    );
    assert_ne!(a.input_fingerprint, c.input_fingerprint);
}
