//! Tokens and sentences, with spans into the original text.
//!
//! Tokenization runs over the normalized text (so tashkeel and tatweel never split a word) and
//! every token keeps its range in both the normalized and the original text.
//!
//! Token kinds: words (letters of any script, with inner hyphens and apostrophes, and dotted
//! abbreviations such as `U.S.`), numbers (with inner `.` `,` `:` `٫` `٬` between digits), URLs
//! (`http://`, `https://`, `www.`), e-mail addresses, and punctuation (one character, or `...`).
//! The English possessive `'s` is its own token so that `Russia's` matches `Russia`.
//!
//! Sentences end after `.` `!` `?` `؟` `…` `...` (and closing quotes or brackets right after
//! them) and at line breaks, except a hard wrap inside a Latin-script paragraph (wire copy
//! wraps at 65 columns): one line break between a line ending in a lowercase letter, a digit
//! or a comma and a line starting with a letter or digit. A terminator does not end a sentence inside a quotation
//! («...», “...”, "...") that closes before the next line break, nor after an abbreviation: a
//! single letter of any script (`د.`, `J.`), a dotted abbreviation (`U.S.`) or a listed one
//! (`Dr.`, `Mr.`, `Gen.`, `Jan.` ...).
//!
//! The listed abbreviations are data, not code: the lexicon class `abbreviation` of
//! gazetteers/lexicon.tsv ([`Abbreviations`]). [`Tokens::tokenize`] uses those of the embedded
//! lexicon; the pipeline calls [`Tokens::tokenize_with`] with its gazetteer's set, which adds
//! the rows of a `--gazetteers` or `--add-gazetteers` lexicon to them.

use super::normalize::Normalized;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters (any script), possibly with inner hyphens, apostrophes or dots.
    Word,
    /// Digits, possibly with inner separators.
    Number,
    /// Punctuation or a symbol.
    Punct,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Its kind.
    pub kind: TokenKind,
    /// Byte range in the normalized text.
    pub norm_start: u32,
    /// End of the byte range in the normalized text.
    pub norm_end: u32,
    /// Byte range in the original text.
    pub byte_start: u32,
    /// End of the byte range in the original text.
    pub byte_end: u32,
    /// Index of its sentence.
    pub sentence: u32,
    /// Whether a line break separates it from the previous token.
    pub after_newline: bool,
    /// Whether whitespace separates it from the previous token.
    pub after_space: bool,
}

impl Token {
    /// Its text in the normalized string.
    pub fn norm<'a>(&self, normalized: &'a str) -> &'a str {
        &normalized[self.norm_start as usize..self.norm_end as usize]
    }
}

/// Whether the line break between `prev` and `next` only wraps a Latin-script line ("Rubio
/// said\nthe central bank"): one line break, no blank line and no indentation, after a
/// lowercase Latin letter, a digit or a comma, before a Latin letter or a digit. Headlines (capitals), Arabic lines and
/// paragraphs still end their sentence.
fn hard_wrap(original: &str, prev: &Token, next: &Token) -> bool {
    let gap = original
        .get(prev.byte_end as usize..next.byte_start as usize)
        .unwrap_or("");
    if gap.chars().filter(|&c| c == '\n').count() != 1 {
        return false;
    }
    // An indented line opens a paragraph ("...by\nShell Transport\n    Dollar amount").
    if gap.ends_with("  ") || gap.ends_with('\t') {
        return false;
    }
    let last = original
        .get(prev.byte_start as usize..prev.byte_end as usize)
        .and_then(|w| w.chars().next_back());
    let first = original
        .get(next.byte_start as usize..next.byte_end as usize)
        .and_then(|w| w.chars().next());
    let ends_open = last.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ',');
    let starts_text = first.is_some_and(|c| c.is_ascii_alphanumeric());
    ends_open && starts_text
}

/// Whether the line break before `next` wraps a name after its middle initial ("Gil L.\n
/// Leathley"): `before` ends with a capital letter and its full stop, right after a
/// capitalized word, and `next` opens with a capital, on the next line (no blank line).
fn initial_wrap(original: &str, before: &[Token], next: &Token) -> bool {
    let text = |t: &Token| {
        original
            .get(t.byte_start as usize..t.byte_end as usize)
            .unwrap_or("")
    };
    let [.., name, letter, stop] = before else {
        return false;
    };
    let gap = original
        .get(stop.byte_end as usize..next.byte_start as usize)
        .unwrap_or("");
    let l = text(letter);
    text(stop) == "."
        && stop.byte_start == letter.byte_end
        && l.len() == 1
        && l.bytes().all(|c| c.is_ascii_uppercase())
        && letter.after_space
        && text(name).starts_with(|c: char| c.is_ascii_uppercase())
        && text(next).starts_with(|c: char| c.is_ascii_uppercase())
        && gap.chars().filter(|&c| c == '\n').count() == 1
}

/// The names of the Latin letters in Arabic script, normalized (بي، سي، إن، دبليو ...): the
/// words of acronyms written in Arabic ("بي بي سي"، "بي.دبليو.سي").
pub const LETTER_NAMES: &[&str] = &[
    "اي",
    "بي",
    "سي",
    "دي",
    "اف",
    "جي",
    "اتش",
    "اش",
    "جيه",
    "كيه",
    "كي",
    "ال",
    "ام",
    "ان",
    "او",
    "كيو",
    "ار",
    "اس",
    "تي",
    "يو",
    "في",
    "دبليو",
    "اكس",
    "واي",
    "زد",
    "زي",
];

/// Whether `tok` is a word that is one of [`LETTER_NAMES`] (`normalized`: the document's
/// normalized text).
pub fn is_letter_name(tok: &Token, normalized: &str) -> bool {
    tok.kind == TokenKind::Word && LETTER_NAMES.contains(&tok.norm(normalized))
}

/// A sentence: a range of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// First token.
    pub first_token: u32,
    /// One past the last token.
    pub end_token: u32,
    /// Original byte range.
    pub byte_start: u32,
    /// End of the original byte range.
    pub byte_end: u32,
}

/// Tokens and sentences of one text (reusable scratch).
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// All tokens, in order.
    pub tokens: Vec<Token>,
    /// All sentences, in order; every token is in exactly one.
    pub sentences: Vec<Sentence>,
    /// For each token, [`form_hash`] of its normalized form: computed once here, so the
    /// matchers look a token up with one probe whatever the number of their entries.
    pub hashes: Vec<u64>,
}

/// The hash of a normalized token form (or of a stem after proclitics) that the matchers key
/// their tables by. Any two equal strings hash the same; lookups still compare the strings,
/// so a collision costs a comparison, never a wrong match.
#[inline]
pub fn form_hash(form: &str) -> u64 {
    // Eight bytes at a time, multiply-rotate (the FxHash step), then a final avalanche so the
    // low bits that pick a table slot depend on every byte.
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let bytes = form.as_bytes();
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// English abbreviations written with a full stop that does not end the sentence (`Dr.`,
/// `Gen.`, `Jan.`): the normalized words of the lexicon class `abbreviation`.
///
/// [`Abbreviations::builtin`] holds those of the embedded `gazetteers/lexicon.tsv`; a
/// gazetteer adds the rows of its own lexicon to them
/// ([`crate::gazetteer::Gazetteer::abbreviations`]), and the pipeline tokenizes with that set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Abbreviations {
    words: std::collections::HashSet<Box<str>>,
}

/// The lexicon the built-in abbreviations are read from.
const EMBEDDED_LEXICON: &str = include_str!("../../gazetteers/lexicon.tsv");

impl Abbreviations {
    /// The abbreviations of the embedded lexicon.
    pub fn builtin() -> &'static Abbreviations {
        static BUILTIN: std::sync::OnceLock<Abbreviations> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut a = Abbreviations::default();
            a.extend(lexicon_words(EMBEDDED_LEXICON, "abbreviation"));
            a
        })
    }

    /// Adds words (normalized here, so `Dr` and `dr` are one word).
    pub fn extend<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            let n = super::normalize(w.trim().trim_end_matches('.'));
            if !n.is_empty() {
                self.words.insert(n.into());
            }
        }
    }

    /// Whether the normalized word `w` is one of them.
    pub fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The `word` column of the rows of class `class` in a lexicon table (the format of
/// gazetteers/README.md: a header line starting with `word`, tab-separated, `#` comments).
/// The gazetteer loader checks the embedded files; this reads only what the tokenizer needs.
fn lexicon_words<'a>(tsv: &'a str, class: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut columns: Option<(usize, usize)> = None;
    tsv.lines().filter_map(move |line| {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return None;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let Some((word, cls)) = columns else {
            let col = |name| fields.iter().position(|f| *f == name);
            columns = col("word").zip(col("class"));
            return None;
        };
        match (fields.get(word), fields.get(cls)) {
            (Some(w), Some(c)) if *c == class => Some(*w),
            _ => None,
        }
    })
}

impl Tokens {
    /// Tokenizes `norm` (the normalization of `original`) into this value, with the built-in
    /// abbreviations ([`Abbreviations::builtin`]).
    pub fn tokenize(&mut self, original: &str, norm: &Normalized) {
        self.tokenize_with(original, norm, Abbreviations::builtin());
    }

    /// Tokenizes `norm` (the normalization of `original`) into this value; a full stop right
    /// after one of `abbreviations` does not end a sentence.
    pub fn tokenize_with(
        &mut self,
        original: &str,
        norm: &Normalized,
        abbreviations: &Abbreviations,
    ) {
        self.tokens.clear();
        self.sentences.clear();
        scan(&norm.text, norm, &mut self.tokens);
        self.split_sentences(original, &norm.text, abbreviations);
        self.hashes.clear();
        self.hashes
            .extend(self.tokens.iter().map(|t| form_hash(t.norm(&norm.text))));
    }

    fn split_sentences(&mut self, original: &str, normalized: &str, abbreviations: &Abbreviations) {
        let n = self.tokens.len();
        if n == 0 {
            return;
        }
        // next_close[i]: index of the first closing-quote token at or after i before the next
        // line break (or usize::MAX).
        let mut next_close = vec![usize::MAX; n + 1];
        for i in (0..n).rev() {
            let t = &self.tokens[i];
            let carry = if i + 1 < n && self.tokens[i + 1].after_newline {
                usize::MAX
            } else {
                next_close[i + 1]
            };
            next_close[i] = if t.kind == TokenKind::Punct && quote_kind(original, t) < 0 {
                i
            } else {
                carry
            };
        }
        let mut depth: u32 = 0;
        let mut start = 0usize;
        let mut i = 0usize;
        while i < n {
            let t = self.tokens[i];
            if i > start
                && t.after_newline
                && !hard_wrap(original, &self.tokens[i - 1], &t)
                && !(i >= 3 && initial_wrap(original, &self.tokens[i - 3..i], &t))
            {
                self.push_sentence(start, i);
                start = i;
                depth = 0;
            }
            if t.kind == TokenKind::Punct {
                match quote_kind(original, &t) {
                    1 => depth += 1,
                    -1 => depth = depth.saturating_sub(1),
                    2 => {
                        // An undirected quote: closes if one is open, else opens.
                        if depth > 0 {
                            depth -= 1;
                        } else if next_close.get(i + 1).copied().unwrap_or(usize::MAX) != usize::MAX
                        {
                            depth += 1;
                        }
                    }
                    _ => {}
                }
                let text = t.norm(normalized);
                if is_terminator(text) && !self.is_abbreviation(i, normalized, abbreviations) {
                    let quoted = depth > 0 && next_close[i] != usize::MAX;
                    if !quoted {
                        // Closing quotes and brackets right after the terminator stay with it.
                        let mut end = i + 1;
                        while end < n
                            && !self.tokens[end].after_space
                            && self.tokens[end].kind == TokenKind::Punct
                            && is_closer(self.tokens[end].norm(normalized))
                        {
                            end += 1;
                        }
                        self.push_sentence(start, end);
                        start = end;
                        i = end;
                        depth = 0;
                        continue;
                    }
                }
            }
            i += 1;
        }
        if start < n {
            self.push_sentence(start, n);
        }
    }

    fn is_abbreviation(&self, dot: usize, normalized: &str, abbreviations: &Abbreviations) -> bool {
        if dot == 0 || self.tokens[dot].after_space {
            return false;
        }
        if self.tokens[dot].norm(normalized) != "." {
            return false;
        }
        let prev = &self.tokens[dot - 1];
        if prev.kind != TokenKind::Word {
            return false;
        }
        let w = prev.norm(normalized);
        // An acronym in Arabic letter names joined by stops ("بي.دبليو.سي"): a stop between
        // two letters, with no space after it either.
        let letter_after = self
            .tokens
            .get(dot + 1)
            .is_some_and(|next| !next.after_space && is_letter_name(next, normalized));
        // A stop inside a run of Latin letters and digits with no space on either side is no
        // sentence's end: a stock ticker with its exchange ("<RTRS.L>", "<HYO.TO>"), a web
        // address ("Amazon.com"). (Not in Arabic script, where a missing space after a
        // sentence's stop is common.)
        let ascii_word = |t: &Token| {
            t.kind == TokenKind::Word
                && t.norm(normalized)
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric())
        };
        let joined_after = self
            .tokens
            .get(dot + 1)
            .is_some_and(|next| !next.after_space && ascii_word(next));
        w.chars().count() == 1
            || abbreviations.contains(w)
            || (letter_after && is_letter_name(prev, normalized))
            || (joined_after && ascii_word(prev))
    }

    fn push_sentence(&mut self, start: usize, end: usize) {
        let index = self.sentences.len() as u32;
        for t in &mut self.tokens[start..end] {
            t.sentence = index;
        }
        self.sentences.push(Sentence {
            first_token: start as u32,
            end_token: end as u32,
            byte_start: self.tokens[start].byte_start,
            byte_end: self.tokens[end - 1].byte_end,
        });
    }
}

/// 1 opening quote, -1 closing quote, 2 undirected quote, 0 not a quote (decided on the
/// original character, since normalization unifies quotes).
fn quote_kind(original: &str, t: &Token) -> i8 {
    match original[t.byte_start as usize..].chars().next() {
        Some('«' | '“' | '„' | '‹') => 1,
        Some('»' | '”' | '›') => -1,
        Some('"') => 2,
        _ => 0,
    }
}

fn is_terminator(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "؟" | "…" | "...")
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | ")" | "]" | "}")
}

/// Whether `c` is a letter, with a fast path for ASCII and the Arabic block
/// (`char::is_alphabetic` is a slow table lookup for every non-ASCII char).
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}') {
        return true;
    }
    if matches!(c, '\u{0600}'..='\u{0620}' | '\u{063B}'..='\u{0640}' | '\u{064B}'..='\u{0670}') {
        return false;
    }
    c.is_alphabetic()
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Fast path for the Arabic letters of the main block: `char::is_alphabetic` goes through
    // a slow table lookup for every non-ASCII char.
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}') {
        return true;
    }
    c.is_alphabetic() || is_mark(c)
}

#[inline]
fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{06FF}').contains(&c) && is_word_char(c) && !is_mark(c)
}

#[inline]
fn is_mark(c: char) -> bool {
    // Combining marks that survive normalization (Latin accents written apart, rare Arabic).
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

fn scan(s: &str, norm: &Normalized, out: &mut Vec<Token>) {
    let bytes = s.as_bytes();
    let mut i = 0usize;
    let mut after_newline = false;
    let mut after_space = false;
    let push = |out: &mut Vec<Token>, kind, a: usize, b: usize, nl: bool, sp: bool| {
        let (oa, ob) = norm.original_range(a, b);
        out.push(Token {
            kind,
            norm_start: a as u32,
            norm_end: b as u32,
            byte_start: oa as u32,
            byte_end: ob as u32,
            sentence: 0,
            after_newline: nl,
            after_space: sp,
        });
    };
    while i < bytes.len() {
        let c = next_char(s, i);
        let cl = c.len_utf8();
        if c.is_whitespace() {
            if matches!(
                c,
                '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}'
            ) {
                after_newline = true;
            }
            after_space = true;
            i += cl;
            continue;
        }
        let (kind, end) = if let Some(end) = url_at(s, i) {
            (TokenKind::Url, end)
        } else if is_word_char(c) {
            let end = word_end(s, i);
            if s[i..end].bytes().all(|b| b.is_ascii_digit()) {
                (TokenKind::Number, number_end(s, end))
            } else if let Some(email_end) = email_at(s, i, end) {
                (TokenKind::Email, email_end)
            } else if s[i..end].chars().any(|c| !c.is_ascii_digit()) {
                (TokenKind::Word, end)
            } else {
                (TokenKind::Number, end)
            }
        } else if c == '\''
            && s[i + 1..].starts_with('s')
            && !s[i + 2..].chars().next().is_some_and(is_word_char)
            && !after_space
            && out
                .last()
                .is_some_and(|t: &Token| t.kind == TokenKind::Word)
        {
            // The English possessive: "russia's" -> "russia" + "'s".
            (TokenKind::Word, i + 2)
        } else if s[i..].starts_with("...") {
            (TokenKind::Punct, i + 3)
        } else {
            (TokenKind::Punct, i + cl)
        };
        push(out, kind, i, end, after_newline, after_space);
        after_newline = false;
        after_space = false;
        i = end;
    }
}

#[inline]
fn next_char(s: &str, i: usize) -> char {
    s[i..].chars().next().unwrap_or(' ')
}

/// End of a word starting at `i`: word characters, with inner `-`, `'`, and dotted
/// abbreviations (`u.s.`, `u.n.`). A trailing `'s` is left for its own token.
fn word_end(s: &str, i: usize) -> usize {
    word_end_with(s, i, true)
}

/// [`word_end`], with or without the fast path for Arabic letters (a test compares the two).
#[inline(always)]
fn word_end_with(s: &str, i: usize, fast: bool) -> usize {
    let bytes = s.as_bytes();
    let mut j = i;
    let mut prev: Option<char> = None;
    loop {
        while j < bytes.len() {
            // Fast path for the Arabic letters of the main block (two bytes, lead D8 or D9),
            // most of an Arabic word: read from the bytes. A word char, never a digit; after
            // a digit it starts a new word (as below).
            if let (true, 0xD8 | 0xD9, Some(&b1)) = (fast, bytes[j], bytes.get(j + 1)) {
                let cp = (u32::from(bytes[j] & 0x1F) << 6) | u32::from(b1 & 0x3F);
                if (0x0621..=0x063A).contains(&cp) || (0x0641..=0x064A).contains(&cp) {
                    if prev.is_some_and(|p| p.is_ascii_digit()) {
                        return j;
                    }
                    prev = char::from_u32(cp);
                    j += 2;
                    continue;
                }
            }
            let c = next_char(s, j);
            if !is_word_char(c) {
                break;
            }
            // Arabic letters and digits do not share a word: و2023 is و + 2023.
            if let Some(p) = prev {
                if (is_arabic_letter(p) && c.is_ascii_digit())
                    || (p.is_ascii_digit() && is_arabic_letter(c))
                {
                    return j;
                }
            }
            prev = Some(c);
            j += c.len_utf8();
        }
        if j >= bytes.len() {
            return j;
        }
        let c = bytes[j];
        if !c.is_ascii() {
            break;
        }
        let after = if j + 1 < bytes.len() {
            next_char(s, j + 1)
        } else {
            ' '
        };
        match c {
            b'-' if is_word_char(after) => j += 1,
            b'\'' if is_word_char(after) => {
                // "russia's" -> "russia" + "'s"
                let rest = &s[j + 1..];
                let possessive =
                    rest.starts_with('s') && !rest[1..].chars().next().is_some_and(is_word_char);
                if possessive {
                    return j;
                }
                j += 1;
            }
            b'.' if single_letter_before(s, i, j) && after.is_alphabetic() && {
                // u.s. : letter '.' letter ('.' ...)
                let k = j + 1 + after.len_utf8();
                k >= bytes.len() || !is_word_char(next_char(s, k))
            } =>
            {
                j += 1;
            }
            _ => break,
        }
    }
    // Include the final dot of a dotted abbreviation (u.s.).
    if j < bytes.len() && bytes[j] == b'.' && s[i..j].contains('.') && single_letter_before(s, i, j)
    {
        j += 1;
    }
    j
}

fn single_letter_before(s: &str, start: usize, j: usize) -> bool {
    let seg = &s[start..j];
    let last = seg.rsplit('.').next().unwrap_or(seg);
    last.chars().count() == 1
}

fn number_end(s: &str, mut j: usize) -> usize {
    let bytes = s.as_bytes();
    while j + 1 < bytes.len() {
        let sep = next_char(s, j);
        if matches!(sep, '.' | ',' | ':' | '٫' | '٬') {
            let k = j + sep.len_utf8();
            if k < bytes.len() && bytes[k].is_ascii_digit() {
                j = k;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                continue;
            }
        }
        break;
    }
    j
}

fn url_at(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    let prefix = ["http://", "https://", "www."]
        .iter()
        .find(|p| rest.starts_with(*p))?;
    let mut end = i;
    for (k, c) in rest.char_indices() {
        if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '،' | '«' | '»') {
            break;
        }
        end = i + k + c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence, not the address.
    while end > i + prefix.len() {
        let last = s[..end].chars().next_back().unwrap_or(' ');
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\'' | '؟' | '؛'
        ) {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (end > i + prefix.len()).then_some(end)
}

/// An e-mail address starting at `i` whose local part's first word ends at `word_end`.
fn email_at(s: &str, i: usize, word_end: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut j = word_end;
    while j < bytes.len()
        && (bytes[j].is_ascii_alphanumeric()
            || matches!(bytes[j], b'.' | b'_' | b'%' | b'+' | b'-'))
    {
        j += 1;
    }
    if j >= bytes.len() || bytes[j] != b'@' || !s[i..j].is_ascii() {
        return None;
    }
    let domain_start = j + 1;
    let mut k = domain_start;
    while k < bytes.len() && (bytes[k].is_ascii_alphanumeric() || matches!(bytes[k], b'.' | b'-')) {
        k += 1;
    }
    while k > domain_start && matches!(bytes[k - 1], b'.' | b'-') {
        k -= 1;
    }
    let domain = &s[domain_start..k];
    let tld_ok = domain.rsplit_once('.').is_some_and(|(host, tld)| {
        !host.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
    });
    tld_ok.then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> (Vec<(TokenKind, String)>, Vec<String>) {
        let (_, t, words) = crate::text::analyzed(s);
        let tokens = t
            .tokens
            .iter()
            .zip(words)
            .map(|(k, w)| (k.kind, w.to_string()))
            .collect();
        let sentences = t
            .sentences
            .iter()
            .map(|x| s[x.byte_start as usize..x.byte_end as usize].to_string())
            .collect();
        (tokens, sentences)
    }

    /// The sentences of `s` (char spans and text) tokenized with `abbreviations`.
    fn sentences_with(s: &str, abbreviations: &Abbreviations) -> Vec<(usize, usize, String)> {
        let n = Normalized::new(s);
        let mut t = Tokens::default();
        t.tokenize_with(s, &n, abbreviations);
        t.sentences
            .iter()
            .map(|x| {
                let (a, b) = (x.byte_start as usize, x.byte_end as usize);
                (
                    s[..a].chars().count(),
                    s[..b].chars().count(),
                    s[a..b].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_builtin_abbreviations_come_from_the_embedded_lexicon() {
        let builtin = Abbreviations::builtin();
        for w in ["mr", "dr", "gen", "jan", "sept", "corp", "no", "pres"] {
            assert!(builtin.contains(w), "{w}");
        }
        // Normalized: the lexicon writes `Dr`, the tokens are lower-cased.
        assert!(!builtin.contains("Dr"));
        assert!(!builtin.contains("brig"));
        assert_eq!(builtin.len(), 51);
        let text = "Dr. Smith met Gen. Haftar on Jan. 5. They spoke.";
        let got = sentences_with(text, builtin);
        assert_eq!(
            got,
            vec![
                (0, 36, "Dr. Smith met Gen. Haftar on Jan. 5.".to_string()),
                (37, 48, "They spoke.".to_string()),
            ]
        );
    }

    #[test]
    fn a_full_stop_ends_the_sentence_after_a_word_not_in_the_set() {
        let text = "Brig. Salem spoke. Dr. Ali left.";
        // Without the word, "Brig." ends a sentence; "Dr." never does with the built-ins.
        let plain = sentences_with(text, Abbreviations::builtin());
        assert_eq!(
            plain.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(),
            vec![(0, 5), (6, 18), (19, 32)]
        );
        let mut more = Abbreviations::builtin().clone();
        more.extend(["Brig."]);
        assert!(more.contains("brig"));
        let got = sentences_with(text, &more);
        assert_eq!(
            got,
            vec![
                (0, 18, "Brig. Salem spoke.".to_string()),
                (19, 32, "Dr. Ali left.".to_string()),
            ]
        );
        // An empty set keeps only the single letters and dotted abbreviations.
        let none = sentences_with("Dr. Ali met J. Smith.", &Abbreviations::default());
        assert_eq!(
            none.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(),
            vec![(0, 3), (4, 21)]
        );
    }

    /// A stop between two Arabic letter names with no space (an acronym: "بي.دبليو.سي") ends
    /// no sentence; one between other words does, space or not ("انتهى.وقال").
    #[test]
    fn a_stop_inside_an_arabic_acronym_ends_no_sentence() {
        let got = sentences_with(
            "وقالت بي.دبليو.سي إنها متفائلة. انتهى.وقال إن الوضع هادئ.",
            Abbreviations::builtin(),
        );
        assert_eq!(
            got,
            vec![
                (0, 31, "وقالت بي.دبليو.سي إنها متفائلة.".to_string()),
                (32, 38, "انتهى.".to_string()),
                (38, 57, "وقال إن الوضع هادئ.".to_string()),
            ]
        );
    }

    #[test]
    fn lexicon_words_read_the_class_column_by_its_header() {
        let tsv = "# comment\nword\tlang\tclass\nDr\ten\tabbreviation\nقال\tar\tspeech\n\n\
                   # more\nGen \ten\t abbreviation\nshort\n";
        let got: Vec<&str> = lexicon_words(tsv, "abbreviation").collect();
        assert_eq!(got, vec!["Dr", "Gen"]);
    }

    fn words(s: &str) -> Vec<String> {
        toks(s).0.into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn a_hard_wrap_inside_a_latin_paragraph_does_not_end_the_sentence() {
        let (_, s) = toks("Rubio said\nthe bank was worried, and\nMarch was bad.\nHe added more.");
        assert_eq!(
            s,
            [
                "Rubio said\nthe bank was worried, and\nMarch was bad.",
                "He added more."
            ]
        );
        // A headline, a blank line and an Arabic line break still end their sentence.
        let (_, s) = toks("OPEC OUTPUT RISES\nVienna, March 3 said\n\nthe rest");
        assert_eq!(s, ["OPEC OUTPUT RISES", "Vienna, March 3 said", "the rest"]);
        let (_, s) = toks("قال الوزير\nإن الوضع جيد");
        assert_eq!(s, ["قال الوزير", "إن الوضع جيد"]);
        // An indented line opens a paragraph, as wire copy writes them.
        let (_, s) = toks("owned by Royal Dutch and by\nShell Transport\n    Dollar amounts vary");
        assert_eq!(
            s,
            [
                "owned by Royal Dutch and by\nShell Transport",
                "Dollar amounts vary"
            ]
        );
    }

    #[test]
    fn arabic_words_and_punctuation() {
        assert_eq!(
            words("وقال شيفتسوف: «نجري حاليا»، ثم؟"),
            [
                "وقال",
                "شيفتسوف",
                ":",
                "«",
                "نجري",
                "حاليا",
                "»",
                "،",
                "ثم",
                "؟"
            ]
        );
    }

    #[test]
    fn tashkeel_and_tatweel_stay_inside_words() {
        assert_eq!(
            words("شريكًا موثوقًا لـ روسيا"),
            ["شريكًا", "موثوقًا", "لـ", "روسيا"]
        );
    }

    #[test]
    fn numbers() {
        let (t, _) = toks("في 2023 و١٤ و3.5 و1,500 و٢٠٢٣م G20");
        let nums: Vec<_> = t
            .iter()
            .filter(|(k, _)| *k == TokenKind::Number)
            .map(|(_, w)| w.as_str())
            .collect();
        assert_eq!(nums, ["2023", "١٤", "3.5", "1,500", "٢٠٢٣"]);
        // Arabic letters and digits split; Latin ones stay together.
        assert!(t.contains(&(TokenKind::Word, "م".into())));
        assert!(t.contains(&(TokenKind::Word, "G20".into())));
    }

    #[test]
    fn urls_and_emails() {
        let (t, _) =
            toks("See https://example.com/a?b=1. Mail info@news.example.org, or www.x.dz!");
        assert!(t.contains(&(TokenKind::Url, "https://example.com/a?b=1".into())));
        assert!(t.contains(&(TokenKind::Email, "info@news.example.org".into())));
        assert!(t.contains(&(TokenKind::Url, "www.x.dz".into())));
    }

    #[test]
    fn english_possessive_and_hyphens() {
        assert_eq!(
            words("Russia's Army-2023 O'Brien"),
            ["Russia", "'s", "Army-2023", "O'Brien"]
        );
    }

    #[test]
    fn dotted_abbreviations_are_one_token() {
        assert_eq!(
            words("the U.S. and U.N. said"),
            ["the", "U.S.", "and", "U.N.", "said"]
        );
    }

    #[test]
    fn sentences_split_on_terminators_and_lines() {
        let (_, s) = toks("أعلنت روسيا. قال بوتين؟ نعم!\nعنوان\n\nفقرة");
        assert_eq!(s, ["أعلنت روسيا.", "قال بوتين؟", "نعم!", "عنوان", "فقرة"]);
    }

    #[test]
    fn a_line_wrapped_after_a_middle_initial_goes_on() {
        let (_, s) =
            toks("The board named Gil L.\nLeathley president. It met in the U.S.\nThe rest left.");
        assert_eq!(
            s,
            [
                "The board named Gil L.\nLeathley president.",
                "It met in the U.S.",
                "The rest left."
            ]
        );
    }

    #[test]
    fn a_stop_inside_a_latin_word_run_ends_no_sentence() {
        // A ticker with its exchange, a web address: no space on either side of the stop.
        let (_, s) = toks("Reuters Holdings Plc <RTRS.L> said so. Visit Amazon.com now.");
        assert_eq!(
            s,
            [
                "Reuters Holdings Plc <RTRS.L> said so.",
                "Visit Amazon.com now."
            ]
        );
        // In Arabic script a stop with no space after it still ends a sentence.
        let (_, s) = toks("انتهى الاجتماع.وقال الوزير");
        assert_eq!(s, ["انتهى الاجتماع.", "وقال الوزير"]);
    }

    #[test]
    fn no_split_inside_guillemets() {
        let (_, s) = toks("وقال: «هذا مهم. وسنواصل». ثم غادر.");
        assert_eq!(s, ["وقال: «هذا مهم. وسنواصل».", "ثم غادر."]);
    }

    #[test]
    fn unclosed_quote_does_not_swallow_the_paragraph() {
        let (_, s) = toks("قال «هذا مهم. ثم غادر.");
        assert_eq!(s, ["قال «هذا مهم.", "ثم غادر."]);
    }

    #[test]
    fn no_split_after_abbreviations() {
        let (_, s) = toks("د. رائد العزاوي. The U.S. Army met Dr. Smith. Done.");
        assert_eq!(
            s,
            ["د. رائد العزاوي.", "The U.S. Army met Dr. Smith.", "Done."]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(toks("").0.len(), 0);
        assert_eq!(toks(" \n\t ").1.len(), 0);
    }
    #[test]
    fn word_ends_are_the_same_with_the_fast_path_for_arabic_letters() {
        let pieces = [
            "ا", "ب", "ت", "غ", "ف", "ي", "ء", "ى", "ة", "ٱ", "ۓ", "\u{064B}", "\u{0670}",
            "\u{0610}", "ـ", "،", "؟", "٢", "۳", "0", "7", "a", "Z", "é", "-", "'", ".", "s", " ",
            "u.s.", "\u{0301}", "ﻻ", "\u{0660}", "\u{063B}", "\u{0640}", "\u{064A}",
        ];
        let mut x: u64 = 7;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(x % 9 + 1) {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(x >> 33) as usize % pieces.len()]);
            }
            for (i, _) in text.char_indices() {
                assert_eq!(
                    word_end_with(&text, i, true),
                    word_end_with(&text, i, false),
                    "{text:?} at {i}"
                );
            }
        }
    }
}
