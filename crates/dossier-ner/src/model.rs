//! The trained model: hashed feature weights, tag transitions and the lexicons, with its binary
//! file format and the decoder.

use std::sync::OnceLock;

use crate::features::{mark_gazetteer, sentence_features, DocContext, DocPrior, Lexicon, TokInfo};
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
    /// its tag when `marginals` is set.
    pub(crate) fn decode_document(
        &self,
        sentences: &[Vec<&str>],
        marginals: bool,
    ) -> Vec<(Vec<TokenSpan>, Vec<f32>)> {
        let infos = self.token_infos(sentences);
        let ctx = DocContext::new(&infos);
        let mut feats = Vec::new();
        let mut offs = Vec::new();
        let last = self.layers.len().saturating_sub(1);
        let mut tags: Vec<Vec<u8>> = Vec::new();
        let mut probs: Vec<Vec<f32>> = vec![Vec::new(); infos.len()];
        for (k, layer) in self.layers.iter().enumerate() {
            let prior = (k > 0).then(|| DocPrior::new(&infos, &tags, self.scheme.parts()));
            let mut next = Vec::with_capacity(infos.len());
            for (si, s) in infos.iter().enumerate() {
                feats.clear();
                offs.clear();
                let p = prior.as_ref().map(|dp| (tags[si].as_slice(), dp));
                sentence_features(s, &ctx, p, &mut feats, &mut offs);
                let lat = self.lattice(layer, &feats, &offs);
                let t = viterbi(self.scheme, &lat, &layer.trans);
                if marginals && k == last {
                    probs[si] = posteriors(self.scheme, &lat, &layer.trans, &t);
                }
                next.push(t);
            }
            tags = next;
        }
        tags.iter().zip(probs).map(|(t, p)| (self.scheme.decode(t), p)).collect()
    }

    pub(crate) fn token_infos(&self, sentences: &[Vec<&str>]) -> Vec<Vec<TokInfo>> {
        sentences
            .iter()
            .map(|s| {
                let mut v: Vec<TokInfo> = s.iter().map(|w| TokInfo::new(w, &self.lex)).collect();
                mark_gazetteer(&mut v, &self.lex);
                v
            })
            .collect()
    }

    fn lattice(&self, layer: &Layer, feats: &[u64], offs: &[usize]) -> Lattice {
        let t = self.n_tags();
        let mask = (1u64 << self.bucket_bits) - 1;
        let mut em = vec![0f32; offs.len() * t];
        let mut start = 0;
        let mut acc = vec![0i32; t];
        for (i, &end) in offs.iter().enumerate() {
            acc.iter_mut().for_each(|a| *a = 0);
            for &h in &feats[start..end] {
                let row = (h & mask) as usize * t;
                for (a, &w) in acc.iter_mut().zip(&layer.weights[row..row + t]) {
                    *a += w as i32;
                }
            }
            for (e, &a) in em[i * t..(i + 1) * t].iter_mut().zip(&acc) {
                *e = a as f32 * layer.scale;
            }
            start = end;
        }
        Lattice { n_tags: t, em }
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

/// Best tag sequence under the scheme's constraints.
pub(crate) fn viterbi(scheme: Scheme, lat: &Lattice, trans: &[f32]) -> Vec<u8> {
    let t = lat.n_tags;
    let n = lat.em.len() / t;
    if n == 0 {
        return Vec::new();
    }
    let allowed = allowed_matrix(scheme);
    let mut score = vec![f32::NEG_INFINITY; t];
    let mut back = vec![0u8; n * t];
    for k in 0..t {
        if allowed[t * t + k] {
            score[k] = trans[t * t + k] + lat.em[k];
        }
    }
    let mut next = vec![0f32; t];
    for i in 1..n {
        for k in 0..t {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..t {
                if allowed[p * t + k] {
                    let s = score[p] + trans[p * t + k];
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
            }
            next[k] = best + lat.em[i * t + k];
            back[i * t + k] = arg as u8;
        }
        std::mem::swap(&mut score, &mut next);
    }
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0;
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

/// `log(sum(exp(x)))` over the finite values.
fn log_sum_exp(xs: &[f32]) -> f32 {
    let m = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + xs.iter().map(|x| (x - m).exp()).sum::<f32>().ln()
}

/// Posterior probability of each chosen tag (forward-backward over the scores read as
/// log-potentials).
fn posteriors(scheme: Scheme, lat: &Lattice, trans: &[f32], tags: &[u8]) -> Vec<f32> {
    let t = lat.n_tags;
    let n = tags.len();
    if n == 0 {
        return Vec::new();
    }
    let allowed = allowed_matrix(scheme);
    let em: Vec<f32> = lat.em.iter().map(|x| x / TEMPERATURE).collect();
    let tr: Vec<f32> = trans.iter().map(|x| x / TEMPERATURE).collect();
    let mut buf = vec![f32::NEG_INFINITY; t];
    let mut alpha = vec![f32::NEG_INFINITY; n * t];
    for k in 0..t {
        if allowed[t * t + k] {
            alpha[k] = tr[t * t + k] + em[k];
        }
    }
    for i in 1..n {
        for k in 0..t {
            for p in 0..t {
                buf[p] = if allowed[p * t + k] {
                    alpha[(i - 1) * t + p] + tr[p * t + k]
                } else {
                    f32::NEG_INFINITY
                };
            }
            alpha[i * t + k] = log_sum_exp(&buf) + em[i * t + k];
        }
    }
    let mut beta = vec![f32::NEG_INFINITY; n * t];
    for k in 0..t {
        if scheme.may_end(k) {
            beta[(n - 1) * t + k] = 0.0;
        }
    }
    for i in (0..n - 1).rev() {
        for p in 0..t {
            for k in 0..t {
                buf[k] = if allowed[p * t + k] {
                    tr[p * t + k] + em[(i + 1) * t + k] + beta[(i + 1) * t + k]
                } else {
                    f32::NEG_INFINITY
                };
            }
            beta[i * t + p] = log_sum_exp(&buf);
        }
    }
    for k in 0..t {
        buf[k] = alpha[(n - 1) * t + k] + beta[(n - 1) * t + k];
    }
    let z = log_sum_exp(&buf);
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
