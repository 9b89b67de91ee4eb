//! Shared helpers for the integration tests: the binary, and the output schema decoded with
//! the tests' own serde types (so a schema change breaks a test on purpose).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    pub schema: String,
    pub doc_id: String,
    pub lang: String,
    pub date: Option<String>,
    pub entities: Vec<Entity>,
    pub relations: Vec<serde_json::Value>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    pub kind: Option<String>,
    pub name: Names,
    pub wikidata: Option<String>,
    pub country: Option<String>,
    pub source: String,
    pub mentions: Vec<Mention>,
    #[serde(default)]
    pub nisba: Vec<NisbaRef>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct NisbaRef {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub sentence: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: Option<String>,
    pub ar: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub sentence: usize,
    #[serde(default)]
    pub clitic: bool,
    pub stands_for: Option<String>,
    pub via: String,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// Runs the binary with `args` and `stdin`.
pub fn khabar(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the khabar binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin).expect("stdin accepts the input");
    drop(input);
    child.wait_with_output().expect("khabar finishes")
}

/// Decodes JSON Lines output.
pub fn decode(out: &[u8]) -> Vec<Extraction> {
    std::str::from_utf8(out)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l}: {e}")))
        .collect()
}

/// Checks that every mention cuts the text exactly, in chars and in bytes.
pub fn assert_spans(text: &str, ex: &Extraction) {
    for e in &ex.entities {
        for m in &e.mentions {
            assert_eq!(
                &text[m.byte_start..m.byte_end],
                m.text,
                "bytes of {} {:?}",
                e.id,
                m
            );
            let chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(chars, m.text, "chars of {} {:?}", e.id, m);
        }
        for n in &e.nisba {
            assert_eq!(
                &text[n.byte_start..n.byte_end],
                n.text,
                "nisba bytes of {}",
                e.id
            );
            let chars: String = text.chars().skip(n.start).take(n.end - n.start).collect();
            assert_eq!(chars, n.text, "nisba chars of {}", e.id);
        }
    }
}
