//! Build the embedded gazetteer index:
//! `cargo run --release -p dossier-geo --example build_gazetteer -- ../shared/data/gazetteer crates/dossier-geo/data/gazetteer.bin`

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(src), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: build_gazetteer SHARED_GAZETTEER_DIR OUT_PATH");
        std::process::exit(2);
    };
    let t = std::time::Instant::now();
    match dossier_geo::build_gazetteer(src.as_ref(), out.as_ref()) {
        Ok(s) => println!(
            "wrote {out}: {} places, {} name keys, {:.1} MB in {:.1?}",
            s.entries,
            s.keys,
            s.bytes as f64 / 1e6,
            t.elapsed()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
