//! The web UI in a real browser: `dossier ingest` a few invented articles into a temporary
//! library, start `dossier serve`, and drive headless Chromium through chromedriver (WebDriver
//! over a tiny HTTP/1.1 client written on `std::net::TcpStream`).
//!
//! Needs `chromium` and `chromedriver` on the PATH (Debian: `apt-get install chromium
//! chromium-driver`; `CHROME_BIN` and `CHROMEDRIVER` override the names). Without them the test
//! prints "skipped: chromium not installed" and passes, unless `DOSSIER_BROWSER_TESTS=1` is set
//! (CI), in which case it fails.
//!
//! Screenshots go to `$CARGO_TARGET_TMPDIR/ui-*.png`.

use std::env;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

// ------------------------------------------------------------------ fixtures (invented)

const RIVER_DAM: &str = "Norwegian engineers to inspect Mekong dam after spring floods

Inspection team will report to the Lao government by the end of June

By Ingrid Solberg, Nordic Wire Service

VIENTIANE, Laos (NWS) — A team of Norwegian engineers will travel to the Nam Khan dam in northern Laos on Thursday to inspect cracks found after floods in April, the Lao energy ministry said on Monday.

Energy Minister Somsak Phommavong said the dam was safe but that the government wanted an independent opinion before the rainy season. “We will not take any risk with the people who live below the dam,” Phommavong told reporters in Vientiane.

The engineers, from the Oslo firm Fjellkraft Consulting, inspected two other dams in the region last year. Their leader, Erik Haugen, said the cracks looked superficial in photographs. “Pictures can lie, so we go and see,” Haugen said.

Villagers in Luang Prabang have asked for compensation since the floods of April 2024 damaged rice fields along the river.
";

const OSLO_VISIT: &str = "Lao minister seeks Norwegian loan for grid upgrade

By Ingrid Solberg, Nordic Wire Service

OSLO, Norway (NWS) — Lao Energy Minister Somsak Phommavong met Norwegian officials in Oslo on Wednesday to discuss a loan for new power lines between Vientiane and the Thai border.

Phommavong said the talks had gone well. “Norway has been a patient partner,” he said.

Erik Haugen of Fjellkraft Consulting, which advises the Lao government on dam safety, attended the meeting, according to a ministry statement. The two sides will meet again in Bangkok in September.
";

/// Markup in the title and the text (escaped in the page, so literal text after extraction), a
/// `javascript:` canonical URL, and odd Unicode: a right-to-left override, zero-width joiners,
/// combining marks, emoji.
const HOSTILE_HTML: &str = r#"<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Harbour board &lt;script&gt;window.__pwned=1&lt;/script&gt; vote delayed</title>
<link rel="canonical" href="javascript:window.__pwned=1">
<meta property="og:url" content="javascript:window.__pwned=1">
<meta property="article:published_time" content="2024-05-14">
</head><body>
<article>
<h1>Harbour board &lt;script&gt;window.__pwned=1&lt;/script&gt; vote delayed</h1>
<p>GDANSK, Poland — The harbour board in Gdansk postponed its vote on Tuesday after a member pasted &lt;script&gt;window.__pwned=1&lt;/script&gt; into the minutes, officials said.</p>
<p>A second entry read &lt;img src=x onerror="window.__pwned=1"&gt; and the clerk, Marta Nowak, said she had never seen anything like it. &#8220;We print what we receive,&#8221; Nowak said.</p>
<p>Odd characters also appeared: an override &#8238;dlrow olleh&#8236; mark, a family emoji &#128104;&#8205;&#128105;&#8205;&#128103; joined with zero-width joiners, combining marks in Cafe&#769; and n&#771;, and a flag &#127477;&#127473; for Poland.</p>
<p>The board will meet again in Gdansk on May 21.</p>
</article>
</body></html>
"#;

/// A feed item whose link is a `javascript:` URL (the reader drops it rather than keep it as the
/// source URL).
const HOSTILE_FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Baltic Coast Wire</title><link>https://wire.example/</link>
<item><title>Ferry timetable notice carried strange code, operator says</title>
<link>javascript:window.__pwned=1</link>
<pubDate>Thu, 16 May 2024 08:30:00 GMT</pubDate>
<description>&lt;p&gt;KLAIPEDA, Lithuania — A ferry operator in Klaipeda said on Thursday that its online timetable had shown the line &amp;lt;img src=x onerror="window.__pwned=1"&amp;gt; for several hours.&lt;/p&gt;
&lt;p&gt;“Nobody was harmed and no sailing was cancelled,” said Rasa Petraitis, a spokeswoman for the operator. She said the notice also contained &amp;lt;script&amp;gt;window.__pwned=1&amp;lt;/script&amp;gt; and the reversed text &#8238;yrref&#8236;.&lt;/p&gt;</description>
</item></channel></rss>
"#;

// ------------------------------------------------------------------ processes

/// Kills every child (whole process group: chromedriver's Chromium too) when dropped, so that a
/// failing assertion leaves nothing running.
#[derive(Default)]
struct Children {
    procs: Vec<(&'static str, Child)>,
    session: Option<(u16, String)>,
}

impl Children {
    fn spawn(&mut self, name: &'static str, cmd: &mut Command) -> &mut Child {
        use std::os::unix::process::CommandExt;
        // Own process group, so that the browser chromedriver starts can be killed with it.
        cmd.process_group(0);
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        self.procs.push((name, child));
        &mut self.procs.last_mut().unwrap().1
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        if let Some((port, session)) = self.session.take() {
            // Ask chromedriver to close the browser; fine if it is already gone.
            let _ =
                http(port, "DELETE", &format!("/session/{session}"), None, Duration::from_secs(10));
        }
        for (_, child) in self.procs.iter_mut().rev() {
            // The child leads its own process group (process_group(0)), so what it started (the
            // browser under chromedriver) is in the group whose id is the child's pid. Each is
            // ended by its own positive pid: never a negative pid, which some `kill` builds
            // (procps-ng 4.0.2) misread as "every process".
            let group = child.id();
            for pid in processes_in_group(group) {
                if pid > 1 && pid != group && pid != std::process::id() {
                    let _ = Command::new("kill")
                        .args(["-s", "KILL", "--", &pid.to_string()])
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status();
                }
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The pids in process group `group` or descending from process `group`, from
/// `/proc/<pid>/stat` (Linux; empty elsewhere).
fn processes_in_group(group: u32) -> Vec<u32> {
    let mut procs = Vec::new(); // (pid, ppid, pgrp)
    let Ok(dir) = fs::read_dir("/proc") else { return Vec::new() };
    for entry in dir.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else { continue };
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else { continue };
        let fields: Vec<&str> = rest.split_whitespace().take(3).collect();
        if let [_, ppid, pgrp] = fields[..] {
            if let (Ok(ppid), Ok(pgrp)) = (ppid.parse::<u32>(), pgrp.parse::<u32>()) {
                procs.push((pid, ppid, pgrp));
            }
        }
    }
    let mut out: Vec<u32> = procs.iter().filter(|p| p.2 == group).map(|p| p.0).collect();
    let mut i = 0;
    let mut frontier = vec![group];
    while i < frontier.len() {
        let parent = frontier[i];
        for p in &procs {
            if p.1 == parent && !frontier.contains(&p.0) {
                frontier.push(p.0);
            }
        }
        i += 1;
    }
    for pid in frontier {
        if !out.contains(&pid) {
            out.push(pid);
        }
    }
    out
}

fn which(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        let p = PathBuf::from(name);
        return p.is_file().then_some(p);
    }
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().unwrap().port()
}

// ------------------------------------------------------------------ a tiny HTTP/1.1 client

struct Response {
    status: u16,
    /// (lower-case name, value)
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }
}

fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept: application/json\r\n");
    if body.is_some() {
        req.push_str("Content-Type: application/json; charset=utf-8\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", payload.len()));
    stream.write_all(req.as_bytes())?;
    stream.write_all(payload.as_bytes())?;
    stream.flush()?;

    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut headers = Vec::new();
    let mut length: Option<usize> = None;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            let v = v.trim();
            headers.push((k.clone(), v.to_string()));
            if k == "content-length" {
                length = v.parse().ok();
            } else if k == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked") {
                chunked = true;
            }
        }
    }
    let mut bytes = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size];
            reader.read_exact(&mut chunk)?;
            bytes.extend_from_slice(&chunk);
            line.clear();
            reader.read_line(&mut line)?;
        }
    } else if let Some(n) = length {
        bytes.resize(n, 0);
        reader.read_exact(&mut bytes)?;
    } else {
        reader.read_to_end(&mut bytes)?;
    }
    Ok(Response { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() })
}

fn get_json(port: u16, path: &str) -> Value {
    let r = http(port, "GET", path, None, Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    assert_eq!(r.status, 200, "GET {path}: {}", r.body);
    serde_json::from_str(&r.body)
        .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {}", r.body))
}

fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue, // '=' padding, line breaks
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

// ------------------------------------------------------------------ WebDriver

struct Driver {
    port: u16,
    session: String,
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Driver {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{}", self.session, path);
        let body = body.or_else(|| (method == "POST").then(|| json!({})));
        let r = http(self.port, method, &full, body.as_ref(), Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
        assert!(r.status == 200, "WebDriver {method} {path}: HTTP {} {}", r.status, r.body);
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn script(&self, code: &str) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": code, "args": [] })))
    }

    fn find(&self, css: &str) -> Vec<String> {
        let v =
            self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        v.as_array()
            .map(|a| a.iter().filter_map(|e| e[ELEMENT_KEY].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    fn text(&self, el: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/text"), None).as_str().unwrap_or("").to_string()
    }

    fn click(&self, el: &str) {
        self.cmd("POST", &format!("/element/{el}/click"), None);
    }

    fn type_text(&self, el: &str, text: &str) {
        self.cmd("POST", &format!("/element/{el}/value"), Some(json!({ "text": text })));
    }

    /// Poll `js` (a function body returning a value) until it returns something truthy.
    fn wait_for(&self, what: &str, js: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.script(js);
            let ok = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().unwrap_or(0.0) != 0.0,
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if ok {
                return v;
            }
            if Instant::now() > deadline {
                let dom = self
                    .script("return document.body ? document.body.innerText.slice(0, 2000) : ''");
                panic!("timed out waiting for {what}; page text: {dom}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().expect("screenshot is base64"));
        assert!(png.starts_with(b"\x89PNG"), "screenshot is not a PNG");
        fs::write(path, png).expect("write screenshot");
        println!("screenshot: {}", path.display());
    }
}

// ------------------------------------------------------------------ the test

fn dossier() -> &'static str {
    env!("CARGO_BIN_EXE_dossier")
}

#[test]
fn web_ui_in_headless_chromium() {
    let required = env::var("DOSSIER_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let chrome = env::var("CHROME_BIN").ok().and_then(|c| which(&c)).or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|n| which(n))
    });
    let driver_bin =
        env::var("CHROMEDRIVER").ok().and_then(|c| which(&c)).or_else(|| which("chromedriver"));
    let (chrome, driver_bin) = match (chrome, driver_bin) {
        (Some(c), Some(d)) => (c, d),
        _ => {
            assert!(
                !required,
                "DOSSIER_BROWSER_TESTS=1 but chromium or chromedriver is not installed"
            );
            // Straight to stderr: the test harness would swallow println! of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: chromium not installed (needs chromium and chromedriver on the PATH; \
                 set DOSSIER_BROWSER_TESTS=1 to make this a failure)"
            );
            return;
        }
    };

    let tmp = tempfile::tempdir().expect("temp dir");
    let articles = tmp.path().join("articles");
    fs::create_dir_all(&articles).unwrap();
    fs::write(articles.join("river-dam.txt"), RIVER_DAM).unwrap();
    fs::write(articles.join("oslo-visit.txt"), OSLO_VISIT).unwrap();
    fs::write(articles.join("harbour-board.html"), HOSTILE_HTML).unwrap();
    fs::write(articles.join("ferry-feed.xml"), HOSTILE_FEED).unwrap();
    let data = tmp.path().join("library");

    // 1. Ingest: the plain-text articles carry no date, so each gets one with --date (two runs
    //    into the same library), then the rest.
    let ingest = |paths: &[PathBuf], date: Option<&str>| {
        let mut cmd = Command::new(dossier());
        cmd.arg("ingest").args(paths).arg("--data-dir").arg(&data);
        if let Some(date) = date {
            cmd.arg("--date").arg(date);
        }
        let out = cmd.output().expect("run dossier ingest");
        println!(
            "ingest: {}{}",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        assert!(out.status.success(), "dossier ingest failed: {:?}", out.status);
    };
    ingest(&[articles.join("river-dam.txt")], Some("2024-05-06"));
    ingest(&[articles.join("oslo-visit.txt")], Some("2024-06-12"));
    ingest(&[articles.join("harbour-board.html"), articles.join("ferry-feed.xml")], None);

    let mut kids = Children::default();

    // 2. Serve on port 0; the server prints the address it got on stderr
    //    ("dossier: serving DIR on http://127.0.0.1:PORT/ (read-only)").
    let serve_err = tmp.path().join("serve.err");
    let child = kids.spawn(
        "dossier serve",
        Command::new(dossier())
            .arg("serve")
            .arg("--data-dir")
            .arg(&data)
            .arg("--listen")
            .arg("127.0.0.1:0")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped()),
    );
    let stderr = child.stderr.take().expect("serve stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    let log_path = serve_err.clone();
    std::thread::spawn(move || {
        // Keep draining stderr (into serve.err) so the server never blocks on a full pipe.
        let mut log = fs::File::create(&log_path).ok();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(log) = log.as_mut() {
                let _ = writeln!(log, "{line}");
            }
            if let Some(addr) = line.split("on http://").nth(1).and_then(|r| r.split('/').next()) {
                if let Ok(addr) = addr.parse::<std::net::SocketAddr>() {
                    let _ = tx.send(addr.port());
                }
            }
        }
    });
    let port = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(port) => port,
        Err(e) => {
            std::thread::sleep(Duration::from_millis(200));
            let err = fs::read_to_string(&serve_err).unwrap_or_default();
            panic!("dossier serve did not report its address ({e}): {err}");
        }
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = http(port, "GET", "/api/health", None, Duration::from_secs(5)) {
            if r.status == 200 {
                break;
            }
        }
        assert!(Instant::now() < deadline, "dossier serve did not answer /api/health");
        std::thread::sleep(Duration::from_millis(100));
    }
    let health = get_json(port, "/api/health");
    assert_eq!(health["documents"], 4, "four articles in the library: {health}");
    let base = format!("http://127.0.0.1:{port}/");

    // The page itself comes with the strict CSP.
    let index = http(port, "GET", "/", None, Duration::from_secs(10)).unwrap();
    assert_eq!(index.status, 200);
    assert!(index.body.contains("id=\"search-form\""), "index.html served at /");
    let csp = index.header("content-security-policy").unwrap_or_default();
    println!("CSP: {csp}");
    for part in ["default-src 'self'", "script-src 'self'", "object-src 'none'"] {
        assert!(csp.contains(part), "CSP without {part:?}: {csp:?}");
    }

    // 3. chromedriver + a headless Chromium session.
    let dport = free_port();
    kids.spawn(
        "chromedriver",
        Command::new(&driver_bin)
            .arg(format!("--port={dport}"))
            .arg(format!("--log-path={}", tmp.path().join("chromedriver.log").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = http(dport, "GET", "/status", None, Duration::from_secs(5)) {
            if r.body.contains("\"ready\":true") {
                break;
            }
        }
        assert!(Instant::now() < deadline, "chromedriver did not become ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = tmp.path().join("chromium-profile");
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chrome.to_string_lossy(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-breakpad",
                "--disable-crash-reporter", "--window-size=1280,800",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    }}});
    let r =
        http(dport, "POST", "/session", Some(&caps), Duration::from_secs(90)).expect("new session");
    let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    let session = match v["value"]["sessionId"].as_str() {
        Some(s) => s.to_string(),
        None => {
            let log = fs::read_to_string(tmp.path().join("chromedriver.log")).unwrap_or_default();
            let tail: String =
                log.chars().rev().take(3000).collect::<Vec<_>>().into_iter().rev().collect();
            panic!(
                "no WebDriver session: HTTP {} {}\nchromedriver log tail:\n{tail}",
                r.status, r.body
            );
        }
    };
    kids.session = Some((dport, session.clone()));
    let d = Driver { port: dport, session };
    d.cmd("POST", "/window/rect", Some(json!({ "width": 1280, "height": 800 })));
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));

    // 4. Search through the form.
    d.goto(&base);
    d.wait_for("the library page", "return document.querySelector('main h1') !== null");
    let input = d.find("#search-input");
    assert_eq!(input.len(), 1, "one search box");
    d.type_text(&input[0], "Phommavong");
    let button = d.find("#search-form button[type=submit]");
    d.click(&button[0]);
    d.wait_for("search results", "return !document.querySelector('main[aria-busy]') && document.querySelector('#results-title') !== null && document.querySelectorAll('a.result').length");
    let hash = d.script("return location.hash").as_str().unwrap_or("").to_string();
    assert!(
        hash.starts_with("#/search?") && hash.contains("q=Phommavong"),
        "search has a URL: {hash}"
    );
    let results = d.find("a.result");
    let titles: Vec<String> = results.iter().map(|r| d.text(r)).collect();
    println!("results for Phommavong: {titles:?}");
    assert!(
        titles.iter().any(|t| t.contains("Norwegian engineers to inspect Mekong dam")),
        "{titles:?}"
    );
    let facets =
        d.script("return document.querySelectorAll('.facets a').length").as_u64().unwrap_or(0);
    assert!(facets > 0, "facet links shown");

    // 5. Open the article.
    let i = titles.iter().position(|t| t.contains("Mekong dam")).unwrap();
    d.click(&results[i]);
    d.wait_for("the article body", "return document.querySelector('#doc-body .mark-ent') !== null");
    let stats = d.script(
        "const b = document.querySelector('#doc-body');
         const n = (s) => b.querySelectorAll(s).length;
         return { title: document.querySelector('#doc-title').textContent,
                  ent: n('.mark-ent'), per: n('.mark-ent.ent-PER'), quote: n('.mark-quote'),
                  speaker: n('.mark-speaker'), cue: n('.mark-cue'), timex: n('.mark-timex'),
                  place: n('.mark-place'), entityLinks: document.querySelectorAll('aside a[href^=\"#/entity/\"]').length,
                  speakerInQuoteDistinct: (() => { const s = b.querySelector('.mark-speaker'); const q = b.querySelector('.mark-quote');
                      return !!s && !!q && getComputedStyle(s).color !== getComputedStyle(q).color; })() };",
    );
    println!("article marks: {stats}");
    assert!(stats["title"].as_str().unwrap().contains("Mekong dam"));
    for k in ["ent", "per", "quote", "speaker", "timex", "entityLinks"] {
        assert!(stats[k].as_u64().unwrap_or(0) > 0, "no {k} marked: {stats}");
    }
    assert_eq!(
        stats["speakerInQuoteDistinct"], true,
        "speaker styled apart from the quote: {stats}"
    );
    // Every mark covers exactly the span's text (code-point offsets converted right).
    check_spans(&d);
    d.screenshot(&shots.join("ui-article.png"));

    // An entity page from the side panel.
    let links = d.find("aside a[href^=\"#/entity/\"]");
    let name = d.text(&links[0]);
    d.click(&links[0]);
    d.wait_for("the entity page", "return document.querySelector('.entity-page h1') !== null");
    let h1 = d.script("return document.querySelector('.entity-page h1').textContent");
    // (The library may spell the name differently: "VIENTIANE" in a dateline, "Vientiane".)
    assert!(
        h1.as_str().unwrap_or("").to_lowercase().contains(&name.to_lowercase()),
        "entity page for {name}: {h1}"
    );
    assert!(
        !d.find(".entity-page .article-list a[href^=\"#/doc/\"]").is_empty(),
        "entity lists its articles"
    );

    // The segmenter on a made-up document: astral characters, a combining mark, spans that
    // nest, cross, touch, and a few invalid ones (skipped, not fatal).
    let seg = d.cmd(
        "POST",
        "/execute/async",
        Some(json!({ "args": [], "script":
            "const done = arguments[arguments.length - 1];
             import('/article.js').then((m) => {
               const text = 'A\u{1F468}\u{200D}\u{1F469} said e\u{0301}t\u{00E9} \u{1F1F5}\u{1F1F1} ok.';
               const chars = Array.from(text);
               const doc = { text,
                 entities: [{ start: 0, end: 4, text: chars.slice(0, 4).join(''), label: 'PER', canonical: 'x', cluster: 'c1' },
                            { start: 11, end: 15, text: chars.slice(11, 15).join(''), label: 'LOC', canonical: 'y', cluster: 'c2' },
                            { start: 5, end: 99, text: 'bad', label: 'PER', cluster: 'c3' },
                            { start: 3, end: 2, text: 'bad', label: 'PER', cluster: 'c4' }],
                 quotes: [{ start: 2, end: 13, text: chars.slice(2, 13).join(''), kind: 'direct', stance: 'assert',
                            speaker: { start: 0, end: 1, text: 'A', canonical: 'x', cluster: 'c1', type: 'person' },
                            cue: { start: 5, end: 9, text: 'said', lemma: 'say' } }],
                 timexes: [{ start: 10, end: 13, text: chars.slice(10, 13).join(''), type: 'DATE', value: '2024' }],
                 places: [] };
               const anns = m.annotations(doc, { c1: 'e0000000000000001' });
               const box = document.createElement('div');
               box.appendChild(m.markedText(text, anns));
               const got = (key) => [...box.querySelectorAll('[data-ann]')].filter((e) => e.getAttribute('data-ann') === key).map((e) => e.textContent).join('');
               const want = { 'ent-0': doc.entities[0].text, 'ent-1': doc.entities[1].text, 'quote-0': doc.quotes[0].text,
                              'speaker-0': 'A', 'cue-0': 'said', 'timex-0': doc.timexes[0].text };
               const bad = Object.entries(want).filter(([k, v]) => got(k) !== v).map(([k, v]) => [k, v, got(k)]);
               done({ annotations: anns.length, same: box.textContent === text, bad,
                      elements: box.querySelectorAll('script, img').length });
             }).catch((e) => done({ error: String(e) }));" })),
    );
    println!("segmenter: {seg}");
    assert_eq!(seg["annotations"], 6, "two invalid spans skipped: {seg}");
    assert_eq!(seg["same"], true, "the text survives segmentation: {seg}");
    assert_eq!(seg["bad"], json!([]), "{seg}");

    // 6. The hostile articles: nothing runs, markup is shown as text.
    for (query, title_part, body_parts) in [
        (
            "harbour",
            "Harbour board",
            vec!["<script>window.__pwned=1</script>", "<img src=x onerror=\"window.__pwned=1\">"],
        ),
        (
            "ferry",
            "Ferry timetable",
            vec![
                "<img src=x onerror=\"window.__pwned=1\">",
                "<script>window.__pwned=1</script>",
                "\u{202E}yrref",
            ],
        ),
    ] {
        d.goto(&format!("{base}#/search?q={query}"));
        d.wait_for("search results", "return !document.querySelector('main[aria-busy]') && document.querySelector('#results-title') !== null && document.querySelectorAll('a.result').length");
        let results = d.find("a.result");
        let idx = results
            .iter()
            .position(|r| d.text(r).contains(title_part))
            .unwrap_or_else(|| panic!("no result for {query} titled {title_part}"));
        d.click(&results[idx]);
        d.wait_for("the hostile article", "return document.querySelector('#doc-body') !== null");
        std::thread::sleep(Duration::from_millis(500)); // time for any onerror to fire
        let check = d.script(
            "const b = document.querySelector('#doc-body');
             return { pwned: typeof window.__pwned,
                      scripts: document.querySelectorAll('script').length,
                      moduleScripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
                      imgs: document.querySelectorAll('img').length,
                      bodyElements: b.querySelectorAll('script, img, iframe, object, embed, svg').length,
                      onAttrs: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
                      badLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(#\\/|#main$|https?:)/.test(a.getAttribute('href'))).map((a) => a.getAttribute('href')),
                      text: b.textContent,
                      title: document.querySelector('#doc-title').textContent,
                      source: document.querySelector('#doc-source').textContent,
                      sourceLinks: document.querySelectorAll('#doc-source a').length };",
        );
        println!("hostile {query}: pwned={} scripts={} imgs={} body elements={} on* attributes={} bad links={} title={:?} source={:?}",
            check["pwned"], check["scripts"], check["imgs"], check["bodyElements"], check["onAttrs"], check["badLinks"], check["title"], check["source"]);
        assert_eq!(check["pwned"], "undefined", "a script ran: {check}");
        assert_eq!(check["scripts"], 1, "only the UI's own module script: {check}");
        assert_eq!(check["imgs"], 0, "no <img> anywhere: {check}");
        assert_eq!(check["bodyElements"], 0, "{check}");
        assert_eq!(check["onAttrs"], 0, "no event-handler attributes: {check}");
        assert_eq!(check["badLinks"], json!([]), "only route and http(s) links: {check}");
        let text = check["text"].as_str().unwrap_or("");
        for part in &body_parts {
            assert!(text.contains(part), "{part:?} not shown literally in {text:?}");
        }
        assert!(check["title"].as_str().unwrap_or("").contains(title_part));
        check_spans(&d);
        if query == "harbour" {
            assert!(
                check["title"].as_str().unwrap_or("").contains("<script>"),
                "title shown literally: {check}"
            );
            for odd in ["\u{202E}", "\u{200D}", "\u{1F468}", "\u{1F1F5}"] {
                assert!(text.contains(odd), "{odd:?} kept in the text");
            }
            d.screenshot(&shots.join("ui-hostile.png"));
        } else {
            // The feed reader drops the item's javascript: link (diagnostic I004), so the
            // source shown is the feed file, as text, never as a link.
            let source = check["source"].as_str().unwrap_or("");
            assert!(source.ends_with("ferry-feed.xml"), "{check}");
            assert_eq!(check["sourceLinks"], 0, "{check}");
            // Whatever URL reaches the source cell, only an absolute http(s) one becomes a link.
            let urls = d.script(
                "return import('./dom.js').then((m) => ['javascript:window.__pwned=1',
                   'data:text/html,x', '/relative', 'https://wire.example/a']
                   .map((u) => { const e = m.externalLink(u); return [e.tagName, e.getAttribute('href')]; }));",
            );
            let want = json!([
                ["SPAN", null],
                ["SPAN", null],
                ["SPAN", null],
                ["A", "https://wire.example/a"]
            ]);
            assert_eq!(urls, want, "{urls}");
        }
    }

    // 7. The other views render (and the map and graph draw something).
    for (route, js) in [
        ("#/timeline", "return document.querySelectorAll('.tl-item').length"),
        ("#/map", "return document.querySelector('svg.map path.land') && document.querySelectorAll('svg.map circle.place-dot').length"),
        ("#/graph", "return document.querySelectorAll('svg.graph a.node').length"),
        ("#/entities", "return document.querySelectorAll('table.table tbody tr').length"),
        ("#/quotes", "return document.querySelectorAll('.quote-list .quote-card').length"),
    ] {
        d.goto(&format!("{base}{route}"));
        let n = d.wait_for(route, js);
        println!("{route}: {n} items");
        let name = route.trim_start_matches("#/");
        d.screenshot(&shots.join(format!("ui-{name}.png")));
    }

    // Clicking a place on the map lists the places around it.
    d.goto(&format!("{base}#/map"));
    d.wait_for("map places", "return document.querySelectorAll('svg.map circle.place-dot').length");
    d.script("document.querySelector('svg.map circle.place-dot').dispatchEvent(new MouseEvent('click', { bubbles: true })); return true;");
    let listed = d.wait_for(
        "places near the click",
        "return document.querySelectorAll('.map-selection li a').length",
    );
    println!("map click lists {listed} places");

    // A facet refines the search: the filter goes into the URL and shows as a chip.
    d.goto(&format!("{base}#/search?q=Phommavong"));
    d.wait_for("search results", "return !document.querySelector('main[aria-busy]') && document.querySelector('#results-title') !== null && document.querySelectorAll('a.result').length");
    let before = d.find("a.result").len();
    let facet = d.find(".facets a[href*='entity=']");
    assert!(!facet.is_empty(), "entity facets");
    d.click(&facet[0]);
    d.wait_for("refined results", "return location.hash.includes('entity=') && !document.querySelector('main[aria-busy]') && document.querySelector('.chips .chip') !== null");
    let after = d.find("a.result").len();
    println!("facet refine: {before} -> {after} results");
    assert!(after >= 1 && after <= before, "{before} -> {after}");

    // A narrow window: one column, nothing wider than the window.
    d.cmd("POST", "/window/rect", Some(json!({ "width": 420, "height": 800 })));
    d.goto(&format!("{base}#/doc/{}", first_id(port, "Mekong")));
    d.wait_for("the article body", "return document.querySelector('#doc-body .mark-ent') !== null");
    let overflow = d.script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    assert_eq!(overflow, 0, "horizontal overflow on a narrow window");
    d.screenshot(&shots.join("ui-article-narrow.png"));

    // No Content-Security-Policy violations or script errors in the console.
    let logs = http(
        dport,
        "POST",
        &format!("/session/{}/se/log", d.session),
        Some(&json!({ "type": "browser" })),
        Duration::from_secs(10),
    );
    if let Ok(r) = logs {
        if r.status == 200 {
            let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
            let bad: Vec<String> = v["value"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| e["level"] == "SEVERE")
                .filter_map(|e| e["message"].as_str().map(str::to_string))
                .filter(|m| !m.contains("favicon.ico"))
                .collect();
            println!("browser console errors: {bad:?}");
            assert!(bad.is_empty(), "console errors: {bad:?}");
        }
    }
    drop(kids);
}

/// The id of the first search result whose title contains `word`, from the API.
fn first_id(port: u16, word: &str) -> String {
    let v = get_json(port, &format!("/api/search?q={word}"));
    v["items"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no search result for {word}: {v}"))
        .to_string()
}

/// Every inline mark's text equals the `text` of the span it came from.
fn check_spans(d: &Driver) {
    let r = d.cmd(
        "POST",
        "/execute/async",
        Some(json!({ "args": [], "script":
            "const done = arguments[arguments.length - 1];
             const id = decodeURIComponent(location.hash.split('/')[2] || '');
             fetch('/api/documents/' + encodeURIComponent(id)).then((r) => r.json()).then((j) => {
               const doc = j.document;
               const bad = [];
               let checked = 0;
               const check = (key, want) => {
                 const got = [...document.querySelectorAll('#doc-body [data-ann]')]
                   .filter((e) => e.getAttribute('data-ann') === key)
                   .map((e) => e.textContent).join('');
                 checked++;
                 if (got !== want) bad.push([key, want, got]);
               };
               doc.entities.forEach((e, i) => check('ent-' + i, e.text));
               doc.timexes.forEach((t, i) => check('timex-' + i, t.text));
               doc.places.forEach((p, i) => check('place-' + i, p.text));
               doc.quotes.forEach((q, i) => { check('quote-' + i, q.text); if (q.speaker) check('speaker-' + i, q.speaker.text); });
               done({ checked, bad });
             }).catch((e) => done({ checked: 0, bad: [String(e)] }));" })),
    );
    println!("spans checked: {}", r["checked"]);
    assert!(r["checked"].as_u64().unwrap_or(0) > 0, "{r}");
    assert_eq!(r["bad"], json!([]), "marks that do not match their span: {r}");
}
