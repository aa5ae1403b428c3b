//! Characters no 公文 can print: control characters and the bidirectional formatting characters.

use serde_json::Value;

use crate::diagnostics::InputError;
use crate::diagnostics::pointer::for_each_string;

/// Every string holding a control character (line breaks aside) or a bidirectional formatting
/// character, one error per string.
pub fn unprintable_errors(value: &Value) -> Vec<InputError> {
    let mut errors = Vec::new();
    for_each_string(value, &mut String::new(), &mut |path, s| {
        if let Some(c) = s.chars().find(|&c| c.is_control() && c != '\n') {
            errors.push(InputError::new(
                path,
                format!(
                    "含有看不见的{}（U+{:04X}），请删除（换行可保留）",
                    control_name(c),
                    c as u32
                ),
            ));
        } else if let Some(c) = s.chars().find(|&c| is_bidi_control(c)) {
            errors.push(InputError::new(
                path,
                format!(
                    "含有双向文本控制字符 U+{:04X}，它会使文字的显示顺序与实际内容不符，请删除",
                    c as u32
                ),
            ));
        }
    });
    errors
}

/// A control character in words a clerk knows.
fn control_name(c: char) -> &'static str {
    match c {
        '\u{0}' => "空字符",
        '\u{8}' => "退格符",
        '\u{b}' => "垂直制表符",
        '\u{c}' => "换页符（分页符）",
        '\u{1b}' => "转义符（ESC）",
        '\u{7f}' => "删除符（DEL）",
        '\u{85}' => "下一行符（NEL）",
        _ => "控制字符",
    }
}

/// Characters that reorder text for display (Unicode's bidirectional formatting characters).
/// A 公文 has no right-to-left text, and these could make printed words differ from the data.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
