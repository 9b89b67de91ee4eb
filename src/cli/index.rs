//! `khabar index`: documents (through the pipeline) or extraction JSONL into the SQLite store.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;

use super::extract::InputArg;
use super::{ConfigArgs, EXIT_OK, EXIT_REJECTS};
use crate::batch::extractions::ExtractionReader;
use crate::batch::read::Fields;
use crate::batch::run::counted;
use crate::batch::{InputFormat, Reader};
use crate::gazetteer::{GazetteerBuilder, Source};
use crate::store::{sentences_of_extraction, sentences_of_text, Store, StoreDocument};
use crate::{Document, PartialDate, Pipeline, Scratch};

/// Test hook: abort the process (as a crash would) after this many documents were written,
/// inside an open transaction.
const ABORT_ENV: &str = "KHABAR_TEST_ABORT_AFTER";

/// `khabar index` flags.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The database file (created if missing).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Inputs: documents (as for `khabar extract`), or extraction JSONL with --extractions.
    ///
    /// Example: khabar index --db news.db news.jsonl
    #[arg(value_name = "PATH", default_value = "-")]
    pub inputs: Vec<String>,
    /// The inputs are khabar extraction JSONL (output of `khabar extract`), not documents.
    #[arg(long)]
    pub extractions: bool,
    /// Input format of documents (default: jsonl for .jsonl files and stdin, text otherwise).
    #[arg(long, value_enum)]
    pub input: Option<InputArg>,
    /// JSONL field holding the document id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSONL field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL field holding the document date.
    #[arg(long, default_value = "date")]
    pub date_field: String,
    /// Date for documents that carry none (example: --date 2023-08-13).
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<PartialDate>,
    /// Documents per transaction: a crash loses at most the batch being written.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    /// Worker threads for extraction (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

struct Counts {
    indexed: u64,
    rejected: u64,
}

/// Runs `khabar index`.
pub fn run(args: &IndexArgs) -> anyhow::Result<i32> {
    let started = Instant::now();
    // Store errors name the database themselves.
    let mut store = Store::open(&args.db)?;
    let abort_after: Option<u64> = std::env::var(ABORT_ENV).ok().and_then(|v| v.parse().ok());
    let mut written = 0u64;
    let mut hook = move || {
        written += 1;
        if abort_after.is_some_and(|n| written >= n) {
            std::process::abort();
        }
    };
    let counts = if args.extractions {
        index_extractions(args, &mut store, &mut hook)?
    } else {
        index_documents(args, &mut store, &mut hook)?
    };
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "khabar: {} indexed, {} rejected, in {:.1} s ({:.0} docs/s); {} in {}",
        counted(counts.indexed, "document", "documents"),
        counts.rejected,
        secs,
        counts.indexed as f64 / secs.max(1e-9),
        counted(store.document_count()? as u64, "document", "documents"),
        args.db.display()
    );
    Ok(if counts.rejected > 0 {
        EXIT_REJECTS
    } else {
        EXIT_OK
    })
}

fn index_extractions(
    args: &IndexArgs,
    store: &mut Store,
    hook: &mut impl FnMut(),
) -> anyhow::Result<Counts> {
    let mut counts = Counts {
        indexed: 0,
        rejected: 0,
    };
    let mut batch = Vec::new();
    for record in ExtractionReader::new(&args.inputs) {
        match record {
            Ok(ex) => batch.push(StoreDocument {
                sentences: sentences_of_extraction(&ex),
                extraction: ex,
                source: None,
                aliases: vec![],
            }),
            Err(e) => {
                counts.rejected += 1;
                eprintln!("khabar: {e}");
            }
        }
        if batch.len() as u64 >= args.batch {
            store.write_batch(&batch, &mut *hook)?;
            counts.indexed += batch.len() as u64;
            batch.clear();
        }
    }
    store.write_batch(&batch, &mut *hook)?;
    counts.indexed += batch.len() as u64;
    Ok(counts)
}

fn index_documents(
    args: &IndexArgs,
    store: &mut Store,
    hook: &mut impl FnMut(),
) -> anyhow::Result<Counts> {
    let pipeline = args
        .config
        .pipeline()
        .context("cannot load the configuration")?;
    let fields = Fields {
        id: args.id_field.clone(),
        text: args.text_field.clone(),
        date: args.date_field.clone(),
        ..Fields::default()
    };
    let format = args.input.map(|i| match i {
        InputArg::Text => InputFormat::Text,
        InputArg::Jsonl => InputFormat::Jsonl,
    });
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let gazetteer_aliases = gazetteer_aliases(&args.config);
    let mut described: HashSet<String> = HashSet::new();
    let mut reader = Reader::new(&args.inputs, format, fields, args.date);
    let mut counts = Counts {
        indexed: 0,
        rejected: 0,
    };
    loop {
        let mut docs: Vec<(Document, String)> = Vec::new();
        let mut done = true;
        for record in reader.by_ref() {
            match record.document {
                Ok(doc) => docs.push((doc, record.source.to_string())),
                Err(e) => {
                    counts.rejected += 1;
                    eprintln!("khabar: {}: {}", record.source, e.reason);
                }
            }
            if docs.len() as u64 >= args.batch {
                done = false;
                break;
            }
        }
        let mut batch = Vec::with_capacity(docs.len());
        for result in pool.install(|| extract_batch(&pipeline, docs)) {
            match result {
                Ok(mut d) => {
                    for e in &d.extraction.entities {
                        if described.insert(e.id.clone()) {
                            for a in gazetteer_aliases.get(&e.id).into_iter().flatten() {
                                d.aliases.push((e.id.clone(), a.clone()));
                            }
                        }
                    }
                    batch.push(d)
                }
                Err(e) => {
                    counts.rejected += 1;
                    eprintln!("khabar: {e}");
                }
            }
        }
        store.write_batch(&batch, &mut *hook)?;
        counts.indexed += batch.len() as u64;
        if done {
            return Ok(counts);
        }
    }
}

/// Every name (not nisba or demonym adjectives) the gazetteers give each entity id. The store
/// records them for entities the run sees, so `khabar query --entity Putin` finds an entity
/// that an Arabic corpus only ever calls بوتين. (The pipeline's compiled gazetteer keeps no
/// alias list, so the files are read once more; they loaded cleanly a moment ago.)
fn gazetteer_aliases(config: &ConfigArgs) -> HashMap<String, Vec<String>> {
    let mut b = GazetteerBuilder::new();
    b = match &config.gazetteers {
        Some(dir) => b.source(Source::Dir(dir.clone())),
        None => b.source(Source::Embedded),
    };
    for dir in &config.add_gazetteers {
        b = b.source(Source::Dir(dir.clone()));
    }
    let (data, _, _) = b.load();
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for a in data.aliases {
        if !a.kind.is_adjective() {
            map.entry(a.entity).or_default().push(a.alias);
        }
    }
    map
}

/// Extracts a batch in parallel, in input order. A panic in one document rejects that
/// document only (its scratch is replaced, as it may be half-updated).
fn extract_batch(
    pipeline: &Pipeline,
    docs: Vec<(Document, String)>,
) -> Vec<Result<StoreDocument, String>> {
    docs.into_par_iter()
        .map_init(Scratch::default, |scratch, (doc, source)| {
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let extraction = pipeline.extract_with(&doc, scratch);
                // extract_with leaves this document's tokens in the scratch.
                let sentences = sentences_of_text(&doc.text, &scratch.tokens);
                (extraction, sentences)
            }));
            match run {
                Ok((extraction, sentences)) => Ok(StoreDocument {
                    extraction,
                    sentences,
                    source: Some(source),
                    aliases: vec![],
                }),
                Err(_) => {
                    *scratch = Scratch::default();
                    Err(format!(
                        "{source}: internal error while extracting; record rejected"
                    ))
                }
            }
        })
        .collect()
}
