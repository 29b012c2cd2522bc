//! Per-deal lists (holds, clawback records) looked up by booking: the
//! transaction id and the credit date, since a caller may reuse an id for a
//! later booking (an expansion of the same deal) that must not be mistaken
//! for the first.
//!
//! A statement looks deals up once per earnings run and once per event, so
//! each list gets an open-addressing index from transaction id to position
//! for the duration of the statement (items are only appended while it is
//! written, so positions stay valid). The index has at least twice as many
//! slots as the list has items — the storage's slots ([`IndexSlots`]):
//! fixed 2·N for an inline list, grown and rebuilt for a growable one.
//! Keys are unique in these lists. Every booking of one id is indexed in
//! the probe run starting at the id's home slot, in list order, so an
//! event (which names an id) finds all of them.

use crate::{Date, Error};

use super::storage::{IndexSlots, StateItem, StateList, StateStorage, EMPTY_SLOT};

/// An item of a per-deal list.
pub(crate) trait Keyed: StateItem {
    /// The deal the item is about.
    fn transaction_id(&self) -> u64;
    /// The booking's credit date.
    fn booked(&self) -> Date;
}

/// A list borrowed for one statement, with an index over its ids.
pub(crate) struct Tracked<'a, T: Keyed, S: StateStorage> {
    pub(crate) items: &'a mut S::List<T>,
    index: Index<S::Slots>,
}

impl<'a, T: Keyed, S: StateStorage> Tracked<'a, T, S> {
    pub(crate) fn new(items: &'a mut S::List<T>) -> Self {
        let mut index = Index {
            slots: S::Slots::for_items(items.len()),
        };
        for position in 0..items.len() {
            index.insert(items, position);
        }
        Tracked { items, index }
    }

    /// The position of the booking of `transaction_id` on `booked`.
    pub(crate) fn position(&self, transaction_id: u64, booked: Date) -> Option<usize> {
        let mut from = 0usize;
        while let Some((position, after)) = self.next_of(transaction_id, from) {
            if self
                .items
                .get(position)
                .is_some_and(|i| i.booked() == booked)
            {
                return Some(position);
            }
            from = after;
        }
        None
    }

    /// The booking of `transaction_id` on `booked`.
    pub(crate) fn find_mut(&mut self, transaction_id: u64, booked: Date) -> Option<&mut T> {
        let position = self.position(transaction_id, booked)?;
        self.items.get_mut(position)
    }

    /// The next booking of `transaction_id` in its probe run, starting
    /// `from` steps after its home slot (0 for the first): its position and
    /// the `from` to pass for the one after. Bookings come in the order
    /// they were indexed (list order).
    pub(crate) fn next_of(&self, transaction_id: u64, from: usize) -> Option<(usize, usize)> {
        self.index.next_of(self.items, transaction_id, from)
    }

    /// Appends `item`; [`crate::ErrorKind::TooMany`] when the list is full.
    pub(crate) fn push(&mut self, item: T) -> Result<(), Error> {
        self.items.try_push(item)?;
        let len = self.items.len();
        if self.index.slots.make_room(len) {
            for position in 0..len {
                self.index.insert(self.items, position);
            }
        } else {
            self.index.insert(self.items, len.saturating_sub(1));
        }
        Ok(())
    }
}

/// The position of the first item whose booking repeats an earlier item's:
/// a repeated hold would never be released (lookups find the first).
pub(crate) fn first_repeat<T: Keyed, S: StateStorage>(items: &[T]) -> Option<usize> {
    let mut index = Index {
        slots: S::Slots::for_items(items.len()),
    };
    (0..items.len()).find(|position| index.insert(items, *position) == Insert::Repeat)
}

/// An open-addressing index from transaction id to list position.
struct Index<I> {
    slots: I,
}

/// What indexing an item did.
#[derive(PartialEq, Eq)]
enum Insert {
    Done,
    /// Its booking was already indexed.
    Repeat,
}

impl<I: IndexSlots> Index<I> {
    /// Records item `position` of `items` in the first free slot of its
    /// probe sequence, unless its booking is already there.
    fn insert<T: Keyed>(&mut self, items: &[T], position: usize) -> Insert {
        let Some(key) = items
            .get(position)
            .map(|i| (i.transaction_id(), i.booked()))
        else {
            return Insert::Done;
        };
        // Positions of a storage's lists fit below EMPTY_SLOT.
        let Ok(entry) = u32::try_from(position) else {
            return Insert::Done;
        };
        let slots = self.slots.slots_mut();
        let mut slot = home(key.0, slots.len());
        for _ in 0..slots.len() {
            let Some(taken) = slots.get_mut(slot) else {
                return Insert::Done;
            };
            if *taken == EMPTY_SLOT {
                *taken = entry;
                return Insert::Done;
            }
            if at(items, *taken).is_some_and(|item| (item.transaction_id(), item.booked()) == key) {
                return Insert::Repeat;
            }
            slot = next(slot, slots.len());
        }
        Insert::Done
    }

    /// See [`Tracked::next_of`].
    fn next_of<T: Keyed>(
        &self,
        items: &[T],
        transaction_id: u64,
        from: usize,
    ) -> Option<(usize, usize)> {
        let slots = self.slots.slots();
        let home = home(transaction_id, slots.len());
        for step in from..slots.len() {
            // home + step < 2·len: one wrap at most.
            let slot = home.saturating_add(step);
            let slot = slot.checked_sub(slots.len()).unwrap_or(slot);
            let entry = *slots.get(slot)?;
            if entry == EMPTY_SLOT {
                return None;
            }
            if at(items, entry).is_some_and(|item| item.transaction_id() == transaction_id) {
                return Some((usize::try_from(entry).ok()?, step.saturating_add(1)));
            }
        }
        None
    }
}

fn at<T>(items: &[T], entry: u32) -> Option<&T> {
    items.get(usize::try_from(entry).ok()?)
}

/// The first slot of `id` among `len`: a Fibonacci hash mapped onto the
/// slots by multiply-shift (Lemire's fast range), any `len`.
fn home(id: u64, len: usize) -> usize {
    let hash = id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    // (hash · len) >> 64 < len: the product of two u64 fits in u128.
    let scaled = u128::from(hash)
        .wrapping_mul(u128::from(len))
        .wrapping_shr(64);
    usize::try_from(scaled).unwrap_or(0)
}

/// The next slot, wrapping around (linear probing).
fn next(slot: usize, len: usize) -> usize {
    let after = slot.saturating_add(1);
    if after >= len {
        0
    } else {
        after
    }
}
