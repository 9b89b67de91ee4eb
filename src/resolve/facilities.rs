//! Named facilities: a facility noun in the construct state and the name after it ("مطار رواسي
//! شارل ديغول"، "ملعب بن قردان"، "ملعب 4 جانفي"، "مطار أبو الضهور العسكري"). The guidelines
//! annotate the whole phrase as one LOCATION (flat: no person inside), where the tagger, which
//! learned from ANERcorp, reads the name after the noun as a person.
//!
//! The head is a noun of [`HEADS`] without the article, perhaps after a proclitic (left outside
//! the span). What follows is one of:
//! - a day and a month (a date naming a stadium or a square: ملعب 4 جانفي، 17 ديسمبر);
//! - a name the tagger or a pattern found (not a gazetteer entity), perhaps after one word of
//!   the name the tagger left out ("رواسي" before "شارل ديغول"): that mention is replaced by the
//!   facility's;
//! - a particle of a name and the word after it (أبو الضهور، ابن سينا);
//! - one of [`HONORIFICS`] and a person's name, found by the tagger, a pattern or the gazetteer
//!   ("مطار الملك خالد"، "استاد الأمير فيصل بن فهد"، "ملعب الملك فهد"): the person's mention or
//!   match is replaced by the facility's, as the guidelines' flat spans ask ("جامعة الملك
//!   سعود" is one name, no person inside);
//! - with the word list of the tagger's model at hand ([`DocIndex::frequent`]), one or two
//!   words no list knows whose forms are no common word's ("ملعب ويمبلي"، "مطار أورلي"،
//!   "ملعب كامب نو"; [`unknown_name_word`]);
//!
//! then perhaps one of [`TRAILING`] (الدولي، العسكري). A facility noun before a gazetteer
//! name (مطار دمشق الدولي، مطار كوبينكا) is left as it is: the place keeps its mention (the seed
//! article's "ومطار كوبينكا" must give Kubinka). The entity is a LOCATION with an id derived
//! from its normalized name.

use crate::gazetteer::{Reading, WordClass};
use crate::model::{EntityType, Via};
use crate::text::clitics::{Grammar, SplitList};
use crate::text::TokenKind;

use super::heads::{Held, WordSet};
use super::index::DocIndex;
use super::{Target, Work};

/// Facility nouns in the construct state.
/// Not سجن ("prison", but also "imprisonment" and "was jailed": سجن X is often X jailed) nor
/// قصر (a palace, but also the first word of towns: قصر هلال).
const HEADS: &[&str] = &[
    "مطار",
    "ملعب",
    "استاد",
    "ستاد",
    "جسر",
    "ميناء",
    "مرفأ",
    "معسكر",
    "مستشفى",
];

/// Adjectives that end a facility's name.
const TRAILING: &[&str] = &[
    "الدولي",
    "العسكري",
    "الأولمبي",
    "البلدي",
    "التخصصي",
    "الجامعي",
];

/// The titles of the people facilities are named after, before the person's name.
const HONORIFICS: &[&str] = &[
    "الملك",
    "الملكة",
    "الأمير",
    "الأميرة",
    "الشيخ",
    "الشيخة",
    "السلطان",
    "الإمام",
    "الشهيد",
    "الرئيس",
    "الزعيم",
    "المجاهد",
];

/// Month names (the Maghreb's and the Levant's and Egypt's) after a day number.
const MONTHS: &[&str] = &[
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "يناير",
    "فبراير",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
];

static HEAD_SET: WordSet = WordSet::new(HEADS);
static TRAILING_SET: WordSet = WordSet::new(TRAILING);
static MONTH_SET: WordSet = WordSet::new(MONTHS);
static HONORIFIC_SET: WordSet = WordSet::new(HONORIFICS);

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let mut t = 0usize;
    while t < doc.len() {
        if work.cover[t]
            || doc.toks[t].kind != TokenKind::Word
            || !HEAD_SET.ends_one(doc.norm_of(t))
        {
            t += 1;
            continue;
        }
        let Some(prefix_len) = HEAD_SET.head_at(doc.norm_of(t)) else {
            t += 1;
            continue;
        };
        let end = doc.sentence_end(t);
        let Some((mut e, held)) = name_after(doc, work, t + 1, end) else {
            t += 1;
            continue;
        };
        if e < end && !work.cover[e] && TRAILING_SET.contains(doc.norm_of(e)) {
            e += 1;
        }
        held.release(work);
        work.named_from(doc, t, e, prefix_len, EntityType::Location);
        // A title inside the facility's name ("مطار الملك خالد") holds no office: the
        // titles pass's position and apposition of the person it named there go too.
        let (a, b) = (
            doc.toks[t].byte_start as usize,
            doc.toks[e - 1].byte_end as usize,
        );
        work.out
            .positions
            .retain(|p| !(a <= p.title_bytes.0 && p.title_bytes.1 <= b));
        work.out
            .appositions
            .retain(|x| !(t <= x.first && x.end <= e));
        t = e;
    }
}

/// The end of the name that starts at token `k`, and what held its tokens before.
fn name_after(doc: &DocIndex, work: &Work, k: usize, end: usize) -> Option<(usize, Held)> {
    if k + 1 < end
        && !work.cover[k]
        && !work.cover[k + 1]
        && is_day(doc.norm_of(k))
        && MONTH_SET.contains(doc.norm_of(k + 1))
    {
        return Some((k + 2, Held::Nothing));
    }
    // A particle of a name and the word after it: "مطار أبو الضهور"، "مستشفى ابن سينا" (a
    // kunya or a descent names the place; the names pattern does not read them alone).
    if k + 1 < end
        && !work.cover[k]
        && !work.cover[k + 1]
        && doc.g.is_word(WordClass::Particle, doc.norm_of(k))
        && doc.name_like(k + 1)
    {
        return Some((k + 2, Held::Nothing));
    }
    // A name found by the tagger or a pattern at k, or at k + 1 after one free word that may
    // be part of the name (no article, no function word).
    let mention_at = |s: usize| {
        work.out.mentions.iter().position(|m| {
            m.first_token == s
                && matches!(m.via, Via::Tagger | Via::Pattern)
                && matches!(m.target, Target::Tagged(_) | Target::Found(_))
        })
    };
    if let Some(i) = mention_at(k) {
        return Some((work.out.mentions[i].end_token, Held::Mention(i)));
    }
    // A title and a person's name: the tagger's or a pattern's name after the title, or the
    // gazetteer's person with the title in its alias or after it.
    if k + 1 < end && HONORIFIC_SET.contains(doc.norm_of(k)) {
        let person_match = |s: usize| {
            doc.gaz_at[s].filter(|&mi| {
                matches!(doc.matches[mi].reading, Reading::Entity(e, _)
                    if doc.entity_type(e) == EntityType::Person)
                    && work.match_stands(mi)
            })
        };
        if let Some(mi) = person_match(k).or_else(|| person_match(k + 1)) {
            return Some((doc.matches[mi].end_token, Held::Match(mi)));
        }
        if !work.cover[k] {
            if let Some(i) = mention_at(k + 1) {
                return Some((work.out.mentions[i].end_token, Held::Mention(i)));
            }
        }
    }
    if k + 1 < end
        && !work.cover[k]
        && doc.name_like(k)
        && !doc.norm_of(k).starts_with("ال")
        && crate::text::has_arabic(doc.norm_of(k))
    {
        if let Some(i) = mention_at(k + 1) {
            return Some((work.out.mentions[i].end_token, Held::Mention(i)));
        }
    }
    // One or two words no list knows, where the model's word list says they are no common
    // word's forms.
    if let Some(frequent) = doc.frequent {
        if unknown_name_word(doc, work, frequent, k) {
            let two = k + 1 < end
                && !work.cover[k + 1]
                && (NAME_ENDS.contains(&doc.norm_of(k + 1))
                    || unknown_name_word(doc, work, frequent, k + 1));
            return Some((if two { k + 2 } else { k + 1 }, Held::Nothing));
        }
    }
    None
}

/// Words that end the name of a stadium after an unknown word ("روستوف أرينا"، "ستامفورد
/// بريدج"، "كامب نو"), normalized: news writes them often, so they are not unknown words
/// themselves.
const NAME_ENDS: &[&str] = &["ارينا", "بارك", "بريدج", "نو"];

/// Token `t` is an Arabic word that no list knows (no gazetteer name, title, function or
/// common word; no article) and that is no form of a word news writes often: neither it with
/// the article, nor its feminine, nor (after an accusative ending) its stem with the article
/// is frequent ("تدريبي"، "ميداني"، "إقليمي"، "عسكريا" are adjectives: "التدريبي" is a word
/// news writes; "ويمبلي" has no "الويمبلي"), and it is no proclitic before a frequent word
/// ("ومدينة"، "باليونان"، "كهذا"). A foreign name ends in no attached pronoun ("مباراته"،
/// "وزينتها": ه, ها or هم as written), opens with no present-tense "يت" ("يتسع"), and a word
/// ending in ة is a name only if news does not write it often ("مطار معيتيقة", not "مستشفى
/// مراعاة"). Three letters or more; not another facility noun.
fn unknown_name_word(
    doc: &DocIndex,
    work: &Work,
    frequent: &dyn Fn(&str) -> bool,
    t: usize,
) -> bool {
    let w = doc.norm_of(t);
    let written = doc.original_of(t);
    if work.cover[t]
        || !doc.name_like(t)
        || !crate::text::has_arabic(w)
        || w.starts_with("ال")
        || w.starts_with("لل")
        || w.starts_with("يت")
        || w.chars().count() < 3
        || HEAD_SET.contains(w)
        || written.ends_with('ه')
        || written.ends_with("ها")
        || written.ends_with("هم")
        || (written.ends_with('ة') && frequent(w))
    {
        return false;
    }
    let definite = |x: &str| frequent(&format!("ال{x}"));
    let feminine = |x: &str| frequent(&format!("{x}ه")) || frequent(&format!("ال{x}ه"));
    if definite(w) || feminine(w) {
        return false;
    }
    if let Some(stem) = w.strip_suffix('ا') {
        if definite(stem) || feminine(stem) {
            return false;
        }
    }
    let after_proclitic = SplitList::of(w, Grammar::PLAIN)
        .iter()
        .any(|s| s.len > 0 && (frequent(s.stem) || s.stem.starts_with("ال")));
    !after_proclitic
}

/// A day of the month written in digits (1 to 31).
fn is_day(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 2
        && w.bytes().all(|b| b.is_ascii_digit())
        && w.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::{is_day, HEAD_SET, HONORIFIC_SET, TRAILING_SET};
    use crate::text::normalize;

    #[test]
    fn heads_are_read_after_proclitics_and_never_with_the_article() {
        HEAD_SET.assert_reads_each_word();
        let at = |w: &str| HEAD_SET.head_at(&normalize(w));
        assert_eq!(at("مطار"), Some(0));
        assert_eq!(at("بمطار"), Some("ب".len()));
        assert_eq!(at("وملعب"), Some("و".len()));
        assert_eq!(at("المطار"), None);
        assert_eq!(at("مطارات"), None);
    }

    #[test]
    fn the_lists_are_read_as_written() {
        HONORIFIC_SET.assert_reads_each_word();
        TRAILING_SET.assert_reads_each_word();
    }

    #[test]
    fn days_are_one_to_thirty_one() {
        assert!(is_day("4"));
        assert!(is_day("17"));
        assert!(!is_day("0"));
        assert!(!is_day("32"));
        assert!(!is_day("2018"));
        assert!(!is_day(""));
    }
}
