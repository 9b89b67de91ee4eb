//! Titles and appositions: finds the title phrases ("الرئيس الجزائري", "نائب رئيس الوكالة",
//! "Russian President") in text order, and the person each one names: a gazetteer person right
//! after it, a name in no gazetteer after it ("title، name،" in Arabic, "Title Name Name" in
//! English), or a name before it after a speech verb ("وقال ديمتري شوجاييف، مدير ..."). Each
//! gives `holds-position` when the phrase says what the role is held in. The agency anaphor
//! inside a phrase (رئيس الوكالة) joins the agency in focus.

use crate::gazetteer::{Reading, WordClass};
use crate::model::EntityType;

use super::index::DocIndex;
use super::{Position, Target, TitlePhrase, Via, Work, CLASSIFIERS};

/// The rule id of positions found here.
const RULE: &str = "resolve/apposition";
/// How sure a title next to a name is.
const CONFIDENCE: f64 = 0.85;

/// Most tokens of a name found by pattern next to a title.
const MAX_NAME_TOKENS: usize = 4;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    find_phrases(doc, work);
    let mut phrases = std::mem::take(&mut work.phrases);
    for i in 0..phrases.len() {
        let person = name_phrase(doc, work, &phrases[i]);
        phrases[i].named = person.is_some();
        // Two offices side by side before one name ("المتحدث باسم وزارة النقل المهندس
        // فلان"), or an office and an honorific, maybe after a comma ("أمير قطر، الشيخ
        // تميم"): the name holds both.
        // So do three or more in a row ("رئيس أركان الجيش الجزائري ونائب وزير الدفاع الفريق
        // أحمد قايد صالح").
        if let Some(person) = person {
            let mut j = i;
            while j > 0 {
                let prev = &phrases[j - 1];
                let start = phrases[j].start;
                // (A phrase may start on the country that ends the one before: "وأمير الكويت
                // الشيخ", where the country before a title is read as the title's, as in
                // English.)
                let next_to = start <= prev.end
                    || (prev.end + 1 == start && doc.is_punct(prev.end, &["،", ","]));
                if prev.named || !next_to {
                    break;
                }
                hold(doc, work, prev, person);
                phrases[j - 1].named = true;
                j -= 1;
            }
        }
    }
    work.phrases = phrases;
}

/// Pass over the tokens: title phrases in text order, tracking the agency in focus.
fn find_phrases(doc: &DocIndex, work: &mut Work) {
    let n = doc.len();
    let mut focus_agency: Option<u32> = None;
    let mut last_roles: Option<Vec<u32>> = None;
    let mut t = 0usize;
    while t < n {
        if let Some(e) = doc.entity_at(t) {
            if doc.entity_type(e) == EntityType::Agency {
                focus_agency = Some(e);
            }
        }
        let Some(ti) = doc.title_at[t] else {
            t += 1;
            continue;
        };
        let tm = &doc.titles[ti];
        // Normalizing folds إ and أ into ا, so the title "إمام" (imam) reads as the
        // preposition "أمام" (in front of: "وقال أوبراين أمام مجلس الأمن"), which news writes
        // far more often: the one-word title without the article counts only as written
        // with إ.
        if tm.end_token == t + 1
            && matches!(doc.norm_of(t), "امام" | "وامام" | "فامام")
            && !doc.original_of(t).contains('إ')
        {
            t += 1;
            continue;
        }
        // A one-word title without the article that is also a given name (رائد "major",
        // عميد "dean") is the first word of the person's name the tagger or the gazetteer
        // found from it: "وزير التجارة رائد خوري" names رائد خوري, not a major خوري.
        if tm.end_token == t + 1 && !doc.norm_of(t).starts_with("ال") && person_starts_at(doc, t)
        {
            t += 1;
            continue;
        }
        let mut roles = super::readings(&tm.reading);
        let title_key = doc.joined_norm(tm.first_token, tm.end_token);
        // The forms are listed without the conjunction a token may carry (والمتحدث).
        let bare_key = ["و", "ف"]
            .iter()
            .find_map(|c| title_key.strip_prefix(c))
            .unwrap_or(&title_key);
        let listed = |set: &std::collections::HashSet<String>| {
            set.contains(&title_key) || set.contains(bare_key)
        };
        let singular = listed(&doc.r.singular_titles);
        let definite = listed(&doc.r.definite_titles);
        // A counterpart title (نظيره) takes the roles of the title before it.
        if doc.r.counterpart.is_some_and(|c| roles.contains(&c)) {
            match &last_roles {
                Some(r) => roles = r.clone(),
                None => {
                    t = tm.end_token;
                    continue;
                }
            }
        }
        // "السابق", "former" on its own is no office.
        if roles.iter().all(|r| Some(*r) == doc.r.former) {
            t = tm.end_token;
            continue;
        }
        let (k, of, country, mut of_tagged, body, unnamed_body) =
            phrase_tail(doc, work, t, tm.end_token, &mut focus_agency);
        let (mut start, mut byte_start, of, country) =
            english_head(doc, t, tm.byte_start, of, country);
        // English names the organisation the tagger found before the title too: "Bank of
        // Spain governor Mariano Rubio".
        if start == t
            && of.is_none()
            && country.is_none()
            && of_tagged.is_none()
            && body.is_none()
            && !crate::text::has_arabic(doc.norm_of(t))
        {
            let before = (t.saturating_sub(MAX_BODY_TOKENS)..t).find(|&x| {
                doc.tagged_at[x]
                    .is_some_and(|tn| tn.entity_type == EntityType::Agency && tn.end_token == t)
            });
            if let Some(x) = before {
                of_tagged = doc.tagged_at[x].map(|tn| tn.target);
                (start, byte_start) = (x, doc.toks[x].byte_start as usize);
            }
        }
        let of = of.or(country);
        let former_at = |x: usize| {
            x < doc.len()
                && doc.title_at[x].is_some_and(|ti| {
                    super::reading_ids(&doc.titles[ti].reading)
                        .iter()
                        .any(|r| Some(*r) == doc.r.former)
                })
        };
        let former = former_at(k) || (start > 0 && former_at(start - 1));
        // A new holder is not the one the date gives ("الرئيس الجديد لفرنسا" at the handover).
        let mut qualified = former || new_after(doc, tm.end_token);
        let mut no_position = former;
        // A bare title right before this one heads it: "نائب وزير الخارجية" is a deputy's
        // office, not the minister's; an honorific before it (السيد الوزير) is only address.
        // Not a title joined by و: a second office ("رئيس الوزراء ووزير الخارجية"), which
        // the name after it holds too (`run`).
        let joined = byte_start > doc.toks[start].byte_start as usize;
        if let Some(prev) = work.phrases.last() {
            if prev.end == start
                && !joined
                && prev.of.is_none()
                && prev.of_tagged.is_none()
                && prev.body.is_none()
            {
                let honorific = prev.roles.iter().all(|r| doc.r.honorific.contains(r));
                if !honorific {
                    let deputy = prev
                        .roles
                        .iter()
                        .any(|r| doc.r.role_keys[*r as usize].starts_with("deputy"));
                    no_position |= !deputy;
                    roles = prev.roles.clone();
                    qualified = true;
                }
                (start, byte_start) = (prev.start, prev.byte_start);
                qualified |= prev.qualified;
                work.phrases.pop();
            }
        }
        last_roles = Some(roles.clone());
        work.phrases.push(TitlePhrase {
            start,
            byte_start,
            end: k,
            roles,
            of,
            of_tagged,
            body,
            unnamed_body,
            qualified,
            no_position,
            singular,
            definite,
            named: false,
        });
        t = k.max(t + 1);
    }
}

/// A person's name the tagger or the gazetteer found starts at token `t`, and its first word
/// is a given name.
fn person_starts_at(doc: &DocIndex, t: usize) -> bool {
    if doc.given_name_at(t).is_none() {
        return false;
    }
    // (`tagged_at` holds a name at its first token only.)
    let tagged = doc.tagged_at[t]
        .is_some_and(|tn| tn.entity_type == EntityType::Person && tn.end_token > t + 1);
    let gazetteer = doc.gaz_at[t].is_some_and(|mi| {
        let m = &doc.matches[mi];
        m.first_token == t
            && m.end_token > t + 1
            && matches!(m.reading, crate::gazetteer::Reading::Entity(e, _)
                if doc.entity_type(e) == EntityType::Person)
    });
    tagged || gazetteer
}

/// What follows the title `[title_start, title_end)` in its sentence: a nisba adjective (country), a country or agency
/// name, or the agency anaphor (الوكالة) for the agency in focus. Returns the phrase end, the
/// country or agency, and the adjective's country.
fn phrase_tail(
    doc: &DocIndex,
    work: &mut Work,
    title_start: usize,
    title_end: usize,
    focus_agency: &mut Option<u32>,
) -> Tail {
    // "New" after a title belongs to it ("الرئيس الجديد قيس سعيد"، "المدرب الجديد").
    let title_end = title_end + usize::from(new_after(doc, title_end));
    let mut k = title_end;
    let mut of: Option<u32> = None;
    let mut country: Option<u32> = None;
    let mut of_tagged: Option<Target> = None;
    let mut body: Option<(usize, usize, usize)> = None;
    let end = doc.sentence_end(title_start);
    // English names the organisation after "of" or "at" ("chief executive of Apple", "a
    // professor at the University of Tunis"): skipped when an organisation or a country
    // starts right after it.
    if k + 1 < end && matches!(doc.norm_of(k), "of" | "at") {
        let next = if doc.norm_of(k + 1) == "the" && k + 2 < end {
            k + 2
        } else {
            k + 1
        };
        let org_or_country = doc.entity_at(next).is_some_and(|e| {
            matches!(doc.entity_type(e), EntityType::Country | EntityType::Agency)
        }) || doc.tagged_at[next]
            .is_some_and(|tn| tn.entity_type == EntityType::Agency);
        if org_or_country {
            k = next;
        }
    }
    // A title whose last words open an organisation's or a country's name ("رئيس البرلمان"
    // in "رئيس البرلمان اللبناني", "رئيس مجلس النواب" in "مجلس النواب اللبناني"): the phrase
    // runs to the name's end, and the office is held in it.
    if let Some(m) = (title_start + 1..title_end)
        .filter_map(|s| doc.gaz_at[s].map(|mi| &doc.matches[mi]))
        .find(|m| m.end_token > title_end && m.end_token <= end)
    {
        if let Reading::Entity(e, _) = m.reading {
            if matches!(doc.entity_type(e), EntityType::Country | EntityType::Agency) {
                of = Some(e);
                if doc.entity_type(e) == EntityType::Agency {
                    *focus_agency = Some(e);
                }
                k = m.end_token;
            }
        }
    }
    // Arabic may name the body after في or لدى ("مفتش في الشرطة الملكية الكندية"، "قاضية في
    // المحكمة العليا"): the preposition is skipped when an organisation follows it.
    // A minister's title that the title list ends before the portfolio ("نائب وزير" in
    // "ونائب وزير الدفاع", where the list's longest title is "نائب وزير"): the definite word
    // after it is the portfolio, part of the phrase.
    if k == title_end && k < end {
        let last = doc.norm_of(title_end - 1);
        let w = doc.norm_of(k);
        if (last.ends_with("وزير") || last.ends_with("وزيره"))
            && w.starts_with("ال")
            && w.chars().count() >= 5
            && doc.gaz_at[k].is_none()
            && doc.title_at[k].is_none()
            && !work.in_name(doc, k)
            && doc.toks[k].kind == crate::text::TokenKind::Word
        {
            k += 1;
        }
    }
    let mut head = title_end;
    if k == title_end && k + 1 < end && matches!(doc.norm_of(k), "في" | "لدي") {
        let next = k + 1;
        let org = doc
            .entity_at(next)
            .is_some_and(|e| doc.entity_type(e) == EntityType::Agency)
            || doc.tagged_at[next].is_some_and(|tn| tn.entity_type == EntityType::Agency)
            || (doc.gaz_at[next].is_none()
                && doc.has_class(next, WordClass::Body)
                && genitive_body(doc, work, next, end).is_some());
        if org {
            k = next;
            head = next;
        }
    }
    // A noun in the construct between the title and a gazetteer body or country, or an
    // organisation the tagger found, names the office inside it ("رئيس تحرير صحيفة العرب"،
    // "رئيس وزراء إسرائيل"، "رئيس فريق برونكوس"): the phrase goes on to the name.
    if k == title_end && k + 1 < end {
        let w = doc.norm_of(k);
        let construct = crate::text::has_arabic(w)
            && !w.starts_with("ال")
            && doc.gaz_at[k].is_none()
            && doc.title_at[k].is_none()
            && !work.in_name(doc, k)
            && doc.toks[k].kind == crate::text::TokenKind::Word
            && w.chars().count() >= 3
            && !PREPOSITIONS.contains(&w);
        // (A body's head before a country names its own body: "حزب تونس الإرادة" is a
        // party; before an organisation it is that organisation's: "رئيس كتلة نداء تونس".)
        let body_head = doc.has_class(k, WordClass::Body);
        let tagged_agency = doc
            .tagged_at
            .get(k + 1)
            .copied()
            .flatten()
            .is_some_and(|tn| tn.entity_type == EntityType::Agency);
        if construct
            && (tagged_agency
                || doc
                    .entity_at(k + 1)
                    .is_some_and(|e| match doc.entity_type(e) {
                        EntityType::Agency => true,
                        EntityType::Country => !body_head,
                        _ => false,
                    }))
        {
            k += 1;
        }
    }
    // A classifier noun the gazetteer's name leaves outside ("باسم حركة النهضة": the name is
    // "النهضة", `Resolver::trim_classifiers`) is skipped when that name follows.
    if k + 1 < end
        && of.is_none()
        && doc.gaz_at[k].is_none()
        && CLASSIFIERS.contains(&doc.norm_of(k))
        && doc.entity_at(k + 1).is_some_and(|e| {
            matches!(
                doc.entity_type(e),
                EntityType::Agency | EntityType::Location
            )
        })
    {
        k += 1;
    }
    while k < end {
        // An organisation the tagger found (رئيس حكومة الإنقاذ الوطني، المدير الجهوي للمركز
        // ...): after the title, or after one adjective of the title (الجهوي).
        if of.is_none() && of_tagged.is_none() && body.is_none() {
            let at = |x: usize| {
                doc.tagged_at
                    .get(x)
                    .copied()
                    .flatten()
                    .filter(|tn| tn.entity_type == EntityType::Agency)
            };
            // Or after an organisation's head noun the tagger left out of its name ("أمين عام
            // حزب الاتحاد الشعبي الجمهوري": the tagger's name is "الاتحاد الشعبي الجمهوري").
            let org = at(k).or_else(|| {
                (k == head
                    && k + 1 < end
                    && (title_adjective(doc, k) || doc.has_class(k, WordClass::Body)))
                .then(|| at(k + 1))
                .flatten()
            });
            if let Some(tn) = org {
                of_tagged = Some(tn.target);
                k = tn.end_token;
                continue;
            }
            // A title ending in a body's head (رئيس حكومة): the genitive after it completes
            // the body's name (حكومة الإنقاذ الوطني).
            // Only an indefinite head takes a genitive: "رئيس الحكومة المكلف" is the
            // designated head of the government, not of a "designated government".
            if k == title_end
                && doc.has_class(title_end - 1, WordClass::Body)
                && !doc.norm_of(title_end - 1).starts_with("ال")
            {
                let e = body_words(doc, work, k, end);
                if e > k {
                    body = Some((title_end - 1, e, 0));
                    k = e;
                    continue;
                }
            }
            if k == head {
                if let Some(found) = genitive_body(doc, work, k, end) {
                    body = Some(found);
                    k = found.1;
                    continue;
                }
            }
        }
        // A second portfolio coordinated with the first (وزير التجارة والاقتصاد).
        if k >= title_end {
            let w = doc.norm_of(k);
            if k + 1 < end
                && w.starts_with("وال")
                && w.chars().count() >= 6
                && !doc.gaz_cover[k]
                && doc.toks[k].kind == crate::text::TokenKind::Word
                && (doc.tagged_at[k + 1].is_some() || doc.gaz_at[k + 1].is_some())
            {
                k += 1;
                continue;
            }
        }
        if let Some(mi) = doc.gaz_at[k] {
            let m = &doc.matches[mi];
            match m.reading {
                Reading::Adjective(c) if country.is_none() => {
                    // "المدرب التونسي": a coach's nisba is his nationality, not his office's.
                    if !nationality_office(doc, title_start) {
                        country = Some(c);
                    }
                    k = m.end_token;
                    continue;
                }
                Reading::Entity(e, _)
                    if of.is_none()
                        && !told_outlet(doc, m, k > title_end)
                        && (matches!(
                            doc.entity_type(e),
                            EntityType::Country | EntityType::Agency
                        ) || (doc.entity_type(e) == EntityType::Location
                            && local_office(doc, title_start))) =>
                {
                    of = Some(e);
                    if doc.entity_type(e) == EntityType::Agency {
                        *focus_agency = Some(e);
                    }
                    k = m.end_token;
                    continue;
                }
                _ => {}
            }
        }
        if of.is_none() {
            let anaphor = doc
                .classes(k)
                .into_iter()
                .find(|x| x.class == WordClass::Anaphor);
            if let Some(hit) = anaphor {
                let focus = focus_agency.filter(|&a| anaphor_fits(doc, k, a));
                if let (Some(EntityType::Agency), 1, Some(a)) = (hit.entity_type, hit.count, focus)
                {
                    of = Some(a);
                    work.push_mention(doc.mention(
                        Target::Gazetteer(a),
                        k,
                        hit.end_token,
                        Via::Coreference,
                    ));
                    k = hit.end_token;
                    continue;
                }
            }
        }
        break;
    }
    // A body's head noun alone after the title, right before a person's name ("المتحدث باسم
    // الجيش أفيخاي أدرعي"، "رئيس الجمعية X"): the phrase's, naming a body left unnamed.
    if k == title_end
        && of.is_none()
        && country.is_none()
        && of_tagged.is_none()
        && body.is_none()
        && k + 1 < end
        && doc.has_class(k, WordClass::Body)
        && doc.norm_of(k).starts_with("ال")
        && doc.gaz_at[k].is_none()
        && doc.title_at[k].is_none()
        && !work.in_name(doc, k)
    {
        let person_next = doc
            .entity_at(k + 1)
            .is_some_and(|e| doc.entity_type(e) == EntityType::Person)
            || doc.tagged_at[k + 1].is_some_and(|tn| tn.entity_type == EntityType::Person);
        if person_next {
            return (k + 1, of, country, of_tagged, body, true);
        }
    }
    (k, of, country, of_tagged, body, false)
}

/// Verbs of holding a post before "منصب" ("X، الذي يشغل منصب وزير ...").
const HOLDS_POST: &[&str] = &["يشغل", "تشغل", "يتولي", "تتولي", "شغل", "شغلت"];

/// Pronouns that link a title phrase to the name before it ("X، وهي قاضية في ...").
const PRONOUNS_BEFORE: &[&str] = &["وهو", "وهي", "وهم", "وهما"];

/// Whether gazetteer match `m` in a title phrase is a news outlet behind ل after the
/// phrase's first words (`inside`): the outlet the person spoke to, not the body of the
/// office ("العضو في الحكومة الأمنية المصغرة لإذاعة الجيش الإسرائيلي").
fn told_outlet(doc: &DocIndex, m: &crate::gazetteer::Match, inside: bool) -> bool {
    let Reading::Entity(e, _) = m.reading else {
        return false;
    };
    let tok = &doc.toks[m.first_token];
    inside
        && matches!(doc.g.entity(e).kind.as_deref(), Some("media" | "news"))
        && (m.byte_start > tok.byte_start as usize || doc.norm_of(m.first_token).starts_with("لل"))
        && doc.norm_of(m.first_token).starts_with('ل')
}

/// Whether the agency anaphor at token `k` can name gazetteer agency `a`: a newspaper
/// (الصحيفة) only a news outlet, a company (الشركة) only a company; the other nouns
/// (الهيئة، المنظمة، الوزارة) no outlet, company, club or party ("عضو الهيئة" after a radio's
/// name is a member of the body named before, not of the radio). الوكالة may be any agency,
/// a news agency among them.
fn anaphor_fits(doc: &DocIndex, k: usize, a: u32) -> bool {
    let kind = doc.g.entity(a).kind.as_deref();
    let outlet = matches!(kind, Some("media" | "news"));
    let noun = doc.norm_of(k);
    let noun = noun.strip_prefix(['و', 'ف']).unwrap_or(noun);
    let noun = ["ب", "ل"]
        .iter()
        .find_map(|p| noun.strip_prefix(p).filter(|r| r.starts_with("ال")))
        .unwrap_or(noun);
    let noun = if let Some(rest) = noun.strip_prefix("لل") {
        rest
    } else {
        noun.strip_prefix("ال").unwrap_or(noun)
    };
    match noun {
        // (Normalized: ة is ه.)
        "وكاله" => true,
        "صحيفه" => outlet,
        "شركه" => kind == Some("company"),
        _ => !outlet && !matches!(kind, Some("company" | "club" | "party")),
    }
}

/// Offices held in a city, an emirate or a province (a LOCATION of the gazetteer): "ولي عهد
/// أبو ظبي"، "حاكم دبي"، "والي صفاقس"، "Mayor of London".
const LOCAL_OFFICES: &[&str] = &["crown-prince", "governor", "mayor", "emir", "prince"];

/// The title at `t` names an office held in a place ([`LOCAL_OFFICES`]).
fn local_office(doc: &DocIndex, t: usize) -> bool {
    title_reads_one_of(doc, t, LOCAL_OFFICES)
}

/// The title at `t` has a reading among `roles` (role keys).
fn title_reads_one_of(doc: &DocIndex, t: usize, roles: &[&str]) -> bool {
    doc.title_at[t].is_some_and(|ti| {
        super::reading_ids(&doc.titles[ti].reading)
            .iter()
            .any(|&r| roles.contains(&doc.r.role_keys[r as usize].as_str()))
    })
}

/// Whether token `t` is "new" (الجديد، الجديدة، الجدد) after a title.
fn new_after(doc: &DocIndex, t: usize) -> bool {
    t < doc.len() && matches!(doc.norm_of(t), "الجديد" | "الجديده" | "الجدد")
}

/// Offices whose nisba is the holder's nationality, not the office's country: "المدرب التونسي
/// لنادي هجر السعودي" is a Tunisian coaching a Saudi club.
const NATIONALITY_OFFICES: &[&str] = &["coach", "assistant-coach"];

/// The title at `t` names an office of [`NATIONALITY_OFFICES`].
fn nationality_office(doc: &DocIndex, t: usize) -> bool {
    title_reads_one_of(doc, t, NATIONALITY_OFFICES)
}

/// Arabic prepositions (normalized) that never stand in a title's construct.
const PREPOSITIONS: &[&str] = &[
    "الي", "علي", "عن", "من", "في", "مع", "لدي", "بين", "حول", "منذ", "عند", "بعد", "قبل", "خلال",
    "ضد", "نحو", "دون",
];

/// Most tokens of an organisation named in a title phrase.
const MAX_BODY_TOKENS: usize = 6;

/// An organisation in the genitive after a title, in no gazetteer and not found by the
/// tagger ("أمين عام حزب التجمع الوطني"، "رئيس لجنة المالية"، "المدير الجهوي
/// للمركز الثقافي"، "المتحدث باسم الشرطة"): a head noun of the lexicon's `body` class, then
/// the Arabic words with the article after it (التجمع الوطني، للثقافة), up to punctuation, a
/// title, a name or a word without the article; the head needs one such word (حزب or
/// الحكومة alone names no particular body). The head may take the preposition ب or ل
/// ("مدير عام الطرق بوزارة النقل"، "الطبيبة بمركز الصحة الإنجابية"). Returns its first
/// token, one past its last, and the preposition's normalized length in the first.
fn genitive_body(
    doc: &DocIndex,
    work: &Work,
    k: usize,
    end: usize,
) -> Option<(usize, usize, usize)> {
    let free = |t: usize| {
        !work.in_name(doc, t)
            && doc.title_at[t].is_none()
            && doc.toks[t].kind == crate::text::TokenKind::Word
            && !doc.has_class(t, WordClass::Speech)
    };
    // The article, perhaps after a preposition (للثقافة), on a word long enough not to be a
    // function word (الذي، التي، اليوم).
    let definite = |t: usize| {
        let w = doc.norm_of(t);
        crate::text::has_arabic(w)
            && (w.starts_with("ال") || w.starts_with("لل"))
            && w.chars().count() >= 5
    };
    // The body may follow a department's name ("مدير عام الطرق بوزارة النقل"): up to
    // two words with the article before its head.
    let mut k = k;
    for _ in 0..2 {
        if k < end && free(k) && definite(k) && !doc.has_class(k, WordClass::Body) {
            k += 1;
        }
    }
    if k >= end || !free(k) {
        return None;
    }
    let prefix = if doc.has_class(k, WordClass::Body) {
        0
    } else {
        // An indefinite head after ب or ل alone (بوزارة، لمركز), not after و or ف: a
        // conjunction starts another phrase.
        let w = doc.norm_of(k);
        match doc.body_head_at(k) {
            Some(2) if w.starts_with(['ب', 'ل']) && !w.starts_with("لل") => 2,
            _ => return None,
        }
    };
    let e = body_words(doc, work, k + 1, end);
    (e > k + 1).then_some((k, e, prefix))
}

/// One past the last of the words with the article (الإنقاذ الوطني، للثقافة) from `k` that
/// continue a body's name: free words, no titles or names, at most [`MAX_BODY_TOKENS`].
fn body_words(doc: &DocIndex, work: &Work, k: usize, end: usize) -> usize {
    let mut e = k;
    while e < end && e - k < MAX_BODY_TOKENS {
        let w = doc.norm_of(e);
        let ok = !work.in_name(doc, e)
            && doc.title_at[e].is_none()
            && doc.toks[e].kind == crate::text::TokenKind::Word
            && !doc.has_class(e, WordClass::Speech)
            && crate::text::has_arabic(w)
            && (w.starts_with("ال") || w.starts_with("لل"))
            && w.chars().count() >= 5
            && !crate::date::AR_WEEKDAYS.contains(&w)
            && !TIME_WORDS.contains(&w);
        if !ok {
            break;
        }
        e += 1;
    }
    e
}

/// Definite words of time (normalized) that end a body's name with the days of the week
/// ([`crate::date::AR_WEEKDAYS`]): "بوزارة التجارة اليوم الخميس".
const TIME_WORDS: &[&str] = &[
    "اليوم",
    "الماضي",
    "المقبل",
    "الحالي",
    "القادم",
    "الجاري",
    "الماضيه",
    "المقبله",
    "الحاليه",
    "القادمه",
];

/// What follows a title: (phrase end, country or agency, the country of a nisba, an
/// organisation the tagger found, a body in the genitive).
type Tail = (
    usize,
    Option<u32>,
    Option<u32>,
    Option<Target>,
    Option<(usize, usize, usize)>,
    bool,
);

/// Token `t` reads as an Arabic adjective of a title (الجهوي، العام، التنفيذي): a word with the
/// article ending in the adjective suffix ي, in no gazetteer match.
fn title_adjective(doc: &DocIndex, t: usize) -> bool {
    let w = doc.norm_of(t);
    !doc.gaz_cover[t] && w.starts_with("ال") && w.ends_with('ي') && w.chars().count() >= 5
}

/// English puts the adjective or the country first: "Russian President", "Algeria's
/// president", "the Algerian president". When the title at `t` has nothing after it, takes
/// the match ending before it; returns the phrase start token and byte, `of` and `country`.
fn english_head(
    doc: &DocIndex,
    t: usize,
    title_byte: usize,
    mut of: Option<u32>,
    mut country: Option<u32>,
) -> (usize, usize, Option<u32>, Option<u32>) {
    let (mut start, mut byte_start) = (t, title_byte);
    // Arabic puts them after the title: a body before an Arabic title is the end of another
    // phrase ("رئيس أركان الجيش الجزائري ونائب وزير الدفاع").
    let latin = !crate::text::has_arabic(doc.norm_of(t));
    if latin && of.is_none() && country.is_none() && t > 0 {
        let before = if t >= 2 && doc.norm_of(t - 1) == "'s" {
            t - 1
        } else {
            t
        };
        if let Some(m) = doc.match_ending_at[before].map(|i| &doc.matches[i]) {
            let found = match m.reading {
                Reading::Adjective(c) if before == t => {
                    country = Some(c);
                    true
                }
                Reading::Entity(e, _)
                    if matches!(doc.entity_type(e), EntityType::Country | EntityType::Agency) =>
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
    (start, byte_start, of, country)
}

/// Records that `person` holds the office of phrase `p`: for an office, not a form of address
/// (السيد، د.) nor a former office. What it is held in: the body named in the phrase (a
/// gazetteer agency, an organisation the tagger found, a body in the genitive), else the
/// country of the phrase, else the one country where the roles table gives a gazetteer
/// person this office ("الرئيس ترمب" in a story about North Korea), else for a country's
/// office (وزير التجارة) the document's country, else nothing (null).
fn hold(doc: &DocIndex, work: &mut Work, p: &TitlePhrase, person: Target) {
    let honorific = p.roles.iter().all(|r| doc.r.honorific.contains(r));
    if honorific || p.no_position {
        return;
    }
    let own_country = match (p.of, person) {
        (None, Target::Gazetteer(e)) => doc.r.office_country(e, &p.roles),
        _ => None,
    };
    let Some(role) = doc.r.pick_role(&p.roles, p.of.or(own_country)) else {
        return;
    };
    let national = p.roles.iter().any(|r| doc.r.national.contains(r));
    // A body named in the phrase before the country of its adjective: "رئيس حكومة الإنقاذ
    // الوطني اليمنية" holds an office of that government. A gazetteer body after it is the
    // one it belongs to, and the office is reported there ("رئيس لجنة الفلاحة بمجلس نواب
    // الشعب": the parliament, an entity a graph knows).
    let named_body = p.of_tagged.is_some() || p.body.is_some();
    let gaz_of =
        p.of.filter(|&e| !(named_body && doc.entity_type(e) == EntityType::Country));
    let of = gaz_of
        .map(Target::Gazetteer)
        .or(p.of_tagged)
        .or_else(|| match p.body {
            Some((a, b, prefix)) => Some(work.body_from(doc, a, b, prefix)),
            None => {
                p.of.or(own_country)
                    .or(doc.doc_country.filter(|_| national && !p.unnamed_body))
                    .map(Target::Gazetteer)
            }
        });
    let toks = doc.toks;
    work.out.positions.push(Position {
        person,
        role,
        title_bytes: (p.byte_start, toks[p.end - 1].byte_end as usize),
        of,
        sentence: toks[p.start].sentence as usize,
        rule: RULE,
        confidence: CONFIDENCE,
    });
}

/// Finds the person phrase `p` names (who then holds its position, unless it is an honorific);
/// returns that person.
fn name_phrase(doc: &DocIndex, work: &mut Work, p: &TitlePhrase) -> Option<Target> {
    let toks = doc.toks;
    let end = doc.sentence_end(p.start);
    // After a pronoun ("وهي عضو في منظمة أوبك"، "وهو قاض") the phrase describes who was
    // named before it, never a name after it.
    let end = if p.start > 0 && PRONOUNS_BEFORE.contains(&doc.norm_of(p.start - 1)) {
        p.end
    } else {
        end
    };
    let mut k = p.end;
    let comma_before = k < end && doc.is_punct(k, &["،", ","]);
    if comma_before {
        k += 1;
    }
    let position = |work: &mut Work, person: Target| hold(doc, work, p, person);
    // A person from the gazetteer, or one the tagger found, right after the title: the
    // title phrase and the name are one party ("وزير الخارجية السعودي عادل الجبير").
    if k < end {
        let person = match (doc.entity_at(k), doc.tagged_at[k]) {
            (Some(e), _) if doc.entity_type(e) == EntityType::Person => {
                let m_end = doc.gaz_at[k].map_or(k + 1, |mi| doc.matches[mi].end_token);
                Some((Target::Gazetteer(e), m_end))
            }
            (None, Some(tn)) if tn.entity_type == EntityType::Person => {
                Some((tn.target, tn.end_token))
            }
            _ => None,
        };
        if let Some((target, name_end)) = person {
            // The rules read an apposition from its first token's start; a phrase after a
            // proclitic (والرئيس، لوزير) stays filler before the name, so the rules still see
            // the و or the preposition.
            if p.byte_start == toks[p.start].byte_start as usize {
                work.apposition(target, p.start, name_end, false);
            }
            position(work, target);
            return Some(target);
        }
    }
    // A name in no gazetteer: Arabic "title، name،"; English "Title Name Name".
    let arabic = (p.start..p.end).any(|t| crate::text::has_arabic(doc.norm_of(t)));
    let mut name_end = k;
    // A given name that is also a common word (علي) may open or continue the name.
    let name_word = |t: usize| {
        doc.name_like(t)
            || (!doc.gaz_cover[t]
                && !work.cover[t]
                && doc.toks[t].kind == crate::text::TokenKind::Word
                && doc.g.is_given_name(doc.norm_of(t)))
    };
    while name_end < end
        && name_end - k < MAX_NAME_TOKENS
        && name_word(name_end)
        && (arabic || doc.latin_cap(name_end))
    {
        name_end += 1;
    }
    let closed = name_end >= end
        || doc.is_punct(name_end, &["،", ",", ".", ":", "؛", ";"])
        || doc.has_class(name_end, WordClass::Speech);
    // An English run of capitalized words names no person with an organisation's or a
    // thing's head or a company's legal form anywhere in it ("General Consumer Price Index";
    // "Major League Baseball": "Major" is a rank), nor in capitals only (a headline: "MAJOR
    // LEAGUE STANDINGS AFTER THURSDAY"), where the case tells names from words no more.
    let english_name = || {
        let words = k..name_end;
        !words.clone().any(|t| {
            let w = doc.original_of(t);
            super::head_words::ends_no_person(w) || super::LEGAL_FORMS.contains(&w)
        }) && !words.clone().all(|t| {
            let w = doc.original_of(t);
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        })
    };
    let name_ok = name_end - k >= 2
        && (if arabic {
            comma_before && closed
        } else {
            english_name()
        });
    if name_ok {
        let target = work.found_person(doc, k, name_end, 0);
        work.push_mention(doc.mention(target, k, name_end, Via::Pattern));
        work.apposition(target, p.start, name_end, false);
        position(work, target);
        return Some(target);
    }
    // Speech verb, name, comma, this title: "وقال ديمتري شوجاييف، مدير ...". A person of two
    // words or more the gazetteer or the tagger names before the comma is the one when a
    // single word with the article comes before that name, a description ("قالت المحامية
    // سعاد البراهمة، عضو ..."); other words there are the name's ("أعلن أولي هونيس،"، "تيسا
    // ليونز Tessa Lyons،").
    if p.start >= 3 && doc.is_punct(p.start - 1, &["،", ","]) {
        let stop = p.start - 1;
        let mut s = stop;
        while s > 0
            && stop - s < MAX_NAME_TOKENS
            && doc.name_like(s - 1)
            && (arabic || doc.latin_cap(s - 1))
        {
            s -= 1;
        }
        if stop - s >= 2 && s > 0 && doc.has_class(s - 1, WordClass::Speech) {
            let named = person_ending_at(doc, work, stop).filter(|&(_, first, _)| {
                first == s
                    || (first == s + 1
                        && stop - first >= 2
                        && doc.norm_of(s).starts_with("ال")
                        && crate::text::has_arabic(doc.norm_of(s)))
            });
            let (target, first) = match named {
                Some((target, first, byte_start)) => {
                    if byte_start != toks[first].byte_start as usize {
                        position(work, target);
                        return Some(target);
                    }
                    (target, first)
                }
                None => {
                    let target = work.found_person(doc, s, stop, 0);
                    work.push_mention(doc.mention(target, s, stop, Via::Pattern));
                    (target, s)
                }
            };
            work.apposition(target, first, p.end, true);
            position(work, target);
            return Some(target);
        }
    }
    // A person named before the comma: "رامي العطار، وزير الداخلية اليمني" (a gazetteer
    // person, or a name the tagger or a pattern found).
    // Not when a name follows the phrase in its clause: it is that one's title.
    let name_follows = name_follows(doc, work, p.end);
    // English may put an article between the comma and the title ("Tim Cook, the chief
    // executive of Apple,").
    // Arabic may put the pronoun there ("شيلا عبد السلام (65 عاما)، وهي قاضية في المحكمة
    // العليا"), or say that the person holds the post ("X، الذي يشغل منصب وزير ..."), and an
    // age or a note in brackets between the name and the comma. A post held in the past
    // ("الذي شغل منصب") names the person but no position (former offices are not recorded).
    let mut former_post = false;
    let comma = match p.start.checked_sub(1) {
        Some(d)
            if matches!(doc.norm_of(d), "the" | "a" | "an")
                || PRONOUNS_BEFORE.contains(&doc.norm_of(d)) =>
        {
            d.checked_sub(1)
        }
        Some(d) if d >= 2 && doc.norm_of(d) == "منصب" => {
            let mut c = d - 1;
            if HOLDS_POST.contains(&doc.norm_of(c)) {
                former_post = matches!(doc.norm_of(c), "شغل" | "شغلت");
                c -= 1;
                let w = doc.norm_of(c);
                if c > 0 && (matches!(w, "الذي" | "التي") || PRONOUNS_BEFORE.contains(&w)) {
                    c -= 1;
                }
                Some(c)
            } else {
                Some(d)
            }
        }
        before => before,
    };
    if let Some(comma) = comma.filter(|&c| !name_follows && c >= 1 && doc.is_punct(c, &["،", ","]))
    {
        let name_end = bracket_before(doc, comma).unwrap_or(comma);
        if let Some((target, first, byte_start)) = person_ending_at(doc, work, name_end) {
            if byte_start == toks[first].byte_start as usize {
                work.apposition(target, first, p.end, true);
            }
            if !former_post {
                position(work, target);
            }
            return Some(target);
        }
    }
    // Arabic also writes the title right after the name, with no comma ("ابراهيم بن سعيد رئيس
    // لجنة الفلاحة"، "يوسف الشاهد رئيس الحكومة"), when the phrase says what the office is
    // held in (or it is a national office of two words or more, in a document about one
    // country: not "رئيس" alone, whose body may be in no list) and no name follows it in its
    // clause. The name must open a clause or
    // follow a speech verb or a function word (or a title that opens one): after another verb
    // the phrase may be the verb's object ("استقبل السيسي رئيس المفوضية الأوروبية").
    let national = p.roles.iter().any(|r| doc.r.national.contains(r));
    let held_in = p.of.is_some()
        || p.of_tagged.is_some()
        || p.body.is_some()
        || (national && doc.doc_country.is_some() && p.end - p.start >= 2);
    let arabic_title = crate::text::has_arabic(doc.norm_of(p.start));
    if held_in && arabic_title && !name_follows && p.start > 0 && !p.no_position {
        if let Some((target, first, byte_start)) = person_ending_at(doc, work, p.start) {
            let opens = |t: usize| {
                t == 0
                    || doc.toks[t - 1].sentence != doc.toks[t].sentence
                    || doc.toks[t - 1].kind == crate::text::TokenKind::Punct
                    || doc.has_class(t - 1, WordClass::Speech)
                    || SUBJECT_BEFORE.contains(&doc.norm_of(t - 1))
            };
            // The title that named the person, if any ("النائب ابراهيم بن سعيد").
            let named_by = work
                .out
                .appositions
                .iter()
                .find(|a| a.person == target && a.end == p.start)
                .map(|a| a.first);
            if opens(first) || named_by.is_some_and(opens) {
                if byte_start == toks[first].byte_start as usize {
                    work.apposition(target, first, p.end, true);
                }
                position(work, target);
                return Some(target);
            }
        }
    }
    None
}

/// Most tokens between a title phrase and a name that is still its own.
const NAME_WINDOW: usize = 8;

/// A person's name (a gazetteer person, a name the tagger or a title found) starts within
/// [`NAME_WINDOW`] tokens from `t`, in its clause (before punctuation): a title phrase ending
/// at `t` is that name's ("النائب عن حركة الشعب سالم لبيض").
pub(super) fn name_follows(doc: &DocIndex, work: &Work, t: usize) -> bool {
    if t >= doc.len() {
        return false;
    }
    let end = doc.sentence_end(t);
    let person_at = |x: usize| {
        doc.entity_at(x)
            .is_some_and(|e| doc.entity_type(e) == EntityType::Person)
            || doc.tagged_at[x].is_some_and(|tn| tn.entity_type == EntityType::Person)
            || work.out.mentions.iter().any(|m| {
                m.first_token == x && matches!(m.target, Target::Found(_)) && m.via == Via::Pattern
            })
    };
    (t..end.min(t + NAME_WINDOW))
        .take_while(|&x| !doc.is_punct(x, &["،", ",", ".", ":", "؛", ";"]))
        .any(person_at)
}

/// The opening bracket of a short note in brackets that ends right before token `t` ("(65
/// عاما)"): at most six tokens inside, in the sentence.
fn bracket_before(doc: &DocIndex, t: usize) -> Option<usize> {
    if t == 0 || !doc.is_punct(t - 1, &[")"]) {
        return None;
    }
    let open = (t.saturating_sub(8)..t - 1)
        .rev()
        .find(|&x| doc.is_punct(x, &["("]))?;
    (doc.toks[open].sentence == doc.toks[t].sentence).then_some(open)
}

/// Words after which a name opens its clause as its subject or stands alone (normalized):
/// "أن"، "إن"، "مع"، "عن"، "بين"، "حسب"، "وفق"، "كان", and the nouns of presence and chair
/// ("بحضور"، "بمشاركة"، "برئاسة"، "بإشراف"). After them a title right after the name is the
/// name's.
const SUBJECT_BEFORE: &[&str] = &[
    "ان",
    "وان",
    "بان",
    "مع",
    "ومع",
    "عن",
    "بين",
    "وبين",
    "حسب",
    "بحسب",
    "وحسب",
    "وفق",
    "لدي",
    "كان",
    "وكان",
    "بحضور",
    "وبحضور",
    "بمشاركه",
    "وبمشاركه",
    "برئاسه",
    "وبرئاسه",
    "باشراف",
    "وباشراف",
];

/// The person whose name ends right before token `name_end`: a gazetteer person, or a name the
/// tagger or a pattern found. Returns it, its first token and its original byte start.
fn person_ending_at(
    doc: &DocIndex,
    work: &Work,
    name_end: usize,
) -> Option<(Target, usize, usize)> {
    doc.match_ending_at[name_end]
        .map(|mi| &doc.matches[mi])
        .and_then(|m| match m.reading {
            Reading::Entity(e, _) if doc.entity_type(e) == EntityType::Person => {
                Some((Target::Gazetteer(e), m.first_token, m.byte_start))
            }
            _ => None,
        })
        .or_else(|| {
            work.out
                .mentions
                .iter()
                .rev()
                .find(|m| {
                    m.end_token == name_end
                        && matches!(m.via, Via::Tagger | Via::Pattern)
                        && match m.target {
                            Target::Found(_) => true,
                            Target::Tagged(i) => {
                                work.out.tagged[i as usize].entity_type == EntityType::Person
                            }
                            Target::Gazetteer(_) => false,
                        }
                })
                .map(|m| (m.target, m.first_token, m.byte_start))
        })
}
