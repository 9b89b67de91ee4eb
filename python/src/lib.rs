//! Python bindings of khabar (the `khabar._khabar` module, re-exported by the `khabar`
//! package): `Pipeline(...)`, `.extract(text, ...)` and `.extract_many(records, ...)`.
//!
//! Every document goes through the same functions as `khabar extract`: JSON Lines records are
//! parsed by `batch::read::parse`, dicts by `batch::read::document_from_json` (the same field
//! rules and reject reasons), and both are extracted by `batch::extract_document` (the token
//! limit, caught panics, the record's warnings). Extractions leave through the same serde types
//! as the CLI's JSON: as JSON text (`output="json"`, the CLI's bytes for the line) or as Python
//! objects built by `pythonize` from those types (`output="dict"`, equal to `json.loads` of the
//! line, keys in the same order). Extraction runs with the GIL released.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use khabar::batch::read::{
    check_text, document_date, document_from_json, parse, Fields, ParseOptions, Parsed, RawBody,
    RawRecord, RecordSource,
};
use khabar::batch::run::DEFAULT_MAX_TOKEN_BYTES;
use khabar::batch::{extract_document, DocumentError};
use khabar::{Document, Extraction, PartialDate};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyIterator, PyString};
use rayon::prelude::*;

create_exception!(
    khabar,
    KhabarError,
    PyException,
    "Base class of khabar's errors."
);
create_exception!(
    khabar,
    ConfigError,
    KhabarError,
    "Gazetteer or rule files that cannot be loaded; the message names each file:line."
);
create_exception!(
    khabar,
    RecordError,
    KhabarError,
    "A record that cannot be extracted. `.reason` is the reason `khabar extract` writes to its \
     rejects file, `.index` the record's position in the input (None for `extract`)."
);

/// How a finished extraction is handed to Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Python objects (dicts, lists, str, int, float, bool, None).
    Dict,
    /// The JSON text the CLI writes for the document (one line, no newline).
    Json,
}

impl Output {
    fn parse(s: &str) -> PyResult<Output> {
        match s {
            "dict" => Ok(Output::Dict),
            "json" => Ok(Output::Json),
            _ => Err(PyValueError::new_err(format!(
                "output must be \"dict\" or \"json\", not {s:?}"
            ))),
        }
    }
}

/// What a string record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InputFormat {
    /// A document's text.
    Text,
    /// One JSON Lines record, read as `khabar extract` reads a line.
    Jsonl,
}

/// `--on-bad-record`, in Python's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnBadRecord {
    /// Raise `RecordError` (the CLI's `fail`).
    Fail,
    /// Yield a reject object in the record's place (the CLI's `reject`).
    Reject,
    /// Leave the record out (the CLI's `skip`; internal errors are still rejects).
    Skip,
}

/// Settings of one `extract_many` call (shared read-only by the worker threads).
#[derive(Debug)]
struct Settings {
    parse: ParseOptions,
    input: InputFormat,
    output: Output,
    on_bad_record: OnBadRecord,
    max_token_bytes: usize,
}

/// One record taken from Python, owned by Rust so workers can run without the GIL.
enum Input {
    /// A document read from a dict or a text (warnings: a date that could not be read).
    Doc(Parsed),
    /// A JSON Lines record.
    Line(Vec<u8>),
    /// A record that is no document, with the reason.
    Bad(String),
    /// A blank JSON Lines record: not a record, as in a JSONL file.
    Blank,
}

/// One record's result, ready to become a Python object.
enum Done {
    Extraction(Box<Extraction>),
    Json(String),
    Bad(DocumentError),
    Blank,
}

/// A khabar pipeline: gazetteers and rules loaded once, then used for any number of documents.
///
/// The options are the CLI's: `gazetteers` / `rules` name a directory that replaces the
/// embedded defaults (`--gazetteers DIR`, `--rules DIR`); `add_gazetteers` / `add_rules` a
/// directory, or a list of them, added to them (`--add-gazetteers`, `--add-rules`). `tagger`
/// runs the name tagger stage (`tagger=False` is `--no-tagger`). Raises `ConfigError` (each problem with its file:line) when a file cannot
/// be loaded.
///
/// A pipeline is immutable and safe to share between threads: `extract` and `extract_many`
/// release the GIL while they work, so several Python threads can use one pipeline at once.
#[pyclass(frozen, module = "khabar")]
struct Pipeline {
    inner: Arc<khabar::Pipeline>,
    tagger: bool,
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (gazetteers=None, rules=None, add_gazetteers=None, add_rules=None, tagger=true))]
    fn new(
        py: Python<'_>,
        gazetteers: Option<PathBuf>,
        rules: Option<PathBuf>,
        add_gazetteers: Option<&Bound<'_, PyAny>>,
        add_rules: Option<&Bound<'_, PyAny>>,
        tagger: bool,
    ) -> PyResult<Pipeline> {
        let add_gazetteers = paths("add_gazetteers", add_gazetteers)?;
        let add_rules = paths("add_rules", add_rules)?;
        // The same steps as the CLI's `--gazetteers`, `--add-gazetteers`, `--rules`, `--add-rules`.
        let mut builder = khabar::Pipeline::builder();
        if let Some(dir) = gazetteers {
            builder = builder.gazetteers_dir(dir);
        }
        for dir in add_gazetteers {
            builder = builder.add_gazetteers_dir(dir);
        }
        if let Some(dir) = rules {
            builder = builder.rules_dir(dir);
        }
        for dir in add_rules {
            builder = builder.add_rules_dir(dir);
        }
        // The name tagger stage, as the CLI's `--no-tagger` turns it off.
        builder = builder.tagger(tagger);
        let built = py.detach(move || builder.build());
        match built {
            Ok(p) => Ok(Pipeline {
                inner: Arc::new(p),
                tagger,
            }),
            Err(e) => Err(ConfigError::new_err(e.to_string())),
        }
    }

    /// Extracts entities and relations from one document and returns what `khabar extract`
    /// writes for it: with `output="dict"` the object (`json.loads` of the CLI's line, keys in
    /// the same order), with `output="json"` the line itself (no newline).
    ///
    /// `id` is the document id (default ""); `lang` is "ar" or "en" (default: detected from the
    /// script); `date` a "YYYY-MM-DD" string (or the other forms a record's date field takes)
    /// or a `datetime.date`, as of which roles resolve (default: the gazetteers' as-of date).
    /// Raises `RecordError` for text the CLI would reject (a NUL byte, a token longer than
    /// `max_token_bytes`), `ValueError` for a date that cannot be read.
    #[pyo3(signature = (text, id=None, lang=None, date=None, *, output="dict", max_token_bytes=DEFAULT_MAX_TOKEN_BYTES))]
    #[allow(clippy::too_many_arguments)]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<String>,
        lang: Option<String>,
        date: Option<&Bound<'py, PyAny>>,
        output: &str,
        max_token_bytes: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let output = Output::parse(output)?;
        let text = text
            .cast::<PyString>()
            .map_err(|_| {
                pyo3::exceptions::PyTypeError::new_err(format!(
                    "text must be a str, not {}",
                    type_name(text)
                ))
            })?
            .to_str()
            .map_err(|e| record_error(py, None, &format!("text is not valid Unicode: {e}")))?
            .to_string();
        let date = match date {
            None => None,
            Some(d) => Some(
                document_date(&date_text(d)?)
                    .map_err(|m| PyValueError::new_err(format!("date: {m}")))?,
            ),
        };
        let doc = Document {
            id: id.unwrap_or_default(),
            text,
            lang: lang
                .filter(|l| !l.is_empty())
                .map(khabar::model::Lang::from),
            date,
        };
        let document = check_text(doc).map_err(|r| record_error(py, None, &r))?;
        let parsed = Parsed {
            document,
            warnings: Vec::new(),
        };
        let pipeline = Arc::clone(&self.inner);
        let done =
            py.detach(move || finish(extract_document(&pipeline, parsed, max_token_bytes), output));
        match done {
            Done::Bad(e) => Err(record_error(py, None, &e.reason)),
            done => to_python(py, done),
        }
    }

    /// Extracts many records on `threads` worker threads (default: all cores) with the GIL
    /// released, and returns an iterator over the results in input order. Records are read
    /// one chunk (`chunk_records`) at a time, so any iterable works, a file or a generator too.
    ///
    /// A record is a dict (fields picked by `id_field`, `text_field`, `date_field`,
    /// `lang_field`, dotted paths for nested dicts, read as the CLI reads a JSONL record) or a
    /// str: the document text with `input="text"` (its id is its position, "0", "1", ...), one
    /// JSON Lines record with `input="jsonl"` (parsed as `khabar extract` parses a line; blank
    /// lines are not records). `date` is the CLI's `--date`: for records without one.
    ///
    /// Each result is what `extract` returns (`output` "dict" or "json"). A record that cannot
    /// be extracted gets the reason the CLI writes to its rejects file, and `on_bad_record`
    /// says what follows, as `--on-bad-record` does: "fail" raises `RecordError` (with `.index`
    /// and `.reason`), "skip" leaves it out, "reject" yields `{"index": i, "reason": ...,
    /// "rejected": True}` in its place (as JSON text with `output="json"`).
    #[pyo3(signature = (
        records, threads=None, *, input="text", output="dict", on_bad_record="fail",
        id_field="id", text_field="text", date_field="date", lang_field="lang", date=None,
        max_token_bytes=DEFAULT_MAX_TOKEN_BYTES, chunk_records=256,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn extract_many(
        &self,
        records: &Bound<'_, PyAny>,
        threads: Option<usize>,
        input: &str,
        output: &str,
        on_bad_record: &str,
        id_field: &str,
        text_field: &str,
        date_field: &str,
        lang_field: &str,
        date: Option<&Bound<'_, PyAny>>,
        max_token_bytes: usize,
        chunk_records: usize,
    ) -> PyResult<Extractions> {
        let input = match input {
            "text" => InputFormat::Text,
            "jsonl" => InputFormat::Jsonl,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "input must be \"text\" or \"jsonl\", not {input:?}"
                )))
            }
        };
        let on_bad_record = match on_bad_record {
            "fail" => OnBadRecord::Fail,
            "reject" => OnBadRecord::Reject,
            "skip" => OnBadRecord::Skip,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "on_bad_record must be \"fail\", \"reject\" or \"skip\", not {on_bad_record:?}"
                )))
            }
        };
        // The CLI's `--date`: a full date for records that carry none.
        let default_date: Option<PartialDate> = match date {
            None => None,
            Some(d) => Some(
                PartialDate::parse_full(&date_text(d)?)
                    .map_err(|m| PyValueError::new_err(format!("date: {m}")))?,
            ),
        };
        let pool = match threads {
            None | Some(0) => None,
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| KhabarError::new_err(format!("cannot start {n} threads: {e}")))?,
            ),
        };
        Ok(Extractions {
            records: records.try_iter()?.unbind(),
            pipeline: Arc::clone(&self.inner),
            settings: Arc::new(Settings {
                parse: ParseOptions {
                    fields: Fields {
                        id: id_field.to_string(),
                        text: text_field.to_string(),
                        date: date_field.to_string(),
                        lang: lang_field.to_string(),
                    },
                    default_date,
                },
                input,
                output: Output::parse(output)?,
                on_bad_record,
                max_token_bytes,
            }),
            pool: pool.map(Arc::new),
            chunk_records: chunk_records.max(1),
            ready: VecDeque::new(),
            pending: None,
            pending_first: 0,
            next_index: 0,
            input_done: false,
            input_error: None,
            failed: false,
        })
    }

    /// Whether the name tagger stage runs (`tagger=False` is the CLI's `--no-tagger`).
    #[getter]
    fn tagger(&self) -> bool {
        self.tagger
    }

    /// A fingerprint of the loaded gazetteers and rules: two pipelines with the same one give
    /// the same extractions.
    #[getter]
    fn fingerprint(&self) -> String {
        format!("{:016x}", self.inner.fingerprint())
    }

    fn __repr__(&self) -> String {
        format!(
            "khabar.Pipeline(fingerprint={:016x}, tagger={})",
            self.inner.fingerprint(),
            if self.tagger { "True" } else { "False" }
        )
    }
}

/// The results of `Pipeline.extract_many`, in input order: an iterator. Records are read from
/// the input and extracted one chunk at a time, so memory stays flat whatever the input size.
/// Share the pipeline between threads, not one iterator.
#[pyclass(module = "khabar")]
struct Extractions {
    records: Py<PyIterator>,
    pipeline: Arc<khabar::Pipeline>,
    settings: Arc<Settings>,
    pool: Option<Arc<rayon::ThreadPool>>,
    chunk_records: usize,
    /// Results of the chunk being handed out.
    ready: VecDeque<(usize, Done)>,
    /// The next chunk, extracting on the workers while Python takes the ready results.
    pending: Option<Mutex<Receiver<Vec<Done>>>>,
    /// Index of the first record of the pending chunk.
    pending_first: usize,
    next_index: usize,
    /// The input has no more records (or raised: `input_error`).
    input_done: bool,
    /// An exception raised by the input iterator, given once the records before it are out.
    input_error: Option<PyErr>,
    /// A record failed with `on_bad_record="fail"`: the iteration is over.
    failed: bool,
}

#[pymethods]
impl Extractions {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        loop {
            if let Some((index, done)) = self.ready.pop_front() {
                match done {
                    Done::Bad(e) => match self.settings.on_bad_record {
                        OnBadRecord::Skip if !e.internal => continue,
                        OnBadRecord::Fail => {
                            self.ready.clear();
                            self.pending = None;
                            self.failed = true;
                            return Err(record_error(py, Some(index), &e.reason));
                        }
                        _ => return Ok(Some(reject_object(py, index, &e, self.settings.output)?)),
                    },
                    Done::Blank => continue,
                    done => return Ok(Some(to_python(py, done)?)),
                }
            }
            if self.failed {
                return Ok(None);
            }
            if let Some(pending) = self.pending.take() {
                let first = self.pending_first;
                let received = py.detach(move || match pending.into_inner() {
                    Ok(rx) => rx.recv().ok(),
                    Err(_) => None,
                });
                let Some(done) = received else {
                    self.failed = true;
                    return Err(KhabarError::new_err("the extraction workers stopped"));
                };
                self.ready
                    .extend(done.into_iter().enumerate().map(|(i, d)| (first + i, d)));
                // The workers take the next chunk while Python takes these results.
                self.start_next(py);
                continue;
            }
            if let Some(e) = self.input_error.take() {
                self.failed = true;
                return Err(e);
            }
            if self.input_done {
                return Ok(None);
            }
            self.start_next(py);
        }
    }
}

impl Extractions {
    /// Reads the next chunk of records (with the GIL) and hands it to the workers, which
    /// extract it without the GIL.
    fn start_next(&mut self, py: Python<'_>) {
        if self.input_done {
            return;
        }
        let mut inputs = Vec::with_capacity(self.chunk_records);
        let mut records = self.records.bind(py).clone();
        while inputs.len() < self.chunk_records {
            match records.next() {
                None => {
                    self.input_done = true;
                    break;
                }
                Some(Err(e)) => {
                    self.input_done = true;
                    self.input_error = Some(e);
                    break;
                }
                Some(Ok(record)) => inputs.push(take_record(
                    &record,
                    self.next_index + inputs.len(),
                    &self.settings,
                )),
            }
        }
        if inputs.is_empty() {
            return;
        }
        let first = self.next_index;
        self.next_index += inputs.len();
        let pipeline = Arc::clone(&self.pipeline);
        let settings = Arc::clone(&self.settings);
        let (tx, rx) = sync_channel(1);
        let job = move || {
            let done: Vec<Done> = inputs
                .into_par_iter()
                .enumerate()
                .map(|(i, input)| run_one(&pipeline, &settings, input, first + i))
                .collect();
            // The receiver is gone when the iterator was dropped: nobody wants the results.
            let _ = tx.send(done);
        };
        match &self.pool {
            Some(pool) => pool.spawn(job),
            None => rayon::spawn(job),
        }
        self.pending = Some(Mutex::new(rx));
        self.pending_first = first;
    }
}

/// Turns one Python record into an owned input; anything unreadable is a bad record.
fn take_record(record: &Bound<'_, PyAny>, index: usize, settings: &Settings) -> Input {
    if let Ok(s) = record.cast::<PyString>() {
        let text = match s.to_str() {
            Ok(t) => t,
            Err(e) => return Input::Bad(format!("not valid Unicode: {e}")),
        };
        return match settings.input {
            InputFormat::Jsonl if text.bytes().all(|b| b.is_ascii_whitespace()) => Input::Blank,
            InputFormat::Jsonl => Input::Line(text.as_bytes().to_vec()),
            InputFormat::Text => {
                let doc = Document {
                    id: index.to_string(),
                    text: text.to_string(),
                    lang: None,
                    date: settings.parse.default_date,
                };
                match check_text(doc) {
                    Ok(document) => Input::Doc(Parsed {
                        document,
                        warnings: Vec::new(),
                    }),
                    Err(r) => Input::Bad(r),
                }
            }
        };
    }
    if let Ok(d) = record.cast::<PyDict>() {
        return match dict_document(d, &settings.parse) {
            Ok(p) => Input::Doc(p),
            Err(r) => Input::Bad(r),
        };
    }
    Input::Bad(format!("{} is not a dict or str", type_name(record)))
}

/// A document from a dict: its fields are picked (dotted paths too) and read by the CLI's
/// own rules for a JSON record.
fn dict_document(d: &Bound<'_, PyDict>, opts: &ParseOptions) -> Result<Parsed, String> {
    let f = &opts.fields;
    let mut picked = serde_json::Map::new();
    for (path, is_date) in [
        (&f.id, false),
        (&f.text, false),
        (&f.date, true),
        (&f.lang, false),
    ] {
        if let Some(v) = lookup(d, path) {
            picked.insert(path.clone(), json_value(&v, is_date)?);
        }
    }
    let mut warnings = Vec::new();
    let doc = document_from_json(
        &serde_json::Value::Object(picked),
        f,
        opts.default_date,
        &mut warnings,
    )?;
    Ok(Parsed {
        document: check_text(doc)?,
        warnings,
    })
}

/// A field by name, else by dotted path through nested dicts (as the CLI's `--text-field
/// article.body`).
fn lookup<'py>(d: &Bound<'py, PyDict>, path: &str) -> Option<Bound<'py, PyAny>> {
    if let Ok(Some(v)) = d.get_item(path) {
        return Some(v);
    }
    if !path.contains('.') {
        return None;
    }
    let mut at = d.clone().into_any();
    for key in path.split('.') {
        at = at.cast::<PyDict>().ok()?.get_item(key).ok()??;
    }
    Some(at)
}

/// The JSON value a field would have had in a JSON record. Values JSON has no equivalent for
/// become an empty array, which the field rules refuse with the CLI's reason ("is not a
/// string"); a `datetime.date` in the date field is read as its ISO form.
fn json_value(v: &Bound<'_, PyAny>, is_date: bool) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    if v.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = v.cast::<PyString>() {
        return s
            .to_str()
            .map(|s| Value::String(s.to_string()))
            .map_err(|e| format!("not valid Unicode: {e}"));
    }
    if v.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(v.is_truthy().unwrap_or(false)));
    }
    if v.is_instance_of::<PyInt>() {
        if let Ok(i) = v.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = v.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Larger integers: JSON readers see them as floats.
        return Ok(v.extract::<f64>().map(Value::from).unwrap_or(Value::Null));
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(v.extract::<f64>().map(Value::from).unwrap_or(Value::Null));
    }
    if is_date {
        if let Ok(s) = iso_date(v) {
            return Ok(Value::String(s));
        }
    }
    Ok(Value::Array(Vec::new()))
}

/// Extracts one input (on a worker thread, without the GIL).
fn run_one(pipeline: &khabar::Pipeline, settings: &Settings, input: Input, index: usize) -> Done {
    let bad = |reason: String| {
        Done::Bad(DocumentError {
            reason,
            internal: false,
        })
    };
    let parsed = match input {
        Input::Doc(p) => p,
        Input::Bad(reason) => return bad(reason),
        Input::Blank => return Done::Blank,
        Input::Line(bytes) => {
            let raw = RawRecord {
                source: RecordSource {
                    file: "<records>".into(),
                    line: Some(index as u64 + 1),
                    byte_offset: 0,
                },
                bytes: bytes.len() as u64,
                body: RawBody::Line {
                    bytes,
                    unterminated: false,
                },
            };
            match parse(&raw, &settings.parse) {
                Ok(p) => p,
                Err(e) => return bad(e.reason),
            }
        }
    };
    finish(
        extract_document(pipeline, parsed, settings.max_token_bytes),
        settings.output,
    )
}

/// An extraction in the requested form; JSON is serialized here, on the worker thread.
fn finish(result: Result<Extraction, DocumentError>, output: Output) -> Done {
    match (result, output) {
        (Err(e), _) => Done::Bad(e),
        (Ok(ex), Output::Dict) => Done::Extraction(Box::new(ex)),
        (Ok(ex), Output::Json) => match serde_json::to_string(&ex) {
            Ok(s) => Done::Json(s),
            Err(e) => Done::Bad(DocumentError {
                reason: format!("internal error: cannot serialize the extraction: {e}"),
                internal: true,
            }),
        },
    }
}

fn to_python<'py>(py: Python<'py>, done: Done) -> PyResult<Bound<'py, PyAny>> {
    match done {
        Done::Extraction(ex) => Ok(pythonize::pythonize(py, &*ex)?),
        Done::Json(s) => Ok(PyString::new(py, &s).into_any()),
        Done::Bad(e) => Err(record_error(py, None, &e.reason)),
        Done::Blank => Ok(py.None().into_bound(py)),
    }
}

/// What `on_bad_record="reject"` yields in a bad record's place.
fn reject_object<'py>(
    py: Python<'py>,
    index: usize,
    e: &DocumentError,
    output: Output,
) -> PyResult<Bound<'py, PyAny>> {
    let obj = serde_json::json!({"rejected": true, "index": index, "reason": e.reason});
    Ok(match output {
        Output::Dict => pythonize::pythonize(py, &obj)?,
        Output::Json => PyString::new(py, &obj.to_string()).into_any(),
    })
}

fn record_error(py: Python<'_>, index: Option<usize>, reason: &str) -> PyErr {
    let message = match index {
        Some(i) => format!("record {i}: {reason}"),
        None => reason.to_string(),
    };
    let err = RecordError::new_err(message);
    let value = err.value(py);
    // Attributes on a fresh exception instance cannot fail in practice; if they did, the
    // message still carries the reason.
    let _ = value.setattr("reason", reason);
    let _ = value.setattr("index", index);
    err
}

/// `add_gazetteers` / `add_rules`: one path or a list of them.
fn paths(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(v) = value else {
        return Ok(Vec::new());
    };
    if let Ok(p) = v.extract::<PathBuf>() {
        return Ok(vec![p]);
    }
    v.extract::<Vec<PathBuf>>().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "{name} must be a path or a list of paths, not {}",
            type_name(v)
        ))
    })
}

/// A date argument: `"YYYY-MM-DD"` or a `datetime.date`.
fn date_text(d: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = d.extract::<String>() {
        return Ok(s);
    }
    iso_date(d).map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "date must be a str or datetime.date, not {}",
            type_name(d)
        ))
    })
}

/// The ISO form of a `datetime.date` or `datetime.datetime` (anything with `isoformat`).
fn iso_date(d: &Bound<'_, PyAny>) -> PyResult<String> {
    d.call_method0("isoformat")?.extract()
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

/// The compiled part of the `khabar` package.
#[pymodule]
fn _khabar(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Pipeline>()?;
    m.add_class::<Extractions>()?;
    m.add("KhabarError", py.get_type::<KhabarError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("RecordError", py.get_type::<RecordError>())?;
    m.add("SCHEMA", khabar::SCHEMA)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
