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
    let mut chars = word.char_indices().map(|(i, c)| (i + c.len_utf8(), c));
    let Some(first) = chars.next() else {
        return;
    };
    // The next chars with the byte offset after each: at most four proclitic letters.
    let mut look = [first, (0, '\0'), (0, '\0'), (0, '\0')];
    for slot in look.iter_mut().skip(1) {
        if let Some(x) = chars.next() {
            *slot = x;
        }
    }
    let push = |out: &mut Vec<Split<'a>>, end: usize, set: fn(&mut Split<'a>)| {
        if end == 0 || end >= word.len() {
            return;
        }
        let mut s = Split {
            len: end,
            clitics: &word[..end],
            stem: &word[end..],
            waw: word.starts_with('و'),
            preposition: false,
            article: false,
            lal: false,
            future: false,
        };
        set(&mut s);
        out.push(s);
    };
    let mut i = 0usize;
    if matches!(look[0].1, 'و' | 'ف') {
        push(out, look[0].0, |_| {});
        i = 1;
    }
    let (end, c) = look[i];
    let next = look.get(i + 1).map_or('\0', |x| x.1);
    let after_next = look.get(i + 2).map_or('\0', |x| x.1);
    match c {
        'ب' | 'ك' => {
            push(out, end, |s| s.preposition = true);
            if grammar.article && next == 'ا' && after_next == 'ل' {
                push(out, look[i + 2].0, |s| {
                    s.preposition = true;
                    s.article = true;
                });
            }
        }
        'ل' => {
            push(out, end, |s| s.preposition = true);
            if grammar.lal && next == 'ل' {
                push(out, look[i + 1].0, |s| {
                    s.preposition = true;
                    s.lal = true;
                });
            }
        }
        'ا' if grammar.article && next == 'ل' => {
            push(out, look[i + 1].0, |s| s.article = true);
        }
        'س' if grammar.future => {
            push(out, end, |s| s.future = true);
        }
        _ => {}
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
