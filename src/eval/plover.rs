//! PLOVER event evaluation. Gold: JSON Lines of `{"id", "text", "event", "source", "target"}`
//! where `source` and `target` are null, `""`, an actor text, or a list of actors
//! `{"actorText", "code"?, ...}` (a list is a compound actor: any of them may match).
//!
//! Each record is one document. khabar's events are its relations with `plover` set. A gold
//! record is found when khabar emits, for that sentence, an event of the same category whose
//! parties overlap the gold actors: the subject overlaps a source actor and the object a target
//! actor (either way round for symmetric relations); an empty side always matches. Overlap is
//! case-insensitive word overlap between the party's mention texts in the evidence sentence and
//! the actor text, leaving out a few function words. Matching is one-to-one: tp = found
//! records, fn = records not found (under the gold category), fp = other events (under their
//! category).
//!
//! Covered categories: those khabar's rules can emit. The pipeline does not expose its rules'
//! categories yet, so the covered set is the categories of the events khabar emitted on this
//! gold file; only covered categories count toward the micro average.
//!
//! Category accuracy: of the records where khabar emitted at least one event, the share where
//! one of them has the gold category.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::Serialize;

use super::{read_lines, str_field, Counts, EvalError, Report};
use crate::model::{Entity, Relation};
use crate::{Document, Extraction};

/// A gold PLOVER record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldEvent {
    /// Record id.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// The category (`AGREE`).
    pub event: String,
    /// Source actor texts (any may match).
    pub source: Vec<String>,
    /// Target actor texts (any may match).
    pub target: Vec<String>,
}

impl GoldEvent {
    /// The document to run through the pipeline.
    pub fn document(&self) -> Document {
        Document::new(self.id.clone(), self.text.clone())
    }
}

fn actors(
    v: Option<&serde_json::Value>,
    key: &str,
    file: &str,
    line: usize,
) -> Result<Vec<String>, EvalError> {
    let bad = |what: String| EvalError::Syntax {
        file: file.to_string(),
        line,
        problem: format!("field {key:?}: {what}"),
    };
    match v {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(serde_json::Value::String(s)) => Ok(if s.trim().is_empty() {
            Vec::new()
        } else {
            vec![s.clone()]
        }),
        Some(serde_json::Value::Array(items)) => {
            let mut out = Vec::new();
            for item in items {
                match item.get("actorText") {
                    Some(serde_json::Value::String(s)) => out.push(s.clone()),
                    Some(serde_json::Value::Null) | None => {}
                    Some(other) => return Err(bad(format!("actorText {other} is not a string"))),
                }
            }
            Ok(out)
        }
        Some(other) => Err(bad(format!(
            "expected null, a string or a list of actors, found {other}"
        ))),
    }
}

/// Reads a gold PLOVER file.
pub fn read_gold(path: &Path) -> Result<Vec<GoldEvent>, EvalError> {
    let file = path.display().to_string();
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for (i, line) in read_lines(path)?.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| EvalError::Syntax {
            file: file.clone(),
            line: n,
            problem: e.to_string(),
        })?;
        let id = str_field(&v, "id", &file, n)?.to_string();
        if !ids.insert(id.clone()) {
            return Err(EvalError::Syntax {
                file: file.clone(),
                line: n,
                problem: format!("record {id:?} appears twice"),
            });
        }
        out.push(GoldEvent {
            id,
            text: str_field(&v, "text", &file, n)?.to_string(),
            event: str_field(&v, "event", &file, n)?.to_string(),
            source: actors(v.get("source"), "source", &file, n)?,
            target: actors(v.get("target"), "target", &file, n)?,
        });
    }
    Ok(out)
}

/// Category accuracy (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CategoryAccuracy {
    /// Records where khabar emitted at least one event.
    pub attempted: u64,
    /// Of those, records where an event has the gold category.
    pub correct: u64,
    /// correct / attempted, in percent (0 when nothing was attempted).
    pub accuracy: f64,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverEvaluation {
    /// Scores per category; micro over the covered categories only.
    #[serde(flatten)]
    pub report: Report,
    /// Categories khabar can emit (see the module docs).
    pub covered: Vec<String>,
    /// Category accuracy.
    pub category_accuracy: CategoryAccuracy,
    /// Gold records.
    pub records: u64,
    /// Things the user should know.
    pub notes: Vec<String>,
}

/// Function words left out of the overlap test, so "the" or "of" alone never make actors
/// overlap.
const FUNCTION_WORDS: &[&str] = &["the", "a", "an", "of", "and", "in", "for", "to"];

fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !FUNCTION_WORDS.contains(&w.as_str()))
        .collect()
}

/// Texts naming a party: its mentions inside the evidence sentence, or (none there) all its
/// mentions and canonical names.
fn party_texts(entities: &[Entity], id: Option<&str>, rel: &Relation) -> Vec<String> {
    let Some(e) = id.and_then(|id| entities.iter().find(|e| e.id == id)) else {
        return Vec::new();
    };
    let (s, t) = (rel.evidence.start, rel.evidence.end);
    let inside: Vec<String> = e
        .mentions
        .iter()
        .filter(|m| s <= m.start && m.end <= t)
        .map(|m| m.text.clone())
        .collect();
    if !inside.is_empty() {
        return inside;
    }
    e.mentions
        .iter()
        .map(|m| m.text.clone())
        .chain(e.name.en.clone())
        .chain(e.name.ar.clone())
        .collect()
}

fn overlaps(party: &[String], actors: &[String]) -> bool {
    if actors.is_empty() {
        return true;
    }
    let pw: HashSet<String> = party.iter().flat_map(|t| words(t)).collect();
    actors
        .iter()
        .any(|a| words(a).iter().any(|w| pw.contains(w)))
}

fn matches(gold: &GoldEvent, ex: &Extraction, rel: &Relation) -> bool {
    let subj = party_texts(&ex.entities, rel.subject.as_deref(), rel);
    let obj = party_texts(&ex.entities, rel.object.as_deref(), rel);
    (overlaps(&subj, &gold.source) && overlaps(&obj, &gold.target))
        || (rel.symmetric && overlaps(&obj, &gold.source) && overlaps(&subj, &gold.target))
}

/// Scores extractions (paired with `gold` by position; none = no events) against gold records.
pub fn evaluate(gold: &[GoldEvent], predicted: &[Option<&Extraction>]) -> PloverEvaluation {
    let mut counts = Counts::default();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let (mut attempted, mut correct) = (0u64, 0u64);
    for (g, p) in gold.iter().zip(predicted) {
        counts.touch(&g.event);
        let events: Vec<(&Extraction, &Relation)> = p
            .iter()
            .flat_map(|ex| ex.relations.iter().map(move |r| (*ex, r)))
            .filter(|(_, r)| r.plover.is_some())
            .collect();
        for (_, r) in &events {
            if let Some(c) = &r.plover {
                covered.insert(c.clone());
            }
        }
        if !events.is_empty() {
            attempted += 1;
            if events
                .iter()
                .any(|(_, r)| r.plover.as_deref() == Some(g.event.as_str()))
            {
                correct += 1;
            }
        }
        let hit = events
            .iter()
            .position(|(ex, r)| r.plover.as_deref() == Some(g.event.as_str()) && matches(g, ex, r));
        match hit {
            Some(_) => counts.tp(&g.event),
            None => counts.fn_(&g.event),
        }
        for (i, (_, r)) in events.iter().enumerate() {
            if Some(i) != hit {
                if let Some(c) = &r.plover {
                    counts.fp(c);
                }
            }
        }
    }
    let report = counts.report_micro_over(|k| covered.contains(k));
    let mut notes = Vec::new();
    if covered.is_empty() {
        notes.push(
            "khabar emitted no PLOVER events on these records: no category is covered".to_string(),
        );
    }
    PloverEvaluation {
        report,
        covered: covered.into_iter().collect(),
        category_accuracy: CategoryAccuracy {
            attempted,
            correct,
            accuracy: if attempted == 0 {
                0.0
            } else {
                100.0 * correct as f64 / attempted as f64
            },
        },
        records: gold.len() as u64,
        notes,
    }
}
