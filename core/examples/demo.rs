//! A short tour of the core: exact money, a commission split that adds up,
//! proration by days, and what an error looks like.
//!
//! Run: `cargo run -p salesphysics-core --example demo`
#![allow(clippy::print_stdout)]

use salesphysics_core::{
    allocate, Currency, Date, Decimal, Error, FxRate, Money, Period, ResultExt, RoundingMode,
};

fn main() -> Result<(), Error> {
    let mode = RoundingMode::HalfEven;

    // A commission of 7.25% on a 48,213.37 USD booking, rounded once to cents.
    let booking = Money::parse("48213.37", Currency::USD)?;
    let rate: Decimal = "0.0725".parse()?;
    let commission = booking.mul_round(rate, mode)?;
    println!("commission on {booking} at {rate}: {commission}");

    // Split 30/70 between the AE and the SE: the parts add up to the cent.
    let mut parts = [Money::zero(Currency::USD); 2];
    allocate(commission, &["0.30".parse()?, "0.70".parse()?], &mut parts)?;
    println!(
        "split 30/70: {} + {} = {}",
        parts[0],
        parts[1],
        parts[0].checked_add(parts[1])?
    );

    // A rep who starts on 1 June gets 214 of 365 days of the annual quota.
    let year = Period::year(2025)?;
    let employed = Period::new(Date::new(2025, 6, 1)?, Date::new(2025, 12, 31)?)?;
    let quota = year.prorate(Money::parse("800000", Currency::USD)?, employed, mode)?;
    println!(
        "prorated quota ({} of {} days): {quota}",
        year.active_days(employed),
        year.days()
    );

    // Converting at an explicit rate, rounded to the yen.
    let usd_jpy = FxRate::new(Currency::USD, Currency::JPY, "151.37".parse()?)?;
    println!(
        "{commission} in JPY at {}: {}",
        usd_jpy.rate(),
        usd_jpy.convert(commission, mode)?
    );

    // Errors name the field and the reason.
    if let Err(error) = "1e5".parse::<Decimal>().at("amount").at_index("deals", 3) {
        println!("error: {error}");
    }
    Ok(())
}
