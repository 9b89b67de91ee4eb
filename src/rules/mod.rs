//! Relation rules: the rule language ([`parse`]), its compiled form ([`RuleSet`]) and the
//! matcher that runs it over a sentence's tokens and gazetteer mentions ([`engine`]).
//!
//! A [`RuleSet`] is built once from `.rules` files (the embedded defaults, directories, or
//! text) and is immutable and `Send + Sync`; per-document buffers live in [`RuleScratch`].
//! Every literal word and every `@list` becomes a word class; each token's classes are looked
//! up once per document (with Arabic proclitics stripped), and a sentence only tries the rules
//! whose trigger class occurs in it.

pub mod engine;
pub mod input;
pub mod parse;
mod speech;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use engine::{
    Explanation, FrameStep, PartyIdx, PartyInfo, RawRelation, RuleScratch, RuleTrace,
};
pub use parse::{Elem, Example, ExpectedRelation, Item, RuleError};
pub use speech::FrameNote;

use crate::model::EntityType;

/// The default rule files, embedded at build time: (path relative to `rules/`, contents),
/// sorted by path.
pub static EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// Where rule files come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The defaults embedded in the binary.
    Embedded,
    /// Every `.rules` file under a directory (recursive, sorted).
    Dir(PathBuf),
    /// One file's contents, with the name used in error messages.
    Text {
        /// Name for messages.
        name: String,
        /// Contents.
        text: String,
    },
}

/// Names of the word lists the engine itself uses (cues and slot fillers).
pub mod cue {
    /// Negation cues before a trigger (لم، not).
    pub const NEGATION: &str = "negation";
    /// Modal and future cues before a trigger (قد، would).
    pub const HYPOTHETICAL: &str = "hypothetical";
    /// Auxiliaries that make a following modal cue a past perfect (كان قد أعلن "had
    /// announced"): the modal cue after one does not count.
    pub const PERFECT: &str = "perfect";
    /// Modal cues that assert right before a verb in the perfect (قد أكد "has confirmed"; قد
    /// يزور "may visit" stays hypothetical).
    pub const AFFIRMING: &str = "affirming";
    /// Conditionals: scope to the end of the sentence (إذا، if).
    pub const CONDITIONAL: &str = "conditional";
    /// Speech verbs (قال، said).
    pub const REPORTING: &str = "reporting";
    /// Complementizers after a speech verb (أن، that).
    pub const COMPLEMENTIZER: &str = "complementizer";
    /// Attribution anywhere in the sentence (according, وفقا).
    pub const ATTRIBUTION: &str = "attribution";
    /// Title words a slot may skip before a name (الرئيس، نظيره، President, the).
    pub const TITLE: &str = "title";
    /// Stand-alone coordinators between parties (و، and).
    pub const AND: &str = "and";
    /// Prepositions: a `subject` slot never takes a party right after one.
    pub const PREPOSITION: &str = "preposition";
    /// The speech frame's verbs and participles (قال، مضيفا، said).
    pub const SPEECH_VERB: &str = "speech-verb";
    /// Before the organisation a spokesperson speaks for (باسم).
    pub const ON_BEHALF: &str = "on-behalf";
    /// Outlet words (وكالة، صحيفة, newspaper): the party after one is an outlet.
    pub const OUTLET_KIND: &str = "outlet-kind";
    /// Remarks (تصريح، مقابلة, interview): a party after a preposition behind one is an outlet.
    pub const REMARKS: &str = "remarks";
    /// Words that open a clause without naming anyone (ثم، كما).
    pub const OPENER: &str = "opener";
    /// Conjunctions after which a speech verb shares the sentence's subject (فيما، بينما، حيث،
    /// لكنه).
    pub const CLAUSE_OPENER: &str = "clause-opener";
    /// Pronoun subjects (he, she, they): the speaker is the discourse's.
    pub const PRONOUN: &str = "pronoun";
    /// Words between a subject and its verb (قد، has, also): "وكان X قد أكد"، "X has said"
    /// keep X the subject before the verb.
    pub const PRE_VERB: &str = "pre-verb";
    /// Relative pronouns (الذي، who): "X الذي قال" is X's statement.
    pub const RELATIVE: &str = "relative";
    /// Speech verbs that are speech only before a complementizer, a colon or a quote (وبين
    /// أن، كتب: …), being other words elsewhere (بين "between").
    pub const SPEECH_VERB_THAT: &str = "speech-verb-that";
    /// Unnamed speakers (مصادر، شهود, officials): a verb whose subject they are has no named
    /// speaker and takes none from the discourse.
    pub const UNNAMED_SPEAKER: &str = "unnamed-speaker";
    /// Nouns that name an organisation without its name (الوزارة، وزارة، الاتحاد): right
    /// after a speech verb they agree with, the verb's subject is an organisation, so a
    /// person of the discourse is not the speaker.
    pub const ORGANISATION_NOUN: &str = "organisation-noun";
    /// Nouns of a written statement (البيان، التقرير): right after a speech verb they agree
    /// with, the verb's subject is the statement, issued by an organisation or a country.
    pub const STATEMENT_NOUN: &str = "statement-noun";
    /// Verbs that, with في and a statement's noun, attribute a statement to its issuer
    /// (وجاء في بيان للوزارة أن).
    pub const STATEMENT_VERB: &str = "statement-verb";
    /// A spokesperson (spokesman): an unnamed one speaks for the organisation before the
    /// word or after its `@on-behalf` word ("a GM spokesman said", "a spokesman for GM said").
    pub const SPOKESPERSON: &str = "spokesperson";
    /// The speech verbs' adverbial participles (قائلا، مضيفة): they share the subject of the
    /// clause they end.
    pub const SPEECH_PARTICIPLE: &str = "speech-participle";
}

/// A compiled pattern node.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Word {
        class: u32,
        trigger: bool,
    },
    Slot {
        cap: u16,
        types: u8,
        list: bool,
        /// The `subject` slot: no party right after a preposition.
        subject: bool,
    },
    Gap {
        min: usize,
        max: usize,
        in_capture: bool,
        forbid: u8,
    },
    Open(u16),
    Close(u16),
    Quoted(u16),
    Rest(u16),
    Group {
        alts: Vec<Vec<CNode>>,
        optional: bool,
    },
}

/// A node with the index of its source element (for explanations).
#[derive(Debug, Clone)]
pub(crate) struct CNode {
    pub node: Node,
    pub src: u16,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Its definition as parsed.
    pub def: parse::RuleDef,
    pub(crate) nodes: Vec<CNode>,
    /// Capture names, by capture index.
    pub(crate) captures: Vec<String>,
    /// Source text of each element (index = `CNode::src`).
    pub(crate) sources: Vec<String>,
    pub(crate) trigger: Vec<u32>,
    /// Whether the predicate is symmetric.
    pub symmetric: bool,
}

/// Which word classes are cues.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cues {
    pub negation: Option<u32>,
    pub hypothetical: Option<u32>,
    pub perfect: Option<u32>,
    pub affirming: Option<u32>,
    pub conditional: Option<u32>,
    pub reporting: Option<u32>,
    pub complementizer: Option<u32>,
    pub attribution: Option<u32>,
    pub title: Option<u32>,
    pub and: Option<u32>,
    pub preposition: Option<u32>,
    pub speech_verb: Option<u32>,
    pub on_behalf: Option<u32>,
    pub outlet_kind: Option<u32>,
    pub remarks: Option<u32>,
    pub opener: Option<u32>,
    pub clause_opener: Option<u32>,
    pub pronoun: Option<u32>,
    pub pre_verb: Option<u32>,
    pub relative: Option<u32>,
    pub speech_verb_that: Option<u32>,
    pub unnamed_speaker: Option<u32>,
    pub organisation_noun: Option<u32>,
    pub statement_noun: Option<u32>,
    pub statement_verb: Option<u32>,
    pub spokesperson: Option<u32>,
    pub speech_participle: Option<u32>,
}

/// Normalized words -> classes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    // Looked up for every token and clitic split: a fast hasher matters here.
    pub exact: rustc_hash::FxHashMap<String, Vec<u32>>,
    pub prefix: rustc_hash::FxHashMap<String, Vec<u32>>,
    /// Distinct byte lengths of the wildcard stems, ascending.
    pub prefix_lens: Vec<usize>,
    /// A filter of the first two chars of the wildcard stems ([`Lexicon::may_have_prefix`]);
    /// empty when some stem is shorter (then every word is probed).
    pub prefix_heads: Vec<u64>,
    /// Display name of each class (`@negotiate`, `مع`).
    pub names: Vec<String>,
}

/// Bits of [`Lexicon::prefix_heads`].
const PREFIX_HEAD_BITS: usize = 4096;

/// The bytes of the first two chars of `s`, if it has two.
fn two_chars(s: &str) -> Option<&str> {
    let mut it = s.char_indices();
    it.next()?;
    let (i, c) = it.next()?;
    s.get(..i + c.len_utf8())
}

/// The filter bit of a two-char head.
fn head_bit(head: &str) -> usize {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in head.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h as usize) & (PREFIX_HEAD_BITS - 1)
}

impl Lexicon {
    /// Fills [`Lexicon::prefix_heads`] from the wildcard stems.
    fn index_prefix_heads(&mut self) {
        let mut bits = vec![0u64; PREFIX_HEAD_BITS / 64];
        for key in self.prefix.keys() {
            let Some(head) = two_chars(key) else {
                self.prefix_heads = Vec::new();
                return;
            };
            let b = head_bit(head);
            bits[b / 64] |= 1 << (b % 64);
        }
        self.prefix_heads = bits;
    }

    /// Whether some wildcard stem may be a prefix of `word`: no when the filter of their
    /// first two chars says so (no false negatives, so the lookups it saves find nothing).
    #[inline]
    pub(crate) fn may_have_prefix(&self, word: &str) -> bool {
        if self.prefix_heads.is_empty() {
            return !self.prefix.is_empty();
        }
        let Some(head) = two_chars(word) else {
            return false;
        };
        let b = head_bit(head);
        self.prefix_heads[b / 64] & (1 << (b % 64)) != 0
    }
}

/// Compiled rules. Immutable, `Send + Sync`.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    pub(crate) lexicon: Lexicon,
    /// Trigger class -> rules (indexed by class; empty for a class that triggers nothing).
    pub(crate) by_trigger: Vec<Vec<u32>>,
    /// Per rule: what a sentence must hold for its pattern to match at all.
    pub(crate) needs: Vec<Needs>,
    pub(crate) cues: Cues,
    /// Indices of the frame rules (`frame ...` instead of a pattern).
    pub(crate) frames: Vec<u32>,
    files: usize,
    fingerprint: u64,
}

/// Builds a [`RuleSet`] from sources.
#[derive(Debug, Clone, Default)]
pub struct RuleSetBuilder {
    sources: Vec<Source>,
}

impl RuleSetBuilder {
    /// A builder with no sources.
    pub fn new() -> RuleSetBuilder {
        RuleSetBuilder::default()
    }

    /// Adds a source.
    pub fn source(mut self, s: Source) -> RuleSetBuilder {
        self.sources.push(s);
        self
    }

    /// Reads, parses and compiles every source; fails with every error found.
    pub fn build(&self) -> Result<RuleSet, Vec<RuleError>> {
        let mut files: Vec<(String, String)> = Vec::new();
        let mut errors = Vec::new();
        for s in &self.sources {
            match s {
                Source::Embedded => {
                    for (name, text) in EMBEDDED {
                        files.push((format!("rules/{name}"), text.to_string()));
                    }
                }
                Source::Dir(dir) => {
                    let mut paths = Vec::new();
                    let is_rules = |p: &Path| p.extension().is_some_and(|e| e == "rules");
                    // Dot-files are left out: an editor's lock file is no rule file.
                    for found in crate::fs::walk(dir) {
                        match found {
                            crate::fs::Found::File(p) if is_rules(&p) => paths.push(p),
                            crate::fs::Found::Unreadable(p, message)
                                if p == *dir || is_rules(&p) =>
                            {
                                errors.push(RuleError {
                                    file: p.display().to_string(),
                                    line: 0,
                                    column: 0,
                                    message,
                                })
                            }
                            _ => {}
                        }
                    }
                    for p in paths {
                        match std::fs::read_to_string(&p) {
                            Ok(t) => files.push((p.display().to_string(), t)),
                            Err(e) => errors.push(RuleError {
                                file: p.display().to_string(),
                                line: 0,
                                column: 0,
                                message: format!("cannot read: {e}"),
                            }),
                        }
                    }
                }
                Source::Text { name, text } => files.push((name.clone(), text.clone())),
            }
        }
        let mut hash = crate::hash::Fnv::new();
        let mut parsed = Vec::new();
        for (name, text) in &files {
            hash.write(name.as_bytes());
            hash.write(text.as_bytes());
            let (p, e) = parse::parse_file(name, text);
            errors.extend(e);
            parsed.push(p);
        }
        let mut set = compile(parsed, &mut errors);
        set.files = files.len();
        set.fingerprint = hash.finish();
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(errors)
        }
    }
}

fn type_bit(t: EntityType) -> u8 {
    1 << (t as u8)
}

pub(crate) fn type_mask(types: &[EntityType]) -> u8 {
    types.iter().fold(0, |m, t| m | type_bit(*t))
}

pub(crate) fn has_type(mask: u8, t: EntityType) -> bool {
    mask & type_bit(t) != 0
}

/// The mask bit of a slot's `OUTLET` type: an AGENCY that is a news outlet.
pub(crate) const OUTLET_BIT: u8 = 0x80;

/// A slot's mask: its types' bits; `OUTLET` adds the AGENCY bit and [`OUTLET_BIT`], which
/// with no `AGENCY` of its own keeps only the outlets among the agencies.
pub(crate) fn slot_mask(types: &[EntityType], outlet: bool) -> u8 {
    let agency = types.contains(&EntityType::Agency);
    let mut m = type_mask(types);
    if outlet && !agency {
        m |= type_bit(EntityType::Agency) | OUTLET_BIT;
    }
    m
}

/// What a sentence must hold for a rule's pattern to match anywhere in it, read off the
/// pattern's required elements (those outside groups and `?`): every required word class
/// occurs in the sentence, and for every required slot some mention in the sentence has one of
/// the slot's types. A rule whose needs a sentence does not meet cannot fire there, so the
/// engine does not try it (the answer is the same, only faster).
#[derive(Debug, Clone, Default)]
pub(crate) struct Needs {
    /// Word classes required somewhere in the sentence.
    pub classes: Vec<u32>,
    /// Type masks of the required slots.
    pub slots: Vec<u8>,
    /// What the pattern's first element needs at a start position.
    pub first: FirstNeed,
}

/// What a pattern's first element needs at the token where a match would start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum FirstNeed {
    /// Nothing known (a gap, group, capture ...).
    #[default]
    Any,
    /// A hit of this word class.
    Word(u32),
    /// A party slot: a mention, an adjective or a title word must start there.
    Slot,
}

impl Needs {
    fn of(nodes: &[CNode]) -> Needs {
        let mut needs = Needs::default();
        for n in nodes {
            match n.node {
                Node::Word { class, .. } if !needs.classes.contains(&class) => {
                    needs.classes.push(class);
                }
                Node::Slot { types, .. } => needs.slots.push(types),
                _ => {}
            }
        }
        needs.first = match nodes.first().map(|n| &n.node) {
            Some(Node::Word { class, .. }) => FirstNeed::Word(*class),
            Some(Node::Slot { .. }) => FirstNeed::Slot,
            _ => FirstNeed::Any,
        };
        needs
    }
}

struct Compiler<'a> {
    lexicon: Lexicon,
    class_of: HashMap<String, u32>,
    lists: HashMap<String, Vec<&'a parse::ListDef>>,
}

impl<'a> Compiler<'a> {
    fn add_word(&mut self, word: &str, class: u32) -> Result<(), String> {
        let (w, wildcard) = match word.strip_suffix('*') {
            Some(w) => (w, true),
            None => (word, false),
        };
        let key = crate::text::alias_key(w);
        if key.is_empty() {
            return Err(format!("`{word}` has no letters after normalization"));
        }
        if key.contains(' ') {
            return Err(format!(
                "`{word}` is several tokens: write them as a sequence in the pattern"
            ));
        }
        let map = if wildcard {
            if !self.lexicon.prefix_lens.contains(&key.len()) {
                self.lexicon.prefix_lens.push(key.len());
            }
            &mut self.lexicon.prefix
        } else {
            &mut self.lexicon.exact
        };
        let v = map.entry(key).or_default();
        if !v.contains(&class) {
            v.push(class);
        }
        Ok(())
    }

    fn new_class(&mut self, name: String) -> u32 {
        let id = self.lexicon.names.len() as u32;
        self.lexicon.names.push(name.clone());
        self.class_of.insert(name, id);
        id
    }

    /// The class of a literal word (one per distinct spelling).
    fn literal(&mut self, text: &str, wildcard: bool) -> Result<u32, String> {
        let name = if wildcard {
            format!("{text}*")
        } else {
            text.to_string()
        };
        if let Some(&c) = self.class_of.get(&name) {
            return Ok(c);
        }
        let c = self.new_class(name.clone());
        self.add_word(&name, c)?;
        Ok(c)
    }

    /// The class of a list (words of every definition with that name, from every file).
    fn list(&mut self, name: &str) -> Result<u32, String> {
        let key = format!("@{name}");
        if let Some(&c) = self.class_of.get(&key) {
            return Ok(c);
        }
        if !self.lists.contains_key(name) {
            return Err(format!("unknown word list @{name}"));
        }
        let c = self.new_class(key);
        let mut seen = vec![name.to_string()];
        self.add_list_words(name, c, &mut seen)?;
        Ok(c)
    }

    /// Adds the words of list `name` to `class`; `@other` inside a list includes that list.
    fn add_list_words(
        &mut self,
        name: &str,
        class: u32,
        seen: &mut Vec<String>,
    ) -> Result<(), String> {
        let Some(defs) = self.lists.get(name).cloned() else {
            return Err(format!("unknown word list @{name}"));
        };
        for d in defs {
            for w in &d.words {
                let at = |m: String| format!("@{name} ({}:{}): {m}", d.file, d.line);
                if let Some(inner) = w.strip_prefix('@') {
                    if seen.iter().any(|s| s == inner) {
                        return Err(at(format!("@{inner} includes itself")));
                    }
                    seen.push(inner.to_string());
                    self.add_list_words(inner, class, seen).map_err(at)?;
                    seen.pop();
                } else {
                    self.add_word(w, class).map_err(at)?;
                }
            }
        }
        Ok(())
    }
}

fn compile(parsed: Vec<parse::ParsedFile>, errors: &mut Vec<RuleError>) -> RuleSet {
    let mut lists: HashMap<String, Vec<&parse::ListDef>> = HashMap::new();
    let mut symmetric: HashSet<&str> = HashSet::new();
    for p in &parsed {
        for l in &p.lists {
            lists.entry(l.name.clone()).or_default().push(l);
        }
        symmetric.extend(p.symmetric.iter().map(String::as_str));
    }
    let mut c = Compiler {
        lexicon: Lexicon::default(),
        class_of: HashMap::new(),
        lists,
    };
    let mut cues = Cues::default();
    let mut cue_class = |c: &mut Compiler, name: &str| -> Option<u32> {
        if c.lists.contains_key(name) {
            match c.list(name) {
                Ok(k) => Some(k),
                Err(m) => {
                    errors.push(RuleError {
                        file: "(rules)".into(),
                        line: 0,
                        column: 0,
                        message: m,
                    });
                    None
                }
            }
        } else {
            None
        }
    };
    cues.negation = cue_class(&mut c, cue::NEGATION);
    cues.hypothetical = cue_class(&mut c, cue::HYPOTHETICAL);
    cues.perfect = cue_class(&mut c, cue::PERFECT);
    cues.affirming = cue_class(&mut c, cue::AFFIRMING);
    cues.conditional = cue_class(&mut c, cue::CONDITIONAL);
    cues.reporting = cue_class(&mut c, cue::REPORTING);
    cues.complementizer = cue_class(&mut c, cue::COMPLEMENTIZER);
    cues.attribution = cue_class(&mut c, cue::ATTRIBUTION);
    cues.title = cue_class(&mut c, cue::TITLE);
    cues.and = cue_class(&mut c, cue::AND);
    cues.preposition = cue_class(&mut c, cue::PREPOSITION);
    cues.speech_verb = cue_class(&mut c, cue::SPEECH_VERB);
    cues.on_behalf = cue_class(&mut c, cue::ON_BEHALF);
    cues.outlet_kind = cue_class(&mut c, cue::OUTLET_KIND);
    cues.remarks = cue_class(&mut c, cue::REMARKS);
    cues.opener = cue_class(&mut c, cue::OPENER);
    cues.clause_opener = cue_class(&mut c, cue::CLAUSE_OPENER);
    cues.pronoun = cue_class(&mut c, cue::PRONOUN);
    cues.pre_verb = cue_class(&mut c, cue::PRE_VERB);
    cues.relative = cue_class(&mut c, cue::RELATIVE);
    cues.speech_verb_that = cue_class(&mut c, cue::SPEECH_VERB_THAT);
    cues.unnamed_speaker = cue_class(&mut c, cue::UNNAMED_SPEAKER);
    cues.organisation_noun = cue_class(&mut c, cue::ORGANISATION_NOUN);
    cues.statement_noun = cue_class(&mut c, cue::STATEMENT_NOUN);
    cues.statement_verb = cue_class(&mut c, cue::STATEMENT_VERB);
    cues.spokesperson = cue_class(&mut c, cue::SPOKESPERSON);
    cues.speech_participle = cue_class(&mut c, cue::SPEECH_PARTICIPLE);

    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for p in &parsed {
        for def in &p.rules {
            if let Some((f, l)) = seen.get(&def.id) {
                errors.push(RuleError {
                    file: def.file.clone(),
                    line: def.line,
                    column: 6,
                    message: format!("duplicate rule id {} (first at {f}:{l})", def.id),
                });
                continue;
            }
            seen.insert(def.id.clone(), (def.file.clone(), def.line));
            if let Some(frame) = def.frame {
                if cues.speech_verb.is_none() {
                    errors.push(RuleError {
                        file: def.file.clone(),
                        line: def.line,
                        column: 1,
                        message: format!(
                            "frame {} needs the word list @{}",
                            frame.name(),
                            cue::SPEECH_VERB
                        ),
                    });
                    continue;
                }
                rules.push(Rule {
                    symmetric: symmetric.contains(def.predicate.as_str()),
                    def: def.clone(),
                    nodes: Vec::new(),
                    captures: Vec::new(),
                    sources: vec![format!("frame {}", frame.name())],
                    trigger: Vec::new(),
                });
                continue;
            }
            let mut rc = RuleCompiler {
                c: &mut c,
                captures: Vec::new(),
                sources: Vec::new(),
                trigger: None,
            };
            match rc.seq(&def.pattern, false, true) {
                Ok(nodes) => {
                    let Some(trigger) = rc.trigger else {
                        errors.push(RuleError {
                            file: def.file.clone(),
                            line: def.pattern_line,
                            column: 1,
                            message: "the pattern needs at least one required word or @list \
                                      outside ( ) and ?: it is the rule's trigger"
                                .into(),
                        });
                        continue;
                    };
                    let captures = rc.captures;
                    let sources = rc.sources;
                    rules.push(Rule {
                        symmetric: symmetric.contains(def.predicate.as_str()),
                        def: def.clone(),
                        nodes,
                        captures,
                        sources,
                        trigger,
                    });
                }
                Err((column, message)) => errors.push(RuleError {
                    file: def.file.clone(),
                    line: def.pattern_line,
                    column,
                    message,
                }),
            }
        }
    }
    let mut by_trigger: Vec<Vec<u32>> = vec![Vec::new(); c.lexicon.names.len()];
    for (i, r) in rules.iter().enumerate() {
        for &t in &r.trigger {
            if by_trigger.len() <= t as usize {
                by_trigger.resize(t as usize + 1, Vec::new());
            }
            let v = &mut by_trigger[t as usize];
            if !v.contains(&(i as u32)) {
                v.push(i as u32);
            }
        }
    }
    let needs = rules.iter().map(|r| Needs::of(&r.nodes)).collect();
    c.lexicon.prefix_lens.sort_unstable();
    c.lexicon.index_prefix_heads();
    let frames = (0..rules.len() as u32)
        .filter(|&i| rules[i as usize].def.frame.is_some())
        .collect();
    RuleSet {
        rules,
        lexicon: c.lexicon,
        by_trigger,
        needs,
        cues,
        frames,
        files: 0,
        fingerprint: 0,
    }
}

struct RuleCompiler<'c, 'a> {
    c: &'c mut Compiler<'a>,
    captures: Vec<String>,
    sources: Vec<String>,
    trigger: Option<Vec<u32>>,
}

impl RuleCompiler<'_, '_> {
    fn cap(&mut self, name: &str) -> u16 {
        if let Some(i) = self.captures.iter().position(|c| c == name) {
            return i as u16;
        }
        self.captures.push(name.to_string());
        (self.captures.len() - 1) as u16
    }

    /// Compiles a sequence. `top`: the top level of the pattern (a trigger may come from it).
    fn seq(
        &mut self,
        items: &[parse::Item],
        in_capture: bool,
        top: bool,
    ) -> Result<Vec<CNode>, (usize, String)> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let src = self.sources.len() as u16;
            self.sources.push(item.source.clone());
            let err = |m: String| (item.column, m);
            let mut nodes: Vec<CNode> = Vec::new();
            match &item.elem {
                Elem::Word { text, wildcard } => {
                    let class = self.c.literal(text, *wildcard).map_err(err)?;
                    let trigger = top && !item.optional && self.trigger.is_none();
                    if trigger {
                        self.trigger = Some(vec![class]);
                    }
                    nodes.push(CNode {
                        node: Node::Word { class, trigger },
                        src,
                    });
                }
                Elem::List(name) => {
                    let class = self.c.list(name).map_err(err)?;
                    let trigger = top && !item.optional && self.trigger.is_none();
                    if trigger {
                        self.trigger = Some(vec![class]);
                    }
                    nodes.push(CNode {
                        node: Node::Word { class, trigger },
                        src,
                    });
                }
                Elem::Slot {
                    name,
                    types,
                    outlet,
                    list,
                } => {
                    let cap = self.cap(name);
                    nodes.push(CNode {
                        node: Node::Slot {
                            cap,
                            types: slot_mask(types, *outlet),
                            list: *list,
                            subject: name == "subject",
                        },
                        src,
                    });
                }
                Elem::Gap { min, max } => {
                    // The nearest party wins: a gap never skips a mention the slot next to it
                    // would accept.
                    let mut forbid = 0u8;
                    for j in [i.wrapping_sub(1), i + 1] {
                        if let Some(Elem::Slot { types, outlet, .. }) =
                            items.get(j).map(|it| &it.elem)
                        {
                            forbid |= slot_mask(types, *outlet) & !OUTLET_BIT;
                        }
                    }
                    nodes.push(CNode {
                        node: Node::Gap {
                            min: *min,
                            max: *max,
                            in_capture,
                            forbid,
                        },
                        src,
                    });
                }
                Elem::Capture { name, inner } => {
                    let cap = self.cap(name);
                    let inner = self.seq(inner, true, false)?;
                    nodes.push(CNode {
                        node: Node::Open(cap),
                        src,
                    });
                    nodes.extend(inner);
                    nodes.push(CNode {
                        node: Node::Close(cap),
                        src,
                    });
                }
                Elem::Quoted(name) => {
                    let cap = self.cap(name);
                    nodes.push(CNode {
                        node: Node::Quoted(cap),
                        src,
                    });
                }
                Elem::Rest(name) => {
                    let cap = self.cap(name);
                    nodes.push(CNode {
                        node: Node::Rest(cap),
                        src,
                    });
                }
                Elem::Group(alts) => {
                    let mut calts = Vec::with_capacity(alts.len());
                    for a in alts {
                        calts.push(self.seq(a, in_capture, false)?);
                    }
                    // A required group whose every alternative has a required word triggers
                    // on any of those words (the first one of each alternative).
                    if top && !item.optional && self.trigger.is_none() {
                        let firsts: Option<Vec<usize>> = calts
                            .iter()
                            .map(|a| a.iter().position(|n| matches!(n.node, Node::Word { .. })))
                            .collect();
                        if let Some(firsts) = firsts {
                            let mut classes = Vec::new();
                            for (a, &i) in calts.iter_mut().zip(&firsts) {
                                if let Node::Word { class, trigger } = &mut a[i].node {
                                    *trigger = true;
                                    classes.push(*class);
                                }
                            }
                            self.trigger = Some(classes);
                        }
                    }
                    nodes.push(CNode {
                        node: Node::Group {
                            alts: calts,
                            optional: item.optional,
                        },
                        src,
                    });
                }
            }
            if item.optional && !matches!(item.elem, Elem::Group(_)) {
                out.push(CNode {
                    node: Node::Group {
                        alts: vec![nodes],
                        optional: true,
                    },
                    src,
                });
            } else {
                out.extend(nodes);
            }
        }
        Ok(out)
    }
}

impl RuleSet {
    /// A builder with no sources.
    pub fn builder() -> RuleSetBuilder {
        RuleSetBuilder::new()
    }

    /// The compiled rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Number of files read.
    pub fn file_count(&self) -> usize {
        self.files
    }

    /// A hash of every source file's name and contents.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Whether a predicate is declared symmetric.
    pub fn is_symmetric(&self, predicate: &str) -> bool {
        self.rules
            .iter()
            .any(|r| r.symmetric && r.def.predicate == predicate)
    }
}
