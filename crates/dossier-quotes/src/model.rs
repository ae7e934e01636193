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
fn class<'a>(raw: &'a str, lex: &Lexicon) -> &'a str {
    if raw.is_empty() {
        return "none";
    }
    if matches!(raw, "“" | "”" | "\"" | "‘" | "’" | "'" | "«" | "»" | "''" | "``") {
        return "q";
    }
    let first = raw.chars().next().unwrap_or(' ');
    if !first.is_alphanumeric() {
        let cut = raw.char_indices().nth(2).map_or(raw.len(), |(k, _)| k);
        return &raw[..cut];
    }
    if first.is_numeric() {
        return "num";
    }
    if let Some(f) = FUNCTION.iter().find(|f| f.eq_ignore_ascii_case(raw)) {
        return f;
    }
    let lower = raw.to_lowercase();
    if lex.roles.contains(&lower)
        || lex.unnamed.contains(&lower)
        || lex.documents.contains(&lower)
        || lex.organizations.contains(&lower)
    {
        return if first.is_uppercase() { "caprole" } else { "role" };
    }
    if first.is_uppercase() {
        return "cap";
    }
    ["ly", "ed", "ing", "s"].into_iter().find(|s| lower.ends_with(s)).unwrap_or("low")
}

/// Calls `f` with each feature of the candidate `window[2]` given its two neighbours on each
/// side (raw token texts, "" outside the text), with the speaker word lists of `lex`.
pub fn for_each_feature(window: [&str; 5], lex: &Lexicon, mut f: impl FnMut(&str)) {
    use std::fmt::Write as _;
    let w = window[2].to_lowercase();
    let [p2, p1, n1, n2] = [window[0], window[1], window[3], window[4]].map(|r| class(r, lex));
    let mut s = String::with_capacity(48);
    let mut emit = |args: std::fmt::Arguments<'_>| {
        s.clear();
        let _ = s.write_fmt(args);
        f(&s);
    };
    emit(format_args!("bias"));
    emit(format_args!("w={w}"));
    emit(format_args!("p1={p1}"));
    emit(format_args!("n1={n1}"));
    emit(format_args!("p2={p2}"));
    emit(format_args!("n2={n2}"));
    emit(format_args!("p1n1={p1}|{n1}"));
    emit(format_args!("w|n1={w}|{n1}"));
    emit(format_args!("w|p1={w}|{p1}"));
    // The neighbouring words themselves: "the national debate", "member states", "made the".
    let word = |raw: &str| {
        (raw.chars().all(char::is_alphabetic) && !raw.is_empty()).then(|| raw.to_lowercase())
    };
    if let Some(pw) = word(window[1]) {
        emit(format_args!("pw={pw}"));
        emit(format_args!("w|pw={w}|{pw}"));
    }
    if let Some(nw) = word(window[3]) {
        emit(format_args!("nw={nw}"));
        emit(format_args!("w|nw={w}|{nw}"));
    }
    if window[2].chars().next().is_some_and(char::is_uppercase) {
        emit(format_args!("cap"));
    }
}

/// The features of the candidate `window[2]` (see [`for_each_feature`]), collected in `out`.
pub fn cue_features(window: [&str; 5], lex: &Lexicon, out: &mut Vec<String>) {
    out.clear();
    for_each_feature(window, lex, |f| out.push(f.to_string()));
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
    pub fn score(&self, window: [&str; 5], lex: &Lexicon) -> f32 {
        let mut z = 0.0;
        for_each_feature(window, lex, |f| z += self.weights.get(f).copied().unwrap_or(0.0));
        1.0 / (1.0 + (-z).exp())
    }
}
