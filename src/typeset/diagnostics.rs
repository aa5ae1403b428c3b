//! Typst's diagnostics as xuncha reports them ([`Diagnostic`]), with the span resolved to a
//! file, line and column.

use typst::World;
use typst::WorldExt;
use typst::diag::SourceDiagnostic;

use crate::diagnostics::{Diagnostic, Severity, SourceLocation};

/// Converts Typst's diagnostic, resolving its span against `world`.
pub fn from_typst(world: &dyn World, diag: &SourceDiagnostic) -> Diagnostic {
    let location = diag.span.id().and_then(|id| {
        let source = world.source(id).ok()?;
        let range = world.range(diag.span)?;
        let (line, column) = source.lines().byte_to_line_column(range.start)?;
        let line_range = source.lines().line_to_range(line)?;
        let source_line = source.text()[line_range]
            .trim_end_matches(['\n', '\r'])
            .to_string();
        Some(SourceLocation {
            file: id.get().vpath().get_with_slash().to_string(),
            line: line + 1,
            column: column + 1,
            source_line,
        })
    });
    Diagnostic {
        severity: match diag.severity {
            typst::diag::Severity::Error => Severity::Error,
            typst::diag::Severity::Warning => Severity::Warning,
        },
        message: diag.message.to_string(),
        location,
        hints: diag.hints.iter().map(|h| h.v.to_string()).collect(),
    }
}
