//! The Typst `World` of one document: cheap to build, borrowing everything the engine shares.

use chrono::{Datelike, NaiveDate};
use typst::diag::FileResult;
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::FontLibrary;
use crate::template::TemplateSet;

/// A sandboxed world: the generated entry source, files from the template folder only, the
/// engine's fonts, and the document's own date as “today” so output is reproducible.
pub struct DocumentWorld<'a> {
    library: &'a LazyHash<Library>,
    fonts: &'a FontLibrary,
    templates: &'a TemplateSet,
    main: Source,
    today: NaiveDate,
}

impl<'a> DocumentWorld<'a> {
    /// A world compiling `main`, dated `today`.
    pub fn new(
        library: &'a LazyHash<Library>,
        fonts: &'a FontLibrary,
        templates: &'a TemplateSet,
        main: Source,
        today: NaiveDate,
    ) -> Self {
        Self {
            library,
            fonts,
            templates,
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
            self.templates.source(id)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.templates.file(id)
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
