//! `khabar convert`: extraction JSONL (the output of `khabar extract`) into another format.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::extract::FormatArg;
use super::{EXIT_OK, EXIT_REJECTS};
use crate::batch::extractions::ExtractionReader;

/// `khabar convert` flags.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Extraction JSONL files, `-` for stdin.
    ///
    /// Example: khabar convert --format ntriples out.jsonl > graph.nt
    #[arg(value_name = "FILE", default_value = "-")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Write to PATH instead of stdout (a directory for --format neo4j; `-` is stdout).
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Runs `khabar convert`. A line that is not an extraction is reported (file:line: problem)
/// and skipped; the exit code is then 1.
pub fn run(args: &ConvertArgs) -> anyhow::Result<i32> {
    let mut sink = crate::output::make_sink(
        args.format.into(),
        super::output_path(args.output.as_deref()).as_deref(),
    )?;
    let (mut converted, mut bad) = (0u64, 0u64);
    for record in ExtractionReader::new(&args.inputs) {
        match record {
            Ok(ex) => {
                sink.write(&ex).context("cannot write the output")?;
                converted += 1;
            }
            Err(e) => {
                bad += 1;
                eprintln!("khabar: {e}");
            }
        }
    }
    sink.finish().context("cannot write the output")?;
    eprintln!("khabar: {converted} extractions converted, {bad} bad lines");
    Ok(if bad > 0 { EXIT_REJECTS } else { EXIT_OK })
}
