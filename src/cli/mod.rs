//! The subcommands of the `xuncha` binary, one module each.

pub mod batch;
pub mod fonts;
pub mod render;
pub mod serve;
pub mod templates;
pub mod watch;

use xuncha::DocKind;

/// Parses a `doc_kind` argument.
pub fn parse_kind(s: &str) -> Result<DocKind, String> {
    s.parse()
}
