//! Two names joined in one tagger span: by "و" in Arabic (below), and in English two
//! companies' names, after a legal form ([`split_companies`]).
//!
//! Arabic writes "and" on the next word (وأحلام), and the tagger, which reads ANERcorp's
//! tokens with their proclitics, often runs one span over both names of a coordination:
//! "إليسا وأحلام", "حماقي والحلاني", "بوينغ وإيرباص", one entity (often of the wrong kind)
//! where the guidelines have two. A span is cut before an inner word that starts with و when
//! what follows و is a name in its own right, by evidence other than the span itself:
//! - a gazetteer name starting there, which the matcher read after the proclitic
//!   ("وإيرباص");
//! - another tagger span of the document with the same words ("وفيسبوك" where "فيسبوك" was
//!   tagged alone), or for one word, the first or last word of a person's longer name in the
//!   document, the tagger's or the gazetteer's ("والحلاني" after "عاصي الحلاني", "وراؤول"
//!   with "راؤول كاسترو");
//! - a given name of four letters or more written with its hamza, in a person span
//!   ("هانا وباربيرا", "ونيللي كريم"), or in any span when the words before و are one given
//!   name too ("فيدل وراؤول", "رانيا وفتحية", two people).
//!
//! Names that start with و keep their span: the word with و is then a given name itself
//! (وليد، وائل), or what follows و is no name ("هيفاء وهبي", "معهد واشنطن", "ميشال وليامز"),
//! or a given name only as the bare alef of a foreign name writes it ("بن واليس", Wallis, not
//! أليس; "عماد واكيم"). Nor is a name cut after a particle of descent ("بن"، "أبو").
//! A part that another name of the document is takes that name's kind ("حماقي والحلاني",
//! read as one organisation, is two people when the document names "محمد حماقي" and "عاصي
//! الحلاني").

use super::{NameKind, TagInput, TagSpan};
use crate::gazetteer::{Gazetteer, Reading, WordClass};
use crate::model::EntityType;

/// The conjunction.
const WAW: &str = "و";

/// Cuts the Arabic spans of `spans` at their coordinations (see the module). Spans of other
/// scripts, and spans with no such word, are left as they are.
pub(crate) fn split(g: &Gazetteer, doc: &TagInput<'_>, spans: &mut Vec<TagSpan>) {
    let norm = |x: usize| doc.tokens.tokens[x].norm(&doc.norm.text);
    let arabic = |s: &TagSpan| crate::text::has_arabic(norm(s.first_token));
    let candidate = |s: &TagSpan| {
        s.end_token - s.first_token >= 2
            && arabic(s)
            && matches!(
                s.kind,
                NameKind::Person | NameKind::Organization | NameKind::Location
            )
            && (s.first_token + 1..s.end_token).any(|x| norm(x).starts_with(WAW))
    };
    if !spans.iter().any(candidate) {
        return;
    }
    // The words of a part: the first one without its و when `strip`.
    let words = |a: usize, b: usize, strip: bool| -> Vec<&str> {
        (a..b)
            .map(|x| {
                let w = norm(x);
                if strip && x == a {
                    &w[WAW.len()..]
                } else {
                    w
                }
            })
            .collect()
    };
    // The document's other names: every Arabic tagger span's words and kind, and the first
    // and last words of people's names of two words or more (the tagger's and the
    // gazetteer's).
    let named: Vec<(TagSpan, Vec<&str>)> = spans
        .iter()
        .filter(|s| arabic(s))
        .map(|s| (*s, words(s.first_token, s.end_token, false)))
        .collect();
    let mut person_words: Vec<&str> = Vec::new();
    let mut person_name = |a: usize, b: usize| {
        if b - a >= 2 {
            person_words.push(norm(a));
            person_words.push(norm(b - 1));
        }
    };
    for (s, _) in named.iter().filter(|(s, _)| s.kind == NameKind::Person) {
        person_name(s.first_token, s.end_token);
    }
    for m in doc.matches {
        if let Reading::Entity(e, _) = m.reading {
            if g.entity(e).entity_type == EntityType::Person {
                person_name(m.first_token, m.end_token);
            }
        }
    }
    // The kind another name of the document gives a part of span `me`.
    let named_elsewhere = |me: &TagSpan, part: &[&str]| -> Option<NameKind> {
        if let Some((s, _)) = named.iter().find(|(s, w)| s != me && w == part) {
            return Some(s.kind);
        }
        (part.len() == 1 && person_words.contains(&part[0])).then_some(NameKind::Person)
    };
    // A given name of four letters or more; after و, written with its hamza (a bare alef
    // there starts foreign names: واليس، واكيم، والاس).
    let given = |w: &str| w.chars().count() >= 4 && g.is_given_name(w);
    let given_after_and = |x: usize| {
        let tok = &doc.tokens.tokens[x];
        let written = doc
            .original
            .get(tok.byte_start as usize..tok.byte_end as usize)
            .unwrap_or_default();
        let bare_alef = written
            .strip_prefix(WAW)
            .is_some_and(|r| r.starts_with('ا'));
        !bare_alef && given(&norm(x)[WAW.len()..])
    };
    let particle = |x: usize| g.is_word(WordClass::Particle, norm(x));
    let mut out = Vec::with_capacity(spans.len());
    for s in spans.iter() {
        if !candidate(s) {
            out.push(*s);
            continue;
        }
        let (a, b) = (s.first_token, s.end_token);
        // Cut from the right: "وأبل وفيسبوك وأوبر" is three names.
        let mut end = b;
        let mut parts: Vec<TagSpan> = Vec::new();
        let mut two_given = false;
        for x in (a + 1..b).rev() {
            if x >= end || particle(x - 1) {
                continue;
            }
            let w = norm(x);
            let (from, strip) = if w == WAW {
                (x + 1, false)
            } else if w.starts_with(WAW) && w.chars().count() >= 4 && !g.is_given_name(w) {
                (x, true)
            } else {
                continue;
            };
            if from >= end {
                continue;
            }
            let right = words(from, end, strip);
            // (The matcher's name after the proclitic, not one that starts with و itself:
            // "جامعة وارسو".)
            let gazetteer_name = strip
                && doc.matches.iter().any(|m| {
                    m.first_token == x
                        && m.end_token <= end
                        && (m.clitic || m.byte_start > doc.tokens.tokens[x].byte_start as usize)
                        && matches!(m.reading, Reading::Entity(..))
                });
            let given_right = strip && given_after_and(x);
            let one_given_left = x == a + 1 && given(norm(a));
            let elsewhere = named_elsewhere(s, &right);
            let by_given = given_right && (s.kind == NameKind::Person || one_given_left);
            if !(gazetteer_name || by_given || elsewhere.is_some()) {
                continue;
            }
            two_given |= by_given && one_given_left;
            let kind = match elsewhere {
                Some(k) => k,
                None if by_given => NameKind::Person,
                None => s.kind,
            };
            parts.push(TagSpan {
                first_token: from,
                end_token: end,
                kind,
                after_and: strip,
            });
            end = x;
        }
        if parts.is_empty() {
            out.push(*s);
            continue;
        }
        let left = words(a, end, false);
        let kind = match named_elsewhere(s, &left) {
            Some(k) => k,
            None if two_given => NameKind::Person,
            None => s.kind,
        };
        parts.push(TagSpan {
            first_token: a,
            end_token: end,
            kind,
            after_and: s.after_and,
        });
        out.extend(parts.into_iter().rev());
    }
    *spans = out;
}

/// Cuts English spans that join companies: a legal form ends a company's name, so a span that
/// goes on after one with "and", "&" or a comma to another name ending in a legal form or an
/// organisation's head noun is two names ("Baker International Corp and Hughes Tool Co",
/// "Standard Chartered Bank Ltd, Algemene Bank Nederland NV", "First Boston Corp and Kidder,
/// Peabody and Co Inc"). Both parts are organisations. A legal form after a comma belongs to
/// the name before it ("Alcoma Packing Co, Inc"), and a name whose last part ends with no
/// such word stays whole ("Peoples Bank and Trust Co, Natchitoches": a place follows).
pub(crate) fn split_companies(doc: &TagInput<'_>, spans: &mut Vec<TagSpan>) {
    let toks = &doc.tokens.tokens;
    let written = |x: usize| {
        doc.original
            .get(toks[x].byte_start as usize..toks[x].byte_end as usize)
            .unwrap_or_default()
    };
    let legal = |x: usize| crate::resolve::LEGAL_FORMS.contains(&written(x));
    // The legal form that ends just before `x`, perhaps with its full stop ("Co.").
    let after_legal = |x: usize, a: usize| {
        (x > a && legal(x - 1)) || (x > a + 1 && written(x - 1) == "." && legal(x - 2))
    };
    let joins = |x: usize| matches!(written(x), "and" | "&" | ",");
    let ends_a_name =
        |x: usize| legal(x) || crate::resolve::head_words::HEADS.contains(&written(x));
    let capitalized = |x: usize| written(x).starts_with(|c: char| c.is_ascii_uppercase());
    let candidate = |s: &TagSpan| {
        s.end_token - s.first_token >= 4
            && s.end_token <= toks.len()
            && (s.first_token..s.end_token).any(legal)
            && (s.first_token..s.end_token).any(joins)
    };
    if !spans.iter().any(candidate) {
        return;
    }
    let mut out = Vec::with_capacity(spans.len() + 1);
    for s in spans.iter() {
        if !candidate(s) {
            out.push(*s);
            continue;
        }
        let (a, b) = (s.first_token, s.end_token);
        let mut end = b;
        let mut parts: Vec<TagSpan> = Vec::new();
        for x in (a + 1..b.saturating_sub(1)).rev() {
            if x + 1 >= end
                || !joins(x)
                || !after_legal(x, a)
                || !capitalized(x + 1)
                || legal(x + 1)
                || !ends_a_name(end - 1)
            {
                continue;
            }
            parts.push(TagSpan {
                first_token: x + 1,
                end_token: end,
                kind: NameKind::Organization,
                after_and: false,
            });
            end = if written(x - 1) == "." { x - 1 } else { x };
        }
        if parts.is_empty() {
            out.push(*s);
            continue;
        }
        parts.push(TagSpan {
            first_token: a,
            end_token: end,
            kind: NameKind::Organization,
            after_and: s.after_and,
        });
        out.extend(parts.into_iter().rev());
    }
    *spans = out;
}
