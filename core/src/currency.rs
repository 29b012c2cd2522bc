//! What a currency is: an ISO 4217 code, numeric code and minor-unit
//! exponent, in a small `Copy` value. The active list, its constants
//! (`Currency::USD`, …) and lookup by code live in `currency_table`, which
//! builds on this type; this module depends on nothing else in the crate.

use core::fmt;

/// An ISO 4217 currency.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency {
    code: [u8; 3],
    numeric: u16,
    minor_units: u8,
}

impl Currency {
    /// A currency from its parts. Prefer the constants or
    /// [`Currency::from_code`]; this exists for the table and for tests.
    pub(crate) const fn new(code: [u8; 3], numeric: u16, minor_units: u8) -> Currency {
        Currency {
            code,
            numeric,
            minor_units,
        }
    }

    /// The three-letter code as bytes, for lookups.
    pub(crate) const fn code_bytes(&self) -> [u8; 3] {
        self.code
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // The table only holds ASCII upper-case letters.
        core::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// The ISO numeric code.
    pub const fn numeric(&self) -> u16 {
        self.numeric
    }

    /// Digits after the decimal point in the minor unit: 2 for USD (cents),
    /// 0 for JPY, 3 for KWD, 4 for CLF.
    #[inline]
    pub const fn minor_units(&self) -> u32 {
        self.minor_units as u32
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
