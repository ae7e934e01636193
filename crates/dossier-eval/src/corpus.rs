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
