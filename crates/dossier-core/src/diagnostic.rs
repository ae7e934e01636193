//! Diagnostics: what a stage could not do, with stable codes.
//!
//! Codes are stable across versions (like a linter's rule codes). The table in
//! `ARCHITECTURE.md` lists them; [`DiagnosticCode::ALL`] is the source of truth.

use serde::{Deserialize, Serialize};

/// A stable diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticCode {
    /// The input was not valid UTF-8 and was decoded with a detected legacy encoding.
    InputNotUtf8,
    /// The input held no article text.
    EmptyInput,
    /// The input was larger than the size limit and was cut.
    InputTruncated,
    /// A link the input gave for the article (a feed item's) was not a web address
    /// (`javascript:`, `mailto:`...) and was dropped.
    LinkDropped,
    /// No publication date was given or found; relative dates cannot be resolved.
    NoPublicationDate,
    /// The body does not look like English; English models may give poor results.
    LanguageNotEnglish,
    /// Lines dropped as boilerplate (newsletter prompts, related-article lists...).
    BoilerplateRemoved,
    /// A quote whose speaker could not be resolved.
    SpeakerUnresolved,
    /// A place name with several plausible referents.
    AmbiguousPlace,
    /// A relative temporal expression with no reference date.
    TimexUnanchored,
}

impl DiagnosticCode {
    /// Every code, in table order.
    pub const ALL: [DiagnosticCode; 10] = [
        DiagnosticCode::InputNotUtf8,
        DiagnosticCode::EmptyInput,
        DiagnosticCode::InputTruncated,
        DiagnosticCode::LinkDropped,
        DiagnosticCode::NoPublicationDate,
        DiagnosticCode::LanguageNotEnglish,
        DiagnosticCode::BoilerplateRemoved,
        DiagnosticCode::SpeakerUnresolved,
        DiagnosticCode::AmbiguousPlace,
        DiagnosticCode::TimexUnanchored,
    ];

    /// The short code, e.g. `I001`.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticCode::InputNotUtf8 => "I001",
            DiagnosticCode::EmptyInput => "I002",
            DiagnosticCode::InputTruncated => "I003",
            DiagnosticCode::LinkDropped => "I004",
            DiagnosticCode::NoPublicationDate => "D001",
            DiagnosticCode::LanguageNotEnglish => "L001",
            DiagnosticCode::BoilerplateRemoved => "X001",
            DiagnosticCode::SpeakerUnresolved => "Q001",
            DiagnosticCode::AmbiguousPlace => "G002",
            DiagnosticCode::TimexUnanchored => "T001",
        }
    }

    /// The kebab-case name, e.g. `input-not-utf8`.
    pub fn name(self) -> &'static str {
        match self {
            DiagnosticCode::InputNotUtf8 => "input-not-utf8",
            DiagnosticCode::EmptyInput => "empty-input",
            DiagnosticCode::InputTruncated => "input-truncated",
            DiagnosticCode::LinkDropped => "link-dropped",
            DiagnosticCode::NoPublicationDate => "no-publication-date",
            DiagnosticCode::LanguageNotEnglish => "language-not-english",
            DiagnosticCode::BoilerplateRemoved => "boilerplate-removed",
            DiagnosticCode::SpeakerUnresolved => "speaker-unresolved",
            DiagnosticCode::AmbiguousPlace => "ambiguous-place",
            DiagnosticCode::TimexUnanchored => "timex-unanchored",
        }
    }
}

/// One diagnostic attached to a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `Q001`.
    pub code: String,
    /// Stable name, e.g. `speaker-unresolved` (extension of the contract).
    #[serde(default)]
    pub name: String,
    /// What happened, for a person.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

impl Diagnostic {
    /// A document-level diagnostic.
    pub fn new(code: DiagnosticCode, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.code().to_string(),
            name: code.name().to_string(),
            message: message.into(),
            start: None,
            end: None,
        }
    }

    /// A diagnostic about the byte span `start..end` of the text.
    pub fn at(code: DiagnosticCode, message: impl Into<String>, start: usize, end: usize) -> Self {
        Diagnostic { start: Some(start), end: Some(end), ..Diagnostic::new(code, message) }
    }
}
