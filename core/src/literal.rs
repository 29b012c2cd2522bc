//! Decimal literals checked at compile time: `dec!(0.10)` is a
//! [`Decimal`] constant, and a literal that is not one (too many decimals,
//! out of range) fails the build instead of failing at run time.

use crate::{Decimal, ErrorKind, ParseError, SCALE};

impl Decimal {
    /// Parses a plain decimal (`-12.5`, `0.000000001`) in a `const`
    /// context, for [`crate::dec!`]: an optional sign, digits, an optional
    /// point and at most [`SCALE`] fractional digits. Every string it
    /// accepts, the runtime parser ([`str::parse`]) reads to the same value
    /// (a property test checks it); the runtime parser also accepts zeros
    /// past the ninth decimal.
    pub const fn parse_literal(text: &str) -> Result<Decimal, ErrorKind> {
        let bytes = text.as_bytes();
        let (negative, mut rest) = match bytes {
            [b'-', rest @ ..] => (true, rest),
            [b'+', rest @ ..] => (false, rest),
            rest => (false, rest),
        };
        if rest.is_empty() {
            return Err(ErrorKind::Parse(ParseError::Empty));
        }
        let mut at = bytes.len().saturating_sub(rest.len());
        let mut magnitude: i128 = 0;
        let mut fraction_digits: Option<u32> = None;
        let mut digits = 0u32;
        while let [byte, tail @ ..] = rest {
            match *byte {
                b'.' if fraction_digits.is_none() => fraction_digits = Some(0),
                b'.' => return Err(ErrorKind::Parse(ParseError::MultipleDecimalPoints)),
                b'0'..=b'9' => {
                    if let Some(seen) = fraction_digits {
                        if seen == SCALE {
                            return Err(ErrorKind::Parse(ParseError::TooManyFractionDigits));
                        }
                        fraction_digits = Some(seen.saturating_add(1));
                    }
                    digits = digits.saturating_add(1);
                    let digit = byte.saturating_sub(b'0') as i128;
                    magnitude = match magnitude.checked_mul(10) {
                        Some(tens) => match tens.checked_add(digit) {
                            Some(value) => value,
                            None => return Err(too_long()),
                        },
                        None => return Err(too_long()),
                    };
                }
                other => {
                    // Literals are far shorter than 2^32 bytes.
                    let at = if at > u32::MAX as usize {
                        u32::MAX
                    } else {
                        at as u32
                    };
                    return Err(ErrorKind::Parse(ParseError::InvalidCharacter {
                        byte: other,
                        at,
                    }));
                }
            }
            rest = tail;
            at = at.saturating_add(1);
        }
        if digits == 0 {
            return Err(ErrorKind::Parse(ParseError::MissingDigits));
        }
        let mut scale = match fraction_digits {
            Some(seen) => seen,
            None => 0,
        };
        while scale < SCALE {
            magnitude = match magnitude.checked_mul(10) {
                Some(value) => value,
                None => return Err(too_long()),
            };
            scale = scale.saturating_add(1);
        }
        // The magnitude is not negative, so its negation cannot wrap.
        match Decimal::from_nanos(if negative {
            magnitude.wrapping_neg()
        } else {
            magnitude
        }) {
            Ok(value) => Ok(value),
            Err(_) => Err(too_long()),
        }
    }
}

const fn too_long() -> ErrorKind {
    ErrorKind::Parse(ParseError::TooManyIntegerDigits)
}

/// A [`Decimal`] constant from a literal, checked at compile time:
/// `dec!(0.10)`, `dec!(-2.5)`, `dec!("48213.37")`.
///
/// ```
/// use salesphysics_core::{dec, Decimal};
/// const RATE: Decimal = dec!(0.0725);
/// assert_eq!(RATE, "0.0725".parse::<Decimal>()?);
/// assert_eq!(dec!(-2.5), "-2.5".parse::<Decimal>()?);
/// # Ok::<(), salesphysics_core::ErrorKind>(())
/// ```
#[macro_export]
macro_rules! dec {
    (- $value:literal) => {
        $crate::dec!(@parse concat!("-", stringify!($value)))
    };
    ($value:literal) => {
        $crate::dec!(@parse $crate::__literal_text!($value))
    };
    (@parse $text:expr) => {{
        const VALUE: $crate::Decimal = match $crate::Decimal::parse_literal($text) {
            Ok(value) => value,
            // A compile-time error, not a run-time panic: the literal is
            // checked while the constant is evaluated.
            #[allow(clippy::panic)]
            Err(_) => panic!("not a decimal literal"),
        };
        VALUE
    }};
}

/// The text of a literal for [`dec!`]: a string literal as it is, a number
/// as written.
#[doc(hidden)]
#[macro_export]
macro_rules! __literal_text {
    ($value:literal) => {
        $crate::__strip_quotes(stringify!($value))
    };
}

/// `"\"1.5\""` → `"1.5"`, `"1.5"` → `"1.5"`, in a const context.
#[doc(hidden)]
pub const fn __strip_quotes(text: &str) -> &str {
    match text.as_bytes() {
        [b'"', inner @ .., b'"'] => match core::str::from_utf8(inner) {
            Ok(inner) => inner,
            Err(_) => text,
        },
        _ => text,
    }
}
