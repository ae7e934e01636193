//! Word clusters induced from unlabelled text: each frequent word gets a vector of its left and
//! right neighbours (positive PMI, L2-normalized), and spherical k-means groups the vectors at
//! several granularities. A cheap stand-in for Brown clusters, deterministic for a fixed seed.

use std::collections::HashMap;

/// Options of [`induce`].
#[derive(Debug, Clone)]
pub(crate) struct ClusterOptions {
    /// Numbers of clusters, coarse to fine (at most three, each below 1023).
    pub ks: Vec<usize>,
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// How many of the most frequent words serve as context features.
    pub n_context: usize,
    pub iterations: usize,
    pub seed: u64,
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Clusters for every word seen at least `min_count` times: `(word, [id per granularity])`.
pub(crate) fn induce(sentences: &[Vec<String>], opts: &ClusterOptions) -> Vec<(String, Vec<u16>)> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for s in sentences {
        for w in s {
            *counts.entry(w.as_str()).or_insert(0) += 1;
        }
    }
    let mut vocab: Vec<(&str, u32)> = counts
        .iter()
        .filter(|(_, &c)| c as usize >= opts.min_count)
        .map(|(w, c)| (*w, *c))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let index: HashMap<&str, u32> =
        vocab.iter().enumerate().map(|(i, (w, _))| (*w, i as u32)).collect();
    let nctx = opts.n_context.min(vocab.len());
    // Context ids: 0..nctx the frequent words, nctx = other word, nctx + 1 = boundary.
    let side = nctx + 2;
    let dim = 2 * side;
    let ctx_of = |w: Option<&String>| -> usize {
        match w {
            None => nctx + 1,
            Some(w) => match index.get(w.as_str()) {
                Some(&i) if (i as usize) < nctx => i as usize,
                _ => nctx,
            },
        }
    };
    let mut cooc: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for s in sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&v) = index.get(w.as_str()) else { continue };
            let left = ctx_of(if i > 0 { s.get(i - 1) } else { None });
            let right = side + ctx_of(s.get(i + 1));
            let row = &mut cooc[v as usize];
            *row.entry(left as u32).or_insert(0.0) += 1.0;
            *row.entry(right as u32).or_insert(0.0) += 1.0;
        }
    }
    // Sorted rows, so every float sum below runs in the same order on every run.
    let cooc: Vec<Vec<(u32, f32)>> = cooc
        .into_iter()
        .map(|row| {
            let mut v: Vec<(u32, f32)> = row.into_iter().collect();
            v.sort_unstable_by_key(|e| e.0);
            v
        })
        .collect();
    // Positive PMI with context-distribution smoothing (exponent 0.75).
    let mut col = vec![0f64; dim];
    let mut total = 0f64;
    for row in &cooc {
        for &(c, x) in row {
            col[c as usize] += x as f64;
            total += x as f64;
        }
    }
    let col_s: Vec<f64> = col.iter().map(|c| c.powf(0.75)).collect();
    let col_total: f64 = col_s.iter().sum();
    let vectors: Vec<Vec<(u32, f32)>> = cooc
        .iter()
        .map(|row| {
            let rs: f64 = row.iter().map(|&(_, x)| x as f64).sum();
            let mut v: Vec<(u32, f32)> = row
                .iter()
                .filter_map(|&(c, x)| {
                    let pmi = ((x as f64 / rs) / (col_s[c as usize] / col_total)).ln();
                    (pmi > 0.0).then_some((c, pmi as f32))
                })
                .collect();
            v.sort_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|e| e.1 /= norm);
            v
        })
        .collect();
    let _ = total;
    let mut ids = vec![Vec::new(); vocab.len()];
    for (g, &k) in opts.ks.iter().enumerate() {
        let assign = kmeans(&vectors, dim, k.min(vectors.len().max(1)), opts, g as u64);
        for (w, a) in assign.into_iter().enumerate() {
            ids[w].push(a as u16);
        }
    }
    vocab.iter().zip(ids).map(|((w, _), ids)| (w.to_string(), ids)).collect()
}

/// Spherical k-means; centroids stored dimension-major so scoring a sparse vector is a sum of
/// contiguous rows.
fn kmeans(
    vectors: &[Vec<(u32, f32)>],
    dim: usize,
    k: usize,
    opts: &ClusterOptions,
    salt: u64,
) -> Vec<usize> {
    let n = vectors.len();
    if n == 0 || k == 0 {
        return vec![0; n];
    }
    let mut rng =
        Rng(opts.seed ^ 0x9e37_79b9_7f4a_7c15 ^ (salt + 1).wrapping_mul(0x1234_5678_9abc_def1));
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut cent = vec![0f32; dim * k];
    for (c, &w) in order.iter().take(k).enumerate() {
        for &(d, x) in &vectors[w] {
            cent[d as usize * k + c] = x;
        }
    }
    let mut assign = vec![usize::MAX; n];
    let mut scores = vec![0f32; k];
    for _ in 0..opts.iterations {
        let mut changed = 0;
        for (w, v) in vectors.iter().enumerate() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &(d, x) in v {
                let row = &cent[d as usize * k..(d as usize + 1) * k];
                for (s, &c) in scores.iter_mut().zip(row) {
                    *s += x * c;
                }
            }
            let mut best = 0;
            for c in 1..k {
                if scores[c] > scores[best] {
                    best = c;
                }
            }
            if assign[w] != best {
                changed += 1;
                assign[w] = best;
            }
        }
        let mut next = vec![0f32; dim * k];
        let mut size = vec![0usize; k];
        for (w, v) in vectors.iter().enumerate() {
            size[assign[w]] += 1;
            for &(d, x) in v {
                next[d as usize * k + assign[w]] += x;
            }
        }
        for c in 0..k {
            if size[c] == 0 {
                for d in 0..dim {
                    next[d * k + c] = cent[d * k + c];
                }
                continue;
            }
            let norm = (0..dim).map(|d| next[d * k + c].powi(2)).sum::<f32>().sqrt().max(1e-9);
            for d in 0..dim {
                next[d * k + c] /= norm;
            }
        }
        cent = next;
        if changed == 0 {
            break;
        }
    }
    assign
}
