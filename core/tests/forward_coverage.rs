//! Continuous-sales coverage (the NRR essay): mirrored AM + CSM books for a
//! base of N accounts and X MRR with a target NRR, and who owns NRR.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use salesphysics_core::capacity::{plan_coverage, BookLimit, CoverageBinding, CoverageInput};
use salesphysics_core::{Currency, Decimal, Money, Role};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn usd(text: &str) -> Money {
    Money::parse(text, Currency::USD).unwrap()
}

fn base() -> CoverageInput {
    CoverageInput {
        accounts: d("400"),
        mrr: usd("2000000"),
        target_nrr: d("1.1"),
        expected_churn: d("0.08"),
        commercial_owner: Role::AccountManager,
        commercial: BookLimit {
            max_accounts: d("50"),
            max_mrr: usd("250000"),
        },
        csm: BookLimit {
            max_accounts: d("25"),
            max_mrr: usd("150000"),
        },
        csm_per_book: d("2"),
    }
}

#[test]
fn mirrored_books_by_hand() {
    // Needs: AM accounts 400 ÷ 50 = 8, AM MRR 2,000,000 ÷ 250,000 = 8, CSM
    // accounts 400 ÷ (25 × 2) = 8, CSM MRR 2,000,000 ÷ (150,000 × 2) = 6.67:
    // 8 books (the tie goes to the commercial side), 8 AMs, 16 CSMs.
    // NRR 110 % through 8 % churn: sell 2,000,000 × 0.18 = 360,000 of
    // expansion MRR over the year, 45,000 per book; end at 2,200,000.
    let plan = plan_coverage(&base()).unwrap();
    assert_eq!(plan.books, d("8"));
    assert_eq!(plan.commercial_headcount, 8);
    assert_eq!(plan.csm_headcount, 16);
    assert_eq!(plan.binding, CoverageBinding::CommercialAccounts);
    assert_eq!(plan.accounts_per_book, d("50"));
    assert_eq!(plan.mrr_per_book, usd("250000"));
    assert_eq!(plan.target_ending_mrr, usd("2200000"));
    assert_eq!(plan.expansion_mrr_to_sell, usd("360000"));
    assert_eq!(plan.expansion_mrr_per_book, usd("45000"));
    // Who owns the NRR number: the mirrored pair, never nobody.
    assert_eq!(
        plan.nrr_owners,
        [Role::AccountManager, Role::CustomerSuccessManager]
    );
}

#[test]
fn the_csm_side_can_bind() {
    // CSMs cover 100,000 MRR each, two per book: 2,000,000 ÷ 200,000 = 10
    // books; 10 AMs at 40 accounts and 200,000 MRR each, 20 CSMs.
    let mut input = base();
    input.csm.max_mrr = usd("100000");
    let plan = plan_coverage(&input).unwrap();
    assert_eq!(plan.binding, CoverageBinding::CsmMrr);
    assert_eq!(plan.books, d("10"));
    assert_eq!((plan.commercial_headcount, plan.csm_headcount), (10, 20));
    assert_eq!(plan.accounts_per_book, d("40"));
    assert_eq!(plan.mrr_per_book, usd("200000"));
    // A fractional need is rounded up: 1.5 CSMs per book over 10 books
    // would be 15; over 7.3 books (365 accounts) 8 AMs and 11 CSMs.
    let mut input = base();
    input.accounts = d("365");
    input.mrr = usd("1000000");
    input.csm_per_book = d("1.5");
    input.csm.max_accounts = d("40");
    let plan = plan_coverage(&input).unwrap();
    // AM 365 ÷ 50 = 7.3; CSM 365 ÷ 60 = 6.083…: 7.3 books.
    assert_eq!(plan.books, d("7.3"));
    assert_eq!(plan.commercial_headcount, 8);
    // 7.3 × 1.5 = 10.95 → 11.
    assert_eq!(plan.csm_headcount, 11);
}

#[test]
fn the_original_seller_may_keep_the_account_but_nobody_else() {
    let mut input = base();
    input.commercial_owner = Role::AccountExecutive;
    assert_eq!(
        plan_coverage(&input).unwrap().nrr_owners[0],
        Role::AccountExecutive
    );
    input.commercial_owner = Role::SalesDevelopmentRep;
    let error = plan_coverage(&input).unwrap_err();
    assert!(error.to_string().starts_with("commercial_owner"));
    let mut input = base();
    input.csm.max_accounts = d("0");
    assert!(plan_coverage(&input)
        .unwrap_err()
        .to_string()
        .starts_with("csm.max_accounts"));
}
