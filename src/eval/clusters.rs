//! Relation evaluation against cluster gold: the development gold's format (docs/eval.md),
//! where annotators, who cannot know khabar's ids, name entities as document-local clusters
//! (`E1`, `E2` ...) with their mention and nisba spans, and relations between clusters.
//!
//! Scoring follows the annotation guidelines ("Scoring"):
//! - **lenient** (entity-level): a khabar relation matches a gold one when the predicate is the
//!   same and each side is a khabar entity with a mention overlapping one of the gold cluster's
//!   mention or nisba spans (either order for symmetric predicates; a null gold side is not
//!   compared). A fact counts once per document: gold records are deduplicated by predicate and
//!   clusters, khabar's by predicate and entity ids; `said` is the exception, each statement its
//!   own record (khabar's deduplicated by speaker and quote, or sentence when it has no quote),
//!   and it also needs khabar's evidence sentence to overlap the gold evidence.
//! - **strict**: every record as given (no deduplication), each side an entity with a mention
//!   at exactly one of the cluster's spans (a null gold side wants a null side), the evidence
//!   sentences overlapping, and `negated` / `hypothetical` agreeing with khabar's polarity and
//!   modality.
//!
//! Both count one-to-one matches (a maximum matching per document), so tp + fn is the number of
//! gold records and tp + fp the number of khabar's.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::relations::{RelationsEvaluation, Span, SYMMETRIC_PREDICATES};
use super::Counts;
use crate::model::{Entity, Modality, Polarity, Relation};
use crate::{Document, Extraction};

/// A gold span with the text it covers (as `scripts/gold.py attach` writes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSpan {
    /// Char offset of the start.
    pub start: usize,
    /// Char offset of the end.
    pub end: usize,
    /// The covered text, checked against the document when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Mention flags (`clitic`, `metonymy`, `epithet`, `embedded`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

impl ClusterSpan {
    fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// A gold entity: a document-local cluster of mentions and nisba references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterEntity {
    /// Cluster id (`E1`), unique in the document.
    pub id: String,
    /// Its type (`PERSON`, `COUNTRY`, `AGENCY`, `LOCATION`, `EVENT`).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Its mentions.
    #[serde(default)]
    pub mentions: Vec<ClusterSpan>,
    /// Its nisba references (الروسي for Russia).
    #[serde(default)]
    pub nisba: Vec<ClusterSpan>,
}

impl ClusterEntity {
    fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.mentions
            .iter()
            .chain(&self.nisba)
            .map(ClusterSpan::span)
    }
}

/// A gold relation between clusters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterRelation {
    /// Predicate (`said`).
    pub predicate: String,
    /// Subject cluster (or null).
    #[serde(default)]
    pub subject: Option<String>,
    /// Object cluster (or null).
    #[serde(default)]
    pub object: Option<String>,
    /// The text says it did not or will not happen.
    #[serde(default)]
    pub negated: bool,
    /// Not asserted as done or ongoing.
    #[serde(default)]
    pub hypothetical: bool,
    /// The sentence(s) stating it.
    #[serde(default)]
    pub evidence: Option<ClusterSpan>,
    /// The statement, for `said`.
    #[serde(default)]
    pub quote: Option<ClusterSpan>,
}

/// A gold document in the cluster format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterDocument {
    /// Document id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its date as the source wrote it (read by [`crate::date::read`]).
    #[serde(default)]
    pub date: Option<String>,
    /// Its language.
    #[serde(default)]
    pub lang: Option<crate::model::Lang>,
    /// `tune` or `test`.
    #[serde(default)]
    pub split: Option<String>,
    /// Entity clusters.
    #[serde(default)]
    pub entities: Vec<ClusterEntity>,
    /// Relations.
    #[serde(default)]
    pub relations: Vec<ClusterRelation>,
}

impl ClusterDocument {
    /// The document to run through the pipeline, and a note when its date cannot be read.
    pub fn document(&self) -> (Document, Option<String>) {
        let mut d = Document::new(self.id.clone(), self.text.clone());
        d.lang = self.lang.clone();
        let mut note = None;
        if let Some(s) = self.date.as_deref().filter(|s| !s.trim().is_empty()) {
            match crate::date::read(s) {
                Ok(date) => d.date = Some(date),
                Err(e) => note = Some(format!("document {:?}: {e}; run undated", self.id)),
            }
        }
        (d, note)
    }

    fn entity(&self, id: &str) -> Option<&ClusterEntity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Checks offsets, ids and span texts; `Err` says what is wrong.
    pub(crate) fn check(&self) -> Result<(), String> {
        let chars: Vec<char> = self.text.chars().collect();
        let check_span = |sp: &ClusterSpan, what: &str| -> Result<(), String> {
            if sp.start >= sp.end || sp.end > chars.len() {
                return Err(format!(
                    "{what} span {}..{} is empty or past the text ({} chars)",
                    sp.start,
                    sp.end,
                    chars.len()
                ));
            }
            if let Some(t) = &sp.text {
                let got: String = chars[sp.start..sp.end].iter().collect();
                if &got != t {
                    return Err(format!(
                        "{what} span {}..{} covers {got:?}, not {t:?} (was the text attached from another version?)",
                        sp.start, sp.end
                    ));
                }
            }
            Ok(())
        };
        let mut ids = HashSet::new();
        for e in &self.entities {
            if !ids.insert(e.id.as_str()) {
                return Err(format!("entity {:?} appears twice", e.id));
            }
            if e.mentions.is_empty() && e.nisba.is_empty() {
                return Err(format!("entity {:?} has no mention and no nisba", e.id));
            }
            for m in &e.mentions {
                check_span(m, &format!("entity {:?} mention", e.id))?;
            }
            for m in &e.nisba {
                check_span(m, &format!("entity {:?} nisba", e.id))?;
            }
        }
        for (i, r) in self.relations.iter().enumerate() {
            if r.predicate.is_empty() {
                return Err(format!("relation {i} has no predicate"));
            }
            for id in [&r.subject, &r.object].into_iter().flatten() {
                if !ids.contains(id.as_str()) {
                    return Err(format!(
                        "relation {i} ({}) names {id:?}, which is not among the entities",
                        r.predicate
                    ));
                }
            }
            if let Some(ev) = &r.evidence {
                check_span(ev, &format!("relation {i} ({}) evidence", r.predicate))?;
            }
            if let Some(q) = &r.quote {
                check_span(q, &format!("relation {i} ({}) quote", r.predicate))?;
            }
        }
        Ok(())
    }
}

/// One miss or false alarm, for `--errors` and the error classes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationError {
    /// Gold document id.
    pub doc: String,
    /// `miss` or `false-alarm`.
    pub side: &'static str,
    /// Predicate.
    pub predicate: String,
    /// Why (see [`ErrorClass`]).
    pub class: &'static str,
    /// `subject -> object` as text (gold: cluster id and first mention; khabar: entity id and
    /// first mention).
    pub parties: String,
    /// The sentence (gold evidence for a miss, khabar's evidence for a false alarm).
    pub sentence: String,
}

/// A class of errors and how often it occurs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorClass {
    /// `miss` or `false-alarm`.
    pub side: &'static str,
    /// Predicate.
    #[serde(rename = "type")]
    pub predicate: String,
    /// Class: misses `party not found`, `no relation`, `other parties`, `said elsewhere`,
    /// `candidate taken`; false alarms `party without mention` (a khabar entity with no span
    /// to compare: no mention, no nisba, no mention standing for it), `party not in gold`,
    /// `other parties`, `not in gold`, `said elsewhere`, `duplicate`.
    pub class: &'static str,
    /// How many.
    pub count: u64,
}

/// A khabar relation seen through the gold: its sides' spans.
struct Sys<'a> {
    rel: &'a Relation,
    subject: Vec<Span>,
    object: Vec<Span>,
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn any_overlap(sys: &[Span], gold: &[Span]) -> bool {
    sys.iter().any(|&a| gold.iter().any(|&b| overlaps(a, b)))
}

fn any_exact(sys: &[Span], gold: &[Span]) -> bool {
    sys.iter().any(|a| gold.contains(a))
}

/// The spans of a khabar entity that can point at a gold cluster: its mentions and its nisba
/// references.
fn entity_spans(e: &Entity) -> Vec<Span> {
    let mentions = e.mentions.iter().map(|m| Span {
        start: m.start,
        end: m.end,
    });
    let nisba = e.nisba.iter().map(|m| Span {
        start: m.start,
        end: m.end,
    });
    mentions.chain(nisba).collect()
}

/// Whether a gold side (cluster spans, or None for null) accepts a khabar side.
fn side_ok(gold: &Option<Vec<Span>>, sys: &[Span], sys_null: bool, strict: bool) -> bool {
    match gold {
        None => !strict || sys_null,
        Some(g) => {
            if strict {
                any_exact(sys, g)
            } else {
                any_overlap(sys, g)
            }
        }
    }
}

/// Maximum bipartite matching (Kuhn's augmenting paths): `edges[g]` lists the khabar records
/// gold record `g` may match. Returns, per gold record, its khabar record.
fn max_matching(edges: &[Vec<usize>], n_sys: usize) -> Vec<Option<usize>> {
    fn augment(
        g: usize,
        edges: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &s in &edges[g] {
            if seen[s] {
                continue;
            }
            seen[s] = true;
            if owner[s].is_none_or(|o| augment(o, edges, seen, owner)) {
                owner[s] = Some(g);
                return true;
            }
        }
        false
    }
    let mut owner: Vec<Option<usize>> = vec![None; n_sys];
    for g in 0..edges.len() {
        let mut seen = vec![false; n_sys];
        augment(g, edges, &mut seen, &mut owner);
    }
    let mut out = vec![None; edges.len()];
    for (s, o) in owner.iter().enumerate() {
        if let Some(g) = o {
            out[*g] = Some(s);
        }
    }
    out
}

struct GoldRec<'a> {
    rel: &'a ClusterRelation,
    subject: Option<Vec<Span>>,
    object: Option<Vec<Span>>,
}

/// Whether khabar record `s` matches gold record `g`.
fn matches(g: &GoldRec<'_>, s: &Sys<'_>, symmetric: &HashSet<&str>, strict: bool) -> bool {
    if g.rel.predicate != s.rel.predicate {
        return false;
    }
    let (sn, on) = (s.rel.subject.is_none(), s.rel.object.is_none());
    let straight =
        side_ok(&g.subject, &s.subject, sn, strict) && side_ok(&g.object, &s.object, on, strict);
    let parties = straight
        || (symmetric.contains(g.rel.predicate.as_str())
            && side_ok(&g.subject, &s.object, on, strict)
            && side_ok(&g.object, &s.subject, sn, strict));
    if !parties {
        return false;
    }
    let ev = Span {
        start: s.rel.evidence.start,
        end: s.rel.evidence.end,
    };
    let placed = g
        .rel
        .evidence
        .as_ref()
        .is_none_or(|e| overlaps(e.span(), ev));
    if strict {
        placed
            && g.rel.negated == (s.rel.polarity == Polarity::Negated)
            && g.rel.hypothetical == (s.rel.modality == Modality::Hypothetical)
    } else if g.rel.predicate == "said" {
        placed
    } else {
        true
    }
}

/// Scores extractions against cluster gold. `predicted` pairs with `gold` by position; a
/// missing extraction means khabar found nothing there. Returns the evaluation and every miss
/// and false alarm of the lenient score.
pub fn evaluate(
    gold: &[ClusterDocument],
    predicted: &[Option<&Extraction>],
) -> (RelationsEvaluation, Vec<RelationError>) {
    let mut symmetric: HashSet<&str> = SYMMETRIC_PREDICATES.into_iter().collect();
    for ex in predicted.iter().flatten() {
        for r in ex.relations.iter().filter(|r| r.symmetric) {
            symmetric.insert(r.predicate.as_str());
        }
    }
    let mut strict = Counts::default();
    let mut lenient = Counts::default();
    let mut errors = Vec::new();
    for (doc, p) in gold.iter().zip(predicted) {
        let rels: &[Relation] = p.map_or(&[], |e| e.relations.as_slice());
        let ents: HashMap<&str, &Entity> = p
            .map(|e| e.entities.iter().map(|x| (x.id.as_str(), x)).collect())
            .unwrap_or_default();
        // A mention standing for an entity (metonymy: موسكو for Russia) is a span of that
        // entity as a party.
        let mut standing: HashMap<&str, Vec<Span>> = HashMap::default();
        for e in p.map_or(&[][..], |e| e.entities.as_slice()) {
            for m in &e.mentions {
                if let Some(sf) = m.stands_for.as_deref() {
                    standing.entry(sf).or_default().push(Span {
                        start: m.start,
                        end: m.end,
                    });
                }
            }
        }
        let spans_of = |id: &Option<String>| -> Vec<Span> {
            let Some(i) = id.as_deref() else {
                return Vec::new();
            };
            let mut v = ents.get(i).map(|e| entity_spans(e)).unwrap_or_default();
            v.extend(standing.get(i).into_iter().flatten().copied());
            v
        };
        let sys_all: Vec<Sys<'_>> = rels
            .iter()
            .map(|r| Sys {
                rel: r,
                subject: spans_of(&r.subject),
                object: spans_of(&r.object),
            })
            .collect();
        let cluster = |id: &Option<String>| -> Option<Vec<Span>> {
            id.as_deref().map(|i| {
                doc.entity(i)
                    .map(|e| e.spans().collect())
                    .unwrap_or_default()
            })
        };
        let gold_all: Vec<GoldRec<'_>> = doc
            .relations
            .iter()
            .map(|r| GoldRec {
                rel: r,
                subject: cluster(&r.subject),
                object: cluster(&r.object),
            })
            .collect();
        for r in &doc.relations {
            strict.touch(&r.predicate);
            lenient.touch(&r.predicate);
        }

        // Strict: every record.
        let edges: Vec<Vec<usize>> = gold_all
            .iter()
            .map(|g| {
                (0..sys_all.len())
                    .filter(|&s| matches(g, &sys_all[s], &symmetric, true))
                    .collect()
            })
            .collect();
        let gold_refs: Vec<&GoldRec<'_>> = gold_all.iter().collect();
        let sys_refs: Vec<&Sys<'_>> = sys_all.iter().collect();
        count(
            &mut strict,
            &gold_refs,
            &sys_refs,
            &max_matching(&edges, sys_all.len()),
        );

        // Lenient: one record per fact (said: per statement).
        let sym = |p: &str, a: Option<String>, b: Option<String>| {
            if symmetric.contains(p) && b < a {
                (b, a)
            } else {
                (a, b)
            }
        };
        let mut seen = HashSet::new();
        let gold_facts: Vec<&GoldRec<'_>> = gold_all
            .iter()
            .filter(|g| {
                g.rel.predicate == "said" || {
                    let (a, b) = sym(
                        &g.rel.predicate,
                        g.rel.subject.clone(),
                        g.rel.object.clone(),
                    );
                    seen.insert((g.rel.predicate.clone(), a, b))
                }
            })
            .collect();
        let mut seen = HashSet::new();
        let sys_facts: Vec<&Sys<'_>> = sys_all
            .iter()
            .filter(|s| {
                let r = s.rel;
                let (a, b) = sym(&r.predicate, r.subject.clone(), r.object.clone());
                // Each statement counts: two quotes in one sentence are two records.
                let place = (r.predicate == "said").then(|| {
                    r.roles
                        .get("quote")
                        .and_then(|q| q.get("start"))
                        .and_then(serde_json::Value::as_u64)
                        .map_or((r.evidence.start, false), |q| (q as usize, true))
                });
                seen.insert((r.predicate.clone(), a, b, place))
            })
            .collect();
        let edges: Vec<Vec<usize>> = gold_facts
            .iter()
            .map(|g| {
                (0..sys_facts.len())
                    .filter(|&s| matches(g, sys_facts[s], &symmetric, false))
                    .collect()
            })
            .collect();
        let matched = max_matching(&edges, sys_facts.len());
        count(&mut lenient, &gold_facts, &sys_facts, &matched);
        explain(
            doc,
            &ents,
            &gold_facts,
            &sys_facts,
            &edges,
            &matched,
            &symmetric,
            &mut errors,
        );
    }
    let evaluation = RelationsEvaluation {
        strict: strict.report(),
        lenient: lenient.report(),
        notes: Vec::new(),
    };
    (evaluation, errors)
}

/// Adds one document's matching to the counts.
fn count(c: &mut Counts, gold: &[&GoldRec<'_>], sys: &[&Sys<'_>], matched: &[Option<usize>]) {
    let mut used = vec![false; sys.len()];
    for (g, m) in gold.iter().zip(matched) {
        match m {
            Some(s) => {
                used[*s] = true;
                c.tp(&g.rel.predicate);
            }
            None => c.fn_(&g.rel.predicate),
        }
    }
    for (s, u) in sys.iter().zip(&used) {
        if !u {
            c.fp(&s.rel.predicate);
        }
    }
}

/// Classifies every lenient miss and false alarm.
#[allow(clippy::too_many_arguments)]
fn explain(
    doc: &ClusterDocument,
    ents: &HashMap<&str, &Entity>,
    gold: &[&GoldRec<'_>],
    sys: &[&Sys<'_>],
    edges: &[Vec<usize>],
    matched: &[Option<usize>],
    symmetric: &HashSet<&str>,
    out: &mut Vec<RelationError>,
) {
    let chars: Vec<char> = doc.text.chars().collect();
    let cut = |s: usize, e: usize| -> String {
        chars
            .get(s.min(chars.len())..e.min(chars.len()))
            .map(|c| c.iter().collect::<String>().trim().replace('\n', " "))
            .unwrap_or_default()
    };
    let all_sys: Vec<Span> = ents.values().flat_map(|e| entity_spans(e)).collect();
    let gold_name = |id: &Option<String>| match id.as_deref() {
        None => "null".to_string(),
        Some(i) => {
            let first = doc
                .entity(i)
                .and_then(|e| e.mentions.first().or(e.nisba.first()))
                .map(|m| cut(m.start, m.end))
                .unwrap_or_default();
            format!("{i} {first:?}")
        }
    };
    let sys_name = |id: &Option<String>| match id.as_deref() {
        None => "null".to_string(),
        Some(i) => {
            let first = ents
                .get(i)
                .and_then(|e| e.mentions.first())
                .map(|m| m.text.clone())
                .unwrap_or_default();
            format!("{i} {first:?}")
        }
    };
    let used: HashSet<usize> = matched.iter().flatten().copied().collect();
    for (gi, g) in gold.iter().enumerate() {
        if matched[gi].is_some() {
            continue;
        }
        let p = g.rel.predicate.as_str();
        let found =
            |side: &Option<Vec<Span>>| side.as_ref().is_none_or(|s| any_overlap(&all_sys, s));
        let class = if !edges[gi].is_empty() {
            "candidate taken"
        } else if !found(&g.subject) || !found(&g.object) {
            "party not found"
        } else if p == "said" && sys.iter().any(|s| matches_parties(g, s, symmetric)) {
            "said elsewhere"
        } else if sys.iter().any(|s| s.rel.predicate == p) {
            "other parties"
        } else {
            "no relation"
        };
        out.push(RelationError {
            doc: doc.id.clone(),
            side: "miss",
            predicate: p.to_string(),
            class,
            parties: format!(
                "{} -> {}",
                gold_name(&g.rel.subject),
                gold_name(&g.rel.object)
            ),
            sentence: g
                .rel
                .evidence
                .as_ref()
                .map(|e| cut(e.start, e.end))
                .unwrap_or_default(),
        });
    }
    let all_gold: Vec<Span> = doc.entities.iter().flat_map(|e| e.spans()).collect();
    for (si, s) in sys.iter().enumerate() {
        if used.contains(&si) {
            continue;
        }
        let p = s.rel.predicate.as_str();
        let in_gold = |id: &Option<String>, sp: &[Span]| id.is_none() || any_overlap(sp, &all_gold);
        let spanless = |id: &Option<String>, sp: &[Span]| id.is_some() && sp.is_empty();
        let class = if edges.iter().any(|e| e.contains(&si)) {
            "duplicate"
        } else if spanless(&s.rel.subject, &s.subject) || spanless(&s.rel.object, &s.object) {
            "party without mention"
        } else if !in_gold(&s.rel.subject, &s.subject) || !in_gold(&s.rel.object, &s.object) {
            "party not in gold"
        } else if p == "said" && gold.iter().any(|g| matches_parties(g, s, symmetric)) {
            "said elsewhere"
        } else if gold.iter().any(|g| shares_a_side(g, s, symmetric)) {
            "other parties"
        } else {
            "not in gold"
        };
        out.push(RelationError {
            doc: doc.id.clone(),
            side: "false-alarm",
            predicate: p.to_string(),
            class,
            parties: format!(
                "{} -> {}",
                sys_name(&s.rel.subject),
                sys_name(&s.rel.object)
            ),
            sentence: cut(s.rel.evidence.start, s.rel.evidence.end),
        });
    }
}

/// The lenient test without the place (for telling `said elsewhere` apart).
fn matches_parties(g: &GoldRec<'_>, s: &Sys<'_>, symmetric: &HashSet<&str>) -> bool {
    let mut rel = g.rel.clone();
    rel.evidence = None;
    let unplaced = GoldRec {
        rel: &rel,
        subject: g.subject.clone(),
        object: g.object.clone(),
    };
    matches(&unplaced, s, symmetric, false)
}

/// Whether a gold record of the same predicate agrees with khabar's on one named side (the
/// other side differs, or khabar leaves it null where gold names it).
fn shares_a_side(g: &GoldRec<'_>, s: &Sys<'_>, symmetric: &HashSet<&str>) -> bool {
    if g.rel.predicate != s.rel.predicate {
        return false;
    }
    let one =
        |gold: &Option<Vec<Span>>, sys: &[Span]| gold.as_ref().is_some_and(|g| any_overlap(sys, g));
    one(&g.subject, &s.subject)
        || one(&g.object, &s.object)
        || (symmetric.contains(g.rel.predicate.as_str())
            && (one(&g.subject, &s.object) || one(&g.object, &s.subject)))
}

/// Error classes, most frequent first (then by side, predicate and class).
pub fn error_classes(errors: &[RelationError]) -> Vec<ErrorClass> {
    let mut counts: BTreeMap<(&'static str, String, &'static str), u64> = BTreeMap::new();
    for e in errors {
        *counts
            .entry((e.side, e.predicate.clone(), e.class))
            .or_default() += 1;
    }
    let mut out: Vec<ErrorClass> = counts
        .into_iter()
        .map(|((side, predicate, class), count)| ErrorClass {
            side,
            predicate,
            class,
            count,
        })
        .collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.count));
    out
}

/// Writes the misses and false alarms, grouped by document, each with its sentence.
pub fn write_errors(errors: &[RelationError]) -> String {
    let mut out = String::new();
    let mut last: Option<&str> = None;
    for e in errors {
        if last != Some(e.doc.as_str()) {
            let _ = writeln!(out, "{}", e.doc);
            last = Some(e.doc.as_str());
        }
        let _ = writeln!(
            out,
            "  {:<11}  {:<18}  [{}]  {}\n      {}",
            e.side.replace('-', " "),
            e.predicate,
            e.class,
            e.parties,
            e.sentence
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_is_maximum_not_greedy() {
        // Gold 0 could take khabar 0 or 1; gold 1 only khabar 0. Greedy in gold order would
        // give gold 0 khabar 0 and leave gold 1 unmatched.
        let m = max_matching(&[vec![0, 1], vec![0]], 2);
        assert_eq!(m, [Some(1), Some(0)]);
        assert_eq!(max_matching(&[vec![], vec![0]], 1), [None, Some(0)]);
    }

    #[test]
    fn overlap_is_half_open() {
        let s = |start, end| Span { start, end };
        assert!(overlaps(s(0, 3), s(2, 5)));
        assert!(!overlaps(s(0, 3), s(3, 5)));
        assert!(any_exact(&[s(1, 2), s(3, 4)], &[s(3, 4)]));
    }
}
