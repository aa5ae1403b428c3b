//! The Typst `World` of one document: cheap to build, borrowing everything the engine shares.

use chrono::{Datelike, NaiveDate};
use typst::diag::FileResult;
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::FontLibrary;

/// Where the files a document imports come from, besides its entry: the template folders (the
/// template set implements it), or a wrapper that notes what was read.
pub trait SourceFiles: Sync {
    /// A file's bytes.
    fn file(&self, id: FileId) -> FileResult<Bytes>;
    /// A Typst source file.
    fn source(&self, id: FileId) -> FileResult<Source>;
}

/// A sandboxed world: the generated entry source, files from the template folder only, the
/// engine's fonts, and the document's own date as “today” so output is reproducible.
pub struct DocumentWorld<'a> {
    library: &'a LazyHash<Library>,
    fonts: &'a FontLibrary,
    files: &'a dyn SourceFiles,
    main: Source,
    today: NaiveDate,
}

impl<'a> DocumentWorld<'a> {
    /// A world compiling `main`, dated `today`, reading its other files from `files`.
    pub fn new(
        library: &'a LazyHash<Library>,
        fonts: &'a FontLibrary,
        files: &'a dyn SourceFiles,
        main: Source,
        today: NaiveDate,
    ) -> Self {
        Self {
            library,
            fonts,
            files,
            main,
            today,
        }
    }
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            self.files.source(id)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            self.today.month() as u8,
            self.today.day() as u8,
        )
    }
}
