//! Metonymy: a capital or seat of government (an entity with `stands_for`) used as an actor
//! keeps its mention and says what it stands for. An actor is first in its sentence
//! ("موسكو تتفاوض"), right after a speech verb ("قالت واشنطن"), or paired with a country or
//! capital ("بين موسكو والجزائر", "Moscow and Algiers"); after a locative word ("في", "in"), in
//! parentheses, or right after an agency's name it is the place.

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
        if is_actor(doc, m) && !is_place(doc, m.first_token) {
            work.out.stands_for.push((mi, sf));
        }
    }
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
    first_in_sentence || after_speech || and_next || between
}

/// The match at token `t` reads as the place: after a locative word, in parentheses, or right
/// after an agency's name.
fn is_place(doc: &DocIndex, t: usize) -> bool {
    let locative = t > 0 && doc.has_class(t - 1, WordClass::Locative);
    let parenthesized = t > 0 && doc.is_punct(t - 1, &["("]);
    let after_agency = doc.match_ending_at[t].is_some_and(|i| {
        matches!(doc.matches[i].reading, Reading::Entity(a, _) if doc.entity_type(a) == EntityType::Agency)
    });
    locative || parenthesized || after_agency
}
