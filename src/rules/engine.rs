//! The rule engine: runs a [`RuleSet`] over one document's sentences.
//!
//! Per document, every token's word classes are looked up once (Arabic proclitics, the article
//! ال and a future سـ stripped by [`crate::text::clitics`] with [`Grammar::WORD`]; a future
//! marks the hit as future). Per sentence, only the rules whose trigger class occurs are
//! tried; a rule is tried at each start position, leftmost first, with backtracking over gaps,
//! optional parts, alternatives and slot lists, and matches do not overlap.
//!
//! Cues (word lists with reserved names, see [`super::cue`]) decide polarity and modality from
//! the trigger token `t` of a match, within its sentence:
//! - negated: a `@negation` word among the 5 tokens before `t`, with no clause punctuation
//!   (، , ؛ ; : « » ( )) between it and `t`;
//! - hypothetical: the trigger carries a future سـ, or a `@hypothetical` word is among the 5
//!   tokens before `t` in the same clause, or a `@conditional` word occurs anywhere before `t`
//!   in the sentence;
//! - reported (when not hypothetical): `t` is inside a quotation, or a `@reporting` verb comes
//!   before `t` with a `@complementizer` or `:` between them, or a `@reporting` verb is among the
//!   last 4 tokens of the sentence after a comma that follows `t`, or an `@attribution` word
//!   occurs anywhere in the sentence.

use std::collections::BTreeMap;

use super::parse::FrameKind;
use super::speech::{self, Class, PartyKind, PartyRef, Punct, SentenceView, Speaker};
use super::{has_type, CNode, Node, RuleSet};
use crate::gazetteer::{Match, Reading};
use crate::model::{EntityType, Evidence, Modality, Polarity, Relation};
use crate::text::clitics::{self, Grammar, Split, StemPolicy};
use crate::text::{CharOffsets, Normalized, Tokens};

/// Backtracking steps per start position: a bound so that no input makes matching slow.
const MAX_STEPS: usize = 20_000;
/// Backtracking steps of one rule over one sentence, all start positions together.
const MAX_TOTAL_STEPS: usize = 200_000;
/// Most filler tokens (titles, adjectives, commas) a slot skips before a name.
const MAX_FILLER: usize = 6;
/// How many tokens before the trigger negation and modal cues may stand.
const CUE_WINDOW: usize = 5;

/// A word-class hit on a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub class: u32,
    /// Bytes of proclitics stripped (0: the bare word).
    pub clitic: u8,
    /// A future سـ was stripped.
    pub future: bool,
    /// The stripped proclitics start with و (a coordinator).
    pub waw: bool,
}

/// Per-document buffers of the rule engine.
#[derive(Debug, Default)]
pub struct RuleScratch {
    hits: Vec<Hit>,
    /// Per token: range into `hits`.
    hit_ranges: Vec<(u32, u32)>,
    /// Per token: index of the entity match starting there, or u32::MAX.
    entity_at: Vec<u32>,
    /// Per token: index of the adjective match starting there, or u32::MAX.
    adjective_at: Vec<u32>,
    candidates: Vec<u32>,
    local: Vec<Hit>,
    tmp: String,
}

/// A relation as one rule produced it, before de-duplication.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRelation {
    /// Index of the rule.
    pub rule: usize,
    /// First token of the match (for ordering).
    pub first_token: usize,
    /// The relation (its `id` is empty).
    pub relation: Relation,
}

/// Why a triggered rule did not fire in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrace {
    /// Index of the rule.
    pub rule: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The pattern element that failed furthest into the pattern (then the sentence).
    pub element: String,
    /// The token where it failed (None: at the end of the sentence).
    pub token: Option<usize>,
}

/// What `khabar explain` shows beyond tokens and mentions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Explanation {
    /// Relations each rule produced (before de-duplication).
    pub fired: Vec<RawRelation>,
    /// Rules whose trigger occurred but which did not fire.
    pub failed: Vec<RuleTrace>,
    /// Per token: the classes it belongs to (`@negotiate`, `مع`).
    pub token_classes: Vec<Vec<String>>,
}

/// An entity a rule can take as a party: a gazetteer entity, a person found by resolution, or
/// what a metonymic mention stands for (موسكو -> country:RUS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyInfo {
    /// Entity id.
    pub id: String,
    /// Entity type.
    pub entity_type: crate::model::EntityType,
}

/// Everything the engine reads about a document.
pub struct Input<'a> {
    /// The original text.
    pub text: &'a str,
    /// Its normalization.
    pub norm: &'a Normalized,
    /// Its tokens and sentences.
    pub tokens: &'a Tokens,
    /// Mentions: the gazetteer's matches and those added by resolution; an entity reading's
    /// index points into `parties`.
    pub matches: &'a [Match],
    /// The document's parties (entity ids and types), indexed by the matches' readings.
    pub parties: &'a [PartyInfo],
    /// Char offsets of the text.
    pub offsets: &'a CharOffsets,
}

/// Whether a word starts with an Arabic letter.
fn is_arabic(s: &str) -> bool {
    s.chars().next().is_some_and(crate::text::is_arabic_char)
}

/// Clause punctuation (normalized): captures and cues do not cross it.
fn is_boundary(s: &str) -> bool {
    matches!(
        s,
        "،" | "," | "؛" | ";" | "." | ":" | "!" | "?" | "؟" | "\"" | "(" | ")" | "…" | "..."
    )
}

fn is_comma(s: &str) -> bool {
    matches!(s, "،" | ",")
}

impl RuleSet {
    fn probe(&self, word: &str, clitic: usize, future: bool, waw: bool, out: &mut Vec<Hit>) {
        let lx = &self.lexicon;
        let mut push = |classes: &Vec<u32>| {
            for &class in classes {
                if let Some(h) = out.iter_mut().find(|h| h.class == class) {
                    if (clitic as u8) < h.clitic {
                        *h = Hit {
                            class,
                            clitic: clitic as u8,
                            future,
                            waw,
                        };
                    }
                } else {
                    out.push(Hit {
                        class,
                        clitic: clitic as u8,
                        future,
                        waw,
                    });
                }
            }
        };
        if let Some(c) = lx.exact.get(word) {
            push(c);
        }
        for &len in &lx.prefix_lens {
            if len > word.len() {
                break;
            }
            if word.is_char_boundary(len) {
                if let Some(c) = lx.prefix.get(&word[..len]) {
                    push(c);
                }
            }
        }
    }

    /// All class hits of one normalized token: the bare word, then the stem after each
    /// proclitic reading ([`Grammar::WORD`], [`StemPolicy::Word`]); after لل the stem is
    /// looked up with its article and without.
    fn lookup<'w>(
        &self,
        tok: &'w str,
        splits: &mut Vec<Split<'w>>,
        tmp: &mut String,
        out: &mut Vec<Hit>,
    ) {
        self.probe(tok, 0, false, false, out);
        if !is_arabic(tok) {
            return;
        }
        clitics::splits(tok, Grammar::WORD, splits);
        for sp in splits.iter() {
            if !StemPolicy::Word.allows(sp, sp.stem.chars().count()) {
                continue;
            }
            if sp.lal {
                tmp.clear();
                tmp.push_str("ال");
                tmp.push_str(sp.stem);
                self.probe(tmp, sp.len, false, sp.waw, out);
            }
            self.probe(sp.stem, sp.len, sp.future, sp.waw, out);
        }
    }

    fn prepare(&self, input: &Input, s: &mut RuleScratch) {
        let toks = &input.tokens.tokens;
        s.hits.clear();
        s.hit_ranges.clear();
        s.entity_at.clear();
        s.entity_at.resize(toks.len(), u32::MAX);
        s.adjective_at.clear();
        s.adjective_at.resize(toks.len(), u32::MAX);
        let mut splits = Vec::with_capacity(4);
        for t in toks {
            let a = s.hits.len() as u32;
            let word = t.norm(&input.norm.text);
            // Hits of one token are de-duplicated among themselves only.
            let mut local = std::mem::take(&mut s.local);
            local.clear();
            self.lookup(word, &mut splits, &mut s.tmp, &mut local);
            s.hits.extend_from_slice(&local);
            s.local = local;
            s.hit_ranges.push((a, s.hits.len() as u32));
        }
        for (i, m) in input.matches.iter().enumerate() {
            let slot = match m.reading {
                Reading::Entity(..) => &mut s.entity_at,
                Reading::Adjective(_) => &mut s.adjective_at,
                Reading::Ambiguous(_) => continue,
            };
            if let Some(x) = slot.get_mut(m.first_token) {
                if *x == u32::MAX {
                    *x = i as u32;
                }
            }
        }
    }

    /// Runs every rule over the document, appending raw relations (not de-duplicated) to
    /// `out`. With `explain`, also records the classes of each token and why triggered rules
    /// failed.
    pub fn run(
        &self,
        input: &Input,
        scratch: &mut RuleScratch,
        out: &mut Vec<RawRelation>,
        mut explain: Option<&mut Explanation>,
    ) {
        if self.rules.is_empty() {
            return;
        }
        self.prepare(input, scratch);
        if let Some(ex) = explain.as_deref_mut() {
            ex.token_classes = scratch
                .hit_ranges
                .iter()
                .map(|&(a, b)| {
                    scratch.hits[a as usize..b as usize]
                        .iter()
                        .map(|h| self.lexicon.names[h.class as usize].clone())
                        .collect()
                })
                .collect();
        }
        // The speaker of the discourse: (party, sentence) of the last statement found.
        let mut discourse: Option<(u32, usize)> = None;
        for (si, sent) in input.tokens.sentences.iter().enumerate() {
            let (s0, s1) = (sent.first_token as usize, sent.end_token as usize);
            scratch.candidates.clear();
            for &(a, b) in &scratch.hit_ranges[s0..s1] {
                for h in &scratch.hits[a as usize..b as usize] {
                    if let Some(rs) = self.by_trigger.get(&h.class) {
                        scratch.candidates.extend_from_slice(rs);
                    }
                }
            }
            scratch.candidates.sort_unstable();
            scratch.candidates.dedup();
            let cx = Cx {
                set: self,
                input,
                s: scratch,
                s0,
                s1,
            };
            for &ri in &scratch.candidates {
                let fired = cx.run_rule(ri as usize, si, out);
                if let (Some(ex), Some(fail)) = (explain.as_deref_mut(), fired.err()) {
                    ex.failed.push(fail);
                }
            }
            if !self.frames.is_empty() {
                cx.run_frames(si, &mut discourse, out);
            }
        }
    }
}

/// A captured party: (entity index, first token of its mention).
type Party = (u32, usize);

/// A captured value.
#[derive(Debug, Clone, PartialEq)]
enum Cap {
    None,
    /// Token range.
    Span(usize, usize),
    /// Parties: (entity index, first token).
    Parties(Vec<(u32, usize)>),
}

struct State {
    caps: Vec<Cap>,
    open: Vec<usize>,
    trigger: usize,
    steps: usize,
    /// Steps over all start positions of one rule in one sentence.
    total: usize,
    /// Failure furthest into the pattern: (token position, source element).
    fail: (usize, u16),
}

struct Cont<'n> {
    nodes: &'n [CNode],
    next: Option<&'n Cont<'n>>,
}

struct Cx<'a> {
    set: &'a RuleSet,
    input: &'a Input<'a>,
    s: &'a RuleScratch,
    s0: usize,
    s1: usize,
}

impl Cx<'_> {
    fn hits(&self, t: usize) -> &[Hit] {
        let (a, b) = self.s.hit_ranges[t];
        &self.s.hits[a as usize..b as usize]
    }

    fn hit(&self, t: usize, class: u32) -> Option<Hit> {
        self.hits(t).iter().find(|h| h.class == class).copied()
    }

    fn has(&self, t: usize, class: Option<u32>) -> bool {
        class.is_some_and(|c| self.hit(t, c).is_some())
    }

    fn norm(&self, t: usize) -> &str {
        self.input.tokens.tokens[t].norm(&self.input.norm.text)
    }

    /// Whether token `t` opens a quotation (« or “ in the original text) of more than three
    /// tokens: «سبوتنيك», a quoted name, is not speech.
    fn opens_quote(&self, t: usize) -> bool {
        let tok = &self.input.tokens.tokens[t];
        if tok.kind != crate::text::TokenKind::Punct
            || !matches!(
                self.input.text[tok.byte_start as usize..].chars().next(),
                Some('«' | '“')
            )
        {
            return false;
        }
        let close = (t + 1..self.s1).find(|&x| self.norm(x) == "\"");
        close.is_none_or(|c| c - t - 1 > 3)
    }

    fn entity(&self, t: usize) -> Option<&Match> {
        let i = *self.s.entity_at.get(t)?;
        self.input.matches.get(i as usize)
    }

    fn entity_type_ok(&self, m: &Match, types: u8) -> Option<u32> {
        let Reading::Entity(e, _) = m.reading else {
            return None;
        };
        let party = self.input.parties.get(e as usize)?;
        has_type(types, party.entity_type).then_some(e)
    }

    /// One party at `pos`: optional filler (titles, adjectives, commas), then a mention of an
    /// accepted type. `waw`: the party must start with a coordinating و (clitic).
    fn party(&self, pos: usize, types: u8, waw: bool) -> Option<(u32, usize, usize)> {
        let mut p = pos;
        let mut filler = 0;
        while p < self.s1 {
            let first = p == pos;
            if let Some(m) = self.entity(p) {
                let e = self.entity_type_ok(m, types)?;
                if first && waw {
                    let t = &self.input.tokens.tokens[p];
                    let clitic = m.byte_start > t.byte_start as usize;
                    if !(clitic && self.norm(p).starts_with('و')) {
                        return None;
                    }
                }
                if m.end_token > self.s1 {
                    return None;
                }
                return Some((e, p, self.possessive_end(m.end_token)));
            }
            if filler >= MAX_FILLER {
                return None;
            }
            if let Some(h) = self.set.cues.title.and_then(|c| self.hit(p, c)) {
                if first && waw && !h.waw {
                    return None;
                }
                p += 1;
            } else if let Some(m) = self
                .s
                .adjective_at
                .get(p)
                .filter(|_| !(first && waw))
                .and_then(|&ai| self.input.matches.get(ai as usize))
            {
                if m.end_token > self.s1 {
                    return None;
                }
                p = m.end_token;
            } else if !first && is_comma(self.norm(p)) {
                p += 1;
            } else {
                return None;
            }
            filler += 1;
        }
        None
    }

    /// After a mention, an English possessive and the titles after it belong to the party:
    /// "Taiwan's Vice Foreign Minister" is Taiwan's party. Returns the end of the party.
    fn possessive_end(&self, end: usize) -> usize {
        if end >= self.s1 || self.norm(end) != "'s" {
            return end;
        }
        let mut p = end + 1;
        while p < self.s1 && p - end <= MAX_FILLER && self.has(p, self.set.cues.title) {
            p += 1;
        }
        p
    }

    /// The party lists a slot can take at `pos`, longest first.
    fn party_lists(&self, pos: usize, types: u8, list: bool) -> Vec<(Vec<(u32, usize)>, usize)> {
        let Some((e, t, end)) = self.party(pos, types, false) else {
            return Vec::new();
        };
        let mut options = vec![(vec![(e, t)], end)];
        if !list {
            return options;
        }
        let mut parties = vec![(e, t)];
        let mut cur = end;
        loop {
            let mut q = cur;
            let comma = q < self.s1 && is_comma(self.norm(q));
            if comma {
                q += 1;
            }
            if q >= self.s1 {
                break;
            }
            let (next, by_and) =
                if self.has(q, self.set.cues.and) && self.hits(q).iter().any(|h| h.clitic == 0) {
                    (self.party(q + 1, types, false), true)
                } else if let Some(p) = self.party(q, types, true) {
                    (Some(p), true)
                } else if comma {
                    (self.party(q, types, false), false)
                } else {
                    (None, false)
                };
            let Some((e, t, end)) = next else { break };
            parties.push((e, t));
            cur = end;
            if by_and {
                options.push((parties.clone(), cur));
            }
        }
        options.reverse();
        options
    }

    /// Records a failure; the one furthest into the pattern (then into the sentence) is kept.
    fn fail(&self, st: &mut State, pos: usize, src: u16) {
        if (src, pos) >= (st.fail.1, st.fail.0) {
            st.fail = (pos, src);
        }
    }

    /// Matches `nodes` then the continuation at `pos`; returns the end position.
    fn m(&self, nodes: &[CNode], next: Option<&Cont>, pos: usize, st: &mut State) -> Option<usize> {
        st.steps += 1;
        st.total += 1;
        if st.steps > MAX_STEPS || st.total > MAX_TOTAL_STEPS {
            return None;
        }
        let Some((first, rest)) = nodes.split_first() else {
            return match next {
                Some(c) => self.m(c.nodes, c.next, pos, st),
                None => Some(pos),
            };
        };
        match &first.node {
            Node::Word { class, trigger } => {
                if pos < self.s1 && self.hit(pos, *class).is_some() {
                    if *trigger {
                        st.trigger = pos;
                    }
                    self.m(rest, next, pos + 1, st)
                } else {
                    self.fail(st, pos, first.src);
                    None
                }
            }
            Node::Slot {
                cap,
                types,
                list,
                subject,
            } => {
                let after_preposition =
                    *subject && pos > self.s0 && self.has(pos - 1, self.set.cues.preposition);
                let options = if after_preposition {
                    Vec::new()
                } else {
                    self.party_lists(pos, *types, *list)
                };
                if options.is_empty() {
                    self.fail(st, pos, first.src);
                    return None;
                }
                let ci = *cap as usize;
                let old = std::mem::replace(&mut st.caps[ci], Cap::None);
                for (parties, end) in options {
                    st.caps[ci] = Cap::Parties(parties);
                    if let Some(e) = self.m(rest, next, end, st) {
                        return Some(e);
                    }
                }
                st.caps[ci] = old;
                None
            }
            Node::Gap {
                min,
                max,
                in_capture,
                forbid,
            } => {
                // How far the gap may reach.
                let mut reach = pos;
                while reach < self.s1 && reach - pos < *max {
                    if *in_capture && is_boundary(self.norm(reach)) {
                        break;
                    }
                    // A gap never enters a quotation: a party before «...» is the speaker,
                    // not the subject of the verbs inside it.
                    if self.opens_quote(reach) {
                        break;
                    }
                    if let Some(m) = self.entity(reach) {
                        if self.entity_type_ok(m, *forbid).is_some() {
                            break;
                        }
                    }
                    reach += 1;
                }
                if reach - pos < *min {
                    self.fail(st, reach, first.src);
                    return None;
                }
                let lens: Vec<usize> = if *in_capture {
                    (*min..=reach - pos).rev().collect()
                } else {
                    (*min..=reach - pos).collect()
                };
                for k in lens {
                    if let Some(e) = self.m(rest, next, pos + k, st) {
                        return Some(e);
                    }
                }
                None
            }
            Node::Open(cap) => {
                let ci = *cap as usize;
                let old = st.open[ci];
                st.open[ci] = pos;
                let r = self.m(rest, next, pos, st);
                if r.is_none() {
                    st.open[ci] = old;
                }
                r
            }
            Node::Close(cap) => {
                let ci = *cap as usize;
                let old = std::mem::replace(&mut st.caps[ci], Cap::Span(st.open[ci], pos));
                let r = self.m(rest, next, pos, st);
                if r.is_none() {
                    st.caps[ci] = old;
                }
                r
            }
            Node::Quoted(cap) => {
                if pos >= self.s1 || self.norm(pos) != "\"" {
                    self.fail(st, pos, first.src);
                    return None;
                }
                let Some(close) = (pos + 1..self.s1).find(|&t| self.norm(t) == "\"") else {
                    self.fail(st, pos, first.src);
                    return None;
                };
                if close == pos + 1 {
                    self.fail(st, pos, first.src);
                    return None;
                }
                let ci = *cap as usize;
                let old = std::mem::replace(&mut st.caps[ci], Cap::Span(pos + 1, close));
                let r = self.m(rest, next, close + 1, st);
                if r.is_none() {
                    st.caps[ci] = old;
                }
                r
            }
            Node::Rest(cap) => {
                let mut end = self.s1;
                while end > pos && {
                    let n = self.norm(end - 1);
                    matches!(n, "." | "!" | "?" | "؟" | "…" | "..." | ")" | "\"")
                } {
                    end -= 1;
                }
                if end <= pos {
                    self.fail(st, pos, first.src);
                    return None;
                }
                let ci = *cap as usize;
                let old = std::mem::replace(&mut st.caps[ci], Cap::Span(pos, end));
                let r = self.m(rest, next, self.s1, st);
                if r.is_none() {
                    st.caps[ci] = old;
                }
                r
            }
            Node::Group { alts, optional } => {
                let cont = Cont { nodes: rest, next };
                for alt in alts {
                    if let Some(e) = self.m(alt, Some(&cont), pos, st) {
                        return Some(e);
                    }
                }
                if *optional {
                    return self.m(rest, next, pos, st);
                }
                None
            }
        }
    }

    /// Tries rule `ri` over the sentence; Ok(()) if it fired at least once, else the trace.
    fn run_rule(&self, ri: usize, si: usize, out: &mut Vec<RawRelation>) -> Result<(), RuleTrace> {
        let rule = &self.set.rules[ri];
        let mut st = State {
            caps: vec![Cap::None; rule.captures.len()],
            open: vec![0; rule.captures.len()],
            trigger: self.s0,
            steps: 0,
            total: 0,
            fail: (0, 0),
        };
        let mut fired = false;
        let mut pos = self.s0;
        let mut best_fail: (usize, u16) = (0, 0);
        while pos < self.s1 {
            st.steps = 0;
            st.fail = (0, 0);
            for c in st.caps.iter_mut() {
                *c = Cap::None;
            }
            match self.m(&rule.nodes, None, pos, &mut st) {
                Some(end) => {
                    fired = true;
                    self.emit(ri, si, (pos, end), &st, out);
                    pos = end.max(pos + 1);
                }
                None => {
                    if (st.fail.1, st.fail.0) > (best_fail.1, best_fail.0) {
                        best_fail = st.fail;
                    }
                    pos += 1;
                }
            }
        }
        if fired {
            Ok(())
        } else {
            Err(RuleTrace {
                rule: ri,
                sentence: si,
                element: rule
                    .sources
                    .get(best_fail.1 as usize)
                    .cloned()
                    .unwrap_or_default(),
                token: (best_fail.0 < self.s1).then_some(best_fail.0),
            })
        }
    }

    fn span_bytes(&self, a: usize, b: usize) -> (usize, usize) {
        let t = &self.input.tokens.tokens;
        (t[a].byte_start as usize, t[b - 1].byte_end as usize)
    }

    /// Polarity and modality of a match over tokens `span` with its trigger at `trig`. Cue
    /// words inside the match itself (the speech verb of a `said` rule, the "according to" of
    /// a `reported-by` rule) do not make it reported.
    fn polarity_modality(&self, trig: usize, span: (usize, usize)) -> (Polarity, Modality) {
        let outside = |t: usize| t < span.0 || t >= span.1;
        let cues = &self.set.cues;
        let lo = trig.saturating_sub(CUE_WINDOW).max(self.s0);
        // Same-clause window before the trigger, nearest first.
        let mut window = Vec::new();
        for t in (lo..trig).rev() {
            if is_boundary(self.norm(t)) {
                break;
            }
            window.push(t);
        }
        let negated = window.iter().any(|&t| self.has(t, cues.negation));
        let future = self
            .hits(trig)
            .iter()
            .any(|h| h.future && self.set.by_trigger.contains_key(&h.class));
        let hypothetical = future
            || window.iter().any(|&t| self.has(t, cues.hypothetical))
            || (self.s0..trig).any(|t| self.has(t, cues.conditional));
        let quotes = (self.s0..trig).filter(|&t| self.norm(t) == "\"").count();
        let in_quote = quotes % 2 == 1 && (trig..self.s1).any(|t| self.norm(t) == "\"");
        let said_before = (self.s0..trig).any(|r| {
            outside(r)
                && self.has(r, cues.reporting)
                && (r + 1..trig).any(|c| self.has(c, cues.complementizer) || self.norm(c) == ":")
        });
        let said_after = {
            let tail = self.s1.saturating_sub(4).max(trig + 1);
            (tail..self.s1).any(|r| {
                outside(r)
                    && self.has(r, cues.reporting)
                    && (trig + 1..r).any(|c| is_comma(self.norm(c)))
            })
        };
        let attributed = (self.s0..self.s1).any(|t| outside(t) && self.has(t, cues.attribution));
        let modality = if hypothetical {
            Modality::Hypothetical
        } else if in_quote || said_before || said_after || attributed {
            Modality::Reported
        } else {
            Modality::Actual
        };
        let polarity = if negated {
            Polarity::Negated
        } else {
            Polarity::Asserted
        };
        (polarity, modality)
    }

    fn emit(
        &self,
        ri: usize,
        si: usize,
        span: (usize, usize),
        st: &State,
        out: &mut Vec<RawRelation>,
    ) {
        let first_token = span.0;
        let rule = &self.set.rules[ri];
        let party_id = |e: u32| -> String {
            self.input
                .parties
                .get(e as usize)
                .map(|p| p.id.clone())
                .unwrap_or_default()
        };
        let offsets = self.input.offsets;
        let text = self.input.text;
        let mut subjects: Vec<(u32, usize)> = Vec::new();
        let mut objects: Vec<(u32, usize)> = Vec::new();
        let mut roles: BTreeMap<String, serde_json::Value> = BTreeMap::new();
        for (k, v) in &rule.def.roles {
            roles.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        for (name, cap) in rule.captures.iter().zip(&st.caps) {
            match cap {
                Cap::None => {}
                Cap::Parties(p) => match name.as_str() {
                    "subject" => subjects = p.clone(),
                    "object" => objects = p.clone(),
                    _ => {
                        if let Some(&(e, _)) = p.first() {
                            roles.insert(name.clone(), serde_json::Value::String(party_id(e)));
                        }
                    }
                },
                Cap::Span(a, b) if b > a => {
                    let (ba, bb) = self.span_bytes(*a, *b);
                    let t = &text[ba..bb];
                    let v = if name == "quote" {
                        serde_json::json!({
                            "text": t,
                            "start": offsets.char_of(ba),
                            "end": offsets.char_of(bb),
                        })
                    } else {
                        serde_json::Value::String(t.to_string())
                    };
                    roles.insert(name.clone(), v);
                }
                Cap::Span(..) => {}
            }
        }
        // Pairs, by the conventions of the predicate table.
        let mut pairs: Vec<(Option<Party>, Option<Party>)> = Vec::new();
        if !objects.is_empty() {
            if subjects.is_empty() {
                pairs.extend(objects.iter().map(|&o| (None, Some(o))));
            }
            for &s in &subjects {
                for &o in &objects {
                    if s.0 != o.0 {
                        pairs.push((Some(s), Some(o)));
                    }
                }
            }
        } else if rule.symmetric {
            for i in 0..subjects.len() {
                for j in i + 1..subjects.len() {
                    if subjects[i].0 != subjects[j].0 {
                        pairs.push((Some(subjects[i]), Some(subjects[j])));
                    }
                }
            }
            if subjects.len() == 1 && rule.def.object_optional {
                pairs.push((Some(subjects[0]), None));
            }
        } else {
            pairs.extend(subjects.iter().map(|&s| (Some(s), None)));
        }
        let (polarity, modality) = self.polarity_modality(st.trigger, span);
        let evidence = Evidence::of_sentence(text, offsets, &self.input.tokens.sentences, si);
        for (s, o) in pairs {
            let (s, o) = match (s, o) {
                // Symmetric: the party named first is the subject.
                (Some(a), Some(b)) if rule.symmetric && b.1 < a.1 => (Some(b), Some(a)),
                x => x,
            };
            out.push(RawRelation {
                rule: ri,
                first_token,
                relation: Relation {
                    id: String::new(),
                    predicate: rule.def.predicate.clone(),
                    subject: s.map(|(e, _)| party_id(e)),
                    object: o.map(|(e, _)| party_id(e)),
                    symmetric: rule.symmetric,
                    roles: roles.clone(),
                    evidence: evidence.clone(),
                    rule: rule.def.id.clone(),
                    confidence: rule.def.confidence,
                    polarity,
                    modality,
                    cameo: rule.def.cameo.clone(),
                    plover: plover_category(rule.def.plover.as_deref(), polarity, modality),
                    speaker_side: rule.def.speaker_side,
                },
            });
        }
    }
}

/// How many sentences back a dropped subject may find the speaker of the discourse.
const DISCOURSE_SENTENCES: usize = 4;

impl Cx<'_> {
    /// Runs the frame rules over the sentence: the speech frame's statements become `said`
    /// (frame `speech`) and `reported-by` (frame `speech-outlet`) relations. A statement
    /// without a named speaker takes the discourse's; every statement updates it.
    fn run_frames(
        &self,
        si: usize,
        discourse: &mut Option<(u32, usize)>,
        out: &mut Vec<RawRelation>,
    ) {
        if !(self.s0..self.s1).any(|t| self.has(t, self.set.cues.speech_verb)) {
            return;
        }
        let mut found = Vec::new();
        speech::statements(self, &mut found);
        for (i, &st) in found.iter().enumerate() {
            let (speaker, speaker_token) = match st.speaker {
                Speaker::Named(p) => (p.party, Some(p.first)),
                Speaker::Discourse => match *discourse {
                    Some((p, at)) if si - at <= DISCOURSE_SENTENCES => (p, None),
                    _ => continue,
                },
            };
            *discourse = Some((speaker, si));
            let lo = st
                .verb
                .min(st.quote.0)
                .min(speaker_token.unwrap_or(st.verb));
            let hi = (st.verb + 1).max(st.quote.1);
            // A statement is reported only inside another's quote; the cues of patterns
            // (a speech verb before it) would call every continuation ("مضيفا أن") reported.
            let (polarity, modality) = match self.polarity_modality(st.verb, (lo, hi)) {
                (p, Modality::Hypothetical) => (p, Modality::Hypothetical),
                (p, _) if speech::is_nested(&found, i) => (p, Modality::Reported),
                (p, _) => (p, Modality::Actual),
            };
            for &ri in &self.set.frames {
                let rule = &self.set.rules[ri as usize];
                let object = match rule.def.frame {
                    Some(FrameKind::Speech) => None,
                    Some(FrameKind::SpeechOutlet) => match st.outlet {
                        Some(o) => Some(o.party),
                        None => continue,
                    },
                    None => continue,
                };
                let mut roles: BTreeMap<String, serde_json::Value> = BTreeMap::new();
                for (k, v) in &rule.def.roles {
                    roles.insert(k.clone(), serde_json::Value::String(v.clone()));
                }
                if rule.def.frame == Some(FrameKind::Speech) {
                    let (ba, bb) = self.span_bytes(st.quote.0, st.quote.1);
                    let offsets = self.input.offsets;
                    roles.insert(
                        "quote".into(),
                        serde_json::json!({
                            "text": &self.input.text[ba..bb],
                            "start": offsets.char_of(ba),
                            "end": offsets.char_of(bb),
                        }),
                    );
                }
                out.push(RawRelation {
                    rule: ri as usize,
                    first_token: lo,
                    relation: Relation {
                        id: String::new(),
                        predicate: rule.def.predicate.clone(),
                        subject: Some(self.party_id(speaker)),
                        object: object.map(|o| self.party_id(o)),
                        symmetric: rule.symmetric,
                        roles,
                        evidence: self.evidence(si),
                        rule: rule.def.id.clone(),
                        confidence: rule.def.confidence,
                        polarity,
                        modality,
                        cameo: rule.def.cameo.clone(),
                        plover: plover_category(rule.def.plover.as_deref(), polarity, modality),
                        speaker_side: rule.def.speaker_side,
                    },
                });
            }
        }
    }

    fn party_id(&self, e: u32) -> String {
        self.input
            .parties
            .get(e as usize)
            .map(|p| p.id.clone())
            .unwrap_or_default()
    }

    /// The evidence of a relation stated in sentence `si`: the whole sentence.
    fn evidence(&self, si: usize) -> Evidence {
        Evidence::of_sentence(
            self.input.text,
            self.input.offsets,
            &self.input.tokens.sentences,
            si,
        )
    }

    /// Whether the first `len` bytes of token `t` are proclitics with a preposition among them
    /// (ب ل ك, لل), by the one clitic grammar: the article ال alone is none ("الرئيس ماكرون").
    fn preposition_before(&self, t: usize, len: usize) -> bool {
        let mut splits: Vec<Split> = Vec::new();
        clitics::splits(self.norm(t), Grammar::WORD, &mut splits);
        splits.iter().any(|s| s.len == len && s.preposition)
    }
}

impl SentenceView for Cx<'_> {
    fn span(&self) -> (usize, usize) {
        (self.s0, self.s1)
    }

    fn is(&self, t: usize, class: Class) -> bool {
        let c = &self.set.cues;
        let cue = match class {
            Class::Verb => c.speech_verb,
            Class::Complementizer => c.complementizer,
            Class::Attribution => c.attribution,
            Class::OnBehalf => c.on_behalf,
            Class::OutletKind => c.outlet_kind,
            Class::Remarks => c.remarks,
            Class::Preposition => c.preposition,
            Class::Opener => c.opener,
            Class::Pronoun => c.pronoun,
            Class::Relative => c.relative,
        };
        self.has(t, cue)
    }

    fn preposition_clitic(&self, t: usize) -> bool {
        let tok = &self.input.tokens.tokens[t];
        // A mention that starts inside its token: the bytes before it are proclitics (the
        // proclitic letters are the same bytes in the original and the normalized form).
        if let Some(m) = self.entity(t) {
            let cut = m.byte_start.saturating_sub(tok.byte_start as usize);
            if cut > 0 {
                return self.preposition_before(t, cut);
            }
        }
        // A word of a list found after stripping proclitics.
        self.hits(t)
            .iter()
            .filter(|h| h.clitic > 0)
            .any(|h| self.preposition_before(t, h.clitic as usize))
    }

    fn party(&self, t: usize) -> Option<PartyRef> {
        let m = self.entity(t)?;
        let Reading::Entity(e, _) = m.reading else {
            return None;
        };
        let party = self.input.parties.get(e as usize)?;
        let kind = match party.entity_type {
            EntityType::Person => PartyKind::Person,
            EntityType::Agency => PartyKind::Organisation,
            EntityType::Country => PartyKind::Country,
            _ => PartyKind::Other,
        };
        Some(PartyRef {
            party: e,
            first: t,
            end: m.end_token.min(self.s1).max(t + 1),
            kind,
        })
    }

    fn punct(&self, t: usize) -> Punct {
        let tok = &self.input.tokens.tokens[t];
        if tok.kind != crate::text::TokenKind::Punct {
            return Punct::None;
        }
        match self.norm(t) {
            "،" | "," => Punct::Comma,
            ":" => Punct::Colon,
            "(" => Punct::OpenParen,
            ")" => Punct::CloseParen,
            "\"" => {
                // A quote of three tokens or fewer names something («سبوتنيك»): not speech.
                let opening = (self.s0..t).filter(|&x| self.norm(x) == "\"").count() % 2 == 0;
                if opening {
                    let close = (t + 1..self.s1).find(|&x| self.norm(x) == "\"");
                    if close.is_none_or(|c| c - t - 1 > 3) {
                        Punct::OpenQuote
                    } else {
                        Punct::QuoteMark
                    }
                } else {
                    let open = (self.s0..t).rev().find(|&x| self.norm(x) == "\"");
                    if open.is_some_and(|o| t - o - 1 > 3) {
                        Punct::CloseQuote
                    } else {
                        Punct::QuoteMark
                    }
                }
            }
            _ => Punct::Other,
        }
    }
}

/// PLOVER codes the future or intended form of a cooperative event (CONSULT, SUPPORT,
/// COOPERATE, AID) as AGREE (PLOVER_MANUAL, AGREE); other categories stay.
fn plover_category(
    category: Option<&str>,
    polarity: Polarity,
    modality: Modality,
) -> Option<String> {
    let c = category?;
    let intent = modality == Modality::Hypothetical && polarity == Polarity::Asserted;
    Some(
        if intent && matches!(c, "CONSULT" | "SUPPORT" | "COOPERATE" | "AID") {
            "AGREE"
        } else {
            c
        }
        .to_string(),
    )
}

/// Where a relation's statement starts: two statements of one speaker in one sentence ("قال إن
/// ... مضيفا أن ...") are two relations.
fn quote_start(r: &Relation) -> Option<u64> {
    r.roles.get("quote")?.get("start")?.as_u64()
}

/// De-duplicates raw relations (same sentence, predicate, subject, object and statement: the
/// highest confidence wins, then the earliest rule) and orders them by evidence. Ids are given
/// when the extraction is assembled ([`crate::assemble`]), with the other relations.
pub fn finish(raw: impl Iterator<Item = RawRelation>) -> Vec<Relation> {
    // Keep the emission order (rule order, then pair order) for ties in the final order.
    let mut raw: Vec<(usize, RawRelation)> = raw.enumerate().collect();
    raw.sort_by(|(_, a), (_, b)| {
        let (x, y) = (&a.relation, &b.relation);
        x.evidence
            .sentence
            .cmp(&y.evidence.sentence)
            .then_with(|| x.predicate.cmp(&y.predicate))
            .then_with(|| x.subject.cmp(&y.subject))
            .then_with(|| x.object.cmp(&y.object))
            .then_with(|| quote_start(x).cmp(&quote_start(y)))
            .then_with(|| y.confidence.total_cmp(&x.confidence))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    raw.dedup_by(|(_, b), (_, a)| {
        let (x, y) = (&a.relation, &b.relation);
        x.evidence.sentence == y.evidence.sentence
            && x.predicate == y.predicate
            && x.subject == y.subject
            && x.object == y.object
            && quote_start(x) == quote_start(y)
    });
    raw.sort_by_key(|(seq, r)| (r.relation.evidence.sentence, r.first_token, r.rule, *seq));
    raw.into_iter().map(|(_, r)| r.relation).collect()
}

#[cfg(test)]
mod tests {
    use crate::{Document, Pipeline};

    const GAZ: &str = "id\ttype\ten\tar\n\
        country:RUS\tCOUNTRY\tRussia\tروسيا\n\
        country:DZA\tCOUNTRY\tAlgeria\tالجزائر\n\
        country:FRA\tCOUNTRY\tFrance\tفرنسا\n\
        location:moscow\tLOCATION\tMoscow\tموسكو\n\
        person:vladimir-putin\tPERSON\tVladimir Putin\tفلاديمير بوتين\n";

    fn pipeline(rules: &str) -> Pipeline {
        let cues = "@negation = لم not\n@hypothetical = قد would\n@conditional = إذا if\n\
                    @reporting = قال said\n@complementizer = أن that\n@title = الرئيس president the\n\
                    @and = و and\nsymmetric talks\n";
        Pipeline::builder()
            .no_gazetteers()
            .add_gazetteer_text("t.tsv", GAZ)
            .no_rules()
            .add_rules_text("cues.rules", cues)
            .add_rules_text("t.rules", rules)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// (predicate, subject, object, polarity, modality) of each relation.
    fn run(p: &Pipeline, text: &str) -> Vec<String> {
        p.extract(&Document::new("d", text))
            .relations
            .iter()
            .map(|r| {
                format!(
                    "{}({}, {}) {:?} {:?}",
                    r.predicate,
                    r.subject.as_deref().unwrap_or("null"),
                    r.object.as_deref().unwrap_or("null"),
                    r.polarity,
                    r.modality
                )
            })
            .collect()
    }

    const TALKS: &str = "rule t/1\npredicate talks\n\
        pattern subject:[COUNTRY|PERSON]+ ...{0,4} مفاوضات (مع object:[COUNTRY|PERSON]+)?\n";

    #[test]
    fn coordinated_parties_pair_up_once() {
        let p = pipeline(TALKS);
        assert_eq!(
            run(&p, "أجرت روسيا والجزائر وفرنسا مفاوضات"),
            vec![
                "talks(country:RUS, country:DZA) Asserted Actual",
                "talks(country:RUS, country:FRA) Asserted Actual",
                "talks(country:DZA, country:FRA) Asserted Actual",
            ]
        );
        // Titles, nisba-free appositions and commas before a name are skipped.
        assert_eq!(
            run(&p, "الرئيس، فلاديمير بوتين، و الجزائر مفاوضات"),
            vec!["talks(person:vladimir-putin, country:DZA) Asserted Actual"]
        );
        // A single party of a symmetric predicate gives nothing.
        assert!(run(&p, "أجرت روسيا مفاوضات").is_empty());
    }

    #[test]
    fn the_nearest_party_wins_over_a_gap() {
        let p = pipeline(TALKS);
        // Not Russia: the gap may not skip a party the slot accepts.
        assert_eq!(
            run(&p, "وقال بوتين إن الجزائر تجري مفاوضات مع فرنسا"),
            vec!["talks(country:DZA, country:FRA) Asserted Reported"]
        );
        // A location is not a party of this slot: the gap skips it.
        assert_eq!(
            run(&p, "روسيا في موسكو مفاوضات مع فرنسا"),
            vec!["talks(country:RUS, country:FRA) Asserted Actual"]
        );
    }

    #[test]
    fn cues_set_polarity_and_modality() {
        let p = pipeline(TALKS);
        assert_eq!(
            run(&p, "لم تجر روسيا مفاوضات مع فرنسا"),
            vec!["talks(country:RUS, country:FRA) Negated Actual"]
        );
        assert_eq!(
            run(&p, "وإذا أجرت روسيا مفاوضات مع فرنسا، فذلك جيد"),
            vec!["talks(country:RUS, country:FRA) Asserted Hypothetical"]
        );
        // A cue in another clause does not count.
        assert_eq!(
            run(&p, "لم يحدث ذلك، وأجرت روسيا مفاوضات مع فرنسا"),
            vec!["talks(country:RUS, country:FRA) Asserted Actual"]
        );
        // Inside a quotation: reported.
        assert_eq!(
            run(&p, "قال: «روسيا مفاوضات مع فرنسا»"),
            vec!["talks(country:RUS, country:FRA) Asserted Reported"]
        );
    }

    #[test]
    fn only_triggered_rules_are_tried() {
        let p = pipeline(&format!(
            "{TALKS}rule t/2\npredicate visits\npattern زار subject:[PERSON] object:[COUNTRY]\n"
        ));
        let mut ex = super::Explanation::default();
        let mut scratch = crate::Scratch::default();
        p.raw_relations("جرت مفاوضات", &mut scratch, Some(&mut ex));
        let tried: Vec<usize> = ex.failed.iter().map(|f| f.rule).collect();
        assert_eq!(tried, vec![0], "t/2 has no trigger in the sentence");
        assert_eq!(ex.failed[0].element, "subject:[COUNTRY|PERSON]+");
    }

    #[test]
    fn pathological_patterns_stay_bounded() {
        // Nested gaps over a long sentence: the step bound stops the search, no hang.
        let p = pipeline(
            "rule t/3\npredicate talks\n\
             pattern ...{0,60} ( ...{0,60} x | ...{0,60} y ) ...{0,60} مفاوضات ...{0,60} z\n",
        );
        let text = "مفاوضات ".repeat(400);
        assert!(run(&p, &text).is_empty());
    }
}
