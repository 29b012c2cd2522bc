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

use core::fmt::Write as _;

use salesphysics_core::ErrorKind;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::status::ApiError;

/// The fingerprint of `input` for RPC `method` (e.g. `ClassifyAccounts`).
/// Fails only if a core type cannot be encoded, a fault of the service.
pub fn of(method: &str, input: &impl Serialize) -> Result<String, ApiError> {
    let encoded = postcard::to_allocvec(input).map_err(|_| {
        ApiError::internal(ErrorKind::Invalid(
            "the input could not be encoded for its fingerprint",
        ))
    })?;
    let mut hasher = Sha256::new();
    hasher.update(b"salesphysics.v1/");
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(&encoded);
    Ok(hex(&hasher.finalize()))
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
