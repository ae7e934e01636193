//! Print the timexes of a sentence: `cargo run -p dossier-time --example probe -- DATE TEXT`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (date, text) = (&args[0], args[1..].join(" "));
    for t in dossier_time::normalize(&text, Some(date)) {
        println!("{:?}\t{}\t{}", t.text, dossier_time::type_name(t.kind), t.value);
    }
}
