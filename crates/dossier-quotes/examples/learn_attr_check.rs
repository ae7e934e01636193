//! Trains the attribution check `data/attr_check.tsv` from PolNeAR `train.jsonl`.
//!
//! Each document runs through the sentence and entity stages (as in `dossier eval quotes`) and
//! the quote stage's rules and builder; every reported-speech attribution they find (before
//! the check; direct quotes are not checked) is an example with the hashed features of [`dossier_quotes::check_examples`], labelled by whether
//! its content covers at least half of a gold attribution's content (as `dossier eval quotes`
//! pairs them; an attribution may cover several, one per quoted span).
//!
//! A logistic model is trained by AdaGrad in a fixed order (reproducible). The file keeps the
//! probability an attribution needs to be kept (tuned on dev, given as an argument) and the
//! non-zero weights in thousandths.
//!
//! `cargo run --release -p dossier-quotes --example learn_attr_check -- ../shared/data/quotes/polnear/train.jsonl 0.2 > crates/dossier-quotes/data/attr_check.tsv`

mod common;

use dossier_core::{Document, Source};

const THRESHOLD: f32 = 0.2;
const EPOCHS: usize = 5;
const RATE: f32 = 0.05;
const L2: f32 = 1e-6;
/// Features seen in fewer training examples get no weight (keeps the file small).
const MIN_COUNT: u32 = 2;
/// Weights below this many thousandths are left out of the file.
const MIN_WEIGHT: i32 = 5;

/// Byte spans of a text.
type Spans = Vec<(usize, usize)>;

/// Characters two sets of byte spans share.
fn overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let mut n = 0;
    for &(s, e) in a {
        for &(x, y) in b {
            n += e.min(y).saturating_sub(s.max(x));
        }
    }
    n
}

fn main() {
    let run = common::Arguments::read(
        "learn_attr_check TRAIN.jsonl [THRESHOLD]",
        THRESHOLD,
        EPOCHS,
        RATE,
    );
    let (threshold, epochs, rate) = (run.threshold, run.epochs, run.rate);
    let (lines, cut) = run.lines();
    let pipeline = common::analyzer();
    let lex = dossier_quotes::Lexicon::embedded();
    let mut examples: Vec<(Vec<u32>, bool)> = Vec::new();
    let mut held: Vec<(Vec<u32>, bool)> = Vec::new();
    for (ln, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let map = dossier_core::OffsetMap::new(&text);
        let byte = |c: &serde_json::Value| c.as_u64().and_then(|c| map.char_to_byte(c as usize));
        let mut gold: Vec<Vec<(usize, usize)>> = Vec::new();
        for q in v["quotes"].as_array().into_iter().flatten() {
            let spans: Vec<(usize, usize)> = match q["content_spans"].as_array() {
                Some(c) if !c.is_empty() => {
                    c.iter().filter_map(|s| byte(&s[0]).zip(byte(&s[1]))).collect()
                }
                _ => byte(&q["start"]).zip(byte(&q["end"])).into_iter().collect(),
            };
            if spans.iter().any(|(s, e)| e > s) {
                gold.push(spans);
            }
        }
        let mut doc = Document::new(text, Source::text(None));
        pipeline.run(&mut doc);
        let tokens = doc.tokens.clone();
        // Each attribution's content byte spans and features.
        let mut found: Vec<(Spans, Vec<u32>)> = Vec::new();
        dossier_quotes::check_examples(&doc, lex, |(content, _, _), f| {
            let spans =
                content.iter().map(|&(x, y)| (tokens[x].start, tokens[y - 1].end)).collect();
            found.push((spans, f.to_vec()));
        });
        // An attribution is right when its content covers at least half of a gold content
        // (its quoted spans are paired one by one in the evaluation, so it may cover several).
        let paired: Vec<bool> = found
            .iter()
            .map(|(spans, _)| {
                gold.iter().any(|g| {
                    let glen: usize = g.iter().map(|(s, e)| e - s).sum();
                    2 * overlap(g, spans) >= glen
                })
            })
            .collect();
        for ((_, f), y) in found.into_iter().zip(paired) {
            if ln < cut {
                examples.push((f, y));
            } else {
                held.push((f, y));
            }
        }
    }
    let w = common::train(&mut examples, epochs, rate, L2, MIN_COUNT);
    if !held.is_empty() {
        let pos = held.iter().filter(|e| e.1).count();
        eprintln!("held out: {} attributions, {pos} paired", held.len());
        for t in [0.1f32, 0.2, 0.3, 0.4, 0.5] {
            let (mut kept_pos, mut dropped_pos, mut dropped_neg) = (0, 0, 0);
            for (f, y) in &held {
                let keep = common::probability(&w, f) >= t;
                match (keep, *y) {
                    (true, true) => kept_pos += 1,
                    (false, true) => dropped_pos += 1,
                    (false, false) => dropped_neg += 1,
                    _ => {}
                }
            }
            eprintln!("at {t}: paired kept {kept_pos}, paired dropped {dropped_pos}, unpaired dropped {dropped_neg}");
        }
        return;
    }
    let pos = examples.iter().filter(|e| e.1).count();
    println!("# Attribution check learned from PolNeAR train by examples/learn_attr_check.rs.");
    println!(
        "# Do not edit by hand: re-run the example. {} attributions found, {pos} paired with \
         a gold attribution.",
        examples.len()
    );
    println!("# Weights: gap from the previous non-zero weight's index, weight in thousandths.");
    println!("threshold\t{threshold}");
    common::print_weights(&w, MIN_WEIGHT);
}
