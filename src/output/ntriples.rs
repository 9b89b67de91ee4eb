//! RDF N-Triples: entities, documents, relations as direct triples and as statement nodes with
//! their provenance. The vocabulary is documented in docs/graph.md.
//!
//! Entity triples (type, labels, sameAs) are written once per run: the sink keeps the set of
//! entity ids it has described. That set is bounded by the gazetteers plus rule-found names,
//! so memory stays small however many documents stream through.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::text::Lang;

use super::{percent_encode, Sink};
use crate::model::{EntityType, Extraction, Modality, Polarity, Relation};

/// Namespace of entity, document and statement IRIs.
pub const ID_NS: &str = "https://khabar.dev/id/";
/// Namespace of khabar's classes and properties.
pub const ONTOLOGY_NS: &str = "https://khabar.dev/ontology#";

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_NS: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
const OWL_SYMMETRIC: &str = "http://www.w3.org/2002/07/owl#SymmetricProperty";
const DCT_NS: &str = "http://purl.org/dc/terms/";
const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema#";
const WIKIDATA_NS: &str = "http://www.wikidata.org/entity/";

/// The IRI of an entity id: `country:DZA` -> `https://khabar.dev/id/country/DZA`.
pub fn entity_iri(id: &str) -> String {
    match id.split_once(':') {
        Some((prefix, slug)) if !prefix.is_empty() && !slug.is_empty() => {
            format!("{ID_NS}{}/{}", percent_encode(prefix), percent_encode(slug))
        }
        _ => format!("{ID_NS}entity/{}", percent_encode(id)),
    }
}

/// The IRI of a document id.
pub fn document_iri(doc_id: &str) -> String {
    format!("{ID_NS}doc/{}", percent_encode(doc_id))
}

/// The IRI of the statement node of relation `rel_id` in document `doc_id`.
pub fn statement_iri(doc_id: &str, rel_id: &str) -> String {
    format!(
        "{ID_NS}statement/{}/{}",
        percent_encode(doc_id),
        percent_encode(rel_id)
    )
}

/// The IRI of a predicate name (`negotiates-with`).
pub fn predicate_iri(predicate: &str) -> String {
    format!("{ONTOLOGY_NS}{}", percent_encode(predicate))
}

fn class_iri(t: EntityType) -> String {
    let name = match t {
        EntityType::Person => "Person",
        EntityType::Country => "Country",
        EntityType::Agency => "Agency",
        EntityType::Location => "Location",
        EntityType::Event => "Event",
    };
    format!("{ONTOLOGY_NS}{name}")
}

/// Escapes a string for an N-Triples literal (UTF-8 is written as is).
pub fn escape_literal(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// Whether `q` is a Wikidata item id (`Q` and digits).
fn is_qid(q: &str) -> bool {
    q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is a well-formed BCP 47-ish language tag usable after `@`.
fn is_lang_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    parts.next().is_some_and(|p| {
        !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphabetic())
    }) && parts
        .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Writes N-Triples.
pub struct NTriplesSink<W: Write> {
    out: W,
    seen_entities: HashSet<String>,
    seen_predicates: HashSet<String>,
    buf: String,
}

impl<W: Write> NTriplesSink<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        NTriplesSink {
            out,
            seen_entities: HashSet::new(),
            seen_predicates: HashSet::new(),
            buf: String::new(),
        }
    }
}

/// Builds lines into a string buffer.
struct Lines<'a>(&'a mut String);

impl Lines<'_> {
    fn iri(&mut self, s: &str, p: &str, o: &str) {
        let _ = writeln!(self.0, "<{s}> <{p}> <{o}> .");
    }

    fn lit(&mut self, s: &str, p: &str, value: &str, lang: Option<&str>) {
        let _ = write!(self.0, "<{s}> <{p}> \"");
        escape_literal(value, self.0);
        self.0.push('"');
        if let Some(l) = lang.filter(|l| is_lang_tag(l)) {
            self.0.push('@');
            self.0.push_str(l);
        }
        self.0.push_str(" .\n");
    }

    fn typed(&mut self, s: &str, p: &str, value: &str, xsd: &str) {
        let _ = write!(self.0, "<{s}> <{p}> \"");
        escape_literal(value, self.0);
        let _ = writeln!(self.0, "\"^^<{XSD_NS}{xsd}> .");
    }
}

fn onto(name: &str) -> String {
    format!("{ONTOLOGY_NS}{name}")
}

impl<W: Write> NTriplesSink<W> {
    fn entity(&mut self, ex: &Extraction, id: &str) {
        if !self.seen_entities.insert(id.to_string()) {
            return;
        }
        let iri = entity_iri(id);
        let mut l = Lines(&mut self.buf);
        l.lit(&iri, &onto("id"), id, None);
        let entity = ex.entities.iter().find(|e| e.id == id);
        let ty = entity.map(|e| e.entity_type).or_else(|| {
            id.split_once(':')
                .and_then(|(p, _)| EntityType::from_prefix(p))
        });
        if let Some(t) = ty {
            l.iri(&iri, RDF_TYPE, &class_iri(t));
        }
        let Some(e) = entity else { return };
        if let Some(en) = &e.name.en {
            l.lit(&iri, RDFS_LABEL, en, Some("en"));
        }
        if let Some(ar) = &e.name.ar {
            l.lit(&iri, RDFS_LABEL, ar, Some("ar"));
        }
        if let Some(q) = e.wikidata.as_deref().filter(|q| is_qid(q)) {
            l.iri(&iri, OWL_SAME_AS, &format!("{WIKIDATA_NS}{q}"));
        }
        if let Some(k) = &e.kind {
            l.lit(&iri, &onto("kind"), k, None);
        }
        if let Some(c) = &e.country {
            l.iri(&iri, &onto("country"), &entity_iri(c));
        }
    }

    fn relation(&mut self, ex: &Extraction, r: &Relation) {
        let pred = predicate_iri(&r.predicate);
        if self.seen_predicates.insert(r.predicate.clone()) {
            let mut l = Lines(&mut self.buf);
            l.iri(&pred, RDF_TYPE, &format!("{RDF_NS}Property"));
            if r.symmetric {
                l.iri(&pred, RDF_TYPE, OWL_SYMMETRIC);
            }
        }
        let doc = document_iri(&ex.doc_id);
        let st = statement_iri(&ex.doc_id, &r.id);
        let subject = r.subject.as_deref().map(entity_iri);
        let object = r.object.as_deref().map(entity_iri);
        let mut l = Lines(&mut self.buf);
        // The direct edge states the relation as a fact: only for asserted, non-hypothetical
        // relations with both ends known. The statement node always carries everything.
        if let (Some(s), Some(o)) = (&subject, &object) {
            if r.polarity == Polarity::Asserted && r.modality != Modality::Hypothetical {
                l.iri(s, &pred, o);
            }
        }
        l.iri(&st, RDF_TYPE, &onto("Statement"));
        l.iri(&st, &format!("{RDF_NS}predicate"), &pred);
        if let Some(s) = &subject {
            l.iri(&st, &format!("{RDF_NS}subject"), s);
        }
        if let Some(o) = &object {
            l.iri(&st, &format!("{RDF_NS}object"), o);
        }
        l.iri(&st, &onto("document"), &doc);
        l.lit(&st, &onto("relationId"), &r.id, None);
        let ev = &r.evidence;
        l.typed(&st, &onto("sentence"), &ev.sentence.to_string(), "integer");
        l.typed(&st, &onto("start"), &ev.start.to_string(), "integer");
        l.typed(&st, &onto("end"), &ev.end.to_string(), "integer");
        l.typed(
            &st,
            &onto("byteStart"),
            &ev.byte_start.to_string(),
            "integer",
        );
        l.typed(&st, &onto("byteEnd"), &ev.byte_end.to_string(), "integer");
        let lang = Some(ex.lang.as_str()).filter(|_| ex.lang != Lang::Und);
        l.lit(&st, &onto("evidence"), &ev.text, lang);
        l.lit(&st, &onto("rule"), &r.rule, None);
        if r.confidence.is_finite() {
            l.typed(
                &st,
                &onto("confidence"),
                &format!("{:?}", r.confidence),
                "double",
            );
        }
        let polarity = match r.polarity {
            Polarity::Asserted => "asserted",
            Polarity::Negated => "negated",
        };
        let modality = match r.modality {
            Modality::Actual => "actual",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        };
        l.lit(&st, &onto("polarity"), polarity, None);
        l.lit(&st, &onto("modality"), modality, None);
        l.typed(
            &st,
            &onto("symmetric"),
            if r.symmetric { "true" } else { "false" },
            "boolean",
        );
        if let Some(c) = &r.cameo {
            l.lit(&st, &onto("cameo"), c, None);
        }
        if let Some(p) = &r.plover {
            l.lit(&st, &onto("plover"), p, None);
        }
        for (k, v) in &r.roles {
            let p = onto(&format!("role-{}", percent_encode(k)));
            match v {
                serde_json::Value::String(s) => l.lit(&st, &p, s, None),
                serde_json::Value::Null => {}
                other => l.typed(&st, &p, &other.to_string(), "string"),
            }
        }
    }
}

impl<W: Write> Sink for NTriplesSink<W> {
    fn write(&mut self, ex: &Extraction) -> io::Result<()> {
        self.buf.clear();
        let doc = document_iri(&ex.doc_id);
        {
            let mut l = Lines(&mut self.buf);
            l.iri(&doc, RDF_TYPE, &onto("Document"));
            l.lit(&doc, &format!("{DCT_NS}identifier"), &ex.doc_id, None);
            if let Some(d) = &ex.date {
                // Partial dates (2023, 2023-08) are not xsd:date: keep them plain.
                let xsd = match d.len() {
                    10 => "date",
                    7 => "gYearMonth",
                    _ => "gYear",
                };
                l.typed(&doc, &format!("{DCT_NS}date"), d, xsd);
            }
            l.lit(&doc, &format!("{DCT_NS}language"), ex.lang.as_str(), None);
        }
        for e in &ex.entities {
            self.entity(ex, &e.id);
            let iri = entity_iri(&e.id);
            Lines(&mut self.buf).iri(&doc, &onto("mentions"), &iri);
        }
        for r in &ex.relations {
            for id in [&r.subject, &r.object].into_iter().flatten() {
                self.entity(ex, id);
            }
            self.relation(ex, r);
        }
        self.out.write_all(self.buf.as_bytes())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        let mut s = String::new();
        escape_literal("a\"b\\c\nd\re\u{1}f «الجزائر»", &mut s);
        assert_eq!(s, "a\\\"b\\\\c\\nd\\re\\u0001f «الجزائر»");
    }

    #[test]
    fn iris_percent_encode_odd_ids() {
        assert_eq!(
            entity_iri("country:DZA"),
            "https://khabar.dev/id/country/DZA"
        );
        assert_eq!(
            entity_iri("person:a b>c"),
            "https://khabar.dev/id/person/a%20b%3Ec"
        );
        assert_eq!(
            entity_iri("noprefix"),
            "https://khabar.dev/id/entity/noprefix"
        );
        assert!(is_qid("Q262") && !is_qid("Q") && !is_qid("Q2x") && !is_qid("262"));
    }
}
