//! `khabar train`: the name tagger's model and word clusters.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::{ConfigArgs, EXIT_OK};
use crate::eval::conll;
use crate::tagger::clusters::{brown, cluster, BrownOptions, ClusterCorpus, ClusterOptions};
use crate::tagger::train::{augment, holdout_start};
use crate::tagger::train::{tag_set, train, Algorithm, Corpus, TagScheme, TrainOptions};
use crate::tagger::{Clusters, FeatureSet};
use crate::text::{Normalized, Tokens};

/// `khabar train` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train a name-tagger model from a CoNLL file.
    ///
    /// Example: khabar train ner --lang ar --train anercorp-train.txt --clusters
    /// models/ar-clusters.tsv --out models/ar-ner.bin
    Ner(NerArgs),
    /// Compute word clusters from raw news (JSONL, optionally .gz, with a text field).
    ///
    /// Example: khabar train clusters news-ar.jsonl.gz --out models/ar-clusters.tsv
    Clusters(ClustersArgs),
}

/// `khabar train ner` flags.
#[derive(Debug, Args)]
pub struct NerArgs {
    /// Model language (ar or en).
    #[arg(long, value_parser = ["ar", "en"])]
    pub lang: String,
    /// Training data in CoNLL column format (example: --train anercorp-train.txt).
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,
    /// Word cluster file from `khabar train clusters` (without: no cluster features).
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
    /// Where to write the model (example: --out models/ar-ner.bin).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    pub epochs: u32,
    /// How tags mark a name's tokens: bio (first, inside) or bilou (also the last token of a
    /// longer name and a one-token name).
    #[arg(long, value_enum, default_value = "bio")]
    pub scheme: TagScheme,
    /// Features seen fewer times are dropped.
    #[arg(long, default_value_t = 2)]
    pub min_count: u32,
    /// Leave out gazetteer-match and lexicon features.
    #[arg(long)]
    pub no_gazetteer_features: bool,
    /// Leave out document features (how a Latin word is written elsewhere in the document).
    #[arg(long)]
    pub no_document_features: bool,
    /// Leave out word-bigram features.
    #[arg(long)]
    pub no_bigram_features: bool,
    /// Leave out prediction-history features (how the tagger tagged the word in the
    /// document's earlier sentences). The averaged perceptron only: the CRF trains without.
    #[arg(long)]
    pub no_history_features: bool,
    /// For a training file without `-DOCSTART-` lines (ANERcorp): how many consecutive
    /// sentences make one document for the prediction history.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub history_block: usize,
    /// The percentage of training documents, drawn afresh each epoch, tagged without their
    /// prediction history, so that the other features keep their weight for documents (and
    /// first sentences) without one.
    #[arg(long, value_name = "PERCENT", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub history_dropout: u32,
    /// Tuning: hold back the last 1/N of the training sentences (a contiguous block of whole
    /// articles), train on the rest and print the held-out F1 after each epoch (example:
    /// --holdout 10).
    #[arg(long, value_name = "N")]
    pub holdout: Option<usize>,
    /// Made-up sentences: this many copies of each training sentence that names something,
    /// with each name replaced by another of its type from the file (0: none).
    #[arg(long, default_value_t = 0)]
    pub augment: u32,
    /// Perceptron runs, each visiting the sentences in its own order, whose weights are
    /// averaged into the model (one linear model: tagging costs the same).
    #[arg(long, default_value_t = 1)]
    pub runs: u32,
    /// How the weights are learned: perceptron (the mean of `--runs` averaged perceptrons)
    /// or crf (a linear-chain CRF: L2-regularized log-likelihood, stochastic gradient descent).
    #[arg(long, value_enum, default_value = "perceptron")]
    pub algorithm: AlgorithmArg,
    /// CRF: L2 regularization strength.
    #[arg(long, default_value_t = 1.0)]
    pub l2: f64,
    /// CRF: the first epoch's step size (epoch k's is eta / (1 + k)).
    #[arg(long, default_value_t = 0.1)]
    pub eta: f64,
    /// Seed of the training order.
    #[arg(long, default_value_t = 20_260_101)]
    pub seed: u64,
    /// Gazetteers the features read.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `--algorithm` of `khabar train ner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    /// The mean of averaged structured perceptrons (`--runs`).
    Perceptron,
    /// A linear-chain CRF (`--l2`, `--eta`).
    Crf,
}

/// How `khabar train clusters` groups words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClusterMethod {
    /// Brown clusters (exchange algorithm, then a hierarchy over the classes); the file's
    /// granularities are bit-path prefixes (`--prefixes`).
    Brown,
    /// Spherical k-means over projected co-occurrence vectors (`--sizes` clusters each).
    Kmeans,
}

/// `khabar train clusters` flags.
#[derive(Debug, Args)]
pub struct ClustersArgs {
    /// Clustering method (example: --method brown).
    #[arg(long, value_enum, default_value_t = ClusterMethod::Kmeans)]
    pub method: ClusterMethod,
    /// Brown: number of classes (example: --classes 256).
    #[arg(long, default_value_t = 256)]
    pub classes: usize,
    /// Brown: bit-path prefix lengths, comma-separated, one granularity each (at most 4).
    #[arg(long, default_value = "4,6,10,20")]
    pub prefixes: String,
    /// Brown: most passes of the exchange algorithm.
    #[arg(long, default_value_t = 4)]
    pub passes: u32,
    /// JSONL files (.jsonl or .jsonl.gz) with one document per line.
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,
    /// JSONL field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Where to write the cluster file (example: --out models/ar-clusters.tsv).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Word forms to cluster (the most frequent).
    #[arg(long, default_value_t = 50_000)]
    pub vocab: usize,
    /// Context words (the most frequent).
    #[arg(long, default_value_t = 2_000)]
    pub contexts: usize,
    /// Dimensions of the projected vectors.
    #[arg(long, default_value_t = 128)]
    pub dims: usize,
    /// Cluster counts, comma-separated (one clustering each; at most 4).
    #[arg(long, default_value = "64,256,1024")]
    pub sizes: String,
    /// Most k-means rounds per clustering.
    #[arg(long, default_value_t = 12)]
    pub iterations: u32,
    /// Words seen fewer times are not clustered.
    #[arg(long, default_value_t = 5)]
    pub min_count: u32,
    /// Read at most this many megabytes of text.
    #[arg(long, default_value_t = 400)]
    pub max_mb: u64,
}

/// Runs `khabar train`.
pub fn run(cmd: &TrainCommand) -> anyhow::Result<i32> {
    match cmd {
        TrainCommand::Ner(a) => run_ner(a),
        TrainCommand::Clusters(a) => run_clusters(a),
    }
}

fn run_ner(args: &NerArgs) -> anyhow::Result<i32> {
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    // The features read the gazetteer's matches; the tagger itself is not needed.
    let pipeline = args
        .config
        .pipeline_with(|b| b.tagger(false))
        .context("cannot load the configuration")?;
    let gold = conll::read(&args.train)?;
    let clusters = match &args.clusters {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            Clusters::parse(&p.display().to_string(), &text).map_err(anyhow::Error::msg)?
        }
        None => Clusters::default(),
    };
    let features = FeatureSet {
        clusters: args.clusters.is_some(),
        gazetteer: !args.no_gazetteer_features,
        document: !args.no_document_features,
        bigrams: !args.no_bigram_features,
        history: !args.no_history_features && args.algorithm != AlgorithmArg::Crf,
    };
    let mut corpus = Corpus::with_scheme(tag_set(&gold, args.scheme), args.scheme);
    corpus.history_block = args.history_block;
    corpus.add_file(&pipeline, &gold, features, &clusters);
    if args.augment > 0 {
        // Only from the sentences before the held-back block: the gold sentence of its
        // first example (a cut sentence straddling it is left out too).
        let keep = match args.holdout {
            Some(k) if k > 1 => {
                let start = holdout_start(corpus.examples.len(), k);
                corpus
                    .gold_sentence
                    .get(start)
                    .copied()
                    .unwrap_or_else(|| gold.sentences().count())
            }
            _ => gold.sentences().count(),
        };
        let made = augment(&gold, keep, args.augment, args.seed);
        corpus.add_made_file(&pipeline, &made, features, &clusters);
    }
    if progress {
        eprintln!(
            "{} sentences, features {}, {:.1}s",
            corpus.examples.len(),
            features.describe(),
            started.elapsed().as_secs_f64()
        );
    }
    let opts = TrainOptions {
        lang: args.lang.clone(),
        epochs: args.epochs,
        seed: args.seed,
        features,
        min_count: args.min_count,
        progress,
        runs: args.runs,
        algorithm: match args.algorithm {
            AlgorithmArg::Perceptron => Algorithm::Perceptron,
            AlgorithmArg::Crf => Algorithm::Crf,
        },
        l2: args.l2,
        eta: args.eta,
        history_dropout: args.history_dropout * 10,
    };
    let (model, scores) = train(corpus, &clusters, pipeline.gazetteer(), &opts, args.holdout);
    if args.holdout.is_some() {
        for (i, f) in scores.iter().enumerate().take(args.epochs as usize) {
            println!("epoch {}\theld-out F1 {f:.2}", i + 1);
        }
        if let Some(f) = scores.get(args.epochs as usize) {
            match args.algorithm {
                AlgorithmArg::Crf => println!("crf\theld-out F1 {f:.2}"),
                AlgorithmArg::Perceptron => {
                    println!("mean of {} runs\theld-out F1 {f:.2}", args.runs)
                }
            }
        }
    }
    if let Some(out) = &args.out {
        write_atomic(out, &model.to_bytes())?;
        eprintln!(
            "khabar: wrote {} ({} word-type and {} context features, {} tags, {:.1}s)",
            out.display(),
            model.type_features.len(),
            model.context_features.len(),
            model.tags.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(EXIT_OK)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

fn run_clusters(args: &ClustersArgs) -> anyhow::Result<i32> {
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    let numbers = |flag: &str, spec: &str| -> anyhow::Result<Vec<u32>> {
        let v: Vec<u32> = spec
            .split(',')
            .map(|s| s.trim().parse::<u32>())
            .collect::<Result<_, _>>()
            .map_err(|_| anyhow::anyhow!("{flag}: want numbers like 64,256,1024"))?;
        if v.is_empty() || v.len() > 4 || v.iter().any(|&k| k == 0 || k > 65_535) {
            anyhow::bail!("{flag}: one to four numbers between 1 and 65535");
        }
        Ok(v)
    };
    let sizes = numbers("--sizes", &args.sizes)?;
    let prefixes = numbers("--prefixes", &args.prefixes)?;
    if args.classes == 0 || args.classes > 65_535 {
        anyhow::bail!("--classes: between 1 and 65535");
    }
    let mut corpus = ClusterCorpus::default();
    let (mut norm, mut tokens) = (Normalized::default(), Tokens::default());
    let limit = args.max_mb.saturating_mul(1 << 20);
    'files: for path in &args.inputs {
        let f =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::read::MultiGzDecoder::new(f))
        } else {
            Box::new(f)
        };
        for (i, line) in BufReader::new(reader).lines().enumerate() {
            let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                eprintln!("khabar: {}:{}: not JSON, skipped", path.display(), i + 1);
                continue;
            };
            if let Some(text) = v.get(&args.text_field).and_then(|t| t.as_str()) {
                corpus.add_text(text, &mut norm, &mut tokens);
            }
            if corpus.bytes >= limit {
                break 'files;
            }
        }
    }
    eprintln!(
        "khabar: {} MB of text, {} tokens ({:.1}s)",
        corpus.bytes >> 20,
        corpus.tokens(),
        started.elapsed().as_secs_f64()
    );
    let text = match args.method {
        ClusterMethod::Kmeans => {
            let opts = ClusterOptions {
                vocab: args.vocab,
                contexts: args.contexts,
                dims: args.dims,
                sizes,
                iterations: args.iterations,
                min_count: args.min_count,
                progress,
                ..ClusterOptions::default()
            };
            cluster(&corpus, &opts)
        }
        ClusterMethod::Brown => brown(
            &corpus,
            &BrownOptions {
                vocab: args.vocab,
                min_count: args.min_count,
                classes: args.classes,
                passes: args.passes,
                prefixes,
                progress,
            },
        ),
    };
    write_atomic(&args.out, text.as_bytes())?;
    eprintln!(
        "khabar: wrote {} ({} words, {:.1}s)",
        args.out.display(),
        text.lines().count().saturating_sub(1),
        started.elapsed().as_secs_f64()
    );
    Ok(EXIT_OK)
}
