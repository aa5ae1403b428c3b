//! `xuncha round`: one register workbook for an inspection round becomes every document of the
//! round, consistent with each other because each finding is typed once, plus the lists as
//! workbooks the receiving units keep working in and a 整改台账 per unit.
//!
//! - [`register`] reads the workbook (sheets 轮次, 单位, 问题, 线索, 建议), keeping every
//!   cell's place;
//! - [`documents`] builds each document through the existing kinds and validates it, telling
//!   each error at its cell;
//! - [`workbooks`] writes the lists, the 台账 and the empty register (`round --template`);
//! - [`run`] renders the documents on the worker pool into the same zip or folder as `batch`,
//!   adds the workbooks, and writes a manifest that also maps every 问题编号 to every file
//!   that carries it.

pub mod documents;
pub mod register;
pub mod workbooks;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::batch::manifest::{Manifest, Status};
use crate::batch::naming::safe_stem;
use crate::batch::sink::Sink;
use crate::batch::{BatchOptions, Progress, SinkError};
use crate::diagnostics::InputError;
use crate::input::Limits;
use crate::pool::WorkerPool;
use crate::sheet::SheetError;

/// What a round wrote: the batch manifest, the register rows left out, the workbooks, and where
/// each 问题编号 went.
#[derive(Debug, Serialize)]
pub struct RoundManifest {
    /// Every document, as `batch` accounts for it.
    #[serde(flatten)]
    pub batch: Manifest,
    /// 问题 rows that no document carries, with why (sheet, row and column).
    pub rejected: Vec<InputError>,
    /// The workbooks written.
    pub workbooks: Vec<WorkbookEntry>,
    /// Each 问题编号 and the files (documents and workbooks) that carry it, in output order.
    pub problems: BTreeMap<String, Vec<String>>,
}

impl RoundManifest {
    /// Whether every document was written and no row was left out.
    pub fn all_ok(&self) -> bool {
        self.batch.all_ok() && self.rejected.is_empty()
    }
}

/// A workbook of the round.
#[derive(Debug, Serialize)]
pub struct WorkbookEntry {
    /// Its file name.
    pub output: String,
    /// What it is, e.g. 整改台账.
    pub title: String,
    /// The 问题编号 in it.
    pub problems: Vec<String>,
}

/// Why a round could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    /// The register is not a readable workbook.
    #[error(transparent)]
    Unreadable(#[from] SheetError),
    /// The register lacks what every document needs (its 轮次, 单位 or 问题 sheet); every
    /// error found is listed.
    #[error("登记表有 {} 处问题，无法生成本轮文书：{}", .0.len(), .0.iter().map(|e| format!("\n  {e}")).collect::<String>())]
    Register(Vec<InputError>),
    /// The output could not be written.
    #[error(transparent)]
    Sink(#[from] SinkError),
    /// A workbook could not be made.
    #[error("cannot write a workbook: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
}

impl From<std::io::Error> for RoundError {
    fn from(error: std::io::Error) -> Self {
        RoundError::Sink(SinkError(error))
    }
}

/// Makes every document and workbook of the register at `path` into `sink`, with
/// `manifest.json`. The caller finishes the sink.
pub fn run(
    pool: &WorkerPool,
    path: &Path,
    limits: &Limits,
    sink: &mut dyn Sink,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<RoundManifest, RoundError> {
    let register = register::read_register(path, limits)?;
    let file = path.display().to_string();
    let plan = documents::plan(&register, &file, limits).map_err(RoundError::Register)?;
    let mut workbooks = Vec::new();
    for document in plan
        .documents
        .iter()
        .filter_map(|p| p.record.input.as_ref().ok())
    {
        workbooks.extend(workbooks_of(document, &plan.date)?);
    }
    let (records, carried): (Vec<_>, Vec<_>) = plan
        .documents
        .into_iter()
        .map(|p| (p.record, p.problems))
        .unzip();
    let entries = crate::batch::render(pool, records, sink, options, progress)?;
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (entry, ids) in entries.iter().zip(&carried) {
        if let (Status::Ok, Some(output)) = (entry.status, &entry.output) {
            for id in ids {
                problems.entry(id.clone()).or_default().push(output.clone());
            }
        }
    }
    let mut written = Vec::new();
    for (entry, bytes) in workbooks {
        sink.add(&entry.output, &bytes)?;
        for id in &entry.problems {
            problems
                .entry(id.clone())
                .or_default()
                .push(entry.output.clone());
        }
        written.push(entry);
    }
    let mut warnings = register.warnings;
    warnings.extend(options.notes.iter().cloned());
    let manifest = RoundManifest {
        batch: Manifest::new(entries, warnings),
        rejected: plan.rejected,
        workbooks: written,
        problems,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("the manifest serializes");
    json.push(b'\n');
    sink.add("manifest.json", &json)?;
    progress.finish();
    Ok(manifest)
}

/// The workbooks a valid list document becomes: the list itself, and for a unit's 问题清单 its
/// 整改台账.
fn workbooks_of(document: &Value, date: &str) -> Result<Vec<(WorkbookEntry, Vec<u8>)>, RoundError> {
    if document["doc_kind"] != "inspection_list" {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = document["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|_| document["list_type"] != "leads")
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    let title = document["title"].as_str().unwrap_or_default();
    let mut made = Vec::new();
    match document["unit"].as_str() {
        Some(unit) => {
            made.push((
                WorkbookEntry {
                    output: format!("问题清单-{}.xlsx", safe_stem(unit)),
                    title: format!("{title}（{unit}）"),
                    problems: ids.clone(),
                },
                workbooks::list_workbook(document, date)?,
            ));
            made.push((
                WorkbookEntry {
                    output: format!("整改台账-{}.xlsx", safe_stem(unit)),
                    title: format!("{unit}巡察整改落实台账"),
                    problems: ids,
                },
                workbooks::ledger_workbook(document, date)?,
            ));
        }
        None => made.push((
            WorkbookEntry {
                output: format!("{}.xlsx", safe_stem(title)),
                title: title.to_string(),
                problems: ids,
            },
            workbooks::list_workbook(document, date)?,
        )),
    }
    Ok(made)
}
