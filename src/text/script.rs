//! Languages, and their detection by script: Arabic letters against Latin letters.

use super::tokenize::is_letter;
use serde::{Deserialize, Serialize};

/// A document's language: Arabic and English are the two khabar reads; `und` when the text
/// has no letters; any other tag a record gives is kept as written. Serialized as the tag
/// (`"ar"`, `"en"`, `"und"`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Lang {
    /// `ar`.
    Ar,
    /// `en`.
    En,
    /// `und`: undetermined (no letters).
    Und,
    /// Another tag given with the document (khabar reads it as neither language).
    Other(String),
}

impl Lang {
    /// The tag.
    pub fn as_str(&self) -> &str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Und => "und",
            Lang::Other(s) => s,
        }
    }
}

impl From<&str> for Lang {
    fn from(s: &str) -> Lang {
        match s {
            "ar" => Lang::Ar,
            "en" => Lang::En,
            "und" => Lang::Und,
            _ => Lang::Other(s.to_string()),
        }
    }
}

impl From<String> for Lang {
    fn from(s: String) -> Lang {
        match Lang::from(s.as_str()) {
            Lang::Other(_) => Lang::Other(s),
            l => l,
        }
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        match l {
            Lang::Other(s) => s,
            l => l.as_str().to_string(),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Lang {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Whether `c` is in the Arabic block (U+0600–U+06FF).
#[inline]
pub fn is_arabic_char(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Whether `s` contains an Arabic-block character.
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(is_arabic_char)
}

/// Guesses the language of `text` from its letters: [`Lang::Ar`] when Arabic-script letters are at
/// least as many as Latin ones (and there are any), [`Lang::En`] when Latin letters dominate,
/// [`Lang::Und`] when there are no letters.
pub fn detect_language(text: &str) -> Lang {
    let (arabic, latin) = letter_counts(text, 20_000);
    match (arabic, latin) {
        (0, 0) => Lang::Und,
        (a, l) if a >= l => Lang::Ar,
        _ => Lang::En,
    }
}

/// Whether a char of the Arabic block (U+0600–U+06FF) is a letter ([`is_letter`]), by its
/// offset in the block.
fn arabic_block_letters() -> &'static [bool; 256] {
    static TABLE: std::sync::OnceLock<[bool; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [false; 256];
        for (i, x) in t.iter_mut().enumerate() {
            *x = char::from_u32(0x0600 + i as u32).is_some_and(is_letter);
        }
        t
    })
}

/// The Arabic-script letters and the Latin letters among the first `limit` chars of `text`.
/// One pass over the bytes: ASCII and the two-byte chars of the Arabic block (most of the
/// news) are read without decoding; any other char is decoded and tested as a char.
fn letter_counts(text: &str, limit: usize) -> (usize, usize) {
    let arabic_block = arabic_block_letters();
    let (mut arabic, mut latin) = (0usize, 0usize);
    let b = text.as_bytes();
    let (mut i, mut chars) = (0usize, 0usize);
    while i < b.len() && chars < limit {
        chars += 1;
        let x = b[i];
        if x < 0x80 {
            latin += usize::from(x.is_ascii_alphabetic());
            i += 1;
            continue;
        }
        if (0xD8..=0xDB).contains(&x) {
            if let Some(&y) = b.get(i + 1) {
                // U+0600 + (lead - 0xD8) * 64 + the continuation's six bits.
                let k = usize::from(x - 0xD8) * 64 + usize::from(y & 0x3F);
                arabic += usize::from(arabic_block[k]);
                i += 2;
                continue;
            }
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        match c {
            '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'
                if is_letter(c) =>
            {
                arabic += 1
            }
            '\u{00C0}'..='\u{024F}' => latin += 1,
            _ => {}
        }
    }
    (arabic, latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chars and their tests as the language was first detected: the byte scan must
    /// count the same.
    fn letter_counts_by_chars(text: &str, limit: usize) -> (usize, usize) {
        let (mut arabic, mut latin) = (0usize, 0usize);
        for c in text.chars().take(limit) {
            match c {
                '\u{0600}'..='\u{06FF}'
                | '\u{0750}'..='\u{077F}'
                | '\u{FB50}'..='\u{FDFF}'
                | '\u{FE70}'..='\u{FEFF}'
                    if is_letter(c) =>
                {
                    arabic += 1
                }
                'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
                _ => {}
            }
        }
        (arabic, latin)
    }

    #[test]
    fn the_byte_scan_counts_as_the_chars_do() {
        // Every char of the Arabic block and its supplement, the presentation forms, Latin
        // with diacritics, digits, punctuation and marks, in one text and cut at every limit.
        let mut text = String::new();
        for c in (0x0590..0x0800).chain(0xFB40..0xFF00).chain(0x00A0..0x0260) {
            if let Some(c) = char::from_u32(c) {
                text.push(c);
                text.push(' ');
            }
        }
        text.push_str("Abc 123 ٣ ـ 😀 ǅ مرحباً.");
        for limit in [0, 1, 2, 3, 100, 1000, 2 * text.chars().count()] {
            assert_eq!(
                letter_counts(&text, limit),
                letter_counts_by_chars(&text, limit),
                "limit {limit}"
            );
        }
        for s in ["", "ﻻ", "é", "x", "\u{0600}\u{06FF}\u{0750}", "ـــ"] {
            assert_eq!(
                letter_counts(s, 20_000),
                letter_counts_by_chars(s, 20_000),
                "{s}"
            );
        }
    }

    #[test]
    fn detects() {
        assert_eq!(detect_language("موسكو تتفاوض مع الجزائر"), "ar");
        assert_eq!(
            detect_language("Moscow negotiates with Algeria (الجزائر)"),
            "en"
        );
        assert_eq!(detect_language("2023 - !"), "und");
        // Two-byte Latin letters count as Latin, presentation forms (three bytes) as Arabic.
        assert_eq!(detect_language("Égypte été ﻻﻻ ﻻ"), "en");
        assert_eq!(detect_language("é ﻻﻻ"), "ar");
        assert_eq!(detect_language(""), "und");
    }

    #[test]
    fn a_language_tag_serializes_as_written() {
        for (tag, lang) in [
            ("ar", Lang::Ar),
            ("en", Lang::En),
            ("und", Lang::Und),
            ("fr", Lang::Other("fr".into())),
        ] {
            assert_eq!(Lang::from(tag), lang);
            let json = serde_json::to_string(&lang).expect("serialize");
            assert_eq!(json, format!("\"{tag}\""));
            let back: Lang = serde_json::from_str(&json).expect("deserialize");
            assert_eq!(back, lang);
        }
    }
}
