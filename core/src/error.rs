//! The one error type of the core: a reason and the path of the field that
//! caused it (`deals[3].amount`), so a caller can point at the bad input.
//!
//! Low-level numeric operations return [`ErrorKind`] alone (it is one or two
//! words, cheap on hot paths); anything that reads caller input attaches the
//! field path with [`ResultExt::at`] / [`ResultExt::at_index`] and returns
//! [`Error`].

use crate::limits::MAX_PATH_DEPTH;
use core::fmt;

use crate::currency::Currency;

/// Why an operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A result does not fit the decimal range ([`crate::Decimal::MAX`]).
    Overflow,
    /// A division, ratio or share had a zero denominator.
    DivisionByZero,
    /// A decimal string is malformed.
    Parse(ParseError),
    /// A currency code is not an active ISO 4217 code.
    UnknownCurrency,
    /// Two amounts in different currencies met without an FX rate.
    CurrencyMismatch {
        /// The currency the operation works in.
        expected: Currency,
        /// The currency that was supplied.
        found: Currency,
    },
    /// An amount has more fractional digits than its currency's minor unit.
    SubMinorUnit {
        /// The currency whose minor unit was exceeded.
        currency: Currency,
    },
    /// The value must be zero or greater.
    Negative,
    /// The value must be greater than zero.
    NotPositive,
    /// The value lies outside the range the field allows.
    OutOfRange,
    /// A list is longer than the fixed capacity the core works with.
    TooMany {
        /// The largest number of items allowed.
        max: u32,
    },
    /// A caller-provided output buffer is shorter than the result.
    BufferTooSmall {
        /// The number of items the result needs.
        needed: u32,
    },
    /// A list that must not be empty is empty.
    Empty,
    /// A calendar date does not exist (e.g. 2023-02-29).
    InvalidDate,
    /// A domain rule is violated; the text says which (e.g. "tiers overlap").
    Invalid(&'static str),
}

/// What is wrong with a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseError {
    /// The string is empty (or only a sign).
    Empty,
    /// A byte that is not a digit, sign or the single decimal point.
    InvalidCharacter {
        /// The offending byte.
        byte: u8,
        /// Its position in the string, from 0.
        at: u32,
    },
    /// More than one `.`.
    MultipleDecimalPoints,
    /// A `.` without digits on both sides (`"1."`, `".5"`).
    MissingDigits,
    /// More than 9 fractional digits and no rounding mode was given.
    TooManyFractionDigits,
    /// The integer part is beyond the decimal range.
    TooManyIntegerDigits,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Empty => f.write_str("empty decimal string"),
            Self::InvalidCharacter { byte, at } => {
                let why = match byte {
                    b'e' | b'E' => " (exponents are not accepted)",
                    b',' | b'_' | b' ' => " (no digit grouping)",
                    _ => "",
                };
                if byte.is_ascii_graphic() {
                    write!(
                        f,
                        "invalid character '{}' at byte {at}{why}",
                        char::from(byte)
                    )
                } else {
                    write!(f, "invalid byte 0x{byte:02x} at byte {at}")
                }
            }
            Self::MultipleDecimalPoints => f.write_str("more than one decimal point"),
            Self::MissingDigits => f.write_str("a decimal point needs digits on both sides"),
            Self::TooManyFractionDigits => f.write_str(
                "more than 9 fractional digits (give a rounding mode to accept and round them)",
            ),
            Self::TooManyIntegerDigits => f.write_str("more than 27 integer digits"),
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Overflow => f.write_str("arithmetic overflow: result exceeds the decimal range"),
            Self::DivisionByZero => f.write_str("division by zero"),
            Self::Parse(e) => write!(f, "malformed decimal: {e}"),
            Self::UnknownCurrency => f.write_str("not an active ISO 4217 currency code"),
            Self::CurrencyMismatch { expected, found } => {
                write!(f, "currency mismatch: expected {expected}, found {found}")
            }
            Self::SubMinorUnit { currency } => write!(
                f,
                "more fractional digits than {currency}'s minor unit ({})",
                currency.minor_units()
            ),
            Self::Negative => f.write_str("must not be negative"),
            Self::NotPositive => f.write_str("must be greater than zero"),
            Self::OutOfRange => f.write_str("out of range"),
            Self::TooMany { max } => write!(f, "too many items (at most {max})"),
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small ({needed} items needed)")
            }
            Self::Empty => f.write_str("must not be empty"),
            Self::InvalidDate => f.write_str("not a valid calendar date"),
            Self::Invalid(why) => f.write_str(why),
        }
    }
}

impl core::error::Error for ErrorKind {}

impl From<ParseError> for ErrorKind {
    fn from(e: ParseError) -> Self {
        Self::Parse(e)
    }
}

/// One step of a field path: a field name, with the element index when the
/// field is a list (`deals[3]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Segment {
    /// The field's name, e.g. `deals`.
    pub name: &'static str,
    /// The element of the list, if the step goes into one.
    pub index: Option<u32>,
}

/// Marks "no index" in the packed index array.
const NO_INDEX: u32 = u32::MAX;

/// The location of a field inside a request, outermost segment first.
///
/// Stored as two packed arrays so that `Result<_, Error>` stays small on the
/// happy path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldPath {
    names: [&'static str; MAX_PATH_DEPTH],
    indices: [u32; MAX_PATH_DEPTH],
    len: u8,
    truncated: bool,
}

impl FieldPath {
    /// The empty path: the error concerns the whole input.
    pub const ROOT: FieldPath = FieldPath {
        names: [""; MAX_PATH_DEPTH],
        indices: [NO_INDEX; MAX_PATH_DEPTH],
        len: 0,
        truncated: false,
    };

    /// The segments, outermost first.
    pub fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        self.names
            .iter()
            .zip(self.indices.iter())
            .take(usize::from(self.len))
            .map(|(&name, &index)| Segment {
                name,
                index: (index != NO_INDEX).then_some(index),
            })
    }

    /// Number of segments kept.
    pub fn depth(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether inner segments were dropped because the path was too deep.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Whether the path is empty.
    pub fn is_root(&self) -> bool {
        self.len == 0
    }

    /// Puts a segment in front: errors grow their path as they travel out of
    /// nested calls, so the outermost caller prepends last.
    #[must_use]
    pub fn prepend(mut self, segment: Segment) -> Self {
        if usize::from(self.len) == MAX_PATH_DEPTH {
            self.truncated = true;
        } else {
            self.len = self.len.saturating_add(1);
        }
        // Shift right by one, dropping the innermost segment when full.
        let keep = 0..MAX_PATH_DEPTH.saturating_sub(1);
        self.names.copy_within(keep.clone(), 1);
        self.indices.copy_within(keep, 1);
        if let (Some(name), Some(index)) = (self.names.first_mut(), self.indices.first_mut()) {
            *name = segment.name;
            *index = segment.index.unwrap_or(NO_INDEX);
        }
        self
    }
}

impl Default for FieldPath {
    fn default() -> Self {
        Self::ROOT
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(segment.name)?;
            if let Some(index) = segment.index {
                write!(f, "[{index}]")?;
            }
        }
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// An [`ErrorKind`] with the path of the field that caused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    path: FieldPath,
}

impl Error {
    /// An error about the field at `path`.
    pub fn new(kind: ErrorKind, path: FieldPath) -> Self {
        Self { kind, path }
    }

    /// Why it failed.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Which field failed.
    pub fn path(&self) -> &FieldPath {
        &self.path
    }

    /// Nests this error under the field `name`.
    #[must_use]
    pub fn at(self, name: &'static str) -> Self {
        Self {
            kind: self.kind,
            path: self.path.prepend(Segment { name, index: None }),
        }
    }

    /// Nests this error under element `index` of the list `name`.
    #[must_use]
    pub fn at_index(self, name: &'static str, index: usize) -> Self {
        // Indices past u32::MAX - 1 cannot occur: inputs are bounded far below.
        let index = u32::try_from(index).unwrap_or(NO_INDEX.saturating_sub(1));
        Self {
            kind: self.kind,
            path: self.path.prepend(Segment {
                name,
                index: Some(index),
            }),
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind, FieldPath::ROOT)
    }
}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        ErrorKind::Parse(e).into()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

impl core::error::Error for Error {}

/// Attaches field paths to fallible results.
pub trait ResultExt<T> {
    /// On error, nests it under the field `name`.
    fn at(self, name: &'static str) -> Result<T, Error>;
    /// On error, nests it under element `index` of the list `name`.
    fn at_index(self, name: &'static str, index: usize) -> Result<T, Error>;
}

impl<T, E: Into<Error>> ResultExt<T> for Result<T, E> {
    fn at(self, name: &'static str) -> Result<T, Error> {
        self.map_err(|e| e.into().at(name))
    }

    fn at_index(self, name: &'static str, index: usize) -> Result<T, Error> {
        self.map_err(|e| e.into().at_index(name, index))
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::ToString;

    use super::*;

    #[test]
    fn path_renders_like_a_field_access() {
        let e = Error::from(ErrorKind::Negative)
            .at("amount")
            .at_index("deals", 3);
        assert_eq!(e.to_string(), "deals[3].amount: must not be negative");
    }

    #[test]
    fn error_stays_small_enough_to_return_by_value() {
        assert!(core::mem::size_of::<Error>() <= 128);
    }

    #[test]
    fn root_error_has_no_path_prefix() {
        assert_eq!(
            Error::from(ErrorKind::DivisionByZero).to_string(),
            "division by zero"
        );
    }

    #[test]
    fn too_deep_paths_keep_the_outermost_segments() {
        let mut e = Error::from(ErrorKind::Overflow).at("leaf");
        for _ in 0..MAX_PATH_DEPTH {
            e = e.at("outer");
        }
        assert!(e.path().is_truncated());
        assert_eq!(e.path().depth(), MAX_PATH_DEPTH);
        assert!(e.to_string().starts_with("outer.outer"));
    }

    #[test]
    fn exponent_is_named_in_parse_errors() {
        let e = ParseError::InvalidCharacter { byte: b'e', at: 1 };
        assert_eq!(
            e.to_string(),
            "invalid character 'e' at byte 1 (exponents are not accepted)"
        );
    }
}
