//! The compiled embedded gazetteer as bytes: written by the build script, read at start-up.
//!
//! Parsing the embedded TSV files and compiling them (normalizing and tokenizing some 50,000
//! aliases, the matcher's trie, the spelling and bare-body indexes) took most of the start-up
//! of every run. None of it depends on anything but the embedded files and this code, so
//! `build.rs` (which includes the gazetteer and text modules by path) compiles them once,
//! [`encode`]s the [`Gazetteer`] and the binary embeds the bytes; a run with the embedded
//! gazetteers only [`decode`]s them, which allocates the same tables without computing them.
//! A run with `--gazetteers DIR` or `--add-gazetteers DIR` compiles at run time as before.
//!
//! Layout: a header (magic, [`VERSION`], a checksum of the source files, the payload's length
//! and checksum) and the payload, every number little-endian. [`decode`] gives `None` when the
//! magic, version or either checksum does not match, and the caller compiles the files
//! instead, so a stale or damaged snapshot costs time, never a wrong answer.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::load::{EntityRow, GazetteerData, Origin, RoleRow, TitleRow, WordClass, WordRow};
use super::{Gazetteer, Matcher};
use crate::date::PartialDate;
use crate::model::EntityType;
use crate::text::Abbreviations;

const MAGIC: &[u8; 8] = b"KHABARGZ";
/// The format's version: bump it whenever the layout or the meaning of a field changes.
pub const VERSION: u32 = 1;
const HEADER_BYTES: usize = 8 + 4 + 8 + 8 + 8;

/// A checksum of bytes, eight at a time (a multiply-rotate step and a final avalanche): fast
/// enough to run over the embedded files at every start-up.
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let mut w = [0u8; 8];
    w[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The checksum of a list of files (name, contents), as the snapshot records its sources.
pub fn sources_checksum(files: &[(&str, &str)]) -> u64 {
    let mut h = 0u64;
    for (name, text) in files {
        h = (h.rotate_left(7) ^ checksum(name.as_bytes())).wrapping_mul(3);
        h = (h.rotate_left(7) ^ checksum(text.as_bytes())).wrapping_mul(3);
    }
    h
}

/// Loads `files` (name relative to `gazetteers/`, contents) as the embedded source, checks
/// and compiles them, and encodes the result. Errors are the load and reference errors, one
/// per line (the build script then embeds no snapshot and the binary compiles at run time,
/// where the same errors are reported in full).
pub fn build(files: &[(&str, &str)]) -> Result<Vec<u8>, String> {
    let mut data = GazetteerData::default();
    let mut errors = Vec::new();
    let mut hash = crate::hash::Fnv::new();
    super::load_embedded(files, &mut data, &mut errors, &mut hash);
    errors.extend(data.check_references());
    if !errors.is_empty() {
        let lines: Vec<String> = errors.iter().take(5).map(|e| e.to_string()).collect();
        return Err(lines.join("; "));
    }
    let g = Gazetteer::compile(data, hash.finish())?;
    Ok(encode(&g, sources_checksum(files)))
}

/// Encodes a compiled gazetteer whose source files have the checksum `sources`.
pub fn encode(g: &Gazetteer, sources: u64) -> Vec<u8> {
    let mut w = Writer::default();
    let mut files = Files::default();
    w.u64(g.fingerprint);
    w.date(g.as_of);
    w.len(g.entities.len());
    for e in &g.entities {
        w.str(&e.id);
        w.u8(entity_type_code(e.entity_type));
        for s in [
            &e.kind,
            &e.en,
            &e.ar,
            &e.wikidata,
            &e.country,
            &e.iso2,
            &e.capital,
            &e.stands_for,
        ] {
            w.opt_str(s.as_deref());
        }
        files.origin(&mut w, &e.origin);
    }
    w.len(g.roles.len());
    for r in &g.roles {
        w.str(&r.person);
        w.str(&r.role);
        w.str(&r.of);
        w.date(r.start);
        w.date(r.end);
        files.origin(&mut w, &r.origin);
    }
    w.len(g.titles.len());
    for t in &g.titles {
        w.str(&t.role);
        w.str(&t.lang);
        w.str(&t.form);
        w.opt_str(t.gender.as_deref());
        w.opt_str(t.number.as_deref());
        w.u8(match t.definite {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
        files.origin(&mut w, &t.origin);
    }
    w.len(g.words.len());
    for r in &g.words {
        w.str(&r.word);
        w.u8(word_class_code(r.class));
        w.u8(r.entity_type.map_or(0, |t| entity_type_code(t) + 1));
        w.u8(r.count);
        files.origin(&mut w, &r.origin);
    }
    // The sets and maps in a fixed order, so that the same files give the same bytes.
    let mut given: Vec<&String> = g.given_names.iter().collect();
    given.sort_unstable();
    w.len(given.len());
    for n in given {
        w.str(n);
    }
    let mut whole: Vec<&(WordClass, String)> = g.whole_tokens.iter().collect();
    whole.sort_unstable_by(|a, b| (word_class_code(a.0), &a.1).cmp(&(word_class_code(b.0), &b.1)));
    w.len(whole.len());
    for (class, word) in whole {
        w.u8(word_class_code(*class));
        w.str(word);
    }
    let mut skeletons: Vec<(&String, &Option<u32>)> = g.person_skeletons.iter().collect();
    skeletons.sort_unstable();
    w.len(skeletons.len());
    for (k, v) in skeletons {
        w.str(k);
        w.u32(v.unwrap_or(u32::MAX));
    }
    let mut bodies: Vec<(&String, &Vec<(u32, u32)>)> = g.bare_bodies.iter().collect();
    bodies.sort_unstable();
    w.len(bodies.len());
    for (k, pairs) in bodies {
        w.str(k);
        w.len(pairs.len());
        for &(c, e) in pairs {
            w.u32(c);
            w.u32(e);
        }
    }
    g.matcher.encode(&mut w);
    // The file names last (the origins above refer to them by index), then where they start.
    let names_at = w.position();
    w.len(files.names.len());
    for n in &files.names {
        w.str(n);
    }
    w.len(names_at);
    let payload = w.bytes;
    let mut out = Vec::with_capacity(HEADER_BYTES + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&sources.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Decodes a snapshot written by [`encode`] for source files with the checksum `sources`;
/// `None` if it is not one (wrong magic or version, other sources, a damaged payload).
pub fn decode(bytes: &[u8], sources: u64) -> Option<Gazetteer> {
    let mut header = Reader::new(bytes.get(..HEADER_BYTES)?);
    if header.take(8)? != MAGIC || header.u32()? != VERSION || header.u64()? != sources {
        return None;
    }
    let len = usize::try_from(header.u64()?).ok()?;
    let sum = header.u64()?;
    let payload = bytes.get(HEADER_BYTES..)?;
    if payload.len() != len || checksum(payload) != sum {
        return None;
    }
    let mut r = Reader::new(payload);
    // The file names are at the end; read them first so the origins can share them.
    let (files, names_at) = file_names(payload)?;
    let fingerprint = r.u64()?;
    let as_of = r.date()?;
    let n = r.len()?;
    let mut entities = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.string()?;
        let entity_type = entity_type_of(r.u8()?)?;
        let mut opt = || r.opt_string();
        let (kind, en, ar, wikidata) = (opt()?, opt()?, opt()?, opt()?);
        let (country, iso2, capital, stands_for) = (opt()?, opt()?, opt()?, opt()?);
        entities.push(EntityRow {
            id,
            entity_type,
            kind,
            en,
            ar,
            wikidata,
            country,
            iso2,
            capital,
            stands_for,
            origin: r.origin(&files)?,
        });
    }
    let n = r.len()?;
    let mut roles = Vec::with_capacity(n);
    for _ in 0..n {
        roles.push(RoleRow {
            person: r.string()?,
            role: r.string()?,
            of: r.string()?,
            start: r.date()?,
            end: r.date()?,
            origin: r.origin(&files)?,
        });
    }
    let n = r.len()?;
    let mut titles = Vec::with_capacity(n);
    for _ in 0..n {
        titles.push(TitleRow {
            role: r.string()?,
            lang: r.string()?,
            form: r.string()?,
            gender: r.opt_string()?,
            number: r.opt_string()?,
            definite: match r.u8()? {
                0 => None,
                1 => Some(false),
                2 => Some(true),
                _ => return None,
            },
            origin: r.origin(&files)?,
        });
    }
    let n = r.len()?;
    let mut words = Vec::with_capacity(n);
    for _ in 0..n {
        words.push(WordRow {
            word: r.string()?,
            class: word_class_of(r.u8()?)?,
            entity_type: match r.u8()? {
                0 => None,
                t => Some(entity_type_of(t - 1)?),
            },
            count: r.u8()?,
            origin: r.origin(&files)?,
        });
    }
    let n = r.len()?;
    let mut given_names = rustc_hash::FxHashSet::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        given_names.insert(r.string()?);
    }
    let n = r.len()?;
    let mut whole_tokens = HashSet::with_capacity(n);
    for _ in 0..n {
        let class = word_class_of(r.u8()?)?;
        whole_tokens.insert((class, r.string()?));
    }
    let n = r.len()?;
    let mut person_skeletons = HashMap::with_capacity(n);
    for _ in 0..n {
        let k = r.string()?;
        let v = r.u32()?;
        person_skeletons.insert(k, (v != u32::MAX).then_some(v));
    }
    let n = r.len()?;
    let mut bare_bodies = HashMap::with_capacity(n);
    for _ in 0..n {
        let k = r.string()?;
        let m = r.len()?;
        let mut pairs = Vec::with_capacity(m);
        for _ in 0..m {
            pairs.push((r.u32()?, r.u32()?));
        }
        bare_bodies.insert(k, pairs);
    }
    let matcher = Matcher::decode(&mut r)?;
    if r.pos != names_at {
        return None;
    }
    let index = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i as u32))
        .collect();
    let abbreviations = abbreviations(&words);
    Some(Gazetteer {
        entities,
        index,
        matcher,
        roles,
        titles,
        given_names,
        words,
        whole_tokens,
        abbreviations,
        as_of,
        fingerprint,
        person_skeletons,
        bare_bodies,
    })
}

/// The tokenizer's abbreviations for a lexicon: the built-in ones and the lexicon's class
/// `abbreviation` (as [`Gazetteer::compile`] makes them; a few dozen words).
pub(super) fn abbreviations(words: &[WordRow]) -> Abbreviations {
    let mut a = Abbreviations::builtin().clone();
    a.extend(
        words
            .iter()
            .filter(|w| w.class == WordClass::Abbreviation)
            .map(|w| w.word.as_str()),
    );
    a
}

/// The file-name table at the end of a payload ([`encode`] writes it after everything else,
/// then its offset as the payload's last eight bytes), and that offset.
fn file_names(payload: &[u8]) -> Option<(Vec<Arc<str>>, usize)> {
    let at = payload.len().checked_sub(8)?;
    let mut tail = Reader::new(payload.get(at..)?);
    let start = usize::try_from(tail.u64()?).ok()?;
    let mut r = Reader::new(payload.get(start..at)?);
    let n = r.len()?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        names.push(Arc::from(r.str()?));
    }
    Some((names, start))
}

/// The file names the origins of a snapshot refer to, by index.
#[derive(Default)]
struct Files {
    names: Vec<Arc<str>>,
}

impl Files {
    fn origin(&mut self, w: &mut Writer, o: &Origin) {
        let i = match self.names.iter().position(|n| *n == o.file) {
            Some(i) => i,
            None => {
                self.names.push(o.file.clone());
                self.names.len() - 1
            }
        };
        w.len(i);
        w.u64(o.line as u64);
    }
}

fn entity_type_code(t: EntityType) -> u8 {
    match t {
        EntityType::Person => 0,
        EntityType::Country => 1,
        EntityType::Agency => 2,
        EntityType::Location => 3,
        EntityType::Event => 4,
    }
}

fn entity_type_of(code: u8) -> Option<EntityType> {
    Some(match code {
        0 => EntityType::Person,
        1 => EntityType::Country,
        2 => EntityType::Agency,
        3 => EntityType::Location,
        4 => EntityType::Event,
        _ => return None,
    })
}

fn word_class_code(c: WordClass) -> u8 {
    match c {
        WordClass::Speech => 0,
        WordClass::Stop => 1,
        WordClass::Locative => 2,
        WordClass::Anaphor => 3,
        WordClass::Particle => 4,
        WordClass::Between => 5,
        WordClass::Conjunction => 6,
        WordClass::Body => 7,
        WordClass::Delegation => 8,
        WordClass::Abbreviation => 9,
        WordClass::SurnameParticle => 10,
    }
}

fn word_class_of(code: u8) -> Option<WordClass> {
    Some(match code {
        0 => WordClass::Speech,
        1 => WordClass::Stop,
        2 => WordClass::Locative,
        3 => WordClass::Anaphor,
        4 => WordClass::Particle,
        5 => WordClass::Between,
        6 => WordClass::Conjunction,
        7 => WordClass::Body,
        8 => WordClass::Delegation,
        9 => WordClass::Abbreviation,
        10 => WordClass::SurnameParticle,
        _ => return None,
    })
}

/// Appends little-endian numbers and length-prefixed strings.
#[derive(Default)]
pub(super) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(super) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub(super) fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }

    pub(super) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub(super) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    fn date(&mut self, d: Option<PartialDate>) {
        match d {
            None => self.u8(0),
            Some(d) => {
                self.u8(1);
                self.bytes.extend_from_slice(&d.year.to_le_bytes());
                self.u8(d.month.unwrap_or(0));
                self.u8(d.day.unwrap_or(0));
            }
        }
    }

    /// The number of bytes written.
    fn position(&self) -> usize {
        self.bytes.len()
    }
}

/// Reads what a [`Writer`] wrote; every method gives `None` past the end or on a bad value.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }

    pub(super) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.array()?))
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }

    /// A count, checked against the bytes left (every item takes one byte at least), so a
    /// damaged length cannot ask for a huge allocation.
    pub(super) fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.bytes.len() - self.pos).then_some(n)
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    pub(super) fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    pub(super) fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        Some(self.opt_str()?.map(str::to_string))
    }

    fn date(&mut self) -> Option<Option<PartialDate>> {
        match self.u8()? {
            0 => Some(None),
            1 => {
                let year = i32::from_le_bytes(self.array()?);
                let month = Some(self.u8()?).filter(|&m| m != 0);
                let day = Some(self.u8()?).filter(|&d| d != 0);
                Some(Some(PartialDate { year, month, day }))
            }
            _ => None,
        }
    }

    fn origin(&mut self, files: &[Arc<str>]) -> Option<Origin> {
        let file = files.get(usize::try_from(self.u64()?).ok()?)?.clone();
        let line = usize::try_from(self.u64()?).ok()?;
        Some(Origin { file, line })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{GazetteerBuilder, Source, EMBEDDED};

    /// The fixture gazetteers as embedded-style files (name relative to the directory).
    fn fixture_files() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/gazetteers");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("fixtures/gazetteers")
            .filter_map(|e| {
                let p = e.ok()?.path();
                (p.extension()? == "tsv").then_some(p)
            })
            .map(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy().into();
                (name, std::fs::read_to_string(&p).expect("fixture file"))
            })
            .collect();
        files.sort();
        files
    }

    fn refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
        files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect()
    }

    #[test]
    fn the_embedded_snapshot_is_what_the_files_compile_to() {
        let snap = Gazetteer::embedded_snapshot().expect("the build script embeds a snapshot");
        let compiled = GazetteerBuilder::new()
            .source(Source::Embedded)
            .compile()
            .expect("embedded gazetteers compile");
        let sources = sources_checksum(EMBEDDED);
        // The encoding holds every table (in a fixed order): equal bytes, equal tables.
        assert!(encode(&compiled, sources) == crate::embedded::GAZETTEER_SNAPSHOT);
        assert!(encode(&snap, sources) == crate::embedded::GAZETTEER_SNAPSHOT);
        assert_eq!(snap.fingerprint(), compiled.fingerprint());
        assert_eq!(snap.abbreviations(), compiled.abbreviations());
        assert_eq!(snap.index, compiled.index);
    }

    #[test]
    fn round_trip_of_the_fixture_gazetteers() {
        let files = fixture_files();
        let files = refs(&files);
        let bytes = build(&files).expect("fixture gazetteers compile");
        let sources = sources_checksum(&files);
        let g = decode(&bytes, sources).expect("decodes");
        assert_eq!(encode(&g, sources), bytes);
        // Other sources, another version: not this snapshot.
        assert!(decode(&bytes, sources ^ 1).is_none());
        let mut other = bytes.clone();
        other[8] ^= 1;
        assert!(decode(&other, sources).is_none());
    }

    #[test]
    fn damaged_snapshots_are_refused_without_a_panic() {
        let files = fixture_files();
        let files = refs(&files);
        let bytes = build(&files).expect("fixture gazetteers compile");
        let sources = sources_checksum(&files);
        for cut in (0..bytes.len()).step_by(97) {
            assert!(decode(&bytes[..cut], sources).is_none(), "cut at {cut}");
        }
        for at in (HEADER_BYTES..bytes.len()).step_by(89) {
            let mut bad = bytes.clone();
            bad[at] ^= 0x5a;
            assert!(decode(&bad, sources).is_none(), "byte {at} changed");
        }
        assert!(decode(&[], sources).is_none());
    }

    #[test]
    fn a_bad_row_builds_no_snapshot() {
        let files = [(
            "people.tsv",
            "id\ttype\ten\nperson:x\tPERSON\tX\nbad-id\tPERSON\tY\n",
        )];
        let err = build(&files).expect_err("a bad id");
        assert!(err.contains("gazetteers/people.tsv:3"), "{err}");
    }
}
