//! Batch machinery outside the library's stages: reading inputs into records.

pub mod read;

pub use read::{InputFormat, Reader, Record, RecordError, RecordSource};
pub mod extractions;
