//! Runs the temporal evaluation until the CLI has `dossier eval time`:
//! `cargo run --release -p dossier-eval --example time_eval -- FILE...`
fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: time_eval FILE.jsonl...");
        std::process::exit(2);
    }
    for f in files {
        let report = dossier_eval::evaluate("time", std::path::Path::new(&f))?;
        println!("{}\n{}", report.file, report.table);
        for (k, v) in &report.metrics {
            println!("  {k} = {v:.4}");
        }
    }
    Ok(())
}
