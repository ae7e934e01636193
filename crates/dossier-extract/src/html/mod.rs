//! HTML pages: the article's body, captions and metadata.
//!
//! The main content is found by [`dom_smoothie`] (a port of Mozilla's Readability, on the same
//! html5ever parser as the rest of Dossier's HTML stack); the metadata — which every extractor
//! gets partly wrong — is read by our own rules in `meta.rs`, before Readability rewrites the
//! tree. The content Readability keeps is then walked block by block: each block element is
//! one paragraph (joined with `"\n\n"`), `<figcaption>`s become [`Caption`]s instead of body
//! text, and a first paragraph that repeats the headline is dropped.

mod meta;
mod mojibake;

use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Config, Readability};

use dossier_core::{Caption, Document, PublishedSource, Source};

use crate::caption::parse_caption;
use crate::date::find_date;
use crate::PublishedGuess;

pub use meta::strip_site_name;

/// Below this many words the Readability result is distrusted and the whole page body (minus
/// navigation, headers, footers, forms and asides) is used instead.
const MIN_READABLE_WORDS: usize = 25;
/// Tags nested deeper than this are dropped before parsing (their text is kept): the HTML
/// parser's scope checks make parsing quadratic in the nesting depth, so a page of 50,000
/// nested `<div>`s would take minutes.
const MAX_TAG_DEPTH: usize = 512;
/// Pages nested deeper than this skip Readability (real pages stay under about 60 levels).
const MAX_READABLE_DEPTH: usize = 256;
/// Elements beyond this many are not scored by Readability (a pathological page).
const MAX_ELEMENTS: usize = 200_000;

/// An HTML page split into its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// The headline.
    pub title: Option<String>,
    /// Author(s) as printed, without "By".
    pub byline: Option<String>,
    /// Publication date (`YYYY-MM-DD`) with its evidence.
    pub published: Option<PublishedGuess>,
    /// Whether [`HtmlArticle::published`] came from metadata (true) or the text (false).
    pub published_from_metadata: bool,
    /// ISO 639-1 code the page declares (`<html lang>`, `og:locale`...).
    pub language: Option<String>,
    /// `<link rel=canonical>`, `og:url` or the JSON-LD `url`.
    pub canonical_url: Option<String>,
    /// `og:site_name` or the JSON-LD publisher.
    pub site_name: Option<String>,
    /// `og:description` or `<meta name=description>`.
    pub description: Option<String>,
    /// The story: paragraphs joined by `"\n\n"`.
    pub body: String,
    /// Figure captions, kept out of the body.
    pub captions: Vec<Caption>,
}

/// Extract the article of an HTML page. `url` is the page's address when known (it helps
/// with dates in the path and relative links). A page whose UTF-8 was read as Latin-1 or
/// Windows-1252 and written out again ("cafÃ©", "itâ€™s") is repaired first when it is
/// clearly double-encoded (see `mojibake::repair_page`). Never panics.
///
/// ```
/// let page = r#"<!doctype html><html lang="en"><head>
///   <title>Port talks resume | Harbor Daily</title>
///   <meta property="og:site_name" content="Harbor Daily">
///   <meta property="article:published_time" content="2024-03-08T09:30:00Z">
///   <meta name="author" content="Jane Doe">
/// </head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
///   <article><h1>Port talks resume</h1>
///   <p>Officials from both port authorities met in Valparaíso on Tuesday to restart talks
///   over the shared terminal, which has been idle since the storm in January damaged it.</p>
///   <figure><img src="a.jpg"><figcaption>The idle terminal on Monday.</figcaption></figure>
///   <p>Negotiators said they expected a draft agreement within weeks, and both sides agreed
///   to meet again in April to review the repair plan and its costs.</p></article>
///   <footer>© Harbor Daily</footer></body></html>"#;
/// let article = dossier_extract::extract_html_article(page, None);
/// assert_eq!(article.title.as_deref(), Some("Port talks resume"));
/// assert_eq!(article.byline.as_deref(), Some("Jane Doe"));
/// assert_eq!(article.published.unwrap().date, "2024-03-08");
/// assert_eq!(article.language.as_deref(), Some("en"));
/// assert!(article.body.starts_with("Officials from both port authorities"));
/// assert_eq!(article.body.matches("\n\n").count(), 1);
/// assert_eq!(article.captions[0].text, "The idle terminal on Monday.");
/// ```
pub fn extract_html_article(html: &str, url: Option<&str>) -> HtmlArticle {
    let lean = drop_scripts_and_styles(html);
    let repaired = mojibake::repair_page(&lean);
    let flat = flatten_deep_nesting(&repaired, MAX_TAG_DEPTH);
    let html: &str = &flat;
    let dom = Dom::from(html);
    let meta = meta::read_meta(&dom, url);

    let config = Config { max_elements_to_parse: MAX_ELEMENTS, ..Default::default() };
    let base = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    // Readability's scoring is recursive and slow on absurdly deep trees: those pages go
    // straight to the whole-page walk.
    // The content is walked in Readability's own tree (its `#readability-page-1` element)
    // rather than by parsing the HTML it serializes.
    let (readable, mut blocks) = if depth_exceeds(&dom.root(), MAX_READABLE_DEPTH) {
        (Err(dom_smoothie::ReadabilityError::GrabFailed), Blocks::default())
    } else {
        match Readability::with_document(dom, base, Some(config)) {
            Ok(mut r) => {
                let article = r.parse();
                let blocks = match &article {
                    Ok(_) => r
                        .doc
                        .select_single("#readability-page-1")
                        .nodes()
                        .first()
                        .map(blocks_of)
                        .unwrap_or_default(),
                    Err(_) => Blocks::default(),
                };
                (article, blocks)
            }
            Err(e) => (Err(e), Blocks::default()),
        }
    };
    if blocks.words() < MIN_READABLE_WORDS {
        let whole = whole_page_blocks(html);
        if whole.words() > blocks.words() {
            blocks = whole;
        }
    }

    // A first paragraph that repeats the headline.
    if let (Some(title), Some(first)) = (&meta.title, blocks.paragraphs.first()) {
        if fold(first) == fold(title) {
            blocks.paragraphs.remove(0);
        }
    }

    // A byline paragraph near the top ("By Jane Doe") is metadata, not body.
    let byline_fold = meta.byline.as_deref().map(fold).unwrap_or_default();
    let mut k = 0;
    while k < blocks.paragraphs.len().min(3) {
        let p = &blocks.paragraphs[k];
        let short = p.split_whitespace().count() <= 12;
        let is_byline = short
            && (p.starts_with("By ")
                || p.starts_with("BY ")
                || (!byline_fold.is_empty()
                    && (fold(p) == byline_fold || fold(p) == format!("by{byline_fold}"))));
        if is_byline {
            blocks.paragraphs.remove(k);
        } else {
            k += 1;
        }
    }

    let title = meta.title.clone().or_else(|| {
        readable.as_ref().ok().map(|a| meta::clean(&a.title)).filter(|t| !t.is_empty())
    });
    let byline = meta
        .byline
        .clone()
        .or_else(|| readable.as_ref().ok().and_then(|a| a.byline.as_deref().map(meta::clean)));
    let (published, from_meta) = match meta.published {
        Some((date, evidence)) => (Some(PublishedGuess { date, evidence }), true),
        None => (text_date(&blocks.paragraphs), false),
    };
    HtmlArticle {
        title,
        byline: byline.filter(|b| !b.is_empty()),
        published,
        published_from_metadata: from_meta,
        language: meta.language,
        canonical_url: meta.canonical_url,
        site_name: meta.site_name,
        description: meta.description,
        body: blocks.paragraphs.join("\n\n"),
        captions: blocks.captions,
    }
}

/// Text of an HTML fragment (a feed item's `content:encoded`, a summary): paragraphs joined
/// by `"\n\n"`, figure captions apart.
pub fn html_fragment_text(html: &str) -> (String, Vec<Caption>) {
    let repaired = mojibake::repair_page(html);
    let flat = flatten_deep_nesting(&repaired, MAX_TAG_DEPTH);
    let dom = Dom::fragment(&*flat);
    let blocks = blocks_of(&dom.root());
    (blocks.paragraphs.join("\n\n"), blocks.captions)
}

/// Turn an extracted page into a document: body as `text`, metadata as fields, `source.url`
/// from the canonical URL when the source has none, `published_source = metadata` (or `text`
/// for a dateline).
pub fn html_into_document(article: HtmlArticle, mut source: Source) -> Document {
    if source.url.is_none() {
        source.url = article.canonical_url.clone();
    }
    let mut doc = Document::new(article.body, source);
    doc.title = article.title;
    doc.byline = article.byline;
    doc.captions = article.captions;
    if let Some(guess) = article.published {
        doc.published = Some(guess.date);
        doc.published_source = if article.published_from_metadata {
            PublishedSource::Metadata
        } else {
            PublishedSource::Text
        };
    }
    doc
}

fn text_date(paragraphs: &[String]) -> Option<PublishedGuess> {
    let first = paragraphs.iter().take(2).find_map(|p| {
        let head: String = p.chars().take(160).collect();
        find_date(&head).map(|m| (m, head))
    })?;
    let (m, head) = first;
    Some(PublishedGuess {
        date: m.date.format("%Y-%m-%d").to_string(),
        evidence: format!("dateline: {}", &head[..m.end]),
    })
}

/// `html` without its `<script>` elements (but JSON-LD), `<style>` and `<svg>` elements:
/// they are about half of a page's bytes (WCXB dev: scripts 23%, styles 20%, SVG 5%), none
/// of it article text; Readability removes scripts and styles anyway.
/// Parsing without them is faster. Borrowed when there is nothing to drop.
fn drop_scripts_and_styles(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        i = start + 1;
        let rest = &bytes[start + 1..];
        let name: &[u8] = if starts_with_ignore_case(rest, b"script") {
            b"script"
        } else if starts_with_ignore_case(rest, b"style") {
            b"style"
        } else if starts_with_ignore_case(rest, b"svg") {
            b"svg"
        } else {
            continue;
        };
        if !matches!(rest.get(name.len()), Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'>' | b'/'))
        {
            continue;
        }
        let Some(open_len) = html[start..].find('>') else { break };
        let body = start + open_len + 1;
        let open_tag = &bytes[start..body];
        if name == b"script" && open_tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json")) {
            i = body;
            continue;
        }
        // The element ends at the first `</script` or `</style` (as the tokenizer has it).
        let Some(close) = find_end_tag(&html[body..], name) else { break };
        let close = body + close;
        let end = html[close..].find('>').map_or(html.len(), |g| close + g + 1);
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
        buf.push_str(&html[copied..start]);
        copied = end;
        i = end;
    }
    with_rest(out, html, copied)
}

fn starts_with_ignore_case(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Byte offset of the first `</name` in `hay`, any case.
fn find_end_tag(hay: &str, name: &[u8]) -> Option<usize> {
    let bytes = hay.as_bytes();
    let mut i = 0;
    while let Some(off) = hay[i..].find("</") {
        let at = i + off;
        if starts_with_ignore_case(&bytes[at + 2..], name) {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

/// `html` without the start and end tags that are nested deeper than `limit` (an estimate from
/// the tags alone: void and auto-closed elements do not count). Borrowed when nothing is
/// dropped, which is every real page.
fn flatten_deep_nesting(html: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    let mut depth: usize = 0;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    // `str::find` with one ASCII character is a memchr scan.
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let Some(len) = html[start..].find('>') else { break };
        let end = start + len + 1;
        let tag = &html[start + 1..end - 1];
        i = end;
        let closing = tag.starts_with('/');
        let bare = tag.trim_start_matches('/');
        let name =
            &bare[..bare.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bare.len())];
        if name.is_empty() || !is_nesting(name) || tag.ends_with('/') {
            continue;
        }
        let too_deep = if closing {
            let deep = depth > limit;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > limit
        };
        if too_deep {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..start]);
            buf.push(' ');
            copied = end;
        }
    }
    with_rest(out, html, copied)
}

/// The rewritten page (`out`, when a cut was made) completed with the bytes after `copied`,
/// or the page itself when nothing was cut.
fn with_rest(out: Option<String>, html: &str, copied: usize) -> std::borrow::Cow<'_, str> {
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            std::borrow::Cow::Owned(buf)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// Whether an element can hold other elements nested inside it: not a void element, nor one
/// the parser closes by itself (`<p>`, `<li>`, table cells...).
fn is_nesting(name: &str) -> bool {
    if name.len() > 8 {
        return true;
    }
    let mut buf = [0u8; 8];
    for (b, c) in buf.iter_mut().zip(name.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    !matches!(
        &buf[..name.len()],
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"param"
            | b"keygen"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"optgroup"
            | b"rb"
            | b"rt"
            | b"rp"
    )
}

/// Whether any node of the tree is more than `limit` levels deep (without recursion).
fn depth_exceeds(root: &NodeRef, limit: usize) -> bool {
    // Depth-first through first children and next siblings, climbing back with `parent`.
    let mut node = *root;
    let mut depth = 0usize;
    loop {
        if let Some(child) = node.first_child() {
            depth += 1;
            if depth > limit {
                return true;
            }
            node = child;
            continue;
        }
        loop {
            if depth == 0 {
                return false;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    depth -= 1;
                }
                None => return false,
            }
        }
    }
}

fn fold(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Paragraphs and captions of a tree.
#[derive(Default)]
struct Blocks {
    paragraphs: Vec<String>,
    captions: Vec<Caption>,
}

impl Blocks {
    fn words(&self) -> usize {
        self.paragraphs.iter().map(|p| p.split_whitespace().count()).sum()
    }
}

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "button"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "head"
            | "title"
            | "meta"
            | "link"
    )
}

/// Elements that start and end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "hr"
            | "br"
            | "address"
            | "details"
            | "summary"
            | "form"
            | "fieldset"
            | "body"
            | "html"
    )
}

/// The text of an element with a space where a block inside it starts or ends and for each
/// `<br>`: `<h2><div>Alternatives</div><div>Top</div></h2>` reads "Alternatives Top", as a
/// browser shows it, while inline elements (`<span>Alter</span>natives`) stay joined. Skipped
/// elements (scripts, buttons...) give no text. Without recursion.
fn element_text(node: &NodeRef) -> String {
    let mut out = String::new();
    let mut stack: Vec<Option<NodeRef>> = node.children().into_iter().rev().map(Some).collect();
    while let Some(step) = stack.pop() {
        // `None` marks the end of a block.
        let Some(d) = step else {
            out.push(' ');
            continue;
        };
        if d.is_text() {
            out.push_str(&d.text());
            continue;
        }
        if !d.is_element() {
            continue;
        }
        let name = d.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if is_skipped(&name) {
            continue;
        }
        if is_block(&name) {
            out.push(' ');
            stack.push(None);
        }
        stack.extend(d.children().into_iter().rev().map(Some));
    }
    out
}

/// Walk a tree (without recursion, so deeply nested pages cannot overflow the stack).
fn blocks_of(root: &NodeRef) -> Blocks {
    walk(root, &|_| false)
}

/// The whole page body without page furniture: the fallback when Readability finds nothing.
fn whole_page_blocks(html: &str) -> Blocks {
    let dom = Dom::from(html);
    let root = dom.root();
    walk(&root, &|name| matches!(name, "nav" | "header" | "footer" | "aside" | "form" | "menu"))
}

fn walk(root: &NodeRef, drop: &dyn Fn(&str) -> bool) -> Blocks {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave,
    }
    let mut out = Blocks::default();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Blocks| {
        let text = meta::clean(current);
        current.clear();
        if text.chars().any(char::is_alphanumeric) {
            out.paragraphs.push(text);
        }
    };
    let mut stack: Vec<Step> = root.children().into_iter().rev().map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave => {
                flush(&mut current, &mut out);
                continue;
            }
            Step::Enter(node) => node,
        };
        if node.is_text() {
            current.push_str(&node.text());
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if is_skipped(&name) || drop(&name) || node.attr("hidden").is_some() {
            continue;
        }
        if name == "figcaption" {
            let text = meta::clean(&element_text(&node));
            if !text.is_empty() {
                let caption =
                    parse_caption(&text).unwrap_or(Caption { text: text.clone(), credit: None });
                out.captions.push(caption);
            }
            continue;
        }
        if is_block(&name) {
            flush(&mut current, &mut out);
            stack.push(Step::Leave);
        } else {
            // Inline elements: keep words apart where the markup did (`<span>a</span><span>b`
            // renders without a space, so nothing is added).
        }
        stack.extend(node.children().into_iter().rev().map(Step::Enter));
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_paragraphs_and_captions() {
        let (text, captions) = html_fragment_text(
            "<p>First <b>bold</b> words.</p><figure><img src=x><figcaption>A pier.</figcaption></figure><p>Second<br>line.</p>",
        );
        assert_eq!(text, "First bold words.\n\nSecond\n\nline.");
        assert_eq!(captions.len(), 1);
    }

    #[test]
    fn scripts_and_styles_are_dropped_but_json_ld() {
        let html = "<p>a<script>if (x</b) {}</script>b</p><STYLE media=x>p{}</Style ><script type=\"application/ld+json\">{}</script><scripted>c</scripted>";
        assert_eq!(
            drop_scripts_and_styles(html),
            "<p>ab</p><script type=\"application/ld+json\">{}</script><scripted>c</scripted>"
        );
        assert!(matches!(drop_scripts_and_styles("<p>x</p>"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(
            drop_scripts_and_styles("<a>Share<svg viewBox=\"0 0 9 9\"><path d=\"M0\"/></svg></a>"),
            "<a>Share</a>"
        );
        assert_eq!(drop_scripts_and_styles("<p>x<script>never closed"), "<p>x<script>never closed");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let deep = format!("{}text{}", "<div>".repeat(5), "</div>".repeat(5));
        assert_eq!(flatten_deep_nesting(&deep, 3), "<div><div><div>  text  </div></div></div>");
        assert!(matches!(
            flatten_deep_nesting("<p>a<br>b<img src=x/></p>", 1),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut html = String::from("<html><body>");
        for _ in 0..50_000 {
            html.push_str("<div>");
        }
        html.push_str("Deep words here.");
        let _ = extract_html_article(&html, None);
        let _ = html_fragment_text(&html);
    }
}
