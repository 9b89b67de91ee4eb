//! The command line: clap definitions and one module per subcommand.
//!
//! Exit codes: 0 success; 1 finished, but some records were rejected (or, for check, test and
//! eval commands, a check failed); 2 fatal error. stdout carries data, stderr messages.

pub mod convert;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod gazetteer;
pub mod index;
pub mod query;
pub mod rules;
pub mod train;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Exit code: everything processed.
pub const EXIT_OK: i32 = 0;
/// Exit code: finished, but some records were rejected or a check failed.
pub const EXIT_REJECTS: i32 = 1;
/// Exit code: fatal error.
pub const EXIT_FATAL: i32 = 2;

/// khabar: entities and relations from Arabic and English news.
#[derive(Debug, Parser)]
#[command(name = "khabar", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities and relations from documents.
    ///
    /// Example: khabar extract fixtures/al-amsar-moscow-algeria.txt --format json
    Extract(Box<extract::ExtractArgs>),
    /// Check or describe gazetteer files.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
    /// Convert extraction JSONL into N-Triples, Neo4j CSV, PLOVER, JSON.
    ///
    /// Example: khabar convert --format ntriples out.jsonl --output graph.nt
    Convert(convert::ConvertArgs),
    /// Index documents (or extraction JSONL) into an SQLite store.
    ///
    /// Example: khabar index --db news.db news.jsonl
    Index(index::IndexArgs),
    /// Query the store: relations with evidence, sentences, entities.
    ///
    /// Example: khabar query --db news.db --entity Algeria --predicate negotiates-with
    Query(query::QueryArgs),
    /// Test relation rules.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Show how a text is read: tokens, mentions, rules that fired and why others did not.
    ///
    /// Example: khabar explain "أجرت روسيا والجزائر مفاوضات"
    Explain(explain::ExplainArgs),
    /// Measure extraction quality against gold data.
    ///
    /// Example: khabar eval ner anercorp-dev.txt --format json
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train the name tagger (a model from CoNLL data, word clusters from raw news).
    ///
    /// Example: khabar train ner --lang en --train conll2003-train.txt --out en-ner.bin
    #[command(subcommand)]
    Train(train::TrainCommand),
}

/// Where the gazetteers and rules come from (shared by every command that runs the
/// pipeline).
#[derive(Debug, Clone, Args, Default)]
pub struct ConfigArgs {
    /// Use the .tsv files of DIR instead of the embedded gazetteers.
    #[arg(long, value_name = "DIR")]
    pub gazetteers: Option<PathBuf>,
    /// Add the .tsv files of DIR to the gazetteers.
    #[arg(long, value_name = "DIR")]
    pub add_gazetteers: Vec<PathBuf>,
    /// Use the .rules files of DIR instead of the embedded rules (example: --rules my-rules/).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Add the .rules files of DIR to the rules.
    #[arg(long, value_name = "DIR")]
    pub add_rules: Vec<PathBuf>,
    /// Read the name tagger's models ({lang}-ner.bin, word clusters inside) from DIR instead
    /// of the embedded ones (example: --model my-models/).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Turn the name tagger off: names come from the gazetteers and patterns only.
    #[arg(long)]
    pub no_tagger: bool,
}

impl ConfigArgs {
    /// Builds the pipeline these flags describe.
    pub fn pipeline(&self) -> Result<crate::Pipeline, crate::BuildError> {
        self.pipeline_with(|b| b)
    }

    /// Builds the pipeline these flags describe, with a last change to the builder.
    pub fn pipeline_with(
        &self,
        last: impl FnOnce(crate::PipelineBuilder) -> crate::PipelineBuilder,
    ) -> Result<crate::Pipeline, crate::BuildError> {
        let mut b = crate::Pipeline::builder();
        if let Some(dir) = &self.gazetteers {
            b = b.gazetteers_dir(dir);
        }
        for dir in &self.add_gazetteers {
            b = b.add_gazetteers_dir(dir);
        }
        if let Some(dir) = &self.rules {
            b = b.rules_dir(dir);
        }
        for dir in &self.add_rules {
            b = b.add_rules_dir(dir);
        }
        if let Some(dir) = &self.model {
            b = b.model_dir(dir);
        }
        if self.no_tagger {
            b = b.tagger(false);
        }
        let pipeline = last(b).build()?;
        // An empty directory (or one with files of another extension) is not an error, but a
        // run that can find nothing should not be silent.
        if let Some(dir) = &self.gazetteers {
            if pipeline.gazetteer().entities().is_empty() {
                eprintln!(
                    "khabar: warning: --gazetteers {}: no entities (no .tsv files with entity rows \
                     in it); no entity will be found",
                    dir.display()
                );
            }
        }
        if let Some(dir) = &self.rules {
            if pipeline.rules().rules().is_empty() {
                eprintln!(
                    "khabar: warning: --rules {}: no rules (no .rules files with rules in it); \
                     relations will come from resolution only",
                    dir.display()
                );
            }
        }
        Ok(pipeline)
    }
}

/// An `--output` path, `None` for stdout: no flag, or `-` (the Unix convention, as `-` is
/// stdin among the inputs).
pub fn output_path(p: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    p.filter(|p| p.as_os_str() != "-")
        .map(std::path::Path::to_path_buf)
}

/// Reads a `--date` flag with the date reader the records' date fields go through
/// ([`crate::date::read`]), so the flag takes the same forms (2023-08-13, 13/08/2023,
/// 13 August 2023, 2023-08 ...).
pub fn parse_date(s: &str) -> Result<crate::PartialDate, String> {
    crate::date::read(s)
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FATAL } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Gazetteer(cmd) => gazetteer::run(&cmd),
        Command::Convert(args) => convert::run(&args),
        Command::Index(args) => index::run(&args),
        Command::Query(args) => query::run(&args),
        Command::Rules(cmd) => rules::run(&cmd),
        Command::Explain(args) => explain::run(&args),
        Command::Eval(cmd) => eval::run(&cmd),
        Command::Train(cmd) => train::run(&cmd),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return EXIT_OK;
            }
            eprintln!("khabar: error: {}", error_text(&e));
            EXIT_FATAL
        }
    }
}

/// An error and its causes on one line, each said once: errors that show their source in
/// their own message (SQLite's, the store's) would otherwise repeat it ("file is not a
/// database: file is not a database: Error code 26: file is not a database").
pub fn error_text(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        // SQLite's lowest level says "Error code 26: <the message above>".
        let core = match text.split_once(": ") {
            Some((code, rest)) if code.starts_with("Error code ") => rest,
            _ => text.as_str(),
        };
        if core.is_empty() || out.contains(core) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Whether an error chain bottoms out in a broken pipe (the reader went away: `| head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
