//! `khabar gazetteer check|stats`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::{EXIT_OK, EXIT_REJECTS};
use crate::gazetteer::{GazetteerBuilder, Source};

/// Gazetteer subcommands.
#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Check gazetteer files: malformed rows, duplicate ids, unknown references, bad dates,
    /// forms with two certain readings. Exit 1 if any problem is found.
    ///
    /// Example: khabar gazetteer check my-gazetteers/
    Check {
        /// Directory of .tsv files (default: the embedded gazetteers).
        dir: Option<PathBuf>,
        /// Print every problem (default: the first 10 of each file, then a count).
        #[arg(long)]
        all: bool,
    },
    /// Print counts per type, kind and language.
    Stats {
        /// Directory of .tsv files (default: the embedded gazetteers).
        dir: Option<PathBuf>,
    },
}

fn builder(dir: &Option<PathBuf>) -> GazetteerBuilder {
    GazetteerBuilder::new().source(match dir {
        Some(d) => Source::Dir(d.clone()),
        None => Source::Embedded,
    })
}

/// Runs a gazetteer subcommand.
pub fn run(cmd: &GazetteerCommand) -> anyhow::Result<i32> {
    // Written with `?`, not `println!`, so a closed pipe (`| head -1`) ends the command with
    // exit 0 instead of a panic.
    let mut out = std::io::stdout().lock();
    match cmd {
        GazetteerCommand::Check { dir, all } => {
            let (data, mut errors, _) = builder(dir).load();
            errors.extend(data.check());
            let per_file = if *all {
                usize::MAX
            } else {
                crate::gazetteer::PROBLEMS_SHOWN_PER_FILE
            };
            let lines = crate::gazetteer::report_lines(&errors, per_file);
            for line in &lines {
                writeln!(out, "{line}")?;
            }
            if lines.len() < errors.len() {
                eprintln!(
                    "khabar: showing the first {per_file} problems of each file (--all shows all {})",
                    errors.len()
                );
            }
            let aliases = data.aliases.len();
            eprintln!(
                "khabar: {} files, {} entities, {} aliases, {} roles, {} titles: {} problem(s)",
                data.files.len(),
                data.entities.len(),
                aliases,
                data.roles.len(),
                data.titles.len(),
                errors.len()
            );
            Ok(if errors.is_empty() {
                EXIT_OK
            } else {
                EXIT_REJECTS
            })
        }
        GazetteerCommand::Stats { dir } => {
            let b = builder(dir);
            let (data, errors, _) = b.load();
            for e in &errors {
                eprintln!("khabar: {e}");
            }
            let mut by_type: BTreeMap<(String, String), usize> = BTreeMap::new();
            for e in &data.entities {
                *by_type
                    .entry((
                        e.entity_type.as_str().to_string(),
                        e.kind.clone().unwrap_or_default(),
                    ))
                    .or_default() += 1;
            }
            writeln!(out, "entities\t{}", data.entities.len())?;
            for ((t, k), n) in &by_type {
                writeln!(out, "  {t}\t{}\t{n}", if k.is_empty() { "-" } else { k })?;
            }
            let mut by_lang: BTreeMap<(String, String), usize> = BTreeMap::new();
            for a in data.all_aliases() {
                let lang = a.lang.clone().unwrap_or_else(|| "?".into());
                *by_lang
                    .entry((lang, format!("{:?}", a.kind).to_lowercase()))
                    .or_default() += 1;
            }
            writeln!(out, "aliases\t{}", by_lang.values().sum::<usize>())?;
            for ((l, k), n) in &by_lang {
                writeln!(out, "  {l}\t{k}\t{n}")?;
            }
            writeln!(out, "roles\t{}", data.roles.len())?;
            writeln!(out, "titles\t{}", data.titles.len())?;
            writeln!(out, "given names\t{}", data.given_names.len())?;
            if let Some(d) = data.as_of() {
                writeln!(out, "as of\t{d}")?;
            }
            if let Ok(g) = b.build() {
                writeln!(out, "patterns\t{}", g.matcher().pattern_count())?;
                writeln!(out, "matcher memory\t{} bytes", g.matcher().memory_usage())?;
            }
            Ok(if errors.is_empty() {
                EXIT_OK
            } else {
                EXIT_REJECTS
            })
        }
    }
}
