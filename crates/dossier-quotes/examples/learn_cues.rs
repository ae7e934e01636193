//! Learns the extra cue list `data/cues_learned.tsv` from PolNeAR `train.jsonl`: every word that
//! is inside a gold cue span often enough (at least `MIN_CUE` times and `MIN_RATIO` of its
//! occurrences), with the share of its attributions whose content comes before it (which
//! decides whether it may follow its content). Hand-written cues in `data/cues.tsv` win over
//! these.
//!
//! `cargo run --release -p dossier-quotes --example learn_cues -- ../shared/data/quotes/polnear/train.jsonl > crates/dossier-quotes/data/cues_learned.tsv`

use std::collections::BTreeMap;

const MIN_CUE: usize = 4;
const MIN_RATIO: f64 = 0.3;

/// Words never learned as cues on their own (function words, auxiliaries, adverbs).
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
    let path = args.next().expect("usage: learn_cues TRAIN.jsonl [MIN_RATIO [MIN_CUE]]");
    let min_ratio: f64 = args.next().map_or(MIN_RATIO, |a| a.parse().expect("a number"));
    let min_cue: usize = args.next().map_or(MIN_CUE, |a| a.parse().expect("a count"));
    let data = std::fs::read_to_string(&path).expect("readable file");
    // word -> (occurrences, in a cue, in a cue after its content)
    let mut stats: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default();
        let map = dossier_core::OffsetMap::new(text);
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
        for t in dossier_text::tokenize(text) {
            let w = t.text(text).to_lowercase();
            let entry = stats.entry(w).or_default();
            entry.0 += 1;
            if let Some(&(_, _, after)) =
                cue_bytes.iter().find(|&&(s, e, _)| s <= t.start && t.end <= e)
            {
                entry.1 += 1;
                entry.2 += after as usize;
            }
        }
    }
    println!(
        "# Learned from PolNeAR train by examples/learn_cues.rs: form, lemma, stance, position."
    );
    println!(
        "# Hand-written cues (cues.tsv) take precedence. Do not edit by hand: re-run the example."
    );
    for (w, (n, c, after)) in stats {
        let ratio = c as f64 / n as f64;
        let alphabetic =
            w.chars().all(|ch| ch.is_alphabetic()) && w.chars().count() >= 3 && !w.ends_with("ly");
        if c >= min_cue && ratio >= min_ratio && alphabetic && !STOP.contains(&w.as_str()) {
            let position = if after as f64 >= 0.25 * c as f64 { "any" } else { "pre" };
            println!("{w}\t{}\tassert\t{position}", lemma(&w));
        }
    }
}
