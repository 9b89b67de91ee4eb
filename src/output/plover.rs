//! PLOVER event records (JSON Lines): one record per relation that carries a PLOVER category,
//! in the field layout of the PLOVER manual's "Data Fields", with the CAMEO code as an extra
//! field. The mapping is documented in docs/graph.md.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{entity_text_in, Sink};
use crate::model::{Entity, EntityType, Extraction, Modality, Polarity, Relation};

/// The codebook written in `cite_info.codebook`.
pub const CODEBOOK: &str = "plover";

/// PLOVER sector code of an entity, from its type and kind.
pub fn sector(e: Option<&Entity>) -> &'static str {
    let Some(e) = e else { return "UNK" };
    match e.entity_type {
        EntityType::Country => "GOV",
        EntityType::Agency => match e.kind.as_deref() {
            Some("government" | "ministry") => "GOV",
            Some("military") => "MIL",
            Some("intelligence") => "SPY",
            Some("legislature") => "LEG",
            Some("party") => "PTY",
            Some("news" | "media") => "JRN",
            Some("company") => "BUS",
            _ => "UNK",
        },
        _ => "UNK",
    }
}

/// The PLOVER country code: a country's own ISO alpha-3, otherwise the entity's country's;
/// international organizations get `IGO`.
fn country_code(e: Option<&Entity>, id: &str) -> Option<String> {
    let alpha3 = |c: &str| c.strip_prefix("country:").map(str::to_string);
    if let Some(code) = alpha3(id) {
        return Some(code);
    }
    let e = e?;
    if e.entity_type == EntityType::Agency && e.kind.as_deref() == Some("international") {
        return Some("IGO".into());
    }
    e.country.as_deref().and_then(alpha3)
}

fn actor(ex: &Extraction, id: &str, r: &Relation) -> Value {
    let e = ex.entities.iter().find(|e| e.id == id);
    let ev = &r.evidence;
    json!({
        "entity_text": entity_text_in(ex, id, ev.start, ev.end).unwrap_or_else(|| id.to_string()),
        "entity_name": e.and_then(|e| e.name.en.clone().or_else(|| e.name.ar.clone())),
        "code": country_code(e, id),
        "sector": sector(e),
        "identifier_id": e.and_then(|e| e.wikidata.clone()),
        "wikidata_id": e.and_then(|e| e.wikidata.clone()),
        "khabar_id": id,
        "type": e.map(|e| e.entity_type.as_str()),
    })
}

/// The PLOVER record of one relation, or `None` when it has no PLOVER category.
pub fn record(ex: &Extraction, r: &Relation) -> Option<Value> {
    let category = r.plover.as_deref()?;
    let mut actors = Vec::new();
    let mut recipients = Vec::new();
    if let Some(s) = &r.subject {
        actors.push(actor(ex, s, r));
    }
    if let Some(o) = &r.object {
        // A symmetric event (meeting, talks) has no direction: PLOVER lists all its
        // participants as actors.
        if r.symmetric {
            actors.push(actor(ex, o, r));
        } else {
            recipients.push(actor(ex, o, r));
        }
    }
    let context: Vec<Value> = match r.roles.get("context") {
        Some(Value::String(s)) => vec![Value::String(s.clone())],
        Some(Value::Array(a)) => a.iter().filter(|v| v.is_string()).cloned().collect(),
        _ => vec![],
    };
    let mode = r.roles.get("mode").and_then(Value::as_str);
    let aux_mode = match (r.polarity, r.modality) {
        (Polarity::Negated, _) => Some("negation"),
        (_, Modality::Hypothetical) => Some("hypothetical"),
        _ => None,
    };
    let ev = &r.evidence;
    Some(json!({
        "id": format!("{}#{}", ex.doc_id, r.id),
        "date": ex.date,
        "actor": actors,
        "recipient": recipients,
        "event": [category],
        "event_type": category,
        "mode": mode,
        "aux_mode": aux_mode,
        "context": context,
        "text": ev.text,
        "text_info": {
            "sequence": ev.sentence,
            "start": ev.start,
            "end": ev.end,
            "byte_start": ev.byte_start,
            "byte_end": ev.byte_end,
        },
        "cite_info": {
            "citation": ex.doc_id,
            "language": ex.lang,
            "coder": format!("khabar {}", env!("CARGO_PKG_VERSION")),
            "codebook": CODEBOOK,
        },
        "cameo": r.cameo,
        "predicate": r.predicate,
        "rule": r.rule,
        "confidence": r.confidence,
        "polarity": ev_polarity(r.polarity),
        "modality": ev_modality(r.modality),
    }))
}

fn ev_polarity(p: Polarity) -> &'static str {
    match p {
        Polarity::Asserted => "asserted",
        Polarity::Negated => "negated",
    }
}

fn ev_modality(m: Modality) -> &'static str {
    match m {
        Modality::Actual => "actual",
        Modality::Hypothetical => "hypothetical",
        Modality::Reported => "reported",
    }
}

/// Writes one PLOVER record per line.
pub struct PloverSink<W: Write> {
    out: W,
}

impl<W: Write> PloverSink<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        PloverSink { out }
    }
}

impl<W: Write> Sink for PloverSink<W> {
    fn write(&mut self, ex: &Extraction) -> io::Result<()> {
        for r in &ex.relations {
            if let Some(rec) = record(ex, r) {
                serde_json::to_writer(&mut self.out, &rec)?;
                self.out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
