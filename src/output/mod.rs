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
    /// Writes one extraction that a worker thread already encoded with [`jsonl_line`]. Only
    /// the JSON Lines sink takes these (the batch engine encodes in its workers for it).
    fn write_jsonl_line(&mut self, line: &[u8]) -> io::Result<()> {
        let _ = line;
        Err(io::Error::other(
            "internal error: this output format takes no pre-encoded JSON Lines",
        ))
    }
}

/// Appends one extraction as a JSON Lines line (the compact object and `\n`) to `buf`: the
/// bytes [`JsonlSink`] writes for it, so that workers can encode in parallel and the writer
/// only copies bytes.
pub fn jsonl_line(ex: &Extraction, buf: &mut Vec<u8>) -> io::Result<()> {
    serde_json::to_writer(&mut *buf, ex)?;
    buf.push(b'\n');
    Ok(())
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

    fn write_jsonl_line(&mut self, line: &[u8]) -> io::Result<()> {
        self.out.write_all(line)
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
use std::path::Path;

use crate::fs::AtomicFile;

/// A file written under `NAME.tmp` and renamed into place by [`Sink::finish`].
const TMP: &str = ".tmp";

fn writer(f: &AtomicFile) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 16, f.file().try_clone()?))
}

fn error(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_string())
}

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
pub fn make_sink(format: OutputFormat, output: Option<&Path>) -> io::Result<Box<dyn Sink + Send>> {
    if format == OutputFormat::Neo4j {
        let dir = output.ok_or_else(|| {
            error(
                "--format neo4j writes two files (nodes.csv, relationships.csv): give --output DIR",
            )
        })?;
        std::fs::create_dir_all(dir).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot create directory {}: {e}", dir.display()),
            )
        })?;
        let nodes = AtomicFile::create(&dir.join("nodes.csv"), TMP)?;
        let rels = AtomicFile::create(&dir.join("relationships.csv"), TMP)?;
        let sink = neo4j::Neo4jSink::new(writer(&nodes)?, writer(&rels)?)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write the CSV headers: {e}")))?;
        return Ok(Box::new(Committing {
            inner: Box::new(sink),
            files: vec![nodes, rels],
        }));
    }
    let (out, files): (Box<dyn Write + Send>, Vec<AtomicFile>) = match output {
        Some(p) => {
            let f = AtomicFile::create(p, TMP)?;
            (Box::new(writer(&f)?), vec![f])
        }
        None => (Box::new(io::stdout()), vec![]),
    };
    let out = BufWriter::with_capacity(1 << 16, out);
    let inner = stream_sink(format, Box::new(out))
        .ok_or_else(|| error("--format neo4j writes a directory, not one stream"))?;
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
        for f in self.files.drain(..) {
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
