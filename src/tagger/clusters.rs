//! Word clusters from raw news (`khabar train clusters`): distributional vectors plus k-means
//! ([`cluster`]), or Brown clusters by the exchange algorithm ([`brown`]).
//!
//! k-means:
//!
//! 1. Every text is normalized and tokenized as the pipeline does it; the `vocab` most
//!    frequent forms are clustered, the `contexts` most frequent forms serve as context words.
//! 2. A word's vector counts the context words at offsets -2, -1, +1, +2, weighted by
//!    positive pointwise mutual information, and is projected onto `dims` dimensions by a
//!    fixed pseudo-random ±1 matrix (a sparse random projection), then length-normalized.
//! 3. Spherical k-means (cosine) for each requested number of clusters (`64,256,1024`: a
//!    coarse-to-fine family, like the prefixes of Brown clusters), from distinct
//!    pseudo-random seeds, for at most `iterations` rounds.
//!
//! Everything runs in a fixed order from a fixed seed: the same input gives the same file.
//! The output is the cluster file the tagger reads ([`super::Clusters::parse`]).

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::train::SplitMix;
use crate::text::{Normalized, Tokens};

/// Settings of the clustering.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// How many word forms to cluster (most frequent first).
    pub vocab: usize,
    /// How many context words.
    pub contexts: usize,
    /// Projected dimensions.
    pub dims: usize,
    /// Numbers of clusters (one clustering each).
    pub sizes: Vec<u32>,
    /// Most k-means rounds.
    pub iterations: u32,
    /// Seed.
    pub seed: u64,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Show progress.
    pub progress: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            vocab: 50_000,
            contexts: 2_000,
            dims: 128,
            sizes: vec![64, 256, 1024],
            iterations: 12,
            seed: 0x6b68_6162_6172,
            min_count: 5,
            progress: false,
        }
    }
}

/// Token streams of the corpus, as word ids.
#[derive(Debug, Default)]
pub struct ClusterCorpus {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    docs: Vec<Vec<u32>>,
    /// Bytes of text read.
    pub bytes: u64,
}

impl ClusterCorpus {
    /// Adds one text.
    pub fn add_text(&mut self, text: &str, norm: &mut Normalized, tokens: &mut Tokens) {
        self.bytes += text.len() as u64;
        norm.reset(text);
        tokens.tokenize(text, norm);
        let mut doc = Vec::with_capacity(tokens.tokens.len());
        for t in &tokens.tokens {
            let w = t.norm(&norm.text);
            let id = match self.ids.get(w) {
                Some(&i) => i,
                None => {
                    let i = self.words.len() as u32;
                    self.ids.insert(w.to_string(), i);
                    self.words.push(w.to_string());
                    self.counts.push(0);
                    i
                }
            };
            self.counts[id as usize] += 1;
            doc.push(id);
        }
        self.docs.push(doc);
    }

    /// Number of tokens.
    pub fn tokens(&self) -> usize {
        self.docs.iter().map(Vec::len).sum()
    }
}

fn by_frequency(c: &ClusterCorpus) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..c.words.len() as u32).collect();
    ids.sort_by(|&a, &b| {
        c.counts[b as usize]
            .cmp(&c.counts[a as usize])
            .then_with(|| c.words[a as usize].cmp(&c.words[b as usize]))
    });
    ids
}

fn sign(d: u64, k: usize) -> f32 {
    let mut r = SplitMix(d.wrapping_mul(0x1000_0001) ^ (k as u64));
    if r.next_u64() & 1 == 0 {
        1.0
    } else {
        -1.0
    }
}

/// Clusters the corpus; returns the cluster file's text.
pub fn cluster(corpus: &ClusterCorpus, opts: &ClusterOptions) -> String {
    let ranked = by_frequency(corpus);
    let vocab: Vec<u32> = ranked
        .iter()
        .copied()
        .filter(|&i| corpus.counts[i as usize] >= u64::from(opts.min_count))
        .take(opts.vocab)
        .collect();
    let contexts: Vec<u32> = ranked.iter().copied().take(opts.contexts).collect();
    let mut vslot: HashMap<u32, u32> = HashMap::default();
    for (i, &w) in vocab.iter().enumerate() {
        vslot.insert(w, i as u32);
    }
    let mut cslot: HashMap<u32, u32> = HashMap::default();
    for (i, &w) in contexts.iter().enumerate() {
        cslot.insert(w, i as u32);
    }
    // Co-occurrence counts: (word slot, context slot * 4 + position) -> count.
    let mut co: HashMap<u64, u32> = HashMap::default();
    for doc in &corpus.docs {
        for (i, w) in doc.iter().enumerate() {
            let Some(&ws) = vslot.get(w) else { continue };
            for (p, off) in [-2i64, -1, 1, 2].into_iter().enumerate() {
                let j = i as i64 + off;
                if j < 0 || j >= doc.len() as i64 {
                    continue;
                }
                if let Some(&cs) = cslot.get(&doc[j as usize]) {
                    let key = (u64::from(ws) << 32) | u64::from(cs * 4 + p as u32);
                    *co.entry(key).or_default() += 1;
                }
            }
        }
    }
    if opts.progress {
        eprintln!(
            "clusters: {} words, {} contexts, {} co-occurrence pairs",
            vocab.len(),
            contexts.len(),
            co.len()
        );
    }
    let total: f64 = co.values().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
    let mut wsum = vec![0f64; vocab.len()];
    let mut csum = vec![0f64; contexts.len() * 4];
    for (&k, &c) in &co {
        wsum[(k >> 32) as usize] += f64::from(c);
        csum[(k & 0xffff_ffff) as usize] += f64::from(c);
    }
    // Fixed order for determinism: sort the pairs.
    let mut pairs: Vec<(u64, u32)> = co.into_iter().collect();
    pairs.sort_unstable();
    let dims = opts.dims.max(1);
    // The projection matrix, one row per context feature.
    let proj: Vec<f32> = (0..contexts.len() * 4)
        .flat_map(|d| (0..dims).map(move |k| sign(d as u64, k)))
        .collect();
    let mut vecs = vec![0f32; vocab.len() * dims];
    for (k, c) in pairs {
        let (w, d) = ((k >> 32) as usize, (k & 0xffff_ffff) as usize);
        let pmi = ((f64::from(c) * total) / (wsum[w] * csum[d])).ln();
        if pmi <= 0.0 {
            continue;
        }
        let v = &mut vecs[w * dims..(w + 1) * dims];
        for (a, b) in v.iter_mut().zip(&proj[d * dims..(d + 1) * dims]) {
            *a += pmi as f32 * b;
        }
    }
    for v in vecs.chunks_mut(dims) {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if n > 0.0 {
            v.iter_mut().for_each(|x| *x /= n);
        }
    }
    let mut assignments: Vec<Vec<u16>> = Vec::new();
    for (si, &k) in opts.sizes.iter().enumerate() {
        let a = kmeans(&vecs, dims, k as usize, opts, si as u64);
        assignments.push(a);
    }
    let mut rows: Vec<(&str, usize)> = vocab
        .iter()
        .enumerate()
        .map(|(i, &w)| (corpus.words[w as usize].as_str(), i))
        .collect();
    rows.sort_unstable();
    let sizes: Vec<String> = opts.sizes.iter().map(u32::to_string).collect();
    let mut out = format!("# khabar clusters k={}\n", sizes.join(","));
    for (w, i) in rows {
        if w.contains(['\t', '\n']) {
            continue;
        }
        out.push_str(w);
        for a in &assignments {
            out.push('\t');
            out.push_str(&a[i].to_string());
        }
        out.push('\n');
    }
    out
}

fn kmeans(vecs: &[f32], dims: usize, k: usize, opts: &ClusterOptions, salt: u64) -> Vec<u16> {
    let n = vecs.len() / dims;
    let k = k.min(n).max(1);
    let mut rng = SplitMix(opts.seed ^ salt.wrapping_mul(0x51ed));
    let mut picks: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut picks);
    let mut centers: Vec<f32> = picks[..k]
        .iter()
        .flat_map(|&i| vecs[i * dims..(i + 1) * dims].iter().copied())
        .collect();
    let mut assign = vec![0u16; n];
    for it in 0..opts.iterations {
        let new: Vec<u16> = (0..n)
            .into_par_iter()
            .map(|i| {
                let v = &vecs[i * dims..(i + 1) * dims];
                let mut best = (f32::NEG_INFINITY, 0usize);
                for c in 0..k {
                    let d: f32 = v
                        .iter()
                        .zip(&centers[c * dims..(c + 1) * dims])
                        .map(|(a, b)| a * b)
                        .sum();
                    if d > best.0 {
                        best = (d, c);
                    }
                }
                best.1 as u16
            })
            .collect();
        let changed = new.iter().zip(&assign).filter(|(a, b)| a != b).count();
        assign = new;
        let mut sums = vec![0f32; k * dims];
        for i in 0..n {
            let c = assign[i] as usize;
            for (a, b) in sums[c * dims..(c + 1) * dims]
                .iter_mut()
                .zip(&vecs[i * dims..(i + 1) * dims])
            {
                *a += b;
            }
        }
        for c in 0..k {
            let s = &mut sums[c * dims..(c + 1) * dims];
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (dst, x) in centers[c * dims..(c + 1) * dims].iter_mut().zip(s.iter()) {
                    *dst = x / norm;
                }
            }
        }
        if opts.progress {
            eprintln!("k-means k={k}: round {}: {changed} words moved", it + 1);
        }
        if it > 0 && changed == 0 {
            break;
        }
    }
    assign
}

/// Settings of Brown clustering (`khabar train clusters --method brown`).
#[derive(Debug, Clone)]
pub struct BrownOptions {
    /// How many word forms to cluster (most frequent first); the rest share one fixed class.
    pub vocab: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Number of leaf classes of the hierarchy.
    pub classes: usize,
    /// Passes of the exchange algorithm over the vocabulary.
    pub passes: u32,
    /// Bit-path prefix lengths written as the file's granularities (`4,6,10,20`).
    pub prefixes: Vec<u32>,
    /// Show progress.
    pub progress: bool,
}

impl Default for BrownOptions {
    fn default() -> Self {
        BrownOptions {
            vocab: 50_000,
            min_count: 5,
            classes: 256,
            passes: 4,
            prefixes: vec![4, 6, 10, 20],
            progress: false,
        }
    }
}

#[inline]
fn xlogx(x: i64) -> f64 {
    if x <= 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

/// Class-bigram counts with their `x ln x` terms, over `n` classes.
struct ClassCounts {
    n: usize,
    /// `big[c * n + d]`: bigrams with the first word in class c, the second in class d.
    big: Vec<i64>,
    fbig: Vec<f64>,
    /// Bigrams whose first word is in the class.
    left: Vec<i64>,
    /// Bigrams whose second word is in the class.
    right: Vec<i64>,
}

impl ClassCounts {
    #[inline]
    fn add(&mut self, c: usize, d: usize, k: i64) {
        let i = c * self.n + d;
        self.big[i] += k;
        self.fbig[i] = xlogx(self.big[i]);
    }
}

/// One word's bigram profile by class, while the word is out of every class.
#[derive(Default)]
struct Profile {
    /// Counts of the word's right neighbours (other than itself) by class, dense.
    right: Vec<i64>,
    /// Counts of its left neighbours by class, dense.
    left: Vec<i64>,
    right_touched: Vec<usize>,
    left_touched: Vec<usize>,
    /// Bigrams of the word with itself.
    own: i64,
    /// Bigrams with the word first, and with the word second.
    as_left: i64,
    as_right: i64,
}

/// The gain in the class-bigram log likelihood of putting the profiled word into class b.
fn gain(cc: &ClassCounts, p: &Profile, b: usize) -> f64 {
    let n = cc.n;
    let mut g = 0.0;
    for &d in &p.right_touched {
        if d != b {
            let i = b * n + d;
            g += xlogx(cc.big[i] + p.right[d]) - cc.fbig[i];
        }
    }
    for &c in &p.left_touched {
        if c != b {
            let i = c * n + b;
            g += xlogx(cc.big[i] + p.left[c]) - cc.fbig[i];
        }
    }
    let i = b * n + b;
    g += xlogx(cc.big[i] + p.right[b] + p.left[b] + p.own) - cc.fbig[i];
    g -= xlogx(cc.left[b] + p.as_left) - xlogx(cc.left[b]);
    g -= xlogx(cc.right[b] + p.as_right) - xlogx(cc.right[b]);
    g
}

/// Brown clusters by the exchange algorithm, then a binary hierarchy over the classes.
///
/// 1. The `vocab` most frequent forms (seen `min_count` times or more) are clustered; every
///    other form is one fixed class that takes part in the counts but never moves. Bigrams are
///    counted within documents.
/// 2. Exchange (Kneser & Ney 1993; Martin, Liermann & Ney 1998): the words start in `classes`
///    classes by frequency rank, then each pass visits every word from the most frequent and
///    moves it to the class that most increases the class-bigram log likelihood (Brown et
///    al.'s objective), until a pass moves nothing or `passes` are done.
/// 3. The classes are merged bottom-up, each time the pair whose merge loses least of the
///    objective (Brown et al.'s greedy step over the final classes, as Liang's implementation
///    does for its last window), which gives each class a bit path (0 for the first of a merged
///    pair, 1 for the second).
/// 4. Each word gets its class's bit-path prefixes of the requested lengths (Ratinov & Roth
///    2009: 4, 6, 10, 20), each length numbered densely as one granularity of the cluster file.
///
/// Deterministic: fixed visiting order, ties to the lowest class.
pub fn brown(corpus: &ClusterCorpus, opts: &BrownOptions) -> String {
    let ranked = by_frequency(corpus);
    let vocab: Vec<u32> = ranked
        .iter()
        .copied()
        .filter(|&i| corpus.counts[i as usize] >= u64::from(opts.min_count))
        .take(opts.vocab)
        .collect();
    let v = vocab.len();
    let rare = v as u32;
    let mut slot = vec![rare; corpus.words.len()];
    for (i, &w) in vocab.iter().enumerate() {
        slot[w as usize] = i as u32;
    }
    // Bigrams between slots (rare-rare pairs never change any gain and are left out).
    let mut pairs: HashMap<u64, u32> = HashMap::default();
    for doc in &corpus.docs {
        for w in doc.windows(2) {
            let (a, b) = (slot[w[0] as usize], slot[w[1] as usize]);
            if a == rare && b == rare {
                continue;
            }
            *pairs
                .entry((u64::from(a) << 32) | u64::from(b))
                .or_default() += 1;
        }
    }
    let mut pairs: Vec<(u64, u32)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    // Neighbour lists per slot (right: sorted by this word; left: by the other).
    let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v + 1];
    let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v + 1];
    for &(k, c) in &pairs {
        let (a, b) = ((k >> 32) as u32, (k & 0xffff_ffff) as u32);
        right[a as usize].push((b, c));
        left[b as usize].push((a, c));
    }
    let k = opts.classes.clamp(1, v.max(1));
    let n = k + 1; // the fixed class of rare words is class k
    let mut class: Vec<usize> = (0..v).map(|i| i % k).collect();
    class.push(k);
    let mut cc = ClassCounts {
        n,
        big: vec![0; n * n],
        fbig: vec![0.0; n * n],
        left: vec![0; n],
        right: vec![0; n],
    };
    for &(key, c) in &pairs {
        let (a, b) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
        let (ca, cb) = (class[a], class[b]);
        cc.big[ca * n + cb] += i64::from(c);
        cc.left[ca] += i64::from(c);
        cc.right[cb] += i64::from(c);
    }
    for (f, &x) in cc.fbig.iter_mut().zip(&cc.big) {
        *f = xlogx(x);
    }
    drop(pairs);
    let mut p = Profile {
        right: vec![0; n],
        left: vec![0; n],
        ..Profile::default()
    };
    for pass in 0..opts.passes {
        let mut moved = 0usize;
        for w in 0..v {
            let a = class[w];
            // Profile of w by the classes of its neighbours.
            p.right_touched.clear();
            p.left_touched.clear();
            p.own = 0;
            p.as_left = 0;
            p.as_right = 0;
            for &(u, c) in &right[w] {
                let c = i64::from(c);
                p.as_left += c;
                if u as usize == w {
                    p.own += c;
                    continue;
                }
                let d = class[u as usize];
                if p.right[d] == 0 {
                    p.right_touched.push(d);
                }
                p.right[d] += c;
            }
            for &(u, c) in &left[w] {
                let c = i64::from(c);
                p.as_right += c;
                if u as usize == w {
                    continue;
                }
                let d = class[u as usize];
                if p.left[d] == 0 {
                    p.left_touched.push(d);
                }
                p.left[d] += c;
            }
            move_word(&mut cc, &p, a, -1);
            let work = (p.right_touched.len() + p.left_touched.len()) * k;
            let gains: Vec<f64> = if work > 50_000 {
                (0..k).into_par_iter().map(|b| gain(&cc, &p, b)).collect()
            } else {
                (0..k).map(|b| gain(&cc, &p, b)).collect()
            };
            // Stay unless another class is strictly better (ties to the lowest class).
            let mut best = a;
            for (b, &g) in gains.iter().enumerate() {
                if g > gains[best] + 1e-9 * gains[best].abs().max(1.0) {
                    best = b;
                }
            }
            move_word(&mut cc, &p, best, 1);
            if best != a {
                class[w] = best;
                moved += 1;
            }
            for &d in &p.right_touched {
                p.right[d] = 0;
            }
            for &d in &p.left_touched {
                p.left[d] = 0;
            }
        }
        if opts.progress {
            eprintln!("brown: pass {}: {moved} of {v} words moved", pass + 1);
        }
        if moved == 0 {
            break;
        }
    }
    let paths = hierarchy(&cc, k, opts.progress);
    // Bit-path prefixes, numbered densely per length.
    let columns: Vec<Vec<u16>> = opts
        .prefixes
        .iter()
        .map(|&len| {
            let cut = |c: usize| -> &str {
                let path = paths[c].as_str();
                &path[..path.len().min(len as usize)]
            };
            let mut distinct: Vec<&str> = (0..k).map(cut).collect();
            distinct.sort_unstable();
            distinct.dedup();
            (0..k)
                .map(|c| distinct.binary_search(&cut(c)).unwrap_or(0) as u16)
                .collect()
        })
        .collect();
    let sizes: Vec<String> = columns
        .iter()
        .map(|col| (col.iter().copied().max().unwrap_or(0) as u32 + 1).to_string())
        .collect();
    let mut rows: Vec<(&str, usize)> = vocab
        .iter()
        .enumerate()
        .map(|(i, &w)| (corpus.words[w as usize].as_str(), i))
        .collect();
    rows.sort_unstable();
    let mut out = format!("# khabar clusters k={}\n", sizes.join(","));
    for (w, i) in rows {
        if w.contains(['\t', '\n']) {
            continue;
        }
        out.push_str(w);
        for col in &columns {
            out.push('\t');
            out.push_str(&col[class[i]].to_string());
        }
        out.push('\n');
    }
    out
}

/// Adds (`sign` 1) or removes (-1) the profiled word to or from class `b`.
fn move_word(cc: &mut ClassCounts, p: &Profile, b: usize, sign: i64) {
    for &d in &p.right_touched {
        cc.add(b, d, sign * p.right[d]);
    }
    for &c in &p.left_touched {
        cc.add(c, b, sign * p.left[c]);
    }
    cc.add(b, b, sign * p.own);
    cc.left[b] += sign * p.as_left;
    cc.right[b] += sign * p.as_right;
}

/// Merges the `k` classes bottom-up (the class `k` of rare words stays apart) and returns each
/// class's bit path; an empty class gets the path of no merge ("" for a lone class).
fn hierarchy(cc: &ClassCounts, k: usize, progress: bool) -> Vec<String> {
    let n = cc.n;
    let mut big = cc.big.clone();
    let mut fbig = cc.fbig.clone();
    let mut left = cc.left.clone();
    let mut right = cc.right.clone();
    // Active clusters: the non-empty classes; the rare class takes part in the counts only.
    let mut active: Vec<usize> = (0..k).filter(|&c| left[c] + right[c] > 0).collect();
    // Tree: node ids 0..k are the classes; merges append nodes.
    let mut children: Vec<Option<(usize, usize)>> = vec![None; k];
    let mut node_of: Vec<usize> = (0..k).collect();
    let mut round = 0usize;
    while active.len() > 1 {
        let others: Vec<usize> = active.iter().copied().chain([k]).collect();
        let loss = |i: usize, j: usize| -> f64 {
            let mut g = 0.0;
            for &d in &others {
                if d == i || d == j {
                    continue;
                }
                g += xlogx(big[i * n + d] + big[j * n + d]) - fbig[i * n + d] - fbig[j * n + d];
                g += xlogx(big[d * n + i] + big[d * n + j]) - fbig[d * n + i] - fbig[d * n + j];
            }
            let diag = big[i * n + i] + big[i * n + j] + big[j * n + i] + big[j * n + j];
            g +=
                xlogx(diag) - fbig[i * n + i] - fbig[i * n + j] - fbig[j * n + i] - fbig[j * n + j];
            g -= xlogx(left[i] + left[j]) - xlogx(left[i]) - xlogx(left[j]);
            g -= xlogx(right[i] + right[j]) - xlogx(right[i]) - xlogx(right[j]);
            g
        };
        let m = active.len();
        let best_per_row: Vec<(f64, usize, usize)> = (0..m)
            .into_par_iter()
            .map(|x| {
                let mut best = (f64::NEG_INFINITY, usize::MAX, usize::MAX);
                for y in x + 1..m {
                    let g = loss(active[x], active[y]);
                    if g > best.0 {
                        best = (g, x, y);
                    }
                }
                best
            })
            .collect();
        let mut best = (f64::NEG_INFINITY, 0usize, 1usize);
        for b in best_per_row {
            if b.1 != usize::MAX && b.0 > best.0 {
                best = b;
            }
        }
        let (i, j) = (active[best.1], active[best.2]);
        // Merge j into i.
        for &d in &others {
            if d == i || d == j {
                continue;
            }
            big[i * n + d] += big[j * n + d];
            big[d * n + i] += big[d * n + j];
            fbig[i * n + d] = xlogx(big[i * n + d]);
            fbig[d * n + i] = xlogx(big[d * n + i]);
        }
        big[i * n + i] += big[i * n + j] + big[j * n + i] + big[j * n + j];
        fbig[i * n + i] = xlogx(big[i * n + i]);
        left[i] += left[j];
        right[i] += right[j];
        children.push(Some((node_of[i], node_of[j])));
        node_of[i] = children.len() - 1;
        active.remove(best.2);
        round += 1;
        if progress && round.is_multiple_of(32) {
            eprintln!("brown: {round} merges, {} clusters left", active.len());
        }
    }
    let mut paths = vec![String::new(); k];
    let mut stack: Vec<(usize, String)> = active
        .iter()
        .map(|&c| (node_of[c], String::new()))
        .collect();
    while let Some((node, path)) = stack.pop() {
        match children[node] {
            Some((a, b)) => {
                stack.push((a, format!("{path}0")));
                stack.push((b, format!("{path}1")));
            }
            None => paths[node] = path,
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::Clusters;

    fn corpus() -> ClusterCorpus {
        let mut c = ClusterCorpus::default();
        let (mut norm, mut tokens) = (Normalized::default(), Tokens::default());
        let lines = [
            "the cat sat on the mat .",
            "the dog sat on the rug .",
            "a cat ran to a park .",
            "a dog ran to a yard .",
            "the dog slept on a mat .",
            "a cat slept on the rug .",
        ];
        for _ in 0..20 {
            for l in lines {
                c.add_text(l, &mut norm, &mut tokens);
            }
        }
        c
    }

    #[test]
    fn brown_clusters_are_deterministic_and_group_words_of_the_same_contexts() {
        let opts = BrownOptions {
            min_count: 1,
            classes: 6,
            ..BrownOptions::default()
        };
        let a = brown(&corpus(), &opts);
        assert_eq!(a, brown(&corpus(), &opts));
        let c = Clusters::parse("brown", &a).expect("a valid cluster file");
        assert_eq!(c.sizes.len(), 4);
        assert_eq!(c.len(), 14);
        let finest = |w: &str| c.get(w).map(|ids| ids[3]);
        assert_eq!(finest("cat"), finest("dog"));
        assert_ne!(finest("cat"), finest("on"));
    }

    #[test]
    fn brown_clusters_survive_tiny_and_empty_corpora() {
        let opts = BrownOptions {
            min_count: 1,
            ..BrownOptions::default()
        };
        let empty = brown(&ClusterCorpus::default(), &opts);
        assert!(Clusters::parse("empty", &empty).is_ok());
        let mut one = ClusterCorpus::default();
        one.add_text("word", &mut Normalized::default(), &mut Tokens::default());
        let c = Clusters::parse("one", &brown(&one, &opts)).expect("valid");
        assert_eq!(c.len(), 1);
    }
}
