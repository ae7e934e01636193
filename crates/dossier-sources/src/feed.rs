//! RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed documents, read with `feed-rs`.

use crate::{Result, SourceError};

/// One item of a feed, its fields as the feed gives them (HTML is not converted here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's title (plain text; feeds sometimes escape HTML in it, which is stripped).
    pub title: Option<String>,
    /// The item's link (the article's URL): the `alternate` link, else the first; when that
    /// is not an `http(s)` address, the item's id if it is one, else none.
    pub link: Option<String>,
    /// The link the item gave that was not an `http(s)` address (`javascript:void(0)`,
    /// `mailto:`...) and so was not used as [`FeedItem::link`].
    pub dropped_link: Option<String>,
    /// Publication date (`published`, else `updated`), ISO 8601 in UTC.
    pub published: Option<String>,
    /// Author names, joined with ", ".
    pub author: Option<String>,
    /// The fullest content: `content:encoded` / Atom `content`, else the summary (HTML or text).
    pub content: String,
    /// Whether [`FeedItem::content`] is HTML (true) or plain text.
    pub content_is_html: bool,
    /// The item's language when the feed states it.
    pub language: Option<String>,
}

/// Parse a feed's bytes into its items, in feed order.
///
/// An HTML page (an error page served at a feed URL) or any other non-feed document is refused
/// with [`SourceError::NotAFeed`] naming its root element, so the caller can say what it got.
pub fn read_feed(name: &str, bytes: &[u8]) -> Result<Vec<FeedItem>> {
    if let Some(root) = root_element(bytes) {
        let lower = root.to_ascii_lowercase();
        if !matches!(lower.as_str(), "rss" | "feed" | "rdf:rdf" | "rdf") && !lower.ends_with(":rdf")
        {
            return Err(SourceError::NotAFeed {
                name: name.to_string(),
                root: format!("<{root}>"),
            });
        }
    }
    let feed = feed_rs::parser::parse(bytes).map_err(|e| SourceError::BadFeed {
        name: name.to_string(),
        message: one_line(&e.to_string()),
    })?;
    let feed_language = feed.language.clone();
    Ok(feed
        .entries
        .into_iter()
        .map(|entry| {
            let given = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|l| !l.is_empty());
            let id = Some(entry.id.trim().to_string()).filter(|id| is_web_address(id));
            let (link, dropped_link) = match given {
                Some(l) if is_web_address(&l) => (Some(l), None),
                Some(l) => (id, Some(l)),
                None => (id, None),
            };
            let authors: Vec<String> = entry
                .authors
                .iter()
                .filter_map(|p| p.name.as_deref().map(str::trim))
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect();
            let (content, content_is_html) = match (&entry.content, &entry.summary) {
                (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
                    let is_html = c.content_type.essence().to_string() != "text/plain";
                    (c.body.clone().unwrap_or_default(), is_html)
                }
                (_, Some(s)) => {
                    (s.content.clone(), s.content_type.essence().to_string() != "text/plain")
                }
                _ => (String::new(), false),
            };
            FeedItem {
                title: entry
                    .title
                    .map(|t| one_line(&strip_tags(&t.content)))
                    .filter(|t| !t.is_empty()),
                link,
                dropped_link,
                published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                author: (!authors.is_empty()).then(|| authors.join(", ")),
                content,
                content_is_html,
                language: entry.language.or_else(|| feed_language.clone()),
            }
        })
        .collect())
}

/// Whether `url` is an absolute `http://` or `https://` address (any case).
fn is_web_address(url: &str) -> bool {
    let lower = |n: usize| url.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://")
}

/// The name of the first element of an XML or HTML document, if one can be seen in the first
/// 4 KB (after the XML declaration, comments and a doctype).
fn root_element(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let mut rest: &str = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<?") {
            rest = &rest[rest.find("?>")? + 2..];
        } else if rest.starts_with("<!--") {
            rest = &rest[rest.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            break;
        }
    }
    let tag = rest.strip_prefix('<')?;
    let name: String =
        tag.chars().take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_')).collect();
    (!name.is_empty()).then_some(name)
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items() {
        let rss = br#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbor Daily</title><link>https://harbor.example/</link><language>en</language>
<item><title>Port talks resume</title><link>https://harbor.example/port-talks</link>
<pubDate>Fri, 08 Mar 2024 09:30:00 GMT</pubDate><dc:creator>Jane Doe</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Officials met on Tuesday.</p><p>Talks went on.</p>]]></content:encoded></item>
<item><title>Second story</title><link>https://harbor.example/second</link><description>Only a summary &amp; no more.</description></item>
</channel></rss>"#;
        let items = read_feed("feed.xml", rss).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title.as_deref(), Some("Port talks resume"));
        assert_eq!(items[0].link.as_deref(), Some("https://harbor.example/port-talks"));
        assert_eq!(items[0].published.as_deref(), Some("2024-03-08T09:30:00+00:00"));
        assert_eq!(items[0].author.as_deref(), Some("Jane Doe"));
        assert!(items[0].content.contains("<p>Officials met on Tuesday.</p>"));
        assert_eq!(items[0].language.as_deref(), Some("en"));
        assert!(items[1].content.contains("Only a summary & no more."));
        assert_eq!(items[1].published, None);
    }

    #[test]
    fn links_that_are_not_web_addresses_are_dropped() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Daily</title><link>https://harbor.example/</link>
<item><title>Pop-up story</title><link>javascript:openStory(41)</link><guid isPermaLink="true">https://harbor.example/stories/41</guid><description>One.</description></item>
<item><title>Mail story</title><link> javascript:void(0) </link><guid isPermaLink="false">story-42</guid><description>Two.</description></item>
<item><title>Plain story</title><link>HTTPS://harbor.example/43</link><description>Three.</description></item>
</channel></rss>"#;
        let items = read_feed("feed.xml", rss).unwrap();
        assert_eq!(items[0].link.as_deref(), Some("https://harbor.example/stories/41"));
        assert_eq!(items[0].dropped_link.as_deref(), Some("javascript:openStory(41)"));
        assert_eq!(items[1].link, None);
        assert_eq!(items[1].dropped_link.as_deref(), Some("javascript:void(0)"));
        assert!(items[2].link.as_deref().is_some_and(|l| l.ends_with("harbor.example/43")));
        assert_eq!(items[2].dropped_link, None);
        assert!(
            is_web_address("HTTP://harbor.example/")
                && !is_web_address("mailto:desk@harbor.example")
        );
        assert!(!is_web_address("/stories/44") && !is_web_address("http:"));
    }

    #[test]
    fn atom_and_rdf() {
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2024-03-08T00:00:00Z</updated>
<entry><title>Atom story</title><id>urn:1</id><link rel="alternate" href="https://a.example/1"/><published>2024-03-07T12:00:00Z</published><updated>2024-03-08T00:00:00Z</updated><author><name>Ana Ruiz</name></author><content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content></entry></feed>"#;
        let items = read_feed("a.atom", atom).unwrap();
        assert_eq!(items[0].link.as_deref(), Some("https://a.example/1"));
        assert_eq!(items[0].published.as_deref(), Some("2024-03-07T12:00:00+00:00"));
        assert_eq!(items[0].author.as_deref(), Some("Ana Ruiz"));
        assert!(items[0].content_is_html);
        let rdf = br#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link><description>d</description></channel>
<item rdf:about="https://r.example/1"><title>RDF story</title><link>https://r.example/1</link><description>Text.</description></item></rdf:RDF>"#;
        let items = read_feed("r.rdf", rdf).unwrap();
        assert_eq!(items[0].title.as_deref(), Some("RDF story"));
        assert_eq!(items[0].link.as_deref(), Some("https://r.example/1"));
    }

    #[test]
    fn html_error_page_is_not_a_feed() {
        let err =
            read_feed("feed.xml", b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>")
                .unwrap_err();
        assert_eq!(err.to_string(), "feed.xml: not an RSS or Atom document (root element <html>)");
        let err = read_feed("feed.xml", b"<rss><channel><item><title>cut off").unwrap_err();
        assert!(err.to_string().starts_with("feed.xml: malformed feed: "), "{err}");
        assert!(!err.to_string().contains('\n'));
    }

    #[test]
    fn a_feed_with_100_000_items() {
        let mut rss = String::from("<rss version=\"2.0\"><channel><title>Big</title>");
        for i in 0..100_000 {
            rss.push_str(&format!(
                "<item><title>Item {i}</title><link>https://big.example/{i}</link><description>Story {i}.</description></item>"
            ));
        }
        rss.push_str("</channel></rss>");
        let items = read_feed("big.rss", rss.as_bytes()).unwrap();
        assert_eq!(items.len(), 100_000);
        assert_eq!(items[99_999].link.as_deref(), Some("https://big.example/99999"));
    }
}
