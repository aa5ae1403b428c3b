//! `xuncha render` and `xuncha check`: documents one at a time, each reported as it goes.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use xuncha::Engine;
use xuncha::batch::input::read_json_file;
use xuncha::failure::{Failure, Stage};
use xuncha::input::InputError;
use xuncha::typeset::diagnostics::Diagnostic;

/// Options of `xuncha render`.
#[derive(Args)]
pub struct RenderArgs {
    /// Input documents (JSON, each with `doc_kind`).
    #[arg(required = true, value_name = "DATA.json")]
    inputs: Vec<PathBuf>,
    /// Output file; with several inputs, a folder. Default: the input's name with .pdf.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Output format; PNG writes one file per page (`NAME-1.png`, …; `NAME-01.png` from 10 pages).
    #[arg(long, value_enum, default_value_t = OutputFormat::Pdf)]
    format: OutputFormat,
    /// Resolution of PNG pages.
    #[arg(long, default_value_t = 144.0)]
    dpi: f32,
}

/// Options of `xuncha check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Input documents.
    #[arg(required = true, value_name = "DATA.json")]
    inputs: Vec<PathBuf>,
}

/// What `render` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// One PDF.
    Pdf,
    /// One PNG per page.
    Png,
}

/// What a successful document leaves behind.
#[derive(Default)]
struct Done {
    missing_glyphs: Vec<InputError>,
    warnings: Vec<Diagnostic>,
    files: Vec<PathBuf>,
}

/// Validates each input; returns whether all are valid.
pub fn check(engine: &Engine, args: &CheckArgs, as_json: bool) -> bool {
    let mut all_ok = true;
    for input in &args.inputs {
        let outcome = read_json_file(input).and_then(|value| {
            let (_, missing_glyphs) = engine.validate(&value)?;
            Ok(Done {
                missing_glyphs,
                ..Done::default()
            })
        });
        all_ok &= report(input, outcome, as_json);
    }
    all_ok
}

/// Renders each input to `output` (a file, or a folder for several inputs); returns whether all
/// rendered.
pub fn render(engine: &Engine, args: &RenderArgs, as_json: bool) -> anyhow::Result<bool> {
    let targets = output_paths(&args.inputs, args.output.as_deref(), args.format)?;
    let mut all_ok = true;
    for (input, target) in args.inputs.iter().zip(targets) {
        let outcome = render_one(engine, input, &target, args.format, args.dpi);
        all_ok &= report(input, outcome, as_json);
    }
    Ok(all_ok)
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

fn render_one(
    engine: &Engine,
    input: &Path,
    target: &Path,
    format: OutputFormat,
    dpi: f32,
) -> Result<Done, Failure> {
    let value = read_json_file(input)?;
    let compiled = engine.compile(&value)?;
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes)
            .map_err(|e| Failure::new(Stage::Write, format!("无法写出 {}：{e}", path.display())))
    };
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            Failure::new(Stage::Write, format!("无法创建 {}：{e}", parent.display()))
        })?;
    }
    let mut files = Vec::new();
    match format {
        OutputFormat::Pdf => {
            write(target, &compiled.pdf()?)?;
            files.push(target.to_path_buf());
        }
        OutputFormat::Png => {
            let stem = target.file_stem().unwrap_or_default().to_string_lossy();
            let pages = compiled.png_pages(dpi);
            // Zero-padded so that the files sort in page order.
            let digits = pages.len().to_string().len();
            for (i, png) in pages.iter().enumerate() {
                let path = target.with_file_name(format!("{stem}-{:0digits$}.png", i + 1));
                write(&path, png)?;
                files.push(path);
            }
        }
    }
    Ok(Done {
        missing_glyphs: compiled.missing_glyphs,
        warnings: compiled.warnings,
        files,
    })
}

/// Prints the outcome for one input; returns whether it succeeded.
fn report(input: &Path, outcome: Result<Done, Failure>, as_json: bool) -> bool {
    let name = input.display().to_string();
    match outcome {
        Ok(done) => {
            if as_json {
                println!(
                    "{}",
                    json!({"file": name, "status": "ok", "outputs": done.files,
                           "missing_glyphs": done.missing_glyphs, "warnings": done.warnings})
                );
                return true;
            }
            for glyph in &done.missing_glyphs {
                eprintln!("warning: {name}: {glyph}");
            }
            for warning in &done.warnings {
                eprintln!("{name}: {warning}");
            }
            if done.files.is_empty() {
                eprintln!("ok: {name}");
            } else {
                let list: Vec<_> = done.files.iter().map(|f| f.display().to_string()).collect();
                eprintln!("ok: {name} → {}", list.join(", "));
            }
            true
        }
        Err(failure) => {
            if as_json {
                let mut line = json!({"file": name, "status": "error"});
                if let (Value::Object(line), Ok(Value::Object(fields))) =
                    (&mut line, serde_json::to_value(&failure))
                {
                    line.extend(fields);
                }
                println!("{line}");
                return false;
            }
            let lines = failure.lines();
            eprintln!("error: {name}: {}", lines[0]);
            for line in &lines[1..] {
                eprintln!("  {}", line.replace('\n', "\n  "));
            }
            false
        }
    }
}
