//! Turning untrusted data into Typst source that can only ever be a string.
//!
//! Every value that Tera prints into a template goes through [`typst_string_literal`]
//! (it is Tera's escape function, see [`crate::template`]). The output is a complete,
//! double-quoted Typst string literal whose body contains only letters, digits, spaces,
//! printable non-ASCII characters and `\u{..}` escapes. Because it holds no ASCII
//! punctuation, no newline and no backtick, it cannot end a string, open markup, start a
//! comment or close a raw block, wherever a template author places it: in code it is a
//! string value, in markup it prints as (quoted) text.

use std::io::{self, Write};

/// Writes `input` as a double-quoted Typst string literal that evaluates to exactly `input`.
pub fn typst_string_literal(input: &str, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut buf = [0u8; 4];
    for c in input.chars() {
        if is_inert(c) {
            out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        } else {
            write!(out, "\\u{{{:x}}}", c as u32)?;
        }
    }
    out.write_all(b"\"")
}

/// Returns the literal as a `String`; convenient outside Tera.
pub fn to_typst_string_literal(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + 2);
    typst_string_literal(input, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("the escaper writes UTF-8")
}

/// Writes any JSON value as a Typst value literal: `none`, `true`, numbers, escaped strings,
/// arrays `(a, b,)` and dictionaries `("key": value,)` with escaped keys.
pub fn typst_value_literal(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str("none"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            // JSON numbers are valid Typst numbers; wrap negatives so they stay one expression.
            if n.as_f64().is_some_and(|f| f < 0.0) {
                out.push_str(&format!("({n})"));
            } else {
                out.push_str(&n.to_string());
            }
        }
        Value::String(s) => out.push_str(&to_typst_string_literal(s)),
        Value::Array(items) => {
            out.push('(');
            for item in items {
                typst_value_literal(item, out);
                out.push_str(", ");
            }
            out.push(')');
        }
        Value::Object(map) if map.is_empty() => out.push_str("(:)"),
        Value::Object(map) => {
            out.push('(');
            for (key, item) in map {
                out.push_str(&to_typst_string_literal(key));
                out.push_str(": ");
                typst_value_literal(item, out);
                out.push_str(", ");
            }
            out.push(')');
        }
    }
}

/// Characters that mean nothing to Typst's lexer in any mode and can be copied as they are.
fn is_inert(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == ' ';
    }
    // Non-ASCII line breaks (U+0085, U+2028, U+2029) end comments; other controls,
    // format characters and odd spaces are escaped so the source stays readable. The
    // noncharacters that mark template lines (see `sourcemap`) are escaped so data cannot
    // forge a marker.
    !(c.is_control()
        || c.is_whitespace()
        || is_format_char(c)
        || super::sourcemap::is_marker_char(c))
}

/// Unicode format characters (category Cf) that matter in source text: bidi controls,
/// zero-width characters and the BOM.
fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
        | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_chinese_passes_through() {
        assert_eq!(to_typst_string_literal("巡察反馈意见"), "\"巡察反馈意见\"");
    }

    #[test]
    fn syntax_characters_become_unicode_escapes() {
        assert_eq!(
            to_typst_string_literal("a\"#]\\\n`"),
            "\"a\\u{22}\\u{23}\\u{5d}\\u{5c}\\u{a}\\u{60}\""
        );
    }

    #[test]
    fn values_become_typst_literals() {
        let value = serde_json::json!({"a": [1, -2.5, null, true], "b\"": {}, "c": []});
        let mut out = String::new();
        typst_value_literal(&value, &mut out);
        assert_eq!(
            out,
            "(\"a\": (1, (-2.5), none, true, ), \"b\\u{22}\": (:), \"c\": (), )"
        );
    }

    #[test]
    fn bidi_and_line_separators_are_escaped() {
        assert_eq!(
            to_typst_string_literal("\u{202e}\u{2028}"),
            "\"\\u{202e}\\u{2028}\""
        );
    }

    #[test]
    fn output_body_has_no_ascii_punctuation_but_escapes() {
        let lit = to_typst_string_literal("{{ x }} {% if %} // /* */ $x$ <l> @r *b* _i_ = - + ~");
        let body = &lit[1..lit.len() - 1];
        let stripped = body.replace("\\u{", "").replace('}', "");
        assert!(
            stripped
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' '),
            "{body}"
        );
    }
}
