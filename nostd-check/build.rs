//! On a hosted target, skips the C runtime's start files (the binary brings
//! its own `_start` and is only linked, never run) and links libc for
//! memcpy and friends. Bare-metal targets need neither.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os != "none") {
        println!("cargo:rustc-link-arg-bins=-nostartfiles");
        println!("cargo:rustc-link-arg-bins=-lc");
    }
}
