//! `xuncha round`: one register workbook for an inspection round becomes every document of the
//! round, consistent with each other because each finding is typed once, plus the lists as
//! workbooks the receiving units keep working in, a 整改台账 per unit, and the 分发登记 of the
//! secret lists' numbered copies.
//!
//! - [`register`] reads the workbook (sheets 轮次, 单位, 问题, 线索, 建议, 追责问责, 点人点事),
//!   keeping every cell's place;
//! - [`documents`] builds each document as its kind's Rust type;
//! - [`workbooks`] writes the lists, the 台账, the 分发登记 and the empty register;
//! - [`report`] gives the shared fields of a unit's 整改情况报告, for when its 台账 comes back;
//! - [`run`] renders the documents on every worker of the pool (validation, layout and the
//!   workbooks of each list all run there), writes them in order into the same zip or folder as
//!   `batch` (flat, or a folder per unit), and writes a manifest that accounts for every
//!   document and workbook, maps every 问题编号 to every file that carries it, and records who
//!   gets which numbered copy.

pub mod documents;
pub mod register;
pub mod report;
pub mod workbooks;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::mpsc;
use std::time::Instant;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::batch::manifest::{Entry, Manifest, Status};
use crate::batch::naming::safe_stem;
use crate::batch::sink::Sink;
use crate::batch::{BatchOptions, Progress, SinkError};
use crate::diagnostics::InputError;
use crate::failure::{Failure, Stage};
use crate::input::Limits;
use crate::model::InspectionList;
use crate::pool::{Job, JobError, WorkerPool};
use crate::sheet::SheetError;
use crate::sheet::file::SheetFile;
use crate::{Engine, RenderedDocument};
use documents::{CopyOf, Home, Plan, Planned, WorkbookKind, WorkbookPlan};

/// How a round's files are arranged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum RoundLayout {
    /// Every file in one folder, numbered in order.
    #[default]
    Flat,
    /// A folder per unit (its 反馈意见, 通知书, 问题清单, 台账 and the 抄告单 of its leaders and
    /// departments), and folders for the 建议书, the 抄告单 concerning several units and the
    /// round's lists.
    ByUnit,
}

/// How to run a round.
#[derive(Debug, Clone, Default)]
pub struct RoundOptions {
    /// Format of the documents, and warnings to add to the manifest (names and the rest of the
    /// batch options are the round's own).
    pub batch: BatchOptions,
    /// How the files are arranged.
    pub layout: RoundLayout,
}

/// What a round wrote: the batch manifest, the register rows and cells left out, what was read
/// as meant, the workbooks, where each 问题编号 went and who gets which numbered copy.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RoundManifest {
    /// Every document, as `batch` accounts for it (`output` is a path relative to the output,
    /// with its folder in a by-unit layout).
    #[serde(flatten)]
    pub batch: Manifest,
    /// How the files are arranged.
    pub layout: RoundLayout,
    /// Register rows and cells no document uses, with why, each once at its cell (sheet, row
    /// and column).
    pub rejected: Vec<InputError>,
    /// Cells read other than as typed, or written two ways, at their cells.
    pub notes: Vec<InputError>,
    /// Every workbook, written or not.
    pub workbooks: Vec<WorkbookEntry>,
    /// Each 问题编号 and the files (documents and workbooks) that carry it, in output order.
    pub problems: BTreeMap<String, Vec<String>>,
    /// Each numbered copy of a secret document and who receives it.
    pub copies: Vec<CopyEntry>,
    /// Each unit of the 单位 sheet, in its order, and the files written for it: its documents
    /// and drafts, the 抄告单 to its own leaders and departments, its workbooks.
    pub units: Vec<UnitFiles>,
}

/// The files of one inspected unit.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UnitFiles {
    /// The unit, as the 单位 sheet names it.
    pub unit: String,
    /// Its files, in output order.
    pub files: Vec<String>,
}

impl RoundManifest {
    /// Whether every document and workbook was written and no row or cell was left out.
    pub fn all_ok(&self) -> bool {
        self.batch.all_ok()
            && self.rejected.is_empty()
            && self.workbooks.iter().all(|w| w.status == Status::Ok)
    }
}

/// A workbook of the round.
#[derive(Debug, Serialize, JsonSchema)]
pub struct WorkbookEntry {
    /// Its file (relative path), when written.
    pub output: Option<String>,
    /// What it is, e.g. 整改台账.
    pub title: String,
    /// Written, or not (`message` says why).
    pub status: Status,
    /// Why it was not written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The 问题编号 in it.
    pub problems: Vec<String>,
}

/// One numbered copy of a secret document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CopyEntry {
    /// The document's title.
    pub title: String,
    /// 密级.
    pub classification: String,
    /// 份号.
    pub copy_no: String,
    /// Who receives it.
    pub recipient: String,
    /// Its file (relative path), when written.
    pub output: Option<String>,
}

/// Why a round could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    /// The register is not a readable workbook.
    #[error(transparent)]
    Unreadable(#[from] SheetError),
    /// The register lacks what every document needs (its 轮次 and 轮次名称, 单位 or 问题
    /// sheet); every error found is listed.
    #[error("登记表有 {} 处问题，无法生成本轮文书：{}", .0.len(), .0.iter().map(|e| format!("\n  {e}")).collect::<String>())]
    Register(Vec<InputError>),
    /// The output could not be written.
    #[error(transparent)]
    Sink(#[from] SinkError),
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
    options: &RoundOptions,
    progress: &dyn Progress,
) -> Result<RoundManifest, RoundError> {
    write(
        pool,
        prepare(&SheetFile::read(path)?, limits)?,
        sink,
        options,
        progress,
    )
}

/// A register read and planned: everything of a round but the rendering.
pub struct Prepared {
    /// The documents to render, in order, with their workbooks' plans.
    pub plan: Plan,
    /// About the register as a whole (columns and sheets not used).
    pub warnings: Vec<String>,
}

/// Reads the register and plans its documents (the part of a round that needs no Typst; the
/// HTTP service runs it on a worker, like a compile).
pub fn prepare(file: &SheetFile, limits: &Limits) -> Result<Prepared, RoundError> {
    let register = register::read_register_file(file, limits)?;
    let plan = documents::plan(&register, &file.name).map_err(RoundError::Register)?;
    Ok(Prepared {
        plan,
        warnings: register.warnings,
    })
}

/// Renders the documents of a prepared round on the pool, each with its workbooks (and its
/// Word draft when asked), into `sink`, and writes `manifest.json`. The caller finishes the
/// sink.
pub fn write(
    pool: &WorkerPool,
    prepared: Prepared,
    sink: &mut dyn Sink,
    options: &RoundOptions,
    progress: &dyn Progress,
) -> Result<RoundManifest, RoundError> {
    let Prepared {
        plan,
        warnings: register_warnings,
    } = prepared;
    let mut names = Names::new(options.layout, &plan);
    let Plan {
        documents,
        rejected,
        notes,
        round_label,
        date,
        unit_names,
        ..
    } = plan;
    let mut unit_files: Vec<UnitFiles> = unit_names
        .into_iter()
        .map(|unit| UnitFiles {
            unit,
            files: Vec::new(),
        })
        .collect();
    let total = documents.len();
    progress.start(total);
    let mut entries = Vec::with_capacity(total);
    let mut workbooks = Vec::new();
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut copies = Vec::new();
    let (format, drafts) = (options.batch.format, options.batch.drafts);
    for_each_made(
        pool,
        documents,
        date.clone(),
        (format, drafts, options.batch.deadline),
        |index, planned, made| {
            let source = planned.record.source.clone();
            let mut file_of = |name: &str| {
                if let Home::Unit(i) = planned.home {
                    unit_files[i].files.push(name.to_string());
                }
                for id in &planned.problems {
                    problems
                        .entry(id.clone())
                        .or_default()
                        .push(name.to_string());
                }
            };
            let entry = match made.rendered {
                Ok((rendered, sha256, draft)) => {
                    let name = names.document(index, &planned, format.extension());
                    sink.add(&name, &rendered.bytes)?;
                    file_of(&name);
                    let draft = match draft {
                        Some(bytes) => {
                            let draft = draft_name(&name);
                            sink.add(&draft, &bytes)?;
                            file_of(&draft);
                            Some(draft)
                        }
                        None => None,
                    };
                    Entry {
                        draft,
                        ..entry_of(index + 1, source, rendered, sha256, name)
                    }
                }
                Err(failure) => Entry::failed(index + 1, source, located(failure, &planned)),
            };
            let written = entry.output.clone();
            // Every planned workbook is accounted for, made or not (a document that failed
            // makes none of its workbooks).
            let mut made_workbooks = made.workbooks.into_iter();
            for plan in &planned.workbooks {
                let bytes = made_workbooks
                    .next()
                    .unwrap_or_else(|| Err("未生成".to_string()));
                let name = names.workbook(planned.home, &plan.stem);
                let carried = planned.problems.clone();
                let (output, status, message) = match (&written, bytes) {
                    (Some(_), Ok(bytes)) => {
                        sink.add(&name, &bytes)?;
                        file_of(&name);
                        (Some(name), Status::Ok, None)
                    }
                    (Some(_), Err(why)) => (None, Status::Error, Some(why)),
                    (None, _) => (
                        None,
                        Status::Error,
                        Some(format!(
                            "未生成：第 {} 份文书（{}）有问题，见其报错",
                            index + 1,
                            planned.stem
                        )),
                    ),
                };
                workbooks.push(WorkbookEntry {
                    output,
                    title: plan.title.clone(),
                    status,
                    message,
                    problems: carried,
                });
            }
            if let Some(CopyOf { copy_no, recipient }) = &planned.copy {
                copies.push(CopyEntry {
                    title: entry.title.clone().unwrap_or_else(|| planned.stem.clone()),
                    classification: "机密".to_string(),
                    copy_no: copy_no.clone(),
                    recipient: recipient.clone(),
                    output: written,
                });
            }
            progress.done(&entry);
            entries.push(entry);
            Ok(())
        },
    )?;
    if !copies.is_empty() {
        let title = format!("{round_label}涉密清单分发登记");
        let listed: Vec<workbooks::Distributed> = copies
            .iter()
            .map(|c| workbooks::Distributed {
                title: &c.title,
                classification: &c.classification,
                copy_no: &c.copy_no,
                recipient: &c.recipient,
                output: c.output.as_deref().unwrap_or("（未生成）"),
            })
            .collect();
        let name = names.workbook(Home::Lists, "涉密清单分发登记");
        let entry = match workbooks::distribution_workbook(&listed, &title, date.as_deref()) {
            Ok(bytes) => {
                sink.add(&name, &bytes)?;
                (Some(name), Status::Ok, None)
            }
            Err(error) => (None, Status::Error, Some(error.to_string())),
        };
        workbooks.push(WorkbookEntry {
            output: entry.0,
            title,
            status: entry.1,
            message: entry.2,
            problems: Vec::new(),
        });
    }
    // The service names template files from their template folder, never by a server path.
    if !options.batch.hidden_folders.is_empty() {
        for entry in &mut entries {
            entry.hide_folders(&options.batch.hidden_folders);
        }
    }
    let mut warnings = register_warnings;
    warnings.extend(options.batch.notes.iter().cloned());
    let manifest = RoundManifest {
        batch: Manifest::new(entries, warnings),
        layout: options.layout,
        rejected,
        notes,
        workbooks,
        problems,
        copies,
        units: unit_files,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("the manifest serializes");
    json.push(b'\n');
    sink.add("manifest.json", &json)?;
    progress.finish();
    Ok(manifest)
}

/// What a worker made of one planned document: the rendered file with its SHA-256 and its Word
/// draft when asked, or why not; and each of its workbooks, or why not.
struct Made {
    rendered: Result<(RenderedDocument, String, Option<Vec<u8>>), Failure>,
    workbooks: Vec<Result<Vec<u8>, String>>,
}

/// Renders every planned document on `pool`, with its workbooks, and hands each result to
/// `write` in plan order. At most four jobs per worker wait beyond the next one to write, so
/// memory holds a handful of files however large the round.
fn for_each_made(
    pool: &WorkerPool,
    documents: Vec<Planned>,
    date: Option<String>,
    (format, drafts, deadline): (crate::format::DocumentFormat, bool, Option<Instant>),
    mut write: impl FnMut(usize, Planned, Made) -> Result<(), RoundError>,
) -> Result<(), RoundError> {
    let total = documents.len();
    let window = pool.workers() * 4;
    let (sender, results) = mpsc::channel::<(usize, Made)>();
    let mut waiting: Vec<Option<Planned>> = documents.into_iter().map(Some).collect();
    let mut ready: BTreeMap<usize, Made> = BTreeMap::new();
    let (mut submitted, mut written) = (0, 0);
    while written < total {
        while submitted < total && submitted < written + window {
            let index = submitted;
            submitted += 1;
            let planned = waiting[index].as_mut().expect("submitted once");
            let input = match &planned.record.input {
                Ok(value) => value.clone(),
                Err(failure) => {
                    let made = Made {
                        rendered: Err(failure.clone()),
                        workbooks: Vec::new(),
                    };
                    ready.insert(index, made);
                    continue;
                }
            };
            let (list, plans) = (planned.list.clone(), planned.workbooks.clone());
            let (sender, date) = (sender.clone(), date.clone());
            let work = move |engine: &Engine| {
                make(
                    engine,
                    &input,
                    list.as_ref(),
                    &plans,
                    date.as_deref(),
                    (format, drafts),
                )
            };
            // Every job answers: a panic or a job past the time limit fails its document.
            let answer = move |result: Result<Made, JobError>| {
                let made = result.unwrap_or_else(|error| Made {
                    rendered: Err(Failure::from(error)),
                    workbooks: Vec::new(),
                });
                let _ = sender.send((index, made));
            };
            pool.submit(Job::new(work, answer).expires(deadline));
        }
        while let Some(made) = ready.remove(&written) {
            let planned = waiting[written].take().expect("written once");
            write(written, planned, made)?;
            written += 1;
        }
        if written < total && !ready.contains_key(&written) {
            let (index, made) = results.recv().expect("a worker answers every job");
            ready.insert(index, made);
        }
    }
    Ok(())
}

/// One document rendered, and its workbooks made when it is valid.
fn make(
    engine: &Engine,
    input: &Value,
    list: Option<&InspectionList>,
    plans: &[WorkbookPlan],
    date: Option<&str>,
    (format, drafts): (crate::format::DocumentFormat, bool),
) -> Made {
    let rendered = engine
        .render(input, format)
        .and_then(|rendered| {
            let sha256 = Sha256::digest(&rendered.bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let draft = drafts.then(|| engine.draft(input)).transpose()?;
            Ok((rendered, sha256, draft.map(|d| d.bytes)))
        })
        .map_err(Failure::from);
    let workbooks = match (&rendered, list) {
        (Ok(_), Some(list)) => plans
            .iter()
            .map(|plan| {
                match plan.kind {
                    WorkbookKind::List => workbooks::list_workbook(list, &plan.title, date),
                    WorkbookKind::Ledger => workbooks::ledger_workbook(list, &plan.title, date),
                }
                .map_err(|e| format!("工作簿无法写出：{e}"))
            })
            .collect(),
        _ => Vec::new(),
    };
    Made {
        rendered,
        workbooks,
    }
}

/// The manifest entry of a written document.
fn entry_of(
    index: usize,
    source: crate::record::Origin,
    rendered: RenderedDocument,
    sha256: String,
    output: String,
) -> Entry {
    let document = &rendered.document;
    Entry {
        doc_kind: Some(document.kind().as_str().to_string()),
        title: Some(document.title().to_string()),
        output: Some(output),
        pages: rendered.pages,
        bytes: Some(rendered.bytes.len()),
        sha256: Some(sha256),
        diagnostics: rendered.warnings,
        missing_glyphs: rendered.missing_glyphs,
        ..Entry::new(index, source, Status::Ok)
    }
}

/// The name of the Word draft written beside the file `name`: its stem with `.docx` (names are
/// unique, so drafts are too).
fn draft_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    format!("{stem}.docx")
}

/// A failure with each input error told at the register cell its value came from.
fn located(mut failure: Failure, planned: &Planned) -> Failure {
    if failure.stage == Stage::Validate && planned.record.input.is_ok() {
        failure.errors = failure
            .errors
            .into_iter()
            .map(|e| {
                planned.places.locate(&e).unwrap_or_else(|| InputError {
                    message: format!("由登记表生成的字段：{}", e.message),
                    ..e
                })
            })
            .collect();
    }
    failure
}

/// The files' names: numbered in order, each in its folder when the round is laid out by unit,
/// never the same twice.
struct Names {
    layout: RoundLayout,
    folders: Vec<String>,
    width: usize,
    used: HashSet<String>,
}

impl Names {
    fn new(layout: RoundLayout, plan: &Plan) -> Self {
        let digits = plan.units.len().to_string().len().max(2);
        Self {
            layout,
            folders: plan
                .units
                .iter()
                .enumerate()
                .map(|(i, short)| format!("{:0digits$}-{}", i + 1, safe_stem(short)))
                .collect(),
            width: plan.documents.len().to_string().len().max(3),
            used: HashSet::new(),
        }
    }

    /// The folder of `home`, with its slash, or nothing in a flat layout.
    fn folder(&self, home: Home) -> String {
        if self.layout == RoundLayout::Flat {
            return String::new();
        }
        let folder = match home {
            Home::Unit(i) => self.folders[i].as_str(),
            Home::SharedNotices => "抄告单（涉及多个单位）",
            Home::Recommendations => "建议书",
            Home::Lists => "本轮清单",
        };
        format!("{folder}/")
    }

    /// A name not handed out before: `-2`, `-3` … before the extension when needed.
    fn unique(&mut self, base: String, extension: &str) -> String {
        let mut name = format!("{base}.{extension}");
        let mut n = 1;
        while !self.used.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}.{extension}");
        }
        name
    }

    fn document(&mut self, index: usize, planned: &Planned, extension: &str) -> String {
        let base = format!(
            "{}{:0width$}-{}",
            self.folder(planned.home),
            index + 1,
            safe_stem(&planned.stem),
            width = self.width
        );
        self.unique(base, extension)
    }

    fn workbook(&mut self, home: Home, stem: &str) -> String {
        let base = format!("{}{}", self.folder(home), safe_stem(stem));
        self.unique(base, "xlsx")
    }
}
