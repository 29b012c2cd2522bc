//! Rounding modes and the single place where a discarded fraction decides
//! the last kept digit.

use core::cmp::Ordering;

/// How to round a value that lies between two representable results.
///
/// "Half" modes only differ on an exact tie; the others look at the sign and
/// whether anything was discarded at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum RoundingMode {
    /// Nearest; ties to the even neighbour (banker's rounding). The default:
    /// it does not bias sums of many rounded lines.
    #[default]
    HalfEven,
    /// Nearest; ties away from zero (commercial rounding).
    HalfUp,
    /// Nearest; ties toward zero.
    HalfDown,
    /// Toward zero (truncate).
    Down,
    /// Away from zero.
    Up,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

/// Every mode, for exhaustive tests and tables.
pub const ALL_ROUNDING_MODES: [RoundingMode; 7] = [
    RoundingMode::HalfEven,
    RoundingMode::HalfUp,
    RoundingMode::HalfDown,
    RoundingMode::Down,
    RoundingMode::Up,
    RoundingMode::Floor,
    RoundingMode::Ceiling,
];

/// Where a discarded fraction lies relative to one half of the last kept unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Discarded {
    Zero,
    BelowHalf,
    Half,
    AboveHalf,
}

impl Discarded {
    /// Classifies the fraction `remainder / denominator`, `remainder < denominator`.
    pub(crate) fn of(remainder: u128, denominator: u128) -> Self {
        if remainder == 0 {
            return Self::Zero;
        }
        match remainder.cmp(&denominator.saturating_sub(remainder)) {
            Ordering::Less => Self::BelowHalf,
            Ordering::Equal => Self::Half,
            Ordering::Greater => Self::AboveHalf,
        }
    }

    /// Refines a classification made on leading digits with whether any
    /// non-zero digit follows (`sticky`). Valid when the leading digits'
    /// unit is even, as every power of ten above one is.
    pub(crate) fn with_sticky(self, sticky: bool) -> Self {
        match (self, sticky) {
            (Self::Zero, true) => Self::BelowHalf,
            (Self::Half, true) => Self::AboveHalf,
            (other, _) => other,
        }
    }
}

impl RoundingMode {
    /// Whether a truncated magnitude must grow by one unit. `odd` is the
    /// parity of the truncated magnitude, `negative` the sign of the value.
    #[inline]
    pub(crate) fn increments(self, discarded: Discarded, negative: bool, odd: bool) -> bool {
        match (self, discarded) {
            (_, Discarded::Zero) => false,
            (Self::Down, _) => false,
            (Self::Up, _) => true,
            (Self::Floor, _) => negative,
            (Self::Ceiling, _) => !negative,
            (_, Discarded::BelowHalf) => false,
            (_, Discarded::AboveHalf) => true,
            (Self::HalfUp, Discarded::Half) => true,
            (Self::HalfDown, Discarded::Half) => false,
            (Self::HalfEven, Discarded::Half) => odd,
        }
    }
}
