//! Sentence-boundary evaluation on GUM raw JSONL.
//!
//! GUM's raw text keeps one sentence a line and separates paragraphs with a blank line. To test
//! the segmenter rather than the line breaks, each single line break inside a paragraph is
//! replaced by a space (same length, so offsets are kept) and paragraph breaks stay, as in our
//! clean body text. Gold sentences are the non-empty lines.
//!
//! Metrics: boundary P/R/F1 over sentence end offsets (`boundary`), the same for boundaries
//! inside paragraphs only (`inner`, the hard part), and exact sentence-span F1 (`span`).

use std::collections::HashSet;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

use crate::{Prf, Report};

#[derive(Deserialize)]
struct GumDoc {
    text: String,
}

/// Evaluate the segmenter on a GUM-style raw JSONL file.
pub fn evaluate(path: &Path) -> anyhow::Result<Report> {
    let data = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let mut boundary = Prf::default();
    let mut inner = Prf::default();
    let mut span = Prf::default();
    let mut docs = 0;
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: GumDoc = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a GUM raw record", path.display(), n + 1))?;
        docs += 1;
        let (b, i, s) = score_document(&doc.text);
        boundary.add(b);
        inner.add(i);
        span.add(s);
    }
    let mut report = Report::new("sentences", &path.display().to_string());
    report.add_prf("boundary", &boundary);
    report.add_prf("inner", &inner);
    report.add_prf("span", &span);
    report.metrics.insert("documents".into(), docs as f64);
    report.add_prf_row("boundaries (all)", &boundary);
    report.add_prf_row("boundaries in paragraphs", &inner);
    report.add_prf_row("sentence spans (exact)", &span);
    Ok(report)
}

/// Gold sentences of a GUM text: its non-empty lines, trimmed, as byte spans.
fn gold_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let trimmed_start = line.len() - line.trim_start().len();
        let t = line.trim();
        if !t.is_empty() {
            out.push((offset + trimmed_start, offset + trimmed_start + t.len()));
        }
        offset += line.len() + 1;
    }
    out
}

/// The text with single line breaks (inside paragraphs) turned into spaces.
fn join_paragraph_lines(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\n' {
            let prev_nl = i > 0 && b[i - 1] == b'\n';
            let next_nl = i + 1 < b.len() && b[i + 1] == b'\n';
            out.push(if prev_nl || next_nl { '\n' } else { ' ' });
        } else {
            out.push(c);
        }
    }
    out
}

/// (all boundaries, in-paragraph boundaries, exact spans) for one document.
fn score_document(text: &str) -> (Prf, Prf, Prf) {
    let gold = gold_sentences(text);
    let joined = join_paragraph_lines(text);
    let tokens = dossier_text::tokenize(&joined);
    let predicted: Vec<(usize, usize)> =
        dossier_text::segment(&joined, &tokens).iter().map(|s| (s.start, s.end)).collect();
    // A boundary is "inner" when the text after it continues on the same (joined) line.
    let is_inner = |end: usize| {
        let rest = &joined[end..];
        let ws = rest.len() - rest.trim_start().len();
        !rest[..ws].contains('\n') && ws < rest.len()
    };
    let gold_ends: HashSet<usize> = gold.iter().map(|s| s.1).collect();
    let pred_ends: HashSet<usize> = predicted.iter().map(|s| s.1).collect();
    let count = |g: &HashSet<usize>, p: &HashSet<usize>| Prf {
        tp: p.intersection(g).count(),
        fp: p.difference(g).count(),
        fn_: g.difference(p).count(),
    };
    let all = count(&gold_ends, &pred_ends);
    let gi: HashSet<usize> = gold_ends.iter().copied().filter(|&e| is_inner(e)).collect();
    let pi: HashSet<usize> = pred_ends.iter().copied().filter(|&e| is_inner(e)).collect();
    let inner = count(&gi, &pi);
    let gs: HashSet<(usize, usize)> = gold.into_iter().collect();
    let ps: HashSet<(usize, usize)> = predicted.into_iter().collect();
    let spans = Prf {
        tp: ps.intersection(&gs).count(),
        fp: ps.difference(&gs).count(),
        fn_: gs.difference(&ps).count(),
    };
    (all, inner, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_on_easy_text_and_counts_a_miss() {
        let text = "Heading\n\nOfficials met on Tuesday.\nThey agreed.\n\nDr. Li left.";
        let (all, inner, spans) = score_document(text);
        assert_eq!((all.fp, all.fn_), (0, 0));
        assert_eq!(inner.tp, 1, "the Tuesday/They boundary is inside a paragraph");
        assert_eq!(spans.tp, 4);
        // A boundary the segmenter cannot see (no punctuation) is a miss inside the paragraph.
        let (_, inner, _) = score_document("no capital here\nand no period\n\nEnd.");
        assert_eq!(inner.fn_, 1);
    }
}
