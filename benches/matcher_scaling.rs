//! The gazetteer matcher alone as the gazetteer grows: one gazetteer directory per run (so the
//! peak RSS is that size's), the same text every time.
//!
//! Run: `cargo bench --bench matcher_scaling -- GAZETTEER_DIR INPUT [MB]`, or
//! `scripts/bench-matcher.sh`, which generates gazetteers of 1k, 10k, 100k and 1M aliases
//! (`scripts/synthetic-gazetteer.py`) and runs this once per size.
//!
//! INPUT is JSON Lines with a `text` field (`.jsonl` or `.jsonl.gz`) or plain text; the first
//! MB megabytes of text (default 30) are used. Each document is normalized and tokenized
//! outside the clock; only [`Matcher::find`] is timed, over every document, five times (the
//! best pass counts). Times are the main thread's time on a CPU (/proc/self/schedstat), so
//! waiting for a CPU on a shared machine is left out. Prints one tab-separated line:
//! `aliases patterns load_s compile_s compile_wall_s matcher_mb loaded_rss_mb peak_rss_mb
//! text_mb docs matches match_s match_mb_s`, where `loaded_rss_mb` is the resident set after
//! loading the files (before compiling) and `peak_rss_mb` the peak after the runs. The matches
//! of every pass must be the same count, or the run fails.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::time::Instant;

use khabar::gazetteer::{GazetteerBuilder, MatchScratch, Matcher, Source};
use khabar::text::{Normalized, Tokens};

fn fail(msg: String) -> ! {
    eprintln!("matcher_scaling: {msg}");
    std::process::exit(2)
}

/// The texts of the first `max_bytes` of `path`.
fn read_texts(path: &str, max_bytes: usize) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| fail(format!("{path}: {e}")));
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let reader = BufReader::new(reader);
    let mut texts = Vec::new();
    let mut total = 0usize;
    if path.ends_with(".jsonl") || path.ends_with(".jsonl.gz") {
        for (n, line) in reader.lines().enumerate() {
            let line = line.unwrap_or_else(|e| fail(format!("{path}:{}: {e}", n + 1)));
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                total += t.len();
                texts.push(t.to_string());
            }
            if total >= max_bytes {
                break;
            }
        }
    } else {
        let mut s = String::new();
        let mut r = reader;
        r.read_to_string(&mut s)
            .unwrap_or_else(|e| fail(format!("{path}: {e}")));
        texts.push(s);
    }
    texts
}

/// A memory figure of this process from /proc/self/status (`VmHWM:` peak, `VmRSS:` now), in
/// MB (Linux; 0 elsewhere).
fn rss_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Time this (main) thread has spent on a CPU, from /proc/self/schedstat (Linux; wall-clock
/// time elsewhere). On a machine shared with other jobs, waiting for a CPU is not counted.
struct CpuClock(Instant);

impl CpuClock {
    fn now() -> CpuClock {
        CpuClock(Instant::now())
    }

    fn on_cpu_ns() -> Option<u64> {
        let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
        s.split_whitespace().next()?.parse().ok()
    }

    /// Seconds on a CPU since `start` (taken with [`CpuClock::on_cpu_ns`]).
    fn since(start: Option<u64>, wall: &CpuClock) -> f64 {
        match (start, CpuClock::on_cpu_ns()) {
            (Some(a), Some(b)) => (b.saturating_sub(a)) as f64 / 1e9,
            _ => wall.0.elapsed().as_secs_f64(),
        }
    }
}

fn main() {
    // `cargo bench` adds `--bench`; the rest are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (Some(dir), Some(input)) = (args.first(), args.get(1)) else {
        eprintln!("usage: cargo bench --bench matcher_scaling -- GAZETTEER_DIR INPUT [MB]");
        std::process::exit(2);
    };
    let mb: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(30);

    let (wall, cpu) = (CpuClock::now(), CpuClock::on_cpu_ns());
    let (data, errors, _) = GazetteerBuilder::new()
        .source(Source::Dir(dir.into()))
        .load();
    if let Some(e) = errors.first() {
        fail(format!("{e}"));
    }
    let index: HashMap<String, u32> = data
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i as u32))
        .collect();
    let alias_count = data.alias_refs().count();
    let load_s = CpuClock::since(cpu, &wall);
    let loaded_mb = rss_mb("VmRSS:");
    let (wall, cpu) = (CpuClock::now(), CpuClock::on_cpu_ns());
    let matcher = Matcher::from_alias_refs(data.alias_refs(), &index).unwrap_or_else(|e| fail(e));
    let compile_s = CpuClock::since(cpu, &wall);
    let compile_wall_s = wall.0.elapsed().as_secs_f64();
    drop(data);

    let texts = read_texts(input, mb << 20);
    let bytes: usize = texts.iter().map(String::len).sum();
    // Documents are prepared in batches of about 2 MB outside the clock; the clock runs over
    // the matching of a whole batch (two reads of the CPU clock per batch, not per document).
    let mut prepared: Vec<(Normalized, Tokens)> = Vec::new();
    let mut scratch = MatchScratch::default();
    let mut out = Vec::new();
    let mut best = f64::MAX;
    let mut counts = Vec::new();
    for _ in 0..5 {
        let mut spent = 0.0f64;
        let mut matches = 0usize;
        let mut next = 0usize;
        while next < texts.len() {
            let mut n = 0usize;
            let mut batch_bytes = 0usize;
            while next + n < texts.len() && batch_bytes < 2 << 20 {
                let text = &texts[next + n];
                if prepared.len() <= n {
                    prepared.push(Default::default());
                }
                let (norm, tokens) = &mut prepared[n];
                norm.reset(text);
                tokens.tokenize(text, norm);
                batch_bytes += text.len();
                n += 1;
            }
            let (wall, cpu) = (CpuClock::now(), CpuClock::on_cpu_ns());
            for (text, (norm, tokens)) in texts[next..next + n].iter().zip(&prepared) {
                matcher.find(text, norm, tokens, &mut scratch, &mut out);
                matches += out.len();
            }
            spent += CpuClock::since(cpu, &wall);
            next += n;
        }
        best = best.min(spent);
        counts.push(matches);
    }
    if counts.windows(2).any(|w| w[0] != w[1]) {
        fail(format!("the passes found different matches: {counts:?}"));
    }
    let secs = best;
    println!(
        "{alias_count}\t{}\t{load_s:.2}\t{compile_s:.2}\t{compile_wall_s:.2}\t{:.1}\t{loaded_mb:.0}\t{:.0}\t{:.1}\t{}\t{}\t{secs:.3}\t{:.1}",
        matcher.pattern_count(),
        matcher.memory_usage() as f64 / (1 << 20) as f64,
        rss_mb("VmHWM:"),
        bytes as f64 / (1 << 20) as f64,
        texts.len(),
        counts[0],
        bytes as f64 / (1 << 20) as f64 / secs,
    );
}
