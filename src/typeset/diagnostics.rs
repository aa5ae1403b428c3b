//! Typst errors and warnings in a form people and programs can read.

use serde::Serialize;
use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};

/// Where in a template a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLocation {
    /// Path of the file inside the template folder, e.g. `/lib/gongwen.typ`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of that line.
    pub source_line: String,
}

/// A Typst error or warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What Typst said.
    pub message: String,
    /// Where, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    /// Typst's hints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// Converts Typst's diagnostic, resolving its span against `world`.
    pub fn from_typst(world: &dyn World, diag: &SourceDiagnostic) -> Self {
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
        Self {
            severity: match diag.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: diag.message.to_string(),
            location,
            hints: diag.hints.iter().map(|h| h.v.to_string()).collect(),
        }
    }
}

impl Diagnostic {
    /// Whether this is Typst's warning that the layout did not converge (its introspections kept
    /// changing over five layout passes), or one of the warnings detailing what kept changing.
    pub fn is_unconverged(&self) -> bool {
        self.severity == "warning"
            && (self.message.contains("did not converge")
                || self.message.contains("did not stabilize"))
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)?;
        if let Some(loc) = &self.location {
            write!(
                f,
                "\n  --> {}:{}:{}\n   | {}",
                loc.file, loc.line, loc.column, loc.source_line
            )?;
        }
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
