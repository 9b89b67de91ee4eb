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
//! let algeria = ex.entities.iter().find(|e| e.id == "country:DZA").expect("Algeria");
//! assert_eq!(algeria.mentions.len(), 2);
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
mod embedded;
pub mod eval;
pub mod fs;
pub mod gazetteer;
pub mod hash;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod resolve;
pub mod rules;
pub mod store;
pub mod tagger;
pub mod text;

pub use date::PartialDate;
pub use hash::Fnv;
pub use model::{Entity, EntityType, Extraction, Mention, Relation, SCHEMA};
pub use pipeline::{BuildError, Document, Pipeline, PipelineBuilder, Scratch};
