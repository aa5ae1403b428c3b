//! Why templates cannot be used: a folder set that cannot load at all ([`TemplateLoadError`]), a
//! reload whose templates do not all load ([`ReloadError`]).

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::model::DocKind;

/// A template folder set that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum TemplateLoadError {
    /// The folder is not there.
    #[error("template folder {0} does not exist")]
    MissingFolder(PathBuf),
    /// A folder could not be listed or a file read.
    #[error("cannot read template {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A kind has no working default template (one named after the kind).
    #[error("no working template for {kind} (a template named {kind}):{}", errors.iter().map(|p| format!("\n{p}")).collect::<String>())]
    MissingDefault {
        /// The kind.
        kind: DocKind,
        /// Why the templates that were there did not load.
        errors: Vec<Diagnostic>,
    },
}

/// A reload whose templates do not all load; the templates in use stay.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The folders cannot be used at all.
    #[error(transparent)]
    Load(#[from] TemplateLoadError),
    /// Some templates failed; each problem says where.
    #[error("{} template problem(s); the templates in use stay:{}", .0.len(), .0.iter().map(|p| format!("\n{p}")).collect::<String>())]
    Broken(Vec<Diagnostic>),
}
