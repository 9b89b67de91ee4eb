//! Gazetteers: entity data loaded from TSV files (`load`) and compiled into a matcher
//! (`matcher`).

pub mod load;
pub mod matcher;
#[cfg(test)]
mod matcher_reference;
pub mod snapshot;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

pub use load::{
    AliasKind, AliasRef, AliasRow, EntityRow, GazetteerData, GazetteerError, RoleRow, TitleRow,
    WordClass, WordRow,
};
pub use matcher::{Match, MatchScratch, Matcher, Reading, RootId, StartHint};

use crate::date::PartialDate;
use crate::text::Abbreviations;

/// The default gazetteer files, embedded at build time: (path relative to `gazetteers/`,
/// contents), sorted by path.
pub use crate::embedded::GAZETTEERS as EMBEDDED;

/// Where gazetteer files come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The defaults embedded in the binary.
    Embedded,
    /// Every `.tsv` file under a directory.
    Dir(PathBuf),
    /// One file's contents, with the name used in error messages.
    Text {
        /// Name for messages.
        name: String,
        /// Contents.
        text: String,
    },
}

/// Builds a [`Gazetteer`] from sources.
#[derive(Debug, Clone, Default)]
pub struct GazetteerBuilder {
    sources: Vec<Source>,
}

/// A compiled gazetteer: entity table, matcher, roles and titles. Immutable and `Send + Sync`.
pub struct Gazetteer {
    entities: Vec<EntityRow>,
    index: HashMap<String, u32>,
    matcher: Matcher,
    roles: Vec<RoleRow>,
    titles: Vec<TitleRow>,
    given_names: rustc_hash::FxHashSet<String>,
    words: Vec<WordRow>,
    /// The normalized words of the whole-token classes ([`WordClass::is_whole_token`]).
    whole_tokens: HashSet<(WordClass, String)>,
    /// The built-in abbreviations and those of this lexicon, for the tokenizer.
    abbreviations: Abbreviations,
    as_of: Option<PartialDate>,
    fingerprint: u64,
    /// Arabic people's names by spelling skeleton ([`name_skeleton`]): the people whose name
    /// or alias has it (more than one: no one).
    person_skeletons: HashMap<String, Option<u32>>,
    /// Bodies named without their country (`وزارة الداخلية`, `Interior Ministry`): the
    /// normalized bare form -> (country, agency) pairs ([`Gazetteer::bare_bodies`]).
    bare_bodies: HashMap<String, Vec<(u32, u32)>>,
}

/// The spelling skeleton of a normalized Arabic name: per word, the long vowels ا و ي after
/// its first letter left out and a doubled letter written once, so transliterations of one
/// foreign name (جينتيلوني، جنتيلوني) share it; not a letter written twice around a vowel
/// (فيفر is not فر). Words of Latin script are kept as they are.
pub fn name_skeleton(normalized: &str) -> String {
    let mut out = String::with_capacity(normalized.len());
    for (i, w) in normalized.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut last: Option<char> = None;
        for (j, c) in w.chars().enumerate() {
            if j > 0 && matches!(c, 'ا' | 'و' | 'ي') && crate::text::is_arabic_char(c) {
                last = None;
                continue;
            }
            if last == Some(c) {
                continue;
            }
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// `a` and `b` (normalized) differ only by long vowels (ا و ي) or a doubled letter that one
/// writes and the other leaves out, after the first letter: transliterations of one name
/// (قرغيزستان، قيرغيزستان; بلجيكيا، بلجيكا), not another word with the same skeleton
/// ([`name_skeleton`]) (الاسد and
/// السويد, بوكستون and باكستان).
pub fn long_vowel_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if long.first() != short.first() {
        return false;
    }
    // Walk the longer name; every char it has beyond the shorter one's must be a long vowel
    // or repeat the char before it.
    let mut j = 0;
    for (i, &c) in long.iter().enumerate() {
        if j < short.len() && short[j] == c {
            j += 1;
        } else if !(matches!(c, 'ا' | 'و' | 'ي') || (i > 0 && long[i - 1] == c)) {
            return false;
        }
    }
    j == short.len()
}

/// Bare forms of bodies named with their country: for each alias of a government body (an
/// AGENCY of kind ministry, government, legislature, military or intelligence) with a country,
/// the alias without that country's nisba after it (وزارة الداخلية التونسية -> وزارة
/// الداخلية) or its demonym before it (Tunisian Interior Ministry -> interior ministry).
fn bare_bodies(
    data: &GazetteerData,
    aliases: &[AliasRef],
    index: &HashMap<String, u32>,
) -> HashMap<String, Vec<(u32, u32)>> {
    let mut adjectives: HashMap<u32, Vec<String>> = HashMap::new();
    for a in aliases.iter().filter(|a| a.kind.is_adjective()) {
        if let Some(&c) = index.get(a.entity) {
            adjectives
                .entry(c)
                .or_default()
                .push(crate::text::alias_key(a.alias));
        }
    }
    let mut out: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for a in aliases {
        let Some(&e) = index.get(a.entity) else {
            continue;
        };
        let row = &data.entities[e as usize];
        // Government bodies only: a bare "وكالة الأنباء" or "the party" names no one.
        let government = matches!(
            row.kind.as_deref(),
            Some("ministry" | "government" | "legislature" | "military" | "intelligence")
        );
        // Not from a form that is not certain by itself: "السياسة الخارجية الروسية" is held
        // back for the ministry because it is Russian foreign policy, and "السياسة الخارجية"
        // is no body at all.
        if row.entity_type != crate::model::EntityType::Agency
            || !government
            || a.kind.is_adjective()
            || a.ambiguous
        {
            continue;
        }
        let Some(c) = row.country.as_deref().and_then(|c| index.get(c)).copied() else {
            continue;
        };
        let key = crate::text::alias_key(a.alias);
        for adj in adjectives.get(&c).map(|v| v.as_slice()).unwrap_or(&[]) {
            let bare = key
                .strip_suffix(adj.as_str())
                .and_then(|b| b.strip_suffix(' '))
                .or_else(|| {
                    key.strip_prefix(adj.as_str())
                        .and_then(|b| b.strip_prefix(' '))
                });
            // Two words at least: "وزارة الداخلية", not "الحكومة".
            if let Some(b) = bare.filter(|b| b.contains(' ')) {
                let v = out.entry(b.to_string()).or_default();
                if !v.contains(&(c, e)) {
                    v.push((c, e));
                }
            }
        }
    }
    out
}

impl GazetteerBuilder {
    /// A builder with no sources.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds a source.
    pub fn source(mut self, source: Source) -> GazetteerBuilder {
        self.sources.push(source);
        self
    }

    /// Loads every source into tables, returning load errors.
    pub fn load(&self) -> (GazetteerData, Vec<GazetteerError>, u64) {
        let mut data = GazetteerData::default();
        let mut errors = Vec::new();
        let mut hash = crate::hash::Fnv::new();
        for s in &self.sources {
            match s {
                Source::Embedded => load_embedded(EMBEDDED, &mut data, &mut errors, &mut hash),
                Source::Dir(dir) => {
                    let before = data.files.len();
                    errors.extend(data.load_dir(dir));
                    for f in &data.files[before..] {
                        hash.write(f.as_bytes());
                        if let Ok(bytes) = std::fs::read(f) {
                            hash.write(&bytes);
                        }
                    }
                }
                Source::Text { name, text } => {
                    hash.write(name.as_bytes());
                    hash.write(text.as_bytes());
                    errors.extend(data.load_str(name, text));
                }
            }
        }
        (data, errors, hash.finish())
    }

    /// Loads, checks references and compiles. Fails with every load and reference error.
    ///
    /// The embedded gazetteers alone (the default) come compiled with the binary
    /// ([`snapshot`]): they are decoded, not compiled, unless the snapshot is missing or does
    /// not match the embedded files.
    pub fn build(&self) -> Result<Gazetteer, Vec<GazetteerError>> {
        if matches!(self.sources.as_slice(), [Source::Embedded]) {
            if let Some(g) = Gazetteer::embedded_snapshot() {
                return Ok(g);
            }
        }
        self.compile()
    }

    /// [`GazetteerBuilder::build`] without the snapshot: loads the sources, checks references
    /// and compiles at run time.
    pub fn compile(&self) -> Result<Gazetteer, Vec<GazetteerError>> {
        let (data, mut errors, fingerprint) = self.load();
        errors.extend(data.check_references());
        if !errors.is_empty() {
            return Err(errors);
        }
        Gazetteer::compile(data, fingerprint).map_err(|m| {
            vec![GazetteerError {
                file: "(gazetteers)".into(),
                line: 0,
                message: m,
            }]
        })
    }
}

/// A thread's memo of [`Gazetteer::whole_name`]: for which gazetteer (its address and
/// fingerprint), and the reading of each text asked.
#[derive(Default)]
struct WholeNameMemo {
    key: (usize, u64),
    texts: rustc_hash::FxHashMap<Box<str>, Option<Reading>>,
}

/// Loads the embedded-style files (name relative to `gazetteers/`, contents) into `data`,
/// hashing names and contents into `hash` (the gazetteer's fingerprint).
fn load_embedded(
    files: &[(&str, &str)],
    data: &mut GazetteerData,
    errors: &mut Vec<GazetteerError>,
    hash: &mut crate::hash::Fnv,
) {
    for (name, text) in files {
        hash.write(name.as_bytes());
        hash.write(text.as_bytes());
        errors.extend(data.load_str(&format!("gazetteers/{name}"), text));
    }
}

impl Gazetteer {
    /// The embedded gazetteers as compiled by the build script ([`snapshot`]), if the
    /// snapshot is there and matches the embedded files.
    pub fn embedded_snapshot() -> Option<Gazetteer> {
        snapshot::decode(
            crate::embedded::GAZETTEER_SNAPSHOT,
            snapshot::sources_checksum(EMBEDDED),
        )
    }

    fn compile(data: GazetteerData, fingerprint: u64) -> Result<Gazetteer, String> {
        let index: HashMap<String, u32> = data
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i as u32))
            .collect();
        // Borrowed rows: compiling a large gazetteer copies no alias.
        let aliases: Vec<AliasRef> = data.alias_refs().collect();
        // A place's name that says its own country after a comma ("Nice, France": the
        // generator's certain name for a town whose name other places share) is two names in
        // a text, the town and its country (the guidelines), so it is not matched as one.
        let names_own_country = |a: &AliasRef| {
            let Some((_, tail)) = a.alias.rsplit_once(", ") else {
                return false;
            };
            let country_en = index
                .get(a.entity)
                .and_then(|&e| data.entities[e as usize].country.as_deref())
                .and_then(|c| index.get(c))
                .and_then(|&c| data.entities[c as usize].en.as_deref());
            country_en == Some(tail)
        };
        let matcher = Matcher::from_alias_refs(
            aliases.iter().copied().filter(|a| !names_own_country(a)),
            &index,
        )?;
        let as_of = data.as_of();
        let mut person_skeletons: HashMap<String, Option<u32>> = HashMap::new();
        for a in &aliases {
            let Some(&e) = index.get(a.entity) else {
                continue;
            };
            // Only Arabic aliases of people are keyed: the key (a normalization and a
            // tokenization) is not computed for every alias of a large gazetteer.
            if data.entities[e as usize].entity_type != crate::model::EntityType::Person
                || a.ambiguous
                || !crate::text::has_arabic(a.alias)
            {
                continue;
            }
            let key = crate::text::alias_key(a.alias);
            if !key.contains(' ') {
                continue;
            }
            let slot = person_skeletons
                .entry(name_skeleton(&key))
                .or_insert(Some(e));
            if *slot != Some(e) {
                *slot = None;
            }
        }
        let bare_bodies = bare_bodies(&data, &aliases, &index);
        Ok(Gazetteer {
            // Compound names are also written joined (عبد الواحد, عبدالواحد).
            given_names: data
                .given_names
                .iter()
                .flat_map(|n| {
                    let n = crate::text::normalize(n);
                    [n.replace(' ', ""), n]
                })
                .collect(),
            whole_tokens: data
                .words
                .iter()
                .filter(|w| w.class.is_whole_token())
                .map(|w| (w.class, crate::text::normalize(&w.word)))
                .collect(),
            abbreviations: snapshot::abbreviations(&data.words),
            entities: data.entities,
            index,
            matcher,
            roles: data.roles,
            titles: data.titles,
            words: data.words,
            as_of,
            fingerprint,
            person_skeletons,
            bare_bodies,
        })
    }

    /// The entity at `index`.
    pub fn entity(&self, index: u32) -> &EntityRow {
        &self.entities[index as usize]
    }

    /// The country of entity `e`: itself for a country, else the country its row names.
    pub fn country_of(&self, e: u32) -> Option<u32> {
        let row = self.entity(e);
        if row.entity_type == crate::model::EntityType::Country {
            return Some(e);
        }
        let c = self.entity_index(row.country.as_deref()?)?;
        (self.entity(c).entity_type == crate::model::EntityType::Country).then_some(c)
    }

    /// The index of an entity id.
    pub fn entity_index(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    /// All entities.
    pub fn entities(&self) -> &[EntityRow] {
        &self.entities
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// All role rows.
    pub fn roles(&self) -> &[RoleRow] {
        &self.roles
    }

    /// All title forms.
    pub fn titles(&self) -> &[TitleRow] {
        &self.titles
    }

    /// Lexicon words (speech verbs, function words, locatives, anaphors).
    pub fn words(&self) -> &[WordRow] {
        &self.words
    }

    /// Whether the normalized token `normalized` is a lexicon word of the whole-token class
    /// `class` (a name particle, "between", "and").
    pub fn is_word(&self, class: WordClass, normalized: &str) -> bool {
        self.whole_tokens.contains(&(class, normalized.to_string()))
    }

    /// The abbreviations a full stop after which does not end a sentence: the built-in ones
    /// and the lexicon's class `abbreviation`.
    pub fn abbreviations(&self) -> &Abbreviations {
        &self.abbreviations
    }

    /// Whether `normalized` is a known given name.
    pub fn is_given_name(&self, normalized: &str) -> bool {
        self.given_names.contains(normalized)
    }

    /// Every given name (normalized; unordered).
    pub fn given_names(&self) -> impl Iterator<Item = &str> {
        self.given_names.iter().map(String::as_str)
    }

    /// Whether `text` on its own is exactly one name of entity `e` (the matcher, run over the
    /// text alone, finds `e` across all of it). For the rare span checks of resolution and the
    /// tagger's merge: it normalizes, tokenizes and matches afresh.
    pub fn names_alone(&self, text: &str, e: u32) -> bool {
        matches!(self.whole_name(text), Some(Reading::Entity(x, _)) if x == e)
    }

    /// The reading of a match that covers all of `text` on its own (a name, an adjective or
    /// an ambiguous form), if any. Normalizes, tokenizes and matches afresh the first time a
    /// thread asks for a text, then answers from the thread's memo (the tagger's merge and
    /// resolution ask again for the same city, country and club names in every document).
    pub fn whole_name(&self, text: &str) -> Option<Reading> {
        /// Texts remembered per thread before the memo starts afresh (bounded memory).
        const MEMO_TEXTS: usize = 1 << 16;
        thread_local! {
            /// The gazetteer's address and fingerprint, and its answers by text.
            static MEMO: std::cell::RefCell<WholeNameMemo> = Default::default();
        }
        let key = (self as *const Gazetteer as usize, self.fingerprint);
        if let Some(hit) = MEMO.with(|memo| {
            let memo = memo.borrow();
            (memo.key == key)
                .then(|| memo.texts.get(text).cloned())
                .flatten()
        }) {
            return hit;
        }
        let reading = self.match_whole(text);
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.key != key || memo.texts.len() >= MEMO_TEXTS {
                memo.key = key;
                memo.texts.clear();
            }
            memo.texts.insert(text.into(), reading.clone());
        });
        reading
    }

    /// [`Gazetteer::whole_name`] without the memo.
    fn match_whole(&self, text: &str) -> Option<Reading> {
        let norm = crate::text::Normalized::new(text);
        let mut t = crate::text::Tokens::default();
        t.tokenize(text, &norm);
        let mut found = Vec::new();
        self.matcher()
            .find(text, &norm, &t, &mut MatchScratch::default(), &mut found);
        found
            .into_iter()
            .find(|m| m.first_token == 0 && m.end_token == t.tokens.len())
            .map(|m| m.reading)
    }

    /// The one Arabic-named person whose name or alias has the spelling skeleton of
    /// `normalized` (a name of two words or more; [`name_skeleton`]).
    pub fn person_by_spelling(&self, normalized: &str) -> Option<u32> {
        self.person_skeletons
            .get(&name_skeleton(normalized))
            .copied()
            .flatten()
    }

    /// Bodies named without their country: a normalized bare form (وزارة الداخلية) ->
    /// (country, agency) pairs.
    pub fn bare_bodies(&self) -> &HashMap<String, Vec<(u32, u32)>> {
        &self.bare_bodies
    }

    /// The "as of" date of the data.
    pub fn as_of(&self) -> Option<PartialDate> {
        self.as_of
    }

    /// A hash of every source file's name and contents (for resume checks).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

/// How many problems per file a report shows before it only counts the rest.
pub const PROBLEMS_SHOWN_PER_FILE: usize = 10;

/// Report lines for gazetteer problems: the first `per_file` of each file, in order, then one
/// line counting the rest of that file. One wrong header makes every reference to the file's
/// ids fail in the other files (thousands of "unknown id" lines that bury the cause); the
/// cause comes first and the consequences are counted.
pub fn report_lines(errors: &[GazetteerError], per_file: usize) -> Vec<String> {
    let mut files: Vec<&str> = Vec::new();
    let mut by_file: HashMap<&str, Vec<&GazetteerError>> = HashMap::new();
    for e in errors {
        let list = by_file.entry(e.file.as_str()).or_insert_with(|| {
            files.push(e.file.as_str());
            Vec::new()
        });
        list.push(e);
    }
    let mut lines = Vec::new();
    for file in files {
        let list = &by_file[file];
        lines.extend(list.iter().take(per_file).map(|e| e.to_string()));
        if list.len() > per_file {
            lines.push(format!(
                "{file}: ... and {} more problem(s) in this file",
                list.len() - per_file
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{long_vowel_variant, name_skeleton};

    #[test]
    fn spelling_skeletons_of_names() {
        let sk = |w: &str| name_skeleton(&crate::text::normalize(w));
        // Transliterations of one name share their skeleton.
        assert_eq!(sk("جينتيلوني"), sk("جنتيلوني"));
        assert_eq!(sk("ماكرون"), sk("ماكرن"));
        assert_eq!(sk("دولّي"), sk("دولي"));
        assert_eq!(sk("دوللي"), sk("دولي"));
        // A letter written twice around a long vowel is two letters: De Vrij is not De Wever,
        // Helliwell not Healey.
        assert_ne!(sk("دي فري"), sk("دي فيفر"));
        assert_ne!(sk("هيليويل"), sk("هيلي"));
        assert_eq!(sk("Van Dijk"), "van dijk");
    }

    #[test]
    fn long_vowel_variants_of_a_name() {
        let n = crate::text::normalize;
        for (a, b) in [
            ("قرغيزستان", "قيرغيزستان"),
            ("بلجيكيا", "بلجيكا"),
            ("الدنمرك", "الدنمارك"),
            ("نيوزلندا", "نيوزيلندا"),
        ] {
            assert!(long_vowel_variant(&n(a), &n(b)), "{a} {b}");
            assert!(long_vowel_variant(&n(b), &n(a)), "{b} {a}");
        }
        for (a, b) in [
            ("الأسد", "السويد"),
            ("بوكستون", "باكستان"),
            ("فرانسيس", "فرنسا"),
            ("رومانية", "رومانيا"),
            ("تلايلاند", "تايلاند"),
        ] {
            assert!(!long_vowel_variant(&n(a), &n(b)), "{a} {b}");
        }
    }
}
