//! Allocations of the per-document path, counted by a global allocator: per document, per
//! token and per mention, for the text stages alone (normalize, tokenize, match), for the
//! stages up to the rules' input (adds resolution), and for a whole extraction (adds the
//! rules and the output model, whose strings are owned and so allocated per mention).
//!
//! Corpus: `../shared/eval/news-ar-jawharafm.jsonl` when it exists (its first 2,000
//! documents), else the seed fixture. One `Scratch` serves every document, as in a batch run;
//! a first pass warms it and is not counted.
//!
//! Run: `cargo bench --bench allocations` (add `-- --tagger` to run the name tagger too).
//! It checks that the documents yield mentions, so a run that finds nothing fails.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use khabar::{Document, Pipeline, Scratch};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

fn documents() -> (Vec<String>, &'static str) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/eval/news-ar-jawharafm.jsonl"
    );
    if let Ok(raw) = std::fs::read_to_string(path) {
        let texts: Vec<String> = raw
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
            .take(2000)
            .collect();
        if !texts.is_empty() {
            return (texts, "jawharafm (2,000 documents)");
        }
    }
    let seed = include_str!("../fixtures/al-amsar-moscow-algeria.txt");
    (vec![seed.to_string()], "seed fixture")
}

fn main() {
    let tagger = std::env::args().any(|a| a == "--tagger");
    let pipeline = match Pipeline::builder().tagger(tagger).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("pipeline: {e}");
            std::process::exit(2);
        }
    };
    let (texts, name) = documents();
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("d{i}"), t.as_str()))
        .collect();
    let mut scratch = Scratch::default();
    let (mut tokens, mut mentions) = (0u64, 0u64);
    for d in &docs {
        let x = pipeline.extract_with(d, &mut scratch);
        tokens += scratch.tokens.tokens.len() as u64;
        mentions += x
            .entities
            .iter()
            .map(|e| e.mentions.len() as u64)
            .sum::<u64>();
    }
    assert!(mentions > 0, "no mentions found: the pipeline is broken");
    println!(
        "{name}: {} documents, {tokens} tokens, {mentions} mentions; tagger {}",
        docs.len(),
        if tagger { "on" } else { "off" }
    );
    let per = |label: &str, n: u64| {
        let d = docs.len().max(1) as f64;
        println!(
            "{label:<44} {:>9.1} per document {:>7.3} per token {:>7.2} per mention",
            n as f64 / d,
            n as f64 / tokens.max(1) as f64,
            n as f64 / mentions.max(1) as f64
        );
    };
    let count = |f: &mut dyn FnMut(&Document, &mut Scratch)| {
        let mut scratch = Scratch::default();
        for d in &docs {
            f(d, &mut scratch); // warm the buffers
        }
        let before = allocations();
        for d in &docs {
            f(d, &mut scratch);
        }
        allocations() - before
    };
    per(
        "normalize, tokenize, match",
        count(&mut |d, s| pipeline.analyze(&d.text, s)),
    );
    per(
        "... and resolve (the rules' input)",
        count(&mut |d, s| pipeline.prepare_rule_input(&d.text, s)),
    );
    per(
        "whole extraction (rules, output model)",
        count(&mut |d, s| {
            std::hint::black_box(pipeline.extract_with(d, s));
        }),
    );
}
