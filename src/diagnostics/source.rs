//! [`Diagnostic`]: a Tera or Typst error or warning, at its place in a template, in a form
//! people and programs can read.

use schemars::JsonSchema;
use serde::Serialize;

/// Where in a template a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
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

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document could not be made.
    Error,
    /// The document was made; something is worth a look.
    Warning,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// A Tera or Typst error or warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
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
    /// An error with a message and nothing else: no place, no hints.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hints: Vec::new(),
        }
    }

    /// The same diagnostic with every path inside one of `folders` written from that folder
    /// (see [`hide_folders`]).
    pub fn hide_folders(&mut self, folders: &[String]) {
        hide_folders(&mut self.message, folders);
        self.hints
            .iter_mut()
            .for_each(|hint| hide_folders(hint, folders));
        if let Some(location) = &mut self.location {
            hide_folders(&mut location.file, folders);
        }
    }

    /// Whether this is Typst's warning that the layout did not converge (its introspections kept
    /// changing over five layout passes), or one of the warnings detailing what kept changing.
    pub fn is_unconverged(&self) -> bool {
        self.severity == Severity::Warning
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

/// Writes every path in `text` that lies inside one of `folders` from that folder
/// (`/lib/gongwen.typ`, `/my_template/main.typ.tera`): what the service tells its clients, who
/// know the templates but must not learn where they lie on the server.
pub fn hide_folders(text: &mut String, folders: &[String]) {
    for folder in folders {
        let inside = format!("{}/", folder.trim_end_matches('/'));
        if text.contains(&inside) {
            *text = text.replace(&inside, "/");
        }
    }
}
