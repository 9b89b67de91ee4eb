//! The speech frame: who said what, wherever news puts the speaker.
//!
//! A pattern rule needs the speaker in a slot next to the verb; news puts it anywhere around the
//! verb. This frame reads one sentence at a time, around each speech verb (`@speech-verb`):
//!
//! - after the verb, up to the complementizer (أن، إن، بأن، that), a colon or an opening quote:
//!   "قال المدير الجهوي للشركة، سامر الخطيب، إن" or "أكد رئيس الحكومة رامي العطار اليوم خلال
//!   مؤتمر صحفي أن". The first person there is the speaker; without one, the organisation a
//!   spokesperson speaks for (`@on-behalf`: "الناطق باسم حركة النهضة"), else the first
//!   organisation or country. A party behind a preposition is not the speaker: after an outlet
//!   word or a remarks word ("في تصريح لوكالة X"، "told Reuters") it is the outlet
//!   (`reported-by`), else it is skipped;
//! - before the verb, in the same clause ("Smith said", "Smith, chairman of X, said", "X قال");
//! - nowhere: a verb that opens its clause ("وأضاف أن"، "مشيرا إلى أن"، "he added") takes the
//!   speaker of the discourse, which the caller keeps (the last speaker in this or the previous
//!   sentences).
//!
//! Attribution after the statement ("…، حسب ما أكده X"، "…, according to X", "…, X said") makes
//! the statement the sentence up to the attribution. The quote is otherwise what follows the
//! complementizer or colon, up to the closing quote, the end of the sentence, or the next
//! statement joined by a comma and a speech verb ("… مضيفا أن …").
//!
//! The frame knows no words: it reads word classes through [`SentenceView`], which the rule
//! engine fills from the rule files' lists (rules/README.md, "Frames").

/// A word class the frame reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A speech verb or participle (`@speech-verb`).
    Verb,
    /// أن، إن، that (`@complementizer`).
    Complementizer,
    /// حسب، وفق، according (`@attribution`).
    Attribution,
    /// باسم، for, of after a spokesperson (`@on-behalf`).
    OnBehalf,
    /// وكالة، صحيفة، newspaper (`@outlet-kind`).
    OutletKind,
    /// تصريح، بيان، مقابلة, interview (`@remarks`).
    Remarks,
    /// A preposition written apart (`@preposition`).
    Preposition,
    /// A word that opens a clause without naming anyone: ثم، كما، and (`@opener`).
    Opener,
    /// A conjunction after which a verb shares the sentence's subject: فيما، بينما، لكنه، حيث
    /// (`@clause-opener`).
    ClauseOpener,
    /// A pronoun subject: he, she, they (`@pronoun`).
    Pronoun,
    /// A word between a subject and its verb: قد، has, also (`@pre-verb`).
    PreVerb,
    /// A relative pronoun after a name: الذي، التي, who (`@relative`).
    Relative,
    /// A speech verb only before a complementizer, a colon or a quote (`@speech-verb-that`:
    /// وبين أن، كتب:).
    VerbThat,
    /// An unnamed speaker (`@unnamed-speaker`: مصادر، شهود, officials).
    Unnamed,
    /// A verb that with في and a statement's noun attributes a statement (`@statement-verb`:
    /// وجاء في بيان).
    StatementVerb,
    /// A spokesperson (`@spokesperson`: spokesman).
    Spokesperson,
}

/// Punctuation the frame reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Punct {
    /// Not punctuation.
    None,
    /// ، or ,
    Comma,
    /// :
    Colon,
    /// « “ or a straight quote that opens.
    OpenQuote,
    /// » ” or a straight quote that closes.
    CloseQuote,
    /// A mark of a quote of three tokens or fewer («سبوتنيك»): a quoted name, unless it stands
    /// where a statement starts ("أن «روسيا قوية»").
    QuoteMark,
    /// (
    OpenParen,
    /// )
    CloseParen,
    /// Any other punctuation.
    Other,
}

/// What kind of party a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartyKind {
    /// A person.
    Person,
    /// An agency or organisation.
    Organisation,
    /// A country (or what stands for one).
    Country,
    /// Anything else (places, events): never a speaker.
    Other,
}

/// A party mention in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PartyRef {
    /// The caller's party index.
    pub party: super::PartyIdx,
    /// First token of the mention.
    pub first: usize,
    /// One past its last token.
    pub end: usize,
    /// Its kind.
    pub kind: PartyKind,
    /// A news outlet by the gazetteer's kind.
    pub outlet: bool,
    /// A person's name with a title after it ("X، عضو المكتب التنفيذي"): the mention ends
    /// in the title's words.
    pub title_after: bool,
}

/// Who said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Speaker {
    /// A party named in the sentence.
    Named(PartyRef),
    /// Nobody named: the speaker of the discourse (a dropped subject, a pronoun).
    Discourse,
    /// An organisation's noun after the verb (وأضافت الوزارة): the organisation of the
    /// discourse, if its speaker or topic is one; never a person.
    DiscourseOrganisation,
    /// A statement's noun after the verb (وأضاف البيان): the organisation or country of the
    /// discourse that issued it, if its speaker or topic is one; never a person.
    DiscourseIssuer,
}

/// One statement found by the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Statement {
    /// The speech verb (the trigger: cues of negation and modality are read around it).
    pub verb: usize,
    /// The speaker.
    pub speaker: Speaker,
    /// The statement: a token range.
    pub quote: (usize, usize),
    /// The outlet it was given to, if named ("في تصريح لوكالة X").
    pub outlet: Option<PartyRef>,
    /// How the speaker was found.
    pub note: FrameNote,
    /// The speaker is itself an outlet ("قالت وكالة X إن"): `reported-by(null, outlet)`.
    pub outlet_speaks: bool,
    /// Only the outlet's report, no statement of its own: an attribution to an outlet ("…،
    /// وفق ما ذكرت وكالة X") gives `reported-by(null, X)` and no `said`.
    pub report_only: bool,
}

/// What the frame decided at one speech verb or attribution word: how it found the speaker of a
/// statement, or why there is no statement there (`khabar explain` prints these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameNote {
    /// A statement whose speaker is named after the verb, before its complementizer.
    SpeakerAfter,
    /// A statement whose speaker is named right before the verb in its clause.
    SpeakerBefore,
    /// A statement with no speaker named: the verb opens its clause, so the speaker of the
    /// discourse (the last statement's) is taken.
    DroppedSubject,
    /// A statement whose subject is an organisation's noun the sentence does not name ("وأضافت
    /// الوزارة أن"): the organisation of the discourse, if its speaker or topic is one.
    OrganisationSubject,
    /// A statement whose subject is a written statement's noun ("وأضاف البيان أن"): the
    /// organisation or country of the discourse, if its speaker or topic is one.
    StatementSubject,
    /// A trailing attribution ("…، حسب ما أكده X", "…, X said"): the statement is the
    /// sentence before it.
    Trailing,
    /// A statement whose verb is joined by و to an earlier clause, is a participle or follows a
    /// clause opener, and shares the sentence's subject ("ونفت فرنسا الاتهامات وقالت إنها"،
    /// "ورد X على السؤال قائلا"، "لكنه قال").
    SharedSubject,
    /// An attribution word with a party and no verb ("…، وفق X"): the statement is the
    /// sentence before it.
    Attribution,
    /// No statement: no party after the verb up to its complementizer, none right before it in
    /// its clause, and the verb does not open its clause (so no dropped subject either).
    NoSpeaker,
    /// No statement: nothing follows the verb or the speaker to be the statement.
    NoContent,
    /// No statement: the subject after the verb is an unnamed speaker (مصادر، شهود).
    UnnamedSpeaker,
    /// No statement: the verb is speech only before a complementizer, a colon or a quote.
    NeedsComplementizer,
    /// No statement: a dropped subject, but no statement in this or the sentences before gives
    /// the speaker of the discourse.
    NoDiscourse,
    /// No statement: an organisation's noun is the subject, and no organisation speaks or is
    /// the topic in this or the few sentences before.
    NoDiscourseOrganisation,
    /// No statement: a written statement's noun is the subject, and no organisation or
    /// country speaks or is the topic in this or the few sentences before.
    NoDiscourseIssuer,
}

impl FrameNote {
    /// A sentence for people.
    pub fn describe(self) -> &'static str {
        match self {
            FrameNote::SpeakerAfter => "statement; speaker named after the verb",
            FrameNote::SpeakerBefore => "statement; speaker named right before the verb",
            FrameNote::DroppedSubject => {
                "statement; no speaker named and the verb opens its clause: the speaker of the \
                 discourse"
            }
            FrameNote::OrganisationSubject => {
                "statement; the subject is an organisation's noun (الوزارة): the organisation \
                 of the discourse"
            }
            FrameNote::StatementSubject => {
                "statement; the subject is a written statement's noun (البيان): the \
                 organisation or country of the discourse that issued it"
            }
            FrameNote::Trailing => "statement before a trailing attribution",
            FrameNote::SharedSubject => {
                "statement; the verb is joined by و to the sentence's first clause, is a \
                 participle or follows a clause opener (لكنه، فيما), and shares its subject"
            }
            FrameNote::Attribution => "statement attributed by a word without a verb",
            FrameNote::NoSpeaker => {
                "no statement: no person or organisation after the verb up to its \
                 complementizer, none right before it, and the verb does not open its clause"
            }
            FrameNote::NoContent => "no statement: nothing follows to be the statement",
            FrameNote::UnnamedSpeaker => "no statement: the speaker is unnamed",
            FrameNote::NeedsComplementizer => {
                "no statement: this verb is speech only before a complementizer, a colon or a \
                 quote"
            }
            FrameNote::NoDiscourse => {
                "no statement: dropped subject, but no speaker in this or the few sentences \
                 before"
            }
            FrameNote::NoDiscourseOrganisation => {
                "no statement: the subject is an organisation's noun, but no organisation \
                 speaks or is the topic in this or the few sentences before"
            }
            FrameNote::NoDiscourseIssuer => {
                "no statement: the subject is a written statement's noun, but no organisation \
                 or country speaks or is the topic in this or the few sentences before"
            }
        }
    }

    /// Whether a statement was found.
    pub fn is_statement(self) -> bool {
        !matches!(
            self,
            FrameNote::NoSpeaker
                | FrameNote::NoContent
                | FrameNote::NoDiscourse
                | FrameNote::NoDiscourseOrganisation
                | FrameNote::NoDiscourseIssuer
                | FrameNote::UnnamedSpeaker
                | FrameNote::NeedsComplementizer
        )
    }
}

/// What the frame reads of one sentence.
pub(crate) trait SentenceView {
    /// The sentence's tokens: `start..end`.
    fn span(&self) -> (usize, usize);
    /// Whether token `t` belongs to a class.
    fn is(&self, t: usize, class: Class) -> bool;
    /// Whether token `t` carries a prepositional proclitic (ب، ل، ك: "لوكالة").
    fn preposition_clitic(&self, t: usize) -> bool;
    /// The party mention starting at token `t`.
    fn party(&self, t: usize) -> Option<PartyRef>;
    /// The punctuation at token `t`.
    fn punct(&self, t: usize) -> Punct;
    /// Whether the speech verb at token `t` carries a coordinating و ("وقالت").
    fn joined(&self, t: usize) -> bool;
    /// Whether the speech verb at token `t` is an adverbial participle (قائلا، مضيفة), which
    /// has no subject of its own.
    fn participle(&self, t: usize) -> bool;
    /// Whether token `t` is a word that can head a construct phrase (إضافة): an Arabic
    /// word without the article, of no class the frame reads and no party ("صفحة" in "على
    /// صفحة الترجي").
    fn construct_head(&self, t: usize) -> bool;
    /// Whether the unnamed-speaker word at token `t` refers back to a speaker named before:
    /// written with the article and singular ("وأضاف المصدر أن"، "وقال المسؤول"), or followed
    /// by "ذاته"/"نفسه" ("المصدر ذاته", the same source), or "نفس"/"ذات" before such a word
    /// ("نفس المصدر").
    fn refers_back(&self, t: usize) -> bool;
    /// Whether token `t` is written with the article, after و or ف if any ("المحتجين").
    fn definite(&self, t: usize) -> bool;
    /// Whether token `t` ends with an attached subject pronoun ("لكنه"، "لكنها"، "لكنهم").
    fn pronoun_suffix(&self, t: usize) -> bool;
    /// Whether token `t` is a definite noun in the masculine sound plural, of no list and no
    /// party ("المجتمعون"، "المحتجون"): after a verb, its own unnamed subject.
    fn plural_noun(&self, t: usize) -> bool;
    /// Whether token `t` is written in Latin script (an English sentence: its subject stands
    /// before the verb).
    fn latin(&self, t: usize) -> bool;
    /// Whether token `t`, right after the speech verb at `verb`, is a word of
    /// `@organisation-noun` with no proclitic but the article (وزارة، الوزارة; not للوزارة)
    /// that agrees with the verb in gender and number as its subject would ("وأضافت
    /// الوزارة"، "وقال الاتحاد"; not "ودعا الحكومة إلى", the verb's object).
    fn organisation_subject(&self, verb: usize, t: usize) -> bool;
    /// Whether token `t`, right after the speech verb at `verb`, is a word of
    /// `@statement-noun` with no proclitic but the article (البيان، التقرير) that agrees with
    /// the verb as its subject would ("وأضاف البيان"، "وذكرت الرسالة").
    fn statement_subject(&self, verb: usize, t: usize) -> bool;
    /// Whether token `t` is a word of `@statement-noun`, bare or with the article only.
    fn statement_noun(&self, t: usize) -> bool;
    /// Whether token `t` is the relative ما, perhaps after a preposition (ما، مما، بما، لما):
    /// "رفض ما جاء في التقرير" names what the report said, it reports no statement.
    fn relative_ma(&self, t: usize) -> bool;
    /// Whether token `t` agrees with the speech verb at `verb` in gender and number as its
    /// subject would (a feminine noun after a feminine verb ...; see `organisation_subject`).
    fn agrees(&self, verb: usize, t: usize) -> bool;
    /// Whether a gazetteer adjective of a country (a nisba, a demonym) starts at token `t`.
    fn nationality_adjective(&self, t: usize) -> bool;
    /// Whether token `t` is a plural in ات with the article (السلطات، القوات، التحقيقات): a
    /// body or a thing, never a person named before.
    fn plural_of_things(&self, t: usize) -> bool;
}

/// Most tokens between a verb and its complementizer: a title phrase with its organisation, a
/// name in apposition, a time and an occasion ("اليوم خلال مؤتمر صحفي").
const MAX_WINDOW: usize = 24;
/// Most tokens between the start of a statement's clause and its verb for "X said".
const MAX_LEFT: usize = 12;
/// Most tokens between a verb and its subject when no complementizer follows (titles: "أكد
/// رئيس الحكومة X"), and between the start of a sentence and its subject.
const MAX_SUBJECT_GAP: usize = 2;
/// Most tokens between a trailing attribution's verb and its speaker ("حسب ما أفاد به صباح
/// اليوم رئيس الهيئة الجهوية للصحة X").
const MAX_ATTRIBUTED: usize = 12;

/// Whether statement `i` of `found` is reported by another: its verb lies inside another
/// statement's quote ("قال X إن Y أكد أن ...").
pub(crate) fn is_nested(found: &[Statement], i: usize) -> bool {
    let verb = found[i].verb;
    found
        .iter()
        .enumerate()
        .any(|(j, o)| j != i && o.quote.0 <= verb && verb < o.quote.1)
}

/// Finds the statements of one sentence, in order; with `trace`, also what was decided at
/// every speech verb (and every attribution word followed by a party): (token, decision).
///
/// Returns the last speech verb whose speaker is unnamed ("وقال مصدر أمني"), if any: the
/// discourse's speaker is then nobody named, and "وأضاف المصدر ذاته" after it is not the
/// speaker named before it.
pub(crate) fn statements(
    v: &impl SentenceView,
    out: &mut Vec<Statement>,
    mut trace: Option<&mut Vec<(usize, FrameNote)>>,
) -> Option<usize> {
    let (s0, s1) = v.span();
    let mut unnamed = None;
    for t in s0..s1 {
        let st = if v.is(t, Class::Verb) {
            statement_at(v, t, false)
        } else if v.is(t, Class::VerbThat) {
            statement_at(v, t, true)
        } else if v.is(t, Class::StatementVerb) {
            match written_at(v, t) {
                Some(st) => st,
                // "جاء" elsewhere ("جاء ذلك خلال"): no near miss.
                None => continue,
            }
        } else if v.is(t, Class::Attribution) {
            match attributed_at(v, t) {
                Some(st) => st,
                // An attribution without a party ("حسب القانون") is no near miss.
                None => continue,
            }
        } else {
            continue;
        };
        let note = st.map_or_else(|miss| miss, |s| s.note);
        if note == FrameNote::UnnamedSpeaker {
            unnamed = Some(t);
        }
        if let Some(tr) = trace.as_deref_mut() {
            tr.push((t, note));
        }
        out.extend(st.ok());
    }
    unnamed
}

/// Most tokens between a statement's noun and the complementizer of "وجاء في بيان … أن".
const MAX_ISSUER: usize = 10;

/// "وجاء في بيان للوزارة أن"، "وورد في تقرير صادر عن X أن"، "وجاء في البيان أن": a verb of
/// `@statement-verb`, a preposition and a word of `@statement-noun`, then a complementizer or
/// a colon within [`MAX_ISSUER`] tokens. The statement is what follows it; its speaker the
/// first person, organisation or country between the noun and it (the statement's issuer),
/// else, for a statement named with the article, the organisation or country of the discourse
/// (as for "وأضاف البيان"). Not that shape: `None`.
fn written_at(v: &impl SentenceView, t: usize) -> Option<Result<Statement, FrameNote>> {
    let (s0, s1) = v.span();
    let noun = t + 2;
    if noun >= s1
        || !v.is(t + 1, Class::Preposition)
        || !v.statement_noun(noun)
        || (t > s0 && v.relative_ma(t - 1))
    {
        return None;
    }
    let limit = (noun + 1 + MAX_ISSUER).min(s1);
    let stop = (noun + 1..limit).find(|&u| {
        v.is(u, Class::Complementizer) || matches!(v.punct(u), Punct::Colon | Punct::OpenQuote)
    })?;
    // Not a party after a preposition written apart, past a quote mark: "بيان الهلال على
    // "تويتر"" was posted there. After a statement named with the article, not one behind ل
    // either: "الرسالة الموجهة لـX" was sent to X ("بيان للوزارة" is the ministry's).
    let definite = v.definite(noun);
    let behind_preposition = |x: usize| {
        let before = if matches!(v.punct(x - 1), Punct::OpenQuote | Punct::QuoteMark) {
            x - 2
        } else {
            x - 1
        };
        v.is(before, Class::Preposition) || (definite && v.preposition_clitic(x))
    };
    let issuer = (noun + 1..stop)
        .filter(|&x| !behind_preposition(x))
        .filter_map(|x| v.party(x))
        .find(|p| {
            matches!(
                p.kind,
                PartyKind::Person | PartyKind::Organisation | PartyKind::Country
            )
        });
    let (speaker, note) = match issuer {
        Some(p) => (Speaker::Named(p), FrameNote::SpeakerAfter),
        None if definite => (Speaker::DiscourseIssuer, FrameNote::StatementSubject),
        None => return Some(Err(FrameNote::NoSpeaker)),
    };
    let quoted = v.punct(stop) == Punct::OpenQuote;
    let mut start = stop + 1;
    if !quoted && start < s1 && matches!(v.punct(start), Punct::OpenQuote | Punct::QuoteMark) {
        start += 1;
    }
    let quoted = quoted || start > stop + 1;
    // An outlet's report ("وجاء في تقرير لوكالة رويترز أن"): the outlet speaking, as after a
    // speech verb ("وذكرت وكالة رويترز أن").
    let outlet = issuer.filter(|&p| is_outlet(v, p));
    Some(
        statement(
            t,
            speaker,
            (start, statement_end(v, start, quoted)),
            outlet,
            note,
        )
        .map(|mut st| {
            st.outlet_speaks = outlet.is_some();
            st
        }),
    )
}

/// "…، وفق سامر الخطيب"، "…, according to the ministry": an attribution with no speech verb
/// after it names the speaker of the clause before it, or, opening the sentence, of what
/// follows the party ("وبحسب المرصد، فقد …"). A source that refers back ("حسب المصدر
/// ذاته"، "وفق نفس المصدر") is the speaker of the discourse. Without a named party or such a
/// source ("حسب القانون") it is no statement.
fn attributed_at(v: &impl SentenceView, a: usize) -> Option<Result<Statement, FrameNote>> {
    let (s0, s1) = v.span();
    let named = (a + 1..(a + 4).min(s1))
        .filter_map(|x| v.party(x))
        .find(|p| {
            matches!(
                p.kind,
                PartyKind::Person | PartyKind::Organisation | PartyKind::Country
            )
        });
    // Where the source's words start and end.
    let (first, after, speaker) = match named {
        Some(p) => (p.first, p.end, Speaker::Named(p)),
        None => {
            // The source right after the attribution (or after "ما"): "المصدر ذاته"، "نفس
            // المصدر".
            let x = (a + 1..(a + 3).min(s1)).find(|&x| v.refers_back(x))?;
            if (a + 1..x).any(|y| v.punct(y) != Punct::None) {
                return None;
            }
            let after = (x + 1..(x + 3).min(s1))
                .find(|&y| v.punct(y) != Punct::None)
                .unwrap_or((x + 2).min(s1));
            (x, after, Speaker::Discourse)
        }
    };
    if (a + 1..first).any(|x| v.is(x, Class::Verb)) {
        return None; // "حسب ما أكده X": the verb's statement
    }
    let start = if v.punct(s0) == Punct::OpenQuote {
        s0 + 1
    } else {
        s0
    };
    let mut end = trim_back(v, start, a);
    let mut start = start;
    if end <= start {
        // Opening the sentence ("وبحسب المرصد، فقد باشرت الفصائل …"): the statement follows
        // the party and its comma.
        start = after;
        if start < s1 && v.punct(start) == Punct::Comma {
            start += 1;
        }
        end = statement_end(v, start, false);
    } else if end - start < 3 && after < s1 && v.punct(after) == Punct::Comma {
        // Between commas after a word or two ("وسيتم، بحسب نفس المصدر، توفير حافلات"): the
        // statement goes on after the second comma.
        let rest = statement_end(v, after + 1, false);
        if rest > after + 1 {
            (start, end) = (after + 1, rest);
        }
    }
    // "…، وفقا لوكالة X": an outlet's report, reported-by(null, X), and no statement of its own.
    let outlet = named.filter(|&p| is_outlet(v, p));
    Some(if end > start {
        Ok(Statement {
            verb: a,
            speaker,
            quote: (start, end),
            outlet,
            note: FrameNote::Attribution,
            outlet_speaks: outlet.is_some(),
            report_only: outlet.is_some(),
        })
    } else {
        Err(FrameNote::NoContent)
    })
}

/// How far after the speech verb a person in apposition to an unnamed speaker word may start
/// ("وقال أحد كتاب الأعمدة الصحفية، X").
const MAX_APPOSITION: usize = 8;

/// A word of `@unnamed-speaker` at token `t` that does not refer back to a speaker named
/// before ("مصدر أمني", not "المصدر ذاته").
fn unnamed_speaker(v: &impl SentenceView, t: usize) -> bool {
    (v.is(t, Class::Unnamed) || v.plural_noun(t)) && !v.refers_back(t)
}

/// The statement of the speech verb at `t`; `needs_that`: the verb is speech only when a
/// complementizer, a colon or a quote follows it (and its speaker).
fn statement_at(v: &impl SentenceView, t: usize, needs_that: bool) -> Result<Statement, FrameNote> {
    let (s0, s1) = v.span();
    // "…، حسب ما أكده X": the verb belongs to a trailing attribution.
    if let Some(a) = (t.saturating_sub(2).max(s0)..t).find(|&a| v.is(a, Class::Attribution)) {
        // The speaker phrase runs to the end of the sentence: "وفق ما أكده أمس الرائد
        // بإدارة الإطفاء بالمدينة نادر الحلبي".
        // The first person there is the speaker, behind a place or not ("بالمدينة نادر
        // الحلبي"); else the party the window's reading gives.
        let to = (t + 1 + MAX_ATTRIBUTED).min(s1);
        let person = (t + 1..to)
            .filter_map(|x| v.party(x))
            .find(|p| p.kind == PartyKind::Person);
        let (right, told) = right_party(v, t + 1, to);
        let speaker = person.or(right);
        // "وفق ما ذكرت وكالة X": the outlet speaks, its report alone.
        let speaks = speaker.filter(|&p| is_outlet(v, p));
        // "بحسب ما أكده مصدر أمني لمراسل X": an unnamed source told the outlet, its report
        // alone too; with no outlet, no statement (the source is not the discourse's speaker).
        let unnamed = t + 1 < s1 && unnamed_speaker(v, t + 1);
        let (speaker, outlet, report) = match (speaker, speaks) {
            (_, Some(o)) => (Speaker::Named(o), Some(o), true),
            (Some(p), None) => (Speaker::Named(p), told, false),
            (None, None) if unnamed => match told {
                Some(o) => (Speaker::Named(o), Some(o), true),
                None => return Err(FrameNote::UnnamedSpeaker),
            },
            (None, None) => (Speaker::Discourse, told, false),
        };
        let end = trim_back(v, s0, a);
        return statement(t, speaker, (s0, end), outlet, FrameNote::Trailing).map(|mut st| {
            st.outlet_speaks = report;
            st.report_only = report;
            st
        });
    }
    let stop = stop_after(v, t);
    let (right, outlet) = right_party(v, t + 1, stop);
    let opens = stop < s1
        && (v.is(stop, Class::Complementizer)
            || matches!(v.punct(stop), Punct::Colon | Punct::OpenQuote));
    if needs_that && !opens {
        return Err(FrameNote::NeedsComplementizer);
    }
    // A verb at the end of the sentence after the statement: "…, Smith said." / "…, said Smith."
    let trailing = !opens && trailing_attribution(v, t, right);
    // Without a complementizer the speaker is the subject, right after the verb: an
    // organisation or country further on is the statement's ("دانت الحكومة الفلانية إقامة X").
    // English puts its subject before the verb: after it, without a complementizer, a name is
    // the statement's ("He noted Congress authorized"; "Smith, secretary for trade, said if
    // Congress passed …"), unless the verb follows the statement and a comma or a quote and
    // the name comes right after it, perhaps after its title ("…, said Smith", "…,” said
    // analyst Judy Weissman").
    let (s0, _) = v.span();
    // (A sentence may start at the verb when the quote before it ended the last one: "…
    // problems.\" said Daniel Yergin"; a quote mark there may look like an opening one.)
    let inverted = |p: &PartyRef| {
        p.first <= t + 1 + MAX_SUBJECT_GAP
            && (t == s0
                || matches!(
                    v.punct(t - 1),
                    Punct::Comma | Punct::CloseQuote | Punct::QuoteMark | Punct::OpenQuote
                ))
    };
    let right = right.filter(|p| {
        opens
            || trailing
            || ((p.kind == PartyKind::Person || p.first <= t + 1 + MAX_SUBJECT_GAP)
                && (!v.latin(t) || inverted(p)))
    });
    // "وذكرت مصادر أن"، "an official told X": an unnamed subject, not a dropped one, and the
    // party after the verb is not the speaker.
    // (An unnamed speaker word that refers back to an organisation named before, "وقالت
    // الشرطة" after "شرطة نيويورك", is that organisation: a party.)
    // ("وأضاف المصدر ذاته أن" is the source named before: a dropped subject.)
    // (A word inside the statement the verb opens is none: "وأضاف "كمصدر …"، "وقال إن أحد".)
    let unnamed_after = (t + 1 < s1 && unnamed_speaker(v, t + 1) && v.party(t + 1).is_none())
        || (t + 2 < s1
            && v.party(t + 1).is_none()
            && v.punct(t + 1) == Punct::None
            && !v.is(t + 1, Class::Complementizer)
            && unnamed_speaker(v, t + 2));
    // The statement after the complementizer, colon or quote that opens it.
    let opened = || {
        let quoted = v.punct(stop) == Punct::OpenQuote;
        let mut start = stop + 1;
        // "إنه «…»": a complementizer then a quote, however short.
        if !quoted && start < s1 && matches!(v.punct(start), Punct::OpenQuote | Punct::QuoteMark) {
            start += 1;
        }
        let quoted = quoted || (start > stop + 1);
        (start, statement_end(v, start, quoted))
    };
    // "وقال مصدر أمني لوكالة X إن"، "وكان مصدر قد أكد للجوهرة أن": nobody named told a named
    // outlet: the outlet's report, `reported-by(null, X)`, and no `said`.
    // (The report gives no quote: without a complementizer, the verb stands for it.)
    let told_outlet = |note| match outlet {
        Some(o) => {
            let quote = if opens { opened() } else { (t, t + 1) };
            statement(t, Speaker::Named(o), quote, Some(o), note).map(|mut st| {
                st.outlet_speaks = true;
                st.report_only = true;
                st
            })
        }
        None => Err(note),
    };
    // A person named in apposition is the speaker: after a comma ("وقالت إحدى الطالبات، X،
    // إن"، "ويؤكد أحد أصدقائه، المغربي X")، or right after the genitive of an indefinite
    // unnamed word ("وأكد أحد المحتجين X"; not "ووصفت التقارير الإسرائيلية X بأنه").
    let named_person = right.is_some_and(|p| {
        p.kind == PartyKind::Person
            && p.first > t + 1
            && p.first <= t + 1 + MAX_APPOSITION
            && ((t + 1..p.first).any(|x| v.punct(x) == Punct::Comma)
                || (p.first == t + 3 && unnamed_speaker(v, t + 1) && !v.definite(t + 1)))
    });
    // "وقالت القوات السعودية إن"، "ونفت السلطات الإيرانية": a plural in ات with the article
    // and a nationality adjective, agreeing with the verb, is its subject, unnamed (unless a
    // person is named after it), not a dropped one. (A singular one may refer back to a person
    // named before: "وقال المدرب الإسباني" for the Spanish coach of the article.)
    let described_subject = t + 2 < s1
        && !v.organisation_subject(t, t + 1)
        && right.is_none_or(|p| p.kind != PartyKind::Person)
        && v.party(t + 1).is_none()
        && v.plural_of_things(t + 1)
        && v.nationality_adjective(t + 2)
        && v.agrees(t, t + 1);
    if (unnamed_after && !named_person) || described_subject || unnamed_before(v, t) {
        return told_outlet(FrameNote::UnnamedSpeaker);
    }
    let left = left_party(v, t);
    // "وأضافت الوزارة أن"، "فيما قالت الوزارة إن": where the verb opens its clause, the
    // subject is an organisation the sentence does not name (a party there would be `right`):
    // the discourse's organisation, not a person of the discourse.
    let noun_subject = right.is_none()
        && left.is_none()
        && (opens_clause(v, t) || v.joined(t) || (t > s0 && v.is(t - 1, Class::ClauseOpener)))
        && t + 1 < s1
        && v.party(t + 1).is_none();
    let organisation_subject = noun_subject && v.organisation_subject(t, t + 1);
    // "وأضاف البيان أن"، "وقال التقرير إن": likewise, the statement's issuer, an organisation
    // or a country of the discourse, not a person it quotes or is about.
    let statement_subject = noun_subject && v.statement_subject(t, t + 1);
    // A party right before the verb is its subject ("X أبلغ Y أن": Y is told).
    let adjacent_left = left.is_some_and(|l| l.end == verb_start(v, t));
    let (speaker, note) = match (right, left) {
        (Some(p), _) if (p.kind == PartyKind::Person && !adjacent_left) || left.is_none() => {
            (Speaker::Named(p), FrameNote::SpeakerAfter)
        }
        (_, Some(p)) => (Speaker::Named(p), FrameNote::SpeakerBefore),
        (Some(p), None) => (Speaker::Named(p), FrameNote::SpeakerAfter),
        // ("…, \" he said.": a pronoun after the quote, which may have begun in an earlier
        // sentence, its mark then looking like an opening one.)
        (None, None) if organisation_subject => (
            Speaker::DiscourseOrganisation,
            FrameNote::OrganisationSubject,
        ),
        (None, None) if statement_subject => {
            (Speaker::DiscourseIssuer, FrameNote::StatementSubject)
        }
        (None, None) if (trailing && v.is(t - 1, Class::Pronoun)) || opens_clause(v, t) => {
            (Speaker::Discourse, FrameNote::DroppedSubject)
        }
        // "ونفت فرنسا الاتهامات وقالت إنها …": a verb joined by و shares the subject of the
        // sentence's first clause, as a participle does before its statement ("ورد X على
        // السؤال قائلا: …"; not an adjective spelled like one: "كانت مفيدة للطرفين").
        // So does a verb right after a conjunction that opens its clause ("فرضت روسيا عقوبات
        // فيما قالت إنها"، "لكنه قال إن").
        // Not when a word with the article follows the verb after an opener without a pronoun:
        // the clause's own subject, though no party ("حيث تشير الأرقام إلى"، "بينما يطالب
        // الفلسطينيون"). After "لكنه" the pronoun is the subject, and such a word the object
        // ("لكنه دعا الحكومة إلى").
        (None, None) => match (v.joined(t)
            || (v.participle(t) && opens)
            || (t > s0
                && v.is(t - 1, Class::ClauseOpener)
                && (v.pronoun_suffix(t - 1)
                    || !(t + 1 < s1
                        && v.definite(t + 1)
                        && !v.is(t + 1, Class::Preposition)
                        && !v.is(t + 1, Class::Relative)
                        && !v.is(t + 1, Class::Complementizer)))))
        .then(|| sentence_subject(v, t))
        .flatten()
        {
            Some(p) => (Speaker::Named(p), FrameNote::SharedSubject),
            None => return told_outlet(FrameNote::NoSpeaker),
        },
    };
    // An outlet speaking itself ("وذكرت وكالة X أن"، "قالت صحيفة X"): the statement is its
    // report.
    let mut outlet = outlet;
    let mut outlet_speaks = false;
    if let (Speaker::Named(p), None) = (speaker, outlet) {
        if is_outlet(v, p) {
            outlet = Some(p);
            outlet_speaks = true;
        }
    }
    let statement = |quote: (usize, usize), note| {
        statement(t, speaker, quote, outlet, note).map(|mut st| {
            st.outlet_speaks = outlet_speaks;
            st
        })
    };
    if trailing {
        let mut first = match (speaker, left) {
            (Speaker::Named(p), Some(l)) if p == l => p.first,
            _ => t,
        };
        while first > s0 && (v.is(first - 1, Class::Pronoun) || v.is(first - 1, Class::Opener)) {
            first -= 1;
        }
        // “We are ready,” Putin said: the statement without its quotation marks.
        let start = if v.punct(s0) == Punct::OpenQuote {
            s0 + 1
        } else {
            s0
        };
        let mut end = trim_back(v, start, first);
        if end > start && v.punct(end - 1) == Punct::CloseQuote {
            end = trim_back(v, start, end - 1);
        }
        return statement((start, end), FrameNote::Trailing);
    }
    if !opens {
        // "وأكد الخطيب استمرار المشروع": the statement is the object after the speaker.
        let mut start = match speaker {
            Speaker::Named(p) if p.first > t => p.end,
            _ => t + 1,
        };
        start = skip_to_content(v, start);
        let quoted = start < s1 && matches!(v.punct(start), Punct::OpenQuote | Punct::QuoteMark);
        if quoted {
            start += 1;
        }
        let end = statement_end(v, start, quoted);
        return statement((start, end), note);
    }
    statement(opened(), note)
}

/// A statement, unless its quote is empty.
fn statement(
    verb: usize,
    speaker: Speaker,
    quote: (usize, usize),
    outlet: Option<PartyRef>,
    note: FrameNote,
) -> Result<Statement, FrameNote> {
    if quote.1 > quote.0 {
        Ok(Statement {
            verb,
            speaker,
            quote,
            outlet,
            note,
            outlet_speaks: false,
            report_only: false,
        })
    } else {
        Err(FrameNote::NoContent)
    }
}

/// Where the speaker window after verb `t` ends: the complementizer, a colon or an opening
/// quote, another speech verb, or the bound.
fn stop_after(v: &impl SentenceView, t: usize) -> usize {
    let (_, s1) = v.span();
    let limit = (t + 1 + MAX_WINDOW).min(s1);
    let mut u = t + 1;
    while u < limit {
        if v.is(u, Class::Complementizer) || matches!(v.punct(u), Punct::Colon | Punct::OpenQuote) {
            return u;
        }
        if v.is(u, Class::Verb) {
            return u.min(s1);
        }
        // An English subject pronoun has begun the statement: a "that" after it opens a
        // relative clause ("said it is seeking a program that will be supported by …").
        if v.latin(t) && v.is(u, Class::Pronoun) {
            return u;
        }
        match v.party(u) {
            Some(p) => u = p.end.max(u + 1),
            None => u += 1,
        }
    }
    if limit < s1 {
        // No complementizer within reach: the window is the next few tokens only.
        return (t + 1 + 6).min(s1);
    }
    s1
}

/// The speaker among the parties in `from..to` and the outlet the statement was given to.
fn right_party(
    v: &impl SentenceView,
    from: usize,
    to: usize,
) -> (Option<PartyRef>, Option<PartyRef>) {
    let (s0, _) = v.span();
    let mut person = None;
    let mut organisation = None;
    let mut spoken_for = None;
    let mut outlet = None;
    // Once a party behind a preposition has been passed ("مدير عام الخطوط التونسية فرنسا"),
    // organisations and countries after it belong to that phrase; a person may still follow.
    let mut in_phrase = false;
    // Where the last party seen ends: "قال X لـY" gives Y the statement. Only a person is told
    // so: after an organisation, "لـY" is more often that organisation's own genitive ("رئيس
    // كتلة حركة النهضة بمجلس النواب"), and so it is after a name with its title ("قال X عضو
    // المكتب التنفيذي لاتحاد الصناعة"); an outlet is told anyway.
    let mut last_end = from;
    let mut last_person = true;
    let mut u = from;
    while u < to {
        let Some(p) = v.party(u) else {
            u += 1;
            continue;
        };
        // (A news outlet behind the preposition is told wherever it stands: "وقال مصدر أمني
        // للجوهرة أف أم".)
        let told = v.preposition_clitic(u) && ((u == last_end && last_person) || p.outlet);
        last_end = p.end;
        last_person = p.kind == PartyKind::Person && !p.title_after;
        // The word before, over a short quote's marks ("لوكالة «شينخوا»").
        let before = (s0..u)
            .rev()
            .find(|&b| !matches!(v.punct(b), Punct::Other | Punct::QuoteMark));
        // An organisation or country in the genitive of a noun after a preposition belongs to
        // that phrase: "ونشر على صفحة الترجي" (the page's owner is not the writer). Not a
        // person: an unknown place name looks like such a noun ("الناطقة باسم الشرطة في
        // كيبيك كريستين كولومب").
        // (An outlet word heads one too: "على شبكة فوكس نيوز"; the party there is an outlet
        // only by its kind: "على موقع تويتر" names a platform, no outlet told.)
        let outlet_head = p.kind != PartyKind::Person
            && before.is_some_and(|b| {
                b > s0 && v.is(b, Class::OutletKind) && v.is(b - 1, Class::Preposition)
            });
        let in_construct = outlet_head
            || (p.kind != PartyKind::Person
                && before.is_some_and(|b| {
                    b > s0 && v.construct_head(b) && v.is(b - 1, Class::Preposition)
                }));
        let after_preposition = v.preposition_clitic(u)
            || in_construct
            || before.is_some_and(|b| {
                v.preposition_clitic(b)
                    || (v.is(b, Class::Preposition) && !name_like_preposition(v, b, p))
            });
        // After a remarks word ("في تصريح لمراسلة قناة X") every party belongs to the remarks
        // phrase: the outlet, its correspondent, never the speaker.
        let in_remarks = (from..u).any(|x| v.is(x, Class::Remarks));
        let outlet_word = before.is_some_and(|b| v.is(b, Class::OutletKind)) || in_remarks;
        if before.is_some_and(|b| v.is(b, Class::OnBehalf)) {
            spoken_for = spoken_for.or(Some(p));
        } else if in_remarks {
            if p.kind == PartyKind::Organisation {
                outlet = outlet.or(Some(p));
            }
        } else if after_preposition {
            if ((outlet_word && (p.outlet || !outlet_head)) || told || (in_construct && p.outlet))
                && p.kind == PartyKind::Organisation
            {
                outlet = outlet.or(Some(p));
            }
            in_phrase = true;
        } else {
            match p.kind {
                PartyKind::Person if person.is_none() => person = Some(p),
                PartyKind::Organisation | PartyKind::Country
                    if organisation.is_none() && !in_phrase =>
                {
                    organisation = Some(p)
                }
                _ => {}
            }
        }
        u = p.end.max(u + 1);
    }
    (person.or(spoken_for).or(organisation), outlet)
}

/// Whether the preposition word at `b`, right before person `p`, opens an apposition after a
/// comma: "، علي المنصوري،" (علي is a first name spelled like the preposition على once
/// ى and ي are folded; no preposition opens an apposition right before a person).
fn name_like_preposition(v: &impl SentenceView, b: usize, p: PartyRef) -> bool {
    let (s0, _) = v.span();
    p.kind == PartyKind::Person && p.first == b + 1 && b > s0 && v.punct(b - 1) == Punct::Comma
}

/// The party that ends just before verb `t` in the same clause ("Smith said"), skipping an
/// apposition between commas ("Smith, chairman of X, said") and a pronoun's absence.
fn left_party(v: &impl SentenceView, t: usize) -> Option<PartyRef> {
    let (s0, _) = v.span();
    let verb = t;
    let t = verb_start(v, t);
    if t == s0 {
        return None;
    }
    let mut end = t;
    // "X الذي أضاف"، "X, who said": the party before the relative pronoun.
    if v.is(t - 1, Class::Relative) {
        end = t - 1;
        if end > s0 && v.punct(end - 1) == Punct::Comma {
            end -= 1;
        }
    }
    // A ticker or an aside in brackets between the subject and its verb: "National
    // Semiconductor <NSM> said", "Acme (NYSE: ACM) said".
    if end == t && v.punct(t - 1) == Punct::CloseParen {
        if let Some(open) = (t.saturating_sub(8).max(s0)..t - 1)
            .rev()
            .find(|&x| v.punct(x) == Punct::OpenParen)
        {
            end = open;
        }
    }
    // The party that ends at `end`, not behind a preposition, in the clause before it.
    let ending_at = |end: usize| {
        let lo = end.saturating_sub(MAX_LEFT).max(s0);
        let mut u = lo;
        let mut found = None;
        while u < end {
            if v.punct(u) != Punct::None {
                found = None;
            }
            match v.party(u) {
                Some(p) if p.end == end => {
                    // (Not after a spokesperson's `@on-behalf` word, past "the": "a spokesman
                    // for the ministry said" is the ministry's.)
                    let k = if u > s0 && v.is(u - 1, Class::Opener) {
                        u - 1
                    } else {
                        u
                    };
                    let spoken_for = k > s0 + 1
                        && v.is(k - 1, Class::OnBehalf)
                        && v.is(k - 2, Class::Spokesperson);
                    let behind = !spoken_for && behind_preposition(v, u);
                    if !behind && p.kind != PartyKind::Other {
                        found = Some(p);
                    }
                    u = p.end;
                }
                Some(p) => u = p.end.max(u + 1),
                None => u += 1,
            }
        }
        found
    };
    // "A General Motors spokesman said": the organisation before the spokesperson's word.
    if end == t && end > s0 + 1 && v.is(end - 1, Class::Spokesperson) {
        let p = ending_at(end - 1)
            .filter(|p| matches!(p.kind, PartyKind::Organisation | PartyKind::Country));
        if p.is_some() {
            return p;
        }
    }
    // An apposition: ", …," right before the verb.
    if end == t && v.punct(t - 1) == Punct::Comma {
        let open = (t.saturating_sub(MAX_LEFT).max(s0)..t - 1)
            .rev()
            .find(|&x| v.punct(x) == Punct::Comma)?;
        // A quote between the commas is a statement, no apposition ("وقال لبرنامج على شبكة
        // X، "…"، واصفا").
        if (open + 1..t - 1).any(|x| {
            matches!(
                v.punct(x),
                Punct::OpenQuote | Punct::CloseQuote | Punct::QuoteMark
            )
        }) {
            return None;
        }
        // A party over both commas is the subject itself: a title with its name ("وكانت
        // المتحدثة باسم الوزارة، ماريا زاخاروفا، قد أفادت"), read as one.
        if let Some(p) = (s0..open).find_map(|u| v.party(u).filter(|p| p.end == t - 1)) {
            return (p.kind != PartyKind::Other).then_some(p);
        }
        // A person that is all the apposition, after a title the rules do not read as one
        // ("وكانت المتحدثة باسم الوزارة، ماريا زاخاروفا، قد أفادت"), when nothing before the
        // commas is a party, the sentence opens with that title (no preposition, relative or
        // punctuation before the commas: "وكان مهاتير، الذي ... على رئيس الوزراء السابق، نجيب
        // عبد الرزاق، قد ذكر" is Mahathir's), and a `@pre-verb` word stands between the
        // apposition and the verb (without one, "... لنظيره السوري، وليد المعلم، قائلا" may
        // name the addressee).
        let opens_with_title = (s0..open).all(|x| {
            v.punct(x) == Punct::None
                && !v.is(x, Class::Preposition)
                && !v.is(x, Class::Relative)
                && !v.preposition_clitic(x)
        });
        let named = v.party(open + 1).filter(|p| {
            p.kind == PartyKind::Person && p.end == t - 1 && t < verb && opens_with_title
        });
        return ending_at(open).or(named);
    }
    ending_at(end)
}

/// Whether the party starting at token `u` stands behind a preposition: written on it (بـ،
/// لـ), right after one, or in the genitive of a noun or an outlet word right after one ("من
/// شركة X"، "على شبكة X"). Such a party is no subject.
fn behind_preposition(v: &impl SentenceView, u: usize) -> bool {
    let (s0, _) = v.span();
    v.preposition_clitic(u)
        || (u > s0 && v.is(u - 1, Class::Preposition))
        || (u > s0 + 1
            && (v.construct_head(u - 1) || v.is(u - 1, Class::OutletKind))
            && v.is(u - 2, Class::Preposition))
}

/// Most words between an unnamed subject and its verb ("the source close to the Philippine
/// delegation said").
const MAX_UNNAMED_SUBJECT: usize = 8;

/// Whether the clause before the verb at `t` has an unnamed subject: a word of
/// `@unnamed-speaker` among the words right before it, with no party or punctuation between
/// ("officials said", "the source close to the delegation said").
fn unnamed_before(v: &impl SentenceView, t: usize) -> bool {
    let (s0, _) = v.span();
    let lo = t.saturating_sub(MAX_UNNAMED_SUBJECT).max(s0);
    for x in (lo..t).rev() {
        if v.punct(x) != Punct::None || v.party(x).is_some() {
            return false;
        }
        if unnamed_speaker(v, x) {
            return true;
        }
    }
    false
}

/// Most `@pre-verb` words between a subject and its verb ("X has also said").
const MAX_PRE_VERB: usize = 2;

/// Where the verb at `t` starts with the words a subject may stand before (`@pre-verb`: "وكان X
/// قد أكد"، "X has said", "X also said"): the subject before them is the verb's.
fn verb_start(v: &impl SentenceView, t: usize) -> usize {
    let (s0, _) = v.span();
    let mut start = t;
    while start > s0 && t - start < MAX_PRE_VERB && v.is(start - 1, Class::PreVerb) {
        start -= 1;
    }
    start
}

/// Whether a party is an outlet: one by the gazetteer's kind, or an organisation named right
/// after an `@outlet-kind` word ("وكالة X"، "صحيفة X"). A name that itself begins with such a
/// word is not enough: وكالة is also a government agency ("وكالة التعاون الخارجي").
fn is_outlet(v: &impl SentenceView, p: PartyRef) -> bool {
    let (s0, _) = v.span();
    // The word before the name, past a quote mark ("صحيفة \"الوطن\"").
    let mut before = p.first;
    if before > s0 && matches!(v.punct(before - 1), Punct::OpenQuote | Punct::QuoteMark) {
        before -= 1;
    }
    p.kind == PartyKind::Organisation
        && (p.outlet || (before > s0 && v.is(before - 1, Class::OutletKind)))
}

/// The subject of the sentence's first clause: a party among its first tokens ("ونفت فرنسا"،
/// "وقال الرئيس X"), not behind a preposition, before `t`.
pub(crate) fn sentence_subject(v: &impl SentenceView, t: usize) -> Option<PartyRef> {
    let (s0, _) = v.span();
    let end = (s0 + 1 + MAX_SUBJECT_GAP).min(t);
    let p = (s0..end).find_map(|x| v.party(x))?;
    // ("وقال لبرنامج صباح الثلاثاء على شبكة فوكس نيوز، ...، واصفا" is not Fox News's.)
    let behind = behind_preposition(v, p.first);
    // "وقال إن روسيا …": a party after a speech verb's complementizer is the statement's, not
    // the subject (after "غير أن"، "إلا أن"، "يبدو أن" it is the subject).
    let reported =
        (s0 + 1..p.first).any(|x| v.is(x, Class::Complementizer) && v.is(x - 1, Class::Verb));
    (p.kind != PartyKind::Other && !behind && !reported).then_some(p)
}

/// Whether verb `t` opens its clause: first in the sentence, after an opener (ثم، and), a
/// comma or a pronoun subject; a quote mark ends a quote before them ("… as \"tense,\" but
/// said").
fn opens_clause(v: &impl SentenceView, t: usize) -> bool {
    let (s0, _) = v.span();
    let mut u = t;
    while u > s0 {
        let b = u - 1;
        if v.is(b, Class::Opener)
            || v.is(b, Class::Pronoun)
            || v.is(b, Class::PreVerb)
            || v.punct(b) == Punct::QuoteMark
        {
            u = b;
            continue;
        }
        return v.punct(b) == Punct::Comma;
    }
    true
}

/// Whether the verb at `t` attributes the sentence before it: it stands after a comma (or a
/// closing quote) with at most its speaker between, and nothing but the speaker follows.
fn trailing_attribution(v: &impl SentenceView, t: usize, right: Option<PartyRef>) -> bool {
    let (s0, s1) = v.span();
    let after = right.filter(|p| p.first == t + 1).map_or(t + 1, |p| p.end);
    let rest_empty = (after..s1).all(|x| v.punct(x) != Punct::None);
    if !rest_empty {
        return false;
    }
    let left = left_party(v, t);
    let first = left.map_or(t, |p| p.first);
    // Skip a pronoun subject ("…, he said") and an article ("…, a GM spokesman said").
    let mut b = first;
    while b > s0 && (v.is(b - 1, Class::Pronoun) || v.is(b - 1, Class::Opener)) {
        b -= 1;
    }
    // (A quote mark there may look like an opening one when the quote began in an earlier
    // sentence: "…\n were useful, \" he said.")
    b > s0
        && matches!(
            v.punct(b - 1),
            Punct::Comma | Punct::CloseQuote | Punct::QuoteMark | Punct::OpenQuote
        )
}

/// The content of an object statement, past what stands between the speaker and it: a
/// parenthesis ("(موسكو)"), a short phrase between commas ("، اليوم الأحد، ") and a preposition
/// ("أعلن عن"، "announced on").
fn skip_to_content(v: &impl SentenceView, mut start: usize) -> usize {
    let (_, s1) = v.span();
    if start < s1 && v.punct(start) == Punct::OpenParen {
        if let Some(close) =
            (start + 1..s1.min(start + 8)).find(|&x| v.punct(x) == Punct::CloseParen)
        {
            start = close + 1;
        }
    }
    if start < s1 && v.punct(start) == Punct::Comma {
        if let Some(close) = (start + 1..s1.min(start + 6)).find(|&x| v.punct(x) == Punct::Comma) {
            start = close + 1;
        }
    }
    if start < s1 && v.is(start, Class::Preposition) {
        start += 1;
    }
    start
}

/// Where a statement starting at `start` ends: its closing quote, the sentence end, or before
/// ", <speech verb>" or an attribution that starts another statement.
fn statement_end(v: &impl SentenceView, start: usize, quoted: bool) -> usize {
    let (_, s1) = v.span();
    let mut u = start;
    while u < s1 {
        let p = v.punct(u);
        if quoted && matches!(p, Punct::CloseQuote | Punct::QuoteMark) {
            return u;
        }
        if p == Punct::Comma
            && u + 1 < s1
            && (v.is(u + 1, Class::Verb) || v.is(u + 1, Class::Attribution))
        {
            return u;
        }
        u += 1;
    }
    trim_back(v, start, s1)
}

/// `end` moved back over trailing punctuation (the full stop, a comma), not below `lo`.
fn trim_back(v: &impl SentenceView, lo: usize, mut end: usize) -> usize {
    while end > lo
        && !matches!(
            v.punct(end - 1),
            Punct::None | Punct::CloseQuote | Punct::QuoteMark
        )
    {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence written as space-separated tokens with markers: `V` speech verb, `C`
    /// complementizer, `A` attribution, `B` on-behalf, `PB` a preposition that is also
    /// on-behalf (for), `S` spokesperson, `O` outlet kind, `R` remarks, `P`
    /// preposition, `N` opener, `H` pronoun, `Q` a word between subject and verb, `the-ones` a
    /// definite plural noun, `n` a noun that can head a construct phrase, `lX`
    /// a word with a preposition clitic; parties
    /// `[P:a b]` person, `[T:a b]` a person's name and title after it, `[G:a]` organisation, `[O:a]` outlet, `[C:a]` country; punctuation
    /// `, : « » .`.
    struct Fake {
        toks: Vec<String>,
        parties: Vec<PartyRef>,
    }

    fn fake(s: &str) -> Fake {
        let mut toks = Vec::new();
        let mut parties = Vec::new();
        let mut it = s.split_whitespace().peekable();
        while let Some(w) = it.next() {
            // `l[G:o]`: a party written with a preposition clitic.
            let (clitic, w) = match w.strip_prefix("l[") {
                Some(_) => (true, &w[1..]),
                None => (false, w),
            };
            if let Some(rest) = w.strip_prefix('[') {
                let (kind, first_word) = rest.split_once(':').expect("[K:word");
                let outlet = kind == "O";
                let title_after = kind == "T";
                let kind = match kind {
                    "P" | "T" => PartyKind::Person,
                    "G" | "O" => PartyKind::Organisation,
                    "C" => PartyKind::Country,
                    _ => PartyKind::Other,
                };
                let first = toks.len();
                let mut word = if clitic {
                    format!("l{first_word}")
                } else {
                    first_word.to_string()
                };
                loop {
                    let done = word.ends_with(']');
                    toks.push(word.trim_end_matches(']').to_string());
                    if done {
                        break;
                    }
                    word = it.next().expect("closing ]").to_string();
                }
                parties.push(PartyRef {
                    party: crate::rules::PartyIdx(parties.len() as u32),
                    first,
                    end: toks.len(),
                    kind,
                    outlet,
                    title_after,
                });
            } else {
                toks.push(w.to_string());
            }
        }
        Fake { toks, parties }
    }

    impl SentenceView for Fake {
        fn span(&self) -> (usize, usize) {
            (0, self.toks.len())
        }
        fn is(&self, t: usize, class: Class) -> bool {
            let w = self.toks[t].as_str();
            let w = w.strip_prefix('l').unwrap_or(w);
            let w = w.strip_prefix('w').unwrap_or(w);
            matches!(
                (w, class),
                ("V" | "pV", Class::Verb)
                    | ("C", Class::Complementizer)
                    | ("A", Class::Attribution)
                    | ("B" | "PB", Class::OnBehalf)
                    | ("O", Class::OutletKind)
                    | ("R", Class::Remarks)
                    | ("P" | "PB", Class::Preposition)
                    | ("N", Class::Opener)
                    | ("K" | "Kh", Class::ClauseOpener)
                    | ("H", Class::Pronoun)
                    | ("Q", Class::PreVerb)
                    | ("W", Class::Relative)
                    | ("T", Class::VerbThat)
                    | ("U", Class::Unnamed)
                    | ("S", Class::Spokesperson)
                    | ("J", Class::StatementVerb)
                    | ("the-U", Class::Unnamed)
                    | ("the-source", Class::Unnamed)
            )
        }
        fn preposition_clitic(&self, t: usize) -> bool {
            self.toks[t].starts_with('l') && self.toks[t].len() > 1
        }
        fn joined(&self, t: usize) -> bool {
            self.toks[t] == "wV"
        }
        fn participle(&self, t: usize) -> bool {
            self.toks[t] == "pV"
        }
        fn construct_head(&self, t: usize) -> bool {
            self.toks[t] == "n"
        }
        fn refers_back(&self, t: usize) -> bool {
            self.toks[t] == "the-source"
        }
        fn definite(&self, t: usize) -> bool {
            self.toks[t].starts_with("the-")
        }
        fn pronoun_suffix(&self, t: usize) -> bool {
            self.toks[t] == "Kh"
        }
        fn plural_noun(&self, t: usize) -> bool {
            self.toks[t] == "the-ones"
        }
        fn latin(&self, _t: usize) -> bool {
            // The test sentences are read as Arabic (a verb's subject may follow it).
            false
        }
        fn organisation_subject(&self, _verb: usize, t: usize) -> bool {
            // "the-org": agrees with the verb; "the-org-object": does not (ودعا الحكومة).
            self.toks[t] == "the-org"
        }
        fn statement_subject(&self, _verb: usize, t: usize) -> bool {
            self.toks[t] == "the-statement"
        }
        fn statement_noun(&self, t: usize) -> bool {
            matches!(self.toks[t].as_str(), "the-statement" | "statement")
        }
        fn relative_ma(&self, t: usize) -> bool {
            self.toks[t] == "ma"
        }
        fn agrees(&self, _verb: usize, t: usize) -> bool {
            // "the-x": agrees with the verb; "the-x-object": does not.
            !self.toks[t].ends_with("-object")
        }
        fn nationality_adjective(&self, t: usize) -> bool {
            self.toks[t] == "Adj"
        }
        fn plural_of_things(&self, t: usize) -> bool {
            self.toks[t].starts_with("the-things")
        }
        fn party(&self, t: usize) -> Option<PartyRef> {
            self.parties.iter().find(|p| p.first == t).copied()
        }
        fn punct(&self, t: usize) -> Punct {
            match self.toks[t].as_str() {
                "," => Punct::Comma,
                ":" => Punct::Colon,
                "«" => Punct::OpenQuote,
                "»" => Punct::CloseQuote,
                "'" => Punct::QuoteMark,
                "(" => Punct::OpenParen,
                ")" => Punct::CloseParen,
                "." => Punct::Other,
                _ => Punct::None,
            }
        }
    }

    /// (speaker party index or "D" for discourse, quote tokens joined, outlet index)
    fn run(s: &str) -> Vec<(String, String, Option<u32>)> {
        let f = fake(s);
        let mut out = Vec::new();
        statements(&f, &mut out, None);
        out.iter()
            .map(|st| {
                let who = match st.speaker {
                    Speaker::Named(p) => p.party.0.to_string(),
                    Speaker::Discourse => "D".into(),
                    Speaker::DiscourseOrganisation => "DO".into(),
                    Speaker::DiscourseIssuer => "DI".into(),
                };
                let q = f.toks[st.quote.0..st.quote.1].join(" ");
                (who, q, st.outlet.map(|o| o.party.0))
            })
            .collect()
    }

    /// The frame's decisions at each verb: (token, note).
    fn notes(s: &str) -> Vec<(usize, FrameNote)> {
        let f = fake(s);
        let (mut out, mut trace) = (Vec::new(), Vec::new());
        statements(&f, &mut out, Some(&mut trace));
        trace
    }

    #[test]
    fn trace_says_how_the_speaker_was_found_and_why_a_verb_gave_nothing() {
        assert_eq!(notes("V [P:x] C q1 ."), vec![(0, FrameNote::SpeakerAfter)]);
        assert_eq!(notes("[P:x] V C q1 ."), vec![(1, FrameNote::SpeakerBefore)]);
        assert_eq!(notes("V C q1 ."), vec![(0, FrameNote::DroppedSubject)]);
        assert_eq!(notes("q1 , A x V [P:y] ."), vec![(4, FrameNote::Trailing)]);
        assert_eq!(notes("q1 , A [P:y] ."), vec![(2, FrameNote::Attribution)]);
        // A verb inside a clause with nobody around it: the near miss says so.
        assert_eq!(notes("t1 t2 V q1 ."), vec![(2, FrameNote::NoSpeaker)]);
        assert_eq!(notes("V [P:x] ."), vec![(0, FrameNote::NoContent)]);
        // An attribution word without a party is no near miss.
        assert!(notes("q1 , A x .").is_empty());
        // A closing quote mark before the comma and the opener: the verb still opens its
        // clause ("He described it as \"tense,\" but said …").
        assert_eq!(
            notes("t1 t2 ' q0 , ' N V q1 ."),
            vec![(7, FrameNote::DroppedSubject)]
        );
        for (_, n) in notes("t1 t2 V q1 . V C q2") {
            assert!(!n.describe().is_empty());
        }
    }

    #[test]
    fn a_party_after_a_complementizer_is_no_sentence_subject() {
        let f = fake("V C [C:r] q1 q2 .");
        assert_eq!(sentence_subject(&f, 5), None);
        let f = fake("t1 [C:r] q1 V C q2 .");
        assert_eq!(sentence_subject(&f, 3).map(|p| p.first), Some(1));
        // "غير أن X أكد": the complementizer of a conjunction, not of a speech verb.
        let f = fake("t1 C [C:r] V C q2 .");
        assert_eq!(sentence_subject(&f, 3).map(|p| p.first), Some(2));
    }

    macro_rules! frame_cases {
        ($($name:ident: $s:expr => [$(($who:expr, $q:expr, $o:expr)),*];)*) => {$(
            #[test]
            fn $name() {
                let want: Vec<(String, String, Option<u32>)> =
                    vec![$(($who.to_string(), $q.to_string(), $o)),*];
                assert_eq!(run($s), want);
            }
        )*};
    }

    frame_cases! {
        verb_then_name: "V [P:x y] C q1 q2 ." => [("0", "q1 q2", None)];
        title_phrase_then_name_in_apposition:
            "V t1 t2 lt3 t4 , [P:x y] , C q1 ." => [("0", "q1", None)];
        time_and_occasion_before_complementizer:
            "V t1 [P:x] today during event C q1 q2 ." => [("0", "q1 q2", None)];
        organisation_then_person_prefers_person:
            "V t1 [C:r] [P:x] C q1 ." => [("1", "q1", None)];
        outlet_after_remarks_is_reported_by:
            "V [P:x] P R lO [G:w] C q1 ." => [("0", "q1", Some(1))];
        outlet_with_clitic_after_verb_and_name:
            "V t1 [P:x] lO [G:w] C q1 ." => [("0", "q1", Some(1))];
        outlet_in_short_quotes: "V [P:x] lO . [G:w] . C q1 ." => [("0", "q1", Some(1))];
        parties_after_remarks_are_never_the_speaker:
            "V t1 P R lx [G:w] [P:y] , C q1 ." => [("D", "q1", Some(0))];
        spokesperson_speaks_for_the_organisation:
            "V t1 B [G:n] C q1 ." => [("0", "q1", None)];
        spokesperson_with_name_is_the_person:
            "V t1 B [G:n] , [P:x] , C q1 ." => [("1", "q1", None)];
        dropped_subject_takes_the_discourse_speaker: "V C q1 q2 ." => [("D", "q1 q2", None)];
        dropped_subject_with_preposition: "V P C q1 ." => [("D", "q1", None)];
        participle_continues_with_a_new_statement:
            "V [P:x] C q1 q2 , V C q3 ." => [("0", "q1 q2", None), ("D", "q3", None)];
        colon_and_quotes: "V [P:x] : « q1 q2 » ." => [("0", "q1 q2", None)];
        complementizer_then_quote: "V [P:x] C « q1 » , q2 ." => [("0", "q1", None)];
        complementizer_then_short_quote: "V [P:x] C ' q1 q2 ' ." => [("0", "q1 q2", None)];
        no_complementizer_object_statement: "V [P:x] q1 q2 ." => [("0", "q1 q2", None)];
        object_statement_after_parenthesis_time_and_preposition:
            "V [G:x] ( y ) , t1 t2 , P q1 q2 ." => [("0", "q1 q2", None)];
        trailing_attribution_arabic: "q1 q2 , A x V [P:y] ." => [("0", "q1 q2", None)];
        english_name_said_that: "[P:x] V C q1 ." => [("0", "q1", None)];
        english_apposition_then_said: "[P:x] , t1 P [G:g] , V C q1 ." => [("0", "q1", None)];
        english_trailing_name_said: "q1 q2 , [P:x] V ." => [("0", "q1 q2", None)];
        english_trailing_said_name: "q1 q2 , V [P:x] ." => [("0", "q1 q2", None)];
        english_pronoun_said: "q1 q2 , H V ." => [("D", "q1 q2", None)];
        english_quoted_then_name_said: "« q1 q2 , » [P:x] V ." => [("0", "q1 q2", None)];
        relative_pronoun_after_the_speaker: "t1 [P:x] W V C q1 ." => [("0", "q1", None)];
        attribution_without_verb_names_the_speaker:
            "q1 q2 , A [P:x] W V C q3 ." => [("0", "q1 q2", None), ("0", "q3", None)];
        attribution_without_party_is_no_statement: "q1 q2 , A x ." => [];
        party_after_preposition_is_not_the_speaker: "t1 P [C:c] V q1 ." => [];
        party_in_the_genitive_after_a_preposition_is_not_the_speaker:
            "V P n [G:f] : « q1 » ." => [("D", "q1", None)];
        party_after_a_noun_without_preposition_is_the_speaker:
            "V t1 n [G:f] : « q1 » ." => [("0", "q1", None)];
        outlet_in_the_genitive_after_a_preposition_reports:
            "V P n [O:j] , C q1 ." => [("D", "q1", Some(0))];
        person_after_a_preposition_and_a_word_is_the_speaker:
            "V t1 P n [P:x] : « q1 » ." => [("0", "q1", None)];
        country_after_a_prepositional_phrase_is_part_of_it:
            "V t1 P [G:a] [C:c] , C q1 ." => [("D", "q1", None)];
        embedded_verb_without_speaker_is_not_discourse: "t1 t2 V q1 ." => [];
        place_is_never_the_speaker: "V t1 [X:p] C q1 ." => [("D", "q1", None)];
        joined_verb_shares_the_first_clause_subject:
            "N [C:r] t1 t2 P [C:b] wV C q1 ." => [("0", "q1", None)];
        joined_verb_without_a_first_clause_subject: "t1 t2 t3 [C:r] t4 wV C q1 ." => [];
        participle_shares_the_clause_subject: "t1 [P:x] t2 P t3 pV « q1 q2 » ." => [("0", "q1 q2", None)];
        participle_without_a_clause_subject: "t1 t2 t3 t4 [C:r] t5 pV « q1 » ." => [];
        participle_without_its_statement_is_an_adjective: "t1 [P:x] t2 t3 pV P q1 ." => [];
        verb_after_a_clause_opener_shares_the_sentence_subject:
            "t1 [C:r] t2 t3 K V C q1 ." => [("0", "q1", None)];
        verb_after_a_clause_opener_without_a_sentence_subject: "t1 t2 t3 t4 [C:r] K V C q1 ." => [];
        verb_after_a_clause_opener_with_its_own_subject: "t1 [C:r] t2 t3 K V the-figures C q1 ." => [];
        verb_after_a_pronoun_opener_before_its_object: "t1 [C:r] t2 t3 Kh V the-government C q1 ." => [("0", "q1", None)];
        object_statement_country_far_after_the_verb_is_not_the_speaker:
            "t0 , V t1 t2 t3 q1 [C:i] q2 ." => [("D", "t1 t2 t3 q1 i q2", None)];
        object_statement_country_right_after_the_verb_speaks: "V [C:i] q1 q2 ." => [("0", "q1 q2", None)];
        party_right_before_the_verb_beats_the_addressee:
            "q0 [P:x] V [P:y] C q1 ." => [("0", "q1", None)];
        verb_that_before_a_complementizer: "T C q1 q2 ." => [("D", "q1 q2", None)];
        verb_that_with_speaker_and_colon: "T [P:x] : « q1 q2 » ." => [("0", "q1 q2", None)];
        verb_that_elsewhere_is_another_word: "t1 T [C:a] N [C:b] q1 ." => [];
        unnamed_subject_takes_no_discourse_speaker: "V U C q1 ." => [];
        unnamed_subject_before_the_verb_and_an_addressee_after: "q0 U V [G:r] C q1 ." => [];
        told_an_outlet_right_after_the_speaker: "V [P:x] l[G:o] C q1 ." => [("0", "q1", Some(1))];
        an_organisation_genitive_after_an_organisation_is_not_told:
            "V [P:x] t1 [G:b] l[G:o] C q1 ." => [("0", "q1", None)];
        an_outlet_after_an_organisation_is_told: "V [P:x] t1 [G:b] l[O:o] C q1 ." => [("0", "q1", Some(2))];
        an_organisation_genitive_after_a_title_is_not_told:
            "V [T:x t1 t2] l[G:o] C q1 ." => [("0", "q1", None)];
        an_outlet_after_a_title_is_told: "V [T:x t1 t2] l[O:o] C q1 ." => [("0", "q1", Some(1))];
        outlet_after_the_verb_with_clitic: "V l[G:o] : « q1 q2 » ." => [("D", "q1 q2", Some(0))];
        outlet_kind_before_a_speaking_organisation: "V O [G:a b] C q1 ." => [("0", "q1", Some(0))];
        unnamed_after_a_determiner: "V t1 U C q1 ." => [];
        an_unnamed_subject_a_few_words_before_the_verb: "« q1 q2 » , N U t1 t2 t3 V ." => [];
        a_party_between_an_unnamed_word_and_the_verb_is_the_subject:
            "U t1 , [P:x] V C q1 ." => [("0", "q1", None)];
        a_spokesperson_for_an_organisation_speaks_for_it: "t1 S PB [G:o] V C q1 ." => [("0", "q1", None)];
        a_spokesperson_for_the_organisation_speaks_for_it: "t1 S PB N [G:o] V C q1 ." => [("0", "q1", None)];
        the_organisations_spokesperson_speaks_for_it: "t1 [G:o] S V C q1 ." => [("0", "q1", None)];
        the_organisations_spokesperson_at_the_end: "q1 q2 , N [G:o] S V ." => [("0", "q1 q2", None)];
        someone_for_an_organisation_is_no_spokesperson: "t1 t2 P [G:o] V C q1 ." => [];
        a_party_in_a_genitive_behind_a_preposition_is_no_sentence_subject:
            "P n [G:o] t1 pV C q1 ." => [];
        a_quote_between_commas_is_no_apposition_before_a_participle:
            "t1 P O [O:o] , « q1 q2 » , pV t2 C q3 ." => [("D", "q3", None)];
        an_outlet_in_the_genitive_of_an_outlet_word_behind_a_preposition_is_told:
            "V P O [O:o] , « q1 q2 » ." => [("D", "q1 q2", Some(0))];
        a_platform_in_the_genitive_of_an_outlet_word_is_no_outlet:
            "V P O [G:o] , « q1 q2 » ." => [("D", "q1 q2", None)];
        an_attribution_to_the_same_source_is_the_discourses: "q1 q2 , A the-source ." => [("D", "q1 q2", None)];
        an_attribution_between_commas_after_a_word: "q1 , A [G:o] , q2 q3 ." => [("0", "q2 q3", None)];
        an_attribution_to_no_source_is_no_statement: "q1 q2 , A t1 ." => [];
        a_definite_plural_after_the_verb_is_its_unnamed_subject: "N V the-ones C q1 ." => [];
        subject_before_a_pre_verb_word: "[P:x] Q V C q1 ." => [("0", "q1", None)];
        subject_before_two_pre_verb_words: "[P:x] Q Q V C q1 ." => [("0", "q1", None)];
        dropped_subject_after_a_pre_verb_word: "N Q V C q1 ." => [("D", "q1", None)];
        the_name_of_an_apposition_before_a_pre_verb_word:
            "t1 t2 , [P:x y] , Q V C q1 ." => [("0", "q1", None)];
        the_name_of_an_apposition_after_a_preposition_is_no_subject:
            "[P:a] , W t1 P t2 , [P:x y] , Q V C q1 ." => [("D", "q1", None)];
        an_apposition_without_a_pre_verb_word_names_no_subject:
            "t1 t2 , [P:x y] , V C q1 ." => [("D", "q1", None)];
        an_organisation_in_a_genitive_behind_a_preposition_is_no_subject:
            "U P n [G:o] Q V C q1 ." => [];
        unnamed_word_inside_the_quote_is_no_subject: "V « U t1 q1 » ." => [("D", "U t1 q1", None)];
        unnamed_word_after_the_complementizer_is_no_subject: "V C U q1 ." => [("D", "U q1", None)];
        unnamed_word_then_a_person_in_apposition: "V U t1 , [P:x y] , C q1 ." => [("0", "q1", None)];
        unnamed_word_then_a_person_without_comma: "V U [P:x y] C q1 ." => [];
        unnamed_word_its_genitive_then_a_person: "V U t1 [P:x y] C q1 ." => [("0", "q1", None)];
        unnamed_word_then_a_person_far_without_comma: "V U t1 t2 t3 [P:x y] C q1 ." => [];
        definite_unnamed_word_then_a_person_is_its_object: "V the-U t1 [P:x y] C q1 ." => [];
        attribution_to_an_outlet_is_its_report: "q1 q2 , A x V O [G:o] ." => [("0", "q1 q2", Some(0))];
        unnamed_after_a_named_speaker_changes_nothing: "V [P:x] U C q1 ." => [("0", "q1", None)];
        first_name_spelled_like_a_preposition:
            "V t1 lt2 , P [P:x y] , C q1 ." => [("0", "q1", None)];
        preposition_before_a_person_without_comma_is_one:
            "V t1 P [P:x y] C q1 ." => [("D", "q1", None)];
        unnamed_source_told_an_outlet_gives_its_report:
            "V U t1 l[O:o] C q1 ." => [("0", "q1", Some(0))];
        unnamed_source_told_an_outlet_in_an_attribution:
            "q1 q2 , A x V U t1 O l[G:o] ." => [("0", "q1 q2", Some(0))];
        unnamed_source_without_an_outlet_in_an_attribution: "q1 q2 , A x V U t1 ." => [];
        the_same_source_refers_back: "V the-source C q1 ." => [("D", "q1", None)];
        an_organisations_noun_after_the_verb_takes_the_discourses_organisation:
            "N V the-org C q1 ." => [("DO", "q1", None)];
        an_organisations_noun_after_a_joined_verb_is_not_the_sentence_subject:
            "[P:x] t1 wV the-org C q1 ." => [("DO", "q1", None)];
        a_statements_noun_after_the_verb_takes_the_discourses_issuer:
            "N V the-statement C q1 ." => [("DI", "q1", None)];
        a_statement_verb_with_an_indefinite_statement_takes_its_issuer:
            "J P statement [G:o] C q1 ." => [("0", "q1", None)];
        a_statement_verb_with_an_outlets_report_is_the_outlet_speaking:
            "J P statement [O:o] C q1 ." => [("0", "q1", Some(0))];
        a_statement_verb_with_the_statement_takes_the_discourses_issuer:
            "J P the-statement C q1 ." => [("DI", "q1", None)];
        a_statement_verb_with_no_issuer_named_is_no_statement: "J P statement C q1 ." => [];
        a_statement_verb_in_another_shape_is_no_statement: "J t1 t2 C q1 ." => [];
        a_statement_verb_after_relative_ma_is_no_statement:
            "t1 ma J P statement [G:o] C q1 ." => [];
        a_party_after_a_preposition_is_no_issuer: "J P statement P [G:o] C q1 ." => [];
        a_party_told_the_statement_is_no_issuer:
            "J P the-statement t1 l[G:o] C q1 ." => [("DI", "q1", None)];
        an_organisations_noun_mid_clause_is_no_subject: "t1 t2 V the-org C q1 ." => [];
        a_noun_that_does_not_agree_with_the_verb_is_its_object:
            "N V the-org-object C q1 ." => [("D", "q1", None)];
        a_plural_of_things_and_a_nationality_adjective_is_an_unnamed_subject:
            "N V the-things Adj C q1 ." => [];
        a_plural_of_things_that_does_not_agree_is_the_object:
            "N V the-things-object Adj C q1 ." => [("D", "q1", None)];
        a_singular_noun_and_a_nationality_adjective_may_refer_back:
            "N V the-coach Adj C q1 ." => [("D", "q1", None)];
        attributed_speaker_far_after_the_verb:
            "q1 q2 , A x V t1 t2 lt3 t4 t5 lt6 [P:y z] ." => [("0", "q1 q2", None)];
    }
}
