//! Time to open the embedded gazetteer index (first use) and to run a first lookup.
//!
//!     cargo run --release -p dossier-geo --example load_time

use std::time::Instant;

use dossier_geo::Gazetteer;

fn main() {
    let t = Instant::now();
    let gaz = Gazetteer::embedded();
    let load = t.elapsed();
    let t = Instant::now();
    let hits = gaz.lookup("Springfield").len();
    let first = t.elapsed();
    println!(
        "embedded index: {} entries opened in {:.2} ms; first lookup ({hits} hits) {:.1} µs",
        gaz.len(),
        load.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e6
    );
}
