//! Error responses as RFC 9457 problem details (`application/problem+json`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::json::JsonError;
use crate::validate::InputProblem;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Every kind of problem the API reports, with its status and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
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
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: the document breaks the input contract.
    InvalidDocument,
    /// 500: a template failed to compile (the template author's problem, not the client's).
    TemplateError,
    /// 500: anything else that went wrong inside.
    InternalError,
    /// 503: the queue is full or the deadline passed; retry later.
    Overloaded,
}

impl ProblemKind {
    /// Every kind, for the OpenAPI description.
    pub const ALL: [ProblemKind; 10] = [
        ProblemKind::BadRequest,
        ProblemKind::Unauthorized,
        ProblemKind::NotFound,
        ProblemKind::MethodNotAllowed,
        ProblemKind::PayloadTooLarge,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::InvalidDocument,
        ProblemKind::TemplateError,
        ProblemKind::InternalError,
        ProblemKind::Overloaded,
    ];

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ProblemKind::BadRequest => StatusCode::BAD_REQUEST,
            ProblemKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ProblemKind::NotFound => StatusCode::NOT_FOUND,
            ProblemKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProblemKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProblemKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProblemKind::InvalidDocument => StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::TemplateError | ProblemKind::InternalError => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            ProblemKind::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// A short, fixed summary.
    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::BadRequest => "Bad request",
            ProblemKind::Unauthorized => "Missing or wrong bearer token",
            ProblemKind::NotFound => "Not found",
            ProblemKind::MethodNotAllowed => "Method not allowed",
            ProblemKind::PayloadTooLarge => "Request body too large",
            ProblemKind::UnsupportedMediaType => "Content-Type must be application/json",
            ProblemKind::InvalidDocument => "The document is invalid",
            ProblemKind::TemplateError => "A template failed",
            ProblemKind::InternalError => "Internal error",
            ProblemKind::Overloaded => "The service is busy",
        }
    }

    /// The `type` URI.
    pub fn type_uri(self) -> String {
        let slug = serde_json::to_value(self).expect("kinds serialize");
        format!("urn:xuncha:problem:{}", slug.as_str().unwrap_or_default())
    }
}

/// One problem response.
#[derive(Debug, Clone)]
pub struct Problem {
    kind: ProblemKind,
    detail: String,
    errors: Vec<InputProblem>,
    diagnostics: Vec<Diagnostic>,
    retry_after_seconds: Option<u64>,
}

/// The body of a problem response.
#[derive(Serialize)]
struct ProblemBody<'a> {
    #[serde(rename = "type")]
    type_uri: String,
    title: &'static str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [InputProblem],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    diagnostics: &'a [Diagnostic],
}

impl Problem {
    /// A problem of `kind` with a sentence about this occurrence.
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            diagnostics: Vec::new(),
            retry_after_seconds: None,
        }
    }

    /// A 422 listing every problem of the document with its JSON path.
    pub fn invalid(errors: Vec<InputProblem>) -> Self {
        Self {
            errors,
            ..Self::new(
                ProblemKind::InvalidDocument,
                "the document breaks the input contract; see errors",
            )
        }
    }

    /// A 400 for a body that is not one JSON document; a key given twice is listed at its path.
    pub fn malformed_json(error: &JsonError) -> Self {
        Self {
            errors: error.duplicate_key_problem().into_iter().collect(),
            ..Self::new(
                ProblemKind::BadRequest,
                format!("the body is not valid JSON: {error}"),
            )
        }
    }

    /// A 500 carrying Typst's or Tera's diagnostics.
    pub fn template(detail: impl Into<String>, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            diagnostics,
            ..Self::new(ProblemKind::TemplateError, detail)
        }
    }

    /// A 503 telling the client when to try again.
    pub fn overloaded(detail: impl Into<String>, retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(ProblemKind::Overloaded, detail)
        }
    }

    /// The kind of problem.
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&ProblemBody {
            type_uri: self.kind.type_uri(),
            title: self.kind.title(),
            status: self.kind.status().as_u16(),
            detail: &self.detail,
            errors: &self.errors,
            diagnostics: &self.diagnostics,
        })
        .expect("problems serialize");
        let mut response = (self.kind.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = self.retry_after_seconds {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.kind == ProblemKind::Unauthorized {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
