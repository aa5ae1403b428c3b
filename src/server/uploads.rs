//! The routes that take spreadsheets: a round's register and a sheet of rows (a returned
//! 整改台账, a 抄告 problem list). An upload is the raw body (`Content-Type` a spreadsheet type,
//! or `application/octet-stream`) or a `multipart/form-data` part; it stays in memory, is
//! bounded by `--max-body`, and goes through the same workbook reader as the command line
//! ([`SheetFile`], [`read_tables`](crate::sheet::file::read_tables)), on a worker of the
//! pool like a compile.
//!
//! - `GET /v1/round/template`: the empty register (`round --template`);
//! - `POST /v1/round`: a register to the round's zip (`round REGISTER -o OUT.zip`);
//! - `POST /v1/round/documents`: a register to the documents it makes, as JSON, unrendered;
//! - `POST /v1/sheet/documents`: a sheet and its shared fields to the documents it makes
//!   (`batch --from-xlsx … --shared …`), as JSON, unrendered.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::batch::{BatchQuery, CountDocuments};
use super::error::{ApiError, ApiErrorKind, template_folders};
use super::extract::StrictQuery;
use super::render::content_disposition;
use super::state::{AppState, on_pool};
use crate::DocKind;
use crate::batch::BatchOptions;
use crate::batch::sink::MemoryZip;
use crate::input::json;
use crate::record::Record;
use crate::round::documents::{Home, Planned};
use crate::round::{Prepared, RoundError, RoundLayout, RoundOptions, report::report_fields};
use crate::sheet::file::SheetFile;
use crate::sheet::{SheetError, SheetRequest, records_from_file};

/// The spreadsheet media types a raw upload may have, with the extension that picks the reader;
/// `application/octet-stream` leaves the format to be recognised from the bytes.
pub(super) const SHEET_MEDIA_TYPES: [(&str, &str); 6] = [
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ("application/vnd.ms-excel.sheet.macroenabled.12", "xlsm"),
    ("application/vnd.ms-excel", "xls"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("text/csv", "csv"),
    ("application/octet-stream", ""),
];

/// The XLSX media type.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An upload: the spreadsheet and the text parts that came with it.
struct Upload {
    sheet: SheetFile,
    texts: HashMap<String, Vec<u8>>,
}

/// Reads an upload: the raw body, or the multipart part `file_part` (and the parts `texts`,
/// each at most once). What cannot be read is a 4xx in words a clerk or programmer can act on.
async fn upload(
    request: Request,
    app: &AppState,
    file_part: &str,
    texts: &[&str],
) -> Result<Upload, ApiError> {
    let media_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "multipart/form-data" {
        let multipart = Multipart::from_request(request, app)
            .await
            .map_err(|rejection| body_error(rejection.status(), &rejection.body_text(), app))?;
        return parts(multipart, app, file_part, texts).await;
    }
    let Some((_, extension)) = SHEET_MEDIA_TYPES.iter().find(|(t, _)| *t == essence) else {
        let allowed: Vec<&str> = SHEET_MEDIA_TYPES.iter().map(|(t, _)| *t).collect();
        return Err(ApiError::new(
            ApiErrorKind::UnsupportedMediaType,
            format!(
                "Content-Type 为 {media_type:?}；应为 multipart/form-data（表格放在“{file_part}”一栏）或表格本身：{}",
                allowed.join("、")
            ),
        ));
    };
    if !texts.is_empty() {
        return Err(ApiError::new(
            ApiErrorKind::UnsupportedMediaType,
            format!(
                "这个接口还需要 {}：请用 multipart/form-data 上传",
                texts.join("、")
            ),
        ));
    }
    let bytes = Bytes::from_request(request, app)
        .await
        .map_err(|rejection| body_error(rejection.status(), &rejection.body_text(), app))?;
    let name = if extension.is_empty() {
        "上传的表格".to_string()
    } else {
        format!("上传的表格.{extension}")
    };
    Ok(Upload {
        sheet: SheetFile {
            name,
            bytes: bytes.to_vec(),
        },
        texts: HashMap::new(),
    })
}

/// The parts of a multipart upload.
async fn parts(
    mut multipart: Multipart,
    app: &AppState,
    file_part: &str,
    texts: &[&str],
) -> Result<Upload, ApiError> {
    let bad = |message: String| ApiError::new(ApiErrorKind::BadRequest, message);
    let mut sheet = None;
    let mut read = HashMap::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| body_error(e.status(), &e.body_text(), app))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| body_error(e.status(), &e.body_text(), app))?;
        if name == file_part {
            if sheet.is_some() {
                return Err(bad(format!("“{file_part}”一栏只能有一个文件")));
            }
            // Only the name's last component is kept: it is named in messages, never opened.
            let file_name = file_name
                .as_deref()
                .and_then(|n| n.rsplit(['/', '\\']).next())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or("上传的表格")
                .to_string();
            sheet = Some(SheetFile {
                name: file_name,
                bytes: bytes.to_vec(),
            });
        } else if texts.contains(&name.as_str()) {
            if read.insert(name.clone(), bytes.to_vec()).is_some() {
                return Err(bad(format!("“{name}”一栏只能有一个")));
            }
        } else {
            let known: Vec<&str> = std::iter::once(file_part)
                .chain(texts.iter().copied())
                .collect();
            return Err(bad(format!(
                "未知的表单字段“{name}”；可用：{}",
                known.join("、")
            )));
        }
    }
    let sheet = sheet.ok_or_else(|| bad(format!("缺少“{file_part}”一栏：请上传表格文件")))?;
    Ok(Upload { sheet, texts: read })
}

/// A body that could not be read: over `--max-body` (413) or malformed (400).
fn body_error(status: StatusCode, text: &str, app: &AppState) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            ApiErrorKind::PayloadTooLarge,
            format!("请求体超过 {} 字节的上限", app.config.max_body_bytes),
        )
    } else {
        ApiError::new(ApiErrorKind::BadRequest, format!("请求体无法读取：{text}"))
    }
}

/// Why a round could not run, as a response.
fn round_error(error: RoundError) -> ApiError {
    match error {
        RoundError::Register(errors) => ApiError::unusable_sheet(
            format!(
                "登记表有 {} 处问题，无法生成本轮文书，见 errors",
                errors.len()
            ),
            errors,
        ),
        RoundError::Unreadable(error) => ApiError::unusable_sheet(error.to_string(), Vec::new()),
        RoundError::Sink(error) => ApiError::new(
            ApiErrorKind::InternalError,
            format!("无法生成 zip：{error}"),
        ),
    }
}

/// Reads and plans a register on a worker.
async fn prepared(app: &AppState, sheet: SheetFile) -> Result<Prepared, ApiError> {
    on_pool(app, move |engine| {
        crate::round::prepare(&sheet, engine.limits())
    })
    .await?
    .map_err(round_error)
}

/// `GET /v1/round/template`: the empty register, with its 填表说明 and an example row in each
/// sheet.
pub(super) async fn round_template(State(app): State<AppState>) -> Result<Response, ApiError> {
    let bytes = on_pool(&app, |_| crate::round::workbooks::register_template())
        .await?
        .map_err(|e| ApiError::new(ApiErrorKind::InternalError, format!("无法生成登记表：{e}")))?;
    Ok(attachment(bytes, XLSX, "登记表.xlsx", "register.xlsx"))
}

/// `POST /v1/round`: a register to the round's zip (documents, workbooks, `manifest.json`),
/// as `xuncha round` writes it. Rows with errors are left out and listed, not refused.
pub(super) async fn round(
    State(app): State<AppState>,
    StrictQuery(BatchQuery(format)): StrictQuery<BatchQuery>,
    request: Request,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let upload = upload(request, &app, "register", &[]).await?;
    let prepared = prepared(&app, upload.sheet).await?;
    let label = prepared.plan.round_label.clone();
    let shared = Arc::clone(&app.0);
    let options = RoundOptions {
        batch: BatchOptions {
            deadline: Some(started + app.config.deadline),
            format,
            hidden_folders: template_folders(&app.engine),
            ..BatchOptions::default()
        },
        layout: RoundLayout::Flat,
    };
    let (manifest, zip) = tokio::task::spawn_blocking(move || {
        let mut sink = MemoryZip::in_memory();
        let progress = CountDocuments(&shared);
        let manifest = crate::round::write(&shared.pool, prepared, &mut sink, &options, &progress)
            .map_err(round_error)?;
        let zip = sink.finish().map_err(|e| round_error(e.into()))?;
        Ok::<_, ApiError>((manifest, zip.into_inner()))
    })
    .await
    .map_err(|_| ApiError::new(ApiErrorKind::InternalError, "本轮文书的生成意外中止"))??;
    let stem = crate::batch::naming::safe_stem(&label);
    let mut response = attachment(
        zip,
        "application/zip",
        &format!("{stem}.zip"),
        "xuncha-round.zip",
    );
    let headers = response.headers_mut();
    headers.insert("x-documents-ok", HeaderValue::from(manifest.batch.ok));
    headers.insert(
        "x-documents-failed",
        HeaderValue::from(manifest.batch.failed),
    );
    headers.insert(
        "x-rows-rejected",
        HeaderValue::from(manifest.rejected.len()),
    );
    Ok(response)
}

/// `POST /v1/round/documents`: the documents a register makes, as JSON, without rendering them;
/// each unit with the shared fields of its 整改情况报告.
pub(super) async fn round_documents(
    State(app): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let upload = upload(request, &app, "register", &[]).await?;
    let prepared = prepared(&app, upload.sheet).await?;
    let plan = &prepared.plan;
    // The unit a document goes to or is about (its 反馈意见, 通知书, 问题清单, the 抄告单 to its
    // own leaders and departments), as the 单位 sheet names it.
    let unit_of = |planned: &Planned| match planned.home {
        Home::Unit(i) => Some(plan.unit_names[i].as_str()),
        _ => None,
    };
    let documents: Vec<Value> = plan
        .documents
        .iter()
        .enumerate()
        .map(|(i, planned)| {
            let mut entry = document_entry(i, &planned.record);
            entry["unit"] = json!(unit_of(planned));
            entry
        })
        .collect();
    let units: Vec<Value> = plan
        .unit_names
        .iter()
        .map(|unit| {
            let fields = plan.documents.iter().find_map(|p| {
                let document = p.record.input.as_ref().ok()?;
                (unit_of(p) == Some(unit.as_str()))
                    .then(|| report_fields(document))
                    .flatten()
            });
            json!({"unit": unit, "report_fields": fields})
        })
        .collect();
    let workbooks: Vec<Value> = plan
        .documents
        .iter()
        .flat_map(|planned| {
            planned.workbooks.iter().map(move |workbook| {
                json!({"title": workbook.title, "unit": unit_of(planned), "problems": planned.problems})
            })
        })
        .collect();
    Ok(Json(json!({
        "round": prepared.plan.round_label,
        "documents": documents,
        "workbooks": workbooks,
        "units": units,
        "rejected": prepared.plan.rejected,
        "warnings": prepared.warnings,
    }))
    .into_response())
}

/// `POST /v1/sheet/documents`: a sheet of rows (part `sheet`) and the fields every document
/// shares (part `shared`, JSON), with optional parts `kind` and `group_by`, to the documents
/// they make, as JSON, without rendering them (render them with `/v1/render` or `/v1/batch`).
pub(super) async fn sheet_documents(
    State(app): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let upload = upload(request, &app, "sheet", &["shared", "kind", "group_by"]).await?;
    let text = |name: &str| -> Result<Option<String>, ApiError> {
        match upload.texts.get(name) {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes.clone())
                .map(|t| Some(t.trim().to_string()).filter(|t| !t.is_empty()))
                .map_err(|_| {
                    ApiError::new(ApiErrorKind::BadRequest, format!("“{name}”应为 UTF-8 文本"))
                }),
        }
    };
    let shared = match upload.texts.get("shared") {
        Some(bytes) => json::parse_bytes(bytes).map_err(|e| {
            ApiError::new(
                ApiErrorKind::BadRequest,
                format!("共用字段（shared）不是有效的 JSON：{}", e.explain()),
            )
        })?,
        None => {
            return Err(ApiError::new(
                ApiErrorKind::BadRequest,
                "缺少“shared”一栏：每份文书共用的字段（JSON），如标题、主送机关、署名",
            ));
        }
    };
    let kind = text("kind")?
        .map(|k| k.parse::<DocKind>())
        .transpose()
        .map_err(|message| ApiError::new(ApiErrorKind::BadRequest, message))?;
    let group_by = text("group_by")?;
    let sheet = upload.sheet;
    let made = on_pool(&app, move |engine| {
        let request = SheetRequest {
            kind,
            group_by: group_by.as_deref(),
            shared: &shared,
        };
        records_from_file(&sheet, request, engine.limits())
    })
    .await?
    .map_err(|error| match error {
        SheetError::Shared(_) | SheetError::Grouping { .. } | SheetError::NotFromSheets { .. } => {
            ApiError::new(ApiErrorKind::BadRequest, error.to_string())
        }
        _ => ApiError::unusable_sheet(error.to_string(), Vec::new()),
    })?;
    let documents: Vec<Value> = made
        .records
        .iter()
        .enumerate()
        .map(|(i, record)| document_entry(i, record))
        .collect();
    Ok(Json(json!({
        "doc_kind": made.kind.as_str(),
        "documents": documents,
        "warnings": made.warnings,
    }))
    .into_response())
}

/// One document made from a spreadsheet: its place, and the document or why it failed.
fn document_entry(i: usize, record: &Record) -> Value {
    let mut entry = json!({"index": i + 1, "source": record.source});
    match &record.input {
        Ok(document) => {
            entry["status"] = json!("ok");
            entry["doc_kind"] = document["doc_kind"].clone();
            entry["title"] = document["title"].clone();
            entry["document"] = document.clone();
        }
        Err(failure) => {
            entry["status"] = json!("error");
            entry["message"] = json!(failure.message);
            entry["errors"] = json!(failure.errors);
        }
    }
    entry
}

/// A file to save: its bytes, media type and (Chinese) name.
fn attachment(bytes: Vec<u8>, media_type: &'static str, name: &str, fallback: &str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        header::CONTENT_DISPOSITION,
        content_disposition("attachment", name, fallback),
    );
    response
}
