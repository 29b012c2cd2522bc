//! Capacity engine hot paths: a 36-month hiring plan for 8 roles over 4
//! segments (target ≤ 50 µs), and the same plan followed by cost and
//! mismatch flags.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use salesphysics_core::capacity::{
    cost_by_month, find_mismatches, fte_need_table, plan_capacity, CostMonth, Driver, Handoff,
    PlanCell, PlanInput, Ramp, RolePlan, Workload,
};
use salesphysics_core::{Currency, Decimal, Money, Role};

const MONTHS: usize = 36;
const SEGMENTS: usize = 4;
const ROLES: usize = 8;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn role<'a>(
    role: Role,
    driver: Driver<'a>,
    ramp: Ramp<'a>,
    attrition: &str,
    lead: u32,
    cost: &str,
) -> RolePlan<'a> {
    RolePlan {
        role,
        driver,
        ramp,
        annual_attrition: d(attrition),
        hiring_lead_months: lead,
        monthly_cost: Money::parse(cost, Currency::USD).unwrap(),
    }
}

fn flow(per_fte: &str, stock: Option<&str>) -> Driver<'static> {
    Driver::Workload {
        flow_per_fte: d(per_fte),
        stock_per_fte: stock.map(d),
    }
}

fn capacity(c: &mut Criterion) {
    let se_ramp = [d("0.25"), d("0.5"), d("0.75")];
    let roles = [
        role(
            Role::MarketDevelopmentRep,
            flow("400", None),
            Ramp::Linear { months: 2 },
            "0.30",
            1,
            "6000",
        ),
        role(
            Role::SalesDevelopmentRep,
            flow("15", None),
            Ramp::Linear { months: 3 },
            "0.35",
            1,
            "7500",
        ),
        role(
            Role::AccountExecutive,
            flow("10", Some("25")),
            Ramp::Linear { months: 4 },
            "0.25",
            2,
            "12000",
        ),
        role(
            Role::FieldAccountExecutive,
            flow("4", None),
            Ramp::Step { months: 6 },
            "0.20",
            3,
            "20000",
        ),
        role(
            Role::SalesEngineer,
            Driver::Ratio {
                anchors: &[3],
                per_anchor: d("0.5"),
            },
            Ramp::Custom(&se_ramp),
            "0.15",
            2,
            "16000",
        ),
        role(
            Role::CustomerSuccessManager,
            flow("8", Some("60")),
            Ramp::Linear { months: 2 },
            "0.20",
            1,
            "9000",
        ),
        role(
            Role::AccountManager,
            flow("25", None),
            Ramp::Linear { months: 3 },
            "0.15",
            2,
            "11000",
        ),
        role(
            Role::SalesManager,
            Driver::Ratio {
                anchors: &[1, 2, 3],
                per_anchor: d("0.125"),
            },
            Ramp::Step { months: 0 },
            "0.10",
            3,
            "18000",
        ),
    ];
    // Every workload role grows linearly in every segment; segment s is
    // (s + 1) times the size of the first.
    let base: [(i64, i64); ROLES] = [
        (800, 40),
        (30, 2),
        (60, 4),
        (12, 1),
        (0, 0),
        (18, 1),
        (25, 1),
        (0, 0),
    ];
    let mut workload = vec![Workload::default(); MONTHS * SEGMENTS * ROLES];
    for m in 0..MONTHS {
        for s in 0..SEGMENTS {
            for (r, (a, b)) in base.iter().enumerate() {
                let units = Decimal::from_int((a + b * m as i64) * (s as i64 + 1));
                workload[(m * SEGMENTS + s) * ROLES + r] = Workload {
                    flow: units,
                    stock: units.checked_add(units).unwrap(),
                };
            }
        }
    }
    let starting = [2u32; SEGMENTS * ROLES];
    let input = PlanInput {
        currency: Currency::USD,
        roles: &roles,
        months: MONTHS,
        segments: SEGMENTS,
        starting_headcount: &starting,
        workload: &workload,
    };
    let mut need = vec![Decimal::ZERO; MONTHS * SEGMENTS * ROLES];
    c.bench_function("capacity/need_table_36m_8roles_4segments", |b| {
        b.iter(|| {
            fte_need_table(&roles, &input.layout(), black_box(&workload), &mut need).unwrap();
            black_box(&need);
        })
    });
    let mut plan = vec![PlanCell::EMPTY; MONTHS * SEGMENTS * ROLES];
    c.bench_function("capacity/plan_36m_8roles_4segments", |b| {
        b.iter(|| {
            plan_capacity(black_box(&input), &mut plan).unwrap();
            black_box(&plan);
        })
    });

    let mrr = vec![Money::parse("50000", Currency::USD).unwrap(); MONTHS];
    let customers = vec![d("40"); MONTHS];
    let mut lines = vec![Money::zero(Currency::USD); MONTHS * ROLES];
    let empty = CostMonth {
        total: Money::zero(Currency::USD),
        new_mrr: Money::zero(Currency::USD),
        cost_per_new_mrr_dollar: None,
        implied_cac: None,
    };
    let mut costs = vec![empty; MONTHS];
    let handoffs = [Handoff {
        segment: None,
        from: 1,
        to: 2,
    }];
    c.bench_function("capacity/plan_cost_flags_36m_8roles_4segments", |b| {
        b.iter(|| {
            plan_capacity(black_box(&input), &mut plan).unwrap();
            cost_by_month(&input, &plan, &mrr, &customers, &mut lines, &mut costs).unwrap();
            let flags = find_mismatches(&input, &plan, &handoffs, &[]).unwrap();
            black_box((&costs, flags.len()));
        })
    });
}

criterion_group!(benches, capacity);
criterion_main!(benches);
