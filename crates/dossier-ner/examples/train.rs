//! Trains the NER model (until `dossier train ner` exists).
//!
//! ```text
//! cargo run --release -p dossier-ner --example train -- \
//!     --data ../shared/data/ner/conll2003/train.bio --dev ../shared/data/ner/conll2003/dev.bio \
//!     --shared ../shared/data --out crates/dossier-ner/model/ner.bin
//! ```
//!
//! `--shared DIR` turns on the gazetteer (`DIR/gazetteer`), word frequencies
//! (`DIR/lexicon/wordfreq_en.tsv.gz`) and clusters from unlabelled text (`--unlabelled FILE`,
//! repeatable). Other flags: `--epochs N`, `--bits N`, `--scheme bio|bilou`, `--clusters 64,256,1000`
//! (`none` to turn off), `--no-gazetteer`, `--no-wordfreq`, `--lowercase SHARE`, `--uppercase SHARE`.

use std::path::PathBuf;

use dossier_ner::{train, Scheme, TrainOptions};

fn main() -> anyhow::Result<()> {
    let mut data = Vec::new();
    let mut dev = None;
    let mut out = PathBuf::from("crates/dossier-ner/model/ner.bin");
    let mut shared: Option<PathBuf> = None;
    let mut opts = TrainOptions::default();
    let (mut gazetteer, mut wordfreq) = (true, true);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| anyhow::anyhow!("{a} needs a value"));
        match a.as_str() {
            "--data" => data.push(PathBuf::from(val()?)),
            "--dev" => dev = Some(PathBuf::from(val()?)),
            "--out" => out = PathBuf::from(val()?),
            "--shared" => shared = Some(PathBuf::from(val()?)),
            "--unlabelled" => opts.unlabelled.push(PathBuf::from(val()?)),
            "--epochs" => opts.epochs = val()?.parse()?,
            "--bits" => opts.bucket_bits = val()?.parse()?,
            "--seed" => opts.seed = val()?.parse()?,
            "--lowercase" => opts.lowercase_share = val()?.parse()?,
            "--uppercase" => opts.uppercase_share = val()?.parse()?,
            "--min-count" => opts.cluster_min_count = val()?.parse()?,
            "--scheme" => {
                opts.scheme = match val()?.as_str() {
                    "bio" => Scheme::Bio,
                    "bilou" => Scheme::Bilou,
                    s => anyhow::bail!("unknown scheme {s:?} (bio or bilou)"),
                }
            }
            "--clusters" => {
                let v = val()?;
                opts.clusters = if v == "none" {
                    Vec::new()
                } else {
                    v.split(',').map(|k| k.parse()).collect::<Result<_, _>>()?
                };
            }
            "--no-gazetteer" => gazetteer = false,
            "--no-wordfreq" => wordfreq = false,
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    if data.is_empty() {
        anyhow::bail!(
            "usage: train --data FILE.bio [--data ...] [--dev FILE.bio] [--shared DIR] --out FILE"
        );
    }
    if let Some(s) = &shared {
        if gazetteer {
            opts.gazetteer_dir = Some(s.join("gazetteer"));
        }
        if wordfreq {
            opts.wordfreq = Some(s.join("lexicon/wordfreq_en.tsv.gz"));
        }
    }
    let summary = train(&data, dev.as_deref(), &out, &opts)?;
    println!("{summary:#?}");
    Ok(())
}
