//! Reject records: one JSON object per line with the record's location, the reason, and the raw
//! record as text (or base64 when it is not UTF-8).

use base64::Engine as _;
use serde::Serialize;

use super::read::{RecordError, RecordSource};

/// One reject line.
#[derive(Serialize)]
struct RejectLine<'a> {
    source: &'a str,
    line: Option<u64>,
    byte_offset: u64,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw_base64: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    raw_truncated: bool,
}

/// One reject record as a JSON line (newline included).
pub fn reject_json(source: &RecordSource, error: &RecordError) -> Vec<u8> {
    let raw = &error.raw;
    let text = match std::str::from_utf8(raw) {
        Ok(s) => Some(s),
        // A cut inside a character at the end of a truncated raw record is not an encoding
        // problem: show the text up to the cut.
        Err(e) if error.truncated && e.error_len().is_none() => {
            std::str::from_utf8(&raw[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    };
    let line = RejectLine {
        source: &source.file,
        line: source.line,
        byte_offset: source.byte_offset,
        reason: &error.reason,
        raw: text,
        raw_base64: match text {
            Some(_) => None,
            None => Some(base64::engine::general_purpose::STANDARD.encode(raw)),
        },
        raw_truncated: error.truncated,
    };
    let mut out = serde_json::to_vec(&line).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(raw: &[u8], truncated: bool) -> serde_json::Value {
        let source = RecordSource {
            file: "a.jsonl".into(),
            line: Some(3),
            byte_offset: 10,
        };
        let error = RecordError {
            reason: "r".into(),
            raw: raw.to_vec(),
            truncated,
        };
        let json = reject_json(&source, &error);
        assert!(json.ends_with(b"\n"));
        serde_json::from_slice(&json).unwrap()
    }

    #[test]
    fn raw_is_text_base64_or_cut_at_a_character() {
        let v = line("روسيا".as_bytes(), false);
        assert_eq!(v["raw"], "روسيا");
        assert_eq!(v["line"], 3);
        assert!(v.get("raw_truncated").is_none());
        let v = line(b"caf\xe9", false);
        assert_eq!(v["raw_base64"], "Y2Fm6Q==");
        assert!(v.get("raw").is_none());
        // A truncated record cut inside a character is still text, up to the cut.
        let v = line(&"روسيا".as_bytes()[..9], true);
        assert_eq!(v["raw"], "روسي");
        assert_eq!(v["raw_truncated"], true);
    }
}
