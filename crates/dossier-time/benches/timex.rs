//! Throughput of the timex stage on a paragraph of our own wire copy, repeated.
//! `cargo bench -p dossier-time` (words per second = words / time per iteration).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dossier_core::{Document, Source, Stage};
use dossier_text::SentenceStage;
use dossier_time::TimexStage;

const PARAGRAPH: &str = "The port authority said on Tuesday that cargo volumes fell 4 percent in \
the third quarter, the first drop since April 2019. Dockworkers walked out for three days last \
month and the union will vote on a new contract next week, officials said. Talks resumed at \
10 a.m. Thursday and ran late into the evening; a mediator is expected to report by Oct. 2. \
Shipping lines have diverted vessels to rival terminals for several weeks, and two of them said \
they would review their schedules every month until the dispute ends. The authority's chairman, \
who took office in mid-2021, told reporters the losses were the worst since the 1990s and that \
revenue for FY2024 could shrink by a fifth. Inspectors counted 2000 containers waiting on the \
quay, and the harbour master warned that the backlog may take weeks to clear. \"We are now \
working around the clock,\" she said, adding that the queue had grown since Sept. 1, 2023. ";

/// Timexes in one paragraph: Tuesday, the third quarter, April 2019, three days, last month,
/// next week, 10 a.m. Thursday, Oct. 2, several weeks, every month, mid-2021, 1990s, FY2024,
/// now, Sept. 1, 2023 (not `2000 containers`, not `the evening`, which no date anchors).
const PER_PARAGRAPH: usize = 15;
const REPEAT: usize = 200;

fn bench(c: &mut Criterion) {
    let text = PARAGRAPH.repeat(REPEAT);
    let mut doc = Document::new(text, Source::text(None));
    doc.published = Some("2023-09-15".into());
    SentenceStage.process(&mut doc);
    let words = doc.word_count();
    TimexStage.process(&mut doc);
    assert_eq!(
        doc.timexes.len(),
        PER_PARAGRAPH * REPEAT,
        "timexes found: {:?}",
        doc.timexes.iter().take(PER_PARAGRAPH + 2).map(|t| &t.text).collect::<Vec<_>>()
    );
    let mut group = c.benchmark_group("timex");
    group.throughput(Throughput::Elements(words as u64));
    group.bench_function("stage", |b| {
        b.iter(|| {
            let mut d = doc.clone();
            TimexStage.process(&mut d);
            d.timexes.len()
        })
    });
    group.finish();
    // Plain words-per-second figure for the record (criterion also prints elements/s).
    let runs = 20;
    let t = std::time::Instant::now();
    for _ in 0..runs {
        let mut d = doc.clone();
        TimexStage.process(&mut d);
        assert_eq!(d.timexes.len(), PER_PARAGRAPH * REPEAT);
    }
    let secs = t.elapsed().as_secs_f64() / runs as f64;
    eprintln!(
        "timex stage: {words} words in {:.2} ms = {:.0} words/s",
        secs * 1e3,
        words as f64 / secs
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
