//! The OpenAPI 3.1 description of the service (`GET /openapi.json`).
//!
//! Document schemas are the same generated JSON Schemas that validation uses, so the description
//! cannot drift from what the service accepts. Their `$defs` are moved into
//! `components/schemas` and every reference points there, so that tools which resolve only
//! document-relative references (most OpenAPI tools) read them.

use schemars::JsonSchema;
use serde_json::{Map, Value, json};

use super::batch::BATCH_SHAPES;
use super::error::{ApiErrorKind, ProblemDetails};
use super::render::RENDER_SHAPES;
use crate::DocKind;
use crate::batch::manifest::Manifest;
use crate::diagnostics::InputError;
use crate::export::pdf_standard::PdfStandard;
use crate::format::{Format, Shape};

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
    derived::<ProblemDetails>("ProblemDetails", &mut schemas);
    derived::<Manifest>("Manifest", &mut schemas);
    derived::<InputError>("InputError", &mut schemas);
    // A program matches on `type`: list the values it can take.
    schemas["ProblemDetails"]["properties"]["type"]["enum"] = ApiErrorKind::ALL
        .iter()
        .map(|k| Value::String(k.type_uri()))
        .collect();

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
            "parameters": [format_parameter(BATCH_SHAPES), pdf_standard_parameter()],
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
        "/healthz": {"get": {"summary": "The process is alive (no token needed)", "security": [], "responses": {"200": json_ok("Alive")}}},
        "/readyz": {"get": {"summary": "Fonts and templates loaded, the queue has room and no abandoned job still runs (no token needed)", "security": [], "responses": {"200": json_ok("Ready"), "503": json_ok("Busy (queue full) or stuck (a job ran past the deadline; the process is being replaced)")}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "OpenMetrics text", "content": {"application/openmetrics-text": {"schema": {"type": "string"}}}}}}},
        "/openapi.json": {"get": {"summary": "This description", "responses": {"200": json_ok("OpenAPI 3.1")}}}
    })
}

/// The query of `/v1/render`; a parameter that does not apply to the format asked for is
/// ignored.
fn render_parameters() -> Value {
    json!([
        format_parameter(RENDER_SHAPES),
        pdf_standard_parameter(),
        {"name": "page", "in": "query", "description": "1-based page, for png and svg; ignored by the other formats", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {"name": "dpi", "in": "query", "description": "Resolution, for png; ignored by the other formats", "schema": {"type": "number", "minimum": 10, "maximum": 600, "default": 144}}
    ])
}

/// The `format` parameter of a route that writes the formats of `shapes` (from the table).
fn format_parameter(shapes: &[Shape]) -> Value {
    let formats: Vec<&str> = Format::of_shapes(shapes).map(|spec| spec.name).collect();
    json!({"name": "format", "in": "query", "description": "What the document is written as (any case); see /v1/formats", "schema": {"type": "string", "enum": formats, "default": Format::Pdf.name()}})
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
        (
            "500",
            "A template failed (`diagnostics` say where), or the service did",
        ),
    ]);
    // Each media type of the formats /v1/render writes, from the table: SVG is text, the
    // others bytes.
    let content: Map<String, Value> = Format::of_shapes(RENDER_SHAPES)
        .filter_map(|spec| spec.media_type)
        .map(|media_type| {
            let schema = match media_type {
                "image/svg+xml" => json!({"type": "string"}),
                _ => json!({"type": "string", "format": "binary"}),
            };
            (media_type.to_string(), json!({"schema": schema}))
        })
        .collect();
    responses.insert(
        "200".into(),
        json!({
            "description": "The whole document (PDF, PDF/A, OFD, Word draft), or one page as PNG or SVG",
            "headers": {
                "Content-Disposition": {"schema": {"type": "string"}, "description": "File name from the title (RFC 6266, filename* for Chinese)"},
                "X-Page-Count": {"schema": {"type": "integer"}, "description": "Pages as laid out; absent for a Word draft, which Word or WPS paginate"},
                "X-Request-Id": {"schema": {"type": "string"}}
            },
            "content": content
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

/// The schema schemars derives from `T` as the service writes it (a member it leaves out when
/// empty is not required), under `name`, its definitions beside it.
fn derived<T: JsonSchema>(name: &str, schemas: &mut Map<String, Value>) {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    if let Value::Object(fields) = &mut schema {
        fields.remove("title");
    }
    let schema = hoisted("api", schema, schemas);
    schemas.insert(name.to_string(), schema);
}
