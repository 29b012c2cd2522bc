//! The default policy: the seed's three tiers (Prosumer/VSB self-serve, SMB
//! inside sales, Enterprise field sales) plus mid-market, on USD ACV bands
//! taken from public benchmarks. `docs/tiering.md` gives the sources and the
//! reasoning; callers with their own numbers supply their own policy.

use crate::currency::Currency;
use crate::decimal::Decimal;
use crate::money::Money;

use super::criteria::{Band, Condition, Rule};
use super::motion::{Motion, MotionCosts};
use super::policy::{Overlaps, Tier, TieringPolicy};
use crate::{Role, RoleSet};

/// Index of the Prosumer/VSB tier in [`DEFAULT_POLICY`].
pub const DEFAULT_TIER_VSB: u8 = 0;
/// Index of the SMB tier in [`DEFAULT_POLICY`].
pub const DEFAULT_TIER_SMB: u8 = 1;
/// Index of the mid-market tier in [`DEFAULT_POLICY`].
pub const DEFAULT_TIER_MID_MARKET: u8 = 2;
/// Index of the enterprise tier in [`DEFAULT_POLICY`].
pub const DEFAULT_TIER_ENTERPRISE: u8 = 3;

const fn usd(units: i64) -> Decimal {
    Decimal::from_int(units)
}

static DEFAULT_TIERS: [Tier<'static>; 4] = [
    Tier {
        name: "Prosumer/VSB",
        motion: Motion::SelfServe,
        roles: RoleSet::EMPTY,
    },
    Tier {
        name: "SMB",
        motion: Motion::InsideSales,
        roles: RoleSet::of(&[
            Role::MarketDevelopmentRep,
            Role::AccountExecutive,
            Role::CustomerSuccessManager,
        ]),
    },
    Tier {
        name: "Mid-market",
        motion: Motion::InsideSales,
        roles: RoleSet::of(&[
            Role::SalesDevelopmentRep,
            Role::AccountExecutive,
            Role::SalesEngineer,
            Role::CustomerSuccessManager,
            Role::RenewalsRep,
        ]),
    },
    Tier {
        name: "Enterprise",
        motion: Motion::FieldSales,
        roles: RoleSet::of(&[
            Role::BusinessDevelopmentRep,
            Role::FieldAccountExecutive,
            Role::SalesEngineer,
            Role::CustomerSuccessManager,
            Role::AccountManager,
            Role::RenewalsRep,
        ]),
    },
];

static DEFAULT_RULES: [Rule; 5] = [
    // 0: an elephant by value.
    Rule {
        first_year_value: Band::at_least(usd(100_000)),
        ..Rule::any(DEFAULT_TIER_ENTERPRISE)
    },
    // 1: enterprise by complexity, whatever the value: several stakeholders
    // and a technical integration (the seed's enterprise traits). Cost
    // alignment flags the low-value ones.
    Rule {
        decision_makers: Band::at_least(3),
        technical_integration: Condition::Required,
        ..Rule::any(DEFAULT_TIER_ENTERPRISE)
    },
    // 2–4: the value bands, half-open so each edge starts the higher tier.
    Rule {
        first_year_value: Band::between(usd(25_000), usd(100_000)),
        ..Rule::any(DEFAULT_TIER_MID_MARKET)
    },
    Rule {
        first_year_value: Band::between(usd(5_000), usd(25_000)),
        ..Rule::any(DEFAULT_TIER_SMB)
    },
    Rule {
        first_year_value: Band::between(usd(0), usd(5_000)),
        ..Rule::any(DEFAULT_TIER_VSB)
    },
];

/// The default policy (USD). Rules, first match wins:
///
/// | rule | test | tier |
/// |---|---|---|
/// | 0 | first-year value ≥ 100,000 | Enterprise (field sales) |
/// | 1 | ≥ 3 decision makers and a technical integration | Enterprise |
/// | 2 | 25,000 ≤ value < 100,000 | Mid-market (inside sales + SE) |
/// | 3 | 5,000 ≤ value < 25,000 | SMB (inside sales) |
/// | 4 | value < 5,000 | Prosumer/VSB (self-serve) |
///
/// Every non-negative value matches one of rules 0, 2, 3, 4, so no valid
/// USD account is unmatched. Cost per win is set at the lower edge of the
/// band each motion serves (self-serve 0, inside 5,000, field 100,000) with
/// a threshold of 1× first-year value, so that the bands and the alignment
/// flag agree; replace them with your own fully loaded figures.
pub static DEFAULT_POLICY: TieringPolicy<'static> = TieringPolicy {
    currency: Currency::USD,
    tiers: &DEFAULT_TIERS,
    rules: &DEFAULT_RULES,
    acquisition_cost: MotionCosts {
        self_serve: Money::new(usd(0), Currency::USD),
        inside_sales: Money::new(usd(5_000), Currency::USD),
        field_sales: Money::new(usd(100_000), Currency::USD),
    },
    misalignment_threshold: Decimal::ONE,
    overlaps: Overlaps::FirstMatchWins,
};
