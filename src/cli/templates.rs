//! `xuncha templates list | new | check`: what templates there are, a new one to start from, and
//! a check that each renders its sample cleanly.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Subcommand;
use serde_json::{Value, json};

use xuncha::Engine;
use xuncha::template::{MANIFEST, Template, is_valid_name};

/// `xuncha templates …`.
#[derive(Subcommand)]
pub enum TemplatesCommand {
    /// List every template: name, kind, version and folder.
    List,
    /// Copy a template into your template folder (`--templates DIR`, default ./templates) to
    /// start a new one.
    New {
        /// Name of the new template (a-z, 0-9, _ and -).
        name: String,
        /// The template (or kind) to copy.
        #[arg(long, value_name = "TEMPLATE")]
        from: String,
    },
    /// Render every template with its sample data; fail on any error or warning.
    Check,
}

/// Runs a `templates` command; `Ok(false)` when a check failed.
pub fn run(
    engine: &Engine,
    command: &TemplatesCommand,
    user_folder: Option<&Path>,
    as_json: bool,
) -> anyhow::Result<bool> {
    match command {
        TemplatesCommand::List => {
            list(engine, as_json);
            Ok(true)
        }
        TemplatesCommand::New { name, from } => {
            new_template(
                engine,
                name,
                from,
                user_folder.unwrap_or(Path::new("templates")),
            )?;
            Ok(true)
        }
        TemplatesCommand::Check => Ok(check(engine, as_json)),
    }
}

fn list(engine: &Engine, as_json: bool) {
    let templates = engine.templates();
    if as_json {
        let rows: Vec<Value> = templates
            .templates()
            .map(|t| {
                json!({
                    "name": t.name(),
                    "doc_kind": t.kind.as_str(),
                    "version": t.manifest.version,
                    "description": t.manifest.description,
                    "default_layout": t.manifest.default_layout,
                    "builtin": t.builtin,
                    "folder": t.folder,
                })
            })
            .collect();
        println!(
            "{}",
            json!({"templates": rows, "load_errors": templates.load_errors()})
        );
        return;
    }
    println!(
        "{:<28} {:<27} {:<9} {:<8} FOLDER",
        "NAME", "KIND", "VERSION", "SOURCE"
    );
    for t in templates.templates() {
        println!(
            "{:<28} {:<27} {:<9} {:<8} {}",
            t.name(),
            t.kind.as_str(),
            t.manifest.version,
            if t.builtin { "built-in" } else { "user" },
            t.folder.display()
        );
    }
}

fn new_template(engine: &Engine, name: &str, from: &str, folder: &Path) -> anyhow::Result<()> {
    let templates = engine.templates();
    let Some(source) = templates.get(from) else {
        let names: Vec<&str> = templates.templates().map(Template::name).collect();
        bail!("no template named {from}; there are: {}", names.join(", "));
    };
    if !is_valid_name(name) {
        bail!("a template name uses only a-z, 0-9, _ and -: {name:?}");
    }
    let target = folder.join(name);
    if target.exists() {
        bail!("{} already exists", target.display());
    }
    copy_folder(&source.folder, &target)?;
    let manifest_path = target.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest_path)?;
    let description = format!("based on {from} {}", source.manifest.version);
    std::fs::write(&manifest_path, renamed_manifest(&text, name, &description))?;
    // The copied sample asks for the new template, so that checking it renders the new one.
    let sample_path = target.join(&source.manifest.sample);
    if let Ok(text) = std::fs::read_to_string(&sample_path) {
        let mut sample: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", sample_path.display()))?;
        sample["template"] = json!(name);
        std::fs::write(&sample_path, serde_json::to_string_pretty(&sample)? + "\n")?;
    }
    let dir = folder.display();
    eprintln!("created {} from {from}", target.display());
    eprintln!(
        "  edit     {}",
        target.join(&source.manifest.entry).display()
    );
    eprintln!(
        "  preview  xuncha --templates {dir} watch {} -o preview.pdf",
        target.display()
    );
    eprintln!("  check    xuncha --templates {dir} templates check");
    eprintln!("  use it   \"template\": \"{name}\" in a document");
    Ok(())
}

/// The manifest text with a new name, version 0.1.0 and description; other lines (and
/// comments) stay as they were.
fn renamed_manifest(text: &str, name: &str, description: &str) -> String {
    let mut out = String::new();
    let mut has_description = false;
    for line in text.lines() {
        let key = line.split('=').next().unwrap_or_default().trim();
        let replaced = match key {
            "name" => Some(toml_line("name", name)),
            "version" => Some(toml_line("version", "0.1.0")),
            "description" => {
                has_description = true;
                Some(toml_line("description", description))
            }
            _ => None,
        };
        out.push_str(replaced.as_deref().unwrap_or(line));
        out.push('\n');
    }
    if !has_description {
        out.push_str(&toml_line("description", description));
        out.push('\n');
    }
    out
}

/// `key = "value"` with the value quoted as TOML wants.
fn toml_line(key: &str, value: &str) -> String {
    format!("{key} = {}", toml::Value::from(value))
}

fn copy_folder(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_folder(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy to {}", target.display()))?;
        }
    }
    Ok(())
}

/// Renders every template's sample; returns whether all rendered with no warning.
fn check(engine: &Engine, as_json: bool) -> bool {
    let templates = engine.templates();
    let mut all_ok = true;
    for error in templates.load_errors() {
        all_ok = false;
        report(as_json, "(not loaded)", Err(vec![error.to_string()]));
    }
    for template in templates.templates() {
        let outcome = check_one(engine, template);
        all_ok &= outcome.is_ok();
        report(as_json, template.name(), outcome);
    }
    all_ok
}

/// Renders one template's sample: `(pages, milliseconds)`, or every error and warning.
fn check_one(engine: &Engine, template: &Template) -> Result<(usize, f64), Vec<String>> {
    let path = template.sample_path();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| vec![format!("cannot read the sample {}: {e}", path.display())])?;
    let mut sample: Value = serde_json::from_str(&text)
        .map_err(|e| vec![format!("the sample {} is not JSON: {e}", path.display())])?;
    sample["template"] = json!(template.name());
    let started = Instant::now();
    let rendered = engine
        .render_pdf(&sample)
        .map_err(|e| xuncha::failure::Failure::from(e).lines())?;
    let mut findings: Vec<String> = rendered.warnings.iter().map(ToString::to_string).collect();
    findings.extend(
        rendered
            .missing_glyphs
            .iter()
            .map(|p| format!("warning: {p}")),
    );
    if findings.is_empty() {
        let pages = rendered.pages.expect("a PDF is laid out");
        Ok((pages, started.elapsed().as_secs_f64() * 1000.0))
    } else {
        Err(findings)
    }
}

fn report(as_json: bool, name: &str, outcome: Result<(usize, f64), Vec<String>>) {
    match (as_json, outcome) {
        (true, Ok((pages, ms))) => {
            println!(
                "{}",
                json!({"template": name, "status": "ok", "pages": pages, "ms": ms})
            );
        }
        (true, Err(errors)) => {
            println!(
                "{}",
                json!({"template": name, "status": "error", "errors": errors})
            );
        }
        (false, Ok((pages, ms))) => eprintln!("ok {name} ({pages} pages, {ms:.0} ms)"),
        (false, Err(errors)) => {
            eprintln!("error {name}");
            for error in errors {
                eprintln!("  {}", error.replace('\n', "\n  "));
            }
        }
    }
}
