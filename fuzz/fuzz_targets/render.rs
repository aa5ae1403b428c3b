//! Fuzzes JSON → validate → render with one warm engine; see `harness::render_json`.
#![no_main]

#[allow(dead_code)] // each target runs one of the checks
#[path = "../harness.rs"]
mod harness;

use std::sync::OnceLock;

use xuncha::{Engine, EngineConfig};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&EngineConfig::bundled()).expect("engine starts"))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::render_json(engine(), data));
