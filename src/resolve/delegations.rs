//! Delegations: a delegation named by its nationality ("وفد روسي", "الوفد الروسي") acts for its
//! country. The phrase becomes a mention of the country (`via: coreference`, as a description
//! that refers to it), so relation rules take it as the country party: "وصل وفد روسي إلى
//! الجزائر" reads as Russia arriving in Algeria. The delegation word is a lexicon class
//! (`delegation`, gazetteers/lexicon.tsv), matched with its proclitics (والوفد); the nationality
//! adjective is a gazetteer adjective (nisba) of a country right after it. English writes the
//! adjective first ("a Russian delegation", "the Algerian delegation"): the phrase is the
//! adjective and the delegation word after it.

use crate::gazetteer::{Reading, WordClass};
use crate::model::{EntityType, Via};

use super::index::DocIndex;
use super::{Target, Work};

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    adjective_first(doc, work);
    for t in 0..doc.len().saturating_sub(1) {
        if doc.gaz_cover[t] || !doc.has_class(t, WordClass::Delegation) {
            continue;
        }
        let Some(mi) = doc.gaz_at[t + 1] else {
            continue;
        };
        let m = &doc.matches[mi];
        let Reading::Adjective(c) = m.reading else {
            continue;
        };
        let same_sentence = doc.toks[t].sentence == doc.toks[m.end_token - 1].sentence;
        if same_sentence && doc.entity_type(c) == EntityType::Country {
            let mention = doc.mention(Target::Gazetteer(c), t, m.end_token, Via::Coreference);
            work.push_mention(mention);
        }
    }
}

/// "a Russian delegation": a country's adjective right before a delegation word (English
/// order). The adjective's match and the word make the mention.
fn adjective_first(doc: &DocIndex, work: &mut Work) {
    for t in 1..doc.len() {
        if doc.gaz_cover[t] || work.cover[t] || !doc.has_class(t, WordClass::Delegation) {
            continue;
        }
        let Some(mi) = doc.match_ending_at[t] else {
            continue;
        };
        let m = &doc.matches[mi];
        let Reading::Adjective(c) = m.reading else {
            continue;
        };
        let same_sentence = doc.toks[m.first_token].sentence == doc.toks[t].sentence;
        if same_sentence
            && doc.entity_type(c) == EntityType::Country
            && !crate::text::has_arabic(doc.norm_of(t))
        {
            let mention = doc.mention(Target::Gazetteer(c), m.first_token, t + 1, Via::Coreference);
            work.push_mention(mention);
        }
    }
}
