//! Errors of the input side, each naming the input it is about.

use std::io;

use thiserror::Error;

/// Why an input could not be found, read or decoded.
///
/// Every variant carries the input's name (the path as given, `-` for standard input) and
/// displays as one user-facing line, e.g. `missing.txt: no such file or directory`.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The path does not exist.
    #[error("{name}: no such file or directory")]
    NotFound { name: String },
    /// The file or directory may not be read by this user.
    #[error("{name}: permission denied")]
    PermissionDenied { name: String },
    /// A directory was given where a file was expected.
    #[error("{name}: is a directory")]
    IsADirectory { name: String },
    /// The input is larger than the limit; `size` is `None` when it is only known to be larger
    /// (standard input, pipes).
    #[error("{name}: {} (raise it with --max-bytes)", too_large_message(*.size, *.limit))]
    TooLarge { name: String, size: Option<u64>, limit: u64 },
    /// The bytes are not text (NUL bytes or many control bytes).
    #[error("{name}: binary file (not text): {}", binary_message(*.control_percent))]
    /// `control_percent` is 0 when only NUL bytes gave it away.
    Binary { name: String, control_percent: u8 },
    /// The input holds no text, or only white space.
    #[error("{name}: empty input (no text)")]
    Empty { name: String },
    /// A document read as a feed whose root element is not a feed's (an HTML error page).
    #[error("{name}: not an RSS or Atom document (root element {root})")]
    NotAFeed { name: String, root: String },
    /// A feed that does not parse.
    #[error("{name}: malformed feed: {message}")]
    BadFeed { name: String, message: String },
    /// A WARC archive that breaks off or is malformed (the pages before were read).
    #[error("{name}: malformed WARC archive: {message}")]
    BadWarc { name: String, message: String },
    /// Any other input/output error.
    #[error("{name}: {}", io_message(.source))]
    Io {
        name: String,
        #[source]
        source: io::Error,
    },
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, SourceError>;

impl SourceError {
    /// The name of the input the error is about.
    pub fn name(&self) -> &str {
        match self {
            SourceError::NotFound { name }
            | SourceError::PermissionDenied { name }
            | SourceError::IsADirectory { name }
            | SourceError::TooLarge { name, .. }
            | SourceError::Binary { name, .. }
            | SourceError::Empty { name }
            | SourceError::NotAFeed { name, .. }
            | SourceError::BadFeed { name, .. }
            | SourceError::BadWarc { name, .. }
            | SourceError::Io { name, .. } => name,
        }
    }

    /// The same error about the input called `name` (used by [`crate::Input::decode`], since
    /// [`crate::decode`] only sees bytes).
    pub fn with_name(mut self, new_name: impl Into<String>) -> Self {
        let new_name = new_name.into();
        match &mut self {
            SourceError::NotFound { name }
            | SourceError::PermissionDenied { name }
            | SourceError::IsADirectory { name }
            | SourceError::TooLarge { name, .. }
            | SourceError::Binary { name, .. }
            | SourceError::Empty { name }
            | SourceError::NotAFeed { name, .. }
            | SourceError::BadFeed { name, .. }
            | SourceError::BadWarc { name, .. }
            | SourceError::Io { name, .. } => *name = new_name,
        }
        self
    }

    /// Map an I/O error about `name` to the most specific variant.
    pub(crate) fn from_io(name: impl Into<String>, source: io::Error) -> Self {
        let name = name.into();
        match source.kind() {
            io::ErrorKind::NotFound => SourceError::NotFound { name },
            io::ErrorKind::PermissionDenied => SourceError::PermissionDenied { name },
            io::ErrorKind::IsADirectory => SourceError::IsADirectory { name },
            _ => SourceError::Io { name, source },
        }
    }
}

/// `1.5 MB`, `12.0 KB`, `900 bytes` (binary units, as people read file sizes).
fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    const MB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= MB {
        format!("{:.1} MB", b / MB)
    } else if b >= KB {
        format!("{:.1} KB", b / KB)
    } else {
        format!("{bytes} bytes")
    }
}

fn too_large_message(size: Option<u64>, limit: u64) -> String {
    let limit_h = human_size(limit);
    match size {
        Some(size) => {
            let size_h = human_size(size);
            if size_h == limit_h {
                // Rounding hides the difference: give exact byte counts.
                format!("{size} bytes is over the {limit}-byte input limit")
            } else {
                format!("{size_h} is over the {limit_h} input limit")
            }
        }
        None => format!("input is over the {limit_h} input limit"),
    }
}

fn binary_message(control_percent: u8) -> String {
    if control_percent == 0 {
        "contains NUL bytes".to_string()
    } else {
        format!("{control_percent}% control bytes")
    }
}

/// The OS message without the `(os error N)` suffix, starting lower-case.
fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "input/output error".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_and_name_the_input() {
        let cases = [
            (
                SourceError::Binary { name: "report.pdf".into(), control_percent: 23 },
                "report.pdf: binary file (not text): 23% control bytes",
            ),
            (
                SourceError::NotFound { name: "missing.txt".into() },
                "missing.txt: no such file or directory",
            ),
            (
                SourceError::TooLarge {
                    name: "big.txt".into(),
                    size: Some(50 * 1024 * 1024),
                    limit: 32 * 1024 * 1024,
                },
                "big.txt: 50.0 MB is over the 32.0 MB input limit (raise it with --max-bytes)",
            ),
            (
                SourceError::PermissionDenied { name: "locked.txt".into() },
                "locked.txt: permission denied",
            ),
            (
                SourceError::TooLarge { name: "a.txt".into(), size: Some(1001), limit: 1000 },
                "a.txt: 1001 bytes is over the 1000 bytes input limit (raise it with --max-bytes)",
            ),
            (
                SourceError::TooLarge { name: "-".into(), size: None, limit: 2048 },
                "-: input is over the 2.0 KB input limit (raise it with --max-bytes)",
            ),
            (SourceError::Empty { name: "e.txt".into() }, "e.txt: empty input (no text)"),
            (
                SourceError::Io { name: "x".into(), source: io::Error::other("Disk on fire") },
                "x: disk on fire",
            ),
        ];
        for (err, want) in cases {
            assert_eq!(err.to_string(), want);
            assert!(!err.to_string().contains('\n'));
        }
    }

    #[test]
    fn with_name_renames() {
        let e = SourceError::Empty { name: String::new() }.with_name("a.txt");
        assert_eq!(e.name(), "a.txt");
    }
}
