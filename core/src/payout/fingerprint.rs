//! Fingerprints of what a quota period's earnings depend on, so a statement
//! can reuse the earnings of a closed quota period instead of re-rating it.
//!
//! A closed period is re-rated whenever anything that could change its
//! earnings changed: the plan, the relief, the rates in force, or any field
//! of any of the participant's credits dated in it (a late or corrected
//! credit). The fingerprint is four 64-bit lanes of `h ← (rotl(h, 23) ⊕ w)
//! × K`; each step is a bijection of the lane for a fixed word and
//! injective in the word for a fixed lane, so a change to a single word is
//! always detected, and any other accidental change goes unnoticed with a
//! negligible probability. It is not a cryptographic hash: inputs crafted to
//! collide are not resisted (a caller that must rule that out clears
//! `PayoutState::closed`, which re-rates every period). Every integer is fed
//! little-endian, so the fingerprint is the same on every platform.

use core::hash::{Hash, Hasher};

use crate::compensation::{CreditLine, Source};
use crate::Date;

const K: u64 = 0x9E37_79B9_7F4A_7C15;
/// Distinct starting points, so equal words in different lanes differ.
const SEEDS: [u64; 4] = [
    0,
    0xD6E8_FEB8_6659_FD93,
    0xA076_1D64_78BD_642F,
    0xE703_7ED1_A0B4_28DB,
];

/// Four independent lanes (independent so the steps overlap in time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lanes([u64; 4]);

fn step(h: u64, word: u64) -> u64 {
    (h.rotate_left(23) ^ word).wrapping_mul(K)
}

impl Lanes {
    pub(crate) fn new(seed: [u64; 4]) -> Self {
        let mut lanes = seed;
        for (lane, start) in lanes.iter_mut().zip(SEEDS) {
            *lane ^= start;
        }
        Lanes(lanes)
    }

    pub(crate) fn value(self) -> [u64; 4] {
        self.0
    }

    fn feed(&mut self, words: [u64; 4]) {
        for (lane, word) in self.0.iter_mut().zip(words) {
            *lane = step(*lane, word);
        }
    }

    /// Feeds every field of a credit line (destructured without `..`, so a
    /// new field is a compile error here rather than a stale cache).
    /// Inlined so a caller's loop keeps the lanes in registers.
    #[inline(always)]
    pub(crate) fn credit(&mut self, credit: &CreditLine) {
        let CreditLine {
            // Always the statement's participant, who is in the seed.
            participant_id: _,
            kind,
            split_kind,
            credited_from,
            share,
            amount,
            quantity,
            source,
        } = credit;
        let Source {
            transaction_id,
            date,
            kind: source_kind,
            term_months,
            account_tier,
            channel,
            prepaid,
            new_logo,
            at_renewal,
            days_to_event,
            attributes,
        } = source;
        // Product, category, territory (1 + id, 0 when not recorded) and
        // custom attributes, fed only when any is set (a flag says so).
        let some = |id: Option<u32>| id.map_or(0, |id| u64::from(id).wrapping_add(1));
        let tagged = *attributes != crate::compensation::Attributes::NONE;
        // Year (1–9999, 14 bits), month (4 bits), day (5 bits): injective.
        let days = u64::from(date_key(*date));
        let (amount_low, amount_high) = halves(amount.amount().nanos());
        let (share_low, share_high) = halves(share.nanos());
        let (quantity_low, quantity_high) = halves(quantity.nanos());
        // The high halves are almost always the sign extension of the low
        // ones; a flag says when they are not, and only then are they fed.
        let extended = |low: u64, high: u64| high == (low as i64).wrapping_shr(63) as u64;
        let wide = !(extended(amount_low, amount_high)
            && extended(share_low, share_high)
            && extended(quantity_low, quantity_high));
        // Enums and flags in fixed bit fields (each below its width; a
        // channel is 1 + its discriminant, 0 when not recorded), with
        // the days to the event, then the attributes flag: 60 bits, injective.
        let packed = (*kind as u64)
            | (*split_kind as u64).wrapping_shl(2)
            | (*source_kind as u64).wrapping_shl(3)
            | (*account_tier as u64).wrapping_shl(7)
            | channel
                .map_or(0, |c| (c as u64).wrapping_add(1))
                .wrapping_shl(10)
            | u64::from(*prepaid).wrapping_shl(13)
            | u64::from(*new_logo).wrapping_shl(14)
            | u64::from(*at_renewal).wrapping_shl(15)
            | u64::from(wide).wrapping_shl(16)
            | u64::from(amount.currency().numeric()).wrapping_shl(17)
            | u64::from(*days_to_event).wrapping_shl(27)
            | u64::from(tagged).wrapping_shl(59);
        self.feed([
            *transaction_id,
            *credited_from,
            packed,
            days | u64::from(*term_months).wrapping_shl(32),
        ]);
        self.feed([amount_low, share_low, quantity_low, 0]);
        if wide {
            self.feed([amount_high, share_high, quantity_high, 1]);
        }
        if tagged {
            self.feed([
                some(attributes.product),
                some(attributes.category),
                some(attributes.territory),
                attributes.custom.0,
            ]);
        }
    }
}

/// A date as `year × 2⁹ + month × 2⁵ + day`: injective and in date order,
/// so comparing keys compares dates.
pub(crate) fn date_key(date: Date) -> u32 {
    date.year().unsigned_abs().wrapping_shl(9) | date.month().wrapping_shl(5) | date.day()
}

fn halves(value: i128) -> (u64, u64) {
    // Reinterpreting and truncating keep exactly the low and high 64 bits.
    let bits = value as u128;
    (bits as u64, bits.wrapping_shr(64) as u64)
}

/// A [`Hasher`] feeding [`Lanes`], for the statement's context (plan,
/// relief, rates) through their `Hash` impls.
pub(crate) struct Context(Lanes);

impl Context {
    pub(crate) fn new() -> Self {
        Context(Lanes::new([0; 4]))
    }

    pub(crate) fn of<T: Hash + ?Sized>(mut self, value: &T) -> Self {
        value.hash(&mut self);
        self
    }

    pub(crate) fn seed(self) -> [u64; 4] {
        self.0.value()
    }

    fn word(&mut self, word: u64, tag: u64) {
        self.0.feed([word, tag, word, tag]);
    }

    fn wide(&mut self, value: i128, tag: u64) {
        let (low, high) = halves(value);
        self.0.feed([low, high, tag, low]);
    }
}

impl Hasher for Context {
    fn finish(&self) -> u64 {
        self.0 .0.iter().fold(0, |acc, lane| acc ^ lane)
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (slot, byte) in word.iter_mut().zip(chunk) {
                *slot = *byte;
            }
            let len = u64::try_from(chunk.len()).unwrap_or(0);
            self.word(u64::from_le_bytes(word), len);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.word(i, 8);
    }

    fn write_u128(&mut self, i: u128) {
        // Bit-for-bit reinterpretation.
        self.wide(i as i128, 16);
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(u64::try_from(i).unwrap_or(u64::MAX));
    }

    fn write_i8(&mut self, i: i8) {
        self.write_u64(i64::from(i) as u64);
    }

    fn write_i16(&mut self, i: i16) {
        self.write_u64(i64::from(i) as u64);
    }

    fn write_i32(&mut self, i: i32) {
        self.write_u64(i64::from(i) as u64);
    }

    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }

    fn write_i128(&mut self, i: i128) {
        self.wide(i, 17);
    }

    fn write_isize(&mut self, i: isize) {
        self.write_u64(i64::try_from(i).unwrap_or(i64::MAX) as u64);
    }
}
