//! Output files: written through `PATH.partial` and renamed into place when complete, counted
//! and fsynced for resume checkpoints; devices and pipes are written in place.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::error::{fail, BatchError, Context};
use crate::fs::AtomicFile;

/// The default rejects file next to an output file: `out.jsonl` -> `out.rejects.jsonl`,
/// `out.nt` -> `out.nt.rejects.jsonl`.
pub fn default_rejects_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".jsonl").unwrap_or(&name);
    output.with_file_name(format!("{stem}.rejects.jsonl"))
}

/// Checks, before any input is read, that a file can be created at `path`: its directory
/// exists and it is not itself a directory. `flag` names the option in the message
/// (`--stats`). A run that would fail only at its end, after hours of work, fails at once.
pub fn check_output_path(path: &Path, flag: &str) -> Result<(), BatchError> {
    if path.is_dir() {
        fail!("{flag} {}: is a directory, not a file", path.display());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        fail!(
            "{flag} {}: the directory {} does not exist",
            path.display(),
            dir.display()
        );
    }
    Ok(())
}

pub(crate) use crate::fs::with_suffix;

/// The temporary name of an output or rejects file while a run writes it.
const PARTIAL: &str = ".partial";

/// Where a file's bytes go.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// Standard output (or standard error for rejects).
    Std,
    /// A device, pipe or other non-regular file: written in place.
    Direct(PathBuf),
    /// A regular file: written to `partial` and renamed into place when complete.
    Atomic { path: PathBuf, partial: PathBuf },
    /// A directory of files, managed by the sink itself (`--format neo4j`).
    Dir(PathBuf),
}

impl Target {
    pub(crate) fn for_path(path: &Path) -> Target {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => Target::Direct(path.to_path_buf()),
            _ => Target::Atomic {
                path: path.to_path_buf(),
                partial: with_suffix(path, PARTIAL),
            },
        }
    }

    pub(crate) fn name(&self) -> String {
        match self {
            Target::Std => "stdout".into(),
            Target::Direct(p) | Target::Atomic { path: p, .. } | Target::Dir(p) => {
                p.display().to_string()
            }
        }
    }

    /// Opens the file to write: `keep` bytes of an existing partial file are kept (resume).
    fn open(&self, keep: Option<u64>) -> Result<Option<File>, BatchError> {
        match self {
            Target::Std | Target::Dir(_) => Ok(None),
            Target::Direct(p) => {
                let f = OpenOptions::new()
                    .write(true)
                    .open(p)
                    .context_with(|| format!("cannot open {}", p.display()))?;
                Ok(Some(f))
            }
            Target::Atomic { path, .. } => {
                let f = match keep {
                    Some(len) => AtomicFile::resume(path, PARTIAL, len)?,
                    None => AtomicFile::create(path, PARTIAL)?,
                };
                // The file is renamed by [`Target::commit`] once the run is complete.
                Ok(Some(f.file().try_clone()?))
            }
        }
    }

    /// Renames the partial file into place.
    pub(crate) fn commit(&self) -> Result<(), BatchError> {
        if let Target::Atomic { path, partial } = self {
            crate::fs::commit_temp(partial, path)?;
        }
        Ok(())
    }
}

/// A file writer that counts the bytes it passed on.
struct Counted {
    file: File,
    count: Arc<AtomicU64>,
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// What checkpoints need of an open file: a second handle for fsync, and the bytes written.
pub(crate) struct FileMeta {
    pub(crate) sync: Option<File>,
    pub(crate) count: Arc<AtomicU64>,
}

impl FileMeta {
    pub(crate) fn sync(&self) -> io::Result<()> {
        self.sync.as_ref().map_or(Ok(()), File::sync_data)
    }
}

/// Opens a target: the writer (buffered), and its [`FileMeta`].
pub(crate) fn open_target(
    target: &Target,
    keep: Option<u64>,
) -> Result<(Box<dyn Write + Send>, FileMeta), BatchError> {
    let count = Arc::new(AtomicU64::new(keep.unwrap_or(0)));
    let Some(file) = target.open(keep)? else {
        let meta = FileMeta { sync: None, count };
        return Ok((
            Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
            meta,
        ));
    };
    // A device or a pipe has nothing to make durable, and fsync fails there (EINVAL on
    // /dev/null): only regular files are synced at checkpoints.
    let sync = match target {
        Target::Direct(_) => None,
        _ => file.try_clone().ok(),
    };
    let writer = Box::new(BufWriter::with_capacity(
        1 << 16,
        Counted {
            file,
            count: count.clone(),
        },
    ));
    Ok((writer, FileMeta { sync, count }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_sit_next_to_the_output() {
        for (out, want) in [
            ("dir/out.jsonl", "dir/out.rejects.jsonl"),
            ("out.nt", "out.nt.rejects.jsonl"),
        ] {
            assert_eq!(default_rejects_path(Path::new(out)), PathBuf::from(want));
        }
    }
}
