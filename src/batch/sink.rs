//! Where a batch's files go: a folder, or a zip written entry by entry as results arrive (to a
//! file for the command line, to memory for the HTTP API).

use std::fs::File;
use std::io::{BufWriter, Cursor, Seek, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Receives the files of a batch, one at a time, in order.
pub trait Sink {
    /// Adds one file.
    fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// Files written into a folder.
pub struct FolderSink(PathBuf);

impl FolderSink {
    /// Creates the folder if needed.
    pub fn create(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Self(dir.to_path_buf()))
    }
}

impl Sink for FolderSink {
    /// Writes the file; a name with folders in it (`01-县档案馆/问题清单.pdf`) makes them.
    fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.0.join(name);
        if let Some(parent) = path.parent().filter(|p| *p != self.0) {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }
}

/// A zip archive being written.
pub struct ZipSink<W: Write + Seek>(ZipWriter<W>);

impl<W: Write + Seek> ZipSink<W> {
    /// A zip written to `writer`.
    pub fn new(writer: W) -> Self {
        Self(ZipWriter::new(writer))
    }

    /// Writes the central directory and hands back the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.0.finish().map_err(std::io::Error::other)
    }
}

impl<W: Write + Seek> Sink for ZipSink<W> {
    fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        // PDFs are stored as they are: their streams are compressed already, deflating them
        // again saves about 12 % and would make this single writer the bottleneck of a batch.
        // An OFD is a zip itself.
        let method = if name.ends_with(".pdf") || name.ends_with(".ofd") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        // A fixed time stamp keeps the zip itself byte-identical across runs.
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        self.0
            .start_file(name, options)
            .map_err(std::io::Error::other)?;
        self.0.write_all(bytes)
    }
}

/// A zip in memory, for HTTP responses.
pub type MemoryZip = ZipSink<Cursor<Vec<u8>>>;

impl MemoryZip {
    /// An empty in-memory zip.
    pub fn in_memory() -> Self {
        Self::new(Cursor::new(Vec::new()))
    }
}

/// A zip file built under `NAME.partial` and renamed to its real name when complete, so that an
/// interrupted run never leaves a truncated zip under the real name.
pub struct ZipFileSink {
    zip: ZipSink<BufWriter<File>>,
    partial: PathBuf,
    target: PathBuf,
}

impl ZipFileSink {
    /// Starts the zip file at `target`.
    pub fn create(target: &Path) -> std::io::Result<Self> {
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut partial = target.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial)?;
        Ok(Self {
            zip: ZipSink::new(BufWriter::new(file)),
            partial,
            target: target.to_path_buf(),
        })
    }

    /// Closes the zip and gives it its real name.
    pub fn finish(self) -> std::io::Result<()> {
        let mut file = self.zip.finish()?;
        file.flush()?;
        file.get_ref().sync_all()?;
        drop(file);
        std::fs::rename(&self.partial, &self.target)
    }
}

impl Sink for ZipFileSink {
    fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.zip.add(name, bytes)
    }
}

/// Whether `out` names a zip file rather than a folder.
pub fn is_zip_path(out: &Path) -> bool {
    out.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}
