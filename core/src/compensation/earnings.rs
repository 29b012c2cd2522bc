//! Earnings: what a participant earns from their credits, line by line.
//!
//! [`compute_earnings`] is **cumulative**: it rates every credit from the
//! plan's first day through a statement date and returns every line to date.
//! A payout statement trues up by recomputing to date and subtracting what
//! was paid to date; a line's amount only changes on recomputation when a
//! gate opens, a retroactive tier is reached or a cap binds, exactly the
//! cases a true-up exists for.
//!
//! Order of lines (deterministic): credits in input order (which must be
//! date order); for each credit the plan's components in plan order — the
//! rate-table slices in ascending tier order, then any attainment bonus the
//! credit reaches — then the SPIFs it qualifies for in plan order; a final
//! rounding line when the plan rounds per total.

use crate::limits::{MAX_BANDS, MAX_BONUSES, MAX_COMPONENTS, MAX_KICKERS, MAX_QUOTA_PERIODS};
use heapless::Vec;

use crate::{Date, Decimal, Error, ErrorKind, FxRate, Money, ResultExt, RoundingMode, SCALE};

use super::attainment::{
    add_to_total, attainment_of, period_totals, report, window, AttainmentReport, DateOrder,
    PeriodTotals,
};
use super::conversion::Conversion;
use super::crediting::CreditLine;
use super::exact::{Exact, ExactSum};
use super::measure::MeasureUnit;
use super::modifiers::kicker_multiplier;
use super::plan::{Component, Plan, RoundAt, TierAxis, TierBasis};
use super::rate_table::{SliceKind, Slices, TierSlice};
use super::reversal::{is_credit_note, original_of, Reversal};
use super::selection::{counted, Selector};
use super::validated::ValidatedPlan;

/// What produced an earnings line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum LineKind {
    /// A credit rated by a component's table.
    Commission,
    /// A retroactive table re-rating the period's (or year's) earlier credit.
    RetroAdjustment,
    /// A component's attainment bonus.
    Bonus,
    /// A SPIF.
    Spif,
    /// The difference that rounds a per-total plan's statement total.
    Rounding,
}

/// Whether a gate or cap changed the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", deny_unknown_fields)
)]
pub enum LineStatus {
    /// Paid as computed.
    Earned,
    /// Held at zero: the component's gate is closed to date.
    Gated,
    /// Reduced by a component or plan cap.
    Capped,
}

/// One explained figure: `amount = credit × effective_rate ÷ per`, rounded
/// as the plan says, unless gated or capped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct EarningsLine {
    /// What produced the line.
    pub kind: LineKind,
    /// The rule id: the component's, bonus's or SPIF's id (the plan id for
    /// a rounding line).
    pub rule_id: u32,
    /// The component, for commission, adjustment and bonus lines.
    pub component_id: Option<u32>,
    /// The source transaction (none for a rounding line).
    pub transaction_id: Option<u64>,
    /// The credit date (the statement date for a rounding line).
    pub date: Date,
    /// The value rated: a slice of credit, the earlier credit for a
    /// retroactive adjustment, the split share for a SPIF, 1 for a bonus.
    pub credit: Decimal,
    /// The rate-table tier used, from 0.
    pub tier: Option<u8>,
    /// The table rate (rate difference for an adjustment, the fixed amount
    /// for a bonus or SPIF).
    pub rate: Decimal,
    /// Accelerator band × kickers (1 for bonuses and SPIFs).
    pub multiplier: Decimal,
    /// `rate × multiplier`, half-even at 9 decimals.
    pub effective_rate: Decimal,
    /// The divisor: 1, or the tier width of an interpolated table.
    pub per: Decimal,
    /// The decimals the amount was rounded to (with the plan's mode): the
    /// currency's minor units when the plan rounds per line, its stated
    /// line precision, or 9 when it rounds per total.
    pub places: u32,
    /// Whether a gate or cap changed the amount.
    pub status: LineStatus,
    /// The amount earned, in plan currency.
    pub amount: Money,
    /// For a credit note's line, the index in this run's lines of the
    /// original's line it reverses (same rule, tier, rate and multiplier).
    #[cfg_attr(feature = "serde", serde(default))]
    pub reverses: Option<u32>,
}

impl EarningsLine {
    /// A blank line to fill an output buffer with (`[EarningsLine::EMPTY;
    /// 64]`): a zero USD commission on [`Date::MIN`]; it means nothing until
    /// the engine overwrites it.
    pub const EMPTY: EarningsLine = EarningsLine {
        kind: LineKind::Commission,
        rule_id: 0,
        component_id: None,
        transaction_id: None,
        date: Date::MIN,
        credit: Decimal::ZERO,
        tier: None,
        rate: Decimal::ZERO,
        multiplier: Decimal::ONE,
        effective_rate: Decimal::ZERO,
        per: Decimal::ONE,
        places: 2,
        status: LineStatus::Earned,
        amount: Money::zero(crate::Currency::USD),
        reverses: None,
    };
}

impl LineKind {
    /// The kind's name, as serialized (`commission`, `retro_adjustment`, …).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Commission => "commission",
            Self::RetroAdjustment => "retro_adjustment",
            Self::Bonus => "bonus",
            Self::Spif => "spif",
            Self::Rounding => "rounding",
        }
    }
}

impl LineStatus {
    /// The status's name, as serialized (`earned`, `gated`, `capped`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Earned => "earned",
            Self::Gated => "gated",
            Self::Capped => "capped",
        }
    }
}

/// `commission rule 10 tier 0 deal 7: 4800 × 0.1 × 1 ÷ 1 = 480.00 USD
/// (earned, 2 places)`: the rating that produced the amount and the
/// precision it was rounded to.
impl core::fmt::Display for EarningsLine {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} rule {}", self.kind.name(), self.rule_id)?;
        if let Some(tier) = self.tier {
            write!(f, " tier {tier}")?;
        }
        if let Some(deal) = self.transaction_id {
            write!(f, " deal {deal}")?;
        }
        write!(
            f,
            ": {} × {} × {} ÷ {} = {} ({}, {} places)",
            self.credit,
            self.rate,
            self.multiplier,
            self.per,
            self.amount,
            self.status.name(),
            self.places
        )?;
        if let Some(original) = self.reverses {
            write!(f, " reverses line {original}")?;
        }
        Ok(())
    }
}

impl Default for EarningsLine {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// One component's figures to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ComponentEarnings {
    /// The component's rule id.
    pub component_id: u32,
    /// The measure's value credited from the plan's start to date.
    pub credit: Decimal,
    /// The sum of the component's lines (commission, adjustment, bonus).
    pub earned: Money,
}

/// Totals of a [`compute_earnings`] run; each is exactly the sum of its lines.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct EarningsSummary {
    /// The plan's id.
    pub plan_id: u32,
    /// The plan's version.
    pub plan_version: u32,
    /// Whose earnings.
    pub participant_id: u64,
    /// The statement date the run counts through.
    pub through: Date,
    /// How many lines were written.
    pub line_count: usize,
    /// Per component, in plan order.
    pub components: Vec<ComponentEarnings, MAX_COMPONENTS>,
    /// The sum of SPIF lines.
    pub spifs: Money,
    /// The rounding line (zero when rounding per line).
    pub rounding: Money,
    /// The sum of every line.
    pub total: Money,
    /// Attainment in the quota periods containing `through` (or the plan's
    /// last day, if earlier).
    pub attainment: AttainmentReport,
}

/// Rates `participant_id`'s credits under `plan` from the plan's first day
/// through `through` and writes the earnings lines to `out`.
///
/// `credits` may hold every participant's credit lines (as
/// [`super::credit_transactions`] writes them); only this participant's,
/// dated in the plan's effective period up to `through`, count, and they
/// must be in date order. Credits in another currency than the plan's need
/// a rate in `fx`. Fails with [`ErrorKind::BufferTooSmall`] (naming the
/// count needed) when `out` is short.
///
/// Validates `plan` on every call; to rate many runs against one plan,
/// validate it once with [`ValidatedPlan::new`] and call
/// [`ValidatedPlan::compute_earnings`].
pub fn compute_earnings(
    plan: &Plan,
    participant_id: u64,
    credits: &[CreditLine],
    fx: &[FxRate],
    through: Date,
    out: &mut [EarningsLine],
) -> Result<EarningsSummary, Error> {
    ValidatedPlan::new(plan)
        .at("plan")?
        .compute_earnings(participant_id, credits, fx, through, out)
}

/// [`compute_earnings`] on a plan known to be valid, converting as `fx`
/// says (a payout statement's FX policy).
pub(crate) fn earnings_of_valid_plan(
    plan: &Plan,
    participant_id: u64,
    credits: &[CreditLine],
    fx: Conversion<'_>,
    through: Date,
    out: &mut [EarningsLine],
) -> Result<EarningsSummary, Error> {
    let mut sink = Sink::new(plan, out);
    let Some(window) = window(plan, through) else {
        let totals = [[Decimal::ZERO; MAX_QUOTA_PERIODS]; MAX_COMPONENTS];
        return sink.finish(
            plan,
            participant_id,
            through,
            &totals,
            &[Decimal::ZERO; MAX_COMPONENTS],
        );
    };
    let selector = Selector::new(plan);
    // Only a gate reads totals to the end of the window before rating;
    // without one, the totals are summed in the rating pass itself.
    let gated = plan.components.iter().any(|c| c.gate.is_some());
    let mut totals = if gated {
        period_totals(plan, &selector, participant_id, credits, fx, window)?
    } else {
        [[Decimal::ZERO; MAX_QUOTA_PERIODS]; MAX_COMPONENTS]
    };
    let mut order = DateOrder::default();
    let mut running = [Running::default(); MAX_COMPONENTS];
    let mut thresholds = [const { None }; MAX_COMPONENTS];
    for ((i, component), slot) in plan
        .components
        .iter()
        .enumerate()
        .zip(thresholds.iter_mut())
    {
        *slot = Some(
            Thresholds::of(component)
                .at_index("components", i)
                .at("plan")?,
        );
    }
    for (i, credit) in credits.iter().enumerate() {
        if credit.participant_id != participant_id || !window.contains(credit.source.date) {
            continue;
        }
        // With a gate, the totals pass has checked these same credits.
        if !gated {
            order.check(credit).at_index("credits", i)?;
        }
        let selected = selector.select(credit);
        let reversal = if is_credit_note(credit) {
            Some(original_of(credits, i, window.first()).at_index("credits", i)?)
        } else {
            None
        };
        for c in counted(selected.components) {
            let (Some(component), Some(state), Some(Some(thresholds))) = (
                plan.components.get(c),
                running.get_mut(c),
                thresholds.get(c),
            ) else {
                continue;
            };
            let value = component
                .measure
                .value_in(credit, plan.currency, fx, plan.rounding.mode)
                .at_index("credits", i)?;
            let period = plan
                .calendar
                .period_index(credit.source.date, component.quota_period);
            if !gated {
                add_to_total(&mut totals, c, period, value).at_index("credits", i)?;
            }
            let exact_value = component.measure.exact_factors(credit, plan.currency, fx);
            let rated = Rated {
                plan,
                component,
                index: c,
                period,
                credit,
                value,
                exact_value,
                totals: &totals,
                thresholds,
            };
            match &reversal {
                Some(reversal) => rated.reverse(reversal, state, &mut sink),
                None => rated.emit(state, &mut sink),
            }
            .at_index("credits", i)?;
        }
        if let Some(reversal) = &reversal {
            // A credit note takes back its share of the original's SPIFs
            // instead of qualifying for them again.
            sink.reverse(|line| line.kind == LineKind::Spif, credit, reversal, None)
                .at_index("credits", i)?;
            continue;
        }
        for k in counted(selected.spifs) {
            let Some(spif) = plan.spifs.get(k) else {
                continue;
            };
            if spif.condition.holds(&credit.source) {
                let exact = Exact::product(credit.share, &[spif.amount], Decimal::ONE)
                    .at("amount")
                    .at_index("credits", i)?;
                let amount = exact
                    .round(sink.places, sink.mode)
                    .at("amount")
                    .at_index("credits", i)?;
                sink.push(
                    EarningsLine {
                        kind: LineKind::Spif,
                        rule_id: spif.id,
                        component_id: None,
                        transaction_id: Some(credit.source.transaction_id),
                        date: credit.source.date,
                        credit: credit.share,
                        tier: None,
                        rate: spif.amount,
                        multiplier: Decimal::ONE,
                        effective_rate: spif.amount,
                        per: Decimal::ONE,
                        places: sink.places,
                        status: LineStatus::Earned,
                        amount: Money::zero(plan.currency),
                        reverses: None,
                    },
                    amount,
                    None,
                    Some(&exact),
                )
                .at_index("credits", i)?;
            }
        }
    }
    let credited = running.map(|r| r.year_credit);
    if plan.rounding.at != RoundAt::Line {
        sink.round_total(plan, window.last())?;
    }
    sink.finish(plan, participant_id, through, &totals, &credited)
}

/// A component's running figures while its credits are rated in order.
#[derive(Debug, Clone, Copy, Default)]
struct Running {
    /// The quota period being counted (index in the year).
    period: Option<usize>,
    /// Credit so far in that period.
    period_credit: Decimal,
    /// Credit so far in the plan year.
    year_credit: Decimal,
    /// Earned so far in that period (for the component cap).
    period_earned: Decimal,
    /// Bonuses paid in that period, one bit per bonus.
    bonuses_paid: u8,
    /// The gate's answer for the gating component's period (index, open),
    /// computed once per period.
    gate: Option<(usize, bool)>,
    /// The last `(rate, multiplier, rate × multiplier)`: consecutive credits
    /// mostly share a tier and a band, so the product is reused.
    last_effective_rate: Option<(Decimal, Decimal, Decimal)>,
}

/// One credit counted by one component.
struct Rated<'a> {
    plan: &'a Plan,
    component: &'a Component,
    index: usize,
    /// The index in the year of the component's quota period holding the
    /// credit.
    period: usize,
    credit: &'a CreditLine,
    value: Decimal,
    /// Under rate then convert, `value` as the exact factors `(amount in
    /// the deal currency, fx rate, unit multiple)`: a line rating the
    /// whole value multiplies these instead of the nine-place `value`.
    exact_value: Option<(Decimal, Decimal, Decimal)>,
    totals: &'a PeriodTotals,
    thresholds: &'a Thresholds,
}

impl Rated<'_> {
    fn emit(&self, state: &mut Running, sink: &mut Sink<'_>) -> Result<(), Error> {
        let component = self.component;
        let period = self.period;
        if state.period != Some(period) {
            *state = Running {
                period: Some(period),
                year_credit: state.year_credit,
                gate: state.gate,
                ..Running::default()
            };
        }
        let prior = match component.tier_basis {
            TierBasis::Transaction => Decimal::ZERO,
            TierBasis::PeriodToDate => state.period_credit,
            TierBasis::YearToDate => state.year_credit,
        };
        let scale = match component.tier_axis {
            TierAxis::Amount => None,
            TierAxis::Attainment => Some(component.quota),
        };
        let mut walked = Slices::new();
        let flat;
        let slices = match component.rate_table.flat_rate() {
            Some(rate) => {
                flat = [TierSlice {
                    kind: SliceKind::Marginal,
                    tier: 0,
                    credit: self.value,
                    rate,
                    per: Decimal::ONE,
                }];
                flat.as_slice()
            }
            None => {
                component
                    .rate_table
                    .rate(prior, self.value, scale, &mut walked)
                    .at("rate_table")?;
                walked.as_slice()
            }
        };
        state.period_credit = state.period_credit.checked_add(self.value).at("amount")?;
        state.year_credit = state.year_credit.checked_add(self.value).at("amount")?;
        let band = if component.accelerators.is_empty() {
            Decimal::ONE
        } else {
            self.band(state.period_credit)?
        };
        // The line shows the product at nine places; the amount multiplies
        // every factor exactly (kickers that hold, then the band).
        let mut multiplier = if component.kickers.is_empty() {
            Decimal::ONE
        } else {
            kicker_multiplier(&component.kickers, &self.credit.source).at("kickers")?
        };
        if multiplier == Decimal::ONE {
            multiplier = band;
        } else if band != Decimal::ONE {
            multiplier = multiplier.checked_mul(band).at("accelerators")?;
        }
        let mut factors: Factors = Vec::new();
        if multiplier != Decimal::ONE {
            let kickers = component
                .kickers
                .iter()
                .filter(|k| k.condition.holds(&self.credit.source))
                .map(|k| k.multiplier);
            // At most MAX_KICKERS kickers and one band: every push fits.
            for factor in kickers.chain(core::iter::once(band)) {
                if factor != Decimal::ONE {
                    let _ = factors.push(factor);
                }
            }
        }
        let gated = !self.gate_open(&mut state.gate)?;
        for slice in slices {
            self.emit_slice(slice, multiplier, &factors, gated, state, sink)?;
        }
        let bonuses = component.bonuses.iter().zip(&self.thresholds.bonuses);
        for (b, (bonus, threshold)) in bonuses.enumerate() {
            let bit = 1u8
                .checked_shl(u32::try_from(b).unwrap_or(u32::MAX))
                .unwrap_or(0);
            if state.bonuses_paid & bit == 0
                && self.reached(state.period_credit, bonus.at_attainment, *threshold)?
            {
                state.bonuses_paid |= bit;
                let line = self.line(
                    LineKind::Bonus,
                    bonus.id,
                    None,
                    Decimal::ONE,
                    bonus.amount,
                    Decimal::ONE,
                    Decimal::ONE,
                );
                let amount = if gated { Decimal::ZERO } else { bonus.amount };
                let line = EarningsLine {
                    status: if gated {
                        LineStatus::Gated
                    } else {
                        LineStatus::Earned
                    },
                    ..line
                };
                sink.push(
                    line,
                    amount,
                    Some((self.index, component.cap, &mut state.period_earned)),
                    None,
                )?;
            }
        }
        Ok(())
    }

    /// A credit note on this component: its value leaves the running
    /// credit (so later deals tier from the reduced total) and each of the
    /// original's commission lines is reversed at its tier, rate and
    /// multiplier, in proportion.
    fn reverse(
        &self,
        reversal: &Reversal,
        state: &mut Running,
        sink: &mut Sink<'_>,
    ) -> Result<(), Error> {
        let period = self.period;
        if state.period != Some(period) {
            *state = Running {
                period: Some(period),
                year_credit: state.year_credit,
                gate: state.gate,
                ..Running::default()
            };
        }
        state.period_credit = state.period_credit.checked_add(self.value).at("amount")?;
        state.year_credit = state.year_credit.checked_add(self.value).at("amount")?;
        let id = self.component.id;
        sink.reverse(
            |line| line.kind == LineKind::Commission && line.component_id == Some(id),
            self.credit,
            reversal,
            Some((self.index, &mut state.period_earned)),
        )
    }

    fn emit_slice(
        &self,
        slice: &TierSlice,
        multiplier: Decimal,
        factors: &[Decimal],
        gated: bool,
        state: &mut Running,
        sink: &mut Sink<'_>,
    ) -> Result<(), Error> {
        let effective_rate = if multiplier == Decimal::ONE {
            slice.rate
        } else {
            match state.last_effective_rate {
                Some((rate, by, product)) if rate == slice.rate && by == multiplier => product,
                _ => {
                    let product = slice.rate.checked_mul(multiplier).at("rate_table")?;
                    state.last_effective_rate = Some((slice.rate, multiplier, product));
                    product
                }
            }
        };
        let kind = match slice.kind {
            SliceKind::Marginal => LineKind::Commission,
            SliceKind::RetroAdjustment => LineKind::RetroAdjustment,
        };
        let mut line = self.line(
            kind,
            self.component.id,
            Some(slice.tier),
            slice.credit,
            slice.rate,
            multiplier,
            effective_rate,
        );
        line.per = slice.per;
        let places = sink.places;
        let mode = self.plan.rounding.mode;
        // Under rate then convert, a line rating the whole credit
        // multiplies the deal amount and the rate exactly.
        let whole_deal = self
            .exact_value
            .filter(|_| slice.kind == SliceKind::Marginal && slice.credit == self.value);
        let (amount, exact) = if gated {
            line.status = LineStatus::Gated;
            (Decimal::ZERO, None)
        } else if whole_deal.is_none()
            && factors.is_empty()
            && slice.per == Decimal::ONE
            && sink.exact.is_none()
        {
            // One product of two decimals: `mul_round` rounds it once.
            let amount = slice.credit.mul_round(slice.rate, places, mode);
            (amount.at("amount")?, None)
        } else {
            let exact = exact_amount(slice, whole_deal, factors).at("amount")?;
            (exact.round(places, mode).at("amount")?, Some(exact))
        };
        sink.push(
            line,
            amount,
            Some((self.index, self.component.cap, &mut state.period_earned)),
            exact.as_ref(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        &self,
        kind: LineKind,
        rule_id: u32,
        tier: Option<u8>,
        credit: Decimal,
        rate: Decimal,
        multiplier: Decimal,
        effective_rate: Decimal,
    ) -> EarningsLine {
        EarningsLine {
            kind,
            rule_id,
            component_id: Some(self.component.id),
            transaction_id: Some(self.credit.source.transaction_id),
            date: self.credit.source.date,
            credit,
            tier,
            rate,
            multiplier,
            effective_rate,
            per: Decimal::ONE,
            places: self.plan.rounding.at.line_places(self.plan.currency),
            status: LineStatus::Earned,
            amount: Money::zero(self.plan.currency),
            reverses: None,
        }
    }

    /// Whether the component's gate (if any) is open in the gating
    /// component's quota period containing the credit date, to date; the
    /// answer is kept in `cache` for the rest of that period.
    fn gate_open(&self, cache: &mut Option<(usize, bool)>) -> Result<bool, Error> {
        let Some(gate) = self.component.gate else {
            return Ok(true);
        };
        let Some((g, gating)) = self.plan.component(gate.component_id) else {
            return Ok(true);
        };
        let period = self
            .plan
            .calendar
            .period_index(self.credit.source.date, gating.quota_period);
        if let Some((cached, open)) = *cache {
            if cached == period {
                return Ok(open);
            }
        }
        let total = self
            .totals
            .get(g)
            .and_then(|row| row.get(period))
            .copied()
            .unwrap_or(Decimal::ZERO);
        let open = attainment_of(gating, total).at("gate")? >= gate.min_attainment;
        *cache = Some((period, open));
        Ok(open)
    }

    /// The accelerator multiplier for the period's credit to date (a
    /// boundary takes the higher band; below the first band, 1).
    fn band(&self, period_credit: Decimal) -> Result<Decimal, Error> {
        let mut multiplier = Decimal::ONE;
        let bands = self
            .component
            .accelerators
            .iter()
            .zip(&self.thresholds.bands);
        for (band, threshold) in bands {
            if !self.reached(period_credit, band.from_attainment, *threshold)? {
                break;
            }
            multiplier = band.multiplier;
        }
        Ok(multiplier)
    }

    /// Whether `credit` reaches the attainment `level`, whose credit
    /// equivalent is `threshold` (see [`Thresholds`]).
    fn reached(
        &self,
        credit: Decimal,
        level: Decimal,
        threshold: Option<Decimal>,
    ) -> Result<bool, Error> {
        match threshold {
            Some(threshold) => Ok(credit >= threshold),
            None => Ok(attainment_of(self.component, credit).at("amount")? >= level),
        }
    }
}

/// Attainment levels turned into credit once per run, so the hot path
/// compares instead of dividing: for credit on the 9-decimal grid,
/// `credit / quota ≥ level ⇔ credit ≥ ⌈level × quota⌉₉` (the product
/// rounded up to 9 decimals). `None` for net-retention measures, whose
/// attainment is not proportional to credit.
struct Thresholds {
    bands: [Option<Decimal>; MAX_BANDS],
    bonuses: [Option<Decimal>; MAX_BONUSES],
}

impl Thresholds {
    fn of(component: &Component) -> Result<Thresholds, Error> {
        let mut thresholds = Thresholds {
            bands: [None; MAX_BANDS],
            bonuses: [None; MAX_BONUSES],
        };
        if matches!(component.measure.unit, MeasureUnit::NetRetention { .. }) {
            return Ok(thresholds);
        }
        let credit_for = |level: Decimal| {
            level
                .mul_round(component.quota, SCALE, RoundingMode::Ceiling)
                .at("quota")
        };
        for (slot, band) in thresholds.bands.iter_mut().zip(&component.accelerators) {
            *slot = Some(credit_for(band.from_attainment)?);
        }
        for (slot, bonus) in thresholds.bonuses.iter_mut().zip(&component.bonuses) {
            *slot = Some(credit_for(bonus.at_attainment)?);
        }
        Ok(thresholds)
    }
}

/// Where lines go: writes them while they fit, caps them and keeps the
/// totals as sums of the lines.
struct Sink<'a> {
    out: &'a mut [EarningsLine],
    count: usize,
    places: u32,
    mode: crate::RoundingMode,
    plan_cap: Option<Decimal>,
    components: [Decimal; MAX_COMPONENTS],
    spifs: Decimal,
    rounding: Decimal,
    /// The sum of every line so far: what the plan cap is measured against.
    total: Decimal,
    /// The exact sum of the lines, for a plan rounding per total: its lines
    /// show nine places, and the rounding line rounds this sum once.
    exact: Option<ExactSum>,
}

/// A slice's exact amount when it is more than one product of two
/// decimals: `credit × rate × every multiplier ÷ per`, or under rate then
/// convert (`whole_deal`: the deal amount, fx rate and unit multiple)
/// `amount × fx × unit × rate × every multiplier ÷ per`. Out of line: the
/// rating loop's common line is the single product, and inlining these
/// paths there made every line carry their preparation.
#[inline(never)]
fn exact_amount(
    slice: &TierSlice,
    whole_deal: Option<(Decimal, Decimal, Decimal)>,
    factors: &[Decimal],
) -> Result<Exact, ErrorKind> {
    let mut all: Vec<Decimal, { MAX_KICKERS + 4 }> = Vec::new();
    let value = match whole_deal {
        Some((amount, fx, multiple)) => {
            let _ = all.extend_from_slice(&[fx, multiple]);
            amount
        }
        None => slice.credit,
    };
    // At most MAX_KICKERS + 1 factors and three terms: every push fits.
    let _ = all.push(slice.rate);
    let _ = all.extend_from_slice(factors);
    Exact::product(value, &all, slice.per)
}

/// The multipliers of one credit (kickers that hold, then the band).
type Factors = Vec<Decimal, { MAX_KICKERS + 1 }>;

impl<'a> Sink<'a> {
    fn new(plan: &Plan, out: &'a mut [EarningsLine]) -> Self {
        Sink {
            out,
            count: 0,
            places: plan.rounding.at.line_places(plan.currency),
            mode: plan.rounding.mode,
            plan_cap: plan.cap,
            components: [Decimal::ZERO; MAX_COMPONENTS],
            spifs: Decimal::ZERO,
            rounding: Decimal::ZERO,
            total: Decimal::ZERO,
            exact: (plan.rounding.at == RoundAt::Total).then_some(ExactSum::ZERO),
        }
    }

    /// Caps `amount` (component cap first, then plan cap), records it and
    /// writes the line. `component` is the component's index, cap and
    /// period earnings, for component lines; `exact` the amount's exact
    /// value when it was rounded.
    #[inline(always)]
    fn push(
        &mut self,
        mut line: EarningsLine,
        amount: Decimal,
        component: Option<(usize, Option<Decimal>, &mut Decimal)>,
        exact: Option<&Exact>,
    ) -> Result<(), Error> {
        let mut amount = amount;
        let mut capped = false;
        if let Some((_, cap, earned)) = &component {
            (amount, capped) = cap_to(amount, **earned, *cap)?;
        }
        let (plan_amount, plan_capped) = cap_to(amount, self.total, self.plan_cap)?;
        amount = plan_amount;
        if (capped || plan_capped) && line.status == LineStatus::Earned {
            line.status = LineStatus::Capped;
        }
        match component {
            Some((index, _, earned)) => {
                *earned = earned.checked_add(amount).at("amount")?;
                if let Some(sum) = self.components.get_mut(index) {
                    *sum = sum.checked_add(amount).at("amount")?;
                }
            }
            None if line.kind == LineKind::Spif => {
                self.spifs = self.spifs.checked_add(amount).at("amount")?;
            }
            None => self.rounding = self.rounding.checked_add(amount).at("amount")?,
        }
        self.total = self.total.checked_add(amount).at("amount")?;
        if let Some(sum) = self.exact.as_mut() {
            // A capped amount is exact as capped.
            match exact.filter(|_| !capped && !plan_capped) {
                Some(exact) => sum.add(exact),
                None => sum.add(&Exact::of(amount).at("amount")?),
            }
            .at("amount")?;
        }
        line.amount = Money::new(amount, line.amount.currency());
        if let Some(slot) = self.out.get_mut(self.count) {
            *slot = line;
        }
        self.count = self
            .count
            .checked_add(1)
            .ok_or(ErrorKind::Overflow)
            .at("out")?;
        Ok(())
    }

    /// Writes, for each line already written of the original booking that
    /// `kind` selects, a line reversing the note's share of it: the same
    /// rule, tier, rate and multiplier, the credit scaled by the share
    /// (half-even at 9 places) and the amount `original amount × note ÷
    /// original credit` rounded once. A gated original reverses to a gated
    /// zero; a capped one by what it paid. Out of line: only credit notes
    /// come here, and inlined, the rating loop prepared its arithmetic for
    /// every credit.
    #[inline(never)]
    fn reverse(
        &mut self,
        kind: impl Fn(&EarningsLine) -> bool,
        note: &CreditLine,
        reversal: &Reversal,
        mut component: Option<(usize, &mut Decimal)>,
    ) -> Result<(), Error> {
        let written = self.count.min(self.out.len());
        for j in 0..written {
            let Some(original) = self.out.get(j).copied() else {
                break;
            };
            if original.reverses.is_some()
                || original.transaction_id != Some(note.source.transaction_id)
                || original.date != reversal.booked
                || !kind(&original)
            {
                continue;
            }
            let exact = Exact::product(
                original.amount.amount(),
                &[reversal.amount],
                reversal.original,
            )
            .at("amount")?;
            let amount = exact.round(self.places, self.mode).at("amount")?;
            let credit = original
                .credit
                .mul_div_round(
                    reversal.amount,
                    reversal.original,
                    SCALE,
                    RoundingMode::HalfEven,
                )
                .at("amount")?;
            let line = EarningsLine {
                date: note.source.date,
                credit,
                places: self.places,
                status: match original.status {
                    LineStatus::Gated => LineStatus::Gated,
                    _ => LineStatus::Earned,
                },
                reverses: Some(
                    u32::try_from(j)
                        .map_err(|_| ErrorKind::Overflow)
                        .at("out")?,
                ),
                ..original
            };
            let capped = component
                .as_mut()
                .map(|(index, earned)| (*index, None, &mut **earned));
            self.push(line, amount, capped, Some(&exact))?;
        }
        Ok(())
    }

    /// Adds the line that rounds the statement total to the minor unit.
    fn round_total(&mut self, plan: &Plan, date: Date) -> Result<(), Error> {
        let places = plan.currency.minor_units();
        let rounded = match &self.exact {
            Some(sum) => sum.round(places, plan.rounding.mode),
            None => self.total.round(places, plan.rounding.mode),
        }
        .at("total")?;
        let difference = rounded.checked_sub(self.total).at("total")?;
        if difference.is_zero() {
            return Ok(());
        }
        let line = EarningsLine {
            kind: LineKind::Rounding,
            rule_id: plan.id,
            component_id: None,
            transaction_id: None,
            date,
            credit: Decimal::ONE,
            tier: None,
            rate: difference,
            multiplier: Decimal::ONE,
            effective_rate: difference,
            per: Decimal::ONE,
            places,
            status: LineStatus::Earned,
            amount: Money::zero(plan.currency),
            reverses: None,
        };
        // The rounding line is exempt from caps: it only settles sub-cent digits.
        self.plan_cap = None;
        self.exact = None;
        self.push(line, difference, None, None)
    }

    fn finish(
        self,
        plan: &Plan,
        participant_id: u64,
        through: Date,
        totals: &PeriodTotals,
        credited: &[Decimal; MAX_COMPONENTS],
    ) -> Result<EarningsSummary, Error> {
        if self.count > self.out.len() {
            return Err(Error::from(ErrorKind::BufferTooSmall {
                needed: u32::try_from(self.count).unwrap_or(u32::MAX),
            })
            .at("out"));
        }
        let money = |amount| Money::new(amount, plan.currency);
        let mut components = Vec::new();
        for ((component, earned), credit) in
            plan.components.iter().zip(self.components).zip(credited)
        {
            components
                .push(ComponentEarnings {
                    component_id: component.id,
                    credit: *credit,
                    earned: money(earned),
                })
                .map_err(|_| ErrorKind::TooMany {
                    max: MAX_COMPONENTS as u32,
                })
                .at("components")?;
        }
        Ok(EarningsSummary {
            plan_id: plan.id,
            plan_version: plan.version,
            participant_id,
            through,
            line_count: self.count,
            components,
            spifs: money(self.spifs),
            rounding: money(self.rounding),
            total: money(self.total),
            attainment: report(plan, totals, through.min(plan.effective.last()))?,
        })
    }
}

/// `amount` limited to what is left under `cap` after `earned`. Negative
/// amounts (churn unwinding credit) are never capped and free headroom.
fn cap_to(
    amount: Decimal,
    earned: Decimal,
    cap: Option<Decimal>,
) -> Result<(Decimal, bool), Error> {
    let Some(cap) = cap else {
        return Ok((amount, false));
    };
    if !amount.is_positive() {
        return Ok((amount, false));
    }
    let headroom = cap.checked_sub(earned).at("cap")?.max(Decimal::ZERO);
    if amount > headroom {
        Ok((headroom, true))
    } else {
        Ok((amount, false))
    }
}
