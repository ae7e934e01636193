//! Embeds every file of `ui/` in the binary: writes `$OUT_DIR/ui_files.rs`, a table of
//! (name, bytes) pairs built from `include_bytes!`.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    println!("cargo:rerun-if-changed={}", ui.display());
    let mut names: Vec<String> = std::fs::read_dir(&ui)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from(
        "/// The files of `ui/`: (name, contents).\npub static UI_FILES: &[(&str, &[u8])] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed={}", ui.join(n).display());
        let _ =
            writeln!(out, "    ({n:?}, include_bytes!({:?})),", ui.join(n).display().to_string());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("ui_files.rs");
    std::fs::write(dest, out).expect("write ui_files.rs");
}
