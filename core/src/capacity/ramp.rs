//! Ramp curves: the fraction of full productivity a hire delivers in each
//! month of tenure. A backfill is a new hire, so it ramps from month 0 again.

use crate::error::{Error, ErrorKind};
use crate::limits::MAX_RAMP_MONTHS;
use crate::{Decimal, RoundingMode, SCALE};

/// How productivity grows with tenure (tenure month 0 = the first month).
/// From the month [`Ramp::full_month`] on, every curve is at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ramp<'a> {
    /// `(k + 1) ÷ months` in tenure month `k < months`, then 1: a 3-month
    /// ramp gives 1/3, 2/3, 1. `months = 0` means productive from day one.
    Linear {
        /// Months until full productivity, at most [`MAX_RAMP_MONTHS`].
        months: u32,
    },
    /// 0 in tenure months `k < months`, then 1 (e.g. a training period).
    Step {
        /// Months with no productivity, at most [`MAX_RAMP_MONTHS`].
        months: u32,
    },
    /// `table[k]` in tenure month `k`, then 1. Values in `[0, 1]`.
    Custom(&'a [Decimal]),
}

impl Ramp<'_> {
    /// Checks the length limit and that custom factors lie in `[0, 1]`.
    pub fn validate(&self) -> Result<(), Error> {
        let too_long = Error::from(ErrorKind::TooMany {
            max: MAX_RAMP_MONTHS as u32,
        });
        match *self {
            Ramp::Linear { months } | Ramp::Step { months } => {
                if usize::try_from(months).map_or(true, |m| m > MAX_RAMP_MONTHS) {
                    return Err(too_long.at("months"));
                }
            }
            Ramp::Custom(table) => {
                if table.len() > MAX_RAMP_MONTHS {
                    return Err(too_long.at("table"));
                }
                for (i, factor) in table.iter().enumerate() {
                    if factor.is_negative() || *factor > Decimal::ONE {
                        return Err(Error::from(ErrorKind::OutOfRange).at_index("table", i));
                    }
                }
            }
        }
        Ok(())
    }

    /// The first tenure month from which the curve stays at 1: hires older
    /// than this are fully productive.
    pub fn full_month(&self) -> usize {
        let months = match *self {
            // A linear ramp's last month (k = months − 1) is already at 1.
            Ramp::Linear { months } => months.saturating_sub(1),
            Ramp::Step { months } => months,
            Ramp::Custom(table) => u32::try_from(table.len()).unwrap_or(u32::MAX),
        };
        usize::try_from(months)
            .unwrap_or(MAX_RAMP_MONTHS)
            .min(MAX_RAMP_MONTHS)
    }

    /// Productivity in tenure month `k`, in `[0, 1]`; linear factors are
    /// rounded half-even to 9 places.
    pub fn factor(&self, k: usize) -> Result<Decimal, ErrorKind> {
        Ok(match *self {
            Ramp::Linear { months } => {
                let months = usize::try_from(months).map_err(|_| ErrorKind::OutOfRange)?;
                if k >= months {
                    Decimal::ONE
                } else {
                    let done =
                        i64::try_from(k.saturating_add(1)).map_err(|_| ErrorKind::Overflow)?;
                    let total = i64::try_from(months).map_err(|_| ErrorKind::Overflow)?;
                    Decimal::from_int(done).div_round(
                        Decimal::from_int(total),
                        SCALE,
                        RoundingMode::HalfEven,
                    )?
                }
            }
            Ramp::Step { months } => {
                let months = usize::try_from(months).map_err(|_| ErrorKind::OutOfRange)?;
                if k >= months {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                }
            }
            Ramp::Custom(table) => table.get(k).copied().unwrap_or(Decimal::ONE),
        })
    }
}
