//! khabar (خبر, "news") extracts entities and relations from Arabic and English news text:
//! people, countries, agencies and places with stable ids, every mention with exact spans into
//! the original text.
//!
//! ```
//! use khabar::{Document, Pipeline};
//!
//! let pipeline = Pipeline::builder()
//!     .no_gazetteers()
//!     .add_gazetteer_text("demo.tsv", "id\ttype\ten\tar\ncountry:DZA\tCOUNTRY\tAlgeria\tالجزائر\n")
//!     .build()?;
//! let doc = Document::new("d1", "موسكو تتفاوض مع الجزائر والجزائر");
//! let ex = pipeline.extract(&doc);
//! let algeria = &ex.entities[0];
//! assert_eq!(algeria.id, "country:DZA");
//! // The second mention leaves the conjunction و out of its span.
//! let m = &algeria.mentions[1];
//! assert_eq!((m.text.as_str(), m.start, m.end), ("الجزائر", 25, 32));
//! # Ok::<(), khabar::BuildError>(())
//! ```
//!
//! Stages, in data-flow order: [`text`] (normalize, tokenize), [`gazetteer`] (load, match),
//! [`rules`] (relation rules), [`pipeline`] (the whole run per document), [`model`] (the output schema).
#![warn(missing_docs)]

pub mod assemble;
pub mod batch;
pub mod cli;
pub mod date;
pub mod eval;
pub mod gazetteer;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod resolve;
pub mod rules;
pub mod store;
pub mod tagger;
pub mod text;

/// Default gazetteer and rule files, embedded at build time.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use date::PartialDate;
pub use model::{Entity, EntityType, Extraction, Mention, Relation, SCHEMA};
pub use pipeline::{BuildError, Document, Pipeline, PipelineBuilder, Scratch};

/// 64-bit FNV-1a: a stable hash for fingerprints (the same on every platform and release).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    /// A new hasher.
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Hashes bytes (with their length, so concatenations differ).
    pub fn write(&mut self, bytes: &[u8]) {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}
