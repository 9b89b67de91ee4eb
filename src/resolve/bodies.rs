//! Organisations named by a head noun and its genitive ("لجنة المالية"، "حزب التجمع الوطني"،
//! "هيئة مكافحة الفساد" as "هيئة" + words with the article): in no gazetteer and not found
//! by the tagger, they are still named organisations (the guidelines' AGENCY), and the relation
//! rules need them as parties ("زيارة لجنة الصحة إلى صفاقس"). The titles pass already takes
//! such a body after a title (رئيس لجنة المالية); this pass takes the ones standing alone.
//!
//! The head is an indefinite noun of [`HEADS`] (the construct state: لجنة, not اللجنة, which
//! is a bare common noun and never a mention), perhaps after a proclitic (بلجنة، ولجنة; the
//! proclitic stays outside the span). The genitive is one or more Arabic words with the
//! article (الفلاحة، للثقافة), joined by و + article (الحقوق والحريات), up to punctuation, a
//! title, a name, a speech verb or a word without the article. The entity is an AGENCY with an
//! id derived from its normalized name, as for bodies after titles.

use std::sync::OnceLock;

use crate::gazetteer::WordClass;
use rustc_hash::FxHashSet;

use crate::text::clitics::{Grammar, SplitList};
use crate::text::{normalize, TokenKind};

use super::index::DocIndex;
use super::Work;

/// Head nouns that name an organisation with their genitive alone. Left out, though they are
/// organisations' heads elsewhere in the lexicon: nouns whose genitive is far more often a
/// place or a common noun (مركز المدينة، إدارة الأزمة، دائرة، مصلحة، غرفة العمليات،
/// قوات الأمن، جيش الاحتلال، سلطة الاحتلال، شرطة المرور، مكتب), named facilities (مستشفى is a
/// LOCATION), classifier nouns that stay outside the name (شركة، صحيفة، قناة), and وكالة,
/// whose genitive is most often a description of a news agency (وكالة الأنباء الرسمية) where
/// the outlets of the gazetteer name the agencies themselves.
const HEADS: &[&str] = &[
    "وزارة",
    "حزب",
    "لجنة",
    "منظمة",
    "هيئة",
    "مجلس",
    "اتحاد",
    "جمعية",
    "نقابة",
    "حركة",
    "حكومة",
    "مجمع",
    "محكمة",
    "جامعة",
    "مؤسسة",
    "ديوان",
    "مديرية",
    "صندوق",
    "برلمان",
    "جبهة",
    "تحالف",
    "ائتلاف",
    "كتلة",
    "نادي",
    "منتدى",
    "معهد",
    "مفوضية",
    "بلدية",
    "رابطة",
    "مرصد",
    "تنسيقية",
];

/// Genitives that make the head a function or a common noun, not an organisation's name
/// (حركة المرور "traffic", كتلة الأجور "the wage bill", لجنة التحكيم "the jury", مجلس الإدارة
/// "the board", لجنة التحقيق "the inquiry", وزارة الإشراف "the supervising ministry", مجلس
/// التأديب, مجلس الهيئة "the authority's board"): the phrase is no mention.
const GENERIC: &[&str] = &[
    "المرور",
    "الأجور",
    "التحكيم",
    "الإدارة",
    "التحقيق",
    "الإشراف",
    "التأديب",
    "الهيئة",
    "المؤسسة",
    "الشركة",
];

/// Most tokens of the genitive.
const MAX_GENITIVE_TOKENS: usize = 6;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let n = doc.len();
    let mut t = 0usize;
    while t < n {
        if work.cover[t] || doc.toks[t].kind != TokenKind::Word {
            t += 1;
            continue;
        }
        let Some(prefix_len) = head_at(doc.norm_of(t)) else {
            t += 1;
            continue;
        };
        let e = genitive_end(doc, work, t + 1, doc.sentence_end(t));
        if e == t + 1 || (e == t + 2 && is_generic(doc.norm_of(t + 1))) {
            t += 1;
            continue;
        }
        work.body_from(doc, t, e, prefix_len);
        t = e;
    }
}

/// A fixed list of words, compared on their normalized forms (computed on first use).
pub(super) struct WordSet {
    words: &'static [&'static str],
    normalized: OnceLock<FxHashSet<String>>,
}

impl WordSet {
    pub(super) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            normalized: OnceLock::new(),
        }
    }

    /// The normalized word `w` is one of the list's.
    pub(super) fn contains(&self, w: &str) -> bool {
        self.normalized
            .get_or_init(|| self.words.iter().map(|h| normalize(h)).collect())
            .contains(w)
    }
}

static HEAD_SET: WordSet = WordSet::new(HEADS);
static GENERIC_SET: WordSet = WordSet::new(GENERIC);

fn is_head(w: &str) -> bool {
    HEAD_SET.contains(w)
}

fn is_generic(w: &str) -> bool {
    GENERIC_SET.contains(w)
}

/// The normalized word is a head of [`HEADS`], perhaps after proclitics without the article (ولجنة،
/// بوزارة، فلمجلس): the proclitics' length.
fn head_at(w: &str) -> Option<usize> {
    if is_head(w) {
        return Some(0);
    }
    if !w.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) {
        return None;
    }
    SplitList::of(w, Grammar::PLAIN)
        .iter()
        .find(|s| !s.article && !s.lal && !s.future && is_head(s.stem))
        .map(|s| s.len)
}

/// One past the last word of the genitive that starts at `k` (before `end`).
pub(super) fn genitive_end(doc: &DocIndex, work: &Work, k: usize, end: usize) -> usize {
    // A word in no name (a nisba or an ambiguous word is free: لجنة المالية، وزارة الصحة
    // الروسية; [`Work::in_name`]).
    let free = |t: usize| {
        !work.in_name(doc, t)
            && doc.title_at[t].is_none()
            && doc.toks[t].kind == TokenKind::Word
            && !doc.has_class(t, WordClass::Speech)
    };
    // The article on a word long enough not to be a function word (الذي، التي، اليوم); after
    // the first word, also و + the article (والحريات).
    let definite = |t: usize, first: bool| {
        let w = doc.norm_of(t);
        let w = if first {
            w
        } else {
            w.strip_prefix('و')
                .filter(|r| r.starts_with("ال"))
                .unwrap_or(w)
        };
        crate::text::has_arabic(w)
            && (w.starts_with("ال") || w.starts_with("لل"))
            && w.chars().count() >= 5
    };
    // A construct chain may open the genitive: one word without the article, then one with it
    // (هيئة مكافحة الفساد، مجلس نواب الشعب، وزارة شؤون المرأة); not an indefinite adjective
    // with the nisba ending (جائزة سنوية للشعراء "a yearly prize for poets") nor a word
    // that may be a preposition and a noun (مؤتمر لقطاع السياحة "a conference for the tourism
    // sector").
    let mut e = k;
    let chain = |t: usize| {
        let w = doc.norm_of(t);
        t + 1 < end
            && free(t)
            && free(t + 1)
            && crate::text::has_arabic(w)
            && !w.starts_with(['و', 'ل', 'ب', 'ك'])
            && !w.ends_with("يه")
            && !w.ends_with('ي')
            && w.chars().count() >= 4
            && w.chars().all(crate::text::is_letter)
            && definite(t + 1, true)
    };
    if e < end && !definite(e, true) && chain(e) {
        e += 1;
    }
    let first = e;
    while e < end && e - k < MAX_GENITIVE_TOKENS && free(e) && definite(e, e == first) {
        e += 1;
    }
    if e == first {
        return k;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::head_at;
    use crate::text::normalize;

    #[test]
    fn a_head_is_read_after_its_proclitics_but_not_after_the_article() {
        let at = |w: &str| head_at(&normalize(w));
        assert_eq!(at("لجنة"), Some(0));
        assert_eq!(at("بلجنة"), Some("ب".len()));
        assert_eq!(at("للجنة"), Some("ل".len()));
        assert_eq!(at("وبوزارة"), Some("وب".len()));
        assert_eq!(at("اللجنة"), None);
        assert_eq!(at("مركز"), None);
        assert_eq!(at("لجان"), None);
    }
}
