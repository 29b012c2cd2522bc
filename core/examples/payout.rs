//! One participant's January statement with the `alloc` API: a flat 10 %
//! plan on new MRR, one deal, half the commission held until go-live.
//! Run with `cargo run -p salesphysics-core --features alloc --example payout`.
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
    let credits = credit_transactions_owned(&[deal], &[])?;
    let state = PayoutState::<Growable>::empty(1, USD);
    let request = StatementRequest::new(Period::month(2026, 1)?, &plan, &policy, &credits, &state);
    let january = statement_owned(&request)?;
    println!("net pay for January: {}", january.statement.net);
    for line in &january.lines {
        println!("  {line}");
        if let Some(rating) = line.earnings.and_then(|i| january.earnings.get(i as usize)) {
            println!("    because {rating}");
        }
    }
    Ok(())
}
