#![no_main]
//! Arbitrary roles, ramps, attrition, lead times and workloads through the
//! hiring plan, then cost, PODs and mismatch flags. Invariants: no panic;
//! no headcount, departure or capacity is ever negative; heads are
//! conserved (start + hires − departures = end) and capacity never exceeds
//! heads; and with no workload (so no hires) effective capacity is
//! monotonic in the starting headcount, month by month.
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use salesphysics_core::capacity::{cost_by_month, find_mismatches, plan_capacity, pods_for_month, CostMonth, Driver, Handoff, PlanCell, PlanInput, PodDesign, PodKind, PodSeat, Ramp, RatioRule, RolePlan, Workload};
use salesphysics_core::{Role, Currency, Decimal, Money};

#[derive(Arbitrary, Debug)]
struct RawRole {
    /// Flow per FTE in thousandths; 0 must be rejected.
    flow_per_fte: u32,
    /// Stock per FTE in thousandths, if any; 0 must be rejected.
    stock_per_fte: Option<u32>,
    /// Ratio driver instead (anchor, per-anchor thousandths).
    ratio: Option<(u8, u16)>,
    /// 0 linear, 1 step, 2 custom.
    ramp_kind: u8,
    /// Beyond 24 must be rejected.
    ramp_months: u8,
    /// Custom factors in thousandths (`% 1100`); above 1000 must be rejected.
    table: [u16; 4],
    table_len: u8,
    /// Annual attrition in nanos (`% 1.05·10⁹`); 10⁹ and above must be rejected.
    attrition_nanos: u32,
    lead: u8,
    cost_cents: u32,
}

#[derive(Arbitrary, Debug)]
struct Input {
    roles: [RawRole; 4],
    role_count: u8,
    segments: u8,
    months: u8,
    /// Flow and stock per cell in hundredths (negative must be rejected).
    cells: Vec<(i32, i32)>,
    starting: [u8; 16],
    extra: u8,
}

fn thousandths(n: u32) -> Decimal {
    Decimal::new(i128::from(n), 3).unwrap()
}

fn roles<'a>(raw: &[RawRole], tables: &'a [[Decimal; 4]]) -> Vec<RolePlan<'a>> {
    raw.iter()
        .zip(tables)
        .map(|(r, table)| RolePlan {
            role: Role::AccountExecutive,
            driver: match r.ratio {
                Some((anchor, per)) => Driver::Ratio {
                    anchors: match anchor % 4 {
                        0 => &[0],
                        1 => &[1],
                        2 => &[0, 1],
                        _ => &[2],
                    },
                    per_anchor: thousandths(u32::from(per)),
                },
                None => Driver::Workload {
                    flow_per_fte: thousandths(r.flow_per_fte),
                    stock_per_fte: r.stock_per_fte.map(thousandths),
                },
            },
            ramp: match r.ramp_kind % 3 {
                0 => Ramp::Linear {
                    months: u32::from(r.ramp_months % 30),
                },
                1 => Ramp::Step {
                    months: u32::from(r.ramp_months % 30),
                },
                _ => Ramp::Custom(&table[..usize::from(r.table_len % 5)]),
            },
            annual_attrition: Decimal::from_nanos(i128::from(r.attrition_nanos % 1_050_000_000))
                .unwrap(),
            hiring_lead_months: u32::from(r.lead % 30),
            monthly_cost: Money::from_minor_units(i128::from(r.cost_cents), Currency::USD).unwrap(),
        })
        .collect()
}

fn check(plan: &[PlanCell]) {
    for c in plan {
        let heads = c
            .starting_headcount
            .checked_add(Decimal::from_int(i64::from(c.hires)))
            .unwrap();
        assert!(!c.need_fte.is_negative());
        assert!(!c.starting_headcount.is_negative());
        assert!(!c.departures.is_negative());
        assert!(!c.ending_headcount.is_negative());
        assert!(!c.effective_fte.is_negative());
        assert!(c.effective_fte <= heads);
        assert_eq!(heads.checked_sub(c.departures).unwrap(), c.ending_headcount);
    }
}

fuzz_target!(|input: Input| {
    let count = usize::from(input.role_count % 4) + 1;
    let segments = usize::from(input.segments % 4) + 1;
    let months = usize::from(input.months % 40) + 1;
    let raw = &input.roles[..count];
    let tables: Vec<[Decimal; 4]> = raw
        .iter()
        .map(|r| r.table.map(|t| thousandths(u32::from(t % 1100))))
        .collect();
    let roles = roles(raw, &tables);
    let len = months * segments * count;
    let workload: Vec<Workload> = (0..len)
        .map(|i| {
            let (flow, stock) = input.cells.get(i).copied().unwrap_or((0, 0));
            Workload {
                flow: Decimal::new(i128::from(flow), 2).unwrap(),
                stock: Decimal::new(i128::from(stock), 2).unwrap(),
            }
        })
        .collect();
    let starting: Vec<u32> = input.starting[..segments * count]
        .iter()
        .map(|&h| u32::from(h))
        .collect();
    let plan_input = PlanInput {
        currency: Currency::USD,
        roles: &roles,
        months,
        segments,
        starting_headcount: &starting,
        workload: &workload,
    };
    let mut plan = vec![PlanCell::EMPTY; len];
    if plan_capacity(&plan_input, &mut plan).is_ok() {
        check(&plan);
        let layout = plan_input.layout();
        let seats = [PodSeat {
            role: 0,
            fte: Decimal::ONE,
        }];
        let designs = vec![
            PodDesign {
                kind: PodKind::Inbound,
                seats: &seats,
            };
            segments
        ];
        let _ = pods_for_month(&designs, &layout, &plan, months - 1);
        let mrr = vec![Money::zero(Currency::USD); months];
        let customers = vec![Decimal::ONE; months];
        let mut lines = vec![Money::zero(Currency::USD); months * count];
        let empty = CostMonth {
            total: Money::zero(Currency::USD),
            new_mrr: Money::zero(Currency::USD),
            cost_per_new_mrr_dollar: None,
            implied_cac: None,
        };
        let mut costs = vec![empty; months];
        let _ = cost_by_month(&plan_input, &plan, &mrr, &customers, &mut lines, &mut costs);
        let _ = find_mismatches(
            &plan_input,
            &plan,
            &[Handoff {
                segment: None,
                from: 0,
                to: count - 1,
            }],
            &[RatioRule {
                segment: Some(0),
                role: count - 1,
                per_role: 0,
                min: Decimal::ZERO,
                max: Decimal::ONE,
            }],
        );
    }

    // Capacity is monotonic in headcount: with no workload nobody is hired,
    // so more people on board can only mean more capacity.
    let idle = vec![Workload::default(); len];
    let more: Vec<u32> = starting
        .iter()
        .map(|h| h + u32::from(input.extra))
        .collect();
    let base_input = PlanInput {
        workload: &idle,
        ..plan_input
    };
    let mut base = vec![PlanCell::EMPTY; len];
    let mut bigger = vec![PlanCell::EMPTY; len];
    let first = plan_capacity(&base_input, &mut base);
    let second = plan_capacity(
        &PlanInput {
            starting_headcount: &more,
            ..base_input
        },
        &mut bigger,
    );
    if let (Ok(_), Ok(_)) = (first, second) {
        check(&base);
        check(&bigger);
        for (a, b) in base.iter().zip(&bigger) {
            assert_eq!(a.hires, 0);
            assert!(b.effective_fte >= a.effective_fte, "{a:?} vs {b:?}");
            assert!(b.ending_headcount >= a.ending_headcount);
        }
    }
});
