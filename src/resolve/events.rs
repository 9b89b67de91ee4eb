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
//!
//! An indefinite head (the construct state) also names an event by a gazetteer place, perhaps
//! after one plain word and before a year: "قمة القدس"، "حرب غزة"، "مونديال روسيا 2018"،
//! "دوري أبطال أوروبا"، "كأس أمم أفريقيا". A place right after the head keeps its own
//! mention, nested in the event's ("بكين" in "أولمبياد بكين 2008": where or about what the
//! event is); a place after the plain word qualifies that word and is no mention (flat).
//! A country names an event only after a sports head ([`SPORT_HEADS`]: "مونديال روسيا"): after
//! "حرب" or "قمة" it is more often a party ("حرب روسيا على أوكرانيا").

use crate::gazetteer::{Reading, WordClass};
use crate::model::EntityType;
use crate::text::TokenKind;

use super::heads::{named_phrases, Held, WordSet};
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
    // "البطولة للمرة الثالثة" (the title for the third time).
    "للمرة",
];

/// Prepositions of three letters or more (normalized): "حرب على غزة" is no event named "حرب
/// على غزة" (the shorter ones are left out by their length).
static PREPOSITIONS: WordSet = WordSet::new(&[
    "على", "إلى", "الى", "ضد", "حول", "لدى", "عبر", "نحو", "داخل", "خارج", "قرب", "بعد", "قبل",
    "منذ", "حتى", "عند", "ضمن", "تجاه", "بين", "دون", "خلال", "أمام", "وسط", "مثل",
]);

/// Heads of sports events, which a country may name ("مونديال روسيا"، "بطولة فرنسا").
const SPORT_HEADS: &[&str] = &["كأس", "مونديال", "بطولة", "دوري", "أولمبياد"];

pub(super) static HEAD_SET: WordSet = WordSet::new(HEADS);
/// The "-teen" word of those ordinals.
static TEN_SET: WordSet = WordSet::new(&["عشر", "عشرة"]);
static GENERIC_SET: WordSet = WordSet::new(GENERIC);

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    by_place(doc, work);
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
            // An ordinal of eleven to nineteen ends with عشر, which has no article ("المؤتمر
            // العالمي الثالث عشر"، "الدورة الحادية عشرة").
            if e > t + 1
                && e < end
                && !work.cover[e]
                && super::bodies::ORDINAL_SET.contains(doc.norm_of(e - 1))
                && TEN_SET.contains(doc.norm_of(e))
            {
                e += 1;
            }
            if e < end && !work.cover[e] && is_year(doc.norm_of(e)) {
                e += 1;
            }
            if !names_a_war(doc, t, e) {
                return t + 1;
            }
            e
        },
    );
}

/// Adjectives that name a war alone: the world wars (with an ordinal), the Cold War, the
/// Great Patriotic War.
static WAR_NAMING: WordSet = WordSet::new(&["العالمية", "الباردة", "الكونية", "العظمى"]);

/// Whether the phrase `t..e` is a named war, when its head is "الحرب": a kind of war alone
/// ("الحرب الأهلية" the civil war, "الحرب التجارية" the trade war) is a common noun phrase;
/// it names a war with a place, a country or its adjective ("الحرب الأهلية اللبنانية"،
/// "الحرب الأمريكية على العراق") or an adjective that names one ("الحرب العالمية الثانية"،
/// "الحرب الباردة"). Any other head names as before.
fn names_a_war(doc: &DocIndex, t: usize, e: usize) -> bool {
    let head = doc
        .event_head_at(t)
        .map_or("", |p| doc.norm_of(t).get(p..).unwrap_or(""));
    if head != "الحرب" {
        return true;
    }
    (t + 1..e).any(|x| {
        WAR_NAMING.contains(doc.norm_of(x))
            || doc
                .gaz_at
                .get(x)
                .copied()
                .flatten()
                .is_some_and(|i| match doc.matches[i].reading {
                    Reading::Adjective(_) => true,
                    Reading::Entity(a, _) => matches!(
                        doc.entity_type(a),
                        EntityType::Country | EntityType::Location
                    ),
                    Reading::Ambiguous(_) => false,
                })
    })
}

/// Events an indefinite head names by a place (module docs).
fn by_place(doc: &DocIndex, work: &mut Work) {
    let mut t = 0usize;
    while t + 1 < doc.len() {
        if work.cover[t] || doc.toks[t].kind != TokenKind::Word {
            t += 1;
            continue;
        }
        let Some(prefix_len) = doc.event_head_at(t) else {
            t += 1;
            continue;
        };
        let head = doc.norm_of(t).get(prefix_len..).unwrap_or_default();
        if head.starts_with("ال") {
            t += 1;
            continue;
        }
        let sport = SPORT_HEADS.contains(&head);
        let end = doc.sentence_end(t);
        let Some((mut e, mi)) = place_after(doc, work, t + 1, end, sport) else {
            t += 1;
            continue;
        };
        if e < end && !work.cover[e] && is_year(doc.norm_of(e)) {
            e += 1;
        }
        // The place right after the head keeps its mention inside the event's (the output
        // nests them; the rules read the event, which starts first): "قمة القدس" names
        // Jerusalem, "أولمبياد بكين" Beijing. After a plain word the place qualifies that word,
        // not the event ("دوري أبطال أوروبا", Europe's champions), and is no mention.
        if doc.matches[mi].first_token != t + 1 {
            Held::Match(mi).release(work);
        }
        work.named_from(doc, t, e, prefix_len, EntityType::Event);
        t = e;
    }
}

/// The gazetteer place at `k` (a country too after a sports head), or at `k + 1` after one
/// plain word (no article, no function word, no name: "أبطال"، "أمم"): its end and match.
fn place_after(
    doc: &DocIndex,
    work: &Work,
    k: usize,
    end: usize,
    sport: bool,
) -> Option<(usize, usize)> {
    let place_at = |k: usize| -> Option<(usize, usize)> {
        if k >= end {
            return None;
        }
        let mi = doc.gaz_at[k]?;
        let m = &doc.matches[mi];
        let Reading::Entity(e, _) = m.reading else {
            return None;
        };
        let ok = match doc.g.entity(e).entity_type {
            EntityType::Location => true,
            EntityType::Country => sport,
            _ => false,
        };
        // The match starts the token: no proclitic between the head and the place.
        let whole = m.byte_start == doc.toks[k].byte_start as usize;
        (ok && whole && m.end_token <= end).then_some((m.end_token, mi))
    };
    place_at(k).or_else(|| {
        let plain = k + 1 < end
            && !work.cover[k]
            && !doc.gaz_cover[k]
            && doc.toks[k].kind == TokenKind::Word
            && !doc.norm_of(k).starts_with("ال")
            && doc.norm_of(k).chars().count() >= 3
            && !PREPOSITIONS.contains(doc.norm_of(k))
            && ![
                WordClass::Locative,
                WordClass::Between,
                WordClass::Conjunction,
            ]
            .into_iter()
            .any(|c| doc.has_class(k, c))
            && !is_year(doc.norm_of(k));
        if plain {
            place_at(k + 1)
        } else {
            None
        }
    })
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
