//! Entity mentions against the project's own gold (`khabar eval entities`): the cluster gold
//! of `khabar eval relations` (docs/eval.md) read for its mentions, scored as the annotation
//! guidelines define a mention, on real news and under khabar's own conventions (titles
//! outside, classifier nouns outside names used alone, every named organisation an AGENCY).
//!
//! - Gold: every `mentions` span of every entity, typed by its entity (`PERSON`, `COUNTRY`,
//!   `AGENCY`, `LOCATION`, `EVENT`). Nisba references are not mentions. A mention flagged `embedded`
//!   (a name inside the name of a document or a slogan) is optional: found, it counts for
//!   nothing; missed, it is no miss.
//! - khabar: every mention of every entity except those by title (`via: role`) or by
//!   anaphor (`via: coreference`), which the guidelines do not count as mentions; a mention
//!   that stands for another entity (metonymy: موسكو for Russia) takes that entity's type.
//! - Exact: the same char span and type. Overlap: the same type and overlapping spans, each
//!   gold and each khabar mention matched at most once (exact pairs first, then by the
//!   largest overlap, ties to the earliest).

use serde::Serialize;

use super::clusters::ClusterDocument;
use super::{Counts, Report};
use crate::model::{EntityType, Via};
use crate::Extraction;

/// The entity types of the gold.
const TYPES: [&str; 5] = ["PERSON", "COUNTRY", "AGENCY", "LOCATION", "EVENT"];

/// One scored mention.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    start: usize,
    end: usize,
    kind: String,
    optional: bool,
    /// khabar's entity id and `via`, for error lines.
    detail: String,
}

/// A miss or a false alarm of the overlap score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionError {
    /// Document id.
    pub doc: String,
    /// `miss` or `false alarm`.
    pub side: &'static str,
    /// Gold type (miss) or khabar's (false alarm).
    #[serde(rename = "type")]
    pub kind: String,
    /// `wrong type` (the other side has a mention overlapping it with another type), or
    /// `not found` / `spurious`.
    pub class: &'static str,
    /// Char span.
    pub start: usize,
    /// Char span end.
    pub end: usize,
    /// The text of the span.
    pub text: String,
    /// What the other side has there, if anything.
    pub detail: String,
}

/// Scores of a run.
#[derive(Debug, Clone, Serialize)]
pub struct EntitiesEvaluation {
    /// Exact span and type.
    pub exact: Report,
    /// Overlapping span and the same type, one to one.
    pub overlap: Report,
    /// Notes (documents without predictions).
    pub notes: Vec<String>,
    /// Misses and false alarms of the overlap score, in document order.
    #[serde(skip)]
    pub errors: Vec<MentionError>,
}

fn gold_items(doc: &ClusterDocument) -> Vec<Item> {
    let mut out = Vec::new();
    for e in &doc.entities {
        let Some(kind) = e.kind.as_deref() else {
            continue;
        };
        for m in &e.mentions {
            out.push(Item {
                start: m.start,
                end: m.end,
                kind: kind.to_string(),
                optional: m.flags.iter().any(|f| f == "embedded"),
                detail: e.id.clone(),
            });
        }
    }
    out.sort_by(|a, b| (a.start, a.end, &a.kind).cmp(&(b.start, b.end, &b.kind)));
    out.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.kind == b.kind);
    out
}

fn khabar_items(x: &Extraction) -> Vec<Item> {
    let type_of = |id: &str| {
        x.entities
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.entity_type)
    };
    let mut out = Vec::new();
    for e in &x.entities {
        for m in &e.mentions {
            if matches!(m.via, Via::Role | Via::Coreference) {
                continue;
            }
            let t = m
                .stands_for
                .as_deref()
                .and_then(type_of)
                .unwrap_or(e.entity_type);
            let kind = match t {
                EntityType::Person => "PERSON",
                EntityType::Country => "COUNTRY",
                EntityType::Agency => "AGENCY",
                EntityType::Location => "LOCATION",
                EntityType::Event => "EVENT",
            };
            out.push(Item {
                start: m.start,
                end: m.end,
                kind: kind.to_string(),
                optional: false,
                detail: format!("{} via {}", e.id, m.via.as_str()),
            });
        }
    }
    out.sort_by(|a, b| (a.start, a.end, &a.kind).cmp(&(b.start, b.end, &b.kind)));
    out.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.kind == b.kind);
    out
}

fn overlap(a: &Item, b: &Item) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Pairs gold and khabar mentions of the same type: exact pairs first, then (when
/// `lenient`) overlapping ones by the largest overlap. Returns per gold item its khabar item.
fn pair(gold: &[Item], ours: &[Item], lenient: bool) -> Vec<Option<usize>> {
    let mut of_gold = vec![None; gold.len()];
    let mut taken = vec![false; ours.len()];
    for (gi, g) in gold.iter().enumerate() {
        if let Some(k) = ours.iter().enumerate().position(|(k, o)| {
            !taken[k] && o.start == g.start && o.end == g.end && o.kind == g.kind
        }) {
            of_gold[gi] = Some(k);
            taken[k] = true;
        }
    }
    if lenient {
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for (gi, g) in gold
            .iter()
            .enumerate()
            .filter(|(gi, _)| of_gold[*gi].is_none())
        {
            for (k, o) in ours.iter().enumerate().filter(|(k, _)| !taken[*k]) {
                let n = overlap(g, o);
                if n > 0 && o.kind == g.kind {
                    cands.push((n, gi, k));
                }
            }
        }
        cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, gi, k) in cands {
            if of_gold[gi].is_none() && !taken[k] {
                of_gold[gi] = Some(k);
                taken[k] = true;
            }
        }
    }
    of_gold
}

fn cut(text: &[char], start: usize, end: usize) -> String {
    text.get(start..end.min(text.len()))
        .map(|c| c.iter().collect())
        .unwrap_or_default()
}

/// Scores khabar's mentions (`predicted`, in gold order; `None`: no extraction for the
/// document, so every gold mention is a miss) against the gold documents' mentions.
pub fn evaluate(gold: &[ClusterDocument], predicted: &[Option<&Extraction>]) -> EntitiesEvaluation {
    let (mut exact, mut loose) = (Counts::default(), Counts::default());
    for t in TYPES {
        exact.touch(t);
        loose.touch(t);
    }
    let mut errors = Vec::new();
    let notes = Vec::new();
    for (gi, doc) in gold.iter().enumerate() {
        let g = gold_items(doc);
        let o = match predicted.get(gi).copied().flatten() {
            Some(x) => khabar_items(x),
            None => Vec::new(),
        };
        let chars: Vec<char> = doc.text.chars().collect();
        for (lenient, counts) in [(false, &mut exact), (true, &mut loose)] {
            let of_gold = pair(&g, &o, lenient);
            let mut used = vec![false; o.len()];
            for (gm, m) in g.iter().zip(&of_gold) {
                match m {
                    Some(k) => {
                        used[*k] = true;
                        if !gm.optional {
                            counts.tp(&gm.kind);
                        }
                    }
                    None if gm.optional => {}
                    None => {
                        counts.fn_(&gm.kind);
                        if lenient {
                            let other = o.iter().find(|x| overlap(x, gm) > 0);
                            errors.push(MentionError {
                                doc: doc.id.clone(),
                                side: "miss",
                                kind: gm.kind.clone(),
                                class: if other.is_some() {
                                    "wrong type"
                                } else {
                                    "not found"
                                },
                                start: gm.start,
                                end: gm.end,
                                text: cut(&chars, gm.start, gm.end),
                                detail: other
                                    .map(|x| {
                                        format!(
                                            "khabar: {} {:?} ({})",
                                            x.kind,
                                            cut(&chars, x.start, x.end),
                                            x.detail
                                        )
                                    })
                                    .unwrap_or_default(),
                            });
                        }
                    }
                }
            }
            for (k, om) in o.iter().enumerate().filter(|(k, _)| !used[*k]) {
                // A mention overlapping an optional gold mention is not a false alarm.
                if g.iter().any(|x| x.optional && overlap(x, om) > 0) {
                    continue;
                }
                counts.fp(&om.kind);
                if lenient {
                    let other = g.iter().find(|x| overlap(x, om) > 0);
                    errors.push(MentionError {
                        doc: doc.id.clone(),
                        side: "false alarm",
                        kind: om.kind.clone(),
                        class: if other.is_some() {
                            "wrong type"
                        } else {
                            "spurious"
                        },
                        start: om.start,
                        end: om.end,
                        text: cut(&chars, om.start, om.end),
                        detail: match other {
                            Some(x) => format!(
                                "{} (gold: {} {:?} {})",
                                o[k].detail,
                                x.kind,
                                cut(&chars, x.start, x.end),
                                x.detail
                            ),
                            None => o[k].detail.clone(),
                        },
                    });
                }
            }
        }
    }
    EntitiesEvaluation {
        exact: exact.report(),
        overlap: loose.report(),
        notes,
        errors,
    }
}

/// The misses and false alarms, one per line: `doc  side  TYPE  class  start-end  "text"  detail`.
pub fn write_errors(errors: &[MentionError]) -> String {
    let mut s = String::new();
    for e in errors {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}-{}\t{:?}\t{}\n",
            e.doc, e.side, e.kind, e.class, e.start, e.end, e.text, e.detail
        ));
    }
    s
}
