//! `khabar gazetteer check|stats`.

use std::collections::BTreeMap;
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
    match cmd {
        GazetteerCommand::Check { dir } => {
            let (data, mut errors, _) = builder(dir).load();
            errors.extend(data.check());
            for e in &errors {
                println!("{e}");
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
            println!("entities\t{}", data.entities.len());
            for ((t, k), n) in &by_type {
                println!("  {t}\t{}\t{n}", if k.is_empty() { "-" } else { k });
            }
            let mut by_lang: BTreeMap<(String, String), usize> = BTreeMap::new();
            for a in data.all_aliases() {
                let lang = a.lang.clone().unwrap_or_else(|| "?".into());
                *by_lang
                    .entry((lang, format!("{:?}", a.kind).to_lowercase()))
                    .or_default() += 1;
            }
            println!("aliases\t{}", by_lang.values().sum::<usize>());
            for ((l, k), n) in &by_lang {
                println!("  {l}\t{k}\t{n}");
            }
            println!("roles\t{}", data.roles.len());
            println!("titles\t{}", data.titles.len());
            println!("given names\t{}", data.given_names.len());
            if let Some(d) = data.as_of() {
                println!("as of\t{d}");
            }
            if let Ok(g) = b.build() {
                println!("patterns\t{}", g.matcher().pattern_count());
                println!("matcher memory\t{} bytes", g.matcher().memory_usage());
            }
            Ok(if errors.is_empty() {
                EXIT_OK
            } else {
                EXIT_REJECTS
            })
        }
    }
}
