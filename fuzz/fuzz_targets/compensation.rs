#![no_main]
//! Arbitrary plans and transactions through crediting and earnings.
//!
//! Invariants: no panic; revenue splits summing to 100 % conserve the
//! transaction amount exactly (and never exceed it otherwise); every total is
//! exactly the sum of its lines; a graduated table's payout is monotonic in
//! the amount for non-negative rates.

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use salesphysics_core::limits::{MAX_BANDS, MAX_RATE_TIERS, MAX_SPLITS};
use salesphysics_core::compensation::*;
use salesphysics_core::{Role, Channel, Currency, Date, Decimal, Money, Period, RoundingMode};

#[derive(Arbitrary, Debug)]
struct FuzzSplit {
    participant: u8,
    overlay: bool,
    share_bp: u16,
}

#[derive(Arbitrary, Debug)]
struct FuzzTransaction {
    month: u8,
    day: u8,
    kind: u8,
    amount_cents: i32,
    quantity: u16,
    term: u8,
    prepaid: bool,
    splits: Vec<FuzzSplit>,
}

#[derive(Arbitrary, Debug)]
struct FuzzInput {
    tiers: Vec<(u32, u16)>,
    method: u8,
    basis: u8,
    axis: bool,
    quota_cents: u32,
    quota_period: u8,
    per_total: bool,
    mode: u8,
    cap_cents: Option<u32>,
    plan_cap_cents: Option<u32>,
    bands: Vec<(u16, u16)>,
    kicker: Option<(u8, u16)>,
    gate_bp: Option<u16>,
    bonus: Option<(u16, u32)>,
    spif_cents: Option<u32>,
    count_measure: bool,
    transactions: Vec<FuzzTransaction>,
    managers: Vec<(u8, u8)>,
    through_month: u8,
    probe: (u32, u32),
}

const YEAR: i32 = 2026;
const KINDS: [TransactionKind; 9] = [
    TransactionKind::New,
    TransactionKind::Expansion,
    TransactionKind::Renewal,
    TransactionKind::Contraction,
    TransactionKind::Churn,
    TransactionKind::SqlAccepted,
    TransactionKind::MeetingHeld,
    TransactionKind::LeadAccepted,
    TransactionKind::CustomerLive,
];
const MODES: [RoundingMode; 3] = [RoundingMode::HalfEven, RoundingMode::HalfUp, RoundingMode::Down];

fn bp(v: u16) -> Decimal {
    Decimal::new(i128::from(v), 4).unwrap()
}

fn cents(v: i64) -> Decimal {
    Decimal::new(i128::from(v), 2).unwrap()
}

fn month(m: u8) -> u32 {
    u32::from(m % 12) + 1
}

fn table(input: &FuzzInput) -> RateTable {
    let method = [RateMethod::Graduated, RateMethod::Retroactive, RateMethod::Interpolated]
        [usize::from(input.method % 3)];
    let mut lower = 0i64;
    let n = input.tiers.len().min(MAX_RATE_TIERS);
    let tiers = input
        .tiers
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, (width, rate))| {
            // A zero width makes an invalid table on purpose: validation must reject it.
            let upper = lower + i64::from(*width % 10_000_000);
            let bounded = i + 1 < n || method == RateMethod::Interpolated;
            let tier = Tier { lower: cents(lower), upper: bounded.then(|| cents(upper)), rate: bp(*rate) };
            lower = upper;
            tier
        })
        .collect();
    RateTable { method, tiers }
}

fn plan(input: &FuzzInput) -> Plan {
    let kinds = if input.count_measure {
        KindSet::of(&[TransactionKind::SqlAccepted, TransactionKind::LeadAccepted])
    } else {
        KindSet::of(&[TransactionKind::New, TransactionKind::Expansion, TransactionKind::Churn])
    };
    let unit = if input.count_measure { MeasureUnit::Count } else { MeasureUnit::Mrr };
    let mut component = Component {
        group: None,
        id: 1,
        weight: Decimal::ONE,
        measure: Measure::of(kinds, unit),
        quota: cents(i64::from(input.quota_cents)),
        quota_period: [QuotaPeriod::Month, QuotaPeriod::Quarter, QuotaPeriod::Year]
            [usize::from(input.quota_period % 3)],
        rate_table: table(input),
        tier_basis: [TierBasis::Transaction, TierBasis::PeriodToDate, TierBasis::YearToDate]
            [usize::from(input.basis % 3)],
        tier_axis: if input.axis { TierAxis::Attainment } else { TierAxis::Amount },
        accelerators: Default::default(),
        kickers: Default::default(),
        gate: input.gate_bp.map(|g| Gate { component_id: 1, min_attainment: bp(g) }),
        cap: input.cap_cents.map(|c| cents(i64::from(c))),
        bonuses: Default::default(),
    };
    for (from, multiplier) in input.bands.iter().take(MAX_BANDS) {
        let _ = component.accelerators.push(MultiplierBand { from_attainment: bp(*from), multiplier: bp(*multiplier) });
    }
    if let Some((term, multiplier)) = input.kicker {
        let _ = component.kickers.push(Kicker {
            condition: EventCondition::TermLongerThan(u32::from(term)),
            multiplier: bp(multiplier),
        });
    }
    if let Some((level, amount)) = input.bonus {
        let _ = component.bonuses.push(AttainmentBonus { id: 2, at_attainment: bp(level), amount: cents(i64::from(amount)) });
    }
    let spifs = input
        .spif_cents
        .map(|amount| Spif {
            id: 3,
            qualifies: Measure::of(KindSet::of(&[TransactionKind::New]), MeasureUnit::Mrr),
            condition: EventCondition::NewLogo,
            amount: cents(i64::from(amount)),
        })
        .into_iter()
        .collect();
    let components = core::iter::once(component).collect();
    Plan {
        categories: Default::default(),
        id: 9,
        version: 1,
        role: Some(Role::AccountExecutive),
        effective: Period::year(YEAR).unwrap(),
        currency: Currency::USD,
        on_target_earnings: Decimal::from(100_000),
        variable_share: bp(5000),
        components,
        spifs,
        cap: input.plan_cap_cents.map(|c| cents(i64::from(c))),
        rounding: RoundingPolicy {
            at: if input.per_total { RoundAt::Total } else { RoundAt::Line },
            mode: MODES[usize::from(input.mode % 3)],
        },
    }
}

fn transactions(input: &FuzzInput) -> Vec<Transaction> {
    let mut out: Vec<Transaction> = input
        .transactions
        .iter()
        .take(32)
        .enumerate()
        .map(|(i, t)| {
            let m = month(t.month);
            let date = Date::new(YEAR, m, u32::from(t.day % 28) + 1).unwrap();
            let kind = KINDS[usize::from(t.kind % 9)];
            Transaction {
                source: Source {
                    attributes: Default::default(),
                    transaction_id: i as u64,
                    date,
                    kind,
                    term_months: u32::from(t.term),
                    account_tier: AccountTier::Smb,
                    channel: Some(Channel::Inbound),
                    prepaid: t.prepaid,
                    new_logo: kind == TransactionKind::New,
                    at_renewal: false,
                    days_to_event: 0,
                },
                amount: Money::new(cents(i64::from(t.amount_cents)), Currency::USD),
                quantity: Decimal::from(u32::from(t.quantity)),
                splits: t
                    .splits
                    .iter()
                    .take(MAX_SPLITS)
                    .map(|s| Split {
                        participant_id: u64::from(s.participant % 4),
                        kind: if s.overlay { SplitKind::Overlay } else { SplitKind::Revenue },
                        share: bp(s.share_bp % 10_001),
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by_key(|t| t.source.date);
    out
}

fn check_credit_conservation(transactions: &[Transaction], credits: &[CreditLine]) {
    for t in transactions {
        let revenue_share = t
            .splits
            .iter()
            .filter(|s| s.kind == SplitKind::Revenue)
            .fold(Decimal::ZERO, |a, s| a.checked_add(s.share).unwrap());
        let credited = credits
            .iter()
            .filter(|c| c.source.transaction_id == t.source.transaction_id && c.kind == CreditKind::Revenue)
            .fold(Decimal::ZERO, |a, c| a.checked_add(c.amount.amount()).unwrap());
        if revenue_share == Decimal::ONE {
            assert_eq!(credited, t.amount.amount(), "revenue splits must conserve the amount");
        } else {
            assert!(credited.abs() <= t.amount.amount().abs());
        }
    }
}

fn check_sums(lines: &[EarningsLine], summary: &EarningsSummary) {
    let sum = |keep: &dyn Fn(&EarningsLine) -> bool| {
        lines
            .iter()
            .filter(|l| keep(l))
            .fold(Decimal::ZERO, |a, l| a.checked_add(l.amount.amount()).unwrap())
    };
    assert_eq!(sum(&|_| true), summary.total.amount());
    assert_eq!(sum(&|l| l.kind == LineKind::Spif), summary.spifs.amount());
    assert_eq!(sum(&|l| l.kind == LineKind::Rounding), summary.rounding.amount());
    for c in &summary.components {
        assert_eq!(sum(&|l| l.component_id == Some(c.component_id)), c.earned.amount());
    }
}

fn graduated_total(table: &RateTable, value: Decimal) -> Decimal {
    let mut slices = Slices::new();
    table.rate(Decimal::ZERO, value, None, &mut slices).unwrap();
    slices.iter().fold(Decimal::ZERO, |a, s| a.checked_add(s.credit.checked_mul(s.rate).unwrap()).unwrap())
}

fuzz_target!(|input: FuzzInput| {
    let plan = plan(&input);
    let transactions = transactions(&input);
    let year = Period::year(YEAR).unwrap();
    let hierarchy: Vec<ReportingLine> = input
        .managers
        .iter()
        .take(8)
        .map(|(p, m)| ReportingLine { participant_id: u64::from(p % 6), manager_id: u64::from(m % 6), effective: year })
        .collect();

    let mut table = plan.components[0].rate_table.clone();
    table.method = RateMethod::Graduated;
    if table.validate().is_ok() {
        let (a, b) = (cents(i64::from(input.probe.0)), cents(i64::from(input.probe.1)));
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        assert!(graduated_total(&table, low) <= graduated_total(&table, high), "graduated payout must be monotonic");
    }

    let mut credits = vec![CreditLine::EMPTY; 2048];
    let Ok(n) = credit_transactions(&transactions, &hierarchy, &mut credits) else {
        return;
    };
    let credits = &credits[..n];
    check_credit_conservation(&transactions, credits);

    let through = Date::new(YEAR, month(input.through_month), 28).unwrap();
    let mut lines = vec![EarningsLine::EMPTY; 4096];
    for participant in 0..6u64 {
        if let Ok(summary) = compute_earnings(&plan, participant, credits, &[], through, &mut lines) {
            check_sums(&lines[..summary.line_count], &summary);
            assert!(summary.total.is_minor_exact(), "statement totals are payable amounts");
        }
    }
});
