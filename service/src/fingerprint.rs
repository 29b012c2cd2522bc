//! The input fingerprint every response carries: SHA-256, lowercase hex,
//! over a canonical encoding of the **validated core inputs** (not the
//! protobuf bytes, which vary with field order and explicit defaults).
//!
//! The canonical encoding, defined here and nowhere else:
//!
//! ```text
//! "salesphysics.v1/" <method> "\n" <postcard(core input)>
//! ```
//!
//! where `postcard(..)` is the [postcard wire format v1] of the core's serde
//! data model in its binary form: decimals as their exact nano count
//! (zigzag varint), dates as days since 1970-01-01, sets as their member
//! lists, fields in declaration order. The core values are what the
//! conversion produced, so two requests that differ only in field order,
//! omitted defaults or decimal spelling (`"1.5"` / `"1.50"`) give the same
//! fingerprint.
//!
//! [postcard wire format v1]: https://postcard.jamesmunns.com/wire-format

use salesphysics_core::ErrorKind;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::status::ApiError;

/// The fingerprint of `input` for RPC `method` (e.g. `ClassifyAccounts`).
/// Fails only if a core type cannot be encoded, a fault of the service.
pub fn of(method: &str, input: &impl Serialize) -> Result<String, ApiError> {
    let mut hasher = Sha256::new();
    hasher.update(b"salesphysics.v1/");
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    let hashed = postcard::serialize_with_flavor(input, Hashing::new(hasher)).map_err(|_| {
        ApiError::internal(ErrorKind::Invalid(
            "the input could not be encoded for its fingerprint",
        ))
    })?;
    Ok(hex(&hashed.finalize()))
}

/// A postcard output that hashes what it is given instead of keeping it:
/// the encoding is never held in memory. Bytes are gathered in a small
/// buffer first, as postcard writes many one-byte pieces and each hasher
/// update has a fixed cost.
struct Hashing {
    hasher: Sha256,
    buffer: [u8; 256],
    used: usize,
}

impl Hashing {
    fn new(hasher: Sha256) -> Self {
        Hashing {
            hasher,
            buffer: [0; 256],
            used: 0,
        }
    }

    fn flush(&mut self) {
        self.hasher
            .update(self.buffer.get(..self.used).unwrap_or_default());
        self.used = 0;
    }
}

impl postcard::ser_flavors::Flavor for Hashing {
    type Output = Sha256;

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.try_extend(&[data])
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        let end = self.used.saturating_add(data.len());
        match self.buffer.get_mut(self.used..end) {
            Some(room) => {
                room.copy_from_slice(data);
                self.used = end;
            }
            None => {
                self.flush();
                self.hasher.update(data);
            }
        }
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<Sha256> {
        self.flush();
        Ok(self.hasher)
    }
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0xf] {
            out.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};

    /// The documented encoding, written out the plain way: the prefix, then
    /// postcard's whole encoding held in memory.
    fn plain(method: &str, input: &impl serde::Serialize) -> String {
        let mut hasher = Sha256::new();
        hasher.update(format!("salesphysics.v1/{method}\n").as_bytes());
        hasher.update(postcard::to_allocvec(input).unwrap_or_default());
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn empty_input_is_sha256_of_the_prefix_alone() {
        // Postcard encodes the unit value as no bytes at all, so this is
        // `printf 'salesphysics.v1/M\n' | sha256sum` (coreutils).
        assert_eq!(
            super::of("M", &()).ok().as_deref(),
            Some("554525eb579fd1b840a8c37dec400c48defdcd3fe4ef3ba9f4d2361e41ffab55"),
        );
    }

    proptest! {
        /// Hashing while encoding gives the hash of the whole encoding, for
        /// inputs shorter and longer than the buffer, in pieces of every size.
        #[test]
        fn streamed_equals_whole(
            numbers in proptest::collection::vec(any::<u64>(), 0..200),
            text in ".{0,600}",
            bytes in proptest::collection::vec(any::<u8>(), 0..700),
        ) {
            let input = (&numbers, &text, &bytes);
            prop_assert_eq!(super::of("ComputeStatement", &input).ok(), Some(plain("ComputeStatement", &input)));
        }
    }
}
