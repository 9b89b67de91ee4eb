//! English organisations named again by their head word alone: "the Commission" after "the EC
//! Commission", "the Council" after "the Security Council", "the Court" after "the Supreme
//! Court". English news capitalizes the head of a body it has named when it names the body
//! again by it; the annotation guidelines count such a short name as a mention of the body
//! (lower case, "the ministry", is a bare common noun and no mention).
//!
//! An organisation's name of two or more words ending with one of [`HEADS`], or opening with
//! it before "of" ("the Bank of England"), gives its head (a gazetteer match, or a name the
//! tagger or a pattern found); a later token that is
//! that head, written with its capital, right after "the", is a mention of the same
//! organisation (`via: short`, as a person's surname alone). A head two organisations of the
//! document share is nobody's.

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::Reading;
use crate::model::EntityType;

use super::index::DocIndex;
use super::{Target, Via, Work};

/// Capitalized heads of organisations' names that news uses alone for the body (and that end
/// no person's name: [`crate::tagger::merge`] reads a tagged person ending with one as an
/// organisation).
pub(crate) const HEADS: &[&str] = &[
    "Commission",
    "Council",
    "Court",
    "Bank",
    "Parliament",
    "Committee",
    "Board",
    "Agency",
    "Authority",
    "Assembly",
    "Fund",
    "Ministry",
    "Department",
    "Institute",
    "Federation",
    "Association",
    "Tribunal",
    "Organisation",
    "Organization",
    "Exchange",
    "League",
];

/// Last words of English names of things, never of a person: indices, prizes, cups, laws.
pub(crate) const THING_HEADS: &[&str] = &[
    "Index",
    "Prize",
    "Award",
    "Awards",
    "Cup",
    "Trophy",
    "Act",
    "Treaty",
    "Accord",
    "Games",
    "Championship",
    "Championships",
];

/// Last words of English names of events and documents, beside [`THING_HEADS`]: a name the
/// tagger reads as `MISC` that ends with one ("U.S. Open", "Gulf War", "Uruguay Round") holds
/// no mention of the place or body inside it ([`crate::tagger::merge`]).
pub(crate) const EVENT_HEADS: &[&str] = &[
    "Open",
    "Olympics",
    "War",
    "Round",
    "Marathon",
    "Masters",
    "Classic",
    "Prix",
    "Rally",
    "Festival",
    "Summit",
    "Agreement",
    "Accords",
    "Declaration",
    "Doctrine",
    "Protocol",
    "Convention",
    "Conference",
    "Tournament",
    "Shield",
    "Bowl",
];

/// First words of English names of events and documents before "of" ("Tour of the
/// Netherlands", "Treaty of Rome", "Battle of Britain").
pub(crate) const EVENT_OPENERS: &[&str] = &["Tour", "Treaty", "Battle", "Siege", "Declaration"];

/// Whether the words of an English name make it an event's, a document's or a prize's: its
/// last word is one of [`THING_HEADS`] or [`EVENT_HEADS`], or it opens with one of
/// [`EVENT_OPENERS`] before "of".
pub(crate) fn names_event(words: &[&str]) -> bool {
    // Headlines write the words in capitals ("HONG KONG OPEN", "TOUR OF NETHERLANDS").
    let is = |list: &[&str], w: &str| list.iter().any(|h| h.eq_ignore_ascii_case(w));
    let last = words.last().copied().unwrap_or_default();
    is(THING_HEADS, last)
        || is(EVENT_HEADS, last)
        || (words.len() >= 3 && is(EVENT_OPENERS, words[0]) && words[1].eq_ignore_ascii_case("of"))
}

/// Whether an English word ends no person's name: the head of an organisation's or a thing's.
pub(crate) fn ends_no_person(word: &str) -> bool {
    HEADS.contains(&word) || THING_HEADS.contains(&word)
}

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let word = |t: usize| doc.original_of(t);
    // The head ends the name ("the EC Commission") or opens it before "of" ("the Bank of
    // England", "the Court of Justice").
    let head_of = |first: usize, end: usize| -> Option<&'static str> {
        if end < first + 2 {
            return None;
        }
        let is_head = |t: usize| HEADS.iter().copied().find(|h| *h == word(t));
        is_head(end - 1).or_else(|| {
            let of = end >= first + 3 && word(first + 1) == "of";
            of.then(|| is_head(first)).flatten()
        })
    };
    // Head -> (the organisation, or None when two share it; where its first name ends).
    let mut heads: HashMap<&'static str, (Option<Target>, usize)> = HashMap::default();
    let mut note = |head: &'static str, target: Target, end: usize| {
        let slot = heads.entry(head).or_insert((Some(target), end));
        if slot.0 != Some(target) {
            slot.0 = None;
        }
        slot.1 = slot.1.min(end);
    };
    for m in doc.matches.iter() {
        let Reading::Entity(e, _) = m.reading else {
            continue;
        };
        if doc.entity_type(e) != EntityType::Agency {
            continue;
        }
        if let Some(h) = head_of(m.first_token, m.end_token) {
            note(h, Target::Gazetteer(e), m.end_token);
        }
    }
    for m in &work.out.mentions {
        let agency = match m.target {
            Target::Tagged(i) => work
                .out
                .tagged
                .get(i as usize)
                .is_some_and(|e| e.entity_type == EntityType::Agency),
            _ => false,
        };
        if !agency || !matches!(m.via, Via::Pattern | Via::Tagger | Via::Alias) {
            continue;
        }
        if let Some(h) = head_of(m.first_token, m.end_token) {
            note(h, m.target, m.end_token);
        }
    }
    if heads.is_empty() {
        return;
    }
    for t in 1..doc.len() {
        if work.cover[t] || !word(t - 1).eq_ignore_ascii_case("the") {
            continue;
        }
        let w = word(t);
        let Some(&(Some(target), first_end)) = heads.get(w) else {
            continue;
        };
        if t < first_end {
            continue;
        }
        let mention = doc.mention(target, t, t + 1, Via::Short);
        work.push_mention(mention);
    }
}

#[cfg(test)]
mod tests {
    use super::names_event;

    #[test]
    fn an_event_is_named_by_its_last_word_or_its_opening_words() {
        for yes in [
            &["U.S.", "Open"][..],
            &["HONG", "KONG", "OPEN"],
            &["Gulf", "War"],
            &["Fed", "Cup"],
            &["Tour", "of", "the", "Netherlands"],
            &["TOUR", "OF", "NETHERLANDS"],
            &["Treaty", "of", "Rome"],
        ] {
            assert!(names_event(yes), "{yes:?}");
        }
        for no in [
            &["U.S.", "Dollar"][..],
            &["Airbus", "Industrie"],
            &["Tour", "Netherlands"],
            &["Of", "Rome"],
            &[],
        ] {
            assert!(!names_event(no), "{no:?}");
        }
    }
}
