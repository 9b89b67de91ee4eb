//! The analyst store: extractions indexed in SQLite (schema in [`schema`], docs/store.md) and
//! queried by [`query`].
//!
//! Writes come in batches, one transaction each, so a crash leaves whole documents only.
//! Re-indexing a document replaces its rows in the same transaction. The database runs in WAL
//! mode, so readers query while an index run writes. Concurrent writers (two `khabar index`
//! runs on one database) take turns: each batch waits for the write lock up to
//! [`BUSY_TIMEOUT`], and only a writer that waits longer fails ("database is locked").

pub mod query;
pub mod schema;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::model::{Extraction, Modality, Polarity};
use crate::text::{normalize, CharOffsets, Tokens};

/// How long a write waits for another writer's transaction before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The `meta` key of an unfinished index run's resume checkpoint (JSON, as the checkpoint
/// file of `khabar extract --output`).
const CHECKPOINT_KEY: &str = "index_checkpoint";

/// Errors of the store (SQLite errors with what was being done).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An SQLite error.
    #[error("{context}: {source}")]
    Sqlite {
        /// What was being done.
        context: String,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The database has an unknown schema version.
    #[error("{path}: schema version {found} is not {expected}: re-index into a new database")]
    Version {
        /// The database.
        path: String,
        /// Its version.
        found: String,
        /// This build's.
        expected: &'static str,
    },
}

trait Ctx<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> Ctx<T> for rusqlite::Result<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite {
            context: what(),
            source,
        })
    }
}

/// One sentence to store (char offsets into the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceRow {
    /// Sentence index.
    pub sentence: usize,
    /// Char offset of its start.
    pub start: usize,
    /// Char offset of its end.
    pub end: usize,
    /// Its original text.
    pub text: String,
}

/// Every sentence of a tokenized text.
pub fn sentences_of_text(text: &str, tokens: &Tokens) -> Vec<SentenceRow> {
    let offsets = CharOffsets::new(text);
    tokens
        .sentences
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let (b, e) = (s.byte_start as usize, s.byte_end as usize);
            Some(SentenceRow {
                sentence: i,
                start: offsets.char_of(b),
                end: offsets.char_of(e),
                text: text.get(b..e)?.to_string(),
            })
        })
        .collect()
}

/// The sentences an extraction carries: its relations' evidence (an extraction file has no
/// other sentence text).
pub fn sentences_of_extraction(ex: &Extraction) -> Vec<SentenceRow> {
    let mut by_index = BTreeMap::new();
    for r in &ex.relations {
        let ev = &r.evidence;
        by_index.entry(ev.sentence).or_insert_with(|| SentenceRow {
            sentence: ev.sentence,
            start: ev.start,
            end: ev.end,
            text: ev.text.clone(),
        });
    }
    by_index.into_values().collect()
}

/// One document to write.
#[derive(Debug, Clone)]
pub struct StoreDocument {
    /// The extraction.
    pub extraction: Extraction,
    /// Its sentences.
    pub sentences: Vec<SentenceRow>,
    /// Where it came from (`file:line`).
    pub source: Option<String>,
    /// More names to record for entities: (entity id, alias), e.g. the gazetteer aliases of an
    /// entity the first time a run sees it, so it can be looked up by names this corpus never
    /// used.
    pub aliases: Vec<(String, String)>,
}

/// An open store.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, in WAL mode.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let name = path.display().to_string();
        let conn = Connection::open(path).ctx(|| format!("cannot open {name}"))?;
        let store = Store { conn };
        store.setup(&name)?;
        Ok(store)
    }

    /// Opens an existing database for reading only.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let name = path.display().to_string();
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ctx(|| format!("cannot open {name}"))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .ctx(|| format!("{name}: busy timeout"))?;
        let store = Store { conn };
        store.check_version(&name)?;
        Ok(store)
    }

    fn setup(&self, name: &str) -> Result<(), StoreError> {
        let c = &self.conn;
        c.busy_timeout(BUSY_TIMEOUT)
            .ctx(|| format!("{name}: busy timeout"))?;
        let _: String = c
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .ctx(|| format!("{name}: cannot switch to WAL mode"))?;
        // NORMAL is durable across crashes of the process in WAL mode (not across power loss
        // for the last commits), and much faster than FULL.
        c.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;")
            .ctx(|| format!("{name}: pragmas"))?;
        c.execute_batch(schema::DDL)
            .ctx(|| format!("{name}: cannot create the schema"))?;
        c.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?1)",
            params![schema::SCHEMA_VERSION],
        )
        .ctx(|| format!("{name}: meta"))?;
        self.check_version(name)
    }

    fn check_version(&self, name: &str) -> Result<(), StoreError> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .ctx(|| format!("{name}: not a khabar store (no meta table)"))?;
        match v {
            Some(v) if v == schema::SCHEMA_VERSION => Ok(()),
            other => Err(StoreError::Version {
                path: name.to_string(),
                found: other.unwrap_or_else(|| "(none)".into()),
                expected: schema::SCHEMA_VERSION,
            }),
        }
    }

    /// The connection (for queries).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Writes `docs` in one transaction, each replacing any earlier version of itself.
    /// `after_each` runs after each document is written, inside the transaction (the test
    /// hook for interrupted runs uses it).
    pub fn write_batch(
        &mut self,
        docs: &[StoreDocument],
        mut after_each: impl FnMut(),
    ) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock at BEGIN, where SQLite waits on a busy database (the
        // busy timeout). A deferred transaction that reads first and then writes cannot wait
        // (its snapshot may be stale): a second `khabar index` on the same database failed
        // at once with "database is locked".
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| "cannot begin a transaction".into())?;
        for d in docs {
            write_document(&tx, d)?;
            after_each();
        }
        tx.commit().ctx(|| "cannot commit".into())
    }

    /// Writes `docs` like [`Store::write_batch`] and, in the same transaction, records the
    /// run's resume checkpoint (`Some`) or removes it (`None`): a crash leaves the documents
    /// and the checkpoint that counts them together, or neither.
    pub fn write_batch_with_checkpoint(
        &mut self,
        docs: &[StoreDocument],
        checkpoint: Option<&str>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| "cannot begin a transaction".into())?;
        for d in docs {
            write_document(&tx, d)?;
        }
        match checkpoint {
            Some(cp) => tx.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
                params![CHECKPOINT_KEY, cp],
            ),
            None => tx.execute("DELETE FROM meta WHERE key = ?1", params![CHECKPOINT_KEY]),
        }
        .ctx(|| "cannot record the resume checkpoint".into())?;
        tx.commit().ctx(|| "cannot commit".into())
    }

    /// The resume checkpoint of an unfinished index run, if one is recorded.
    pub fn checkpoint(&self) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                params![CHECKPOINT_KEY],
                |r| r.get(0),
            )
            .optional()
            .ctx(|| "cannot read the resume checkpoint".into())
    }

    /// Number of documents stored.
    pub fn document_count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .ctx(|| "cannot count documents".into())
    }
}

fn polarity_str(p: Polarity) -> &'static str {
    match p {
        Polarity::Asserted => "asserted",
        Polarity::Negated => "negated",
    }
}

fn modality_str(m: Modality) -> &'static str {
    match m {
        Modality::Actual => "actual",
        Modality::Hypothetical => "hypothetical",
        Modality::Reported => "reported",
    }
}

fn delete_document(tx: &Transaction, doc_id: &str) -> Result<(), StoreError> {
    let what = || format!("document {doc_id}: cannot delete its old rows");
    tx.prepare_cached(
        "DELETE FROM sentences_fts WHERE rowid IN (SELECT rowid FROM sentences WHERE doc_id = ?1)",
    )
    .and_then(|mut s| s.execute(params![doc_id]))
    .ctx(what)?;
    for sql in [
        "DELETE FROM sentences WHERE doc_id = ?1",
        "DELETE FROM mentions WHERE doc_id = ?1",
        "DELETE FROM relations WHERE doc_id = ?1",
        "DELETE FROM documents WHERE doc_id = ?1",
    ] {
        tx.prepare_cached(sql)
            .and_then(|mut s| s.execute(params![doc_id]))
            .ctx(what)?;
    }
    Ok(())
}

fn add_alias(tx: &Transaction, entity: &str, alias: &str) -> Result<(), StoreError> {
    let norm = normalize(alias);
    tx.prepare_cached(
        "INSERT OR IGNORE INTO aliases(entity_id, alias, alias_norm) VALUES (?1, ?2, ?3)",
    )
    .and_then(|mut s| s.execute(params![entity, alias, norm.trim()]))
    .ctx(|| format!("entity {entity}: cannot add alias {alias:?}"))?;
    Ok(())
}

fn write_document(tx: &Transaction, d: &StoreDocument) -> Result<(), StoreError> {
    let ex = &d.extraction;
    let doc = ex.doc_id.as_str();
    delete_document(tx, doc)?;
    let what = |t: &str| format!("document {doc}: cannot write {t}");
    tx.prepare_cached("INSERT INTO documents(doc_id, lang, date, source) VALUES (?1, ?2, ?3, ?4)")
        .and_then(|mut s| s.execute(params![doc, ex.lang.as_str(), ex.date, d.source]))
        .ctx(|| what("the document"))?;
    for e in &ex.entities {
        // An entity's facts come from the gazetteers; a later document refreshes them.
        tx.prepare_cached(
            "INSERT INTO entities(id, type, kind, name_en, name_ar, wikidata, country)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(id) DO UPDATE SET type = excluded.type,
               kind = coalesce(excluded.kind, kind), name_en = coalesce(excluded.name_en, name_en),
               name_ar = coalesce(excluded.name_ar, name_ar),
               wikidata = coalesce(excluded.wikidata, wikidata),
               country = coalesce(excluded.country, country)",
        )
        .and_then(|mut s| {
            s.execute(params![
                e.id,
                e.entity_type.as_str(),
                e.kind,
                e.name.en,
                e.name.ar,
                e.wikidata,
                e.country
            ])
        })
        .ctx(|| what("an entity"))?;
        for name in [&e.name.en, &e.name.ar].into_iter().flatten() {
            add_alias(tx, &e.id, name)?;
        }
        let mut last_alias: Option<&str> = None;
        for m in &e.mentions {
            if last_alias != Some(m.text.as_str()) {
                add_alias(tx, &e.id, &m.text)?;
                last_alias = Some(&m.text);
            }
            tx.prepare_cached(
                "INSERT INTO mentions(doc_id, entity_id, sentence, start, \"end\", byte_start, byte_end, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    doc,
                    e.id,
                    m.sentence as i64,
                    m.start as i64,
                    m.end as i64,
                    m.byte_start as i64,
                    m.byte_end as i64,
                    m.text
                ])
            })
            .ctx(|| what("a mention"))?;
        }
    }
    for (entity, alias) in &d.aliases {
        add_alias(tx, entity, alias)?;
    }
    for s in &d.sentences {
        let rowid = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO sentences(doc_id, sentence, start, \"end\", text)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    doc,
                    s.sentence as i64,
                    s.start as i64,
                    s.end as i64,
                    s.text
                ])
            })
            .ctx(|| what("a sentence"))?;
        if rowid == 0 {
            continue; // a duplicate sentence index: the first one stays
        }
        let rowid = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO sentences_fts(rowid, text_norm) VALUES (?1, ?2)")
            .and_then(|mut st| st.execute(params![rowid, normalize(&s.text)]))
            .ctx(|| what("the full-text index"))?;
    }
    for r in &ex.relations {
        let roles = serde_json::to_string(&r.roles).unwrap_or_else(|_| "{}".into());
        tx.prepare_cached(
            "INSERT OR REPLACE INTO relations(doc_id, rel_id, predicate, subject, object, symmetric, roles,
               rule, confidence, polarity, modality, cameo, plover, sentence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .and_then(|mut s| {
            s.execute(params![
                doc,
                r.id,
                r.predicate,
                r.subject,
                r.object,
                r.symmetric,
                roles,
                r.rule,
                r.confidence,
                polarity_str(r.polarity),
                modality_str(r.modality),
                r.cameo,
                r.plover,
                r.evidence.sentence as i64
            ])
        })
        .ctx(|| what("a relation"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Names, SCHEMA};

    fn doc(id: &str) -> StoreDocument {
        StoreDocument {
            extraction: Extraction {
                schema: SCHEMA.into(),
                doc_id: id.into(),
                lang: "ar".into(),
                date: Some("2023-08-13".into()),
                entities: vec![crate::model::Entity {
                    id: "country:DZA".into(),
                    entity_type: crate::model::EntityType::Country,
                    kind: None,
                    name: Names {
                        en: Some("Algeria".into()),
                        ar: Some("الجزائر".into()),
                    },
                    wikidata: None,
                    country: None,
                    source: crate::model::EntitySource::Gazetteer,
                    mentions: vec![crate::model::Mention {
                        text: "الجزائر".into(),
                        start: 0,
                        end: 7,
                        byte_start: 0,
                        byte_end: 14,
                        sentence: 0,
                        clitic: false,
                        stands_for: None,
                        via: crate::model::Via::Alias,
                    }],
                    nisba: Vec::new(),
                }],
                relations: vec![],
                warnings: vec![],
            },
            sentences: vec![SentenceRow {
                sentence: 0,
                start: 0,
                end: 7,
                text: "الجزائر".into(),
            }],
            source: None,
            aliases: vec![],
        }
    }

    #[test]
    fn a_reader_queries_while_a_writer_holds_a_transaction() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("wal.db");
        let mut writer = Store::open(&path).expect("open");
        writer.write_batch(&[doc("a")], || {}).expect("first batch");
        let reader = Store::open_read_only(&path).expect("reader");
        // The writer is inside its second batch's transaction when the reader reads.
        writer
            .write_batch(&[doc("b")], || {
                assert_eq!(reader.document_count().expect("count"), 1);
                let hits = query::sentences(
                    reader.connection(),
                    &query::Query {
                        entity: Some("algeria".into()),
                        ..Default::default()
                    },
                )
                .expect("query");
                // Only the committed document is visible.
                assert_eq!(hits.len(), 1);
                assert_eq!(hits[0].doc_id, "a");
            })
            .expect("second batch");
        assert_eq!(reader.document_count().expect("count"), 2);
    }
}
