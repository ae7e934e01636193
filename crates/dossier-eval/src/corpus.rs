//! The speed corpus: about a million words of news text assembled from the raw texts in
//! `../shared/data`, written one document a file, so every speed figure is measured on the same
//! text (`dossier bench corpus`, then `dossier bench analyze`).

use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context;

/// Raw-text JSONL files read for the corpus, in order (news first), relative to `shared/data`.
pub const SOURCES: &[&str] = &[
    "quotes/polnear/train.jsonl",
    "quotes/polnear/dev.jsonl",
    "geo/lgl.jsonl",
    "geo/geovirus.jsonl",
    "time/tempeval3_train_timebank.jsonl",
    "time/tempeval3_train_aquaint.jsonl",
    "ner/gum/raw/train.jsonl",
    "ner/gum/raw/dev.jsonl",
];

/// What [`assemble`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusSummary {
    pub documents: usize,
    pub words: usize,
}

/// Write documents (`00001.txt`, ...) into `out` until at least `target_words` words are written
/// or the sources run out. Texts are deduplicated; the order is fixed, so the corpus is the same
/// on every machine with the same data.
pub fn assemble(
    shared_data: &Path,
    target_words: usize,
    out: &Path,
) -> anyhow::Result<CorpusSummary> {
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let mut seen = HashSet::new();
    let mut summary = CorpusSummary { documents: 0, words: 0 };
    for rel in SOURCES {
        let path = shared_data.join(rel);
        let data = std::fs::read_to_string(&path).with_context(|| {
            format!("{}: cannot read (the corpus is built from ../shared/data)", path.display())
        })?;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            if summary.words >= target_words {
                return Ok(summary);
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}: a line is not JSON", path.display()))?;
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
            if text.trim().is_empty() || !seen.insert(dossier_core::content_id(text)) {
                continue;
            }
            summary.documents += 1;
            summary.words += text.split_whitespace().count();
            let file = out.join(format!("{:05}.txt", summary.documents));
            let mut f = std::fs::File::create(&file)
                .with_context(|| format!("{}: cannot create", file.display()))?;
            f.write_all(text.as_bytes())?;
        }
    }
    Ok(summary)
}

/// What [`synthesize_library`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibrarySummary {
    pub documents: usize,
    pub words: usize,
    pub paragraphs: usize,
}

/// Write `count` distinct HTML articles into `out` (in folders of 1,000) for measuring a large
/// library: each takes three to five paragraphs of the texts in `corpus` (the speed corpus, or
/// any folder of `.txt` articles) chosen by a fixed rule, a headline from its first paragraph
/// and a publication date spread over 2019–2024 (`article:published_time`), so entities, quotes,
/// places and dates recur across articles the way a news archive's do. Deterministic.
pub fn synthesize_library(
    corpus: &Path,
    count: usize,
    out: &Path,
) -> anyhow::Result<LibrarySummary> {
    let mut files: Vec<_> = std::fs::read_dir(corpus)
        .with_context(|| format!("{}: cannot read the corpus folder", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut paragraphs: Vec<String> = Vec::new();
    for f in &files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("{}: cannot read", f.display()))?;
        for p in text.split("\n\n") {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            let words = p.split(' ').count();
            if (12..=250).contains(&words) {
                paragraphs.push(p);
            }
        }
    }
    if paragraphs.len() < 10 {
        anyhow::bail!("{}: too few paragraphs to build a library from", corpus.display());
    }
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let n = paragraphs.len();
    let mut summary = LibrarySummary { documents: 0, words: 0, paragraphs: n };
    // A small linear congruential generator: the same library on every machine.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |m: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    for i in 0..count {
        let parts = 3 + next(3);
        let chosen: Vec<&str> = (0..parts).map(|_| paragraphs[next(n)].as_str()).collect();
        let headline: String = chosen[0].split(' ').take(9).collect::<Vec<_>>().join(" ");
        let day = next(6 * 365);
        let date = chrono::NaiveDate::from_ymd_opt(2019, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(day as u64)))
            .context("date out of range")?;
        let dir = out.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
        let mut html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} - Library Wire</title>\
             <meta property=\"article:published_time\" content=\"{date}\">\
             <link rel=\"canonical\" href=\"https://library-wire.example/{i}\"></head>\
             <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{}</h1>",
            escape(&headline),
            escape(&headline)
        );
        for p in &chosen {
            summary.words += p.split(' ').count();
            html.push_str("<p>");
            html.push_str(&escape(p));
            html.push_str("</p>");
        }
        html.push_str(&format!(
            "<p>Report number {i}.</p></article><footer>© Library Wire</footer></body></html>\n"
        ));
        let file = dir.join(format!("{i:06}.html"));
        std::fs::write(&file, html).with_context(|| format!("{}: cannot write", file.display()))?;
        summary.documents += 1;
    }
    Ok(summary)
}
