//! What resolution asks of each token's normalized form, answered once per form: which of the
//! word matchers (the gazetteer's, and the resolver's titles, lexicon words and bare bodies)
//! can start a match there, and
//! whether the form is a given name or the head noun of an organisation, an event or a club
//! (after its proclitics).
//!
//! These answers depend only on the form (and whether the token is a word), and news repeats
//! its forms: they are kept per form in a small per-thread table, one probe per token instead
//! of a dozen lookups of the form and of each of its proclitic stems, and each pass then reads
//! them per token ([`FormInfo`]). Exact: an entry holds the form's bytes; longer forms are not
//! remembered, only computed.

use super::Resolver;
use crate::gazetteer::{Gazetteer, Matcher, RootId, StartHint};
use crate::text::{form_hash, TokenKind, Tokens};

/// Bit of the titles matcher in [`FormInfo::starts`].
pub(super) const TITLES: u8 = 1;
/// Bit of the lexicon words matcher.
pub(super) const WORDS: u8 = 2;
/// Bit of the bare bodies matcher.
pub(super) const BODIES: u8 = 4;
/// Bit of the gazetteer's matcher.
pub(super) const GAZETTEER: u8 = 8;

/// "None" in the proclitic-length fields of [`FormInfo`].
const NO: u8 = u8::MAX;

/// What resolution asks of one token's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FormInfo {
    /// The word matchers that can start a match here ([`TITLES`], [`WORDS`], [`BODIES`],
    /// [`GAZETTEER`]).
    pub starts: u8,
    /// Each matcher's root for the form itself ([`Matcher::bare_root`]), in the order of
    /// the bits.
    roots: [RootId; 4],
    given: u8,
    /// Proclitic lengths of the heads, four bits each ([`NO4`]: none): an organisation's
    /// (bits 0-3), an event's (4-7), a club's (8-11), and the club list's index (12-13).
    heads: u16,
}

/// "None" in the four-bit fields of [`FormInfo::heads`].
const NO4: u16 = 15;

/// No head of any kind.
const NO_HEADS: u16 = NO4 | (NO4 << 4) | (NO4 << 8);

/// Packs the heads' proclitic lengths into [`FormInfo::heads`] (None if one does not fit).
fn heads(body: Option<usize>, event: Option<usize>, club: Option<(usize, usize)>) -> Option<u16> {
    let nibble = |x: Option<usize>| match x {
        None => Some(NO4),
        Some(n) => u16::try_from(n).ok().filter(|&b| b < NO4),
    };
    let (club_len, list) = match club {
        Some((len, list)) => (Some(len), u16::try_from(list).ok().filter(|&l| l < 4)?),
        None => (None, 0),
    };
    Some(nibble(body)? | (nibble(event)? << 4) | (nibble(club_len)? << 8) | (list << 12))
}

fn opt(x: u8) -> Option<usize> {
    (x != NO).then_some(usize::from(x))
}

fn byte(x: Option<usize>) -> Option<u8> {
    match x {
        None => Some(NO),
        Some(n) => u8::try_from(n).ok().filter(|&b| b != NO),
    }
}

impl FormInfo {
    /// A given name, perhaps after proclitics: their length ([`super::names`]).
    pub fn given(&self) -> Option<usize> {
        opt(self.given)
    }

    fn head_field(&self, shift: u16) -> Option<usize> {
        let x = (self.heads >> shift) & NO4;
        (x != NO4).then_some(usize::from(x))
    }

    /// The head noun of an organisation, perhaps after proclitics ([`super::bodies`]).
    pub fn body_head(&self) -> Option<usize> {
        self.head_field(0)
    }

    /// The head noun of an event, perhaps after proclitics ([`super::events`]).
    pub fn event_head(&self) -> Option<usize> {
        self.head_field(4)
    }

    /// A club noun, perhaps after proclitics ([`super::clubs`]): their length and the index
    /// of its list.
    pub fn club_head(&self) -> Option<(usize, usize)> {
        let list = usize::from((self.heads >> 12) & 3);
        self.head_field(8).map(|len| (len, list))
    }

    /// What matcher `bit` knows of this form before it looks ([`Matcher::find_hinted`]).
    pub fn hint(&self, bit: u8) -> StartHint {
        if self.starts & bit == 0 {
            return StartHint::Skip;
        }
        StartHint::Bare(self.roots[bit.trailing_zeros() as usize])
    }

    fn of(r: &Resolver, g: &Gazetteer, word: &str, hash: u64, is_word: bool) -> Option<FormInfo> {
        let matchers: [&Matcher; 4] = [&r.titles, &r.words, &r.bodies, g.matcher()];
        let (mut starts, mut roots) = (0, [RootId::NONE; 4]);
        for (i, m) in matchers.into_iter().enumerate() {
            roots[i] = m.bare_root(word, hash);
            if roots[i] != RootId::NONE || m.may_start_after_proclitic(word, is_word) {
                starts |= 1 << i;
            }
        }
        Some(FormInfo {
            starts,
            roots,
            given: byte(super::names::given_name_at(g, word))?,
            heads: heads(
                super::bodies::HEAD_SET.head_at(word),
                super::events::HEAD_SET.head_at(word),
                super::clubs::head_at(word),
            )?,
        })
    }
}

/// Entries of the table (a power of two; 48 bytes each: 3 MB, which holds about 89% of the
/// tokens of 30 MB of news against 73% with 8,192 entries).
const ENTRIES: usize = 65536;
/// Longest form an entry holds.
const FORM_BYTES: usize = 18;
/// How many tokens ahead an entry is prefetched.
const PREFETCH_AHEAD: usize = 8;

// The table's size in the docs above (48 bytes an entry) holds.
const _: () = assert!(std::mem::size_of::<Entry>() == 48);

#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    /// Bytes of the form; 0 for an empty entry (no token is empty).
    len: u8,
    is_word: bool,
    info: FormInfo,
    bytes: [u8; FORM_BYTES],
}

const EMPTY: Entry = Entry {
    hash: 0,
    len: 0,
    is_word: false,
    info: FormInfo {
        starts: 0,
        roots: [RootId::NONE; 4],
        given: NO,
        heads: NO_HEADS,
    },
    bytes: [0; FORM_BYTES],
};

/// One thread's table of [`FormInfo`] by form, for one resolver and gazetteer at a time.
#[derive(Debug, Default)]
pub(super) struct FormMemo {
    /// The resolver ([`Resolver::tag`]; 0 before first use) and the gazetteer (its
    /// fingerprint) the entries are for.
    owner: (u32, u64),
    entries: Vec<Entry>,
}

impl FormMemo {
    /// The [`FormInfo`] of every token of `tokens`, into `out`. False if some answer does not
    /// fit the table's fields (a proclitic run of 255 bytes or more: then the caller asks the
    /// passes' own lookups).
    pub(super) fn fill(
        &mut self,
        r: &Resolver,
        g: &Gazetteer,
        norm_text: &str,
        tokens: &Tokens,
        out: &mut Vec<FormInfo>,
    ) -> bool {
        let owner = (r.tag, g.fingerprint());
        if self.owner != owner || self.entries.len() != ENTRIES {
            self.entries.clear();
            self.entries.resize(ENTRIES, EMPTY);
            self.owner = owner;
        }
        out.clear();
        for (t, tok) in tokens.tokens.iter().enumerate() {
            // The table is larger than the CPU's nearer caches: start loading the entry of a
            // token a few ahead while this one is answered.
            if let Some(&h) = tokens.hashes.get(t + PREFETCH_AHEAD) {
                let ahead = (h as usize) & (ENTRIES - 1);
                crate::tagger::model::prefetch(self.entries.as_ptr().wrapping_add(ahead));
            }
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
                    out.push(e.info);
                    continue;
                }
            }
            let Some(info) = FormInfo::of(r, g, word, hash, is_word) else {
                return false;
            };
            if fits {
                let e = &mut self.entries[slot];
                e.hash = hash;
                e.len = bytes.len() as u8;
                e.is_word = is_word;
                e.info = info;
                e.bytes[..bytes.len()].copy_from_slice(bytes);
            }
            out.push(info);
        }
        true
    }
}
