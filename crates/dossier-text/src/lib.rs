//! Tokenization and sentence segmentation for English news.
//!
//! ```
//! use dossier_text::{segment, tokenize};
//!
//! let text = "Gov. Ana Ruiz met U.S. officials in St. Louis. “Talks resume Monday,” she said.";
//! let tokens = tokenize(text);
//! let sentences = segment(text, &tokens);
//! assert_eq!(sentences.len(), 2);
//! assert_eq!(&text[sentences[0].start..sentences[0].end], "Gov. Ana Ruiz met U.S. officials in St. Louis.");
//! assert_eq!(tokens[0].text(text), "Gov.");
//! ```

mod language;
mod lexicon;
mod segment;
mod tokenize;

use dossier_core::{Document, Stage};

pub use language::{detect_language, LanguageStage};
pub use segment::segment;
pub use tokenize::tokenize;

/// The stage that fills `doc.tokens` and `doc.sentences`.
#[derive(Debug, Default, Clone, Copy)]
pub struct SentenceStage;

impl Stage for SentenceStage {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn process(&self, doc: &mut Document) {
        doc.tokens = tokenize(&doc.text);
        doc.sentences = segment(&doc.text, &doc.tokens);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn stage_contract() {
        dossier_core::testing::check_stage(&super::SentenceStage, &|_| {});
    }
}
