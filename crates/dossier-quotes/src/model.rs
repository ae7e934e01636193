//! The learned cue classifier: which words that are sometimes reporting or attitude cues
//! ("wants", "believes", "were frustrated", "argued") are cues where they stand. A logistic
//! model over the word and its neighbours, trained by `examples/learn_cue_model.rs` on PolNeAR
//! train and stored in `data/cue_model.tsv`.

use std::collections::HashMap;

use crate::lexicon::{CueEntry, CuePosition, Lexicon};

/// Words that are their own class in the context features.
const FUNCTION: &[&str] = &[
    "that", "to", "the", "a", "an", "his", "her", "their", "its", "he", "she", "they", "it", "i",
    "we", "you", "who", "which", "and", "but", "in", "on", "for", "of", "about", "with", "not",
    "has", "have", "had", "was", "were", "is", "are", "be", "been", "will", "would", "also", "as",
    "by", "at", "from", "this", "if", "whether", "how", "what", "why", "when", "n't", "no",
];

/// The class of a neighbouring token (`raw` text, "" outside the text).
fn class(raw: &str, lex: &Lexicon) -> String {
    if raw.is_empty() {
        return "none".into();
    }
    if matches!(raw, "“" | "”" | "\"" | "‘" | "’" | "'" | "«" | "»" | "''" | "``") {
        return "q".into();
    }
    let first = raw.chars().next().unwrap_or(' ');
    if !first.is_alphanumeric() {
        return raw.chars().take(2).collect();
    }
    if first.is_numeric() {
        return "num".into();
    }
    let lower = raw.to_lowercase();
    if FUNCTION.contains(&lower.as_str()) {
        return lower;
    }
    if lex.roles.contains(&lower)
        || lex.unnamed.contains(&lower)
        || lex.documents.contains(&lower)
        || lex.organizations.contains(&lower)
    {
        return if first.is_uppercase() { "caprole" } else { "role" }.into();
    }
    if first.is_uppercase() {
        return "cap".into();
    }
    for suffix in ["ly", "ed", "ing", "s"] {
        if lower.ends_with(suffix) {
            return suffix.into();
        }
    }
    "low".into()
}

/// The features of the candidate `window[2]` given its two neighbours on each side (raw token
/// texts, "" outside the text), with the speaker word lists of `lex`.
pub fn cue_features(window: [&str; 5], lex: &Lexicon, out: &mut Vec<String>) {
    out.clear();
    let w = window[2].to_lowercase();
    let [p2, p1, n1, n2] = [window[0], window[1], window[3], window[4]].map(|r| class(r, lex));
    out.push("bias".into());
    out.push(format!("w={w}"));
    out.push(format!("p1={p1}"));
    out.push(format!("n1={n1}"));
    out.push(format!("p2={p2}"));
    out.push(format!("n2={n2}"));
    out.push(format!("p1n1={p1}|{n1}"));
    out.push(format!("w|n1={w}|{n1}"));
    out.push(format!("w|p1={w}|{p1}"));
    if window[2].chars().next().is_some_and(char::is_uppercase) {
        out.push("cap".into());
    }
}

/// The parsed model: candidate words with their cue entries, and feature weights.
#[derive(Debug, Default)]
pub struct CueModel {
    pub candidates: HashMap<String, CueEntry>,
    pub weights: HashMap<String, f32>,
    pub threshold: f32,
}

impl CueModel {
    /// Parse `data/cue_model.tsv`: `threshold<TAB>t`, `cue<TAB>word<TAB>lemma<TAB>position`
    /// and `weight<TAB>feature<TAB>w` lines.
    pub fn parse(data: &str) -> CueModel {
        let mut m = CueModel::default();
        for line in data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["threshold", t] => m.threshold = t.trim().parse().unwrap_or(0.5),
                ["cue", word, lemma, position] => {
                    let position =
                        if *position == "pre" { CuePosition::Pre } else { CuePosition::Any };
                    m.candidates.insert(
                        word.to_string(),
                        CueEntry {
                            words: vec![word.to_string()],
                            lemma: lemma.to_string(),
                            stance: "assert".into(),
                            position,
                        },
                    );
                }
                ["weight", f, w] => {
                    m.weights.insert(f.to_string(), w.trim().parse().unwrap_or(0.0));
                }
                _ => {}
            }
        }
        m
    }

    /// The probability that the candidate in `window` is a cue.
    pub fn score(&self, window: [&str; 5], lex: &Lexicon, buf: &mut Vec<String>) -> f32 {
        cue_features(window, lex, buf);
        let z: f32 = buf.iter().filter_map(|f| self.weights.get(f.as_str())).sum();
        1.0 / (1.0 + (-z).exp())
    }
}
