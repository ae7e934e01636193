//! From an input to analyzed documents: the per-article pipeline and its table of stages.
//!
//! 1. read the input's bytes ([`dossier_sources::read_input`], size-limited);
//! 2. detect its format ([`dossier_sources::detect_format`], the one place that decides);
//! 3. decode the bytes to text ([`dossier_sources::decode`]; `I001` when not UTF-8);
//! 4. extract the article: headline, standfirst, byline, captions, body, date
//!    ([`dossier_extract`]);
//! 5. set the publication date (`--date` wins over the text);
//! 6. run the language stages in the order of [`StageKind::STANDARD`].
//!
//! ```
//! use dossier_pipeline::{AnalyzeOptions, Analyzer};
//!
//! let analyzer = Analyzer::new(AnalyzeOptions { date: Some("2024-03-08".into()), ..Default::default() }).unwrap();
//! let doc = analyzer.analyze_text(None, "Port talks resume\n\nOfficials met in Valparaíso on Tuesday. Talks went on.");
//! assert_eq!(doc.title.as_deref(), Some("Port talks resume"));
//! assert_eq!(doc.sentences.len(), 2);
//! assert_eq!(doc.published.as_deref(), Some("2024-03-08"));
//! // The clean body leaves the headline out; the original text keeps it.
//! assert!(doc.text.starts_with("Officials met"));
//! assert!(doc.original.as_deref().unwrap().starts_with("Port talks resume"));
//! ```

pub mod batch;
pub mod bench;
pub mod dedup;
mod inputs;
pub mod report;

use std::path::Path;

use dossier_core::{
    Diagnostic, DiagnosticCode, Document, Pipeline, PublishedSource, Source, Stage,
};
use dossier_sources::{InputFormat, SourceError};
use serde::Deserialize;
use thiserror::Error;

/// Why one input could not be analyzed. Displays as one line naming the input.
#[derive(Debug, Error)]
pub enum AnalyzeError {
    /// The input could not be found, read or decoded.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A format this build does not read yet.
    #[error("{name}: {format} input is not supported yet (plain text and dossier JSON are)")]
    Unsupported { name: String, format: InputFormat },
    /// A `dossier.document/1` JSON input that does not parse.
    #[error("{name}: {message}")]
    BadJson { name: String, message: String },
}

/// Errors in the options themselves (fatal, exit code 2).
#[derive(Debug, Error)]
pub enum OptionsError {
    #[error("--date {0:?} is not a date: use YYYY-MM-DD")]
    BadDate(String),
}

/// The language stages Dossier knows, in one explicit table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    /// Language identification (`language`, `L001`).
    Language,
    /// Tokens and sentences.
    Sentences,
    /// Named entities with coreference (`entities`), the embedded perceptron model.
    Entities,
    /// Dates and times normalized against the publication date (`timexes`, `T001`).
    Timexes,
    /// Places resolved to coordinates (`places`, `G002`).
    Places,
    /// Quotes and reported speech with speakers, cues and stance (`quotes`, `Q001`).
    Quotes,
}

impl StageKind {
    /// The stages of `dossier analyze`, in order.
    pub const STANDARD: &'static [StageKind] = &[
        StageKind::Language,
        StageKind::Sentences,
        StageKind::Entities,
        StageKind::Timexes,
        StageKind::Places,
        StageKind::Quotes,
    ];

    /// Build the stage.
    pub fn build(self) -> Box<dyn Stage> {
        match self {
            StageKind::Language => Box::new(dossier_text::LanguageStage),
            StageKind::Sentences => Box::new(dossier_text::SentenceStage),
            StageKind::Entities => {
                Box::new(dossier_ner::EntityStage::new(dossier_ner::NerModel::embedded()))
            }
            StageKind::Timexes => Box::new(dossier_time::TimexStage),
            StageKind::Places => Box::new(dossier_geo::PlaceStage::new()),
            StageKind::Quotes => Box::new(dossier_quotes::QuoteStage::default()),
        }
    }
}

/// Options of one analysis run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnalyzeOptions {
    /// Publication date (`YYYY-MM-DD`) given by the user; wins over metadata and text.
    pub date: Option<String>,
    /// Inputs larger than this many bytes are refused.
    pub max_bytes: u64,
    /// The stages to run, in order.
    pub stages: Vec<StageKind>,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            date: None,
            max_bytes: dossier_sources::DEFAULT_MAX_BYTES,
            stages: StageKind::STANDARD.to_vec(),
        }
    }
}

/// Runs inputs through extraction and the language stages.
pub struct Analyzer {
    options: AnalyzeOptions,
    pipeline: Pipeline,
}

impl Analyzer {
    /// Check the options and build the stages.
    pub fn new(options: AnalyzeOptions) -> Result<Self, OptionsError> {
        if let Some(d) = &options.date {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(OptionsError::BadDate(d.clone()));
            }
        }
        let pipeline = Pipeline::new(options.stages.iter().map(|k| k.build()).collect());
        Ok(Analyzer { options, pipeline })
    }

    /// Names of the stages that run, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.pipeline.stage_names()
    }

    /// Read and analyze the input at `path` (`-` is standard input). One input gives one
    /// document today; feeds and archives will give several.
    pub fn analyze_path(&self, path: &Path) -> Result<Vec<Document>, AnalyzeError> {
        let input = dossier_sources::read_input(path, self.options.max_bytes)?;
        self.analyze_bytes(&input.name, Some(path), &input.bytes)
    }

    /// Analyze the bytes of one input called `name`.
    pub fn analyze_bytes(
        &self,
        name: &str,
        path: Option<&Path>,
        bytes: &[u8],
    ) -> Result<Vec<Document>, AnalyzeError> {
        match dossier_sources::detect_format(bytes, path) {
            InputFormat::Text => {
                let decoded = dossier_sources::decode(bytes).map_err(|e| e.with_name(name))?;
                let mut source = Source::text(Some(name.to_string()));
                source.encoding = Some(decoded.encoding.to_string());
                let mut doc = self.analyze_text_with_source(source, &decoded.text);
                if let Some(d) = decoded.not_utf8_diagnostic() {
                    doc.diagnostics.insert(0, d);
                }
                Ok(vec![doc])
            }
            InputFormat::Json => {
                let text = String::from_utf8_lossy(bytes);
                let mut docs = Vec::new();
                for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                    let doc = Document::from_json_str(line).map_err(|e| AnalyzeError::BadJson {
                        name: name.to_string(),
                        message: format!("line {}: {e}", i + 1),
                    });
                    match doc {
                        Ok(doc) => docs.push(doc),
                        // A pretty-printed single document spans many lines: parse it whole.
                        Err(_) if i == 0 => {
                            let doc = Document::from_json_str(&text).map_err(|e| {
                                AnalyzeError::BadJson {
                                    name: name.to_string(),
                                    message: e.to_string(),
                                }
                            })?;
                            return Ok(vec![doc]);
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok(docs)
            }
            InputFormat::Binary => {
                Err(SourceError::Binary { name: name.to_string(), control_percent: 0 }.into())
            }
            InputFormat::Html => Ok(vec![self.analyze_html(name, bytes)?]),
            InputFormat::Feed => self.analyze_feed(name, bytes),
            InputFormat::Warc => self.analyze_warc_bytes(name, bytes),
        }
    }

    /// Analyze plain article text (as pasted) from an input called `name`.
    pub fn analyze_text(&self, name: Option<&str>, text: &str) -> Document {
        self.analyze_text_with_source(Source::text(name.map(str::to_string)), text)
    }

    fn analyze_text_with_source(&self, source: Source, text: &str) -> Document {
        let mut doc = self.extract_text_with_source(source, text);
        self.finish(&mut doc);
        doc
    }

    /// Step 5 alone: the article extracted from pasted text, before any stage runs.
    pub fn extract_text(&self, name: Option<&str>, text: &str) -> Document {
        self.extract_text_with_source(Source::text(name.map(str::to_string)), text)
    }

    fn extract_text_with_source(&self, source: Source, text: &str) -> Document {
        let article = dossier_extract::extract_text_article(text);
        let mut doc = dossier_extract::into_document(article, source);
        doc.original = Some(text.into());
        doc
    }

    /// Steps 6 and 7: the publication date, then the language stages.
    pub fn finish(&self, doc: &mut Document) {
        self.prepare(doc);
        self.pipeline.run(doc);
    }

    /// [`Analyzer::finish`], returning the time each stage took.
    pub fn finish_timed(&self, doc: &mut Document) -> Vec<(&'static str, std::time::Duration)> {
        self.prepare(doc);
        self.pipeline.run_timed(doc)
    }

    /// Step 6: the publication date and document-level diagnostics.
    fn prepare(&self, doc: &mut Document) {
        if let Some(d) = &self.options.date {
            doc.published = Some(d.clone());
            doc.published_source = PublishedSource::Argument;
        }
        if doc.text.trim().is_empty() {
            doc.diagnostics
                .push(Diagnostic::new(DiagnosticCode::EmptyInput, "no article body was found"));
        }
        if doc.published.is_none() {
            doc.diagnostics.push(Diagnostic::new(
                DiagnosticCode::NoPublicationDate,
                "no publication date given (--date) or found in the text; relative dates stay unresolved",
            ));
        }
    }
}
