//! The library commands end to end: `ingest`, `export`, `serve` errors, and the crash test —
//! SIGKILL in the middle of ingesting 10,000 documents loses nothing committed, and a rerun
//! finishes without duplicates.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use dossier_store::{Library, SearchQuery};

fn dossier() -> Command {
    Command::cargo_bin("dossier").unwrap()
}

const CITIES: &[&str] =
    &["Rotterdam", "Gdansk", "Valparaíso", "Busan", "Durban", "Santos", "Mombasa"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// A short harbour report, different for every `i`.
fn report(i: usize) -> String {
    let city = CITIES[i % CITIES.len()];
    let day = DAYS[i % DAYS.len()];
    format!(
        "Harbour traffic report {i}\n\n{city} port officials said on {day} that {} container ships \
         had docked in the past week, {} more than the week before.\n",
        40 + i % 97,
        i % 13
    )
}

fn write_reports(dir: &Path, n: usize) {
    for i in 0..n {
        let sub = dir.join(format!("{:02}", i / 1000));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{i:05}.txt")), report(i)).unwrap();
    }
}

fn stored(data: &Path) -> u64 {
    if !data.join("library.sqlite").exists() {
        return 0;
    }
    Library::open(data).and_then(|l| l.reader()?.counts()).map(|c| c.documents).unwrap_or(0)
}

#[test]
fn sigkill_during_ingest_loses_nothing_committed_and_a_rerun_completes() {
    const N: usize = 10_000;
    let tmp = tempfile::tempdir().unwrap();
    let (inputs, data) = (tmp.path().join("in"), tmp.path().join("data"));
    write_reports(&inputs, N);

    let mut child = dossier()
        .args(["ingest", "--date", "2024-05-17", "--data-dir"])
        .arg(&data)
        .arg(&inputs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let seen = loop {
        std::thread::sleep(Duration::from_millis(100));
        assert!(child.try_wait().unwrap().is_none(), "ingest finished before it could be killed");
        let n = stored(&data);
        if n >= 1000 {
            break n;
        }
        assert!(started.elapsed() < Duration::from_secs(300), "ingest too slow: {n} stored");
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = stored(&data);
    assert!(
        after_kill >= seen,
        "committed documents lost: saw {seen}, {after_kill} after the kill"
    );
    assert!(after_kill < N as u64, "the kill came too late to test anything");

    let out = dossier()
        .args(["ingest", "--date", "2024-05-17", "--data-dir"])
        .arg(&data)
        .arg(&inputs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let expected =
        format!("{} documents stored, {after_kill} already in the library", N as u64 - after_kill);
    assert!(stderr.contains(&expected), "expected {expected:?} in {stderr}");

    let lib = Library::open(&data).unwrap();
    let reader = lib.reader().unwrap();
    assert_eq!(reader.counts().unwrap().documents, N as u64);
    // The search index holds each document once.
    let all = reader.search(&SearchQuery { limit: 1, ..Default::default() }).unwrap();
    assert_eq!(all.total, N);
    let harbour = reader
        .search(&SearchQuery { q: "harbour".into(), limit: 1, ..Default::default() })
        .unwrap();
    assert_eq!(harbour.total, N);
    // Entity counts are per article: every report names its port city once.
    let rotterdam = reader.entities(Some("Rotterdam"), None, 5, 0).unwrap();
    let articles: u64 =
        rotterdam.items.iter().filter(|e| e.name == "Rotterdam").map(|e| e.articles).sum();
    assert_eq!(articles, N.div_ceil(CITIES.len()) as u64, "{:?}", rotterdam.items);
}

#[test]
fn ingest_twice_then_export() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/state-visit.txt");
    for expected in ["1 documents stored, 0 already", "0 documents stored, 1 already"] {
        let out =
            dossier().arg("ingest").arg("--data-dir").arg(&data).arg(&example).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.contains(expected), "{stderr}");
    }
    let out =
        dossier().args(["export", "--format", "jsonl", "--data-dir"]).arg(&data).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let doc: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(doc["title"], "Estonian leader tours Busan shipyard as naval deal talks stall");

    let gexf = tmp.path().join("graph.gexf");
    let out = dossier()
        .args(["export", "--format", "gexf", "--data-dir"])
        .arg(&data)
        .arg("-o")
        .arg(&gexf)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&gexf).unwrap().contains("Kadri Valk"));

    let out =
        dossier().args(["export", "--format", "xlsx", "--data-dir"]).arg(&data).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("entities-csv"));
}

#[test]
fn reading_commands_refuse_a_missing_library() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    for args in [vec!["export", "--format", "jsonl"], vec!["serve", "--listen", "127.0.0.1:0"]] {
        let out = dossier().args(&args).arg("--data-dir").arg(&missing).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("no library here"), "{stderr}");
        assert!(!missing.exists(), "{args:?} created the library");
    }
}
