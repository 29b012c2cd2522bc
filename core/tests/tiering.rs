//! Tiering engine: every criterion, band edges, no-match, invalid policies,
//! cost alignment by hand, the default policy on a realistic book, batch
//! summaries, determinism and properties.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use salesphysics_core::limits::{MAX_POLICY_TIERS, MAX_TIERING_RULES};
use salesphysics_core::tiering::{
    classify, classify_batch, cost_alignment, first_year_value_from_mrr, Account, Band,
    Classification, Comparison, Condition, Criterion, Motion, MotionCosts, Outcome, Overlaps,
    Reason, Rule, TagSet, Tier, TieringPolicy, ValidatedPolicy, DEFAULT_POLICY,
    DEFAULT_TIER_ENTERPRISE, DEFAULT_TIER_MID_MARKET, DEFAULT_TIER_SMB, DEFAULT_TIER_VSB,
};
use salesphysics_core::{Currency, Decimal, Error, ErrorKind, Money, Role, RoleSet};

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A plain account worth `value` USD with no complexity.
fn account(value: &str) -> Account {
    Account {
        id: 1,
        first_year_value: usd(value),
        employees: 10,
        decision_makers: 1,
        technical_integration: false,
        security_review: false,
        region: 0,
        vertical: 0,
    }
}

fn matched(outcome: Outcome) -> Classification {
    match outcome {
        Outcome::Matched(c) => c,
        Outcome::Unmatched => panic!("expected a match"),
    }
}

fn reason(criterion: Criterion, comparison: Comparison) -> Reason {
    Reason {
        criterion,
        comparison,
    }
}

const TWO_TIERS: [Tier<'static>; 2] = [
    Tier {
        name: "Inside",
        motion: Motion::InsideSales,
        roles: RoleSet::of(&[Role::SalesDevelopmentRep, Role::AccountExecutive]),
    },
    Tier {
        name: "Online",
        motion: Motion::SelfServe,
        roles: RoleSet::EMPTY,
    },
];

fn costs(self_serve: &str, inside: &str, field: &str) -> MotionCosts {
    MotionCosts {
        self_serve: usd(self_serve),
        inside_sales: usd(inside),
        field_sales: usd(field),
    }
}

fn policy<'a>(tiers: &'a [Tier<'a>], rules: &'a [Rule]) -> TieringPolicy<'a> {
    TieringPolicy {
        currency: Currency::USD,
        tiers,
        rules,
        acquisition_cost: costs("0.00", "5000.00", "100000.00"),
        misalignment_threshold: Decimal::ONE,
        overlaps: Overlaps::FirstMatchWins,
    }
}

fn error_of(policy: &TieringPolicy<'_>) -> (String, ErrorKind) {
    let e: Error = policy.validate().unwrap_err();
    (e.path().to_string(), e.kind())
}

/// Classifies `a` under a two-tier policy: `rule` (tier 0) first, then a
/// catch-all (tier 1). Returns the tier and the reasons.
fn tier_under(rule: Rule, a: &Account) -> (u8, Vec<Reason>) {
    let rules = [rule, Rule::any(1)];
    let p = policy(&TWO_TIERS, &rules);
    let v = ValidatedPolicy::new(&p).unwrap();
    let c = matched(classify(a, &v).unwrap());
    (c.tier, c.reasons.iter().collect())
}

// ---------------------------------------------------------------- criteria

#[test]
fn first_year_value_band_is_half_open() {
    let rule = Rule {
        first_year_value: Band::between(dec("5000"), dec("25000")),
        ..Rule::any(0)
    };
    let within = vec![reason(Criterion::FirstYearValue, Comparison::Within)];
    assert_eq!(tier_under(rule, &account("4999.99")).0, 1);
    assert_eq!(tier_under(rule, &account("5000.00")), (0, within.clone()));
    assert_eq!(tier_under(rule, &account("24999.99")).0, 0);
    assert_eq!(tier_under(rule, &account("25000.00")).0, 1);
    // One nano below the edge is still outside.
    let mut just_below = account("5000.00");
    just_below.first_year_value = Money::new(dec("4999.999999999"), Currency::USD);
    assert_eq!(tier_under(rule, &just_below).0, 1);
}

#[test]
fn employee_band_edges_go_to_the_band_that_starts_there() {
    let rule = Rule {
        employees: Band::between(100, 1000),
        ..Rule::any(0)
    };
    let edge = |n| {
        tier_under(
            rule,
            &Account {
                employees: n,
                ..account("1000.00")
            },
        )
    };
    assert_eq!(edge(99).0, 1);
    assert_eq!(
        edge(100),
        (0, vec![reason(Criterion::Employees, Comparison::Within)])
    );
    assert_eq!(edge(999).0, 0);
    assert_eq!(edge(1000).0, 1);
}

#[test]
fn decision_makers_at_least() {
    let rule = Rule {
        decision_makers: Band::at_least(3),
        ..Rule::any(0)
    };
    let with = |n| {
        tier_under(
            rule,
            &Account {
                decision_makers: n,
                ..account("1000.00")
            },
        )
    };
    assert_eq!(with(2).0, 1);
    assert_eq!(
        with(3),
        (
            0,
            vec![reason(Criterion::DecisionMakers, Comparison::AtLeast)]
        )
    );
    assert_eq!(with(u32::MAX).0, 0);
}

#[test]
fn technical_integration_required_and_not_required() {
    let needs = Account {
        technical_integration: true,
        ..account("1000.00")
    };
    let required = Rule {
        technical_integration: Condition::Required,
        ..Rule::any(0)
    };
    assert_eq!(
        tier_under(required, &needs),
        (
            0,
            vec![reason(
                Criterion::TechnicalIntegration,
                Comparison::Required
            )]
        )
    );
    assert_eq!(tier_under(required, &account("1000.00")).0, 1);
    let not_required = Rule {
        technical_integration: Condition::NotRequired,
        ..Rule::any(0)
    };
    assert_eq!(tier_under(not_required, &needs).0, 1);
    assert_eq!(
        tier_under(not_required, &account("1000.00")),
        (
            0,
            vec![reason(
                Criterion::TechnicalIntegration,
                Comparison::NotRequired
            )]
        )
    );
}

#[test]
fn security_review_required() {
    let rule = Rule {
        security_review: Condition::Required,
        ..Rule::any(0)
    };
    let reviewed = Account {
        security_review: true,
        ..account("1000.00")
    };
    assert_eq!(
        tier_under(rule, &reviewed),
        (
            0,
            vec![reason(Criterion::SecurityReview, Comparison::Required)]
        )
    );
    assert_eq!(tier_under(rule, &account("1000.00")).0, 1);
}

#[test]
fn region_and_vertical_tags() {
    let emea_fintech = Rule {
        regions: TagSet::of(&[2, 63]).unwrap(),
        verticals: TagSet::of(&[5]).unwrap(),
        ..Rule::any(0)
    };
    let at = |region, vertical| {
        tier_under(
            emea_fintech,
            &Account {
                region,
                vertical,
                ..account("1000.00")
            },
        )
    };
    assert_eq!(
        at(2, 5),
        (
            0,
            vec![
                reason(Criterion::Region, Comparison::InSet),
                reason(Criterion::Vertical, Comparison::InSet)
            ]
        )
    );
    assert_eq!(at(63, 5).0, 0);
    assert_eq!(at(3, 5).0, 1);
    assert_eq!(at(2, 4).0, 1);
    assert_eq!(TagSet::of(&[64]), Err(ErrorKind::OutOfRange));
}

#[test]
fn all_criteria_together_report_in_criterion_order() {
    let rule = Rule {
        tier: 0,
        first_year_value: Band::at_least(dec("1000")),
        employees: Band::between(0, 50),
        decision_makers: Band::between(2, 5),
        technical_integration: Condition::Required,
        security_review: Condition::NotRequired,
        regions: TagSet::of(&[1]).unwrap(),
        verticals: TagSet::of(&[1]).unwrap(),
    };
    let a = Account {
        id: 9,
        first_year_value: usd("1000.00"),
        employees: 49,
        decision_makers: 2,
        technical_integration: true,
        security_review: false,
        region: 1,
        vertical: 1,
    };
    let (tier, reasons) = tier_under(rule, &a);
    assert_eq!(tier, 0);
    assert_eq!(
        reasons,
        vec![
            reason(Criterion::FirstYearValue, Comparison::AtLeast),
            reason(Criterion::Employees, Comparison::Below),
            reason(Criterion::DecisionMakers, Comparison::Within),
            reason(Criterion::TechnicalIntegration, Comparison::Required),
            reason(Criterion::SecurityReview, Comparison::NotRequired),
            reason(Criterion::Region, Comparison::InSet),
            reason(Criterion::Vertical, Comparison::InSet),
        ]
    );
    // Failing any single test drops to the catch-all.
    for broken in [
        Account {
            first_year_value: usd("999.99"),
            ..a
        },
        Account { employees: 50, ..a },
        Account {
            decision_makers: 5,
            ..a
        },
        Account {
            technical_integration: false,
            ..a
        },
        Account {
            security_review: true,
            ..a
        },
        Account { region: 0, ..a },
        Account { vertical: 0, ..a },
    ] {
        assert_eq!(tier_under(rule, &broken).0, 1, "{broken:?}");
    }
}

#[test]
fn catch_all_rule_has_no_reasons() {
    let (tier, reasons) = tier_under(
        Rule {
            first_year_value: Band::at_least(dec("1000000")),
            ..Rule::any(0)
        },
        &account("10.00"),
    );
    assert_eq!((tier, reasons), (1, vec![]));
}

// ------------------------------------------------------- order and no-match

#[test]
fn first_matching_rule_wins_on_overlap() {
    // Both rules match 30,000 with a security review; the earlier decides.
    let rules = [
        Rule {
            security_review: Condition::Required,
            ..Rule::any(0)
        },
        Rule {
            first_year_value: Band::at_least(dec("0")),
            employees: Band::at_least(1),
            ..Rule::any(1)
        },
    ];
    let p = policy(&TWO_TIERS, &rules);
    let v = ValidatedPolicy::new(&p).unwrap();
    let a = Account {
        security_review: true,
        ..account("30000.00")
    };
    let c = matched(classify(&a, &v).unwrap());
    assert_eq!((c.tier, c.matched_rule), (0, 0));
    assert_eq!(c.motion, Motion::InsideSales);
    assert_eq!(
        c.roles,
        RoleSet::of(&[Role::SalesDevelopmentRep, Role::AccountExecutive])
    );
}

#[test]
fn account_matching_no_rule_is_unmatched() {
    let rules = [
        Rule {
            first_year_value: Band::at_least(dec("10000")),
            ..Rule::any(0)
        },
        Rule {
            first_year_value: Band::between(dec("0"), dec("1000")),
            ..Rule::any(1)
        },
    ];
    let p = policy(&TWO_TIERS, &rules);
    let v = ValidatedPolicy::new(&p).unwrap();
    assert_eq!(
        classify(&account("5000.00"), &v).unwrap(),
        Outcome::Unmatched
    );
    assert_eq!(
        classify(&account("5000.00"), &v).unwrap().classification(),
        None
    );
    assert_eq!(matched(classify(&account("999.99"), &v).unwrap()).tier, 1);
}

// -------------------------------------------------------- invalid accounts

#[test]
fn invalid_accounts_name_the_field() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let euro = Account {
        first_year_value: Money::parse("10.00", Currency::EUR).unwrap(),
        ..account("1.00")
    };
    let e = classify(&euro, &v).unwrap_err();
    assert_eq!(e.path().to_string(), "first_year_value");
    assert_eq!(
        e.kind(),
        ErrorKind::CurrencyMismatch {
            expected: Currency::USD,
            found: Currency::EUR
        }
    );
    let negative = Account {
        first_year_value: usd("-0.01"),
        ..account("1.00")
    };
    assert_eq!(
        classify(&negative, &v).unwrap_err().to_string(),
        "first_year_value: must not be negative"
    );
    let region = Account {
        region: 64,
        ..account("1.00")
    };
    assert_eq!(
        classify(&region, &v).unwrap_err().to_string(),
        "region: out of range"
    );
    let vertical = Account {
        vertical: 255,
        ..account("1.00")
    };
    assert_eq!(
        classify(&vertical, &v).unwrap_err().path().to_string(),
        "vertical"
    );
}

// -------------------------------------------------------- invalid policies

#[test]
fn empty_and_oversized_policies_are_rejected() {
    let rules = [Rule::any(0)];
    assert_eq!(
        error_of(&policy(&[], &rules)),
        ("tiers".into(), ErrorKind::Empty)
    );
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &[])),
        ("rules".into(), ErrorKind::Empty)
    );
    let many_tiers = [TWO_TIERS[1]; MAX_POLICY_TIERS + 1];
    assert_eq!(
        error_of(&policy(&many_tiers, &rules)),
        ("tiers".into(), ErrorKind::TooMany { max: 16 })
    );
    let many_rules: Vec<Rule> = (0..=MAX_TIERING_RULES)
        .map(|k| Rule {
            employees: Band::between(k as u32, k as u32 + 1),
            ..Rule::any(0)
        })
        .collect();
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &many_rules)),
        ("rules".into(), ErrorKind::TooMany { max: 32 })
    );
    // Exactly MAX_TIERING_RULES is fine.
    assert!(policy(&TWO_TIERS[..1], &many_rules[..MAX_TIERING_RULES])
        .validate()
        .is_ok());
}

#[test]
fn negative_and_empty_bands_name_the_field() {
    let negative_min = [Rule {
        first_year_value: Band::at_least(dec("-1")),
        ..Rule::any(0)
    }];
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &negative_min)),
        ("rules[0].first_year_value.min".into(), ErrorKind::Negative)
    );
    let negative_max = [
        Rule::any(0),
        Rule {
            first_year_value: Band {
                min: dec("0"),
                max: Some(dec("-5")),
            },
            ..Rule::any(0)
        },
    ];
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &negative_max)).0,
        "rules[1].first_year_value.max"
    );
    let empty_value = [Rule {
        first_year_value: Band::between(dec("5000"), dec("5000")),
        ..Rule::any(0)
    }];
    let (path, kind) = error_of(&policy(&TWO_TIERS[..1], &empty_value));
    assert_eq!(path, "rules[0].first_year_value.max");
    assert!(matches!(kind, ErrorKind::Invalid(why) if why.contains("unreachable")));
    let inverted_employees = [Rule {
        employees: Band::between(10, 5),
        ..Rule::any(0)
    }];
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &inverted_employees)).0,
        "rules[0].employees.max"
    );
    let empty_dms = [Rule {
        decision_makers: Band::between(0, 0),
        ..Rule::any(0)
    }];
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &empty_dms)).0,
        "rules[0].decision_makers.max"
    );
    let no_regions = [Rule {
        regions: TagSet { bits: 0 },
        ..Rule::any(0)
    }];
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &no_regions)).0,
        "rules[0].regions"
    );
    let no_verticals = [Rule {
        verticals: TagSet { bits: 0 },
        ..Rule::any(0)
    }];
    assert_eq!(
        error_of(&policy(&TWO_TIERS[..1], &no_verticals)).0,
        "rules[0].verticals"
    );
}

#[test]
fn rule_naming_a_missing_tier_is_rejected() {
    let rules = [Rule::any(0), Rule::any(2)];
    // Rule 1 would be shadowed too, but the tier check comes first.
    assert_eq!(
        error_of(&policy(&TWO_TIERS, &rules)),
        ("rules[1].tier".into(), ErrorKind::OutOfRange)
    );
}

#[test]
fn shadowed_rule_is_unreachable() {
    // Rule 1 (≥ 50,000) is inside rule 0 (≥ 10,000): it can never fire.
    let rules = [
        Rule {
            first_year_value: Band::at_least(dec("10000")),
            ..Rule::any(0)
        },
        Rule {
            first_year_value: Band::at_least(dec("50000")),
            ..Rule::any(1)
        },
    ];
    let (path, kind) = error_of(&policy(&TWO_TIERS, &rules));
    assert_eq!(path, "rules[1]");
    assert_eq!(kind, UNREACHABLE);
    // In the other order both are reachable.
    let swapped = [rules[1], rules[0]];
    assert!(policy(&TWO_TIERS, &swapped).validate().is_ok());
}

/// The message of a rule no account can reach under first-match-wins.
const UNREACHABLE: ErrorKind =
    ErrorKind::Invalid("rule unreachable: earlier rules match every account it matches");

#[test]
fn rule_shadowed_by_the_union_of_earlier_rules_is_unreachable() {
    // Rules 0 and 1 split the values at 10,000 and together match every
    // account; neither alone covers rule 2 (≥ 500 employees), so a
    // pairwise check let it pass. No account ever reaches it, and tier 0
    // is reached only through it.
    let rules = [
        Rule {
            first_year_value: Band::between(dec("0"), dec("10000")),
            ..Rule::any(1)
        },
        Rule {
            first_year_value: Band::at_least(dec("10000")),
            ..Rule::any(1)
        },
        Rule {
            employees: Band::at_least(500),
            ..Rule::any(0)
        },
    ];
    assert_eq!(
        error_of(&policy(&TWO_TIERS, &rules)),
        ("rules[2]".into(), UNREACHABLE)
    );
}

#[test]
fn union_shadowing_across_flags_tags_and_bands_names_the_dead_rule() {
    // Rule 4 (≥ 20,000, no integration, region 5) is matched by no single
    // earlier rule, but every account it matches is taken first:
    // - security review needed → rule 2 (≥ 5,000, no integration, review);
    // - no security review → rule 3 (≥ 5,000, regions 0–31, no review).
    let low_regions = TagSet::of(&(0..32).collect::<Vec<u8>>()).unwrap();
    let rules = [
        Rule {
            first_year_value: Band::between(dec("0"), dec("5000")),
            ..Rule::any(1)
        },
        Rule {
            first_year_value: Band::at_least(dec("5000")),
            technical_integration: Condition::Required,
            ..Rule::any(0)
        },
        Rule {
            first_year_value: Band::at_least(dec("5000")),
            technical_integration: Condition::NotRequired,
            security_review: Condition::Required,
            ..Rule::any(0)
        },
        Rule {
            first_year_value: Band::at_least(dec("5000")),
            security_review: Condition::NotRequired,
            regions: low_regions,
            ..Rule::any(1)
        },
        Rule {
            first_year_value: Band::at_least(dec("20000")),
            technical_integration: Condition::NotRequired,
            regions: TagSet::of(&[5]).unwrap(),
            ..Rule::any(0)
        },
    ];
    for (k, earlier) in rules.iter().take(4).enumerate() {
        assert!(!earlier.covers(&rules[4]), "rule {k} alone covers rule 4");
    }
    assert_eq!(
        error_of(&policy(&TWO_TIERS, &rules)),
        ("rules[4]".into(), UNREACHABLE)
    );
    // Region 40 is outside rule 3's set: rule 4 on region 40 is live, and
    // an account there with no review reaches it.
    let mut live = rules;
    live[4].regions = TagSet::of(&[5, 40]).unwrap();
    let p = policy(&TWO_TIERS, &live);
    let v = ValidatedPolicy::new(&p).unwrap();
    let a = Account {
        region: 40,
        ..account("20000.00")
    };
    assert_eq!(matched(classify(&a, &v).unwrap()).matched_rule, 4);
}

#[test]
fn a_one_nano_gap_in_the_union_keeps_the_rule_reachable() {
    // Rules 0 and 1 leave exactly [10,000, 10,000.000000001) uncovered:
    // the catch-all is reachable there and nowhere else.
    let rules = [
        Rule {
            first_year_value: Band::between(dec("0"), dec("10000")),
            ..Rule::any(1)
        },
        Rule {
            first_year_value: Band::at_least(dec("10000.000000001")),
            ..Rule::any(1)
        },
        Rule::any(0),
    ];
    let p = policy(&TWO_TIERS, &rules);
    let v = ValidatedPolicy::new(&p).unwrap();
    let a = Account {
        first_year_value: Money::new(dec("10000"), Currency::USD),
        ..account("0")
    };
    assert_eq!(matched(classify(&a, &v).unwrap()).matched_rule, 2);
    // Close the gap and the catch-all is dead.
    let mut closed = rules;
    closed[1].first_year_value.min = dec("10000");
    assert_eq!(
        error_of(&policy(&TWO_TIERS, &closed)),
        ("rules[2]".into(), UNREACHABLE)
    );
}

#[test]
fn counts_at_the_top_of_their_range_keep_a_rule_reachable() {
    // [0, 4,294,967,295) leaves one employee count, u32::MAX, uncovered.
    let rules = [
        Rule {
            employees: Band::between(0, u32::MAX),
            ..Rule::any(1)
        },
        Rule::any(0),
    ];
    assert!(policy(&TWO_TIERS, &rules).validate().is_ok());
    let rules = [
        Rule {
            employees: Band::between(0, u32::MAX),
            ..Rule::any(1)
        },
        Rule {
            employees: Band::at_least(u32::MAX),
            ..Rule::any(1)
        },
        Rule::any(0),
    ];
    assert_eq!(
        error_of(&policy(&TWO_TIERS, &rules)),
        ("rules[2]".into(), UNREACHABLE)
    );
}

#[test]
fn unreachable_tier_is_rejected() {
    let rules = [Rule::any(0)];
    assert_eq!(
        error_of(&policy(&TWO_TIERS, &rules)),
        (
            "tiers[1]".into(),
            ErrorKind::Invalid("tier unreachable: no rule assigns it")
        )
    );
}

#[test]
fn overlapping_tiers_are_rejected_when_the_policy_says_so() {
    let rules = [
        Rule {
            first_year_value: Band::between(dec("0"), dec("10000")),
            ..Rule::any(1)
        },
        Rule {
            first_year_value: Band::at_least(dec("9999.99")),
            ..Rule::any(0)
        },
    ];
    let mut p = policy(&TWO_TIERS, &rules);
    assert!(p.validate().is_ok(), "first match wins allows overlap");
    p.overlaps = Overlaps::Reject;
    let (path, kind) = error_of(&p);
    assert_eq!(path, "rules[1]");
    assert!(matches!(kind, ErrorKind::Invalid(why) if why.starts_with("tiers overlap")));
    // Touching half-open bands do not overlap.
    let touching = [
        rules[0],
        Rule {
            first_year_value: Band::at_least(dec("10000")),
            ..Rule::any(0)
        },
    ];
    let strict = TieringPolicy {
        overlaps: Overlaps::Reject,
        ..policy(&TWO_TIERS, &touching)
    };
    assert!(strict.validate().is_ok());
    // Disjoint on any one criterion means no overlap.
    let disjoint_flag = [
        Rule {
            security_review: Condition::Required,
            ..Rule::any(0)
        },
        Rule {
            security_review: Condition::NotRequired,
            ..Rule::any(1)
        },
    ];
    let strict = TieringPolicy {
        overlaps: Overlaps::Reject,
        ..policy(&TWO_TIERS, &disjoint_flag)
    };
    assert!(strict.validate().is_ok());
    // Rules of the same tier may overlap even in strict mode.
    let same_tier = [
        Rule {
            security_review: Condition::Required,
            ..Rule::any(0)
        },
        Rule {
            employees: Band::at_least(500),
            ..Rule::any(0)
        },
    ];
    let strict = TieringPolicy {
        overlaps: Overlaps::Reject,
        ..policy(&TWO_TIERS[..1], &same_tier)
    };
    assert!(strict.validate().is_ok());
}

#[test]
fn roles_must_fit_the_motion() {
    let rules = [Rule::any(0)];
    for (motion, roles) in [
        (
            Motion::FieldSales,
            RoleSet::of(&[Role::AccountExecutive, Role::SalesEngineer]),
        ),
        (
            Motion::InsideSales,
            RoleSet::of(&[Role::SalesDevelopmentRep]),
        ),
        (Motion::SelfServe, RoleSet::of(&[Role::AccountExecutive])),
    ] {
        let tiers = [Tier {
            name: "x",
            motion,
            roles,
        }];
        let (path, kind) = error_of(&policy(&tiers, &rules));
        assert_eq!(path, "tiers[0].roles");
        assert!(matches!(kind, ErrorKind::Invalid(_)));
    }
}

#[test]
fn costs_and_threshold_are_checked() {
    let rules = [Rule::any(0)];
    let mut p = policy(&TWO_TIERS[..1], &rules);
    p.acquisition_cost.inside_sales = usd("-1.00");
    assert_eq!(
        error_of(&p),
        ("acquisition_cost.inside_sales".into(), ErrorKind::Negative)
    );
    p.acquisition_cost = costs("0.00", "1.00", "2.00");
    p.acquisition_cost.field_sales = Money::parse("2.00", Currency::EUR).unwrap();
    assert_eq!(
        error_of(&p),
        (
            "acquisition_cost.field_sales".into(),
            ErrorKind::CurrencyMismatch {
                expected: Currency::USD,
                found: Currency::EUR
            }
        )
    );
    p.acquisition_cost = costs("0.00", "1.00", "2.00");
    p.misalignment_threshold = Decimal::ZERO;
    assert_eq!(
        error_of(&p),
        ("misalignment_threshold".into(), ErrorKind::NotPositive)
    );
    assert_eq!(
        ValidatedPolicy::new(&p).unwrap_err().path().to_string(),
        "misalignment_threshold"
    );
}

// --------------------------------------------------------- default policy

#[test]
fn default_policy_is_valid_and_has_the_documented_shape() {
    DEFAULT_POLICY.validate().unwrap();
    let names: Vec<&str> = DEFAULT_POLICY.tiers.iter().map(|t| t.name).collect();
    assert_eq!(names, ["Prosumer/VSB", "SMB", "Mid-market", "Enterprise"]);
    let motions: Vec<Motion> = DEFAULT_POLICY.tiers.iter().map(|t| t.motion).collect();
    assert_eq!(
        motions,
        [
            Motion::SelfServe,
            Motion::InsideSales,
            Motion::InsideSales,
            Motion::FieldSales
        ]
    );
    let enterprise: Vec<Role> = DEFAULT_POLICY.tiers[usize::from(DEFAULT_TIER_ENTERPRISE)]
        .roles
        .iter()
        .collect();
    assert_eq!(
        enterprise,
        [
            Role::BusinessDevelopmentRep,
            Role::FieldAccountExecutive,
            Role::SalesEngineer,
            Role::CustomerSuccessManager,
            Role::AccountManager,
            Role::RenewalsRep
        ]
    );
    assert!(DEFAULT_POLICY.tiers[usize::from(DEFAULT_TIER_VSB)]
        .roles
        .is_empty());
}

#[test]
fn default_policy_band_edges() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let tier_of = |value: &str| matched(classify(&account(value), &v).unwrap()).tier;
    assert_eq!(tier_of("0.00"), DEFAULT_TIER_VSB);
    assert_eq!(tier_of("4999.99"), DEFAULT_TIER_VSB);
    assert_eq!(tier_of("5000.00"), DEFAULT_TIER_SMB);
    assert_eq!(tier_of("24999.99"), DEFAULT_TIER_SMB);
    assert_eq!(tier_of("25000.00"), DEFAULT_TIER_MID_MARKET);
    assert_eq!(tier_of("99999.99"), DEFAULT_TIER_MID_MARKET);
    assert_eq!(tier_of("100000.00"), DEFAULT_TIER_ENTERPRISE);
    assert_eq!(tier_of("25000000.00"), DEFAULT_TIER_ENTERPRISE);
}

/// A realistic book of twelve accounts (hand-tiered below).
fn book() -> Vec<Account> {
    let a = |id, value: &str, employees, decision_makers, integration, review| Account {
        id,
        first_year_value: usd(value),
        employees,
        decision_makers,
        technical_integration: integration,
        security_review: review,
        region: (id % 3) as u8,
        vertical: (id % 5) as u8,
    };
    vec![
        a(1, "348.00", 2, 1, false, false),        // prosumer, 29/month
        a(2, "1188.00", 8, 1, false, false),       // VSB, 99/month
        a(3, "4800.00", 25, 1, false, false),      // VSB, just under SMB
        a(4, "5000.00", 30, 1, false, true),       // SMB, on the edge
        a(5, "12000.00", 60, 2, false, false),     // SMB
        a(6, "24000.00", 150, 2, true, false),     // SMB, integration but 2 DMs
        a(7, "36000.00", 400, 2, false, true),     // mid-market
        a(8, "8000.00", 900, 4, true, true),       // enterprise by complexity
        a(9, "99999.99", 800, 3, false, true),     // mid-market, no integration
        a(10, "150000.00", 5000, 6, true, true),   // enterprise by value
        a(11, "2400.00", 40, 3, true, false),      // enterprise by complexity
        a(12, "1250000.00", 40000, 9, true, true), // whale
    ]
}

#[test]
fn default_policy_on_a_realistic_book() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let got: Vec<(u64, u8, u8, Motion)> = book()
        .iter()
        .map(|a| {
            let c = matched(classify(a, &v).unwrap());
            (a.id, c.tier, c.matched_rule, c.motion)
        })
        .collect();
    use Motion::*;
    let (vsb, smb, mm, ent) = (
        DEFAULT_TIER_VSB,
        DEFAULT_TIER_SMB,
        DEFAULT_TIER_MID_MARKET,
        DEFAULT_TIER_ENTERPRISE,
    );
    assert_eq!(
        got,
        vec![
            (1, vsb, 4, SelfServe),
            (2, vsb, 4, SelfServe),
            (3, vsb, 4, SelfServe),
            (4, smb, 3, InsideSales),
            (5, smb, 3, InsideSales),
            (6, smb, 3, InsideSales),
            (7, mm, 2, InsideSales),
            (8, ent, 1, FieldSales),
            (9, mm, 2, InsideSales),
            (10, ent, 0, FieldSales),
            (11, ent, 1, FieldSales),
            (12, ent, 0, FieldSales),
        ]
    );
}

#[test]
fn batch_summary_of_the_realistic_book() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let accounts = book();
    let mut out = vec![Outcome::Unmatched; accounts.len() + 1];
    let summary = classify_batch(&accounts, &v, &mut out).unwrap();
    // Outcomes equal one-by-one classification; the spare slot is untouched.
    for (a, o) in accounts.iter().zip(&out) {
        assert_eq!(*o, classify(a, &v).unwrap());
    }
    assert_eq!(out[accounts.len()], Outcome::Unmatched);
    let t = &summary.tiers;
    // VSB: 348 + 1,188 + 4,800 = 6,336; self-serve costs 0: none misaligned.
    assert_eq!(
        (t[0].accounts, t[0].first_year_value, t[0].misaligned),
        (3, usd("6336.00"), 0)
    );
    // SMB: 5,000 + 12,000 + 24,000 = 41,000; inside costs 5,000 ≤ each value.
    assert_eq!(
        (t[1].accounts, t[1].first_year_value, t[1].misaligned),
        (3, usd("41000.00"), 0)
    );
    // Mid-market: 36,000 + 99,999.99 = 135,999.99.
    assert_eq!(
        (t[2].accounts, t[2].first_year_value, t[2].misaligned),
        (2, usd("135999.99"), 0)
    );
    // Enterprise: 8,000 + 150,000 + 2,400 + 1,250,000 = 1,410,400; field costs
    // 100,000 per win, above the 8,000 and 2,400 accounts: 2 misaligned.
    assert_eq!(
        (t[3].accounts, t[3].first_year_value, t[3].misaligned),
        (4, usd("1410400.00"), 2)
    );
    assert_eq!(
        (
            summary.unmatched.accounts,
            summary.unmatched.first_year_value
        ),
        (0, usd("0.00"))
    );
}

#[test]
fn batch_errors_name_the_account_and_the_buffer() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let mut accounts = book();
    let mut out = vec![Outcome::Unmatched; 3];
    let e = classify_batch(&accounts, &v, &mut out).unwrap_err();
    assert_eq!(e.path().to_string(), "outcomes");
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall { needed: 12 });
    accounts[2].first_year_value = usd("-5.00");
    let mut out = vec![Outcome::Unmatched; accounts.len()];
    let e = classify_batch(&accounts, &v, &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "accounts[2].first_year_value: must not be negative"
    );
}

#[test]
fn batch_counts_unmatched_accounts() {
    let rules = [Rule {
        first_year_value: Band::at_least(dec("10000")),
        ..Rule::any(0)
    }];
    let p = policy(&TWO_TIERS[..1], &rules);
    let v = ValidatedPolicy::new(&p).unwrap();
    let accounts = [account("9999.99"), account("10000.00"), account("0.01")];
    let mut out = vec![Outcome::Unmatched; 3];
    let s = classify_batch(&accounts, &v, &mut out).unwrap();
    assert_eq!(
        (s.tiers[0].accounts, s.tiers[0].first_year_value),
        (1, usd("10000.00"))
    );
    // 9,999.99 + 0.01 = 10,000.00 unmatched.
    assert_eq!(
        (s.unmatched.accounts, s.unmatched.first_year_value),
        (2, usd("10000.00"))
    );
    assert_eq!(s.unmatched.misaligned, 0);
}

// ---------------------------------------------------------- cost alignment

#[test]
fn field_sales_on_an_eight_thousand_account_is_misaligned() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let a = book()[7]; // id 8: 8,000, 4 decision makers, integration
    let c = matched(classify(&a, &v).unwrap());
    let al = cost_alignment(&a, c.motion, &v).unwrap();
    // 100,000 / 8,000 = 12.5 > 1.
    assert_eq!(al.cost_ratio, Some(dec("12.5")));
    assert!(al.misaligned);
    assert_eq!(al.cost_to_acquire, usd("100000.00"));
    // Inside sales: 5,000 ≤ 8,000 → aligned, and it is the highest-touch
    // cheaper motion.
    assert_eq!(al.cheaper_motion, Some(Motion::InsideSales));
}

#[test]
fn cheaper_motion_falls_to_self_serve_when_inside_is_too_dear() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let a = book()[10]; // id 11: 2,400, enterprise by complexity
    let al = cost_alignment(&a, Motion::FieldSales, &v).unwrap();
    // 100,000 / 2,400 = 41.6666… → 41.6667 (half-even, 4 places).
    assert_eq!(al.cost_ratio, Some(dec("41.6667")));
    // Inside 5,000 > 2,400: misaligned too; self-serve 0 is the answer.
    assert_eq!(al.cheaper_motion, Some(Motion::SelfServe));
}

#[test]
fn cost_exactly_at_the_threshold_is_aligned() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    // 5,000 / 5,000 = 1.0: not above 1× → aligned.
    let al = cost_alignment(&account("5000.00"), Motion::InsideSales, &v).unwrap();
    assert_eq!(
        (al.cost_ratio, al.misaligned, al.cheaper_motion),
        (Some(dec("1")), false, None)
    );
    // One cent less: 5,000 / 4,999.99 = 1.000002 → 1.0000 shown, but misaligned.
    let al = cost_alignment(&account("4999.99"), Motion::InsideSales, &v).unwrap();
    assert_eq!(al.cost_ratio, Some(dec("1.0000")));
    assert!(al.misaligned);
    assert_eq!(al.cheaper_motion, Some(Motion::SelfServe));
}

#[test]
fn zero_value_account_has_no_ratio() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let al = cost_alignment(&account("0.00"), Motion::FieldSales, &v).unwrap();
    assert_eq!(al.cost_ratio, None);
    assert!(al.misaligned);
    assert_eq!(al.cheaper_motion, Some(Motion::SelfServe));
    // Self-serve costs 0: 0 > 1 × 0 is false.
    let al = cost_alignment(&account("0.00"), Motion::SelfServe, &v).unwrap();
    assert!(!al.misaligned);
}

#[test]
fn misalignment_is_decided_exactly_with_a_repeating_cut_off() {
    // Threshold 3: inside sales (1,000) is misaligned when 1,000 > 3 × value,
    // i.e. value < 333.333… The cut-off is ⌈1000/3⌉₉ = 333.333333334.
    let rules = [Rule::any(0)];
    let p = TieringPolicy {
        acquisition_cost: costs("0.00", "1000.00", "2000.00"),
        misalignment_threshold: dec("3"),
        ..policy(&TWO_TIERS[..1], &rules)
    };
    let v = ValidatedPolicy::new(&p).unwrap();
    assert_eq!(
        v.aligned_from_value(Motion::InsideSales),
        dec("333.333333334")
    );
    let at = |value: &str| {
        let a = Account {
            first_year_value: Money::new(dec(value), Currency::USD),
            ..account("0.00")
        };
        cost_alignment(&a, Motion::InsideSales, &v)
            .unwrap()
            .misaligned
    };
    // 3 × 333.333333333 = 999.999999999 < 1,000 → misaligned.
    assert!(at("333.333333333"));
    // 3 × 333.333333334 = 1,000.000000002 ≥ 1,000 → aligned.
    assert!(!at("333.333333334"));
    // Threshold one half: cost above half a year of value.
    let half = TieringPolicy {
        misalignment_threshold: dec("0.5"),
        ..p
    };
    let v = ValidatedPolicy::new(&half).unwrap();
    assert_eq!(v.aligned_from_value(Motion::InsideSales), dec("2000"));
    assert_eq!(v.aligned_from_value(Motion::FieldSales), dec("4000"));
}

#[test]
fn cost_alignment_rejects_a_foreign_account() {
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    let a = Account {
        first_year_value: Money::parse("10.00", Currency::GBP).unwrap(),
        ..account("0.00")
    };
    assert_eq!(
        cost_alignment(&a, Motion::SelfServe, &v)
            .unwrap_err()
            .path()
            .to_string(),
        "first_year_value"
    );
}

// ------------------------------------------------------------- small parts

#[test]
fn mrr_times_twelve() {
    // 99.99 × 12 = 1,199.88 exactly.
    assert_eq!(
        first_year_value_from_mrr(usd("99.99")).unwrap(),
        usd("1199.88")
    );
    let a = Account {
        first_year_value: first_year_value_from_mrr(usd("416.67")).unwrap(),
        ..account("0.00")
    };
    // 416.67 × 12 = 5,000.04 → SMB.
    let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
    assert_eq!(matched(classify(&a, &v).unwrap()).tier, DEFAULT_TIER_SMB);
}

#[test]
fn role_set_round_trips_through_bits() {
    let set = RoleSet::of(&[
        Role::SalesDevelopmentRep,
        Role::CustomerSuccessManager,
        Role::RenewalsRep,
    ]);
    // Bits in ALL_ROLES order: SDR is bit 2, CSM bit 7, renewals bit 9.
    assert_eq!(set.bits(), 0b10_1000_0100);
    assert_eq!(RoleSet::from_bits(set.bits()), Ok(set));
    assert_eq!(RoleSet::from_bits(1 << 11), Err(ErrorKind::OutOfRange));
    assert_eq!(set.iter().count(), 3);
    assert!(set
        .with(Role::AccountExecutive)
        .contains(Role::AccountExecutive));
}

// ------------------------------------------------------------- determinism

#[test]
fn classification_is_byte_identical_across_runs() {
    let run = || {
        let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
        let accounts = book();
        let mut out = vec![Outcome::Unmatched; accounts.len()];
        let summary = classify_batch(&accounts, &v, &mut out).unwrap();
        let alignments: Vec<_> = accounts
            .iter()
            .zip(&out)
            .filter_map(|(a, o)| {
                o.classification()
                    .map(|c| cost_alignment(a, c.motion, &v).unwrap())
            })
            .collect();
        format!("{out:?}{summary:?}{alignments:?}")
    };
    assert_eq!(run(), run());
}

// -------------------------------------------------------------- properties

fn arb_rule(tiers: u8) -> impl Strategy<Value = Rule> {
    let band = (0u32..6, prop::option::of(1u32..8));
    (
        0..tiers,
        (0i64..200, prop::option::of(1i64..300)),
        band.clone(),
        band,
        0u8..3,
        0u8..3,
        1u64..16,
    )
        .prop_map(
            |(tier, (vmin, vmax), (emin, emax), (dmin, dmax), ti, sr, regions)| {
                let condition = |c| match c {
                    0 => Condition::Any,
                    1 => Condition::Required,
                    _ => Condition::NotRequired,
                };
                Rule {
                    tier,
                    first_year_value: Band {
                        min: Decimal::from_int(vmin * 100),
                        max: vmax.map(|m| Decimal::from_int((vmin + m) * 100)),
                    },
                    employees: Band {
                        min: emin,
                        max: emax.map(|m| emin + m),
                    },
                    decision_makers: Band {
                        min: dmin,
                        max: dmax.map(|m| dmin + m),
                    },
                    technical_integration: condition(ti),
                    security_review: condition(sr),
                    regions: TagSet { bits: regions },
                    verticals: TagSet::ANY_TAG,
                }
            },
        )
}

fn arb_account() -> impl Strategy<Value = Account> {
    (
        0i64..5_000_000,
        0u32..16,
        0u32..16,
        any::<bool>(),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(
            |(cents, employees, decision_makers, ti, sr, region)| Account {
                id: 0,
                first_year_value: Money::from_minor_units(cents.into(), Currency::USD).unwrap(),
                employees,
                decision_makers,
                technical_integration: ti,
                security_review: sr,
                region,
                vertical: 0,
            },
        )
}

proptest! {
    /// The result is exactly the first rule, in order, that matches.
    #[test]
    fn classify_is_first_match(rules in prop::collection::vec(arb_rule(2), 1..8),
                               accounts in prop::collection::vec(arb_account(), 1..20)) {
        let p = policy(&TWO_TIERS, &rules);
        if let Ok(v) = ValidatedPolicy::new(&p) {
            for a in &accounts {
                let expected = rules.iter().position(|r| r.matches(a));
                let got = classify(a, &v).unwrap();
                prop_assert_eq!(got.classification().map(|c| usize::from(c.matched_rule)), expected);
                if let Some(c) = got.classification() {
                    prop_assert_eq!(c.tier, rules[usize::from(c.matched_rule)].tier);
                }
            }
        }
    }

    /// Reordering the batch permutes the outcomes and leaves the summary alone.
    #[test]
    fn batch_is_stable_under_input_order(accounts in prop::collection::vec(arb_account(), 0..40)) {
        let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
        let mut out = vec![Outcome::Unmatched; accounts.len()];
        let forward = classify_batch(&accounts, &v, &mut out).unwrap();
        let reversed: Vec<Account> = accounts.iter().rev().copied().collect();
        let mut out_rev = vec![Outcome::Unmatched; accounts.len()];
        let backward = classify_batch(&reversed, &v, &mut out_rev).unwrap();
        prop_assert_eq!(&forward, &backward);
        out_rev.reverse();
        prop_assert_eq!(out, out_rev);
    }

    /// The default policy covers every valid USD account.
    #[test]
    fn default_policy_never_leaves_an_account_unmatched(a in arb_account(), dms in 0u32..20) {
        let v = ValidatedPolicy::new(&DEFAULT_POLICY).unwrap();
        let a = Account { decision_makers: dms, ..a };
        prop_assert!(classify(&a, &v).unwrap().classification().is_some());
    }

    /// Misalignment is exactly `cost > threshold × value`, checked in
    /// integers (nanos).
    #[test]
    fn misalignment_matches_exact_integer_comparison(cost_cents in 0i64..10_000_000,
                                                     value_nanos in 0i64..i64::MAX,
                                                     threshold_millis in 1i64..10_000) {
        let rules = [Rule::any(0)];
        let p = TieringPolicy {
            acquisition_cost: MotionCosts {
                inside_sales: Money::from_minor_units(cost_cents.into(), Currency::USD).unwrap(),
                ..costs("0.00", "0.00", "0.00")
            },
            misalignment_threshold: Decimal::new(threshold_millis.into(), 3).unwrap(),
            ..policy(&TWO_TIERS[..1], &rules)
        };
        let v = ValidatedPolicy::new(&p).unwrap();
        let a = Account {
            first_year_value: Money::new(Decimal::from_nanos(value_nanos.into()).unwrap(), Currency::USD),
            ..account("0.00")
        };
        let al = cost_alignment(&a, Motion::InsideSales, &v).unwrap();
        // cost (cents) × 10⁷ nanos × 1000  vs  value (nanos) × threshold (millis)
        let lhs = i128::from(cost_cents) * 10_000_000 * 1000;
        let rhs = i128::from(value_nanos) * i128::from(threshold_millis);
        prop_assert_eq!(al.misaligned, lhs > rhs);
    }
}

// --------------------------------- reachability against a brute-force oracle

/// Tags a small-grid rule may name: 0, 1, 2 and 63 (the last tag).
const GRID_TAGS: [u8; 4] = [0, 1, 2, 63];
/// One tag per class of the grid: the four above and 30, which stands for
/// every tag only a full set (`ANY_TAG`) contains.
const PROBE_TAGS: [u8; 5] = [0, 1, 2, 63, 30];

/// A tag set: `ANY_TAG`, or a non-empty subset of [`GRID_TAGS`].
fn grid_tags(choice: u8) -> TagSet {
    if choice == 0 {
        return TagSet::ANY_TAG;
    }
    let tags: Vec<u8> = (0..4)
        .filter(|bit| choice & (1 << bit) != 0)
        .map(|bit| GRID_TAGS[bit])
        .collect();
    TagSet::of(&tags).unwrap()
}

/// Rules whose band edges lie in 0..=5 (units of value, counts), so every
/// class of accounts the rules can tell apart holds a grid point.
fn grid_rule() -> impl Strategy<Value = Rule> {
    // Half the tests unconstrained, so that rules overlap and shadow often.
    let band = prop_oneof![Just((0u32, None)), (0u32..3, prop::option::of(1u32..3))];
    let condition = prop_oneof![
        2 => Just(Condition::Any),
        1 => Just(Condition::Required),
        1 => Just(Condition::NotRequired)
    ];
    let tags = prop_oneof![Just(0u8), 1u8..16];
    (
        0u8..2,
        band.clone(),
        band.clone(),
        band,
        condition.clone(),
        condition,
        tags.clone(),
        tags,
    )
        .prop_map(
            |(tier, (vmin, vlen), (emin, elen), (dmin, dlen), ti, sr, regions, verticals)| Rule {
                tier,
                first_year_value: Band {
                    min: Decimal::from(vmin),
                    max: vlen.map(|len| Decimal::from(vmin + len)),
                },
                employees: Band {
                    min: emin,
                    max: elen.map(|len| emin + len),
                },
                decision_makers: Band {
                    min: dmin,
                    max: dlen.map(|len| dmin + len),
                },
                technical_integration: ti,
                security_review: sr,
                regions: grid_tags(regions),
                verticals: grid_tags(verticals),
            },
        )
}

/// Every grid account: one per class of the arrangement of grid rules
/// (values and counts 0..=5, where 5 stands for everything above the last
/// edge; plus the largest count and value, which no grid edge separates).
fn grid_accounts() -> Vec<Account> {
    let mut values: Vec<Decimal> = (0..=5u32).map(Decimal::from).collect();
    values.push(Decimal::MAX);
    let counts: Vec<u32> = (0..=5).chain([u32::MAX]).collect();
    let mut out = Vec::new();
    for &value in &values {
        for &employees in &counts {
            for &decision_makers in &counts {
                for flags in 0..4 {
                    for &region in &PROBE_TAGS {
                        for &vertical in &PROBE_TAGS {
                            out.push(Account {
                                id: 0,
                                first_year_value: Money::new(value, Currency::USD),
                                employees,
                                decision_makers,
                                technical_integration: flags & 1 != 0,
                                security_review: flags & 2 != 0,
                                region,
                                vertical,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Validation rejects exactly the first rule no account reaches (by
    /// brute force over every class of accounts), then exactly the first
    /// tier no reachable rule assigns; otherwise it accepts.
    #[test]
    fn unreachable_rules_and_tiers_match_a_brute_force_oracle(
        rules in prop::collection::vec(grid_rule(), 1..9)
    ) {
        let mut reached = vec![false; rules.len()];
        for a in grid_accounts() {
            if let Some(k) = rules.iter().position(|r| r.matches(&a)) {
                reached[k] = true;
            }
        }
        let expected = if let Some(dead) = reached.iter().position(|&r| !r) {
            Err((format!("rules[{dead}]"), UNREACHABLE))
        } else if let Some(tier) = (0..2u8).find(|&t| rules.iter().all(|r| r.tier != t)) {
            Err((
                format!("tiers[{tier}]"),
                ErrorKind::Invalid("tier unreachable: no rule assigns it"),
            ))
        } else {
            Ok(())
        };
        let got = policy(&TWO_TIERS, &rules)
            .validate()
            .map_err(|e| (e.path().to_string(), e.kind()));
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn outcomes_stay_small_for_large_batches() {
    // 1,000,000 outcomes are written per batch: keep each a few words.
    assert!(
        core::mem::size_of::<Outcome>() <= 16,
        "{}",
        core::mem::size_of::<Outcome>()
    );
}
