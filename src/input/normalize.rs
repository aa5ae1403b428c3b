//! What a clerk cannot see, made right before anything is checked: line ends from Windows
//! (`\r\n`, a lone `\r`) become `\n`, a tab becomes a space, and `null` for an optional field
//! counts as leaving it out. A value that breaks its pattern is read again with full-width
//! digits and letters as ASCII, ideographic spaces as spaces, the ends trimmed, and dates in the
//! shapes offices write them (2024/9/2, 2024年9月2日, 2024.9.2) as `YYYY-MM-DD`; when that form
//! passes, it is kept (see [`folded`]).

use std::borrow::Cow;

use chrono::NaiveDate;
use serde_json::Value;

/// The value with line ends, tabs and `null` members normalised; borrowed when there is nothing
/// to change, so most documents are not copied.
pub fn invisible(value: &Value) -> Cow<'_, Value> {
    if !needs_normalising(value) {
        return Cow::Borrowed(value);
    }
    let mut owned = value.clone();
    normalise(&mut owned);
    Cow::Owned(owned)
}

fn needs_normalising(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains(['\r', '\t']),
        Value::Array(items) => items.iter().any(needs_normalising),
        Value::Object(map) => map.values().any(|v| v.is_null() || needs_normalising(v)),
        _ => false,
    }
}

fn normalise(value: &mut Value) {
    match value {
        Value::String(s) if s.contains(['\r', '\t']) => {
            *s = s
                .replace("\r\n", "\n")
                .replace(['\r'], "\n")
                .replace('\t', " ");
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        Value::Object(map) => {
            // `null` for an optional field means “not given”, as generated clients send it.
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(normalise);
        }
        _ => {}
    }
}

/// A patterned value as a clerk meant it: full-width ASCII as ASCII (`２０２４` → `2024`), the
/// ideographic space as a space, a line break inside (a name pasted from Word) joined, the ends
/// trimmed, and a date written 2024/9/2, 2024.9.2 or 2024年9月2日 as `2024-09-02`. `None` when
/// that changes nothing.
pub fn folded(text: &str) -> Option<String> {
    let ascii: String = joined_lines(text)
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            other => other,
        })
        .collect();
    let trimmed = ascii.trim();
    let result = match parse_date(trimmed) {
        Some(date) => date.format("%Y-%m-%d").to_string(),
        None => trimmed.to_string(),
    };
    (result != text).then_some(result)
}

/// A one-line value broken over lines put back on one: the break and the spaces around it go,
/// with a space left between two Latin letters or digits.
pub fn joined_lines(text: &str) -> Cow<'_, str> {
    if !text.trim().contains(['\n', '\r']) {
        return Cow::Borrowed(text);
    }
    let mut joined = String::with_capacity(text.len());
    for line in text.trim().lines().map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(joined.chars().last()) && latin(line.chars().next()) {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    Cow::Owned(joined)
}

/// `2024-07-31`, `2024/7/31`, `2024.7.31` or `2024年7月31日`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let shape_ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日'));
    if !shape_ok {
        return None;
    }
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    match digits[..] {
        [y, m, d] if y >= 1000 => NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d),
        _ => None,
    }
}

/// What a clerk would not see in a text that still breaks its pattern, in words: full-width
/// characters, spaces at the ends, Chinese punctuation where ASCII is expected.
pub fn unseen_in(text: &str) -> Option<String> {
    let mut said = Vec::new();
    if text.chars().any(|c| ('０'..='９').contains(&c)) {
        said.push("全角数字");
    }
    if text
        .chars()
        .any(|c| ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c))
    {
        said.push("全角字母");
    }
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        said.push("首尾空格");
    }
    if text.trim().contains(['\n', '\r']) {
        said.push("换行");
    }
    if text.contains(['：', '，', '；']) {
        said.push("中文标点");
    }
    (!said.is_empty()).then(|| format!("（其中有{}，请检查）", said.join("、")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_tabs_and_nulls_are_normalised_and_nothing_else_copied() {
        let clean = serde_json::json!({"a": "x\ny", "b": [1, "z"]});
        assert!(matches!(invisible(&clean), Cow::Borrowed(_)));
        let messy =
            serde_json::json!({"a": "x\r\ny\rz", "b": ["p\tq"], "c": null, "d": {"e": null}});
        assert_eq!(
            *invisible(&messy),
            serde_json::json!({"a": "x\ny\nz", "b": ["p q"], "d": {}})
        );
    }

    #[test]
    fn patterned_values_are_read_as_meant() {
        assert_eq!(folded("２０２４-09-02").as_deref(), Some("2024-09-02"));
        assert_eq!(folded("2024年9月2日").as_deref(), Some("2024-09-02"));
        assert_eq!(folded("2024/9/2").as_deref(), Some("2024-09-02"));
        assert_eq!(
            folded("云巡办〔２０２４〕２７号").as_deref(),
            Some("云巡办〔2024〕27号")
        );
        assert_eq!(folded(" 中共云岫县委 ").as_deref(), Some("中共云岫县委"));
        assert_eq!(
            folded("０８７１－６１２３４５６").as_deref(),
            Some("0871-6123456")
        );
        assert_eq!(
            folded("中共云岫县档案馆\r\n 支部委员会").as_deref(),
            Some("中共云岫县档案馆支部委员会")
        );
        assert_eq!(folded("Room 12\nB").as_deref(), Some("Room 12 B"));
        assert_eq!(folded("2024-09-02"), None);
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("7月31日"), None);
    }
}
