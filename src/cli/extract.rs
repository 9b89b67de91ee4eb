//! `khabar extract`: documents in, extractions out.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{ConfigArgs, EXIT_OK, EXIT_REJECTS};
use crate::batch::read::Fields;
use crate::batch::{InputFormat, Reader};
use crate::PartialDate;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON object per line.
    Jsonl,
    /// Pretty JSON: an object for one document, an array otherwise.
    Json,
    /// RDF N-Triples (docs/graph.md).
    Ntriples,
    /// PLOVER event records, one JSON object per line (docs/graph.md).
    Plover,
    /// Neo4j bulk-import CSV: needs --output DIR; writes nodes.csv and relationships.csv.
    Neo4j,
}

impl From<FormatArg> for crate::output::OutputFormat {
    fn from(f: FormatArg) -> Self {
        use crate::output::OutputFormat as O;
        match f {
            FormatArg::Jsonl => O::Jsonl,
            FormatArg::Json => O::Json,
            FormatArg::Ntriples => O::Ntriples,
            FormatArg::Plover => O::Plover,
            FormatArg::Neo4j => O::Neo4j,
        }
    }
}

/// `khabar extract` flags.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Input files or directories (recursive), `-` for stdin.
    ///
    /// Example: khabar extract news.jsonl articles/ -
    #[arg(value_name = "PATH", default_value = "-")]
    pub inputs: Vec<String>,
    /// Input format (default: jsonl for .jsonl files and stdin, text otherwise).
    #[arg(long, value_enum)]
    pub input: Option<InputArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    pub format: FormatArg,
    /// JSONL field holding the document id (dotted paths for nested objects: meta.id).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSONL field holding the text (example: --text-field article.body).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL field holding the document date (YYYY-MM-DD, or a timestamp starting with one).
    #[arg(long, default_value = "date")]
    pub date_field: String,
    /// Date for documents that carry none (example: --date 2023-08-13); roles resolve as of it.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<PartialDate>,
    /// Write the output to PATH instead of stdout.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse_full(s)
}

/// Runs `khabar extract`.
pub fn run(args: &ExtractArgs) -> anyhow::Result<i32> {
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
    let reader = Reader::new(&args.inputs, format, fields, args.date);
    let mut sink = crate::output::make_sink(args.format.into(), args.output.as_deref())?;
    let mut scratch = crate::Scratch::default();
    let (mut read, mut extracted, mut rejected) = (0u64, 0u64, 0u64);
    for record in reader {
        read += 1;
        match record.document {
            Ok(doc) => {
                let ex = pipeline.extract_with(&doc, &mut scratch);
                sink.write(&ex).context("cannot write the output")?;
                extracted += 1;
            }
            Err(e) => {
                rejected += 1;
                eprintln!("khabar: {}: {}", record.source, e.reason);
            }
        }
    }
    sink.finish().context("cannot write the output")?;
    eprintln!("khabar: {read} records read, {extracted} extracted, {rejected} rejected");
    Ok(if rejected > 0 { EXIT_REJECTS } else { EXIT_OK })
}
