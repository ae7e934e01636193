//! The analyzed document and its annotation types.
//!
//! Invariant: `text` never changes once a document enters the pipeline; every span is a byte
//! range of `text` that starts and ends on a character boundary. `text` fields of spans are
//! copies of the slice they cover.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::offsets::OffsetMap;
use crate::{Diagnostic, Error, Result};

/// The schema tag written into every document.
pub const SCHEMA: &str = "dossier.document/1";

/// Where a document came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// File path as given on the command line (`-` for standard input), if any.
    pub path: Option<String>,
    /// URL of the page or feed item, if known.
    pub url: Option<String>,
    /// `text`, `html`, `feed-item`, `warc-record`, ...
    pub format: String,
    /// Character encoding the bytes were decoded from (extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

impl Source {
    /// A plain-text source read from `path`.
    pub fn text(path: Option<String>) -> Self {
        Source { path, url: None, format: "text".into(), encoding: None }
    }
}

/// Where the `published` date came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishedSource {
    /// The `--date` flag.
    Argument,
    /// HTML meta, JSON-LD or a feed.
    Metadata,
    /// A dateline or caption in the text.
    Text,
    /// Unknown.
    #[default]
    None,
}

/// A photo caption or credit line kept out of the body (extension of the contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Caption {
    pub text: String,
    #[serde(default)]
    pub credit: Option<String>,
}

/// A sentence of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index range into [`Document::tokens`]; internal, not serialized.
    #[serde(skip)]
    pub tokens: std::ops::Range<usize>,
}

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens, apostrophes or periods ("U.S.", "F-16", "O'Brien").
    Word,
    /// Digits with separators ("1,200.50", "9/11", "2023-09-15").
    Number,
    /// Punctuation, including quotation marks and dashes.
    Punct,
    /// Anything else (symbols, emoji, currency signs).
    Symbol,
}

/// A token of the body. Tokens are internal: they are not part of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// CoNLL-style coarse entity label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Label {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "MISC")]
    Misc,
}

impl Label {
    /// All labels, in report order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    /// The label as written in JSON and BIO files.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    /// Parse `PER`, `ORG`, `LOC` or `MISC`.
    pub fn parse(s: &str) -> Option<Label> {
        match s {
            "PER" => Some(Label::Per),
            "ORG" => Some(Label::Org),
            "LOC" => Some(Label::Loc),
            "MISC" => Some(Label::Misc),
            _ => None,
        }
    }
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub label: Label,
    #[serde(default)]
    pub subtype: Option<String>,
    /// Fullest name of the entity in this document.
    pub canonical: String,
    /// Id shared by all mentions of one entity in this document.
    pub cluster: String,
    pub score: f32,
    /// ISO 3166-1 alpha-2 code for nationalities and countries (extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Entity {
    /// A mention of `text[start..end]` that is its own cluster, with score 1.
    pub fn new(text: &str, start: usize, end: usize, label: Label) -> Self {
        let surface = text[start..end].to_string();
        Entity {
            start,
            end,
            canonical: surface.clone(),
            text: surface,
            label,
            subtype: None,
            cluster: String::new(),
            score: 1.0,
            country: None,
        }
    }
}

/// Direct, partial or indirect speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

/// What kind of source a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerType {
    Person,
    Official,
    Organization,
    StateMedia,
    Media,
    Document,
    Unnamed,
    Unknown,
}

impl QuoteKind {
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Indirect];

    /// The kind as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

impl SpeakerType {
    pub const ALL: [SpeakerType; 8] = [
        SpeakerType::Person,
        SpeakerType::Official,
        SpeakerType::Organization,
        SpeakerType::StateMedia,
        SpeakerType::Media,
        SpeakerType::Document,
        SpeakerType::Unnamed,
        SpeakerType::Unknown,
    ];

    /// The type as written in JSON (`state_media`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerType::Person => "person",
            SpeakerType::Official => "official",
            SpeakerType::Organization => "organization",
            SpeakerType::StateMedia => "state_media",
            SpeakerType::Media => "media",
            SpeakerType::Document => "document",
            SpeakerType::Unnamed => "unnamed",
            SpeakerType::Unknown => "unknown",
        }
    }
}

/// The mention naming who said something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub canonical: String,
    pub cluster: Option<String>,
    #[serde(rename = "type")]
    pub kind: SpeakerType,
}

/// The reporting verb or phrase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cue {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub lemma: String,
}

/// Quoted or reported content with its attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    pub cue: Option<Cue>,
    pub stance: String,
}

/// TimeML TIMEX3 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// A temporal expression with its normalized value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    pub value: String,
    pub anchor: Option<String>,
}

/// A place mention resolved against the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub name: String,
    pub geonames_id: Option<u64>,
    pub feature: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub score: f32,
}

/// A participant in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// CAMEO actor code, e.g. `RUSGOV`.
    pub code: Option<String>,
}

/// Who did what to whom (CAMEO-coded), filled by the events capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The sentence or clause the event was read from.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub code: String,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
}

/// An analyzed article: clean text plus annotations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema: String,
    pub id: String,
    /// The `id` of an earlier document in the same batch with the same or a nearly identical
    /// body (a wire copy); no language stage ran on this one (extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    pub source: Source,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub published_source: PublishedSource,
    pub language: String,
    /// Deck or standfirst under the headline, kept out of `text` (extension of the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standfirst: Option<String>,
    /// Photo captions and credits, kept out of `text` (extension of the contract).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<Caption>,
    /// The decoded input before extraction (headline, captions and boilerplate included), when
    /// the document was made from one; internal, not serialized.
    #[serde(skip)]
    pub original: Option<std::sync::Arc<str>>,
    /// The clean body every offset refers to.
    pub text: String,
    pub sentences: Vec<Sentence>,
    /// Tokens of `text`; internal, not serialized.
    #[serde(skip)]
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub timexes: Vec<Timex>,
    pub places: Vec<Place>,
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The stable id of a body: SHA-256 over the text with runs of white space folded to one space,
/// as 32 hex digits.
pub fn content_id(text: &str) -> String {
    let mut hasher = Sha256::new();
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            hasher.update(b" ");
        }
        first = false;
        hasher.update(word.as_bytes());
    }
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

impl Document {
    /// A new document over `text` with no annotations; `id` is the content id of `text`.
    pub fn new(text: impl Into<String>, source: Source) -> Self {
        let text = text.into();
        Document {
            schema: SCHEMA.to_string(),
            id: content_id(&text),
            duplicate_of: None,
            source,
            title: None,
            byline: None,
            published: None,
            published_source: PublishedSource::None,
            language: "und".to_string(),
            standfirst: None,
            captions: Vec::new(),
            original: None,
            text,
            sentences: Vec::new(),
            tokens: Vec::new(),
            entities: Vec::new(),
            quotes: Vec::new(),
            timexes: Vec::new(),
            places: Vec::new(),
            events: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The publication date as `(year, month, day)`, if `published` starts with `YYYY-MM-DD`.
    pub fn published_date(&self) -> Option<(i32, u32, u32)> {
        let p = self.published.as_deref()?;
        let y = p.get(0..4)?.parse().ok()?;
        if p.get(4..5)? != "-" || p.get(7..8)? != "-" {
            return None;
        }
        let m = p.get(5..7)?.parse().ok()?;
        let d = p.get(8..10)?.parse().ok()?;
        Some((y, m, d))
    }

    /// Number of whitespace-separated words in the body.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// Calls `f` on every `start`/`end` offset of every annotation. The one place that knows
    /// where offsets live: offset conversion and validation go through it.
    pub fn for_each_offset_mut(&mut self, mut f: impl FnMut(&mut usize)) {
        for s in &mut self.sentences {
            f(&mut s.start);
            f(&mut s.end);
        }
        for e in &mut self.entities {
            f(&mut e.start);
            f(&mut e.end);
        }
        for q in &mut self.quotes {
            f(&mut q.start);
            f(&mut q.end);
            if let Some(s) = &mut q.speaker {
                f(&mut s.start);
                f(&mut s.end);
            }
            if let Some(c) = &mut q.cue {
                f(&mut c.start);
                f(&mut c.end);
            }
        }
        for t in &mut self.timexes {
            f(&mut t.start);
            f(&mut t.end);
        }
        for p in &mut self.places {
            f(&mut p.start);
            f(&mut p.end);
        }
        for ev in &mut self.events {
            f(&mut ev.start);
            f(&mut ev.end);
            for a in [&mut ev.source, &mut ev.target].into_iter().flatten() {
                f(&mut a.start);
                f(&mut a.end);
            }
        }
        for d in &mut self.diagnostics {
            if let Some(s) = &mut d.start {
                f(s);
            }
            if let Some(e) = &mut d.end {
                f(e);
            }
        }
    }

    /// Every `(start, end, text)` triple of the annotations that carry a `text` copy, for checks.
    pub fn spans(&self) -> Vec<(usize, usize, &str)> {
        let mut out = Vec::new();
        out.extend(self.entities.iter().map(|e| (e.start, e.end, e.text.as_str())));
        for q in &self.quotes {
            out.push((q.start, q.end, q.text.as_str()));
            if let Some(s) = &q.speaker {
                out.push((s.start, s.end, s.text.as_str()));
            }
            if let Some(c) = &q.cue {
                out.push((c.start, c.end, c.text.as_str()));
            }
        }
        out.extend(self.timexes.iter().map(|t| (t.start, t.end, t.text.as_str())));
        out.extend(self.places.iter().map(|p| (p.start, p.end, p.text.as_str())));
        for ev in &self.events {
            out.push((ev.start, ev.end, ev.text.as_str()));
            for a in [&ev.source, &ev.target].into_iter().flatten() {
                out.push((a.start, a.end, a.text.as_str()));
            }
        }
        out
    }

    /// The document with every offset converted to character offsets, as the JSON contract has it.
    fn to_char_offsets(&self) -> Document {
        let map = OffsetMap::new(&self.text);
        let mut doc = self.clone();
        doc.tokens.clear();
        doc.original = None;
        doc.for_each_offset_mut(|o| *o = map.byte_to_char(*o));
        doc
    }

    /// Serialize as one line of `dossier.document/1` JSON (character offsets).
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(&self.to_char_offsets()).expect("documents always serialize")
    }

    /// Serialize as indented `dossier.document/1` JSON (character offsets).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_char_offsets()).expect("documents always serialize")
    }

    /// Parse `dossier.document/1` JSON (character offsets) back into a document with byte offsets.
    pub fn from_json_str(json: &str) -> Result<Document> {
        let mut doc: Document = serde_json::from_str(json)?;
        if doc.schema != SCHEMA {
            return Err(Error::Schema { found: doc.schema, expected: SCHEMA });
        }
        let map = OffsetMap::new(&doc.text);
        let len = map.char_len();
        let mut bad = None;
        doc.for_each_offset_mut(|o| match map.char_to_byte(*o) {
            Some(b) => *o = b,
            None => bad = Some(*o),
        });
        if let Some(o) = bad {
            return Err(Error::SpanOutOfBounds { start: o, end: o, len });
        }
        Ok(doc)
    }
}
