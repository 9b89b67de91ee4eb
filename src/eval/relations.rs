//! Relation evaluation against a JSONL gold file (format in docs/eval.md), in one of two
//! formats told apart by shape ([`read_any`]): the cluster format of the development gold
//! (scored by [`super::clusters`]) or the id-based format scored here: one document per
//! line, `{"id", "text", "date"?, "entities": [{"id", "type", "start", "end"}],
//! "relations": [{"predicate", "subject", "object", "polarity"?, "modality"?, "evidence"?}]}`.
//!
//! Two scores per predicate:
//! - **strict**: one-to-one matches of predicate, subject and object ids, the gold polarity and
//!   modality when it gives them, and the place: khabar's evidence sentence must contain the gold
//!   `evidence` start when the gold relation has one, or else a gold mention span of the subject
//!   and one of the object.
//! - **lenient**: per document, the set of (predicate, subject, object) triples.
//!
//! Symmetric predicates compare unordered pairs. They are the symmetric predicates of the
//! output schema (DESIGN: negotiates-with, consults-with, meets-with, cooperates-with) plus any
//! predicate a prediction marks `symmetric`.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::clusters::ClusterDocument;
use super::{read_lines, Counts, EvalError, Report};
use crate::model::{Modality, Polarity, Relation};
use crate::{Document, Extraction, PartialDate};

/// The schema's symmetric predicates (see the module docs).
pub const SYMMETRIC_PREDICATES: [&str; 4] = [
    "negotiates-with",
    "consults-with",
    "meets-with",
    "cooperates-with",
];

/// A char span `start..end` in a gold document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Char offset of the start.
    pub start: usize,
    /// Char offset of the end.
    pub end: usize,
}

/// A gold entity mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldEntity {
    /// khabar entity id (`country:DZA`); repeat it for each mention.
    pub id: String,
    /// Its type (informational).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Char offset of the start.
    pub start: usize,
    /// Char offset of the end.
    pub end: usize,
}

/// A gold relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldRelation {
    /// Predicate (`negotiates-with`).
    pub predicate: String,
    /// Subject entity id (or null).
    #[serde(default)]
    pub subject: Option<String>,
    /// Object entity id (or null).
    #[serde(default)]
    pub object: Option<String>,
    /// Required polarity, if given.
    #[serde(default)]
    pub polarity: Option<Polarity>,
    /// Required modality, if given.
    #[serde(default)]
    pub modality: Option<Modality>,
    /// Where it is stated (char span), if given.
    #[serde(default)]
    pub evidence: Option<Span>,
}

/// A gold document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldDocument {
    /// Document id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its date (`YYYY-MM-DD`).
    #[serde(default)]
    pub date: Option<String>,
    /// Its language.
    #[serde(default)]
    pub lang: Option<crate::model::Lang>,
    /// `tune` or `test`, if the file is split.
    #[serde(default)]
    pub split: Option<String>,
    /// Entity mentions.
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    /// Relations.
    #[serde(default)]
    pub relations: Vec<GoldRelation>,
}

impl GoldDocument {
    /// The document to run through the pipeline.
    pub fn document(&self) -> Document {
        let mut d = Document::new(self.id.clone(), self.text.clone());
        d.lang = self.lang.clone();
        d.date = self.date.as_deref().and_then(|s| crate::date::read(s).ok());
        d
    }
}

/// A gold file in either format (docs/eval.md): told apart by shape, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gold {
    /// khabar ids, one entity object per mention (the fixtures' format).
    Ids(Vec<GoldDocument>),
    /// Document-local clusters with mention and nisba spans (the development gold's format).
    Clusters(Vec<ClusterDocument>),
}

impl Gold {
    /// The format's name, as notes and errors say it.
    pub fn format_name(&self) -> &'static str {
        match self {
            Gold::Ids(_) => "ids",
            Gold::Clusters(_) => "clusters",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Ids,
    Clusters,
}

/// The shape one gold line shows, if it shows one: clusters have `entities[].mentions` or
/// `.nisba` (or relation flags `negated` / `hypothetical`); ids have `entities[].start`
/// (or relation `polarity` / `modality`). A line with neither fits both.
fn shape(v: &serde_json::Value) -> Option<Shape> {
    let list = |k: &str| {
        v.get(k)
            .and_then(|x| x.as_array())
            .cloned()
            .unwrap_or_default()
    };
    let has = |items: &[serde_json::Value], keys: &[&str]| {
        items
            .iter()
            .any(|x| keys.iter().any(|k| x.get(*k).is_some()))
    };
    let (ents, rels) = (list("entities"), list("relations"));
    if has(&ents, &["mentions", "nisba"]) || has(&rels, &["negated", "hypothetical", "quote"]) {
        Some(Shape::Clusters)
    } else if has(&ents, &["start", "end"]) || has(&rels, &["polarity", "modality"]) {
        Some(Shape::Ids)
    } else {
        None
    }
}

/// Reads and checks a gold relations file in either format. The first line that shows its
/// shape fixes the file's format; a later line of the other shape is an error naming it.
pub fn read_any(path: &Path) -> Result<Gold, EvalError> {
    let file = path.display().to_string();
    let mut values = Vec::new();
    let mut format: Option<(Shape, usize)> = None;
    let mut ids = HashSet::new();
    for (i, line) in read_lines(path)?.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let syntax = |problem: String| EvalError::Syntax {
            file: file.clone(),
            line: i + 1,
            problem,
        };
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| syntax(e.to_string()))?;
        if !v.is_object() {
            return Err(syntax("not a JSON object".into()));
        }
        match (shape(&v), format) {
            (Some(s), None) => format = Some((s, i + 1)),
            (Some(s), Some((f, at))) if s != f => {
                let name = |s: Shape| match s {
                    Shape::Ids => "the id-based format",
                    Shape::Clusters => "the cluster format",
                };
                return Err(syntax(format!(
                    "this line is in {}, but line {at} was in {}",
                    name(s),
                    name(f)
                )));
            }
            _ => {}
        }
        let id = super::str_field(&v, "id", &file, i + 1)?.to_string();
        if !ids.insert(id.clone()) {
            return Err(syntax(format!("document {id:?} appears twice")));
        }
        values.push((i + 1, v));
    }
    let at = |line: usize, problem: String| EvalError::Syntax {
        file: file.clone(),
        line,
        problem,
    };
    match format.map(|f| f.0) {
        Some(Shape::Clusters) => {
            let mut docs = Vec::with_capacity(values.len());
            for (line, v) in values {
                let doc: ClusterDocument =
                    serde_json::from_value(v).map_err(|e| at(line, e.to_string()))?;
                doc.check().map_err(|e| at(line, e))?;
                docs.push(doc);
            }
            Ok(Gold::Clusters(docs))
        }
        Some(Shape::Ids) | None => {
            let mut docs = Vec::with_capacity(values.len());
            for (line, v) in values {
                let doc: GoldDocument =
                    serde_json::from_value(v).map_err(|e| at(line, e.to_string()))?;
                check_ids_document(&doc).map_err(|e| at(line, e))?;
                docs.push(doc);
            }
            Ok(Gold::Ids(docs))
        }
    }
}

/// Reads and checks a gold relations file in the id-based format.
pub fn read_gold(path: &Path) -> Result<Vec<GoldDocument>, EvalError> {
    match read_any(path)? {
        Gold::Ids(docs) => Ok(docs),
        Gold::Clusters(_) => Err(EvalError::Mismatch(format!(
            "{}: cluster gold, where the id-based format was expected",
            path.display()
        ))),
    }
}

fn check_ids_document(doc: &GoldDocument) -> Result<(), String> {
    if let Some(d) = &doc.date {
        PartialDate::parse(d)?;
    }
    let len = doc.text.chars().count();
    for e in &doc.entities {
        if e.start >= e.end || e.end > len {
            return Err(format!(
                "entity {:?} span {}..{} is empty or past the text ({len} chars)",
                e.id, e.start, e.end
            ));
        }
    }
    let known: HashSet<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
    for r in &doc.relations {
        for id in [&r.subject, &r.object].into_iter().flatten() {
            if !known.contains(id.as_str()) {
                return Err(format!(
                    "relation {} names {id:?}, which is not among the entities",
                    r.predicate
                ));
            }
        }
        if let Some(ev) = r.evidence {
            if ev.start >= ev.end || ev.end > len {
                return Err(format!(
                    "relation {} evidence {}..{} is empty or past the text",
                    r.predicate, ev.start, ev.end
                ));
            }
        }
    }
    Ok(())
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationsEvaluation {
    /// Strict scores per predicate, and micro.
    #[serde(flatten)]
    pub strict: Report,
    /// Lenient scores per predicate, and micro.
    pub lenient: Report,
    /// Things the user should know (documents without predictions ...).
    pub notes: Vec<String>,
}

type Key<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

fn key<'a>(
    predicate: &'a str,
    subject: Option<&'a str>,
    object: Option<&'a str>,
    symmetric: &HashSet<&str>,
) -> Key<'a> {
    if symmetric.contains(predicate) && object < subject {
        (predicate, object, subject)
    } else {
        (predicate, subject, object)
    }
}

/// Scores extractions against gold documents. `predicted` pairs with `gold` by position; a
/// missing extraction means khabar found nothing there.
pub fn evaluate(gold: &[GoldDocument], predicted: &[Option<&Extraction>]) -> RelationsEvaluation {
    let mut symmetric: HashSet<&str> = SYMMETRIC_PREDICATES.into_iter().collect();
    for ex in predicted.iter().flatten() {
        for r in ex.relations.iter().filter(|r| r.symmetric) {
            symmetric.insert(r.predicate.as_str());
        }
    }
    let mut strict = Counts::default();
    let mut lenient = Counts::default();
    for (g, p) in gold.iter().zip(predicted) {
        let rels: &[Relation] = p.map_or(&[], |e| e.relations.as_slice());
        for r in &g.relations {
            strict.touch(&r.predicate);
            lenient.touch(&r.predicate);
        }
        // Strict: one-to-one, greedy in gold order.
        let mut used = vec![false; rels.len()];
        for gr in &g.relations {
            let gk = key(
                &gr.predicate,
                gr.subject.as_deref(),
                gr.object.as_deref(),
                &symmetric,
            );
            let hit = rels.iter().enumerate().position(|(i, pr)| {
                !used[i]
                    && key(
                        &pr.predicate,
                        pr.subject.as_deref(),
                        pr.object.as_deref(),
                        &symmetric,
                    ) == gk
                    && gr.polarity.is_none_or(|x| x == pr.polarity)
                    && gr.modality.is_none_or(|x| x == pr.modality)
                    && placed_alike(g, gr, pr)
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    strict.tp(&gr.predicate);
                }
                None => strict.fn_(&gr.predicate),
            }
        }
        for (i, pr) in rels.iter().enumerate() {
            if !used[i] {
                strict.fp(&pr.predicate);
            }
        }
        // Lenient: sets of triples per document.
        let gold_keys: BTreeSet<Key<'_>> = g
            .relations
            .iter()
            .map(|r| {
                key(
                    &r.predicate,
                    r.subject.as_deref(),
                    r.object.as_deref(),
                    &symmetric,
                )
            })
            .collect();
        let pred_keys: BTreeSet<Key<'_>> = rels
            .iter()
            .map(|r| {
                key(
                    &r.predicate,
                    r.subject.as_deref(),
                    r.object.as_deref(),
                    &symmetric,
                )
            })
            .collect();
        for k in &gold_keys {
            if pred_keys.contains(k) {
                lenient.tp(k.0);
            } else {
                lenient.fn_(k.0);
            }
        }
        for k in pred_keys.difference(&gold_keys) {
            lenient.fp(k.0);
        }
    }
    RelationsEvaluation {
        strict: strict.report(),
        lenient: lenient.report(),
        // Notes on pairing (missing predictions) come from `eval::pair_by_id`.
        notes: Vec::new(),
    }
}

/// Whether khabar's evidence sentence is where the gold relation is stated.
fn placed_alike(doc: &GoldDocument, gold: &GoldRelation, pred: &Relation) -> bool {
    let (s, e) = (pred.evidence.start, pred.evidence.end);
    if let Some(ev) = gold.evidence {
        return s <= ev.start && ev.start < e;
    }
    let mentioned_inside = |id: &Option<String>| match id {
        None => true,
        Some(id) => doc
            .entities
            .iter()
            .any(|m| &m.id == id && s <= m.start && m.end <= e),
    };
    mentioned_inside(&gold.subject) && mentioned_inside(&gold.object)
}
