//! The `xuncha` command line.

mod cli;

/// jemalloc rather than glibc's allocator: with two workers it renders 70 documents/s instead
/// of 59, and resident memory grew +5.7 % instead of +10.3 % from the 500th render to the
/// 5,000th (see docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use serde_json::json;

use cli::{EngineArgs, engine};

/// 巡察文书: renders inspection documents from JSON to GB/T 9704 PDFs.
#[derive(Parser)]
#[command(name = "xuncha", version, about)]
struct Cli {
    #[command(flatten)]
    engine: EngineArgs,
    /// Print results and errors as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render documents to PDF (or PNG pages).
    Render(cli::render::RenderArgs),
    /// Validate documents without rendering; exit 0 when all are valid, 1 otherwise.
    Check(cli::render::CheckArgs),
    /// Render many documents (files, folders, JSON Lines, spreadsheets) into a folder or zip,
    /// with a manifest.json that accounts for every input.
    Batch(cli::batch::BatchArgs),
    /// Every document of an inspection round from one register workbook, with the lists as
    /// workbooks and a 整改台账 per unit; `--template` writes an empty register.
    Round(cli::round::RoundArgs),
    /// Serve the HTTP API (POST JSON, get a PDF back); see /openapi.json.
    Serve(cli::serve::ServeArgs),
    /// List, start and check templates.
    Templates {
        #[command(subcommand)]
        command: cli::templates::TemplatesCommand,
    },
    /// Re-render a document whenever its data or a template file changes.
    Watch(cli::watch::WatchArgs),
    /// Show which font fills each role and which official fonts were found.
    Fonts,
    /// Print the JSON Schema of a document kind's input.
    Schema(cli::SchemaArgs),
    /// Show where fonts and templates are looked for (XUNCHA_HOME, next to the binary,
    /// ../share/xuncha) and which are used; exit 1 when either is missing.
    Assets,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            if cli.json {
                eprintln!(
                    "{}",
                    json!({"status": "error", "message": format!("{error:#}")})
                );
            } else {
                eprintln!("error: {error:#}");
            }
            ExitCode::from(2)
        }
    }
}

/// Runs a command; `Ok(false)` means some document failed.
fn run(cli: &Cli) -> anyhow::Result<bool> {
    match &cli.command {
        Command::Schema(args) => {
            println!("{}", serde_json::to_string_pretty(&args.kind.schema())?);
            Ok(true)
        }
        Command::Assets => cli::asset_places::run(cli.json),
        Command::Round(args) => cli::round::run(|| engine(&cli.engine), args, cli.json),
        Command::Fonts => {
            cli::fonts::print_fonts(&engine(&cli.engine)?, cli.json)?;
            Ok(true)
        }
        Command::Check(args) => Ok(cli::render::check(&engine(&cli.engine)?, args, cli.json)),
        Command::Render(args) => cli::render::render(&engine(&cli.engine)?, args, cli.json),
        Command::Batch(args) => cli::batch::run(engine(&cli.engine)?, args, cli.json),
        Command::Serve(args) => cli::serve::run(
            || engine(&cli.engine),
            args,
            cli.engine.templates.as_deref(),
        ),
        Command::Templates { command } => {
            // A new template may be the first in a folder that does not exist yet.
            if let (cli::templates::TemplatesCommand::New { .. }, Some(dir)) =
                (command, &cli.engine.templates)
            {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            cli::templates::run(
                &engine(&cli.engine)?,
                command,
                cli.engine.templates.as_deref(),
                cli.json,
            )
        }
        Command::Watch(args) => {
            // `watch my-templates/my-feedback` uses that template's folder without --templates.
            let mut engine_args = cli.engine.clone();
            if engine_args.templates.is_none() {
                let builtin = xuncha::assets::locate(xuncha::assets::Asset::Templates)
                    .ok()
                    .and_then(|dir| dir.canonicalize().ok());
                engine_args.templates =
                    cli::watch::template_folder_of(args).filter(|f| Some(f) != builtin.as_ref());
            }
            cli::watch::run(&engine(&engine_args)?, args)
        }
    }
}
