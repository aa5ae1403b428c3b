//! `xuncha batch`: many documents in one run, with progress and a manifest.

use std::path::PathBuf;

use clap::Args;

use xuncha::batch::BatchOptions;
use xuncha::batch::input::{read_inputs, read_json_file};
use xuncha::batch::naming::{DEFAULT_PATTERN, NamePattern};
use xuncha::sheet::{SheetRequest, records_from_sheet};
use xuncha::{DocKind, Engine};

use super::output::{OutputArgs, write_into};

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
    /// Stop at the first failed document; the rest are listed as skipped.
    #[arg(long)]
    fail_fast: bool,
    #[command(flatten)]
    out: OutputArgs,
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
    let options = BatchOptions {
        names: args.names.clone(),
        fail_fast: args.fail_fast,
        deadline: None,
        format: args.out.document_format()?,
        drafts: args.out.drafts()?,
        notes,
        hidden_folders: Vec::new(),
    };
    let pool = args.out.pool(engine);
    let reporter = args.out.reporter();
    let manifest = write_into(&args.output, |sink| {
        Ok(xuncha::batch::run(
            &pool, records, sink, &options, &reporter,
        )?)
    })?;
    if as_json {
        println!(
            "{}",
            String::from_utf8_lossy(&manifest.to_json()).trim_end()
        );
    }
    if !args.out.quiet {
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
