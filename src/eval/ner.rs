//! Named-entity evaluation: chunking and exact-span scoring as conlleval and seqeval (default,
//! conlleval-compatible mode) do them, and the projection of khabar's mentions onto gold tokens.
//!
//! Chunking ([`chunks`]) follows seqeval's `get_entities` rules, so IOB1, IOB2 and IOBES
//! sequences all chunk the way the reference does: a chunk starts at `B-`/`S-`, at an `I-`/`E-`
//! after `O` (IOB1, or a broken IOB2 sequence), and wherever the type changes; it ends before
//! `B-`, `S-`, `O`, a type change, or after `E-`/`S-`. A predicted chunk counts only if its type,
//! first and last token equal a gold chunk's.
//!
//! Projection ([`project`]): the pipeline runs over text rebuilt from the gold tokens (joined by
//! single spaces); a mention maps to every token its span overlaps. A mention that starts inside
//! a token (the proclitic و left out of "والجزائر") therefore maps to the whole token, which is
//! how ANERcorp tags it (`والجزائر B-LOC`).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::conll::ConllFile;
use super::{Counts, EvalError, Report, Score};
use crate::gazetteer::Reading;
use crate::model::{EntityType, Via};
use crate::{Document, PartialDate, Pipeline, Scratch};

/// A chunk: a typed run of tokens `start..end` (end exclusive) within one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Chunk {
    /// The type (`LOC`).
    #[serde(rename = "type")]
    pub kind: String,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// Splits a tag into its prefix and type the way seqeval does (`O` has type `_`).
fn split_tag(tag: &str) -> (char, &str) {
    let prefix = tag.chars().next().unwrap_or('O');
    let rest = tag.get(prefix.len_utf8()..).unwrap_or("");
    let kind = match rest.split_once('-') {
        Some((_, t)) => t,
        None => rest,
    };
    (prefix, if kind.is_empty() { "_" } else { kind })
}

fn end_of_chunk(prev: char, tag: char, prev_type: &str, kind: &str) -> bool {
    matches!(prev, 'E' | 'S')
        || (matches!(prev, 'B' | 'I') && matches!(tag, 'B' | 'S' | 'O'))
        || (prev != 'O' && prev != '.' && prev_type != kind)
}

fn start_of_chunk(prev: char, tag: char, prev_type: &str, kind: &str) -> bool {
    matches!(tag, 'B' | 'S')
        || (matches!(prev, 'E' | 'S' | 'O') && matches!(tag, 'E' | 'I'))
        || (tag != 'O' && tag != '.' && prev_type != kind)
}

/// The chunks of one sentence's tags, as seqeval's `get_entities` finds them.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let (mut prev, mut prev_type) = ('O', "_");
    let mut begin = 0;
    for i in 0..=tags.len() {
        let (tag, kind) = match tags.get(i) {
            Some(t) => split_tag(t.as_ref()),
            None => ('O', "_"),
        };
        if end_of_chunk(prev, tag, prev_type, kind) {
            out.push(Chunk {
                kind: prev_type.to_string(),
                start: begin,
                end: i,
            });
        }
        if start_of_chunk(prev, tag, prev_type, kind) {
            begin = i;
        }
        prev = tag;
        prev_type = kind;
    }
    out
}

/// Scores predicted tag sequences against gold ones, sentence by sentence (exact chunks,
/// per type and micro), with seqeval's figures. Sequences must pair up with equal lengths.
pub fn score_tags<G: AsRef<str>, P: AsRef<str>>(
    gold: &[Vec<G>],
    predicted: &[Vec<P>],
) -> Result<Report, EvalError> {
    if gold.len() != predicted.len() {
        return Err(EvalError::Mismatch(format!(
            "{} gold sentences but {} predicted",
            gold.len(),
            predicted.len()
        )));
    }
    let mut counts = Counts::default();
    for (i, (g, p)) in gold.iter().zip(predicted).enumerate() {
        if g.len() != p.len() {
            return Err(EvalError::Mismatch(format!(
                "sentence {}: {} gold tags but {} predicted",
                i + 1,
                g.len(),
                p.len()
            )));
        }
        count_chunks(&chunks(g), &chunks(p), &mut counts);
    }
    Ok(counts.report())
}

fn count_chunks(gold: &[Chunk], predicted: &[Chunk], counts: &mut Counts) {
    for g in gold {
        if predicted.contains(g) {
            counts.tp(&g.kind);
        } else {
            counts.fn_(&g.kind);
        }
    }
    for p in predicted {
        if !gold.contains(p) {
            counts.fp(&p.kind);
        }
    }
}

/// Maps khabar entity types to gold tags (`PERSON=PERS,COUNTRY=LOC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeMap {
    pairs: Vec<(EntityType, String)>,
}

impl Default for TypeMap {
    /// ANERcorp's tags: PERSON=PERS, COUNTRY=LOC, LOCATION=LOC, AGENCY=ORG.
    fn default() -> Self {
        TypeMap {
            pairs: vec![
                (EntityType::Person, "PERS".into()),
                (EntityType::Country, "LOC".into()),
                (EntityType::Location, "LOC".into()),
                (EntityType::Agency, "ORG".into()),
            ],
        }
    }
}

impl TypeMap {
    /// Parses `KHABAR_TYPE=TAG` pairs separated by commas.
    pub fn parse(s: &str) -> Result<TypeMap, String> {
        let mut pairs: Vec<(EntityType, String)> = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((k, v)) = part.split_once('=') else {
                return Err(format!("{part:?} is not TYPE=TAG (example: PERSON=PERS)"));
            };
            let (k, v) = (k.trim(), v.trim());
            let Some(t) = EntityType::parse(&k.to_ascii_uppercase()) else {
                let all: Vec<&str> = EntityType::ALL.iter().map(|t| t.as_str()).collect();
                return Err(format!(
                    "{k:?} is not a khabar type (one of {})",
                    all.join(", ")
                ));
            };
            if v.is_empty() || v.contains(char::is_whitespace) {
                return Err(format!("{part:?}: the tag must be a non-empty word"));
            }
            if pairs.iter().any(|(p, _)| *p == t) {
                return Err(format!("{k} is mapped twice"));
            }
            pairs.push((t, v.to_string()));
        }
        Ok(TypeMap { pairs })
    }

    /// The gold tag of a khabar type, if mapped.
    pub fn get(&self, t: EntityType) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(p, _)| *p == t)
            .map(|(_, v)| v.as_str())
    }

    /// The default map with PERSON mapped to the person tag the gold file uses: `PERS`
    /// (ANERcorp) unless the file has `PER` (CoNLL-2003) and no `PERS`.
    pub fn default_for(gold: &ConllFile) -> TypeMap {
        let mut map = TypeMap::default();
        let mut has = (false, false);
        for s in gold.sentences() {
            for t in &s.tags {
                let (_, kind) = split_tag(t);
                match kind {
                    "PER" => has.0 = true,
                    "PERS" => has.1 = true,
                    _ => {}
                }
            }
        }
        if has == (true, false) {
            for (t, v) in &mut map.pairs {
                if *t == EntityType::Person {
                    *v = "PER".into();
                }
            }
        }
        map
    }

    /// Whether some khabar type maps to this gold tag.
    pub fn is_target(&self, tag: &str) -> bool {
        self.pairs.iter().any(|(_, v)| v == tag)
    }
}

/// A mention to project: its byte span in the evaluated text and its gold tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanTag<'a> {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// The gold tag it maps to.
    pub tag: &'a str,
}

/// Projects mentions onto tokens (`token_spans`: byte ranges, sorted) as IOB2 tags. A mention
/// takes every token its span overlaps; where mentions overlap in tokens, the one that starts
/// first wins, then the longer one. Returns the tags and, per tag position that starts a
/// chunk, the index of the mention that made it.
pub fn project(spans: &[SpanTag<'_>], token_spans: &[(usize, usize)]) -> (Vec<String>, Vec<usize>) {
    let mut tags = vec!["O".to_string(); token_spans.len()];
    let mut origin = vec![usize::MAX; token_spans.len()];
    let mut placed: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let first = token_spans.partition_point(|&(_, e)| e <= s.start);
            let end = token_spans.partition_point(|&(b, _)| b < s.end);
            (first < end).then_some((first, end, i))
        })
        .collect();
    placed.sort_by_key(|&(a, b, i)| (a, std::cmp::Reverse(b), i));
    let mut taken = vec![false; token_spans.len()];
    for (a, b, i) in placed {
        if taken[a..b].iter().any(|&t| t) {
            continue;
        }
        for (k, tok) in (a..b).enumerate() {
            taken[tok] = true;
            let prefix = if k == 0 { "B-" } else { "I-" };
            tags[tok] = format!("{prefix}{}", spans[i].tag);
        }
        origin[a] = i;
    }
    (tags, origin)
}

/// Options of [`evaluate`].
#[derive(Debug, Clone, Default)]
pub struct NerOptions {
    /// khabar type -> gold tag.
    pub map: TypeMap,
    /// Date given to every document (roles resolve as of it).
    pub date: Option<PartialDate>,
    /// Score the name tagger's own spans only (before they are merged with the gazetteer's
    /// and resolution's mentions): the "tagger only" column of an ablation.
    pub tagger_only: bool,
}

/// A predicted chunk and what khabar said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Predicted {
    /// The chunk on gold tokens.
    pub chunk: Chunk,
    /// khabar's type.
    pub khabar_type: EntityType,
    /// khabar's entity id.
    pub entity: String,
    /// The mention text.
    pub text: String,
}

/// Which side of the comparison an error is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// A gold chunk khabar did not find exactly (false negative).
    Miss,
    /// A khabar chunk not in gold (false positive).
    FalseAlarm,
}

impl Side {
    /// `miss` or `false alarm`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Miss => "miss",
            Side::FalseAlarm => "false alarm",
        }
    }
}

/// One miss or false alarm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChunkError {
    /// Miss or false alarm.
    pub side: Side,
    /// The chunk (gold for a miss, predicted for a false alarm).
    pub chunk: Chunk,
    /// Why, as a class: `tag not mapped` (no khabar type maps to the gold tag),
    /// `no gazetteer match`, `ambiguous alias`, `adjective`,
    /// `unmapped khabar type`, `wrong type`, `span differs`, `span and type differ`, `spurious`.
    pub class: &'static str,
    /// What khabar had there, if anything (readable).
    pub detail: String,
}

/// One gold sentence's comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceEval {
    /// Line of the sentence's first token in the gold file.
    pub line: usize,
    /// Gold tokens.
    pub tokens: Vec<String>,
    /// Gold tags, as in the file.
    pub gold_tags: Vec<String>,
    /// khabar's tags (IOB2), projected onto the gold tokens.
    pub predicted_tags: Vec<String>,
    /// Gold chunks.
    pub gold: Vec<Chunk>,
    /// Predicted chunks.
    pub predicted: Vec<Predicted>,
    /// Misses and false alarms.
    pub errors: Vec<ChunkError>,
}

/// A count of errors of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCount {
    /// Miss or false alarm.
    pub side: Side,
    /// The chunk's tag (gold tag for a miss, mapped predicted tag for a false alarm).
    #[serde(rename = "type")]
    pub kind: String,
    /// The class (see [`ChunkError::class`]).
    pub class: &'static str,
    /// How many.
    pub count: u64,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerEvaluation {
    /// Scores per gold tag and micro (over every tag, as conlleval and seqeval do).
    #[serde(flatten)]
    pub report: Report,
    /// Micro average over the gold tags some khabar type maps to (ANERcorp: PERS, LOC, ORG,
    /// leaving MISC out).
    pub micro_mapped: Score,
    /// Mentions of khabar types the map leaves out, by type (ignored in scoring).
    pub unmapped: BTreeMap<String, u64>,
    /// Errors by side, tag and class, most frequent first.
    pub error_classes: Vec<ErrorCount>,
    /// Per-sentence details (not in the JSON report).
    #[serde(skip)]
    pub sentences: Vec<SentenceEval>,
}

/// What the gazetteer matcher saw at a span, to explain a miss.
#[derive(Debug, Clone, Copy)]
enum MatchSeen {
    Ambiguous,
    Adjective,
    Entity,
}

/// One evaluation unit: the sentences run through the pipeline as one document.
struct Unit<'a> {
    sentences: Vec<&'a super::conll::Sentence>,
}

/// Runs the pipeline over the gold file's text and scores its mentions against the gold tags.
///
/// Each `-DOCSTART-` document is one khabar document (sentences separated by a blank line);
/// without `-DOCSTART-`, each sentence is one. Units run in parallel; results keep file order.
pub fn evaluate(pipeline: &Pipeline, gold: &ConllFile, options: &NerOptions) -> NerEvaluation {
    let units: Vec<Unit<'_>> = if gold.has_docstart {
        gold.documents
            .iter()
            .map(|d| Unit {
                sentences: d.sentences.iter().collect(),
            })
            .collect()
    } else {
        gold.sentences()
            .map(|s| Unit { sentences: vec![s] })
            .collect()
    };
    let results: Vec<(Vec<SentenceEval>, BTreeMap<String, u64>)> = units
        .par_iter()
        .enumerate()
        .map_init(Scratch::default, |scratch, (ui, unit)| {
            evaluate_unit(pipeline, ui, unit, options, scratch)
        })
        .collect();
    let mut counts = Counts::default();
    let mut unmapped: BTreeMap<String, u64> = BTreeMap::new();
    let mut classes: BTreeMap<(Side, String, &'static str), u64> = BTreeMap::new();
    let mut sentences = Vec::new();
    for (evals, un) in results {
        for (k, v) in un {
            *unmapped.entry(k).or_default() += v;
        }
        for s in evals {
            for g in &s.gold {
                counts.touch(&g.kind);
            }
            let pred: Vec<Chunk> = s.predicted.iter().map(|p| p.chunk.clone()).collect();
            count_chunks(&s.gold, &pred, &mut counts);
            for e in &s.errors {
                *classes
                    .entry((e.side, e.chunk.kind.clone(), e.class))
                    .or_default() += 1;
            }
            sentences.push(s);
        }
    }
    let mut error_classes: Vec<ErrorCount> = classes
        .into_iter()
        .map(|((side, kind, class), count)| ErrorCount {
            side,
            kind,
            class,
            count,
        })
        .collect();
    error_classes.sort_by_key(|e| std::cmp::Reverse(e.count));
    let report = counts.report();
    let micro_mapped = counts.report_micro_over(|k| options.map.is_target(k)).micro;
    NerEvaluation {
        report,
        micro_mapped,
        unmapped,
        error_classes,
        sentences,
    }
}

fn evaluate_unit(
    pipeline: &Pipeline,
    index: usize,
    unit: &Unit<'_>,
    options: &NerOptions,
    scratch: &mut Scratch,
) -> (Vec<SentenceEval>, BTreeMap<String, u64>) {
    // Rebuild the text; remember each token's byte span.
    let mut text = String::new();
    let mut spans: Vec<Vec<(usize, usize)>> = Vec::with_capacity(unit.sentences.len());
    for (si, s) in unit.sentences.iter().enumerate() {
        if si > 0 {
            text.push_str("\n\n");
        }
        let mut sp = Vec::with_capacity(s.tokens.len());
        for (ti, tok) in s.tokens.iter().enumerate() {
            if ti > 0 {
                text.push(' ');
            }
            sp.push((text.len(), text.len() + tok.len()));
            text.push_str(tok);
        }
        spans.push(sp);
    }
    let mut doc = Document::new(format!("unit-{}", index + 1), text);
    doc.date = options.date;
    let ex = if options.tagger_only {
        pipeline.tagger_extraction(&doc, scratch)
    } else {
        pipeline.extract_with(&doc, scratch)
    };
    // The matcher's raw matches (still in scratch) explain misses: ambiguous or adjective.
    let seen: Vec<(usize, usize, MatchSeen)> = scratch
        .matches
        .iter()
        .map(|m| {
            let kind = match m.reading {
                Reading::Ambiguous(_) => MatchSeen::Ambiguous,
                Reading::Adjective(_) => MatchSeen::Adjective,
                Reading::Entity(..) => MatchSeen::Entity,
            };
            (m.byte_start, m.byte_end, kind)
        })
        .collect();
    let mut unmapped: BTreeMap<String, u64> = BTreeMap::new();
    // (byte start, byte end, tag, type, entity id, text)
    let mut mentions: Vec<(usize, usize, &str, EntityType, &str, &str)> = Vec::new();
    for e in &ex.entities {
        // Named-entity gold tags names: mentions linked by role ("الرئيس الروسي") or by
        // coreference ("البلدين", a pronoun-like noun) are not names, so they are not scored.
        for m in e
            .mentions
            .iter()
            .filter(|m| !matches!(m.via, Via::Role | Via::Coreference))
        {
            match options.map.get(e.entity_type) {
                Some(tag) => {
                    mentions.push((m.byte_start, m.byte_end, tag, e.entity_type, &e.id, &m.text))
                }
                None => {
                    *unmapped
                        .entry(e.entity_type.as_str().to_string())
                        .or_default() += 1
                }
            }
        }
    }
    let mut out = Vec::with_capacity(unit.sentences.len());
    for (s, sp) in unit.sentences.iter().zip(&spans) {
        let (lo, hi) = match (sp.first(), sp.last()) {
            (Some(a), Some(b)) => (a.0, b.1),
            _ => (0, 0),
        };
        // Mentions starting in this sentence, clipped to it (the matcher joins tokens across
        // line breaks, so a mention could run into the next gold sentence).
        let local: Vec<usize> = (0..mentions.len())
            .filter(|&i| mentions[i].0 >= lo && mentions[i].0 < hi)
            .collect();
        let span_tags: Vec<SpanTag<'_>> = local
            .iter()
            .map(|&i| SpanTag {
                start: mentions[i].0,
                end: mentions[i].1.min(hi),
                tag: mentions[i].2,
            })
            .collect();
        let (tags, origin) = project(&span_tags, sp);
        let predicted: Vec<Predicted> = chunks(&tags)
            .into_iter()
            .filter_map(|c| {
                let &i = local.get(*origin.get(c.start)?)?;
                let (_, _, _, t, id, txt) = mentions[i];
                Some(Predicted {
                    chunk: c,
                    khabar_type: t,
                    entity: id.to_string(),
                    text: txt.to_string(),
                })
            })
            .collect();
        let gold = chunks(&s.tags);
        let errors = classify(&gold, &predicted, sp, &seen, &s.tokens, &options.map);
        out.push(SentenceEval {
            line: s.line,
            tokens: s.tokens.clone(),
            gold_tags: s.tags.clone(),
            predicted_tags: tags,
            gold,
            predicted,
            errors,
        });
    }
    (out, unmapped)
}

fn overlaps(a: &Chunk, b: &Chunk) -> bool {
    a.start < b.end && b.start < a.end
}

fn chunk_text(tokens: &[String], c: &Chunk) -> String {
    tokens.get(c.start..c.end).unwrap_or_default().join(" ")
}

fn classify(
    gold: &[Chunk],
    predicted: &[Predicted],
    token_spans: &[(usize, usize)],
    seen: &[(usize, usize, MatchSeen)],
    tokens: &[String],
    map: &TypeMap,
) -> Vec<ChunkError> {
    let mut out = Vec::new();
    let describe = |p: &Predicted| {
        format!(
            "khabar: {} {} {:?} as {}",
            p.khabar_type.as_str(),
            p.entity,
            p.text,
            p.chunk.kind
        )
    };
    for g in gold {
        if predicted.iter().any(|p| p.chunk == *g) {
            continue;
        }
        let same_span = predicted
            .iter()
            .find(|p| p.chunk.start == g.start && p.chunk.end == g.end);
        let overlapping = predicted.iter().find(|p| overlaps(&p.chunk, g));
        let (class, detail) = if !map.is_target(&g.kind) {
            ("tag not mapped", String::new())
        } else if let Some(p) = same_span {
            ("wrong type", describe(p))
        } else if let Some(p) = overlapping {
            let class = if p.chunk.kind == g.kind {
                "span differs"
            } else {
                "span and type differ"
            };
            (class, describe(p))
        } else {
            let lo = token_spans.get(g.start).map_or(0, |s| s.0);
            let hi = token_spans.get(g.end.wrapping_sub(1)).map_or(0, |s| s.1);
            let hit = seen.iter().find(|&&(a, b, _)| a < hi && lo < b);
            let class = match hit.map(|h| h.2) {
                Some(MatchSeen::Ambiguous) => "ambiguous alias",
                Some(MatchSeen::Adjective) => "adjective",
                Some(MatchSeen::Entity) => "unmapped khabar type",
                None => "no gazetteer match",
            };
            (class, String::new())
        };
        out.push(ChunkError {
            side: Side::Miss,
            chunk: g.clone(),
            class,
            detail: format!("{:?} {detail}", chunk_text(tokens, g))
                .trim_end()
                .to_string(),
        });
    }
    for p in predicted {
        if gold.contains(&p.chunk) {
            continue;
        }
        let c = &p.chunk;
        let class = if gold.iter().any(|g| g.start == c.start && g.end == c.end) {
            "wrong type"
        } else if let Some(g) = gold.iter().find(|g| overlaps(g, c)) {
            if g.kind == c.kind {
                "span differs"
            } else {
                "span and type differ"
            }
        } else {
            "spurious"
        };
        let gold_there: Vec<String> = gold
            .iter()
            .filter(|g| overlaps(g, c))
            .map(|g| format!("gold {} {:?}", g.kind, chunk_text(tokens, g)))
            .collect();
        let mut detail = format!("{:?} {}", chunk_text(tokens, c), describe(p));
        if !gold_there.is_empty() {
            detail = format!("{detail}; {}", gold_there.join(", "));
        }
        out.push(ChunkError {
            side: Side::FalseAlarm,
            chunk: c.clone(),
            class,
            detail,
        });
    }
    out
}

/// Writes the `--errors` report: each sentence with a miss or false alarm, its text and its
/// errors, in file order.
pub fn write_errors(
    eval: &NerEvaluation,
    gold_name: &str,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "# khabar eval ner: misses and false alarms against {gold_name}\n\
         # one block per sentence: FILE:LINE, the sentence, then one error per line:\n\
         # side, tag, tokens FIRST-LAST (from 1), class, and what khabar had there"
    )?;
    let mut tally: HashMap<Side, u64> = HashMap::new();
    for s in &eval.sentences {
        if s.errors.is_empty() {
            continue;
        }
        writeln!(out, "\n{gold_name}:{}\n  {}", s.line, s.tokens.join(" "))?;
        for e in &s.errors {
            *tally.entry(e.side).or_default() += 1;
            writeln!(
                out,
                "  {:<11}  {:<5}  tokens {}-{}  [{}]  {}",
                e.side.as_str(),
                e.chunk.kind,
                e.chunk.start + 1,
                e.chunk.end,
                e.class,
                e.detail
            )?;
        }
    }
    writeln!(
        out,
        "\n# {} misses, {} false alarms",
        tally.get(&Side::Miss).copied().unwrap_or(0),
        tally.get(&Side::FalseAlarm).copied().unwrap_or(0)
    )
}

/// Writes conlleval's input format: `token gold predicted` per line, a blank line between
/// sentences, so any reference scorer can check the figures.
pub fn write_conll(eval: &NerEvaluation, out: &mut impl std::io::Write) -> std::io::Result<()> {
    for (i, s) in eval.sentences.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for ((tok, g), p) in s.tokens.iter().zip(&s.gold_tags).zip(&s.predicted_tags) {
            writeln!(out, "{tok} {g} {p}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(kind: &str, start: usize, end: usize) -> Chunk {
        Chunk {
            kind: kind.into(),
            start,
            end,
        }
    }

    #[test]
    fn chunks_follow_conlleval() {
        // IOB2.
        assert_eq!(
            chunks(&["B-PER", "I-PER", "O", "B-LOC"]),
            [c("PER", 0, 2), c("LOC", 3, 4)]
        );
        // IOB1: I- after O starts a chunk; B- splits two adjacent chunks of one type.
        assert_eq!(
            chunks(&["I-LOC", "I-LOC", "B-LOC", "O", "I-ORG"]),
            [c("LOC", 0, 2), c("LOC", 2, 3), c("ORG", 4, 5)]
        );
        // A type change starts a chunk even under I-.
        assert_eq!(
            chunks(&["B-PER", "I-LOC", "I-LOC"]),
            [c("PER", 0, 1), c("LOC", 1, 3)]
        );
        // IOBES.
        assert_eq!(
            chunks(&["S-LOC", "B-PER", "E-PER", "I-PER"]),
            [c("LOC", 0, 1), c("PER", 1, 3), c("PER", 3, 4)]
        );
        assert!(chunks::<&str>(&[]).is_empty());
    }

    #[test]
    fn projection_takes_overlapped_tokens_and_first_longest() {
        // tokens: "في" 0..4, "والجزائر" 5..21, "اليوم" 22..32
        let toks = [(0, 4), (5, 21), (22, 32)];
        let spans = [
            SpanTag {
                start: 7,
                end: 21,
                tag: "LOC",
            },
            SpanTag {
                start: 22,
                end: 32,
                tag: "ORG",
            },
            SpanTag {
                start: 5,
                end: 32,
                tag: "PERS",
            },
        ];
        let (tags, origin) = project(&spans, &toks);
        assert_eq!(tags, ["O", "B-PERS", "I-PERS"]);
        assert_eq!(origin[1], 2);
        let (tags, _) = project(&spans[..2], &toks);
        assert_eq!(tags, ["O", "B-LOC", "B-ORG"]);
    }

    #[test]
    fn type_map_parses_and_rejects() {
        let m = TypeMap::parse("person=PER, AGENCY=ORG").unwrap();
        assert_eq!(m.get(EntityType::Person), Some("PER"));
        assert_eq!(m.get(EntityType::Country), None);
        assert!(TypeMap::parse("CITY=LOC").is_err());
        assert!(TypeMap::parse("PERSON").is_err());
        assert!(TypeMap::parse("PERSON=A,PERSON=B").is_err());
    }
}
