//! The backtracking pattern matcher: a rule's compiled nodes against a sentence, with party
//! slots (filler, coordinated lists, possessives), bounded so that no input makes it slow.

use super::{Cx, PartyIdx, RawRelation, RuleTrace};
use crate::model::EntityType;
use crate::rules::{has_type, type_mask, CNode, FirstNeed, Node};

/// Backtracking steps per start position: a bound so that no input makes matching slow.
const MAX_STEPS: usize = 20_000;
/// Backtracking steps of one rule over one sentence, all start positions together.
const MAX_TOTAL_STEPS: usize = 200_000;
/// Most filler tokens (titles, adjectives, commas) a slot skips before a name.
const MAX_FILLER: usize = 6;
/// Most tokens of a title phrase (the title, its complement) before the person it names.
const MAX_TITLE_PHRASE: usize = 10;

/// Clause punctuation (normalized): captures and cues do not cross it.
pub(super) fn is_boundary(s: &str) -> bool {
    matches!(
        s,
        "،" | "," | "؛" | ";" | "." | ":" | "!" | "?" | "؟" | "\"" | "(" | ")" | "…" | "..."
    )
}

pub(super) fn is_comma(s: &str) -> bool {
    matches!(s, "،" | ",")
}

/// A captured party: (entity index, first token of its mention).
pub(super) type Party = (PartyIdx, usize);

/// A captured value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cap {
    None,
    /// Token range.
    Span(usize, usize),
    /// Parties: (entity index, first token).
    Parties(Vec<(PartyIdx, usize)>),
}

pub(super) struct State {
    pub(super) caps: Vec<Cap>,
    open: Vec<usize>,
    pub(super) trigger: usize,
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

impl Cx<'_> {
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

    /// One party at `pos`: optional filler (titles, adjectives, commas), then a mention of an
    /// accepted type. `waw`: the party must start with a coordinating و (clitic).
    ///
    /// A title phrase names one person: after a title word, when the slot takes people, the
    /// title's complement (words, places, organisations, quoted names: "مبعوث حكومة الإمارات
    /// الشيخ X"، "قائد الفوج المنبثق عن مجلس «Y» X", up to [`MAX_TITLE_PHRASE`] tokens) is
    /// skipped to the person it ends with, and an organisation of the title ("رئيس حكومة Z X")
    /// gives way to that person.
    fn party(&self, pos: usize, types: u8, waw: bool) -> Option<(PartyIdx, usize, usize)> {
        let mut p = pos;
        let mut filler = 0;
        let mut title_seen = false;
        let people = has_type(types, EntityType::Person);
        while p < self.s1 {
            let first = p == pos;
            if let Some(m) = self.entity(p) {
                let person_ahead =
                    || title_seen && people && !self.is_person(m) && filler < MAX_TITLE_PHRASE;
                if person_ahead() {
                    if let Some(found) = self.person_in_title_phrase(p, MAX_TITLE_PHRASE - filler) {
                        return Some(found);
                    }
                }
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
                title_seen = true;
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
            } else if title_seen && people {
                return self.person_in_title_phrase(p, MAX_TITLE_PHRASE.saturating_sub(filler));
            } else {
                return None;
            }
            filler += 1;
        }
        None
    }

    /// Whether a mention names a person.
    fn is_person(&self, m: &crate::gazetteer::Match<PartyIdx>) -> bool {
        self.entity_type_ok(m, type_mask(&[EntityType::Person]))
            .is_some()
    }

    /// The person that ends a title phrase whose complement starts at `pos`, within `budget`
    /// tokens: words, mentions of places and organisations, titles, adjectives and quotes of a
    /// name may stand between; a comma, other clause punctuation, a stand-alone coordinator, a
    /// preposition written apart, a speech verb, a complementizer or a word joined by و (the
    /// next party of a list) ends the phrase without a person.
    fn person_in_title_phrase(
        &self,
        pos: usize,
        budget: usize,
    ) -> Option<(PartyIdx, usize, usize)> {
        let person = type_mask(&[EntityType::Person]);
        let mut p = pos;
        while p < self.s1 && p - pos < budget {
            if let Some(m) = self.entity(p) {
                if let Some(e) = self.entity_type_ok(m, person) {
                    if m.end_token > self.s1 {
                        return None;
                    }
                    return Some((e, p, self.possessive_end(m.end_token)));
                }
                p = m.end_token.max(p + 1);
                continue;
            }
            let w = self.norm(p);
            let quote = w == "\"";
            let joined = self.listed(p).any(|h| h.waw && h.clitic > 0);
            let c = &self.set.cues;
            let clause = [c.and, c.preposition, c.speech_verb, c.complementizer]
                .into_iter()
                .any(|class| self.has(p, class));
            if (is_boundary(w) && !quote) || clause || joined {
                return None;
            }
            p += 1;
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
    fn party_lists(
        &self,
        pos: usize,
        types: u8,
        list: bool,
    ) -> Vec<(Vec<(PartyIdx, usize)>, usize)> {
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
                // An actor is never the subject right after a preposition ("the Red Cross in
                // Iraq said"); an event is the subject of where it is held after one ("إلى
                // كأس العالم في قطر").
                let actor = [EntityType::Person, EntityType::Agency, EntityType::Country]
                    .into_iter()
                    .any(|t| has_type(*types, t));
                let after_preposition = *subject
                    && actor
                    && pos > self.s0
                    && self.has(pos - 1, self.set.cues.preposition);
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
                            if reach == pos && self.describes_party_before(m) {
                                reach = m.end_token.max(reach + 1);
                                continue;
                            }
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

    /// Whether a pattern whose first element needs `first` can start at `pos`: a word needs
    /// its class there; a slot ([`Cx::party`]) a mention, an adjective or a title word.
    #[inline]
    fn may_start(&self, first: FirstNeed, pos: usize) -> bool {
        match first {
            FirstNeed::Any => true,
            FirstNeed::Word(class) => self.hit(pos, class).is_some(),
            FirstNeed::Slot => {
                self.s.entity_at.get(pos).is_some_and(|&i| i != u32::MAX)
                    || self.s.adjective_at.get(pos).is_some_and(|&i| i != u32::MAX)
                    || self.has(pos, self.set.cues.title)
            }
        }
    }

    /// Tries rule `ri` over the sentence; Ok(()) if it fired at least once, else the trace.
    pub(super) fn run_rule(
        &self,
        ri: usize,
        si: usize,
        out: &mut Vec<RawRelation>,
    ) -> Result<(), RuleFailure> {
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
        let first = self.set.needs.get(ri).map_or(FirstNeed::Any, |n| n.first);
        let first_src = rule.nodes.first().map_or(0, |n| n.src);
        while pos < self.s1 {
            if !self.may_start(first, pos) {
                // What trying would have done: one step, a failure at the first element.
                st.total += 1;
                if st.total <= MAX_TOTAL_STEPS && (first_src, pos) > (best_fail.1, best_fail.0) {
                    best_fail = (pos, first_src);
                }
                pos += 1;
                continue;
            }
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
            Err(RuleFailure {
                rule: ri,
                sentence: si,
                furthest: best_fail,
                s1: self.s1,
            })
        }
    }
}

/// Where a rule failed in a sentence: turned into a [`RuleTrace`] (which copies the pattern
/// element's text) only when `explain` asks, not for every rule tried.
pub(super) struct RuleFailure {
    rule: usize,
    sentence: usize,
    /// (token position, source element) of the failure furthest into the pattern.
    furthest: (usize, u16),
    /// End of the sentence's tokens.
    s1: usize,
}

impl RuleFailure {
    pub(super) fn trace(&self, set: &crate::rules::RuleSet) -> RuleTrace {
        let (token, element) = self.furthest;
        RuleTrace {
            rule: self.rule,
            sentence: self.sentence,
            element: set
                .rules
                .get(self.rule)
                .and_then(|r| r.sources.get(element as usize))
                .cloned()
                .unwrap_or_default(),
            token: (token < self.s1).then_some(token),
        }
    }
}
