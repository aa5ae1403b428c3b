//! Archival and exchange exports next to the PDF, and the typst CLI as a peer.
//!
//! For every sample: the size of its PDF, PDF/A-2b and OFD and the median time to export each
//! from the laid-out pages (warm engine, one thread); then, when the typst CLI is installed
//! (`cargo install typst-cli --version 0.15.1 --locked`), the document's exported Typst project
//! compiled by `typst compile` next to a cold `xuncha render` of the same document, both as
//! whole processes, with the page count and the text (poppler's `pdftotext`) of both PDFs
//! compared.
//!
//! ```text
//! cargo bench --bench exports -- --runs 10
//! ```

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::sample_paths;
use xuncha::engine::project::{MAIN, typst_project};
use xuncha::export::ofd::{OfdDocType, OfdOptions, ofd};
use xuncha::export::pdf_standard::PdfStandard;
use xuncha::{Engine, EngineConfig};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(10);
    let engine = Engine::new(&EngineConfig::bundled()).expect("engine starts");
    let samples = sample_paths();

    println!("exports: median of {runs} runs, one thread, warm engine");
    println!(
        "| sample | pages | PDF KiB | PDF ms | PDF/A-2b KiB | PDF/A-2b ms | OFD KiB | OFD ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for path in &samples {
        let input: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let compiled = engine.compile(&input).unwrap();
        let options = OfdOptions {
            doc_type: OfdDocType::Ofd,
            creation_date: compiled.document.common().signature.date.parse(),
        };
        let (pdf, pdf_time) = median(runs, || compiled.pdf().unwrap());
        let (pdf_a, pdf_a_time) = median(runs, || {
            compiled.pdf_with_standard(PdfStandard::A2b).unwrap()
        });
        let (ofd_bytes, ofd_time) = median(runs, || ofd(&compiled.typeset, &options).unwrap());
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
            stem(path),
            compiled.typeset.pages().len(),
            kib(pdf.len()),
            ms(pdf_time),
            kib(pdf_a.len()),
            ms(pdf_a_time),
            kib(ofd_bytes.len()),
            ms(ofd_time),
        );
    }

    if Command::new("typst").arg("--version").output().is_err() {
        println!(
            "\ntypst CLI not found: install it with \
             `cargo install typst-cli --version 0.15.1 --locked` for the peer comparison"
        );
        return;
    }
    let version = Command::new("typst").arg("--version").output().unwrap();
    println!(
        "\npeer: {} vs a cold `xuncha render`, whole processes, median of {runs} runs",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    println!(
        "| sample | pages (xuncha / typst) | same text | xuncha ms | typst ms | typst ÷ xuncha |"
    );
    println!("|---|---|---|---:|---:|---:|");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let work = tempfile::tempdir().unwrap();
    for path in &samples {
        let input: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let project_dir = work.path().join(stem(path));
        let project = typst_project(&engine, &input).unwrap();
        project.write_to(&project_dir).unwrap();
        let ours = work.path().join(format!("{}-xuncha.pdf", stem(path)));
        let theirs = work.path().join(format!("{}-typst.pdf", stem(path)));
        let (_, xuncha_time) = median(runs, || {
            let output = Command::new(env!("CARGO_BIN_EXE_xuncha"))
                .arg("render")
                .arg(path)
                .arg("-o")
                .arg(&ours)
                .output()
                .unwrap();
            assert!(output.status.success());
        });
        let (_, typst_time) = median(runs, || {
            let output = Command::new("typst")
                .arg("compile")
                .arg(project_dir.join(MAIN))
                .arg(&theirs)
                .arg("--font-path")
                .arg(&fonts)
                .arg("--ignore-system-fonts")
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        });
        let (our_pages, their_pages) = (pages(&ours), pages(&theirs));
        let same_text = text(&ours) == text(&theirs);
        println!(
            "| {} | {our_pages} / {their_pages} | {} | {:.0} | {:.0} | {:.2} |",
            stem(path),
            if same_text { "yes" } else { "NO" },
            ms(xuncha_time),
            ms(typst_time),
            typst_time.as_secs_f64() / xuncha_time.as_secs_f64(),
        );
    }
}

/// The result of the last run and the median time of `runs` runs of `work`.
fn median<T>(runs: usize, mut work: impl FnMut() -> T) -> (T, Duration) {
    let mut times = Vec::with_capacity(runs);
    let mut result = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        result = Some(work());
        times.push(started.elapsed());
    }
    times.sort();
    (result.unwrap(), times[times.len() / 2])
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

/// Pages of a PDF, as poppler's `pdfinfo` counts them.
fn pages(pdf: &Path) -> usize {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The text of a PDF as poppler's `pdftotext` reads it.
fn text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}
