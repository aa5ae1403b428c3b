//! Why one document did not become a PDF, in a form that the CLI, the batch manifest and the HTTP
//! API all report the same way.

use schemars::JsonSchema;
use serde::Serialize;

use crate::RenderError;
use crate::diagnostics::{Diagnostic, InputError};
use crate::export::ExportError;
use crate::input::json::JsonError;
use crate::pool::JobError;

/// The step at which a document failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The input could not be read or is not JSON.
    Read,
    /// The document breaks the input contract.
    Validate,
    /// A Tera template failed.
    Template,
    /// Typst failed to lay out the document.
    Typeset,
    /// The document cannot be written in the format asked for (a PDF standard its pages cannot
    /// meet, something OFD cannot hold, a Word draft that could not be written).
    Export,
    /// The output could not be written.
    Write,
    /// The document was not rendered in time: the request's deadline passed before it started,
    /// or its compile ran past the time limit and was abandoned.
    Deadline,
    /// The typesetter broke down on the document (a panic: a fault of Typst or of xuncha,
    /// usually set off by a template's Typst code).
    Panic,
}

/// Everything known about one failed document.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// Where it failed.
    pub stage: Stage,
    /// One line for a person.
    pub message: String,
    /// Errors in the input, each with its JSON path (stage `validate`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<InputError>,
    /// Typst's errors (stage `typeset`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// A failure with only a message.
    pub fn new(stage: Stage, message: impl Into<String>) -> Self {
        Self {
            stage,
            message: message.into(),
            errors: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Text that is not valid JSON: where (line and column in characters) and why, in Chinese.
    pub fn malformed_json(error: &JsonError) -> Self {
        let place = format!("第 {} 行第 {} 列", error.error.line(), error.column());
        Self::malformed(error, &place)
    }

    /// One line of JSON Lines that is not valid JSON (the line itself is in the source).
    pub fn malformed_json_line(error: &JsonError) -> Self {
        Self::malformed(error, &format!("第 {} 列", error.column()))
    }

    /// Text that is not a JSON document; a key given twice is also an error at its path.
    fn malformed(error: &JsonError, place: &str) -> Self {
        match error.duplicate_key_error() {
            Some(duplicate) => Self {
                errors: vec![duplicate],
                ..Self::new(Stage::Read, format!("JSON 中有重复的字段（{place}）"))
            },
            None => Self::new(
                Stage::Read,
                format!("不是有效的 JSON（{place}）：{}", error.reason()),
            ),
        }
    }

    /// Every line to print for a person: the message, then each error and diagnostic.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.message.clone()];
        lines.extend(self.errors.iter().map(ToString::to_string));
        lines.extend(self.diagnostics.iter().map(ToString::to_string));
        lines
    }
}

impl From<RenderError> for Failure {
    fn from(error: RenderError) -> Self {
        match error {
            RenderError::Invalid(errors) => Self {
                stage: Stage::Validate,
                message: format!("输入有 {} 处问题", errors.len()),
                errors,
                diagnostics: Vec::new(),
            },
            RenderError::Template(diagnostics) => Self {
                diagnostics,
                ..Self::new(Stage::Template, "模板展开失败")
            },
            RenderError::Unconverged(diagnostics) => Self {
                diagnostics,
                ..Self::new(
                    Stage::Typeset,
                    "排版未能收敛：模板的版面在五次计算后仍不稳定，文书可能有错页或空白页，未予输出（这是模板的缺陷，请报告）",
                )
            },
            RenderError::Typst(diagnostics) => Self {
                stage: Stage::Typeset,
                message: "排版失败".to_string(),
                errors: Vec::new(),
                diagnostics,
            },
            RenderError::Export(error) => Self {
                diagnostics: export_diagnostics(&error),
                ..Self::new(Stage::Export, "这份文书无法写成所要求的格式")
            },
            RenderError::Draft(error) => {
                Self::new(Stage::Export, format!("无法写出 Word 草稿：{error}"))
            }
        }
    }
}

impl From<JobError> for Failure {
    fn from(error: JobError) -> Self {
        match error {
            JobError::Panicked(message) => Self::new(
                Stage::Panic,
                format!(
                    "排版程序处理这份文书时出错中止（{message}）：这是排版程序的缺陷，多由模板中的某段 Typst 代码引发，与数据无关；请报告"
                ),
            ),
            JobError::TimedOut(limit) => Self::new(
                Stage::Deadline,
                format!(
                    "排版超过 {} 秒仍未完成，已放弃：多由模板中不会结束的 Typst 代码引起",
                    limit.as_secs_f64()
                ),
            ),
            JobError::Expired => Self::new(Stage::Deadline, "超过请求的处理时限，未排版"),
            JobError::Lost => Self::new(
                Stage::Panic,
                "排版任务意外丢失，未得到结果：这是排版程序的缺陷，与数据无关；请重试并报告",
            ),
        }
    }
}

/// What an export writer said, as diagnostics without a place (the pages have none).
pub fn export_diagnostics(error: &ExportError) -> Vec<Diagnostic> {
    error
        .problems()
        .into_iter()
        .map(|problem| Diagnostic {
            hints: problem.hints,
            ..Diagnostic::error(problem.message)
        })
        .collect()
}
