//! `khabar rules test [DIR]`: runs every rule's examples through the real pipeline.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use super::{ConfigArgs, EXIT_OK, EXIT_REJECTS};
use crate::model::{Polarity, Relation};
use crate::rules::{ExpectedRelation, Rule};

/// Rule subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Run every rule's examples (positive: exactly the relations written after `=>`;
    /// negative: nothing) through the pipeline with the configured gazetteers. Exit 1 if one
    /// fails.
    ///
    /// Example: khabar rules test --gazetteers fixtures/gazetteers
    Test {
        /// Directory of .rules files (default: the configured rules, else the embedded ones).
        dir: Option<PathBuf>,
        /// Gazetteer and rule sources.
        #[command(flatten)]
        config: ConfigArgs,
    },
}

/// A comparable view of a relation: (predicate, subject, object, negated, modality).
type Key = (String, Option<String>, Option<String>, bool, String);

fn key_of(r: &Relation) -> Key {
    let (s, o) = order(r.symmetric, r.subject.clone(), r.object.clone());
    (
        r.predicate.clone(),
        s,
        o,
        r.polarity == Polarity::Negated,
        r.modality.as_str().to_string(),
    )
}

fn key_of_expected(e: &ExpectedRelation, symmetric: bool) -> Key {
    let (s, o) = order(symmetric, e.subject.clone(), e.object.clone());
    (
        e.predicate.clone(),
        s,
        o,
        e.negated,
        e.modality.as_str().to_string(),
    )
}

/// Symmetric pairs compare unordered.
fn order(
    symmetric: bool,
    s: Option<String>,
    o: Option<String>,
) -> (Option<String>, Option<String>) {
    if symmetric && o.is_some() && o < s {
        (o, s)
    } else {
        (s, o)
    }
}

fn show(k: &Key) -> String {
    let mut s = format!(
        "{}({}, {})",
        k.0,
        k.1.as_deref().unwrap_or("null"),
        k.2.as_deref().unwrap_or("null")
    );
    if k.3 {
        s.push_str(" negated");
    }
    if k.4 != "actual" {
        s.push(' ');
        s.push_str(&k.4);
    }
    s
}

/// The text of a role value (a string, or an object's `text`).
pub fn role_text(v: &serde_json::Value) -> Option<&str> {
    v.as_str()
        .or_else(|| v.get("text").and_then(serde_json::Value::as_str))
}

/// Checks one example; returns the problems found.
pub fn check_example(rule: &Rule, ex: &crate::rules::Example, got: &[Relation]) -> Vec<String> {
    let mut problems = Vec::new();
    let got_keys: BTreeSet<Key> = got.iter().map(key_of).collect();
    if !ex.positive {
        if !got.is_empty() {
            let list: Vec<String> = got_keys.iter().map(show).collect();
            problems.push(format!("expected nothing, got {}", list.join("; ")));
        }
        return problems;
    }
    let want: BTreeSet<Key> = ex
        .expect
        .iter()
        .map(|e| key_of_expected(e, rule.symmetric))
        .collect();
    if want != got_keys {
        let w: Vec<String> = want.iter().map(show).collect();
        let g: Vec<String> = got_keys.iter().map(show).collect();
        problems.push(format!(
            "expected {}, got {}",
            w.join("; "),
            if g.is_empty() {
                "nothing".to_string()
            } else {
                g.join("; ")
            }
        ));
        return problems;
    }
    for e in &ex.expect {
        let k = key_of_expected(e, rule.symmetric);
        for (role, value) in &e.roles {
            let ok = got
                .iter()
                .filter(|r| key_of(r) == k)
                .any(|r| r.roles.get(role).and_then(role_text) == Some(value.as_str()));
            if !ok {
                let actual: Vec<String> = got
                    .iter()
                    .filter(|r| key_of(r) == k)
                    .filter_map(|r| r.roles.get(role).and_then(role_text))
                    .map(|t| format!("\"{t}\""))
                    .collect();
                problems.push(format!(
                    "{}: expected {role}=\"{value}\", got {}",
                    show(&k),
                    if actual.is_empty() {
                        "none".to_string()
                    } else {
                        actual.join(", ")
                    }
                ));
            }
        }
    }
    problems
}

/// Runs a rules subcommand.
pub fn run(cmd: &RulesCommand) -> anyhow::Result<i32> {
    let RulesCommand::Test { dir, config } = cmd;
    let mut config = config.clone();
    if let Some(d) = dir {
        config.rules = Some(d.clone());
        config.add_rules.clear();
    }
    let pipeline = config.pipeline().context("cannot load the configuration")?;
    let mut scratch = crate::Scratch::default();
    let (mut examples, mut failed) = (0usize, 0usize);
    let mut out = std::io::stdout().lock();
    for (ri, rule) in pipeline.rules().rules().iter().enumerate() {
        for ex in &rule.def.examples {
            examples += 1;
            let raw = pipeline.raw_relations(&ex.text, &mut scratch, None);
            let got: Vec<Relation> = raw
                .into_iter()
                .filter(|r| r.rule == ri)
                .map(|r| r.relation)
                .collect();
            let problems = check_example(rule, ex, &got);
            if !problems.is_empty() {
                failed += 1;
                writeln!(
                    out,
                    "{}:{}: {} {} example \"{}\":",
                    rule.def.file,
                    ex.line,
                    rule.def.id,
                    if ex.positive { "yes" } else { "no" },
                    ex.text
                )?;
                for p in problems {
                    writeln!(out, "    {p}")?;
                }
            }
        }
    }
    eprintln!(
        "khabar: {} rules, {examples} examples, {failed} failed",
        pipeline.rules().rules().len()
    );
    Ok(if failed == 0 { EXIT_OK } else { EXIT_REJECTS })
}
