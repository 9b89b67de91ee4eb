//! `khabar index` keeps the batch promises of `khabar extract` (DESIGN.md "Batch promises"):
//! the conservation line, a rejects file beside the database, `--on-bad-record`, the exit
//! codes, and `--resume` after a crash, which leaves the same rows as an uninterrupted run.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::root;
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Reject {
    source: String,
    line: Option<u64>,
    byte_offset: u64,
    reason: String,
    raw: Option<String>,
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Runs `khabar index --gazetteers fixtures/gazetteers --db DB ARGS` with extra environment.
fn index(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_khabar"));
    cmd.args([
        "index",
        "--gazetteers",
        "fixtures/gazetteers",
        "--db",
        s(db),
    ])
    .args(args)
    .current_dir(root())
    .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("khabar runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `n` news documents; every `bad_every`-th has a number for its text (a bad record).
fn corpus(n: usize, bad_every: usize) -> String {
    let texts = [
        "موسكو تتفاوض مع الجزائر حول التعاون",
        "Putin met Tebboune in Moscow.",
        "وصل الرئيس إلى الجزائر والتقى نظيره",
        "No entity here at all.",
    ];
    let mut out = String::new();
    for i in 0..n {
        if bad_every > 0 && i % bad_every == bad_every - 1 {
            out += &format!("{{\"id\":\"{i}\",\"text\":{i}}}\n");
        } else {
            let t = texts[i % texts.len()];
            out += &format!("{{\"id\":\"{i}\",\"text\":\"{t} {i}\"}}\n");
        }
    }
    out
}

/// Every row of every table the store writes, in a fixed order, as text.
fn dump(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    let mut rows = Vec::new();
    for (table, order) in [
        ("documents", "doc_id"),
        ("entities", "id"),
        ("aliases", "entity_id, alias"),
        ("mentions", "doc_id, start, entity_id"),
        ("sentences", "doc_id, sentence"),
        ("relations", "doc_id, rel_id"),
        ("meta", "key"),
    ] {
        let sql = format!("SELECT * FROM {table} ORDER BY {order}");
        let mut stmt = conn.prepare(&sql).expect("prepare");
        let n = stmt.column_count();
        let got: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                            .unwrap_or_default()
                    })
                    .collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .and_then(|rows| rows.collect())
            .expect("rows");
        rows.extend(got);
    }
    rows
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

#[test]
fn every_record_is_indexed_or_rejected_beside_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(12, 4)).expect("write");
    let db = dir.path().join("news.db");
    let out = index(&db, &[s(&input)], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("12 records read: 9 extracted, 3 rejected, 0 skipped"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 9);
    let rejects: Vec<Reject> = std::fs::read_to_string(dir.path().join("news.db.rejects.jsonl"))
        .expect("rejects beside the database")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a reject"))
        .collect();
    let lines: Vec<Option<u64>> = rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [Some(4), Some(8), Some(12)]);
    assert!(rejects.iter().all(|r| r.source.ends_with("news.jsonl")));
    assert_eq!(rejects[0].raw.as_deref(), Some("{\"id\":\"3\",\"text\":3}"));
}

#[test]
fn a_clean_index_run_exits_zero_and_an_explicit_rejects_file_is_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(5, 0)).expect("write");
    let db = dir.path().join("news.db");
    let rejects = dir.path().join("bad.jsonl");
    let out = index(&db, &[s(&input), "--rejects", s(&rejects)], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("5 records read: 5 extracted, 0 rejected"));
    assert_eq!(std::fs::read_to_string(&rejects).expect("rejects"), "");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 5);
}

#[test]
fn index_on_bad_record_skip_counts_and_fail_stops_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(8, 4)).expect("write");
    let db = dir.path().join("skip.db");
    let out = index(&db, &[s(&input), "--on-bad-record", "skip"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("8 records read: 6 extracted, 0 rejected, 2 skipped"));
    assert!(!dir.path().join("skip.db.rejects.jsonl").exists());

    let db = dir.path().join("fail.db");
    let out = index(&db, &[s(&input), "--on-bad-record", "fail"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(":4 (byte offset"), "{}", stderr(&out));
}

#[test]
fn a_resumed_index_holds_the_same_rows_as_an_uninterrupted_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(40, 7)).expect("write");
    let reference = dir.path().join("ref.db");
    let out = index(&reference, &[s(&input), "--batch", "5"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(count(&reference, "SELECT count(*) FROM relations") > 0);

    let db = dir.path().join("crash.db");
    let args = [s(&input), "--batch", "5"];
    // Die (as a crash would) in the middle of the fifth transaction.
    let out = index(&db, &args, &[("KHABAR_TEST_ABORT_AFTER", "23")]);
    assert!(!out.status.success(), "the run should have crashed");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 20 - 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM meta WHERE key = 'index_checkpoint'"
        ),
        1
    );
    let mut resume = args.to_vec();
    resume.push("--resume");
    let out = index(&db, &resume, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("40 records read: 35 extracted, 5 rejected")
            && stderr(&out).contains("(resumed after 20 records)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(dump(&db), dump(&reference));
    assert_eq!(
        std::fs::read(dir.path().join("crash.db.rejects.jsonl")).expect("rejects"),
        std::fs::read(dir.path().join("ref.db.rejects.jsonl")).expect("reference rejects"),
        "resumed rejects differ"
    );
}

#[test]
fn index_resume_refuses_changed_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(20, 0)).expect("write");
    let db = dir.path().join("crash.db");
    let out = index(
        &db,
        &[s(&input), "--batch", "5"],
        &[("KHABAR_TEST_ABORT_AFTER", "12")],
    );
    assert!(!out.status.success());
    std::fs::write(&input, corpus(21, 0)).expect("rewrite");
    let out = index(&db, &[s(&input), "--batch", "5", "--resume"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot resume") && stderr(&out).contains("news.jsonl"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn index_of_extraction_files_rejects_lines_that_are_not_extractions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("ex.jsonl");
    let good = std::fs::read_to_string(root().join("fixtures/extractions/ar-quotes.jsonl"))
        .expect("fixture");
    std::fs::write(&input, format!("{}{{\"schema\":\"other\"}}\n", good)).expect("write");
    let db = dir.path().join("ex.db");
    let out = index(&db, &["--extractions", s(&input)], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 records read: 1 extracted, 1 rejected"));
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 1);
}
