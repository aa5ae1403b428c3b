//! The `xuncha` command line.

mod cli;

/// jemalloc rather than glibc's allocator: with two workers it renders 70 documents/s instead
/// of 59, and resident memory grew +5.7 % instead of +10.3 % from the 500th render to the
/// 5,000th (see docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;

use xuncha::engine::{EngineConfig, OutputFormat};
use xuncha::fonts::FontSources;
use xuncha::validate::Limits;
use xuncha::{DocKind, Engine};

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

#[derive(Args, Clone)]
struct EngineArgs {
    /// Your template folder, on top of the built-in templates: adds templates and overrides
    /// built-in templates or library files of the same name.
    #[arg(long, global = true, env = "XUNCHA_TEMPLATES", value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Extra font folder, searched before the bundled fonts; repeatable.
    #[arg(
        long = "fonts",
        global = true,
        env = "XUNCHA_FONTS",
        value_name = "DIR",
        value_delimiter = ','
    )]
    fonts: Vec<PathBuf>,
    /// Also use the fonts installed on this system (e.g. the official 仿宋_GB2312).
    #[arg(long, global = true, env = "XUNCHA_SYSTEM_FONTS")]
    system_fonts: bool,
    /// Report characters that no font can draw as warnings, not errors.
    #[arg(long, global = true)]
    allow_missing_glyphs: bool,
    /// The most characters in any one text of a document.
    #[arg(long, global = true, env = "XUNCHA_MAX_TEXT_CHARS", value_name = "N",
          default_value_t = Limits::default().max_text_chars)]
    max_text_chars: usize,
    /// The most items in any one list of a document (problems, table rows, …).
    #[arg(long, global = true, env = "XUNCHA_MAX_LIST_ITEMS", value_name = "N",
          default_value_t = Limits::default().max_list_items)]
    max_list_items: usize,
    /// The most pages a typeset document may have.
    #[arg(long, global = true, env = "XUNCHA_MAX_PAGES", value_name = "N",
          default_value_t = Limits::default().max_pages)]
    max_pages: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Render documents to PDF (or PNG pages).
    Render {
        /// Input documents (JSON, each with `doc_kind`).
        #[arg(required = true, value_name = "DATA.json")]
        inputs: Vec<PathBuf>,
        /// Output file; with several inputs, a folder. Default: the input's name with .pdf.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Output format; PNG writes one file per page (`NAME-1.png`, …; `NAME-01.png` from 10 pages).
        #[arg(long, value_enum, default_value_t = Format::Pdf)]
        format: Format,
        /// Resolution of PNG pages.
        #[arg(long, default_value_t = 144.0)]
        dpi: f32,
    },
    /// Validate documents without rendering; exit 0 when all are valid, 1 otherwise.
    Check {
        /// Input documents.
        #[arg(required = true, value_name = "DATA.json")]
        inputs: Vec<PathBuf>,
    },
    /// Render many documents (files, folders, JSON Lines, spreadsheets) into a folder or zip,
    /// with a manifest.json that accounts for every input.
    Batch(cli::batch::BatchArgs),
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
    Schema {
        /// The document kind.
        #[arg(value_parser = cli::parse_kind)]
        kind: DocKind,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Pdf,
    Png,
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
        Command::Schema { kind } => {
            println!("{}", serde_json::to_string_pretty(&kind.schema())?);
            Ok(true)
        }
        Command::Fonts => {
            cli::fonts::print_fonts(&engine(&cli.engine)?, cli.json)?;
            Ok(true)
        }
        Command::Check { inputs } => {
            Ok(cli::render::check(&engine(&cli.engine)?, inputs, cli.json))
        }
        Command::Render {
            inputs,
            output,
            format,
            dpi,
        } => {
            let format = match format {
                Format::Pdf => OutputFormat::Pdf,
                Format::Png => OutputFormat::Png,
            };
            cli::render::render(
                &engine(&cli.engine)?,
                inputs,
                output.as_deref(),
                format,
                *dpi,
                cli.json,
            )
        }
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
                let builtin = xuncha::engine::bundled_dir("templates").canonicalize().ok();
                engine_args.templates =
                    cli::watch::template_folder_of(args).filter(|f| Some(f) != builtin.as_ref());
            }
            cli::watch::run(&engine(&engine_args)?, args)
        }
    }
}

fn engine(args: &EngineArgs) -> anyhow::Result<Engine> {
    let mut config = EngineConfig::bundled();
    config.user_templates.extend(args.templates.iter().cloned());
    let mut dirs = args.fonts.clone();
    dirs.extend(config.fonts.dirs);
    config.fonts = FontSources {
        dirs,
        include_system: args.system_fonts,
    };
    config.allow_missing_glyphs = args.allow_missing_glyphs;
    config.limits = Limits {
        max_text_chars: args.max_text_chars,
        max_list_items: args.max_list_items,
        max_pages: args.max_pages,
    };
    let engine = Engine::new(&config).context("cannot start the engine")?;
    for problem in engine.templates().problems() {
        eprintln!("warning: a template was not loaded, the one below it is used:\n{problem}");
    }
    Ok(engine)
}
