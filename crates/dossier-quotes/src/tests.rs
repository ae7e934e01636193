//! Fixture tests, written for this crate in wire style.

use dossier_core::{Document, Pipeline, Quote, QuoteKind, Source, SpeakerType, Stage};
use dossier_text::SentenceStage;

use crate::QuoteStage;

fn run(text: &str) -> Document {
    let mut doc = Document::new(text, Source::text(None));
    Pipeline::new(vec![Box::new(SentenceStage), Box::new(QuoteStage::default())]).run(&mut doc);
    doc
}

fn show(doc: &Document) -> String {
    doc.quotes.iter().map(|q| format!("{q:?}\n")).collect()
}

fn find<'d>(doc: &'d Document, content: &str) -> &'d Quote {
    doc.quotes
        .iter()
        .find(|q| q.text.contains(content))
        .unwrap_or_else(|| panic!("no quote with {content:?} in\n{}", show(doc)))
}

fn speaker(q: &Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.text.as_str())
}

#[test]
fn stage_contract() {
    dossier_core::testing::check_stage(&QuoteStage::default(), &|doc| SentenceStage.process(doc));
}
