//! The batch engine: inputs -> records -> extractions on every core -> sinks, in input order.
//!
//! Three stages, joined by bounded channels so memory stays flat whatever the input size:
//! a reader thread cuts the inputs into chunks of raw records (at most
//! [`BatchConfig::chunk_records`] records or [`CHUNK_BYTES`] bytes); the calling thread parses and
//! extracts each chunk on a rayon pool (`par_iter`, so results keep input order); a writer
//! thread writes the chunk's extractions to the sink and its bad records to the rejects file,
//! then checkpoints. At most two chunks wait on each side, so about five chunks are in memory.
//!
//! Every record ends as an extraction, a reject or (when asked) a skip: a panic while
//! extracting one record is caught and rejects that record ("internal error: ...").
//!
//! The extractions go to an output format's [`Sink`] (a file or stdout) or, for `khabar index`,
//! to the SQLite store ([`StoreOutput`]): one transaction per chunk, which also records the
//! resume checkpoint, so the documents and the count of records done commit together.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Once;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use super::error::{fail, BatchError, Context};
use super::extractions::extraction_from_json;
pub use super::files::{check_output_path, default_rejects_path};
use super::files::{open_target, with_suffix, FileMeta, Target};
use super::progress::Progress;
use super::read::{
    expand_inputs, parse, InputEntry, InputFormat, ParseOptions, RawBody, RawReader, RawRecord,
    RecordError, RecordSource,
};
use super::rejects::reject_json;
use super::resume::{Checkpoint, Counters, InputIdentity, CHECKPOINT_VERSION};
use crate::model::Extraction;
use crate::output::{make_sink, stream_sink, OutputFormat, Sink};
use crate::store::{sentences_of_extraction, sentences_of_text, SentenceRow, Store, StoreDocument};
use crate::{Document, Pipeline, Scratch};

/// A chunk is closed once its records reach this many bytes.
pub const CHUNK_BYTES: u64 = 8 << 20;
/// Default records per chunk.
pub const DEFAULT_CHUNK_RECORDS: usize = 512;
/// Default longest token (a run of non-whitespace characters), in bytes: 64 KiB.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 64 << 10;
/// Default time between checkpoints.
pub const DEFAULT_CHECKPOINT_INTERVAL: Duration = Duration::from_secs(2);

/// What to do with a record that cannot be extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnBadRecord {
    /// Write it to the rejects file (or stderr) and go on; exit code 1 at the end.
    #[default]
    Reject,
    /// Count it as skipped and go on (internal errors are still rejected).
    Skip,
    /// Stop at the first one, with exit code 2.
    Fail,
}

impl OnBadRecord {
    fn as_str(self) -> &'static str {
        match self {
            OnBadRecord::Reject => "reject",
            OnBadRecord::Skip => "skip",
            OnBadRecord::Fail => "fail",
        }
    }
}

/// What the input records are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordKind {
    /// Documents, run through the pipeline.
    #[default]
    Documents,
    /// khabar extraction JSONL (the output of `khabar extract`), taken as they are.
    Extractions,
}

/// The SQLite store as the run's output (`khabar index`), instead of a format.
#[derive(Debug, Clone)]
pub struct StoreOutput {
    /// The database file (created if missing).
    pub db: PathBuf,
    /// More names recorded for an entity id the first time the run sees it (its gazetteer
    /// aliases), so a query finds it by names the corpus never used.
    pub aliases: HashMap<String, Vec<String>>,
}

/// Test-only hooks, set from environment variables by the CLI (see docs/batch.md).
#[derive(Debug, Clone, Default)]
pub struct TestHooks {
    /// Abort the process (as a crash would) right after this many records were handed to the
    /// sinks, before anything more is flushed (`KHABAR_TEST_ABORT_AFTER`).
    pub abort_after_records: Option<u64>,
    /// Panic while extracting the document with this id (`KHABAR_TEST_PANIC_ON_ID`).
    pub panic_on_id: Option<String>,
}

/// A batch run's settings.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    /// Input paths (files, directories, `-`).
    pub inputs: Vec<String>,
    /// Input format; None picks by file name.
    pub input_format: Option<InputFormat>,
    /// How records become documents.
    pub parse: ParseOptions,
    /// What the records are.
    pub records: RecordKind,
    /// Output format (unused with [`BatchConfig::store`]).
    pub format: OutputFormat,
    /// Output file; None for stdout.
    pub output: Option<PathBuf>,
    /// Write into this SQLite store instead of an output format (`khabar index`).
    pub store: Option<StoreOutput>,
    /// Rejects file; None for the default (see [`default_rejects_path`]; beside the database
    /// for a store).
    pub rejects: Option<PathBuf>,
    /// Worker threads; 0 for all cores.
    pub threads: usize,
    /// Continue from the checkpoint next to the output.
    pub resume: bool,
    /// What to do with bad records.
    pub on_bad_record: OnBadRecord,
    /// Largest record (JSONL line or text file), in bytes.
    pub max_doc_bytes: usize,
    /// Longest token (run of non-whitespace characters), in bytes.
    pub max_token_bytes: usize,
    /// Records per chunk (the unit of parallel work, ordering and checkpoints).
    pub chunk_records: usize,
    /// Least time between two checkpoints (zero: after every chunk).
    pub checkpoint_interval: Duration,
    /// Show a progress bar (the CLI sets it when stderr is a terminal).
    pub progress: bool,
    /// Test-only hooks.
    pub test: TestHooks,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            inputs: vec!["-".into()],
            input_format: None,
            parse: ParseOptions::default(),
            records: RecordKind::Documents,
            format: OutputFormat::Jsonl,
            output: None,
            store: None,
            rejects: None,
            threads: 0,
            resume: false,
            on_bad_record: OnBadRecord::Reject,
            max_doc_bytes: super::read::DEFAULT_MAX_DOC_BYTES,
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
            chunk_records: DEFAULT_CHUNK_RECORDS,
            checkpoint_interval: DEFAULT_CHECKPOINT_INTERVAL,
            progress: false,
            test: TestHooks::default(),
        }
    }
}

/// What a finished run did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Counters over the whole run (a resumed run's included).
    pub counters: Counters,
    /// Records taken from the checkpoint of an earlier run.
    pub resumed_records: u64,
    /// Their bytes.
    pub resumed_bytes: u64,
    /// Wall time of this process's part of the run.
    pub elapsed: Duration,
    /// Worker threads used.
    pub threads: usize,
    /// Where the rejects went (None: stderr, or skipped).
    pub rejects: Option<PathBuf>,
}

/// The `--stats` JSON.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// Records read.
    pub records_read: u64,
    /// Records extracted.
    pub extracted: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Records skipped.
    pub skipped: u64,
    /// Input bytes of the records read (decompressed).
    pub bytes: u64,
    /// Records per second over this process's part of the run.
    pub docs_per_sec: f64,
    /// Megabytes (10^6 bytes) per second over this process's part of the run.
    pub mb_per_sec: f64,
    /// Entities found.
    pub entities: u64,
    /// Relations found.
    pub relations: u64,
    /// Seconds of this process's part of the run.
    pub elapsed_secs: f64,
    /// Worker threads.
    pub threads: usize,
    /// Records taken over from a checkpoint (0 unless resumed).
    pub resumed_records: u64,
}

impl Summary {
    /// The statistics of the run; rates count only the records this process handled.
    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        let here = c.records_read.saturating_sub(self.resumed_records);
        let bytes_here = c.bytes.saturating_sub(self.resumed_bytes);
        Stats {
            records_read: c.records_read,
            extracted: c.extracted,
            rejected: c.rejected,
            skipped: c.skipped,
            bytes: c.bytes,
            docs_per_sec: round2(here as f64 / secs),
            mb_per_sec: round2(bytes_here as f64 / 1e6 / secs),
            entities: c.entities,
            relations: c.relations,
            elapsed_secs: (self.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
            threads: self.threads,
            resumed_records: self.resumed_records,
        }
    }

    /// The end-of-run summary line for stderr.
    pub fn line(&self) -> String {
        let s = self.stats();
        let mut line = format!(
            "khabar: {} read: {} extracted, {} rejected, {} skipped; \
             {:.1} MB in {:.2} s ({:.0} docs/s, {:.1} MB/s, {}); {}, {}",
            counted(s.records_read, "record", "records"),
            s.extracted,
            s.rejected,
            s.skipped,
            s.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            s.docs_per_sec,
            s.mb_per_sec,
            counted(s.threads as u64, "thread", "threads"),
            counted(s.entities, "entity", "entities"),
            counted(s.relations, "relation", "relations"),
        );
        if self.resumed_records > 0 {
            line += &format!(
                " (resumed after {})",
                counted(self.resumed_records, "record", "records")
            );
        }
        if let (Some(p), true) = (&self.rejects, s.rejected > 0) {
            line += &format!("; rejects in {}", p.display());
        }
        line
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// One record's result.
/// An extraction as the writer thread receives it.
enum Payload {
    /// The extraction itself (the store, and formats that need the whole object).
    Extraction(Extraction),
    /// Encoded by the worker as a JSON Lines line (the default output format): the writer
    /// only copies bytes, so it does not become the bottleneck as workers are added, and the
    /// extraction is freed on the thread that made it.
    Line {
        line: Vec<u8>,
        entities: usize,
        relations: usize,
    },
}

enum Outcome {
    Extracted {
        payload: Payload,
        bytes: u64,
        /// The document's sentences, for the store (empty otherwise).
        sentences: Vec<SentenceRow>,
        /// Where the document came from, for the store (None for extraction records).
        source: Option<String>,
    },
    Bad {
        source: RecordSource,
        error: RecordError,
        internal: bool,
        bytes: u64,
    },
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    static IN_RECORD: Cell<bool> = const { Cell::new(false) };
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

static PANIC_HOOK: Once = Once::new();

/// Keeps the default panic message off stderr for panics caught in a record (they become
/// rejects with the message as reason); other panics print as usual.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_RECORD.with(Cell::get) {
                let payload = info.payload();
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                PANIC_MESSAGE.with(|m| *m.borrow_mut() = Some(format!("{msg}{at}")));
            } else {
                default(info);
            }
        }));
    });
}

/// Extracts one document with a panic caught; with `sentences`, also the document's sentences
/// (for the store).
fn extract_caught(
    pipeline: &Pipeline,
    doc: &Document,
    sentences: bool,
    test: &TestHooks,
) -> Result<(Extraction, Vec<SentenceRow>), String> {
    SCRATCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        IN_RECORD.with(|f| f.set(true));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if test.panic_on_id.as_deref() == Some(doc.id.as_str()) {
                panic!("test panic (KHABAR_TEST_PANIC_ON_ID)");
            }
            let ex = pipeline.extract_with(doc, &mut scratch);
            // extract_with leaves this document's tokens in the scratch.
            let rows = match sentences {
                true => sentences_of_text(&doc.text, &scratch.tokens),
                false => Vec::new(),
            };
            (ex, rows)
        }));
        IN_RECORD.with(|f| f.set(false));
        result.map_err(|_| {
            // The scratch may be half-updated: start the next record from a clean one.
            *scratch = Scratch::default();
            PANIC_MESSAGE
                .with(|m| m.borrow_mut().take())
                .unwrap_or_else(|| "panic".into())
        })
    })
}

/// Why a text is refused by the token limit: its first token over `max` bytes.
fn token_limit(text: &str, max: usize) -> Option<String> {
    long_token(text, max).map(|(at, len)| {
        format!(
            "token of {len} bytes at byte offset {at} of the text, over the limit of {max} \
             (--max-token-bytes)"
        )
    })
}

/// Why one document gave no extraction: the reject reason, and whether it was an internal
/// error (a caught panic), which `--on-bad-record skip` still rejects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentError {
    /// The reason, as the rejects file gives it.
    pub reason: String,
    /// Whether it was a caught panic rather than a bad record.
    pub internal: bool,
}

/// Extracts one parsed document exactly as the batch engine does: a document with a token
/// over `max_token_bytes` is refused, a panic is caught (the thread's scratch is reused across
/// calls), and the record's warnings are added to the extraction. Front ends other than the
/// CLI (the Python binding) call it, so they give the same extraction or the same reason.
pub fn extract_document(
    pipeline: &Pipeline,
    parsed: super::read::Parsed,
    max_token_bytes: usize,
) -> Result<Extraction, DocumentError> {
    install_panic_hook();
    let super::read::Parsed { document, warnings } = parsed;
    if let Some(reason) = token_limit(&document.text, max_token_bytes) {
        return Err(DocumentError {
            reason,
            internal: false,
        });
    }
    match extract_caught(pipeline, &document, false, &TestHooks::default()) {
        Ok((mut ex, _)) => {
            ex.warnings.extend(warnings);
            Ok(ex)
        }
        Err(msg) => Err(DocumentError {
            reason: format!("internal error: {msg}"),
            internal: true,
        }),
    }
}

/// The first token (run of non-whitespace characters) longer than `max` bytes.
fn long_token(text: &str, max: usize) -> Option<(usize, usize)> {
    if text.len() <= max {
        return None;
    }
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if i - start > max {
                return Some((start, i - start));
            }
            start = i + c.len_utf8();
        }
    }
    (text.len() - start > max).then(|| (start, text.len() - start))
}

struct Work<'a> {
    pipeline: &'a Pipeline,
    parse: &'a ParseOptions,
    records: RecordKind,
    /// Whether the output is the store (which keeps sentences and sources).
    store: bool,
    max_token_bytes: usize,
    test: &'a TestHooks,
    /// Whether workers encode extractions as JSON Lines (the output is a JSON Lines stream).
    encode_jsonl: bool,
}

fn bad(raw: &RawRecord, error: RecordError, internal: bool) -> Outcome {
    Outcome::Bad {
        source: raw.source.clone(),
        error,
        internal,
        bytes: raw.bytes,
    }
}

impl Work<'_> {
    fn process(&self, raw: RawRecord) -> Outcome {
        if self.records == RecordKind::Extractions {
            return self.take_extraction(raw);
        }
        let (doc, warnings) = match parse(&raw, self.parse) {
            Ok(p) => (p.document, p.warnings),
            Err(e) => return bad(&raw, e, false),
        };
        if let Some(reason) = token_limit(&doc.text, self.max_token_bytes) {
            return bad(&raw, raw.reject(reason), false);
        }
        match extract_caught(self.pipeline, &doc, self.store, self.test) {
            Ok((mut ex, sentences)) => {
                ex.warnings.extend(warnings);
                Outcome::Extracted {
                    payload: self.payload(ex),
                    bytes: raw.bytes,
                    sentences,
                    source: self.store.then(|| raw.source.to_string()),
                }
            }
            Err(msg) => bad(&raw, raw.reject(format!("internal error: {msg}")), true),
        }
    }

    /// What the writer receives for an extraction: the JSON Lines line when the output is
    /// JSON Lines, else the extraction.
    fn payload(&self, ex: Extraction) -> Payload {
        if !self.encode_jsonl {
            return Payload::Extraction(ex);
        }
        let mut line = Vec::with_capacity(1024);
        match crate::output::jsonl_line(&ex, &mut line) {
            Ok(()) => Payload::Line {
                line,
                entities: ex.entities.len(),
                relations: ex.relations.len(),
            },
            // Writing to memory does not fail; if it ever did, the sink reports it.
            Err(_) => Payload::Extraction(ex),
        }
    }

    /// An extraction record (a line of `khabar extract` output), decoded as it is.
    fn take_extraction(&self, raw: RawRecord) -> Outcome {
        let bytes = match &raw.body {
            RawBody::Bad(e) => return bad(&raw, e.clone(), false),
            RawBody::Line { bytes, .. } | RawBody::Text { bytes, .. } => bytes,
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.trim_start_matches('\u{feff}').trim(),
            Err(e) => {
                let reason = format!("not UTF-8 at byte offset {}", e.valid_up_to());
                return bad(&raw, raw.reject(reason), false);
            }
        };
        match extraction_from_json(text) {
            Ok(ex) => Outcome::Extracted {
                sentences: match self.store {
                    true => sentences_of_extraction(&ex),
                    false => Vec::new(),
                },
                payload: self.payload(ex),
                bytes: raw.bytes,
                source: None,
            },
            Err(reason) => bad(&raw, raw.reject(reason), false),
        }
    }
}

/// Where the writer thread puts extractions.
enum Output {
    /// An output format's sink over a file or stdout.
    Stream {
        sink: Box<dyn Sink + Send>,
        meta: FileMeta,
        /// The checkpoint file and the template of its contents (None: no checkpoints).
        checkpoint: Option<(PathBuf, Checkpoint)>,
    },
    /// The SQLite store: each chunk is one transaction, with its checkpoint.
    Store(StoreSink),
}

/// The store as a sink: the chunk's documents wait in `pending` until the chunk's commit.
struct StoreSink {
    store: Store,
    pending: Vec<StoreDocument>,
    aliases: HashMap<String, Vec<String>>,
    /// Entities whose gazetteer aliases this run has recorded.
    described: HashSet<String>,
    template: Checkpoint,
}

impl StoreSink {
    fn push(
        &mut self,
        extraction: Extraction,
        sentences: Vec<SentenceRow>,
        source: Option<String>,
    ) {
        let mut aliases = Vec::new();
        for e in &extraction.entities {
            if !self.aliases.contains_key(&e.id) || !self.described.insert(e.id.clone()) {
                continue;
            }
            for a in self.aliases.get(&e.id).into_iter().flatten() {
                aliases.push((e.id.clone(), a.clone()));
            }
        }
        self.pending.push(StoreDocument {
            extraction,
            sentences,
            source,
            aliases,
        });
    }
}

/// The writer thread's state.
struct Writer {
    out: Output,
    out_name: String,
    rejects: Option<(Box<dyn Write + Send>, FileMeta)>,
    rejects_name: String,
    rejects_to_stderr: bool,
    counters: Counters,
    on_bad: OnBadRecord,
    interval: Duration,
    last_checkpoint: Instant,
    abort_after: Option<u64>,
    progress: Option<Progress>,
    records_here: u64,
}

impl Writer {
    fn write_chunk(&mut self, outcomes: Vec<Outcome>) -> Result<(), BatchError> {
        for outcome in outcomes {
            self.counters.records_read += 1;
            self.records_here += 1;
            match outcome {
                Outcome::Extracted {
                    payload,
                    bytes,
                    sentences,
                    source,
                } => {
                    self.counters.bytes += bytes;
                    let (entities, relations) = match &payload {
                        Payload::Extraction(ex) => (ex.entities.len(), ex.relations.len()),
                        Payload::Line {
                            entities,
                            relations,
                            ..
                        } => (*entities, *relations),
                    };
                    self.counters.entities += entities as u64;
                    self.counters.relations += relations as u64;
                    let written = match (&mut self.out, payload) {
                        (Output::Stream { sink, .. }, Payload::Extraction(ex)) => sink.write(&ex),
                        (Output::Stream { sink, .. }, Payload::Line { line, .. }) => {
                            sink.write_jsonl_line(&line)
                        }
                        (Output::Store(store), Payload::Extraction(ex)) => {
                            store.push(ex, sentences, source);
                            Ok(())
                        }
                        (Output::Store(_), Payload::Line { .. }) => {
                            fail!("internal error: an encoded line for the store")
                        }
                    };
                    written
                        .context_with(|| format!("cannot write the output to {}", self.out_name))?;
                    self.counters.extracted += 1;
                }
                Outcome::Bad {
                    source,
                    error,
                    internal,
                    bytes,
                } => {
                    self.counters.bytes += bytes;
                    match self.on_bad {
                        OnBadRecord::Fail => fail!(
                            "bad record at {source} (byte offset {}): {} (--on-bad-record fail)",
                            source.byte_offset,
                            error.reason
                        ),
                        OnBadRecord::Skip if !internal => self.counters.skipped += 1,
                        _ => {
                            self.counters.rejected += 1;
                            self.write_reject(&source, &error)?;
                        }
                    }
                }
            }
            if self.abort_after == Some(self.counters.records_read) {
                // Test-only: die like a crash, with whatever is unflushed lost.
                std::process::abort();
            }
        }
        if let Some(p) = &self.progress {
            p.update(self.records_here);
        }
        match &self.out {
            Output::Store(_) => self.commit_store(false)?,
            Output::Stream {
                checkpoint: Some(_),
                ..
            } if self.last_checkpoint.elapsed() >= self.interval => self.save_checkpoint()?,
            Output::Stream { .. } => {}
        }
        Ok(())
    }

    fn write_reject(
        &mut self,
        source: &RecordSource,
        error: &RecordError,
    ) -> Result<(), BatchError> {
        if self.rejects_to_stderr {
            let _ = writeln!(io::stderr(), "khabar: {source}: {}", error.reason);
            return Ok(());
        }
        if let Some((w, _)) = &mut self.rejects {
            w.write_all(&reject_json(source, error))
                .context_with(|| format!("cannot write the rejects to {}", self.rejects_name))?;
        }
        Ok(())
    }

    /// Flushes and fsyncs the rejects file; returns its length.
    fn sync_rejects(&mut self) -> Result<u64, BatchError> {
        let Some((w, meta)) = &mut self.rejects else {
            return Ok(0);
        };
        w.flush()
            .and_then(|_| meta.sync())
            .context_with(|| format!("cannot write the rejects to {}", self.rejects_name))?;
        Ok(meta.count.load(Ordering::Relaxed))
    }

    /// Flushes and fsyncs both files, then records how far they go.
    fn save_checkpoint(&mut self) -> Result<(), BatchError> {
        let rejects_bytes = self.sync_rejects()?;
        let Output::Stream {
            sink,
            meta,
            checkpoint: Some((path, template)),
        } = &mut self.out
        else {
            return Ok(());
        };
        sink.flush()
            .and_then(|_| meta.sync())
            .context_with(|| format!("cannot write the output to {}", self.out_name))?;
        let cp = Checkpoint {
            records_done: self.counters.records_read,
            output_bytes: meta.count.load(Ordering::Relaxed),
            rejects_bytes,
            counters: self.counters,
            ..template.clone()
        };
        cp.save(path)
            .context_with(|| format!("cannot write the checkpoint {}", path.display()))?;
        self.last_checkpoint = Instant::now();
        Ok(())
    }

    /// Commits the pending documents in one transaction with the checkpoint that counts them
    /// (the last commit removes it). The rejects file is fsynced first, so a checkpoint never
    /// counts rejects that could be lost.
    fn commit_store(&mut self, last: bool) -> Result<(), BatchError> {
        let rejects_bytes = self.sync_rejects()?;
        let Output::Store(s) = &mut self.out else {
            return Ok(());
        };
        let cp = Checkpoint {
            records_done: self.counters.records_read,
            rejects_bytes,
            counters: self.counters,
            ..s.template.clone()
        };
        let json = serde_json::to_string(&cp)?;
        s.store
            .write_batch_with_checkpoint(&s.pending, (!last).then_some(json.as_str()))
            .context_with(|| format!("cannot write to {}", self.out_name))?;
        s.pending.clear();
        self.last_checkpoint = Instant::now();
        Ok(())
    }

    fn finish(mut self) -> Result<Counters, BatchError> {
        match &mut self.out {
            Output::Stream { sink, meta, .. } => sink
                .finish()
                .and_then(|_| meta.sync())
                .context_with(|| format!("cannot write the output to {}", self.out_name))?,
            Output::Store(_) => self.commit_store(true)?,
        }
        self.sync_rejects()?;
        if let Some(p) = &self.progress {
            p.bar.finish_and_clear();
        }
        Ok(self.counters)
    }
}

/// Settings that change output bytes, by flag, for the checkpoint.
fn settings(
    cfg: &BatchConfig,
    rejects: Option<&Target>,
) -> std::collections::BTreeMap<String, String> {
    let f = &cfg.parse.fields;
    let format = match cfg.store {
        Some(_) => "sqlite store",
        None => cfg.format.as_str(),
    };
    let records = match cfg.records {
        RecordKind::Documents => "documents",
        RecordKind::Extractions => "extractions",
    };
    [
        (
            "--input",
            cfg.input_format.map_or("auto", |f| f.as_str()).to_string(),
        ),
        ("--format", format.to_string()),
        ("records", records.to_string()),
        ("--id-field", f.id.clone()),
        ("--text-field", f.text.clone()),
        ("--date-field", f.date.clone()),
        ("lang field", f.lang.clone()),
        (
            "--date",
            cfg.parse
                .default_date
                .map_or(String::new(), |d| d.to_string()),
        ),
        ("--on-bad-record", cfg.on_bad_record.as_str().to_string()),
        ("--max-doc-bytes", cfg.max_doc_bytes.to_string()),
        ("--max-token-bytes", cfg.max_token_bytes.to_string()),
        ("--rejects", rejects.map_or(String::new(), Target::name)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// `n` and the noun for it: "1 relation", "2 relations", "0 relations".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The worker threads a run uses for `requested` (0: all cores): never more than the cores
/// available, since extraction is CPU-bound and extra threads only add overhead (10,000
/// threads made 2,000 records take minutes instead of a fraction of a second).
pub fn worker_threads(requested: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if requested == 0 {
        cores
    } else {
        requested.min(cores)
    }
}

/// Where a run's output, rejects and checkpoint go.
struct Targets {
    out: Target,
    /// The rejects file (None: rejects go to stderr, or are skipped).
    rejects: Option<Target>,
    /// The checkpoint file of a file output (a store keeps its checkpoint inside).
    checkpoint: Option<PathBuf>,
}

fn targets(cfg: &BatchConfig) -> Result<Targets, BatchError> {
    let out = match (&cfg.store, &cfg.output, cfg.format) {
        (Some(s), _, _) => Target::Direct(s.db.clone()),
        (None, Some(dir), OutputFormat::Neo4j) => Target::Dir(dir.clone()),
        (None, None, OutputFormat::Neo4j) => fail!(
            "--format neo4j writes two files (nodes.csv, relationships.csv): give --output DIR"
        ),
        (None, Some(p), _) => Target::for_path(p),
        (None, None, _) => Target::Std,
    };
    let rejects_path = match (&cfg.rejects, &cfg.store, &out) {
        (Some(p), _, _) => Some(p.clone()),
        (None, Some(s), _) => Some(default_rejects_path(&s.db)),
        (None, None, Target::Atomic { path, .. } | Target::Dir(path)) => {
            Some(default_rejects_path(path))
        }
        _ => None,
    };
    // Only `reject` writes a rejects file; without one, rejects go to stderr.
    let rejects = match &rejects_path {
        Some(p) if cfg.on_bad_record == OnBadRecord::Reject => Some(Target::for_path(p)),
        _ => None,
    };
    // Every output path is checked before anything is created or read, so a typo in the
    // last one leaves no partial file of the first.
    if let (None, Target::Atomic { path, .. }) = (&cfg.store, &out) {
        check_output_path(path, "--output")?;
    }
    if let Some(Target::Atomic { path, .. }) = &rejects {
        check_output_path(path, "--rejects")?;
    }
    let checkpoint = match (&cfg.store, &out) {
        (None, Target::Atomic { path, .. }) => Some(with_suffix(path, ".checkpoint")),
        _ => None,
    };
    Ok(Targets {
        out,
        rejects,
        checkpoint,
    })
}

/// Refuses to resume what cannot be checked to be the same input.
fn check_resumable(entries: &[InputEntry], template: &Checkpoint) -> Result<(), BatchError> {
    if entries.iter().any(|e| e.is_stdin()) {
        fail!("--resume cannot check that standard input is the same: give files");
    }
    if let Some(pipe) = template.inputs.iter().find(|i| !i.regular) {
        fail!(
            "--resume cannot check that {} is the same: it is a pipe, FIFO or device, \
             which can be read only once; give regular files",
            pipe.name
        );
    }
    Ok(())
}

/// A saved checkpoint, if it matches this run (`where_` names where it was kept).
fn verified(
    saved: Checkpoint,
    template: &Checkpoint,
    where_: &str,
) -> Result<Checkpoint, BatchError> {
    if let Some(why) = saved.mismatch(template) {
        fail!("cannot resume from {where_}: {why}; run without --resume to start over");
    }
    Ok(saved)
}

/// The checkpoint file to resume from (None: start from the beginning); without --resume, an
/// older checkpoint is removed, since a fresh run replaces the partial files.
fn file_checkpoint(
    cfg: &BatchConfig,
    targets: &Targets,
    entries: &[InputEntry],
    template: &Checkpoint,
) -> Result<Option<Checkpoint>, BatchError> {
    let cp_path = targets.checkpoint.as_ref();
    if !cfg.resume {
        if let Some(cp_path) = cp_path.filter(|p| p.exists()) {
            std::fs::remove_file(cp_path)
                .context_with(|| format!("cannot remove {}", cp_path.display()))?;
            let _ = writeln!(
                io::stderr(),
                "khabar: discarded the checkpoint of an unfinished run at {} (--resume continues one)",
                cp_path.display()
            );
        }
        return Ok(None);
    }
    let Some(cp_path) = cp_path else {
        fail!("--resume needs --output FILE (a regular file, where the checkpoint is kept)");
    };
    let resumable = stream_sink(cfg.format, Box::new(io::sink())).is_some_and(|s| s.resumable());
    if !resumable {
        fail!(
            "--resume needs a line-oriented output format (jsonl); {} output cannot be resumed",
            cfg.format.as_str()
        );
    }
    check_resumable(entries, template)?;
    if !cp_path.exists() {
        let _ = writeln!(
            io::stderr(),
            "khabar: no checkpoint at {}: starting from the beginning",
            cp_path.display()
        );
        return Ok(None);
    }
    let saved = Checkpoint::load(cp_path)
        .context_with(|| format!("cannot read the checkpoint {}", cp_path.display()))?;
    verified(saved, template, &cp_path.display().to_string()).map(Some)
}

/// The checkpoint kept in the store to resume from (None: start from the beginning). Without
/// --resume an older one is left to be replaced by this run's first commit.
fn store_checkpoint(
    cfg: &BatchConfig,
    store: &Store,
    db: &std::path::Path,
    entries: &[InputEntry],
    template: &Checkpoint,
) -> Result<Option<Checkpoint>, BatchError> {
    let saved = store
        .checkpoint()
        .context_with(|| format!("cannot read {}", db.display()))?;
    let name = db.display();
    if !cfg.resume {
        if saved.is_some() {
            let _ = writeln!(
                io::stderr(),
                "khabar: {name} holds the checkpoint of an unfinished index run: this run \
                 starts over (--resume continues it; documents already indexed stay)"
            );
        }
        return Ok(None);
    }
    check_resumable(entries, template)?;
    let Some(json) = saved else {
        let _ = writeln!(
            io::stderr(),
            "khabar: no checkpoint in {name}: starting from the beginning"
        );
        return Ok(None);
    };
    let saved: Checkpoint = serde_json::from_str(&json)
        .context_with(|| format!("cannot read the checkpoint in {name}"))?;
    verified(saved, template, &name.to_string()).map(Some)
}

/// Opens the output (resuming where `resumed` says) into the writer's [`Output`].
fn open_output(
    cfg: &BatchConfig,
    targets: &Targets,
    store: Option<Store>,
    template: Checkpoint,
    resumed: Option<&Checkpoint>,
) -> Result<Output, BatchError> {
    if let (Some(store), Some(s)) = (store, &cfg.store) {
        return Ok(Output::Store(StoreSink {
            store,
            pending: Vec::new(),
            aliases: s.aliases.clone(),
            described: HashSet::new(),
            template,
        }));
    }
    // Neo4j's sink manages its directory of files itself (temp names, renamed by finish).
    let (sink, meta) = match &targets.out {
        Target::Dir(dir) => (
            make_sink(cfg.format, Some(dir))?,
            FileMeta {
                sync: None,
                count: Default::default(),
            },
        ),
        out => {
            let (writer, meta) = open_target(out, resumed.map(|c| c.output_bytes))?;
            let Some(sink) = stream_sink(cfg.format, writer) else {
                fail!("--format {} needs --output", cfg.format.as_str());
            };
            (sink, meta)
        }
    };
    let checkpoint = match (&targets.checkpoint, sink.resumable()) {
        (Some(p), true) => Some((p.clone(), template)),
        _ => None,
    };
    Ok(Output::Stream {
        sink,
        meta,
        checkpoint,
    })
}

/// Starts the reader thread: it skips `skip` records (resume), then sends chunks of raw
/// records. It is not joined on an early stop, since it may be blocked on stdin.
fn spawn_reader(
    mut raw: RawReader,
    skip: u64,
    chunk_records: usize,
) -> Result<Receiver<Result<Vec<RawRecord>, String>>, BatchError> {
    let (chunk_tx, chunk_rx) = sync_channel::<Result<Vec<RawRecord>, String>>(2);
    std::thread::Builder::new()
        .name("khabar-read".into())
        .spawn(move || {
            if skip > 0 {
                let got = raw.skip_records(skip);
                if got < skip {
                    let _ = chunk_tx.send(Err(format!(
                        "cannot resume: the inputs have {got} records, fewer than the {skip} \
                         the checkpoint says were done"
                    )));
                    return;
                }
            }
            let mut chunk = Vec::with_capacity(chunk_records);
            let mut chunk_bytes = 0;
            for record in raw {
                chunk_bytes += record.bytes;
                chunk.push(record);
                if chunk.len() >= chunk_records || chunk_bytes >= CHUNK_BYTES {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(chunk_records));
                    chunk_bytes = 0;
                    if chunk_tx.send(Ok(full)).is_err() {
                        return;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = chunk_tx.send(Ok(chunk));
            }
        })
        .context_with(|| "cannot start the reader thread".into())?;
    Ok(chunk_rx)
}

/// Extracts each chunk on the pool and hands it to the writer thread, in input order.
/// Returns the writer's counters; a writer error comes first, since when the writer stops,
/// the reader's error is only a consequence.
fn extract_and_write(
    chunks: Receiver<Result<Vec<RawRecord>, String>>,
    pool: &rayon::ThreadPool,
    work: &Work,
    writer: Writer,
) -> Result<Counters, BatchError> {
    let (done_tx, done_rx) = sync_channel::<Vec<Outcome>>(2);
    let (read_result, write_result) = std::thread::scope(|scope| {
        let writer_thread = std::thread::Builder::new()
            .name("khabar-write".into())
            .spawn_scoped(scope, move || -> Result<Counters, BatchError> {
                let mut writer = writer;
                for outcomes in done_rx {
                    writer.write_chunk(outcomes)?;
                }
                writer.finish()
            });
        let writer_thread = match writer_thread {
            Ok(t) => t,
            Err(e) => return (Ok(()), Err(BatchError::from(e))),
        };
        let mut read_result = Ok(());
        for chunk in chunks {
            let chunk = match chunk {
                Ok(c) => c,
                Err(e) => {
                    read_result = Err(BatchError::Message(e));
                    break;
                }
            };
            let outcomes: Vec<Outcome> =
                pool.install(|| chunk.into_par_iter().map(|r| work.process(r)).collect());
            if done_tx.send(outcomes).is_err() {
                break; // the writer stopped on an error, reported below
            }
        }
        drop(done_tx);
        let write_result = writer_thread.join().unwrap_or_else(|_| {
            Err(BatchError::Message(
                "internal error: the writer thread panicked".into(),
            ))
        });
        (read_result, write_result)
    });
    let counters = write_result?;
    read_result?;
    Ok(counters)
}

/// Runs a batch: reads every input, extracts on `cfg.threads` threads, writes in input order.
///
/// Returns the summary when every record was handled (some may be rejected); an error for
/// fatal problems (configuration, I/O, output write, `--on-bad-record fail`).
pub fn run(pipeline: &Pipeline, cfg: &BatchConfig) -> Result<Summary, BatchError> {
    let start = Instant::now();
    install_panic_hook();
    let entries = expand_inputs(&cfg.inputs);
    if entries.iter().filter(|e| e.is_stdin()).count() > 1 {
        fail!("standard input (-) is given more than once");
    }
    let targets = targets(cfg)?;
    let total_bytes = entries
        .iter()
        .map(|e| match e.is_stdin() {
            true => None,
            false => std::fs::metadata(&e.path).ok().map(|m| m.len()),
        })
        .try_fold(0u64, |acc, n| Some(acc + n.unwrap_or(0)));
    let threads = worker_threads(cfg.threads);
    let keeps_checkpoint = targets.checkpoint.is_some() || cfg.store.is_some();
    let template = Checkpoint {
        checkpoint_version: CHECKPOINT_VERSION,
        khabar_version: env!("CARGO_PKG_VERSION").to_string(),
        fingerprint: format!("{:016x}", pipeline.fingerprint()),
        settings: settings(cfg, targets.rejects.as_ref()),
        // Identities only where a checkpoint will record them; they never open a pipe.
        inputs: match keeps_checkpoint {
            true => entries.iter().map(InputIdentity::of).collect(),
            false => Vec::new(),
        },
        records_done: 0,
        output_bytes: 0,
        rejects_bytes: 0,
        counters: Counters::default(),
    };

    // Resume: verify the checkpoint, then keep what it covers.
    let (store, resumed) = match &cfg.store {
        Some(s) => {
            // Store errors name the database themselves.
            let store = Store::open(&s.db)?;
            let resumed = store_checkpoint(cfg, &store, &s.db, &entries, &template)?;
            (Some(store), resumed)
        }
        None => (None, file_checkpoint(cfg, &targets, &entries, &template)?),
    };
    let out = open_output(cfg, &targets, store, template, resumed.as_ref())?;
    let rejects = match &targets.rejects {
        Some(t) => Some(open_target(t, resumed.as_ref().map(|c| c.rejects_bytes))?),
        None => None,
    };

    let raw = RawReader::new(entries, cfg.input_format).max_record_bytes(cfg.max_doc_bytes);
    let progress = cfg
        .progress
        .then(|| Progress::new(total_bytes, raw.stored_bytes()));
    let resumed_counters = resumed.as_ref().map(|c| c.counters).unwrap_or_default();
    let writer = Writer {
        out,
        out_name: targets.out.name(),
        rejects,
        rejects_name: targets
            .rejects
            .as_ref()
            .map(Target::name)
            .unwrap_or_default(),
        rejects_to_stderr: targets.rejects.is_none(),
        counters: resumed_counters,
        on_bad: cfg.on_bad_record,
        interval: cfg.checkpoint_interval,
        last_checkpoint: Instant::now(),
        abort_after: cfg.test.abort_after_records,
        progress,
        records_here: 0,
    };
    let chunks = spawn_reader(raw, resumed_counters.records_read, cfg.chunk_records.max(1))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("khabar-work-{i}"))
        .build()
        .map_err(BatchError::Pool)?;
    let work = Work {
        pipeline,
        parse: &cfg.parse,
        records: cfg.records,
        store: cfg.store.is_some(),
        max_token_bytes: cfg.max_token_bytes,
        test: &cfg.test,
        encode_jsonl: cfg.store.is_none() && cfg.format == OutputFormat::Jsonl,
    };
    let counters = extract_and_write(chunks, &pool, &work, writer)?;

    targets.out.commit()?;
    if let Some(t) = &targets.rejects {
        t.commit()?;
    }
    if let Some(p) = &targets.checkpoint {
        if p.exists() {
            std::fs::remove_file(p).context_with(|| format!("cannot remove {}", p.display()))?;
        }
    }
    Ok(Summary {
        counters,
        resumed_records: resumed_counters.records_read,
        resumed_bytes: resumed_counters.bytes,
        elapsed: start.elapsed(),
        threads,
        rejects: targets.rejects.map(|t| match t {
            Target::Atomic { path, .. } | Target::Direct(path) | Target::Dir(path) => path,
            Target::Std => PathBuf::new(),
        }),
    })
}
