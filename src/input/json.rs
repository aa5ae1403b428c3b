//! Reading a JSON document strictly: a byte-order mark is ignored, and a key that appears twice
//! in one object is an error naming its JSON Pointer, where `serde_json` would silently keep
//! the last value. Nesting is bounded by `serde_json`'s limit of 128 levels.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostics::InputError;
use crate::diagnostics::pointer::escape_pointer;

/// Why a text is not a JSON document.
#[derive(Debug)]
pub struct JsonError {
    /// What `serde_json` said, with the line and column.
    pub error: serde_json::Error,
    /// The JSON Pointer of a key given twice, if that is the problem.
    pub duplicate_key: Option<String>,
    /// The column in characters (serde_json counts bytes), and the character found there.
    at: (usize, Option<char>),
}

impl JsonError {
    /// The duplicate key as an error at its path, for a clerk; `None` for any other error.
    pub fn duplicate_key_error(&self) -> Option<InputError> {
        self.duplicate_key.as_ref().map(|path| {
            InputError::new(path.clone(), "同一对象中此字段出现了不止一次，请只保留一个")
        })
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for JsonError {}

/// Parses one JSON document from bytes: UTF-8 (a byte-order mark ignored), UTF-16 with its
/// byte-order mark (Notepad's “Unicode”), or GBK/GB18030 when the bytes are not UTF-8 but are
/// that (Notepad's “ANSI” on Chinese Windows).
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, JsonError> {
    let text = decode(bytes);
    let bytes = text.as_bytes();
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let seed = StrictValue {
        path: String::new(),
        duplicate: &duplicate,
    };
    seed.deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|error| JsonError {
            at: place(&text, error.line(), error.column()),
            error,
            duplicate_key: duplicate.take(),
        })
}

/// The text of a JSON file in any of the encodings Windows editors save, without a byte-order
/// mark.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return Cow::Owned(UTF_16LE.decode_without_bom_handling(rest).0.into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return Cow::Owned(UTF_16BE.decode_without_bom_handling(rest).0.into_owned());
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(text) => Cow::Owned(text.into_owned()),
            // Neither: serde_json reports where the UTF-8 breaks.
            None => Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
        },
    }
}

/// The column in characters, and the character at serde_json's line and byte column.
fn place(text: &str, line: usize, byte_column: usize) -> (usize, Option<char>) {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return (byte_column, None);
    };
    let byte = byte_column.saturating_sub(1).min(line_text.len());
    let mut start = byte;
    while !line_text.is_char_boundary(start) {
        start -= 1;
    }
    let column = line_text[..start].chars().count() + 1;
    (column, line_text[start..].chars().next())
}

impl JsonError {
    /// Where and why the text is not JSON, in Chinese: “第 3 行第 12 列：…”.
    pub fn explain(&self) -> String {
        format!(
            "第 {} 行第 {} 列：{}",
            self.error.line(),
            self.column(),
            self.reason()
        )
    }

    /// The column of the fault, in characters.
    pub fn column(&self) -> usize {
        self.at.0
    }

    /// Why the text is not JSON, in Chinese, with the likely cause when the character at fault
    /// is Chinese punctuation where JSON wants its ASCII twin.
    pub fn reason(&self) -> String {
        let culprit = self.at.1;
        let reason = reason_in_chinese(&self.error);
        let hint = match culprit {
            Some(
                c @ ('：' | '，' | '“' | '”' | '‘' | '’' | '｛' | '｝' | '［' | '］' | '【' | '】'),
            ) => {
                format!(
                    "。这里的“{c}”是中文（全角）标点：JSON 的冒号、逗号、引号和括号须用英文半角符号 : , \" {{ }} [ ]，请切换到英文输入法后重新输入"
                )
            }
            _ => String::new(),
        };
        format!("{reason}{hint}")
    }
}

/// serde_json's message in Chinese.
fn reason_in_chinese(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let said = match message {
        "recursion limit exceeded" => "嵌套超过 128 层",
        "EOF while parsing a value" => "文件在应有一个值的地方结束了（内容不完整？）",
        "EOF while parsing a list" => "文件在数组结束前就结束了（缺少右方括号 ]？）",
        "EOF while parsing an object" => "文件在对象结束前就结束了（缺少右花括号 }？）",
        "EOF while parsing a string" => "文件在字符串结束前就结束了（缺少右引号 \"？）",
        "expected `:`" => "此处应为冒号 :（字段名后面）",
        "expected `,` or `]`" => "此处应为逗号 , 或右方括号 ]（数组元素之间用逗号分隔）",
        "expected `,` or `}`" => "此处应为逗号 , 或右花括号 }（字段之间用逗号分隔）",
        "expected value" => "此处应为一个值（字符串、数字、true/false、null、数组或对象）",
        "expected ident" => "此处应为 true、false 或 null",
        "key must be a string" => "字段名应为用英文双引号括起的字符串",
        "trailing comma" => "最后一项后面多了一个逗号",
        "trailing characters" => "JSON 结束后还有多余的内容",
        "invalid escape" => "反斜杠 \\ 后的转义写法无效（要写反斜杠本身请写成 \\\\）",
        "invalid number" => "数字写法无效",
        "number out of range" => "数字超出范围",
        "invalid unicode code point" => "\\u 转义的字符编码无效",
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
            "\\u 转义不完整（代理对缺少后半部分）"
        }
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "字符串里有换行或制表符等控制字符：在 JSON 中应写成 \\n 或 \\t"
        }
        other if other.starts_with("invalid type") || other.starts_with("invalid value") => {
            return format!("值的类型不对（{other}）");
        }
        other => return format!("不是有效的 JSON（{other}）"),
    };
    said.to_string()
}

/// Parses one JSON document from text, ignoring a leading byte-order mark.
pub fn parse_str(text: &str) -> Result<Value, JsonError> {
    parse_bytes(text.as_bytes())
}

/// A `serde_json::Value` that refuses duplicate keys, knowing where it is in the document.
struct StrictValue<'a> {
    path: String,
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never yields a non-finite number.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue {
            path: format!("{}/{}", self.path, items.len()),
            duplicate: self.duplicate,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = format!("{}/{}", self.path, escape_pointer(&key));
            if object.contains_key(&key) {
                let message = format!("duplicate key \"{key}\" at {path}");
                *self.duplicate.borrow_mut() = Some(path);
                return Err(de::Error::custom(message));
            }
            let value = map.next_value_seed(StrictValue {
                path,
                duplicate: self.duplicate,
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused_with_their_pointer() {
        let error = parse_str(r#"{"a": [{"b~/": 1, "b~/": 2}]}"#).unwrap_err();
        assert_eq!(error.duplicate_key.as_deref(), Some("/a/0/b~0~1"));
        assert_eq!(
            error.to_string(),
            r#"duplicate key "b~/" at /a/0/b~0~1 at line 1 column 23"#
        );
    }

    #[test]
    fn values_parse_as_serde_json_parses_them() {
        let text = "\u{feff}{\"n\": -1.5, \"u\": 18446744073709551615, \"s\": \"\\u00e9\\n\", \"z\": null, \"t\": [true, {}]}";
        let expected: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(parse_str(text).unwrap(), expected);
    }

    #[test]
    fn trailing_text_and_deep_nesting_are_errors() {
        assert!(parse_str("{} {}").is_err());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let error = parse_str(&deep).unwrap_err();
        assert!(error.to_string().contains("recursion limit"), "{error}");
        assert_eq!(error.duplicate_key, None);
    }
}
