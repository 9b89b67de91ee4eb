//! `khabar query`: relations, sentences and entities from the SQLite store.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::EXIT_OK;
use crate::model::EntityType;
use crate::store::query::{self, EntityRef, EntityRow, Query, RelationRow, SentenceRow};
use crate::store::Store;

/// What a query lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowArg {
    /// Relations with their evidence sentence (default).
    Relations,
    /// Sentences mentioning --entity (and --with): sentence-level co-occurrence.
    Sentences,
    /// Entities named --entity (or all of --type), with document and sentence counts.
    Entities,
    /// Who appears with --entity: entities mentioned in the same sentences.
    Cooccurrences,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns (default on a terminal).
    Table,
    /// A JSON array (default otherwise); `[]` when nothing matches.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Entity types on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum TypeArg {
    /// People.
    Person,
    /// Countries.
    Country,
    /// Agencies and organizations.
    Agency,
    /// Places.
    Location,
    /// Events.
    Event,
}

impl From<TypeArg> for EntityType {
    fn from(t: TypeArg) -> Self {
        match t {
            TypeArg::Person => EntityType::Person,
            TypeArg::Country => EntityType::Country,
            TypeArg::Agency => EntityType::Agency,
            TypeArg::Location => EntityType::Location,
            TypeArg::Event => EntityType::Event,
        }
    }
}

/// `khabar query` flags.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The database written by `khabar index`.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// An entity by any of its names, Arabic or English (or its id).
    ///
    /// Example: khabar query --db news.db --entity الجزائر --predicate negotiates-with
    #[arg(long, value_name = "NAME")]
    pub entity: Option<String>,
    /// Entity type (of --entity; without it, of either end of a relation).
    #[arg(long = "type", value_enum, value_name = "T", ignore_case = true)]
    pub entity_type: Option<TypeArg>,
    /// Relation predicate (example: negotiates-with).
    #[arg(long, value_name = "P")]
    pub predicate: Option<String>,
    /// First document date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<String>,
    /// Last document date, inclusive (YYYY-MM includes the whole month).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<String>,
    /// A second entity: relations between --entity and NAME (with --show sentences: sentences
    /// mentioning both).
    #[arg(long, value_name = "NAME")]
    pub with: Option<String>,
    /// Words the evidence sentence must contain (all of them; normalized, any spelling).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// What to list.
    #[arg(long, value_enum, default_value_t = ShowArg::Relations)]
    pub show: ShowArg,
    /// At most N results.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
}

/// `--from`/`--to`: the one date reader, as for `--date` and record dates.
fn parse_date(s: &str) -> Result<String, String> {
    super::parse_date(s).map(|d| d.to_string())
}

/// Runs `khabar query`.
pub fn run(args: &QueryArgs) -> anyhow::Result<i32> {
    if !args.db.exists() {
        anyhow::bail!(
            "{}: no such database (create it with khabar index)",
            args.db.display()
        );
    }
    let store = Store::open_read_only(&args.db)?;
    let conn = store.connection();
    let q = Query {
        entity: args.entity.clone(),
        entity_type: args.entity_type.map(Into::into),
        predicate: args.predicate.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        with: args.with.clone(),
        search: args.search.clone(),
        limit: args.limit,
    };
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        QueryFormat::Table
    } else {
        QueryFormat::Json
    });
    if args.show == ShowArg::Cooccurrences && args.entity.is_none() {
        anyhow::bail!("--show cooccurrences needs --entity NAME");
    }
    for (flag, name) in [("--entity", &args.entity), ("--with", &args.with)] {
        if let Some(n) = name {
            if query::resolve_entity(conn, n, None)?.is_empty() {
                eprintln!("khabar: {flag} {n:?}: no entity has this name in the store");
            }
        }
    }
    let out = io::stdout().lock();
    let mut out = io::BufWriter::new(out);
    match args.show {
        ShowArg::Relations => {
            let rows = query::relations(conn, &q)?;
            emit(&mut out, format, &rows, relation_table(&rows))?;
        }
        ShowArg::Sentences => {
            let rows = query::sentences(conn, &q)?;
            emit(&mut out, format, &rows, sentence_table(&rows))?;
        }
        ShowArg::Entities => {
            let rows = query::entities(conn, &q)?;
            emit(&mut out, format, &rows, entity_table(&rows))?;
        }
        ShowArg::Cooccurrences => {
            let rows = query::cooccurrences(conn, &q)?;
            emit(&mut out, format, &rows, entity_table(&rows))?;
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(EXIT_OK)
}

/// Columns: (header, shown in the table, values per row).
struct Table {
    headers: Vec<(&'static str, bool)>,
    rows: Vec<Vec<String>>,
}

fn emit<T: serde::Serialize>(
    out: &mut impl Write,
    format: QueryFormat,
    rows: &[T],
    table: Table,
) -> anyhow::Result<()> {
    match format {
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            out.write_all(b"\n")?;
        }
        QueryFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(table.headers.iter().map(|h| h.0))?;
            for r in &table.rows {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        QueryFormat::Table => write_table(out, &table)?,
    }
    Ok(())
}

/// Display width in terminal columns, counting chars: combining marks (Arabic tashkeel,
/// Latin accents) take none.
pub fn display_width(s: &str) -> usize {
    s.chars().filter(|c| !is_combining(*c)).count()
}

fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4 | 0x06E7 | 0x06E8 | 0x06EA..=0x06ED | 0x200B..=0x200F | 0xFE00..=0xFE0F)
}

const MAX_CELL: usize = 72;

fn cell(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if display_width(&flat) <= MAX_CELL {
        return flat;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in flat.chars() {
        if !is_combining(c) {
            if w + 1 >= MAX_CELL {
                break;
            }
            w += 1;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn write_table(out: &mut impl Write, t: &Table) -> io::Result<()> {
    let shown: Vec<usize> = (0..t.headers.len()).filter(|&i| t.headers[i].1).collect();
    let cells: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| shown.iter().map(|&i| cell(&r[i])).collect())
        .collect();
    let mut widths: Vec<usize> = shown.iter().map(|&i| t.headers[i].0.len()).collect();
    for r in &cells {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(display_width(c));
        }
    }
    let line = |out: &mut dyn Write, vals: &[String]| -> io::Result<()> {
        let mut s = String::new();
        for (k, v) in vals.iter().enumerate() {
            s.push_str(v);
            if k + 1 < vals.len() {
                s.push_str(&" ".repeat(widths[k] - display_width(v) + 2));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    let head: Vec<String> = shown.iter().map(|&i| t.headers[i].0.to_string()).collect();
    line(out, &head)?;
    for r in &cells {
        line(out, r)?;
    }
    if cells.is_empty() {
        writeln!(out, "(no results)")?;
    }
    Ok(())
}

fn name(e: &Option<EntityRef>) -> String {
    match e {
        Some(e) => e
            .name_en
            .clone()
            .or_else(|| e.name_ar.clone())
            .unwrap_or_else(|| e.id.clone()),
        None => String::new(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn relation_table(rows: &[RelationRow]) -> Table {
    let headers = vec![
        ("date", true),
        ("doc_id", true),
        ("rel_id", false),
        ("predicate", true),
        ("subject", false),
        ("subject_name", true),
        ("object", false),
        ("object_name", true),
        ("symmetric", false),
        ("roles", false),
        ("rule", false),
        ("confidence", true),
        ("polarity", false),
        ("modality", false),
        ("cameo", false),
        ("plover", false),
        ("sentence", true),
        ("start", false),
        ("end", false),
        ("evidence", true),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                opt(&r.date),
                r.doc_id.clone(),
                r.rel_id.clone(),
                r.predicate.clone(),
                r.subject.as_ref().map(|e| e.id.clone()).unwrap_or_default(),
                name(&r.subject),
                r.object.as_ref().map(|e| e.id.clone()).unwrap_or_default(),
                name(&r.object),
                r.symmetric.to_string(),
                r.roles.to_string(),
                r.rule.clone(),
                r.confidence.to_string(),
                r.polarity.clone(),
                r.modality.clone(),
                opt(&r.cameo),
                opt(&r.plover),
                r.evidence.sentence.to_string(),
                r.evidence.start.map(|v| v.to_string()).unwrap_or_default(),
                r.evidence.end.map(|v| v.to_string()).unwrap_or_default(),
                opt(&r.evidence.text),
            ]
        })
        .collect();
    Table { headers, rows }
}

fn sentence_table(rows: &[SentenceRow]) -> Table {
    let headers = vec![
        ("date", true),
        ("doc_id", true),
        ("sentence", true),
        ("start", false),
        ("end", false),
        ("entities", true),
        ("text", true),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                opt(&r.date),
                r.doc_id.clone(),
                r.evidence.sentence.to_string(),
                r.evidence.start.map(|v| v.to_string()).unwrap_or_default(),
                r.evidence.end.map(|v| v.to_string()).unwrap_or_default(),
                r.entities.join(" "),
                opt(&r.evidence.text),
            ]
        })
        .collect();
    Table { headers, rows }
}

fn entity_table(rows: &[EntityRow]) -> Table {
    let headers = vec![
        ("id", true),
        ("type", true),
        ("kind", false),
        ("name_en", true),
        ("name_ar", true),
        ("wikidata", true),
        ("documents", true),
        ("sentences", true),
        ("example_doc_id", false),
        ("example_sentence", false),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                r.entity_type.clone(),
                opt(&r.kind),
                opt(&r.name_en),
                opt(&r.name_ar),
                opt(&r.wikidata),
                r.documents.to_string(),
                r.sentences.to_string(),
                opt(&r.example_doc_id),
                opt(&r.example_sentence),
            ]
        })
        .collect();
    Table { headers, rows }
}
