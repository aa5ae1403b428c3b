//! [`InputError`]: one thing wrong with an input document, at its JSON path.

use serde::Serialize;

/// One thing wrong with an input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// JSON Pointer to the offending value, e.g. `/problem_groups/2/problems/0/description`.
    pub path: String,
    /// What is wrong and how to fix it, in Chinese.
    pub message: String,
}

impl InputError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}
