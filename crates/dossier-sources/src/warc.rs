//! WARC archives (`.warc`, `.warc.gz`): the HTML pages of their response records, streamed.
//!
//! A Common Crawl News file is about 1 GB compressed, so an archive is never read whole: records
//! are read one at a time from a (multi-member) gzip stream, each record's header is limited
//! to [`MAX_HEADER_BYTES`], a record body larger than the caller's limit is skipped unread, and
//! the total decompressed size of a gzipped archive is capped at [`MAX_GZIP_RATIO`] times its
//! compressed size (a gzip bomb stops with an error instead of running for hours). Record
//! framing is read here rather than with the `warc` crate because its reader buffers header
//! lines without a bound, which a bomb or a garbage file turns into unbounded memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::Path;

use flate2::read::MultiGzDecoder;

use crate::{Result, SourceError};

/// The largest WARC or HTTP header block read.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// A gzipped archive may decompress to at most this many times its compressed size (real
/// archives of HTML are 4–10×; gzip bombs are 1000×).
pub const MAX_GZIP_RATIO: u64 = 100;
/// Gzipped inputs smaller than this are allowed to decompress to this much anyway.
const MIN_GZIP_BUDGET: u64 = 256 * 1024 * 1024;

/// One HTML page from a WARC response (or resource) record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcPage {
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date` (the capture time).
    pub date: Option<String>,
    /// The `charset` of the HTTP `Content-Type`, if any.
    pub charset: Option<String>,
    /// The HTTP payload (de-chunked and decompressed).
    pub body: Vec<u8>,
}

/// What reading an archive found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarcStats {
    /// Records read.
    pub records: usize,
    /// HTML pages handed over.
    pub pages: usize,
    /// Response records that were not HTML, not a success, or too large.
    pub skipped: usize,
}

/// Open the archive at `path` for [`read_warc`], gunzipping when it starts with the gzip magic.
pub fn open_warc(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let name = path.to_string_lossy().into_owned();
    let mut file = BufReader::with_capacity(
        1 << 20,
        File::open(path).map_err(|e| SourceError::from_io(&name, e))?,
    );
    let gz =
        file.fill_buf().map_err(|e| SourceError::from_io(&name, e))?.starts_with(&[0x1f, 0x8b]);
    if gz {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let budget = size.saturating_mul(MAX_GZIP_RATIO).max(MIN_GZIP_BUDGET);
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            Capped::new(MultiGzDecoder::new(file), budget),
        )))
    } else {
        Ok(Box::new(file))
    }
}

/// [`open_warc`] for bytes already in memory.
pub fn warc_from_bytes(bytes: &[u8]) -> Box<dyn BufRead + Send + '_> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let budget = (bytes.len() as u64).saturating_mul(MAX_GZIP_RATIO).max(MIN_GZIP_BUDGET);
        Box::new(BufReader::new(Capped::new(MultiGzDecoder::new(bytes), budget)))
    } else {
        Box::new(bytes)
    }
}

/// Read the archive `reader` (called `name` in errors) record by record and call `page` for
/// every HTML page of a successful response, in archive order, until it returns
/// [`ControlFlow::Break`]. Bodies over `max_record_bytes` are skipped.
///
/// An error (a truncated gzip stream, a broken record) ends the archive: the pages before it
/// have been handed over, and the error names the input and the record number.
pub fn read_warc(
    name: &str,
    mut reader: impl BufRead,
    max_record_bytes: u64,
    mut page: impl FnMut(WarcPage) -> ControlFlow<()>,
) -> Result<WarcStats> {
    let mut stats = WarcStats::default();
    let bad = |stats: &WarcStats, message: String| SourceError::BadWarc {
        name: name.to_string(),
        message: format!("record {}: {message}", stats.records + 1),
    };
    loop {
        let header = match read_header_block(&mut reader, true) {
            Ok(Some(h)) => h,
            Ok(None) => return Ok(stats),
            Err(e) => return Err(bad(&stats, e)),
        };
        let mut lines = header.lines();
        let version = lines.next().unwrap_or_default();
        if !version.starts_with("WARC/") {
            return Err(bad(
                &stats,
                format!("not a WARC record (starts with {:?})", short(version)),
            ));
        }
        let fields = parse_fields(lines);
        let length: u64 = field(&fields, "content-length")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| bad(&stats, "missing or invalid Content-Length".into()))?;
        let kind = field(&fields, "warc-type").unwrap_or_default().to_ascii_lowercase();
        let wanted = matches!(kind.as_str(), "response" | "resource");
        let mut body_reader = (&mut reader).take(length);
        let body = if wanted && length <= max_record_bytes {
            let mut body = Vec::with_capacity(length.min(1 << 20) as usize);
            body_reader.read_to_end(&mut body).map_err(|e| bad(&stats, io_text(&e)))?;
            Some(body)
        } else {
            io::copy(&mut body_reader, &mut io::sink()).map_err(|e| bad(&stats, io_text(&e)))?;
            None
        };
        if body_reader.limit() > 0 {
            return Err(bad(&stats, "truncated record (the archive ends inside it)".into()));
        }
        // The two CRLFs after a record (tolerate bare LFs and a missing end).
        skip_record_end(&mut reader).map_err(|e| bad(&stats, io_text(&e)))?;
        stats.records += 1;
        if !wanted {
            continue;
        }
        let Some(body) = body else {
            stats.skipped += 1;
            continue;
        };
        let url =
            field(&fields, "warc-target-uri").map(|u| u.trim_matches(['<', '>', ' ']).to_string());
        let date = field(&fields, "warc-date").map(str::to_string);
        let extracted = if kind == "response" {
            http_html_payload(&body, max_record_bytes)
        } else {
            let ct = field(&fields, "content-type").unwrap_or_default();
            is_html_type(ct, &body).then(|| (body, charset_of(ct)))
        };
        match extracted {
            Some((body, charset)) => {
                stats.pages += 1;
                if page(WarcPage { url, date, charset, body }).is_break() {
                    return Ok(stats);
                }
            }
            None => stats.skipped += 1,
        }
    }
}

/// The header block up to the blank line; `None` at a clean end of input.
fn read_header_block(
    reader: &mut impl BufRead,
    skip_leading_blank: bool,
) -> std::result::Result<Option<String>, String> {
    let mut block: Vec<u8> = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    loop {
        line.clear();
        let limit = (MAX_HEADER_BYTES - block.len().min(MAX_HEADER_BYTES)) as u64 + 1;
        let n =
            reader.by_ref().take(limit).read_until(b'\n', &mut line).map_err(|e| io_text(&e))?;
        if n == 0 {
            return if block.is_empty() { Ok(None) } else { Err("truncated record header".into()) };
        }
        if block.len() + line.len() > MAX_HEADER_BYTES {
            return Err(format!("header over {} KB (not a WARC file?)", MAX_HEADER_BYTES / 1024));
        }
        let is_blank = line.iter().all(|b| matches!(b, b'\r' | b'\n'));
        if is_blank {
            if block.is_empty() && skip_leading_blank {
                continue;
            }
            return Ok(Some(String::from_utf8_lossy(&block).into_owned()));
        }
        block.extend_from_slice(&line);
    }
}

fn skip_record_end(reader: &mut impl BufRead) -> io::Result<()> {
    for _ in 0..4 {
        match reader.fill_buf()?.first() {
            Some(b'\r' | b'\n') => reader.consume(1),
            _ => break,
        }
    }
    Ok(())
}

fn parse_fields<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, &'a str)> {
    lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
        .collect()
}

fn field<'a>(fields: &[(String, &'a str)], name: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
}

/// The HTML payload of an HTTP response with a 2xx status, with its charset.
fn http_html_payload(body: &[u8], max_bytes: u64) -> Option<(Vec<u8>, Option<String>)> {
    let mut cursor = body;
    let head = read_header_block(&mut cursor, false).ok()??;
    let mut lines = head.lines();
    let status_line = lines.next()?;
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    if !(200..300).contains(&status) {
        return None;
    }
    let fields = parse_fields(lines);
    let ct = field(&fields, "content-type").unwrap_or_default();
    let mut payload = cursor.to_vec();
    if field(&fields, "transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        if let Some(unchunked) = dechunk(&payload) {
            payload = unchunked;
        }
    }
    match field(&fields, "content-encoding").map(str::to_ascii_lowercase).as_deref() {
        Some("gzip" | "x-gzip") if payload.starts_with(&[0x1f, 0x8b]) => {
            payload = inflate(MultiGzDecoder::new(&payload[..]), max_bytes)?;
        }
        Some("deflate") => {
            payload = inflate(flate2::read::ZlibDecoder::new(&payload[..]), max_bytes)?;
        }
        _ => {}
    }
    is_html_type(ct, &payload).then(|| (payload, charset_of(ct)))
}

/// Decompress at most `max_bytes`; more is a bomb and gives `None`.
fn inflate(decoder: impl Read, max_bytes: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    decoder.take(max_bytes + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= max_bytes).then_some(out)
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = data.iter().position(|&b| b == b'\n')?;
        let size_text = std::str::from_utf8(&data[..eol]).ok()?.trim();
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = &data[size..];
        data = data.strip_prefix(b"\r\n").or_else(|| data.strip_prefix(b"\n")).unwrap_or(data);
    }
}

fn is_html_type(content_type: &str, payload: &[u8]) -> bool {
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("html") {
        return true;
    }
    if !ct.trim().is_empty() {
        return false;
    }
    let head = String::from_utf8_lossy(&payload[..payload.len().min(1024)]).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

fn short(s: &str) -> String {
    s.chars().take(20).collect()
}

fn io_text(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => "unexpected end of data (truncated archive?)".into(),
        _ => {
            let t = e.to_string();
            match t.find(" (os error") {
                Some(i) => t[..i].to_string(),
                None => t,
            }
        }
    }
}

/// A reader that fails once more than `budget` bytes have been read through it.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R> Capped<R> {
    fn new(inner: R, budget: u64) -> Self {
        Capped { inner, left: budget }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(io::Error::other(format!(
                "decompressed data is over {}× the compressed size (gzip bomb?)",
                MAX_GZIP_RATIO
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-08T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(ct: &str, body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn archive() -> Vec<u8> {
        let mut w =
            b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\ninfo\r\n\r\n".to_vec();
        w.extend(record("request", "https://a.example/1", b"GET /1 HTTP/1.1\r\n\r\n"));
        w.extend(record(
            "response",
            "https://a.example/1",
            &http("text/html; charset=windows-1252", "<html><body><p>One</p></body></html>"),
        ));
        w.extend(record("response", "https://a.example/img", &http("image/png", "\u{1}PNG")));
        w.extend(record(
            "response",
            "https://a.example/gone",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>gone</html>",
        ));
        w.extend(record(
            "response",
            "https://a.example/2",
            &http("text/html", "<html><body><p>Two</p></body></html>"),
        ));
        w
    }

    fn pages(bytes: &[u8]) -> (Vec<WarcPage>, Result<WarcStats>) {
        let mut out = Vec::new();
        let r = read_warc("crawl.warc", warc_from_bytes(bytes), 1 << 20, |p| {
            out.push(p);
            ControlFlow::Continue(())
        });
        (out, r)
    }

    #[test]
    fn html_responses_only() {
        let (pages, stats) = pages(&archive());
        let stats = stats.unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].url.as_deref(), Some("https://a.example/1"));
        assert_eq!(pages[0].charset.as_deref(), Some("windows-1252"));
        assert_eq!(pages[0].body, b"<html><body><p>One</p></body></html>");
        assert_eq!(pages[1].url.as_deref(), Some("https://a.example/2"));
        assert_eq!(stats, WarcStats { records: 6, pages: 2, skipped: 2 });
    }

    #[test]
    fn gzipped_per_record_and_whole() {
        let plain = archive();
        let (p, s) = pages(&gz(&plain));
        assert_eq!(p.len(), 2);
        assert!(s.is_ok());
        // Multi-member: one gzip member per record, as crawlers write them.
        let mut multi = Vec::new();
        multi.extend(gz(&record(
            "response",
            "https://a.example/1",
            &http("text/html", "<html>1</html>"),
        )));
        multi.extend(gz(&record(
            "response",
            "https://a.example/2",
            &http("text/html", "<html>2</html>"),
        )));
        let (p, _) = pages(&multi);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn truncated_gzip_keeps_earlier_pages_and_names_the_input() {
        let full = gz(&archive());
        let (p, r) = pages(&full[..full.len() * 2 / 3]);
        let err = r.unwrap_err().to_string();
        assert!(err.starts_with("crawl.warc: "), "{err}");
        assert!(!err.contains('\n'));
        assert!(p.len() <= 2);
    }

    #[test]
    fn gzip_bomb_is_capped() {
        // 300 MB of zeros compress to about 300 KB: over the ratio cap and the header cap.
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..300 {
            e.write_all(&zeros).unwrap();
        }
        let bomb = e.finish().unwrap();
        let (p, r) = pages(&bomb);
        assert!(p.is_empty());
        assert!(r.is_err());
        // A record whose gzip-encoded HTTP body is a bomb is skipped, not inflated.
        let inner = gz(&vec![b'a'; 4 << 20]);
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend(inner);
        let (p, r) = pages(&record("response", "https://a.example/bomb", &block));
        assert!(p.is_empty());
        assert_eq!(r.unwrap().skipped, 1);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b"WARC/1.0\r\nContent-Length: x\r\n\r\n"[..],
            b"hello\n\n",
            b"WARC/1.0\r\nContent-Length: 999\r\n\r\nshort",
            b"\x1f\x8b\x08",
        ] {
            let (_, r) = pages(bytes);
            assert!(r.is_err(), "{bytes:?}");
        }
        let (p, r) = pages(b"");
        assert!(p.is_empty() && r.is_ok());
    }

    #[test]
    fn chunked_payloads() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(), b"Wikipedia");
        assert_eq!(dechunk(b"zz\r\n"), None);
    }
}
