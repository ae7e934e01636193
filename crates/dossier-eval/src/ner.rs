//! Named-entity evaluation: conlleval semantics (exact `(start, end, label)` spans, micro and
//! per-label P/R/F1).
//!
//! - `.bio` files: the gold tokens are fed to the tagger document by document (no
//!   re-tokenization); spans are token ranges.
//! - raw `.jsonl` files (`text` + character-offset `entities`): the whole pipeline runs from the
//!   text (document → sentences → entities) and spans are compared in character offsets. Gold
//!   entities labelled `O` are not entities.
//!
//! Only the labels that occur in the gold file are scored (GUM has no MISC in its raw layer for
//! some genres, UNER has no MISC at all); predictions of other labels are counted apart
//! (`ner.other_label_predictions`) and in `ner.all_labels.*`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use dossier_core::{Document, Label, OffsetMap, Source, Stage};
use dossier_ner::{bio_spans, read_bio, EntityStage, GazetteerStage, NerModel};

use crate::{Prf, Report};

/// Evaluates the entity stage on `path` (`.bio` or raw `.jsonl`).
pub fn evaluate(path: &Path) -> anyhow::Result<Report> {
    if path.extension().is_some_and(|e| e == "jsonl") {
        let stage = EntityStage::new(NerModel::embedded());
        evaluate_raw(path, "ner", &stage)
    } else {
        evaluate_bio(path)
    }
}

/// The gazetteer-only baseline on a raw `.jsonl` file (capitalized gazetteer names: places as
/// `LOC`, nationalities as `MISC`).
pub fn evaluate_baseline(path: &Path) -> anyhow::Result<Report> {
    if path.extension().is_none_or(|e| e != "jsonl") {
        anyhow::bail!("{}: the gazetteer baseline reads raw .jsonl gold files", path.display());
    }
    let stage = GazetteerStage::new(NerModel::embedded());
    evaluate_raw(path, "ner-baseline", &stage)
}

/// Gold and predicted span sets of one unit (sentence or document), keyed by label.
type Spans = BTreeSet<(usize, usize, Label)>;

#[derive(Default)]
struct Tally {
    per_label: BTreeMap<Label, Prf>,
    gold_labels: BTreeSet<Label>,
    units: usize,
    tokens: usize,
}

impl Tally {
    fn add(&mut self, gold: &Spans, pred: &Spans) {
        self.units += 1;
        for g in gold {
            self.gold_labels.insert(g.2);
            let prf = self.per_label.entry(g.2).or_default();
            if pred.contains(g) {
                prf.tp += 1;
            } else {
                prf.fn_ += 1;
            }
        }
        for p in pred {
            if !gold.contains(p) {
                self.per_label.entry(p.2).or_default().fp += 1;
            }
        }
    }

    fn report(self, task: &str, path: &Path, seconds: f64) -> Report {
        let mut r = Report::new(task, &path.display().to_string());
        let mut micro = Prf::default();
        let mut all = Prf::default();
        for (label, prf) in &self.per_label {
            all.add(*prf);
            if self.gold_labels.contains(label) {
                micro.add(*prf);
            }
        }
        let other = all.fp - micro.fp;
        r.add_prf("ner", &micro);
        r.add_prf_row("micro (gold labels)", &micro);
        for label in Label::ALL {
            if let Some(prf) = self.per_label.get(&label) {
                let scored = self.gold_labels.contains(&label);
                r.add_prf(&format!("ner.{}", label.as_str()), prf);
                let name = if scored {
                    label.as_str().to_string()
                } else {
                    format!("{} (not in gold)", label.as_str())
                };
                r.add_prf_row(&name, prf);
            }
        }
        r.add_prf("ner.all_labels", &all);
        r.add_prf_row("micro (all labels)", &all);
        r.metrics.insert("ner.other_label_predictions".into(), other as f64);
        r.metrics.insert("units".into(), self.units as f64);
        if self.tokens > 0 && seconds > 0.0 {
            r.metrics.insert("tokens".into(), self.tokens as f64);
            r.metrics.insert("tokens_per_second".into(), self.tokens as f64 / seconds);
        }
        r
    }
}

fn evaluate_bio(path: &Path) -> anyhow::Result<Report> {
    let docs = read_bio(path)?;
    let model = NerModel::embedded();
    let mut tally = Tally::default();
    let mut seconds = 0.0;
    for doc in &docs {
        let sentences: Vec<Vec<&str>> =
            doc.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect();
        let t = Instant::now();
        let predicted = model.tag_document(&sentences);
        seconds += t.elapsed().as_secs_f64();
        for (s, pred) in doc.iter().zip(predicted) {
            tally.tokens += s.len();
            let tags: Vec<&str> = s.iter().map(|(_, t)| t.as_str()).collect();
            let gold: Spans = bio_spans(&tags).into_iter().collect();
            let pred: Spans = pred.into_iter().collect();
            tally.add(&gold, &pred);
        }
    }
    Ok(tally.report("ner", path, seconds))
}

fn evaluate_raw(path: &Path, task: &str, stage: &dyn Stage) -> anyhow::Result<Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let mut tally = Tally::default();
    let mut seconds = 0.0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a JSON object", path.display(), n + 1))?;
        let body = v["text"].as_str().unwrap_or_default();
        let mut gold = Spans::new();
        for e in v["entities"].as_array().into_iter().flatten() {
            let (Some(s), Some(t), Some(l)) =
                (e["start"].as_u64(), e["end"].as_u64(), e["label"].as_str())
            else {
                continue;
            };
            if let Some(label) = Label::parse(l) {
                gold.insert((s as usize, t as usize, label));
            }
        }
        let mut doc = Document::new(body, Source::text(None));
        let t = Instant::now();
        dossier_text::SentenceStage.process(&mut doc);
        stage.process(&mut doc);
        seconds += t.elapsed().as_secs_f64();
        tally.tokens += doc.tokens.len();
        let map = OffsetMap::new(&doc.text);
        let pred: Spans = doc
            .entities
            .iter()
            .map(|e| (map.byte_to_char(e.start), map.byte_to_char(e.end), e.label))
            .collect();
        tally.add(&gold, &pred);
    }
    Ok(tally.report(task, path, seconds))
}
