//! Errors at the line the author wrote: Typst diagnostics in a generated entry moved back to the
//! `.tera` line that produced it, and Tera's own errors located in the `.tera` file.

use std::collections::HashMap;
use std::path::Path;

use super::layers::Layers;
use super::manifest::Template;
use super::sourcemap::SourceMap;
use super::tera_env::TeraFile;
use crate::diagnostics::{Diagnostic, SourceLocation};

/// The Typst source Tera made from an entry template (under the template's entry id), with
/// the way back to the template.
pub struct Generated {
    /// The Typst source.
    pub source: typst::syntax::Source,
    pub(super) map: SourceMap,
}

/// Moves a location in `template`'s generated entry to the `.tera` line that produced it
/// (the generated line goes into a hint); other locations get the real file's path.
pub(super) fn locate(
    layers: &Layers,
    tera_files: &HashMap<String, TeraFile>,
    template: &Template,
    generated: &Generated,
    diagnostic: &mut Diagnostic,
) {
    let Some(location) = &mut diagnostic.location else {
        return;
    };
    let entry = template.entry_id();
    if location.file != entry.get().vpath().get_with_slash() {
        if let Some(path) = layers.resolve(Path::new(location.file.trim_start_matches('/'))) {
            location.file = path.display().to_string();
        }
        return;
    }
    let Some(file) = tera_files.get(&template.entry_name()) else {
        return;
    };
    let Some((line, column)) = generated.map.locate(
        location.line,
        location.column,
        generated.source.text(),
        &file.text,
    ) else {
        return;
    };
    diagnostic.hints.push(format!(
        "generated Typst line {}: {}",
        location.line,
        location.source_line.trim()
    ));
    *location = SourceLocation {
        file: file.path.display().to_string(),
        line,
        column,
        source_line: file
            .text
            .lines()
            .nth(line - 1)
            .unwrap_or_default()
            .to_string(),
    };
}
