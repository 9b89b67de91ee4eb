//! Titles, names and bodies with the default gazetteers and the tagger, on invented
//! sentences: a name written after a title is the person (linked under another spelling of
//! the same transliteration too), role by date only when no name is given and never across a
//! qualifier, holds-position with the body a title phrase names, and a body named without
//! its country. Every mention checked here is checked with its span.

mod common;

use khabar::{Document, Extraction, PartialDate, Pipeline};

fn pipeline() -> &'static Pipeline {
    use std::sync::OnceLock;
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        Pipeline::builder()
            .build()
            .expect("the default pipeline builds")
    })
}

fn run(text: &str) -> Extraction {
    run_on(text, "2015-06-01")
}

/// A document of `text` dated `date`.
fn dated(text: &str, date: &str) -> Document {
    let mut doc = Document::new("t", text);
    doc.date = Some(PartialDate::parse_full(date).expect("a date"));
    doc
}

/// The default pipeline over `text` dated `date`, its spans checked against the text.
fn run_on(text: &str, date: &str) -> Extraction {
    let ex = pipeline().extract(&dated(text, date));
    common::assert_model_spans(text, &ex);
    ex
}

/// (entity id, mention text, char start, char end) of every mention.
fn mentions(ex: &Extraction) -> Vec<(String, String, usize, usize)> {
    ex.entities
        .iter()
        .flat_map(|e| {
            e.mentions
                .iter()
                .map(move |m| (e.id.clone(), m.text.clone(), m.start, m.end))
        })
        .collect()
}

/// The entity with a mention of exactly `text`.
fn entity_of<'a>(ex: &'a Extraction, text: &str) -> &'a khabar::model::Entity {
    ex.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == text))
        .unwrap_or_else(|| panic!("{text} not found: {:?}", mentions(ex)))
}

/// (text, char start, char end) of every mention of the entity with a mention of exactly
/// `text`.
fn spans_of_entity(ex: &Extraction, text: &str) -> Vec<(String, usize, usize)> {
    entity_of(ex, text)
        .mentions
        .iter()
        .map(|m| (m.text.clone(), m.start, m.end))
        .collect()
}

/// Asserts that the mentions of one entity are exactly `names` ((text, nth occurrence in
/// `text`), in text order): the entity with a mention of the first name.
fn assert_one_entity(text: &str, ex: &Extraction, names: &[(&str, usize)]) {
    let want: Vec<(String, usize, usize)> = names
        .iter()
        .map(|&(name, nth)| span_in(text, name, nth))
        .collect();
    assert_eq!(spans_of_entity(ex, names[0].0), want);
}

/// The id of the entity with a mention of exactly `text`.
fn id_of(ex: &Extraction, text: &str) -> String {
    entity_of(ex, text).id.clone()
}

/// The `said` relations of an extraction as (speaker, evidence start), in output order.
fn said_by(ex: &Extraction) -> Vec<(Option<String>, usize)> {
    ex.relations
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| (r.subject.clone(), r.evidence.start))
        .collect()
}

/// (subject, object) of every holds-position.
fn positions(ex: &Extraction) -> Vec<(Option<String>, Option<String>)> {
    ex.relations
        .iter()
        .filter(|r| r.predicate == "holds-position")
        .map(|r| (r.subject.clone(), r.object.clone()))
        .collect()
}

fn m(id: &str, text: &str, start: usize, end: usize) -> (String, String, usize, usize) {
    (id.to_string(), text.to_string(), start, end)
}

fn p(subject: &str, object: Option<&str>) -> (Option<String>, Option<String>) {
    (Some(subject.to_string()), object.map(String::from))
}

/// (text, char start, char end) of the `nth` occurrence of `s` in `text`.
fn span_in(text: &str, s: &str, nth: usize) -> (String, usize, usize) {
    let b = text.match_indices(s).nth(nth).expect("in the text").0;
    let start = text[..b].chars().count();
    (s.to_string(), start, start + s.chars().count())
}

/// (text, char start, char end, entity id) of every mention of an entity of type `t`.
fn mentions_of_type(ex: &Extraction, t: khabar::EntityType) -> Vec<(String, usize, usize, String)> {
    ex.entities
        .iter()
        .filter(|e| e.entity_type == t)
        .flat_map(|e| {
            e.mentions
                .iter()
                .map(|m| (m.text.clone(), m.start, m.end, e.id.clone()))
        })
        .collect()
}

/// The entity id of the mention among `typed` (`mentions_of_type`) with exactly the text and
/// span of `want` (`span_in`).
fn id_at_span(
    typed: &[(String, usize, usize, String)],
    want: &(String, usize, usize),
) -> Option<String> {
    typed
        .iter()
        .find(|a| (&a.0, a.1, a.2) == (&want.0, want.1, want.2))
        .map(|a| a.3.clone())
}

/// (text, char start, char end, what it stands for) of every mention (metonymy).
fn stands_for_readings(ex: &Extraction) -> Vec<(String, usize, usize, Option<String>)> {
    ex.entities
        .iter()
        .flat_map(|e| {
            e.mentions
                .iter()
                .map(|m| (m.text.clone(), m.start, m.end, m.stands_for.clone()))
        })
        .collect()
}

/// [`mentions_of_type`] without the ids.
fn spans_of_type(ex: &Extraction, t: khabar::EntityType) -> Vec<(String, usize, usize)> {
    mentions_of_type(ex, t)
        .into_iter()
        .map(|(text, a, b, _)| (text, a, b))
        .collect()
}

#[test]
fn a_name_after_a_title_is_the_person_under_another_spelling_too() {
    // The gazetteer writes جنتيلوني; the text جينتيلوني.
    let ex = run("قال وزير الخارجية الإيطالي باولو جينتيلوني إن المحادثات مستمرة.");
    assert_eq!(
        mentions(&ex),
        vec![m("person:paolo-gentiloni", "باولو جينتيلوني", 27, 42)]
    );
    assert_eq!(
        positions(&ex),
        vec![p("person:paolo-gentiloni", Some("country:ITA"))]
    );
}

#[test]
fn role_by_date_only_without_a_name_and_never_across_a_qualifier() {
    let ex = run("قال وزير الخارجية الإيطالي إن المحادثات مستمرة.");
    assert_eq!(
        mentions(&ex),
        vec![m("person:paolo-gentiloni", "وزير الخارجية الإيطالي", 4, 26)]
    );
    for (name, text) in [
        (
            "deputy",
            "قال نائب وزير الخارجية الإيطالي إن المحادثات مستمرة.",
        ),
        (
            "former",
            "قال وزير الخارجية الإيطالي السابق إن المحادثات مستمرة.",
        ),
    ] {
        let ex = run(text);
        assert!(
            mentions(&ex)
                .iter()
                .all(|x| x.0 != "person:paolo-gentiloni"),
            "{name}: {:?}",
            mentions(&ex)
        );
        assert!(positions(&ex).is_empty(), "{name}: {:?}", positions(&ex));
    }
}

#[test]
fn a_title_phrase_gives_the_body_it_names_as_an_agency() {
    let text = "قال أمين عام حزب الأمل الجديد، سامي الكريمي، إن الحزب سيشارك في الانتخابات.";
    let ex = run(text);
    let party = ex
        .entities
        .iter()
        .find(|e| e.mentions.iter().any(|x| x.text == "حزب الأمل الجديد"))
        .expect("the party is an entity");
    assert_eq!(party.entity_type, khabar::model::EntityType::Agency);
    assert_eq!((party.mentions[0].start, party.mentions[0].end), (13, 29));
    let person = ex
        .entities
        .iter()
        .find(|e| {
            e.mentions
                .iter()
                .any(|x| (x.text.as_str(), x.start) == ("سامي الكريمي", 31))
        })
        .expect("the person after the comma is found");
    assert_eq!(
        positions(&ex),
        vec![p(&person.id, Some(&party.id))],
        "one position, held in the party"
    );
    // The same id in every document.
    assert_eq!(
        run(text)
            .entities
            .iter()
            .filter(|e| e.id == party.id)
            .count(),
        1
    );
}

#[test]
fn a_body_without_its_country_is_the_document_countrys_or_an_unlinked_agency() {
    let ex = run("أعلنت وزارة الداخلية أن الحدود مع ليبيا هادئة في تونس. وتؤكد تونس ذلك.");
    assert!(
        mentions(&ex).contains(&m("agency:tun-interior-ministry", "وزارة الداخلية", 6, 20)),
        "{:?}",
        mentions(&ex)
    );
    let ex = run("أعلنت وزارة الداخلية في بيان أن الوضع هادئ.");
    let body = ex
        .entities
        .iter()
        .find(|e| e.mentions.iter().any(|x| (x.start, x.end) == (6, 20)))
        .expect("an unlinked agency");
    assert!(body.id.starts_with("agency:"), "{}", body.id);
    assert_eq!(body.entity_type, khabar::model::EntityType::Agency);
    assert_eq!(body.source, khabar::model::EntitySource::Rule);
    // A form held back as ambiguous gives no bare body: "السياسة الخارجية" is a policy.
    let text = "وقال إن السياسة الخارجية لتونس لن تتغير.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(
            !ms.iter().any(|x| x.1.contains("السياسة")),
            "a policy read as a body: {ms:?}"
        );
        assert!(ms.contains(&m("country:TUN", "تونس", 26, 30)), "{ms:?}");
    }
}

/// Both pipelines: with and without the tagger.
fn run_both(text: &str) -> Vec<Extraction> {
    static NO_TAGGER: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    let plain = NO_TAGGER.get_or_init(|| {
        Pipeline::builder()
            .tagger(false)
            .build()
            .expect("the pipeline without the tagger builds")
    });
    let ex = plain.extract(&dated(text, "2015-06-01"));
    common::assert_model_spans(text, &ex);
    vec![run(text), ex]
}

#[test]
fn a_gazetteer_name_leaves_its_leading_titles_out() {
    // The gazetteer's alias carries the titles; the mention is the name (the guidelines), and
    // the titles before it now give the position.
    let text = "وقال العاهل المغربي الملك محمد السادس إن المغرب سيشارك.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(
            ms.contains(&m("person:mohammed-vi", "محمد السادس", 26, 37)),
            "{ms:?}"
        );
        assert!(
            !ms.iter().any(|x| x.1.contains("الملك")),
            "a title inside a mention: {ms:?}"
        );
        assert!(
            positions(&ex).contains(&p("person:mohammed-vi", Some("country:MAR"))),
            "{:?}",
            positions(&ex)
        );
    }
    // A word spelled like a title without the article is part of the name.
    let text = "وقال قايد صالح إن الجيش مستعد.";
    for ex in run_both(text) {
        assert!(
            mentions(&ex).contains(&m("person:ahmed-gaid-salah", "قايد صالح", 5, 14)),
            "{:?}",
            mentions(&ex)
        );
    }
}

#[test]
fn an_office_then_an_honorific_then_the_name_holds_the_office() {
    // "أمير الكويت الشيخ X": the honorific between the office and the name does not cut them
    // apart; nor does a comma ("أمير قطر، الشيخ X،").
    for (text, person, country) in [
        (
            "واستقبل أمير الكويت الشيخ صباح الأحمد الوزير أمس.",
            "person:sabah-al-ahmad",
            "country:KWT",
        ),
        (
            "وأكد أمير قطر، الشيخ تميم بن حمد، أن بلاده ستدعم الاتفاق.",
            "person:tamim-bin-hamad",
            "country:QAT",
        ),
    ] {
        for ex in run_both(text) {
            let ps = positions(&ex);
            assert!(ps.contains(&p(person, Some(country))), "{text}: {ps:?}");
            let ms = mentions(&ex);
            assert!(
                !ms.iter().any(|x| x.1.starts_with("الشيخ")),
                "{text}: the honorific inside the name: {ms:?}"
            );
        }
    }
}

#[test]
fn a_chain_of_descent_is_inside_the_name() {
    // The gazetteer names "محمد بن زايد"; the text goes on with the family name.
    let text = "استقبل محمد بن زايد آل نهيان الوفد.";
    for ex in run_both(text) {
        assert!(
            mentions(&ex).contains(&m(
                "person:mohamed-bin-zayed",
                "محمد بن زايد آل نهيان",
                7,
                28
            )),
            "{:?}",
            mentions(&ex)
        );
    }
    // A compound name after بن takes both words; a word with the article only when the rest
    // is a given name.
    let text = "التقى عبد الله الثاني بن الحسين الوفد.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(
            ms.iter()
                .any(|x| x.0 == "person:abdullah-ii" && x.1.ends_with("بن الحسين")),
            "{ms:?}"
        );
    }
    let text = "وقال بوتين بن الوزير إن المحادثات مستمرة.";
    let ex = run_both(text).pop().expect("the run without the tagger");
    assert!(
        mentions(&ex).contains(&m("person:vladimir-putin", "بوتين", 5, 10)),
        "{:?}",
        mentions(&ex)
    );
}

#[test]
fn an_english_chain_of_descent_is_inside_the_name() {
    // "Sheikh Tamim" is the alias the matcher finds first; the title goes, the chain stays,
    // and the tagger's "Hamad al-Thani" inside it is no person of its own.
    let text = "Qatar's emir, Sheikh Tamim bin Hamad al-Thani, arrived.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(
            ms.contains(&m(
                "person:tamim-bin-hamad",
                "Tamim bin Hamad al-Thani",
                21,
                45
            )),
            "{ms:?}"
        );
        assert_eq!(
            ms.iter().filter(|x| x.0.starts_with("person:")).count(),
            1,
            "{ms:?}"
        );
    }
    // Another spelling of a gazetteer name, then "Al" and the family name.
    let text = "Sheikh Mohammed bin Zayed Al Nahyan met the delegation.";
    for ex in run_both(text) {
        assert!(
            mentions(&ex).contains(&m(
                "person:mohamed-bin-zayed",
                "Mohammed bin Zayed Al Nahyan",
                7,
                35
            )),
            "{:?}",
            mentions(&ex)
        );
    }
}

#[test]
fn a_company_name_takes_its_legal_form() {
    // Business news writes a company with its legal form; the mention runs to its end, with
    // and without the tagger, and keeps the gazetteer's id.
    for (text, name, start) in [
        (
            "Shares of Boeing Co rose 2 pct on Tuesday.",
            "Boeing Co",
            10,
        ),
        (
            "Chevron Corp said it would sell the unit.",
            "Chevron Corp",
            0,
        ),
        (
            "Analysts at Goldman Sachs and Co Inc expect a cut.",
            "Goldman Sachs and Co Inc",
            12,
        ),
    ] {
        for ex in run_both(text) {
            let ms = mentions(&ex);
            let id = ms
                .iter()
                .find(|x| x.1 == name)
                .map(|x| x.0.clone())
                .unwrap_or_default();
            assert!(
                ms.contains(&m(&id, name, start, start + name.chars().count())),
                "{text}: {ms:?}"
            );
            assert!(
                ["agency:boeing", "agency:chevron", "agency:goldman-sachs"].contains(&id.as_str()),
                "{text}: {id}"
            );
        }
    }
    // Not a legal form: lower case, after punctuation, or in the next sentence.
    for (text, name) in [
        ("Boeing co-founded the venture.", "Boeing"),
        ("Boeing, Corp and others met.", "Boeing"),
        ("They met at Chevron. Inc was not there.", "Chevron"),
    ] {
        for ex in run_both(text) {
            let ms = mentions(&ex);
            assert!(
                ms.iter().any(|x| x.1 == name && x.0.starts_with("agency:")),
                "{text}: {ms:?}"
            );
        }
    }
}

#[test]
fn a_company_form_that_is_also_a_word_is_not_certain_alone() {
    // "أبل" (Apple) is also a word: flagged ambiguous, it is no mention by itself without the
    // tagger; "شركة أبل" is, from the name on (the classifier noun stands outside). "Ford"
    // alone is also a surname.
    let plain = &run_both("وقالت شركة أبل إنها ستطرح هاتفا جديدا.")[1];
    assert!(
        mentions(plain)
            .iter()
            .any(|x| x.0 == "agency:apple-inc" && x.1 == "أبل" && x.2 == 11 && x.3 == 14),
        "{:?}",
        mentions(plain)
    );
    let plain = &run_both("Gerald Ford spoke on Tuesday.")[1];
    assert!(
        !mentions(plain).iter().any(|x| x.0 == "agency:ford"),
        "{:?}",
        mentions(plain)
    );
}

#[test]
fn a_classifier_noun_stands_outside_a_name_used_alone() {
    // The guidelines: مدينة، حركة، صحيفة ... outside when the rest is a name used alone; the
    // rest may name another entity too (سنغافورة the country) and keeps the longer alias's id.
    let text = "وقالت حركة حماس إن مدينة سنغافورة ستستضيف الاجتماع.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(ms.contains(&m("agency:hamas", "حماس", 11, 15)), "{ms:?}");
        assert!(
            ms.contains(&m("location:singapore", "سنغافورة", 25, 33)),
            "{ms:?}"
        );
    }
    // A classifier that is part of the name stays inside (no name "الصحة" alone).
    let ex = &run_both("وقالت وزارة الصحة الفلسطينية إن الحصيلة ارتفعت.")[1];
    assert!(
        mentions(ex).iter().any(|x| x.1.starts_with("وزارة الصحة")),
        "{:?}",
        mentions(ex)
    );
}

#[test]
fn a_spokesman_of_a_movement_named_after_its_classifier_holds_the_position() {
    let text = "وقال الناطق الرسمي باسم حركة حماس، فوزي برهوم، إن الحركة ترفض ذلك.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(ms.contains(&m("agency:hamas", "حماس", 29, 33)), "{ms:?}");
        let person = ms
            .iter()
            .find(|x| x.1 == "فوزي برهوم")
            .map(|x| x.0.clone())
            .expect("the spokesman");
        assert!(
            positions(&ex).contains(&p(&person, Some("agency:hamas"))),
            "{:?}",
            positions(&ex)
        );
    }
}

#[test]
fn a_descriptive_nationality_adjective_stands_outside_a_self_standing_name() {
    // A club's or a party's name stands alone: its nisba is outside. A ministry's is part of
    // its name, and so is one in an organisation's canonical name (the PLO's).
    let text = "وفاز ميلان الإيطالي، وقال حزب الله اللبناني إن وزارة الخارجية الروسية رحبت \
                بقرار منظمة التحرير الفلسطينية.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(ms.contains(&m("agency:ac-milan", "ميلان", 5, 10)), "{ms:?}");
        assert!(
            ms.contains(&m("agency:hezbollah", "حزب الله", 26, 34)),
            "{ms:?}"
        );
        assert!(
            ms.contains(&m(
                "agency:rus-foreign-ministry",
                "وزارة الخارجية الروسية",
                47,
                69
            )),
            "{ms:?}"
        );
        assert!(
            ms.contains(&m("agency:plo", "منظمة التحرير الفلسطينية", 81, 105)),
            "{ms:?}"
        );
    }
}

#[test]
fn a_place_name_with_two_readings_takes_the_one_whose_country_the_document_names() {
    // "عمان" is Oman and Amman: the tagger reads a place, the document's Jordan or Oman says
    // which; with neither, no mention.
    let ex = run("وصل الوفد الأردني إلى عمان مساء أمس.");
    assert!(
        mentions(&ex).contains(&m("location:amman", "عمان", 22, 26)),
        "{:?}",
        mentions(&ex)
    );
    let ex = run("وقال وزير خارجية سلطنة عمان إن عمان ترحب بالمبادرة.");
    assert!(
        mentions(&ex).contains(&m("country:OMN", "عمان", 31, 35)),
        "{:?}",
        mentions(&ex)
    );
    let ex = run("وصل الوفد إلى عمان مساء أمس.");
    assert!(
        !mentions(&ex).iter().any(|x| x.1 == "عمان"),
        "{:?}",
        mentions(&ex)
    );
}

#[test]
fn classifiers_legal_forms_and_adjectives_at_the_edges_of_a_text_keep_spans_valid() {
    // The span changes of this file at the very start and end of a text, next to punctuation
    // and with nothing after them: every mention still cuts the text at its span (checked by
    // `run_both`), and nothing panics.
    for text in [
        "حركة",
        "حركة حماس",
        "حماس حركة",
        "مدينة",
        "ميلان الإيطالي",
        "الإيطالي ميلان",
        "Boeing Co",
        "Co Boeing",
        "Boeing and Co",
        "Boeing &",
        "Chevron Corp Inc Ltd PLC",
        "وحركة حماس، ومدينة سنغافورة؛ وصحيفة الشرق الأوسط.",
        "شركة أبل\nشركة",
        "Boeing\nCo",
        "عمان عمان عمان",
        "(حركة حماس)",
    ] {
        for ex in run_both(text) {
            for (id, mention, start, end) in mentions(&ex) {
                assert!(!id.is_empty() && start < end, "{text:?}: {mention}");
            }
        }
    }
    // A legal form across a line break still belongs to the name (wire copy is hard-wrapped).
    for ex in run_both("Shares of Boeing\nCo rose.") {
        assert!(
            mentions(&ex).contains(&m("agency:boeing", "Boeing\nCo", 10, 19)),
            "{:?}",
            mentions(&ex)
        );
    }
}

#[test]
fn the_preposition_ala_is_no_surname_of_a_man_named_ali() {
    // Normalizing folds ى into ي: "على" ("on") and the name علي read alike. A surname alone
    // must be written as the full name wrote it, and "على" is never one.
    let text = "وقال المدرب يوسف علي إن الفريق جاهز. وشدد على أهمية المباراة، وأضاف علي أن اللاعبين مستعدون.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        assert!(!ms.iter().any(|x| x.1 == "على"), "{ms:?}");
    }
    let ex = run(text);
    let ms = mentions(&ex);
    let ali = ms
        .iter()
        .find(|x| x.1 == "يوسف علي")
        .map(|x| x.0.clone())
        .expect("the coach");
    assert!(ms.contains(&m(&ali, "علي", 68, 71)), "{ms:?}");
}

/// Every state's government, armed forces and national teams are named by nisba or by the
/// state's name (gazetteers/bodies.tsv); the bare nouns are no mention, a proclitic stays
/// outside, the two Congos' shared nisba links to neither, and a country whose army the
/// curated agencies hold keeps that entity.
#[test]
fn a_states_government_army_and_national_team_are_agencies() {
    let text = "قالت الحكومة اليمنية إن حكومة اليمن والجيش العراقي والمنتخب السعودي وصلوا. \
                وأكد الجيش الجزائري أن الحكومة والجيش جاهزان، وقال الجيش الكونغوي ذلك.";
    for ex in run_both(text) {
        let got = mentions(&ex);
        // The n-th occurrence of s, as (id, s, char start, char end).
        let at = |id: &str, s: &str, n: usize| {
            let b = text.match_indices(s).nth(n).expect("in the text").0;
            let start = text[..b].chars().count();
            m(id, s, start, start + s.chars().count())
        };
        for want in [
            at("agency:yem-government", "الحكومة اليمنية", 0),
            at("agency:yem-government", "حكومة اليمن", 1),
            at("agency:irq-armed-forces", "الجيش العراقي", 0),
            at("agency:sau-national-team", "المنتخب السعودي", 0),
            at("agency:algerian-armed-forces", "الجيش الجزائري", 0),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
        for bare in ["الحكومة", "الجيش", "الجيش الكونغوي"] {
            assert!(
                !got.iter().any(|g| g.1 == bare),
                "{bare:?} is no mention: {got:?}"
            );
        }
        let english = run("The Iraqi army and the Yemeni government met the Saudi national team.");
        let got = mentions(&english);
        for want in [
            m("agency:irq-armed-forces", "Iraqi army", 4, 14),
            m("agency:yem-government", "Yemeni government", 23, 40),
            m("agency:sau-national-team", "Saudi national team", 49, 68),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
    }
}

/// A facility noun and the name after it are one LOCATION (the guidelines' named facilities),
/// where the tagger read the name as a person; a day and a month name a stadium too; a
/// gazetteer place after the noun keeps its own mention; the noun with the article, or
/// before a common word, is no name.
#[test]
fn a_facility_noun_and_the_name_after_it_are_one_place() {
    let text = "وصل إلى مطار رواسي شارل ديغول ثم إلى ملعب 4 جانفي، وقال إن مطار دمشق الدولي \
                والمطار الجديد وملعب كبير جاهزة. وقصف مطار أبو الضهور العسكري.";
    let ex = run(text);
    let got = mentions(&ex);
    let at = |s: &str| span_in(text, s, 0);
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    for want in [
        at("مطار رواسي شارل ديغول"),
        at("ملعب 4 جانفي"),
        at("مطار أبو الضهور العسكري"),
    ] {
        assert!(places.contains(&want), "{want:?} not in {places:?}");
    }
    assert!(got.contains(&m("location:damascus", "دمشق", at("دمشق").1, at("دمشق").2)));
    for not in [
        "شارل ديغول",
        "أبو الضهور",
        "المطار الجديد",
        "ملعب كبير",
        "مطار دمشق الدولي",
    ] {
        assert!(!got.iter().any(|g| g.1 == not), "{not:?}: {got:?}");
    }
}

/// A facility named after a person with a title is one LOCATION, flat: no person inside, and
/// the title holds no office ("جامعة الملك سعود" is one name too). The person may be the
/// tagger's, a pattern's or the gazetteer's (King Fahd), and the name may end in one of the
/// facility's adjectives.
#[test]
fn a_facility_named_after_a_titled_person_is_one_place() {
    let text = "وصل الوفد إلى مطار الملك خالد الدولي في الرياض. وأقيمت المباراة على استاد الملك \
                فهد الدولي. ونقل إلى مستشفى الملك فيصل التخصصي. ولعب على استاد الأمير فيصل بن فهد.";
    let ex = run(text);
    let at = |s: &str| span_in(text, s, 0);
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    for want in [
        at("مطار الملك خالد الدولي"),
        at("استاد الملك فهد الدولي"),
        at("مستشفى الملك فيصل التخصصي"),
        at("استاد الأمير فيصل بن فهد"),
    ] {
        assert!(places.contains(&want), "{want:?} not in {places:?}");
    }
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    assert!(people.is_empty(), "{people:?}");
    assert!(
        !ex.relations.iter().any(|r| r.predicate == "holds-position"),
        "{:?}",
        ex.relations
    );
    // Every party of a relation is an entity of the output.
    let ids: Vec<&str> = ex.entities.iter().map(|e| e.id.as_str()).collect();
    for r in &ex.relations {
        for id in [&r.subject, &r.object].into_iter().flatten() {
            assert!(ids.contains(&id.as_str()), "{id}");
        }
    }
}

/// A name the tagger ran into a place written with the preposition and the article ("in
/// Dammam") ends before it, and the place is the gazetteer's; a foreign name whose first
/// letter reads as a proclitic stays whole ("بالاك" is not ب + Aleg).
#[test]
fn a_name_ends_before_a_place_after_a_preposition() {
    let text = "ولعب الفريق على استاد الأمير محمد بن فهد بالدمام أمس. وسجل مايكل بالاك هدفين.";
    let ex = run(text);
    let at = |s: &str| span_in(text, s, 0);
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    for want in [at("استاد الأمير محمد بن فهد"), at("الدمام")] {
        assert!(places.contains(&want), "{want:?} not in {places:?}");
    }
    let got = mentions(&ex);
    assert!(got.iter().any(|g| g.0 == "location:dammam"), "{got:?}");
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    assert!(people.contains(&at("مايكل بالاك")), "{people:?}");
}

/// In a document about sport, a club's short name that is also a word ("ميلان": a tilt), which
/// the tagger reads as a person, is the club; outside sport it is left to the tagger.
#[test]
fn a_clubs_short_name_the_tagger_reads_as_a_person_is_the_club_in_sport() {
    let text = "تعادل ميلان سلبيا مع ضيفه في مباراة الدوري الإيطالي، وأهدر اللاعبون أهدافا كثيرة \
                في الشوط الثاني.";
    let ex = run(text);
    let (_, a, b) = span_in(text, "ميلان", 0);
    assert!(
        mentions(&ex).contains(&m("agency:ac-milan", "ميلان", a, b)),
        "{:?}",
        mentions(&ex)
    );
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    assert!(people.is_empty(), "{people:?}");
    let other = run("قال ميلان إن الحكومة ستعمل على خطة جديدة للنقل.");
    assert!(
        !mentions(&other).iter().any(|g| g.0 == "agency:ac-milan"),
        "{:?}",
        mentions(&other)
    );
}

/// A name the tagger read with its proclitic ("ورونالدو"، "لكريستيانو رونالدو") leaves it
/// out where the document writes the name without it: the same person, the span on the name.
#[test]
fn a_proclitic_is_left_out_where_the_document_writes_the_name_alone() {
    for (text, name, nth) in [
        (
            "سجل رونالدو هدفين في المباراة أمس. وتبادل ميسي ورونالدو التحية بعد اللقاء.",
            "رونالدو",
            1,
        ),
        (
            "قال كريستيانو رونالدو إنه سعيد. وأشاد المدرب بلاعبه لكريستيانو رونالدو بعد المباراة.",
            "كريستيانو رونالدو",
            1,
        ),
    ] {
        let ex = run(text);
        let got = mentions(&ex);
        let (t, a, b) = span_in(text, name, nth);
        let first = span_in(text, name, 0);
        let id = got
            .iter()
            .find(|g| (g.2, g.3) == (first.1, first.2))
            .map(|g| g.0.clone())
            .unwrap_or_else(|| panic!("{name}: {got:?}"));
        assert!(got.contains(&m(&id, &t, a, b)), "{text}: {got:?}");
        assert!(!got.iter().any(|g| g.1.starts_with(['و', 'ل'])), "{got:?}");
    }
}

/// A facility noun before a word no list knows, that is no common word's form by the tagger
/// model's word list, names the facility ("مطار أورلي"، "ملعب ويمبلي"); an indefinite
/// adjective ("ملعب تدريبي"، "مستشفى ميداني": news writes "التدريبي") or a word with an
/// attached pronoun ("ملعب مباراته") does not. Without the tagger (no word list) the rule is
/// off.
#[test]
fn a_facility_noun_before_an_unknown_word_names_the_facility() {
    let text = "هبطت الطائرة في مطار أورلي قرب باريس، ولعب الفريق على ملعب ويمبلي ثم في ملعب \
                تدريبي جديد، وأقيم مستشفى ميداني قرب الحدود، وعاد اللاعب إلى ملعب مباراته.";
    let [ex, plain]: [Extraction; 2] = run_both(text).try_into().expect("two extractions");
    let at = |s: &str| span_in(text, s, 0);
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    for want in [at("مطار أورلي"), at("ملعب ويمبلي")] {
        assert!(places.contains(&want), "{want:?} not in {places:?}");
    }
    let got = mentions(&ex);
    for not in ["تدريبي", "ميداني", "مباراته"] {
        assert!(!got.iter().any(|g| g.1.contains(not)), "{not}: {got:?}");
    }
    assert!(
        !plain
            .entities
            .iter()
            .flat_map(|e| &e.mentions)
            .any(|m| m.text.contains("أورلي")),
        "{:?}",
        plain.entities
    );
}

/// A preposition glued to an organisation's head noun stays out of the name the tagger
/// found ("بجامعة القاهرة" -> "جامعة القاهرة"). (The head noun alone after one, "لحزب", is a
/// bare noun: `tagger::tests::a_head_noun_or_a_title_alone_is_a_bare_noun`.)
#[test]
fn a_preposition_before_an_organisations_head_noun_is_outside_the_name() {
    let text = "وأظهرت دراسة أجراها باحثون بجامعة القاهرة أن النوم مهم.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "جامعة القاهرة", 0);
    let got = mentions(&ex);
    assert!(
        got.iter()
            .any(|g| (g.1.as_str(), g.2, g.3) == (t.as_str(), a, b)),
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.1.starts_with('ب')), "{got:?}");
}

/// "جامعة" + a gazetteer town is one organisation, with and without the tagger, though
/// "جامعة" is also a town's ambiguous name (Djamaa, Algeria): no mention of the town inside.
#[test]
fn a_university_named_by_its_town_is_one_organisation() {
    let text = "وقال باحثون في جامعة القاهرة إن الدراسة مهمة.";
    let (t, a, b) = span_in(text, "جامعة القاهرة", 0);
    for ex in run_both(text) {
        let orgs = spans_of_type(&ex, khabar::EntityType::Agency);
        assert!(orgs.contains(&(t.clone(), a, b)), "{orgs:?}");
        assert!(
            !mentions(&ex).iter().any(|g| g.0 == "location:cairo"),
            "{:?}",
            mentions(&ex)
        );
    }
}

/// A settlement noun in the construct state names the place after it, the noun outside the
/// span (one word, or two after بئر، تل ...); not an adjective agreeing with it, a noun after
/// a number or "أول", a word after لل or a given name.
#[test]
fn a_settlement_noun_names_the_place_after_it() {
    let text = "خرج المعطلون من معتمدية بئر الحفي وقصفت الطائرات مديرية برط ومخيم اليرموك. \
                وزار قرية صغيرة ومخيما للنازحين، وهي أول محافظة اكتوت بالنار من بين 63 جزيرة تتألف \
                منها البلاد.";
    let ex = run(text);
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    let at = |s: &str| span_in(text, s, 0);
    for want in [at("بئر الحفي"), at("برط"), at("اليرموك")] {
        assert!(places.contains(&want), "{want:?} not in {places:?}");
    }
    let got = mentions(&ex);
    for not in [
        "صغيرة",
        "للنازحين",
        "اكتوت",
        "تتألف",
        "معتمدية بئر الحفي",
        "الحفي",
    ] {
        assert!(!got.iter().any(|g| g.1 == not), "{not:?}: {got:?}");
    }
}

/// A place the tagger finds under another spelling of a country's name (a long vowel written
/// or left out) is that country, its span leaving the proclitic out.
#[test]
fn a_country_under_another_spelling_is_the_country() {
    let text = "يشمل الرحلات من والى فرنسا والمانيا وبلجيكيا وايطاليا والنمسا وهولندا. وسافر الوفد \
                إلى قرغيزستان أمس.";
    let ex = run(text);
    let got = mentions(&ex);
    for (id, name) in [("country:BEL", "بلجيكيا"), ("country:KGZ", "قرغيزستان")] {
        let (_, a, b) = span_in(text, name, 0);
        assert!(got.contains(&m(id, name, a, b)), "{id} {name}: {got:?}");
    }
}

/// A one-word title that is also a given name (رائد, "major") opens the name the tagger found
/// after another title: the person holds that title's office under his whole name.
#[test]
fn a_title_that_is_also_a_given_name_opens_the_name_after_a_title() {
    let text = "وقال وزير التجارة والاقتصاد رائد خوري خلال مشاركته في مؤتمر إن العمل مستمر.";
    let ex = run(text);
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    assert_eq!(people, [span_in(text, "رائد خوري", 0)]);
    let id = ex
        .entities
        .iter()
        .find(|e| e.entity_type == khabar::EntityType::Person)
        .map(|e| e.id.clone())
        .expect("the person");
    assert_eq!(positions(&ex), [(Some(id), None)]);
}

/// An ambiguous form between quotation marks is a name: the outlet among its readings
/// ("العربية", Al Arabiya or the adjective "Arabic"); without the marks it stays a word.
#[test]
fn a_quoted_ambiguous_form_is_the_outlet() {
    let text = "وأشار الخبير سامي العلمي في مقابلة مع \"العربية\" إلى تحرك الدول. وتحدث باللغة \
                العربية في المؤتمر.";
    let ex = run(text);
    let got = mentions(&ex);
    let (_, a, b) = span_in(text, "العربية", 0);
    assert!(
        got.contains(&m("agency:al-arabiya", "العربية", a, b)),
        "{got:?}"
    );
    let (_, second, _) = span_in(text, "العربية", 1);
    assert!(got.iter().all(|g| g.2 != second), "{got:?}");
}

/// Reuters copy of the 1980s and 1990s signs off "REUTER": the agency, matched in capitals
/// only; "Reuter" in a name is a surname.
#[test]
fn a_reuter_sign_off_is_the_agency_and_the_surname_is_not() {
    let text = "Daimler chief Edzard Reuter said sales rose.\n REUTER";
    let ex = run(text);
    let got = mentions(&ex);
    assert!(
        got.contains(&m("agency:reuters", "REUTER", 46, 52)),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|g| g.0 == "agency:reuters" && g.2 < 46),
        "{got:?}"
    );
}

/// In English, a capital before a verb only a party is the subject of (perhaps after an
/// auxiliary) stands for its country; after "in" it is the place, and before other verbs it
/// stays a place.
#[test]
fn an_english_capital_as_the_subject_of_a_partys_verb_stands_for_its_country() {
    let text = "Under the pact, Moscow has agreed to buy grain. Officials say Pretoria insists on \
                conditions. He lives in Moscow, which has grown. The talks in Tokyo ended.";
    let ex = run(text);
    let readings = stands_for_readings(&ex);
    let at = |s: &str, n: usize| text.match_indices(s).nth(n).expect("in the text").0;
    let want = |s: &str, n: usize, sf: Option<&str>| {
        (
            s.to_string(),
            at(s, n),
            at(s, n) + s.len(),
            sf.map(String::from),
        )
    };
    for w in [
        want("Moscow", 0, Some("country:RUS")),
        want("Pretoria", 0, Some("country:ZAF")),
        want("Moscow", 1, None),
        want("Tokyo", 0, None),
    ] {
        assert!(readings.contains(&w), "{w:?} not in {readings:?}");
    }
}

/// A head noun with the article and an adjective news names institutions with, perhaps a
/// nationality adjective and a genitive with ل, is one AGENCY (the guidelines' named
/// organisations); the head and adjective alone after that name refer back to it; another
/// adjective, an adjective that names only with more words after it, one that usually refers
/// back to the United Nations, or a phrase inside an event's name is no organisation; the
/// genitive does not take the noun of the next phrase ("القوى").
#[test]
fn a_definite_head_and_a_name_forming_adjective_name_an_organisation() {
    let text = "قررت الهيئة الوطنية للاتصالات رفع التعريفات، وقالت الهيئة الوطنية إنها \
                راسلت الاتحاد الدولي للسباحة والصندوق القومي الفلسطيني. ونظرت المحكمة العليا \
                في الطعن بعد أن رفضته المحكمة الإسرائيلية واللجنة المختصة، ورحبت المنظمة الدولية \
                بذلك. وتتواصل بطولة المجموعة الوطنية الأولى. وانتقدت النقابة العامة للتعليم \
                الثانوي القوى السياسية وراسلت المكتب الجهوي.";
    // `run_both` gives the run with the tagger, then the one without.
    for (ex, tagger) in run_both(text).iter().zip([true, false]) {
        described_bodies(text, ex, tagger);
    }
}

fn described_bodies(text: &str, ex: &Extraction, tagger: bool) {
    let at = |s: &str, nth: usize| span_in(text, s, nth);
    let agencies = mentions_of_type(ex, khabar::EntityType::Agency);
    let find = |want: &(String, usize, usize)| id_at_span(&agencies, want);
    for want in [
        at("الهيئة الوطنية للاتصالات", 0),
        at("الاتحاد الدولي للسباحة", 0),
        at("الصندوق القومي الفلسطيني", 0),
        at("المحكمة العليا", 0),
        at("النقابة العامة للتعليم الثانوي", 0),
    ] {
        assert!(
            find(&want).is_some(),
            "{want:?} (tagger {tagger}) not in {agencies:?}"
        );
    }
    // The short form is the same organisation.
    let full = find(&at("الهيئة الوطنية للاتصالات", 0));
    let short = find(&at("الهيئة الوطنية", 1));
    assert!(short.is_some() && short == full, "{agencies:?}");
    let mut not = vec![
        "المحكمة الإسرائيلية",
        "اللجنة المختصة",
        "المجموعة الوطنية",
        "المجموعة الوطنية الأولى",
        "المكتب الجهوي",
    ];
    // The tagger, trained on ANERcorp, reads "المنظمة الدولية" as an organisation.
    if !tagger {
        not.push("المنظمة الدولية");
    }
    for not in not {
        assert!(
            !agencies.iter().any(|a| a.0 == not),
            "{not:?} (tagger {tagger}): {agencies:?}"
        );
    }
}

/// A definite head, a nationality adjective and a genitive with ل name an organisation
/// ("الاتحاد الأمريكي للحريات المدنية"), which speaks; a country's name shaped like its
/// adjective there is the adjective (no mention of Saudi Arabia in "الشركة السعودية
/// للكهرباء"). Without the genitive, with a nisba that is no nationality, or where the ل
/// after a verbal noun's subject is that noun's object, there is no organisation.
#[test]
fn a_nationality_adjective_and_a_genitive_name_an_organisation() {
    let text = "وقال الاتحاد الأمريكي للحريات المدنية إن القرار خطير. وأعلنت الشركة السعودية \
                للكهرباء أن الانقطاع انتهى. وقال الاتحاد الأمريكي إن الوضع هادئ. وقالت اللجنة \
                الفنية للمشروع إن العمل بدأ. ورحب بدعم الاتحاد الأمريكي للخطة.";
    for (ex, tagger) in run_both(text).iter().zip([true, false]) {
        let at = |s: &str, nth: usize| span_in(text, s, nth);
        let agencies = mentions_of_type(ex, khabar::EntityType::Agency);
        let id_at = |want: &(String, usize, usize)| id_at_span(&agencies, want);
        let union = id_at(&at("الاتحاد الأمريكي للحريات المدنية", 0));
        let company = id_at(&at("الشركة السعودية للكهرباء", 0));
        assert!(
            union.is_some() && company.is_some(),
            "tagger {tagger}: {agencies:?}"
        );
        let countries = mentions_of_type(ex, khabar::EntityType::Country);
        assert!(countries.is_empty(), "tagger {tagger}: {countries:?}");
        for not in [
            "الاتحاد الأمريكي",
            "اللجنة الفنية للمشروع",
            "الاتحاد الأمريكي للخطة",
        ] {
            assert!(
                !agencies.iter().any(|a| a.0 == not),
                "{not:?} (tagger {tagger}): {agencies:?}"
            );
        }
        let said = said_by(ex);
        let first = at("وقال الاتحاد الأمريكي للحريات", 0).1;
        let second = at("وأعلنت الشركة", 0).1;
        assert!(said.contains(&(union, first)), "tagger {tagger}: {said:?}");
        assert!(
            said.contains(&(company, second)),
            "tagger {tagger}: {said:?}"
        );
    }
}

/// A noun in the construct between a title and an organisation the tagger found names the
/// office in it ("الرئيس التنفيذي لشركة كومكاست"، "رئيس فريق برونكوس"), as before a
/// gazetteer body.
#[test]
fn a_construct_noun_between_a_title_and_a_tagged_organisation_holds_the_office_there() {
    let text = "وقال مايكل كافاناغ، المدير المالي لشركة كومكاست، إن الحقوق مهمة.";
    let ex = run(text);
    let agencies = mentions_of_type(&ex, khabar::EntityType::Agency);
    let people = mentions_of_type(&ex, khabar::EntityType::Person);
    let company = id_at_span(&agencies, &span_in(text, "كومكاست", 0)).expect("the company");
    let person = id_at_span(&people, &span_in(text, "مايكل كافاناغ", 0)).expect("the person");
    let got = positions(&ex);
    assert!(got.contains(&p(&person, Some(&company))), "{got:?}");
}

/// An acronym in Arabic letter names written with stops ("بي.دبليو.سي") is one name, in one
/// sentence, whichever of its letters the tagger read, and never a person's; the gazetteer's
/// name written with spaces ("سي إن إن") links it.
#[test]
fn an_arabic_acronym_written_with_stops_is_one_name() {
    let text = "وقالت بي.دبليو.سي، في بيان، إنها متفائلة. وأفادت شبكة سي.إن.إن الأمريكية بأن \
                الرئيس غادر.";
    let ex = run(text);
    let agencies = mentions_of_type(&ex, khabar::EntityType::Agency);
    let pwc = span_in(text, "بي.دبليو.سي", 0);
    let cnn = span_in(text, "سي.إن.إن", 0);
    let pwc_id = id_at_span(&agencies, &pwc).expect("PwC");
    assert_eq!(id_at_span(&agencies, &cnn).as_deref(), Some("agency:cnn"));
    for part in ["بي", "سي", "دبليو"] {
        assert!(
            !agencies.iter().any(|a| a.0 == part),
            "{part}: {agencies:?}"
        );
    }
    let said = said_by(&ex);
    assert!(said.contains(&(Some(pwc_id), 0)), "{said:?}");
    // The tagger reads it as a person here; an acronym names no person.
    let text = "ونقلت سي.إن.إن عن الفالح قوله إن الطرح قريب.";
    let agencies = mentions_of_type(&run(text), khabar::EntityType::Agency);
    let cnn = span_in(text, "سي.إن.إن", 0);
    assert_eq!(id_at_span(&agencies, &cnn).as_deref(), Some("agency:cnn"));
}

/// A dropped subject agrees with its verb: a feminine verb after a man's statement ("قال
/// بوتين … وأضافت أن") is someone the text does not name, and so is a masculine one after a
/// woman's; the same gender goes on with the speaker, whom a participle may have given it
/// ("قائلة").
#[test]
fn a_dropped_subject_of_the_other_gender_is_not_the_discourses_speaker() {
    let said = |text: &str| {
        said_by(&run(text))
            .into_iter()
            .map(|(who, _)| who.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let putin = "person:vladimir-putin".to_string();
    let may = "person:theresa-may".to_string();
    for (text, want) in [
        (
            "وقال بوتين إن روسيا مستعدة للحوار. وأضافت أن الجزائر شريك مهم.",
            vec![putin.clone()],
        ),
        (
            "وقال بوتين إن روسيا مستعدة للحوار. وأضاف أن الجزائر شريك مهم.",
            vec![putin.clone(), putin.clone()],
        ),
        (
            "وقالت تيريزا ماي إن بريطانيا مستعدة للحوار. وأضاف أن الجزائر شريك مهم.",
            vec![may.clone()],
        ),
        (
            "ردت تيريزا ماي قائلة إن بريطانيا مستعدة للحوار. وأضافت أن الجزائر شريك مهم.",
            vec![may.clone(), may.clone()],
        ),
    ] {
        assert_eq!(said(text), want, "{text}");
    }
}

/// An organisation named by a head noun and its genitive takes in the words the gazetteer
/// reads only as an adjective or an ambiguous form ("المالية المصرية": "Egyptian financial",
/// or the Egyptian finance ministry), and stops before و and another head ("حزب السعادة
/// والحزب الديمقراطي": two parties).
#[test]
fn a_bodys_genitive_runs_over_adjectives_and_stops_at_another_head() {
    let text = "وقالت هيئة الرقابة المالية المصرية إن السوق مستقرة. وقال حزب السعادة والحزب \
                الديمقراطي إن الانتخابات مزورة.";
    for (ex, tagger) in run_both(text).iter().zip([true, false]) {
        let agencies = mentions_of_type(ex, khabar::EntityType::Agency);
        for want in ["هيئة الرقابة المالية المصرية", "حزب السعادة"]
        {
            let at = span_in(text, want, 0);
            assert!(
                id_at_span(&agencies, &at).is_some(),
                "{want:?} (tagger {tagger}): {agencies:?}"
            );
        }
        for not in [
            "هيئة الرقابة",
            "المالية المصرية",
            "حزب السعادة والحزب الديمقراطي",
        ] {
            assert!(
                !agencies.iter().any(|a| a.0 == not),
                "{not:?} (tagger {tagger}): {agencies:?}"
            );
        }
    }
}

/// السعودية right after a definite feminine noun it agrees with is the adjective "Saudi", no
/// mention of the country ("الشركة السعودية"، "السلطات السعودية"; nor is the "إنها" after it),
/// and a subject made of a
/// plural in ات and such an adjective is unnamed: the discourse's person does not say what
/// the authorities said. Where the noun does not agree ("الوفد السعودية") or is indefinite
/// ("عاصمة السعودية") the name stands; the adjective still gives an office its country; the
/// bodies named with it are the gazetteer's ("الحكومة السعودية").
#[test]
fn a_countrys_name_after_an_agreeing_noun_is_its_adjective() {
    let text = "وقال بوتين إن روسيا مستعدة. وقالت السلطات السعودية إن الوضع هادئ. وافتتحت \
                الشركة السعودية مكتبا. وزار الوفد السعودية أمس، ثم زار عاصمة السعودية. وقالت \
                وزيرة الثقافة السعودية هيفاء المنصور إن المهرجان ناجح. وأعلنت الحكومة السعودية \
                خطة جديدة. وقالت القوات السعودية إنها اعترضت صاروخا.";
    for (ex, tagger) in run_both(text).iter().zip([true, false]) {
        let got = mentions(ex);
        let saudi: Vec<_> = got.iter().filter(|m| m.0 == "country:SAU").collect();
        let want = [
            m(
                "country:SAU",
                "السعودية",
                span_in(text, "السعودية", 2).1,
                span_in(text, "السعودية", 2).2,
            ),
            m(
                "country:SAU",
                "السعودية",
                span_in(text, "السعودية", 3).1,
                span_in(text, "السعودية", 3).2,
            ),
        ];
        assert_eq!(saudi, want.iter().collect::<Vec<_>>(), "tagger {tagger}");
        let government = span_in(text, "الحكومة السعودية", 0);
        assert!(
            got.contains(&m(
                "agency:sau-government",
                &government.0,
                government.1,
                government.2
            )),
            "tagger {tagger}: {got:?}"
        );
        let said = said_by(ex);
        let putin = Some("person:vladimir-putin".to_string());
        assert_eq!(
            said.iter().filter(|s| s.0 == putin).count(),
            1,
            "tagger {tagger}: {said:?}"
        );
        // (The minister's name is the tagger's.)
        if !tagger {
            continue;
        }
        let minister = positions(ex);
        assert!(
            minister
                .iter()
                .any(|p| p.1.as_deref() == Some("country:SAU")),
            "tagger {tagger}: {minister:?}"
        );
    }
}

/// A place the tagger finds that the gazetteer names as a country with the article
/// ("الأوروغواي") is that country when written without it ("أوروغواي"), and the other way
/// round ("الباراغواي" for "باراغواي").
#[test]
fn a_tagged_place_named_as_a_country_with_or_without_the_article_is_that_country() {
    let text = "وفاز منتخب أوروغواي على البرتغال، وتعادلت الباراغواي مع البيرو.";
    let ex = run(text);
    let got = mentions(&ex);
    let uruguay = span_in(text, "أوروغواي", 0);
    let paraguay = span_in(text, "الباراغواي", 0);
    let peru = span_in(text, "البيرو", 0);
    for (id, (t, s, e)) in [
        ("country:URY", uruguay),
        ("country:PRY", paraguay),
        ("country:PER", peru),
    ] {
        assert!(got.contains(&m(id, &t, s, e)), "{id}: {got:?}");
    }
}

/// One town's Arabic name that is also a word ("المدينة" the city and Medina, "دوما" always and
/// Douma) names the town only in a document that names its country: the tagger's place over
/// it in a document about another country is no mention, and after a place noun ("ولاية
/// قبلي") it is a place of that name, not linked to the gazetteer's town.
#[test]
fn a_towns_name_that_is_also_a_word_needs_its_country_named() {
    // Yemen named (Hodeidah), Saudi Arabia not: "the city".
    let text = "ويبعد مطار الحديدة الواقع جنوب المدينة، أقل من 10 كيلومترات عن الميناء.";
    let got = mentions(&run(text));
    let hodeidah = span_in(text, "الحديدة", 0);
    assert_eq!(
        got,
        vec![m(
            "location:al-hudaydah",
            &hodeidah.0,
            hodeidah.1,
            hodeidah.2
        )],
        "{got:?}"
    );
    // Syria named through its capital: Douma.
    let text = "وأعلن المرصد أن الطائرات قصفت مواقع التنظيم في دوما بريف دمشق.";
    let got = mentions(&run(text));
    let douma = span_in(text, "دوما", 0);
    assert!(
        got.contains(&m("location:douma", &douma.0, douma.1, douma.2)),
        "{got:?}"
    );
    // No country named: no mention.
    let text = "وقال الوزير إن الطائرات قصفت مواقع التنظيم في دوما.";
    let got = mentions(&run(text));
    assert!(!got.iter().any(|g| g.1 == "دوما"), "{got:?}");
    // After a place noun: a place, linked only where its country is named.
    let text = "وأغلق المحتجون الطريق الرابطة بين مدينتي قبلي ودوز.";
    let places = mentions_of_type(&run(text), khabar::EntityType::Location);
    let kebili = span_in(text, "قبلي", 0);
    let id = id_at_span(&places, &kebili).expect("قبلي is a place");
    assert!(id != "location:kebili", "{id}");
    let text = "وأغلق المحتجون الطريق الرابطة بين مدينتي قبلي ودوز في جنوب تونس.";
    let got = mentions(&run(text));
    let kebili = span_in(text, "قبلي", 0);
    assert!(
        got.contains(&m("location:kebili", &kebili.0, kebili.1, kebili.2)),
        "{got:?}"
    );
}

/// Mecca is "مكة" as well as "مكة المكرمة", and the epithet stays inside the longer name
/// when the tagger reads only "مكة" there.
#[test]
fn mecca_by_its_short_name_and_with_its_epithet() {
    let text = "ووصل الحجاج إلى مكة المكرمة أمس، وتشهد مكة زحاما كبيرا.";
    let got = mentions(&run(text));
    let long = span_in(text, "مكة المكرمة", 0);
    let short = span_in(text, "مكة", 1);
    assert_eq!(
        got,
        vec![
            m("location:mecca", &long.0, long.1, long.2),
            m("location:mecca", &short.0, short.1, short.2),
        ],
        "{got:?}"
    );
}

/// A currency the tagger reads as a place is no mention ("اليورو"), beside a place that is one.
#[test]
fn a_currency_is_no_place() {
    let text = "ارتفع سعر اليورو أمام الدولار في أسواق لندن.";
    let got = mentions(&run(text));
    let london = span_in(text, "لندن", 0);
    assert_eq!(
        got,
        vec![m("location:london", &london.0, london.1, london.2)],
        "{got:?}"
    );
}

/// A function word at the end of a name the tagger ran on ("ريتشارد أن") is nobody's surname:
/// the later "أن" and "إن" of the text are no mentions of that person.
#[test]
fn a_function_word_ending_a_tagged_name_is_no_surname() {
    let text = "وأبلغ رئيس البرلمان السفيرة إليزابيث ريتشارد أن \"الحكومة ستدرس الطلب قريبا\". \
                وقال أن الأمر مهم، وأكد إن القرار نهائي.";
    let ex = run(text);
    let got = mentions(&ex);
    for word in ["أن", "إن"] {
        assert!(!got.iter().any(|g| g.1 == word), "{word:?}: {got:?}");
    }
}

/// English news names a body again by its capitalized head after "the": "the Commission"
/// after "the EC Commission", "the Council" after "the Security Council". A head two bodies of
/// the document share ("Bank") is nobody's, and "the commission" in lower case is a common
/// noun. "EC" is the European Community when the tagger reads it as an organisation.
#[test]
fn a_body_named_again_by_its_head_word_is_the_same_body() {
    let text = "The EC Commission has proposed cuts in farm prices. In addition, the Commission \
                proposes new levels for cereals. The Security Council met on Friday and the \
                Council voted. The European Central Bank and the Bank of England kept rates; the \
                Bank said. EC ministers meet on Monday, the commission said.";
    let ex = run(text);
    let got = mentions(&ex);
    let at = |s: &str, nth: usize| {
        let (_, a, b) = span_in(text, s, nth);
        (a, b)
    };
    for (id, s, nth) in [
        ("agency:european-commission", "EC Commission", 0),
        ("agency:european-commission", "Commission", 1),
        ("agency:un-security-council", "Security Council", 0),
        ("agency:un-security-council", "Council", 1),
    ] {
        let (a, b) = at(s, nth);
        assert!(got.contains(&m(id, s, a, b)), "{id} {s:?} {a}: {got:?}");
    }
    let (a, b) = at("Bank", 2);
    assert!(!got.iter().any(|g| g.2 == a && g.3 == b), "{got:?}");
    let (a, _) = at("commission", 0);
    assert!(!got.iter().any(|g| g.2 == a), "{got:?}");
    let (a, b) = at("EC", 1);
    assert!(
        got.contains(&m("agency:european-community", "EC", a, b)),
        "{got:?}"
    );
}

/// States of the news archives that no longer exist are countries under their ISO codes of
/// the time; West Germany is today's Germany, and "East German" is not Germany's demonym.
#[test]
fn former_states_are_countries() {
    let text = "The USSR and West Germany signed a deal, East Germany agreed. \
                وانهار الاتحاد السوفياتي عام 1991.";
    let ex = run(text);
    let got = mentions(&ex);
    for want in [
        m("country:SUN", "USSR", 4, 8),
        m("country:DEU", "West Germany", 13, 25),
        m("country:DDR", "East Germany", 41, 53),
        m("country:SUN", "الاتحاد السوفياتي", 69, 86),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
}

/// A name the tagger ends with a company's legal form is a company, whatever type the tagger
/// read ("Walter Huntley Ltd" looks like a person's name).
#[test]
fn a_tagged_name_with_a_legal_form_is_a_company() {
    let text =
        "Salomon SA said it would buy the unit. Kessler Brothers Inc and Walter Huntley Ltd \
                also bid.";
    let ex = run(text);
    let agencies = spans_of_type(&ex, khabar::EntityType::Agency);
    for want in [
        ("Salomon SA".to_string(), 0, 10),
        ("Walter Huntley Ltd".to_string(), 64, 82),
    ] {
        assert!(agencies.contains(&want), "{want:?} not in {agencies:?}");
    }
    assert!(
        !ex.entities
            .iter()
            .any(|e| e.entity_type == khabar::EntityType::Person),
        "{:?}",
        mentions(&ex)
    );
}

/// A club noun and the town after it are one club (the Maghreb's clubs): the town inside is
/// no place mention of its own. Nouns that are also common words ("نجم" a star) name a club
/// only before an Arab town, in a document about sport: "نجم برشلونة" is Barcelona's star.
#[test]
fn a_club_noun_and_its_town_are_one_club() {
    let text = "وفاز نجم المتلوي على شبيبة القيروان في الجولة الأخيرة من الدوري، وتعادل بعث بني \
                خيار مع نادي حمام الأنف في المباراة. وقال نجم برشلونة إن الفريق جاهز، وزار الوزير \
                جمعية الحمامات.";
    let ex = run(text);
    let at = |s: &str| span_in(text, s, 0);
    let agencies = spans_of_type(&ex, khabar::EntityType::Agency);
    for want in [
        at("شبيبة القيروان"),
        at("بعث بني خيار"),
        at("نادي حمام الأنف"),
        at("جمعية الحمامات"),
    ] {
        assert!(agencies.contains(&want), "{want:?} not in {agencies:?}");
    }
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    for town in ["القيروان", "الحمامات", "حمام الأنف"] {
        assert!(!places.iter().any(|p| p.0 == town), "{town}: {places:?}");
    }
    assert!(
        !agencies.iter().any(|a| a.0.starts_with("نجم برشلونة")),
        "{agencies:?}"
    );
}

/// A body named without its country is a mention in English only written with capitals:
/// "the central bank" and "the labour ministry" in lower case describe, and so does "Central
/// bank" opening a sentence; "the Central Bank of Ireland" is a name.
#[test]
fn an_english_body_in_lower_case_is_no_mention() {
    let text = "The central bank said inflation rose, the labour ministry said. Central bank \
                governor Mario Draghi spoke. The Central Bank of Ireland agreed.";
    let ex = run(text);
    let got = mentions(&ex);
    for not in ["central bank", "labour ministry", "Central bank"] {
        assert!(!got.iter().any(|g| g.1 == not), "{not:?}: {got:?}");
    }
    let (_, a, b) = span_in(text, "Central Bank of Ireland", 0);
    assert!(
        got.iter()
            .any(|g| g.1 == "Central Bank of Ireland" && (g.2, g.3) == (a, b)),
        "{got:?}"
    );
}

/// An English name ending with the head of an organisation's name is no person's, and one
/// ending with the head of a thing's name (an index, a prize) is no entity: after a title
/// ("General Consumer Price Index") as from the tagger.
#[test]
fn an_english_name_ending_with_a_body_or_thing_head_is_no_person() {
    let text = "General Consumer Price Index rose, said Kessler Monetary Fund and John Smith. \
                The Nobel Peace Prize went to Maria Lopez.";
    let ex = run(text);
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    for not in [
        "Consumer Price Index",
        "Index",
        "Kessler Monetary Fund",
        "Nobel Peace Prize",
    ] {
        assert!(!people.iter().any(|p| p.0 == not), "{not:?}: {people:?}");
    }
    for want in ["John Smith", "Maria Lopez"] {
        assert!(
            people.contains(&span_in(text, want, 0)),
            "{want}: {people:?}"
        );
    }
}

/// A country's name written as a currency's prefix ("US$", "HK$") is no mention of it.
#[test]
fn a_currency_prefix_is_no_country() {
    let text = "The company earned US$ 5 million and HK$ 3 million in the US this year.";
    let ex = run(text);
    let got = mentions(&ex);
    assert_eq!(
        got.iter()
            .filter(|g| g.0 == "country:USA")
            .map(|g| (g.2, g.3))
            .collect::<Vec<_>>(),
        vec![(58, 60)],
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.1 == "HK"), "{got:?}");
}

/// A tagged English name leaves a leading article out: "The Commerce Department" at the start
/// of a sentence and "the Commerce Department" later are one body with one id.
#[test]
fn a_tagged_english_name_leaves_its_article_out() {
    let text = "The Commerce Department said on Tuesday that orders rose. Economists \
                had expected the Commerce Department to report a fall.";
    let ex = run(text);
    let agencies = mentions_of_type(&ex, khabar::EntityType::Agency);
    let spans = spans_of_type(&ex, khabar::EntityType::Agency);
    assert_eq!(
        spans,
        [
            span_in(text, "Commerce Department", 0),
            span_in(text, "Commerce Department", 1)
        ],
        "{agencies:?}"
    );
    assert_eq!(agencies[0].3, agencies[1].3, "one body, one id");
}

/// An organisation's gazetteer name inside a longer tagged organisation with an adjective of
/// another country is another organisation of that name: "Indonesian Democratic Party" is not
/// the US party, which "the Democratic Party in Washington" still is.
#[test]
fn another_countrys_party_of_the_same_name_is_not_the_gazetteers() {
    let text = "Megawati Sukarnoputri, leader of the Indonesian Democratic Party, said on \
                Tuesday the army had attacked the party office. The Democratic Party in \
                Washington said nothing.";
    let ex = run(text);
    let agencies = mentions_of_type(&ex, khabar::EntityType::Agency);
    let spans = spans_of_type(&ex, khabar::EntityType::Agency);
    assert_eq!(
        spans,
        [
            span_in(text, "Indonesian Democratic Party", 0),
            span_in(text, "Democratic Party", 1)
        ],
        "{agencies:?}"
    );
    assert_ne!(agencies[0].3, "agency:us-democratic-party", "{agencies:?}");
    assert_eq!(agencies[1].3, "agency:us-democratic-party", "{agencies:?}");
}

/// Clubs of the Italian and Tunisian top divisions under the names news uses; a club named
/// after its city only with "نادي" or the nationality adjective ("تورينو" alone stays Turin),
/// and "إنتر ميامي" is not Inter Milan.
#[test]
fn league_clubs_are_linked_by_the_names_news_uses() {
    let text = "تعادل فيورنتينا مع أودينيزي، وفاز نادي تورينو في تورينو. وتغلب نجم المتلوي \
                على قوافل قفصة. وانتقل اللاعب من إنتر ميامي إلى إنتر.";
    for ex in run_both(text) {
        let got = mentions_of_type(&ex, khabar::EntityType::Agency);
        let want = [
            ("فيورنتينا", "agency:fiorentina"),
            ("أودينيزي", "agency:udinese"),
            ("نادي تورينو", "agency:torino-fc"),
            ("نجم المتلوي", "agency:es-metlaoui"),
            ("قوافل قفصة", "agency:egs-gafsa"),
            ("إنتر ميامي", "agency:inter-miami"),
        ];
        for (name, id) in want {
            let (t, a, b) = span_in(text, name, 0);
            assert!(
                got.contains(&(t, a, b, id.to_string())),
                "{name} -> {id}: {got:?}"
            );
        }
        let (t, a, b) = span_in(text, "إنتر", 1);
        assert!(
            got.contains(&(t, a, b, "agency:inter-milan".to_string())),
            "إنتر alone: {got:?}"
        );
        let places = mentions_of_type(&ex, khabar::EntityType::Location);
        let (t, a, b) = span_in(text, "تورينو", 1);
        assert!(
            places.contains(&(t, a, b, "location:turin".to_string())),
            "the city: {places:?}"
        );
    }
}

/// A word the tagger reads alone as a place more often than as a person is no surname: after
/// "Lebed Chechnya" (two names run together), every later "Chechnya" stays the place.
#[test]
fn a_word_read_as_a_place_is_no_surname() {
    let text = "Yeltsin endorses Lebed Chechnya peace plan.\n\nFighting in Chechnya went on \
                for a week. Rebels in Chechnya said the plan was dead. Russian troops left \
                Chechnya on Monday.";
    let ex = run(text);
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    for nth in 1..4 {
        let s = span_in(text, "Chechnya", nth);
        assert!(!people.contains(&s), "{nth}: {people:?}");
        assert!(places.contains(&s), "{nth}: {places:?}");
    }
}

/// An English rank before capitalized words names a person only when they look like a name:
/// not in a headline in capitals, not with an organisation's head among them ("Major League
/// Baseball"); and a tagged person's span leaves a leading title out.
#[test]
fn a_rank_names_a_person_only_before_a_name() {
    let text = "BASEBALL - MAJOR LEAGUE STANDINGS AFTER THURSDAY'S GAMES.\n\nMajor League \
                Baseball said on Friday the games would go on.\n\nNATO spokesman \
                Lieutenant-Colonel Max Marriner said in Sarajevo the troops would stay.";
    let ex = run(text);
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    assert_eq!(people, [span_in(text, "Max Marriner", 0)], "{people:?}");
}

/// An English article is outside a gazetteer name unless the canonical name starts with it.
#[test]
fn an_english_article_is_outside_a_gazetteer_name() {
    let text = "Tankers left the Gulf as talks on the West Bank opened in The Hague.";
    let ex = run(text);
    let places = spans_of_type(&ex, khabar::EntityType::Location);
    for name in ["Gulf", "West Bank", "The Hague"] {
        let s = span_in(text, name, 0);
        assert!(places.contains(&s), "{name}: {places:?}");
    }
    assert!(
        !places.iter().any(|(t, _, _)| t.starts_with("the ")),
        "{places:?}"
    );
}

/// An indefinite event head names an event by a gazetteer place, by a country only after a
/// sports head. The place right after the head keeps its own mention inside the event's
/// (nested: "القدس" in "قمة القدس"); after a plain word it qualifies that word and is none
/// ("أوروبا" in "دوري أبطال أوروبا").
#[test]
fn an_event_head_names_an_event_by_its_place() {
    let text = "انطلقت قمة القدس في الظهران، وتأهل الفريق إلى مونديال روسيا 2018 وإلى دوري \
                أبطال أوروبا. وتواصلت حرب روسيا على أوكرانيا.";
    for ex in run_both(text) {
        let events = spans_of_type(&ex, khabar::EntityType::Event);
        for name in ["قمة القدس", "مونديال روسيا 2018", "دوري أبطال أوروبا"]
        {
            let s = span_in(text, name, 0);
            assert!(events.contains(&s), "{name}: {events:?}");
        }
        assert!(
            !events.iter().any(|(t, _, _)| t.starts_with("حرب")),
            "{events:?}"
        );
        assert_mentions(
            text,
            &ex,
            &[
                ("location:jerusalem", "القدس", 0),
                ("country:RUS", "روسيا", 0),
                // A party of the war: no event.
                ("country:RUS", "روسيا", 1),
            ],
        );
        let events = spans_of_type(&ex, khabar::EntityType::Event);
        assert!(
            !events.iter().any(|(t, _, _)| t == "القدس" || t == "روسيا"),
            "{events:?}"
        );
        let places = spans_of_type(&ex, khabar::EntityType::Location);
        assert!(
            !places.contains(&span_in(text, "أوروبا", 0)),
            "the place after a plain word: {places:?}"
        );
    }
}

/// In a document about sport, a city whose club the gazetteer names "نادي" + the city stands
/// for that club (or is a mention of it, where the tagger reads it as an organisation), unless
/// it is a place there; the club is among the entities. Outside sport the city is the city.
#[test]
fn a_sports_city_stands_for_its_club() {
    let text = "فاز روما على تورينو في مباراة الدوري، وسجل اللاعب هدفا في الشوط الثاني على \
                ملعب الفريق في روما. ولعب الفريق على ملعب تورينو.";
    for ex in run_both(text) {
        // Per mention start: its entity and what it stands for.
        let seen: Vec<(usize, String, Option<String>)> = ex
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(|m| (m.start, e.id.clone(), m.stands_for.clone()))
            })
            .collect();
        let club_at = |name: &str, nth: usize| {
            let (_, a, _) = span_in(text, name, nth);
            seen.iter()
                .find(|(s, _, _)| *s == a)
                .map(|(_, id, sf)| sf.clone().unwrap_or_else(|| id.clone()))
        };
        assert_eq!(
            club_at("روما", 0).as_deref(),
            Some("agency:as-roma"),
            "{seen:?}"
        );
        assert_eq!(
            club_at("تورينو", 0).as_deref(),
            Some("agency:torino-fc"),
            "{seen:?}"
        );
        assert_eq!(
            club_at("روما", 1).as_deref(),
            Some("location:rome"),
            "after في it is the place: {seen:?}"
        );
        assert_eq!(
            club_at("تورينو", 1).as_deref(),
            Some("location:turin"),
            "after ملعب it is the place: {seen:?}"
        );
        for id in ["agency:as-roma", "agency:torino-fc"] {
            assert!(ex.entities.iter().any(|e| e.id == id), "{id} listed");
        }
    }
    let ex = run("زار الرئيس روما وتورينو الأسبوع الماضي.");
    assert!(
        ex.entities
            .iter()
            .flat_map(|e| &e.mentions)
            .all(|m| m.stands_for.is_none()),
        "no club outside sport"
    );
}

/// Armed groups named by their unit noun and its genitive: فيلق، كتائب، سرايا.
#[test]
fn armed_groups_are_named_by_their_unit_noun() {
    let text = "وقال فيلق الشام إن كتائب القسام وسرايا القدس شاركت في المعركة.";
    for ex in run_both(text) {
        let agencies = spans_of_type(&ex, khabar::EntityType::Agency);
        for name in ["فيلق الشام", "كتائب القسام", "سرايا القدس"] {
            let s = span_in(text, name, 0);
            assert!(agencies.contains(&s), "{name}: {agencies:?}");
        }
    }
}

/// A given name that is also a word, before a kinship noun, names nobody ("ابن أخي" "my
/// nephew"); "ابن خلدون" is still a name.
#[test]
fn a_kinship_phrase_is_no_name() {
    let text = "وقال ابن أخي الضحية إن الشرطة وصلت متأخرة، وأكد ابن خلدون ذلك.";
    let ex = khabar::Pipeline::builder()
        .tagger(false)
        .build()
        .expect("pipeline")
        .extract(&khabar::Document::new("t", text));
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    assert_eq!(people, [span_in(text, "ابن خلدون", 0)], "{people:?}");
}

/// In a document about sport, a club noun before a town no gazetteer holds is a club when the
/// name ends after that word; not when another word of the name follows.
#[test]
fn a_club_noun_before_an_unknown_town_in_sport() {
    let text = "فازت شبيبة الشيحية على جمعية الشراردة في مباراة الجولة الأولى من البطولة، \
                وسجل اللاعب هدف الفريق.";
    let ex = run(text);
    let agencies = spans_of_type(&ex, khabar::EntityType::Agency);
    for name in ["شبيبة الشيحية", "جمعية الشراردة"] {
        let s = span_in(text, name, 0);
        assert!(agencies.contains(&s), "{name}: {agencies:?}");
    }
    let outside = khabar::Pipeline::builder()
        .tagger(false)
        .build()
        .expect("pipeline")
        .extract(&khabar::Document::new(
            "t",
            "قال رئيس سبورتينغ المكنين إن العمل مستمر.",
        ));
    assert!(
        spans_of_type(&outside, khabar::EntityType::Agency)
            .iter()
            .all(|(t, _, _)| t != "سبورتينغ المكنين"),
        "not outside sport"
    );
}

/// Towns of the Arab states that only GeoNames' alternate names give in Arabic (the towns pass
/// of the place generator) are places with their ids, with and without the tagger; an
/// everyday word that is also a town's name is not one.
#[test]
fn towns_the_alternate_names_give_are_places() {
    let text = "قصفت الطائرات مدينة عفرين وبلدة أعزاز، فيما نزح آلاف إلى دمياط وخان يونس.";
    for ex in run_both(text) {
        let places = mentions_of_type(&ex, khabar::EntityType::Location);
        for (name, id) in [
            ("عفرين", "location:afrin"),
            ("أعزاز", "location:azaz"),
            ("دمياط", "location:damietta"),
            ("خان يونس", "location:khan-yunis"),
        ] {
            let (t, a, b) = span_in(text, name, 0);
            assert!(
                places.contains(&(t, a, b, id.to_string())),
                "{name}: {places:?}"
            );
        }
    }
    // "المائة" is "the hundred" (the town الماية is left out); "بيان" a statement.
    let text = "ارتفعت الأسعار بنسبة 6 في المائة، وقالت الوزارة في بيان إن الوضع مستقر.";
    for ex in run_both(text) {
        let places = spans_of_type(&ex, khabar::EntityType::Location);
        assert!(places.is_empty(), "{places:?}");
    }
}

/// In Arabic, a capital right after a verb in the feminine (a city is feminine), perhaps with
/// a pronoun-carrying preposition between, or after أن/إن, is the clause's subject and stands
/// for its country; not after a verb of motion, attack or taking place, not with a proclitic
/// (بروما), not after a name (ترامب) or a noun (بتوقيت، تصريحات). "مسقط رأسه" is a
/// birthplace, no mention of Muscat.
#[test]
fn an_arabic_capital_as_a_clause_subject_stands_for_its_country() {
    let text = "هددت موسكو بتفتيش الطائرات. وتوقع أن تكون طهران وراء الهجوم. ووقع هجوم لوحت به \
                دمشق. وترفض بكين أي تفاوض. وصلت أنقرة وفود عديدة. وقصفت بغداد الطائرات. \
                وأكد سفير تونس بروما ذلك. وزار الرئيس ترامب الرياض. وبدأ الحفل بتوقيت باريس. \
                ونقلت تصريحات لندن الصحف. وولد في تطاوين مسقط رأسه.";
    for ex in run_both(text) {
        let readings = stands_for_readings(&ex);
        let want = |s: &str, sf: Option<&str>| {
            let (t, a, b) = span_in(text, s, 0);
            (t, a, b, sf.map(String::from))
        };
        for w in [
            want("موسكو", Some("country:RUS")),
            want("طهران", Some("country:IRN")),
            want("دمشق", Some("country:SYR")),
            want("بكين", Some("country:CHN")),
            want("أنقرة", None),
            want("بغداد", None),
            want("روما", None),
            want("الرياض", None),
            want("باريس", None),
            want("لندن", None),
        ] {
            assert!(readings.contains(&w), "{w:?} not in {readings:?}");
        }
        assert!(
            readings.iter().all(|r| r.0 != "مسقط"),
            "مسقط رأسه: {readings:?}"
        );
    }
}

/// "الحرب" and a kind of war alone (civil, trade) is a common noun phrase, no event; with a
/// country's adjective, or an adjective that names a war (world, cold), it names one.
#[test]
fn a_kind_of_war_alone_names_no_event() {
    let text = "اندلعت الحرب الأهلية عام 1975، وتصاعدت الحرب التجارية. وخلال الحرب الأهلية \
                اللبنانية وبعد الحرب العالمية الثانية وفي الحرب الباردة تغير العالم.";
    for ex in run_both(text) {
        let events = spans_of_type(&ex, khabar::EntityType::Event);
        let want: Vec<(String, usize, usize)> = [
            span_in(text, "الحرب الأهلية اللبنانية", 0),
            span_in(text, "الحرب العالمية الثانية", 0),
            span_in(text, "الحرب الباردة", 0),
        ]
        .into();
        assert_eq!(events, want, "{events:?}");
    }
}

/// One sense per document: an ambiguous short form reads as the one entity among its readings
/// that the document names for certain elsewhere, before or after it; not a person's short
/// form after another given name, and not without the full name.
#[test]
fn a_short_form_reads_as_the_entity_the_document_names_for_certain() {
    let text = "اجتمع راشد الغنوشي، رئيس النهضة، بالكتلة. وقال الناطق باسم حركة النهضة إن \
                الحركة تدعم المطالب. وأفرج عن علاء مبارك، نجل الرئيس الأسبق حسني مبارك، \
                وقال مبارك إنه بريء.";
    for ex in run_both(text) {
        let ms = mentions(&ex);
        for (id, s, nth) in [
            ("agency:ennahda", "النهضة", 0),
            ("agency:ennahda", "النهضة", 1),
            ("person:hosni-mubarak", "حسني مبارك", 0),
            ("person:hosni-mubarak", "مبارك", 2),
        ] {
            let (t, a, b) = span_in(text, s, nth);
            assert!(ms.contains(&m(id, &t, a, b)), "{id} {s} {nth}: {ms:?}");
        }
        // Alaa Mubarak is not his father.
        let (_, a, _) = span_in(text, "علاء مبارك", 0);
        assert!(
            ms.iter()
                .all(|x| !(x.0 == "person:hosni-mubarak" && x.2 <= a + 5 && a <= x.3)),
            "{ms:?}"
        );
        assert!(positions(&ex).contains(&p("person:rached-ghannouchi", Some("agency:ennahda"))));
    }
    // Without the full name, the short form stays unread.
    let text = "وقال إن النهضة الاقتصادية تتطلب جهدا.";
    for ex in run_both(text) {
        assert!(
            mentions(&ex).iter().all(|x| x.0 != "agency:ennahda"),
            "{:?}",
            mentions(&ex)
        );
    }
}

/// An Arabic surname comes back with the article the full name lacks, or without the one it
/// has ("التيجاني حداد", then "الحداد"); a function word with the article is no such variant.
#[test]
fn an_arabic_surname_comes_back_with_or_without_the_article() {
    let text = "تحدث التيجاني حداد خلال مؤتمر صحفي في بلغراد. واستعرض الحداد خلال اللقاء \
                الأوضاع في تونس.";
    let ex = run(text);
    let people = mentions_of_type(&ex, khabar::EntityType::Person);
    let ids: Vec<&str> = people.iter().map(|p| p.3.as_str()).collect();
    let (t, a, b) = span_in(text, "الحداد", 0);
    assert!(
        people
            .iter()
            .any(|p| (p.0.as_str(), p.1, p.2) == (t.as_str(), a, b)),
        "{people:?}"
    );
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "one person: {people:?}"
    );
}

/// A title, an organisation's head noun, then the name the tagger found without that head
/// ("أمين عام حزب" + "الاتحاد الشعبي الجمهوري"): the title is held in that organisation.
#[test]
fn a_title_before_a_head_noun_and_a_tagged_organisation_is_held_there() {
    let text = "قال لطفي المرايحي، أمين عام حزب الاتحاد الشعبي الجمهوري، إن الحوار لم يضف شيئا.";
    let ex = run(text);
    let orgs = mentions_of_type(&ex, khabar::EntityType::Agency);
    let (t, a, b) = span_in(text, "الاتحاد الشعبي الجمهوري", 0);
    let org = orgs
        .iter()
        .find(|o| (o.0.as_str(), o.1, o.2) == (t.as_str(), a, b))
        .unwrap_or_else(|| panic!("{orgs:?}"));
    let person = mentions_of_type(&ex, khabar::EntityType::Person)
        .into_iter()
        .find(|p| p.0 == "لطفي المرايحي")
        .expect("the person");
    assert!(
        positions(&ex).contains(&p(&person.3, Some(org.3.as_str()))),
        "{:?}",
        positions(&ex)
    );
}

/// An organisation's head noun and the town right after it name one organisation, with no
/// mention of the town inside (the flat rule); not a country (its bodies are in the gazetteer)
/// nor a town behind a proclitic.
#[test]
fn a_head_noun_and_a_town_name_an_organisation() {
    let text = "عثرت شرطة نيويورك على جثة، وقرر برلمان طبرق رفض الاتفاق، فيما أعلنت بلدية \
                صفاقس عن أشغال. وقال مجلس بباريس إن الاجتماع تأجل.";
    for ex in run_both(text) {
        let orgs = spans_of_type(&ex, khabar::EntityType::Agency);
        for name in ["شرطة نيويورك", "برلمان طبرق", "بلدية صفاقس"] {
            let s = span_in(text, name, 0);
            assert!(orgs.contains(&s), "{name}: {orgs:?}");
        }
        let places = spans_of_type(&ex, khabar::EntityType::Location);
        for town in ["نيويورك", "طبرق", "صفاقس"] {
            assert!(
                places.iter().all(|p| p.0 != town),
                "{town} inside: {places:?}"
            );
        }
        // "مجلس بباريس": the town behind a proclitic stays a place.
        assert!(places.contains(&span_in(text, "باريس", 0)), "{places:?}");
    }
    // An authority or a foundation is named by its town and a genitive with ل, as the Gulf's
    // are; without the genitive "هيئة دبي" is no name, and after a police or a town hall ل is
    // a preposition ("شرطة لندن للصحفيين": the police told journalists).
    let text = "أعلنت هيئة الشارقة للكتاب عن معرض، وقالت مؤسسة أبوظبي للثقافة والفنون إن شرطة \
                لندن للصحفيين وهيئة دبي اجتمعتا.";
    for ex in run_both(text) {
        let orgs = spans_of_type(&ex, khabar::EntityType::Agency);
        for name in [
            "هيئة الشارقة للكتاب",
            "مؤسسة أبوظبي للثقافة والفنون",
            "شرطة لندن",
        ] {
            let s = span_in(text, name, 0);
            assert!(orgs.contains(&s), "{name}: {orgs:?}");
        }
        let places = spans_of_type(&ex, khabar::EntityType::Location);
        assert!(places.contains(&span_in(text, "دبي", 0)), "{places:?}");
        assert!(!places.contains(&span_in(text, "الشارقة", 0)), "{places:?}");
    }
    // Where the tagger reads the town after the head as an organisation of its own, the town
    // is still the place in the head's name (a university, not the town's football club).
    let text = "أعلنت هيئة الشارقة للكتاب ومؤسسة أبوظبي للثقافة والفنون عن معرض، وتخرج من \
                جامعة ليفربول.";
    for ex in run_both(text) {
        let orgs = spans_of_type(&ex, khabar::EntityType::Agency);
        for name in ["مؤسسة أبوظبي للثقافة والفنون", "جامعة ليفربول"]
        {
            let s = span_in(text, name, 0);
            assert!(orgs.contains(&s), "{name}: {orgs:?}");
        }
        assert!(
            !mentions(&ex).iter().any(|m| m.0 == "agency:liverpool-fc"),
            "{:?}",
            mentions(&ex)
        );
    }
}

/// A definite head noun alone refers back to the organisation last named with that head
/// ("شرطة نيويورك ... الشرطة"; "حركة النهضة ... الحركة"): a mention by coreference, and the
/// speaker of what it said; not with an adjective after it (another body), nor before the name.
#[test]
fn a_definite_head_noun_refers_back_to_the_organisation_named_with_it() {
    let text = "قالت الشرطة إن التحقيق بدأ. عثرت شرطة نيويورك على جثة. وقالت الشرطة إنها تحقق \
                في الأمر، فيما رفضت الشرطة المحلية التعليق.";
    for ex in run_both(text) {
        let police: Vec<(String, String, usize, usize)> = mentions(&ex)
            .into_iter()
            .filter(|m| m.0.starts_with("agency:") && m.1.contains("شرطة"))
            .collect();
        let id = police
            .iter()
            .find(|m| m.1 == "شرطة نيويورك")
            .map(|m| m.0.clone())
            .unwrap_or_else(|| panic!("{police:?}"));
        let (t, a, b) = span_in(text, "الشرطة", 1);
        assert!(police.contains(&m(&id, &t, a, b)), "{police:?}");
        for nth in [0, 2] {
            let (_, a, _) = span_in(text, "الشرطة", nth);
            assert!(police.iter().all(|m| m.2 != a), "{nth}: {police:?}");
        }
        let said: Vec<_> = ex
            .relations
            .iter()
            .filter(|r| r.predicate == "said")
            .filter_map(|r| r.subject.clone())
            .collect();
        assert!(said.contains(&id), "{said:?}");
    }
}

/// An organisation whose name opens with the definite head ("المرصد السوري لحقوق الإنسان") is
/// named again by the head alone ("وفق المرصد"); an attribution with no speech verb, after the
/// clause or opening the sentence, makes the party the speaker of the clause (`said`), and an
/// outlet's attribution is its report alone.
#[test]
fn attributions_name_the_speaker_and_a_definite_head_refers_back() {
    let text = "قال المرصد السوري لحقوق الإنسان إن القتال توقف. وسيطر الجيش على البلدة، وفق \
                المرصد. وبحسب المرصد السوري لحقوق الإنسان، فقد انسحبت الفصائل. وانتهت المعارك، \
                وفقا لوكالة رويترز.";
    for ex in run_both(text) {
        let sohr = mentions_of(&ex, "agency:sohr");
        let (t, a, b) = span_in(text, "المرصد", 1);
        assert!(sohr.contains(&m("agency:sohr", &t, a, b)), "{sohr:?}");
        let said = said_quotes(&ex);
        for quote in [
            "القتال توقف",
            "وسيطر الجيش على البلدة",
            "فقد انسحبت الفصائل",
        ] {
            assert!(
                said.contains(&(Some("agency:sohr".into()), quote.into())),
                "{quote}: {said:?}"
            );
        }
        assert!(
            said.iter()
                .all(|s| s.0.as_deref() != Some("agency:reuters")),
            "{said:?}"
        );
        let reports = statements(&ex);
        assert!(
            reports.contains(&st("reported-by", None, Some("agency:reuters"))),
            "{reports:?}"
        );
    }
}

/// A coach holds a position in the club the title names ("مدرب مانشستر سيتي"، "المدير الفني
/// لمانشستر سيتي", also after the name); a coach's nisba is his nationality, not his office's
/// country ("المدرب التونسي ... لنادي هجر").
#[test]
fn a_coach_holds_a_position_in_the_club_not_in_the_country_of_his_nisba() {
    let text = "وقال بيب غوارديولا مدرب مانشستر سيتي إن الفريق مستعد. وتعاقد نادي الهلال مع \
                المدرب التونسي لطفي السليمي.";
    // The names are the tagger's (no gazetteer or pattern finds them).
    let ex = run(text);
    let at = |s: &str| {
        let (t, a, b) = span_in(text, s, 0);
        entity_with(&ex, (&t, a, b), s).id.clone()
    };
    let (pep, sliimi) = (at("بيب غوارديولا"), at("لطفي السليمي"));
    let pos = positions(&ex);
    assert!(
        pos.contains(&p(&pep, Some("agency:manchester-city"))),
        "{pos:?}"
    );
    assert!(pos.contains(&p(&sliimi, None)), "{pos:?}");
    assert!(!pos.contains(&p(&sliimi, Some("country:TUN"))), "{pos:?}");
}

/// English names the organisation before the title ("Bank of Spain governor Mariano Rubio"),
/// also one the tagger found; a Latin given name that is not the gazetteer person's makes
/// another person of that surname (not Marco Rubio), whose surname alone is then his.
#[test]
fn an_english_body_before_a_title_and_another_person_of_a_known_surname() {
    let text = "Bank of Spain governor Mariano Rubio said the central bank was worried. Rubio \
                added that rates would fall.";
    let ex = run(text);
    assert!(
        mentions_of(&ex, "person:marco-rubio").is_empty(),
        "{:?}",
        mentions(&ex)
    );
    let mariano = entity_with(&ex, ("Mariano Rubio", 23, 36), "Mariano Rubio")
        .id
        .clone();
    assert!(
        mentions_of(&ex, &mariano).contains(&m(&mariano, "Rubio", 72, 77)),
        "{:?}",
        mentions(&ex)
    );
    let bank = entity_with(&ex, ("Bank of Spain", 0, 13), "the bank")
        .id
        .clone();
    assert!(
        positions(&ex).contains(&p(&mariano, Some(&bank))),
        "{:?}",
        positions(&ex)
    );
}

/// After the nouns of presence and chair ("بحضور"، "برئاسة") a name stands alone, so a title
/// right after it is the name's ("بحضور النائب X رئيس لجنة الفلاحة بمجلس نواب الشعب"); after a
/// verb the title is the verb's object ("استقبل الرئيس X رئيس الحكومة").
#[test]
fn a_title_after_a_name_after_a_noun_of_presence_is_the_names() {
    let text = "تمت الزيارة بحضور النائب ابراهيم بن سعيد رئيس لجنة الفلاحة بمجلس نواب الشعب.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "ابراهيم بن سعيد", 0);
    let id = entity_with(&ex, (&t, a, b), "the deputy").id.clone();
    let pos = positions(&ex);
    assert!(
        pos.contains(&p(&id, Some("agency:tunisian-parliament"))),
        "{pos:?}"
    );
    // Essebsi holds the title before his name (the presidency, Tunisia's in the roles
    // table), not the head of government's after it.
    let text = "استقبل الرئيس الباجي قايد السبسي رئيس الحكومة.";
    let ex = run(text);
    let titles: Vec<(&str, Option<&str>)> = ex
        .relations
        .iter()
        .filter(|r| {
            r.predicate == "holds-position"
                && r.subject.as_deref() == Some("person:beji-caid-essebsi")
        })
        .map(|r| {
            (
                r.roles["title"]["text"].as_str().unwrap_or(""),
                r.object.as_deref(),
            )
        })
        .collect();
    assert_eq!(titles, vec![("الرئيس", Some("country:TUN"))]);
}

/// "New" after a title belongs to the title ("الرئيس الجديد قيس سعيد"), and a new holder named
/// by title alone is not the one the date gives ("الرئيس الجديد لفرنسا" at the handover).
#[test]
fn new_after_a_title_belongs_to_it_and_is_not_the_dates_holder() {
    let text = "وقال الرئيس الجديد قيس سعيد إن البلاد مستعدة.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:kais-saied"),
        vec![m("person:kais-saied", "قيس سعيد", 19, 27)]
    );
    assert!(
        positions(&ex)
            .iter()
            .any(|p| p.0.as_deref() == Some("person:kais-saied")),
        "{:?}",
        positions(&ex)
    );
    let text = "ويمثل الرئيس الجديد لفرنسا نموذج الطبقة المثقفة.";
    let ex = run_on(text, "2017-05-15");
    assert!(
        mentions(&ex).iter().all(|x| !x.0.starts_with("person:")),
        "{:?}",
        mentions(&ex)
    );
}

/// An office that many hold at once for one state (its ambassadors, envoys, princes) is not
/// the one holder the gazetteer lists: "السفيرة الأميركية في لبنان" alone names nobody.
#[test]
fn a_shared_office_alone_is_not_the_gazetteers_one_holder() {
    let text = "والتقى الرئيس اللبناني السفيرة الأميركية في لبنان أمس.";
    let ex = run_on(text, "2025-06-01");
    let roles: Vec<(String, String, usize, usize)> = mentions(&ex)
        .into_iter()
        .filter(|m| m.1.contains("السفيرة"))
        .collect();
    assert!(roles.is_empty(), "{roles:?}");
    assert!(
        ex.relations.iter().all(|r| r.predicate != "holds-position"
            || r.subject.as_deref() != Some("person:mike-huckabee")),
        "{:?}",
        ex.relations
    );
}

/// English news names a company, then calls it "the company": the story's company (the first
/// one named), which speaks for itself; a company that "reported" figures is no news outlet;
/// "said the firm would" makes the firm the reported clause's subject, not the speaker.
#[test]
fn the_company_refers_back_to_the_storys_company() {
    let text = "Pacific Gas and Electric Co reported higher earnings. It bought Lines Inc last \
                year. The company said it is confident. A manager said the firm would grow.";
    let ex = run(text);
    let said = said_by(&ex);
    let pge = id_of(&ex, "Pacific Gas and Electric Co");
    let company = text.find("company said").expect("in the text");
    assert!(
        ex.entities
            .iter()
            .filter(|e| e.id == pge)
            .flat_map(|e| &e.mentions)
            .any(|m| m.text == "company" && m.start == company),
        "{:?}",
        mentions(&ex)
    );
    assert!(
        said.iter().any(|s| s.0.as_deref() == Some(pge.as_str())),
        "{said:?}"
    );
    assert!(
        ex.relations.iter().all(|r| r.predicate != "reported-by"),
        "{:?}",
        ex.relations
    );
    let firm = text.find("firm").expect("in the text");
    assert!(
        mentions(&ex).iter().all(|m| m.2 != firm),
        "{:?}",
        mentions(&ex)
    );
}

/// A company named without a legal form but with a company's head word ("Austin Rover
/// Group") is the story's company too, before a gazetteer company named later.
#[test]
fn the_company_is_a_group_named_first() {
    let text = "Great Britain's Austin Rover Group reported the sale of 1,043 Sterling \
                automobiles. The Sterling was designed in a joint venture with Honda Motor Corp \
                <HMC>. The Rover Group was the former British Leyland PLC company, according to \
                the company.";
    let ex = run(text);
    let rover = entity_of(&ex, "Austin Rover Group");
    let (t, a, b) = span_in(text, "company", 1);
    assert!(
        rover
            .mentions
            .iter()
            .any(|m| (m.text.as_str(), m.start, m.end) == (t.as_str(), a, b)),
        "{:?}",
        mentions(&ex)
    );
}

/// The story's company is also "the partnership", "the bank", "the airline" ...; not the first
/// noun of a compound ("the airline industry").
#[test]
fn the_partnership_and_the_bank_refer_back_to_the_storys_company() {
    let text = "Pacific Gas and Electric Co reported higher earnings. The partnership said it is \
                confident. The bank said it would grow. The airline industry grew.";
    let ex = run(text);
    let pge = entity_of(&ex, "Pacific Gas and Electric Co");
    let got: Vec<(String, usize, usize)> = pge
        .mentions
        .iter()
        .filter(|m| m.via == khabar::model::Via::Coreference)
        .map(|m| (m.text.clone(), m.start, m.end))
        .collect();
    let at = |w: &str| {
        let (_, a, b) = span_in(text, w, 0);
        (w.to_string(), a, b)
    };
    assert_eq!(got, [at("partnership"), at("bank")]);
    let said: Vec<Option<String>> = said_by(&ex).into_iter().map(|s| s.0).collect();
    // "reported", then the two statements of the nouns.
    assert_eq!(said, vec![Some(pge.id.clone()); 3]);
}

/// A statement reported inside another's quote ("…، وفق ما أورده صندوق النقد الدولي") leaves
/// the quoting speaker the one a later dropped subject refers to; and a capitalized word inside
/// an English sentence is a name's ("United States Lines"), not the verb "states".
#[test]
fn a_nested_statement_leaves_the_discourse_to_the_quoting_speaker() {
    let text = "أكد الخبير محمد الصادق جبنون أن تونس دخلت مرحلة صعبة. وأضاف أن الدين ارتفع وفق ما \
                أورده صندوق النقد الدولي في تقريره. وأشار إلى أن الأجور ارتفعت.";
    let ex = run(text);
    let verb = text.find("وأشار").expect("in the text");
    let verb = text[..verb].chars().count();
    let said: Vec<(Option<String>, usize)> = ex
        .relations
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| (r.subject.clone(), r.evidence.start))
        .collect();
    let last = said
        .iter()
        .filter(|s| s.1 >= verb)
        .map(|s| s.0.clone())
        .collect::<Vec<_>>();
    assert!(
        !last.is_empty() && last.iter().all(|s| s.as_deref() != Some("agency:imf")),
        "{said:?}"
    );
    let text = "United States Lines Inc has laid off 260 employees, its manager Elliott \
                Burnside told Reuters.";
    let ex = run(text);
    let speakers: Vec<Option<String>> = ex
        .relations
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| r.subject.clone())
        .collect();
    assert_eq!(speakers.len(), 1, "{:?}", ex.relations);
}

/// The entity with a mention of exactly this (text, char start, char end).
fn entity_with<'a>(
    ex: &'a Extraction,
    (text, start, end): (&str, usize, usize),
    what: &str,
) -> &'a khabar::model::Entity {
    ex.entities
        .iter()
        .find(|e| {
            e.mentions
                .iter()
                .any(|x| (x.text.as_str(), x.start, x.end) == (text, start, end))
        })
        .unwrap_or_else(|| panic!("{what}: {:?}", mentions(ex)))
}

/// (entity id, mention text, char start, char end) of the mentions of the entity with `id`.
fn mentions_of(ex: &Extraction, id: &str) -> Vec<(String, String, usize, usize)> {
    mentions(ex).into_iter().filter(|x| x.0 == id).collect()
}

#[test]
fn a_title_that_opens_a_bodys_name_holds_the_office_in_that_body() {
    // "رئيس البرلمان" is a title and "البرلمان اللبناني" the parliament's name.
    let text = "وقال رئيس البرلمان اللبناني نبيه بري إن المجلس جاهز.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:nabih-berri"),
        vec![m("person:nabih-berri", "نبيه بري", 28, 36)]
    );
    assert_eq!(
        mentions_of(&ex, "agency:lebanese-parliament"),
        vec![m("agency:lebanese-parliament", "البرلمان اللبناني", 10, 27)]
    );
    assert_eq!(
        positions(&ex),
        vec![p("person:nabih-berri", Some("agency:lebanese-parliament"))]
    );
}

#[test]
fn a_body_after_a_department_or_a_preposition_is_where_the_office_is_held() {
    // A department, then the body with the preposition ب: the body's span leaves ب out.
    let text = "وقال مدير عام الطرق بوزارة النقل، محمد الصالح، إن الأشغال ستنتهي.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "وزارة النقل", 0);
    let body = entity_with(&ex, (t.as_str(), a, b), "the ministry, without ب");
    let person = entity_with(&ex, ("محمد الصالح", 34, 45), "the person after the comma");
    assert_eq!(positions(&ex), vec![p(&person.id, Some(&body.id))]);
    // A day after the body ends its name.
    let text = "أكد مدير عام التجارة الخارجية بوزارة التجارة اليوم الخميس أن الصادرات ارتفعت.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "وزارة التجارة", 0);
    entity_with(&ex, (t.as_str(), a, b), "the ministry without the day");
    // After في: "a judge at the supreme court".
    let text = "وقالت قاضية في المحكمة العليا، سارة بن علي، إن القضية ستنظر غدا.";
    let ex = run(text);
    let court = entity_with(&ex, ("المحكمة العليا", 15, 29), "the court is an entity");
    let judge = entity_with(&ex, ("سارة بن علي", 31, 42), "the judge");
    assert_eq!(positions(&ex), vec![p(&judge.id, Some(&court.id))]);
}

#[test]
fn a_title_right_after_a_name_is_the_names_only_where_the_name_opens_its_clause() {
    // After a speech verb: the name is the subject, the title its apposition.
    let text = "وقال يوسف الشاهد رئيس الحكومة إن الوضع في تونس تحت السيطرة.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:youssef-chahed"),
        vec![m("person:youssef-chahed", "يوسف الشاهد", 5, 16)]
    );
    assert_eq!(
        positions(&ex),
        vec![p("person:youssef-chahed", Some("country:TUN"))]
    );
    // After another verb the title may be its object: the president receives the head of
    // the commission, whose name is not given.
    let text = "استقبل الرئيس عبد الفتاح السيسي رئيس المفوضية الأوروبية.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:abdel-fattah-el-sisi"),
        vec![m(
            "person:abdel-fattah-el-sisi",
            "عبد الفتاح السيسي",
            14,
            31
        )]
    );
    assert!(
        !positions(&ex).contains(&p(
            "person:abdel-fattah-el-sisi",
            Some("agency:european-commission")
        )),
        "{:?}",
        positions(&ex)
    );
}

#[test]
fn the_preposition_amam_is_no_imam_and_a_body_before_an_arabic_title_is_not_its_own() {
    // "أمام" (in front of, against) folds to the same letters as the title "إمام".
    for text in [
        "وقال أوبراين أمام مجلس الأمن الدولي إن الوقت حان.",
        "انهزم مالك الجزيري اليوم أمام البريطاني أندي موراي بنتيجة شوطين.",
    ] {
        let ex = run(text);
        assert_eq!(positions(&ex), vec![], "{text}");
    }
    // A place before an Arabic title ends another phrase: the prime minister holds no office
    // in the palace where he is received.
    let text =
        "استقبل رئيس الجمهورية الباجي قايد السبسي اليوم بقصر قرطاج رئيس الحكومة يوسف الشاهد.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:youssef-chahed"),
        vec![m("person:youssef-chahed", "يوسف الشاهد", 71, 82)]
    );
    assert!(
        positions(&ex)
            .iter()
            .all(|x| x.1.as_deref() != Some("agency:carthage-palace")),
        "{:?}",
        positions(&ex)
    );
}

#[test]
fn every_title_of_a_chain_before_one_name_is_that_names() {
    let text =
        "دعا رئيس أركان الجيش الجزائري ونائب وزير الدفاع الفريق أحمد قايد صالح، القوات إلى الحذر.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:ahmed-gaid-salah"),
        vec![m("person:ahmed-gaid-salah", "أحمد قايد صالح", 55, 69)]
    );
    // Nobody else is read into the first title by the date.
    assert!(
        ex.entities
            .iter()
            .all(|e| e.entity_type != khabar::model::EntityType::Person
                || e.id == "person:ahmed-gaid-salah"),
        "{:?}",
        mentions(&ex)
    );
    assert_eq!(
        positions(&ex),
        vec![p(
            "person:ahmed-gaid-salah",
            Some("agency:algerian-armed-forces")
        )]
    );
}

#[test]
fn a_title_without_a_name_is_the_person_the_document_named_with_it() {
    // The spokesman named once, then quoted by his title alone: the statement is his, not
    // the movement's.
    let text = "أكد عماد الخميري الناطق الرسمي باسم حركة النهضة أن الاجتماع كان إيجابيا. وأشار الناطق الرسمي باسم حركة النهضة إلى أن الحركة تدعم مطالب الأهالي.";
    let ex = run(text);
    let person = entity_with(&ex, ("عماد الخميري", 4, 16), "the spokesman");
    let (t, a, b) = span_in(text, "الناطق الرسمي باسم حركة النهضة", 1);
    assert!(
        person
            .mentions
            .iter()
            .any(|x| (x.text.as_str(), x.start, x.end) == (t.as_str(), a, b)
                && x.via == khabar::model::Via::Coreference),
        "{:?}",
        person.mentions
    );
    let speakers: Vec<(Option<String>, usize)> = ex
        .relations
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| (r.subject.clone(), r.evidence.sentence))
        .collect();
    assert_eq!(
        speakers,
        vec![(Some(person.id.clone()), 0), (Some(person.id.clone()), 1)]
    );
    // A bare definite title after one spokesman was named is that spokesman; a title with its
    // own name a few words on is that name's.
    let text = "وقال المتحدث باسم وزارة الداخلية ياسر مصباح إن الوضع هادئ. وأضاف المتحدث أن الحدود مؤمنة. وقال النائب عن حركة الشعب سالم لبيض إن القانون جاهز.";
    let ex = run(text);
    let spokesman = entity_with(&ex, ("ياسر مصباح", 33, 43), "the spokesman");
    assert!(
        spokesman
            .mentions
            .iter()
            .any(|x| (x.text.as_str(), x.start, x.end) == ("المتحدث", 65, 72)),
        "{:?}",
        spokesman.mentions
    );
    let deputy = entity_with(&ex, ("سالم لبيض", 116, 125), "the deputy");
    assert_eq!(deputy.mentions.len(), 1, "{:?}", deputy.mentions);
    let said: Vec<Option<String>> = ex
        .relations
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| r.subject.clone())
        .collect();
    assert_eq!(
        said,
        vec![
            Some(spokesman.id.clone()),
            Some(spokesman.id.clone()),
            Some(deputy.id.clone())
        ]
    );
}

/// (text, char start, char end) of every mention of the entity.
fn spans_of(e: &khabar::model::Entity) -> Vec<(String, usize, usize)> {
    e.mentions
        .iter()
        .map(|x| (x.text.clone(), x.start, x.end))
        .collect()
}

#[test]
fn a_european_surname_comes_back_with_its_particle() {
    // The tagger finds "فان باستن" as a name of its own: it is the coach named in full, and
    // so is "باستن" alone after it.
    let text = "قال المدرب ماركو فان باستن إن الفريق جاهز. وأضاف فان باستن أن اللاعبين بخير. وقال باستن إن الأمور جيدة.";
    let ex = run(text);
    let coach = entity_with(&ex, ("ماركو فان باستن", 11, 26), "the coach");
    assert_eq!(
        spans_of(coach),
        vec![
            span_in(text, "ماركو فان باستن", 0),
            span_in(text, "فان باستن", 1),
            span_in(text, "باستن", 2),
        ]
    );
    // A person span the tagger cut after the particle runs on over the surname, and the pair
    // after it is the player.
    let text = "وصل اللاعب كيفن دي بروين إلى الملعب. وسجل دي بروين هدفا.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "كيفن دي بروين", 0);
    let player = entity_with(&ex, (t.as_str(), a, b), "the player");
    assert_eq!(
        spans_of(player),
        vec![
            span_in(text, "كيفن دي بروين", 0),
            span_in(text, "دي بروين", 1)
        ]
    );
    assert!(
        mentions(&ex).iter().all(|x| x.1 != "دي"),
        "{:?}",
        mentions(&ex)
    );
    // A gazetteer person named in full, in English: "De Mistura" is the envoy.
    let text = "UN envoy Staffan de Mistura said talks would resume. De Mistura added that both sides had agreed.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "De Mistura", 0);
    assert_eq!(
        id_of(&ex, "Staffan de Mistura"),
        "person:staffan-de-mistura"
    );
    let envoy = entity_with(&ex, (t.as_str(), a, b), "the envoy");
    assert_eq!(envoy.id, "person:staffan-de-mistura");
    // فإن ("then") is no particle: "باستن" alone is the coach, "فإن" is in no name.
    let text = "قال ماركو فان باستن إن الفريق جاهز. وإذا فاز الفريق فإن باستن سيبقى.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "ماركو فان باستن", 0);
    let coach = entity_with(&ex, (t.as_str(), a, b), "the coach");
    assert_eq!(
        spans_of(coach),
        vec![
            span_in(text, "ماركو فان باستن", 0),
            span_in(text, "باستن", 1)
        ]
    );
    // Nor does a name the tagger found after فإن begin with it.
    let text = "وإذا لعب الفريق جيدا فإن نيمار سيسجل هدفا.";
    let ex = run(text);
    assert_eq!(
        spans_of_type(&ex, khabar::EntityType::Person),
        vec![span_in(text, "نيمار", 0)]
    );
    // A name of a particle and a word has no one-word surname: "الله" (God) is not "عبد
    // الله".
    let text = "وقال المواطن عبد الله إن الوضع صعب جدا. وأضاف أن الله وحده يعلم متى تنتهي الأزمة.";
    let ex = run(text);
    assert_eq!(
        spans_of_type(&ex, khabar::EntityType::Person),
        vec![span_in(text, "عبد الله", 0)]
    );
    // The name after بن is the father's: "عبد الله" alone is not "حسين بن عبد الله".
    let text =
        "قال المتحدث باسم الحكومة حسين بن عبد الله إن المشروع مهم. وأضاف عبد الله أن العمل مستمر.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "حسين بن عبد الله", 0);
    let spokesman = entity_with(&ex, (t.as_str(), a, b), "the spokesman");
    assert_eq!(spans_of(spokesman), vec![(t, a, b)]);
}

#[test]
fn another_given_name_before_a_gazetteer_surname_is_another_person() {
    // The gazetteer knows "أوزيل" as Özgür Özel's short form (أوزغور أوزيل): Mesut Özil is
    // another person, and so is Özil alone after him.
    let text = "قال اللاعب مسعود أوزيل إنه سعيد. وأضاف أوزيل أن الفريق قوي.";
    let ex = run(text);
    let player = entity_with(&ex, ("مسعود أوزيل", 11, 22), "the player");
    assert_ne!(player.id, "person:ozgur-ozel");
    assert!(
        spans_of(player).contains(&span_in(text, "أوزيل", 1)),
        "{:?}",
        player.mentions
    );
    assert!(
        ex.entities.iter().all(|e| e.id != "person:ozgur-ozel"),
        "{:?}",
        mentions(&ex)
    );
    let text = "وصلت غريس موغابي إلى المطار.";
    let ex = run(text);
    assert_ne!(
        entity_with(&ex, ("غريس موغابي", 5, 16), "Grace Mugabe").id,
        "person:robert-mugabe"
    );
    let text = "وقال ابن ترامب إن والده سيفوز.";
    let ex = run(text);
    assert_ne!(
        entity_with(&ex, ("ابن ترامب", 5, 14), "Trump's son").id,
        "person:donald-trump"
    );
    // The person's own given name, in another transliteration (رودريجو for رودريغو), before a
    // hashtag, or before a father's name the canonical name leaves out: the person.
    for (text, span, id) in [
        (
            "قال الرئيس الفلبيني رودريجو دوتيرتي إن الحرب مستمرة.",
            ("رودريجو دوتيرتي", 20, 35),
            "person:rodrigo-duterte",
        ),
        (
            "قال الرئيس الأميركي دونالد #ترمب إن الاتفاق سيئ.",
            ("دونالد #ترمب", 20, 32),
            "person:donald-trump",
        ),
        (
            "قال الأمين العام يوسف بن أحمد العثيمين إن المنظمة تدعم الحوار.",
            ("يوسف بن أحمد العثيمين", 17, 38),
            "person:yousef-al-othaimeen",
        ),
    ] {
        let ex = run(text);
        assert_eq!(entity_with(&ex, span, text).id, id);
    }
}

#[test]
fn a_leaders_surname_alone_stays_the_leaders_beside_a_relative_named_in_full() {
    // The president on the document's date, in a text that names his country: "ترامب" alone
    // is his, not the first lady's.
    let text = "زارت السيدة الأولى ميلانيا ترامب مستشفى للأطفال في الولايات المتحدة. وقال ترامب في تغريدة إنه فخور بزوجته.";
    let ex = run_on(text, "2018-05-01");
    let (t, a, b) = span_in(text, "ميلانيا ترامب", 0);
    let first_lady = entity_with(&ex, (t.as_str(), a, b), "the first lady");
    assert_ne!(first_lady.id, "person:donald-trump");
    let (t, a, b) = span_in(text, "ترامب", 1);
    assert_eq!(
        entity_with(&ex, (t.as_str(), a, b), "the president").id,
        "person:donald-trump"
    );
    // Without the country, the document's own person of that surname.
    let text = "زارت ميلانيا ترامب مستشفى للأطفال. وقال ترامب في تغريدة إنه فخور بزوجته.";
    let ex = run_on(text, "2018-05-01");
    let (t, a, b) = span_in(text, "ميلانيا ترامب", 0);
    let first_lady = entity_with(&ex, (t.as_str(), a, b), "the first lady");
    assert!(
        spans_of(first_lady).contains(&span_in(text, "ترامب", 1)),
        "{:?}",
        first_lady.mentions
    );
    // Not in a text about sport: the coach, not Italy's prime minister of that date.
    let text = "قاد المدرب أنطونيو كونتي فريق تشيلسي للفوز في مباراة الدوري الإنجليزي الممتاز لكرة القدم بهدفين. وقال كونتي إن اللاعبين قدموا مباراة رائعة أمام الجمهور في الملعب، وأضاف المدرب الإيطالي أن الفريق سيواصل المنافسة على لقب الدوري.";
    let ex = run_on(text, "2018-08-01");
    let (t, a, b) = span_in(text, "أنطونيو كونتي", 0);
    let coach = entity_with(&ex, (t.as_str(), a, b), "the coach");
    assert_ne!(coach.id, "person:giuseppe-conte");
    assert!(
        spans_of(coach).contains(&span_in(text, "كونتي", 1)),
        "{:?}",
        coach.mentions
    );
}

#[test]
fn a_short_form_years_before_the_persons_first_office_is_no_one_the_gazetteer_knows() {
    // "فانس" is J. D. Vance's short form (vice-president from 2025). In 2018 it is another
    // Vance (the Manhattan prosecutor), and the whole token is the name: not ف + أنس.
    let text = "قال المدعي العام في مانهاتن إن التحقيق مستمر. وأوضح فانس أن الأدلة كافية.";
    let (t, a, b) = span_in(text, "فانس", 0);
    let ex = run_on(text, "2018-05-01");
    let vance = entity_with(&ex, (t.as_str(), a, b), "the prosecutor");
    assert_ne!(vance.id, "person:jd-vance");
    assert!(
        ex.entities.iter().all(|e| e.id != "person:jd-vance"),
        "{:?}",
        mentions(&ex)
    );
    // In his time, or named in full, he is the vice-president.
    let ex = run_on(text, "2025-05-01");
    assert_eq!(
        entity_with(&ex, (t.as_str(), a, b), "the vice-president").id,
        "person:jd-vance"
    );
    let text = "قال نائب الرئيس الأمريكي جي دي فانس إن التحقيق مستمر. وأوضح فانس أن الأدلة كافية.";
    let ex = run_on(text, "2018-05-01");
    let (t, a, b) = span_in(text, "فانس", 1);
    assert_eq!(
        entity_with(&ex, (t.as_str(), a, b), "the vice-president").id,
        "person:jd-vance"
    );
}

#[test]
fn a_surname_of_a_particle_and_a_word_comes_back_as_the_pair() {
    let text = "أعلن فريد بن تنفوس المدير العام للبنك العربي لتونس عن برنامج جديد. وأضاف بن تنفوس أن البنك سيواصل. وقال يوسف إن الأمر جيد.";
    let ex = run(text);
    let person = entity_with(&ex, ("فريد بن تنفوس", 5, 18), "the banker");
    let (t, a, b) = span_in(text, "بن تنفوس", 1);
    assert!(
        person
            .mentions
            .iter()
            .any(|x| (x.text.as_str(), x.start, x.end) == (t.as_str(), a, b)),
        "{:?}",
        person.mentions
    );
    // The word after the particle alone is someone else (a given name as often).
    let (t, a, b) = span_in(text, "يوسف", 0);
    assert!(
        !person
            .mentions
            .iter()
            .any(|x| (x.text.as_str(), x.start, x.end) == (t.as_str(), a, b)),
        "{:?}",
        person.mentions
    );
    // A particle and word inside a longer name, after the preposition ل.
    let text =
        "قال الشيخ سلطان بن سحيم آل ثاني إن العزلة مؤسفة. جاء ذلك في تغريدة لبن سحيم على صفحته.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "سلطان بن سحيم آل ثاني", 0);
    let sheikh = entity_with(&ex, (t.as_str(), a, b), "the sheikh");
    let (t, a, b) = span_in(text, "بن سحيم", 1);
    assert!(
        sheikh
            .mentions
            .iter()
            .any(|x| (x.text.as_str(), x.start, x.end) == (t.as_str(), a, b)),
        "{:?}",
        sheikh.mentions
    );
    // "عبد السلام" after "شيلا عبد السلام", where the tagger finds the pair as a name.
    let text =
        "عثرت الشرطة على جثة شيلا عبد السلام في النهر. وانتشلت الشرطة جثة عبد السلام من المياه.";
    let ex = run(text);
    let people: Vec<_> = ex
        .entities
        .iter()
        .filter(|e| e.entity_type == khabar::model::EntityType::Person)
        .collect();
    assert_eq!(people.len(), 1, "{:?}", mentions(&ex));
    let spans: Vec<(String, usize, usize)> = people[0]
        .mentions
        .iter()
        .map(|x| (x.text.clone(), x.start, x.end))
        .collect();
    assert_eq!(
        spans,
        vec![
            span_in(text, "شيلا عبد السلام", 0),
            span_in(text, "عبد السلام", 1)
        ]
    );
}

/// (predicate, subject, object) of every `said` and `reported-by` relation.
/// The speaker and quote text of every `said`.
/// Checks that `text` names Lavrov once (by his surname, with its span) and has him say
/// `quote`, its only statement.
fn lavrov_says(text: &str, quote: &str) {
    let ex = run(text);
    let (t, a, b) = span_in(text, "لافروف", 0);
    assert_eq!(
        mentions_of(&ex, "person:sergey-lavrov"),
        vec![m("person:sergey-lavrov", &t, a, b)],
        "{text}"
    );
    assert_eq!(
        said_quotes(&ex),
        vec![(Some("person:sergey-lavrov".into()), quote.into())],
        "{text}"
    );
}

fn said_quotes(ex: &Extraction) -> Vec<(Option<String>, String)> {
    ex.relations
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| {
            let quote = r.roles.get("quote").and_then(|q| q["text"].as_str());
            (r.subject.clone(), quote.unwrap_or_default().to_string())
        })
        .collect()
}

fn statements(ex: &Extraction) -> Vec<(String, Option<String>, Option<String>)> {
    ex.relations
        .iter()
        .filter(|r| matches!(r.predicate.as_str(), "said" | "reported-by"))
        .map(|r| (r.predicate.clone(), r.subject.clone(), r.object.clone()))
        .collect()
}

fn st(pred: &str, s: Option<&str>, o: Option<&str>) -> (String, Option<String>, Option<String>) {
    (pred.to_string(), s.map(String::from), o.map(String::from))
}

#[test]
fn an_unnamed_source_that_told_an_outlet_gives_the_outlets_report_and_no_speaker() {
    // A source told the outlet's correspondent: the outlet, written with ل and the article
    // (للجوهرة) or behind "مراسل", is no speaker; the report is the outlet's.
    for text in [
        "وقال مصدر أمني للجوهرة أف أم إن الموقوف مفتش عنه.",
        "وأكد مصدر أمني لمراسل الجوهرة أف أم في الجهة، أن سائق الشاحنة فر.",
        "وقد تم حجز الكمية، بحسب ما أكده مصدر أمني لمراسلة الجوهرة أف أم.",
    ] {
        let ex = run(text);
        let outlet = ex
            .entities
            .iter()
            .find(|e| e.id == "agency:jawhara-fm")
            .expect("the outlet");
        let (t, a, b) = span_in(text, outlet.mentions[0].text.as_str(), 0);
        assert_eq!(
            (outlet.mentions[0].start, outlet.mentions[0].end),
            (a, b),
            "{t}"
        );
        assert_eq!(
            statements(&ex),
            vec![st("reported-by", None, Some("agency:jawhara-fm"))],
            "{text}"
        );
    }
    // After an unnamed source, "the same source" is that source, not the speaker named before.
    let text = "أكد وزير الداخلية الهادي مجدوب أن الوضع مستقر. وقال مصدر أمني إن الهجوم وقع ليلا. وأضاف المصدر ذاته أن التحقيق متواصل.";
    let ex = run(text);
    let minister = entity_with(&ex, ("الهادي مجدوب", 18, 30), "the minister");
    assert_eq!(
        statements(&ex),
        vec![st("said", Some(&minister.id), None)],
        "{:?}",
        statements(&ex)
    );
    // With no unnamed source in between, "the source" is the speaker named before.
    let text = "أكد وزير الداخلية الهادي مجدوب أن الوضع مستقر. وأضاف المصدر أن التحقيق متواصل.";
    let ex = run(text);
    let minister = entity_with(&ex, ("الهادي مجدوب", 18, 30), "the minister");
    assert_eq!(
        statements(&ex),
        vec![
            st("said", Some(&minister.id), None),
            st("said", Some(&minister.id), None)
        ]
    );
}

#[test]
fn a_named_speaker_on_an_outlets_programme_gives_one_report_with_the_speaker() {
    let text = "أكد الخبير محمد الصادق جبنون في مداخلة له على الجوهرة \"اف ام\" اليوم أن تونس دخلت المنحى اليوناني.";
    let ex = run(text);
    let expert = entity_with(&ex, ("محمد الصادق جبنون", 11, 28), "the expert");
    assert_eq!(
        statements(&ex),
        vec![
            st("said", Some(&expert.id), None),
            st("reported-by", Some(&expert.id), Some("agency:jawhara-fm"))
        ]
    );
}

/// (subject, object) of every relation of a predicate.
fn of_predicate(ex: &Extraction, predicate: &str) -> Vec<(Option<String>, Option<String>)> {
    ex.relations
        .iter()
        .filter(|r| r.predicate == predicate)
        .map(|r| (r.subject.clone(), r.object.clone()))
        .collect()
}

#[test]
fn a_speaker_who_says_what_he_will_do_expresses_an_intent() {
    let text = "وأكد الرئيس الفرنسي إيمانويل ماكرون أنه سيزور الجزائر الشهر المقبل.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:emmanuel-macron"),
        vec![
            m("person:emmanuel-macron", "إيمانويل ماكرون", 20, 35),
            m("person:emmanuel-macron", "أنه", 36, 39)
        ]
    );
    let intents = of_predicate(&ex, "expresses-intent");
    assert_eq!(
        intents,
        vec![p("person:emmanuel-macron", Some("country:DZA"))]
    );
    // What "will be done" is the intent of the body the speaker heads.
    let text = "وقال وزير النقل التونسي أنيس غديرة إنه سيتم فتح خط جوي جديد نحو الجزائر.";
    let ex = run(text);
    let minister = entity_with(&ex, ("أنيس غديرة", 24, 34), "the minister");
    let intents = of_predicate(&ex, "expresses-intent");
    assert_eq!(
        intents,
        vec![p("country:TUN", Some("country:DZA"))],
        "{}",
        minister.id
    );
    // "It will be hard" states no intent.
    let ex = run("وأكد ماكرون أنه سيكون من الصعب التوصل إلى اتفاق مع الجزائر.");
    assert!(ex
        .relations
        .iter()
        .all(|r| r.predicate != "expresses-intent"));
}

#[test]
fn a_noun_in_the_construct_between_a_title_and_a_body_is_part_of_the_office() {
    // "رئيس تحرير صحيفة العرب": the editor-in-chief of the paper.
    let text =
        "من جهته قال عبدالله العذبة، رئيس تحرير صحيفة العرب القطرية، على صفحته: \"لم يذهب\".";
    let ex = run(text);
    let editor = entity_with(&ex, ("عبدالله العذبة", 12, 26), "the editor");
    assert_eq!(
        mentions_of(&ex, "agency:al-arab-qatar"),
        vec![m("agency:al-arab-qatar", "صحيفة العرب القطرية", 39, 58)]
    );
    assert_eq!(
        positions(&ex),
        vec![p(&editor.id, Some("agency:al-arab-qatar"))]
    );
    // A body's head in that place names its own body, whose name holds a country: the
    // party "حزب تونس الإرادة" is no office in Tunisia.
    let ex = run("قال عدنان منصر، أمين عام حزب تونس الإرادة إن الائتلاف الحاكم ضعيف.");
    assert!(
        positions(&ex)
            .iter()
            .all(|x| x.1.as_deref() != Some("country:TUN")),
        "{:?}",
        positions(&ex)
    );
    // A military unit is a body too ("المتحدث باسم فيلق الشام").
    let text = "وقال المتحدث باسم فيلق الشام، سيف الرعد، السبت، إن سحب السلاح بدأ.";
    let ex = run(text);
    let unit = entity_with(&ex, ("فيلق الشام", 18, 28), "the unit");
    let speaker = entity_with(&ex, ("سيف الرعد", 30, 39), "the spokesman");
    assert_eq!(positions(&ex), vec![p(&speaker.id, Some(&unit.id))]);
}

#[test]
fn a_local_office_is_held_in_its_city_or_emirate() {
    let text =
        "جرى اجتماع بين ولي عهد أبو ظبي الشيخ محمد بن زايد والرئيس المصري عبد الفتاح السيسي.";
    let ex = run(text);
    assert_eq!(
        mentions_of(&ex, "person:mohamed-bin-zayed"),
        vec![m("person:mohamed-bin-zayed", "محمد بن زايد", 37, 49)]
    );
    assert!(
        positions(&ex).contains(&p("person:mohamed-bin-zayed", Some("location:abu-dhabi"))),
        "{:?}",
        positions(&ex)
    );
    // A national office is not held in a place named after it.
    let ex = run("وقال رئيس الحكومة في تونس إن الوضع هادئ.");
    assert!(
        positions(&ex)
            .iter()
            .all(|x| !x.1.as_deref().is_some_and(|o| o.starts_with("location:"))),
        "{:?}",
        positions(&ex)
    );
}

#[test]
fn a_title_after_a_pronoun_or_a_note_in_brackets_is_the_names_before_them() {
    let text = "عثرت الشرطة على جثة شيلا عبد السلام (65 عاما)، وهي قاضية في المحكمة العليا بنيويورك.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "شيلا عبد السلام", 0);
    let judge = entity_with(&ex, (t.as_str(), a, b), "the judge");
    let (t, a, b) = span_in(text, "المحكمة العليا", 0);
    let court = entity_with(&ex, (t.as_str(), a, b), "the court");
    assert_eq!(positions(&ex), vec![p(&judge.id, Some(&court.id))]);
}

#[test]
fn a_quote_over_several_sentences_keeps_its_speaker_for_the_dropped_subject_after_it() {
    // The quote opened after the colon runs over four sentences; a dropped subject two
    // sentences after its close is still its speaker. A word of the unnamed-speaker list
    // inside the quote a verb opens ("كمسؤول") is not the verb's subject.
    let text = "وقال وزير الخارجية الروسي سيرغي لافروف: \"إن المحادثات كانت مفيدة. ونحن نعمل مع \
                شركائنا كل يوم. وسنواصل الحوار مهما حدث. ولن نتراجع عن ذلك\". وتأتي الزيارة بعد \
                أشهر من التوتر بين البلدين. وأضاف أن موسكو مستعدة للتعاون. وأضاف \"كمسؤول عن \
                الملف، أرى أن الحوار ممكن\".";
    let ex = run(text);
    let lavrov = mentions_of(&ex, "person:sergey-lavrov");
    let (t, a, b) = span_in(text, "سيرغي لافروف", 0);
    assert_eq!(lavrov, vec![m("person:sergey-lavrov", &t, a, b)]);
    let quotes = said_quotes(&ex);
    for quote in [
        "إن المحادثات كانت مفيدة",
        "موسكو مستعدة للتعاون",
        "كمسؤول عن الملف",
    ] {
        assert!(
            quotes.contains(&(Some("person:sergey-lavrov".into()), quote.into())),
            "{quote}: {quotes:?}"
        );
    }
    assert!(quotes
        .iter()
        .all(|(s, _)| s.as_deref() == Some("person:sergey-lavrov")));
}

#[test]
fn a_sentence_inside_a_running_quote_keeps_its_own_subject_for_a_participle() {
    // The quote after the colon has not closed when Macron opens a sentence: his participle
    // ("مؤكدا أن") is his, not the quote's speaker's.
    let text = "قال لافروف: \"إن المحادثات مفيدة. ونحن مستعدون للحوار مع الجميع. ورحب ماكرون \
                بالمحادثات، مؤكدا أن الحوار ممكن.";
    let ex = run(text);
    let macron = mentions_of(&ex, "person:emmanuel-macron");
    let (t, a, b) = span_in(text, "ماكرون", 0);
    assert_eq!(macron, vec![m("person:emmanuel-macron", &t, a, b)]);
    let said = said_quotes(&ex);
    assert!(
        said.contains(&(Some("person:emmanuel-macron".into()), "الحوار ممكن".into())),
        "{said:?}"
    );
}

#[test]
fn a_word_behind_ba_or_ka_is_no_speech_verb() {
    // "كيري" is no ك + يرى ("he sees"), so Kerry is the speaker of what he wrote; "كرات"
    // (balls) is no ك + رأت ("she saw"), so a game report has no statement.
    let text = "والتقى الرئيس بوزير الخارجية السابق جون كيري. وكتب كيري على تويتر: \"على \
                الإدارة أن تقول بوضوح إنها لن تأخذ بذلك\".";
    let ex = run(text);
    let (t, a, b) = span_in(text, "كيري", 1);
    assert!(mentions_of(&ex, "person:john-kerry").contains(&m("person:john-kerry", &t, a, b)));
    let said = said_quotes(&ex);
    assert_eq!(
        said,
        vec![(
            Some("person:john-kerry".into()),
            "على الإدارة أن تقول بوضوح إنها لن تأخذ بذلك".into()
        )]
    );
    let game = run("وسجل جيمس هاردن 32 نقطة واستحوذ على 6 كرات مرتدة، الذي لعب من دون كريس بول.");
    assert!(said_quotes(&game).is_empty(), "{:?}", said_quotes(&game));
}

#[test]
fn a_dateline_in_capitals_is_the_place_the_story_was_filed_from() {
    // The tagger reads a city in capitals as an organisation (a team, in CoNLL's results);
    // before "(" or "," at the start of the text it is the dateline's place.
    for (text, id, city) in [
        (
            "LONDON (Reuters) - Britain said it would send troops.",
            "location:london",
            "LONDON",
        ),
        (
            "BEIRUT, Dec 4 (AFP) - Lebanon said it would send troops.",
            "location:beirut",
            "BEIRUT",
        ),
    ] {
        let ex = run(text);
        let (t, a, b) = span_in(text, city, 0);
        assert_eq!(mentions_of(&ex, id), vec![m(id, &t, a, b)], "{text}");
        assert!(
            ex.entities
                .iter()
                .all(|e| e.entity_type != khabar::EntityType::Agency
                    || e.mentions.iter().all(|x| x.start != 0)),
            "{text}"
        );
    }
}

/// "Nice, France" (the gazetteer's certain English name for a town whose name other places
/// share) is two names in a text, the town and its country, as the guidelines annotate them:
/// the country confirms the town's reading.
#[test]
fn a_town_and_its_country_after_a_comma_are_two_mentions() {
    let text = "NICE, France 1996-08-29\nFrench police arrested three men in Nice, France.";
    let ex = run(text);
    let got = mentions(&ex);
    for (id, s, nth) in [
        ("location:nice", "NICE", 0),
        ("country:FRA", "France", 0),
        ("location:nice", "Nice", 0),
        ("country:FRA", "France", 1),
    ] {
        let (t, a, b) = span_in(text, s, nth);
        assert!(got.contains(&m(id, &t, a, b)), "{s} {nth}: {got:?}");
    }
    assert!(!got.iter().any(|g| g.1.contains(',')), "{got:?}");
}

/// Asserts that `ex` has, for each `(id, name, nth)`, a mention of entity `id` with the text
/// and span of the `nth` occurrence of `name` in `text`.
fn assert_mentions(text: &str, ex: &Extraction, want: &[(&str, &str, usize)]) {
    let got = mentions(ex);
    for &(id, name, nth) in want {
        let (t, a, b) = span_in(text, name, nth);
        assert!(got.contains(&m(id, &t, a, b)), "{name}: {got:?}");
    }
}

/// Wire copy's compass abbreviations name the states: "S. Korea" is South Korea, not a new
/// place; "S. Africa" is South Africa, not the continent; "W. Germany" is Germany.
#[test]
fn compass_abbreviations_name_the_states() {
    let text = "S. Korea and N. Korea held talks, while S. Africa and W. Germany signed a pact.";
    let ex = run(text);
    assert_mentions(
        text,
        &ex,
        &[
            ("country:KOR", "S. Korea", 0),
            ("country:PRK", "N. Korea", 0),
            ("country:ZAF", "S. Africa", 0),
            ("country:DEU", "W. Germany", 0),
        ],
    );
    let got = mentions(&ex);
    assert!(!got.iter().any(|g| g.0 == "location:africa"), "{got:?}");
}

/// The US states have one id in both languages: the Arabic name links by itself, "ولاية
/// جورجيا" is the state (the bare name is the country) with the classifier outside the
/// span, and an English name the tagger reads as a place links to the same state.
#[test]
fn us_states_have_one_id_in_both_languages() {
    let ar = "وضرب الإعصار ولاية فلوريدا وولاية جورجيا، وقال حاكم كاليفورنيا إن الحرائق انتشرت.";
    let en = "A hurricane hit Florida on Tuesday, officials in California said.";
    assert_mentions(
        ar,
        &run(ar),
        &[
            ("location:florida", "فلوريدا", 0),
            ("location:georgia", "جورجيا", 0),
            ("location:california", "كاليفورنيا", 0),
        ],
    );
    assert_mentions(
        en,
        &run(en),
        &[
            ("location:florida", "Florida", 0),
            ("location:california", "California", 0),
        ],
    );
}

/// The four countries of the United Kingdom are regions of it, in both languages; "أيرلندا
/// الشمالية" is not Ireland.
#[test]
fn the_countries_of_the_united_kingdom_are_its_regions() {
    let ar = "فاز منتخب إنجلترا على اسكتلندا، وتعادلت ويلز مع أيرلندا الشمالية.";
    let en = "England beat Scotland, and Wales drew with Northern Ireland.";
    let (ex_ar, ex_en) = (run(ar), run(en));
    assert_mentions(
        ar,
        &ex_ar,
        &[
            ("location:england", "إنجلترا", 0),
            ("location:scotland", "اسكتلندا", 0),
            ("location:wales", "ويلز", 0),
            ("location:northern-ireland", "أيرلندا الشمالية", 0),
        ],
    );
    assert_mentions(
        en,
        &ex_en,
        &[
            ("location:england", "England", 0),
            ("location:scotland", "Scotland", 0),
            ("location:wales", "Wales", 0),
            ("location:northern-ireland", "Northern Ireland", 0),
        ],
    );
    for ex in [&ex_ar, &ex_en] {
        let got = mentions(ex);
        assert!(!got.iter().any(|g| g.0 == "country:IRL"), "{got:?}");
    }
    let england = ex_ar
        .entities
        .iter()
        .find(|e| e.id == "location:england")
        .expect("England");
    assert_eq!(england.country.as_deref(), Some("country:GBR"));
}

/// A city's name with the article (البصرة, where the generated name is بصرة) links, and a
/// canal named after a city keeps its classifier: "قناة السويس" is the canal, not Suez.
#[test]
fn a_citys_name_with_the_article_and_a_canal_named_after_a_city() {
    let text = "عبرت السفينة قناة السويس متجهة إلى البصرة في العراق.";
    for ex in run_both(text) {
        assert_mentions(
            text,
            &ex,
            &[
                ("location:suez-canal", "قناة السويس", 0),
                ("location:basra", "البصرة", 0),
            ],
        );
        let got = mentions(&ex);
        assert!(!got.iter().any(|g| g.0 == "location:suez"), "{got:?}");
    }
}

/// Regions and places the news of 2018 names often: the Korean Peninsula, Eastern Ghouta,
/// Catalonia, the Nile, Sochi, Salisbury, Marib, Macedonia.
#[test]
fn regions_the_news_names_often_link() {
    let text = "نوقشت قضية شبه الجزيرة الكورية في سوتشي، بينما تواصل القصف على الغوطة الشرقية، وصوت برلمان كتالونيا، وتراجع منسوب النيل.";
    let ex = run(text);
    assert_mentions(
        text,
        &ex,
        &[
            ("location:korean-peninsula", "شبه الجزيرة الكورية", 0),
            ("location:sochi", "سوتشي", 0),
            ("location:eastern-ghouta", "الغوطة الشرقية", 0),
            ("location:nile", "النيل", 0),
        ],
    );
    // The parliament is an organisation named by the region, which is no mention of its own.
    let got = mentions(&ex);
    let (t, a, b) = span_in(text, "برلمان كتالونيا", 0);
    assert!(
        got.iter()
            .any(|g| (g.1.as_str(), g.2, g.3) == (t.as_str(), a, b) && g.0.starts_with("agency:")),
        "{got:?}"
    );
    // And Salisbury, Marib, Macedonia under its name of 1991 to 2019, The Hollywood Reporter.
    let text = "وقعت الحادثة في سالزبري، واشتدت المعارك في مأرب، وصوتت مقدونيا على الاتفاق، كما نقلت مجلة هوليوود ريبورتر.";
    assert_mentions(
        text,
        &run(text),
        &[
            ("location:salisbury", "سالزبري", 0),
            ("location:marib", "مأرب", 0),
            ("country:MKD", "مقدونيا", 0),
            ("agency:hollywood-reporter", "هوليوود ريبورتر", 0),
        ],
    );
    // "النيل من" is "to harm": no mention of the Nile, with or without a proclitic.
    for text in [
        "وحاولوا النيل منه دون جدوى.",
        "ولن يسمح للنيل من الدولة التركية.",
    ] {
        for ex in run_both(text) {
            assert!(
                mentions(&ex).iter().all(|g| !g.1.contains("النيل")),
                "{:?}",
                mentions(&ex)
            );
        }
    }
}

/// Organisations the news of 2018 names often, under the spellings it uses: OPCW with
/// "الكيمياوية", Oxfam, Cambridge Analytica, Bayern by its short name, Marca; the coalition in
/// Yemen and two Syrian armed groups.
#[test]
fn organisations_the_news_names_often_link() {
    let text = "قالت منظمة حظر الأسلحة الكيمياوية إن أوكسفام وكامبريدج أناليتيكا لم تعلقا، بينما فاز بايرن حسب صحيفة ماركا.";
    assert_mentions(
        text,
        &run(text),
        &[
            ("agency:opcw", "منظمة حظر الأسلحة الكيمياوية", 0),
            ("agency:oxfam", "أوكسفام", 0),
            ("agency:cambridge-analytica", "كامبريدج أناليتيكا", 0),
            ("agency:bayern-munich", "بايرن", 0),
            ("agency:marca", "ماركا", 0),
        ],
    );
    let text = "قصف التحالف العربي مواقع الحوثيين، بينما انسحب مقاتلو جيش الإسلام وفيلق الرحمن من الغوطة الشرقية.";
    assert_mentions(
        text,
        &run(text),
        &[
            ("agency:saudi-led-coalition", "التحالف العربي", 0),
            ("agency:jaysh-al-islam", "جيش الإسلام", 0),
            ("agency:faylaq-al-rahman", "فيلق الرحمن", 0),
        ],
    );
}

/// People of the news of 2018 under the spellings it uses: Kim Jong Un with a hyphen or with
/// يونغ, John Bolton and Steven Mnuchin (offices of 2017 to 2021).
#[test]
fn people_of_the_news_of_2018_link() {
    let text = "التقى ترمب كيم جونغ-أون في سنغافورة بحضور جون بولتون وستيفن منوتشين، وقال كيم يونغ أون إن بولتون حضر.";
    assert_mentions(
        text,
        &run(text),
        &[
            ("person:kim-jong-un", "كيم جونغ-أون", 0),
            ("person:kim-jong-un", "كيم يونغ أون", 0),
            ("person:john-bolton", "جون بولتون", 0),
            ("person:john-bolton", "بولتون", 1),
            ("person:steven-mnuchin", "ستيفن منوتشين", 0),
        ],
    );
    // Officials the news of 2018 quotes most, with their offices: the White House spokeswoman
    // named by her title alone is the one of the document's date.
    let text = "قالت نيكي هيلي إن بلادها لن تقبل ذلك، وقال جيمس كومي إنه لم يكذب. وأضاف جياني \
                إنفانتينو أن الفيفا مستعد. وقالت المتحدثة باسم البيت الأبيض إن الرئيس سيلتقي كيم.";
    let ex = run_on(text, "2018-05-01");
    assert_mentions(
        text,
        &ex,
        &[
            ("person:nikki-haley", "نيكي هيلي", 0),
            ("person:james-comey", "جيمس كومي", 0),
            ("person:gianni-infantino", "جياني إنفانتينو", 0),
        ],
    );
    let said: Vec<Option<String>> = ex
        .relations
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| r.subject.clone())
        .collect();
    assert!(
        said.contains(&Some("person:sarah-huckabee-sanders".to_string())),
        "{said:?}"
    );
}

/// Leaders and officials the news archives name (Reuters of 1987, Arabic archives): their
/// names, their surnames alone, and their offices of the document's date.
#[test]
fn people_of_the_archives_link() {
    let text = "President Reagan told reporters that Treasury Secretary James Baker and Fed \
                chairman Paul Volcker would meet Japanese Prime Minister Yasuhiro Nakasone. Baker \
                said the dollar was stable.";
    let ex = run_on(text, "1987-03-01");
    assert_mentions(
        text,
        &ex,
        &[
            ("person:ronald-reagan", "Reagan", 0),
            ("person:james-baker", "James Baker", 0),
            ("person:james-baker", "Baker", 1),
            ("person:paul-volcker", "Paul Volcker", 0),
            ("person:yasuhiro-nakasone", "Yasuhiro Nakasone", 0),
        ],
    );
    let positions = positions(&ex);
    for (who, of) in [
        ("person:ronald-reagan", "country:USA"),
        ("person:james-baker", "country:USA"),
        ("person:yasuhiro-nakasone", "country:JPN"),
    ] {
        assert!(
            positions.contains(&(Some(who.to_string()), Some(of.to_string()))),
            "{who}: {positions:?}"
        );
    }
    let text = "وقال الرئيس المصري أنور السادات إن مصر ستوقع الاتفاق، فيما رحب الخميني بالثورة.";
    let ex = run_on(text, "1979-03-01");
    assert_mentions(
        text,
        &ex,
        &[
            ("person:anwar-sadat", "أنور السادات", 0),
            ("person:ruhollah-khomeini", "الخميني", 0),
        ],
    );
}

#[test]
fn a_speech_participle_shares_the_subject_of_its_clause() {
    // "قائلا" ends a clause whose verb is no speech verb: its speaker is that clause's
    // subject. An adjective spelled like a participle, with no statement after it, is none.
    lavrov_says(
        "ورد لافروف على سؤال الصحفيين قائلا: \"إن المحادثات كانت مفيدة\".",
        "إن المحادثات كانت مفيدة",
    );
    let adjective = run("وكانت محادثات لافروف في الجزائر مفيدة للطرفين.");
    assert!(
        said_quotes(&adjective).is_empty(),
        "{:?}",
        said_quotes(&adjective)
    );
}

#[test]
fn a_verb_after_but_he_or_while_shares_the_sentences_subject() {
    // "لكنه قال"، "فيما قالت": a conjunction opens the verb's clause, whose subject is the
    // sentence's; "وقال إن روسيا …، ولكنه أضاف" is not Russia's (a party after a speech
    // verb's complementizer is no subject).
    for (text, id, quote) in [
        (
            "ولم يكشف لافروف عن تفاصيل المحادثات لكنه قال إن الحوار مستمر.",
            "person:sergey-lavrov",
            "الحوار مستمر",
        ),
        (
            "فرضت روسيا عقوبات جديدة على السلع فيما قالت إنها ستواصل الحوار.",
            "country:RUS",
            "ستواصل الحوار",
        ),
    ] {
        let ex = run(text);
        assert!(
            said_quotes(&ex).contains(&(Some(id.into()), quote.into())),
            "{text}: {:?}",
            said_quotes(&ex)
        );
    }
    let ex = run("وقال إن روسيا ستبقى شريكا صعبا، ولكنه أضاف أن الحوار يجب أن يتواصل.");
    assert!(
        said_quotes(&ex)
            .iter()
            .all(|(s, _)| s.as_deref() != Some("country:RUS")),
        "{:?}",
        said_quotes(&ex)
    );
}

#[test]
fn a_hashtag_joining_a_names_words_with_underscores_is_the_name() {
    // "#البيت_الأبيض": the underscore normalizes to a space, so the words are tokens the
    // gazetteer's two-word name matches; the span keeps the underscore, as written.
    let text = "اتهم #البيت_الأبيض يوم الاثنين #الصين بتشويه الأسواق العالمية.";
    let ex = run(text);
    let (t, a, b) = span_in(text, "البيت_الأبيض", 0);
    assert!(
        mentions_of(&ex, "agency:white-house").contains(&m("agency:white-house", &t, a, b)),
        "{:?}",
        mentions_of(&ex, "agency:white-house")
    );
    let (t, a, b) = span_in(text, "الصين", 0);
    assert_eq!(
        mentions_of(&ex, "country:CHN"),
        vec![m("country:CHN", &t, a, b)]
    );
}

#[test]
fn a_town_the_tagger_reads_as_a_person_is_the_surname_of_a_person_named_in_full() {
    // "Washington" and "بخاري" (Bukhara) are towns in the gazetteer; after "MaliVai
    // Washington" and "محمد بخاري" the tagger reads them alone as people, and they are those
    // people's surnames. Buhari is a gazetteer person: the tagged surname joins him. Where the
    // tagger reads the town as a place, it stays one.
    let text =
        "MaliVai Washington beat Andre Agassi on Friday. Washington served 17 aces in the match.";
    let ex = run(text);
    let id = id_of(&ex, "MaliVai Washington");
    let (t0, a0, b0) = span_in(text, "MaliVai Washington", 0);
    let (t1, a1, b1) = span_in(text, "Washington", 1);
    assert_eq!(
        mentions_of(&ex, &id),
        vec![m(&id, &t0, a0, b0), m(&id, &t1, a1, b1)]
    );
    assert!(mentions_of(&ex, "location:washington").is_empty());
    let text = "قال الرئيس النيجيري محمد بخاري إن الهجوم كارثة وطنية. وأضاف بخاري أن الحكومة \
                ستعمل على إعادة التلميذات.";
    let ex = run(text);
    let (t0, a0, b0) = span_in(text, "محمد بخاري", 0);
    let (t1, a1, b1) = span_in(text, "بخاري", 1);
    let buhari = "person:muhammadu-buhari";
    assert_eq!(
        mentions_of(&ex, buhari),
        vec![m(buhari, &t0, a0, b0), m(buhari, &t1, a1, b1)]
    );
    assert!(mentions_of(&ex, "location:bukhara").is_empty());
    let place = run("Washington said on Friday it would send troops. MaliVai Washington lost.");
    assert_eq!(
        mentions_of(&place, "location:washington"),
        vec![m("location:washington", "Washington", 0, 10)]
    );
}

#[test]
fn a_tagged_surname_joins_the_gazetteer_person_named_in_full_before_it() {
    // The tagger finds "جونسون" alone after the gazetteer's "بوريس جونسون": Boris Johnson's
    // mention, not another person's. Before the full name it joins no one.
    let text = "قال وزير الخارجية البريطاني بوريس جونسون إن بلاده تدعم الاتفاق. وأضاف جونسون \
                أن المحادثات ستستمر.";
    let ex = run(text);
    let (t0, a0, b0) = span_in(text, "بوريس جونسون", 0);
    let (t1, a1, b1) = span_in(text, "جونسون", 1);
    let boris = "person:boris-johnson";
    assert_eq!(
        mentions_of(&ex, boris),
        vec![m(boris, &t0, a0, b0), m(boris, &t1, a1, b1)]
    );
    let said: Vec<Option<String>> = said_quotes(&ex).into_iter().map(|(s, _)| s).collect();
    assert_eq!(said, vec![Some(boris.to_string()), Some(boris.to_string())]);
    let before = "وأضاف جونسون أن المحادثات ستستمر. وقال بوريس جونسون إن بلاده تدعم الاتفاق.";
    let ex = run(before);
    let (t1, a1, b1) = span_in(before, "بوريس جونسون", 0);
    assert_eq!(mentions_of(&ex, boris), vec![m(boris, &t1, a1, b1)]);
}

#[test]
fn the_club_is_the_one_club_the_document_named() {
    // "النادي" refers back to the club the document named, though the club's name does not
    // start with the noun; not when it named two clubs, nor a national team.
    let text = "تعاقد ريال مدريد مع لاعب جديد. وقال النادي في بيان إن اللاعب سينضم الأسبوع المقبل.";
    let ex = run(text);
    let (t0, a0, b0) = span_in(text, "ريال مدريد", 0);
    let (t1, a1, b1) = span_in(text, "النادي", 0);
    let real = "agency:real-madrid";
    assert_eq!(
        mentions_of(&ex, real),
        vec![m(real, &t0, a0, b0), m(real, &t1, a1, b1)]
    );
    for text in [
        "فاز ريال مدريد على يوفنتوس. وقال النادي في بيان إن اللاعب أصيب.",
        "فاز المنتخب المصري في المباراة. وقال النادي في بيان إن اللاعب أصيب.",
    ] {
        let ex = run(text);
        let (_, a, _) = span_in(text, "النادي", 0);
        assert!(
            mentions(&ex).iter().all(|x| x.2 != a),
            "{text}: {:?}",
            mentions(&ex)
        );
    }
}

#[test]
fn a_speech_verb_after_haythu_shares_the_subject_of_its_sentence() {
    // "حيث قال" opens a clause whose dropped subject is the sentence's: Lavrov, who visited.
    lavrov_says(
        "وزار لافروف الجزائر أمس، حيث قال إن العلاقات بين البلدين قوية.",
        "العلاقات بين البلدين قوية",
    );
}

#[test]
fn ala_before_a_name_is_the_preposition_not_the_name_ali() {
    // Normalized, "على" ("on") is the name علي; written with ى before a name the tagger runs
    // on from it, it stays outside: "على دانييلز" is Stormy Daniels' surname after "on".
    let text = "وقالت الممثلة ستورمي دانييلز إنها ستقاضي المحامي. وسُلطت الأضواء على دانييلز \
                بعد ظهورها في برنامج تلفزيوني.";
    let ex = run(text);
    let id = id_of(&ex, "ستورمي دانييلز");
    let (t0, a0, b0) = span_in(text, "ستورمي دانييلز", 0);
    let (t1, a1, b1) = span_in(text, "دانييلز", 1);
    let got: Vec<_> = mentions_of(&ex, &id)
        .into_iter()
        .filter(|x| x.1 != "إنها")
        .collect();
    assert_eq!(got, vec![m(&id, &t0, a0, b0), m(&id, &t1, a1, b1)]);
    assert!(
        mentions(&ex).iter().all(|x| !x.1.starts_with("على")),
        "{:?}",
        mentions(&ex)
    );
}

#[test]
fn a_member_holds_a_position_and_the_genitive_of_the_title_is_no_outlet() {
    // "عضو" is a title: the person holds a position in the body it names. The organisation
    // behind ل at the end of the title phrase is that body's genitive, not an outlet told.
    let text = "قال بشير بوجدي عضو المكتب التنفيذي لاتحاد الصناعة والتجارة والصناعات التقليدية \
                أن المنظمة لم تكن على علم مسبق بالتعيين.";
    let ex = run(text);
    let (t0, a0, b0) = span_in(text, "بشير بوجدي", 0);
    let person = id_of(&ex, "بشير بوجدي");
    assert_eq!(mentions_of(&ex, &person), vec![m(&person, &t0, a0, b0)]);
    let held = positions(&ex);
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].0.as_deref(), Some(person.as_str()));
    assert!(held[0].1.is_some(), "{held:?}");
    let said: Vec<Option<String>> = said_quotes(&ex).into_iter().map(|(s, _)| s).collect();
    assert_eq!(said, vec![Some(person.clone())]);
    assert!(
        ex.relations.iter().all(|r| r.predicate != "reported-by"),
        "{:?}",
        ex.relations
    );
}

#[test]
fn a_title_after_a_pronoun_describes_the_name_before_it() {
    // "وهي عضو في منظمة أوبك" says what Iran is; the name after the phrase is the verb's
    // object, no member of OPEC.
    let text = "واتهمت إيران، وهي عضو في منظمة أوبك، ترامب بمحاولة تسييس المنظمة.";
    let ex = run(text);
    let (t0, a0, b0) = span_in(text, "ترامب", 0);
    assert_eq!(
        mentions_of(&ex, "person:donald-trump"),
        vec![m("person:donald-trump", &t0, a0, b0)]
    );
    assert_eq!(positions(&ex), vec![]);
}

#[test]
fn two_titles_joined_by_wa_are_both_the_names_offices() {
    // "رئيس الوزراء ووزير الخارجية": two offices of one person, not a minister's office
    // headed by a prime minister (as "نائب وزير الخارجية" is a deputy's).
    let text = "وقال رئيس الوزراء ووزير الخارجية الإسرائيلي بنيامين نتنياهو إن الأمر خطير.";
    let ex = run(text);
    let bibi = "person:benjamin-netanyahu";
    let (t0, a0, b0) = span_in(text, "بنيامين نتنياهو", 0);
    assert_eq!(mentions_of(&ex, bibi), vec![m(bibi, &t0, a0, b0)]);
    assert_eq!(positions(&ex), vec![p(bibi, Some("country:ISR"))]);
    let titles: Vec<&str> = ex
        .relations
        .iter()
        .filter(|r| r.predicate == "holds-position")
        .filter_map(|r| r.roles.get("title").and_then(|t| t["text"].as_str()))
        .collect();
    assert_eq!(titles, vec!["رئيس الوزراء"]);
}

#[test]
fn a_description_before_a_tagged_name_stays_outside_the_person() {
    // "قالت المحامية سعاد البراهمة، عضو ...": the tagger's person is the one the title
    // after the comma names; "المحامية" (the lawyer) is no part of her name.
    let text = "وقالت المحامية سعاد البراهمة، عضو الجمعية المغربية للنساء التقدميات، إن القانون \
                جيد.";
    let ex = run(text);
    let person = id_of(&ex, "سعاد البراهمة");
    let (t0, a0, b0) = span_in(text, "سعاد البراهمة", 0);
    assert_eq!(mentions_of(&ex, &person), vec![m(&person, &t0, a0, b0)]);
    assert!(
        mentions(&ex).iter().all(|x| !x.1.starts_with("المحامية")),
        "{:?}",
        mentions(&ex)
    );
    let held = positions(&ex);
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].0.as_deref(), Some(person.as_str()));
    let body = held[0].1.clone().expect("the association");
    let (t1, a1, b1) = span_in(text, "الجمعية المغربية للنساء التقدميات", 0);
    assert_eq!(mentions_of(&ex, &body), vec![m(&body, &t1, a1, b1)]);
}

#[test]
fn an_agency_noun_in_a_title_names_no_outlet_of_another_kind() {
    // "عضو الهيئة" after a radio was named: the body named "الهيئة ..." before, not the radio.
    let text = "قال لطفي عز الدين عضو الهيئة الوطنية للوقاية من التعذيب إن السجون مكتظة. \
                وأضاف في تصريح لإذاعة الجوهرة اف ام أن الوضع صعب. وشدد عضو الهيئة على ضرورة تخفيف \
                الاكتظاظ.";
    let ex = run(text);
    let (t0, a0, b0) = span_in(text, "الجوهرة اف ام", 0);
    assert_eq!(
        mentions_of(&ex, "agency:jawhara-fm"),
        vec![m("agency:jawhara-fm", &t0, a0, b0)]
    );
}

#[test]
fn an_outlet_behind_la_after_a_title_phrase_is_no_body_of_the_office() {
    // "العضو في الحكومة الأمنية المصغرة لإذاعة الجيش الإسرائيلي": the radio is told, the
    // office is held in the security cabinet.
    let text = "وقال وزير الأمن الداخلي، جلعاد أردان، العضو في الحكومة الأمنية المصغرة لإذاعة \
                الجيش الإسرائيلي إن إسرائيل ستواصل التحرك.";
    let ex = run(text);
    let held = positions(&ex);
    assert!(!held.is_empty());
    assert!(
        held.iter()
            .all(|x| x.1.as_deref() != Some("agency:army-radio-israel")),
        "{held:?}"
    );
}

#[test]
fn the_subject_before_qad_or_has_is_the_speaker() {
    // "وكان X قد أكد"، "X has said", "X also said": the words between the subject and the
    // verb leave X its subject.
    for (text, speaker, quote) in [
        (
            "وكان وزير الخارجية سامح شكري قد أكد أن مصر لن تقبل الاتفاق.",
            "person:sameh-shoukry",
            "مصر لن تقبل الاتفاق",
        ),
        (
            "Sameh Shoukry has said that Egypt would not accept the deal.",
            "person:sameh-shoukry",
            "Egypt would not accept the deal",
        ),
        (
            "General Motors also said it will cut jobs.",
            "agency:general-motors",
            "it will cut jobs",
        ),
    ] {
        let ex = run(text);
        assert_eq!(
            said_quotes(&ex),
            vec![(Some(speaker.to_string()), quote.to_string())],
            "{text}"
        );
    }
    // A title, then its name between commas, then قد: the name is the speaker.
    let text = "وكانت المتحدثة باسم الوزارة، ماريا زاخاروفا، قد أفادت أمس أن السلطات لم تذكر \
                السبب.";
    let ex = run(text);
    let zakharova = "person:maria-zakharova";
    let (t0, a0, b0) = span_in(text, "ماريا زاخاروفا", 0);
    assert_eq!(mentions_of(&ex, zakharova), vec![m(zakharova, &t0, a0, b0)]);
    assert_eq!(
        said_quotes(&ex),
        vec![(
            Some(zakharova.to_string()),
            "السلطات لم تذكر السبب".to_string()
        )]
    );
}

#[test]
fn qad_before_a_verb_in_the_perfect_asserts() {
    // "وقد أكد" is "has confirmed", not "may confirm"; "قد يزور" stays "may visit".
    let ex = run("وقد أكد سامح شكري أن مصر لن تقبل الاتفاق.");
    let modality: Vec<(String, khabar::model::Modality)> = ex
        .relations
        .iter()
        .map(|r| (r.predicate.clone(), r.modality))
        .collect();
    assert_eq!(
        modality,
        vec![("said".to_string(), khabar::model::Modality::Actual)]
    );
    let ex = run("وقد يزور سامح شكري روسيا الأسبوع المقبل.");
    let visits: Vec<khabar::model::Modality> = ex
        .relations
        .iter()
        .filter(|r| r.predicate == "visits")
        .map(|r| r.modality)
        .collect();
    assert_eq!(visits, vec![khabar::model::Modality::Hypothetical]);
}

#[test]
fn a_definite_plural_after_the_verb_is_its_own_unnamed_subject() {
    // "وقال المحتجون": the protesters said it, not the speaker named before.
    let text = "وقال وزير الخارجية سامح شكري إن مصر لن تقبل الاتفاق. وقال المحتجون إن الحكومة \
                فشلت.";
    let ex = run(text);
    assert_eq!(
        said_quotes(&ex),
        vec![(
            Some("person:sameh-shoukry".to_string()),
            "مصر لن تقبل الاتفاق".to_string()
        )]
    );
}

#[test]
fn an_attribution_to_the_same_source_is_the_speaker_named_before() {
    // "بحسب نفس المصدر"، "وفق المصدر ذاته": the source quoted before says this too; between
    // commas after a word, the statement goes on after them.
    let text = "وقال وزير الخارجية سامح شكري إن الرحلات ستستأنف غدا. وسيتم، بحسب نفس المصدر، \
                توفير حافلات لنقل المسافرين. والمساعي حثيثة لإيقاف السائق، وفق المصدر ذاته.";
    let ex = run(text);
    let shoukry = Some("person:sameh-shoukry".to_string());
    assert_eq!(
        said_quotes(&ex),
        vec![
            (shoukry.clone(), "الرحلات ستستأنف غدا".to_string()),
            (shoukry.clone(), "توفير حافلات لنقل المسافرين".to_string()),
            (shoukry, "والمساعي حثيثة لإيقاف السائق".to_string()),
        ]
    );
}

#[test]
fn a_bodys_head_noun_between_a_title_and_a_name_is_the_phrases() {
    // "المتحدث باسم الجيش X": X holds the office in an unnamed body (not in the document's
    // country); when the noun refers back to an organisation named before ("الحركة" after
    // "حركة النهضة"), in that organisation.
    let text = "وقال المتحدث باسم الجيش اورلندو برنردو إن الوضع هادئ.";
    let ex = run(text);
    let person = id_of(&ex, "اورلندو برنردو");
    let (t0, a0, b0) = span_in(text, "اورلندو برنردو", 0);
    assert_eq!(mentions_of(&ex, &person), vec![m(&person, &t0, a0, b0)]);
    assert_eq!(positions(&ex), vec![p(&person, None)]);
    let text = "يعيش نابولي أزمة في إيطاليا. ومن المتوقع رحيل ماوريسيو ساري عن تدريب نابولي بعد \
                خلافات مع رئيس النادي أوريليو دي لاورينتيس.";
    let ex = run(text);
    let person = id_of(&ex, "أوريليو دي لاورينتيس");
    assert_eq!(positions(&ex), vec![p(&person, None)]);
    let text = "وقالت حركة النهضة في بيان إنها ستشارك. وقال المتحدث باسم الحركة عماد الخميري إن \
                الانتخابات مهمة.";
    let ex = run(text);
    let person = id_of(&ex, "عماد الخميري");
    assert_eq!(positions(&ex), vec![p(&person, Some("agency:ennahda"))]);
    // "في بيان إنها": the statement's pronoun is no outlet.
    assert!(
        ex.relations.iter().all(|r| r.predicate != "reported-by"),
        "{:?}",
        ex.relations
    );
}

#[test]
fn a_correspondent_holds_a_position_at_the_outlet() {
    let text = "ويقول مراسل بي بي سي، جوناثان هيد، إن العملية محاطة بسرية تامة.";
    let ex = run(text);
    let person = id_of(&ex, "جوناثان هيد");
    let (t0, a0, b0) = span_in(text, "جوناثان هيد", 0);
    assert_eq!(mentions_of(&ex, &person), vec![m(&person, &t0, a0, b0)]);
    assert_eq!(positions(&ex), vec![p(&person, Some("agency:bbc"))]);
}

#[test]
fn the_one_who_holds_the_post_is_the_name_before_it() {
    // "X، الذي يشغل منصب وزير العدل": X holds the office (not the minister the date gives);
    // "التي شغلت منصب" (held, in the past) names her but records no position.
    let text = "قال جيف سيشنز، الذي يشغل منصب وزير العدل الأمريكي، إنه اتخذ قراره.";
    let ex = run(text);
    let sessions = id_of(&ex, "جيف سيشنز");
    let (t0, a0, b0) = span_in(text, "جيف سيشنز", 0);
    // (And "إنه", the statement's pronoun.)
    let (t1, a1, b1) = span_in(text, "إنه", 0);
    assert_eq!(
        mentions_of(&ex, &sessions),
        vec![m(&sessions, &t0, a0, b0), m(&sessions, &t1, a1, b1)]
    );
    assert_eq!(positions(&ex), vec![p(&sessions, Some("country:USA"))]);
    let text = "وتعرضت كيم كامبل، التي شغلت منصب رئيسة وزراء كندا عام 1993، للانتقاد.";
    let ex = run(text);
    assert_eq!(positions(&ex), vec![]);
}

#[test]
fn a_spokesperson_speaks_for_the_organisation_and_the_article_before_a_trailing_speaker() {
    // "A spokesman for X said", "A X spokesman said", "…, the X said", "…, a X spokesman
    // said": X's statements (the one unnamed speaker the guidelines make a party).
    let gm = Some("agency:general-motors".to_string());
    for (text, quote) in [
        (
            "A spokesman for General Motors said the company would cut jobs.",
            "the company would cut jobs",
        ),
        (
            "A General Motors spokesman said the company would cut jobs.",
            "the company would cut jobs",
        ),
        (
            "The company would cut 500 jobs, a General Motors spokesman said.",
            "The company would cut 500 jobs",
        ),
        (
            "Profits rose 20 pct in the quarter, the General Motors said.",
            "Profits rose 20 pct in the quarter",
        ),
    ] {
        let ex = run(text);
        let (t0, a0, b0) = span_in(text, "General Motors", 0);
        assert_eq!(
            mentions_of(&ex, "agency:general-motors")
                .into_iter()
                .map(|x| (x.1, x.2, x.3))
                .collect::<Vec<_>>(),
            vec![(t0, a0, b0)],
            "{text}"
        );
        assert_eq!(
            said_quotes(&ex),
            vec![(gm.clone(), quote.to_string())],
            "{text}"
        );
    }
    // An official is no spokesperson: unnamed, no statement.
    let ex = run("An official at General Motors said the company would cut jobs.");
    assert_eq!(said_quotes(&ex), vec![]);
}

#[test]
fn urging_is_a_statement() {
    // "حث X Y على" (urged): calling on, a statement by the guidelines.
    let text = "وحث الرئيس التونسي قيس سعيد الحكومة على الإسراع في الإصلاحات.";
    let ex = run(text);
    let (t0, a0, b0) = span_in(text, "قيس سعيد", 0);
    assert_eq!(
        mentions_of(&ex, "person:kais-saied"),
        vec![m("person:kais-saied", &t0, a0, b0)]
    );
    assert_eq!(
        said_quotes(&ex),
        vec![(
            Some("person:kais-saied".to_string()),
            "الحكومة على الإسراع في الإصلاحات".to_string()
        )]
    );
}

/// The speakers of English speech verbs. A company's name that is also a word ("Ford") is the
/// company where the tagger read it so, and its spokesman speaks for it. A name after the
/// verb, without "that", is the statement's, not the speaker ("He noted Congress authorized"
/// is his statement); after a quote and a comma, a name right after the verb (perhaps after
/// a title) is the speaker.
#[test]
fn english_speakers_stand_before_the_verb_unless_it_follows_the_quote() {
    let said = |text: &str| said_by(&run(text));
    let ford = Some("agency:ford".to_string());
    assert_eq!(
        said("A spokesman for Ford said the company would cut 300 jobs."),
        [(ford, 0)]
    );
    let text = "Vladimir Putin arrived in Algiers on Monday. He noted Congress authorized the \
                sale.";
    let putin = Some("person:vladimir-putin".to_string());
    assert_eq!(said(text), [(putin.clone(), span_in(text, "He", 0).1)]);
    let text = "\"We are ready,\" said President Vladimir Putin, who arrived on Monday.";
    assert_eq!(said(text), [(putin, 0)]);
}

/// An acronym of an organisation the story named in full before it is that organisation:
/// the initials of its capitalized words, the small words left out ("SEC"), with or without
/// its legal form ("PGI", "GE"). Where two organisations of the story spell it, it is
/// neither's.
#[test]
fn an_acronym_is_the_organisation_named_in_full_before_it() {
    let text = "Eagle Entertainment Inc signed an agreement with Performance Guarantees Inc on \
                Monday. PGI provides independent film producers and their investors with \
                completion bonds. The Securities and Exchange Commission said the General \
                Electric Co deal was legal. The SEC agreed, and a GE spokesman said the company \
                was pleased.";
    let ex = run(text);
    assert_one_entity(text, &ex, &[("Performance Guarantees Inc", 0), ("PGI", 0)]);
    assert_one_entity(
        text,
        &ex,
        &[("Securities and Exchange Commission", 0), ("SEC", 0)],
    );
    assert_one_entity(text, &ex, &[("General Electric Co", 0), ("GE", 0)]);
    // Two organisations spell "CSO": the acronym is neither's.
    let text = "The Central Statistical Office and the Civil Service Organisation met on \
                Monday. A CSO spokesman said prices rose.";
    let ex = run(text);
    let cso = span_in(text, "CSO", 0);
    let got = mentions(&ex);
    assert!(
        got.iter().any(
            |g| (g.1.as_str(), g.2, g.3) == (cso.0.as_str(), cso.1, cso.2)
                && g.0.starts_with("agency:cso")
        ),
        "{got:?}"
    );
}

/// A company's full name the wire copy wraps over two lines is the gazetteer's company, as on
/// one line, and so is its ticker.
#[test]
fn a_company_name_wrapped_over_two_lines_is_the_company() {
    let text = "The Sterling was designed in a joint venture with Honda\nMotor Corp <HMC>.";
    let ex = run(text);
    let at = |s: &str| span_in(text, s, 0);
    let got = mentions_of(&ex, "agency:honda");
    let want: Vec<(String, String, usize, usize)> = [at("Honda\nMotor Corp"), at("HMC")]
        .into_iter()
        .map(|(t, a, b)| ("agency:honda".to_string(), t, a, b))
        .collect();
    assert_eq!(got, want, "{:?}", mentions(&ex));
}

/// A company named in full and then by the first words of its name is one company: the
/// initials before the name left out ("F.W. Woolworth Co" ... "Woolworth"). A person of the
/// company's first word stays a person ("Pesch and Co" ... "LeRoy Pesch" ... "Pesch").
#[test]
fn a_company_named_again_by_its_first_words_is_the_company() {
    let text = "USAir Group Inc said its board met with Piedmont Aviation Inc on Monday. USAir \
                said Piedmont would be acquired. F.W. Woolworth Co said sales rose. Woolworth \
                said domestic sales increased. LeRoy Pesch, chairman of Pesch and Co, made an \
                offer. Pesch said he was pleased.";
    let ex = run(text);
    assert_one_entity(text, &ex, &[("USAir Group Inc", 0), ("USAir", 1)]);
    assert_one_entity(text, &ex, &[("Piedmont Aviation Inc", 0), ("Piedmont", 1)]);
    assert_one_entity(text, &ex, &[("F.W. Woolworth Co", 0), ("Woolworth", 1)]);
    let pesch = ex
        .entities
        .iter()
        .find(|e| {
            e.mentions
                .iter()
                .any(|m| m.start == span_in(text, "Pesch", 2).1)
        })
        .unwrap_or_else(|| panic!("{:?}", mentions(&ex)));
    assert_eq!(pesch.entity_type, khabar::EntityType::Person);
    // Also where the gazetteer reads the first words as something else: a statesman's
    // surname ("Baker"), a city ("Cleveland").
    let text = "Baker International Corp and Hughes Tool Co agreed to merge on Monday. Baker \
                said the deal would close in April. Cleveland Consulting Associates Inc said \
                Cleveland would advise them.";
    let ex = run(text);
    assert_one_entity(text, &ex, &[("Baker International Corp", 0), ("Baker", 1)]);
    assert_one_entity(
        text,
        &ex,
        &[("Cleveland Consulting Associates Inc", 0), ("Cleveland", 1)],
    );
}

/// A device or a software platform is no organisation: the guidelines annotate no product.
#[test]
fn a_product_is_no_organisation() {
    let text = "وأقر المدير أن التطبيق الجديد لا يعمل على أجهزة \"آيفون\" بسبب خلل تقني. وقال \
                خبراء إن مستخدمي هواتف \"آيفون\" لم يتأثروا، كما سيصل التحديث قريبا إلى نظام \
                التشغيل أندرويد الشهير من \"غوغل\".";
    let ex = run(text);
    let got = mentions(&ex);
    for (word, nth) in [("آيفون", 0), ("آيفون", 1), ("أندرويد", 0)] {
        let (_, a, _) = span_in(text, word, nth);
        assert!(got.iter().all(|g| g.2 != a), "{word}: {got:?}");
    }
    let (t, a, b) = span_in(text, "غوغل", 0);
    assert!(got.contains(&m("agency:google", &t, a, b)), "{got:?}");
}

/// A ticker written with its exchange ("<BCS.L>", "<BAC.N>") is the company's too: the stop
/// ends no sentence, the exchange is no name, and no name runs over the brackets into the
/// next company's ("L> and Midland Bank Plc").
#[test]
fn a_ticker_with_its_exchange_is_the_company() {
    let text = "Barclays Bank Plc <BCS.L> and Midland Bank Plc <MDBL.L> said they cut rates. \
                BankAmerica Corp <BAC.N> is coordinating.";
    let ex = run(text);
    assert_one_entity(text, &ex, &[("Barclays Bank Plc", 0), ("BCS", 0)]);
    assert_one_entity(text, &ex, &[("Midland Bank Plc", 0), ("MDBL", 0)]);
    assert_one_entity(text, &ex, &[("BankAmerica Corp", 0), ("BAC.N", 0)]);
    assert_eq!(
        mentions(&ex).len(),
        6,
        "no other mention (\"L\", \"N\"): {:?}",
        mentions(&ex)
    );
    // Two sentences: the second opens with BankAmerica.
    let sentence_of = |name: &str| {
        ex.entities
            .iter()
            .flat_map(|e| &e.mentions)
            .find(|m| m.text == name)
            .map(|m| m.sentence)
    };
    assert_eq!(sentence_of("MDBL"), Some(0));
    assert_eq!(sentence_of("BAC.N"), Some(1));
}

/// A stock ticker in angle brackets after a company's name, as wire copy writes it, is
/// another name of that company, there and where the story writes it again: no company of
/// its own.
#[test]
fn a_ticker_after_a_company_is_that_company() {
    let text = "American Motors Corp <AMC> cut its dividend. AMC said sales fell.";
    let ex = run(text);
    let amc = ex
        .entities
        .iter()
        .find(|e| e.id.starts_with("agency:american-motors-corp"))
        .unwrap_or_else(|| panic!("{:?}", mentions(&ex)));
    let spans: Vec<(&str, usize, usize)> = amc
        .mentions
        .iter()
        .map(|m| (m.text.as_str(), m.start, m.end))
        .collect();
    assert_eq!(
        spans,
        [
            ("American Motors Corp", 0, 20),
            ("AMC", 22, 25),
            ("AMC", 45, 48)
        ]
    );
    assert_eq!(
        ex.entities.iter().filter(|e| e.id.contains("amc")).count(),
        0
    );
    assert_eq!(said_by(&ex), [(Some(amc.id.clone()), 45)]);
    // Where the gazetteer names a company at the later mention, its reading stands.
    let text = "International Business Machines Corp <IBM> made a chip. Last month IBM said it \
                made another.";
    let ex = run(text);
    let got = mentions(&ex);
    let (t, a, b) = span_in(text, "IBM", 1);
    assert!(got.contains(&m("agency:ibm", &t, a, b)), "{got:?}");
    assert!(
        !got.iter()
            .any(|g| g.0.starts_with("agency:international-business-machines") && g.2 == a),
        "one reading at the later mention: {got:?}"
    );
    let (t, a, b) = span_in(text, "IBM", 0);
    assert!(
        got.iter().any(
            |g| g.0.starts_with("agency:international-business-machines")
                && (g.1.as_str(), g.2, g.3) == (t.as_str(), a, b)
        ),
        "{got:?}"
    );
    let later = span_in(text, "Last month", 0).1;
    assert_eq!(said_by(&ex), [(Some("agency:ibm".to_string()), later)]);
}

/// A title of two words or more is never a person's name: the tagger's "ولي العهد" (crown
/// prince, read as "لي العهد" after the conjunction) is no person; the title names the person
/// after it, who holds the office.
#[test]
fn a_title_is_no_person() {
    let text = "تعهد ولي العهد السعودي محمد بن سلمان بالقضاء على الفساد.";
    let ex = run_on(text, "2018-03-19");
    assert_mentions(
        text,
        &ex,
        &[("person:mohammed-bin-salman", "محمد بن سلمان", 0)],
    );
    let people = spans_of_type(&ex, khabar::EntityType::Person);
    assert_eq!(people, vec![span_in(text, "محمد بن سلمان", 0)]);
    assert_eq!(
        positions(&ex),
        vec![p("person:mohammed-bin-salman", Some("country:SAU"))]
    );
    // A hashtag's title is no organisation either ("العهد" read as one).
    let text = "على هامش زيارة الأمير محمد بن سلمان #ولي_العهد_السعودي نائب رئيس مجلس الوزراء \
                وزير الدفاع إلى فرنسا، بدأت في باريس أعمال الاجتماع.";
    let got = mentions(&run_on(text, "2018-04-09"));
    assert!(
        !got.iter()
            .any(|g| g.1.contains("العهد") && !g.0.starts_with("person:mohammed")),
        "{got:?}"
    );
}

/// Chinese and Korean people are named family name first: "كيم" alone after "كيم جونغ أون" is
/// Kim Jong Un, "مون" after "مون جاي إن" Moon Jae-in; where the document names two people of
/// that family in full, the family name alone is neither's.
#[test]
fn a_family_name_written_first_names_the_person() {
    let text = "التقى الزعيم الكوري الشمالي كيم جونغ أون الرئيس الكوري الجنوبي مون جاي إن في \
                بانمونجوم. وقال كيم إن القمة ناجحة. وأضاف مون أن المحادثات صريحة.";
    let ex = run_on(text, "2018-04-27");
    assert_mentions(
        text,
        &ex,
        &[
            ("person:kim-jong-un", "كيم جونغ أون", 0),
            ("person:kim-jong-un", "كيم", 1),
            ("person:moon-jae-in", "مون جاي إن", 0),
            // (The first "مون" after the name is inside "بانمونجوم".)
            ("person:moon-jae-in", "مون", 2),
        ],
    );
    let text = "التقى كيم جونغ أون وشقيقته كيم يو جونغ بالوفد. وقال كيم إن القمة ناجحة.";
    let ex = run_on(text, "2018-04-27");
    assert_mentions(
        text,
        &ex,
        &[
            ("person:kim-jong-un", "كيم جونغ أون", 0),
            ("person:kim-yo-jong", "كيم يو جونغ", 0),
        ],
    );
    // The family name alone is still a mention (a person of its own), of neither Kim.
    let kim = span_in(text, "كيم", 2);
    let got = mentions(&ex);
    let at_kim: Vec<&String> = got
        .iter()
        .filter(|g| (g.1.as_str(), g.2, g.3) == (kim.0.as_str(), kim.1, kim.2))
        .map(|g| &g.0)
        .collect();
    assert!(
        at_kim.len() == 1
            && at_kim[0].starts_with("person:")
            && !at_kim[0].starts_with("person:kim-"),
        "{got:?}"
    );
}

/// A surname the tagger reads as a person before the document names the person in full (a
/// headline, a lede) is that person, when the full name opens with a given name.
#[test]
fn a_surname_before_the_full_name_is_the_person() {
    let text = "عساف يطلق أغنية جديدة في رام الله. وأطلق الفنان الفلسطيني محمد عساف أغنيته \
                الجديدة أمس، وقال عساف إنها مهداة إلى الأمهات.";
    let ex = run_on(text, "2018-03-01");
    let (name, a, b) = span_in(text, "محمد عساف", 0);
    let singer = entity_with(&ex, (&name, a, b), "the singer");
    let spans = spans_of(singer);
    for s in [
        span_in(text, "عساف", 0),
        span_in(text, "محمد عساف", 0),
        span_in(text, "عساف", 2),
    ] {
        assert!(spans.contains(&s), "{s:?}: {spans:?}");
    }
}

/// Clubs' names in Arabic sports news: "سان جيرمان" alone is Paris Saint-Germain, and its full
/// name stays whole ("باريس" is no classifier noun to leave out); "السيدة العجوز" (the Old
/// Lady) is Juventus in a document that names Juventus, and an old woman elsewhere.
#[test]
fn clubs_by_the_names_sports_news_gives_them() {
    let text =
        "فاز باريس سان جيرمان على مرسيليا بثلاثة أهداف، وقال مدرب سان جيرمان إن الفريق جاهز. \
                وخسر يوفنتوس أمام نابولي، وتراجعت السيدة العجوز إلى المركز الثاني.";
    let ex = run_on(text, "2018-03-01");
    assert_mentions(
        text,
        &ex,
        &[
            ("agency:paris-saint-germain", "باريس سان جيرمان", 0),
            ("agency:paris-saint-germain", "سان جيرمان", 1),
            ("agency:juventus", "يوفنتوس", 0),
            ("agency:juventus", "السيدة العجوز", 0),
        ],
    );
    let got = mentions(&ex);
    assert!(
        !got.iter().any(|g| g.1 == "باريس" || g.1 == "العجوز"),
        "{got:?}"
    );
    let text = "وقالت السيدة العجوز إنها فقدت منزلها في الفيضانات.";
    let got = mentions(&run_on(text, "2018-03-01"));
    assert!(!got.iter().any(|g| g.0 == "agency:juventus"), "{got:?}");
    // The clubs of the Spanish, English and German top divisions: by their names, and a
    // town's name read as an organisation ("واتفورد"). "ريال بيتيس" is not Real Madrid.
    let text = "وتعادل ليفانتي مع إسبانيول، وفاز ليستر سيتي على ستوك سيتي، فيما خسر ريال بيتيس \
                أمام سيلتا فيغو في الدوري الإسباني. وفاز هوفنهايم، وتغلب واتفورد على منافسه.";
    let ex = run_on(text, "2018-03-01");
    assert_mentions(
        text,
        &ex,
        &[
            ("agency:levante-ud", "ليفانتي", 0),
            ("agency:rcd-espanyol", "إسبانيول", 0),
            ("agency:leicester-city", "ليستر سيتي", 0),
            ("agency:stoke-city", "ستوك سيتي", 0),
            ("agency:real-betis", "ريال بيتيس", 0),
            ("agency:celta-vigo", "سيلتا فيغو", 0),
            ("agency:tsg-hoffenheim", "هوفنهايم", 0),
            ("agency:watford-fc", "واتفورد", 0),
        ],
    );
    let got = mentions(&ex);
    assert!(
        !got.iter()
            .any(|g| g.0 == "agency:real-madrid" || g.0 == "location:vigo"),
        "{got:?}"
    );
}

/// Places news names by spellings or short forms the generated gazetteers lack, and regions
/// and oceans: Saint Petersburg, Sharjah, the Indian Ocean, the Gulf (by the tagger's
/// reading: "الخليج" alone is ambiguous), Hadramawt, Anbar, Bosnia.
#[test]
fn places_by_the_names_news_gives_them() {
    let text = "وصل الوزير إلى سان بطرسبرغ ثم إلى الشارقة، فيما عبرت السفن المحيط الهندي نحو \
                الخليج، وقتل جنود في حضرموت والأنبار والبوسنة.";
    let ex = run(text);
    assert_mentions(
        text,
        &ex,
        &[
            ("location:saint-petersburg", "سان بطرسبرغ", 0),
            ("location:sharjah-city", "الشارقة", 0),
            ("location:indian-ocean", "المحيط الهندي", 0),
            ("location:persian-gulf", "الخليج", 0),
            ("location:hadramawt", "حضرموت", 0),
            ("location:al-anbar", "الأنبار", 0),
            ("country:BIH", "البوسنة", 0),
        ],
    );
}

/// Kosovo, a state ISO 3166-1 does not list, is a country in both languages, its nisba an
/// adjective of it, and Pristina its capital.
#[test]
fn kosovo_is_a_country() {
    let text =
        "Serbian police clashed with ethnic Albanians in Kosovo, officials in Pristina said.";
    let ex = run(text);
    assert_mentions(
        text,
        &ex,
        &[
            ("country:XKX", "Kosovo", 0),
            ("location:pristina", "Pristina", 0),
        ],
    );
    let text = "وقال مسؤول في بريشتينا إن الحكومة الكوسوفية تريد الحوار مع صربيا بشأن كوسوفو.";
    let ex = run(text);
    assert_mentions(
        text,
        &ex,
        &[
            ("location:pristina", "بريشتينا", 0),
            ("country:XKX", "كوسوفو", 0),
        ],
    );
    let kosovo = ex
        .entities
        .iter()
        .find(|e| e.id == "country:XKX")
        .expect("Kosovo");
    assert_eq!(kosovo.nisba.len(), 1, "{kosovo:?}");
    assert_eq!(kosovo.nisba[0].text, "الكوسوفية");
}

/// A title with no country before a gazetteer person holds the office where the roles table
/// gives it to that person, not in the country the story is about: "الرئيس ترمب" in a story
/// about North Korea is the United States' president.
#[test]
fn a_title_without_a_country_is_the_persons_own_office() {
    let text = "أعلنت كوريا الشمالية أنها ستوقف تجاربها النووية. ورحب الرئيس ترمب بقرار كوريا \
                الشمالية، وقال إن بيونغ يانغ وافقت على نزع السلاح.";
    let ex = run_on(text, "2018-04-21");
    assert_mentions(text, &ex, &[("person:donald-trump", "ترمب", 0)]);
    assert_eq!(
        positions(&ex),
        vec![p("person:donald-trump", Some("country:USA"))]
    );
}
