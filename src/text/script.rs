//! Languages, and their detection by script: Arabic letters against Latin letters.

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
    let (mut arabic, mut latin) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        match c {
            '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
                if super::tokenize::is_letter(c) =>
            {
                arabic += 1
            }
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
            _ => {}
        }
    }
    match (arabic, latin) {
        (0, 0) => Lang::Und,
        (a, l) if a >= l => Lang::Ar,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
