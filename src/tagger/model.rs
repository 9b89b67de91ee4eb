//! The model file format: a layout read in place, so loading a model parses nothing per entry.
//!
//! ```text
//! magic      8 bytes  "KHABARNE"
//! version    u32 LE   FORMAT_VERSION
//! checksum   u64 LE   of the payload (FNV-1a over its 8-byte words, then its tail bytes)
//! length     u64 LE   payload length in bytes
//! payload (every section starts at a multiple of 8 bytes from the payload's start):
//!   head         lang, feature groups (u32), clusters fingerprint (u64), lexicon
//!                fingerprint (u64), epochs (u32), tags (u16 count, str each), start weights
//!                (f32 x tags), transition weights (f32 x tags x tags, row: previous tag)
//!   type table   base hash of a word-type feature -> its weights at the window offsets
//!                where it has any (value: first block << OFFSETS | mask of the offsets;
//!                then the blocks, f32 x tags each)
//!   context table  hash of a context feature -> f32 x tags
//!   vocabulary   word -> its score rows (every type feature summed, f32 x OFFSETS x tags),
//!                compiled with the gazetteer lexicon whose fingerprint the head records
//!   clusters     word -> cluster ids (u16 per granularity), the training cluster file's
//! ```
//!
//! A table is `u32 capacity` (a power of two, at least twice the entries), `u32 entries`,
//! then `capacity` slots of 16 bytes: `u64 key` (0: empty), `u32 value`, `u32 check` (open
//! addressing, linear probing; a probe reads one cache line). In a word table the key is the
//! word's 64-bit FNV-1a and the check its 32-bit FNV-1a, so words are told apart by 96 bits
//! of hash without reading them; the words follow (`u32 count`, `u32 end offset x count`,
//! UTF-8 bytes) for the tools that list them. Strings in the head are `u16
//! length + UTF-8`. Everything is little-endian and written in a fixed order, so the same
//! model gives the same bytes. A file with another magic, version, checksum or length, or a
//! section that does not fit, is an error naming the file; a probe never reads outside the
//! bytes (every read is checked), so nothing in a file can make decoding panic.

use super::features::{FeatureSet, OFFSETS};

/// The file magic.
pub const MAGIC: &[u8; 8] = b"KHABARNE";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 3;

/// A model as training produces it (written with [`ModelFile::to_bytes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    /// Language (`ar`, `en`).
    pub lang: String,
    /// Feature groups used.
    pub features: FeatureSet,
    /// Fingerprint of the cluster file used (0 without clusters).
    pub clusters_fingerprint: u64,
    /// Training epochs (informative).
    pub epochs: u32,
    /// Tag names; index 0 is `O`.
    pub tags: Vec<String>,
    /// Start weights, one per tag.
    pub start: Vec<f32>,
    /// Transition weights, `tags x tags`, row = previous tag.
    pub transitions: Vec<f32>,
    /// Word-type features: base hash and weights at each offset (`OFFSETS x tags`), sorted.
    pub type_features: Vec<(u64, Vec<f32>)>,
    /// Context features: hash and weights (`tags`), sorted.
    pub context_features: Vec<(u64, Vec<f32>)>,
    /// Word forms whose score rows are stored (sorted).
    pub vocabulary: Vec<String>,
    /// Their score rows (`OFFSETS x tags` each), summed with the lexicon below.
    pub vocabulary_rows: Vec<f32>,
    /// Fingerprint of the gazetteer lexicon the rows were summed with.
    pub lexicon_fingerprint: u64,
    /// Word clusters (word, ids), sorted; empty without clusters.
    pub clusters: Vec<(String, Vec<u16>)>,
    /// Cluster counts per granularity.
    pub cluster_sizes: Vec<u32>,
}

/// A model file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ModelError {
    /// The file (or embedded name).
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// The checksum of the header: FNV-1a over 8-byte words (fast on megabytes), then the tail.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h ^= u64::from_le_bytes(w);
        h = h.wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 32;
    }
    for &b in chunks.remainder() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ bytes.len() as u64
}

/// The hash of a word in the word tables.
#[inline]
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A second hash of a word (32-bit FNV-1a), stored next to its 64-bit key: a probe tells
/// words apart by the 96 bits without reading the word itself.
#[inline]
pub fn word_check(word: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in word.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// `(word_hash(w), word_check(w))` of `w = fold_digits(word)`, in one pass over the word's
/// bytes: the two FNV chains run side by side, and the folded word is not built.
#[inline]
pub fn folded_word_key(word: &str) -> (u64, u32) {
    let (mut h, mut c): (u64, u32) = (0xcbf2_9ce4_8422_2325, 0x811c_9dc5);
    super::features::fold_digit_bytes(word.as_bytes(), |b| {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        c = (c ^ u32::from(b)).wrapping_mul(0x0100_0193);
    });
    (h, c)
}

/// Slot of a key in a table of capacity `cap` (a power of two).
#[inline]
fn slot(key: u64, cap: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (cap - 1)
}

/// A key that is never 0 (0 marks an empty slot).
#[inline]
fn nonzero(key: u64) -> u64 {
    key.max(1)
}

fn pad8(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(8) {
        out.push(0);
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let n = b.len().min(u16::MAX as usize);
    out.extend((n as u16).to_le_bytes());
    out.extend(&b[..n]);
}

/// Writes a table of (key, value, check) (keys distinct): slots of 16 bytes (key u64,
/// value u32, check u32), so a probe reads one cache line.
fn put_table(out: &mut Vec<u8>, entries: &[(u64, u32, u32)]) {
    let cap = (entries.len() * 2).next_power_of_two().max(8);
    let mut slots = vec![(0u64, 0u32, 0u32); cap];
    for &(k, v, c) in entries {
        let k = nonzero(k);
        let mut i = slot(k, cap);
        while slots[i].0 != 0 {
            i = (i + 1) & (cap - 1);
        }
        slots[i] = (k, v, c);
    }
    pad8(out);
    out.extend((cap as u32).to_le_bytes());
    out.extend((entries.len() as u32).to_le_bytes());
    for (k, v, c) in slots {
        out.extend(k.to_le_bytes());
        out.extend(v.to_le_bytes());
        out.extend(c.to_le_bytes());
    }
}

fn put_words<'a>(out: &mut Vec<u8>, words: impl Iterator<Item = &'a str> + Clone) {
    pad8(out);
    let n = words.clone().count();
    out.extend((n as u32).to_le_bytes());
    let mut end = 0u32;
    for w in words.clone() {
        end += w.len() as u32;
        out.extend(end.to_le_bytes());
    }
    for w in words {
        out.extend(w.as_bytes());
    }
}

fn put_f32s(out: &mut Vec<u8>, xs: &[f32]) {
    pad8(out);
    out.extend((xs.len() as u32).to_le_bytes());
    pad8(out);
    for x in xs {
        out.extend(x.to_le_bytes());
    }
}

impl ModelFile {
    /// Serializes (deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let l = self.tags.len();
        let mut body = Vec::new();
        put_str(&mut body, &self.lang);
        body.extend(self.features.bits().to_le_bytes());
        body.extend(self.clusters_fingerprint.to_le_bytes());
        body.extend(self.lexicon_fingerprint.to_le_bytes());
        body.extend(self.epochs.to_le_bytes());
        body.extend((l as u16).to_le_bytes());
        for t in &self.tags {
            put_str(&mut body, t);
        }
        for w in self.start.iter().chain(&self.transitions) {
            body.extend(w.to_le_bytes());
        }
        // Type features: only the offsets with a weight are stored; the value is the first
        // stored block (in rows of `tags` floats) << OFFSETS | the mask of offsets present.
        let mut entries: Vec<(u64, u32, u32)> = Vec::with_capacity(self.type_features.len());
        let mut w: Vec<f32> = Vec::new();
        for (h, block) in &self.type_features {
            let first = (w.len() / l.max(1)) as u32;
            let mut mask = 0u32;
            for (o, row) in block.chunks_exact(l.max(1)).enumerate().take(OFFSETS) {
                if row.iter().any(|&x| x != 0.0) {
                    mask |= 1 << o;
                    w.extend(row);
                }
            }
            if mask != 0 {
                entries.push((*h, (first << OFFSETS) | mask, 0));
            }
        }
        put_table(&mut body, &entries);
        put_f32s(&mut body, &w);
        // Context features.
        let entries: Vec<(u64, u32, u32)> = self
            .context_features
            .iter()
            .enumerate()
            .map(|(i, (h, _))| (*h, i as u32, 0))
            .collect();
        put_table(&mut body, &entries);
        let w: Vec<f32> = self
            .context_features
            .iter()
            .flat_map(|(_, w)| w.iter().copied())
            .collect();
        put_f32s(&mut body, &w);
        // Vocabulary.
        let entries: Vec<(u64, u32, u32)> = self
            .vocabulary
            .iter()
            .enumerate()
            .map(|(i, v)| (word_hash(v), i as u32, word_check(v)))
            .collect();
        put_table(&mut body, &entries);
        put_words(&mut body, self.vocabulary.iter().map(String::as_str));
        put_f32s(&mut body, &self.vocabulary_rows);
        // Clusters.
        pad8(&mut body);
        body.extend((self.cluster_sizes.len() as u32).to_le_bytes());
        for s in &self.cluster_sizes {
            body.extend(s.to_le_bytes());
        }
        let entries: Vec<(u64, u32, u32)> = self
            .clusters
            .iter()
            .enumerate()
            .map(|(i, (v, _))| (word_hash(v), i as u32, word_check(v)))
            .collect();
        put_table(&mut body, &entries);
        put_words(&mut body, self.clusters.iter().map(|(w, _)| w.as_str()));
        pad8(&mut body);
        for (_, ids) in &self.clusters {
            for id in ids {
                body.extend(id.to_le_bytes());
            }
        }
        pad8(&mut body);
        let mut out = Vec::with_capacity(body.len() + 28);
        out.extend(MAGIC);
        out.extend(FORMAT_VERSION.to_le_bytes());
        out.extend(checksum(&body).to_le_bytes());
        out.extend((body.len() as u64).to_le_bytes());
        out.extend(body);
        out
    }
}

/// Bytes of a model: embedded in the binary, or read from a file.
#[derive(Debug, Clone)]
pub enum ModelBytes {
    /// Embedded (`models/`).
    Static(&'static [u8]),
    /// Read from a file.
    Owned(std::sync::Arc<[u8]>),
}

impl ModelBytes {
    fn get(&self) -> &[u8] {
        match self {
            ModelBytes::Static(b) => b,
            ModelBytes::Owned(b) => b,
        }
    }
}

/// A table inside the payload: offsets of its keys and values, and its capacity.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Table {
    cap: usize,
    slots: usize,
}

/// A list of words inside the payload.
#[derive(Debug, Clone, Copy, Default)]
struct Words {
    n: usize,
    ends: usize,
    blob: usize,
}

/// A model file checked and read in place: the head parsed, the tables located.
#[derive(Debug, Clone)]
pub struct ModelView {
    bytes: ModelBytes,
    /// Language (`ar`, `en`).
    pub lang: String,
    /// Feature groups used.
    pub features: FeatureSet,
    /// Fingerprint of the cluster file used for training (0 without clusters).
    pub clusters_fingerprint: u64,
    /// Fingerprint of the lexicon the vocabulary rows were summed with.
    pub lexicon_fingerprint: u64,
    /// Training epochs.
    pub epochs: u32,
    /// Tag names (`O` first).
    pub tags: Vec<String>,
    /// Start weights.
    pub start: Vec<f32>,
    /// Transition weights (`tags x tags`).
    pub transitions: Vec<f32>,
    /// Cluster counts per granularity.
    pub cluster_sizes: Vec<u32>,
    checksum: u64,
    type_table: Table,
    type_rows: usize,
    type_n: usize,
    context_table: Table,
    context_rows: usize,
    context_n: usize,
    vocab_table: Table,
    vocab_words: Words,
    vocab_rows: usize,
    clusters_table: Table,
    cluster_ids: usize,
}

/// A bounds-checked cursor over the payload.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
    /// Check every entry (values in range, floats finite, words UTF-8), not only the shape.
    thorough: bool,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn align(&mut self) -> Option<()> {
        let pad = (8 - self.at % 8) % 8;
        self.take(pad).map(|_| ())
    }
    /// The u32 at the next 8-byte boundary, without moving.
    fn u32_peek(&self) -> Option<u32> {
        let at = self.at.checked_add((8 - self.at % 8) % 8)?;
        Some(read_u32(self.b.get(at..at + 4)?, 0))
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        let v = f32::from_le_bytes(self.take(4)?.try_into().ok()?);
        v.is_finite().then_some(v)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u16()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    /// A table: checks its shape, that every value is below `n_values`, and returns it.
    fn table(&mut self, n_values: Option<usize>) -> Option<(Table, usize)> {
        self.align()?;
        let cap = self.u32()? as usize;
        let entries = self.u32()? as usize;
        if !cap.is_power_of_two() || entries * 2 > cap {
            return None;
        }
        let slots = self.at;
        let sb = self.take(cap.checked_mul(16)?)?;
        let limit = n_values.unwrap_or(entries);
        if !self.thorough {
            return Some((Table { cap, slots }, entries));
        }
        let mut used = 0;
        for slot in sb.chunks_exact(16) {
            if slot[..8].iter().any(|&x| x != 0) {
                used += 1;
                if read_u32(slot, 8) as usize >= limit {
                    return None;
                }
            }
        }
        (used == entries).then_some((Table { cap, slots }, entries))
    }
    fn words(&mut self) -> Option<Words> {
        self.align()?;
        let n = self.u32()? as usize;
        let ends = self.at;
        let eb = self.take(n.checked_mul(4)?)?;
        if !self.thorough {
            let last = eb
                .get(eb.len().saturating_sub(4)..)
                .and_then(|x| x.try_into().ok())
                .map_or(0, u32::from_le_bytes) as usize;
            let blob = self.at;
            self.take(last)?;
            return Some(Words { n, ends, blob });
        }
        let mut last = 0usize;
        for e in eb.chunks_exact(4) {
            let e = u32::from_le_bytes(e.try_into().ok()?) as usize;
            if e < last {
                return None;
            }
            last = e;
        }
        let blob = self.at;
        std::str::from_utf8(self.take(last)?).ok()?;
        Some(Words { n, ends, blob })
    }
    /// A float array of `want` values (checked finite); returns its offset.
    fn f32s(&mut self, want: usize) -> Option<usize> {
        self.align()?;
        if self.u32()? as usize != want {
            return None;
        }
        self.align()?;
        let at = self.at;
        if !self.thorough {
            self.take(want.checked_mul(4)?)?;
            return Some(at);
        }
        for _ in 0..want {
            self.f32()?;
        }
        Some(at)
    }
}

#[inline]
fn read_u64(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

#[inline]
fn read_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

impl ModelView {
    /// Checks a model file and locates its sections; `file` names it in errors.
    ///
    /// A file read from disk is checked whole (checksum, every table entry and float). The
    /// models embedded in the binary are checked only for their shape, so that starting
    /// khabar does not read megabytes it may never use: they were checked whole when built
    /// (`embedded_models_pass_the_whole_check`), and a probe never reads outside the bytes
    /// whatever they hold.
    pub fn new(file: &str, bytes: ModelBytes) -> Result<ModelView, ModelError> {
        let thorough = matches!(bytes, ModelBytes::Owned(_));
        let err = |m: String| ModelError {
            file: file.to_string(),
            message: m,
        };
        let b = bytes.get();
        if b.len() < 28 || &b[..8] != MAGIC {
            return Err(err("not a khabar tagger model (bad magic)".into()));
        }
        let version = read_u32(b, 8);
        if version != FORMAT_VERSION {
            return Err(err(format!(
                "model format version {version}, this khabar reads version {FORMAT_VERSION}: retrain it with `khabar train ner`"
            )));
        }
        let sum = read_u64(b, 12);
        let len = read_u64(b, 20);
        let payload = &b[28..];
        if payload.len() as u64 != len {
            return Err(err(format!(
                "truncated or padded: payload is {} bytes, header says {len}",
                payload.len()
            )));
        }
        if thorough && checksum(payload) != sum {
            return Err(err("checksum mismatch: the file is corrupt".into()));
        }
        let mut r = Reader {
            b: payload,
            at: 0,
            thorough,
        };
        let mut parse = || -> Option<ModelView> {
            let lang = r.str()?;
            let features = FeatureSet::from_bits(r.u32()?);
            let clusters_fingerprint = r.u64()?;
            let lexicon_fingerprint = r.u64()?;
            let epochs = r.u32()?;
            let l = r.u16()? as usize;
            if l == 0 || l > 255 {
                return None;
            }
            let tags: Vec<String> = (0..l).map(|_| r.str()).collect::<Option<_>>()?;
            let start: Vec<f32> = (0..l).map(|_| r.f32()).collect::<Option<_>>()?;
            let transitions: Vec<f32> = (0..l * l).map(|_| r.f32()).collect::<Option<_>>()?;
            let (type_table, type_n) = r.table(Some(u32::MAX as usize))?;
            let type_blocks = r.u32_peek()? as usize / l;
            let type_rows = r.f32s(type_blocks * l)?;
            // Every entry's blocks are inside the array.
            if r.thorough {
                let p = r.b;
                for i in 0..type_table.cap {
                    let at = type_table.slots + i * 16;
                    if read_u64(p, at) == 0 {
                        continue;
                    }
                    let v = read_u32(p, at + 8);
                    let first = (v >> OFFSETS) as usize;
                    let mask = v & ((1 << OFFSETS) - 1);
                    if mask == 0 || first + mask.count_ones() as usize > type_blocks {
                        return None;
                    }
                }
            }
            let (context_table, context_n) = r.table(None)?;
            let context_rows = r.f32s(context_n * l)?;
            let (vocab_table, vocab_n) = r.table(None)?;
            let vocab_words = r.words()?;
            if vocab_words.n != vocab_n {
                return None;
            }
            let vocab_rows = r.f32s(vocab_n * OFFSETS * l)?;
            r.align()?;
            let g = r.u32()? as usize;
            if g > 4 {
                return None;
            }
            let cluster_sizes: Vec<u32> = (0..g).map(|_| r.u32()).collect::<Option<_>>()?;
            let (clusters_table, clusters_n) = r.table(None)?;
            let cluster_words = r.words()?;
            if cluster_words.n != clusters_n {
                return None;
            }
            r.align()?;
            let cluster_ids = r.at;
            r.take(clusters_n.checked_mul(g * 2)?)?;
            r.align()?;
            (r.at == payload.len()).then_some(ModelView {
                bytes: ModelBytes::Static(&[]),
                lang,
                features,
                clusters_fingerprint,
                lexicon_fingerprint,
                epochs,
                tags,
                start,
                transitions,
                cluster_sizes,
                checksum: sum,
                type_table,
                type_rows,
                type_n,
                context_table,
                context_rows,
                context_n,
                vocab_table,
                vocab_words,
                vocab_rows,
                clusters_table,
                cluster_ids,
            })
        };
        let mut v = parse().ok_or_else(|| err("malformed model body".into()))?;
        if v.tags.first().map(String::as_str) != Some("O") {
            return Err(err("malformed model: the first tag is not O".into()));
        }
        v.bytes = bytes;
        Ok(v)
    }

    /// The payload.
    #[inline]
    fn payload(&self) -> &[u8] {
        self.bytes.get().get(28..).unwrap_or_default()
    }

    /// A fingerprint of the model (its checksum).
    pub fn fingerprint(&self) -> u64 {
        self.checksum
    }

    /// The value and check of `key`.
    #[inline]
    fn probe(&self, t: &Table, key: u64) -> Option<(u32, u32)> {
        if t.cap == 0 {
            return None;
        }
        let p = self.payload();
        let key = nonzero(key);
        let mut i = slot(key, t.cap);
        // At most `cap` steps: a table is at most half full, so an empty slot ends the probe.
        for _ in 0..t.cap {
            let at = t.slots + i * 16;
            let k = read_u64(p, at);
            if k == key {
                return Some((read_u32(p, at + 8), read_u32(p, at + 12)));
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & (t.cap - 1);
        }
        None
    }

    fn word(&self, w: &Words, i: usize) -> &[u8] {
        let p = self.payload();
        let start = if i == 0 {
            0
        } else {
            read_u32(p, w.ends + (i - 1) * 4) as usize
        };
        let end = read_u32(p, w.ends + i * 4) as usize;
        p.get(w.blob + start..w.blob + end).unwrap_or_default()
    }

    fn probe_word(&self, t: &Table, word: &str) -> Option<usize> {
        let (i, check) = self.probe(t, word_hash(word))?;
        (check == word_check(word)).then_some(i as usize)
    }

    /// Adds the weights of type feature `base` at every offset to `rows` (`OFFSETS x tags`).
    #[inline]
    pub fn add_type(&self, base: u64, rows: &mut [f32]) {
        let Some((v, _)) = self.probe(&self.type_table, base) else {
            return;
        };
        let l = self.tags.len();
        let p = self.payload();
        let mut block = (v >> OFFSETS) as usize;
        let mut mask = v & ((1 << OFFSETS) - 1);
        while mask != 0 {
            let o = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if let Some(r) = rows.get_mut(o * l..(o + 1) * l) {
                add_le(p, self.type_rows + block * l * 4, r);
            }
            block += 1;
        }
    }

    /// Starts loading the slot of type feature `base` (see [`prefetch`]).
    #[inline]
    pub(crate) fn prefetch_type(&self, base: u64) {
        let t = &self.type_table;
        if t.cap == 0 {
            return;
        }
        let at = t.slots + slot(nonzero(base), t.cap) * 16;
        prefetch(self.payload().as_ptr().wrapping_add(at));
    }

    /// The row index of a context feature.
    #[inline]
    pub fn context_index(&self, h: u64) -> Option<u32> {
        self.probe(&self.context_table, h).map(|x| x.0)
    }

    /// The keys of the context features (as stored: a key of 0 is stored as 1).
    pub fn context_keys(&self) -> impl Iterator<Item = u64> + '_ {
        let p = self.payload();
        let t = self.context_table;
        (0..t.cap)
            .map(move |i| read_u64(p, t.slots + i * 16))
            .filter(|&k| k != 0)
    }

    /// Adds context row `i` to `em` (`tags`).
    #[inline]
    pub fn add_context(&self, i: u32, em: &mut [f32]) {
        let n = em.len();
        add_le(self.payload(), self.context_rows + i as usize * n * 4, em);
    }

    /// The index of a vocabulary word.
    #[inline]
    pub fn vocab_index(&self, word: &str) -> Option<usize> {
        self.probe_word(&self.vocab_table, word)
    }

    /// The index of a vocabulary word by its [`word_hash`] and [`word_check`].
    #[inline]
    pub fn vocab_index_hashed(&self, hash: u64, check: u32) -> Option<usize> {
        let (i, c) = self.probe(&self.vocab_table, hash)?;
        (c == check).then_some(i as usize)
    }

    /// Writes the score rows of vocabulary word `i` (`OFFSETS x tags`) to `out` (zeros if
    /// the file does not hold them).
    #[inline]
    pub fn vocab_rows(&self, i: usize, out: &mut [f32]) {
        out.fill(0.0);
        let at = self.vocab_rows + i * out.len() * 4;
        add_le(self.payload(), at, out);
    }

    /// Adds row `o` of vocabulary word `i` to `em` (`tags`).
    #[inline]
    pub fn add_vocab_row(&self, i: usize, o: usize, em: &mut [f32]) {
        let l = em.len();
        add_le(
            self.payload(),
            self.vocab_rows + ((i * OFFSETS + o) * l) * 4,
            em,
        );
    }

    /// Number of vocabulary words.
    pub fn vocab_len(&self) -> usize {
        self.vocab_words.n
    }

    /// Vocabulary word `i`.
    pub fn vocab_word(&self, i: usize) -> &str {
        std::str::from_utf8(self.word(&self.vocab_words, i)).unwrap_or_default()
    }

    /// Number of type features and context features.
    pub fn feature_counts(&self) -> (usize, usize) {
        (self.type_n, self.context_n)
    }

    /// The cluster ids of a word into `out`; returns how many (0: no clusters).
    #[inline]
    pub fn clusters_of(&self, word: &str, out: &mut [u16; 4]) -> usize {
        let g = self.cluster_sizes.len();
        let Some(i) = self.probe_word(&self.clusters_table, word) else {
            return 0;
        };
        let p = self.payload();
        for (k, slot) in out.iter_mut().enumerate().take(g) {
            let at = self.cluster_ids + (i * g + k) * 2;
            *slot = p
                .get(at..at + 2)
                .and_then(|s| s.try_into().ok())
                .map_or(0, u16::from_le_bytes);
        }
        g
    }
}

/// Asks the processor to start loading the cache line at `p` (nothing on other targets): the
/// tagger's tables are larger than the caches, so loads known in advance are started together
/// instead of one after the other.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Adds `out.len()` little-endian floats at byte `at` of `p` to `out` (nothing if out of range).
#[inline]
fn add_le(p: &[u8], at: usize, out: &mut [f32]) {
    let Some(src) = p.get(at..at + out.len() * 4) else {
        return;
    };
    for (a, c) in out.iter_mut().zip(src.chunks_exact(4)) {
        let mut w = [0u8; 4];
        w.copy_from_slice(c);
        *a += f32::from_le_bytes(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ModelFile {
        let l = 3;
        ModelFile {
            lang: "ar".into(),
            features: FeatureSet::ALL,
            clusters_fingerprint: 7,
            epochs: 3,
            tags: vec!["O".into(), "B-PERS".into(), "I-PERS".into()],
            start: vec![0.0, 1.0, -1.0],
            transitions: vec![0.5; 9],
            type_features: vec![(1, vec![0.25; OFFSETS * l]), (5, vec![-1.5; OFFSETS * l])],
            context_features: vec![(9, vec![2.0; l])],
            vocabulary: vec!["a".into(), "bc".into()],
            vocabulary_rows: vec![0.5; 2 * OFFSETS * l],
            lexicon_fingerprint: 11,
            clusters: vec![("a".into(), vec![1, 2]), ("xyz".into(), vec![3, 4])],
            cluster_sizes: vec![4, 8],
        }
    }

    #[test]
    fn folded_word_key_is_the_hashes_of_the_folded_word() {
        for w in [
            "",
            "G7",
            "القمة20",
            "٢٠٢٣",
            "۱۴۰۲",
            "٪",
            "ۺ",
            "Paris",
            "تبون",
        ] {
            let f = super::super::features::fold_digits(w);
            assert_eq!(folded_word_key(w), (word_hash(&f), word_check(&f)), "{w:?}");
        }
    }

    #[test]
    fn model_reads_in_place_what_was_written() {
        let m = sample();
        let bytes = m.to_bytes();
        assert_eq!(bytes, m.to_bytes(), "deterministic");
        let v = ModelView::new("m.bin", ModelBytes::Owned(bytes.into())).expect("reads");
        assert_eq!(v.lang, "ar");
        assert_eq!(v.tags, m.tags);
        assert_eq!(v.feature_counts(), (2, 1));
        let mut rows = vec![0.0; OFFSETS * 3];
        v.add_type(5, &mut rows);
        assert_eq!(rows, vec![-1.5; OFFSETS * 3]);
        v.add_type(6, &mut rows);
        assert_eq!(rows, vec![-1.5; OFFSETS * 3]);
        let i = v.context_index(9).expect("context feature");
        let mut em = vec![0.0; 3];
        v.add_context(i, &mut em);
        assert_eq!(em, vec![2.0; 3]);
        assert_eq!(v.vocab_index("bc"), Some(1));
        assert_eq!(v.vocab_word(1), "bc");
        assert_eq!(v.vocab_index("b"), None);
        let mut ids = [0u16; 4];
        assert_eq!(v.clusters_of("xyz", &mut ids), 2);
        assert_eq!(&ids[..2], &[3, 4]);
        assert_eq!(v.clusters_of("xy", &mut ids), 0);
    }

    #[test]
    fn embedded_models_pass_the_whole_check() {
        for (name, bytes) in crate::tagger::EMBEDDED {
            if let Err(e) = ModelView::new(name, ModelBytes::Owned((*bytes).into())) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn corrupt_files_are_errors_not_panics() {
        let bytes = sample().to_bytes();
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "bad magic"),
            (
                "other magic",
                b"NOTAMODEL-----------------------".to_vec(),
                "bad magic",
            ),
            ("truncated", bytes[..bytes.len() - 3].to_vec(), "truncated"),
            (
                "flipped byte",
                {
                    let mut b = bytes.clone();
                    let last = b.len() - 9;
                    b[last] ^= 0x40;
                    b
                },
                "checksum",
            ),
            (
                "other version",
                {
                    let mut b = bytes.clone();
                    b[8] = 99;
                    b
                },
                "version 99",
            ),
        ];
        for (name, b, want) in cases {
            match ModelView::new("m.bin", ModelBytes::Owned(b.into())) {
                Ok(_) => panic!("{name}: accepted"),
                Err(e) => {
                    let s = e.to_string();
                    assert!(s.starts_with("m.bin: ") && s.contains(want), "{name}: {s}");
                }
            }
        }
        // Every prefix of a valid file is rejected without a panic.
        for n in 0..bytes.len() {
            assert!(ModelView::new("m.bin", ModelBytes::Owned(bytes[..n].into())).is_err());
        }
        // A body that passes the checksum but does not parse is an error too.
        let mut b = bytes.clone();
        let body_len = b.len() - 28;
        b[40] ^= 0xff;
        let sum = checksum(&b[28..28 + body_len]);
        b[12..20].copy_from_slice(&sum.to_le_bytes());
        let _ = ModelView::new("m.bin", ModelBytes::Owned(b.into()));
    }
}
