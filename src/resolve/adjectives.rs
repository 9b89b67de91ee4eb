//! A country's name that is also its adjective: السعودية is Saudi Arabia and the feminine
//! "Saudi". Right after a definite feminine noun (or a plural in ات) it agrees with, it is the
//! adjective ("الشركة السعودية" "the Saudi company", "بالعاصمة السعودية", "السلطات
//! السعودية"), which the guidelines do not count as a mention of the country: the match is
//! read as the country's nisba. Where the noun does not agree ("زار الوفد السعودية") or is
//! indefinite ("عاصمة السعودية", a genitive), the name stands.

use crate::gazetteer::Reading;
use crate::model::EntityType;
use crate::text::TokenKind;

use super::index::DocIndex;
use super::Work;

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    for (mi, m) in doc.matches.iter().enumerate() {
        let Reading::Entity(e, _) = m.reading else {
            continue;
        };
        let a = m.first_token;
        if a == 0 || doc.match_of_token(a) != Some(mi) || doc.entity_type(e) != EntityType::Country
        {
            continue;
        }
        // The name shaped like a feminine nisba with the article (السعودية).
        let w = doc.norm_of(a);
        if !(w.starts_with("ال") && w.ends_with("يه")) {
            continue;
        }
        let p = a - 1;
        if doc.toks[p].kind != TokenKind::Word
            || doc.gaz_cover[p]
            || doc.sentence_end(p) != doc.sentence_end(a)
            || !definite_feminine(doc.norm_of(p))
        {
            continue;
        }
        work.out.adjectives.push(mi);
    }
}

/// Whether the normalized word is a definite feminine noun or adjective (ة, normalized ه) or a
/// plural in ات, perhaps after proclitics (بالعاصمة، وللشركة).
fn definite_feminine(w: &str) -> bool {
    let mut rest = w;
    for _ in 0..2 {
        if rest.starts_with("ال") || rest.starts_with("لل") {
            break;
        }
        match rest.strip_prefix(['و', 'ف', 'ب', 'ك']) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    (rest.starts_with("ال") || rest.starts_with("لل"))
        && rest.chars().count() >= 5
        && (rest.ends_with('ه') || rest.ends_with("ات"))
}

#[cfg(test)]
mod tests {
    use super::definite_feminine;
    use crate::text::normalize;

    #[test]
    fn definite_feminine_nouns() {
        for w in ["الشركة", "بالعاصمة", "السلطات", "وللحكومة", "والقوات"]
        {
            assert!(definite_feminine(&normalize(w)), "{w}");
        }
        for w in ["الوفد", "عاصمة", "شركة", "الرياض", "ال"] {
            assert!(!definite_feminine(&normalize(w)), "{w}");
        }
    }
}
