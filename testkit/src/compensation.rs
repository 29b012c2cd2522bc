//! Plans, components, deals and credits for tests of the compensation engine.

use salesphysics_core::compensation::*;
use salesphysics_core::{
    Channel, Currency, Date, Decimal, FxRate, Money, Period, Role, RoundingMode,
};

pub const YEAR: i32 = 2026;

pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn date(month: u32, day: u32) -> Date {
    Date::new(YEAR, month, day).unwrap()
}

pub fn usd(s: &str) -> Money {
    Money::parse(s, Currency::USD).unwrap()
}

pub fn source(id: u64, on: Date, kind: TransactionKind) -> Source {
    Source {
        attributes: Default::default(),
        transaction_id: id,
        date: on,
        kind,
        term_months: 12,
        account_tier: AccountTier::Smb,
        channel: Some(Channel::Inbound),
        prepaid: false,
        new_logo: kind == TransactionKind::New,
        at_renewal: false,
        days_to_event: 0,
    }
}

pub fn split(participant_id: u64, kind: SplitKind, share: &str) -> Split {
    Split {
        participant_id,
        kind,
        share: d(share),
    }
}

/// A revenue transaction credited 100 % to `participant_id`.
pub fn deal(
    id: u64,
    on: Date,
    kind: TransactionKind,
    amount: &str,
    participant_id: u64,
) -> Transaction {
    with_splits(
        id,
        on,
        kind,
        amount,
        &[split(participant_id, SplitKind::Revenue, "1")],
    )
}

pub fn with_splits(
    id: u64,
    on: Date,
    kind: TransactionKind,
    amount: &str,
    splits: &[Split],
) -> Transaction {
    Transaction {
        source: source(id, on, kind),
        amount: usd(amount),
        quantity: Decimal::ZERO,
        splits: splits.iter().copied().collect(),
    }
}

/// An activity (SQL, meeting, lead, go-live) of `quantity` units.
pub fn activity(
    id: u64,
    on: Date,
    kind: TransactionKind,
    quantity: &str,
    participant_id: u64,
) -> Transaction {
    Transaction {
        source: source(id, on, kind),
        amount: usd("0"),
        quantity: d(quantity),
        splits: [split(participant_id, SplitKind::Revenue, "1")]
            .into_iter()
            .collect(),
    }
}

pub fn table(method: RateMethod, tiers: &[(&str, Option<&str>, &str)]) -> RateTable {
    RateTable {
        method,
        tiers: tiers
            .iter()
            .map(|(lower, upper, rate)| Tier {
                lower: d(lower),
                upper: upper.map(d),
                rate: d(rate),
            })
            .collect(),
    }
}

pub fn component(
    id: u32,
    measure: Measure,
    quota: &str,
    period: QuotaPeriod,
    rate_table: RateTable,
) -> Component {
    Component {
        group: None,
        id,
        weight: Decimal::ONE,
        measure,
        quota: d(quota),
        quota_period: period,
        rate_table,
        tier_basis: TierBasis::Transaction,
        tier_axis: TierAxis::Amount,
        accelerators: heapless::Vec::new(),
        kickers: heapless::Vec::new(),
        gate: None,
        cap: None,
        bonuses: heapless::Vec::new(),
    }
}

pub fn new_mrr() -> Measure {
    Measure::of(KindSet::of(&[TransactionKind::New]), MeasureUnit::Mrr)
}

pub fn plan(role: impl Into<Option<Role>>, components: Vec<Component>) -> Plan {
    Plan {
        categories: Default::default(),
        id: 1,
        version: 1,
        role: role.into(),
        effective: Period::year(YEAR).unwrap(),
        calendar: FiscalCalendar::CALENDAR_YEAR,
        currency: Currency::USD,
        on_target_earnings: d("100000"),
        variable_share: d("0.5"),
        components: components.into_iter().collect(),
        spifs: heapless::Vec::new(),
        cap: None,
        rounding: RoundingPolicy {
            at: RoundAt::Line,
            mode: RoundingMode::HalfEven,
        },
    }
}

pub fn credit_all(transactions: &[Transaction], hierarchy: &[ReportingLine]) -> Vec<CreditLine> {
    let mut out = vec![CreditLine::EMPTY; 4096];
    let n = credit_transactions(transactions, hierarchy, &mut out).unwrap();
    out.truncate(n);
    out
}

pub fn blank_line() -> EarningsLine {
    EarningsLine::EMPTY
}

pub fn earn_fx(
    plan: &Plan,
    participant_id: u64,
    credits: &[CreditLine],
    fx: &[FxRate],
    through: Date,
) -> (Vec<EarningsLine>, EarningsSummary) {
    let mut out = vec![blank_line(); 4096];
    let summary = compute_earnings(plan, participant_id, credits, fx, through, &mut out).unwrap();
    out.truncate(summary.line_count);
    assert_sums(&out, &summary);
    (out, summary)
}

/// Rates `transactions` (credited without a hierarchy) for participant 1
/// through the end of the year.
pub fn earn(
    plan: &Plan,
    participant_id: u64,
    transactions: &[Transaction],
    through: Date,
) -> (Vec<EarningsLine>, EarningsSummary) {
    let credits = credit_all(transactions, &[]);
    earn_fx(plan, participant_id, &credits, &[], through)
}

/// Totals are exactly the sums of their lines.
pub fn assert_sums(lines: &[EarningsLine], summary: &EarningsSummary) {
    let sum = |keep: &dyn Fn(&EarningsLine) -> bool| {
        lines
            .iter()
            .filter(|l| keep(l))
            .fold(Decimal::ZERO, |acc, l| {
                acc.checked_add(l.amount.amount()).unwrap()
            })
    };
    assert_eq!(sum(&|_| true), summary.total.amount());
    assert_eq!(sum(&|l| l.kind == LineKind::Spif), summary.spifs.amount());
    assert_eq!(
        sum(&|l| l.kind == LineKind::Rounding),
        summary.rounding.amount()
    );
    for c in &summary.components {
        assert_eq!(
            sum(&|l| l.component_id == Some(c.component_id)),
            c.earned.amount()
        );
    }
}

/// The amounts of the lines with `transaction_id`, summed.
pub fn earned_on(lines: &[EarningsLine], transaction_id: u64) -> Decimal {
    lines
        .iter()
        .filter(|l| l.transaction_id == Some(transaction_id))
        .fold(Decimal::ZERO, |acc, l| {
            acc.checked_add(l.amount.amount()).unwrap()
        })
}
