//! Where a batch's files go: a folder, or a zip written entry by entry as results arrive.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The output of a batch.
pub enum Sink {
    /// Files written into a folder.
    Folder(PathBuf),
    /// A zip built in `partial` and renamed to `target` when complete, so that an interrupted
    /// run never leaves a truncated zip under the real name.
    Zip {
        /// The zip being written.
        writer: Box<ZipWriter<BufWriter<File>>>,
        /// Its temporary path.
        partial: PathBuf,
        /// Its final path.
        target: PathBuf,
    },
}

impl Sink {
    /// A zip when `out` ends in `.zip`, else a folder (created if needed).
    pub fn create(out: &Path) -> std::io::Result<Self> {
        let is_zip = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if !is_zip {
            std::fs::create_dir_all(out)?;
            return Ok(Sink::Folder(out.to_path_buf()));
        }
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut partial = out.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial)?;
        Ok(Sink::Zip {
            writer: Box::new(ZipWriter::new(BufWriter::new(file))),
            partial,
            target: out.to_path_buf(),
        })
    }

    /// Adds one file.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Folder(dir) => std::fs::write(dir.join(name), bytes),
            Sink::Zip { writer, .. } => {
                // A fixed time stamp keeps the zip itself byte-identical across runs.
                let options = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .last_modified_time(DateTime::default())
                    .unix_permissions(0o644);
                writer
                    .start_file(name, options)
                    .map_err(std::io::Error::other)?;
                writer.write_all(bytes)
            }
        }
    }

    /// Finishes the output: closes and renames the zip. Returns where the files are.
    pub fn finish(self) -> std::io::Result<PathBuf> {
        match self {
            Sink::Folder(dir) => Ok(dir),
            Sink::Zip {
                writer,
                partial,
                target,
            } => {
                let mut file = writer.finish().map_err(std::io::Error::other)?;
                file.flush()?;
                file.get_ref().sync_all()?;
                drop(file);
                std::fs::rename(&partial, &target)?;
                Ok(target)
            }
        }
    }
}
