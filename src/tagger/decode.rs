//! Decoding: a model compiled for speed, and Viterbi over a sentence.
//!
//! The model file holds, for every word of the model's vocabulary, the weights of that word's
//! type features at each window offset summed into one score row per offset (`OFFSETS x tags`
//! floats), read in place. Scoring a known token is then one hash probe and a few additions;
//! an unknown one has its type features computed on the fly (one probe per feature, all
//! offsets at once) and its rows cached in the thread's scratch, in flat buffers. The
//! context features (gazetteer matches, sentence start) are a handful of rows resolved when
//! the model is compiled.

use rustc_hash::FxHashMap as HashMap;

use super::features::{
    bigram_features, fold_digits, hash2, pad_after, pad_before, small_number, type_features,
    FeatureSet, Lexicon, TypeContext, OFFSETS, WINDOW,
};
use super::model::{word_hash, ModelView};
use crate::gazetteer::Gazetteer;
use crate::text::{Normalized, TokenKind, Tokens};

/// A tag's role in a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagRole {
    Outside,
    Begin(u8),
    Inside(u8),
}

/// Parses tag names into roles and the list of span types.
pub(crate) fn tag_roles(tags: &[String]) -> (Vec<TagRole>, Vec<String>) {
    let mut types: Vec<String> = Vec::new();
    let mut roles = Vec::with_capacity(tags.len());
    for t in tags {
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) => (p, ty),
            None => {
                roles.push(TagRole::Outside);
                continue;
            }
        };
        let idx = match types.iter().position(|x| x == ty) {
            Some(i) => i,
            None => {
                types.push(ty.to_string());
                types.len() - 1
            }
        } as u8;
        roles.push(if prefix == "I" {
            TagRole::Inside(idx)
        } else {
            TagRole::Begin(idx)
        });
    }
    (roles, types)
}

/// Whether `cur` may follow `prev` (None: sentence start) in BIO.
pub(crate) fn allowed(prev: Option<TagRole>, cur: TagRole) -> bool {
    match cur {
        TagRole::Inside(t) => {
            matches!(prev, Some(TagRole::Begin(p)) | Some(TagRole::Inside(p)) if p == t)
        }
        _ => true,
    }
}

/// The transition side of a chain: start and transition weights and the BIO constraints.
pub(crate) struct Chain<'a> {
    pub l: usize,
    pub start: &'a [f32],
    pub trans: &'a [f32],
    pub ok: &'a [bool],
    pub ok_start: &'a [bool],
}

/// Viterbi over emission scores `em` (`n x l`) under the chain's weights and constraints.
/// Writes the best tags into `out`.
pub(crate) fn viterbi(
    chain: &Chain<'_>,
    em: &[f32],
    n: usize,
    back: &mut Vec<u8>,
    out: &mut Vec<u8>,
    (prev, cur): (&mut Vec<f32>, &mut Vec<f32>),
) {
    let Chain {
        l,
        start,
        trans,
        ok,
        ok_start,
    } = *chain;
    out.clear();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n * l, 0);
    prev.clear();
    prev.resize(l, f32::NEG_INFINITY);
    cur.clear();
    cur.resize(l, f32::NEG_INFINITY);
    for y in 0..l {
        if ok_start[y] {
            prev[y] = start[y] + em[y];
        }
    }
    for i in 1..n {
        for y in 0..l {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..l {
                if !ok[p * l + y] || prev[p] == f32::NEG_INFINITY {
                    continue;
                }
                let s = prev[p] + trans[p * l + y];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            cur[y] = best + em[i * l + y];
            back[i * l + y] = arg;
        }
        std::mem::swap(prev, cur);
    }
    let mut y = 0usize;
    let mut best = f32::NEG_INFINITY;
    for (k, &s) in prev.iter().enumerate() {
        if s > best {
            best = s;
            y = k;
        }
    }
    out.resize(n, 0);
    out[n - 1] = y as u8;
    for i in (1..n).rev() {
        y = back[i * l + y] as usize;
        out[i - 1] = y as u8;
    }
}

/// A model ready to decode: the file's tables read in place, the BIO constraints, and the
/// rows of the few context features every token looks up.
pub struct Compiled {
    /// Language.
    pub lang: String,
    /// Feature groups.
    pub features: FeatureSet,
    /// Tag names (`O`, `B-PERS` ...).
    pub tags: Vec<String>,
    pub(crate) roles: Vec<TagRole>,
    /// Span types of the model (`PERS`, `ORG` ...).
    pub types: Vec<String>,
    l: usize,
    model: ModelView,
    ok: Vec<bool>,
    ok_start: Vec<bool>,
    /// Score rows of the vocabulary when the gazetteer's lexicon is not the one the file's
    /// rows were summed with (recomputed once); empty when the file's rows are used.
    own_rows: Vec<f32>,
    pad_rows: Vec<f32>,
    /// Context rows: sentence start, and the gazetteer codes at offsets -1, 0, +1.
    first_row: Option<u32>,
    code_rows: [[Option<u32>; 32]; 3],
    /// Context rows of the document codes (`features::document_codes`).
    doc_rows: [Option<u32>; 8],
    lexicon: Lexicon,
    /// Identifies this compiled model (its cache entries in a scratch).
    id: u64,
}

/// Where a token's score rows are.
#[derive(Debug, Clone, Copy)]
enum RowsAt {
    /// Vocabulary word of the model file.
    File(usize),
    /// Vocabulary word, rows recomputed for this gazetteer.
    Own(usize),
    /// Entry of the scratch cache.
    Cache(usize),
}

/// Per-thread buffers for decoding (reused across documents: no allocation per token).
#[derive(Debug, Default)]
pub struct DecodeScratch {
    feats: Vec<u64>,
    at: Vec<RowsAt>,
    em: Vec<f32>,
    back: Vec<u8>,
    best: Vec<u8>,
    prev: Vec<f32>,
    cur: Vec<f32>,
    /// Score rows of words outside the model's vocabulary, computed once per thread (news
    /// repeats its rare words): word hash -> entry; entries' words and rows in flat arenas.
    cache: HashMap<u64, u32>,
    cache_words: String,
    cache_ends: Vec<u32>,
    cache_rows: Vec<f32>,
    cache_owner: u64,
}

/// Most words kept in a thread's cache of unknown words' rows (about 200 bytes each).
const CACHE_WORDS: usize = 200_000;

impl Compiled {
    /// Whether the normalized word is a one-word title of the gazetteer the model was compiled
    /// with.
    pub fn is_title_word(&self, word: &str) -> bool {
        self.lexicon.is_title(word)
    }

    /// Compiles a model for the gazetteer it will read (its lexicon and given names are
    /// features). Cheap when the gazetteer's lexicon is the one the model was written with;
    /// otherwise the vocabulary's rows are summed again, once.
    pub fn new(model: ModelView, g: &Gazetteer) -> Compiled {
        let l = model.tags.len();
        let (roles, types) = tag_roles(&model.tags);
        let mut ok = vec![false; l * l];
        for p in 0..l {
            for y in 0..l {
                ok[p * l + y] = allowed(Some(roles[p]), roles[y]);
            }
        }
        let ok_start = roles.iter().map(|&r| allowed(None, r)).collect();
        let lexicon = if model.features.gazetteer {
            Lexicon::new(g)
        } else {
            Lexicon::default()
        };
        let mut code_rows = [[None; 32]; 3];
        for (k, name) in ["g-1", "g0", "g+1"].into_iter().enumerate() {
            for c in 0..32u8 {
                code_rows[k][c as usize] = model.context_index(hash2(name, small_number(c)));
            }
        }
        let mut doc_rows = [None; 8];
        for (c, slot) in doc_rows.iter_mut().enumerate() {
            *slot = model.context_index(hash2("doc", small_number(c as u8)));
        }
        let mut c = Compiled {
            doc_rows,
            lang: model.lang.clone(),
            features: model.features,
            tags: model.tags.clone(),
            roles,
            types,
            l,
            first_row: model.context_index(hash2("first", "")),
            code_rows,
            ok,
            ok_start,
            own_rows: Vec::new(),
            pad_rows: vec![0.0; 2 * OFFSETS * l],
            lexicon,
            model,
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        // Pad rows: [before, after] x OFFSETS x l.
        let mut rows = vec![0.0f32; OFFSETS * l];
        for (k, base) in [pad_before(), pad_after()].into_iter().enumerate() {
            rows.iter_mut().for_each(|x| *x = 0.0);
            c.model.add_type(base, &mut rows);
            c.pad_rows[k * OFFSETS * l..(k + 1) * OFFSETS * l].copy_from_slice(&rows);
        }
        let stale = c.features.gazetteer && c.lexicon.fingerprint(g) != c.model.lexicon_fingerprint;
        if stale {
            let n = c.model.vocab_len();
            let mut own = vec![0.0f32; n * OFFSETS * l];
            let mut feats = Vec::new();
            for (i, r) in own.chunks_exact_mut(OFFSETS * l).enumerate() {
                let w = c.model.vocab_word(i).to_string();
                let norm = crate::text::normalize(&w);
                feats.clear();
                c.type_feats(&w, &norm, Some(g), &mut feats);
                c.sum_rows(&feats, r);
            }
            c.own_rows = own;
        }
        c
    }

    /// The model as read from its file.
    pub fn model(&self) -> &ModelView {
        &self.model
    }

    fn type_feats(&self, original: &str, norm: &str, g: Option<&Gazetteer>, out: &mut Vec<u64>) {
        let ctx = TypeContext {
            set: self.features,
            clusters: &self.model,
            lexicon: &self.lexicon,
            gazetteer: g,
        };
        type_features(original, norm, &ctx, out);
    }

    /// Sums a word's type features into its `OFFSETS x l` rows (zeroed by the caller).
    fn sum_rows(&self, feats: &[u64], rows: &mut [f32]) {
        for &f in feats {
            self.model.add_type(f, rows);
        }
    }

    /// Adds row `o` of a token's rows to `em`.
    #[inline]
    fn add_row(&self, scratch_rows: &[f32], at: RowsAt, o: usize, em: &mut [f32]) {
        let l = self.l;
        let own = |v: &[f32], i: usize, em: &mut [f32]| {
            if let Some(r) = v.get((i * OFFSETS + o) * l..(i * OFFSETS + o + 1) * l) {
                for (a, b) in em.iter_mut().zip(r) {
                    *a += b;
                }
            }
        };
        match at {
            RowsAt::File(i) => self.model.add_vocab_row(i, o, em),
            RowsAt::Own(i) => own(&self.own_rows, i, em),
            RowsAt::Cache(i) => own(scratch_rows, i, em),
        }
    }

    /// Where the rows of a token are, computing and caching them for an unknown word.
    fn rows_of(
        &self,
        orig: &str,
        norm_form: &str,
        g: &Gazetteer,
        scratch: &mut DecodeScratch,
    ) -> RowsAt {
        if let Some(v) = self.model.vocab_index(orig) {
            return if self.own_rows.is_empty() {
                RowsAt::File(v)
            } else {
                RowsAt::Own(v)
            };
        }
        let l = self.l;
        let h = word_hash(orig);
        if let Some(&e) = scratch.cache.get(&h) {
            let e = e as usize;
            let start = if e == 0 {
                0
            } else {
                scratch.cache_ends[e - 1] as usize
            };
            let end = scratch.cache_ends[e] as usize;
            if scratch.cache_words.get(start..end) == Some(orig) {
                return RowsAt::Cache(e);
            }
        }
        // Computed now; cached unless another word has the same hash.
        let e = scratch.cache_ends.len();
        scratch.feats.clear();
        let norm_form = fold_digits(norm_form);
        self.type_feats(orig, &norm_form, Some(g), &mut scratch.feats);
        let at = scratch.cache_rows.len();
        scratch.cache_rows.resize(at + OFFSETS * l, 0.0);
        let feats = std::mem::take(&mut scratch.feats);
        self.sum_rows(&feats, &mut scratch.cache_rows[at..]);
        scratch.feats = feats;
        scratch.cache_words.push_str(orig);
        scratch.cache_ends.push(scratch.cache_words.len() as u32);
        scratch.cache.entry(h).or_insert(e as u32);
        RowsAt::Cache(e)
    }

    /// Tags the sentences of a document for which `only` is true. Appends `(first_token,
    /// end_token, type index)`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn tag(
        &self,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        codes: &[u8],
        doc_codes: &[u8],
        g: &Gazetteer,
        scratch: &mut DecodeScratch,
        only: &[bool],
        out: &mut Vec<(usize, usize, u8)>,
    ) {
        let l = self.l;
        if scratch.cache_owner != self.id
            || scratch.cache_ends.len() > CACHE_WORDS
            || scratch.cache_words.len() > u32::MAX as usize / 2
        {
            scratch.cache.clear();
            scratch.cache_words.clear();
            scratch.cache_ends.clear();
            scratch.cache_rows.clear();
            scratch.cache_owner = self.id;
        }
        let codes = if self.features.gazetteer { codes } else { &[] };
        for (si, s) in tokens.sentences.iter().enumerate() {
            if !only.get(si).copied().unwrap_or(false) {
                continue;
            }
            let (first, end) = (s.first_token as usize, s.end_token as usize);
            let n = end - first;
            if n == 0 {
                continue;
            }
            // Where each token's rows are.
            scratch.at.clear();
            for t in &tokens.tokens[first..end] {
                let orig = fold_digits(&original[t.byte_start as usize..t.byte_end as usize]);
                let at = self.rows_of(&orig, t.norm(&norm.text), g, scratch);
                scratch.at.push(at);
            }
            scratch.em.clear();
            scratch.em.resize(n * l, 0.0);
            for k in 0..n {
                let em = &mut scratch.em[k * l..(k + 1) * l];
                for o in 0..OFFSETS {
                    let j = k as i64 + o as i64 - WINDOW as i64;
                    if j < 0 {
                        add(em, &self.pad_rows[o * l..(o + 1) * l]);
                    } else if j >= n as i64 {
                        add(em, &self.pad_rows[(OFFSETS + o) * l..(OFFSETS + o + 1) * l]);
                    } else {
                        self.add_row(&scratch.cache_rows, scratch.at[j as usize], o, em);
                    }
                }
                // Context features, in the order `context_features` lists them.
                let i = first + k;
                if i == first {
                    if let Some(r) = self.first_row {
                        self.model.add_context(r, em);
                    }
                } else if tokens.tokens[i - 1].kind == TokenKind::Punct {
                    let h = hash2("afterp", tokens.tokens[i - 1].norm(&norm.text));
                    if let Some(r) = self.model.context_index(h) {
                        self.model.add_context(r, em);
                    }
                }
                if !codes.is_empty() {
                    for (slot, o) in [-1i64, 0, 1].into_iter().enumerate() {
                        let j = i as i64 + o;
                        if j < first as i64 || j >= end as i64 {
                            continue;
                        }
                        let c = codes.get(j as usize).copied().unwrap_or(0);
                        if c != 0 || o == 0 {
                            let row = self.code_rows[slot].get(c as usize).copied().flatten();
                            if let Some(r) = row {
                                self.model.add_context(r, em);
                            }
                        }
                    }
                }
                if self.features.document {
                    let c = doc_codes.get(i).copied().unwrap_or(0) as usize;
                    if let Some(r) = self.doc_rows.get(c).copied().flatten().filter(|_| c != 0) {
                        self.model.add_context(r, em);
                    }
                }
                if self.features.bigrams {
                    scratch.feats.clear();
                    bigram_features(tokens, norm, i, first, end, &mut scratch.feats);
                    for &h in &scratch.feats {
                        if let Some(r) = self.model.context_index(h) {
                            self.model.add_context(r, em);
                        }
                    }
                }
            }
            let chain = Chain {
                l,
                start: &self.model.start,
                trans: &self.model.transitions,
                ok: &self.ok,
                ok_start: &self.ok_start,
            };
            viterbi(
                &chain,
                &scratch.em,
                n,
                &mut scratch.back,
                &mut scratch.best,
                (&mut scratch.prev, &mut scratch.cur),
            );
            spans_of(&self.roles, &scratch.best, first, out);
        }
    }
}

#[inline]
fn add(em: &mut [f32], row: &[f32]) {
    for (a, b) in em.iter_mut().zip(row) {
        *a += b;
    }
}

/// Turns a BIO tag sequence into spans `(first, end, type)` offset by `base`.
pub(crate) fn spans_of(
    roles: &[TagRole],
    tags: &[u8],
    base: usize,
    out: &mut Vec<(usize, usize, u8)>,
) {
    let mut open: Option<(usize, u8)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let role = roles.get(t as usize).copied().unwrap_or(TagRole::Outside);
        match role {
            TagRole::Inside(ty) if open.is_some_and(|(_, o)| o == ty) => {}
            _ => {
                if let Some((s, ty)) = open.take() {
                    out.push((base + s, base + i, ty));
                }
                if let TagRole::Begin(ty) | TagRole::Inside(ty) = role {
                    open = Some((i, ty));
                }
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push((base + s, base + tags.len(), ty));
    }
}
