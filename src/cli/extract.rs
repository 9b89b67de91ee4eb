//! `khabar extract`: documents in, extractions out.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{ConfigArgs, EXIT_OK, EXIT_REJECTS};
use crate::batch::read::{Fields, ParseOptions};
use crate::batch::run::{DEFAULT_CHUNK_RECORDS, DEFAULT_MAX_TOKEN_BYTES};
use crate::batch::{BatchConfig, InputFormat, OnBadRecord};
use crate::PartialDate;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// What to do with a record that cannot be extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnBadRecordArg {
    /// Write it to the rejects file (or stderr) and go on; exit code 1 at the end.
    Reject,
    /// Count it as skipped and go on (internal errors are still rejected).
    Skip,
    /// Stop at the first one, with exit code 2.
    Fail,
}

impl From<OnBadRecordArg> for OnBadRecord {
    fn from(a: OnBadRecordArg) -> Self {
        match a {
            OnBadRecordArg::Reject => OnBadRecord::Reject,
            OnBadRecordArg::Skip => OnBadRecord::Skip,
            OnBadRecordArg::Fail => OnBadRecord::Fail,
        }
    }
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
    /// Date for documents that carry none (example: --date 2023-08-13; the forms a record's
    /// date field takes, such as 13/08/2023 or 2023-08, are read the same way); roles resolve
    /// as of it.
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<PartialDate>,
    /// Write the output to PATH instead of stdout (through PATH.partial, renamed into place
    /// when complete; a checkpoint PATH.checkpoint lets --resume continue a killed run).
    /// `-` is stdout.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Write rejected records to FILE, one JSON object per line (default with --output:
    /// OUTPUT.rejects.jsonl next to it; with stdout: none, rejects are reported on stderr).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Write the end-of-run statistics to FILE as JSON.
    #[arg(long, value_name = "FILE")]
    pub stats: Option<PathBuf>,
    /// Worker threads (default, or 0: all cores). At most the number of cores: a larger N is
    /// lowered to it, with a note on stderr. Output bytes are the same for any number.
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// Continue a killed run from the checkpoint next to --output (refused when the inputs,
    /// gazetteers, rules, version or output-shaping flags changed).
    #[arg(long)]
    pub resume: bool,
    /// What to do with a record that cannot be extracted.
    #[arg(long, value_enum, default_value_t = OnBadRecordArg::Reject)]
    pub on_bad_record: OnBadRecordArg,
    /// Largest record (a JSONL line or a text file) in bytes; suffixes K, M, G (x1024).
    /// Larger records are rejected without being read into memory whole.
    #[arg(long, value_name = "BYTES", default_value = "10M", value_parser = parse_size)]
    pub max_doc_bytes: usize,
    /// Longest token (run of non-whitespace characters) in bytes; suffixes K, M, G. A
    /// document with a longer one (binary data, base64 blobs) is rejected.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_TOKEN_BYTES, value_parser = parse_size)]
    pub max_token_bytes: usize,
    /// Records per chunk, at least 1: the unit of parallel work (tuning only; output does not
    /// change).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CHUNK_RECORDS, value_parser = parse_count)]
    pub chunk_records: usize,
    /// Seconds between resume checkpoints (0: after every chunk).
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    pub checkpoint_interval: f64,
    /// Never show a progress bar (it is shown only when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Parses a byte size: `1048576`, `64K`, `10M`, `1G` (binary multiples; `KB`, `MiB` ... too).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (examples: 65536, 64K, 10M)"))?;
    let mult: usize = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("{s:?}: unknown unit (use K, M or G)")),
    };
    match n.checked_mul(mult) {
        Some(0) | None => Err(format!("{s:?} is not a usable size")),
        Some(v) => Ok(v),
    }
}

pub(super) fn env_hooks() -> crate::batch::run::TestHooks {
    crate::batch::run::TestHooks {
        abort_after_records: std::env::var("KHABAR_TEST_ABORT_AFTER")
            .ok()
            .and_then(|v| v.parse().ok()),
        panic_on_id: std::env::var("KHABAR_TEST_PANIC_ON_ID").ok(),
    }
}

/// What to say when the run reads a terminal: `khabar extract` with no PATH reads stdin, and
/// without a word it would look hung.
fn stdin_notice(inputs: &[String], input: Option<InputArg>, terminal: bool) -> Option<String> {
    if !terminal || !inputs.iter().any(|i| i == "-") {
        return None;
    }
    let what = match input {
        Some(InputArg::Text) => "one text document",
        _ => "JSON Lines (one {\"id\", \"text\"} object per line; --input text for plain text)",
    };
    Some(format!(
        "khabar: reading {what} from standard input; end it with Ctrl-D, or give files \
         (khabar extract --help)"
    ))
}

/// Parses a count of at least 1.
fn parse_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a whole number")),
    }
}

/// Runs `khabar extract`.
pub fn run(args: &ExtractArgs) -> anyhow::Result<i32> {
    // Found now, not after the whole run (--output and --rejects are checked by the batch).
    if let Some(path) = &args.stats {
        crate::batch::run::check_output_path(path, "--stats")?;
    }
    let pipeline = args
        .config
        .pipeline()
        .context("cannot load the configuration")?;
    if !(args.checkpoint_interval >= 0.0 && args.checkpoint_interval.is_finite()) {
        anyhow::bail!("--checkpoint-interval must be a number of seconds >= 0");
    }
    if let Some(note) = stdin_notice(&args.inputs, args.input, std::io::stdin().is_terminal()) {
        eprintln!("{note}");
    }
    let threads = crate::batch::run::worker_threads(args.threads);
    if args.threads > threads {
        eprintln!(
            "khabar: --threads {} is more than the {threads} cores available; using {threads}",
            args.threads
        );
    }
    let cfg = BatchConfig {
        inputs: args.inputs.clone(),
        input_format: args.input.map(|i| match i {
            InputArg::Text => InputFormat::Text,
            InputArg::Jsonl => InputFormat::Jsonl,
        }),
        parse: ParseOptions {
            fields: Fields {
                id: args.id_field.clone(),
                text: args.text_field.clone(),
                date: args.date_field.clone(),
                ..Fields::default()
            },
            default_date: args.date,
        },
        records: Default::default(),
        format: args.format.into(),
        output: super::output_path(args.output.as_deref()),
        store: None,
        rejects: args.rejects.clone(),
        threads,
        resume: args.resume,
        on_bad_record: args.on_bad_record.into(),
        max_doc_bytes: args.max_doc_bytes,
        max_token_bytes: args.max_token_bytes,
        chunk_records: args.chunk_records,
        checkpoint_interval: Duration::from_secs_f64(args.checkpoint_interval),
        progress: !args.no_progress && std::io::stderr().is_terminal(),
        test: env_hooks(),
    };
    let summary = crate::batch::run(&pipeline, &cfg);
    // The process ends right after this command: freeing the gazetteer's and the models'
    // tables one allocation at a time costs about 15 ms of an empty run and gives nothing back.
    std::mem::forget(pipeline);
    report(&summary?, args.stats.as_deref())
}

/// Prints the end-of-run line, writes `--stats`, and gives the exit code (shared by
/// `khabar index`).
pub(super) fn report(
    summary: &crate::batch::Summary,
    stats: Option<&std::path::Path>,
) -> anyhow::Result<i32> {
    let _ = writeln!(std::io::stderr(), "{}", summary.line());
    if let Some(path) = stats {
        let mut json = serde_json::to_vec_pretty(&summary.stats())?;
        json.push(b'\n');
        std::fs::write(path, json)
            .with_context(|| format!("cannot write the statistics to {}", path.display()))?;
    }
    Ok(if summary.counters.rejected > 0 {
        EXIT_REJECTS
    } else {
        EXIT_OK
    })
}

#[cfg(test)]
mod tests {
    use super::{parse_size, stdin_notice, InputArg};

    #[test]
    fn extract_on_a_terminal_says_it_reads_stdin() {
        let dash = ["-".to_string()];
        let note = stdin_notice(&dash, None, true).expect("a note on a terminal");
        assert!(
            note.contains("standard input") && note.contains("Ctrl-D"),
            "{note}"
        );
        assert!(stdin_notice(&dash, Some(InputArg::Text), true)
            .is_some_and(|n| n.contains("one text document")));
        // Not on a pipe, and not when no input is stdin.
        assert_eq!(stdin_notice(&dash, None, false), None);
        assert_eq!(stdin_notice(&["a.jsonl".to_string()], None, true), None);
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        for (s, want) in [
            ("65536", 65536),
            ("64K", 65536),
            ("10M", 10 << 20),
            ("1GiB", 1 << 30),
        ] {
            assert_eq!(parse_size(s), Ok(want), "{s}");
        }
        for bad in ["", "0", "10X", "M", "-1"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
