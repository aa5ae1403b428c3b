//! The OpenAPI 3.1 description of the service (`GET /openapi.json`).
//!
//! Document schemas are the same generated JSON Schemas that validation uses, so the description
//! cannot drift from what the service accepts. Their `$defs` are moved into
//! `components/schemas` and every reference points there, so that tools which resolve only
//! document-relative references (most OpenAPI tools) read them.

use serde_json::{Map, Value, json};

use super::error::ApiErrorKind;
use crate::DocKind;
use crate::export::pdf_standard::PdfStandard;

/// What the description says of input as a whole.
const DESCRIPTION: &str = "Renders 巡察 documents (反馈意见, 抄告单, 建议书, 整改 documents) from JSON to PDF \
    (or PDF/A, OFD, PNG, SVG) typeset to GB/T 9704-2012. An optional field may be left out or sent \
    as null: null is read as left out. Every error message (`detail`, `errors[].message`) is in \
    Chinese, for the clerks who fix the data; `type` is what a program matches on.";

/// The whole OpenAPI document; `samples` (a valid document of each kind, from its template's
/// `sample.json`) become the request bodies' examples, so that clients and test tools start from
/// documents the service accepts.
pub fn document(samples: &[(DocKind, Value)]) -> Value {
    let mut schemas = Map::new();
    for kind in DocKind::ALL {
        let mut schema = kind.schema();
        optional_members_nullable(&mut schema);
        let schema = hoisted(kind.as_str(), schema, &mut schemas);
        schemas.insert(kind.as_str().to_string(), schema);
    }
    let documents: Vec<Value> = DocKind::ALL
        .iter()
        .map(|k| json!({"$ref": format!("#/components/schemas/{k}")}))
        .collect();
    schemas.insert("Document".into(), json!({"oneOf": documents}));
    // Not `Problem`: that name is a document's (a 反馈意见's and a 建议书's problems), which
    // this would overwrite.
    schemas.insert("ProblemDetails".into(), problem_details_schema());
    schemas.insert("Manifest".into(), manifest_schema());
    schemas.insert("InputError".into(), input_error_schema());
    schemas.insert("MadeDocument".into(), made_document_schema());
    schemas.insert("RoundDocuments".into(), round_documents_schema());
    schemas.insert("SheetDocuments".into(), sheet_documents_schema());

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xuncha (巡察文书)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": DESCRIPTION
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"bearer": []}, {}],
        "paths": paths(samples)
    })
}

/// Every route.
fn paths(samples: &[(DocKind, Value)]) -> Value {
    let json_ok = |description: &str| json!({"description": description, "content": {"application/json": {"schema": {"type": "object"}}}});
    let kinds: Vec<&str> = DocKind::ALL.iter().map(|k| k.as_str()).collect();
    json!({
        "/v1/render": {"post": {
            "summary": "Render one document",
            "parameters": render_parameters(),
            "requestBody": document_body(samples),
            "responses": render_responses()
        }},
        "/v1/batch": {"post": {
            "summary": "Render many documents into a zip",
            "parameters": [format_parameter(&["pdf", "ofd", "ofd-a"]), pdf_standard_parameter()],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "array",
                "minItems": 1,
                "items": {"description": "Any JSON value. Each item is checked on its own, as a Document (#/components/schemas/Document): one that is not a valid document fails in manifest.json, not the request."}
            }}}},
            "responses": batch_responses()
        }},
        "/v1/validate": {"post": {
            "summary": "Validate one document without rendering it",
            "requestBody": document_body(samples),
            "responses": validate_responses()
        }},
        "/v1/kinds": {"get": {"summary": "Document kinds, layouts, and each kind's templates with their versions", "responses": {"200": json_ok("Kinds")}}},
        "/v1/formats": {"get": {"summary": "What a document can be written as: formats and PDF standards", "responses": {"200": json_ok("Formats")}}},
        "/v1/schema/{kind}": {"get": {
            "summary": "JSON Schema of one kind's input",
            "parameters": [{"name": "kind", "in": "path", "required": true, "schema": {"type": "string", "enum": kinds}}],
            "responses": {"200": json_ok("The schema"), "404": error_response("No such kind")}
        }},
        "/v1/sample/{kind}": {"get": {
            "summary": "A valid sample document of one kind (its template's sample.json)",
            "parameters": [{"name": "kind", "in": "path", "required": true, "schema": {"type": "string", "enum": kinds}}],
            "responses": {
                "200": {"description": "The sample", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                "404": error_response("No such kind, or its template has no readable sample")
            }
        }},
        "/v1/round/template": {"get": {
            "summary": "The empty round register (xuncha round --template): a 填表说明 sheet, then 轮次, 单位, 问题, 线索 and 建议 with their headers and an example row",
            "responses": {
                "200": {
                    "description": "The workbook (登记表.xlsx)",
                    "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
                    "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}
                },
                "503": error_response("Queue full or deadline passed; see Retry-After")
            }
        }},
        "/v1/round": {"post": {
            "summary": "A round register to every document of the round (xuncha round): a zip of the documents, the list workbooks, a 整改台账 per unit and manifest.json; rows with errors are left out and listed in the manifest's `rejected`, not refused",
            "parameters": [format_parameter(&["pdf", "ofd", "ofd-a"]), pdf_standard_parameter()],
            "requestBody": upload_body("register", "The register workbook (.xlsx, .xls, .ods)"),
            "responses": round_responses()
        }},
        "/v1/round/documents": {"post": {
            "summary": "A round register to the documents it makes, as JSON, without rendering them; each unit with the shared fields of its 整改情况报告",
            "requestBody": upload_body("register", "The register workbook (.xlsx, .xls, .ods)"),
            "responses": documents_responses("RoundDocuments")
        }},
        "/v1/sheet/documents": {"post": {
            "summary": "A sheet of rows (a 整改台账, a 抄告 problem list) and the fields its documents share to the documents it makes (xuncha batch --from-xlsx), as JSON, without rendering them; render them with /v1/render or /v1/batch",
            "requestBody": sheet_body(),
            "responses": documents_responses("SheetDocuments")
        }},
        "/healthz": {"get": {"summary": "The process is alive (no token needed)", "security": [], "responses": {"200": json_ok("Alive")}}},
        "/readyz": {"get": {"summary": "Fonts and templates loaded and the queue has room (no token needed)", "security": [], "responses": {"200": json_ok("Ready"), "503": json_ok("Busy")}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "OpenMetrics text", "content": {"application/openmetrics-text": {"schema": {"type": "string"}}}}}}},
        "/openapi.json": {"get": {"summary": "This description", "responses": {"200": json_ok("OpenAPI 3.1")}}}
    })
}

/// The media type of an Excel workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A spreadsheet upload: a multipart part named `part`, or the spreadsheet as the body.
fn upload_body(part: &str, description: &str) -> Value {
    let binary = json!({"schema": {"type": "string", "format": "binary"}});
    let mut content = Map::new();
    content.insert(
        "multipart/form-data".into(),
        json!({"schema": {
            "type": "object",
            "required": [part],
            "additionalProperties": false,
            "properties": {part: {"type": "string", "format": "binary", "description": description}}
        }}),
    );
    for (media_type, _) in super::uploads::SHEET_MEDIA_TYPES {
        content.insert(media_type.into(), binary.clone());
    }
    json!({"required": true, "description": format!("{description}: as the part “{part}” of a multipart form, or as the whole body with its media type (application/octet-stream: recognised from its bytes). At most --max-body bytes; read in memory by the same reader as the command line."), "content": content})
}

/// The body of `/v1/sheet/documents`.
fn sheet_body() -> Value {
    let kinds: Vec<&str> = DocKind::ALL
        .iter()
        .filter(|k| k.sheet().is_some())
        .map(|k| k.as_str())
        .collect();
    json!({
        "required": true,
        "content": {"multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["sheet", "shared"],
                "additionalProperties": false,
                "properties": {
                    "sheet": {"type": "string", "format": "binary", "description": "The sheet (.xlsx, .xls, .ods, or .csv in UTF-8 or GBK)"},
                    "shared": {"type": "string", "description": "The fields every document shares, a JSON object; in its strings {n} is the document's number from 1 and {group} its key (the unit)"},
                    "kind": {"type": "string", "enum": kinds, "description": "The kind to make; default: doc_kind in shared, or the one kind whose columns the sheet has"},
                    "group_by": {"type": "string", "description": "How rows group into documents, by name or key header (e.g. recipient, 抄告对象); default: the kind's first"}
                }
            },
            "encoding": {"shared": {"contentType": "application/json"}}
        }}
    })
}

/// The errors of a route that takes an upload, and `extra`.
fn upload_errors(extra: &[(&str, &str)]) -> Map<String, Value> {
    let common = [
        (
            "400",
            "A wrong query parameter, a multipart form that cannot be read, or parts missing or unknown",
        ),
        (
            "401",
            "Missing or wrong bearer token (when the service has one)",
        ),
        ("413", "Body over the limit"),
        (
            "415",
            "Content-Type is neither multipart/form-data nor a spreadsheet type",
        ),
        (
            "422",
            "The spreadsheet cannot be used (not a workbook, sheets or columns missing); `errors` names the cells when there are any",
        ),
        ("503", "Queue full or deadline passed; see Retry-After"),
    ];
    common
        .iter()
        .chain(extra)
        .map(|(status, text)| ((*status).to_string(), error_response(text)))
        .collect()
}

fn round_responses() -> Map<String, Value> {
    let mut responses = upload_errors(&[]);
    responses.insert(
        "200".into(),
        json!({
            "description": "A zip of the round: one file per document made, the workbooks, and manifest.json (the batch manifest plus `rejected`, `workbooks`, `problems` and `units`)",
            "headers": {
                "Content-Disposition": {"schema": {"type": "string"}, "description": "Named after the round (RFC 6266, filename* for Chinese)"},
                "X-Documents-Ok": {"schema": {"type": "integer"}},
                "X-Documents-Failed": {"schema": {"type": "integer"}},
                "X-Rows-Rejected": {"schema": {"type": "integer"}, "description": "Register rows left out of every document"}
            },
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
        }),
    );
    responses
}

fn documents_responses(schema: &str) -> Map<String, Value> {
    let mut responses = upload_errors(&[]);
    responses.insert(
        "200".into(),
        json!({
            "description": "The documents, each valid and ready to render, or with its errors at their cells",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
        }),
    );
    responses
}

/// One document made from a spreadsheet, in the answers of the `…/documents` routes.
fn made_document_schema() -> Value {
    json!({
        "type": "object",
        "required": ["index", "status", "source"],
        "properties": {
            "index": {"type": "integer", "description": "1-based, in the order the documents are made (and named in a round's zip)"},
            "status": {"enum": ["ok", "error"]},
            "source": {"type": "object", "description": "file, sheet and rows it was made from"},
            "unit": {"type": ["string", "null"], "description": "Round only: the inspected unit it belongs to; null for the round's own"},
            "doc_kind": {"type": "string"},
            "title": {"type": "string"},
            "document": {"$ref": "#/components/schemas/Document"},
            "message": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/InputError"}}
        }
    })
}

fn round_documents_schema() -> Value {
    json!({
        "type": "object",
        "required": ["round", "documents", "workbooks", "units", "rejected", "warnings"],
        "properties": {
            "round": {"type": "string", "description": "The round's name (轮次名称)"},
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/MadeDocument"}},
            "workbooks": {"type": "array", "items": {"type": "object", "description": "output, title, problems, unit"}},
            "units": {"type": "array", "items": {
                "type": "object",
                "required": ["unit", "report_fields"],
                "properties": {
                    "unit": {"type": "string"},
                    "report_fields": {"type": ["object", "null"], "description": "The shared fields of the unit's 整改情况报告 (send with its returned 整改台账 to /v1/sheet/documents, after adding signature.date)"}
                }
            }},
            "rejected": {"type": "array", "items": {"$ref": "#/components/schemas/InputError"}},
            "warnings": {"type": "array", "items": {"type": "string"}}
        }
    })
}

fn sheet_documents_schema() -> Value {
    json!({
        "type": "object",
        "required": ["doc_kind", "documents", "warnings"],
        "properties": {
            "doc_kind": {"type": "string"},
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/MadeDocument"}},
            "warnings": {"type": "array", "items": {"type": "string"}, "description": "Columns not used, with the column each most resembles"}
        }
    })
}

/// The query of `/v1/render`; a parameter that does not apply to the format asked for is
/// ignored.
fn render_parameters() -> Value {
    json!([
        format_parameter(&["pdf", "png", "svg", "ofd", "ofd-a"]),
        pdf_standard_parameter(),
        {"name": "page", "in": "query", "description": "1-based page, for png and svg; ignored by the other formats", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {"name": "dpi", "in": "query", "description": "Resolution, for png; ignored by the other formats", "schema": {"type": "number", "minimum": 10, "maximum": 600, "default": 144}}
    ])
}

fn format_parameter(formats: &[&str]) -> Value {
    json!({"name": "format", "in": "query", "description": "What the document is written as (any case); see /v1/formats", "schema": {"type": "string", "enum": formats, "default": "pdf"}})
}

fn pdf_standard_parameter() -> Value {
    let standards: Vec<&str> = PdfStandard::ALL.iter().map(|s| s.as_str()).collect();
    json!({"name": "pdf_standard", "in": "query", "description": "A standard the PDF claims (PDF/A for archives, PDF/UA); with format pdf only, ignored by the other formats", "schema": {"type": "string", "enum": standards}})
}

fn document_body(samples: &[(DocKind, Value)]) -> Value {
    let examples: Map<String, Value> = samples
        .iter()
        .map(|(kind, sample)| {
            let example =
                json!({"summary": format!("{}（{kind}）", kind.chinese_name()), "value": sample});
            (kind.as_str().to_string(), example)
        })
        .collect();
    json!({
        "required": true,
        "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Document"},
            "examples": examples
        }}
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    })
}

/// The errors every POST route can answer, and `extra`.
fn common_errors(extra: &[(&str, &str)]) -> Map<String, Value> {
    let common = [
        ("400", "Malformed JSON or a wrong query parameter"),
        (
            "401",
            "Missing or wrong bearer token (when the service has one)",
        ),
        ("413", "Body over the limit"),
        ("415", "Content-Type is not application/json"),
        ("503", "Queue full or deadline passed; see Retry-After"),
    ];
    common
        .iter()
        .chain(extra)
        .map(|(status, text)| ((*status).to_string(), error_response(text)))
        .collect()
}

fn render_responses() -> Map<String, Value> {
    let mut responses = common_errors(&[
        (
            "422",
            "The document is invalid; `errors` lists every error with its JSON path",
        ),
        ("500", "A template failed; `diagnostics` say where"),
    ]);
    responses.insert(
        "200".into(),
        json!({
            "description": "The PDF (or PDF/A, OFD), or one page as PNG or SVG",
            "headers": {
                "Content-Disposition": {"schema": {"type": "string"}, "description": "File name from the title (RFC 6266, filename* for Chinese)"},
                "X-Page-Count": {"schema": {"type": "integer"}},
                "X-Request-Id": {"schema": {"type": "string"}}
            },
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/ofd": {"schema": {"type": "string", "format": "binary"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}},
                "image/svg+xml": {"schema": {"type": "string"}}
            }
        }),
    );
    responses
}

fn batch_responses() -> Map<String, Value> {
    let mut responses = common_errors(&[]);
    responses.insert(
        "200".into(),
        json!({
            "description": "A zip of one file per good document and manifest.json (schema Manifest); bad documents are listed in the manifest, not refused",
            "headers": {
                "X-Documents-Ok": {"schema": {"type": "integer"}},
                "X-Documents-Failed": {"schema": {"type": "integer"}}
            },
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
        }),
    );
    responses
}

fn validate_responses() -> Map<String, Value> {
    let mut responses =
        common_errors(&[("422", "The document is invalid; `errors` lists every error")]);
    let errors = json!({"type": "array", "items": {"$ref": "#/components/schemas/InputError"}});
    responses.insert(
        "200".into(),
        json!({
            "description": "The document is valid",
            "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["valid", "doc_kind", "title", "warnings", "missing_glyphs"],
                "properties": {
                    "valid": {"const": true},
                    "doc_kind": {"type": "string"},
                    "title": {"type": "string"},
                    "warnings": {
                        "description": "Values read other than as typed (full-width digits, 2024年9月2日 as 2024-09-02), then characters no font can draw (when allowed)",
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/InputError"}
                    },
                    "missing_glyphs": errors
                }
            }}}
        }),
    );
    responses
}

/// Declares every optional object member nullable, as the service reads `null` there as left
/// out (clients generated from this description send `null` for options they do not set).
fn optional_members_nullable(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let required: Vec<String> = match map.get("required") {
                Some(Value::Array(names)) => names
                    .iter()
                    .filter_map(|n| n.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, member) in properties.iter_mut() {
                    if !required.contains(name) {
                        nullable(member);
                    }
                }
            }
            map.values_mut().for_each(optional_members_nullable);
        }
        Value::Array(items) => items.iter_mut().for_each(optional_members_nullable),
        _ => {}
    }
}

/// The schema, also allowing `null`: `"type": ["string", "null"]` where it has one plain type,
/// else `anyOf` with `{"type": "null"}`.
fn nullable(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    let plain_type = map.get("type").and_then(Value::as_str).map(String::from);
    match plain_type {
        Some(kind) if !map.contains_key("enum") && !map.contains_key("const") => {
            map.insert("type".into(), json!([kind, "null"]));
        }
        _ => {
            let description = map.remove("description");
            let mut wrapped =
                json!({"anyOf": [Value::Object(std::mem::take(map)), {"type": "null"}]});
            if let Some(description) = description {
                wrapped["description"] = description;
            }
            *schema = wrapped;
        }
    }
}

/// A kind's schema with its `$defs` moved into `schemas`. A definition another kind already put
/// there under the same name with other content is kept apart as `{kind}.{name}`; references
/// are rewritten to match.
fn hoisted(kind: &str, mut schema: Value, schemas: &mut Map<String, Value>) -> Value {
    let defs = match &mut schema {
        Value::Object(fields) => {
            fields.remove("$schema");
            match fields.remove("$defs") {
                Some(Value::Object(defs)) => defs,
                _ => Map::new(),
            }
        }
        _ => Map::new(),
    };
    // Rename until stable: renaming one definition changes those that refer to it.
    let mut renamed: Vec<String> = Vec::new();
    let target = |name: &str, renamed: &[String]| {
        if renamed.iter().any(|r| r == name) {
            format!("{kind}.{name}")
        } else {
            name.to_string()
        }
    };
    loop {
        let clash = defs.iter().find_map(|(name, def)| {
            let mut def = def.clone();
            retarget(&mut def, &|n| target(n, &renamed));
            let taken = schemas.get(name).is_some_and(|existing| *existing != def);
            (taken && !renamed.contains(name)).then(|| name.clone())
        });
        match clash {
            Some(name) => renamed.push(name),
            None => break,
        }
    }
    for (name, mut def) in defs {
        retarget(&mut def, &|n| target(n, &renamed));
        schemas.insert(target(&name, &renamed), def);
    }
    retarget(&mut schema, &|n| target(n, &renamed));
    schema
}

/// Points every `#/$defs/NAME` reference at `#/components/schemas/{to(NAME)}`.
fn retarget(value: &mut Value, to: &dyn Fn(&str) -> String) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(name) = reference.strip_prefix("#/$defs/")
            {
                *reference = format!("#/components/schemas/{}", to(name));
            }
            map.values_mut().for_each(|v| retarget(v, to));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget(v, to)),
        _ => {}
    }
}

fn input_error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["path", "message"],
        "properties": {
            "path": {"type": "string", "description": "JSON Pointer, e.g. /problem_groups/2/problems/0/description"},
            "message": {"type": "string", "description": "What is wrong and how to fix it, in Chinese"},
            "cell": {
                "type": "object",
                "description": "For documents made from a spreadsheet: the cell the value came from",
                "required": ["row"],
                "properties": {
                    "sheet": {"type": "string"},
                    "row": {"type": "integer"},
                    "column": {"type": "string"},
                    "header": {"type": "string"}
                }
            }
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
            "type": {"type": "string", "enum": types},
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
            "warnings": {"type": "array", "items": {"type": "string"}, "description": "About the inputs as a whole (command line: spreadsheet columns not used)"},
            "documents": {"type": "array", "items": {
                "type": "object",
                "required": ["index", "source", "status", "errors"],
                "properties": {
                    "index": {"type": "integer", "description": "1-based position in the request"},
                    "source": {"type": "object", "description": "file: the JSON Pointer of the document in the request body"},
                    "status": {"type": "string", "enum": ["ok", "error", "skipped"]},
                    "doc_kind": {"type": ["string", "null"]},
                    "title": {"type": ["string", "null"]},
                    "output": {"type": ["string", "null"], "description": "File name in the zip"},
                    "pages": {"type": ["integer", "null"]},
                    "bytes": {"type": ["integer", "null"]},
                    "sha256": {"type": ["string", "null"]},
                    "stage": {"enum": ["read", "validate", "template", "typeset", "write", "deadline", null]},
                    "message": {"type": ["string", "null"]},
                    "errors": {"type": "array", "items": {"$ref": "#/components/schemas/InputError"}},
                    "diagnostics": {"type": "array", "items": {"type": "object"}},
                    "missing_glyphs": {"type": "array", "items": {"$ref": "#/components/schemas/InputError"}}
                }
            }}
        }
    })
}
