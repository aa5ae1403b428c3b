//! `xuncha round`: every document of an inspection round from one register workbook, or
//! (`--template`) the empty register to start from.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;

use xuncha::Engine;
use xuncha::batch::BatchOptions;
use xuncha::batch::sink::{FolderSink, ZipFileSink, is_zip_path};
use xuncha::export::DocumentFormat;
use xuncha::pool::WorkerPool;
use xuncha::round::{RoundManifest, workbooks};

use super::batch::Reporter;

/// Options of `xuncha round`.
#[derive(Args)]
pub struct RoundArgs {
    /// The register workbook (.xlsx, .xls, .ods) with the sheets 轮次, 单位, 问题 and,
    /// optionally, 线索 and 建议.
    #[arg(value_name = "REGISTER.xlsx", required_unless_present = "template")]
    register: Option<PathBuf>,
    /// Where to write: a `.zip` file, or else a folder.
    #[arg(short, long, value_name = "OUT", required_unless_present = "template")]
    output: Option<PathBuf>,
    /// Write an empty register (sheets, headers, a filled example row) to this file instead.
    #[arg(long, value_name = "OUT.xlsx", conflicts_with_all = ["register", "output"])]
    template: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// What each document becomes: pdf, ofd (GB/T 33190) or ofd-a.
    #[arg(long, value_name = "FORMAT", default_value = "pdf")]
    format: String,
    /// A standard the PDFs claim: a-2b, a-2u, a-1b or ua-1.
    #[arg(long, value_name = "STANDARD")]
    pdf_standard: Option<String>,
    /// No progress and no summary: only failures and warnings.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs the round (or writes the template); `Ok(false)` when a document failed or a row was
/// left out.
pub fn run(
    engine: impl FnOnce() -> anyhow::Result<Engine>,
    args: &RoundArgs,
    as_json: bool,
) -> anyhow::Result<bool> {
    if let Some(template) = &args.template {
        let bytes = workbooks::register_template().context("cannot make the register")?;
        std::fs::write(template, bytes)
            .with_context(|| format!("cannot write {}", template.display()))?;
        if !args.quiet {
            eprintln!(
                "空白登记表 → {}（工作表：轮次、单位、问题、线索、建议；填表说明见第一个工作表）",
                template.display()
            );
        }
        return Ok(true);
    }
    let (register, output) = (
        args.register.as_ref().expect("clap requires the register"),
        args.output.as_ref().expect("clap requires --output"),
    );
    let engine = engine()?;
    let limits = *engine.limits();
    let options = BatchOptions {
        names: xuncha::round::names(),
        fail_fast: false,
        deadline: None,
        format: DocumentFormat::parse(&args.format, args.pdf_standard.as_deref())
            .map_err(anyhow::Error::msg)?,
        notes: Vec::new(),
    };
    let jobs = args.jobs.unwrap_or_else(WorkerPool::default_workers).max(1);
    let pool = WorkerPool::new(Arc::new(engine), jobs, jobs);
    let reporter = Reporter::new(args.quiet);
    let cannot_create = || format!("cannot create {}", output.display());
    let manifest: RoundManifest = if is_zip_path(output) {
        let mut sink = ZipFileSink::create(output).with_context(cannot_create)?;
        let manifest =
            xuncha::round::run(&pool, register, &limits, &mut sink, &options, &reporter)?;
        sink.finish().context("cannot finish the zip")?;
        manifest
    } else {
        let mut sink = FolderSink::create(output).with_context(cannot_create)?;
        xuncha::round::run(&pool, register, &limits, &mut sink, &options, &reporter)?
    };
    for warning in &manifest.batch.warnings {
        eprintln!("warning: {warning}");
    }
    for rejected in &manifest.rejected {
        eprintln!("left out: {rejected}");
    }
    if as_json {
        println!("{}", serde_json::to_string_pretty(&manifest)?);
    }
    if !args.quiet {
        eprintln!(
            "{} document(s): {} ok, {} failed; {} workbook(s); {} problem(s), {} row(s) left out → {} (manifest.json)",
            manifest.batch.total,
            manifest.batch.ok,
            manifest.batch.failed,
            manifest.workbooks.len(),
            manifest.problems.len(),
            manifest.rejected.len(),
            output.display()
        );
    }
    Ok(manifest.all_ok())
}
