//! Metonymy: a capital or seat of government (an entity with `stands_for`) used as an actor
//! keeps its mention and says what it stands for. An actor is first in its sentence
//! ("موسكو تتفاوض"), right after a speech verb ("قالت واشنطن"), paired with a country or
//! capital ("بين موسكو والجزائر", "Moscow and Algiers"), or, in English, the subject of a verb
//! only a party is the subject of ("Pretoria insists", "Moscow has agreed", "Washington
//! warned": [`ACTOR_VERBS`], perhaps after an auxiliary), in Arabic the subject of a verb in
//! the feminine ("هددت موسكو") or of a clause after أن/إن; after a locative word ("في", "in"),
//! in parentheses, or right after an agency's name it is the place.

use crate::gazetteer::{Match, Reading, WordClass};
use crate::model::EntityType;

use super::index::DocIndex;
use super::Work;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    for (mi, m) in doc.matches.iter().enumerate() {
        let Reading::Entity(e, _) = m.reading else {
            continue;
        };
        let Some(sf) = doc
            .g
            .entity(e)
            .stands_for
            .as_deref()
            .and_then(|s| doc.g.entity_index(s))
        else {
            continue;
        };
        let taken = work.out.stands_for.iter().any(|x| x.0 == mi);
        if !taken && is_actor(doc, m) && !is_place(doc, m.first_token) {
            work.out.stands_for.push((mi, sf));
        }
    }
    // The clubs pass gave sports cities their clubs before: keep the list in match order (the
    // later passes search it).
    work.out.stands_for.sort_unstable_by_key(|x| x.0);
}

/// The match is used as an actor.
fn is_actor(doc: &DocIndex, m: &Match) -> bool {
    let t = m.first_token;
    let n = doc.len();
    let sentence = doc.toks[t].sentence as usize;
    let first_in_sentence = doc.tokens.sentences[sentence].first_token as usize == t;
    let after_speech = t > 0 && doc.has_class(t - 1, WordClass::Speech);
    let is_party = |x: &Match| match x.reading {
        Reading::Entity(a, _) => {
            let row = doc.g.entity(a);
            row.entity_type == EntityType::Country || row.stands_for.is_some()
        }
        _ => false,
    };
    let starting_at = |x: usize| {
        doc.gaz_at
            .get(x)
            .copied()
            .flatten()
            .map(|i| &doc.matches[i])
    };
    let and_next = starting_at(m.end_token)
        .is_some_and(|x| is_party(x) && x.byte_start > doc.toks[x.first_token].byte_start as usize)
        || (m.end_token + 1 < n
            && doc
                .g
                .is_word(WordClass::Conjunction, doc.norm_of(m.end_token))
            && starting_at(m.end_token + 1).is_some_and(is_party));
    let between = t > 0 && doc.g.is_word(WordClass::Between, doc.norm_of(t - 1));
    first_in_sentence
        || after_speech
        || and_next
        || between
        || english_subject(doc, m)
        || arabic_subject(doc, m)
}

/// Prepositions with an attached pronoun that may come between a verb and its subject
/// ("لوحت به دمشق"، "تنتظره موسكو" has it attached to the verb).
const PRONOUN_PPS: &[&str] = &[
    "به",
    "بها",
    "له",
    "لها",
    "عليه",
    "عليها",
    "منه",
    "منها",
    "عنه",
    "عنها",
    "اليه",
    "اليها",
    "فيه",
    "فيها",
    "بهم",
    "لهم",
    "عليهم",
];

/// Particles a clause's subject follows ("أن موسكو وراء الهجوم"، "قال إن واشنطن ستفرض"),
/// normalized.
const SUBJECT_PARTICLES: &[&str] = &["ان", "بان", "لان", "وان", "فان", "لكن", "ولكن", "كون"];

/// Words ending in ت that are not verbs: prepositions and nouns news puts before a city.
const NOT_VERBS_T: &[&str] = &[
    "تحت", "بيت", "وقت", "صوت", "ذات", "بنت", "سبت", "موت", "زيت", "صمت", "نعت", "بات", "ليت",
];

/// Verbs of motion and visit, attack, and of taking place, whose object or subject is the
/// place: "وصلت موسكو" (she reached Moscow), "قصفت دمشق", "شهدت برلين" (Berlin saw),
/// "تحتضنها الجزائر" (Algiers hosts it). Stems of the perfect and, where the imperfect's
/// differs after its ت, of the imperfect too (احتضن / تحتضن).
const MOTION_STEMS: &[&str] = &[
    "وصل",
    "زار",
    "غادر",
    "دخل",
    "قصد",
    "بلغ",
    "عاد",
    "توجه",
    "سافر",
    "حل",
    "نزل",
    "اجتاح",
    "جتاح",
    "قصف",
    "حاصر",
    "استهدف",
    "ستهدف",
    "ضرب",
    "هاجم",
    "شهد",
    "دار",
    "احتضن",
    "حتضن",
    "اقيم",
    "جر",
];

/// The capital is an Arabic clause's subject: written without a proclitic (بموسكو is a
/// place), right after a verb in the feminine (a city is feminine: "هددت موسكو"، "ترفض
/// واشنطن"، "لوحت به دمشق"), not a verb of motion or attack (whose object is the place:
/// "وصلت موسكو"، "قصفت دمشق") nor a name (تونس، ترامب); or right after a particle a subject
/// follows ("أن موسكو").
fn arabic_subject(doc: &DocIndex, m: &Match) -> bool {
    let t = m.first_token;
    if t == 0
        || m.byte_start != doc.toks[t].byte_start as usize
        || doc.norm_of(t).bytes().all(|b| b.is_ascii())
    {
        return false;
    }
    let first = doc.tokens.sentences[doc.toks[t].sentence as usize].first_token as usize;
    let mut k = t - 1;
    if SUBJECT_PARTICLES.contains(&doc.norm_of(k)) {
        return true;
    }
    if PRONOUN_PPS.contains(&doc.norm_of(k)) && k > first {
        k -= 1;
    }
    let named = doc.gaz_at.get(k).copied().flatten().is_some()
        || doc.match_ending_at.get(k + 1).copied().flatten().is_some();
    !named && feminine_verb(doc.norm_of(k))
}

/// A word that reads as a verb agreeing with a feminine subject: the perfect's ending ت
/// (قالت، أعلنت؛ not ات, as in تصريحات) or the imperfect's prefix ت (ترفض، تعلن; not one
/// ending in ى, read as ي like a nisba), after a conjunction or the future's س; with the
/// article, never. Not a verb of motion, attack or
/// taking place ([`MOTION_STEMS`], read on the verb's stem: "وصلت" but not "استعادت").
fn feminine_verb(w: &str) -> bool {
    let bare = w
        .strip_prefix('و')
        .or_else(|| w.strip_prefix('ف'))
        .filter(|r| r.chars().count() >= 3);
    let Some(stem) = verb_stem(bare.unwrap_or(w)) else {
        return false;
    };
    // With the و kept too: it may be the root's first letter (وصلت).
    let motion = |stem: &str| {
        MOTION_STEMS.iter().any(|m| {
            if m.chars().count() <= 2 {
                stem == *m
            } else {
                stem.starts_with(m)
            }
        })
    };
    !(motion(stem) || bare.is_some() && verb_stem(w).is_some_and(motion))
}

/// The stem of a feminine verb form (`feminine_verb`): the perfect without its ending ت, the
/// imperfect without its prefix ت (and the future's س); `None` for a word that is no such
/// form.
fn verb_stem(w: &str) -> Option<&str> {
    let n = w.chars().count();
    if n < 3 || w.starts_with("ال") || NOT_VERBS_T.contains(&w) {
        return None;
    }
    if let Some(stem) = w.strip_suffix('ت') {
        // Not ات (تصريحات) nor a noun in يت (توقيت، تصويت).
        let noun = stem.ends_with('ا') || (stem.ends_with('ي') && n >= 5);
        return (!noun).then_some(stem);
    }
    let w = w
        .strip_prefix('س')
        .filter(|r| r.starts_with('ت'))
        .unwrap_or(w);
    w.strip_prefix('ت')
        .filter(|rest| n >= 4 && !rest.ends_with('ه') && !rest.ends_with('ي'))
}

/// English verbs whose subject is a party acting (a government, not a city): a capital right
/// before one of them stands for its country.
const ACTOR_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "insists",
    "insisted",
    "insist",
    "agreed",
    "agrees",
    "agree",
    "accused",
    "accuses",
    "accuse",
    "rejected",
    "rejects",
    "reject",
    "warned",
    "warns",
    "warn",
    "denied",
    "denies",
    "deny",
    "announced",
    "announces",
    "refused",
    "refuses",
    "refuse",
    "urged",
    "urges",
    "urge",
    "demanded",
    "demands",
    "demand",
    "threatened",
    "threatens",
    "threaten",
    "wants",
    "wanted",
    "want",
    "opposes",
    "opposed",
    "oppose",
    "condemned",
    "condemns",
    "condemn",
    "welcomed",
    "welcomes",
    "welcome",
    "protested",
    "protests",
    "recognized",
    "recognised",
    "recognize",
    "accepted",
    "accepts",
    "accept",
    "offered",
    "offers",
    "asked",
    "asks",
    "decided",
    "decides",
    "decide",
    "signed",
    "say",
];

/// Auxiliaries between the subject and the verb ("Moscow has agreed", "Beijing will not accept").
const AUXILIARIES: &[&str] = &[
    "has", "had", "have", "will", "would", "could", "may", "might", "must", "should", "did",
    "does", "is", "was", "not",
];

/// A Latin-script match right before an [`ACTOR_VERBS`] verb, perhaps after one or two
/// [`AUXILIARIES`] ("Moscow has not agreed").
fn english_subject(doc: &DocIndex, m: &Match) -> bool {
    let latin = doc.norm_of(m.first_token).bytes().all(|b| b.is_ascii());
    if !latin {
        return false;
    }
    let end = doc.sentence_end(m.first_token);
    let mut k = m.end_token;
    while k < end && k < m.end_token + 2 && AUXILIARIES.contains(&doc.norm_of(k)) {
        k += 1;
    }
    k < end && ACTOR_VERBS.contains(&doc.norm_of(k))
}

/// The match at token `t` reads as the place: after a locative word, in parentheses, or right
/// after an agency's name.
pub(super) fn is_place(doc: &DocIndex, t: usize) -> bool {
    let locative = t > 0 && doc.has_class(t - 1, WordClass::Locative);
    let parenthesized = t > 0 && doc.is_punct(t - 1, &["("]);
    let after_agency = doc.match_ending_at[t].is_some_and(|i| {
        matches!(doc.matches[i].reading, Reading::Entity(a, _) if doc.entity_type(a) == EntityType::Agency)
    });
    locative || parenthesized || after_agency
}

#[cfg(test)]
mod tests {
    use super::feminine_verb;
    use crate::text::normalize;

    #[test]
    fn feminine_verbs_and_the_verbs_of_motion_are_read_on_their_stems() {
        for w in ["هددت", "وأكدت", "ترفض", "سترفض", "استعادت"] {
            assert!(feminine_verb(&normalize(w)), "{w}");
        }
        // Motion, attack, taking place; nouns in ات and يت; the article.
        for w in [
            "وصلت",
            "وقصفت",
            "تحتضنها",
            "واحتضنت",
            "تستهدف",
            "شهدت",
            "جرت",
            "تصريحات",
            "توقيت",
            "الدولت",
        ] {
            assert!(!feminine_verb(&normalize(w)), "{w}");
        }
    }
}
