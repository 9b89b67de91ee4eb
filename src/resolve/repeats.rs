//! Names said again: a name the tagger or a pattern found somewhere in the document is the same
//! entity wherever the document writes it again and nothing found it there (`via: repeat`).
//! News repeats its names, and the tagger, which reads one sentence at a time, finds a rare
//! name in one sentence and misses it in the next ("قرية الزهاري"، then "أبناء الزهاري"، "في
//! الزهاري"). One entity per name and document is what the guidelines ask for too.
//!
//! A repeat is the name's normalized words, its first word perhaps after proclitics
//! ([`Grammar::PLAIN`] with [`StemPolicy::Name`]: "وللزهاري"), every word uncovered by any
//! mention or gazetteer match and [`DocIndex::name_like`] (no title, function word or speech
//! verb). It may come before the mention that found the name. Left out:
//! - a name right after the head noun of an organisation, a club or an event, whose genitive
//!   it is ("أحرار الشام" after "الشام" was found alone);
//! - a name two entities of the document share equally often (the tagger read it as a
//!   person here and a place there); when one has more of its mentions, the repeats are
//!   that one's;
//! - a one-word name that is a given name, a lexicon word or two letters long: "محمد" tagged
//!   once is not every محمد, and a one-word tagger name that is an everyday word elsewhere
//!   ("السفير", the newspaper or the ambassador) is filtered by the title and word lists;
//! - a person's one-word name right next to another person's name, of which it is a part
//!   ("يوليا" before "سكريبال");
//! - a Latin name written otherwise than where it was found, in case too ("Pvs" after "PVS",
//!   a lower-case "gencorp").

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::WordClass;
use crate::model::EntityType;
use crate::text::clitics::{Grammar, SplitList, StemPolicy};
use crate::text::TokenKind;

use super::index::DocIndex;
use super::{Target, Via, Work};

/// A name found in the document: its first word's normalized stem, the tokens of its other
/// words (those of the mention that found it), and its entity (None when two share it
/// equally often).
struct Name<'a> {
    first: &'a str,
    /// The token of the mention that found the name.
    at: usize,
    rest: (usize, usize),
    target: Option<Target>,
    /// The entities found with this name and how many mentions each has.
    votes: Vec<(Target, u32)>,
}

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let mut names: Vec<Name> = Vec::new();
    for m in &work.out.mentions {
        if !matches!(m.via, Via::Tagger | Via::Pattern)
            || !matches!(m.target, Target::Found(_) | Target::Tagged(_))
            || m.end_token <= m.first_token
            || m.end_token > doc.len()
        {
            continue;
        }
        let Some(first) = doc.stem_at(m.first_token, m.byte_start) else {
            continue;
        };
        let rest = (m.first_token + 1, m.end_token);
        if m.end_token == m.first_token + 1 && !one_word_name(doc, m.first_token, first) {
            continue;
        }
        let same = |n: &Name| {
            n.first == first
                && n.rest.1 - n.rest.0 == rest.1 - rest.0
                && (0..rest.1 - rest.0)
                    .all(|k| doc.norm_of(n.rest.0 + k) == doc.norm_of(rest.0 + k))
        };
        match names.iter_mut().find(|n| same(n)) {
            Some(n) => match n.votes.iter_mut().find(|v| v.0 == m.target) {
                Some(v) => v.1 += 1,
                None => n.votes.push((m.target, 1)),
            },
            None => names.push(Name {
                first,
                at: m.first_token,
                rest,
                target: None,
                votes: vec![(m.target, 1)],
            }),
        }
    }
    // The entity most of the name's mentions have; none on a tie (the tagger read "Gencorp"
    // twice as a company and once as a place: the repeats are the company's).
    for n in &mut names {
        let best = n.votes.iter().map(|v| v.1).max().unwrap_or(0);
        let mut top = n.votes.iter().filter(|v| v.1 == best);
        n.target = match (top.next(), top.next()) {
            (Some(v), None) => Some(v.0),
            _ => None,
        };
    }
    names.retain(|n| n.target.is_some());
    if names.is_empty() {
        return;
    }
    let mut by_first: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, n) in names.iter().enumerate() {
        by_first.entry(n.first).or_default().push(i);
    }
    // The first and last letters of the names' first words (a bit each): a word, or its stem
    // after proclitics, that ends otherwise starts no name, nor does a word without proclitics
    // that starts otherwise; most words are passed over here without a hash.
    let bit = |c: Option<char>| c.map_or(0, |c| 1u64 << (u32::from(c) % 64));
    let last_bit = |w: &str| bit(w.chars().next_back());
    let first_bit = |w: &str| bit(w.chars().next());
    let last_letters = names.iter().fold(0u64, |m, n| m | last_bit(n.first));
    let first_letters = names.iter().fold(0u64, |m, n| m | first_bit(n.first));
    let n_tokens = doc.len();
    let free = |work: &Work, t: usize| !work.cover[t] && doc.name_like(t);
    let mut t = 0;
    while t < n_tokens {
        // Most tokens start no name: neither the word nor, after a proclitic letter, its
        // stem can be a name's first word.
        let w = doc.norm_of(t);
        let may_start = last_bit(w) & last_letters != 0
            && (w.starts_with(['و', 'ف', 'ب', 'ل', 'ك'])
                || (first_bit(w) & first_letters != 0 && by_first.contains_key(w)));
        if !may_start || !free(work, t) || doc.toks[t].kind != TokenKind::Word {
            t += 1;
            continue;
        }
        // A Latin word is a name only capitalized ("Gencorp", not "gencorp").
        let latin = w.is_ascii();
        if latin && !doc.latin_cap(t) {
            t += 1;
            continue;
        }
        // After the head noun of an organisation, a club or an event the name is the
        // genitive of a longer name ("شبيبة الشيحية"، "جائزة وودهاوس"), not the name alone.
        if t > 0
            && (doc.body_head_at(t - 1).is_some()
                || doc.club_head_at(t - 1).is_some()
                || doc.event_head_at(t - 1).is_some())
        {
            t += 1;
            continue;
        }
        // The longest name that fits at `t` with its first word `stem`.
        let fits = |prefix_len: usize, stem: &str| {
            let n = by_first
                .get(stem)?
                .iter()
                .map(|&i| &names[i])
                .filter(|n| {
                    let len = n.rest.1 - n.rest.0;
                    t + 1 + len <= n_tokens
                        && (0..len).all(|k| {
                            free(work, t + 1 + k)
                                && doc.norm_of(t + 1 + k) == doc.norm_of(n.rest.0 + k)
                        })
                        && (!latin || written_alike(doc, t, n.at, len + 1))
                })
                .max_by_key(|n| n.rest.1 - n.rest.0)?;
            Some((prefix_len, n.rest.1 - n.rest.0 + 1, n.target))
        };
        let hit = fits(0, w).or_else(|| {
            SplitList::of(w, Grammar::PLAIN)
                .iter()
                .filter(|s| StemPolicy::Name.allows_stem(s))
                .find_map(|s| fits(s.len, s.stem))
        });
        // A person's one word next to another person's name is part of a longer name
        // ("يوليا" before "سكريبال"), which the document writes whole elsewhere.
        let part_of_longer = |len: usize, target: Target| {
            len == 1
                && is_person(work, target)
                && ((t > 0 && person_at(doc, work, t - 1)) || person_at(doc, work, t + 1))
        };
        match hit {
            Some((prefix_len, len, Some(target))) if !part_of_longer(len, target) => {
                let m = doc.mention_from(target, t, t + len, prefix_len, Via::Repeat);
                work.push_mention(m);
                t += len;
            }
            _ => t += 1,
        }
    }
}

/// A one-word name worth finding again: not a given name (perhaps after proclitics), a title,
/// a lexicon word or a word of two letters.
fn one_word_name(doc: &DocIndex, t: usize, stem: &str) -> bool {
    stem.chars().nth(2).is_some()
        && doc.given_name_at(t).is_none()
        && !doc.g.is_word(WordClass::Stop, stem)
        && doc.classes(t).next().is_none()
        && doc.name_like(t)
}

/// Whether the `len` tokens at `a` and at `b` are written alike, case and all: a Latin name
/// is written the same way each time ("PVS" in a price table is not the "Pvs" of another).
fn written_alike(doc: &DocIndex, a: usize, b: usize, len: usize) -> bool {
    (0..len).all(|k| doc.original_of(a + k) == doc.original_of(b + k))
}

/// Whether a found or tagged entity is a person.
fn is_person(work: &Work, target: Target) -> bool {
    match target {
        Target::Found(_) => true,
        Target::Tagged(i) => work
            .out
            .tagged
            .get(i as usize)
            .is_some_and(|e| e.entity_type == EntityType::Person),
        Target::Gazetteer(_) => false,
    }
}

/// Token `t` is inside a person's mention or a gazetteer match of a person.
fn person_at(doc: &DocIndex, work: &Work, t: usize) -> bool {
    if t >= doc.len() || !work.cover[t] {
        return false;
    }
    let gazetteer_person = doc.gaz_at[t].is_some_and(|mi| {
        matches!(doc.matches[mi].reading, crate::gazetteer::Reading::Entity(e, _)
            if doc.entity_type(e) == EntityType::Person)
    });
    gazetteer_person
        || work.out.mentions.iter().any(|m| {
            m.first_token <= t
                && t < m.end_token
                && match m.target {
                    Target::Gazetteer(e) => doc.entity_type(e) == EntityType::Person,
                    other => is_person(work, other),
                }
        })
}
