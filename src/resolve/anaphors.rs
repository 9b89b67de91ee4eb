//! Plural anaphors: a lexicon anaphor for two or more entities (البلدين, الرئيسان, "the two
//! countries") joins the countries or people last named before it, each with its own mention
//! of the anaphor's span (`via: coreference`). A capital used as an actor counts as the
//! country it stands for.

use crate::gazetteer::{Reading, WordClass};
use crate::model::EntityType;

use super::index::DocIndex;
use super::{Target, Via, Work};

/// Entities in focus: the latest last.
#[derive(Default)]
struct Focus {
    countries: Vec<u32>,
    people: Vec<Target>,
}

impl Focus {
    fn country(&mut self, c: u32) {
        self.countries.retain(|x| *x != c);
        self.countries.push(c);
    }

    fn person(&mut self, p: Target) {
        self.people.retain(|x| *x != p);
        self.people.push(p);
    }

    /// The `count` latest entities of type `ty`, if there are that many.
    fn latest(&self, ty: Option<EntityType>, count: usize) -> Vec<Target> {
        match ty {
            Some(EntityType::Country) if self.countries.len() >= count => self.countries
                [self.countries.len() - count..]
                .iter()
                .map(|c| Target::Gazetteer(*c))
                .collect(),
            Some(EntityType::Person) if self.people.len() >= count => {
                self.people[self.people.len() - count..].to_vec()
            }
            _ => vec![],
        }
    }
}

pub(super) fn run(doc: &DocIndex, work: &mut Work) {
    // Every mention so far, in token order.
    let mut events: Vec<(usize, Target)> = Vec::new();
    for m in doc.matches {
        if let Reading::Entity(e, _) = m.reading {
            events.push((m.first_token, Target::Gazetteer(e)));
        }
    }
    for m in &work.out.mentions {
        events.push((m.first_token, m.target));
    }
    events.sort();
    let mut focus = Focus::default();
    let mut ev = 0usize;
    let mut added = Vec::new();
    for t in 0..doc.len() {
        while ev < events.len() && events[ev].0 < t {
            let target = events[ev].1;
            match target {
                Target::Gazetteer(e) => match doc.entity_type(e) {
                    EntityType::Country => focus.country(e),
                    EntityType::Person => focus.person(target),
                    _ => {}
                },
                Target::Found(_) => focus.person(target),
                Target::Tagged(i) => {
                    if work.out.tagged[i as usize].entity_type == EntityType::Person {
                        focus.person(target);
                    }
                }
            }
            ev += 1;
        }
        if let Some(mi) = doc.gaz_at[t] {
            if let Ok(i) = work.out.stands_for.binary_search_by_key(&mi, |x| x.0) {
                let sf = work.out.stands_for[i].1;
                if doc.entity_type(sf) == EntityType::Country {
                    focus.country(sf);
                }
            }
        }
        if doc.gaz_cover[t] {
            continue;
        }
        for hit in doc.classes(t) {
            if hit.class != WordClass::Anaphor || hit.count < 2 {
                continue;
            }
            for target in focus.latest(hit.entity_type, hit.count as usize) {
                added.push(doc.mention(target, t, hit.end_token, Via::Coreference));
            }
        }
    }
    for m in added {
        work.push_mention(m);
    }
}
