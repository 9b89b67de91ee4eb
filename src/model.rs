//! The output schema (`khabar/1`): what one document's extraction looks like.
//!
//! Offsets: `start`/`end` count Unicode scalar values (Python `str` indexing), `byte_start`/
//! `byte_end` count UTF-8 bytes; both index the original document text and cut it exactly at
//! `text`. Sentences are numbered from 0.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::text::Lang;

/// The schema version written in every extraction.
pub const SCHEMA: &str = "khabar/1";

/// Entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// A person.
    Person,
    /// A country or territory.
    Country,
    /// A government body, ministry, news agency, international organization, armed force or
    /// company.
    Agency,
    /// A city, capital, region or facility.
    Location,
    /// An event.
    Event,
}

impl EntityType {
    /// All types, in output order.
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Country,
        EntityType::Agency,
        EntityType::Location,
        EntityType::Event,
    ];

    /// Parses `PERSON`, `COUNTRY` ...
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Country => "COUNTRY",
            EntityType::Agency => "AGENCY",
            EntityType::Location => "LOCATION",
            EntityType::Event => "EVENT",
        }
    }

    /// The id prefix (`country`).
    pub fn prefix(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Country => "country",
            EntityType::Agency => "agency",
            EntityType::Location => "location",
            EntityType::Event => "event",
        }
    }

    /// The type of an id prefix.
    pub fn from_prefix(p: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.prefix() == p)
    }
}

/// How a mention was linked to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// A name in the gazetteer.
    Alias,
    /// A short form: the gazetteer's (a surname), or a surname alone after the full name.
    Short,
    /// A name found by pattern in resolution.
    Pattern,
    /// A title resolved to the holder of the role on the document's date.
    Role,
    /// An anaphor (الوكالة, البلدين) or the pronoun of a reported clause.
    Coreference,
    /// A name the tagger found.
    Tagger,
    /// A name the tagger or a pattern found elsewhere in the document, written again where
    /// neither found it.
    Repeat,
}

impl Via {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Alias => "alias",
            Via::Short => "short",
            Via::Pattern => "pattern",
            Via::Role => "role",
            Via::Coreference => "coreference",
            Via::Tagger => "tagger",
            Via::Repeat => "repeat",
        }
    }
}

/// One document's extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The document id.
    pub doc_id: String,
    /// `ar`, `en` or `und`: given with the document, or detected from its script.
    pub lang: Lang,
    /// The document date (`YYYY-MM-DD`) if known.
    pub date: Option<String>,
    /// Entities found, each with all its mentions, ordered by first mention.
    pub entities: Vec<Entity>,
    /// Relations found, in order of their evidence.
    pub relations: Vec<Relation>,
    /// Problems with this document that did not stop its extraction.
    pub warnings: Vec<String>,
}

/// Canonical names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Names {
    /// English.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub en: Option<String>,
    /// Arabic.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ar: Option<String>,
}

/// How an entity was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntitySource {
    /// A gazetteer row.
    Gazetteer,
    /// A pattern of the resolution stage found a name in no gazetteer.
    Rule,
    /// The name tagger found a name in no gazetteer.
    Tagger,
}

impl EntitySource {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntitySource::Gazetteer => "gazetteer",
            EntitySource::Rule => "rule",
            EntitySource::Tagger => "tagger",
        }
    }
}

/// An entity and its mentions in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id (`country:DZA`).
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Finer kind (`news`, `capital` ...).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<String>,
    /// Canonical names.
    pub name: Names,
    /// Wikidata QID, only where certain.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub wikidata: Option<String>,
    /// Country the entity belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    /// How it was found.
    pub source: EntitySource,
    /// Mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Nisba adjectives and demonyms that refer to it (الروسي، Russian), in text order: not
    /// mentions, but a relation whose party is named only by one still points into the text.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub nisba: Vec<NisbaRef>,
}

/// A nisba adjective or demonym: a reference to an entity that is not a mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NisbaRef {
    /// The original text.
    pub text: String,
    /// Char offset of the start.
    pub start: usize,
    /// Char offset of the end.
    pub end: usize,
    /// Byte offset of the start.
    pub byte_start: usize,
    /// Byte offset of the end.
    pub byte_end: usize,
    /// Sentence index.
    pub sentence: usize,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The original text of the mention.
    pub text: String,
    /// Char offset of the start.
    pub start: usize,
    /// Char offset of the end.
    pub end: usize,
    /// Byte offset of the start.
    pub byte_start: usize,
    /// Byte offset of the end.
    pub byte_end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The span includes a proclitic that could not be cut off (للجزائر).
    #[serde(skip_serializing_if = "is_false", default)]
    pub clitic: bool,
    /// The entity this mention stands for (metonymy: موسكو -> country:RUS).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stands_for: Option<String>,
    /// How the mention was linked.
    pub via: Via,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Whether a relation is stated or denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// Stated.
    Asserted,
    /// Denied.
    Negated,
}

/// How real a relation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Happened or holds.
    Actual,
    /// Conditional, future or intended.
    Hypothetical,
    /// Known only from someone's statement.
    Reported,
}

impl Modality {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Actual => "actual",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        }
    }
}

/// Where a relation is stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Sentence index.
    pub sentence: usize,
    /// Char offset of the sentence start in the document.
    pub start: usize,
    /// Char offset of the sentence end.
    pub end: usize,
    /// Byte offset of the sentence start.
    pub byte_start: usize,
    /// Byte offset of the sentence end.
    pub byte_end: usize,
    /// The sentence text.
    pub text: String,
}

impl Evidence {
    /// Sentence `s` of `text` (its sentences from the tokenizer) as evidence.
    pub fn of_sentence(
        text: &str,
        offsets: &crate::text::CharOffsets,
        sentences: &[crate::text::Sentence],
        s: usize,
    ) -> Evidence {
        let sent = &sentences[s];
        let (a, b) = (sent.byte_start as usize, sent.byte_end as usize);
        Evidence {
            sentence: s,
            start: offsets.char_of(a),
            end: offsets.char_of(b),
            byte_start: a,
            byte_end: b,
            text: text[a..b].to_string(),
        }
    }
}

/// A party slot of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Slot {
    /// The subject.
    Subject,
    /// The object.
    Object,
}

impl Slot {
    /// `subject` or `object`.
    pub fn as_str(self) -> &'static str {
        match self {
            Slot::Subject => "subject",
            Slot::Object => "object",
        }
    }
}

/// The predicate of the relations that say who spoke in a sentence (rules/*/said.rules).
pub const SAID: &str = "said";
/// The predicate of the positions resolution finds.
pub const HOLDS_POSITION: &str = "holds-position";

/// A relation between entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Id unique within the document (`r0`, `r1` ...).
    pub id: String,
    /// Predicate (`negotiates-with`).
    pub predicate: String,
    /// Subject entity id.
    pub subject: Option<String>,
    /// Object entity id.
    pub object: Option<String>,
    /// Whether subject and object may be swapped.
    pub symmetric: bool,
    /// Further roles: `title`, `topic`, `quote`, `time`, `location`, `context` ...
    #[serde(default)]
    pub roles: BTreeMap<String, serde_json::Value>,
    /// Where it is stated.
    pub evidence: Evidence,
    /// Id of the rule that found it.
    pub rule: String,
    /// Confidence in 0..=1.
    pub confidence: f64,
    /// Stated or denied.
    pub polarity: Polarity,
    /// Actual, hypothetical or reported.
    pub modality: Modality,
    /// CAMEO event code.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cameo: Option<String>,
    /// PLOVER category.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub plover: Option<String>,
    /// The rule leaves this party to the side of whoever speaks in the sentence (`role subject
    /// = speaker-side`); assembly fills it and clears the flag. Never written.
    #[serde(skip)]
    pub speaker_side: Option<Slot>,
}
