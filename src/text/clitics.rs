//! The Arabic proclitic grammar: which letters may be written glued to the front of a word, in
//! what order, and how long the word after them must be. Every stage that looks behind a
//! proclitic (the gazetteer matcher, the rule engine's lexicon, the resolution passes) asks
//! this module, so they agree on what و بـ لـ كـ فـ سـ ال mean.
//!
//! On a normalized token (ى ة أ folded, see [`super::normalize`]):
//!
//! ```text
//! (و | ف)?  then at most one of
//!           ب | ل | ك          preposition             بموسكو, ولروسيا
//!           (ب | ك)? ال        article [article]       بالجزائر, والرئيس
//!           لل                 ل + ال, the alef gone    للجزائر [lal]
//!           س                  future (verbs) [future] وسيزور
//! ```
//!
//! A [`Grammar`] says which of the bracketed parts a caller accepts: names in the gazetteer are
//! written with their article, so the matcher strips no article; the rule lexicon lists bare
//! words, so the rule engine strips the article and the future prefix too. A [`StemPolicy`]
//! says how long the rest must be.

/// Which optional parts of the grammar a caller accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grammar {
    /// The article ال after the conjunction or ب ك (and alone).
    pub article: bool,
    /// ل + ال written لل: the stem is then read with its article (الجزائر in للجزائر).
    pub lal: bool,
    /// The future prefix س after the conjunction.
    pub future: bool,
}

impl Grammar {
    /// Conjunction and preposition only: in front of a name or word that is looked up as
    /// written (given names, surnames).
    pub const PLAIN: Grammar = Grammar {
        article: false,
        lal: false,
        future: false,
    };
    /// In front of gazetteer names, which carry their own article: the preposition ل merges
    /// with it (للجزائر).
    pub const NAME: Grammar = Grammar {
        article: false,
        lal: true,
        future: false,
    };
    /// In front of lexicon words (trigger verbs, function words), listed without article.
    pub const WORD: Grammar = Grammar {
        article: true,
        lal: true,
        future: true,
    };
}

/// One way to read a token as proclitics + stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// Bytes of the proclitics (the stem starts here).
    pub len: usize,
    /// The proclitics as written.
    pub clitics: &'a str,
    /// The rest of the token.
    pub stem: &'a str,
    /// The proclitics start with the coordinating و.
    pub waw: bool,
    /// A preposition ب ل ك is among them (لل included).
    pub preposition: bool,
    /// They end with the article ال.
    pub article: bool,
    /// They end with لل (ل + ال, the alef gone).
    pub lal: bool,
    /// They end with the future س.
    pub future: bool,
}

impl Split<'_> {
    /// The proclitics are a single و, ف or ب.
    pub fn is_lone_wfb(&self) -> bool {
        matches!(self.clitics, "و" | "ف" | "ب")
    }
}

/// How long the stem after a proclitic must be, in chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StemPolicy {
    /// Any non-empty stem: for telling the shape of a word (is an article glued on?).
    Any,
    /// Names: three chars or more. A name of one or two letters after a proclitic is more
    /// often a word (فشل is not ف + شل "Shell"; ولي is not و + a surname لي).
    Name,
    /// Lexicon words: three chars or more (كان is not ك + ان), except after a lone و ف ب,
    /// where the lexicon's two-letter words stand (ومع, فمن, بعد), and after لل, where the
    /// stem gets its article back (للقاء reads اللقاء).
    Word,
}

/// Fewest chars of a name, or of a word, after a proclitic.
const MIN_STEM_CHARS: usize = 3;

impl StemPolicy {
    /// [`StemPolicy::allows`] with the split's own stem as the stem. Counts at most as many
    /// chars as any policy asks for, not the whole stem.
    #[inline]
    pub fn allows_stem(self, split: &Split) -> bool {
        self.allows(split, split.stem.chars().take(MIN_STEM_CHARS).count())
    }

    /// Whether `split` leaves a long enough stem; `stem_chars` is what the caller counts as
    /// the stem (the matcher counts the whole name matched, which may run past the token).
    pub fn allows(self, split: &Split, stem_chars: usize) -> bool {
        match self {
            StemPolicy::Any => stem_chars >= 1,
            StemPolicy::Name => stem_chars >= MIN_STEM_CHARS,
            StemPolicy::Word if split.lal => stem_chars >= 2,
            StemPolicy::Word if split.is_lone_wfb() => stem_chars >= 1,
            StemPolicy::Word => stem_chars >= MIN_STEM_CHARS,
        }
    }
}

/// Pushes onto `out` every reading of `word` as proclitics + a non-empty stem under `grammar`,
/// shortest proclitics first (the bare word is not among them). Non-Arabic words have none.
pub fn splits<'a>(word: &'a str, grammar: Grammar, out: &mut Vec<Split<'a>>) {
    out.clear();
    out.extend(SplitList::of(word, grammar).iter());
}

/// Most readings a word has: و or ف, then a preposition and a preposition with its article.
const MAX_SPLITS: usize = 3;

const PREPOSITION: u8 = 1;
const ARTICLE: u8 = 2;
const LAL: u8 = 4;
const FUTURE: u8 = 8;

/// The readings of one word ([`splits`]), held in a few bytes on the stack: the per-token
/// callers allocate and copy nothing.
#[derive(Debug, Clone, Copy)]
pub struct SplitList<'a> {
    word: &'a str,
    /// (bytes of the proclitics, flags) of each reading.
    items: [(u8, u8); MAX_SPLITS],
    count: u8,
}

// The proclitic letters in UTF-8 (each two bytes, so the letters of a proclitic sequence
// start at even offsets, and a comparison of two bytes there is a comparison of chars).
const WAW: [u8; 2] = *b"\xd9\x88";
const FA: [u8; 2] = *b"\xd9\x81";
const BA: [u8; 2] = *b"\xd8\xa8";
const KAF: [u8; 2] = *b"\xd9\x83";
const LAM: [u8; 2] = *b"\xd9\x84";
const ALEF: [u8; 2] = *b"\xd8\xa7";
const SIN: [u8; 2] = *b"\xd8\xb3";

impl<'a> SplitList<'a> {
    /// Every reading of `word` under `grammar`, shortest proclitics first.
    #[inline]
    pub fn of(word: &'a str, grammar: Grammar) -> SplitList<'a> {
        let mut list = SplitList {
            word,
            items: [(0, 0); MAX_SPLITS],
            count: 0,
        };
        let b = word.as_bytes();
        // The two bytes of the `k`-th letter of a proclitic sequence.
        let letter = |k: usize| -> [u8; 2] {
            match b.get(2 * k..2 * k + 2) {
                Some(&[x, y]) => [x, y],
                _ => [0, 0],
            }
        };
        let mut i = 0usize;
        let first = letter(0);
        if first == WAW || first == FA {
            list.push(2, 0);
            i = 1;
        }
        let (c, next, after_next) = (letter(i), letter(i + 1), letter(i + 2));
        let end = 2 * (i + 1);
        if c == BA || c == KAF {
            list.push(end, PREPOSITION);
            if grammar.article && next == ALEF && after_next == LAM {
                list.push(end + 4, PREPOSITION | ARTICLE);
            }
        } else if c == LAM {
            list.push(end, PREPOSITION);
            if grammar.lal && next == LAM {
                list.push(end + 2, PREPOSITION | LAL);
            }
        } else if c == ALEF && grammar.article && next == LAM {
            list.push(end + 2, ARTICLE);
        } else if c == SIN && grammar.future {
            list.push(end, FUTURE);
        }
        list
    }

    /// A reading ends at byte `end`, unless it leaves no stem.
    #[inline]
    fn push(&mut self, end: usize, flags: u8) {
        if end == 0 || end >= self.word.len() {
            return;
        }
        // The grammar yields at most MAX_SPLITS readings, each a few bytes long; anything
        // else could only come from a change to it, and is dropped rather than a panic.
        if let (Some(slot), Ok(end)) = (
            self.items.get_mut(usize::from(self.count)),
            u8::try_from(end),
        ) {
            *slot = (end, flags);
            self.count += 1;
        }
    }

    /// Whether the word has no reading.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The readings, shortest proclitics first.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = Split<'a>> + '_ {
        let word = self.word;
        self.items[..usize::from(self.count)]
            .iter()
            .map(move |&(end, flags)| {
                let end = usize::from(end);
                Split {
                    len: end,
                    clitics: &word[..end],
                    stem: &word[end..],
                    waw: word.starts_with('و'),
                    preposition: flags & PREPOSITION != 0,
                    article: flags & ARTICLE != 0,
                    lal: flags & LAL != 0,
                    future: flags & FUTURE != 0,
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clitics(word: &str, g: Grammar) -> Vec<&str> {
        let mut v = Vec::new();
        splits(word, g, &mut v);
        v.iter().map(|s| s.clitics).collect()
    }

    #[test]
    fn names_take_conjunction_preposition_and_lal() {
        for p in ["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"] {
            let word = format!("{p}جزاير");
            assert_eq!(clitics(&word, Grammar::NAME).last(), Some(&p), "{p}");
        }
        assert_eq!(clitics("وللجزاير", Grammar::NAME), vec!["و", "ول", "ولل"]);
        assert_eq!(clitics("روسيا", Grammar::NAME), Vec::<&str>::new());
        assert_eq!(clitics("و", Grammar::NAME), Vec::<&str>::new());
        assert_eq!(clitics("الجزاير", Grammar::NAME), Vec::<&str>::new());
        assert!(clitics("وللجزاير", Grammar::PLAIN)
            .iter()
            .all(|c| *c != "ولل"));
    }

    #[test]
    fn words_take_the_article_and_the_future_too() {
        assert_eq!(clitics("والرييس", Grammar::WORD), vec!["و", "وال"]);
        assert_eq!(clitics("وبالقاهره", Grammar::WORD), vec!["و", "وب", "وبال"]);
        assert_eq!(clitics("وسيزور", Grammar::WORD), vec!["و", "وس"]);
        assert_eq!(clitics("لال", Grammar::WORD), vec!["ل"]);
        let mut v = Vec::new();
        splits("للقاء", Grammar::WORD, &mut v);
        assert!(v.iter().any(|s| s.lal && s.stem == "قاء" && s.preposition));
    }

    #[test]
    fn stem_policies() {
        let mut v = Vec::new();
        splits("فشل", Grammar::NAME, &mut v);
        assert!(!StemPolicy::Name.allows(&v[0], v[0].stem.chars().count()));
        splits("ومع", Grammar::WORD, &mut v);
        assert!(StemPolicy::Word.allows(&v[0], 2));
        splits("كان", Grammar::WORD, &mut v);
        assert!(!StemPolicy::Word.allows(&v[0], 2));
    }
}
