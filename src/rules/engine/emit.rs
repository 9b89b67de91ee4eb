//! Relations from a rule's match: captured parties paired by the conventions of the
//! predicate table, captured spans as roles, and the one place a rule's metadata becomes a
//! [`Relation`] (used by the frames too).

use std::collections::BTreeMap;

use super::finish::plover_category;
use super::matcher::{Cap, Party, State};
use super::{Cx, PartyIdx, RawRelation};
use crate::model::{Evidence, Modality, Polarity, Relation};

impl Cx<'_> {
    pub(super) fn emit(
        &self,
        ri: usize,
        si: usize,
        span: (usize, usize),
        st: &State,
        out: &mut Vec<RawRelation>,
    ) {
        let first_token = span.0;
        let rule = &self.set.rules[ri];
        let offsets = self.input.offsets;
        let text = self.input.text;
        let mut subjects: Vec<(PartyIdx, usize)> = Vec::new();
        let mut objects: Vec<(PartyIdx, usize)> = Vec::new();
        let mut roles = self.fixed_roles(ri);
        for (name, cap) in rule.captures.iter().zip(&st.caps) {
            match cap {
                Cap::None => {}
                Cap::Parties(p) => match name.as_str() {
                    "subject" => subjects = p.clone(),
                    "object" => objects = p.clone(),
                    _ => {
                        if let Some(&(e, _)) = p.first() {
                            roles.insert(name.clone(), serde_json::Value::String(self.party_id(e)));
                        }
                    }
                },
                Cap::Span(a, b) if b > a => {
                    let (ba, bb) = self.span_bytes(*a, *b);
                    let t = &text[ba..bb];
                    let v = if name == "quote" {
                        serde_json::json!({
                            "text": t,
                            "start": offsets.char_of(ba),
                            "end": offsets.char_of(bb),
                        })
                    } else {
                        serde_json::Value::String(t.to_string())
                    };
                    roles.insert(name.clone(), v);
                }
                Cap::Span(..) => {}
            }
        }
        // Pairs, by the conventions of the predicate table.
        let mut pairs: Vec<(Option<Party>, Option<Party>)> = Vec::new();
        if !objects.is_empty() {
            if subjects.is_empty() {
                pairs.extend(objects.iter().map(|&o| (None, Some(o))));
            }
            for &s in &subjects {
                for &o in &objects {
                    if s.0 != o.0 {
                        pairs.push((Some(s), Some(o)));
                    }
                }
            }
        } else if rule.symmetric {
            for i in 0..subjects.len() {
                for j in i + 1..subjects.len() {
                    if subjects[i].0 != subjects[j].0 {
                        pairs.push((Some(subjects[i]), Some(subjects[j])));
                    }
                }
            }
            if subjects.len() == 1 && rule.def.object_optional {
                pairs.push((Some(subjects[0]), None));
            }
        } else {
            pairs.extend(subjects.iter().map(|&s| (Some(s), None)));
        }
        let (polarity, modality) = self.polarity_modality(st.trigger, span);
        let evidence = self.evidence(si);
        for (s, o) in pairs {
            let (s, o) = match (s, o) {
                // Symmetric: the party named first is the subject.
                (Some(a), Some(b)) if rule.symmetric && b.1 < a.1 => (Some(b), Some(a)),
                x => x,
            };
            out.push(RawRelation {
                rule: ri,
                first_token,
                relation: self.relation(
                    ri,
                    (s.map(|(e, _)| e), o.map(|(e, _)| e)),
                    roles.clone(),
                    evidence.clone(),
                    (polarity, modality),
                ),
            });
        }
    }

    /// The roles a rule sets whatever it matched (`role-name = value` in its definition).
    pub(super) fn fixed_roles(&self, ri: usize) -> BTreeMap<String, serde_json::Value> {
        self.set.rules[ri]
            .def
            .roles
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect()
    }

    /// The one place where a rule's metadata and the parties it found become a relation (its
    /// id is given later, when the extraction is assembled): patterns ([`Self::emit`]) and
    /// frames alike.
    pub(super) fn relation(
        &self,
        ri: usize,
        (subject, object): (Option<PartyIdx>, Option<PartyIdx>),
        roles: BTreeMap<String, serde_json::Value>,
        evidence: Evidence,
        (polarity, modality): (Polarity, Modality),
    ) -> Relation {
        let rule = &self.set.rules[ri];
        Relation {
            id: String::new(),
            predicate: rule.def.predicate.clone(),
            subject: subject.map(|e| self.party_id(e)),
            object: object.map(|e| self.party_id(e)),
            symmetric: rule.symmetric,
            roles,
            evidence,
            rule: rule.def.id.clone(),
            confidence: rule.def.confidence,
            polarity,
            modality,
            cameo: rule.def.cameo.clone(),
            plover: plover_category(rule.def.plover.as_deref(), polarity, modality),
            speaker_side: rule.def.speaker_side,
        }
    }
}
