//! The Tera environment templates are expanded in: every `{{ }}` escaped into a Typst string
//! literal, `safe` disabled, and the filters `typst` and `cn_date`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::{Kwargs, State, Tera};

use super::error::TemplateLoadError;
use super::escape::{typst_string_literal, typst_value_literal};
use super::layers::{Layer, relative_name};
use super::sourcemap;
use crate::diagnostics::{Diagnostic, SourceLocation};
use crate::model::IsoDate;
use crate::walk;

/// A `.tera` file as loaded: where it is and its text.
pub(super) struct TeraFile {
    /// Where it is.
    pub path: PathBuf,
    /// The author's text.
    pub text: String,
    /// The text with line markers, as Tera parsed it.
    pub instrumented: String,
}

/// Loads every `.tera` file of every layer into one Tera, the highest layer's version of each
/// name first; a version that does not parse is reported and the next layer's is tried.
pub(super) fn load_tera<'a>(
    layers: impl Iterator<Item = &'a Layer>,
    errors: &mut Vec<Diagnostic>,
) -> Result<(Tera, HashMap<String, TeraFile>), TemplateLoadError> {
    let mut tera = Tera::new();
    tera.autoescape_on([".tera"]);
    tera.set_escape_fn(typst_string_literal);
    tera.register_filter("safe", refuse_safe);
    tera.register_filter("cn_date", cn_date);
    tera.register_filter("typst", TypstLiteral);
    // Every version of every name, highest layer first.
    let mut versions: BTreeMap<String, Vec<TeraFile>> = BTreeMap::new();
    let is_tera = |path: &Path| path.extension().is_some_and(|e| e == "tera");
    for layer in layers {
        let paths =
            walk::files_below(&layer.root, &is_tera).map_err(|source| TemplateLoadError::Io {
                path: layer.root.clone(),
                source,
            })?;
        for path in paths {
            let name = relative_name(&layer.root, &path);
            let text = std::fs::read_to_string(&path).map_err(|source| TemplateLoadError::Io {
                path: path.clone(),
                source,
            })?;
            let instrumented = sourcemap::instrument(&text);
            versions.entry(name).or_default().push(TeraFile {
                path,
                text,
                instrumented,
            });
        }
    }
    let mut loaded = HashMap::new();
    for (name, candidates) in versions {
        for file in candidates {
            match tera.add_raw_template(&name, &file.instrumented) {
                Ok(()) => {
                    loaded.insert(name.clone(), file);
                    break;
                }
                Err(error) => {
                    let files = HashMap::from([(name.clone(), &file)]);
                    errors.push(tera_error_diagnostic(
                        &error,
                        |n| files.get(n).copied(),
                        &name,
                    ));
                }
            }
        }
    }
    Ok((tera, loaded))
}

/// `{{ value | typst }}`: any value as a Typst literal (strings escaped, `null` → `none`).
/// Its output is code built by the escaper, so Tera must not escape it again. An undefined
/// value (a field the data does not have) is an error, not `none`, so typos are caught.
struct TypstLiteral;

impl tera::Filter<tera::Value, tera::TeraResult<String>> for TypstLiteral {
    fn call(&self, value: tera::Value, _: Kwargs, _: &State) -> tera::TeraResult<String> {
        if value.is_undefined() {
            return Err(tera::Error::message(
                "the value given to `typst` is undefined: the data has no such field",
            ));
        }
        let json = serde_json::to_value(&value)
            .map_err(|e| tera::Error::message(format!("typst filter: {e}")))?;
        let mut out = String::new();
        typst_value_literal(&json, &mut out);
        Ok(out)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `safe` would print data unescaped into Typst source; it is disabled.
fn refuse_safe(_: &str, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    Err(tera::Error::message(
        "the `safe` filter is disabled in xuncha templates: data is always escaped into a Typst string",
    ))
}

/// `{{ date | cn_date }}`: `2024-06-18` → `2024年6月18日`.
fn cn_date(value: &str, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    IsoDate(value.to_string())
        .chinese()
        .ok_or_else(|| tera::Error::message(format!("cn_date: “{value}” is not a YYYY-MM-DD date")))
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
        return Diagnostic::error(format!("template {fallback_name}: {error}"));
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
        location,
        ..Diagnostic::error(message)
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
