//! Places named after a settlement noun: "معتمدية بئر الحفي"، "مديرية برط"، "محافظة البيضاء"،
//! "قرية العكدة"، "جزيرة سقطرى"، "مخيم اليرموك". The noun in the construct state says the next
//! word is a place's name, which no gazetteer may hold (the districts and villages of the
//! news). The guidelines leave the noun outside the place's span (as [`super::CLASSIFIERS`]
//! says of مدينة، محافظة، ولاية), so the mention is the name alone: one word, or two when the
//! first is one of the words place names start with ("بئر الحفي"، "خان الأحمر"، "تل الزعتر").
//! The entity is a LOCATION with an id derived from its normalized name.
//!
//! Not after a number or a word that counts or compares the noun ("63 جزيرة تتألف منها"، "أول
//! محافظة اكتوت"): the noun is then indefinite, and a verb or an adjective follows it.
//!
//! The word after the noun is not a name when it is:
//! - covered by a mention or gazetteer match, or not [`DocIndex::name_like`] (a function word,
//!   a title);
//! - an indefinite word ending in ة or ى: an adjective agreeing with the noun ("قرية صغيرة"،
//!   "جزيرة معزولة"، "محافظة يمنية"); the names that end so (رمادة) are left to the tagger;
//! - after و، لل or بال ("مخيم للنازحين"، "قرية وأهم"), a given name, or the head of an
//!   organisation ("مديرية أمن"، "مديرية الأمن");
//! - a definite nisba adjective ("المنطقة الإماراتي") or a definite plural in ين ("مخيم
//!   اللاجئين").
//!
//! Not ولاية (a state, but also a term of office: "ولاية ثانية"، "ولاية الفقيه"), منطقة (mostly
//! common nouns after it: منطقة الجزاء، منطقة اليورو), مدينة (its names are in the gazetteer,
//! and "مدينة الملك عبدالله" is a sports city) nor حي.

use crate::model::EntityType;
use crate::text::TokenKind;

use super::heads::WordSet;
use super::index::DocIndex;
use super::Work;

/// Settlement nouns in the construct state.
const HEADS: &[&str] = &[
    "معتمدية",
    "معتمديات",
    "مديرية",
    "محافظة",
    "بلدة",
    "قرية",
    "جزيرة",
    "مخيم",
];

/// Words that begin two-word place names.
const FIRST_WORDS: &[&str] = &[
    "بئر", "بير", "عين", "سيدي", "بني", "أبو", "تل", "دير", "رأس", "جبل", "وادي", "بيت", "خان",
    "كفر", "منزل", "حمام", "مرسى", "قصر", "سوق", "أم", "آل", "ذات", "مرج", "قلعة",
];

/// Words before a noun that make it counted or compared, not a place's name in the construct
/// state: "أول محافظة اكتوت" (the first governorate that ...), "كل قرية".
const COUNTING: &[&str] = &[
    "أول", "آخر", "أكبر", "أصغر", "أهم", "أقدم", "أحدث", "أكثر", "كل", "أي", "عدة", "ثاني", "ثالث",
];

/// Nouns before a place's name besides [`HEADS`], which this pass leaves out for their other
/// senses (see the module docs) and the tagger's merge reads only before a name it tagged.
const OTHER_PLACE_NOUNS: &[&str] = &["ولاية", "مدينة", "مدينتي", "منطقة"];

static COUNTING_SET: WordSet = WordSet::new(COUNTING);
static OTHER_PLACE_NOUN_SET: WordSet = WordSet::new(OTHER_PLACE_NOUNS);

/// Whether normalized token `w` is a place noun ([`HEADS`], [`OTHER_PLACE_NOUNS`]), after its
/// proclitics ("بولاية"): the word after it is a place's name when the tagger reads one there.
pub(crate) fn place_noun(w: &str) -> bool {
    WordSet::head_in_any(&[&HEAD_SET, &OTHER_PLACE_NOUN_SET], w).is_some()
}
static HEAD_SET: WordSet = WordSet::new(HEADS);
static FIRST_SET: WordSet = WordSet::new(FIRST_WORDS);

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let n = doc.len();
    let mut t = 0usize;
    while t + 1 < n {
        if doc.toks[t].kind != TokenKind::Word || !HEAD_SET.ends_one(doc.norm_of(t)) {
            t += 1;
            continue;
        }
        let Some(prefix_len) = HEAD_SET.head_at(doc.norm_of(t)) else {
            t += 1;
            continue;
        };
        if (prefix_len == 0 && t > 0 && counted(doc, t - 1)) || !name_word(doc, work, t + 1, false)
        {
            t += 1;
            continue;
        }
        let k = t + 1;
        let end = doc.sentence_end(t);
        let two =
            k + 1 < end && FIRST_SET.contains(doc.norm_of(k)) && name_word(doc, work, k + 1, true);
        let e = if two { k + 2 } else { k + 1 };
        if !two && FIRST_SET.contains(doc.norm_of(k)) {
            // "جبل" alone after the noun is no name.
            t += 1;
            continue;
        }
        work.named_from(doc, k, e, 0, EntityType::Location);
        t = e;
    }
}

/// Token `t` counts the noun after it: a number ("63 جزيرة تتألف منها") or one of
/// [`COUNTING`].
fn counted(doc: &DocIndex, t: usize) -> bool {
    let w = doc.norm_of(t);
    w.bytes().all(|b| b.is_ascii_digit()) || COUNTING_SET.contains(w)
}

/// Token `k` can be a word of a place's name after a settlement noun (see the module docs);
/// `second`: the word after one of [`FIRST_WORDS`].
fn name_word(doc: &DocIndex, work: &Work, k: usize, second: bool) -> bool {
    if k >= doc.len() || work.cover[k] || !crate::text::has_arabic(doc.norm_of(k)) {
        return false;
    }
    let w = doc.norm_of(k);
    // The first word of a two-word name (بئر، عين) is a common word too.
    if FIRST_SET.contains(w) {
        return doc.toks[k].kind == TokenKind::Word;
    }
    if !doc.name_like(k) {
        return false;
    }
    // The second word of a name after بئر، تل، خان agrees with nothing ("بئر الحفي").
    if second {
        return true;
    }
    let original = doc.original_of(k);
    let definite = w.starts_with("ال");
    if !definite && (original.ends_with('ة') || original.ends_with('ى')) {
        return false;
    }
    if definite && (super::nisba_shaped(w) || w.ends_with("ين")) {
        return false;
    }
    // و، لل or بال before a word ("وأهم"، "للنازحين"، "بالمدينة"); "بالي" is a name.
    let proclitic = (w.starts_with('و') && !FIRST_SET.contains(w))
        || w.starts_with("لل")
        || w.strip_prefix("بال")
            .is_some_and(|rest| rest.chars().count() >= 3);
    !proclitic && doc.body_head_at(k).is_none() && doc.given_name_at(k).is_none()
}

#[cfg(test)]
mod tests {
    use super::{FIRST_SET, FIRST_WORDS, HEAD_SET};
    use crate::text::normalize;

    #[test]
    fn heads_are_read_after_proclitics_and_never_with_the_article() {
        HEAD_SET.assert_reads_each_word();
        let at = |w: &str| HEAD_SET.head_at(&normalize(w));
        assert_eq!(at("معتمدية"), Some(0));
        assert_eq!(at("بمعتمدية"), Some("ب".len()));
        assert_eq!(at("لمعتمدية"), Some("ل".len()));
        assert_eq!(at("المعتمدية"), None);
        for w in FIRST_WORDS {
            assert!(FIRST_SET.contains(&normalize(w)), "{w}");
        }
    }
}
