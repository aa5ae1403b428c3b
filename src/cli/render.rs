//! `xuncha render` and `xuncha check`: documents one at a time, each reported as it goes.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde_json::{Value, json};

use xuncha::Engine;
use xuncha::batch::input::read_json_file;
use xuncha::diagnostics::{Diagnostic, InputError};
use xuncha::engine::project::typst_project;
use xuncha::export::pdf_standard::PdfStandard;
use xuncha::failure::{Failure, Stage};
use xuncha::format::{self, DocumentFormat, FORMATS, Format, Shape};

/// Options of `xuncha render`.
#[derive(Args)]
pub struct RenderArgs {
    /// Input documents (JSON, each with `doc_kind`).
    #[arg(required = true, value_name = "DATA.json")]
    inputs: Vec<PathBuf>,
    /// Output file; with several inputs, a folder. Default: the input's name with .pdf.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Output format. PNG and SVG write one file per page (`NAME-1.png`, …; `NAME-01.png` from
    /// 10 pages); `typst` writes the document's Typst project into a folder (`-o DIR/`).
    #[arg(long, value_enum, default_value_t = Format::Pdf, ignore_case = true)]
    format: Format,
    /// A standard the PDF claims (PDF/A for archives, PDF/UA); with --format pdf only.
    #[arg(long, value_name = "STANDARD", value_parser = format::pdf_standard_parser(), ignore_case = true)]
    pdf_standard: Option<PdfStandard>,
    /// Resolution of PNG pages, 10 to 600 dots per inch.
    #[arg(long, default_value_t = format::PNG_DEFAULT_DPI, value_parser = format::parse_dpi, allow_negative_numbers = true)]
    dpi: f32,
}

/// Options of `xuncha check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Input documents.
    #[arg(required = true, value_name = "DATA.json")]
    inputs: Vec<PathBuf>,
}

/// What a successful document leaves behind.
#[derive(Default)]
struct Done {
    /// Values read other than as typed (`check` only).
    read_as_meant: Vec<InputError>,
    missing_glyphs: Vec<InputError>,
    warnings: Vec<Diagnostic>,
    files: Vec<PathBuf>,
}

/// Validates each input; returns whether all are valid.
pub fn check(engine: &Engine, args: &CheckArgs, as_json: bool) -> bool {
    let mut all_ok = true;
    for input in &args.inputs {
        let outcome = read_json_file(input).and_then(|value| {
            let validated = engine.validate(&value)?;
            Ok(Done {
                read_as_meant: validated.read_as_meant,
                missing_glyphs: validated.missing_glyphs,
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
    let document = match args.format.spec().shape {
        Shape::Document => {
            Some(DocumentFormat::new(args.format, args.pdf_standard).map_err(anyhow::Error::msg)?)
        }
        _ if args.pdf_standard.is_some() => {
            anyhow::bail!("--pdf-standard applies to --format pdf only")
        }
        _ => None,
    };
    let targets = output_paths(&args.inputs, args.output.as_deref(), args.format)?;
    let mut all_ok = true;
    for (input, target) in args.inputs.iter().zip(targets) {
        let outcome = render_one(engine, input, &target, args.format, document, args.dpi);
        all_ok &= report(input, outcome, as_json);
    }
    Ok(all_ok)
}

/// Where each input's output goes: the file (or project folder) named by `-o`, or with several
/// inputs a folder holding one per input, named after it; without `-o`, beside each input.
/// Several inputs into one file name (`-o out.pdf`) is a usage error: it would overwrite.
fn output_paths(
    inputs: &[PathBuf],
    output: Option<&Path>,
    format: Format,
) -> anyhow::Result<Vec<PathBuf>> {
    let named = |input: &Path, dir: &Path| {
        let stem = input.file_stem().unwrap_or_default();
        dir.join(stem)
            .with_extension(format.spec().extension.unwrap_or_default())
    };
    match output {
        Some(out) if inputs.len() > 1 && looks_like_a_file(out) => anyhow::bail!(
            "{} inputs cannot all be written to {}: give a folder (-o out/) for several inputs",
            inputs.len(),
            out.display()
        ),
        Some(out) if inputs.len() > 1 || out.is_dir() || out.to_string_lossy().ends_with('/') => {
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create folder {}", out.display()))?;
            if format.spec().shape == Shape::Project && inputs.len() == 1 {
                return Ok(vec![out.to_path_buf()]);
            }
            Ok(inputs.iter().map(|i| named(i, out)).collect())
        }
        Some(out) => Ok(vec![out.to_path_buf()]),
        None => Ok(inputs
            .iter()
            .map(|i| named(i, i.parent().unwrap_or(Path::new("."))))
            .collect()),
    }
}

/// Whether a path names a file of one of the output formats (`out.pdf`), not a folder.
fn looks_like_a_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        let e = e.to_ascii_lowercase();
        e == "typ"
            || FORMATS
                .iter()
                .any(|spec| spec.extension == Some(e.as_str()))
    })
}

fn render_one(
    engine: &Engine,
    input: &Path,
    target: &Path,
    format: Format,
    document: Option<DocumentFormat>,
    dpi: f32,
) -> Result<Done, Failure> {
    let value = read_json_file(input)?;
    if format.spec().shape == Shape::Project {
        let project = typst_project(engine, &value)?;
        let files = project.write_to(target).map_err(|e| {
            Failure::new(Stage::Write, format!("无法写出 {}：{e}", target.display()))
        })?;
        return Ok(Done {
            files,
            ..Done::default()
        });
    }
    let write = |path: &Path, bytes: &[u8]| {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::new(Stage::Write, format!("无法创建 {}：{e}", parent.display()))
            })?;
        }
        std::fs::write(path, bytes)
            .map_err(|e| Failure::new(Stage::Write, format!("无法写出 {}：{e}", path.display())))
    };
    if let Some(document) = document {
        let rendered = engine.render(&value, document)?;
        write(target, &rendered.bytes)?;
        return Ok(Done {
            missing_glyphs: rendered.missing_glyphs,
            warnings: rendered.warnings,
            files: vec![target.to_path_buf()],
            ..Done::default()
        });
    }
    let compiled = engine.compile(&value)?;
    let pages: Vec<Vec<u8>> = match format {
        Format::Svg => (0..compiled.typeset.pages().len())
            .filter_map(|i| compiled.svg_page(i).map(String::into_bytes))
            .collect(),
        Format::Png => compiled.png_pages(dpi),
        Format::Pdf | Format::Ofd | Format::OfdA | Format::Docx | Format::Typst => {
            unreachable!("{format} is not written page by page")
        }
    };
    let stem = target.file_stem().unwrap_or_default().to_string_lossy();
    let extension = format.spec().extension.unwrap_or_default();
    // Zero-padded so that the files sort in page order.
    let digits = pages.len().to_string().len();
    let mut files = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let path = target.with_file_name(format!("{stem}-{:0digits$}.{extension}", i + 1));
        write(&path, page)?;
        files.push(path);
    }
    Ok(Done {
        missing_glyphs: compiled.missing_glyphs,
        warnings: compiled.warnings,
        files,
        ..Done::default()
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
                           "read_as_meant": done.read_as_meant,
                           "missing_glyphs": done.missing_glyphs, "warnings": done.warnings})
                );
                return true;
            }
            for note in done.read_as_meant.iter().chain(&done.missing_glyphs) {
                eprintln!("warning: {name}: {note}");
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
