//! Step 5 for the formats that are not pasted text: HTML pages, feed items and WARC records
//! become documents (before any language stage runs).

use std::ops::ControlFlow;

use dossier_core::{Diagnostic, DiagnosticCode, Document, PublishedSource, Source};
use dossier_sources::{FeedItem, WarcPage};

use crate::{AnalyzeError, Analyzer};

impl Analyzer {
    /// Analyze one HTML page (`source.format = "html"`).
    pub fn analyze_html(&self, name: &str, bytes: &[u8]) -> Result<Document, AnalyzeError> {
        let mut doc = self.extract_html(Some(name), None, bytes, None, "html")?;
        self.finish(&mut doc);
        Ok(doc)
    }

    /// Analyze every item of a feed (`source.format = "feed-item"`), in feed order.
    pub fn analyze_feed(&self, name: &str, bytes: &[u8]) -> Result<Vec<Document>, AnalyzeError> {
        let mut docs = self.extract_feed(name, bytes)?;
        docs.iter_mut().for_each(|d| self.finish(d));
        Ok(docs)
    }

    /// Analyze the HTML pages of a WARC archive held in memory (`source.format =
    /// "warc-record"`). An archive that breaks off after some pages gives those pages; one
    /// with none is an error. Large archives are streamed by [`crate::batch`] instead.
    pub fn analyze_warc_bytes(
        &self,
        name: &str,
        bytes: &[u8],
    ) -> Result<Vec<Document>, AnalyzeError> {
        let mut docs = Vec::new();
        let result = dossier_sources::read_warc(
            name,
            dossier_sources::warc_from_bytes(bytes),
            self.options.max_bytes,
            |page| {
                docs.push(page);
                ControlFlow::Continue(())
            },
        );
        if let Err(e) = result {
            if docs.is_empty() {
                return Err(e.into());
            }
        }
        docs.into_iter()
            .map(|page| {
                let mut doc = self.extract_warc_page(name, page)?;
                self.finish(&mut doc);
                Ok(doc)
            })
            .collect()
    }

    /// An HTML page as a document, before the language stages: decoded (HTTP `charset`,
    /// `<meta charset>`, detection), its article extracted, its metadata set.
    pub fn extract_html(
        &self,
        name: Option<&str>,
        url: Option<&str>,
        bytes: &[u8],
        charset: Option<&str>,
        format: &str,
    ) -> Result<Document, AnalyzeError> {
        let decoded = dossier_sources::decode_html(bytes, charset)
            .map_err(|e| e.with_name(name.unwrap_or("input")))?;
        let article = dossier_extract::extract_html_article(&decoded.text, url);
        let source = Source {
            path: name.map(str::to_string),
            url: url.map(str::to_string),
            format: format.to_string(),
            encoding: Some(decoded.encoding.to_string()),
        };
        let mut doc = dossier_extract::html_into_document(article, source);
        if let Some(d) = decoded.not_utf8_diagnostic() {
            doc.diagnostics.insert(0, d);
        }
        Ok(doc)
    }

    /// A feed's items as documents, before the language stages.
    pub fn extract_feed(&self, name: &str, bytes: &[u8]) -> Result<Vec<Document>, AnalyzeError> {
        let items = dossier_sources::read_feed(name, bytes)?;
        Ok(items.into_iter().map(|item| feed_item_document(name, item)).collect())
    }

    /// One WARC page as a document, before the language stages.
    pub fn extract_warc_page(&self, name: &str, page: WarcPage) -> Result<Document, AnalyzeError> {
        self.extract_html(
            Some(name),
            page.url.as_deref(),
            &page.body,
            page.charset.as_deref(),
            "warc-record",
        )
        .map_err(|e| match (e, page.url.as_deref()) {
            (AnalyzeError::Source(s), Some(url)) => {
                AnalyzeError::Source(s.with_name(format!("{name}: {url}")))
            }
            (e, _) => e,
        })
    }
}

/// A feed item as a document: title, link as `source.url`, date as `published` from
/// metadata, content (or summary) as text — HTML converted, figure captions kept apart —
/// and author as byline.
fn feed_item_document(name: &str, item: FeedItem) -> Document {
    let (text, captions) = if item.content_is_html {
        dossier_extract::html_fragment_text(&item.content)
    } else {
        let paragraphs: Vec<String> = item
            .content
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        (paragraphs.join("\n\n"), Vec::new())
    };
    let source = Source {
        path: Some(name.to_string()),
        url: item.link,
        format: "feed-item".to_string(),
        encoding: None,
    };
    let mut doc = Document::new(text, source);
    if let Some(dropped) = &item.dropped_link {
        let shown: String = dropped.chars().take(60).collect();
        doc.diagnostics.push(Diagnostic::new(
            DiagnosticCode::LinkDropped,
            format!("the feed item's link {shown:?} is not a web address; not used as source.url"),
        ));
    }
    doc.title = item.title;
    doc.byline = item.author;
    doc.captions = captions;
    if let Some(published) = item.published {
        doc.published = Some(published);
        doc.published_source = PublishedSource::Metadata;
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_link_that_is_not_a_web_address_is_reported() {
        let item = FeedItem {
            title: Some("Port talks resume".into()),
            dropped_link: Some("javascript:openStory(41)".into()),
            content: "Officials met on Tuesday.".into(),
            ..FeedItem::default()
        };
        let doc = feed_item_document("feed.xml", item);
        assert_eq!(doc.source.url, None);
        assert_eq!(doc.diagnostics.len(), 1);
        assert_eq!(doc.diagnostics[0].code, "I004");
        assert!(doc.diagnostics[0].message.contains("javascript:openStory(41)"));
        let item = FeedItem {
            link: Some("https://harbor.example/41".into()),
            content: "Officials met on Tuesday.".into(),
            ..FeedItem::default()
        };
        let doc = feed_item_document("feed.xml", item);
        assert_eq!(doc.source.url.as_deref(), Some("https://harbor.example/41"));
        assert!(doc.diagnostics.is_empty());
    }
}
