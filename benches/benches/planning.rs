//! Issue 16's planning hot paths: a 36-month forward plan for 8 roles × 4
//! segments (target ≤ 50 µs) and a 365-day lead-flow simulation of 50 reps
//! and 100,000 leads (target ≤ 20 ms), capped and free.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use salesphysics_core::capacity::forward::{
    forward_plan, Attrition, CostTerms, ForwardCell, ForwardInput, ForwardLine, ForwardMonth, Hire,
    RevenueTerms, Tenured,
};
use salesphysics_core::capacity::Ramp;
use salesphysics_core::flow::{
    simulate_flow, ConversionCurve, FlowInput, FlowLead, FlowPeriod, Release, SECONDS_PER_DAY,
};
use salesphysics_core::funnel::{Milestone, SlaAction, SlaRule, Stage};
use salesphysics_core::{Currency, Decimal, Money, Role};

const USD: Currency = Currency::USD;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::parse(text, USD).unwrap()
}

const ROLES: [Role; 8] = [
    Role::SalesDevelopmentRep,
    Role::BusinessDevelopmentRep,
    Role::AccountExecutive,
    Role::FieldAccountExecutive,
    Role::SalesEngineer,
    Role::CustomerSuccessManager,
    Role::AccountManager,
    Role::SalesManager,
];

fn bench_forward(c: &mut Criterion) {
    // Every (role, segment) line: 6 people on board at mixed tenure, a hire
    // every quarter on the 15th, a 4-month linear ramp, 20 % hazard
    // attrition backfilled after a 2-month lead, quota and cost.
    let staff = [
        Tenured {
            count: d("4"),
            tenure_months: 18,
        },
        Tenured {
            count: d("2"),
            tenure_months: 1,
        },
    ];
    let hires: Vec<Hire> = (0..12)
        .map(|q| Hire {
            month: q * 3,
            day: 15,
            count: d("1"),
        })
        .collect();
    let mut lines = Vec::new();
    for segment in 0..4 {
        for (r, role) in ROLES.iter().enumerate() {
            lines.push(ForwardLine {
                role: *role,
                segment,
                ramp: Ramp::Linear { months: 4 },
                attrition: if r % 2 == 0 {
                    Attrition::Hazard { annual: d("0.2") }
                } else {
                    Attrition::Anniversary {
                        rate: d("0.15"),
                        from_year: 1,
                    }
                },
                backfill_lead_months: Some(2),
                starting_staff: &staff,
                hires: &hires,
                annual_quota: if matches!(
                    role,
                    Role::AccountExecutive | Role::FieldAccountExecutive | Role::AccountManager
                ) {
                    usd("720000")
                } else {
                    usd("0")
                },
                attainment: d("0.8"),
                cost: CostTerms {
                    monthly_cost: usd("12500"),
                    overhead: d("0.2"),
                    tools_monthly: usd("250"),
                    commission_rate: d("0.1"),
                },
            });
        }
    }
    let input = ForwardInput {
        currency: USD,
        year: 2027,
        first_month: 1,
        months: 36,
        lines: &lines,
        revenue: RevenueTerms {
            starting_arr: usd("5000000"),
            annual_nrr: d("1.12"),
            annual_gross_churn: d("0.08"),
            gross_margin: d("0.78"),
        },
        annual_discount_rate: Some(d("0.1")),
        irr: false,
    };
    let mut cells = vec![ForwardCell::empty(USD); input.cell_count()];
    let mut months = vec![ForwardMonth::empty(USD); 36];
    c.bench_function("planning/forward_36m_8roles_4segments", |b| {
        b.iter(|| forward_plan(black_box(&input), &mut cells, &mut months).unwrap())
    });
}

fn bench_flow(c: &mut Criterion) {
    // 100,000 leads over 365 days (274 a day, 90 the last day) to 50 reps
    // working 5 a day each (250): above capacity, with the 24-hour
    // re-assignment rule and an age-decaying conversion.
    let mut arrivals = vec![274u32; 365];
    arrivals[364] = 100_000 - 274 * 364;
    let rules = [SlaRule {
        stage: Stage::Mql,
        from: Milestone::Assigned,
        until: Milestone::Worked,
        within_seconds: SECONDS_PER_DAY,
        action: SlaAction::Reassign,
    }];
    let capped = FlowInput {
        arrivals: &arrivals,
        reps: 50,
        work_per_rep_per_day: 5,
        release: Release::Capped { wip_per_rep: 5 },
        stage: Stage::Mql,
        sla_rules: &rules,
        queue_expiry_days: Some(3),
        conversion: ConversionCurve {
            initial: d("0.3"),
            daily_retention: d("0.8"),
            floor: d("0.02"),
        },
        seed: 16,
    };
    let free = FlowInput {
        release: Release::Free,
        sla_rules: &[],
        queue_expiry_days: None,
        ..capped
    };
    assert_eq!(capped.total_leads().unwrap(), 100_000);
    let mut leads = vec![FlowLead::BLANK; 100_000];
    let mut queue = vec![0u32; 100_000];
    let mut days = vec![FlowPeriod::default(); 365];
    let mut weeks = vec![FlowPeriod::default(); capped.weeks()];
    for (name, input) in [
        ("planning/flow_365d_50reps_100k_leads_capped", &capped),
        ("planning/flow_365d_50reps_100k_leads_free", &free),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                simulate_flow(
                    black_box(input),
                    &mut leads,
                    &mut queue,
                    &mut days,
                    &mut weeks,
                )
                .unwrap()
            })
        });
    }
}

criterion_group!(benches, bench_forward, bench_flow);
criterion_main!(benches);
