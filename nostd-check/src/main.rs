//! Links salesphysics-core into a `#![no_std]` binary with no global
//! allocator. Building it is the proof; it is never run.
#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use salesphysics_core::compensation::*;
use salesphysics_core::payout::{self, HoldbackRule, Inline, PayoutPolicy, PayoutState};
use salesphysics_core::payout::{PayoutLine, ReleaseCondition, StatementRequest};
use salesphysics_core::{
    allocate, dec, Currency, Date, Decimal, Money, Period, Role, RoundingMode,
};

#[panic_handler]
fn panic(_info: &PanicInfo) -> ! {
    loop {}
}

/// The host's precompiled `libcore` is built with unwinding and refers to
/// this symbol even under `panic = "abort"`; nothing ever calls it. Bare-metal
/// targets ship an abort-only `libcore` and need no such stub.
#[cfg(not(target_os = "none"))]
#[unsafe(no_mangle)]
pub extern "C" fn rust_eh_personality() {}

/// Exercises the core so its code is really linked, not optimized away.
fn exercise() -> Result<Money, salesphysics_core::Error> {
    let total = Money::parse(black_box("6.45"), Currency::USD)?;
    let weights = [Decimal::new(30, 2)?, Decimal::new(70, 2)?];
    let mut parts = [Money::zero(Currency::USD); 2];
    allocate(total, &weights, &mut parts)?;
    Ok(parts[0].mul_round(weights[1], RoundingMode::HalfEven)?)
}

/// One payout statement with the state's lists in an inline storage of
/// the caller's capacity (8 deals, 2 recoveries): the payout engine links
/// with no allocator.
fn statement() -> Result<Money, salesphysics_core::Error> {
    const USD: Currency = Currency::USD;
    let new_mrr = KindSet::of(&[TransactionKind::New]);
    let measure = Measure::of(new_mrr, MeasureUnit::Mrr);
    let commission = Component::flat(10, measure, dec!(10000), QuotaPeriod::Month, dec!(0.10));
    let plan = Plan::new(
        1,
        Role::AccountExecutive,
        Period::year(2026)?,
        USD,
        dec!(120000),
        dec!(0.5),
    )
    .with_component(commission)?;
    let until_live = HoldbackRule::new(20, new_mrr, dec!(0.5), ReleaseCondition::CustomerLive);
    let policy = PayoutPolicy::plain().with_holdback(until_live)?;
    let mrr = Money::parse(black_box("4800"), USD)?;
    let deal = Transaction::deal(7, Date::new(2026, 1, 15)?, TransactionKind::New, mrr, 1);
    let mut credits = [CreditLine::EMPTY; 4];
    let credited = credit_transactions(&[deal], &[], &mut credits)?;
    let credits = credits.get(..credited).unwrap_or_default();
    let state = PayoutState::<Inline<8, 2>>::empty(1, USD);
    let mut next = PayoutState::<Inline<8, 2>>::empty(1, USD);
    let (mut scratch, mut lines) = ([EarningsLine::EMPTY; 8], [PayoutLine::EMPTY; 8]);
    let request = StatementRequest::new(Period::month(2026, 1)?, &plan, &policy, credits, &state);
    Ok(payout::statement(&request, &mut scratch, &mut lines, &mut next)?.net)
}

/// The entry point of the bare binary.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    let _ = black_box(exercise());
    let _ = black_box(statement());
    loop {}
}
