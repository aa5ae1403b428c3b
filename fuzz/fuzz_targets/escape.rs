//! Fuzzes the escaping of data into Typst source; see `harness::escape_literal`.
#![no_main]

#[allow(dead_code)] // each target runs one of the checks
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::escape_literal(data));
