//! Errors in the order of the document, and an unknown field told next to the required field it
//! was probably meant to be.

use serde_json::Value;

use crate::diagnostics::InputError;

/// `errors` sorted by where their values stand in `document` (a missing field after the fields
/// of its object), with each “missing field X” that an unknown field's suggestion already names
/// folded into that suggestion.
pub fn in_document_order(document: &Value, errors: Vec<InputError>) -> Vec<InputError> {
    let mut errors = merge_suggestions(errors);
    errors.sort_by_cached_key(|e| position(document, &e.path));
    errors
}

/// The place of a JSON Pointer's value in the document: the index of each member and element on
/// the way; a member that is not there sorts after those that are.
fn position(document: &Value, pointer: &str) -> Vec<usize> {
    let mut place = Vec::new();
    let mut node = Some(document);
    for segment in pointer.split('/').skip(1) {
        let key = segment.replace("~1", "/").replace("~0", "~");
        let (index, next) = match node {
            Some(Value::Object(map)) => match map.keys().position(|k| *k == key) {
                Some(i) => (i, map.get(&key)),
                None => (map.len(), None),
            },
            Some(Value::Array(items)) => match key.parse::<usize>() {
                Ok(i) => (i, items.get(i)),
                Err(_) => (usize::MAX, None),
            },
            _ => (usize::MAX, None),
        };
        place.push(index);
        node = next;
    }
    place
}

/// “未知字段“tittle”（是否应为“title”？）” and “缺少必填字段“title”” under the same object
/// become one error: the unknown field, with the suggestion saying the field is required.
fn merge_suggestions(mut errors: Vec<InputError>) -> Vec<InputError> {
    let suggested: Vec<(usize, String)> = errors
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let known = e.message.split("是否应为“").nth(1)?.split('”').next()?;
            let parent = e.path.rsplit_once('/')?.0;
            Some((i, format!("{parent}/{known}")))
        })
        .collect();
    let mut dropped = Vec::new();
    for (i, missing_path) in suggested {
        if let Some(j) = errors
            .iter()
            .position(|e| e.path == missing_path && e.message.starts_with("缺少必填字段"))
        {
            errors[i].message = errors[i].message.replace("？）", "？它是必填字段）");
            dropped.push(j);
        }
    }
    let mut index = 0;
    errors.retain(|_| {
        index += 1;
        !dropped.contains(&(index - 1))
    });
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_follow_the_document_and_a_slip_names_the_field_it_misses() {
        let document =
            serde_json::json!({"doc_kind": "x", "tittle": "t", "items": [{"a": 1}, {"b": 2}]});
        let errors = vec![
            InputError::new("/title", "缺少必填字段“title”"),
            InputError::new("/items/1/b", "b"),
            InputError::new("/items/0/a", "a"),
            InputError::new("/tittle", "未知字段“tittle”（是否应为“title”？）"),
            InputError::new("", "whole"),
        ];
        let ordered = in_document_order(&document, errors);
        let paths: Vec<&str> = ordered.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["", "/tittle", "/items/0/a", "/items/1/b"]);
        assert_eq!(
            ordered[1].message,
            "未知字段“tittle”（是否应为“title”？它是必填字段）"
        );
    }
}
