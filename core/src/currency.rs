//! ISO 4217 currencies: code, numeric code and minor-unit exponent.
//!
//! A currency is a small `Copy` value; the active list is compiled in as
//! constants (`Currency::USD`, `Currency::JPY`, …) so lookups allocate nothing.

use core::fmt;

use crate::currency_table::TABLE;
use crate::error::ErrorKind;

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

    /// The active currency with this alphabetic code (upper case, e.g. `"EUR"`).
    pub fn from_code(code: &str) -> Result<Currency, ErrorKind> {
        let code: [u8; 3] = code
            .as_bytes()
            .try_into()
            .map_err(|_| ErrorKind::UnknownCurrency)?;
        TABLE
            .binary_search_by(|c| c.code.cmp(&code))
            .ok()
            .and_then(|i| TABLE.get(i))
            .copied()
            .ok_or(ErrorKind::UnknownCurrency)
    }

    /// The active currency with this ISO numeric code (e.g. 978 for EUR).
    pub fn from_numeric(numeric: u16) -> Result<Currency, ErrorKind> {
        TABLE
            .iter()
            .find(|c| c.numeric == numeric)
            .copied()
            .ok_or(ErrorKind::UnknownCurrency)
    }

    /// Every active currency, sorted by code.
    pub fn all() -> &'static [Currency] {
        TABLE
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

impl core::str::FromStr for Currency {
    type Err = ErrorKind;

    fn from_str(code: &str) -> Result<Currency, ErrorKind> {
        Currency::from_code(code)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Currency;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 4217 code such as \"USD\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Currency, E> {
                Currency::from_code(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}
