//! Quota relief on a plan whose components have different quota periods
//! (issue 15): each quota is relieved over its own quota period — a month
//! of leave relieves a monthly quota by the month's active days and a
//! quarterly one by the quarter's — as vendors keep a value per quota and
//! period (sources in docs/payout.md, Ramp and proration: Xactly Incent
//! "Plan Design > Quota", Salesforce Spiff `quota()`, Siebel Incentive
//! Compensation "Personalizing a Quota Target", Varicent "Submitting quota
//! adjustments"). Figures worked by hand in the comments.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use proptest::prelude::*;
use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Currency, Decimal, Period};
use support::payout::*;

/// Graduated on attainment: `low` up to 100 % of quota, `high` above.
fn two_rates(low: &str, high: &str) -> RateTable {
    table(
        RateMethod::Graduated,
        &[("0", Some("1"), low), ("1", None, high)],
    )
}

/// Half on a monthly quota of 10 000 (10 %, 20 % above quota), half on a
/// quarterly quota of 30 000 (5 %, 10 % above), both on new MRR.
fn month_and_quarter() -> Plan {
    let mut plan = plan_with("10000", QuotaPeriod::Month, two_rates("0.10", "0.20"));
    plan.components[0].tier_axis = TierAxis::Attainment;
    plan.components[0].weight = d("0.5");
    let mut quarterly = plan.components[0].clone();
    quarterly.id = 80;
    quarterly.quota = d("30000");
    quarterly.quota_period = QuotaPeriod::Quarter;
    quarterly.rate_table = two_rates("0.05", "0.10");
    plan.components.push(quarterly).unwrap();
    plan
}

/// Employed all year, on leave 1–15 June.
fn june_leave() -> QuotaRelief {
    QuotaRelief {
        employment: Period::year(YEAR).unwrap(),
        leaves: [Period::new(date(6, 1), date(6, 15)).unwrap()]
            .into_iter()
            .collect(),
        ramp: heapless::Vec::new(),
    }
}

/// Relief that changes no quota (a ramp of 100 %) but still makes the
/// statement rate group by group and quota period by quota period.
fn unit_relief() -> QuotaRelief {
    QuotaRelief {
        employment: Period::year(YEAR).unwrap(),
        leaves: heapless::Vec::new(),
        ramp: [Decimal::ONE].into_iter().collect(),
    }
}

fn second_quarter() -> Vec<MonthInput> {
    let mut inputs = vec![MonthInput::default(); 6];
    inputs[3].deals = vec![deal(1, date(4, 10), "12000")];
    inputs[4].deals = vec![deal(2, date(5, 5), "10000")];
    inputs[5].deals = vec![deal(3, date(6, 20), "8000")];
    inputs
}

fn run(plan: &Plan, relief: Option<&QuotaRelief>, inputs: &[MonthInput]) -> Vec<Run> {
    run_with(plan, &PayoutPolicy::plain(), relief, inputs)
}

fn run_with(
    plan: &Plan,
    policy: &PayoutPolicy,
    relief: Option<&QuotaRelief>,
    inputs: &[MonthInput],
) -> Vec<Run> {
    run_cached(plan, policy, relief, inputs, false)
}

/// [`run_with`], forgetting the closed quota periods before every
/// statement when `forget`.
fn run_cached(
    plan: &Plan,
    policy: &PayoutPolicy,
    relief: Option<&QuotaRelief>,
    inputs: &[MonthInput],
    forget: bool,
) -> Vec<Run> {
    run_months_with(
        &Setup {
            plan,
            policy,
            relief,
            fx: &[],
        },
        PayoutState::new(REP, Currency::USD),
        inputs,
        forget,
    )
}

/// The statement's lines with what each explains: the same whether or not
/// earlier quota periods were reused (which moves the explanations in the
/// scratch).
fn explained(run: &Run) -> Vec<(PayoutLine, Option<EarningsLine>)> {
    run.lines
        .iter()
        .map(|l| {
            let explanation = l.earnings.map(|_| run.explain(l));
            (
                PayoutLine {
                    earnings: None,
                    ..*l
                },
                explanation,
            )
        })
        .collect()
}

/// The state without its cache of closed quota periods.
fn uncached(state: &PayoutState) -> PayoutState {
    let mut state = state.clone();
    state.closed.clear();
    state
}

/// (rule id, amount) of a statement's earnings lines, in order.
fn earnings(run: &Run) -> Vec<(u32, Decimal)> {
    run.of_kind(PayoutLineKind::Earnings)
        .iter()
        .map(|l| (l.rule_id, l.amount.amount()))
        .collect()
}

#[test]
fn half_a_month_of_leave_relieves_the_month_and_the_quarter_each_by_its_own_days() {
    // Leave 1–15 June 2026. June: 15 of 30 days active, so the monthly
    // quota is 10 000 × 15/30 = 5 000. Q2 (1 Apr – 30 Jun): 76 of 91 days
    // active, so the quarterly quota is 30 000 × 76/91 = 25 054.945054945
    // (2 280 000 / 91 = 25 054.945054945054…, half-even at 9 places).
    // April and May are fully active: monthly quotas stay 10 000.
    let relief = june_leave();
    assert_eq!(relief.active_days(month(6)).unwrap(), 15);
    assert_eq!(
        relief
            .active_days(Period::new(date(4, 1), date(6, 30)).unwrap())
            .unwrap(),
        76
    );
    let plan = month_and_quarter();
    let runs = run(&plan, Some(&relief), &second_quarter());
    // April, 12 000: monthly 10 000 × 10 % + 2 000 × 20 % = 1 000 + 400;
    // quarterly 12 000 × 5 % = 600 (below 25 054.95).
    assert_eq!(
        earnings(&runs[3]),
        vec![(70, d("1000")), (70, d("400")), (80, d("600"))]
    );
    // May, 10 000: monthly exactly at quota, 1 000; quarterly 22 000 to
    // date, still below, 500.
    assert_eq!(earnings(&runs[4]), vec![(70, d("1000")), (80, d("500"))]);
    // June, 8 000: monthly 5 000 × 10 % + 3 000 × 20 % = 500 + 600;
    // quarterly 25 054.945054945 − 22 000 = 3 054.945054945 × 5 %
    // = 152.747… → 152.75, and the other 4 945.054945055 × 10 %
    // = 494.505… → 494.51. The deal's lines stay together, in plan order.
    assert_eq!(
        earnings(&runs[5]),
        vec![
            (70, d("500")),
            (70, d("600")),
            (80, d("152.75")),
            (80, d("494.51"))
        ]
    );
    assert_eq!(runs[5].sum(PayoutLineKind::Earnings), d("1747.26"));
    // The relieved quarter was known from April: nothing to true up.
    assert!(runs
        .iter()
        .all(|r| r.of_kind(PayoutLineKind::TrueUp).is_empty()));
    let explained = runs[5].explain(&runs[5].of_kind(PayoutLineKind::Earnings)[3]);
    assert_eq!((explained.tier, explained.rate), (Some(1), d("0.10")));

    // Without relief June pays 8 000 × 10 % + 8 000 × 5 % = 800 + 400
    // (the quarter reaches 30 000 exactly): relief adds 547.26.
    let plain = run(&plan, None, &second_quarter());
    assert_eq!(plain[5].sum(PayoutLineKind::Earnings), d("1200"));
    assert_eq!(plain[3].net(), runs[3].net());
    assert_eq!(plain[4].net(), runs[4].net());
}

#[test]
fn a_yearly_component_is_relieved_by_the_year_and_a_monthly_one_by_the_month() {
    // Monthly 10 000 (10 %, 20 % above) and a yearly 120 000 at 2 % up to
    // quota, 4 % above, both on attainment. Leave 1–15 June: the year has
    // 350 of 365 days active, so its quota is 120 000 × 350/365
    // = 115 068.493150685 (115 068.4931506849… half-even at 9 places).
    // Deals: 1 000 000 on 1 March, 8 000 on 20 June.
    // March: monthly 10 000 × 10 % + 990 000 × 20 % = 1 000 + 198 000;
    // yearly 115 068.493150685 × 2 % = 2 301.3698630137 → 2 301.37 and
    // 884 931.506849315 × 4 % = 35 397.2602739726 → 35 397.26.
    // June: monthly 5 000 × 10 % + 3 000 × 20 % = 500 + 600; yearly above
    // quota, 8 000 × 4 % = 320.
    let mut plan = month_and_quarter();
    plan.components[1].quota = d("120000");
    plan.components[1].quota_period = QuotaPeriod::Year;
    plan.components[1].rate_table = two_rates("0.02", "0.04");
    let mut inputs = vec![MonthInput::default(); 6];
    inputs[2].deals = vec![deal(1, date(3, 1), "1000000")];
    inputs[5].deals = vec![deal(2, date(6, 20), "8000")];
    let runs = run(&plan, Some(&june_leave()), &inputs);
    assert_eq!(
        earnings(&runs[2]),
        vec![
            (70, d("1000")),
            (70, d("198000")),
            (80, d("2301.37")),
            (80, d("35397.26"))
        ]
    );
    assert_eq!(
        earnings(&runs[5]),
        vec![(70, d("500")), (70, d("600")), (80, d("320"))]
    );
}

// --- refusals ----------------------------------------------------------------

fn refusal(plan: &Plan, relief: &QuotaRelief) -> String {
    let credits = credit_all(&[deal(1, date(1, 20), "3000")]);
    let state = PayoutState::new(REP, Currency::USD);
    let policy = PayoutPolicy::plain();
    let request = StatementRequest {
        participant_id: REP,
        period: month(1),
        plan,
        policy: &policy,
        relief: Some(relief),
        credits: &credits,
        events: &[],
        fx: &[],
        fx_date: date(1, 31),
        state: &state,
    };
    let mut next = PayoutState::new(REP, Currency::USD);
    statement(
        &request,
        &mut [blank_earnings(); 64],
        &mut [blank_line(); 64],
        &mut next,
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn what_would_tie_quota_periods_together_is_refused_with_the_field() {
    let relief = june_leave();
    // A gate whose gating component is rated in another group: the monthly
    // component's gate would read a quarterly attainment it does not see.
    let mut gated = month_and_quarter();
    gated.components[0].gate = Some(Gate {
        component_id: 80,
        min_attainment: d("0.5"),
    });
    assert_eq!(
        refusal(&gated, &relief),
        "plan.components[0].gate.component_id: under quota relief a gate's component \
         must share the gated one's quota period"
    );
    // A first-match rule group spanning quota periods: which component
    // takes a credit would depend on a component of another group.
    let mut grouped = month_and_quarter();
    grouped.components[0].group = Some(1);
    grouped.components[1].group = Some(1);
    assert_eq!(
        refusal(&grouped, &relief),
        "plan.components[0].group: under quota relief a rule group's components \
         must share one quota period"
    );
    // A plan cap counts every component's earnings together.
    let mut capped = month_and_quarter();
    capped.cap = Some(d("50000"));
    assert_eq!(
        refusal(&capped, &relief),
        "plan.cap: quota relief across quota periods cannot cap components rated apart"
    );
    // Year-to-date tiers on a monthly component would lose the earlier months.
    let mut year_to_date = month_and_quarter();
    year_to_date.components[1].tier_basis = TierBasis::YearToDate;
    assert_eq!(
        refusal(&year_to_date, &relief),
        "plan.components[1].tier_basis: quota relief by period needs period-to-date tiers"
    );
    // Rounding the statement total: each group would round its own total.
    let mut per_total = month_and_quarter();
    per_total.rounding.at = RoundAt::Total;
    assert_eq!(
        refusal(&per_total, &relief),
        "plan.rounding.at: quota relief across quota periods needs per-line rounding: \
         each group would round its own total"
    );
    // A ramp by tenure month has no exact share of a quarterly quota.
    let ramped = QuotaRelief {
        ramp: [d("0.5")].into_iter().collect(),
        ..june_leave()
    };
    assert_eq!(
        refusal(&month_and_quarter(), &ramped),
        "relief: a ramp by month of tenure needs monthly quotas"
    );
    // A gate inside one group is rated with its group: accepted.
    let mut same_group = month_and_quarter();
    let mut gate_on_quarter = same_group.components[1].clone();
    gate_on_quarter.id = 90;
    gate_on_quarter.weight = d("0");
    gate_on_quarter.gate = Some(Gate {
        component_id: 80,
        min_attainment: d("0.5"),
    });
    same_group.components.push(gate_on_quarter).unwrap();
    let runs = run(&same_group, Some(&relief), &second_quarter());
    // Component 90 (5 % below the relieved quarterly quota) opens at half
    // of 25 054.945054945 = 12 527.47…: April's 12 000 leaves it shut (April
    // pays 1 400 + 600 + 0), May's 22 000 opens it and April's 12 000 × 5 %
    // = 600 is trued up.
    assert_eq!(runs[3].net(), d("2000"));
    assert_eq!(runs[4].sum(PayoutLineKind::TrueUp), d("600"));
}

#[test]
fn a_refund_in_another_month_of_the_quarter_is_refused_by_name() {
    // The monthly group rates May alone, so a May note could not find its
    // April original's lines (the quarterly group would).
    let plan = month_and_quarter();
    let mut refund = deal(1, date(5, 12), "0");
    refund.amount = usd("-4000");
    let credits = credit_all(&[deal(1, date(4, 10), "10000"), refund]);
    let (_, error) = one_statement(&plan, &credits, month(5), 64);
    assert_eq!(
        error.unwrap_err().to_string(),
        "credits[1].amount: under quota relief a credit note must be in its original's quota period"
    );
}

/// May's statement of `credits` under June leave, with a scratch of `scratch` lines.
fn one_statement(
    plan: &Plan,
    credits: &[CreditLine],
    period: Period,
    scratch: usize,
) -> (
    Vec<EarningsLine>,
    Result<Statement, salesphysics_core::Error>,
) {
    let relief = june_leave();
    let policy = PayoutPolicy::plain();
    let state = PayoutState::new(REP, Currency::USD);
    let request = StatementRequest {
        participant_id: REP,
        period,
        plan,
        policy: &policy,
        relief: Some(&relief),
        credits,
        events: &[],
        fx: &[],
        fx_date: period.last(),
        state: &state,
    };
    let mut lines = vec![blank_earnings(); scratch];
    let mut next = PayoutState::new(REP, Currency::USD);
    let result = statement(&request, &mut lines, &mut [blank_line(); 64], &mut next);
    (lines, result)
}

#[test]
fn merging_the_groups_needs_room_for_a_copy_of_the_lines() {
    // Two deals in May: each writes one monthly and one quarterly line, 4
    // lines rated group by group, merged through 4 more.
    let plan = month_and_quarter();
    let credits = credit_all(&[deal(1, date(5, 4), "3000"), deal(2, date(5, 9), "2000")]);
    let (_, short) = one_statement(&plan, &credits, month(5), 7);
    assert_eq!(
        short.unwrap_err().to_string(),
        "scratch: output buffer too small (8 items needed)"
    );
    let (lines, fits) = one_statement(&plan, &credits, month(5), 8);
    assert_eq!(fits.unwrap().net, usd("750")); // 300 + 150 + 200 + 100
    let order: Vec<(Option<u64>, u32)> = lines[..4]
        .iter()
        .map(|l| (l.transaction_id, l.rule_id))
        .collect();
    assert_eq!(
        order,
        vec![(Some(1), 70), (Some(1), 80), (Some(2), 70), (Some(2), 80)]
    );
}

#[cfg(feature = "alloc")]
#[test]
fn the_owned_entry_point_grows_the_scratch_to_what_the_merge_names() {
    let plan = month_and_quarter();
    let credits = credit_all(&[deal(1, date(5, 4), "3000"), deal(2, date(5, 9), "2000")]);
    let (lines, _) = one_statement(&plan, &credits, month(5), 8);
    let relief = june_leave();
    let policy = PayoutPolicy::plain();
    let state = PayoutState::<Growable>::empty(REP, Currency::USD);
    let owned = statement_owned(&StatementRequest {
        participant_id: REP,
        period: month(5),
        plan: &plan,
        policy: &policy,
        relief: Some(&relief),
        credits: &credits,
        events: &[],
        fx: &[],
        fx_date: date(5, 31),
        state: &state,
    })
    .unwrap();
    assert_eq!(owned.statement.net, usd("750"));
    assert_eq!(owned.earnings, lines[..4].to_vec());
}

/// Every credit note line of the statement's explanations points at its
/// original's line: same rule and tier, the original's deal, an earlier date.
fn assert_notes_point_at_originals(run: &Run) -> usize {
    let mut notes = 0;
    for line in run.lines.iter().filter(|l| l.earnings.is_some()) {
        let note = run.explain(line);
        if let Some(original) = note.reverses {
            let original = run.scratch[original as usize];
            assert_eq!(
                (original.rule_id, original.tier, original.transaction_id),
                (note.rule_id, note.tier, note.transaction_id),
                "{note:?} reverses {original:?}"
            );
            assert!(original.date < note.date && original.amount.is_positive());
            notes += 1;
        }
    }
    notes
}

#[test]
fn a_refund_points_at_its_originals_lines_when_rated_by_period_and_by_group() {
    // April: deal 1. May: deal 2 on the 4th, a 1 000 refund of it on the
    // 20th. Rated by quota periods (no relief, every closed period
    // re-rated) and by groups under relief, the refund's lines point at
    // deal 2's lines where they sit in the scratch, not where they sat in
    // their quota period's (or group's) own run.
    let mut refund = deal(2, date(5, 20), "0");
    refund.amount = usd("-1000");
    let mut inputs = vec![MonthInput::default(); 5];
    inputs[3].deals = vec![deal(1, date(4, 10), "12000")];
    inputs[4].deals = vec![deal(2, date(5, 4), "4000"), refund];
    let monthly = flat_plan();
    let setup = Setup {
        plan: &monthly,
        policy: &PayoutPolicy::plain(),
        relief: None,
        fx: &[],
    };
    let start = PayoutState::new(REP, Currency::USD);
    let by_period = run_months_with(&setup, start.clone(), &inputs, true);
    // 4 000 × 10 % − 1 000 × 10 % = 300.
    assert_eq!(by_period[4].sum(PayoutLineKind::Earnings), d("300"));
    assert_eq!(assert_notes_point_at_originals(&by_period[4]), 1);
    let by_group = run(&month_and_quarter(), Some(&june_leave()), &inputs);
    // Monthly 400 − 100; quarterly 200 − 50: 450.
    assert_eq!(by_group[4].sum(PayoutLineKind::Earnings), d("450"));
    assert_eq!(assert_notes_point_at_originals(&by_group[4]), 2);
}

#[test]
fn an_error_in_a_group_names_the_component_in_the_plan() {
    // The quarterly component is the plan's second but its group's first:
    // a bonus at 10 000 % of a 10^26 quota overflows (past 27 digits), and
    // the error names `components[1]`, the list the caller wrote.
    let mut plan = month_and_quarter();
    plan.components[1].quota = d("100000000000000000000000000");
    plan.components[1]
        .bonuses
        .push(AttainmentBonus {
            id: 81,
            at_attainment: d("100"),
            amount: d("100"),
        })
        .unwrap();
    plan.validate().unwrap();
    let error = refusal(&plan, &june_leave());
    assert!(error.starts_with("plan.components[1].quota: "), "{error}");
}

#[test]
fn closed_periods_are_kept_per_group_longest_first_and_change_nothing() {
    // Deals every month under the June leave; the statements keep each
    // group's closed quota periods, quarters before months: by December's
    // statement Q1–Q4 (4) and then January–August (8) fill the 12 entries
    // (the year and September–December months are re-rated each time).
    let mut inputs = vec![MonthInput::default(); 12];
    for (m, input) in inputs.iter_mut().enumerate() {
        let m = m as u32 + 1;
        input.deals = vec![deal(u64::from(m), date(m, 15), "9000")];
    }
    let plan = month_and_quarter();
    let relief = june_leave();
    let policy = holdback();
    let kept = run_cached(&plan, &policy, Some(&relief), &inputs, false);
    let forgotten = run_cached(&plan, &policy, Some(&relief), &inputs, true);
    for (k, f) in kept.iter().zip(&forgotten) {
        assert_eq!(k.statement, f.statement);
        assert_eq!(explained(k), explained(f));
        assert_eq!(uncached(&k.state), uncached(&f.state));
    }
    let firsts: Vec<(u32, u32)> = kept[11]
        .state
        .closed
        .iter()
        .map(|c| (c.first.month(), c.first.day()))
        .collect();
    assert_eq!(
        firsts,
        vec![
            (1, 1),
            (4, 1),
            (7, 1),
            (10, 1),
            (1, 1),
            (2, 1),
            (3, 1),
            (4, 1),
            (5, 1),
            (6, 1),
            (7, 1),
            (8, 1)
        ]
    );
    // In March, January and February are reused: only March is rated by
    // the monthly group, Q1 to date by the quarterly one — 2 lines.
    assert_eq!(kept[2].of_kind(PayoutLineKind::Earnings).len(), 2);
}

#[test]
fn the_run_is_deterministic() {
    let plan = month_and_quarter();
    let relief = june_leave();
    let a = run(&plan, Some(&relief), &second_quarter());
    let b = run(&plan, Some(&relief), &second_quarter());
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

// --- property: relief of 100 % changes nothing ------------------------------

/// Components of three quota periods interleaved in plan order (quarter,
/// month, year on year-to-date tiers, quarter gated on the first and paying
/// a bonus, month shadowed by the first month in their rule group), and a
/// SPIF.
fn mixed_plan() -> Plan {
    let mut plan = month_and_quarter();
    plan.components.swap(0, 1);
    plan.components[0].weight = d("0.3");
    plan.components[1].weight = d("0.3");
    plan.components[1].group = Some(1);
    let mut yearly = plan.components[1].clone();
    yearly.id = 100;
    yearly.weight = d("0.2");
    yearly.group = None;
    yearly.quota = d("200000");
    yearly.quota_period = QuotaPeriod::Year;
    yearly.rate_table = table(
        RateMethod::Retroactive,
        &[("0", Some("1"), "0.02"), ("1", None, "0.03")],
    );
    yearly.tier_basis = TierBasis::YearToDate;
    plan.components.push(yearly).unwrap();
    let mut gated = plan.components[0].clone();
    gated.id = 90;
    gated.weight = d("0.2");
    gated.rate_table = RateTable::flat(d("0.015"));
    gated.gate = Some(Gate {
        component_id: 80,
        min_attainment: d("0.4"),
    });
    gated
        .bonuses
        .push(AttainmentBonus {
            id: 91,
            at_attainment: d("1"),
            amount: d("250"),
        })
        .unwrap();
    plan.components.push(gated).unwrap();
    // Never counts: component 70 takes every new deal first in group 1.
    let mut shadowed = plan.components[1].clone();
    shadowed.id = 110;
    shadowed.weight = d("0");
    plan.components.push(shadowed).unwrap();
    plan.spifs
        .push(Spif {
            id: 120,
            qualifies: plan.components[0].measure,
            condition: EventCondition::NewLogo,
            amount: d("50"),
        })
        .unwrap();
    plan
}

fn holdback() -> PayoutPolicy {
    let mut policy = PayoutPolicy::plain();
    policy
        .holdbacks
        .push(HoldbackRule {
            id: 300,
            kinds: KindSet::of(&[TransactionKind::New]),
            share: d("0.33"),
            condition: ReleaseCondition::DaysAfterBooking(45),
            steps: [ReleaseStep {
                at_level: d("1"),
                cumulative_share: d("1"),
            }]
            .into_iter()
            .collect(),
        })
        .unwrap();
    policy
}

/// A year of generated deals: per month, `(day, MRR in cents)` picks,
/// numbered from 1 in order.
fn monthly_deals(months: &[Vec<(u32, i64)>]) -> Vec<MonthInput> {
    let mut id = 0u64;
    months
        .iter()
        .enumerate()
        .map(|(m, picks)| MonthInput {
            deals: picks
                .iter()
                .map(|&(day, cents)| {
                    id += 1;
                    let mrr = Decimal::new(i128::from(cents), 2).unwrap().to_string();
                    deal(id, date(m as u32 + 1, day), &mrr)
                })
                .collect(),
            events: Vec::new(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn relief_of_one_everywhere_equals_the_unsplit_run_line_for_line(
        months in prop::collection::vec(
            prop::collection::vec((1u32..=28, 1i64..=3_000_000), 0..5),
            12,
        ),
    ) {
        let plan = mixed_plan();
        plan.validate().unwrap();
        let inputs = monthly_deals(&months);
        let policy = holdback();
        let split = run_with(&plan, &policy, Some(&unit_relief()), &inputs);
        let whole = run_with(&plan, &policy, None, &inputs);
        for (month, (s, w)) in split.iter().zip(&whole).enumerate() {
            prop_assert_eq!(&s.statement, &w.statement, "month {}", month + 1);
            prop_assert_eq!(explained(s), explained(w), "month {}", month + 1);
            prop_assert_eq!(uncached(&s.state), uncached(&w.state), "month {}", month + 1);
        }
    }
}

// --- property: each group is rated as the plan of its components alone ------

/// `plan`'s components of `period` alone (the first weighing 1, so it
/// validates), with the SPIFs when `spifs`: rated under relief by the
/// single-quota-period path.
fn group_alone(plan: &Plan, period: QuotaPeriod, spifs: bool) -> Plan {
    let mut alone = plan.clone();
    alone.components.retain(|c| c.quota_period == period);
    for (i, c) in alone.components.iter_mut().enumerate() {
        c.weight = if i == 0 { Decimal::ONE } else { Decimal::ZERO };
    }
    if !spifs {
        alone.spifs.clear();
    }
    alone
}

/// The earnings and true-up lines of `run` whose rule is in `rules`.
fn lines_of(run: &Run, rules: &[u32]) -> Vec<(PayoutLineKind, u32, Option<u64>, Decimal, Decimal)> {
    run.lines
        .iter()
        .filter(|l| {
            matches!(l.kind, PayoutLineKind::Earnings | PayoutLineKind::TrueUp)
                && rules.contains(&l.rule_id)
        })
        .map(|l| {
            (
                l.kind,
                l.rule_id,
                l.transaction_id,
                l.amount.amount(),
                l.basis,
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn under_leave_each_group_pays_what_its_components_alone_would(
        start in 1i32..=90,
        leave in (1i32..=330, 1i32..=35),
        months in prop::collection::vec(
            prop::collection::vec((1u32..=28, 1i64..=3_000_000), 0..4),
            12,
        ),
    ) {
        let first_day = date(1, 1);
        let relief = QuotaRelief {
            employment: Period::new(
                first_day.add_days(start - 1).unwrap(),
                date(12, 31),
            )
            .unwrap(),
            leaves: [Period::new(
                first_day.add_days(leave.0 - 1).unwrap(),
                first_day.add_days(leave.0 + leave.1 - 2).unwrap(),
            )
            .unwrap()]
            .into_iter()
            .collect(),
            ramp: heapless::Vec::new(),
        };
        let inputs = monthly_deals(&months);
        let plan = mixed_plan();
        let merged = run(&plan, Some(&relief), &inputs);
        let groups: [(QuotaPeriod, bool, &[u32]); 3] = [
            (QuotaPeriod::Quarter, true, &[80, 90, 91, 120]),
            (QuotaPeriod::Month, false, &[70, 110]),
            (QuotaPeriod::Year, false, &[100]),
        ];
        for (period, spifs, rules) in groups {
            let alone = group_alone(&plan, period, spifs);
            alone.validate().unwrap();
            let runs = run(&alone, Some(&relief), &inputs);
            for (month, (m, a)) in merged.iter().zip(&runs).enumerate() {
                prop_assert_eq!(
                    lines_of(m, rules),
                    lines_of(a, rules),
                    "{:?} month {}",
                    period,
                    month + 1
                );
            }
        }
        // A deal's earnings lines stay together in every statement.
        for r in &merged {
            let deals: Vec<Option<u64>> = r
                .of_kind(PayoutLineKind::Earnings)
                .iter()
                .map(|l| l.transaction_id)
                .collect();
            let mut runs_of = deals.clone();
            runs_of.dedup();
            let mut distinct = runs_of.clone();
            distinct.sort();
            distinct.dedup();
            prop_assert_eq!(runs_of.len(), distinct.len(), "{:?}", deals);
        }
    }
}
