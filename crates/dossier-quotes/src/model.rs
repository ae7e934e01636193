//! The learned cue classifier: which words that are sometimes reporting or attitude cues
//! ("wants", "believes", "were frustrated", "argued") are cues where they stand. A logistic
//! model over hashed features of the word and its context — the word and its lemma, its
//! neighbours and their word classes, where it stands in its sentence and relative to quotation
//! marks and named mentions — trained by `examples/learn_cue_model.rs` on PolNeAR train and
//! stored in `data/cue_model.tsv`.

use rustc_hash::FxHashMap as HashMap;

use crate::lexicon::{CueEntry, CuePosition, Lexicon};
use crate::speaker::{pronoun, Pronoun};

/// Hashed features index a table of `1 << BITS` weights.
pub const BITS: u32 = 18;

/// Words that are their own class in the context features.
const FUNCTION: &[&str] = &[
    "that", "to", "the", "a", "an", "his", "her", "their", "its", "he", "she", "they", "it", "i",
    "we", "you", "who", "which", "and", "but", "in", "on", "for", "of", "about", "with", "not",
    "has", "have", "had", "was", "were", "is", "are", "be", "been", "will", "would", "also", "as",
    "by", "at", "from", "this", "if", "whether", "how", "what", "why", "when", "n't", "no",
];

/// The hash of a feature made of `parts` (FNV-1a, parts separated by a unit separator).
pub fn feature_hash(parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for (n, p) in parts.iter().enumerate() {
        if n > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0193);
        }
        for b in p.bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h & ((1 << BITS) - 1)
}

/// A crude lemma: "denied" → "deny", "warning" → "warn", "wants" → "want".
pub fn lemma(w: &str) -> String {
    if let Some(s) = w.strip_suffix("ied").or_else(|| w.strip_suffix("ies")) {
        return format!("{s}y");
    }
    for suffix in ["ing", "ed"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 3 {
                return s.to_string();
            }
        }
    }
    if let Some(s) = w.strip_suffix('s') {
        if !s.ends_with('s') && s.len() >= 3 {
            return s.to_string();
        }
    }
    w.to_string()
}

/// The word class of a token: quote mark, punctuation, number, function word, pronoun, named
/// mention, role noun, capitalized word or a suffix class.
pub(crate) fn class<'a>(raw: &'a str, lower: &'a str, mention: u8, lex: &Lexicon) -> &'a str {
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
    match mention {
        1 => return "PER",
        2 => return "ORG",
        3 => return "ENT",
        _ => {}
    }
    if let Some(f) = FUNCTION.iter().find(|f| **f == lower) {
        return f;
    }
    if lex.roles.contains(lower)
        || lex.unnamed.contains(lower)
        || lex.documents.contains(lower)
        || lex.organizations.contains(lower)
    {
        return if first.is_uppercase() { "caprole" } else { "role" };
    }
    if lex.cues.contains_key(lower) {
        return "cue";
    }
    if first.is_uppercase() {
        return "cap";
    }
    ["ly", "ed", "ing", "s"].into_iter().find(|s| lower.ends_with(s)).unwrap_or("low")
}

/// What the features of one candidate token read: its sentence, its neighbours (raw and lower
/// case, with their named-mention tags), and where the quoted spans and listed cues are.
pub(crate) struct Site<'a> {
    /// Raw text, lower case and mention tag (0 none, 1 person, 2 organization, 3 other) of the
    /// tokens `i - 3 ..= i + 3` ("" outside the sentence).
    pub raw: [&'a str; 7],
    pub lower: [&'a str; 7],
    pub mention: [u8; 7],
    /// Tokens from the sentence start to the candidate, and from it to the sentence end.
    pub from_start: usize,
    pub to_end: usize,
    /// Quoted tokens before / after the candidate in its sentence; a quotation closing in the
    /// two tokens before it / opening in the two after it.
    pub quote_before: bool,
    pub quote_after: bool,
    pub quote_left: bool,
    pub quote_right: bool,
    /// A named mention ends in the three tokens before / starts in the three after.
    pub mention_left: u8,
    pub mention_right: u8,
    /// A listed cue before / after the candidate in its sentence.
    pub cue_before: bool,
    pub cue_after: bool,
    /// "that" within the three tokens after the candidate.
    pub that_after: bool,
    /// A subject pronoun in the three tokens before.
    pub pronoun_left: bool,
}

/// Calls `f` with the hash of every feature of `site`.
pub(crate) fn for_each_feature(tag: &str, site: &Site<'_>, lex: &Lexicon, f: impl FnMut(u32)) {
    let w = site.lower[3];
    let lem = lemma(w);
    let cls: [&str; 7] =
        std::array::from_fn(|k| class(site.raw[k], site.lower[k], site.mention[k], lex));
    let word = |k: usize| -> &str {
        let r = site.raw[k];
        if r.is_empty() {
            "none"
        } else if r.chars().all(char::is_alphabetic) {
            site.lower[k]
        } else {
            cls[k]
        }
    };
    let (p3, p2, p1, n1, n2, n3) = (word(0), word(1), word(2), word(4), word(5), word(6));
    let (c3, c2, c1, d1, d2, d3) = (cls[0], cls[1], cls[2], cls[4], cls[5], cls[6]);
    let suffix = {
        let cut = w.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
        &w[cut..]
    };
    let bucket = |n: usize| match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        _ => "11+",
    };
    let yes = |b: bool| if b { "y" } else { "n" };
    let shape = if site.raw[3].chars().next().is_some_and(char::is_uppercase) {
        if site.from_start == 0 {
            "init"
        } else {
            "cap"
        }
    } else {
        "low"
    };
    let ment = |m: u8| ["none", "PER", "ORG", "ENT"][usize::from(m.min(3))];
    let (ml, mr) = (ment(site.mention_left), ment(site.mention_right));
    let (from, to) = (bucket(site.from_start), bucket(site.to_end));
    let quotes = match (site.quote_before, site.quote_after) {
        (false, false) => "none",
        (true, false) => "before",
        (false, true) => "after",
        (true, true) => "both",
    };
    let (ql, qr) = (yes(site.quote_left), yes(site.quote_right));
    let (cb, ca, that, pr) =
        (yes(site.cue_before), yes(site.cue_after), yes(site.that_after), yes(site.pronoun_left));
    let features: [&[&str]; 44] = [
        &["bias"],
        &["w", w],
        &["lem", &lem],
        &["suf", suffix],
        &["shape", shape],
        &["w.shape", w, shape],
        &["p1", p1],
        &["p2", p2],
        &["n1", n1],
        &["n2", n2],
        &["w.p1", w, p1],
        &["w.n1", w, n1],
        &["w.p2", w, p2],
        &["w.n2", w, n2],
        &["lem.p1", &lem, p1],
        &["lem.n1", &lem, n1],
        &["w.p2p1", w, p2, p1],
        &["w.n1n2", w, n1, n2],
        &["c1", c1],
        &["c2", c2],
        &["c3", c3],
        &["d1", d1],
        &["d2", d2],
        &["d3", d3],
        &["c1d1", c1, d1],
        &["c2c1", c2, c1],
        &["d1d2", d1, d2],
        &["w.c1", w, c1],
        &["w.d1", w, d1],
        &["w.c1d1", w, c1, d1],
        &["w.c2c1", w, c2, c1],
        &["w.d1d2", w, d1, d2],
        &["lem.c1d1", &lem, c1, d1],
        &["p3.n3", p3, n3],
        &["pos", from, to],
        &["w.pos", w, from, to],
        &["quotes", quotes, ql, qr],
        &["w.quotes", w, quotes],
        &["w.qlr", w, ql, qr],
        &["ment", ml, mr],
        &["w.ment", w, ml, mr],
        &["cues", cb, ca],
        &["w.that", w, that],
        &["w.pron.cues", w, pr, cb, ca],
    ];
    hash_all(tag, &features, f);
}

/// Calls `f` with the hash of each feature of `features` (up to five parts each) under `tag`.
pub(crate) fn hash_all(tag: &str, features: &[&[&str]], mut f: impl FnMut(u32)) {
    let mut buf: [&str; 6] = [tag; 6];
    for parts in features {
        buf[1..=parts.len()].copy_from_slice(parts);
        f(feature_hash(&buf[..=parts.len()]));
    }
}

/// Is `lower` a subject pronoun ("he", "they", "we")?
pub(crate) fn subject_pronoun(lower: &str) -> bool {
    pronoun(lower).is_some_and(|p| p != Pronoun::Relative) || lower == "you"
}

/// The parsed model: candidate words with their cue entries, and hashed feature weights.
#[derive(Debug, Default)]
pub struct CueModel {
    pub candidates: HashMap<String, CueEntry>,
    /// `1 << BITS` weights in thousandths, as the file writes them (empty when no model was
    /// given). Two bytes a weight keep the three tables small enough to stay in cache, which
    /// matters more than the arithmetic: a score is some 40 scattered reads.
    pub weights: Vec<i16>,
    pub threshold: f32,
}

impl CueModel {
    /// Parse `data/cue_model.tsv`: `threshold<TAB>t`, `cue<TAB>word<TAB>lemma<TAB>position`
    /// lines, then the non-zero weights as `gap<TAB>weight` lines: the gap from the previous
    /// non-zero weight's index (from -1), the weight in thousandths (kept within ±32,767).
    pub fn parse(data: &str) -> CueModel {
        let mut m = CueModel { threshold: 0.5, ..CueModel::default() };
        let mut at: i64 = -1;
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
                [gap, w] => {
                    let (Ok(gap), Ok(w)) = (gap.parse::<i64>(), w.trim().parse::<i32>()) else {
                        continue;
                    };
                    at += gap;
                    if m.weights.is_empty() {
                        m.weights = vec![0; 1 << BITS];
                    }
                    if let Some(slot) = usize::try_from(at).ok().and_then(|k| m.weights.get_mut(k))
                    {
                        *slot = i16::try_from(w).unwrap_or(if w < 0 { i16::MIN } else { i16::MAX });
                    }
                }
                _ => {}
            }
        }
        m
    }

    /// The weight of the feature hashed to `h`.
    pub fn weight(&self, h: u32) -> f32 {
        f32::from(self.weights[h as usize]) / 1000.0
    }

    /// The probability that the candidate at `site` is a cue.
    pub(crate) fn score(&self, site: &Site<'_>, lex: &Lexicon) -> f32 {
        if self.weights.is_empty() {
            return 0.0;
        }
        // Hash every feature first, then read the weights: the reads no longer wait on the
        // hashing between them. Same order of addition, so the same sum.
        let mut hashes = [0u32; 64];
        let mut n = 0;
        for_each_feature("cue", site, lex, |h| {
            if let Some(slot) = hashes.get_mut(n) {
                *slot = h;
                n += 1;
            }
        });
        self.probability(hashes[..n].iter().copied())
    }

    /// The probability given by the weights of the features `hashes`.
    pub fn probability(&self, hashes: impl IntoIterator<Item = u32>) -> f32 {
        if self.weights.is_empty() {
            return 0.0;
        }
        let z: f32 = hashes.into_iter().map(|h| self.weight(h)).sum();
        1.0 / (1.0 + (-z).exp())
    }
}
