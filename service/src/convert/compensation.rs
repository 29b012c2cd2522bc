//! Compensation: proto ↔ `salesphysics_core::compensation`.

use salesphysics_core::compensation::{
    AccountTier, AttainmentBonus, AttainmentReport, AttributeSet, Attributes, Category, Component,
    ComponentAttainment, ComponentEarnings, CreditKind, CreditLine, EarningsLine, EarningsSummary,
    Estimate, EventCondition, FiscalCalendar, Gate, Kicker, KindSet, LineKind, LineStatus, Measure,
    MeasureUnit, MultiplierBand, Plan, QuotaPeriod, RateMethod, RateTable, ReportingLine, RoundAt,
    RoundingPolicy, Source, Spif, Split, SplitKind, Tier, TierAxis, TierBasis, Transaction,
    TransactionKind, WeekPattern, Weekday, Weeks, YearEnd, ALL_TRANSACTION_KINDS,
};
use salesphysics_core::limits::MAX_CUSTOM_ATTRIBUTES;
use salesphysics_core::{ChannelSet, ErrorKind, Role};

use super::{
    bounded, currency, date, date_out, decimal, decimal_or_zero, decimal_out, id, int32_out,
    int64_out, known, list, money, money_out, optional_decimal, period, period_out, required,
    rounding_mode, u32_of, u32_of_i64, unspecified,
};
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// TransactionKind → core (required).
pub fn transaction_kind(value: i32) -> Result<TransactionKind, ApiError> {
    Ok(match known::<pb::TransactionKind>(value)? {
        pb::TransactionKind::Unspecified => return Err(unspecified()),
        pb::TransactionKind::New => TransactionKind::New,
        pb::TransactionKind::Expansion => TransactionKind::Expansion,
        pb::TransactionKind::Renewal => TransactionKind::Renewal,
        pb::TransactionKind::Contraction => TransactionKind::Contraction,
        pb::TransactionKind::Churn => TransactionKind::Churn,
        pb::TransactionKind::SqlAccepted => TransactionKind::SqlAccepted,
        pb::TransactionKind::MeetingHeld => TransactionKind::MeetingHeld,
        pb::TransactionKind::LeadAccepted => TransactionKind::LeadAccepted,
        pb::TransactionKind::CustomerLive => TransactionKind::CustomerLive,
    })
}

fn transaction_kind_out(value: TransactionKind) -> pb::TransactionKind {
    match value {
        TransactionKind::New => pb::TransactionKind::New,
        TransactionKind::Expansion => pb::TransactionKind::Expansion,
        TransactionKind::Renewal => pb::TransactionKind::Renewal,
        TransactionKind::Contraction => pb::TransactionKind::Contraction,
        TransactionKind::Churn => pb::TransactionKind::Churn,
        TransactionKind::SqlAccepted => pb::TransactionKind::SqlAccepted,
        TransactionKind::MeetingHeld => pb::TransactionKind::MeetingHeld,
        TransactionKind::LeadAccepted => pb::TransactionKind::LeadAccepted,
        TransactionKind::CustomerLive => pb::TransactionKind::CustomerLive,
    }
}

/// Repeated kinds → a core KindSet.
pub fn kinds(values: &[i32], field: &str) -> Result<KindSet, ApiError> {
    Ok(list(values, field, |&k| transaction_kind(k))?
        .into_iter()
        .collect())
}

fn account_tier(value: i32) -> Result<AccountTier, ApiError> {
    Ok(match known::<pb::AccountTier>(value)? {
        pb::AccountTier::Unspecified => AccountTier::Unspecified,
        pb::AccountTier::SelfServe => AccountTier::SelfServe,
        pb::AccountTier::Smb => AccountTier::Smb,
        pb::AccountTier::MidMarket => AccountTier::MidMarket,
        pb::AccountTier::Enterprise => AccountTier::Enterprise,
    })
}

fn account_tier_out(value: AccountTier) -> pb::AccountTier {
    match value {
        AccountTier::Unspecified => pb::AccountTier::Unspecified,
        AccountTier::SelfServe => pb::AccountTier::SelfServe,
        AccountTier::Smb => pb::AccountTier::Smb,
        AccountTier::MidMarket => pb::AccountTier::MidMarket,
        AccountTier::Enterprise => pb::AccountTier::Enterprise,
    }
}

/// Source → core (required).
pub fn source(value: Option<&pb::Source>) -> Result<Source, ApiError> {
    let value = required(value)?;
    Ok(Source {
        attributes: attributes(value.attributes.as_ref()).at("attributes")?,
        transaction_id: id(value.transaction_id).at("transaction_id")?,
        date: date(value.date.as_ref()).at("date")?,
        kind: transaction_kind(value.kind).at("kind")?,
        term_months: u32_of(value.term_months).at("term_months")?,
        account_tier: account_tier(value.account_tier).at("account_tier")?,
        channel: super::channel(value.channel).at("channel")?,
        prepaid: value.prepaid,
        new_logo: value.new_logo,
        at_renewal: value.at_renewal,
        days_to_event: u32_of(value.days_to_event).at("days_to_event")?,
    })
}

fn source_out(value: &Source) -> pb::Source {
    pb::Source {
        transaction_id: int64_out(value.transaction_id),
        date: Some(date_out(value.date)),
        kind: transaction_kind_out(value.kind) as i32,
        term_months: int32_out(value.term_months),
        account_tier: account_tier_out(value.account_tier) as i32,
        channel: value
            .channel
            .map_or(pb::Channel::Unspecified, super::channel_out) as i32,
        prepaid: value.prepaid,
        new_logo: value.new_logo,
        at_renewal: value.at_renewal,
        days_to_event: int32_out(value.days_to_event),
        attributes: attributes_out(&value.attributes),
    }
}

/// Attributes → core (absent: none recorded, or none required).
fn attributes(value: Option<&pb::Attributes>) -> Result<Attributes, ApiError> {
    let Some(value) = value else {
        return Ok(Attributes::NONE);
    };
    let ids = |id: Option<i64>| id.map(u32_of_i64).transpose();
    let custom = list(&value.custom, "custom", |&id| {
        let id = u8::try_from(u32_of(id)?).map_err(|_| ApiError::new(ErrorKind::OutOfRange))?;
        AttributeSet::of(&[id]).map_err(ApiError::new)
    })?;
    Ok(Attributes {
        product: ids(value.product).at("product")?,
        category: ids(value.category).at("category")?,
        territory: ids(value.territory).at("territory")?,
        custom: AttributeSet(custom.iter().fold(0, |set, id| set | id.0)),
    })
}

/// Attributes → proto: absent when none is set.
fn attributes_out(value: &Attributes) -> Option<pb::Attributes> {
    (*value != Attributes::NONE).then(|| pb::Attributes {
        product: value.product.map(i64::from),
        category: value.category.map(i64::from),
        territory: value.territory.map(i64::from),
        custom: (0..MAX_CUSTOM_ATTRIBUTES)
            .filter(|&id| value.custom.contains(id))
            .map(i32::from)
            .collect(),
    })
}

fn split_kind(value: i32) -> Result<SplitKind, ApiError> {
    Ok(match known::<pb::SplitKind>(value)? {
        pb::SplitKind::Unspecified => return Err(unspecified()),
        pb::SplitKind::Revenue => SplitKind::Revenue,
        pb::SplitKind::Overlay => SplitKind::Overlay,
    })
}

fn split_kind_out(value: SplitKind) -> pb::SplitKind {
    match value {
        SplitKind::Revenue => pb::SplitKind::Revenue,
        SplitKind::Overlay => pb::SplitKind::Overlay,
    }
}

fn split(value: &pb::Split) -> Result<Split, ApiError> {
    Ok(Split {
        participant_id: id(value.participant_id).at("participant_id")?,
        kind: split_kind(value.kind).at("kind")?,
        share: decimal(&value.share).at("share")?,
    })
}

/// Transaction → core.
pub fn transaction(value: &pb::Transaction) -> Result<Transaction, ApiError> {
    Ok(Transaction {
        source: source(value.source.as_ref()).at("source")?,
        amount: money(value.amount.as_ref()).at("amount")?,
        quantity: decimal_or_zero(&value.quantity).at("quantity")?,
        splits: bounded(&value.splits, "splits", split)?,
    })
}

/// ReportingLine → core.
pub fn reporting_line(value: &pb::ReportingLine) -> Result<ReportingLine, ApiError> {
    Ok(ReportingLine {
        participant_id: id(value.participant_id).at("participant_id")?,
        manager_id: id(value.manager_id).at("manager_id")?,
        effective: period(value.effective.as_ref()).at("effective")?,
    })
}

fn credit_kind(value: i32) -> Result<CreditKind, ApiError> {
    Ok(match known::<pb::CreditKind>(value)? {
        pb::CreditKind::Unspecified => return Err(unspecified()),
        pb::CreditKind::Revenue => CreditKind::Revenue,
        pb::CreditKind::Overlay => CreditKind::Overlay,
        pb::CreditKind::Rollup => CreditKind::Rollup,
    })
}

fn credit_kind_out(value: CreditKind) -> pb::CreditKind {
    match value {
        CreditKind::Revenue => pb::CreditKind::Revenue,
        CreditKind::Overlay => pb::CreditKind::Overlay,
        CreditKind::Rollup => pb::CreditKind::Rollup,
    }
}

/// CreditLine → core.
pub fn credit_line(value: &pb::CreditLine) -> Result<CreditLine, ApiError> {
    Ok(CreditLine {
        participant_id: id(value.participant_id).at("participant_id")?,
        kind: credit_kind(value.kind).at("kind")?,
        split_kind: split_kind(value.split_kind).at("split_kind")?,
        credited_from: id(value.credited_from).at("credited_from")?,
        share: decimal(&value.share).at("share")?,
        amount: money(value.amount.as_ref()).at("amount")?,
        quantity: decimal_or_zero(&value.quantity).at("quantity")?,
        source: source(value.source.as_ref()).at("source")?,
    })
}

/// CreditLine → proto.
pub fn credit_line_out(value: &CreditLine) -> Result<pb::CreditLine, ApiError> {
    Ok(pb::CreditLine {
        participant_id: int64_out(value.participant_id),
        kind: credit_kind_out(value.kind) as i32,
        split_kind: split_kind_out(value.split_kind) as i32,
        credited_from: int64_out(value.credited_from),
        share: decimal_out(value.share),
        amount: Some(money_out(value.amount)?),
        quantity: decimal_out(value.quantity),
        source: Some(source_out(&value.source)),
    })
}

/// A plan's role: ROLE_UNSPECIFIED is a team or POD pool plan.
fn plan_role(value: i32) -> Result<Option<Role>, ApiError> {
    if value == pb::Role::Unspecified as i32 {
        Ok(None)
    } else {
        super::role(value).map(Some)
    }
}

fn measure_unit(value: &pb::Measure) -> Result<MeasureUnit, ApiError> {
    Ok(match known::<pb::MeasureUnit>(value.unit).at("unit")? {
        pb::MeasureUnit::Unspecified => return Err(unspecified().at("unit")),
        pb::MeasureUnit::Mrr => MeasureUnit::Mrr,
        pb::MeasureUnit::Arr => MeasureUnit::Arr,
        pb::MeasureUnit::ContractValue => MeasureUnit::ContractValue,
        pb::MeasureUnit::Count => MeasureUnit::Count,
        pb::MeasureUnit::NetRetention => MeasureUnit::NetRetention {
            starting_mrr: decimal(&value.starting_mrr).at("starting_mrr")?,
        },
    })
}

/// Measure → core (required).
pub fn measure(value: Option<&pb::Measure>) -> Result<Measure, ApiError> {
    let value = required(value)?;
    let mut channels = ChannelSet::EMPTY;
    for (i, &c) in value.channels.iter().enumerate() {
        let channel = super::channel(c)?.ok_or_else(unspecified);
        channels = channels.with(channel.at_index("channels", i)?);
    }
    Ok(Measure {
        attributes: attributes(value.attributes.as_ref()).at("attributes")?,
        kinds: kinds(&value.kinds, "kinds")?,
        unit: measure_unit(value)?,
        channels,
        within_days: value
            .within_days
            .map(u32_of)
            .transpose()
            .at("within_days")?,
        at_renewal_only: value.at_renewal_only,
        revenue_credit_only: value.revenue_credit_only,
    })
}

fn rate_table(value: Option<&pb::RateTable>) -> Result<RateTable, ApiError> {
    let value = required(value)?;
    let method = match known::<pb::RateMethod>(value.method).at("method")? {
        pb::RateMethod::Unspecified => return Err(unspecified().at("method")),
        pb::RateMethod::Graduated => RateMethod::Graduated,
        pb::RateMethod::Retroactive => RateMethod::Retroactive,
        pb::RateMethod::Interpolated => RateMethod::Interpolated,
    };
    Ok(RateTable {
        method,
        tiers: bounded(&value.tiers, "tiers", |t| {
            Ok(Tier {
                lower: decimal(&t.lower).at("lower")?,
                upper: optional_decimal(t.upper.as_ref()).at("upper")?,
                rate: decimal(&t.rate).at("rate")?,
            })
        })?,
    })
}

fn event_condition(value: Option<&pb::EventCondition>) -> Result<EventCondition, ApiError> {
    let Some(value) = value else {
        return Ok(EventCondition::Always);
    };
    Ok(
        match known::<pb::EventConditionKind>(value.kind).at("kind")? {
            pb::EventConditionKind::Unspecified | pb::EventConditionKind::Always => {
                EventCondition::Always
            }
            pb::EventConditionKind::TermLongerThan => {
                EventCondition::TermLongerThan(u32_of(value.term_months).at("term_months")?)
            }
            pb::EventConditionKind::Prepaid => EventCondition::Prepaid,
            pb::EventConditionKind::NewLogo => EventCondition::NewLogo,
        },
    )
}

fn component(value: &pb::Component) -> Result<Component, ApiError> {
    let quota_period = match known::<pb::QuotaPeriod>(value.quota_period).at("quota_period")? {
        pb::QuotaPeriod::Unspecified => return Err(unspecified().at("quota_period")),
        pb::QuotaPeriod::Month => QuotaPeriod::Month,
        pb::QuotaPeriod::Quarter => QuotaPeriod::Quarter,
        pb::QuotaPeriod::Year => QuotaPeriod::Year,
    };
    let tier_basis = match known::<pb::TierBasis>(value.tier_basis).at("tier_basis")? {
        pb::TierBasis::Unspecified => return Err(unspecified().at("tier_basis")),
        pb::TierBasis::Transaction => TierBasis::Transaction,
        pb::TierBasis::PeriodToDate => TierBasis::PeriodToDate,
        pb::TierBasis::YearToDate => TierBasis::YearToDate,
    };
    let tier_axis = match known::<pb::TierAxis>(value.tier_axis).at("tier_axis")? {
        pb::TierAxis::Unspecified => return Err(unspecified().at("tier_axis")),
        pb::TierAxis::Amount => TierAxis::Amount,
        pb::TierAxis::Attainment => TierAxis::Attainment,
    };
    Ok(Component {
        group: value.group.map(u32_of_i64).transpose().at("group")?,
        id: u32_of_i64(value.id).at("id")?,
        weight: decimal(&value.weight).at("weight")?,
        measure: measure(value.measure.as_ref()).at("measure")?,
        quota: decimal(&value.quota).at("quota")?,
        quota_period,
        rate_table: rate_table(value.rate_table.as_ref()).at("rate_table")?,
        tier_basis,
        tier_axis,
        accelerators: bounded(&value.accelerators, "accelerators", |b| {
            Ok(MultiplierBand {
                from_attainment: decimal(&b.from_attainment).at("from_attainment")?,
                multiplier: decimal(&b.multiplier).at("multiplier")?,
            })
        })?,
        kickers: bounded(&value.kickers, "kickers", |k| {
            Ok(Kicker {
                condition: event_condition(k.condition.as_ref()).at("condition")?,
                multiplier: decimal(&k.multiplier).at("multiplier")?,
            })
        })?,
        gate: value
            .gate
            .as_ref()
            .map(|g| {
                Ok::<_, ApiError>(Gate {
                    component_id: u32_of_i64(g.component_id).at("component_id")?,
                    min_attainment: decimal(&g.min_attainment).at("min_attainment")?,
                })
            })
            .transpose()
            .at("gate")?,
        cap: optional_decimal(value.cap.as_ref()).at("cap")?,
        bonuses: bounded(&value.bonuses, "bonuses", |b| {
            Ok(AttainmentBonus {
                id: u32_of_i64(b.id).at("id")?,
                at_attainment: decimal(&b.at_attainment).at("at_attainment")?,
                amount: decimal(&b.amount).at("amount")?,
            })
        })?,
    })
}

fn weekday(value: i32) -> Result<Weekday, ApiError> {
    Ok(match known::<pb::Weekday>(value)? {
        pb::Weekday::Unspecified => return Err(unspecified()),
        pb::Weekday::Monday => Weekday::Monday,
        pb::Weekday::Tuesday => Weekday::Tuesday,
        pb::Weekday::Wednesday => Weekday::Wednesday,
        pb::Weekday::Thursday => Weekday::Thursday,
        pb::Weekday::Friday => Weekday::Friday,
        pb::Weekday::Saturday => Weekday::Saturday,
        pb::Weekday::Sunday => Weekday::Sunday,
    })
}

fn weeks(value: &pb::Weeks) -> Result<Weeks, ApiError> {
    Ok(Weeks {
        pattern: match known::<pb::WeekPattern>(value.pattern).at("pattern")? {
            pb::WeekPattern::Unspecified => return Err(unspecified().at("pattern")),
            pb::WeekPattern::FourFourFive => WeekPattern::FourFourFive,
            pb::WeekPattern::FourFiveFour => WeekPattern::FourFiveFour,
            pb::WeekPattern::FiveFourFour => WeekPattern::FiveFourFour,
        },
        ends_on: weekday(value.ends_on).at("ends_on")?,
        year_end: match known::<pb::YearEnd>(value.year_end).at("year_end")? {
            pb::YearEnd::Unspecified => return Err(unspecified().at("year_end")),
            pb::YearEnd::LastInMonth => YearEnd::LastInMonth,
            pb::YearEnd::NearestMonthEnd => YearEnd::NearestMonthEnd,
        },
    })
}

/// FiscalCalendar → core; absent is the calendar year. The start month
/// only has to be a month number's type: the core checks 1..=12.
fn calendar(value: Option<&pb::FiscalCalendar>) -> Result<FiscalCalendar, ApiError> {
    let Some(value) = value else {
        return Ok(FiscalCalendar::CALENDAR_YEAR);
    };
    Ok(FiscalCalendar {
        start_month: u32_of(value.start_month).at("start_month")?,
        weeks: value.weeks.as_ref().map(weeks).transpose().at("weeks")?,
    })
}

/// Plan → core (required).
pub fn plan(value: Option<&pb::Plan>) -> Result<Plan, ApiError> {
    let value = required(value)?;
    let rounding = required(value.rounding.as_ref()).at("rounding")?;
    let at = match known::<pb::RoundAt>(rounding.at).at("at").at("rounding")? {
        pb::RoundAt::Unspecified => return Err(unspecified().at("at").at("rounding")),
        pb::RoundAt::Line => RoundAt::Line,
        pb::RoundAt::Total => RoundAt::Total,
        pb::RoundAt::Places => {
            RoundAt::Places(u32_of(rounding.places).at("places").at("rounding")?)
        }
    };
    if rounding.places != 0 && !matches!(at, RoundAt::Places(_)) {
        return Err(
            ApiError::new(ErrorKind::Invalid("places is only for ROUND_AT_PLACES"))
                .at("places")
                .at("rounding"),
        );
    }
    Ok(Plan {
        categories: bounded(&value.categories, "categories", |c| {
            Ok(Category {
                id: u32_of_i64(c.id).at("id")?,
                parent: c.parent.map(u32_of_i64).transpose().at("parent")?,
            })
        })?,
        id: u32_of_i64(value.id).at("id")?,
        version: u32_of_i64(value.version).at("version")?,
        role: plan_role(value.role).at("role")?,
        effective: period(value.effective.as_ref()).at("effective")?,
        calendar: calendar(value.calendar.as_ref()).at("calendar")?,
        currency: currency(&value.currency_code).at("currency_code")?,
        on_target_earnings: decimal(&value.on_target_earnings).at("on_target_earnings")?,
        variable_share: decimal(&value.variable_share).at("variable_share")?,
        components: bounded(&value.components, "components", component)?,
        spifs: bounded(&value.spifs, "spifs", |s| {
            Ok(Spif {
                id: u32_of_i64(s.id).at("id")?,
                qualifies: measure(s.qualifies.as_ref()).at("qualifies")?,
                condition: event_condition(s.condition.as_ref()).at("condition")?,
                amount: decimal(&s.amount).at("amount")?,
            })
        })?,
        cap: optional_decimal(value.cap.as_ref()).at("cap")?,
        rounding: RoundingPolicy {
            at,
            mode: rounding_mode(rounding.mode).at("mode").at("rounding")?,
        },
    })
}

fn line_kind_out(value: LineKind) -> pb::LineKind {
    match value {
        LineKind::Commission => pb::LineKind::Commission,
        LineKind::RetroAdjustment => pb::LineKind::RetroAdjustment,
        LineKind::Bonus => pb::LineKind::Bonus,
        LineKind::Spif => pb::LineKind::Spif,
        LineKind::Rounding => pb::LineKind::Rounding,
    }
}

fn line_status_out(value: LineStatus) -> pb::LineStatus {
    match value {
        LineStatus::Earned => pb::LineStatus::Earned,
        LineStatus::Gated => pb::LineStatus::Gated,
        LineStatus::Capped => pb::LineStatus::Capped,
    }
}

/// EarningsLine → proto.
pub fn earnings_line_out(value: &EarningsLine) -> Result<pb::EarningsLine, ApiError> {
    Ok(pb::EarningsLine {
        kind: line_kind_out(value.kind) as i32,
        rule_id: i64::from(value.rule_id),
        component_id: value.component_id.map(i64::from),
        transaction_id: value.transaction_id.map(int64_out),
        date: Some(date_out(value.date)),
        credit: decimal_out(value.credit),
        tier: value.tier.map(i32::from),
        rate: decimal_out(value.rate),
        multiplier: decimal_out(value.multiplier),
        effective_rate: decimal_out(value.effective_rate),
        per: decimal_out(value.per),
        status: line_status_out(value.status) as i32,
        amount: Some(money_out(value.amount)?),
        reverses: value.reverses.map(int32_out),
    })
}

fn component_earnings_out(value: &ComponentEarnings) -> Result<pb::ComponentEarnings, ApiError> {
    Ok(pb::ComponentEarnings {
        component_id: i64::from(value.component_id),
        credit: decimal_out(value.credit),
        earned: Some(money_out(value.earned)?),
    })
}

fn attainment_out(value: &AttainmentReport) -> pb::AttainmentReport {
    pb::AttainmentReport {
        components: value
            .components
            .iter()
            .map(|c| pb::ComponentAttainment {
                component_id: i64::from(c.component_id),
                period: Some(period_out(c.period)),
                credit: decimal_out(c.credit),
                quota: decimal_out(c.quota),
                attainment: decimal_out(c.attainment),
            })
            .collect(),
        weighted: decimal_out(value.weighted),
    }
}

/// EarningsSummary → proto.
pub fn earnings_summary_out(value: &EarningsSummary) -> Result<pb::EarningsSummary, ApiError> {
    Ok(pb::EarningsSummary {
        plan_id: i64::from(value.plan_id),
        plan_version: i64::from(value.plan_version),
        participant_id: int64_out(value.participant_id),
        through: Some(date_out(value.through)),
        line_count: int64_out(value.line_count),
        components: value
            .components
            .iter()
            .map(component_earnings_out)
            .collect::<Result<_, _>>()?,
        spifs: Some(money_out(value.spifs)?),
        rounding: Some(money_out(value.rounding)?),
        total: Some(money_out(value.total)?),
        attainment: Some(attainment_out(&value.attainment)),
    })
}

/// Estimate → proto.
pub fn estimate_out(value: &Estimate) -> Result<pb::Estimate, ApiError> {
    Ok(pb::Estimate {
        participant_id: int64_out(value.participant_id),
        through: Some(date_out(value.through)),
        earned_before: Some(money_out(value.earned_before)?),
        earned_after: Some(money_out(value.earned_after)?),
        incremental: Some(money_out(value.incremental)?),
        components: value
            .components
            .iter()
            .map(|c| {
                Ok(pb::ComponentEstimate {
                    component_id: i64::from(c.component_id),
                    incremental: Some(money_out(c.incremental)?),
                    tier_reached: c.tier_reached.map(i32::from),
                    attainment_before: decimal_out(c.attainment_before),
                    attainment_after: decimal_out(c.attainment_after),
                })
            })
            .collect::<Result<_, ApiError>>()?,
        attainment_before: Some(attainment_out(&value.attainment_before)),
        attainment_after: Some(attainment_out(&value.attainment_after)),
        line_count: int64_out(value.line_count),
    })
}

// The client's directions: a request from the core's types, and the
// response back into them (the `salesphysics --server` command).

/// A KindSet → its members, in proto order (the core's declaration
/// order, which the proto enum follows).
pub fn kinds_out(value: KindSet) -> Vec<i32> {
    ALL_TRANSACTION_KINDS
        .iter()
        .filter(|&&k| value.contains(k))
        .map(|&k| transaction_kind_out(k) as i32)
        .collect()
}

/// Transaction → proto.
pub fn transaction_out(value: &Transaction) -> Result<pb::Transaction, ApiError> {
    Ok(pb::Transaction {
        source: Some(source_out(&value.source)),
        amount: Some(money_out(value.amount).at("amount")?),
        quantity: decimal_out(value.quantity),
        splits: value
            .splits
            .iter()
            .map(|s| pb::Split {
                participant_id: int64_out(s.participant_id),
                kind: split_kind_out(s.kind) as i32,
                share: decimal_out(s.share),
            })
            .collect(),
    })
}

/// ReportingLine → proto.
pub fn reporting_line_out(value: &ReportingLine) -> pb::ReportingLine {
    pb::ReportingLine {
        participant_id: int64_out(value.participant_id),
        manager_id: int64_out(value.manager_id),
        effective: Some(period_out(value.effective)),
    }
}

fn measure_out(value: &Measure) -> Result<pb::Measure, ApiError> {
    let (unit, starting_mrr) = match value.unit {
        MeasureUnit::Mrr => (pb::MeasureUnit::Mrr, String::new()),
        MeasureUnit::Arr => (pb::MeasureUnit::Arr, String::new()),
        MeasureUnit::ContractValue => (pb::MeasureUnit::ContractValue, String::new()),
        MeasureUnit::Count => (pb::MeasureUnit::Count, String::new()),
        MeasureUnit::NetRetention { starting_mrr } => {
            (pb::MeasureUnit::NetRetention, decimal_out(starting_mrr))
        }
    };
    Ok(pb::Measure {
        kinds: kinds_out(value.kinds),
        unit: unit as i32,
        starting_mrr,
        channels: value
            .channels
            .iter()
            .map(|c| super::channel_out(c) as i32)
            .collect(),
        within_days: value.within_days.map(int32_out),
        at_renewal_only: value.at_renewal_only,
        revenue_credit_only: value.revenue_credit_only,
        attributes: attributes_out(&value.attributes),
    })
}

fn event_condition_out(value: EventCondition) -> pb::EventCondition {
    let (kind, term_months) = match value {
        EventCondition::Always => (pb::EventConditionKind::Always, 0),
        EventCondition::TermLongerThan(months) => {
            (pb::EventConditionKind::TermLongerThan, int32_out(months))
        }
        EventCondition::Prepaid => (pb::EventConditionKind::Prepaid, 0),
        EventCondition::NewLogo => (pb::EventConditionKind::NewLogo, 0),
    };
    pb::EventCondition {
        kind: kind as i32,
        term_months,
    }
}

fn component_out(value: &Component) -> Result<pb::Component, ApiError> {
    let table = &value.rate_table;
    Ok(pb::Component {
        id: i64::from(value.id),
        weight: decimal_out(value.weight),
        measure: Some(measure_out(&value.measure).at("measure")?),
        quota: decimal_out(value.quota),
        quota_period: match value.quota_period {
            QuotaPeriod::Month => pb::QuotaPeriod::Month,
            QuotaPeriod::Quarter => pb::QuotaPeriod::Quarter,
            QuotaPeriod::Year => pb::QuotaPeriod::Year,
        } as i32,
        rate_table: Some(pb::RateTable {
            method: match table.method {
                RateMethod::Graduated => pb::RateMethod::Graduated,
                RateMethod::Retroactive => pb::RateMethod::Retroactive,
                RateMethod::Interpolated => pb::RateMethod::Interpolated,
            } as i32,
            tiers: table
                .tiers
                .iter()
                .map(|t| pb::RateTier {
                    lower: decimal_out(t.lower),
                    upper: t.upper.map(decimal_out),
                    rate: decimal_out(t.rate),
                })
                .collect(),
        }),
        tier_basis: match value.tier_basis {
            TierBasis::Transaction => pb::TierBasis::Transaction,
            TierBasis::PeriodToDate => pb::TierBasis::PeriodToDate,
            TierBasis::YearToDate => pb::TierBasis::YearToDate,
        } as i32,
        tier_axis: match value.tier_axis {
            TierAxis::Amount => pb::TierAxis::Amount,
            TierAxis::Attainment => pb::TierAxis::Attainment,
        } as i32,
        accelerators: value
            .accelerators
            .iter()
            .map(|b| pb::MultiplierBand {
                from_attainment: decimal_out(b.from_attainment),
                multiplier: decimal_out(b.multiplier),
            })
            .collect(),
        kickers: value
            .kickers
            .iter()
            .map(|k| pb::Kicker {
                condition: Some(event_condition_out(k.condition)),
                multiplier: decimal_out(k.multiplier),
            })
            .collect(),
        gate: value.gate.map(|g| pb::Gate {
            component_id: i64::from(g.component_id),
            min_attainment: decimal_out(g.min_attainment),
        }),
        cap: value.cap.map(decimal_out),
        bonuses: value
            .bonuses
            .iter()
            .map(|b| pb::AttainmentBonus {
                id: i64::from(b.id),
                at_attainment: decimal_out(b.at_attainment),
                amount: decimal_out(b.amount),
            })
            .collect(),
        group: value.group.map(i64::from),
    })
}

/// FiscalCalendar → proto; the calendar year is left out, as a client
/// that never heard of calendars writes it.
fn calendar_out(value: FiscalCalendar) -> Option<pb::FiscalCalendar> {
    (value != FiscalCalendar::CALENDAR_YEAR).then(|| pb::FiscalCalendar {
        start_month: int32_out(value.start_month),
        weeks: value.weeks.map(|w| pb::Weeks {
            pattern: match w.pattern {
                WeekPattern::FourFourFive => pb::WeekPattern::FourFourFive,
                WeekPattern::FourFiveFour => pb::WeekPattern::FourFiveFour,
                WeekPattern::FiveFourFour => pb::WeekPattern::FiveFourFour,
            } as i32,
            ends_on: match w.ends_on {
                Weekday::Monday => pb::Weekday::Monday,
                Weekday::Tuesday => pb::Weekday::Tuesday,
                Weekday::Wednesday => pb::Weekday::Wednesday,
                Weekday::Thursday => pb::Weekday::Thursday,
                Weekday::Friday => pb::Weekday::Friday,
                Weekday::Saturday => pb::Weekday::Saturday,
                Weekday::Sunday => pb::Weekday::Sunday,
            } as i32,
            year_end: match w.year_end {
                YearEnd::LastInMonth => pb::YearEnd::LastInMonth,
                YearEnd::NearestMonthEnd => pb::YearEnd::NearestMonthEnd,
            } as i32,
        }),
    })
}

/// Plan → proto: the inverse of [`plan`].
pub fn plan_out(value: &Plan) -> Result<pb::Plan, ApiError> {
    let (at, places) = match value.rounding.at {
        RoundAt::Line => (pb::RoundAt::Line, 0),
        RoundAt::Total => (pb::RoundAt::Total, 0),
        RoundAt::Places(places) => (pb::RoundAt::Places, int32_out(places)),
    };
    Ok(pb::Plan {
        id: i64::from(value.id),
        version: i64::from(value.version),
        role: value.role.map_or(pb::Role::Unspecified, super::role_out) as i32,
        effective: Some(period_out(value.effective)),
        currency_code: value.currency.code().to_owned(),
        on_target_earnings: decimal_out(value.on_target_earnings),
        variable_share: decimal_out(value.variable_share),
        components: value
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| component_out(c).at_index("components", i))
            .collect::<Result<_, _>>()?,
        spifs: value
            .spifs
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Ok::<_, ApiError>(pb::Spif {
                    id: i64::from(s.id),
                    qualifies: Some(measure_out(&s.qualifies).at("qualifies")?),
                    condition: Some(event_condition_out(s.condition)),
                    amount: decimal_out(s.amount),
                })
                .at_index("spifs", i)
            })
            .collect::<Result<_, _>>()?,
        cap: value.cap.map(decimal_out),
        rounding: Some(pb::RoundingPolicy {
            at: at as i32,
            places,
            mode: super::rounding_mode_out(value.rounding.mode)
                .at("mode")
                .at("rounding")? as i32,
        }),
        calendar: calendar_out(value.calendar),
        categories: value
            .categories
            .iter()
            .map(|c| pb::Category {
                id: i64::from(c.id),
                parent: c.parent.map(i64::from),
            })
            .collect(),
    })
}

fn line_kind(value: i32) -> Result<LineKind, ApiError> {
    Ok(match known::<pb::LineKind>(value)? {
        pb::LineKind::Unspecified => return Err(unspecified()),
        pb::LineKind::Commission => LineKind::Commission,
        pb::LineKind::RetroAdjustment => LineKind::RetroAdjustment,
        pb::LineKind::Bonus => LineKind::Bonus,
        pb::LineKind::Spif => LineKind::Spif,
        pb::LineKind::Rounding => LineKind::Rounding,
    })
}

fn line_status(value: i32) -> Result<LineStatus, ApiError> {
    Ok(match known::<pb::LineStatus>(value)? {
        pb::LineStatus::Unspecified => return Err(unspecified()),
        pb::LineStatus::Earned => LineStatus::Earned,
        pb::LineStatus::Gated => LineStatus::Gated,
        pb::LineStatus::Capped => LineStatus::Capped,
    })
}

fn small_id(value: i64) -> Result<u32, ApiError> {
    u32_of_i64(value)
}

/// EarningsLine of `plan` → core: the inverse of [`earnings_line_out`].
/// The proto does not carry the line's precision; it is the plan's line
/// precision, or the currency's minor units on the line rounding the total.
pub fn earnings_line(value: &pb::EarningsLine, plan: &Plan) -> Result<EarningsLine, ApiError> {
    let kind = line_kind(value.kind).at("kind")?;
    let places = match kind {
        LineKind::Rounding => plan.currency.minor_units(),
        _ => plan.rounding.at.line_places(plan.currency),
    };
    Ok(EarningsLine {
        kind,
        rule_id: small_id(value.rule_id).at("rule_id")?,
        component_id: value
            .component_id
            .map(small_id)
            .transpose()
            .at("component_id")?,
        transaction_id: value
            .transaction_id
            .map(id)
            .transpose()
            .at("transaction_id")?,
        date: date(value.date.as_ref()).at("date")?,
        credit: decimal(&value.credit).at("credit")?,
        tier: value
            .tier
            .map(|t| u8::try_from(t).map_err(|_| ApiError::new(ErrorKind::OutOfRange)))
            .transpose()
            .at("tier")?,
        rate: decimal(&value.rate).at("rate")?,
        multiplier: decimal(&value.multiplier).at("multiplier")?,
        effective_rate: decimal(&value.effective_rate).at("effective_rate")?,
        per: decimal(&value.per).at("per")?,
        places,
        status: line_status(value.status).at("status")?,
        amount: money(value.amount.as_ref()).at("amount")?,
        reverses: value.reverses.map(u32_of).transpose().at("reverses")?,
    })
}

/// EarningsSummary → core: the inverse of [`earnings_summary_out`].
pub fn earnings_summary(value: &pb::EarningsSummary) -> Result<EarningsSummary, ApiError> {
    let attainment = required(value.attainment.as_ref()).at("attainment")?;
    Ok(EarningsSummary {
        plan_id: small_id(value.plan_id).at("plan_id")?,
        plan_version: small_id(value.plan_version).at("plan_version")?,
        participant_id: id(value.participant_id).at("participant_id")?,
        through: date(value.through.as_ref()).at("through")?,
        line_count: usize::try_from(id(value.line_count).at("line_count")?)
            .map_err(|_| ApiError::new(ErrorKind::OutOfRange))
            .at("line_count")?,
        components: bounded(&value.components, "components", |c| {
            Ok(ComponentEarnings {
                component_id: small_id(c.component_id).at("component_id")?,
                credit: decimal(&c.credit).at("credit")?,
                earned: money(c.earned.as_ref()).at("earned")?,
            })
        })?,
        spifs: money(value.spifs.as_ref()).at("spifs")?,
        rounding: money(value.rounding.as_ref()).at("rounding")?,
        total: money(value.total.as_ref()).at("total")?,
        attainment: AttainmentReport {
            components: bounded(&attainment.components, "attainment.components", |c| {
                Ok(ComponentAttainment {
                    component_id: small_id(c.component_id).at("component_id")?,
                    period: period(c.period.as_ref()).at("period")?,
                    credit: decimal(&c.credit).at("credit")?,
                    quota: decimal(&c.quota).at("quota")?,
                    attainment: decimal(&c.attainment).at("attainment")?,
                })
            })?,
            weighted: decimal(&attainment.weighted).at("attainment.weighted")?,
        },
    })
}
