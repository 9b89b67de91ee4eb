//! The batch promises (DESIGN.md "Batch promises"), checked on the real binary: conservation of
//! records, rejects that name their line, the same bytes for 1 and 4 threads, resume after a
//! crash, broken pipes, full disks, unreadable directory entries, compressed inputs.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Reject {
    source: String,
    line: Option<u64>,
    byte_offset: u64,
    reason: String,
    raw: Option<String>,
    raw_base64: Option<String>,
    #[serde(default)]
    raw_truncated: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stats {
    records_read: u64,
    extracted: u64,
    rejected: u64,
    skipped: u64,
    bytes: u64,
    docs_per_sec: f64,
    mb_per_sec: f64,
    entities: u64,
    relations: u64,
    elapsed_secs: f64,
    threads: usize,
    resumed_records: u64,
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Runs `khabar extract --gazetteers fixtures/gazetteers ARGS` with extra environment.
fn extract(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_khabar"));
    cmd.arg("extract")
        .args(["--gazetteers", "fixtures/gazetteers"])
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

fn rejects(path: &Path) -> Vec<Reject> {
    std::fs::read_to_string(path)
        .expect("rejects file")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad reject {l}: {e}")))
        .collect()
}

fn stats(path: &Path) -> Stats {
    serde_json::from_str(&std::fs::read_to_string(path).expect("stats file")).expect("stats JSON")
}

/// `n` small JSONL news records, every `bad_every`-th one broken in turn.
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

#[test]
fn every_bad_record_is_accounted_for_and_names_its_line() {
    let dir = tmp();
    let input = dir.path().join("mixed.jsonl");
    let mut data: Vec<u8> = Vec::new();
    let mut push = |line: &[u8]| {
        data.extend_from_slice(line);
        data.push(b'\n');
    };
    // line: what it holds
    push("\u{FEFF}{\"id\":\"ok1\",\"text\":\"روسيا\"}".as_bytes()); // 1 BOM, good
    push(b"{\"id\":\"bad-json\",\"text\":"); // 2
    push(b""); // 3 blank: not a record
    push(b"{\"id\":\"no-text\"}"); // 4
    push(b"{\"id\":\"num-text\",\"text\":42}"); // 5
    push(b"{\"id\":\"latin1\",\"text\":\"caf\xe9\"}"); // 6 invalid UTF-8
    push(b"{\"id\":\"nul\",\"text\":\"a\x00b\"}"); // 7 raw NUL byte
    push(b"{\"id\":\"nul-escape\",\"text\":\"a\\u0000b\"}"); // 8 escaped NUL
    let mut huge = b"{\"id\":\"huge\",\"text\":\"".to_vec();
    huge.resize(huge.len() + (20 << 20), b'x');
    huge.extend_from_slice(b"\"}");
    push(&huge); // 9: 20 MB line
    push(b"   \t"); // 10 blank
    push(b"{\"id\":\"ok2\",\"text\":\"Algeria\"}\r"); // 11 CRLF, good
    push(b"{\"id\":\"long-token\",\"text\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}"); // 12
    push(b"{\"id\":\"boom\",\"text\":\"panics\"}"); // 13 test-only panic
    push(b"[1,2]"); // 14
    push(b"{\"id\":\"ok3\",\"article\":{\"body\":\"x\"},\"text\":\"Russia\"}"); // 15 good
    data.extend_from_slice(b"{\"id\":\"cut\",\"te"); // 16 truncated last line
    std::fs::write(&input, &data).expect("write input");

    let output = dir.path().join("out.jsonl");
    let stats_path = dir.path().join("stats.json");
    let out = extract(
        &[
            s(&input),
            "--output",
            s(&output),
            "--stats",
            s(&stats_path),
            "--max-token-bytes",
            "100",
        ],
        &[("KHABAR_TEST_PANIC_ON_ID", "boom")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A caught panic does not print the default panic message.
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));

    let docs = decode(&std::fs::read(&output).expect("output renamed into place"));
    let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(ids, ["ok1", "ok2", "ok3"]);

    let rej = rejects(&dir.path().join("out.rejects.jsonl"));
    let got: Vec<(u64, &str)> = rej
        .iter()
        .map(|r| {
            (
                r.line.expect("JSONL rejects have a line"),
                r.reason.as_str(),
            )
        })
        .collect();
    let want: [(u64, &str); 11] = [
        (2, "invalid JSON"),
        (4, "no \"text\" field"),
        (5, "field \"text\" is not a string"),
        (6, "not UTF-8 at byte offset 26 of the line"),
        (7, "NUL byte at byte offset 21 of the line"),
        (8, "text contains a NUL byte at byte offset 1"),
        (9, "line is 20971543 bytes, over the limit of 10485760"),
        (12, "token of "),
        (13, "internal error: test panic"),
        (14, "not a JSON object"),
        (16, "invalid JSON"),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((line, reason), (wline, wreason)) in got.iter().zip(want) {
        assert_eq!(*line, wline, "{reason}");
        assert!(reason.starts_with(wreason), "line {line}: {reason}");
    }
    assert!(rej[10].reason.contains("truncated"), "{}", rej[10].reason);
    for r in &rej {
        assert_eq!(r.source, s(&input));
        let at = data[r.byte_offset as usize];
        assert!(at == b'{' || at == b'[', "offset of line {:?}", r.line);
    }
    // Raw records: text when UTF-8, base64 otherwise, and only the start of a huge one.
    assert_eq!(rej[1].raw.as_deref(), Some("{\"id\":\"no-text\"}"));
    assert_eq!(rej[3].raw, None);
    assert_eq!(
        rej[3].raw_base64.as_deref(),
        Some("eyJpZCI6ImxhdGluMSIsInRleHQiOiJjYWbpIn0=")
    );
    assert!(rej[6].raw_truncated);
    assert_eq!(rej[6].raw.as_ref().map(String::len), Some(64 << 10));

    let st = stats(&stats_path);
    assert_eq!(st.records_read, 14);
    assert_eq!(
        st.records_read,
        st.extracted + st.rejected + st.skipped,
        "{st:?}"
    );
    assert_eq!((st.extracted, st.rejected, st.skipped), (3, 11, 0));
    assert_eq!((st.entities, st.relations), (3, 0));
    assert!(st.threads >= 1 && st.elapsed_secs >= 0.0);
    assert!(st.docs_per_sec > 0.0 && st.mb_per_sec > 0.0, "{st:?}");
    assert_eq!(
        st.bytes,
        data.len() as u64 - 6,
        "every byte but the two blank lines"
    );
}

#[test]
fn one_and_four_threads_write_the_same_bytes() {
    let dir = tmp();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(400, 13)).expect("write");
    let mut outputs = Vec::new();
    for threads in ["1", "4"] {
        let out = extract(
            &[
                s(&input),
                "--threads",
                threads,
                "--chunk-records",
                "7",
                "--rejects",
                s(&dir.path().join(format!("rejects-{threads}.jsonl"))),
            ],
            &[],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let rejects = std::fs::read(dir.path().join(format!("rejects-{threads}.jsonl")))
            .expect("rejects file");
        outputs.push((out.stdout, rejects));
    }
    assert_eq!(decode(&outputs[0].0).len(), 400 - 400 / 13);
    assert_eq!(
        outputs[0].1.iter().filter(|b| **b == b'\n').count(),
        400 / 13
    );
    assert!(outputs[0] == outputs[1], "1 and 4 threads differ");
}

/// Runs until the test hook aborts after `abort_after` records.
fn crash(input: &Path, output: &Path, abort_after: &str) {
    let out = extract(
        &[
            s(input),
            "--output",
            s(output),
            "--chunk-records",
            "10",
            "--checkpoint-interval",
            "0",
        ],
        &[("KHABAR_TEST_ABORT_AFTER", abort_after)],
    );
    assert!(!out.status.success(), "the run should have crashed");
    assert!(!output.exists(), "a crashed run leaves no final output");
    assert!(PathBuf::from(format!("{}.checkpoint", s(output))).exists());
}

#[test]
fn resume_after_a_crash_equals_an_uninterrupted_run() {
    let dir = tmp();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(200, 9)).expect("write");
    let reference = dir.path().join("ref.jsonl");
    let out = extract(&[s(&input), "--output", s(&reference)], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let output = dir.path().join("out.jsonl");
    crash(&input, &output, "95");
    let stats_path = dir.path().join("stats.json");
    let out = extract(
        &[
            s(&input),
            "--output",
            s(&output),
            "--resume",
            "--stats",
            s(&stats_path),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        std::fs::read(&output).expect("output") == std::fs::read(&reference).expect("ref"),
        "resumed output differs"
    );
    assert!(
        std::fs::read(dir.path().join("out.rejects.jsonl")).expect("rejects")
            == std::fs::read(dir.path().join("ref.rejects.jsonl")).expect("ref rejects"),
        "resumed rejects differ"
    );
    let st = stats(&stats_path);
    assert_eq!(st.resumed_records, 90, "checkpoints fall on chunk ends");
    assert_eq!((st.records_read, st.extracted, st.rejected), (200, 178, 22));
    assert!(!PathBuf::from(format!("{}.checkpoint", s(&output))).exists());
    assert!(!PathBuf::from(format!("{}.partial", s(&output))).exists());
}

#[test]
fn resume_refuses_when_inputs_gazetteers_or_flags_changed() {
    let dir = tmp();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(60, 0)).expect("write");
    let output = dir.path().join("out.jsonl");
    crash(&input, &output, "25");

    let gaz = dir.path().join("gaz");
    std::fs::create_dir(&gaz).expect("mkdir");
    for f in ["aliases.tsv", "entities.tsv", "meta.tsv"] {
        std::fs::copy(fixture("gazetteers").join(f), gaz.join(f)).expect("copy");
    }
    let mut aliases = std::fs::OpenOptions::new()
        .append(true)
        .open(gaz.join("aliases.tsv"))
        .expect("open");
    writeln!(aliases, "country:DZA\tDzayer\ten\tname\t").expect("append");
    let out = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["extract", "--gazetteers", s(&gaz), s(&input), "--output"])
        .arg(&output)
        .arg("--resume")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("gazetteers or rules changed"),
        "{}",
        stderr(&out)
    );

    let out = extract(
        &[
            s(&input),
            "--output",
            s(&output),
            "--resume",
            "--text-field",
            "body",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--text-field changed"),
        "{}",
        stderr(&out)
    );

    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&input)
        .expect("open");
    writeln!(f, "{{\"id\":\"new\",\"text\":\"x\"}}").expect("append");
    drop(f);
    let out = extract(&[s(&input), "--output", s(&output), "--resume"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("news.jsonl changed"), "{err}");
    assert!(!output.exists());
}

#[test]
fn broken_pipe_exits_zero_quietly() {
    let dir = tmp();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(4000, 0)).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["extract", "--gazetteers", "fixtures/gazetteers", s(&input)])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here: the rest of the output hits a closed pipe.
    assert!(first.starts_with("{\"schema\""));
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "a broken pipe is quiet");
}

#[test]
fn a_full_disk_is_an_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = tmp();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(50, 0)).expect("write");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["extract", "--gazetteers", "fixtures/gazetteers", s(&input)])
        .current_dir(root())
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cannot write the output to stdout") && err.contains("No space left"),
        "{err}"
    );

    let out = extract(&[s(&input), "--output", "/dev/full"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("/dev/full") && err.contains("No space left"),
        "{err}"
    );
}

#[test]
fn a_directory_with_a_dangling_symlink_goes_on() {
    let dir = tmp();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).expect("mkdir");
    std::fs::write(docs.join("a.txt"), "روسيا").expect("write");
    std::fs::write(docs.join("sub/b.txt"), "Algeria").expect("write");
    std::fs::write(docs.join(".hidden"), "\u{0}binary").expect("write");
    std::os::unix::fs::symlink(docs.join("missing.txt"), docs.join("gone.txt")).expect("symlink");
    let rejects_path = dir.path().join("rejects.jsonl");
    let out = extract(&[s(&docs), "--rejects", s(&rejects_path)], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let ids: Vec<String> = decode(&out.stdout).into_iter().map(|d| d.doc_id).collect();
    assert_eq!(ids, ["a.txt", "sub/b.txt"]);
    let rej = rejects(&rejects_path);
    assert_eq!(rej.len(), 1);
    assert!(rej[0].source.ends_with("docs/gone.txt"), "{:?}", rej[0]);
    assert!(rej[0].reason.contains("No such file"), "{:?}", rej[0]);
    assert_eq!(rej[0].line, None);
}

#[test]
fn gzip_and_zstd_inputs_read_like_plain_ones() {
    let dir = tmp();
    let plain = corpus(30, 7);
    let p = dir.path().join("news.jsonl");
    std::fs::write(&p, &plain).expect("write");
    let gz = dir.path().join("news.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).expect("create"),
        flate2::Compression::default(),
    );
    enc.write_all(plain.as_bytes()).expect("gzip");
    enc.finish().expect("gzip");
    let zst = dir.path().join("news.jsonl.zst");
    std::fs::write(&zst, zstd::encode_all(plain.as_bytes(), 3).expect("zstd")).expect("write");
    let text_gz = dir.path().join("story.txt.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&text_gz).expect("create"),
        flate2::Compression::default(),
    );
    enc.write_all("موسكو".as_bytes()).expect("gzip");
    enc.finish().expect("gzip");

    let base = extract(&[s(&p)], &[]);
    for f in [&gz, &zst] {
        let out = extract(&[s(f)], &[]);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout == base.stdout, "{} differs", f.display());
        // Rejects name the compressed file and the line in the decompressed stream.
        assert!(
            stderr(&out).contains(&format!("{}:7: field", s(f))),
            "{}",
            stderr(&out)
        );
    }
    let out = extract(&[s(&text_gz)], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(decode(&out.stdout)[0].entities[0].id, "location:moscow");
    // stdin is recognized by its magic bytes.
    let out = khabar(
        &["extract", "--gazetteers", "fixtures/gazetteers", "-"],
        &std::fs::read(&zst).expect("read"),
    );
    assert!(out.stdout == base.stdout);
}

#[test]
fn nested_text_field() {
    let out = khabar(
        &[
            "extract",
            "--gazetteers",
            "fixtures/gazetteers",
            "--text-field",
            "article.body",
            "--id-field",
            "meta.id",
        ],
        "{\"meta\":{\"id\":\"n1\"},\"article\":{\"body\":\"الجزائر\"}}\n".as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = decode(&out.stdout);
    assert_eq!(docs[0].doc_id, "n1");
    assert_eq!(docs[0].entities[0].id, "country:DZA");
}

#[test]
fn on_bad_record_fail_stops_and_skip_counts() {
    let dir = tmp();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, corpus(40, 10)).expect("write");
    let output = dir.path().join("out.jsonl");
    let out = extract(
        &[s(&input), "--output", s(&output), "--on-bad-record", "fail"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("bad record at {}:10", s(&input))) && err.contains("is not a string"),
        "{err}"
    );
    assert!(
        !output.exists(),
        "no output is renamed into place after a failure"
    );

    let stats_path = dir.path().join("stats.json");
    let out = extract(
        &[
            s(&input),
            "--output",
            s(&output),
            "--on-bad-record",
            "skip",
            "--stats",
            s(&stats_path),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let st = stats(&stats_path);
    assert_eq!(
        (st.records_read, st.extracted, st.skipped, st.rejected),
        (40, 36, 4, 0)
    );
    assert_eq!(decode(&std::fs::read(&output).expect("output")).len(), 36);

    // Skipping is for bad input: an internal error is still rejected, and said.
    let out = extract(
        &[
            s(&input),
            "--output",
            s(&output),
            "--on-bad-record",
            "skip",
            "--stats",
            s(&stats_path),
        ],
        &[("KHABAR_TEST_PANIC_ON_ID", "5")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(":6: internal error: test panic"),
        "{}",
        stderr(&out)
    );
    let st = stats(&stats_path);
    assert_eq!(
        (st.records_read, st.extracted, st.skipped, st.rejected),
        (40, 35, 4, 1)
    );
    assert!(!dir.path().join("out.rejects.jsonl").exists());
}

#[test]
fn oversized_text_file_is_rejected_not_read_whole() {
    let dir = tmp();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "x ".repeat(3000)).expect("write");
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "روسيا").expect("write");
    let out = extract(&[s(&big), s(&small), "--max-doc-bytes", "4K"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("big.txt: document is 6000 bytes, over the limit of 4096"),
        "{}",
        stderr(&out)
    );
    assert_eq!(decode(&out.stdout).len(), 1);
}
