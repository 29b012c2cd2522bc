//! Where a [`super::PayoutState`] keeps its per-deal lists (holds, deals in
//! their clawback window, recoveries, remembered churns): the caller's
//! choice, as heapless and smoltcp's `ManagedSlice` leave it.
//!
//! - [`Inline<N, R>`] keeps each list inside the state: `N` holds, deals
//!   and churns, `R` recoveries (clawbacks are rarer than deals) at most.
//!   No allocator, and one item past it is [`ErrorKind::TooMany`]` { max }`
//!   naming the list. The state is as large as its capacity (about 240
//!   bytes per `N`), so pick `N` for the participant's busiest year; the
//!   default ([`DEFAULT_STATE_CAPACITY`], [`DEFAULT_RECOVERY_CAPACITY`]) is
//!   about 127 KB.
//! - [`Growable`] (feature `alloc`) keeps them in `Vec`s that grow: no cap,
//!   and the state is about 1.5 KB to move.
//!
//! Either way a serialized state is as large as what it holds. The
//! statement code is generic over the storage and instantiated for these
//! two only (the traits are sealed).

use core::fmt::Debug;
use core::hash::Hash;
use core::ops::{Deref, DerefMut};

use crate::limits::{DEFAULT_RECOVERY_CAPACITY, DEFAULT_STATE_CAPACITY};
use crate::{Error, ErrorKind};

use super::clawback::Recovery;

/// The storage of a [`super::PayoutState`]'s lists: [`Inline`] or
/// [`Growable`].
pub trait StateStorage: sealed::Sealed + Debug + Clone + Copy + PartialEq + Eq + Hash {
    /// A list of `T`: the holds, the deals and the churns.
    type List<T: StateItem>: StateList<T>;
    /// The recoveries.
    type Recoveries: StateList<Recovery>;
    /// The slots of the index a statement builds over the holds and the
    /// deals, to find a deal's items without scanning.
    type Slots: IndexSlots;
}

/// An item of a state list (a hold, a deal record…): plain data.
pub trait StateItem: Copy + Debug + Eq + Hash + sealed::Serde {}

impl<T: Copy + Debug + Eq + Hash + sealed::Serde> StateItem for T {}

/// A list of a [`super::PayoutState`]: a slice to read, and the few ways a
/// statement changes it.
pub trait StateList<T: StateItem>:
    sealed::Sealed
    + Deref<Target = [T]>
    + DerefMut
    + Default
    + Clone
    + Debug
    + PartialEq
    + Eq
    + Hash
    + sealed::Serde
{
    /// The empty list (a constant, so a state can be built in a `const`
    /// or `static`).
    const EMPTY: Self;

    /// Appends `item`; [`ErrorKind::TooMany`] when the list is full.
    fn try_push(&mut self, item: T) -> Result<(), Error>;

    /// Keeps the items `keep` accepts, in order.
    fn keep(&mut self, keep: impl FnMut(&T) -> bool);

    /// Replaces the items with `items`; [`ErrorKind::TooMany`] (and an
    /// unspecified content) when they do not fit.
    fn assign(&mut self, items: &[T]) -> Result<(), Error>;
}

/// The slots of a statement's index over a list: positions in the list,
/// [`EMPTY_SLOT`] where free.
pub trait IndexSlots: sealed::Sealed {
    /// Free slots for a list of `len` items: at least twice as many, so
    /// probing stays short.
    fn for_items(len: usize) -> Self;

    /// The slots.
    fn slots(&self) -> &[u32];

    /// The slots, to fill.
    fn slots_mut(&mut self) -> &mut [u32];

    /// Makes room for `len` items; returns whether the slots were replaced
    /// by more free ones (the caller indexes its items again).
    fn make_room(&mut self, len: usize) -> bool;
}

/// A free index slot.
pub const EMPTY_SLOT: u32 = u32::MAX;

/// Lists inside the state, no allocator: at most `N` holds, `N` deals and
/// `N` churns, and `R` recoveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Inline<
    const N: usize = DEFAULT_STATE_CAPACITY,
    const R: usize = DEFAULT_RECOVERY_CAPACITY,
>;

impl<const N: usize, const R: usize> sealed::Sealed for Inline<N, R> {}

impl<const N: usize, const R: usize> StateStorage for Inline<N, R> {
    type List<T: StateItem> = heapless::Vec<T, N>;
    type Recoveries = heapless::Vec<Recovery, R>;
    // 2·N slots without `generic_const_exprs`.
    type Slots = [[u32; 2]; N];
}

impl<T, const N: usize> sealed::Sealed for heapless::Vec<T, N> {}

impl<T: StateItem, const N: usize> StateList<T> for heapless::Vec<T, N> {
    const EMPTY: Self = heapless::Vec::new();

    fn try_push(&mut self, item: T) -> Result<(), Error> {
        self.push(item).map_err(|_| too_many(N))
    }

    fn keep(&mut self, keep: impl FnMut(&T) -> bool) {
        self.retain(keep);
    }

    fn assign(&mut self, items: &[T]) -> Result<(), Error> {
        self.clear();
        self.extend_from_slice(items).map_err(|_| too_many(N))
    }
}

impl<const N: usize> sealed::Sealed for [[u32; 2]; N] {}

impl<const N: usize> IndexSlots for [[u32; 2]; N] {
    fn for_items(_: usize) -> Self {
        // Positions are below N, and EMPTY_SLOT is not one of them.
        const { assert!(N < EMPTY_SLOT as usize) };
        [[EMPTY_SLOT; 2]; N]
    }

    fn slots(&self) -> &[u32] {
        self.as_flattened()
    }

    fn slots_mut(&mut self) -> &mut [u32] {
        self.as_flattened_mut()
    }

    fn make_room(&mut self, _: usize) -> bool {
        // The list never holds more than N items.
        false
    }
}

/// Lists in `Vec`s that grow as needed (feature `alloc`).
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Growable;

#[cfg(feature = "alloc")]
mod growable {
    use alloc::vec::Vec;

    use super::{sealed, too_many, Growable, IndexSlots, StateItem, StateList, StateStorage};
    use super::{Error, Recovery, EMPTY_SLOT};

    /// The most items a growable list takes: positions must fit the index.
    const MAX_ITEMS: usize = (EMPTY_SLOT - 1) as usize;

    impl sealed::Sealed for Growable {}

    impl StateStorage for Growable {
        type List<T: StateItem> = Vec<T>;
        type Recoveries = Vec<Recovery>;
        type Slots = Vec<u32>;
    }

    impl<T> sealed::Sealed for Vec<T> {}

    impl<T: StateItem> StateList<T> for Vec<T> {
        const EMPTY: Self = Vec::new();

        fn try_push(&mut self, item: T) -> Result<(), Error> {
            if self.len() >= MAX_ITEMS {
                return Err(too_many(MAX_ITEMS));
            }
            self.push(item);
            Ok(())
        }

        fn keep(&mut self, keep: impl FnMut(&T) -> bool) {
            self.retain(keep);
        }

        fn assign(&mut self, items: &[T]) -> Result<(), Error> {
            if items.len() > MAX_ITEMS {
                return Err(too_many(MAX_ITEMS));
            }
            self.clear();
            self.extend_from_slice(items);
            Ok(())
        }
    }

    impl IndexSlots for Vec<u32> {
        fn for_items(len: usize) -> Self {
            let mut slots = Vec::new();
            slots.resize(len.saturating_mul(2).max(16), EMPTY_SLOT);
            slots
        }

        fn slots(&self) -> &[u32] {
            self
        }

        fn slots_mut(&mut self) -> &mut [u32] {
            self
        }

        fn make_room(&mut self, len: usize) -> bool {
            if len.saturating_mul(2) <= self.len() {
                return false;
            }
            // Doubling keeps the cost of re-indexing linear overall.
            let size = self.len().saturating_mul(2).max(len.saturating_mul(2));
            self.clear();
            self.resize(size, EMPTY_SLOT);
            true
        }
    }
}

fn too_many(max: usize) -> Error {
    Error::from(ErrorKind::TooMany {
        max: u32::try_from(max).unwrap_or(u32::MAX),
    })
}

mod sealed {
    /// Only this module's storages: the statement code is instantiated for
    /// them alone.
    pub trait Sealed {}

    /// Serde's traits when the feature is on, nothing otherwise.
    #[cfg(feature = "serde")]
    pub trait Serde: serde::Serialize + serde::de::DeserializeOwned {}
    #[cfg(feature = "serde")]
    impl<T: serde::Serialize + serde::de::DeserializeOwned> Serde for T {}

    /// Serde's traits when the feature is on, nothing otherwise.
    #[cfg(not(feature = "serde"))]
    pub trait Serde {}
    #[cfg(not(feature = "serde"))]
    impl<T> Serde for T {}
}
