//! The rule engine: runs a [`RuleSet`] over one document's sentences.
//!
//! Per document, every token's word classes are looked up once (`lexicon`: Arabic
//! proclitics, the article ال and a future سـ stripped by the one clitic grammar; a future marks
//! the hit as future). Per sentence, only the rules whose trigger class occurs are tried
//! (`matcher`: leftmost first, backtracking over gaps, optional parts, alternatives and slot
//! lists; matches do not overlap); the cues around a match's trigger decide its polarity and
//! modality (`cues`); a match becomes relations (`emit`); the frame rules run the speech
//! frame over the sentence (`frames`). [`finish`] de-duplicates what all rules produced.
//!
//! The files by job:
//! - `lexicon.rs`: word classes of each token (clitic lookup);
//! - `matcher.rs`: the backtracking pattern matcher and the party slots;
//! - `cues.rs`: polarity and modality from cue words;
//! - `emit.rs`: relations from a match (pairs of parties, roles, the one relation builder);
//! - `frames.rs`: the speech frame's view of a sentence and its statements as relations;
//! - `finish.rs`: PLOVER category of a relation and de-duplication.

use super::{has_type, RuleSet};
use crate::gazetteer::{Match, Reading};
use crate::model::{Evidence, Relation};
use crate::text::{CharOffsets, Normalized, Tokens};

mod cues;
mod emit;
mod finish;
mod frames;
mod lexicon;
mod matcher;

pub use finish::finish;

/// A word-class hit on a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub class: u32,
    /// Bytes of proclitics stripped (0: the bare word).
    pub clitic: u8,
    /// A future سـ was stripped.
    pub future: bool,
    /// The stripped proclitics start with و (a coordinator).
    pub waw: bool,
}

/// Per-document buffers of the rule engine.
#[derive(Debug, Default)]
pub struct RuleScratch {
    hits: Vec<Hit>,
    /// Per token: range into `hits`.
    hit_ranges: Vec<(u32, u32)>,
    /// Per token: index of the entity match starting there, or u32::MAX.
    entity_at: Vec<u32>,
    /// Per token: index of the adjective match starting there, or u32::MAX.
    adjective_at: Vec<u32>,
    candidates: Vec<u32>,
    /// The word classes of the current sentence's tokens (sorted once candidates exist).
    classes: Vec<u32>,
    local: Vec<Hit>,
    tmp: String,
    /// Hits of the forms seen before, across documents.
    memo: lexicon::LexiconMemo,
}

/// A relation as one rule produced it, before de-duplication.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRelation {
    /// Index of the rule.
    pub rule: usize,
    /// First token of the match (for ordering).
    pub first_token: usize,
    /// The relation (its `id` is empty).
    pub relation: Relation,
}

/// Why a triggered rule did not fire in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrace {
    /// Index of the rule.
    pub rule: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The pattern element that failed furthest into the pattern (then the sentence).
    pub element: String,
    /// The token where it failed (None: at the end of the sentence).
    pub token: Option<usize>,
}

/// What the speech frame decided at one speech verb or attribution word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameStep {
    /// Sentence index.
    pub sentence: usize,
    /// The verb's (or attribution word's) token.
    pub token: usize,
    /// How the speaker was found, or why there is no statement.
    pub note: crate::rules::FrameNote,
    /// The speaker's entity id, when there is a statement.
    pub speaker: Option<String>,
}

/// What `khabar explain` shows beyond tokens and mentions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Explanation {
    /// Relations each rule produced (before de-duplication).
    pub fired: Vec<RawRelation>,
    /// Rules whose trigger occurred but which did not fire.
    pub failed: Vec<RuleTrace>,
    /// The speech frame's decisions, in sentence and token order.
    pub frame: Vec<FrameStep>,
    /// Per token: the classes it belongs to (`@negotiate`, `مع`).
    pub token_classes: Vec<Vec<String>>,
}

/// An index into a document's parties table ([`PartyInfo`]): what the mentions the rules read
/// point at, never a gazetteer entity index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartyIdx(pub u32);

/// An entity a rule can take as a party: a gazetteer entity, a person found by resolution, or
/// what a metonymic mention stands for (موسكو -> country:RUS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyInfo {
    /// Entity id.
    pub id: String,
    /// Entity type.
    pub entity_type: crate::model::EntityType,
    /// A news outlet (a gazetteer agency of kind `news` or `media`): what it says is its report.
    pub outlet: bool,
}

/// Everything the engine reads about a document.
pub struct Input<'a> {
    /// The original text.
    pub text: &'a str,
    /// Its normalization.
    pub norm: &'a Normalized,
    /// Its tokens and sentences.
    pub tokens: &'a Tokens,
    /// Mentions: the gazetteer's matches and those added by resolution; an entity reading's
    /// index points into `parties`.
    pub matches: &'a [Match<PartyIdx>],
    /// The document's parties (entity ids and types), indexed by the matches' readings.
    pub parties: &'a [PartyInfo],
    /// The first tokens of the mentions in `matches` that are a person's name with a title
    /// after it ("X، عضو المكتب التنفيذي"), sorted.
    pub title_after: &'a [usize],
    /// Char offsets of the text.
    pub offsets: &'a CharOffsets,
}

impl RuleSet {
    /// Runs every rule over the document, appending raw relations (not de-duplicated) to
    /// `out`. With `explain`, also records the classes of each token and why triggered rules
    /// failed.
    pub fn run(
        &self,
        input: &Input,
        scratch: &mut RuleScratch,
        out: &mut Vec<RawRelation>,
        mut explain: Option<&mut Explanation>,
    ) {
        if self.rules.is_empty() {
            return;
        }
        self.prepare(input, scratch);
        if let Some(ex) = explain.as_deref_mut() {
            ex.token_classes = scratch
                .hit_ranges
                .iter()
                .map(|&(a, b)| {
                    scratch.hits[a as usize..b as usize]
                        .iter()
                        .map(|h| self.lexicon.names[h.class as usize].clone())
                        .collect()
                })
                .collect();
        }
        // The speaker of the discourse (the last statement's) and its topic (the last subject).
        let mut discourse = frames::Discourse::default();
        for (si, sent) in input.tokens.sentences.iter().enumerate() {
            let (s0, s1) = (sent.first_token as usize, sent.end_token as usize);
            scratch.candidates.clear();
            scratch.classes.clear();
            for &(a, b) in &scratch.hit_ranges[s0..s1] {
                for h in &scratch.hits[a as usize..b as usize] {
                    scratch.classes.push(h.class);
                    scratch
                        .candidates
                        .extend_from_slice(self.triggered_by(h.class));
                }
            }
            scratch.candidates.sort_unstable();
            scratch.candidates.dedup();
            // Rules whose required words or parties the sentence lacks cannot fire: not
            // tried (unless explaining, which lists every triggered rule that failed).
            if explain.is_none() && !scratch.candidates.is_empty() {
                scratch.classes.sort_unstable();
                scratch.classes.dedup();
                let types = self.sentence_types(input, scratch, s0, s1);
                let (classes, needs) = (&scratch.classes, &self.needs);
                scratch.candidates.retain(|&ri| {
                    needs.get(ri as usize).is_none_or(|n| {
                        n.classes.iter().all(|c| classes.binary_search(c).is_ok())
                            && n.slots.iter().all(|&m| m & types != 0)
                    })
                });
            }
            let cx = Cx {
                set: self,
                input,
                s: scratch,
                s0,
                s1,
            };
            for &ri in &scratch.candidates {
                let fired = cx.run_rule(ri as usize, si, out);
                if let (Some(ex), Some(fail)) = (explain.as_deref_mut(), fired.err()) {
                    ex.failed.push(fail.trace(self));
                }
            }
            if !self.frames.is_empty() {
                let trace = explain.as_deref_mut().map(|ex| &mut ex.frame);
                cx.run_frames(si, &mut discourse, out, trace);
            }
        }
    }
}

impl RuleSet {
    /// The rules a word class triggers.
    pub(crate) fn triggered_by(&self, class: u32) -> &[u32] {
        self.by_trigger
            .get(class as usize)
            .map_or(&[], |v| v.as_slice())
    }

    /// The entity types (a [`super::type_mask`]) of the mentions that start in tokens
    /// `[s0, s1)`, as the party slots read them.
    fn sentence_types(&self, input: &Input, s: &RuleScratch, s0: usize, s1: usize) -> u8 {
        let mut mask = 0u8;
        for &i in s.entity_at.get(s0..s1).unwrap_or(&[]) {
            let Some(Reading::Entity(e, _)) = input.matches.get(i as usize).map(|m| &m.reading)
            else {
                continue;
            };
            if let Some(p) = input.parties.get(e.0 as usize) {
                mask |= super::type_mask(&[p.entity_type]);
            }
        }
        mask
    }
}

/// One sentence of a document under the engine: the rule set, the document's input and
/// per-token lookups, and the sentence's token range `[s0, s1)`.
struct Cx<'a> {
    set: &'a RuleSet,
    input: &'a Input<'a>,
    s: &'a RuleScratch,
    s0: usize,
    s1: usize,
}

impl Cx<'_> {
    fn hits(&self, t: usize) -> &[Hit] {
        let (a, b) = self.s.hit_ranges[t];
        &self.s.hits[a as usize..b as usize]
    }

    fn hit(&self, t: usize, class: u32) -> Option<Hit> {
        self.hits(t).iter().find(|h| h.class == class).copied()
    }

    /// The hits of token `t` that make it a word of a list the rules read: all but
    /// `@organisation-noun`, `@statement-noun` and `@statement-verb`, which only the speech
    /// frame reads (a noun such as شركة stays a plain noun everywhere else: the head of a
    /// construct phrase, a word whose proclitics are not a list word's).
    fn listed(&self, t: usize) -> impl Iterator<Item = &Hit> + '_ {
        let skip = [
            self.set.cues.organisation_noun,
            self.set.cues.statement_noun,
            self.set.cues.statement_verb,
        ];
        self.hits(t)
            .iter()
            .filter(move |h| !skip.contains(&Some(h.class)))
    }

    fn has(&self, t: usize, class: Option<u32>) -> bool {
        class.is_some_and(|c| self.hit(t, c).is_some())
    }

    fn norm(&self, t: usize) -> &str {
        self.input.tokens.tokens[t].norm(&self.input.norm.text)
    }

    fn entity(&self, t: usize) -> Option<&Match<PartyIdx>> {
        let i = *self.s.entity_at.get(t)?;
        self.input.matches.get(i as usize)
    }

    /// Mention `m` is glued to the preposition ب right after another mention, which it
    /// describes ("لجنة الصحة بمجلس النواب", "السفير الجزائري بموسكو"): a gap after that
    /// mention may skip it, since the nearest party is still the one before.
    fn describes_party_before(&self, m: &Match<PartyIdx>) -> bool {
        let t = m.first_token;
        let Some(tok) = self.input.tokens.tokens.get(t) else {
            return false;
        };
        t > 0
            && m.byte_start > tok.byte_start as usize
            && tok.norm(&self.input.norm.text).starts_with('ب')
            && self
                .input
                .matches
                .iter()
                .any(|p| p.end_token == t && matches!(p.reading, Reading::Entity(..)))
    }

    fn entity_type_ok(&self, m: &Match<PartyIdx>, types: u8) -> Option<PartyIdx> {
        let Reading::Entity(e, _) = m.reading else {
            return None;
        };
        let party = self.input.parties.get(e.0 as usize)?;
        let outlet_only = types & crate::rules::OUTLET_BIT != 0;
        (has_type(types, party.entity_type)
            && (!outlet_only
                || party.entity_type != crate::model::EntityType::Agency
                || party.outlet))
            .then_some(e)
    }

    /// Original bytes of tokens `[a, b)`.
    fn span_bytes(&self, a: usize, b: usize) -> (usize, usize) {
        let t = &self.input.tokens.tokens;
        (t[a].byte_start as usize, t[b - 1].byte_end as usize)
    }

    /// Whether party `e` is an entity of type `t`.
    fn party_is(&self, e: PartyIdx, t: crate::model::EntityType) -> bool {
        self.input
            .parties
            .get(e.0 as usize)
            .is_some_and(|p| p.entity_type == t)
    }

    /// Whether party `e` is an organisation (an AGENCY entity).
    fn is_organisation(&self, e: PartyIdx) -> bool {
        self.party_is(e, crate::model::EntityType::Agency)
    }

    fn party_id(&self, e: PartyIdx) -> String {
        self.input
            .parties
            .get(e.0 as usize)
            .map(|p| p.id.clone())
            .unwrap_or_default()
    }

    /// The evidence of a relation stated in sentence `si`: the whole sentence.
    fn evidence(&self, si: usize) -> Evidence {
        Evidence::of_sentence(
            self.input.text,
            self.input.offsets,
            &self.input.tokens.sentences,
            si,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, Pipeline};

    const GAZ: &str = "id\ttype\ten\tar\n\
        country:RUS\tCOUNTRY\tRussia\tروسيا\n\
        country:DZA\tCOUNTRY\tAlgeria\tالجزائر\n\
        country:FRA\tCOUNTRY\tFrance\tفرنسا\n\
        location:moscow\tLOCATION\tMoscow\tموسكو\n\
        person:vladimir-putin\tPERSON\tVladimir Putin\tفلاديمير بوتين\n";

    fn pipeline(rules: &str) -> Pipeline {
        let cues = "@negation = لم not\n@hypothetical = قد would\n@conditional = إذا if\n\
                    @reporting = قال said\n@complementizer = أن that\n@title = الرئيس president the\n\
                    @and = و and\nsymmetric talks\n";
        Pipeline::builder()
            .no_gazetteers()
            .add_gazetteer_text("t.tsv", GAZ)
            .no_rules()
            .add_rules_text("cues.rules", cues)
            .add_rules_text("t.rules", rules)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// (predicate, subject, object, polarity, modality) of each relation.
    fn run(p: &Pipeline, text: &str) -> Vec<String> {
        p.extract(&Document::new("d", text))
            .relations
            .iter()
            .map(|r| {
                format!(
                    "{}({}, {}) {:?} {:?}",
                    r.predicate,
                    r.subject.as_deref().unwrap_or("null"),
                    r.object.as_deref().unwrap_or("null"),
                    r.polarity,
                    r.modality
                )
            })
            .collect()
    }

    const TALKS: &str = "rule t/1\npredicate talks\n\
        pattern subject:[COUNTRY|PERSON]+ ...{0,4} مفاوضات (مع object:[COUNTRY|PERSON]+)?\n";

    #[test]
    fn coordinated_parties_pair_up_once() {
        let p = pipeline(TALKS);
        assert_eq!(
            run(&p, "أجرت روسيا والجزائر وفرنسا مفاوضات"),
            vec![
                "talks(country:RUS, country:DZA) Asserted Actual",
                "talks(country:RUS, country:FRA) Asserted Actual",
                "talks(country:DZA, country:FRA) Asserted Actual",
            ]
        );
        // Titles, nisba-free appositions and commas before a name are skipped.
        assert_eq!(
            run(&p, "الرئيس، فلاديمير بوتين، و الجزائر مفاوضات"),
            vec!["talks(person:vladimir-putin, country:DZA) Asserted Actual"]
        );
        // A single party of a symmetric predicate gives nothing.
        assert!(run(&p, "أجرت روسيا مفاوضات").is_empty());
    }

    #[test]
    fn the_nearest_party_wins_over_a_gap() {
        let p = pipeline(TALKS);
        // Not Russia: the gap may not skip a party the slot accepts.
        assert_eq!(
            run(&p, "وقال بوتين إن الجزائر تجري مفاوضات مع فرنسا"),
            vec!["talks(country:DZA, country:FRA) Asserted Reported"]
        );
        // A location is not a party of this slot: the gap skips it.
        assert_eq!(
            run(&p, "روسيا في موسكو مفاوضات مع فرنسا"),
            vec!["talks(country:RUS, country:FRA) Asserted Actual"]
        );
    }

    #[test]
    fn cues_set_polarity_and_modality() {
        let p = pipeline(TALKS);
        assert_eq!(
            run(&p, "لم تجر روسيا مفاوضات مع فرنسا"),
            vec!["talks(country:RUS, country:FRA) Negated Actual"]
        );
        assert_eq!(
            run(&p, "وإذا أجرت روسيا مفاوضات مع فرنسا، فذلك جيد"),
            vec!["talks(country:RUS, country:FRA) Asserted Hypothetical"]
        );
        // A cue in another clause does not count.
        assert_eq!(
            run(&p, "لم يحدث ذلك، وأجرت روسيا مفاوضات مع فرنسا"),
            vec!["talks(country:RUS, country:FRA) Asserted Actual"]
        );
        // Inside a quotation: reported.
        assert_eq!(
            run(&p, "قال: «روسيا مفاوضات مع فرنسا»"),
            vec!["talks(country:RUS, country:FRA) Asserted Reported"]
        );
    }

    #[test]
    fn only_triggered_rules_are_tried() {
        let p = pipeline(&format!(
            "{TALKS}rule t/2\npredicate visits\npattern زار subject:[PERSON] object:[COUNTRY]\n"
        ));
        let mut ex = super::Explanation::default();
        let mut scratch = crate::Scratch::default();
        p.raw_relations("جرت مفاوضات", &mut scratch, Some(&mut ex));
        let tried: Vec<usize> = ex.failed.iter().map(|f| f.rule).collect();
        assert_eq!(tried, vec![0], "t/2 has no trigger in the sentence");
        assert_eq!(ex.failed[0].element, "subject:[COUNTRY|PERSON]+");
    }

    #[test]
    fn pathological_patterns_stay_bounded() {
        // Nested gaps over a long sentence: the step bound stops the search, no hang.
        let p = pipeline(
            "rule t/3\npredicate talks\n\
             pattern ...{0,60} ( ...{0,60} x | ...{0,60} y ) ...{0,60} مفاوضات ...{0,60} z\n",
        );
        let text = "مفاوضات ".repeat(400);
        assert!(run(&p, &text).is_empty());
    }
}
