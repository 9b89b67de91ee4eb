//! Names by pattern: a known given name followed by name-like tokens ("عمر حسن البشير",
//! "وعبدالواحد لبيني") is a person in no gazetteer. Two to six tokens; a conjunction or
//! preposition glued to the first is left out of the span.

use crate::gazetteer::{Gazetteer, WordClass};
use crate::text::clitics::{Grammar, SplitList, StemPolicy};
use crate::text::TokenKind;

use super::index::DocIndex;
use super::{Via, Work};

/// Most tokens of a name found here.
const MAX_NAME_TOKENS: usize = 6;

/// Kinship nouns: after a given name that is also a word ("ابن أخي" "my nephew", "أبو زوجته")
/// they make a kinship phrase, not a name.
static KIN: super::heads::WordSet = super::heads::WordSet::new(&[
    "أخي",
    "أخيه",
    "أخيها",
    "أختي",
    "أخته",
    "أختها",
    "عمي",
    "عمه",
    "عمها",
    "خالي",
    "خاله",
    "خالها",
    "زوجته",
    "زوجها",
    "زوجتي",
    "ابنه",
    "ابنها",
    "ابني",
]);

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    let n = doc.len();
    let mut t = 0usize;
    while t < n {
        if work.cover[t] || doc.toks[t].kind != TokenKind::Word {
            t += 1;
            continue;
        }
        let Some(prefix_len) = doc.given_name_at(t) else {
            t += 1;
            continue;
        };
        let e = name_end(doc, work, t);
        // With the name tagger on, the tagger has read these words and found no name here:
        // the pattern then takes only a name whose second word is name-like evidence itself
        // (a given name, a family nisba, a particle: "مرعي العواجي"). Many given names are also
        // words (حسن، ساري، خادم، عالي), and after one a common word made a person of "حسن
        // الحظ" (good luck), "ساري المفعول" (in force) or "خادم الحرمين" (a title): of 60
        // such names read in news the tagger had run over, 8 were people.
        // (Nor is a particle that is a given name enough: "ابن عم" (a cousin), "ولد لأسرة"
        // (born to a family), "أبو الفنون" (the theatre).)
        let weak = doc.tagger && e - t >= 2 && !strong(doc, t + 1) && !particle(doc, t + 1);
        if e - t < 2
            || weak
            || doc.has_class(t, WordClass::Stop)
            || KIN.contains(doc.norm_of(t + 1))
        {
            t += 1;
            continue;
        }
        let target = work.found_person(doc, t, e, prefix_len);
        work.push_mention(doc.mention_from(target, t, e, prefix_len, Via::Pattern));
        t = e;
    }
}

/// Token `t` is a known given name, perhaps after a proclitic: the proclitic's length.
///
/// Only a single و ف ب ل opens a name here (of the splits [`Grammar::PLAIN`] yields, with
/// [`StemPolicy::Name`]). After ك or two proclitics the stem is a given name by accident far
/// more often than not: allowing them found 14 more names in the JawharaFM news, 11 of them
/// words (كمينا "ambush", فكريا, ولسنا "we are not", وبرجا "tower", كريتا كاريتا).
pub(super) fn given_name_at(g: &Gazetteer, w: &str) -> Option<usize> {
    if w.chars().nth(2).is_some() && g.is_given_name(w) {
        return Some(0);
    }
    SplitList::of(w, Grammar::PLAIN)
        .iter()
        .filter(|s| matches!(s.clitics, "و" | "ف" | "ب" | "ل"))
        .find(|s| StemPolicy::Name.allows_stem(s) && g.is_given_name(s.stem))
        .map(|s| s.len)
}

/// One past the last token of the name that starts with the given name at `t`.
fn name_end(doc: &DocIndex, work: &Work, t: usize) -> usize {
    let end = doc.sentence_end(t);
    let covered = |x: usize| work.cover[x];
    // A word with a preposition + article glued on (بالمباراة، للانذار) or a conjunction
    // before a non-name (والفني، وأسامة) ends the name.
    let continues = |x: usize| {
        let w = doc.norm_of(x);
        let glued_article = SplitList::of(w, Grammar::WORD)
            .iter()
            .any(|s| s.lal || (s.article && s.clitics != "ال"));
        let conjunction = w.starts_with('و') && !doc.g.is_given_name(w);
        // A word with the attached pronoun ها (سيارتها، اتلافها، يمكنها) is no part of a
        // name; names of five letters or more do not end so (مها is three).
        let pronoun = w.ends_with("ها") && w.chars().count() >= 5;
        !glued_article && !conjunction && !pronoun
    };
    // Past the second token only name-like evidence extends the name: another given name, a
    // family nisba (العزاوي), or a particle with its name (بن راشد، آل مكتوم).
    let particle = |x: usize| particle(doc, x);
    let mut e = t + 1;
    while e < end && e - t < MAX_NAME_TOKENS && !covered(e) && doc.name_like(e) && continues(e) {
        if particle(e) {
            if e + 1 < end && !covered(e + 1) && doc.name_like(e + 1) && !particle(e + 1) {
                e += 2;
                continue;
            }
            break;
        }
        if e - t >= 2 && !strong(doc, e) {
            break;
        }
        e += 1;
    }
    e
}

/// Token `x` is a particle of a name (بن، أبو، آل).
fn particle(doc: &DocIndex, x: usize) -> bool {
    doc.g.is_word(WordClass::Particle, doc.norm_of(x))
}

/// Token `x` is a name by itself: a given name, a family nisba (العزاوي), or the second word of
/// a compound given name (نور الدين، صلاح الدين; not الله: "أحمد الله" is also "I thank God").
fn strong(doc: &DocIndex, x: usize) -> bool {
    let w = doc.norm_of(x);
    doc.g.is_given_name(w) || (w.starts_with("ال") && w.ends_with('ي')) || w == "الدين"
}
