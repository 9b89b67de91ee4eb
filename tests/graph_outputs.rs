//! Graph outputs re-read by real parsers: N-Triples by oxttl, Neo4j CSV by the csv crate,
//! PLOVER JSONL by serde_json; `khabar convert` on extraction fixtures.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use oxrdf::{Literal, NamedNode, Subject, Term, Triple};
use serde::Deserialize;

const FIXTURES: [&str; 4] = [
    "fixtures/extractions/al-amsar-2023-08-13.jsonl",
    "fixtures/extractions/en-putin-tebboune.jsonl",
    "fixtures/extractions/ar-quotes.jsonl",
    "fixtures/extractions/en-meta.jsonl",
];

fn khabar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run khabar")
}

fn convert(format: &str, extra: &[&str]) -> Output {
    let mut args = vec!["convert", "--format", format];
    args.extend_from_slice(extra);
    args.extend_from_slice(&FIXTURES);
    let out = khabar(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The fixtures' relations, decoded with this test's own types.
#[derive(Deserialize)]
struct Ex {
    doc_id: String,
    relations: Vec<Rel>,
}

#[derive(Deserialize)]
struct Rel {
    id: String,
    subject: Option<String>,
    object: Option<String>,
    plover: Option<String>,
    evidence: Ev,
}

#[derive(Deserialize)]
struct Ev {
    text: String,
}

fn fixtures() -> Vec<Ex> {
    FIXTURES
        .iter()
        .map(|f| {
            let s = std::fs::read_to_string(f).expect("fixture");
            serde_json::from_str(s.trim()).expect("fixture JSON")
        })
        .collect()
}

const ID: &str = "https://khabar.dev/id/";
const KH: &str = "https://khabar.dev/ontology#";

fn iri(s: &str) -> NamedNode {
    NamedNode::new(s).expect("IRI")
}

fn triple(s: &str, p: &str, o: impl Into<Term>) -> Triple {
    Triple::new(Subject::NamedNode(iri(s)), iri(p), o)
}

fn parse_ntriples(bytes: &[u8]) -> HashSet<Triple> {
    oxttl::NTriplesParser::new()
        .for_slice(bytes)
        .map(|t| t.expect("valid N-Triples"))
        .collect()
}

#[test]
fn ntriples_parse_with_labels_sameas_edges_and_provenance() {
    let out = convert("ntriples", &[]);
    let triples = parse_ntriples(&out.stdout);
    let dza = format!("{ID}country/DZA");
    let label = "http://www.w3.org/2000/01/rdf-schema#label";
    for t in [
        triple(
            &dza,
            label,
            Literal::new_language_tagged_literal("الجزائر", "ar").expect("tag"),
        ),
        triple(
            &dza,
            label,
            Literal::new_language_tagged_literal("Algeria", "en").expect("tag"),
        ),
        triple(
            &dza,
            "http://www.w3.org/2002/07/owl#sameAs",
            iri("http://www.wikidata.org/entity/Q262"),
        ),
        triple(
            &dza,
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            iri(&format!("{KH}Country")),
        ),
        // The direct edge of an asserted relation.
        triple(
            &format!("{ID}agency/rossotrudnichestvo"),
            &format!("{KH}negotiates-with"),
            iri(&dza),
        ),
    ] {
        assert!(triples.contains(&t), "missing {t}");
    }
    // A negated relation has a statement node but no direct edge.
    let negated = triple(
        &dza,
        &format!("{KH}negotiates-with"),
        iri(&format!("{ID}agency/nato")),
    );
    assert!(!triples.contains(&negated));
    let st = format!("{ID}statement/ar-quotes/r0");
    assert!(triples.contains(&triple(
        &st,
        &format!("{KH}polarity"),
        Literal::new_simple_literal("negated")
    )));
    // Provenance of the seed's first relation.
    let st = format!("{ID}statement/al-amsar-2023-08-13/r0");
    let xsd = |t: &str| iri(&format!("http://www.w3.org/2001/XMLSchema#{t}"));
    for t in [
        triple(
            &st,
            &format!("{KH}document"),
            iri(&format!("{ID}doc/al-amsar-2023-08-13")),
        ),
        triple(
            &st,
            &format!("{KH}sentence"),
            Literal::new_typed_literal("5", xsd("integer")),
        ),
        triple(
            &st,
            &format!("{KH}start"),
            Literal::new_typed_literal("96", xsd("integer")),
        ),
        triple(
            &st,
            &format!("{KH}end"),
            Literal::new_typed_literal("217", xsd("integer")),
        ),
        triple(
            &st,
            &format!("{KH}rule"),
            Literal::new_simple_literal("ar/negotiate/1"),
        ),
        triple(
            &st,
            &format!("{KH}confidence"),
            Literal::new_typed_literal("0.9", xsd("double")),
        ),
        triple(
            &st,
            &format!("{KH}modality"),
            Literal::new_simple_literal("actual"),
        ),
        triple(
            &st,
            &format!("{KH}cameo"),
            Literal::new_simple_literal("046"),
        ),
    ] {
        assert!(triples.contains(&t), "missing {t}");
    }
    // Evidence literals survive escaping exactly: Arabic commas, «quotes», ASCII quotes and
    // backslashes.
    for ex in fixtures() {
        let lang = if ex.doc_id.starts_with("en") {
            "en"
        } else {
            "ar"
        };
        for r in &ex.relations {
            let st = format!("{ID}statement/{}/{}", ex.doc_id, r.id);
            let lit = Literal::new_language_tagged_literal(&r.evidence.text, lang).expect("tag");
            assert!(
                triples.contains(&triple(&st, &format!("{KH}evidence"), lit)),
                "evidence of {st}"
            );
        }
    }
    // Entity triples are written once per run, however many documents mention the entity.
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let line = format!("<{dza}> <{label}> \"Algeria\"@en .");
    assert_eq!(text.lines().filter(|l| *l == line).count(), 1);
}

#[test]
fn neo4j_csv_has_import_headers_unique_nodes_and_quoted_arabic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = convert("neo4j", &["--output", dir.path().to_str().expect("path")]);
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("6 relations with a null subject or object skipped"));
    let mut nodes = csv::Reader::from_path(dir.path().join("nodes.csv")).expect("nodes.csv");
    assert_eq!(
        nodes.headers().expect("header").iter().collect::<Vec<_>>(),
        ["id:ID", ":LABEL", "name_en", "name_ar", "wikidata", "kind", "country", "source"]
    );
    let mut ids = HashMap::new();
    for row in nodes.records() {
        let row = row.expect("node row");
        assert!(
            ids.insert(row[0].to_string(), row.clone()).is_none(),
            "duplicate node {}",
            &row[0]
        );
    }
    assert_eq!(&ids["country:DZA"][1], "Entity;Country");
    assert_eq!(&ids["country:DZA"][3], "الجزائر");
    assert_eq!(
        &ids["agency:obrien-tables-partners"][2],
        "O'Brien \"Tables\"; -- * OR Partners"
    );
    let mut rels = csv::Reader::from_path(dir.path().join("relationships.csv")).expect("rels");
    let header: Vec<String> = rels
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&header[..3], [":START_ID", ":END_ID", ":TYPE"]);
    for h in [
        "sentence:int",
        "start:int",
        "end:int",
        "confidence:double",
        "evidence",
        "doc_id",
    ] {
        assert!(header.iter().any(|x| x == h), "{h}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let want: HashMap<(String, String), String> = fixtures()
        .into_iter()
        .flat_map(|ex| {
            ex.relations
                .into_iter()
                .filter(|r| r.subject.is_some() && r.object.is_some())
                .map(move |r| ((ex.doc_id.clone(), r.id), r.evidence.text))
        })
        .collect();
    let mut seen = 0;
    for row in rels.records() {
        let row = row.expect("relationship row");
        assert!(
            ids.contains_key(&row[0]) && ids.contains_key(&row[1]),
            "dangling"
        );
        let key = (
            row[col("doc_id")].to_string(),
            row[col("rel_id")].to_string(),
        );
        assert_eq!(row[col("evidence")], want[&key], "{key:?}");
        seen += 1;
    }
    assert_eq!(seen, want.len());
    assert_eq!(seen, 12);
}

#[test]
fn neo4j_needs_an_output_directory() {
    let out = khabar(&["convert", "--format", "neo4j", FIXTURES[0]]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output DIR"));
}

#[derive(Deserialize)]
struct Plover {
    id: String,
    date: Option<String>,
    actor: Vec<Actor>,
    recipient: Vec<Actor>,
    event_type: String,
    event: Vec<String>,
    context: Vec<String>,
    text_info: TextInfo,
    cite_info: CiteInfo,
    cameo: Option<String>,
}

#[derive(Deserialize)]
struct Actor {
    entity_text: String,
    wikidata_id: Option<String>,
    sector: String,
    code: Option<String>,
    khabar_id: String,
}

#[derive(Deserialize)]
struct TextInfo {
    sequence: usize,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct CiteInfo {
    citation: String,
    language: String,
}

#[test]
fn plover_records_one_per_categorized_relation() {
    let out = convert("plover", &[]);
    let records: Vec<Plover> = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("PLOVER record"))
        .collect();
    let want: usize = fixtures()
        .iter()
        .map(|e| e.relations.iter().filter(|r| r.plover.is_some()).count())
        .sum();
    assert_eq!(records.len(), want);
    let r = records
        .iter()
        .find(|r| r.id == "al-amsar-2023-08-13#r0")
        .expect("seed r0");
    assert_eq!(r.date.as_deref(), Some("2023-08-13"));
    assert_eq!(
        (r.event_type.as_str(), r.event.as_slice()),
        ("CONSULT", &["CONSULT".to_string()][..])
    );
    assert_eq!(r.cameo.as_deref(), Some("046"));
    // Symmetric: both parties are actors; entity_text is the mention in the sentence.
    let actors: Vec<(&str, &str)> = r
        .actor
        .iter()
        .map(|a| (a.khabar_id.as_str(), a.entity_text.as_str()))
        .collect();
    assert_eq!(
        actors,
        [
            ("agency:rossotrudnichestvo", "وكالة التعاون الخارجي الروسية"),
            ("country:DZA", "الجزائر")
        ]
    );
    assert!(r.recipient.is_empty());
    assert_eq!(r.actor[1].wikidata_id.as_deref(), Some("Q262"));
    assert_eq!(
        (r.actor[0].sector.as_str(), r.actor[0].code.as_deref()),
        ("GOV", Some("RUS"))
    );
    assert_eq!(
        (r.text_info.sequence, r.text_info.start, r.text_info.end),
        (5, 96, 217)
    );
    assert_eq!(
        (r.cite_info.citation.as_str(), r.cite_info.language.as_str()),
        ("al-amsar-2023-08-13", "ar")
    );
    let coop = records
        .iter()
        .find(|r| r.event_type == "COOPERATE")
        .expect("COOPERATE");
    assert_eq!(coop.context, ["military"]);
    let intent = records
        .iter()
        .find(|r| r.id == "al-amsar-2023-08-13#r1")
        .expect("AGREE");
    assert_eq!(intent.recipient[0].khabar_id, "agency:rossotrudnichestvo");
}

#[test]
fn convert_reports_bad_lines_by_file_and_line_and_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("mixed.jsonl");
    let good = std::fs::read_to_string(FIXTURES[2]).expect("fixture");
    std::fs::write(
        &f,
        format!("{}\n{{\"schema\":\"khabar/1\"}}\n", good.trim()),
    )
    .expect("write");
    let name = f.to_str().expect("path");
    let out = khabar(&["convert", "--format", "jsonl", name]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{name}:2: not a khabar extraction")),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn extract_writes_ntriples_and_neo4j_files_atomically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nt = dir.path().join("seed.nt");
    let out = khabar(&[
        "extract",
        "--gazetteers",
        "fixtures/gazetteers",
        "--format",
        "ntriples",
        "--output",
        nt.to_str().expect("path"),
        "fixtures/al-amsar-moscow-algeria.txt",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let triples = parse_ntriples(&std::fs::read(&nt).expect("output"));
    let doc = format!("{ID}doc/fixtures%2Fal-amsar-moscow-algeria.txt");
    assert!(triples.contains(&triple(
        &doc,
        &format!("{KH}mentions"),
        iri(&format!("{ID}person/vladimir-putin"))
    )));
    assert!(!Path::new(&format!("{}.tmp", nt.display())).exists());
    let neo = dir.path().join("neo");
    let out = khabar(&[
        "extract",
        "--gazetteers",
        "fixtures/gazetteers",
        "--format",
        "neo4j",
        "--output",
        neo.to_str().expect("path"),
        "fixtures/al-amsar-moscow-algeria.txt",
        // The node count below is the test gazetteer's; with this small gazetteer the
        // embedded tagger adds names of its own (tests/tagger.rs covers those).
        "--no-tagger",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nodes = csv::Reader::from_path(neo.join("nodes.csv"))
        .expect("nodes")
        .into_records()
        .count();
    // The nine "must" gazetteer entities of the seed, the forum and its three places, and the
    // two people found by pattern.
    assert_eq!(nodes, 15);
}
