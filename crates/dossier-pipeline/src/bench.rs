//! Speed measurement of the whole analysis path, per stage, on texts already in memory.

use std::time::{Duration, Instant};

use dossier_core::Document;
use serde::Serialize;

use crate::Analyzer;

/// Timings of one benchmark run over a set of texts (single thread).
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub documents: usize,
    /// Words of the input texts (white-space separated), times `repeat`.
    pub words: usize,
    /// Seconds for the whole path (extraction + every stage).
    pub seconds: f64,
    pub words_per_second: f64,
    /// Seconds spent in article extraction (step 5).
    pub extract_seconds: f64,
    /// `(stage, seconds)` in pipeline order.
    pub stages: Vec<(String, f64)>,
    /// Totals of what the stages found, so a silently broken stage cannot look fast.
    pub sentences: usize,
    pub entities: usize,
    pub quotes: usize,
    pub timexes: usize,
    pub places: usize,
}

/// Analyze every text `repeat` times in this thread and time it.
pub fn run(analyzer: &Analyzer, texts: &[String], repeat: usize) -> BenchReport {
    let mut stage_times: Vec<(&'static str, Duration)> =
        analyzer.stage_names().into_iter().map(|n| (n, Duration::ZERO)).collect();
    let mut extract = Duration::ZERO;
    let mut last: Vec<Document> = Vec::new();
    let start = Instant::now();
    for round in 0..repeat.max(1) {
        for text in texts {
            let t = Instant::now();
            let mut doc = analyzer.extract_text(None, text);
            extract += t.elapsed();
            for (i, (_, d)) in analyzer.finish_timed(&mut doc).into_iter().enumerate() {
                stage_times[i].1 += d;
            }
            if round == 0 {
                last.push(doc);
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let words: usize =
        texts.iter().map(|t| t.split_whitespace().count()).sum::<usize>() * repeat.max(1);
    BenchReport {
        documents: texts.len() * repeat.max(1),
        words,
        seconds,
        words_per_second: words as f64 / seconds.max(1e-9),
        extract_seconds: extract.as_secs_f64(),
        stages: stage_times.into_iter().map(|(n, d)| (n.to_string(), d.as_secs_f64())).collect(),
        sentences: last.iter().map(|d| d.sentences.len()).sum(),
        entities: last.iter().map(|d| d.entities.len()).sum(),
        quotes: last.iter().map(|d| d.quotes.len()).sum(),
        timexes: last.iter().map(|d| d.timexes.len()).sum(),
        places: last.iter().map(|d| d.places.len()).sum(),
    }
}
