//! `khabar eval ner|relations|entities|plover`: scores against gold data (docs/eval.md).
//!
//! Exit codes: 0 the evaluation ran; 1 it ran but micro F1 is below `--min-f1`; 2 fatal (gold
//! or predictions unreadable, bad configuration).

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::{ConfigArgs, EXIT_OK, EXIT_REJECTS};
use crate::eval::ner::{self, NerOptions, TypeMap};
use crate::eval::{self, clusters, conll, entities, plover, relations, Report, Score};
use crate::PartialDate;

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// An aligned table.
    Table,
    /// One JSON object: {"per_type": {KEY: {tp, fp, fn, precision, recall, f1}}, "micro": {...}}.
    Json,
}

/// `khabar eval` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score entity mentions against CoNLL gold (`token TAG` per line; IOB1 or IOB2).
    ///
    /// Example: khabar eval ner anercorp-dev.txt --errors errors.txt
    Ner(NerArgs),
    /// Score relations against a JSONL gold file (format: docs/eval.md).
    ///
    /// Example: khabar eval relations gold.jsonl --predictions out.jsonl
    Relations(RelationsArgs),
    /// Score entity mentions against the mentions of a cluster gold file (the development
    /// gold, docs/eval.md), by the annotation guidelines' conventions.
    ///
    /// Example: khabar eval entities gold.jsonl --split test --errors errors.tsv
    Entities(EntitiesArgs),
    /// Score PLOVER events against PLOVER gold records (JSONL).
    ///
    /// Example: khabar eval plover plover-dev.jsonl --format json
    Plover(PloverArgs),
}

/// Flags every eval command shares.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Exit 1 when the micro F1 (percent) is below this (example: --min-f1 70).
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
}

/// `khabar eval ner` flags.
#[derive(Debug, Args)]
pub struct NerArgs {
    /// Gold file in CoNLL column format.
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// khabar type -> gold tag, comma-separated (example: --map PERSON=PER,AGENCY=ORG).
    /// Default: PERSON=PERS,COUNTRY=LOC,LOCATION=LOC,AGENCY=ORG, with PERSON=PER when the gold
    /// file tags people PER (CoNLL-2003) rather than PERS (ANERcorp).
    #[arg(long)]
    pub map: Option<String>,
    /// Score the name tagger's own spans only, before they are merged with gazetteer and
    /// resolution mentions (for ablations).
    #[arg(long)]
    pub tagger_only: bool,
    /// Write every miss and false alarm, with its sentence, to FILE.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Write conlleval's input (`token gold predicted` per line) to FILE, for checking the
    /// figures with a reference scorer (example: --conll-out pred.txt; conlleval < pred.txt).
    #[arg(long, value_name = "FILE")]
    pub conll_out: Option<PathBuf>,
    /// Date of every gold document (example: --date 2005-06-01); roles resolve as of it.
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<PartialDate>,
    /// Report format and threshold.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Which part of a split gold file to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Split {
    /// The part to tune on (two thirds of the development gold).
    Tune,
    /// The part held back to measure only.
    Test,
}

impl Split {
    fn as_str(self) -> &'static str {
        match self {
            Split::Tune => "tune",
            Split::Test => "test",
        }
    }
}

/// Flags of the commands that score JSONL gold documents: which of them, and whose
/// extractions.
#[derive(Debug, Args)]
pub struct GoldScope {
    /// Score only the documents of this split (their `split` field; example: --split tune).
    #[arg(long, value_enum)]
    pub split: Option<Split>,
    /// Score these khabar extractions (JSONL, matched by doc_id) instead of running the
    /// pipeline (example: --predictions out.jsonl).
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
}

impl GoldScope {
    /// Keeps the documents of `--split` (`split_of`: a document's split), and says how many.
    fn keep<T>(&self, docs: &mut Vec<T>, split_of: impl Fn(&T) -> Option<&str>) -> Option<String> {
        let split = self.split?;
        let before = docs.len();
        docs.retain(|d| split_of(d) == Some(split.as_str()));
        Some(format!(
            "--split {}: {} of {before} document(s) scored",
            split.as_str(),
            docs.len()
        ))
    }
}

/// `khabar eval relations` flags.
#[derive(Debug, Args)]
pub struct RelationsArgs {
    /// Gold file (JSONL, docs/eval.md): id-based, or clusters as `scripts/gold.py attach`
    /// writes them (told apart by shape).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// Write every miss and false alarm (lenient), with its sentence, to FILE (cluster gold
    /// only; example: --errors errors.txt).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Which documents, and whose extractions.
    #[command(flatten)]
    pub scope: GoldScope,
    /// Report format and threshold.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `khabar eval entities` flags.
#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Gold file (JSONL) in the cluster format (docs/eval.md), texts attached
    /// (`scripts/gold.py attach`).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// Write every miss and false alarm of the overlap score to FILE, one per line
    /// (tab-separated: document, side, type, class, span, text, what the other side has).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Which documents, and whose extractions.
    #[command(flatten)]
    pub scope: GoldScope,
    /// Report format and threshold (`--min-f1` reads the exact micro F1).
    #[command(flatten)]
    pub common: CommonArgs,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `khabar eval plover` flags.
#[derive(Debug, Args)]
pub struct PloverArgs {
    /// Gold PLOVER records (JSONL).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// Score these khabar extractions (JSONL, matched by doc_id = record id) instead of
    /// running the pipeline (example: --predictions out.jsonl).
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Report format and threshold.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Gazetteer sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Runs `khabar eval`.
pub fn run(cmd: &EvalCommand) -> anyhow::Result<i32> {
    match cmd {
        EvalCommand::Ner(a) => run_ner(a),
        EvalCommand::Relations(a) => run_relations(a),
        EvalCommand::Entities(a) => run_entities(a),
        EvalCommand::Plover(a) => run_plover(a),
    }
}

fn verdict(common: &CommonArgs, micro: &Score) -> i32 {
    match common.min_f1 {
        Some(min) if micro.f1 < min => {
            eprintln!("khabar: micro F1 {:.2} is below --min-f1 {min}", micro.f1);
            EXIT_REJECTS
        }
        _ => EXIT_OK,
    }
}

fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .context("cannot write the report")
}

fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

fn run_ner(args: &NerArgs) -> anyhow::Result<i32> {
    let gold = conll::read(&args.gold)?;
    let map = match &args.map {
        Some(m) => TypeMap::parse(m).map_err(|e| anyhow::anyhow!("--map: {e}"))?,
        None => TypeMap::default_for(&gold),
    };
    if args.tagger_only && args.config.no_tagger {
        anyhow::bail!("--tagger-only and --no-tagger exclude each other");
    }
    let pipeline = args
        .config
        .pipeline()
        .context("cannot load the configuration")?;
    let options = NerOptions {
        map: map.clone(),
        date: args.date,
        tagger_only: args.tagger_only,
    };
    let result = ner::evaluate(&pipeline, &gold, &options);
    if let Some(path) = &args.errors {
        let f = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = BufWriter::new(f);
        ner::write_errors(&result, &gold.name, &mut w)
            .and_then(|_| w.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.conll_out {
        let f = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = BufWriter::new(f);
        ner::write_conll(&result, &mut w)
            .and_then(|_| w.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    for (t, n) in &result.unmapped {
        eprintln!("khabar: note: {n} mention(s) of type {t} ignored (not in --map)");
    }
    for t in result.report.per_type.keys() {
        if !map.is_target(t) {
            eprintln!("khabar: note: no khabar type maps to gold tag {t}: its recall is 0");
        }
    }
    let text = match args.common.format {
        ReportFormat::Json => json(&result)?,
        ReportFormat::Table => {
            let mut s = result.report.table("type");
            let mapped: Vec<&str> = result
                .report
                .per_type
                .keys()
                .map(String::as_str)
                .filter(|t| map.is_target(t))
                .collect();
            let m = result.micro_mapped;
            s.push_str(&format!(
                "micro over mapped tags ({}): precision {:.2}  recall {:.2}  f1 {:.2}\n",
                mapped.join(", "),
                m.precision,
                m.recall,
                m.f1
            ));
            if !result.error_classes.is_empty() {
                s.push_str("\nerrors by class (most frequent first):\n");
                for e in result.error_classes.iter().take(15) {
                    s.push_str(&format!(
                        "  {:>6}  {:<11}  {:<5}  {}\n",
                        e.count,
                        e.side.as_str(),
                        e.kind,
                        e.class
                    ));
                }
            }
            s
        }
    };
    emit(&text)?;
    Ok(verdict(&args.common, &result.report.micro))
}

/// Extractions for the gold units, in gold order: read from `--predictions` (paired by id), or
/// produced by running the configured pipeline over the gold texts.
fn predictions(
    config: &super::ConfigArgs,
    stored: Option<&std::path::Path>,
    ids: &[&str],
    documents: impl FnOnce() -> Vec<crate::Document>,
    unit: &str,
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<Option<crate::Extraction>>> {
    Ok(match stored {
        Some(p) => eval::pair_by_id(ids, eval::read_predictions(p)?, unit, notes),
        None => {
            let pipeline = config.pipeline().context("cannot load the configuration")?;
            eval::extract_all(&pipeline, &documents())
                .into_iter()
                .map(Some)
                .collect()
        }
    })
}

/// Extractions for the documents of a cluster gold file, in gold order (see [`predictions`]),
/// each run with its own date; a date that cannot be read is a note.
fn cluster_predictions(
    config: &super::ConfigArgs,
    stored: Option<&std::path::Path>,
    gold: &[clusters::ClusterDocument],
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<Option<crate::Extraction>>> {
    let ids: Vec<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    let mut date_notes = Vec::new();
    let docs = || {
        gold.iter()
            .map(|g| {
                let (d, note) = g.document();
                date_notes.extend(note);
                d
            })
            .collect()
    };
    let owned = predictions(config, stored, &ids, docs, "document", notes)?;
    notes.append(&mut date_notes);
    Ok(owned)
}

fn run_relations(args: &RelationsArgs) -> anyhow::Result<i32> {
    let mut notes = Vec::new();
    let mut gold = relations::read_any(&args.gold)?;
    notes.extend(match &mut gold {
        relations::Gold::Ids(d) => args.scope.keep(d, |g| g.split.as_deref()),
        relations::Gold::Clusters(d) => args.scope.keep(d, |g| g.split.as_deref()),
    });
    let (result, errors) = match &gold {
        relations::Gold::Ids(gold) => {
            if args.errors.is_some() {
                anyhow::bail!(
                    "--errors needs cluster gold (docs/eval.md); {} is id-based",
                    args.gold.display()
                );
            }
            let ids: Vec<&str> = gold.iter().map(|g| g.id.as_str()).collect();
            let docs = || gold.iter().map(|g| g.document()).collect();
            let owned = predictions(
                &args.config,
                args.scope.predictions.as_deref(),
                &ids,
                docs,
                "document",
                &mut notes,
            )?;
            let predicted: Vec<Option<&crate::Extraction>> =
                owned.iter().map(Option::as_ref).collect();
            (relations::evaluate(gold, &predicted), None)
        }
        relations::Gold::Clusters(gold) => {
            let owned = cluster_predictions(
                &args.config,
                args.scope.predictions.as_deref(),
                gold,
                &mut notes,
            )?;
            let predicted: Vec<Option<&crate::Extraction>> =
                owned.iter().map(Option::as_ref).collect();
            let (result, errors) = clusters::evaluate(gold, &predicted);
            (result, Some(errors))
        }
    };
    let mut result = result;
    if let (Some(path), Some(errors)) = (&args.errors, &errors) {
        std::fs::write(path, clusters::write_errors(errors))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    notes.append(&mut result.notes);
    result.notes = notes;
    for n in &result.notes {
        eprintln!("khabar: note: {n}");
    }
    let classes = errors.as_deref().map(clusters::error_classes);
    let text = match args.common.format {
        ReportFormat::Json => {
            let mut v = serde_json::to_value(&result)?;
            if let (Some(obj), Some(c)) = (v.as_object_mut(), &classes) {
                obj.insert("format".into(), "clusters".into());
                obj.insert("error_classes".into(), serde_json::to_value(c)?);
            } else if let Some(obj) = v.as_object_mut() {
                obj.insert("format".into(), "ids".into());
            }
            json(&v)?
        }
        ReportFormat::Table => {
            let mut s = format!(
                "strict (predicate, parties, evidence sentence{}):\n{}\nlenient (predicate, parties, per document{}):\n{}",
                if classes.is_some() { ", flags; exact spans" } else { "" },
                result.strict.table("predicate"),
                if classes.is_some() { "; said per statement" } else { "" },
                result.lenient.table("predicate")
            );
            if let Some(c) = classes.as_ref().filter(|c| !c.is_empty()) {
                s.push_str("\nlenient errors by class (most frequent first):\n");
                for e in c.iter().take(20) {
                    s.push_str(&format!(
                        "  {:>6}  {:<11}  {:<18}  {}\n",
                        e.count, e.side, e.predicate, e.class
                    ));
                }
            }
            s
        }
    };
    emit(&text)?;
    // Cluster gold is judged by its lenient figure (the guidelines' score); id gold by strict.
    let judged = if classes.is_some() {
        &result.lenient.micro
    } else {
        &result.strict.micro
    };
    Ok(verdict(&args.common, judged))
}

fn run_entities(args: &EntitiesArgs) -> anyhow::Result<i32> {
    let mut notes = Vec::new();
    let mut gold = match relations::read_any(&args.gold)? {
        relations::Gold::Clusters(d) => d,
        relations::Gold::Ids(_) => anyhow::bail!(
            "{}: eval entities needs cluster gold (entities with `mentions`, docs/eval.md)",
            args.gold.display()
        ),
    };
    notes.extend(args.scope.keep(&mut gold, |g| g.split.as_deref()));
    let owned = cluster_predictions(
        &args.config,
        args.scope.predictions.as_deref(),
        &gold,
        &mut notes,
    )?;
    let predicted: Vec<Option<&crate::Extraction>> = owned.iter().map(Option::as_ref).collect();
    let mut result = entities::evaluate(&gold, &predicted);
    if let Some(path) = &args.errors {
        std::fs::write(path, entities::write_errors(&result.errors))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    notes.append(&mut result.notes);
    result.notes = notes;
    for n in &result.notes {
        eprintln!("khabar: note: {n}");
    }
    let text = match args.common.format {
        ReportFormat::Json => json(&result)?,
        ReportFormat::Table => format!(
            "exact (span and type):\n{}\noverlap (same type, overlapping span, one to one):\n{}",
            result.exact.table("type"),
            result.overlap.table("type")
        ),
    };
    emit(&text)?;
    Ok(verdict(&args.common, &result.exact.micro))
}

fn run_plover(args: &PloverArgs) -> anyhow::Result<i32> {
    let gold = plover::read_gold(&args.gold)?;
    let mut notes = Vec::new();
    let ids: Vec<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    let docs = || gold.iter().map(|g| g.document()).collect();
    let owned = predictions(
        &args.config,
        args.predictions.as_deref(),
        &ids,
        docs,
        "record",
        &mut notes,
    )?;
    let predicted: Vec<Option<&crate::Extraction>> = owned.iter().map(Option::as_ref).collect();
    let mut result = plover::evaluate(&gold, &predicted);
    notes.append(&mut result.notes);
    result.notes = notes;
    for n in &result.notes {
        eprintln!("khabar: note: {n}");
    }
    let text = match args.common.format {
        ReportFormat::Json => json(&result)?,
        ReportFormat::Table => plover_table(&result),
    };
    emit(&text)?;
    Ok(verdict(&args.common, &result.report.micro))
}

fn plover_table(result: &plover::PloverEvaluation) -> String {
    // Mark uncovered categories so the micro line's scope is visible.
    let marked = Report {
        per_type: result
            .report
            .per_type
            .iter()
            .map(|(k, v)| {
                let key = if result.covered.contains(k) {
                    k.clone()
                } else {
                    format!("{k} (not covered)")
                };
                (key, *v)
            })
            .collect(),
        micro: result.report.micro,
    };
    let a = result.category_accuracy;
    format!(
        "{}micro is over the covered categories: {}\ncategory accuracy: {:.2} ({} of {} records with an event)\n",
        marked.table("category"),
        if result.covered.is_empty() {
            "none".to_string()
        } else {
            result.covered.join(", ")
        },
        a.accuracy,
        a.correct,
        a.attempted
    )
}
