//! Shared helpers for the integration tests: the binary, and the output schema decoded with
//! the tests' own serde types (so a schema change breaks a test on purpose).
#![allow(dead_code)]

use std::collections::BTreeMap;
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
    pub relations: Vec<Relation>,
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

#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub id: String,
    pub predicate: String,
    pub subject: Option<String>,
    pub object: Option<String>,
    pub symmetric: bool,
    pub roles: BTreeMap<String, Role>,
    pub evidence: Evidence,
    pub rule: String,
    pub confidence: f64,
    pub polarity: String,
    pub modality: String,
    pub cameo: Option<String>,
    pub plover: Option<String>,
}

impl Relation {
    /// The text of role `name` (a plain role's value, or a span role's text).
    pub fn role_text(&self, name: &str) -> Option<&str> {
        self.roles.get(name).map(Role::text)
    }

    /// Role `name` when it is a span of the text (`quote`, `title`).
    pub fn role_span(&self, name: &str) -> Option<&RoleSpan> {
        match self.roles.get(name)? {
            Role::Span(s) => Some(s),
            Role::Text(_) => None,
        }
    }
}

/// A relation's role: text (a topic, a time, an entity id, a rule's fixed value) or a span of
/// the document (a quote, a title).
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(untagged)]
pub enum Role {
    Span(RoleSpan),
    Text(String),
}

impl Role {
    pub fn text(&self) -> &str {
        match self {
            Role::Span(s) => &s.text,
            Role::Text(t) => t,
        }
    }
}

/// A role that is a span of the document: char offsets; `role` names a title's role.
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub text: String,
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

/// The library pipeline over the test gazetteers (fixtures/gazetteers), built once.
pub fn fixture_pipeline() -> &'static khabar::Pipeline {
    use std::sync::OnceLock;
    static P: OnceLock<khabar::Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        khabar::Pipeline::builder()
            .gazetteers_dir(fixture("gazetteers"))
            .build()
            .expect("the test gazetteer loads")
    })
}

/// The fixture pipeline without the name tagger: for cases about the gazetteer matcher and
/// resolution themselves (the tagger, trained with the embedded gazetteers, may add names of
/// its own; it is tested in tests/tagger.rs).
pub fn fixture_pipeline_without_tagger() -> &'static khabar::Pipeline {
    use std::sync::OnceLock;
    static P: OnceLock<khabar::Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        khabar::Pipeline::builder()
            .gazetteers_dir(fixture("gazetteers"))
            .tagger(false)
            .build()
            .expect("the test gazetteer loads")
    })
}

/// Checks that every mention of a library extraction cuts the text exactly, in chars and in
/// bytes.
pub fn assert_model_spans(text: &str, ex: &khabar::Extraction) {
    for e in &ex.entities {
        for m in &e.mentions {
            assert_eq!(&text[m.byte_start..m.byte_end], m.text, "bytes of {}", e.id);
            let chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(chars, m.text, "chars of {}", e.id);
        }
    }
}
