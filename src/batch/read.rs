//! Readers: files, directories and stdin into records (one document each, or a rejected
//! record with its location and reason).
//!
//! A text file is one document (id = its path, or its path relative to a directory given as
//! input). A JSONL file is split into lines first, then each line is parsed, so one bad line
//! never poisons the rest. Fields are picked by name, with dotted paths (`article.body`) for
//! nested objects. A UTF-8 byte-order mark and CRLF line ends are accepted; blank lines are not
//! records. `.gz` and `.zst` files are decompressed on the fly (stdin too, by its magic bytes);
//! lines and byte offsets then count in the decompressed stream.
//!
//! Reading is split in two so that the costly half runs on worker threads: [`RawReader`] (one
//! thread) cuts the inputs into [`RawRecord`]s, bytes only, with a size guard that never holds
//! more than the limit of one record in memory; [`parse`] turns one into a [`Record`].
//! [`Reader`] chains both for sequential users.

use crate::fs::Found;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::date::PartialDate;
use crate::pipeline::Document;
use crate::text::Lang;

/// Default limit on the size of one record (a JSONL line or a text file), in bytes: 10 MiB.
pub const DEFAULT_MAX_DOC_BYTES: usize = 10 << 20;

/// How much of an oversized record is kept for the rejects file.
pub const OVERSIZE_RAW_KEEP_BYTES: usize = 64 << 10;

const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

impl InputFormat {
    /// The flag value (`text`, `jsonl`).
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
        }
    }
}

/// How an input file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`; concatenated members are read as one stream).
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSource {
    /// The file (or `-` for stdin).
    pub file: String,
    /// 1-based line for JSONL records.
    pub line: Option<u64>,
    /// Byte offset of the record in the (decompressed) file.
    pub byte_offset: u64,
}

impl std::fmt::Display for RecordSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}", self.file, l),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Why a record could not become a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The reason.
    pub reason: String,
    /// The raw record bytes (the first [`OVERSIZE_RAW_KEEP_BYTES`] of an oversized record).
    pub raw: Vec<u8>,
    /// Whether `raw` is only the beginning of the record.
    pub truncated: bool,
}

/// One input record.
#[derive(Debug)]
pub struct Record {
    /// Where it came from.
    pub source: RecordSource,
    /// The document, or why there is none.
    pub document: Result<Document, RecordError>,
    /// Problems that did not stop the document (an unreadable date).
    pub warnings: Vec<String>,
    /// Size of the raw record in bytes.
    pub bytes: u64,
}

/// Field names to read from JSONL records.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Id field path.
    pub id: String,
    /// Text field path.
    pub text: String,
    /// Date field path.
    pub date: String,
    /// Language field path.
    pub lang: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            text: "text".into(),
            date: "date".into(),
            lang: "lang".into(),
        }
    }
}

/// How raw records become documents.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// JSONL field paths.
    pub fields: Fields,
    /// Date for documents that carry none.
    pub default_date: Option<PartialDate>,
}

/// One input after expanding directories: a file to read, or an entry that cannot be read.
#[derive(Debug, Clone)]
pub struct InputEntry {
    /// The path (`-` for stdin).
    pub path: PathBuf,
    /// Its name in messages and reject records.
    pub name: String,
    /// Document id of a text file (its path relative to the directory given as input).
    pub id: String,
    /// Why it cannot be read, found while listing a directory.
    pub error: Option<String>,
}

impl InputEntry {
    /// Whether this is standard input.
    pub fn is_stdin(&self) -> bool {
        self.name == "-"
    }
}

/// Expands inputs (files, directories, `-`) into the files to read, in order: each directory's
/// files sorted by path, recursively, hidden entries (`.name`) left out. A directory entry that
/// cannot be listed or followed stays in the list with its error, so that it becomes a
/// rejected record and the run goes on.
pub fn expand_inputs(inputs: &[String]) -> Vec<InputEntry> {
    let mut out = Vec::new();
    for input in inputs {
        let path = PathBuf::from(input);
        if input != "-" && path.is_dir() {
            for found in crate::fs::walk(&path) {
                let (f, error) = match found {
                    Found::File(f) => (f, None),
                    Found::Unreadable(f, why) => (f, Some(why)),
                    // A FIFO, socket or device inside a directory is not a document: opening
                    // a FIFO would block until someone writes to it. Named on the command
                    // line, it is read.
                    Found::NotRegular(f) => {
                        let _ = writeln!(
                            std::io::stderr(),
                            "khabar: warning: skipped {}: not a regular file (FIFO, socket or device)",
                            f.display()
                        );
                        continue;
                    }
                };
                let id = f
                    .strip_prefix(&path)
                    .unwrap_or(&f)
                    .to_string_lossy()
                    .into_owned();
                out.push(InputEntry {
                    name: f.display().to_string(),
                    path: f,
                    id,
                    error,
                });
            }
        } else {
            out.push(InputEntry {
                path,
                name: input.clone(),
                id: input.clone(),
                error: None,
            });
        }
    }
    out
}

/// The format and compression of a file, from its name (`news.jsonl.gz` -> JSONL, gzip).
pub fn detect(name: &str, format: Option<InputFormat>) -> (InputFormat, Compression) {
    let (stem, compression) = if let Some(s) = name.strip_suffix(".gz") {
        (s, Compression::Gzip)
    } else if let Some(s) = name.strip_suffix(".zst") {
        (s, Compression::Zstd)
    } else {
        (name, Compression::None)
    };
    let format = format.unwrap_or(if name == "-" || stem.ends_with(".jsonl") {
        InputFormat::Jsonl
    } else {
        InputFormat::Text
    });
    (format, compression)
}

/// What a raw record holds.
#[derive(Debug)]
pub enum RawBody {
    /// A JSONL line (without its line end, and without a BOM on line 1).
    Line {
        /// The bytes.
        bytes: Vec<u8>,
        /// Whether it is the last line of its file and had no final newline.
        unterminated: bool,
    },
    /// A whole text file (without its BOM).
    Text {
        /// The document id.
        id: String,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// A record rejected while reading (too large, unreadable).
    Bad(RecordError),
}

/// One record's bytes and location, before parsing.
#[derive(Debug)]
pub struct RawRecord {
    /// Where it came from.
    pub source: RecordSource,
    /// Its content.
    pub body: RawBody,
    /// Its size in the input, in bytes (line end included).
    pub bytes: u64,
}

/// Byte counter shared with a progress display: bytes read from the input files as stored
/// (compressed bytes for compressed files).
pub type ByteCounter = Arc<AtomicU64>;

struct CountingReader<R> {
    inner: R,
    counter: ByteCounter,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

struct CurrentFile {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    offset: u64,
    done: bool,
}

/// Cuts inputs into raw records, in input order, on one thread.
pub struct RawReader {
    entries: std::vec::IntoIter<InputEntry>,
    format: Option<InputFormat>,
    max_record_bytes: usize,
    current: Option<CurrentFile>,
    stored_bytes: ByteCounter,
    line_buf: Vec<u8>,
    pending: Option<(String, Box<dyn Read + Send>)>,
}

impl RawReader {
    /// A reader over expanded inputs; `format` None picks by file name (see [`detect`]).
    pub fn new(entries: Vec<InputEntry>, format: Option<InputFormat>) -> RawReader {
        RawReader {
            entries: entries.into_iter(),
            format,
            max_record_bytes: DEFAULT_MAX_DOC_BYTES,
            current: None,
            stored_bytes: Arc::new(AtomicU64::new(0)),
            line_buf: Vec::new(),
            pending: None,
        }
    }

    /// Sets the largest record (JSONL line without its line end, or text file) accepted;
    /// larger ones are rejected without being held in memory whole.
    pub fn max_record_bytes(mut self, max: usize) -> RawReader {
        self.max_record_bytes = max;
        self
    }

    /// The counter of stored (possibly compressed) bytes read so far.
    pub fn stored_bytes(&self) -> ByteCounter {
        self.stored_bytes.clone()
    }

    /// Skips `n` records without keeping them (used to resume a run).
    pub fn skip_records(&mut self, n: u64) -> u64 {
        let mut skipped = 0;
        while skipped < n && self.next().is_some() {
            skipped += 1;
        }
        skipped
    }

    /// A reader over one stream already open (tests and fuzzing feed bytes this way), named
    /// `name` in record sources; compression is sniffed from its magic bytes as for stdin.
    pub fn from_stream(name: &str, stream: Box<dyn Read + Send>, format: InputFormat) -> RawReader {
        let mut r = RawReader::new(Vec::new(), Some(format));
        r.pending = Some((name.to_string(), stream));
        r
    }

    fn open(&mut self, entry: InputEntry) -> Option<RawRecord> {
        if let Some(reason) = entry.error {
            return Some(whole_file_error(&entry.name, reason));
        }
        let stored: Box<dyn Read + Send> = if entry.is_stdin() {
            Box::new(io::stdin())
        } else {
            match File::open(&entry.path) {
                Ok(f) => Box::new(f),
                Err(e) => return Some(whole_file_error(&entry.name, format!("cannot open: {e}"))),
            }
        };
        let sniff = entry.is_stdin();
        self.open_stream(entry.name, entry.id, stored, sniff)
    }

    fn open_stream(
        &mut self,
        name: String,
        id: String,
        stored: Box<dyn Read + Send>,
        sniff: bool,
    ) -> Option<RawRecord> {
        let (format, mut compression) = detect(&name, self.format);
        let mut stored = BufReader::with_capacity(
            1 << 16,
            CountingReader {
                inner: stored,
                counter: self.stored_bytes.clone(),
            },
        );
        if sniff {
            // stdin has no name to go by: sniff the magic bytes.
            if let Ok(head) = stored.fill_buf() {
                if head.starts_with(&[0x1f, 0x8b]) {
                    compression = Compression::Gzip;
                } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
                    compression = Compression::Zstd;
                }
            }
        }
        let reader: Box<dyn BufRead + Send> = match compression {
            Compression::None => Box::new(stored),
            Compression::Gzip => Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::bufread::MultiGzDecoder::new(stored),
            )),
            Compression::Zstd => match zstd::stream::read::Decoder::with_buffer(stored) {
                Ok(d) => Box::new(BufReader::with_capacity(1 << 16, d)),
                Err(e) => {
                    return Some(whole_file_error(
                        &name,
                        format!("cannot start zstd decoding: {e}"),
                    ))
                }
            },
        };
        if format == InputFormat::Text {
            return Some(self.read_text(reader, name, id));
        }
        self.current = Some(CurrentFile {
            name,
            reader,
            line: 0,
            offset: 0,
            done: false,
        });
        None
    }

    fn read_text(
        &self,
        mut reader: Box<dyn BufRead + Send>,
        name: String,
        id: String,
    ) -> RawRecord {
        let max = self.max_record_bytes;
        let mut bytes = Vec::new();
        let source = RecordSource {
            file: name,
            line: None,
            byte_offset: 0,
        };
        let read = (&mut reader)
            .take(max as u64 + BOM.len() as u64 + 1)
            .read_to_end(&mut bytes);
        if let Err(e) = read {
            return RawRecord {
                bytes: bytes.len() as u64,
                body: RawBody::Bad(RecordError {
                    reason: format!("read error: {e}"),
                    raw: Vec::new(),
                    truncated: false,
                }),
                source,
            };
        }
        let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        if bytes.len() - bom > max {
            // Count the rest without keeping it.
            let rest = io::copy(&mut reader, &mut io::sink()).unwrap_or(0);
            let size = bytes.len() as u64 + rest;
            bytes.truncate(OVERSIZE_RAW_KEEP_BYTES);
            return RawRecord {
                bytes: size,
                body: RawBody::Bad(RecordError {
                    reason: format!(
                        "document is {size} bytes, over the limit of {max} (--max-doc-bytes)"
                    ),
                    raw: bytes,
                    truncated: true,
                }),
                source,
            };
        }
        let size = bytes.len() as u64;
        bytes.drain(..bom);
        RawRecord {
            source,
            body: RawBody::Text { id, bytes },
            bytes: size,
        }
    }

    fn next_line(&mut self) -> Option<RawRecord> {
        let max = self.max_record_bytes;
        let cur = self.current.as_mut()?;
        loop {
            if cur.done {
                return None;
            }
            let start = cur.offset;
            let buf = &mut self.line_buf;
            buf.clear();
            // Keep up to max + 2 bytes (room for "\r\n") so an oversized line shows as such,
            // plus room for a BOM, which does not count against the limit: without it a line
            // 1 to 3 bytes under the limit after a BOM lost its last bytes (found by fuzzing).
            let keep = max.saturating_add(2 + BOM.len());
            match read_line_capped(&mut cur.reader, buf, keep) {
                Ok((0, _)) => {
                    cur.done = true;
                    return None;
                }
                Ok((n, terminated)) => {
                    cur.offset += n;
                    cur.line += 1;
                    let mut content = n;
                    let mut line: &[u8] = buf;
                    if terminated {
                        line = line.strip_suffix(b"\n").unwrap_or(line);
                        content -= 1;
                        if line.ends_with(b"\r") {
                            line = &line[..line.len() - 1];
                            content -= 1;
                        }
                    }
                    if cur.line == 1 && line.starts_with(BOM) {
                        line = &line[BOM.len()..];
                        content -= BOM.len() as u64;
                    }
                    let source = RecordSource {
                        file: cur.name.clone(),
                        line: Some(cur.line),
                        byte_offset: start,
                    };
                    if content > max as u64 {
                        let raw = line[..line.len().min(OVERSIZE_RAW_KEEP_BYTES)].to_vec();
                        return Some(RawRecord {
                            source,
                            body: RawBody::Bad(RecordError {
                                reason: format!(
                                    "line is {content} bytes, over the limit of {max} \
                                     (--max-doc-bytes)"
                                ),
                                raw,
                                truncated: true,
                            }),
                            bytes: n,
                        });
                    }
                    if line.iter().all(|b| b.is_ascii_whitespace()) {
                        continue; // blank lines are not records
                    }
                    return Some(RawRecord {
                        source,
                        body: RawBody::Line {
                            bytes: line.to_vec(),
                            unterminated: !terminated,
                        },
                        bytes: n,
                    });
                }
                Err(e) => {
                    cur.done = true;
                    return Some(RawRecord {
                        source: RecordSource {
                            file: cur.name.clone(),
                            line: Some(cur.line + 1),
                            byte_offset: start,
                        },
                        body: RawBody::Bad(RecordError {
                            reason: format!("read error: {e} (the rest of the file is not read)"),
                            raw: Vec::new(),
                            truncated: false,
                        }),
                        bytes: 0,
                    });
                }
            }
        }
    }
}

impl Iterator for RawReader {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        loop {
            if self.current.is_some() {
                if let Some(r) = self.next_line() {
                    return Some(r);
                }
                self.current = None;
                continue;
            }
            if let Some((name, stream)) = self.pending.take() {
                if let Some(r) = self.open_stream(name.clone(), name, stream, true) {
                    return Some(r);
                }
                continue;
            }
            let entry = self.entries.next()?;
            if let Some(r) = self.open(entry) {
                return Some(r);
            }
        }
    }
}

/// Reads through the next `\n` (or to the end), appending at most `keep` bytes to `buf`.
/// Returns the bytes consumed (0 at the end) and whether a `\n` ended the line.
fn read_line_capped(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    keep: usize,
) -> io::Result<(u64, bool)> {
    let mut total = 0u64;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((total, false));
        }
        let (len, found) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let room = keep.saturating_sub(buf.len());
        buf.extend_from_slice(&avail[..len.min(room)]);
        r.consume(len);
        total += len as u64;
        if found {
            return Ok((total, true));
        }
    }
}

fn whole_file_error(name: &str, reason: String) -> RawRecord {
    RawRecord {
        source: RecordSource {
            file: name.to_string(),
            line: None,
            byte_offset: 0,
        },
        body: RawBody::Bad(RecordError {
            reason,
            raw: Vec::new(),
            truncated: false,
        }),
        bytes: 0,
    }
}

impl RawRecord {
    /// The raw bytes to show in a reject record, and whether they are only the beginning.
    pub fn raw(&self) -> (&[u8], bool) {
        match &self.body {
            RawBody::Line { bytes, .. } | RawBody::Text { bytes, .. } => (bytes, false),
            RawBody::Bad(e) => (&e.raw, e.truncated),
        }
    }

    /// Turns this record into a reject with `reason`, keeping its raw bytes.
    pub fn reject(&self, reason: String) -> RecordError {
        let (raw, truncated) = self.raw();
        RecordError {
            reason,
            raw: raw.to_vec(),
            truncated,
        }
    }
}

/// A parsed record: the document, and warnings about it (a date that could not be read).
#[derive(Debug)]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// Problems that did not stop it (they go into the extraction's `warnings`).
    pub warnings: Vec<String>,
}

/// Parses one raw record into a document.
pub fn parse(raw: &RawRecord, opts: &ParseOptions) -> Result<Parsed, RecordError> {
    let mut warnings = Vec::new();
    let reason = match &raw.body {
        RawBody::Bad(e) => return Err(e.clone()),
        RawBody::Line {
            bytes,
            unterminated,
        } => match parse_jsonl(bytes, &opts.fields, opts.default_date, &mut warnings) {
            Ok(doc) => doc,
            // Plain text given as JSONL (stdin and unknown extensions default to JSONL):
            // say how to read it as text, once, on its first line.
            Err(r) if raw.source.line == Some(1) && r.starts_with("invalid JSON") => {
                return Err(raw.reject(format!(
                    "{r} (the first line is not JSON: if this input is plain text, \
                     `--input text` reads it as one document)"
                )))
            }
            Err(r) if *unterminated && r.starts_with("invalid JSON") => {
                return Err(raw.reject(format!(
                    "{r} (last line without a final newline: truncated file?)"
                )))
            }
            Err(r) => return Err(raw.reject(r)),
        },
        RawBody::Text { id, bytes } => match std::str::from_utf8(bytes) {
            Ok(text) => Document {
                id: id.clone(),
                text: text.to_string(),
                lang: None,
                date: opts.default_date,
            },
            Err(e) => {
                return Err(raw.reject(format!("not UTF-8 at byte offset {}", e.valid_up_to())))
            }
        },
    };
    match check_text(reason) {
        Ok(document) => Ok(Parsed { document, warnings }),
        Err(r) => Err(raw.reject(r)),
    }
}

/// Refuses a document whose text has a NUL byte (binary data, not news text), as every reader
/// does.
pub fn check_text(doc: Document) -> Result<Document, String> {
    match memchr::memchr(0, doc.text.as_bytes()) {
        Some(i) => Err(format!("text contains a NUL byte at byte offset {i}")),
        None => Ok(doc),
    }
}

/// Reads parsed records from a list of inputs, in order, on the calling thread.
pub struct Reader {
    raw: RawReader,
    opts: ParseOptions,
}

impl Reader {
    /// A reader over `inputs` (paths, directories, or `-` for stdin). `format` None picks
    /// JSONL for `.jsonl` (`.jsonl.gz`, `.jsonl.zst`) files and stdin, text otherwise.
    pub fn new(
        inputs: &[String],
        format: Option<InputFormat>,
        fields: Fields,
        default_date: Option<PartialDate>,
    ) -> Reader {
        Reader {
            raw: RawReader::new(expand_inputs(inputs), format),
            opts: ParseOptions {
                fields,
                default_date,
            },
        }
    }

    /// A reader over one open stream (see [`RawReader::from_stream`]).
    pub fn from_stream(
        name: &str,
        stream: Box<dyn Read + Send>,
        format: InputFormat,
        opts: ParseOptions,
    ) -> Reader {
        Reader {
            raw: RawReader::from_stream(name, stream, format),
            opts,
        }
    }

    /// Sets the largest record accepted (default [`DEFAULT_MAX_DOC_BYTES`]).
    pub fn max_record_bytes(mut self, max: usize) -> Reader {
        self.raw = self.raw.max_record_bytes(max);
        self
    }
}

impl Iterator for Reader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let raw = self.raw.next()?;
        let (document, warnings) = match parse(&raw, &self.opts) {
            Ok(p) => (Ok(p.document), p.warnings),
            Err(e) => (Err(e), Vec::new()),
        };
        Some(Record {
            source: raw.source,
            document,
            warnings,
            bytes: raw.bytes,
        })
    }
}

/// Looks up a dotted path (`article.body`) in a JSON object.
pub fn field<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    if let Some(x) = v.get(path) {
        return Some(x);
    }
    path.split('.').try_fold(v, |acc, k| acc.get(k))
}

/// A document's date, as [`crate::date::read`] reads it (ISO 8601, RFC 2822, day-first
/// numeric, English and Arabic month names).
pub fn document_date(s: &str) -> Result<PartialDate, String> {
    crate::date::read(s)
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn parse_jsonl(
    line: &[u8],
    fields: &Fields,
    default_date: Option<PartialDate>,
    warnings: &mut Vec<String>,
) -> Result<Document, String> {
    if let Some(i) = memchr::memchr(0, line) {
        return Err(format!("NUL byte at byte offset {i} of the line"));
    }
    let text = std::str::from_utf8(line)
        .map_err(|e| format!("not UTF-8 at byte offset {} of the line", e.valid_up_to()))?;
    // The common case (an object, plain field names) keeps only the fields asked for. Any
    // other input (not an object, bad JSON) is parsed again as a whole below, so that its
    // reason is the one it always was.
    if let Some(mut v) = wanted_fields(text, fields) {
        // The text is moved out of the parsed record, not copied: an empty string stands in
        // for it while the record is read (unless another field is read from the same member).
        let distinct = [&fields.id, &fields.date, &fields.lang]
            .iter()
            .all(|n| **n != fields.text);
        let taken = match v.get_mut(fields.text.as_str()) {
            Some(serde_json::Value::String(s)) if distinct => Some(std::mem::take(s)),
            _ => None,
        };
        let mut doc = document_from_json(&v, fields, default_date, warnings)?;
        if let Some(body) = taken {
            doc.text = body;
        }
        return Ok(doc);
    }
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    document_from_json(&v, fields, default_date, warnings)
}

/// The JSON object `text` with only the members named by `fields` (the others are skipped by
/// the parser, not built: a news record's title, url, html ... cost nothing); None when
/// `text` is not a well-formed JSON object or a field is a dotted path. The members kept are
/// the ones [`field`] would find in the whole object (the last of duplicate keys).
fn wanted_fields(text: &str, fields: &Fields) -> Option<serde_json::Value> {
    let names = [&fields.id, &fields.text, &fields.date, &fields.lang];
    if names.iter().any(|n| n.contains('.')) {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let map = serde::de::DeserializeSeed::deserialize(Wanted(&names), &mut de).ok()?;
    de.end().ok()?;
    Some(serde_json::Value::Object(map))
}

/// Deserializes an object keeping the members whose key is one of the names.
struct Wanted<'n>(&'n [&'n String; 4]);

/// A member key: whether it is one of the names (compared without allocating).
struct WantedKey<'n>(&'n [&'n String; 4]);

impl<'de> serde::de::DeserializeSeed<'de> for WantedKey<'_> {
    type Value = Option<String>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for WantedKey<'_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self
            .0
            .iter()
            .any(|n| n.as_str() == key)
            .then(|| key.to_string()))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Wanted<'_> {
    type Value = serde_json::Map<String, serde_json::Value>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Wanted<'_> {
    type Value = serde_json::Map<String, serde_json::Value>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = m.next_key_seed(WantedKey(self.0))? {
            match key {
                Some(k) => {
                    out.insert(k, m.next_value()?);
                }
                None => {
                    m.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// A document from a JSON record (an object), by the field paths of `fields`, as `khabar
/// extract` reads a JSONL line once it is parsed: the reasons of a bad record, and a date that
/// cannot be read becoming a warning. Callers that hold records already parsed (the Python
/// binding's dicts) use it so they read them as the CLI does. NUL bytes in the text are checked
/// by [`check_text`].
pub fn document_from_json(
    v: &serde_json::Value,
    fields: &Fields,
    default_date: Option<PartialDate>,
    warnings: &mut Vec<String>,
) -> Result<Document, String> {
    if !v.is_object() {
        return Err("not a JSON object".into());
    }
    let body = match field(v, &fields.text) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => {
            return Err(format!("no \"{}\" field", fields.text))
        }
        Some(_) => return Err(format!("field \"{}\" is not a string", fields.text)),
    };
    let id = match field(v, &fields.id) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => return Err(format!("no \"{}\" field", fields.id)),
        Some(_) => return Err(format!("field \"{}\" is not a string or number", fields.id)),
    };
    // Every date goes through the one date reader, numbers too (`20230813`, a timestamp):
    // what it cannot read is warned about, never dropped silently. A bad date loses the date,
    // not the document.
    let date_text = match field(v, &fields.date) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Some(serde_json::Value::Null) | None => Err(None),
        Some(serde_json::Value::String(_)) => Err(None),
        Some(other) => Err(Some(format!(
            "{} is not a date (a string such as \"2023-08-13\")",
            json_kind(other)
        ))),
    };
    let date = match date_text.and_then(|s| document_date(&s).map_err(Some)) {
        Ok(d) => Some(d),
        Err(None) => default_date,
        Err(Some(m)) => {
            warnings.push(format!(
                "field \"{}\": {m}; the document is dated as if it had none",
                fields.date
            ));
            default_date
        }
    };
    let lang = match field(v, &fields.lang) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(Lang::from(s.as_str())),
        _ => None,
    };
    Ok(Document {
        id,
        text: body,
        lang,
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_records_and_their_errors() {
        let f = Fields::default();
        let ok = parse_jsonl(
            br#"{"id":"a","text":"x","date":"2023-08-13"}"#,
            &f,
            None,
            &mut vec![],
        )
        .unwrap();
        assert_eq!(
            ok.date.map(|d| d.to_string()).as_deref(),
            Some("2023-08-13")
        );
        let nested = Fields {
            text: "article.body".into(),
            ..Fields::default()
        };
        assert_eq!(
            parse_jsonl(
                br#"{"id":1,"article":{"body":"y"}}"#,
                &nested,
                None,
                &mut vec![]
            )
            .unwrap()
            .text,
            "y"
        );
        for (line, want) in [
            (&b"{"[..], "invalid JSON"),
            (b"[1]", "not a JSON object"),
            (br#"{"id":"a"}"#, "no \"text\" field"),
            (br#"{"id":"a","text":5}"#, "field \"text\" is not a string"),
            (br#"{"text":"x"}"#, "no \"id\" field"),
            (
                b"{\"id\":\"a\",\"text\":\"\xff\"}",
                "not UTF-8 at byte offset 18",
            ),
            (
                b"{\"id\":\"a\",\"text\":\"\x00\"}",
                "NUL byte at byte offset 18",
            ),
        ] {
            let e = parse_jsonl(line, &f, None, &mut vec![]).unwrap_err();
            assert!(e.starts_with(want), "{e}");
        }
    }

    /// The shortcut that keeps only the wanted members gives what parsing the whole object
    /// gives, record by record: documents, warnings and reasons.
    #[test]
    fn wanted_fields_read_as_the_whole_object() {
        let f = Fields::default();
        let whole = |line: &str, warnings: &mut Vec<String>| {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
            document_from_json(&v, &f, None, warnings)
        };
        for line in [
            r#"{"id":"a","text":"x","date":"2023-08-13","lang":"ar"}"#,
            r#"{"title":{"deep":[1,2,{"x":null}]},"id":7,"text":"y","url":"u"}"#,
            r#"{"id":"a","text":"first","text":"last"}"#,
            r#"{"id":"a","text":"escaped key","date":20230813}"#,
            r#"{"id":"a","text":"x","date":"not a date"}"#,
            r#"{"id":"a","text":"x","date":[1]}"#,
            r#"{"id":"a","text":5}"#,
            r#"{"id":"a"}"#,
            r#"[1]"#,
            r#""text""#,
            r#"{"id":"a","text":"x"} trailing"#,
            r#"{"id":"a","text":"x""#,
            r#"{"id":"a","text":"x","other":[}"#,
        ] {
            let (mut w1, mut w2) = (Vec::new(), Vec::new());
            let fast = parse_jsonl(line.as_bytes(), &f, None, &mut w1);
            assert_eq!(fast, whole(line, &mut w2), "{line}");
            assert_eq!(w1, w2, "{line}");
        }
    }

    #[test]
    fn dates_iso_timestamps_and_day_first() {
        for (s, want) in [
            ("2023-08-13", "2023-08-13"),
            ("2023-08", "2023-08"),
            ("2023-08-13T10:00:00Z", "2023-08-13"),
            ("2023-08-13 10:00", "2023-08-13"),
            ("17/05/2015", "2015-05-17"),
            ("4.1.2017", "2017-01-04"),
            ("04-01-2017", "2017-01-04"),
        ] {
            assert_eq!(
                document_date(s).map(|d| d.to_string()),
                Ok(want.into()),
                "{s}"
            );
        }
        for bad in ["2023-02-30", "05/17/2015", "yesterday", "31/02/2020"] {
            assert!(document_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bad_date_is_a_warning_not_a_reject() {
        let mut warnings = vec![];
        let doc = parse_jsonl(
            br#"{"id":"a","text":"x","date":"2023-02-30"}"#,
            &Fields::default(),
            None,
            &mut warnings,
        )
        .unwrap();
        assert_eq!(doc.date, None);
        assert!(
            warnings[0].starts_with("field \"date\": \"2023-02-30\""),
            "{warnings:?}"
        );
    }

    #[test]
    fn names_pick_format_and_compression() {
        for (name, format, compression) in [
            ("a.jsonl", InputFormat::Jsonl, Compression::None),
            ("a.jsonl.gz", InputFormat::Jsonl, Compression::Gzip),
            ("a.jsonl.zst", InputFormat::Jsonl, Compression::Zstd),
            ("a.txt.gz", InputFormat::Text, Compression::Gzip),
            ("a.txt", InputFormat::Text, Compression::None),
            ("-", InputFormat::Jsonl, Compression::None),
        ] {
            assert_eq!(detect(name, None), (format, compression), "{name}");
        }
    }

    #[test]
    fn capped_lines_consume_everything_but_keep_the_cap() {
        let data = b"0123456789\nab\r\nlast";
        let mut r = io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 3).unwrap(), (11, true));
        assert_eq!(buf, b"012");
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 10).unwrap(), (4, true));
        assert_eq!(buf, b"ab\r\n");
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 10).unwrap(), (4, false));
        assert_eq!(buf, b"last");
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 10).unwrap(), (0, false));
    }
}
