//! Trains the attribution builder `data/cue_build.tsv` from PolNeAR `train.jsonl`.
//!
//! Each document runs through the sentence and entity stages (as in `dossier eval quotes`). For
//! every gold attribution, its cue token (the first word of the gold cue that is a listed cue or
//! a classifier candidate, else its first word) gives two kinds of examples, with the hashed
//! features of [`dossier_quotes::span_examples`]:
//!
//! - whether the content is after the cue (one example);
//! - for every candidate speaker head in the cue's sentence, whether it is the last word of the
//!   gold speaker.
//!
//! One logistic model (the two kinds of features do not share hashes) is trained by AdaGrad in
//! a fixed order (reproducible). The file keeps the speaker confidence the builder needs
//! (tuned on dev, given as an argument) and the non-zero weights in thousandths.
//!
//! `cargo run --release -p dossier-quotes --example learn_cue_builder -- ../shared/data/quotes/polnear/train.jsonl 0.5 > crates/dossier-quotes/data/cue_build.tsv`

mod common;

use dossier_core::{Document, Source};

const THRESHOLD: f32 = 0.5;
const EPOCHS: usize = 5;
const RATE: f32 = 0.05;
const L2: f32 = 1e-6;
/// Features seen in fewer training examples get no weight (keeps the file small).
const MIN_COUNT: u32 = 2;
/// Weights below this many thousandths are left out of the file.
const MIN_WEIGHT: i32 = 5;

/// A held-out attribution: its content-side example and its speaker candidates' examples.
type Held = (Vec<u32>, bool, Vec<(Vec<u32>, bool)>);

fn main() {
    let run = common::Arguments::read(
        "learn_cue_builder TRAIN.jsonl [THRESHOLD]",
        THRESHOLD,
        EPOCHS,
        RATE,
    );
    let (threshold, epochs, rate) = (run.threshold, run.epochs, run.rate);
    let (lines, cut) = run.lines();
    // Held-out attributions: direction example and speaker candidates, by attribution.
    let mut held: Vec<Held> = Vec::new();
    let pipeline = common::analyzer();
    let lex = dossier_quotes::Lexicon::embedded();
    let mut examples: Vec<(Vec<u32>, bool)> = Vec::new();
    let (mut attributions, mut with_head) = (0, 0);
    for (ln, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let map = dossier_core::OffsetMap::new(&text);
        let byte = |c: &serde_json::Value| c.as_u64().and_then(|c| map.char_to_byte(c as usize));
        let mut doc = Document::new(text, Source::text(None));
        pipeline.run(&mut doc);
        let tokens = &doc.tokens;
        let text = &doc.text;
        // (cue token, speaker head token, content after the cue)
        let mut gold: Vec<(usize, Option<usize>, bool)> = Vec::new();
        for q in v["quotes"].as_array().into_iter().flatten() {
            let Some(c) = q["cue_spans"].as_array().and_then(|c| c.first()) else { continue };
            let (Some(cs), Some(ce)) = (byte(&c[0]), byte(&c[1])) else { continue };
            let inside: Vec<usize> = (0..tokens.len())
                .filter(|&k| cs <= tokens[k].start && tokens[k].end <= ce)
                .filter(|&k| tokens[k].kind == dossier_core::TokenKind::Word)
                .collect();
            let known = |k: &&usize| {
                let l = tokens[**k].text(text).to_lowercase();
                lex.cues.contains_key(&l) || lex.model.candidates.contains_key(&l)
            };
            let Some(&cue) = inside.iter().find(known).or(inside.first()) else { continue };
            let head = match (byte(&q["speaker_start"]), byte(&q["speaker_end"])) {
                (Some(s), Some(e)) => (0..tokens.len())
                    .rev()
                    .find(|&k| s <= tokens[k].start && tokens[k].end <= e)
                    .filter(|&k| tokens[k].kind == dossier_core::TokenKind::Word),
                _ => None,
            };
            let after = byte(&q["start"]).is_some_and(|s| s >= tokens[cue].end);
            gold.push((cue, head, after));
        }
        let cues: Vec<usize> = gold.iter().map(|g| g.0).collect();
        attributions += gold.len();
        let mut hit = vec![false; gold.len()];
        let first = held.len();
        dossier_quotes::span_examples(&doc, lex, &cues, |n, h, f| {
            let label = match h {
                None => gold[n].2,
                Some(h) => {
                    let y = gold[n].1 == Some(h);
                    hit[n] |= y;
                    y
                }
            };
            if ln < cut {
                examples.push((f.to_vec(), label));
            } else if h.is_none() {
                held.push((f.to_vec(), label, Vec::new()));
            } else if let Some(last) = held[first..].last_mut() {
                last.2.push((f.to_vec(), label));
            }
        });
        with_head += hit.iter().filter(|&&x| x).count();
    }
    let w = common::train(&mut examples, epochs, rate, L2, MIN_COUNT);
    if !held.is_empty() {
        let p = |f: &[u32]| common::probability(&w, f);
        let dir_ok = held.iter().filter(|(f, y, _)| (p(f) >= 0.5) == *y).count();
        eprintln!("held out: {} attributions, content side right for {dir_ok}", held.len());
        for t in [0.3f32, 0.5, 0.7] {
            let (mut right, mut wrong, mut none) = (0, 0, 0);
            for (_, _, c) in &held {
                let best = c.iter().map(|(f, y)| (p(f), *y)).max_by(|a, b| a.0.total_cmp(&b.0));
                match best {
                    Some((q, y)) if q >= t => {
                        if y {
                            right += 1
                        } else {
                            wrong += 1
                        }
                    }
                    _ => none += 1,
                }
            }
            eprintln!("speaker at {t}: right {right}, wrong {wrong}, none {none}");
        }
        return;
    }
    println!("# Attribution builder learned from PolNeAR train by examples/learn_cue_builder.rs.");
    println!(
        "# Do not edit by hand: re-run the example. {attributions} attributions ({with_head} with \
         their speaker head among the candidates), {} examples.",
        examples.len()
    );
    println!("# Weights: gap from the previous non-zero weight's index, weight in thousandths.");
    println!("threshold\t{threshold}");
    common::print_weights(&w, MIN_WEIGHT);
}
