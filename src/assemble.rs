//! Assembly: the stages' results for one document become its [`Extraction`].
//!
//! Owns the conversions into the output schema: every mention with char and byte spans into the
//! original text, grouped by entity in order of first mention; the `holds-position` relations
//! resolution found; the speaker-side role of quoted relations; the entities that are only a
//! relation's party; relation ids in evidence order.

use std::collections::{BTreeMap, HashSet};

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::{AliasKind, Gazetteer, Match, Reading};
use crate::model::{
    Entity, EntitySource, EntityType, Evidence, Extraction, Mention, Modality, Names, NisbaRef,
    Polarity, Relation, Slot, Via, HOLDS_POSITION, SAID, SCHEMA,
};
use crate::pipeline::Document;
use crate::resolve::{Resolved, Target};
use crate::text::{detect_language, CharOffsets, Tokens};

/// What the stages before assembly produced for one document.
pub struct Stages<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Char offsets of its text.
    pub offsets: &'a CharOffsets,
    /// Its tokens and sentences.
    pub tokens: &'a Tokens,
    /// The gazetteer's matches.
    pub matches: &'a [Match],
    /// What resolution added.
    pub resolved: &'a Resolved,
}

impl Stages<'_> {
    fn text(&self) -> &str {
        &self.doc.text
    }

    /// A mention of original bytes `[byte_start, byte_end)` in the sentence of `first_token`.
    fn mention(&self, byte_start: usize, byte_end: usize, first_token: usize, via: Via) -> Mention {
        Mention {
            text: self.text()[byte_start..byte_end].to_string(),
            start: self.offsets.char_of(byte_start),
            end: self.offsets.char_of(byte_end),
            byte_start,
            byte_end,
            sentence: self.tokens.tokens[first_token].sentence as usize,
            clitic: false,
            stands_for: None,
            via,
        }
    }

    /// Sentence `s` as a relation's evidence.
    fn evidence(&self, s: usize) -> Evidence {
        Evidence::of_sentence(self.text(), self.offsets, &self.tokens.sentences, s)
    }

    /// The output id of a target.
    fn id_of(&self, g: &Gazetteer, t: Target) -> String {
        match t {
            Target::Gazetteer(e) => g.entity(e).id.clone(),
            Target::Found(f) => self.resolved.found[f as usize].id.clone(),
            Target::Tagged(t) => self.resolved.tagged[t as usize].id.clone(),
        }
    }
}

/// Builds the extraction of one document from the stages' results and the rules' relations
/// (de-duplicated, in evidence order, not yet numbered).
pub fn extraction(g: &Gazetteer, st: &Stages, mut relations: Vec<Relation>) -> Extraction {
    let mut entities = entities(g, st);
    relations.extend(positions(g, st));
    relations.sort_by_key(|r| r.evidence.byte_start);
    speaker_side(&mut relations);
    // Every party of a relation is an entity of the output, so graph builders can name it: a
    // country known only from a nisba (الرئيس التركي -> country:TUR) has no mention.
    let mut known: HashSet<String> = entities.iter().map(|e| e.id.clone()).collect();
    for r in &relations {
        for id in [&r.subject, &r.object].into_iter().flatten() {
            if known.contains(id) {
                continue;
            }
            if let Some(e) = g.entity_index(id) {
                entities.push(entity_of(g, st.resolved, Target::Gazetteer(e)));
                known.insert(id.clone());
            }
        }
    }
    for (i, r) in relations.iter_mut().enumerate() {
        r.id = format!("r{i}");
    }
    let doc = st.doc;
    Extraction {
        schema: SCHEMA.to_string(),
        doc_id: doc.id.clone(),
        lang: doc
            .lang
            .clone()
            .unwrap_or_else(|| detect_language(&doc.text)),
        date: doc.date.map(|d| d.to_string()),
        entities,
        relations,
        warnings: Vec::new(),
    }
}

/// Every mention with its entity, grouped in order of first mention.
fn entities(g: &Gazetteer, st: &Stages) -> Vec<Entity> {
    let resolved = st.resolved;
    let mut items: Vec<(Target, Mention)> = Vec::new();
    for (mi, m) in st.matches.iter().enumerate() {
        let Reading::Entity(e, kind) = m.reading else {
            continue;
        };
        let via = if kind == AliasKind::Short {
            Via::Short
        } else {
            Via::Alias
        };
        let mut x = st.mention(m.byte_start, m.byte_end, m.first_token, via);
        x.clitic = m.clitic;
        // `stands_for` is in match order.
        x.stands_for = resolved
            .stands_for
            .binary_search_by_key(&mi, |x| x.0)
            .ok()
            .map(|i| g.entity(resolved.stands_for[i].1).id.clone());
        items.push((Target::Gazetteer(e), x));
    }
    for m in &resolved.mentions {
        items.push((
            m.target,
            st.mention(m.byte_start, m.byte_end, m.first_token, m.via),
        ));
    }
    items.sort_by_key(|(_, m)| (m.byte_start, m.byte_end));
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_target: HashMap<Target, usize> = HashMap::default();
    for (target, m) in items {
        let slot = *by_target.entry(target).or_insert_with(|| {
            entities.push(entity_of(g, resolved, target));
            entities.len() - 1
        });
        entities[slot].mentions.push(m);
    }
    // Nisba adjectives go on their entity, which is in the output even when no mention names
    // it (after the entities that have mentions, in order of first nisba).
    for m in st.matches {
        let Reading::Adjective(e) = m.reading else {
            continue;
        };
        let target = Target::Gazetteer(e);
        let slot = *by_target.entry(target).or_insert_with(|| {
            entities.push(entity_of(g, resolved, target));
            entities.len() - 1
        });
        let x = st.mention(m.byte_start, m.byte_end, m.first_token, Via::Alias);
        entities[slot].nisba.push(NisbaRef {
            text: x.text,
            start: x.start,
            end: x.end,
            byte_start: x.byte_start,
            byte_end: x.byte_end,
            sentence: x.sentence,
        });
    }
    // So is the entity a mention stands for (metonymy: a capital's government, a sports
    // city's club), so that its `stands_for` id is always an entity of the document.
    for &(_, e) in &resolved.stands_for {
        let target = Target::Gazetteer(e);
        by_target.entry(target).or_insert_with(|| {
            entities.push(entity_of(g, resolved, target));
            entities.len() - 1
        });
    }
    entities
}

/// The `holds-position` relations of resolution, one per person, office and sentence.
fn positions(g: &Gazetteer, st: &Stages) -> Vec<Relation> {
    let text = st.text();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for p in &st.resolved.positions {
        let subject = st.id_of(g, p.person);
        let object = p.of.map(|t| st.id_of(g, t));
        if !seen.insert((subject.clone(), object.clone(), p.sentence)) {
            continue;
        }
        let (a, b) = p.title_bytes;
        let mut roles = BTreeMap::new();
        roles.insert(
            "title".to_string(),
            serde_json::json!({"text": &text[a..b], "role": p.role, "start": st.offsets.char_of(a), "end": st.offsets.char_of(b)}),
        );
        out.push(Relation {
            id: String::new(),
            predicate: HOLDS_POSITION.into(),
            subject: Some(subject),
            object,
            symmetric: false,
            roles,
            evidence: st.evidence(p.sentence),
            rule: p.rule.to_string(),
            confidence: p.confidence,
            polarity: Polarity::Asserted,
            modality: Modality::Actual,
            cameo: None,
            plover: None,
            speaker_side: None,
        });
    }
    out
}

/// The output entity of a target, with no mentions yet.
fn entity_of(g: &Gazetteer, resolved: &Resolved, target: Target) -> Entity {
    match target {
        Target::Gazetteer(e) => {
            let row = g.entity(e);
            Entity {
                id: row.id.clone(),
                entity_type: row.entity_type,
                kind: row.kind.clone(),
                name: Names {
                    en: row.en.clone(),
                    ar: row.ar.clone(),
                },
                wikidata: row.wikidata.clone(),
                country: row.country.clone(),
                source: EntitySource::Gazetteer,
                mentions: Vec::new(),
                nisba: Vec::new(),
            }
        }
        Target::Found(f) => {
            let p = &resolved.found[f as usize];
            let (en, ar) = if p.arabic {
                (None, Some(p.name.clone()))
            } else {
                (Some(p.name.clone()), None)
            };
            Entity {
                id: p.id.clone(),
                entity_type: EntityType::Person,
                kind: None,
                name: Names { en, ar },
                wikidata: None,
                country: None,
                source: EntitySource::Rule,
                mentions: Vec::new(),
                nisba: Vec::new(),
            }
        }
        Target::Tagged(t) => {
            let e = &resolved.tagged[t as usize];
            let (en, ar) = if e.arabic {
                (None, Some(e.name.clone()))
            } else {
                (Some(e.name.clone()), None)
            };
            Entity {
                id: e.id.clone(),
                entity_type: e.entity_type,
                kind: None,
                name: Names { en, ar },
                wikidata: None,
                country: None,
                source: e.source,
                mentions: Vec::new(),
                nisba: Vec::new(),
            }
        }
    }
}

/// Fills the subject (or object) of relations whose rule says `role subject = speaker-side`
/// (`role object = speaker-side`, [`Relation::speaker_side`]): "نجري محادثات مع الجزائر" inside a
/// quote. The side is the country or agency where the speaker of that sentence (its `said`
/// relation) holds a position, else the speaker; `roles.speaker` keeps who said it. With no
/// speaker in the sentence, or a party already there, nothing changes.
pub fn speaker_side(relations: &mut [Relation]) {
    if !relations.iter().any(|r| r.speaker_side.is_some()) {
        return;
    }
    let said: Vec<(usize, String)> = relations
        .iter()
        .filter(|r| r.predicate == SAID)
        .filter_map(|r| Some((r.evidence.sentence, r.subject.clone()?)))
        .collect();
    // Positions in text order: a speaker's latest one before the sentence wins.
    let positions: Vec<(usize, String, String)> = relations
        .iter()
        .filter(|r| r.predicate == HOLDS_POSITION)
        .filter_map(|r| Some((r.evidence.sentence, r.subject.clone()?, r.object.clone()?)))
        .collect();
    for r in relations.iter_mut() {
        let Some(slot) = r.speaker_side.take() else {
            continue;
        };
        let party = match slot {
            Slot::Subject => &r.subject,
            Slot::Object => &r.object,
        };
        if party.is_some() {
            continue;
        }
        let Some((_, speaker)) = said.iter().find(|(s, _)| *s == r.evidence.sentence) else {
            continue;
        };
        let side = positions
            .iter()
            .filter(|(s, p, _)| p == speaker && *s <= r.evidence.sentence)
            .map(|(_, _, of)| of.clone())
            .next_back()
            .unwrap_or_else(|| speaker.clone());
        // A party is not its own counterpart.
        if r.subject.as_deref() == Some(side.as_str()) || r.object.as_deref() == Some(side.as_str())
        {
            continue;
        }
        r.roles
            .insert("speaker".into(), serde_json::Value::String(speaker.clone()));
        match slot {
            Slot::Subject => r.subject = Some(side),
            Slot::Object => r.object = Some(side),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Pipeline};

    fn relation(
        predicate: &str,
        sentence: usize,
        subject: Option<&str>,
        object: Option<&str>,
    ) -> Relation {
        Relation {
            id: String::new(),
            predicate: predicate.into(),
            subject: subject.map(String::from),
            object: object.map(String::from),
            symmetric: false,
            roles: BTreeMap::new(),
            evidence: Evidence {
                sentence,
                start: 0,
                end: 0,
                byte_start: sentence,
                byte_end: sentence,
                text: String::new(),
            },
            rule: "test".into(),
            confidence: 1.0,
            polarity: Polarity::Asserted,
            modality: Modality::Actual,
            cameo: None,
            plover: None,
            speaker_side: None,
        }
    }

    #[test]
    fn speaker_side_takes_the_office_the_speaker_holds() {
        let mut talks = relation("negotiates-with", 1, None, Some("country:DZA"));
        talks.speaker_side = Some(Slot::Subject);
        let mut rels = vec![
            relation("holds-position", 0, Some("person:x"), Some("country:RUS")),
            relation("said", 1, Some("person:x"), None),
            talks,
        ];
        speaker_side(&mut rels);
        assert_eq!(rels[2].subject.as_deref(), Some("country:RUS"));
        assert_eq!(
            rels[2].roles.get("speaker"),
            Some(&serde_json::json!("person:x"))
        );
        assert_eq!(rels[2].speaker_side, None);
    }

    #[test]
    fn speaker_side_without_a_speaker_leaves_the_party_empty() {
        let mut talks = relation("negotiates-with", 1, None, Some("country:DZA"));
        talks.speaker_side = Some(Slot::Subject);
        let mut rels = vec![talks];
        speaker_side(&mut rels);
        assert_eq!(rels[0].subject, None);
        assert!(rels[0].roles.is_empty());
    }

    #[test]
    fn mentions_and_relation_ids_index_the_original_text() {
        let pipeline = Pipeline::builder()
            .no_gazetteers()
            .add_gazetteer_text(
                "demo.tsv",
                "id\ttype\ten\tar\ncountry:DZA\tCOUNTRY\tAlgeria\tالجزائر\ncountry:RUS\tCOUNTRY\tRussia\tروسيا\n",
            )
            .build()
            .expect("demo gazetteer builds");
        let text = "قال: «روسيا تتفاوض مع الجزائر». ثم وصل وللجزائر";
        let ex = pipeline.extract(&Document::new("d", text));
        let chars: Vec<char> = text.chars().collect();
        for e in &ex.entities {
            for m in &e.mentions {
                assert_eq!(&text[m.byte_start..m.byte_end], m.text);
                let cut: String = chars[m.start..m.end].iter().collect();
                assert_eq!(cut, m.text);
            }
        }
        let dza = ex
            .entities
            .iter()
            .find(|e| e.id == "country:DZA")
            .expect("Algeria is found");
        let last = dza.mentions.last().expect("two mentions");
        // لل: the alef is gone, the span is the whole token.
        let start = text.chars().count() - "وللجزائر".chars().count();
        assert_eq!(
            (last.text.as_str(), last.start, last.end, last.clitic),
            ("وللجزائر", start, text.chars().count(), true)
        );
        for (i, r) in ex.relations.iter().enumerate() {
            assert_eq!(r.id, format!("r{i}"));
            let ev = &r.evidence;
            assert_eq!(&text[ev.byte_start..ev.byte_end], ev.text);
        }
    }
}
