//! Dossier's article extraction: from what people paste into a text file to a clean article.
//!
//! A pasted article carries more than its body: a headline, a standfirst (dek), a byline, a
//! date line, photo captions with credits, and page furniture (share prompts, newsletter
//! sign-ups, "Related" lists, copyright lines). [`extract_text_article`] separates them, so
//! that the body every later stage annotates is only the story, and
//! [`into_document`] turns the result into a [`dossier_core::Document`].
//!
//! The boilerplate patterns are data: `data/boilerplate.txt` in this crate, compiled in
//! ([`BOILERPLATE_PATTERNS`]).
//!
//! ```
//! use dossier_core::{PublishedSource, Source};
//! use dossier_extract::{extract_text_article, into_document};
//!
//! let pasted = "\
//! Harbor closes to cruise ships after storm
//!
//! By Jane Doe, Associated Press
//!
//! Ships wait outside the harbor in Varna, Friday, Sept. 15, 2023. (AP Photo/Mark Hill)
//!
//! VARNA, Bulgaria (AP) — The harbor council voted on Friday to close the port to cruise
//! ships for the rest of the season, citing storm damage to the breakwater.
//!
//! “We had no choice,” Mayor Ivan Petrov said.
//!
//! Share this article
//! Sign up for our morning newsletter";
//!
//! let article = extract_text_article(pasted);
//! assert_eq!(article.title.as_deref(), Some("Harbor closes to cruise ships after storm"));
//! assert_eq!(article.byline.as_deref(), Some("Jane Doe, Associated Press"));
//! assert_eq!(article.captions[0].credit.as_deref(), Some("AP Photo/Mark Hill"));
//! assert_eq!(article.published.as_ref().unwrap().date, "2023-09-15");
//! assert_eq!(article.removed, ["Share this article", "Sign up for our morning newsletter"]);
//! assert!(article.body.starts_with("VARNA, Bulgaria (AP) — The harbor council voted on Friday to close the port to cruise ships"));
//! assert!(article.body.ends_with("\n\n“We had no choice,” Mayor Ivan Petrov said."));
//!
//! let doc = into_document(article, Source::text(Some("harbor.txt".into())));
//! assert_eq!(doc.published.as_deref(), Some("2023-09-15"));
//! assert_eq!(doc.published_source, PublishedSource::Text);
//! assert_eq!(doc.diagnostics[0].code, "X001");
//! ```

mod body;
mod boilerplate;
mod caption;
mod date;
mod header;
mod html;

use dossier_core::{Caption, Diagnostic, DiagnosticCode, Document, PublishedSource, Source};
use serde::Serialize;

pub use boilerplate::BOILERPLATE_PATTERNS;
pub use html::{
    extract_html_article, html_fragment_text, html_into_document, strip_site_name, HtmlArticle,
};

use caption::parse_caption;
use date::find_date;
use header::{dateline_prefix, is_date_line, is_standfirst, is_title, parse_byline, words};

/// Header lines after the headline that may still hold a byline, date, caption or standfirst.
const MAX_HEADER_LINES: usize = 8;
/// A line with at most this many words can be the caption a following credit line belongs to.
const MAX_CAPTION_WORDS: usize = 60;
/// Evidence strings are cut to this many characters.
const MAX_EVIDENCE_CHARS: usize = 120;

/// A plain-text article split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextArticle {
    /// The headline.
    pub title: Option<String>,
    /// The one-sentence summary under the headline (dek).
    pub standfirst: Option<String>,
    /// The author(s) as printed, without "By".
    pub byline: Option<String>,
    /// The story: paragraphs joined by `"\n\n"`, without headline, captions or boilerplate.
    pub body: String,
    /// Photo captions and credit lines, in order.
    pub captions: Vec<Caption>,
    /// The publication date read from a dateline, date line or caption.
    pub published: Option<PublishedGuess>,
    /// The boilerplate lines dropped, in order.
    pub removed: Vec<String>,
}

/// A publication date found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedGuess {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Where it was read, e.g. `dateline: WASHINGTON, Sept. 15, 2023 —`.
    pub evidence: String,
}

/// One non-blank line kept after boilerplate removal.
struct Line<'a> {
    text: &'a str,
    /// A blank line separates it from the previous kept line.
    blank_before: bool,
}

/// Split pasted plain text into headline, standfirst, byline, captions, date and body.
///
/// Never panics; an empty text gives an empty article.
pub fn extract_text_article(text: &str) -> TextArticle {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let normalized = normalized.trim_start_matches('\u{feff}');
    // Lines without a letter or digit ("* * *", "---") separate paragraphs like blank lines.
    let lines: Vec<&str> = normalized
        .split('\n')
        .map(|l| if l.chars().any(char::is_alphanumeric) { l.trim_end() } else { "" })
        .collect();

    let mut article = TextArticle::default();
    let dropped = boilerplate::mark(&lines, &mut article.removed);

    let mut content: Vec<Line> = Vec::new();
    let mut blank = false;
    for (line, dropped) in lines.iter().zip(dropped) {
        if dropped {
            continue;
        }
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        content.push(Line { text: line, blank_before: blank || content.is_empty() });
        blank = false;
    }
    let texts: Vec<&str> = content.iter().map(|l| l.text).collect();
    let n = texts.len();
    let mut used = vec![false; n];
    let mut captions: Vec<(usize, Caption)> = Vec::new();
    let mut dates = DateCandidates::default();

    // Header: date lines, headline, then bylines, date lines, captions and a standfirst.
    let mut i = 0;
    while i < n && is_date_line(texts[i]) {
        dates.add(i, "header", texts[i]);
        used[i] = true;
        i += 1;
    }
    if i + 1 < n && is_title(texts[i], Some(texts[i + 1]), content[i + 1].blank_before) {
        article.title = Some(texts[i].trim().to_string());
        used[i] = true;
        i += 1;
    }
    let header_end = i + MAX_HEADER_LINES;
    while i < n && i < header_end {
        let line = texts[i].trim();
        if article.byline.is_none() {
            if let Some(byline) = parse_byline(line) {
                article.byline = Some(byline);
                dates.add(i, "byline", line);
                used[i] = true;
                i += 1;
                continue;
            }
        }
        if is_date_line(line) {
            dates.add(i, "header", line);
            used[i] = true;
            i += 1;
            continue;
        }
        if let Some(caption) = parse_caption(line) {
            dates.add(i, "caption", &caption.text);
            captions.push((i, caption));
            used[i] = true;
            i += 1;
            continue;
        }
        if article.title.is_some()
            && article.standfirst.is_none()
            && i + 1 < n
            && is_standfirst(&texts, i)
        {
            article.standfirst = Some(line.to_string());
            used[i] = true;
            i += 1;
            continue;
        }
        break;
    }
    let body_start = i;

    // The dateline of the first paragraph.
    if let Some(prefix) = texts.get(body_start).and_then(|l| dateline_prefix(l.trim())) {
        dates.add(body_start, "dateline", prefix);
    }

    // Captions and credit lines inside the body.
    for k in body_start..n {
        let line = texts[k].trim();
        let Some(caption) = parse_caption(line) else { continue };
        used[k] = true;
        let credit_only = caption.text.is_empty();
        let previous_is_caption = credit_only
            && k > body_start
            && !content[k].blank_before
            && !used[k - 1]
            && words(texts[k - 1]) <= MAX_CAPTION_WORDS;
        if previous_is_caption {
            let text = texts[k - 1].trim().to_string();
            used[k - 1] = true;
            dates.add(k - 1, "caption", &text);
            captions.push((k - 1, Caption { text, credit: caption.credit }));
        } else {
            dates.add(k, "caption", &caption.text);
            captions.push((k, caption));
        }
    }
    captions.sort_by_key(|(k, _)| *k);
    article.captions = captions.into_iter().map(|(_, c)| c).collect();

    // Body: blocks of consecutive lines, split at blank lines and at lines taken out.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for k in body_start..n {
        if used[k] || content[k].blank_before {
            paragraphs.extend(body::paragraphs(&block));
            block.clear();
        }
        if !used[k] {
            block.push(texts[k]);
        }
    }
    paragraphs.extend(body::paragraphs(&block));
    article.body = paragraphs.join("\n\n");
    article.published = dates.first();
    article
}

/// Dates found in the header, the first dateline and the captions, by line.
#[derive(Default)]
struct DateCandidates {
    found: Vec<(usize, PublishedGuess)>,
}

impl DateCandidates {
    fn add(&mut self, line: usize, kind: &str, text: &str) {
        if let Some(m) = find_date(text) {
            let mut snippet: String = text.trim().chars().take(MAX_EVIDENCE_CHARS).collect();
            if snippet.len() < text.trim().len() {
                snippet.push('…');
            }
            let guess = PublishedGuess {
                date: m.date.format("%Y-%m-%d").to_string(),
                evidence: format!("{kind}: {snippet}"),
            };
            self.found.push((line, guess));
        }
    }

    /// The candidate printed first.
    fn first(self) -> Option<PublishedGuess> {
        self.found.into_iter().min_by_key(|(line, _)| *line).map(|(_, g)| g)
    }
}

/// Turn an extracted article into a document: body as `text`, headline, standfirst, byline
/// and captions as fields, a guessed date as `published` with `published_source = text`, and an
/// `X001 boilerplate-removed` diagnostic when lines were dropped.
pub fn into_document(article: TextArticle, source: Source) -> Document {
    let mut doc = Document::new(article.body, source);
    doc.title = article.title;
    doc.standfirst = article.standfirst;
    doc.byline = article.byline;
    doc.captions = article.captions;
    if let Some(guess) = article.published {
        doc.published = Some(guess.date);
        doc.published_source = PublishedSource::Text;
    }
    if !article.removed.is_empty() {
        doc.diagnostics.push(Diagnostic::new(
            DiagnosticCode::BoilerplateRemoved,
            removed_message(&article.removed),
        ));
    }
    doc
}

/// `removed 3 boilerplate lines: "Share this article", "Related", …`
fn removed_message(removed: &[String]) -> String {
    const SHOWN: usize = 3;
    let n = removed.len();
    let mut examples: Vec<String> = removed
        .iter()
        .take(SHOWN)
        .map(|l| {
            let short: String = l.chars().take(40).collect();
            if short.len() < l.len() {
                format!("{short:?}…")
            } else {
                format!("{short:?}")
            }
        })
        .collect();
    if n > SHOWN {
        examples.push("…".to_string());
    }
    let plural = if n == 1 { "line" } else { "lines" };
    format!("removed {n} boilerplate {plural}: {}", examples.join(", "))
}
