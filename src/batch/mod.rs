//! Batch generation: many records in, one PDF per good record and a manifest out.
//!
//! Records are rendered in parallel on a [`WorkerPool`] and written in input order as their
//! results arrive. At most a small window of records is in flight beyond the next one to be
//! written, so memory holds a handful of PDFs however long the batch is.

pub mod input;
pub mod manifest;
pub mod naming;
pub mod sink;

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::failure::Failure;
use crate::format::DocumentFormat;
use crate::pool::{Job, JobError, WorkerPool};
use crate::record::{Origin, Record};
use crate::{Engine, RenderError, RenderedDocument};
use manifest::{Entry, Manifest, Status};
use naming::{NamePattern, Namer};
use sink::Sink;

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// How output files are named.
    pub names: NamePattern,
    /// Stop submitting records after the first failure.
    pub fail_fast: bool,
    /// Records that have not started by then fail instead of being rendered.
    pub deadline: Option<Instant>,
    /// The file each record becomes: PDF (optionally PDF/A or PDF/UA), OFD or a Word draft.
    pub format: DocumentFormat,
    /// Also write each good record's editable Word draft beside its file (`NAME.docx`).
    pub drafts: bool,
    /// Warnings about the inputs as a whole (spreadsheet columns ignored), for the manifest.
    pub notes: Vec<String>,
    /// Folders whose place must not show in the manifest (the service's template folders: a
    /// path inside one is written from it, see [`crate::diagnostics::hide_folders`]); the
    /// command line, whose user may open the files, leaves it empty.
    pub hidden_folders: Vec<String>,
}

/// Told about the batch as it runs (a progress bar, log lines, or nothing).
pub trait Progress {
    /// The batch starts with `total` records.
    fn start(&self, total: usize);
    /// One record is finished (written, failed or skipped).
    fn done(&self, entry: &Entry);
    /// Every record is accounted for.
    fn finish(&self);
}

/// A batch that could not complete because its output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the batch output: {0}")]
pub struct SinkError(#[from] pub std::io::Error);

/// Renders every record on `pool` into `sink`, then adds `manifest.json`. The caller finishes
/// the sink.
pub fn run(
    pool: &WorkerPool,
    records: Vec<Record>,
    sink: &mut dyn Sink,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<Manifest, SinkError> {
    let entries = render(pool, records, sink, options, progress)?;
    let manifest = Manifest::new(entries, options.notes.clone());
    sink.add("manifest.json", &manifest.to_json())?;
    progress.finish();
    Ok(manifest)
}

/// Renders every record on `pool` into `sink` and accounts for each, in input order; no
/// manifest is written and `progress` is not finished (the caller may add files first).
pub fn render(
    pool: &WorkerPool,
    records: Vec<Record>,
    sink: &mut dyn Sink,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<Vec<Entry>, SinkError> {
    let total = records.len();
    progress.start(total);
    let window = pool.workers() * 4;
    let (sender, results) = mpsc::channel::<(usize, Result<Rendered, Failure>)>();
    let mut sources = Vec::with_capacity(total);
    let mut inputs = Vec::with_capacity(total);
    for record in records {
        sources.push(record.source);
        inputs.push(Some(record.input));
    }
    let mut namer = Namer::new(options.names.clone(), total, options.format.extension());
    let mut ready: BTreeMap<usize, Result<Rendered, Failure>> = BTreeMap::new();
    let mut entries = Vec::with_capacity(total);
    let (mut next_submit, mut in_flight) = (0, 0);
    // With --fail-fast: the earliest failed record known so far. Nothing after it is written,
    // whatever order results arrive in, so the output does not depend on the number of jobs.
    let mut first_failure: Option<usize> = None;
    let note_failure = |index: usize, first: &mut Option<usize>| {
        if options.fail_fast {
            *first = Some(first.map_or(index, |f| f.min(index)));
        }
    };

    while entries.len() < total {
        while first_failure.is_none() && next_submit < total && next_submit < entries.len() + window
        {
            let index = next_submit;
            next_submit += 1;
            match inputs[index].take().expect("each record is submitted once") {
                Err(failure) => {
                    note_failure(index, &mut first_failure);
                    ready.insert(index, Err(failure));
                }
                Ok(value) => {
                    let sender = sender.clone();
                    let deadline = options.deadline;
                    let (format, drafts) = (options.format, options.drafts);
                    in_flight += 1;
                    let work = move |engine: &Engine| {
                        Rendered::render(engine, &value, format, drafts).map_err(Failure::from)
                    };
                    // Every job answers: a panic or a job past the time limit is a failure.
                    let answer = move |result: Result<_, JobError>| {
                        let result = result.unwrap_or_else(|error| Err(Failure::from(error)));
                        let _ = sender.send((index, result));
                    };
                    pool.submit(Job::new(work, answer).expires(deadline));
                }
            }
        }
        while let Some(result) = ready.remove(&entries.len()) {
            let index = entries.len();
            let source = sources[index].clone();
            let entry = match result {
                _ if first_failure.is_some_and(|f| index > f) => {
                    Entry::new(index + 1, source, Status::Skipped)
                }
                Ok(rendered) => {
                    let name = namer.name(index + 1, &rendered.file.document, &source.stem());
                    sink.add(&name, &rendered.file.bytes)?;
                    let draft = match &rendered.draft {
                        Some(bytes) => {
                            let draft = draft_name(&name);
                            sink.add(&draft, bytes)?;
                            Some(draft)
                        }
                        None => None,
                    };
                    rendered.entry(index + 1, source, name, draft)
                }
                Err(failure) => {
                    note_failure(index, &mut first_failure);
                    Entry::failed(index + 1, source, failure)
                }
            };
            progress.done(&entry);
            entries.push(entry);
        }
        if in_flight == 0 && entries.len() == next_submit && first_failure.is_some() {
            for (index, source) in sources.iter().enumerate().skip(next_submit) {
                let entry = Entry::new(index + 1, source.clone(), Status::Skipped);
                progress.done(&entry);
                entries.push(entry);
            }
        }
        if entries.len() == total || in_flight == 0 {
            continue;
        }
        let (index, result) = results.recv().expect("a worker answers every job");
        in_flight -= 1;
        if result.is_err() {
            note_failure(index, &mut first_failure);
        }
        ready.insert(index, result);
    }
    if !options.hidden_folders.is_empty() {
        for entry in &mut entries {
            entry.hide_folders(&options.hidden_folders);
        }
    }
    Ok(entries)
}

/// The name of the Word draft written beside the file `name`: its stem with `.docx`. The
/// namer keeps stems unique, so drafts are too.
fn draft_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    format!("{stem}.{}", DocumentFormat::DOCX.extension())
}

/// A rendered record with its checksum, computed on the worker, and its Word draft when one
/// is asked for.
struct Rendered {
    file: RenderedDocument,
    sha256: String,
    draft: Option<Vec<u8>>,
}

impl Rendered {
    /// `value` in `format`, and with `drafts` its Word draft too; a failure of either fails
    /// the record.
    fn render(
        engine: &Engine,
        value: &serde_json::Value,
        format: DocumentFormat,
        drafts: bool,
    ) -> Result<Self, RenderError> {
        let file = engine.render(value, format)?;
        let draft = drafts.then(|| engine.draft(value)).transpose()?;
        let sha256 = Sha256::digest(&file.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Self {
            file,
            sha256,
            draft: draft.map(|d| d.bytes),
        })
    }

    fn entry(self, index: usize, source: Origin, name: String, draft: Option<String>) -> Entry {
        let document = &self.file.document;
        Entry {
            doc_kind: Some(document.kind().as_str().to_string()),
            title: Some(document.title_text()),
            output: Some(name),
            draft,
            pages: self.file.pages,
            bytes: Some(self.file.bytes.len()),
            sha256: Some(self.sha256),
            diagnostics: self.file.warnings,
            missing_glyphs: self.file.missing_glyphs,
            ..Entry::new(index, source, Status::Ok)
        }
    }
}
