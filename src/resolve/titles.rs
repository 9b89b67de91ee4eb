//! Titles and appositions: finds the title phrases ("الرئيس الجزائري", "نائب رئيس الوكالة",
//! "Russian President") in text order, and the person each one names: a gazetteer person right
//! after it, a name in no gazetteer after it ("title، name،" in Arabic, "Title Name Name" in
//! English), or a name before it after a speech verb ("وقال ديمتري شوجاييف، مدير ..."). Each
//! gives `holds-position` when the phrase says what the role is held in. The agency anaphor
//! inside a phrase (رئيس الوكالة) joins the agency in focus.

use crate::gazetteer::{Reading, WordClass};
use crate::model::EntityType;

use super::index::DocIndex;
use super::{Position, Target, TitlePhrase, Via, Work};

/// The rule id of positions found here.
const RULE: &str = "resolve/apposition";
/// How sure a title next to a name is.
const CONFIDENCE: f64 = 0.85;

/// Most tokens of a name found by pattern next to a title.
const MAX_NAME_TOKENS: usize = 4;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    find_phrases(doc, work);
    let mut phrases = std::mem::take(&mut work.phrases);
    for p in &mut phrases {
        p.named = name_phrase(doc, work, p);
    }
    work.phrases = phrases;
}

/// Pass over the tokens: title phrases in text order, tracking the agency in focus.
fn find_phrases(doc: &DocIndex, work: &mut Work) {
    let n = doc.len();
    let mut focus_agency: Option<u32> = None;
    let mut last_roles: Option<Vec<u32>> = None;
    let mut t = 0usize;
    while t < n {
        if let Some(e) = doc.entity_at(t) {
            if doc.entity_type(e) == EntityType::Agency {
                focus_agency = Some(e);
            }
        }
        let Some(ti) = doc.title_at[t] else {
            t += 1;
            continue;
        };
        let tm = &doc.titles[ti];
        let mut roles = super::readings(&tm.reading);
        let title_key = doc.joined_norm(tm.first_token, tm.end_token);
        let singular = doc.r.singular_titles.contains(&title_key);
        // A counterpart title (نظيره) takes the roles of the title before it.
        if doc.r.counterpart.is_some_and(|c| roles.contains(&c)) {
            match &last_roles {
                Some(r) => roles = r.clone(),
                None => {
                    t = tm.end_token;
                    continue;
                }
            }
        }
        let (k, of, country) = phrase_tail(doc, work, t, tm.end_token, &mut focus_agency);
        let (start, byte_start, of, country) = english_head(doc, t, tm.byte_start, of, country);
        let of = of.or(country);
        last_roles = Some(roles.clone());
        work.phrases.push(TitlePhrase {
            start,
            byte_start,
            end: k,
            roles,
            of,
            singular,
            named: false,
        });
        t = k.max(t + 1);
    }
}

/// What follows the title `[title_start, title_end)` in its sentence: a nisba adjective (country), a country or agency
/// name, or the agency anaphor (الوكالة) for the agency in focus. Returns the phrase end, the
/// country or agency, and the adjective's country.
fn phrase_tail(
    doc: &DocIndex,
    work: &mut Work,
    title_start: usize,
    title_end: usize,
    focus_agency: &mut Option<u32>,
) -> (usize, Option<u32>, Option<u32>) {
    let mut k = title_end;
    let mut of: Option<u32> = None;
    let mut country: Option<u32> = None;
    let end = doc.sentence_end(title_start);
    while k < end {
        if let Some(mi) = doc.gaz_at[k] {
            let m = &doc.matches[mi];
            match m.reading {
                Reading::Adjective(c) if country.is_none() => {
                    country = Some(c);
                    k = m.end_token;
                    continue;
                }
                Reading::Entity(e, _)
                    if of.is_none()
                        && matches!(
                            doc.entity_type(e),
                            EntityType::Country | EntityType::Agency
                        ) =>
                {
                    of = Some(e);
                    if doc.entity_type(e) == EntityType::Agency {
                        *focus_agency = Some(e);
                    }
                    k = m.end_token;
                    continue;
                }
                _ => {}
            }
        }
        if of.is_none() {
            let anaphor = doc
                .classes(k)
                .into_iter()
                .find(|x| x.class == WordClass::Anaphor);
            if let Some(hit) = anaphor {
                if let (Some(EntityType::Agency), 1, Some(a)) =
                    (hit.entity_type, hit.count, *focus_agency)
                {
                    of = Some(a);
                    work.push_mention(doc.mention(
                        Target::Gazetteer(a),
                        k,
                        hit.end_token,
                        Via::Coreference,
                    ));
                    k = hit.end_token;
                    continue;
                }
            }
        }
        break;
    }
    (k, of, country)
}

/// English puts the adjective or the country first: "Russian President", "Algeria's
/// president", "the Algerian president". When the title at `t` has nothing after it, takes
/// the match ending before it; returns the phrase start token and byte, `of` and `country`.
fn english_head(
    doc: &DocIndex,
    t: usize,
    title_byte: usize,
    mut of: Option<u32>,
    mut country: Option<u32>,
) -> (usize, usize, Option<u32>, Option<u32>) {
    let (mut start, mut byte_start) = (t, title_byte);
    if of.is_none() && country.is_none() && t > 0 {
        let before = if t >= 2 && doc.norm_of(t - 1) == "'s" {
            t - 1
        } else {
            t
        };
        if let Some(m) = doc.match_ending_at[before].map(|i| &doc.matches[i]) {
            let found = match m.reading {
                Reading::Adjective(c) if before == t => {
                    country = Some(c);
                    true
                }
                Reading::Entity(e, _)
                    if matches!(doc.entity_type(e), EntityType::Country | EntityType::Agency) =>
                {
                    of = Some(e);
                    true
                }
                _ => false,
            };
            if found {
                (start, byte_start) = (m.first_token, m.byte_start);
            }
        }
    }
    (start, byte_start, of, country)
}

/// Finds the person phrase `p` names; returns whether one was found.
fn name_phrase(doc: &DocIndex, work: &mut Work, p: &TitlePhrase) -> bool {
    let toks = doc.toks;
    let end = doc.sentence_end(p.start);
    let mut k = p.end;
    let comma_before = k < end && doc.is_punct(k, &["،", ","]);
    if comma_before {
        k += 1;
    }
    // holds-position needs what the role is held in; a bare honorific (د.) gives none.
    let role = p.of.and_then(|_| doc.r.pick_role(&p.roles, p.of));
    let title_bytes = (p.byte_start, toks[p.end - 1].byte_end as usize);
    let sentence = toks[p.start].sentence as usize;
    let position = |work: &mut Work, person: Target| {
        if let Some(role) = &role {
            work.out.positions.push(Position {
                person,
                role: role.clone(),
                title_bytes,
                of: p.of.map(Target::Gazetteer),
                sentence,
                rule: RULE,
                confidence: CONFIDENCE,
            });
        }
    };
    // A person from the gazetteer, or one the tagger found, right after the title: the
    // title phrase and the name are one party ("وزير الخارجية السعودي عادل الجبير").
    if k < end {
        let person = match (doc.entity_at(k), doc.tagged_at[k]) {
            (Some(e), _) if doc.entity_type(e) == EntityType::Person => {
                let m_end = doc.gaz_at[k].map_or(k + 1, |mi| doc.matches[mi].end_token);
                Some((Target::Gazetteer(e), m_end))
            }
            (None, Some(tn)) if tn.entity_type == EntityType::Person => {
                Some((tn.target, tn.end_token))
            }
            _ => None,
        };
        if let Some((target, name_end)) = person {
            // The rules read an apposition from its first token's start; a phrase after a
            // proclitic (والرئيس، لوزير) stays filler before the name, so the rules still see
            // the و or the preposition.
            if p.byte_start == toks[p.start].byte_start as usize {
                work.out.appositions.push((target, p.start, name_end));
            }
            position(work, target);
            return true;
        }
    }
    // A name in no gazetteer: Arabic "title، name،"; English "Title Name Name".
    let arabic = (p.start..p.end).any(|t| crate::text::has_arabic(doc.norm_of(t)));
    let mut name_end = k;
    while name_end < end
        && name_end - k < MAX_NAME_TOKENS
        && doc.name_like(name_end)
        && (arabic || doc.latin_cap(name_end))
    {
        name_end += 1;
    }
    let closed = name_end >= end
        || doc.is_punct(name_end, &["،", ",", ".", ":", "؛", ";"])
        || doc.has_class(name_end, WordClass::Speech);
    let name_ok = name_end - k >= 2 && (if arabic { comma_before && closed } else { true });
    if name_ok {
        let target = work.found_person(doc, k, name_end, 0);
        work.push_mention(doc.mention(target, k, name_end, Via::Pattern));
        work.out.appositions.push((target, p.start, name_end));
        position(work, target);
        return true;
    }
    // Speech verb, name, comma, this title: "وقال ديمتري شوجاييف، مدير ...".
    if p.start >= 3 && doc.is_punct(p.start - 1, &["،", ","]) {
        let stop = p.start - 1;
        let mut s = stop;
        while s > 0
            && stop - s < MAX_NAME_TOKENS
            && doc.name_like(s - 1)
            && (arabic || doc.latin_cap(s - 1))
        {
            s -= 1;
        }
        if stop - s >= 2 && s > 0 && doc.has_class(s - 1, WordClass::Speech) {
            let target = work.found_person(doc, s, stop, 0);
            work.push_mention(doc.mention(target, s, stop, Via::Pattern));
            work.out.appositions.push((target, s, p.end));
            position(work, target);
            return true;
        }
    }
    false
}
