//! A short tour of the core: exact money, a commission split that adds up,
//! proration by days, a tiering decision, a revenue goal turned into SQLs,
//! and what an error looks like.
//!
//! Run: `cargo run -p salesphysics-core --example demo`
#![allow(clippy::print_stdout)]

use salesphysics_core::funnel::{
    new_mrr_schedule, plan_new_mrr, reverse_funnel, whole_units, Billing, ChannelFunnel,
    FunnelModel, GoalMeaning, RevenueBasis, RevenueGoal, SegmentFunnel, Stage, Step,
};
use salesphysics_core::tiering::{
    classify, cost_alignment, Account, Outcome, ValidatedPolicy, DEFAULT_POLICY,
};
use salesphysics_core::{
    allocate, Channel, Currency, Date, Decimal, Error, ErrorKind, FxRate, Money, Period, ResultExt,
    RoundingMode,
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

    // Tiering: an 8,000 USD account with four decision makers and an
    // integration goes to field sales by the default policy's complexity
    // rule, and that motion costs far more than the account brings in.
    let policy = ValidatedPolicy::new(&DEFAULT_POLICY)?;
    let account = Account {
        id: 7,
        first_year_value: Money::parse("8000.00", Currency::USD)?,
        employees: 120,
        decision_makers: 4,
        technical_integration: true,
        security_review: false,
        region: 0,
        vertical: 0,
    };
    if let Outcome::Matched(tiered) = classify(&account, &policy)? {
        let alignment = cost_alignment(&account, tiered.motion, &policy)?;
        let ratio = alignment.cost_ratio.unwrap_or(Decimal::ZERO);
        println!(
            "account 7: {:?} by rule {}; acquisition cost is {ratio}x its first-year value \
             (misaligned: {}), cheaper motion {:?}",
            tiered.motion, tiered.matched_rule, alignment.misaligned, alignment.cheaper_motion
        );
    }

    // Funnel: 780,000 USD of in-year revenue is 10,000 USD of new MRR a
    // month (the rule of 78); at 500 USD a deal and 25 % SQL-to-win, with a
    // month's lag, that is 80 SQLs a month starting a month early.
    let basis = RevenueBasis {
        horizon_months: 12,
        billing: Billing::FromBookingMonth,
        monthly_churn: Decimal::ZERO,
        booking_months: &[],
    };
    let goal = RevenueGoal {
        meaning: GoalMeaning::RecognizedRevenue,
        amount: Money::parse("780000", Currency::USD)?,
        basis,
        rounding: mode,
    };
    let plan = plan_new_mrr(&goal)?;
    let steps = [Step {
        conversion_rate: "0.25".parse()?,
        lag_months: Decimal::ONE,
    }];
    let channels = [ChannelFunnel {
        share: Decimal::ONE,
        steps: &steps,
    }];
    let segments = [SegmentFunnel {
        mrr_per_deal: Money::parse("500", Currency::USD)?,
        mrr_share: Decimal::ONE,
        channels: &channels,
    }];
    let model = FunnelModel {
        currency: Currency::USD,
        stages: &[Stage::Sql, Stage::Commit],
        channels: &[Channel::Inbound],
        segments: &segments,
    };
    let mut schedule = [Money::zero(Currency::USD); 12];
    new_mrr_schedule(&basis, plan.new_mrr_per_month, &mut schedule)?;
    let mut table = [Decimal::ZERO; 13 * 2];
    let layout = reverse_funnel(&model, &schedule, &mut table)?;
    let first = layout.index(0, 0, 0, 0).ok_or(ErrorKind::OutOfRange)?;
    let sqls = table.get(first).copied().ok_or(ErrorKind::OutOfRange)?;
    println!(
        "goal 780000 USD in-year: new MRR {} a month; {} SQLs a month from {} month(s) ahead",
        plan.new_mrr_per_month,
        whole_units(sqls)?,
        layout.lead_months
    );

    // Errors name the field and the reason.
    if let Err(error) = "1e5".parse::<Decimal>().at("amount").at_index("deals", 3) {
        println!("error: {error}");
    }
    Ok(())
}
