//! Surnames: a later single token (after proclitics too, [`Grammar::PLAIN`] with
//! [`StemPolicy::Name`]) equal to the last name of a person found by pattern or by the tagger
//! joins that person (`via: short`, as a gazetteer person's short form; a Latin word only
//! when capitalized). A surname shared by two people found in the
//! document is nobody's. A one-word name the tagger found ("شيفتسوف" after "بافيل شيفتسوف")
//! (of any type) is such a surname too: its mention moves to the person; a one-word person
//! the tagger found before the full name (a headline, a lede: "عساف" ... "محمد عساف") too,
//! when the full name opens with a given name (not the tagger's run-on spans). A one-word name the
//! tagger found as a person after a gazetteer person's full name that ends with it ("جونسون"
//! after "بوريس جونسون") is that gazetteer person's, and so is one equal to the first word of
//! a Chinese or Korean person's name, written family name first ("كيم" after "كيم جونغ
//! أون"). A gazetteer person's short form alone
//! after another person of that surname named in full ("Mariano Rubio ... Rubio") is that
//! person's, unless the document names the gazetteer's person in full too, or that person
//! leads a state on the document's date and the document (not one about sport) names the
//! state ("ميلانيا ترامب ... في الولايات المتحدة ... وقال ترامب": the president).
//!
//! A name ending in a particle and a word ("فريد بن تنفوس"، "شيلا عبد السلام"، "أحمد أبو
//! زيد") has that pair as its surname ("بن تنفوس"، "عبد السلام"), not the last word alone
//! (تنفوس، السلام، زيد are given names or words as often): the pair joins the person the same
//! way, as two tokens. So does a particle and word inside a longer name ("بن سحيم" of "سلطان
//! بن سحيم آل ثاني"), but not the name after a descent ("عبد العزيز" of "سلمان بن عبد
//! العزيز" is the father's). A European surname's particle (the lexicon's `surname-particle`:
//! دي، فان، de, van) and the word after it are such a pair too ("فان باستن" after "ماركو فان
//! باستن"), and so is its last word alone ("باستن"), a surname and no given name. The pairs
//! come from the gazetteer's people named in full too ("Staffan de Mistura" ... "De
//! Mistura"), and are linked before the one-word surnames are counted, so that a pair the
//! tagger found as a name of its own shares its last word with nobody else.

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::WordClass;
use crate::model::EntityType;
use crate::text::clitics::{Grammar, SplitList, StemPolicy};
use crate::text::TokenKind;

use super::index::DocIndex;
use super::{Target, Via, Work};

/// The states whose people news names family name first, in Arabic and English alike: "Xi
/// Jinping" is Xi, "كيم جونغ أون" is Kim, "Moon Jae-in" Moon. (Not Japan's, whom news names
/// given name first; not Vietnam's, whom it calls by the last word; not Singapore's or Hong
/// Kong's, named either way.)
const FAMILY_NAME_FIRST: &[&str] = &["country:CHN", "country:TWN", "country:PRK", "country:KOR"];

/// Whether the gazetteer person `e` is named family name first ([`FAMILY_NAME_FIRST`]).
fn family_name_first(doc: &DocIndex, e: u32) -> bool {
    doc.g
        .entity(e)
        .country
        .as_deref()
        .is_some_and(|c| FAMILY_NAME_FIRST.contains(&c))
}

/// The surnames of the gazetteer people the document names in full (two words or more, not
/// by a short form): the last word, and the first of a name written family name first
/// ([`family_name_first`], after a proclitic the match left out) -> (the person, or None when
/// two share it; where the first such name ends).
fn gazetteer_surnames<'a>(doc: &'a DocIndex<'a>) -> HashMap<&'a str, (Option<Target>, usize)> {
    let mut out: HashMap<&str, (Option<Target>, usize)> = HashMap::default();
    for m in doc.matches.iter() {
        let crate::gazetteer::Reading::Entity(e, kind) = m.reading else {
            continue;
        };
        if kind == crate::gazetteer::AliasKind::Short
            || m.end_token < m.first_token + 2
            || doc.entity_type(e) != EntityType::Person
        {
            continue;
        }
        // The last word, and the first of a name written family name first (the last word
        // alone is a part of that name the tagger cut off: "جينبينغ" of "شي جينبينغ").
        let first = family_name_first(doc, e).then(|| {
            // A proclitic is unchanged by normalizing: its bytes cut the normalized form too.
            let cut = m
                .byte_start
                .saturating_sub(doc.toks[m.first_token].byte_start as usize);
            let w = doc.norm_of(m.first_token);
            w.get(cut..).unwrap_or(w)
        });
        for surname in std::iter::once(doc.norm_of(m.end_token - 1)).chain(first) {
            let slot = out
                .entry(surname)
                .or_insert((Some(Target::Gazetteer(e)), m.end_token));
            if slot.0 != Some(Target::Gazetteer(e)) {
                slot.0 = None;
            }
            slot.1 = slot.1.min(m.end_token);
        }
    }
    out
}

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    super::same_name_one_entity(&mut work.out);
    let n = doc.len();
    // People with names of two or more words: where their first mention ends (a surname
    // counts only after it) and their last word.
    let mut first_end: HashMap<Target, usize> = HashMap::default();
    let mut surnames: HashMap<String, Option<Target>> = HashMap::default();
    // Normalizing folds ى into ي, so "على" ("on") reads as the name علي: a surname's written
    // final letter must be the full name's, and "على" itself is never a surname alone.
    let mut maqsura: HashMap<String, bool> = HashMap::default();
    // Surnames of a particle and a word, keyed "particle word" (normalized).
    let mut compounds: HashMap<String, Option<Target>> = HashMap::default();
    let original_of = |t: usize| doc.original_of(t);
    let ends_in_maqsura = |t: usize| original_of(t).ends_with('ى');
    // The people's names of two words or more, as (target, first token, end token).
    let names = |work: &Work| -> Vec<(Target, usize, usize)> {
        let mut v = Vec::new();
        for m in &work.out.mentions {
            if !named_person(work, m) || m.end_token - m.first_token < 2 {
                continue;
            }
            // A function word ending a name the tagger ran on ("إليزابيث ريتشارد أن") is
            // nobody's surname: every later "أن" would be that person. The name علي is not
            // "على" ("on"), which it reads as once ى is folded into ي.
            let last = m.end_token - 1;
            let function_word = doc.has_class(last, WordClass::Stop)
                && (doc.norm_of(last).chars().count() <= 2 || !original_of(last).ends_with('ي'));
            if !function_word {
                v.push((m.target, m.first_token, m.end_token));
            }
        }
        v
    };
    for m in work.out.mentions.iter().filter(|m| named_person(work, m)) {
        let e = first_end.entry(m.target).or_insert(m.end_token);
        *e = (*e).min(m.end_token);
    }
    // Every particle and word after the given name ("بن سحيم" in "سلطان بن سحيم آل ثاني",
    // "بن زايد" in "محمد بن زايد آل نهيان", "دي ميستورا" in "ستيفان دي ميستورا") is a short
    // form of the name. (Not a place the gazetteer knows inside a name the tagger ran on: "بن
    // قردان"; not a particle before or after another: "فان دير" of "أليكس فان دير زوان",
    // "عبد العزيز" of "سلمان بن عبد العزيز", the father's name.) They are
    // linked first, so that a shorter name the tagger found ("فان باستن" after "ماركو فان
    // باستن") is the person's before the surnames are counted.
    // (Of a gazetteer person named in full too: "Staffan de Mistura" ... "De Mistura".)
    let mut full_names = names(work);
    for m in doc.matches.iter() {
        let crate::gazetteer::Reading::Entity(e, kind) = m.reading else {
            continue;
        };
        if kind != crate::gazetteer::AliasKind::Short
            && m.end_token >= m.first_token + 3
            && doc.entity_type(e) == EntityType::Person
        {
            let target = Target::Gazetteer(e);
            let end = first_end.entry(target).or_insert(m.end_token);
            *end = (*end).min(m.end_token);
            full_names.push((target, m.first_token, m.end_token));
        }
    }
    for &(target, a, b) in &full_names {
        let inside_gazetteer_name = |x: usize| {
            !matches!(target, Target::Gazetteer(_)) && (doc.gaz_cover[x] || doc.gaz_cover[x + 1])
        };
        for x in a + 1..b - 1 {
            if particle_at(doc, x)
                && !particle_at(doc, x + 1)
                && !particle_at(doc, x - 1)
                && !inside_gazetteer_name(x)
            {
                let key = compound_key(doc.norm_of(x), doc.norm_of(x + 1));
                let slot = compounds.entry(key).or_insert(Some(target));
                if *slot != Some(target) {
                    *slot = None; // two people share it
                }
            }
        }
    }
    if !compounds.is_empty() {
        compound_surnames(doc, work, &compounds, &first_end);
    }
    // After an Arabic particle the last word is a given name as often (زايد of "محمد بن زايد"),
    // or no name ("الله" of "عبد الله", a name of two words); after a European one it is the
    // surname ("باستن" of "ماركو فان باستن").
    let arabic_particle = |w: &str| w != "ال" && doc.g.is_word(WordClass::Particle, w);
    for (target, _, b) in names(work) {
        if arabic_particle(doc.norm_of(b - 2)) {
            continue;
        }
        let last = doc.norm_of(b - 1).to_string();
        maqsura.insert(last.clone(), ends_in_maqsura(b - 1));
        let slot = surnames.entry(last).or_insert(Some(target));
        if *slot != Some(target) {
            *slot = None; // two people share it
        }
    }
    // Built only when the tagger found a one-word person, the only name they are asked for:
    // the gazetteer people's surnames, and the people whose name of two words or more opens
    // with a given name (a one-word person before the full name joins only such a name).
    let one_word_person = work.out.mentions.iter().any(|m| {
        matches!(m.target, Target::Tagged(i)
            if work.out.tagged[i as usize].entity_type == EntityType::Person)
            && m.via == Via::Tagger
            && m.end_token == m.first_token + 1
    });
    let (gazetteer_surname, given_first) = if one_word_person {
        let given_first: std::collections::HashSet<Target> = names(work)
            .into_iter()
            .filter(|&(_, a, _)| doc.given_name_at(a).is_some())
            .map(|(t, _, _)| t)
            .collect();
        (gazetteer_surnames(doc), given_first)
    } else {
        Default::default()
    };
    if surnames.is_empty() && gazetteer_surname.is_empty() {
        return;
    }
    // A word the tagger reads alone as a place or an organisation more often than as a person
    // (counting the full name) is no surname: "Yeltsin endorses Lebed Chechnya peace plan"
    // names no person "Lebed Chechnya" whose surname every later "Chechnya" would be.
    let mut votes: HashMap<&str, (u32, u32)> = HashMap::default();
    for m in &work.out.mentions {
        let Target::Tagged(i) = m.target else {
            continue;
        };
        if m.via != Via::Tagger || m.end_token - m.first_token != 1 {
            continue;
        }
        let w = doc.norm_of(m.first_token);
        if surnames.contains_key(w) {
            let v = votes.entry(w).or_insert((1, 0));
            if work.out.tagged[i as usize].entity_type == EntityType::Person {
                v.0 += 1;
            } else {
                v.1 += 1;
            }
        }
    }
    for (w, (person, other)) in votes {
        if other > person {
            if let Some(slot) = surnames.get_mut(w) {
                *slot = None;
            }
        }
    }
    // The surnames with the article added or taken away, for `article_variant` (built once:
    // no string made per token).
    let variants: HashMap<String, Option<Target>> = surnames
        .iter()
        .filter(|(k, _)| !k.is_ascii())
        .map(|(k, &f)| match k.strip_prefix("ال") {
            Some(bare) => (bare.to_string(), f),
            None => (format!("ال{k}"), f),
        })
        .collect();
    // Every key looked up below is the token's form or a suffix of it (a stem after its
    // proclitics): a token that ends as no key does is no surname, without a lookup.
    let tails =
        super::heads::TailFilter::new(surnames.keys().chain(variants.keys()).map(|k| k.as_bytes()));
    // `before`: the token may come before the person's first full name (a name the tagger
    // read as a person, in a headline or lede: "عساف" ... "محمد عساف").
    let surname_at = |t: usize, before: bool| -> Option<(usize, Target)> {
        if tails
            .as_ref()
            .is_some_and(|f| !f.may_end(doc.norm_of(t).as_bytes()))
        {
            return None;
        }
        // A Latin word is a surname only capitalized ("tunnel" after "Salang Tunnel" is not).
        let first = doc
            .original
            .get(doc.toks[t].byte_start as usize..)
            .and_then(|s| s.chars().next());
        if first.is_some_and(|c| c.is_lowercase()) {
            return None;
        }
        if original_of(t).ends_with("على") {
            return None;
        }
        let w = doc.norm_of(t);
        let hit = surnames
            .get(w)
            .map(|&f| (0, f))
            .or_else(|| {
                SplitList::of(w, Grammar::PLAIN)
                    .iter()
                    .filter(|s| StemPolicy::Name.allows_stem(s))
                    .find_map(|s| surnames.get(s.stem).map(|&f| (s.len, f)))
            })
            .or_else(|| article_variant(w, &variants, doc.has_class(t, WordClass::Stop)))?;
        let (prefix_len, target) = (hit.0, hit.1?);
        let key = &doc.norm_of(t)[prefix_len..];
        if maqsura.get(key).is_some_and(|&m| m != ends_in_maqsura(t)) {
            return None;
        }
        (before || t >= first_end.get(&target).copied().unwrap_or(n))
            .then_some((prefix_len, target))
    };
    // One-word tagger names that are a surname, whatever type the tagger gave them (it reads
    // a lone "Kinkel" as an organization as often as not); a one-word tagger person is also
    // the surname of a gazetteer person named in full before it ("محمد بخاري ... وقال بخاري",
    // where the gazetteer's short form is a town's name too).
    let mut moved = Vec::new();
    for (i, m) in work.out.mentions.iter().enumerate() {
        let Target::Tagged(ti) = m.target else {
            continue;
        };
        if m.via != Via::Tagger || m.end_token - m.first_token != 1 {
            continue;
        }
        let person = work.out.tagged[ti as usize].entity_type == EntityType::Person;
        let target = surname_at(m.first_token, false)
            .map(|(_, t)| t)
            .or_else(|| {
                let (target, end) = gazetteer_surname.get(doc.norm_of(m.first_token))?;
                (person && m.first_token >= *end).then_some((*target)?)
            })
            .or_else(|| {
                // Before the full name (a headline, a lede), only a person the tagger read
                // and a full name that opens with a given name: the tagger's run-on spans
                // ("كافاني نيمار") name nobody a lone word could be.
                if !person {
                    return None;
                }
                let (_, t) = surname_at(m.first_token, true)?;
                given_first.contains(&t).then_some(t)
            });
        if let Some(target) = target {
            if target != m.target {
                moved.push((i, target));
            }
        }
    }
    move_to(work, moved);
    if surnames.is_empty() {
        return;
    }
    let mut added = Vec::new();
    // A gazetteer person's surname alone, after the document named another person of that
    // surname in full ("Mariano Rubio ... Rubio added", not Marco Rubio): the document's.
    for (mi, m) in doc.matches.iter().enumerate() {
        let crate::gazetteer::Reading::Entity(e, crate::gazetteer::AliasKind::Short) = m.reading
        else {
            continue;
        };
        // (Not when the document names the gazetteer's person in full too: "علاء مبارك" and
        // "حسني مبارك" share the surname, which stays the gazetteer's reading; nor when the
        // gazetteer's person leads a state on the document's date: after "ميلانيا ترامب",
        // "ترامب" alone is still the president.)
        let named_in_full = |e: u32| {
            doc.matches.iter().any(|x| {
                matches!(x.reading, crate::gazetteer::Reading::Entity(y, k)
                    if y == e && k != crate::gazetteer::AliasKind::Short)
            })
        };
        if m.end_token != m.first_token + 1
            || doc.entity_type(e) != EntityType::Person
            || !work.match_stands(mi)
        {
            continue;
        }
        if let Some((prefix_len, target)) = surname_at(m.first_token, false) {
            if target != Target::Gazetteer(e) && !named_in_full(e) && !leads_a_state(doc, e) {
                work.out.dropped_matches.push(mi);
                added.push(doc.mention_from(
                    target,
                    m.first_token,
                    m.end_token,
                    prefix_len,
                    Via::Short,
                ));
            }
        }
    }
    for t in 0..n {
        if work.cover[t] || doc.toks[t].kind != TokenKind::Word {
            continue;
        }
        if let Some((prefix_len, target)) = surname_at(t, false) {
            added.push(doc.mention_from(target, t, t + 1, prefix_len, Via::Short));
        }
    }
    for m in added {
        work.push_mention(m);
    }
}

/// Mention `m` names a person the tagger or a pattern found.
fn named_person(work: &Work, m: &super::ResolvedMention) -> bool {
    let person = match m.target {
        Target::Found(_) => true,
        Target::Tagged(i) => work.out.tagged[i as usize].entity_type == EntityType::Person,
        Target::Gazetteer(_) => false,
    };
    person && matches!(m.via, Via::Pattern | Via::Tagger)
}

/// Gazetteer person `e` holds a head of state's or government's office on the document's
/// date (none without a date; [`super::Resolver::state_led_on`]), and the document, not one
/// about sport, names that country or its adjective: "ترامب" in a text about the United
/// States where "ميلانيا ترامب" is named, but not "كونتي" in a match report that names
/// "أنطونيو كونتي", nor "كابيلا" (a hotel, and a surname) in a text that does not name Congo.
fn leads_a_state(doc: &DocIndex, e: u32) -> bool {
    let Some(country) = doc.date.and_then(|date| doc.r.state_led_on(e, date)) else {
        return false;
    };
    let named = doc.matches.iter().any(|m| match m.reading {
        crate::gazetteer::Reading::Entity(c, _) | crate::gazetteer::Reading::Adjective(c) => {
            c == country
        }
        crate::gazetteer::Reading::Ambiguous(_) => false,
    });
    named && !super::clubs::about_sport(doc)
}

/// An Arabic surname written with the article where the full name has none, or without it
/// where the full name has it ("التيجاني حداد", then "الحداد"; "محمد الغنوشي", then
/// "غنوشي"): the token whole, not an everyday word (`stop`: "الحداد" is also "the mourning"
/// in a text about a death, and the common-word list holds such words).
///
/// `variants` maps each surname with the article added or taken away to its person.
fn article_variant(
    w: &str,
    variants: &HashMap<String, Option<Target>>,
    stop: bool,
) -> Option<(usize, Option<Target>)> {
    if stop || w.is_ascii() || w.chars().count() < 4 {
        return None;
    }
    if w.strip_prefix("ال")
        .is_some_and(|bare| bare.chars().count() < 3)
    {
        return None;
    }
    variants.get(w).map(|&f| (0, f))
}

/// Token `x` is a particle that opens a two-word surname: an Arabic name's (the lexicon's
/// `particle`: بن، ابن، بنت، أبو، عبد، ولد; not آل, whose family name many people share, "آل
/// ثاني") or a European surname's (`surname-particle`: دي، فان، von; written without hamza:
/// فإن is "then").
fn particle_at(doc: &DocIndex, x: usize) -> bool {
    let w = doc.norm_of(x);
    w != "ال"
        && (doc.g.is_word(WordClass::Particle, w)
            || (doc.g.is_word(WordClass::SurnameParticle, w)
                && !doc.original_of(x).contains(crate::text::HAMZA_ALEFS)))
}

fn compound_key(particle: &str, word: &str) -> String {
    let mut k = String::with_capacity(particle.len() + 1 + word.len());
    k.push_str(particle);
    k.push(' ');
    k.push_str(word);
    k
}

/// Links the two-word surnames (`compounds`: "بن تنفوس" -> the person) after the person's first
/// mention: a two-word name the tagger found there moves to the person, and an uncovered
/// particle and word (after و, ل or ب too: "وبن تنفوس"، "لبن سحيم") becomes the person's short
/// form.
fn compound_surnames(
    doc: &DocIndex,
    work: &mut Work,
    compounds: &HashMap<String, Option<Target>>,
    first_end: &HashMap<Target, usize>,
) {
    let n = doc.len();
    let after_first = |target: Target, t: usize| t >= first_end.get(&target).copied().unwrap_or(n);
    // The particles the document's surnames begin with: a token is compared with these few
    // strings, with no lookup (and no string made) per token.
    let mut particles: Vec<&str> = compounds
        .keys()
        .filter_map(|k| k.split_once(' ').map(|(p, _)| p))
        .collect();
    particles.sort_unstable();
    particles.dedup();
    let is_particle = |w: &str| particles.contains(&w);
    // The particle at token `t`, perhaps after و: the person and the conjunction's length.
    let at = |t: usize| -> Option<(usize, Target)> {
        if t + 1 >= n || doc.toks[t + 1].kind != TokenKind::Word {
            return None;
        }
        let w = doc.norm_of(t);
        // After و, or ل and ب ("في تغريدة لبن سحيم"): one proclitic letter.
        let (prefix, particle) = match w.strip_prefix(['و', 'ل', 'ب']) {
            Some(rest) if is_particle(rest) => ("و".len(), rest),
            _ if is_particle(w) => (0, w),
            _ => return None,
        };
        // (A European particle as written: فإن is "then", not فان.)
        if !doc.g.is_word(WordClass::Particle, particle)
            && doc.original_of(t).contains(crate::text::HAMZA_ALEFS)
        {
            return None;
        }
        let target = compounds
            .get(&compound_key(particle, doc.norm_of(t + 1)))
            .copied()
            .flatten()?;
        after_first(target, t).then_some((prefix, target))
    };
    let mut moved = Vec::new();
    for (i, m) in work.out.mentions.iter().enumerate() {
        if matches!(m.target, Target::Tagged(_))
            && m.via == Via::Tagger
            && m.end_token - m.first_token == 2
        {
            if let Some((_, target)) = at(m.first_token) {
                moved.push((i, target));
            }
        }
    }
    move_to(work, moved);
    let mut added = Vec::new();
    let mut t = 0;
    while t + 1 < n {
        if !work.cover[t] && !work.cover[t + 1] && doc.toks[t].kind == TokenKind::Word {
            if let Some((prefix, target)) = at(t) {
                added.push(doc.mention_from(target, t, t + 2, prefix, Via::Short));
                t += 2;
                continue;
            }
        }
        t += 1;
    }
    for m in added {
        work.push_mention(m);
    }
}

/// Moves each mention `i` the tagger found to the person whose surname it is.
fn move_to(work: &mut Work, moved: Vec<(usize, Target)>) {
    for (i, target) in moved {
        let m = &mut work.out.mentions[i];
        let from = m.target;
        m.target = target;
        // A surname of a person found by pattern is a short form, as when resolution saw it
        // first; of a person the tagger found, a name the tagger found.
        if matches!(target, Target::Found(_)) {
            m.via = Via::Short;
        }
        // The title phrases that named the surname alone name the person.
        for a in &mut work.out.appositions {
            if a.person == from {
                a.person = target;
            }
        }
        for p in &mut work.out.positions {
            if p.person == from {
                p.person = target;
            }
        }
    }
}
