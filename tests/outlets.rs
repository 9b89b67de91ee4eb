//! News outlets in the embedded gazetteers: named with their classifier noun or nisba they are
//! found; their names that are everyday words are not found alone; ambiguous English names and
//! acronyms stay silent. Every mention is checked with its span.

use khabar::{Document, Pipeline};

fn pipeline() -> &'static Pipeline {
    use std::sync::OnceLock;
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        // The outlets are gazetteer data: the name tagger, which finds organisations of its
        // own ("The Nikkei rose"), is off so that these cases test the gazetteer rows.
        Pipeline::builder()
            .tagger(false)
            .build()
            .expect("the embedded gazetteers load")
    })
}

/// (entity id, mention text, char start) of every AGENCY mention.
fn agencies(text: &str) -> Vec<(String, String, usize)> {
    let ex = pipeline().extract(&Document::new("t", text));
    let mut v: Vec<_> = ex
        .entities
        .iter()
        .filter(|e| e.id.starts_with("agency:"))
        .flat_map(|e| {
            e.mentions.iter().map(move |m| {
                let chars: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                assert_eq!(chars, m.text, "{}", e.id);
                (e.id.clone(), m.text.clone(), m.start)
            })
        })
        .collect();
    v.sort_by_key(|x| x.2);
    v
}

macro_rules! outlets {
    ($($name:ident: $text:expr => [$(($id:expr, $mention:expr, $start:expr)),*];)*) => {$(
        #[test]
        fn $name() {
            let want: Vec<(String, String, usize)> =
                vec![$(($id.to_string(), $mention.to_string(), $start)),*];
            assert_eq!(agencies($text), want, "{}", $text);
        }
    )*};
}

outlets! {
    paper_with_classifier: "وقال الوزير في تصريح لصحيفة الحياة إن الاتفاق قريب."
        => [("agency:al-hayat", "صحيفة الحياة", 22)];
    common_word_alone_is_no_outlet: "الحياة صعبة في الرياض والخليج اليوم."
        => [];
    shared_name_needs_its_nisba: "ونقلت صحيفة الوطن السعودية عن مصدر."
        => [("agency:al-watan-saudi", "صحيفة الوطن السعودية", 6)];
    shared_name_without_nisba_is_silent: "ونقلت صحيفة الوطن عن مصدر."
        => [];
    a_phrase_that_names_a_paper_is_not_one: "وأعلنت الإمارات اليوم أن 24 شخصا وصلوا."
        => [];
    channel_and_agency: "وذكرت قناة الجديد ووكالة معا أن الاجتماع انتهى."
        => [("agency:al-jadeed", "قناة الجديد", 6), ("agency:maan", "وكالة معا", 19)];
    longest_name_wins: "بحسب ما نقلته جريدة القدس العربي أمس."
        => [("agency:al-quds-al-arabi", "جريدة القدس العربي", 14)];
    english_outlets: "Arab News and Der Spiegel reported it."
        => [("agency:arab-news", "Arab News", 0), ("agency:der-spiegel", "Der Spiegel", 14)];
    english_ambiguous_names_are_silent: "The Nikkei rose, CCTV footage showed, and the national team won."
        => [];
    english_case_sensitive_name: "Arab news outlets said so."
        => [];
}
