//! The rule language: parses `.rules` files into word lists, declarations and rules.
//!
//! The syntax is line-based and documented in `rules/README.md`. This module only reads text:
//! it knows nothing of tokens or gazetteers; [`super::RuleSet`] compiles what it returns.

use crate::model::EntityType;

/// The role value that marks a party for the speaker's side (`role subject = speaker-side`).
pub const SPEAKER_SIDE: &str = "speaker-side";

/// An error in a rule file, with its position (1-based line and column in chars).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RuleError {
    /// The file name.
    pub file: String,
    /// Line (1-based; 0 when the error is not tied to a line).
    pub line: usize,
    /// Column in chars (1-based).
    pub column: usize,
    /// What is wrong, or what was expected.
    pub message: String,
}

/// One element of a pattern, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Elem {
    /// A literal word (normalized later); `wildcard` for a trailing `*`.
    Word {
        /// The word as written, without `*`.
        text: String,
        /// Matches any word starting with `text`.
        wildcard: bool,
    },
    /// A named word list `@name`.
    List(String),
    /// An entity slot `name:[TYPE|TYPE]`, `+` for a coordinated list of parties.
    Slot {
        /// Capture name (`subject`, `object`, or a role name).
        name: String,
        /// Accepted entity types.
        types: Vec<EntityType>,
        /// `OUTLET` among the types: also an AGENCY that is a news outlet (kind `news` or
        /// `media`), and no other AGENCY unless `AGENCY` is listed too.
        outlet: bool,
        /// Accepts "X و Y" / "X and Y" lists.
        list: bool,
    },
    /// A bounded gap `...{min,max}` of any tokens.
    Gap {
        /// Fewest tokens.
        min: usize,
        /// Most tokens.
        max: usize,
    },
    /// A span capture `name:<...>`: the tokens the inner elements match.
    Capture {
        /// Role name.
        name: String,
        /// Inner elements.
        inner: Vec<Item>,
    },
    /// `name:<quoted>`: the inside of a quotation starting here.
    Quoted(String),
    /// `name:<rest>`: everything to the end of the sentence (final punctuation excluded).
    Rest(String),
    /// `( a b | c )`: alternatives.
    Group(Vec<Vec<Item>>),
}

/// A pattern element with its options and source column.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The element.
    pub elem: Elem,
    /// Followed by `?`.
    pub optional: bool,
    /// Column (1-based, chars) of the element in its line.
    pub column: usize,
    /// The element's source text (for `khabar explain`).
    pub source: String,
}

/// The relation an example expects.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedRelation {
    /// Predicate.
    pub predicate: String,
    /// Subject id or None (`null`).
    pub subject: Option<String>,
    /// Object id or None.
    pub object: Option<String>,
    /// Expected `negated` polarity.
    pub negated: bool,
    /// Expected modality (`actual` unless the example says otherwise).
    pub modality: crate::model::Modality,
    /// Expected role texts (`topic="..."`): the role's text must equal it.
    pub roles: Vec<(String, String)>,
}

/// A rule's example sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// What the rule must give (empty for a negative example).
    pub expect: Vec<ExpectedRelation>,
    /// Whether it is positive (`yes`).
    pub positive: bool,
    /// Line in the rule file.
    pub line: usize,
}

/// A parsed rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDef {
    /// `ar/negotiate/1`.
    pub id: String,
    /// File it comes from.
    pub file: String,
    /// Line of its `rule` header.
    pub line: usize,
    /// Predicate it emits.
    pub predicate: String,
    /// The pattern source line.
    pub pattern_source: String,
    /// Line of the pattern.
    pub pattern_line: usize,
    /// The pattern.
    pub pattern: Vec<Item>,
    /// A built-in frame instead of a pattern (`frame speech`).
    pub frame: Option<FrameKind>,
    /// Confidence in 0..=1.
    pub confidence: f64,
    /// CAMEO code.
    pub cameo: Option<String>,
    /// PLOVER category.
    pub plover: Option<String>,
    /// Constant roles.
    pub roles: Vec<(String, String)>,
    /// `role subject = speaker-side` (or `object`): the party the pipeline fills with the
    /// side of the sentence's speaker.
    pub speaker_side: Option<crate::model::Slot>,
    /// `object optional`: a symmetric rule still gives a relation (object null) when it
    /// finds a single party.
    pub object_optional: bool,
    /// Examples.
    pub examples: Vec<Example>,
}

/// A built-in frame: code that reads word classes from the rule files' lists and finds a
/// relation where a pattern would need too many variants (rules/README.md, "Frames").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// `frame speech`: a statement and its speaker, wherever the speaker stands (`said`).
    Speech,
    /// `frame speech-outlet`: the outlet a statement was given to (`reported-by`).
    SpeechOutlet,
    /// `frame speech-intent`: a statement of what the speaker will do ("قال إنه سيزور
    /// الجزائر"، "أكد أنه سيتم فتح نقاط بيع"): `expresses-intent`.
    SpeechIntent,
}

impl FrameKind {
    /// The name in rule files.
    pub fn name(self) -> &'static str {
        match self {
            FrameKind::Speech => "speech",
            FrameKind::SpeechOutlet => "speech-outlet",
            FrameKind::SpeechIntent => "speech-intent",
        }
    }

    fn parse(s: &str) -> Option<FrameKind> {
        [
            FrameKind::Speech,
            FrameKind::SpeechOutlet,
            FrameKind::SpeechIntent,
        ]
        .into_iter()
        .find(|f| f.name() == s)
    }
}

/// A word list definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ListDef {
    /// Name without `@`.
    pub name: String,
    /// Words (a trailing `*` is a wildcard).
    pub words: Vec<String>,
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
}

/// Everything one file defines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFile {
    /// Word lists.
    pub lists: Vec<ListDef>,
    /// Predicates declared symmetric.
    pub symmetric: Vec<String>,
    /// Rules.
    pub rules: Vec<RuleDef>,
}

/// Where a line of a rule file is, for its errors.
struct At<'a> {
    file: &'a str,
    line: usize,
}

impl At<'_> {
    fn err(&self, column: usize, message: String) -> RuleError {
        RuleError {
            file: self.file.to_string(),
            line: self.line,
            column,
            message,
        }
    }
}

/// Parses one file. Errors are collected; a broken rule is skipped, the others still parse.
pub fn parse_file(file: &str, text: &str) -> (ParsedFile, Vec<RuleError>) {
    let mut out = ParsedFile::default();
    let mut errors = Vec::new();
    let mut current: Option<RuleDef> = None;
    for (ln0, raw) in text.lines().enumerate() {
        let at = At {
            file,
            line: ln0 + 1,
        };
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        let indent = line.chars().count() - trimmed.chars().count();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (key, rest) = split_key(trimmed);
        // Column (1-based) where `rest` starts.
        let rest_col = indent + trimmed.chars().count() - rest.chars().count() + 1;
        if let Some(name) = key.strip_prefix('@') {
            match parse_list(&at, name, rest, indent, rest_col) {
                Ok(list) => out.lists.push(list),
                Err(e) => errors.push(e),
            }
            continue;
        }
        match key {
            "symmetric" => {
                out.symmetric
                    .extend(rest.split_whitespace().map(str::to_string));
                continue;
            }
            "rule" => {
                finish_rule(current.take(), file, &mut out, &mut errors);
                let id = rest.trim();
                if id.is_empty() || id.contains(char::is_whitespace) {
                    errors
                        .push(at.err(rest_col, "expected a rule id such as ar/negotiate/1".into()));
                    continue;
                }
                current = Some(new_rule(id, file, at.line));
                continue;
            }
            _ => {}
        }
        let Some(rule) = current.as_mut() else {
            errors.push(at.err(
                indent + 1,
                format!("expected `rule ID`, `@list = ...` or `symmetric ...`, found `{key}`"),
            ));
            continue;
        };
        if let Err(e) = parse_field(&at, rule, key, rest, indent, rest_col) {
            errors.push(e);
        }
    }
    finish_rule(current.take(), file, &mut out, &mut errors);
    (out, errors)
}

/// `@name = words...`.
fn parse_list(
    at: &At,
    name: &str,
    rest: &str,
    indent: usize,
    rest_col: usize,
) -> Result<ListDef, RuleError> {
    let Some(words) = rest.strip_prefix('=') else {
        return Err(at.err(rest_col, format!("expected `=` after @{name}")));
    };
    if !valid_name(name) {
        return Err(at.err(
            indent + 2,
            format!("bad list name `{name}`: use letters, digits, - and _"),
        ));
    }
    let words: Vec<String> = words.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return Err(at.err(rest_col, format!("@{name} has no words")));
    }
    if let Some(bad) = words
        .iter()
        .find(|w| w.trim_end_matches('*').contains('*') || w.ends_with("**"))
    {
        return Err(at.err(rest_col, format!("`*` may only end a word, not `{bad}`")));
    }
    Ok(ListDef {
        name: name.to_string(),
        words,
        file: at.file.to_string(),
        line: at.line,
    })
}

/// A rule as its `rule ID` line starts it (fields follow on the next lines).
fn new_rule(id: &str, file: &str, line: usize) -> RuleDef {
    RuleDef {
        id: id.to_string(),
        file: file.to_string(),
        line,
        predicate: String::new(),
        pattern_source: String::new(),
        pattern_line: 0,
        pattern: Vec::new(),
        frame: None,
        confidence: 0.8,
        cameo: None,
        plover: None,
        roles: Vec::new(),
        speaker_side: None,
        object_optional: false,
        examples: Vec::new(),
    }
}

/// Keeps a finished rule, or says what it lacks.
fn finish_rule(
    rule: Option<RuleDef>,
    file: &str,
    out: &mut ParsedFile,
    errors: &mut Vec<RuleError>,
) {
    let Some(r) = rule else {
        return;
    };
    let at = At { file, line: r.line };
    if r.predicate.is_empty() {
        errors.push(at.err(1, format!("rule {} has no `predicate`", r.id)));
    } else if r.pattern_source.is_empty() && r.frame.is_none() {
        errors.push(at.err(1, format!("rule {} has no `pattern` (or `frame`)", r.id)));
    } else if !r.pattern_source.is_empty() && r.frame.is_some() {
        errors.push(at.err(
            1,
            format!("rule {} has both a `pattern` and a `frame`", r.id),
        ));
    } else if !r.pattern.is_empty() || r.frame.is_some() {
        out.rules.push(r);
    }
}

/// One `KEY VALUE` line inside a rule.
fn parse_field(
    at: &At,
    rule: &mut RuleDef,
    key: &str,
    rest: &str,
    indent: usize,
    rest_col: usize,
) -> Result<(), RuleError> {
    let value = rest.trim();
    match key {
        "predicate" => {
            rule.predicate = value.to_string();
            if !valid_name(value) {
                return Err(at.err(
                    rest_col,
                    "expected a predicate name such as negotiates-with".into(),
                ));
            }
        }
        "pattern" => {
            // The source is remembered even when broken, so that the rule is not also
            // reported as having no pattern.
            rule.pattern_source = value.to_string();
            let items = parse_pattern(rest, rest_col).map_err(|(col, msg)| at.err(col, msg))?;
            rule.pattern = items;
            rule.pattern_line = at.line;
        }
        "frame" => match FrameKind::parse(value) {
            Some(f) => rule.frame = Some(f),
            None => {
                return Err(at.err(
                    rest_col,
                    format!("unknown frame `{value}`: expected speech or speech-outlet"),
                ))
            }
        },
        "confidence" => match value.parse::<f64>() {
            Ok(c) if (0.0..=1.0).contains(&c) => rule.confidence = c,
            _ => {
                return Err(at.err(
                    rest_col,
                    format!("expected a confidence between 0 and 1, found `{value}`"),
                ))
            }
        },
        "cameo" => rule.cameo = Some(value.to_string()),
        "object" if value == "optional" => rule.object_optional = true,
        "plover" => rule.plover = Some(value.to_string()),
        "role" => match value.split_once('=') {
            Some((k, v)) if unquote(v.trim()) == SPEAKER_SIDE && k.trim() == "subject" => {
                rule.speaker_side = Some(crate::model::Slot::Subject)
            }
            Some((k, v)) if unquote(v.trim()) == SPEAKER_SIDE && k.trim() == "object" => {
                rule.speaker_side = Some(crate::model::Slot::Object)
            }
            Some((k, v)) if valid_name(k.trim()) && !v.trim().is_empty() => rule
                .roles
                .push((k.trim().to_string(), unquote(v.trim()).to_string())),
            _ => return Err(at.err(rest_col, "expected `role NAME = VALUE`".into())),
        },
        "yes" | "no" => {
            let (text, expect) = parse_example(rest, rest_col, key == "yes")
                .map_err(|(col, msg)| at.err(col, msg))?;
            rule.examples.push(Example {
                text,
                expect,
                positive: key == "yes",
                line: at.line,
            });
        }
        _ => {
            return Err(at.err(
                indent + 1,
                format!(
                    "unknown key `{key}`: expected predicate, pattern, confidence, cameo, \
                     plover, role, object optional, yes or no"
                ),
            ))
        }
    }
    Ok(())
}

fn split_key(s: &str) -> (&str, &str) {
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let key = &s[..end];
    // `@name=` written without a space.
    if let Some(eq) = key.find('=') {
        if key.starts_with('@') {
            return (&s[..eq], &s[eq..]);
        }
    }
    (key, s[end..].trim_start())
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

/// A char cursor over one line, tracking the column.
struct Cursor<'a> {
    chars: Vec<(usize, char)>,
    pos: usize,
    text: &'a str,
    base_col: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, base_col: usize) -> Cursor<'a> {
        Cursor {
            chars: text.char_indices().collect(),
            pos: 0,
            text,
            base_col,
        }
    }
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|c| c.1)
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.pos + k).map(|c| c.1)
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        c
    }
    fn col(&self) -> usize {
        self.base_col + self.pos
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn byte(&self) -> usize {
        self.chars.get(self.pos).map_or(self.text.len(), |c| c.0)
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn starts_with(&self, s: &str) -> bool {
        self.text[self.byte()..].starts_with(s)
    }
}

type PResult<T> = Result<T, (usize, String)>;

const SPECIAL: &[char] = &['(', ')', '|', '?', '<', '>', '[', ']', '{', '}', '"', ':'];

/// Parses a pattern; `base_col` is the 1-based column of its first char.
pub fn parse_pattern(text: &str, base_col: usize) -> PResult<Vec<Item>> {
    let mut c = Cursor::new(text, base_col);
    let alts = parse_alts(&mut c, 0)?;
    c.skip_ws();
    if let Some(ch) = c.peek() {
        return Err((c.col(), format!("unexpected `{ch}`")));
    }
    if alts.len() != 1 {
        return Err((
            base_col,
            "`|` outside parentheses: wrap the alternatives in ( )".into(),
        ));
    }
    let items = alts.into_iter().next().unwrap_or_default();
    if items.is_empty() {
        return Err((base_col, "expected a pattern".into()));
    }
    Ok(items)
}

/// Parses `seq ('|' seq)*` until `)` / `>` / end.
fn parse_alts(c: &mut Cursor, depth: usize) -> PResult<Vec<Vec<Item>>> {
    if depth > 8 {
        return Err((c.col(), "groups nested too deeply".into()));
    }
    let mut alts = vec![Vec::new()];
    loop {
        c.skip_ws();
        match c.peek() {
            None | Some(')') | Some('>') => return Ok(alts),
            Some('|') => {
                c.bump();
                alts.push(Vec::new());
            }
            _ => {
                let item = parse_item(c, depth)?;
                if let Some(last) = alts.last_mut() {
                    last.push(item);
                }
            }
        }
    }
}

fn parse_item(c: &mut Cursor, depth: usize) -> PResult<Item> {
    let start = c.byte();
    let column = c.col();
    let elem = parse_atom(c, depth)?;
    let optional = c.eat('?');
    let source = c.text[start..c.byte()].to_string();
    Ok(Item {
        elem,
        optional,
        column,
        source,
    })
}

fn parse_number(c: &mut Cursor) -> PResult<usize> {
    let col = c.col();
    let mut s = String::new();
    while let Some(d) = c.peek().filter(char::is_ascii_digit) {
        s.push(d);
        c.bump();
    }
    s.parse()
        .map_err(|_| (col, "expected a number".to_string()))
}

fn parse_atom(c: &mut Cursor, depth: usize) -> PResult<Elem> {
    let col = c.col();
    if c.starts_with("...") {
        c.pos += 3;
        let (mut min, mut max) = (0, 3);
        if c.eat('{') {
            min = parse_number(c)?;
            if !c.eat(',') {
                return Err((c.col(), "expected `,` in ...{min,max}".into()));
            }
            max = parse_number(c)?;
            if !c.eat('}') {
                return Err((c.col(), "expected `}` closing ...{min,max}".into()));
            }
            if min > max || max > 60 {
                return Err((col, "a gap needs min <= max <= 60".into()));
            }
        }
        return Ok(Elem::Gap { min, max });
    }
    match c.peek() {
        Some('(') => {
            c.bump();
            let alts = parse_alts(c, depth + 1)?;
            if !c.eat(')') {
                return Err((c.col(), "expected `)`".into()));
            }
            if alts.iter().any(Vec::is_empty) {
                return Err((col, "empty alternative in ( )".into()));
            }
            Ok(Elem::Group(alts))
        }
        Some('"') => {
            c.bump();
            let mut s = String::new();
            loop {
                match c.bump() {
                    Some('"') => break,
                    Some(ch) => s.push(ch),
                    None => return Err((col, "unterminated \"literal\"".into())),
                }
            }
            if s.is_empty() || s.contains(char::is_whitespace) {
                return Err((col, "a quoted literal is one token, not empty".into()));
            }
            Ok(Elem::Word {
                text: s,
                wildcard: false,
            })
        }
        Some('@') => {
            c.bump();
            let name = read_word(c);
            if !valid_name(&name) {
                return Err((col, "expected a list name after `@`".into()));
            }
            Ok(Elem::List(name))
        }
        Some(ch) if SPECIAL.contains(&ch) => Err((
            col,
            format!("expected a word, @list, slot, capture, gap or ( ), found `{ch}`"),
        )),
        None => Err((col, "expected a pattern element".into())),
        _ => {
            let word = read_word(c);
            if c.peek() == Some(':') && matches!(c.peek_at(1), Some('[') | Some('<')) {
                if !valid_name(&word) {
                    return Err((col, format!("bad capture name `{word}`")));
                }
                c.bump();
                return parse_capture(c, word, depth);
            }
            if word.is_empty() {
                return Err((col, "expected a word".into()));
            }
            let (text, wildcard) = match word.strip_suffix('*') {
                Some(w) => (w.to_string(), true),
                None => (word.clone(), false),
            };
            if text.is_empty() || text.contains('*') {
                return Err((col, format!("`*` may only end a word, not `{word}`")));
            }
            Ok(Elem::Word { text, wildcard })
        }
    }
}

fn read_word(c: &mut Cursor) -> String {
    let mut s = String::new();
    while let Some(ch) = c.peek() {
        if ch.is_whitespace() || SPECIAL.contains(&ch) || ch == '@' {
            break;
        }
        s.push(ch);
        c.bump();
    }
    s
}

fn parse_capture(c: &mut Cursor, name: String, depth: usize) -> PResult<Elem> {
    let col = c.col();
    if c.eat('[') {
        let mut types = Vec::new();
        let mut outlet = false;
        loop {
            c.skip_ws();
            let tcol = c.col();
            let t = read_word(c);
            match EntityType::parse(&t) {
                Some(ty) => types.push(ty),
                None if t == "OUTLET" => outlet = true,
                None => {
                    return Err((
                        tcol,
                        format!(
                            "expected an entity type (PERSON, COUNTRY, AGENCY, LOCATION, \
                             EVENT) or OUTLET, found `{t}`"
                        ),
                    ))
                }
            }
            c.skip_ws();
            if c.eat(']') {
                break;
            }
            if !c.eat('|') {
                return Err((c.col(), "expected `|` or `]` in the slot's types".into()));
            }
        }
        let list = c.eat('+');
        return Ok(Elem::Slot {
            name,
            types,
            outlet,
            list,
        });
    }
    if !c.eat('<') {
        return Err((col, "expected `[` or `<` after `name:`".into()));
    }
    c.skip_ws();
    for (kw, quoted) in [("quoted", true), ("rest", false)] {
        if c.starts_with(kw) {
            let save = c.pos;
            c.pos += kw.len();
            c.skip_ws();
            if c.eat('>') {
                return Ok(if quoted {
                    Elem::Quoted(name)
                } else {
                    Elem::Rest(name)
                });
            }
            c.pos = save;
        }
    }
    let alts = parse_alts(c, depth + 1)?;
    if !c.eat('>') {
        return Err((c.col(), "expected `>` closing the capture".into()));
    }
    if alts.len() != 1 || alts[0].is_empty() {
        return Err((
            col,
            "a capture holds one sequence (use ( | ) inside for alternatives)".into(),
        ));
    }
    let inner = alts.into_iter().next().unwrap_or_default();
    Ok(Elem::Capture { name, inner })
}

/// Parses `"sentence" => pred(s, o) [negated] [reported] [topic="..."] ; ...`.
fn parse_example(
    rest: &str,
    base_col: usize,
    positive: bool,
) -> PResult<(String, Vec<ExpectedRelation>)> {
    let mut c = Cursor::new(rest, base_col);
    c.skip_ws();
    if !c.eat('"') {
        return Err((
            c.col(),
            "expected the example sentence in double quotes".into(),
        ));
    }
    let mut text = String::new();
    loop {
        match c.bump() {
            Some('"') if c.peek().is_none_or(|ch| ch.is_whitespace()) => break,
            Some(ch) => text.push(ch),
            None => return Err((c.col(), "unterminated example sentence".into())),
        }
    }
    c.skip_ws();
    let mut expect = Vec::new();
    if !positive {
        if c.peek().is_some() {
            return Err((c.col(), "a `no` example has only a sentence".into()));
        }
        return Ok((text, expect));
    }
    if !c.starts_with("=>") {
        return Err((
            c.col(),
            "expected `=> predicate(subject, object)` after the sentence".into(),
        ));
    }
    c.pos += 2;
    loop {
        c.skip_ws();
        let col = c.col();
        let mut pred = String::new();
        while let Some(ch) = c.peek().filter(|&ch| ch != '(' && !ch.is_whitespace()) {
            pred.push(ch);
            c.bump();
        }
        if !valid_name(&pred) || !c.eat('(') {
            return Err((col, "expected `predicate(subject, object)`".into()));
        }
        let mut args = String::new();
        loop {
            match c.bump() {
                Some(')') => break,
                Some(ch) => args.push(ch),
                None => return Err((col, "expected `)`".into())),
            }
        }
        let parts: Vec<&str> = args.split(',').map(str::trim).collect();
        if parts.len() != 2 {
            return Err((col, "expected two arguments: (subject, object)".into()));
        }
        let arg = |s: &str| (s != "null").then(|| s.to_string());
        let mut e = ExpectedRelation {
            predicate: pred,
            subject: arg(parts[0]),
            object: arg(parts[1]),
            negated: false,
            modality: crate::model::Modality::Actual,
            roles: Vec::new(),
        };
        loop {
            c.skip_ws();
            let wcol = c.col();
            match c.peek() {
                None => break,
                Some(';') => break,
                _ => {}
            }
            let mut w = String::new();
            while let Some(ch) = c
                .peek()
                .filter(|&ch| !ch.is_whitespace() && ch != '=' && ch != ';')
            {
                w.push(ch);
                c.bump();
            }
            if c.eat('=') {
                if !c.eat('"') {
                    return Err((c.col(), "expected a \"quoted\" role value".into()));
                }
                let mut v = String::new();
                loop {
                    match c.bump() {
                        Some('"') => break,
                        Some(ch) => v.push(ch),
                        None => return Err((wcol, "unterminated role value".into())),
                    }
                }
                e.roles.push((w, v));
                continue;
            }
            match w.as_str() {
                "negated" => e.negated = true,
                "hypothetical" => e.modality = crate::model::Modality::Hypothetical,
                "reported" => e.modality = crate::model::Modality::Reported,
                "actual" => e.modality = crate::model::Modality::Actual,
                _ => {
                    return Err((
                        wcol,
                        format!(
                            "expected negated, hypothetical, reported, ROLE=\"...\" or `;`, \
                             found `{w}`"
                        ),
                    ))
                }
            }
        }
        expect.push(e);
        if !c.eat(';') {
            break;
        }
    }
    Ok((text, expect))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_rule() {
        let src = "@neg = تفاوض* مفاوضات\nsymmetric negotiates-with\n\
            rule ar/negotiate/1\n  predicate negotiates-with\n  \
            pattern subject:[COUNTRY|AGENCY]+ ...{0,5} @neg مع object:[COUNTRY] (بشان topic:<...{1,12}>)?\n  \
            confidence 0.9\n  cameo 046\n  plover CONSULT\n  role context = diplomatic\n  \
            yes \"تفاوضت روسيا مع الجزائر\" => negotiates-with(country:RUS, country:DZA) topic=\"x\"\n  \
            no \"زار بوتين الجزائر\"\n";
        let (f, errors) = parse_file("t.rules", src);
        assert_eq!(errors, vec![]);
        assert_eq!(f.lists[0].words, vec!["تفاوض*", "مفاوضات"]);
        assert_eq!(f.symmetric, vec!["negotiates-with"]);
        let r = &f.rules[0];
        assert_eq!(r.pattern.len(), 6);
        assert!(
            matches!(&r.pattern[0].elem, Elem::Slot { list: true, types, .. } if types.len() == 2)
        );
        assert_eq!(r.pattern[1].elem, Elem::Gap { min: 0, max: 5 });
        assert!(r.pattern[5].optional);
        assert_eq!(r.examples.len(), 2);
        assert_eq!(
            r.examples[0].expect[0].roles,
            vec![("topic".into(), "x".into())]
        );
        assert_eq!(r.roles, vec![("context".into(), "diplomatic".into())]);
    }

    #[test]
    fn an_outlet_slot_is_an_agency_of_an_outlet_kind() {
        let src = "rule x/1\npredicate reported-by\npattern ذكرت object:[OUTLET] عن \
                   subject:[PERSON|AGENCY]\n";
        let (f, errors) = parse_file("t.rules", src);
        assert_eq!(errors, vec![]);
        let r = &f.rules[0];
        assert!(matches!(
            &r.pattern[1].elem,
            Elem::Slot { outlet: true, types, .. } if types.is_empty()
        ));
        assert!(matches!(
            &r.pattern[3].elem,
            Elem::Slot { outlet: false, types, .. } if types.len() == 2
        ));
        let mask = crate::rules::slot_mask(&[], true);
        assert!(crate::rules::has_type(mask, EntityType::Agency));
        assert_ne!(mask & crate::rules::OUTLET_BIT, 0);
        // With AGENCY listed too, every organisation.
        let both = crate::rules::slot_mask(&[EntityType::Agency], true);
        assert_eq!(both & crate::rules::OUTLET_BIT, 0);
    }

    proptest::proptest! {
        // Rule files are user input: parsing never panics, whatever the text (a trailing `*`
        // inside a multi-byte word once did).
        #[test]
        fn parsing_never_panics(s in "(rule x/1\npredicate p\n)?(pattern |yes |no |@l = )?[ -~\u{600}-\u{64a}«»*@:\n]{0,80}") {
            let _ = parse_file("p.rules", &s);
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let (_, errors) = parse_file(
            "bad.rules",
            "rule x/1\npredicate p\npattern subject:[COUNTRI] مع\n",
        );
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!((e.line, e.column), (3, 18));
        assert!(e.message.contains("expected an entity type"), "{e}");
        let (_, errors) = parse_file("bad.rules", "rule x/1\npredicate p\npattern (a | b\n");
        assert_eq!((errors[0].line, errors[0].column), (3, 15));
        assert!(errors[0].message.contains("expected `)`"));
        let (_, errors) = parse_file("bad.rules", "pattern a\n");
        assert!(errors[0].message.contains("expected `rule ID`"));
    }
}
