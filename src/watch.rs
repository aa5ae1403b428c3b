//! Watching template folders and data files: one notification per burst of changes.
//!
//! Editors save in bursts (write a temporary file, rename it, touch the folder); the debouncer
//! from `notify-debouncer-mini` folds a burst into one event once the files have been quiet for
//! a moment, so `xuncha watch` and the server recompile or reload once per save. The operating
//! system also reports files being read (as every render reads the templates); a path counts as
//! changed only when its size or modification time did, so reading never triggers a render.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

/// How long files must be quiet before a burst of changes is reported.
pub const QUIET_PERIOD: Duration = Duration::from_millis(150);

/// Something being watched.
#[derive(Debug, Clone)]
enum Watched {
    /// A folder and everything below it.
    Folder(PathBuf),
    /// One file (its folder is watched, so that editors that replace the file are seen).
    File(PathBuf),
}

/// Watches folders and files and reports changes to them, a burst at a time.
pub struct ChangeWatcher {
    _debouncer: Debouncer<RecommendedWatcher>,
    events: Receiver<DebounceEventResult>,
    watched: Vec<Watched>,
    /// Size and modification time of every file seen, to tell writes from reads.
    seen: RefCell<HashMap<PathBuf, Option<Stamp>>>,
}

/// What identifies a version of a file.
type Stamp = (u64, SystemTime);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl ChangeWatcher {
    /// Starts watching `paths` (folders recursively, files individually), reporting a burst once
    /// the files have been quiet for `quiet_period`.
    pub fn new(paths: &[PathBuf], quiet_period: Duration) -> std::io::Result<Self> {
        let (sender, events) = mpsc::channel();
        let mut debouncer = new_debouncer(quiet_period, sender).map_err(std::io::Error::other)?;
        let mut watched = Vec::new();
        for path in paths {
            let path = path.canonicalize()?;
            let (target, mode, entry) = if path.is_dir() {
                (
                    path.clone(),
                    RecursiveMode::Recursive,
                    Watched::Folder(path),
                )
            } else {
                let folder = path.parent().unwrap_or(Path::new("/")).to_path_buf();
                (folder, RecursiveMode::NonRecursive, Watched::File(path))
            };
            debouncer
                .watcher()
                .watch(&target, mode)
                .map_err(std::io::Error::other)?;
            watched.push(entry);
        }
        let mut seen = HashMap::new();
        for entry in &watched {
            let files = match entry {
                Watched::Folder(folder) => crate::walk::files_below(folder, &|_| true)?,
                Watched::File(file) => vec![file.clone()],
            };
            for file in files {
                let version = stamp(&file);
                seen.insert(file, version);
            }
        }
        Ok(Self {
            _debouncer: debouncer,
            events,
            watched,
            seen: RefCell::new(seen),
        })
    }

    /// Waits up to `timeout` for a burst of changes to the watched paths and returns the paths
    /// that changed (bursts already queued are merged in); `None` when nothing changed.
    pub fn next_change(&self, timeout: Duration) -> Option<Vec<PathBuf>> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let burst = match self.events.recv_timeout(left) {
                Ok(burst) => burst,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            let mut changed = self.relevant(burst);
            while let Ok(more) = self.events.try_recv() {
                changed.extend(self.relevant(more));
            }
            if !changed.is_empty() {
                changed.sort();
                changed.dedup();
                return Some(changed);
            }
        }
    }

    /// The paths of a burst that belong to what is watched and were written, created or
    /// removed (not merely read).
    fn relevant(&self, burst: DebounceEventResult) -> Vec<PathBuf> {
        let Ok(events) = burst else {
            return Vec::new();
        };
        let mut seen = self.seen.borrow_mut();
        events
            .into_iter()
            .map(|e| e.path)
            .filter(|path| !path.is_dir())
            .filter(|path| {
                self.watched.iter().any(|w| match w {
                    Watched::Folder(folder) => path.starts_with(folder),
                    Watched::File(file) => path == file,
                })
            })
            .filter(|path| {
                let now = stamp(path);
                seen.insert(path.clone(), now) != Some(now)
            })
            .collect()
    }
}
