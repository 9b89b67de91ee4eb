//! Spelling variants and bodies by country.
//!
//! - A person found by the tagger or by pattern whose Arabic name has the spelling skeleton
//!   of one gazetteer person (جنتيلوني for جينتيلوني: long vowels and doubled letters of a
//!   transliteration vary, [`crate::gazetteer::name_skeleton`]) is that person: its
//!   mentions, positions and appositions move to the gazetteer entity.
//! - A place the tagger found whose Arabic name is one country's Arabic name with long
//!   vowels or a doubled letter written or left out (قرغيزستان for قيرغيزستان، بلجيكيا for
//!   بلجيكا; [`crate::gazetteer::long_vowel_variant`]) is that country.
//! - In a document about sport, a name the tagger found (of any type: it reads a club's
//!   transliterated name as a person or a place as often as not) that is a form of the
//!   gazetteer with one sports club among its readings ("ميلان" the club and a tilt,
//!   "لاتسيو"، "نيوكاسل") is that club.
//! - A body named without its country (وزارة الداخلية، مجلس الوزراء، the Interior Ministry:
//!   a bare form of a gazetteer agency's name, [`crate::gazetteer::Gazetteer::bare_bodies`])
//!   is that country's body when the document's country is clear, else an unlinked AGENCY
//!   with an id derived from its name (the same in every document).

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::Reading;
use crate::model::EntityType;

use super::index::DocIndex;
use super::{Target, Via, Work};

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    spelling_variants(doc, work);
    clubs_by_short_name(doc, work);
    bodies(doc, work);
}

/// The one sports club among the readings of an ambiguous gazetteer form, if exactly one.
fn one_club(doc: &DocIndex, text: &str) -> Option<u32> {
    let Some(Reading::Ambiguous(readings)) = doc.g.whole_name(text) else {
        return None;
    };
    let mut clubs = readings.iter().copied().filter(|&e| {
        let row = doc.g.entity(e);
        row.entity_type == EntityType::Agency && row.kind.as_deref() == Some("club")
    });
    match (clubs.next(), clubs.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn clubs_by_short_name(doc: &DocIndex, work: &mut Work) {
    // A club's short name is a word or two; the gazetteer is asked only in a document about
    // sport (matching a name afresh costs more than the document's scan for sport words).
    let short_tagged = |m: &super::ResolvedMention| {
        matches!(m.target, Target::Tagged(_))
            && m.via == Via::Tagger
            && m.end_token - m.first_token <= 2
    };
    if !work.out.mentions.iter().any(short_tagged) || !super::clubs::about_sport(doc) {
        return;
    }
    let mut remap: HashMap<Target, Target> = HashMap::default();
    for m in &work.out.mentions {
        if !short_tagged(m)
            || remap.contains_key(&m.target)
            || !doc.may_start_gazetteer_name(m.first_token)
        {
            continue;
        }
        let Some(key) = doc.mention_norm(m) else {
            continue;
        };
        if let Some(club) = one_club(doc, &key) {
            remap.insert(m.target, Target::Gazetteer(club));
        }
    }
    remap_targets(work, &remap);
}

fn spelling_variants(doc: &DocIndex, work: &mut Work) {
    let mut remap: HashMap<Target, Target> = HashMap::default();
    for m in &work.out.mentions {
        // A place the tagger found that is a country under another spelling.
        if let Target::Tagged(i) = m.target {
            let place = work.out.tagged[i as usize].entity_type == EntityType::Location;
            if place && m.via == Via::Tagger && !remap.contains_key(&m.target) {
                let country = doc
                    .mention_norm(m)
                    .filter(|key| crate::text::has_arabic(key))
                    .and_then(|key| {
                        let skeleton = crate::gazetteer::name_skeleton(&key);
                        let (c, name) = doc.r.country_skeletons.get(&skeleton)?.as_ref()?;
                        crate::gazetteer::long_vowel_variant(&key, name).then_some(*c)
                    });
                if let Some(c) = country {
                    remap.insert(m.target, Target::Gazetteer(c));
                    continue;
                }
            }
        }
        let person = match m.target {
            Target::Found(_) => true,
            Target::Tagged(i) => work.out.tagged[i as usize].entity_type == EntityType::Person,
            Target::Gazetteer(_) => false,
        };
        if !person
            || !matches!(m.via, Via::Tagger | Via::Pattern)
            || m.end_token - m.first_token < 2
            || remap.contains_key(&m.target)
        {
            continue;
        }
        let key = doc.joined_norm(m.first_token, m.end_token);
        if !crate::text::has_arabic(&key) {
            continue;
        }
        if let Some(e) = doc.g.person_by_spelling(&key) {
            remap.insert(m.target, Target::Gazetteer(e));
        }
    }
    remap_targets(work, &remap);
}

/// Moves the mentions, positions and appositions of each target of `remap` to its entity.
fn remap_targets(work: &mut Work, remap: &HashMap<Target, Target>) {
    if remap.is_empty() {
        return;
    }
    let map = |t: &mut Target| {
        if let Some(x) = remap.get(t) {
            *t = *x;
        }
    };
    for m in &mut work.out.mentions {
        map(&mut m.target);
    }
    for p in &mut work.out.positions {
        map(&mut p.person);
    }
    for a in &mut work.out.appositions {
        map(&mut a.person);
    }
}

fn bodies(doc: &DocIndex, work: &mut Work) {
    for bm in doc.bodies {
        let Reading::Entity(fi, _) = bm.reading else {
            continue;
        };
        let Some(pairs) = doc
            .r
            .body_forms
            .get(fi as usize)
            .and_then(|f| doc.g.bare_bodies().get(f))
        else {
            continue;
        };
        let (a, b) = (bm.first_token, bm.end_token);
        // The full name matched (وزارة الداخلية التونسية): it stands.
        if doc.gaz_cover[a..b].iter().any(|&c| c) {
            continue;
        }
        // English writes a body's name with capitals: "the central bank", "the labour
        // ministry" (or "Central bank" opening a sentence) describe, as a bare common noun
        // does (the guidelines). Function words inside a name stay lower case.
        let lower = (a..b).any(|t| {
            let w = doc.original_of(t);
            w.chars().next().is_some_and(char::is_lowercase)
                && !matches!(w, "of" | "the" | "for" | "and" | "on")
        });
        if lower {
            continue;
        }
        let linked = doc
            .doc_country
            .and_then(|c| pairs.iter().find(|(pc, _)| *pc == c))
            .map(|&(_, e)| Target::Gazetteer(e));
        // A tagger organisation over the same words becomes the country's body.
        let tagged = work.out.mentions.iter().position(|m| {
            m.first_token < b
                && a < m.end_token
                && matches!(m.target, Target::Tagged(i)
                    if work.out.tagged[i as usize].entity_type == EntityType::Agency)
        });
        match (tagged, linked) {
            (Some(i), Some(target)) => {
                let m = &work.out.mentions[i];
                if (m.first_token, m.end_token) == (a, b) {
                    work.out.mentions[i].target = target;
                }
            }
            (Some(_), None) => {}
            (None, _) if work.cover[a..b].iter().any(|&c| c) => {}
            (None, Some(target)) => {
                work.push_mention(doc.mention_from(
                    target,
                    a,
                    b,
                    clitic_len(doc, bm),
                    Via::Pattern,
                ));
            }
            (None, None) => {
                work.body_from(doc, a, b, clitic_len(doc, bm));
            }
        }
    }
}

/// Normalized bytes of proclitic before the match in its first token (بوزارة): the first
/// character boundary of the token's normalized form that maps to the match's start.
fn clitic_len(doc: &DocIndex, m: &crate::gazetteer::Match) -> usize {
    let tok = &doc.toks[m.first_token];
    let word = doc.norm_of(m.first_token);
    word.char_indices()
        .map(|(i, _)| i)
        .find(|&i| doc.norm.original_byte(tok.norm_start as usize + i) >= m.byte_start)
        .unwrap_or(0)
}
