//! Quote attribution evaluation on PolNeAR-style JSONL (`text` + `quotes` with character-offset
//! `content_spans`, `speaker_start`/`speaker_end`, `cue_spans`).
//!
//! The pipeline runs end to end from the text: document → sentences → entities → quotes.
//! Predicted quotes that share a cue are one predicted attribution (a quote split around its
//! attribution, or an indirect clause with the partial quotes inside it, is one attribution in
//! the gold data too). Gold and predicted attributions are paired one to one, largest content
//! overlap first. For each gold attribution:
//!
//! - **content** is found when the paired prediction covers at least half of its characters;
//! - **speaker** is right when the content is found and the predicted speaker span overlaps the
//!   gold speaker span, or the resolved name contains the gold speaker's words (or vice versa);
//! - **cue** is right when the content is found and the cue spans overlap.
//!
//! Precision counts every predicted attribution (for speaker and cue: every one that has a
//! speaker or cue). **Exact** scores require equal spans after trimming white space, quotation
//! marks and edge punctuation. The `quotes-baseline` task scores "text between double quotation
//! marks" the same way.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use dossier_core::{Document, OffsetMap, Pipeline, Source};
use dossier_ner::EntityStage;
use dossier_quotes::{Lexicon, LexiconFiles, QuoteStage};
use dossier_text::SentenceStage;
use serde::Deserialize;

use crate::{Prf, Report};

#[derive(Deserialize)]
struct GoldDoc {
    text: String,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct GoldQuote {
    #[serde(default)]
    content_spans: Vec<(usize, usize)>,
    #[serde(default)]
    start: Option<usize>,
    #[serde(default)]
    end: Option<usize>,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    speaker_start: Option<usize>,
    #[serde(default)]
    speaker_end: Option<usize>,
    #[serde(default)]
    cue_spans: Option<Vec<(usize, usize)>>,
}

/// One attribution in character offsets, gold or predicted.
#[derive(Debug, Clone, Default)]
struct Attr {
    content: Vec<(usize, usize)>,
    speaker: Option<(usize, usize)>,
    /// Gold speaker text, or the predicted resolved name, lower case.
    name: String,
    cue: Option<(usize, usize)>,
}

fn overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let mut n = 0;
    for &(s1, e1) in a {
        for &(s2, e2) in b {
            n += e1.min(e2).saturating_sub(s1.max(s2));
        }
    }
    n
}

fn length(a: &[(usize, usize)]) -> usize {
    a.iter().map(|(s, e)| e.saturating_sub(*s)).sum()
}

fn spans_overlap(a: Option<(usize, usize)>, b: Option<(usize, usize)>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.0 < b.1 && b.0 < a.1)
}

/// `(start, end)` trimmed of white space, quotation marks and edge punctuation.
fn trim(chars: &[char], (mut s, mut e): (usize, usize)) -> (usize, usize) {
    let junk = |c: char| c.is_whitespace() || "\"“”‘’'«»,.;:!?—–-…()".contains(c);
    e = e.min(chars.len());
    while s < e && junk(chars[s]) {
        s += 1;
    }
    while e > s && junk(chars[e - 1]) {
        e -= 1;
    }
    (s, e)
}

fn trimmed_set(chars: &[char], spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> =
        spans.iter().map(|&s| trim(chars, s)).filter(|(s, e)| s < e).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Does one name contain the other's words, as whole words ("ruiz" in "ana ruiz", but not "he"
/// in "the minister")?
fn name_matches(gold: &str, predicted: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (g, p) = (words(gold), words(predicted));
    let within = |a: &[String], b: &[String]| b.windows(a.len()).any(|win| win == a);
    !g.is_empty() && !p.is_empty() && (within(&g, &p) || within(&p, &g))
}

#[derive(Default)]
struct Tally {
    content: Prf,
    speaker: Prf,
    cue: Prf,
    content_exact: Prf,
    speaker_exact: Prf,
    cue_exact: Prf,
    all: Prf,
    docs: usize,
    words: usize,
    timings: BTreeMap<&'static str, Duration>,
    /// With [`Options::explain`]: one JSON line per gold and unpaired predicted attribution,
    /// for error analysis.
    explain: Option<std::io::BufWriter<std::fs::File>>,
}

/// Options of the quotes evaluation (`dossier eval quotes --explain FILE --cue-model FILE`).
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Write each gold attribution's outcome and each unpaired prediction as JSON lines here.
    pub explain: Option<std::path::PathBuf>,
    /// Use this cue classifier instead of the embedded `data/cue_model.tsv` (for tuning).
    pub cue_model: Option<std::path::PathBuf>,
    /// Use this attribution builder instead of the embedded `data/cue_build.tsv` (for tuning).
    pub cue_builder: Option<std::path::PathBuf>,
    /// Use this attribution check instead of the embedded `data/attr_check.tsv` (for tuning).
    pub attr_check: Option<std::path::PathBuf>,
}

impl Tally {
    fn add(&mut self, doc: usize, text: &str, gold: &[Attr], pred: &[Attr]) {
        let chars: Vec<char> = text.chars().collect();
        // One-to-one pairing, largest content overlap first.
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (gi, g) in gold.iter().enumerate() {
            for (pi, p) in pred.iter().enumerate() {
                let o = overlap(&g.content, &p.content);
                if o > 0 {
                    pairs.push((o, gi, pi));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut g_of_p = vec![None; pred.len()];
        let mut p_of_g = vec![None; gold.len()];
        for (o, gi, pi) in pairs {
            if p_of_g[gi].is_none() && g_of_p[pi].is_none() && 2 * o >= length(&gold[gi].content) {
                p_of_g[gi] = Some(pi);
                g_of_p[pi] = Some(gi);
            }
        }
        let (mut c_tp, mut s_tp, mut q_tp) = (0, 0, 0);
        let (mut ce_tp, mut se_tp, mut qe_tp, mut all_tp) = (0, 0, 0, 0);
        for (gi, g) in gold.iter().enumerate() {
            let Some(pi) = p_of_g[gi] else { continue };
            let p = &pred[pi];
            c_tp += 1;
            let s_ok = g.speaker.is_some()
                && p.speaker.is_some()
                && (spans_overlap(g.speaker, p.speaker) || name_matches(&g.name, &p.name));
            let q_ok = spans_overlap(g.cue, p.cue);
            s_tp += s_ok as usize;
            q_tp += q_ok as usize;
            all_tp += (s_ok && q_ok) as usize;
            if trimmed_set(&chars, &g.content) == trimmed_set(&chars, &p.content) {
                ce_tp += 1;
            }
            let exact = |a: Option<(usize, usize)>, b: Option<(usize, usize)>| match (a, b) {
                (Some(a), Some(b)) => trim(&chars, a) == trim(&chars, b),
                _ => false,
            };
            se_tp += exact(g.speaker, p.speaker) as usize;
            qe_tp += exact(g.cue, p.cue) as usize;
        }
        if let Some(out) = self.explain.as_mut() {
            explain(out, doc, &chars, gold, pred, &p_of_g, &g_of_p);
        }
        let g_spk = gold.iter().filter(|g| g.speaker.is_some()).count();
        let p_spk = pred.iter().filter(|p| p.speaker.is_some()).count();
        let g_cue = gold.iter().filter(|g| g.cue.is_some()).count();
        let p_cue = pred.iter().filter(|p| p.cue.is_some()).count();
        let prf = |tp: usize, np: usize, ng: usize| Prf { tp, fp: np - tp, fn_: ng - tp };
        self.content.add(prf(c_tp, pred.len(), gold.len()));
        self.speaker.add(prf(s_tp, p_spk, g_spk));
        self.cue.add(prf(q_tp, p_cue, g_cue));
        self.all.add(prf(all_tp, pred.len(), gold.len()));
        // Exact content: every predicted attribution could match; ce_tp <= c_tp.
        self.content_exact.add(prf(ce_tp, pred.len(), gold.len()));
        // Exact speaker and cue spans are counted against all spans (as span-level F1 does).
        self.speaker_exact.add(prf(se_tp, p_spk, g_spk));
        self.cue_exact.add(prf(qe_tp, p_cue, g_cue));
    }

    fn report(self, task: &str, path: &Path, seconds: f64) -> Report {
        let mut r = Report::new(task, &path.display().to_string());
        for (name, prf) in [
            ("content", &self.content),
            ("speaker", &self.speaker),
            ("cue", &self.cue),
            ("all_three", &self.all),
            ("exact.content", &self.content_exact),
            ("exact.speaker", &self.speaker_exact),
            ("exact.cue", &self.cue_exact),
        ] {
            r.add_prf(&format!("quotes.{name}"), prf);
            r.add_prf_row(name, prf);
        }
        r.metrics.insert("documents".into(), self.docs as f64);
        r.metrics.insert("words".into(), self.words as f64);
        r.metrics.insert("seconds".into(), seconds);
        let total: f64 = self.timings.values().map(Duration::as_secs_f64).sum();
        for (stage, d) in &self.timings {
            let s = d.as_secs_f64();
            r.metrics.insert(format!("stage.{stage}.seconds"), s);
            if total > 0.0 {
                r.metrics.insert(format!("stage.{stage}.share"), s / total);
            }
            if s > 0.0 {
                r.metrics.insert(format!("stage.{stage}.words_per_second"), self.words as f64 / s);
            }
        }
        r
    }
}

/// Writes the outcome of each gold attribution and each unpaired prediction of document `doc`
/// (its index in the gold file, from 0) as JSON lines.
fn explain(
    out: &mut impl std::io::Write,
    doc: usize,
    chars: &[char],
    gold: &[Attr],
    pred: &[Attr],
    p_of_g: &[Option<usize>],
    g_of_p: &[Option<usize>],
) {
    let txt = |s: Option<(usize, usize)>| -> String {
        s.map(|(a, b)| chars[a.min(chars.len())..b.min(chars.len())].iter().collect())
            .unwrap_or_default()
    };
    let spans = |v: &[(usize, usize)]| -> Vec<String> { v.iter().map(|&s| txt(Some(s))).collect() };
    let attr = |a: &Attr| {
        serde_json::json!({
            "content": spans(&a.content), "content_spans": a.content,
            "speaker": txt(a.speaker), "speaker_span": a.speaker, "name": a.name,
            "cue": txt(a.cue), "cue_span": a.cue,
        })
    };
    for (gi, g) in gold.iter().enumerate() {
        let p = p_of_g[gi].map(|pi| &pred[pi]);
        let line = serde_json::json!({
            "doc": doc,
            "kind": if p.is_some() { "paired" } else { "miss" },
            "speaker_ok": p.is_some_and(|p| g.speaker.is_some() && p.speaker.is_some()
                && (spans_overlap(g.speaker, p.speaker) || name_matches(&g.name, &p.name))),
            "cue_ok": p.is_some_and(|p| spans_overlap(g.cue, p.cue)),
            "gold": attr(g),
            "pred": p.map(attr),
        });
        let _ = writeln!(out, "{line}");
    }
    for (pi, p) in pred.iter().enumerate() {
        if g_of_p[pi].is_none() {
            let best = gold.iter().map(|g| overlap(&g.content, &p.content)).max().unwrap_or(0);
            let line = serde_json::json!({ "doc": doc, "kind": "false", "overlap": best, "pred": attr(p) });
            let _ = writeln!(out, "{line}");
        }
    }
}

fn read_gold(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .with_context(|| format!("{}:{}: bad JSON", path.display(), n + 1))
        })
        .collect()
}

fn gold_attrs(doc: &GoldDoc) -> Vec<Attr> {
    doc.quotes
        .iter()
        .map(|q| {
            let content = if q.content_spans.is_empty() {
                q.start.zip(q.end).into_iter().collect()
            } else {
                q.content_spans.clone()
            };
            Attr {
                content,
                speaker: q.speaker_start.zip(q.speaker_end),
                name: q.speaker.clone().unwrap_or_default().to_lowercase(),
                cue: q.cue_spans.as_ref().and_then(|c| c.first().copied()),
            }
        })
        .filter(|a| length(&a.content) > 0)
        .collect()
}

/// Predicted attributions of an analyzed document, in character offsets, grouped by cue.
fn predicted_attrs(doc: &Document) -> Vec<Attr> {
    let map = OffsetMap::new(&doc.text);
    let c = |b: usize| map.byte_to_char(b);
    let mut by_cue: BTreeMap<(usize, usize), Attr> = BTreeMap::new();
    let mut out = Vec::new();
    for q in &doc.quotes {
        let content = (c(q.start), c(q.end));
        let speaker = q.speaker.as_ref().map(|s| (c(s.start), c(s.end)));
        let name = q.speaker.as_ref().map(|s| s.canonical.to_lowercase()).unwrap_or_default();
        match &q.cue {
            Some(cue) => {
                let key = (c(cue.start), c(cue.end));
                let a = by_cue.entry(key).or_insert_with(|| Attr {
                    content: Vec::new(),
                    speaker,
                    name,
                    cue: Some(key),
                });
                a.content.push(content);
            }
            None => out.push(Attr { content: vec![content], speaker, name, cue: None }),
        }
    }
    // Partial quotes inside their indirect clause: keep the clause only.
    for a in by_cue.values_mut() {
        let spans = a.content.clone();
        a.content.retain(|&(s, e)| {
            !spans.iter().any(|&(s2, e2)| (s2, e2) != (s, e) && s2 <= s && e <= e2)
        });
    }
    out.extend(by_cue.into_values());
    out
}

/// Evaluates the quote stage (after sentences and entities) on a PolNeAR-style JSONL file.
pub fn evaluate(path: &Path) -> anyhow::Result<Report> {
    evaluate_with(path, &Options::default())
}

/// [`evaluate`] with options: an explain file, another cue classifier.
pub fn evaluate_with(path: &Path, options: &Options) -> anyhow::Result<Report> {
    let docs = read_gold(path)?;
    let read = |f: &Option<std::path::PathBuf>| -> anyhow::Result<Option<String>> {
        f.as_ref()
            .map(|f| std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display())))
            .transpose()
    };
    let (model, builder) = (read(&options.cue_model)?, read(&options.cue_builder)?);
    let check = read(&options.attr_check)?;
    let stage = if model.is_none() && builder.is_none() && check.is_none() {
        QuoteStage::default()
    } else {
        let embedded = LexiconFiles::embedded();
        let files = LexiconFiles {
            model: model.as_deref().unwrap_or(embedded.model),
            builder: builder.as_deref().unwrap_or(embedded.builder),
            check: check.as_deref().unwrap_or(embedded.check),
            ..embedded
        };
        // One lexicon per evaluation run, alive until the process ends.
        QuoteStage::new(Box::leak(Box::new(Lexicon::parse(&files))))
    };
    let pipeline = Pipeline::new(vec![
        Box::new(SentenceStage),
        Box::new(EntityStage::default()),
        Box::new(stage),
    ]);
    let t = Instant::now();
    let mut tally = Tally::default();
    if let Some(f) = &options.explain {
        let f = std::fs::File::create(f).context("creating the explain file")?;
        tally.explain = Some(std::io::BufWriter::new(f));
    }
    for (n, g) in docs.iter().enumerate() {
        let mut doc = Document::new(g.text.clone(), Source::text(None));
        for (stage, d) in pipeline.run_timed(&mut doc) {
            *tally.timings.entry(stage).or_default() += d;
        }
        tally.docs += 1;
        tally.words += doc.word_count();
        tally.add(n, &g.text, &gold_attrs(g), &predicted_attrs(&doc));
    }
    Ok(tally.report("quotes", path, t.elapsed().as_secs_f64()))
}

/// The "text between double quotation marks" baseline: every `“…”` or `"…"` span is a quote with
/// no speaker and no cue.
pub fn evaluate_baseline(path: &Path) -> anyhow::Result<Report> {
    let docs = read_gold(path)?;
    let t = Instant::now();
    let mut tally = Tally::default();
    for (n, g) in docs.iter().enumerate() {
        let mut pred = Vec::new();
        let mut open: Option<(usize, char)> = None;
        for (i, ch) in g.text.chars().enumerate() {
            match (open, ch) {
                (None, '“' | '"') => open = Some((i, ch)),
                (Some((s, o)), '”' | '"') if o == '“' || ch == '"' => {
                    pred.push(Attr { content: vec![(s + 1, i)], ..Attr::default() });
                    open = None;
                }
                _ => {}
            }
        }
        tally.docs += 1;
        tally.words += g.text.split_whitespace().count();
        tally.add(n, &g.text, &gold_attrs(g), &pred);
    }
    Ok(tally.report("quotes-baseline", path, t.elapsed().as_secs_f64()))
}

#[cfg(test)]
mod tests {
    use super::{explain, name_matches, Attr};

    #[test]
    fn explain_lines_carry_the_document_index() {
        let text: Vec<char> = "The mayor said the bridge will reopen.".chars().collect();
        let gold = [Attr {
            content: vec![(15, 37)],
            speaker: Some((0, 9)),
            name: "the mayor".into(),
            cue: Some((10, 14)),
        }];
        let pred = [Attr { content: vec![(0, 3)], ..Attr::default() }];
        let mut out = Vec::new();
        explain(&mut out, 7, &text, &gold, &pred, &[None], &[None]);
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["kind"], "miss");
        assert_eq!(lines[0]["doc"], 7);
        assert_eq!(lines[0]["gold"]["cue"], "said");
        assert_eq!(lines[1]["kind"], "false");
        assert_eq!(lines[1]["doc"], 7);
    }

    #[test]
    fn names_match_on_whole_words() {
        assert!(name_matches("ruiz", "ana ruiz"));
        assert!(name_matches("foreign minister ana ruiz", "ana ruiz"));
        assert!(!name_matches("he", "the minister"));
        assert!(!name_matches("it", "its growth"));
        assert!(!name_matches("", "ana ruiz"));
    }
}
