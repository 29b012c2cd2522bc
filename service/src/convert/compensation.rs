//! Compensation: proto ↔ `salesphysics_core::compensation`.

use salesphysics_core::compensation::{
    AccountTier, AttainmentBonus, AttainmentReport, Component, ComponentEarnings, CreditKind,
    CreditLine, EarningsLine, EarningsSummary, EventCondition, Gate, Kicker, KindSet, LineKind,
    LineStatus, Measure, MeasureUnit, MultiplierBand, Plan, QuotaPeriod, RateMethod, RateTable,
    ReportingLine, RoundAt, RoundingPolicy, Source, Spif, Split, SplitKind, Tier, TierAxis,
    TierBasis, Transaction, TransactionKind,
};
use salesphysics_core::{ChannelSet, Role};

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
        attributes: Default::default(),
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
    }
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
        attributes: Default::default(),
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
        group: None,
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

/// Plan → core (required).
pub fn plan(value: Option<&pb::Plan>) -> Result<Plan, ApiError> {
    let value = required(value)?;
    let rounding = required(value.rounding.as_ref()).at("rounding")?;
    let at = match known::<pb::RoundAt>(rounding.at).at("at").at("rounding")? {
        pb::RoundAt::Unspecified => return Err(unspecified().at("at").at("rounding")),
        pb::RoundAt::Line => RoundAt::Line,
        pb::RoundAt::Total => RoundAt::Total,
    };
    Ok(Plan {
        categories: Default::default(),
        id: u32_of_i64(value.id).at("id")?,
        version: u32_of_i64(value.version).at("version")?,
        role: plan_role(value.role).at("role")?,
        effective: period(value.effective.as_ref()).at("effective")?,
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
