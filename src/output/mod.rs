//! Output sinks: every format is a [`Sink`] that receives extractions in input order.
//!
//! [`build_sink`] maps a [`Format`] to its sink: adding a format is one enum variant and one
//! match arm there.

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

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// Pretty JSON: an object for one document, an array otherwise.
    Json,
}

impl Format {
    /// The flag value (`jsonl`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Json => "json",
        }
    }
}

/// Builds the sink of `format` over `out`.
pub fn build_sink(format: Format, out: Box<dyn Write + Send>) -> Box<dyn Sink + Send> {
    match format {
        Format::Jsonl => Box::new(JsonlSink::new(out)),
        Format::Json => Box::new(JsonSink::new(out)),
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
