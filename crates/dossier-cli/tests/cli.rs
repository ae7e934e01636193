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

#[test]
fn eval_time_errors_flag_prints_mismatches_to_stderr_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("relative.jsonl");
    // One right example and one whose gold value is wrong on purpose (the Tuesday before a
    // Thursday publication date is the 5th, not the 12th).
    let right = r#"{"dct": "2024-03-07", "surface": "Tuesday", "type": "DATE", "value": "2024-03-05", "category": "weekday", "context": "The council voted on Tuesday to close the bridge."}"#;
    let wrong = r#"{"dct": "2024-03-07", "surface": "Tuesday", "type": "DATE", "value": "2024-03-12", "category": "weekday", "context": "The mayor said on Tuesday that repairs would start."}"#;
    std::fs::write(&gold, format!("{right}\n{wrong}\n")).unwrap();
    let quiet = dossier().args(["eval", "time"]).arg(&gold).output().unwrap();
    assert!(quiet.status.success(), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert!(quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
    let loud = dossier().args(["eval", "time", "--errors"]).arg(&gold).output().unwrap();
    assert!(loud.status.success());
    let stderr = String::from_utf8_lossy(&loud.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("2024-03-12") && stderr.contains("2024-03-05"), "{stderr}");
}

/// A news page in our own words, with navigation, a figure, JSON-LD and Open Graph metadata.
const HARBOR_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Port talks resume after storm | Harbor Daily</title>
<meta property="og:title" content="Port talks resume after storm">
<meta property="og:site_name" content="Harbor Daily">
<link rel="canonical" href="https://harbor.example/2024/03/08/port-talks">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Port talks resume after storm","datePublished":"2024-03-08T09:30:00+01:00","author":{"@type":"Person","name":"Jane Doe"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Port talks resume after storm</h1>
<p class="byline">By Jane Doe</p>
<p>Officials from the two port authorities met in Valparaíso on Tuesday to restart talks over the shared container terminal, which has stood idle since a storm damaged its breakwater in January.</p>
<figure><img src="terminal.jpg" alt=""><figcaption>The idle container terminal on Monday.</figcaption></figure>
<p>“We are close to an agreement on the repairs,” said Ana Ruiz, who leads the delegation from the northern authority. Negotiators expect a draft within weeks, she added.</p>
<p>Both sides agreed to meet again in April to review the repair plan and its costs, which engineers put at about 40 million dollars, and to decide who will pay for the new sea wall.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Ferry fares rise</a></li><li><a href="/b">New mayor sworn in</a></li></ul></aside>
<footer>© 2024 Harbor Daily. All rights reserved.</footer>
</body></html>"#;

const HARBOR_FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbor Daily</title><link>https://harbor.example/</link><description>News</description>
<item><title>Ferry fares rise</title><link>https://harbor.example/ferry-fares</link>
<pubDate>Thu, 07 Mar 2024 08:00:00 GMT</pubDate><dc:creator>Tom Reyes</dc:creator>
<content:encoded><![CDATA[<p>Ferry fares across the bay will rise by five percent in May, the operator said on Wednesday.</p><p>Commuter groups called the increase unfair.</p>]]></content:encoded></item>
<item><title>New mayor sworn in</title><link>https://harbor.example/mayor</link>
<description>The new mayor took office on Monday and promised to repair the harbor road.</description></item>
</channel></rss>"#;

fn warc_response(uri: &str, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-09T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    record.extend_from_slice(http.as_bytes());
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn web_inputs(dir: &Path) {
    std::fs::write(dir.join("a-page.html"), HARBOR_PAGE).unwrap();
    std::fs::write(dir.join("b-feed.rss"), HARBOR_FEED).unwrap();
    let mut warc =
        b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 7\r\n\r\ncrawler\r\n\r\n".to_vec();
    // The same story on a syndicating site, with a different dateline: a wire copy.
    let copy = HARBOR_PAGE
        .replace("Harbor Daily", "Coast Times")
        .replace("<p>Officials", "<p>VALPARAÍSO (Wire) — Officials");
    warc.extend(warc_response("https://coast.example/port-talks", &copy));
    warc.extend(warc_response(
        "https://coast.example/weather",
        "<html><head><title>Weather</title></head><body><h1>Storm warning lifted</h1><p>Forecasters lifted the storm warning for the coast on Thursday morning after winds eased overnight across the whole region.</p></body></html>",
    ));
    std::fs::write(dir.join("c-crawl.warc"), warc).unwrap();
}

#[test]
fn html_feed_and_warc_inputs_become_documents_with_wire_copies_marked() {
    let dir = tempfile::tempdir().unwrap();
    web_inputs(dir.path());
    let docs = analyze_json(&[dir.path().to_str().unwrap()]);
    let formats: Vec<&str> = docs.iter().map(|d| d["source"]["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["html", "feed-item", "feed-item", "warc-record", "warc-record"]);

    let page = &docs[0];
    assert_eq!(page["title"], "Port talks resume after storm");
    assert_eq!(page["byline"], "Jane Doe");
    assert_eq!(page["published"], "2024-03-08");
    assert_eq!(page["published_source"], "metadata");
    assert_eq!(page["source"]["url"], "https://harbor.example/2024/03/08/port-talks");
    assert_eq!(page["captions"][0]["text"], "The idle container terminal on Monday.");
    let text = page["text"].as_str().unwrap();
    assert!(text.starts_with("Officials from the two port authorities"), "{text}");
    assert_eq!(text.matches("\n\n").count(), 2, "three paragraphs: {text}");
    for junk in [
        "Most read",
        "Ferry fares rise",
        "All rights reserved",
        "Home",
        "idle container terminal on Monday",
    ] {
        assert!(!text.contains(junk), "{junk:?} in {text}");
    }
    assert_spans_slice_text(page);
    assert!(!page["sentences"].as_array().unwrap().is_empty());

    let item = &docs[1];
    assert_eq!(item["title"], "Ferry fares rise");
    assert_eq!(item["source"]["url"], "https://harbor.example/ferry-fares");
    assert_eq!(item["published_source"], "metadata");
    assert!(item["published"].as_str().unwrap().starts_with("2024-03-07"));
    assert_eq!(item["byline"], "Tom Reyes");
    assert_eq!(
        item["text"],
        "Ferry fares across the bay will rise by five percent in May, the operator said on Wednesday.\n\nCommuter groups called the increase unfair."
    );
    assert_eq!(
        docs[2]["text"],
        "The new mayor took office on Monday and promised to repair the harbor road."
    );

    let copy = &docs[3];
    assert_eq!(copy["source"]["url"], "https://coast.example/port-talks");
    assert_eq!(copy["duplicate_of"], page["id"], "the syndicated copy points at the first copy");
    assert!(copy["sentences"].as_array().unwrap().is_empty(), "copies are not analyzed again");
    assert!(page.get("duplicate_of").is_none());
    assert_eq!(docs[4]["title"], "Storm warning lifted");
    assert!(docs[4].get("duplicate_of").is_none());

    // --keep-duplicates analyzes the copy like any other page.
    let kept = analyze_json(&[dir.path().to_str().unwrap(), "--keep-duplicates"]);
    assert!(kept[3].get("duplicate_of").is_none());
    assert!(!kept[3]["sentences"].as_array().unwrap().is_empty());
}

#[test]
fn output_is_the_same_on_one_thread_or_many_and_unordered_keeps_every_document() {
    let dir = tempfile::tempdir().unwrap();
    web_inputs(dir.path());
    for i in 0..6 {
        std::fs::write(
            dir.path().join(format!("d-{i}.txt")),
            format!(
                "Story number {i}\n\nThe council met on Tuesday and voted {i} times on the budget."
            ),
        )
        .unwrap();
    }
    let run = |extra: &[&str]| {
        let out = dossier()
            .args(["analyze", "--format", "jsonl"])
            .arg(dir.path())
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run(&["--jobs", "1"]);
    assert_eq!(one, run(&["--jobs", "4"]));
    let mut a: Vec<&str> = one.lines().collect();
    let unordered = run(&["--jobs", "3", "--unordered"]);
    let mut b: Vec<&str> = unordered.lines().collect();
    assert_eq!(a.len(), 11);
    a.sort();
    b.sort();
    assert_eq!(a.len(), b.len());
}

#[test]
fn bad_web_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a-good.html"), HARBOR_PAGE).unwrap();
    // A feed URL that served an error page.
    std::fs::write(
        d.join("b-feed.xml"),
        "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
    )
    .unwrap();
    // A WARC archive cut off inside its second record.
    let mut warc = warc_response("https://a.example/1", "<html><body><h1>First page here</h1><p>Some words of the first page that was archived.</p></body></html>");
    let second = warc_response("https://a.example/2", HARBOR_PAGE);
    warc.extend_from_slice(&second[..second.len() / 2]);
    std::fs::write(d.join("c-cut.warc"), warc).unwrap();
    // Gzip magic without a gzip stream behind it.
    std::fs::write(d.join("d-broken.warc.gz"), b"\x1f\x8b\x08\x00garbage").unwrap();
    // Malformed HTML: unclosed tags, stray end tags, an unterminated comment.
    std::fs::write(d.join("e-malformed.html"), "<html><body><div><p>Unclosed <b>bold <i>italic</div></span></p><p>Rail talks fail as unions walk out on Tuesday<!-- never closed").unwrap();
    // A very large page: 3 MB of paragraphs.
    let big: String = (0..30_000)
        .map(|i| format!("<p>Paragraph {i} of a very long page about the harbor.</p>"))
        .collect();
    std::fs::write(
        d.join("f-large.html"),
        format!("<!doctype html><html><body><article>{big}</article></body></html>"),
    )
    .unwrap();

    let out = dossier().args(["analyze", "--format", "jsonl"]).arg(d).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let docs: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<String> = docs
        .iter()
        .map(|d| {
            Path::new(d["source"]["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        paths,
        ["a-good.html", "c-cut.warc", "e-malformed.html", "f-large.html"],
        "{stderr}"
    );
    assert!(docs[2]["text"].as_str().unwrap().contains("Rail talks fail"));
    assert!(docs[3]["text"].as_str().unwrap().contains("Paragraph 29999"));
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert!(
        errors.iter().any(|l| l.contains("b-feed.xml")
            && l.contains("not an RSS or Atom document (root element <html>)")),
        "{stderr}"
    );
    assert!(errors.iter().any(|l| l.contains("c-cut.warc") && l.contains("record 2")), "{stderr}");
    assert!(errors.iter().any(|l| l.contains("d-broken.warc.gz")), "{stderr}");
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(!stderr.contains("panicked"));
}
