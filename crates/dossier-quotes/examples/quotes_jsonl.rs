//! Runs sentences, entities and quotes over the `text` of each JSON line of a file and prints
//! each analyzed document as one line of `dossier.document/1` JSON (for error analysis).
//!
//! `cargo run --release -p dossier-quotes --example quotes_jsonl -- FILE.jsonl > out.jsonl`

use dossier_core::{Document, Pipeline, Source};

fn main() {
    let path = std::env::args().nth(1).expect("usage: quotes_jsonl FILE.jsonl");
    let data = std::fs::read_to_string(&path).expect("readable file");
    let pipeline = Pipeline::new(vec![
        Box::new(dossier_text::SentenceStage),
        Box::new(dossier_ner::EntityStage::default()),
        Box::new(dossier_quotes::QuoteStage::default()),
    ]);
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default();
        let mut doc = Document::new(text, Source::text(None));
        pipeline.run(&mut doc);
        println!("{}", doc.to_json_string());
    }
}
