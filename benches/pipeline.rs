//! Text-stage benchmarks: normalize, tokenize and match separately and together, in MB/s,
//! with a bare aho-corasick scan of the same text and aliases as the reference, and the match
//! stage as the gazetteer grows from 1,000 to 100,000 aliases.
//!
//! Corpus: `../shared/eval/news-ar-jawharafm.jsonl` when it exists (the first 4 MB of text),
//! else the seed fixture repeated. Gazetteers: the embedded defaults.
//!
//! Run: `cargo bench --bench pipeline` (add `-- --quick` for a faster, noisier pass).
//!
//! With `-- --stages FILE [--out OUT.jsonl] [--no-tagger]` it instead times every stage of the
//! pipeline over one input file (see `support/stages.rs`); `scripts/bench.sh` runs it together
//! with the end-to-end figures.
//!
//! Each benchmark first checks its result against a count computed once outside the timed
//! loop (and, for the seed fallback, against known counts), so a fast wrong answer fails.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{criterion_group, Criterion, Throughput};
use khabar::gazetteer::{AliasKind, AliasRow, GazetteerData, MatchScratch, Matcher};
use khabar::text::{Normalized, Tokens};
use khabar::{Document, Pipeline, Scratch};

#[path = "support/stages.rs"]
mod stages;

fn corpus() -> (String, &'static str) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/eval/news-ar-jawharafm.jsonl"
    );
    if let Ok(raw) = std::fs::read_to_string(path) {
        let mut text = String::new();
        for line in raw.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    text.push_str(t);
                    text.push_str("\n\n");
                }
            }
            if text.len() > 4 << 20 {
                break;
            }
        }
        return (text, "jawharafm");
    }
    let seed = include_str!("../fixtures/al-amsar-moscow-algeria.txt");
    (seed.repeat((4 << 20) / seed.len()), "seed")
}

fn default_aliases() -> (GazetteerData, Vec<AliasRow>) {
    let mut data = GazetteerData::default();
    for (name, text) in khabar::gazetteer::EMBEDDED {
        let _ = data.load_str(name, text);
    }
    let aliases = data.all_aliases();
    (data, aliases)
}

fn text_stages(c: &mut Criterion) {
    let (text, source) = corpus();
    let pipeline = Pipeline::builder()
        .build()
        .expect("the default gazetteers load");
    let mut g = c.benchmark_group(format!("stages/{source}"));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(8));

    // Expected counts, computed once.
    let mut scratch = Scratch::default();
    pipeline.analyze(&text, &mut scratch);
    let (n_tokens, n_matches) = (scratch.tokens.tokens.len(), scratch.matches.len());
    assert!(
        n_tokens > text.len() / 20,
        "tokenizer found too few tokens: {n_tokens}"
    );
    assert!(
        n_matches > 1000,
        "matcher found too few matches: {n_matches}"
    );
    eprintln!(
        "{source}: {} bytes, {n_tokens} tokens, {n_matches} matches",
        text.len()
    );

    g.bench_function("normalize", |b| {
        let mut n = Normalized::default();
        b.iter(|| {
            n.reset(black_box(&text));
            black_box(n.text.len())
        })
    });
    let norm = Normalized::new(&text);
    g.bench_function("tokenize", |b| {
        let mut t = Tokens::default();
        b.iter(|| {
            t.tokenize(black_box(&text), &norm);
            assert_eq!(t.tokens.len(), n_tokens);
        })
    });
    let mut tokens = Tokens::default();
    tokens.tokenize(&text, &norm);
    g.bench_function("match", |b| {
        let mut ms = MatchScratch::default();
        let mut out = Vec::new();
        b.iter(|| {
            pipeline
                .gazetteer()
                .matcher()
                .find(&text, &norm, &tokens, &mut ms, &mut out);
            assert_eq!(out.len(), n_matches);
        })
    });
    g.bench_function("all-three", |b| {
        let mut s = Scratch::default();
        b.iter(|| {
            pipeline.analyze(black_box(&text), &mut s);
            assert_eq!(s.matches.len(), n_matches);
        })
    });
    g.bench_function("extract", |b| {
        let mut s = Scratch::default();
        let doc = Document::new("bench", text.clone());
        b.iter(|| black_box(pipeline.extract_with(&doc, &mut s).entities.len()))
    });
    // Reference: a bare aho-corasick scan of the normalized text with the same aliases.
    let (_, aliases) = default_aliases();
    let keys: Vec<String> = aliases
        .iter()
        .map(|a| khabar::text::alias_key(&a.alias))
        .collect();
    let bare = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&keys)
        .expect("automaton");
    let bare_count = bare.find_iter(&norm.text).count();
    g.bench_function("bare-aho-corasick", |b| {
        b.iter(|| assert_eq!(bare.find_iter(black_box(&norm.text)).count(), bare_count))
    });
    g.finish();
}

/// The match stage as the gazetteer grows: 1,000 real aliases plus synthetic Arabic-looking
/// ones up to 1,000, 10,000 and 100,000; the match count must not change.
fn gazetteer_growth(c: &mut Criterion) {
    let (text, source) = corpus();
    let cut = text.floor_char_boundary_compat(text.len().min(1 << 20));
    let text = &text[..cut];
    let norm = Normalized::new(text);
    let mut tokens = Tokens::default();
    tokens.tokenize(text, &norm);
    let (_, real) = default_aliases();
    let mut g = c.benchmark_group(format!("match-growth/{source}"));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    let mut baseline: Option<usize> = None;
    for size in [1_000usize, 10_000, 100_000] {
        // The same 1,000 real aliases at every size (so the matches stay the same), filled up
        // with synthetic ones: only the automaton grows.
        let mut aliases: Vec<AliasRow> = real.iter().take(1_000).cloned().collect();
        let mut index: HashMap<String, u32> = HashMap::new();
        index.insert("person:synthetic".into(), 0);
        for a in &aliases {
            let n = index.len() as u32;
            index.entry(a.entity.clone()).or_insert(n);
        }
        let template = aliases[0].clone();
        let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
        let mut i = 0u64;
        while aliases.len() < size {
            // Two-word synthetic names of 4-7 letters each, unlikely in real text.
            let word = |seed: u64| -> String {
                let len = 4 + (seed % 4) as usize;
                (0..len)
                    .map(|k| letters[((seed >> (k * 5)) as usize + k * 7) % letters.len()])
                    .collect()
            };
            let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let alias = format!("{} {}", word(h), word(h.rotate_left(29)));
            aliases.push(AliasRow {
                entity: "person:synthetic".into(),
                alias,
                kind: AliasKind::Name,
                ..template.clone()
            });
            i += 1;
        }
        let matcher = Matcher::new(&aliases, &index).expect("matcher");
        let mut ms = MatchScratch::default();
        let mut out = Vec::new();
        matcher.find(text, &norm, &tokens, &mut ms, &mut out);
        let expected = out.len();
        let first = *baseline.get_or_insert(expected);
        assert_eq!(
            expected, first,
            "synthetic aliases must not change the matches"
        );
        eprintln!(
            "{size} aliases: {} patterns, {} bytes, {expected} matches",
            matcher.pattern_count(),
            matcher.memory_usage()
        );
        g.bench_function(format!("{size}"), |b| {
            b.iter(|| {
                matcher.find(text, &norm, &tokens, &mut ms, &mut out);
                assert_eq!(out.len(), expected);
            })
        });
    }
    g.finish();
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

fn gazetteer_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("gazetteer");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("load-and-compile-defaults", |b| {
        b.iter(|| {
            let p = Pipeline::builder().build().expect("defaults load");
            assert!(p.gazetteer().entities().len() > 1000);
        })
    });
    g.finish();
}

criterion_group!(benches, text_stages, gazetteer_growth, gazetteer_load);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--startup") {
        if let Err(e) = stages::startup() {
            eprintln!("pipeline bench: {e}");
            std::process::exit(2);
        }
        return;
    }
    if args.iter().any(|a| a == "--stages") {
        let opts = match stages::Options::from_args(&args) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("pipeline bench: {e}");
                std::process::exit(2);
            }
        };
        if let Err(e) = stages::run(&opts) {
            eprintln!("pipeline bench: {e}");
            std::process::exit(2);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
