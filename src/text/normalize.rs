//! Matching normalization with an exact map back to the original text.
//!
//! Normalization runs in two ordered steps per character, each documented by its table:
//!
//! 1. **Lossless** (the text means the same afterwards): Arabic presentation forms
//!    (U+FB50–U+FDFF, U+FE70–U+FEFF) become their base letters (NFKC of that one character);
//!    invisible format characters (ZWNJ, ZWJ, LRM, RLM, ALM, soft hyphen, BOM, bidi
//!    embeddings) are dropped; Arabic-Indic and Persian digits become ASCII digits; every
//!    space-like character becomes an ASCII space.
//! 2. **Lossy** (only for matching): tashkeel (U+064B–U+065F, U+0670) and tatweel (U+0640)
//!    are dropped; أ إ آ ٱ ٲ ٳ -> ا; ى and Persian ی -> ي; ک -> ك; ة -> ه; ؤ -> و; ئ -> ي;
//!    Latin letters are lower-cased; « » “ ” „ ‟ ″ -> `"`; ‘ ’ ‚ ‛ ′ -> `'`; the dashes
//!    U+2010–U+2015 and U+2212 -> `-`.
//!
//! The normalized text keeps, for every one of its bytes, the byte offset in the original text
//! of the character it came from, so any normalized range maps back to an original range that
//! cuts the original at character boundaries. Normalization never moves offsets: it only
//! describes them.

use unicode_normalization::UnicodeNormalization;

/// Text normalized for matching, with a map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For each byte of `text`, plus one final entry, the byte offset in the original text of
    /// the character that produced it (the final entry is the original's length).
    source: Vec<u32>,
}

impl Normalized {
    /// Normalizes `original`.
    ///
    /// # Panics
    /// Never on any string; texts over 4 GiB are outside the supported range (the batch
    /// layer rejects documents long before that).
    pub fn new(original: &str) -> Normalized {
        let mut n = Normalized::default();
        n.reset(original);
        n
    }

    /// Normalizes `original` into this value, reusing its buffers.
    pub fn reset(&mut self, original: &str) {
        self.text.clear();
        self.source.clear();
        self.text.reserve(original.len());
        self.source.reserve(original.len() + 1);
        if original.is_ascii() {
            // Cheap path: ASCII needs only case folding and dash/quote-free identity (and the
            // underscore of a hashtag's words, a space).
            for (i, b) in original.bytes().enumerate() {
                self.text.push(ascii_fold(b) as char);
                self.source.push(i as u32);
            }
        } else {
            let bytes = original.as_bytes();
            let mut i = 0usize;
            while i < bytes.len() {
                // A run of characters both steps leave as they are (ASCII but A-Z, and the
                // plain Arabic letters that make most of an Arabic text) is copied whole.
                let run = i;
                while let Some(&b) = bytes.get(i) {
                    if b < 0x80 && !b.is_ascii_uppercase() && b != b'_' {
                        self.source.push(i as u32);
                        i += 1;
                    } else if is_plain_arabic_pair(b, bytes.get(i + 1).copied().unwrap_or(0)) {
                        self.source.extend([i as u32, i as u32]);
                        i += 2;
                    } else {
                        break;
                    }
                }
                self.text.push_str(&original[run..i]);
                let Some(c) = original[i..].chars().next() else {
                    break;
                };
                let at = i as u32;
                if c.is_ascii() {
                    // Both steps change only A-Z and the underscore among ASCII characters.
                    self.text.push(ascii_fold(c as u8) as char);
                    self.source.push(at);
                } else {
                    push_char(c, at, &mut self.text, &mut self.source);
                }
                i += c.len_utf8();
            }
        }
        self.source.push(original.len() as u32);
    }

    /// The original byte offset of normalized byte `norm_byte` (`text.len()` gives the
    /// original's length).
    #[inline]
    pub fn original_byte(&self, norm_byte: usize) -> usize {
        self.source[norm_byte] as usize
    }

    /// Maps the normalized byte range `[start, end)` to the original byte range covering it.
    ///
    /// The end is the original offset of the first normalized character after the range, so
    /// characters dropped by normalization (tashkeel, tatweel) right after the last letter
    /// stay inside the span, as they belong to that letter.
    #[inline]
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.source[start] as usize, self.source[end] as usize)
    }
}

/// An ASCII byte normalized: lower case, and the underscore that joins a hashtag's words
/// ("#البيت_الأبيض"، "#White_House") a space, so that the words are tokens a name can match.
#[inline]
fn ascii_fold(b: u8) -> u8 {
    if b == b'_' {
        b' '
    } else {
        b.to_ascii_lowercase()
    }
}

/// Normalizes a string for matching, without the offset map (for gazetteer aliases, rule
/// words and other data).
pub fn normalize(s: &str) -> String {
    Normalized::new(s).text
}

/// Arabic letters that neither step changes (ء ا ب ت..غ ف..و ي): a shortcut past the tables
/// for the bulk of an Arabic text. The letters the lossy step maps (آ أ ؤ إ ئ ة ى) are not here.
#[inline]
fn is_plain_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}' | '\u{0627}' | '\u{0628}' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{064A}')
}

/// Whether the two bytes at a char start of a text encode a plain Arabic letter
/// ([`is_plain_arabic_letter`]); those are two-byte characters with lead byte D8 or D9.
#[inline]
fn is_plain_arabic_pair(lead: u8, next: u8) -> bool {
    if !matches!(lead, 0xD8 | 0xD9) || next & 0xC0 != 0x80 {
        return false;
    }
    let code = (u32::from(lead & 0x1F) << 6) | u32::from(next & 0x3F);
    char::from_u32(code).is_some_and(is_plain_arabic_letter)
}

/// What one character becomes in the lossless step.
enum Lossless {
    Drop,
    Char(char),
    /// A presentation form: its compatibility decomposition.
    Decomposed,
}

fn lossless(c: char) -> Lossless {
    match c {
        '\u{FEFF}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{00AD}' => Lossless::Drop,
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => Lossless::Decomposed,
        '\u{0660}'..='\u{0669}' => Lossless::Char((b'0' + (c as u32 - 0x0660) as u8) as char),
        '\u{06F0}'..='\u{06F9}' => Lossless::Char((b'0' + (c as u32 - 0x06F0) as u8) as char),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Lossless::Char(' ')
        }
        _ => Lossless::Char(c),
    }
}

/// The lossy step for one character: `None` drops it.
#[inline]
fn lossy(c: char) -> Option<char> {
    Some(match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ى' | 'ی' | 'ئ' => 'ي',
        'ک' => 'ك',
        'ة' => 'ه',
        'ؤ' => 'و',
        '«' | '»' | '“' | '”' | '„' | '‟' | '″' => '"',
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    })
}

#[inline]
fn push_lossy(c: char, at: u32, out: &mut String, source: &mut Vec<u32>) {
    let Some(c) = lossy(c) else { return };
    // Arabic script has no case: skip the (slow) case table for it.
    if c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c) || !c.is_uppercase() {
        push(c, at, out, source);
    } else {
        for l in c.to_lowercase() {
            push(l, at, out, source);
        }
    }
}

#[inline]
fn push(c: char, at: u32, out: &mut String, source: &mut Vec<u32>) {
    out.push(c);
    for _ in 0..c.len_utf8() {
        source.push(at);
    }
}

fn push_char(c: char, at: u32, out: &mut String, source: &mut Vec<u32>) {
    match lossless(c) {
        Lossless::Drop => {}
        Lossless::Char(c) => push_lossy(c, at, out, source),
        Lossless::Decomposed => {
            for d in std::iter::once(c).nfkc() {
                // A decomposition may itself contain tashkeel: run it through both steps like
                // any other text. The spaces of a phrase ligature (ﷺ, ﷻ) are left out: one
                // character of the original cannot be several tokens, each with its own span
                // into it, so the phrase stays one word.
                if d == ' ' {
                    continue;
                }
                match lossless(d) {
                    Lossless::Char(d) => push_lossy(d, at, out, source),
                    Lossless::Drop | Lossless::Decomposed => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, input, expected normalized form)
    const CASES: &[(&str, &str, &str)] = &[
        ("fatha damma kasra sukun shadda", "بُوتِينْ مُحَمَّد", "بوتين محمد"),
        ("tanween", "شكرًا", "شكرا"),
        ("superscript alef", "هٰذا", "هذا"),
        ("tatweel", "لـ روسيا", "ل روسيا"),
        (
            "underscore of a hashtag",
            "#البيت_الأبيض #White_House",
            "#البيت الابيض #white house",
        ),
        ("hamza above alef", "أحمد", "احمد"),
        ("hamza below alef", "إعلان", "اعلان"),
        ("madda alef", "آسيا", "اسيا"),
        ("wasla alef", "ٱلله", "الله"),
        ("alef maqsura", "مصطفى", "مصطفي"),
        ("ta marbuta", "الروسية", "الروسيه"),
        ("waw hamza", "مؤتمر", "موتمر"),
        ("yeh hamza", "رئيس", "رييس"),
        ("persian yeh and keheh", "ایران کابل", "ايران كابل"),
        ("arabic-indic digits", "٢٠٢٣", "2023"),
        ("persian digits", "۱۴۰۲", "1402"),
        ("presentation form lam-alef", "\u{FEFB}", "لا"),
        ("presentation form initial beh", "\u{FE91}", "ب"),
        ("presentation ligature allah", "\u{FDF2}", "الله"),
        (
            "phrase ligature stays one word",
            "\u{FDFA}",
            "صلياللهعليهوسلم",
        ),
        ("latin case", "Vladimir PUTIN", "vladimir putin"),
        ("latin accents keep marks, fold case", "ÉLYSÉE", "élysée"),
        ("guillemets", "«سبوتنيك»", "\"سبوتنيك\""),
        ("curly quotes", "“x” ‘y’", "\"x\" 'y'"),
        ("dashes", "a–b—c−d", "a-b-c-d"),
        ("invisible marks", "ab\u{200F}c\u{200C}d\u{FEFF}", "abcd"),
        ("nbsp", "a\u{00A0}b", "a b"),
        ("ascii fast path", "U.S. Army", "u.s. army"),
    ];

    #[test]
    fn table() {
        for (name, input, want) in CASES {
            assert_eq!(normalize(input), *want, "case {name}");
        }
    }

    #[test]
    fn map_points_into_original() {
        for (name, input, _) in CASES {
            let n = Normalized::new(input);
            assert_eq!(n.source.len(), n.text.len() + 1, "case {name}");
            for (b, _) in n.text.char_indices() {
                let o = n.original_byte(b);
                assert!(input.is_char_boundary(o), "case {name}: byte {b} -> {o}");
            }
            assert_eq!(n.original_byte(n.text.len()), input.len());
        }
    }

    #[test]
    fn plain_arabic_letters_are_left_alone_by_both_steps() {
        for c in '\u{0600}'..='\u{06FF}' {
            if is_plain_arabic_letter(c) {
                let mut text = String::new();
                let mut source = Vec::new();
                push_char(c, 0, &mut text, &mut source);
                assert_eq!(text, c.to_string(), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn range_keeps_trailing_tashkeel() {
        let s = "بوتينُ قال";
        let n = Normalized::new(s);
        let end = n.text.find(' ').unwrap();
        let (a, b) = n.original_range(0, end);
        assert_eq!(&s[a..b], "بوتينُ");
    }
}
