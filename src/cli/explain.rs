//! `khabar explain TEXT`: shows how the pipeline reads a sentence: tokens and their
//! normalized forms and word classes, the gazetteer mentions, the rules that fired, and for
//! rules whose trigger occurred but which did not fire, the pattern element that failed, and
//! what the speech frame decided at each speech verb (the speaker and how it was found, or why
//! there is no statement).

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Context;
use clap::Args;

use super::{ConfigArgs, EXIT_OK};
use crate::gazetteer::Reading;
use crate::rules::Explanation;

/// `khabar explain` flags.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The text to explain (`-` reads stdin).
    ///
    /// Example: khabar explain "أجرت روسيا والجزائر مفاوضات"
    pub text: String,
    /// Gazetteer and rule sources.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Runs `khabar explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<i32> {
    let pipeline = args
        .config
        .pipeline()
        .context("cannot load the configuration")?;
    let text = if args.text == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read stdin")?
    } else {
        args.text.clone()
    };
    if text.trim().is_empty() {
        anyhow::bail!(
            "nothing to explain: the text is empty (example: khabar explain \"أجرت روسيا \
             والجزائر مفاوضات\"; `khabar explain -` reads the text from stdin)"
        );
    }
    let out = explain(&pipeline, &text);
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("cannot write the output")?;
    Ok(EXIT_OK)
}

/// The explanation of `text` as printed by `khabar explain`.
pub fn explain(pipeline: &crate::Pipeline, text: &str) -> String {
    let mut scratch = crate::Scratch::default();
    let mut ex = Explanation::default();
    let raw = pipeline.raw_relations(text, &mut scratch, Some(&mut ex));
    let rules = pipeline.rules().rules();
    let gz = pipeline.gazetteer();
    let norm = &scratch.norm.text;
    let mut o = String::new();
    for (si, s) in scratch.tokens.sentences.iter().enumerate() {
        let _ = writeln!(
            o,
            "sentence {si}: {}",
            &text[s.byte_start as usize..s.byte_end as usize]
        );
        let _ = writeln!(o, "  tokens (index, text, normalized, word classes):");
        for ti in s.first_token as usize..s.end_token as usize {
            let t = &scratch.tokens.tokens[ti];
            let classes = ex
                .token_classes
                .get(ti)
                .map(|c| c.join(" "))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "    {ti:>3}  {}  {}  {}",
                &text[t.byte_start as usize..t.byte_end as usize],
                t.norm(norm),
                classes
            );
        }
        // What the rules read: the gazetteer's names and everything resolution and the tagger
        // found (a tagger's name, a person after a title, a surname alone, "the company").
        let _ = writeln!(o, "  mentions (what the rules read):");
        for m in scratch
            .rule_matches()
            .iter()
            .filter(|m| scratch.tokens.tokens[m.first_token].sentence as usize == si)
        {
            let party = |p: &crate::rules::engine::PartyIdx| scratch.parties().get(p.0 as usize);
            let what = match &m.reading {
                Reading::Entity(p, _) => party(p).map_or_else(String::new, |p| {
                    format!("{} {}", p.entity_type.as_str(), p.id)
                }),
                Reading::Adjective(p) => {
                    party(p).map_or_else(String::new, |p| format!("adjective of {}", p.id))
                }
                Reading::Ambiguous(es) => {
                    let ids: Vec<&str> = es.iter().map(|e| gz.entity(*e).id.as_str()).collect();
                    format!("ambiguous: {}", ids.join(" | "))
                }
            };
            let _ = writeln!(
                o,
                "    tokens {}..{}  {}  {what}",
                m.first_token,
                m.end_token,
                &text[m.byte_start..m.byte_end]
            );
        }
        let _ = writeln!(o, "  fired:");
        for r in raw.iter().filter(|r| r.relation.evidence.sentence == si) {
            let rel = &r.relation;
            let mut roles = String::new();
            let mut shown = rel.roles.clone();
            if let Some(slot) = rel.speaker_side {
                let mark = crate::rules::parse::SPEAKER_SIDE;
                shown.insert(slot.as_str().into(), serde_json::Value::from(mark));
            }
            for (k, v) in &shown {
                let t = super::rules::role_text(v).unwrap_or_default();
                let _ = write!(roles, " {k}=\"{t}\"");
            }
            let _ = writeln!(
                o,
                "    {}  {}({}, {})  {} {}  confidence {}{roles}",
                rel.rule,
                rel.predicate,
                rel.subject.as_deref().unwrap_or("null"),
                rel.object.as_deref().unwrap_or("null"),
                format!("{:?}", rel.polarity).to_lowercase(),
                format!("{:?}", rel.modality).to_lowercase(),
                rel.confidence
            );
        }
        let _ = writeln!(o, "  triggered, not fired:");
        for f in ex.failed.iter().filter(|f| f.sentence == si) {
            let at = match f.token {
                Some(t) => {
                    let tok = &scratch.tokens.tokens[t];
                    format!(
                        "token {t} `{}`",
                        &text[tok.byte_start as usize..tok.byte_end as usize]
                    )
                }
                None => "the end of the sentence".to_string(),
            };
            let id = rules.get(f.rule).map_or("?", |r| r.def.id.as_str());
            let _ = writeln!(o, "    {id}: `{}` failed at {at}", f.element);
        }
        let steps: Vec<_> = ex.frame.iter().filter(|f| f.sentence == si).collect();
        if !steps.is_empty() {
            let _ = writeln!(o, "  speech frame:");
        }
        for f in steps {
            let word = scratch.tokens.tokens.get(f.token).map_or("", |tok| {
                &text[tok.byte_start as usize..tok.byte_end as usize]
            });
            let who = f
                .speaker
                .as_deref()
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "    token {} `{word}`: {}{who}",
                f.token,
                f.note.describe()
            );
        }
    }
    o
}
