//! What kind of input a file is: the one place where Dossier decides this.
//!
//! Content decides first, from the first few KB; the file name's extension only breaks ties
//! when the content could be either (an HTML fragment in `page.html`, a bare XML document in
//! `feed.xml`).

use std::path::Path;

/// How many leading bytes are sniffed.
pub(crate) const SNIFF_BYTES: usize = 8 * 1024;

/// Above this share of control bytes (in percent) a sample is binary.
const MAX_CONTROL_PERCENT: usize = 10;

/// The kinds of input Dossier knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain text (an article pasted into a file).
    Text,
    /// An HTML page.
    Html,
    /// An RSS, Atom or RDF feed.
    Feed,
    /// A WARC archive, plain or gzipped.
    Warc,
    /// A `dossier.document/1` JSON document (our own output, read back).
    Json,
    /// Not text: images, PDFs, archives, executables...
    Binary,
}

impl InputFormat {
    /// A short lower-case name for messages: `text`, `html`, `feed`, `warc`, `json`, `binary`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Feed => "feed",
            InputFormat::Warc => "warc",
            InputFormat::Json => "json",
            InputFormat::Binary => "binary",
        }
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Detect what `bytes` are, by content first and by `path`'s extension only as a tie-breaker.
///
/// Never panics; an empty input is [`InputFormat::Text`] (decoding then reports it as empty).
pub fn detect_format(bytes: &[u8], path: Option<&Path>) -> InputFormat {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let name = path.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_lowercase());
    let name = name.as_deref().unwrap_or("");

    // Magic numbers.
    if head.starts_with(&[0x1f, 0x8b]) {
        // Gzip: only a gzipped WARC is something we read.
        return if name.ends_with(".warc.gz") || name.ends_with(".arc.gz") {
            InputFormat::Warc
        } else {
            InputFormat::Binary
        };
    }
    if head.starts_with(b"WARC/1.") {
        return InputFormat::Warc;
    }
    if has_binary_magic(head) {
        return InputFormat::Binary;
    }

    // Text-like content, seen as (mostly ASCII) text whatever its encoding.
    let text = match utf16_order(head) {
        Some(order) => utf16_head_as_latin(head, order),
        None => {
            if binary_evidence(head).is_some() {
                return InputFormat::Binary;
            }
            let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
            String::from_utf8_lossy(head).into_owned()
        }
    };
    let rest = skip_prolog(&text);
    let lower: String = rest.chars().take(64).collect::<String>().to_ascii_lowercase();

    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        // An HTML error page saved where a feed was expected (`feed.xml`): the feed reader
        // says what it got instead of analyzing the error page as an article.
        if is_feed_name(name) {
            return InputFormat::Feed;
        }
        return InputFormat::Html;
    }
    if lower.starts_with("<rss") || lower.starts_with("<feed") || lower.starts_with("<rdf:rdf") {
        return InputFormat::Feed;
    }
    if lower.starts_with('{') && text.contains("\"schema\"") {
        return InputFormat::Json;
    }
    if lower.starts_with("<head") || lower.starts_with("<body") {
        return InputFormat::Html;
    }

    // Ties: the content could be more than one thing; the extension decides.
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let starts_with_tag = lower.starts_with('<');
    match ext {
        "html" | "htm" | "xhtml" | "shtml" if starts_with_tag || looks_like_markup(&text) => {
            InputFormat::Html
        }
        "rss" | "atom" | "xml" | "rdf" if starts_with_tag => InputFormat::Feed,
        "json" | "jsonl" | "ndjson" if lower.starts_with('{') => InputFormat::Json,
        "warc" if lower.starts_with("warc/") => InputFormat::Warc,
        _ => InputFormat::Text,
    }
}

/// A file name that promises a feed.
fn is_feed_name(name: &str) -> bool {
    [".rss", ".atom", ".rdf", ".xml"].iter().any(|ext| name.ends_with(ext))
}

/// Skip white space, a UTF-8 BOM, an XML declaration and comments before the first element.
fn skip_prolog(text: &str) -> &str {
    let mut rest = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    loop {
        let before = rest.len();
        if rest.starts_with("<?") {
            rest = match rest.find("?>") {
                Some(i) => &rest[i + 2..],
                None => "",
            };
        } else if rest.starts_with("<!--") {
            rest = match rest.find("-->") {
                Some(i) => &rest[i + 3..],
                None => "",
            };
        }
        rest = rest.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        if rest.len() == before {
            return rest;
        }
    }
}

/// HTML tags near the start of a text (for `.html` files holding a fragment).
fn looks_like_markup(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["<p>", "<p ", "<div", "<article", "<span", "<h1", "<a href", "<br"]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// File types that start with printable magic but are never text.
fn has_binary_magic(head: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"%PDF-",
        b"PK\x03\x04",
        b"\x89PNG",
        b"\xff\xd8\xff",
        b"GIF87a",
        b"GIF89a",
        b"\x7fELF",
        b"BZh",
        b"\xfd7zXZ",
        b"7z\xbc\xaf",
        b"\x28\xb5\x2f\xfd",
        b"SQLite format 3",
        b"\xd0\xcf\x11\xe0",
    ];
    MAGIC.iter().any(|m| head.starts_with(m))
}

/// Byte order of UTF-16 text: by BOM, or by the pattern of NUL bytes of mostly-ASCII text
/// without one. `Some(true)` is little-endian.
pub(crate) fn utf16_order(head: &[u8]) -> Option<bool> {
    if head.starts_with(b"\xff\xfe") {
        return Some(true);
    }
    if head.starts_with(b"\xfe\xff") {
        return Some(false);
    }
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let even_nul = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // ASCII text in UTF-16: every other byte is NUL and the others almost never are.
    if odd_nul * 10 >= pairs * 7 && even_nul * 20 <= pairs {
        Some(true)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 20 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// The ASCII-range characters of a UTF-16 head, enough to sniff markup.
fn utf16_head_as_latin(head: &[u8], little_endian: bool) -> String {
    head.chunks_exact(2)
        .skip(if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") { 1 } else { 0 })
        .map(|pair| {
            let unit = if little_endian {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            };
            char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}')
        })
        .collect()
}

/// Whether a byte counts as a control byte (white space and ESC do not).
fn is_control_byte(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0b | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f)
}

/// If `sample` looks binary, the share of control bytes in percent (0 when it is only the NUL
/// bytes that give it away). `None` for text. Call it on non-UTF-16 data only.
pub(crate) fn binary_evidence(sample: &[u8]) -> Option<u8> {
    if sample.is_empty() {
        return None;
    }
    let control = sample.iter().filter(|&&b| is_control_byte(b)).count();
    let percent = control * 100 / sample.len();
    let has_nul = sample.contains(&0);
    if percent > MAX_CONTROL_PERCENT {
        Some(percent.min(100) as u8)
    } else if has_nul {
        Some(0)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(bytes: &[u8], name: Option<&str>) -> InputFormat {
        detect_format(bytes, name.map(Path::new))
    }

    #[test]
    fn html_by_content() {
        assert_eq!(detect(b"<!DOCTYPE html>\n<html lang=en>", None), InputFormat::Html);
        assert_eq!(detect(b"  \n<HTML><head>", Some("page.txt")), InputFormat::Html);
        assert_eq!(detect(b"\xef\xbb\xbf<!doctype html>", None), InputFormat::Html);
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"x\">", None),
            InputFormat::Html
        );
        assert_eq!(detect(b"<!-- saved page -->\n<html>", None), InputFormat::Html);
    }

    #[test]
    fn feeds_by_content() {
        assert_eq!(
            detect(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">", None),
            InputFormat::Feed
        );
        assert_eq!(
            detect(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", Some("x.txt")),
            InputFormat::Feed
        );
        assert_eq!(
            detect(b"\xef\xbb\xbf  <?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", None),
            InputFormat::Feed
        );
    }

    #[test]
    fn warc_by_magic() {
        assert_eq!(detect(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", None), InputFormat::Warc);
        assert_eq!(detect(b"WARC/1.1\r\n", Some("crawl.txt")), InputFormat::Warc);
        assert_eq!(detect(b"\x1f\x8b\x08\x00\x00\x00", Some("crawl.warc.gz")), InputFormat::Warc);
        // Other gzip data is not something we read.
        assert_eq!(detect(b"\x1f\x8b\x08\x00\x00\x00", Some("page.html.gz")), InputFormat::Binary);
        assert_eq!(detect(b"\x1f\x8b\x08\x00\x00\x00", None), InputFormat::Binary);
    }

    #[test]
    fn our_json() {
        let json = br#"{"schema":"dossier.document/1","id":"x","text":"Hi"}"#;
        assert_eq!(detect(json, None), InputFormat::Json);
        assert_eq!(detect(b"  {\n  \"schema\": \"dossier.document/1\"", None), InputFormat::Json);
        // A brace-opened text without a schema field is text unless the name says JSON.
        assert_eq!(detect(b"{curly} opening of a poem", None), InputFormat::Text);
        assert_eq!(detect(b"{\"a\": 1}", Some("data.json")), InputFormat::Json);
    }

    #[test]
    fn binary() {
        assert_eq!(detect(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", Some("report.txt")), InputFormat::Binary);
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n", None), InputFormat::Binary);
        assert_eq!(detect(b"text with a \x00 NUL byte in it", None), InputFormat::Binary);
        let noisy: Vec<u8> = (0..200u8).map(|i| if i % 4 == 0 { 0x02 } else { b'a' }).collect();
        assert_eq!(detect(&noisy, None), InputFormat::Binary);
    }

    #[test]
    fn text_and_ties() {
        assert_eq!(detect(b"Port talks resume\n\nBy Jane Doe\n", None), InputFormat::Text);
        assert_eq!(detect(b"", None), InputFormat::Text);
        assert_eq!(detect(b"Caf\xe9 \x93quoted\x94", None), InputFormat::Text);
        // Content wins over the extension.
        assert_eq!(detect(b"Plain words only.", Some("story.html")), InputFormat::Text);
        assert_eq!(detect(b"<!doctype html>", Some("story.txt")), InputFormat::Html);
        // The extension breaks ties.
        assert_eq!(detect(b"<p>A fragment</p>", Some("frag.HTML")), InputFormat::Html);
        assert_eq!(detect(b"<p>A fragment</p>", None), InputFormat::Text);
        assert_eq!(detect(b"<channel><item/></channel>", Some("x.xml")), InputFormat::Feed);
        // An HTML error page named like a feed goes to the feed reader, which refuses it.
        assert_eq!(detect(b"<!DOCTYPE html><html>", Some("feed.xml")), InputFormat::Feed);
        assert_eq!(detect(b"<!DOCTYPE html><html>", Some("page.html")), InputFormat::Html);
    }

    #[test]
    fn utf16_is_not_binary() {
        let le: Vec<u8> = "\u{feff}<html><body>Hi</body></html>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(detect(&le, None), InputFormat::Html);
        let be: Vec<u8> =
            "\u{feff}Plain text article.".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(detect(&be, None), InputFormat::Text);
        let no_bom: Vec<u8> = "Plain text article without a byte order mark."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(detect(&no_bom, None), InputFormat::Text);
    }

    #[test]
    fn never_panics_on_prefixes() {
        let samples: [&[u8]; 6] =
            [b"<?xml", b"<!--", b"\xff\xfe<", b"\xfe", b"\x1f", b"<?xml?><!-- -->"];
        for s in samples {
            for i in 0..=s.len() {
                let _ = detect_format(&s[..i], None);
            }
        }
    }
}
