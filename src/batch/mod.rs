//! Batch machinery outside the library's stages: readers, the ordered parallel engine,
//! rejects, resume checkpoints and progress. See docs/batch.md for the user's view.

pub mod error;
pub mod extractions;
mod files;
mod progress;
pub mod read;
pub mod rejects;
pub mod resume;
pub mod run;

pub use error::BatchError;
pub use read::{InputFormat, Reader, Record, RecordError, RecordSource};
pub use run::{
    extract_document, run, BatchConfig, DocumentError, OnBadRecord, RecordKind, StoreOutput,
    Summary,
};
