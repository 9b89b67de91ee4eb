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
    sorted(out)
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
            out.push(Item {
                start: m.start,
                end: m.end,
                kind: t.as_str().to_string(),
                optional: false,
                detail: format!("{} via {}", e.id, m.via.as_str()),
            });
        }
    }
    sorted(out)
}

/// Items in text order, each span and type once (two gold entities may share a span).
fn sorted(mut items: Vec<Item>) -> Vec<Item> {
    items.sort_by(|a, b| (a.start, a.end, &a.kind).cmp(&(b.start, b.end, &b.kind)));
    items.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.kind == b.kind);
    items
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
    for t in EntityType::ALL {
        exact.touch(t.as_str());
        loose.touch(t.as_str());
    }
    let mut errors = Vec::new();
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
                            errors.push(error(&doc.id, Side::Miss, gm, other, &chars));
                        }
                    }
                }
            }
            for om in o.iter().zip(&used).filter(|(_, u)| !**u).map(|(om, _)| om) {
                // A mention overlapping an optional gold mention is not a false alarm.
                if g.iter().any(|x| x.optional && overlap(x, om) > 0) {
                    continue;
                }
                counts.fp(&om.kind);
                if lenient {
                    let other = g.iter().find(|x| overlap(x, om) > 0);
                    errors.push(error(&doc.id, Side::FalseAlarm, om, other, &chars));
                }
            }
        }
    }
    EntitiesEvaluation {
        exact: exact.report(),
        overlap: loose.report(),
        notes: Vec::new(),
        errors,
    }
}

/// Which side an error is on.
#[derive(Clone, Copy)]
enum Side {
    /// A gold mention khabar does not have.
    Miss,
    /// A khabar mention gold does not have.
    FalseAlarm,
}

/// The error for `item` (gold for a miss, khabar's for a false alarm), with what the other
/// side has over it (`other`), if anything: then the class is `wrong type`.
fn error(doc: &str, side: Side, item: &Item, other: Option<&Item>, chars: &[char]) -> MentionError {
    let text = |x: &Item| cut(chars, x.start, x.end);
    let (side_name, lone, detail) = match side {
        Side::Miss => (
            "miss",
            "not found",
            other
                .map(|x| format!("khabar: {} {:?} ({})", x.kind, text(x), x.detail))
                .unwrap_or_default(),
        ),
        Side::FalseAlarm => (
            "false alarm",
            "spurious",
            match other {
                Some(x) => format!(
                    "{} (gold: {} {:?} {})",
                    item.detail,
                    x.kind,
                    text(x),
                    x.detail
                ),
                None => item.detail.clone(),
            },
        ),
    };
    MentionError {
        doc: doc.to_string(),
        side: side_name,
        kind: item.kind.clone(),
        class: if other.is_some() { "wrong type" } else { lone },
        start: item.start,
        end: item.end,
        text: text(item),
        detail,
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
