//! Policies, events and month-by-month statement runs for tests of the
//! payout engine; the plain helpers come from [`super::compensation`].

use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{Channel, Currency, Date, Decimal, Money, Period, Role, RoundingMode};

pub use super::compensation::{blank_line as blank_earnings, d, date, table, usd, YEAR};

pub const REP: u64 = 1;

pub fn month(m: u32) -> Period {
    Period::month(YEAR, m).unwrap()
}

/// A new deal of `mrr` (in `currency`) credited 100 % to the rep, 12 months.
pub fn deal_in(id: u64, on: Date, mrr: &str, currency: Currency) -> Transaction {
    Transaction {
        source: Source {
            attributes: Default::default(),
            transaction_id: id,
            date: on,
            kind: TransactionKind::New,
            term_months: 12,
            account_tier: AccountTier::Smb,
            channel: Some(Channel::Inbound),
            prepaid: false,
            new_logo: true,
            at_renewal: false,
            days_to_event: 0,
        },
        amount: Money::parse(mrr, currency).unwrap(),
        quantity: Decimal::ZERO,
        splits: [Split {
            participant_id: REP,
            kind: SplitKind::Revenue,
            share: Decimal::ONE,
        }]
        .into_iter()
        .collect(),
    }
}

/// A booking of `kind` (New or an Expansion of an existing customer) of
/// `mrr` in `currency`, credited 100 % to the rep, 12 months: a reused id
/// books the same deal again, as another kind or currency.
pub fn booking(id: u64, on: Date, kind: TransactionKind, mrr: Money) -> Transaction {
    let mut t = deal_in(id, on, "0", mrr.currency());
    t.source.kind = kind;
    t.source.new_logo = kind == TransactionKind::New;
    t.amount = mrr;
    t
}

pub fn deal(id: u64, on: Date, mrr: &str) -> Transaction {
    deal_in(id, on, mrr, Currency::USD)
}

/// One component on new MRR with the given quota, period and table.
pub fn plan_with(quota: &str, period: QuotaPeriod, rate_table: RateTable) -> Plan {
    Plan {
        categories: Default::default(),
        id: 7,
        version: 1,
        role: Some(Role::AccountExecutive),
        effective: Period::year(YEAR).unwrap(),
        calendar: FiscalCalendar::CALENDAR_YEAR,
        currency: Currency::USD,
        on_target_earnings: d("120000"),
        variable_share: d("0.5"),
        components: [Component {
            group: None,
            id: 70,
            weight: Decimal::ONE,
            measure: Measure::of(KindSet::of(&[TransactionKind::New]), MeasureUnit::Mrr),
            quota: d(quota),
            quota_period: period,
            rate_table,
            tier_basis: TierBasis::PeriodToDate,
            tier_axis: TierAxis::Amount,
            accelerators: heapless::Vec::new(),
            kickers: heapless::Vec::new(),
            gate: None,
            cap: None,
            bonuses: heapless::Vec::new(),
        }]
        .into_iter()
        .collect(),
        spifs: heapless::Vec::new(),
        cap: None,
        rounding: RoundingPolicy {
            at: RoundAt::Line,
            mode: RoundingMode::HalfEven,
        },
    }
}

/// A flat 10 % on new MRR, monthly quota 10 000.
pub fn flat_plan() -> Plan {
    plan_with("10000", QuotaPeriod::Month, RateTable::flat(d("0.10")))
}

pub fn credit_all(transactions: &[Transaction]) -> Vec<CreditLine> {
    super::compensation::credit_all(transactions, &[])
}

pub fn blank_line() -> PayoutLine {
    PayoutLine::EMPTY
}

pub fn event(id: u64, kind: EventKind, on: Date, level: &str) -> PayoutEvent {
    PayoutEvent {
        transaction_id: id,
        kind,
        date: on,
        level: d(level),
    }
}

/// One month's inputs: the deals booked and the events reported in it.
#[derive(Clone, Default)]
pub struct MonthInput {
    pub deals: Vec<Transaction>,
    pub events: Vec<PayoutEvent>,
}

/// A statement and its lines.
#[derive(Debug, Clone)]
pub struct Run {
    pub statement: Statement,
    pub lines: Vec<PayoutLine>,
    pub state: PayoutState,
    /// The compensation engine's lines the statement lines point into.
    pub scratch: Vec<EarningsLine>,
}

impl Run {
    pub fn net(&self) -> Decimal {
        self.statement.net.amount()
    }

    pub fn of_kind(&self, kind: PayoutLineKind) -> Vec<PayoutLine> {
        self.lines
            .iter()
            .filter(|l| l.kind == kind)
            .copied()
            .collect()
    }

    /// The compensation engine's explanation of an earnings line.
    pub fn explain(&self, line: &PayoutLine) -> EarningsLine {
        self.scratch[line.earnings.unwrap() as usize]
    }

    pub fn sum(&self, kind: PayoutLineKind) -> Decimal {
        self.of_kind(kind).iter().fold(Decimal::ZERO, |a, l| {
            a.checked_add(l.amount.amount()).unwrap()
        })
    }
}

pub struct Setup<'a> {
    pub plan: &'a Plan,
    pub policy: &'a PayoutPolicy,
    pub relief: Option<&'a QuotaRelief>,
    pub fx: &'a [DatedFxRate],
}

/// Runs monthly statements from January, month by month, feeding each the
/// credits of every deal so far and the state the previous one returned;
/// checks on the way that every net is the sum of its lines and that the
/// period totals reconcile.
pub fn run_months(setup: &Setup<'_>, start: PayoutState, months: &[MonthInput]) -> Vec<Run> {
    run_months_with(setup, start, months, false)
}

/// [`run_months`], optionally forgetting the closed-period cache before
/// every statement (the answer must not change).
pub fn run_months_with(
    setup: &Setup<'_>,
    start: PayoutState,
    months: &[MonthInput],
    forget_closed: bool,
) -> Vec<Run> {
    let mut state = start;
    let mut deals: Vec<Transaction> = Vec::new();
    let mut runs = Vec::new();
    for (i, input) in months.iter().enumerate() {
        let period = month(i as u32 + 1);
        deals.extend(input.deals.iter().cloned());
        deals.sort_by_key(|t| t.source.date);
        let credits = credit_all(&deals);
        if forget_closed {
            state.closed.clear();
        }
        let request = StatementRequest {
            participant_id: REP,
            period,
            plan: setup.plan,
            policy: setup.policy,
            relief: setup.relief,
            credits: &credits,
            events: &input.events,
            fx: setup.fx,
            fx_date: period.last(),
            state: &state,
        };
        let mut scratch = vec![blank_earnings(); 4096];
        let mut out = vec![blank_line(); 4096];
        let mut next = PayoutState::new(REP, Currency::USD);
        let statement =
            salesphysics_core::payout::statement(&request, &mut scratch, &mut out, &mut next)
                .unwrap_or_else(|e| panic!("month {}: {e}", i + 1));
        out.truncate(statement.line_count);
        let sum = out.iter().fold(Decimal::ZERO, |a, l| {
            a.checked_add(l.amount.amount()).unwrap()
        });
        assert_eq!(sum, statement.net.amount(), "net is the sum of the lines");
        assert_eq!(
            statement.totals.reconciled().unwrap(),
            statement.totals.paid,
            "period totals reconcile"
        );
        next.validate().unwrap();
        state = next.clone();
        runs.push(Run {
            statement,
            lines: out,
            state: next,
            scratch,
        });
    }
    runs
}

pub fn nets(runs: &[Run]) -> Vec<Decimal> {
    runs.iter().map(Run::net).collect()
}

pub fn ds(values: &[&str]) -> Vec<Decimal> {
    values.iter().map(|v| d(v)).collect()
}
