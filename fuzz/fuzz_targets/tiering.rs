#![no_main]
//! Tiering: arbitrary policies and accounts never panic; a rejected policy
//! names its field; classification is the first matching rule (checked
//! against the plain `Rule::matches`), deterministic, and stable under the
//! order of the batch; misalignment is exact (checked in big integers); a
//! rule rejected as unreachable is never the first match of an account.

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use num_bigint::BigInt;
use salesphysics_core::tiering::{
    classify, classify_batch, cost_alignment, Account, Band, Condition, Motion, MotionCosts,
    Outcome, Overlaps, Rule, TagSet, Tier, TieringPolicy, ValidatedPolicy, ALL_MOTIONS,
};
use salesphysics_core::{Currency, Decimal, ErrorKind, Money, Role, RoleSet};

#[derive(Arbitrary, Debug)]
struct FuzzTier {
    motion: u8,
    roles: u16,
    /// Keep the roles as drawn (often unfit for the motion) instead of fitting them.
    raw_roles: bool,
}

#[derive(Arbitrary, Debug)]
struct FuzzRule {
    tier: u8,
    value_min: i64,
    value_max: Option<i64>,
    employees_min: u32,
    employees_max: Option<u32>,
    decision_makers_min: u8,
    decision_makers_max: Option<u8>,
    integration: u8,
    security: u8,
    regions: u64,
    verticals: u64,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct FuzzAccount {
    value: i64,
    employees: u32,
    decision_makers: u8,
    integration: bool,
    security: bool,
    region: u8,
    vertical: u8,
    foreign: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    tiers: Vec<FuzzTier>,
    rules: Vec<FuzzRule>,
    costs: [u32; 3],
    negative_cost: bool,
    threshold_millis: i32,
    reject_overlaps: bool,
    accounts: Vec<FuzzAccount>,
}

/// Values in nanos: the fuzzer reaches band edges through comparisons.
fn decimal(nanos: i64) -> Decimal {
    Decimal::from_nanos(i128::from(nanos)).unwrap()
}

fn condition(c: u8) -> Condition {
    match c % 3 {
        0 => Condition::Any,
        1 => Condition::Required,
        _ => Condition::NotRequired,
    }
}

fn motion(m: u8) -> Motion {
    ALL_MOTIONS[usize::from(m) % 3]
}

fn account(a: &FuzzAccount, id: u64) -> Account {
    let currency = if a.foreign { Currency::EUR } else { Currency::USD };
    Account {
        id,
        first_year_value: Money::new(decimal(a.value), currency),
        employees: a.employees,
        decision_makers: u32::from(a.decision_makers),
        technical_integration: a.integration,
        security_review: a.security,
        region: a.region,
        vertical: a.vertical,
    }
}

fuzz_target!(|input: Input| {
    let tiers: Vec<Tier> = input
        .tiers
        .iter()
        .take(20)
        .map(|t| {
            let motion = motion(t.motion);
            let mut roles = RoleSet::from_bits(t.roles & 0x01ff).unwrap();
            if !t.raw_roles {
                // Fit the team to the motion so most policies validate.
                roles = RoleSet::from_bits(roles.bits() & !(Role::AccountExecutive as u16 | Role::FieldAccountExecutive as u16))
                    .unwrap();
                roles = match motion {
                    Motion::SelfServe => roles,
                    Motion::InsideSales => roles.with(Role::AccountExecutive),
                    Motion::FieldSales => roles.with(Role::FieldAccountExecutive),
                };
            }
            Tier {
                name: "t",
                motion,
                roles,
            }
        })
        .collect();
    let rules: Vec<Rule> = input
        .rules
        .iter()
        .take(40)
        .map(|r| Rule {
            // Mostly a real tier; one value past the end to exercise the check.
            tier: r.tier % (tiers.len().min(250) as u8 + 1),
            first_year_value: Band {
                min: decimal(r.value_min),
                max: r.value_max.map(decimal),
            },
            employees: Band {
                min: r.employees_min,
                max: r.employees_max,
            },
            decision_makers: Band {
                min: u32::from(r.decision_makers_min),
                max: r.decision_makers_max.map(u32::from),
            },
            technical_integration: condition(r.integration),
            security_review: condition(r.security),
            regions: TagSet { bits: r.regions },
            verticals: TagSet { bits: r.verticals },
        })
        .collect();
    let sign = if input.negative_cost { -1 } else { 1 };
    let usd = |cents: u32| Money::from_minor_units(sign * i128::from(cents), Currency::USD).unwrap();
    let policy = TieringPolicy {
        currency: Currency::USD,
        tiers: &tiers,
        rules: &rules,
        acquisition_cost: MotionCosts {
            self_serve: usd(input.costs[0]),
            inside_sales: usd(input.costs[1]),
            field_sales: usd(input.costs[2]),
        },
        misalignment_threshold: Decimal::new(i128::from(input.threshold_millis), 3).unwrap(),
        overlaps: if input.reject_overlaps {
            Overlaps::Reject
        } else {
            Overlaps::FirstMatchWins
        },
    };
    let accounts: Vec<Account> = input
        .accounts
        .iter()
        .take(64)
        .enumerate()
        .map(|(i, a)| account(a, i as u64))
        .collect();
    let validated = match ValidatedPolicy::new(&policy) {
        Ok(v) => v,
        Err(e) => {
            assert!(!e.path().is_root(), "policy error without a field: {e:?}");
            // A rule called unreachable is never the first match of a valid account.
            if matches!(e.kind(), ErrorKind::Invalid(why) if why.starts_with("rule unreachable")) {
                let dead = e.path().segments().next().and_then(|s| s.index).unwrap() as usize;
                for a in accounts.iter().filter(|a| a.validate(Currency::USD).is_ok()) {
                    let first = rules.iter().position(|r| r.matches(a));
                    assert_ne!(first, Some(dead), "dead rule reached by {a:?}");
                }
            }
            return;
        }
    };
    for a in &accounts {
        let first = classify(a, &validated);
        assert_eq!(first, classify(a, &validated), "not deterministic");
        let Ok(outcome) = first else {
            let e = first.unwrap_err();
            assert!(!e.path().is_root());
            assert!(a.validate(Currency::USD).is_err(), "valid account rejected: {e:?}");
            continue;
        };
        // The compiled matcher agrees with the plain rule test.
        let expected = rules.iter().position(|r| r.matches(a));
        let got = outcome.classification().map(|c| usize::from(c.matched_rule));
        assert_eq!(got, expected, "{a:?}");
        let Some(c) = outcome.classification() else {
            continue;
        };
        let rule = &rules[usize::from(c.matched_rule)];
        assert_eq!(c.tier, rule.tier);
        assert_eq!(c.reasons, rule.reasons());
        assert_eq!(c.motion, tiers[usize::from(c.tier)].motion);

        // Misalignment is exactly cost > threshold × value.
        let alignment = cost_alignment(a, c.motion, &validated).unwrap();
        let exact = |m: Motion| {
            let cost = BigInt::from(policy.acquisition_cost.of(m).amount().nanos());
            let value = BigInt::from(a.first_year_value.amount().nanos());
            let threshold = BigInt::from(policy.misalignment_threshold.nanos());
            cost * BigInt::from(1_000_000_000u64) > value * threshold
        };
        assert_eq!(alignment.misaligned, exact(c.motion));
        if let Some(cheaper) = alignment.cheaper_motion {
            assert!(alignment.misaligned);
            assert!(!exact(cheaper));
            assert!(
                policy.acquisition_cost.of(cheaper).amount()
                    < policy.acquisition_cost.of(c.motion).amount()
            );
        }
    }

    // The batch equals one-by-one classification and does not depend on order.
    let mut forward = vec![Outcome::Unmatched; accounts.len()];
    let forward_summary = classify_batch(&accounts, &validated, &mut forward);
    let reversed: Vec<Account> = accounts.iter().rev().copied().collect();
    let mut backward = vec![Outcome::Unmatched; accounts.len()];
    let backward_summary = classify_batch(&reversed, &validated, &mut backward);
    match (forward_summary, backward_summary) {
        (Ok(f), Ok(b)) => {
            assert_eq!(f, b, "summary depends on order");
            backward.reverse();
            assert_eq!(forward, backward);
            for (a, o) in accounts.iter().zip(&forward) {
                assert_eq!(*o, classify(a, &validated).unwrap());
            }
            let counted: u64 =
                f.tiers.iter().map(|t| t.accounts).sum::<u64>() + f.unmatched.accounts;
            assert_eq!(counted, accounts.len() as u64);
        }
        (Err(_), Err(_)) => {}
        (f, b) => panic!("order changed success: {f:?} vs {b:?}"),
    }
});
