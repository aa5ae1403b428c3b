//! What `batch` and `round` share: the output arguments (format, workers, progress), writing
//! into a zip or a folder, and the progress reporter.

use std::cell::Cell;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use xuncha::Engine;
use xuncha::batch::Progress;
use xuncha::batch::manifest::{Entry, Status};
use xuncha::batch::sink::{FolderSink, Sink, ZipFileSink, is_zip_path};
use xuncha::export::pdf_standard::PdfStandard;
use xuncha::format::{self, DocumentFormat, Format, Shape};
use xuncha::pool::WorkerPool;

/// How a batch or a round writes its documents.
#[derive(Args)]
pub struct OutputArgs {
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// What each document becomes.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value_t = Format::Pdf,
        value_parser = Format::value_parser(&[Shape::Document]),
        ignore_case = true
    )]
    pub format: Format,
    /// A standard the PDFs claim (PDF/A for archives, PDF/UA); with --format pdf only.
    #[arg(
        long,
        value_name = "STANDARD",
        value_parser = format::pdf_standard_parser(),
        ignore_case = true
    )]
    pub pdf_standard: Option<PdfStandard>,
    /// Also write each document's editable Word draft beside it (NAME.docx), for review in
    /// Word or WPS; the file of --format stays the official copy.
    #[arg(long)]
    pub drafts: bool,
    /// No progress and no summary: only failures and warnings.
    #[arg(short, long)]
    pub quiet: bool,
    /// Seconds one document may take to typeset; past it the document fails (stage
    /// `deadline`) and the others go on. Typst cannot be interrupted, so the abandoned compile
    /// keeps a core busy until the command ends.
    #[arg(
        long,
        env = "XUNCHA_JOB_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = xuncha::pool::DEFAULT_TIME_LIMIT.as_secs_f64(),
        value_parser = parse_seconds
    )]
    pub job_timeout: f64,
}

/// A positive, finite number of seconds.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() && seconds < 1e9 => Ok(seconds),
        _ => Err(format!(
            "“{text}”不是正的秒数 / not a positive number of seconds"
        )),
    }
}

impl OutputArgs {
    /// The file each document becomes.
    pub fn document_format(&self) -> anyhow::Result<DocumentFormat> {
        DocumentFormat::new(self.format, self.pdf_standard).map_err(anyhow::Error::msg)
    }

    /// Whether to write Word drafts beside the documents: not with `--format docx`, whose
    /// files are the drafts already.
    pub fn drafts(&self) -> anyhow::Result<bool> {
        if self.drafts && self.format == Format::Docx {
            anyhow::bail!(
                "--drafts adds Word drafts beside the documents; --format docx writes only the drafts"
            );
        }
        Ok(self.drafts)
    }

    /// The workers: `--jobs`, or one per core.
    pub fn pool(&self, engine: Engine) -> WorkerPool {
        let jobs = self.jobs.unwrap_or_else(WorkerPool::default_workers).max(1);
        let limit = Duration::from_secs_f64(self.job_timeout);
        WorkerPool::with_time_limit(Arc::new(engine), jobs, jobs, limit)
    }

    /// The progress reporter `--quiet` asks for.
    pub fn reporter(&self) -> Reporter {
        Reporter::new(self.quiet)
    }
}

/// Runs `write` into a zip (a path ending in `.zip`, finished when `write` returns) or else a
/// folder.
pub fn write_into<T>(
    output: &Path,
    write: impl FnOnce(&mut dyn Sink) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let cannot_create = || format!("cannot create {}", output.display());
    if is_zip_path(output) {
        let mut sink = ZipFileSink::create(output).with_context(cannot_create)?;
        let written = write(&mut sink)?;
        sink.finish().context("cannot finish the zip")?;
        Ok(written)
    } else {
        let mut sink = FolderSink::create(output).with_context(cannot_create)?;
        write(&mut sink)
    }
}

/// Shows progress: a bar on a terminal, one line per document otherwise, or nothing.
pub enum Reporter {
    Bar(ProgressBar),
    Lines {
        total: Cell<usize>,
        done: Cell<usize>,
    },
    Quiet,
}

impl Reporter {
    /// Nothing but failures and warnings when `quiet`; else a bar on a terminal, lines off it.
    pub fn new(quiet: bool) -> Self {
        if quiet {
            Reporter::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40.cyan/blue} {pos}/{len} {per_sec} ETA {eta} {wide_msg}",
                )
                .expect("the template is valid"),
            );
            Reporter::Bar(bar)
        } else {
            Reporter::Lines {
                total: Cell::new(0),
                done: Cell::new(0),
            }
        }
    }
}

/// The lines that describe one finished record: its outcome, then every error and warning.
fn describe(entry: &Entry) -> Vec<String> {
    let mut lines = match entry.status {
        Status::Ok => {
            let size = match entry.pages {
                Some(1) => "1 page".to_string(),
                Some(pages) => format!("{pages} pages"),
                None => "draft".to_string(),
            };
            let warnings = entry.diagnostics.len() + entry.missing_glyphs.len();
            let noted = match warnings {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            let draft = match &entry.draft {
                Some(draft) => format!(" + {draft}"),
                None => String::new(),
            };
            vec![format!(
                "ok {}{draft} ({size}{noted})",
                entry.output.as_deref().unwrap_or_default()
            )]
        }
        Status::Skipped => vec![format!("skipped {}", entry.source)],
        Status::Error => {
            let mut lines = vec![format!(
                "error {}: {}",
                entry.source,
                entry.message.as_deref().unwrap_or_default()
            )];
            lines.extend(entry.errors.iter().map(|e| format!("  {e}")));
            lines
        }
    };
    lines.extend(
        entry
            .missing_glyphs
            .iter()
            .map(|g| format!("  warning: {g}")),
    );
    lines.extend(
        entry
            .diagnostics
            .iter()
            .map(|d| format!("  {}", d.to_string().replace('\n', "\n  "))),
    );
    lines
}

/// Whether a record has something to say beyond “ok”: a failure or a warning.
fn noteworthy(entry: &Entry) -> bool {
    entry.status == Status::Error
        || !entry.diagnostics.is_empty()
        || !entry.missing_glyphs.is_empty()
}

impl Progress for Reporter {
    fn start(&self, total: usize) {
        match self {
            Reporter::Bar(bar) => bar.set_length(total as u64),
            Reporter::Lines { total: t, .. } => t.set(total),
            Reporter::Quiet => {}
        }
    }

    fn done(&self, entry: &Entry) {
        match self {
            Reporter::Bar(bar) => {
                if noteworthy(entry) {
                    for line in describe(entry) {
                        bar.println(line);
                    }
                }
                bar.set_message(entry.output.clone().unwrap_or_default());
                bar.inc(1);
            }
            Reporter::Lines { total, done } => {
                done.set(done.get() + 1);
                let width = total.get().to_string().len();
                for (i, line) in describe(entry).into_iter().enumerate() {
                    if i == 0 {
                        eprintln!("[{:>width$}/{}] {line}", done.get(), total.get());
                    } else {
                        eprintln!("{line}");
                    }
                }
            }
            Reporter::Quiet => {
                if noteworthy(entry) {
                    for line in describe(entry) {
                        eprintln!("{line}");
                    }
                }
            }
        }
    }

    fn finish(&self) {
        if let Reporter::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
