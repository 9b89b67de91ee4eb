//! Acceptance: the relations the rules find in the seed article (../shared/seed/EXPECTED.md),
//! with their evidence spans, and nothing else. Expected offsets are computed here from the
//! text (by locating each evidence sentence), not copied from the output.

mod common;

use common::{decode, fixture, khabar, Relation};

const SEED: &str = "al-amsar-moscow-algeria.txt";

fn seed_text() -> String {
    std::fs::read_to_string(fixture(SEED)).expect("the seed fixture exists")
}

/// Pavel Shevtsov's id: derived from his normalized Arabic name (he is in no gazetteer).
const SHEVTSOV: &str = "person:bafyl-shyftswf-a9d7b6";

fn relations() -> Vec<Relation> {
    let path = fixture(SEED);
    let out = khabar(
        &[
            "extract",
            path.to_str().expect("UTF-8 path"),
            "--gazetteers",
            "fixtures/gazetteers",
            "--date",
            "2023-08-13",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut docs = decode(&out.stdout);
    assert_eq!(docs.len(), 1, "one document");
    docs.remove(0).relations
}

/// The evidence span of the sentence starting with `start` and ending with `end` (both
/// quoted from the text), in chars and bytes.
fn span(text: &str, start: &str, end: &str) -> (usize, usize, usize, usize, String) {
    let b0 = text.find(start).expect("the sentence start is in the text");
    let b1 = b0 + text[b0..].find(end).expect("the sentence end follows") + end.len();
    let c0 = text[..b0].chars().count();
    let c1 = text[..b1].chars().count();
    (c0, c1, b0, b1, text[b0..b1].to_string())
}

fn find<'a>(
    rels: &'a [Relation],
    predicate: &str,
    subject: Option<&str>,
    object: Option<&str>,
) -> Vec<&'a Relation> {
    rels.iter()
        .filter(|r| {
            r.predicate == predicate
                && r.subject.as_deref() == subject
                && r.object.as_deref() == object
        })
        .collect()
}

fn assert_evidence(r: &Relation, text: &str, start: &str, end: &str) {
    let (c0, c1, b0, b1, t) = span(text, start, end);
    let e = &r.evidence;
    assert_eq!(
        (e.start, e.end, e.byte_start, e.byte_end, e.text.as_str()),
        (c0, c1, b0, b1, t.as_str()),
        "evidence of {} {}",
        r.id,
        r.predicate
    );
    // The spans cut the original text exactly.
    let chars: String = text.chars().skip(e.start).take(e.end - e.start).collect();
    assert_eq!(chars, e.text);
}

#[test]
fn rossotrudnichestvo_negotiates_with_algeria() {
    let text = seed_text();
    let rels = relations();
    let found = find(
        &rels,
        "negotiates-with",
        Some("agency:rossotrudnichestvo"),
        Some("country:DZA"),
    );
    // The announcement (must 1), and Shevtsov's "نجري حاليا محادثات ... مع الجزائر" inside his
    // quote, where the speaker's side is the agency (should 9).
    assert_eq!(found.len(), 2, "{rels:#?}");
    assert_eq!(found[1].modality, "reported");
    assert_eq!(found[1].evidence.sentence, 8);
    let r = found[0];
    assert_evidence(r, &text, "أعلنت وكالة التعاون", "في البلاد.");
    assert!(r.symmetric);
    assert_eq!(
        (r.polarity.as_str(), r.modality.as_str()),
        ("asserted", "actual")
    );
    assert_eq!(
        (r.cameo.as_deref(), r.plover.as_deref()),
        (Some("046"), Some("CONSULT"))
    );
    assert_eq!(r.rule, "ar/negotiate/1");
    assert_eq!(r.role_text("topic"), Some("إنشاء مكتب تمثيلي في البلاد"));
}

#[test]
fn putin_and_tebboune_signed_a_declaration() {
    let text = seed_text();
    let rels = relations();
    let found = find(
        &rels,
        "signed-declaration",
        Some("person:vladimir-putin"),
        Some("person:abdelmadjid-tebboune"),
    );
    assert_eq!(found.len(), 1, "{rels:#?}");
    let r = found[0];
    assert_evidence(r, &text, "ويأتي هذا الإعلان", "الاستراتيجية بين البلدين.");
    assert_eq!(
        r.role_text("topic"),
        Some("تعميق الشراكة الاستراتيجية بين البلدين")
    );
    assert_eq!(r.role_text("time"), Some("في شهر يونيو الماضي"));
    assert_eq!(
        (r.polarity.as_str(), r.modality.as_str()),
        ("asserted", "actual")
    );
    assert_eq!(r.cameo.as_deref(), Some("057"));
}

#[test]
fn russia_consults_with_the_uae() {
    let text = seed_text();
    let rels = relations();
    let found = find(
        &rels,
        "consults-with",
        Some("country:RUS"),
        Some("country:ARE"),
    );
    assert_eq!(found.len(), 1, "{rels:#?}");
    let r = found[0];
    assert_evidence(r, &text, "وفي وقت سابق، أجرت روسيا", "العسكري التقني.");
    let topic = r.role_text("topic").unwrap_or_default();
    assert!(topic.contains("التعاون العسكري التقني"), "{topic}");
    assert_eq!(r.cameo.as_deref(), Some("040"));
}

#[test]
fn putin_said_the_declaration_opens_a_new_stage() {
    let text = seed_text();
    let rels = relations();
    let found = find(&rels, "said", Some("person:vladimir-putin"), None);
    assert_eq!(found.len(), 1, "{rels:#?}");
    let r = found[0];
    assert_evidence(r, &text, "وتضمنت حزمة الوثائق", "الثنائية بين البلدين.");
    let quote = r.role_span("quote").expect("a quote role");
    let q = "سيفتح مرحلة جديدة أكثر تقدما";
    let b0 = text.find(q).expect("the quote is in the text");
    let c0 = text[..b0].chars().count();
    assert_eq!(
        (quote.text.as_str(), quote.start, quote.end),
        (q, c0, c0 + q.chars().count())
    );
    assert_eq!(r.modality, "actual");
}

/// Everything produced from the seed, and nothing more: each relation here was read and
/// judged right (must items 1–8; should items 9–13 and part of 15 of EXPECTED.md; nothing
/// from the conditional sentence 14).
#[test]
fn seed_relations_are_exactly_the_expected_set() {
    let rels = relations();
    let got: Vec<String> = rels
        .iter()
        .map(|r| {
            format!(
                "{}({}, {}) sentence {} {} {}",
                r.predicate,
                r.subject.as_deref().unwrap_or("null"),
                r.object.as_deref().unwrap_or("null"),
                r.evidence.sentence,
                r.polarity,
                r.modality
            )
        })
        .collect();
    let shevtsov = "person:bafyl-shyftswf-a9d7b6";
    let shugaev = "person:dymtry-shwjayyf-dfbd6e";
    let want = [
        "negotiates-with(country:RUS, country:DZA) sentence 2 asserted actual".to_string(),
        // The agency announces the talks ("أعلنت الوكالة ... عن إجرائها مفاوضات"): announcing is
        // stating (the annotation guidelines' `said`), found by the speech frame.
        "said(agency:rossotrudnichestvo, null) sentence 5 asserted actual".into(),
        "negotiates-with(agency:rossotrudnichestvo, country:DZA) sentence 5 asserted actual".into(),
        format!("reported-by({shevtsov}, agency:sputnik) sentence 7 asserted actual"),
        format!("said({shevtsov}, null) sentence 7 asserted actual"),
        "expresses-intent(country:DZA, agency:rossotrudnichestvo) sentence 7 asserted reported".into(),
        format!("holds-position({shevtsov}, agency:rossotrudnichestvo) sentence 7 asserted actual"),
        format!("said({shevtsov}, null) sentence 8 asserted actual"),
        "negotiates-with(agency:rossotrudnichestvo, country:DZA) sentence 8 asserted reported".into(),
        "negotiates-with(country:RUS, country:DZA) sentence 9 asserted actual".into(),
        "cooperates-with(country:RUS, country:DZA) sentence 10 asserted actual".into(),
        "signed-declaration(person:vladimir-putin, person:abdelmadjid-tebboune) sentence 10 asserted actual".into(),
        "holds-position(person:vladimir-putin, country:RUS) sentence 10 asserted actual".into(),
        "holds-position(person:abdelmadjid-tebboune, country:DZA) sentence 10 asserted actual".into(),
        "cooperates-with(country:RUS, country:DZA) sentence 11 asserted actual".into(),
        "cooperates-with(country:RUS, country:DZA) sentence 12 asserted actual".into(),
        "said(person:vladimir-putin, null) sentence 12 asserted actual".into(),
        "consults-with(country:RUS, country:ARE) sentence 15 asserted actual".into(),
        format!("said({shugaev}, null) sentence 16 asserted actual"),
        format!("holds-position({shugaev}, agency:fsvts) sentence 16 asserted actual"),
        format!("said({shugaev}, null) sentence 17 asserted actual"),
        "cooperates-with(country:ARE, country:RUS) sentence 17 asserted reported".into(),
        // Should 15: the forum, where and when (the other places sit behind "وأرض تدريب" and
        // "ومطار", which coordination does not cross).
        "held-at(event:army-2023, location:patriot-park) sentence 18 asserted actual".into(),
    ];
    assert_eq!(got, want, "{rels:#?}");
    // Ids follow evidence order; every relation names its rule and a confidence.
    for (i, r) in rels.iter().enumerate() {
        assert_eq!(r.id, format!("r{i}"));
        assert!(!r.rule.is_empty() && r.confidence > 0.0 && r.confidence <= 1.0);
    }
    // The forum's dates.
    let held = rels
        .iter()
        .find(|r| r.predicate == "held-at")
        .expect("held-at");
    assert_eq!(held.role_text("time"), Some("14 إلى 20 أغسطس"));
    // The cooperation contexts.
    let contexts: Vec<Option<&str>> = rels
        .iter()
        .filter(|r| r.predicate == "cooperates-with")
        .map(|r| r.role_text("context"))
        .collect();
    // "تعزيز التعاون بين موسكو والجزائر" names no context; the two headings and the sentence
    // under them say strategic; the UAE partnership is military.
    assert_eq!(
        contexts,
        vec![None, Some("strategic"), Some("strategic"), Some("military")]
    );
}

/// Relations 2 and 5–8 of EXPECTED.md come from the resolution stage (capital metonymy: موسكو
/// standing for Russia; people found by title + apposition patterns: Pavel Shevtsov, Dmitry
/// Shugaev; holds-position from titles).
#[test]
fn titles_roles_and_coreference_give_the_parties_of_visits_meetings_and_cooperation() {
    let rels = relations();
    assert!(!find(
        &rels,
        "negotiates-with",
        Some("country:RUS"),
        Some("country:DZA")
    )
    .is_empty());
    assert!(rels.iter().any(|r| r.predicate == "holds-position"
        && r.subject.as_deref() == Some("person:vladimir-putin")
        && r.object.as_deref() == Some("country:RUS")));
    assert!(rels.iter().any(|r| r.predicate == "holds-position"
        && r.object.as_deref() == Some("agency:rossotrudnichestvo")));
    assert!(rels
        .iter()
        .any(|r| r.predicate == "holds-position" && r.object.as_deref() == Some("agency:fsvts")));
    let shevtsov_said = rels
        .iter()
        .filter(|r| r.predicate == "said" && r.subject.as_deref() == Some(SHEVTSOV))
        .count();
    assert_eq!(shevtsov_said, 2);
    assert!(rels.iter().any(|r| r.predicate == "reported-by"
        && r.subject.as_deref() == Some(SHEVTSOV)
        && r.object.as_deref() == Some("agency:sputnik")));
}

/// With the embedded (full) gazetteers too: every party of a relation is an entity of the
/// output, and every evidence span cuts the original text exactly.
#[test]
fn relation_parties_are_entities_and_evidence_cuts_the_text() {
    let text = seed_text();
    let path = fixture(SEED);
    for extra in [&["--gazetteers", "fixtures/gazetteers"][..], &[][..]] {
        let mut args = vec!["extract", path.to_str().expect("UTF-8 path")];
        args.extend_from_slice(extra);
        let out = khabar(&args, b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let docs = decode(&out.stdout);
        assert_eq!(docs.len(), 1, "one document");
        let ids: Vec<&str> = docs[0].entities.iter().map(|e| e.id.as_str()).collect();
        let rels = &docs[0].relations;
        assert!(rels.len() >= 4, "{rels:#?}");
        for r in rels {
            for party in [&r.subject, &r.object].into_iter().flatten() {
                assert!(
                    ids.contains(&party.as_str()),
                    "{party} of {} is not an entity",
                    r.id
                );
            }
            let e = &r.evidence;
            assert_eq!(&text[e.byte_start..e.byte_end], e.text);
            let chars: String = text.chars().skip(e.start).take(e.end - e.start).collect();
            assert_eq!(chars, e.text);
        }
    }
}
