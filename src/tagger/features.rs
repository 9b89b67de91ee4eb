//! Features of the name tagger.
//!
//! Two kinds, so that decoding can precompute most of the work:
//!
//! - **Type features** depend only on one token's text: its normalized form, prefixes and
//!   suffixes of 1–4 letters, its shape (Latin case, digits, punctuation), for Arabic the stems
//!   left after each valid proclitic sequence, its word clusters (and its stems' clusters), and
//!   its lexicon classes (given name, title word, speech verb, function word, locative,
//!   anaphor). Each token's type features are used at offsets -2..=2 of the tagged token, so a
//!   known word's contribution to every label at every offset is one precomputed score row.
//! - **Context features** need the document: the gazetteer matches covering the token and its
//!   neighbours (entity type and position in the match), whether the token opens a sentence
//!   or follows punctuation, the word bigrams (the word with its left and with its right
//!   neighbour), for Latin words how the document writes the word elsewhere
//!   ([`document_codes`]), and how the tagger tagged the word in the document's earlier
//!   sentences ([`History`]). They are few and looked up per token.
//!
//! Features are 64-bit hashes of their names (FNV-1a); a type feature at an offset is the base
//! hash mixed with the offset. Training and decoding use the same functions, so a model scores
//! a sentence exactly as it was trained to.

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::{Gazetteer, Match, Reading, WordClass};
use crate::model::EntityType;
use crate::text::{Normalized, TokenKind, Tokens};

/// Window of type features: offsets `-WINDOW..=WINDOW`.
pub const WINDOW: usize = 2;
/// Number of offsets in the window.
pub const OFFSETS: usize = 2 * WINDOW + 1;

/// Which optional feature groups a model uses (stored in the model file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSet {
    /// Word-cluster features.
    pub clusters: bool,
    /// Gazetteer-match and lexicon features.
    pub gazetteer: bool,
    /// Document features: how a Latin word is written elsewhere in the document.
    pub document: bool,
    /// Word bigrams: the word with the word before it and with the word after it.
    pub bigrams: bool,
    /// Prediction history: how the tagger tagged the word in the document's earlier
    /// sentences ([`History`]).
    pub history: bool,
}

impl FeatureSet {
    /// Every group on.
    pub const ALL: FeatureSet = FeatureSet {
        clusters: true,
        gazetteer: true,
        document: true,
        bigrams: true,
        history: true,
    };

    /// As bits for the model file.
    pub fn bits(self) -> u32 {
        u32::from(self.clusters)
            | (u32::from(self.gazetteer) << 1)
            | (u32::from(self.document) << 2)
            | (u32::from(self.bigrams) << 3)
            | (u32::from(self.history) << 4)
    }

    /// From the model file's bits.
    pub fn from_bits(bits: u32) -> FeatureSet {
        FeatureSet {
            clusters: bits & 1 != 0,
            gazetteer: bits & 2 != 0,
            document: bits & 4 != 0,
            bigrams: bits & 8 != 0,
            history: bits & 16 != 0,
        }
    }

    /// `clusters+gazetteer`, for messages.
    pub fn describe(self) -> String {
        let mut v = vec!["local"];
        if self.clusters {
            v.push("clusters");
        }
        if self.document {
            v.push("document");
        }
        if self.bigrams {
            v.push("bigrams");
        }
        if self.history {
            v.push("history");
        }
        if self.gazetteer {
            v.push("gazetteer");
        }
        v.join("+")
    }
}

/// FNV-1a over a feature's kind and value.
#[inline]
pub fn hash2(kind: &str, value: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in kind.bytes().chain([0xffu8]).chain(value.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A base feature hash placed at an offset of the window (index 0..OFFSETS).
#[inline]
pub fn at_offset(base: u64, offset: usize) -> u64 {
    let x = base ^ (offset as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x.wrapping_mul(0xff51_afd7_ed55_8ccd) ^ (x >> 29)
}

/// Word clusters: normalized word -> cluster ids at a few granularities.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    /// Cluster counts of each granularity (`64,256,1024`).
    pub sizes: Vec<u32>,
    map: HashMap<Box<str>, Vec<u16>>,
    fingerprint: u64,
}

impl Clusters {
    /// Parses a cluster file: a header line `# khabar clusters k=64,256,1024`, then
    /// `word<TAB>id<TAB>id...` per line (one id per granularity). `name` is for messages.
    pub fn parse(name: &str, text: &str) -> Result<Clusters, String> {
        let mut h = crate::Fnv::new();
        h.write(text.as_bytes());
        let mut lines = text.lines().enumerate();
        let sizes: Vec<u32> = match lines.next() {
            Some((_, l)) if l.starts_with("# khabar clusters k=") => {
                let spec = &l["# khabar clusters k=".len()..];
                spec.split(',')
                    .map(|s| s.trim().parse::<u32>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("{name}:1: bad cluster sizes {spec:?}"))?
            }
            _ => {
                return Err(format!(
                    "{name}:1: not a khabar cluster file (want a '# khabar clusters k=...' header)"
                ))
            }
        };
        if sizes.is_empty() || sizes.iter().any(|&k| k == 0 || k > u32::from(u16::MAX)) {
            return Err(format!("{name}:1: bad cluster sizes"));
        }
        let mut map = HashMap::default();
        for (i, line) in lines {
            if line.is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let word = cols.next().unwrap_or_default();
            let ids: Vec<u16> = cols
                .map(|c| c.parse::<u16>())
                .collect::<Result<_, _>>()
                .map_err(|_| format!("{name}:{}: bad cluster id in {line:?}", i + 1))?;
            if word.is_empty() || ids.len() != sizes.len() {
                return Err(format!(
                    "{name}:{}: want a word and {} cluster ids",
                    i + 1,
                    sizes.len()
                ));
            }
            if ids.iter().zip(&sizes).any(|(&id, &k)| u32::from(id) >= k) {
                return Err(format!("{name}:{}: cluster id out of range", i + 1));
            }
            map.insert(word.into(), ids);
        }
        Ok(Clusters {
            sizes,
            map,
            fingerprint: h.finish(),
        })
    }

    /// The clusters of a normalized word.
    pub fn get(&self, word: &str) -> Option<&[u16]> {
        self.map.get(word).map(|v| v.as_slice())
    }

    /// A hash of the file's contents (a model records the clusters it was trained with).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every word (unordered).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(|k| &**k)
    }

    /// Every word with its ids, sorted by word (for the model file).
    pub fn sorted(&self) -> Vec<(String, Vec<u16>)> {
        let mut v: Vec<(String, Vec<u16>)> = self
            .map
            .iter()
            .map(|(w, ids)| (w.to_string(), ids.clone()))
            .collect();
        v.sort_unstable();
        v
    }
}

/// Where type features find a word's clusters: a parsed cluster file (training) or the
/// model's own table (decoding).
pub trait ClusterIds {
    /// Writes the cluster ids of `word` into `out`; returns how many (0: unknown word).
    fn cluster_ids(&self, word: &str, out: &mut [u16; 4]) -> usize;
}

impl ClusterIds for Clusters {
    fn cluster_ids(&self, word: &str, out: &mut [u16; 4]) -> usize {
        match self.get(word) {
            Some(ids) => {
                let n = ids.len().min(4);
                out[..n].copy_from_slice(&ids[..n]);
                n
            }
            None => 0,
        }
    }
}

impl ClusterIds for super::model::ModelView {
    fn cluster_ids(&self, word: &str, out: &mut [u16; 4]) -> usize {
        self.clusters_of(word, out)
    }
}

const LEX_GIVEN: u8 = 1;
const LEX_TITLE: u8 = 2;
const LEX_SPEECH: u8 = 4;
const LEX_STOP: u8 = 8;
const LEX_LOCATIVE: u8 = 16;
const LEX_ANAPHOR: u8 = 32;

/// Lexicon classes of single words, from the gazetteer's titles and word lists.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashMap<Box<str>, u8>,
}

impl Lexicon {
    /// Whether the normalized word is a one-word title of the gazetteer (الشيخ، الرئيس، وزير).
    pub fn is_title(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|b| b & LEX_TITLE != 0)
    }

    /// Whether the normalized word is a stop word of the lexicon (a function or common word).
    pub fn is_stop(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|b| b & LEX_STOP != 0)
    }

    /// Collects the one-word titles and lexicon words of a gazetteer.
    pub fn new(g: &Gazetteer) -> Lexicon {
        let mut words: HashMap<Box<str>, u8> = HashMap::default();
        for t in g.titles() {
            let key = crate::text::alias_key(&t.form);
            if !key.contains(' ') && !key.is_empty() {
                *words.entry(key.into()).or_default() |= LEX_TITLE;
            }
        }
        for w in g.words() {
            let key = crate::text::alias_key(&w.word);
            if key.contains(' ') || key.is_empty() {
                continue;
            }
            let bit = match w.class {
                WordClass::Speech => LEX_SPEECH,
                WordClass::Stop => LEX_STOP,
                WordClass::Locative => LEX_LOCATIVE,
                WordClass::Anaphor => LEX_ANAPHOR,
                // Name particles, coordinators and abbreviations are no features of the
                // trained models.
                WordClass::Particle
                | WordClass::SurnameParticle
                | WordClass::Between
                | WordClass::Conjunction
                | WordClass::Abbreviation
                | WordClass::Body
                | WordClass::Delegation => continue,
            };
            *words.entry(key.into()).or_default() |= bit;
        }
        Lexicon { words }
    }

    /// A fingerprint of what the features read from the gazetteer (the lexicon words and the
    /// given names): a model's precomputed score rows are valid for a gazetteer with the same
    /// fingerprint.
    pub fn fingerprint(&self, g: &Gazetteer) -> u64 {
        let mut words: Vec<(&str, u8)> = self.words.iter().map(|(w, &c)| (&**w, c)).collect();
        words.sort_unstable();
        let mut h = crate::Fnv::new();
        for (w, c) in words {
            h.write(w.as_bytes());
            h.write(&[c]);
        }
        let mut given: Vec<&str> = g.given_names().collect();
        given.sort_unstable();
        h.write(b"given");
        for w in given {
            h.write(w.as_bytes());
        }
        h.finish()
    }

    fn classes(&self, g: Option<&Gazetteer>, norm: &str) -> u8 {
        let mut c = self.words.get(norm).copied().unwrap_or(0);
        if g.is_some_and(|g| g.is_given_name(norm)) {
            c |= LEX_GIVEN;
        }
        c
    }
}

/// What type features read: clusters, lexicon, gazetteer (for given names).
pub struct TypeContext<'a> {
    /// Which groups are on.
    pub set: FeatureSet,
    /// Word clusters (ignored unless `set.clusters`).
    pub clusters: &'a dyn ClusterIds,
    /// Lexicon classes (ignored unless `set.gazetteer`).
    pub lexicon: &'a Lexicon,
    /// The gazetteer, for given names (ignored unless `set.gazetteer`).
    pub gazetteer: Option<&'a Gazetteer>,
}

/// FNV-1a state after a feature's kind (the first half of [`hash2`]).
#[inline]
fn hash_kind(kind: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in kind.bytes().chain([0xffu8]) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[inline]
fn hash_more(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `hash2(kind, &n.to_string())` without the string.
#[inline]
fn hash2_num(kind: &str, n: u32) -> u64 {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    hash_more(hash_kind(kind), &buf[i..])
}

/// `hash2("s", shape)` of a word's shape (the run-length classes of its letters: `X` upper,
/// `x` lower, `d` digit, `a` Arabic, `l` other letter, other chars as themselves; at most
/// the first 13 bytes of classes), without building the string.
fn shape_hash(original: &str) -> u64 {
    let mut h = hash_kind("s");
    let mut len = 0usize;
    let mut last = '\0';
    for c in original.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if crate::text::is_arabic_char(c) {
            'a'
        } else if c.is_alphabetic() {
            'l'
        } else {
            c
        };
        if k != last {
            let mut b = [0u8; 4];
            let e = k.encode_utf8(&mut b);
            h = hash_more(h, e.as_bytes());
            len += e.len();
            last = k;
        }
        if len > 12 {
            break;
        }
    }
    h
}

const PREFIX_KINDS: [&str; 4] = ["p1", "p2", "p3", "p4"];
const SUFFIX_KINDS: [&str; 4] = ["x1", "x2", "x3", "x4"];
const CLUSTER_KINDS: [&str; 4] = ["c0", "c1", "c2", "c3"];
const STEM_CLUSTER_KINDS: [&str; 4] = ["cs0", "cs1", "cs2", "cs3"];

/// Pushes the base hashes of one token's type features.
pub fn type_features(original: &str, norm: &str, ctx: &TypeContext<'_>, out: &mut Vec<u64>) {
    out.push(hash2("w", norm));
    out.push(shape_hash(original));
    // Byte offsets after the first 1..=4 chars and before the last 1..=4.
    let mut heads = [0usize; 4];
    let mut tails = [0usize; 4];
    let mut n = 0usize;
    for (k, (i, c)) in norm.char_indices().take(4).enumerate() {
        heads[k] = i + c.len_utf8();
        n = k + 1;
    }
    for (k, (i, _)) in norm.char_indices().rev().take(4).enumerate() {
        tails[k] = i;
    }
    if n == 4 {
        // The word may be longer than four chars.
        n = norm.chars().count();
    }
    for k in 1..=4.min(n) {
        out.push(hash2(PREFIX_KINDS[k - 1], &norm[..heads[k - 1]]));
        out.push(hash2(SUFFIX_KINDS[k - 1], &norm[tails[k - 1]..]));
    }
    let first = original.chars().next().unwrap_or(' ');
    if first.is_uppercase() {
        out.push(hash2("cap", ""));
        if original
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
            && n > 1
        {
            out.push(hash2("caps", ""));
        }
    }
    let mut ids = [0u16; 4];
    if norm.chars().next().is_some_and(|c| c >= '\u{0600}') {
        let mut splits = Vec::new();
        crate::text::clitics::splits(norm, crate::text::clitics::Grammar::NAME, &mut splits);
        for sp in &splits {
            let stem = &norm[sp.len..];
            out.push(hash2("st", stem));
            if ctx.set.clusters {
                let g = ctx.clusters.cluster_ids(stem, &mut ids);
                for (kind, id) in STEM_CLUSTER_KINDS.iter().zip(&ids[..g]) {
                    out.push(hash2_num(kind, u32::from(*id)));
                }
            }
            if ctx.set.gazetteer {
                let c = ctx.lexicon.classes(ctx.gazetteer, stem);
                if c != 0 {
                    out.push(hash2_num("lexs", u32::from(c)));
                }
            }
        }
        if let Some(stem) = norm.strip_prefix("ال") {
            out.push(hash2("def", ""));
            if ctx.set.gazetteer && ctx.gazetteer.is_some_and(|g| g.is_given_name(stem)) {
                out.push(hash2("defgiven", ""));
            }
        }
    }
    if ctx.set.clusters {
        let g = ctx.clusters.cluster_ids(norm, &mut ids);
        if g == 0 {
            out.push(hash2("c", "unk"));
        }
        for (kind, id) in CLUSTER_KINDS.iter().zip(&ids[..g]) {
            out.push(hash2_num(kind, u32::from(*id)));
        }
    }
    if ctx.set.gazetteer {
        let c = ctx.lexicon.classes(ctx.gazetteer, norm);
        for bit in 0..6u32 {
            if c & (1 << bit) != 0 {
                out.push(hash2_num("lex", bit));
            }
        }
    }
}

/// A word with every digit (ASCII, Arabic-Indic, Persian) written `0`: type features see
/// numbers by their shape, so "1987" and "2023" share one score row (and one cache entry).
pub fn fold_digits(word: &str) -> std::borrow::Cow<'_, str> {
    let is_digit = |c: char| {
        c.is_ascii_digit()
            || ('\u{0660}'..='\u{0669}').contains(&c)
            || ('\u{06F0}'..='\u{06F9}').contains(&c)
    };
    // The test on the bytes (no char decoding): an ASCII digit, or the two bytes of an
    // Arabic-Indic (D9 A0..A9) or Persian (DB B0..B9) one. Most words have none.
    let b = word.as_bytes();
    let any_digit = b.iter().enumerate().any(|(i, &x)| {
        x.is_ascii_digit()
            || (x == 0xD9 && b.get(i + 1).is_some_and(|y| (0xA0..=0xA9).contains(y)))
            || (x == 0xDB && b.get(i + 1).is_some_and(|y| (0xB0..=0xB9).contains(y)))
    });
    if !any_digit {
        return std::borrow::Cow::Borrowed(word);
    }
    std::borrow::Cow::Owned(
        word.chars()
            .map(|c| if is_digit(c) { '0' } else { c })
            .collect(),
    )
}

/// The bytes of `fold_digits(word)`, without building it: a digit (ASCII, Arabic-Indic or
/// Persian) gives `0`, every other byte itself.
#[inline]
pub fn fold_digit_bytes(word: &[u8], mut f: impl FnMut(u8)) {
    let mut i = 0;
    while i < word.len() {
        let x = word[i];
        let two = |lo: u8, hi: u8| word.get(i + 1).is_some_and(|y| (lo..=hi).contains(y));
        if x.is_ascii_digit() {
            f(b'0');
        } else if (x == 0xD9 && two(0xA0, 0xA9)) || (x == 0xDB && two(0xB0, 0xB9)) {
            f(b'0');
            i += 1;
        } else {
            f(x);
        }
        i += 1;
    }
}

/// Base hash of the padding before a sentence.
pub fn pad_before() -> u64 {
    hash2("pad", "<")
}

/// Base hash of the padding after a sentence.
pub fn pad_after() -> u64 {
    hash2("pad", ">")
}

/// Per token of a document: the gazetteer's view of it, as a short code (type and position in
/// the match), 0 when no match covers it.
pub fn gazetteer_codes(g: &Gazetteer, tokens: &Tokens, matches: &[Match], out: &mut Vec<u8>) {
    out.clear();
    out.resize(tokens.tokens.len(), 0);
    for m in matches {
        let kind: u8 = match &m.reading {
            Reading::Entity(e, _) => match g.entity(*e).entity_type {
                EntityType::Person => 1,
                EntityType::Country => 2,
                EntityType::Agency => 3,
                EntityType::Location => 4,
                EntityType::Event => 5,
            },
            Reading::Adjective(_) => 6,
            Reading::Ambiguous(_) => 7,
        };
        let (a, b) = (m.first_token, m.end_token.min(out.len()));
        for (t, slot) in out.iter_mut().enumerate().take(b).skip(a) {
            // position: 1 begin, 2 inside, 3 last, 0 unit
            let pos = if b - a == 1 {
                0
            } else if t == a {
                1
            } else if t + 1 == b {
                3
            } else {
                2
            };
            *slot = kind * 4 + pos;
        }
    }
}

/// The decimal text of a small number without allocating (codes are below 32).
pub(crate) fn small_number(n: u8) -> &'static str {
    const N: [&str; 32] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
        "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
    ];
    N.get(n as usize).copied().unwrap_or("?")
}

/// Per token of a document: how its Latin word is written elsewhere in the document, as a
/// code: 0 for no Latin word, else 1 plus the bits "capitalized somewhere not opening a
/// sentence" (1) and "all lower case somewhere" (2). A capitalized word that opens a sentence
/// or sits in an upper-case headline is a name when the document writes it capitalized
/// mid-sentence, and a common word when it writes it in lower case. `seen` is scratch (word
/// hash to bits).
pub fn document_codes(
    original: &str,
    tokens: &Tokens,
    seen: &mut HashMap<u64, u8>,
    out: &mut Vec<u8>,
) {
    seen.clear();
    out.clear();
    out.resize(tokens.tokens.len(), 0);
    let toks = &tokens.tokens;
    let word = |i: usize| -> &str {
        let t = &toks[i];
        original
            .get(t.byte_start as usize..t.byte_end as usize)
            .unwrap_or_default()
    };
    let latin = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| !crate::text::is_arabic_char(c) && c.is_alphabetic())
    };
    let lower_hash = |w: &str| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in w.chars().flat_map(char::to_lowercase) {
            h ^= u64::from(c);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    for s in &tokens.sentences {
        for i in s.first_token as usize..s.end_token as usize {
            let w = word(i);
            if !latin(w) {
                continue;
            }
            let mut cs = w.chars();
            let first_upper = cs.next().is_some_and(char::is_uppercase);
            let rest_lower = cs.all(|c| !c.is_uppercase());
            let bits = if !first_upper && rest_lower {
                2
            } else if first_upper && rest_lower && i != s.first_token as usize {
                1
            } else {
                0
            };
            *seen.entry(lower_hash(w)).or_default() |= bits;
        }
    }
    for (i, slot) in out.iter_mut().enumerate() {
        let w = word(i);
        if latin(w) {
            *slot = 1 + seen.get(&lower_hash(w)).copied().unwrap_or(0);
        }
    }
}

/// Most span types a [`History`] counts (a BIO model over PER, ORG, LOC and MISC has 4).
const HISTORY_TYPES: usize = 7;

/// Prediction history (Ratinov & Roth 2009's "extended prediction history"): per word of a
/// document, how the tagger tagged it in the document's earlier sentences. A name written in
/// full once and alone later ("Somerset" in a headline and in a match report, a surname after
/// the full name) then leans to the type it had before. Training builds it from the model's
/// own predictions as it goes through each document in order, as decoding does, so the
/// weights learn how far to trust it.
///
/// An open-addressing table of the document's words, reused from document to document: a
/// slot belongs to the current document when it carries the document's stamp, so starting a
/// document clears nothing. A token costs one probe ([`History::slot`]), made before its
/// sentence is tagged; its tag is recorded at the same slot afterwards.
#[derive(Debug, Default)]
pub struct History {
    slots: Vec<HistorySlot>,
    stamp: u32,
    used: usize,
}

/// A word of a [`History`]: its key, its document's stamp and its counts (index 0 outside any
/// span, `1 + t` in a span of type `t`).
#[derive(Debug, Clone, Copy, Default)]
struct HistorySlot {
    key: u64,
    stamp: u32,
    counts: [u16; HISTORY_TYPES + 1],
}

impl History {
    /// Forgets every word (a new document).
    pub fn clear(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 || self.slots.is_empty() {
            self.slots.clear();
            self.slots.resize(1 << 10, HistorySlot::default());
            self.stamp = 1;
        }
        self.used = 0;
    }

    /// The first slot a word's probe reads.
    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & (self.slots.len() - 1)
    }

    /// Starts loading the first slot a word's probe will read (the table is often out of the
    /// caches by the time a sentence is tagged).
    #[inline]
    pub fn prefetch(&self, key: u64) {
        if !self.slots.is_empty() {
            super::model::prefetch(self.slots.as_ptr().wrapping_add(self.home(key)));
        }
    }

    /// The slot of a word (`key` from [`history_key`]), added with no counts when the document
    /// has not had it yet; `u32::MAX` for key 0 (not a word).
    pub fn slot(&mut self, key: u64) -> u32 {
        if key == 0 {
            return u32::MAX;
        }
        if self.slots.is_empty() {
            self.clear();
        }
        if (self.used + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &mut self.slots[i];
            if s.stamp != self.stamp {
                *s = HistorySlot {
                    key,
                    stamp: self.stamp,
                    counts: [0; HISTORY_TYPES + 1],
                };
                self.used += 1;
                return i as u32;
            }
            if s.key == key {
                return i as u32;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table, keeping the current document's words.
    fn grow(&mut self) {
        let live: Vec<HistorySlot> = self
            .slots
            .iter()
            .filter(|s| s.stamp == self.stamp)
            .copied()
            .collect();
        let n = self.slots.len() * 2;
        self.slots.clear();
        self.slots.resize(n, HistorySlot::default());
        let mask = n - 1;
        for s in live {
            let mut i = self.home(s.key);
            while self.slots[i].stamp == self.stamp {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    /// The history code of the word at a slot: 0 when the document has not tagged it before
    /// (no feature), 1 when it was always outside a span, else `2 + 2t + m` for the span type
    /// `t` it had most often (ties to the lower type), with `m` = 1 when it was in a span of
    /// that type at least half of the times.
    pub fn code(&self, slot: u32) -> u8 {
        let Some(s) = self.slots.get(slot as usize) else {
            return 0;
        };
        let c = &s.counts;
        let total: u32 = c.iter().map(|&x| u32::from(x)).sum();
        if total == 0 {
            return 0;
        }
        let mut best = 0usize;
        for t in 1..c.len() {
            if c[t] > 0 && (best == 0 || c[t] > c[best]) {
                best = t;
            }
        }
        match best {
            0 => 1,
            t => 2 + 2 * (t as u8 - 1) + u8::from(2 * u32::from(c[t]) >= total),
        }
    }

    /// Records that the word at a slot was tagged in a span of type `ty` (None: outside any
    /// span).
    pub fn record(&mut self, slot: u32, ty: Option<u8>) {
        let Some(s) = self.slots.get_mut(slot as usize) else {
            return;
        };
        let i = match ty {
            Some(t) if (t as usize) < HISTORY_TYPES => 1 + t as usize,
            Some(_) => return,
            None => 0,
        };
        s.counts[i] = s.counts[i].saturating_add(1);
    }
}

/// The key of a token in a [`History`]: a hash of its normalized form with ASCII letters in
/// lower case ("SOMERSET" in a headline is "Somerset"), 0 for a token that is not a word.
pub fn history_key(tokens: &Tokens, norm: &Normalized, i: usize) -> u64 {
    let t = &tokens.tokens[i];
    if t.kind != TokenKind::Word {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in t.norm(&norm.text).bytes() {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1)
}

/// The context feature of a [`History`] code (none for 0).
pub fn history_feature(code: u8) -> Option<u64> {
    (code != 0).then(|| hash2("hist", small_number(code)))
}

/// The largest [`History`] code.
pub const HISTORY_CODES: usize = 2 + 2 * HISTORY_TYPES;

/// Pushes the context features of token `i` of a sentence `first..end` (feature hashes, no
/// offset mixing). `codes` are [`gazetteer_codes`] (empty without gazetteer features),
/// `doc` are [`document_codes`] (empty without document features).
#[allow(clippy::too_many_arguments)]
pub fn context_features(
    tokens: &Tokens,
    norm: &Normalized,
    codes: &[u8],
    doc: &[u8],
    i: usize,
    first: usize,
    end: usize,
    out: &mut Vec<u64>,
) {
    let toks = &tokens.tokens;
    if i == first {
        out.push(hash2("first", ""));
    } else if toks[i - 1].kind == TokenKind::Punct {
        // The previous token is punctuation and this one opens a clause: "، محمد".
        out.push(hash2("afterp", toks[i - 1].norm(&norm.text)));
    }
    if !codes.is_empty() {
        for (o, name) in [(-1i64, "g-1"), (0, "g0"), (1, "g+1")] {
            let j = i as i64 + o;
            if j < first as i64 || j >= end as i64 {
                continue;
            }
            let c = codes[j as usize];
            if c != 0 || o == 0 {
                out.push(hash2(name, small_number(c)));
            }
        }
    }
    if let Some(&c) = doc.get(i) {
        if c != 0 {
            out.push(hash2("doc", small_number(c)));
        }
    }
}

/// Pushes the word-bigram features of token `i` of a sentence `first..end`: its normalized
/// word (digits folded) with the word before it and with the word after it.
pub fn bigram_features(
    tokens: &Tokens,
    norm: &Normalized,
    i: usize,
    first: usize,
    end: usize,
    out: &mut Vec<u64>,
) {
    let toks = &tokens.tokens;
    let w = |j: usize| fold_digits(toks[j].norm(&norm.text));
    let here = w(i);
    let prev = if i > first { w(i - 1) } else { "<".into() };
    let next = if i + 1 < end { w(i + 1) } else { ">".into() };
    let pair = |kind: &str, a: &str, b: &str| {
        hash_more(
            hash_more(hash_more(hash_kind(kind), a.as_bytes()), &[0xfe]),
            b.as_bytes(),
        )
    };
    out.push(pair("b-", &prev, &here));
    out.push(pair("b+", &here, &next));
}

#[cfg(test)]
mod tests {
    use super::fold_digits;

    /// The history's codes: nothing before a word is tagged, "always outside", then the most
    /// frequent span type (ties to the lower type) and whether it was the majority.
    #[test]
    fn history_codes_say_how_a_word_was_tagged_before() {
        let mut h = super::History::default();
        h.clear();
        let a = h.slot(11);
        assert_eq!(h.code(a), 0, "a word not tagged yet has no code");
        h.record(a, None);
        assert_eq!(h.code(a), 1, "outside a span only");
        h.record(a, Some(2));
        assert_eq!(
            h.code(a),
            2 + 2 * 2 + 1,
            "type 2 half of the times is a majority"
        );
        h.record(a, None);
        assert_eq!(h.code(a), 2 + 2 * 2, "type 2 once in three is not");
        h.record(a, Some(0));
        assert_eq!(h.code(a), 2, "a tie goes to the lower type");
        assert_eq!(h.slot(11), a, "the same word, the same slot");
        h.record(a, Some(9));
        assert_eq!(h.code(a), 2, "a type past the counted ones is not recorded");
        let none = h.slot(0);
        assert_eq!(none, u32::MAX, "key 0 is not a word");
        h.record(none, Some(1));
        assert_eq!(h.code(none), 0);
        h.clear();
        let again = h.slot(11);
        assert_eq!(h.code(again), 0, "a new document forgets");
    }

    /// The table grows past its first size and keeps every word's counts.
    #[test]
    fn history_keeps_its_words_as_it_grows() {
        let mut h = super::History::default();
        h.clear();
        for k in 1..5000u64 {
            let s = h.slot(k * 7919);
            h.record(s, if k % 3 == 0 { Some(1) } else { None });
        }
        for k in 1..5000u64 {
            let want = if k % 3 == 0 { 2 + 2 + 1 } else { 1 };
            let s = h.slot(k * 7919);
            assert_eq!(h.code(s), want, "word {k}");
        }
        h.clear();
        let again = h.slot(7919);
        assert_eq!(h.code(again), 0);
    }

    /// History keys: a word's normalized form with ASCII letters folded to lower case; no key
    /// for punctuation or numbers.
    #[test]
    fn history_keys_fold_ascii_case_and_skip_non_words() {
        let text = "SOMERSET beat Somerset , 12 somerset سومرست";
        let (norm, tokens, words) = crate::text::analyzed(text);
        let key = |i: usize| super::history_key(&tokens, &norm, i);
        assert_eq!(
            words,
            [
                "SOMERSET",
                "beat",
                "Somerset",
                ",",
                "12",
                "somerset",
                "سومرست"
            ]
        );
        assert_eq!(key(0), key(2));
        assert_eq!(key(0), key(5));
        assert_ne!(key(0), key(1));
        assert_eq!(key(3), 0);
        assert_eq!(key(4), 0);
        assert_ne!(key(6), 0);
    }

    #[test]
    fn digits_fold_to_zero_and_nothing_else_does() {
        for (word, want) in [
            ("1987", "0000"),
            ("٢٠٢٣", "0000"),
            ("۱۴۰۲", "0000"),
            ("G7", "G0"),
            ("القمة20", "القمة00"),
            // Neighbours of the digit blocks: ٪ (U+066A), ۯ (U+06EF), ۺ (U+06FA), and letters
            // whose second byte falls in a digit range of the other lead byte.
            ("٪", "٪"),
            ("ۯ", "ۯ"),
            ("ۺ", "ۺ"),
            ("قمة", "قمة"),
            ("يوسف", "يوسف"),
            ("", ""),
        ] {
            assert_eq!(fold_digits(word), want, "{word}");
        }
        // Every char of the Arabic blocks folds exactly when it is a digit.
        for c in '\u{0600}'..='\u{06FF}' {
            let digit =
                ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c);
            let s = c.to_string();
            assert_eq!(fold_digits(&s) == "0", digit, "{c:?}");
        }
    }

    proptest::proptest! {
        // The tagger's hot loop hashes `fold_digit_bytes` instead of building `fold_digits`:
        // the same bytes, whatever the text (digits of every script, their neighbours, Latin,
        // a lead byte at the end of a word).
        #[test]
        fn fold_digit_bytes_are_the_folded_word(s in "[0-9a-zA-Z\u{600}-\u{6ff}\u{660}-\u{669}\u{6f0}-\u{6f9}\u{1d7ce}-\u{1d7d7} _.-]{0,24}") {
            let mut got = Vec::new();
            super::fold_digit_bytes(s.as_bytes(), |b| got.push(b));
            proptest::prop_assert_eq!(got, fold_digits(&s).as_bytes().to_vec());
        }
    }
}
