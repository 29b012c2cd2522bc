//! Per-deal lists (holds, clawback records) looked up by booking: the
//! transaction id and the credit date, since a caller may reuse an id for a
//! later booking (an expansion of the same deal) that must not be mistaken
//! for the first.
//!
//! A statement looks deals up once per earnings run and once per event, so
//! each list gets an open-addressing index from transaction id to position
//! for the duration of the statement (items are only appended while it is
//! written, so positions stay valid). Keys are unique in these lists. Every
//! booking of one id is indexed in the probe run starting at the id's home
//! slot, so an event (which names an id) finds all of them.

use crate::limits::{MAX_DEALS, MAX_HOLDS};
use heapless::Vec;

use crate::Date;

/// Slots in the index: a power of two at least twice the largest list, so
/// probing stays short.
const SLOTS: usize = {
    let largest = if MAX_HOLDS > MAX_DEALS {
        MAX_HOLDS
    } else {
        MAX_DEALS
    };
    largest.saturating_mul(2).next_power_of_two()
};
const EMPTY: u16 = u16::MAX;

/// An item of a per-deal list.
pub(crate) trait Keyed {
    /// The deal the item is about.
    fn transaction_id(&self) -> u64;
    /// The booking's credit date.
    fn booked(&self) -> Date;
}

/// A list borrowed for one statement, with an index over its ids.
pub(crate) struct Tracked<'a, T, const N: usize> {
    pub(crate) items: &'a mut Vec<T, N>,
    slots: [u16; SLOTS],
}

impl<'a, T: Keyed, const N: usize> Tracked<'a, T, N> {
    pub(crate) fn new(items: &'a mut Vec<T, N>) -> Self {
        const { assert!(N.saturating_mul(2) <= SLOTS && N < EMPTY as usize) };
        let mut tracked = Tracked {
            items,
            slots: [EMPTY; SLOTS],
        };
        for index in 0..tracked.items.len() {
            tracked.index(index);
        }
        tracked
    }

    /// The position of the booking of `transaction_id` on `booked`.
    pub(crate) fn position(&self, transaction_id: u64, booked: Date) -> Option<usize> {
        let mut from = 0usize;
        while let Some((index, after)) = self.next_of(transaction_id, from) {
            if self.items.get(index).is_some_and(|i| i.booked() == booked) {
                return Some(index);
            }
            from = after;
        }
        None
    }

    /// The booking of `transaction_id` on `booked`.
    pub(crate) fn find_mut(&mut self, transaction_id: u64, booked: Date) -> Option<&mut T> {
        let index = self.position(transaction_id, booked)?;
        self.items.get_mut(index)
    }

    /// The next booking of `transaction_id` in its probe run, starting
    /// `from` steps after its home slot (0 for the first): its position and
    /// the `from` to pass for the one after. Bookings come in the order
    /// they were indexed (list order).
    pub(crate) fn next_of(&self, transaction_id: u64, from: usize) -> Option<(usize, usize)> {
        let home = home(transaction_id);
        for step in from..SLOTS {
            let entry = *self.slots.get(home.wrapping_add(step) & (SLOTS - 1))?;
            if entry == EMPTY {
                return None;
            }
            let index = usize::from(entry);
            if self
                .items
                .get(index)
                .is_some_and(|item| item.transaction_id() == transaction_id)
            {
                return Some((index, step.saturating_add(1)));
            }
        }
        None
    }

    /// Appends `item`; gives it back when the list is full.
    pub(crate) fn push(&mut self, item: T) -> Result<(), T> {
        self.items.push(item)?;
        self.index(self.items.len().saturating_sub(1));
        Ok(())
    }

    /// Records item `index` in the first free slot of its probe sequence,
    /// unless its booking is already there.
    fn index(&mut self, index: usize) {
        let Some((id, booked)) = self
            .items
            .get(index)
            .map(|i| (i.transaction_id(), i.booked()))
        else {
            return;
        };
        let mut slot = home(id);
        for _ in 0..SLOTS {
            let Some(entry) = self.slots.get_mut(slot) else {
                return;
            };
            if *entry == EMPTY {
                // `new` checks N < EMPTY, so the index fits.
                *entry = u16::try_from(index).unwrap_or(EMPTY);
                return;
            }
            let taken = usize::from(*entry);
            if self
                .items
                .get(taken)
                .is_some_and(|item| item.transaction_id() == id && item.booked() == booked)
            {
                return;
            }
            slot = next(slot);
        }
    }
}

/// The position of the first item whose booking repeats an earlier item's:
/// a repeated hold would never be released (lookups find the first).
pub(crate) fn first_repeat<T: Keyed>(items: &[T]) -> Option<usize> {
    let mut slots = [EMPTY; SLOTS];
    for (index, item) in items.iter().enumerate() {
        let key = (item.transaction_id(), item.booked());
        let mut slot = home(key.0);
        for _ in 0..SLOTS {
            let entry = slots.get_mut(slot)?;
            if *entry == EMPTY {
                *entry = u16::try_from(index).ok()?;
                break;
            }
            if items
                .get(usize::from(*entry))
                .is_some_and(|other| (other.transaction_id(), other.booked()) == key)
            {
                return Some(index);
            }
            slot = next(slot);
        }
    }
    None
}

/// The first slot of `id`: the top 10 bits of a Fibonacci hash.
fn home(id: u64) -> usize {
    usize::try_from(id.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_shr(54)).unwrap_or(0)
}

/// The next slot, wrapping around (linear probing).
fn next(slot: usize) -> usize {
    slot.wrapping_add(1) & (SLOTS - 1)
}
