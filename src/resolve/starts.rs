//! Which of the resolver's word matchers (titles, lexicon words, bare bodies) can start a
//! match at each token of a document, so that each of them looks only there.
//!
//! Whether a matcher can start at a token depends only on the token's normalized form (and
//! whether it is a word, for the stems after proclitics), and news repeats its forms: the
//! answers for all three matchers are kept per form in a small per-thread table, one probe per
//! token instead of three lookups of the form and of each of its proclitic stems. Exact: an
//! entry holds the form's bytes; longer forms are not remembered, only computed.

use super::Resolver;
use crate::text::{form_hash, TokenKind, Tokens};

/// Bit of the titles matcher.
pub(super) const TITLES: u8 = 1;
/// Bit of the lexicon words matcher.
pub(super) const WORDS: u8 = 2;
/// Bit of the bare bodies matcher.
pub(super) const BODIES: u8 = 4;

/// Entries of the table (a power of two; 32 bytes each).
const ENTRIES: usize = 8192;
/// Longest form an entry holds.
const FORM_BYTES: usize = 21;

#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    /// Bytes of the form; 0 for an empty entry (no token is empty).
    len: u8,
    is_word: bool,
    mask: u8,
    bytes: [u8; FORM_BYTES],
}

const EMPTY: Entry = Entry {
    hash: 0,
    len: 0,
    is_word: false,
    mask: 0,
    bytes: [0; FORM_BYTES],
};

/// One thread's table of start masks by form, for one resolver at a time.
#[derive(Debug, Default)]
pub(super) struct StartMemo {
    /// The resolver the entries are for ([`Resolver::tag`]); 0 before first use.
    owner: u32,
    entries: Vec<Entry>,
}

impl StartMemo {
    /// Per token of `tokens`, the matchers ([`TITLES`], [`WORDS`], [`BODIES`]) that can
    /// start a match there ([`crate::gazetteer::Matcher::may_start`]).
    pub(super) fn fill(
        &mut self,
        r: &Resolver,
        norm_text: &str,
        tokens: &Tokens,
        out: &mut Vec<u8>,
    ) {
        if self.owner != r.tag || self.entries.len() != ENTRIES {
            self.entries.clear();
            self.entries.resize(ENTRIES, EMPTY);
            self.owner = r.tag;
        }
        out.clear();
        for (t, tok) in tokens.tokens.iter().enumerate() {
            let word = tok.norm(norm_text);
            let hash = tokens
                .hashes
                .get(t)
                .copied()
                .unwrap_or_else(|| form_hash(word));
            let is_word = tok.kind == TokenKind::Word;
            let bytes = word.as_bytes();
            let slot = (hash as usize) & (ENTRIES - 1);
            let fits = !bytes.is_empty() && bytes.len() <= FORM_BYTES;
            if fits {
                let e = &self.entries[slot];
                if e.hash == hash
                    && usize::from(e.len) == bytes.len()
                    && e.is_word == is_word
                    && &e.bytes[..bytes.len()] == bytes
                {
                    out.push(e.mask);
                    continue;
                }
            }
            let mut mask = 0;
            if r.titles.may_start(word, hash, is_word) {
                mask |= TITLES;
            }
            if r.words.may_start(word, hash, is_word) {
                mask |= WORDS;
            }
            if r.bodies.may_start(word, hash, is_word) {
                mask |= BODIES;
            }
            if fits {
                let e = &mut self.entries[slot];
                e.hash = hash;
                e.len = bytes.len() as u8;
                e.is_word = is_word;
                e.mask = mask;
                e.bytes[..bytes.len()].copy_from_slice(bytes);
            }
            out.push(mask);
        }
    }
}
