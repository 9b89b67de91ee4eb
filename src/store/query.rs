//! Queries over the store: relations with their evidence, sentences where entities appear,
//! entity lookup and co-occurrence. Every value reaches SQLite as a bound parameter; the SQL
//! text is built from fixed fragments and `?` placeholders only.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;

use super::{Ctx, StoreError};
use crate::model::EntityType;
use crate::text::normalize;

/// What to look for. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// An entity by any name (Arabic or English, any alias, normalized) or by id.
    pub entity: Option<String>,
    /// Entity type: filters `entity`'s readings, or, without `entity`, the relations' ends.
    pub entity_type: Option<EntityType>,
    /// Predicate (`negotiates-with`).
    pub predicate: Option<String>,
    /// First document date (inclusive; `2023`, `2023-08` or `2023-08-13`).
    pub from: Option<String>,
    /// Last document date (inclusive; a partial date includes its whole month or year).
    pub to: Option<String>,
    /// A second entity that must be involved too.
    pub with: Option<String>,
    /// Words that the evidence sentence must contain (full-text search).
    pub search: Option<String>,
    /// At most this many results.
    pub limit: Option<u64>,
}

/// An entity as shown in answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRef {
    /// Its id.
    pub id: String,
    /// English name.
    pub name_en: Option<String>,
    /// Arabic name.
    pub name_ar: Option<String>,
}

/// Where an answer is stated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceRow {
    /// Sentence index.
    pub sentence: i64,
    /// Char offset of the sentence in the document.
    pub start: Option<i64>,
    /// Char offset of its end.
    pub end: Option<i64>,
    /// The sentence.
    pub text: Option<String>,
}

/// One relation found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRow {
    /// Document id.
    pub doc_id: String,
    /// Document date.
    pub date: Option<String>,
    /// Relation id within the document.
    pub rel_id: String,
    /// Predicate.
    pub predicate: String,
    /// Subject.
    pub subject: Option<EntityRef>,
    /// Object.
    pub object: Option<EntityRef>,
    /// Symmetric predicate.
    pub symmetric: bool,
    /// Roles (JSON object).
    pub roles: serde_json::Value,
    /// Rule id.
    pub rule: String,
    /// Confidence.
    pub confidence: f64,
    /// `asserted` or `negated`.
    pub polarity: String,
    /// `actual`, `hypothetical` or `reported`.
    pub modality: String,
    /// CAMEO code.
    pub cameo: Option<String>,
    /// PLOVER category.
    pub plover: Option<String>,
    /// Evidence.
    pub evidence: EvidenceRow,
}

/// One sentence where the asked entities appear.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceRow {
    /// Document id.
    pub doc_id: String,
    /// Document date.
    pub date: Option<String>,
    /// The sentence.
    pub evidence: EvidenceRow,
    /// Ids of the entities mentioned in it.
    pub entities: Vec<String>,
}

/// An entity with counts: a lookup result, or a co-occurring entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    /// Id.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// Kind.
    pub kind: Option<String>,
    /// English name.
    pub name_en: Option<String>,
    /// Arabic name.
    pub name_ar: Option<String>,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// Documents it appears in (with the asked entity, for co-occurrence).
    pub documents: i64,
    /// Sentences it appears in (with the asked entity, for co-occurrence).
    pub sentences: i64,
    /// An example: document id.
    pub example_doc_id: Option<String>,
    /// An example: the sentence.
    pub example_sentence: Option<String>,
}

/// Entity ids a name stands for: an exact id, or any alias whose normalized form equals the
/// normalized name; filtered by type.
pub fn resolve_entity(
    conn: &Connection,
    name: &str,
    entity_type: Option<EntityType>,
) -> Result<Vec<String>, StoreError> {
    let norm = normalize(name.trim());
    let mut st = conn
        .prepare_cached(
            "SELECT id FROM entities WHERE (id = ?1
               OR id IN (SELECT entity_id FROM aliases WHERE alias_norm = ?2))
               AND (?3 IS NULL OR type = ?3)
             ORDER BY id",
        )
        .ctx(|| "cannot prepare the entity lookup".into())?;
    let rows = st
        .query_map(
            rusqlite::params![name.trim(), norm.trim(), entity_type.map(|t| t.as_str())],
            |r| r.get::<_, String>(0),
        )
        .ctx(|| format!("cannot look up entity {name:?}"))?;
    rows.collect::<Result<Vec<_>, _>>()
        .ctx(|| format!("cannot look up entity {name:?}"))
}

/// An FTS5 query for user text: every word normalized and quoted as a string, so FTS syntax
/// (`OR`, `*`, `"`, `-`, `:`) in it is searched for as text, never interpreted. Words are
/// ANDed. `None` when no word remains.
pub fn fts_query(text: &str) -> Option<String> {
    let norm = normalize(text);
    let words: Vec<String> = norm
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// SQL text and its bound values, built together so they never disagree.
#[derive(Default)]
struct Sql {
    text: String,
    args: Vec<SqlValue>,
}

impl Sql {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn arg(&mut self, v: impl Into<SqlValue>) {
        self.text.push('?');
        self.args.push(v.into());
    }

    fn list(&mut self, ids: &[String]) {
        self.push("(");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.push(",");
            }
            self.arg(id.clone());
        }
        self.push(")");
    }

    fn dates(&mut self, q: &Query) {
        if let Some(f) = &q.from {
            self.push(" AND d.date >= ");
            self.arg(f.clone());
        }
        if let Some(t) = &q.to {
            // Compare the document date cut to the bound's length: --to 2023-08 keeps all of
            // August.
            self.push(" AND substr(d.date, 1, ");
            self.arg(t.len() as i64);
            self.push(") <= ");
            self.arg(t.clone());
        }
    }
}

/// The entity readings of the query's names, or `None` when a name matches no entity (so the
/// answer is empty).
struct Resolved {
    entity: Option<Vec<String>>,
    with: Option<Vec<String>>,
}

fn resolve(conn: &Connection, q: &Query) -> Result<Option<Resolved>, StoreError> {
    let entity = match &q.entity {
        Some(n) => {
            let ids = resolve_entity(conn, n, q.entity_type)?;
            if ids.is_empty() {
                return Ok(None);
            }
            Some(ids)
        }
        None => None,
    };
    let with = match &q.with {
        Some(n) => {
            let ids = resolve_entity(conn, n, None)?;
            if ids.is_empty() {
                return Ok(None);
            }
            Some(ids)
        }
        None => None,
    };
    Ok(Some(Resolved { entity, with }))
}

fn run<T>(
    conn: &Connection,
    sql: &Sql,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut st = conn
        .prepare(&sql.text)
        .ctx(|| "cannot prepare the query".into())?;
    let rows = st
        .query_map(params_from_iter(sql.args.iter()), map)
        .ctx(|| "query failed".into())?;
    rows.collect::<Result<Vec<_>, _>>()
        .ctx(|| "query failed".into())
}

fn entity_ref(id: Option<String>, en: Option<String>, ar: Option<String>) -> Option<EntityRef> {
    id.map(|id| EntityRef {
        id,
        name_en: en,
        name_ar: ar,
    })
}

/// Relations matching `q`, with their evidence sentences, ordered by date, document and
/// sentence. `--with` keeps relations whose one end is the entity and the other the second
/// entity.
pub fn relations(conn: &Connection, q: &Query) -> Result<Vec<RelationRow>, StoreError> {
    let Some(res) = resolve(conn, q)? else {
        return Ok(vec![]);
    };
    let mut sql = Sql::default();
    sql.push(
        "SELECT r.doc_id, d.date, r.rel_id, r.predicate,
                r.subject, se.name_en, se.name_ar, r.object, oe.name_en, oe.name_ar,
                r.symmetric, r.roles, r.rule, r.confidence, r.polarity, r.modality, r.cameo, r.plover,
                r.sentence, s.start, s.\"end\", s.text
         FROM relations r
         JOIN documents d ON d.doc_id = r.doc_id
         LEFT JOIN sentences s ON s.doc_id = r.doc_id AND s.sentence = r.sentence
         LEFT JOIN entities se ON se.id = r.subject
         LEFT JOIN entities oe ON oe.id = r.object
         WHERE 1 = 1",
    );
    match (&res.entity, &res.with) {
        (Some(e), Some(w)) => {
            sql.push(" AND ((r.subject IN ");
            sql.list(e);
            sql.push(" AND r.object IN ");
            sql.list(w);
            sql.push(") OR (r.subject IN ");
            sql.list(w);
            sql.push(" AND r.object IN ");
            sql.list(e);
            sql.push("))");
        }
        (Some(ids), None) | (None, Some(ids)) => {
            sql.push(" AND (r.subject IN ");
            sql.list(ids);
            sql.push(" OR r.object IN ");
            sql.list(ids);
            sql.push(")");
        }
        (None, None) => {}
    }
    if let (None, Some(t)) = (&res.entity, q.entity_type) {
        sql.push(" AND (se.type = ");
        sql.arg(t.as_str().to_string());
        sql.push(" OR oe.type = ");
        sql.arg(t.as_str().to_string());
        sql.push(")");
    }
    if let Some(p) = &q.predicate {
        sql.push(" AND r.predicate = ");
        sql.arg(p.clone());
    }
    sql.dates(q);
    if let Some(s) = &q.search {
        let Some(m) = fts_query(s) else {
            return Ok(vec![]);
        };
        sql.push(" AND s.rowid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ");
        sql.arg(m);
        sql.push(")");
    }
    sql.push(" ORDER BY d.date, r.doc_id, r.sentence, r.rowid");
    if let Some(l) = q.limit {
        sql.push(" LIMIT ");
        sql.arg(l as i64);
    }
    run(conn, &sql, |r| {
        let roles: String = r.get(11)?;
        Ok(RelationRow {
            doc_id: r.get(0)?,
            date: r.get(1)?,
            rel_id: r.get(2)?,
            predicate: r.get(3)?,
            subject: entity_ref(r.get(4)?, r.get(5)?, r.get(6)?),
            object: entity_ref(r.get(7)?, r.get(8)?, r.get(9)?),
            symmetric: r.get(10)?,
            roles: serde_json::from_str(&roles).unwrap_or(serde_json::Value::String(roles)),
            rule: r.get(12)?,
            confidence: r.get(13)?,
            polarity: r.get(14)?,
            modality: r.get(15)?,
            cameo: r.get(16)?,
            plover: r.get(17)?,
            evidence: EvidenceRow {
                sentence: r.get(18)?,
                start: r.get(19)?,
                end: r.get(20)?,
                text: r.get(21)?,
            },
        })
    })
}

/// Sentences that mention the entity (and the `with` entity, when given: sentence-level
/// co-occurrence), filtered by date and full-text search.
pub fn sentences(conn: &Connection, q: &Query) -> Result<Vec<SentenceRow>, StoreError> {
    let Some(res) = resolve(conn, q)? else {
        return Ok(vec![]);
    };
    let mut sql = Sql::default();
    let named: Vec<&Vec<String>> = [&res.entity, &res.with].into_iter().flatten().collect();
    // With names, start from their mentions (indexed by entity), not from every sentence.
    if !named.is_empty() {
        sql.push("WITH hits AS (");
        for (i, ids) in named.iter().enumerate() {
            if i > 0 {
                sql.push(" INTERSECT ");
            }
            sql.push("SELECT DISTINCT doc_id, sentence FROM mentions WHERE entity_id IN ");
            sql.list(ids);
        }
        sql.push(") ");
    }
    sql.push(
        "SELECT s.doc_id, d.date, s.sentence, s.start, s.\"end\", s.text,
                (SELECT group_concat(DISTINCT m.entity_id) FROM mentions m
                  WHERE m.doc_id = s.doc_id AND m.sentence = s.sentence)
         FROM ",
    );
    if named.is_empty() {
        sql.push("sentences s");
    } else {
        sql.push("hits h JOIN sentences s ON s.doc_id = h.doc_id AND s.sentence = h.sentence");
    }
    sql.push(" JOIN documents d ON d.doc_id = s.doc_id WHERE 1 = 1");
    sql.dates(q);
    if let Some(s) = &q.search {
        let Some(m) = fts_query(s) else {
            return Ok(vec![]);
        };
        sql.push(" AND s.rowid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ");
        sql.arg(m);
        sql.push(")");
    }
    sql.push(" ORDER BY d.date, s.doc_id, s.sentence");
    if let Some(l) = q.limit {
        sql.push(" LIMIT ");
        sql.arg(l as i64);
    }
    run(conn, &sql, |r| {
        let ents: Option<String> = r.get(6)?;
        let mut entities: Vec<String> = ents
            .map(|e| e.split(',').map(str::to_string).collect())
            .unwrap_or_default();
        entities.sort();
        Ok(SentenceRow {
            doc_id: r.get(0)?,
            date: r.get(1)?,
            evidence: EvidenceRow {
                sentence: r.get(2)?,
                start: r.get(3)?,
                end: r.get(4)?,
                text: r.get(5)?,
            },
            entities,
        })
    })
}

/// Entities named like `q.entity` (all of `q.entity_type` when no name is given), with the
/// number of documents and sentences mentioning them.
pub fn entities(conn: &Connection, q: &Query) -> Result<Vec<EntityRow>, StoreError> {
    let mut sql = Sql::default();
    sql.push(
        "SELECT e.id, e.type, e.kind, e.name_en, e.name_ar, e.wikidata,
                (SELECT count(DISTINCT m.doc_id) FROM mentions m WHERE m.entity_id = e.id),
                (SELECT count(*) FROM (SELECT DISTINCT m.doc_id, m.sentence FROM mentions m
                   WHERE m.entity_id = e.id)),
                NULL, NULL
         FROM entities e WHERE 1 = 1",
    );
    if let Some(n) = &q.entity {
        let ids = resolve_entity(conn, n, q.entity_type)?;
        sql.push(" AND e.id IN ");
        sql.list(&ids);
    }
    if let Some(t) = q.entity_type {
        sql.push(" AND e.type = ");
        sql.arg(t.as_str().to_string());
    }
    sql.push(" ORDER BY e.id");
    if let Some(l) = q.limit {
        sql.push(" LIMIT ");
        sql.arg(l as i64);
    }
    run(conn, &sql, entity_row)
}

fn entity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get(0)?,
        entity_type: r.get(1)?,
        kind: r.get(2)?,
        name_en: r.get(3)?,
        name_ar: r.get(4)?,
        wikidata: r.get(5)?,
        documents: r.get(6)?,
        sentences: r.get(7)?,
        example_doc_id: r.get(8)?,
        example_sentence: r.get(9)?,
    })
}

/// Who appears with `q.entity`: other entities mentioned in the same sentences, most frequent
/// first, with one example sentence each; filtered by `q.entity_type` (of the other entity)
/// and dates.
pub fn cooccurrences(conn: &Connection, q: &Query) -> Result<Vec<EntityRow>, StoreError> {
    let Some(name) = &q.entity else {
        return Ok(vec![]);
    };
    let ids = resolve_entity(conn, name, None)?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::default();
    sql.push(
        "WITH hits AS (
           SELECT DISTINCT o.entity_id AS other, a.doc_id, a.sentence
           FROM mentions a
           JOIN mentions o ON o.doc_id = a.doc_id AND o.sentence = a.sentence
           JOIN documents d ON d.doc_id = a.doc_id
           WHERE a.entity_id IN ",
    );
    sql.list(&ids);
    sql.push(" AND o.entity_id NOT IN ");
    sql.list(&ids);
    sql.dates(q);
    sql.push(
        ")
         SELECT e.id, e.type, e.kind, e.name_en, e.name_ar, e.wikidata,
                count(DISTINCT h.doc_id), count(*),
                min(h.doc_id),
                (SELECT s.text FROM sentences s JOIN hits h2 ON s.doc_id = h2.doc_id
                   AND s.sentence = h2.sentence WHERE h2.other = e.id
                   ORDER BY h2.doc_id, h2.sentence LIMIT 1)
         FROM hits h JOIN entities e ON e.id = h.other WHERE 1 = 1",
    );
    if let Some(t) = q.entity_type {
        sql.push(" AND e.type = ");
        sql.arg(t.as_str().to_string());
    }
    sql.push(" GROUP BY e.id ORDER BY count(*) DESC, e.id");
    if let Some(l) = q.limit {
        sql.push(" LIMIT ");
        sql.arg(l as i64);
    }
    run(conn, &sql, entity_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_quote_every_word() {
        assert_eq!(fts_query("Putin OR *"), Some("\"putin\" \"or\"".into()));
        assert_eq!(fts_query("' \" ; --"), None);
        // Normalized like the index: hamza on ya (ئ) folds to ي.
        assert_eq!(fts_query("الجزائر"), Some("\"الجزاير\"".into()));
    }
}
