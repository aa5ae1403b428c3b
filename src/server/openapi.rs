//! The OpenAPI 3.1 description of the service (`GET /openapi.json`).
//!
//! Document schemas are the same generated JSON Schemas that validation uses, so the description
//! cannot drift from what the service accepts.

use serde_json::{Map, Value, json};

use super::error::ApiErrorKind;
use crate::DocKind;

/// The whole OpenAPI document.
pub fn document() -> Value {
    let mut schemas = Map::new();
    for kind in DocKind::ALL {
        let mut schema = kind.schema();
        if let Value::Object(fields) = &mut schema {
            fields.remove("$schema");
            // Each schema keeps its own `$defs`; an `$id` makes its `#/$defs/…` refs resolve
            // inside it rather than against this document.
            fields.insert("$id".into(), json!(format!("urn:xuncha:schema:{kind}")));
        }
        schemas.insert(kind.as_str().to_string(), schema);
    }
    let documents: Vec<Value> = DocKind::ALL
        .iter()
        .map(|k| json!({"$ref": format!("#/components/schemas/{k}")}))
        .collect();
    schemas.insert("Document".into(), json!({"oneOf": documents}));
    schemas.insert("Problem".into(), problem_details_schema());
    schemas.insert("Manifest".into(), manifest_schema());

    let error_response = |description: &str| {
        json!({
            "description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        })
    };
    let document_body = json!({
        "required": true,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}
    });
    let common_errors = |extra: &[(&str, &str)]| {
        let mut responses = Map::new();
        for (status, text) in [
            ("400", "Malformed JSON or a wrong query parameter"),
            (
                "401",
                "Missing or wrong bearer token (when the service has one)",
            ),
            ("413", "Body over the limit"),
            ("415", "Content-Type is not application/json"),
            ("503", "Queue full or deadline passed; see Retry-After"),
        ]
        .iter()
        .chain(extra)
        {
            responses.insert((*status).into(), error_response(text));
        }
        responses
    };

    let mut render_responses = common_errors(&[
        (
            "422",
            "The document is invalid; `errors` lists every error with its JSON path",
        ),
        ("500", "A template failed; `diagnostics` say where"),
    ]);
    render_responses.insert(
        "200".into(),
        json!({
            "description": "The PDF, or one page as PNG or SVG",
            "headers": {
                "Content-Disposition": {"schema": {"type": "string"}, "description": "File name from the title (RFC 6266, filename* for Chinese)"},
                "X-Page-Count": {"schema": {"type": "integer"}},
                "X-Request-Id": {"schema": {"type": "string"}}
            },
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}},
                "image/svg+xml": {"schema": {"type": "string"}}
            }
        }),
    );
    let mut batch_responses = common_errors(&[]);
    batch_responses.insert(
        "200".into(),
        json!({
            "description": "A zip of one PDF per good document and manifest.json (schema Manifest); bad documents are listed in the manifest, not refused",
            "headers": {
                "X-Documents-Ok": {"schema": {"type": "integer"}},
                "X-Documents-Failed": {"schema": {"type": "integer"}}
            },
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
        }),
    );
    let mut validate_responses =
        common_errors(&[("422", "The document is invalid; `errors` lists every error")]);
    validate_responses.insert(
        "200".into(),
        json!({
            "description": "The document is valid",
            "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {
                    "valid": {"const": true},
                    "doc_kind": {"type": "string"},
                    "title": {"type": "string"},
                    "missing_glyphs": {"type": "array", "items": {"$ref": "#/components/schemas/InputError"}}
                }
            }}}
        }),
    );
    schemas.insert("InputError".into(), input_error_schema());

    let json_ok = |description: &str| json!({"description": description, "content": {"application/json": {"schema": {"type": "object"}}}});
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xuncha (巡察文书)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Renders 巡察反馈意见, 巡察抄告单 and 巡察建议书 from JSON to PDFs typeset to GB/T 9704-2012."
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"bearer": []}, {}],
        "paths": {
            "/v1/render": {"post": {
                "summary": "Render one document",
                "parameters": [
                    {"name": "format", "in": "query", "schema": {"enum": ["pdf", "png", "svg"], "default": "pdf"}},
                    {"name": "page", "in": "query", "description": "1-based page, png and svg only", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                    {"name": "dpi", "in": "query", "description": "png only", "schema": {"type": "number", "minimum": 10, "maximum": 600, "default": 144}}
                ],
                "requestBody": document_body,
                "responses": render_responses
            }},
            "/v1/batch": {"post": {
                "summary": "Render many documents into a zip",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Document"}}}}},
                "responses": batch_responses
            }},
            "/v1/validate": {"post": {
                "summary": "Validate one document without rendering it",
                "requestBody": document_body,
                "responses": validate_responses
            }},
            "/v1/kinds": {"get": {"summary": "Document kinds, layouts, and each kind's templates with their versions", "responses": {"200": json_ok("Kinds")}}},
            "/v1/schema/{kind}": {"get": {
                "summary": "JSON Schema of one kind's input",
                "parameters": [{"name": "kind", "in": "path", "required": true, "schema": {"enum": DocKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>()}}],
                "responses": {"200": json_ok("The schema"), "404": error_response("No such kind")}
            }},
            "/healthz": {"get": {"summary": "The process is alive (no token needed)", "security": [], "responses": {"200": json_ok("Alive")}}},
            "/readyz": {"get": {"summary": "Fonts and templates loaded and the queue has room", "responses": {"200": json_ok("Ready"), "503": json_ok("Busy")}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "OpenMetrics text", "content": {"application/openmetrics-text": {"schema": {"type": "string"}}}}}}},
            "/openapi.json": {"get": {"summary": "This description", "responses": {"200": json_ok("OpenAPI 3.1")}}}
        }
    })
}

fn input_error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["path", "message"],
        "properties": {
            "path": {"type": "string", "description": "JSON Pointer, e.g. /problem_groups/2/problems/0/description"},
            "message": {"type": "string", "description": "What is wrong and how to fix it, in Chinese"}
        }
    })
}

fn problem_details_schema() -> Value {
    let types: Vec<String> = ApiErrorKind::ALL.iter().map(|k| k.type_uri()).collect();
    json!({
        "type": "object",
        "description": "RFC 9457 problem details",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"enum": types},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/InputError"}},
            "diagnostics": {"type": "array", "items": {"type": "object", "description": "Typst error or warning with its file, line and column"}}
        }
    })
}

fn manifest_schema() -> Value {
    json!({
        "type": "object",
        "required": ["total", "ok", "failed", "skipped", "documents"],
        "properties": {
            "generator": {"type": "string"},
            "total": {"type": "integer"},
            "ok": {"type": "integer"},
            "failed": {"type": "integer"},
            "skipped": {"type": "integer"},
            "documents": {"type": "array", "items": {
                "type": "object",
                "required": ["index", "source", "status", "errors"],
                "properties": {
                    "index": {"type": "integer", "description": "1-based position in the request"},
                    "source": {"type": "object", "description": "file: the JSON Pointer of the document in the request body"},
                    "status": {"enum": ["ok", "error", "skipped"]},
                    "doc_kind": {"type": ["string", "null"]},
                    "title": {"type": ["string", "null"]},
                    "output": {"type": ["string", "null"], "description": "File name of the PDF in the zip"},
                    "pages": {"type": ["integer", "null"]},
                    "bytes": {"type": ["integer", "null"]},
                    "sha256": {"type": ["string", "null"]},
                    "stage": {"enum": ["read", "validate", "template", "typeset", "write", "deadline", null]},
                    "message": {"type": ["string", "null"]},
                    "errors": {"type": "array", "items": {"$ref": "#/components/schemas/InputError"}}
                }
            }}
        }
    })
}
