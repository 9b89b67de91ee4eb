//! Polarity and modality of a match from the cue words around its trigger.
//!
//! Cues (word lists with reserved names, see [`crate::rules::cue`]) decide polarity and modality from
//! the trigger token `t` of a match, within its sentence:
//! - negated: a `@negation` word among the 5 tokens before `t`, with no clause punctuation
//!   (، , ؛ ; : « » ( )) between it and `t`;
//! - hypothetical: the trigger carries a future سـ, or a `@hypothetical` word is among the 5
//!   tokens before `t` in the same clause (not after a `@perfect` auxiliary, nor an
//!   `@affirming` one right before an Arabic verb in the perfect: "وقد أكد"), or a
//!   `@conditional` word occurs anywhere before `t` in the sentence;
//! - reported (when not hypothetical): `t` is inside a quotation, or a `@reporting` verb comes
//!   before `t` with a `@complementizer` or `:` between them, or a `@reporting` verb is among the
//!   last 4 tokens of the sentence after a comma that follows `t`, or an `@attribution` word
//!   occurs anywhere in the sentence.

use super::matcher::{is_boundary, is_comma};
use super::Cx;
use crate::model::{Modality, Polarity};

/// Whether a normalized word is an Arabic verb in the imperfect: it starts with a prefix of
/// the imperfect (ي ت ن), perhaps after و or ف. A verb of form V or VI in the perfect (تحدث)
/// reads as one too, which keeps a modal cue before it hypothetical, as before. A word in
/// Latin script is none.
fn arabic_imperfect(w: &str) -> bool {
    let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
    w.starts_with(['ي', 'ت', 'ن'])
}

/// How many tokens before the trigger negation and modal cues may stand.
const CUE_WINDOW: usize = 5;

impl Cx<'_> {
    /// Polarity and modality of a match over tokens `span` with its trigger at `trig`. Cue
    /// words inside the match itself (the speech verb of a `said` rule, the "according to" of
    /// a `reported-by` rule) do not make it reported.
    pub(super) fn polarity_modality(
        &self,
        trig: usize,
        span: (usize, usize),
    ) -> (Polarity, Modality) {
        let outside = |t: usize| t < span.0 || t >= span.1;
        let cues = &self.set.cues;
        let lo = trig.saturating_sub(CUE_WINDOW).max(self.s0);
        // Same-clause window before the trigger, nearest first.
        let mut window = Vec::new();
        for t in (lo..trig).rev() {
            if is_boundary(self.norm(t)) {
                break;
            }
            window.push(t);
        }
        let negated = window.iter().any(|&t| self.has(t, cues.negation));
        let future = self
            .hits(trig)
            .iter()
            .any(|h| h.future && !self.set.triggered_by(h.class).is_empty());
        // A modal cue after an auxiliary of the past perfect (وكان الوفد قد وصل) asserts, and
        // so does an affirming one right before a verb in the perfect (وقد أكد).
        let perfect_verb = !arabic_imperfect(self.norm(trig));
        let modal = |t: usize| {
            self.has(t, cues.hypothetical)
                && !window.iter().any(|&u| u < t && self.has(u, cues.perfect))
                && !(t + 1 == trig && perfect_verb && self.has(t, cues.affirming))
        };
        let hypothetical = future
            || window.iter().any(|&t| modal(t))
            || (self.s0..trig).any(|t| self.has(t, cues.conditional));
        let quotes = (self.s0..trig).filter(|&t| self.norm(t) == "\"").count();
        let in_quote = quotes % 2 == 1 && (trig..self.s1).any(|t| self.norm(t) == "\"");
        let said_before = (self.s0..trig).any(|r| {
            outside(r)
                && self.has(r, cues.reporting)
                && (r + 1..trig).any(|c| self.has(c, cues.complementizer) || self.norm(c) == ":")
        });
        let said_after = {
            let tail = self.s1.saturating_sub(4).max(trig + 1);
            (tail..self.s1).any(|r| {
                outside(r)
                    && self.has(r, cues.reporting)
                    && (trig + 1..r).any(|c| is_comma(self.norm(c)))
            })
        };
        let attributed = (self.s0..self.s1).any(|t| outside(t) && self.has(t, cues.attribution));
        let modality = if hypothetical {
            Modality::Hypothetical
        } else if in_quote || said_before || said_after || attributed {
            Modality::Reported
        } else {
            Modality::Actual
        };
        let polarity = if negated {
            Polarity::Negated
        } else {
            Polarity::Asserted
        };
        (polarity, modality)
    }
}
