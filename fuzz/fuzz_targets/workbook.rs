//! Fuzzes the spreadsheet reader over workbook bytes (xlsx, xls, ods, anything); see
//! `harness::workbook_bytes`.
#![no_main]

#[allow(dead_code)] // each target runs one of the checks
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::workbook_bytes(data));
