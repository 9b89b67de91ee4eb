//! Sports clubs named by a club noun and their town, as the Maghreb's and the Levant's clubs are
//! ("نجم المتلوي"، "شبيبة القيروان"، "جمعية الحمامات"، "اتحاد بن قردان"، "سبورتينغ المكنين"،
//! "بعث بني خيار"، "نادي ساقية الزيت"): one AGENCY (flat: the town inside is no mention of its
//! own), where the gazetteer reads the town and the tagger, trained on ANERcorp, a person.
//!
//! The head is a noun in the construct state, perhaps after a proclitic (left outside the
//! span), followed by a town:
//! - [`CLUB_HEADS`] (نادي، جمعية، شبيبة ...) name a club anywhere; the town is a gazetteer place
//!   or country ("نادي قطر"), a name the tagger or a pattern found, or two words opening with a
//!   word that begins town names (منزل، بني، سيدي، ساقية ...);
//! - [`SPORT_HEADS`] (بعث، نسر، هلال، اتحاد ...) only in a document about sport, with the same
//!   towns but no country;
//! - after a club noun, in a document about sport, also one word no list knows (a small town:
//!   "شبيبة الشيحية"، "سبورتينغ المكنين") that is no common word, given name or sport word, and
//!   after which the name ends (a function word, punctuation or a known name follows);
//! - [`COMMON_HEADS`], common words that also open clubs' names ("نجم" a star, "أمل" hope,
//!   "شباب" youth, "مستقبل" future), only in a document about sport and before a gazetteer
//!   town of an Arab state or a town opener: "نجم برشلونة" is Barcelona's star.
//!
//! A document is about sport when it holds three words of [`SPORT_WORDS`] or more. The entity
//! is an AGENCY with an id derived from its normalized name.
//!
//! In a document about sport, a city whose club the gazetteer names "نادي" + the city ("نادي
//! تورينو"، "نادي برشلونة") stands for that club ("فاز روما على تورينو"): its mention keeps
//! the city and says the club (`stands_for`, as a capital says its country), unless it is a
//! place there (after a locative word or a prepositional proclitic: "في روما"، "بتورينو", in
//! parentheses, or right after an organisation's name).

use crate::gazetteer::{Gazetteer, Reading};
use crate::model::{EntityType, Via};
use crate::text::TokenKind;

use super::heads::{Held, WordSet};
use super::index::DocIndex;
use super::{Target, Work};

/// Nouns that name a club with a town after them whatever the document is about.
const CLUB_HEADS: &[&str] = &[
    "نادي",
    "جمعية",
    "شبيبة",
    "مكارم",
    "قوافل",
    "سبورتينغ",
    "أولمبيك",
    "مولودية",
    "حسنية",
    "وداد",
];

/// Nouns that name a club with a town after them in a document about sport.
const SPORT_HEADS: &[&str] = &[
    "هلال",
    "نسر",
    "سهم",
    "بعث",
    "اتحاد",
    "كوكب",
    "دفاع",
    "نهضة",
    "اتفاق",
    "ترجي",
];

/// Common words that name a club before an Arab town in a document about sport.
const COMMON_HEADS: &[&str] = &["نجم", "مستقبل", "أمل", "شباب"];

/// The Arab League's member states (ISO 3166-1 alpha-3): the towns [`COMMON_HEADS`] take.
const ARAB_STATES: &[&str] = &[
    "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN",
    "PSE", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM",
];

/// First words of two-word town names ("منزل حر"، "بني خيار"، "سيدي بوزيد").
const TOWN_OPENERS: &[&str] = &[
    "منزل",
    "بني",
    "سيدي",
    "ساقية",
    "حمام",
    "بئر",
    "عين",
    "رأس",
    "برج",
    "وادي",
    "دوار",
    "قصر",
];

/// Words of sports reports.
const SPORT_WORDS: &[&str] = &[
    "مباراة",
    "المباراة",
    "مباريات",
    "الدوري",
    "البطولة",
    "الجولة",
    "هدف",
    "هدفا",
    "أهداف",
    "الترتيب",
    "نقطة",
    "نقاط",
    "تعادل",
    "الفريق",
    "فريق",
    "المدرب",
    "لاعب",
    "اللاعب",
    "الشوط",
    "الملعب",
    "ملعب",
    "الكرة",
    "كرة",
    "الرابطة",
];

/// Words after which a city is the place, not its club: a town, a capital, a ground.
static PLACE_WORD_SET: WordSet = WordSet::new(&[
    "مدينة",
    "المدينة",
    "العاصمة",
    "عاصمة",
    "ولاية",
    "ملعب",
    "الملعب",
    "مركب",
    "المركب",
]);

static CLUB_HEAD_SET: WordSet = WordSet::new(CLUB_HEADS);
static SPORT_HEAD_SET: WordSet = WordSet::new(SPORT_HEADS);
static COMMON_HEAD_SET: WordSet = WordSet::new(COMMON_HEADS);
static TOWN_OPENER_SET: WordSet = WordSet::new(TOWN_OPENERS);
static SPORT_WORD_SET: WordSet = WordSet::new(SPORT_WORDS);

/// A club noun of any list, perhaps after proclitics: their length and the list's index
/// (0 [`CLUB_HEADS`], 1 [`SPORT_HEADS`], 2 [`COMMON_HEADS`]).
pub(super) fn head_at(w: &str) -> Option<(usize, usize)> {
    WordSet::head_in_any(&[&CLUB_HEAD_SET, &SPORT_HEAD_SET, &COMMON_HEAD_SET], w)
}

/// Sport words a document needs to be about sport.
const SPORT_WORDS_NEEDED: usize = 3;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    // Whether the document is about sport, computed on the first sport head.
    let mut sport: Option<bool> = None;
    let mut t = 0usize;
    while t + 1 < doc.len() {
        if work.cover[t] || doc.toks[t].kind != TokenKind::Word {
            t += 1;
            continue;
        }
        let Some((prefix_len, list)) = doc.club_head_at(t) else {
            t += 1;
            continue;
        };
        let head = [Head::Club, Head::Sport, Head::Common][list.min(2)];
        if head != Head::Club && !*sport.get_or_insert_with(|| about_sport(doc)) {
            t += 1;
            continue;
        }
        let end = doc.sentence_end(t);
        let Some(town) = town_after(doc, work, t + 1, end, head, &mut sport) else {
            t += 1;
            continue;
        };
        town.held.release(work);
        work.named_from(doc, t, town.end, prefix_len, EntityType::Agency);
        t = town.end;
    }
    // Cities that may stand for their club: a city with a club ([`club_of_city`]) matched
    // over whole tokens, not a place in its context. The document's
    // topic is read only when there is one.
    let mut clubs: Vec<(usize, u32)> = Vec::new();
    for (mi, m) in doc.matches.iter().enumerate() {
        let Reading::Entity(e, _) = m.reading else {
            continue;
        };
        let Some(club) = club_of_city(doc, e) else {
            continue;
        };
        // After a word for a town or a ground the city is the place ("ملعب حمام الأنف"،
        // "المدينة روما").
        let place_word = m.first_token > 0
            && PLACE_WORD_SET
                .head_at(doc.norm_of(m.first_token - 1))
                .is_some();
        if m.byte_start == doc.toks[m.first_token].byte_start as usize
            && !place_word
            && !super::metonymy::is_place(doc, m.first_token)
            && work.match_stands(mi)
        {
            clubs.push((mi, club));
        }
    }
    if clubs.is_empty() || !*sport.get_or_insert_with(|| about_sport(doc)) {
        return;
    }
    work.out.stands_for.extend(clubs);
}

thread_local! {
    /// Per thread, the clubs of the cities seen so far, for one resolver (its tag).
    static CITY_CLUBS: std::cell::RefCell<(u32, rustc_hash::FxHashMap<u32, Option<u32>>)> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
}

/// The club of a city entity: the one the gazetteer names "نادي" + the city's Arabic name (or,
/// in English, its name + "FC" or "FC" + its name), if the forms that name a club name one.
/// The merge reads it too (a city the tagger reads as an organisation is its club).
pub(crate) fn city_club(g: &Gazetteer, e: u32) -> Option<u32> {
    let row = g.entity(e);
    if row.entity_type != EntityType::Location {
        return None;
    }
    let mut forms = Vec::new();
    if let Some(ar) = &row.ar {
        forms.push(format!("نادي {ar}"));
    }
    if let Some(en) = &row.en {
        forms.push(format!("{en} FC"));
        forms.push(format!("FC {en}"));
    }
    let clubs: Vec<u32> = forms
        .iter()
        .filter_map(|f| match g.whole_name(f) {
            Some(Reading::Entity(c, _))
                if g.entity(c).entity_type == EntityType::Agency
                    && g.entity(c).kind.as_deref() == Some("club") =>
            {
                Some(c)
            }
            _ => None,
        })
        .collect();
    clubs
        .first()
        .copied()
        .filter(|c| clubs.iter().all(|x| x == c))
}

/// [`city_club`], computed once per city and thread.
fn club_of_city(doc: &DocIndex, e: u32) -> Option<u32> {
    if doc.g.entity(e).entity_type != EntityType::Location {
        return None;
    }
    CITY_CLUBS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != doc.r.tag {
            *cache = (doc.r.tag, Default::default());
        }
        *cache.1.entry(e).or_insert_with(|| city_club(doc.g, e))
    })
}

/// Which list a club noun is of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    Club,
    Sport,
    Common,
}

struct Town {
    end: usize,
    held: Held,
}

/// The town right after a club noun at `k - 1` (module docs: what each kind of head takes).
/// `sport`: whether the document is about sport, once read.
fn town_after(
    doc: &DocIndex,
    work: &Work,
    k: usize,
    end: usize,
    head: Head,
    sport: &mut Option<bool>,
) -> Option<Town> {
    if k >= end {
        return None;
    }
    if let Some(mi) = doc.gaz_at[k] {
        let m = &doc.matches[mi];
        let Reading::Entity(e, _) = m.reading else {
            return None;
        };
        let row = doc.g.entity(e);
        let arab = || {
            row.country
                .as_deref()
                .and_then(|c| c.strip_prefix("country:"))
                .is_some_and(|c| ARAB_STATES.contains(&c))
        };
        let ok = match (row.entity_type, head) {
            (EntityType::Location, Head::Common) => arab(),
            (EntityType::Location, _) => true,
            (EntityType::Country, Head::Club) => true,
            _ => false,
        };
        // The match starts the token: no proclitic between the noun and the town.
        let whole = m.byte_start == doc.toks[k].byte_start as usize;
        return (ok && whole && m.end_token <= end).then_some(Town {
            end: m.end_token,
            held: Held::Match(mi),
        });
    }
    // A name the tagger or a pattern found (not after a common word: "نجم تشيلسي").
    if let Some(i) = work.out.mentions.iter().position(|m| m.first_token == k) {
        let m = &work.out.mentions[i];
        let found = head != Head::Common
            && matches!(m.via, Via::Tagger | Via::Pattern)
            && matches!(m.target, Target::Tagged(_) | Target::Found(_))
            && m.byte_start == doc.toks[k].byte_start as usize;
        return (found && m.end_token <= end).then_some(Town {
            end: m.end_token,
            held: Held::Mention(i),
        });
    }
    let word = |t: usize| {
        t < end
            && !work.cover[t]
            && doc.toks[t].kind == TokenKind::Word
            && doc.norm_of(t).chars().all(crate::text::is_letter)
    };
    if word(k) && word(k + 1) && TOWN_OPENER_SET.contains(doc.norm_of(k)) {
        return Some(Town {
            end: k + 2,
            held: Held::Nothing,
        });
    }
    // In a document about sport, a town no gazetteer holds, after a club noun: one word that is
    // no common word, name or sport word ("سبورتينغ المكنين"، "شبيبة الشيحية").
    // The name ends there: what follows is no other word of a name ("نادي نفط الوسط" is not
    // "نادي نفط").
    let ends = k + 1 >= end
        || doc.toks[k + 1].kind != TokenKind::Word
        || doc.norm_of(k + 1).chars().count() <= 2
        || {
            use crate::gazetteer::WordClass as C;
            [C::Stop, C::Locative, C::Between, C::Conjunction, C::Speech]
                .into_iter()
                .any(|c| doc.has_class(k + 1, c))
        }
        || work.cover[k + 1]
        || doc.gaz_cover[k + 1];
    let unknown_town = head == Head::Club
        && ends
        && word(k)
        && doc.norm_of(k).chars().count() >= 3
        && !doc.gaz_cover[k]
        && !doc.has_class(k, crate::gazetteer::WordClass::Stop)
        && !doc.g.is_given_name(doc.norm_of(k))
        && !SPORT_WORD_SET.contains(doc.norm_of(k))
        && *sport.get_or_insert_with(|| about_sport(doc));
    unknown_town.then_some(Town {
        end: k + 1,
        held: Held::Nothing,
    })
}

/// The document holds [`SPORT_WORDS_NEEDED`] sport words or more.
pub(super) fn about_sport(doc: &DocIndex) -> bool {
    (0..doc.len())
        .filter(|&t| doc.toks[t].kind == TokenKind::Word && SPORT_WORD_SET.contains(doc.norm_of(t)))
        .nth(SPORT_WORDS_NEEDED - 1)
        .is_some()
}
