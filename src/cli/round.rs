//! `xuncha round`: every document of an inspection round from one register workbook, or
//! (`--template`) the empty register to start from.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use xuncha::Engine;
use xuncha::batch::BatchOptions;
use xuncha::round::{RoundLayout, RoundManifest, RoundOptions, workbooks};

use super::output::{OutputArgs, write_into};

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
    /// How the files are arranged: `flat` (one folder, numbered in order) or `by-unit` (a
    /// folder per unit with its documents, workbooks and 抄告单; folders for the 建议书, the
    /// 抄告单 concerning several units and the round's lists).
    #[arg(long, value_enum, default_value_t = RoundLayout::Flat)]
    layout: RoundLayout,
    #[command(flatten)]
    out: OutputArgs,
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
        if !args.out.quiet {
            eprintln!(
                "空白登记表 → {}（工作表：轮次、单位、问题、线索、建议、追责问责、点人点事；填表说明见第一个工作表）",
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
    let options = RoundOptions {
        batch: BatchOptions {
            format: args.out.document_format()?,
            drafts: args.out.drafts()?,
            ..BatchOptions::default()
        },
        layout: args.layout,
    };
    let pool = args.out.pool(engine);
    let reporter = args.out.reporter();
    let manifest: RoundManifest = write_into(output, |sink| {
        Ok(xuncha::round::run(
            &pool, register, &limits, sink, &options, &reporter,
        )?)
    })?;
    for warning in &manifest.batch.warnings {
        eprintln!("warning: {warning}");
    }
    for note in &manifest.notes {
        eprintln!("note: {note}");
    }
    for rejected in &manifest.rejected {
        eprintln!("left out: {rejected}");
    }
    for workbook in manifest.workbooks.iter().filter(|w| w.message.is_some()) {
        eprintln!(
            "workbook not written: {}: {}",
            workbook.title,
            workbook.message.as_deref().unwrap_or_default()
        );
    }
    if as_json {
        println!("{}", serde_json::to_string_pretty(&manifest)?);
    }
    if !args.out.quiet {
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
