//! Events named by a head noun and what follows it ("كأس العالم 2018"، "القمة العربية"،
//! "المهرجان الدولي للسينما"، "مونديال 2030"، "الحرب العالمية الثانية"): in no gazetteer, they
//! are still named events, and `held-at` needs them as parties ("تقام كأس العالم في قطر").
//!
//! The head is a noun of [`HEADS`], with or without the article, perhaps after a proclitic
//! (لكأس، بالمؤتمر; left outside the span). What follows is the genitive or the adjectives of
//! [`super::bodies`] (words with the article, a construct chain, a nisba: الدوري الإيطالي), then
//! perhaps a year (كأس العالم 2018); a head with none of them is a common noun (القمة "the
//! summit") and no mention, and so is a head whose first word after it is one of [`GENERIC`]
//! (المؤتمر الصحفي "the press conference", القمة المقبلة "the next summit"). The entity is an
//! EVENT with an id derived from its normalized name.

use crate::model::EntityType;

use super::heads::{named_phrases, WordSet};
use super::index::DocIndex;
use super::Work;

/// Head nouns of events' names.
const HEADS: &[&str] = &[
    "كأس",
    "مونديال",
    "المونديال",
    "قمة",
    "القمة",
    "مؤتمر",
    "المؤتمر",
    "مهرجان",
    "المهرجان",
    "منتدى",
    "المنتدى",
    "ملتقى",
    "الملتقى",
    "معرض",
    "المعرض",
    "بطولة",
    "البطولة",
    "دوري",
    "الدوري",
    "أولمبياد",
    "الأولمبياد",
    "جائزة",
    "مسابقة",
    "حرب",
    "الحرب",
];

/// Words that, right after the head or later, describe this occurrence rather than name the
/// event: the name ends before them.
const GENERIC: &[&str] = &[
    "الصحفي",
    "الصحافي",
    "الصحفية",
    "الصحافية",
    "المقبل",
    "المقبلة",
    "القادم",
    "القادمة",
    "الماضي",
    "الماضية",
    "الأخير",
    "الأخيرة",
    "الحالي",
    "الحالية",
    "السابق",
    "السابقة",
    "المذكور",
    "المذكورة",
    "المرتقب",
    "المرتقبة",
    "نفسه",
    "نفسها",
    "الدائر",
    "الدائرة",
    "السنوي",
    "السنوية",
];

pub(super) static HEAD_SET: WordSet = WordSet::new(HEADS);
static GENERIC_SET: WordSet = WordSet::new(GENERIC);

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    named_phrases(
        doc,
        work,
        |d, t| d.event_head_at(t),
        EntityType::Event,
        |work, t| {
            let end = doc.sentence_end(t);
            let mut e = super::bodies::genitive_end(doc, work, t + 1, end);
            // The name ends before a word of this occurrence (القمة العربية المقبلة).
            if let Some(g) = (t + 1..e).find(|&x| GENERIC_SET.contains(doc.norm_of(x))) {
                e = g;
            }
            if e < end && !work.cover[e] && is_year(doc.norm_of(e)) {
                e += 1;
            }
            e
        },
    );
}

/// A year of the last two centuries (1900–2099) written in digits.
fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{is_year, HEAD_SET};
    use crate::text::normalize;

    #[test]
    fn a_head_is_read_after_its_proclitics_with_its_article() {
        let at = |w: &str| HEAD_SET.head_at(&normalize(w));
        assert_eq!(at("كأس"), Some(0));
        assert_eq!(at("لكأس"), Some("ل".len()));
        assert_eq!(at("المؤتمر"), Some(0));
        assert_eq!(at("بالمؤتمر"), Some("ب".len()));
        assert_eq!(at("وبالمؤتمر"), Some("وب".len()));
        assert_eq!(at("للمؤتمر"), Some(0));
        assert_eq!(at("مؤتمرات"), None);
        assert_eq!(at("سيمؤتمر"), None);
    }

    #[test]
    fn years_are_four_digits_of_the_last_two_centuries() {
        assert!(is_year("2018"));
        assert!(is_year("1990"));
        assert!(!is_year("218"));
        assert!(!is_year("3018"));
        assert!(!is_year("20a8"));
    }
}
