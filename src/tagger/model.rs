//! The model file format.
//!
//! ```text
//! magic      8 bytes  "KHABARNE"
//! version    u32 LE   FORMAT_VERSION
//! checksum   u64 LE   FNV-1a of the payload bytes
//! length     u64 LE   payload length in bytes
//! payload    deflate-compressed body:
//!   lang                 str (u16 length + UTF-8)
//!   feature groups       u32 (bit 0 clusters, bit 1 gazetteer)
//!   clusters fingerprint u64 (FNV-1a of the cluster file the model was trained with; 0 without)
//!   epochs               u32
//!   tags                 u16 count, then str each ("O", "B-PERS", "I-PERS", ...)
//!   start weights        f32 x tags
//!   transition weights   f32 x tags x tags (row: previous tag)
//!   vocabulary           u32 count, then str each (training word forms, sorted)
//!   features             u32 count, then per feature: u64 hash, f32 x tags (sorted by hash)
//! ```
//!
//! Everything is little-endian and written in a fixed order, so the same model gives the same
//! bytes. A file with another magic, version, checksum or length, or a body that does not
//! parse, is an error naming the file; nothing in it can make the reader panic.

use std::io::{Read, Write};

use super::features::FeatureSet;

/// The file magic.
pub const MAGIC: &[u8; 8] = b"KHABARNE";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A model as stored.
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
    /// Word forms seen in training (decoding precomputes their score rows).
    pub vocabulary: Vec<String>,
    /// Feature hashes, sorted.
    pub feature_hashes: Vec<u64>,
    /// Weights, `feature_hashes.len() x tags`.
    pub weights: Vec<f32>,
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

impl ModelFile {
    /// Serializes (deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = Vec::new();
        put_str(&mut body, &self.lang);
        body.extend(self.features.bits().to_le_bytes());
        body.extend(self.clusters_fingerprint.to_le_bytes());
        body.extend(self.epochs.to_le_bytes());
        body.extend((self.tags.len() as u16).to_le_bytes());
        for t in &self.tags {
            put_str(&mut body, t);
        }
        for w in self.start.iter().chain(&self.transitions) {
            body.extend(w.to_le_bytes());
        }
        body.extend((self.vocabulary.len() as u32).to_le_bytes());
        for v in &self.vocabulary {
            put_str(&mut body, v);
        }
        let l = self.tags.len();
        body.extend((self.feature_hashes.len() as u32).to_le_bytes());
        for (i, h) in self.feature_hashes.iter().enumerate() {
            body.extend(h.to_le_bytes());
            for w in &self.weights[i * l..(i + 1) * l] {
                body.extend(w.to_le_bytes());
            }
        }
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = enc.write_all(&body);
        let payload = enc.finish().unwrap_or_default();
        let mut h = crate::Fnv::new();
        h.write(&payload);
        let mut out = Vec::with_capacity(payload.len() + 28);
        out.extend(MAGIC);
        out.extend(FORMAT_VERSION.to_le_bytes());
        out.extend(h.finish().to_le_bytes());
        out.extend((payload.len() as u64).to_le_bytes());
        out.extend(payload);
        out
    }

    /// Parses a model file; `file` names it in errors.
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<ModelFile, ModelError> {
        let err = |m: String| ModelError {
            file: file.to_string(),
            message: m,
        };
        if bytes.len() < 28 || &bytes[..8] != MAGIC {
            return Err(err("not a khabar tagger model (bad magic)".into()));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap_or_default());
        if version != FORMAT_VERSION {
            return Err(err(format!(
                "model format version {version}, this khabar reads version {FORMAT_VERSION}: retrain it with `khabar train ner`"
            )));
        }
        let checksum = u64::from_le_bytes(bytes[12..20].try_into().unwrap_or_default());
        let len = u64::from_le_bytes(bytes[20..28].try_into().unwrap_or_default());
        let payload = &bytes[28..];
        if payload.len() as u64 != len {
            return Err(err(format!(
                "truncated or padded: payload is {} bytes, header says {len}",
                payload.len()
            )));
        }
        let mut h = crate::Fnv::new();
        h.write(payload);
        if h.finish() != checksum {
            return Err(err("checksum mismatch: the file is corrupt".into()));
        }
        let mut body = Vec::new();
        flate2::read::DeflateDecoder::new(payload)
            .take(1 << 30)
            .read_to_end(&mut body)
            .map_err(|e| err(format!("cannot decompress: {e}")))?;
        let mut r = Reader { b: &body, at: 0 };
        let parse = |r: &mut Reader<'_>| -> Option<ModelFile> {
            let lang = r.str()?;
            let features = FeatureSet::from_bits(r.u32()?);
            let clusters_fingerprint = r.u64()?;
            let epochs = r.u32()?;
            let n = r.u16()? as usize;
            if n == 0 || n > 256 {
                return None;
            }
            let tags: Vec<String> = (0..n).map(|_| r.str()).collect::<Option<_>>()?;
            let start: Vec<f32> = (0..n).map(|_| r.f32()).collect::<Option<_>>()?;
            let transitions: Vec<f32> = (0..n * n).map(|_| r.f32()).collect::<Option<_>>()?;
            let nv = r.u32()? as usize;
            let mut vocabulary = Vec::with_capacity(nv.min(1 << 20));
            for _ in 0..nv {
                vocabulary.push(r.str()?);
            }
            let nf = r.u32()? as usize;
            let mut feature_hashes = Vec::with_capacity(nf.min(1 << 24));
            let mut weights = Vec::with_capacity(nf.min(1 << 24) * n);
            for _ in 0..nf {
                feature_hashes.push(r.u64()?);
                for _ in 0..n {
                    weights.push(r.f32()?);
                }
            }
            (r.at == r.b.len()).then_some(ModelFile {
                lang,
                features,
                clusters_fingerprint,
                epochs,
                tags,
                start,
                transitions,
                vocabulary,
                feature_hashes,
                weights,
            })
        };
        let m = parse(&mut r).ok_or_else(|| err("malformed model body".into()))?;
        if m.tags.first().map(String::as_str) != Some("O") {
            return Err(err("malformed model: the first tag is not O".into()));
        }
        if m.feature_hashes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(err("malformed model: features are not sorted".into()));
        }
        Ok(m)
    }

    /// A fingerprint of the model's contents (cheap: no serialization).
    pub fn fingerprint(&self) -> u64 {
        let mut h = crate::Fnv::new();
        h.write(self.lang.as_bytes());
        h.write(&self.features.bits().to_le_bytes());
        h.write(&self.clusters_fingerprint.to_le_bytes());
        for t in &self.tags {
            h.write(t.as_bytes());
        }
        let floats: Vec<u8> = self
            .start
            .iter()
            .chain(&self.transitions)
            .chain(&self.weights)
            .flat_map(|w| w.to_le_bytes())
            .collect();
        h.write(&floats);
        let hashes: Vec<u8> = self
            .feature_hashes
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        h.write(&hashes);
        h.write(&(self.vocabulary.len() as u64).to_le_bytes());
        h.finish()
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let n = b.len().min(u16::MAX as usize);
    out.extend((n as u16).to_le_bytes());
    out.extend(&b[..n]);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ModelFile {
        ModelFile {
            lang: "ar".into(),
            features: FeatureSet::ALL,
            clusters_fingerprint: 7,
            epochs: 3,
            tags: vec!["O".into(), "B-PERS".into(), "I-PERS".into()],
            start: vec![0.0, 1.0, -1.0],
            transitions: vec![0.5; 9],
            vocabulary: vec!["a".into(), "b".into()],
            feature_hashes: vec![1, 5, 9],
            weights: vec![0.25; 9],
        }
    }

    #[test]
    fn model_round_trips_with_the_same_bytes() {
        let m = sample();
        let bytes = m.to_bytes();
        let back = ModelFile::from_bytes("m.bin", &bytes).map_err(|e| e.to_string());
        assert_eq!(back.as_ref(), Ok(&m));
        assert_eq!(back.map(|b| b.to_bytes()), Ok(bytes));
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
                    let last = b.len() - 1;
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
            match ModelFile::from_bytes("m.bin", &b) {
                Ok(_) => panic!("{name}: accepted"),
                Err(e) => {
                    let s = e.to_string();
                    assert!(s.starts_with("m.bin: ") && s.contains(want), "{name}: {s}");
                }
            }
        }
        // Every prefix of a valid file is rejected without a panic.
        for n in 0..bytes.len() {
            assert!(ModelFile::from_bytes("m.bin", &bytes[..n]).is_err());
        }
    }
}
