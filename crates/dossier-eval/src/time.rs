//! Temporal-expression evaluation, TempEval-3 style.
//!
//! Two gold formats, told apart by their fields:
//!
//! - documents (`text`, `dct`, `timexes` with character offsets, `type`, `value`): the text runs
//!   through the sentence stage and the timex stage with `published = dct`. Reported: strict
//!   extraction P/R/F1 (exact character spans) and relaxed (overlap, one-to-one); over the
//!   relaxed matches, type accuracy and value P/R/F1, where value precision is correct values
//!   over system timexes and recall correct values over gold timexes (TempEval-3).
//! - DCT-relative examples (`surface`, `context`, `dct`, `type`, `value`): the context window
//!   runs through the same stages; an example is right when a system timex overlapping the
//!   surface has the gold value. Reported: accuracy (and found rate, type accuracy), per
//!   category too.
//!
//! `dossier eval time --errors` ([`evaluate_with`] with `show_errors`) prints every mismatch to
//! standard error.

use std::collections::BTreeMap;
use std::io::BufRead as _;
use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use dossier_core::{Document, OffsetMap, Source, Stage, Timex};
use dossier_text::SentenceStage;
use dossier_time::{type_name, TimexStage};
use serde::Deserialize;

use crate::{Prf, Report};

#[derive(Debug, Deserialize)]
struct GoldTimex {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    #[serde(default)]
    text: String,
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    #[serde(default)]
    doc_id: String,
    dct: Option<String>,
    text: String,
    timexes: Vec<GoldTimex>,
}

#[derive(Debug, Deserialize)]
struct RelativeExample {
    dct: Option<String>,
    surface: String,
    context: String,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    #[serde(default)]
    category: String,
    /// Character offset of the expression in its source document.
    #[serde(default)]
    start: usize,
}

/// A system timex in character offsets.
struct SysTimex {
    start: usize,
    end: usize,
    kind: &'static str,
    value: String,
    text: String,
}

fn analyze(text: &str, dct: Option<&str>) -> Vec<SysTimex> {
    let mut doc = Document::new(text, Source::text(None));
    doc.published = dct.map(str::to_string);
    SentenceStage.process(&mut doc);
    TimexStage.process(&mut doc);
    let map = OffsetMap::new(&doc.text);
    doc.timexes.iter().map(|t: &Timex| sys(t, &map)).collect()
}

fn sys(t: &Timex, map: &OffsetMap) -> SysTimex {
    SysTimex {
        start: map.byte_to_char(t.start),
        end: map.byte_to_char(t.end),
        kind: type_name(t.kind),
        value: t.value.clone(),
        text: t.text.clone(),
    }
}

/// Evaluate the timex stage on `path` (documents or relative examples).
pub fn evaluate(path: &Path) -> anyhow::Result<Report> {
    evaluate_with(path, false)
}

/// [`evaluate`], printing every mismatch to standard error when `show_errors` is set.
pub fn evaluate_with(path: &Path, show_errors: bool) -> anyhow::Result<Report> {
    let file =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.with_context(|| format!("{}: read error", path.display()))?;
        if !line.trim().is_empty() {
            lines.push(line);
        }
    }
    let first: serde_json::Value = match lines.first() {
        Some(l) => {
            serde_json::from_str(l).with_context(|| format!("{}:1: not JSON", path.display()))?
        }
        None => anyhow::bail!("{}: no gold records", path.display()),
    };
    if first.get("surface").is_some() {
        evaluate_relative(path, &lines, show_errors)
    } else if first.get("timexes").is_some() {
        evaluate_documents(path, &lines, show_errors)
    } else {
        anyhow::bail!(
            "{}: neither TempEval-style documents (text, dct, timexes) nor relative examples \
             (surface, context, dct, value)",
            path.display()
        )
    }
}

fn evaluate_documents(path: &Path, lines: &[String], show: bool) -> anyhow::Result<Report> {
    let mut strict = Prf::default();
    let mut relaxed = Prf::default();
    let mut value = Prf::default();
    let (mut type_right, mut matched) = (0usize, 0usize);
    let mut words = 0usize;
    let mut elapsed = 0f64;
    for (n, line) in lines.iter().enumerate() {
        let doc: GoldDoc = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a TempEval document", path.display(), n + 1))?;
        words += doc.text.split_whitespace().count();
        let t = Instant::now();
        let system = analyze(&doc.text, doc.dct.as_deref());
        elapsed += t.elapsed().as_secs_f64();
        let gold = &doc.timexes;
        let exact = gold
            .iter()
            .filter(|g| system.iter().any(|s| s.start == g.start && s.end == g.end))
            .count();
        strict.add(Prf { tp: exact, fp: system.len() - exact, fn_: gold.len() - exact });
        // Relaxed one-to-one matching by overlap, in text order.
        let mut used = vec![false; system.len()];
        let mut pairs = Vec::new();
        for (gi, g) in gold.iter().enumerate() {
            let found = system
                .iter()
                .enumerate()
                .find(|(si, s)| !used[*si] && s.start < g.end && g.start < s.end)
                .map(|(si, _)| si);
            if let Some(si) = found {
                used[si] = true;
                pairs.push((gi, si));
            } else if show {
                eprintln!(
                    "MISS\t{}\t{}\t{:?}\t{}\t{}",
                    doc.doc_id,
                    doc.dct.as_deref().unwrap_or(""),
                    g.text,
                    g.kind,
                    g.value
                );
            }
        }
        if show {
            for (si, s) in system.iter().enumerate() {
                if !used[si] {
                    let ctx = context(&doc.text, s.start, s.end);
                    eprintln!("FP\t{}\t{:?}\t{}\t{}\t{ctx}", doc.doc_id, s.text, s.kind, s.value);
                }
            }
        }
        relaxed.add(Prf {
            tp: pairs.len(),
            fp: system.len() - pairs.len(),
            fn_: gold.len() - pairs.len(),
        });
        let mut correct = 0;
        for &(gi, si) in &pairs {
            let (g, s) = (&gold[gi], &system[si]);
            matched += 1;
            if g.kind == s.kind {
                type_right += 1;
            }
            if g.value == s.value {
                correct += 1;
            } else if show {
                let ctx = context(&doc.text, g.start, g.end);
                eprintln!(
                    "VALUE\t{}\t{}\t{:?}/{:?}\tgold {} {}\tsys {} {}\t{ctx}",
                    doc.doc_id,
                    doc.dct.as_deref().unwrap_or(""),
                    g.text,
                    s.text,
                    g.kind,
                    g.value,
                    s.kind,
                    s.value
                );
            }
        }
        value.add(Prf { tp: correct, fp: system.len() - correct, fn_: gold.len() - correct });
    }
    let mut report = Report::new("time", &path.display().to_string());
    report.add_prf("time.strict", &strict);
    report.add_prf("time.relaxed", &relaxed);
    report.add_prf("time.value", &value);
    let type_acc = if matched == 0 { 0.0 } else { type_right as f64 / matched as f64 };
    report.metrics.insert("time.type_accuracy".into(), type_acc);
    report.metrics.insert("time.documents".into(), lines.len() as f64);
    report.metrics.insert("time.words".into(), words as f64);
    if elapsed > 0.0 {
        report.metrics.insert("time.words_per_second".into(), words as f64 / elapsed);
    }
    report.add_prf_row("extraction strict", &strict);
    report.add_prf_row("extraction relaxed", &relaxed);
    report.add_prf_row("value", &value);
    report.table.push_str(&format!("type accuracy (relaxed matches): {:.2}\n", 100.0 * type_acc));
    Ok(report)
}

fn evaluate_relative(path: &Path, lines: &[String], show: bool) -> anyhow::Result<Report> {
    // category → (total, found, type right, value right)
    let mut per: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for (n, line) in lines.iter().enumerate() {
        let ex: RelativeExample = serde_json::from_str(line).with_context(|| {
            format!("{}:{}: not a relative-timex example", path.display(), n + 1)
        })?;
        let Some((gs, ge)) = locate(&ex.context, &ex.surface, ex.start.min(80)) else {
            anyhow::bail!(
                "{}:{}: surface {:?} not in its context",
                path.display(),
                n + 1,
                ex.surface
            );
        };
        let system = analyze(&ex.context, ex.dct.as_deref());
        let hit = system.iter().find(|s| s.start < ge && gs < s.end);
        let counts = per.entry(ex.category.clone()).or_default();
        counts[0] += 1;
        if let Some(s) = hit {
            counts[1] += 1;
            if s.kind == ex.kind {
                counts[2] += 1;
            }
            if s.value == ex.value {
                counts[3] += 1;
            }
        }
        if show && hit.is_none_or(|s| s.value != ex.value) {
            eprintln!(
                "REL\t{}\t{}\t{:?}\tgold {} {}\tsys {}\t{}",
                ex.category,
                ex.dct.as_deref().unwrap_or(""),
                ex.surface,
                ex.kind,
                ex.value,
                hit.map_or("-".to_string(), |s| format!("{:?} {} {}", s.text, s.kind, s.value)),
                context(&ex.context, gs, ge)
            );
        }
    }
    let mut report = Report::new("time", &path.display().to_string());
    let mut total = [0usize; 4];
    report.table.push_str(&format!(
        "{:<20} {:>7} {:>8} {:>8} {:>9}\n",
        "category", "n", "found", "type", "accuracy"
    ));
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    for (cat, c) in &per {
        for k in 0..4 {
            total[k] += c[k];
        }
        report.metrics.insert(format!("time.relative.{cat}.accuracy"), pct(c[3], c[0]));
        report.table.push_str(&format!(
            "{:<20} {:>7} {:>8.2} {:>8.2} {:>9.2}\n",
            cat,
            c[0],
            100.0 * pct(c[1], c[0]),
            100.0 * pct(c[2], c[0]),
            100.0 * pct(c[3], c[0])
        ));
    }
    report.table.push_str(&format!(
        "{:<20} {:>7} {:>8.2} {:>8.2} {:>9.2}\n",
        "all",
        total[0],
        100.0 * pct(total[1], total[0]),
        100.0 * pct(total[2], total[0]),
        100.0 * pct(total[3], total[0])
    ));
    report.metrics.insert("time.relative.accuracy".into(), pct(total[3], total[0]));
    report.metrics.insert("time.relative.found".into(), pct(total[1], total[0]));
    report.metrics.insert("time.relative.type_accuracy".into(), pct(total[2], total[0]));
    report.metrics.insert("time.relative.examples".into(), total[0] as f64);
    Ok(report)
}

/// Character span of `surface` in `context`: the occurrence nearest character `expected` (the
/// windows start up to 80 characters before their expression, white space folded).
fn locate(context: &str, surface: &str, expected: usize) -> Option<(usize, usize)> {
    let map = OffsetMap::new(context);
    let best = context
        .match_indices(surface)
        .map(|(b, _)| map.byte_to_char(b))
        .min_by_key(|&c| c.abs_diff(expected))?;
    Some((best, best + surface.chars().count()))
}

/// Up to 50 characters either side of a character span, on one line.
fn context(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = start.saturating_sub(50);
    let b = (end + 50).min(chars.len());
    let s: String = chars[a.min(chars.len())..b].iter().collect();
    s.replace('\n', " ")
}
