//! Error responses as RFC 9457 problem details (`application/problem+json`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostics::hide_folders;
use crate::diagnostics::{Diagnostic, InputError};
use crate::failure::export_diagnostics;
use crate::input::json::JsonError;
use crate::{Engine, RenderError};

/// The media type of every error body.
const PROBLEM_JSON: &str = "application/problem+json";

/// Every kind of error the API reports, with its status and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiErrorKind {
    /// 400: the body is not JSON, or a query parameter is wrong.
    BadRequest,
    /// 401: the bearer token is missing or wrong.
    Unauthorized,
    /// 404: no such route or kind.
    NotFound,
    /// 405: the route exists but not with this method.
    MethodNotAllowed,
    /// 413: the body is over the limit.
    PayloadTooLarge,
    /// 415: the body is not of a type the route takes (JSON, or a spreadsheet for uploads).
    UnsupportedMediaType,
    /// 422: the document breaks the input contract.
    InvalidDocument,
    /// 422: the document cannot be written in the format asked for (a PDF standard its pages
    /// cannot meet, something OFD cannot hold).
    CannotExport,
    /// 422: an uploaded spreadsheet cannot be used (not a workbook, sheets or columns missing).
    UnusableSheet,
    /// 500: a template failed to compile (the template author's fault, not the client's).
    TemplateError,
    /// 500: anything else that went wrong inside.
    InternalError,
    /// 503: the queue is full or the deadline passed; retry later.
    Overloaded,
}

impl ApiErrorKind {
    /// Every kind, for the OpenAPI description.
    pub const ALL: [ApiErrorKind; 12] = [
        ApiErrorKind::BadRequest,
        ApiErrorKind::Unauthorized,
        ApiErrorKind::NotFound,
        ApiErrorKind::MethodNotAllowed,
        ApiErrorKind::PayloadTooLarge,
        ApiErrorKind::UnsupportedMediaType,
        ApiErrorKind::InvalidDocument,
        ApiErrorKind::CannotExport,
        ApiErrorKind::UnusableSheet,
        ApiErrorKind::TemplateError,
        ApiErrorKind::InternalError,
        ApiErrorKind::Overloaded,
    ];

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ApiErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ApiErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiErrorKind::NotFound => StatusCode::NOT_FOUND,
            ApiErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiErrorKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiErrorKind::InvalidDocument
            | ApiErrorKind::CannotExport
            | ApiErrorKind::UnusableSheet => StatusCode::UNPROCESSABLE_ENTITY,
            ApiErrorKind::TemplateError | ApiErrorKind::InternalError => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            ApiErrorKind::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// A short, fixed summary, in the house language (Chinese) like every message; `type`
    /// is what a program matches on.
    pub fn title(self) -> &'static str {
        match self {
            ApiErrorKind::BadRequest => "请求有误",
            ApiErrorKind::Unauthorized => "缺少令牌或令牌不正确",
            ApiErrorKind::NotFound => "未找到",
            ApiErrorKind::MethodNotAllowed => "不支持该请求方法",
            ApiErrorKind::PayloadTooLarge => "请求体过大",
            ApiErrorKind::UnsupportedMediaType => "不支持的 Content-Type",
            ApiErrorKind::InvalidDocument => "文书数据有误",
            ApiErrorKind::CannotExport => "无法写成所要求的格式",
            ApiErrorKind::UnusableSheet => "表格无法使用",
            ApiErrorKind::TemplateError => "模板出错",
            ApiErrorKind::InternalError => "服务内部错误",
            ApiErrorKind::Overloaded => "服务繁忙",
        }
    }

    /// The `type` URI.
    pub fn type_uri(self) -> String {
        let slug = serde_json::to_value(self).expect("kinds serialize");
        format!("urn:xuncha:problem:{}", slug.as_str().unwrap_or_default())
    }
}

/// One error response, as problem details.
#[derive(Debug, Clone)]
pub struct ApiError {
    kind: ApiErrorKind,
    detail: String,
    errors: Vec<InputError>,
    diagnostics: Vec<Diagnostic>,
    retry_after_seconds: Option<u64>,
}

/// The body of an error response: RFC 9457 problem details, with every error of the document
/// at its JSON Pointer (`errors`) or every diagnostic of the template (`diagnostics`).
#[derive(Serialize, JsonSchema)]
pub struct ProblemDetails {
    /// What a program matches on: `urn:xuncha:problem:…`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short, fixed summary of the type, in Chinese.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong this time, in Chinese.
    pub detail: String,
    /// Every error of the document, each at its JSON Pointer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<InputError>,
    /// Tera's or Typst's errors and warnings, at the template's file, line and column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl ApiError {
    /// An error of `kind` with a sentence about this occurrence.
    pub fn new(kind: ApiErrorKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            diagnostics: Vec::new(),
            retry_after_seconds: None,
        }
    }

    /// A 422 listing every error of the document with its JSON path.
    pub fn invalid(errors: Vec<InputError>) -> Self {
        Self {
            errors,
            ..Self::new(
                ApiErrorKind::InvalidDocument,
                "文书不符合输入约定，见 errors 中逐条列出的问题",
            )
        }
    }

    /// A 422 for a spreadsheet that cannot be used; `errors` lists the cells at fault, if any.
    pub fn unusable_sheet(detail: impl Into<String>, errors: Vec<InputError>) -> Self {
        Self {
            errors,
            ..Self::new(ApiErrorKind::UnusableSheet, detail)
        }
    }

    /// A 400 for a body that is not one JSON document; a key given twice is listed at its path.
    pub fn malformed_json(error: &JsonError) -> Self {
        Self {
            errors: error.duplicate_key_error().into_iter().collect(),
            ..Self::new(
                ApiErrorKind::BadRequest,
                format!("请求体不是有效的 JSON：{}", error.explain()),
            )
        }
    }

    /// A 500 carrying Typst's or Tera's diagnostics.
    pub fn template(detail: impl Into<String>, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            diagnostics,
            ..Self::new(ApiErrorKind::TemplateError, detail)
        }
    }

    /// The same error with every template folder's place on the server taken out of its
    /// diagnostics and detail (a path inside a folder is written from that folder).
    pub fn hiding_folders(mut self, engine: &Engine) -> Self {
        let folders = template_folders(engine);
        hide_folders(&mut self.detail, &folders);
        for diagnostic in &mut self.diagnostics {
            diagnostic.hide_folders(&folders);
        }
        self
    }

    /// A 503 telling the client when to try again.
    pub fn overloaded(detail: impl Into<String>, retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(ApiErrorKind::Overloaded, detail)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&ProblemDetails {
            type_uri: self.kind.type_uri(),
            title: self.kind.title(),
            status: self.kind.status().as_u16(),
            detail: self.detail,
            errors: self.errors,
            diagnostics: self.diagnostics,
        })
        .expect("error bodies serialize");
        let mut response = (self.kind.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = self.retry_after_seconds {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.kind == ApiErrorKind::Unauthorized {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// An engine's error as its response: the document's errors as a 422, an export the format
/// cannot hold as a 422, a template's failure or a draft that could not be written as a 500.
impl From<RenderError> for ApiError {
    fn from(error: RenderError) -> Self {
        match error {
            RenderError::Invalid(errors) => ApiError::invalid(errors),
            RenderError::Template(diagnostics) => ApiError::template(
                "模板展开失败（模板的问题，不是文书数据的问题），见 diagnostics",
                diagnostics,
            ),
            RenderError::Unconverged(diagnostics) => ApiError::template(
                "模板的版面没有收敛，文书未输出（模板的问题），见 diagnostics",
                diagnostics,
            ),
            RenderError::Typst(diagnostics) => ApiError::template(
                "模板排版这份文书失败（模板的问题），见 diagnostics",
                diagnostics,
            ),
            RenderError::Export(error) => Self {
                diagnostics: export_diagnostics(&error),
                ..Self::new(
                    ApiErrorKind::CannotExport,
                    "这份文书排好的版面无法写成所要求的格式，见 diagnostics",
                )
            },
            RenderError::Draft(error) => Self::new(
                ApiErrorKind::InternalError,
                format!("无法写出 Word 草稿（服务的缺陷，请报告）：{error}"),
            ),
        }
    }
}

/// Any path no route has.
pub async fn not_found() -> ApiError {
    ApiError::new(
        ApiErrorKind::NotFound,
        "没有这个接口；可用的接口见 /openapi.json",
    )
}

/// A known path with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ApiErrorKind::MethodNotAllowed,
        "这个接口不接受该请求方法；见 /openapi.json",
    )
}

/// Each template folder of `engine`, as given and as its real path, for [`hide_folders`].
pub fn template_folders(engine: &Engine) -> Vec<String> {
    engine
        .templates()
        .folders()
        .flat_map(|folder| {
            let canonical = folder
                .canonicalize()
                .unwrap_or_else(|_| folder.to_path_buf());
            [
                folder.display().to_string(),
                canonical.display().to_string(),
            ]
        })
        .collect()
}
