//! Roles by date: a singular title with its country or agency and no name ("الرئيس الجزائري",
//! "the Algerian president") is the one person who held that role on the document's date
//! (else the gazetteers' `as_of` date; never the clock). Its mention says `via: role`.

use super::index::DocIndex;
use super::{Position, Target, Via, Work};

/// The rule id of positions found here.
const RULE: &str = "resolve/role";
/// How sure a role resolved by date is (less than a name written next to its title).
const CONFIDENCE: f64 = 0.7;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
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
