//! The stage-by-stage part of the pipeline benchmark: one thread, one pass over an input file,
//! every stage timed by the benchmark itself (the library has no timing code, so a normal run
//! pays nothing for it).
//!
//! Stages the library exposes one by one (read, parse, normalize, tokenize, match, tag,
//! serialize) are timed directly. Resolution, the rules and assembly run inside the pipeline,
//! so they are timed as differences of nested prefixes of the same document's run:
//!
//! - resolve = `prepare_rule_input` (text stages + resolution + tagger merge + the rules'
//!   input) - normalize - tokenize - match - tag
//! - rules = `raw_relations` (the same + the rules) - `prepare_rule_input`
//! - assemble = `extract_document` (the batch engine's call: the same + de-duplication +
//!   entities and output types) - `raw_relations`
//!
//! Each document is thus run four times (each timing twice, keeping the faster, after one
//! untimed warm-up run of the pipeline); the figures are per stage, not the sum of the runs.
//! The extractions are written as JSON Lines to `--out` so a script can compare them with
//! `khabar extract`'s output byte for byte (a fast wrong run fails there).

use std::io::Write;
use std::time::{Duration, Instant};

use khabar::batch::read::{expand_inputs, parse, ParseOptions, Parsed, RawReader};
use khabar::batch::run::{extract_document, DEFAULT_MAX_TOKEN_BYTES};
use khabar::gazetteer::MatchScratch;
use khabar::output::jsonl_line;
use khabar::tagger::{TagInput, TagScratch};
use khabar::{Pipeline, Scratch};

/// Options of `--stages`.
pub struct Options {
    pub input: String,
    pub out: Option<String>,
    pub tagger: bool,
}

impl Options {
    /// `--stages FILE [--out FILE] [--no-tagger]`.
    pub fn from_args(args: &[String]) -> Result<Options, String> {
        let mut input = None;
        let mut out = None;
        let mut tagger = true;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--stages" => input = it.next().cloned(),
                "--out" => out = it.next().cloned(),
                "--no-tagger" => tagger = false,
                // cargo bench passes --bench to every target.
                "--bench" => {}
                other => return Err(format!("unknown argument {other}")),
            }
        }
        Ok(Options {
            input: input.ok_or("--stages needs an input file")?,
            out,
            tagger,
        })
    }
}

#[derive(Default)]
struct Times {
    read: Duration,
    parse: Duration,
    normalize: Duration,
    tokenize: Duration,
    matching: Duration,
    tag: Duration,
    prepare: Duration,
    raw: Duration,
    extract: Duration,
    serialize: Duration,
    /// The first (cold) runs of the stages timed directly, in the order of `COLD`.
    cold: [Duration; 6],
    /// The cold runs of the nested prefixes (not reported: a difference of cold runs mixes in
    /// the warm-up).
    unused: Duration,
}

/// The stages timed directly, whose cold time is reported.
const COLD: [&str; 6] = [
    "parse",
    "normalize",
    "tokenize",
    "match",
    "tag",
    "serialize",
];

fn timed<T>(acc: &mut Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    *acc += t.elapsed();
    r
}

/// Runs `f` twice and adds the faster time: on a shared machine a thread is often preempted
/// within a run, and the stage times below are differences of such runs. The second run finds
/// the document's data in the caches, so the faster time is a hot one; the first (cold) run's
/// time, what a real run pays, is added to `cold`.
fn timed2<T>(acc: &mut Duration, cold: &mut Duration, mut f: impl FnMut() -> T) -> T {
    let t = Instant::now();
    let _ = f();
    let first = t.elapsed();
    let t = Instant::now();
    let r = f();
    *acc += first.min(t.elapsed());
    *cold += first;
    r
}

/// Runs the stages over `opts.input` and prints the table.
pub fn run(opts: &Options) -> Result<(), String> {
    let t = Instant::now();
    let pipeline = Pipeline::builder()
        .tagger(opts.tagger)
        .build()
        .map_err(|e| e.to_string())?;
    let build = t.elapsed();

    let mut times = Times::default();
    // Read: the raw records, as the batch engine's reader thread cuts them.
    let records: Vec<_> = timed(&mut times.read, || {
        RawReader::new(expand_inputs(std::slice::from_ref(&opts.input)), None).collect()
    });
    let bytes: u64 = records.iter().map(|r| r.bytes).sum();

    let mut out: Box<dyn Write> = match &opts.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("{p}: {e}"))?,
        )),
        None => Box::new(std::io::sink()),
    };
    let popts = ParseOptions::default();
    let mut scratch = Scratch::default();
    let mut ms = MatchScratch::default();
    let mut tag_scratch = TagScratch::default();
    let mut spans = Vec::new();
    let mut buf = Vec::new();
    let (mut docs, mut rejected, mut entities, mut relations) = (0u64, 0u64, 0usize, 0usize);
    for raw in &records {
        let parsed = match timed2(&mut times.parse, &mut times.cold[0], || parse(raw, &popts)) {
            Ok(p) => p,
            Err(_) => {
                rejected += 1;
                continue;
            }
        };
        let text = parsed.document.text.as_str();
        timed2(&mut times.normalize, &mut times.cold[1], || {
            scratch.norm.reset(text)
        });
        timed2(&mut times.tokenize, &mut times.cold[2], || {
            scratch.tokens.tokenize(text, &scratch.norm)
        });
        timed2(&mut times.matching, &mut times.cold[3], || {
            pipeline.gazetteer().matcher().find(
                text,
                &scratch.norm,
                &scratch.tokens,
                &mut ms,
                &mut scratch.matches,
            )
        });
        if let Some(tagger) = pipeline.tagger() {
            let input = TagInput {
                original: text,
                norm: &scratch.norm,
                tokens: &scratch.tokens,
                matches: &scratch.matches,
            };
            timed2(&mut times.tag, &mut times.cold[4], || {
                tagger.tag(pipeline.gazetteer(), input, &mut tag_scratch, &mut spans)
            });
        }
        // Warm-up: the first run of a document through the pipeline's scratch is slower (the
        // tagger's caches); untimed, so that the nested runs below differ only by their stages.
        pipeline.prepare_rule_input(text, &mut scratch);
        timed2(&mut times.prepare, &mut times.unused, || {
            pipeline.prepare_rule_input(text, &mut scratch)
        });
        timed2(&mut times.raw, &mut times.unused, || {
            pipeline.raw_relations(text, &mut scratch, None).len()
        });
        let run_extract = || {
            let parsed = Parsed {
                document: parsed.document.clone(),
                warnings: parsed.warnings.clone(),
            };
            extract_document(&pipeline, parsed, DEFAULT_MAX_TOKEN_BYTES)
        };
        // The batch engine's own scratch, warmed the same way.
        let _ = run_extract();
        let ex = timed2(&mut times.extract, &mut times.unused, run_extract);
        let ex = match ex {
            Ok(ex) => ex,
            Err(_) => {
                rejected += 1;
                continue;
            }
        };
        docs += 1;
        entities += ex.entities.len();
        relations += ex.relations.len();
        timed2(&mut times.serialize, &mut times.cold[5], || {
            buf.clear();
            jsonl_line(&ex, &mut buf)
        })
        .map_err(|e| e.to_string())?;
        out.write_all(&buf).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;

    let secs = |d: Duration| d.as_secs_f64();
    let text_stages = secs(times.normalize + times.tokenize + times.matching + times.tag);
    // Differences of runs: signed, so that noise shows as noise instead of a clean zero.
    let resolve = secs(times.prepare) - text_stages;
    let rules = secs(times.raw) - secs(times.prepare);
    let assemble = secs(times.extract) - secs(times.raw);
    let rows: [(&str, f64); 10] = [
        ("read", secs(times.read)),
        ("parse", secs(times.parse)),
        ("normalize", secs(times.normalize)),
        ("tokenize", secs(times.tokenize)),
        ("match", secs(times.matching)),
        ("tag", secs(times.tag)),
        ("resolve", resolve),
        ("rules", rules),
        ("assemble", assemble),
        ("serialize", secs(times.serialize)),
    ];
    let total: f64 = rows.iter().map(|r| r.1).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "stages: {} ({mb:.1} MB, {} records: {docs} extracted, {rejected} rejected; {entities} \
         entities, {relations} relations), tagger {}, 1 thread; pipeline built in {:.0} ms",
        opts.input,
        records.len(),
        if opts.tagger { "on" } else { "off" },
        build.as_secs_f64() * 1e3
    );
    println!(
        "{:<10} {:>8} {:>7} {:>10} {:>10} {:>9}",
        "stage", "seconds", "share", "MB/s", "µs/doc", "cold s"
    );
    for (name, s) in rows.iter().chain([("total", total)].iter()) {
        let cold = COLD
            .iter()
            .position(|c| c == name)
            .map_or("-".to_string(), |i| format!("{:.3}", secs(times.cold[i])));
        println!(
            "{name:<10} {s:>8.3} {:>6.1}% {:>10} {:>10.1} {cold:>9}",
            100.0 * s / total.max(1e-9),
            if *s > 0.0 {
                format!("{:.1}", mb / s)
            } else {
                "-".into()
            },
            1e6 * s / (docs.max(1) as f64)
        );
    }
    println!(
        "(seconds: the faster of two runs of each stage on each document, the second finding \
         the document's data in the caches; cold s: the first run, what a real run pays. The \
         hot times sum to well under a real run's CPU time: read them as shares.)"
    );
    if rows.iter().any(|r| r.1 < 0.0) {
        println!(
            "(a negative time is a difference of two runs below their noise: read it with the \
             stage after it)"
        );
    }
    Ok(())
}

/// `--startup`: what building the default pipeline costs, part by part, on one thread (the
/// pipeline's builder runs the rules and the tagger beside the gazetteer).
pub fn startup() -> Result<(), String> {
    use khabar::gazetteer::{Gazetteer, GazetteerBuilder, Matcher, Source};
    use khabar::resolve::Resolver;
    use khabar::rules::{self, RuleSetBuilder};
    use khabar::tagger::{load_models, ModelSource, Tagger};
    use std::collections::HashMap;

    let mut parts: Vec<(&str, Duration)> = Vec::new();
    let mut part = |name, d| parts.push((name, d));
    let t = Instant::now();
    let builder = GazetteerBuilder::new().source(Source::Embedded);
    let (data, errors, _) = builder.load();
    part("gazetteer: read the TSV files", t.elapsed());
    if !errors.is_empty() {
        return Err(format!("{} gazetteer errors", errors.len()));
    }
    let t = Instant::now();
    let problems = data.check_references();
    part("gazetteer: check references", t.elapsed());
    if !problems.is_empty() {
        return Err(format!("{} gazetteer reference errors", problems.len()));
    }
    let t = Instant::now();
    let aliases = data.all_aliases();
    part("gazetteer: list aliases (all_aliases)", t.elapsed());
    let index: HashMap<String, u32> = data
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i as u32))
        .collect();
    let t = Instant::now();
    let matcher = Matcher::new(&aliases, &index)?;
    part("gazetteer: compile the matcher", t.elapsed());
    drop(matcher);
    let t = Instant::now();
    let compiled = builder
        .compile()
        .map_err(|e| format!("{} errors", e.len()))?;
    part("gazetteer: all of the above again (compile)", t.elapsed());
    drop(compiled);
    let t = Instant::now();
    let sources = khabar::gazetteer::snapshot::sources_checksum(khabar::gazetteer::EMBEDDED);
    part("gazetteer: checksum of the embedded files", t.elapsed());
    let t = Instant::now();
    let gazetteer = builder.build().map_err(|e| format!("{} errors", e.len()))?;
    part("gazetteer: from the snapshot (build)", t.elapsed());
    if Gazetteer::embedded_snapshot().is_none() {
        return Err(format!(
            "no usable gazetteer snapshot in this build (sources {sources:016x})"
        ));
    }
    let t = Instant::now();
    let _resolver = Resolver::new(&gazetteer)?;
    part("resolver", t.elapsed());
    let t = Instant::now();
    let _rules = RuleSetBuilder::new()
        .source(rules::Source::Embedded)
        .build()
        .map_err(|e| format!("{} rule errors", e.len()))?;
    part("rules", t.elapsed());
    let t = Instant::now();
    let models = load_models(&ModelSource::Embedded).map_err(|e| e.to_string())?;
    part("tagger: read the models", t.elapsed());
    let t = Instant::now();
    let _tagger = Tagger::new(models);
    part("tagger: set up", t.elapsed());
    let t = Instant::now();
    let _pipeline = Pipeline::builder().build().map_err(|e| e.to_string())?;
    part("whole pipeline (Pipeline::builder().build())", t.elapsed());
    println!(
        "start-up, part by part (one thread; embedded data, {} aliases):",
        aliases.len()
    );
    for (name, d) in parts {
        println!("  {name:<46} {:>7.1} ms", d.as_secs_f64() * 1e3);
    }
    Ok(())
}
