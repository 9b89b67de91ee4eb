//! Roles in the document, then by date. A singular title with no name is first the one person
//! the document itself names with that title ("عماد الخميري، الناطق الرسمي باسم حركة النهضة"
//! earlier, then "وأشار الناطق الرسمي باسم حركة النهضة"; "وقال المتحدث" after one spokesman
//! was named): its mention says `via: coreference`. Else, with its country or agency
//! ("الرئيس الجزائري", "the Algerian president"), it is the one person who held that role on
//! the document's date (else the gazetteers' `as_of` date; never the clock). Its mention says
//! `via: role`.

use super::index::DocIndex;
use super::{Position, Target, Via, Work};

/// The rule id of positions found here.
const RULE: &str = "resolve/role";
/// How sure a role resolved by date is (less than a name written next to its title).
const CONFIDENCE: f64 = 0.7;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    in_document(doc, work);
    let Some(date) = doc.date else {
        return;
    };
    let phrases = std::mem::take(&mut work.phrases);
    // Never across a qualifier (نائب، مبعوث، مستشار before the title; السابق after it): the
    // office is not the one the title names.
    for p in phrases
        .iter()
        .filter(|p| !p.named && p.singular && !p.qualified)
    {
        let Some(of) = p.of else { continue };
        let Some((person, role)) = doc.r.holder(&p.roles, of, date) else {
            continue;
        };
        let person = Target::Gazetteer(person);
        work.push_mention(doc.mention(person, p.start, p.end, Via::Role));
        work.out.positions.push(Position {
            person,
            role,
            title_bytes: (p.byte_start, doc.toks[p.end - 1].byte_end as usize),
            of: Some(Target::Gazetteer(of)),
            sentence: doc.toks[p.start].sentence as usize,
            rule: RULE,
            confidence: CONFIDENCE,
        });
    }
    work.phrases = phrases;
}

/// Title phrases with no name that the document's own named offices resolve: the one person
/// it names with the same role held in the same body or country (or, for a bare definite
/// title, the one person it names with that role at all). The phrase is marked named, so the
/// date does not resolve it again.
fn in_document(doc: &DocIndex, work: &mut Work) {
    if work.out.positions.is_empty() {
        return;
    }
    let mut phrases = std::mem::take(&mut work.phrases);
    for p in phrases
        .iter_mut()
        .filter(|p| !p.named && p.singular && !p.qualified && !p.no_position)
    {
        // A name a few words on is the phrase's own ("النائب عن حركة الشعب سالم لبيض").
        if super::titles::name_follows(doc, work, p.end) {
            continue;
        }
        let of = p.of.map(Target::Gazetteer).or(p.of_tagged);
        if of.is_none() && (p.body.is_some() || !definite(doc, p)) {
            continue;
        }
        let keys: Vec<&str> = p
            .roles
            .iter()
            .map(|&r| doc.r.role_keys[r as usize].as_str())
            .collect();
        let mut holder: Option<Target> = None;
        let mut several = false;
        for pos in &work.out.positions {
            if !keys.contains(&pos.role.as_str()) || (of.is_some() && pos.of != of) {
                continue;
            }
            match holder {
                Some(h) if h != pos.person => several = true,
                _ => holder = Some(pos.person),
            }
        }
        let (Some(person), false) = (holder, several) else {
            continue;
        };
        work.push_mention(doc.mention(person, p.start, p.end, Via::Coreference));
        p.named = true;
    }
    work.phrases = phrases;
}

/// The title phrase is definite: an Arabic form with the article or a definite construct
/// (المتحدث، رئيس الحكومة), an English one after "the".
fn definite(doc: &DocIndex, p: &super::TitlePhrase) -> bool {
    if crate::text::has_arabic(doc.norm_of(p.start)) {
        p.definite
    } else {
        p.start > 0 && doc.norm_of(p.start - 1) == "the"
    }
}
