//! The frame rules: the speech frame ([`crate::rules::speech`]) reads a sentence through
//! [`SentenceView`], and its statements become `said` and `reported-by` relations.

use super::{Cx, FrameStep, PartyIdx, RawRelation};
use crate::gazetteer::Reading;
use crate::model::{EntityType, Modality};
use crate::rules::parse::FrameKind;
use crate::rules::speech::{
    self, Class, FrameNote, PartyKind, PartyRef, Punct, SentenceView, Speaker,
};
use crate::text::clitics::{Grammar, SplitList};

/// How many sentences back a dropped subject may find the speaker of the discourse.
const DISCOURSE_SENTENCES: usize = 4;

/// Who the discourse is about, for a statement without a named speaker ("وأضاف أن"): the
/// speaker of the last statement, else the person or organisation the last sentences opened
/// with; each with the sentence it was seen in.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Discourse {
    speaker: Option<(PartyIdx, usize)>,
    /// The speaker's gender, when the speaker is a person a speech verb agreed with
    /// ("وقالت تيريزا ماي": feminine, `Some(true)`; "قال بوتين": `Some(false)`).
    speaker_feminine: Option<bool>,
    topic: Option<(PartyIdx, usize)>,
    /// The sentence where the speaker's quote opened and has not closed yet ("وأضاف: "….
    /// …."): the sentences up to its close are still the speaker's.
    open_quote: Option<usize>,
}

/// How many sentences a quote that does not close may run on (a stray quote mark must not
/// keep a speaker for the rest of the document).
const QUOTE_SENTENCES: usize = 8;

impl Cx<'_> {
    /// Runs the frame rules over the sentence: the speech frame's statements become `said`
    /// (frame `speech`) and `reported-by` (frame `speech-outlet`) relations. A statement
    /// without a named speaker takes the discourse's; every statement updates it.
    pub(super) fn run_frames(
        &self,
        si: usize,
        discourse: &mut Discourse,
        out: &mut Vec<RawRelation>,
        trace: Option<&mut Vec<FrameStep>>,
    ) {
        // The subject this sentence opens with is the discourse's topic for the sentences
        // after it (set when this one is done).
        let subject = speech::sentence_subject(self, self.s1)
            .filter(|p| matches!(p.kind, PartyKind::Person | PartyKind::Organisation));
        let continued = discourse
            .open_quote
            .filter(|&from| si - from <= QUOTE_SENTENCES);
        discourse.open_quote = None;
        if continued.is_some() {
            // The sentence goes on with the speaker's quote: the speaker was speaking up to
            // here (as recent as the sentence before: not a statement of this one, which would
            // take the dropped subjects before this sentence's own subject does).
            if let Some((p, at)) = discourse.speaker {
                discourse.speaker = Some((p, at.max(si - 1)));
            }
            if !self.sentence_closes_quote() {
                discourse.open_quote = continued;
            }
        }
        self.statements_of(si, discourse, out, trace);
        if continued.is_none()
            && discourse.speaker.is_some_and(|(_, at)| at == si)
            && self.sentence_opens_quote()
        {
            discourse.open_quote = Some(si);
        }
        // (A sentence inside the speaker's quote opens with what the speaker talks about, not
        // with who the discourse is about.)
        if let Some(p) = subject.filter(|_| continued.is_none()) {
            discourse.topic = Some((p.party, si));
        }
    }

    fn statements_of(
        &self,
        si: usize,
        discourse: &mut Discourse,
        out: &mut Vec<RawRelation>,
        mut trace: Option<&mut Vec<FrameStep>>,
    ) {
        let c = &self.set.cues;
        // A speech verb, or an attribution with no verb ("…، وفق المرصد").
        if !(self.s0..self.s1).any(|t| {
            self.has(t, c.speech_verb)
                || self.has(t, c.speech_verb_that)
                || self.has(t, c.attribution)
                || self.has(t, c.statement_verb)
        }) {
            return;
        }
        let mut found = Vec::new();
        let mut steps = Vec::new();
        let unnamed = speech::statements(self, &mut found, trace.is_some().then_some(&mut steps));
        if let Some(tr) = trace.as_deref_mut() {
            // Statements are traced below, once their speaker is known.
            tr.extend(steps.iter().filter(|(_, note)| !note.is_statement()).map(
                |&(token, note)| FrameStep {
                    sentence: si,
                    token,
                    note,
                    speaker: None,
                },
            ));
        }
        for (i, &st) in found.iter().enumerate() {
            // The gender the verb gives its subject (a dropped one included: "وأضافت أن"); an
            // adverbial participle's by its ending (قائلة، مضيفة; قائلا).
            let verb_feminine = if self.has(st.verb, self.set.cues.speech_participle) {
                let w = self.norm(st.verb);
                if w.ends_with('ه') {
                    Some(true)
                } else if w.ends_with('ا') {
                    Some(false)
                } else {
                    None
                }
            } else {
                match verb_agreement(self.norm(st.verb)) {
                    Agreement::Feminine => Some(true),
                    Agreement::Masculine => Some(false),
                    Agreement::Either | Agreement::Plural => None,
                }
            };
            let named = match st.speaker {
                Speaker::Named(p) => Some((p.party, Some(p.first))),
                Speaker::Discourse | Speaker::DiscourseOrganisation | Speaker::DiscourseIssuer => {
                    // An organisation's noun as the subject takes only an organisation the
                    // document names with that noun; a statement's noun only an organisation
                    // or a country.
                    let fits = |p: PartyIdx| match st.speaker {
                        Speaker::DiscourseOrganisation => self.named_with_noun(p, st.verb + 1),
                        Speaker::DiscourseIssuer => {
                            self.is_organisation(p) || self.party_is(p, EntityType::Country)
                        }
                        _ => true,
                    };
                    let recent = |d: Option<(PartyIdx, usize)>| {
                        d.filter(|&(p, at)| si - at <= DISCOURSE_SENTENCES && fits(p))
                    };
                    // A statement earlier in this sentence, else the subject this sentence
                    // opened with ("X attacked the plan, saying …"), else the sentences before.
                    let here = discourse
                        .speaker
                        .filter(|&(p, at)| at == si && fits(p))
                        .or_else(|| {
                            speech::sentence_subject(self, st.verb)
                                .filter(|p| {
                                    matches!(p.kind, PartyKind::Person | PartyKind::Organisation)
                                        && fits(p.party)
                                })
                                .map(|p| (p.party, si))
                        });
                    // A dropped subject agrees with its verb: where it would be the discourse's
                    // speaker, a person of the other gender, someone the text does not name
                    // speaks ("قال بوتين … وأضافت أن"): no statement.
                    let other_gender = |p: PartyIdx| {
                        st.speaker == Speaker::Discourse
                            && discourse.speaker.is_some_and(|(s, _)| s == p)
                            && verb_feminine.is_some()
                            && discourse.speaker_feminine.is_some()
                            && verb_feminine != discourse.speaker_feminine
                    };
                    here.or(recent(discourse.speaker))
                        .or(recent(discourse.topic))
                        .filter(|&(p, _)| !other_gender(p))
                        .map(|(p, _)| (p, None))
                }
            };
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(FrameStep {
                    sentence: si,
                    token: st.verb,
                    note: match (named, st.speaker) {
                        (Some(_), _) => st.note,
                        (None, Speaker::DiscourseOrganisation) => {
                            FrameNote::NoDiscourseOrganisation
                        }
                        (None, Speaker::DiscourseIssuer) => FrameNote::NoDiscourseIssuer,
                        (None, _) => FrameNote::NoDiscourse,
                    },
                    speaker: named.map(|(p, _)| self.party_id(p)),
                });
            }
            // An organisation the text does not name spoke (or issued the statement): the
            // discourse goes on about it, so a later dropped subject is not a speaker named
            // before it.
            if named.is_none()
                && matches!(
                    st.speaker,
                    Speaker::DiscourseOrganisation | Speaker::DiscourseIssuer
                )
            {
                discourse.speaker = None;
                discourse.topic = None;
            }
            // Nobody to say it, but an outlet it was said to ("بحسب ما أكده مصدر أمني لمراسل
            // الجوهرة أف أم"): the outlet's report alone, reported-by(null, outlet).
            if named.is_none() && st.outlet.is_none() {
                continue;
            }
            let speaker = named.map(|(p, _)| p);
            let speaker_token = named.and_then(|(_, at)| at);
            // A statement reported inside another's quote ("…، وفق ما أورده صندوق النقد") is
            // not who the discourse is about: the next dropped subject is still the quoting
            // speaker.
            if let (Some(speaker), false) =
                (speaker, st.report_only || speech::is_nested(&found, i))
            {
                let same = discourse.speaker.is_some_and(|(s, _)| s == speaker);
                discourse.speaker_feminine = match st.speaker {
                    Speaker::Named(_) if self.party_is(speaker, EntityType::Person) => {
                        verb_feminine
                    }
                    _ if same => discourse.speaker_feminine,
                    _ => None,
                };
                discourse.speaker = Some((speaker, si));
            }
            let lo = st
                .verb
                .min(st.quote.0)
                .min(speaker_token.unwrap_or(st.verb));
            let hi = (st.verb + 1).max(st.quote.1);
            // A statement is reported only inside another's quote; the cues of patterns
            // (a speech verb before it) would call every continuation ("مضيفا أن") reported.
            let (polarity, modality) = match self.polarity_modality(st.verb, (lo, hi)) {
                (p, Modality::Hypothetical) => (p, Modality::Hypothetical),
                (p, _) if speech::is_nested(&found, i) => (p, Modality::Reported),
                (p, _) => (p, Modality::Actual),
            };
            // What the statement says the speaker will do, read once for the intent rules.
            let intent = if st.report_only {
                None
            } else {
                speaker.and_then(|_| self.intent(&st, speaker))
            };
            for &ri in &self.set.frames {
                let rule = &self.set.rules[ri as usize];
                let object = match rule.def.frame {
                    Some(FrameKind::Speech) if st.report_only || speaker.is_none() => continue,
                    Some(FrameKind::Speech) => None,
                    // A party is no outlet of its own statement ("…، وفقا لبيان أصدره
                    // المرصد"): its `said` alone.
                    Some(FrameKind::SpeechOutlet) => match st.outlet {
                        Some(o) if st.outlet_speaks || speaker != Some(o.party) => Some(o.party),
                        _ => continue,
                    },
                    Some(FrameKind::SpeechIntent) => match intent {
                        Some(intent) => intent.object,
                        None => continue,
                    },
                    None => continue,
                };
                // An outlet speaking itself reports: reported-by(null, outlet). What "will be
                // done" (سيتم) is the intent of the speaker's side (assembly fills it in).
                let impersonal = rule.def.frame == Some(FrameKind::SpeechIntent)
                    && intent.is_some_and(|i| i.impersonal);
                let subject = match rule.def.frame {
                    Some(FrameKind::SpeechOutlet) if st.outlet_speaks => None,
                    _ if impersonal => None,
                    _ => speaker,
                };
                let mut roles = self.fixed_roles(ri as usize);
                if rule.def.frame == Some(FrameKind::Speech) {
                    let (ba, bb) = self.span_bytes(st.quote.0, st.quote.1);
                    let offsets = self.input.offsets;
                    roles.insert(
                        "quote".into(),
                        serde_json::json!({
                            "text": &self.input.text[ba..bb],
                            "start": offsets.char_of(ba),
                            "end": offsets.char_of(bb),
                        }),
                    );
                }
                let mut relation = self.relation(
                    ri as usize,
                    (subject, object),
                    roles,
                    self.evidence(si),
                    (polarity, modality),
                );
                if impersonal {
                    relation.speaker_side = Some(crate::model::Slot::Subject);
                }
                out.push(RawRelation {
                    rule: ri as usize,
                    first_token: lo,
                    relation,
                });
            }
        }
        // An unnamed speaker after the sentence's last named one ("وقال مصدر أمني ..."): the
        // discourse goes on about nobody named, so a later "وأضاف المصدر ذاته" is not the
        // speaker named before.
        if let Some(u) = unnamed {
            let named_after = found.iter().any(|st| {
                st.verb > u && !st.report_only && matches!(st.speaker, Speaker::Named(_))
            });
            if !named_after {
                discourse.speaker = None;
                discourse.topic = None;
            }
        }
    }

    /// Whether token `t` is a word of cue list `class`, bare or with the article only (no
    /// other proclitic).
    fn bare_listed(&self, class: Option<u32>, t: usize) -> bool {
        class
            .and_then(|c| self.hit(t, c))
            .is_some_and(|hit| matches!(self.norm(t).get(..hit.clitic as usize), Some("" | "ال")))
    }

    /// Whether token `t` is a word of cue list `class`, bare or with the article only, that
    /// agrees with the speech verb at `verb` as its subject would.
    fn noun_subject(&self, class: Option<u32>, verb: usize, t: usize) -> bool {
        self.bare_listed(class, t) && self.agrees(verb, t)
    }

    /// Whether party `p` is an organisation the document names with the noun at token `noun`
    /// (its article aside): in one of its mentions or among the few words before one ("وزارة
    /// الدفاع الصينية" for "الوزارة"، "حركة حماس" for "الحركة"، "وكالة الأنباء الإماراتية
    /// "وام"" for "الوكالة"; not the BBC for "المنظمة").
    fn named_with_noun(&self, p: PartyIdx, noun: usize) -> bool {
        if !self.is_organisation(p) || noun >= self.input.tokens.tokens.len() {
            return false;
        }
        let w = self.norm(noun);
        let stem = w.strip_prefix("ال").unwrap_or(w);
        // The noun, perhaps with the article and a proclitic or two (وبالوزارة).
        let names = |t: usize| {
            let x = self.norm(t);
            x.strip_suffix(stem)
                .is_some_and(|front| front.chars().count() <= 4)
        };
        self.input.matches.iter().any(|m| {
            matches!(m.reading, Reading::Entity(e, _) if e == p)
                && (m.first_token.saturating_sub(NOUN_BEFORE)..m.end_token).any(names)
        })
    }

    /// Whether the first `len` bytes of token `t` are proclitics with a preposition among them
    /// (ب ل ك, لل), by the one clitic grammar: the article ال alone is none ("الرئيس ماكرون").
    fn preposition_before(&self, t: usize, len: usize) -> bool {
        SplitList::of(self.norm(t), Grammar::WORD)
            .iter()
            .any(|s| s.len == len && s.preposition)
    }
}

impl Cx<'_> {
    /// Whether the quote mark at token `t` opens (`Some(true)`) or closes (`Some(false)`) a
    /// quote: « » “ ” say so; a straight mark by the word it is written against ("قال: "نحن"
    /// opens, `"نحن".` closes); with a space on both sides or none, it does not say.
    fn quote_side(&self, t: usize) -> Option<bool> {
        let toks = &self.input.tokens.tokens;
        let tok = &toks[t];
        let text = self.input.text;
        match text.get(tok.byte_start as usize..tok.byte_end as usize)? {
            "«" | "“" => return Some(true),
            "»" | "”" => return Some(false),
            _ => {}
        }
        if self.norm(t) != "\"" {
            return None;
        }
        let word = |x: &crate::text::Token| x.kind != crate::text::TokenKind::Punct;
        let before = t > self.s0 && toks[t - 1].byte_end == tok.byte_start && word(&toks[t - 1]);
        let after = t + 1 < self.s1 && toks[t + 1].byte_start == tok.byte_end && word(&toks[t + 1]);
        match (before, after) {
            (false, true) => Some(true),
            (true, false) => Some(false),
            _ => None,
        }
    }

    /// Whether the sentence ends inside a quote: its last quote mark opens one, and words
    /// follow it ("وأضاف "كمصدر … تذكر." with the quote going on in the next sentences).
    fn sentence_opens_quote(&self) -> bool {
        (self.s0..self.s1)
            .rev()
            .find(|&t| self.norm(t) == "\"")
            .is_some_and(|t| {
                self.quote_side(t) == Some(true)
                    && (t + 1..self.s1)
                        .any(|x| self.input.tokens.tokens[x].kind != crate::text::TokenKind::Punct)
            })
    }

    /// Whether the sentence has a closing quote mark, or a mark that does not say which it is
    /// (the quote that was open ends in it).
    fn sentence_closes_quote(&self) -> bool {
        (self.s0..self.s1).any(|t| self.norm(t) == "\"" && self.quote_side(t) != Some(true))
    }

    /// A Latin word written with a capital, not first in its sentence.
    fn capitalized_mid_sentence(&self, t: usize) -> bool {
        let tok = &self.input.tokens.tokens[t];
        t > self.s0
            && self
                .input
                .text
                .get(tok.byte_start as usize..)
                .and_then(|w| w.chars().next())
                .is_some_and(|c| c.is_ascii_uppercase())
    }
}

/// What a statement says the speaker will do.
#[derive(Debug, Clone, Copy)]
struct Intent {
    /// The first party the statement's clause names (not the speaker), if any.
    object: Option<PartyIdx>,
    /// "سيتم ..." (it will be done): no person intends it, the speaker's side does.
    impersonal: bool,
}

/// Complementizers with the pronoun of the one who will act ("إنه سيزور"، "أنها ستقدم"),
/// normalized, after و or ب.
const PRONOUN_THAT: &[&str] = &["انه", "انها", "انهم", "انهما"];

/// Words that begin with the future's س and a person prefix but are nouns or say only what
/// will be (سيكون، ستكون: "it will be").
const NOT_FUTURE: &[&str] = &[
    "سياسه",
    "سياسات",
    "سياسي",
    "سياسيه",
    "سياره",
    "سيارات",
    "سيد",
    "سيده",
    "سياده",
    "سيطره",
    "سينما",
    "سنه",
    "سنوات",
    "سنويا",
    "سته",
    "ستين",
    "سنتين",
    "سيكون",
    "ستكون",
    "سيكونون",
    "ستبقي",
    "سيبقي",
    "سيظل",
    "ستظل",
    "سيصبح",
    "ستصبح",
];

/// Impersonal futures: what "will be done".
const IMPERSONAL: &[&str] = &["سيتم", "ستتم", "سيقع", "ستقع"];

impl Cx<'_> {
    /// Whether a statement says what its speaker will do: the complementizer carries the
    /// pronoun ("إنه"، "أنها") and a future verb opens the statement (س with a person
    /// prefix: سيزور، ستقدم، سنعمل; or سوف).
    fn intent(&self, st: &speech::Statement, speaker: Option<PartyIdx>) -> Option<Intent> {
        let q0 = st.quote.0;
        if q0 == 0 || q0 >= self.s1 {
            return None;
        }
        if let Some(after) = self.english_intent(q0, st.quote.1) {
            return Some(Intent {
                object: self.first_party(after, st.quote.1, speaker),
                impersonal: false,
            });
        }
        let c = self.norm(q0 - 1);
        let c = c.strip_prefix(['و', 'ب']).unwrap_or(c);
        if !PRONOUN_THAT.contains(&c) {
            return None;
        }
        let w = self.norm(q0);
        let mut chars = w.chars();
        let future = w == "سوف"
            || (chars.next() == Some('س')
                && chars.next().is_some_and(|c| matches!(c, 'ي' | 'ت' | 'ن'))
                && w.chars().count() >= 4
                && !NOT_FUTURE.contains(&w));
        if !future {
            return None;
        }
        Some(Intent {
            object: self.first_party(q0 + 1, st.quote.1, speaker),
            impersonal: IMPERSONAL.contains(&w),
        })
    }

    /// The first party named in a statement's clause from token `from` (before `end`), other
    /// than the speaker.
    fn first_party(&self, from: usize, end: usize, speaker: Option<PartyIdx>) -> Option<PartyIdx> {
        (from..end)
            .take_while(|&t| !matches!(self.punct(t), Punct::Comma | Punct::Other | Punct::Colon))
            .filter_map(|t| self.party(t))
            .map(|p| p.party)
            .find(|&p| Some(p) != speaker)
    }

    /// An English statement of what its speaker will do, opening with the pronoun: "it will
    /// buy", "he would visit", "it plans to", "they are seeking" (not "it will be", "it would
    /// not"). Returns the token after the intent's words.
    fn english_intent(&self, q0: usize, end: usize) -> Option<usize> {
        if q0 + 2 >= end || !matches!(self.norm(q0), "it" | "he" | "she" | "they" | "we") {
            return None;
        }
        let (w2, w3) = (self.norm(q0 + 1), self.norm(q0 + 2));
        let intends = match w2 {
            // ("it would take", "it would seem": an impersonal it.)
            "will" | "would" => !matches!(
                w3,
                "be" | "have" | "not" | "also" | "never" | "seem" | "take" | "cost" | "need"
            ),
            "plans" | "planned" | "intends" | "intended" | "aims" | "aimed" | "seeks" => true,
            "is" | "was" | "are" | "were" => matches!(
                w3,
                "seeking" | "planning" | "considering" | "ready" | "prepared" | "willing"
            ),
            _ => false,
        };
        intends.then_some(q0 + 2)
    }
}

/// Unnamed-speaker words that, with the article, name one speaker the text named before
/// (normalized, after و or ف).
const BACK_REFERRING: &[&str] = &["المصدر", "المسوول"];

/// Most tokens between an organisation's noun and a mention of the organisation it names
/// ("وكالة الأنباء الإماراتية "وام"").
const NOUN_BEFORE: usize = 4;

/// What subject a speech verb agrees with, read off its normalized form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    /// A feminine singular: قالت، أكدت (or a plural of things: وقالت السلطات).
    Feminine,
    /// A masculine singular: قال، يقول، أكد.
    Masculine,
    /// Either: تقول (she says) is written as تابع (he went on) begins, دعا ends like a dual.
    Either,
    /// A plural or a dual, whose subject is in the verb: قالوا، يقولون، قالتا.
    Plural,
}

/// Past verbs whose root ends in ت, masculine without the feminine ت (لفت "he pointed out";
/// لفتت is feminine).
const ROOT_FINAL_TA: &[&str] = &["لفت", "اثبت"];

/// The agreement of a speech verb (normalized, proclitics and a future س allowed in front).
fn verb_agreement(verb: &str) -> Agreement {
    let w = verb.strip_prefix(['و', 'ف']).unwrap_or(verb);
    let w = match w.strip_prefix('س') {
        Some(rest) if rest.starts_with(['ي', 'ت']) => rest,
        _ => w,
    };
    if w.ends_with("وا") || w.ends_with("ون") || w.ends_with("تا") {
        Agreement::Plural
    } else if w.ends_with('ت') && !ROOT_FINAL_TA.contains(&w) {
        Agreement::Feminine
    } else if w.starts_with('ي') {
        Agreement::Masculine
    } else if w.starts_with('ت') || w.ends_with('ا') {
        Agreement::Either
    } else {
        Agreement::Masculine
    }
}

impl SentenceView for Cx<'_> {
    fn refers_back(&self, t: usize) -> bool {
        let w = self.norm(t);
        let w = w
            .strip_prefix(['و', 'ف'])
            .filter(|r| r.starts_with("ال"))
            .unwrap_or(w);
        let same =
            |x: usize| x < self.s1 && matches!(self.norm(x), "ذاته" | "نفسه" | "ذاتها" | "نفسها");
        // "نفس المصدر"، "ذات المصدر": the same source.
        let same_before = matches!(w, "نفس" | "ذات")
            && t + 1 < self.s1
            && BACK_REFERRING.contains(&self.norm(t + 1));
        BACK_REFERRING.contains(&w) || (w.starts_with("ال") && same(t + 1)) || same_before
    }

    fn definite(&self, t: usize) -> bool {
        let w = self.norm(t);
        w.strip_prefix(['و', 'ف']).unwrap_or(w).starts_with("ال")
    }

    fn pronoun_suffix(&self, t: usize) -> bool {
        let w = self.norm(t);
        w.ends_with('ه') || w.ends_with("ها") || w.ends_with("هم")
    }

    fn plural_noun(&self, t: usize) -> bool {
        let w = self.norm(t);
        let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        // Eight letters or more: "القانون" (the law) is no plural.
        w.starts_with("ال")
            && w.ends_with("ون")
            && w.chars().count() >= 8
            && self.listed(t).next().is_none()
            && self.entity(t).is_none()
    }

    fn latin(&self, t: usize) -> bool {
        self.norm(t)
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
    }

    fn organisation_subject(&self, verb: usize, t: usize) -> bool {
        self.noun_subject(self.set.cues.organisation_noun, verb, t)
    }

    fn statement_subject(&self, verb: usize, t: usize) -> bool {
        self.noun_subject(self.set.cues.statement_noun, verb, t)
    }

    fn relative_ma(&self, t: usize) -> bool {
        matches!(self.norm(t), "ما" | "مما" | "بما" | "لما")
    }

    fn statement_noun(&self, t: usize) -> bool {
        self.bare_listed(self.set.cues.statement_noun, t)
    }

    fn agrees(&self, verb: usize, t: usize) -> bool {
        // The noun's gender: a feminine singular (ة, normalized ه) or a plural in ات takes a
        // feminine verb before it ("وقالت السلطات").
        let w = self.norm(t);
        let feminine = w.ends_with('ه') || w.ends_with("ات");
        match verb_agreement(self.norm(verb)) {
            Agreement::Feminine => feminine,
            Agreement::Masculine => !feminine,
            Agreement::Either => true,
            Agreement::Plural => false,
        }
    }

    fn nationality_adjective(&self, t: usize) -> bool {
        self.s.adjective_at.get(t).is_some_and(|&i| i != u32::MAX)
    }

    fn plural_of_things(&self, t: usize) -> bool {
        let w = self.norm(t);
        let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        w.starts_with("ال") && w.ends_with("ات") && w.chars().count() >= 6
    }

    fn span(&self) -> (usize, usize) {
        (self.s0, self.s1)
    }

    fn is(&self, t: usize, class: Class) -> bool {
        let c = &self.set.cues;
        let cue = match class {
            Class::Verb => c.speech_verb,
            Class::Complementizer => c.complementizer,
            Class::Attribution => c.attribution,
            Class::OnBehalf => c.on_behalf,
            Class::OutletKind => c.outlet_kind,
            Class::Remarks => c.remarks,
            Class::Preposition => c.preposition,
            Class::Opener => c.opener,
            Class::ClauseOpener => c.clause_opener,
            Class::Pronoun => c.pronoun,
            Class::PreVerb => c.pre_verb,
            Class::Relative => c.relative,
            Class::VerbThat => c.speech_verb_that,
            Class::StatementVerb => c.statement_verb,
            Class::Unnamed => c.unnamed_speaker,
            Class::Spokesperson => c.spokesperson,
        };
        // "United States Lines": a capitalized word inside a sentence is a name's, not the
        // verb "states".
        self.has(t, cue)
            && !(matches!(class, Class::Verb | Class::VerbThat) && self.capitalized_mid_sentence(t))
    }

    fn preposition_clitic(&self, t: usize) -> bool {
        // A proclitic written apart with a tatweel ("لـ«سبوتنيك»"، "بـ"العربية""): that token,
        // and the word after it, over an opening quote mark, carry it.
        let apart = |x: usize| matches!(self.norm(x), "ل" | "ب");
        if apart(t) {
            return true;
        }
        let mut b = t;
        while b > self.s0 && self.norm(b - 1) == "\"" {
            b -= 1;
        }
        if b > self.s0 && apart(b - 1) {
            return true;
        }
        let tok = &self.input.tokens.tokens[t];
        // A mention that starts inside its token: the bytes before it are proclitics (the
        // proclitic letters are the same bytes in the original and the normalized form).
        if let Some(m) = self.entity(t) {
            let cut = m.byte_start.saturating_sub(tok.byte_start as usize);
            if cut > 0 {
                return self.preposition_before(t, cut);
            }
            // ل merged with the article (للجوهرة): the mention keeps the whole token, as the
            // guidelines write it, but its name starts with the article.
            if self.norm(t).starts_with("لل") {
                return SplitList::of(self.norm(t), Grammar::WORD)
                    .iter()
                    .any(|s| s.lal && s.preposition);
            }
        }
        // A word of a list found after stripping proclitics.
        self.listed(t)
            .filter(|h| h.clitic > 0)
            .any(|h| self.preposition_before(t, h.clitic as usize))
    }

    fn participle(&self, t: usize) -> bool {
        self.has(t, self.set.cues.speech_participle)
    }

    fn joined(&self, t: usize) -> bool {
        let c = &self.set.cues;
        self.hits(t).iter().any(|h| {
            h.waw && (Some(h.class) == c.speech_verb || Some(h.class) == c.speech_verb_that)
        })
    }

    fn construct_head(&self, t: usize) -> bool {
        let tok = &self.input.tokens.tokens[t];
        let w = self.norm(t);
        tok.kind == crate::text::TokenKind::Word
            && w.chars().nth(1).is_some()
            && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
            && !["ال", "وال", "بال", "فال", "كال", "لل"]
                .iter()
                .any(|a| w.starts_with(a))
            && self.listed(t).next().is_none()
            && self.entity(t).is_none()
    }

    fn party(&self, t: usize) -> Option<PartyRef> {
        let m = self.entity(t)?;
        let Reading::Entity(e, _) = m.reading else {
            return None;
        };
        let party = self.input.parties.get(e.0 as usize)?;
        let kind = match party.entity_type {
            EntityType::Person => PartyKind::Person,
            EntityType::Agency => PartyKind::Organisation,
            EntityType::Country => PartyKind::Country,
            _ => PartyKind::Other,
        };
        Some(PartyRef {
            outlet: party.outlet,
            title_after: self.input.title_after.binary_search(&m.first_token).is_ok(),
            party: e,
            first: t,
            end: m.end_token.min(self.s1).max(t + 1),
            kind,
        })
    }

    fn punct(&self, t: usize) -> Punct {
        let tok = &self.input.tokens.tokens[t];
        if tok.kind != crate::text::TokenKind::Punct {
            return Punct::None;
        }
        match self.norm(t) {
            "،" | "," => Punct::Comma,
            ":" => Punct::Colon,
            // (Angle brackets mark a ticker or a company in wire copy: "Acme <ACM> said".)
            "(" | "<" => Punct::OpenParen,
            ")" | ">" => Punct::CloseParen,
            "\"" => {
                // A quote of three tokens or fewer names something («سبوتنيك»): not speech;
                // unless a speech participle opens it, which has no subject to be named and
                // says what follows ("قائلا «كيدهن عظيم»").
                let said = |open: usize| open > self.s0 && self.participle(open - 1);
                let opening = (self.s0..t).filter(|&x| self.norm(x) == "\"").count() % 2 == 0;
                if opening {
                    let close = (t + 1..self.s1).find(|&x| self.norm(x) == "\"");
                    if close.is_none_or(|c| c - t - 1 > 3) || said(t) {
                        Punct::OpenQuote
                    } else {
                        Punct::QuoteMark
                    }
                } else {
                    let open = (self.s0..t).rev().find(|&x| self.norm(x) == "\"");
                    if open.is_some_and(|o| t - o - 1 > 3 || said(o)) {
                        Punct::CloseQuote
                    } else {
                        Punct::QuoteMark
                    }
                }
            }
            _ => Punct::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{verb_agreement, Agreement};
    use crate::text::normalize;

    fn agreement(verb: &str) -> Agreement {
        verb_agreement(&normalize(verb))
    }

    #[test]
    fn speech_verbs_agree_with_their_subjects() {
        for v in ["قالت", "وأضافت", "فأكدت", "لفتت"] {
            assert_eq!(agreement(v), Agreement::Feminine, "{v}");
        }
        for v in ["قال", "وأضاف", "يقول", "سيعلن", "لفت", "وأكد"] {
            assert_eq!(agreement(v), Agreement::Masculine, "{v}");
        }
        // تقول (she says) is written as تابع (he went on) begins; دعا ends like a dual.
        for v in ["تقول", "وستعلن", "وتابع", "دعا"] {
            assert_eq!(agreement(v), Agreement::Either, "{v}");
        }
        for v in ["قالوا", "يقولون", "وأكدتا"] {
            assert_eq!(agreement(v), Agreement::Plural, "{v}");
        }
    }
}
