//! The byte-level matcher that the token-level one replaced (an aho-corasick automaton over
//! the tokens' forms joined by spaces), kept for tests only: the new matcher must give exactly
//! its matches. Not compiled into the library.

#![allow(missing_docs, dead_code)]

use std::collections::HashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use super::load::{AliasKind, AliasRow};
use crate::text::clitics::{self, Grammar, Split, StemPolicy};
use crate::text::{alias_key, Normalized, Tokens};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    Entity(u32, AliasKind),
    Adjective(u32),
    Ambiguous(Vec<u32>),
}

struct Pattern {
    reading: Reading,
    /// Char positions (in the joined normalized form) that must be upper case in the text.
    upper: Vec<u16>,
    /// Positions must match the original case exactly (the `case` flag).
    exact_case: Option<String>,
    /// Whether the alias is written in Latin script (whole tokens only).
    latin: bool,
    /// The article-less variant of an `ال` alias: needs a preceding ل (للجزائر).
    lal: bool,
}

/// One form to compile: its text, the index it reads as, and its flags.
struct Form<'a> {
    id: u32,
    text: &'a str,
    kind: AliasKind,
    ambiguous: bool,
    exact_case: bool,
}

/// A compiled gazetteer matcher.
pub struct Matcher {
    automaton: NFA,
    patterns: Vec<Pattern>,
}

/// One chosen match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// First token.
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// Original byte range of the mention (proclitics left out where possible).
    pub byte_start: usize,
    /// End of the original byte range.
    pub byte_end: usize,
    /// The span includes a proclitic that could not be cut off (للجزائر).
    pub clitic: bool,
    /// How to read it.
    pub reading: Reading,
}

/// Per-document scratch for the matcher.
#[derive(Debug, Default)]
pub struct MatchScratch {
    candidates: Vec<(usize, usize, usize)>,
}

fn is_latin(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic()) && !crate::text::has_arabic(s)
}

impl Matcher {
    /// Compiles the aliases. `entity_index` maps an entity id to its index; aliases of unknown
    /// entities are skipped (the loader's check reports them).
    pub fn new(
        aliases: &[AliasRow],
        entity_index: &HashMap<String, u32>,
    ) -> Result<Matcher, String> {
        Matcher::build(aliases.iter().filter_map(|a| {
            Some(Form {
                id: *entity_index.get(&a.entity)?,
                text: &a.alias,
                kind: a.kind,
                ambiguous: a.ambiguous,
                exact_case: a.exact_case,
            })
        }))
    }

    /// Compiles plain (form, id) pairs: names with no flags (titles with their role index,
    /// lexicon words with their row). A form given with several ids reads as ambiguous.
    pub fn from_forms(forms: &[(&str, u32)]) -> Result<Matcher, String> {
        Matcher::build(forms.iter().map(|&(text, id)| Form {
            id,
            text,
            kind: AliasKind::Name,
            ambiguous: false,
            exact_case: false,
        }))
    }

    fn build<'a>(forms: impl Iterator<Item = Form<'a>>) -> Result<Matcher, String> {
        // Group readings by normalized key.
        struct Group {
            names: Vec<(u32, AliasKind)>,
            adjectives: Vec<u32>,
            ambiguous: Vec<u32>,
            cased: Option<String>,
            upper: Option<Vec<u16>>,
            latin: bool,
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        for a in forms {
            let e = a.id;
            let key = alias_key(a.text);
            if key.is_empty() {
                continue;
            }
            let gi = *by_key.entry(key.clone()).or_insert_with(|| {
                keys.push(key.clone());
                groups.push(Group {
                    names: vec![],
                    adjectives: vec![],
                    ambiguous: vec![],
                    cased: None,
                    upper: None,
                    latin: is_latin(&key),
                });
                groups.len() - 1
            });
            let g = &mut groups[gi];
            if a.ambiguous {
                g.ambiguous.push(e);
            } else if a.kind.is_adjective() {
                g.adjectives.push(e);
            } else {
                g.names.push((e, a.kind));
            }
            if g.latin {
                if a.exact_case {
                    g.cased = Some(alias_key_cased(a.text));
                }
                // Capitals required: the intersection over the group's aliases, so the most
                // permissive spelling decides.
                let up = upper_positions(a.text);
                g.upper = Some(match g.upper.take() {
                    None => up,
                    Some(prev) => prev.into_iter().filter(|p| up.contains(p)).collect(),
                });
            }
        }
        let mut patterns = Vec::with_capacity(groups.len() * 2);
        let mut pattern_keys = Vec::with_capacity(groups.len() * 2);
        for (g, key) in groups.into_iter().zip(keys) {
            let mut names: Vec<u32> = g.names.iter().map(|n| n.0).collect();
            names.sort_unstable();
            names.dedup();
            let mut adj = g.adjectives.clone();
            adj.sort_unstable();
            adj.dedup();
            let reading = match (names.len(), adj.len()) {
                (1, _) => {
                    let kind = g.names.iter().map(|n| n.1).min().unwrap_or(AliasKind::Name);
                    Reading::Entity(names[0], kind)
                }
                (0, 1) => Reading::Adjective(adj[0]),
                _ => {
                    let mut all: Vec<u32> = names
                        .into_iter()
                        .chain(adj)
                        .chain(g.ambiguous.iter().copied())
                        .collect();
                    all.sort_unstable();
                    all.dedup();
                    Reading::Ambiguous(all)
                }
            };
            if !g.latin {
                if let Some(rest) = key.strip_prefix("ال") {
                    if !rest.is_empty() && !rest.starts_with(' ') {
                        patterns.push(Pattern {
                            reading: reading.clone(),
                            upper: vec![],
                            exact_case: None,
                            latin: false,
                            lal: true,
                        });
                        pattern_keys.push(rest.to_string());
                    }
                }
            }
            patterns.push(Pattern {
                reading,
                upper: g.upper.unwrap_or_default(),
                exact_case: g.cased,
                latin: g.latin,
                lal: false,
            });
            pattern_keys.push(key);
        }
        // A contiguous NFA walked by hand (anchored, see `find`): compact, and its cost per
        // step does not depend on the number of aliases.
        let automaton = NFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&pattern_keys)
            .map_err(|e| format!("cannot build the alias automaton: {e}"))?;
        Ok(Matcher {
            automaton,
            patterns,
        })
    }

    /// Number of patterns compiled (aliases plus their لل variants).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Heap memory used by the automaton, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Finds the matches in a tokenized document, leftmost-longest.
    pub fn find(
        &self,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        scratch: &mut MatchScratch,
        out: &mut Vec<Match>,
    ) {
        out.clear();
        let toks = &tokens.tokens;
        if toks.is_empty() {
            return;
        }
        let MatchScratch { candidates } = scratch;
        candidates.clear();
        // Tokens::joined and joined_starts as they were.
        let mut joined = String::new();
        let mut starts: Vec<u32> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            starts.push(joined.len() as u32);
            joined.push_str(t.norm(&norm.text));
        }
        let (joined, starts) = (&joined, &starts);
        let token_at = |pos: usize| -> usize { starts.partition_point(|&s| s as usize <= pos) - 1 };
        // Anchored searches at each token start and after each valid proclitic prefix: the
        // automaton walks only as far as some alias continues, so the cost depends on the
        // tokens, not on the size of the gazetteer.
        let mut splits: Vec<Split> = Vec::with_capacity(4);
        for (t, tok) in toks.iter().enumerate() {
            let base = starts[t] as usize;
            let word = tok.norm(&norm.text);
            splits.clear();
            if tok.kind == crate::text::TokenKind::Word {
                clitics::splits(word, Grammar::NAME, &mut splits);
            }
            // The bare token, then after each proclitic sequence.
            for split in std::iter::once(None).chain(splits.iter().map(Some)) {
                let offset = split.map_or(0, |s| s.len);
                let a = base + offset;
                // Walk the automaton from here; every match state reached is an alias that
                // starts here if its length is the distance walked (others are suffixes).
                let aut = &self.automaton;
                let Ok(mut sid) = aut.start_state(Anchored::Yes) else {
                    continue;
                };
                let bytes = joined.as_bytes();
                let mut pos = a;
                while pos < bytes.len() {
                    sid = aut.next_state(Anchored::Yes, sid, bytes[pos]);
                    pos += 1;
                    if !aut.is_special(sid) {
                        continue;
                    }
                    if aut.is_dead(sid) {
                        break;
                    }
                    if !aut.is_match(sid) {
                        continue;
                    }
                    let b = pos;
                    let last = token_at(b - 1);
                    let last_end = starts[last] as usize
                        + (toks[last].norm_end - toks[last].norm_start) as usize;
                    if b != last_end {
                        continue;
                    }
                    for i in 0..aut.match_len(sid) {
                        let pid = aut.match_pattern(sid, i);
                        if aut.pattern_len(pid) != b - a {
                            continue;
                        }
                        let p = &self.patterns[pid.as_usize()];
                        // The whole name matched counts as the stem (آل سعود in وآل سعود).
                        let ok = match split {
                            None => !p.lal,
                            Some(sp) => {
                                sp.lal == p.lal
                                    && !p.latin
                                    && StemPolicy::Name.allows(sp, joined[a..b].chars().count())
                            }
                        };
                        if !ok
                            || (p.latin
                                && !self.case_ok(
                                    p,
                                    original,
                                    norm,
                                    tok.norm_start as usize + offset,
                                    &joined[a..b],
                                ))
                        {
                            continue;
                        }
                        candidates.push((a, b, pid.as_usize()));
                    }
                }
            }
        }
        // Leftmost-longest, deterministic.
        candidates.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2)));
        let mut covered_to = 0usize;
        for &(a, b, pi) in candidates.iter() {
            if a < covered_to {
                continue;
            }
            covered_to = b;
            let p = &self.patterns[pi];
            let first = token_at(a);
            let last = token_at(b - 1);
            let offset = a - starts[first] as usize;
            let t0 = &toks[first];
            let byte_start = if p.lal {
                t0.byte_start as usize
            } else {
                norm.original_byte(t0.norm_start as usize + offset)
            };
            out.push(Match {
                first_token: first,
                end_token: last + 1,
                byte_start,
                byte_end: toks[last].byte_end as usize,
                clitic: p.lal,
                reading: p.reading.clone(),
            });
        }
    }

    /// Checks letter case for a Latin pattern matched at normalized byte `norm_start`.
    fn case_ok(
        &self,
        p: &Pattern,
        original: &str,
        norm: &Normalized,
        norm_start: usize,
        matched: &str,
    ) -> bool {
        if p.upper.is_empty() && p.exact_case.is_none() {
            return true;
        }
        // Walk the matched normalized chars; joined-string spaces stand for any whitespace
        // in the text, so skip the text's whitespace alongside.
        let mut text_pos = norm_start;
        let mut cased = p.exact_case.as_deref().map(|s| s.chars());
        for (ci, c) in matched.chars().enumerate() {
            if c == ' ' {
                while text_pos < norm.text.len()
                    && norm.text.as_bytes()[text_pos].is_ascii_whitespace()
                {
                    text_pos += 1;
                }
                if let Some(cs) = cased.as_mut() {
                    cs.next();
                }
                continue;
            }
            let o = norm.original_byte(text_pos);
            let oc = original[o..].chars().next().unwrap_or(' ');
            if p.upper.binary_search(&(ci as u16)).is_ok() && !oc.is_uppercase() {
                return false;
            }
            if let Some(cs) = cased.as_mut() {
                if cs.next() != Some(oc) {
                    return false;
                }
            }
            text_pos += c.len_utf8();
        }
        true
    }
}

/// Like [`alias_key`] but keeping letter case (for `case` aliases).
fn alias_key_cased(alias: &str) -> String {
    alias.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Char positions of upper-case letters in the alias's joined form (only for aliases whose
/// normalization is 1:1 per char, i.e. Latin text; others get none).
fn upper_positions(alias: &str) -> Vec<u16> {
    let key = alias_key(alias);
    let cased: String = alias_key_cased(alias);
    if key.chars().count() != cased.chars().count() {
        return vec![];
    }
    cased
        .chars()
        .enumerate()
        .filter(|(_, c)| c.is_uppercase())
        .map(|(i, _)| i as u16)
        .collect()
}
