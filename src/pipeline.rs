//! The pipeline: normalize -> tokenize -> match gazetteers -> (resolve, rules) -> Extraction.
//!
//! Built once with [`Pipeline::builder`]; [`Pipeline::extract`] is called per document with
//! `&self` from any number of threads. [`Scratch`] holds one thread's reusable buffers.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use crate::date::PartialDate;
use crate::gazetteer::{
    self, Gazetteer, GazetteerBuilder, GazetteerError, Match, MatchScratch, Reading,
};
use crate::model::{Entity, EntityType, Evidence, Extraction, Mention, Names, SCHEMA};
use crate::model::{Modality, Polarity, Relation};
use crate::resolve::{DocView, ResolveScratch, Resolved, Resolver, Target};
use crate::rules::{self, Explanation, PartyInfo, RawRelation, RuleError, RuleScratch, RuleSet};
use crate::tagger::{ModelError, ModelSource, TagInput, TagScratch, TagSpan, Tagger};
use crate::text::{detect_language, CharOffsets, Normalized, Tokens};

/// One input document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its language (`ar`, `en`), if known; detected otherwise.
    pub lang: Option<String>,
    /// Its date, if known (roles resolve as of this date).
    pub date: Option<PartialDate>,
}

impl Document {
    /// A document with an id and text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            lang: None,
            date: None,
        }
    }
}

/// Errors building a pipeline.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Gazetteer files have errors.
    #[error("{} gazetteer error(s):\n{}", .0.len(), join_lines(.0))]
    Gazetteer(Vec<GazetteerError>),
    /// Rule files have errors.
    #[error("{} rule error(s):\n{}", .0.len(), join_lines(.0))]
    Rules(Vec<RuleError>),
    /// A tagger model cannot be used.
    #[error("tagger model: {0}")]
    Model(#[from] ModelError),
}

fn join_lines<T: std::fmt::Display>(items: &[T]) -> String {
    let shown: Vec<String> = items.iter().take(50).map(|e| format!("  {e}")).collect();
    let more = if items.len() > 50 {
        format!("\n  ... and {} more", items.len() - 50)
    } else {
        String::new()
    };
    shown.join("\n") + &more
}

/// Configures a [`Pipeline`].
#[derive(Debug, Clone)]
pub struct PipelineBuilder {
    gazetteers: Vec<gazetteer::Source>,
    rules: Vec<rules::Source>,
    tagger: bool,
    models: ModelSource,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            gazetteers: vec![gazetteer::Source::Embedded],
            rules: vec![rules::Source::Embedded],
            tagger: true,
            models: ModelSource::Embedded,
        }
    }
}

impl PipelineBuilder {
    /// Replaces the gazetteers (embedded defaults included) with the `.tsv` files of `dir`.
    pub fn gazetteers_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.gazetteers = vec![gazetteer::Source::Dir(dir.into())];
        self
    }

    /// Adds the `.tsv` files of `dir` to the gazetteers.
    pub fn add_gazetteers_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.gazetteers.push(gazetteer::Source::Dir(dir.into()));
        self
    }

    /// Adds one gazetteer file's contents (`name` is used in error messages).
    pub fn add_gazetteer_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.gazetteers.push(gazetteer::Source::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Drops every gazetteer source, the embedded defaults included.
    pub fn no_gazetteers(mut self) -> Self {
        self.gazetteers.clear();
        self
    }

    /// Replaces the rules (embedded defaults included) with the `.rules` files of `dir`.
    pub fn rules_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rules = vec![rules::Source::Dir(dir.into())];
        self
    }

    /// Adds the `.rules` files of `dir` to the rules.
    pub fn add_rules_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rules.push(rules::Source::Dir(dir.into()));
        self
    }

    /// Adds one rule file's contents (`name` is used in error messages).
    pub fn add_rules_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.rules.push(rules::Source::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Drops every rule source, the embedded defaults included.
    pub fn no_rules(mut self) -> Self {
        self.rules.clear();
        self
    }

    /// Turns the name tagger on (the default) or off.
    pub fn tagger(mut self, on: bool) -> Self {
        self.tagger = on;
        self
    }

    /// Reads the tagger models (`{lang}-ner.bin`, `{lang}-clusters.tsv`) from `dir` instead of
    /// the embedded ones; languages without a model there are not tagged.
    pub fn model_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.models = ModelSource::Dir(dir.into());
        self
    }

    /// Builds the pipeline.
    pub fn build(self) -> Result<Pipeline, BuildError> {
        let mut gb = GazetteerBuilder::new();
        for s in self.gazetteers {
            gb = gb.source(s);
        }
        let gazetteer = gb.build().map_err(BuildError::Gazetteer)?;
        let mut rb = rules::RuleSetBuilder::new();
        for s in self.rules {
            rb = rb.source(s);
        }
        let rules = rb.build().map_err(BuildError::Rules)?;
        let resolver = Resolver::new(&gazetteer).map_err(|m| {
            BuildError::Gazetteer(vec![GazetteerError {
                file: "(titles and lexicon)".into(),
                line: 0,
                message: m,
            }])
        })?;
        let tagger = if self.tagger {
            Some(Tagger::load(&self.models)?)
        } else {
            None
        };
        Ok(Pipeline {
            gazetteer,
            resolver,
            rules,
            tagger,
        })
    }
}

/// The extraction pipeline. Immutable, `Send + Sync`.
pub struct Pipeline {
    gazetteer: Gazetteer,
    resolver: Resolver,
    rules: RuleSet,
    tagger: Option<Tagger>,
}

/// One thread's reusable buffers.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Normalized text of the current document.
    pub norm: Normalized,
    /// Its tokens and sentences.
    pub tokens: Tokens,
    /// Gazetteer matches.
    pub matches: Vec<Match>,
    match_scratch: MatchScratch,
    resolve_scratch: ResolveScratch,
    rules: RuleScratch,
    /// Mentions as the rules see them (gazetteer and resolved), readings indexing `parties`.
    rule_matches: Vec<Match>,
    parties: Vec<PartyInfo>,
    raw: Vec<RawRelation>,
    tag_scratch: TagScratch,
    tag_spans: Vec<TagSpan>,
}

impl Scratch {
    /// The mentions the rules read (after [`Pipeline::prepare_rule_input`]).
    pub fn rule_matches(&self) -> &[Match] {
        &self.rule_matches
    }

    /// The parties the rules' mentions refer to.
    pub fn parties(&self) -> &[PartyInfo] {
        &self.parties
    }
}

impl Pipeline {
    /// A builder with the embedded default gazetteers and rules.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The compiled gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The compiled rules.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The name tagger, unless it is off.
    pub fn tagger(&self) -> Option<&Tagger> {
        self.tagger.as_ref()
    }

    /// A fingerprint of the configuration (gazetteer and rule files): output depends on
    /// nothing else but the input and the version.
    pub fn fingerprint(&self) -> u64 {
        let mut h = crate::Fnv::new();
        h.write(&self.gazetteer.fingerprint().to_le_bytes());
        h.write(&self.rules.fingerprint().to_le_bytes());
        match &self.tagger {
            Some(t) => h.write(&t.fingerprint().to_le_bytes()),
            None => h.write(b"no tagger"),
        }
        h.finish()
    }

    /// Extracts entities and relations from one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        self.extract_with(doc, &mut Scratch::default())
    }

    /// Runs the text stages only (normalize, tokenize, match) into `scratch`.
    pub fn analyze(&self, text: &str, scratch: &mut Scratch) {
        scratch.norm.reset(text);
        scratch.tokens.tokenize(text, &scratch.norm);
        self.gazetteer.matcher().find(
            text,
            &scratch.norm,
            &scratch.tokens,
            &mut scratch.match_scratch,
            &mut scratch.matches,
        );
    }

    /// Runs the text stages, resolution and the rules over `text` (dated as the gazetteers'
    /// as-of date); returns every rule's relations before de-duplication, and with `explain`
    /// the trace of rules that were tried.
    pub fn raw_relations(
        &self,
        text: &str,
        scratch: &mut Scratch,
        explain: Option<&mut Explanation>,
    ) -> Vec<RawRelation> {
        self.analyze(text, scratch);
        let resolved = self.resolve(text, self.gazetteer.as_of(), scratch);
        let offsets = CharOffsets::new(text);
        let mut out = Vec::new();
        self.run_rules(text, &offsets, &resolved, scratch, &mut out, explain);
        out
    }

    /// Runs every stage before the rules (text, gazetteer, resolution as of the gazetteers'
    /// date) and prepares what the rules read: [`Scratch::rule_matches`] and
    /// [`Scratch::parties`] (for benchmarks and tools that run the rule stage alone).
    pub fn prepare_rule_input(&self, text: &str, scratch: &mut Scratch) {
        self.analyze(text, scratch);
        let resolved = self.resolve(text, self.gazetteer.as_of(), scratch);
        self.rule_input(&resolved, scratch);
    }

    /// Resolution, then the name tagger's spans merged in.
    fn resolve(&self, text: &str, date: Option<PartialDate>, scratch: &mut Scratch) -> Resolved {
        let view = DocView {
            original: text,
            norm: &scratch.norm,
            tokens: &scratch.tokens,
            matches: &scratch.matches,
            date,
        };
        let mut resolved =
            self.resolver
                .resolve(&self.gazetteer, view, &mut scratch.resolve_scratch);
        if let Some(tagger) = &self.tagger {
            let input = crate::tagger::merge::MergeInput {
                original: text,
                norm: &scratch.norm,
                tokens: &scratch.tokens,
                matches: &mut scratch.matches,
            };
            crate::tagger::merge::apply(
                tagger,
                &self.gazetteer,
                input,
                &mut scratch.tag_scratch,
                &mut scratch.tag_spans,
                &mut resolved,
            );
        }
        resolved
    }

    /// The mentions the rules see: gazetteer matches (a metonymic one as what it stands for)
    /// and resolved mentions with one referent, each reading an index into `parties`.
    fn rule_input(&self, resolved: &Resolved, scratch: &mut Scratch) {
        let mut index: HashMap<Target, u32> = HashMap::default();
        let parties = &mut scratch.parties;
        parties.clear();
        let mut party = |t: Target| -> u32 {
            *index.entry(t).or_insert_with(|| {
                let (id, entity_type) = match t {
                    Target::Gazetteer(e) => {
                        let row = self.gazetteer.entity(e);
                        (row.id.clone(), row.entity_type)
                    }
                    Target::Found(f) => (resolved.found[f as usize].id.clone(), EntityType::Person),
                    Target::Tagged(t) => {
                        let e = &resolved.tagged[t as usize];
                        (e.id.clone(), e.entity_type)
                    }
                };
                parties.push(PartyInfo { id, entity_type });
                parties.len() as u32 - 1
            })
        };
        // (match, priority): appositions of people found by pattern first (the whole "title،
        // name" reads as the person), then gazetteer names, then other resolved mentions.
        let mut all: Vec<(Match, u8)> = Vec::new();
        let toks = &scratch.tokens.tokens;
        let mut stands_for: Vec<Option<u32>> = vec![None; scratch.matches.len()];
        for &(mi, sf) in &resolved.stands_for {
            stands_for[mi] = Some(sf);
        }
        let mut at_span: HashMap<(usize, usize), usize> = HashMap::default();
        for m in &resolved.mentions {
            *at_span.entry((m.first_token, m.end_token)).or_default() += 1;
        }
        for &(target, first, end) in &resolved.appositions {
            let reading = Reading::Entity(party(target), gazetteer::AliasKind::Name);
            all.push((
                Match {
                    first_token: first,
                    end_token: end,
                    byte_start: toks[first].byte_start as usize,
                    byte_end: toks[end - 1].byte_end as usize,
                    clitic: false,
                    reading,
                },
                0,
            ));
        }
        for (mi, m) in scratch.matches.iter().enumerate() {
            let reading = match &m.reading {
                Reading::Entity(e, kind) => Reading::Entity(
                    party(Target::Gazetteer(stands_for[mi].unwrap_or(*e))),
                    *kind,
                ),
                Reading::Adjective(c) => Reading::Adjective(party(Target::Gazetteer(*c))),
                Reading::Ambiguous(v) => Reading::Ambiguous(v.clone()),
            };
            all.push((
                Match {
                    reading,
                    ..m.clone()
                },
                1,
            ));
        }
        for m in &resolved.mentions {
            // A plural anaphor (البلدين) stands for several parties at one place: rules take
            // the names themselves.
            let shared = at_span[&(m.first_token, m.end_token)];
            if shared > 1 {
                continue;
            }
            let reading = Reading::Entity(party(m.target), gazetteer::AliasKind::Name);
            all.push((
                Match {
                    first_token: m.first_token,
                    end_token: m.end_token,
                    byte_start: m.byte_start,
                    byte_end: m.byte_end,
                    clitic: false,
                    reading,
                },
                2,
            ));
        }
        all.sort_by_key(|(m, p)| (m.first_token, *p, std::cmp::Reverse(m.end_token)));
        scratch.rule_matches.clear();
        let mut covered_to = 0usize;
        for (m, _) in all {
            if m.first_token < covered_to {
                continue;
            }
            covered_to = m.end_token;
            scratch.rule_matches.push(m);
        }
    }

    fn run_rules(
        &self,
        text: &str,
        offsets: &CharOffsets,
        resolved: &Resolved,
        scratch: &mut Scratch,
        out: &mut Vec<RawRelation>,
        explain: Option<&mut Explanation>,
    ) {
        self.rule_input(resolved, scratch);
        let input = rules::engine::Input {
            text,
            norm: &scratch.norm,
            tokens: &scratch.tokens,
            matches: &scratch.rule_matches,
            parties: &scratch.parties,
            offsets,
        };
        self.rules.run(&input, &mut scratch.rules, out, explain);
    }

    /// [`Pipeline::extract`] with reusable buffers.
    pub fn extract_with(&self, doc: &Document, scratch: &mut Scratch) -> Extraction {
        let text = doc.text.as_str();
        self.analyze(text, scratch);
        let lang = doc
            .lang
            .clone()
            .unwrap_or_else(|| detect_language(text).to_string());
        let resolved = self.resolve(text, doc.date.or(self.gazetteer.as_of()), scratch);
        let offsets = CharOffsets::new(text);
        let mut raw = std::mem::take(&mut scratch.raw);
        raw.clear();
        self.run_rules(text, &offsets, &resolved, scratch, &mut raw, None);
        let mut relations: Vec<Relation> = rules::engine::finish(raw.drain(..));
        scratch.raw = raw;
        let sentence_of = |first_token: usize| scratch.tokens.tokens[first_token].sentence as usize;
        let mention = |byte_start: usize, byte_end: usize, first_token: usize, via: &str| Mention {
            text: text[byte_start..byte_end].to_string(),
            start: offsets.char_of(byte_start),
            end: offsets.char_of(byte_end),
            byte_start,
            byte_end,
            sentence: sentence_of(first_token),
            clitic: false,
            stands_for: None,
            via: via.to_string(),
        };
        // Every mention with its entity, then grouped in order of first mention.
        let mut items: Vec<(Target, Mention)> = Vec::new();
        for (mi, m) in scratch.matches.iter().enumerate() {
            let Reading::Entity(e, kind) = m.reading else {
                continue;
            };
            let via = if kind == gazetteer::AliasKind::Short {
                "short"
            } else {
                "alias"
            };
            let mut x = mention(m.byte_start, m.byte_end, m.first_token, via);
            x.clitic = m.clitic;
            // `stands_for` is in match order.
            x.stands_for = resolved
                .stands_for
                .binary_search_by_key(&mi, |x| x.0)
                .ok()
                .map(|i| self.gazetteer.entity(resolved.stands_for[i].1).id.clone());
            items.push((Target::Gazetteer(e), x));
        }
        for m in &resolved.mentions {
            items.push((
                m.target,
                mention(m.byte_start, m.byte_end, m.first_token, m.via),
            ));
        }
        items.sort_by_key(|(_, m)| (m.byte_start, m.byte_end));
        let mut entities: Vec<Entity> = Vec::new();
        let mut by_target: HashMap<Target, usize> = HashMap::default();
        for (target, m) in items {
            let slot = *by_target.entry(target).or_insert_with(|| {
                entities.push(self.entity_of(target, &resolved));
                entities.len() - 1
            });
            entities[slot].mentions.push(m);
        }
        let id_of = |t: Target| -> String {
            match t {
                Target::Gazetteer(e) => self.gazetteer.entity(e).id.clone(),
                Target::Found(f) => resolved.found[f as usize].id.clone(),
                Target::Tagged(t) => resolved.tagged[t as usize].id.clone(),
            }
        };
        let evidence = |s: usize| -> Evidence {
            let sent = &scratch.tokens.sentences[s];
            let (a, b) = (sent.byte_start as usize, sent.byte_end as usize);
            Evidence {
                sentence: s,
                start: offsets.char_of(a),
                end: offsets.char_of(b),
                byte_start: a,
                byte_end: b,
                text: text[a..b].to_string(),
            }
        };
        let mut seen_positions = std::collections::HashSet::new();
        for p in &resolved.positions {
            let subject = id_of(p.person);
            let object = p.of.map(id_of);
            if !seen_positions.insert((subject.clone(), object.clone(), p.sentence)) {
                continue;
            }
            let (a, b) = p.title_bytes;
            let mut roles = std::collections::BTreeMap::new();
            roles.insert(
                "title".to_string(),
                serde_json::json!({"text": &text[a..b], "role": p.role, "start": offsets.char_of(a), "end": offsets.char_of(b)}),
            );
            relations.push(Relation {
                id: String::new(),
                predicate: "holds-position".into(),
                subject: Some(subject),
                object,
                symmetric: false,
                roles,
                evidence: evidence(p.sentence),
                rule: p.rule.to_string(),
                confidence: if p.rule == "resolve/role" { 0.7 } else { 0.85 },
                polarity: Polarity::Asserted,
                modality: Modality::Actual,
                cameo: None,
                plover: None,
            });
        }
        relations.sort_by_key(|r| r.evidence.byte_start);
        speaker_side(&mut relations);
        // Every party of a relation is an entity of the output, so graph builders can name it:
        // a country known only from a nisba (الرئيس التركي -> country:TUR) has no mention.
        let mut known: std::collections::HashSet<String> =
            entities.iter().map(|e| e.id.clone()).collect();
        for r in &relations {
            for id in [&r.subject, &r.object].into_iter().flatten() {
                if known.contains(id) {
                    continue;
                }
                if let Some(e) = self.gazetteer.entity_index(id) {
                    entities.push(self.entity_of(Target::Gazetteer(e), &resolved));
                    known.insert(id.clone());
                }
            }
        }
        for (i, r) in relations.iter_mut().enumerate() {
            r.id = format!("r{i}");
        }
        Extraction {
            schema: SCHEMA.to_string(),
            doc_id: doc.id.clone(),
            lang,
            date: doc.date.map(|d| d.to_string()),
            entities,
            relations,
            warnings: Vec::new(),
        }
    }

    /// The name tagger's own spans as an extraction (each span one entity, before any merge
    /// with gazetteer or resolution mentions; MISC spans left out): for ablations. Without a
    /// tagger, no entities.
    pub fn tagger_extraction(&self, doc: &Document, scratch: &mut Scratch) -> Extraction {
        let text = doc.text.as_str();
        self.analyze(text, scratch);
        let lang = doc
            .lang
            .clone()
            .unwrap_or_else(|| detect_language(text).to_string());
        let mut entities = Vec::new();
        if let Some(tagger) = &self.tagger {
            let input = TagInput {
                original: text,
                norm: &scratch.norm,
                tokens: &scratch.tokens,
                matches: &scratch.matches,
            };
            tagger.tag(
                &self.gazetteer,
                input,
                &mut scratch.tag_scratch,
                &mut scratch.tag_spans,
            );
            let offsets = CharOffsets::new(text);
            let toks = &scratch.tokens.tokens;
            for (i, s) in scratch.tag_spans.iter().enumerate() {
                let entity_type = match s.kind {
                    crate::tagger::NameKind::Person => EntityType::Person,
                    crate::tagger::NameKind::Organization => EntityType::Agency,
                    crate::tagger::NameKind::Location => EntityType::Location,
                    crate::tagger::NameKind::Misc => continue,
                };
                let (a, b) = (
                    toks[s.first_token].byte_start as usize,
                    toks[s.end_token - 1].byte_end as usize,
                );
                entities.push(Entity {
                    id: format!("tagged:{i}"),
                    entity_type,
                    kind: None,
                    name: Names::default(),
                    wikidata: None,
                    country: None,
                    source: "tagger".into(),
                    mentions: vec![Mention {
                        text: text[a..b].to_string(),
                        start: offsets.char_of(a),
                        end: offsets.char_of(b),
                        byte_start: a,
                        byte_end: b,
                        sentence: toks[s.first_token].sentence as usize,
                        clitic: false,
                        stands_for: None,
                        via: "tagger".into(),
                    }],
                });
            }
        }
        Extraction {
            schema: SCHEMA.to_string(),
            doc_id: doc.id.clone(),
            lang,
            date: doc.date.map(|d| d.to_string()),
            entities,
            relations: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn entity_of(&self, target: Target, resolved: &Resolved) -> Entity {
        match target {
            Target::Gazetteer(e) => {
                let row = self.gazetteer.entity(e);
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
                    source: "gazetteer".into(),
                    mentions: Vec::new(),
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
                    entity_type: crate::model::EntityType::Person,
                    kind: None,
                    name: Names { en, ar },
                    wikidata: None,
                    country: None,
                    source: "rule".into(),
                    mentions: Vec::new(),
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
                    source: "tagger".into(),
                    mentions: Vec::new(),
                }
            }
        }
    }
}

/// Fills the subject (or object) of relations whose rule says `role subject = speaker-side`
/// (`role object = speaker-side`): "نجري محادثات مع الجزائر" inside a quote. The side is the
/// country or agency where the speaker of that sentence (its `said` relation) holds a position,
/// else the speaker; `roles.speaker` keeps who said it. With no speaker in the sentence, or a
/// party already there, nothing changes.
fn speaker_side(relations: &mut [Relation]) {
    const MARK: &str = "speaker-side";
    let marked = |r: &Relation| {
        ["subject", "object"]
            .iter()
            .any(|k| r.roles.get(*k).and_then(|v| v.as_str()) == Some(MARK))
    };
    if !relations.iter().any(marked) {
        return;
    }
    let said: Vec<(usize, String)> = relations
        .iter()
        .filter(|r| r.predicate == "said")
        .filter_map(|r| Some((r.evidence.sentence, r.subject.clone()?)))
        .collect();
    // Positions in text order: a speaker's latest one before the sentence wins.
    let positions: Vec<(usize, String, String)> = relations
        .iter()
        .filter(|r| r.predicate == "holds-position")
        .filter_map(|r| Some((r.evidence.sentence, r.subject.clone()?, r.object.clone()?)))
        .collect();
    for r in relations.iter_mut() {
        for slot in ["subject", "object"] {
            if r.roles.get(slot).and_then(|v| v.as_str()) != Some(MARK) {
                continue;
            }
            r.roles.remove(slot);
            let party = if slot == "subject" {
                &r.subject
            } else {
                &r.object
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
            if r.subject.as_deref() == Some(side.as_str())
                || r.object.as_deref() == Some(side.as_str())
            {
                continue;
            }
            r.roles
                .insert("speaker".into(), serde_json::Value::String(speaker.clone()));
            if slot == "subject" {
                r.subject = Some(side);
            } else {
                r.object = Some(side);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn pipeline_is_send_sync() {
        assert_send_sync::<Pipeline>();
    }
}
