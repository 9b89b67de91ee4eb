//! Word classes of each token: the bare word, then the stem after each proclitic reading of
//! the one clitic grammar ([`Grammar::WORD`], [`StemPolicy::Word`]).

use super::{Hit, Input, RuleScratch};
use crate::gazetteer::Reading;
use crate::rules::RuleSet;
use crate::text::clitics::{self, Grammar, Split, StemPolicy};

/// Whether a word starts with an Arabic letter.
fn is_arabic(s: &str) -> bool {
    s.chars().next().is_some_and(crate::text::is_arabic_char)
}

impl RuleSet {
    fn probe(&self, word: &str, clitic: usize, future: bool, waw: bool, out: &mut Vec<Hit>) {
        let lx = &self.lexicon;
        let mut push = |classes: &Vec<u32>| {
            for &class in classes {
                if let Some(h) = out.iter_mut().find(|h| h.class == class) {
                    if (clitic as u8) < h.clitic {
                        *h = Hit {
                            class,
                            clitic: clitic as u8,
                            future,
                            waw,
                        };
                    }
                } else {
                    out.push(Hit {
                        class,
                        clitic: clitic as u8,
                        future,
                        waw,
                    });
                }
            }
        };
        if let Some(c) = lx.exact.get(word) {
            push(c);
        }
        for &len in &lx.prefix_lens {
            if len > word.len() {
                break;
            }
            if word.is_char_boundary(len) {
                if let Some(c) = lx.prefix.get(&word[..len]) {
                    push(c);
                }
            }
        }
    }

    /// All class hits of one normalized token: the bare word, then the stem after each
    /// proclitic reading ([`Grammar::WORD`], [`StemPolicy::Word`]); after لل the stem is
    /// looked up with its article and without.
    fn lookup<'w>(
        &self,
        tok: &'w str,
        splits: &mut Vec<Split<'w>>,
        tmp: &mut String,
        out: &mut Vec<Hit>,
    ) {
        self.probe(tok, 0, false, false, out);
        if !is_arabic(tok) {
            return;
        }
        clitics::splits(tok, Grammar::WORD, splits);
        for sp in splits.iter() {
            if !StemPolicy::Word.allows(sp, sp.stem.chars().count()) {
                continue;
            }
            if sp.lal {
                tmp.clear();
                tmp.push_str("ال");
                tmp.push_str(sp.stem);
                self.probe(tmp, sp.len, false, sp.waw, out);
            }
            self.probe(sp.stem, sp.len, sp.future, sp.waw, out);
        }
    }

    pub(super) fn prepare(&self, input: &Input, s: &mut RuleScratch) {
        let toks = &input.tokens.tokens;
        s.hits.clear();
        s.hit_ranges.clear();
        s.entity_at.clear();
        s.entity_at.resize(toks.len(), u32::MAX);
        s.adjective_at.clear();
        s.adjective_at.resize(toks.len(), u32::MAX);
        let mut splits = Vec::with_capacity(4);
        for t in toks {
            let a = s.hits.len() as u32;
            let word = t.norm(&input.norm.text);
            // Hits of one token are de-duplicated among themselves only.
            let mut local = std::mem::take(&mut s.local);
            local.clear();
            self.lookup(word, &mut splits, &mut s.tmp, &mut local);
            s.hits.extend_from_slice(&local);
            s.local = local;
            s.hit_ranges.push((a, s.hits.len() as u32));
        }
        for (i, m) in input.matches.iter().enumerate() {
            let slot = match m.reading {
                Reading::Entity(..) => &mut s.entity_at,
                Reading::Adjective(_) => &mut s.adjective_at,
                Reading::Ambiguous(_) => continue,
            };
            if let Some(x) = slot.get_mut(m.first_token) {
                if *x == u32::MAX {
                    *x = i as u32;
                }
            }
        }
    }
}
