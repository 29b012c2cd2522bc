#![no_main]
//! Placeholder until the funnel engine lands.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|_data: &[u8]| {});
