//! Resume checkpoints: what a run has safely written, and what it depended on.
//!
//! A checkpoint is written (atomically: temp file, fsync, rename) after the partial output and
//! rejects files have been flushed and fsynced. It records the identity of every input (size,
//! modification time, a hash of its first and last 4 KiB), the pipeline fingerprint (gazetteers
//! and rules), the khabar version and every setting that changes output bytes. A resumed run
//! must match all of them; it then truncates the partial files to the checkpointed lengths and
//! skips the records already done, so the final output equals an uninterrupted run's.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::CheckpointError;
use super::read::InputEntry;
use crate::hash::Fnv;

/// Checkpoint file layout version.
pub const CHECKPOINT_VERSION: u32 = 1;

/// Run counters, kept across a resume.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Records read (every record: extracted, rejected or skipped).
    pub records_read: u64,
    /// Records that became an extraction.
    pub extracted: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Bad records skipped (`--on-bad-record skip`).
    pub skipped: u64,
    /// Input bytes (decompressed) of the records read.
    pub bytes: u64,
    /// Entities in the extractions.
    pub entities: u64,
    /// Relations in the extractions.
    pub relations: u64,
}

/// What identifies one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputIdentity {
    /// Its name as given (or found in a directory).
    pub name: String,
    /// Its size in bytes, if it could be read.
    pub size: Option<u64>,
    /// Its modification time in nanoseconds since the Unix epoch.
    pub mtime_ns: Option<u64>,
    /// FNV-1a of its first and last 4 KiB, hex.
    pub sample_hash: Option<String>,
    /// Whether its identity can be checked: a regular file (or a path that cannot be read at all).
    /// Pipes, FIFOs and devices are never opened to take their identity (a pipe cannot be read
    /// twice), so a run that read one cannot be resumed.
    #[serde(default = "yes")]
    pub regular: bool,
}

fn yes() -> bool {
    true
}

impl InputIdentity {
    /// The identity of an input entry as it is now. Only a regular file is opened (to hash its
    /// first and last 4 KiB); standard input, pipes, FIFOs and devices are only named.
    pub fn of(entry: &InputEntry) -> InputIdentity {
        let mut id = InputIdentity {
            name: entry.name.clone(),
            size: None,
            mtime_ns: None,
            sample_hash: None,
            regular: false,
        };
        if entry.is_stdin() {
            return id;
        }
        let meta = match std::fs::metadata(&entry.path) {
            Ok(m) if m.is_file() => m,
            // A file that cannot be read is a rejected record; its absence is its identity.
            Err(_) => {
                id.regular = true;
                return id;
            }
            Ok(_) => return id,
        };
        id.regular = true;
        if entry.error.is_some() {
            return id;
        }
        id.size = Some(meta.len());
        id.mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as u64);
        id.sample_hash = sample_hash(&entry.path, meta.len()).ok();
        id
    }
}

fn sample_hash(path: &Path, len: u64) -> io::Result<String> {
    const SAMPLE: u64 = 4096;
    let mut f = File::open(path)?;
    let mut h = Fnv::new();
    let mut buf = Vec::new();
    (&mut f).take(SAMPLE).read_to_end(&mut buf)?;
    h.write(&buf);
    if len > SAMPLE {
        f.seek(SeekFrom::Start(len.saturating_sub(SAMPLE).max(SAMPLE)))?;
        buf.clear();
        f.take(SAMPLE).read_to_end(&mut buf)?;
        h.write(&buf);
    }
    Ok(format!("{:016x}", h.finish()))
}

/// A checkpoint: the run's dependencies and how far it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Layout version ([`CHECKPOINT_VERSION`]).
    pub checkpoint_version: u32,
    /// The khabar version that wrote it.
    pub khabar_version: String,
    /// The pipeline fingerprint (gazetteers and rules), hex.
    pub fingerprint: String,
    /// Settings that change the output bytes, by flag name.
    pub settings: BTreeMap<String, String>,
    /// The inputs, in reading order.
    pub inputs: Vec<InputIdentity>,
    /// Records done (written to the output or the rejects, or skipped).
    pub records_done: u64,
    /// Length of the partial output file.
    pub output_bytes: u64,
    /// Length of the partial rejects file.
    pub rejects_bytes: u64,
    /// Counters at this point.
    pub counters: Counters,
}

impl Checkpoint {
    /// Why a run configured as `now` cannot continue from `self`, if it cannot.
    pub fn mismatch(&self, now: &Checkpoint) -> Option<String> {
        if self.checkpoint_version != now.checkpoint_version {
            return Some(format!(
                "the checkpoint layout is version {}, this khabar writes version {}",
                self.checkpoint_version, now.checkpoint_version
            ));
        }
        if self.khabar_version != now.khabar_version {
            return Some(format!(
                "khabar version changed ({} -> {})",
                self.khabar_version, now.khabar_version
            ));
        }
        if self.fingerprint != now.fingerprint {
            return Some(format!(
                "the gazetteers or rules changed (fingerprint {} -> {})",
                self.fingerprint, now.fingerprint
            ));
        }
        let keys: std::collections::BTreeSet<&String> =
            self.settings.keys().chain(now.settings.keys()).collect();
        for k in keys {
            let (a, b) = (self.settings.get(k), now.settings.get(k));
            if a != b {
                let show = |v: Option<&String>| v.map_or("(none)".to_string(), |s| s.clone());
                return Some(format!("{k} changed ({} -> {})", show(a), show(b)));
            }
        }
        if self.inputs.len() != now.inputs.len() {
            return Some(format!(
                "the inputs changed ({} files -> {} files)",
                self.inputs.len(),
                now.inputs.len()
            ));
        }
        for (a, b) in self.inputs.iter().zip(&now.inputs) {
            if a.name != b.name {
                return Some(format!("the inputs changed ({} -> {})", a.name, b.name));
            }
            if a.size != b.size {
                return Some(format!(
                    "input {} changed (size {:?} -> {:?} bytes)",
                    a.name, a.size, b.size
                ));
            }
            if a.mtime_ns != b.mtime_ns {
                return Some(format!("input {} changed (modification time)", a.name));
            }
            if !a.regular || !b.regular {
                return Some(format!(
                    "input {} is not a regular file (a pipe, FIFO or device cannot be read twice)",
                    a.name
                ));
            }
            if a.sample_hash != b.sample_hash {
                return Some(format!("input {} changed (content)", a.name));
            }
        }
        None
    }

    /// Reads a checkpoint file.
    pub fn load(path: &Path) -> Result<Checkpoint, CheckpointError> {
        let text = std::fs::read_to_string(path)?;
        Ok(serde_json::from_str(&text)?)
    }

    /// Writes the checkpoint atomically next to `path` (temp file, fsync, rename).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let mut json = serde_json::to_vec(self)?;
        json.push(b'\n');
        crate::fs::AtomicFile::write(path, ".tmp", &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Checkpoint {
        Checkpoint {
            checkpoint_version: CHECKPOINT_VERSION,
            khabar_version: "0.1.0".into(),
            fingerprint: "00ff".into(),
            settings: BTreeMap::from([("--text-field".to_string(), "text".to_string())]),
            inputs: vec![InputIdentity {
                name: "a.jsonl".into(),
                size: Some(10),
                mtime_ns: Some(1),
                sample_hash: Some("ab".into()),
                regular: true,
            }],
            records_done: 5,
            output_bytes: 100,
            rejects_bytes: 0,
            counters: Counters::default(),
        }
    }

    #[test]
    fn every_dependency_is_checked() {
        let saved = base();
        assert_eq!(saved.mismatch(&base()), None);
        let mut now = base();
        now.fingerprint = "0100".into();
        assert!(saved
            .mismatch(&now)
            .unwrap()
            .contains("gazetteers or rules"));
        let mut now = base();
        now.khabar_version = "0.2.0".into();
        assert!(saved.mismatch(&now).unwrap().contains("version"));
        let mut now = base();
        now.settings.insert("--text-field".into(), "body".into());
        assert!(saved.mismatch(&now).unwrap().contains("--text-field"));
        let mut now = base();
        now.inputs[0].size = Some(11);
        assert!(saved.mismatch(&now).unwrap().contains("a.jsonl"));
        let mut now = base();
        now.inputs[0].sample_hash = Some("cd".into());
        assert!(saved.mismatch(&now).unwrap().contains("content"));
    }
}
