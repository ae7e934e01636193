//! Trains the cue classifier `data/cue_model.tsv` from PolNeAR `train.jsonl`.
//!
//! Candidates are the words that stand inside gold cue spans at least `MIN_CUE` times and in at
//! least `MIN_RATIO` of their occurrences (outside the hand-written lists). Each document runs
//! through the sentence and entity stages (as in `dossier eval quotes`); every unquoted
//! occurrence of a candidate is an example, labelled by whether it is inside a gold cue, with
//! the hashed features of [`dossier_quotes::cue_examples`] (word, lemma, neighbours and their
//! word classes, position in the sentence, quotation marks and named mentions around it). A
//! logistic model is trained by AdaGrad in a fixed order (reproducible). The file keeps the
//! candidates (with a lemma and whether the cue may follow its content), the decision
//! threshold (tuned on dev, given as an argument) and the non-zero weights in thousandths.
//!
//! `cargo run --release -p dossier-quotes --example learn_cue_model -- ../shared/data/quotes/polnear/train.jsonl 0.3 > crates/dossier-quotes/data/cue_model.tsv`

use std::collections::{BTreeMap, HashMap};

mod common;

use dossier_core::{Document, Source};

const MIN_CUE: usize = 3;
const MIN_RATIO: f64 = 0.03;
const THRESHOLD: f32 = 0.3;
const EPOCHS: usize = 5;
const RATE: f32 = 0.02;
const L2: f32 = 1e-6;
/// Features seen in fewer training examples get no weight (keeps the file small).
const MIN_COUNT: u32 = 2;
/// Weights below this many thousandths are left out of the file.
const MIN_WEIGHT: i32 = 5;

/// Words never candidates (function words, auxiliaries, adverbs).
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "to",
    "of",
    "in",
    "on",
    "for",
    "that",
    "this",
    "with",
    "about",
    "not",
    "be",
    "is",
    "was",
    "are",
    "were",
    "been",
    "being",
    "has",
    "have",
    "had",
    "also",
    "and",
    "or",
    "but",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "its",
    "as",
    "at",
    "by",
    "from",
    "up",
    "out",
    "over",
    "into",
    "did",
    "do",
    "does",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "n't",
    "’s",
    "'s",
    "so",
    "all",
    "what",
    "who",
    "which",
    "no",
    "more",
    "than",
    "then",
    "just",
    "even",
    "still",
    "again",
    "repeatedly",
    "publicly",
    "previously",
    "widely",
    "strongly",
    "quickly",
    "recently",
    "reportedly",
    "first",
    "later",
    "often",
    "never",
    "already",
    "once",
    "him",
    "them",
    "me",
    "us",
    "according",
    "known",
];

/// A training document: the analyzed text and the byte spans of its gold cues, with whether
/// each cue follows its content.
struct Doc {
    doc: Document,
    cues: Vec<(usize, usize, bool)>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: learn_cue_model TRAIN.jsonl [THRESHOLD]");
    let threshold: f32 = args.next().map_or(THRESHOLD, |a| a.parse().expect("a number"));
    // Optional, for experiments: epochs, rate, L2, minimum feature count, and a held-out share
    // of the training documents to report the classifier's F1 on instead of writing the file.
    let mut num = |d: f64| args.next().map_or(d, |a| a.parse::<f64>().expect("a number"));
    let (epochs, rate, l2, min_count) = (
        num(EPOCHS as f64) as usize,
        num(RATE as f64) as f32,
        num(L2 as f64) as f32,
        num(MIN_COUNT as f64) as u32,
    );
    let holdout = num(0.0);
    let data = std::fs::read_to_string(&path).expect("readable file");
    let pipeline = common::analyzer();
    let mut docs: Vec<Doc> = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let map = dossier_core::OffsetMap::new(&text);
        let mut cues = Vec::new();
        for q in v["quotes"].as_array().into_iter().flatten() {
            let content_start = q["start"].as_u64().unwrap_or(0) as usize;
            for c in q["cue_spans"].as_array().into_iter().flatten() {
                let (Some(s), Some(e)) = (c[0].as_u64(), c[1].as_u64()) else { continue };
                let (s, e) = (s as usize, e as usize);
                if let (Some(bs), Some(be)) = (map.char_to_byte(s), map.char_to_byte(e)) {
                    cues.push((bs, be, content_start < s));
                }
            }
        }
        let mut doc = Document::new(text, Source::text(None));
        pipeline.run(&mut doc);
        docs.push(Doc { doc, cues });
    }
    let lex = dossier_quotes::Lexicon::embedded();
    // word -> (occurrences, in a cue, in a cue after its content)
    let mut stats: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for d in &docs {
        let tokens = if d.doc.tokens.is_empty() {
            dossier_text::tokenize(&d.doc.text)
        } else {
            d.doc.tokens.clone()
        };
        for t in &tokens {
            let e = stats.entry(t.text(&d.doc.text).to_lowercase()).or_default();
            e.0 += 1;
            if let Some(&(_, _, after)) =
                d.cues.iter().find(|&&(s, e, _)| s <= t.start && t.end <= e)
            {
                e.1 += 1;
                e.2 += after as usize;
            }
        }
    }
    let candidates: BTreeMap<&String, &(usize, usize, usize)> = stats
        .iter()
        .filter(|(w, &(n, c, _))| {
            let alphabetic = w.chars().all(|ch| ch.is_alphabetic())
                && w.chars().count() >= 3
                && !w.ends_with("ly");
            c >= MIN_CUE
                && c as f64 >= MIN_RATIO * n as f64
                && alphabetic
                && !STOP.contains(&w.as_str())
                && !lex.cues.contains_key(w.as_str())
        })
        .collect();
    // Examples: feature hashes and label.
    let mut examples: Vec<(Vec<u32>, bool)> = Vec::new();
    let mut held: Vec<(Vec<u32>, bool)> = Vec::new();
    let cut = docs.len() - (docs.len() as f64 * holdout) as usize;
    for (n, d) in docs.iter().enumerate() {
        let mut found: Vec<(usize, Vec<u32>)> = Vec::new();
        let tokens = dossier_quotes::cue_examples(
            &d.doc,
            lex,
            |w| candidates.contains_key(&w.to_string()),
            |i, f| found.push((i, f.to_vec())),
        );
        for (i, f) in found {
            let t = &tokens[i];
            let label = d.cues.iter().any(|&(s, e, _)| s <= t.start && t.end <= e);
            if n < cut {
                examples.push((f, label));
            } else {
                held.push((f, label));
            }
        }
    }
    let w = common::train(&mut examples, epochs, rate, l2, min_count);
    if !held.is_empty() {
        for t in [0.2f32, 0.3, 0.4, 0.5] {
            let (mut tp, mut fp, mut fn_) = (0, 0, 0);
            for (f, y) in &held {
                let yes = common::probability(&w, f) >= t;
                match (yes, *y) {
                    (true, true) => tp += 1,
                    (true, false) => fp += 1,
                    (false, true) => fn_ += 1,
                    _ => {}
                }
            }
            let f1 = 2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64;
            eprintln!("held out, threshold {t}: tp {tp} fp {fp} fn {fn_} F1 {:.4}", f1);
        }
        return;
    }
    let positives = examples.iter().filter(|e| e.1).count();
    println!("# Cue classifier learned from PolNeAR train by examples/learn_cue_model.rs.");
    println!(
        "# Do not edit by hand: re-run the example. {} candidates, {} examples ({} cues).",
        candidates.len(),
        examples.len(),
        positives
    );
    println!("# Weights: gap from the previous non-zero weight's index, weight in thousandths.");
    println!("threshold\t{threshold}");
    for (word, &&(_, c, after)) in &candidates {
        let position = if after as f64 >= 0.25 * c as f64 { "any" } else { "pre" };
        println!("cue\t{word}\t{}\t{position}", dossier_quotes::lemma(word));
    }
    common::print_weights(&w, MIN_WEIGHT);
}
