//! The trained model: hashed feature weights, tag transitions and the lexicons, with its binary
//! file format and the decoder.

use std::sync::OnceLock;

use std::collections::HashMap;

use crate::features::{
    mark_gazetteer, sentence_features, sentence_prior_features, DocContext, DocPrior, Lexicon,
    TokInfo,
};
use crate::hash::Map64;
use crate::scheme::{spans_to_bio, Scheme, TokenSpan};
use crate::{Error, Result};

const MAGIC: &[u8; 4] = b"DNER";
const VERSION: u32 = 2;

/// The model file built by `cargo run --release -p dossier-ner --example train` (see README).
static EMBEDDED: &[u8] = include_bytes!("../model/ner.bin");

/// One pass of the tagger: quantized feature weights and tag transitions.
pub(crate) struct Layer {
    /// Dequantization factor of `weights`.
    pub scale: f32,
    /// `2^bucket_bits` rows of `n_tags` weights.
    pub weights: Vec<i16>,
    /// `(n_tags + 1) × n_tags`: row `p` holds the scores of `p → t`; the last row is the start.
    pub trans: Vec<f32>,
}

impl Layer {
    /// Quantizes float weights to 16 bits.
    pub(crate) fn quantize(w: &[f32], trans: Vec<f32>) -> Layer {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = max / 32767.0;
        Layer { scale, weights: w.iter().map(|x| (x / scale).round() as i16).collect(), trans }
    }
}

/// A trained named-entity tagger with its lexicons.
pub struct NerModel {
    pub(crate) scheme: Scheme,
    pub(crate) bucket_bits: u32,
    /// The first pass, then (optionally) a second pass that also sees the first pass's
    /// predictions over the whole document.
    pub(crate) layers: Vec<Layer>,
    pub(crate) lex: Lexicon,
    /// Free-form description of how the model was trained.
    pub(crate) info: String,
    /// Both passes' weight rows side by side (`2 × n_tags` per bucket), built on first use
    /// when there are two passes of 17 tags: the shared features read one place for both.
    pub(crate) joint: OnceLock<Vec<i16>>,
}

impl std::fmt::Debug for NerModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NerModel")
            .field("scheme", &self.scheme)
            .field("bucket_bits", &self.bucket_bits)
            .field("passes", &self.layers.len())
            .field("clusters", &self.lex.clusters.len())
            .field("gazetteer", &self.lex.gaz.len())
            .field("info", &self.info)
            .finish()
    }
}

/// Scores of one sentence: per-token emissions, `n × n_tags`.
pub(crate) struct Lattice {
    pub n_tags: usize,
    pub em: Vec<f32>,
}

impl NerModel {
    /// The model compiled into the binary, loaded once on first use.
    pub fn embedded() -> &'static NerModel {
        static MODEL: OnceLock<NerModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            NerModel::load(EMBEDDED).expect("the embedded NER model is valid (checked by tests)")
        })
    }

    /// Number of tags of the internal scheme.
    pub(crate) fn n_tags(&self) -> usize {
        self.scheme.n_tags()
    }

    /// A description of the training run recorded in the model file.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// Tags one sentence of gold tokens, returning BIO tags (`B-PER`, `I-ORG`, `O`, ...).
    pub fn tag(&self, tokens: &[&str]) -> Vec<String> {
        let spans = self.tag_document(&[tokens.to_vec()]);
        spans_to_bio(tokens.len(), &spans[0])
    }

    /// Tags the sentences of one document together (features may look at other sentences of
    /// the document) and returns the token spans of each sentence.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<TokenSpan>> {
        self.decode_document(sentences, false).into_iter().map(|(s, _)| s).collect()
    }

    /// Like [`NerModel::tag_document`], also returning each token's posterior probability of
    /// its tag when `marginals` is set (only for sentences with at least one predicted span;
    /// the others get an empty list).
    pub(crate) fn decode_document(
        &self,
        sentences: &[Vec<&str>],
        marginals: bool,
    ) -> Vec<(Vec<TokenSpan>, Vec<f32>)> {
        let infos = self.token_infos(sentences);
        let ctx = DocContext::new(&infos);
        let t = self.n_tags();
        let nl = self.layers.len();
        let last = nl.saturating_sub(1);
        let mask = (1u64 << self.bucket_bits) - 1;
        let cons = Constraints::of(self.scheme);
        let mut feats = Vec::new();
        let mut offs = Vec::new();
        // Integer emission sums of the features shared by all passes, per pass, per token
        // (integer sums do not depend on the order in which features are added).
        let n_tok: usize = infos.iter().map(Vec::len).sum();
        let mut base: Vec<Vec<i32>> = vec![vec![0i32; n_tok * t]; nl];
        let joint = (nl == 2 && t == 17).then(|| {
            self.joint.get_or_init(|| {
                let (w0, w1) = (&self.layers[0].weights, &self.layers[1].weights);
                let mut j = Vec::with_capacity(w0.len() * 2);
                for (r0, r1) in w0.chunks_exact(t).zip(w1.chunks_exact(t)) {
                    j.extend_from_slice(r0);
                    j.extend_from_slice(r1);
                }
                j
            })
        });
        let mut first = 0;
        for s in &infos {
            feats.clear();
            offs.clear();
            sentence_features(s, &ctx, None, &mut feats, &mut offs);
            let mut start = 0;
            for (i, &end) in offs.iter().enumerate() {
                let tok = (first + i) * t;
                match (joint, base.as_mut_slice()) {
                    (Some(j), [a0, a1]) => accumulate_joint(
                        &mut a0[tok..tok + t],
                        &mut a1[tok..tok + t],
                        j,
                        &feats[start..end],
                        mask,
                    ),
                    _ => {
                        for (layer, acc) in self.layers.iter().zip(base.iter_mut()) {
                            let acc = &mut acc[tok..tok + t];
                            accumulate(acc, &layer.weights, &feats[start..end], mask, t);
                        }
                    }
                }
                start = end;
            }
            first += s.len();
        }
        let mut scratch = Scratch::default();
        let mut em: Vec<f32> = Vec::new();
        let mut acc: Vec<i32> = Vec::new();
        let mut tags: Vec<Vec<u8>> = Vec::new();
        let mut probs: Vec<Vec<f32>> = vec![Vec::new(); infos.len()];
        for (k, layer) in self.layers.iter().enumerate() {
            let prior = (k > 0).then(|| DocPrior::new(&infos, &tags, self.scheme.parts()));
            let mut next = Vec::with_capacity(infos.len());
            let mut first = 0;
            for (si, s) in infos.iter().enumerate() {
                let n = s.len();
                acc.clear();
                acc.extend_from_slice(&base[k][first * t..(first + n) * t]);
                if let Some(dp) = &prior {
                    feats.clear();
                    offs.clear();
                    sentence_prior_features(s, &tags[si], dp, &mut feats, &mut offs);
                    let mut start = 0;
                    for (i, &end) in offs.iter().enumerate() {
                        let row = &mut acc[i * t..(i + 1) * t];
                        accumulate(row, &layer.weights, &feats[start..end], mask, t);
                        start = end;
                    }
                }
                em.clear();
                em.extend(acc.iter().map(|&a| a as f32 * layer.scale));
                let tg = viterbi_with(cons, &em, &layer.trans, &mut scratch);
                if marginals && k == last && tg.iter().any(|&x| x != 0) {
                    probs[si] = posteriors_with(cons, &em, &layer.trans, &tg, &mut scratch);
                }
                next.push(tg);
                first += n;
            }
            tags = next;
        }
        tags.iter().zip(probs).map(|(t, p)| (self.scheme.decode(t), p)).collect()
    }

    /// Token information for every sentence (computed once per distinct word form).
    pub(crate) fn token_infos(&self, sentences: &[Vec<&str>]) -> Vec<Vec<TokInfo>> {
        let mut seen: HashMap<&str, TokInfo> = HashMap::new();
        sentences
            .iter()
            .map(|s| {
                let mut v: Vec<TokInfo> = s
                    .iter()
                    .map(|w| seen.entry(w).or_insert_with(|| TokInfo::new(w, &self.lex)).clone())
                    .collect();
                mark_gazetteer(&mut v, &self.lex);
                v
            })
            .collect()
    }

    /// Parses a model file.
    pub fn load(bytes: &[u8]) -> Result<NerModel> {
        let mut r = Reader { b: bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(Error::BadModel("not a Dossier NER model (bad magic)".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(Error::BadModel(format!(
                "model format {version}, this build reads {VERSION}"
            )));
        }
        let scheme = Scheme::from_code(r.u8()?)
            .ok_or_else(|| Error::BadModel("unknown tag scheme".into()))?;
        let bucket_bits = r.u32()?;
        if !(8..=28).contains(&bucket_bits) {
            return Err(Error::BadModel(format!("bad bucket count 2^{bucket_bits}")));
        }
        let t = scheme.n_tags();
        let nw = (1usize << bucket_bits) * t;
        let n_layers = r.u8()?;
        if !(1..=2).contains(&n_layers) {
            return Err(Error::BadModel(format!("{n_layers} passes (1 or 2 expected)")));
        }
        let mut layers = Vec::new();
        for _ in 0..n_layers {
            let scale = r.f32()?;
            let weights: Vec<i16> =
                r.take(nw * 2)?.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
            let trans: Vec<f32> = (0..(t + 1) * t).map(|_| r.f32()).collect::<Result<_>>()?;
            layers.push(Layer { scale, weights, trans });
        }
        let clusters = r.map(|r| r.u32())?;
        let zipf = r.map(|r| r.u8())?;
        let gaz = r.map(|r| r.u32())?;
        let max_gaz_len = r.u32()? as usize;
        let info_len = r.u32()? as usize;
        let info = String::from_utf8_lossy(r.take(info_len)?).into_owned();
        Ok(NerModel {
            scheme,
            bucket_bits,
            layers,
            lex: Lexicon { clusters, zipf, gaz, max_gaz_len },
            info,
            joint: OnceLock::new(),
        })
    }

    /// Serializes the model.
    pub fn save(&self) -> Vec<u8> {
        let nw: usize = self.layers.iter().map(|l| l.weights.len()).sum();
        let mut out = Vec::with_capacity(nw * 2 + (1 << 20));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(self.scheme.code());
        out.extend_from_slice(&self.bucket_bits.to_le_bytes());
        out.push(self.layers.len() as u8);
        for layer in &self.layers {
            out.extend_from_slice(&layer.scale.to_le_bytes());
            for w in &layer.weights {
                out.extend_from_slice(&w.to_le_bytes());
            }
            for x in &layer.trans {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        write_map(&mut out, &self.lex.clusters, |o, v| o.extend_from_slice(&v.to_le_bytes()));
        write_map(&mut out, &self.lex.zipf, |o, v| o.push(*v));
        write_map(&mut out, &self.lex.gaz, |o, v| o.extend_from_slice(&v.to_le_bytes()));
        out.extend_from_slice(&(self.lex.max_gaz_len as u32).to_le_bytes());
        out.extend_from_slice(&(self.info.len() as u32).to_le_bytes());
        out.extend_from_slice(self.info.as_bytes());
        out
    }
}

/// Maps are written sorted by key, so a model file is byte-for-byte reproducible.
fn write_map<V>(out: &mut Vec<u8>, m: &Map64<V>, mut val: impl FnMut(&mut Vec<u8>, &V)) {
    let mut keys: Vec<&u64> = m.keys().collect();
    keys.sort_unstable();
    out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    for k in &keys {
        out.extend_from_slice(&k.to_le_bytes());
    }
    for k in keys {
        val(out, &m[k]);
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| Error::BadModel("model file is truncated".into()))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn map<V>(&mut self, mut val: impl FnMut(&mut Self) -> Result<V>) -> Result<Map64<V>> {
        let n = self.u32()? as usize;
        let keys: Vec<u64> = self
            .take(n.checked_mul(8).ok_or_else(|| Error::BadModel("bad map size".into()))?)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        let mut m = Map64::with_capacity_and_hasher(n, Default::default());
        for k in keys {
            m.insert(k, val(self)?);
        }
        Ok(m)
    }
}

/// Adds the weight rows of `feats` to `acc` (`t` tags per row).
#[inline]
fn accumulate(acc: &mut [i32], weights: &[i16], feats: &[u64], mask: u64, t: usize) {
    if t == 17 {
        let out: &mut [i32; 17] = match acc.try_into() {
            Ok(a) => a,
            Err(_) => return accumulate_any(acc, weights, feats, mask, t),
        };
        // A local copy stays in registers.
        let mut acc = *out;
        for &h in feats {
            let row = (h & mask) as usize * 17;
            let w: &[i16; 17] = match weights[row..row + 17].try_into() {
                Ok(w) => w,
                Err(_) => continue,
            };
            let (a16, a1) = acc.split_at_mut(16);
            let (w16, w1) = w.split_at(16);
            for (a, &x) in a16.iter_mut().zip(w16) {
                *a += x as i32;
            }
            a1[0] += w1[0] as i32;
        }
        *out = acc;
    } else {
        accumulate_any(acc, weights, feats, mask, t);
    }
}

/// [`accumulate`] for two passes of 17 tags at once, from the side-by-side rows.
#[inline]
fn accumulate_joint(a0: &mut [i32], a1: &mut [i32], joint: &[i16], feats: &[u64], mask: u64) {
    let (Ok(o0), Ok(o1)) = (<&mut [i32; 17]>::try_from(a0), <&mut [i32; 17]>::try_from(a1)) else {
        return;
    };
    let (mut x0, mut x1) = (*o0, *o1);
    for &h in feats {
        let row = (h & mask) as usize * 34;
        let Some(w) = joint.get(row..row + 34) else { continue };
        let (w0, w1) = w.split_at(17);
        for (a, &x) in x0.iter_mut().zip(w0) {
            *a += x as i32;
        }
        for (a, &x) in x1.iter_mut().zip(w1) {
            *a += x as i32;
        }
    }
    *o0 = x0;
    *o1 = x1;
}

fn accumulate_any(acc: &mut [i32], weights: &[i16], feats: &[u64], mask: u64, t: usize) {
    for &h in feats {
        let row = (h & mask) as usize * t;
        for (a, &w) in acc.iter_mut().zip(&weights[row..row + t]) {
            *a += w as i32;
        }
    }
}

/// Most tags of any scheme (a multiple of 8: the lanes of the Viterbi loop vectorize well).
const MAX_TAGS: usize = 24;

/// The transition constraints of a scheme as adjacency lists.
pub(crate) struct Constraints {
    t: usize,
    /// For each tag, the tags that may precede it.
    pred: Vec<Vec<usize>>,
    /// For each tag, the tags that may follow it.
    succ: Vec<Vec<usize>>,
    /// Tags that may start a sentence.
    start: Vec<bool>,
    /// Tags that may end a sentence.
    end: Vec<bool>,
    /// `pred` flattened: `pred_flat[pred_at[k]..pred_at[k + 1]]` are the predecessors of `k`.
    pred_flat: Vec<usize>,
    pred_at: Vec<usize>,
    /// `succ` flattened the same way.
    succ_flat: Vec<usize>,
    succ_at: Vec<usize>,
}

impl Constraints {
    fn new(scheme: Scheme) -> Constraints {
        let t = scheme.n_tags();
        assert!(t <= MAX_TAGS);
        let allowed = allowed_matrix(scheme);
        let pred: Vec<Vec<usize>> =
            (0..t).map(|k| (0..t).filter(|&p| allowed[p * t + k]).collect()).collect();
        let succ: Vec<Vec<usize>> =
            (0..t).map(|p| (0..t).filter(|&k| allowed[p * t + k]).collect()).collect();
        let flat = |lists: &[Vec<usize>]| {
            let mut at = vec![0];
            let mut v = Vec::new();
            for l in lists {
                v.extend_from_slice(l);
                at.push(v.len());
            }
            (v, at)
        };
        let (pred_flat, pred_at) = flat(&pred);
        let (succ_flat, succ_at) = flat(&succ);
        Constraints {
            t,
            pred,
            succ,
            start: (0..t).map(|k| allowed[t * t + k]).collect(),
            end: (0..t).map(|k| scheme.may_end(k)).collect(),
            pred_flat,
            pred_at,
            succ_flat,
            succ_at,
        }
    }

    /// `trans[p * t + k]` for every allowed `p → k`, in the order of `pred_flat`, each scaled by
    /// `f`.
    fn pred_trans(&self, trans: &[f32], f: impl Fn(f32) -> f32, out: &mut Vec<f32>) {
        out.clear();
        for k in 0..self.t {
            for &p in &self.pred[k] {
                out.push(f(trans[p * self.t + k]));
            }
        }
    }

    /// `trans[p * t + k]` for every allowed `p → k`, in the order of `succ_flat`, each scaled by
    /// `f`.
    fn succ_trans(&self, trans: &[f32], f: impl Fn(f32) -> f32, out: &mut Vec<f32>) {
        out.clear();
        for p in 0..self.t {
            for &k in &self.succ[p] {
                out.push(f(trans[p * self.t + k]));
            }
        }
    }

    /// The constraints of `scheme`, built once.
    pub(crate) fn of(scheme: Scheme) -> &'static Constraints {
        static BIO: OnceLock<Constraints> = OnceLock::new();
        static BILOU: OnceLock<Constraints> = OnceLock::new();
        match scheme {
            Scheme::Bio => BIO.get_or_init(|| Constraints::new(scheme)),
            Scheme::Bilou => BILOU.get_or_init(|| Constraints::new(scheme)),
        }
    }
}

/// Reusable buffers of the decoders.
#[derive(Default)]
pub(crate) struct Scratch {
    back: Vec<u8>,
    em: Vec<f32>,
    tr: Vec<f32>,
    alpha: Vec<f32>,
    beta: Vec<f32>,
    /// Transition scores in the order of the flattened constraint lists.
    tp: Vec<f32>,
    ts: Vec<f32>,
}

/// Best tag sequence under the scheme's constraints.
pub(crate) fn viterbi(scheme: Scheme, lat: &Lattice, trans: &[f32]) -> Vec<u8> {
    debug_assert_eq!(lat.n_tags, scheme.n_tags());
    viterbi_with(Constraints::of(scheme), &lat.em, trans, &mut Scratch::default())
}

/// Viterbi over emissions `em` (`n × t`).
fn viterbi_with(c: &Constraints, em: &[f32], trans: &[f32], sc: &mut Scratch) -> Vec<u8> {
    let t = c.t;
    let n = em.len() / t;
    if n == 0 {
        return Vec::new();
    }
    // Transitions `p → k` as rows of `MAX_TAGS` lanes, minus infinity where not allowed: a
    // disallowed `p` then never beats the best score (strictly greater), so the result is
    // the same as looking at allowed predecessors only, and the loop over lanes vectorizes.
    let mut tm = [[f32::NEG_INFINITY; MAX_TAGS]; MAX_TAGS];
    for (p, row) in tm.iter_mut().enumerate().take(t) {
        for &k in &c.succ[p] {
            row[k] = trans[p * t + k];
        }
    }
    let back = &mut sc.back;
    back.clear();
    back.resize(n * t, 0);
    let mut score = [f32::NEG_INFINITY; MAX_TAGS];
    for k in 0..t {
        if c.start[k] {
            score[k] = trans[t * t + k] + em[k];
        }
    }
    for i in 1..n {
        let mut best = [f32::NEG_INFINITY; MAX_TAGS];
        let mut arg = [0u32; MAX_TAGS];
        for (p, row) in tm.iter().enumerate().take(t) {
            let sp = score[p];
            for ((b, a), &tr) in best.iter_mut().zip(arg.iter_mut()).zip(row) {
                let s = sp + tr;
                // Branch-free select (`if s > b { s } else { b }`), so the lanes vectorize.
                let m = u32::from(s > *b).wrapping_neg();
                *b = f32::from_bits((s.to_bits() & m) | (b.to_bits() & !m));
                *a = (p as u32 & m) | (*a & !m);
            }
        }
        let row = &em[i * t..(i + 1) * t];
        for (k, &e) in row.iter().enumerate() {
            score[k] = best[k] + e;
        }
        for (b, &a) in back[i * t..(i + 1) * t].iter_mut().zip(&arg) {
            *b = a as u8;
        }
    }
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0;
    for (k, &s) in score[..t].iter().enumerate() {
        if c.end[k] && s > best {
            best = s;
            arg = k;
        }
    }
    let mut tags = vec![0u8; n];
    tags[n - 1] = arg as u8;
    for i in (1..n).rev() {
        tags[i - 1] = back[i * t + tags[i] as usize];
    }
    tags
}

/// `(t + 1) × t` table of allowed transitions (last row: from the start).
pub(crate) fn allowed_matrix(scheme: Scheme) -> Vec<bool> {
    let t = scheme.n_tags();
    let mut m = vec![false; (t + 1) * t];
    for p in 0..=t {
        for k in 0..t {
            m[p * t + k] = scheme.allowed(if p == t { None } else { Some(p) }, k);
        }
    }
    m
}

/// Perceptron scores are margins, not log-probabilities: they are divided by this before
/// the forward-backward pass so that posteriors are not all 0 or 1.
const TEMPERATURE: f32 = 6.0;

/// `log(sum(exp(x)))` over the values `f(0..len)`, computed exactly as over all tags with the
/// disallowed ones set to minus infinity (their `exp` is 0 and adding 0 changes no sum; the
/// maximum's `exp(0)` is exactly 1).
#[inline]
fn log_sum_exp_n(len: usize, f: impl Fn(usize) -> f32) -> f32 {
    let mut buf = [0f32; 32];
    let len = len.min(32);
    let mut m = f32::NEG_INFINITY;
    for (j, b) in buf[..len].iter_mut().enumerate() {
        *b = f(j);
        m = m.max(*b);
    }
    if m == f32::NEG_INFINITY {
        return m;
    }
    let mut sum = -0.0f32;
    for &x in &buf[..len] {
        if x == m {
            sum += 1.0;
        } else if x != f32::NEG_INFINITY {
            sum += (x - m).exp();
        }
    }
    m + sum.ln()
}

/// Posterior probability of each chosen tag (forward-backward over the scores read as
/// log-potentials). The backward pass stops at the first token of a predicted span: only
/// the probabilities of tokens inside spans are meaningful (the others are 0).
fn posteriors_with(
    c: &Constraints,
    em_raw: &[f32],
    trans: &[f32],
    tags: &[u8],
    sc: &mut Scratch,
) -> Vec<f32> {
    let t = c.t;
    let n = tags.len();
    if n == 0 {
        return Vec::new();
    }
    let first = tags.iter().position(|&x| x != 0).unwrap_or(n - 1);
    let em = &mut sc.em;
    em.clear();
    em.extend(em_raw.iter().map(|x| x / TEMPERATURE));
    let tr = &mut sc.tr;
    tr.clear();
    tr.extend(trans.iter().map(|x| x / TEMPERATURE));
    c.pred_trans(trans, |x| x / TEMPERATURE, &mut sc.tp);
    c.succ_trans(trans, |x| x / TEMPERATURE, &mut sc.ts);
    let (tp, ts) = (&sc.tp, &sc.ts);
    let alpha = &mut sc.alpha;
    alpha.clear();
    alpha.resize(n * t, f32::NEG_INFINITY);
    for k in 0..t {
        if c.start[k] {
            alpha[k] = tr[t * t + k] + em[k];
        }
    }
    for i in 1..n {
        let (prev, cur) = alpha.split_at_mut(i * t);
        let prev = &prev[(i - 1) * t..];
        for k in 0..t {
            let (a, b) = (c.pred_at[k], c.pred_at[k + 1]);
            let (ps, ts) = (&c.pred_flat[a..b], &tp[a..b]);
            cur[k] = log_sum_exp_n(b - a, |j| prev[ps[j]] + ts[j]) + em[i * t + k];
        }
    }
    let beta = &mut sc.beta;
    beta.clear();
    beta.resize(n * t, f32::NEG_INFINITY);
    for k in 0..t {
        if c.end[k] {
            beta[(n - 1) * t + k] = 0.0;
        }
    }
    for i in (first..n - 1).rev() {
        let (cur, nextb) = beta.split_at_mut((i + 1) * t);
        let nextb = &nextb[..t];
        let emn = &em[(i + 1) * t..(i + 2) * t];
        for p in 0..t {
            let (a, b) = (c.succ_at[p], c.succ_at[p + 1]);
            let (ks, ts) = (&c.succ_flat[a..b], &ts[a..b]);
            cur[i * t + p] = log_sum_exp_n(b - a, |j| ts[j] + emn[ks[j]] + nextb[ks[j]]);
        }
    }
    let z = log_sum_exp_n(t, |k| alpha[(n - 1) * t + k] + beta[(n - 1) * t + k]);
    (0..n)
        .map(|i| {
            if i < first {
                return 0.0;
            }
            let k = tags[i] as usize;
            let p = (alpha[i * t + k] + beta[i * t + k] - z).exp();
            if p.is_finite() {
                p.clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward decoders the fast ones replaced (all tags, full matrices).
    fn viterbi_ref(scheme: Scheme, em: &[f32], trans: &[f32]) -> Vec<u8> {
        let t = scheme.n_tags();
        let n = em.len() / t;
        let allowed = allowed_matrix(scheme);
        let mut score = vec![f32::NEG_INFINITY; t];
        let mut back = vec![0u8; n * t];
        for k in 0..t {
            if allowed[t * t + k] {
                score[k] = trans[t * t + k] + em[k];
            }
        }
        for i in 1..n {
            let mut next = vec![0f32; t];
            for k in 0..t {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for p in 0..t {
                    if allowed[p * t + k] && score[p] + trans[p * t + k] > best {
                        best = score[p] + trans[p * t + k];
                        arg = p;
                    }
                }
                next[k] = best + em[i * t + k];
                back[i * t + k] = arg as u8;
            }
            score = next;
        }
        let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
        for (k, &s) in score.iter().enumerate() {
            if scheme.may_end(k) && s > best {
                best = s;
                arg = k;
            }
        }
        let mut tags = vec![0u8; n];
        tags[n - 1] = arg as u8;
        for i in (1..n).rev() {
            tags[i - 1] = back[i * t + tags[i] as usize];
        }
        tags
    }

    fn lse_ref(xs: &[f32]) -> f32 {
        let m = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if m == f32::NEG_INFINITY {
            return m;
        }
        m + xs.iter().map(|x| (x - m).exp()).sum::<f32>().ln()
    }

    fn posteriors_ref(scheme: Scheme, em: &[f32], trans: &[f32], tags: &[u8]) -> Vec<f32> {
        let t = scheme.n_tags();
        let n = tags.len();
        let allowed = allowed_matrix(scheme);
        let em: Vec<f32> = em.iter().map(|x| x / TEMPERATURE).collect();
        let tr: Vec<f32> = trans.iter().map(|x| x / TEMPERATURE).collect();
        let ninf = f32::NEG_INFINITY;
        let mut alpha = vec![ninf; n * t];
        for k in 0..t {
            if allowed[t * t + k] {
                alpha[k] = tr[t * t + k] + em[k];
            }
        }
        for i in 1..n {
            for k in 0..t {
                let buf: Vec<f32> = (0..t)
                    .map(|p| {
                        if allowed[p * t + k] {
                            alpha[(i - 1) * t + p] + tr[p * t + k]
                        } else {
                            ninf
                        }
                    })
                    .collect();
                alpha[i * t + k] = lse_ref(&buf) + em[i * t + k];
            }
        }
        let mut beta = vec![ninf; n * t];
        for k in 0..t {
            if scheme.may_end(k) {
                beta[(n - 1) * t + k] = 0.0;
            }
        }
        for i in (0..n - 1).rev() {
            for p in 0..t {
                let buf: Vec<f32> = (0..t)
                    .map(|k| {
                        if allowed[p * t + k] {
                            tr[p * t + k] + em[(i + 1) * t + k] + beta[(i + 1) * t + k]
                        } else {
                            ninf
                        }
                    })
                    .collect();
                beta[i * t + p] = lse_ref(&buf);
            }
        }
        let last: Vec<f32> =
            (0..t).map(|k| alpha[(n - 1) * t + k] + beta[(n - 1) * t + k]).collect();
        let z = lse_ref(&last);
        (0..n)
            .map(|i| {
                let k = tags[i] as usize;
                let p = (alpha[i * t + k] + beta[i * t + k] - z).exp();
                if p.is_finite() {
                    p.clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect()
    }

    #[test]
    fn fast_decoders_match_the_reference_bit_for_bit() {
        let mut state = 0x1234_5678_9abc_def1u64;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 40.0
        };
        for scheme in [Scheme::Bilou, Scheme::Bio] {
            let t = scheme.n_tags();
            let c = Constraints::of(scheme);
            let mut sc = Scratch::default();
            for round in 0..300 {
                let n = 1 + round % 37;
                let trans: Vec<f32> = (0..(t + 1) * t).map(|_| rnd()).collect();
                let em: Vec<f32> = (0..n * t).map(|_| rnd()).collect();
                let tags = viterbi_with(c, &em, &trans, &mut sc);
                assert_eq!(tags, viterbi_ref(scheme, &em, &trans), "{scheme:?} round {round}");
                if tags.iter().any(|&x| x != 0) {
                    let fast = posteriors_with(c, &em, &trans, &tags, &mut sc);
                    let slow = posteriors_ref(scheme, &em, &trans, &tags);
                    let first = tags.iter().position(|&x| x != 0).unwrap_or(0);
                    let bits =
                        |v: &[f32]| v[first..].iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&fast), bits(&slow), "{scheme:?} round {round}");
                }
            }
        }
    }
}
