//! The input fingerprint every response carries: SHA-256, lowercase hex,
//! over a canonical encoding of the **validated core inputs** (not the
//! protobuf bytes, which vary with field order and explicit defaults).
//!
//! The canonical encoding, defined here and nowhere else:
//!
//! ```text
//! "salesphysics.v1/" <method> "\n" <core input rendered with {:?}>
//! ```
//!
//! The core values are what the conversion produced, so two requests that
//! differ only in field order, omitted defaults or decimal spelling
//! (`"1.5"` / `"1.50"`) give the same fingerprint. When the core gains its
//! canonical serde JSON encoding this function switches to it (the one
//! place to change); the documented property stays the same.

use core::fmt::Debug;
use core::fmt::Write as _;

use sha2::{Digest, Sha256};

/// The fingerprint of `input` for RPC `method` (e.g. `ClassifyAccounts`).
pub fn of(method: &str, input: &impl Debug) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"salesphysics.v1/");
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(format!("{input:?}").as_bytes());
    hex(&hasher.finalize())
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
