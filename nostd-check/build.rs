//! Skips the C runtime's start files when linking for a hosted target: the
//! binary brings its own `_start` and is only linked, never run. (libc stays
//! linked for memcpy and friends; bare-metal targets need none of this.)
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os != "none") {
        println!("cargo:rustc-link-arg-bins=-nostartfiles");
    }
}
