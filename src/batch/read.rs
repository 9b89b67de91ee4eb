//! Readers: files, directories and stdin into records (one document each, or a rejected
//! record with its location and reason).
//!
//! A text file is one document (id = its path, or its path relative to a directory given as
//! input). A JSONL file is split into lines first, then each line is parsed, so one bad line
//! never poisons the rest. Fields are picked by name, with dotted paths (`article.body`) for
//! nested objects. A UTF-8 byte-order mark and CRLF line ends are accepted.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::date::PartialDate;
use crate::pipeline::Document;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSource {
    /// The file (or `-` for stdin).
    pub file: String,
    /// 1-based line for JSONL records.
    pub line: Option<u64>,
    /// Byte offset of the record in the file.
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
    /// The raw record bytes (possibly truncated for huge records).
    pub raw: Vec<u8>,
}

/// One input record.
#[derive(Debug)]
pub struct Record {
    /// Where it came from.
    pub source: RecordSource,
    /// The document, or why there is none.
    pub document: Result<Document, RecordError>,
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

/// Reads records from a list of inputs, in order.
pub struct Reader {
    inputs: std::vec::IntoIter<(PathBuf, String)>,
    format: Option<InputFormat>,
    fields: Fields,
    default_date: Option<PartialDate>,
    max_raw_bytes: usize,
    current: Option<Current>,
    /// Errors about whole inputs (unreadable directory entries ...), reported as records.
    pending: std::collections::VecDeque<Record>,
}

struct Current {
    name: String,
    format: InputFormat,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    offset: u64,
    done: bool,
}

impl Reader {
    /// A reader over `inputs` (paths, directories, or `-` for stdin). `format` None picks
    /// JSONL for `.jsonl` files and stdin, text otherwise.
    pub fn new(
        inputs: &[String],
        format: Option<InputFormat>,
        fields: Fields,
        default_date: Option<PartialDate>,
    ) -> Reader {
        let mut expanded = Vec::new();
        let mut pending = std::collections::VecDeque::new();
        for input in inputs {
            let path = PathBuf::from(input);
            if input != "-" && path.is_dir() {
                let mut files = Vec::new();
                walk(&path, &mut files, &mut pending);
                files.sort();
                for f in files {
                    let id = f
                        .strip_prefix(&path)
                        .unwrap_or(&f)
                        .to_string_lossy()
                        .into_owned();
                    expanded.push((f, id));
                }
            } else {
                expanded.push((path, input.clone()));
            }
        }
        Reader {
            inputs: expanded.into_iter(),
            format,
            fields,
            default_date,
            max_raw_bytes: 1 << 20,
            current: None,
            pending,
        }
    }

    fn open(&mut self, path: &Path, id: String) -> Option<Record> {
        let name = path.display().to_string();
        let is_stdin = name == "-";
        let format = self
            .format
            .unwrap_or(if is_stdin || name.ends_with(".jsonl") {
                InputFormat::Jsonl
            } else {
                InputFormat::Text
            });
        let reader: Box<dyn BufRead + Send> = if is_stdin {
            Box::new(BufReader::with_capacity(1 << 16, io::stdin()))
        } else {
            match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(e) => return Some(file_error(&name, format!("cannot open: {e}"))),
            }
        };
        if format == InputFormat::Text {
            return Some(self.read_text(reader, name, id));
        }
        self.current = Some(Current {
            name,
            format,
            reader,
            line: 0,
            offset: 0,
            done: false,
        });
        None
    }

    fn read_text(&self, mut reader: Box<dyn BufRead + Send>, name: String, id: String) -> Record {
        let mut bytes = Vec::new();
        if let Err(e) = reader.read_to_end(&mut bytes) {
            return file_error(&name, format!("read error: {e}"));
        }
        let size = bytes.len() as u64;
        let source = RecordSource {
            file: name,
            line: None,
            byte_offset: 0,
        };
        let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
        let document = match std::str::from_utf8(body) {
            Ok(text) => Ok(Document {
                id,
                text: text.to_string(),
                lang: None,
                date: self.default_date,
            }),
            Err(e) => {
                let off = e.valid_up_to() + (bytes.len() - body.len());
                Err(RecordError {
                    reason: format!("not UTF-8 at byte offset {off}"),
                    raw: truncate(&bytes, self.max_raw_bytes),
                })
            }
        };
        Record {
            source,
            document,
            bytes: size,
        }
    }

    fn next_line(&mut self) -> Option<Record> {
        let max_raw = self.max_raw_bytes;
        let cur = self.current.as_mut()?;
        if cur.done {
            self.current = None;
            return None;
        }
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let start = cur.offset;
            match cur.reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    cur.done = true;
                    return None;
                }
                Ok(n) => {
                    cur.offset += n as u64;
                    cur.line += 1;
                    let mut line: &[u8] = &buf;
                    if cur.line == 1 {
                        line = line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line);
                    }
                    let line = line.strip_suffix(b"\n").unwrap_or(line);
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    if line.iter().all(|b| b.is_ascii_whitespace()) {
                        continue; // blank lines are not records
                    }
                    let source = RecordSource {
                        file: cur.name.clone(),
                        line: Some(cur.line),
                        byte_offset: start,
                    };
                    let document =
                        parse_jsonl(line, &self.fields, self.default_date).map_err(|reason| {
                            RecordError {
                                reason,
                                raw: truncate(line, max_raw),
                            }
                        });
                    debug_assert_eq!(cur.format, InputFormat::Jsonl);
                    return Some(Record {
                        source,
                        document,
                        bytes: n as u64,
                    });
                }
                Err(e) => {
                    cur.done = true;
                    let source = RecordSource {
                        file: cur.name.clone(),
                        line: Some(cur.line + 1),
                        byte_offset: start,
                    };
                    return Some(Record {
                        source,
                        document: Err(RecordError {
                            reason: format!("read error: {e}"),
                            raw: vec![],
                        }),
                        bytes: 0,
                    });
                }
            }
        }
    }
}

impl Iterator for Reader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(r) = self.pending.pop_front() {
                return Some(r);
            }
            if self.current.is_some() {
                if let Some(r) = self.next_line() {
                    return Some(r);
                }
                self.current = None;
                continue;
            }
            let (path, id) = self.inputs.next()?;
            if let Some(r) = self.open(&path, id) {
                return Some(r);
            }
        }
    }
}

fn file_error(name: &str, reason: String) -> Record {
    Record {
        source: RecordSource {
            file: name.to_string(),
            line: None,
            byte_offset: 0,
        },
        document: Err(RecordError {
            reason,
            raw: vec![],
        }),
        bytes: 0,
    }
}

fn truncate(b: &[u8], max: usize) -> Vec<u8> {
    b[..b.len().min(max)].to_vec()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, pending: &mut std::collections::VecDeque<Record>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            pending.push_back(file_error(
                &dir.display().to_string(),
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out, pending);
                } else {
                    // Dangling symlinks and unreadable entries are reported when opened.
                    out.push(path);
                }
            }
            Err(e) => pending.push_back(file_error(
                &dir.display().to_string(),
                format!("cannot read directory entry: {e}"),
            )),
        }
    }
}

/// Looks up a dotted path (`article.body`) in a JSON object.
pub fn field<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    if let Some(x) = v.get(path) {
        return Some(x);
    }
    path.split('.').try_fold(v, |acc, k| acc.get(k))
}

fn parse_jsonl(
    line: &[u8],
    fields: &Fields,
    default_date: Option<PartialDate>,
) -> Result<Document, String> {
    let text = std::str::from_utf8(line)
        .map_err(|e| format!("not UTF-8 at byte offset {} of the line", e.valid_up_to()))?;
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    if !v.is_object() {
        return Err("not a JSON object".into());
    }
    let body = match field(&v, &fields.text) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => {
            return Err(format!("no \"{}\" field", fields.text))
        }
        Some(_) => return Err(format!("field \"{}\" is not a string", fields.text)),
    };
    let id = match field(&v, &fields.id) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => return Err(format!("no \"{}\" field", fields.id)),
        Some(_) => return Err(format!("field \"{}\" is not a string or number", fields.id)),
    };
    let date = match field(&v, &fields.date) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => {
            // Accept full timestamps (2023-08-13T10:00:00Z) by their date part.
            let d = s.get(..10).filter(|_| s.len() > 10).unwrap_or(s);
            Some(PartialDate::parse(d).map_err(|m| format!("field \"{}\": {m}", fields.date))?)
        }
        _ => default_date,
    };
    let lang = match field(&v, &fields.lang) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
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
        let ok = parse_jsonl(br#"{"id":"a","text":"x","date":"2023-08-13"}"#, &f, None).unwrap();
        assert_eq!(
            ok.date.map(|d| d.to_string()).as_deref(),
            Some("2023-08-13")
        );
        let nested = Fields {
            text: "article.body".into(),
            ..Fields::default()
        };
        assert_eq!(
            parse_jsonl(br#"{"id":1,"article":{"body":"y"}}"#, &nested, None)
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
                br#"{"id":"a","text":"x","date":"2023-02-30"}"#,
                "field \"date\"",
            ),
        ] {
            let e = parse_jsonl(line, &f, None).unwrap_err();
            assert!(e.starts_with(want), "{e}");
        }
    }
}
