//! Errors at the line the author wrote: Typst diagnostics in a generated entry moved back to the
//! `.tera` line that produced it, and Tera's own errors located in the `.tera` file.

use std::collections::HashMap;
use std::path::Path;

use super::layers::Layers;
use super::manifest::Template;
use super::sourcemap::{self, SourceMap};
use super::tera_env::TeraFile;
use crate::typeset::diagnostics::{Diagnostic, SourceLocation};

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

/// A Tera error as a diagnostic: the template file, the line and column in the author's text
/// (markers taken out), the source line and the code the error is about.
pub(super) fn tera_error_diagnostic<'a>(
    error: &tera::Error,
    file_of: impl Fn(&str) -> Option<&'a TeraFile>,
    fallback_name: &str,
) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let Some(report) = report else {
        return Diagnostic {
            severity: "error",
            message: format!("template {fallback_name}: {error}"),
            location: None,
            hints: Vec::new(),
        };
    };
    let name = if report.filename().is_empty() {
        fallback_name
    } else {
        report.filename()
    };
    let span = report.span();
    let file = file_of(name);
    let location = file.map(|file| {
        let shift = sourcemap::marker_width(&file.instrumented, span.start_line);
        SourceLocation {
            file: file.path.display().to_string(),
            line: span.start_line,
            column: span.start_col.saturating_sub(shift) + 1,
            source_line: file
                .text
                .lines()
                .nth(span.start_line.saturating_sub(1))
                .unwrap_or_default()
                .to_string(),
        }
    });
    let code = location
        .as_ref()
        .map(|l| enclosing_tag(&l.source_line, l.column))
        .unwrap_or_default();
    let mut message = format!("template: {}", report.message());
    let code = code.trim();
    if !code.is_empty() && code.len() < 200 && !message.contains(code) {
        message.push_str(&format!(" (in `{code}`)"));
    }
    Diagnostic {
        severity: "error",
        message,
        location,
        hints: Vec::new(),
    }
}

/// The `{{ … }}` or `{% … %}` around a 1-based column of a line, without its braces, so that
/// a message can quote the expression the author wrote.
fn enclosing_tag(line: &str, column: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let text: String = chars[..at].iter().collect();
    let open = ["{{", "{%"]
        .iter()
        .filter_map(|o| text.rfind(o).map(|i| (i, *o)))
        .max_by_key(|(i, _)| *i);
    let Some((start, open)) = open else {
        return String::new();
    };
    let close = if open == "{{" { "}}" } else { "%}" };
    let rest = &line[start + 2..];
    match rest.find(close) {
        Some(end) => rest[..end].trim_matches(['-', ' ']).to_string(),
        None => String::new(),
    }
}
