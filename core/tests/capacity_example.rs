//! The documented example of docs/capacity.md: a 36-month plan for a
//! three-tier organization (SMB inbound, mid-market outbound, enterprise),
//! eight roles. The tables in the document are the strings asserted here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::float_arithmetic
)]

use core::fmt::Write;

use salesphysics_core::capacity::{
    cost_by_month, find_mismatches, plan_capacity, pods_for_month, CostMonth, Driver, Handoff,
    MismatchFlag, PlanCell, PlanInput, PodDesign, PodKind, PodSeat, Ramp, RatioRule, RolePlan,
    Workload,
};
use salesphysics_core::{Currency, Decimal, Money, Role, RoundingMode};

const USD: Currency = Currency::USD;
const MONTHS: usize = 36;
const SEGMENTS: usize = 3;
const ROLES: usize = 8;
const NAMES: [&str; ROLES] = ["MDR", "SDR", "AE", "FAE", "SE", "CSM", "AM", "Manager"];

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn workload_role(
    role: Role,
    flow: &str,
    stock: Option<&str>,
    ramp: Ramp<'static>,
    attrition: &str,
    lead: u32,
    cost: &str,
) -> RolePlan<'static> {
    RolePlan {
        role,
        driver: Driver::Workload {
            flow_per_fte: d(flow),
            stock_per_fte: stock.map(d),
        },
        ramp,
        annual_attrition: d(attrition),
        hiring_lead_months: lead,
        monthly_cost: Money::parse(cost, USD).unwrap(),
    }
}

/// The SE ramp, 0.25, 0.5, 0.75 then 1 (leaked: a test-process lifetime).
fn se_ramp() -> &'static [Decimal] {
    Box::leak(Box::new([d("0.25"), d("0.5"), d("0.75")]))
}

/// The eight roles of the example (see docs/capacity.md, "Roles").
fn roles() -> [RolePlan<'static>; ROLES] {
    [
        workload_role(
            Role::MarketDevelopmentRep,
            "400",
            None,
            Ramp::Linear { months: 2 },
            "0.30",
            1,
            "6000",
        ),
        workload_role(
            Role::SalesDevelopmentRep,
            "15",
            None,
            Ramp::Linear { months: 3 },
            "0.35",
            1,
            "7500",
        ),
        workload_role(
            Role::AccountExecutive,
            "10",
            Some("25"),
            Ramp::Linear { months: 4 },
            "0.25",
            2,
            "12000",
        ),
        workload_role(
            Role::FieldAccountExecutive,
            "4",
            None,
            Ramp::Step { months: 6 },
            "0.20",
            3,
            "20000",
        ),
        RolePlan {
            role: Role::SalesEngineer,
            driver: Driver::Ratio {
                anchors: &[3],
                per_anchor: d("0.5"),
            },
            ramp: Ramp::Custom(se_ramp()),
            annual_attrition: d("0.15"),
            hiring_lead_months: 2,
            monthly_cost: Money::parse("16000", USD).unwrap(),
        },
        workload_role(
            Role::CustomerSuccessManager,
            "8",
            Some("60"),
            Ramp::Linear { months: 2 },
            "0.20",
            1,
            "9000",
        ),
        workload_role(
            Role::AccountManager,
            "25",
            None,
            Ramp::Linear { months: 3 },
            "0.15",
            2,
            "11000",
        ),
        RolePlan {
            role: Role::SalesManager,
            driver: Driver::Ratio {
                anchors: &[1, 2, 3],
                per_anchor: d("0.125"),
            },
            ramp: Ramp::Step { months: 0 },
            annual_attrition: d("0.10"),
            hiring_lead_months: 3,
            monthly_cost: Money::parse("18000", USD).unwrap(),
        },
    ]
}

/// `a + b × m` as a decimal.
fn line(a: &str, b: &str, m: usize) -> Decimal {
    d(a).checked_add(
        d(b).mul_round(Decimal::from_int(m as i64), 9, RoundingMode::HalfEven)
            .unwrap(),
    )
    .unwrap()
}

/// The workload of docs/capacity.md, "Workload": per segment and month,
/// (flow, stock) for each role; ratio roles get none.
fn workload() -> Vec<Workload> {
    let mut out = vec![Workload::default(); MONTHS * SEGMENTS * ROLES];
    for m in 0..MONTHS {
        // (MQLs, SDR SQLs, AE SQLs, AE months in stage, FAE opps, wins, live, renewals)
        let rows = [
            [
                "800", "40", "0", "0", "60", "4", "1.5", "0", "0", "18", "1.2", "300", "20", "25",
                "1",
            ],
            [
                "200", "10", "30", "2", "50", "3", "2", "0", "0", "10", "0.5", "200", "10", "15",
                "0.5",
            ],
            [
                "0", "0", "10", "0.5", "0", "0", "0", "12", "0.5", "3", "0.1", "80", "3", "6",
                "0.2",
            ],
        ];
        for (s, r) in rows.iter().enumerate() {
            let at = |role: usize| (m * SEGMENTS + s) * ROLES + role;
            let sqls = line(r[4], r[5], m);
            out[at(0)].flow = line(r[0], r[1], m);
            out[at(1)].flow = line(r[2], r[3], m);
            out[at(2)].flow = sqls;
            out[at(2)].stock = sqls.mul_round(d(r[6]), 9, RoundingMode::HalfEven).unwrap();
            out[at(3)].flow = line(r[7], r[8], m);
            out[at(5)].flow = line(r[9], r[10], m);
            out[at(5)].stock = line(r[11], r[12], m);
            out[at(6)].flow = line(r[13], r[14], m);
        }
    }
    out
}

/// People on board at the start, per segment (docs: "Starting team").
const STARTING: [u32; SEGMENTS * ROLES] = [
    2, 0, 6, 0, 0, 4, 1, 1, // SMB
    1, 2, 5, 0, 0, 3, 1, 1, // mid-market
    0, 1, 0, 3, 1, 1, 0, 0, // enterprise
];

struct Example {
    roles: [RolePlan<'static>; ROLES],
    workload: Vec<Workload>,
}

impl Example {
    fn new() -> Self {
        Self {
            roles: roles(),
            workload: workload(),
        }
    }

    fn input(&self) -> PlanInput<'_> {
        PlanInput {
            currency: USD,
            roles: &self.roles,
            months: MONTHS,
            segments: SEGMENTS,
            starting_headcount: &STARTING,
            workload: &self.workload,
        }
    }

    fn plan(&self) -> Vec<PlanCell> {
        let mut plan = vec![PlanCell::EMPTY; MONTHS * SEGMENTS * ROLES];
        plan_capacity(&self.input(), &mut plan).unwrap();
        plan
    }
}

fn cell(plan: &[PlanCell], m: usize, s: usize, r: usize) -> &PlanCell {
    &plan[(m * SEGMENTS + s) * ROLES + r]
}

/// Headcount need (sum of per-segment ceilings) and expected heads at the
/// end of the month (summed, rounded to 0.1) per role, at selected months.
fn headcount_table(plan: &[PlanCell]) -> String {
    let mut t = String::new();
    writeln!(
        t,
        "| role | need m0 | need m12 | need m24 | need m35 | heads m35 | hires |"
    )
    .unwrap();
    writeln!(t, "|---|---|---|---|---|---|---|").unwrap();
    for (r, name) in NAMES.iter().enumerate() {
        let need = |m: usize| {
            (0..SEGMENTS)
                .map(|s| cell(plan, m, s, r).need_headcount)
                .sum::<u32>()
        };
        let heads = (0..SEGMENTS)
            .map(|s| cell(plan, MONTHS - 1, s, r).ending_headcount)
            .fold(Decimal::ZERO, |a, b| a.checked_add(b).unwrap())
            .round(1, RoundingMode::HalfEven)
            .unwrap();
        let hires: u32 = plan.iter().skip(r).step_by(ROLES).map(|c| c.hires).sum();
        writeln!(
            t,
            "| {name} | {} | {} | {} | {} | {heads} | {hires} |",
            need(0),
            need(12),
            need(24),
            need(35)
        )
        .unwrap();
    }
    t
}

/// Month-by-month detail of one role in one segment.
fn role_table(plan: &[PlanCell], s: usize, r: usize, months: &[usize]) -> String {
    let mut t = String::new();
    writeln!(
        t,
        "| month | need FTE | carried | hires | opened | departures | effective FTE | gap FTE |"
    )
    .unwrap();
    writeln!(t, "|---|---|---|---|---|---|---|---|").unwrap();
    for &m in months {
        let c = cell(plan, m, s, r);
        let r3 = |x: Decimal| x.round(3, RoundingMode::HalfEven).unwrap();
        let opened = c
            .requisition_month
            .map_or("–".to_string(), |o| o.to_string());
        writeln!(
            t,
            "| {m} | {} | {} | {} | {opened} | {} | {} | {} |",
            r3(c.need_fte),
            r3(c.starting_headcount),
            c.hires,
            r3(c.departures),
            r3(c.effective_fte),
            r3(c.gap_fte)
        )
        .unwrap();
    }
    t
}

fn pod_designs() -> [PodDesign<'static>; SEGMENTS] {
    let seat = |role: usize, fte: &str| PodSeat { role, fte: d(fte) };
    [
        PodDesign {
            kind: PodKind::Inbound,
            seats: Box::leak(Box::new([seat(0, "1"), seat(2, "3"), seat(5, "2")])),
        },
        PodDesign {
            kind: PodKind::Outbound,
            seats: Box::leak(Box::new([seat(1, "1"), seat(2, "2"), seat(5, "1")])),
        },
        PodDesign {
            kind: PodKind::Enterprise,
            seats: Box::leak(Box::new([
                seat(1, "1"),
                seat(3, "2"),
                seat(4, "1"),
                seat(5, "1"),
            ])),
        },
    ]
}

fn pod_table(ex: &Example, plan: &[PlanCell]) -> String {
    let designs = pod_designs();
    let mut t = String::new();
    writeln!(
        t,
        "| month | SMB (inbound) | mid-market (outbound) | enterprise |"
    )
    .unwrap();
    writeln!(t, "|---|---|---|---|").unwrap();
    for m in [0, 12, 24, 35] {
        let pods = pods_for_month(&designs, &ex.input().layout(), plan, m).unwrap();
        let show = |i: usize| {
            format!(
                "{} ({}, {})",
                pods[i].pods,
                pods[i].fractional.round(2, RoundingMode::HalfEven).unwrap(),
                NAMES[pods[i].binding_role]
            )
        };
        writeln!(t, "| {m} | {} | {} | {} |", show(0), show(1), show(2)).unwrap();
    }
    t
}

/// New MRR: wins × 500 (SMB), × 2,000 (mid-market), × 8,000 (enterprise);
/// new customers: all wins.
fn revenue(ex: &Example) -> (Vec<Money>, Vec<Decimal>) {
    let deal = [d("500"), d("2000"), d("8000")];
    let mut mrr = Vec::new();
    let mut customers = Vec::new();
    for m in 0..MONTHS {
        let mut total = Decimal::ZERO;
        let mut wins_all = Decimal::ZERO;
        for (s, size) in deal.iter().enumerate() {
            let wins = ex.workload[(m * SEGMENTS + s) * ROLES + 5].flow;
            total = total
                .checked_add(wins.mul_round(*size, 2, RoundingMode::HalfEven).unwrap())
                .unwrap();
            wins_all = wins_all.checked_add(wins).unwrap();
        }
        mrr.push(Money::new(total, USD));
        customers.push(wins_all);
    }
    (mrr, customers)
}

fn cost_table(ex: &Example, plan: &[PlanCell]) -> String {
    let (mrr, customers) = revenue(ex);
    let mut lines = vec![Money::zero(USD); MONTHS * ROLES];
    let mut out = vec![
        CostMonth {
            total: Money::zero(USD),
            new_mrr: Money::zero(USD),
            cost_per_new_mrr_dollar: None,
            implied_cac: None,
        };
        MONTHS
    ];
    cost_by_month(&ex.input(), plan, &mrr, &customers, &mut lines, &mut out).unwrap();
    let mut t = String::new();
    writeln!(
        t,
        "| month | sales cost | new MRR | cost per new MRR $ | implied CAC |"
    )
    .unwrap();
    writeln!(t, "|---|---|---|---|---|").unwrap();
    for m in [0, 12, 24, 35] {
        let c = &out[m];
        writeln!(
            t,
            "| {m} | {} | {} | {} | {} |",
            c.total.amount(),
            c.new_mrr.amount(),
            c.cost_per_new_mrr_dollar.unwrap(),
            c.implied_cac.unwrap().amount()
        )
        .unwrap();
    }
    let year: Decimal = out.iter().take(12).fold(Decimal::ZERO, |a, c| {
        a.checked_add(c.total.amount()).unwrap()
    });
    writeln!(t, "\nFirst-year sales cost: {year}").unwrap();
    t
}

fn flag_table(ex: &Example, plan: &[PlanCell]) -> String {
    let flags = find_mismatches(
        &ex.input(),
        plan,
        &[
            Handoff {
                segment: Some(1),
                from: 1,
                to: 2,
            },
            Handoff {
                segment: Some(2),
                from: 1,
                to: 3,
            },
        ],
        &[
            RatioRule {
                segment: Some(1),
                role: 1,
                per_role: 2,
                min: d("0.33"),
                max: d("0.5"),
            },
            RatioRule {
                segment: Some(2),
                role: 4,
                per_role: 3,
                min: d("0.4"),
                max: d("0.6"),
            },
        ],
    )
    .unwrap();
    let mut t = String::new();
    writeln!(
        t,
        "| kind | segment | role | first month | months | worst |"
    )
    .unwrap();
    writeln!(t, "|---|---|---|---|---|---|").unwrap();
    for MismatchFlag {
        kind,
        segment,
        role,
        first_month,
        months,
        worst,
    } in &flags
    {
        writeln!(
            t,
            "| {kind:?} | {segment} | {} | {first_month} | {months} | {} |",
            NAMES[*role],
            worst.round(4, RoundingMode::HalfEven).unwrap()
        )
        .unwrap();
    }
    t
}

/// Every table of the document, in order.
fn report() -> String {
    let ex = Example::new();
    let plan = ex.plan();
    let mut t = String::new();
    writeln!(t, "{}", headcount_table(&plan)).unwrap();
    writeln!(
        t,
        "{}",
        role_table(&plan, 0, 2, &[0, 1, 2, 3, 4, 5, 6, 12, 24, 35])
    )
    .unwrap();
    writeln!(
        t,
        "{}",
        role_table(&plan, 2, 3, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 35])
    )
    .unwrap();
    writeln!(t, "{}", pod_table(&ex, &plan)).unwrap();
    writeln!(t, "{}", cost_table(&ex, &plan)).unwrap();
    write!(t, "{}", flag_table(&ex, &plan)).unwrap();
    t
}

#[test]
fn the_document_shows_the_computed_tables() {
    let doc = include_str!("../../docs/capacity.md");
    let report = report();
    for table in report.split("\n\n").filter(|t| !t.trim().is_empty()) {
        assert!(
            doc.contains(table.trim_end()),
            "docs/capacity.md is missing:\n{table}"
        );
    }
}

#[test]
fn month_zero_needs_by_hand() {
    let plan = Example::new().plan();
    let need = |s: usize, r: usize| cell(&plan, 0, s, r).need_fte;
    // SMB: MDR 800 / 400 = 2; AE max(60 / 10, 90 / 25) = 6; CSM max(18 / 8,
    // 300 / 60) = 5; AM 25 / 25 = 1; manager (0 + 6 + 0) × 0.125 = 0.75.
    assert_eq!(need(0, 0), d("2"));
    assert_eq!(need(0, 2), d("6"));
    assert_eq!(need(0, 5), d("5"));
    assert_eq!(need(0, 6), d("1"));
    assert_eq!(need(0, 7), d("0.75"));
    // Mid-market CSM: max(10 / 8 = 1.25, 200 / 60 = 3.33…) = 3.333333334
    // (rounded up at the 9th place).
    assert_eq!(need(1, 5), d("3.333333334"));
    // Enterprise: FAE 12 / 4 = 3; SE 3 × 0.5 = 1.5; manager (SDR 10 / 15 =
    // 0.666666667 + FAE 3) × 0.125 = 0.458333333375 → 0.458333334.
    assert_eq!(need(2, 3), d("3"));
    assert_eq!(need(2, 4), d("1.5"));
    assert_eq!(need(2, 7), d("0.458333334"));
}

#[test]
fn smb_aes_hire_for_ramp_and_lead_time_by_hand() {
    // s = 0.75^(1/12) = 0.976311576, h = 0.023688424.
    // Month 0: 6 × h = 0.142130544 → 5.857869456 carried into month 1;
    // month 1: 5.857869456 × h = 0.138763695 → 5.719105761 into month 2.
    // Month 2 (lead 2: the first month a hire can start) targets month 5,
    // need (60 + 20) / 10 = 8; three months' survival 0.75^(1/4) =
    // 0.930604859, reciprocal rounded up 1.074569932; 8 × it =
    // 8.596559456; − 5.719105761 = 2.877453695 → 3 hires, opened in month 0.
    // Effective: 5.719105761 + 3 − 3 × (1 − 0.25) = 6.469105761.
    let plan = Example::new().plan();
    let ae = |m: usize| cell(&plan, m, 0, 2);
    assert_eq!(ae(0).departures, d("0.142130544"));
    assert_eq!(ae(1).starting_headcount, d("5.857869456"));
    assert_eq!(ae(2).starting_headcount, d("5.719105761"));
    assert_eq!((ae(0).hires, ae(1).hires, ae(2).hires), (0, 0, 3));
    assert_eq!(ae(2).requisition_month, Some(0));
    assert_eq!(ae(2).effective_fte, d("6.469105761"));
}

#[test]
fn month_zero_cost_by_hand() {
    // Paid heads in month 0 are the starting team (no hire can start yet):
    // 3 × 6,000 + 3 × 7,500 + 11 × 12,000 + 3 × 20,000 + 1 × 16,000 +
    // 8 × 9,000 + 2 × 11,000 + 2 × 18,000 = 378,500. New MRR 18 × 500 +
    // 10 × 2,000 + 3 × 8,000 = 53,000: 7.1415 per dollar; CAC 378,500 / 31
    // = 12,209.677… → 12,209.68.
    let ex = Example::new();
    let plan = ex.plan();
    let (mrr, customers) = revenue(&ex);
    let mut lines = vec![Money::zero(USD); MONTHS * ROLES];
    let empty = CostMonth {
        total: Money::zero(USD),
        new_mrr: Money::zero(USD),
        cost_per_new_mrr_dollar: None,
        implied_cac: None,
    };
    let mut out = vec![empty; MONTHS];
    cost_by_month(&ex.input(), &plan, &mrr, &customers, &mut lines, &mut out).unwrap();
    assert_eq!(out[0].total, Money::parse("378500", USD).unwrap());
    assert_eq!(out[0].new_mrr, Money::parse("53000", USD).unwrap());
    assert_eq!(out[0].cost_per_new_mrr_dollar, Some(d("7.1415")));
    assert_eq!(
        out[0].implied_cac,
        Some(Money::parse("12209.68", USD).unwrap())
    );
    // Every month's total is exactly the sum of its role lines.
    for (m, month) in out.iter().enumerate() {
        let sum = lines[m * ROLES..(m + 1) * ROLES]
            .iter()
            .fold(Money::zero(USD), |a, l| a.checked_add(*l).unwrap());
        assert_eq!(sum, month.total);
    }
}

#[test]
fn the_example_is_deterministic() {
    assert_eq!(report(), report());
    let ex = Example::new();
    assert_eq!(format!("{:?}", ex.plan()), format!("{:?}", ex.plan()));
}
