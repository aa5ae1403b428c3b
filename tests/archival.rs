//! Archival and exchange exports: PDF/A and PDF/UA through typst-pdf (checked with the
//! hayro-syntax PDF parser and, for PDF/A-1b, Apache PDFBox's Preflight validator), and a
//! document's Typst project (compiled again from its folder alone).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use hayro_syntax::Pdf;
use hayro_syntax::object::{Array, Dict, Name, Stream};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_layout::PagedDocument;
use xuncha::Compiled;
use xuncha::engine::project::{MAIN, typst_project};
use xuncha::export::pdf_standard::PdfStandard;

fn compiled_samples() -> Vec<(String, Compiled)> {
    sample_files()
        .into_iter()
        .map(|file| {
            let input = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            (name, engine().compile(&input).unwrap())
        })
        .collect()
}

/// The catalog's `OutputIntents` subtypes and the XMP metadata of a PDF.
fn identification(pdf: &[u8]) -> (Vec<String>, String) {
    let pdf = Pdf::new(pdf.to_vec()).expect("the PDF parses");
    let catalog: Dict = pdf.xref().get(pdf.xref().root_id()).expect("a catalog");
    let intents: Vec<String> = catalog
        .get::<Array>(b"OutputIntents".as_slice())
        .map(|array| {
            array
                .iter::<Dict>()
                .filter_map(|intent| intent.get::<Name>(b"S".as_slice()))
                .map(|name| name.as_str().to_string())
                .collect()
        })
        .unwrap_or_default();
    let xmp = catalog
        .get::<Stream>(b"Metadata".as_slice())
        .map(|stream| String::from_utf8_lossy(&stream.decoded().unwrap()).into_owned())
        .unwrap_or_default();
    (intents, xmp)
}

/// Whether the XMP says `key` is `value`, as an element or as an attribute.
fn xmp_says(xmp: &str, key: &str, value: &str) -> bool {
    xmp.contains(&format!("<{key}>{value}</{key}>")) || xmp.contains(&format!("{key}=\"{value}\""))
}

#[test]
fn pdf_a_2b_exports_of_every_sample_identify_themselves() {
    for (name, compiled) in compiled_samples() {
        let pdf = compiled
            .pdf_with_standard(PdfStandard::A2b)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let (intents, xmp) = identification(&pdf);
        assert!(
            intents.iter().any(|s| s == "GTS_PDFA1"),
            "{name}: no PDF/A OutputIntent ({intents:?})"
        );
        assert!(xmp_says(&xmp, "pdfaid:part", "2"), "{name}: {xmp}");
        assert!(xmp_says(&xmp, "pdfaid:conformance", "B"), "{name}: {xmp}");
    }
    // The plain PDF claims nothing.
    let (_, compiled) = &compiled_samples()[0];
    let (intents, xmp) = identification(&compiled.pdf().unwrap());
    assert!(intents.is_empty() && !xmp.contains("pdfaid:part"));
}

#[test]
fn a_2u_and_ua_1_are_claimed() {
    let compiled = engine().compile(&sample("rec-02-minimal.json")).unwrap();
    let (_, xmp) = identification(&compiled.pdf_with_standard(PdfStandard::A2u).unwrap());
    assert!(xmp_says(&xmp, "pdfaid:part", "2") && xmp_says(&xmp, "pdfaid:conformance", "U"));
    let (_, xmp) = identification(&compiled.pdf_with_standard(PdfStandard::Ua1).unwrap());
    assert!(xmp_says(&xmp, "pdfuaid:part", "1"), "{xmp}");
}

#[test]
fn a_transparent_seal_cannot_be_pdf_a_1b_and_the_error_says_why() {
    let compiled = engine()
        .compile(&sample("rec-03-finance-standard-long.json"))
        .unwrap();
    assert!(
        !images(&compiled.typeset).is_empty(),
        "the sample has its seal image"
    );
    let error = compiled
        .pdf_with_standard(PdfStandard::A1b)
        .expect_err("PDF/A-1b forbids transparency")
        .to_string();
    assert!(error.contains("PDF/A-1b"), "{error}");
    assert!(error.to_lowercase().contains("transparen"), "{error}");
}

/// The class path of Debian's PDFBox 2 with Preflight, if it is installed.
fn preflight_class_path() -> Option<String> {
    let jars = [
        "preflight",
        "pdfbox2",
        "xmpbox",
        "fontbox2",
        "commons-logging",
        "javax.activation",
        "jaxb-api",
    ];
    let paths: Vec<PathBuf> = jars
        .iter()
        .map(|jar| Path::new("/usr/share/java").join(format!("{jar}.jar")))
        .collect();
    paths.iter().all(|p| p.is_file()).then(|| {
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(":")
    })
}

#[test]
fn pdfbox_preflight_accepts_pdf_a_1b_of_every_sample_without_a_seal_image() {
    let class_path = preflight_class_path();
    if !tools::required(
        "PDFBox Preflight",
        class_path.is_some(),
        "apt-get install libpdfbox2-java libactivation-java libjaxb-api-java",
    ) {
        return;
    }
    let class_path = class_path.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut accepted, mut only_destinations) = (0, 0);
    for (name, compiled) in compiled_samples() {
        if !images(&compiled.typeset).is_empty() {
            continue;
        }
        let pdf = compiled
            .pdf_with_standard(PdfStandard::A1b)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let output = Command::new("java")
            .args([
                "-cp",
                &class_path,
                "org.apache.pdfbox.preflight.Validator_A1b",
            ])
            .arg(&path)
            .output()
            .expect("java runs");
        let report = String::from_utf8_lossy(&output.stdout);
        if output.status.success() && report.contains("is a valid PDF/A-1b file") {
            accepted += 1;
        } else {
            // PDFBox 2.0.27 does not follow an outline item's /Dest when it is an indirect
            // reference (valid PDF, as krilla writes the bookmarks of headings) and reports
            // "1.2.3 : Body Syntax error, Error: can't convert to Destination COSObject{…}".
            // That and only that is tolerated; any other finding fails.
            let findings: Vec<&str> = report
                .lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
                .collect();
            let other: Vec<&&str> = findings
                .iter()
                .filter(|l| !l.contains("can't convert to Destination COSObject"))
                .collect();
            assert!(
                !findings.is_empty() && other.is_empty(),
                "{name}: Preflight says\n{report}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            only_destinations += 1;
        }
    }
    eprintln!(
        "Preflight: {accepted} accepted, {only_destinations} with only PDFBox's outline \
         destination complaint"
    );
    assert!(accepted >= 3, "only {accepted} samples accepted outright");
}

// ---------------------------------------------------------------------------------------------
// The Typst project of a document.

/// A world that sees only a project folder (and xuncha's fonts), as the typst CLI would.
struct FolderWorld {
    root: PathBuf,
    main: FileId,
    library: LazyHash<Library>,
}

impl World for FolderWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        engine().fonts().book()
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id
            .get()
            .vpath()
            .realize(&self.root)
            .map_err(FileError::Realize)?;
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &path))
    }
    fn font(&self, index: usize) -> Option<Font> {
        engine().fonts().font(index)
    }
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Every text run's text, page by page.
fn texts(layout: &PagedDocument) -> Vec<Vec<String>> {
    let (runs, _) = items(layout);
    let mut pages = vec![Vec::new(); layout.pages().len()];
    for run in runs {
        pages[run.page].push(run.text);
    }
    pages
}

#[test]
fn a_documents_typst_project_compiles_from_its_folder_to_the_same_pages() {
    use typst::LibraryExt;
    for file in sample_files() {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let input = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let project = typst_project(engine(), &input).unwrap_or_else(|e| panic!("{name}: {e}"));
        let paths: Vec<&str> = project.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths[0], MAIN);
        for expected in ["lib/gongwen.typ", "lib/fonts.toml"] {
            assert!(paths.contains(&expected), "{name}: {paths:?}");
        }
        assert!(
            paths
                .iter()
                .all(|p| !p.starts_with('/') && !p.contains(".."))
        );
        let compiled = engine().compile(&input).unwrap();
        let sealed = !images(&compiled.typeset).is_empty();
        assert_eq!(
            sealed,
            paths.iter().any(|p| p.starts_with("seals/")),
            "{name}: {paths:?}"
        );

        let dir = tempfile::tempdir().unwrap();
        let written = project.write_to(dir.path()).unwrap();
        assert_eq!(written.len(), project.files.len());
        let main = typst::syntax::RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new(format!("/{MAIN}")).unwrap(),
        )
        .intern();
        // No `sys.inputs`, as under the typst CLI: the font chains stay whole.
        let world = FolderWorld {
            root: dir.path().to_path_buf(),
            main,
            library: LazyHash::new(Library::builder().build()),
        };
        let layout = typst::compile::<PagedDocument>(&world)
            .output
            .unwrap_or_else(|e| panic!("{name}: the project does not compile: {e:?}"));
        assert_eq!(layout.pages().len(), project.pages, "{name}");
        assert_eq!(
            texts(&layout),
            texts(&compiled.typeset),
            "{name}: the text differs"
        );
    }
}
