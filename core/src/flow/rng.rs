//! A counter-based random generator: SplitMix64's finalizer applied to
//! `(seed, stream, counter)`. Each draw depends only on those three
//! integers — not on how many draws came before or in which order — so a
//! simulation gives the same bits on every platform and whatever order it
//! visits leads in. Integer operations only (wrapping multiplications and
//! shifts on `u64`, defined identically everywhere).

/// SplitMix64's output function (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; the constants of
/// `java.util.SplittableRandom`).
pub const fn splitmix64(x: u64) -> u64 {
    // Wrapping is the algorithm: arithmetic modulo 2⁶⁴.
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Draws keyed by a seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CounterRng {
    seed: u64,
}

impl CounterRng {
    /// A generator for `seed`.
    pub const fn new(seed: u64) -> CounterRng {
        CounterRng { seed }
    }

    /// The draw for `(stream, counter)`: 64 uniform bits.
    pub const fn draw(&self, stream: u64, counter: u64) -> u64 {
        splitmix64(self.seed ^ splitmix64(stream ^ splitmix64(counter)))
    }

    /// A uniform integer in `[0, 10⁹)` from the draw's top 30 bits, scaled
    /// exactly (`bits × 10⁹ >> 30`): compared with a probability's nanos,
    /// `p` succeeds with probability `p` to within 2⁻³⁰.
    pub const fn unit_nanos(&self, stream: u64, counter: u64) -> u32 {
        let bits = self.draw(stream, counter) >> 34;
        // bits < 2³⁰ and 10⁹ < 2³⁰: the product fits u64; the result < 10⁹.
        ((bits.wrapping_mul(crate::NANOS_PER_UNIT)) >> 30) as u32
    }
}
