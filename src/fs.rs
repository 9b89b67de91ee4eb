//! Files, the one way each: the directory walker that gazetteers, rules and inputs list
//! directories with, and the atomic-file writer that every output, rejects file and checkpoint
//! is written with.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// One entry found under a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular file (or a symlink to one).
    File(PathBuf),
    /// An entry (or the directory itself) that cannot be read, and why: a dangling symlink,
    /// a directory without permission.
    Unreadable(PathBuf, String),
    /// A FIFO, socket or device: never opened (opening a FIFO blocks until someone writes).
    NotRegular(PathBuf),
}

impl Found {
    /// The entry's path.
    pub fn path(&self) -> &Path {
        match self {
            Found::File(p) | Found::Unreadable(p, _) | Found::NotRegular(p) => p,
        }
    }
}

/// Every entry under `dir`, recursively, sorted by path. Names that start with a dot are left
/// out (editor lock and swap files such as `.#people.tsv`, `.git`), and symlinked directories
/// are followed once each, so a link loop cannot recurse forever.
pub fn walk(dir: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    walk_into(dir, &mut out, &mut HashSet::new());
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out
}

fn walk_into(dir: &Path, out: &mut Vec<Found>, seen: &mut HashSet<PathBuf>) {
    if let Ok(canonical) = dir.canonicalize() {
        if !seen.insert(canonical) {
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Found::Unreadable(
                dir.to_path_buf(),
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.push(Found::Unreadable(
                    dir.to_path_buf(),
                    format!("cannot read directory entry: {e}"),
                ));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk_into(&path, out, seen),
            Ok(m) if m.is_file() => out.push(Found::File(path)),
            Ok(_) => out.push(Found::NotRegular(path)),
            Err(e) => out.push(Found::Unreadable(path, format!("cannot read: {e}"))),
        }
    }
}

/// `path` with `suffix` appended to its file name (`out.jsonl` + `.partial`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A file written under a temporary name (`PATH` + suffix) and renamed to `PATH` by
/// [`AtomicFile::commit`] once complete, so a killed run never leaves a short file under the
/// final name.
#[derive(Debug)]
pub struct AtomicFile {
    temp: PathBuf,
    path: PathBuf,
    file: File,
}

impl AtomicFile {
    /// Creates (or empties) the temporary file of `path`.
    pub fn create(path: &Path, suffix: &str) -> io::Result<AtomicFile> {
        let temp = with_suffix(path, suffix);
        let file = File::create(&temp).map_err(|e| named(e, "cannot create", &temp))?;
        Ok(AtomicFile {
            temp,
            path: path.to_path_buf(),
            file,
        })
    }

    /// Reopens the temporary file of an unfinished run, keeping its first `keep` bytes (and
    /// failing when it has fewer).
    pub fn resume(path: &Path, suffix: &str, keep: u64) -> io::Result<AtomicFile> {
        let temp = with_suffix(path, suffix);
        let mut file = OpenOptions::new()
            .write(true)
            .open(&temp)
            .map_err(|e| named(e, "cannot open", &temp))?;
        let have = file.metadata()?.len();
        if have < keep {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "cannot resume: {} has {have} bytes, fewer than the {keep} the checkpoint \
                     says were written",
                    temp.display()
                ),
            ));
        }
        file.set_len(keep)?;
        file.seek(SeekFrom::End(0))?;
        Ok(AtomicFile {
            temp,
            path: path.to_path_buf(),
            file,
        })
    }

    /// The open temporary file.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The temporary file's path.
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Fsyncs the temporary file and renames it into place. A full disk is an error here, not
    /// a silently short file.
    pub fn commit(self) -> io::Result<()> {
        self.file.sync_all()?;
        rename(&self.temp, &self.path)
    }

    /// Writes `bytes` to `path` atomically (temporary file `PATH` + suffix, fsync, rename).
    pub fn write(path: &Path, suffix: &str, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        let mut f = AtomicFile::create(path, suffix)?;
        f.file.write_all(bytes)?;
        f.commit()
    }
}

/// Renames a finished temporary file (written through [`AtomicFile`] and already flushed) into
/// place, after an fsync.
pub fn commit_temp(temp: &Path, path: &Path) -> io::Result<()> {
    File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| named(e, "cannot sync", temp))?;
    rename(temp, path)
}

fn rename(temp: &Path, path: &Path) -> io::Result<()> {
    std::fs::rename(temp, path).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot rename {} to {}: {e}",
                temp.display(),
                path.display()
            ),
        )
    })
}

fn named(e: io::Error, what: &str, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walker_skips_dot_files_and_sorts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).expect("mkdir");
        std::fs::create_dir(d.join(".git")).expect("mkdir");
        for f in [
            "b.tsv",
            "sub/a.tsv",
            ".#b.tsv",
            ".git/x.tsv",
            "sub/.b.tsv.swp",
        ] {
            std::fs::write(d.join(f), "x").expect("write");
        }
        let got: Vec<PathBuf> = walk(d).iter().map(|f| f.path().to_path_buf()).collect();
        assert_eq!(got, [d.join("b.tsv"), d.join("sub/a.tsv")]);
    }

    #[test]
    fn an_atomic_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.txt");
        let f = AtomicFile::create(&path, ".partial").expect("create");
        use std::io::Write;
        f.file().write_all(b"abc").expect("write");
        assert!(!path.exists());
        f.commit().expect("commit");
        assert_eq!(std::fs::read(&path).expect("read"), b"abc");
        assert!(!with_suffix(&path, ".partial").exists());
    }
}
