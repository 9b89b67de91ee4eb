//! Neo4j bulk-import CSV (`neo4j-admin database import full`): one nodes file, one
//! relationships file, headers in the importer's `name:type` syntax (docs/graph.md).
//!
//! Nodes are deduplicated across documents (the set of written ids is bounded by the
//! gazetteers plus rule-found names). A relationship needs two nodes, so relations whose
//! subject or object is null (`said`, an unnamed co-signer) are skipped and counted; the count
//! is printed on stderr when the sink finishes.

use std::collections::HashSet;
use std::io::{self, Write};

use super::Sink;
use crate::model::{EntityType, Extraction, Modality, Polarity};

/// Header of `nodes.csv`.
pub const NODE_HEADER: [&str; 8] = [
    "id:ID", ":LABEL", "name_en", "name_ar", "wikidata", "kind", "country", "source",
];

/// Header of `relationships.csv`.
pub const RELATIONSHIP_HEADER: [&str; 19] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "rel_id",
    "doc_id",
    "date",
    "predicate",
    "sentence:int",
    "start:int",
    "end:int",
    "rule",
    "confidence:double",
    "polarity",
    "modality",
    "symmetric:boolean",
    "cameo",
    "plover",
    "roles",
    "evidence",
];

/// `negotiates-with` -> `NEGOTIATES_WITH` (Neo4j's relationship-type convention).
pub fn relationship_type(predicate: &str) -> String {
    predicate
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn label(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "Entity;Person",
        EntityType::Country => "Entity;Country",
        EntityType::Agency => "Entity;Agency",
        EntityType::Location => "Entity;Location",
        EntityType::Event => "Entity;Event",
    }
}

/// Writes `nodes.csv` and `relationships.csv`.
pub struct Neo4jSink<N: Write, R: Write> {
    nodes: csv::Writer<N>,
    rels: csv::Writer<R>,
    seen: HashSet<String>,
    skipped_null_end: u64,
    relationships: u64,
}

impl<N: Write, R: Write> Neo4jSink<N, R> {
    /// Writes to the two outputs (headers first).
    pub fn new(nodes: N, rels: R) -> io::Result<Self> {
        let mut nodes = csv::Writer::from_writer(nodes);
        let mut rels = csv::Writer::from_writer(rels);
        nodes.write_record(NODE_HEADER).map_err(io::Error::from)?;
        rels.write_record(RELATIONSHIP_HEADER)
            .map_err(io::Error::from)?;
        Ok(Neo4jSink {
            nodes,
            rels,
            seen: HashSet::new(),
            skipped_null_end: 0,
            relationships: 0,
        })
    }

    /// Relations skipped because their subject or object is null.
    pub fn skipped_null_end(&self) -> u64 {
        self.skipped_null_end
    }

    fn node(&mut self, ex: &Extraction, id: &str) -> io::Result<()> {
        if !self.seen.insert(id.to_string()) {
            return Ok(());
        }
        let row: [String; 8] = match ex.entities.iter().find(|e| e.id == id) {
            Some(e) => [
                e.id.clone(),
                label(e.entity_type).to_string(),
                e.name.en.clone().unwrap_or_default(),
                e.name.ar.clone().unwrap_or_default(),
                e.wikidata.clone().unwrap_or_default(),
                e.kind.clone().unwrap_or_default(),
                e.country.clone().unwrap_or_default(),
                e.source.as_str().to_string(),
            ],
            // A relation end that is not among the document's entities still needs a node, or
            // the import fails on a dangling relationship.
            None => [
                id.to_string(),
                id.split_once(':')
                    .and_then(|(p, _)| EntityType::from_prefix(p))
                    .map_or("Entity", label)
                    .to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "relation".to_string(),
            ],
        };
        self.nodes.write_record(&row).map_err(io::Error::from)
    }
}

impl<N: Write, R: Write> Sink for Neo4jSink<N, R> {
    fn write(&mut self, ex: &Extraction) -> io::Result<()> {
        for e in &ex.entities {
            self.node(ex, &e.id)?;
        }
        for r in &ex.relations {
            let (Some(s), Some(o)) = (&r.subject, &r.object) else {
                self.skipped_null_end += 1;
                continue;
            };
            self.node(ex, s)?;
            self.node(ex, o)?;
            let ev = &r.evidence;
            let roles = if r.roles.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&r.roles)?
            };
            self.relationships += 1;
            self.rels
                .write_record([
                    s.as_str(),
                    o.as_str(),
                    &relationship_type(&r.predicate),
                    &r.id,
                    &ex.doc_id,
                    ex.date.as_deref().unwrap_or(""),
                    &r.predicate,
                    &ev.sentence.to_string(),
                    &ev.start.to_string(),
                    &ev.end.to_string(),
                    &r.rule,
                    &format!("{:?}", r.confidence),
                    match r.polarity {
                        Polarity::Asserted => "asserted",
                        Polarity::Negated => "negated",
                    },
                    match r.modality {
                        Modality::Actual => "actual",
                        Modality::Hypothetical => "hypothetical",
                        Modality::Reported => "reported",
                    },
                    if r.symmetric { "true" } else { "false" },
                    r.cameo.as_deref().unwrap_or(""),
                    r.plover.as_deref().unwrap_or(""),
                    &roles,
                    &ev.text,
                ])
                .map_err(io::Error::from)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.nodes.flush()?;
        self.rels.flush()?;
        if self.skipped_null_end > 0 {
            eprintln!(
                "khabar: neo4j: {} relationships written; {} relations with a null subject or object skipped (see docs/graph.md)",
                self.relationships, self.skipped_null_end
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_types_are_upper_snake_case() {
        assert_eq!(relationship_type("negotiates-with"), "NEGOTIATES_WITH");
        assert_eq!(relationship_type("said"), "SAID");
    }
}
