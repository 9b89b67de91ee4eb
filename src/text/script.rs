//! Language detection by script: Arabic letters against Latin letters.

/// Whether `c` is in the Arabic block (U+0600–U+06FF).
#[inline]
pub fn is_arabic_char(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Whether `s` contains an Arabic-block character.
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(is_arabic_char)
}

/// Guesses the language of `text` from its letters: `"ar"` when Arabic-script letters are at
/// least as many as Latin ones (and there are any), `"en"` when Latin letters dominate,
/// `"und"` when there are no letters.
pub fn detect_language(text: &str) -> &'static str {
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
        (0, 0) => "und",
        (a, l) if a >= l => "ar",
        _ => "en",
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
        assert_eq!(detect_language(""), "und");
    }
}
