//! Training: an averaged structured perceptron (Collins 2002) over CoNLL files.
//!
//! The gold file's text is rebuilt the way `khabar eval ner` rebuilds it (tokens joined by
//! spaces, sentences by blank lines; one khabar document per `-DOCSTART-` document, else per
//! sentence) and run through khabar's own text stages and gazetteer, so the model learns on
//! exactly the tokens and matches it will see. Gold chunks are projected onto khabar's tokens
//! (a token takes the tag of the gold token it starts in) and tagged BIO.
//!
//! Deterministic: sentences are visited in an order shuffled by a fixed-seed generator, the
//! weights are summed in a fixed order, and the model file is written in a fixed order, so
//! the same inputs give the same bytes.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

use super::decode::{constraints_of, spans_of, tag_roles, viterbi, Chain, TagRole};
use super::features::{
    at_offset, bigram_features, context_features, document_codes, fold_digits, gazetteer_codes,
    history_feature, history_key, pad_after, pad_before, type_features, Clusters, FeatureSet,
    History, Lexicon, TypeContext, HISTORY_CODES, OFFSETS, WINDOW,
};
use super::model::ModelFile;
use crate::eval::conll::ConllFile;
use crate::eval::ner::chunks;
use crate::gazetteer::Gazetteer;
use crate::{Pipeline, Scratch};

/// One training sentence: per token, its feature ids and gold tag.
#[derive(Debug, Clone, Default)]
pub struct Example {
    pub(super) feats: Vec<Vec<u32>>,
    pub(super) gold: Vec<u8>,
    /// The document the sentence belongs to (examples of a document are consecutive).
    pub(super) doc: u32,
    /// Per token, its key in the document's prediction history (empty without history
    /// features; 0 for a token that is not a word).
    pub(super) hist_keys: Vec<u64>,
}

/// Made-up training sentences: `copies` of each sentence among the first `keep` of `gold` that
/// names something, each name replaced by another name of its type drawn from those sentences
/// (mention replacement: the names change, their contexts stay, so the weights lean more on
/// the context and less on the names the file happens to hold). Deterministic in `seed`.
pub fn augment(gold: &ConllFile, keep: usize, copies: u32, seed: u64) -> ConllFile {
    let sentences: Vec<&crate::eval::conll::Sentence> = gold.sentences().take(keep).collect();
    let mut pool: std::collections::BTreeMap<String, Vec<Vec<String>>> = Default::default();
    for s in &sentences {
        for c in chunks(&s.tags) {
            if c.kind != "_" {
                pool.entry(c.kind.clone())
                    .or_default()
                    .push(s.tokens[c.start..c.end].to_vec());
            }
        }
    }
    let mut rng = SplitMix(seed ^ 0x0061_7567_6d65_6e74);
    let mut doc = crate::eval::conll::ConllDocument::default();
    for s in &sentences {
        let cs: Vec<_> = chunks(&s.tags)
            .into_iter()
            .filter(|c| c.kind != "_")
            .collect();
        if cs.is_empty() {
            continue;
        }
        for _ in 0..copies {
            let mut out = crate::eval::conll::Sentence {
                line: s.line,
                ..Default::default()
            };
            let mut i = 0;
            for c in &cs {
                for k in i..c.start {
                    out.tokens.push(s.tokens[k].clone());
                    out.tags.push(s.tags[k].clone());
                }
                let names = &pool[&c.kind];
                let name = &names[rng.below(names.len())];
                for (k, t) in name.iter().enumerate() {
                    out.tokens.push(t.clone());
                    let p = if k == 0 { "B" } else { "I" };
                    out.tags.push(format!("{p}-{}", c.kind));
                }
                i = c.end;
            }
            for k in i..s.tokens.len() {
                out.tokens.push(s.tokens[k].clone());
                out.tags.push(s.tags[k].clone());
            }
            doc.sentences.push(out);
        }
    }
    ConllFile {
        name: format!("{} (augmented)", gold.name),
        documents: vec![doc],
        has_docstart: false,
    }
}

/// Training sentences with interned features.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Tag names (`O` first).
    pub tags: Vec<String>,
    /// The sentences.
    pub examples: Vec<Example>,
    hashes: Vec<u64>,
    /// Per feature: its base hash and window offset (`CONTEXT` for a context feature).
    meta: Vec<(u64, u8)>,
    index: HashMap<u64, u32>,
    /// Word forms seen (and how often).
    pub vocabulary: HashMap<String, u32>,
    /// How the gold spans are tagged.
    scheme: TagScheme,
    /// Examples from the training file itself (the first ones); those after them are
    /// made-up sentences ([`augment`]) that only ever train, never take part in a hold-out.
    pub original: Option<usize>,
    /// Per example, the gold sentence (in file order) it starts in: a gold sentence may give
    /// several examples when the tokenizer cuts it.
    pub gold_sentence: Vec<usize>,
    /// Per history code, its context feature's id (`u32::MAX` without history features).
    hist_feats: Vec<u32>,
    /// Documents added so far.
    docs: u32,
    /// For a file without `-DOCSTART-`: how many consecutive sentences count as one document
    /// of the prediction history (its sentences stay apart for everything else).
    pub history_block: usize,
}

/// The first held-back example of `n` when the last `1/k` are held back (`k > 1`).
pub fn holdout_start(n: usize, k: usize) -> usize {
    n - n / k
}

/// The offset value of a context feature in [`Corpus`]'s feature list.
const CONTEXT: u8 = u8::MAX;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Language of the model.
    pub lang: String,
    /// Passes over the data.
    pub epochs: u32,
    /// Seed of the visiting order.
    pub seed: u64,
    /// Feature groups.
    pub features: FeatureSet,
    /// Features seen fewer times than this are dropped.
    pub min_count: u32,
    /// Show progress (on a terminal).
    pub progress: bool,
    /// Perceptron runs averaged into the model (each in its own visiting order; 1: one run).
    pub runs: u32,
    /// How the weights are learned.
    pub algorithm: Algorithm,
    /// CRF: L2 regularization strength (the weights' squared norm times `l2 / 2` is added
    /// to the training set's negative log-likelihood).
    pub l2: f64,
    /// CRF: the first epoch's step size (epoch `k`'s is `eta / (1 + k)`).
    pub eta: f64,
    /// With history features: the share of training documents (per thousand, drawn afresh
    /// each epoch) tagged without their history.
    pub history_dropout: u32,
}

/// The learning algorithm of `khabar train ner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// The mean of averaged structured perceptrons.
    #[default]
    Perceptron,
    /// A linear-chain CRF (L2-regularized log-likelihood, stochastic gradient descent).
    Crf,
}

/// SplitMix64: a small deterministic generator.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Shuffles in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// How tags mark a span's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TagScheme {
    /// `B-` first token, `I-` the others.
    #[default]
    Bio,
    /// `B-` first, `I-` inside, `L-` last token of a longer span, `U-` a one-token span.
    Bilou,
}

impl TagScheme {
    /// The prefixes of a span type's tags.
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            TagScheme::Bio => &["B", "I"],
            TagScheme::Bilou => &["B", "I", "L", "U"],
        }
    }

    /// The prefix of a token at `i` of a span of `len` tokens.
    fn prefix(self, i: usize, len: usize) -> &'static str {
        match (self, i, len) {
            (TagScheme::Bilou, _, 1) => "U",
            (TagScheme::Bilou, i, len) if i + 1 == len => "L",
            (_, 0, _) => "B",
            _ => "I",
        }
    }
}

/// The tags of a file's chunk types: `O`, then for each type in sorted order its tags in the
/// scheme (`B-T`, `I-T`; BILOU adds `L-T`, `U-T`).
pub fn tag_set(gold: &ConllFile, scheme: TagScheme) -> Vec<String> {
    let mut types = BTreeSet::new();
    for s in gold.sentences() {
        for c in chunks(&s.tags) {
            if c.kind != "_" {
                types.insert(c.kind);
            }
        }
    }
    let mut tags = vec!["O".to_string()];
    for t in types {
        for p in scheme.prefixes() {
            tags.push(format!("{p}-{t}"));
        }
    }
    tags
}

/// One evaluation unit: its text, and per sentence the byte spans and gold tags of its
/// tokens.
pub type Unit = (String, Vec<(Vec<(usize, usize)>, Vec<String>)>);

/// A gold token: byte span and its chunk (number, type), if any.
type GoldToken = (usize, usize, Option<(usize, String)>);

/// The evaluation units of a gold file, as `khabar eval ner` forms them: (text, per sentence
/// the byte spans and gold tags of its tokens).
pub fn units(gold: &ConllFile) -> Vec<Unit> {
    let groups: Vec<Vec<&crate::eval::conll::Sentence>> = if gold.has_docstart {
        gold.documents
            .iter()
            .map(|d| d.sentences.iter().collect())
            .collect()
    } else {
        gold.sentences().map(|s| vec![s]).collect()
    };
    groups
        .into_iter()
        .map(|sents| {
            let mut text = String::new();
            let mut out = Vec::new();
            for (si, s) in sents.iter().enumerate() {
                if si > 0 {
                    text.push_str("\n\n");
                }
                let mut sp = Vec::with_capacity(s.tokens.len());
                for (ti, tok) in s.tokens.iter().enumerate() {
                    if ti > 0 {
                        text.push(' ');
                    }
                    sp.push((text.len(), text.len() + tok.len()));
                    text.push_str(tok);
                }
                out.push((sp, s.tags.clone()));
            }
            (text, out)
        })
        .collect()
}

impl Corpus {
    /// A corpus with the tag set `tags`.
    pub fn new(tags: Vec<String>) -> Corpus {
        Corpus::with_scheme(tags, TagScheme::Bio)
    }

    /// A corpus whose gold spans are tagged in `scheme` (`tags` from [`tag_set`] with it).
    pub fn with_scheme(tags: Vec<String>, scheme: TagScheme) -> Corpus {
        Corpus {
            tags,
            scheme,
            ..Corpus::default()
        }
    }

    /// The id of a type feature `base` at offset `o` (`CONTEXT`: a context feature, whose
    /// hash is `base` itself).
    fn intern(&mut self, base: u64, o: u8) -> u32 {
        let h = if o == CONTEXT {
            base
        } else {
            at_offset(base, o as usize)
        };
        let n = self.hashes.len() as u32;
        *self.index.entry(h).or_insert_with(|| {
            self.hashes.push(h);
            self.meta.push((base, o));
            n
        })
    }

    /// Adds every sentence of a gold file, run through `pipeline`'s text stages and gazetteer.
    pub fn add_file(
        &mut self,
        pipeline: &Pipeline,
        gold: &ConllFile,
        features: FeatureSet,
        clusters: &Clusters,
    ) {
        let g = pipeline.gazetteer();
        let lexicon = if features.gazetteer {
            Lexicon::new(g)
        } else {
            Lexicon::default()
        };
        let ctx = TypeContext {
            set: features,
            clusters,
            lexicon: &lexicon,
            gazetteer: Some(g),
        };
        let tag_index: HashMap<String, u8> = self
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u8))
            .collect();
        let mut scratch = Scratch::default();
        let mut codes = Vec::new();
        let (mut doc_codes, mut seen) = (Vec::new(), HashMap::default());
        let mut base: Vec<Vec<u64>> = Vec::new();
        let mut ctxf = Vec::new();
        let mut sentence_base = 0usize;
        if features.history && self.hist_feats.is_empty() {
            self.hist_feats = (0..HISTORY_CODES as u8)
                .map(|c| history_feature(c).map_or(u32::MAX, |h| self.intern(h, CONTEXT)))
                .collect();
        }
        let block = if gold.has_docstart {
            1
        } else {
            self.history_block.max(1)
        };
        let first_doc = self.docs;
        for (u, (text, sents)) in units(gold).into_iter().enumerate() {
            let doc = first_doc + (u / block) as u32;
            self.docs = doc + 1;
            pipeline.analyze(&text, &mut scratch);
            let tokens = &scratch.tokens;
            let norm = &scratch.norm;
            if features.gazetteer {
                gazetteer_codes(g, tokens, &scratch.matches, &mut codes);
            } else {
                codes.clear();
            }
            if features.document {
                document_codes(&text, tokens, &mut seen, &mut doc_codes);
            } else {
                doc_codes.clear();
            }
            // Gold tokens of the unit, with their chunk (id, type).
            let mut gold_spans: Vec<GoldToken> = Vec::new();
            let mut chunk_id = 0usize;
            for (sp, tags) in &sents {
                let mut member: Vec<Option<(usize, String)>> = vec![None; sp.len()];
                for c in chunks(tags) {
                    if c.kind == "_" {
                        continue;
                    }
                    for m in member.iter_mut().take(c.end).skip(c.start) {
                        *m = Some((chunk_id, c.kind.clone()));
                    }
                    chunk_id += 1;
                }
                for (s, m) in sp.iter().zip(member) {
                    gold_spans.push((s.0, s.1, m));
                }
            }
            for s in &tokens.sentences {
                let (first, end) = (s.first_token as usize, s.end_token as usize);
                if first == end {
                    continue;
                }
                base.clear();
                // The gold sentence this one starts in: the last whose first byte is not after.
                let b = tokens.tokens[first].byte_start as usize;
                let j = sents
                    .iter()
                    .rposition(|(sp, _)| sp.first().is_some_and(|x| x.0 <= b))
                    .unwrap_or(0);
                self.gold_sentence.push(sentence_base + j);
                // Each token's gold chunk (the chunk its first byte falls in).
                let mut token_chunks: Vec<Option<(usize, String)>> =
                    Vec::with_capacity(end - first);
                for t in &tokens.tokens[first..end] {
                    let orig = fold_digits(&text[t.byte_start as usize..t.byte_end as usize]);
                    *self.vocabulary.entry(orig.to_string()).or_default() += 1;
                    let mut f = Vec::new();
                    type_features(&orig, &fold_digits(t.norm(&norm.text)), &ctx, &mut f);
                    base.push(f);
                    let b = t.byte_start as usize;
                    let gi = gold_spans.partition_point(|x| x.1 <= b);
                    token_chunks.push(
                        gold_spans
                            .get(gi)
                            .filter(|x| x.0 <= b)
                            .and_then(|x| x.2.clone()),
                    );
                }
                let gold_tags = self.gold_tags(&token_chunks, &tag_index);
                let n = end - first;
                let mut feats = Vec::with_capacity(n);
                for k in 0..n {
                    let mut f: Vec<u32> = Vec::new();
                    for o in 0..OFFSETS {
                        let j = k as i64 + o as i64 - WINDOW as i64;
                        if j < 0 {
                            f.push(self.intern(pad_before(), o as u8));
                        } else if j >= n as i64 {
                            f.push(self.intern(pad_after(), o as u8));
                        } else {
                            for h in base[j as usize].clone() {
                                f.push(self.intern(h, o as u8));
                            }
                        }
                    }
                    ctxf.clear();
                    context_features(
                        tokens,
                        norm,
                        &codes,
                        &doc_codes,
                        first + k,
                        first,
                        end,
                        &mut ctxf,
                    );
                    if features.bigrams {
                        bigram_features(tokens, norm, first + k, first, end, &mut ctxf);
                    }
                    for h in ctxf.clone() {
                        f.push(self.intern(h, CONTEXT));
                    }
                    feats.push(f);
                }
                let hist_keys = if features.history {
                    (first..end).map(|i| history_key(tokens, norm, i)).collect()
                } else {
                    Vec::new()
                };
                self.examples.push(Example {
                    feats,
                    gold: gold_tags,
                    doc,
                    hist_keys,
                });
            }
            sentence_base += sents.len();
        }
    }

    /// Adds made-up sentences ([`augment`]): they only ever train (never held out), and their
    /// words do not count towards the vocabulary whose score rows the model precomputes (a
    /// name repeated by the copies is no more frequent in news for it).
    pub fn add_made_file(
        &mut self,
        pipeline: &Pipeline,
        made: &ConllFile,
        features: FeatureSet,
        clusters: &Clusters,
    ) {
        if self.original.is_none() {
            self.original = Some(self.examples.len());
        }
        let vocabulary = self.vocabulary.clone();
        self.add_file(pipeline, made, features, clusters);
        self.vocabulary = vocabulary;
    }

    /// The tag ids of a sentence's tokens from their gold chunks: a run of tokens in the same
    /// chunk is one span, tagged in the corpus's scheme.
    fn gold_tags(
        &self,
        token_chunks: &[Option<(usize, String)>],
        tag_index: &HashMap<String, u8>,
    ) -> Vec<u8> {
        let mut tags = Vec::with_capacity(token_chunks.len());
        let mut i = 0;
        while i < token_chunks.len() {
            let Some((id, ty)) = &token_chunks[i] else {
                tags.push(0);
                i += 1;
                continue;
            };
            let len = token_chunks[i..]
                .iter()
                .take_while(|c| c.as_ref().is_some_and(|(j, _)| j == id))
                .count();
            for k in 0..len {
                let p = self.scheme.prefix(k, len);
                tags.push(tag_index.get(&format!("{p}-{ty}")).copied().unwrap_or(0));
            }
            i += len;
        }
        tags
    }

    /// Drops features seen fewer than `min_count` times (renumbering the rest).
    fn prune(&mut self, min_count: u32) {
        if min_count <= 1 {
            return;
        }
        let mut count = vec![0u32; self.hashes.len()];
        for e in &self.examples {
            for f in e.feats.iter().flatten() {
                count[*f as usize] += 1;
            }
        }
        // The history's features never stand in an example's list (they are known only as the
        // model tags): keep them.
        for &f in &self.hist_feats {
            if let Some(c) = count.get_mut(f as usize) {
                *c = u32::MAX;
            }
        }
        let mut remap = vec![u32::MAX; self.hashes.len()];
        let mut hashes = Vec::new();
        let mut meta = Vec::new();
        for (i, &c) in count.iter().enumerate() {
            if c >= min_count {
                remap[i] = hashes.len() as u32;
                hashes.push(self.hashes[i]);
                meta.push(self.meta[i]);
            }
        }
        self.meta = meta;
        for f in &mut self.hist_feats {
            if *f != u32::MAX {
                *f = remap[*f as usize];
            }
        }
        for e in &mut self.examples {
            for f in &mut e.feats {
                f.retain_mut(|x| {
                    *x = remap[*x as usize];
                    *x != u32::MAX
                });
            }
        }
        self.index = hashes
            .iter()
            .enumerate()
            .map(|(i, &h)| (h, i as u32))
            .collect();
        self.hashes = hashes;
    }
}

/// The emission scores of a sentence (`n x l`): per token, the sum of its features' weight
/// rows (`w`: `features x l`).
pub(super) fn emissions<T>(e: &Example, w: &[T], l: usize, em: &mut Vec<T>)
where
    T: Copy + Default + std::ops::AddAssign,
{
    em.clear();
    em.resize(e.feats.len() * l, T::default());
    for (i, fs) in e.feats.iter().enumerate() {
        let row = &mut em[i * l..(i + 1) * l];
        for &f in fs {
            for (a, &b) in row.iter_mut().zip(&w[f as usize * l..(f as usize + 1) * l]) {
                *a += b;
            }
        }
    }
}

/// Perceptron state: current and accumulated weights (averaging trick of Daumé); a CRF's
/// trained weights (no accumulators).
pub(super) struct Weights {
    pub(super) l: usize,
    pub(super) w: Vec<f32>,
    acc: Vec<f64>,
    pub(super) start: Vec<f32>,
    start_acc: Vec<f64>,
    pub(super) trans: Vec<f32>,
    trans_acc: Vec<f64>,
}

impl Weights {
    /// Final weights: `w` (`features x l`), start and transition weights.
    pub(super) fn new(l: usize, w: Vec<f32>, start: Vec<f32>, trans: Vec<f32>) -> Weights {
        Weights {
            l,
            w,
            acc: Vec::new(),
            start,
            start_acc: Vec::new(),
            trans,
            trans_acc: Vec::new(),
        }
    }

    /// The emission scores of a sentence, with the history feature of each token (`extra`:
    /// one feature id per token, `u32::MAX` for none, or empty).
    fn emissions(&self, e: &Example, extra: &[u32], em: &mut Vec<f32>) {
        emissions(e, &self.w, self.l, em);
        let l = self.l;
        for (i, &f) in extra.iter().enumerate() {
            if f == u32::MAX {
                continue;
            }
            if let (Some(row), Some(w)) = (
                em.get_mut(i * l..(i + 1) * l),
                self.w.get(f as usize * l..(f as usize + 1) * l),
            ) {
                for (a, &b) in row.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
    }

    fn update(&mut self, e: &Example, extra: &[u32], pred: &[u8], c: f64) {
        let l = self.l;
        for (i, fs) in e.feats.iter().enumerate() {
            let (g, p) = (e.gold[i] as usize, pred[i] as usize);
            if g != p {
                let x = extra.get(i).copied().filter(|&f| f != u32::MAX);
                for &f in fs.iter().chain(x.as_ref()) {
                    let f = f as usize * l;
                    self.w[f + g] += 1.0;
                    self.acc[f + g] += c;
                    self.w[f + p] -= 1.0;
                    self.acc[f + p] -= c;
                }
            }
            let (gp, pp) = if i == 0 {
                (None, None)
            } else {
                (Some(e.gold[i - 1] as usize), Some(pred[i - 1] as usize))
            };
            if (gp, g) != (pp, p) {
                match gp {
                    None => {
                        self.start[g] += 1.0;
                        self.start_acc[g] += c;
                    }
                    Some(x) => {
                        self.trans[x * l + g] += 1.0;
                        self.trans_acc[x * l + g] += c;
                    }
                }
                match pp {
                    None => {
                        self.start[p] -= 1.0;
                        self.start_acc[p] -= c;
                    }
                    Some(x) => {
                        self.trans[x * l + p] -= 1.0;
                        self.trans_acc[x * l + p] -= c;
                    }
                }
            }
        }
    }

    fn averaged(w: &[f32], acc: &[f64], c: f64) -> Vec<f32> {
        w.iter()
            .zip(acc)
            .map(|(&w, &a)| (f64::from(w) - a / c) as f32)
            .collect()
    }
}

/// Decoding constraints of a tag set.
pub(super) struct Constraints {
    roles: Vec<TagRole>,
    pub(super) ok: Vec<bool>,
    pub(super) ok_start: Vec<bool>,
    pub(super) ok_end: Vec<bool>,
}

/// The constraints of a tag set given by name (for the CRF's tests).
#[cfg(test)]
pub(super) fn constraints_for_tests(tags: &[&str]) -> Constraints {
    constraints(&tags.iter().map(|t| t.to_string()).collect::<Vec<_>>())
}

fn constraints(tags: &[String]) -> Constraints {
    let (roles, _) = tag_roles(tags);
    let (ok, ok_start, ok_end) = constraints_of(&roles);
    Constraints {
        roles,
        ok,
        ok_start,
        ok_end,
    }
}

/// Exact-span scores of predicted against gold tags over examples: (tp, fp, fn).
fn span_counts(roles: &[TagRole], gold: &[u8], pred: &[u8]) -> (u64, u64, u64) {
    let mut g = Vec::new();
    let mut p = Vec::new();
    spans_of(roles, gold, 0, &mut g);
    spans_of(roles, pred, 0, &mut p);
    let tp = p.iter().filter(|x| g.contains(x)).count() as u64;
    (tp, p.len() as u64 - tp, g.len() as u64 - tp)
}

/// The prediction history of the training documents, as the examples are tagged in order.
struct TrainHistory<'a> {
    /// Per history code, the feature id (empty: no history features).
    ids: &'a [u32],
    history: History,
    doc: Option<u32>,
    /// The current example's history features, one per token, and its tokens' slots in the
    /// history.
    extra: Vec<u32>,
    slots: Vec<u32>,
    /// Training: the share of documents (per thousand) tagged without their history, so the
    /// other weights keep working alone (a document of one sentence has none), and the
    /// generator that picks them.
    dropout: u32,
    rng: Option<SplitMix>,
    off: bool,
}

impl<'a> TrainHistory<'a> {
    fn new(ids: &'a [u32]) -> TrainHistory<'a> {
        TrainHistory {
            ids,
            history: History::default(),
            doc: None,
            extra: Vec::new(),
            slots: Vec::new(),
            dropout: 0,
            rng: None,
            off: false,
        }
    }

    /// Training: leaves out the history of `per_mille` of the documents, picked by `rng`.
    fn with_dropout(mut self, per_mille: u32, rng: SplitMix) -> TrainHistory<'a> {
        self.dropout = per_mille;
        self.rng = Some(rng);
        self
    }

    /// Forgets the document being read: the next example starts a history afresh (a new
    /// epoch may start with the document the last one ended with).
    fn restart(&mut self) {
        self.doc = None;
    }

    /// Sets `extra` for an example (forgetting the history at a new document).
    fn before(&mut self, e: &Example) {
        self.extra.clear();
        self.slots.clear();
        if self.ids.is_empty() || e.hist_keys.is_empty() {
            return;
        }
        if self.doc != Some(e.doc) {
            self.history.clear();
            self.doc = Some(e.doc);
            self.off = match &mut self.rng {
                Some(r) if self.dropout > 0 => (r.next_u64() % 1000) < u64::from(self.dropout),
                _ => false,
            };
        }
        if self.off {
            self.extra.resize(e.hist_keys.len(), u32::MAX);
            return;
        }
        for &k in &e.hist_keys {
            let slot = self.history.slot(k);
            self.slots.push(slot);
            let code = self.history.code(slot);
            self.extra
                .push(self.ids.get(code as usize).copied().unwrap_or(u32::MAX));
        }
    }

    /// Records the tags the model gave an example.
    fn after(&mut self, roles: &[TagRole], pred: &[u8]) {
        if self.ids.is_empty() {
            return;
        }
        for (&slot, &t) in self.slots.iter().zip(pred) {
            self.history.record(slot, role_type(roles, t));
        }
    }
}

/// The span type of a tag (None outside any span).
pub(super) fn role_type(roles: &[TagRole], tag: u8) -> Option<u8> {
    match roles.get(tag as usize) {
        Some(TagRole::Begin(t) | TagRole::Inside(t) | TagRole::Last(t) | TagRole::Unit(t)) => {
            Some(*t)
        }
        _ => None,
    }
}

/// Micro F1 (percent) of weights on held-out examples, in khabar's token space. With history
/// features (`hist_ids` not empty) the examples are tagged in order, each document's history
/// built from the predictions, as decoding builds it.
pub(super) fn heldout_f1(
    w: &Weights,
    cons: &Constraints,
    held: &[&Example],
    hist_ids: &[u32],
) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    let mut em = Vec::new();
    let (mut back, mut best) = (Vec::new(), Vec::new());
    let mut hist = TrainHistory::new(hist_ids);
    for e in held {
        hist.before(e);
        w.emissions(e, &hist.extra, &mut em);
        viterbi(
            &Chain {
                l: w.l,
                start: &w.start,
                trans: &w.trans,
                ok: &cons.ok,
                ok_start: &cons.ok_start,
                ok_end: &cons.ok_end,
            },
            &em,
            e.gold.len(),
            &mut back,
            &mut best,
            (&mut Vec::new(), &mut Vec::new()),
        );
        hist.after(&cons.roles, &best);
        let (a, b, c) = span_counts(&cons.roles, &e.gold, &best);
        tp += a;
        fp += b;
        fn_ += c;
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    if p + r == 0.0 {
        0.0
    } else {
        200.0 * p * r / (p + r)
    }
}

/// Trains on `corpus` (minus its last `1/holdout` sentences when given: a contiguous block of
/// whole articles at the end, which flatters less than interleaved sentences; it is scored
/// after each epoch and the figures returned). Returns the model and the per-epoch held-out
/// micro F1 of the averaged weights.
pub fn train(
    mut corpus: Corpus,
    clusters: &Clusters,
    g: &Gazetteer,
    opts: &TrainOptions,
    holdout: Option<usize>,
) -> (ModelFile, Vec<f64>) {
    corpus.prune(opts.min_count);
    let l = corpus.tags.len();
    let nf = corpus.hashes.len();
    let cons = constraints(&corpus.tags);
    let all = corpus.examples.len();
    let n = corpus.original.unwrap_or(all).min(all);
    let (mut train_set, held): (Vec<usize>, Vec<usize>) = match holdout {
        Some(k) if k > 1 => (0..n).partition(|&i| i < holdout_start(n, k)),
        _ => ((0..n).collect(), Vec::new()),
    };
    train_set.extend(n..all);
    let held_ex: Vec<&Example> = held.iter().map(|&i| &corpus.examples[i]).collect();
    // Each run trains an averaged perceptron in its own visiting order; the model is the mean
    // of the runs' averaged weights (one linear model: decoding costs the same).
    let runs = opts.runs.max(1);
    let mut sum = Weights {
        l,
        w: vec![0.0; nf * l],
        acc: Vec::new(),
        start: vec![0.0; l],
        start_acc: Vec::new(),
        trans: vec![0.0; l * l],
        trans_acc: Vec::new(),
    };
    let mut scores = vec![0.0; opts.epochs as usize];
    if opts.algorithm == Algorithm::Crf {
        sum = super::crf::train(
            &corpus.examples,
            nf,
            &cons,
            &train_set,
            &held_ex,
            opts,
            &mut scores,
        );
    }
    let runs = if opts.algorithm == Algorithm::Crf {
        0
    } else {
        runs
    };
    for run in 0..runs {
        let avg = train_run(&corpus, &cons, &train_set, &held_ex, opts, run, &mut scores);
        for (s, a) in [
            (&mut sum.w, &avg.w),
            (&mut sum.start, &avg.start),
            (&mut sum.trans, &avg.trans),
        ] {
            for (x, y) in s.iter_mut().zip(a) {
                *x += y / runs as f32;
            }
        }
    }
    if (runs > 1 || opts.algorithm == Algorithm::Crf) && !held_ex.is_empty() {
        let f1 = heldout_f1(&sum, &cons, &held_ex, &corpus.hist_feats);
        if opts.progress {
            if opts.algorithm == Algorithm::Crf {
                eprintln!("crf: held-out F1 {f1:.2}");
            } else {
                eprintln!("mean of {runs} runs: held-out F1 {f1:.2}");
            }
        }
        scores.push(f1);
    }
    let weights = sum.w;
    let (start, transitions) = (sum.start, sum.trans);
    // Keep features with some weight; type features grouped by base hash (every offset in
    // one block, zeros where an offset has none), context features apart.
    let kept = |f: usize| weights[f * l..(f + 1) * l].iter().any(|x| x.abs() > 1e-4);
    let mut type_blocks: std::collections::BTreeMap<u64, Vec<f32>> = Default::default();
    let mut context_features = Vec::new();
    for f in (0..nf).filter(|&f| kept(f)) {
        let (base, o) = corpus.meta[f];
        let w = &weights[f * l..(f + 1) * l];
        if o == CONTEXT {
            context_features.push((base, w.to_vec()));
        } else {
            let block = type_blocks
                .entry(base)
                .or_insert_with(|| vec![0.0; OFFSETS * l]);
            block[o as usize * l..(o as usize + 1) * l].copy_from_slice(w);
        }
    }
    context_features.sort_unstable_by_key(|x| x.0);
    let type_features: Vec<(u64, Vec<f32>)> = type_blocks.into_iter().collect();
    let mut vocabulary: Vec<String> = corpus
        .vocabulary
        .iter()
        .filter(|(_, &n)| n >= 2)
        .map(|(w, _)| w.clone())
        .collect();
    vocabulary.sort_unstable();
    let mut model = ModelFile {
        lang: opts.lang.clone(),
        features: opts.features,
        clusters_fingerprint: if opts.features.clusters {
            clusters.fingerprint()
        } else {
            0
        },
        epochs: opts.epochs,
        tags: corpus.tags.clone(),
        start,
        transitions,
        type_features,
        context_features,
        vocabulary,
        vocabulary_rows: Vec::new(),
        lexicon_fingerprint: 0,
        clusters: if opts.features.clusters {
            clusters.sorted()
        } else {
            Vec::new()
        },
        cluster_sizes: if opts.features.clusters {
            clusters.sizes.clone()
        } else {
            Vec::new()
        },
    };
    vocabulary_rows(&mut model, clusters, g);
    (model, scores)
}

/// One run of the averaged perceptron over `train_set`, visiting it in an order seeded by
/// the options' seed and `run`; returns the averaged weights. With held-out examples, adds
/// each epoch's held-out F1 (divided by the number of runs) to `scores`.
fn train_run(
    corpus: &Corpus,
    cons: &Constraints,
    train_set: &[usize],
    held_ex: &[&Example],
    opts: &TrainOptions,
    run: u32,
    scores: &mut [f64],
) -> Weights {
    let l = corpus.tags.len();
    let nf = corpus.hashes.len();
    let mut w = Weights {
        l,
        w: vec![0.0; nf * l],
        acc: vec![0.0; nf * l],
        start: vec![0.0; l],
        start_acc: vec![0.0; l],
        trans: vec![0.0; l * l],
        trans_acc: vec![0.0; l * l],
    };
    let mut rng = SplitMix(opts.seed.wrapping_add(u64::from(run)));
    // With history features, documents are visited in a shuffled order and each one's
    // sentences in order (the history is built from the predictions, as in decoding); else
    // sentences are shuffled.
    let history = !corpus.hist_feats.is_empty();
    let mut order = train_set.to_vec();
    let mut doc_order: Vec<std::ops::Range<usize>> = Vec::new();
    if history {
        let mut k = 0;
        while k < order.len() {
            let d = corpus.examples[order[k]].doc;
            let start = k;
            while k < order.len() && corpus.examples[order[k]].doc == d {
                k += 1;
            }
            doc_order.push(start..k);
        }
    }
    let sentences = order.clone();
    let mut hist = TrainHistory::new(&corpus.hist_feats).with_dropout(
        opts.history_dropout,
        SplitMix(opts.seed.wrapping_add(u64::from(run)) ^ 0x6869_7374),
    );
    let mut c = 1.0f64;
    let mut em = Vec::new();
    let (mut back, mut best) = (Vec::new(), Vec::new());
    let (mut prev, mut cur) = (Vec::new(), Vec::new());
    for epoch in 0..opts.epochs {
        if history {
            rng.shuffle(&mut doc_order);
            order.clear();
            for r in &doc_order {
                order.extend_from_slice(&sentences[r.clone()]);
            }
        } else {
            rng.shuffle(&mut order);
        }
        let mut errors = 0usize;
        hist.restart();
        for &i in &order {
            let e = &corpus.examples[i];
            hist.before(e);
            w.emissions(e, &hist.extra, &mut em);
            viterbi(
                &Chain {
                    l,
                    start: &w.start,
                    trans: &w.trans,
                    ok: &cons.ok,
                    ok_start: &cons.ok_start,
                    ok_end: &cons.ok_end,
                },
                &em,
                e.gold.len(),
                &mut back,
                &mut best,
                (&mut prev, &mut cur),
            );
            hist.after(&cons.roles, &best);
            if best != e.gold {
                errors += 1;
                w.update(e, &hist.extra, &best, c);
            }
            c += 1.0;
        }
        if !held_ex.is_empty() {
            let avg = Weights {
                l,
                w: Weights::averaged(&w.w, &w.acc, c),
                acc: Vec::new(),
                start: Weights::averaged(&w.start, &w.start_acc, c),
                start_acc: Vec::new(),
                trans: Weights::averaged(&w.trans, &w.trans_acc, c),
                trans_acc: Vec::new(),
            };
            let f1 = heldout_f1(&avg, cons, held_ex, &corpus.hist_feats);
            scores[epoch as usize] += f1 / f64::from(opts.runs.max(1));
            if opts.progress {
                eprintln!(
                    "run {}, epoch {}/{}: {errors} sentences wrong, held-out F1 {f1:.2}",
                    run + 1,
                    epoch + 1,
                    opts.epochs
                );
            }
        } else if opts.progress {
            eprintln!(
                "epoch {}/{}: {errors} of {} sentences wrong",
                epoch + 1,
                opts.epochs,
                order.len()
            );
        }
    }
    Weights {
        l,
        w: Weights::averaged(&w.w, &w.acc, c),
        acc: Vec::new(),
        start: Weights::averaged(&w.start, &w.start_acc, c),
        start_acc: Vec::new(),
        trans: Weights::averaged(&w.trans, &w.trans_acc, c),
        trans_acc: Vec::new(),
    }
}

/// Sums the score rows of the model's vocabulary (every type feature of the word at every
/// offset) with the gazetteer's lexicon, and records that lexicon's fingerprint.
fn vocabulary_rows(model: &mut ModelFile, clusters: &Clusters, g: &Gazetteer) {
    let l = model.tags.len();
    let lexicon = if model.features.gazetteer {
        Lexicon::new(g)
    } else {
        Lexicon::default()
    };
    let ctx = TypeContext {
        set: model.features,
        clusters,
        lexicon: &lexicon,
        gazetteer: Some(g),
    };
    let index: HashMap<u64, usize> = model
        .type_features
        .iter()
        .enumerate()
        .map(|(i, (h, _))| (*h, i))
        .collect();
    let mut rows = vec![0.0f32; model.vocabulary.len() * OFFSETS * l];
    let mut feats = Vec::new();
    for (w, r) in model
        .vocabulary
        .iter()
        .zip(rows.chunks_exact_mut(OFFSETS * l))
    {
        let norm = crate::text::normalize(w);
        feats.clear();
        type_features(w, &norm, &ctx, &mut feats);
        for f in &feats {
            if let Some(&i) = index.get(f) {
                for (a, b) in r.iter_mut().zip(&model.type_features[i].1) {
                    *a += b;
                }
            }
        }
    }
    model.vocabulary_rows = rows;
    model.lexicon_fingerprint = if model.features.gazetteer {
        lexicon.fingerprint(g)
    } else {
        0
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::conll;

    const FILE: &str = "Ali B-PERS\nsaid O\nin O\nParis B-LOC\n\n\
                        the O\nUnited B-ORG\nNations I-ORG\nmet O\nOmar B-PERS\nBakr I-PERS\n\n\
                        nothing O\nhere O\n\n\
                        held B-LOC\nback O\n";

    fn file() -> ConllFile {
        conll::parse("t.txt", FILE.lines()).unwrap()
    }

    /// Documents train the prediction history: its features get weights, each document's
    /// examples share a document number, and a file without `-DOCSTART-` groups its
    /// sentences by `history_block`.
    #[test]
    fn the_history_features_get_weights_from_documents() {
        let pipeline = crate::Pipeline::builder()
            .no_gazetteers()
            .tagger(false)
            .build()
            .unwrap();
        let text = include_str!("../../fixtures/tagger/en-docs.conll");
        let gold = conll::parse("en-docs.conll", text.lines()).unwrap();
        let features = FeatureSet {
            clusters: false,
            gazetteer: false,
            document: true,
            bigrams: true,
            history: true,
        };
        let mut corpus = Corpus::new(tag_set(&gold, TagScheme::Bio));
        corpus.add_file(&pipeline, &gold, features, &Clusters::default());
        let docs: Vec<u32> = corpus.examples.iter().map(|e| e.doc).collect();
        assert_eq!(docs, [0, 0, 0, 0, 1, 1, 1, 2, 2]);
        assert!(corpus
            .examples
            .iter()
            .all(|e| e.hist_keys.len() == e.gold.len()));
        let opts = TrainOptions {
            lang: "en".into(),
            epochs: 5,
            seed: 1,
            features,
            min_count: 1,
            progress: false,
            runs: 1,
            algorithm: Algorithm::Perceptron,
            l2: 0.0,
            eta: 0.0,
            history_dropout: 0,
        };
        let (model, _) = train(
            corpus,
            &Clusters::default(),
            pipeline.gazetteer(),
            &opts,
            None,
        );
        let hist: Vec<u64> = (0..HISTORY_CODES as u8)
            .filter_map(history_feature)
            .collect();
        let weighted = model
            .context_features
            .iter()
            .filter(|(h, _)| hist.contains(h))
            .count();
        assert!(weighted > 0, "no history feature has a weight");

        let flat = conll::parse("flat.txt", FILE.lines()).unwrap();
        let mut blocks = Corpus::new(tag_set(&flat, TagScheme::Bio));
        blocks.history_block = 2;
        blocks.add_file(&pipeline, &flat, features, &Clusters::default());
        let docs: Vec<u32> = blocks.examples.iter().map(|e| e.doc).collect();
        assert_eq!(docs, [0, 0, 1, 1]);
    }

    /// Each example knows the gold sentence it starts in, also when the tokenizer cuts a gold
    /// sentence in two; the hold-out block starts at an example.
    #[test]
    fn examples_know_their_gold_sentence() {
        let pipeline = crate::Pipeline::builder()
            .no_gazetteers()
            .tagger(false)
            .build()
            .unwrap();
        let gold = conll::parse(
            "t.txt",
            "Ali O\nsaid O\n. O\nOmar B-PERS\ncame O\n. O\n\nthen O\n\nmore O\nnews O\n".lines(),
        )
        .unwrap();
        let mut corpus = Corpus::new(tag_set(&gold, TagScheme::Bio));
        let features = FeatureSet {
            clusters: false,
            gazetteer: false,
            document: false,
            bigrams: false,
            history: false,
        };
        corpus.add_file(&pipeline, &gold, features, &Clusters::default());
        assert_eq!(corpus.gold_sentence, [0, 0, 1, 2]);
        assert_eq!(corpus.gold_sentence.len(), corpus.examples.len());
        assert_eq!(holdout_start(4, 2), 2);
        assert_eq!(holdout_start(4, 10), 4);
    }

    #[test]
    fn augmented_sentences_replace_names_by_names_of_their_type() {
        let gold = file();
        let made = augment(&gold, 3, 5, 1);
        // Two of the first three sentences name something; five copies of each.
        let sents: Vec<_> = made.sentences().collect();
        assert_eq!(sents.len(), 10);
        let pool = |kind: &str| -> Vec<Vec<String>> {
            gold.sentences()
                .take(3)
                .flat_map(|s| {
                    chunks(&s.tags)
                        .into_iter()
                        .filter(|c| c.kind == kind)
                        .map(|c| s.tokens[c.start..c.end].to_vec())
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        for (i, s) in sents.iter().enumerate() {
            assert_eq!(s.tokens.len(), s.tags.len());
            let original = gold.sentences().nth(if i < 5 { 0 } else { 1 }).unwrap();
            let (cs, oc) = (chunks(&s.tags), chunks(&original.tags));
            // The same names by type, in the same order, around the same other words.
            let kinds = |c: &[crate::eval::ner::Chunk]| -> Vec<String> {
                c.iter().map(|c| c.kind.clone()).collect()
            };
            assert_eq!(kinds(&cs), kinds(&oc));
            for c in &cs {
                assert!(pool(&c.kind).contains(&s.tokens[c.start..c.end].to_vec()));
            }
            let outside = |s: &conll::Sentence| -> Vec<String> {
                s.tokens
                    .iter()
                    .zip(&s.tags)
                    .filter(|(_, t)| *t == "O")
                    .map(|(w, _)| w.clone())
                    .collect()
            };
            assert_eq!(outside(s), outside(original));
            // Never a name from the held-back sentence.
            assert!(!s.tokens.contains(&"held".to_string()));
        }
        // Deterministic in the seed; another seed draws other names.
        assert_eq!(augment(&gold, 3, 5, 1), made);
        assert_ne!(augment(&gold, 3, 5, 2), made);
        assert!(augment(&gold, 3, 0, 1).sentences().next().is_none());
        assert!(augment(&gold, 0, 5, 1).sentences().next().is_none());
    }
}
