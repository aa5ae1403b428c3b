//! Walking a JSON value with the JSON Pointer (RFC 6901) of every node.

use serde_json::Value;

/// Calls `f` with the JSON Pointer and text of every string in `value`, keys excluded.
pub fn for_each_string(value: &Value, path: &mut String, f: &mut dyn FnMut(&str, &str)) {
    for_each_node(value, path, &mut |path, node| {
        if let Value::String(s) = node {
            f(path, s);
        }
    });
}

/// Calls `f` with the JSON Pointer of every value in `value`, parents before children.
pub fn for_each_node(value: &Value, path: &mut String, f: &mut dyn FnMut(&str, &Value)) {
    f(path, value);
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                for_each_node(item, path, f);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                path.push('/');
                path.push_str(&escape_pointer(key));
                for_each_node(item, path, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Escapes a key for use in a JSON Pointer (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
