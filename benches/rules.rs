//! Rule-stage benchmark: the full embedded rule sets (Arabic and English) over pre-analyzed
//! text, in MB/s.
//!
//! Two corpora: the seed article repeated 200 times with the test gazetteer (its relation
//! count is known: 9 per copy, checked before timing, so a fast wrong answer fails), and,
//! when `../shared/eval/news-ar-jawharafm.jsonl` exists, its first 4 MB of text with the
//! embedded gazetteers (the count is computed once and every timed run must reproduce it).
//!
//! Run: `cargo bench --bench rules` (add `-- --quick` for a faster, noisier pass).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar::rules::engine::{finish, Input};
use khabar::rules::{RawRelation, RuleScratch};
use khabar::text::CharOffsets;
use khabar::{Pipeline, Scratch};

/// Relations the rules find in one copy of the seed article (tests/seed_relations.rs lists
/// them: 22 relations, 4 of them holds-position from the resolution stage, not the rules).
const SEED_RELATIONS: usize = 18;

const SEED_COPIES: usize = 200;

fn jawharafm() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/eval/news-ar-jawharafm.jsonl"
    );
    let raw = std::fs::read_to_string(path).ok()?;
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
    Some(text)
}

fn bench_corpus(
    c: &mut Criterion,
    name: &str,
    pipeline: &Pipeline,
    text: &str,
    expected: Option<usize>,
) {
    let mut scratch = Scratch::default();
    pipeline.prepare_rule_input(text, &mut scratch);
    let offsets = CharOffsets::new(text);
    let input = Input {
        text,
        norm: &scratch.norm,
        tokens: &scratch.tokens,
        matches: scratch.rule_matches(),
        parties: scratch.parties(),
        title_after: scratch.title_after(),
        offsets: &offsets,
    };
    let mut rs = RuleScratch::default();
    let mut raw: Vec<RawRelation> = Vec::new();
    pipeline.rules().run(&input, &mut rs, &mut raw, None);
    let n_raw = raw.len();
    let n = finish(raw.drain(..)).len();
    if let Some(e) = expected {
        assert_eq!(n, e, "{name}: wrong relation count");
    }
    eprintln!(
        "{name}: {} bytes, {} sentences, {} rules, {n_raw} raw relations, {n} relations",
        text.len(),
        scratch.tokens.sentences.len(),
        pipeline.rules().rules().len()
    );
    let mut g = c.benchmark_group(format!("rules/{name}"));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("rule-stage", |b| {
        b.iter(|| {
            raw.clear();
            pipeline
                .rules()
                .run(black_box(&input), &mut rs, &mut raw, None);
            assert_eq!(raw.len(), n_raw);
        })
    });
    g.bench_function("rule-stage+dedupe", |b| {
        b.iter(|| {
            raw.clear();
            pipeline
                .rules()
                .run(black_box(&input), &mut rs, &mut raw, None);
            assert_eq!(finish(raw.drain(..)).len(), n);
        })
    });
    g.finish();
}

fn rules(c: &mut Criterion) {
    let test_gazetteers = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gazetteers");
    let pipeline = Pipeline::builder()
        .gazetteers_dir(test_gazetteers)
        .build()
        .expect("the test gazetteer and embedded rules load");
    let seed = include_str!("../fixtures/al-amsar-moscow-algeria.txt");
    let text = vec![seed; SEED_COPIES].join("\n\n");
    bench_corpus(
        c,
        "seed-x200",
        &pipeline,
        &text,
        Some(SEED_RELATIONS * SEED_COPIES),
    );
    if let Some(text) = jawharafm() {
        let pipeline = Pipeline::builder()
            .build()
            .expect("the embedded gazetteers and rules load");
        bench_corpus(c, "jawharafm-4MB", &pipeline, &text, None);
    }
}

criterion_group!(benches, rules);
criterion_main!(benches);
