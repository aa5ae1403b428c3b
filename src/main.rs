//! The `xuncha` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};

use xuncha::engine::{EngineConfig, OutputFormat};
use xuncha::fonts::FontSources;
use xuncha::{DocKind, Engine, InputProblem, RenderError};

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

#[derive(Args)]
struct EngineArgs {
    /// Template folder (default: the bundled `templates/`).
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
    /// Show which font fills each role and which official fonts were found.
    Fonts,
    /// Print the JSON Schema of a document kind's input.
    Schema {
        /// The document kind.
        #[arg(value_parser = parse_kind)]
        kind: DocKind,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Pdf,
    Png,
}

fn parse_kind(s: &str) -> Result<DocKind, String> {
    s.parse()
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
            let engine = engine(&cli.engine)?;
            print_fonts(&engine, cli.json)?;
            Ok(true)
        }
        Command::Check { inputs } => {
            let engine = engine(&cli.engine)?;
            let mut all_ok = true;
            for input in inputs {
                let outcome = read_json(input).and_then(|value| {
                    engine
                        .check(&value)
                        .map(|(_, warnings)| warnings)
                        .map_err(Failure::Render)
                });
                all_ok &= report(input, outcome.map(|w| (w, Vec::new())), None, cli.json);
            }
            Ok(all_ok)
        }
        Command::Render {
            inputs,
            output,
            format,
            dpi,
        } => {
            let engine = engine(&cli.engine)?;
            let format = match format {
                Format::Pdf => OutputFormat::Pdf,
                Format::Png => OutputFormat::Png,
            };
            let targets = output_paths(inputs, output.as_deref(), format)?;
            let mut all_ok = true;
            for (input, target) in inputs.iter().zip(targets) {
                let outcome = render_one(&engine, input, &target, format, *dpi);
                let written = outcome.as_ref().ok().map(|(_, _, files)| files.clone());
                all_ok &= report(
                    input,
                    outcome.map(|(glyphs, warnings, _)| (glyphs, warnings)),
                    written,
                    cli.json,
                );
            }
            Ok(all_ok)
        }
    }
}

fn engine(args: &EngineArgs) -> anyhow::Result<Engine> {
    let mut config = EngineConfig::bundled();
    if let Some(dir) = &args.templates {
        config.templates = dir.clone();
    }
    let mut dirs = args.fonts.clone();
    dirs.extend(config.fonts.dirs);
    config.fonts = FontSources {
        dirs,
        include_system: args.system_fonts,
    };
    config.allow_missing_glyphs = args.allow_missing_glyphs;
    Engine::new(&config).context("cannot start the engine")
}

/// Where each input's output goes.
fn output_paths(
    inputs: &[PathBuf],
    output: Option<&Path>,
    format: OutputFormat,
) -> anyhow::Result<Vec<PathBuf>> {
    let extension = match format {
        OutputFormat::Pdf => "pdf",
        OutputFormat::Png => "png",
    };
    let named = |input: &Path, dir: &Path| {
        let stem = input.file_stem().unwrap_or_default();
        dir.join(stem).with_extension(extension)
    };
    match output {
        Some(out) if inputs.len() > 1 || out.is_dir() || out.to_string_lossy().ends_with('/') => {
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create folder {}", out.display()))?;
            Ok(inputs.iter().map(|i| named(i, out)).collect())
        }
        Some(out) => Ok(vec![out.to_path_buf()]),
        None => Ok(inputs
            .iter()
            .map(|i| named(i, i.parent().unwrap_or(Path::new("."))))
            .collect()),
    }
}

/// What went wrong with one input.
enum Failure {
    Read(String),
    Render(RenderError),
}

type Rendered = (
    Vec<InputProblem>,
    Vec<xuncha::diagnostics::Diagnostic>,
    Vec<PathBuf>,
);

fn render_one(
    engine: &Engine,
    input: &Path,
    target: &Path,
    format: OutputFormat,
    dpi: f32,
) -> Result<Rendered, Failure> {
    let value = read_json(input)?;
    let compiled = engine.compile(&value).map_err(Failure::Render)?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Read(format!("cannot create {}: {e}", parent.display())))?;
    }
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes)
            .map_err(|e| Failure::Read(format!("cannot write {}: {e}", path.display())))
    };
    let mut files = Vec::new();
    match format {
        OutputFormat::Pdf => {
            let pdf = engine.pdf(&compiled).map_err(Failure::Render)?;
            write(target, &pdf)?;
            files.push(target.to_path_buf());
        }
        OutputFormat::Png => {
            let stem = target.file_stem().unwrap_or_default().to_string_lossy();
            let pages = engine.png_pages(&compiled, dpi);
            // Zero-padded so that the files sort in page order.
            let digits = pages.len().to_string().len();
            for (i, png) in pages.iter().enumerate() {
                let path = target.with_file_name(format!("{stem}-{:0digits$}.png", i + 1));
                write(&path, png)?;
                files.push(path);
            }
        }
    }
    Ok((compiled.missing_glyphs, compiled.warnings, files))
}

fn read_json(path: &Path) -> Result<Value, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Read(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Failure::Read(format!(
            "{} is not valid JSON (line {}, column {}): {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// Prints the outcome for one input; returns whether it succeeded.
fn report(
    input: &Path,
    outcome: Result<(Vec<InputProblem>, Vec<xuncha::diagnostics::Diagnostic>), Failure>,
    written: Option<Vec<PathBuf>>,
    as_json: bool,
) -> bool {
    let name = input.display().to_string();
    match outcome {
        Ok((glyphs, warnings)) => {
            if as_json {
                println!(
                    "{}",
                    json!({"file": name, "status": "ok", "outputs": written,
                           "missing_glyphs": glyphs, "warnings": warnings})
                );
            } else {
                for problem in &glyphs {
                    eprintln!("warning: {name}: {problem}");
                }
                for warning in &warnings {
                    eprintln!("{name}: {warning}");
                }
                match written {
                    Some(files) => {
                        let list: Vec<_> = files.iter().map(|f| f.display().to_string()).collect();
                        eprintln!("ok: {name} → {}", list.join(", "));
                    }
                    None => eprintln!("ok: {name}"),
                }
            }
            true
        }
        Err(failure) => {
            let (message, errors, diagnostics) = match &failure {
                Failure::Read(message) => (message.clone(), Vec::new(), Vec::new()),
                Failure::Render(RenderError::Invalid(problems)) => (
                    format!("{} 个问题 ({} problem(s))", problems.len(), problems.len()),
                    problems.clone(),
                    Vec::new(),
                ),
                Failure::Render(RenderError::Typst(diags)) => {
                    ("typesetting failed".to_string(), Vec::new(), diags.clone())
                }
                Failure::Render(other) => (other.to_string(), Vec::new(), Vec::new()),
            };
            if as_json {
                println!(
                    "{}",
                    json!({"file": name, "status": "error", "message": message,
                           "errors": errors, "diagnostics": diagnostics})
                );
            } else {
                eprintln!("error: {name}: {message}");
                for problem in &errors {
                    eprintln!("  {problem}");
                }
                for diagnostic in &diagnostics {
                    eprintln!("  {}", diagnostic.to_string().replace('\n', "\n  "));
                }
            }
            false
        }
    }
}

fn print_fonts(engine: &Engine, as_json: bool) -> anyhow::Result<()> {
    let roles = xuncha::fonts::roles(engine.templates().root())?;
    let fonts = engine.fonts();
    let role_rows: Vec<Value> = roles
        .iter()
        .map(|role| {
            let chain: Vec<Value> = role
                .families
                .iter()
                .map(|f| json!({"family": f, "installed": fonts.has_family(f)}))
                .collect();
            let used = role.families.iter().find(|f| fonts.has_family(f));
            json!({"role": role.key, "label": role.label, "uses": used, "chain": chain})
        })
        .collect();
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"roles": role_rows, "faces": fonts.faces()}))?
        );
        return Ok(());
    }
    println!("Roles (first installed family of each chain is used):");
    for role in &roles {
        let used = role.families.iter().find(|f| fonts.has_family(f));
        println!(
            "  {:<9} {} → {}",
            role.key,
            role.label,
            used.map(String::as_str).unwrap_or("(none installed!)")
        );
        for family in &role.families {
            let mark = if fonts.has_family(family) {
                "found"
            } else {
                "not found"
            };
            println!("      {family:<24} {mark}");
        }
    }
    println!("\nFaces ({}):", fonts.len());
    for face in fonts.faces() {
        println!(
            "  {:<20} weight {:<3} {}{}",
            face.family,
            face.weight,
            face.path.display(),
            if face.index > 0 {
                format!(" #{}", face.index)
            } else {
                String::new()
            }
        );
    }
    if roles.is_empty() {
        bail!("no roles defined in lib/fonts.toml");
    }
    Ok(())
}
