//! Word classes of each token: the bare word, then the stem after each proclitic reading of
//! the one clitic grammar ([`Grammar::WORD`], [`StemPolicy::Word`]).

use super::{Hit, Input, RuleScratch};
use crate::gazetteer::Reading;
use crate::rules::RuleSet;
use crate::text::clitics::{Grammar, SplitList, StemPolicy};
use crate::text::form_hash;

/// Whether a word starts with an Arabic letter.
fn is_arabic(s: &str) -> bool {
    s.chars().next().is_some_and(crate::text::is_arabic_char)
}

impl RuleSet {
    /// The classes of a word: those listing it, then those with a wildcard stem it starts with.
    fn classes<'a>(&'a self, word: &'a str) -> impl Iterator<Item = u32> + 'a {
        let lx = &self.lexicon;
        let wildcard = lx
            .may_have_prefix(word)
            .then(|| {
                lx.prefix_lens
                    .iter()
                    .take_while(move |&&len| len <= word.len())
                    .filter(move |&&len| word.is_char_boundary(len))
                    .filter_map(move |&len| lx.prefix.get(&word[..len]))
            })
            .into_iter()
            .flatten();
        lx.exact
            .get(word)
            .into_iter()
            .chain(wildcard)
            .flatten()
            .copied()
    }

    fn probe(&self, word: &str, clitic: usize, future: bool, waw: bool, out: &mut Vec<Hit>) {
        for class in self.classes(word) {
            let hit = Hit {
                class,
                clitic: clitic as u8,
                future,
                waw,
            };
            match out.iter_mut().find(|h| h.class == class) {
                Some(h) if hit.clitic < h.clitic => *h = hit,
                Some(_) => {}
                None => out.push(hit),
            }
        }
    }

    /// All class hits of one normalized token: the bare word, then the stem after each
    /// proclitic reading ([`Grammar::WORD`], [`StemPolicy::Word`]); after لل the stem is
    /// looked up with its article and without.
    fn lookup(&self, tok: &str, tmp: &mut String, out: &mut Vec<Hit>) {
        self.probe(tok, 0, false, false, out);
        if !is_arabic(tok) {
            return;
        }
        for sp in SplitList::of(tok, Grammar::WORD).iter() {
            if !StemPolicy::Word.allows_stem(&sp) {
                continue;
            }
            if sp.lal {
                tmp.clear();
                tmp.push_str("ال");
                tmp.push_str(sp.stem);
                self.probe(tmp, sp.len, false, sp.waw, out);
            }
            // A verb never takes ب or ك: "كرات" (balls) is no ك + رأت (she saw), "بذكر" no
            // ب + ذكر (he mentioned). A stem that is a speech verb's form behind them gives no
            // class at all.
            let cues = &self.cues;
            let speech_verb =
                |c: u32| Some(c) == cues.speech_verb || Some(c) == cues.speech_verb_that;
            if sp.clitics.contains(['ب', 'ك']) && self.classes(sp.stem).any(speech_verb) {
                continue;
            }
            self.probe(sp.stem, sp.len, sp.future, sp.waw, out);
        }
    }

    pub(super) fn prepare(&self, input: &Input, s: &mut RuleScratch) {
        let toks = &input.tokens.tokens;
        s.hits.clear();
        s.hit_ranges.clear();
        s.entity_at.clear();
        s.entity_at.resize(toks.len(), u32::MAX);
        s.adjective_at.clear();
        s.adjective_at.resize(toks.len(), u32::MAX);
        s.memo.own(self.fingerprint(), self.lexicon.names.len());
        for (i, t) in toks.iter().enumerate() {
            if let Some(&h) = input.tokens.hashes.get(i + PREFETCH_AHEAD) {
                s.memo.prefetch(h);
            }
            let a = s.hits.len() as u32;
            let word = t.norm(&input.norm.text);
            let hash = input
                .tokens
                .hashes
                .get(i)
                .copied()
                .unwrap_or_else(|| form_hash(word));
            if let Some(hits) = s.memo.get(hash, word) {
                s.hits.extend_from_slice(hits);
            } else {
                // Hits of one token are de-duplicated among themselves only.
                let mut local = std::mem::take(&mut s.local);
                local.clear();
                self.lookup(word, &mut s.tmp, &mut local);
                s.hits.extend_from_slice(&local);
                s.memo.insert(hash, word, &local);
                s.local = local;
            }
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
}

/// The word classes of recently seen normalized forms, per thread: news repeats its words,
/// so most tokens take their hits from this table (keyed by the tokenizer's [`form_hash`],
/// checked by content) instead of a probe of the lexicon per clitic reading and wildcard
/// length. Direct-mapped and bounded (1 MB; a table of every form seen cost more than it
/// saved), its entries prefetched a few tokens ahead. Exact: an entry holds the form's bytes and what
/// [`RuleSet::lookup`] gave for it; longer forms and forms with more hits are not
/// remembered. Tied to one rule set (its fingerprint).
#[derive(Debug, Default)]
pub(super) struct LexiconMemo {
    /// (fingerprint, classes) of the rule set the entries are for.
    owner: (u64, usize),
    entries: Vec<MemoEntry>,
}

/// How many tokens ahead a memo entry is prefetched.
const PREFETCH_AHEAD: usize = 8;
/// Entries of a [`LexiconMemo`] (a power of two; 64 bytes each).
const MEMO_ENTRIES: usize = 16384;
/// Longest form a memo entry holds (most Arabic words are 11 letters or fewer).
const MEMO_FORM_BYTES: usize = 22;
/// Most hits a memo entry holds.
const MEMO_HITS: usize = 4;

#[derive(Debug, Clone, Copy)]
struct MemoEntry {
    hash: u64,
    hits: [Hit; MEMO_HITS],
    /// Bytes of the form; 0 for an empty entry (no token is empty).
    len: u8,
    hit_count: u8,
    bytes: [u8; MEMO_FORM_BYTES],
}

impl MemoEntry {
    const EMPTY: MemoEntry = MemoEntry {
        hash: 0,
        hits: [Hit {
            class: 0,
            clitic: 0,
            future: false,
            waw: false,
        }; MEMO_HITS],
        len: 0,
        hit_count: 0,
        bytes: [0; MEMO_FORM_BYTES],
    };
}

impl LexiconMemo {
    fn own(&mut self, fingerprint: u64, classes: usize) {
        if self.owner != (fingerprint, classes) || self.entries.len() != MEMO_ENTRIES {
            self.entries.clear();
            self.entries.resize(MEMO_ENTRIES, MemoEntry::EMPTY);
            self.owner = (fingerprint, classes);
        }
    }

    #[inline]
    fn slot(hash: u64) -> usize {
        (hash as usize) & (MEMO_ENTRIES - 1)
    }

    /// Starts loading the entry of `hash` (the table is larger than the nearer caches).
    #[inline]
    fn prefetch(&self, hash: u64) {
        crate::tagger::model::prefetch(self.entries.as_ptr().wrapping_add(Self::slot(hash)));
    }

    #[inline]
    fn get(&self, hash: u64, form: &str) -> Option<&[Hit]> {
        let e = self.entries.get(Self::slot(hash))?;
        let bytes = form.as_bytes();
        (e.hash == hash
            && usize::from(e.len) == bytes.len()
            && e.bytes.get(..bytes.len()) == Some(bytes))
        .then(|| &e.hits[..usize::from(e.hit_count)])
    }

    fn insert(&mut self, hash: u64, form: &str, hits: &[Hit]) {
        let bytes = form.as_bytes();
        if bytes.is_empty() || bytes.len() > MEMO_FORM_BYTES || hits.len() > MEMO_HITS {
            return;
        }
        let Some(e) = self.entries.get_mut(Self::slot(hash)) else {
            return;
        };
        e.hash = hash;
        e.len = bytes.len() as u8;
        e.bytes[..bytes.len()].copy_from_slice(bytes);
        e.hit_count = hits.len() as u8;
        e.hits[..hits.len()].copy_from_slice(hits);
    }
}
