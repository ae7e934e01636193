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
/// gap from the previous printed weight's index, from -1).
pub fn print_weights(w: &[f32], min_weight: i32) {
    let mut last: i64 = -1;
    for (k, &x) in w.iter().enumerate() {
        let milli = (x * 1000.0).round() as i32;
        if milli.abs() >= min_weight {
            println!("{}\t{milli}", k as i64 - last);
            last = k as i64;
        }
    }
}
