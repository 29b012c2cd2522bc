//! The compensation plan: who it is for, what it pays on, and how.
//!
//! A plan is effective-dated and versioned (the highest version in force
//! on a date wins, see [`select_plan`]) and lies within one fiscal year of
//! its [`FiscalCalendar`] (the calendar year by default), the plan year its
//! year-to-date figures count from; a July–June plan spans two calendar
//! years. Its variable pay is
//! `on_target_earnings × variable_share`, spread over weighted components.

use crate::limits::{
    MAX_BANDS, MAX_BONUSES, MAX_CATEGORIES, MAX_COMPONENTS, MAX_KICKERS, MAX_SPIFS,
};
use heapless::Vec;

use crate::{
    Currency, Date, Decimal, Error, ErrorKind, Period, ResultExt, Role, RoundingMode, SCALE,
};

use super::attributes::{validate_categories, Category};
use super::calendar::{FiscalCalendar, QuotaPeriod};
use super::measure::{Measure, MeasureUnit};
use super::modifiers::{
    validate_amount, validate_bands, validate_kickers, AttainmentBonus, Gate, Kicker,
    MultiplierBand, Spif,
};
use super::rate_table::RateTable;

/// Which earlier credit a tier position counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum TierBasis {
    /// Each transaction alone against the table (Oracle "each transaction
    /// processed individually").
    Transaction,
    /// On top of the earlier credit of the same quota period.
    PeriodToDate,
    /// On top of the earlier credit of the plan year.
    YearToDate,
}

/// What tier bounds are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum TierAxis {
    /// Measure values (amounts or units).
    Amount,
    /// Attainment fractions of the component's quota (`1` = 100 %).
    Attainment,
}

/// Where earnings are rounded to the currency's minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum RoundAt {
    /// Every line is rounded; totals are sums of rounded lines.
    Line,
    /// Lines keep 9 decimals; one rounding line brings the statement total
    /// to the minor unit.
    Total,
    /// Lines are rounded to this many decimals, independent of the
    /// currency (Tryton rates commission lines at 4, half-even); one
    /// rounding line brings the statement total to the minor unit. From the
    /// currency's minor units to 9.
    Places(u32),
}

impl RoundAt {
    /// The decimals an earnings line of a plan in `currency` is rounded to.
    pub fn line_places(self, currency: Currency) -> u32 {
        match self {
            RoundAt::Line => currency.minor_units(),
            RoundAt::Total => SCALE,
            RoundAt::Places(places) => places,
        }
    }
}

/// Where and how earnings are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct RoundingPolicy {
    /// Per line or per total.
    pub at: RoundAt,
    /// The rounding mode (also used for FX conversion of credits).
    pub mode: RoundingMode,
}

/// One weighted part of the variable pay.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Component {
    /// The rule id carried by the component's earnings lines; unique in the plan.
    pub id: u32,
    /// The share of variable pay (`0.6` = 60 %); a plan's weights sum to 1.
    pub weight: Decimal,
    /// What the component counts.
    pub measure: Measure,
    /// The quota per quota period, in measure units (the NRR target for
    /// net-retention measures).
    pub quota: Decimal,
    /// The period the quota covers.
    pub quota_period: QuotaPeriod,
    /// How credit earns.
    pub rate_table: RateTable,
    /// Which earlier credit the table position counts from.
    pub tier_basis: TierBasis,
    /// What the tier bounds are written in.
    pub tier_axis: TierAxis,
    /// Rate multipliers by the period's attainment to date.
    #[cfg_attr(feature = "serde", serde(default))]
    pub accelerators: Vec<MultiplierBand, MAX_BANDS>,
    /// Rate multipliers by deal attribute.
    #[cfg_attr(feature = "serde", serde(default))]
    pub kickers: Vec<Kicker, MAX_KICKERS>,
    /// A threshold on this or another component.
    pub gate: Option<Gate>,
    /// The most the component pays per quota period, in plan currency.
    pub cap: Option<Decimal>,
    /// Fixed amounts at attainment levels.
    #[cfg_attr(feature = "serde", serde(default))]
    pub bonuses: Vec<AttainmentBonus, MAX_BONUSES>,
    /// The rule group: of the components sharing a group, only the first in
    /// plan order whose measure counts a credit counts it (Tryton's plan
    /// lines, ordered by sequence, first match). `None`: additive, the
    /// component counts every credit its measure matches.
    #[cfg_attr(feature = "serde", serde(default))]
    pub group: Option<u32>,
}

/// An effective-dated, versioned compensation plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Plan {
    /// The plan's id.
    pub id: u32,
    /// The version; a higher version in force on a date supersedes a lower.
    pub version: u32,
    /// The role the plan is written for; `None` for a team or POD pool
    /// plan, which pays a pool rather than one role.
    #[cfg_attr(feature = "serde", serde(default))]
    pub role: Option<Role>,
    /// The days the plan is in force, within one fiscal year.
    pub effective: Period,
    /// The fiscal calendar quota periods are counted on; the calendar
    /// year when absent.
    #[cfg_attr(feature = "serde", serde(default))]
    pub calendar: FiscalCalendar,
    /// The currency of quotas, caps, fixed amounts and earnings.
    pub currency: Currency,
    /// On-target earnings for the plan year (base + variable).
    pub on_target_earnings: Decimal,
    /// The variable part of OTE as a fraction (`0.5` for a 50/50 mix).
    pub variable_share: Decimal,
    /// The weighted components.
    pub components: Vec<Component, MAX_COMPONENTS>,
    /// Fixed amounts per qualifying event.
    #[cfg_attr(feature = "serde", serde(default))]
    pub spifs: Vec<Spif, MAX_SPIFS>,
    /// The product category tree measures' category filters read (a rule
    /// on a category counts its sub-categories); empty when categories are
    /// flat.
    #[cfg_attr(feature = "serde", serde(default))]
    pub categories: Vec<Category, MAX_CATEGORIES>,
    /// The most the whole plan pays over its effective period.
    pub cap: Option<Decimal>,
    /// Where and how earnings are rounded.
    pub rounding: RoundingPolicy,
}

impl Component {
    /// A full-weight component paying `rate_table` on `measure` against
    /// `quota` per `quota_period`, tiered on the period's credit to date,
    /// with no modifiers: add accelerators, kickers, a gate, a cap or
    /// bonuses by setting those fields.
    pub fn new(
        id: u32,
        measure: Measure,
        quota: Decimal,
        quota_period: QuotaPeriod,
        rate_table: RateTable,
    ) -> Component {
        Component {
            id,
            weight: Decimal::ONE,
            measure,
            quota,
            quota_period,
            rate_table,
            tier_basis: TierBasis::PeriodToDate,
            tier_axis: TierAxis::Amount,
            accelerators: Vec::new(),
            kickers: Vec::new(),
            gate: None,
            cap: None,
            bonuses: Vec::new(),
            group: None,
        }
    }

    /// [`Component::new`] with one flat `rate` on every credit.
    pub fn flat(
        id: u32,
        measure: Measure,
        quota: Decimal,
        quota_period: QuotaPeriod,
        rate: Decimal,
    ) -> Component {
        Component::new(id, measure, quota, quota_period, RateTable::flat(rate))
    }
}

impl Plan {
    /// Version 1 of a plan with no components yet, no SPIFs and no cap,
    /// rounding every line half-even: add components with
    /// [`Plan::with_component`].
    pub fn new(
        id: u32,
        role: Role,
        effective: Period,
        currency: Currency,
        on_target_earnings: Decimal,
        variable_share: Decimal,
    ) -> Plan {
        Plan {
            id,
            version: 1,
            role: Some(role),
            effective,
            calendar: FiscalCalendar::CALENDAR_YEAR,
            currency,
            on_target_earnings,
            variable_share,
            components: Vec::new(),
            spifs: Vec::new(),
            categories: Vec::new(),
            cap: None,
            rounding: RoundingPolicy {
                at: RoundAt::Line,
                mode: RoundingMode::HalfEven,
            },
        }
    }

    /// The plan with `component` added; fails naming `components` past
    /// [`MAX_COMPONENTS`].
    pub fn with_component(mut self, component: Component) -> Result<Plan, Error> {
        self.components
            .push(component)
            .map_err(|_| ErrorKind::TooMany {
                max: MAX_COMPONENTS as u32,
            })
            .at("components")?;
        Ok(self)
    }

    /// The variable pay at 100 % attainment of every component.
    pub fn target_variable(&self) -> Result<Decimal, ErrorKind> {
        self.on_target_earnings.mul_round(
            self.variable_share,
            self.currency.minor_units(),
            self.rounding.mode,
        )
    }

    /// The component with rule id `id` and its index.
    pub fn component(&self, id: u32) -> Option<(usize, &Component)> {
        self.components.iter().enumerate().find(|(_, c)| c.id == id)
    }

    /// Checks every rule in the plan; the error names the field.
    pub fn validate(&self) -> Result<(), Error> {
        self.calendar.validate().at("calendar")?;
        let year = self.calendar.year_of(self.effective.first());
        if year.is_err() || year != self.calendar.year_of(self.effective.last()) {
            return Err(
                Error::from(ErrorKind::Invalid("a plan lies within one fiscal year"))
                    .at("effective"),
            );
        }
        if self.on_target_earnings.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("on_target_earnings"));
        }
        if self.variable_share.is_negative() || self.variable_share > Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("variable_share"));
        }
        if self.components.is_empty() {
            return Err(Error::from(ErrorKind::Empty).at("components"));
        }
        if let RoundAt::Places(places) = self.rounding.at {
            if places < self.currency.minor_units() || places > SCALE {
                return Err(Error::from(ErrorKind::OutOfRange).at("at").at("rounding"));
            }
        }
        validate_categories(&self.categories)?;
        let mut weights = Decimal::ZERO;
        for (i, component) in self.components.iter().enumerate() {
            self.validate_component(component)
                .at_index("components", i)?;
            weights = weights
                .checked_add(component.weight)
                .at_index("components", i)?;
        }
        if weights != Decimal::ONE {
            return Err(
                Error::from(ErrorKind::Invalid("component weights must sum to 100%"))
                    .at("components"),
            );
        }
        for (i, spif) in self.spifs.iter().enumerate() {
            spif.qualifies
                .validate()
                .at("qualifies")
                .at_index("spifs", i)?;
            validate_amount(spif.amount, self.currency)
                .at("amount")
                .at_index("spifs", i)?;
        }
        if let Some(cap) = self.cap {
            validate_amount(cap, self.currency).at("cap")?;
        }
        self.validate_rule_ids()
    }

    fn validate_component(&self, component: &Component) -> Result<(), Error> {
        if component.weight.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("weight"));
        }
        if !component.quota.is_positive() {
            return Err(Error::from(ErrorKind::NotPositive).at("quota"));
        }
        component.measure.validate().at("measure")?;
        if matches!(component.measure.unit, MeasureUnit::NetRetention { .. })
            && component.tier_axis == TierAxis::Attainment
        {
            return Err(Error::from(ErrorKind::Invalid(
                "net retention tiers are written on amounts",
            ))
            .at("tier_axis"));
        }
        component.rate_table.validate().at("rate_table")?;
        validate_bands(&component.accelerators)?;
        validate_kickers(&component.kickers)?;
        if let Some(gate) = component.gate {
            if self.component(gate.component_id).is_none() {
                return Err(
                    Error::from(ErrorKind::Invalid("gate names an unknown component"))
                        .at("component_id")
                        .at("gate"),
                );
            }
            if gate.min_attainment.is_negative() {
                return Err(Error::from(ErrorKind::Negative)
                    .at("min_attainment")
                    .at("gate"));
            }
        }
        if let Some(cap) = component.cap {
            validate_amount(cap, self.currency).at("cap")?;
        }
        for (i, bonus) in component.bonuses.iter().enumerate() {
            validate_amount(bonus.amount, self.currency)
                .at("amount")
                .at_index("bonuses", i)?;
            if bonus.at_attainment.is_negative() {
                return Err(Error::from(ErrorKind::Negative)
                    .at("at_attainment")
                    .at_index("bonuses", i));
            }
        }
        Ok(())
    }

    /// Every rule id (components, bonuses, SPIFs) names one rule only, so an
    /// earnings line's rule id is unambiguous.
    fn validate_rule_ids(&self) -> Result<(), Error> {
        let duplicate = || Error::from(ErrorKind::Invalid("rule ids must be unique")).at("id");
        let mut seen: Vec<u32, { MAX_COMPONENTS * (1 + MAX_BONUSES) + MAX_SPIFS }> = Vec::new();
        let mut check = |id: u32| {
            let repeated = seen.contains(&id);
            // Capacity covers every rule a valid plan can hold.
            let _ = seen.push(id);
            repeated
        };
        for (i, component) in self.components.iter().enumerate() {
            if check(component.id) {
                return Err(duplicate().at_index("components", i));
            }
            for (b, bonus) in component.bonuses.iter().enumerate() {
                if check(bonus.id) {
                    return Err(duplicate().at_index("bonuses", b).at_index("components", i));
                }
            }
        }
        for (i, spif) in self.spifs.iter().enumerate() {
            if check(spif.id) {
                return Err(duplicate().at_index("spifs", i));
            }
        }
        Ok(())
    }
}

/// The plan in force on `date`: among the plans whose effective period
/// contains it, the highest version; equal versions go to the earlier one
/// in `plans`.
pub fn select_plan(plans: &[Plan], date: Date) -> Option<&Plan> {
    plans
        .iter()
        .filter(|plan| plan.effective.contains(date))
        .fold(None, |best: Option<&Plan>, plan| match best {
            Some(b) if b.version >= plan.version => Some(b),
            _ => Some(plan),
        })
}
