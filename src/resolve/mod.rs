//! Resolution: who is who beyond the gazetteer's literal names.
//!
//! Runs after the gazetteer matcher, per document, over its tokens and matches:
//!
//! - **Titles and appositions.** A title phrase (a title form from the titles table, then a
//!   nisba adjective, a country or agency, or an anaphor such as الوكالة) followed by a person
//!   gives `holds-position`; "الرئيس الروسي، فلاديمير بوتين" and "Russian President Vladimir
//!   Putin" alike.
//! - **People in no gazetteer.** A title phrase, a comma, then two to four name-like tokens
//!   closed by a comma ("نائب رئيس الوكالة، بافيل شيفتسوف،"), or a speech verb, a name, a comma
//!   and a title phrase ("وقال ديمتري شوجاييف، مدير ..."), or in English a title then
//!   capitalized names, give a PERSON marked `source: rule`, with an id derived from the
//!   normalized name only (the same in every document).
//! - **Roles by date.** A singular title with its country ("الرئيس الجزائري", "the Algerian
//!   president") and no name after it resolves to the one person who held that role on the
//!   document's date (else the gazetteers' `as_of` date; never the clock). Its mention says
//!   `via: role`. Counterpart titles ("نظيره الجزائري") take the role of the title before them;
//!   with no title before, they resolve to nothing.
//! - **Metonymy.** A capital or seat of government (an entity with `stands_for`) used as an
//!   actor keeps its mention and says what it stands for; after a locative word ("في", "خارج",
//!   "in"), in parentheses, or right after an agency's name it is the place.
//! - **Coreference.** A surname alone joins a person found earlier in the document; anaphors
//!   from the lexicon (الوكالة, البلدين, الرئيسان, "the two countries") join the entities in
//!   focus. Every mention keeps its own span.
//!
//! Word lists (titles, speech verbs, function words, locatives, anaphors) are data in the
//! gazetteer directory; this module holds none.

use rustc_hash::FxHashMap as HashMap;

use crate::date::PartialDate;
use crate::gazetteer::{
    AliasKind, AliasRow, Gazetteer, Match, MatchScratch, Matcher, Reading, WordClass,
};
use crate::model::EntityType;
use crate::text::{Normalized, TokenKind, Tokens};

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
    /// `pattern`, `role` or `coreference`.
    pub via: &'static str,
}

/// A `holds-position` found from a title and a person.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// What resolution adds to a document.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// People found by pattern.
    pub found: Vec<FoundPerson>,
    /// Mentions added (people found, roles, coreference).
    pub mentions: Vec<ResolvedMention>,
    /// Gazetteer matches used as metonymy: (index into the matches, entity they stand for).
    pub stands_for: Vec<(usize, u32)>,
    /// Positions held.
    pub positions: Vec<Position>,
    /// Title-and-name appositions of people found by pattern ("نائب رئيس الوكالة، بافيل
    /// شيفتسوف"; "ديمتري شوجاييف، مدير ..."): (person, first token, end token). Rules read
    /// the whole apposition as that person.
    pub appositions: Vec<(Target, usize, usize)>,
    /// Entities the name tagger found (see [`crate::tagger::merge`]).
    pub tagged: Vec<crate::tagger::merge::TaggedEntity>,
}

/// A person's tenure of a role: (person, start, end).
type Tenure = (u32, Option<PartialDate>, Option<PartialDate>);

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
}

/// The compiled resolution stage.
pub struct Resolver {
    titles: Matcher,
    role_keys: Vec<String>,
    counterpart: Option<u32>,
    /// Normalized title forms that are singular.
    singular_titles: std::collections::HashSet<String>,
    words: Matcher,
    word_rows: Vec<(WordClass, Option<EntityType>, u8)>,
    /// (role, of) -> holders with their dates.
    holders: HashMap<(u32, u32), Vec<Tenure>>,
}

/// Per-token annotations for one document (scratch).
#[derive(Debug, Default)]
pub struct ResolveScratch {
    titles: Vec<Match>,
    words: Vec<Match>,
    ms: MatchScratch,
}

impl Resolver {
    /// Compiles the titles and lexicon of a gazetteer.
    pub fn new(g: &Gazetteer) -> Result<Resolver, String> {
        let mut role_index: std::collections::HashMap<String, u32> = Default::default();
        let mut role_keys = Vec::new();
        let mut rows = Vec::new();
        let mut singular_titles = std::collections::HashSet::new();
        for t in g.titles() {
            let n = role_keys.len() as u32;
            role_index.entry(t.role.clone()).or_insert_with(|| {
                role_keys.push(t.role.clone());
                n
            });
            if t.number.as_deref().is_none_or(|n| n == "sg") {
                singular_titles.insert(crate::gazetteer::matcher::alias_key(&t.form));
            }
            rows.push(pseudo_alias(&t.role, &t.form));
        }
        let titles = Matcher::new(&rows, &role_index)?;
        let counterpart = role_index.get("counterpart").copied();
        let mut word_index: std::collections::HashMap<String, u32> = Default::default();
        let mut word_rows = Vec::new();
        let mut wrows = Vec::new();
        for (i, w) in g.words().iter().enumerate() {
            let key = format!("w{i}");
            word_index.insert(key.clone(), i as u32);
            word_rows.push((w.class, w.entity_type, w.count));
            wrows.push(pseudo_alias(&key, &w.word));
        }
        let words = Matcher::new(&wrows, &word_index)?;
        let mut holders: HashMap<(u32, u32), Vec<_>> = HashMap::default();
        for r in g.roles() {
            let (Some(&role), Some(person), Some(of)) = (
                role_index.get(&r.role),
                g.entity_index(&r.person),
                g.entity_index(&r.of),
            ) else {
                continue;
            };
            holders
                .entry((role, of))
                .or_default()
                .push((person, r.start, r.end));
        }
        Ok(Resolver {
            titles,
            role_keys,
            counterpart,
            singular_titles,
            words,
            word_rows,
            holders,
        })
    }

    /// Resolves one document. `matches` are the gazetteer's; `date` is the document date or
    /// the gazetteers' as-of date.
    pub fn resolve(
        &self,
        g: &Gazetteer,
        doc: DocView<'_>,
        scratch: &mut ResolveScratch,
    ) -> Resolved {
        let DocView {
            original,
            norm,
            tokens,
            matches,
            date,
        } = doc;
        let mut out = Resolved::default();
        let toks = &tokens.tokens;
        if toks.is_empty() {
            return out;
        }
        self.titles
            .find(original, norm, tokens, &mut scratch.ms, &mut scratch.titles);
        self.words
            .find(original, norm, tokens, &mut scratch.ms, &mut scratch.words);
        let n = toks.len();
        // Per-token lookups.
        let mut gaz_at: Vec<Option<usize>> = vec![None; n];
        let mut gaz_cover: Vec<bool> = vec![false; n];
        for (i, m) in matches.iter().enumerate() {
            gaz_at[m.first_token] = Some(i);
            for c in &mut gaz_cover[m.first_token..m.end_token] {
                *c = true;
            }
        }
        let mut match_ending_at: Vec<Option<usize>> = vec![None; n + 1];
        for (i, m) in matches.iter().enumerate() {
            match_ending_at[m.end_token] = Some(i);
        }
        let mut title_at: Vec<Option<usize>> = vec![None; n];
        for (i, m) in scratch.titles.iter().enumerate() {
            title_at[m.first_token] = Some(i);
        }
        let mut word_at: Vec<Option<usize>> = vec![None; n];
        for (i, m) in scratch.words.iter().enumerate() {
            word_at[m.first_token] = Some(i);
        }
        let classes = |t: usize| -> Vec<(WordClass, Option<EntityType>, u8, usize)> {
            let Some(wi) = word_at[t] else { return vec![] };
            let m = &scratch.words[wi];
            readings(&m.reading)
                .into_iter()
                .map(|r| {
                    let (c, ty, k) = self.word_rows[r as usize];
                    (c, ty, k, m.end_token)
                })
                .collect()
        };
        // The word classes starting at each token, as bits, computed once (looked up for
        // nearly every token below).
        let bit = |c: WordClass| 1u8 << (c as u8);
        let mut class_bits = vec![0u8; n];
        for m in &scratch.words {
            for r in readings(&m.reading) {
                class_bits[m.first_token] |= bit(self.word_rows[r as usize].0);
            }
        }
        let has_class = |t: usize, c: WordClass| class_bits[t] & bit(c) != 0;
        let norm_of = |t: usize| toks[t].norm(&norm.text);
        let is_punct =
            |t: usize, set: &[&str]| toks[t].kind == TokenKind::Punct && set.contains(&norm_of(t));
        let name_like = |t: usize| -> bool {
            let tok = &toks[t];
            tok.kind == TokenKind::Word
                && !gaz_cover[t]
                && title_at[t].is_none()
                && !has_class(t, WordClass::Stop)
                && !has_class(t, WordClass::Speech)
                && norm_of(t).chars().count() >= 2
                && norm_of(t)
                    .chars()
                    .all(|c| crate::text::is_letter(c) || c == '-' || c == '\'')
        };
        let latin_cap = |t: usize| -> bool {
            original[toks[t].byte_start as usize..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
        };
        let sentence_end =
            |t: usize| -> usize { tokens.sentences[toks[t].sentence as usize].end_token as usize };

        // Title phrases: [start, end) tokens, roles, and what they are of.
        struct TitlePhrase {
            start: usize,
            /// Original byte where the title starts (after any proclitic).
            byte_start: usize,
            end: usize,
            roles: Vec<u32>,
            of: Option<u32>,
            singular: bool,
        }
        let mut focus_agency: Option<u32> = None;
        let mut last_roles: Option<Vec<u32>> = None;
        let mut found_index: HashMap<String, u32> = HashMap::default();
        let mut phrases: Vec<TitlePhrase> = Vec::new();
        // Pass 1: title phrases in text order, tracking focus.
        let mut t = 0usize;
        while t < n {
            if let Some(mi) = gaz_at[t] {
                if let Reading::Entity(e, _) = matches[mi].reading {
                    if g.entity(e).entity_type == EntityType::Agency {
                        focus_agency = Some(e);
                    }
                }
            }
            let Some(ti) = title_at[t] else {
                t += 1;
                continue;
            };
            let tm = &scratch.titles[ti];
            let mut roles = readings(&tm.reading);
            let title_key = joined_norm(tokens, norm, tm.first_token, tm.end_token);
            let singular = self.singular_titles.contains(&title_key);
            if self.counterpart.is_some_and(|c| roles.contains(&c)) {
                match &last_roles {
                    Some(r) => roles = r.clone(),
                    None => {
                        t = tm.end_token;
                        continue;
                    }
                }
            }
            let mut k = tm.end_token;
            let mut of: Option<u32> = None;
            let mut country: Option<u32> = None;
            let end = sentence_end(t);
            while k < end {
                if let Some(mi) = gaz_at[k] {
                    let m = &matches[mi];
                    match m.reading {
                        Reading::Adjective(c) if country.is_none() => {
                            country = Some(c);
                            k = m.end_token;
                            continue;
                        }
                        Reading::Entity(e, _)
                            if of.is_none()
                                && matches!(
                                    g.entity(e).entity_type,
                                    EntityType::Country | EntityType::Agency
                                ) =>
                        {
                            of = Some(e);
                            if g.entity(e).entity_type == EntityType::Agency {
                                focus_agency = Some(e);
                            }
                            k = m.end_token;
                            continue;
                        }
                        _ => {}
                    }
                }
                if of.is_none() {
                    if let Some((_, Some(EntityType::Agency), 1, wend)) =
                        classes(k).into_iter().find(|x| x.0 == WordClass::Anaphor)
                    {
                        if let Some(a) = focus_agency {
                            of = Some(a);
                            out.mentions.push(self.mention(
                                Target::Gazetteer(a),
                                tokens,
                                k,
                                wend,
                                "coreference",
                            ));
                            k = wend;
                            continue;
                        }
                    }
                }
                break;
            }
            // English puts the adjective or the country first: "Russian President",
            // "Algeria's president", "the Algerian president".
            let (mut start, mut byte_start) = (t, tm.byte_start);
            if of.is_none() && country.is_none() && t > 0 {
                let before = if t >= 2 && norm_of(t - 1) == "'s" {
                    t - 1
                } else {
                    t
                };
                if let Some(m) = match_ending_at[before].map(|i| &matches[i]) {
                    let found = match m.reading {
                        Reading::Adjective(c) if before == t => {
                            country = Some(c);
                            true
                        }
                        Reading::Entity(e, _)
                            if matches!(
                                g.entity(e).entity_type,
                                EntityType::Country | EntityType::Agency
                            ) =>
                        {
                            of = Some(e);
                            true
                        }
                        _ => false,
                    };
                    if found {
                        (start, byte_start) = (m.first_token, m.byte_start);
                    }
                }
            }
            let of = of.or(country);
            last_roles = Some(roles.clone());
            phrases.push(TitlePhrase {
                start,
                byte_start,
                end: k,
                roles,
                of,
                singular,
            });
            t = k.max(t + 1);
        }

        // Pass 2: appositions, people found by pattern, roles by date.
        for p in &phrases {
            let end = sentence_end(p.start);
            let mut k = p.end;
            let comma_before = k < end && is_punct(k, &["،", ","]);
            if comma_before {
                k += 1;
            }
            // holds-position needs what the role is held in; a bare honorific (د.) gives none.
            let role = p.of.and_then(|_| self.pick_role(&p.roles, p.of));
            let title_bytes = (p.byte_start, toks[p.end - 1].byte_end as usize);
            let sentence = toks[p.start].sentence as usize;
            let position =
                |person: Target, role: String, of: Option<u32>, rule: &'static str| Position {
                    person,
                    role,
                    title_bytes,
                    of: of.map(Target::Gazetteer),
                    sentence,
                    rule,
                };
            // A person from the gazetteer right after the title.
            if k < end {
                if let Some(mi) = gaz_at[k] {
                    if let Reading::Entity(e, _) = matches[mi].reading {
                        if g.entity(e).entity_type == EntityType::Person {
                            if let Some(role) = &role {
                                out.positions.push(position(
                                    Target::Gazetteer(e),
                                    role.clone(),
                                    p.of,
                                    "resolve/apposition",
                                ));
                            }
                            continue;
                        }
                    }
                }
            }
            // A name in no gazetteer: Arabic "title، name،"; English "Title Name Name".
            let arabic = toks[p.start..p.end]
                .iter()
                .any(|t| crate::text::has_arabic(t.norm(&norm.text)));
            let mut name_end = k;
            while name_end < end
                && name_end - k < 4
                && name_like(name_end)
                && (arabic || latin_cap(name_end))
            {
                name_end += 1;
            }
            let closed = name_end >= end
                || is_punct(name_end, &["،", ",", ".", ":", "؛", ";"])
                || has_class(name_end, WordClass::Speech);
            let name_ok = name_end - k >= 2 && (if arabic { comma_before && closed } else { true });
            if name_ok {
                let target = self.found_person(
                    &mut out,
                    &mut found_index,
                    original,
                    norm,
                    tokens,
                    k,
                    name_end,
                );
                out.mentions
                    .push(self.mention(target, tokens, k, name_end, "pattern"));
                out.appositions.push((target, p.start, name_end));
                if let Some(role) = &role {
                    out.positions
                        .push(position(target, role.clone(), p.of, "resolve/apposition"));
                }
                continue;
            }
            // Speech verb, name, comma, this title: "وقال ديمتري شوجاييف، مدير ...".
            if p.start >= 3 && is_punct(p.start - 1, &["،", ","]) {
                let stop = p.start - 1;
                let mut s = stop;
                while s > 0 && stop - s < 4 && name_like(s - 1) && (arabic || latin_cap(s - 1)) {
                    s -= 1;
                }
                if stop - s >= 2 && s > 0 && has_class(s - 1, WordClass::Speech) {
                    let target = self.found_person(
                        &mut out,
                        &mut found_index,
                        original,
                        norm,
                        tokens,
                        s,
                        stop,
                    );
                    out.mentions
                        .push(self.mention(target, tokens, s, stop, "pattern"));
                    out.appositions.push((target, s, p.end));
                    if let Some(role) = &role {
                        out.positions.push(position(
                            target,
                            role.clone(),
                            p.of,
                            "resolve/apposition",
                        ));
                    }
                    continue;
                }
            }
            // No name: the holder of the role on the date.
            if let (true, Some(of), Some(date)) = (p.singular, p.of, date) {
                if let Some((person, role)) = self.holder(&p.roles, of, date) {
                    out.mentions.push(self.mention(
                        Target::Gazetteer(person),
                        tokens,
                        p.start,
                        p.end,
                        "role",
                    ));
                    out.positions.push(position(
                        Target::Gazetteer(person),
                        role,
                        Some(of),
                        "resolve/role",
                    ));
                }
            }
        }

        // A known given name followed by name-like tokens: "عمر حسن البشير", "وعبدالواحد
        // لبيني". Two to four tokens, a conjunction or preposition glued to the first left out.
        // Tokens covered by a gazetteer match or a mention so far (kept up to date below, so
        // the passes stay linear in the document).
        let mut cover = gaz_cover.clone();
        for m in &out.mentions {
            for c in &mut cover[m.first_token..m.end_token] {
                *c = true;
            }
        }
        let mut t = 0usize;
        while t < n {
            let covered = |x: usize| cover[x];
            if covered(t) || toks[t].kind != TokenKind::Word {
                t += 1;
                continue;
            }
            let w = norm_of(t);
            let mut prefix_len = None;
            for p in ["", "و", "ف", "ب", "ل"] {
                if let Some(rest) = w.strip_prefix(p) {
                    if rest.chars().count() >= 3 && g.is_given_name(rest) {
                        prefix_len = Some(p.len());
                        break;
                    }
                }
            }
            let Some(pl) = prefix_len else {
                t += 1;
                continue;
            };
            let end = sentence_end(t);
            let mut e = t + 1;
            // Up to three tokens; a word with a preposition + article glued on (بالمباراة،
            // للانذار) or a conjunction before a non-name (والفني، وأسامة) ends the name.
            let continues = |x: usize| {
                let w = norm_of(x);
                let glued_article = ["بال", "لل", "وال", "فال", "كال"]
                    .iter()
                    .any(|p| w.starts_with(p));
                let conjunction = w.starts_with('و') && !g.is_given_name(w);
                !glued_article && !conjunction
            };
            // Past the second token only name-like evidence extends the name: another given
            // name, a family nisba (العزاوي), or a particle with its name (بن راشد، آل مكتوم).
            let particle = |x: usize| {
                matches!(
                    norm_of(x),
                    "بن" | "ابن" | "بنت" | "ابو" | "ال" | "ولد" | "عبد"
                )
            };
            while e < end && e - t < 6 && !covered(e) && name_like(e) && continues(e) {
                let w = norm_of(e);
                if particle(e) {
                    if e + 1 < end && !covered(e + 1) && name_like(e + 1) && !particle(e + 1) {
                        e += 2;
                        continue;
                    }
                    break;
                }
                let strong = g.is_given_name(w) || (w.starts_with("ال") && w.ends_with('ي'));
                if e - t >= 2 && !strong {
                    break;
                }
                e += 1;
            }
            if e - t < 2 || has_class(t, WordClass::Stop) {
                t += 1;
                continue;
            }
            let target = self.found_person_from(
                &mut out,
                &mut found_index,
                original,
                norm,
                tokens,
                t,
                e,
                pl,
            );
            let tok = &toks[t];
            out.mentions.push(ResolvedMention {
                target,
                first_token: t,
                end_token: e,
                byte_start: norm.original_byte(tok.norm_start as usize + pl),
                byte_end: toks[e - 1].byte_end as usize,
                via: "pattern",
            });
            for c in &mut cover[t..e] {
                *c = true;
            }
            t = e;
        }

        // Surnames of people found by pattern: later single tokens (after proclitics too), in
        // one pass over the tokens.
        let mut first_end: Vec<usize> = vec![n; out.found.len()];
        for m in &out.mentions {
            if let Target::Found(f) = m.target {
                first_end[f as usize] = first_end[f as usize].min(m.end_token);
            }
        }
        let mut surnames: HashMap<&str, u32> = HashMap::default();
        for (fi, f) in out.found.iter().enumerate() {
            if let (true, Some(last)) = (f.norm_tokens.len() >= 2, f.norm_tokens.last()) {
                // A surname shared by two people found here is nobody's.
                surnames
                    .entry(last.as_str())
                    .and_modify(|x| *x = u32::MAX)
                    .or_insert(fi as u32);
            }
        }
        let mut added = Vec::new();
        if !surnames.is_empty() {
            for t in 0..n {
                if cover[t] || toks[t].kind != TokenKind::Word {
                    continue;
                }
                let w = norm_of(t);
                let hit = std::iter::once(("", w))
                    .chain(
                        ["و", "ف", "ب", "ل", "ك"]
                            .iter()
                            .filter_map(|p| w.strip_prefix(*p).map(|r| (*p, r))),
                    )
                    .find_map(|(p, r)| surnames.get(r).map(|&f| (p.len(), f)));
                let Some((pl, fi)) = hit else { continue };
                if fi == u32::MAX || t < first_end[fi as usize] {
                    continue;
                }
                let tok = &toks[t];
                added.push(ResolvedMention {
                    target: Target::Found(fi),
                    first_token: t,
                    end_token: t + 1,
                    byte_start: norm.original_byte(tok.norm_start as usize + pl),
                    byte_end: tok.byte_end as usize,
                    via: "coreference",
                });
            }
        }
        out.mentions.extend(added);

        // Metonymy and multi-entity anaphors, in text order with focus.
        let mut recent_countries: Vec<u32> = Vec::new();
        let mut recent_people: Vec<Target> = Vec::new();
        let mut events: Vec<(usize, Target)> = Vec::new();
        for m in matches {
            if let Reading::Entity(e, _) = m.reading {
                events.push((m.first_token, Target::Gazetteer(e)));
            }
        }
        for m in &out.mentions {
            events.push((m.first_token, m.target));
        }
        events.sort();
        let mut ev = 0usize;
        let mut t = 0usize;
        while t < n {
            while ev < events.len() && events[ev].0 < t {
                let (_, target) = events[ev];
                match target {
                    Target::Gazetteer(e) => {
                        let row = g.entity(e);
                        let country = if row.entity_type == EntityType::Country {
                            Some(e)
                        } else {
                            None
                        };
                        if let Some(c) = country {
                            recent_countries.retain(|x| *x != c);
                            recent_countries.push(c);
                        }
                        if row.entity_type == EntityType::Person {
                            recent_people.retain(|x| *x != target);
                            recent_people.push(target);
                        }
                    }
                    Target::Found(_) => {
                        recent_people.retain(|x| *x != target);
                        recent_people.push(target);
                    }
                    Target::Tagged(_) => {}
                }
                ev += 1;
            }
            if let Some(mi) = gaz_at[t] {
                let m = &matches[mi];
                if let Reading::Entity(e, _) = m.reading {
                    if let Some(sf) = g
                        .entity(e)
                        .stands_for
                        .as_deref()
                        .and_then(|s| g.entity_index(s))
                    {
                        let locative = t > 0 && has_class(t - 1, WordClass::Locative);
                        let parenthesized = t > 0 && is_punct(t - 1, &["("]);
                        let after_agency = match_ending_at[t].is_some_and(|i| {
                            matches!(matches[i].reading, Reading::Entity(a, _) if g.entity(a).entity_type == EntityType::Agency)
                        });
                        // An actor: first in its sentence ("موسكو تتفاوض"), right after a
                        // speech verb ("قالت واشنطن"), or paired with a country or capital
                        // ("بين موسكو والجزائر", "Moscow and Algiers").
                        let sentence_start = toks[t].sentence as usize;
                        let first_in_sentence =
                            tokens.sentences[sentence_start].first_token as usize == t;
                        let after_speech = t > 0 && has_class(t - 1, WordClass::Speech);
                        let is_party = |x: &Match| match x.reading {
                            Reading::Entity(a, _) => {
                                let row = g.entity(a);
                                row.entity_type == EntityType::Country || row.stands_for.is_some()
                            }
                            _ => false,
                        };
                        let starting_at =
                            |x: usize| gaz_at.get(x).copied().flatten().map(|i| &matches[i]);
                        let and_next = starting_at(m.end_token).is_some_and(|x| {
                            is_party(x) && x.byte_start > toks[x.first_token].byte_start as usize
                        }) || (m.end_token + 1 < n
                            && norm_of(m.end_token) == "and"
                            && starting_at(m.end_token + 1).is_some_and(is_party));
                        let between = t > 0 && matches!(norm_of(t - 1), "بين" | "between");
                        let actor = first_in_sentence || after_speech || and_next || between;
                        if actor && !(locative || parenthesized || after_agency) {
                            out.stands_for.push((mi, sf));
                            if g.entity(sf).entity_type == EntityType::Country {
                                recent_countries.retain(|x| *x != sf);
                                recent_countries.push(sf);
                            }
                        }
                    }
                }
            }
            for (class, ty, count, wend) in classes(t) {
                if class != WordClass::Anaphor || count < 2 || gaz_cover[t] {
                    continue;
                }
                let picked: Vec<Target> = match ty {
                    Some(EntityType::Country) if recent_countries.len() >= count as usize => {
                        recent_countries[recent_countries.len() - count as usize..]
                            .iter()
                            .map(|c| Target::Gazetteer(*c))
                            .collect()
                    }
                    Some(EntityType::Person) if recent_people.len() >= count as usize => {
                        recent_people[recent_people.len() - count as usize..].to_vec()
                    }
                    _ => vec![],
                };
                for target in picked {
                    out.mentions
                        .push(self.mention(target, tokens, t, wend, "coreference"));
                }
            }
            t += 1;
        }
        out.mentions.sort_by_key(|m| (m.byte_start, m.byte_end));
        out.mentions.dedup_by(|a, b| {
            a.target == b.target && a.byte_start == b.byte_start && a.byte_end == b.byte_end
        });
        out
    }

    fn mention(
        &self,
        target: Target,
        tokens: &Tokens,
        first: usize,
        end: usize,
        via: &'static str,
    ) -> ResolvedMention {
        ResolvedMention {
            target,
            first_token: first,
            end_token: end,
            byte_start: tokens.tokens[first].byte_start as usize,
            byte_end: tokens.tokens[end - 1].byte_end as usize,
            via,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn found_person(
        &self,
        out: &mut Resolved,
        index: &mut HashMap<String, u32>,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        first: usize,
        end: usize,
    ) -> Target {
        self.found_person_from(out, index, original, norm, tokens, first, end, 0)
    }

    /// Like `found_person`, with the first `prefix_len` normalized bytes of the first token (a
    /// proclitic) left out of the name.
    #[allow(clippy::too_many_arguments)]
    fn found_person_from(
        &self,
        out: &mut Resolved,
        index: &mut HashMap<String, u32>,
        original: &str,
        norm: &Normalized,
        tokens: &Tokens,
        first: usize,
        end: usize,
        prefix_len: usize,
    ) -> Target {
        let mut norm_tokens: Vec<String> = tokens.tokens[first..end]
            .iter()
            .map(|t| t.norm(&norm.text).to_string())
            .collect();
        norm_tokens[0] = norm_tokens[0][prefix_len..].to_string();
        let key = norm_tokens.join(" ");
        if let Some(&i) = index.get(&key) {
            return Target::Found(i);
        }
        let name_start = norm.original_byte(tokens.tokens[first].norm_start as usize + prefix_len);
        let name = original[name_start..tokens.tokens[end - 1].byte_end as usize].to_string();
        let i = out.found.len() as u32;
        out.found.push(FoundPerson {
            id: person_id(&key),
            arabic: crate::text::has_arabic(&key),
            name,
            norm_tokens,
        });
        index.insert(key, i);
        Target::Found(i)
    }

    /// The role to report for a title: the first of its readings that anyone holds in `of`
    /// (so رئيس before a country is president, before an agency head), else the first.
    fn pick_role(&self, roles: &[u32], of: Option<u32>) -> Option<String> {
        let held = of.and_then(|o| roles.iter().find(|r| self.holders.contains_key(&(**r, o))));
        held.or(roles.first())
            .map(|r| self.role_keys[*r as usize].clone())
    }

    /// The one person who held one of `roles` in `of` on `date`.
    fn holder(&self, roles: &[u32], of: u32, date: PartialDate) -> Option<(u32, String)> {
        let day = date.earliest();
        let mut found: Vec<(u32, u32)> = Vec::new();
        for &r in roles {
            for &(person, start, end) in self
                .holders
                .get(&(r, of))
                .map(|v| v.as_slice())
                .unwrap_or(&[])
            {
                let started = start.is_none_or(|s| s.earliest() <= day);
                let not_ended = end.is_none_or(|e| e.latest() >= day);
                if started && not_ended && !found.iter().any(|f| f.0 == person) {
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

fn pseudo_alias(entity: &str, form: &str) -> AliasRow {
    AliasRow {
        entity: entity.to_string(),
        alias: form.to_string(),
        lang: None,
        kind: AliasKind::Name,
        ambiguous: false,
        exact_case: false,
        origin: crate::gazetteer::load::Origin {
            file: "".into(),
            line: 0,
        },
    }
}

fn readings(r: &Reading) -> Vec<u32> {
    match r {
        Reading::Entity(e, _) | Reading::Adjective(e) => vec![*e],
        Reading::Ambiguous(v) => v.clone(),
    }
}

fn joined_norm(tokens: &Tokens, norm: &Normalized, first: usize, end: usize) -> String {
    tokens.tokens[first..end]
        .iter()
        .map(|t| t.norm(&norm.text))
        .collect::<Vec<_>>()
        .join(" ")
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
    let mut h = crate::Fnv::new();
    h.write(normalized_name.as_bytes());
    format!("{kind}:{}-{:06x}", parts.join("-"), h.finish() & 0xff_ffff)
}

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
