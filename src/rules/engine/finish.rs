//! What is done to all of a document's raw relations: the PLOVER category of a relation and
//! de-duplication.

use super::RawRelation;
use crate::model::{Modality, Polarity, Relation};

/// PLOVER codes the future or intended form of a cooperative event (CONSULT, SUPPORT,
/// COOPERATE, AID) as AGREE (PLOVER_MANUAL, AGREE); other categories stay.
pub(super) fn plover_category(
    category: Option<&str>,
    polarity: Polarity,
    modality: Modality,
) -> Option<String> {
    let c = category?;
    let intent = modality == Modality::Hypothetical && polarity == Polarity::Asserted;
    Some(
        if intent && matches!(c, "CONSULT" | "SUPPORT" | "COOPERATE" | "AID") {
            "AGREE"
        } else {
            c
        }
        .to_string(),
    )
}

/// Where a relation's statement starts: two statements of one speaker in one sentence ("قال إن
/// ... مضيفا أن ...") are two relations.
fn quote_start(r: &Relation) -> Option<u64> {
    r.roles.get("quote")?.get("start")?.as_u64()
}

/// De-duplicates raw relations (same sentence, predicate, subject, object and statement: the
/// highest confidence wins, then the earliest rule; a relation with no subject gives way to the
/// same one with its subject) and orders them by evidence. Ids are given
/// when the extraction is assembled ([`crate::assemble`]), with the other relations.
pub fn finish(raw: impl Iterator<Item = RawRelation>) -> Vec<Relation> {
    // Keep the emission order (rule order, then pair order) for ties in the final order.
    let mut raw: Vec<(usize, RawRelation)> = raw.enumerate().collect();
    raw.sort_by(|(_, a), (_, b)| {
        let (x, y) = (&a.relation, &b.relation);
        x.evidence
            .sentence
            .cmp(&y.evidence.sentence)
            .then_with(|| x.predicate.cmp(&y.predicate))
            .then_with(|| x.subject.cmp(&y.subject))
            .then_with(|| x.object.cmp(&y.object))
            .then_with(|| quote_start(x).cmp(&quote_start(y)))
            .then_with(|| y.confidence.total_cmp(&x.confidence))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    raw.dedup_by(|(_, b), (_, a)| {
        let (x, y) = (&a.relation, &b.relation);
        x.evidence.sentence == y.evidence.sentence
            && x.predicate == y.predicate
            && x.subject == y.subject
            && x.object == y.object
            && quote_start(x) == quote_start(y)
    });
    // A report with no speaker beside the same report with its speaker, in one sentence (a
    // pattern that saw the outlet and the frame that saw who spoke to it): the speaker's.
    let spoken: std::collections::HashSet<(usize, &str, Option<&str>)> = raw
        .iter()
        .filter(|(_, r)| r.relation.subject.is_some())
        .map(|(_, r)| {
            let x = &r.relation;
            (
                x.evidence.sentence,
                x.predicate.as_str(),
                x.object.as_deref(),
            )
        })
        .collect();
    let unspoken: Vec<bool> = raw
        .iter()
        .map(|(_, r)| {
            let x = &r.relation;
            x.subject.is_none()
                && x.object.is_some()
                && spoken.contains(&(
                    x.evidence.sentence,
                    x.predicate.as_str(),
                    x.object.as_deref(),
                ))
        })
        .collect();
    let mut keep = unspoken.into_iter().map(|u| !u);
    raw.retain(|_| keep.next().unwrap_or(true));
    raw.sort_by_key(|(seq, r)| (r.relation.evidence.sentence, r.first_token, r.rule, *seq));
    raw.into_iter().map(|(_, r)| r.relation).collect()
}
