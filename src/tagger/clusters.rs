//! Word clusters from raw news (`khabar train clusters`): distributional vectors plus k-means.
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
