//! The outside checkers the tests run (readers and validators we did not write), and the rule
//! for when one is missing: in CI (`CI=true`) the test fails; elsewhere it says it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

/// How to make the checking venv that `.ci/run` makes.
pub const VENV_INSTALL: &str = "python3 -m venv target/ci-venv && target/ci-venv/bin/pip install \
                                ofdkit==0.2.0 openapi-spec-validator==0.9.0 schemathesis==4.32.5 \
                                python-docx==1.2.0 playwright==1.64.1";

/// The checking venv: `$XUNCHA_CI_VENV` (`.ci/run` makes it), else `target/ci-venv`.
pub fn venv() -> PathBuf {
    std::env::var_os("XUNCHA_CI_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv"))
}

/// The venv's Python when it can import `module`.
pub fn python_with(module: &str) -> Option<PathBuf> {
    let python = venv().join("bin/python");
    let works = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(python)
}

/// Whether a tool is there: in CI a missing tool fails the test; elsewhere it is reported loudly
/// and the caller skips.
pub fn required(tool: &str, present: bool, install: &str) -> bool {
    if present {
        return true;
    }
    let message = format!("{tool} is not installed; install it with: {install}");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("SKIPPED: {message}");
    false
}
