//! Dossier's input side: which files to read, how to read them safely, what they are, and how
//! to turn their bytes into text.
//!
//! The pipeline for one command-line argument is:
//!
//! 1. [`expand_paths`] turns arguments into input paths (`-` is standard input, directories are
//!    walked in a deterministic order, a missing path becomes an error item);
//! 2. [`read_input`] reads one of them, refusing inputs over a size limit *before* reading;
//! 3. [`detect_format`] sniffs what the bytes are (text, HTML, feed, WARC, our own JSON, binary);
//!    it is the only place in Dossier that decides this;
//! 4. [`decode`] turns text bytes into a `String` (BOMs, UTF-16, legacy encodings, line endings);
//!    [`decode_html`] does it for HTML pages (HTTP charset, `<meta charset>`, detection);
//! 5. feeds and archives hold many articles: [`read_feed`] gives a feed's items, and
//!    [`read_warc`] streams the HTML pages of a WARC archive ([`open_warc`]) in constant memory.
//!
//! Every error is a [`SourceError`] whose message names the input and reads as one line for a
//! person, so a batch can report it and go on with the next file.
//!
//! ```
//! use dossier_sources::{decode, detect_format, InputFormat};
//!
//! // Windows-1252 bytes: "café" and curly quotes, with CRLF line endings.
//! let bytes = b"Caf\xe9 owners said \x93no\x94 to the plan.\r\nThey will appeal.\r\n";
//! assert_eq!(detect_format(bytes, None), InputFormat::Text);
//!
//! let decoded = decode(bytes).unwrap();
//! assert_eq!(decoded.text, "Café owners said “no” to the plan.\nThey will appeal.\n");
//! assert_eq!(decoded.encoding, "windows-1252");
//! assert!(decoded.not_utf8_diagnostic().is_some()); // the caller attaches I001
//!
//! assert_eq!(detect_format(b"<!DOCTYPE html><html></html>", None), InputFormat::Html);
//! assert_eq!(detect_format(b"\x00\x01\x02\x03PK", None), InputFormat::Binary);
//! ```

mod decode;
mod detect;
mod error;
mod feed;
mod read;
mod warc;

pub use decode::{decode, decode_html, Decoded};
pub use detect::{detect_format, InputFormat};
pub use error::{Result, SourceError};
pub use feed::{read_feed, FeedItem};
pub use read::{expand_paths, read_head, read_input, Input, DEFAULT_MAX_BYTES, STDIN};
pub use warc::{
    open_warc, read_warc, warc_from_bytes, WarcPage, WarcStats, MAX_GZIP_RATIO, MAX_HEADER_BYTES,
};
