//! Trains the cue classifier `data/cue_model.tsv` from PolNeAR `train.jsonl`.
//!
//! Candidates are the words that stand inside gold cue spans at least `MIN_CUE` times and in at
//! least `MIN_RATIO` of their occurrences (outside the hand-written lists). Every occurrence of a
//! candidate in the training texts is an example, labelled by whether it is inside a gold cue;
//! its features ([`dossier_quotes::cue_features`]: the word, its neighbours' classes and their
//! combinations) train a logistic model by stochastic gradient descent. The file keeps the
//! candidates (with a lemma and whether the cue may follow its content), the weights and the
//! decision threshold (tuned on dev, given as an argument).
//!
//! `cargo run --release -p dossier-quotes --example learn_cue_model -- ../shared/data/quotes/polnear/train.jsonl > crates/dossier-quotes/data/cue_model.tsv`

use std::collections::{BTreeMap, HashMap};

const MIN_CUE: usize = 3;
const MIN_RATIO: f64 = 0.03;
const THRESHOLD: f32 = 0.3;
const EPOCHS: usize = 8;
const RATE: f32 = 0.05;
const L2: f32 = 1e-5;
/// Smaller weights are left out of the file.
const MIN_WEIGHT: f32 = 0.05;

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

fn lemma(w: &str) -> String {
    if let Some(s) = w.strip_suffix("ied").or_else(|| w.strip_suffix("ies")) {
        return format!("{s}y");
    }
    if let Some(s) = w.strip_suffix("ing") {
        if s.len() >= 3 {
            return s.to_string();
        }
    }
    if let Some(s) = w.strip_suffix("ed") {
        if s.len() >= 3 {
            return s.to_string();
        }
    }
    if let Some(s) = w.strip_suffix('s') {
        if !s.ends_with('s') && s.len() >= 3 {
            return s.to_string();
        }
    }
    w.to_string()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: learn_cue_model TRAIN.jsonl [THRESHOLD]");
    let threshold: f32 = args.next().map_or(THRESHOLD, |a| a.parse().expect("a number"));
    let data = std::fs::read_to_string(&path).expect("readable file");
    // Tokens of every text with their label: (lower-case word, raw window, in a cue, cue after its content).
    let mut docs: Vec<(String, Vec<dossier_core::Token>, Vec<Option<bool>>)> = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let map = dossier_core::OffsetMap::new(&text);
        let mut cue_bytes: Vec<(usize, usize, bool)> = Vec::new();
        for q in v["quotes"].as_array().into_iter().flatten() {
            let content_start = q["start"].as_u64().unwrap_or(0) as usize;
            for c in q["cue_spans"].as_array().into_iter().flatten() {
                let (Some(s), Some(e)) = (c[0].as_u64(), c[1].as_u64()) else { continue };
                let (s, e) = (s as usize, e as usize);
                let (Some(bs), Some(be)) = (map.char_to_byte(s), map.char_to_byte(e)) else {
                    continue;
                };
                cue_bytes.push((bs, be, content_start < s));
            }
        }
        let tokens = dossier_text::tokenize(&text);
        let labels = tokens
            .iter()
            .map(|t| cue_bytes.iter().find(|&&(s, e, _)| s <= t.start && t.end <= e).map(|c| c.2))
            .collect();
        docs.push((text, tokens, labels));
    }
    // word -> (occurrences, in a cue, in a cue after its content)
    let mut stats: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for (text, tokens, labels) in &docs {
        for (t, l) in tokens.iter().zip(labels) {
            let e = stats.entry(t.text(text).to_lowercase()).or_default();
            e.0 += 1;
            if let Some(after) = l {
                e.1 += 1;
                e.2 += *after as usize;
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
        })
        .collect();
    // Examples: feature ids and label.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut examples: Vec<(Vec<usize>, bool)> = Vec::new();
    let mut buf = Vec::new();
    let lex = dossier_quotes::Lexicon::embedded();
    for (text, tokens, labels) in &docs {
        let raw = |k: usize| tokens.get(k).map_or("", |t| t.text(text));
        for (i, t) in tokens.iter().enumerate() {
            if !candidates.contains_key(&t.text(text).to_lowercase()) {
                continue;
            }
            let window = [
                i.checked_sub(2).map_or("", raw),
                i.checked_sub(1).map_or("", raw),
                raw(i),
                raw(i + 1),
                raw(i + 2),
            ];
            dossier_quotes::cue_features(window, lex, &mut buf);
            let n = ids.len();
            let f: Vec<usize> = buf
                .iter()
                .map(|f| {
                    let n = ids.len();
                    *ids.entry(f.clone()).or_insert(n)
                })
                .collect();
            let _ = n;
            examples.push((f, labels[i].is_some()));
        }
    }
    // Logistic regression, plain SGD in a fixed order (reproducible).
    let mut w = vec![0f32; ids.len()];
    for epoch in 0..EPOCHS {
        let rate = RATE / (1.0 + epoch as f32);
        for (f, y) in &examples {
            let z: f32 = f.iter().map(|&k| w[k]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = (*y as u8 as f32) - p;
            for &k in f {
                w[k] += rate * (g - L2 * w[k]);
            }
        }
    }
    println!("# Cue classifier learned from PolNeAR train by examples/learn_cue_model.rs.");
    println!(
        "# Do not edit by hand: re-run the example. {} candidates, {} examples.",
        candidates.len(),
        examples.len()
    );
    println!("threshold\t{threshold}");
    for (word, &&(_, c, after)) in &candidates {
        let position = if after as f64 >= 0.25 * c as f64 { "any" } else { "pre" };
        println!("cue\t{word}\t{}\t{position}", lemma(word));
    }
    let mut names: Vec<(&String, &usize)> = ids.iter().collect();
    names.sort();
    for (name, &k) in names {
        if w[k].abs() >= MIN_WEIGHT {
            println!("weight\t{name}\t{:.3}", w[k]);
        }
    }
}
