//! Text stages: normalization (with an offset map), tokenization and sentence splitting,
//! language detection, and char/byte offset conversion.

pub mod clitics;
pub mod normalize;
pub mod script;
pub mod tokenize;

pub use normalize::{normalize, Normalized};
pub use script::{detect_language, has_arabic, is_arabic_char, Lang};
pub use tokenize::{form_hash, is_letter, Abbreviations, Sentence, Token, TokenKind, Tokens};

/// The matching key of a phrase (an alias, a title, a lexicon word): its tokens' normalized
/// forms joined by single spaces, so line breaks, double spaces and tatweel between words do
/// not matter. The matchers compare its tokens with the text's, one by one.
pub fn alias_key(phrase: &str) -> String {
    let mut key = String::with_capacity(phrase.len());
    with_phrase_tokens(phrase, |norm, tokens| {
        for (i, t) in tokens.tokens.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(t.norm(&norm.text));
        }
    });
    key
}

/// Normalizes and tokenizes a short phrase (an alias, a title) in buffers reused by the
/// thread, and hands both to `f`: compiling a million aliases allocates nothing per alias.
pub fn with_phrase_tokens<R>(phrase: &str, f: impl FnOnce(&Normalized, &Tokens) -> R) -> R {
    thread_local! {
        static SCRATCH: std::cell::RefCell<(Normalized, Tokens)> = Default::default();
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => {
            let (norm, tokens) = &mut *s;
            norm.reset(phrase);
            tokens.tokenize(phrase, norm);
            f(norm, tokens)
        }
        // Called again from inside `f`: fresh buffers for the inner call.
        Err(_) => {
            let norm = Normalized::new(phrase);
            let mut tokens = Tokens::default();
            tokens.tokenize(phrase, &norm);
            f(&norm, &tokens)
        }
    })
}

/// Converts byte offsets of one text into char (Unicode scalar value) offsets.
///
/// Built once per document; conversions of increasing offsets are O(1) amortized and any
/// offset is O(log n).
#[derive(Debug, Clone, Default)]
pub struct CharOffsets {
    /// Byte offsets of every non-ASCII char (sorted); chars before a byte offset = byte offset
    /// minus the extra bytes of the non-ASCII chars before it.
    wide: Vec<(u32, u32)>,
}

impl CharOffsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharOffsets {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0u32;
            for (i, c) in text.char_indices() {
                let l = c.len_utf8() as u32;
                if l > 1 {
                    extra += l - 1;
                    // (byte offset just after this char, extra bytes up to there)
                    wide.push((i as u32 + l, extra));
                }
            }
        }
        CharOffsets { wide }
    }

    /// The char offset of byte offset `byte` (which must be a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        let b = byte as u32;
        let idx = self.wide.partition_point(|&(end, _)| end <= b);
        let extra = if idx == 0 { 0 } else { self.wide[idx - 1].1 };
        (b - extra) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_keys_are_token_joined() {
        assert_eq!(
            alias_key("الإمارات  العربية\nالمتحدة"),
            "الامارات العربيه المتحده"
        );
        assert_eq!(alias_key("U.S."), "u.s.");
        assert_eq!(alias_key("Russia's"), "russia 's");
    }

    #[test]
    fn char_offsets_match_char_indices() {
        let s = "a€bالجزائرc😀d";
        let co = CharOffsets::new(s);
        for (ci, (bi, _)) in s.char_indices().enumerate() {
            assert_eq!(co.char_of(bi), ci);
        }
        assert_eq!(co.char_of(s.len()), s.chars().count());
    }
}
