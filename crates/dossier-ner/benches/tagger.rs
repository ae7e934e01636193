//! Tagger and stage throughput on a fixed wire-style text written for this benchmark. Asserts
//! the number of entities found, so a broken model cannot look fast.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dossier_core::{Document, Source, Stage};
use dossier_ner::{EntityStage, NerModel};

const TEXT: &str =
    "BRUSSELS, Oct 14 (Reuters) - European Union finance ministers agreed on Tuesday \
to extend a loan programme for Portugal, EU Commissioner Maria Lindqvist told reporters after \
the meeting. Lindqvist said the Commission would present details in Lisbon next week. \
German Finance Minister Hans Becker welcomed the deal, while analysts at Deutsche Bank in \
Frankfurt warned that markets remained nervous. Shares in Volkswagen rose 2.1 percent.\n";

fn bench(c: &mut Criterion) {
    let model = NerModel::embedded();
    let text = TEXT.repeat(40);
    let stage = EntityStage::new(model);
    let prepare = |doc: &mut Document| dossier_text::SentenceStage.process(doc);
    let mut doc = Document::new(text.clone(), Source::text(None));
    prepare(&mut doc);
    stage.process(&mut doc);
    // Per copy: Reuters? no (inside the dateline), BRUSSELS, European Union, Portugal, EU, Maria
    // Lindqvist, Lindqvist, Commission, Lisbon, German, Hans Becker, Deutsche Bank, Frankfurt,
    // Volkswagen: at least 12 per copy.
    assert!(doc.entities.len() >= 12 * 40, "only {} entities", doc.entities.len());

    let sentences: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| doc.tokens[s.tokens.clone()].iter().map(|t| t.text(&doc.text)).collect())
        .collect();
    let n_tokens: usize = sentences.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("ner");
    g.throughput(Throughput::Elements(n_tokens as u64));
    g.bench_function("tag_document", |b| {
        b.iter(|| {
            let spans = model.tag_document(&sentences);
            assert!(spans.iter().map(Vec::len).sum::<usize>() >= 12 * 40);
        })
    });
    g.bench_function("entity_stage", |b| {
        b.iter(|| {
            let mut d = Document::new(text.clone(), Source::text(None));
            prepare(&mut d);
            stage.process(&mut d);
            assert!(d.entities.len() >= 12 * 40);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
