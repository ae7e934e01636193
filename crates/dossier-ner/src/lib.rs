//! Named entities for Dossier: a statistical sequence labeller (averaged structured perceptron
//! over hashed features, Viterbi decoding over BILOU tags) trained by the project's own
//! command, plus the [`EntityStage`] that runs it over a document and links mentions of the
//! same name ("Vladimir Putin … Putin").
//!
//! The trained model is compiled into the binary ([`NerModel::embedded`]).
//!
//! ```
//! use dossier_core::{Document, Label, Pipeline, Source};
//! use dossier_ner::{EntityStage, NerModel};
//!
//! let tags = NerModel::embedded().tag(&["Angela", "Merkel", "visited", "Paris", "."]);
//! assert_eq!(tags, ["B-PER", "I-PER", "O", "B-LOC", "O"]);
//!
//! let mut doc = Document::new(
//!     "President Vladimir Putin met French officials in Moscow. Putin's aide said talks went well.",
//!     Source::text(None),
//! );
//! let stage = EntityStage::new(NerModel::embedded());
//! Pipeline::new(vec![Box::new(dossier_text::SentenceStage), Box::new(stage)]).run(&mut doc);
//! let putin: Vec<_> = doc.entities.iter().filter(|e| e.label == Label::Per).collect();
//! assert_eq!(putin[0].text, "Vladimir Putin");
//! assert_eq!(putin[1].text, "Putin");
//! assert_eq!(putin[1].canonical, "Vladimir Putin");
//! assert_eq!(putin[0].cluster, putin[1].cluster);
//! ```

mod clusters;
mod features;
mod hash;
mod model;
mod scheme;
mod stage;
mod tokens;
mod train;

pub use model::NerModel;
pub use scheme::{bio_spans, spans_to_bio, Scheme, TokenSpan};
pub use stage::{EntityStage, GazetteerStage};
pub use train::{read_bio, train, BioSentence, TrainOptions, TrainSummary};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model file that cannot be read.
    #[error("bad NER model: {0}")]
    BadModel(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;
