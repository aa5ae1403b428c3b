//! The properties the fuzz targets check. `tests/fuzz_corpus.rs` includes this file too and
//! replays every input kept in `fuzz/corpus/`, so CI checks each case the fuzzer ever kept.

use typst::syntax::{SyntaxKind, SyntaxNode, ast};
use xuncha::input::Limits;
use xuncha::{Engine, RenderError};

/// Data-to-Typst escaping: any text, made into a Typst string literal, is one string literal
/// whose value is exactly the text, whether a template places it in markup (after `#`) or in
/// code; and the literal holds nothing that ends a comment or raw block or forges a line marker.
pub fn escape_literal(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let literal = xuncha::template::escape::to_typst_string_literal(&text);
    for c in literal.chars() {
        assert!(
            !typst::syntax::is_newline(c) && c != '`',
            "the literal holds {c:?}, which ends a comment or raw block: {literal}"
        );
        assert!(
            !('\u{fdd0}'..='\u{fdef}').contains(&c),
            "the literal holds a template line marker: {literal}"
        );
    }
    let in_code = typst::syntax::parse_code(&literal);
    assert_one_string(&in_code, &text, &literal);
    let top_level: Vec<_> = in_code
        .children()
        .filter(|n| !n.kind().is_trivia())
        .collect();
    assert_eq!(
        top_level.len(),
        1,
        "code `{literal}` is more than one value"
    );
    let in_markup = typst::syntax::parse(&format!("前#{literal}后"));
    assert_one_string(&in_markup, &text, &literal);
}

/// JSON → validate → render: a document either renders to a PDF within the page limit, or is
/// refused with problems at JSON paths; a valid document never fails to typeset.
pub fn render_json(engine: &Engine, data: &[u8]) {
    let Ok(value) = xuncha::input::json::parse_bytes(data) else {
        return; // not JSON: the reader's error, tested elsewhere
    };
    match engine.render_pdf(&value) {
        Ok(pdf) => {
            assert!(pdf.bytes.starts_with(b"%PDF-"), "not a PDF");
            let pages = pdf.pages.expect("a PDF is laid out");
            assert!((1..=engine.limits().max_pages).contains(&pages));
        }
        Err(RenderError::Invalid(problems)) => {
            assert!(!problems.is_empty(), "refused without a reason");
            for problem in problems {
                assert!(
                    problem.path.is_empty() || problem.path.starts_with('/'),
                    "not a JSON Pointer: {problem}"
                );
                assert!(
                    !problem.message.is_empty(),
                    "no message at {}",
                    problem.path
                );
            }
        }
        Err(error) => panic!("a valid document failed to typeset: {error}"),
    }
}

/// Workbook bytes → tables: any file is read within the limits (rows and columns up to the
/// last that holds something, in order, within the bounds) or refused with a message in
/// Chinese naming the file; nothing panics (the fuzzer's memory limit catches what is
/// allocated beyond the bounds).
pub fn workbook_bytes(data: &[u8]) {
    let limits = Limits {
        max_sheet_rows: 300,
        max_sheet_columns: 40,
        ..Limits::default()
    };
    match xuncha::sheet::workbook::read_workbook_bytes("fuzz.xlsx", data, &limits) {
        Ok(tables) => {
            assert!(!tables.is_empty(), "a workbook without a sheet was read");
            for table in tables {
                let mut previous = 0;
                for row in &table.rows {
                    assert!(row.number > previous, "rows out of order");
                    assert!(
                        row.number <= limits.max_sheet_rows,
                        "row {} read",
                        row.number
                    );
                    assert!(
                        row.cells.len() <= limits.max_sheet_columns,
                        "too many columns"
                    );
                    for (column, flaw) in &row.flaws {
                        assert!(*column < limits.max_sheet_columns && !flaw.is_empty());
                    }
                    previous = row.number;
                }
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains("fuzz.xlsx"),
                "the file is not named: {message}"
            );
            assert!(
                message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "not in Chinese: {message}"
            );
        }
    }
}

fn assert_one_string(tree: &SyntaxNode, text: &str, literal: &str) {
    assert!(
        !tree.diagnosis().errors,
        "`{literal}` does not parse: {:?}",
        tree.errors_and_warnings().0
    );
    let mut strings = Vec::new();
    collect_strings(tree, &mut strings);
    assert_eq!(
        strings,
        [text],
        "`{literal}` is not one string with the text"
    );
}

fn collect_strings(node: &SyntaxNode, out: &mut Vec<String>) {
    if node.kind() == SyntaxKind::Str {
        let string: ast::Str = node.cast().expect("a Str node casts to Str");
        out.push(string.get().to_string());
    }
    for child in node.children() {
        collect_strings(child, out);
    }
}
