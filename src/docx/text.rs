//! Text as the templates print it: dates, the title's balanced line breaks, names of
//! enumerated values.

use serde::Serialize;

use crate::model::{IsoDate, TITLE_LINE_CAPACITY};

/// `2024-06-18` → `2024年6月18日` [19]; a date that cannot be read stays as written (validation
/// refuses such input before it gets here).
pub fn cn_date(date: &IsoDate) -> String {
    date.chinese().unwrap_or_else(|| date.0.clone())
}

/// The name a value has in the input (`"机密"`, `"已完成"`): its serde name.
pub fn label<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Punctuation that may not begin a line (避头).
const NO_LINE_START: &str = "）」』》〉】〕］｝”’、，。；：！？…—·)]}>,.;:!?%";
/// Punctuation that may not end a line (避尾).
const NO_LINE_END: &str = "（「『《〈【〔［｛“‘([{<";

/// The title's lines: the author's, else the title broken where its author broke it (`\n`)
/// and each of those lines split into lines of nearly equal length with 避头尾 respected, as
/// `title-block` in `templates/lib/head.typ` breaks it.
pub fn title_lines(title: &str, given: &[String]) -> Vec<String> {
    if !given.is_empty() {
        return given.to_vec();
    }
    title.split('\n').flat_map(balanced_lines).collect()
}

/// One line of a title split into lines of nearly equal length with 避头尾 respected.
fn balanced_lines(title: &str) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let capacity = TITLE_LINE_CAPACITY;
    let n = chars.len().div_ceil(capacity);
    if n <= 1 {
        return vec![title.to_string()];
    }
    let per = chars.len().div_ceil(n);
    let mut breaks = Vec::new();
    let mut start = 0;
    for i in 1..n {
        let mut b = (i * per).min(chars.len() - 1);
        let mut guard = 0;
        while guard < 8 && (NO_LINE_START.contains(chars[b]) || NO_LINE_END.contains(chars[b - 1]))
        {
            guard += 1;
            if NO_LINE_START.contains(chars[b]) && b - start < capacity && b + 1 < chars.len() {
                b += 1;
            } else if b - 1 > start {
                b -= 1;
            } else {
                break;
            }
        }
        breaks.push(b);
        start = b;
    }
    let mut bounds = vec![0];
    bounds.extend(breaks);
    bounds.push(chars.len());
    bounds
        .windows(2)
        .map(|w| chars[w[0]..w[1]].iter().collect())
        .collect()
}

/// Measures as one sentence: （1）…；（2）…。 (a measure's own final punctuation dropped).
pub fn numbered_measures(measures: &[String]) -> String {
    let parts: Vec<String> = measures
        .iter()
        .enumerate()
        .map(|(k, m)| {
            format!(
                "（{}）{}",
                k + 1,
                m.trim_end_matches('。').trim_end_matches('；')
            )
        })
        .collect();
    parts.join("；") + "。"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_stay_whole_and_long_ones_balance() {
        assert_eq!(
            title_lines("关于整改情况的报告", &[]),
            ["关于整改情况的报告"]
        );
        let title = "中共云岫县委第一巡察组关于巡察中共云岫县自然资源和规划局党组的反馈意见";
        let lines = title_lines(title, &[]);
        assert_eq!(lines.concat(), title);
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= TITLE_LINE_CAPACITY)
        );
        let counts: Vec<_> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1);
    }

    #[test]
    fn a_line_break_in_the_title_breaks_it_there_and_the_rest_still_balances() {
        assert_eq!(
            title_lines("云岫县档案馆党支部\n巡察整改报告", &[]),
            ["云岫县档案馆党支部", "巡察整改报告"]
        );
        let rest = "关于巡察中共云岫县自然资源和规划局党组落实主体责任情况的反馈意见";
        let lines = title_lines(&format!("中共云岫县委第一巡察组\n{rest}"), &[]);
        assert_eq!(lines[0], "中共云岫县委第一巡察组");
        assert_eq!(lines[1..].concat(), rest);
        assert!(
            lines.len() == 3
                && lines
                    .iter()
                    .all(|l| l.chars().count() <= TITLE_LINE_CAPACITY)
        );
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let title = "关于巡察“回头看”发现问题整改情况，以及有关（重点）事项的报告";
        for line in title_lines(title, &[]).iter().skip(1) {
            assert!(
                !NO_LINE_START.contains(line.chars().next().unwrap()),
                "{line}"
            );
        }
    }
}
