//! Shared checks that every stage must pass (used from each stage crate's tests).
//!
//! [`check_stage`] runs a stage over a set of texts, including the empty string, a huge text
//! and pseudo-random strings mixing scripts, quotes and punctuation, and checks the contract
//! written on [`crate::Stage`].

use crate::{Document, Source, Stage};

/// Checks a document's spans: in bounds, on character boundaries, `text` fields equal to
/// the slices they cover, `start <= end`. Returns a description of the first problem.
pub fn check_spans(doc: &Document) -> Result<(), String> {
    let text = &doc.text;
    let ok = |s: usize, e: usize| {
        s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
    };
    for s in &doc.sentences {
        if !ok(s.start, s.end) {
            return Err(format!(
                "sentence {}..{} out of bounds or off a char boundary",
                s.start, s.end
            ));
        }
    }
    for t in &doc.tokens {
        if !ok(t.start, t.end) || t.start == t.end {
            return Err(format!(
                "token {}..{} empty, out of bounds or off a char boundary",
                t.start, t.end
            ));
        }
    }
    for (s, e, t) in doc.spans() {
        if !ok(s, e) {
            return Err(format!("span {s}..{e} ({t:?}) out of bounds or off a char boundary"));
        }
        if &text[s..e] != t {
            return Err(format!("span {s}..{e} covers {:?} but says {t:?}", &text[s..e]));
        }
    }
    for d in &doc.diagnostics {
        if let (Some(s), Some(e)) = (d.start, d.end) {
            if !ok(s, e) {
                return Err(format!("diagnostic {} span {s}..{e} out of bounds", d.code));
            }
        }
    }
    Ok(())
}

/// A small deterministic generator of awkward strings (no external crates, fixed seed).
pub fn awkward_strings(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "U.S.",
        "Sept.",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "—",
        "–",
        "-",
        ".",
        "!",
        "?",
        "…",
        "(",
        ")",
        "\n",
        "\n\n",
        " ",
        "  ",
        "\t",
        "PAÍS",
        "Ngũgĩ",
        "O'Brien",
        "F-16",
        "1,200.50",
        "2023.AP",
        "said",
        "Putin",
        "Moscow",
        "東京",
        "😀",
        "\u{200b}",
        "\u{feff}",
        "é",
        "e\u{301}",
        "Mr.",
        "J. R.",
        "on Tuesday",
        "2023-09-15",
        ",",
        ";",
        ":",
        "[",
        "]",
        "«",
        "»",
        "x",
        "A",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let n = (next() % 40) as usize;
            (0..n).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect::<String>()
        })
        .collect()
}

/// Runs `stage` (after `prepare`, which runs the stages it depends on) over many texts and
/// checks the stage contract. Panics with a description on the first violation, so it is
/// meant for tests.
pub fn check_stage(stage: &dyn Stage, prepare: &dyn Fn(&mut Document)) {
    let mut texts = vec![
        String::new(),
        " ".to_string(),
        "\n\n\n".to_string(),
        "“Unbalanced quote, the minister said.".to_string(),
        "MOSCOW (Reuters) — President Vladimir Putin said on Tuesday that “talks” went well."
            .to_string(),
        "word ".repeat(10_000),
        "A".repeat(100_000),
    ];
    texts.extend(awkward_strings(300));
    for text in texts {
        let run = || {
            let mut doc = Document::new(text.clone(), Source::text(None));
            prepare(&mut doc);
            stage.process(&mut doc);
            doc
        };
        let a = run();
        assert_eq!(a.text, text, "stage {} changed the text", stage.name());
        if let Err(e) = check_spans(&a) {
            panic!("stage {}: {e} in text {text:?}", stage.name());
        }
        let b = run();
        assert_eq!(a, b, "stage {} is not deterministic on {text:?}", stage.name());
    }
}
