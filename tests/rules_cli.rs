//! `khabar rules test`, `khabar explain`, `--rules` / `--add-rules`, and the shipped rule sets'
//! own examples (CI fails if one of them fails).

mod common;

use common::{decode, khabar};

fn temp_rules(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write a rule file");
    }
    dir
}

#[test]
fn shipped_rule_examples_all_pass() {
    let out = khabar(
        &["rules", "test", "--gazetteers", "fixtures/gazetteers"],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stderr.contains(" 0 failed"), "{stderr}");
}

/// With the gazetteers a user gets by default too (`khabar rules test` as the README gives it).
#[test]
fn shipped_rule_examples_pass_with_the_embedded_gazetteers() {
    let out = khabar(&["rules", "test"], b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stderr.contains(" 0 failed"), "{stderr}");
}

#[test]
fn shipped_rules_have_enough_examples() {
    let set = khabar::rules::RuleSet::builder()
        .source(khabar::rules::Source::Embedded)
        .build()
        .expect("the embedded rules compile");
    assert!(set.rules().len() >= 40, "{}", set.rules().len());
    for r in set.rules() {
        let yes = r.def.examples.iter().filter(|e| e.positive).count();
        let no = r.def.examples.len() - yes;
        assert!(yes >= 3 && no >= 2, "{}: {yes} yes, {no} no", r.def.id);
    }
    let predicates: std::collections::BTreeSet<&str> = set
        .rules()
        .iter()
        .map(|r| r.def.predicate.as_str())
        .collect();
    for p in [
        "negotiates-with",
        "consults-with",
        "meets-with",
        "visits",
        "signed-declaration",
        "signed-agreement",
        "cooperates-with",
        "expresses-intent",
        "said",
        "reported-by",
    ] {
        assert!(predicates.contains(p), "no rule for {p}");
        // A frame (frame/said) reads the lists of both languages; its examples cover both.
        for lang in ["ar/", "en/"] {
            assert!(
                set.rules().iter().any(|r| r.def.predicate == p
                    && (r.def.id.starts_with(lang) || r.def.frame.is_some())),
                "no {lang} rule for {p}"
            );
        }
    }
}

const GOOD: &str = "@talk = تتفاوض talks\n\
rule t/talk/1\n\
  predicate talks-about\n\
  pattern subject:[COUNTRY] @talk مع object:[COUNTRY]\n\
  yes \"روسيا تتفاوض مع الجزائر\" => talks-about(country:RUS, country:DZA)\n";

#[test]
fn a_failing_example_exits_1_and_says_which() {
    let wrong = GOOD.replace("country:DZA)", "country:FRA)") + "  no \"روسيا تتفاوض مع مصر\"\n";
    let dir = temp_rules(&[("t.rules", &wrong)]);
    let d = dir.path().to_str().expect("UTF-8 path");
    let out = khabar(
        &["rules", "test", d, "--gazetteers", "fixtures/gazetteers"],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("t.rules:5: t/talk/1 yes example"),
        "{stdout}"
    );
    assert!(
        stdout.contains("expected talks-about(country:FRA, country:RUS)")
            || stdout.contains("expected talks-about(country:RUS, country:FRA)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("t.rules:6: t/talk/1 no example"),
        "{stdout}"
    );
    assert!(
        stdout.contains("expected nothing, got talks-about(country:RUS, country:EGY)"),
        "{stdout}"
    );
}

#[test]
fn a_rule_file_error_names_file_line_and_column() {
    let bad = GOOD.replace("subject:[COUNTRY]", "subject:[COUNTRI]");
    let dir = temp_rules(&[("bad.rules", &bad)]);
    let d = dir.path().to_str().expect("UTF-8 path");
    let out = khabar(&["rules", "test", d], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.rules:4:18: expected an entity type"),
        "{stderr}"
    );
}

#[test]
fn extract_uses_replaced_and_added_rules() {
    let dir = temp_rules(&[("t.rules", GOOD)]);
    let d = dir.path().to_str().expect("UTF-8 path");
    let text = "روسيا تتفاوض مع الجزائر";
    // Replaced: only the custom predicate.
    let out = khabar(
        &[
            "extract",
            "--input",
            "text",
            "--gazetteers",
            "fixtures/gazetteers",
            "--rules",
            d,
            "-",
        ],
        text.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = decode(&out.stdout);
    let preds: Vec<&str> = docs[0]
        .relations
        .iter()
        .map(|r| r.predicate.as_str())
        .collect();
    assert_eq!(preds, vec!["talks-about"]);
    // Added: the defaults too.
    let out = khabar(
        &[
            "extract",
            "--input",
            "text",
            "--gazetteers",
            "fixtures/gazetteers",
            "--add-rules",
            d,
            "-",
        ],
        text.as_bytes(),
    );
    let docs = decode(&out.stdout);
    let mut preds: Vec<&str> = docs[0]
        .relations
        .iter()
        .map(|r| r.predicate.as_str())
        .collect();
    preds.sort_unstable();
    assert_eq!(preds, vec!["negotiates-with", "talks-about"]);
}

#[test]
fn explain_shows_tokens_mentions_fired_and_failed_rules() {
    let out = khabar(
        &[
            "explain",
            "--gazetteers",
            "fixtures/gazetteers",
            "أجرت روسيا والجزائر مفاوضات. روسيا تتفاوض بشأن الغاز.",
        ],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // A token with its normalized form and word classes.
    assert!(stdout.contains("مفاوضات  مفاوضات  @negotiate"), "{stdout}");
    assert!(stdout.contains("والجزائر  والجزاير"), "{stdout}");
    // A mention.
    assert!(stdout.contains("الجزائر  COUNTRY country:DZA"), "{stdout}");
    // The rule that fired.
    assert!(
        stdout
            .contains("ar/negotiate/2  negotiates-with(country:RUS, country:DZA)  asserted actual"),
        "{stdout}"
    );
    // A rule whose trigger occurred but which failed, with the element that failed.
    assert!(
        stdout.contains("ar/negotiate/1: `مع` failed at token"),
        "{stdout}"
    );
}

/// The mentions `explain` lists are the ones the rules read: a person found by resolution (here
/// a given name and a family nisba) as well as the gazetteer's names.
#[test]
fn explain_lists_the_mentions_resolution_found() {
    let out = khabar(
        &[
            "explain",
            "--gazetteers",
            "fixtures/gazetteers",
            "--no-tagger",
            "قال محمد العزاوي إن روسيا مستعدة.",
        ],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("tokens 1..3  محمد العزاوي  PERSON person:mhmd-alazawy-"),
        "{stdout}"
    );
    assert!(
        stdout.contains("tokens 4..5  روسيا  COUNTRY country:RUS"),
        "{stdout}"
    );
}

#[test]
fn explain_traces_the_speech_frame_and_its_near_misses() {
    let out = khabar(
        &[
            "explain",
            "--gazetteers",
            "fixtures/gazetteers",
            "وقال بوتين إن روسيا مستعدة. وأضاف أن الحوار ممكن. الحوار الذي أكد أهميته كبير.",
        ],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // The frame that gave the relation, and how it found the speaker.
    assert!(
        stdout.contains("frame/said  said(person:vladimir-putin, null)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "token 0 `وقال`: statement; speaker named after the verb: person:vladimir-putin"
        ),
        "{stdout}"
    );
    // A dropped subject takes the speaker of the discourse.
    assert!(
        stdout.contains("`وأضاف`: statement; no speaker named and the verb opens its clause"),
        "{stdout}"
    );
    // A near miss: a speech verb inside a clause with nobody around it.
    assert!(
        stdout.contains("`أكد`: no statement: no person or organisation after the verb"),
        "{stdout}"
    );
}
