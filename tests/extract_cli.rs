//! `khabar extract` on good and bad inputs: a bad file or line is reported with its location
//! and the run goes on with exit code 1.

mod common;

use common::*;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

#[test]
fn text_file_and_stdin_jsonl() {
    let dir = tmp();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "موسكو تتفاوض مع الجزائر").expect("write");
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            a.to_str().expect("path"),
            "-",
        ],
        br#"{"id":"s1","text":"Putin met Tebboune.","date":"2023-08-13"}
"#,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = decode(&out.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].doc_id, a.to_str().expect("path"));
    let ids: Vec<&str> = docs[0].entities.iter().map(|e| e.id.as_str()).collect();
    // Moscow stands for Russia in "موسكو تتفاوض": Russia is the party of negotiates-with, so it
    // is an entity of the output, with no mention of its own.
    assert_eq!(ids, ["location:moscow", "country:DZA", "country:RUS"]);
    assert!(docs[0].entities[2].mentions.is_empty());
    assert_eq!(
        docs[0].entities[0].mentions[0].stands_for.as_deref(),
        Some("country:RUS")
    );
    assert_eq!(docs[1].doc_id, "s1");
    assert_eq!(docs[1].date.as_deref(), Some("2023-08-13"));
    let people: Vec<(&str, usize, usize)> = docs[1]
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.mentions[0].start, e.mentions[0].end))
        .collect();
    assert_eq!(
        people,
        [
            ("person:vladimir-putin", 0, 5),
            ("person:abdelmadjid-tebboune", 10, 18)
        ]
    );
}

#[test]
fn not_utf8_file_is_reported_and_the_run_goes_on() {
    let dir = tmp();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"abc\xffdef").expect("write");
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "روسيا").expect("write");
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            bad.to_str().expect("path"),
            good.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.txt") && err.contains("byte offset 3"),
        "{err}"
    );
    let docs = decode(&out.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].entities[0].id, "country:RUS");
}

#[test]
fn bad_jsonl_lines_name_their_line() {
    let input = "{\"id\":\"1\",\"text\":\"روسيا\"}\nnot json\n{\"id\":\"3\"}\n\n{\"id\":\"5\",\"text\":\"\"}\n";
    let out = khabar(
        &["extract", "--gazetteers", "fixtures/gazetteers", "-"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-:2: invalid JSON"), "{err}");
    assert!(err.contains("-:3: no \"text\" field"), "{err}");
    let docs = decode(&out.stdout);
    let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(ids, ["1", "5"]);
    // An empty document gives an empty extraction.
    assert!(docs[1].entities.is_empty());
}

#[test]
fn json_format_is_one_object_for_one_document() {
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            "--format",
            "json",
            "-",
        ],
        b"{\"id\":\"1\",\"text\":\"x\"}\n",
    );
    let one: Extraction = serde_json::from_slice(&out.stdout).expect("one extraction");
    assert_eq!(one.doc_id, "1");
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            "--format",
            "json",
            "-",
        ],
        b"{\"id\":\"1\",\"text\":\"x\"}\n{\"id\":\"2\",\"text\":\"y\"}\n",
    );
    let two: Vec<Extraction> = serde_json::from_slice(&out.stdout).expect("an array");
    let ids: Vec<&str> = two.iter().map(|e| e.doc_id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
}

#[test]
fn bad_gazetteer_is_fatal_and_named() {
    let dir = tmp();
    std::fs::write(
        dir.path().join("x.tsv"),
        "id\ttype\ten\ncountry:xx\tCOUNTRY\tX\n",
    )
    .expect("write");
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            dir.path().to_str().expect("path"),
            "-",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("x.tsv:2: column \"id\""), "{err}");
}

#[test]
fn gazetteer_check_reports_and_fails() {
    let out = khabar(&["gazetteer", "check", "fixtures/gazetteers"], b"");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tmp();
    std::fs::write(dir.path().join("e.tsv"), "id\ttype\ten\tar\ncountry:OMN\tCOUNTRY\tOman\tعمان\nlocation:amman\tLOCATION\tAmman\tعمان\n").expect("write");
    let out = khabar(
        &["gazetteer", "check", dir.path().to_str().expect("path")],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("e.tsv:3: alias \"عمان\" names both country:OMN"));
}

#[test]
fn an_editors_lock_file_under_gazetteers_and_rules_is_ignored() {
    let dir = tmp();
    let (gaz, rules) = (dir.path().join("gaz"), dir.path().join("rules"));
    fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let path = entry.expect("entry").path();
            let dest = to.join(path.file_name().expect("name"));
            if path.is_dir() {
                copy_tree(&path, &dest);
            } else {
                std::fs::copy(&path, dest).expect("copy");
            }
        }
    }
    copy_tree(&root().join("fixtures/gazetteers"), &gaz);
    copy_tree(&root().join("rules"), &rules);
    // Emacs's lock files are dangling symlinks named like the file they lock; vim's swap files
    // are hidden too. Neither is a gazetteer or a rule file.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("user@host.1234:1", gaz.join(".#aliases.tsv")).expect("link");
        std::os::unix::fs::symlink("user@host.1234:1", rules.join(".#said.rules")).expect("link");
    }
    std::fs::write(gaz.join(".entities.tsv.swp"), b"\x00\x01").expect("swap file");
    std::fs::write(rules.join(".x.rules"), "rule broken(").expect("hidden rule");
    let (g, r) = (gaz.to_str().expect("path"), rules.to_str().expect("path"));
    let out = khabar(&["gazetteer", "check", g], b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            g,
            "--rules",
            r,
            "--input",
            "text",
            "-",
        ],
        "أجرت روسيا والجزائر مفاوضات".as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(decode(&out.stdout).len(), 1);
}

/// `--output -` is stdout (the Unix convention; `-` is stdin among the inputs), not a file
/// named `-`.
#[test]
fn output_dash_is_stdout() {
    use std::io::Write;
    let dir = tmp();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["extract", "--output", "-", "-"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the khabar binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(b"{\"id\":\"d1\",\"text\":\"Putin met Tebboune.\"}\n")
        .expect("stdin accepts the input");
    drop(input);
    let out = child.wait_with_output().expect("khabar finishes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = decode(&out.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].doc_id, "d1");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the directory")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    assert!(left.is_empty(), "files written: {left:?}");
}
