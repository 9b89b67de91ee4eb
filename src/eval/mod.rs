//! Quality evaluation against gold data, scored the way the field scores it.
//!
//! - [`conll`]: the CoNLL column reader (`token TAG` per line; IOB1, IOB2 and IOBES).
//! - [`ner`]: conlleval/seqeval chunk extraction, exact-span scoring, and the projection of
//!   khabar's mentions onto gold tokens.
//! - [`relations`]: relation scoring against JSONL gold (strict and lenient), id-based format.
//! - [`clusters`]: relation scoring against cluster gold (the development gold's format).
//! - [`plover`]: PLOVER event scoring (category and actors).
//!
//! Every evaluation produces a [`Report`]: per key (entity tag, predicate or category) the
//! counts and scores, plus their micro average. Scores are percentages.

pub mod clusters;
pub mod conll;
pub mod entities;
pub mod ner;
pub mod plover;
pub mod relations;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// Counts and scores for one key (or the micro average).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Score {
    /// True positives.
    pub tp: u64,
    /// False positives (predicted, not in gold).
    pub fp: u64,
    /// False negatives (in gold, not predicted).
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Precision in percent (0 when nothing was predicted).
    pub precision: f64,
    /// Recall in percent (0 when gold is empty).
    pub recall: f64,
    /// F1 in percent (0 when precision and recall are both 0).
    pub f1: f64,
}

impl Score {
    /// Scores from counts. Zero denominators give 0, as seqeval's `zero_division=0` does.
    pub fn from_counts(tp: u64, fp: u64, fn_: u64) -> Score {
        let pct = |num: u64, den: u64| {
            if den == 0 {
                0.0
            } else {
                100.0 * num as f64 / den as f64
            }
        };
        let precision = pct(tp, tp + fp);
        let recall = pct(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }

    /// Gold items (tp + fn).
    pub fn support(&self) -> u64 {
        self.tp + self.fn_
    }
}

/// Raw counts per key, turned into a [`Report`] at the end.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    by_key: BTreeMap<String, (u64, u64, u64)>,
}

impl Counts {
    /// Makes sure `key` appears in the report, even with no counts.
    pub fn touch(&mut self, key: &str) {
        self.by_key.entry(key.to_string()).or_default();
    }

    /// Adds a true positive for `key`.
    pub fn tp(&mut self, key: &str) {
        self.by_key.entry(key.to_string()).or_default().0 += 1;
    }

    /// Adds a false positive for `key`.
    pub fn fp(&mut self, key: &str) {
        self.by_key.entry(key.to_string()).or_default().1 += 1;
    }

    /// Adds a false negative for `key`.
    pub fn fn_(&mut self, key: &str) {
        self.by_key.entry(key.to_string()).or_default().2 += 1;
    }

    /// The report: per-key scores and their micro average over every key.
    pub fn report(&self) -> Report {
        self.report_micro_over(|_| true)
    }

    /// The report, with the micro average over the keys `include` accepts only.
    pub fn report_micro_over(&self, include: impl Fn(&str) -> bool) -> Report {
        let mut per_type = BTreeMap::new();
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (k, &(t, p, n)) in &self.by_key {
            per_type.insert(k.clone(), Score::from_counts(t, p, n));
            if include(k) {
                tp += t;
                fp += p;
                fn_ += n;
            }
        }
        Report {
            per_type,
            micro: Score::from_counts(tp, fp, fn_),
        }
    }
}

/// Scores per key and micro-averaged: the JSON shape of every `khabar eval` command
/// (`{"per_type": {KEY: {tp, fp, fn, precision, recall, f1}}, "micro": {...}}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Report {
    /// Scores per key (gold tag, predicate or category), sorted by key.
    pub per_type: BTreeMap<String, Score>,
    /// Micro average.
    pub micro: Score,
}

impl Report {
    /// A readable, aligned table; `key_header` names the first column (`type`, `predicate`).
    pub fn table(&self, key_header: &str) -> String {
        let mut rows: Vec<(String, Score)> =
            self.per_type.iter().map(|(k, s)| (k.clone(), *s)).collect();
        rows.push(("micro".to_string(), self.micro));
        let width = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .chain([key_header.chars().count()])
            .max()
            .unwrap_or(5);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{key_header:<width$}  {:>9}  {:>9}  {:>9}  {:>6}  {:>6}  {:>6}",
            "precision", "recall", "f1", "tp", "fp", "fn"
        );
        for (i, (k, s)) in rows.iter().enumerate() {
            if i + 1 == rows.len() {
                let _ = writeln!(out, "{}", "-".repeat(width + 56));
            }
            // Arabic keys would break `{:<width$}` alignment only if they were wide; tags are
            // ASCII in practice, and chars().count() keeps Latin accents aligned.
            let pad = width.saturating_sub(k.chars().count());
            let _ = writeln!(
                out,
                "{k}{}  {:>9.2}  {:>9.2}  {:>9.2}  {:>6}  {:>6}  {:>6}",
                " ".repeat(pad),
                s.precision,
                s.recall,
                s.f1,
                s.tp,
                s.fp,
                s.fn_
            );
        }
        out
    }
}

/// Errors reading gold or prediction files: they name the file and line.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file cannot be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{file}:{line}: {problem}")]
    Syntax {
        /// The file.
        file: String,
        /// Line number, from 1.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// Gold and predicted sequences do not line up.
    #[error("{0}")]
    Mismatch(String),
}

/// Reads a file as lines (UTF-8, a leading BOM and `\r` line ends dropped); a line that is
/// not UTF-8 is an error naming it.
pub(crate) fn read_lines(path: &std::path::Path) -> Result<Vec<String>, EvalError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        file: file.clone(),
        source,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut lines = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        match std::str::from_utf8(raw) {
            Ok(s) => lines.push(s.to_string()),
            Err(e) => {
                return Err(EvalError::Syntax {
                    file,
                    line: i + 1,
                    problem: format!("not UTF-8 (byte {} of the line)", e.valid_up_to() + 1),
                })
            }
        }
    }
    // A final newline does not open another (empty) line.
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    Ok(lines)
}

/// Reads khabar extraction JSONL (`khabar extract` output) into extractions by document id.
/// A line that is not an extraction, or a document id seen twice, is an error naming the line.
pub fn read_predictions(
    path: &std::path::Path,
) -> Result<std::collections::HashMap<String, crate::Extraction>, EvalError> {
    let file = path.display().to_string();
    let mut out = std::collections::HashMap::new();
    for (i, line) in read_lines(path)?.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let syntax = |problem: String| EvalError::Syntax {
            file: file.clone(),
            line: i + 1,
            problem,
        };
        let ex: crate::Extraction = serde_json::from_str(line)
            .map_err(|e| syntax(format!("not a khabar extraction: {e}")))?;
        let id = ex.doc_id.clone();
        if out.insert(id.clone(), ex).is_some() {
            return Err(syntax(format!("document {id:?} appears twice")));
        }
    }
    Ok(out)
}

/// Runs the pipeline over documents in parallel; the result keeps their order.
pub fn extract_all(pipeline: &crate::Pipeline, docs: &[crate::Document]) -> Vec<crate::Extraction> {
    use rayon::prelude::*;
    docs.par_iter()
        .map_init(crate::Scratch::default, |scratch, d| {
            pipeline.extract_with(d, scratch)
        })
        .collect()
}

/// Pairs gold units (documents, PLOVER records) with stored predictions by id, in gold order.
/// Predictions for ids not in gold are ignored and gold units without a prediction count as
/// finding nothing; both are reported in `notes` (`unit` names what a gold unit is).
pub fn pair_by_id(
    gold_ids: &[&str],
    mut predictions: std::collections::HashMap<String, crate::Extraction>,
    unit: &str,
    notes: &mut Vec<String>,
) -> Vec<Option<crate::Extraction>> {
    let paired: Vec<Option<crate::Extraction>> =
        gold_ids.iter().map(|id| predictions.remove(*id)).collect();
    if !predictions.is_empty() {
        notes.push(format!(
            "{} prediction(s) are for {unit}s not in gold and were ignored",
            predictions.len()
        ));
    }
    let missing = paired.iter().filter(|p| p.is_none()).count();
    if missing > 0 {
        notes.push(format!(
            "{missing} gold {unit}(s) have no prediction and count as finding nothing"
        ));
    }
    paired
}

/// A JSON value as a non-empty string field of a gold record, or an error naming the line.
pub(crate) fn str_field<'a>(
    v: &'a serde_json::Value,
    key: &str,
    file: &str,
    line: usize,
) -> Result<&'a str, EvalError> {
    match v.get(key) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s),
        Some(other) => Err(EvalError::Syntax {
            file: file.to_string(),
            line,
            problem: format!("field {key:?} must be a non-empty string, found {other}"),
        }),
        None => Err(EvalError::Syntax {
            file: file.to_string(),
            line,
            problem: format!("field {key:?} is missing"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_denominators_score_zero() {
        let s = Score::from_counts(0, 0, 0);
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
        let s = Score::from_counts(1, 1, 2);
        assert_eq!(s.precision, 50.0);
        assert!((s.recall - 100.0 / 3.0).abs() < 1e-9);
        assert!((s.f1 - 40.0).abs() < 1e-9);
    }

    #[test]
    fn micro_can_leave_keys_out() {
        let mut c = Counts::default();
        c.tp("A");
        c.fn_("B");
        assert_eq!(c.report().micro.recall, 50.0);
        assert_eq!(c.report_micro_over(|k| k == "A").micro.recall, 100.0);
    }
}
