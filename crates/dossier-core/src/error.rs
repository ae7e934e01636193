use thiserror::Error;

/// Errors of the document model.
#[derive(Debug, Error)]
pub enum Error {
    /// The JSON could not be parsed as a `dossier.document/1` object.
    #[error("not a dossier document: {0}")]
    Json(#[from] serde_json::Error),
    /// The document declares a schema this version does not read.
    #[error("unsupported schema {found:?} (this build reads {expected:?})")]
    Schema { found: String, expected: &'static str },
    /// A span in the JSON points outside the text.
    #[error("span {start}..{end} is outside the text ({len} characters)")]
    SpanOutOfBounds { start: usize, end: usize, len: usize },
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;
