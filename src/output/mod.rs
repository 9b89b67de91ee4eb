//! Output sinks: every format is a [`Sink`] that receives extractions in input order.
//!
//! [`stream_sink`] maps an [`OutputFormat`] to its sink over one writer: adding a format is
//! one enum variant and one match arm there ([`make_sink`] and the batch engine both use it).

use std::io::{self, Write};

use crate::model::Extraction;

/// Receives extractions one at a time.
pub trait Sink {
    /// Writes one document's extraction.
    fn write(&mut self, ex: &Extraction) -> io::Result<()>;
    /// Finishes the output (closing brackets, flushing).
    fn finish(&mut self) -> io::Result<()>;
    /// Pushes everything written so far to the underlying writer, so that the bytes written
    /// are exactly the output of the extractions received (used for resume checkpoints).
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Whether the output is a plain concatenation of per-document pieces with no header or
    /// trailer, so that a run can be resumed by truncating it after any document. Sinks that
    /// say yes must implement [`Sink::flush`].
    fn resumable(&self) -> bool {
        false
    }
}

/// JSON Lines: one compact object per line.
pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        JsonlSink { out }
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn write(&mut self, ex: &Extraction) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, ex)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn resumable(&self) -> bool {
        true
    }
}

/// Pretty JSON: one object for a single document, an array otherwise (streamed: the first
/// extraction is held until the second shows whether an array is needed).
pub struct JsonSink<W: Write> {
    out: W,
    first: Option<Extraction>,
    count: usize,
}

impl<W: Write> JsonSink<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        JsonSink {
            out,
            first: None,
            count: 0,
        }
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn write(&mut self, ex: &Extraction) -> io::Result<()> {
        self.count += 1;
        match self.count {
            1 => self.first = Some(ex.clone()),
            _ => {
                if let Some(first) = self.first.take() {
                    self.out.write_all(b"[\n")?;
                    serde_json::to_writer_pretty(&mut self.out, &first)?;
                }
                self.out.write_all(b",\n")?;
                serde_json::to_writer_pretty(&mut self.out, ex)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.count {
            0 => self.out.write_all(b"[]\n")?,
            1 => {
                if let Some(first) = self.first.take() {
                    serde_json::to_writer_pretty(&mut self.out, &first)?;
                    self.out.write_all(b"\n")?;
                }
            }
            _ => self.out.write_all(b"\n]\n")?,
        }
        self.out.flush()
    }
}

pub mod neo4j;
pub mod ntriples;
pub mod plover;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Output formats every sink-driven command understands (`extract`, `convert`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per line (the khabar/1 schema).
    Jsonl,
    /// Pretty JSON: an object for one document, an array otherwise.
    Json,
    /// RDF N-Triples (docs/graph.md).
    Ntriples,
    /// PLOVER event records, one JSON object per line.
    Plover,
    /// Neo4j bulk-import CSV: `nodes.csv` and `relationships.csv` in a directory.
    Neo4j,
}

impl OutputFormat {
    /// The flag value (`jsonl`, `ntriples` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Json => "json",
            OutputFormat::Ntriples => "ntriples",
            OutputFormat::Plover => "plover",
            OutputFormat::Neo4j => "neo4j",
        }
    }
}

/// Builds the sink for `format`, writing to `output` (a file; a directory for
/// [`OutputFormat::Neo4j`], created if missing) or to stdout when `output` is `None`.
///
/// Files are written under a temporary name and renamed into place by [`Sink::finish`], so a
/// killed run never leaves a truncated file under the final name.
pub fn make_sink(
    format: OutputFormat,
    output: Option<&Path>,
) -> anyhow::Result<Box<dyn Sink + Send>> {
    if format == OutputFormat::Neo4j {
        let dir = output.context(
            "--format neo4j writes two files (nodes.csv, relationships.csv): give --output DIR",
        )?;
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
        let nodes = AtomicFile::create(&dir.join("nodes.csv"))?;
        let rels = AtomicFile::create(&dir.join("relationships.csv"))?;
        let sink = neo4j::Neo4jSink::new(nodes.writer()?, rels.writer()?)
            .context("cannot write the CSV headers")?;
        return Ok(Box::new(Committing {
            inner: Box::new(sink),
            files: vec![nodes, rels],
        }));
    }
    let (out, files): (Box<dyn Write + Send>, Vec<AtomicFile>) = match output {
        Some(p) => {
            let f = AtomicFile::create(p)?;
            (Box::new(f.writer()?), vec![f])
        }
        None => (Box::new(io::stdout()), vec![]),
    };
    let out = BufWriter::with_capacity(1 << 16, out);
    let inner = stream_sink(format, Box::new(out))
        .context("--format neo4j writes a directory, not one stream")?;
    Ok(Box::new(Committing { inner, files }))
}

/// The sink of a one-stream format over `out` (None for [`OutputFormat::Neo4j`], which writes
/// two files: see [`make_sink`]).
pub fn stream_sink(
    format: OutputFormat,
    out: Box<dyn Write + Send>,
) -> Option<Box<dyn Sink + Send>> {
    Some(match format {
        OutputFormat::Jsonl => Box::new(JsonlSink::new(out)),
        OutputFormat::Json => Box::new(JsonSink::new(out)),
        OutputFormat::Ntriples => Box::new(ntriples::NTriplesSink::new(out)),
        OutputFormat::Plover => Box::new(plover::PloverSink::new(out)),
        OutputFormat::Neo4j => return None,
    })
}

/// A file written under `NAME.tmp` and renamed to `NAME` once complete.
struct AtomicFile {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<File>,
}

impl AtomicFile {
    fn create(path: &Path) -> anyhow::Result<AtomicFile> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
            file: Some(file),
        })
    }

    fn writer(&self) -> anyhow::Result<BufWriter<File>> {
        let f = self
            .file
            .as_ref()
            .context("output file already handed out")?
            .try_clone()
            .with_context(|| format!("cannot write {}", self.tmp.display()))?;
        Ok(BufWriter::with_capacity(1 << 16, f))
    }

    fn commit(&mut self) -> io::Result<()> {
        if let Some(f) = self.file.take() {
            // A full disk must be an error here, not a silently short file.
            f.sync_all()?;
            std::fs::rename(&self.tmp, &self.path).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "cannot rename {} to {}: {e}",
                        self.tmp.display(),
                        self.path.display()
                    ),
                )
            })?;
        }
        Ok(())
    }
}

/// Runs the inner sink, then moves its files into place.
struct Committing {
    inner: Box<dyn Sink + Send>,
    files: Vec<AtomicFile>,
}

impl Sink for Committing {
    fn write(&mut self, ex: &Extraction) -> io::Result<()> {
        self.inner.write(ex)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.inner.finish()?;
        for f in &mut self.files {
            f.commit()?;
        }
        Ok(())
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so any id or name is a safe
/// IRI path segment.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text of `id`'s first mention inside the char span `[start, end)`, or its canonical name.
pub(crate) fn entity_text_in(
    ex: &Extraction,
    id: &str,
    start: usize,
    end: usize,
) -> Option<String> {
    let e = ex.entities.iter().find(|e| e.id == id)?;
    e.mentions
        .iter()
        .find(|m| m.start >= start && m.end <= end)
        .map(|m| m.text.clone())
        .or_else(|| e.name.en.clone().or_else(|| e.name.ar.clone()))
}
