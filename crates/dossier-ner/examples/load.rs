//! Prints how long the embedded model takes to load: `cargo run --release -p dossier-ner --example load`.

fn main() {
    let t = std::time::Instant::now();
    let model = dossier_ner::NerModel::embedded();
    println!("loaded in {:.1} ms: {}", t.elapsed().as_secs_f64() * 1000.0, model.info());
}
