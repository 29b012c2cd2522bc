//! The same January statement as `payout.rs`, with no allocator: the
//! caller owns every buffer (sized here for one deal) and the next state.
//! Run with `cargo run -p salesphysics-core --example payout_no_alloc`.
use salesphysics_core::compensation::*;
use salesphysics_core::payout::*;
use salesphysics_core::{dec, Currency, Date, Error, Money, Period, Role};

fn main() -> Result<(), Error> {
    const USD: Currency = Currency::USD;
    let new_mrr = KindSet::of(&[TransactionKind::New]);
    let measure = Measure::of(new_mrr, MeasureUnit::Mrr);
    let commission = Component::flat(10, measure, dec!(10000), QuotaPeriod::Month, dec!(0.10));
    let (year, ote) = (Period::year(2026)?, dec!(120000));
    let plan = Plan::new(1, Role::AccountExecutive, year, USD, ote, dec!(0.5))
        .with_component(commission)?;
    let until_live = HoldbackRule::new(20, new_mrr, dec!(0.5), ReleaseCondition::CustomerLive);
    let policy = PayoutPolicy::plain().with_holdback(until_live)?;
    let (booked, mrr) = (Date::new(2026, 1, 15)?, Money::parse("4800", USD)?);
    let deal = Transaction::deal(7, booked, TransactionKind::New, mrr, 1);
    let mut credits = [CreditLine::EMPTY; 4];
    let credited = credit_transactions(&[deal], &[], &mut credits)?;
    let credits = credits.get(..credited).unwrap_or_default();
    // The state's lists are inline, at a capacity the caller picks: here
    // 16 deals and 4 recoveries (`PayoutState::new` takes the default).
    let state = PayoutState::<Inline<16, 4>>::empty(1, USD);
    let mut next = PayoutState::<Inline<16, 4>>::empty(1, USD);
    let (mut scratch, mut lines) = ([EarningsLine::EMPTY; 8], [PayoutLine::EMPTY; 8]);
    let request = StatementRequest::new(Period::month(2026, 1)?, &plan, &policy, credits, &state);
    let january = statement(&request, &mut scratch, &mut lines, &mut next)?;
    println!("net pay for January: {}", january.net);
    for line in lines.iter().take(january.line_count) {
        println!("  {line}");
        if let Some(rating) = line.earnings.and_then(|i| scratch.get(i as usize)) {
            println!("    because {rating}");
        }
    }
    Ok(())
}
