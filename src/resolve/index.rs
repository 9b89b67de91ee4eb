//! The per-document index every resolution pass reads: the text stages' results plus per-token
//! lookups (which gazetteer match, title or lexicon word starts or ends at a token), built once
//! per document.

use crate::date::PartialDate;
use crate::gazetteer::{Gazetteer, Match, Reading, WordClass};
use crate::model::EntityType;
use crate::text::{Normalized, Token, TokenKind, Tokens};

use super::forms::FormInfo;
use super::{reading_ids, ResolvedMention, Resolver, Target, Via};

/// One document as the passes see it. Read only: passes write to [`super::Work`].
pub(crate) struct DocIndex<'a> {
    /// The compiled stage (titles, lexicon, role holders).
    pub r: &'a Resolver,
    /// The gazetteer the matches index.
    pub g: &'a Gazetteer,
    /// The original text.
    pub original: &'a str,
    /// Its normalization.
    pub norm: &'a Normalized,
    /// Its tokens and sentences.
    pub tokens: &'a Tokens,
    /// The tokens.
    pub toks: &'a [Token],
    /// The gazetteer's matches.
    pub matches: &'a [Match],
    /// Title matches; readings are role indices of the [`Resolver`].
    pub titles: &'a [Match],
    /// Lexicon matches; readings are word rows of the [`Resolver`].
    words: &'a [Match],
    /// Bodies named without their country; readings index the [`Resolver`]'s bare forms.
    pub bodies: &'a [Match],
    /// The document date, else the gazetteers' as-of date.
    pub date: Option<PartialDate>,
    /// The name tagger ran over the document (its names are among the mentions): the names
    /// by pattern then ask for more evidence (`names::run`).
    pub tagger: bool,
    /// Whether a normalized Arabic word is one news writes often, when the tagger's model is
    /// at hand ([`super::DocView::frequent`]).
    pub frequent: Option<&'a dyn Fn(&str) -> bool>,
    /// Per token: the gazetteer match starting there.
    pub gaz_at: Vec<Option<usize>>,
    /// Per token: inside a gazetteer match.
    pub gaz_cover: Vec<bool>,
    /// Per token end (0..=n): the gazetteer match ending there.
    pub match_ending_at: Vec<Option<usize>>,
    /// Per token: the title match starting there.
    pub title_at: Vec<Option<usize>>,
    /// Per token: the name the tagger found starting there (its entity, type, end token and
    /// the byte where the name starts, after any proclitic).
    pub tagged_at: Vec<Option<TaggedName>>,
    /// The document's country when it is clear (a dateline, else a dominant country): what a
    /// country's office or body named without its country (وزير التجارة، وزارة الداخلية)
    /// belongs to.
    pub doc_country: Option<u32>,
    /// Per token: the lexicon match starting there.
    word_at: Vec<Option<usize>>,
    /// Per token: the word classes starting there, as bits (looked up for nearly every token).
    class_bits: Vec<u16>,
    /// Per token: what resolution asks of its form, answered once per form; empty when the
    /// per-form table could not hold the answers (then they are looked up per token).
    forms: &'a [FormInfo],
}

/// A name the tagger found, as the passes look it up by its first token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TaggedName {
    pub target: Target,
    pub entity_type: EntityType,
    pub end_token: usize,
}

/// A lexicon reading of the word starting at a token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHit {
    pub class: WordClass,
    /// For anaphors: the type of entity referred to.
    pub entity_type: Option<EntityType>,
    /// For anaphors: how many entities.
    pub count: u8,
    /// One past the word's last token.
    pub end_token: usize,
}

fn class_bit(c: WordClass) -> u16 {
    1u16 << (c as u16)
}

impl<'a> DocIndex<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        r: &'a Resolver,
        g: &'a Gazetteer,
        original: &'a str,
        norm: &'a Normalized,
        tokens: &'a Tokens,
        matches: &'a [Match],
        titles: &'a [Match],
        words: &'a [Match],
        bodies: &'a [Match],
        tagged: &super::Resolved,
        forms: &'a [FormInfo],
        date: Option<PartialDate>,
    ) -> DocIndex<'a> {
        let n = tokens.tokens.len();
        let mut gaz_at = vec![None; n];
        let mut gaz_cover = vec![false; n];
        let mut match_ending_at = vec![None; n + 1];
        for (i, m) in matches.iter().enumerate() {
            gaz_at[m.first_token] = Some(i);
            for c in &mut gaz_cover[m.first_token..m.end_token] {
                *c = true;
            }
            match_ending_at[m.end_token] = Some(i);
        }
        let mut title_at = vec![None; n];
        for (i, m) in titles.iter().enumerate() {
            title_at[m.first_token] = Some(i);
        }
        let mut tagged_at = vec![None; n];
        for m in &tagged.mentions {
            let entity_type = match m.target {
                Target::Tagged(i) => tagged.tagged[i as usize].entity_type,
                Target::Gazetteer(e) => g.entity(e).entity_type,
                Target::Found(_) => EntityType::Person,
            };
            if m.first_token < n {
                tagged_at[m.first_token] = Some(TaggedName {
                    target: m.target,
                    entity_type,
                    end_token: m.end_token,
                });
            }
        }
        let mut word_at = vec![None; n];
        let mut class_bits = vec![0u16; n];
        for (i, m) in words.iter().enumerate() {
            word_at[m.first_token] = Some(i);
            for &w in reading_ids(&m.reading) {
                class_bits[m.first_token] |= class_bit(r.word_rows[w as usize].0);
            }
        }
        let doc_country = document_country(g, tokens, norm, matches);
        DocIndex {
            tagger: false,
            frequent: None,
            doc_country,
            forms,
            r,
            g,
            original,
            norm,
            tokens,
            toks: &tokens.tokens,
            matches,
            titles,
            words,
            bodies,
            date,
            gaz_at,
            gaz_cover,
            match_ending_at,
            title_at,
            tagged_at,
            word_at,
            class_bits,
        }
    }

    /// Token `t` is a given name, perhaps after proclitics: their length.
    pub fn given_name_at(&self, t: usize) -> Option<usize> {
        match self.forms.get(t) {
            Some(f) => f.given(),
            None => super::names::given_name_at(self.g, self.norm_of(t)),
        }
    }

    /// Token `t` is the head noun of an organisation, perhaps after proclitics: their length.
    pub fn body_head_at(&self, t: usize) -> Option<usize> {
        match self.forms.get(t) {
            Some(f) => f.body_head(),
            None => super::bodies::HEAD_SET.head_at(self.norm_of(t)),
        }
    }

    /// Token `t` is a club noun, perhaps after proclitics: their length and the index of its
    /// list ([`super::clubs`]).
    pub fn club_head_at(&self, t: usize) -> Option<(usize, usize)> {
        match self.forms.get(t) {
            Some(f) => f.club_head(),
            None => super::clubs::head_at(self.norm_of(t)),
        }
    }

    /// A gazetteer name may start at token `t` (by itself or after its proclitics); true when
    /// the per-form table was not filled.
    pub fn may_start_gazetteer_name(&self, t: usize) -> bool {
        self.forms
            .get(t)
            .is_none_or(|f| f.starts & super::forms::GAZETTEER != 0)
    }

    /// Token `t` is the head noun of an event, perhaps after proclitics: their length.
    pub fn event_head_at(&self, t: usize) -> Option<usize> {
        match self.forms.get(t) {
            Some(f) => f.event_head(),
            None => super::events::HEAD_SET.head_at(self.norm_of(t)),
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The gazetteer match starting at token `t` when it covers that token alone, all of it
    /// (no proclitic before it, no further token): its index.
    pub fn match_of_token(&self, t: usize) -> Option<usize> {
        let mi = (*self.gaz_at.get(t)?)?;
        let m = &self.matches[mi];
        (m.end_token == t + 1 && m.byte_start == self.toks[t].byte_start as usize).then_some(mi)
    }

    /// The gazetteer match that covers token `t` (the nearest one starting at or before it
    /// and ending after it, among the few tokens before): its index.
    pub fn match_covering(&self, t: usize) -> Option<usize> {
        /// Most tokens of a name looked back over.
        const LOOK_BACK: usize = 12;
        (t.saturating_sub(LOOK_BACK)..=t)
            .rev()
            .filter_map(|s| *self.gaz_at.get(s)?)
            .find(|&mi| self.matches[mi].end_token > t)
    }

    /// The normalized form of token `t`.
    pub fn norm_of(&self, t: usize) -> &'a str {
        self.toks[t].norm(&self.norm.text)
    }

    /// The original text of token `t`.
    pub fn original_of(&self, t: usize) -> &'a str {
        let tok = &self.toks[t];
        self.original
            .get(tok.byte_start as usize..tok.byte_end as usize)
            .unwrap_or_default()
    }

    /// Token `t` is punctuation in `set`.
    pub fn is_punct(&self, t: usize, set: &[&str]) -> bool {
        self.toks[t].kind == TokenKind::Punct && set.contains(&self.norm_of(t))
    }

    /// A lexicon word of class `c` starts at token `t`.
    pub fn has_class(&self, t: usize, c: WordClass) -> bool {
        self.class_bits[t] & class_bit(c) != 0
    }

    /// The lexicon readings of the word starting at token `t`.
    pub fn classes(&self, t: usize) -> impl Iterator<Item = WordHit> + '_ {
        let m = self.word_at[t].and_then(|wi| self.words.get(wi));
        m.map_or(&[][..], |m| reading_ids(&m.reading))
            .iter()
            .filter_map(move |&w| {
                let m = m?;
                let (class, entity_type, count) = self.r.word_rows[w as usize];
                Some(WordHit {
                    class,
                    entity_type,
                    count,
                    end_token: m.end_token,
                })
            })
    }

    /// Token `t` could be part of a name: a word of two or more letters in no gazetteer match,
    /// title, function word or speech verb.
    pub fn name_like(&self, t: usize) -> bool {
        let w = self.norm_of(t);
        self.toks[t].kind == TokenKind::Word
            && !self.gaz_cover[t]
            && self.title_at[t].is_none()
            && !self.has_class(t, WordClass::Stop)
            && !self.has_class(t, WordClass::Speech)
            && w.chars().nth(1).is_some()
            && w.chars()
                .all(|c| crate::text::is_letter(c) || c == '-' || c == '\'')
    }

    /// Token `t` starts with a capital letter in the original text.
    pub fn latin_cap(&self, t: usize) -> bool {
        self.original[self.toks[t].byte_start as usize..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase())
    }

    /// One past the last token of token `t`'s sentence.
    pub fn sentence_end(&self, t: usize) -> usize {
        self.tokens.sentences[self.toks[t].sentence as usize].end_token as usize
    }

    /// The gazetteer entity of the match starting at token `t`, if it reads as one.
    pub fn entity_at(&self, t: usize) -> Option<u32> {
        let mi = self.gaz_at.get(t).copied().flatten()?;
        match self.matches[mi].reading {
            Reading::Entity(e, _) => Some(e),
            _ => None,
        }
    }

    /// The type of gazetteer entity `e`.
    pub fn entity_type(&self, e: u32) -> EntityType {
        self.g.entity(e).entity_type
    }

    /// The normalized tokens `[first, end)` joined by single spaces.
    pub fn joined_norm(&self, first: usize, end: usize) -> String {
        self.toks[first..end]
            .iter()
            .map(|t| t.norm(&self.norm.text))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The normalized first word of a mention that starts at token `t` and original byte
    /// `byte_start`: the token's form, or its stem when the mention leaves proclitics out
    /// ("بلجيكيا" of "وبلجيكيا").
    pub fn stem_at(&self, t: usize, byte_start: usize) -> Option<&'a str> {
        let w = self.norm_of(t);
        if self.toks[t].byte_start as usize == byte_start {
            return Some(w);
        }
        crate::text::clitics::SplitList::of(w, crate::text::clitics::Grammar::PLAIN)
            .iter()
            .find(|s| {
                self.norm
                    .original_byte(self.toks[t].norm_start as usize + s.len)
                    == byte_start
            })
            .map(|s| s.stem)
    }

    /// The normalized words of a mention joined by single spaces, its first token's
    /// proclitics left out ([`DocIndex::stem_at`]).
    pub fn mention_norm(&self, m: &ResolvedMention) -> Option<String> {
        let first = self.stem_at(m.first_token, m.byte_start)?;
        let mut out = first.to_string();
        for t in m.first_token + 1..m.end_token {
            out.push(' ');
            out.push_str(self.norm_of(t));
        }
        Some(out)
    }

    /// A mention of whole tokens `[first, end)`.
    pub fn mention(&self, target: Target, first: usize, end: usize, via: Via) -> ResolvedMention {
        ResolvedMention {
            target,
            first_token: first,
            end_token: end,
            byte_start: self.toks[first].byte_start as usize,
            byte_end: self.toks[end - 1].byte_end as usize,
            via,
        }
    }

    /// A mention of tokens `[first, end)` starting `prefix_len` normalized bytes into the first
    /// token (after a proclitic; mapped back to the original text even when 0).
    pub fn mention_from(
        &self,
        target: Target,
        first: usize,
        end: usize,
        prefix_len: usize,
        via: Via,
    ) -> ResolvedMention {
        let tok = &self.toks[first];
        ResolvedMention {
            target,
            first_token: first,
            end_token: end,
            byte_start: self
                .norm
                .original_byte(tok.norm_start as usize + prefix_len),
            byte_end: self.toks[end - 1].byte_end as usize,
            via,
        }
    }
}

/// The document's country: the country of a dateline (a place or country among the first
/// three tokens, then an opening parenthesis or a dash: "تونس (وات) -", "MOSCOW -"), else the
/// country named most often (by its name, a nisba, or a place or body of it) when it is named
/// at least twice, half again as often as any other, and once at least by its own name or
/// nisba; else none.
fn document_country(
    g: &Gazetteer,
    tokens: &Tokens,
    norm: &Normalized,
    matches: &[Match],
) -> Option<u32> {
    let country_of = |e: u32| g.country_of(e);
    let toks = &tokens.tokens;
    if let Some(m) = matches.first().filter(|m| m.first_token < 3) {
        let dash = (m.end_token..(m.end_token + 2).min(toks.len()))
            .any(|t| matches!(toks[t].norm(&norm.text), "(" | "-" | "–" | "—"));
        if let (true, Reading::Entity(e, _)) = (dash, &m.reading) {
            if let Some(c) = country_of(*e) {
                return Some(c);
            }
        }
    }
    // (country, times named, named by its own name or nisba)
    let mut counts: Vec<(u32, u32, bool)> = Vec::new();
    for m in matches {
        let (c, direct) = match m.reading {
            Reading::Entity(e, _) => (
                country_of(e),
                g.entity(e).entity_type == EntityType::Country,
            ),
            Reading::Adjective(c) => (Some(c), true),
            Reading::Ambiguous(_) => (None, false),
        };
        if let Some(c) = c {
            match counts.iter_mut().find(|x| x.0 == c) {
                Some(x) => {
                    x.1 += 1;
                    x.2 |= direct;
                }
                None => counts.push((c, 1, direct)),
            }
        }
    }
    counts.sort_by_key(|x| std::cmp::Reverse(x.1));
    let top = counts.first()?;
    let second = counts.get(1).map_or(0, |x| x.1);
    // Named itself somewhere, so a relation with it points into the text.
    (top.2 && top.1 >= 2 && 2 * top.1 >= 3 * second).then_some(top.0)
}
