#![no_main]
//! Arbitrary forward plans (issue 16): lines with every ramp, attrition and
//! backfill kind, rates across and past their ranges, staff and hires from
//! none to beyond the 2⁶⁴-nano people bound. Invariants: no panic (bad
//! input is an error naming its field); the same input gives the same
//! output; and every plan the engine accepts with people and amounts the
//! plain reference can carry (testkit's `forward_reference`, which unwraps)
//! equals that reference to the nano, cell by cell, month by month and in
//! its summary — so the fast paths (people as 64-bit nanos, one-word
//! survival products, prepared ratios) are fuzzed against plain arithmetic.
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use salesphysics_core::capacity::forward::{
    forward_plan, Attrition, CostTerms, ForwardCell, ForwardInput, ForwardLine, ForwardMonth, Hire,
    RevenueTerms, Tenured,
};
use salesphysics_core::capacity::Ramp;
use salesphysics_core::{Currency, Decimal, Money, Role};
use salesphysics_testkit::forward::forward_reference;

const USD: Currency = Currency::USD;

#[derive(Arbitrary, Debug)]
struct RawLine {
    /// 0 linear, 1 step, 2 custom.
    ramp_kind: u8,
    /// `% 30`: past 24 must be rejected.
    ramp_months: u8,
    /// Custom factors in thousandths (`% 1100`): above 1 must be rejected.
    table: [u16; 4],
    table_len: u8,
    /// 0 none, 1 hazard, 2 anniversary.
    attrition_kind: u8,
    /// In millionths (`% 1_050_000`): a hazard of 1 or more, an
    /// anniversary rate above 1, must be rejected; near 0.99976 the
    /// monthly survival crosses ½.
    rate: u32,
    /// `% 4`: 0 must be rejected.
    from_year: u8,
    /// `% 30`: past 24 must be rejected.
    backfill: Option<u8>,
    /// (count in thousandths, tenure months `% 130`: past 120 rejected).
    staff: [(u32, u8); 3],
    staff_len: u8,
    /// (month, day `% 33`, count in thousandths): days past the month's
    /// end, day 0 and months past the horizon must be rejected.
    hires: [(u8, u8, u32); 4],
    hires_len: u8,
    /// Counts × 10⁷: a line of them passes the 2⁶⁴-nano bound (`Overflow`).
    huge: bool,
    quota_dollars: u32,
    attainment: u16,
    cost_cents: u32,
    overhead: u16,
    tools_cents: u32,
    commission: u16,
}

#[derive(Arbitrary, Debug)]
struct Input {
    lines: [RawLine; 3],
    line_count: u8,
    /// `% 40 + 1`.
    months: u8,
    year: u8,
    /// `% 13`: 0 must be rejected.
    first_month: u8,
    arr_dollars: u32,
    /// Thousandths, `% 2000`: 0 must be rejected.
    nrr: u16,
    /// Thousandths, `% 1100`: 1 and above must be rejected.
    churn: u16,
    /// Thousandths, `% 1100`: above 1 must be rejected.
    margin: u16,
    /// Thousandths, `% 1200`, less 1: −1 and below must be rejected.
    discount: Option<u16>,
    irr: bool,
}

fn scaled(units: u32, places: u32) -> Decimal {
    Decimal::new(i128::from(units), places).unwrap()
}

fn usd_cents(cents: u32) -> Money {
    Money::from_minor_units(i128::from(cents), USD).unwrap()
}

fn usd_dollars(dollars: u32) -> Money {
    Money::new(Decimal::from_int(i64::from(dollars)), USD)
}

/// People: thousandths, or × 10⁷ of them for a huge line.
fn people(thousandths: u32, huge: bool) -> Decimal {
    let count = scaled(thousandths, 3);
    if huge {
        count.checked_mul(Decimal::from_int(10_000_000)).unwrap()
    } else {
        count
    }
}

struct Owned {
    table: Vec<Decimal>,
    staff: Vec<Tenured>,
    hires: Vec<Hire>,
}

fn owned(raw: &RawLine) -> Owned {
    Owned {
        table: raw.table[..usize::from(raw.table_len % 5)]
            .iter()
            .map(|&t| scaled(u32::from(t % 1100), 3))
            .collect(),
        staff: raw.staff[..usize::from(raw.staff_len % 4)]
            .iter()
            .map(|&(count, tenure)| Tenured {
                count: people(count, raw.huge),
                tenure_months: u32::from(tenure % 130),
            })
            .collect(),
        hires: raw.hires[..usize::from(raw.hires_len % 5)]
            .iter()
            .map(|&(month, day, count)| Hire {
                month: u32::from(month % 45),
                day: u32::from(day % 33),
                count: people(count, raw.huge),
            })
            .collect(),
    }
}

fn line<'a>(raw: &RawLine, owned: &'a Owned, segment: u32) -> ForwardLine<'a> {
    let months = u32::from(raw.ramp_months % 30);
    let rate = scaled(raw.rate % 1_050_000, 6);
    ForwardLine {
        role: Role::AccountExecutive,
        segment,
        ramp: match raw.ramp_kind % 3 {
            0 => Ramp::Linear { months },
            1 => Ramp::Step { months },
            _ => Ramp::Custom(&owned.table),
        },
        attrition: match raw.attrition_kind % 3 {
            0 => Attrition::None,
            1 => Attrition::Hazard { annual: rate },
            _ => Attrition::Anniversary {
                rate,
                from_year: u32::from(raw.from_year % 4),
            },
        },
        backfill_lead_months: raw.backfill.map(|lead| u32::from(lead % 30)),
        starting_staff: &owned.staff,
        hires: &owned.hires,
        annual_quota: usd_dollars(raw.quota_dollars),
        attainment: scaled(u32::from(raw.attainment % 2000), 3),
        cost: CostTerms {
            monthly_cost: usd_cents(raw.cost_cents),
            overhead: scaled(u32::from(raw.overhead % 1000), 3),
            tools_monthly: usd_cents(raw.tools_cents),
            commission_rate: scaled(u32::from(raw.commission % 500), 3),
        },
    }
}

type Run = (Vec<ForwardCell>, Vec<ForwardMonth>, Result<String, String>);

fn run(input: &ForwardInput<'_>) -> Run {
    let mut cells = vec![ForwardCell::empty(USD); input.cell_count()];
    let mut months = vec![ForwardMonth::empty(USD); input.months as usize];
    let summary = forward_plan(input, &mut cells, &mut months)
        .map(|s| format!("{s:?}"))
        .map_err(|e| e.to_string());
    (cells, months, summary)
}

fuzz_target!(|input: Input| {
    let raw = &input.lines[..usize::from(input.line_count % 3) + 1];
    let owned: Vec<Owned> = raw.iter().map(owned).collect();
    let lines: Vec<ForwardLine<'_>> = raw
        .iter()
        .zip(&owned)
        .zip(0u32..)
        .map(|((raw, owned), i)| line(raw, owned, i))
        .collect();
    let plan = ForwardInput {
        currency: USD,
        year: 2020 + i32::from(input.year % 20),
        first_month: u32::from(input.first_month % 13),
        months: u32::from(input.months % 40) + 1,
        lines: &lines,
        revenue: RevenueTerms {
            starting_arr: usd_dollars(input.arr_dollars),
            annual_nrr: scaled(u32::from(input.nrr % 2000), 3),
            annual_gross_churn: scaled(u32::from(input.churn % 1100), 3),
            gross_margin: scaled(u32::from(input.margin % 1100), 3),
        },
        annual_discount_rate: input.discount.map(|d| {
            scaled(u32::from(d % 1200), 3)
                .checked_sub(Decimal::ONE)
                .unwrap()
        }),
        irr: false,
    };
    let first = run(&plan);
    assert_eq!(
        first,
        run(&plan),
        "the same plan twice gave different figures"
    );
    // The IRR search only adds to the summary; it must not panic either.
    let _ = run(&ForwardInput {
        irr: input.irr,
        ..plan
    });
    let (cells, months, summary) = first;
    let Ok(summary) = summary else {
        return;
    };
    if raw.iter().any(|line| line.huge) {
        return;
    }
    let (want_cells, want_months, want_summary) = forward_reference(&plan);
    assert_eq!(cells, want_cells);
    assert_eq!(months, want_months);
    assert_eq!(summary, format!("{want_summary:?}"));
});
