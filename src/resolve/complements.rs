//! The subject of a reported clause: "أكد الوزير أنه سيزور الجزائر" — the pronoun on the
//! complementizer (أنه، أنها: "that he", "that she/it") is, in news, the speaker of the verb
//! before it, and the subject of the clause it opens. The complementizer becomes a mention of
//! the speaker (`via: coreference`), so the relation rules take the speaker as the party of
//! the clause ("أنه سيزور الجزائر": visits(the minister, Algeria)).
//!
//! The speaker is the subject of the speech verb: the first person, organisation or country
//! named after the verb (قال X ... أنه), else the last one named before it in the sentence (X
//! قال أنه). أنه takes a person or an organisation (masculine); أنها any of them (a country,
//! a ministry, a woman). Only a speech verb of the lexicon before the complementizer, in the same
//! sentence, with no quotation mark or colon between them, opens such a clause; not a verb after
//! a relative pronoun (الذي قال ... إنه: the pronoun is the antecedent); a plural pronoun (أنهم)
//! is left alone.

use crate::gazetteer::WordClass;
use crate::model::{EntityType, Via};

use super::index::DocIndex;
use super::{Target, Work};

/// How far before the complementizer its speech verb may stand (tokens).
const MAX_VERB_DISTANCE: usize = 25;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let mut added = Vec::new();
    for t in 0..doc.len() {
        let feminine = match doc.norm_of(t) {
            "انه" => false,
            "انها" => true,
            _ => continue,
        };
        if work.cover[t] {
            continue;
        }
        let start = doc.tokens.sentences[doc.toks[t].sentence as usize].first_token as usize;
        let lo = t.saturating_sub(MAX_VERB_DISTANCE).max(start);
        let Some(verb) = (lo..t).rev().find(|&v| doc.has_class(v, WordClass::Speech)) else {
            continue;
        };
        // Not inside a quotation or after a colon (the pronoun is the quoted speaker's own:
        // "قال: «... مع الجزائر، إنها البلد ...»"), and not after a relative clause's verb
        // ("الإعلان الذي قال بوتين إنه سيفتح ...": the pronoun is the declaration).
        let quoted = (verb + 1..t).any(|u| matches!(doc.norm_of(u), "\"" | ":" | "'"));
        let relative =
            verb > start && matches!(doc.norm_of(verb - 1), "الذي" | "التي" | "والذي" | "والتي");
        if quoted || relative {
            continue;
        }
        let fits = |ty: EntityType| match ty {
            EntityType::Person | EntityType::Agency => true,
            EntityType::Country => feminine,
            _ => false,
        };
        let after = (verb + 1..t).find_map(|u| party_at(doc, work, u).filter(|&(_, ty)| fits(ty)));
        let before = || {
            (start..verb)
                .rev()
                .find_map(|u| party_at(doc, work, u).filter(|&(_, ty)| fits(ty)))
        };
        if let Some((target, _)) = after.or_else(before) {
            added.push(doc.mention(target, t, t + 1, Via::Coreference));
        }
    }
    for m in added {
        work.push_mention(m);
    }
}

/// The party whose mention starts at token `u`: a gazetteer entity whose match stands (not
/// held by a longer name, not read as an adjective: "القوات السعودية"), or the entity a capital
/// or an ambiguous name stands for, or a mention resolution or the tagger added, with its type.
fn party_at(doc: &DocIndex, work: &Work, u: usize) -> Option<(Target, EntityType)> {
    let stands = doc.gaz_at[u].is_some_and(|mi| work.match_stands(mi));
    if let Some(e) = doc.entity_at(u).filter(|_| stands) {
        return Some((Target::Gazetteer(e), doc.entity_type(e)));
    }
    // A capital or an ambiguous name resolution read as a country (الجزائر).
    if let Some(mi) = doc.gaz_at[u] {
        if let Ok(i) = work.out.stands_for.binary_search_by_key(&mi, |x| x.0) {
            let e = work.out.stands_for[i].1;
            return Some((Target::Gazetteer(e), doc.entity_type(e)));
        }
    }
    let m = work.out.mentions.iter().find(|m| m.first_token == u)?;
    let ty = match m.target {
        Target::Gazetteer(e) => doc.entity_type(e),
        Target::Found(_) => EntityType::Person,
        Target::Tagged(i) => work.out.tagged[i as usize].entity_type,
    };
    Some((m.target, ty))
}
