//! How big one document may be, and the errors of documents that are bigger.

use serde_json::Value;

use crate::diagnostics::InputError;
use crate::diagnostics::pointer::for_each_node;

/// How big one document (and a spreadsheet it is made from) may be. Each document limit, when passed, is an error at the path of the
/// offending value (`max_pages` at the document itself), so an HTTP client gets a 422.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most characters in any one text. The longest field of the contract allows 3,000;
    /// this bound also covers `extra`, and keeps pattern checks fast (a megabyte in a pattern
    /// field took 5 s to check).
    pub max_text_chars: usize,
    /// The most items in any one list (problems, groups, table rows, …). The contract sets no
    /// bound on most lists; 10,000 problems took 4 s and 650 MB to typeset.
    pub max_list_items: usize,
    /// The most pages a typeset document may have.
    pub max_pages: usize,
    /// The most rows read from a worksheet (rows up to the last that holds something).
    pub max_sheet_rows: usize,
    /// The most columns read from a worksheet (up to the last that holds something).
    pub max_sheet_columns: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_text_chars: 10_000,
            max_list_items: 500,
            max_pages: 200,
            max_sheet_rows: 10_000,
            max_sheet_columns: 200,
        }
    }
}

impl Limits {
    /// Texts over `max_text_chars` and lists over `max_list_items`, wherever they are.
    pub fn oversize_errors(&self, value: &Value) -> Vec<InputError> {
        let mut errors = Vec::new();
        for_each_node(value, &mut String::new(), &mut |path, node| match node {
            Value::String(s) => {
                let chars = s.chars().count();
                if chars > self.max_text_chars {
                    errors.push(InputError::new(
                        path,
                        format!(
                            "内容过长：{chars} 个字符，任何一项最多 {} 个字符",
                            self.max_text_chars
                        ),
                    ));
                }
            }
            Value::Array(items) if items.len() > self.max_list_items => {
                errors.push(InputError::new(
                    path,
                    format!(
                        "条目过多：{} 项，任何一个列表最多 {} 项；请拆分为几份文书",
                        items.len(),
                        self.max_list_items
                    ),
                ));
            }
            _ => {}
        });
        errors
    }

    /// The error of a document that typeset to more than `max_pages` pages.
    pub fn too_many_pages(&self, pages: usize) -> Option<InputError> {
        (pages > self.max_pages).then(|| {
            InputError::new(
                "",
                format!(
                    "排版后共 {pages} 页，超过每份文书 {} 页的上限；请拆分为几份文书",
                    self.max_pages
                ),
            )
        })
    }
}
