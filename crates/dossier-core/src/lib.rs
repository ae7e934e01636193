//! The document model every part of Dossier shares.
//!
//! An [`Document`] holds the clean article text and the annotations that language stages add to
//! it: sentences and tokens, entities, quotes, temporal expressions, places, events and
//! diagnostics. Inside Rust every `start`/`end` is a **byte offset** into [`Document::text`];
//! the JSON contract (`dossier.document/1`, see `docs/document-schema.md` in the shared data)
//! uses **character offsets**. [`Document::to_json_string`] and [`Document::from_json_str`]
//! convert at the boundary, so code never mixes the two.
//!
//! A [`Stage`] is a synchronous transform over a document; a [`Pipeline`] runs stages in order.
//!
//! ```
//! use dossier_core::{Document, Entity, Label, Pipeline, Source, Stage};
//!
//! /// A toy stage: every occurrence of "Ruiz" is a person.
//! struct RuizFinder;
//! impl Stage for RuizFinder {
//!     fn name(&self) -> &'static str { "ruiz" }
//!     fn process(&self, doc: &mut Document) {
//!         let found: Vec<usize> = doc.text.match_indices("Ruiz").map(|(i, _)| i).collect();
//!         for start in found {
//!             let mention = Entity::new(&doc.text, start, start + 4, Label::Per);
//!             doc.entities.push(mention);
//!         }
//!     }
//! }
//!
//! let mut doc = Document::new("“We are close,” Ruiz said.", Source::text(None));
//! Pipeline::new(vec![Box::new(RuizFinder)]).run(&mut doc);
//! let json: serde_json::Value = serde_json::from_str(&doc.to_json_string()).unwrap();
//! // JSON offsets count characters: the curly quotes are one character each.
//! assert_eq!(json["entities"][0]["start"], 16);
//! ```

mod diagnostic;
mod document;
mod error;
mod offsets;
mod stage;
pub mod testing;

pub use diagnostic::{Diagnostic, DiagnosticCode};
pub use document::{
    content_id, Caption, Cue, Document, Entity, Event, EventActor, Label, Place, PublishedSource,
    Quote, QuoteKind, Sentence, Source, Speaker, SpeakerType, Timex, TimexType, Token, TokenKind,
    SCHEMA,
};
pub use error::{Error, Result};
pub use offsets::OffsetMap;
pub use stage::{Pipeline, Stage};
