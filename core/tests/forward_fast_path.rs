//! The forward plan's fast paths (people as nanos, each line's fixed
//! factors prepared once as exact ratios, 128-bit survival products,
//! shared scratch tables) change nothing: on generated plans every cell,
//! every month row and the summary equal, to the nano, those of the plain
//! reference in `salesphysics_testkit::forward` (every product through the
//! public `Decimal` operations, the `libm` factors applied with big
//! integers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use salesphysics_core::capacity::forward::{
    forward_plan, Attrition, CostTerms, ForwardCell, ForwardInput, ForwardLine, ForwardMonth, Hire,
    RevenueTerms, Tenured,
};
use salesphysics_core::capacity::Ramp;
use salesphysics_core::{Currency, Decimal, Money, Role};
use salesphysics_testkit::forward::forward_reference;

const USD: Currency = Currency::USD;

/// `units × 10^−places`.
fn dec(units: i64, places: u32) -> Decimal {
    Decimal::new(i128::from(units), places).unwrap()
}

fn usd(cents: i64) -> Money {
    Money::new(dec(cents, 2), USD)
}

/// The ramp of a generated line: its table lives beside it.
#[derive(Debug, Clone)]
enum RampSpec {
    Linear(u32),
    Step(u32),
    Custom(Vec<Decimal>),
}

#[derive(Debug, Clone)]
struct LineSpec {
    ramp: RampSpec,
    attrition: Attrition,
    backfill: Option<u32>,
    staff: Vec<Tenured>,
    hires: Vec<Hire>,
    quota: Money,
    attainment: Decimal,
    cost: CostTerms,
}

fn ramp() -> impl Strategy<Value = RampSpec> {
    prop_oneof![
        (0u32..=8).prop_map(RampSpec::Linear),
        (0u32..=4).prop_map(RampSpec::Step),
        prop::collection::vec((0i64..=1000).prop_map(|p| dec(p, 3)), 0..=5)
            .prop_map(RampSpec::Custom),
    ]
}

fn attrition() -> impl Strategy<Value = Attrition> {
    prop_oneof![
        Just(Attrition::None),
        (0i64..500).prop_map(|p| Attrition::Hazard { annual: dec(p, 3) }),
        // Around 99.9756 %, where the monthly survival crosses ½ and the
        // one-word product gives way to the general one.
        (999_700i64..=999_999).prop_map(|p| Attrition::Hazard { annual: dec(p, 6) }),
        (0i64..=1000, 1u32..=3).prop_map(|(p, from_year)| Attrition::Anniversary {
            rate: dec(p, 3),
            from_year,
        }),
    ]
}

fn line(months: u32) -> impl Strategy<Value = LineSpec> {
    let staff = prop::collection::vec(
        (0i64..=20_000, 0u32..=40).prop_map(|(c, tenure_months)| Tenured {
            count: dec(c, 3),
            tenure_months,
        }),
        0..=3,
    );
    let hires = prop::collection::vec(
        (0..months, 1u32..=28, 0i64..=5_000).prop_map(|(month, day, c)| Hire {
            month,
            day,
            count: dec(c, 3),
        }),
        0..=6,
    );
    let cost = (0i64..=2_000_000, 0i64..=500, 0i64..=50_000, 0i64..=200).prop_map(
        |(salary, overhead, tools, rate)| CostTerms {
            monthly_cost: usd(salary),
            overhead: dec(overhead, 3),
            tools_monthly: usd(tools),
            commission_rate: dec(rate, 3),
        },
    );
    (
        ramp(),
        attrition(),
        prop::option::of(0u32..=4),
        staff,
        hires,
        prop_oneof![Just(0i64), 1_000_000i64..=200_000_000],
        0i64..=1500,
        cost,
    )
        .prop_map(
            |(ramp, attrition, backfill, staff, hires, quota, attainment, cost)| LineSpec {
                ramp,
                attrition,
                backfill,
                staff,
                hires,
                quota: usd(quota),
                attainment: dec(attainment, 3),
                cost,
            },
        )
}

#[derive(Debug, Clone)]
struct PlanSpec {
    year: i32,
    first_month: u32,
    months: u32,
    lines: Vec<LineSpec>,
    revenue: RevenueTerms,
    discount: Option<Decimal>,
}

fn plan() -> impl Strategy<Value = PlanSpec> {
    (1u32..=40, 2023i32..=2030, 1u32..=12).prop_flat_map(|(months, year, first_month)| {
        let revenue = (0i64..=1_000_000_000, 700i64..=1400, 0i64..300, 0i64..=1000).prop_map(
            |(arr, nrr, churn, margin)| RevenueTerms {
                starting_arr: usd(arr),
                annual_nrr: dec(nrr, 3),
                annual_gross_churn: dec(churn, 3),
                gross_margin: dec(margin, 3),
            },
        );
        (
            prop::collection::vec(line(months), 1..=6),
            revenue,
            prop::option::of((0i64..300).prop_map(|p| dec(p, 3))),
        )
            .prop_map(move |(lines, revenue, discount)| PlanSpec {
                year,
                first_month,
                months,
                lines,
                revenue,
                discount,
            })
    })
}

fn forward_line(spec: &LineSpec, segment: u32) -> ForwardLine<'_> {
    ForwardLine {
        role: Role::AccountExecutive,
        segment,
        ramp: match &spec.ramp {
            RampSpec::Linear(months) => Ramp::Linear { months: *months },
            RampSpec::Step(months) => Ramp::Step { months: *months },
            RampSpec::Custom(table) => Ramp::Custom(table),
        },
        attrition: spec.attrition,
        backfill_lead_months: spec.backfill,
        starting_staff: &spec.staff,
        hires: &spec.hires,
        annual_quota: spec.quota,
        attainment: spec.attainment,
        cost: spec.cost,
    }
}

/// Runs the engine and the reference and compares everything but the IRR.
fn assert_same(input: &ForwardInput<'_>) {
    let mut cells = vec![ForwardCell::empty(USD); input.cell_count()];
    let mut months = vec![ForwardMonth::empty(USD); input.months as usize];
    let summary = forward_plan(input, &mut cells, &mut months).unwrap();
    let (want_cells, want_months, want_summary) = forward_reference(input);
    for (i, (got, want)) in cells.iter().zip(&want_cells).enumerate() {
        assert_eq!(
            got,
            want,
            "cell {i} (month {}, line {})",
            i / input.lines.len(),
            i % input.lines.len()
        );
    }
    assert_eq!(months, want_months);
    assert_eq!(summary, want_summary);
}

/// The benchmark's plan (`benches/benches/planning.rs`): 8 roles × 4
/// segments, staff at mixed tenure, a hire each quarter on the 15th, a
/// 4-month linear ramp, hazard or anniversary attrition, backfill.
#[test]
fn the_benchmark_plan_matches_the_reference() {
    let staff = [
        Tenured {
            count: dec(4, 0),
            tenure_months: 18,
        },
        Tenured {
            count: dec(2, 0),
            tenure_months: 1,
        },
    ];
    let hires: Vec<Hire> = (0..12)
        .map(|q| Hire {
            month: q * 3,
            day: 15,
            count: dec(1, 0),
        })
        .collect();
    let mut lines = Vec::new();
    for segment in 0..4 {
        for r in 0..8 {
            lines.push(ForwardLine {
                role: Role::AccountExecutive,
                segment,
                ramp: Ramp::Linear { months: 4 },
                attrition: if r % 2 == 0 {
                    Attrition::Hazard { annual: dec(2, 1) }
                } else {
                    Attrition::Anniversary {
                        rate: dec(15, 2),
                        from_year: 1,
                    }
                },
                backfill_lead_months: Some(2),
                starting_staff: &staff,
                hires: &hires,
                annual_quota: if [2, 3, 6].contains(&r) {
                    usd(72_000_000)
                } else {
                    usd(0)
                },
                attainment: dec(8, 1),
                cost: CostTerms {
                    monthly_cost: usd(1_250_000),
                    overhead: dec(2, 1),
                    tools_monthly: usd(25_000),
                    commission_rate: dec(1, 1),
                },
            });
        }
    }
    assert_same(&ForwardInput {
        currency: USD,
        year: 2027,
        first_month: 1,
        months: 36,
        lines: &lines,
        revenue: RevenueTerms {
            starting_arr: usd(500_000_000),
            annual_nrr: dec(112, 2),
            annual_gross_churn: dec(8, 2),
            gross_margin: dec(78, 2),
        },
        annual_discount_rate: Some(dec(1, 1)),
        irr: false,
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_fast_paths_equal_the_plain_computation(spec in plan()) {
        let lines: Vec<ForwardLine<'_>> = spec
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| forward_line(l, i as u32 % 4))
            .collect();
        assert_same(&ForwardInput {
            currency: USD,
            year: spec.year,
            first_month: spec.first_month,
            months: spec.months,
            lines: &lines,
            revenue: spec.revenue,
            annual_discount_rate: spec.discount,
            irr: false,
        });
    }
}
