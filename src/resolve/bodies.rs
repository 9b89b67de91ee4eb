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
//!
//! A second pass ([`run_described`]) takes the organisations named by a head noun with the
//! article and an adjective that forms names ("المحكمة العليا"، "الحماية المدنية"، "الجامعة
//! العربية"), perhaps with a nationality adjective ("الصندوق القومي الفلسطيني") and a genitive
//! with ل ("الهيئة الوطنية للاتصالات"، "الاتحاد الدولي للسباحة"، "الاتحاد الوطني لكرة القدم").
//! A head with the article alone is a bare common noun, and with any other adjective it is a
//! description (اللجنة المختصة "the competent committee", المحكمة الإسرائيلية "an Israeli
//! court"); the adjectives of [`NAME_ADJECTIVES`] are the ones news names institutions with.
//! A nationality adjective (a demonym of the gazetteer) forms a name too, but only with a
//! genitive with ل after it ("الاتحاد الأمريكي للحريات المدنية"، "الشركة السعودية للكهرباء",
//! where the country's name shaped like its adjective gives way), and only after the heads of
//! [`NATIONAL_HEAD_SET`]. After a verbal noun whose object takes ل ("دعم الهيئة الوطنية
//! للمبادرة") the ل-phrase is that object, never the name's genitive.

use crate::gazetteer::WordClass;
use crate::model::{EntityType, Via};
use crate::text::TokenKind;

use super::heads::{named_phrases, WordSet};
use super::index::DocIndex;
use super::{Target, Work};

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
    "فيلق",
    "كتائب",
    "سرايا",
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

/// Head nouns that name an organisation with a town or region after them: the police, the
/// council, the court, the university, the parliament, the government or the unit of a place
/// ("شرطة نيويورك"، "بلدية صفاقس"، "جامعة القاهرة"، "برلمان طبرق"، "حكومة طرابلس"، "فيلق
/// الشام").
/// Head nouns that name an organisation with a town or region and a genitive with ل after
/// them, as the Gulf's authorities and foundations are named ("هيئة الشارقة للكتاب"، "مؤسسة
/// دبي للإعلام"، "دائرة أبوظبي للسياحة"); without the genitive the phrase is no name.
static LAM_PLACE_HEAD_SET: WordSet = WordSet::new(&["هيئة", "مؤسسة", "دائرة", "سلطة"]);

static PLACE_HEAD_SET: WordSet = WordSet::new(&[
    "شرطة",
    "بلدية",
    "جامعة",
    "برلمان",
    "حكومة",
    "مجلس",
    "محكمة",
    "فيلق",
    "كتائب",
    "سرايا",
]);

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    by_place(doc, work);
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

/// Whether a normalized word is an indefinite head noun that names an organisation with a
/// town after it ([`PLACE_HEAD_SET`], [`LAM_PLACE_HEAD_SET`]), perhaps after a proclitic.
pub(crate) fn place_head(word: &str) -> bool {
    PLACE_HEAD_SET.head_at(word).is_some() || LAM_PLACE_HEAD_SET.head_at(word).is_some()
}

/// Organisations named by an indefinite head of [`PLACE_HEAD_SET`] and the gazetteer town or
/// region right after it (no proclitic on it; not a country, whose bodies the gazetteer
/// names: "حكومة العراق"; "بلدية صفاقس"), or by a head of [`LAM_PLACE_HEAD_SET`], the place
/// and a genitive with ل ("هيئة الشارقة للكتاب"). One AGENCY, with no mention of the place inside (the guidelines'
/// flat rule), as events named by their place.
fn by_place(doc: &DocIndex, work: &mut Work) {
    let mut t = 0usize;
    while t + 1 < doc.len() {
        // A place must start right after it (checked first: most words are no head).
        if doc.toks[t].kind != TokenKind::Word || doc.gaz_at[t + 1].is_none() {
            t += 1;
            continue;
        }
        // The head is free, or only an ambiguous gazetteer form of its own ("جامعة" is also
        // the Algerian town Djamaa), which the organisation's name then takes.
        let ambiguous_head = doc.gaz_at[t].filter(|&mi| {
            let m = &doc.matches[mi];
            matches!(m.reading, crate::gazetteer::Reading::Ambiguous(_)) && m.end_token == t + 1
        });
        let free = !work.cover[t]
            || (ambiguous_head.is_some()
                && !work
                    .out
                    .mentions
                    .iter()
                    .any(|m| m.first_token <= t && t < m.end_token));
        if !free {
            t += 1;
            continue;
        }
        // A head of [`LAM_PLACE_HEAD_SET`] names an organisation only with a genitive with
        // ل after the place ("هيئة الشارقة للكتاب").
        let (prefix_len, needs_lam) = match PLACE_HEAD_SET.head_at(doc.norm_of(t)) {
            Some(p) => (p, false),
            None => match LAM_PLACE_HEAD_SET.head_at(doc.norm_of(t)) {
                Some(p) => (p, true),
                None => {
                    t += 1;
                    continue;
                }
            },
        };
        let end = doc.sentence_end(t);
        let place = doc.gaz_at[t + 1].filter(|_| t + 1 < end).and_then(|mi| {
            let m = &doc.matches[mi];
            let crate::gazetteer::Reading::Entity(e, _) = m.reading else {
                return None;
            };
            let town = doc.g.entity(e).entity_type == EntityType::Location;
            let whole = m.byte_start == doc.toks[t + 1].byte_start as usize;
            (town && whole && m.end_token <= end).then_some((mi, m.end_token))
        });
        let Some((mi, mut e)) = place else {
            t += 1;
            continue;
        };
        // The genitive with ل after the place ("للكتاب"، "للثقافة والفنون") is the name's,
        // for the heads that need one.
        // A free word of `x` that opens with `prefix` (ل or و and the article) and has a word
        // after it.
        let opens = |x: usize, prefix: &str| {
            x < end
                && !work.cover[x]
                && doc.toks[x].kind == TokenKind::Word
                && doc
                    .norm_of(x)
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.chars().count() > 1)
        };
        let lam_article = |x: usize| opens(x, "لل");
        let and_article = |x: usize| opens(x, "وال");
        // (Only after those heads: after the others, ل is most often a preposition, "شرطة
        // لندن للصحفيين" "London police told journalists".)
        if needs_lam {
            if !lam_article(e) {
                t += 1;
                continue;
            }
            e += 1;
            while and_article(e) {
                e += 1;
            }
        }
        super::heads::Held::Match(mi).release(work);
        if let Some(head) = ambiguous_head {
            super::heads::Held::Match(head).release(work);
        }
        work.named_from(doc, t, e, prefix_len, EntityType::Agency);
        t = e;
    }
}

/// Head nouns that, with the article, name an organisation when an adjective of
/// [`NAME_ADJECTIVES`] follows. Not الحكومة (the government of a state is in the bodies
/// gazetteer: "الحكومة المركزية" is a description), القوات (joint or international forces
/// are not one body), الوزارة (a ministry is named by its genitive) nor المنتدى (a forum is
/// an event: the events pass names it).
const DEFINITE_HEADS: &[&str] = &[
    "الهيئة",
    "المجلس",
    "الاتحاد",
    "اللجنة",
    "المنظمة",
    "الجمعية",
    "النقابة",
    "الجبهة",
    "التحالف",
    "الائتلاف",
    "المحكمة",
    "الجامعة",
    "المؤسسة",
    "الصندوق",
    "النادي",
    "المعهد",
    "المفوضية",
    "الرابطة",
    "المرصد",
    "الحزب",
    "الحركة",
    "الكتلة",
    "المركز",
    "الشركة",
    "الوكالة",
    "البنك",
    "المصرف",
    "المجموعة",
    "الشرطة",
    "الحماية",
    "النيابة",
    "الديوان",
    "الإدارة",
    "المديرية",
    "السلطة",
    "الغرفة",
    "المكتب",
    "الأكاديمية",
];

/// Adjectives that make a definite head an institution's name (both genders), alone or with
/// more words: supreme, civil, royal, federal, Islamic, Arab, European, African, Olympic,
/// constitutional, transitional, presidential, constituent, legislative ("المحكمة العليا"،
/// "الحماية المدنية"، "الجامعة العربية"، "المجلس الرئاسي").
const NAME_ADJECTIVES: &[&str] = &[
    "الأعلى",
    "العليا",
    "الملكي",
    "الملكية",
    "الاتحادي",
    "الاتحادية",
    "الفدرالي",
    "الفدرالية",
    "الفيدرالي",
    "الفيدرالية",
    "الإسلامي",
    "الإسلامية",
    "العربي",
    "العربية",
    "الأوروبي",
    "الأوروبية",
    "الأوربي",
    "الأوربية",
    "الإفريقي",
    "الإفريقية",
    "الأفريقي",
    "الأفريقية",
    "المدني",
    "المدنية",
    "الأولمبي",
    "الأولمبية",
    "الدستوري",
    "الدستورية",
    "الانتقالي",
    "الانتقالية",
    "الرئاسي",
    "الرئاسية",
    "التأسيسي",
    "التأسيسية",
    "التشريعي",
    "التشريعية",
];

/// Adjectives that make a definite head a name only with more words after them, a nationality
/// adjective or a genitive ("الصندوق القومي الفلسطيني"، "الهيئة الوطنية للاتصالات"): national,
/// international, world, general, independent, popular, central, regional. Alone they describe
/// ("المكتب الجهوي" "the regional office", "الإدارة المركزية", "المجلس الوطني" of some party).
const QUALIFIED_ADJECTIVES: &[&str] = &[
    "الوطني",
    "الوطنية",
    "الدولي",
    "الدولية",
    "العالمي",
    "العالمية",
    "العام",
    "العامة",
    "المستقل",
    "المستقلة",
    "القومي",
    "القومية",
    "الشعبي",
    "الشعبية",
    "المركزي",
    "المركزية",
    "الجهوي",
    "الجهوية",
];

/// Head and adjective with nothing after them that most often refer back to a body named
/// before ("المنظمة الدولية" for the United Nations): an anaphor, not a name.
const ANAPHORIC: &[&str] = &["المنظمة الدولية", "المنظمة الأممية", "الهيئة الأممية"];

/// Words with the article that end a described name: days, and the words that date a
/// sentence ("اللجنة الوطنية للانتخابات الثلاثاء", "... اليوم").
const TEMPORAL: &[&str] = &[
    "السبت",
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "اليوم",
    "الماضي",
    "الماضية",
    "المقبل",
    "المقبلة",
    "الجاري",
    "الجارية",
    "الحالي",
    "الحالية",
];

/// Ordinals, shaped like nationality adjectives but never one ("المجموعة الوطنية الأولى" is a
/// league's division), masculine and feminine; the units of eleven to nineteen too (الحادي
/// عشر، الثالثة عشرة: events read them before عشر).
const ORDINALS: &[&str] = &[
    "الأول",
    "الأولى",
    "الحادي",
    "الحادية",
    "الثاني",
    "الثانية",
    "الثالث",
    "الثالثة",
    "الرابع",
    "الرابعة",
    "الخامس",
    "الخامسة",
    "السادس",
    "السادسة",
    "السابع",
    "السابعة",
    "الثامن",
    "الثامنة",
    "التاسع",
    "التاسعة",
];

/// Most adjectives after the head (the name-forming one and nationality adjectives).
const MAX_ADJECTIVES: usize = 3;

static DEFINITE_HEAD_SET: WordSet = WordSet::new(DEFINITE_HEADS);
static NAME_ADJECTIVE_SET: WordSet = WordSet::new(NAME_ADJECTIVES);
static QUALIFIED_ADJECTIVE_SET: WordSet = WordSet::new(QUALIFIED_ADJECTIVES);
static ANAPHORIC_SET: WordSet = WordSet::new(ANAPHORIC);
static TEMPORAL_SET: WordSet = WordSet::new(TEMPORAL);
pub(super) static ORDINAL_SET: WordSet = WordSet::new(ORDINALS);

/// Organisations named by a head with the article and a name-forming adjective (module docs).
///
/// Head and adjectives alone, after a longer name of the document that starts with them
/// ("الجمعية الدولية" after "الجمعية الدولية للمدن الفرنكوفونية"), refer back to it: a mention
/// by coreference, not a new organisation.
pub(super) fn run_described(doc: &DocIndex, work: &mut Work) {
    // The document's described names with a genitive so far: (head and adjectives, normalized,
    // the article in place of ل + article; the entity).
    let mut named: Vec<(String, Target)> = Vec::new();
    let mut t = 0usize;
    while t + 1 < doc.len() {
        // The adjective first: it is rarer than the heads, and a whole word.
        let a = t + 1;
        let adjective = doc.norm_of(a);
        // A country's name shaped like its adjective, right after a head with the article,
        // is the adjective ("الشركة السعودية للكهرباء"): its match gives way to the name.
        let country_adjective = country_adjective(doc, a);
        if !adjective.starts_with("ال")
            || work.cover[t]
            || doc.toks[t].kind != TokenKind::Word
            || !(free_word(doc, work, a) || country_adjective.is_some())
        {
            t += 1;
            continue;
        }
        // A nationality adjective (a demonym of the gazetteer) forms a name only with a genitive
        // after it (checked below):
        // "الاتحاد الأمريكي للحريات المدنية"، "الجمعية المصرية لحماية المستهلك"; alone it
        // describes ("الاتحاد الأمريكي" "the American federation").
        let national =
            !name_adjective(adjective) && (demonym(doc, a) || country_adjective.is_some());
        if !name_adjective(adjective) && !national {
            t += 1;
            continue;
        }
        let head_set = if national {
            &NATIONAL_HEAD_SET
        } else {
            &DEFINITE_HEAD_SET
        };
        let Some(prefix_len) = head_set.head_at(doc.norm_of(t)) else {
            t += 1;
            continue;
        };
        // After an event's head the phrase is the event's name (بطولة المجموعة الوطنية), which
        // the events pass takes whole.
        if t > 0 && doc.event_head_at(t - 1).is_some() {
            t += 1;
            continue;
        }
        let end = doc.sentence_end(t);
        let mut e = a + 1;
        // More adjectives: name-forming or nationality (الصندوق القومي الفلسطيني).
        while e < end
            && e - a < MAX_ADJECTIVES
            && free_word(doc, work, e)
            && !TEMPORAL_SET.contains(doc.norm_of(e))
            && !ORDINAL_SET.contains(doc.norm_of(e))
            && (name_adjective(doc.norm_of(e)) || nisba(doc, e))
        {
            e += 1;
        }
        let head = &doc.norm_of(t)[prefix_len..];
        let mut key = match head.strip_prefix("لل") {
            Some(rest) => format!("ال{rest}"),
            None => head.to_string(),
        };
        for k in a..e {
            key.push(' ');
            key.push_str(doc.norm_of(k));
        }
        // The ل after a verbal noun's subject is its object's ("تأييد الهيئة الوطنية
        // للمبادرة" "the commission's support for the initiative"), not the name's.
        let g = if t > 0 && LAM_OBJECT_NOUN_SET.head_at(doc.norm_of(t - 1)).is_some() {
            e
        } else {
            lam_genitive_end(doc, work, e, end)
        };
        if national && g == e {
            t += 1;
            continue;
        }
        if let Some(mi) = country_adjective {
            super::heads::Held::Match(mi).release(work);
        }
        if g > e {
            let target = work.named_from(doc, t, g, prefix_len, EntityType::Agency);
            named.push((key, target));
            t = g;
            continue;
        }
        if let Some((_, target)) = named.iter().rev().find(|(k, _)| *k == key) {
            let m = doc.mention_from(*target, t, e, prefix_len, Via::Coreference);
            work.push_mention(m);
        } else if e == a + 1 && QUALIFIED_ADJECTIVE_SET.contains(adjective) {
            // A qualified adjective alone describes.
            t += 1;
            continue;
        } else if !(e == a + 1 && ANAPHORIC_SET.contains(&key)) {
            work.named_from(doc, t, e, prefix_len, EntityType::Agency);
        }
        t = e;
    }
}

/// Definite heads that name an institution with a nationality adjective and a genitive with
/// ل ("الاتحاد السعودي لكرة القدم"، "المركز المصري للدراسات"، "الشركة التونسية للكهرباء
/// والغاز"); not the heads whose nationality and ل are most often a description and a
/// verbal noun's object (الإدارة الأمريكية، السلطة، الشرطة، المكتب، الحزب، الحركة).
static NATIONAL_HEAD_SET: WordSet = WordSet::new(&[
    "الاتحاد",
    "الجمعية",
    "الرابطة",
    "المنظمة",
    "الهيئة",
    "المجلس",
    "اللجنة",
    "النقابة",
    "المعهد",
    "المركز",
    "المرصد",
    "الصندوق",
    "المؤسسة",
    "الشركة",
    "الأكاديمية",
    "الجامعة",
    "المفوضية",
    "الوكالة",
    "البنك",
    "المصرف",
    "الجبهة",
    "الغرفة",
]);

/// Verbal nouns whose object takes ل: after one, a body's genitive with ل is the object
/// ("دعم الهيئة الوطنية للمبادرة" "the commission's support for the initiative"), not the
/// name's.
static LAM_OBJECT_NOUN_SET: WordSet = WordSet::new(&[
    "دعم",
    "تأييد",
    "رفض",
    "انتقاد",
    "إدانة",
    "ترحيب",
    "دعوة",
    "تقديم",
    "منح",
    "تسليم",
    "قبول",
    "استقبال",
    "اعتراف",
    "احترام",
    "تمويل",
    "شراء",
    "بيع",
    "زيارة",
    "استضافة",
    "اختيار",
    "تعيين",
    "مساندة",
    "معارضة",
    "تبني",
    "إقرار",
    "توجيه",
    "إرسال",
    "شكر",
    "تكريم",
    "تقدير",
    "مطالبة",
]);

/// Whether token `a` is, all of it, a gazetteer adjective of a country or region (a demonym:
/// الأمريكي، المصرية; not a nisba of another kind: "اللجنة الفنية للمشروع" "the project's
/// technical committee" is a description).
fn demonym(doc: &DocIndex, a: usize) -> bool {
    doc.match_of_token(a).is_some_and(|mi| {
        matches!(
            doc.matches[mi].reading,
            crate::gazetteer::Reading::Adjective(_)
        )
    })
}

/// The gazetteer match at token `a` when it is a country's name alone on the token and shaped
/// like a nisba adjective (السعودية), else `None`.
fn country_adjective(doc: &DocIndex, a: usize) -> Option<usize> {
    let mi = doc.match_of_token(a)?;
    let crate::gazetteer::Reading::Entity(e, _) = doc.matches[mi].reading else {
        return None;
    };
    (doc.g.entity(e).entity_type == EntityType::Country && nisba(doc, a)).then_some(mi)
}

/// Either kind of name-forming adjective.
fn name_adjective(w: &str) -> bool {
    NAME_ADJECTIVE_SET.contains(w) || QUALIFIED_ADJECTIVE_SET.contains(w)
}

/// Token `t` is a nationality or other nisba adjective with the article: long enough not to
/// be a function word shaped like one (التي، الذي، إلى normalized الي), and not written with
/// alif maqsura (القوى "the forces", which normalizes as القوي "the strong").
fn nisba(doc: &DocIndex, t: usize) -> bool {
    let w = doc.norm_of(t);
    let tok = &doc.toks[t];
    let original = doc
        .original
        .get(tok.byte_start as usize..tok.byte_end as usize)
        .unwrap_or_default();
    super::nisba_shaped(w) && w.chars().count() >= 5 && !original.ends_with('ى')
}

/// Token `t` is a word in no name, title or speech verb ([`Work::in_name`]: a nationality
/// adjective or an ambiguous word is free).
fn free_word(doc: &DocIndex, work: &Work, t: usize) -> bool {
    !work.in_name(doc, t)
        && doc.title_at[t].is_none()
        && doc.toks[t].kind == TokenKind::Word
        && !doc.has_class(t, WordClass::Speech)
}

/// One past the end of a genitive with ل that starts at `k` (or `k` if none): ل with the
/// article (للاتصالات، للصحافيين والكتاب السياحيين), or ل before a word in the construct
/// state and a word with the article (لكرة القدم، لحقوق الإنسان); then the words with the
/// article (or و and the article) that continue it.
fn lam_genitive_end(doc: &DocIndex, work: &Work, k: usize, end: usize) -> usize {
    let letters = |t: usize| doc.norm_of(t).chars().all(crate::text::is_letter);
    let definite = |t: usize| {
        let w = doc.norm_of(t);
        let w = w
            .strip_prefix('و')
            .filter(|r| r.starts_with("ال"))
            .unwrap_or(w);
        w.starts_with("ال")
            && w.chars().count() >= 5
            && letters(t)
            && free_word(doc, work, t)
            && !TEMPORAL_SET.contains(w)
    };
    if k >= end || !free_word(doc, work, k) || !letters(k) {
        return k;
    }
    let w = doc.norm_of(k);
    // A word in the construct state inside the chain (رؤساء، بلديات in "لرؤساء بلديات المدن").
    let construct = |t: usize| {
        let w = doc.norm_of(t);
        !w.starts_with("ال")
            && !w.starts_with('و')
            && w.chars().count() >= 3
            && letters(t)
            && free_word(doc, work, t)
    };
    let mut e = if w.starts_with("لل") && w.chars().count() >= 5 {
        k + 1
    } else if w.starts_with('ل') && w.chars().count() >= 4 {
        // ل and a construct chain of at most three words that ends with the article.
        let mut c = k + 1;
        while c < end && c - k < 3 && construct(c) {
            c += 1;
        }
        if c < end && doc.norm_of(c).starts_with("ال") && definite(c) {
            c + 1
        } else {
            return k;
        }
    } else {
        return k;
    };
    // The genitive goes on with nisba adjectives (للمياه المعدنية، لموظفي الشرطة البلدية) and
    // with و and the article (للصحافيين والكتاب السياحيين، للتجهيز والإسكان), unless these begin
    // another organisation (للسباحة والصندوق القومي). Other words with the article are most
    // often a participle that describes the organisation or a person before it (الهيئة العليا
    // للانتخابات المستقيل "the resigned ...", المزمع، المصرح).
    let goes_on = |t: usize| match doc.norm_of(t).strip_prefix('و') {
        Some(rest) if rest.starts_with("ال") => !DEFINITE_HEAD_SET.contains(rest),
        _ => nisba(doc, t),
    };
    while e < end && e - k < MAX_GENITIVE_TOKENS && definite(e) && goes_on(e) {
        e += 1;
    }
    e
}

/// One past the last word of the genitive that starts at `k` (before `end`).
pub(super) fn genitive_end(doc: &DocIndex, work: &Work, k: usize, end: usize) -> usize {
    // A word in no name (a nisba or an ambiguous word is free: لجنة المالية، وزارة الصحة
    // الروسية).
    let free = |t: usize| free_word(doc, work, t);
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
    // و and another head with the article opens another organisation ("حزب السعادة والحزب
    // الديمقراطي"), not a word of this one's genitive.
    let another_head = |t: usize| {
        doc.norm_of(t)
            .strip_prefix("وال")
            .is_some_and(|h| HEAD_SET.contains(h))
    };
    let first = e;
    while e < end
        && e - k < MAX_GENITIVE_TOKENS
        && free(e)
        && definite(e, e == first)
        && (e == first || !another_head(e))
    {
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
