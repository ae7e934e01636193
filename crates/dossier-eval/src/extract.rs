//! Article extraction from HTML pages, on WCXB or trafilatura-style gold JSONL.
//!
//! Each gold line names a gzipped page (`html_file`, relative to the gold file) and gives some
//! of: `main_content` (WCXB), `with` / `without` snippets (trafilatura's set: text that must or
//! must not be in the body), `title`, `publish_date` or `date`, `author`, `url`.
//!
//! Metrics:
//! - `body.*`: token P/R/F1 of the body against `main_content`, bags of white-space tokens,
//!   summed over pages (micro); `body.macro_f1` is the mean of the per-page F1;
//! - `snippets.*`: P/R/F1 over snippets (a `with` snippet found is a true positive, a `without`
//!   snippet found a false positive), after folding white space;
//! - `title.accuracy`, `date.accuracy`, `author.accuracy`: exact match (white space folded;
//!   dates compared as `YYYY-MM-DD`) over the pages whose gold has the field;
//! - `pages_per_second`: decoding plus extraction, one thread (build with `--release`).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Deserialize;

use crate::{Prf, Report};

#[derive(Deserialize)]
struct GoldPage {
    html_file: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    main_content: Option<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
    #[serde(default, deserialize_with = "text_or_list")]
    title: Option<String>,
    #[serde(default, deserialize_with = "text_or_list")]
    publish_date: Option<String>,
    #[serde(default, deserialize_with = "text_or_list")]
    date: Option<String>,
    #[serde(default, deserialize_with = "text_or_list")]
    author: Option<String>,
}

/// A gold field given as a string, a list of strings (joined with "; ") or null.
fn text_or_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(|v| v.as_str()).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        _ => None,
    })
}

/// Exact-match counts.
#[derive(Default)]
struct Accuracy {
    right: usize,
    total: usize,
}

impl Accuracy {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.right += usize::from(ok);
    }
    fn value(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// Evaluate HTML extraction on a gold JSONL file.
pub fn evaluate(path: &Path) -> anyhow::Result<Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut body = Prf::default();
    let mut snippets = Prf::default();
    let (mut macro_f1, mut body_pages) = (0.0, 0usize);
    let (mut title, mut date, mut author) =
        (Accuracy::default(), Accuracy::default(), Accuracy::default());
    let (mut pages, mut failed) = (0usize, 0usize);
    let mut spent = Duration::ZERO;
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let gold: GoldPage = serde_json::from_str(line)
            .with_context(|| format!("{}: line {}: not a gold page", path.display(), i + 1))?;
        let file = dir.join(&gold.html_file);
        let raw = match read_page(&file) {
            Ok(raw) => raw,
            Err(e) => {
                eprintln!("warning: {}: {e:#}", file.display());
                failed += 1;
                continue;
            }
        };
        let started = Instant::now();
        let article = dossier_sources::decode_html(&raw, None)
            .map(|d| dossier_extract::extract_html_article(&d.text, gold.url.as_deref()))
            .unwrap_or_default();
        spent += started.elapsed();
        pages += 1;

        if let Some(gold_body) = &gold.main_content {
            let prf = token_prf(gold_body, &article.body);
            macro_f1 += prf.f1();
            body_pages += 1;
            body.add(prf);
        }
        let found = fold_space(&article.body);
        for s in &gold.with {
            if found.contains(&fold_space(s)) {
                snippets.tp += 1;
            } else {
                snippets.fn_ += 1;
            }
        }
        for s in &gold.without {
            if found.contains(&fold_space(s)) {
                snippets.fp += 1;
            }
        }
        if let Some(t) = gold.title.as_deref().filter(|t| !t.trim().is_empty()) {
            title.add(article.title.as_deref().map(fold_space) == Some(fold_space(t)));
        }
        let gold_date = gold.publish_date.as_deref().or(gold.date.as_deref());
        if let Some(d) = gold_date.filter(|d| d.len() >= 10) {
            date.add(article.published.as_ref().map(|p| p.date.as_str()) == d.get(..10));
        }
        if let Some(a) = gold.author.as_deref().filter(|a| !a.trim().is_empty()) {
            author.add(article.byline.as_deref().map(fold_space) == Some(fold_space(a)));
        }
    }

    let mut report = Report::new("extract", &path.display().to_string());
    if body_pages > 0 {
        report.add_prf("body", &body);
        report.add_prf_row("body tokens", &body);
        report.metrics.insert("body.macro_f1".into(), macro_f1 / body_pages as f64);
    }
    if snippets.tp + snippets.fn_ + snippets.fp > 0 {
        report.add_prf("snippets", &snippets);
        report.add_prf_row("with/without snippets", &snippets);
    }
    for (name, acc) in [("title", &title), ("date", &date), ("author", &author)] {
        report.metrics.insert(format!("{name}.accuracy"), acc.value());
        report.metrics.insert(format!("{name}.pages"), acc.total as f64);
    }
    let per_second = pages as f64 / spent.as_secs_f64().max(1e-9);
    report.metrics.insert("pages".into(), pages as f64);
    report.metrics.insert("pages_failed".into(), failed as f64);
    report.metrics.insert("pages_per_second".into(), per_second);
    use std::fmt::Write;
    let _ = writeln!(
        report.table,
        "\ntitle {:.1}% ({} pages)  date {:.1}% ({})  author {:.1}% ({})",
        100.0 * title.value(),
        title.total,
        100.0 * date.value(),
        date.total,
        100.0 * author.value(),
        author.total
    );
    if body_pages > 0 {
        let _ = writeln!(report.table, "body macro F1 {:.2}", 100.0 * macro_f1 / body_pages as f64);
    }
    let _ = writeln!(
        report.table,
        "{pages} pages, {failed} unreadable, {per_second:.1} pages/s (one thread)"
    );
    Ok(report)
}

fn read_page(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path).context("cannot open")?;
    let mut raw = Vec::new();
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::GzDecoder::new(file).read_to_end(&mut raw).context("bad gzip")?;
    } else {
        std::io::BufReader::new(file).read_to_end(&mut raw)?;
    }
    Ok(raw)
}

/// Token P/R/F1 of `found` against `gold`, as bags of white-space tokens.
fn token_prf(gold: &str, found: &str) -> Prf {
    let mut bag: HashMap<&str, isize> = HashMap::new();
    for t in gold.split_whitespace() {
        *bag.entry(t).or_insert(0) += 1;
    }
    let gold_n = gold.split_whitespace().count();
    let mut tp = 0usize;
    let mut found_n = 0usize;
    for t in found.split_whitespace() {
        found_n += 1;
        if let Some(c) = bag.get_mut(t) {
            if *c > 0 {
                *c -= 1;
                tp += 1;
            }
        }
    }
    Prf { tp, fp: found_n - tp, fn_: gold_n - tp }
}

fn fold_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bags() {
        let p = token_prf("a b b c", "b a x");
        assert_eq!((p.tp, p.fp, p.fn_), (2, 1, 2));
        assert_eq!(fold_space(" a \n b "), "a b");
    }
}
