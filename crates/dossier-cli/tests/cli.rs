//! End-to-end tests of the `dossier` binary: output contract, snapshots, bad input, exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn dossier() -> Command {
    Command::cargo_bin("dossier").unwrap()
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn example() -> PathBuf {
    repo_root().join("examples/state-visit.txt")
}

/// Run `dossier analyze` and parse its JSON Lines output.
fn analyze_json(args: &[&str]) -> Vec<Value> {
    let out = dossier().arg("analyze").args(args).arg("--format").arg("jsonl").output().unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON document"))
        .collect()
}

/// Every span of the JSON document slices `text`, in character offsets, to its `text` field.
fn assert_spans_slice_text(doc: &Value) {
    let chars: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let check = |span: &Value, what: &str| {
        let s = span["start"].as_u64().unwrap() as usize;
        let e = span["end"].as_u64().unwrap() as usize;
        assert!(s <= e && e <= chars.len(), "{what} {s}..{e} out of bounds");
        if let Some(t) = span["text"].as_str() {
            assert_eq!(chars[s..e].iter().collect::<String>(), t, "{what} {s}..{e}");
        }
    };
    for key in ["sentences", "entities", "timexes", "places", "events"] {
        for span in doc[key].as_array().unwrap() {
            check(span, key);
        }
    }
    for q in doc["quotes"].as_array().unwrap() {
        check(q, "quote");
        for part in ["speaker", "cue"] {
            if q[part].is_object() {
                check(&q[part], part);
            }
        }
    }
}

#[test]
fn multibyte_article_spans_are_character_offsets() {
    let docs = analyze_json(&[example().to_str().unwrap(), "--date", "2023-09-12"]);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["schema"], "dossier.document/1");
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains('’') && text.contains('“'), "the example has curly quotes");
    assert!(doc["sentences"].as_array().unwrap().len() > 10);
    assert_spans_slice_text(doc);
    // Sentence spans in characters: the first sentence starts the body.
    let first = &doc["sentences"][0];
    let chars: Vec<char> = text.chars().collect();
    let s: String = chars
        [first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert!(s.starts_with("BUSAN, South Korea (AP)"), "{s}");
    assert!(s.ends_with("before the end of the year."), "{s}");
}

#[test]
fn example_article_metadata() {
    let doc = &analyze_json(&[example().to_str().unwrap()])[0];
    assert_eq!(doc["title"], "Estonian leader tours Busan shipyard as naval deal talks stall");
    assert_eq!(doc["byline"], "Min-jun Seo and Laura Pérez, Associated Press");
    assert_eq!(doc["published"], "2023-09-12");
    assert_eq!(doc["published_source"], "text");
    assert_eq!(doc["language"], "en");
    let text = doc["text"].as_str().unwrap();
    assert!(!text.contains("Sign up"), "newsletter prompt dropped");
    assert!(!text.contains("AP Photo"), "caption kept out of the body");
    assert!(!text.contains("Related"), "related list dropped");
    assert!(doc["captions"][0]["text"].as_str().unwrap().contains("shipyard workers"));
    // The same input gives the same id and the same output.
    let again = &analyze_json(&[example().to_str().unwrap()])[0];
    assert_eq!(doc, again);
}

#[test]
fn date_argument_wins_over_text() {
    let doc = &analyze_json(&[example().to_str().unwrap(), "--date", "2023-09-13"])[0];
    assert_eq!(doc["published"], "2023-09-13");
    assert_eq!(doc["published_source"], "argument");
}

#[test]
fn snapshot_json_and_text_reports() {
    for name in ["ministry-denial.txt", "cp1252.txt"] {
        let path = fixture(name);
        let json = dossier()
            .args(["analyze", "--date", "2023-09-15", "--format", "json"])
            .arg(&path)
            .current_dir(path.parent().unwrap())
            .output()
            .unwrap();
        assert!(json.status.success());
        let mut value: Value = serde_json::from_slice(&json.stdout).unwrap();
        value["source"]["path"] = Value::from(name); // machine-independent
        insta::assert_json_snapshot!(format!("json-{name}"), value);
        let text = dossier()
            .args(["analyze", "--date", "2023-09-15", "--format", "text", name])
            .current_dir(path.parent().unwrap())
            .output()
            .unwrap();
        assert!(text.status.success());
        insta::assert_snapshot!(format!("text-{name}"), String::from_utf8(text.stdout).unwrap());
    }
}

#[test]
fn windows_1252_is_decoded_and_reported() {
    let doc = &analyze_json(&[fixture("cp1252.txt").to_str().unwrap()])[0];
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains("cafés") && text.contains("“unfair,”"), "{text}");
    assert_eq!(doc["source"]["encoding"], "windows-1252");
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"I001"), "{codes:?}");
}

#[test]
fn stdin_is_read_with_dash() {
    let out = dossier()
        .args(["analyze", "-", "--format", "jsonl"])
        .write_stdin("Talks resume\n\nOfficials met on Tuesday. They agreed.")
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["source"]["path"], "-");
    assert_eq!(doc["title"], "Talks resume");
    assert_eq!(doc["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a-good.txt"), "Port strike ends\n\nDock workers returned on Monday.")
        .unwrap();
    std::fs::write(d.join("b-binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 4, 5, 0, 0, 7, 8])
        .unwrap();
    std::fs::write(d.join("c-empty.txt"), "").unwrap();
    // 50 MB is over the default 32 MiB limit: refused before it is read.
    let big = std::fs::File::create(d.join("d-big.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    // An entry that cannot be read (a link to nothing; permission bits do not stop root).
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("e-broken.txt")).unwrap();
    std::fs::write(d.join("f-good.txt"), "Rail talks fail\n\nUnions walked out on Tuesday.")
        .unwrap();

    let out = dossier()
        .args(["analyze", "--format", "jsonl"])
        .arg(d)
        .arg(d.join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "some inputs failed → exit 1");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let titles: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(titles, ["Port strike ends", "Rail talks fail"], "good files processed in order");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert!(errors.iter().any(|l| l.contains("b-binary.txt") && l.contains("binary")), "{stderr}");
    assert!(errors.iter().any(|l| l.contains("c-empty.txt") && l.contains("empty")), "{stderr}");
    assert!(
        errors.iter().any(|l| l.contains("d-big.txt") && l.contains("--max-bytes")),
        "{stderr}"
    );
    #[cfg(unix)]
    assert!(errors.iter().any(|l| l.contains("e-broken.txt")), "{stderr}");
    assert!(
        errors.iter().any(|l| l.contains("missing.txt") && l.contains("no such file")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn usage_errors_exit_2() {
    let out = dossier().args(["analyze", "x.txt", "--date", "15/09/2023"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
    assert_eq!(
        dossier().args(["analyze", "--no-such-flag"]).output().unwrap().status.code(),
        Some(2)
    );
    assert_eq!(
        dossier().args(["eval", "no-such-task", "x"]).output().unwrap().status.code(),
        Some(2)
    );
    assert_eq!(dossier().output().unwrap().status.code(), Some(2));
}

#[test]
fn output_file_and_all_ok_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.jsonl");
    dossier()
        .args(["analyze", "--format", "jsonl", "-o"])
        .arg(&out_path)
        .arg(example())
        .arg(fixture("ministry-denial.txt"))
        .assert()
        .code(0);
    let written = std::fs::read_to_string(out_path).unwrap();
    assert_eq!(written.lines().count(), 2);
}

#[test]
fn help_explains_each_subcommand_with_an_example() {
    for sub in ["analyze", "eval"] {
        let out = dossier().args([sub, "--help"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains(&format!("dossier {sub} ")), "{sub} --help has an example:\n{help}");
    }
}

#[test]
fn eval_reports_missing_gold_file_clearly() {
    let out = dossier().args(["eval", "sentences", "/nonexistent/dev.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/dev.jsonl") && stderr.contains("not found"), "{stderr}");
}

#[test]
fn eval_sentences_json_shape() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"text\": \"Heading\\n\\nOfficials met on Tuesday.\\nThey agreed.\"}\n",
    )
    .unwrap();
    let out = dossier().args(["eval", "sentences", "--json"]).arg(&gold).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["task"], "sentences");
    assert_eq!(v["metrics"]["boundary.f1"], 1.0);
}
