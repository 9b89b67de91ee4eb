//! Metonymy: a capital or seat of government (an entity with `stands_for`) used as an actor
//! keeps its mention and says what it stands for. An actor is first in its sentence
//! ("موسكو تتفاوض"), right after a speech verb ("قالت واشنطن"), paired with a country or
//! capital ("بين موسكو والجزائر", "Moscow and Algiers"), or, in English, the subject of a verb
//! only a party is the subject of ("Pretoria insists", "Moscow has agreed", "Washington
//! warned": [`ACTOR_VERBS`], perhaps after an auxiliary); after a locative word ("في", "in"),
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
    first_in_sentence || after_speech || and_next || between || english_subject(doc, m)
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
