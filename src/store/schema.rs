//! The store's SQL schema (documented table by table in docs/store.md).

/// Schema version kept in `meta`; a database with another version is refused.
pub const SCHEMA_VERSION: &str = "1";

/// Tables, indexes and the full-text index. Idempotent.
///
/// `sentences_fts` is a contentless FTS5 table whose rowids are `sentences.rowid`: it indexes
/// the *normalized* sentence text (crate::text::normalize: no tashkeel, unified alef forms,
/// case-folded Latin), so a search matches whatever spelling variant the article used, while
/// `sentences.text` keeps the original text.
pub const DDL: &str = r#"
CREATE TABLE IF NOT EXISTS meta(
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents(
    doc_id TEXT PRIMARY KEY,
    lang   TEXT NOT NULL,
    date   TEXT,
    source TEXT
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE TABLE IF NOT EXISTS entities(
    id       TEXT PRIMARY KEY,
    type     TEXT NOT NULL,
    kind     TEXT,
    name_en  TEXT,
    name_ar  TEXT,
    wikidata TEXT,
    country  TEXT
);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type);
CREATE TABLE IF NOT EXISTS aliases(
    entity_id  TEXT NOT NULL,
    alias      TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    PRIMARY KEY(entity_id, alias)
);
CREATE INDEX IF NOT EXISTS aliases_norm ON aliases(alias_norm);
CREATE TABLE IF NOT EXISTS mentions(
    doc_id     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    sentence   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id, sentence);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id, doc_id, sentence);
CREATE TABLE IF NOT EXISTS sentences(
    doc_id   TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    UNIQUE(doc_id, sentence)
);
CREATE TABLE IF NOT EXISTS relations(
    rowid      INTEGER PRIMARY KEY,
    doc_id     TEXT NOT NULL,
    rel_id     TEXT NOT NULL,
    predicate  TEXT NOT NULL,
    subject    TEXT,
    object     TEXT,
    symmetric  INTEGER NOT NULL,
    roles      TEXT NOT NULL,
    rule       TEXT NOT NULL,
    confidence REAL NOT NULL,
    polarity   TEXT NOT NULL,
    modality   TEXT NOT NULL,
    cameo      TEXT,
    plover     TEXT,
    sentence   INTEGER NOT NULL,
    UNIQUE(doc_id, rel_id)
);
CREATE INDEX IF NOT EXISTS relations_subject ON relations(subject, predicate);
CREATE INDEX IF NOT EXISTS relations_object ON relations(object, predicate);
CREATE INDEX IF NOT EXISTS relations_predicate ON relations(predicate);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    text_norm,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;
