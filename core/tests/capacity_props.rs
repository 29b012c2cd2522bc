//! Properties of the capacity engine on random plans: conservation of
//! heads, nothing negative, hires cover the need once hires can be
//! productive, capacity monotonic in headcount, need never understated,
//! attrition compounding, determinism.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::float_arithmetic
)]

use proptest::prelude::*;
use salesphysics_core::capacity::{
    fte_need, headcount, monthly_hazard, plan_capacity, survival, Driver, PlanCell, PlanInput,
    Ramp, RolePlan, Workload,
};
use salesphysics_core::{Currency, Decimal, Money, Role};

/// An owned random plan.
#[derive(Debug, Clone)]
struct Spec {
    /// Per role: (per_fte, ramp kind 0–2, ramp months, attrition in
    /// hundredths, lead months)
    roles: Vec<(i64, u8, u32, i64, u32)>,
    /// Custom ramp table in hundredths, shared by custom-ramp roles.
    table: Vec<i64>,
    segments: usize,
    months: usize,
    /// Flow per cell, whole units.
    flows: Vec<i64>,
    starting: Vec<u32>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..=3, 1usize..=2, 1usize..=24).prop_flat_map(|(roles, segments, months)| {
        let cells = roles * segments * months;
        (
            prop::collection::vec((1i64..=50, 0u8..3, 0u32..=6, 0i64..=60, 0u32..=4), roles),
            prop::collection::vec(0i64..=100, 0..=6),
            Just(segments),
            Just(months),
            prop::collection::vec(0i64..=500, cells),
            prop::collection::vec(0u32..=10, roles * segments),
        )
            .prop_map(|(roles, table, segments, months, flows, starting)| Spec {
                roles,
                table,
                segments,
                months,
                flows,
                starting,
            })
    })
}

fn hundredths(n: i64) -> Decimal {
    Decimal::new(i128::from(n), 2).unwrap()
}

struct Owned {
    table: Vec<Decimal>,
    workload: Vec<Workload>,
}

impl Owned {
    fn new(spec: &Spec) -> Self {
        Self {
            table: spec.table.iter().map(|&t| hundredths(t)).collect(),
            workload: spec
                .flows
                .iter()
                .map(|&f| Workload {
                    flow: Decimal::from_int(f),
                    stock: Decimal::ZERO,
                })
                .collect(),
        }
    }

    fn roles(&self, spec: &Spec) -> Vec<RolePlan<'_>> {
        spec.roles
            .iter()
            .map(|&(per, kind, months, attrition, lead)| RolePlan {
                role: Role::AccountExecutive,
                driver: Driver::Workload {
                    flow_per_fte: Decimal::from_int(per),
                    stock_per_fte: None,
                },
                ramp: match kind {
                    0 => Ramp::Linear { months },
                    1 => Ramp::Step { months },
                    _ => Ramp::Custom(&self.table),
                },
                annual_attrition: hundredths(attrition),
                hiring_lead_months: lead,
                monthly_cost: Money::parse("1000", Currency::USD).unwrap(),
            })
            .collect()
    }
}

fn run(spec: &Spec, owned: &Owned, roles: &[RolePlan<'_>], starting: &[u32]) -> Vec<PlanCell> {
    let input = PlanInput {
        currency: Currency::USD,
        roles,
        months: spec.months,
        segments: spec.segments,
        starting_headcount: starting,
        workload: &owned.workload,
    };
    let mut out = vec![PlanCell::EMPTY; spec.flows.len()];
    plan_capacity(&input, &mut out).unwrap();
    out
}

proptest! {
    #[test]
    fn plans_conserve_heads_and_stay_non_negative(spec in spec()) {
        let owned = Owned::new(&spec);
        let roles = owned.roles(&spec);
        let plan = run(&spec, &owned, &roles, &spec.starting);
        for c in &plan {
            let heads = c.starting_headcount.checked_add(Decimal::from_int(i64::from(c.hires))).unwrap();
            prop_assert!(!c.starting_headcount.is_negative());
            prop_assert!(!c.departures.is_negative());
            prop_assert!(!c.ending_headcount.is_negative());
            prop_assert!(!c.effective_fte.is_negative());
            prop_assert!(c.effective_fte <= heads);
            prop_assert_eq!(heads.checked_sub(c.departures).unwrap(), c.ending_headcount);
            prop_assert_eq!(c.need_headcount, headcount(c.need_fte).unwrap());
            prop_assert_eq!(c.requisition_month.is_some(), c.hires > 0);
        }
    }

    #[test]
    fn hires_cover_the_need_once_they_can_be_productive(spec in spec()) {
        // A hire opened in month 0 starts at `lead` and is fully productive
        // `full` months later: from then on the heads on board at the start
        // of every month cover its need (up to rounding of the survival).
        let owned = Owned::new(&spec);
        let roles = owned.roles(&spec);
        let plan = run(&spec, &owned, &roles, &spec.starting);
        let tolerance = Decimal::new(1, 6).unwrap();
        let stride = spec.segments * roles.len();
        for (r, role) in roles.iter().enumerate() {
            let from = role.hiring_lead_months as usize + role.ramp.full_month();
            for s in 0..spec.segments {
                for m in from..spec.months {
                    let c = &plan[m * stride + s * roles.len() + r];
                    let heads = c.starting_headcount.checked_add(Decimal::from_int(i64::from(c.hires))).unwrap();
                    prop_assert!(
                        heads.checked_add(tolerance).unwrap() >= c.need_fte,
                        "role {} segment {} month {}: heads {} need {}", r, s, m, heads, c.need_fte
                    );
                }
            }
        }
    }

    #[test]
    fn capacity_is_monotonic_in_headcount(spec in spec(), extra in 1u32..=5) {
        // With no workload nobody is hired: more people on board never
        // means less effective capacity, in any month.
        let mut idle = spec.clone();
        idle.flows.iter_mut().for_each(|f| *f = 0);
        let owned = Owned::new(&idle);
        let roles = owned.roles(&idle);
        let more: Vec<u32> = idle.starting.iter().map(|h| h + extra).collect();
        let base = run(&idle, &owned, &roles, &idle.starting);
        let bigger = run(&idle, &owned, &roles, &more);
        for (a, b) in base.iter().zip(&bigger) {
            prop_assert_eq!(a.hires, 0);
            prop_assert!(b.effective_fte >= a.effective_fte);
            prop_assert!(b.ending_headcount >= a.ending_headcount);
        }
    }

    #[test]
    fn plans_are_deterministic(spec in spec()) {
        let owned = Owned::new(&spec);
        let roles = owned.roles(&spec);
        let a = run(&spec, &owned, &roles, &spec.starting);
        let b = run(&spec, &owned, &roles, &spec.starting);
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    #[test]
    fn need_is_never_understated(workload in 0i64..10_000_000, per in 1i64..100_000, scale in 0u32..=4) {
        let workload = Decimal::new(i128::from(workload), 2).unwrap();
        let per = Decimal::new(i128::from(per), scale).unwrap();
        let need = fte_need(workload, per).unwrap();
        // need × per ≥ workload exactly (workload is on the 9-digit grid, so
        // the floored product shows it), and one nano less falls short.
        let floor = salesphysics_core::RoundingMode::Floor;
        prop_assert!(need.mul_round(per, 9, floor).unwrap() >= workload);
        let less = need.checked_sub(Decimal::NANO).unwrap();
        prop_assert!(less.mul_round(per, 9, floor).unwrap() < workload);
    }

    #[test]
    fn attrition_compounds_and_orders(annual in 0i64..=99) {
        let a = hundredths(annual);
        let hazard = monthly_hazard(a).unwrap();
        prop_assert!(!hazard.is_negative() && hazard <= a);
        // Twelve months of survival give back the annual retention (within
        // one nano of rounding), and survival falls with time.
        let year = survival(a, 12).unwrap();
        let retained = Decimal::ONE.checked_sub(a).unwrap();
        prop_assert!(year.checked_sub(retained).unwrap().abs() <= Decimal::NANO);
        let mut previous = Decimal::ONE;
        for months in 0..=24 {
            let s = survival(a, months).unwrap();
            prop_assert!(s <= previous);
            previous = s;
        }
    }
}
