//! The SQLite store end to end: `khabar index` (extraction fixtures and documents), then
//! `khabar query` answers decoded with this test's own types.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

const FIXTURES: [&str; 4] = [
    "fixtures/extractions/al-amsar-2023-08-13.jsonl",
    "fixtures/extractions/en-putin-tebboune.jsonl",
    "fixtures/extractions/ar-quotes.jsonl",
    "fixtures/extractions/en-meta.jsonl",
];

fn khabar_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_khabar"));
    c.args(args).stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run khabar")
}

fn khabar(args: &[&str]) -> Output {
    khabar_env(args, &[])
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn str(&self) -> &str {
        self.path.to_str().expect("path")
    }
}

fn indexed() -> Db {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("store.db");
    let db = Db { _dir: dir, path };
    let mut args = vec!["index", "--db", db.str(), "--extractions"];
    args.extend_from_slice(&FIXTURES);
    ok(khabar(&args));
    db
}

#[derive(Debug, Deserialize)]
struct Row {
    doc_id: String,
    date: Option<String>,
    rel_id: String,
    subject: Option<Ent>,
    object: Option<Ent>,
    evidence: Evidence,
}

#[derive(Debug, Deserialize)]
struct Ent {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Evidence {
    sentence: i64,
    text: Option<String>,
}

fn query(db: &Db, args: &[&str]) -> Vec<Row> {
    let mut all = vec!["query", "--db", db.str(), "--format", "json"];
    all.extend_from_slice(args);
    let out = ok(khabar(&all));
    serde_json::from_slice(&out.stdout).expect("JSON array of relations")
}

fn keys(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .map(|r| format!("{}#{}", r.doc_id, r.rel_id))
        .collect()
}

fn ends(r: &Row) -> (Option<&str>, Option<&str>) {
    (
        r.subject.as_ref().map(|e| e.id.as_str()),
        r.object.as_ref().map(|e| e.id.as_str()),
    )
}

#[test]
fn entity_by_arabic_english_and_alias_names() {
    let db = indexed();
    let arabic = query(&db, &["--entity", "الجزائر"]);
    let english = query(&db, &["--entity", "ALGERIA"]);
    let id = query(&db, &["--entity", "country:DZA"]);
    let want = [
        "al-amsar-2023-08-13#r0",
        "al-amsar-2023-08-13#r1",
        "ar-quotes#r0",
        "ar-quotes#r2",
    ];
    assert_eq!(keys(&arabic), want);
    assert_eq!(keys(&english), want);
    assert_eq!(keys(&id), want);
    // Every answer carries its evidence sentence and document id.
    assert!(arabic[0]
        .evidence
        .text
        .as_deref()
        .is_some_and(|t| t.contains("مفاوضات مع الجزائر")));
    assert_eq!(arabic[0].evidence.sentence, 5);
    // A short alias seen in a mention (بوتين), normalized spelling (no hamza: الامارات).
    let putin = query(
        &db,
        &["--entity", "بوتين", "--predicate", "signed-declaration"],
    );
    assert_eq!(
        keys(&putin),
        ["en-putin-tebboune#r1", "al-amsar-2023-08-13#r4"]
    );
    let uae = query(&db, &["--entity", "الامارات العربية المتحدة"]);
    assert_eq!(uae.len(), 3);
    // Type filter: Algeria is not a PERSON.
    assert!(query(&db, &["--entity", "Algeria", "--type", "PERSON"]).is_empty());
}

#[test]
fn predicate_dates_with_and_search() {
    let db = indexed();
    let consults = query(&db, &["--predicate", "consults-with"]);
    assert_eq!(
        keys(&consults),
        [
            "en-putin-tebboune#r3",
            "al-amsar-2023-08-13#r5",
            "ar-quotes#r2"
        ]
    );
    // Ordered by document date.
    let dates: Vec<&str> = consults.iter().filter_map(|r| r.date.as_deref()).collect();
    assert_eq!(dates, ["2023-06-15", "2023-08-13", "2024-01-20"]);
    let august = query(
        &db,
        &[
            "--predicate",
            "consults-with",
            "--from",
            "2023-07-01",
            "--to",
            "2023-08",
        ],
    );
    assert_eq!(keys(&august), ["al-amsar-2023-08-13#r5"]);
    let y2024 = query(&db, &["--from", "2024", "--to", "2024"]);
    assert!(y2024
        .iter()
        .all(|r| r.date.as_deref().is_some_and(|d| d.starts_with("2024"))));
    assert_eq!(y2024.len(), 6);
    // Co-occurrence as relations involving both.
    let with = query(&db, &["--entity", "Russia", "--with", "الإمارات"]);
    assert_eq!(with.len(), 3);
    for r in &with {
        let (s, o) = ends(r);
        assert_eq!((s, o), (Some("country:RUS"), Some("country:ARE")));
    }
    // Full-text search of evidence, normalized (tashkeel and hamza forms do not matter).
    let military = query(&db, &["--search", "العسكري"]);
    assert_eq!(
        keys(&military),
        [
            "al-amsar-2023-08-13#r5",
            "al-amsar-2023-08-13#r6",
            "ar-quotes#r2",
            "ar-quotes#r3"
        ]
    );
    assert!(query(&db, &["--search", "nosuchword"]).is_empty());
}

#[test]
fn names_with_quotes_and_sql_or_fts_syntax_are_plain_text() {
    let db = indexed();
    let name = "O'Brien \"Tables\"; -- * OR Partners";
    let rows = query(&db, &["--entity", name]);
    assert_eq!(keys(&rows), ["en-meta#r0", "en-meta#r1"]);
    for text in [
        name,
        "' \" ; -- * OR",
        "\"unbalanced",
        "NEAR(a b)",
        "col:value",
        "^x",
    ] {
        for flag in ["--entity", "--with", "--search"] {
            let out = khabar(&["query", "--db", db.str(), "--format", "json", flag, text]);
            assert!(
                out.status.success(),
                "{flag} {text}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let _: Vec<Row> = serde_json::from_slice(&out.stdout).expect("relation rows");
        }
    }
    let found = query(&db, &["--search", "O'Brien \"Tables\""]);
    assert_eq!(keys(&found), ["en-meta#r0", "en-meta#r1"]);
    // Nothing matches: an empty array.
    let out = ok(khabar(&[
        "query",
        "--db",
        db.str(),
        "--format",
        "json",
        "--entity",
        "Atlantis",
    ]));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

#[test]
fn csv_and_table_formats() {
    let db = indexed();
    let out = ok(khabar(&[
        "query",
        "--db",
        db.str(),
        "--format",
        "csv",
        "--entity",
        "الجزائر",
    ]));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&header[..4], ["date", "doc_id", "rel_id", "predicate"]);
    let ev = header
        .iter()
        .position(|h| h == "evidence")
        .expect("evidence column");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[2][ev].contains("\"لن تتفاوض\""), "{}", &rows[2][ev]);
    let out = ok(khabar(&[
        "query",
        "--db",
        db.str(),
        "--format",
        "table",
        "--entity",
        "Putin",
    ]));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("date") && lines.len() == 5, "{text}");
    // Columns align by characters, Arabic included: "doc_id" starts at the same char column.
    let col = |l: &str| {
        l.chars()
            .collect::<Vec<_>>()
            .windows(2)
            .position(|w| w == [' ', ' '])
    };
    let first = col(lines[1]);
    assert!(lines[1..].iter().all(|l| col(l) == first), "{text}");
}

#[test]
fn reindexing_replaces_documents() {
    let db = indexed();
    let before = query(&db, &[]);
    ok(khabar(&[
        "index",
        "--db",
        db.str(),
        "--extractions",
        FIXTURES[0],
        FIXTURES[2],
    ]));
    let after = query(&db, &[]);
    assert_eq!(keys(&before), keys(&after));
    let conn = rusqlite::Connection::open(&db.path).expect("open");
    // WAL mode, so readers can query while an index run writes.
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM mentions WHERE doc_id = 'ar-quotes'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 11);
}

#[test]
fn an_interrupted_index_run_leaves_whole_batches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crash.db");
    let db_name = path.to_str().expect("path").to_string();
    let mut args = vec!["index", "--db", &db_name, "--extractions", "--batch", "2"];
    args.extend_from_slice(&FIXTURES);
    // Abort (as a crash would) in the middle of the second batch.
    let out = khabar_env(&args, &[("KHABAR_TEST_ABORT_AFTER", "3")]);
    assert!(!out.status.success());
    let conn = rusqlite::Connection::open(&path).expect("open after crash");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let docs: Vec<String> = conn
        .prepare("SELECT doc_id FROM documents ORDER BY doc_id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("docs");
    assert_eq!(docs, ["al-amsar-2023-08-13", "en-putin-tebboune"]);
    // Whole documents only: every row belongs to a committed document.
    for table in ["mentions", "relations", "sentences"] {
        let orphans: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT doc_id FROM documents)"),
                [],
                |r| r.get(0),
            )
            .expect("orphans");
        assert_eq!(orphans, 0, "{table}");
    }
    let rels: i64 = conn
        .query_row("SELECT count(*) FROM relations", [], |r| r.get(0))
        .expect("n");
    assert_eq!(rels, 7 + 5);
    drop(conn);
    // The database is usable: query it, then finish the run.
    let db = Db { _dir: dir, path };
    assert_eq!(query(&db, &["--entity", "Putin"]).len(), 4);
    ok(khabar(&args));
    assert_eq!(query(&db, &["--entity", "الجزائر"]).len(), 4);
}

#[test]
fn index_documents_through_the_pipeline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("docs.db");
    ok(khabar(&[
        "index",
        "--db",
        path.to_str().expect("path"),
        "--gazetteers",
        "fixtures/gazetteers",
        "--date",
        "2023-06-15",
        "fixtures/texts/en-putin-tebboune.txt",
        "fixtures/al-amsar-moscow-algeria.txt",
    ]));
    let db = Db { _dir: dir, path };
    let out = ok(khabar(&[
        "query",
        "--db",
        db.str(),
        "--format",
        "json",
        "--show",
        "sentences",
        "--entity",
        "بوتين",
        "--with",
        "Tebboune",
    ]));
    #[derive(Deserialize)]
    struct Sentence {
        doc_id: String,
        evidence: Evidence,
        entities: Vec<String>,
    }
    let rows: Vec<Sentence> = serde_json::from_slice(&out.stdout).expect("JSON");
    let got: Vec<(&str, i64)> = rows
        .iter()
        .map(|r| (r.doc_id.as_str(), r.evidence.sentence))
        .collect();
    assert_eq!(
        got,
        [
            ("fixtures/al-amsar-moscow-algeria.txt", 10),
            // "وتعهد الرئيسان ...": both presidents by coreference.
            ("fixtures/al-amsar-moscow-algeria.txt", 13),
            ("fixtures/texts/en-putin-tebboune.txt", 0),
            // "The two leaders signed ...".
            ("fixtures/texts/en-putin-tebboune.txt", 1)
        ]
    );
    assert!(rows[2].entities.contains(&"location:moscow".to_string()));
    // "Tebboune" is only a gazetteer alias (no document says it alone): the index records the
    // gazetteer names of every entity it sees.
    let out = ok(khabar(&[
        "query",
        "--db",
        db.str(),
        "--format",
        "json",
        "--show",
        "entities",
        "--entity",
        "تبون",
    ]));
    let names: Vec<Ent> = serde_json::from_slice(&out.stdout).expect("entity rows");
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].id, "person:abdelmadjid-tebboune");
    assert!(rows[2]
        .evidence
        .text
        .as_deref()
        .is_some_and(|t| t.starts_with("Russian President")));
    let out = ok(khabar(&[
        "query",
        "--db",
        db.str(),
        "--format",
        "json",
        "--show",
        "cooccurrences",
        "--entity",
        "Algeria",
        "--type",
        "COUNTRY",
    ]));
    let rows: Vec<Ent> = serde_json::from_slice(&out.stdout).expect("co-occurrence rows");
    assert_eq!(rows[0].id, "country:RUS");
}
