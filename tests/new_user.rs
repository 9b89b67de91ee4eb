//! The small defects a new user hits (issue 11, item 3), each test named after the behaviour
//! it keeps: broken pipes, thread and chunk bounds, hints, early checks of output paths, dates,
//! the gazetteer error cascade, concurrent index runs, empty configuration directories, empty
//! input to `explain`, error chains, plurals.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{decode, khabar, root};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Runs khabar with its stdout a pipe whose reading end is closed before it starts: every
/// write hits a broken pipe, as with `| head -1` once head has exited. (Closing the reading
/// end after the start would race with a command that writes its few lines at once.)
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("runs")
}

/// A copy of the test gazetteers whose entity file has a wrong header: every alias, role and
/// reference to its ids then fails too.
fn gazetteers_with_a_wrong_header(dir: &Path) {
    for f in std::fs::read_dir(root().join("fixtures/gazetteers")).expect("fixtures") {
        let f = f.expect("entry").path();
        let to = dir.join(f.file_name().expect("name"));
        std::fs::copy(&f, &to).expect("copy");
    }
    let entities = dir.join("entities.tsv");
    let text = std::fs::read_to_string(&entities).expect("read");
    std::fs::write(&entities, text.replacen("\nid\ttype", "\nident\ttype", 1)).expect("write");
}

#[test]
fn broken_pipe_exits_zero_on_every_command() {
    let dir = tmp();
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).expect("mkdir");
    gazetteers_with_a_wrong_header(&bad);
    let db = dir.path().join("news.db");
    let out = khabar(
        &[
            "index",
            "--db",
            s(&db),
            "--extractions",
            "fixtures/extractions/al-amsar-2023-08-13.jsonl",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases: &[(&str, Vec<&str>)] = &[
        ("gazetteer stats", vec!["gazetteer", "stats"]),
        (
            "gazetteer check",
            vec!["gazetteer", "check", s(&bad), "--all"],
        ),
        (
            "extract",
            vec!["extract", "fixtures/al-amsar-moscow-algeria.txt"],
        ),
        ("explain", vec!["explain", "أجرت روسيا والجزائر مفاوضات"]),
        (
            "convert",
            vec![
                "convert",
                "--format",
                "ntriples",
                "fixtures/extractions/al-amsar-2023-08-13.jsonl",
            ],
        ),
        ("query", vec!["query", "--db", s(&db), "--format", "json"]),
        (
            "eval ner",
            vec![
                "eval",
                "ner",
                "fixtures/eval/ner-e2e.conll",
                "--gazetteers",
                "fixtures/gazetteers",
            ],
        ),
    ];
    for (name, args) in cases {
        let out = with_closed_stdout(args);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(out.status.code(), Some(0), "{name}: {err}");
    }
}

#[test]
fn threads_are_capped_at_the_cores_available() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let input = "{\"id\":\"a\",\"text\":\"موسكو تتفاوض مع الجزائر\"}\n".repeat(50);
    let started = Instant::now();
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            "--threads",
            "10000",
        ],
        input.as_bytes(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("--threads 10000 is more than the {cores} cores")),
        "{err}"
    );
    let threads = if cores == 1 { "1 thread)" } else { "threads)" };
    assert!(
        err.contains(&format!("{cores} {threads}")),
        "the summary says {cores}: {err}"
    );
    assert_eq!(decode(&out.stdout).len(), 50);
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn chunk_records_zero_is_refused() {
    let out = khabar(&["extract", "--chunk-records", "0"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at least 1"), "{}", stderr(&out));
}

#[test]
fn plain_text_on_stdin_hints_at_input_text() {
    let out = khabar(
        &["extract", "--gazetteers", "fixtures/gazetteers"],
        "موسكو تتفاوض مع الجزائر\nسطر ثان\n".as_bytes(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("-:1: invalid JSON"), "{err}");
    assert!(err.contains("`--input text` reads it"), "the hint: {err}");
    // Said once, on the first line, not on every line.
    assert_eq!(err.matches("--input text").count(), 1, "{err}");
    // And the hint is right.
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            "--input",
            "text",
        ],
        "موسكو تتفاوض مع الجزائر\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(decode(&out.stdout).len(), 1);
}

/// `khabar extract` with stdin open and never written: it must stop on a bad output path
/// before it reads anything (it would otherwise wait on stdin forever).
fn extract_with_open_stdin(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("extract")
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let stdin = child.stdin.take();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("khabar extract {args:?} read stdin instead of failing on its output path");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(stdin);
    child.wait_with_output().expect("finishes")
}

#[test]
fn output_paths_are_checked_before_any_input_is_read() {
    let dir = tmp();
    let out_file = dir.path().join("out.jsonl");
    let missing = dir.path().join("no-such-dir");
    for (flag, bad) in [
        ("--stats", missing.join("stats.json")),
        ("--rejects", missing.join("rejects.jsonl")),
        ("--output", missing.join("out.jsonl")),
    ] {
        let mut args = vec!["--gazetteers", "fixtures/gazetteers", flag, s(&bad)];
        if flag != "--output" {
            args.extend(["--output", s(&out_file)]);
        }
        let out = extract_with_open_stdin(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flag}: {err}");
        assert!(
            err.contains(flag) && err.contains("does not exist"),
            "{flag}: {err}"
        );
        // Nothing was created, not even a partial output.
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert!(left.is_empty(), "{flag} left {left:?}");
    }
    let out = extract_with_open_stdin(&["--stats", s(dir.path())]);
    assert!(stderr(&out).contains("is a directory"), "{}", stderr(&out));
}

#[test]
fn numeric_and_other_dates_go_through_the_date_reader_or_warn() {
    let input = concat!(
        "{\"id\":\"num\",\"text\":\"x\",\"date\":20230813}\n",
        "{\"id\":\"bool\",\"text\":\"x\",\"date\":true}\n",
        "{\"id\":\"dmy\",\"text\":\"x\",\"date\":\"13/08/2023\"}\n",
        "{\"id\":\"null\",\"text\":\"x\",\"date\":null}\n",
    );
    let out = khabar(
        &["extract", "--gazetteers", "fixtures/gazetteers"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ex = decode(&out.stdout);
    let warned = |i: usize| ex[i].warnings.iter().any(|w| w.contains("field \"date\""));
    // A number is read by the one date reader: dated if it reads it, warned about if not;
    // never dropped silently.
    assert!(ex[0].date.is_some() || warned(0), "{:?}", ex[0]);
    assert!(ex[1].date.is_none() && warned(1), "{:?}", ex[1]);
    assert_eq!(ex[2].date.as_deref(), Some("2023-08-13"));
    assert!(
        ex[3].date.is_none() && ex[3].warnings.is_empty(),
        "{:?}",
        ex[3]
    );
}

#[test]
fn date_flag_takes_the_forms_record_dates_take() {
    for (flag, want) in [
        ("2023-08-13", "2023-08-13"),
        ("13/08/2023", "2023-08-13"),
        ("2023-08-13T10:00:00Z", "2023-08-13"),
    ] {
        let out = khabar(
            &[
                "extract",
                "--gazetteers",
                "fixtures/gazetteers",
                "--date",
                flag,
            ],
            b"{\"id\":\"a\",\"text\":\"x\"}\n",
        );
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", stderr(&out));
        assert_eq!(decode(&out.stdout)[0].date.as_deref(), Some(want), "{flag}");
    }
    let out = khabar(&["extract", "--date", "2023-13-01"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn gazetteer_check_shows_the_first_errors_of_each_file_and_counts_the_rest() {
    let dir = tmp();
    gazetteers_with_a_wrong_header(dir.path());
    let out = khabar(&["gazetteer", "check", s(dir.path())], &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("entities.tsv:2: header starts with \"ident\""),
        "the cause comes first: {text}"
    );
    let all = khabar(&["gazetteer", "check", s(dir.path()), "--all"], &[]);
    let every = String::from_utf8_lossy(&all.stdout).lines().count();
    assert!(
        every > lines.len(),
        "{every} problems, {} lines",
        lines.len()
    );
    // At most 10 problems per file, and a count line for each file with more.
    let mut per_file = std::collections::HashMap::<&str, usize>::new();
    for l in &lines {
        if !l.contains(": ... and ") {
            *per_file
                .entry(l.split(':').next().unwrap_or(""))
                .or_default() += 1;
        }
    }
    assert!(per_file.values().all(|&n| n <= 10), "{per_file:?}");
    let counted: usize = lines
        .iter()
        .filter_map(|l| l.split(": ... and ").nth(1))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(per_file.values().sum::<usize>() + counted, every);
    assert!(stderr(&out).contains("--all shows all"), "{}", stderr(&out));
}

#[test]
fn a_second_index_run_waits_for_a_locked_database() {
    let dir = tmp();
    let db = dir.path().join("news.db");
    let fixture = "fixtures/extractions/al-amsar-2023-08-13.jsonl";
    let out = khabar(&["index", "--db", s(&db), "--extractions", fixture], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Another writer holds the write lock for two seconds.
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.execute_batch("BEGIN IMMEDIATE; DELETE FROM meta WHERE key = 'no such key';")
        .expect("lock");
    let child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["index", "--db", s(&db), "--extractions", fixture])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    std::thread::sleep(Duration::from_secs(2));
    conn.execute_batch("COMMIT").expect("unlock");
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("1 record read: 1 extracted"), "{err}");
    assert!(err.contains("khabar: 1 document in"), "{err}");
}

#[test]
fn empty_gazetteer_or_rule_directories_warn() {
    let dir = tmp();
    let out = khabar(
        &[
            "explain",
            "روسيا",
            "--gazetteers",
            s(dir.path()),
            "--rules",
            s(dir.path()),
        ],
        &[],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: --gazetteers") && err.contains("no entities"),
        "{err}"
    );
    assert!(
        err.contains("warning: --rules") && err.contains("no rules"),
        "{err}"
    );
    // Not for directories that have data.
    let out = khabar(
        &["explain", "روسيا", "--gazetteers", "fixtures/gazetteers"],
        &[],
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn explain_of_empty_text_says_what_to_give() {
    for text in ["", "  \n"] {
        let out = khabar(&["explain", text], &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("nothing to explain"), "{err}");
    }
    let out = khabar(&["explain", "-"], b"");
    assert!(stderr(&out).contains("nothing to explain"));
}

#[test]
fn error_messages_say_their_cause_once() {
    let dir = tmp();
    let db = dir.path().join("not.db");
    std::fs::write(&db, "this is not a database, not even close\n".repeat(100)).expect("write");
    for args in [
        vec!["query", "--db", s(&db), "--entity", "x"],
        vec![
            "index",
            "--db",
            s(&db),
            "fixtures/al-amsar-moscow-algeria.txt",
        ],
    ] {
        let out = khabar(&args, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.matches("file is not a database").count(), 1, "{err}");
        assert_eq!(err.matches(s(&db)).count(), 1, "{err}");
    }
}

#[test]
fn the_summary_counts_in_the_singular_for_one() {
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            "--threads",
            "1",
        ],
        "{\"id\":\"a\",\"text\":\"وقعت روسيا والجزائر إعلانا بشأن التعاون.\"}\n".as_bytes(),
    );
    let err = stderr(&out);
    assert!(err.contains("khabar: 1 record read:"), "{err}");
    assert!(err.contains("1 thread)"), "{err}");
    let ex = decode(&out.stdout);
    let (e, r) = (ex[0].entities.len(), ex[0].relations.len());
    let noun = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    assert!(err.contains(&noun(e, "entity", "entities")), "{err}");
    assert!(err.contains(&noun(r, "relation", "relations")), "{err}");
}
