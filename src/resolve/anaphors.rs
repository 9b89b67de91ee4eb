//! Plural anaphors: a lexicon anaphor for two or more entities (البلدين, الرئيسان, "the two
//! countries") joins the countries or people last named before it, each with its own mention
//! of the anaphor's span (`via: coreference`). A capital used as an actor counts as the
//! country it stands for.

use crate::gazetteer::{Reading, WordClass};
use crate::model::EntityType;

use super::index::DocIndex;
use super::{Target, Via, Work};

/// Entities in focus: the latest last.
#[derive(Default)]
struct Focus {
    countries: Vec<u32>,
    people: Vec<Target>,
}

impl Focus {
    fn country(&mut self, c: u32) {
        self.countries.retain(|x| *x != c);
        self.countries.push(c);
    }

    fn person(&mut self, p: Target) {
        self.people.retain(|x| *x != p);
        self.people.push(p);
    }

    /// The `count` latest entities of type `ty`, if there are that many.
    fn latest(&self, ty: Option<EntityType>, count: usize) -> Vec<Target> {
        match ty {
            Some(EntityType::Country) if self.countries.len() >= count => self.countries
                [self.countries.len() - count..]
                .iter()
                .map(|c| Target::Gazetteer(*c))
                .collect(),
            Some(EntityType::Person) if self.people.len() >= count => {
                self.people[self.people.len() - count..].to_vec()
            }
            _ => vec![],
        }
    }
}

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    // Every mention so far, in token order.
    let mut events: Vec<(usize, Target)> = Vec::new();
    for m in doc.matches {
        if let Reading::Entity(e, _) = m.reading {
            events.push((m.first_token, Target::Gazetteer(e)));
        }
    }
    for m in &work.out.mentions {
        events.push((m.first_token, m.target));
    }
    events.sort();
    let mut focus = Focus::default();
    let mut ev = 0usize;
    let mut added = Vec::new();
    for t in 0..doc.len() {
        while ev < events.len() && events[ev].0 < t {
            let target = events[ev].1;
            match target {
                Target::Gazetteer(e) => match doc.entity_type(e) {
                    EntityType::Country => focus.country(e),
                    EntityType::Person => focus.person(target),
                    _ => {}
                },
                Target::Found(_) => focus.person(target),
                Target::Tagged(i) => {
                    if work.out.tagged[i as usize].entity_type == EntityType::Person {
                        focus.person(target);
                    }
                }
            }
            ev += 1;
        }
        if let Some(mi) = doc.gaz_at[t] {
            if let Ok(i) = work.out.stands_for.binary_search_by_key(&mi, |x| x.0) {
                let sf = work.out.stands_for[i].1;
                if doc.entity_type(sf) == EntityType::Country {
                    focus.country(sf);
                }
            }
        }
        if doc.gaz_cover[t] {
            continue;
        }
        for hit in doc.classes(t) {
            if hit.class != WordClass::Anaphor || hit.count < 2 {
                continue;
            }
            for target in focus.latest(hit.entity_type, hit.count as usize) {
                added.push(doc.mention(target, t, hit.end_token, Via::Coreference));
            }
        }
    }
    for m in added {
        work.push_mention(m);
    }
    let orgs = organisations(doc, work);
    if !orgs.is_empty() {
        head_nouns(doc, work, &orgs);
        the_company(doc, work, &orgs);
    }
}

/// The organisations named so far (gazetteer matches not dropped, resolved mentions other than
/// by coreference): first token, end token and target, in text order.
fn organisations(doc: &DocIndex, work: &Work) -> Vec<(usize, usize, Target)> {
    let mut orgs: Vec<(usize, usize, Target)> = Vec::new();
    for (mi, m) in doc.matches.iter().enumerate() {
        if let Reading::Entity(e, _) = m.reading {
            if doc.entity_type(e) == EntityType::Agency && work.match_stands(mi) {
                orgs.push((m.first_token, m.end_token, Target::Gazetteer(e)));
            }
        }
    }
    for m in &work.out.mentions {
        let agency = match m.target {
            Target::Gazetteer(e) => doc.entity_type(e) == EntityType::Agency,
            Target::Tagged(i) => work.out.tagged[i as usize].entity_type == EntityType::Agency,
            Target::Found(_) => false,
        };
        if agency && m.via != Via::Coreference {
            orgs.push((m.first_token, m.end_token, m.target));
        }
    }
    orgs.sort_by_key(|o| o.0);
    orgs
}

/// Definite head nouns that refer back to the organisation last named with that head
/// ("شرطة نيويورك ... وقالت الشرطة إنها"، "حركة النهضة ... وأكدت الحركة"): the guidelines'
/// bare common nouns, no mention of their own, but an argument by coreference. Not الحكومة:
/// local news calls its own state's government so, whatever government was named last.
static DEFINITE_HEADS: super::heads::WordSet = super::heads::WordSet::new(&[
    "الشرطة",
    "البلدية",
    "المحكمة",
    "البرلمان",
    "الحزب",
    "الحركة",
    "اللجنة",
    "الجامعة",
    "الجبهة",
    "الجمعية",
    "النقابة",
    "الوزارة",
    "المنظمة",
    "الهيئة",
    "الشركة",
    "المجمع",
    "النادي",
    "المرصد",
    "الصندوق",
    "الاتحاد",
    "المعهد",
    "المؤسسة",
    "المفوضية",
    "الوكالة",
    "الصحيفة",
    "القناة",
    "المجلس",
    "البنك",
    "المصرف",
    "المجموعة",
    "التحالف",
    "الائتلاف",
    "الرابطة",
    "الجماعة",
    "المركز",
    "البعثة",
    "الشبكة",
    "المنتدى",
    "الكتلة",
]);

/// A definite head noun of [`DEFINITE_HEADS`] standing alone (no adjective with the article
/// after it: "اللجنة المختصة" is another committee) joins the organisation last named before
/// it whose name starts with the same noun, indefinite ("شرطة نيويورك") or definite ("المرصد
/// السوري لحقوق الإنسان"), or comes right after it (a classifier outside the name: "حركة" +
/// "النهضة"), with a mention of its span (`via: coreference`). "الشركة" and "النادي" with no
/// such antecedent join the one company or club of the gazetteer the document named before
/// them (`only_one_of_kind`).
fn head_nouns(doc: &DocIndex, work: &mut Work, orgs: &[(usize, usize, Target)]) {
    // Whether the noun at token `x` is `head` after its proclitic and article, if any
    // ("شرطة", "وشرطة", "المرصد", "والمرصد", "للمرصد").
    let heads_with = |x: usize, head: &str| {
        let w = doc.norm_of(x);
        w.strip_suffix(head).is_some_and(|before| {
            let before = before.strip_prefix(['و', 'ف']).unwrap_or(before);
            matches!(before, "" | "ب" | "ل" | "ك" | "ال" | "بال" | "كال" | "لل")
        })
    };
    let mut added = Vec::new();
    for t in 0..doc.len() {
        // The article, perhaps after a one-letter proclitic, or لل: a cheap test before the
        // list's (most tokens have none).
        let w = doc.norm_of(t);
        let definite = w.starts_with("ال")
            || w.starts_with("لل")
            || w.get(2..).is_some_and(|r| r.starts_with("ال"));
        if !definite || work.cover[t] || doc.toks[t].kind != crate::text::TokenKind::Word {
            continue;
        }
        let Some(prefix_len) = DEFINITE_HEADS.head_at(w) else {
            continue;
        };
        let next_adjective = t + 1 < doc.sentence_end(t)
            && doc.toks[t + 1].kind == crate::text::TokenKind::Word
            && doc.norm_of(t + 1).starts_with("ال");
        if next_adjective {
            continue;
        }
        let definite = doc.norm_of(t).get(prefix_len..).unwrap_or_default();
        let Some(head) = definite.strip_prefix("ال") else {
            continue;
        };
        let antecedent = orgs
            .iter()
            .rev()
            .find(|o| o.1 <= t && (heads_with(o.0, head) || (o.0 > 0 && heads_with(o.0 - 1, head))))
            .map(|o| o.2)
            .or_else(|| only_one_of_kind(doc, orgs, t, head));
        if let Some(target) = antecedent {
            added.push(doc.mention_from(target, t, t + 1, prefix_len, Via::Coreference));
        }
    }
    for m in added {
        work.push_mention(m);
    }
}

/// The gazetteer kinds a head noun names whatever the organisation's own name: a company is
/// "الشركة" and a club "النادي" though their names seldom start with the noun ("أبل"،
/// "فيورنتينا").
const HEAD_KINDS: &[(&str, &str)] = &[("شركة", "company"), ("نادي", "club")];

/// The one gazetteer organisation of the kind head noun `head` names (`HEAD_KINDS`) that the
/// document names before token `t`; none when it names two or more, an organisation the
/// gazetteer does not know, or a form one of whose readings is an organisation (which one the
/// noun means is not for a rule to guess).
fn only_one_of_kind(
    doc: &DocIndex,
    orgs: &[(usize, usize, Target)],
    t: usize,
    head: &str,
) -> Option<Target> {
    let kind = HEAD_KINDS.iter().find(|(h, _)| *h == head)?.1;
    // A form of several readings, one an organisation ("برشلونة": the city or its club), may
    // be one of the kind too.
    let ambiguous_agency = doc.matches.iter().any(|m| {
        m.end_token <= t
            && matches!(&m.reading, Reading::Ambiguous(v)
                if v.iter().any(|&e| doc.entity_type(e) == EntityType::Agency))
    });
    if ambiguous_agency {
        return None;
    }
    let mut found = None;
    for o in orgs.iter().filter(|o| o.1 <= t) {
        // An organisation the gazetteer does not know may be of the kind too.
        let Target::Gazetteer(e) = o.2 else {
            return None;
        };
        // A national team is no club (the gazetteer files them with the clubs).
        let row = doc.g.entity(e);
        if row.kind.as_deref() != Some(kind) || row.id.ends_with("-national-team") {
            continue;
        }
        match found {
            None => found = Some(o.2),
            Some(f) if f == o.2 => {}
            Some(_) => return None,
        }
    }
    found
}

/// English news names a company once, then calls it "the company" ("Salomon SA said ... The
/// company said it"): "company" or "firm" after "the", in lower case, refers back to the
/// story's company (and "the partnership", "the group", "the bank", "the airline" ...), the
/// first one the document names before it (a gazetteer company, or a name ending with a
/// legal form or a company's head word: "Pacific Gas and Electric Co", "Austin Rover
/// Group"), not the last: the companies
/// named later are mostly its subsidiaries, bidders and targets. A mention of the noun (`via:
/// coreference`).
fn the_company(doc: &DocIndex, work: &mut Work, orgs: &[(usize, usize, Target)]) {
    /// The nouns a story calls its company by.
    const COMPANY_NOUNS: &[&str] = &[
        "company",
        "firm",
        "partnership",
        "group",
        "concern",
        "bank",
        "utility",
        "airline",
        "carrier",
        "insurer",
        "retailer",
        "brokerage",
    ];
    /// Nouns that make a compound with the noun before them.
    const COMPOUND_HEADS: &[&str] = &[
        "industry",
        "industries",
        "unit",
        "units",
        "sector",
        "business",
        "businesses",
        "market",
        "markets",
        "holding",
        "holdings",
        "stock",
        "stocks",
        "shares",
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "source",
        "sources",
        "analyst",
        "analysts",
        "subsidiary",
        "division",
        "account",
        "accounts",
        "loan",
        "loans",
        "debt",
        "regulators",
        "chief",
    ];
    /// Last words of companies' names other than legal forms ("Austin Rover Group",
    /// "Lehman Brothers", "Sterivet Laboratories").
    const COMPANY_HEADS: &[&str] = &[
        "Group",
        "Holdings",
        "Industries",
        "Enterprises",
        "Bancorp",
        "Brothers",
        "Laboratories",
        "Airlines",
        "Airways",
        "Motors",
    ];
    let company = |o: &(usize, usize, Target)| match o.2 {
        Target::Gazetteer(e) if doc.g.entity(e).kind.as_deref() == Some("company") => true,
        _ => {
            o.1 > o.0
                && (super::LEGAL_FORMS.contains(&doc.original_of(o.1 - 1))
                    || (o.1 > o.0 + 1 && COMPANY_HEADS.contains(&doc.original_of(o.1 - 1))))
        }
    };
    let mut added = Vec::new();
    for t in 1..doc.len() {
        if work.cover[t]
            || !COMPANY_NOUNS.contains(&doc.original_of(t))
            || !doc.original_of(t - 1).eq_ignore_ascii_case("the")
        {
            continue;
        }
        // "said the firm would ...": the subject of the reported clause, which the speech
        // frame would take for the speaker (the company speaks only in "..., said the firm.").
        let reported = t >= 2
            && matches!(
                doc.original_of(t - 2),
                "said" | "says" | "say" | "added" | "stated" | "told"
            )
            && t + 1 < doc.sentence_end(t)
            && doc.toks[t + 1].kind == crate::text::TokenKind::Word;
        if reported {
            continue;
        }
        // A noun before another ("the airline industry", "the brokerage unit") is part of a
        // compound that names something else.
        let compound = t + 1 < doc.sentence_end(t)
            && COMPOUND_HEADS.contains(&doc.original_of(t + 1).to_ascii_lowercase().as_str());
        if compound {
            continue;
        }
        if let Some(o) = orgs.iter().find(|o| o.1 < t && company(o)) {
            added.push(doc.mention(o.2, t, t + 1, Via::Coreference));
        }
    }
    for m in added {
        work.push_mention(m);
    }
}
