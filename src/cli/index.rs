//! `khabar index`: documents (through the pipeline) or extraction JSONL into the SQLite store.
//!
//! The store is a sink of the batch engine (src/batch), so `index` keeps every batch promise
//! of `extract`: the conservation line, `--rejects` (default: beside the database),
//! `--on-bad-record`, the exit codes and `--resume`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::extract::{env_hooks, parse_size, report, InputArg, OnBadRecordArg};
use super::ConfigArgs;
use crate::batch::read::{Fields, ParseOptions};
use crate::batch::run::DEFAULT_MAX_TOKEN_BYTES;
use crate::batch::{BatchConfig, InputFormat, RecordKind, StoreOutput};
use crate::gazetteer::{GazetteerBuilder, Source};
use crate::store::Store;
use crate::PartialDate;

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
    /// Write rejected records to FILE, one JSON object per line (default: DB.rejects.jsonl
    /// beside the database).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// What to do with a record that cannot be indexed.
    #[arg(long, value_enum, default_value_t = OnBadRecordArg::Reject)]
    pub on_bad_record: OnBadRecordArg,
    /// Continue a killed run from the checkpoint kept in the database (refused when the
    /// inputs, gazetteers, rules, version or record-shaping flags changed).
    #[arg(long)]
    pub resume: bool,
    /// Write the end-of-run statistics to FILE as JSON.
    #[arg(long, value_name = "FILE")]
    pub stats: Option<PathBuf>,
    /// Largest record (a JSONL line or a text file) in bytes; suffixes K, M, G (x1024).
    #[arg(long, value_name = "BYTES", default_value = "10M", value_parser = parse_size)]
    pub max_doc_bytes: usize,
    /// Longest token (run of non-whitespace characters) in bytes; suffixes K, M, G.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_TOKEN_BYTES, value_parser = parse_size)]
    pub max_token_bytes: usize,
    /// Worker threads for extraction (default: all cores).
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// Never show a progress bar (it is shown only when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Runs `khabar index`.
pub fn run(args: &IndexArgs) -> anyhow::Result<i32> {
    let pipeline = args
        .config
        .pipeline()
        .context("cannot load the configuration")?;
    let (records, input_format, aliases) = match args.extractions {
        // Extraction files are JSON Lines whatever their name.
        true => (
            RecordKind::Extractions,
            Some(InputFormat::Jsonl),
            HashMap::new(),
        ),
        false => (
            RecordKind::Documents,
            args.input.map(|i| match i {
                InputArg::Text => InputFormat::Text,
                InputArg::Jsonl => InputFormat::Jsonl,
            }),
            gazetteer_aliases(&args.config),
        ),
    };
    let cfg = BatchConfig {
        inputs: args.inputs.clone(),
        input_format,
        parse: ParseOptions {
            fields: Fields {
                id: args.id_field.clone(),
                text: args.text_field.clone(),
                date: args.date_field.clone(),
                ..Fields::default()
            },
            default_date: args.date,
        },
        records,
        store: Some(StoreOutput {
            db: args.db.clone(),
            aliases,
        }),
        rejects: args.rejects.clone(),
        threads: args.threads,
        resume: args.resume,
        on_bad_record: args.on_bad_record.into(),
        max_doc_bytes: args.max_doc_bytes,
        max_token_bytes: args.max_token_bytes,
        chunk_records: usize::try_from(args.batch).unwrap_or(usize::MAX),
        progress: !args.no_progress && std::io::stderr().is_terminal(),
        test: env_hooks(),
        ..BatchConfig::default()
    };
    let summary = crate::batch::run(&pipeline, &cfg)?;
    let code = report(&summary, args.stats.as_deref())?;
    // Store errors name the database themselves.
    let stored = Store::open(&args.db).and_then(|s| s.document_count())?;
    eprintln!(
        "khabar: {} in {}",
        crate::batch::run::counted(stored as u64, "document", "documents"),
        args.db.display()
    );
    Ok(code)
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
