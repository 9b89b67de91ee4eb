//! The pipeline: the order of the stages and the builder. normalize -> tokenize -> match
//! gazetteers -> tag names -> resolve -> rules -> assemble ([`crate::assemble`]) -> Extraction.
//!
//! Built once with [`Pipeline::builder`]; [`Pipeline::extract`] is called per document with
//! `&self` from any number of threads. [`Scratch`] holds one thread's reusable buffers.

use std::path::PathBuf;

use crate::assemble;
use crate::date::PartialDate;
use crate::gazetteer::{self, Gazetteer, GazetteerBuilder, GazetteerError, Match, MatchScratch};
use crate::model::Extraction;
use crate::resolve::{DocView, ResolveScratch, Resolved, Resolver};
use crate::rules::{
    self, Explanation, PartyIdx, PartyInfo, RawRelation, RuleError, RuleScratch, RuleSet,
};
use crate::tagger::{ModelError, ModelSource, TagInput, TagScratch, TagSpan, Tagger};
use crate::text::{detect_language, CharOffsets, Lang, Normalized, Tokens};

/// One input document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its language (`ar`, `en`), if known; detected otherwise.
    pub lang: Option<Lang>,
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
    #[error("{} gazetteer error(s):\n{}", .0.len(), gazetteer_lines(.0))]
    Gazetteer(Vec<GazetteerError>),
    /// Rule files have errors.
    #[error("{} rule error(s):\n{}", .0.len(), join_lines(.0))]
    Rules(Vec<RuleError>),
    /// A tagger model cannot be used.
    #[error("tagger model: {0}")]
    Model(#[from] ModelError),
}

fn gazetteer_lines(errors: &[GazetteerError]) -> String {
    let lines = gazetteer::report_lines(errors, gazetteer::PROBLEMS_SHOWN_PER_FILE);
    join_lines(&lines)
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

    /// Reads the tagger models (`{lang}-ner.bin`, which carry their word clusters) from `dir` instead of
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
        let mut rb = rules::RuleSetBuilder::new();
        for s in self.rules {
            rb = rb.source(s);
        }
        let (tagger_on, models) = (self.tagger, self.models);
        // Start-up: the rules and the tagger models need nothing from the gazetteer, so they
        // load on a second thread while the gazetteer compiles (the longest part). Errors
        // are reported in the same order as before: gazetteer, rules, model, resolver.
        let (rb, models) = (&rb, &models);
        let load_side = move || {
            let rules = rb.build().map_err(BuildError::Rules);
            let tagger = match tagger_on {
                true => Tagger::load(models).map(Some).map_err(BuildError::from),
                false => Ok(None),
            };
            (rules, tagger)
        };
        let (gazetteer, resolver, rules, tagger) = std::thread::scope(|scope| {
            let side = std::thread::Builder::new()
                .name("khabar-load".into())
                .spawn_scoped(scope, load_side);
            let gazetteer = gb.build().map_err(BuildError::Gazetteer);
            // The resolver needs only the gazetteer: built while the rules may still load.
            let resolver = gazetteer.as_ref().ok().map(resolver_of);
            let (rules, tagger) = match side {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                // No thread to be had: load them here.
                Err(_) => load_side(),
            };
            (gazetteer, resolver, rules, tagger)
        });
        let gazetteer = gazetteer?;
        let rules = rules?;
        let tagger = tagger?;
        let resolver = resolver.unwrap_or_else(|| resolver_of(&gazetteer))?;
        Ok(Pipeline {
            gazetteer,
            resolver,
            rules,
            tagger,
        })
    }
}

/// Reads the matches resolution found to be a country's adjective as its nisba
/// ([`Resolved::adjectives`]), removes the gazetteer matches resolution found inside longer
/// names ([`Resolved::dropped_matches`]) and renumbers the metonymy readings of the others.
fn drop_matches(matches: &mut Vec<crate::gazetteer::Match>, resolved: &mut Resolved) {
    for mi in std::mem::take(&mut resolved.adjectives) {
        if let Some(m) = matches.get_mut(mi) {
            if let crate::gazetteer::Reading::Entity(e, _) = m.reading {
                m.reading = crate::gazetteer::Reading::Adjective(e);
            }
        }
        resolved.stands_for.retain(|&(x, _)| x != mi);
    }
    if resolved.dropped_matches.is_empty() {
        return;
    }
    let mut dropped = std::mem::take(&mut resolved.dropped_matches);
    dropped.sort_unstable();
    dropped.dedup();
    dropped.retain(|&i| i < matches.len());
    // New index of each kept match.
    let mut new_index = vec![usize::MAX; matches.len()];
    let mut next = 0usize;
    for (i, slot) in new_index.iter_mut().enumerate() {
        if dropped.binary_search(&i).is_err() {
            *slot = next;
            next += 1;
        }
    }
    let mut i = 0usize;
    matches.retain(|_| {
        let keep = new_index[i] != usize::MAX;
        i += 1;
        keep
    });
    resolved
        .stands_for
        .retain_mut(|(mi, _)| match new_index.get(*mi) {
            Some(&n) if n != usize::MAX => {
                *mi = n;
                true
            }
            _ => false,
        });
}

/// The resolver of a gazetteer (its titles and lexicon compiled), errors as gazetteer errors.
fn resolver_of(gazetteer: &Gazetteer) -> Result<Resolver, BuildError> {
    Resolver::new(gazetteer).map_err(|m| {
        BuildError::Gazetteer(vec![GazetteerError {
            file: "(titles and lexicon)".into(),
            line: 0,
            message: m,
        }])
    })
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
    rule_matches: Vec<Match<PartyIdx>>,
    parties: Vec<PartyInfo>,
    /// First tokens of the rule mentions that end in a title after the name.
    title_after: Vec<usize>,
    raw: Vec<RawRelation>,
    tag_scratch: TagScratch,
    tag_spans: Vec<TagSpan>,
}

impl Scratch {
    /// The mentions the rules read (after [`Pipeline::prepare_rule_input`]).
    pub fn rule_matches(&self) -> &[Match<PartyIdx>] {
        &self.rule_matches
    }

    /// The parties the rules' mentions refer to.
    pub fn parties(&self) -> &[PartyInfo] {
        &self.parties
    }

    /// The first tokens of the rules' mentions that end in a title after the name.
    pub fn title_after(&self) -> &[usize] {
        &self.title_after
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

    /// A fingerprint of the configuration (gazetteer and rule files, tagger models): output
    /// depends on nothing else but the input and the version.
    pub fn fingerprint(&self) -> u64 {
        let mut h = crate::hash::Fnv::new();
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
        scratch
            .tokens
            .tokenize_with(text, &scratch.norm, self.gazetteer.abbreviations());
        // Which matchers can start at each token, looked up once per form (resolution's
        // matchers read the same table later).
        self.resolver.prepare_forms(
            &self.gazetteer,
            &scratch.norm,
            &scratch.tokens,
            &mut scratch.resolve_scratch,
        );
        let rs = &scratch.resolve_scratch;
        self.gazetteer.matcher().find_hinted(
            text,
            &scratch.norm,
            &scratch.tokens,
            |t| rs.gazetteer_hint(t),
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
        rules::input::rule_mentions(
            &self.gazetteer,
            &scratch.tokens,
            &scratch.matches,
            &resolved,
            &mut scratch.parties,
            &mut scratch.rule_matches,
            &mut scratch.title_after,
        );
    }

    /// The name tagger's spans merged with the gazetteer's matches (`tagger::merge`), then
    /// resolution, whose passes take the tagger's names like any other: a person the tagger
    /// found after a title holds that position, and no role by date is guessed for it.
    fn resolve(&self, text: &str, date: Option<PartialDate>, scratch: &mut Scratch) -> Resolved {
        let mut tagged = Resolved::default();
        let (resolver, g) = (&self.resolver, &self.gazetteer);
        let (tokens, norm) = (&scratch.tokens, &scratch.norm);
        let trim = |m: &mut Vec<crate::gazetteer::Match>| {
            resolver.trim_person_titles(g, tokens, norm, m);
            resolver.trim_classifiers(g, text, tokens, norm, m);
            resolver.extend_person_chains(g, text, tokens, norm, m);
            resolver.extend_company_forms(g, text, tokens, m);
            resolver.drop_currency_prefixes(text, m);
            resolver.drop_idioms(tokens, norm, m);
            resolver.doubt_short_forms_before_their_time(g, date, m);
            resolver.read_ambiguous_by_document(g, text, tokens, norm, m);
        };
        if let Some(tagger) = &self.tagger {
            let input = crate::tagger::merge::MergeInput {
                original: text,
                norm,
                tokens,
                matches: &mut scratch.matches,
            };
            crate::tagger::merge::apply(
                tagger,
                g,
                input,
                &mut scratch.tag_scratch,
                &mut scratch.tag_spans,
                &mut tagged,
                trim,
            );
        } else {
            trim(&mut scratch.matches);
        }

        let frequent = self
            .tagger
            .as_ref()
            .map(|t| move |w: &str| t.frequent_arabic_form(&self.gazetteer, w));
        let view = DocView {
            original: text,
            norm: &scratch.norm,
            tokens: &scratch.tokens,
            matches: &scratch.matches,
            date,
            tagger: self.tagger.is_some(),
            frequent: frequent.as_ref().map(|f| f as &dyn Fn(&str) -> bool),
        };
        let mut resolved =
            self.resolver
                .resolve_from(&self.gazetteer, view, &mut scratch.resolve_scratch, tagged);
        drop_matches(&mut scratch.matches, &mut resolved);
        resolved
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
        rules::input::rule_mentions(
            &self.gazetteer,
            &scratch.tokens,
            &scratch.matches,
            resolved,
            &mut scratch.parties,
            &mut scratch.rule_matches,
            &mut scratch.title_after,
        );
        let input = rules::engine::Input {
            text,
            norm: &scratch.norm,
            tokens: &scratch.tokens,
            matches: &scratch.rule_matches,
            parties: &scratch.parties,
            title_after: &scratch.title_after,
            offsets,
        };
        self.rules.run(&input, &mut scratch.rules, out, explain);
    }

    /// [`Pipeline::extract`] with reusable buffers. The stages in order; each reads what the
    /// ones before it left in `scratch`.
    pub fn extract_with(&self, doc: &Document, scratch: &mut Scratch) -> Extraction {
        let text = doc.text.as_str();
        self.analyze(text, scratch); // normalize, tokenize, gazetteer matches
        let resolved = self.resolve(text, doc.date.or(self.gazetteer.as_of()), scratch);
        let offsets = CharOffsets::new(text);
        let mut raw = std::mem::take(&mut scratch.raw);
        raw.clear();
        self.run_rules(text, &offsets, &resolved, scratch, &mut raw, None);
        let relations = rules::engine::finish(raw.drain(..));
        scratch.raw = raw;
        let stages = assemble::Stages {
            doc,
            offsets: &offsets,
            tokens: &scratch.tokens,
            matches: &scratch.matches,
            resolved: &resolved,
        };
        assemble::extraction(&self.gazetteer, &stages, relations)
    }
    /// The name tagger's own spans as an extraction (each span one entity, before any merge
    /// with gazetteer or resolution mentions; MISC spans left out): for ablations. Without a
    /// tagger, no entities.
    pub fn tagger_extraction(&self, doc: &Document, scratch: &mut Scratch) -> Extraction {
        use crate::model::{Entity, EntitySource, EntityType, Mention, Names, Via, SCHEMA};
        let text = doc.text.as_str();
        self.analyze(text, scratch);
        let lang = doc.lang.clone().unwrap_or_else(|| detect_language(text));
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
                    source: EntitySource::Tagger,
                    mentions: vec![Mention {
                        text: text[a..b].to_string(),
                        start: offsets.char_of(a),
                        end: offsets.char_of(b),
                        byte_start: a,
                        byte_end: b,
                        sentence: toks[s.first_token].sentence as usize,
                        clitic: false,
                        stands_for: None,
                        via: Via::Tagger,
                    }],
                    nisba: Vec::new(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn pipeline_is_send_sync() {
        assert_send_sync::<Pipeline>();
    }

    #[test]
    fn dropped_matches_go_and_metonymy_follows_the_others() {
        let m = |t: usize, e: u32| Match {
            first_token: t,
            end_token: t + 1,
            byte_start: t,
            byte_end: t + 1,
            clitic: false,
            reading: crate::gazetteer::Reading::Entity(e, crate::gazetteer::AliasKind::Name),
        };
        let mut matches = vec![m(0, 10), m(1, 11), m(2, 12), m(3, 13)];
        let mut resolved = Resolved {
            stands_for: vec![(1, 7), (3, 8)],
            // Out of order, repeated, and one past the end: all tolerated.
            dropped_matches: vec![2, 1, 2, 9],
            ..Resolved::default()
        };
        drop_matches(&mut matches, &mut resolved);
        let left: Vec<usize> = matches.iter().map(|x| x.first_token).collect();
        assert_eq!(left, vec![0, 3]);
        assert_eq!(resolved.stands_for, vec![(1, 8)]);
        assert!(resolved.dropped_matches.is_empty());
    }

    #[test]
    fn a_gazetteer_lexicon_adds_abbreviations_to_the_tokenizer() {
        let text = "Brig. Salem met Dr. Ali. They spoke.";
        let sentences = |p: &Pipeline| {
            let mut scratch = Scratch::default();
            p.analyze(text, &mut scratch);
            scratch
                .tokens
                .sentences
                .iter()
                .map(|s| (s.byte_start, s.byte_end))
                .collect::<Vec<_>>()
        };
        let builder = || Pipeline::builder().no_gazetteers().tagger(false);
        let plain = builder().build().expect("pipeline");
        // Without gazetteers the built-in list still holds "Dr"; "Brig" is not in it.
        assert_eq!(sentences(&plain), vec![(0, 5), (6, 24), (25, 36)]);
        let lexicon = "word\tlang\tclass\nBrig\ten\tabbreviation\n";
        let more = builder()
            .add_gazetteer_text("lexicon.tsv", lexicon)
            .build()
            .expect("pipeline");
        assert_eq!(sentences(&more), vec![(0, 24), (25, 36)]);
    }
}
