//! Protobuf ↔ core conversions, one module per engine. Representation
//! checks only: known enum values, signs and ranges of integers, Money's
//! units/nanos, present required messages. Every domain rule stays in the
//! core; errors name the field as the client wrote it.

pub mod capacity;
pub mod compensation;
pub mod coverage;
pub mod flow;
pub mod forward;
pub mod funnel;
pub mod goal_nrr;
pub mod payout;
pub mod tiering;

use salesphysics_core::{
    Channel, Currency, Date, Decimal, ErrorKind, FxRate, Money, Period, Role, RoundingMode,
};

use crate::pb::google::r#type as gtype;
use crate::pb::salesphysics::v1 as pb;
use crate::status::{ApiError, Context as _};

/// A required message.
pub fn required<T>(field: Option<&T>) -> Result<&T, ApiError> {
    field.ok_or_else(ApiError::missing)
}

/// A decimal string (required: empty is rejected).
pub fn decimal(text: &str) -> Result<Decimal, ApiError> {
    if text.is_empty() {
        return Err(ApiError::missing());
    }
    Ok(text.parse::<Decimal>()?)
}

/// A decimal string whose absence (empty) means zero.
pub fn decimal_or_zero(text: &str) -> Result<Decimal, ApiError> {
    if text.is_empty() {
        Ok(Decimal::ZERO)
    } else {
        decimal(text)
    }
}

/// An optional decimal string.
pub fn optional_decimal(text: Option<&String>) -> Result<Option<Decimal>, ApiError> {
    text.map(|t| decimal(t)).transpose()
}

/// A decimal rendered for output (the core's notation).
pub fn decimal_out(value: Decimal) -> String {
    value.to_string()
}

/// An ISO 4217 code.
pub fn currency(code: &str) -> Result<Currency, ApiError> {
    if code.is_empty() {
        return Err(ApiError::missing());
    }
    Ok(Currency::from_code(code)?)
}

/// google.type.Money → Money (required).
pub fn money(value: Option<&gtype::Money>) -> Result<Money, ApiError> {
    let value = required(value)?;
    let currency = currency(&value.currency_code).at("currency_code")?;
    let amount = Decimal::from_units_nanos(value.units, value.nanos).at("nanos")?;
    Ok(Money::new(amount, currency))
}

/// google.type.Money → Money, absent meaning zero in `currency`.
pub fn money_or_zero(value: Option<&gtype::Money>, currency: Currency) -> Result<Money, ApiError> {
    match value {
        Some(_) => money(value),
        None => Ok(Money::zero(currency)),
    }
}

/// Money → google.type.Money. Amounts beyond i64 units cannot leave the
/// core's range checks, so a failure here is reported as overflow.
pub fn money_out(value: Money) -> Result<gtype::Money, ApiError> {
    let (units, nanos) = value.amount().to_units_nanos()?;
    Ok(gtype::Money {
        currency_code: value.currency().code().to_owned(),
        units,
        nanos,
    })
}

/// google.type.Date → Date (required).
pub fn date(value: Option<&gtype::Date>) -> Result<Date, ApiError> {
    let value = required(value)?;
    let month = u32::try_from(value.month).map_err(|_| ErrorKind::InvalidDate)?;
    let day = u32::try_from(value.day).map_err(|_| ErrorKind::InvalidDate)?;
    Ok(Date::new(value.year, month, day)?)
}

/// Date → google.type.Date.
pub fn date_out(value: Date) -> gtype::Date {
    gtype::Date {
        year: value.year(),
        month: i32::try_from(value.month()).unwrap_or(0),
        day: i32::try_from(value.day()).unwrap_or(0),
    }
}

/// Period → core Period (required).
pub fn period(value: Option<&pb::Period>) -> Result<Period, ApiError> {
    let value = required(value)?;
    let first = date(value.first.as_ref()).at("first")?;
    let last = date(value.last.as_ref()).at("last")?;
    Period::new(first, last).at("last")
}

/// Period → proto.
pub fn period_out(value: Period) -> pb::Period {
    pb::Period {
        first: Some(date_out(value.first())),
        last: Some(date_out(value.last())),
    }
}

/// A non-negative int64 id or count → u64.
pub fn id(value: i64) -> Result<u64, ApiError> {
    u64::try_from(value).map_err(|_| ApiError::new(ErrorKind::Negative))
}

/// A non-negative int64 (an id, a count) that must fit u32.
pub fn u32_of_i64(value: i64) -> Result<u32, ApiError> {
    if value < 0 {
        return Err(ApiError::new(ErrorKind::Negative));
    }
    u32::try_from(value).map_err(|_| ApiError::new(ErrorKind::OutOfRange))
}

/// A non-negative integer index or count → usize.
pub fn index(value: i32) -> Result<usize, ApiError> {
    if value < 0 {
        return Err(ApiError::new(ErrorKind::Negative));
    }
    usize::try_from(value).map_err(|_| ApiError::new(ErrorKind::OutOfRange))
}

/// An output count or index → int64 (saturating: counts are bounded far below).
pub fn int64_out<T: TryInto<i64>>(value: T) -> i64 {
    value.try_into().unwrap_or(i64::MAX)
}

/// An output count or index → int32 (saturating: indices are bounded far below).
pub fn int32_out<T: TryInto<i32>>(value: T) -> i32 {
    value.try_into().unwrap_or(i32::MAX)
}

/// A list no longer than `max` (the service's documented per-call cap).
pub fn capped<T>(items: &[T], max: usize) -> Result<&[T], ApiError> {
    if items.len() > max {
        return Err(ApiError::new(ErrorKind::TooMany {
            max: u32::try_from(max).unwrap_or(u32::MAX),
        }));
    }
    Ok(items)
}

/// A proto enum value that must be one of the known, specified values.
pub fn known<E: TryFrom<i32>>(value: i32) -> Result<E, ApiError> {
    E::try_from(value).map_err(|_| ApiError::new(ErrorKind::OutOfRange))
}

/// RoundingMode, unspecified meaning the core default (half-even).
pub fn rounding_mode(value: i32) -> Result<RoundingMode, ApiError> {
    Ok(match known::<pb::RoundingMode>(value)? {
        pb::RoundingMode::Unspecified | pb::RoundingMode::HalfEven => RoundingMode::HalfEven,
        pb::RoundingMode::HalfUp => RoundingMode::HalfUp,
        pb::RoundingMode::HalfDown => RoundingMode::HalfDown,
        pb::RoundingMode::Down => RoundingMode::Down,
        pb::RoundingMode::Up => RoundingMode::Up,
        pb::RoundingMode::Floor => RoundingMode::Floor,
        pb::RoundingMode::Ceiling => RoundingMode::Ceiling,
    })
}

/// The core's RoundingMode → proto; a mode the proto does not list yet
/// (the core's enum is non-exhaustive) is refused.
pub fn rounding_mode_out(value: RoundingMode) -> Result<pb::RoundingMode, ApiError> {
    Ok(match value {
        RoundingMode::HalfEven => pb::RoundingMode::HalfEven,
        RoundingMode::HalfUp => pb::RoundingMode::HalfUp,
        RoundingMode::HalfDown => pb::RoundingMode::HalfDown,
        RoundingMode::Down => pb::RoundingMode::Down,
        RoundingMode::Up => pb::RoundingMode::Up,
        RoundingMode::Floor => pb::RoundingMode::Floor,
        RoundingMode::Ceiling => pb::RoundingMode::Ceiling,
        _ => {
            return Err(ApiError::new(ErrorKind::Invalid(
                "a rounding mode the proto does not list",
            )))
        }
    })
}

/// The error for an `_UNSPECIFIED` value where one is required.
pub fn unspecified() -> ApiError {
    ApiError::new(ErrorKind::Invalid("value must be specified"))
}

/// Role → the core's one Role (required).
pub fn role(value: i32) -> Result<Role, ApiError> {
    Ok(match known::<pb::Role>(value)? {
        pb::Role::Unspecified => return Err(unspecified()),
        pb::Role::LeadGenManager => Role::LeadGenManager,
        pb::Role::MarketDevelopmentRep => Role::MarketDevelopmentRep,
        pb::Role::SalesDevelopmentRep => Role::SalesDevelopmentRep,
        pb::Role::BusinessDevelopmentRep => Role::BusinessDevelopmentRep,
        pb::Role::AccountExecutive => Role::AccountExecutive,
        pb::Role::FieldAccountExecutive => Role::FieldAccountExecutive,
        pb::Role::SalesEngineer => Role::SalesEngineer,
        pb::Role::CustomerSuccessManager => Role::CustomerSuccessManager,
        pb::Role::AccountManager => Role::AccountManager,
        pb::Role::RenewalsRep => Role::RenewalsRep,
        pb::Role::SalesManager => Role::SalesManager,
    })
}

/// The core's Role → proto.
pub fn role_out(value: Role) -> pb::Role {
    match value {
        Role::LeadGenManager => pb::Role::LeadGenManager,
        Role::MarketDevelopmentRep => pb::Role::MarketDevelopmentRep,
        Role::SalesDevelopmentRep => pb::Role::SalesDevelopmentRep,
        Role::BusinessDevelopmentRep => pb::Role::BusinessDevelopmentRep,
        Role::AccountExecutive => pb::Role::AccountExecutive,
        Role::FieldAccountExecutive => pb::Role::FieldAccountExecutive,
        Role::SalesEngineer => pb::Role::SalesEngineer,
        Role::CustomerSuccessManager => pb::Role::CustomerSuccessManager,
        Role::AccountManager => pb::Role::AccountManager,
        Role::RenewalsRep => pb::Role::RenewalsRep,
        Role::SalesManager => pb::Role::SalesManager,
    }
}

/// Channel → the core's one Channel; `None` for CHANNEL_UNSPECIFIED.
pub fn channel(value: i32) -> Result<Option<Channel>, ApiError> {
    Ok(match known::<pb::Channel>(value)? {
        pb::Channel::Unspecified => None,
        pb::Channel::Inbound => Some(Channel::Inbound),
        pb::Channel::Outbound => Some(Channel::Outbound),
        pb::Channel::Partner => Some(Channel::Partner),
        pb::Channel::Expansion => Some(Channel::Expansion),
        pb::Channel::SelfServe => Some(Channel::SelfServe),
    })
}

/// The core's Channel → proto.
pub fn channel_out(value: Channel) -> pb::Channel {
    match value {
        Channel::Inbound => pb::Channel::Inbound,
        Channel::Outbound => pb::Channel::Outbound,
        Channel::Partner => pb::Channel::Partner,
        Channel::Expansion => pb::Channel::Expansion,
        Channel::SelfServe => pb::Channel::SelfServe,
    }
}

/// FxRate → core.
pub fn fx_rate(value: &pb::FxRate) -> Result<FxRate, ApiError> {
    let from = currency(&value.from_currency_code).at("from_currency_code")?;
    let to = currency(&value.to_currency_code).at("to_currency_code")?;
    let rate = decimal(&value.rate).at("rate")?;
    FxRate::new(from, to, rate).at("rate")
}

/// A list converted element by element, errors naming `field[i]`.
pub fn list<P, T>(
    items: &[P],
    field: &str,
    convert: impl Fn(&P) -> Result<T, ApiError>,
) -> Result<Vec<T>, ApiError> {
    // Sized once: collecting into a Result grows the vector by doubling,
    // copying a list of thousands of lines again and again.
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(convert(item).at_index(field, i)?);
    }
    Ok(out)
}

/// A list into a fixed-capacity core list; more than it holds is TooMany.
pub fn bounded<P, T, const N: usize>(
    items: &[P],
    field: &str,
    convert: impl Fn(&P) -> Result<T, ApiError>,
) -> Result<heapless::Vec<T, N>, ApiError> {
    capped(items, N).at(field)?;
    let mut out = heapless::Vec::new();
    for (i, item) in items.iter().enumerate() {
        let value = convert(item).at_index(field, i)?;
        if out.push(value).is_err() {
            return Err(ApiError::new(ErrorKind::TooMany {
                max: u32::try_from(N).unwrap_or(u32::MAX),
            })
            .at(field));
        }
    }
    Ok(out)
}

/// A non-negative int32 that must fit u32.
pub fn u32_of(value: i32) -> Result<u32, ApiError> {
    u32::try_from(value).map_err(|_| ApiError::new(ErrorKind::Negative))
}
