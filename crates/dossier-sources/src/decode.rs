//! From bytes to text: byte order marks, UTF-16, legacy encodings, line endings.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use dossier_core::{Diagnostic, DiagnosticCode};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::detect::{binary_evidence, utf16_order, SNIFF_BYTES};
use crate::{Result, SourceError};

/// Name given to errors of [`decode`], which only sees bytes; [`crate::Input::decode`] and
/// [`SourceError::with_name`] put the real name in.
const UNNAMED: &str = "input";

/// Text decoded from an input's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte order mark, with `\n` line endings.
    pub text: String,
    /// The encoding the bytes were read as (an `encoding_rs` name: `UTF-8`, `UTF-16LE`,
    /// `windows-1252`, ...).
    pub encoding: &'static str,
    /// Some bytes were malformed in that encoding and became U+FFFD.
    pub lossy_fallback: bool,
}

impl Decoded {
    /// Whether the input was anything other than clean UTF-8.
    pub fn is_clean_utf8(&self) -> bool {
        self.encoding == "UTF-8" && !self.lossy_fallback
    }

    /// The `I001 input-not-utf8` diagnostic to attach to the document, if the input was not
    /// clean UTF-8.
    pub fn not_utf8_diagnostic(&self) -> Option<Diagnostic> {
        if self.is_clean_utf8() {
            return None;
        }
        let mut message = if self.encoding == "UTF-8" {
            "input is not valid UTF-8".to_string()
        } else {
            format!("input is not UTF-8; decoded as {}", self.encoding)
        };
        if self.lossy_fallback {
            message.push_str("; malformed bytes were replaced with U+FFFD");
        }
        Some(Diagnostic::new(DiagnosticCode::InputNotUtf8, message))
    }
}

/// Decode `bytes` to text.
///
/// - a UTF-8 BOM is stripped; UTF-16 LE/BE is read by its BOM (or by its NUL pattern);
/// - valid UTF-8 is taken as is; mostly-UTF-8 with a few bad bytes is decoded lossily;
/// - anything else is detected with `chardetng` and decoded with `encoding_rs`
///   (Windows-1252, Latin-1, ...), and [`Decoded::encoding`] says which;
/// - `\r\n` and lone `\r` become `\n`.
///
/// Errors: [`SourceError::Binary`] for NUL bytes or many control bytes,
/// [`SourceError::Empty`] for empty or white-space-only text. Errors are named `input`; use
/// [`crate::Input::decode`] to get the file's name in them.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    let (text, encoding, lossy) = decode_raw(bytes)?;
    let text = normalize_newlines(&text);
    if text.chars().all(|c| c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')) {
        return Err(SourceError::Empty { name: UNNAMED.into() });
    }
    Ok(Decoded { text, encoding, lossy_fallback: lossy })
}

fn decode_raw(bytes: &[u8]) -> Result<(String, &'static str, bool)> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        let (text, lossy) = decode_utf8(rest);
        return Ok((text, UTF_8.name(), lossy));
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(little_endian) = utf16_order(head) {
        let encoding = if little_endian { UTF_16LE } else { UTF_16BE };
        let body = bytes
            .strip_prefix(if little_endian { b"\xff\xfe" } else { b"\xfe\xff" })
            .unwrap_or(bytes);
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        check_text_not_binary(&text)?;
        return Ok((text.into_owned(), encoding.name(), had_errors));
    }
    if let Some(control_percent) = binary_evidence(head) {
        return Err(SourceError::Binary { name: UNNAMED.into(), control_percent });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), UTF_8.name(), false));
    }
    if mostly_utf8(bytes) {
        let (text, lossy) = decode_utf8(bytes);
        return Ok((text, UTF_8.name(), lossy));
    }
    let encoding = guess_legacy_encoding(bytes);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), encoding.name(), had_errors))
}

/// Decode an HTML page's bytes, choosing the encoding as browsers do: a byte order mark, then
/// the `charset` of the HTTP `Content-Type` (`http_charset`, e.g. from a WARC record), then a
/// `<meta charset>` or `<meta http-equiv="Content-Type">` in the first 4 KB, then detection
/// (valid UTF-8, else `chardetng`). A declared charset that the bytes contradict (a page
/// declaring UTF-8 that is not) falls back to detection. Line endings are kept as they are.
pub fn decode_html(bytes: &[u8], http_charset: Option<&str>) -> Result<Decoded> {
    if bytes.starts_with(b"\xef\xbb\xbf")
        || bytes.starts_with(b"\xff\xfe")
        || bytes.starts_with(b"\xfe\xff")
    {
        let (text, encoding, lossy) = decode_raw(bytes)?;
        return Ok(Decoded { text, encoding, lossy_fallback: lossy });
    }
    let declared = http_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes))
        // A page cannot declare UTF-16 in its own ASCII bytes (the HTML rule).
        .map(|e| if e == UTF_16LE || e == UTF_16BE { UTF_8 } else { e });
    if let Some(encoding) = declared {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: encoding.name(),
                lossy_fallback: false,
            });
        }
    }
    let (text, encoding, lossy) = decode_raw(bytes)?;
    Ok(Decoded { text, encoding, lossy_fallback: lossy })
}

/// The encoding named by a `<meta charset=...>` or `<meta http-equiv content="...;
/// charset=...">` in the first 4 KB (the HTML prescan, simplified).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest =
                rest.iter().position(|&b| b != b' ').map_or(&rest[rest.len()..], |p| &rest[p..]);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = rest
                    .iter()
                    .copied()
                    .skip_while(|b| matches!(b, b' ' | b'"' | b'\''))
                    .take_while(|b| !matches!(b, b' ' | b'"' | b'\'' | b';' | b'/' | b'>'))
                    .collect();
                if let Some(e) = Encoding::for_label(&value) {
                    return Some(e);
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn decode_utf8(bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = UTF_8.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

/// The legacy (non-UTF-8) encoding `chardetng` finds most likely.
fn guess_legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// True when the valid multi-byte UTF-8 sequences outnumber the malformed bytes: a UTF-8 file
/// with a few damaged bytes, rather than a legacy encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid_multibyte > invalid
}

fn check_text_not_binary(text: &str) -> Result<()> {
    let sample: Vec<u8> =
        text.chars().take(SNIFF_BYTES).map(|c| if c.is_ascii() { c as u8 } else { b'x' }).collect();
    match binary_evidence(&sample) {
        Some(control_percent) => Err(SourceError::Binary { name: UNNAMED.into(), control_percent }),
        None => Ok(()),
    }
}

/// `\r\n` and lone `\r` to `\n`.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_as_is() {
        let d = decode("Ruiz said “PAÍS” twice.".as_bytes()).unwrap();
        assert_eq!(d.text, "Ruiz said “PAÍS” twice.");
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.lossy_fallback);
        assert!(d.not_utf8_diagnostic().is_none());
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xef\xbb\xbfHello").unwrap();
        assert_eq!(d.text, "Hello");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn windows_1252() {
        let bytes =
            b"The caf\xe9 owner said \x93we will reopen\x94 on Monday \x96 after the storm.\r\n\
                      Officials called it a \x91temporary\x92 closure.\r\n";
        let d = decode(bytes).unwrap();
        assert_eq!(
            d.text,
            "The café owner said “we will reopen” on Monday – after the storm.\n\
             Officials called it a ‘temporary’ closure.\n"
        );
        assert_eq!(d.encoding, "windows-1252");
        assert!(!d.lossy_fallback);
        let diag = d.not_utf8_diagnostic().unwrap();
        assert_eq!(diag.code, "I001");
        assert!(diag.message.contains("windows-1252"), "{}", diag.message);
    }

    #[test]
    fn latin1_accents() {
        let d = decode(b"Jos\xe9 Mu\xf1oz visited S\xe3o Paulo and Z\xfcrich.").unwrap();
        assert_eq!(d.text, "José Muñoz visited São Paulo and Zürich.");
        assert_ne!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_by_bom() {
        let text = "Ministers met in Valparaíso.\r\nTalks “resumed”.";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "Ministers met in Valparaíso.\nTalks “resumed”.");
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.not_utf8_diagnostic().is_some());

        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let d = decode(&be).unwrap();
        assert_eq!(d.text, "Ministers met in Valparaíso.\nTalks “resumed”.");
        assert_eq!(d.encoding, "UTF-16BE");
    }

    #[test]
    fn utf16_without_bom() {
        let le: Vec<u8> = "A plain article in UTF-16 with no BOM."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "A plain article in UTF-16 with no BOM.");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn binary_is_an_error() {
        let err = decode(b"\x00\x01\x02\x03\x04 garbage \x05\x06\x07").unwrap_err();
        assert!(matches!(err, SourceError::Binary { .. }), "{err:?}");
        assert!(err.to_string().contains("binary file (not text)"), "{err}");
        let err = decode(b"almost text \x00 with a NUL").unwrap_err();
        assert_eq!(err.to_string(), "input: binary file (not text): contains NUL bytes");
        let err = decode(b"%PDF-1.7\n\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f").unwrap_err();
        assert!(err.to_string().contains("% control bytes"), "{err}");
    }

    #[test]
    fn empty_is_an_error() {
        for bytes in [&b""[..], b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf \n"] {
            let err = decode(bytes).unwrap_err();
            assert!(matches!(err, SourceError::Empty { .. }), "{bytes:?}: {err:?}");
        }
    }

    #[test]
    fn newlines_are_normalized() {
        let d = decode(b"one\r\ntwo\rthree\n\r\nfour").unwrap();
        assert_eq!(d.text, "one\ntwo\nthree\n\nfour");
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        let mut bytes = "Café “quoted” and PAÍS: ".as_bytes().to_vec();
        bytes.push(0xff);
        bytes.extend_from_slice(b" end");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.lossy_fallback);
        assert!(d.text.starts_with("Café “quoted” and PAÍS: \u{fffd} end"));
        assert!(d.not_utf8_diagnostic().unwrap().message.contains("U+FFFD"));
    }

    #[test]
    fn html_charsets() {
        // Windows-1252 declared in a meta tag.
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body>Caf\xe9 \x93open\x94</body></html>";
        let d = decode_html(page, None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Café “open”"));
        // Shift_JIS declared with <meta charset>.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<html><head><meta charset=\"Shift_JIS\"></head><body>東京で会議が開かれた。</body></html>");
        let d = decode_html(&sjis, None).unwrap();
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.text.contains("東京で会議が開かれた。"));
        // Shift_JIS without a declaration: detected.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<html><body><p>東京都の知事は月曜日に記者会見を開き、新しい予算案について説明した。関係者によると、議会は来週審議を始める。</p></body></html>");
        let d = decode_html(&sjis, None).unwrap();
        assert_eq!(d.encoding, "Shift_JIS");
        // The HTTP charset wins over the meta tag; a wrong UTF-8 declaration falls back.
        let d = decode_html(b"<meta charset=utf-8>Caf\xe9", Some("iso-8859-1")).unwrap();
        assert_eq!(d.text, "<meta charset=utf-8>Café");
        let d =
            decode_html(b"<meta charset=utf-8><p>Caf\xe9 cr\xe8me br\xfbl\xe9e</p>", None).unwrap();
        assert_ne!(d.encoding, "UTF-8");
        assert!(d.text.contains("Café crème brûlée"));
        // A BOM wins over everything.
        let d = decode_html("\u{feff}<meta charset=windows-1252>Café".as_bytes(), None).unwrap();
        assert_eq!(d.text, "<meta charset=windows-1252>Café");
    }

    #[test]
    fn never_panics() {
        let mut state: u32 = 12345;
        for len in 0..300usize {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (state >> 16) as u8
                })
                .collect();
            let _ = decode(&bytes);
            let _ = decode_html(&bytes, None);
        }
    }
}
