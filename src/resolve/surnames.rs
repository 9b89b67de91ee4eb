//! Surnames: a later single token (after proclitics too, [`Grammar::PLAIN`] with
//! [`StemPolicy::Name`]) equal to the last name of a person
//! found by pattern joins that person (`via: coreference`). A surname shared by two people
//! found in the document is nobody's.

use rustc_hash::FxHashMap as HashMap;

use crate::text::clitics::{self, Grammar, StemPolicy};
use crate::text::TokenKind;

use super::index::DocIndex;
use super::{Target, Via, Work};

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let n = doc.len();
    let found = &work.out.found;
    // Where each person's first mention ends: a surname counts only after it.
    let mut first_end: Vec<usize> = vec![n; found.len()];
    for m in &work.out.mentions {
        if let Target::Found(f) = m.target {
            first_end[f as usize] = first_end[f as usize].min(m.end_token);
        }
    }
    let mut surnames: HashMap<&str, u32> = HashMap::default();
    for (fi, f) in found.iter().enumerate() {
        if let (true, Some(last)) = (f.norm_tokens.len() >= 2, f.norm_tokens.last()) {
            surnames
                .entry(last.as_str())
                .and_modify(|x| *x = u32::MAX)
                .or_insert(fi as u32);
        }
    }
    if surnames.is_empty() {
        return;
    }
    let mut added = Vec::new();
    let mut splits = Vec::new();
    for t in 0..n {
        if work.cover[t] || doc.toks[t].kind != TokenKind::Word {
            continue;
        }
        let w = doc.norm_of(t);
        let hit = surnames.get(w).map(|&f| (0, f)).or_else(|| {
            clitics::splits(w, Grammar::PLAIN, &mut splits);
            splits
                .iter()
                .filter(|s| StemPolicy::Name.allows(s, s.stem.chars().count()))
                .find_map(|s| surnames.get(s.stem).map(|&f| (s.len, f)))
        });
        let Some((prefix_len, fi)) = hit else {
            continue;
        };
        if fi == u32::MAX || t < first_end[fi as usize] {
            continue;
        }
        added.push(doc.mention_from(Target::Found(fi), t, t + 1, prefix_len, Via::Coreference));
    }
    for m in added {
        work.push_mention(m);
    }
}
