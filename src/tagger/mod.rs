//! The name tagger: a linear-chain sequence model over khabar's tokens that proposes person,
//! organization and place names no gazetteer holds.
//!
//! - [`features`]: the features (type features per word form, context features per token).
//! - [`model`]: the model file format (magic, version, checksum; deterministic bytes).
//! - [`decode`]: a model compiled into score rows per known word, and Viterbi decoding.
//! - [`train`]: averaged structured perceptron training from CoNLL files (`khabar train ner`);
//!   `crf`: the same model trained as a linear-chain CRF (`--algorithm crf`).
//! - [`clusters`]: word clusters from raw news (`khabar train clusters`).
//! - [`merge`]: how tagger spans join the gazetteer's and resolution's mentions.
//! - `coordination`: a span over two names joined by و, cut in two.
//!
//! A [`Tagger`] is built once (one model per language, embedded from `models/` or read from a
//! directory) and called per document with `&self` and a per-thread [`TagScratch`]. It reads
//! the document's tokens, normalized forms and gazetteer matches, and returns name spans as
//! token ranges with a [`NameKind`]. Tags are BIO over the model's span types.

pub mod clusters;
mod coordination;
mod crf;
pub mod decode;
pub mod features;
pub mod merge;
pub mod model;
pub mod train;

use std::path::PathBuf;

use crate::gazetteer::{Gazetteer, Match};
use crate::text::{Normalized, Tokens};

pub use decode::{Compiled, DecodeScratch};
pub use features::{Clusters, FeatureSet};
pub use model::{ModelBytes, ModelError, ModelFile, ModelView};

/// What a tagger span names, from the model's span type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameKind {
    /// A person (`PER`, `PERS`).
    Person,
    /// An organization (`ORG`).
    Organization,
    /// A place (`LOC`, `GPE`).
    Location,
    /// Anything else (`MISC`): not turned into an entity.
    Misc,
}

impl NameKind {
    /// The kind of a model's span type.
    pub fn of_type(t: &str) -> NameKind {
        match t {
            "PER" | "PERS" | "PERSON" => NameKind::Person,
            "ORG" | "ORGANIZATION" => NameKind::Organization,
            "LOC" | "GPE" | "LOCATION" => NameKind::Location,
            _ => NameKind::Misc,
        }
    }
}

/// One name span proposed by the tagger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagSpan {
    /// First token.
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// What it names.
    pub kind: NameKind,
    /// Its first token opens with the conjunction و, which the name leaves out: the second
    /// name of a coordination the tagger read as one span ("إليسا وأحلام", `coordination`).
    pub after_and: bool,
}

/// Where models come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// The models embedded in the binary (`models/`).
    Embedded,
    /// `{lang}-ner.bin` files in a directory.
    Dir(PathBuf),
}

/// The tagger: one model per language, each compiled on first use (so a run over English
/// news never pays for the Arabic lexicon). Immutable, `Send + Sync`.
pub struct Tagger {
    models: Vec<LazyModel>,
    fingerprint: u64,
}

struct LazyModel {
    lang: String,
    source: ModelView,
    compiled: std::sync::OnceLock<(Compiled, Vec<NameKind>)>,
}

/// One thread's decoding buffers.
#[derive(Debug, Default)]
pub struct TagScratch {
    /// One per language model (each keeps its own cache of unknown words).
    decode: [DecodeScratch; 2],
    codes: Vec<u8>,
    raw: Vec<(usize, usize, u8)>,
    script: Vec<u8>,
    only: Vec<bool>,
    doc_codes: Vec<u8>,
    seen: rustc_hash::FxHashMap<u64, u8>,
}

/// The text stages' results for one document, as the tagger reads them.
#[derive(Clone, Copy)]
pub struct TagInput<'a> {
    /// The original text.
    pub original: &'a str,
    /// Its normalization.
    pub norm: &'a Normalized,
    /// Its tokens and sentences.
    pub tokens: &'a Tokens,
    /// The gazetteer's matches.
    pub matches: &'a [Match],
}

/// The embedded `models/*.bin` and `models/*.tsv` files: (file name, bytes).
pub static EMBEDDED: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/models.rs"));

/// Reads the models of `source` for the languages present: `{lang}-ner.bin` (its word
/// clusters are inside it). The files are checked (magic, version, checksum, the shape of
/// every table) and read in place: nothing is parsed per entry.
pub fn load_models(source: &ModelSource) -> Result<Vec<ModelView>, ModelError> {
    let mut out = Vec::new();
    for lang in ["ar", "en"] {
        let model_name = format!("{lang}-ner.bin");
        let (bytes, file) = match source {
            ModelSource::Embedded => match EMBEDDED.iter().find(|(n, _)| *n == model_name) {
                Some((_, b)) => (ModelBytes::Static(b), format!("models/{model_name}")),
                None => continue,
            },
            ModelSource::Dir(dir) => {
                let p = dir.join(&model_name);
                match std::fs::read(&p) {
                    Ok(b) => (ModelBytes::Owned(b.into()), p.display().to_string()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => {
                        return Err(ModelError {
                            file: p.display().to_string(),
                            message: format!("cannot read: {e}"),
                        })
                    }
                }
            }
        };
        let model = ModelView::new(&file, bytes)?;
        if model.lang != lang {
            return Err(ModelError {
                file,
                message: format!("a model for language {:?}, not {lang}", model.lang),
            });
        }
        out.push(model);
    }
    Ok(out)
}

impl Tagger {
    /// A tagger over these models; each is compiled against the gazetteer it is first used
    /// with (the pipeline's: its lexicon and given names are features).
    pub fn new(models: Vec<ModelView>) -> Tagger {
        let mut h = crate::Fnv::new();
        let models = models
            .into_iter()
            .map(|m| {
                h.write(&m.fingerprint().to_le_bytes());
                LazyModel {
                    lang: m.lang.clone(),
                    source: m,
                    compiled: std::sync::OnceLock::new(),
                }
            })
            .collect();
        Tagger {
            models,
            fingerprint: h.finish(),
        }
    }

    /// Loads the models of `source` (checked now, compiled on first use).
    pub fn load(source: &ModelSource) -> Result<Tagger, ModelError> {
        Ok(Tagger::new(load_models(source)?))
    }

    fn compiled(&self, lang: &str, g: &Gazetteer) -> Option<&(Compiled, Vec<NameKind>)> {
        let m = self.models.iter().find(|m| m.lang == lang)?;
        let c = m.compiled.get_or_init(|| {
            let compiled = Compiled::new(m.source.clone(), g);
            let kinds = compiled
                .types
                .iter()
                .map(|t| NameKind::of_type(t))
                .collect();
            (compiled, kinds)
        });
        Some(c)
    }

    /// Whether the normalized Arabic word is one of the Arabic model's word-cluster forms (the
    /// most frequent forms of the news it was clustered from): a word news writes often.
    pub fn frequent_arabic_form(&self, g: &Gazetteer, word: &str) -> bool {
        let Some((model, _)) = self.compiled("ar", g) else {
            return false;
        };
        let mut ids = [0u16; 4];
        model.model().clusters_of(word, &mut ids) > 0
    }

    /// Whether the normalized Arabic word is the head noun of an organisation in the lexicon
    /// of the gazetteer the Arabic model was compiled with (حزب، جامعة، الوزارة).
    pub fn arabic_body_head(&self, g: &Gazetteer, word: &str) -> bool {
        self.compiled("ar", g)
            .is_some_and(|(model, _)| model.is_body_head(word))
    }

    /// A fingerprint of the models (for resume checks).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The languages with a model.
    pub fn languages(&self) -> Vec<&str> {
        self.models.iter().map(|m| m.lang.as_str()).collect()
    }

    /// Tags one document. Each sentence goes to the model of its script (Arabic letters:
    /// `ar`, Latin letters: `en`; a sentence without letters has no names), so a mixed
    /// document is tagged sentence by sentence and text before a sentence break never changes
    /// what is found after it. Spans go to `out` (cleared first) in token order.
    pub fn tag(
        &self,
        g: &Gazetteer,
        doc: TagInput<'_>,
        scratch: &mut TagScratch,
        out: &mut Vec<TagSpan>,
    ) {
        out.clear();
        let sentences = &doc.tokens.sentences;
        // Per sentence: 0 no letters, 1 Arabic, 2 Latin.
        scratch.script.clear();
        for s in sentences {
            let (mut arabic, mut latin) = (0usize, 0usize);
            for t in &doc.tokens.tokens[s.first_token as usize..s.end_token as usize] {
                for c in t.norm(&doc.norm.text).chars() {
                    if crate::text::is_arabic_char(c) {
                        arabic += 1;
                    } else if c.is_alphabetic() {
                        latin += 1;
                    }
                }
            }
            scratch.script.push(match (arabic, latin) {
                (0, 0) => 0,
                (a, l) if a >= l => 1,
                _ => 2,
            });
        }
        let mut codes = std::mem::take(&mut scratch.codes);
        let mut codes_done = false;
        let mut doc_done = false;
        scratch.raw.clear();
        for (k, (lang, script)) in [("ar", 1u8), ("en", 2u8)].into_iter().enumerate() {
            if !scratch.script.contains(&script) {
                continue;
            }
            let Some((model, kinds)) = self.compiled(lang, g) else {
                continue;
            };
            scratch.only.clear();
            scratch
                .only
                .extend(scratch.script.iter().map(|&x| x == script));
            if model.features.gazetteer && !codes_done {
                features::gazetteer_codes(g, doc.tokens, doc.matches, &mut codes);
                codes_done = true;
            }
            if model.features.document && !doc_done {
                features::document_codes(
                    doc.original,
                    doc.tokens,
                    &mut scratch.seen,
                    &mut scratch.doc_codes,
                );
                doc_done = true;
            }
            let start = scratch.raw.len();
            model.tag(
                doc.original,
                doc.norm,
                doc.tokens,
                if model.features.gazetteer {
                    &codes
                } else {
                    &[]
                },
                if model.features.document {
                    &scratch.doc_codes
                } else {
                    &[]
                },
                g,
                &mut scratch.decode[k],
                &scratch.only,
                &mut scratch.raw,
            );
            for (a, b, _) in scratch.raw[start..].iter_mut() {
                (*a, *b) = trim_edges(doc.tokens, doc.norm, lang, *a, *b);
            }
            // Titles and honorifics stand outside a person's name (the annotation guidelines):
            // a person span loses the title words at its end ("أبو ظبي الشيخ" -> "أبو ظبي",
            // which the gazetteer then reads as the place it is), and the Arabic ones with the
            // article at its start ("الملك عبد الله" -> "عبد الله"), and the English ones at its
            // start ("Lieutenant-Colonel Max Marriner" -> "Max Marriner"); not an indefinite
            // Arabic one at its start, which may be a first name spelled like a title (رائد, a
            // given name and a rank).
            for (a, b, t) in scratch.raw[start..].iter_mut() {
                let norm = |x: usize| doc.tokens.tokens[x].norm(&doc.norm.text);
                // A complementizer, preposition or relative pronoun ends no name: a span the
                // tagger ran on into one ("إليزابيث ريتشارد أن") loses it.
                while *b - *a > 1 && NEVER_LAST.contains(&norm(*b - 1)) {
                    *b -= 1;
                }
                // Nor does "على" ("on") start one: normalized, it is the name علي, but written
                // with ى it is the preposition the tagger ran a name on from ("على تويتر"،
                // "على نيمار").
                let original = |x: usize| {
                    let tok = &doc.tokens.tokens[x];
                    doc.original
                        .get(tok.byte_start as usize..tok.byte_end as usize)
                        .unwrap_or_default()
                };
                while *b - *a > 1 && original(*a) == "على" {
                    *a += 1;
                }
                // Nor a complementizer after a proclitic, written with hamza ("فإن باستن"،
                // "وأن ترامب"): normalized, فإن is the particle فان ("van").
                while *b - *a > 1 && proclitic_complementizer(original(*a)) {
                    *a += 1;
                }
                if lang == "en" {
                    (*a, *b) = trim_lower_case(g, doc.original, doc.tokens, doc.norm, *a, *b);
                }
                // One Latin word in lower case is no name, in either language's sentences
                // (the "sa" of a web address "SAMAcares.sa").
                if *b == *a + 1
                    && original(*a).len() > 1
                    && original(*a).bytes().all(|c| c.is_ascii_lowercase())
                {
                    *b = *a;
                    continue;
                }
                if kinds.get(*t as usize) != Some(&NameKind::Person) {
                    continue;
                }
                // A name particle ends no name either (بن، أبو، عبد، آل): a person span the
                // tagger cut after one ("سيف بن" of "سيف بن مقدم") runs on over the Arabic
                // word after it, even a common one ("بن مساعد"، "آل ثاني"). So does a
                // European surname's ("كيفن دي" of "كيفن دي بروين"), written without hamza (فان,
                // not فإن "then"), and not over a stop word ("دي لا").
                let european = |x: usize| {
                    g.is_word(crate::gazetteer::WordClass::SurnameParticle, norm(x))
                        && !original(x).contains(crate::text::HAMZA_ALEFS)
                };
                let particle = |x: usize| {
                    g.is_word(crate::gazetteer::WordClass::Particle, norm(x)) || european(x)
                };
                while *b < doc.tokens.tokens.len()
                    && *b - *a < 8
                    && particle(*b - 1)
                    && doc.tokens.tokens[*b].kind == crate::text::TokenKind::Word
                    && crate::text::has_arabic(norm(*b))
                    && !particle(*b)
                    && !NEVER_LAST.contains(&norm(*b))
                    && !(european(*b - 1) && model.is_stop_word(norm(*b)))
                {
                    *b += 1;
                }
                let title = |x: usize| model.is_title_word(norm(x));
                // (Not a word after a particle: "بن مقدم" is a name, مقدم a rank too.)
                while *b - *a > 1 && title(*b - 1) && !particle(*b - 2) {
                    *b -= 1;
                }
                while *b - *a > 1 && title(*a) && (lang == "en" || norm(*a).starts_with("ال")) {
                    *a += 1;
                }
            }
            // An acronym written in Arabic letter names with full stops ("بي.دبليو.سي"،
            // "سي. إن. إن") is one name, which the tokenizer cut at its stops: a span over one
            // of its letters takes all of them, once.
            let mut grown: Vec<(usize, usize)> = Vec::new();
            for (a, b, _) in scratch.raw[start..].iter_mut() {
                let (a2, b2) = dotted_acronym(doc.tokens, doc.norm, *a, *b);
                if (a2, b2) != (*a, *b) {
                    grown.push((a2, b2));
                }
                (*a, *b) = (a2, b2);
            }
            if !grown.is_empty() {
                drop_inside_acronyms(&mut scratch.raw, start, &grown);
            }
            // A bare common noun is never a mention (the guidelines): a one-word span that is
            // the head noun of an organisation ("حزب"، "الاتحاد", without the name that
            // follows it) or, for a person, a title ("الشيخ") names nobody.
            let norm = |x: usize| doc.tokens.tokens[x].norm(&doc.norm.text);
            let bare = |a: usize, b: usize, kind: NameKind| {
                b <= a || (b == a + 1 && bare_noun(model, norm(a), kind))
            };
            out.extend(
                scratch.raw[start..]
                    .iter()
                    .map(|&(a, b, t)| {
                        let kind = kinds.get(t as usize).copied().unwrap_or(NameKind::Misc);
                        TagSpan {
                            first_token: a,
                            end_token: b,
                            kind: if kind == NameKind::Organization && dateline(&doc, a, b) {
                                NameKind::Location
                            } else {
                                kind
                            },
                            after_and: false,
                        }
                    })
                    .filter(|s| !bare(s.first_token, s.end_token, s.kind)),
            );
        }
        scratch.codes = codes;
        coordination::split(g, &doc, out);
        coordination::split_companies(&doc, out);
        out.sort_by_key(|s| (s.first_token, s.end_token));
    }
}

/// A dateline: the capitals that open the text before "(" or "," ("WASHINGTON (Reuters) -",
/// "BEIRUT, Dec 4 (AFP) -") name the place the story was filed from. The tagger reads a
/// city in capitals as an organisation (CoNLL's results tables: "CHICAGO" beat Boston), which
/// would take the city's name from the gazetteer.
fn dateline(doc: &TagInput<'_>, a: usize, b: usize) -> bool {
    let toks = &doc.tokens.tokens;
    let text = |x: usize| {
        doc.original
            .get(toks[x].byte_start as usize..toks[x].byte_end as usize)
            .unwrap_or_default()
    };
    a == 0
        && b < toks.len()
        && matches!(text(b), "(" | ",")
        && (a..b).all(|x| {
            let w = text(x);
            w.chars().any(|c| c.is_ascii_uppercase()) && !w.chars().any(|c| c.is_lowercase())
        })
}

/// An English span `a..b` without the words in lower case at its edges. A name's words are
/// capitalized, so such a word is one the tagger ran on into: "National Basketball
/// Association has", "U.S. Treasury securities", "metropolitan Waterworks Authority". A
/// surname particle still opens a name ("de Klerk"), a capital after a particle makes a name
/// word ("al-Kabariti"), and a head noun news writes in lower case still ends one ("Interior
/// ministry", [`lower_case_head`]); a span with no capitalized word is left as it is. What
/// the cut leaves at the new edge goes too: a possessive ("Kodak 's mass" -> "Kodak",
/// "department 's Export Sales Report" -> "Export Sales Report") or punctuation; a name that
/// ends in "'s" as the tagger gave it ("Moody 's") keeps it.
fn trim_lower_case(
    g: &Gazetteer,
    original: &str,
    tokens: &Tokens,
    norm: &Normalized,
    a: usize,
    b: usize,
) -> (usize, usize) {
    let toks = &tokens.tokens;
    let written = |x: usize| {
        original
            .get(toks[x].byte_start as usize..toks[x].byte_end as usize)
            .unwrap_or_default()
    };
    let apostrophe = |x: usize| matches!(written(x), "'" | "’");
    // The "s" of a possessive written apart ("Moody 's", as CoNLL's tokens are joined: the
    // tokenizer reads "'" and "s").
    let possessive_s = |x: usize| {
        x > 0
            && written(x) == "s"
            && apostrophe(x - 1)
            && toks[x - 1].byte_end == toks[x].byte_start
    };
    let lower = |x: usize| {
        let w = written(x);
        w.starts_with(|c: char| c.is_lowercase())
            && w.chars().all(|c| c.is_lowercase() || c == '-')
            && !possessive_s(x)
    };
    let capitalized = |x: usize| written(x).starts_with(char::is_uppercase);
    let edge = |x: usize| {
        matches!(toks[x].norm(&norm.text), "'s" | "’s")
            || possessive_s(x)
            || toks[x].kind == crate::text::TokenKind::Punct
    };
    let (mut a, mut b) = (a, b.min(toks.len()));
    if b <= a + 1 || !(a..b).any(capitalized) {
        return (a, b);
    }
    let (a0, b0) = (a, b);
    while b - a > 1
        && lower(a)
        && !g.is_word(
            crate::gazetteer::WordClass::SurnameParticle,
            toks[a].norm(&norm.text),
        )
    {
        a += 1;
    }
    while a > a0 && b - a > 1 && edge(a) {
        a += 1;
    }
    while b - a > 1 && lower(b - 1) && !lower_case_head(toks[b - 1].norm(&norm.text)) {
        b -= 1;
    }
    while b < b0 && b - a > 1 && edge(b - 1) {
        b -= 1;
    }
    (a, b)
}

/// Head nouns English news writes in lower case at the end of a name ("Interior ministry",
/// "Ivory coast", "Star magazine", "Wall street"; CoNLL-2003's names ending in a lower-case
/// word are nearly all these): normalized, or an organisation's head noun
/// (`head_words::HEADS`) or a legal form ("Norton co", as some wire copy writes it) in lower
/// case.
fn lower_case_head(word: &str) -> bool {
    const LOWER_HEADS: &[&str] = &[
        "government",
        "party",
        "army",
        "police",
        "navy",
        "coast",
        "radio",
        "magazine",
        "newspaper",
        "daily",
        "weekly",
        "bureau",
        "office",
        "division",
        "alliance",
        "group",
        "affairs",
        "union",
        "front",
        "movement",
        "street",
        "avenue",
        "square",
        "river",
        "island",
        "islands",
        "bay",
        "lake",
        "valley",
        "sea",
    ];
    LOWER_HEADS.contains(&word)
        || crate::resolve::head_words::HEADS
            .iter()
            .chain(crate::resolve::LEGAL_FORMS)
            .any(|h| h.eq_ignore_ascii_case(word))
}

/// A complementizer (إن، أن) after proclitics, as written (with its hamza): فإن، وأن، لأن،
/// بأن.
fn proclitic_complementizer(written: &str) -> bool {
    crate::text::clitics::SplitList::of(written, crate::text::clitics::Grammar::PLAIN)
        .iter()
        .any(|sp| matches!(sp.stem, "إن" | "أن"))
}

/// Normalized function words that end no name (complementizers, prepositions, relative
/// pronouns; not على, which is also the name علي once ى is folded, nor words that also begin
/// names).
const NEVER_LAST: &[&str] = &[
    "ان",
    "انه",
    "انها",
    "انهم",
    "انهما",
    "الذي",
    "التي",
    "الذين",
    "في",
    "من",
    "الي",
    "عن",
    "مع",
    "لدي",
    "منذ",
    "خلال",
    "of",
    "and",
    "in",
    "on",
    "at",
    "to",
    "from",
    "with",
    "by",
    "for",
    "said",
    "says",
];

/// A tagged span `a..b` without what is never part of a name at its edges: punctuation
/// ("New Liberty )"), and in English a leading article ("The Commerce Department" ->
/// "Commerce Department": with it, the same body got a second id at the start of a sentence).
/// A span of nothing else comes back empty (`a == b`).
fn trim_edges(
    tokens: &Tokens,
    norm: &Normalized,
    lang: &str,
    a: usize,
    b: usize,
) -> (usize, usize) {
    let toks = &tokens.tokens;
    let (mut a, mut b) = (a, b.min(toks.len()));
    while a < b && toks[a].kind == crate::text::TokenKind::Punct {
        a += 1;
    }
    while a < b && toks[b - 1].kind == crate::text::TokenKind::Punct {
        b -= 1;
    }
    if lang == "en" && b - a > 1 && toks[a].norm(&norm.text).eq_ignore_ascii_case("the") {
        a += 1;
    }
    // No name runs over an angle bracket: wire copy writes a stock ticker in them after the
    // company's name ("Barclays Bank Plc <BCS.L> and Midland Bank Plc"). Of the pieces the
    // brackets leave, the longest stays (the first of equals).
    if (a..b).any(|x| matches!(toks[x].norm(&norm.text), "<" | ">")) {
        let bracket = |x: usize| matches!(toks[x].norm(&norm.text), "<" | ">");
        let (mut best, mut start) = ((a, a), a);
        for x in (a..b).filter(|&x| bracket(x)).chain([b]) {
            if x - start > best.1 - best.0 {
                best = (start, x);
            }
            start = x + 1;
        }
        return trim_edges(tokens, norm, lang, best.0, best.1);
    }
    (a, b)
}

/// Span `a..b` grown over the whole acronym of Arabic letter names joined by full stops
/// ("بي.دي.إس"، "سي. إن. إن": a stop right after a letter, perhaps a space after it) that
/// its first or last token belongs to; else as it is.
fn dotted_acronym(tokens: &Tokens, norm: &Normalized, a: usize, b: usize) -> (usize, usize) {
    let toks = &tokens.tokens;
    if a >= b || b > toks.len() {
        return (a, b);
    }
    let letter = |x: usize| crate::text::tokenize::is_letter_name(&toks[x], &norm.text);
    // Most spans have no letter name at either end.
    if !letter(a) && !letter(b - 1) {
        return (a, b);
    }
    // Within the sentence of `a` (a stop with a space after it may end one: "سي. إن").
    let Some(s) = tokens
        .sentences
        .iter()
        .find(|s| (s.first_token as usize) <= a && a < s.end_token as usize)
    else {
        return (a, b);
    };
    let (first, end) = (
        s.first_token as usize,
        (s.end_token as usize).min(toks.len()),
    );
    // The stop at `x` joins the letters at `x - 1` and `x + 1`.
    let joins = |x: usize| {
        x > first
            && x + 1 < end
            && toks[x].norm(&norm.text) == "."
            && toks[x].byte_start == toks[x - 1].byte_end
            && toks[x + 1].byte_start <= toks[x].byte_end + 1
            && letter(x - 1)
            && letter(x + 1)
    };
    let (mut a, mut b) = (a, b);
    while a >= first + 2 && joins(a - 1) {
        a -= 2;
    }
    while b < end && joins(b) {
        b += 2;
    }
    (a, b)
}

/// Drops the spans from `start` on that lie inside an acronym a span grew over (`grown`),
/// keeping one span of each acronym: two letters of one acronym both grew over all of it.
fn drop_inside_acronyms(raw: &mut Vec<(usize, usize, u8)>, start: usize, grown: &[(usize, usize)]) {
    let mut kept_acronyms: Vec<(usize, usize)> = Vec::new();
    let mut i = start;
    while i < raw.len() {
        let (a, b, _) = raw[i];
        let inside = grown.iter().any(|&(x, y)| x <= a && b <= y);
        let whole = grown.contains(&(a, b));
        if inside && (!whole || kept_acronyms.contains(&(a, b))) {
            raw.remove(i);
            continue;
        }
        if whole {
            kept_acronyms.push((a, b));
        }
        i += 1;
    }
}

/// Whether a one-word name span of `kind` over the normalized `word` is a bare common noun,
/// which the guidelines never count as a mention: the head noun of an organisation without
/// its name (حزب، الاتحاد، الوزارة), or for a person a title (الشيخ), perhaps after a
/// proclitic ("لحزب"، "والاتحاد").
fn bare_noun(model: &Compiled, word: &str, kind: NameKind) -> bool {
    let noun =
        |w: &str| model.is_body_head(w) || (kind == NameKind::Person && model.is_title_word(w));
    noun(word)
        || crate::text::clitics::SplitList::of(word, crate::text::clitics::Grammar::PLAIN)
            .iter()
            .any(|s| !s.stem.is_empty() && noun(s.stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_leaves_edge_punctuation_and_a_leading_english_article_out() {
        let text = "The Commerce Department ( New Liberty ) said . the";
        let (norm, tokens, words) = crate::text::analyzed(text);
        assert_eq!(
            words,
            [
                "The",
                "Commerce",
                "Department",
                "(",
                "New",
                "Liberty",
                ")",
                "said",
                ".",
                "the"
            ]
        );
        assert_eq!(super::trim_edges(&tokens, &norm, "en", 0, 3), (1, 3));
        assert_eq!(super::trim_edges(&tokens, &norm, "ar", 0, 3), (0, 3));
        assert_eq!(super::trim_edges(&tokens, &norm, "en", 3, 7), (4, 6));
        assert_eq!(super::trim_edges(&tokens, &norm, "en", 2, 4), (2, 3));
        // An article alone stays (a one-word span is no article before a name); punctuation
        // alone leaves nothing.
        assert_eq!(super::trim_edges(&tokens, &norm, "en", 9, 10), (9, 10));
        let (a, b) = super::trim_edges(&tokens, &norm, "en", 8, 9);
        assert_eq!(a, b);
        // No span runs over an angle bracket: the longest piece stays.
        let text = "Barclays Bank Plc <BCS.L> and Midland Bank Plc";
        let (norm, tokens, words) = crate::text::analyzed(text);
        let l = words.iter().position(|w| *w == "L").expect("L");
        let (a, b) = super::trim_edges(&tokens, &norm, "en", l, words.len());
        assert_eq!(words[a..b].join(" "), "and Midland Bank Plc");
        let (a, b) = super::trim_edges(&tokens, &norm, "en", 0, l);
        assert_eq!(words[a..b].join(" "), "Barclays Bank Plc");
    }

    #[test]
    fn an_english_span_leaves_lower_case_words_at_its_edges_out() {
        let g = Gazetteer::embedded_snapshot().expect("the embedded gazetteers");
        // The whole text as the tagger's span, trimmed.
        let trim = |text: &str| {
            let (norm, tokens, words) = crate::text::analyzed(text);
            let (a, b) = trim_lower_case(&g, text, &tokens, &norm, 0, words.len());
            let toks = &tokens.tokens;
            assert!(a < b, "{text}: nothing left");
            text[toks[a].byte_start as usize..toks[b - 1].byte_end as usize].to_string()
        };
        // A verb, a common noun, an adjective the tagger ran on over.
        assert_eq!(
            trim("National Basketball Association has"),
            "National Basketball Association"
        );
        assert_eq!(trim("U.S. Treasury securities"), "U.S. Treasury");
        assert_eq!(
            trim("metropolitan Waterworks Authority"),
            "Waterworks Authority"
        );
        // The possessive the cut leaves at the edge goes with it, however it is written.
        assert_eq!(trim("Kodak's mass market"), "Kodak");
        assert_eq!(trim("Kodak 's mass"), "Kodak");
        assert_eq!(
            trim("department's Export Sales Report"),
            "Export Sales Report"
        );
        assert_eq!(
            trim("department 's Export Sales Report"),
            "Export Sales Report"
        );
        // A particle opens a name, a capital after a hyphen makes a name word, a head noun
        // or a legal form in lower case ends a name, and a name's own "'s" stays.
        assert_eq!(trim("de Klerk"), "de Klerk");
        assert_eq!(trim("Abdul-Karim al-Kabariti"), "Abdul-Karim al-Kabariti");
        assert_eq!(trim("Interior ministry"), "Interior ministry");
        assert_eq!(trim("Norton co"), "Norton co");
        assert_eq!(trim("Wall street"), "Wall street");
        assert_eq!(trim("Moody's"), "Moody's");
        assert_eq!(trim("Moody 's"), "Moody 's");
        // A span with no capital is left as it is.
        assert_eq!(trim("interior ministry"), "interior ministry");
    }

    #[test]
    fn a_head_noun_or_a_title_alone_is_a_bare_noun() {
        let g = Gazetteer::embedded_snapshot().expect("the embedded gazetteers");
        let tagger = Tagger::load(&ModelSource::Embedded).expect("the embedded models");
        let (model, _) = tagger.compiled("ar", &g).expect("the Arabic model");
        for w in ["حزب", "الاتحاد", "الوزارة"] {
            let w = crate::text::normalize(w);
            assert!(bare_noun(model, &w, NameKind::Organization), "{w}");
        }
        let sheikh = crate::text::normalize("الشيخ");
        assert!(bare_noun(model, &sheikh, NameKind::Person));
        // A title word is a bare noun only as a person: "الشيخ" may begin a place's name.
        assert!(!bare_noun(model, &sheikh, NameKind::Location));
        for w in ["حماس", "تونس", "بوتين"] {
            let w = crate::text::normalize(w);
            assert!(!bare_noun(model, &w, NameKind::Organization), "{w}");
        }
        // After a proclitic too; not a word that only starts with a proclitic's letter.
        for w in ["لحزب", "والاتحاد", "بحزب"] {
            let w = crate::text::normalize(w);
            assert!(bare_noun(model, &w, NameKind::Organization), "{w}");
        }
        assert!(bare_noun(
            model,
            &crate::text::normalize("والشيخ"),
            NameKind::Person
        ));
        for w in ["لبنان", "بوتين", "فلسطين"] {
            let w = crate::text::normalize(w);
            assert!(!bare_noun(model, &w, NameKind::Organization), "{w}");
        }
        // The proclitic left out of a name before a head noun is the merge's
        // (`merge::proclitic_len`), read through the tagger.
        assert!(tagger.arabic_body_head(&g, &crate::text::normalize("جامعة")));
        assert!(!tagger.arabic_body_head(&g, &crate::text::normalize("بوتين")));
    }
}
