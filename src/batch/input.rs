//! Reading batch inputs: JSON files, folders of them, JSON Lines files and standard input.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::failure::{Failure, Stage};
use crate::input::json;
use crate::record::{Origin, Record};
use crate::walk::files_below;

/// An input named on the command line that cannot be used at all (a usage error).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist.
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
    /// A folder could not be listed, or stdin could not be read.
    #[error("cannot read {0}: {1}")]
    Unreadable(String, std::io::Error),
}

/// Whether a file holds JSON Lines rather than one JSON document.
fn is_json_lines(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

fn is_batch_input(path: &Path) -> bool {
    is_json_lines(path) || path.extension().is_some_and(|e| e == "json")
}

/// Reads every record of every input, in order: folders are searched recursively (sorted by
/// path) for `.json`, `.jsonl` and `.ndjson` files, and `-` reads JSON Lines from `stdin`.
pub fn read_inputs(inputs: &[PathBuf], stdin: &mut dyn BufRead) -> Result<Vec<Record>, InputError> {
    let mut records = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            records.extend(
                json_lines("-", stdin).map_err(|e| InputError::Unreadable("stdin".into(), e))?,
            );
        } else if input.is_dir() {
            let files = files_below(input, &is_batch_input)
                .map_err(|e| InputError::Unreadable(input.display().to_string(), e))?;
            for file in files {
                records.extend(read_file(&file));
            }
        } else if input.exists() {
            records.extend(read_file(input));
        } else {
            return Err(InputError::Missing(input.clone()));
        }
    }
    Ok(records)
}

/// The records of one file; a file that cannot be read is one failed record.
fn read_file(path: &Path) -> Vec<Record> {
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| Record {
        source: Origin::file(&name),
        input: Err(Failure::new(Stage::Read, format!("无法读取文件：{e}"))),
    };
    if is_json_lines(path) {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) => return vec![unreadable(e)],
        };
        return json_lines(&name, &mut std::io::BufReader::new(file))
            .unwrap_or_else(|e| vec![unreadable(e)]);
    }
    vec![Record {
        source: Origin::file(&name),
        input: read_json_file(path),
    }]
}

/// One record per non-blank line.
fn json_lines(name: &str, reader: &mut dyn BufRead) -> std::io::Result<Vec<Record>> {
    let mut records = Vec::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        records.push(Record {
            source: Origin {
                line: Some(number + 1),
                ..Origin::file(name)
            },
            input: json::parse_str(&line).map_err(|e| Failure::malformed_json_line(&e)),
        });
    }
    Ok(records)
}

/// Reads and parses a file holding one document (strictly, see [`crate::input::json`]; UTF-8,
/// UTF-16 with a byte-order mark, or GBK).
pub fn read_json_file(path: &Path) -> Result<Value, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::new(Stage::Read, format!("无法读取 {}：{e}", path.display())))?;
    json::parse_bytes(&bytes).map_err(|e| Failure::malformed_json(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_skip_blank_lines_and_keep_line_numbers() {
        let text = "{\"a\":1}\n\n  \n{broken\n\u{feff}{\"b\":2}\n";
        let records = json_lines("x.jsonl", &mut text.as_bytes()).unwrap();
        let lines: Vec<_> = records.iter().map(|r| r.source.line).collect();
        assert_eq!(lines, [Some(1), Some(4), Some(5)]);
        assert!(records[0].input.is_ok());
        let failure = records[1].input.as_ref().unwrap_err();
        assert_eq!(failure.stage, Stage::Read);
        assert_eq!(
            failure.message,
            "不是有效的 JSON（第 2 列）：字段名应为用英文双引号括起的字符串"
        );
        assert!(records[2].input.is_ok());
        assert_eq!(records[1].source.to_string(), "x.jsonl:4");
    }
}
