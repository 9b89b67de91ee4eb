//! Resolution: who is who beyond the gazetteer's literal names.
//!
//! Runs after the gazetteer matcher, per document, over its tokens and matches:
//!
//! - **Titles and appositions.** A title phrase (a title form from the titles table, then a
//!   nisba adjective, a country or agency, or an anaphor such as الوكالة) followed by a person
//!   gives `holds-position`; "الرئيس الروسي، فلاديمير بوتين" and "Russian President Vladimir
//!   Putin" alike. An office, then an honorific or a rank, then the name ("أمير الكويت الشيخ
//!   X"، "الناطق باسم الوزارة، العقيد X"): the name holds the office. Before resolution, a
//!   gazetteer alias of a person loses its leading titles ([`Resolver::trim_person_titles`]),
//!   so the titles are outside the name and give the position like any other.
//! - **People in no gazetteer.** A title phrase, a comma, then two to four name-like tokens
//!   closed by a comma ("نائب رئيس الوكالة، بافيل شيفتسوف،"), or a speech verb, a name, a comma
//!   and a title phrase ("وقال ديمتري شوجاييف، مدير ..."), or in English a title then
//!   capitalized names, give a PERSON marked `source: rule`, with an id derived from the
//!   normalized name only (the same in every document).
//! - **Roles in the document.** A singular title with no name after it is first the one
//!   person the document names with the same role in the same body or country (a bare
//!   definite title: with the same role at all), as in "وأشار الناطق الرسمي باسم حركة النهضة"
//!   after the spokesman was named: a mention `via: coreference`, so the statement is his.
//! - **Roles by date.** Else a singular title with its country ("الرئيس الجزائري", "the Algerian
//!   president") and no name after it resolves to the one person who held that role on the
//!   document's date (else the gazetteers' `as_of` date; never the clock). Its mention says
//!   `via: role`. Counterpart titles ("نظيره الجزائري") take the role of the title before them;
//!   with no title before, they resolve to nothing.
//! - **Metonymy.** A capital or seat of government (an entity with `stands_for`) used as an
//!   actor keeps its mention and says what it stands for; after a locative word ("في", "خارج",
//!   "in"), in parentheses, or right after an agency's name it is the place.
//! - **Coreference.** A surname alone joins a person found earlier in the document (`via:
//!   short`, a name like the gazetteer's short forms); anaphors
//!   from the lexicon (الوكالة, البلدين, الرئيسان, "the two countries") join the entities in
//!   focus. Every mention keeps its own span.
//!
//! Each of these is a pass: a file with one `run(&DocIndex, &mut Work)` function, run in the
//! order of [`PASSES`] over a per-document [`index::DocIndex`] built once. A new pass is one new
//! file and one line in that list.
//!
//! Word lists (titles, speech verbs, function words, locatives, anaphors, name particles,
//! "between" and "and") are data in the gazetteer directory (`lexicon.tsv`); the Arabic
//! proclitic grammar is [`crate::text::clitics`].

mod adjectives;
mod anaphors;
mod bodies;
pub(crate) use bodies::place_head;
pub(crate) mod clubs;
mod complements;
mod delegations;
mod events;
mod facilities;
mod forms;
pub(crate) mod head_words;
mod heads;
mod index;
mod metonymy;
mod names;
mod repeats;
mod roles;
pub(crate) mod settlements;
mod surnames;
mod titles;
mod variants;

use rustc_hash::FxHashMap as HashMap;

use crate::date::PartialDate;
use crate::gazetteer::{Gazetteer, Match, MatchScratch, Matcher, Reading, StartHint, WordClass};
use crate::model::EntityType;
pub use crate::model::Via;
use crate::text::{Normalized, Tokens};

use index::DocIndex;

/// An entity a resolved mention points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A gazetteer entity (index into the gazetteer's table).
    Gazetteer(u32),
    /// A person found by pattern in this document (index into [`Resolved::found`]).
    Found(u32),
    /// An entity the name tagger found (index into [`Resolved::tagged`]).
    Tagged(u32),
}

/// A title phrase and the name of the person it names, read by the rules as one party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Apposition {
    /// The person.
    pub person: Target,
    /// First token of the title phrase or the name, whichever comes first.
    pub first: usize,
    /// One past the last token of the two.
    pub end: usize,
    /// The title phrase comes after the name ("ديمتري شوجاييف، مدير ..."): the apposition
    /// ends in the title's words, not the name's.
    pub title_after: bool,
}

/// A person found by pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPerson {
    /// Stable id derived from the normalized name.
    pub id: String,
    /// The name as first written.
    pub name: String,
    /// Whether the name is in Arabic script.
    pub arabic: bool,
    /// The normalized tokens of the name.
    norm_tokens: Vec<String>,
}

/// A mention added by resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMention {
    /// The entity.
    pub target: Target,
    /// First token.
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// Original byte range.
    pub byte_start: usize,
    /// End of the original byte range.
    pub byte_end: usize,
    /// [`Via::Pattern`], [`Via::Role`], [`Via::Short`] (a surname alone), [`Via::Coreference`],
    /// [`Via::Tagger`] or [`Via::Repeat`] (a name found elsewhere in the document).
    pub via: Via,
}

/// A `holds-position` found from a title and a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// The person.
    pub person: Target,
    /// The role key (`president`).
    pub role: String,
    /// The title as written: original byte range.
    pub title_bytes: (usize, usize),
    /// The country or agency the role is held in.
    pub of: Option<Target>,
    /// Sentence index.
    pub sentence: usize,
    /// `resolve/apposition`, `resolve/role` ...
    pub rule: &'static str,
    /// How sure the pass that found it is.
    pub confidence: f64,
}

/// What resolution adds to a document.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// People found by pattern.
    pub found: Vec<FoundPerson>,
    /// Entities the name tagger found (see [`crate::tagger::merge`]).
    pub tagged: Vec<crate::tagger::merge::TaggedEntity>,
    /// Mentions added (people found, roles, coreference).
    pub mentions: Vec<ResolvedMention>,
    /// Gazetteer matches used as metonymy: (index into the matches, entity they stand for),
    /// in match order.
    pub stands_for: Vec<(usize, u32)>,
    /// Positions held, in text order of their titles.
    pub positions: Vec<Position>,
    /// Title-and-name appositions of people found by pattern ("نائب رئيس الوكالة، بافيل
    /// شيفتسوف"; "ديمتري شوجاييف، مدير ..."). Rules read the whole apposition as that
    /// person.
    pub appositions: Vec<Apposition>,
    /// Gazetteer matches a longer name found by resolution holds ("جمعية الحمامات", a club, holds
    /// the town الحمامات): indices into the matches, which the pipeline drops after resolution
    /// (the guidelines annotate the outermost name only).
    pub dropped_matches: Vec<usize>,
    /// Gazetteer matches of a country's name that stand as its adjective ("الشركة السعودية":
    /// `adjectives`): indices into the matches, which the pipeline reads as the country's
    /// nisba (no mention).
    pub adjectives: Vec<usize>,
}

/// A person's tenure of a role: (person, start, end); in [`Resolver::leaders`], (country,
/// start, end).
type Tenure = (u32, Option<PartialDate>, Option<PartialDate>);

/// Whether a term from `start` to `end` (None: open) covers `day`.
fn in_term(start: Option<PartialDate>, end: Option<PartialDate>, day: (i32, u8, u8)) -> bool {
    start.is_none_or(|s| s.earliest() <= day) && end.is_none_or(|e| e.latest() >= day)
}

/// The offices of a state's head or head of government.
const LEADERS: &[&str] = &[
    "president",
    "prime-minister",
    "king",
    "emir",
    "sultan",
    "chancellor",
    "supreme-leader",
];

/// One document as resolution sees it: the text stages' results.
#[derive(Clone, Copy)]
pub struct DocView<'a> {
    /// The original text.
    pub original: &'a str,
    /// Its normalization.
    pub norm: &'a Normalized,
    /// Its tokens and sentences.
    pub tokens: &'a Tokens,
    /// The gazetteer's matches.
    pub matches: &'a [Match],
    /// The document date, else the gazetteers' as-of date.
    pub date: Option<PartialDate>,
    /// The name tagger ran over the document (its names come in `resolve_from`'s `tagged`).
    pub tagger: bool,
    /// Whether a normalized Arabic word is one news writes often (the word forms of the
    /// tagger's model, [`crate::tagger::Tagger::frequent_arabic_form`]), when a model is at
    /// hand: a facility noun before a word that is no common word's form names it.
    pub frequent: Option<&'a dyn Fn(&str) -> bool>,
}

/// The compiled resolution stage.
pub struct Resolver {
    titles: Matcher,
    role_keys: Vec<String>,
    counterpart: Option<u32>,
    /// Normalized title forms that are singular.
    singular_titles: std::collections::HashSet<String>,
    /// Normalized title forms that are definite (the article or a definite construct:
    /// المتحدث، رئيس الحكومة).
    definite_titles: std::collections::HashSet<String>,
    words: Matcher,
    /// Bodies named without their country ([`Gazetteer::bare_bodies`]); readings index
    /// `body_forms`.
    bodies: Matcher,
    /// The bare forms, normalized.
    body_forms: Vec<String>,
    word_rows: Vec<(WordClass, Option<EntityType>, u8)>,
    /// (role, of) -> holders with their dates.
    holders: HashMap<(u32, u32), Vec<Tenure>>,
    /// Person -> the (role, country) pairs of the offices the roles table gives them in a
    /// country ([`Resolver::office_country`]).
    offices: HashMap<u32, Vec<(u32, u32)>>,
    /// Roles that are a country's office (someone holds them in a country in the roles
    /// table, or a minister's): with no country in the phrase, the document's country.
    national: std::collections::HashSet<u32>,
    /// Roles that are honorifics, not offices (Mr, Dr, السيد، الشيخ): no holds-position.
    honorific: std::collections::HashSet<u32>,
    /// The role that says an office is a former one (السابق، former).
    former: Option<u32>,
    /// The first day of each person's first office in the roles table
    /// ([`Resolver::doubt_short_forms_before_their_time`]).
    first_office: HashMap<u32, (i32, u8, u8)>,
    /// The heads of states and governments ([`LEADERS`]): person -> (country, start, end).
    leaders: HashMap<u32, Vec<Tenure>>,
    /// One-word title forms that stand before a name (normalized): Arabic ones with the
    /// article (الملك، الشيخ، العاهل), and English ones (king, sheikh).
    leading_titles: std::collections::HashSet<String>,
    /// Countries by the spelling skeleton of their Arabic name ([`name_skeleton`]; None when
    /// two share one), with the name normalized: a place the tagger found under another
    /// spelling (قرغيزستان، بلجيكيا) is that country
    /// ([`crate::gazetteer::long_vowel_variant`]).
    ///
    /// [`name_skeleton`]: crate::gazetteer::name_skeleton
    country_skeletons: HashMap<String, Option<(u32, String)>>,
    /// This resolver's tag in the per-thread [`forms::FormMemo`] (never 0).
    tag: u32,
}

/// Tags of resolvers, so one thread's per-form table never answers for another resolver.
static NEXT_TAG: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// Role keys of the titles table that are forms of address, not offices.
const HONORIFIC_ROLES: &[&str] = &[
    "mister",
    "doctor",
    "professor",
    "engineer",
    "sayyid",
    "sheikh",
];

/// Per-token annotations for one document (scratch).
#[derive(Debug, Default)]
pub struct ResolveScratch {
    titles: Vec<Match>,
    bodies: Vec<Match>,
    words: Vec<Match>,
    ms: MatchScratch,
    /// Per token: what resolution asks of its form ([`forms`]).
    forms: Vec<forms::FormInfo>,
    form_memo: forms::FormMemo,
}

impl ResolveScratch {
    /// After [`Resolver::prepare_forms`] for a document: what the gazetteer's matcher knows
    /// of token `t` before it looks ([`Matcher::find_hinted`] with these hints finds what
    /// [`Matcher::find`] finds).
    pub fn gazetteer_hint(&self, t: usize) -> StartHint {
        self.forms
            .get(t)
            .map_or(StartHint::Unknown, |f| f.hint(forms::GAZETTEER))
    }
}

/// A title phrase: a title, then what the role is of ("الرئيس الجزائري", "Russian President").
#[derive(Debug, Clone)]
pub(crate) struct TitlePhrase {
    /// First token (the adjective or country in English order).
    start: usize,
    /// Original byte where the phrase starts (after any proclitic).
    byte_start: usize,
    /// One past the last token.
    end: usize,
    /// Role readings of the title.
    roles: Vec<u32>,
    /// The country or agency (gazetteer index).
    of: Option<u32>,
    /// An organisation the tagger found after the title (رئيس حكومة الوفاق، المدير الجهوي
    /// للمجمع ...), when the gazetteer knows none there.
    of_tagged: Option<Target>,
    /// An organisation in no gazetteer named in the phrase (tokens): it becomes an AGENCY
    /// entity when the phrase names a person (an unnamed "director of X" is no party), with
    /// the normalized length of a preposition in its first token (بوزارة).
    body: Option<(usize, usize, usize)>,
    /// The phrase ends in a body's head noun that names no body ("المتحدث باسم الجيش"، "رئيس
    /// النادي"): the office is held in a body left unnamed, not in the document's country.
    unnamed_body: bool,
    /// Another title right before it (نائب، مبعوث، مستشار وزير ...) or a "former" word right
    /// after it (السابق، الأسبق): the office is not the one the title names.
    qualified: bool,
    /// No position is recorded for it: a "former" word right after it (a former office is
    /// not held), or a title before it that is not a deputy's ("مستشار الزعيم ياسر عرفات":
    /// the name is the leader's, the adviser is someone else).
    no_position: bool,
    /// The title is a singular form.
    singular: bool,
    /// The title is a definite form (the article or a definite construct).
    definite: bool,
    /// A person was found for it (by apposition or pattern); roles by date skip it.
    named: bool,
}

/// What the passes build for one document: the result, and state later passes read.
#[derive(Debug, Default)]
pub(crate) struct Work {
    /// The result so far.
    pub out: Resolved,
    /// People found so far by normalized name.
    found_index: HashMap<String, u32>,
    /// Title phrases in text order (the titles pass).
    phrases: Vec<TitlePhrase>,
    /// Per token: inside a gazetteer match or a mention added so far.
    cover: Vec<bool>,
}

impl Work {
    /// Adds a mention and covers its tokens.
    fn push_mention(&mut self, m: ResolvedMention) {
        for c in &mut self.cover[m.first_token..m.end_token] {
            *c = true;
        }
        self.out.mentions.push(m);
    }

    /// Token `t` is inside a name: a mention added so far, or a gazetteer match other than a
    /// nisba or an ambiguous form (المالية "financial" or "Malian", الجديد "new" or a Libyan
    /// town, "المالية المصرية" the Egyptian finance ministry or "Egyptian financial"), which
    /// may still be words of an organisation's name ("هيئة الرقابة المالية المصرية").
    fn in_name(&self, doc: &DocIndex, t: usize) -> bool {
        if !self.cover[t] {
            return false;
        }
        let weak = doc
            .match_covering(t)
            .is_some_and(|mi| !matches!(doc.matches[mi].reading, Reading::Entity(..)));
        !weak
            || self
                .out
                .mentions
                .iter()
                .any(|m| m.first_token <= t && t < m.end_token)
    }

    /// The person found by pattern at tokens `[first, end)`, the first `prefix_len` normalized
    /// bytes of the first token (a proclitic) left out of the name; one per normalized name.
    fn found_person(
        &mut self,
        doc: &DocIndex,
        first: usize,
        end: usize,
        prefix_len: usize,
    ) -> Target {
        let mut norm_tokens: Vec<String> =
            (first..end).map(|t| doc.norm_of(t).to_string()).collect();
        norm_tokens[0] = norm_tokens[0][prefix_len..].to_string();
        let key = norm_tokens.join(" ");
        if let Some(&i) = self.found_index.get(&key) {
            return Target::Found(i);
        }
        let id = person_id(&key);
        let name_start = doc
            .norm
            .original_byte(doc.toks[first].norm_start as usize + prefix_len);
        let name = doc.original[name_start..doc.toks[end - 1].byte_end as usize].to_string();
        let i = self.out.found.len() as u32;
        self.out.found.push(FoundPerson {
            id,
            arabic: crate::text::has_arabic(&key),
            name,
            norm_tokens,
        });
        self.found_index.insert(key, i);
        Target::Found(i)
    }
}

impl Work {
    /// Whether gazetteer match `mi` is still a mention: no longer name holds it
    /// ([`Resolved::dropped_matches`]) and it was not read as a country's adjective
    /// ([`Resolved::adjectives`]).
    fn match_stands(&self, mi: usize) -> bool {
        !self.out.dropped_matches.contains(&mi) && !self.out.adjectives.contains(&mi)
    }

    /// The organisation named by tokens `[first, end)` of a title phrase, starting
    /// `prefix_len` normalized bytes into the first token (after a proclitic: بوزارة): an
    /// AGENCY entity in no gazetteer with an id derived from its normalized name (the same in
    /// every document), and its mention.
    /// Records that the rules read tokens `[first, end)`, a title phrase and `person`'s name,
    /// as that person; `title_after`: the title comes after the name.
    fn apposition(&mut self, person: Target, first: usize, end: usize, title_after: bool) {
        self.out.appositions.push(Apposition {
            person,
            first,
            end,
            title_after,
        });
    }

    fn body_from(&mut self, doc: &DocIndex, first: usize, end: usize, prefix_len: usize) -> Target {
        self.named_from(doc, first, end, prefix_len, EntityType::Agency)
    }

    /// An entity of type `ty` in no gazetteer named by tokens `[first, end)` (the first
    /// `prefix_len` normalized bytes left out), with an id derived from its normalized name
    /// (the same in every document), and its mention.
    fn named_from(
        &mut self,
        doc: &DocIndex,
        first: usize,
        end: usize,
        prefix_len: usize,
        ty: EntityType,
    ) -> Target {
        let mut key = doc.joined_norm(first, end);
        if key.is_char_boundary(prefix_len) {
            key.drain(..prefix_len);
        }
        // ل merged with the article stays in the span (للقمة) but not in the name: the id is
        // the one of القمة.
        if prefix_len == 0 && key.starts_with("لل") {
            key.replace_range(.."ل".len(), "ا");
        }
        let id = derived_id(ty.prefix(), &key);
        let i = match self.out.tagged.iter().position(|e| e.id == id) {
            Some(i) => i,
            None => {
                let m = doc.mention_from(Target::Found(0), first, end, prefix_len, Via::Pattern);
                let (a, b) = (m.byte_start, m.byte_end);
                self.out.tagged.push(crate::tagger::merge::TaggedEntity {
                    id,
                    entity_type: ty,
                    name: doc.original[a..b].to_string(),
                    arabic: crate::text::has_arabic(&key),
                    source: crate::model::EntitySource::Rule,
                });
                self.out.tagged.len() - 1
            }
        };
        let target = Target::Tagged(i as u32);
        self.push_mention(doc.mention_from(target, first, end, prefix_len, Via::Pattern));
        target
    }
}

/// Legal forms, as written (case-sensitive: "co" or "sa" in running text are no
/// legal form).
pub(crate) const LEGAL_FORMS: &[&str] = &[
    "Co",
    "Cos",
    "Corp",
    "Corporation",
    "Inc",
    "Incorporated",
    "Ltd",
    "Limited",
    "Plc",
    "PLC",
    "plc",
    "AG",
    "SA",
    "NV",
    "LLC",
    "GmbH",
    "SpA",
    "AB",
    "ASA",
];

/// The classifier nouns the annotation guidelines leave outside a name used alone, normalized
/// (`Resolver::trim_classifiers`).
pub(crate) const CLASSIFIERS: &[&str] = &[
    "مدينه",
    "محافظه",
    "ولايه",
    "شركه",
    "صحيفه",
    "قناه",
    "تنظيم",
    "حركه",
];

/// Whether a normalized Arabic word has the shape of a definite nisba adjective (الروسي،
/// الإيطالية): the article, and ي or يه (ية) at the end.
fn nisba_shaped(w: &str) -> bool {
    w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("يه"))
}

/// Whether `text` alone is a gazetteer name of entity `e` (`any`: of any entity), or an
/// ambiguous form `e` is one reading of: a name that stands alone, for the span trims of
/// [`Resolver::trim_classifiers`].
fn names_alone_as(g: &Gazetteer, text: &str, e: u32, any: bool) -> bool {
    match g.whole_name(text) {
        Some(crate::gazetteer::Reading::Entity(x, _)) => any || x == e,
        Some(crate::gazetteer::Reading::Ambiguous(v)) => v.contains(&e),
        _ => false,
    }
}

/// Countries by the spelling skeleton of their Arabic name ([`Resolver::country_skeletons`]).
fn country_skeletons(g: &Gazetteer) -> HashMap<String, Option<(u32, String)>> {
    let mut out: HashMap<String, Option<(u32, String)>> = HashMap::default();
    for (i, e) in g.entities().iter().enumerate() {
        let Some(ar) = e.ar.as_deref() else {
            continue;
        };
        if e.entity_type != EntityType::Country {
            continue;
        }
        let name = crate::text::alias_key(ar);
        let skeleton = crate::gazetteer::name_skeleton(&name);
        // Too short a skeleton (مالي -> مل) names no country safely.
        if skeleton.chars().count() < 4 {
            continue;
        }
        let slot = out
            .entry(skeleton)
            .or_insert_with(|| Some((i as u32, name.clone())));
        if slot.as_ref().is_some_and(|(x, _)| *x != i as u32) {
            *slot = None;
        }
    }
    out
}

/// A title is never a name (the guidelines): a tagged span inside a title of two words or
/// more is dropped ("ولي العهد", crown prince, read as a person "لي العهد" after the
/// conjunction, or its "العهد" as an organisation; "آية الله"), and the title phrase names the
/// person it stands for. One-word titles never reach here (`crate::tagger`'s bare nouns).
fn drop_names_inside_titles(tagged: &mut Resolved, titles: &[Match]) {
    if titles.is_empty() {
        return;
    }
    tagged.mentions.retain(|m| {
        m.via != Via::Tagger
            || !matches!(m.target, Target::Tagged(_))
            || !titles.iter().any(|t| {
                t.end_token >= t.first_token + 2
                    && t.first_token <= m.first_token
                    && m.end_token <= t.end_token
            })
    });
}

/// A resolution pass: reads the document index, adds to the work.
type Pass = fn(&DocIndex, &mut Work);

/// The passes in order. Later passes read what earlier ones added: roles by date take the
/// title phrases no name was found for; names by pattern and surnames skip tokens already
/// covered; plural anaphors count the capitals metonymy made actors.
const PASSES: &[(&str, Pass)] = &[
    ("countries' names as their adjective", adjectives::run),
    ("titles and appositions", titles::run),
    ("roles by date", roles::run),
    ("names by pattern", names::run),
    ("surnames", surnames::run),
    ("spelling variants and bodies by country", variants::run),
    ("organisations by their head noun", bodies::run),
    (
        "organisations by a head and a name-forming adjective",
        bodies::run_described,
    ),
    ("clubs by a club noun and their town", clubs::run),
    ("events by their head noun", events::run),
    ("facilities by their head noun", facilities::run),
    ("places after a settlement noun", settlements::run),
    (
        "English organisations by their head word alone",
        head_words::run,
    ),
    ("names said again", repeats::run),
    ("metonymy", metonymy::run),
    ("delegations", delegations::run),
    ("plural anaphors", anaphors::run),
    ("subjects of reported clauses", complements::run),
];

impl Resolver {
    /// Compiles the titles and lexicon of a gazetteer.
    pub fn new(g: &Gazetteer) -> Result<Resolver, String> {
        let mut role_index: std::collections::HashMap<String, u32> = Default::default();
        let mut role_keys = Vec::new();
        let mut title_forms = Vec::new();
        let mut singular_titles = std::collections::HashSet::new();
        let mut definite_titles = std::collections::HashSet::new();
        let mut leading_titles = std::collections::HashSet::new();
        for t in g.titles() {
            let key = crate::text::alias_key(&t.form);
            let arabic = crate::text::has_arabic(&key);
            if !key.contains(' ') && (!arabic || key.starts_with("ال")) {
                leading_titles.insert(key);
            }
            let n = role_keys.len() as u32;
            let role = *role_index.entry(t.role.clone()).or_insert_with(|| {
                role_keys.push(t.role.clone());
                n
            });
            if t.number.as_deref().is_none_or(|n| n == "sg") {
                singular_titles.insert(crate::text::alias_key(&t.form));
            }
            if t.definite == Some(true) {
                definite_titles.insert(crate::text::alias_key(&t.form));
            }
            title_forms.push((t.form.as_str(), role));
        }
        let titles = Matcher::from_forms(&title_forms)?;
        let counterpart = role_index.get("counterpart").copied();
        let word_rows = g
            .words()
            .iter()
            .map(|w| (w.class, w.entity_type, w.count))
            .collect();
        // Whole-token classes (particles, "between", "and") are looked up by Gazetteer::is_word.
        let word_forms: Vec<(&str, u32)> = g
            .words()
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.class.is_whole_token())
            .map(|(i, w)| (w.word.as_str(), i as u32))
            .collect();
        let words = Matcher::from_forms(&word_forms)?;
        let mut body_forms: Vec<String> = g.bare_bodies().keys().cloned().collect();
        body_forms.sort();
        let bodies = Matcher::from_forms(
            &body_forms
                .iter()
                .enumerate()
                .map(|(i, f)| (f.as_str(), i as u32))
                .collect::<Vec<_>>(),
        )?;
        let mut holders: HashMap<(u32, u32), Vec<_>> = HashMap::default();
        // The day each person's first office of the roles table began, and the terms of the
        // heads of states and governments ([`Resolver::state_led_on`]).
        let mut first_office: HashMap<u32, (i32, u8, u8)> = HashMap::default();
        let mut leaders: HashMap<u32, Vec<Tenure>> = HashMap::default();
        let mut offices: HashMap<u32, Vec<(u32, u32)>> = HashMap::default();
        for r in g.roles() {
            let (Some(person), Some(of)) = (g.entity_index(&r.person), g.entity_index(&r.of))
            else {
                continue;
            };
            if let Some(start) = r.start {
                let day = first_office.entry(person).or_insert(start.earliest());
                *day = (*day).min(start.earliest());
            }
            if LEADERS.contains(&r.role.as_str()) && g.entity(of).entity_type == EntityType::Country
            {
                leaders
                    .entry(person)
                    .or_default()
                    .push((of, r.start, r.end));
            }
            if let Some(&role) = role_index.get(&r.role) {
                holders
                    .entry((role, of))
                    .or_default()
                    .push((person, r.start, r.end));
                if g.entity(of).entity_type == EntityType::Country {
                    let v = offices.entry(person).or_default();
                    if !v.contains(&(role, of)) {
                        v.push((role, of));
                    }
                }
            }
        }
        let mut national: std::collections::HashSet<u32> = holders
            .keys()
            .filter(|(_, of)| g.entity(*of).entity_type == EntityType::Country)
            .map(|(role, _)| *role)
            .collect();
        national.extend(
            role_keys
                .iter()
                .enumerate()
                .filter(|(_, k)| k.ends_with("minister"))
                .map(|(i, _)| i as u32),
        );
        let honorific = HONORIFIC_ROLES
            .iter()
            .filter_map(|k| role_index.get(*k).copied())
            .collect();
        let former = role_index.get("former").copied();
        Ok(Resolver {
            first_office,
            leaders,
            offices,
            titles,
            role_keys,
            counterpart,
            singular_titles,
            definite_titles,
            words,
            word_rows,
            bodies,
            body_forms,
            holders,
            national,
            honorific,
            former,
            leading_titles,
            country_skeletons: country_skeletons(g),
            tag: NEXT_TAG.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// A chain of descent is inside a person's name (the annotation guidelines): a gazetteer
    /// alias of a person that the text continues with "بن X"، "ابن X"، "بنت X" or "آل X"
    /// ("محمد بن زايد" + "آل نهيان") names the person up to the chain's end (at most three
    /// links, each an Arabic word, or two for a compound name: عبد العزيز، أبو بكر, that no
    /// other match covers, in the same sentence). In English the links are "bin", "bint",
    /// "ibn" and "Al" before a capitalized word, and a family name in one token ("al-Thani")
    /// ends the chain ("Tamim" + "bin Hamad al-Thani").
    pub fn extend_person_chains(
        &self,
        g: &Gazetteer,
        original: &str,
        tokens: &crate::text::Tokens,
        norm: &crate::text::Normalized,
        matches: &mut [crate::gazetteer::Match],
    ) {
        let toks = &tokens.tokens;
        let mut covered = vec![false; toks.len()];
        for m in matches.iter() {
            for c in covered.iter_mut().take(m.end_token).skip(m.first_token) {
                *c = true;
            }
        }
        let word = |t: usize| {
            toks[t].kind == crate::text::TokenKind::Word
                && crate::text::has_arabic(toks[t].norm(&norm.text))
                && !covered[t]
        };
        // Latin: the token as written, and whether it is a capitalized word no match covers.
        let latin = |t: usize| {
            let w = original.get(toks[t].byte_start as usize..toks[t].byte_end as usize)?;
            (toks[t].kind == crate::text::TokenKind::Word && w.is_ascii()).then_some(w)
        };
        let capitalized = |t: usize| {
            !covered[t] && latin(t).is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        };
        let family = |t: usize| {
            !covered[t]
                && latin(t).is_some_and(|w| {
                    ["al-", "Al-", "el-", "El-"].iter().any(|p| {
                        w.strip_prefix(p)
                            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
                    })
                })
        };
        // A name after a link: a word with the article only when the rest is a given name
        // ("بن الحسين", not "بن الوزير").
        let name = |t: usize| {
            let w = toks[t].norm(&norm.text);
            word(t)
                && w.strip_prefix("ال")
                    .is_none_or(|rest| g.is_given_name(rest) || g.is_given_name(w))
        };
        for m in matches.iter_mut() {
            let crate::gazetteer::Reading::Entity(e, _) = m.reading else {
                continue;
            };
            if g.entity(e).entity_type != EntityType::Person
                || m.end_token == 0
                || m.end_token > toks.len()
            {
                continue;
            }
            let sentence = toks[m.end_token - 1].sentence;
            let same = |t: usize| t < toks.len() && toks[t].sentence == sentence;
            let mut end = m.end_token;
            for _ in 0..3 {
                let arabic_link = same(end + 1)
                    && matches!(toks[end].norm(&norm.text), "بن" | "ابن" | "بنت" | "ال")
                    && word(end)
                    && name(end + 1);
                let latin_link = same(end + 1)
                    && matches!(latin(end), Some("bin" | "bint" | "ibn" | "Al"))
                    && !covered[end]
                    && capitalized(end + 1);
                if arabic_link {
                    // A compound name takes its second word ("بن عبد العزيز").
                    let compound = matches!(toks[end + 1].norm(&norm.text), "عبد" | "ابو")
                        && same(end + 2)
                        && word(end + 2);
                    end += if compound { 3 } else { 2 };
                } else if latin_link {
                    end += 2;
                } else if same(end) && family(end) {
                    // "al-Thani", "Al-Sabah": a family name in one token ends the chain.
                    end += 1;
                    break;
                } else {
                    break;
                }
            }
            if end > m.end_token {
                m.end_token = end;
                m.byte_end = toks[end - 1].byte_end as usize;
            }
        }
    }

    /// Classifier nouns stand outside a name used alone (the annotation guidelines): a place's
    /// or an organisation's gazetteer alias that starts with one ("مدينة سنغافورة"، "حركة
    /// حماس"، "صحيفة الشرق الأوسط") names the entity from the next word on when the rest is,
    /// alone, a gazetteer name. Classifiers that are part of a name (وزارة، وكالة الأنباء،
    /// هيئة، مجلس، جامعة) and countries ("دولة الإمارات") keep their span.
    pub fn trim_classifiers(
        &self,
        g: &Gazetteer,
        original: &str,
        tokens: &crate::text::Tokens,
        norm: &crate::text::Normalized,
        matches: &mut [crate::gazetteer::Match],
    ) {
        let toks = &tokens.tokens;
        for m in matches.iter_mut() {
            let crate::gazetteer::Reading::Entity(e, _) = m.reading else {
                continue;
            };
            let ty = g.entity(e).entity_type;
            if !matches!(ty, EntityType::Location | EntityType::Agency)
                || m.end_token > toks.len()
                || m.end_token < m.first_token + 2
            {
                continue;
            }
            let cut = m
                .byte_start
                .saturating_sub(toks[m.first_token].byte_start as usize);
            let first = toks[m.first_token].norm(&norm.text);
            let first = first.get(cut..).unwrap_or(first);
            if !CLASSIFIERS.contains(&first) {
                continue;
            }
            // قناة is a channel before a broadcaster's name, and a canal, part of the name,
            // before a place's ("قناة السويس" is not the city of Suez).
            if first == "قناه" && ty != EntityType::Agency {
                continue;
            }
            // The rest is a name used alone: of this entity, of another one ("سنغافورة" is the
            // country as well as the city; "الشرق الأوسط" the region as well as the paper), or
            // an ambiguous form this entity is one reading of ("حركة فتح").
            let f = m.first_token + 1;
            let alone = original
                .get(toks[f].byte_start as usize..m.byte_end)
                .is_some_and(|r| names_alone_as(g, r, e, true));
            if alone {
                m.first_token = f;
                m.byte_start = toks[f].byte_start as usize;
                m.clitic = false;
            }
        }
        // An English article is outside a name ("the Gulf" -> "Gulf", "the West Bank" -> "West
        // Bank", "The Netherlands" at a sentence's start -> "Netherlands") unless the entity's
        // canonical name starts with it (The Hague, The Gambia, The Independent).
        for m in matches.iter_mut() {
            let crate::gazetteer::Reading::Entity(e, _) = m.reading else {
                continue;
            };
            if m.end_token > toks.len() || m.end_token < m.first_token + 2 {
                continue;
            }
            let first = original
                .get(m.byte_start..toks[m.first_token].byte_end as usize)
                .unwrap_or_default();
            let own = g
                .entity(e)
                .en
                .as_deref()
                .and_then(|n| n.get(..4))
                .is_some_and(|n| n.eq_ignore_ascii_case("the "));
            if first.eq_ignore_ascii_case("the") && !own {
                let f = m.first_token + 1;
                m.first_token = f;
                m.byte_start = toks[f].byte_start as usize;
                m.clitic = false;
            }
        }
        // A descriptive nationality adjective after a self-standing name is outside too
        // ("ميلان الإيطالي" -> "ميلان", "حزب الله اللبناني" -> "حزب الله"): for clubs, parties,
        // companies and outlets, whose names stand alone; a ministry's or an army's adjective
        // is part of its name ("وزارة الخارجية الروسية"), and so is one in the organisation's
        // canonical name.
        for m in matches.iter_mut() {
            let crate::gazetteer::Reading::Entity(e, _) = m.reading else {
                continue;
            };
            let row = g.entity(e);
            let standing = matches!(
                row.kind.as_deref(),
                Some("club" | "party" | "company" | "media" | "news")
            );
            if row.entity_type != EntityType::Agency
                || !standing
                || m.end_token > toks.len()
                || m.end_token < m.first_token + 2
            {
                continue;
            }
            let last = m.end_token - 1;
            let text = |a: usize, b: usize| original.get(a..b);
            // The written shape first (cheap), then the gazetteer's reading of the word alone.
            let adjective = nisba_shaped(toks[last].norm(&norm.text))
                && text(toks[last].byte_start as usize, toks[last].byte_end as usize)
                    .and_then(|w| g.whole_name(w))
                    .is_some_and(|r| matches!(r, crate::gazetteer::Reading::Adjective(_)));
            if !adjective {
                continue;
            }
            // The adjective of the organisation's own name stays ("منظمة التحرير الفلسطينية",
            // the PLO's canonical name, though "منظمة التحرير" names it alone too).
            let canonical = row.ar.as_deref().map(crate::text::alias_key);
            let whole = text(m.byte_start, m.byte_end).map(crate::text::alias_key);
            if canonical.is_some() && canonical == whole {
                continue;
            }
            let alone = text(m.byte_start, toks[last - 1].byte_end as usize)
                .is_some_and(|r| names_alone_as(g, r, e, false));
            if alone {
                m.end_token = last;
                m.byte_end = toks[last - 1].byte_end as usize;
            }
        }
    }

    /// A company's legal form is part of its name: an organisation's Latin gazetteer name
    /// followed by one ("Boeing Co", "Chevron Corp", "Siemens AG", "Morgan Stanley and Co
    /// Inc") names it to the legal form's end, as business news writes company names.
    pub fn extend_company_forms(
        &self,
        g: &Gazetteer,
        original: &str,
        tokens: &crate::text::Tokens,
        matches: &mut [crate::gazetteer::Match],
    ) {
        let toks = &tokens.tokens;
        for i in 0..matches.len() {
            let m = &matches[i];
            let crate::gazetteer::Reading::Entity(e, _) = m.reading else {
                continue;
            };
            let (end, last) = (m.end_token, m.end_token.wrapping_sub(1));
            if g.entity(e).entity_type != EntityType::Agency || end == 0 || end >= toks.len() {
                continue;
            }
            let text =
                |t: usize| original.get(toks[t].byte_start as usize..toks[t].byte_end as usize);
            if !text(last).is_some_and(|w| w.is_ascii()) {
                continue;
            }
            // Each word follows the one before directly (only spaces between), in the same
            // sentence.
            let next = |t: usize| {
                t < toks.len()
                    && toks[t].sentence == toks[last].sentence
                    && original
                        .get(toks[t - 1].byte_end as usize..toks[t].byte_start as usize)
                        .is_some_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace))
            };
            let legal = |t: usize| next(t) && text(t).is_some_and(|w| LEGAL_FORMS.contains(&w));
            // "X Corp", "X Co Inc", "X and Co", "X & Co Ltd".
            let mut e = end;
            if next(e) && matches!(text(e), Some("and" | "&")) && legal(e + 1) {
                e += 2;
            }
            while e < end + 3 && legal(e) {
                e += 1;
            }
            // A legal form that starts another match is that match's.
            if e > end && !matches.iter().any(|o| o.first_token == end) {
                let m = &mut matches[i];
                m.end_token = e;
                m.byte_end = toks[e - 1].byte_end as usize;
            }
        }
    }

    /// Drops the matches of a country written as a currency's prefix ("US$", "HK$", "A$"):
    /// a dollar sign right after the name makes a currency, no mention of the country.
    pub fn drop_currency_prefixes(
        &self,
        original: &str,
        matches: &mut Vec<crate::gazetteer::Match>,
    ) {
        matches.retain(|m| {
            !original
                .get(m.byte_end..)
                .is_some_and(|r| r.starts_with('$'))
        });
    }

    /// One sense per document: an ambiguous form (a short name that is also a word or another
    /// entity's name: "النهضة" is "the renaissance" or Ennahda, "Apple" the fruit or the
    /// company) reads as the one entity among its readings that the document names for certain
    /// elsewhere, before or after it ("حركة النهضة"، "Apple Inc"). With none or several such
    /// entities it stays ambiguous. Not for a country: an ambiguous form with country readings
    /// may be an adjective two countries share ("الكورية", "Korean"), and a place's country is
    /// told by the merge's own rule. The tagger has read the forms as ambiguous before this.
    ///
    /// A form between quotation marks with one news outlet among its readings is that outlet
    /// (مقابلة مع "العربية").
    ///
    /// A person's short form right after a given name, a capitalized word or another name is
    /// another person's name ("علاء مبارك" is Mubarak's son, "Chelsea Clinton" Bill Clinton's
    /// daughter): it stays ambiguous there.
    pub fn read_ambiguous_by_document(
        &self,
        g: &Gazetteer,
        original: &str,
        tokens: &crate::text::Tokens,
        norm: &crate::text::Normalized,
        matches: &mut [crate::gazetteer::Match],
    ) {
        use crate::gazetteer::Reading;
        if !matches
            .iter()
            .any(|m| matches!(m.reading, Reading::Ambiguous(_)))
        {
            return;
        }
        let mut named: Vec<u32> = matches
            .iter()
            .filter_map(|m| match m.reading {
                Reading::Entity(e, _) => Some(e),
                _ => None,
            })
            .collect();
        named.sort_unstable();
        named.dedup();
        let toks = &tokens.tokens;
        // A form between quotation marks is a name: one outlet among its readings is that
        // outlet (مقابلة مع "العربية": Al Arabiya, not the adjective).
        let quote = |x: usize| {
            toks.get(x).is_some_and(|t| {
                t.kind == crate::text::TokenKind::Punct
                    && matches!(t.norm(&norm.text), "\"" | "«" | "»" | "“" | "”")
            })
        };
        let outlet = |e: &u32| {
            let row = g.entity(*e);
            row.entity_type == EntityType::Agency
                && matches!(row.kind.as_deref(), Some("media" | "news"))
        };
        // Per token: another match ends right before it ("تشيلسي كلينتون": Chelsea, then the
        // short form).
        let mut ends = vec![false; toks.len() + 1];
        for m in matches.iter() {
            if let Some(e) = ends.get_mut(m.end_token) {
                *e = true;
            }
        }
        for m in matches.iter_mut() {
            let Reading::Ambiguous(readings) = &m.reading else {
                continue;
            };
            if m.first_token > 0 && quote(m.first_token - 1) && quote(m.end_token) {
                let mut outlets = readings.iter().filter(|e| outlet(e));
                if let (Some(&e), None) = (outlets.next(), outlets.next()) {
                    m.reading = Reading::Entity(e, crate::gazetteer::AliasKind::Short);
                    continue;
                }
            }
            let mut hits = readings
                .iter()
                .copied()
                .filter(|e| named.binary_search(e).is_ok());
            let Some((e, None)) = hits.next().map(|e| (e, hits.next())) else {
                continue;
            };
            let ty = g.entity(e).entity_type;
            // A given name, perhaps after the conjunction ("جمال وعلاء مبارك").
            let given = |w: &str| {
                g.is_given_name(w)
                    || w.strip_prefix('و')
                        .or_else(|| w.strip_prefix('ف'))
                        .is_some_and(|r| g.is_given_name(r))
            };
            let after_name = || {
                let t = m.first_token;
                t > 0
                    && toks[t - 1].sentence == toks[t].sentence
                    && (given(toks[t - 1].norm(&norm.text))
                        || ends[t]
                        || original
                            .get(toks[t - 1].byte_start as usize..)
                            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase())))
            };
            if ty != EntityType::Country && !(ty == EntityType::Person && after_name()) {
                m.reading = Reading::Entity(e, crate::gazetteer::AliasKind::Short);
            }
        }
    }

    /// A person's short form (a surname alone) in a document dated more than
    /// [`SHORT_FORM_YEARS_BEFORE_OFFICE`] years before the person's first office in the roles
    /// table reads as ambiguous, unless the document names the person in full: "فانس" in news
    /// of 2018 is Cyrus Vance Jr. or a Canadian official, not the vice-president of 2025;
    /// "بارو" is Adama Barrow, not France's foreign minister of 2024. (A person whose career
    /// the table starts late keeps the full names.) Runs before
    /// [`Resolver::read_ambiguous_by_document`].
    pub fn doubt_short_forms_before_their_time(
        &self,
        g: &Gazetteer,
        date: Option<PartialDate>,
        matches: &mut [Match],
    ) {
        let Some(date) = date else {
            return;
        };
        let (y, mo, d) = date.latest();
        let horizon = (y + SHORT_FORM_YEARS_BEFORE_OFFICE, mo, d);
        let early = |e: u32| {
            g.entity(e).entity_type == EntityType::Person
                && self.first_office.get(&e).is_some_and(|&day| day > horizon)
        };
        let short_of_early = |m: &Match| match m.reading {
            Reading::Entity(e, crate::gazetteer::AliasKind::Short) => early(e).then_some(e),
            _ => None,
        };
        if !matches.iter().any(|m| short_of_early(m).is_some()) {
            return;
        }
        let in_full: Vec<u32> = matches
            .iter()
            .filter_map(|m| match m.reading {
                Reading::Entity(e, k) if k != crate::gazetteer::AliasKind::Short => Some(e),
                _ => None,
            })
            .collect();
        for m in matches.iter_mut() {
            if let Some(e) = short_of_early(m) {
                if !in_full.contains(&e) {
                    m.reading = Reading::Ambiguous(std::sync::Arc::from([e]));
                }
            }
        }
    }

    /// Drops the matches of a name that is a word of an idiom when the idiom's next word
    /// follows ([`IDIOMS`], [`IDIOMS_EXACT`]): "مسقط رأسه" is "his birthplace", not Muscat;
    /// "النيل من" is "to harm", not the Nile.
    pub fn drop_idioms(
        &self,
        tokens: &crate::text::Tokens,
        norm: &crate::text::Normalized,
        matches: &mut Vec<crate::gazetteer::Match>,
    ) {
        matches
            .retain(|m| m.end_token != m.first_token + 1 || !idiom_at(tokens, norm, m.first_token));
    }

    /// Titles and honorifics stand outside a person's name (the annotation guidelines): a
    /// gazetteer alias of a person that starts with them ("الملك سلمان"، "العاهل المغربي الملك
    /// محمد السادس"، "King Charles") names the person from its first other word on. Leading
    /// one-word titles are dropped, and a nationality adjective between two titles (المغربي);
    /// an Arabic title only with the article, so a name spelled like an indefinite title stays
    /// whole ("قايد صالح"، "امير عبد اللهيان"); at least one word stays.
    pub fn trim_person_titles(
        &self,
        g: &Gazetteer,
        tokens: &crate::text::Tokens,
        norm: &crate::text::Normalized,
        matches: &mut [crate::gazetteer::Match],
    ) {
        let toks = &tokens.tokens;
        let nisba = |t: usize| nisba_shaped(toks[t].norm(&norm.text));
        for m in matches.iter_mut() {
            let crate::gazetteer::Reading::Entity(e, _) = m.reading else {
                continue;
            };
            if g.entity(e).entity_type != EntityType::Person || m.end_token > toks.len() {
                continue;
            }
            // The first token is read from where the mention starts in it: after a proclitic
            // the matcher left out ("بالملكة رانيا" names from "الملكة" on).
            let cut = m
                .byte_start
                .saturating_sub(toks[m.first_token].byte_start as usize);
            let first = m.first_token;
            let title = |t: usize| {
                let w = toks[t].norm(&norm.text);
                let w = if t == first {
                    w.get(cut..).unwrap_or(w)
                } else {
                    w
                };
                self.leading_titles.contains(w)
            };
            let mut f = m.first_token;
            loop {
                if f + 1 < m.end_token && title(f) {
                    f += 1;
                } else if f + 2 < m.end_token && nisba(f) && title(f + 1) && f > m.first_token {
                    f += 2;
                } else {
                    break;
                }
            }
            if f > m.first_token {
                m.first_token = f;
                m.byte_start = toks[f].byte_start as usize;
                m.clitic = false;
            }
        }
    }

    /// Resolves one document. `matches` are the gazetteer's; `date` is the document date or
    /// the gazetteers' as-of date.
    pub fn resolve(
        &self,
        g: &Gazetteer,
        doc: DocView<'_>,
        scratch: &mut ResolveScratch,
    ) -> Resolved {
        self.resolve_from(g, doc, scratch, Resolved::default())
    }

    /// Looks up what resolution asks of each token's form ([`forms`]) into `scratch`, before
    /// the gazetteer's matcher runs: [`ResolveScratch::gazetteer_hint`] then says where the
    /// gazetteer's matches can start.
    pub fn prepare_forms(
        &self,
        g: &Gazetteer,
        norm: &Normalized,
        tokens: &Tokens,
        scratch: &mut ResolveScratch,
    ) {
        let mut infos = std::mem::take(&mut scratch.forms);
        if !scratch
            .form_memo
            .fill(self, g, &norm.text, tokens, &mut infos)
        {
            infos.clear(); // the passes look each form up themselves
        }
        scratch.forms = infos;
    }

    /// Resolves one document starting from what the name tagger found (`tagged`: its
    /// entities and their mentions, [`crate::tagger::merge::apply`]). The passes take the
    /// tagger's names like any other: a person after a title holds that position, a name by
    /// pattern never re-finds a tagged one.
    pub fn resolve_from(
        &self,
        g: &Gazetteer,
        doc: DocView<'_>,
        scratch: &mut ResolveScratch,
        mut tagged: Resolved,
    ) -> Resolved {
        let DocView {
            original,
            norm,
            tokens,
            matches,
            date,
            tagger,
            frequent,
        } = doc;
        if tokens.tokens.is_empty() {
            return tagged;
        }
        // Again, for resolution's own matchers: the forms were just seen, so this is one probe
        // per token (and a caller need not have prepared them for this document).
        self.prepare_forms(g, norm, tokens, scratch);
        let infos = std::mem::take(&mut scratch.forms);
        let forms = infos.as_slice();
        let at = |bit: u8| move |t: usize| forms.get(t).map_or(StartHint::Unknown, |f| f.hint(bit));
        let ms = &mut scratch.ms;
        let (o, n) = (original, norm);
        let titles = &mut scratch.titles;
        self.titles
            .find_hinted(o, n, tokens, at(forms::TITLES), ms, titles);
        self.words
            .find_hinted(o, n, tokens, at(forms::WORDS), ms, &mut scratch.words);
        self.bodies
            .find_hinted(o, n, tokens, at(forms::BODIES), ms, &mut scratch.bodies);
        drop_names_inside_titles(&mut tagged, &scratch.titles);
        let mut index = DocIndex::new(
            self,
            g,
            original,
            norm,
            tokens,
            matches,
            &scratch.titles,
            &scratch.words,
            &scratch.bodies,
            &tagged,
            forms,
            date,
        );
        index.tagger = tagger;
        index.frequent = frequent;
        let mut work = Work {
            cover: index.gaz_cover.clone(),
            ..Work::default()
        };
        for m in tagged.mentions.iter() {
            for c in &mut work.cover[m.first_token..m.end_token.min(index.len())] {
                *c = true;
            }
        }
        work.out = tagged;
        for (_, pass) in PASSES {
            pass(&index, &mut work);
        }
        drop(index);
        scratch.forms = infos;
        let mut out = work.out;
        same_name_one_entity(&mut out);
        // A title phrase that ends in a body's head noun the coreference passes resolved
        // ("المتحدث باسم الحركة" after "حركة النهضة") holds the office in that body.
        let agency = |t: Target| match t {
            Target::Gazetteer(e) => g.entity(e).entity_type == EntityType::Agency,
            Target::Tagged(i) => out.tagged[i as usize].entity_type == EntityType::Agency,
            Target::Found(_) => false,
        };
        let held_in: Vec<Option<Target>> = out
            .positions
            .iter()
            .map(|p| {
                p.of.or_else(|| {
                    out.mentions
                        .iter()
                        .find(|m| {
                            m.via == Via::Coreference
                                && m.byte_end == p.title_bytes.1
                                && agency(m.target)
                        })
                        .map(|m| m.target)
                })
            })
            .collect();
        for (p, of) in out.positions.iter_mut().zip(held_in) {
            p.of = of;
        }
        // A position held in nothing known is dropped where the document says what the same
        // person holds a position in.
        let placed: std::collections::HashSet<Target> = out
            .positions
            .iter()
            .filter(|p| p.of.is_some())
            .map(|p| p.person)
            .collect();
        out.positions
            .retain(|p| p.of.is_some() || !placed.contains(&p.person));
        // Over the same span, resolution's mention is kept rather than the tagger's.
        out.mentions
            .sort_by_key(|m| (m.byte_start, m.byte_end, m.via == Via::Tagger));
        out.mentions.dedup_by(|a, b| {
            a.target == b.target && a.byte_start == b.byte_start && a.byte_end == b.byte_end
        });
        out.positions.sort_by_key(|p| p.title_bytes.0);
        out
    }

    /// The role to report for a title: the first of its readings that anyone holds in `of`
    /// (so رئيس before a country is president, before an agency head), else the first.
    fn pick_role(&self, roles: &[u32], of: Option<u32>) -> Option<String> {
        let held = of.and_then(|o| roles.iter().find(|r| self.holders.contains_key(&(**r, o))));
        held.or(roles.first())
            .map(|r| self.role_keys[*r as usize].clone())
    }

    /// The one country in which gazetteer person `e` holds one of `roles` in the roles table
    /// (at any date): "الرئيس ترمب" in a story about North Korea is the United States'
    /// president. None when the table gives the person none of them, or in several countries.
    pub(crate) fn office_country(&self, e: u32, roles: &[u32]) -> Option<u32> {
        let mut found = self
            .offices
            .get(&e)?
            .iter()
            .filter(|(r, _)| roles.contains(r))
            .map(|&(_, of)| of);
        let first = found.next()?;
        found.all(|of| of == first).then_some(first)
    }

    /// The country gazetteer person `e` leads (as a [`LEADERS`] office) on `date`, if any.
    pub(crate) fn state_led_on(&self, e: u32, date: PartialDate) -> Option<u32> {
        let day = date.earliest();
        self.leaders
            .get(&e)?
            .iter()
            .find(|&&(_, start, end)| in_term(start, end, day))
            .map(|&(country, _, _)| country)
    }

    /// The one person who held one of `roles` in `of` on `date`. Never an office that many
    /// hold at once for one state or body ([`SHARED_OFFICES`]: "السفيرة الأميركية في لبنان" is
    /// not the one US ambassador the gazetteer lists, posted elsewhere).
    fn holder(&self, roles: &[u32], of: u32, date: PartialDate) -> Option<(u32, String)> {
        let day = date.earliest();
        let mut found: Vec<(u32, u32)> = Vec::new();
        for &r in roles {
            if SHARED_OFFICES.contains(&self.role_keys[r as usize].as_str()) {
                continue;
            }
            for &(person, start, end) in self
                .holders
                .get(&(r, of))
                .map(|v| v.as_slice())
                .unwrap_or(&[])
            {
                if in_term(start, end, day) && !found.iter().any(|f| f.0 == person) {
                    found.push((person, r));
                }
            }
            if !found.is_empty() {
                break; // the first role reading with a holder decides
            }
        }
        match found.as_slice() {
            [(p, r)] => Some((*p, self.role_keys[*r as usize].clone())),
            _ => None,
        }
    }
}

/// How many years before a person's first office a document must be dated for the person's
/// short form alone to read as ambiguous ([`Resolver::doubt_short_forms_before_their_time`]).
const SHORT_FORM_YEARS_BEFORE_OFFICE: i32 = 5;

/// Offices that many people hold at the same time for one state or body (its ambassadors,
/// envoys, princes, aides; the UN's under-secretaries-general and high commissioners): a
/// gazetteer that lists one holder does not make a title alone that person.
const SHARED_OFFICES: &[&str] = &[
    "ambassador",
    "envoy",
    "prince",
    "aide",
    "under-secretary-general",
    "deputy-prime-minister",
    "special-rapporteur",
    "high-commissioner",
    "permanent-representative",
];

/// A name the tagger found that resolution found by pattern too (the same normalized name,
/// so the same id) is one entity: the person found by pattern, as it was when the tagger ran
/// after resolution.
fn same_name_one_entity(out: &mut Resolved) {
    if out.found.is_empty() || out.tagged.is_empty() {
        return;
    }
    let found: HashMap<&str, u32> = out
        .found
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i as u32))
        .collect();
    let remap: Vec<Option<Target>> = out
        .tagged
        .iter()
        .map(|t| found.get(t.id.as_str()).map(|&f| Target::Found(f)))
        .collect();
    if remap.iter().all(Option::is_none) {
        return;
    }
    let map = |t: &mut Target| {
        if let Target::Tagged(i) = *t {
            if let Some(f) = remap[i as usize] {
                *t = f;
            }
        }
    };
    for m in &mut out.mentions {
        map(&mut m.target);
    }
    for p in &mut out.positions {
        map(&mut p.person);
        if let Some(o) = &mut p.of {
            map(o);
        }
    }
    for a in &mut out.appositions {
        map(&mut a.person);
    }
}

/// The entity indices a reading names.
fn readings(r: &Reading) -> Vec<u32> {
    reading_ids(r).to_vec()
}

/// The entity indices a reading names, borrowed (nothing allocated per match).
fn reading_ids(r: &Reading) -> &[u32] {
    match r {
        Reading::Entity(e, _) | Reading::Adjective(e) => std::slice::from_ref(e),
        Reading::Ambiguous(v) => v,
    }
}

/// A stable person id from a normalized name: an ASCII transliteration plus a short hash of
/// the normalized name (transliteration alone merges names that differ in ص/س, ح/ه ...).
pub fn person_id(normalized_name: &str) -> String {
    derived_id("person", normalized_name)
}

/// A stable id `{kind}:{slug}-{hash}` from a normalized name (see [`person_id`]).
pub fn derived_id(kind: &str, normalized_name: &str) -> String {
    let mut slug = String::new();
    for c in normalized_name.chars() {
        let t = match c {
            'ا' => "a",
            'ب' => "b",
            'ت' => "t",
            'ث' => "th",
            'ج' => "j",
            'ح' => "h",
            'خ' => "kh",
            'د' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' => "z",
            'س' => "s",
            'ش' => "sh",
            'ص' => "s",
            'ض' => "d",
            'ط' => "t",
            'ظ' => "z",
            'ع' => "a",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' => "k",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            'ه' => "h",
            'و' => "w",
            'ي' => "y",
            c if c.is_ascii_alphanumeric() => {
                slug.push(c.to_ascii_lowercase());
                continue;
            }
            _ => "-",
        };
        slug.push_str(t);
    }
    let mut parts: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    parts.truncate(6);
    let mut h = crate::hash::Fnv::new();
    h.write(normalized_name.as_bytes());
    format!("{kind}:{}-{:06x}", parts.join("-"), h.finish() & 0xff_ffff)
}

/// Token `first` is a name that opens an idiom whose next word follows ([`IDIOMS`],
/// [`IDIOMS_EXACT`]): "مسقط رأسه" (his birthplace), "النيل من" (to harm). For the
/// gazetteer's matches ([`Resolver::drop_idioms`]) and the tagger's spans.
pub(crate) fn idiom_at(
    tokens: &crate::text::Tokens,
    norm: &crate::text::Normalized,
    first: usize,
) -> bool {
    let toks = &tokens.tokens;
    let end = first + 1;
    if end >= toks.len() || toks[end].sentence != toks[first].sentence {
        return false;
    }
    let (word, next) = (toks[first].norm(&norm.text), toks[end].norm(&norm.text));
    // The name as written or after proclitics, as the clitic grammar reads them before a
    // gazetteer name ("والنيل من", "للنيل من": ل + ال).
    let is = |w: &str| {
        word == w
            || crate::text::clitics::SplitList::of(word, crate::text::clitics::Grammar::NAME)
                .iter()
                .any(|sp| sp.stem == w || (sp.lal && w.strip_prefix("ال") == Some(sp.stem)))
    };
    let idiom = IDIOMS
        .iter()
        .any(|(w, after)| is(w) && after.iter().any(|a| next.starts_with(a)));
    let exact = IDIOMS_EXACT
        .iter()
        .any(|(w, after)| is(w) && after.contains(&next));
    idiom || exact
}

/// Idioms whose first word is also a name (normalized): the name, then the beginnings of the
/// idiom's next word (with its pronoun suffixes). "مسقط رأس" (birthplace) outnumbers Muscat
/// in Tunisian news.
const IDIOMS: &[(&str, &[&str])] = &[("مسقط", &["راس"])];

/// Idioms whose first word is also a name, with the idiom's next word exactly (normalized):
/// "النيل من" is "to harm" ("للنيل من الدولة"), not the Nile ("النيل منذ" is).
const IDIOMS_EXACT: &[(&str, &[&str])] = &[("النيل", &["من", "منه", "منها", "منهم", "منهما"])];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_ids_are_stable_ascii() {
        let id = person_id("بافيل شيفتسوف");
        assert!(id.starts_with("person:bafyl-shyftswf-"), "{id}");
        assert_eq!(id, person_id("بافيل شيفتسوف"));
        assert_ne!(person_id("سالم"), person_id("صالم"));
        crate::gazetteer::load::check_id(&id, Some(EntityType::Person)).expect("a valid id");
        assert!(person_id("pavel shevtsov").starts_with("person:pavel-shevtsov-"));
    }
}
