//! Training shared by the example programs that learn `data/cue_model.tsv` and
//! `data/cue_build.tsv`: logistic regression over hashed features, and the weights' file format.

/// Trains a logistic model on `examples` (feature hashes, label) by AdaGrad in a fixed order
/// (reproducible), over the features seen in at least `min_count` examples.
pub fn train(
    examples: &mut [(Vec<u32>, bool)],
    epochs: usize,
    rate: f32,
    l2: f32,
    min_count: u32,
) -> Vec<f32> {
    let size = 1usize << dossier_quotes::BITS;
    let mut count = vec![0u32; size];
    for (f, _) in examples.iter() {
        for &k in f {
            count[k as usize] += 1;
        }
    }
    for (f, _) in examples.iter_mut() {
        f.retain(|&k| count[k as usize] >= min_count);
    }
    let mut w = vec![0f32; size];
    let mut g2 = vec![1e-8f32; size];
    for _ in 0..epochs {
        for (f, y) in examples.iter() {
            let g = probability(&w, f) - (*y as u8 as f32);
            for &k in f {
                let k = k as usize;
                let grad = g + l2 * w[k];
                g2[k] += grad * grad;
                w[k] -= rate * grad / g2[k].sqrt();
            }
        }
    }
    w
}

/// The model's probability for the features `f`.
pub fn probability(w: &[f32], f: &[u32]) -> f32 {
    let z: f32 = f.iter().map(|&k| w[k as usize]).sum();
    1.0 / (1.0 + (-z).exp())
}

/// Prints the weights of at least `min_weight` thousandths as `gap<TAB>thousandths` lines (the
/// gap from the previous printed weight's index, from -1), within the ±32,767 thousandths the
/// library stores in two bytes.
pub fn print_weights(w: &[f32], min_weight: i32) {
    let mut last: i64 = -1;
    for (k, &x) in w.iter().enumerate() {
        let milli = ((x * 1000.0).round() as i32).clamp(-32_768, 32_767);
        if milli.abs() >= min_weight {
            println!("{}\t{milli}", k as i64 - last);
            last = k as i64;
        }
    }
}

/// The command line of the learning examples, `TRAIN.jsonl [THRESHOLD [EPOCHS RATE HOLDOUT]]`:
/// the training file's non-empty lines, the threshold to store, epochs and rate (for
/// experiments), and how many lines to train on (the rest are held out to report accuracy on
/// instead of writing the file). (The cue classifier reads more options.)
#[allow(dead_code)]
pub struct Arguments {
    pub data: String,
    pub threshold: f32,
    pub epochs: usize,
    pub rate: f32,
    pub holdout: f64,
}

#[allow(dead_code)]
impl Arguments {
    /// Reads the command line, with these defaults.
    pub fn read(usage: &str, threshold: f32, epochs: usize, rate: f32) -> Arguments {
        let mut args = std::env::args().skip(1);
        let path = args.next().unwrap_or_else(|| panic!("usage: {usage}"));
        let data = std::fs::read_to_string(&path).expect("readable file");
        let threshold = args.next().map_or(threshold, |a| a.parse().expect("a number"));
        let mut num = |d: f64| args.next().map_or(d, |a| a.parse::<f64>().expect("a number"));
        let (epochs, rate, holdout) =
            (num(epochs as f64) as usize, num(f64::from(rate)) as f32, num(0.0));
        Arguments { data, threshold, epochs, rate, holdout }
    }

    /// The non-empty lines of the training file, and how many of them to train on.
    pub fn lines(&self) -> (Vec<&str>, usize) {
        let lines: Vec<&str> = self.data.lines().filter(|l| !l.trim().is_empty()).collect();
        let cut = lines.len() - (lines.len() as f64 * self.holdout) as usize;
        (lines, cut)
    }
}

/// The stages before the quote stage, as `dossier eval quotes` runs them.
pub fn analyzer() -> dossier_core::Pipeline {
    dossier_core::Pipeline::new(vec![
        Box::new(dossier_text::SentenceStage),
        Box::new(dossier_ner::EntityStage::default()),
    ])
}
