//! The batch engine's errors: what stops a run (configuration, resume, I/O, the store,
//! `--on-bad-record fail`). A record that cannot be extracted is not one of them: it is a
//! [`RecordError`](super::RecordError), rejected or skipped.
//!
//! Each error's message is what the user reads after `khabar: error: `; the cause, when there
//! is one, is its [`source`](std::error::Error::source), so the command line prints
//! "what was being done: why" and can tell a broken pipe from other I/O errors.

use std::io;

use crate::store::StoreError;

/// An error that stops a batch run.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A problem said in full (a usage error, a checkpoint that does not match, a bad record
    /// under `--on-bad-record fail`).
    #[error("{0}")]
    Message(String),
    /// An I/O error, with what was being done.
    #[error("{context}")]
    Io {
        /// What was being done ("cannot write the output to out.jsonl").
        context: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// An I/O error whose message names its file already.
    #[error(transparent)]
    File(#[from] io::Error),
    /// A checkpoint that cannot be read.
    #[error("{context}")]
    Checkpoint {
        /// Which checkpoint.
        context: String,
        /// Why it cannot be read.
        #[source]
        source: CheckpointError,
    },
    /// A store error, with what was being done.
    #[error("{context}")]
    Store {
        /// What was being done ("cannot write to index.db").
        context: String,
        /// The store's error.
        #[source]
        source: StoreError,
    },
    /// A store error whose message names the database already.
    #[error(transparent)]
    Database(#[from] StoreError),
    /// A checkpoint that cannot be encoded.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The worker thread pool cannot be started.
    #[error("cannot start the worker threads")]
    Pool(#[source] rayon::ThreadPoolBuildError),
}

/// Why a checkpoint cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// It cannot be read from disk.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// It is not a checkpoint.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// Returns early with a [`BatchError::Message`] made by `format!`.
macro_rules! fail {
    ($($arg:tt)*) => {
        return Err($crate::batch::error::BatchError::Message(format!($($arg)*)))
    };
}
pub(crate) use fail;

/// Adds what was being done to an error, making a [`BatchError`].
pub(crate) trait Context<T> {
    /// The error with `what()` said first.
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T, BatchError>;
}

impl<T> Context<T> for io::Result<T> {
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T, BatchError> {
        self.map_err(|source| BatchError::Io {
            context: what(),
            source,
        })
    }
}

impl<T> Context<T> for Result<T, StoreError> {
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T, BatchError> {
        self.map_err(|source| BatchError::Store {
            context: what(),
            source,
        })
    }
}

impl<T> Context<T> for Result<T, CheckpointError> {
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T, BatchError> {
        self.map_err(|source| BatchError::Checkpoint {
            context: what(),
            source,
        })
    }
}

impl<T> Context<T> for Result<T, serde_json::Error> {
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T, BatchError> {
        self.map_err(CheckpointError::from).context_with(what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn an_error_says_what_was_done_and_keeps_its_cause() {
        let e = Err::<(), _>(io::Error::from(io::ErrorKind::BrokenPipe))
            .context_with(|| "cannot write the output to out.jsonl".into())
            .unwrap_err();
        assert_eq!(e.to_string(), "cannot write the output to out.jsonl");
        let cause = e.source().and_then(|c| c.downcast_ref::<io::Error>());
        assert_eq!(cause.map(io::Error::kind), Some(io::ErrorKind::BrokenPipe));
    }
}
