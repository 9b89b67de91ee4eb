//! Reads khabar extraction JSONL (the output of `khabar extract`) back into [`Extraction`]s,
//! for `khabar convert` and `khabar index --extractions`.

use std::fs::File;
use std::io::{self, BufRead, BufReader};

use crate::model::{Extraction, SCHEMA};

/// One line of an extraction file: the extraction, or `file:line: problem`.
pub type ExtractionRecord = Result<Extraction, String>;

/// Reads extraction JSONL files (`-` is stdin) in order; blank lines are skipped.
pub struct ExtractionReader {
    files: std::collections::VecDeque<String>,
    current: Option<(String, Box<dyn BufRead>, u64)>,
}

impl ExtractionReader {
    /// A reader over `paths`.
    pub fn new(paths: &[String]) -> ExtractionReader {
        ExtractionReader {
            files: paths.iter().cloned().collect(),
            current: None,
        }
    }
}

/// Parses one extraction line (`name` and `line` are for the message).
pub fn parse_extraction(text: &str, name: &str, line: u64) -> ExtractionRecord {
    extraction_from_json(text).map_err(|e| format!("{name}:{line}: {e}"))
}

/// Decodes one extraction (a JSON object of the current schema); the error says why not.
pub fn extraction_from_json(text: &str) -> Result<Extraction, String> {
    let ex: Extraction =
        serde_json::from_str(text).map_err(|e| format!("not a khabar extraction: {e}"))?;
    if ex.schema != SCHEMA {
        return Err(format!("schema \"{}\" is not {SCHEMA}", ex.schema));
    }
    Ok(ex)
}

impl Iterator for ExtractionReader {
    type Item = ExtractionRecord;

    fn next(&mut self) -> Option<ExtractionRecord> {
        loop {
            if let Some((name, reader, line)) = &mut self.current {
                let mut buf = Vec::new();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) => self.current = None,
                    Ok(_) => {
                        *line += 1;
                        let Ok(text) = std::str::from_utf8(&buf) else {
                            return Some(Err(format!("{name}:{line}: not UTF-8")));
                        };
                        let text = text.trim_start_matches('\u{feff}').trim();
                        if text.is_empty() {
                            continue;
                        }
                        return Some(parse_extraction(text, name, *line));
                    }
                    Err(e) => {
                        let msg = format!("{name}:{}: read error: {e}", *line + 1);
                        self.current = None;
                        return Some(Err(msg));
                    }
                }
                continue;
            }
            let name = self.files.pop_front()?;
            let reader: Box<dyn BufRead> = if name == "-" {
                Box::new(BufReader::new(io::stdin()))
            } else {
                match File::open(&name) {
                    Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                    Err(e) => return Some(Err(format!("{name}: cannot open: {e}"))),
                }
            };
            self.current = Some((name, reader, 0));
        }
    }
}
