//! The name tagger's benchmark: the tagging stage alone over one input, in MB/s, ns per token
//! and CPU-seconds per MB, with the model's compile time apart.
//!
//! Run: `cargo bench --bench tagger -- FILE [--mb N] [--passes P] [--expect SPANS:HASH]`
//! (FILE: JSON Lines, `.jsonl`, `.jsonl.gz` or `.jsonl.zst`; default the seed fixture repeated
//! to 4 MB). The text stages (normalize, tokenize, gazetteer match) run untimed before each
//! document's tagging; only `Tagger::tag` is timed. The first pass starts with an empty
//! per-thread cache of unknown words, as a run does; later passes (`--passes`) show the warm
//! figure. Times are the thread's CPU time.
//!
//! It prints the number of spans and a hash of them (document, tokens, kind): a faster tagger
//! must print the same pair for the same model, and `--expect SPANS:HASH` fails the run when
//! it does not (a fast wrong answer fails).

use std::time::Duration;

/// This thread's CPU time: on a shared machine the wall clock counts other people's work.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

use khabar::batch::read::{expand_inputs, parse, ParseOptions, RawReader};
use khabar::gazetteer::MatchScratch;
use khabar::tagger::{NameKind, TagInput, TagScratch};
use khabar::text::{Normalized, Tokens};
use khabar::Pipeline;

struct Args {
    input: Option<String>,
    mb: Option<f64>,
    passes: usize,
    expect: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        input: None,
        mb: None,
        passes: 1,
        expect: None,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    while let Some(x) = it.next() {
        let mut val = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match x.as_str() {
            "--bench" => {}
            "--mb" => a.mb = Some(val("--mb")?.parse().map_err(|e| format!("--mb: {e}"))?),
            "--passes" => {
                a.passes = val("--passes")?
                    .parse()
                    .map_err(|e| format!("--passes: {e}"))?
            }
            "--expect" => a.expect = Some(val("--expect")?),
            s if s.starts_with("--") => return Err(format!("unknown flag {s}")),
            s => a.input = Some(s.to_string()),
        }
    }
    Ok(a)
}

fn texts(a: &Args) -> Vec<String> {
    let limit = a.mb.map(|m| (m * 1e6) as u64).unwrap_or(u64::MAX);
    let mut out = Vec::new();
    match &a.input {
        Some(path) => {
            let mut bytes = 0u64;
            let opts = ParseOptions::default();
            for raw in RawReader::new(expand_inputs(std::slice::from_ref(path)), None) {
                if bytes >= limit {
                    break;
                }
                bytes += raw.bytes;
                if let Ok(p) = parse(&raw, &opts) {
                    out.push(p.document.text);
                }
            }
        }
        None => {
            let seed = include_str!("../fixtures/al-amsar-moscow-algeria.txt");
            for _ in 0..(4 << 20) / seed.len() {
                out.push(seed.to_string());
            }
        }
    }
    out
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("tagger bench: {e}");
            std::process::exit(2);
        }
    };
    let docs = texts(&a);
    let text_bytes: usize = docs.iter().map(String::len).sum();
    let pipeline = Pipeline::builder()
        .build()
        .expect("the embedded configuration builds");
    let Some(tagger) = pipeline.tagger() else {
        eprintln!("tagger bench: no tagger");
        std::process::exit(2);
    };
    let g = pipeline.gazetteer();
    let mut norm = Normalized::default();
    let mut tokens = Tokens::default();
    let mut matches = Vec::new();
    let mut ms = MatchScratch::default();
    let mut spans = Vec::new();

    // Compile the models (lazy in a run: the first document of a language pays for it).
    let t = thread_cpu();
    let mut warm = TagScratch::default();
    for probe in ["قال محمد في الجزائر.", "Smith said in Paris."] {
        norm.reset(probe);
        tokens.tokenize(probe, &norm);
        g.matcher()
            .find(probe, &norm, &tokens, &mut ms, &mut matches);
        let input = TagInput {
            original: probe,
            norm: &norm,
            tokens: &tokens,
            matches: &matches,
        };
        tagger.tag(g, input, &mut warm, &mut spans);
    }
    let compile = thread_cpu().saturating_sub(t);

    let mut scratch = TagScratch::default();
    let mut summary = None;
    for pass in 0..a.passes.max(1) {
        let mut tag_time = Duration::ZERO;
        let (mut n_tokens, mut n_spans) = (0usize, 0usize);
        let mut h = khabar::Fnv::new();
        for (d, text) in docs.iter().enumerate() {
            norm.reset(text);
            tokens.tokenize(text, &norm);
            g.matcher()
                .find(text, &norm, &tokens, &mut ms, &mut matches);
            let input = TagInput {
                original: text,
                norm: &norm,
                tokens: &tokens,
                matches: &matches,
            };
            let t = thread_cpu();
            tagger.tag(g, input, &mut scratch, &mut spans);
            tag_time += thread_cpu().saturating_sub(t);
            n_tokens += tokens.tokens.len();
            n_spans += spans.len();
            for s in &spans {
                let kind = match s.kind {
                    NameKind::Person => 1u8,
                    NameKind::Organization => 2,
                    NameKind::Location => 3,
                    NameKind::Misc => 4,
                };
                h.write(&(d as u64).to_le_bytes());
                h.write(&(s.first_token as u64).to_le_bytes());
                h.write(&(s.end_token as u64).to_le_bytes());
                h.write(&[kind]);
            }
        }
        let secs = tag_time.as_secs_f64();
        let mb = text_bytes as f64 / 1e6;
        println!(
            "pass {}: {} docs, {:.1} MB of text, {} tokens: tag {:.3} s, {:.1} MB/s, {:.0} ns/token, {:.4} CPU-s/MB; {} spans, hash {:016x}",
            pass + 1,
            docs.len(),
            mb,
            n_tokens,
            secs,
            mb / secs,
            secs * 1e9 / n_tokens.max(1) as f64,
            secs / mb,
            n_spans,
            h.finish()
        );
        summary = Some(format!("{n_spans}:{:016x}", h.finish()));
    }
    println!(
        "model compile (first use): {:.1} ms",
        compile.as_secs_f64() * 1e3
    );
    if let (Some(want), Some(got)) = (&a.expect, &summary) {
        if want != got {
            eprintln!("tagger bench: spans {got}, expected {want}");
            std::process::exit(1);
        }
    }
}
