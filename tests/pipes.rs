//! Inputs that can be read only once: process substitution (`<(zcat dump.gz)`), named FIFOs.
//! Each gives exactly the output of the same bytes read from a regular file, and the
//! conservation line counts what was written. Regression: the run used to open every input once
//! to fingerprint it for resume checkpoints, so a pipe lost its first 4 KiB (a JSONL pipe its
//! first records, uncounted) and a FIFO holding plain text hung.
#![cfg(unix)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::*;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// A JSONL corpus of `n` records (well over 4 KiB), made from the fixture texts.
fn jsonl_corpus(n: usize) -> String {
    let seed = std::fs::read_to_string(fixture("al-amsar-moscow-algeria.txt")).expect("seed");
    let quotes = std::fs::read_to_string(fixture("texts/ar-quotes.txt")).expect("fixture");
    let mut out = String::new();
    for i in 0..n {
        let text = if i % 2 == 0 { &seed } else { &quotes };
        let rec = serde_json::json!({"id": format!("d{i}"), "text": text, "date": "2023-08-13"});
        out += &rec.to_string();
        out.push('\n');
    }
    out
}

/// One plain-text article of more than 8 KiB.
fn long_text() -> String {
    let seed = std::fs::read_to_string(fixture("al-amsar-moscow-algeria.txt")).expect("seed");
    let en = std::fs::read_to_string(fixture("texts/en-putin-tebboune.txt")).expect("fixture");
    format!("{seed}\n\n{en}\n\n{seed}\n\n{seed}")
}

/// Runs `bash -c SCRIPT` (with `$KHABAR` set) and kills it after 60 s: a hang fails the test.
fn run_bash(script: &str) -> Output {
    let child = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("KHABAR", env!("CARGO_BIN_EXE_khabar"))
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs");
    wait_or_kill(child)
}

fn wait_or_kill(child: std::process::Child) -> Output {
    // The output is read while the child runs (a full pipe would block it); a watchdog kills a
    // child that has not finished after 60 s, and the test then fails as a hang.
    let pid = child.id().to_string();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let hung = done_rx.recv_timeout(Duration::from_secs(60)).is_err();
        if hung {
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
        hung
    });
    let out = child.wait_with_output().expect("output");
    let _ = done_tx.send(());
    assert!(
        !watchdog.join().expect("watchdog"),
        "khabar hung on its input (killed after 60 s)"
    );
    out
}

/// `khabar extract --gazetteers fixtures/gazetteers ARGS` on a file, for reference.
fn from_file(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("extract")
        .args(["--gazetteers", "fixtures/gazetteers"])
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("khabar runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The conservation line's record counts: (read, extracted, rejected, skipped).
fn conservation(stderr: &[u8]) -> (u64, u64, u64, u64) {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.contains(" read: "))
        .unwrap_or_else(|| panic!("no conservation line in {text}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(4)
        .map(|s| s.parse().expect("a count"))
        .collect();
    (nums[0], nums[1], nums[2], nums[3])
}

/// The extractions (decoded with the tests' types, then shown whole) with the document ids
/// left out (a text file's id is its path).
fn without_ids(out: &[u8]) -> Vec<String> {
    decode(out)
        .into_iter()
        .map(|mut d| {
            d.doc_id.clear();
            format!("{d:?}")
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn process_substitution_jsonl_reads_every_record() {
    let dir = tmp();
    let corpus = jsonl_corpus(9);
    assert!(corpus.len() > 3 * 4096);
    let file = write(dir.path(), "c.jsonl", &corpus);
    let want = from_file(&[s(&file)]);
    let got = run_bash(&format!(
        "exec \"$KHABAR\" extract --gazetteers fixtures/gazetteers --input jsonl <(cat '{}')",
        s(&file)
    ));
    assert!(
        got.status.success(),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(got.stdout, want.stdout, "a pipe gives the file's output");
    let lines = got.stdout.iter().filter(|b| **b == b'\n').count() as u64;
    assert_eq!(conservation(&got.stderr), (9, 9, 0, 0));
    assert_eq!(lines, 9);
}

#[test]
fn process_substitution_text_keeps_the_first_4_kib_and_offsets() {
    let dir = tmp();
    let text = long_text();
    assert!(text.len() > 8192);
    let file = write(dir.path(), "article.txt", &text);
    let want = from_file(&[s(&file)]);
    let got = run_bash(&format!(
        "exec \"$KHABAR\" extract --gazetteers fixtures/gazetteers <(cat '{}')",
        s(&file)
    ));
    assert!(
        got.status.success(),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(without_ids(&got.stdout), without_ids(&want.stdout));
    assert_eq!(conservation(&got.stderr), (1, 1, 0, 0));
    let ex = decode(&got.stdout);
    assert!(!ex[0].entities.is_empty());
    assert_spans(&text, &ex[0]);
}

/// Writes `bytes` into the FIFO at `path` from another thread (opening blocks until read).
fn feed_fifo(path: &Path, bytes: Vec<u8>) -> std::thread::JoinHandle<()> {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open the FIFO for writing");
        // A reader that stops early closes the pipe; that is the failure under test, not ours.
        let _ = f.write_all(&bytes);
    })
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success());
}

fn extract_child(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("extract")
        .args(["--gazetteers", "fixtures/gazetteers"])
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("khabar runs")
}

#[test]
fn named_fifo_jsonl_and_text_read_like_files() {
    let dir = tmp();
    let corpus = jsonl_corpus(7);
    let text = long_text();
    for (name, content, args) in [
        ("in.jsonl", corpus, vec!["--input", "jsonl"]),
        ("in.txt", text, vec![]),
    ] {
        let file = write(dir.path(), &format!("file-{name}"), &content);
        let mut ref_args = args.clone();
        ref_args.push(s(&file));
        let want = from_file(&ref_args);

        let fifo = dir.path().join(format!("fifo-{name}"));
        mkfifo(&fifo);
        let feeder = feed_fifo(&fifo, content.clone().into_bytes());
        let mut fifo_args = args.clone();
        fifo_args.push(s(&fifo));
        let got = wait_or_kill(extract_child(&fifo_args));
        feeder.join().expect("the feeder finishes");
        assert!(
            got.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&got.stderr)
        );
        assert_eq!(
            without_ids(&got.stdout),
            without_ids(&want.stdout),
            "{name}: a FIFO gives the file's output"
        );
        assert_eq!(
            conservation(&got.stderr),
            conservation(&want.stderr),
            "{name}"
        );
    }
}

#[test]
fn fifo_with_output_file_is_read_once_and_resume_refuses_it() {
    let dir = tmp();
    let corpus = jsonl_corpus(5);
    let fifo = dir.path().join("in.jsonl");
    mkfifo(&fifo);
    let out = dir.path().join("out.jsonl");
    // With --output a checkpoint is kept; taking the FIFO's identity must not read it.
    let feeder = feed_fifo(&fifo, corpus.into_bytes());
    let got = wait_or_kill(extract_child(&[s(&fifo), "--output", s(&out)]));
    feeder.join().expect("the feeder finishes");
    assert!(
        got.status.success(),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(conservation(&got.stderr), (5, 5, 0, 0));
    let written = std::fs::read_to_string(&out).expect("output");
    assert_eq!(written.lines().count(), 5);

    // --resume cannot tell that a pipe holds the same records: it refuses before reading.
    let got = wait_or_kill(extract_child(&[s(&fifo), "--output", s(&out), "--resume"]));
    assert_eq!(got.status.code(), Some(2));
    let err = String::from_utf8_lossy(&got.stderr);
    assert!(err.contains("pipe, FIFO or device"), "{err}");
}

#[test]
fn fifo_inside_a_directory_is_skipped_with_a_warning() {
    let dir = tmp();
    write(dir.path(), "a.txt", "قال بوتين إن روسيا مستعدة.");
    mkfifo(&dir.path().join("b.fifo"));
    let got = wait_or_kill(extract_child(&[s(dir.path())]));
    assert!(
        got.status.success(),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    let err = String::from_utf8_lossy(&got.stderr);
    assert!(err.contains("skipped") && err.contains("b.fifo"), "{err}");
    assert_eq!(conservation(&got.stderr), (1, 1, 0, 0));
    assert_eq!(decode(&got.stdout).len(), 1);
}

/// Output to a device (`--output /dev/null`, as a benchmark writes) or to a FIFO is written in
/// place, with no fsync at checkpoints (a device cannot be synced: /dev/null fails with
/// EINVAL). Regression: the run ended with "cannot write the output to /dev/null" and exit 2.
#[test]
fn output_to_a_device_or_a_fifo_succeeds() {
    let dir = tmp();
    let input = write(dir.path(), "in.jsonl", &jsonl_corpus(40));
    let out = from_file(&[s(&input), "--output", "/dev/null"]);
    assert_eq!(conservation(&out.stderr), (40, 40, 0, 0));
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).expect("the FIFO reads"))
    };
    let out = from_file(&[s(&input), "--output", s(&fifo)]);
    assert_eq!(conservation(&out.stderr), (40, 40, 0, 0));
    let written = reader.join().expect("reader");
    assert_eq!(decode(&written).len(), 40);
}
