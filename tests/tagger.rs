//! The name tagger on the fixture corpus (sentences written for these tests): training runs,
//! is deterministic, and a model tags its own training sentences; broken or mismatched model
//! files are clear errors; tagger spans become mentions through the pipeline.

use std::path::Path;
use std::process::{Command, Output};

use khabar::{Document, Pipeline};

fn khabar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run khabar")
}

fn train(lang: &str, clusters: Option<&str>, out: &Path) -> Vec<u8> {
    train_with(lang, clusters, out, &[])
}

/// Trains on the fixture corpus with more flags.
fn train_with(lang: &str, clusters: Option<&str>, out: &Path, extra: &[&str]) -> Vec<u8> {
    train_on_with(
        lang,
        &format!("fixtures/tagger/{lang}-train.conll"),
        clusters,
        out,
        extra,
    )
}

/// Trains a model on `train` (a CoNLL file) with the fixture gazetteers.
fn train_on(lang: &str, train: &str, clusters: Option<&str>, out: &Path) -> Vec<u8> {
    train_on_with(lang, train, clusters, out, &[])
}

/// Trains a model on `train` with the fixture gazetteers and more flags.
fn train_on_with(
    lang: &str,
    train: &str,
    clusters: Option<&str>,
    out: &Path,
    extra: &[&str],
) -> Vec<u8> {
    let out_s = out.display().to_string();
    let mut args = vec![
        "train",
        "ner",
        "--lang",
        lang,
        "--train",
        train,
        "--gazetteers",
        "fixtures/gazetteers",
        "--epochs",
        "10",
        "--min-count",
        "1",
        "--out",
        &out_s,
    ];
    if let Some(c) = clusters {
        args.extend(["--clusters", c]);
    }
    args.extend(extra);
    let o = khabar(&args);
    assert!(
        o.status.success(),
        "train failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read(out).expect("model written")
}

#[derive(serde::Deserialize)]
struct Score {
    f1: f64,
}

/// Micro over the tags a khabar type maps to (MISC spans are not output).
#[derive(serde::Deserialize)]
struct NerJson {
    micro_mapped: Score,
}

/// Trains twice (same bytes), then scores the model's own spans on its training file.
fn trains_and_tags_its_own_sentences(lang: &str, clusters: Option<&str>) {
    trains_and_tags_its_own_sentences_with(lang, clusters, &[]);
}

fn trains_and_tags_its_own_sentences_with(lang: &str, clusters: Option<&str>, extra: &[&str]) {
    let gold = format!("fixtures/tagger/{lang}-train.conll");
    trains_and_tags_its_own_file(lang, &gold, clusters, extra);
}

/// Trains on `gold` twice (same bytes), then scores the model's own spans on it; returns the
/// model.
fn trains_and_tags_its_own_file(
    lang: &str,
    gold: &str,
    clusters: Option<&str>,
    extra: &[&str],
) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = train_on_with(
        lang,
        gold,
        clusters,
        &dir.path().join(format!("{lang}-ner.bin")),
        extra,
    );
    let b = train_on_with(lang, gold, clusters, &dir.path().join("again.bin"), extra);
    assert_eq!(a, b, "{lang}: training is not deterministic");
    std::fs::remove_file(dir.path().join("again.bin")).expect("remove");
    let model = dir.path().display().to_string();
    let o = khabar(&[
        "eval",
        "ner",
        gold,
        "--model",
        &model,
        "--gazetteers",
        "fixtures/gazetteers",
        "--tagger-only",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: NerJson = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        r.micro_mapped.f1,
        100.0,
        "{lang}: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    a
}

/// Documents (`-DOCSTART-`) train the prediction history: the model tags its own documents,
/// where decoding keeps the history as training did (a word's tags in the document's earlier
/// sentences: "Velden" a club in one, a town in another); pseudo-documents of a file without
/// `-DOCSTART-` with dropout train deterministically and tag their sentences too. (That the
/// history's features get weights is a unit test of `tagger::train`.)
#[test]
fn the_prediction_history_trains_on_documents() {
    trains_and_tags_its_own_file("en", "fixtures/tagger/en-docs.conll", None, &[]);
    trains_and_tags_its_own_file(
        "en",
        "fixtures/tagger/en-docs.conll",
        None,
        &["--no-history-features"],
    );
    trains_and_tags_its_own_file(
        "ar",
        "fixtures/tagger/ar-train.conll",
        None,
        &["--history-block", "3", "--history-dropout", "50"],
    );
}

#[test]
fn english_model_trains_deterministically_and_tags_its_training_sentences() {
    trains_and_tags_its_own_sentences("en", Some("fixtures/tagger/en-clusters.tsv"));
}

#[test]
fn arabic_model_trains_deterministically_and_tags_its_training_sentences() {
    trains_and_tags_its_own_sentences("ar", None);
}

#[test]
fn a_mean_of_runs_trains_deterministically_and_tags_its_training_sentences() {
    trains_and_tags_its_own_sentences_with(
        "en",
        Some("fixtures/tagger/en-clusters.tsv"),
        &["--runs", "3"],
    );
}

#[test]
fn bilou_tags_train_deterministically_and_tag_the_training_sentences() {
    trains_and_tags_its_own_sentences_with("ar", None, &["--scheme", "bilou"]);
}

#[test]
fn more_runs_change_the_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let one = train("en", None, &dir.path().join("one.bin"));
    let three = train_with("en", None, &dir.path().join("three.bin"), &["--runs", "3"]);
    assert_ne!(one, three, "--runs 3 wrote the one-run model");
}

#[test]
fn tagger_spans_become_mentions_with_derived_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    train(
        "en",
        Some("fixtures/tagger/en-clusters.tsv"),
        &dir.path().join("en-ner.bin"),
    );
    std::fs::copy(
        "fixtures/tagger/en-clusters.tsv",
        dir.path().join("en-clusters.tsv"),
    )
    .expect("copy");
    let p = fixture_pipeline(dir.path(), true);
    let text = "Anika Brandt told reporters in Oskarby that Quorra Bank would grow .";
    let ex = p.extract(&Document::new("d", text));
    let got: Vec<(&str, &str, &str, usize, usize)> = ex
        .entities
        .iter()
        .flat_map(|e| {
            e.mentions.iter().map(move |m| {
                (
                    e.entity_type.as_str(),
                    m.text.as_str(),
                    m.via.as_str(),
                    m.start,
                    m.end,
                )
            })
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("PERSON", "Anika Brandt", "tagger", 0, 12),
            ("LOCATION", "Oskarby", "tagger", 31, 38),
            ("AGENCY", "Quorra Bank", "tagger", 44, 55),
        ]
    );
    for (e, prefix) in ex.entities.iter().zip(["person:", "location:", "agency:"]) {
        assert!(e.id.starts_with(prefix), "{}", e.id);
        assert_eq!(e.source, khabar::model::EntitySource::Tagger);
        for m in &e.mentions {
            assert_eq!(&text[m.byte_start..m.byte_end], m.text);
        }
    }
    // The same name gets the same id in another document.
    let ex2 = p.extract(&Document::new("d2", "Rain fell on Oskarby ."));
    assert!(ex2.entities.iter().any(|e| e.id == ex.entities[1].id));
    // Off: no tagger mentions.
    let off = fixture_pipeline(dir.path(), false);
    let ex3 = off.extract(&Document::new("d", text));
    assert!(ex3.entities.iter().all(|e| e
        .mentions
        .iter()
        .all(|m| m.via != khabar::model::Via::Tagger)));
}

#[test]
fn broken_or_mismatched_models_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = train(
        "en",
        Some("fixtures/tagger/en-clusters.tsv"),
        &dir.path().join("en-ner.bin"),
    );
    let d = dir.path().display().to_string();
    let run = |d: &str| {
        khabar(&[
            "extract",
            "fixtures/al-amsar-moscow-algeria.txt",
            "--model",
            d,
        ])
    };
    // The word clusters are inside the model: no cluster file is needed next to it.
    let o = run(&d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut bad = model.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    std::fs::write(dir.path().join("en-ner.bin"), &bad).expect("write");
    let o = run(&d);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("en-ner.bin: checksum mismatch"), "{err}");
    // Not a model at all.
    std::fs::write(dir.path().join("en-ner.bin"), b"hello").expect("write");
    let o = run(&d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad magic"));
}

#[test]
fn embedded_models_load_and_tag_both_languages() {
    let p = Pipeline::builder().no_rules().build().expect("pipeline");
    let tagger = p.tagger().expect("tagger on by default");
    assert_eq!(tagger.languages(), vec!["ar", "en"]);
    // No panic on odd input, and spans cut the original text exactly.
    for text in [
        "",
        " ",
        "...",
        "وقال",
        "Mr. X",
        "\u{064b}\u{0640}",
        "A\u{0301}nna Ko\u{0308}nig visited Gdansk.",
    ] {
        let ex = p.extract(&Document::new("d", text));
        for e in &ex.entities {
            for m in &e.mentions {
                assert_eq!(&text[m.byte_start..m.byte_end], m.text);
            }
        }
    }
}

/// A pipeline with the fixture gazetteers, no rules, and the models of `models` (the tagger on
/// or off).
fn fixture_pipeline(models: &Path, tagger: bool) -> Pipeline {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Pipeline::builder()
        .gazetteers_dir(root.join("fixtures/gazetteers"))
        .no_rules()
        .model_dir(models)
        .tagger(tagger)
        .build()
        .expect("pipeline")
}

/// A pipeline with the fixture gazetteers, no rules, and an Arabic model trained on `corpus`
/// (CoNLL lines); the directory holds the model.
fn arabic_pipeline_trained_on(corpus: &str) -> (tempfile::TempDir, Pipeline) {
    let dir = tempfile::tempdir().expect("tempdir");
    let train_file = dir.path().join("ar-train.conll");
    std::fs::write(&train_file, corpus).expect("write corpus");
    train_on(
        "ar",
        &train_file.display().to_string(),
        None,
        &dir.path().join("ar-ner.bin"),
    );
    let p = fixture_pipeline(dir.path(), true);
    (dir, p)
}

/// The people (text, start, end) of "`verb` سامر الخطيب `after` `rest`" as the pipeline
/// gives them with the fixture gazetteers and an Arabic model trained on four such sentences
/// with other names, `after` tagged inside the name (as a careless corpus might).
fn people_with_a_model_that_tags(
    verb: &str,
    after: &str,
    rest: &str,
) -> Vec<(String, usize, usize)> {
    let rest_o: String = rest.split(' ').map(|w| format!("{w} O\n")).collect();
    let mut corpus = String::new();
    for (first, last) in [
        ("سامر", "الخطيب"),
        ("رامي", "العطار"),
        ("نادر", "الحلبي"),
        ("وليد", "الشامي"),
    ] {
        corpus.push_str(&format!(
            "{verb} O\n{first} B-PERS\n{last} I-PERS\n{after} I-PERS\n{rest_o}\n"
        ));
    }
    let (_dir, p) = arabic_pipeline_trained_on(&corpus);
    let text = format!("{verb} سامر الخطيب {after} {rest}");
    let ex = p.extract(&Document::new("d", &text));
    ex.entities
        .iter()
        .filter(|e| e.entity_type == khabar::model::EntityType::Person)
        .flat_map(|e| e.mentions.iter().map(|m| (m.text.clone(), m.start, m.end)))
        .collect()
}

/// Titles stand outside a person's name: a model that learned to tag a trailing title word
/// (here from a training file that puts رئيس inside the names) still gives the name alone.
#[test]
fn a_person_span_leaves_a_trailing_title_out() {
    let people = people_with_a_model_that_tags("قال", "رئيس", "إن العمل مستمر .");
    assert_eq!(people, [("سامر الخطيب".to_string(), 4, 15)]);
}

/// A complementizer ends no name: a model that learned to run a name on into "أن" (here
/// from a training file that tags it inside the names) still gives the name alone.
#[test]
fn a_name_span_leaves_a_trailing_complementizer_out() {
    let people = people_with_a_model_that_tags("أبلغ", "أن", "العمل مستمر .");
    assert_eq!(people, [("سامر الخطيب".to_string(), 5, 16)]);
}

/// A name particle ends no person's name: a model that learned to stop a name after "بن"
/// (here from a training file that leaves the word after it outside) still gives the name
/// with the word after the particle, even when that word is also a title (نظير, "counterpart").
#[test]
fn a_person_span_runs_on_over_the_word_after_a_trailing_particle() {
    let mut corpus = String::new();
    for (first, next) in [("سامر", "خالد"), ("رامي", "سعيد"), ("نادر", "عمر")]
    {
        corpus.push_str(&format!(
            "قال O\n{first} B-PERS\nبن I-PERS\n{next} O\nإن O\nالعمل O\nمستمر O\n. O\n\n"
        ));
    }
    let (_dir, p) = arabic_pipeline_trained_on(&corpus);
    for (text, name) in [
        ("قال سامر بن خالد إن العمل مستمر .", "سامر بن خالد"),
        ("قال رامي بن نظير إن العمل مستمر .", "رامي بن نظير"),
    ] {
        let ex = p.extract(&Document::new("d", text));
        let got = typed_mentions(&ex, text);
        assert_eq!(
            got,
            vec![("Person".into(), name.into(), 4, 4 + name.chars().count())],
            "{text}"
        );
    }
}

/// Two names joined by و in one tagger span are two names when what follows و is a name by
/// other evidence: a given name (written with its letter, not a bare alef), a gazetteer name
/// the matcher reads after the proclitic, or a name the document gives elsewhere (which also
/// gives its kind). A name that starts with و and has no such evidence keeps its span, and so
/// does one after a particle. The model here learned to run one span over both names.
#[test]
fn a_span_over_two_names_joined_by_and_is_cut_in_two() {
    let corpus = "\
التقى O\nسامر B-PERS\nومحمد I-PERS\nأمس O\n. O\n\n\
التقى O\nسامر B-PERS\nوبوتين I-PERS\nأمس O\n. O\n\n\
التقى O\nهيفاء B-PERS\nوهبي I-PERS\nأمس O\n. O\n\n\
التقى O\nسامر B-PERS\nواحمد I-PERS\nأمس O\n. O\n\n\
التقى O\nسامر B-PERS\nبن I-PERS\nوأحمد I-PERS\nأمس O\n. O\n\n\
وصل O\nحماقي B-ORG\nوالحلاني I-ORG\nأمس O\n. O\n\n\
قال O\nكريم B-PERS\nحماقي I-PERS\nإن O\nعاصي B-PERS\nالحلاني I-PERS\nوصل O\n. O\n\n";
    let (_dir, p) = arabic_pipeline_trained_on(corpus);
    let person = |t: &str, a: usize| {
        (
            "Person".to_string(),
            t.to_string(),
            a,
            a + t.chars().count(),
        )
    };
    let cases: Vec<(&str, Vec<TypedMention>)> = vec![
        // A given name after و.
        (
            "التقى سامر ومحمد أمس .",
            vec![person("سامر", 6), person("محمد", 12)],
        ),
        // The gazetteer's name after the proclitic keeps its entity.
        (
            "التقى سامر وبوتين أمس .",
            vec![person("سامر", 6), person("بوتين", 12)],
        ),
        // No name after و: one person.
        ("التقى هيفاء وهبي أمس .", vec![person("هيفاء وهبي", 6)]),
        // A bare alef after و starts foreign names (واليس، واكيم): no cut.
        ("التقى سامر واحمد أمس .", vec![person("سامر واحمد", 6)]),
        // After a particle of descent: no cut.
        (
            "التقى سامر بن وأحمد أمس .",
            vec![person("سامر بن وأحمد", 6)],
        ),
        // Names the document gives elsewhere: two people, not one organisation.
        (
            "قال كريم حماقي إن عاصي الحلاني وصل . وصل حماقي والحلاني أمس .",
            vec![
                person("كريم حماقي", 4),
                person("عاصي الحلاني", 18),
                person("حماقي", 41),
                person("الحلاني", 48),
            ],
        ),
    ];
    for (text, want) in cases {
        let ex = p.extract(&Document::new("d", text));
        assert_eq!(typed_mentions(&ex, text), want, "{text}");
    }
}

/// Names by pattern (a given name and the words after it) ask for more with the tagger on:
/// the tagger has read the words and found no name there, and many given names are also
/// words (حسن "good", ساري "in force"). Its second word must then be a name by itself (a given
/// name, a family nisba) or a particle; without the tagger, any name-like word will do.
#[test]
fn with_the_tagger_on_a_name_by_pattern_needs_a_second_name_word() {
    // A model that tags nothing in these sentences.
    let corpus = "كان O\nالحظ O\nحليفه O\n. O\n\nوصل O\nالوفد O\nأمس O\n. O\n\n";
    let (dir, tagged) = arabic_pipeline_trained_on(corpus);
    let untagged = fixture_pipeline(dir.path(), false);
    let person = |t: &str, a: usize| {
        (
            "Person".to_string(),
            t.to_string(),
            a,
            a + t.chars().count(),
        )
    };
    for (text, with_tagger, without) in [
        // A common word after the given name.
        (
            "كان محمد الحظ حليفه .",
            vec![],
            vec![person("محمد الحظ", 4)],
        ),
        // A family nisba, a given name: a name either way.
        (
            "وصل عمر العزاوي أمس .",
            vec![person("عمر العزاوي", 4)],
            vec![person("عمر العزاوي", 4)],
        ),
        (
            "وصل عمر أحمد أمس .",
            vec![person("عمر أحمد", 4)],
            vec![person("عمر أحمد", 4)],
        ),
        // The second word of a compound given name (نور الدين) is a name word.
        (
            "وصل محمد الدين أمس .",
            vec![person("محمد الدين", 4)],
            vec![person("محمد الدين", 4)],
        ),
    ] {
        let ex = tagged.extract(&Document::new("d", text));
        assert_eq!(typed_mentions(&ex, text), with_tagger, "tagger on: {text}");
        let ex = untagged.extract(&Document::new("d", text));
        assert_eq!(typed_mentions(&ex, text), without, "tagger off: {text}");
    }
}

#[test]
fn a_crf_trains_deterministically_and_tags_its_training_sentences() {
    trains_and_tags_its_own_sentences_with(
        "en",
        Some("fixtures/tagger/en-clusters.tsv"),
        &["--algorithm", "crf", "--l2", "0.1"],
    );
    trains_and_tags_its_own_sentences_with("ar", None, &["--algorithm", "crf", "--l2", "0.1"]);
}

/// A pipeline with the fixture gazetteers (and `more_aliases` added to them), no rules, and an
/// English model trained on `corpus` (CoNLL lines); the directory holds its files.
fn english_pipeline_trained_on(corpus: &str, more_aliases: &str) -> (tempfile::TempDir, Pipeline) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gaz = dir.path().join("gazetteers");
    std::fs::create_dir(&gaz).expect("mkdir");
    for f in std::fs::read_dir(root.join("fixtures/gazetteers")).expect("fixtures") {
        let f = f.expect("entry").path();
        std::fs::copy(&f, gaz.join(f.file_name().expect("name"))).expect("copy");
    }
    let mut aliases = std::fs::read_to_string(gaz.join("aliases.tsv")).expect("aliases");
    aliases.push_str(more_aliases);
    std::fs::write(gaz.join("aliases.tsv"), aliases).expect("write aliases");
    let train_file = dir.path().join("en-train.conll");
    std::fs::write(&train_file, corpus).expect("write corpus");
    let models = dir.path().join("models");
    std::fs::create_dir(&models).expect("mkdir");
    train_on(
        "en",
        &train_file.display().to_string(),
        None,
        &models.join("en-ner.bin"),
    );
    let p = Pipeline::builder()
        .gazetteers_dir(&gaz)
        .no_rules()
        .model_dir(&models)
        .build()
        .expect("pipeline");
    (dir, p)
}

/// A mention as (type, text, char start, char end).
type TypedMention = (String, String, usize, usize);

/// Every mention of an extraction as (type, text, char start, char end), in text order; each
/// span is checked against the text.
fn typed_mentions(ex: &khabar::Extraction, text: &str) -> Vec<TypedMention> {
    let mut got: Vec<(String, String, usize, usize)> = ex
        .entities
        .iter()
        .flat_map(|e| {
            e.mentions.iter().map(move |m| {
                (
                    format!("{:?}", e.entity_type),
                    m.text.clone(),
                    m.start,
                    m.end,
                )
            })
        })
        .collect();
    got.sort_by_key(|g| g.2);
    for (_, t, s, e) in &got {
        assert_eq!(&text.chars().skip(*s).take(e - s).collect::<String>(), t);
    }
    got
}

/// The name of an event, a document or a prize (`MISC`) around a gazetteer name holds no
/// mention of it when its words say what it is ("Algeria Open", "Tour of Algeria"); a `MISC`
/// span with no such word ("Algeria Dollar", a headline's capitals) leaves the gazetteer's
/// name, and an adjective inside one stays.
#[test]
fn an_english_event_name_holds_no_mention_of_the_place_inside_it() {
    let mut corpus = String::new();
    for day in ["Monday", "Friday", "Sunday"] {
        corpus.push_str(&format!(
            "She O\nwon O\nthe O\nAlgeria B-MISC\nOpen I-MISC\non O\n{day} O\n. O\n\n\
             He O\nrode O\nthe O\nTour B-MISC\nof I-MISC\nAlgeria I-MISC\non O\n{day} O\n. O\n\n\
             The O\nAlgeria B-MISC\nDollar I-MISC\nfell O\non O\n{day} O\n. O\n\n\
             They O\nwon O\nthe O\nRussian B-MISC\nCup I-MISC\non O\n{day} O\n. O\n\n"
        ));
    }
    let (_dir, p) = english_pipeline_trained_on(&corpus, "");
    let text = "She won the Algeria Open on Monday . He rode the Tour of Algeria on Monday . \
                The Algeria Dollar fell on Monday . They won the Russian Cup on Monday .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    let dollar = text.find("Algeria Dollar").expect("in text");
    assert_eq!(
        got,
        vec![("Country".into(), "Algeria".into(), dollar, dollar + 7)]
    );
    // The adjective inside "Russian Cup" still refers to Russia.
    let russian = text.find("Russian").expect("in text");
    let russia = ex.entities.iter().find(|e| e.id == "country:RUS");
    assert_eq!(
        russia.map(|e| e
            .nisba
            .iter()
            .map(|n| (n.text.as_str(), n.start, n.end))
            .collect()),
        Some(vec![("Russian", russian, russian + 7)]),
        "{:?}",
        ex.entities
    );
}

/// English places around a shorter gazetteer place: a qualifier before it or a place's head
/// noun after it make another place, the outermost name ("Southern Algeria", "Moscow
/// Region"); other capitalized words do not (a headline's "Algeria Budget"). A tagger name
/// that only partly overlaps an ambiguous form ("The National", here a made-up alias) is a
/// name. The model learns these spans from a tiny corpus, so the test checks the merge.
#[test]
fn english_places_around_places_and_names_over_ambiguous_forms() {
    let mut corpus = String::new();
    for (day, body) in [("Monday", "Basketball"), ("Friday", "Football")] {
        corpus.push_str(&format!(
            "Floods O\nhit O\nSouthern B-LOC\nAlgeria I-LOC\non O\n{day} O\n. O\n\n\
             Snow O\nfell O\nin O\nthe O\nMoscow B-LOC\nRegion I-LOC\non O\n{day} O\n. O\n\n\
             The O\nNational B-ORG\n{body} I-ORG\nAssociation I-ORG\nsued O\nthem O\n. O\n\n\
             The O\nAlgeria B-LOC\nBudget I-LOC\nwas O\ncut O\non O\n{day} O\n. O\n\n"
        ));
    }
    let (_dir, p) = english_pipeline_trained_on(
        &corpus,
        "agency:sputnik\tThe National\ten\tname\tambiguous\n",
    );
    let text = "Floods hit Southern Algeria on Monday . Snow fell in the Moscow Region on \
                Monday . The National Basketball Association sued them . The Algeria Budget \
                was cut on Monday .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    let want: Vec<(String, String, usize, usize)> = vec![
        ("Location".into(), "Southern Algeria".into(), 11, 27),
        ("Location".into(), "Moscow Region".into(), 57, 70),
        (
            "Agency".into(),
            "National Basketball Association".into(),
            87,
            118,
        ),
        ("Country".into(), "Algeria".into(), 135, 142),
    ];
    assert_eq!(got, want);
}

/// An English organisation's name around a shorter one the gazetteer knows: with words after
/// it, the same organisation under its full name (the gazetteer's id, the tagger's span); with
/// other words before it, another organisation. A headline's place qualifier in capitals
/// makes another place, as written in lower case.
#[test]
fn english_organisations_around_organisations_and_places_in_capitals() {
    let mut corpus = String::new();
    for day in ["Monday", "Friday", "Sunday"] {
        corpus.push_str(&format!(
            "The O\nNATO B-ORG\nDefence I-ORG\nCollege I-ORG\nmet O\non O\n{day} O\n. O\n\n\
             The O\nMoro B-ORG\nShell I-ORG\nCompany I-ORG\nrose O\non O\n{day} O\n. O\n\n\
             Floods O\nhit O\nNORTHERN B-LOC\nALGERIA I-LOC\non O\n{day} O\n. O\n\n"
        ));
    }
    let (_dir, p) = english_pipeline_trained_on(&corpus, "");
    let text = "The NATO Defence College met on Monday . The Moro Shell Company rose on \
                Monday . Floods hit NORTHERN ALGERIA on Monday .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    let at = |s: &str| text.find(s).expect("in text");
    let want: Vec<(String, String, usize, usize)> = [
        ("Agency", "NATO Defence College"),
        ("Agency", "Moro Shell Company"),
        ("Location", "NORTHERN ALGERIA"),
    ]
    .iter()
    .map(|(t, s)| (t.to_string(), s.to_string(), at(s), at(s) + s.len()))
    .collect();
    assert_eq!(got, want);
    let id_of = |s: &str| {
        ex.entities
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.text == s))
            .map(|e| e.id.as_str())
    };
    assert_eq!(id_of("NATO Defence College"), Some("agency:nato"));
    assert_ne!(id_of("Moro Shell Company"), Some("agency:shell"));
}

/// English names are capitalized: a word in lower case at the edge of a tagger span is no
/// part of it ("Kelso Mining Company has"), a demonym before a person's name is the
/// gazetteer's adjective ("Algerian Jonson" is Jonson, of Algeria), and a legal form alone
/// ("Ltd") names no company, nor does one word in lower case ("samacares"). The model learns the wrong spans from a tiny corpus, so the
/// test checks what the pipeline makes of them.
#[test]
fn english_spans_leave_lower_case_words_and_demonyms_out() {
    let mut corpus = String::new();
    for day in ["Monday", "Friday", "Sunday"] {
        corpus.push_str(&format!(
            "Algerian B-PER\nJonson I-PER\nwon O\non O\n{day} O\n. O\n\n\
             The O\nKelso B-ORG\nMining I-ORG\nCompany I-ORG\nhas I-ORG\nsued O\non O\n{day} O\n. O\n\n\
             Ltd B-ORG\nsaid O\nso O\non O\n{day} O\n. O\n\n\
             Visit O\nsamacares B-ORG\non O\n{day} O\n. O\n\n"
        ));
    }
    let (_dir, p) = english_pipeline_trained_on(&corpus, "");
    let text = "Algerian Jonson won on Monday . The Kelso Mining Company has sued on Monday . \
                Ltd said so on Monday . Visit samacares on Monday .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    let at = |s: &str| text.find(s).expect("in text");
    let want: Vec<TypedMention> = [("Person", "Jonson"), ("Agency", "Kelso Mining Company")]
        .iter()
        .map(|(t, s)| (t.to_string(), s.to_string(), at(s), at(s) + s.len()))
        .collect();
    assert_eq!(got, want);
    // The demonym is Algeria's adjective.
    let algeria = ex.entities.iter().find(|e| e.id == "country:DZA");
    assert_eq!(
        algeria.map(|e| e
            .nisba
            .iter()
            .map(|n| (n.text.as_str(), n.start, n.end))
            .collect()),
        Some(vec![("Algerian", 0, 8)]),
        "{:?}",
        ex.entities
    );
}

/// A legal form ends a company's name: a span the tagger ran on after one, with "and" or a
/// comma, to another company's name is two companies ("Baker Oil Corp and Hughes Tool Co",
/// the second after "Co." too); a legal form after a comma is the same company's ("Alcoma
/// Packing Co , Inc"), and words after it that end with no legal form or head noun stay in
/// the name ("Peoples Trust Co , Natchitoches").
#[test]
fn an_english_span_over_two_companies_is_cut_after_the_legal_form() {
    let mut corpus = String::new();
    for day in ["Monday", "Friday", "Sunday"] {
        corpus.push_str(&format!(
            "Baker B-ORG\nOil I-ORG\nCorp I-ORG\nand I-ORG\nHughes I-ORG\nTool I-ORG\nCo I-ORG\n\
             merged O\non O\n{day} O\n. O\n\n\
             Morgan B-ORG\nand I-ORG\nCo. I-ORG\nand I-ORG\nLloyds I-ORG\nBank I-ORG\n\
             lent O\non O\n{day} O\n. O\n\n\
             Alcoma B-ORG\nPacking I-ORG\nCo I-ORG\n, I-ORG\nInc I-ORG\nrose O\non O\n{day} O\n. O\n\n\
             Peoples B-ORG\nTrust I-ORG\nCo I-ORG\n, I-ORG\nNatchitoches I-ORG\nfell O\non O\n{day} O\n. O\n\n"
        ));
    }
    let (_dir, p) = english_pipeline_trained_on(&corpus, "");
    let text = "Baker Oil Corp and Hughes Tool Co merged on Monday . Morgan and Co. and Lloyds \
                Bank lent on Monday . Alcoma Packing Co , Inc rose on Monday . Peoples Trust \
                Co , Natchitoches fell on Monday .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    let at = |s: &str| text.find(s).expect("in text");
    let want: Vec<TypedMention> = [
        "Baker Oil Corp",
        "Hughes Tool Co",
        "Morgan and Co",
        "Lloyds Bank",
        "Alcoma Packing Co , Inc",
        "Peoples Trust Co , Natchitoches",
    ]
    .iter()
    .map(|s| ("Agency".to_string(), s.to_string(), at(s), at(s) + s.len()))
    .collect();
    assert_eq!(got, want);
}

/// A training corpus of `lines` (CoNLL lines with NAME and DAY for a made-up name and a
/// weekday) written out for three names.
fn three_names(lines: &str) -> String {
    [
        ("Kelmar", "Monday"),
        ("Dovra", "Friday"),
        ("Pentos", "Sunday"),
    ]
    .iter()
    .map(|(name, day)| lines.replace("NAME", name).replace("DAY", day))
    .collect()
}

/// A name the tagger found once is the same entity where the document writes it again and
/// the tagger, reading another sentence, missed it (`via: repeat`); the word written
/// otherwise (in lower case, in capitals) is not.
#[test]
fn a_name_found_once_is_found_again_in_the_document() {
    let corpus = three_names(
        "Floods O\nhit O\nNAME B-LOC\non O\nDAY O\n. O\n\n\
         Trade O\ngrew O\nfast O\non O\nDAY O\n. O\n\n",
    );
    let (_dir, p) = english_pipeline_trained_on(&corpus, "");
    let text = "Floods hit Zorvia on Monday . Trade with Zorvia grew fast . The zorvia grew . \
                ZORVIA grew .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    assert_eq!(
        got,
        vec![
            ("Location".into(), "Zorvia".into(), 11, 17),
            ("Location".into(), "Zorvia".into(), 41, 47),
        ]
    );
    let zorvia = ex.entities.iter().find(|e| e.mentions.len() == 2);
    let vias: Vec<&str> = zorvia
        .map(|e| e.mentions.iter().map(|m| m.via.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(vias, ["tagger", "repeat"]);
}

/// A name the tagger read as two types in one document is said again as the one most of its
/// mentions have.
#[test]
fn a_name_found_as_two_types_is_found_again_as_the_commoner() {
    let corpus = three_names(
        "Floods O\nhit O\nNAME B-LOC\non O\nDAY O\n. O\n\n\
         Shares O\nof O\nNAME B-ORG\nrose O\n. O\n\n\
         Trade O\ngrew O\nfast O\non O\nDAY O\n. O\n\n",
    );
    let (_dir, p) = english_pipeline_trained_on(&corpus, "");
    let text = "Shares of Zorvia rose . Shares of Zorvia rose . Floods hit Zorvia on Monday . \
                Trade with Zorvia grew fast .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    let last = text.rfind("Zorvia").expect("in text");
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[2].0, "Location", "{got:?}");
    assert_eq!(got[3], ("Agency".into(), "Zorvia".into(), last, last + 6));
}

/// The same in Arabic, with proclitics on the repeat (left out of its span), before the
/// mention the tagger found; not after an organisation's head noun ("جمعية زورفيا"), where
/// the name is the genitive of a longer one.
#[test]
fn an_arabic_name_is_found_again_after_a_proclitic() {
    let mut corpus = String::new();
    for (place, day) in [("كلمار", "الاثنين"), ("دوفرا", "الجمعة"), ("بنطوس", "الأحد")]
    {
        corpus.push_str(&format!(
            "ضربت O\nالفيضانات O\n{place} B-LOC\nيوم O\n{day} O\n. O\n\n\
             ونمت O\nالتجارة O\nبسرعة O\nيوم O\n{day} O\n. O\n\n"
        ));
    }
    let (_dir, p) = arabic_pipeline_trained_on(&corpus);
    let text =
        "ونمت التجارة ولزورفيا بسرعة . ضربت الفيضانات زورفيا يوم الاثنين . وقالت جمعية زورفيا .";
    let ex = p.extract(&Document::new("d", text));
    let got = typed_mentions(&ex, text);
    let first = text.chars().position(|c| c == 'ز').expect("in text");
    assert_eq!(first, 15);
    let second = 45;
    assert_eq!(
        text.chars().skip(second).take(6).collect::<String>(),
        "زورفيا"
    );
    assert_eq!(
        got,
        vec![
            ("Location".into(), "زورفيا".into(), first, first + 6),
            ("Location".into(), "زورفيا".into(), second, second + 6),
        ]
    );
}
