//! Example plans for the seed roles, as documented in `docs/compensation.md`,
//! each run on a month of activity with the figures worked out by hand.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod support;

use salesphysics_core::compensation::*;
use salesphysics_core::{Channel, ChannelSet, Decimal, Period, Role};
use support::compensation::*;
use TransactionKind::*;

fn count(kinds: &[TransactionKind]) -> Measure {
    Measure::of(KindSet::of(kinds), MeasureUnit::Count)
}

fn weighted(mut c: Component, weight: &str) -> Component {
    c.weight = d(weight);
    c
}

/// MDR: paid per inbound SQL accepted by an AE, 40 each up to a monthly
/// quota of 20, 60 each beyond (graduated on units).
fn mdr_plan() -> Plan {
    let mut measure = count(&[SqlAccepted]);
    measure.channels = ChannelSet::of(&[Channel::Inbound]);
    let t = table(
        RateMethod::Graduated,
        &[("0", Some("20"), "40"), ("20", None, "60")],
    );
    let mut c = component(100, measure, "20", QuotaPeriod::Month, t);
    c.tier_basis = TierBasis::PeriodToDate;
    plan(Role::MarketDevelopmentRep, vec![c])
}

#[test]
fn mdr_paid_per_accepted_inbound_sql() {
    // 22 inbound SQLs in April and 3 outbound ones (not counted):
    // 20 × 40 + 2 × 60 = 920; attainment 22 / 20 = 110 %.
    let mut txs: Vec<Transaction> = (0..22)
        .map(|i| activity(i, date(4, 1 + i as u32), SqlAccepted, "1", 5))
        .collect();
    for i in 0..3 {
        let mut t = activity(100 + i, date(4, 25), SqlAccepted, "1", 5);
        t.source.channel = Some(Channel::Outbound);
        txs.push(t);
    }
    let (_, summary) = earn(&mdr_plan(), 5, &txs, date(4, 30));
    assert_eq!(summary.total, usd("920"));
    assert_eq!(summary.attainment.components[0].attainment, d("1.1"));
}

/// SDR: meetings held (30 %, 25 each) and outbound SQLs accepted (70 %,
/// 100 each, ×1.5 from 100 % of a monthly quota of 10).
fn sdr_plan() -> Plan {
    let meetings = weighted(
        component(
            200,
            count(&[MeetingHeld]),
            "40",
            QuotaPeriod::Month,
            RateTable::flat(d("25")),
        ),
        "0.3",
    );
    let mut sql_measure = count(&[SqlAccepted]);
    sql_measure.channels = ChannelSet::of(&[Channel::Outbound]);
    let mut sqls = weighted(
        component(
            201,
            sql_measure,
            "10",
            QuotaPeriod::Month,
            RateTable::flat(d("100")),
        ),
        "0.7",
    );
    sqls.accelerators
        .push(MultiplierBand {
            from_attainment: d("1"),
            multiplier: d("1.5"),
        })
        .unwrap();
    plan(Role::SalesDevelopmentRep, vec![meetings, sqls])
}

#[test]
fn sdr_paid_on_meetings_and_sqls_with_accelerator() {
    // 12 meetings → 300. 11 outbound SQLs: the first 9 below quota at 100,
    // the 10th and 11th at 100 % and 110 % → ×1.5 = 150 each: 900 + 300 = 1200.
    let mut txs: Vec<Transaction> = (0..12)
        .map(|i| activity(i, date(5, 1 + i as u32), MeetingHeld, "1", 6))
        .collect();
    for i in 0..11 {
        let mut t = activity(100 + i, date(5, 14 + i as u32), SqlAccepted, "1", 6);
        t.source.channel = Some(Channel::Outbound);
        txs.push(t);
    }
    let (_, summary) = earn(&sdr_plan(), 6, &txs, date(5, 31));
    assert_eq!(summary.components[0].earned, usd("300"));
    assert_eq!(summary.components[1].earned, usd("1200"));
    // Weighted: 0.3 × 12/40 + 0.7 × 11/10 = 0.09 + 0.77 = 0.86.
    assert_eq!(summary.attainment.weighted, d("0.86"));
}

/// Inside AE: new MRR booked against a monthly quota of 10 000, paid one
/// month of MRR (rate 1.0) up to quota and 1.5 beyond (graduated on
/// attainment, month to date); ×1.2 for terms over 12 months; nothing below
/// 25 % attainment; SPIF 200 per new logo.
fn ae_plan() -> Plan {
    let t = table(
        RateMethod::Graduated,
        &[("0", Some("1"), "1.0"), ("1", None, "1.5")],
    );
    let mut c = component(300, new_mrr(), "10000", QuotaPeriod::Month, t);
    c.tier_basis = TierBasis::PeriodToDate;
    c.tier_axis = TierAxis::Attainment;
    c.kickers
        .push(Kicker {
            condition: EventCondition::TermLongerThan(12),
            multiplier: d("1.2"),
        })
        .unwrap();
    c.gate = Some(Gate {
        component_id: 300,
        min_attainment: d("0.25"),
    });
    let mut p = plan(Role::AccountExecutive, vec![c]);
    p.spifs
        .push(Spif {
            id: 301,
            qualifies: new_mrr(),
            condition: EventCondition::NewLogo,
            amount: d("200"),
        })
        .unwrap();
    p
}

#[test]
fn ae_paid_on_new_mrr_with_accelerator_kicker_and_spif() {
    // 6000 (12 months) → 6000 × 1.0 = 6000; 6000 (24 months): 4000 × 1.0 × 1.2 +
    // 2000 × 1.5 × 1.2 = 4800 + 3600 = 8400; two new logos: 400. Total 14 800.
    let mut second = deal(2, date(6, 20), New, "6000", 7);
    second.source.term_months = 24;
    let txs = [deal(1, date(6, 3), New, "6000", 7), second];
    let (lines, summary) = earn(&ae_plan(), 7, &txs, date(6, 30));
    assert_eq!(earned_on(&lines, 1), d("6200"));
    assert_eq!(earned_on(&lines, 2), d("8600"));
    assert_eq!(summary.total, usd("14800"));
    // Alone, a 2000 month stays below the 25 % gate and pays only its SPIF.
    let (_, small) = earn(
        &ae_plan(),
        7,
        &[deal(3, date(7, 1), New, "2000", 7)],
        date(7, 31),
    );
    assert_eq!(small.total, usd("200"));
}

/// Field AE: ACV (ARR) against a quarterly quota of 300 000, retroactive on
/// attainment (8 % below 100 %, 10 % from 100 %), ×1.1 when prepaid,
/// capped at 60 000 a quarter.
fn field_ae_plan() -> Plan {
    let measure = Measure::of(KindSet::of(&[New, Expansion]), MeasureUnit::Arr);
    let t = table(
        RateMethod::Retroactive,
        &[("0", Some("1"), "0.08"), ("1", None, "0.10")],
    );
    let mut c = component(400, measure, "300000", QuotaPeriod::Quarter, t);
    c.tier_basis = TierBasis::PeriodToDate;
    c.tier_axis = TierAxis::Attainment;
    c.kickers
        .push(Kicker {
            condition: EventCondition::Prepaid,
            multiplier: d("1.1"),
        })
        .unwrap();
    c.cap = Some(d("60000"));
    plan(Role::FieldAccountExecutive, vec![c])
}

#[test]
fn field_ae_retroactive_on_quarterly_acv() {
    // Q1: 12 500 MRR = 150 000 ARR → 12 000. 15 000 MRR prepaid = 180 000 ARR:
    // cumulative 330 000 ≥ quota → 180 000 × 10 % × 1.1 = 19 800 plus the
    // re-rating of the first 150 000 at +2 % × 1.1 = 3 300. Total 35 100.
    let mut big = deal(2, date(3, 30), New, "15000", 8);
    big.source.prepaid = true;
    let txs = [deal(1, date(1, 10), New, "12500", 8), big];
    let (lines, summary) = earn(&field_ae_plan(), 8, &txs, date(3, 31));
    assert_eq!(earned_on(&lines, 1), d("12000"));
    assert_eq!(earned_on(&lines, 2), d("23100"));
    assert_eq!(summary.total, usd("35100"));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.kind == LineKind::RetroAdjustment)
            .count(),
        1
    );
}

/// CSM: customers live within 60 days (60 %, 300 each) and the shared
/// book's NRR (40 %, bonus 1500 at 100 % of a 105 % NRR target), mirrored
/// with the AM on the same book of 50 000 MRR.
fn csm_plan() -> Plan {
    let mut live = count(&[CustomerLive]);
    live.within_days = Some(60);
    let onboarding = weighted(
        component(
            500,
            live,
            "5",
            QuotaPeriod::Month,
            RateTable::flat(d("300")),
        ),
        "0.6",
    );
    let nrr = Measure::of(
        KindSet::of(&[Expansion, Contraction, Churn]),
        MeasureUnit::NetRetention {
            starting_mrr: d("50000"),
        },
    );
    let mut retention = weighted(
        component(
            501,
            nrr,
            "1.05",
            QuotaPeriod::Quarter,
            RateTable::flat(d("0")),
        ),
        "0.4",
    );
    retention
        .bonuses
        .push(AttainmentBonus {
            id: 502,
            at_attainment: d("1"),
            amount: d("1500"),
        })
        .unwrap();
    plan(Role::CustomerSuccessManager, vec![onboarding, retention])
}

/// AM: expansion MRR on the shared book at 12 × MRR × 10 % (ARR basis), and
/// the same NRR bonus as the CSM: the mirrored incentive of the NRR essay.
fn am_plan() -> Plan {
    let expansion = weighted(
        component(
            600,
            Measure::of(KindSet::of(&[Expansion, Contraction]), MeasureUnit::Arr),
            "60000",
            QuotaPeriod::Quarter,
            RateTable::flat(d("0.10")),
        ),
        "0.7",
    );
    let nrr = Measure::of(
        KindSet::of(&[Expansion, Contraction, Churn]),
        MeasureUnit::NetRetention {
            starting_mrr: d("50000"),
        },
    );
    let mut retention = weighted(
        component(
            601,
            nrr,
            "1.05",
            QuotaPeriod::Quarter,
            RateTable::flat(d("0")),
        ),
        "0.3",
    );
    retention
        .bonuses
        .push(AttainmentBonus {
            id: 602,
            at_attainment: d("1"),
            amount: d("1500"),
        })
        .unwrap();
    plan(Role::AccountManager, vec![expansion, retention])
}

#[test]
fn csm_and_am_mirrored_on_a_shared_book() {
    // Book 50 000 MRR; AM (9) revenue 100 %, CSM (10) overlay 100 % on every change.
    // Q2: +4000 expansion, −500 contraction, +1000 expansion, −1000 churn → net +3500:
    // NRR 53 500 / 50 000 = 1.07 ≥ 1.05 → both earn the 1500 bonus, once, on the
    // first event: 54 000 / 50 000 = 1.08, attainment 1.08 / 1.05 ≥ 100 %.
    let shared = |id, day, kind, amount: &str| {
        with_splits(
            id,
            date(5, day),
            kind,
            amount,
            &[
                split(9, SplitKind::Revenue, "1"),
                split(10, SplitKind::Overlay, "1"),
            ],
        )
    };
    let mut txs = vec![
        shared(1, 2, Expansion, "4000"),
        shared(2, 3, Contraction, "-500"),
        shared(3, 4, Expansion, "1000"),
        shared(4, 5, Churn, "-1000"),
    ];
    let mut live = activity(5, date(5, 6), CustomerLive, "1", 10);
    live.source.days_to_event = 45;
    let mut late = activity(6, date(5, 7), CustomerLive, "1", 10);
    late.source.days_to_event = 75;
    txs.extend([live, late]);
    let credits = credit_all(&txs, &[]);

    let (csm_lines, csm) = earn_fx(&csm_plan(), 10, &credits, &[], date(6, 30));
    assert_eq!(csm.components[0].earned, usd("300")); // one go-live within 60 days
    assert_eq!(csm.components[1].earned, usd("1500"));
    assert_eq!(
        csm_lines
            .iter()
            .find(|l| l.kind == LineKind::Bonus)
            .unwrap()
            .transaction_id,
        Some(1)
    );
    assert_eq!(csm.attainment.components[1].credit, d("1.07"));

    let (_, am) = earn_fx(&am_plan(), 9, &credits, &[], date(6, 30));
    // Expansion ARR: (4000 − 500 + 1000) × 12 = 54 000 × 10 % = 5400.
    assert_eq!(am.components[0].earned, usd("5400"));
    assert_eq!(am.components[1].earned, usd("1500"));
}

/// Renewals rep: renewal value (ARR) at 2 %, upsell at renewal (ARR) at 8 %.
fn renewals_plan() -> Plan {
    let renewal = weighted(
        component(
            700,
            Measure::of(KindSet::of(&[Renewal]), MeasureUnit::Arr),
            "500000",
            QuotaPeriod::Quarter,
            RateTable::flat(d("0.02")),
        ),
        "0.5",
    );
    let mut upsell_measure = Measure::of(KindSet::of(&[Expansion]), MeasureUnit::Arr);
    upsell_measure.at_renewal_only = true;
    let upsell = weighted(
        component(
            701,
            upsell_measure,
            "100000",
            QuotaPeriod::Quarter,
            RateTable::flat(d("0.08")),
        ),
        "0.5",
    );
    plan(Role::RenewalsRep, vec![renewal, upsell])
}

#[test]
fn renewals_rep_paid_on_renewal_and_upsell_at_renewal() {
    // Renewal 5000 MRR = 60 000 ARR × 2 % = 1200; upsell at renewal 1000 MRR =
    // 12 000 ARR × 8 % = 960; a mid-term expansion (not at renewal) does not count.
    let mut upsell = deal(2, date(8, 1), Expansion, "1000", 11);
    upsell.source.at_renewal = true;
    let txs = [
        deal(1, date(8, 1), Renewal, "5000", 11),
        upsell,
        deal(3, date(8, 9), Expansion, "700", 11),
    ];
    let (_, summary) = earn(&renewals_plan(), 11, &txs, date(8, 31));
    assert_eq!(summary.total, usd("2160"));
}

/// Lead-gen manager: leads accepted by sales, 15 each, gated at 50 % of a
/// monthly quota of 200.
fn lead_gen_plan() -> Plan {
    let mut c = component(
        800,
        count(&[LeadAccepted]),
        "200",
        QuotaPeriod::Month,
        RateTable::flat(d("15")),
    );
    c.gate = Some(Gate {
        component_id: 800,
        min_attainment: d("0.5"),
    });
    plan(Role::LeadGenManager, vec![c])
}

#[test]
fn lead_gen_manager_paid_on_accepted_leads_above_the_gate() {
    // September: a batch of 150 accepted leads → 75 % ≥ 50 % → 150 × 15 = 2250.
    // October: 90 leads → 45 % < 50 % → gated, 0.
    let txs = [
        activity(1, date(9, 30), LeadAccepted, "150", 12),
        activity(2, date(10, 30), LeadAccepted, "90", 12),
    ];
    let (lines, summary) = earn(&lead_gen_plan(), 12, &txs, date(10, 31));
    assert_eq!(summary.total, usd("2250"));
    assert_eq!(lines[1].status, LineStatus::Gated);
}

/// POD pool: 3 % of the POD's new MRR (revenue credit only, so an SDR's
/// sourcing overlay does not count the deal twice), credited by rollup from
/// its members, capped at 2000 a quarter.
fn pod_plan() -> Plan {
    let mut measure = new_mrr();
    measure.revenue_credit_only = true;
    let mut c = component(
        900,
        measure,
        "60000",
        QuotaPeriod::Quarter,
        RateTable::flat(d("0.03")),
    );
    c.cap = Some(d("2000"));
    plan(None, vec![c])
}

#[test]
fn pod_pool_paid_on_rolled_up_member_credit() {
    // AE 20 and SDR 21 report to POD 99; the SDR has a 100 % sourcing overlay.
    // Deals 30 000 and 40 000 MRR in Q1 roll up twice each (the AE's revenue
    // credit and the SDR's overlay); the pool counts the revenue credit only:
    // 30 000 × 3 % = 900, then 40 000 × 3 % = 1200 → capped to 1100 (cap 2000).
    let year = Period::year(YEAR).unwrap();
    let h = [
        ReportingLine {
            participant_id: 20,
            manager_id: 99,
            effective: year,
        },
        ReportingLine {
            participant_id: 21,
            manager_id: 99,
            effective: year,
        },
    ];
    let pod_deal = |id, day, amount: &str| {
        with_splits(
            id,
            date(2, day),
            New,
            amount,
            &[
                split(20, SplitKind::Revenue, "1"),
                split(21, SplitKind::Overlay, "1"),
            ],
        )
    };
    let credits = credit_all(&[pod_deal(1, 3, "30000"), pod_deal(2, 4, "40000")], &h);
    assert_eq!(credits.iter().filter(|c| c.participant_id == 99).count(), 4);
    let (lines, summary) = earn_fx(&pod_plan(), 99, &credits, &[], date(3, 31));
    assert_eq!(summary.total, usd("2000"));
    assert_eq!(summary.components[0].credit, d("70000"));
    assert_eq!(
        (lines[1].amount, lines[1].status),
        (usd("1100"), LineStatus::Capped)
    );
}

#[test]
fn every_example_plan_validates() {
    for p in [
        mdr_plan(),
        sdr_plan(),
        ae_plan(),
        field_ae_plan(),
        csm_plan(),
        am_plan(),
        renewals_plan(),
        lead_gen_plan(),
        pod_plan(),
    ] {
        p.validate().unwrap_or_else(|e| panic!("{:?}: {e}", p.role));
        assert_eq!(p.target_variable().unwrap(), Decimal::from(50000));
    }
}
