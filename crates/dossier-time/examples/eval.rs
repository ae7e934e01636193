//! Development runner for the temporal evaluation that does not build the rest of the
//! evaluation harness (handy while other crates are mid-change):
//! `cargo run --release -p dossier-time --example eval -- FILE...`
//!
//! It compiles `dossier-eval`'s `time.rs` against a minimal stand-in for the harness's
//! `Report`/`Prf`; the figures are the same as `dossier eval time FILE`.

#[path = "../../dossier-eval/src/time.rs"]
mod time;

use std::collections::BTreeMap;

/// Stand-in for `dossier_eval::Report`.
pub struct Report {
    pub file: String,
    pub metrics: BTreeMap<String, f64>,
    pub table: String,
}

impl Report {
    pub fn new(_task: &str, file: &str) -> Self {
        Report { file: file.into(), metrics: BTreeMap::new(), table: String::new() }
    }
    pub fn add_prf(&mut self, prefix: &str, prf: &Prf) {
        self.metrics.insert(format!("{prefix}.precision"), prf.precision());
        self.metrics.insert(format!("{prefix}.recall"), prf.recall());
        self.metrics.insert(format!("{prefix}.f1"), prf.f1());
    }
    pub fn add_prf_row(&mut self, name: &str, prf: &Prf) {
        self.table.push_str(&format!(
            "{name:<24} {:>7.2} {:>7.2} {:>7.2} {:>8}\n",
            100.0 * prf.precision(),
            100.0 * prf.recall(),
            100.0 * prf.f1(),
            prf.tp + prf.fn_
        ));
    }
}

/// Stand-in for `dossier_eval::Prf`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 {
            0.0
        } else {
            a as f64 / b as f64
        }
    }
    pub fn precision(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: eval FILE.jsonl...");
        std::process::exit(2);
    }
    for f in files {
        let report = time::evaluate(std::path::Path::new(&f))?;
        println!("{}\n{}", report.file, report.table);
        for (k, v) in &report.metrics {
            println!("  {k} = {v:.4}");
        }
    }
    Ok(())
}
