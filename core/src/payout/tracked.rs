//! Per-deal lists (holds, clawback records) looked up by transaction id.
//!
//! A statement looks deals up once per earnings run and once per event, so
//! each list gets an open-addressing index from transaction id to position
//! for the duration of the statement (items are only appended while it is
//! written, so positions stay valid). Ids are unique in these lists; the
//! index keeps the first position of an id, as a scan would find it.

use heapless::Vec;

/// Slots in the index: a power of two at least twice the largest list, so
/// probing stays short.
const SLOTS: usize = 1024;
const EMPTY: u16 = u16::MAX;

/// An item of a per-deal list.
pub(crate) trait Keyed {
    /// The deal the item is about.
    fn transaction_id(&self) -> u64;
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

    /// The position of the item about `transaction_id`.
    pub(crate) fn position(&self, transaction_id: u64) -> Option<usize> {
        let mut slot = home(transaction_id);
        for _ in 0..SLOTS {
            let entry = *self.slots.get(slot)?;
            if entry == EMPTY {
                return None;
            }
            let index = usize::from(entry);
            if self
                .items
                .get(index)
                .is_some_and(|item| item.transaction_id() == transaction_id)
            {
                return Some(index);
            }
            slot = next(slot);
        }
        None
    }

    /// The item about `transaction_id`.
    pub(crate) fn find_mut(&mut self, transaction_id: u64) -> Option<&mut T> {
        let index = self.position(transaction_id)?;
        self.items.get_mut(index)
    }

    /// Appends `item`; gives it back when the list is full.
    pub(crate) fn push(&mut self, item: T) -> Result<(), T> {
        self.items.push(item)?;
        self.index(self.items.len().saturating_sub(1));
        Ok(())
    }

    /// Records item `index` in the first free slot of its probe sequence,
    /// unless its id is already there.
    fn index(&mut self, index: usize) {
        let Some(id) = self.items.get(index).map(Keyed::transaction_id) else {
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
                .is_some_and(|item| item.transaction_id() == id)
            {
                return;
            }
            slot = next(slot);
        }
    }
}

/// The first slot of `id`: the top 10 bits of a Fibonacci hash.
fn home(id: u64) -> usize {
    usize::try_from(id.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_shr(54)).unwrap_or(0)
}

/// The next slot, wrapping around (linear probing).
fn next(slot: usize) -> usize {
    slot.wrapping_add(1) & (SLOTS - 1)
}
