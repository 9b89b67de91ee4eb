//! Output sinks: every format is a [`Sink`] that receives extractions in input order.

use std::io::{self, Write};

use crate::model::Extraction;

/// Receives extractions one at a time.
pub trait Sink {
    /// Writes one document's extraction.
    fn write(&mut self, ex: &Extraction) -> io::Result<()>;
    /// Finishes the output (closing brackets, flushing).
    fn finish(&mut self) -> io::Result<()>;
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
