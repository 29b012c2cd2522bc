//! The FX policy (issue 15): a deal converted at the rate in force on its
//! own date (locked) or re-converted at the statement date, and rated before
//! or after conversion. A published example (iDynamics Commissions), its
//! interactions with true-ups, clawbacks and holds worked by hand, and
//! properties against a big-integer recomputation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use num_bigint::BigInt;
use proptest::prelude::*;
use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Date, Decimal, FxRate};
use support::payout::*;
use support::vectors::{case, text};

const DATA: &str = include_str!("data/fx_policy.json");

fn fx_policy(rate_date: FxRateDate, order: FxOrder) -> PayoutPolicy {
    PayoutPolicy {
        fx: FxPolicy { rate_date, order },
        ..PayoutPolicy::plain()
    }
}

fn locked() -> PayoutPolicy {
    fx_policy(FxRateDate::PostingDate, FxOrder::ConvertThenRate)
}

fn rate(from: Currency, rate: &str, as_of: Date) -> DatedFxRate {
    DatedFxRate {
        rate: FxRate::new(from, Currency::USD, d(rate)).unwrap(),
        as_of,
    }
}

/// EUR→USD 1.10 from 1 Jan, 1.30 from 1 Feb.
fn eur_moves() -> [DatedFxRate; 2] {
    [
        rate(Currency::EUR, "1.10", date(1, 1)),
        rate(Currency::EUR, "1.30", date(2, 1)),
    ]
}

fn months(n: usize) -> Vec<MonthInput> {
    vec![MonthInput::default(); n]
}

fn run(policy: &PayoutPolicy, fx: &[DatedFxRate], inputs: &[MonthInput]) -> Vec<Run> {
    let plan = flat_plan();
    let setup = Setup {
        plan: &plan,
        policy,
        relief: None,
        fx,
    };
    run_months(&setup, PayoutState::new(REP, Currency::USD), inputs)
}

fn full_clawback() -> ClawbackRule {
    ClawbackRule {
        id: 500,
        kinds: KindSet::of(&[TransactionKind::New]),
        window_days: 90,
        method: ClawbackMethod::Full,
        instalments: 1,
    }
}

fn hold_until_live() -> HoldbackRule {
    HoldbackRule {
        id: 300,
        kinds: KindSet::of(&[TransactionKind::New]),
        share: Decimal::ONE,
        condition: ReleaseCondition::CustomerLive,
        steps: heapless::Vec::new(),
    }
}

#[test]
fn published_idynamics_a_deal_posted_at_1_22_always_pays_122() {
    // iDynamics Commissions (data/fx_policy.json): GBP 1 000 posted at the
    // start of the month, 10 %: GBP 100 = USD 122 at the posting rate 1.22,
    // "always" USD 122. We move the rate to 1.25 on 1 Feb: the locked deal
    // still pays 122 and February trues nothing up; re-converted at the
    // statement date, February trues up 1 000 × 1.25 × 10 % − 122 = 3.
    let v = case(DATA, "idynamics-posted-rate");
    let posted = text(&v["rate_at_posting"]);
    let fx = [
        rate(Currency::GBP, posted, date(1, 1)),
        rate(Currency::GBP, "1.25", date(2, 1)),
    ];
    let mut inputs = months(2);
    inputs[0].deals = vec![deal_in(
        1,
        date(1, 5),
        text(&v["deal"]["amount"]),
        Currency::GBP,
    )];
    let policy = fx_policy(FxRateDate::PostingDate, FxOrder::RateThenConvert);
    let runs = run(&policy, &fx, &inputs);
    let expected = d(text(&v["expected"]["commission"]));
    assert_eq!(nets(&runs), vec![expected, d("0")]);
    let line = runs[0].of_kind(PayoutLineKind::Earnings)[0];
    // The line points at the 1.22 rate in force from 1 Jan.
    assert_eq!((line.fx, line.amount), (Some(0), usd("122")));
    assert_eq!(fx[0].rate.rate(), d("1.22"));
    assert!(runs[1].of_kind(PayoutLineKind::TrueUp).is_empty());

    let floating = fx_policy(FxRateDate::StatementDate, FxOrder::RateThenConvert);
    let runs = run(&floating, &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["122", "3"]));
    // Today's re-conversion is a plan-level true-up: no deal, no rate.
    let true_up = runs[1].of_kind(PayoutLineKind::TrueUp)[0];
    assert_eq!(
        (true_up.transaction_id, true_up.fx, true_up.amount),
        (None, None, usd("3"))
    );
}

#[test]
fn the_default_policy_is_todays_statement_date_conversion() {
    assert_eq!(
        PayoutPolicy::plain().fx,
        FxPolicy {
            rate_date: FxRateDate::StatementDate,
            order: FxOrder::ConvertThenRate,
        }
    );
    assert_eq!(PayoutPolicy::plain().fx, FxPolicy::default());
}

#[test]
fn rate_then_convert_rounds_once_where_convert_then_rate_loses_a_cent() {
    // EUR 1 000.05 at 1.0850, 10 %:
    //   convert then rate: 1 000.05 × 1.0850 = 1 085.05425 → 1 085.05;
    //                      × 10 % = 108.505 → 108.50 (half-even);
    //   rate then convert: 1 000.05 × 10 % × 1.0850 = 108.5054250 → 108.51.
    let fx = [rate(Currency::EUR, "1.0850", date(1, 1))];
    let mut inputs = months(1);
    inputs[0].deals = vec![deal_in(1, date(1, 10), "1000.05", Currency::EUR)];
    for (order, paid) in [
        (FxOrder::ConvertThenRate, "108.50"),
        (FxOrder::RateThenConvert, "108.51"),
    ] {
        for rate_date in [FxRateDate::StatementDate, FxRateDate::PostingDate] {
            let runs = run(&fx_policy(rate_date, order), &fx, &inputs);
            assert_eq!(nets(&runs), ds(&[paid]), "{rate_date:?} {order:?}");
            let line = runs[0].of_kind(PayoutLineKind::Earnings)[0];
            assert_eq!(line.fx, Some(0));
        }
    }
}

#[test]
fn a_locked_deal_is_not_trued_up_when_the_rate_moves() {
    // EUR 1 000 on 10 Jan: 1 100 USD × 10 % = 110 at the January rate.
    // From 1 Feb the rate is 1.30. Locked: Feb and Mar pay nothing more.
    // Re-converted: Feb trues up 1 300 × 10 % − 110 = 20, Mar nothing.
    let fx = eur_moves();
    let mut inputs = months(3);
    inputs[0].deals = vec![deal_in(1, date(1, 10), "1000", Currency::EUR)];
    let runs = run(&locked(), &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["110", "0", "0"]));
    assert!(runs
        .iter()
        .all(|r| r.of_kind(PayoutLineKind::TrueUp).is_empty()));
    let runs = run(&PayoutPolicy::plain(), &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["110", "20", "0"]));
}

#[test]
fn a_later_deal_locks_at_its_own_rate_while_the_first_keeps_its_own() {
    // Jan: EUR 1 000 on 10 Jan at 1.10 → 110 (fx index 0).
    // Feb: EUR 1 000 on 10 Feb at 1.30 → 130 (fx index 1); deal 1 unchanged.
    let fx = eur_moves();
    let mut inputs = months(2);
    inputs[0].deals = vec![deal_in(1, date(1, 10), "1000", Currency::EUR)];
    inputs[1].deals = vec![deal_in(2, date(2, 10), "1000", Currency::EUR)];
    let runs = run(&locked(), &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["110", "130"]));
    let feb = runs[1].of_kind(PayoutLineKind::Earnings);
    assert_eq!(feb.len(), 1);
    assert_eq!(
        (feb[0].transaction_id, feb[0].fx, feb[0].amount),
        (Some(2), Some(1), usd("130"))
    );
}

#[test]
fn a_locked_deal_is_clawed_back_at_what_was_paid_at_its_rate() {
    // Deal 1, EUR 1 000 on 10 Jan, paid 110 at 1.10; churns on 5 Mar
    // (within 90 days), clawed back in full.
    // Locked: Feb 0; Mar −110 (the amount paid at the January rate),
    // carried forward as a −110 balance (the net shows 0).
    // Re-converted: Feb trues up +20 at 1.30 on a plan-level line (not the
    // deal's), so Mar claws back only the deal's 110 and the 20 stays paid.
    let fx = eur_moves();
    let policy = PayoutPolicy {
        clawbacks: [full_clawback()].into_iter().collect(),
        ..locked()
    };
    let mut inputs = months(3);
    inputs[0].deals = vec![deal_in(1, date(1, 10), "1000", Currency::EUR)];
    inputs[2].events = vec![event(1, EventKind::Churn, date(3, 5), "1")];
    let runs = run(&policy, &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["110", "0", "0"]));
    assert_eq!(runs[2].sum(PayoutLineKind::Clawback), d("-110"));
    assert_eq!(runs[2].state.balance, usd("-110"));
    let floating = PayoutPolicy {
        fx: FxPolicy::default(),
        ..policy
    };
    let runs = run(&floating, &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["110", "20", "0"]));
    assert_eq!(runs[2].sum(PayoutLineKind::Clawback), d("-110"));
}

#[test]
fn a_held_locked_deal_is_released_at_its_locked_amount() {
    // Deal 1, EUR 1 000 on 10 Jan held 100 % until live; live on 5 Mar.
    // Locked: Jan earns 110, holds 110 (net 0); Feb nothing; Mar releases
    // 110. Re-converted: Feb trues up +20 on a plan-level line, paid at
    // once (no deal, so no hold); Mar releases the 110 held.
    let fx = eur_moves();
    let policy = PayoutPolicy {
        holdbacks: [hold_until_live()].into_iter().collect(),
        ..locked()
    };
    let mut inputs = months(3);
    inputs[0].deals = vec![deal_in(1, date(1, 10), "1000", Currency::EUR)];
    inputs[2].events = vec![event(1, EventKind::CustomerLive, date(3, 5), "1")];
    let runs = run(&policy, &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["0", "0", "110"]));
    assert_eq!(runs[2].sum(PayoutLineKind::Release), d("110"));
    let floating = PayoutPolicy {
        fx: FxPolicy::default(),
        ..policy
    };
    let runs = run(&floating, &fx, &inputs);
    assert_eq!(nets(&runs), ds(&["0", "20", "110"]));
    assert_eq!(runs[1].sum(PayoutLineKind::Hold), d("0"));
    assert_eq!(runs[2].sum(PayoutLineKind::Release), d("110"));
}

#[test]
fn a_deal_before_any_rate_is_refused_naming_the_credit() {
    // Locked at posting, a deal dated before the first rate has no rate.
    let fx = [rate(Currency::EUR, "1.10", date(2, 1))];
    let plan = flat_plan();
    let deals = [deal_in(1, date(1, 10), "1000", Currency::EUR)];
    let credits = credit_all(&deals);
    let state = PayoutState::new(REP, Currency::USD);
    let policy = locked();
    let request = StatementRequest {
        fx: &fx,
        ..StatementRequest::new(month(2), &plan, &policy, &credits, &state)
    };
    let mut scratch = vec![blank_earnings(); 64];
    let mut out = vec![blank_line(); 64];
    let mut next = PayoutState::new(REP, Currency::USD);
    let err = statement(&request, &mut scratch, &mut out, &mut next).unwrap_err();
    assert!(err.to_string().starts_with("credits[0].amount"), "{err}");
}

#[cfg(feature = "serde")]
#[test]
fn the_policy_reads_from_json_with_defaults_and_names_a_bad_field() {
    let plain: PayoutPolicy =
        serde_json::from_str(r#"{"draw": null, "negative_net": "carry_forward"}"#).unwrap();
    assert_eq!(plain, PayoutPolicy::plain());
    let json = r#"{"draw": null, "negative_net": "carry_forward",
                   "fx": {"rate_date": "posting_date", "order": "rate_then_convert"}}"#;
    let policy: PayoutPolicy = serde_json::from_str(json).unwrap();
    assert_eq!(
        policy.fx,
        FxPolicy {
            rate_date: FxRateDate::PostingDate,
            order: FxOrder::RateThenConvert,
        }
    );
    let bad = r#"{"draw": null, "negative_net": "carry_forward", "fx": {"rate_date": "payday"}}"#;
    let de = &mut serde_json::Deserializer::from_str(bad);
    let err = serde_path_to_error::deserialize::<_, PayoutPolicy>(de).unwrap_err();
    assert_eq!(err.path().to_string(), "fx.rate_date");
}

// --- properties ---------------------------------------------------------------

fn big(d: Decimal) -> BigInt {
    BigInt::from(d.to_scaled_integer(9).unwrap())
}

/// `n ÷ 10^(9k)` rounded half-even to cents, as nanos.
fn cents_half_even(n: &BigInt, k: u32) -> Decimal {
    let den = BigInt::from(10u64).pow(9 * k - 2);
    let zero = BigInt::from(0);
    let negative = *n < zero;
    let m = if negative { -n.clone() } else { n.clone() };
    let (mut q, r) = (&m / &den, &m % &den);
    let twice = &r * 2;
    if twice > den || (twice == den && (&q % 2) == BigInt::from(1)) {
        q += 1;
    }
    if negative {
        q = -q;
    }
    let cents: i128 = q.try_into().unwrap();
    Decimal::new(cents, 2).unwrap()
}

fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn rate_of(micro: u32) -> String {
    format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

/// A rate with eight decimals (as Xactly allows) from hundred-millionths.
fn rate_of_8(units: u64) -> String {
    format!("{}.{:08}", units / 100_000_000, units % 100_000_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With one rate in force all year (repeated on later dates), locking
    /// at posting changes nothing, and the two orders differ by at most a
    /// cent a line (convert then rate rounds the credit first: half a cent
    /// × a rate ≤ 1, plus the line's own half cent).
    #[test]
    fn with_all_rates_equal_the_four_policies_agree_to_the_cent(
        a in 1u64..100_000_000, b in 1u64..100_000_000, micro in 500_000u32..2_000_000,
    ) {
        let r = rate_of(micro);
        let fx = [
            rate(Currency::EUR, &r, date(1, 1)),
            rate(Currency::EUR, &r, date(2, 1)),
        ];
        let mut inputs = months(2);
        inputs[0].deals = vec![deal_in(1, date(1, 10), &money(a), Currency::EUR)];
        inputs[1].deals = vec![deal_in(2, date(2, 10), &money(b), Currency::EUR)];
        let mut by_order = Vec::new();
        for order in [FxOrder::ConvertThenRate, FxOrder::RateThenConvert] {
            let statement = nets(&run(&fx_policy(FxRateDate::StatementDate, order), &fx, &inputs));
            let posting = nets(&run(&fx_policy(FxRateDate::PostingDate, order), &fx, &inputs));
            prop_assert_eq!(&statement, &posting);
            by_order.push(statement);
        }
        for (x, y) in by_order[0].iter().zip(&by_order[1]) {
            prop_assert!(x.checked_sub(*y).unwrap().abs() <= d("0.01"), "{} vs {}", x, y);
        }
    }

    /// Rate then convert pays exactly `credit × 10 % × fx` rounded once
    /// half-even to the cent (big-integer recomputation), at the rate
    /// locked on each deal's date.
    #[test]
    fn rate_then_convert_is_the_exact_product_rounded_once(
        a in 1u64..100_000_000, b in 1u64..100_000_000,
        jan in 50_000_000u64..200_000_000, feb in 50_000_000u64..200_000_000,
    ) {
        let fx = [
            rate(Currency::EUR, &rate_of_8(jan), date(1, 1)),
            rate(Currency::EUR, &rate_of_8(feb), date(2, 1)),
        ];
        let mut inputs = months(2);
        inputs[0].deals = vec![deal_in(1, date(1, 10), &money(a), Currency::EUR)];
        inputs[1].deals = vec![deal_in(2, date(2, 10), &money(b), Currency::EUR)];
        let policy = fx_policy(FxRateDate::PostingDate, FxOrder::RateThenConvert);
        let runs = run(&policy, &fx, &inputs);
        let ten_percent = d("0.10");
        for (i, (cents, dated)) in [(a, &fx[0]), (b, &fx[1])].into_iter().enumerate() {
            let amount = d(&money(cents));
            let exact = big(amount) * big(ten_percent) * big(dated.rate.rate());
            let expected = cents_half_even(&exact, 3);
            let line = runs[i].of_kind(PayoutLineKind::Earnings)[0];
            prop_assert_eq!(line.amount.amount(), expected);
            prop_assert_eq!(line.fx, Some(i as u16));
            prop_assert!(runs[i].of_kind(PayoutLineKind::TrueUp).is_empty());
        }
    }
}

#[test]
fn rate_then_convert_multiplies_an_eight_decimal_rate_exactly() {
    // EUR 0.01 at 0.50000005 (Xactly takes rates to 8 decimals), 100 %:
    // exact 0.0050000005 → 0.01 half-even. Converting to nine places first
    // (0.005000000, half-even at the ninth) would round the line to 0.00.
    let mut plan = flat_plan();
    plan.components[0].rate_table = RateTable::flat(Decimal::ONE);
    let fx = [rate(Currency::EUR, "0.50000005", date(1, 1))];
    let deals = [deal_in(1, date(1, 10), "0.01", Currency::EUR)];
    let credits = credit_all(&deals);
    let state = PayoutState::new(REP, Currency::USD);
    let policy = fx_policy(FxRateDate::PostingDate, FxOrder::RateThenConvert);
    let request = StatementRequest {
        fx: &fx,
        ..StatementRequest::new(month(1), &plan, &policy, &credits, &state)
    };
    let mut scratch = vec![blank_earnings(); 64];
    let mut out = vec![blank_line(); 64];
    let mut next = PayoutState::new(REP, Currency::USD);
    let statement = statement(&request, &mut scratch, &mut out, &mut next).unwrap();
    assert_eq!(statement.net, usd("0.01"));
}
