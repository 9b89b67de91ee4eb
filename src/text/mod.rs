//! Text stages: normalization (with an offset map), tokenization and sentence splitting,
//! language detection, and char/byte offset conversion.

pub mod clitics;
pub mod normalize;
pub mod script;
pub mod tokenize;

pub use normalize::{normalize, Normalized};
pub use script::{detect_language, has_arabic, is_arabic_char, Lang};
pub use tokenize::{form_hash, is_letter, Abbreviations, Sentence, Token, TokenKind, Tokens};

/// The alefs written with hamza or madda, which normalization folds into ا: a word written
/// with one is not the same word as its bare spelling (فإن "then", فان the particle "van").
pub const HAMZA_ALEFS: [char; 3] = ['أ', 'إ', 'آ'];

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
/// Built once per document in one pass over its bytes, about a quarter of the text's size
/// (none for ASCII); any conversion is O(1): the chars before the offset's 64-byte block plus
/// the char starts before it in the block.
#[derive(Debug, Clone, Default)]
pub struct CharOffsets {
    /// Per 64-byte block of a non-ASCII text: (chars before the block, a bit per byte of the
    /// block that starts a char). Empty for ASCII, where chars are bytes.
    blocks: Vec<(u32, u64)>,
    /// Chars in the text (for the offset at the end of a text of whole blocks).
    chars: u32,
}

/// Bytes per block of [`CharOffsets`].
const OFFSET_BLOCK: usize = 64;

impl CharOffsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets::default();
        }
        let mut blocks = Vec::with_capacity(text.len().div_ceil(OFFSET_BLOCK));
        let mut chars = 0u32;
        for chunk in text.as_bytes().chunks(OFFSET_BLOCK) {
            let mut starts = 0u64;
            for (i, &b) in chunk.iter().enumerate() {
                // Every byte but a UTF-8 continuation byte (10xxxxxx) starts a char.
                starts |= u64::from((b as i8) >= -0x40) << i;
            }
            blocks.push((chars, starts));
            chars += starts.count_ones();
        }
        CharOffsets { blocks, chars }
    }

    /// The char offset of byte offset `byte` (which must be a char boundary).
    #[inline]
    pub fn char_of(&self, byte: usize) -> usize {
        if self.blocks.is_empty() {
            return byte;
        }
        match self.blocks.get(byte / OFFSET_BLOCK) {
            Some(&(before, starts)) => {
                let below = (1u64 << (byte % OFFSET_BLOCK)) - 1;
                before as usize + (starts & below).count_ones() as usize
            }
            None => self.chars as usize,
        }
    }
}

/// Tests: a text's normalization and tokens, with each token's original text.
#[cfg(test)]
pub(crate) fn analyzed(text: &str) -> (Normalized, Tokens, Vec<&str>) {
    let norm = Normalized::new(text);
    let mut tokens = Tokens::default();
    tokens.tokenize(text, &norm);
    let words = tokens
        .tokens
        .iter()
        .map(|t| &text[t.byte_start as usize..t.byte_end as usize])
        .collect();
    (norm, tokens, words)
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

    #[test]
    fn char_offsets_across_blocks() {
        // Texts ending inside a block and at a block's end, ASCII and not.
        for s in [
            "ab".repeat(64),
            "الجزائر".repeat(10),
            format!("{}é", "a".repeat(62)),
            format!("x{}", "€".repeat(21)),
        ] {
            let co = CharOffsets::new(&s);
            for (ci, (bi, _)) in s.char_indices().enumerate() {
                assert_eq!(co.char_of(bi), ci, "{s:?} at byte {bi}");
            }
            assert_eq!(co.char_of(s.len()), s.chars().count(), "{s:?}");
        }
    }
}
