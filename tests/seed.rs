//! Golden test on the seed article (fixtures/al-amsar-moscow-algeria.txt): every "must" entity
//! of the project's acceptance list, with its type, id and exact spans.

mod common;

use common::*;

const SEED: &str = "al-amsar-moscow-algeria.txt";

/// (id, type, [(text, start, end, byte_start, byte_end)]), checked by hand against the text.
type Expected = (
    &'static str,
    &'static str,
    &'static [(&'static str, usize, usize, usize, usize)],
);

const MUST: &[Expected] = &[
    // Headline, "(موسكو)" after the agency, the subheading, "بين موسكو والجزائر", the office's
    // name "لوكالة ... موسكو", and "خارج موسكو".
    (
        "location:moscow",
        "LOCATION",
        &[
            ("موسكو", 35, 40, 62, 72),
            ("موسكو", 133, 138, 240, 250),
            ("موسكو", 541, 546, 982, 992),
            ("موسكو", 610, 615, 1107, 1117),
            ("موسكو", 1271, 1276, 2325, 2335),
            ("موسكو", 1960, 1965, 3587, 3597),
        ],
    ),
    // Ten mentions; in "والجزائر" (470, 617, 810, 888) the conjunction و is left out.
    (
        "country:DZA",
        "COUNTRY",
        &[
            ("الجزائر", 51, 58, 91, 105),
            ("الجزائر", 176, 183, 318, 332),
            ("الجزائر", 308, 315, 556, 570),
            ("الجزائر", 417, 424, 755, 769),
            ("الجزائر", 470, 477, 852, 866),
            ("الجزائر", 557, 564, 1011, 1025),
            ("الجزائر", 617, 624, 1120, 1134),
            ("الجزائر", 810, 817, 1476, 1490),
            ("الجزائر", 888, 895, 1620, 1634),
            ("الجزائر", 1280, 1287, 2341, 2355),
        ],
    ),
    // The second one sits in "لوكالة التعاون الخارجي الروسية": the preposition ل is left out.
    (
        "agency:rossotrudnichestvo",
        "AGENCY",
        &[
            ("وكالة التعاون الخارجي الروسية", 102, 131, 183, 238),
            ("وكالة التعاون الخارجي الروسية", 1241, 1270, 2269, 2324),
        ],
    ),
    (
        "agency:sputnik",
        "AGENCY",
        &[("سبوتنيك", 291, 298, 525, 539)],
    ),
    (
        "person:vladimir-putin",
        "PERSON",
        &[
            ("فلاديمير بوتين", 649, 663, 1179, 1206),
            ("بوتين", 907, 912, 1655, 1665),
        ],
    ),
    (
        "person:abdelmadjid-tebboune",
        "PERSON",
        &[("عبد المجيد تبون", 682, 697, 1241, 1269)],
    ),
    // The last one is "لـ روسيا": a clitic written apart with a tatweel.
    (
        "country:RUS",
        "COUNTRY",
        &[
            ("روسيا", 803, 808, 1463, 1473),
            ("روسيا", 881, 886, 1607, 1617),
            ("روسيا", 1374, 1379, 2511, 2521),
            ("روسيا", 1623, 1628, 2971, 2981),
            ("روسيا", 1740, 1745, 3185, 3195),
        ],
    ),
    (
        "country:ARE",
        "COUNTRY",
        &[
            ("دولة الإمارات العربية المتحدة", 1381, 1410, 2524, 2579),
            ("الإمارات العربية المتحدة", 1630, 1654, 2984, 3030),
            ("الإمارات", 1708, 1716, 3126, 3142),
        ],
    ),
    (
        "agency:fsvts",
        "AGENCY",
        &[(
            "الخدمة الفيدرالية الروسية للتعاون العسكري الفني",
            1492,
            1539,
            2728,
            2817,
        )],
    ),
];

fn seed_text() -> String {
    std::fs::read_to_string(fixture(SEED)).expect("the seed fixture exists")
}

fn run_seed(extra: &[&str]) -> Extraction {
    let path = fixture(SEED);
    let mut args = vec![
        "extract",
        path.to_str().expect("UTF-8 path"),
        "--date",
        "2023-08-13",
    ];
    args.extend_from_slice(extra);
    let out = khabar(&args, b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut docs = decode(&out.stdout);
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

fn check_must(ex: &Extraction, exact: bool) {
    let text = seed_text();
    assert_spans(&text, ex);
    for (id, ty, mentions) in MUST {
        let e = ex
            .entities
            .iter()
            .find(|e| e.id == *id)
            .unwrap_or_else(|| panic!("{id} not found"));
        assert_eq!(e.entity_type, *ty, "{id}");
        let got: Vec<(&str, usize, usize, usize, usize)> = e
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.start, m.end, m.byte_start, m.byte_end))
            .collect();
        if exact {
            assert_eq!(got, *mentions, "{id}");
        } else {
            for m in mentions.iter() {
                assert!(got.contains(m), "{id}: {m:?} missing from {got:?}");
            }
        }
    }
}

#[test]
fn seed_must_entities_with_test_gazetteer() {
    let ex = run_seed(&["--gazetteers", "fixtures/gazetteers"]);
    assert_eq!(ex.schema, "khabar/1");
    assert_eq!(ex.lang, "ar");
    assert_eq!(ex.date.as_deref(), Some("2023-08-13"));
    check_must(&ex, true);
    // Nothing else: nisba adjectives (الروسي، الجزائري) and ambiguous forms are not mentions.
    assert_eq!(
        ex.entities.len(),
        MUST.len(),
        "{:?}",
        ex.entities.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
}

#[test]
fn seed_must_entities_with_embedded_gazetteers() {
    let ex = run_seed(&[]);
    check_must(&ex, false);
}

#[test]
fn seed_mentions_leave_proclitics_out() {
    let ex = run_seed(&["--gazetteers", "fixtures/gazetteers"]);
    let text = seed_text();
    let dza = ex
        .entities
        .iter()
        .find(|e| e.id == "country:DZA")
        .expect("Algeria");
    // The DESIGN example: the seed's first "والجزائر" gives the mention at 470..477.
    let m = dza
        .mentions
        .iter()
        .find(|m| m.start == 470)
        .expect("mention at 470");
    assert_eq!(&text[m.byte_start - 2..m.byte_start], "و");
    assert!(!m.clitic);
}

/// Pavel Shevtsov and Dmitry Shugaev are in no gazetteer: the resolution stage finds them by
/// title + apposition patterns ("نائب رئيس الوكالة، بافيل شيفتسوف،") and name + apposition
/// after a speech verb ("وقال ديمتري شوجاييف، مدير ..."). Expected to come with that issue.
#[test]
#[ignore = "expected to come: people found by pattern (resolution issue)"]
fn seed_people_found_by_pattern() {
    let ex = run_seed(&[]);
    for (name, short) in [("بافيل شيفتسوف", "شيفتسوف"), ("ديمتري شوجاييف", "شوجاييف")]
    {
        let e = ex
            .entities
            .iter()
            .find(|e| e.entity_type == "PERSON" && e.mentions.iter().any(|m| m.text == name))
            .unwrap_or_else(|| panic!("{name} not found"));
        assert_eq!(e.source, "rule");
        assert!(
            e.mentions.iter().any(|m| m.text == short),
            "{short} joins {name}"
        );
    }
}
