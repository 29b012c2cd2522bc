//! The `alloc` layer's one buffer loop.
//!
//! Every no-allocator entry point writes into caller buffers and, when one
//! is short, fails with [`ErrorKind::BufferTooSmall`] naming the buffer and
//! the count it needs. The owned entry points (`*_owned`) run that entry
//! point against `Vec`s and grow the named one until the call fits, so the
//! service, the CLI and Rust callers never write the retry loop themselves.

use alloc::vec::Vec;

use crate::{Error, ErrorKind};

/// How many times a call is retried after growing a buffer. Each engine
/// names its full need on the first shortfall except the payout scratch,
/// which may name "the lines needed so far" once per re-rated period, so a
/// handful of rounds always suffices; the bound only keeps a faulty engine
/// from looping.
const MAX_ROUNDS: usize = 32;

/// A growable output buffer of an owned call: the `Vec` and the field name
/// the engine uses for it in `BufferTooSmall` errors.
pub(crate) struct Buffer<T> {
    pub(crate) name: &'static str,
    pub(crate) items: Vec<T>,
    blank: T,
}

impl<T: Clone> Buffer<T> {
    /// A buffer of `size` blank items.
    pub(crate) fn new(name: &'static str, blank: T, size: usize) -> Buffer<T> {
        let mut items = Vec::new();
        items.resize(size, blank.clone());
        Buffer { name, items, blank }
    }

    /// Grows the buffer when `error` says it is the one too small; returns
    /// whether it did.
    pub(crate) fn grow(&mut self, error: &Error) -> bool {
        let ErrorKind::BufferTooSmall { needed } = error.kind() else {
            return false;
        };
        let named = error
            .path()
            .segments()
            .next()
            .is_some_and(|segment| segment.name == self.name);
        let Ok(needed) = usize::try_from(needed) else {
            return false;
        };
        if !named || needed <= self.items.len() {
            return false;
        }
        self.items.resize(needed, self.blank.clone());
        true
    }

    /// The first `len` items, the rest dropped.
    pub(crate) fn into_vec(mut self, len: usize) -> Vec<T> {
        self.items.truncate(len);
        self.items
    }
}

/// Runs `call` until no buffer in `buffers` is too small.
///
/// `call` writes into `buffers`; `grow` grows the one a shortfall names and
/// says whether it did. Any other error is returned as it is.
pub(crate) fn until_fits<R, B>(
    buffers: &mut B,
    mut call: impl FnMut(&mut B) -> Result<R, Error>,
    mut grow: impl FnMut(&mut B, &Error) -> bool,
) -> Result<R, Error> {
    let mut rounds = 0usize;
    loop {
        match call(buffers) {
            Ok(result) => return Ok(result),
            Err(error) if rounds < MAX_ROUNDS && grow(buffers, &error) => {
                rounds = rounds.saturating_add(1);
            }
            Err(error) => return Err(error),
        }
    }
}
