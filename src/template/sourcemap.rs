//! Tracing generated Typst lines back to the `.tera` lines that produced them.
//!
//! Before Tera parses a template, [`instrument`] puts an invisible marker at the start of each
//! line (outside Tera tags): a noncharacter, the line number in noncharacter digits, and a closing
//! noncharacter. Tera copies markers into its output like any other static text, repeating them
//! in loops. [`strip`] then removes every marker from the output before Typst sees it, and keeps
//! where each one stood, so a Typst error at a generated line and column can be reported at the
//! template line the author wrote. Data cannot forge a marker: the escaper writes every
//! noncharacter as a `\u{..}` escape.
//!
//! A line that starts with a whitespace-trimming tag (`{%-`, `{{-`, `{#-`), or follows one that
//! ends with one, gets no marker, because the marker would stop the trimming; such lines are
//! located from the nearest marker above them.

/// Opens a marker.
const OPEN: char = '\u{FDD0}';
/// Closes a marker.
const CLOSE: char = '\u{FDD1}';
/// Digit 0 inside a marker; 1–9 follow.
const DIGIT_ZERO: u32 = 0xFDE0;

/// Whether a character belongs to the marker alphabet (and must never come from data).
pub fn is_marker_char(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}')
}

/// The template text with a marker at the start of every line that can carry one.
pub fn instrument(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut inside_tag: Option<&str> = None;
    let mut previous_trims_after = false;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let trims_before = ["{%-", "{{-", "{#-"].iter().any(|t| trimmed.starts_with(t));
        if inside_tag.is_none() && !trims_before && !previous_trims_after {
            out.push_str(&marker(number + 1));
        }
        out.push_str(line);
        inside_tag = tag_state_after(line, inside_tag);
        let end = line.trim_end();
        previous_trims_after = ["-%}", "-}}", "-#}"].iter().any(|t| end.ends_with(t));
    }
    out
}

/// The number of characters [`instrument`] put before line `line` (0 when it has no marker).
pub fn marker_width(instrumented: &str, line: usize) -> usize {
    instrumented
        .split_inclusive('\n')
        .nth(line.saturating_sub(1))
        .map_or(0, |l| {
            if l.starts_with(OPEN) {
                l.chars().take_while(|&c| c != CLOSE).count() + 1
            } else {
                0
            }
        })
}

fn marker(line: usize) -> String {
    let mut out = String::new();
    out.push(OPEN);
    for digit in line.to_string().bytes() {
        out.push(char::from_u32(DIGIT_ZERO + u32::from(digit - b'0')).expect("a noncharacter"));
    }
    out.push(CLOSE);
    out
}

/// Which Tera tag, if any, is still open at the end of `line`.
fn tag_state_after<'a>(line: &str, mut inside: Option<&'a str>) -> Option<&'a str> {
    let mut rest = line;
    loop {
        match inside {
            Some(close) => match rest.find(close) {
                Some(at) => {
                    rest = &rest[at + close.len()..];
                    inside = None;
                }
                None => return inside,
            },
            None => {
                let next = [("{{", "}}"), ("{%", "%}"), ("{#", "#}")]
                    .iter()
                    .filter_map(|(open, close)| rest.find(open).map(|at| (at, *open, *close)))
                    .min_by_key(|(at, ..)| *at);
                match next {
                    Some((at, open, close)) => {
                        rest = &rest[at + open.len()..];
                        inside = Some(close);
                    }
                    None => return None,
                }
            }
        }
    }
}

/// A marker as it stood in one generated line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    /// 0-based character column in the stripped line.
    column: usize,
    /// 1-based template line.
    line: usize,
}

/// Where each generated line came from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// For each generated line, the markers found on it.
    marks: Vec<Vec<Mark>>,
}

/// Removes the markers from Tera's output, remembering where they were.
pub fn strip(output: &str) -> (String, SourceMap) {
    let mut text = String::with_capacity(output.len());
    let mut marks = vec![Vec::new()];
    let mut column = 0;
    let mut chars = output.chars();
    while let Some(c) = chars.next() {
        if c == OPEN {
            let mut line = 0usize;
            for d in chars.by_ref() {
                if d == CLOSE {
                    break;
                }
                line = line * 10 + (d as u32 - DIGIT_ZERO) as usize;
            }
            marks
                .last_mut()
                .expect("one entry per line")
                .push(Mark { column, line });
            continue;
        }
        text.push(c);
        if c == '\n' {
            marks.push(Vec::new());
            column = 0;
        } else {
            column += 1;
        }
    }
    (text, SourceMap { marks })
}

impl SourceMap {
    /// The template line and column (1-based) of generated `line` and `column` (1-based), given
    /// the generated and template texts to align columns: inside text copied verbatim the column
    /// is exact; inside text that came from an expression it points at where the copy stops.
    pub fn locate(
        &self,
        line: usize,
        column: usize,
        generated: &str,
        template: &str,
    ) -> Option<(usize, usize)> {
        let index = line.checked_sub(1)?;
        let on_line = self.marks.get(index)?;
        let column0 = column.saturating_sub(1);
        if let Some(mark) = on_line.iter().rev().find(|m| m.column <= column0) {
            let generated_line = generated.lines().nth(index).unwrap_or_default();
            let template_line = template.lines().nth(mark.line - 1).unwrap_or_default();
            let segment: Vec<char> = generated_line.chars().skip(mark.column).collect();
            let offset = column0 - mark.column;
            let same = segment
                .iter()
                .zip(template_line.chars())
                .take_while(|(a, b)| *a == b)
                .count();
            return Some((mark.line, offset.min(same) + 1));
        }
        // No marker before the column on this line: count lines from the last marker above.
        let (above, mark) = self.marks[..index]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, marks)| marks.last().map(|m| (i, *m)))?;
        Some((mark.line + (index - above), column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_survive_tera_and_locate_lines_and_columns() {
        let template = "#let a = 1\n{% for x in xs %}\n#par({{ x }}) + oops\n{% endfor %}\nend\n";
        let instrumented = instrument(template);
        assert_eq!(marker_width(&instrumented, 3), 3);
        let mut tera = tera::Tera::new();
        tera.add_raw_template("t", &instrumented).unwrap();
        let mut context = tera::Context::new();
        context.insert("xs", &["一", "二"]);
        let output = tera.render("t", &context).unwrap();
        let (text, map) = strip(&output);
        assert!(!text.chars().any(is_marker_char));
        assert_eq!(
            text,
            "#let a = 1\n\n#par(一) + oops\n\n#par(二) + oops\n\nend\n"
        );
        // "oops" on the second copy of line 3 (generated line 5) points at the {{ }} before it.
        assert_eq!(
            map.locate(5, 12, &text, template),
            Some((3, 6)),
            "at the expression"
        );
        assert_eq!(
            map.locate(5, 2, &text, template),
            Some((3, 2)),
            "verbatim text"
        );
        assert_eq!(map.locate(7, 1, &text, template), Some((5, 1)));
    }

    #[test]
    fn no_markers_inside_tags_or_against_trimming() {
        let template =
            "{#- a\n  comment -#}\nline3\n{% if x %}a{% endif %}\nb {{- y }}\n{%- if z %}\n";
        let instrumented = instrument(template);
        let marked: Vec<bool> = instrumented
            .split_inclusive('\n')
            .map(|l| l.starts_with(OPEN))
            .collect();
        assert_eq!(marked, [false, false, false, true, true, false]);
    }
}
