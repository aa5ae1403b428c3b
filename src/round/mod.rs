//! `xuncha round`: one register workbook for an inspection round becomes every document of the
//! round, consistent with each other because each finding is typed once, plus the lists as
//! workbooks the receiving units keep working in and a 整改台账 per unit.
//!
//! - [`register`] reads the workbook (sheets 轮次, 单位, 问题, 线索, 建议), keeping every
//!   cell's place;
//! - [`documents`] builds each document through the existing kinds and validates it, telling
//!   each error at its cell;
//! - [`workbooks`] writes the lists, the 台账 and the empty register (`round --template`);
//! - [`report`] gives the shared fields of a unit's 整改情况报告, for when its 台账 comes back;
//! - [`run`] is [`prepare`] (read, plan, make the workbooks) then [`write`] (render the
//!   documents on the worker pool into the same zip or folder as `batch`, add the workbooks,
//!   and write a manifest that also maps every 问题编号, and every unit, to its files). The
//!   HTTP service runs the two halves itself, the first on a worker.

pub mod documents;
pub mod register;
pub mod report;
pub mod workbooks;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::batch::manifest::{Manifest, Status};
use crate::batch::naming::{NamePattern, safe_stem};
use crate::batch::sink::Sink;
use crate::batch::{BatchOptions, Progress, SinkError};
use crate::diagnostics::InputError;
use crate::input::Limits;
use crate::pool::WorkerPool;
use crate::sheet::SheetError;
use crate::sheet::file::SheetFile;
use documents::Plan;

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
    /// Each unit of the 单位 sheet, in its order, and the files written for it (what is sent to
    /// it: its documents, the 抄告单 to its leaders and departments, its workbooks).
    pub units: Vec<UnitFiles>,
}

/// The files of one inspected unit.
#[derive(Debug, Serialize)]
pub struct UnitFiles {
    /// The unit, as the 单位 sheet names it.
    pub unit: String,
    /// Its files, in output order.
    pub files: Vec<String>,
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
    /// The unit it belongs to (its 问题清单 and 整改台账); `None` for the round's lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
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

/// How a round's documents are named: their order and their title.
pub fn names() -> NamePattern {
    "{index}-{title}"
        .parse()
        .expect("the round's name pattern is valid")
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
    let prepared = prepare(&SheetFile::read(path)?, limits)?;
    write(pool, prepared, sink, options, progress)
}

/// A register read and planned, its workbooks made: everything of a round but the rendering.
pub struct Prepared {
    /// The documents to render, in order.
    pub plan: Plan,
    /// The workbooks, with their bytes.
    pub workbooks: Vec<(WorkbookEntry, Vec<u8>)>,
    /// About the register as a whole (columns and sheets not used).
    pub warnings: Vec<String>,
    /// The units of the 单位 sheet, in its order.
    pub units: Vec<String>,
}

/// Reads the register, plans its documents and makes its workbooks (the part of a round that
/// needs no Typst; the HTTP service runs it on a worker, like a compile).
pub fn prepare(file: &SheetFile, limits: &Limits) -> Result<Prepared, RoundError> {
    let register = register::read_register_file(file, limits)?;
    let plan = documents::plan(&register, &file.name, limits).map_err(RoundError::Register)?;
    let mut workbooks = Vec::new();
    for document in plan
        .documents
        .iter()
        .filter_map(|p| p.record.input.as_ref().ok())
    {
        workbooks.extend(workbooks_of(document, &plan.date)?);
    }
    let mut units: Vec<String> = Vec::new();
    for unit in register.units.iter().filter_map(|u| u.text("name")) {
        if !units.iter().any(|u| u == unit) {
            units.push(unit.to_string());
        }
    }
    Ok(Prepared {
        plan,
        workbooks,
        warnings: register.warnings,
        units,
    })
}

/// Renders the documents of a prepared round on the pool into `sink`, adds the workbooks and
/// writes `manifest.json`. The caller finishes the sink.
pub fn write(
    pool: &WorkerPool,
    prepared: Prepared,
    sink: &mut dyn Sink,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<RoundManifest, RoundError> {
    let Prepared {
        plan,
        workbooks,
        warnings: register_warnings,
        units,
    } = prepared;
    let (records, carried): (Vec<_>, Vec<_>) = plan
        .documents
        .into_iter()
        .map(|p| (p.record, (p.problems, p.unit)))
        .unzip();
    let entries = crate::batch::render(pool, records, sink, options, progress)?;
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut files: Vec<UnitFiles> = units
        .into_iter()
        .map(|unit| UnitFiles {
            unit,
            files: Vec::new(),
        })
        .collect();
    let mut file_of = |unit: &Option<String>, output: &str| {
        if let Some(entry) = files.iter_mut().find(|f| Some(&f.unit) == unit.as_ref()) {
            entry.files.push(output.to_string());
        }
    };
    for (entry, (ids, unit)) in entries.iter().zip(&carried) {
        if entry.status != Status::Ok {
            continue;
        }
        for file in entry.output.iter().chain(&entry.draft) {
            for id in ids {
                problems.entry(id.clone()).or_default().push(file.clone());
            }
            file_of(unit, file);
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
        file_of(&entry.unit, &entry.output);
        written.push(entry);
    }
    let mut warnings = register_warnings;
    warnings.extend(options.notes.iter().cloned());
    let manifest = RoundManifest {
        batch: Manifest::new(entries, warnings),
        rejected: plan.rejected,
        workbooks: written,
        problems,
        units: files,
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
                    unit: Some(unit.to_string()),
                },
                workbooks::list_workbook(document, date)?,
            ));
            made.push((
                WorkbookEntry {
                    output: format!("整改台账-{}.xlsx", safe_stem(unit)),
                    title: format!("{unit}巡察整改落实台账"),
                    problems: ids,
                    unit: Some(unit.to_string()),
                },
                workbooks::ledger_workbook(document, date)?,
            ));
        }
        None => made.push((
            WorkbookEntry {
                output: format!("{}.xlsx", safe_stem(title)),
                title: title.to_string(),
                problems: ids,
                unit: None,
            },
            workbooks::list_workbook(document, date)?,
        )),
    }
    Ok(made)
}
