//! `xuncha batch`: many documents in one run, with progress and a manifest.

use std::cell::Cell;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use xuncha::batch::input::{read_inputs, read_json_file};
use xuncha::batch::manifest::{Entry, Status};
use xuncha::batch::naming::{DEFAULT_PATTERN, NamePattern};
use xuncha::batch::sheet::{SheetRequest, records_from_sheet};
use xuncha::batch::sink::{FolderSink, ZipFileSink, is_zip_path};
use xuncha::batch::{BatchOptions, Progress};
use xuncha::export::DocumentFormat;
use xuncha::pool::WorkerPool;
use xuncha::{DocKind, Engine};

/// Options of `xuncha batch`.
#[derive(Args)]
pub struct BatchArgs {
    /// JSON files, folders of them (searched recursively), JSON Lines files (`.jsonl`), or `-`
    /// for JSON Lines on standard input.
    #[arg(value_name = "INPUT", required_unless_present_any = ["from_xlsx", "from_csv"])]
    inputs: Vec<PathBuf>,
    /// Where to write: a `.zip` file, or else a folder.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// File name pattern; placeholders {index} {doc_kind} {kind} {title} {doc_number} {date}
    /// {recipient} {source}.
    #[arg(long = "name", value_name = "PATTERN", default_value = DEFAULT_PATTERN)]
    names: NamePattern,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Stop at the first failed document; the rest are listed as skipped.
    #[arg(long)]
    fail_fast: bool,
    /// What each document becomes: pdf, ofd (GB/T 33190) or ofd-a (OFD for archiving).
    #[arg(long, value_name = "FORMAT", default_value = "pdf")]
    format: String,
    /// A standard the PDFs claim: a-2b (PDF/A-2b, for archives), a-2u, a-1b or ua-1 (PDF/UA-1).
    #[arg(long, value_name = "STANDARD")]
    pdf_standard: Option<String>,
    /// No progress and no summary: only failures and warnings.
    #[arg(short, long)]
    quiet: bool,
    /// Make documents from a workbook (.xlsx, .xls, .ods): one row per problem or 台账 line.
    #[arg(
        long,
        value_name = "FILE.xlsx",
        conflicts_with = "from_csv",
        requires = "shared"
    )]
    from_xlsx: Option<PathBuf>,
    /// Make documents from a CSV file (UTF-8 or GBK), laid out as for --from-xlsx.
    #[arg(long, value_name = "FILE.csv", requires = "shared")]
    from_csv: Option<PathBuf>,
    /// Kind of the documents made from a spreadsheet (default: `doc_kind` in the shared
    /// fields, or else the one kind whose columns the sheet has).
    #[arg(long, value_parser = super::parse_kind)]
    kind: Option<DocKind>,
    /// How rows are grouped into documents, by name or key column: recipient (抄告对象) or
    /// org (被巡察单位). Default: the kind's first.
    #[arg(long, value_name = "GROUPING")]
    group_by: Option<String>,
    /// JSON file with the fields every document made from the spreadsheet shares.
    #[arg(long, value_name = "FIELDS.json")]
    shared: Option<PathBuf>,
}

/// Runs the batch; `Ok(false)` when some document failed.
pub fn run(engine: Engine, args: &BatchArgs, as_json: bool) -> anyhow::Result<bool> {
    let mut records = read_inputs(&args.inputs, &mut std::io::stdin().lock())?;
    let mut notes = Vec::new();
    if let Some(sheet) = args.from_xlsx.as_ref().or(args.from_csv.as_ref()) {
        let shared_path = args.shared.as_ref().expect("clap requires --shared");
        let shared = read_json_file(shared_path).map_err(|failure| {
            anyhow::anyhow!("{}: {}", shared_path.display(), failure.lines().join("; "))
        })?;
        let request = SheetRequest {
            kind: args.kind,
            group_by: args.group_by.as_deref(),
            shared: &shared,
        };
        let made = records_from_sheet(sheet, request, engine.limits())?;
        for warning in &made.warnings {
            eprintln!("warning: {}: {warning}", sheet.display());
        }
        notes.extend(
            made.warnings
                .into_iter()
                .map(|w| format!("{}: {w}", sheet.display())),
        );
        records.extend(made.records);
    }
    let format = DocumentFormat::parse(&args.format, args.pdf_standard.as_deref())
        .map_err(anyhow::Error::msg)?;
    let options = BatchOptions {
        names: args.names.clone(),
        fail_fast: args.fail_fast,
        deadline: None,
        format,
        notes,
    };
    let jobs = args.jobs.unwrap_or_else(WorkerPool::default_workers).max(1);
    let pool = WorkerPool::new(Arc::new(engine), jobs, jobs);
    let reporter = Reporter::new(args.quiet);
    let cannot_create = || format!("cannot create {}", args.output.display());
    let manifest = if is_zip_path(&args.output) {
        let mut sink = ZipFileSink::create(&args.output).with_context(cannot_create)?;
        let manifest = xuncha::batch::run(&pool, records, &mut sink, &options, &reporter)?;
        sink.finish().context("cannot finish the zip")?;
        manifest
    } else {
        let mut sink = FolderSink::create(&args.output).with_context(cannot_create)?;
        xuncha::batch::run(&pool, records, &mut sink, &options, &reporter)?
    };
    if as_json {
        println!(
            "{}",
            String::from_utf8_lossy(&manifest.to_json()).trim_end()
        );
    }
    if !args.quiet {
        eprintln!(
            "{} document(s): {} ok, {} failed, {} skipped → {} (manifest.json)",
            manifest.total,
            manifest.ok,
            manifest.failed,
            manifest.skipped,
            args.output.display()
        );
    }
    Ok(manifest.all_ok())
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
            let pages = entry.pages.unwrap_or_default();
            let warnings = entry.diagnostics.len() + entry.missing_glyphs.len();
            let noted = match warnings {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            vec![format!(
                "ok {} ({pages} page{}{noted})",
                entry.output.as_deref().unwrap_or_default(),
                if pages == 1 { "" } else { "s" }
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
