//! Continuous-sales coverage of the installed base (the NRR essay seed):
//! after the first contract the sale goes on, so the base is covered by
//! *mirrored* owners — a commercial owner (an account manager, or the
//! original account executive) and a product owner (a customer success
//! manager) — aligned on one book of business, and the plan names them as
//! the owners of the net revenue retention number ("Who owns the NRR
//! number?" must never be answered "nobody").
//!
//! A book is what one commercial owner can hold (accounts and MRR); it is
//! mirrored by `csm_per_book` CSMs, who have their own limits. The books
//! needed are the largest of the four needs, so neither side is overloaded;
//! the headcounts are the ceilings (the only integers). Each book carries
//! its share of the NRR target as MRR: the ending MRR it must reach and the
//! expansion it must sell to get there through the expected churn.

use crate::capacity::throughput::headcount;
use crate::error::{Error, ErrorKind, ResultExt};
use crate::{Decimal, Money, Role, RoundingMode, SCALE};

/// What one person can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct BookLimit {
    /// Accounts one person covers, positive.
    pub max_accounts: Decimal,
    /// MRR one person covers, positive.
    pub max_mrr: Money,
}

/// The installed base to cover and the NRR it must deliver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct CoverageInput {
    /// Accounts in the base, not negative.
    pub accounts: Decimal,
    /// MRR of the base, not negative.
    pub mrr: Money,
    /// Net revenue retention to reach over the next year, positive
    /// (`1.1` = 110 %).
    pub target_nrr: Decimal,
    /// Gross revenue churn expected over the year, in `[0, 1)`: the
    /// expansion to sell is `target_nrr − 1 + churn` of the MRR.
    pub expected_churn: Decimal,
    /// The commercial owner: [`Role::AccountManager`] or
    /// [`Role::AccountExecutive`] (the original seller keeps the account).
    pub commercial_owner: Role,
    /// One commercial owner's book.
    pub commercial: BookLimit,
    /// One CSM's book.
    pub csm: BookLimit,
    /// CSMs mirroring one commercial owner's book, positive (1 = one to one).
    pub csm_per_book: Decimal,
}

/// Which need sets the number of books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum CoverageBinding {
    /// The commercial owner's account limit.
    CommercialAccounts,
    /// The commercial owner's MRR limit.
    CommercialMrr,
    /// The CSMs' account limit.
    CsmAccounts,
    /// The CSMs' MRR limit.
    CsmMrr,
}

/// The mirrored coverage plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct CoveragePlan {
    /// Books needed (fractional, rounded up at the 9th digit).
    pub books: Decimal,
    /// Commercial owners to have: the ceiling of `books`.
    pub commercial_headcount: u32,
    /// CSMs to have: the ceiling of `books × csm_per_book`.
    pub csm_headcount: u32,
    /// Which limit binds.
    pub binding: CoverageBinding,
    /// Accounts per commercial owner on board (half-even, 9 places).
    pub accounts_per_book: Decimal,
    /// MRR per commercial owner on board (half-even to the minor unit).
    pub mrr_per_book: Money,
    /// Who owns the NRR number: the commercial owner and the CSM, together.
    pub nrr_owners: [Role; 2],
    /// MRR the whole base must end the year at: `mrr × target_nrr`.
    pub target_ending_mrr: Money,
    /// Expansion MRR to sell over the year: `mrr × (target_nrr − 1 + churn)`.
    pub expansion_mrr_to_sell: Money,
    /// The same per commercial owner on board.
    pub expansion_mrr_per_book: Money,
}

impl BookLimit {
    fn validate(&self, currency: crate::Currency) -> Result<(), Error> {
        if !self.max_accounts.is_positive() {
            return Err(Error::from(ErrorKind::NotPositive).at("max_accounts"));
        }
        self.max_mrr.expect_currency(currency).at("max_mrr")?;
        if !self.max_mrr.is_positive() {
            return Err(Error::from(ErrorKind::NotPositive).at("max_mrr"));
        }
        Ok(())
    }
}

impl CoverageInput {
    /// Checks amounts, rates, limits and the owner role.
    pub fn validate(&self) -> Result<(), Error> {
        if self.accounts.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("accounts"));
        }
        if self.mrr.is_negative() {
            return Err(Error::from(ErrorKind::Negative).at("mrr"));
        }
        if !self.target_nrr.is_positive() {
            return Err(Error::from(ErrorKind::NotPositive).at("target_nrr"));
        }
        if self.expected_churn.is_negative() || self.expected_churn >= Decimal::ONE {
            return Err(Error::from(ErrorKind::OutOfRange).at("expected_churn"));
        }
        if !matches!(
            self.commercial_owner,
            Role::AccountManager | Role::AccountExecutive
        ) {
            return Err(Error::from(ErrorKind::Invalid(
                "the commercial owner is an account manager or account executive",
            ))
            .at("commercial_owner"));
        }
        let currency = self.mrr.currency();
        self.commercial.validate(currency).at("commercial")?;
        self.csm.validate(currency).at("csm")?;
        if !self.csm_per_book.is_positive() {
            return Err(Error::from(ErrorKind::NotPositive).at("csm_per_book"));
        }
        Ok(())
    }
}

/// `value ÷ limit`, rounded up at the 9th digit (a need).
fn need(value: Decimal, limit: Decimal) -> Result<Decimal, ErrorKind> {
    value.div_round(limit, SCALE, RoundingMode::Ceiling)
}

/// The mirrored AM + CSM coverage of a book of business.
pub fn plan_coverage(input: &CoverageInput) -> Result<CoveragePlan, Error> {
    input.validate()?;
    let currency = input.mrr.currency();
    let mrr = input.mrr.amount();
    // A CSM side of one book holds csm_per_book CSMs' limits.
    let csm_accounts = input
        .csm
        .max_accounts
        .checked_mul(input.csm_per_book)
        .at("csm_per_book")?;
    let csm_mrr = input
        .csm
        .max_mrr
        .amount()
        .checked_mul(input.csm_per_book)
        .at("csm_per_book")?;
    let needs = [
        (
            need(input.accounts, input.commercial.max_accounts).at("commercial")?,
            CoverageBinding::CommercialAccounts,
        ),
        (
            need(mrr, input.commercial.max_mrr.amount()).at("commercial")?,
            CoverageBinding::CommercialMrr,
        ),
        (
            need(input.accounts, csm_accounts).at("csm")?,
            CoverageBinding::CsmAccounts,
        ),
        (need(mrr, csm_mrr).at("csm")?, CoverageBinding::CsmMrr),
    ];
    // The largest need; ties go to the earlier entry (commercial first).
    let mut best = needs[0];
    for candidate in needs.iter().skip(1) {
        if candidate.0 > best.0 {
            best = *candidate;
        }
    }
    let (books, binding) = best;
    let commercial_headcount = headcount(books).at("books")?;
    let csm_need = books
        .mul_round(input.csm_per_book, SCALE, RoundingMode::Ceiling)
        .at("csm_per_book")?;
    let csm_headcount = headcount(csm_need).at("csm_per_book")?;
    let on_board = Decimal::from_int(i64::from(commercial_headcount));
    let per_book = |value: Decimal, places: u32| -> Result<Decimal, Error> {
        if on_board.is_zero() {
            Ok(Decimal::ZERO)
        } else {
            value
                .div_round(on_board, places, RoundingMode::HalfEven)
                .at("books")
        }
    };
    let minor = currency.minor_units();
    let growth = input
        .target_nrr
        .checked_sub(Decimal::ONE)
        .and_then(|g| g.checked_add(input.expected_churn))
        .at("target_nrr")?;
    let expansion = mrr.checked_mul(growth).at("target_nrr")?;
    let round = |value: Decimal| -> Result<Money, Error> {
        Ok(Money::new(value, currency).round_to_minor(RoundingMode::HalfEven)?)
    };
    Ok(CoveragePlan {
        books,
        commercial_headcount,
        csm_headcount,
        binding,
        accounts_per_book: per_book(input.accounts, SCALE)?,
        mrr_per_book: Money::new(per_book(mrr, minor)?, currency),
        nrr_owners: [input.commercial_owner, Role::CustomerSuccessManager],
        target_ending_mrr: round(mrr.checked_mul(input.target_nrr).at("target_nrr")?)?,
        expansion_mrr_to_sell: round(expansion)?,
        expansion_mrr_per_book: Money::new(per_book(expansion, minor)?, currency),
    })
}
