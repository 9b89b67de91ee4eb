//! What the organisations and events passes share: fixed lists of head nouns compared on
//! their normalized forms, a head read after its proclitics, and the walk over a document that
//! turns each head and the words after it into a named entity.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::model::EntityType;
use crate::text::clitics::{Grammar, SplitList};
use crate::text::{normalize, TokenKind};

use super::index::DocIndex;
use super::Work;

/// A fixed list of words, compared on their normalized forms (computed on first use).
pub(super) struct WordSet {
    words: &'static [&'static str],
    normalized: OnceLock<NormalizedWords>,
}

/// A [`WordSet`]'s normalized words, and a bit per byte value that ends one of them.
struct NormalizedWords {
    words: FxHashSet<String>,
    /// The same words in the list's order, for [`WordSet::ends_one`]'s scan.
    list: Vec<String>,
    last_bytes: [u64; 4],
    /// The filter of [`WordSet::ends_one`], when every word has four bytes or more.
    tails: Option<TailFilter>,
}

/// A bit per hash of the last four bytes (two Arabic letters) of each of a set of words, all
/// four bytes long or more: a word that ends as one of them does passes
/// ([`TailFilter::may_end`]); most other words do not.
pub(super) struct TailFilter {
    bits: Box<[u64; TAIL_WORDS]>,
}

/// Words of [`TailFilter`] (16 Kbit).
const TAIL_WORDS: usize = 256;

/// The bit of [`TailFilter`] of a word's last four bytes.
#[inline]
fn tail_bit(w: &[u8]) -> Option<usize> {
    let tail: [u8; 4] = w.get(w.len().checked_sub(4)?..)?.try_into().ok()?;
    let h = u32::from_le_bytes(tail).wrapping_mul(0x9E37_79B1);
    Some((h >> 18) as usize)
}

impl TailFilter {
    /// The filter of `words`; None if one is shorter than four bytes.
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a [u8]>) -> Option<TailFilter> {
        let mut bits = Box::new([0u64; TAIL_WORDS]);
        for w in words {
            let b = tail_bit(w)?;
            bits[b / 64] |= 1 << (b % 64);
        }
        Some(TailFilter { bits })
    }

    /// `w` may end as one of the words does (it surely does not if false).
    #[inline]
    pub(super) fn may_end(&self, w: &[u8]) -> bool {
        tail_bit(w).is_some_and(|b| self.bits[b / 64] & (1 << (b % 64)) != 0)
    }
}

impl NormalizedWords {
    /// `w` ends with a byte that ends one of the words.
    #[inline]
    fn may_end(&self, w: &str) -> bool {
        w.as_bytes()
            .last()
            .is_some_and(|&b| self.last_bytes[usize::from(b) / 64] & (1 << (b % 64)) != 0)
    }
}

impl WordSet {
    pub(super) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            normalized: OnceLock::new(),
        }
    }

    fn normalized(&self) -> &NormalizedWords {
        self.normalized.get_or_init(|| {
            let words: FxHashSet<String> = self.words.iter().map(|h| normalize(h)).collect();
            let mut list: Vec<String> = Vec::with_capacity(words.len());
            for h in self.words {
                let h = normalize(h);
                if !list.contains(&h) {
                    list.push(h);
                }
            }
            let mut last_bytes = [0u64; 4];
            for w in &list {
                if let Some(&b) = w.as_bytes().last() {
                    last_bytes[usize::from(b) / 64] |= 1 << (b % 64);
                }
            }
            let tails = TailFilter::new(list.iter().map(|w| w.as_bytes()));
            NormalizedWords {
                words,
                list,
                last_bytes,
                tails,
            }
        })
    }

    /// The normalized word `w` is one of the list's (most words fail on their last byte,
    /// before any hashing).
    pub(super) fn contains(&self, w: &str) -> bool {
        let n = self.normalized();
        n.may_end(w) && n.words.contains(w)
    }

    /// The normalized word `w` ends as one of the list's words does: a cheap test before
    /// [`WordSet::head_at`], for short lists.
    pub(super) fn ends_one(&self, w: &str) -> bool {
        let n = self.normalized();
        if !n.may_end(w) {
            return false;
        }
        // Every word has four bytes or more: `w` ends as one does only if its last four
        // bytes are some word's.
        if n.tails.as_ref().is_some_and(|f| !f.may_end(w.as_bytes())) {
            return false;
        }
        n.list.iter().any(|h| w.ends_with(h.as_str()))
    }

    /// [`WordSet::head_at`] over several lists with one reading of the proclitics: the
    /// proclitics' length and the index of the first list that holds the word.
    pub(super) fn head_in_any(sets: &[&WordSet], w: &str) -> Option<(usize, usize)> {
        // A stem after proclitics ends as the word does: most words fail here.
        if !sets.iter().any(|s| s.normalized().may_end(w)) {
            return None;
        }
        if let Some(i) = sets.iter().position(|s| s.contains(w)) {
            return Some((0, i));
        }
        if !w.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) {
            return None;
        }
        let splits = SplitList::of(w, Grammar::NAME);
        sets.iter().enumerate().find_map(|(i, set)| {
            splits.iter().find_map(|s| {
                if s.lal {
                    let mut with_article = String::with_capacity(s.stem.len() + 4);
                    with_article.push_str("ال");
                    with_article.push_str(s.stem);
                    set.contains(&with_article).then_some((0, i))
                } else {
                    set.contains(s.stem).then_some((s.len, i))
                }
            })
        })
    }

    /// The normalized word `w` is one of the list's, perhaps after proclitics (ولجنة، لكأس،
    /// وبالمؤتمر): the proclitics' length. After ل merged with the article (للمؤتمر) the whole
    /// token is the span, as the guidelines write it, and the head is read with its article.
    pub(super) fn head_at(&self, w: &str) -> Option<usize> {
        WordSet::head_in_any(&[self], w).map(|(len, _)| len)
    }
}

/// What held the tokens of a name before a longer name took them ("القيروان" in "شبيبة
/// القيروان", "شارل ديغول" in "مطار رواسي شارل ديغول").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Held {
    /// A gazetteer match (its index).
    Match(usize),
    /// A mention found by the tagger or a pattern (its index in the mentions).
    Mention(usize),
    /// Nothing.
    Nothing,
}

impl Held {
    /// Gives the tokens up: the match is dropped after resolution, the mention removed.
    pub(super) fn release(self, work: &mut Work) {
        match self {
            Held::Match(mi) => work.out.dropped_matches.push(mi),
            Held::Mention(k) => {
                work.out.mentions.remove(k);
            }
            Held::Nothing => {}
        }
    }
}

/// Every free word of the document that is a head (`head_at(doc, t)`: the length of its
/// proclitics, [`WordSet::head_at`]) opens a phrase; `phrase_end(t)`
/// says where the phrase that starts at `t` ends (`t + 1`: no name, the head alone). Each
/// phrase becomes an entity of type `ty` in no gazetteer, with its mention.
pub(super) fn named_phrases(
    doc: &DocIndex,
    work: &mut Work,
    head_at: impl Fn(&DocIndex, usize) -> Option<usize>,
    ty: EntityType,
    phrase_end: impl Fn(&Work, usize) -> usize,
) {
    let mut t = 0usize;
    while t < doc.len() {
        if work.cover[t] || doc.toks[t].kind != TokenKind::Word {
            t += 1;
            continue;
        }
        let Some(prefix_len) = head_at(doc, t) else {
            t += 1;
            continue;
        };
        let e = phrase_end(work, t);
        if e <= t + 1 {
            t += 1;
            continue;
        }
        work.named_from(doc, t, e, prefix_len, ty);
        t = e;
    }
}

/// For the head lists' tests: every word of the list is read as a head, alone and after و.
#[cfg(test)]
impl WordSet {
    pub(super) fn assert_reads_each_word(&self) {
        for h in self.words {
            assert!(self.ends_one(&normalize(h)), "{h}");
            assert!(self.ends_one(&normalize(&format!("و{h}"))), "{h}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WordSet;
    use crate::text::normalize;

    #[test]
    fn a_head_is_read_after_its_proclitics() {
        static HEADS: WordSet = WordSet::new(&["لجنة", "كأس", "المؤتمر"]);
        let at = |w: &str| HEADS.head_at(&normalize(w));
        assert_eq!(at("لجنة"), Some(0));
        assert_eq!(at("بلجنة"), Some("ب".len()));
        assert_eq!(at("للجنة"), Some("ل".len()));
        assert_eq!(at("لكأس"), Some("ل".len()));
        assert_eq!(at("وبالمؤتمر"), Some("وب".len()));
        // ل merged with the article: the whole token.
        assert_eq!(at("للمؤتمر"), Some(0));
        // The article is not a proclitic of an indefinite head.
        assert_eq!(at("اللجنة"), None);
        assert_eq!(at("لجان"), None);
        assert_eq!(at("مؤتمرات"), None);
        assert_eq!(at("سيمؤتمر"), None);
    }

    #[test]
    fn ends_one_answers_as_a_plain_scan_does() {
        // Four bytes or more each (the tail filter is on), and a list with a one-letter word
        // (the filter is off).
        static LONG: WordSet = WordSet::new(&["مطار", "ملعب", "مستشفى", "Stadium"]);
        static SHORT: WordSet = WordSet::new(&["مطار", "ب", "x"]);
        let words = [
            "",
            "ب",
            "x",
            "ax",
            "مطار",
            "والمطار",
            "مطارات",
            "ملعب",
            "بملعب",
            "طار",
            "ار",
            "مستشفى",
            "المستشفى",
            "stadium",
            "Stadium",
            "OldStadium",
            "ملاعب",
            "عب",
            "ترامب",
        ];
        for set in [&LONG, &SHORT] {
            for w in words {
                let w = normalize(w);
                let plain = set.words.iter().any(|h| w.ends_with(normalize(h).as_str()));
                assert_eq!(set.ends_one(&w), plain, "{w}");
            }
        }
        assert!(LONG.normalized().tails.is_some());
        assert!(SHORT.normalized().tails.is_none());
    }
}
