//! Decoding: a model compiled for speed, and Viterbi over a sentence.
//!
//! Compiling sums, for every word form of the model's vocabulary and of its clusters, the
//! weights of that word's type features at each window offset into one score row per offset
//! (`OFFSETS x tags` floats). Scoring a known token is then one hash lookup and a few
//! additions; an unknown one has its type features computed on the fly. The context features
//! (gazetteer matches, sentence start) are looked up per token.

use rustc_hash::FxHashMap as HashMap;

use super::features::{
    at_offset, context_features, fold_digits, pad_after, pad_before, type_features, Clusters,
    FeatureSet, Lexicon, TypeContext, OFFSETS, WINDOW,
};
use super::model::ModelFile;
use crate::gazetteer::Gazetteer;
use crate::text::{Normalized, Tokens};

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
    let mut prev = vec![f32::NEG_INFINITY; l];
    let mut cur = vec![f32::NEG_INFINITY; l];
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
        std::mem::swap(&mut prev, &mut cur);
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

/// A model ready to decode: weights indexed by feature, and score rows per known word.
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
    index: HashMap<u64, u32>,
    weights: Vec<f32>,
    start: Vec<f32>,
    transitions: Vec<f32>,
    ok: Vec<bool>,
    ok_start: Vec<bool>,
    vocab: HashMap<Box<str>, u32>,
    rows: Vec<f32>,
    pad_rows: Vec<f32>,
    clusters: Clusters,
    lexicon: Lexicon,
    /// Identifies this compiled model (its cache entries in a scratch).
    id: u64,
}

/// Per-thread buffers for decoding.
#[derive(Debug, Default)]
pub struct DecodeScratch {
    feats: Vec<u64>,
    rows: Vec<f32>,
    em: Vec<f32>,
    back: Vec<u8>,
    best: Vec<u8>,
    /// Score rows of words outside the model's vocabulary, computed once per thread (news
    /// repeats its rare words); valid for the model `cache_owner` names.
    cache: HashMap<Box<str>, Box<[f32]>>,
    cache_owner: u64,
}

/// Most words kept in a thread's cache of unknown words' rows (about 180 bytes each).
const CACHE_WORDS: usize = 50_000;

impl Compiled {
    /// Compiles a model with its clusters and the gazetteer's lexicon.
    pub fn new(model: &ModelFile, clusters: Clusters, g: &Gazetteer) -> Compiled {
        let l = model.tags.len();
        let (roles, types) = tag_roles(&model.tags);
        let mut ok = vec![false; l * l];
        for p in 0..l {
            for y in 0..l {
                ok[p * l + y] = allowed(Some(roles[p]), roles[y]);
            }
        }
        let ok_start = roles.iter().map(|&r| allowed(None, r)).collect();
        let index: HashMap<u64, u32> = model
            .feature_hashes
            .iter()
            .enumerate()
            .map(|(i, &h)| (h, i as u32))
            .collect();
        let mut c = Compiled {
            lang: model.lang.clone(),
            features: model.features,
            tags: model.tags.clone(),
            roles,
            types,
            l,
            index,
            weights: model.weights.clone(),
            start: model.start.clone(),
            transitions: model.transitions.clone(),
            ok,
            ok_start,
            vocab: HashMap::default(),
            rows: Vec::new(),
            pad_rows: vec![0.0; 2 * OFFSETS * l],
            clusters,
            lexicon: if model.features.gazetteer {
                Lexicon::new(g)
            } else {
                Lexicon::default()
            },
            id: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        // Pad rows: [before, after] x OFFSETS x l.
        for (k, base) in [pad_before(), pad_after()].into_iter().enumerate() {
            for o in 0..OFFSETS {
                let mut row = vec![0.0f32; l];
                c.add_feature(at_offset(base, o), &mut row);
                c.pad_rows[(k * OFFSETS + o) * l..(k * OFFSETS + o + 1) * l].copy_from_slice(&row);
            }
        }
        // Score rows for the training vocabulary (frequent forms); other words are scored on
        // the fly.
        let words: Vec<&str> = model.vocabulary.iter().map(String::as_str).collect();
        let mut rows = vec![0.0f32; words.len() * OFFSETS * l];
        let mut vocab: HashMap<Box<str>, u32> = HashMap::default();
        let mut feats = Vec::new();
        for (wi, w) in words.iter().enumerate() {
            let norm = crate::text::normalize(w);
            feats.clear();
            c.type_feats(w, &norm, Some(g), &mut feats);
            let r = &mut rows[wi * OFFSETS * l..(wi + 1) * OFFSETS * l];
            c.sum_rows(&feats, r);
            vocab.insert((*w).into(), wi as u32);
        }
        c.rows = rows;
        c.vocab = vocab;
        c
    }

    fn type_feats(&self, original: &str, norm: &str, g: Option<&Gazetteer>, out: &mut Vec<u64>) {
        let ctx = TypeContext {
            set: self.features,
            clusters: &self.clusters,
            lexicon: &self.lexicon,
            gazetteer: g,
        };
        type_features(original, norm, &ctx, out);
    }

    #[inline]
    fn add_feature(&self, h: u64, row: &mut [f32]) {
        if let Some(&i) = self.index.get(&h) {
            let w = &self.weights[i as usize * self.l..(i as usize + 1) * self.l];
            for (a, b) in row.iter_mut().zip(w) {
                *a += b;
            }
        }
    }

    /// Sums a word's type features into its `OFFSETS x l` rows.
    fn sum_rows(&self, feats: &[u64], rows: &mut [f32]) {
        let l = self.l;
        for o in 0..OFFSETS {
            let row = &mut rows[o * l..(o + 1) * l];
            for &f in feats {
                self.add_feature(at_offset(f, o), row);
            }
        }
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
        g: &Gazetteer,
        scratch: &mut DecodeScratch,
        only: &[bool],
        out: &mut Vec<(usize, usize, u8)>,
    ) {
        let l = self.l;
        if scratch.cache_owner != self.id || scratch.cache.len() > CACHE_WORDS {
            scratch.cache.clear();
            scratch.cache_owner = self.id;
        }
        for (si, s) in tokens.sentences.iter().enumerate() {
            if !only.get(si).copied().unwrap_or(false) {
                continue;
            }
            let (first, end) = (s.first_token as usize, s.end_token as usize);
            let n = end - first;
            if n == 0 {
                continue;
            }
            // Each token's own rows.
            scratch.rows.clear();
            scratch.rows.resize(n * OFFSETS * l, 0.0);
            for (k, t) in tokens.tokens[first..end].iter().enumerate() {
                let orig = fold_digits(&original[t.byte_start as usize..t.byte_end as usize]);
                let orig = orig.as_ref();
                let r = &mut scratch.rows[k * OFFSETS * l..(k + 1) * OFFSETS * l];
                if let Some(&v) = self.vocab.get(orig) {
                    let v = v as usize;
                    r.copy_from_slice(&self.rows[v * OFFSETS * l..(v + 1) * OFFSETS * l]);
                } else if let Some(c) = scratch.cache.get(orig) {
                    r.copy_from_slice(c);
                } else {
                    scratch.feats.clear();
                    let norm_form = fold_digits(t.norm(&norm.text));
                    self.type_feats(orig, &norm_form, Some(g), &mut scratch.feats);
                    self.sum_rows(&scratch.feats, r);
                    scratch.cache.insert(orig.into(), r.into());
                }
            }
            scratch.em.clear();
            scratch.em.resize(n * l, 0.0);
            for k in 0..n {
                let em = &mut scratch.em[k * l..(k + 1) * l];
                for o in 0..OFFSETS {
                    let j = k as i64 + o as i64 - WINDOW as i64;
                    let row = if j < 0 {
                        &self.pad_rows[o * l..(o + 1) * l]
                    } else if j >= n as i64 {
                        &self.pad_rows[(OFFSETS + o) * l..(OFFSETS + o + 1) * l]
                    } else {
                        let j = j as usize;
                        &scratch.rows[(j * OFFSETS + o) * l..(j * OFFSETS + o + 1) * l]
                    };
                    for (a, b) in em.iter_mut().zip(row) {
                        *a += b;
                    }
                }
                scratch.feats.clear();
                let cc = if self.features.gazetteer { codes } else { &[] };
                context_features(tokens, norm, cc, first + k, first, end, &mut scratch.feats);
                for &f in &scratch.feats {
                    if let Some(&i) = self.index.get(&f) {
                        let w = &self.weights[i as usize * l..(i as usize + 1) * l];
                        for (a, b) in em.iter_mut().zip(w) {
                            *a += b;
                        }
                    }
                }
            }
            let chain = Chain {
                l,
                start: &self.start,
                trans: &self.transitions,
                ok: &self.ok,
                ok_start: &self.ok_start,
            };
            viterbi(&chain, &scratch.em, n, &mut scratch.back, &mut scratch.best);
            spans_of(&self.roles, &scratch.best, first, out);
        }
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
