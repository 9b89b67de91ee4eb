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

use crate::gazetteer::WordClass;
use crate::model::EntityType;
use crate::text::TokenKind;

use super::heads::{named_phrases, WordSet};
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

pub(super) static HEAD_SET: WordSet = WordSet::new(HEADS);
static GENERIC_SET: WordSet = WordSet::new(GENERIC);

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    named_phrases(
        doc,
        work,
        |d, t| d.body_head_at(t),
        EntityType::Agency,
        |work, t| {
            let e = genitive_end(doc, work, t + 1, doc.sentence_end(t));
            // One generic word after the head names no organisation (حركة المرور).
            if e == t + 2 && GENERIC_SET.contains(doc.norm_of(t + 1)) {
                t + 1
            } else {
                e
            }
        },
    );
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
    use super::HEAD_SET;
    use crate::text::normalize;

    #[test]
    fn only_the_listed_indefinite_heads_open_a_name() {
        let at = |w: &str| HEAD_SET.head_at(&normalize(w));
        assert_eq!(at("لجنة"), Some(0));
        assert_eq!(at("وبوزارة"), Some("وب".len()));
        assert_eq!(at("للجنة"), Some("ل".len()));
        // The article makes a bare common noun; مركز is left out of the list.
        assert_eq!(at("اللجنة"), None);
        assert_eq!(at("مركز"), None);
    }
}
