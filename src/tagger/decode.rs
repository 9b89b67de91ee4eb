//! Decoding: a model compiled for speed, and Viterbi over a sentence.
//!
//! The model file holds, for every word of the model's vocabulary, the weights of that word's
//! type features at each window offset summed into one score row per offset (`OFFSETS x tags`
//! floats), read in place. A thread keeps one table of the word forms it has tagged, keyed by
//! the word's hash, pointing into one arena of rows: a vocabulary word's rows are copied there
//! from the file on first sight, an unknown word's are computed from its type features (one
//! probe per feature, all offsets at once). A token then costs one probe and its rows; the
//! loads of a sentence's tokens are started together (prefetched), since the table and the
//! arena are larger than the processor's caches and the time goes to waiting for memory.
//! The context features (gazetteer matches, sentence start) are a handful of rows resolved when
//! the model is compiled; the word bigrams are hashed from per-sentence states and most are
//! rejected by a small bitset of the model's context keys before any probe.
//!
//! Every change here keeps the scores bit for bit: the same model gives the same tags.

use super::features::{
    fold_digit_bytes, fold_digits, hash2, history_feature, history_key, pad_after, pad_before,
    small_number, type_features, FeatureSet, History, Lexicon, TypeContext, HISTORY_CODES, OFFSETS,
    WINDOW,
};
use super::model::{folded_word_key, prefetch, ModelView};
use crate::gazetteer::Gazetteer;
use crate::text::{Normalized, TokenKind, Tokens};

/// A tag's role in a span. A model's tags follow BIO (`B-`, `I-`) or BILOU, which also marks
/// the last token of a longer span (`L-`, or `E-`) and a one-token span (`U-`, or `S-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagRole {
    Outside,
    Begin(u8),
    Inside(u8),
    Last(u8),
    Unit(u8),
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
        roles.push(match prefix {
            "I" => TagRole::Inside(idx),
            "L" | "E" => TagRole::Last(idx),
            "U" | "S" => TagRole::Unit(idx),
            _ => TagRole::Begin(idx),
        });
    }
    (roles, types)
}

/// Whether `cur` may follow `prev` (None: sentence start). `bilou`: the tag set marks span
/// ends, so an open span (`B`, `I`) must go on with `I` or `L` of its type.
pub(crate) fn allowed(prev: Option<TagRole>, cur: TagRole, bilou: bool) -> bool {
    let open = |t: u8| matches!(prev, Some(TagRole::Begin(p)) | Some(TagRole::Inside(p)) if p == t);
    match cur {
        TagRole::Inside(t) | TagRole::Last(t) => open(t),
        _ => !bilou || !matches!(prev, Some(TagRole::Begin(_)) | Some(TagRole::Inside(_))),
    }
}

/// The constraints of a tag set: which tag may follow which (`l x l`, previous tag first),
/// which may start a sentence and which may end one.
pub(crate) fn constraints_of(roles: &[TagRole]) -> (Vec<bool>, Vec<bool>, Vec<bool>) {
    let l = roles.len();
    let bilou = roles
        .iter()
        .any(|r| matches!(r, TagRole::Last(_) | TagRole::Unit(_)));
    let mut ok = vec![false; l * l];
    for p in 0..l {
        for y in 0..l {
            ok[p * l + y] = allowed(Some(roles[p]), roles[y], bilou);
        }
    }
    let ok_start = roles.iter().map(|&r| allowed(None, r, bilou)).collect();
    let ok_end = roles
        .iter()
        .map(|r| !bilou || !matches!(r, TagRole::Begin(_) | TagRole::Inside(_)))
        .collect();
    (ok, ok_start, ok_end)
}

/// The transition side of a chain: start and transition weights and the BIO constraints.
pub(crate) struct Chain<'a> {
    pub l: usize,
    pub start: &'a [f32],
    pub trans: &'a [f32],
    pub ok: &'a [bool],
    pub ok_start: &'a [bool],
    pub ok_end: &'a [bool],
}

/// Most tags a chain folds its constraints for on the stack (a BIO model over 4 span types
/// has 9); larger tag sets take the same path through a heap buffer.
const FOLDED_TAGS: usize = 16;

/// Viterbi over emission scores `em` (`n x l`) under the chain's weights and constraints.
/// Writes the best tags into `out`.
///
/// The BIO constraints are folded into the transition weights (a forbidden step weighs minus
/// infinity), and the inner loop runs over the current tag for a fixed previous tag, so it has
/// no branch and vectorizes. It picks what the plain loop picks: for each tag the previous tags
/// are tried in ascending order and only a strictly better score replaces the best, and a
/// forbidden step or an unreachable previous tag scores minus infinity, which never wins.
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
        ok_end,
    } = *chain;
    out.clear();
    if n == 0 || l == 0 {
        return;
    }
    // A BIO model over four span types has nine tags: a loop of known length, unrolled.
    if l == 9
        && em.len() >= n * 9
        && trans.len() >= 81
        && ok.len() >= 81
        && chain.start.len() >= 9
        && ok_start.len() >= 9
        && ok_end.len() >= 9
    {
        return viterbi_fixed::<9>(chain, em, n, back, out);
    }
    let mut folded_stack = [f32::NEG_INFINITY; FOLDED_TAGS * FOLDED_TAGS];
    let mut folded_heap = Vec::new();
    let folded: &mut [f32] = if l <= FOLDED_TAGS {
        &mut folded_stack[..l * l]
    } else {
        folded_heap.resize(l * l, f32::NEG_INFINITY);
        &mut folded_heap
    };
    for ((f, &t), &allowed) in folded.iter_mut().zip(trans).zip(ok) {
        if allowed {
            *f = t;
        }
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
        let arg = &mut back[i * l..(i + 1) * l];
        cur.fill(f32::NEG_INFINITY);
        for (p, (&pp, row)) in prev.iter().zip(folded.chunks_exact(l)).enumerate() {
            for ((c, a), &t) in cur.iter_mut().zip(arg.iter_mut()).zip(row) {
                let s = pp + t;
                if s > *c {
                    *c = s;
                    *a = p as u8;
                }
            }
        }
        for (c, &e) in cur.iter_mut().zip(&em[i * l..(i + 1) * l]) {
            *c += e;
        }
        std::mem::swap(prev, cur);
    }
    backtrack(prev, ok_end, back, l, out);
}

/// The best tags from the last position's scores `last` (a tag that may end a sentence) back
/// through `back` (`n x l` previous tags) into `out` (`n` = `back.len() / l`).
fn backtrack(last: &[f32], ok_end: &[bool], back: &[u8], l: usize, out: &mut Vec<u8>) {
    let n = back.len() / l;
    let mut y = 0usize;
    let mut best = f32::NEG_INFINITY;
    for (k, (&s, &ok)) in last.iter().zip(ok_end).enumerate() {
        if s > best && ok {
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

/// [`viterbi`] for a tag set of `L` tags: the same steps in the same order (so the same
/// tags, ties included), on arrays the compiler can keep in registers.
fn viterbi_fixed<const L: usize>(
    chain: &Chain<'_>,
    em: &[f32],
    n: usize,
    back: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    let mut folded = [[f32::NEG_INFINITY; L]; L];
    for (p, row) in folded.iter_mut().enumerate() {
        for (y, f) in row.iter_mut().enumerate() {
            if chain.ok[p * L + y] {
                *f = chain.trans[p * L + y];
            }
        }
    }
    back.clear();
    back.resize(n * L, 0);
    let mut prev = [f32::NEG_INFINITY; L];
    for (y, v) in prev.iter_mut().enumerate() {
        if chain.ok_start[y] {
            *v = chain.start[y] + em[y];
        }
    }
    for (i, arg) in back.chunks_exact_mut(L).enumerate().skip(1) {
        let mut cur = [f32::NEG_INFINITY; L];
        for (p, (&pp, row)) in prev.iter().zip(&folded).enumerate() {
            for ((c, a), &t) in cur.iter_mut().zip(arg.iter_mut()).zip(row) {
                let s = pp + t;
                if s > *c {
                    *c = s;
                    *a = p as u8;
                }
            }
        }
        for (c, &e) in cur.iter_mut().zip(&em[i * L..(i + 1) * L]) {
            *c += e;
        }
        prev = cur;
    }
    backtrack(&prev, chain.ok_end, back, L, out);
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
    ok_end: Vec<bool>,
    /// Score rows of the vocabulary when the gazetteer's lexicon is not the one the file's
    /// rows were summed with (recomputed once); empty when the file's rows are used.
    own_rows: Vec<f32>,
    pad_rows: Vec<f32>,
    /// Context rows: sentence start, and the gazetteer codes at offsets -1, 0, +1.
    first_row: Option<u32>,
    code_rows: [[Option<u32>; 32]; 3],
    /// Context rows of the document codes (`features::document_codes`).
    doc_rows: [Option<u32>; 8],
    /// Context rows of the prediction history's codes ([`History::code`]).
    hist_rows: [Option<u32>; HISTORY_CODES],
    /// A bit per [`filter_bit`] of every context feature's key: most keys a token looks up
    /// (its word bigrams) are not in the model, and this small bitset says so without a
    /// probe into the model's table. It has no false negatives, so it changes no score.
    context_filter: Vec<u64>,
    lexicon: Lexicon,
    /// The head nouns of organisations (the lexicon's `body` class, normalized): alone, a
    /// common noun ([`Compiled::is_body_head`]).
    body_heads: rustc_hash::FxHashSet<Box<str>>,
    /// Identifies this compiled model (its cache entries in a scratch).
    id: u64,
}

/// A slot of a thread's word table: a word's 64-bit hash (0: empty), its 32-bit check, and
/// its entry in the thread's row arena.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    check: u32,
    entry: u32,
}

/// Per-thread buffers for decoding (reused across documents: no allocation per token).
///
/// Every word form the thread has tagged has its score rows (`OFFSETS x tags` floats) in one
/// arena, found through one open-addressing table keyed by the word's hash: a token costs one
/// probe there and its rows, whether the model's vocabulary holds the word (its rows copied
/// from the file on first sight) or not (its rows computed on first sight, as news repeats
/// its rare words). Entries 0 and 1 are the padding before and after a sentence.
#[derive(Debug, Default)]
pub struct DecodeScratch {
    feats: Vec<u64>,
    /// The word keys (hash, check) of the sentence's tokens.
    keys: Vec<(u64, u32)>,
    /// Arena entry of each token of the sentence, with two padding entries at each end.
    at: Vec<u32>,
    em: Vec<f32>,
    back: Vec<u8>,
    best: Vec<u8>,
    prev: Vec<f32>,
    cur: Vec<f32>,
    slots: Vec<Slot>,
    used: usize,
    /// Entries computed for words outside the vocabulary since the last reset.
    unknown: usize,
    rows: Vec<f32>,
    owner: u64,
    /// The bigram keys of the sentence's tokens ([`bigram_states`]).
    bigrams: Vec<[u64; 2]>,
    /// How the document's earlier sentences were tagged, and the sentence's tokens' slots in
    /// it.
    history: History,
    hist_keys: Vec<u64>,
    hist_slots: Vec<u32>,
}

/// Most words kept in a thread's cache of unknown words' rows (about 200 bytes each).
const CACHE_WORDS: usize = 200_000;

impl Compiled {
    /// Whether the normalized word is a one-word title of the gazetteer the model was compiled
    /// with.
    pub fn is_title_word(&self, word: &str) -> bool {
        self.lexicon.is_title(word)
    }

    /// Whether the normalized word is a stop word of the gazetteer the model was compiled
    /// with (a function or common word, never part of a name found by pattern).
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.lexicon.is_stop(word)
    }

    /// Compiles a model for the gazetteer it will read (its lexicon and given names are
    /// features). Cheap when the gazetteer's lexicon is the one the model was written with;
    /// otherwise the vocabulary's rows are summed again, once.
    pub fn new(model: ModelView, g: &Gazetteer) -> Compiled {
        let l = model.tags.len();
        let (roles, types) = tag_roles(&model.tags);
        let (ok, ok_start, ok_end) = constraints_of(&roles);
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
        let mut hist_rows = [None; HISTORY_CODES];
        for (c, slot) in hist_rows.iter_mut().enumerate() {
            *slot = history_feature(c as u8).and_then(|h| model.context_index(h));
        }
        let mut context_filter = vec![0u64; CONTEXT_FILTER_BITS / 64];
        for k in model.context_keys() {
            let b = filter_bit(k);
            context_filter[b / 64] |= 1 << (b % 64);
        }
        let mut c = Compiled {
            doc_rows,
            hist_rows,
            context_filter,
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
            ok_end,
            own_rows: Vec::new(),
            pad_rows: vec![0.0; 2 * OFFSETS * l],
            lexicon,
            body_heads: g
                .words()
                .iter()
                .filter(|w| w.class == crate::gazetteer::WordClass::Body)
                .map(|w| crate::text::alias_key(&w.word).into_boxed_str())
                .filter(|k| !k.is_empty() && !k.contains(' '))
                .collect(),
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

    /// Whether the normalized word is the head noun of an organisation in the gazetteer's
    /// lexicon (حزب، الاتحاد، الوزارة).
    pub fn is_body_head(&self, word: &str) -> bool {
        self.body_heads.contains(word)
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

    /// Sums a word's type features into its `OFFSETS x l` rows (zeroed by the caller). The
    /// features' slots are prefetched first, so their probes wait for memory together.
    fn sum_rows(&self, feats: &[u64], rows: &mut [f32]) {
        for &f in feats {
            self.model.prefetch_type(f);
        }
        for &f in feats {
            self.model.add_type(f, rows);
        }
    }

    /// The row of a context feature, if the model has it.
    #[inline]
    fn context_index(&self, h: u64) -> Option<u32> {
        let b = filter_bit(h);
        let on = self
            .context_filter
            .get(b / 64)
            .is_some_and(|w| w & (1 << (b % 64)) != 0);
        if on {
            self.model.context_index(h)
        } else {
            None
        }
    }

    /// Empties a thread's word table and row arena when they belong to another model or have
    /// grown past their bound, and sets the padding entries.
    fn reset_scratch(&self, scratch: &mut DecodeScratch) {
        let block = OFFSETS * self.l;
        let bound = (CACHE_WORDS + self.model.vocab_len() + 2) * 2 * block;
        if scratch.owner == self.id
            && scratch.unknown <= CACHE_WORDS
            && scratch.rows.len() <= bound
            && !scratch.slots.is_empty()
        {
            return;
        }
        scratch.slots.clear();
        scratch.slots.resize(1 << 12, Slot::default());
        scratch.used = 0;
        scratch.unknown = 0;
        scratch.rows.clear();
        scratch.rows.extend_from_slice(&self.pad_rows);
        scratch.owner = self.id;
    }

    /// The arena entry of a token's word (`orig`: its original text, digits folded), copying
    /// or computing its rows on first sight.
    ///
    /// A word is known by its 64-bit hash and its 32-bit check, as in the model's vocabulary
    /// table. Two words with the same 64-bit hash (and another check) are told apart: the
    /// second one's rows are made afresh at each of its tokens, without an entry in the table,
    /// as the plain cache of unknown words did.
    fn entry_of(
        &self,
        (key, check): (u64, u32),
        original: &str,
        token: &crate::text::Token,
        norm: &Normalized,
        g: &Gazetteer,
        scratch: &mut DecodeScratch,
    ) -> u32 {
        // The word and its normalized form, needed only for a word not in the table yet.
        let word = || fold_digits(&original[token.byte_start as usize..token.byte_end as usize]);
        let norm_form = token.norm(&norm.text);
        let mask = scratch.slots.len() - 1;
        let mut i = slot_of(key, mask);
        loop {
            let s = scratch.slots[i];
            if s.key == key {
                if s.check == check {
                    return s.entry;
                }
                // Another word with this hash: rows of its own, not in the table.
                return self.new_entry(&word(), norm_form, key, check, g, scratch);
            }
            if s.key == 0 {
                break;
            }
            i = (i + 1) & mask;
        }
        let e = self.new_entry(&word(), norm_form, key, check, g, scratch);
        scratch.slots[i] = Slot {
            key,
            check,
            entry: e,
        };
        scratch.used += 1;
        if scratch.used * 2 > scratch.slots.len() {
            grow(&mut scratch.slots);
        }
        e
    }

    /// Appends the rows of a word to the arena: the vocabulary's, or computed from its type
    /// features (counted against the bound of unknown words).
    fn new_entry(
        &self,
        orig: &str,
        norm_form: &str,
        key: u64,
        check: u32,
        g: &Gazetteer,
        scratch: &mut DecodeScratch,
    ) -> u32 {
        let block = OFFSETS * self.l;
        let at = scratch.rows.len();
        let e = (at / block) as u32;
        scratch.rows.resize(at + block, 0.0);
        let rows = &mut scratch.rows[at..];
        if let Some(v) = self.model.vocab_index_hashed(key, check) {
            if self.own_rows.is_empty() {
                self.model.vocab_rows(v, rows);
            } else if let Some(r) = self.own_rows.get(v * block..(v + 1) * block) {
                rows.copy_from_slice(r);
            }
            return e;
        }
        scratch.feats.clear();
        let norm_form = fold_digits(norm_form);
        self.type_feats(orig, &norm_form, Some(g), &mut scratch.feats);
        self.sum_rows(&scratch.feats, rows);
        scratch.unknown += 1;
        e
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
        let block = OFFSETS * l;
        self.reset_scratch(scratch);
        let codes = if self.features.gazetteer { codes } else { &[] };
        scratch.history.clear();
        for (si, s) in tokens.sentences.iter().enumerate() {
            if !only.get(si).copied().unwrap_or(false) {
                continue;
            }
            let (first, end) = (s.first_token as usize, s.end_token as usize);
            let n = end - first;
            if n == 0 {
                continue;
            }
            // The arena entry of each token, padded: entry 0 before the sentence, 1 after.
            // First every token's key, starting the loads of their slots; then the slots
            // (an unknown word's rows are made there), starting the loads of their rows.
            let toks = &tokens.tokens[first..end];
            scratch.keys.clear();
            let mask = scratch.slots.len() - 1;
            for t in toks {
                let (hash, check) =
                    folded_word_key(&original[t.byte_start as usize..t.byte_end as usize]);
                let key = (nonzero(hash), check);
                prefetch(scratch.slots.as_ptr().wrapping_add(slot_of(key.0, mask)));
                scratch.keys.push(key);
            }
            // The history's keys, their slots' loads started with the word table's.
            if self.features.history {
                scratch.hist_keys.clear();
                for i in first..end {
                    let key = history_key(tokens, norm, i);
                    scratch.history.prefetch(key);
                    scratch.hist_keys.push(key);
                }
            }
            scratch.at.clear();
            scratch.at.extend([0; WINDOW]);
            for (k, t) in toks.iter().enumerate() {
                let key = scratch.keys[k];
                let e = self.entry_of(key, original, t, norm, g, scratch);
                let row = scratch.rows.as_ptr().wrapping_add(e as usize * block);
                for line in (0..block * 4).step_by(64) {
                    prefetch(row.cast::<u8>().wrapping_add(line));
                }
                scratch.at.push(e);
            }
            scratch.at.extend([1; WINDOW]);
            if self.features.bigrams {
                bigram_states(tokens, norm, first, end, scratch);
            }
            if self.features.history {
                scratch.hist_slots.clear();
                for k in 0..n {
                    let slot = scratch.history.slot(scratch.hist_keys[k]);
                    scratch.hist_slots.push(slot);
                }
            }
            scratch.em.clear();
            scratch.em.resize(n * l, 0.0);
            for k in 0..n {
                let em = &mut scratch.em[k * l..(k + 1) * l];
                // The type features of the window: row `o` of the word at offset `o - WINDOW`.
                for (o, &e) in scratch.at[k..k + OFFSETS].iter().enumerate() {
                    let at = e as usize * block + o * l;
                    if let Some(row) = scratch.rows.get(at..at + l) {
                        add(em, row);
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
                    if let Some(r) = self.context_index(h) {
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
                    for h in scratch.bigrams[k] {
                        if let Some(r) = self.context_index(h) {
                            self.model.add_context(r, em);
                        }
                    }
                }
                if self.features.history {
                    let c = scratch.history.code(scratch.hist_slots[k]) as usize;
                    if let Some(r) = self.hist_rows.get(c).copied().flatten() {
                        self.model.add_context(r, em);
                    }
                }
            }
            let chain = Chain {
                l,
                start: &self.model.start,
                trans: &self.model.transitions,
                ok: &self.ok,
                ok_start: &self.ok_start,
                ok_end: &self.ok_end,
            };
            viterbi(
                &chain,
                &scratch.em,
                n,
                &mut scratch.back,
                &mut scratch.best,
                (&mut scratch.prev, &mut scratch.cur),
            );
            if self.features.history {
                for (&slot, &t) in scratch.hist_slots.iter().zip(&scratch.best) {
                    let ty = super::train::role_type(&self.roles, t);
                    scratch.history.record(slot, ty);
                }
            }
            spans_of(&self.roles, &scratch.best, first, out);
        }
    }
}

/// Bits of a compiled model's filter of context keys (8 KB: it stays in the first-level cache).
const CONTEXT_FILTER_BITS: usize = 1 << 16;

/// The filter bit of a context key.
#[inline]
fn filter_bit(key: u64) -> usize {
    (nonzero(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as usize % CONTEXT_FILTER_BITS
}

/// Slot of a key in a thread's word table (`mask`: its capacity minus one).
#[inline]
fn slot_of(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
}

/// A key that is never 0 (0 marks an empty slot).
#[inline]
fn nonzero(key: u64) -> u64 {
    key.max(1)
}

/// Doubles a word table, keeping its entries.
fn grow(slots: &mut Vec<Slot>) {
    let old = std::mem::take(slots);
    slots.resize(old.len() * 2, Slot::default());
    let mask = slots.len() - 1;
    for s in old.into_iter().filter(|s| s.key != 0) {
        let mut i = slot_of(s.key, mask);
        while slots[i].key != 0 {
            i = (i + 1) & mask;
        }
        slots[i] = s;
    }
}

/// FNV-1a state after a feature's kind and its separator (`hash2`'s first half).
#[inline]
fn fnv_kind(kind: &str) -> u64 {
    fnv_more(0xcbf2_9ce4_8422_2325, kind.as_bytes().iter().chain(&[0xff]))
}

#[inline]
fn fnv_more<'a>(mut h: u64, bytes: impl IntoIterator<Item = &'a u8>) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Prepares the bigram features of a sentence `first..end` (`features::bigram_features`,
/// whose keys are FNV-1a over `kind, 0xff, left word, 0xfe, right word`): each token's two
/// keys, into `scratch.bigrams`.
///
/// Each word of the padded sentence ("<", the tokens' normalized words with digits folded,
/// ">") is read once, running four FNV chains side by side: "b-" and "b+" with the word on
/// the left (the states the next word's keys go on from), and the keys of the word before
/// (its "b-" state) and the word before that (its "b+" state) with this word on the right.
/// FNV is a chain of dependent multiplications; four independent ones cost about what one
/// does, where one pass per key cost four times as much.
fn bigram_states(
    tokens: &Tokens,
    norm: &Normalized,
    first: usize,
    end: usize,
    scratch: &mut DecodeScratch,
) {
    const PRIME: u64 = 0x0100_0000_01b3;
    let n = end - first;
    scratch.bigrams.clear();
    scratch.bigrams.resize(n, [0; 2]);
    let (minus, plus) = (fnv_kind("b-"), fnv_kind("b+"));
    let toks = &tokens.tokens[first..end];
    // The "b-" and "b+" states of the word before (index j - 1 of the padded list).
    let (mut left_minus, mut left_plus) = (minus, plus);
    for j in 0..n + 2 {
        let word: &[u8] = match j {
            0 => b"<",
            j if j <= n => toks[j - 1].norm(&norm.text).as_bytes(),
            _ => b">",
        };
        let (mut a, mut b, mut c, mut d) = (minus, plus, left_minus, left_plus);
        fold_digit_bytes(word, |x| {
            let x = u64::from(x);
            a = (a ^ x).wrapping_mul(PRIME);
            b = (b ^ x).wrapping_mul(PRIME);
            c = (c ^ x).wrapping_mul(PRIME);
            d = (d ^ x).wrapping_mul(PRIME);
        });
        // Word j is token j - 1: its "b-" key ends here; token j - 2's "b+" key too.
        if (1..=n).contains(&j) {
            scratch.bigrams[j - 1][0] = c;
        }
        if (2..=n + 1).contains(&j) {
            scratch.bigrams[j - 2][1] = d;
        }
        left_minus = (a ^ 0xfe).wrapping_mul(PRIME);
        left_plus = (b ^ 0xfe).wrapping_mul(PRIME);
    }
}

#[inline]
fn add(em: &mut [f32], row: &[f32]) {
    for (a, b) in em.iter_mut().zip(row) {
        *a += b;
    }
}

/// Turns a BIO or BILOU tag sequence into spans `(first, end, type)` offset by `base`. A
/// sequence the constraints forbid still gives spans: an `I` or `L` that continues no span
/// starts one, and a span left open at the end closes there.
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
            TagRole::Last(ty) if open.is_some_and(|(_, o)| o == ty) => {
                if let Some((s, ty)) = open.take() {
                    out.push((base + s, base + i + 1, ty));
                }
            }
            _ => {
                if let Some((s, ty)) = open.take() {
                    out.push((base + s, base + i, ty));
                }
                match role {
                    TagRole::Begin(ty) | TagRole::Inside(ty) => open = Some((i, ty)),
                    TagRole::Last(ty) | TagRole::Unit(ty) => out.push((base + i, base + i + 1, ty)),
                    TagRole::Outside => {}
                }
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push((base + s, base + tags.len(), ty));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::features::bigram_features;

    /// The plain Viterbi loop the folded one replaced: the reference it must agree with.
    #[allow(clippy::needless_range_loop)]
    fn viterbi_plain(chain: &Chain<'_>, em: &[f32], n: usize) -> Vec<u8> {
        let l = chain.l;
        let mut back = vec![0u8; n * l];
        let mut prev = vec![f32::NEG_INFINITY; l];
        for y in 0..l {
            if chain.ok_start[y] {
                prev[y] = chain.start[y] + em[y];
            }
        }
        for i in 1..n {
            let mut cur = vec![f32::NEG_INFINITY; l];
            for y in 0..l {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
                for p in 0..l {
                    if !chain.ok[p * l + y] || prev[p] == f32::NEG_INFINITY {
                        continue;
                    }
                    let s = prev[p] + chain.trans[p * l + y];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                cur[y] = best + em[i * l + y];
                back[i * l + y] = arg;
            }
            prev = cur;
        }
        let mut y = 0usize;
        let mut best = f32::NEG_INFINITY;
        for (k, &s) in prev.iter().enumerate() {
            if s > best && chain.ok_end[k] {
                best = s;
                y = k;
            }
        }
        let mut out = vec![0u8; n];
        out[n - 1] = y as u8;
        for i in (1..n).rev() {
            y = back[i * l + y] as usize;
            out[i - 1] = y as u8;
        }
        out
    }

    #[test]
    fn folded_viterbi_picks_what_the_plain_loop_picks() {
        let bio = ["O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
        // Nine tags: the shipped models' set, decoded by the fixed-size loop.
        let bio9 = [
            "O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PERS", "I-PERS",
        ];
        let bilou = [
            "O", "B-PERS", "I-PERS", "L-PERS", "U-PERS", "B-ORG", "I-ORG", "L-ORG", "U-ORG",
        ];
        for set in [&bio[..], &bio9[..], &bilou[..]] {
            let tags: Vec<String> = set.iter().map(|s| s.to_string()).collect();
            let (roles, _) = tag_roles(&tags);
            let l = tags.len();
            let (ok, ok_start, ok_end) = constraints_of(&roles);
            // A small deterministic generator; values on a coarse grid so that ties happen.
            let mut x: u64 = 0x2545_f491_4f6c_dd1d;
            let mut next = || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ((x % 9) as f32 - 4.0) * 0.5
            };
            for case in 0..500 {
                let n = 1 + case % 13;
                let start: Vec<f32> = (0..l).map(|_| next()).collect();
                let trans: Vec<f32> = (0..l * l).map(|_| next()).collect();
                let em: Vec<f32> = (0..n * l).map(|_| next()).collect();
                let chain = Chain {
                    l,
                    start: &start,
                    trans: &trans,
                    ok: &ok,
                    ok_start: &ok_start,
                    ok_end: &ok_end,
                };
                let (mut back, mut out, mut prev, mut cur) = (vec![], vec![], vec![], vec![]);
                viterbi(&chain, &em, n, &mut back, &mut out, (&mut prev, &mut cur));
                assert_eq!(out, viterbi_plain(&chain, &em, n), "case {case}");
                // The best path keeps the constraints.
                assert!(ok_start[out[0] as usize] && ok_end[out[n - 1] as usize]);
                for w in out.windows(2) {
                    assert!(
                        ok[w[0] as usize * l + w[1] as usize],
                        "case {case}: {out:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn bilou_roles_and_spans() {
        let tags: Vec<String> = [
            "O", "B-PERS", "I-PERS", "L-PERS", "U-PERS", "U-LOC", "E-ORG", "S-ORG",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (roles, types) = tag_roles(&tags);
        assert_eq!(types, ["PERS", "LOC", "ORG"]);
        assert_eq!(roles[3], TagRole::Last(0));
        assert_eq!(roles[4], TagRole::Unit(0));
        assert_eq!(roles[6], TagRole::Last(2));
        assert_eq!(roles[7], TagRole::Unit(2));
        let (ok, ok_start, ok_end) = constraints_of(&roles);
        let l = tags.len();
        // B-PERS goes on with I-PERS or L-PERS only; nothing ends a sentence open.
        let after_b: Vec<usize> = (0..l).filter(|&y| ok[l + y]).collect();
        assert_eq!(after_b, [2, 3]);
        assert!(!ok_start[2] && !ok_start[3] && ok_start[4]);
        assert!(!ok_end[1] && !ok_end[2] && ok_end[3] && ok_end[0]);
        // O U-PERS B-PERS I-PERS L-PERS U-LOC O
        let mut out = Vec::new();
        spans_of(&roles, &[0, 4, 1, 2, 3, 5, 0], 10, &mut out);
        assert_eq!(out, [(11, 12, 0), (12, 15, 0), (15, 16, 1)]);
        // A sequence the constraints forbid still gives spans.
        out.clear();
        spans_of(&roles, &[3, 1, 2], 0, &mut out);
        assert_eq!(out, [(0, 1, 0), (1, 3, 0)]);
    }

    #[test]
    fn bio_constraints_are_unchanged() {
        let tags: Vec<String> = ["O", "B-PERS", "I-PERS"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (roles, _) = tag_roles(&tags);
        let (ok, ok_start, ok_end) = constraints_of(&roles);
        assert_eq!(ok, [true, true, false, true, true, true, true, true, true]);
        assert_eq!(ok_start, [true, true, false]);
        assert_eq!(ok_end, [true, true, true]);
    }

    #[test]
    fn bigram_keys_are_the_features_bigrams() {
        for text in [
            "قال الرئيس عبد المجيد تبون في 2023 إن الجزائر",
            "Mr. Smith met 12 delegates in Paris on Tuesday.",
            "x",
            "",
        ] {
            let norm = crate::text::Normalized::new(text);
            let mut tokens = Tokens::default();
            tokens.tokenize(text, &norm);
            let mut scratch = DecodeScratch::default();
            for s in &tokens.sentences {
                let (first, end) = (s.first_token as usize, s.end_token as usize);
                bigram_states(&tokens, &norm, first, end, &mut scratch);
                for i in first..end {
                    let mut want = Vec::new();
                    bigram_features(&tokens, &norm, i, first, end, &mut want);
                    let got = scratch.bigrams[i - first];
                    assert_eq!(want, got.to_vec(), "{text:?} token {i}");
                }
            }
        }
    }
}
