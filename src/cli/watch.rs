//! `xuncha watch`: recompile a document whenever its data or any template file changes, with
//! the engine kept warm between saves.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::{Value, json};

use xuncha::Engine;
use xuncha::failure::Failure;
use xuncha::template::MANIFEST;
use xuncha::watch::{ChangeWatcher, QUIET_PERIOD};

/// Options of `xuncha watch`.
#[derive(Args)]
pub struct WatchArgs {
    /// A data file (`DATA.json`), or a template (its folder or name) to preview with its sample.
    #[arg(value_name = "TEMPLATE_OR_DATA.json")]
    target: String,
    /// Where to write the PDF.
    #[arg(short, long, value_name = "OUT.pdf")]
    output: PathBuf,
}

/// What `watch` renders.
enum Target {
    /// A data file, rendered as it says.
    Data(PathBuf),
    /// A template's sample, rendered with that template.
    Template { name: String, sample: PathBuf },
}

impl Target {
    fn data_path(&self) -> &Path {
        match self {
            Target::Data(path) => path,
            Target::Template { sample, .. } => sample,
        }
    }

    fn read(&self) -> Result<Value, Failure> {
        let mut value = xuncha::batch::input::read_json_file(self.data_path())?;
        if let Target::Template { name, .. } = self {
            value["template"] = json!(name);
        }
        Ok(value)
    }
}

/// The template folder a `watch` target lives in, if it is a template folder; it is added to
/// the user's template folders so that `watch templates/my-feedback` works on its own.
pub fn template_folder_of(args: &WatchArgs) -> Option<PathBuf> {
    let path = Path::new(&args.target);
    if path.join(MANIFEST).is_file() {
        path.canonicalize().ok()?.parent().map(Path::to_path_buf)
    } else {
        None
    }
}

/// Renders once, then again after every change, until interrupted.
pub fn run(engine: &Engine, args: &WatchArgs) -> anyhow::Result<bool> {
    let target = resolve_target(engine, &args.target)?;
    let mut watched: Vec<PathBuf> = engine
        .templates()
        .folders()
        .map(Path::to_path_buf)
        .collect();
    watched.push(target.data_path().to_path_buf());
    let watcher = ChangeWatcher::new(&watched, QUIET_PERIOD).context("cannot watch the files")?;
    eprintln!(
        "watching {} and the template folders; Ctrl-C to stop",
        target.data_path().display()
    );
    render(engine, &target, &args.output);
    loop {
        let Some(changed) = watcher.next_change(Duration::from_secs(3600)) else {
            continue;
        };
        let data = target.data_path().canonicalize().ok();
        if changed.iter().any(|p| Some(p) != data.as_ref()) {
            match engine.reload_templates() {
                Ok(_) => {}
                Err(error) => {
                    eprintln!("templates not reloaded: {error}");
                    continue;
                }
            }
        }
        render(engine, &target, &args.output);
    }
}

/// A data file, a template folder, or a template name.
fn resolve_target(engine: &Engine, target: &str) -> anyhow::Result<Target> {
    let path = Path::new(target);
    let templates = engine.templates();
    let name = if path.join(MANIFEST).is_file() {
        path.canonicalize()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    } else if path.is_file() {
        return Ok(Target::Data(path.to_path_buf()));
    } else {
        Some(target.to_string())
    };
    match name.as_deref().and_then(|n| templates.get(n)) {
        Some(template) => Ok(Target::Template {
            name: template.name().to_string(),
            sample: template.sample_path(),
        }),
        None => bail!("{target} is neither a data file nor a template (see xuncha templates list)"),
    }
}

fn render(engine: &Engine, target: &Target, output: &Path) {
    let started = Instant::now();
    let outcome = target.read().and_then(|value| {
        let rendered = engine.render_pdf(&value)?;
        std::fs::write(output, &rendered.bytes).map_err(|e| {
            Failure::new(
                xuncha::failure::Stage::Write,
                format!("无法写出 {}：{e}", output.display()),
            )
        })?;
        Ok(rendered)
    });
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Ok(rendered) => {
            for warning in &rendered.warnings {
                eprintln!("{warning}");
            }
            eprintln!(
                "ok ({} pages, {ms:.0} ms) → {}",
                rendered.pages.expect("a PDF is laid out"),
                output.display()
            );
        }
        Err(failure) => {
            for line in failure.lines() {
                eprintln!("{line}");
            }
        }
    }
}
