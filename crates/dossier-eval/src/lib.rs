//! The evaluation harness: each task reads a gold file and returns a [`Report`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

/// The result of evaluating one task on one file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub task: String,
    pub file: String,
    /// Metric name → value. Ratios are in [0, 1]; counts are plain numbers.
    pub metrics: BTreeMap<String, f64>,
    /// A table for people (not serialized).
    #[serde(skip)]
    pub table: String,
}

impl Report {
    pub fn new(task: &str, file: &str) -> Self {
        Report {
            task: task.into(),
            file: file.into(),
            metrics: BTreeMap::new(),
            table: String::new(),
        }
    }

    /// Record `p`, `r`, `f1` (and the counts) of `prf` under `prefix` (e.g. `ner.PER` → `ner.PER.f1`).
    pub fn add_prf(&mut self, prefix: &str, prf: &Prf) {
        let key = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
        self.metrics.insert(key("precision"), prf.precision());
        self.metrics.insert(key("recall"), prf.recall());
        self.metrics.insert(key("f1"), prf.f1());
        self.metrics.insert(key("tp"), prf.tp as f64);
        self.metrics.insert(key("fp"), prf.fp as f64);
        self.metrics.insert(key("fn"), prf.fn_ as f64);
    }

    /// Append a row `name  P  R  F1  support` to the human table.
    pub fn add_prf_row(&mut self, name: &str, prf: &Prf) {
        if self.table.is_empty() {
            let _ =
                writeln!(self.table, "{:<24} {:>7} {:>7} {:>7} {:>8}", "", "P", "R", "F1", "gold");
        }
        let _ = writeln!(
            self.table,
            "{:<24} {:>7.2} {:>7.2} {:>7.2} {:>8}",
            name,
            100.0 * prf.precision(),
            100.0 * prf.recall(),
            100.0 * prf.f1(),
            prf.tp + prf.fn_
        );
    }
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, other: Prf) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub mod corpus;
pub mod extract;
pub mod geo;
pub mod ner;
pub mod quotes;
pub mod sentences;
pub mod time;

/// The tasks `dossier eval` knows, with the gold formats they read.
pub const TASKS: &[(&str, &str)] = &[
    ("sentences", "GUM raw JSONL (one sentence a line, paragraphs split by blank lines)"),
    ("ner", "CoNLL-style .bio (gold tokens) or raw JSONL with char-offset entities (end to end)"),
    ("ner-baseline", "raw JSONL with char-offset entities: gazetteer-only baseline"),
    ("geo", "LGL / GeoVirus JSONL (text, char-offset toponyms, gold coordinates): gold spans and end to end"),
    ("extract", "WCXB / trafilatura gold JSONL with html.gz pages: body token P/R/F1, title, date"),
    ("time", "TempEval-3 JSONL (text, dct, char-offset timexes) or DCT-relative examples JSONL"),
    ("quotes", "PolNeAR JSONL (text, char-offset content/speaker/cue spans): attribution P/R/F1"),
    ("quotes-baseline", "PolNeAR JSONL: the \"text between double quotation marks\" baseline"),
];

/// Evaluate `task` on the gold file at `path`.
pub fn evaluate(task: &str, path: &std::path::Path) -> anyhow::Result<Report> {
    evaluate_with(task, path, false)
}

/// [`evaluate`]; with `show_errors`, `time` prints every mismatch and `geo` every resolution
/// over 161 km to standard error (the other tasks ignore it).
pub fn evaluate_with(
    task: &str,
    path: &std::path::Path,
    show_errors: bool,
) -> anyhow::Result<Report> {
    if !path.exists() {
        anyhow::bail!(
            "{}: gold file not found (the evaluation data lives in ../shared/data; see its README)",
            path.display()
        );
    }
    match task {
        "sentences" => sentences::evaluate(path),
        "ner" => ner::evaluate(path),
        "ner-baseline" => ner::evaluate_baseline(path),
        "geo" => geo::evaluate_with(path, show_errors),
        "extract" => extract::evaluate(path),
        "time" => time::evaluate_with(path, show_errors),
        "quotes" => quotes::evaluate(path),
        "quotes-baseline" => quotes::evaluate_baseline(path),
        other => anyhow::bail!(
            "unknown task {other:?}; tasks: {}",
            TASKS.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
        ),
    }
}
