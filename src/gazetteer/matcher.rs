//! The gazetteer matcher: aliases compiled into a trie of token forms, run over a document's
//! tokens.
//!
//! Text and aliases are normalized and tokenized the same way, and an alias matches a run of
//! whole tokens whose normalized forms are its own, one for one (so line breaks, double spaces
//! and tatweel between words do not matter). A match starts at a token start or right after an
//! Arabic proclitic sequence inside the token ([`Grammar::NAME`] of [`crate::text::clitics`]):
//! `(و|ف)? (ب|ل|ك)?` before any alias (والجزائر, بموسكو, لروسيا, وبالجزائر), and `(و|ف)? لل`
//! before an alias with its article's alef dropped (للجزائر matches الجزائر); the name after a
//! proclitic has three letters or more ([`StemPolicy::Name`], counting the whole name matched,
//! spaces between its words included). Latin aliases match whole tokens only, and their
//! capital letters must be capitals in the text too (`US` does not match "us"); aliases
//! flagged `case` must match the case exactly.
//!
//! Overlaps: the matches are chosen leftmost-longest: the earliest start wins (a token's bare
//! form before its proclitic readings, shorter proclitics first), then the longest match; a
//! match never starts inside the tokens of the one before. That is deterministic.
//!
//! Cost: every token form has its hash from the tokenizer ([`Tokens::hashes`]); a token costs
//! one probe of the vocabulary (the forms the aliases are made of), then one probe of the
//! trie's edges per further token while an alias continues. The stems after proclitics are
//! hashed and probed only for words that start with a proclitic letter. None of it depends on
//! the number of aliases, and nothing is allocated per token or per match.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::load::{AliasKind, AliasRef, AliasRow};
use super::snapshot::{Reader, Writer};
use crate::text::clitics::{Grammar, Split, SplitList, StemPolicy};
use crate::text::{form_hash, Normalized, TokenKind, Tokens};

/// How a matched form is to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// `I` is what an entity reading points at: an index into the gazetteer's entity table (`u32`,
/// the matcher's own readings), or, for the mentions the rules read, an index into the
/// document's parties table ([`crate::rules::PartyIdx`]); the type keeps the two apart.
pub enum Reading<I = u32> {
    /// A certain name of this entity.
    Entity(I, AliasKind),
    /// An adjective (nisba, demonym) of this entity: not a mention.
    Adjective(I),
    /// Several readings, none certain: not emitted as an entity. Shared, so a match copies a
    /// pointer, not the list.
    Ambiguous(Arc<[u32]>),
}

/// What a normalized key (one alias form, all its rows together) reads as.
struct Group {
    reading: Reading,
    /// Written in Latin script: whole tokens only, letter case checked.
    latin: bool,
    /// Index into [`Matcher::cases`] when letter case must be checked.
    case: Option<u32>,
}

/// Letter-case requirements of a Latin key.
struct CaseCheck {
    /// The normalized key (forms joined by single spaces).
    key: Box<str>,
    /// Char positions in `key` that must be upper case in the text.
    upper: Box<[u16]>,
    /// The key with its original case, for `case` aliases.
    exact: Option<Box<str>>,
}

/// A trie node: a sequence of token forms.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The key spelled by the path, if it is one (matched bare or after و ف ب ل ك).
    name: u32,
    /// The key that is `ال` + the path (matched after لل only).
    lal: u32,
    /// Whether some key continues past this node.
    has_children: bool,
}

const NONE: u32 = u32::MAX;

impl Node {
    const EMPTY: Node = Node {
        name: NONE,
        lal: NONE,
        has_children: false,
    };
}

impl Memo {
    const EMPTY: Memo = Memo {
        hash: 0,
        tag: 0,
        root: NONE,
        node: Node::EMPTY,
        len: 0,
        bytes: [0; MEMO_FORM_BYTES],
    };
}

/// The distinct token forms of the keys, looked up by [`form_hash`] and checked by content.
#[derive(Default)]
struct Vocab {
    /// Form hash -> form id (the first form with that hash).
    by_hash: FxHashMap<u64, u32>,
    /// Forms whose hash an earlier form already has (in practice empty).
    collided: HashMap<Box<str>, u32>,
    /// The forms, concatenated; form `i` is `text[ends[i - 1]..ends[i]]`.
    text: String,
    ends: Vec<u32>,
}

impl Vocab {
    fn form(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    #[inline]
    fn get(&self, hash: u64, form: &str) -> Option<u32> {
        let id = *self.by_hash.get(&hash)?;
        if self.form(id) == form {
            return Some(id);
        }
        if self.collided.is_empty() {
            None
        } else {
            self.collided.get(form).copied()
        }
    }

    fn intern(&mut self, form: &str) -> u32 {
        let hash = form_hash(form);
        if let Some(id) = self.get(hash, form) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.text.push_str(form);
        self.ends.push(self.text.len() as u32);
        match self.by_hash.entry(hash) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(form.into(), id);
            }
        }
        id
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// A blocked Bloom filter of the hashes of the forms that start a key: a token that starts no
/// key is dismissed after one look at a table of a few bits per form, which stays in the CPU
/// cache where the vocabulary of a million aliases does not. No false negatives, so exact.
/// (The same filter over the trie's steps, tried for the words after a first one, cost more
/// cache than it saved.)
#[derive(Default)]
struct Bloom {
    /// 512-bit blocks; a form sets four bits of one block.
    blocks: Vec<[u64; 8]>,
}

impl Bloom {
    fn new(count: usize) -> Bloom {
        // About 16 bits per form: under 1% false positives.
        let blocks = (count * 16).div_ceil(512).next_power_of_two();
        Bloom {
            blocks: vec![[0; 8]; blocks],
        }
    }

    #[inline]
    fn block(&self, hash: u64) -> usize {
        ((hash >> 40) as usize) & (self.blocks.len() - 1)
    }

    fn insert(&mut self, hash: u64) {
        let b = self.block(hash);
        for i in 0..4 {
            let bit = (hash >> (i * 9)) as usize & 511;
            self.blocks[b][bit / 64] |= 1 << (bit % 64);
        }
    }

    #[inline]
    fn may_contain(&self, hash: u64) -> bool {
        let Some(block) = self.blocks.get(self.block(hash)) else {
            return false;
        };
        (0..4).all(|i| {
            let bit = (hash >> (i * 9)) as usize & 511;
            block[bit / 64] & (1 << (bit % 64)) != 0
        })
    }
}

/// One form to compile: its text, the index it reads as, and its flags.
struct Form<'a> {
    id: u32,
    text: &'a str,
    kind: AliasKind,
    ambiguous: bool,
    exact_case: bool,
}

/// A compiled gazetteer matcher. Immutable and `Send + Sync`.
pub struct Matcher {
    vocab: Vocab,
    /// Form id -> the node of the one-form path, or [`NONE`].
    roots: Vec<u32>,
    /// The hashes of the forms that have a node in `roots`.
    first_forms: Bloom,
    nodes: Vec<Node>,
    /// (node << 32 | form id) -> child node.
    edges: FxHashMap<u64, u32>,
    groups: Vec<Group>,
    cases: Vec<CaseCheck>,
    /// Keys with a لل reading.
    lal_count: usize,
    /// This matcher's tag in the per-thread memo (never 0).
    tag: u32,
}

/// The trie node of the key a form starts by itself ([`Matcher::bare_root`]): meaningful only
/// to the matcher that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RootId(u32);

impl RootId {
    /// No key starts with the form itself.
    pub const NONE: RootId = RootId(NONE);
}

/// What a caller of [`Matcher::find_hinted`] knows of a token already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartHint {
    /// No key starts there, bare or after proclitics: passed over.
    Skip,
    /// The form's own root ([`Matcher::bare_root`]; [`RootId::NONE`] when it starts no key
    /// by itself, and only its stems after proclitics may).
    Bare(RootId),
    /// Nothing known: looked up.
    Unknown,
}

/// One chosen match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<I = u32> {
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
    pub reading: Reading<I>,
}

/// Per-thread scratch for the matcher, reused across documents.
#[derive(Debug, Default)]
pub struct MatchScratch {
    /// Recent first-form lookups of large matchers (see [`Memo`]); allocated on first use.
    memo: Vec<Memo>,
}

/// One remembered lookup of a form as the first form of a key: what a large matcher's tables
/// said of it, kept in a small direct-mapped table per thread. News text repeats its common
/// words (و في من ...), so most tokens are answered from this table, which stays in the CPU
/// cache, instead of from a vocabulary of millions of forms, which does not; that keeps the
/// cost per token nearly flat from a thousand aliases to a million. Exact: an entry holds
/// the form's bytes (forms longer than [`MEMO_FORM_BYTES`] are not remembered).
#[derive(Debug, Clone, Copy)]
struct Memo {
    hash: u64,
    /// The matcher that answered ([`Matcher::tag`]); 0 for an empty entry.
    tag: u32,
    /// The node of the one-form path, or [`NONE`].
    root: u32,
    /// That node (when `root` is not [`NONE`]).
    node: Node,
    len: u8,
    bytes: [u8; MEMO_FORM_BYTES],
}

/// Longest form a [`Memo`] entry holds (most Arabic words are 6 letters or fewer, 12 bytes).
const MEMO_FORM_BYTES: usize = 18;
/// Entries of the memo table (a power of two).
const MEMO_ENTRIES: usize = 8192;
/// Matchers with fewer forms than this look every form up directly: their tables are small
/// enough to stay in the cache, and they leave the memo to the large ones.
const MEMO_MIN_FORMS: usize = 4096;

/// Tags of compiled matchers, so one thread's memo never answers for another matcher.
static NEXT_TAG: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

fn is_latin(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic()) && !crate::text::has_arabic(s)
}

#[inline]
fn edge_key(node: u32, form: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(form)
}

/// How a match starts: at the token start, or after one of its proclitic readings.
#[derive(Clone, Copy)]
enum Start<'s> {
    Bare,
    After(&'s Split<'s>),
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

    /// Compiles borrowed alias rows ([`super::GazetteerData::alias_refs`]), as [`Matcher::new`].
    pub fn from_alias_refs<'a>(
        aliases: impl IntoIterator<Item = AliasRef<'a>>,
        entity_index: &HashMap<String, u32>,
    ) -> Result<Matcher, String> {
        Matcher::build(aliases.into_iter().filter_map(|a| {
            Some(Form {
                id: *entity_index.get(a.entity)?,
                text: a.alias,
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
        let mut m = Matcher {
            vocab: Vocab::default(),
            roots: Vec::new(),
            first_forms: Bloom::default(),
            nodes: Vec::new(),
            edges: FxHashMap::default(),
            groups: Vec::new(),
            cases: Vec::new(),
            lal_count: 0,
            tag: NEXT_TAG
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .max(1),
        };
        /// What one row says of its key.
        enum Says {
            Name(AliasKind),
            Adjective,
            Ambiguous,
        }
        // (group, entity, what the row says), in row order; reduced to readings below.
        let mut rows: Vec<(u32, u32, Says)> = Vec::new();
        // Latin keys: the key, the capitals required, intersected over the key's rows (so the
        // most permissive spelling decides), and the exact spelling of the last `case` row.
        struct LatinCase {
            key: String,
            upper: Option<Vec<u16>>,
            exact: Option<String>,
        }
        let mut latin_case: FxHashMap<u32, LatinCase> = FxHashMap::default();
        let mut forms_of_key: Vec<u32> = Vec::new();
        for f in forms {
            let node = crate::text::with_phrase_tokens(f.text, |norm, tokens| {
                forms_of_key.clear();
                for t in &tokens.tokens {
                    forms_of_key.push(m.vocab.intern(t.norm(&norm.text)));
                }
                m.insert(&forms_of_key)
            });
            let Some(node) = node else {
                continue;
            };
            let mut group = m.nodes[node as usize].name;
            if group == NONE {
                group = m.groups.len() as u32;
                let key = m.key_of(&forms_of_key);
                let latin = is_latin(&key);
                m.groups.push(Group {
                    reading: Reading::Adjective(0),
                    latin,
                    case: None,
                });
                m.nodes[node as usize].name = group;
                if latin {
                    latin_case.insert(
                        group,
                        LatinCase {
                            key,
                            upper: None,
                            exact: None,
                        },
                    );
                } else {
                    m.insert_lal(&key, group);
                }
            }
            let says = if f.ambiguous {
                Says::Ambiguous
            } else if f.kind.is_adjective() {
                Says::Adjective
            } else {
                Says::Name(f.kind)
            };
            rows.push((group, f.id, says));
            if let Some(c) = latin_case.get_mut(&group) {
                let up = upper_positions(f.text);
                match &mut c.upper {
                    None => c.upper = Some(up),
                    Some(prev) => prev.retain(|p| up.contains(p)),
                }
                if f.exact_case {
                    c.exact = Some(alias_key_cased(f.text));
                }
            }
        }
        // Readings: exactly one certain name reads as that entity (its most specific kind);
        // else one adjective as that adjective; else all readings together are ambiguous.
        rows.sort_by_key(|r| r.0);
        for rows in rows.chunk_by(|x, y| x.0 == y.0) {
            let mut names: Vec<u32> = Vec::new();
            let mut kind: Option<AliasKind> = None;
            let mut adj: Vec<u32> = Vec::new();
            let mut ambiguous: Vec<u32> = Vec::new();
            for (_, e, says) in rows {
                match says {
                    Says::Name(k) => {
                        names.push(*e);
                        kind = Some(kind.map_or(*k, |m| m.min(*k)));
                    }
                    Says::Adjective => adj.push(*e),
                    Says::Ambiguous => ambiguous.push(*e),
                }
            }
            names.sort_unstable();
            names.dedup();
            adj.sort_unstable();
            adj.dedup();
            let reading = match (names.as_slice(), adj.as_slice()) {
                ([e], _) => Reading::Entity(*e, kind.unwrap_or(AliasKind::Name)),
                ([], [e]) => Reading::Adjective(*e),
                _ => {
                    let mut all: Vec<u32> = names.into_iter().chain(adj).chain(ambiguous).collect();
                    all.sort_unstable();
                    all.dedup();
                    Reading::Ambiguous(all.into())
                }
            };
            m.groups[rows[0].0 as usize].reading = reading;
        }
        let mut latin_case: Vec<(u32, LatinCase)> = latin_case.into_iter().collect();
        latin_case.sort_unstable_by_key(|c| c.0);
        for (group, c) in latin_case {
            let upper = c.upper.unwrap_or_default();
            if upper.is_empty() && c.exact.is_none() {
                continue;
            }
            m.groups[group as usize].case = Some(m.cases.len() as u32);
            m.cases.push(CaseCheck {
                key: c.key.into(),
                upper: upper.into(),
                exact: c.exact.map(String::into_boxed_str),
            });
        }
        let firsts: Vec<u32> = (0..m.roots.len() as u32)
            .filter(|&f| m.roots[f as usize] != NONE)
            .collect();
        m.first_forms = Bloom::new(firsts.len());
        for f in firsts {
            m.first_forms.insert(form_hash(m.vocab.form(f)));
        }
        m.roots.shrink_to_fit();
        m.nodes.shrink_to_fit();
        m.edges.shrink_to_fit();
        m.groups.shrink_to_fit();
        m.vocab.text.shrink_to_fit();
        m.vocab.ends.shrink_to_fit();
        m.vocab.by_hash.shrink_to_fit();
        Ok(m)
    }

    /// The node of a sequence of form ids, created with its path; `None` for no forms.
    fn insert(&mut self, forms: &[u32]) -> Option<u32> {
        let (&first, rest) = forms.split_first()?;
        if self.roots.len() < self.vocab.len() {
            self.roots.resize(self.vocab.len(), NONE);
        }
        let mut node = self.roots[first as usize];
        if node == NONE {
            node = self.nodes.len() as u32;
            self.nodes.push(Node::EMPTY);
            self.roots[first as usize] = node;
        }
        for &f in rest {
            self.nodes[node as usize].has_children = true;
            let next = self.nodes.len() as u32;
            let child = *self.edges.entry(edge_key(node, f)).or_insert(next);
            if child == next {
                self.nodes.push(Node::EMPTY);
            }
            node = child;
        }
        Some(node)
    }

    /// Registers the لل reading of a non-Latin key that starts with the article glued to its
    /// first word (الجزاير is also matched as جزاير after لل, in للجزائر).
    fn insert_lal(&mut self, key: &str, group: u32) {
        let Some(rest) = key.strip_prefix("ال") else {
            return;
        };
        if rest.is_empty() || rest.starts_with(' ') {
            return;
        }
        let forms: Vec<u32> = rest.split(' ').map(|w| self.vocab.intern(w)).collect();
        if let Some(node) = self.insert(&forms) {
            self.nodes[node as usize].lal = group;
            self.lal_count += 1;
        }
    }

    fn key_of(&self, forms: &[u32]) -> String {
        let mut key = String::new();
        for (i, &f) in forms.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(self.vocab.form(f));
        }
        key
    }

    /// Writes the compiled tables ([`super::snapshot`]); [`Matcher::decode`] reads them back.
    pub(super) fn encode(&self, w: &mut Writer) {
        let v = &self.vocab;
        w.str(&v.text);
        w.len(v.ends.len());
        for &e in &v.ends {
            w.u32(e);
        }
        w.len(self.roots.len());
        for &r in &self.roots {
            w.u32(r);
        }
        w.len(self.first_forms.blocks.len());
        for block in &self.first_forms.blocks {
            for &b in block {
                w.u64(b);
            }
        }
        w.len(self.nodes.len());
        for n in &self.nodes {
            w.u32(n.name);
            w.u32(n.lal);
            w.u8(u8::from(n.has_children));
        }
        // In key order, so that the same aliases give the same bytes.
        let mut edges: Vec<(u64, u32)> = self.edges.iter().map(|(&k, &v)| (k, v)).collect();
        edges.sort_unstable();
        w.len(edges.len());
        for (k, v) in edges {
            w.u64(k);
            w.u32(v);
        }
        w.len(self.groups.len());
        for g in &self.groups {
            match &g.reading {
                Reading::Entity(e, kind) => {
                    w.u8(0);
                    w.u32(*e);
                    w.u8(*kind as u8);
                }
                Reading::Adjective(e) => {
                    w.u8(1);
                    w.u32(*e);
                }
                Reading::Ambiguous(ids) => {
                    w.u8(2);
                    w.len(ids.len());
                    for &e in ids.iter() {
                        w.u32(e);
                    }
                }
            }
            w.u8(u8::from(g.latin));
            w.u32(g.case.unwrap_or(NONE));
        }
        w.len(self.cases.len());
        for c in &self.cases {
            w.str(&c.key);
            w.len(c.upper.len());
            for &u in c.upper.iter() {
                w.u16(u);
            }
            w.opt_str(c.exact.as_deref());
        }
        w.u64(self.lal_count as u64);
    }

    /// Reads what [`Matcher::encode`] wrote; `None` if the bytes are not such tables. The
    /// vocabulary's hash index is rebuilt (with [`form_hash`] of this binary).
    pub(super) fn decode(r: &mut Reader) -> Option<Matcher> {
        let text = r.str()?;
        let n = r.len()?;
        let mut vocab = Vocab {
            by_hash: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            collided: HashMap::new(),
            text: String::with_capacity(text.len()),
            ends: Vec::with_capacity(n),
        };
        let mut start = 0;
        for id in 0..n as u32 {
            let end = r.u32()? as usize;
            let form = text.get(start..end)?;
            start = end;
            vocab.text.push_str(form);
            vocab.ends.push(end as u32);
            match vocab.by_hash.entry(form_hash(form)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(id);
                }
                std::collections::hash_map::Entry::Occupied(_) => {
                    vocab.collided.insert(form.into(), id);
                }
            }
        }
        if start != text.len() {
            return None;
        }
        let n = r.len()?;
        let mut roots = Vec::with_capacity(n);
        for _ in 0..n {
            roots.push(r.u32()?);
        }
        let n = r.len()?;
        if n > 0 && !n.is_power_of_two() {
            return None;
        }
        let mut blocks = Vec::with_capacity(n);
        for _ in 0..n {
            let mut block = [0u64; 8];
            for b in &mut block {
                *b = r.u64()?;
            }
            blocks.push(block);
        }
        let n = r.len()?;
        let mut nodes = Vec::with_capacity(n);
        for _ in 0..n {
            nodes.push(Node {
                name: r.u32()?,
                lal: r.u32()?,
                has_children: r.u8()? != 0,
            });
        }
        let n = r.len()?;
        let mut edges = FxHashMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.u64()?;
            edges.insert(k, r.u32()?);
        }
        let n = r.len()?;
        let mut groups = Vec::with_capacity(n);
        for _ in 0..n {
            let reading = match r.u8()? {
                0 => {
                    let e = r.u32()?;
                    Reading::Entity(e, alias_kind_of(r.u8()?)?)
                }
                1 => Reading::Adjective(r.u32()?),
                2 => {
                    let m = r.len()?;
                    let mut ids = Vec::with_capacity(m);
                    for _ in 0..m {
                        ids.push(r.u32()?);
                    }
                    Reading::Ambiguous(ids.into())
                }
                _ => return None,
            };
            let latin = r.u8()? != 0;
            let case = Some(r.u32()?).filter(|&c| c != NONE);
            groups.push(Group {
                reading,
                latin,
                case,
            });
        }
        let n = r.len()?;
        let mut cases = Vec::with_capacity(n);
        for _ in 0..n {
            let key = r.str()?.into();
            let m = r.len()?;
            let mut upper = Vec::with_capacity(m);
            for _ in 0..m {
                upper.push(r.u16()?);
            }
            cases.push(CaseCheck {
                key,
                upper: upper.into(),
                exact: r.opt_str()?.map(Box::from),
            });
        }
        let lal_count = usize::try_from(r.u64()?).ok()?;
        // Every index the tables hold must be in range: `find` indexes them without checks.
        let (forms, node_count) = (vocab.len(), nodes.len() as u32);
        let node_ok = |i: u32| i == NONE || i < node_count;
        let group_ok = |i: u32| i == NONE || (i as usize) < groups.len();
        if roots.len() > forms
            || !roots.iter().all(|&i| node_ok(i))
            || !nodes.iter().all(|n| group_ok(n.name) && group_ok(n.lal))
            || !edges
                .iter()
                .all(|(&k, &v)| node_ok(v) && v != NONE && (k as u32 as usize) < forms)
            || !groups
                .iter()
                .all(|g| g.case.is_none_or(|c| (c as usize) < cases.len()))
        {
            return None;
        }
        Some(Matcher {
            vocab,
            roots,
            first_forms: Bloom { blocks },
            nodes,
            edges,
            groups,
            cases,
            lal_count,
            tag: NEXT_TAG
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .max(1),
        })
    }

    /// Number of patterns compiled (keys plus their لل readings).
    pub fn pattern_count(&self) -> usize {
        self.groups.len() + self.lal_count
    }

    /// Heap memory used by the compiled tables, in bytes (capacities, not counting the
    /// allocator's own overhead).
    pub fn memory_usage(&self) -> usize {
        use std::mem::size_of;
        // A hash map entry plus its control byte.
        let map = |cap: usize, entry: usize| cap * (entry + 1);
        let v = &self.vocab;
        let ambiguous: usize = self
            .groups
            .iter()
            .map(|g| match &g.reading {
                Reading::Ambiguous(ids) => 16 + ids.len() * 4,
                _ => 0,
            })
            .sum();
        let cases: usize = self
            .cases
            .iter()
            .map(|c| c.key.len() + c.upper.len() * 2 + c.exact.as_ref().map_or(0, |e| e.len()))
            .sum();
        v.text.capacity()
            + v.ends.capacity() * 4
            + map(v.by_hash.capacity(), 12)
            + self.roots.capacity() * 4
            + self.first_forms.blocks.capacity() * 64
            + self.nodes.capacity() * size_of::<Node>()
            + map(self.edges.capacity(), 12)
            + self.groups.capacity() * size_of::<Group>()
            + ambiguous
            + self.cases.capacity() * size_of::<CaseCheck>()
            + cases
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
        self.find_where(original, norm, tokens, |_| true, scratch, out);
    }

    /// Whether some key can start at a token of normalized form `word` (hash `hash`,
    /// [`form_hash`]): the form itself, or (for a word, `is_word`) a stem after its
    /// proclitics starts a key. [`Matcher::find_where`] with this as its filter finds what
    /// [`Matcher::find`] finds.
    pub fn may_start(&self, word: &str, hash: u64, is_word: bool) -> bool {
        self.bare_root(word, hash).0 != NONE || self.may_start_after_proclitic(word, is_word)
    }

    /// The node of the key that starts with form `word` itself (hash `hash`), or
    /// [`RootId::NONE`]: what [`StartHint::Bare`] carries.
    pub fn bare_root(&self, word: &str, hash: u64) -> RootId {
        let mut no_memo: [Memo; 0] = [];
        RootId(self.root(&mut no_memo, hash, word).map_or(NONE, |(r, _)| r))
    }

    /// Whether some key starts with a stem of `word` after its proclitics (for a word,
    /// `is_word`, that starts with a proclitic letter).
    pub fn may_start_after_proclitic(&self, word: &str, is_word: bool) -> bool {
        let mut no_memo: [Memo; 0] = [];
        is_word
            && starts_with_proclitic(word)
            && SplitList::of(word, Grammar::NAME).iter().any(|sp| {
                self.root(&mut no_memo, form_hash(sp.stem), sp.stem)
                    .is_some()
            })
    }

    /// [`Matcher::find`], looking for a match only at the tokens `t` where `can_start(t)`;
    /// the others are passed over. With a filter that says true wherever
    /// [`Matcher::may_start`] does, the matches are [`Matcher::find`]'s.
    pub fn find_where(
        &self,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        can_start: impl Fn(usize) -> bool,
        scratch: &mut MatchScratch,
        out: &mut Vec<Match>,
    ) {
        let hint = |t| match can_start(t) {
            true => StartHint::Unknown,
            false => StartHint::Skip,
        };
        self.find_hinted(original, norm, tokens, hint, scratch, out);
    }

    /// [`Matcher::find`], told per token what is known already ([`StartHint`]): tokens
    /// where no key starts are passed over, and a known bare root is not looked up again.
    /// With hints true to [`Matcher::may_start`] and [`Matcher::bare_root`] of this matcher,
    /// the matches are [`Matcher::find`]'s.
    pub fn find_hinted(
        &self,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        hint: impl Fn(usize) -> StartHint,
        scratch: &mut MatchScratch,
        out: &mut Vec<Match>,
    ) {
        out.clear();
        let toks = &tokens.tokens;
        if toks.is_empty() || self.groups.is_empty() {
            return;
        }
        let memo = &mut scratch.memo;
        if self.vocab.len() >= MEMO_MIN_FORMS && memo.len() != MEMO_ENTRIES {
            memo.clear();
            memo.resize(MEMO_ENTRIES, Memo::EMPTY);
        }
        // Tokens before `covered` belong to the last match: no match starts inside it.
        let mut t = 0usize;
        while t < toks.len() {
            let known = match hint(t) {
                StartHint::Skip => {
                    t += 1;
                    continue;
                }
                StartHint::Bare(RootId(r)) => Some(r),
                StartHint::Unknown => None,
            };
            let tok = &toks[t];
            let word = tok.norm(&norm.text);
            let hash = tokens
                .hashes
                .get(t)
                .copied()
                .unwrap_or_else(|| form_hash(word));
            let bare = match known {
                Some(r) => self.nodes.get(r as usize).map(|n| (r, *n)),
                None => self.root(memo, hash, word),
            };
            let mut found =
                bare.and_then(|root| self.longest(original, norm, tokens, t, root, Start::Bare));
            let mut start_byte = tok.norm_start as usize;
            // A word that starts with a proclitic letter: its stems, shorter proclitics first.
            if found.is_none() && tok.kind == TokenKind::Word && starts_with_proclitic(word) {
                for sp in SplitList::of(word, Grammar::NAME).iter() {
                    let Some(root) = self.root(memo, form_hash(sp.stem), sp.stem) else {
                        continue;
                    };
                    found = self.longest(original, norm, tokens, t, root, Start::After(&sp));
                    if found.is_some() {
                        start_byte += sp.len;
                        break;
                    }
                }
            }
            let Some((end, group, lal)) = found else {
                t += 1;
                continue;
            };
            out.push(Match {
                first_token: t,
                end_token: end,
                byte_start: if lal {
                    tok.byte_start as usize
                } else {
                    norm.original_byte(start_byte)
                },
                byte_end: toks[end - 1].byte_end as usize,
                clitic: lal,
                reading: self.groups[group as usize].reading.clone(),
            });
            t = end;
        }
    }

    /// The node of the one-form path `form` and its contents, from the memo when it has them
    /// (`memo` is empty for small matchers).
    #[inline]
    fn root(&self, memo: &mut [Memo], hash: u64, form: &str) -> Option<(u32, Node)> {
        if !self.first_forms.may_contain(hash) {
            return None;
        }
        let bytes = form.as_bytes();
        let slot = (hash as usize) & (MEMO_ENTRIES - 1);
        let remember = !memo.is_empty() && bytes.len() <= MEMO_FORM_BYTES;
        if remember {
            let m = &memo[slot];
            if m.hash == hash
                && m.tag == self.tag
                && usize::from(m.len) == bytes.len()
                && &m.bytes[..bytes.len()] == bytes
            {
                return (m.root != NONE).then_some((m.root, m.node));
            }
        }
        let root = self
            .vocab
            .get(hash, form)
            .and_then(|id| self.roots.get(id as usize).copied())
            .unwrap_or(NONE);
        let node = if root == NONE {
            Node::EMPTY
        } else {
            self.nodes[root as usize]
        };
        if remember {
            let m = &mut memo[slot];
            m.hash = hash;
            m.tag = self.tag;
            m.root = root;
            m.node = node;
            m.len = bytes.len() as u8;
            m.bytes[..bytes.len()].copy_from_slice(bytes);
        }
        (root != NONE).then_some((root, node))
    }

    /// The longest valid match that starts in token `t` (as `start` says) and whose first form
    /// led to `node`: (end token, group, read after لل).
    fn longest(
        &self,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        t: usize,
        (mut node, mut n): (u32, Node),
        start: Start<'_>,
    ) -> Option<(usize, u32, bool)> {
        let toks = &tokens.tokens;
        let lal = matches!(start, Start::After(sp) if sp.lal);
        let mut best = None;
        let mut end = t + 1;
        loop {
            let group = if lal { n.lal } else { n.name };
            if group != NONE && self.valid(original, norm, tokens, t, end, group, start) {
                best = Some((end, group, lal));
            }
            if !n.has_children || end >= toks.len() {
                break;
            }
            let next = &toks[end];
            let form = next.norm(&norm.text);
            let hash = tokens
                .hashes
                .get(end)
                .copied()
                .unwrap_or_else(|| form_hash(form));
            let Some(id) = self.vocab.get(hash, form) else {
                break;
            };
            let Some(&child) = self.edges.get(&edge_key(node, id)) else {
                break;
            };
            node = child;
            n = self.nodes[node as usize];
            end += 1;
        }
        best
    }

    /// Whether key `group`, matched over tokens `[t, end)` from `start`, counts.
    #[allow(clippy::too_many_arguments)]
    fn valid(
        &self,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        t: usize,
        end: usize,
        group: u32,
        start: Start<'_>,
    ) -> bool {
        let g = &self.groups[group as usize];
        match start {
            Start::Bare => match g.case {
                Some(c) => case_ok(
                    &self.cases[c as usize],
                    original,
                    norm,
                    tokens.tokens[t].norm_start as usize,
                ),
                None => true,
            },
            Start::After(sp) => {
                if g.latin {
                    return false;
                }
                // The whole name matched counts as the stem (آل سعود in وآل سعود).
                let chars = sp.stem.chars().count()
                    + tokens.tokens[t + 1..end]
                        .iter()
                        .map(|k| 1 + k.norm(&norm.text).chars().count())
                        .sum::<usize>();
                StemPolicy::Name.allows(sp, chars)
            }
        }
    }
}

/// The [`AliasKind`] of its `as u8` code (the order of its variants).
fn alias_kind_of(code: u8) -> Option<AliasKind> {
    [
        AliasKind::Name,
        AliasKind::Short,
        AliasKind::Abbrev,
        AliasKind::Official,
        AliasKind::Nisba,
        AliasKind::Demonym,
    ]
    .into_iter()
    .find(|&k| k as u8 == code)
}

/// Whether a normalized word starts with a letter that may be a proclitic (و ف ب ل ك).
#[inline]
fn starts_with_proclitic(word: &str) -> bool {
    matches!(word.chars().next(), Some('و' | 'ف' | 'ب' | 'ل' | 'ك'))
}

/// Checks letter case for a Latin key matched from normalized byte `norm_start`.
fn case_ok(c: &CaseCheck, original: &str, norm: &Normalized, norm_start: usize) -> bool {
    // Walk the key's chars; its spaces stand for any whitespace (or none, between a word and
    // its 's) in the text, so skip the text's whitespace alongside.
    let mut text_pos = norm_start;
    let mut cased = c.exact.as_deref().map(|s| s.chars());
    for (ci, ch) in c.key.chars().enumerate() {
        if ch == ' ' {
            while text_pos < norm.text.len() && norm.text.as_bytes()[text_pos].is_ascii_whitespace()
            {
                text_pos += 1;
            }
            if let Some(cs) = cased.as_mut() {
                cs.next();
            }
            continue;
        }
        let o = norm.original_byte(text_pos.min(norm.text.len()));
        let oc = original
            .get(o..)
            .and_then(|s| s.chars().next())
            .unwrap_or(' ');
        if c.upper.binary_search(&(ci as u16)).is_ok() && !oc.is_uppercase() {
            return false;
        }
        if let Some(cs) = cased.as_mut() {
            if cs.next() != Some(oc) {
                return false;
            }
        }
        text_pos += ch.len_utf8();
    }
    true
}

/// Like [`crate::text::alias_key`] but keeping letter case (for `case` aliases).
fn alias_key_cased(alias: &str) -> String {
    alias.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Char positions of upper-case letters in the alias's joined form (only for aliases whose
/// normalization is 1:1 per char, i.e. Latin text; others get none).
fn upper_positions(alias: &str) -> Vec<u16> {
    let key = crate::text::alias_key(alias);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::matcher_reference as reference;
    use crate::gazetteer::{GazetteerBuilder, Source};

    #[test]
    fn upper_positions_of_latin() {
        assert_eq!(upper_positions("US"), vec![0, 1]);
        assert_eq!(upper_positions("Vladimir Putin"), vec![0, 9]);
        assert!(upper_positions("روسيا").is_empty());
    }

    /// A match as both matchers can say it: tokens, bytes, clitic, and the reading.
    type Flat = (usize, usize, usize, usize, bool, String);

    fn flat_new(m: &Match) -> Flat {
        let r = match &m.reading {
            Reading::Entity(e, k) => format!("entity {e} {k:?}"),
            Reading::Adjective(e) => format!("adjective {e}"),
            Reading::Ambiguous(v) => format!("ambiguous {v:?}"),
        };
        (
            m.first_token,
            m.end_token,
            m.byte_start,
            m.byte_end,
            m.clitic,
            r,
        )
    }

    fn flat_old(m: &reference::Match) -> Flat {
        let r = match &m.reading {
            reference::Reading::Entity(e, k) => format!("entity {e} {k:?}"),
            reference::Reading::Adjective(e) => format!("adjective {e}"),
            reference::Reading::Ambiguous(v) => format!("ambiguous {v:?}"),
        };
        (
            m.first_token,
            m.end_token,
            m.byte_start,
            m.byte_end,
            m.clitic,
            r,
        )
    }

    /// Tiny deterministic generator (the test needs no statistical quality).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as usize
        }
        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[self.next() % xs.len()]
        }
    }

    /// Texts made of the matchers' own forms with proclitics, article cuts, case changes,
    /// split words and separators glued on at random, plus the repository's fixture texts.
    fn texts(forms: &[&str], n: usize, seed: u64) -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut out: Vec<String> = ["fixtures/al-amsar-moscow-algeria.txt"]
            .iter()
            .map(|f| format!("{root}/{f}"))
            .chain(
                std::fs::read_dir(format!("{root}/fixtures/texts"))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path().display().to_string()),
            )
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        let prefixes = [
            "", "", "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فك", "لل", "ولل", "لـ ", "ال", "x",
        ];
        let seps = [
            " ", " ", "  ", "\n", "، ", ". ", "\u{640}", "", "'s ", " و", "-", "«",
        ];
        let mut rng = Lcg(seed);
        for _ in 0..n {
            let mut text = String::new();
            for _ in 0..(1 + rng.next() % 12) {
                let mut form = rng.pick(forms).to_string();
                match rng.next() % 8 {
                    0 => form = form.to_uppercase(),
                    1 => form = form.to_lowercase(),
                    2 => {
                        // Only a part of a multi-word form.
                        let words: Vec<&str> = form.split(' ').collect();
                        let k = rng.next() % words.len();
                        form = words[k..].join(" ");
                    }
                    3 => {
                        if let Some(rest) = form.strip_prefix("ال") {
                            form = rest.to_string();
                        }
                    }
                    _ => {}
                }
                text.push_str(rng.pick(&prefixes));
                text.push_str(&form);
                text.push_str(rng.pick(&seps));
            }
            out.push(text);
        }
        out
    }

    /// `ms` is shared by every matcher of the test, as resolution shares one for two.
    fn same_matches(
        name: &str,
        new: &Matcher,
        old: &reference::Matcher,
        forms: &[&str],
        seed: u64,
        ms: &mut MatchScratch,
    ) {
        let mut norm = Normalized::default();
        let mut tokens = Tokens::default();
        let mut out = Vec::new();
        let (mut old_ms, mut old_out) = (reference::MatchScratch::default(), Vec::new());
        let mut total = 0;
        for text in texts(forms, 3000, seed) {
            norm.reset(&text);
            tokens.tokenize(&text, &norm);
            new.find(&text, &norm, &tokens, ms, &mut out);
            old.find(&text, &norm, &tokens, &mut old_ms, &mut old_out);
            let a: Vec<Flat> = out.iter().map(flat_new).collect();
            let b: Vec<Flat> = old_out.iter().map(flat_old).collect();
            assert_eq!(a, b, "{name}: {text:?}");
            // Looking only where a key may start finds the same.
            let starts: Vec<bool> = tokens
                .tokens
                .iter()
                .enumerate()
                .map(|(t, tok)| {
                    let w = tok.norm(&norm.text);
                    new.may_start(w, tokens.hashes[t], tok.kind == TokenKind::Word)
                })
                .collect();
            new.find_where(&text, &norm, &tokens, |t| starts[t], ms, &mut out);
            let c: Vec<Flat> = out.iter().map(flat_new).collect();
            assert_eq!(a, c, "{name}, where a key may start: {text:?}");
            // Told each form's bare root, too.
            let hints: Vec<StartHint> = tokens
                .tokens
                .iter()
                .enumerate()
                .map(|(t, tok)| match starts[t] {
                    false => StartHint::Skip,
                    true => StartHint::Bare(new.bare_root(tok.norm(&norm.text), tokens.hashes[t])),
                })
                .collect();
            new.find_hinted(&text, &norm, &tokens, |t| hints[t], ms, &mut out);
            let d: Vec<Flat> = out.iter().map(flat_new).collect();
            assert_eq!(a, d, "{name}, with bare roots: {text:?}");
            total += a.len();
        }
        assert!(total > 1000, "{name}: only {total} matches, the texts miss");
        assert_eq!(new.pattern_count(), old.pattern_count(), "{name}");
    }

    #[test]
    fn same_matches_as_the_byte_level_matcher() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut ms = MatchScratch::default();
        for (name, source) in [
            ("embedded", Source::Embedded),
            (
                "fixtures",
                Source::Dir(format!("{root}/fixtures/gazetteers").into()),
            ),
        ] {
            let (data, errors, _) = GazetteerBuilder::new().source(source).load();
            assert!(errors.is_empty(), "{name}: {errors:?}");
            let index: HashMap<String, u32> = data
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i as u32))
                .collect();
            let aliases = data.all_aliases();
            let forms: Vec<&str> = aliases.iter().map(|a| a.alias.as_str()).collect();
            let new = Matcher::from_alias_refs(data.alias_refs(), &index).unwrap();
            let old = reference::Matcher::new(&aliases, &index).unwrap();
            if name == "embedded" {
                // Large enough for the per-thread memo: its path is compared too.
                assert!(new.vocab.len() >= MEMO_MIN_FORMS, "{}", new.vocab.len());
            }
            same_matches(name, &new, &old, &forms, 1, &mut ms);
            // The resolver's matchers of title and lexicon forms.
            let titles: Vec<(&str, u32)> = data
                .titles
                .iter()
                .enumerate()
                .map(|(i, t)| (t.form.as_str(), (i % 7) as u32))
                .collect();
            let words: Vec<(&str, u32)> = data
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.word.as_str(), i as u32))
                .collect();
            for (what, pairs) in [("titles", titles), ("words", words)] {
                let forms: Vec<&str> = pairs.iter().map(|p| p.0).collect();
                let new = Matcher::from_forms(&pairs).unwrap();
                let old = reference::Matcher::from_forms(&pairs).unwrap();
                same_matches(&format!("{name} {what}"), &new, &old, &forms, 2, &mut ms);
            }
        }
    }

    #[test]
    fn a_scratch_serves_document_after_document() {
        let m = Matcher::from_forms(&[("الجزائر", 0)]).unwrap();
        let text = "وللجزائر والجزائر";
        let norm = Normalized::new(text);
        let mut tokens = Tokens::default();
        tokens.tokenize(text, &norm);
        let (mut ms, mut out) = (MatchScratch::default(), Vec::new());
        m.find(text, &norm, &tokens, &mut ms, &mut out);
        let first = out.clone();
        m.find(text, &norm, &tokens, &mut ms, &mut out);
        assert_eq!(out, first);
        let got: Vec<(&str, bool)> = out
            .iter()
            .map(|m| (&text[m.byte_start..m.byte_end], m.clitic))
            .collect();
        assert_eq!(got, [("وللجزائر", true), ("الجزائر", false)]);
    }
}
