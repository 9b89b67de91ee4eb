//! What the rules read about a document: its mentions as parties. The gazetteer's matches (a
//! metonymic one as the entity it stands for) and the mentions resolution added, each reading
//! an index into a per-document table of parties ([`PartyInfo`]), leftmost-longest.

use rustc_hash::FxHashMap as HashMap;

use super::{PartyIdx, PartyInfo};
use crate::gazetteer::{self, Gazetteer, Match, Reading};
use crate::model::EntityType;
use crate::resolve::{Resolved, Target};
use crate::text::Tokens;

/// Fills `parties` and `out` (the mentions the rules see, in token order, not overlapping):
/// appositions of people found by pattern first (the whole "title، name" reads as the
/// person), then gazetteer names, then other resolved mentions with one referent. Fills
/// `title_after` with the first tokens of the appositions in `out` that end in their title's
/// words ("X، عضو المكتب التنفيذي"), in token order.
pub fn rule_mentions(
    g: &Gazetteer,
    tokens: &Tokens,
    matches: &[Match],
    resolved: &Resolved,
    parties: &mut Vec<PartyInfo>,
    out: &mut Vec<Match<PartyIdx>>,
    title_after: &mut Vec<usize>,
) {
    let mut index: HashMap<Target, PartyIdx> = HashMap::default();
    parties.clear();
    let mut party = |t: Target| -> PartyIdx {
        *index.entry(t).or_insert_with(|| {
            let (id, entity_type, outlet) = match t {
                Target::Gazetteer(e) => {
                    let row = g.entity(e);
                    let outlet = matches!(row.kind.as_deref(), Some("news" | "media"));
                    (row.id.clone(), row.entity_type, outlet)
                }
                Target::Found(f) => (
                    resolved.found[f as usize].id.clone(),
                    EntityType::Person,
                    false,
                ),
                Target::Tagged(t) => {
                    let e = &resolved.tagged[t as usize];
                    (e.id.clone(), e.entity_type, false)
                }
            };
            parties.push(PartyInfo {
                id,
                entity_type,
                outlet,
            });
            PartyIdx(parties.len() as u32 - 1)
        })
    };
    // (match, priority): appositions of people found by pattern first (the whole "title،
    // name" reads as the person), then gazetteer names, then other resolved mentions, then
    // nationality adjectives and ambiguous forms.
    let mut all: Vec<(Match<PartyIdx>, u8)> = Vec::new();
    let toks = &tokens.tokens;
    let mut stands_for: Vec<Option<u32>> = vec![None; matches.len()];
    for &(mi, sf) in &resolved.stands_for {
        stands_for[mi] = Some(sf);
    }
    let mut at_span: HashMap<(usize, usize), usize> = HashMap::default();
    for m in &resolved.mentions {
        *at_span.entry((m.first_token, m.end_token)).or_default() += 1;
    }
    for a in &resolved.appositions {
        let (first, end) = (a.first, a.end);
        let reading = Reading::Entity(party(a.person), gazetteer::AliasKind::Name);
        all.push((
            Match {
                first_token: first,
                end_token: end,
                byte_start: toks[first].byte_start as usize,
                byte_end: toks[end - 1].byte_end as usize,
                clitic: false,
                reading,
            },
            0,
        ));
    }
    for (mi, m) in matches.iter().enumerate() {
        // A nationality adjective gives way to a resolved mention that starts with it ("a
        // Russian delegation" is Russia's party): priority 3, after every other kind. So does
        // an ambiguous form, which no rule reads as a party: where the tagger or resolution
        // read it ("a spokesman for Ford said", the company), that reading is the party.
        let priority = if matches!(m.reading, Reading::Adjective(_) | Reading::Ambiguous(_)) {
            3
        } else {
            1
        };
        let reading = match &m.reading {
            Reading::Entity(e, kind) => Reading::Entity(
                party(Target::Gazetteer(stands_for[mi].unwrap_or(*e))),
                *kind,
            ),
            Reading::Adjective(c) => Reading::Adjective(party(Target::Gazetteer(*c))),
            Reading::Ambiguous(v) => Reading::Ambiguous(v.clone()),
        };
        all.push((
            Match {
                first_token: m.first_token,
                end_token: m.end_token,
                byte_start: m.byte_start,
                byte_end: m.byte_end,
                clitic: m.clitic,
                reading,
            },
            priority,
        ));
    }
    for m in &resolved.mentions {
        // A plural anaphor (البلدين) stands for several parties at one place: rules take
        // the names themselves.
        let shared = at_span[&(m.first_token, m.end_token)];
        if shared > 1 {
            continue;
        }
        let reading = Reading::Entity(party(m.target), gazetteer::AliasKind::Name);
        all.push((
            Match {
                first_token: m.first_token,
                end_token: m.end_token,
                byte_start: m.byte_start,
                byte_end: m.byte_end,
                clitic: false,
                reading,
            },
            2,
        ));
    }
    all.sort_by_key(|(m, p)| (m.first_token, *p, std::cmp::Reverse(m.end_token)));
    out.clear();
    let mut covered_to = 0usize;
    for (m, _) in all {
        if m.first_token < covered_to {
            continue;
        }
        covered_to = m.end_token;
        out.push(m);
    }
    title_after.clear();
    for a in resolved.appositions.iter().filter(|a| a.title_after) {
        let kept = out
            .binary_search_by_key(&a.first, |m| m.first_token)
            .is_ok_and(|i| out[i].end_token == a.end);
        if kept {
            title_after.push(a.first);
        }
    }
    title_after.sort_unstable();
    title_after.dedup();
}
