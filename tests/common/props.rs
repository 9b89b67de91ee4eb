//! Properties shared by the bounded proptests (`tests/fuzz_properties.rs`, stable, in `cargo
//! test`) and the fuzz targets (`fuzz/`, nightly): each function takes arbitrary input, runs one
//! stage on it, and panics when a property fails. Neither side has its own copy.
#![allow(dead_code)]

use std::io::Cursor;

use khabar::batch::read::{document_date, ParseOptions, RawBody, RawReader, Reader};
use khabar::batch::InputFormat;
use khabar::gazetteer::GazetteerData;
use khabar::text::{Normalized, Tokens};
use khabar::{Document, Extraction, PartialDate, Pipeline};

/// Inputs longer than this are cut before they reach a stage (fuzzers and proptests alike).
pub const MAX_INPUT_BYTES: usize = 64 << 10;

/// Cuts `bytes` to [`MAX_INPUT_BYTES`].
pub fn capped(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(MAX_INPUT_BYTES)]
}

/// The raw JSONL lines of `bytes` that must become records: every line except blank ones
/// (a line over `max` bytes is a record even when blank: it is rejected for its size).
/// Computed here without the reader's code, to check it.
fn expected_jsonl_records(bytes: &[u8], max: usize) -> usize {
    let bom = "\u{FEFF}".as_bytes();
    let mut n = 0;
    let pieces: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    for (i, &piece) in pieces.iter().enumerate() {
        // CRLF: a "\r" is part of the line end only before a "\n".
        let terminated = i + 1 < pieces.len();
        let mut line = match piece.strip_suffix(b"\r") {
            Some(l) if terminated => l,
            _ => piece,
        };
        if i == 0 {
            line = line.strip_prefix(bom).unwrap_or(line);
        }
        if line.len() > max || !line.iter().all(|b| b.is_ascii_whitespace()) {
            n += 1;
        }
    }
    // A final "\n" leaves an empty last piece, which is blank and not counted above.
    n
}

fn compressed(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b]) || bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd])
}

/// The JSONL record reader on arbitrary bytes: never a panic; every non-blank line becomes one
/// record, either a document or a reject with a reason (conservation); records come in line
/// order with the byte offset of their line; their sizes add up to the input's size.
pub fn jsonl_reader(bytes: &[u8], max_record_bytes: usize) {
    let bytes = capped(bytes);
    let raw: Vec<_> = RawReader::from_stream(
        "fuzz.jsonl",
        Box::new(Cursor::new(bytes.to_vec())),
        InputFormat::Jsonl,
    )
    .max_record_bytes(max_record_bytes)
    .collect();
    let opts = ParseOptions::default();
    let mut documents = 0;
    let mut rejects = 0;
    for r in &raw {
        match khabar::batch::read::parse(r, &opts) {
            Ok(p) => {
                assert!(!p.document.text.contains('\0'), "a NUL byte got through");
                documents += 1;
            }
            Err(e) => {
                assert!(!e.reason.is_empty(), "a reject without a reason");
                rejects += 1;
            }
        }
    }
    assert_eq!(documents + rejects, raw.len());
    if compressed(bytes) {
        return; // lines and sizes count in the decompressed stream
    }
    // A read error is the only record that may end a file early; a Cursor has none.
    assert!(
        raw.iter()
            .all(|r| !matches!(&r.body, RawBody::Bad(e) if e.reason.starts_with("read error"))),
        "read error on an in-memory input"
    );
    assert_eq!(
        raw.len(),
        expected_jsonl_records(bytes, max_record_bytes),
        "records read"
    );
    let mut last_line = 0;
    let mut last_offset = None;
    for r in &raw {
        let line = r.source.line.unwrap_or(0);
        assert!(line > last_line, "lines out of order");
        last_line = line;
        let off = r.source.byte_offset;
        assert!(off as usize <= bytes.len());
        assert!(last_offset.is_none_or(|o| off > o), "offsets out of order");
        last_offset = Some(off);
        // The record starts at the beginning of its line.
        assert!(
            off == 0 || bytes[off as usize - 1] == b'\n',
            "offset not at a line start"
        );
    }
    // Blank lines are skipped, not counted as record bytes, so the sizes add up to at most
    // the input; each record's size is its line's, line end included.
    let total: u64 = raw.iter().map(|r| r.bytes).sum();
    assert!(total as usize <= bytes.len(), "{total} bytes counted");
    for r in &raw {
        let start = r.source.byte_offset as usize;
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i + 1);
        assert_eq!(r.bytes as usize, end - start, "size of the line at {start}");
    }
}

/// The text reader on arbitrary bytes: exactly one record, a document (the bytes without a
/// BOM, when they are UTF-8 without NUL) or a reject.
pub fn text_reader(bytes: &[u8]) {
    let bytes = capped(bytes);
    let recs: Vec<_> = Reader::from_stream(
        "fuzz.txt",
        Box::new(Cursor::new(bytes.to_vec())),
        InputFormat::Text,
        ParseOptions::default(),
    )
    .collect();
    assert_eq!(recs.len(), 1);
    if compressed(bytes) {
        return;
    }
    assert_eq!(recs[0].bytes as usize, bytes.len());
    let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    match (&recs[0].document, std::str::from_utf8(body)) {
        (Ok(doc), Ok(s)) => assert_eq!(doc.text, s),
        (Ok(_), Err(_)) => panic!("bytes that are not UTF-8 became a document"),
        (Err(_), Ok(s)) => assert!(s.contains('\0'), "UTF-8 text without NUL was rejected"),
        (Err(_), Err(_)) => {}
    }
}

/// Normalizer and tokenizer on any string: no panic; every token and sentence cuts the
/// original at character boundaries, in order, without overlap; each token's normalized
/// range lies in the normalized text and maps back into its original range; every token
/// belongs to exactly one sentence.
pub fn text_stages(text: &str) {
    let norm = Normalized::new(text);
    let mut toks = Tokens::default();
    toks.tokenize(text, &norm);
    let mut prev_end = 0usize;
    for (i, t) in toks.tokens.iter().enumerate() {
        let (s, e) = (t.byte_start as usize, t.byte_end as usize);
        assert!(s < e && e <= text.len(), "token {i} span {s}..{e}");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "token {i} cuts a char"
        );
        assert!(s >= prev_end, "token {i} overlaps the previous one");
        prev_end = e;
        let (ns, ne) = (t.norm_start as usize, t.norm_end as usize);
        assert!(
            ns <= ne && ne <= norm.text.len(),
            "token {i} normalized span"
        );
        assert!(norm.text.is_char_boundary(ns) && norm.text.is_char_boundary(ne));
        let (os, _) = norm.original_range(ns, ne);
        assert!(
            os >= s && os <= e,
            "token {i} normalized form maps outside it"
        );
        let _ = t.norm(&norm.text);
    }
    let mut next_token = 0u32;
    for (si, sent) in toks.sentences.iter().enumerate() {
        assert_eq!(sent.first_token, next_token, "sentence {si} leaves a gap");
        assert!(sent.first_token <= sent.end_token);
        next_token = sent.end_token;
        let (s, e) = (sent.byte_start as usize, sent.byte_end as usize);
        assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
        for t in &toks.tokens[sent.first_token as usize..sent.end_token as usize] {
            assert_eq!(t.sentence as usize, si);
            assert!(t.byte_start as usize >= s && t.byte_end as usize <= e);
        }
    }
    assert_eq!(
        next_token as usize,
        toks.tokens.len(),
        "tokens outside any sentence"
    );
    // Normalizing without the map gives the same text.
    assert_eq!(khabar::text::normalize(text), norm.text);
}

/// Every span of an extraction cuts `text` at its stated text, in chars and bytes.
pub fn spans_cut(text: &str, ex: &Extraction) {
    let char_slice = |s: usize, e: usize| -> String { text.chars().skip(s).take(e - s).collect() };
    for e in &ex.entities {
        for m in &e.mentions {
            assert_eq!(
                text.get(m.byte_start..m.byte_end),
                Some(m.text.as_str()),
                "{m:?}"
            );
            assert_eq!(char_slice(m.start, m.end), m.text, "{m:?}");
        }
    }
    for r in &ex.relations {
        let ev = &r.evidence;
        let cut = text.get(ev.byte_start..ev.byte_end);
        assert!(
            cut.is_some(),
            "evidence bytes {}..{}",
            ev.byte_start,
            ev.byte_end
        );
        assert_eq!(
            char_slice(ev.start, ev.end).len(),
            ev.byte_end - ev.byte_start,
            "evidence chars and bytes differ"
        );
    }
}

/// Extraction output round-trips through its JSON form.
pub fn json_round_trip(ex: &Extraction) {
    let json = serde_json::to_string(ex).expect("an extraction serializes");
    let back: Extraction = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(serde_json::to_string(&back).expect("again"), json);
}

/// The date reader on any string: no panic; a date it accepts is a real calendar date and
/// prints as a form the strict reader takes back unchanged.
pub fn date_reader(s: &str) {
    for parsed in [PartialDate::parse(s), document_date(s)]
        .into_iter()
        .flatten()
    {
        let shown = parsed.to_string();
        assert_eq!(PartialDate::parse(&shown), Ok(parsed), "{s:?} -> {shown}");
        assert!(parsed.earliest() <= parsed.latest());
    }
    if let Ok(d) = PartialDate::parse_full(s) {
        assert!(d.day.is_some());
    }
}

/// The rule parser on any text: no panic; every error names the file and a line of it.
pub fn rule_parser(text: &str) {
    let lines = text.split('\n').count();
    let (_, errors) = khabar::rules::parse::parse_file("fuzz.rules", text);
    for e in &errors {
        assert_eq!(e.file, "fuzz.rules");
        assert!(e.line <= lines + 1, "error on line {} of {lines}", e.line);
        assert!(!e.message.is_empty());
    }
    // A rule file that parses builds into a pipeline that runs on its own text.
    if errors.is_empty() {
        if let Ok(p) = Pipeline::builder()
            .no_gazetteers()
            .add_gazetteer_text(
                "g.tsv",
                "id\ttype\ten\tar\ncountry:DZA\tCOUNTRY\tAlgeria\tالجزائر\n",
            )
            .no_rules()
            .add_rules_text("fuzz.rules", text)
            .build()
        {
            let ex = p.extract(&Document::new("r", text));
            spans_cut(text, &ex);
        }
    }
}

/// The gazetteer loader on any text: no panic; every error names the file and a line of it;
/// a file that loads builds a matcher that finds its own aliases in its own text with spans
/// that cut it.
pub fn gazetteer_loader(text: &str) {
    let lines = text.split('\n').count();
    let mut data = GazetteerData::default();
    let mut errors = data.load_str("fuzz.tsv", text);
    errors.extend(data.check());
    for e in &errors {
        assert_eq!(e.file, "fuzz.tsv");
        assert!(e.line <= lines, "error on line {} of {lines}", e.line);
    }
    if let Ok(p) = Pipeline::builder()
        .no_gazetteers()
        .add_gazetteer_text("fuzz.tsv", text)
        .build()
    {
        let ex = p.extract(&Document::new("g", text));
        spans_cut(text, &ex);
    }
}

/// The default pipeline (embedded gazetteers and rules), built once.
pub fn default_pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        Pipeline::builder()
            .build()
            .expect("the embedded data builds")
    })
}

/// `extract` end to end on arbitrary bytes, read as JSONL and as text: every record ends as
/// an extraction or a reject; every extraction's spans cut its document's text, and its JSON
/// round-trips.
pub fn extract_bytes(pipeline: &Pipeline, bytes: &[u8]) {
    let bytes = capped(bytes);
    for format in [InputFormat::Jsonl, InputFormat::Text] {
        let mut records = 0;
        let mut extracted = 0;
        let mut rejected = 0;
        for rec in Reader::from_stream(
            "fuzz",
            Box::new(Cursor::new(bytes.to_vec())),
            format,
            ParseOptions::default(),
        ) {
            records += 1;
            match rec.document {
                Ok(doc) => {
                    let ex = pipeline.extract(&doc);
                    assert_eq!(ex.doc_id, doc.id);
                    spans_cut(&doc.text, &ex);
                    json_round_trip(&ex);
                    extracted += 1;
                }
                Err(_) => rejected += 1,
            }
        }
        assert_eq!(records, extracted + rejected);
        if format == InputFormat::Text {
            assert_eq!(records, 1);
        }
    }
}

/// A document made of `text` alone, for the stages that take strings.
pub fn document(text: &str) -> Document {
    Document::new("p", text)
}
