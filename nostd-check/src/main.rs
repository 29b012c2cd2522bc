//! Links salesphysics-core into a `#![no_std]` binary with no global
//! allocator. Building it is the proof; it is never run.
#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use salesphysics_core::{allocate, Currency, Decimal, Money, RoundingMode};

#[panic_handler]
fn panic(_info: &PanicInfo) -> ! {
    loop {}
}

/// The host's precompiled `libcore` is built with unwinding and refers to
/// this symbol even under `panic = "abort"`; nothing ever calls it. Bare-metal
/// targets ship an abort-only `libcore` and need no such stub.
#[cfg(not(target_os = "none"))]
#[unsafe(no_mangle)]
pub extern "C" fn rust_eh_personality() {}

/// Exercises the core so its code is really linked, not optimized away.
fn exercise() -> Result<Money, salesphysics_core::Error> {
    let total = Money::parse(black_box("6.45"), Currency::USD)?;
    let weights = [Decimal::new(30, 2)?, Decimal::new(70, 2)?];
    let mut parts = [Money::zero(Currency::USD); 2];
    allocate(total, &weights, &mut parts)?;
    Ok(parts[0].mul_round(weights[1], RoundingMode::HalfEven)?)
}

/// The entry point of the bare binary.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    let _ = black_box(exercise());
    loop {}
}
