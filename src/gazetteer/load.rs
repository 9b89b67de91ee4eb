//! Gazetteer files -> tables, with errors that name file and line.
//!
//! The file format is documented in `gazetteers/README.md`. Loading only parses and checks
//! each row on its own; cross-row checks (duplicate ids, unknown references, conflicting
//! aliases) are in [`GazetteerData::check`].

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::date::PartialDate;
use crate::model::EntityType;

/// A problem in a gazetteer file, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    /// The file (as given, or the embedded file's name).
    pub file: String,
    /// 1-based line number (0 when the problem concerns the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

impl std::error::Error for GazetteerError {}

/// Where a row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File name.
    pub file: std::sync::Arc<str>,
    /// 1-based line.
    pub line: usize,
}

impl Origin {
    fn error(&self, message: impl Into<String>) -> GazetteerError {
        GazetteerError {
            file: self.file.to_string(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// An entity row.
#[derive(Debug, Clone)]
pub struct EntityRow {
    /// Stable id (`country:DZA`).
    pub id: String,
    /// Entity type.
    pub entity_type: EntityType,
    /// Finer kind (`news`, `capital` ...).
    pub kind: Option<String>,
    /// Canonical English name.
    pub en: Option<String>,
    /// Canonical Arabic name.
    pub ar: Option<String>,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// Country id.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 (countries).
    pub iso2: Option<String>,
    /// Capital location id (countries).
    pub capital: Option<String>,
    /// The entity this one stands for in metonymy.
    pub stands_for: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// How an alias names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AliasKind {
    /// A full name.
    Name,
    /// A short form (surname, short country name).
    Short,
    /// An abbreviation or acronym.
    Abbrev,
    /// An official long name.
    Official,
    /// An Arabic nisba adjective (الروسي): not a mention, gives a country.
    Nisba,
    /// An English demonym (Russian): not a mention, gives a country.
    Demonym,
}

impl AliasKind {
    fn parse(s: &str) -> Option<AliasKind> {
        Some(match s {
            "" | "name" => AliasKind::Name,
            "short" => AliasKind::Short,
            "abbrev" => AliasKind::Abbrev,
            "official" => AliasKind::Official,
            "nisba" => AliasKind::Nisba,
            "demonym" => AliasKind::Demonym,
            _ => return None,
        })
    }

    /// Whether a match of this alias is an adjective rather than a name.
    pub fn is_adjective(self) -> bool {
        matches!(self, AliasKind::Nisba | AliasKind::Demonym)
    }
}

/// An alias row (canonical names become alias rows too).
#[derive(Debug, Clone)]
pub struct AliasRow {
    /// Entity id.
    pub entity: String,
    /// Surface form.
    pub alias: String,
    /// Language tag, if given.
    pub lang: Option<String>,
    /// How it names the entity.
    pub kind: AliasKind,
    /// Not certain by itself.
    pub ambiguous: bool,
    /// Match the letter case exactly.
    pub exact_case: bool,
    /// Where it was defined.
    pub origin: Origin,
}

/// An alias row borrowed from the tables ([`GazetteerData::alias_refs`]).
#[derive(Debug, Clone, Copy)]
pub struct AliasRef<'a> {
    /// Entity id.
    pub entity: &'a str,
    /// Surface form.
    pub alias: &'a str,
    /// Language tag, if given.
    pub lang: Option<&'a str>,
    /// How it names the entity.
    pub kind: AliasKind,
    /// Not certain by itself.
    pub ambiguous: bool,
    /// Match the letter case exactly.
    pub exact_case: bool,
    /// Where it was defined.
    pub origin: &'a Origin,
}

/// A role held by a person.
#[derive(Debug, Clone)]
pub struct RoleRow {
    /// Person id.
    pub person: String,
    /// Role key (`president`).
    pub role: String,
    /// Country or agency id.
    pub of: String,
    /// First day.
    pub start: Option<PartialDate>,
    /// Last day (None: current as of the gazetteer date).
    pub end: Option<PartialDate>,
    /// Where it was defined.
    pub origin: Origin,
}

/// A written form of a title.
#[derive(Debug, Clone)]
pub struct TitleRow {
    /// Role key.
    pub role: String,
    /// Language.
    pub lang: String,
    /// Written form.
    pub form: String,
    /// `m` or `f`.
    pub gender: Option<String>,
    /// `sg`, `du` or `pl`.
    pub number: Option<String>,
    /// Whether the form is definite.
    pub definite: Option<bool>,
    /// Where it was defined.
    pub origin: Origin,
}

/// What a lexicon word is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// A speech verb (قال, said).
    Speech,
    /// A function word, never part of a name found by pattern.
    Stop,
    /// A locative word: a capital after it is the place, not its government.
    Locative,
    /// A word that refers back to entities in focus (الوكالة, البلدين).
    Anaphor,
    /// A name particle (بن, أبو, آل ...): inside a name found by pattern it joins the next name
    /// (محمد بن راشد).
    Particle,
    /// A particle of a European surname (دي، فان، von, de): with the word after it, the short
    /// form of a person the document named in full ("دي ميستورا" after "ستيفان دي ميستورا").
    /// Unlike [`WordClass::Particle`], it joins no name found by pattern.
    SurnameParticle,
    /// "Between" (بين): a capital after it is a party, not the place.
    Between,
    /// A conjunction written as its own word ("and"; Arabic و is a clitic): a capital before
    /// it and a country is a party.
    Conjunction,
    /// The head noun of an organisation's name (وزارة، حزب، لجنة, ministry): after a title,
    /// it and the genitive words after it name the body the office is held in.
    Body,
    /// A delegation (وفد, الوفد): with a country's nationality adjective right after it, it acts
    /// for that country ("وفد روسي").
    Delegation,
    /// An English abbreviation written with a full stop (Dr., Gen., Jan.): the stop does not
    /// end the sentence. Read by the tokenizer ([`crate::text::Abbreviations`]).
    Abbreviation,
}

impl WordClass {
    /// Whether words of this class are whole normalized tokens, looked up as they are
    /// ([`crate::gazetteer::Gazetteer::is_word`]) rather than matched with clitics and across
    /// tokens like speech verbs or anaphors.
    pub fn is_whole_token(self) -> bool {
        matches!(
            self,
            WordClass::Particle
                | WordClass::SurnameParticle
                | WordClass::Between
                | WordClass::Conjunction
                | WordClass::Abbreviation
        )
    }
}

/// A lexicon word.
#[derive(Debug, Clone)]
pub struct WordRow {
    /// The word (one or more tokens).
    pub word: String,
    /// Its class.
    pub class: WordClass,
    /// For anaphors: the type of entity referred to.
    pub entity_type: Option<EntityType>,
    /// For anaphors: how many entities it refers to.
    pub count: u8,
    /// Where it was defined.
    pub origin: Origin,
}

/// Every table of a set of gazetteer files.
#[derive(Debug, Clone, Default)]
pub struct GazetteerData {
    /// Entities.
    pub entities: Vec<EntityRow>,
    /// Aliases (explicit rows only; canonical names are added by [`GazetteerData::all_aliases`]).
    pub aliases: Vec<AliasRow>,
    /// Roles.
    pub roles: Vec<RoleRow>,
    /// Titles.
    pub titles: Vec<TitleRow>,
    /// Given names.
    pub given_names: Vec<String>,
    /// Lexicon words (speech verbs, function words, locatives, anaphors).
    pub words: Vec<WordRow>,
    /// Metadata.
    pub meta: HashMap<String, String>,
    /// Names of the files read, in order.
    pub files: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Table {
    Entities,
    Aliases,
    Roles,
    Titles,
    GivenNames,
    Words,
    Meta,
}

impl Table {
    fn of_header(first: &str) -> Option<Table> {
        Some(match first {
            "id" => Table::Entities,
            "entity" => Table::Aliases,
            "person" => Table::Roles,
            "role" => Table::Titles,
            "name" => Table::GivenNames,
            "word" => Table::Words,
            "key" => Table::Meta,
            _ => return None,
        })
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Entities => &[
                "id",
                "type",
                "kind",
                "en",
                "ar",
                "wikidata",
                "country",
                "iso2",
                "capital",
                "stands_for",
            ],
            Table::Aliases => &["entity", "alias", "lang", "kind", "flags"],
            Table::Roles => &["person", "role", "of", "start", "end"],
            Table::Titles => &["role", "lang", "form", "gender", "number", "definite"],
            Table::GivenNames => &["name", "lang", "count"],
            Table::Words => &["word", "lang", "class", "type", "count"],
            Table::Meta => &["key", "value"],
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Table::Entities => &["id", "type"],
            Table::Aliases => &["entity", "alias"],
            Table::Roles => &["person", "role", "of"],
            Table::Titles => &["role", "lang", "form"],
            Table::GivenNames => &["name"],
            Table::Words => &["word", "class"],
            Table::Meta => &["key", "value"],
        }
    }
}

impl GazetteerData {
    /// Reads every `.tsv` file under `dir` (recursively, sorted by path). Errors of all files
    /// are collected; rows without errors are kept.
    pub fn load_dir(&mut self, dir: &Path) -> Vec<GazetteerError> {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        collect_tsv(dir, &mut files, &mut errors);
        files.sort();
        for path in files {
            let name = path.display().to_string();
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => errors.extend(self.load_str(&name, &text)),
                    Err(e) => errors.push(GazetteerError {
                        file: name,
                        line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                            .iter()
                            .filter(|&&b| b == b'\n')
                            .count(),
                        message: format!(
                            "not UTF-8 (byte offset {})",
                            e.utf8_error().valid_up_to()
                        ),
                    }),
                },
                Err(e) => errors.push(GazetteerError {
                    file: name,
                    line: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        errors
    }

    /// Parses one file's text; returns its errors.
    pub fn load_str(&mut self, file: &str, text: &str) -> Vec<GazetteerError> {
        let file: std::sync::Arc<str> = file.into();
        self.files.push(file.to_string());
        let mut errors = Vec::new();
        let mut header: Option<(Table, Vec<&str>)> = None;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for (i, raw) in text.split('\n').enumerate() {
            let origin = Origin {
                file: file.clone(),
                line: i + 1,
            };
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let Some((table, cols)) = &header else {
                match parse_header(&fields) {
                    Ok(h) => header = Some(h),
                    Err(m) => {
                        errors.push(origin.error(m));
                        return errors;
                    }
                }
                continue;
            };
            if fields.len() > cols.len() {
                errors.push(origin.error(format!(
                    "{} fields, but the header has {} columns",
                    fields.len(),
                    cols.len()
                )));
                continue;
            }
            let row = Row {
                cols,
                fields: &fields,
                origin: &origin,
            };
            if let Err(e) = self.add_row(*table, &row) {
                errors.push(e);
            }
        }
        if header.is_none() {
            errors.push(GazetteerError {
                file: file.to_string(),
                line: 0,
                message: "no header line".into(),
            });
        }
        errors
    }

    fn add_row(&mut self, table: Table, row: &Row) -> Result<(), GazetteerError> {
        for req in table.required() {
            if row.get(req).is_none() {
                return Err(row.origin.error(format!("column \"{req}\" is empty")));
            }
        }
        let origin = row.origin.clone();
        match table {
            Table::Entities => self.add_entity(row, origin),
            Table::Aliases => self.add_alias(row, origin),
            Table::Roles => self.add_role(row, origin),
            Table::Titles => self.add_title(row, origin),
            Table::GivenNames => {
                self.given_names.push(row.req("name").to_string());
                Ok(())
            }
            Table::Words => self.add_word(row, origin),
            Table::Meta => self.add_meta(row, origin),
        }
    }

    /// An entity row.
    fn add_entity(&mut self, row: &Row, origin: Origin) -> Result<(), GazetteerError> {
        let id = row.req("id");
        let entity_type = row.req("type");
        let entity_type = EntityType::parse(entity_type).ok_or_else(|| {
            origin.error(format!(
                "column \"type\": {entity_type:?} is not one of PERSON, COUNTRY, AGENCY, LOCATION, EVENT"
            ))
        })?;
        check_id(id, Some(entity_type)).map_err(|m| origin.error(format!("column \"id\": {m}")))?;
        if let Some(kind) = row.get("kind") {
            let allowed: &[&str] = match entity_type {
                EntityType::Country => &["country", "territory"],
                EntityType::Agency => &[
                    "news",
                    "government",
                    "ministry",
                    "international",
                    "military",
                    "intelligence",
                    "legislature",
                    "party",
                    "company",
                    "media",
                    "club",
                    "other",
                ],
                EntityType::Location => &["capital", "city", "region", "facility", "seat"],
                EntityType::Person | EntityType::Event => &[],
            };
            if !allowed.contains(&kind) {
                return Err(origin.error(format!(
                    "column \"kind\": {kind:?} is not a kind of {} ({})",
                    entity_type.as_str(),
                    if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed.join(", ")
                    }
                )));
            }
        }
        let (en, ar) = (row.get("en"), row.get("ar"));
        if en.is_none() && ar.is_none() {
            return Err(origin.error("an entity needs a name in \"en\" or \"ar\""));
        }
        if let Some(q) = row.get("wikidata") {
            if !(q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())) {
                return Err(
                    origin.error(format!("column \"wikidata\": {q:?} is not a QID like Q159"))
                );
            }
        }
        for col in ["country", "capital", "stands_for"] {
            if let Some(v) = row.get(col) {
                check_id(v, None).map_err(|m| origin.error(format!("column \"{col}\": {m}")))?;
            }
        }
        self.entities.push(EntityRow {
            id: id.to_string(),
            entity_type,
            kind: row.get("kind").map(str::to_string),
            en: en.map(str::to_string),
            ar: ar.map(str::to_string),
            wikidata: row.get("wikidata").map(str::to_string),
            country: row.get("country").map(str::to_string),
            iso2: row.get("iso2").map(str::to_string),
            capital: row.get("capital").map(str::to_string),
            stands_for: row.get("stands_for").map(str::to_string),
            origin,
        });
        Ok(())
    }

    /// An alias row.
    fn add_alias(&mut self, row: &Row, origin: Origin) -> Result<(), GazetteerError> {
        let kind_s = row.get("kind").unwrap_or("");
        let kind = AliasKind::parse(kind_s).ok_or_else(|| {
            origin.error(format!(
                "column \"kind\": {kind_s:?} is not one of name, short, abbrev, official, nisba, demonym"
            ))
        })?;
        let (mut ambiguous, mut exact_case) = (false, false);
        for flag in row
            .get("flags")
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            match flag {
                "ambiguous" => ambiguous = true,
                "case" => exact_case = true,
                other => {
                    return Err(origin.error(format!(
                        "column \"flags\": unknown flag {other:?} (expected ambiguous, case)"
                    )))
                }
            }
        }
        let alias = row.req("alias");
        if crate::text::normalize(alias).trim().is_empty() {
            return Err(origin.error(format!(
                "column \"alias\": {alias:?} is empty after normalization"
            )));
        }
        self.aliases.push(AliasRow {
            entity: row.req("entity").to_string(),
            alias: alias.to_string(),
            lang: row.get("lang").map(str::to_string),
            kind,
            ambiguous,
            exact_case,
            origin,
        });
        Ok(())
    }

    /// A role row (who held which office, when).
    fn add_role(&mut self, row: &Row, origin: Origin) -> Result<(), GazetteerError> {
        let date = |col: &str| -> Result<Option<PartialDate>, GazetteerError> {
            row.get(col)
                .map(PartialDate::parse)
                .transpose()
                .map_err(|m| origin.error(format!("column \"{col}\": {m}")))
        };
        let (start, end) = (date("start")?, date("end")?);
        if let (Some(s), Some(e)) = (start, end) {
            if e.latest() < s.earliest() {
                return Err(origin.error(format!("role ends ({e}) before it starts ({s})")));
            }
        }
        self.roles.push(RoleRow {
            person: row.req("person").to_string(),
            role: row.req("role").to_string(),
            of: row.req("of").to_string(),
            start,
            end,
            origin,
        });
        Ok(())
    }

    /// A title row.
    fn add_title(&mut self, row: &Row, origin: Origin) -> Result<(), GazetteerError> {
        let enum_col = |col: &str, allowed: &[&str]| -> Result<Option<String>, GazetteerError> {
            match row.get(col) {
                None => Ok(None),
                Some(v) if allowed.contains(&v) => Ok(Some(v.to_string())),
                Some(v) => Err(origin.error(format!(
                    "column \"{col}\": {v:?} is not one of {}",
                    allowed.join(", ")
                ))),
            }
        };
        let gender = enum_col("gender", &["m", "f"])?;
        let number = enum_col("number", &["sg", "du", "pl"])?;
        let definite = enum_col("definite", &["yes", "no"])?.map(|v| v == "yes");
        self.titles.push(TitleRow {
            role: row.req("role").to_string(),
            lang: row.req("lang").to_string(),
            form: row.req("form").to_string(),
            gender,
            number,
            definite,
            origin,
        });
        Ok(())
    }

    /// A lexicon row.
    fn add_word(&mut self, row: &Row, origin: Origin) -> Result<(), GazetteerError> {
        let class = match row.req("class") {
            "speech" => WordClass::Speech,
            "stop" => WordClass::Stop,
            "locative" => WordClass::Locative,
            "anaphor" => WordClass::Anaphor,
            "particle" => WordClass::Particle,
            "surname-particle" => WordClass::SurnameParticle,
            "between" => WordClass::Between,
            "conjunction" => WordClass::Conjunction,
            "body" => WordClass::Body,
            "abbreviation" => WordClass::Abbreviation,
            "delegation" => WordClass::Delegation,
            other => {
                return Err(origin.error(format!(
                    "column \"class\": {other:?} is not one of speech, stop, locative, anaphor, \
                     particle, surname-particle, between, conjunction, body, abbreviation, \
                     delegation"
                )))
            }
        };
        let entity_type = match row.get("type") {
            None => None,
            Some(t) => Some(EntityType::parse(t).ok_or_else(|| {
                origin.error(format!("column \"type\": {t:?} is not an entity type"))
            })?),
        };
        let count = match row.get("count") {
            None => 1,
            Some(c) => c.parse::<u8>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                origin.error(format!("column \"count\": {c:?} is not a count from 1"))
            })?,
        };
        if class == WordClass::Anaphor && entity_type.is_none() {
            return Err(origin.error("an anaphor needs a \"type\""));
        }
        self.words.push(WordRow {
            word: row.req("word").to_string(),
            class,
            entity_type,
            count,
            origin,
        });
        Ok(())
    }

    /// A metadata row.
    fn add_meta(&mut self, row: &Row, origin: Origin) -> Result<(), GazetteerError> {
        let (k, v) = (row.req("key"), row.req("value"));
        if k == "as_of" {
            PartialDate::parse_full(v).map_err(|m| origin.error(format!("as_of: {m}")))?;
        }
        self.meta.insert(k.to_string(), v.to_string());
        Ok(())
    }

    /// Alias rows including each entity's canonical names (as `name` aliases). An explicit
    /// alias row for the same entity and form overrides the canonical name's reading (so a
    /// canonical name can be flagged `ambiguous`, as عمان is for Oman and Amman).
    pub fn all_aliases(&self) -> Vec<AliasRow> {
        self.alias_refs()
            .map(|a| AliasRow {
                entity: a.entity.to_string(),
                alias: a.alias.to_string(),
                lang: a.lang.map(str::to_string),
                kind: a.kind,
                ambiguous: a.ambiguous,
                exact_case: a.exact_case,
                origin: a.origin.clone(),
            })
            .collect()
    }

    /// The rows of [`GazetteerData::all_aliases`], in the same order, borrowed from the
    /// tables: what the matcher compiles, without a copy of every alias.
    pub fn alias_refs(&self) -> impl Iterator<Item = AliasRef<'_>> + '_ {
        let explicit: HashSet<(&str, String)> = self
            .aliases
            .iter()
            .map(|a| (a.entity.as_str(), crate::text::alias_key(&a.alias)))
            .collect();
        let canonical = self.entities.iter().flat_map(move |e| {
            [(&e.en, "en"), (&e.ar, "ar")]
                .into_iter()
                .filter_map(|(name, lang)| Some((name.as_deref()?, lang)))
                .filter(|(n, _)| !explicit.contains(&(e.id.as_str(), crate::text::alias_key(n))))
                .map(move |(n, lang)| AliasRef {
                    entity: &e.id,
                    alias: n,
                    lang: Some(lang),
                    kind: AliasKind::Name,
                    ambiguous: false,
                    exact_case: false,
                    origin: &e.origin,
                })
                .collect::<Vec<_>>()
        });
        canonical.chain(self.aliases.iter().map(|a| AliasRef {
            entity: &a.entity,
            alias: &a.alias,
            lang: a.lang.as_deref(),
            kind: a.kind,
            ambiguous: a.ambiguous,
            exact_case: a.exact_case,
            origin: &a.origin,
        }))
    }

    /// The gazetteers' "as of" date, if given.
    pub fn as_of(&self) -> Option<PartialDate> {
        self.meta
            .get("as_of")
            .and_then(|v| PartialDate::parse_full(v).ok())
    }

    /// Every cross-row check: [`GazetteerData::check_references`] and
    /// [`GazetteerData::check_aliases`], sorted by file and line.
    pub fn check(&self) -> Vec<GazetteerError> {
        let mut errors = self.check_references();
        errors.extend(self.check_aliases());
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        errors
    }

    /// Duplicate ids, references to unknown ids and role keys missing from the titles: errors
    /// that make the data unusable.
    pub fn check_references(&self) -> Vec<GazetteerError> {
        let mut errors = Vec::new();
        let mut ids: HashMap<&str, &Origin> = HashMap::new();
        for e in &self.entities {
            if let Some(first) = ids.insert(&e.id, &e.origin) {
                errors.push(e.origin.error(format!(
                    "duplicate id {} (first defined at {}:{})",
                    e.id, first.file, first.line
                )));
            }
        }
        let known = |id: &str| ids.contains_key(id);
        for e in &self.entities {
            for (col, v) in [
                ("country", &e.country),
                ("capital", &e.capital),
                ("stands_for", &e.stands_for),
            ] {
                if let Some(v) = v {
                    if !known(v) {
                        errors.push(e.origin.error(format!("column \"{col}\": unknown id {v}")));
                    }
                }
            }
        }
        for a in &self.aliases {
            if !known(&a.entity) {
                errors.push(a.origin.error(format!(
                    "alias {:?} refers to unknown id {}",
                    a.alias, a.entity
                )));
            }
        }
        let role_keys: HashSet<&str> = self.titles.iter().map(|t| t.role.as_str()).collect();
        for r in &self.roles {
            for id in [&r.person, &r.of] {
                if !known(id) {
                    errors.push(r.origin.error(format!("role refers to unknown id {id}")));
                }
            }
            if !self.titles.is_empty() && !role_keys.contains(r.role.as_str()) {
                errors.push(
                    r.origin
                        .error(format!("role {:?} is not in any titles table", r.role)),
                );
            }
        }
        errors
    }

    /// Forms with two certain readings. The matcher treats such a form as ambiguous, so this
    /// is a data-quality problem rather than a fatal one.
    pub fn check_aliases(&self) -> Vec<GazetteerError> {
        let mut errors = Vec::new();
        let mut certain: HashMap<String, (&str, &Origin)> = HashMap::new();
        let all = self.all_aliases();
        for a in &all {
            if a.ambiguous || a.kind.is_adjective() {
                continue;
            }
            let key = crate::text::alias_key(&a.alias);
            match certain.get(&key) {
                Some((other, origin)) if *other != a.entity => errors.push(a.origin.error(format!(
                    "alias {:?} names both {} ({}:{}) and {}; flag the uncertain reading(s) `ambiguous`",
                    a.alias, other, origin.file, origin.line, a.entity
                ))),
                Some(_) => {}
                None => {
                    certain.insert(key, (a.entity.as_str(), &a.origin));
                }
            }
        }
        errors
    }
}

struct Row<'a> {
    cols: &'a [&'a str],
    fields: &'a [&'a str],
    origin: &'a Origin,
}

impl<'a> Row<'a> {
    fn get(&self, col: &str) -> Option<&'a str> {
        let i = self.cols.iter().position(|c| *c == col)?;
        self.fields
            .get(i)
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
    }

    fn req(&self, col: &str) -> &'a str {
        self.get(col).unwrap_or("")
    }
}

fn parse_header<'a>(fields: &[&'a str]) -> Result<(Table, Vec<&'a str>), String> {
    let first = fields.first().map(|f| f.trim()).unwrap_or("");
    let table = Table::of_header(first).ok_or_else(|| {
        format!("header starts with {first:?}; expected one of id, entity, person, role, name, word, key (see gazetteers/README.md)")
    })?;
    let mut cols = Vec::new();
    for f in fields {
        let f = f.trim();
        if !(table.columns().contains(&f) || f == "source" || f == "note") {
            return Err(format!(
                "unknown column {f:?}; this table has {}, source, note",
                table.columns().join(", ")
            ));
        }
        if cols.contains(&f) {
            return Err(format!("column {f:?} appears twice"));
        }
        cols.push(f);
    }
    for req in table.required() {
        if !cols.contains(req) {
            return Err(format!("header lacks the required column {req:?}"));
        }
    }
    Ok((table, cols))
}

/// Checks an id's shape: `type:slug`, `country:` + three capitals, others lower-case ASCII.
pub fn check_id(id: &str, expected: Option<EntityType>) -> Result<(), String> {
    let (prefix, slug) = id
        .split_once(':')
        .ok_or_else(|| format!("{id:?} is not an id like country:DZA"))?;
    let t = EntityType::from_prefix(prefix)
        .ok_or_else(|| format!("{id:?}: unknown id prefix {prefix:?}"))?;
    if let Some(e) = expected {
        if e != t {
            return Err(format!(
                "{id:?}: a {} id must start with {}:",
                e.as_str(),
                e.prefix()
            ));
        }
    }
    let ok = if t == EntityType::Country {
        slug.len() == 3 && slug.bytes().all(|b| b.is_ascii_uppercase())
    } else {
        !slug.is_empty()
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
    };
    if ok {
        Ok(())
    } else if t == EntityType::Country {
        Err(format!(
            "{id:?}: a country id is country: + ISO 3166-1 alpha-3 in capitals"
        ))
    } else {
        Err(format!(
            "{id:?}: the part after ':' must be lower-case ASCII letters, digits and '-'"
        ))
    }
}

/// The .tsv files under `dir` (dot-files left out: an editor's lock file is no gazetteer),
/// sorted by path; unreadable ones (and an unreadable directory) as errors.
fn collect_tsv(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<GazetteerError>) {
    let is_tsv = |p: &Path| p.extension().is_some_and(|e| e == "tsv");
    for found in crate::fs::walk(dir) {
        match found {
            crate::fs::Found::File(p) if is_tsv(&p) => out.push(p),
            crate::fs::Found::Unreadable(p, message) if p == dir || is_tsv(&p) => {
                errors.push(GazetteerError {
                    file: p.display().to_string(),
                    line: 0,
                    message,
                })
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (GazetteerData, Vec<GazetteerError>) {
        let mut d = GazetteerData::default();
        let e = d.load_str("t.tsv", text);
        (d, e)
    }

    #[test]
    fn loads_entities_and_aliases() {
        let (d, e) = load("# comment\nid\ttype\ten\tar\n\ncountry:RUS\tCOUNTRY\tRussia\tروسيا\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(d.entities.len(), 1);
        assert_eq!(d.all_aliases().len(), 2);
    }

    /// (name, file text, expected error text)
    const BAD: &[(&str, &str, &str)] = &[
        (
            "unknown header",
            "foo\tbar\n",
            "t.tsv:1: header starts with \"foo\"",
        ),
        (
            "unknown column",
            "id\ttype\ten\tcolour\n",
            "t.tsv:1: unknown column \"colour\"",
        ),
        (
            "missing type",
            "id\ttype\ten\ncountry:RUS\t\tRussia\n",
            "t.tsv:2: column \"type\" is empty",
        ),
        (
            "bad type",
            "id\ttype\ten\ncountry:RUS\tNATION\tRussia\n",
            "t.tsv:2: column \"type\": \"NATION\" is not one of",
        ),
        (
            "bad country id",
            "id\ttype\ten\ncountry:rus\tCOUNTRY\tRussia\n",
            "t.tsv:2: column \"id\": \"country:rus\": a country id",
        ),
        (
            "prefix mismatch",
            "id\ttype\ten\nperson:x\tCOUNTRY\tX\n",
            "t.tsv:2: column \"id\": \"person:x\": a COUNTRY id must start with country:",
        ),
        (
            "no names",
            "id\ttype\ten\tar\nperson:x\tPERSON\t\t\n",
            "t.tsv:2: an entity needs a name",
        ),
        (
            "too many fields",
            "id\ttype\ten\nperson:x\tPERSON\tX\textra\n",
            "t.tsv:2: 4 fields, but the header has 3 columns",
        ),
        (
            "bad qid",
            "id\ttype\ten\twikidata\nperson:x\tPERSON\tX\t159\n",
            "t.tsv:2: column \"wikidata\"",
        ),
        (
            "bad alias kind",
            "entity\talias\tkind\nperson:x\tX\tnickname\n",
            "t.tsv:2: column \"kind\": \"nickname\"",
        ),
        (
            "bad flag",
            "entity\talias\tflags\nperson:x\tX\tmaybe\n",
            "t.tsv:2: column \"flags\": unknown flag \"maybe\"",
        ),
        (
            "bad date",
            "person\trole\tof\tstart\nperson:x\tpresident\tcountry:RUS\t2019-13-01\n",
            "t.tsv:2: column \"start\": \"2019-13-01\" is not a date: month 13",
        ),
        (
            "end before start",
            "person\trole\tof\tstart\tend\nperson:x\tpresident\tcountry:RUS\t2019\t2018-12\n",
            "t.tsv:2: role ends (2018-12) before it starts (2019)",
        ),
        (
            "bad gender",
            "role\tlang\tform\tgender\npresident\tar\tالرئيس\tx\n",
            "t.tsv:2: column \"gender\"",
        ),
        (
            "bad as_of",
            "key\tvalue\nas_of\t2024\n",
            "t.tsv:2: as_of: \"2024\" is not a full date",
        ),
        ("no header", "# only comments\n", "t.tsv: no header line"),
    ];

    #[test]
    fn bad_rows_name_file_and_line() {
        for (name, text, want) in BAD {
            let (_, errors) = load(text);
            let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            assert!(
                got.iter().any(|g| g.starts_with(want)),
                "case {name}: got {got:?}"
            );
        }
    }

    #[test]
    fn a_bad_row_does_not_drop_the_good_ones() {
        let (d, e) =
            load("id\ttype\ten\nperson:a\tPERSON\tA\nperson:B\tPERSON\tB\nperson:c\tPERSON\tC\n");
        assert_eq!(e.len(), 1);
        assert_eq!(d.entities.len(), 2);
    }

    #[test]
    fn check_finds_cross_row_problems() {
        let mut d = GazetteerData::default();
        let text = "id\ttype\ten\tar\tcountry\n\
            country:OMN\tCOUNTRY\tOman\tعمان\t\n\
            location:amman\tLOCATION\tAmman\tعمان\tcountry:JOR\n\
            country:OMN\tCOUNTRY\tOman2\t\t\n";
        assert!(d.load_str("e.tsv", text).is_empty());
        assert!(d
            .load_str("a.tsv", "entity\talias\nperson:nobody\tX\n")
            .is_empty());
        let got: Vec<String> = d.check().iter().map(|e| e.to_string()).collect();
        assert!(
            got.iter()
                .any(|g| g.starts_with("e.tsv:3: column \"country\": unknown id country:JOR")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g
                    .starts_with("e.tsv:4: duplicate id country:OMN (first defined at e.tsv:2)")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g.starts_with("e.tsv:3: alias \"عمان\" names both country:OMN")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g.starts_with("a.tsv:2: alias \"X\" refers to unknown id person:nobody")),
            "{got:?}"
        );
    }
}
